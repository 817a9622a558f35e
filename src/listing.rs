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
//! `site/listing_pages.rs` renders them with the site's stories.

use std::collections::BTreeMap;

pub(crate) use crate::paths::term_slug;

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

/// The terms `story` is filed under: each taxonomy's name with a term's
/// name as written (trimmed, blank ones left out): its `tags`, and every
/// other of the front matter's `[taxonomies]` (Jekyll's `categories`).
fn named_terms(story: &Story) -> impl Iterator<Item = (&str, &str)> {
    let tags = std::iter::once(("tags", &story.front.tags));
    let others = story
        .front
        .taxonomies
        .iter()
        .filter(|(name, _)| *name != "tags")
        .map(|(n, t)| (n.as_str(), t));
    tags.chain(others).flat_map(|(taxonomy, names)| {
        names
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .map(move |n| (taxonomy, n))
    })
}

/// The taxonomies of `stories` (in site order, newest first): `tags`, and
/// every other of the front matter's `[taxonomies]` (Jekyll's `categories`).
pub(crate) fn taxonomies(stories: &[Story]) -> Vec<Taxonomy> {
    let mut found: BTreeMap<&str, BTreeMap<String, Term>> = BTreeMap::new();
    for (i, story) in stories.iter().enumerate() {
        for (taxonomy, name) in named_terms(story) {
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

/// Up to `count` stories published before the story at `i` (indices into
/// the site's stories, newest first): those filed under one of its terms
/// first, then the ones just before it. Only older stories, so a story's
/// list does not change when newer ones are published.
pub(crate) fn before(
    stories: &[Story],
    i: usize,
    taxonomies: &[Taxonomy],
    count: usize,
) -> Vec<usize> {
    let Some(story) = stories.get(i) else {
        return Vec::new();
    };
    let mut picked: Vec<usize> = named_terms(story)
        .filter_map(|(taxonomy, name)| {
            taxonomies
                .iter()
                .find(|t| t.name == taxonomy)
                .and_then(|t| t.term(name))
        })
        .flat_map(|term| {
            // A term's stories are in site order: those after `i` are older.
            let from = term.stories.partition_point(|&j| j <= i);
            term.stories
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take(count)
                .copied()
        })
        .collect();
    picked.sort_unstable();
    picked.dedup();
    picked.truncate(count);
    let related = picked.clone();
    let just_before = (i + 1..stories.len()).filter(|j| !related.contains(j));
    picked.extend(just_before.take(count - picked.len()));
    picked
}

/// The folder of numbered page `n` (from 1) of the listing in `folder`;
/// `n = 0` is the listing's front page, the folder itself.
pub(crate) fn page_path(folder: &str, n: usize) -> String {
    if n == 0 {
        folder.to_string()
    } else {
        format!("{folder}page/{n}/")
    }
}

/// The pages of a listing of `len` stories (newest first), `per_page` to a
/// page, numbered from the oldest so that a full page never changes again
/// when stories are published: the front page (the folder itself) holds
/// the newest `per_page`; numbered page `k` holds the `k`th `per_page`
/// stories counted from the oldest, and only full pages are numbered. The
/// newest few stories beyond the last full page are on the front page
/// alone; the front page's first older page may repeat some of its stories.
///
/// Each page as (its number, 0 for the front page; the range of the
/// listing's indices it holds).
pub(crate) fn pages(len: usize, per_page: usize) -> Vec<(usize, std::ops::Range<usize>)> {
    let per_page = per_page.max(1);
    let mut pages = vec![(0, 0..len.min(per_page))];
    if len > per_page {
        let full = len / per_page;
        pages.extend((1..=full).map(|k| (k, len - k * per_page..len - (k - 1) * per_page)));
    }
    pages
}

/// Where page `n` (0 for the front page) of a listing of `len` stories is,
/// with relative links to the newer page (`prev`) and the older one
/// (`next`). A numbered page's links change only when the page after it
/// fills up: the last full page's newer page is the front page.
pub(crate) fn paging(folder: &str, n: usize, len: usize, per_page: usize) -> Paging {
    let per_page = per_page.max(1);
    let full = if len > per_page { len / per_page } else { 0 };
    let root = page::root_of(&page_path(folder, n));
    let link = |m: usize| format!("{root}{}index.html", page_path(folder, m));
    let (prev, next) = if n == 0 {
        // The front page's older page: the newest full page that holds a
        // story the front page does not.
        let older = if len.is_multiple_of(per_page) {
            full.saturating_sub(1)
        } else {
            full
        };
        (None, (older > 0).then(|| link(older)))
    } else {
        let newer = if n < full { n + 1 } else { 0 };
        (Some(link(newer)), (n > 1).then(|| link(n - 1)))
    };
    Paging {
        current: n,
        pages: full,
        prev,
        next,
    }
}

/// Makes the page chrome for a root, "More from" links, a policy and a
/// language.
pub(crate) type ChromeMaker<'k> = dyn Fn(String, Vec<LinkView>, String, &Lang) -> Chrome<'k> + 'k;

/// What every listing page is made with.
pub(crate) struct Kit<'k, 'c: 'k> {
    pub site: &'k SiteView<'k>,
    pub templates: &'k Templates,
    /// The page chrome for a root, "More from" links, a policy and a language.
    pub chrome: &'k ChromeMaker<'c>,
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

impl<'k, 'c: 'k> Kit<'k, 'c> {
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
    let changed = last_changed;
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
        home: false,
    }
}

/// When `story` last changed: its update time when later than its date;
/// None for an undated story.
pub(crate) fn last_changed(story: &Story) -> Option<crate::date::StoryDate> {
    story.front.date.map(|date| match story.news.modified {
        Some(m) if m.timestamp() > date.timestamp() => m,
        _ => date,
    })
}

pub(crate) fn push(
    kit: &Kit<'_, '_>,
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
    fn pages_are_numbered_from_the_oldest_and_link_to_their_neighbours() {
        assert_eq!(page_path("", 0), "");
        assert_eq!(page_path("tags/rust/", 3), "tags/rust/page/3/");
        // 45 stories, 20 a page: the front page, then two full pages.
        assert_eq!(pages(45, 20), vec![(0, 0..20), (1, 25..45), (2, 5..25)]);
        assert_eq!(pages(20, 20), vec![(0, 0..20)]);
        assert_eq!(pages(40, 20), vec![(0, 0..20), (1, 20..40), (2, 0..20)]);
        let front = paging("", 0, 45, 20);
        assert_eq!(
            (front.prev, front.next.as_deref()),
            (None, Some("page/2/index.html"))
        );
        let p = paging("", 2, 45, 20);
        assert_eq!(p.prev.as_deref(), Some("../../index.html"));
        assert_eq!(p.next.as_deref(), Some("../../page/1/index.html"));
        let oldest = paging("", 1, 45, 20);
        assert_eq!(oldest.prev.as_deref(), Some("../../page/2/index.html"));
        assert_eq!(oldest.next, None);
        // When the front page is exactly the newest full page, its older
        // page is the one before.
        assert_eq!(
            paging("", 0, 40, 20).next.as_deref(),
            Some("page/1/index.html")
        );
        let alone = paging("tags/rust/", 0, 3, 20);
        assert_eq!((alone.prev, alone.next, alone.pages), (None, None, 0));
    }

    #[test]
    fn term_slugs() {
        assert_eq!(term_slug("Rust Lang"), "rust-lang");
        assert_eq!(term_slug("C++"), "c");
        assert_eq!(term_slug("++"), "2b2b");
    }
}
