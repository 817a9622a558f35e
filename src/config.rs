//! The outlet's settings, read from `content/site.toml`.
//!
//! Every setting is optional and has a default, so a content folder with no
//! `site.toml` at all still builds. Unknown settings are an error rather than
//! being ignored: a typo in a setting name would otherwise silently do nothing.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Location};

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
    pub share: ShareConfig,
    pub more_from: MoreFromConfig,
    pub markdown: MarkdownConfig,
    pub images: ImagesConfig,
    pub limits: LimitsConfig,
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
            share: ShareConfig::default(),
            more_from: MoreFromConfig::default(),
            markdown: MarkdownConfig::default(),
            images: ImagesConfig::default(),
            limits: LimitsConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ShareConfig {
    /// Which share links to show, in order: any of `x`, `facebook`,
    /// `linkedin`, `reddit`, `email`.
    pub networks: Vec<String>,
}

impl Default for ShareConfig {
    fn default() -> Self {
        ShareConfig { networks: SHARE_NETWORKS.iter().map(|s| s.to_string()).collect() }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MoreFromConfig {
    /// How many links the "More from" footer shows at most.
    pub count: usize,
    /// Links shown after the other stories of the site.
    pub links: Vec<LinkConfig>,
}

impl Default for MoreFromConfig {
    fn default() -> Self {
        MoreFromConfig { count: 5, links: Vec::new() }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LinkConfig {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Keep raw HTML in stories as written, unsanitised. Only for content
    /// you trust completely.
    pub allow_unsafe_html: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// Let stories use images from other servers (http and https URLs).
    /// The page then makes requests to those servers when it is opened.
    pub allow_remote: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    /// Story files larger than this many bytes are refused.
    pub max_story_bytes: u64,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig { max_story_bytes: DEFAULT_MAX_STORY_BYTES }
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
                return Err(Diagnostic::error(format!("cannot read the site settings: {e}"))
                    .in_file(&path));
            }
        };
        let config = Self::parse(&text).map_err(|d| d.in_file(&path))?;
        config.validate(&text).map_err(|d| d.in_file(&path))?;
        check_link_urls(&text).map_err(|d| d.in_file(&path))?;
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

    fn validate(&self, text: &str) -> Result<(), Diagnostic> {
        for network in &self.share.networks {
            if !SHARE_NETWORKS.contains(&network.as_str()) {
                let mut d = Diagnostic::error(format!("unknown share network `{network}`"))
                    .help(format!("use some of: {}", SHARE_NETWORKS.join(", ")));
                if let Some(offset) = text.find(&format!("\"{network}\"")) {
                    d = d.at(Location::at_offset(text, offset, 1));
                }
                return Err(d);
            }
        }
        if let Some(url) = &self.base_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            let mut d = Diagnostic::error(format!("base_url `{url}` is not an http(s) URL"))
                .help("write the full address, e.g. base_url = \"https://example.com/news/\"");
            if let Some(offset) = text.find("base_url") {
                d = d.at(Location::at_offset(text, offset, 1));
            }
            return Err(d);
        }
        Ok(())
    }

    /// The base URL with exactly one trailing slash, when one is set.
    pub fn base_url(&self) -> Option<String> {
        self.base_url.as_ref().map(|u| format!("{}/", u.trim_end_matches('/')))
    }
}

/// The settings whose URLs every page links to, with where they are written.
#[derive(Deserialize)]
struct LinkUrls {
    home_url: Option<toml::Spanned<String>>,
    #[serde(default)]
    more_from: MoreFromUrls,
}

#[derive(Deserialize, Default)]
struct MoreFromUrls {
    #[serde(default)]
    links: Vec<LinkUrl>,
}

#[derive(Deserialize)]
struct LinkUrl {
    url: toml::Spanned<String>,
}

/// Refuses a link in `site.toml` (`home_url`, a `[more_from]` link) that is
/// not an http(s), `mailto:` or relative URL: every page would carry it as
/// an `href`, and a `javascript:` one runs when clicked.
fn check_link_urls(text: &str) -> Result<(), Diagnostic> {
    let Ok(urls) = toml::from_str::<LinkUrls>(text) else { return Ok(()) };
    let home = urls.home_url.iter().map(|url| ("home_url", url));
    let links = urls.more_from.links.iter().map(|link| ("the [more_from] link", &link.url));
    for (what, url) in home.chain(links) {
        if !is_safe_link(url.get_ref()) {
            return Err(Diagnostic::error(format!(
                "{what} `{}` is not an http(s), mailto: or relative URL",
                url.get_ref().escape_debug()
            ))
            .at(Location::at_offset(text, url.span().start, 1))
            .help("every page links to it: write an address such as \"https://example.com/\", a mailto: address, or a path"));
        }
    }
    Ok(())
}

/// Whether a link is http(s), `mailto:` or relative, its scheme read as a
/// browser reads it: spaces and control characters around the URL, and
/// tabs and newlines in it, do not count.
fn is_safe_link(url: &str) -> bool {
    let url: String = url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let Some(end) = url.find([':', '/', '?', '#']).filter(|&i| url.as_bytes()[i] == b':') else { return true };
    let scheme = &url[..end];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    !is_scheme || ["http", "https", "mailto"].iter().any(|s| scheme.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn only_http_mailto_and_relative_links() {
        for safe in [
            "https://example.com/",
            "HTTP://example.com",
            "mailto:desk@example.com",
            "/about/",
            "../index.html",
            "page.html",
            "#top",
            "?page=2",
            "//example.com/x",
            "a b:c",
            "1x:y",
        ] {
            assert!(is_safe_link(safe), "{safe}");
        }
        for unsafe_ in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:x",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "tel:+123",
        ] {
            assert!(!is_safe_link(unsafe_), "{unsafe_:?}");
        }
    }

    #[test]
    fn an_unsafe_link_is_located() {
        let text = "name = \"x\"\nhome_url = \"https://example.com/\"\n[more_from]\nlinks = [\n  { title = \"a\", url = \"/a/\" },\n  { title = \"b\", url = \"javascript:alert(1)\" },\n]\n";
        let d = check_link_urls(text).unwrap_err();
        assert_eq!(d.message, "the [more_from] link `javascript:alert(1)` is not an http(s), mailto: or relative URL");
        let at = d.location.unwrap();
        assert_eq!((at.line, at.column), (6, 24));
        let d = check_link_urls("home_url = 'javascript:alert(1)'").unwrap_err();
        assert_eq!(d.location.map(|l| (l.line, l.column)), Some((1, 12)));
        assert!(check_link_urls(text.replace("javascript:alert(1)", "mailto:b@example.com").as_str()).is_ok());
    }
}
