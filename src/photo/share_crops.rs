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
pub(crate) fn crops(bytes: &[u8], settings: &Settings) -> Result<Vec<Processed>, String> {
    let decoded = decode::decode(bytes)?;
    let kept = metadata::kept_exif(decoded.exif.as_deref(), &settings.keep_metadata);
    let (src_w, src_h) = (decoded.image.width(), decoded.image.height());
    // Flatten any transparency onto white: JPEG has none.
    let rgba = decoded.image.into_rgba8();
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for p in rgba.pixels() {
        let a = u16::from(p[3]);
        for c in &p.0[..3] {
            rgb.push(((u16::from(*c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    drop(rgba);
    CROPS
        .iter()
        .map(|&(_, rw, rh)| {
            let (left, top, cw, ch) = crop_box(src_w, src_h, rw, rh);
            let out_w = cw.min(SHARE_WIDTH);
            let out_h =
                ((u64::from(out_w) * u64::from(rh) * 100 / u64::from(rw) + 50) / 100).max(1) as u32;
            let data =
                resize::resample_crop(&rgb, src_w, src_h, (left, top, cw, ch), out_w, out_h)?;
            let mut pixels = Pixels {
                data,
                width: out_w,
                height: out_h,
                alpha: false,
            };
            if let Some(icc) = decoded.icc.as_deref() {
                resize::to_srgb(&mut pixels, icc);
            }
            let mut jpeg = Vec::new();
            let mut encoder = JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY);
            if let Some(exif) = &kept {
                encoder
                    .set_exif_metadata(exif.clone())
                    .map_err(|e| format!("the kept EXIF cannot be written: {e}"))?;
            }
            encoder
                .write_image(&pixels.data, out_w, out_h, image::ExtendedColorType::Rgb8)
                .map_err(|e| format!("the share image cannot be encoded: {e}"))?;
            Ok(Processed {
                mime: "image/jpeg".into(),
                bytes: jpeg,
                width: out_w,
                height: out_h,
                source_width: src_w,
                source_height: src_h,
            })
        })
        .collect()
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
