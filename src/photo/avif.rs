//! AVIF input, decoded with zenavif (rav1d-safe, the safe-Rust port of
//! dav1d): the pixels at their own bit depth, the orientation the file's
//! `irot` and `imir` boxes ask for, and the colour space as an ICC profile
//! (the file's own, or one built with moxcms from its CICP code points) for
//! the pipeline's usual conversion to sRGB. HDR (PQ, HLG) is refused
//! rather than shown with wrong colours.

use image::metadata::Orientation;
use image::{DynamicImage, ImageBuffer};
use zenavif::{
    ColorPrimaries, DecoderConfig, ImageInfo, ImageMirror, ImageRotation, ManagedAvifDecoder, MatrixCoefficients,
    PixelBuffer, TransferCharacteristics, Unstoppable,
};
use zenpixels::{ChannelLayout, ChannelType};

use super::decode::Decoded;

/// `bytes`, an AVIF file, decoded as stored, with the orientation to apply.
/// Files over `max_pixels` are refused before any AV1 data is decoded.
pub(crate) fn decode(bytes: &[u8], max_pixels: u64) -> Result<(Decoded, Orientation), String> {
    let broken = |e: &zenavif::Error| format!("the AVIF cannot be decoded: {e}");
    // One thread, as every other image gets: images are decoded side by side.
    // The decoder's own check of the frame size bounds the AV1 frames too.
    let limit = u32::try_from(max_pixels).unwrap_or(u32::MAX);
    let config = DecoderConfig::new().threads(1).frame_size_limit(limit);
    let too_large = |w: u32, h: u32| format!("the AVIF is {w} × {h} pixels, more than broadside decodes ({max_pixels} pixels)");
    let mut decoder = ManagedAvifDecoder::new(bytes, &config).map_err(|e| match e.error() {
        zenavif::Error::ImageTooLarge { width, height } => too_large(*width, *height),
        e => broken(e),
    })?;
    let probed = decoder.probe_info().map_err(|e| broken(e.error()))?;
    if u64::from(probed.width) * u64::from(probed.height) > max_pixels {
        return Err(too_large(probed.width, probed.height));
    }
    let (pixels, info) = decoder.decode_full(&Unstoppable).map_err(|e| broken(e.error()))?;
    let icc = colour_profile(&info)?;
    check_matrix(&info)?;
    let image = to_image(pixels)?;
    let orientation = orientation(info.rotation, info.mirror);
    Ok((Decoded { image, icc, exif: info.exif }, orientation))
}

/// The ICC profile the pixels are in, when they are not sRGB already: the
/// file's own, else one made from its CICP primaries and transfer.
fn colour_profile(info: &ImageInfo) -> Result<Option<Vec<u8>>, String> {
    if let Some(icc) = &info.icc_profile {
        return Ok(Some(icc.clone()));
    }
    let (primaries, transfer) = (info.color_primaries, info.transfer_characteristics);
    if matches!(transfer, TransferCharacteristics::SMPTE2084 | TransferCharacteristics::HLG) {
        let name = if transfer == TransferCharacteristics::HLG { "HLG" } else { "PQ" };
        return Err(format!("the AVIF is HDR ({name} transfer), and broadside does not tone-map HDR images"));
    }
    // BT.709 or unstated primaries with the sRGB or BT.709 curve: sRGB as
    // browsers show it, so the pixels are used as they are.
    let srgb_like_curve = matches!(
        transfer,
        TransferCharacteristics::SRGB
            | TransferCharacteristics::BT709
            | TransferCharacteristics::BT601
            | TransferCharacteristics::BT2020_10BIT
            | TransferCharacteristics::BT2020_12BIT
            | TransferCharacteristics::UNKNOWN
    );
    let srgb_primaries = matches!(primaries, ColorPrimaries::BT709 | ColorPrimaries::UNKNOWN);
    if srgb_primaries && srgb_like_curve {
        return Ok(None);
    }
    cicp_profile(primaries, transfer).map(Some).ok_or_else(|| {
        format!(
            "the AVIF's colour space (CICP colour primaries {}, transfer characteristics {}) is not one broadside can \
             convert to sRGB",
            primaries.0, transfer.0
        )
    })
}

/// An ICC profile (bytes) for CICP `primaries` and `transfer`, made by
/// moxcms; None when moxcms knows either not. Unstated primaries are
/// BT.709's and an unstated curve is sRGB's, as browsers assume.
fn cicp_profile(primaries: ColorPrimaries, transfer: TransferCharacteristics) -> Option<Vec<u8>> {
    use moxcms::{CicpColorPrimaries, CicpProfile, ColorProfile, MatrixCoefficients as Mc, TransferCharacteristics as Tc};
    let primaries = if primaries == ColorPrimaries::UNKNOWN { ColorPrimaries::BT709 } else { primaries };
    let transfer = if transfer == TransferCharacteristics::UNKNOWN { TransferCharacteristics::SRGB } else { transfer };
    let cicp = CicpProfile {
        color_primaries: CicpColorPrimaries::try_from(primaries.0).ok()?,
        transfer_characteristics: Tc::try_from(transfer.0).ok()?,
        matrix_coefficients: Mc::Bt709,
        full_range: true,
    };
    let profile = ColorProfile::new_from_cicp(cicp);
    // moxcms leaves out what it cannot express: the CICP tag when it does
    // not know the primaries, the curves when it does not know the transfer.
    if profile.cicp.is_none() || profile.red_trc.is_none() {
        return None;
    }
    profile.encode().ok()
}

/// zenavif turns YUV into RGB with the BT.601, BT.709, BT.2020 and SMPTE 240
/// matrices (an unstated one is BT.601, as libavif takes it); any other
/// (identity, as lossless AVIFs use, YCgCo, ICtCp…) would come out in
/// wrong colours, so it is refused. Grey images have no matrix.
fn check_matrix(info: &ImageInfo) -> Result<(), String> {
    let matrix = info.matrix_coefficients;
    let known = matches!(
        matrix,
        MatrixCoefficients::BT709
            | MatrixCoefficients::UNKNOWN
            | MatrixCoefficients::FCC
            | MatrixCoefficients::BT470BG
            | MatrixCoefficients::BT601
            | MatrixCoefficients::SMPTE240
            | MatrixCoefficients::BT2020_NCL
    );
    if known || info.monochrome {
        return Ok(());
    }
    let name = match matrix {
        MatrixCoefficients::IDENTITY => " (RGB as is, as lossless AVIFs store it)",
        MatrixCoefficients::YCGCO => " (YCgCo)",
        MatrixCoefficients::ICTCP => " (ICtCp)",
        _ => "",
    };
    Err(format!(
        "the AVIF's colours are coded with matrix coefficients {}{name}, which broadside's AVIF decoder would turn \
         into wrong colours",
        matrix.0
    ))
}

/// The decoder's buffer as an image of the same layout and bit depth
/// (10- and 12-bit samples come scaled to the whole 16-bit range).
fn to_image(pixels: PixelBuffer) -> Result<DynamicImage, String> {
    let descriptor = pixels.descriptor();
    let (width, height) = (pixels.width(), pixels.height());
    let bytes = pixels.copy_to_contiguous_bytes();
    drop(pixels); // at most two copies of the pixels at any time
    let unexpected = || format!("the AVIF decoded to an unexpected pixel layout ({descriptor:?})");
    let image = match descriptor.channel_type() {
        ChannelType::U8 => match descriptor.layout() {
            ChannelLayout::Gray => ImageBuffer::from_raw(width, height, bytes).map(DynamicImage::ImageLuma8),
            ChannelLayout::GrayAlpha => ImageBuffer::from_raw(width, height, bytes).map(DynamicImage::ImageLumaA8),
            ChannelLayout::Rgb => ImageBuffer::from_raw(width, height, bytes).map(DynamicImage::ImageRgb8),
            ChannelLayout::Rgba => ImageBuffer::from_raw(width, height, bytes).map(DynamicImage::ImageRgba8),
            _ => None,
        },
        ChannelType::U16 => {
            let samples = u16_samples(bytes);
            match descriptor.layout() {
                ChannelLayout::Gray => ImageBuffer::from_raw(width, height, samples).map(DynamicImage::ImageLuma16),
                ChannelLayout::GrayAlpha => ImageBuffer::from_raw(width, height, samples).map(DynamicImage::ImageLumaA16),
                ChannelLayout::Rgb => ImageBuffer::from_raw(width, height, samples).map(DynamicImage::ImageRgb16),
                ChannelLayout::Rgba => ImageBuffer::from_raw(width, height, samples).map(DynamicImage::ImageRgba16),
                _ => None,
            }
        }
        _ => None,
    };
    image.ok_or_else(unexpected)
}

/// Native-endian 16-bit samples from their bytes (consumed, so that only
/// one of the two is held afterwards).
fn u16_samples(bytes: Vec<u8>) -> Vec<u16> {
    bytes.chunks_exact(2).map(|b| u16::from_ne_bytes([b[0], b[1]])).collect()
}

/// The EXIF-style orientation equal to the file's `irot` (quarter turns
/// anticlockwise) followed by its `imir` (axis 0: top and bottom swap;
/// axis 1: left and right swap), the order HEIF applies them in.
fn orientation(rotation: Option<ImageRotation>, mirror: Option<ImageMirror>) -> Orientation {
    use Orientation::*;
    let quarter_turns = rotation.map_or(0, |r| (r.angle / 90) % 4);
    match (quarter_turns, mirror.map(|m| m.axis)) {
        (0, None) => NoTransforms,
        (1, None) => Rotate270,
        (2, None) => Rotate180,
        (_, None) => Rotate90,
        (0, Some(0)) | (2, Some(1)) => FlipVertical,
        (0, Some(_)) | (2, Some(_)) => FlipHorizontal,
        (1, Some(0)) | (3, Some(1)) => Rotate90FlipH,
        (_, Some(_)) => Rotate270FlipH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ColorType, Rgb, RgbImage};

    fn fixture(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/avif").join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn decodes_at_the_stored_depth_with_what_rides_beside() {
        let (eight, orientation) = decode(&fixture("lead-8bit.avif"), 1 << 30).unwrap();
        assert_eq!((eight.image.width(), eight.image.height(), eight.image.color()), (320, 180, ColorType::Rgb8));
        assert_eq!(orientation, Orientation::NoTransforms);
        assert!(eight.icc.is_none(), "sRGB needs no profile");
        let exif = eight.exif.expect("the EXIF is read, for keep_metadata");
        assert!(exif.starts_with(b"II*\0"), "{:?}", &exif[..8]);
        let (ten, _) = decode(&fixture("lead-10bit.avif"), 1 << 30).unwrap();
        assert_eq!(ten.image.color(), ColorType::Rgb16);
        assert_eq!(decode(&fixture("lead-10bit.avif"), 1 << 30).unwrap().0.image, ten.image, "the same pixels every time");
        // 10-bit samples fill the 16-bit range: the cream bottom is near white.
        let bottom = ten.image.to_rgb16().get_pixel(160, 179).0;
        assert!(bottom[0] > 55_000, "{bottom:?}");
        let (grey, _) = decode(&fixture("grey.avif"), 1 << 30).unwrap();
        let [r, g, b] = grey.image.to_rgb8().get_pixel(160, 2).0;
        assert!(r == g && g == b && r < 200, "a grey blue: {r} {g} {b}");
        let (alpha, _) = decode(&fixture("alpha.avif"), 1 << 30).unwrap();
        assert_eq!(alpha.image.color(), ColorType::Rgba8);
        let (rotated, orientation) = decode(&fixture("rotated.avif"), 1 << 30).unwrap();
        assert_eq!((rotated.image.width(), rotated.image.height(), orientation), (180, 320, Orientation::Rotate270));
        let (_, orientation) = decode(&fixture("mirrored.avif"), 1 << 30).unwrap();
        assert_eq!(orientation, Orientation::FlipVertical);
        // A profile: the file's own, or one made from CICP code points.
        let icc = fixture("icc-p3.avif");
        assert!(decode(&icc, 1 << 30).unwrap().0.icc.is_some_and(|p| icc.windows(p.len()).any(|w| w == p)));
        assert!(decode(&fixture("p3.avif"), 1 << 30).unwrap().0.icc.is_some());
    }

    #[test]
    fn refuses_what_it_cannot_show_right() {
        let err = |name: &str, max: u64| decode(&fixture(name), max).err().unwrap_or_default();
        assert_eq!(err("hdr-pq.avif", 1 << 30), "the AVIF is HDR (PQ transfer), and broadside does not tone-map HDR images");
        assert!(err("lossless.avif", 1 << 30).contains("coded with matrix coefficients 0 (RGB as is"));
        assert_eq!(err("lead-8bit.avif", 320 * 180 - 1), "the AVIF is 320 × 180 pixels, more than broadside decodes (57599 pixels)");
    }

    /// Every cut of a file, and every byte of it changed, is an error or a
    /// picture, never a panic.
    #[test]
    fn broken_files_never_panic() {
        for name in ["alpha.avif", "lead-10bit.avif"] {
            let whole = fixture(name);
            for end in 0..whole.len() {
                let _ = decode(&whole[..end], 1 << 30);
            }
            for at in 0..whole.len() {
                for flip in [0x01, 0x80, 0xff] {
                    let mut bytes = whole.clone();
                    bytes[at] ^= flip;
                    let _ = decode(&bytes, 1 << 30);
                }
            }
        }
    }

    /// Every `irot` and `imir` pair gives the orientation that turns a
    /// picture as HEIF says: first anticlockwise, then mirrored.
    #[test]
    fn irot_and_imir_become_the_orientation_heif_means() {
        let stored = DynamicImage::ImageRgb8(RgbImage::from_fn(3, 2, |x, y| Rgb([x as u8, y as u8, 0])));
        for turns in 0..4u16 {
            for axis in [None, Some(0u8), Some(1)] {
                let mut expected = stored.clone();
                for _ in 0..turns {
                    expected = expected.rotate270(); // a quarter turn anticlockwise
                }
                match axis {
                    Some(0) => expected = expected.flipv(),
                    Some(_) => expected = expected.fliph(),
                    None => {}
                }
                let mut got = stored.clone();
                got.apply_orientation(orientation(
                    Some(ImageRotation { angle: turns * 90 }),
                    axis.map(|axis| ImageMirror { axis }),
                ));
                assert_eq!(got, expected, "irot {turns}, imir {axis:?}");
            }
        }
        assert_eq!(orientation(None, None), Orientation::NoTransforms);
    }

    #[test]
    fn cicp_profiles_for_wide_gamut_only() {
        // Display P3 and BT.2020 (SDR) are profiles moxcms can make.
        assert!(cicp_profile(ColorPrimaries::SMPTE432, TransferCharacteristics::SRGB).is_some());
        assert!(cicp_profile(ColorPrimaries::BT2020, TransferCharacteristics::BT2020_10BIT).is_some());
        assert!(cicp_profile(ColorPrimaries::BT709, TransferCharacteristics::LINEAR).is_some());
        // Reserved code points are not.
        assert!(cicp_profile(ColorPrimaries(3), TransferCharacteristics::SRGB).is_none());
        assert!(cicp_profile(ColorPrimaries::BT709, TransferCharacteristics(3)).is_none());
    }
}
