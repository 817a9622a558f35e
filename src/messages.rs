//! Everything broadside prints: diagnostics, the one-line summaries, the
//! lists `--verbose` asks for, the progress bar and what `serve` reports.
//! Colours and `--quiet`/`--verbose` are decided here and nowhere else.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use broadside::check::Findings;
use broadside::{BuildFailure, Built, Diagnostic};

use crate::cli::Verbosity;

/// The terminal, as the person running broadside asked it to be used.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Console {
    verbosity: Verbosity,
    /// Colours on stderr: only on a terminal, never with `NO_COLOR`.
    color: bool,
}

impl Console {
    pub(crate) fn new(verbosity: Verbosity) -> Console {
        let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stderr().is_terminal();
        Console { verbosity, color }
    }

    /// Prints diagnostics to stderr; warnings are left out with `--quiet`.
    pub(crate) fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        for d in diagnostics
            .iter()
            .filter(|d| d.is_error() || !self.verbosity.quiet)
        {
            eprintln!("{}", d.render(self.color));
        }
    }

    /// A problem found before any command could run (a missing folder).
    pub(crate) fn error(&self, d: &Diagnostic) {
        self.diagnostics(std::slice::from_ref(d));
    }

    pub(crate) fn build_failed(&self, failure: &BuildFailure) {
        self.diagnostics(&failure.diagnostics);
        eprintln!(
            "build failed: {}; nothing was written",
            plural(failure.errors().count(), "error")
        );
    }

    /// After a build: its warnings, with `--verbose` every file written and
    /// everything left out, then one line saying what was written.
    pub(crate) fn built(&self, out: &Path, built: &Built, milliseconds: f64) {
        self.diagnostics(&built.warnings);
        if self.verbosity.verbose {
            for file in &built.written {
                eprintln!(
                    "  {} ({} bytes)",
                    out.join(&file.path).display(),
                    file.bytes
                );
            }
            for skipped in &built.skipped {
                eprintln!(
                    "not built: {}: {} ({} builds it)",
                    skipped.path.display(),
                    skipped.why,
                    skipped.why.flag()
                );
            }
            for unused in &built.unused {
                eprintln!("not used: {}: {}", unused.path.display(), unused.why);
            }
            for path in &built.not_in_feeds {
                eprintln!(
                    "not in the feeds: {}: it has no date (give it a `date` to list it)",
                    path.display()
                );
            }
            let work = built.image_work;
            eprintln!(
                "images: {} processed, {} from the cache",
                work.processed, work.cached
            );
        }
        if self.verbosity.quiet {
            return;
        }
        if let Some(summary) = &built.unchanged {
            let what = plural(summary.files, "file");
            println!(
                "{} is up to date: nothing changed since the last build ({what}, {} bytes; checked in {milliseconds:.1} ms)",
                out.display(),
                summary.bytes
            );
            return;
        }
        let what = match built.written.as_slice() {
            [only] => out.join(&only.path).display().to_string(),
            files => {
                let others = files.len() - built.pages;
                let others = if others == 0 {
                    String::new()
                } else {
                    format!(" and {}", plural(others, "other file"))
                };
                format!(
                    "{}{others} to {}",
                    plural(built.pages, "page"),
                    out.display()
                )
            }
        };
        println!(
            "wrote {what}: {} bytes in {milliseconds:.1} ms{}",
            built.bytes(),
            self.left_out(built)
        );
    }

    /// What the success line adds when stories or files were left out.
    fn left_out(&self, built: &Built) -> String {
        let mut parts = Vec::new();
        if !built.skipped.is_empty() {
            parts.push(format!(
                "{} not built",
                plural_of(built.skipped.len(), "story", "stories")
            ));
        }
        if !built.unused.is_empty() {
            parts.push(format!("{} not used", plural(built.unused.len(), "file")));
        }
        match (parts.is_empty(), self.verbosity.verbose) {
            (true, _) => String::new(),
            (false, true) => format!(" ({})", parts.join(", ")),
            (false, false) => format!(" ({}; --verbose names them)", parts.join(", ")),
        }
    }

    /// `check`'s report. Returns whether it found a problem: an error, or
    /// a warning (check is strict: each is something to fix).
    pub(crate) fn checked(&self, findings: &Findings) -> bool {
        if self.verbosity.verbose {
            for page in &findings.pages {
                eprintln!("checked {page}");
            }
        }
        // Every finding fails the check, so every one is shown, --quiet too.
        for d in &findings.diagnostics {
            eprintln!("{}", d.render(self.color));
        }
        let (errors, warnings) = (findings.errors(), findings.warnings());
        let pages = plural(findings.pages.len(), "page");
        if errors + warnings > 0 {
            let what = if findings.built {
                format!("checked {pages}")
            } else {
                "the site does not build".to_string()
            };
            eprintln!(
                "check failed: {what}: {}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            );
            return true;
        }
        if !self.verbosity.quiet {
            println!("checked {pages}: no problems found");
        }
        false
    }

    pub(crate) fn initialised(&self, dir: &Path, written: &[PathBuf]) {
        if self.verbosity.verbose {
            for path in written {
                eprintln!("  {}", path.display());
            }
        }
        if self.verbosity.quiet {
            return;
        }
        let shown = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        println!(
            "made a new site in {}: {} files",
            shown.display(),
            written.len()
        );
        println!("  content/story.md   the story: edit it, or replace it with yours");
        println!("  content/site.toml  the outlet's settings, each explained");
        println!("  templates/         the page templates and stylesheet, to change the design");
        let cd = if shown == Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", shown.display())
        };
        println!("next: {cd}broadside serve   (a preview that reloads as you write)");
    }

    /// `broadside new`: the new story's path, alone on stdout, so a script
    /// can open it (`$EDITOR "$(broadside new "Title")"`).
    pub(crate) fn story_started(&self, path: &Path, draft: bool) {
        if self.verbosity.quiet {
            return;
        }
        println!("{}", path.display());
        if self.verbosity.verbose && draft {
            eprintln!("  a draft: `broadside build` leaves it out until `draft = true` goes");
        }
    }

    /// `broadside man DIR`: how many pages, where.
    pub(crate) fn man_pages_written(&self, dir: &Path, written: &[String]) {
        if self.verbosity.verbose {
            for file in written {
                eprintln!("  {}", dir.join(file).display());
            }
        }
        if !self.verbosity.quiet {
            println!("wrote {} man pages into {}", written.len(), dir.display());
        }
    }

    /// After `import`: its warnings, with `--verbose` every file written,
    /// then what came in and where the report is.
    pub(crate) fn imported(&self, imported: &broadside::import::wordpress::Imported) {
        self.diagnostics(&imported.warnings);
        if self.verbosity.verbose {
            for path in &imported.written {
                eprintln!("  {}", path.display());
            }
        }
        if self.verbosity.quiet {
            return;
        }
        let c = &imported.counts;
        println!(
            "imported {} and {}; {} skipped, {} not mapped, {} left on the old server, {} not carried over",
            plural_of(c.published, "story", "stories"),
            plural_of(c.drafts, "draft", "drafts"),
            plural_of(c.skipped, "item", "items"),
            plural_of(c.unmapped, "block or shortcode", "blocks or shortcodes"),
            plural_of(c.remote, "file", "files"),
            plural_of(c.comments, "comment", "comments"),
        );
        println!(
            "  every item, and what became of it: {}",
            imported.report.display()
        );
    }

    pub(crate) fn import_failed(&self) {
        eprintln!("import failed: nothing was written");
    }

    pub(crate) fn init_failed(&self, d: &Diagnostic) {
        self.error(d);
        eprintln!("init failed: nothing was overwritten");
    }

    /// A progress bar on stderr for builds of many stories, only on a
    /// terminal and never with `--quiet`.
    pub(crate) fn progress(&self) -> Bar {
        if self.verbosity.quiet || !std::io::stderr().is_terminal() {
            return Bar(indicatif::ProgressBar::hidden());
        }
        let style = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} stories read and rendered",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        // At 10 Hz: a build of one story is over before a bar could be seen.
        Bar(indicatif::ProgressBar::with_draw_target(
            None,
            indicatif::ProgressDrawTarget::stderr_with_hz(10),
        )
        .with_style(style))
    }
}

/// What `broadside serve` reports, as it happens.
impl broadside::serve::Events for Console {
    fn listening(&self, url: &str, exposed: Option<&Diagnostic>) {
        println!("serving {url} (Ctrl-C to stop)");
        // Said even with --quiet: the drafts are open to the network.
        if let Some(d) = exposed {
            eprintln!("{}", d.render(self.color));
        }
    }

    fn changed(&self, paths: &[PathBuf]) {
        if self.verbosity.verbose {
            for path in paths {
                eprintln!("changed: {}", path.display());
            }
        }
    }

    fn built(&self, first: bool, pages: usize, milliseconds: f64, warnings: &[Diagnostic]) {
        self.diagnostics(warnings);
        if !self.verbosity.quiet {
            // Pages are rendered when asked for: this is the site loaded, or brought up to date.
            let what = if first { "loaded" } else { "updated" };
            println!(
                "{what} a site of {} in {milliseconds:.1} ms",
                plural(pages, "page")
            );
        }
    }

    fn failed(&self, diagnostics: &[Diagnostic]) {
        self.diagnostics(diagnostics);
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "build failed: {}; the browser shows them until they are fixed",
            plural(errors, "error")
        );
    }

    fn warning(&self, warning: &Diagnostic) {
        self.error(warning);
    }

    fn answered(&self, method: &str, target: &str, status: Option<u16>) {
        if self.verbosity.verbose {
            let status = status.map_or_else(|| "held".to_string(), |s| s.to_string());
            eprintln!("{method} {target} {status}");
        }
    }

    fn refused(&self, host: &str) {
        let host = host.escape_debug();
        eprintln!(
            "refused a request for `{host}`: not a name of this server (--allow-host {host} allows it)"
        );
    }

    fn trouble(&self, what: &str) {
        eprintln!("{what}");
    }

    fn stopped(&self) {
        if !self.verbosity.quiet {
            println!("stopped");
        }
    }
}

/// The progress bar, as the library sees it.
pub(crate) struct Bar(indicatif::ProgressBar);

impl broadside::Progress for Bar {
    fn total(&self, steps: u64) {
        self.0.set_length(steps);
    }

    fn advance(&self) {
        self.0.inc(1);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// `1 page`, `2 pages`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    plural_of(n, word, &format!("{word}s"))
}

fn plural_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
