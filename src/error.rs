//! Diagnostics: every problem broadside reports, written for the person who
//! has to fix it.
//!
//! A [`Diagnostic`] names the file, the line and column where there is one,
//! what is wrong and, where it is known, how to fix it. A failed build carries
//! all of them ([`BuildFailure`]), so a writer sees every mistake at once
//! rather than one per run.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How serious a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file, 1-based, with the text of that line so the
/// message can show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub line_text: String,
}

impl Location {
    /// The location of byte `offset` in `text`, whose first line is line
    /// `first_line` of the file.
    pub fn at_offset(text: &str, offset: usize, first_line: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = first_line + text[..line_start].matches('\n').count();
        let column = text[line_start..offset].chars().count() + 1;
        Location {
            line,
            column,
            line_text: text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }

    /// The location of 1-based `line` and `column` in `text`.
    pub fn at_line(text: &str, line: usize, column: usize) -> Self {
        let line_text = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string();
        Location {
            line: line.max(1),
            column: column.max(1),
            line_text,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem found while building.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in, when it is in one.
    pub path: Option<PathBuf>,
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when that is known.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            location: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic for a terminal (with colour) or for a log.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.path.as_ref().map(|p| p.display().to_string());
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        match (&self.location, &path) {
            (Some(loc), _) => {
                let text = shown_part(&loc.line_text, loc.column);
                let col_byte = text
                    .char_indices()
                    .nth(loc.column - 1)
                    .map_or(text.len(), |(i, _)| i);
                let end = text[col_byte..]
                    .chars()
                    .next()
                    .map_or(col_byte, |c| col_byte + c.len_utf8());
                let mut snippet = Snippet::source(text)
                    .line_start(loc.line)
                    .annotation(AnnotationKind::Primary.span(col_byte..end));
                if let Some(p) = &path {
                    snippet = snippet.path(p.as_str());
                }
                group = group.element(snippet);
            }
            (None, Some(p)) => {
                group = group.element(annotate_snippets::Origin::path(p.as_str()));
            }
            (None, None) => {}
        }
        let mut report: Vec<Group<'_>> = vec![group];
        if let Some(help) = &self.help {
            report.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&report).to_string()
    }
}

/// How many characters of the source line are shown after the column.
const SHOWN_AFTER: usize = 160;

/// The part of `line` a diagnostic shows: all of it up to the column, and
/// a little after. Rendering takes time that grows with the line, and the
/// rest of a line of a megabyte shows nothing useful.
fn shown_part(line: &str, column: usize) -> &str {
    match line
        .char_indices()
        .nth(column.saturating_sub(1) + SHOWN_AFTER)
    {
        Some((i, _)) => &line[..i],
        None => line,
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `path:line:column: message (help)`, for logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(loc) = &self.location {
                write!(f, ":{}:{}", loc.line, loc.column)?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// A build that did not produce output, with every diagnostic found (errors
/// and the warnings seen before the build stopped).
#[derive(Debug, Clone)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// A strict build's failure (`--strict`, `strict = true`): every warning
/// made an error, its help saying why.
pub(crate) fn strict(warnings: Vec<Diagnostic>) -> BuildFailure {
    let because =
        "--strict (or strict = true under [build] in site.toml) makes every warning an error";
    warnings
        .into_iter()
        .map(|w| {
            let help = match &w.help {
                Some(help) => format!("{help}; {because}"),
                None => because.to_string(),
            };
            Diagnostic {
                severity: Severity::Error,
                help: Some(help),
                ..w
            }
        })
        .collect::<Vec<_>>()
        .into()
}

impl From<Diagnostic> for BuildFailure {
    fn from(d: Diagnostic) -> Self {
        BuildFailure {
            diagnostics: vec![d],
        }
    }
}

impl From<Vec<Diagnostic>> for BuildFailure {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        BuildFailure { diagnostics }
    }
}

impl fmt::Display for BuildFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildFailure {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_up_to_a_little_past_its_column() {
        let line = "x".repeat(1 << 20);
        let location = Location::at_line(&line, 1, 500_000);
        let d = Diagnostic::warning("w").in_file("s.md").at(location);
        let shown = d.render(false);
        assert!(shown.contains("--> s.md:1:500000"), "{shown}");
        assert!(shown.len() < 2_000, "{}", shown.len());
        assert_eq!(shown_part("short", 3), "short");
        assert_eq!(shown_part(&"é".repeat(400), 1).chars().count(), SHOWN_AFTER);
    }
}
