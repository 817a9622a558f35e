//! Where every story of the site is published: the map from a story's file
//! to its page, made once every story is placed and before any is
//! rendered, so a story can link to another by its file (Zola's
//! `@/news/post.md`, `./other.md`, Hugo's `ref`, Jekyll's `link` and
//! `post_url`) and show an image of another bundle by a path written
//! against the pages' addresses (`../../2024/05/07/other/chart.svg`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::file_info::{FileInfo, JekyllKind};

/// The site's stories by file, and what `{{ site.url }}` and
/// `{{ site.baseurl }}` stand for.
#[derive(Debug, Default)]
pub struct Addresses {
    /// The content folder, canonical.
    root: PathBuf,
    /// Canonical story file to its page's address (`news/a/`), or None
    /// for a story that is not built (a draft, …).
    pages: HashMap<PathBuf, Option<String>>,
    /// A Jekyll-named file's stem (`2014-05-06-turns-two`) to its file.
    posts: HashMap<String, PathBuf>,
    /// A published page's address to its bundle's folder, for images.
    bundles: HashMap<String, PathBuf>,
    /// A page's addresses, old (aliases, the source generator's) and new,
    /// as written from the root (`2014/09/15/Rust-1.0.html`, `old/`), to
    /// its address.
    old: HashMap<String, String>,
    /// The site's own addresses, whose links to themselves lead to pages
    /// of this one: `https://blog.example.com/news` (and its `http:` twin).
    origins: Vec<String>,
    /// `https://example.com`, from `base_url`; empty without one.
    pub site_url: String,
    /// `/news`, from `base_url`; empty without one or at the host's root.
    pub base_path: String,
}

/// What a story's file is, as a link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A story published at this address.
    Page(String),
    /// A story that this build does not publish (a draft, …).
    NotBuilt,
    /// A file that is not a story (`_index.md`, a collection's document).
    NotAStory,
    /// No such file.
    Missing,
}

impl Addresses {
    /// `root` is the content folder; `base_url` the site's, if it has one.
    pub fn new(root: &Path, base_url: Option<&str>) -> Addresses {
        let (site_url, base_path) = base_url.map(split_base_url).unwrap_or_default();
        Addresses {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            site_url,
            base_path,
            ..Addresses::default()
        }
    }

    /// Takes links to `url` (the old site's, `https://blog.example.com`)
    /// as links to this site.
    pub fn with_origin(mut self, url: &str) -> Addresses {
        let url = url.trim_end_matches('/');
        for url in [url.to_string(), url.replacen("https://", "http://", 1)] {
            if url.contains("://") && !self.origins.contains(&url) {
                self.origins.push(url);
            }
        }
        self
    }

    /// Notes that the page at `url_path` also answers at `old` (a redirect
    /// file: `old/index.html`, `2014/09/15/Rust-1.0.html`).
    pub fn add_old(&mut self, old: &str, url_path: &str) {
        let old = old.strip_suffix("index.html").unwrap_or(old);
        self.old
            .entry(old.to_string())
            .or_insert_with(|| url_path.to_string());
    }

    /// The page a link to the site's own old address leads to, and the
    /// link's `#anchor`: `https://blog.example.com/2014/09/15/Rust-1.0.html#x`
    /// or `/2014/09/15/Rust-1.0.html` gives (`2014/09/15/rust-1-0/`, `#x`).
    pub fn old_page(&self, dest: &str) -> Option<(String, String)> {
        let from_origin = self.origins.iter().find_map(|o| {
            let rest = dest.strip_prefix(o.as_str())?;
            (rest.is_empty() || rest.starts_with(['/', '#', '?'])).then_some(rest)
        });
        let rest = match from_origin {
            Some(rest) => rest,
            None if dest.starts_with('/') && !dest.starts_with("//") => dest
                .strip_prefix(self.base_path.as_str())
                .filter(|r| r.is_empty() || r.starts_with(['/', '#', '?']))
                .unwrap_or(dest),
            None => return None,
        };
        let (path, anchor) = match rest.find('#') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        };
        let path = path.split('?').next().unwrap_or("");
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let path = path.trim_start_matches('/');
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let found = self.old.get(path).or_else(|| {
            if path.ends_with('/') || path.is_empty() {
                None
            } else {
                self.old.get(&format!("{path}/"))
            }
        })?;
        Some((found.clone(), anchor.to_string()))
    }

    /// Adds the story `file`, published at `url_path` (None: not built).
    pub fn add(&mut self, file: &FileInfo, url_path: Option<&str>) {
        let Ok(real) = file.path.canonicalize() else {
            return;
        };
        // A Jekyll-named file (`2014-05-06-turns-two.md`) anywhere is a
        // post `post_url` can name; one in `_posts/` wins a shared name.
        if !file.is_bundle && file.dated_name().is_some() {
            let in_posts = file
                .jekyll
                .as_ref()
                .is_some_and(|j| j.kind == JekyllKind::Post);
            if in_posts || !self.posts.contains_key(&file.name) {
                self.posts.insert(file.name.clone(), real.clone());
            }
        }
        if let Some(url) = url_path
            && file.is_bundle
            && let Some(dir) = real.parent()
        {
            self.bundles.insert(url.to_string(), dir.to_path_buf());
        }
        if let Some(url) = url_path {
            self.old.insert(url.to_string(), url.to_string());
        }
        self.pages.insert(real, url_path.map(str::to_string));
    }

    /// The content folder, canonical.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What the file at `file` is.
    pub fn target(&self, file: &Path) -> Target {
        match file.canonicalize() {
            Ok(real) => match self.pages.get(&real) {
                Some(Some(url)) => Target::Page(url.clone()),
                Some(None) => Target::NotBuilt,
                None if real.is_file() => Target::NotAStory,
                None => Target::Missing,
            },
            Err(_) => Target::Missing,
        }
    }

    /// The first of `candidates` that exists, as a target; Missing when none does.
    pub fn first(&self, candidates: impl IntoIterator<Item = PathBuf>) -> Target {
        candidates
            .into_iter()
            .map(|c| self.target(&c))
            .find(|t| *t != Target::Missing)
            .unwrap_or(Target::Missing)
    }

    /// The Jekyll post named `name` (`2014-05-06-turns-two`, perhaps with
    /// folders before it), as `{% post_url %}` finds it.
    pub fn post(&self, name: &str) -> Target {
        let stem = name.rsplit('/').next().unwrap_or(name);
        match self.posts.get(stem) {
            Some(file) => self.target(file),
            None => Target::Missing,
        }
    }

    /// The file that a path relative to the page at `page_url`
    /// (`../../2024/05/07/other/chart.svg`) names in another bundle, if any.
    pub fn bundle_file(&self, page_url: &str, relative: &str) -> Option<PathBuf> {
        let mut parts: Vec<&str> = page_url.split('/').filter(|s| !s.is_empty()).collect();
        for segment in relative.split('/') {
            match segment {
                ".." => {
                    parts.pop()?;
                }
                "." | "" => {}
                s => parts.push(s),
            }
        }
        // The longest page address that the path starts with.
        (1..parts.len()).rev().find_map(|n| {
            let dir = self.bundles.get(&format!("{}/", parts[..n].join("/")))?;
            let file = parts[n..]
                .iter()
                .fold(dir.clone(), |path, part| path.join(part));
            file.is_file().then_some(file)
        })
    }
}

/// The link from the page at `from` to the page at `to`, with `anchor`
/// (`#…` or empty): relative, so it works from `file://` too.
pub fn link_between(from: &str, to: &str, anchor: &str) -> String {
    format!(
        "{}{to}index.html{anchor}",
        "../".repeat(from.matches('/').count())
    )
}

/// `https://example.com/news/` as (`https://example.com`, `/news`).
fn split_base_url(base_url: &str) -> (String, String) {
    match url::Url::parse(base_url) {
        Ok(url) => {
            let origin = url.origin().ascii_serialization();
            let path = url.path().trim_end_matches('/').to_string();
            (origin, path)
        }
        Err(_) => (String::new(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_split_into_site_url_and_base_path() {
        assert_eq!(
            split_base_url("https://example.com/news/"),
            ("https://example.com".into(), "/news".into())
        );
        assert_eq!(
            split_base_url("https://example.com/"),
            ("https://example.com".into(), String::new())
        );
    }

    #[test]
    fn links_to_old_addresses_lead_to_the_pages() {
        let mut addresses = Addresses::new(Path::new("."), Some("https://example.com/news/"))
            .with_origin("https://blog.example.org/");
        addresses.add_old("2014/09/15/Tide-1.0.html", "2014/09/15/tide-1-0/");
        addresses.add_old("releases/1.0/index.html", "2014/09/15/tide-1-0/");
        let page = |d: &str| addresses.old_page(d);
        let tide = Some(("2014/09/15/tide-1-0/".to_string(), String::new()));
        assert_eq!(
            page("https://blog.example.org/2014/09/15/Tide-1.0.html"),
            tide
        );
        assert_eq!(page("http://blog.example.org/releases/1.0"), tide);
        assert_eq!(page("/news/releases/1.0/index.html"), tide);
        assert_eq!(
            page("/2014/09/15/Tide-1.0.html#why"),
            Some(("2014/09/15/tide-1-0/".into(), "#why".into()))
        );
        assert_eq!(page("https://blog.example.org.evil/releases/1.0"), None);
        assert_eq!(page("https://other.example/releases/1.0"), None);
        assert_eq!(page("/releases/2.0"), None);
    }

    #[test]
    fn links_between_pages_are_relative() {
        assert_eq!(link_between("a/b/", "c/", "#x"), "../../c/index.html#x");
        assert_eq!(link_between("", "c/", ""), "c/index.html");
    }

    #[test]
    fn files_of_other_bundles_by_page_address() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("index.md"), "x").unwrap();
        std::fs::write(other.join("chart.svg"), "x").unwrap();
        let mut addresses = Addresses::new(dir.path(), None);
        let index = FileInfo::new(dir.path(), &other.join("index.md"));
        addresses.add(&index, Some("2024/05/07/other/"));
        let found = addresses.bundle_file(
            "inside/2024/06/01/this/",
            "../../../../../2024/05/07/other/chart.svg",
        );
        assert_eq!(found, Some(other.canonicalize().unwrap().join("chart.svg")));
        assert_eq!(addresses.bundle_file("a/", "../../x.svg"), None);
        assert_eq!(
            addresses.target(&other.join("index.md")),
            Target::Page("2024/05/07/other/".into())
        );
        assert_eq!(
            addresses.target(&other.join("chart.svg")),
            Target::NotAStory
        );
        assert_eq!(addresses.target(&other.join("nope.md")), Target::Missing);
    }
}
