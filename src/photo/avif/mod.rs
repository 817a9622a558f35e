//! AVIF input, read with permissively licensed pure-Rust crates:
//! zenavif-parse (MPL-2.0) for the container, re_rav1d (BSD-2-Clause, a
//! port of dav1d) for the AV1 pictures, and the YUV-to-RGB step here. The
//! pixels come at their own bit depth (8-bit, or 10- and 12-bit scaled to
//! 16), with the orientation the file's `irot` and `imir` boxes ask for,
//! and the colour space as an ICC profile (the file's own, or one built
//! with moxcms from its CICP code points) for the pipeline's usual
//! conversion to sRGB. HDR (PQ, HLG) is refused rather than shown with
//! wrong colours.

use std::borrow::Cow;

use image::DynamicImage;
use image::metadata::Orientation;
use re_rav1d::dav1d::{self, PixelLayout};
use zenavif_parse::{
    AV1Metadata, AvifParser, ColorInformation, DecodeConfig, ImageMirror, ImageRotation,
    Unstoppable,
};

use super::pixels::Decoded;
use yuv::to_image;

#[cfg(test)]
mod tests;
mod yuv;

/// The CICP code points (ITU-T H.273) that say what a picture's numbers
/// mean: from the file's `colr` box of type `nclx`, else from the AV1
/// sequence header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cicp {
    primaries: u16,
    transfer: u16,
    matrix: u16,
    full_range: bool,
}

// The H.273 code points named in this file.
const PRIMARIES_BT709: u16 = 1;
const UNSPECIFIED: u16 = 2;
const TRANSFER_BT709: u16 = 1;
const TRANSFER_BT601: u16 = 6;
const TRANSFER_SRGB: u16 = 13;
const TRANSFER_BT2020_10BIT: u16 = 14;
const TRANSFER_BT2020_12BIT: u16 = 15;
const TRANSFER_PQ: u16 = 16;
const TRANSFER_HLG: u16 = 18;
const MATRIX_IDENTITY: u16 = 0;

/// `bytes`, an AVIF file, decoded as stored, with the orientation to apply.
/// Files over `max_pixels` are refused before any AV1 data is decoded.
pub(crate) fn decode(bytes: &[u8], max_pixels: u64) -> Result<(Decoded, Orientation), String> {
    let parser = AvifParser::from_bytes_with_config(bytes, &DecodeConfig::default(), &Unstoppable)
        .map_err(|e| broken(&e))?;
    let grid = parser.grid_config().cloned();
    let size = checked_size(&parser, grid.as_ref(), max_pixels)?;
    let (image, cicp) = match &grid {
        None => decode_single(&parser, max_pixels)?,
        Some(g) => decode_grid(&parser, g, size, max_pixels)?,
    };
    let icc = match parser.color_info() {
        Some(ColorInformation::IccProfile(icc)) => Some(icc.as_slice()),
        _ => None,
    };
    let icc = colour_profile(icc, cicp)?;
    let exif = parser.exif().and_then(Result::ok).map(Cow::into_owned);
    let orientation = orientation(parser.rotation().copied(), parser.mirror().copied());
    Ok((Decoded { image, icc, exif }, orientation))
}

/// Why an AVIF cannot be read.
fn broken(e: &dyn std::fmt::Display) -> String {
    format!("the AVIF cannot be decoded: {e}")
}

/// An image's size and its tiles' (the same for one picture), in pixels.
#[derive(Clone, Copy)]
struct Size {
    width: u64,
    height: u64,
    tile_width: u64,
    tile_height: u64,
}

/// The size, from the AV1 sequence header (of the first tile, for a
/// grid), checked against `max_pixels` before anything is decoded.
fn checked_size(
    parser: &AvifParser<'_>,
    grid: Option<&zenavif_parse::GridConfig>,
    max_pixels: u64,
) -> Result<Size, String> {
    let first = match grid {
        Some(_) => parser.tile_data(0),
        None => parser.primary_data(),
    }
    .map_err(|e| broken(&e))?;
    let header = AV1Metadata::parse_av1_bitstream(&first).map_err(|e| broken(&e))?;
    let (tile_width, tile_height) = (
        u64::from(header.max_frame_width.get()),
        u64::from(header.max_frame_height.get()),
    );
    let (width, height) = match grid {
        Some(g) if g.output_width > 0 && g.output_height > 0 => {
            (u64::from(g.output_width), u64::from(g.output_height))
        }
        Some(g) => (
            tile_width * u64::from(g.columns),
            tile_height * u64::from(g.rows),
        ),
        None => (tile_width, tile_height),
    };
    if width * height > max_pixels || tile_width * tile_height > max_pixels {
        return Err(format!(
            "the AVIF is {width} × {height} pixels, more than broadside decodes ({max_pixels} pixels)"
        ));
    }
    Ok(Size {
        width,
        height,
        tile_width,
        tile_height,
    })
}

/// A picture of one AV1 item, with its transparency when it has one.
fn decode_single(parser: &AvifParser<'_>, max_pixels: u64) -> Result<(DynamicImage, Cicp), String> {
    let colour = decode_av1(&parser.primary_data().map_err(|e| broken(&e))?, max_pixels)?;
    let alpha = match parser.alpha_data() {
        Some(data) => Some(decode_av1(&data.map_err(|e| broken(&e))?, max_pixels)?),
        None => None,
    };
    let cicp = cicp_of(parser.color_info(), &colour);
    check_matrix(cicp, &colour)?;
    let image = to_image(&colour, alpha.as_ref(), cicp, parser.premultiplied_alpha())?;
    Ok((image, cicp))
}

/// A grid of tiles, each decoded and put in its place on one canvas.
fn decode_grid(
    parser: &AvifParser<'_>,
    g: &zenavif_parse::GridConfig,
    size: Size,
    max_pixels: u64,
) -> Result<(DynamicImage, Cicp), String> {
    if parser.alpha_data().is_some() {
        return Err(
            "the AVIF is a grid of tiles with transparency, which broadside does not read"
                .to_string(),
        );
    }
    let tiles = usize::from(g.rows) * usize::from(g.columns);
    if parser.grid_tile_count() != tiles {
        return Err(broken(&format!(
            "its grid has {} tiles, not {tiles}",
            parser.grid_tile_count()
        )));
    }
    let mut canvas: Option<DynamicImage> = None;
    let mut cicp = None;
    for index in 0..tiles {
        let tile = decode_av1(
            &parser.tile_data(index).map_err(|e| broken(&e))?,
            max_pixels,
        )?;
        if u64::from(tile.width()) != size.tile_width
            || u64::from(tile.height()) != size.tile_height
        {
            return Err(broken(&"its grid's tiles differ in size"));
        }
        let tile_cicp = *cicp.get_or_insert_with(|| cicp_of(parser.color_info(), &tile));
        check_matrix(tile_cicp, &tile)?;
        let image = to_image(&tile, None, tile_cicp, false)?;
        let canvas = canvas.get_or_insert_with(|| blank_like(&image, size));
        if canvas.color() != image.color() {
            return Err(broken(&"its grid's tiles differ in format"));
        }
        let (column, row) = (
            (index % usize::from(g.columns)) as i64,
            (index / usize::from(g.columns)) as i64,
        );
        let (x, y) = (
            column * size.tile_width as i64,
            row * size.tile_height as i64,
        );
        image::imageops::replace(canvas, &image, x, y);
    }
    let canvas = canvas.ok_or_else(|| broken(&"its grid has no tiles"))?;
    Ok((canvas, cicp.unwrap_or(NO_CICP)))
}

/// A blank canvas of the whole grid's size, in a tile's pixel format.
fn blank_like(tile: &DynamicImage, size: Size) -> DynamicImage {
    // At most max_pixels, checked before any tile was decoded.
    let (width, height) = (size.width as u32, size.height as u32);
    match tile {
        DynamicImage::ImageLuma8(_) => DynamicImage::new_luma8(width, height),
        DynamicImage::ImageLuma16(_) => DynamicImage::new_luma16(width, height),
        DynamicImage::ImageRgb8(_) => DynamicImage::new_rgb8(width, height),
        _ => DynamicImage::new_rgb16(width, height),
    }
}

/// What an image without colour signalling is taken to be.
const NO_CICP: Cicp = Cicp {
    primaries: UNSPECIFIED,
    transfer: UNSPECIFIED,
    matrix: UNSPECIFIED,
    full_range: true,
};

/// The picture's CICP: the `colr` box's when it has one of type `nclx`
/// (the container's word wins, as in libavif), else the AV1 sequence
/// header's.
fn cicp_of(colr: Option<&ColorInformation>, picture: &dav1d::Picture) -> Cicp {
    match colr {
        Some(&ColorInformation::Nclx {
            color_primaries,
            transfer_characteristics,
            matrix_coefficients,
            full_range,
        }) => Cicp {
            primaries: color_primaries,
            transfer: transfer_characteristics,
            matrix: matrix_coefficients,
            full_range,
        },
        _ => Cicp {
            primaries: picture.color_primaries() as u16,
            transfer: picture.transfer_characteristic() as u16,
            matrix: picture.matrix_coefficients() as u16,
            full_range: picture.color_range() == re_rav1d::dav1d::pixel::YUVRange::Full,
        },
    }
}

/// One AV1 picture (a still image: the first frame) from `data`, decoded
/// by re_rav1d with as many threads as the machine has (up to 8): AV1
/// decoding is exact by the standard, so the pixels do not depend on how
/// the work was shared out, and a 12-MP picture takes half the time on
/// two cores.
fn decode_av1(data: &[u8], max_pixels: u64) -> Result<dav1d::Picture, String> {
    let broken = |e: &dyn std::fmt::Display| format!("the AVIF cannot be decoded: {e}");
    if data.is_empty() {
        return Err(broken(&"its image item holds no AV1 data"));
    }
    let mut settings = dav1d::Settings::new();
    settings
        .set_n_threads(std::thread::available_parallelism().map_or(1, |n| n.get().min(8)) as u32);
    settings.set_max_frame_delay(1);
    settings.set_all_layers(false);
    settings.set_frame_size_limit(u32::try_from(max_pixels).unwrap_or(u32::MAX));
    let mut decoder = dav1d::Decoder::with_settings(&settings).map_err(|e| broken(&e))?;
    match decoder.send_data(data.to_vec(), None, None, None) {
        Ok(()) | Err(dav1d::Error::Again) => {}
        Err(e) => return Err(broken(&e)),
    }
    // Hand over what is left of the data until a picture comes out; the
    // bound only guards against a decoder that neither takes data nor
    // gives a picture.
    for _ in 0..64 {
        match decoder.get_picture() {
            Ok(picture) => return Ok(picture),
            Err(dav1d::Error::Again) => {}
            Err(e) => return Err(broken(&e)),
        }
        match decoder.send_pending_data() {
            Ok(()) | Err(dav1d::Error::Again) => {}
            Err(e) => return Err(broken(&e)),
        }
    }
    Err(broken(&"its AV1 data holds no picture"))
}

/// An ICC profile the pixels are in, when they are not sRGB already: the
/// file's own, else one made from its CICP primaries and transfer.
fn colour_profile(icc: Option<&[u8]>, cicp: Cicp) -> Result<Option<Vec<u8>>, String> {
    if let Some(icc) = icc {
        return Ok(Some(icc.to_vec()));
    }
    let (primaries, transfer) = (cicp.primaries, cicp.transfer);
    if matches!(transfer, TRANSFER_PQ | TRANSFER_HLG) {
        let name = if transfer == TRANSFER_HLG {
            "HLG"
        } else {
            "PQ"
        };
        return Err(format!(
            "the AVIF is HDR ({name} transfer), and broadside does not tone-map HDR images"
        ));
    }
    // BT.709 or unstated primaries with the sRGB or BT.709 curve: sRGB as
    // browsers show it, so the pixels are used as they are.
    let srgb_like_curve = matches!(
        transfer,
        TRANSFER_SRGB
            | TRANSFER_BT709
            | TRANSFER_BT601
            | TRANSFER_BT2020_10BIT
            | TRANSFER_BT2020_12BIT
            | UNSPECIFIED
    );
    let srgb_primaries = matches!(primaries, PRIMARIES_BT709 | UNSPECIFIED);
    if srgb_primaries && srgb_like_curve {
        return Ok(None);
    }
    cicp_profile(primaries, transfer).map(Some).ok_or_else(|| {
        format!(
            "the AVIF's colour space (CICP colour primaries {primaries}, transfer characteristics {transfer}) is not one \
             broadside can convert to sRGB"
        )
    })
}

/// An ICC profile (bytes) for CICP `primaries` and `transfer`, made by
/// moxcms; None when moxcms knows either not. Unstated primaries are
/// BT.709's and an unstated curve is sRGB's, as browsers assume.
fn cicp_profile(primaries: u16, transfer: u16) -> Option<Vec<u8>> {
    use moxcms::{
        CicpColorPrimaries, CicpProfile, ColorProfile, MatrixCoefficients as Mc,
        TransferCharacteristics as Tc,
    };
    let primaries = if primaries == UNSPECIFIED {
        PRIMARIES_BT709
    } else {
        primaries
    };
    let transfer = if transfer == UNSPECIFIED {
        TRANSFER_SRGB
    } else {
        transfer
    };
    let cicp = CicpProfile {
        color_primaries: CicpColorPrimaries::try_from(u8::try_from(primaries).ok()?).ok()?,
        transfer_characteristics: Tc::try_from(u8::try_from(transfer).ok()?).ok()?,
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

/// The luma weights (Kr, Kb) of the YCbCr matrices broadside converts
/// (H.273 table 4): BT.709; unstated, BT.470 BG and BT.601, taken as BT.601
/// as libavif does; FCC; SMPTE 240; BT.2020 (non-constant luminance). The
/// identity matrix (RGB as is, as lossless AVIFs store it) has none; any
/// other (YCgCo, ICtCp, constant luminance…) is refused by [`check_matrix`].
fn luma_weights(matrix: u16) -> Option<(f32, f32)> {
    match matrix {
        1 => Some((0.2126, 0.0722)),
        2 | 5 | 6 => Some((0.299, 0.114)),
        4 => Some((0.30, 0.11)),
        7 => Some((0.212, 0.087)),
        9 => Some((0.2627, 0.0593)),
        _ => None,
    }
}

/// Refuses a matrix [`to_image`] would turn into wrong colours. Grey
/// images have no matrix; the identity one needs chroma at full size, as
/// AV1 requires for it.
fn check_matrix(cicp: Cicp, picture: &dav1d::Picture) -> Result<(), String> {
    let layout = picture.pixel_layout();
    if layout == PixelLayout::I400 || luma_weights(cicp.matrix).is_some() {
        return Ok(());
    }
    if cicp.matrix == MATRIX_IDENTITY && layout == PixelLayout::I444 {
        return Ok(());
    }
    let name = match cicp.matrix {
        MATRIX_IDENTITY => " (RGB as is) with subsampled chroma",
        8 => " (YCgCo)",
        14 => " (ICtCp)",
        _ => "",
    };
    Err(format!(
        "the AVIF's colours are coded with matrix coefficients {}{name}, which broadside cannot turn into RGB",
        cicp.matrix
    ))
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
