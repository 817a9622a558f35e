//! From a decoded image to the 8-bit sRGB pixels that are encoded: the size
//! the layout can use (never larger than the original), a Lanczos3 resize,
//! and the colour profile applied.
//!
//! The resize runs on fast_image_resize's portable code path, never its
//! SIMD ones, so that every machine computes the same pixels.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{CpuExtensions, FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::DynamicImage;

/// 8-bit pixels, RGB or RGBA, row by row.
#[derive(Debug, Clone)]
pub(crate) struct Pixels {
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Four bytes a pixel when true (some pixel is not opaque), else three.
    pub alpha: bool,
}

/// The size of an image of `width` × `height` shrunk to fit the column:
/// at most `max_width` wide and at most the area of a 4:3 landscape photo
/// that wide (so a portrait photo is not three times the bytes of a
/// landscape one). Never larger than the original; at least 1 × 1.
pub(crate) fn fit(width: u32, height: u32, max_width: u32) -> (u32, u32) {
    let (w, h) = (f64::from(width.max(1)), f64::from(height.max(1)));
    let max_w = f64::from(max_width.max(1));
    let max_area = max_w * max_w * 0.75;
    let scale = (max_w / w).min((max_area / (w * h)).sqrt()).min(1.0);
    if scale >= 1.0 {
        return (width.max(1), height.max(1));
    }
    let nw = (w * scale).round().max(1.0) as u32;
    let nh = (h * nw as f64 / w).round().max(1.0) as u32;
    (nw, nh)
}

/// `image` as 8-bit sRGB pixels of `width` × `height`.
pub(crate) fn to_pixels(
    image: DynamicImage,
    width: u32,
    height: u32,
    icc: Option<&[u8]>,
) -> Result<Pixels, String> {
    let (src_w, src_h) = (image.width(), image.height());
    let (data, alpha) = if image.color().has_alpha() {
        let rgba = image.into_rgba8();
        if rgba.pixels().any(|p| p[3] != 255) {
            (rgba.into_raw(), true)
        } else {
            (DynamicImage::ImageRgba8(rgba).into_rgb8().into_raw(), false)
        }
    } else {
        (image.into_rgb8().into_raw(), false)
    };
    let data = resample(data, src_w, src_h, alpha, width, height)?;
    let mut pixels = Pixels {
        data,
        width,
        height,
        alpha,
    };
    if let Some(icc) = icc {
        to_srgb(&mut pixels, icc);
    }
    Ok(pixels)
}

/// `pixels` turned and flipped as `orientation` says.
pub(crate) fn orient(pixels: Pixels, orientation: image::metadata::Orientation) -> Pixels {
    if orientation == image::metadata::Orientation::NoTransforms {
        return pixels;
    }
    let Pixels {
        data,
        width,
        height,
        alpha,
    } = pixels;
    let mut image = if alpha {
        image::RgbaImage::from_raw(width, height, data).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(width, height, data).map(DynamicImage::ImageRgb8)
    }
    .expect("the buffer holds width × height pixels");
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let data = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Pixels {
        data,
        width,
        height,
        alpha,
    }
}

/// Resizes `data` (`src_w` × `src_h`, three or four bytes a pixel) to
/// `width` × `height` with a Lanczos3 filter; alpha is premultiplied while
/// filtering, so transparent pixels do not bleed their colour.
pub(crate) fn resample(
    data: Vec<u8>,
    src_w: u32,
    src_h: u32,
    alpha: bool,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, String> {
    if (src_w, src_h) == (width, height) {
        return Ok(data);
    }
    resample_with(&data, src_w, src_h, alpha, None, width, height)
}

/// The box `(left, top, width, height)` of RGB `data` (`src_w` × `src_h`),
/// resized to `width` × `height`; the box may fall between pixels.
pub(crate) fn resample_crop(
    data: &[u8],
    src_w: u32,
    src_h: u32,
    crop: (f64, f64, f64, f64),
    width: u32,
    height: u32,
) -> Result<Vec<u8>, String> {
    resample_with(data, src_w, src_h, false, Some(crop), width, height)
}

fn resample_with(
    data: &[u8],
    src_w: u32,
    src_h: u32,
    alpha: bool,
    crop: Option<(f64, f64, f64, f64)>,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, String> {
    let pixel_type = if alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let src = ImageRef::new(src_w, src_h, data, pixel_type).map_err(|e| e.to_string())?;
    let mut dst = Image::new(width, height, pixel_type);
    let mut resizer = Resizer::new();
    // SAFETY: `None` selects the portable code, which every CPU runs.
    #[allow(unsafe_code)]
    unsafe {
        resizer.set_cpu_extensions(CpuExtensions::None)
    };
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if let Some((left, top, w, h)) = crop {
        options = options.crop(left, top, w, h);
    }
    resizer
        .resize(&src, &mut dst, &options)
        .map_err(|e| e.to_string())?;
    Ok(dst.into_vec())
}

/// Converts `pixels` from the colour space of the ICC profile `icc` to
/// sRGB. A profile that cannot be read, or is not an RGB one, is ignored:
/// the pixels are then taken to be sRGB already, as browsers take them.
pub(crate) fn to_srgb(pixels: &mut Pixels, icc: &[u8]) {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    if profile.color_space != DataColorSpace::Rgb {
        return;
    }
    let layout = if pixels.alpha {
        Layout::Rgba
    } else {
        Layout::Rgb
    };
    let srgb = ColorProfile::new_srgb();
    let Ok(transform) =
        profile.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    let mut out = vec![0u8; pixels.data.len()];
    if transform.transform(&pixels.data, &mut out).is_ok() {
        pixels.data = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_never_enlarges() {
        assert_eq!(fit(800, 600, 1000), (800, 600));
        assert_eq!(fit(4032, 3024, 1000), (1000, 750));
        // Portrait: the area of a 1000 × 750 landscape.
        assert_eq!(fit(3024, 4032, 1000), (750, 1000));
        assert_eq!(fit(6000, 1000, 1000), (1000, 167));
        assert_eq!(fit(10, 50_000, 1000), (10, 50_000));
        assert_eq!(fit(0, 0, 1000), (1, 1));
    }
}
