//! The photo pipeline: every image a story uses goes through here before it
//! is inlined or published.
//!
//! A raster image is decoded by its content (never by its file name; AVIF in
//! `avif.rs`), turned upright by its EXIF orientation (an AVIF's `irot` and
//! `imir`), stripped of every piece of metadata,
//! converted to sRGB, shrunk (never enlarged) to what the column can show and
//! re-encoded: lossy WebP for photographs (checked with SSIMULACRA2, see
//! [`score`]), lossless WebP for graphics with few colours. Animated GIFs stay animated GIFs and SVGs stay SVGs, both cleaned.
//! Results are cached on disk by content hash and settings ([`cache`]).
//!
//! This module holds the pipeline and its shared state ([`Photos`]); what a
//! story publishes for sharing is made in `site/share_images.rs`, from
//! [`share_crops`] and [`card`].

mod avif;
pub(crate) mod cache;
pub(crate) mod card;
pub(crate) mod decode;
pub(crate) mod encode;
pub(crate) mod fetch;
pub(crate) mod gif;
pub(crate) mod metadata;
mod pixels;
#[cfg(test)]
mod quality_tests;
pub(crate) mod resize;
pub(crate) mod score;
pub(crate) mod share_crops;
pub(crate) mod svg;

use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use crate::config::ImagesConfig;
use cache::Cache;
use decode::Kind;

/// Bumped whenever the pipeline's output for the same input changes, so
/// that older cache entries are never used.
pub(crate) const PIPELINE_VERSION: u32 = 4;

/// An image ready to inline or publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Processed {
    pub mime: String,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The upright size of the original, before resizing.
    pub source_width: u32,
    pub source_height: u32,
}

/// The settings that decide the output bytes (and so the cache key).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Settings {
    pub max_width: u32,
    pub quality: f32,
    /// The SSIMULACRA2 every photograph must reach (0: not checked).
    pub min_score: f32,
    /// EXIF fields kept on purpose (see [`crate::config::KEEPABLE_METADATA`]).
    pub keep_metadata: Vec<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings::from_config(&ImagesConfig::default())
    }
}

impl Settings {
    pub(crate) fn from_config(config: &ImagesConfig) -> Settings {
        Settings {
            max_width: config.max_width,
            quality: config.quality,
            min_score: config.min_ssimulacra2,
            keep_metadata: config
                .keep_metadata
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
        }
    }

    /// A short text naming every setting, for cache keys.
    fn signature(&self) -> String {
        format!(
            "v{PIPELINE_VERSION};w{};q{};s{};k{}",
            self.max_width,
            self.quality,
            self.min_score,
            self.keep_metadata.join(",")
        )
    }
}

/// The pipeline with its settings, its cache and its counters, shared by
/// every story of a build.
#[derive(Debug)]
pub(crate) struct Photos {
    pub settings: Settings,
    pub cache: Option<Cache>,
    /// Images processed (decoded and encoded) by this build.
    pub processed: AtomicUsize,
    /// Images taken from the cache instead.
    pub cached: AtomicUsize,
    /// Remote images are downloaded within these limits; None: never.
    fetch_limits: Option<fetch::Limits>,
}

/// How many images a build processed and how many came from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageWork {
    pub processed: usize,
    pub cached: usize,
}

impl Photos {
    pub(crate) fn new(settings: Settings, cache: Option<Cache>) -> Photos {
        Photos {
            settings,
            cache,
            processed: AtomicUsize::new(0),
            cached: AtomicUsize::new(0),
            fetch_limits: None,
        }
    }

    /// True when remote images are downloaded (`[images] fetch`).
    pub(crate) fn fetches(&self) -> bool {
        self.fetch_limits.is_some()
    }

    pub(crate) fn work(&self) -> ImageWork {
        ImageWork {
            processed: self.processed.load(Ordering::Relaxed),
            cached: self.cached.load(Ordering::Relaxed),
        }
    }

    /// `bytes` made ready for the page: see the module documentation.
    /// The error says what is wrong with the file, in a sentence.
    pub(crate) fn prepare(&self, bytes: &[u8]) -> Result<Processed, String> {
        self.cached_or(bytes, "page", || process(bytes, &self.settings))
    }

    /// The value cached under `bytes` and `purpose`, else `make()`'s.
    pub(crate) fn cached_or<T: cache::Entry>(
        &self,
        bytes: &[u8],
        purpose: &str,
        make: impl FnOnce() -> Result<T, String>,
    ) -> Result<T, String> {
        let key = cache_key(bytes, purpose, &self.settings);
        if let Some(hit) = self.cache.as_ref().and_then(|c| c.get::<T>(&key)) {
            self.cached.fetch_add(1, Ordering::Relaxed);
            return Ok(hit);
        }
        let made = make()?;
        self.processed.fetch_add(1, Ordering::Relaxed);
        if let Some(cache) = &self.cache {
            cache.put(&key, &made);
        }
        Ok(made)
    }
}

/// The pipeline for a site with `config`: its cache unless `no_cache`.
pub(crate) fn for_site(
    config: &ImagesConfig,
    content_dir: &std::path::Path,
    no_cache: bool,
    env: &crate::options::Environment,
) -> Photos {
    let dir = match (&config.cache_dir, &env.cache_dir_override) {
        _ if no_cache => None,
        (_, Some(dir)) => Some(dir.clone()),
        (Some(dir), None) => Some(content_dir.join(dir)),
        (None, None) => env.cache_dir_default.clone(),
    };
    let mut photos = Photos::new(
        Settings::from_config(config),
        dir.map(|d| Cache::new(d, config.cache_max_mb.saturating_mul(1 << 20))),
    );
    photos.fetch_limits = config.fetch.then(|| fetch::Limits {
        max_bytes: config.fetch_max_mb.saturating_mul(1 << 20),
        timeout: std::time::Duration::from_secs(config.fetch_timeout.max(1)),
    });
    photos
}

fn cache_key(bytes: &[u8], purpose: &str, settings: &Settings) -> String {
    let mut hash = Sha256::new();
    hash.update(settings.signature().as_bytes());
    hash.update(b"\0");
    hash.update(purpose.as_bytes());
    hash.update(b"\0");
    hash.update(bytes);
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Processes one image with no cache.
pub(crate) fn process(bytes: &[u8], settings: &Settings) -> Result<Processed, String> {
    let kind = decode::sniff(bytes)
        .ok_or_else(|| "it is not a PNG, JPEG, GIF, WebP, AVIF or SVG image".to_string())?;
    match kind {
        Kind::Svg => svg::clean(bytes),
        Kind::Gif => match gif::rewrite(bytes)? {
            gif::Rewritten::Animated(animated) => Ok(animated),
            gif::Rewritten::Still(still) => raster(&still, settings),
        },
        _ => raster(bytes, settings),
    }
}

/// A still raster image: decoded upright, resized, re-encoded clean.
fn raster(bytes: &[u8], settings: &Settings) -> Result<Processed, String> {
    // Resized as stored, then turned: turning the small image is cheaper.
    let (decoded, orientation) = decode::decode_stored(bytes)?;
    let swap = decode::swaps_sides(orientation);
    let (stored_w, stored_h) = (decoded.image.width(), decoded.image.height());
    let (source_width, source_height) = if swap {
        (stored_h, stored_w)
    } else {
        (stored_w, stored_h)
    };
    let (width, height) = resize::fit(source_width, source_height, settings.max_width);
    let (resize_w, resize_h) = if swap {
        (height, width)
    } else {
        (width, height)
    };
    let pixels = resize::to_pixels(decoded.image, resize_w, resize_h, decoded.icc.as_deref())?;
    let pixels = resize::orient(pixels, orientation);
    let kept = metadata::kept_exif(decoded.exif.as_deref(), &settings.keep_metadata);
    let bytes = encode::encode(
        &pixels,
        settings.quality,
        settings.min_score,
        kept.as_deref(),
    )?;
    Ok(Processed {
        mime: "image/webp".into(),
        bytes,
        width,
        height,
        source_width,
        source_height,
    })
}
