//! The tables of `site.toml` other than the top-level keys: `[share]`,
//! `[more_from]`, `[source]`, `[markdown]`, `[images]`, `[limits]`,
//! `[output]`, `[build]` and `[front]`, each with its defaults.

use serde::{Deserialize, Serialize};

use super::{DEFAULT_MAX_STORY_BYTES, SHARE_NETWORKS};

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

/// `[source]`: the site this one was moved from. Each is found from the
/// source's own files when left out.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SourceConfig {
    /// `jekyll`, `hugo` or `zola`.
    pub generator: Option<String>,
    /// The old site's address, whose links to itself lead to the new pages.
    pub url: Option<String>,
    /// How heading ids are made: `broadside`, `kramdown`, `github`, `zola`.
    pub heading_ids: Option<String>,
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

/// `[build]` in site.toml: how the build treats what it finds.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct BuildConfig {
    /// Every warning is an error, as `broadside build --strict` makes it
    /// (for CI): the build writes nothing while a warning stands.
    pub strict: bool,
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
