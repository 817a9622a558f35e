//! Encoding: photographs as lossy WebP, checked with SSIMULACRA2; graphics
//! with few colours as lossless WebP; flat graphics with many colours
//! (screenshots, charts with anti-aliased text) as lossy WebP at the page's
//! quality, unchecked. libwebp's settings are pinned and it runs on one
//! thread, so the bytes are the same on every machine and every run.
//!
//! Why WebP: at equal SSIMULACRA2 it is about a quarter smaller than
//! mozjpeg's JPEG; AVIF is smaller still but takes several times as long to
//! encode (see BENCHMARKS.md, "Which format").

use webp::{Encoder, PixelLayout, WebPConfig};

use super::resize::Pixels;
use super::{metadata, score};

/// More distinct colours than this and an image is a photograph.
const GRAPHIC_COLOURS: usize = 256;

/// At least this share of flat pixels (in thousandths, see [`flat_share`])
/// and an image with many colours is still a graphic: lossy WebP at the
/// page's quality, with no search over qualities (SSIMULACRA2 is made for
/// photographs; text and lines at `quality` score well above the floor).
const FLAT_SHARE: u32 = 600;

/// Qualities added to `quality` when a photograph scores too low, in turn.
const RAISES: &[f32] = &[9.0, 16.0, 22.0];

/// `pixels` as a WebP file; `exif`, when given, is the only metadata written.
/// A photograph is encoded at `quality`, then higher until its SSIMULACRA2
/// reaches `min_score` (0: never checked) or the qualities run out; a flat
/// graphic (see [`flat_share`]) is encoded at `quality` once.
pub(crate) fn encode(
    pixels: &Pixels,
    quality: f32,
    min_score: f32,
    exif: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let webp = if is_graphic(pixels) {
        lossless(pixels)?
    } else if flat_share(pixels) >= FLAT_SHARE {
        lossy(pixels, quality)?
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

/// The share of pixels, in thousandths, equal to the pixel on their left.
/// Flat areas of one colour make a screenshot, chart or diagram (anti-aliased
/// text and lines give it more than [`GRAPHIC_COLOURS`]); a photograph's
/// grain makes neighbours differ almost everywhere.
pub(crate) fn flat_share(pixels: &Pixels) -> u32 {
    let step = if pixels.alpha { 4 } else { 3 };
    let row = pixels.width as usize * step;
    let (mut same, mut pairs) = (0u64, 0u64);
    for line in pixels.data.chunks_exact(row.max(1)) {
        let (left, right) = (&line[..row - step], &line[step..]);
        pairs += (pixels.width as u64).saturating_sub(1);
        same += left
            .chunks_exact(step)
            .zip(right.chunks_exact(step))
            .filter(|(a, b)| a == b)
            .count() as u64;
    }
    (same * 1000 / pairs.max(1)) as u32
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pixels(width: u32, height: u32, colour: impl Fn(u32, u32) -> [u8; 3]) -> Pixels {
        let mut data = Vec::new();
        for y in 0..height {
            for x in 0..width {
                data.extend(colour(x, y));
            }
        }
        Pixels {
            data,
            width,
            height,
            alpha: false,
        }
    }

    #[test]
    fn flat_share_tells_screenshots_from_photographs() {
        // A white page with a band of grey text-like stripes: mostly flat.
        let screenshot = pixels(100, 50, |x, y| {
            if (10..20).contains(&y) && x % 4 == 0 {
                [x as u8, 40, 90]
            } else {
                [255, 255, 255]
            }
        });
        assert!(flat_share(&screenshot) >= FLAT_SHARE);
        // Every neighbour differs, as a photograph's grain makes them.
        let photo = pixels(100, 50, |x, y| [(x * 7 + y) as u8, (x * 3) as u8, y as u8]);
        assert_eq!(flat_share(&photo), 0);
        assert_eq!(flat_share(&pixels(1, 5, |_, _| [0, 0, 0])), 0);
    }
}
