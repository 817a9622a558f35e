//! The listing pages of a many-story site: the front page and its
//! `page/2/`, `page/3/`…; a page per taxonomy (`tags/`, `categories/`)
//! listing its terms with their counts, and a page per term
//! (`tags/<slug>/`, paged, with its own Atom feed when the site has a base
//! URL); and the archive (`archive/`, every year, and `archive/<year>/`).
//!
//! Every listing page holds at most `[front] per_page` stories (the year
//! pages, titles and dates only, [`ARCHIVE_PER_PAGE`]), so no page grows
//! with the site. Links are relative and end in `index.html`, so the site
//! works from `file://` too.
//!
//! This file works out what the listings hold (taxonomies, paging, feeds);
//! `site/listings.rs` renders them with the site's stories.

use std::collections::BTreeMap;

use crate::content::Story;
use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::output::OutputFile;
use crate::page::{self, Chrome, Feed, FeedEntry, LinkView, Paging, SiteView};
use crate::render::Templates;

/// Stories on each page of a year of the archive.
pub(crate) const ARCHIVE_PER_PAGE: usize = 100;

/// The folder of the archive.
pub(crate) const ARCHIVE: &str = "archive/";

/// A term of a taxonomy (a tag) and its stories, newest first.
#[derive(Debug)]
pub(crate) struct Term {
    /// The name as first written, newest story first.
    pub name: String,
    pub slug: String,
    /// Indices into the site's stories.
    pub stories: Vec<usize>,
}

/// A taxonomy (`tags`, `categories`) and its terms, ordered by slug. Terms
/// whose names slug alike (`Rust`, `rust`) are one term.
#[derive(Debug)]
pub(crate) struct Taxonomy {
    pub name: String,
    pub slug: String,
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// The term named `name`, by its slug.
    pub(crate) fn term(&self, name: &str) -> Option<&Term> {
        let slug = term_slug(name);
        self.terms
            .binary_search_by(|t| t.slug.cmp(&slug))
            .ok()
            .and_then(|i| self.terms.get(i))
    }
}

/// The taxonomies of `stories` (in site order, newest first): `tags`, and
/// every other of the front matter's `[taxonomies]` (Jekyll's `categories`).
pub(crate) fn taxonomies(stories: &[Story]) -> Vec<Taxonomy> {
    let mut found: BTreeMap<&str, BTreeMap<String, Term>> = BTreeMap::new();
    for (i, story) in stories.iter().enumerate() {
        let tags = std::iter::once(("tags", &story.front.tags));
        let others = story
            .front
            .taxonomies
            .iter()
            .filter(|(name, _)| *name != "tags")
            .map(|(n, t)| (n.as_str(), t));
        for (taxonomy, names) in tags.chain(others) {
            for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
                let slug = term_slug(name);
                let term = found
                    .entry(taxonomy)
                    .or_default()
                    .entry(slug.clone())
                    .or_insert_with(|| Term {
                        name: name.to_string(),
                        slug,
                        stories: Vec::new(),
                    });
                if term.stories.last() != Some(&i) {
                    term.stories.push(i);
                }
            }
        }
    }
    found
        .into_iter()
        .filter(|(_, terms)| !terms.is_empty())
        .map(|(name, terms)| Taxonomy {
            slug: term_slug(name),
            name: name.to_string(),
            terms: terms.into_values().collect(),
        })
        .collect()
}

/// A term's folder name: its slug, or its bytes in hex when it has no
/// letter or digit a slug keeps.
pub(crate) fn term_slug(name: &str) -> String {
    let slug = slug::slugify(name);
    if slug.is_empty() {
        name.bytes().map(|b| format!("{b:02x}")).collect()
    } else {
        slug
    }
}

/// The folder of page `n` (from 1) of the listing in `folder`.
pub(crate) fn page_path(folder: &str, n: usize) -> String {
    if n <= 1 {
        folder.to_string()
    } else {
        format!("{folder}page/{n}/")
    }
}

/// Where page `n` of `pages` is, with relative links to its neighbours.
pub(crate) fn paging(folder: &str, n: usize, pages: usize) -> Paging {
    let root = page::root_of(&page_path(folder, n));
    let link = |m: usize| format!("{root}{}index.html", page_path(folder, m));
    Paging {
        current: n,
        pages,
        prev: (n > 1).then(|| link(n - 1)),
        next: (n < pages).then(|| link(n + 1)),
    }
}

/// What every listing page is made with.
pub(crate) struct Kit<'k> {
    pub site: &'k SiteView<'k>,
    pub templates: &'k Templates,
    /// The page chrome for a root, "More from" links, a policy and a language.
    pub chrome: &'k dyn Fn(String, Vec<LinkView>, String, &Lang) -> Chrome<'k>,
    /// The site's language: listing pages are in it.
    pub lang: &'k Lang,
    /// The stylesheet of listing pages.
    pub stylesheet: &'k str,
    /// The policy of a page without JSON-LD.
    pub policy: String,
    /// Whether to render the file at a path (every page is asked about).
    pub wants: &'k (dyn Fn(&str) -> bool + Sync),
    /// Takes each file as soon as it is rendered.
    pub put: &'k (dyn Fn(OutputFile) + Sync),
}

impl<'k> Kit<'k> {
    pub(crate) fn chrome_at(&self, root: String, more_from: Vec<LinkView>) -> Chrome<'k> {
        let mut chrome = (self.chrome)(root, more_from, self.policy.clone(), self.lang);
        chrome.stylesheet = std::borrow::Cow::Borrowed(self.stylesheet);
        chrome
    }
}

/// The files written and the errors met.
/// The errors of the listing pages rendered so far.
pub(crate) type Output = Vec<Diagnostic>;

/// What a list of stories is made into: an Atom feed, with each story's
/// whole text or only its summary, or the sitemap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeedKind {
    Full,
    Summaries,
    Sitemap,
}

/// The Atom feed of `stories`, for the page in `folder`: each dated story
/// with its whole text for [`FeedKind::Full`], else its summary. An
/// undated story is left out (a feed reader would file it under 1970), but
/// for the sitemap, where it has no `updated` (no `<lastmod>`).
pub(crate) fn feed_of<'a>(
    site: &'a SiteView<'a>,
    (base, folder): (&str, &str),
    title: String,
    stories: &[&'a Story],
    (epoch, kind): (i64, FeedKind),
) -> Feed<'a> {
    let fallback = chrono::DateTime::from_timestamp(epoch, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let changed = |s: &Story| {
        s.front.date.map(|date| match s.news.modified {
            Some(m) if m.timestamp() > date.timestamp() => m,
            _ => date,
        })
    };
    let entries: Vec<FeedEntry<'a>> = stories
        .iter()
        .filter(|s| s.front.date.is_some() || kind == FeedKind::Sitemap)
        .map(|s| {
            let url = format!("{base}{}", s.url_path);
            let content = (kind == FeedKind::Full).then(|| {
                s.news
                    .feed_content
                    .get_or_init(|| crate::newsroom::feed::content(&s.body.html, &url))
                    .clone()
            });
            FeedEntry {
                title: &s.front.title,
                content,
                url,
                summary: page::meta_description(s),
                published: s.front.date.map(|d| d.rfc3339()),
                updated: changed(s).map(|d| d.rfc3339()).unwrap_or_default(),
                authors: s.news.authors.iter().map(|a| a.name.clone()).collect(),
            }
        })
        .collect();
    let updated = stories
        .iter()
        .filter_map(|s| changed(s))
        .max_by_key(|d| d.timestamp())
        .map_or(fallback, |d| d.rfc3339());
    Feed {
        site,
        feed_url: format!("{base}{folder}atom.xml"),
        page_url: format!("{base}{folder}"),
        title,
        updated,
        entries,
        pages: Vec::new(),
    }
}

pub(crate) fn push(
    kit: &Kit<'_>,
    out: &mut Output,
    path: String,
    result: Result<String, Diagnostic>,
) {
    match result {
        Ok(text) => (kit.put)(OutputFile {
            path,
            bytes: text.into_bytes(),
        }),
        Err(d) => out.push(d),
    }
}

/// `categories` as `Categories`.
pub(crate) fn title_case(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_to_their_neighbours() {
        assert_eq!(page_path("", 1), "");
        assert_eq!(page_path("tags/rust/", 3), "tags/rust/page/3/");
        let p = paging("", 2, 3);
        assert_eq!(p.prev.as_deref(), Some("../../index.html"));
        assert_eq!(p.next.as_deref(), Some("../../page/3/index.html"));
        let first = paging("tags/rust/", 1, 1);
        assert_eq!((first.prev, first.next), (None, None));
    }

    #[test]
    fn term_slugs() {
        assert_eq!(term_slug("Rust Lang"), "rust-lang");
        assert_eq!(term_slug("C++"), "c");
        assert_eq!(term_slug("++"), "2b2b");
    }
}
