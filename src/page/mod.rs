//! View models: what the templates see of a story, a front page and a feed.
//!
//! Everything a template prints is worked out here, typed, from the site and
//! its stories: URLs, share links, the "More from" list, the description and
//! the JSON-LD. Templates only lay it out. The words the templates add
//! ("Contents", "Older", …) are in [`Labels`].

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::SiteConfig;
use crate::content::Story;
use crate::date::DateView;
use crate::lang::strings::fill;
use crate::lang::{Lang, Strings};

mod json_ld;
mod newsroom;
mod share_links;
#[cfg(test)]
mod variables_tests;

pub use json_ld::json_ld;
pub use newsroom::{BylineView, CorrectionView, LiveView};
pub(crate) use newsroom::{byline, bylines, corrections, live};
pub use share_links::share_links;

/// Search engines show about this many characters of a description.
pub const DESCRIPTION_LENGTH: usize = 160;

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub name: &'a str,
    pub language: &'a str,
    pub base_url: Option<String>,
    pub home_url: Option<&'a str>,
    pub description: Option<&'a str>,
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a SiteConfig) -> Self {
        SiteView {
            name: &config.name,
            language: &config.language,
            base_url: config.base_url(),
            home_url: config.home_url.as_deref(),
            description: config.description.as_deref(),
        }
    }
}

/// A page at a story's old address (an alias) that sends the reader on.
#[derive(Debug, Serialize)]
pub struct RedirectPage<'a> {
    pub site: &'a SiteView<'a>,
    pub csp: String,
    /// The story's title, as plain text.
    pub title: &'a str,
    /// The story's page, relative to the redirect page.
    pub target: String,
    /// The story's canonical URL when the site has a base URL, else `target`.
    pub canonical: String,
}

/// What every page template gets besides its own data.
#[derive(Debug, Serialize)]
pub struct Chrome<'a> {
    pub site: &'a SiteView<'a>,
    /// The page's stylesheet: the site's, after the token colours of the
    /// page's highlighted code when it has any.
    pub stylesheet: Cow<'a, str>,
    /// The page's Content-Security-Policy.
    pub csp: String,
    /// The way from this page to the site root, e.g. `../../`, or empty.
    pub root: String,
    /// Where the masthead links: the outlet's home page, else the site's
    /// front page when it has one.
    pub home: Option<String>,
    pub more_from: Vec<LinkView>,
    /// The page's own words, in its language, the outlet's name filled in.
    pub t: Strings,
    /// `rtl` or `ltr`: the direction of the page's language.
    pub dir: &'static str,
    /// `broadside serve`'s reload script; None in the files a build writes.
    pub live_reload: Option<LiveReloadView<'a>>,
}

/// An entry of a table of contents: a heading, and those under it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub id: String,
    pub text: String,
    pub children: Vec<TocEntry>,
}

/// A link to a tag's page (or a year's), with its number of stories.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TagLink {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// Where a listing page is among its pages (numbered from the oldest, see
/// `listing::pages`): links are relative, None at either end.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Paging {
    /// This page's number; 0 for the front page, which holds the newest.
    pub current: usize,
    /// How many numbered (full) pages there are.
    pub pages: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// What base.html needs to add the reload script of `broadside serve`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LiveReloadView<'a> {
    pub endpoint: &'a str,
    pub tag: &'a str,
    pub script: &'static str,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LinkView {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ShareLink {
    /// `x`, `facebook`, `linkedin`, `reddit` or `email`.
    pub network: &'static str,
    pub label: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct ImageView<'a> {
    pub src: &'a str,
    pub width: Option<u64>,
    pub height: Option<u64>,
    pub alt: &'a str,
    pub caption: Option<&'a str>,
    /// An absolute URL of the image for social cards, when there is one.
    pub public_url: Option<String>,
}

/// The image that stands for the story where it is shared: `og:image`,
/// `twitter:image`.
#[derive(Debug, Serialize)]
pub struct ShareImageView {
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: String,
}

impl ShareImageView {
    pub(crate) fn new(url: String, image: &crate::photo::Processed, alt: Option<&str>) -> Self {
        ShareImageView {
            url,
            width: Some(image.width),
            height: Some(image.height),
            alt: alt.unwrap_or("").to_string(),
        }
    }

    /// An image on another server, its size unknown.
    pub(crate) fn remote(url: String, alt: Option<&str>) -> Self {
        ShareImageView {
            url,
            width: None,
            height: None,
            alt: alt.unwrap_or("").to_string(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StoryView<'a> {
    /// Plain text, for `<title>`, meta tags and share links.
    pub title: &'a str,
    /// The headline: inline Markdown rendered, escaped, ready for `| safe`.
    pub title_html: &'a str,
    /// The front matter's fields shown as written (`page.description`,
    /// `page.aliases`, …), from the table in `frontmatter/read/shown.rs`.
    #[serde(flatten)]
    pub shown: &'a crate::frontmatter::Shown,
    /// `description`, else the first paragraph cut near 160 characters.
    pub meta_description: String,
    pub date: Option<DateView>,
    /// The last change (`updated`, a correction or a live update), with its time.
    pub updated: Option<DateView>,
    /// The writers' names, as the byline shows them.
    pub authors: Vec<String>,
    /// The writers, each with a link to their page.
    pub bylines: Vec<BylineView>,
    /// The byline as HTML, each name linking to its page, for `| safe`.
    pub byline_html: Option<String>,
    /// The corrections, oldest first.
    pub corrections: Vec<CorrectionView>,
    /// Set for a story covered live.
    pub live: Option<LiveView>,
    pub tags: &'a [String],
    pub lang: &'a str,
    /// `rtl` or `ltr`.
    pub dir: &'static str,
    /// `og:locale` (`de_DE`), only when the language tag names a region.
    pub og_locale: Option<String>,
    pub reading_minutes: usize,
    /// "4 min read", in the story's language.
    pub reading_time: String,
    /// "By Ana Ruiz and Tom Berg", in the story's language; None without authors.
    pub byline: Option<String>,
    pub words: usize,
    pub canonical_url: Option<String>,
    pub url_path: &'a str,
    pub lead_image: Option<ImageView<'a>>,
    /// The share image (the lead photo's 1.91:1 crop, or a card).
    pub share_image: Option<ShareImageView>,
    /// The images search engines are given in the JSON-LD: the lead
    /// photo's 16:9, 4:3 and 1:1 crops.
    pub schema_images: Vec<String>,
    pub content: &'a str,
    pub extra: &'a Map<String, Value>,
    pub taxonomies: &'a std::collections::BTreeMap<String, Vec<String>>,
    /// The body's `<h2>` headings with their `<h3>`s; empty when it has
    /// fewer than three headings.
    pub toc: Vec<TocEntry>,
    /// Whether the front matter asks for the table of contents.
    pub show_toc: bool,
    /// The story's tags, each linking to its page (none on a one-story site).
    pub tag_links: Vec<TagLink>,
}

#[derive(Debug, Serialize)]
pub struct StoryPage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    pub page: StoryView<'a>,
    pub share: Vec<ShareLink>,
    /// The JSON-LD `NewsArticle`, safe to place inside `<script>`.
    pub json_ld: String,
}

#[derive(Debug, Serialize)]
pub struct IndexEntry<'a> {
    pub title: &'a str,
    /// The headline as HTML (inline Markdown rendered), for `| safe`.
    pub title_html: &'a str,
    pub url: String,
    pub description: String,
    pub date: Option<DateView>,
}

/// A page of a listing: the front page, a tag's page, a year's page.
#[derive(Debug, Serialize)]
pub struct IndexPage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    /// The listing's heading (the tag's or year's name; None on the front page).
    pub heading: Option<String>,
    /// A section's introduction, HTML made safe (its `_index.md`'s text).
    pub intro: Option<String>,
    pub stories: Vec<IndexEntry<'a>>,
    pub paging: Paging,
    pub canonical_url: Option<String>,
    /// The listing's own Atom feed, when it has one.
    pub feed_url: Option<String>,
    /// Links to the tags page and the archive, relative.
    pub tags_url: Option<String>,
    pub archive_url: String,
    /// On an author's page: who they are.
    pub author: Option<AuthorCard>,
}

/// What an author's page says of them.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorCard {
    pub name: String,
    /// Their own page elsewhere.
    pub url: Option<String>,
    pub bio: Option<String>,
    /// Their portrait, inlined like every image.
    pub image: Option<String>,
}

/// A list of links with counts: every tag, or every year of the archive.
#[derive(Debug, Serialize)]
pub struct TermsPage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    pub heading: String,
    pub terms: Vec<TagLink>,
    pub canonical_url: Option<String>,
}

/// The page a missing address answers with (`404.html`), at the site's
/// root but served at any depth: its links are absolute.
#[derive(Debug, Serialize)]
pub struct NotFoundPage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    /// The site's front page, absolute.
    pub front_page: String,
    /// The archive of every year, absolute, when the site has one.
    pub archive_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FeedEntry<'a> {
    pub title: &'a str,
    pub url: String,
    pub summary: String,
    /// The whole story as HTML, addresses absolute, sanitised; None with
    /// `[feed] full = false`.
    pub content: Option<String>,
    pub published: Option<String>,
    pub updated: String,
    pub authors: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Feed<'a> {
    pub site: &'a SiteView<'a>,
    pub feed_url: String,
    /// The page the feed follows: the site, or a tag's page.
    pub page_url: String,
    /// The feed's title: the site's name, with the tag's after it.
    pub title: String,
    pub updated: String,
    pub entries: Vec<FeedEntry<'a>>,
    /// The site's listing pages (tags, pages of the front page, the
    /// archive), for the sitemap; empty in a tag's feed.
    pub pages: Vec<String>,
    /// The sitemap lists the front page (the site has one).
    pub home: bool,
}

/// The table of contents of `headings`: each `<h2>` with the `<h3>`s after
/// it; none for fewer than three headings.
pub fn toc(headings: &[crate::markdown::HeadingFact]) -> Vec<TocEntry> {
    if headings.len() < 3 {
        return Vec::new();
    }
    let mut toc: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            id: h.id.clone(),
            text: h.text.clone(),
            children: Vec::new(),
        };
        match (h.level, toc.last_mut()) {
            (2, _) | (_, None) => toc.push(entry),
            (3, Some(parent)) => parent.children.push(entry),
            _ => {}
        }
    }
    toc
}

/// `../` once per folder of `url_path`.
pub fn root_of(url_path: &str) -> String {
    "../".repeat(url_path.matches('/').count())
}

/// The link from a page at `root` to a story, usable from file:// too.
pub fn link_to(root: &str, story: &Story) -> String {
    format!("{root}{}index.html", story.url_path)
}

pub fn meta_description(story: &Story) -> String {
    match &story.front.shown.description {
        Some(d) => d.trim().to_string(),
        None => cut_at_word(&story.body.first_paragraph, DESCRIPTION_LENGTH),
    }
}

/// `text` cut at a word boundary to at most `max` characters, with `…`.
pub fn cut_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let limit = text
        .char_indices()
        .nth(max - 1)
        .map_or(text.len(), |(i, _)| i);
    let cut = text[..limit].rfind(char::is_whitespace).unwrap_or(limit);
    let cut = text[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:.-–—".contains(c));
    format!("{cut}…")
}

/// Minutes to read `units` (words, or CJK characters) in `lang`.
pub fn reading_minutes(units: usize, lang: &Lang) -> usize {
    crate::lang::reading::minutes(units, lang)
}

/// The page's own words of `lang` with the outlet's name filled in.
pub fn words_for(config: &SiteConfig, lang: &Lang) -> Strings {
    let mut t = Strings::new(lang, &config.strings);
    for phrase in [
        &mut t.more_from,
        &mut t.published_by,
        &mut t.latest_stories_from,
    ] {
        *phrase = fill(phrase, "site", &config.name);
    }
    t
}

/// "4 min read", in the words `t`.
pub fn reading_time(t: &Strings, minutes: usize) -> String {
    fill(&t.reading_time, "minutes", &minutes.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_descriptions_at_a_word() {
        let text = "word ".repeat(50);
        let cut = cut_at_word(text.trim(), 160);
        assert!(
            cut.ends_with("word…") && cut.chars().count() <= 161,
            "{cut}"
        );
        assert_eq!(cut_at_word("short", 160), "short");
    }
}
