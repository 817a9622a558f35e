//! A story's life in the newsroom, worked out once per story when it is
//! loaded: who wrote it (`authors`), when it last changed (`updated`, its
//! corrections, its newest live update), and its live updates. The page,
//! the JSON-LD, the feeds and the sitemaps all read these facts from
//! [`News`]; the feeds' full content, the news sitemap and `robots.txt`
//! are made in `feed` and `sitemaps`.

pub(crate) mod authors;
pub(crate) mod feed;
pub(crate) mod live;
pub(crate) mod sitemaps;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::FixedOffset;

pub use authors::Author;
pub use live::LiveUpdate;

use crate::config::{AuthorConfig, SiteConfig};
use crate::date::StoryDate;
use crate::error::Diagnostic;
use crate::frontmatter::FrontMatter;
use crate::markdown::Rendered;

/// What loading a story needs of the site's settings for this.
#[derive(Debug, Clone, Default)]
pub struct NewsSettings {
    pub authors: BTreeMap<String, AuthorConfig>,
    /// `timezone` in site.toml.
    pub zone: Option<FixedOffset>,
}

impl NewsSettings {
    pub fn new(config: &SiteConfig) -> Self {
        NewsSettings {
            authors: config.authors.clone(),
            zone: config
                .timezone
                .as_deref()
                .and_then(crate::config::parse_offset),
        }
    }
}

/// A story's newsroom facts.
#[derive(Debug, Clone, Default)]
pub struct News {
    /// Its writers, resolved.
    pub authors: Vec<Author>,
    /// Its live updates, newest first (none unless `live = true`).
    pub live: Vec<LiveUpdate>,
    /// When it last changed: the latest of `updated`, its corrections and
    /// its newest live update; None when it never changed.
    pub modified: Option<StoryDate>,
    /// The story as a feed entry's content, made once for every feed the
    /// story is in (the site's, its tags', its writers').
    pub(crate) feed_content: std::sync::OnceLock<String>,
}

/// The newsroom facts of a story, its body reordered when it is live.
/// Warnings go to `warnings`; errors are returned.
pub(crate) fn of_story(
    front: &FrontMatter,
    body: &mut Rendered,
    (source, first_line): (&str, usize),
    path: &Path,
    settings: &NewsSettings,
    warnings: &mut Vec<Diagnostic>,
) -> Result<News, Vec<Diagnostic>> {
    let (authors, unknown) = authors::resolve(&front.authors, &settings.authors);
    for id in unknown {
        let mut d = Diagnostic::warning(format!(
            "the author `{id}` has no [authors.{}] entry in site.toml; the byline shows `{id}` as written",
            crate::listing::term_slug(&id)
        ))
        .in_file(path)
        .help(format!(
            "add [authors.{}] with name = \"…\" to site.toml, or write the name as it should be shown",
            crate::listing::term_slug(&id)
        ));
        if let Some(at) = &front.places.authors {
            d = d.at(at.clone());
        }
        warnings.push(d);
    }
    let mut live = Vec::new();
    if front.live {
        let (updates, html) = live::updates(
            &body.headings,
            &body.html,
            front.date,
            settings.zone,
            (source, first_line),
        )
        .map_err(|errors| {
            errors
                .into_iter()
                .map(|d| d.in_file(path))
                .collect::<Vec<_>>()
        })?;
        body.html = html;
        live = updates;
        if let (Some(end), Some(date)) = (front.live_end, front.date)
            && end.timestamp() < date.timestamp()
        {
            let mut d = Diagnostic::warning(format!(
                "`live_end` ({}) is earlier than `date` ({})",
                end.iso(),
                date.iso()
            ))
            .in_file(path)
            .help("live_end is when the coverage ended: after it began");
            if let Some(at) = &front.places.live_end {
                d = d.at(at.clone());
            }
            warnings.push(d);
        }
    }
    // A change is after publication: an `updated` equal to `date` (as
    // Jekyll themes write it) or earlier (warned about) is no update.
    let modified = front
        .updated
        .into_iter()
        .chain(front.corrections.iter().map(|c| c.date))
        .chain(live.first().map(|u| u.time))
        .filter(|d| front.date.is_none_or(|p| d.timestamp() > p.timestamp()))
        .max_by_key(StoryDate::timestamp);
    Ok(News {
        authors,
        live,
        modified,
        feed_content: std::sync::OnceLock::new(),
    })
}
