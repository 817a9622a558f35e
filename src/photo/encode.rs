//! Encoding: photographs as lossy WebP, graphics (few colours) as lossless
//! WebP, with libwebp's settings pinned and one thread, so the bytes are the
//! same on every machine and every run.
//!
//! Why WebP: at equal SSIMULACRA2 it is about a quarter smaller than
//! mozjpeg's JPEG; AVIF is smaller still but takes several times as long to
//! encode (see BENCHMARKS.md, "Which format").

use webp::{Encoder, PixelLayout, WebPConfig};

use super::resize::Pixels;
use super::{metadata, score};

/// More distinct colours than this and an image is a photograph.
const GRAPHIC_COLOURS: usize = 256;

/// Qualities added to `quality` when a photograph scores too low, in turn.
const RAISES: &[f32] = &[9.0, 16.0, 22.0];

/// `pixels` as a WebP file; `exif`, when given, is the only metadata written.
/// A photograph is encoded at `quality`, then higher until its SSIMULACRA2
/// reaches `min_score` (0: never checked) or the qualities run out.
pub(crate) fn encode(
    pixels: &Pixels,
    quality: f32,
    min_score: f32,
    exif: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let webp = if is_graphic(pixels) {
        lossless(pixels)?
    } else {
        photograph(pixels, quality, min_score)?
    };
    match exif {
        Some(exif) => metadata::webp_with_exif(webp, exif),
        None => Ok(webp),
    }
}

/// True when `pixels` have at most [`GRAPHIC_COLOURS`] distinct colours:
/// a chart, a logo or a screenshot, which lossy coding would smear.
pub(crate) fn is_graphic(pixels: &Pixels) -> bool {
    let step = if pixels.alpha { 4 } else { 3 };
    let mut seen = std::collections::HashSet::with_capacity(GRAPHIC_COLOURS + 1);
    for p in pixels.data.chunks_exact(step) {
        let colour = u32::from_le_bytes([p[0], p[1], p[2], if step == 4 { p[3] } else { 255 }]);
        if seen.insert(colour) && seen.len() > GRAPHIC_COLOURS {
            return false;
        }
    }
    true
}

fn photograph(pixels: &Pixels, quality: f32, min_score: f32) -> Result<Vec<u8>, String> {
    let mut webp = lossy(pixels, quality)?;
    if min_score <= 0.0 {
        return Ok(webp);
    }
    for raise in std::iter::once(0.0).chain(RAISES.iter().copied()) {
        let q = (quality + raise).min(100.0);
        if raise > 0.0 {
            webp = lossy(pixels, q)?;
        }
        if score::ssimulacra2(pixels, &webp)? >= f64::from(min_score) || q >= 100.0 {
            break;
        }
    }
    Ok(webp)
}

fn config() -> Result<WebPConfig, String> {
    let mut config =
        WebPConfig::new().map_err(|()| "libwebp refused its default settings".to_string())?;
    config.thread_level = 0;
    config.low_memory = 0;
    Ok(config)
}

fn lossy(pixels: &Pixels, quality: f32) -> Result<Vec<u8>, String> {
    let mut config = config()?;
    config.quality = quality.clamp(0.0, 100.0);
    config.method = 4;
    config.use_sharp_yuv = 1;
    config.alpha_quality = 100;
    run(pixels, &config)
}

fn lossless(pixels: &Pixels) -> Result<Vec<u8>, String> {
    let mut config = config()?;
    config.lossless = 1;
    config.quality = 75.0;
    config.method = 4;
    run(pixels, &config)
}

fn run(pixels: &Pixels, config: &WebPConfig) -> Result<Vec<u8>, String> {
    let layout = if pixels.alpha {
        PixelLayout::Rgba
    } else {
        PixelLayout::Rgb
    };
    let encoder = Encoder::new(&pixels.data, layout, pixels.width, pixels.height);
    let memory = encoder
        .encode_advanced(config)
        .map_err(|e| format!("the WebP encoder failed: {e:?}"))?;
    Ok(memory.to_vec())
}
