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

use rayon::prelude::*;

use image::metadata::Orientation;
use image::{DynamicImage, ImageBuffer, Luma, LumaA, Pixel, Rgb, Rgba};
use re_rav1d::dav1d::{self, PixelLayout, PlanarImageComponent as Plane};
use zenavif_parse::{
    AV1Metadata, AvifParser, ColorInformation, DecodeConfig, ImageMirror, ImageRotation,
    Unstoppable,
};

use super::decode::Decoded;

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
    let broken = |e: &dyn std::fmt::Display| format!("the AVIF cannot be decoded: {e}");
    let parser = AvifParser::from_bytes_with_config(bytes, &DecodeConfig::default(), &Unstoppable)
        .map_err(|e| broken(&e))?;
    let too_large = |w: u64, h: u64| {
        format!("the AVIF is {w} × {h} pixels, more than broadside decodes ({max_pixels} pixels)")
    };

    // The size, from the AV1 sequence header (of the first tile, for a
    // grid), checked before anything is decoded.
    let grid = parser.grid_config().cloned();
    let first = match &grid {
        Some(_) => parser.tile_data(0),
        None => parser.primary_data(),
    }
    .map_err(|e| broken(&e))?;
    let header = AV1Metadata::parse_av1_bitstream(&first).map_err(|e| broken(&e))?;
    let (tile_w, tile_h) = (
        u64::from(header.max_frame_width.get()),
        u64::from(header.max_frame_height.get()),
    );
    let (width, height) = match &grid {
        Some(g) if g.output_width > 0 && g.output_height > 0 => {
            (u64::from(g.output_width), u64::from(g.output_height))
        }
        Some(g) => (tile_w * u64::from(g.columns), tile_h * u64::from(g.rows)),
        None => (tile_w, tile_h),
    };
    if width * height > max_pixels || tile_w * tile_h > max_pixels {
        return Err(too_large(width, height));
    }
    drop(first);

    let premultiplied = parser.premultiplied_alpha();
    let (image, cicp) = match &grid {
        None => {
            let colour = decode_av1(&parser.primary_data().map_err(|e| broken(&e))?, max_pixels)?;
            let alpha = match parser.alpha_data() {
                Some(data) => Some(decode_av1(&data.map_err(|e| broken(&e))?, max_pixels)?),
                None => None,
            };
            let cicp = cicp_of(parser.color_info(), &colour);
            check_matrix(cicp, &colour)?;
            (
                to_image(&colour, alpha.as_ref(), cicp, premultiplied)?,
                cicp,
            )
        }
        Some(g) => {
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
            let (width, height) = (width as u32, height as u32); // at most max_pixels, checked above
            let mut canvas: Option<DynamicImage> = None;
            let mut cicp = None;
            for index in 0..tiles {
                let tile = decode_av1(
                    &parser.tile_data(index).map_err(|e| broken(&e))?,
                    max_pixels,
                )?;
                if u64::from(tile.width()) != tile_w || u64::from(tile.height()) != tile_h {
                    return Err(broken(&"its grid's tiles differ in size"));
                }
                let tile_cicp = *cicp.get_or_insert_with(|| cicp_of(parser.color_info(), &tile));
                check_matrix(tile_cicp, &tile)?;
                let image = to_image(&tile, None, tile_cicp, false)?;
                let canvas = canvas.get_or_insert_with(|| match &image {
                    DynamicImage::ImageLuma8(_) => DynamicImage::new_luma8(width, height),
                    DynamicImage::ImageLuma16(_) => DynamicImage::new_luma16(width, height),
                    DynamicImage::ImageRgb8(_) => DynamicImage::new_rgb8(width, height),
                    _ => DynamicImage::new_rgb16(width, height),
                });
                if canvas.color() != image.color() {
                    return Err(broken(&"its grid's tiles differ in format"));
                }
                let (column, row) = (
                    (index % usize::from(g.columns)) as i64,
                    (index / usize::from(g.columns)) as i64,
                );
                image::imageops::replace(
                    canvas,
                    &image,
                    column * tile_w as i64,
                    row * tile_h as i64,
                );
            }
            (
                canvas.ok_or_else(|| broken(&"its grid has no tiles"))?,
                cicp.unwrap_or(NO_CICP),
            )
        }
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

/// A sample type of the output image: 8 bits for 8-bit AVIFs, 16 bits
/// (the whole range) for 10- and 12-bit ones.
trait Sample: image::Primitive + Send + Sync + 'static {
    const STEPS: f32;
    /// `value` (0 to 1) rounded to the nearest step.
    fn quantize(value: f32) -> Self;
}

impl Sample for u8 {
    const STEPS: f32 = 255.0;
    fn quantize(value: f32) -> Self {
        (value.clamp(0.0, 1.0) * Self::STEPS + 0.5) as u8
    }
}

impl Sample for u16 {
    const STEPS: f32 = 65535.0;
    fn quantize(value: f32) -> Self {
        (value.clamp(0.0, 1.0) * Self::STEPS + 0.5) as u16
    }
}

/// One plane of a decoded picture: its samples (8-bit, or 16-bit holding
/// 10 or 12 bits, native-endian), row stride in bytes and size. The
/// samples are borrowed once from re_rav1d's plane (each borrow of which
/// looks the plane up again), not at every sample.
struct PlaneRef<'a> {
    bytes: &'a [u8],
    stride: usize,
    high: bool,
    width: usize,
    height: usize,
}

impl<'a> PlaneRef<'a> {
    fn new(
        picture: &dav1d::Picture,
        data: &'a dav1d::Plane,
        plane: Plane,
        (shift_x, shift_y): (u32, u32),
    ) -> Result<Self, String> {
        let (width, height) = (picture.width() as usize, picture.height() as usize);
        let (width, height) = (
            (width + shift_x as usize) >> shift_x,
            (height + shift_y as usize) >> shift_y,
        );
        let high = picture.bit_depth() > 8;
        let stride = picture.stride(plane) as usize;
        let bytes: &'a [u8] = data;
        let row = width * if high { 2 } else { 1 };
        if height == 0 || row > stride || bytes.len() < stride * (height - 1) + row {
            return Err(
                "the AVIF cannot be decoded: the AV1 decoder gave a plane smaller than its picture"
                    .to_string(),
            );
        }
        Ok(PlaneRef {
            bytes,
            stride,
            high,
            width,
            height,
        })
    }

    /// The sample at (`x`, `y`), which the caller keeps inside the plane.
    fn at(&self, x: usize, y: usize) -> u32 {
        if self.high {
            let at = y * self.stride + 2 * x;
            u32::from(u16::from_ne_bytes([self.bytes[at], self.bytes[at + 1]]))
        } else {
            u32::from(self.bytes[y * self.stride + x])
        }
    }
}

/// The sample of a chroma plane (subsampled by `shift_x`, `shift_y`) at
/// luma position (`x`, `y`), times 16: bilinear upsampling with chroma
/// samples centred between the luma ones (weights 3/4 and 1/4 on each
/// subsampled axis, the nearest sample repeated at the edges). Integer
/// arithmetic only.
fn chroma_x16(plane: &PlaneRef<'_>, x: usize, y: usize, (shift_x, shift_y): (u32, u32)) -> u32 {
    // The nearer and the farther chroma column (row) for a luma column (row).
    let pair = |i: usize, shift: u32, len: usize| -> (usize, usize, u32, u32) {
        if shift == 0 {
            return (i, i, 4, 0);
        }
        let near = (i >> 1).min(len - 1);
        let far = if i & 1 == 0 {
            near.saturating_sub(1)
        } else {
            (near + 1).min(len - 1)
        };
        (near, far, 3, 1)
    };
    let (x0, x1, wx0, wx1) = pair(x, shift_x, plane.width);
    let (y0, y1, wy0, wy1) = pair(y, shift_y, plane.height);
    let row = |yy: usize| wx0 * plane.at(x0, yy) + wx1 * plane.at(x1, yy);
    wy0 * row(y0) + wy1 * row(y1)
}

/// The decoded `colour` picture (and its `alpha` one) as RGB(A) or grey
/// (with alpha), 8-bit or 16-bit.
fn to_image(
    colour: &dav1d::Picture,
    alpha: Option<&dav1d::Picture>,
    cicp: Cicp,
    premultiplied: bool,
) -> Result<DynamicImage, String> {
    if let Some(alpha) = alpha
        && (alpha.width(), alpha.height()) != (colour.width(), colour.height())
    {
        return Err(
            "the AVIF cannot be decoded: its transparency is not the size of its picture"
                .to_string(),
        );
    }
    let grey = colour.pixel_layout() == PixelLayout::I400;
    Ok(match (colour.bit_depth() > 8, grey, alpha.is_some()) {
        (false, true, false) => {
            DynamicImage::ImageLuma8(convert::<Luma<u8>>(colour, alpha, cicp, premultiplied)?)
        }
        (false, true, true) => {
            DynamicImage::ImageLumaA8(convert::<LumaA<u8>>(colour, alpha, cicp, premultiplied)?)
        }
        (false, false, false) => {
            DynamicImage::ImageRgb8(convert::<Rgb<u8>>(colour, alpha, cicp, premultiplied)?)
        }
        (false, false, true) => {
            DynamicImage::ImageRgba8(convert::<Rgba<u8>>(colour, alpha, cicp, premultiplied)?)
        }
        (true, true, false) => {
            DynamicImage::ImageLuma16(convert::<Luma<u16>>(colour, alpha, cicp, premultiplied)?)
        }
        (true, true, true) => {
            DynamicImage::ImageLumaA16(convert::<LumaA<u16>>(colour, alpha, cicp, premultiplied)?)
        }
        (true, false, false) => {
            DynamicImage::ImageRgb16(convert::<Rgb<u16>>(colour, alpha, cicp, premultiplied)?)
        }
        (true, false, true) => {
            DynamicImage::ImageRgba16(convert::<Rgba<u16>>(colour, alpha, cicp, premultiplied)?)
        }
    })
}

/// YUV to RGB, written out so that every CPU gives the same pixels: plain
/// scalar `f32` arithmetic (IEEE 754 rounds each `+ - * /` exactly the
/// same everywhere, and Rust neither fuses nor reorders them), with integer
/// chroma upsampling ([`chroma_x16`]) before it.
///
/// Each sample is first made a number from 0 to 1 (Y, and R G B) or -1/2 to
/// 1/2 (Cb, Cr): full range divides by 2^bits − 1 (Cb, Cr after taking
/// 2^(bits−1) away); limited ("studio") range takes 16 and 128 away and
/// divides by 219 and 224, times 2^(bits−8). Then, with the matrix's luma
/// weights Kr, Kb (Kg = 1 − Kr − Kb), as H.273 defines them:
/// R = Y + 2(1 − Kr)·Cr, B = Y + 2(1 − Kb)·Cb, G = (Y − Kr·R − Kb·B) / Kg.
/// The identity matrix stores G, B, R in the Y, Cb, Cr planes, each scaled
/// like Y. Alpha is full range unless marked otherwise; premultiplied
/// colour is divided by its alpha. The result is rounded to the nearest
/// 8- or 16-bit step.
fn convert<P>(
    colour: &dav1d::Picture,
    alpha: Option<&dav1d::Picture>,
    cicp: Cicp,
    premultiplied: bool,
) -> Result<ImageBuffer<P, Vec<P::Subpixel>>, String>
where
    P: Pixel,
    P::Subpixel: Sample,
{
    let (width, height) = (colour.width(), colour.height());
    let bits = colour.bits_per_component().map_or(8, |b| b.0) as u32;
    let steps = ((1u32 << bits) - 1) as f32;
    let unit = (1u32 << (bits - 8)) as f32; // one 8-bit step at this depth
    let layout = colour.pixel_layout();
    let shift = match layout {
        PixelLayout::I420 => (1, 1),
        PixelLayout::I422 => (1, 0),
        PixelLayout::I400 | PixelLayout::I444 => (0, 0),
    };
    let y_data = colour.plane(Plane::Y);
    let y_plane = PlaneRef::new(colour, &y_data, Plane::Y, (0, 0))?;
    let chroma_data =
        (layout != PixelLayout::I400).then(|| (colour.plane(Plane::U), colour.plane(Plane::V)));
    let chroma = match &chroma_data {
        None => None,
        Some((u, v)) => Some((
            PlaneRef::new(colour, u, Plane::U, shift)?,
            PlaneRef::new(colour, v, Plane::V, shift)?,
        )),
    };
    let alpha_data = alpha.map(|alpha| alpha.plane(Plane::Y));
    let alpha = match (alpha, &alpha_data) {
        (Some(alpha), Some(data)) => {
            let a_bits = alpha.bits_per_component().map_or(8, |b| b.0) as u32;
            let full = alpha.color_range() == re_rav1d::dav1d::pixel::YUVRange::Full;
            Some((PlaneRef::new(alpha, data, Plane::Y, (0, 0))?, a_bits, full))
        }
        _ => None,
    };
    // Y (and identity-matrix G B R) and chroma to 0..1 and -1/2..1/2.
    let luma = |v: u32| {
        if cicp.full_range {
            v as f32 / steps
        } else {
            (v as f32 - 16.0 * unit) / (219.0 * unit)
        }
    };
    let centred = |v16: u32| {
        let v = v16 as f32 / 16.0;
        if cicp.full_range {
            (v - (1u32 << (bits - 1)) as f32) / steps
        } else {
            (v - 128.0 * unit) / (224.0 * unit)
        }
    };
    let weights = luma_weights(cicp.matrix);
    let channels = usize::from(P::CHANNEL_COUNT);
    let mut out = vec![P::Subpixel::quantize(0.0); width as usize * height as usize * channels];
    // Rows side by side: each pixel is worked out alone, so the result does
    // not depend on how the rows are shared out.
    out.par_chunks_exact_mut(width as usize * channels)
        .enumerate()
        .for_each(|(y, row)| {
            for (x, px) in row.chunks_exact_mut(channels).enumerate() {
                let lum = y_plane.at(x, y);
                let mut rgb = match (&chroma, weights) {
                    (None, _) => [luma(lum); 3],
                    (Some((u, v)), Some((kr, kb))) => {
                        let (cb, cr) = (
                            centred(chroma_x16(u, x, y, shift)),
                            centred(chroma_x16(v, x, y, shift)),
                        );
                        let l = luma(lum);
                        let r = l + 2.0 * (1.0 - kr) * cr;
                        let b = l + 2.0 * (1.0 - kb) * cb;
                        let g = (l - kr * r - kb * b) / (1.0 - kr - kb);
                        [r, g, b]
                    }
                    // Identity (checked to be 4:4:4): Y is G, U is B, V is R.
                    (Some((u, v)), None) => [luma(v.at(x, y)), luma(lum), luma(u.at(x, y))],
                };
                let a = alpha.as_ref().map(|(plane, a_bits, full)| {
                    let a_steps = ((1u32 << a_bits) - 1) as f32;
                    let a_unit = (1u32 << (a_bits - 8)) as f32;
                    let v = plane.at(x, y) as f32;
                    if *full {
                        v / a_steps
                    } else {
                        ((v - 16.0 * a_unit) / (219.0 * a_unit)).clamp(0.0, 1.0)
                    }
                });
                if let (Some(a), true) = (a, premultiplied) {
                    for c in &mut rgb {
                        *c = if a > 0.0 { (*c / a).min(1.0) } else { 0.0 };
                    }
                }
                if chroma.is_none() {
                    px[0] = P::Subpixel::quantize(rgb[0]);
                    if let Some(a) = a {
                        px[1] = P::Subpixel::quantize(a);
                    }
                } else {
                    for (slot, c) in px.iter_mut().zip(rgb) {
                        *slot = P::Subpixel::quantize(c);
                    }
                    if let Some(a) = a {
                        px[3] = P::Subpixel::quantize(a);
                    }
                }
            }
        });
    ImageBuffer::from_raw(width, height, out)
        .ok_or_else(|| "the AVIF cannot be decoded: its picture's size does not add up".to_string())
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
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/avif")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn decodes_at_the_stored_depth_with_what_rides_beside() {
        let (eight, orientation) = decode(&fixture("lead-8bit.avif"), 1 << 30).unwrap();
        assert_eq!(
            (
                eight.image.width(),
                eight.image.height(),
                eight.image.color()
            ),
            (320, 180, ColorType::Rgb8)
        );
        assert_eq!(orientation, Orientation::NoTransforms);
        assert!(eight.icc.is_none(), "sRGB needs no profile");
        let exif = eight.exif.expect("the EXIF is read, for keep_metadata");
        assert!(exif.starts_with(b"II*\0"), "{:?}", &exif[..8]);
        let (ten, _) = decode(&fixture("lead-10bit.avif"), 1 << 30).unwrap();
        assert_eq!(ten.image.color(), ColorType::Rgb16);
        assert_eq!(
            decode(&fixture("lead-10bit.avif"), 1 << 30)
                .unwrap()
                .0
                .image,
            ten.image,
            "the same pixels every time"
        );
        // 10-bit samples fill the 16-bit range: the cream bottom is near white.
        let bottom = ten.image.to_rgb16().get_pixel(160, 179).0;
        assert!(bottom[0] > 55_000, "{bottom:?}");
        let (grey, _) = decode(&fixture("grey.avif"), 1 << 30).unwrap();
        let [r, g, b] = grey.image.to_rgb8().get_pixel(160, 2).0;
        assert!(r == g && g == b && r < 200, "a grey blue: {r} {g} {b}");
        let (alpha, _) = decode(&fixture("alpha.avif"), 1 << 30).unwrap();
        assert_eq!(alpha.image.color(), ColorType::Rgba8);
        let (rotated, orientation) = decode(&fixture("rotated.avif"), 1 << 30).unwrap();
        assert_eq!(
            (rotated.image.width(), rotated.image.height(), orientation),
            (180, 320, Orientation::Rotate270)
        );
        let (_, orientation) = decode(&fixture("mirrored.avif"), 1 << 30).unwrap();
        assert_eq!(orientation, Orientation::FlipVertical);
        // A profile: the file's own, or one made from CICP code points.
        let icc = fixture("icc-p3.avif");
        assert!(
            decode(&icc, 1 << 30)
                .unwrap()
                .0
                .icc
                .is_some_and(|p| icc.windows(p.len()).any(|w| w == p))
        );
        assert!(
            decode(&fixture("p3.avif"), 1 << 30)
                .unwrap()
                .0
                .icc
                .is_some()
        );
    }

    #[test]
    fn refuses_what_it_cannot_show_right() {
        let err = |name: &str, max: u64| decode(&fixture(name), max).err().unwrap_or_default();
        assert_eq!(
            err("hdr-pq.avif", 1 << 30),
            "the AVIF is HDR (PQ transfer), and broadside does not tone-map HDR images"
        );
        assert_eq!(
            err("ycgco.avif", 1 << 30),
            "the AVIF's colours are coded with matrix coefficients 8 (YCgCo), which broadside cannot turn into RGB"
        );
        assert_eq!(
            err("lead-8bit.avif", 320 * 180 - 1),
            "the AVIF is 320 × 180 pixels, more than broadside decodes (57599 pixels)"
        );
    }

    /// Lossless AVIFs store RGB as is (the identity matrix, 4:4:4): the
    /// colour comes back exactly.
    #[test]
    fn lossless_rgb_comes_back_as_stored() {
        let (lossless, _) = decode(&fixture("lossless.avif"), 1 << 30).unwrap();
        assert_eq!(lossless.image.color(), ColorType::Rgb8);
        for (x, y) in [(0, 0), (31, 17), (63, 63)] {
            let [r, g, b] = lossless.image.to_rgb8().get_pixel(x, y).0;
            assert!(
                r.abs_diff(200) <= 1 && g.abs_diff(80) <= 1 && b.abs_diff(80) <= 1,
                "({r}, {g}, {b}) at ({x}, {y})"
            );
        }
    }

    /// 4:2:2 at 12 bits in limited range (BT.709 matrix), and 4:2:0 with
    /// the BT.601 matrix: the flat (200, 80, 80) they were made from comes
    /// back within 2 (libavif's own decoder gives (199, 80, 80) and
    /// (200, 80, 81) for them: the lossy coding moves it that much).
    #[test]
    fn other_layouts_ranges_and_matrices() {
        for (name, color) in [
            ("flat-422-12bit-limited.avif", ColorType::Rgb16),
            ("flat-bt601.avif", ColorType::Rgb8),
        ] {
            let (flat, _) = decode(&fixture(name), 1 << 30).unwrap();
            assert_eq!(flat.image.color(), color, "{name}");
            let [r, g, b] = flat.image.to_rgb8().get_pixel(32, 32).0;
            assert!(
                r.abs_diff(200) <= 2 && g.abs_diff(80) <= 2 && b.abs_diff(80) <= 2,
                "{name}: ({r}, {g}, {b})"
            );
        }
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
        let stored =
            DynamicImage::ImageRgb8(RgbImage::from_fn(3, 2, |x, y| Rgb([x as u8, y as u8, 0])));
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
        // Display P3 (primaries 12) and BT.2020 (9, SDR: transfer 14) are
        // profiles moxcms can make, and so is the linear curve (8).
        assert!(cicp_profile(12, TRANSFER_SRGB).is_some());
        assert!(cicp_profile(9, TRANSFER_BT2020_10BIT).is_some());
        assert!(cicp_profile(PRIMARIES_BT709, 8).is_some());
        // Reserved code points are not.
        assert!(cicp_profile(3, TRANSFER_SRGB).is_none());
        assert!(cicp_profile(PRIMARIES_BT709, 3).is_none());
    }
}
