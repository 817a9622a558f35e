//! Templates: loading the Tera templates and the stylesheet, and rendering
//! view models into pages.
//!
//! The defaults live in `templates/` and are embedded in the binary, so a
//! site needs only a content folder. A templates folder given to the build
//! overrides any of them file by file, and may add partials of its own.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Diagnostic, Location};

/// The templates broadside renders, with their embedded defaults.
const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("story.html", include_str!("../templates/story.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("tag.html", include_str!("../templates/tag.html")),
    ("tags.html", include_str!("../templates/tags.html")),
    ("author.html", include_str!("../templates/author.html")),
    ("archive.html", include_str!("../templates/archive.html")),
    (
        "partials/listing.html",
        include_str!("../templates/partials/listing.html"),
    ),
    (
        "partials/paging_links.html",
        include_str!("../templates/partials/paging_links.html"),
    ),
    (
        "partials/head.html",
        include_str!("../templates/partials/head.html"),
    ),
    (
        "partials/share.html",
        include_str!("../templates/partials/share.html"),
    ),
    (
        "partials/more_from.html",
        include_str!("../templates/partials/more_from.html"),
    ),
    ("atom.xml", include_str!("../templates/atom.xml")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
    ("card.svg", include_str!("../templates/card.svg")),
    ("redirect.html", include_str!("../templates/redirect.html")),
    ("404.html", include_str!("../templates/404.html")),
];

const DEFAULT_STYLESHEET: &str = include_str!("../templates/style.css");

/// The default templates and stylesheet, for `broadside init`.
pub fn default_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    DEFAULTS
        .iter()
        .copied()
        .chain(std::iter::once(("style.css", DEFAULT_STYLESHEET)))
}

/// Which of the optional templates a site needs.
#[derive(Debug, Clone, Copy)]
pub struct Needs {
    /// `index.html` and the other listing pages (tags, archive), for a
    /// site of several stories.
    pub front_page: bool,
    /// `atom.xml`, `sitemap.xml`, `card.svg` (the share card of a story
    /// with no photo) and `404.html`, for a site with a base URL.
    pub feeds: bool,
}

impl Needs {
    pub fn all() -> Needs {
        Needs {
            front_page: true,
            feeds: true,
        }
    }

    fn wants(&self, name: &str) -> bool {
        match name {
            "index.html"
            | "tag.html"
            | "tags.html"
            | "author.html"
            | "archive.html"
            | "partials/listing.html"
            | "partials/paging_links.html" => self.front_page,
            "atom.xml" | "sitemap.xml" | "card.svg" | "404.html" => self.feeds,
            _ => true,
        }
    }
}

/// Compiled templates and the stylesheet they inline.
pub struct Templates {
    tera: tera::Tera,
    /// Each template's name, file and text, for error messages.
    origins: Vec<(String, PathBuf, String)>,
    pub stylesheet: String,
    /// The `'sha256-…'` source expression of the stylesheet, for the CSP.
    pub stylesheet_hash: String,
    /// Each template rendered and the data it got, for the test of the
    /// variables' reference (`page/variables_tests.rs`).
    #[cfg(test)]
    pub(crate) seen: std::sync::Mutex<Vec<(String, serde_json::Value)>>,
}

impl Templates {
    /// Loads the templates from `dir` where it has them, else the defaults.
    pub fn load(dir: Option<&Path>) -> Result<Templates, Vec<Diagnostic>> {
        Self::load_for(dir, Needs::all())
    }

    /// Loads the templates a site needs. Compiling a template is most of
    /// the cost of building one story, so the front page and feed templates
    /// are left out when the site has no use for them.
    pub fn load_for(dir: Option<&Path>, needs: Needs) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: Vec<(String, PathBuf, String)> = Vec::new();
        let mut errors = Vec::new();
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|e| {
                Diagnostic::error(format!("cannot read the template: {e}"))
                    .in_file(path)
                    .help("templates must be UTF-8 text files")
            })
        };
        for (name, default) in DEFAULTS.iter().filter(|(name, _)| needs.wants(name)) {
            let custom = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            match custom {
                Some(path) => match read(&path) {
                    Ok(text) => sources.push((name.to_string(), path, text)),
                    Err(d) => errors.push(d),
                },
                None => sources.push((
                    name.to_string(),
                    PathBuf::from(format!("(built-in) {name}")),
                    default.to_string(),
                )),
            }
        }
        if let Some(dir) = dir {
            for path in template_files(dir) {
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let known = DEFAULTS.iter().any(|(n, _)| *n == name);
                if !known {
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
        let mut tera = tera::Tera::new();
        if errors.is_empty()
            && let Err(e) =
                tera.add_raw_templates(sources.iter().map(|(n, _, t)| (n.as_str(), t.as_str())))
        {
            errors.extend(syntax_errors(&e, &sources));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Emitted and hashed without surrounding whitespace: validators trim
        // a <style> element's text before hashing it, browsers do not.
        let stylesheet = stylesheet.trim().to_string();
        let stylesheet_hash = crate::csp::hash(&stylesheet);
        Ok(Templates {
            tera,
            origins: sources,
            stylesheet,
            stylesheet_hash,
            #[cfg(test)]
            seen: Default::default(),
        })
    }

    /// Renders template `name` with `context`.
    pub fn render<C: Serialize>(&self, name: &str, context: &C) -> Result<String, Diagnostic> {
        #[cfg(test)]
        if let (Ok(mut seen), Ok(value)) = (self.seen.lock(), serde_json::to_value(context)) {
            seen.push((name.to_string(), value));
        }
        let context = tera::Context::from_serialize(context).map_err(|e| {
            Diagnostic::error(format!("internal error building the template context: {e}"))
        })?;
        self.tera.render(name, &context).map_err(|e| {
            let d = diagnose(&e, &self.origins, "template error");
            let missing = between(&d.message, "Variable `", "`").or_else(|| between(&d.message, "Field `", "`"));
            match missing.map(str::to_string) {
                Some(var) => d.help(format!(
                    "`{var}` is not defined here: check its spelling (docs/templates.md lists the data templates get), \
                     or guard it with {{% if {var} is defined %}}…{{% endif %}}"
                )),
                None => d.help("check the expression at this place in the template"),
            }
        })
    }
}

const SYNTAX_HELP: &str = "see the Tera 2 documentation for the syntax: every {{ needs its }}, every {% block %} its {% endblock %}, \
     and {% extends %} / {% include %} must name a template that exists";

/// Every template's syntax error, each at its file, line and column, when
/// compiling them together failed with `e` (which names only the first);
/// else `e` itself (a parent or an included template that is missing).
fn syntax_errors(e: &tera::Error, sources: &[(String, PathBuf, String)]) -> Vec<Diagnostic> {
    let each: Vec<Diagnostic> = sources
        .iter()
        .filter_map(|(name, _, text)| {
            let e = tera::Tera::new().add_raw_template(name, text).err()?;
            matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
                .then(|| diagnose(&e, sources, "template syntax error").help(SYNTAX_HELP))
        })
        .collect();
    if each.is_empty() {
        vec![diagnose(e, sources, "template syntax error").help(SYNTAX_HELP)]
    } else {
        each
    }
}

/// A Tera error as a diagnostic at the template file, line and column.
fn diagnose(e: &tera::Error, origins: &[(String, PathBuf, String)], what: &str) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let origin = origins.iter().find(|(n, _, _)| n == report.filename());
            let mut d = Diagnostic::error(format!("{what}: {}", report.message()));
            if let Some((_, path, text)) = origin {
                let span = report.span();
                d = d.in_file(path).at(Location::at_line(
                    text,
                    span.start_line,
                    span.start_col + 1,
                ));
            } else if !report.filename().is_empty() {
                d = d.in_file(report.filename());
            }
            d
        }
        _ => Diagnostic::error(format!("{what}: {}", chain(e))),
    }
}

/// The folder of a templates folder that holds `broadside serve`'s own
/// pages (`templates/serve/` in this repository); embedded in the binary by
/// the server, they are not templates of the site.
const SERVE_PAGES: &str = "serve";

/// Every template file (`.html`, `.xml`) under `dir`, sorted.
pub fn template_files(dir: &Path) -> Vec<PathBuf> {
    let serve_pages = |e: &walkdir::DirEntry| {
        e.depth() == 1 && e.file_type().is_dir() && e.file_name() == SERVE_PAGES
    };
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| !serve_pages(e))
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .filter(|path| path.extension().is_some_and(|e| e == "html" || e == "xml"))
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_story_site_compiles_no_listing_template() {
        let one = Needs {
            front_page: false,
            feeds: false,
        };
        for name in [
            "index.html",
            "tag.html",
            "tags.html",
            "archive.html",
            "partials/listing.html",
            "partials/paging_links.html",
        ] {
            assert!(!one.wants(name) && Needs::all().wants(name), "{name}");
        }
        assert!(one.wants("story.html"));
    }
}
