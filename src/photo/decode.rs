//! Decoding: what kind of image some bytes are (by their content, never by
//! a file name), and a still image's pixels turned upright by its EXIF
//! orientation (an AVIF's by its `irot` and `imir` boxes), with its colour
//! profile and EXIF kept aside (they are used, never copied to the output).

use std::io::Cursor;

pub(crate) use super::pixels::Decoded;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Decoded images larger than this many pixels are refused (a 100-MP photo
/// is 10,000 × 10,000; a decompression bomb claims far more).
const MAX_PIXELS: u64 = 120_000_000;

/// What an image is, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Png,
    Jpeg,
    Gif,
    WebP,
    Avif,
    Svg,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Png => "PNG",
            Kind::Jpeg => "JPEG",
            Kind::Gif => "GIF",
            Kind::WebP => "WebP",
            Kind::Avif => "AVIF",
            Kind::Svg => "SVG",
        }
    }
}

/// The kind of image `bytes` hold, or None when they are none we read:
/// rasters by their magic bytes (the `image` crate's table), SVG by
/// parsing it as XML.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Kind> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => Some(Kind::Png),
        Ok(ImageFormat::Jpeg) => Some(Kind::Jpeg),
        Ok(ImageFormat::Gif) => Some(Kind::Gif),
        Ok(ImageFormat::WebP) => Some(Kind::WebP),
        Ok(ImageFormat::Avif) => Some(Kind::Avif),
        Ok(_) => None,
        Err(_) => super::svg::size(bytes).map(|_| Kind::Svg),
    }
}

/// Decodes the first frame of `bytes` and applies its EXIF orientation.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let (mut decoded, orientation) = decode_stored(bytes)?;
    decoded.image.apply_orientation(orientation);
    Ok(decoded)
}

/// Decodes the first frame of `bytes` as stored, with the orientation to
/// apply (cheaper on the small image after resizing than on the original).
pub(crate) fn decode_stored(bytes: &[u8]) -> Result<(Decoded, Orientation), String> {
    let kind = sniff(bytes).map_or("image", Kind::name);
    if kind == "AVIF" {
        return super::avif::decode(bytes, MAX_PIXELS);
    }
    let broken = |e: image::ImageError| format!("the {kind} cannot be decoded: {e}");
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "the {kind} is {w} × {h} pixels, more than broadside decodes ({MAX_PIXELS} pixels)"
        ));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let exif = decoder.exif_metadata().ok().flatten();
    let image = DynamicImage::from_decoder(decoder).map_err(broken)?;
    Ok((Decoded { image, icc, exif }, orientation))
}

/// True when `orientation` turns the image a quarter (width and height swap).
pub(crate) fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(Kind::Png));
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0]), Some(Kind::Jpeg));
        assert_eq!(sniff(b"GIF89a...."), Some(Kind::Gif));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Kind::WebP));
        assert_eq!(sniff(b"\0\0\0\x1cftypavif\0\0\0\0"), Some(Kind::Avif));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"x\"/>"),
            Some(Kind::Svg)
        );
        assert_eq!(sniff(b"<!doctype html><html><body>not an image"), None);
        assert_eq!(sniff(b""), None);
    }
}
