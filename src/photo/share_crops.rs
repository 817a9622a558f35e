//! Share crops: the lead photo cropped for social cards and search
//! results, published beside the page as metadata-free JPEGs (every network
//! reads JPEG; not all read WebP).
//!
//! - `share`: 1.91:1, 1200 × 628, the `og:image` and `twitter:image`;
//! - `16x9`, `4x3`, `1x1`: the three crops Google asks for in the JSON-LD
//!   `image` (each at least 50,000 pixels; 1200 px wide when the photo is).
//!
//! Crops are centred across and a little above centre down (faces and
//! headlines sit in the upper part of most news photos). Nothing is ever
//! enlarged: a photo narrower than 1200 px gives smaller crops, and `check`
//! says so.

use image::ImageEncoder;
use image::codecs::jpeg::JpegEncoder;

use super::decode;
use super::metadata;
use super::resize::{self, Pixels};
use super::{Processed, Settings};

/// The width share images are made at, when the photo is that wide.
pub(crate) const SHARE_WIDTH: u32 = 1200;

/// JPEG quality of share images: they are fetched once by each network and
/// then recompressed by it, so they are kept well above the page's quality.
const JPEG_QUALITY: u8 = 85;

/// The crops, by name and aspect ratio (width / height).
pub(crate) const CROPS: &[(&str, u32, u32)] = &[
    ("share", 191, 100),
    ("16x9", 16, 9),
    ("4x3", 4, 3),
    ("1x1", 1, 1),
];

/// The crops of `bytes`, in the order of [`CROPS`].
///
/// The photo is decoded once and shrunk once, to the largest scale any
/// crop needs (for a 4032 × 3024 photo, 1600 × 1200: the 1:1 crop's), and
/// every crop is cut and resized from that: four Lanczos passes over two
/// megapixels instead of over the whole photo each.
pub(crate) fn crops(bytes: &[u8], settings: &Settings) -> Result<Vec<Processed>, String> {
    let decoded = decode::decode(bytes)?;
    let kept = metadata::kept_exif(decoded.exif.as_deref(), &settings.keep_metadata);
    let (src_w, src_h) = (decoded.image.width(), decoded.image.height());
    let boxes: Vec<_> = CROPS
        .iter()
        .map(|&(_, rw, rh)| {
            let (left, top, cw, ch) = crop_box(src_w, src_h, rw, rh);
            let out_w = cw.min(SHARE_WIDTH);
            let out_h =
                ((u64::from(out_w) * u64::from(rh) * 100 / u64::from(rw) + 50) / 100).max(1) as u32;
            ((left, top, cw, ch), (out_w, out_h))
        })
        .collect();
    let scale = boxes
        .iter()
        .map(|&((_, _, cw, _), (out_w, _))| f64::from(out_w) / f64::from(cw))
        .fold(0.0, f64::max);
    let (base, base_w, base_h) = shrunk(opaque_rgb(decoded.image), src_w, src_h, scale)?;
    let (sx, sy) = (
        f64::from(base_w) / f64::from(src_w),
        f64::from(base_h) / f64::from(src_h),
    );
    boxes
        .into_iter()
        .map(|((left, top, cw, ch), (out_w, out_h))| {
            let crop = (
                f64::from(left) * sx,
                f64::from(top) * sy,
                f64::from(cw) * sx,
                f64::from(ch) * sy,
            );
            let data = resize::resample_crop(&base, base_w, base_h, crop, out_w, out_h)?;
            let mut pixels = Pixels {
                data,
                width: out_w,
                height: out_h,
                alpha: false,
            };
            if let Some(icc) = decoded.icc.as_deref() {
                resize::to_srgb(&mut pixels, icc);
            }
            Ok(Processed {
                mime: "image/jpeg".into(),
                bytes: jpeg(&pixels, kept.as_ref())?,
                width: out_w,
                height: out_h,
                source_width: src_w,
                source_height: src_h,
            })
        })
        .collect()
}

/// The RGB pixels of `image`, any transparency flattened onto white (JPEG
/// has none); an opaque image is converted without that pass.
fn opaque_rgb(image: image::DynamicImage) -> Vec<u8> {
    if !image.color().has_alpha() {
        return image.into_rgb8().into_raw();
    }
    let rgba = image.into_rgba8();
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for p in rgba.pixels() {
        let a = u16::from(p[3]);
        for c in &p.0[..3] {
            rgb.push(((u16::from(*c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    rgb
}

/// `rgb` (`w` × `h`) shrunk by `scale` (rounded up, so that every crop
/// still has at least the pixels it is resized to), or as it is when
/// `scale` does not shrink it.
fn shrunk(rgb: Vec<u8>, w: u32, h: u32, scale: f64) -> Result<(Vec<u8>, u32, u32), String> {
    let size = |side: u32| ((f64::from(side) * scale).ceil() as u32).clamp(1, side);
    let (bw, bh) = (size(w), size(h));
    if (bw, bh) == (w, h) {
        return Ok((rgb, w, h));
    }
    Ok((resize::resample(rgb, w, h, false, bw, bh)?, bw, bh))
}

/// `pixels` as a baseline JPEG at [`JPEG_QUALITY`], with `exif` alone as
/// its metadata.
fn jpeg(pixels: &Pixels, exif: Option<&Vec<u8>>) -> Result<Vec<u8>, String> {
    let mut jpeg = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY);
    if let Some(exif) = exif {
        encoder
            .set_exif_metadata(exif.clone())
            .map_err(|e| format!("the kept EXIF cannot be written: {e}"))?;
    }
    encoder
        .write_image(
            &pixels.data,
            pixels.width,
            pixels.height,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| format!("the share image cannot be encoded: {e}"))?;
    Ok(jpeg)
}

/// The largest box of aspect `rw`:`rh` inside `w` × `h`: centred across,
/// and with its centre 40 % of the way down.
fn crop_box(w: u32, h: u32, rw: u32, rh: u32) -> (u32, u32, u32, u32) {
    let (w64, h64, rw, rh) = (u64::from(w), u64::from(h), u64::from(rw), u64::from(rh));
    if w64 * rh > h64 * rw {
        // Too wide: full height.
        let cw = (h64 * rw / rh).max(1);
        ((w64 - cw) as u32 / 2, 0, cw as u32, h)
    } else {
        let ch = (w64 * rh / rw).max(1);
        let top = (h64 * 2 / 5).saturating_sub(ch / 2).min(h64 - ch);
        (0, top as u32, w, ch as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_boxes() {
        assert_eq!(crop_box(4032, 3024, 1, 1), (504, 0, 3024, 3024));
        assert_eq!(crop_box(4032, 3024, 191, 100), (0, 154, 4032, 2110));
        // Portrait to landscape: the box sits above the centre.
        assert_eq!(crop_box(3024, 4032, 16, 9), (0, 762, 3024, 1701));
        assert_eq!(crop_box(100, 100, 1, 1), (0, 0, 100, 100));
    }
}
