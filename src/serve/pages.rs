//! The server's own pages: a failed build, a page the site does not have,
//! a request for a name that is not the server's. Their templates
//! (`templates/serve/`) are embedded in the binary and their policy comes
//! from [`crate::csp`] like every page's.

use std::sync::LazyLock;

use serde::Serialize;

use crate::csp::{self, Policy};
use crate::error::{Diagnostic, Severity};
use crate::options::LiveReload;
use crate::page::LiveReloadView;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "serve/layout.html",
        include_str!("../../templates/serve/layout.html"),
    ),
    (
        "serve/error.html",
        include_str!("../../templates/serve/error.html"),
    ),
    (
        "serve/404.html",
        include_str!("../../templates/serve/404.html"),
    ),
    (
        "serve/403.html",
        include_str!("../../templates/serve/403.html"),
    ),
    (
        "serve/live_reload.html",
        include_str!("../../templates/serve/live_reload.html"),
    ),
];

/// The pages' stylesheet, and its hash for their policy.
static STYLE: LazyLock<(&str, String)> = LazyLock::new(|| {
    let style = include_str!("../../templates/serve/style.css").trim();
    (style, csp::hash(style))
});

static TERA: LazyLock<tera::Tera> = LazyLock::new(|| {
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(TEMPLATES.iter().copied())
        .expect("the server's page templates compile");
    tera
});

/// What every one of the pages gets.
#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    csp: String,
    style: &'a str,
    live_reload: Option<LiveReloadView<'a>>,
    #[serde(flatten)]
    data: T,
}

fn render<T: Serialize>(name: &str, live_reload: Option<&LiveReload>, data: T) -> String {
    let (style, style_hash) = &*STYLE;
    let reload_hash = csp::hash(LiveReload::SCRIPT);
    let mut policy = Policy::new(style_hash);
    if live_reload.is_some() {
        policy = policy.script(&reload_hash);
    }
    let page = Page {
        csp: policy.to_string(),
        style,
        live_reload: live_reload.map(|l| LiveReloadView {
            endpoint: &l.endpoint,
            tag: &l.tag,
            script: LiveReload::SCRIPT,
        }),
        data,
    };
    tera::Context::from_serialize(&page)
        .and_then(|context| TERA.render(name, &context))
        .unwrap_or_else(|e| format!("internal error rendering {name}: {e}\n"))
}

#[derive(Serialize)]
struct Failure {
    summary: String,
    diagnostics: Vec<DiagnosticView>,
}

#[derive(Serialize)]
struct DiagnosticView {
    level: &'static str,
    message: String,
    /// `file:line:column`, or the file.
    place: Option<String>,
    source: Option<SourceLine>,
    help: Option<String>,
}

/// The line a diagnostic points at, and a `^` under its column.
#[derive(Serialize)]
struct SourceLine {
    number: usize,
    line: String,
    gutter: String,
    marker: String,
}

/// The page shown for every page while the build fails: each diagnostic,
/// and the reload script, so the story comes back by itself once the
/// mistake is fixed.
pub(crate) fn build_failed(diagnostics: &[Diagnostic], live_reload: &LiveReload) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let diagnostics = diagnostics
        .iter()
        .map(|d| DiagnosticView {
            level: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: d.message.clone(),
            place: d.path.as_ref().map(|path| match &d.location {
                Some(loc) => format!("{}:{}:{}", path.display(), loc.line, loc.column),
                None => path.display().to_string(),
            }),
            source: d.location.as_ref().map(|loc| SourceLine {
                number: loc.line,
                line: loc.line_text.replace('\t', " "),
                gutter: " ".repeat(loc.line.to_string().len()),
                marker: " ".repeat(loc.column.saturating_sub(1)),
            }),
            help: d.help.clone(),
        })
        .collect();
    let summary = format!("{errors} error{}", if errors == 1 { "" } else { "s" });
    render(
        "serve/error.html",
        Some(live_reload),
        Failure {
            summary,
            diagnostics,
        },
    )
}

#[derive(Serialize)]
struct NotFound<'a> {
    path: &'a str,
}

/// The page for a page path the site does not have; it reloads with the
/// next build, which may make it.
pub(crate) fn not_found(path: &str, live_reload: &LiveReload) -> String {
    render("serve/404.html", Some(live_reload), NotFound { path })
}

#[derive(Serialize)]
struct Forbidden<'a> {
    host: &'a str,
}

/// The page for a request to `host`, which is not a name of the server.
pub(crate) fn forbidden(host: &str) -> String {
    render("serve/403.html", None, Forbidden { host })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live() -> LiveReload {
        LiveReload {
            endpoint: "/__broadside/events".into(),
            tag: "t-1".into(),
        }
    }

    #[test]
    fn the_error_page_escapes_diagnostics_and_reloads() {
        let d = Diagnostic::error("bad <b>thing</b>")
            .in_file("content/story.md")
            .at(crate::error::Location::at_line(
                "a\n<script>x</script>\n",
                2,
                3,
            ))
            .help("use & not <");
        let page = build_failed(&[d], &live());
        assert!(page.contains("The build failed: 1 error"), "{page}");
        assert!(
            page.contains("error: bad &lt;b&gt;thing&lt;/b&gt;"),
            "{page}"
        );
        assert!(page.contains("content/story.md:2:3"), "{page}");
        assert!(
            page.contains("2 | &lt;script&gt;x&lt;/script&gt;\n  |   ^"),
            "{page}"
        );
        assert!(page.contains("help: use &amp; not &lt;"), "{page}");
        let policy = Policy::new(&STYLE.1)
            .script(&csp::hash(LiveReload::SCRIPT))
            .to_string();
        assert!(
            page.contains(&format!("content=\"{}\"", policy.replace('\'', "&#39;"))),
            "{page}"
        );
        assert!(page.contains(&format!(
            "<script data-since=\"t-1\" data-events=\"/__broadside/events\">{}</script>",
            LiveReload::SCRIPT
        )));
        assert!(page.contains(&format!("<style>{}</style>", STYLE.0)));
    }

    #[test]
    fn the_other_pages_escape_what_they_show() {
        let page = not_found("/<x>.html", &live());
        assert!(
            page.contains("<code>/&lt;x&gt;.html</code>") && page.contains("data-since=\"t-1\""),
            "{page}"
        );
        let page = forbidden("evil.example\"<");
        assert!(
            page.contains("--allow-host evil.example&quot;&lt;"),
            "{page}"
        );
        assert!(
            !page.contains("<script") && !page.contains("script-src"),
            "{page}"
        );
    }
}
