//! A share card as a small PNG: a card is flat colours and the
//! anti-aliased edges between them, so it usually has at most 256 colours
//! and is written as an indexed-colour PNG (a palette and one byte a pixel,
//! about half the bytes of RGBA), exactly, with no colour changed. A card
//! with more colours (a template that draws gradients) is written as RGB
//! or RGBA. The palette is in the order colours first appear, so the bytes
//! are the same on every machine. Measured on a card of 83 colours: with no
//! filter and the `png` crate's balanced DEFLATE it is 17 KB (RGBA with
//! adaptive filters: 31 KB; the fast DEFLATE, made for filtered rows, 330 KB
//! unfiltered and 23 KB filtered).

use std::collections::HashMap;

use png::{BitDepth, ColorType, Compression, Encoder, Filter};
use resvg::tiny_skia::Pixmap;

/// The PNG of `pixmap`.
pub(super) fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let (width, height) = (pixmap.width(), pixmap.height());
    // Straight (not premultiplied) RGBA, as PNG stores it.
    let rgba: Vec<[u8; 4]> = pixmap
        .pixels()
        .iter()
        .map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, width, height);
    encoder.set_compression(Compression::Balanced);
    let opaque = rgba.iter().all(|p| p[3] == 255);
    let data = match palette_of(&rgba) {
        Some((palette, indices)) => {
            encoder.set_color(ColorType::Indexed);
            encoder.set_depth(BitDepth::Eight);
            encoder.set_filter(Filter::NoFilter);
            encoder.set_palette(
                palette
                    .iter()
                    .flat_map(|p| [p[0], p[1], p[2]])
                    .collect::<Vec<_>>(),
            );
            if !opaque {
                encoder.set_trns(palette.iter().map(|p| p[3]).collect::<Vec<_>>());
            }
            indices
        }
        None if opaque => {
            encoder.set_color(ColorType::Rgb);
            rgba.iter().flat_map(|p| [p[0], p[1], p[2]]).collect()
        }
        None => {
            encoder.set_color(ColorType::Rgba);
            rgba.iter().flatten().copied().collect()
        }
    };
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

/// The colours of `pixels` in the order they first appear, and each
/// pixel's index among them; None past 256 colours.
fn palette_of(pixels: &[[u8; 4]]) -> Option<(Vec<[u8; 4]>, Vec<u8>)> {
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut index: HashMap<[u8; 4], u8> = HashMap::new();
    let mut indices = Vec::with_capacity(pixels.len());
    let mut last: Option<([u8; 4], u8)> = None;
    for &p in pixels {
        let i = match last {
            // Runs of one colour are most of a card: no look-up for them.
            Some((colour, i)) if colour == p => i,
            _ => {
                let i = match index.get(&p) {
                    Some(&i) => i,
                    None => {
                        let i = u8::try_from(palette.len()).ok()?;
                        palette.push(p);
                        index.insert(p, i);
                        i
                    }
                };
                last = Some((p, i));
                i
            }
        };
        indices.push(i);
    }
    Some((palette, indices))
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::{Color, Paint, Rect, Transform};

    fn decode(png: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info, buf)
    }

    #[test]
    fn a_card_of_few_colours_is_indexed_and_exact() {
        let mut pixmap = Pixmap::new(40, 20).unwrap();
        pixmap.fill(Color::from_rgba8(250, 249, 245, 255));
        let mut paint = Paint::default();
        paint.set_color_rgba8(160, 30, 32, 255);
        let rect = Rect::from_xywh(3.5, 2.25, 20.0, 9.7).unwrap();
        pixmap.fill_rect(rect, &paint, Transform::identity(), None);
        let png = encode(&pixmap).unwrap();
        assert_eq!(png[25], 3, "colour type 3: indexed");
        let (info, rgba) = decode(&png);
        assert_eq!((info.width, info.height), (40, 20));
        let expected: Vec<u8> = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue()]
            })
            .collect();
        assert_eq!(rgba, expected, "every pixel as drawn");
        assert_eq!(encode(&pixmap).unwrap(), png, "the same bytes every time");
    }

    #[test]
    fn past_256_colours_it_is_rgb() {
        let mut pixmap = Pixmap::new(32, 32).unwrap();
        for (i, p) in pixmap.pixels_mut().iter_mut().enumerate() {
            let c = Color::from_rgba8((i % 32) as u8 * 8, (i / 32) as u8 * 8, 7, 255);
            *p = c.premultiply().to_color_u8();
        }
        let png = encode(&pixmap).unwrap();
        assert_eq!(png[25], 2, "colour type 2: RGB");
        let (_, rgb) = decode(&png);
        assert_eq!(rgb.len(), 32 * 32 * 3);
        assert_eq!(&rgb[..6], &[0, 0, 7, 8, 0, 7]);
    }
}
