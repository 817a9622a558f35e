//! The outlet's settings, read from `content/site.toml`.
//!
//! Every setting is optional and has a default, so a content folder with no
//! `site.toml` at all still builds. Unknown settings are an error rather than
//! being ignored: a typo in a setting name would otherwise silently do nothing.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Location};

mod locate;
mod newsroom;
mod tables;
mod urls;
mod validate;

pub(crate) use locate::{Step, locate};
pub(crate) use newsroom::parse_offset;
pub use newsroom::{AuthorConfig, FeedConfig, RobotsConfig};
pub use tables::{
    BuildConfig, DEFAULT_MAX_WIDTH, DEFAULT_QUALITY, FrontConfig, ImagesConfig, KEEPABLE_METADATA,
    LimitsConfig, LinkConfig, MarkdownConfig, MoreFromConfig, OutputConfig, ShareConfig,
    SourceConfig,
};
pub use urls::{check_base_url, check_http_url};

/// The share networks broadside knows how to link to.
pub const SHARE_NETWORKS: &[&str] = &["x", "facebook", "linkedin", "reddit", "email"];

/// Default size limit of a story file: larger files are refused, not read.
pub const DEFAULT_MAX_STORY_BYTES: u64 = 50 * 1024 * 1024;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// The outlet's name, shown in the masthead and as the publisher.
    pub name: String,
    /// Where the built page will live, e.g. `https://example.com/news/`.
    /// Without it there is no canonical URL, feed or sitemap, and only the
    /// share links that work without a URL are shown.
    pub base_url: Option<String>,
    /// The outlet's home page, linked from the masthead.
    pub home_url: Option<String>,
    /// The language of the stories, as a BCP 47 tag.
    pub language: String,
    /// A line about the outlet, used on the front page of a many-story site.
    pub description: Option<String>,
    /// The outlet's logo: an image file in the content folder, or a URL.
    /// Search engines want it as the publisher's logo; a local file is
    /// published beside the pages when `base_url` is set.
    pub logo: Option<String>,
    /// The author `broadside new` writes into a new story's front matter.
    pub author: Option<String>,
    pub share: ShareConfig,
    pub more_from: MoreFromConfig,
    pub front: FrontConfig,
    pub markdown: MarkdownConfig,
    pub images: ImagesConfig,
    pub limits: LimitsConfig,
    pub output: OutputConfig,
    pub build: BuildConfig,
    /// The generator the site was moved from, when it is not found from
    /// the site's files (see `src/migrate/`).
    pub source: SourceConfig,
    /// The page's own words ("Share this article:", …), over the built-in
    /// ones of the story's language.
    pub strings: crate::lang::strings::StringsConfig,
    /// The writers, by the ids stories name in `authors`.
    pub authors: std::collections::BTreeMap<String, AuthorConfig>,
    pub feed: FeedConfig,
    pub robots: RobotsConfig,
    /// The newsroom's offset from UTC (`+02:00`), for the times of live
    /// coverage in stories whose `date` names none.
    pub timezone: Option<String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            name: "broadside".to_string(),
            base_url: None,
            home_url: None,
            language: "en".to_string(),
            description: None,
            logo: None,
            author: None,
            share: ShareConfig::default(),
            more_from: MoreFromConfig::default(),
            front: FrontConfig::default(),
            markdown: MarkdownConfig::default(),
            images: ImagesConfig::default(),
            limits: LimitsConfig::default(),
            output: OutputConfig::default(),
            build: BuildConfig::default(),
            source: SourceConfig::default(),
            strings: Default::default(),
            authors: Default::default(),
            feed: FeedConfig::default(),
            robots: RobotsConfig::default(),
            timezone: None,
        }
    }
}

impl SiteConfig {
    /// Reads `site.toml` from the content folder; defaults when it is absent.
    pub fn load(content_dir: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = content_dir.join("site.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
            Err(e) => {
                return Err(
                    Diagnostic::error(format!("cannot read the site settings: {e}")).in_file(&path),
                );
            }
        };
        let config = Self::parse(&text).map_err(|d| d.in_file(&path))?;
        config.validate(&text).map_err(|d| d.in_file(&path))?;
        Ok(config)
    }

    /// Parses the text of a `site.toml`.
    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        toml::from_str::<SiteConfig>(text).map_err(|e| {
            let mut d = Diagnostic::error(format!("invalid site settings: {}", e.message().trim()))
                .help("see the commented site.toml that `broadside init` writes for every setting");
            if let Some(span) = e.span() {
                d = d.at(Location::at_offset(text, span.start, 1));
            }
            d
        })
    }

    /// Every name at the top of the output folder that is kept as the
    /// user's besides dotfiles: `CNAME` and the names in `[output] keep`.
    pub fn kept_names(&self) -> Vec<String> {
        let mut names = vec!["CNAME".to_string()];
        names.extend(self.output.keep.iter().filter(|n| *n != "CNAME").cloned());
        names
    }

    /// The base URL with exactly one trailing slash, when one is set.
    pub fn base_url(&self) -> Option<String> {
        self.base_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/')))
    }
}

#[cfg(test)]
mod tests;
