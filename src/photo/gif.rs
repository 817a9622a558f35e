//! Animated GIFs stay animated GIFs: their frames are copied as they are
//! (same palettes, delays, disposal and loop count) into a new file, which
//! leaves behind every comment and application block (XMP among them).
//! A GIF of one frame is a still image and goes the raster way instead,
//! from the same clean rewrite (so junk after its frame is gone).

use gif::{ColorOutput, DecodeOptions, Encoder, MemoryLimit};

use super::Processed;

/// A GIF, rewritten.
pub(crate) enum Rewritten {
    /// More than one frame: the page gets this GIF.
    Animated(Processed),
    /// One frame: a GIF file of it alone, to decode as a still image.
    Still(Vec<u8>),
}

/// `bytes` rewritten frame by frame, with nothing but the frames.
pub(crate) fn rewrite(bytes: &[u8]) -> Result<Rewritten, String> {
    let broken = |e: gif::DecodingError| format!("the GIF cannot be decoded: {e}");
    let mut options = DecodeOptions::new();
    options.set_color_output(ColorOutput::Indexed);
    options.set_memory_limit(MemoryLimit::Bytes(
        std::num::NonZeroU64::new(512 << 20).expect("non-zero"),
    ));
    let mut decoder = options.read_info(bytes).map_err(broken)?;
    let (width, height) = (decoder.width(), decoder.height());
    let palette = decoder
        .global_palette()
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let mut frames = Vec::new();
    loop {
        match decoder.read_next_frame() {
            Ok(Some(frame)) => frames.push(frame.clone()),
            Ok(None) => break,
            // Bytes after a whole frame that are no GIF block: browsers stop
            // reading there, and so does broadside.
            Err(_) if !frames.is_empty() => break,
            Err(e) => return Err(broken(e)),
        }
    }
    let repeat = decoder.repeat();
    let failed = |e: gif::EncodingError| format!("the GIF cannot be rewritten: {e}");
    let mut encoder = Encoder::new(Vec::new(), width, height, &palette).map_err(failed)?;
    encoder.set_repeat(repeat).map_err(failed)?;
    for frame in &frames {
        encoder.write_frame(frame).map_err(failed)?;
    }
    let out = encoder.into_inner().map_err(failed)?;
    if frames.len() < 2 {
        return Ok(Rewritten::Still(out));
    }
    let (width, height) = (u32::from(width), u32::from(height));
    Ok(Rewritten::Animated(Processed {
        mime: "image/gif".into(),
        bytes: out,
        width,
        height,
        source_width: width,
        source_height: height,
    }))
}
