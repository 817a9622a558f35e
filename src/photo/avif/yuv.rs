//! The YUV-to-RGB step of AVIF input: a decoded AV1 picture (and its
//! alpha picture) turned into an 8- or 16-bit RGB(A) or grey image, with
//! bilinear chroma upsampling and the matrix of the picture's CICP code
//! points, row by row in parallel (each row computed alone, so the pixels
//! are the same whatever the thread count).

use rayon::prelude::*;

use image::{DynamicImage, ImageBuffer, Luma, LumaA, Pixel, Rgb, Rgba};
use re_rav1d::dav1d::{self, PixelLayout, PlanarImageComponent as Plane};

use super::{Cicp, luma_weights};

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
pub(super) fn to_image(
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
    let scale = Scale {
        full_range: cicp.full_range,
        bits,
        steps,
        unit,
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
                let mut rgb = rgb_at(&y_plane, chroma.as_ref(), weights, &scale, (shift, x, y));
                let a = alpha
                    .as_ref()
                    .map(|(plane, a_bits, full)| alpha_at(plane, *a_bits, *full, x, y));
                if let (Some(a), true) = (a, premultiplied) {
                    for c in &mut rgb {
                        *c = if a > 0.0 { (*c / a).min(1.0) } else { 0.0 };
                    }
                }
                put_pixel::<P>(px, rgb, a, chroma.is_none());
            }
        });
    ImageBuffer::from_raw(width, height, out)
        .ok_or_else(|| "the AVIF cannot be decoded: its picture's size does not add up".to_string())
}

/// How a picture's samples become numbers: Y (and identity-matrix G B R)
/// from 0 to 1, chroma from -1/2 to 1/2, by its range and bit depth.
struct Scale {
    full_range: bool,
    bits: u32,
    /// 2^bits − 1.
    steps: f32,
    /// One 8-bit step at this depth.
    unit: f32,
}

impl Scale {
    fn luma(&self, v: u32) -> f32 {
        if self.full_range {
            v as f32 / self.steps
        } else {
            (v as f32 - 16.0 * self.unit) / (219.0 * self.unit)
        }
    }

    /// A chroma sample given times 16 (see [`chroma_x16`]).
    fn centred(&self, v16: u32) -> f32 {
        let v = v16 as f32 / 16.0;
        if self.full_range {
            (v - (1u32 << (self.bits - 1)) as f32) / self.steps
        } else {
            (v - 128.0 * self.unit) / (224.0 * self.unit)
        }
    }
}

/// The alpha at (x, y), from 0 to 1: full range, or limited and clamped.
fn alpha_at(plane: &PlaneRef<'_>, a_bits: u32, full: bool, x: usize, y: usize) -> f32 {
    let a_steps = ((1u32 << a_bits) - 1) as f32;
    let a_unit = (1u32 << (a_bits - 8)) as f32;
    let v = plane.at(x, y) as f32;
    if full {
        v / a_steps
    } else {
        ((v - 16.0 * a_unit) / (219.0 * a_unit)).clamp(0.0, 1.0)
    }
}

/// Writes one pixel: grey (and alpha), or R G B (and alpha), each rounded
/// to the nearest step of `P`'s samples.
fn put_pixel<P>(px: &mut [P::Subpixel], rgb: [f32; 3], a: Option<f32>, grey: bool)
where
    P: Pixel,
    P::Subpixel: Sample,
{
    if grey {
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

/// R G B at (x, y), each from 0 to 1: grey from Y alone, else by the
/// matrix's luma weights (Kr, Kb), or from the identity matrix's planes
/// (checked to be 4:4:4: Y is G, U is B, V is R).
fn rgb_at(
    y_plane: &PlaneRef<'_>,
    chroma: Option<&(PlaneRef<'_>, PlaneRef<'_>)>,
    weights: Option<(f32, f32)>,
    scale: &Scale,
    (shift, x, y): ((u32, u32), usize, usize),
) -> [f32; 3] {
    match (chroma, weights) {
        (None, _) => [scale.luma(y_plane.at(x, y)); 3],
        (Some((u, v)), Some((kr, kb))) => {
            let (cb, cr) = (
                scale.centred(chroma_x16(u, x, y, shift)),
                scale.centred(chroma_x16(v, x, y, shift)),
            );
            let l = scale.luma(y_plane.at(x, y));
            let r = l + 2.0 * (1.0 - kr) * cr;
            let b = l + 2.0 * (1.0 - kb) * cb;
            let g = (l - kr * r - kb * b) / (1.0 - kr - kb);
            [r, g, b]
        }
        (Some((u, v)), None) => [
            scale.luma(v.at(x, y)),
            scale.luma(y_plane.at(x, y)),
            scale.luma(u.at(x, y)),
        ],
    }
}
