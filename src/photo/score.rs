//! The visual check of every lossy encode: SSIMULACRA2 of the decoded WebP
//! against the pixels it was made from. A photograph whose score falls
//! under `[images] min_ssimulacra2` is encoded again at a higher quality
//! ([`super::encode`]), so a noisy or finely textured photo is not smeared
//! by the one quality that suits most photos.
//!
//! Its blur runs rows on rayon's threads, each row computed alone, so the
//! score (which decides output bytes) does not depend on the thread count.

use ssimulacra2::{ColorPrimaries, Rgb, TransferCharacteristic, compute_frame_ssimulacra2};

use super::resize::Pixels;

/// SSIMULACRA2 of `webp` (decoded by libwebp, as browsers do) against
/// `pixels`; colour only (transparency is kept losslessly anyway).
pub(crate) fn ssimulacra2(pixels: &Pixels, webp: &[u8]) -> Result<f64, String> {
    let decoded = webp::Decoder::new(webp)
        .decode()
        .ok_or_else(|| "the WebP just made does not decode".to_string())?;
    let step_out = if decoded.is_alpha() { 4 } else { 3 };
    let step_in = if pixels.alpha { 4 } else { 3 };
    let (width, height) = (pixels.width as usize, pixels.height as usize);
    if decoded.width() as usize != width
        || decoded.height() as usize != height
        || width < 8
        || height < 8
    {
        return Ok(100.0);
    }
    let frame = |data: &[u8], step: usize| {
        let rgb = data
            .chunks_exact(step)
            .map(|p| [p[0], p[1], p[2]].map(|c| f32::from(c) / 255.0))
            .collect();
        Rgb::new(
            rgb,
            width,
            height,
            TransferCharacteristic::SRGB,
            ColorPrimaries::BT709,
        )
    };
    let (a, b) = match (frame(&pixels.data, step_in), frame(&decoded, step_out)) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return Err("the pixels cannot be compared".to_string()),
    };
    compute_frame_ssimulacra2(a, b).map_err(|e| format!("SSIMULACRA2 failed: {e}"))
}
