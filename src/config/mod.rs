//! The outlet's settings, read from `content/site.toml`.
//!
//! Every setting is optional and has a default, so a content folder with no
//! `site.toml` at all still builds. Unknown settings are an error rather than
//! being ignored: a typo in a setting name would otherwise silently do nothing.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Location};

mod newsroom;
mod urls;

pub(crate) use newsroom::parse_offset;
pub use newsroom::{AuthorConfig, FeedConfig, RobotsConfig};
use urls::is_safe_link;
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
    pub share: ShareConfig,
    pub more_from: MoreFromConfig,
    pub front: FrontConfig,
    pub markdown: MarkdownConfig,
    pub images: ImagesConfig,
    pub limits: LimitsConfig,
    pub output: OutputConfig,
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
            share: ShareConfig::default(),
            more_from: MoreFromConfig::default(),
            front: FrontConfig::default(),
            markdown: MarkdownConfig::default(),
            images: ImagesConfig::default(),
            limits: LimitsConfig::default(),
            output: OutputConfig::default(),
            strings: Default::default(),
            authors: Default::default(),
            feed: FeedConfig::default(),
            robots: RobotsConfig::default(),
            timezone: None,
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
        ShareConfig {
            networks: SHARE_NETWORKS.iter().map(|s| s.to_string()).collect(),
        }
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
        MoreFromConfig {
            count: 5,
            links: Vec::new(),
        }
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
    /// `$…$` is math in every story (a story's `math` overrides); off, so `$5-$10` stays text.
    pub math: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// Let stories use images from other servers (http and https URLs).
    /// The page then makes requests to those servers when it is opened.
    pub allow_remote: bool,
    /// Raster images are shrunk to at most this many pixels wide (and the
    /// area of a 4:3 photo that wide). Never enlarged.
    pub max_width: u32,
    /// WebP quality of photographs, 1–100: where encoding starts.
    pub quality: f32,
    /// A photograph whose SSIMULACRA2 score falls under this is encoded
    /// again at a higher quality (0 turns the check off).
    pub min_ssimulacra2: f32,
    /// EXIF fields kept on purpose (`copyright`, `artist`); everything
    /// else a camera or editor wrote is removed.
    pub keep_metadata: Vec<String>,
    /// Where processed images are cached; relative to the content folder.
    /// Default: `$XDG_CACHE_HOME/broadside/images` (`BROADSIDE_CACHE_DIR`
    /// overrides both).
    pub cache_dir: Option<String>,
    /// The cache is trimmed to this many megabytes after each build.
    pub cache_max_mb: u64,
    /// Download http(s) images at build time and inline them like local
    /// files (the page stays self-contained).
    pub fetch: bool,
    /// A download larger than this many megabytes is an error.
    pub fetch_max_mb: u64,
    /// A download that takes longer than this many seconds is an error.
    pub fetch_timeout: u64,
}

/// The default `[images] max_width`: measured so that a story with two
/// photographs stays under 250 KB (see BENCHMARKS.md).
pub const DEFAULT_MAX_WIDTH: u32 = 1000;
/// The default `[images] quality` (SSIMULACRA2 above 70 on real photos).
pub const DEFAULT_QUALITY: f32 = 76.0;
/// The EXIF fields `[images] keep_metadata` may name.
pub const KEEPABLE_METADATA: &[&str] = &["copyright", "artist"];

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            allow_remote: false,
            max_width: DEFAULT_MAX_WIDTH,
            quality: DEFAULT_QUALITY,
            min_ssimulacra2: 70.0,
            keep_metadata: Vec::new(),
            cache_dir: None,
            cache_max_mb: 1024,
            fetch: false,
            fetch_max_mb: 25,
            fetch_timeout: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    /// Story files larger than this many bytes are refused.
    pub max_story_bytes: u64,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            max_story_bytes: DEFAULT_MAX_STORY_BYTES,
        }
    }
}

/// The output folder's settings.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// Files and folders at the top of the output folder that are yours, not
    /// the build's: every build carries them over unchanged. Dotfiles and
    /// dot-folders (`.git`, `.nojekyll`, `.well-known`) and `CNAME` always are.
    pub keep: Vec<String>,
}

/// `[front]` in site.toml: the listing pages of a many-story site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FrontConfig {
    /// Stories on each listing page (front page, tag pages); more go to `page/2/` and on.
    pub per_page: usize,
}

impl Default for FrontConfig {
    fn default() -> Self {
        FrontConfig { per_page: 20 }
    }
}

/// The name of a broadside's manifest, which `keep` may not name.
const MANIFEST_NAME: &str = ".broadside-manifest";

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
            && let Err(why) = check_base_url(url)
        {
            let mut d = Diagnostic::error(format!("base_url `{url}` is not an absolute http or https URL: {why}"))
                .help("write the address the site is served from, e.g. base_url = \"https://example.com/news/\"");
            if let Some(location) = locate(text, &[Step::Key("base_url")]) {
                d = d.at(location);
            }
            return Err(d);
        }
        let home = self
            .home_url
            .iter()
            .map(|url| ("home_url", url, vec![Step::Key("home_url")]));
        let links = self.more_from.links.iter().enumerate().map(|(i, link)| {
            (
                "the [more_from] link",
                &link.url,
                vec![
                    Step::Key("more_from"),
                    Step::Key("links"),
                    Step::Item(i),
                    Step::Key("url"),
                ],
            )
        });
        for (what, url, path) in home.chain(links) {
            if !is_safe_link(url) {
                // Every page links to it, and a `javascript:` link runs when clicked.
                let mut d = Diagnostic::error(format!(
                    "{what} `{}` is not an http(s), mailto: or relative URL",
                    url.escape_debug()
                ))
                .help("every page links to it: write an address such as \"https://example.com/\", a mailto: address, or a path");
                if let Some(location) = locate(text, &path) {
                    d = d.at(location);
                }
                return Err(d);
            }
        }
        for (i, field) in self.images.keep_metadata.iter().enumerate() {
            if !KEEPABLE_METADATA.contains(&field.to_ascii_lowercase().as_str()) {
                let mut d = Diagnostic::error(format!(
                    "[images] keep_metadata names `{field}`, which broadside cannot keep"
                ))
                .help(format!(
                    "use some of: {}; every other field is always removed",
                    KEEPABLE_METADATA.join(", ")
                ));
                if let Some(location) = locate(
                    text,
                    &[
                        Step::Key("images"),
                        Step::Key("keep_metadata"),
                        Step::Item(i),
                    ],
                ) {
                    d = d.at(location);
                }
                return Err(d);
            }
        }
        let images = &self.images;
        let bad = [
            (
                "quality",
                !(1.0..=100.0).contains(&images.quality),
                format!("between 1 and 100, e.g. quality = {DEFAULT_QUALITY}"),
            ),
            (
                "max_width",
                images.max_width < 16,
                format!("at least 16, e.g. max_width = {DEFAULT_MAX_WIDTH}"),
            ),
            (
                "min_ssimulacra2",
                !(0.0..=100.0).contains(&images.min_ssimulacra2),
                "between 0 (no check) and 100, e.g. min_ssimulacra2 = 70".to_string(),
            ),
        ];
        if let Some((key, _, want)) = bad.into_iter().find(|(_, wrong, _)| *wrong) {
            let mut d = Diagnostic::error(format!("[images] {key} is out of range"))
                .help(format!("it must be {want}"));
            if let Some(location) = locate(text, &[Step::Key("images"), Step::Key(key)]) {
                d = d.at(location);
            }
            return Err(d);
        }
        for (i, name) in self.output.keep.iter().enumerate() {
            if let Err(why) = check_keep_name(name) {
                let mut d = Diagnostic::error(format!("[output] keep cannot name `{name}`: {why}"))
                    .help("keep takes the names of files and folders at the top of the output folder, e.g. keep = [\"CNAME\", \"robots.txt\"]");
                if let Some(location) = locate(
                    text,
                    &[Step::Key("output"), Step::Key("keep"), Step::Item(i)],
                ) {
                    d = d.at(location);
                }
                return Err(d);
            }
        }
        newsroom::check_authors(&self.authors, text)?;
        if let Some(zone) = &self.timezone {
            newsroom::check_timezone(zone, text)?;
        }
        Ok(())
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

/// Why `name` cannot be an entry of `[output] keep`, if it cannot.
fn check_keep_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        Err("the name is empty")
    } else if name.contains('/') || name.contains('\\') {
        Err("it is a path, and keep names files and folders at the top of the output folder only")
    } else if name == "." || name == ".." {
        Err("it is not the name of a file")
    } else if name == MANIFEST_NAME {
        Err("that is broadside's own record of what it wrote")
    } else {
        Ok(())
    }
}

/// A step into a TOML document: a key of a table, or an item of an array.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

/// Where the value at `path` is written in the TOML document `text`, when
/// the document parses and holds it: for pointing a message at a setting.
pub(crate) fn locate(text: &str, path: &[Step<'_>]) -> Option<Location> {
    let table = toml::de::DeTable::parse(text).ok()?;
    let (span, table) = (table.span(), table.into_inner());
    let root = toml::Spanned::new(span, toml::de::DeValue::Table(table));
    let mut value = &root;
    for step in path {
        value = match step {
            Step::Key(key) => value.get_ref().get(*key)?,
            Step::Item(index) => value.get_ref().get(*index)?,
        };
    }
    Some(Location::at_offset(text, value.span().start, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_absolute_http_or_https() {
        for good in [
            "https://example.com/news/",
            "http://example.com",
            "https://example.com:8080/a/b",
            "HTTPS://Example.com/",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("javascript:alert(1)", "scheme is javascript:"),
            ("not a url", "a space"),
            ("example.com/news/", "no scheme"),
            ("ftp://example.com/", "scheme is ftp:"),
            ("https://", "not a valid URL"),
            ("https:example.com", "must start with https://"),
            ("https://user:secret@example.com/", "user name or password"),
            ("https://example.com/?page=1", "?query"),
            ("https://example.com/#top", "#fragment"),
            ("https://example.com/\n", "U+000A"),
            ("https:\\\\example.com", "backslash"),
            ("", "empty"),
            ("file:///etc/passwd", "scheme is file:"),
            ("data:text/html,hi", "scheme is data:"),
        ] {
            let problem = check_base_url(bad).expect_err(bad);
            assert!(problem.contains(why), "{bad}: {problem}");
        }
    }

    #[test]
    fn an_unsafe_link_is_located() {
        let text = "name = \"x\"\nhome_url = \"https://example.com/\"\n[more_from]\nlinks = [\n  { title = \"a\", url = \"/a/\" },\n  { title = \"b\", url = \"javascript:alert(1)\" },\n]\n";
        let validate = |text: &str| SiteConfig::parse(text).unwrap().validate(text);
        let d = validate(text).unwrap_err();
        assert_eq!(
            d.message,
            "the [more_from] link `javascript:alert(1)` is not an http(s), mailto: or relative URL"
        );
        let at = d.location.unwrap();
        assert_eq!((at.line, at.column), (6, 24));
        let d = validate("home_url = 'javascript:alert(1)'").unwrap_err();
        let ok = text.replace("javascript:alert(1)", "mailto:b@example.com");
        assert_eq!(d.location.map(|l| (l.line, l.column)), Some((1, 12)));
        assert!(SiteConfig::parse(&ok).unwrap().validate(&ok).is_ok());
    }

    #[test]
    fn a_bad_base_url_points_at_its_line() {
        let text = "# base_url = \"https://example.com/\"\nname = \"x\"\nbase_url = \"ftp://example.com/\"\n";
        let d = SiteConfig::parse(text).unwrap().validate(text).unwrap_err();
        assert!(
            d.message
                .contains("base_url `ftp://example.com/` is not an absolute http or https URL"),
            "{}",
            d.message
        );
        assert_eq!(
            d.location.as_ref().map(|l| (l.line, l.column)),
            Some((3, 12))
        );
    }

    #[test]
    fn keep_takes_top_level_names() {
        let text = "[output]\nkeep = [\"CNAME\",\n  \"a/b\"]\n";
        let config = SiteConfig::parse(text).unwrap();
        let d = config.validate(text).unwrap_err();
        assert!(
            d.message
                .contains("[output] keep cannot name `a/b`: it is a path"),
            "{}",
            d.message
        );
        assert_eq!(
            d.location.as_ref().map(|l| (l.line, l.column)),
            Some((3, 3))
        );
        let ok = SiteConfig::parse("[output]\nkeep = [\"robots.txt\"]\n").unwrap();
        assert_eq!(ok.kept_names(), ["CNAME", "robots.txt"]);
        assert_eq!(SiteConfig::default().kept_names(), ["CNAME"]);
    }
}
