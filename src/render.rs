//! Templates: loading the Tera templates and the stylesheet, and rendering
//! view models into pages.
//!
//! The defaults live in `templates/` and are embedded in the binary, so a
//! site needs only a content folder. A templates folder given to the build
//! overrides any of them file by file, and may add partials of its own.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Diagnostic, Location};

/// The templates broadside renders, with their embedded defaults.
const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("story.html", include_str!("../templates/story.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("partials/head.html", include_str!("../templates/partials/head.html")),
    ("partials/share.html", include_str!("../templates/partials/share.html")),
    ("partials/more_from.html", include_str!("../templates/partials/more_from.html")),
    ("atom.xml", include_str!("../templates/atom.xml")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
];

const DEFAULT_STYLESHEET: &str = include_str!("../templates/style.css");

/// The default templates and stylesheet, for `broadside init`.
pub fn default_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    DEFAULTS.iter().copied().chain(std::iter::once(("style.css", DEFAULT_STYLESHEET)))
}

/// Compiled templates and the stylesheet they inline.
pub struct Templates {
    tera: tera::Tera,
    /// Where each template came from, for error messages.
    origins: Vec<(String, PathBuf, String)>,
    pub stylesheet: String,
    /// The `sha256-…` source expression of the stylesheet, for the CSP.
    pub stylesheet_hash: String,
}

impl Templates {
    /// Loads the templates from `dir` where it has them, else the defaults.
    pub fn load(dir: Option<&Path>) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: Vec<(String, PathBuf, String)> = Vec::new();
        let mut errors = Vec::new();
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|e| {
                Diagnostic::error(format!("cannot read the template: {e}"))
                    .in_file(path)
                    .help("templates must be UTF-8 text files")
            })
        };
        for (name, default) in DEFAULTS {
            let custom = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            match custom {
                Some(path) => match read(&path) {
                    Ok(text) => sources.push((name.to_string(), path, text)),
                    Err(d) => errors.push(d),
                },
                None => sources.push((name.to_string(), PathBuf::from(format!("(built-in) {name}")), default.to_string())),
            }
        }
        if let Some(dir) = dir {
            for path in extra_templates(dir) {
                let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                if !sources.iter().any(|(n, _, _)| *n == name) {
                    match read(&path) {
                        Ok(text) => sources.push((name, path, text)),
                        Err(d) => errors.push(d),
                    }
                }
            }
        }
        let stylesheet = match dir.map(|d| d.join("style.css")).filter(|p| p.is_file()) {
            Some(path) => read(&path).unwrap_or_else(|d| {
                errors.push(d);
                String::new()
            }),
            None => DEFAULT_STYLESHEET.to_string(),
        };
        let mut tera = tera::Tera::default();
        tera.set_escape_fn(escape_html);
        // Each template is added alone first, so a syntax error names its file.
        for (name, path, text) in &sources {
            if let Err(e) = tera::Template::new(name, None, text) {
                errors.push(template_error(&e, path, text));
            }
        }
        if errors.is_empty()
            && let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, _, t)| (n.as_str(), t.as_str())))
        {
            errors.push(Diagnostic::error(chain(&e)).help("check the names in {% extends %}, {% include %} and {% import %}"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let digest = Sha256::digest(stylesheet.as_bytes());
        let stylesheet_hash = format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest));
        Ok(Templates { tera, origins: sources, stylesheet, stylesheet_hash })
    }

    /// Renders template `name` with `context`.
    pub fn render<C: Serialize>(&self, name: &str, context: &C) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(context)
            .map_err(|e| Diagnostic::error(format!("internal error building the template context: {e}")))?;
        self.tera.render(name, &context).map_err(|e| self.render_error(name, &e))
    }

    fn render_error(&self, name: &str, e: &tera::Error) -> Diagnostic {
        let message = chain(e);
        // Tera names the template it was rendering when it failed, which may
        // be a parent or an include of `name`.
        let failing = self
            .origins
            .iter()
            .filter(|(n, _, _)| message.contains(&format!("'{n}'")))
            .max_by_key(|(n, _, _)| n.len())
            .or_else(|| self.origins.iter().find(|(n, _, _)| n == name));
        let mut d = Diagnostic::error(format!("template error: {message}"));
        if let Some((_, path, text)) = failing {
            d = d.in_file(path);
            // Point at the first use of the missing variable, when there is one.
            if let Some(var) = between(&message, "Variable `", "` not found") {
                if let Some(offset) = text.find(var) {
                    d = d.at(Location::at_offset(text, offset, 1));
                }
                d = d.help(format!(
                    "`{var}` is not defined here; check its spelling, or guard it with {{% if {var} %}}…{{% endif %}} or `{var} | default(value=\"\")`"
                ));
            }
        }
        d
    }
}

fn extra_templates(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html" || e == "xml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A Tera error with its causes, on one line.
fn chain(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn between<'t>(text: &'t str, start: &str, end: &str) -> Option<&'t str> {
    let from = text.find(start)? + start.len();
    let to = from + text[from..].find(end)?;
    Some(&text[from..to])
}

/// A template syntax error, at the line and column Tera's parser gives.
fn template_error(e: &tera::Error, path: &Path, text: &str) -> Diagnostic {
    let message = chain(e);
    let mut d = Diagnostic::error("template syntax error").in_file(path);
    // The parser's message looks like "... --> 3:5 ... = expected ...".
    if let Some(pos) = between(&message, "--> ", "\n") {
        let mut parts = pos.trim().split(':').filter_map(|n| n.parse::<usize>().ok());
        if let (Some(line), Some(column)) = (parts.next(), parts.next()) {
            d = d.at(Location::at_line(text, line, column));
        }
    }
    let expected = message.lines().find_map(|l| l.trim().strip_prefix("= ")).unwrap_or("");
    if !expected.is_empty() {
        d.message = format!("template syntax error: {expected}");
    }
    d.help("see the Tera documentation for the template syntax; every {{ needs }}, every {% block %} an {% endblock %}")
}

/// HTML escaping for template output: `&`, `<`, `>` and `"`, and not `/`,
/// which Tera's default escapes needlessly. Templates quote attributes with `"`.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    pulldown_cmark_escape::escape_html(&mut out, input).ok();
    out
}
