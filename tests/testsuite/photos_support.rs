//! Test photos: images in every format the pipeline reads, each carrying
//! every kind of metadata a camera or an editor writes, each with a marker
//! text the tests then look for in every output byte; and what the tests
//! read back out of a page (its `data:` URIs, the metadata left in a file).
//!
//! Shared by `photos.rs`, `fetch.rs` and `examples/test-photos.rs` (which
//! makes the 12-MP lead photo of the web judges' `photos` fixture).
#![allow(dead_code)]

use std::io::Cursor;

use exif::{Field, In, Tag, Value};
use image::{ImageEncoder, RgbImage, RgbaImage};
use img_parts::ImageEXIF;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::{Png, PngChunk};
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::{CHUNK_XMP, WebP};

/// Texts that must never reach the output.
pub const SECRETS: &[&str] = &[
    "SECRET-ARTIST",
    "SECRET-CAMERA",
    "SECRET-XMP",
    "SECRET-IPTC",
    "SECRET-COMMENT",
    "SECRET-PNG-TEXT",
    "SECRET-GIF-COMMENT",
];
/// The copyright line written into the EXIF, kept only when asked for.
pub const COPYRIGHT: &str = "(c) 2024 Test Desk";

/// A TIFF-structured EXIF block (big-endian, as many cameras write it):
/// Make, Orientation, Artist, Copyright, and a GPS position.
pub fn exif_block(orientation: u16) -> Vec<u8> {
    let ascii = |tag: Tag, text: &str| Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Ascii(vec![text.as_bytes().to_vec()]),
    };
    let fields = [
        ascii(Tag::Make, "SECRET-CAMERA Canon"),
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![orientation]),
        },
        ascii(Tag::Artist, "SECRET-ARTIST Jane Photographer"),
        ascii(Tag::Copyright, COPYRIGHT),
        // 51° 30' 26" N.
        ascii(Tag::GPSLatitudeRef, "N"),
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![(51, 1).into(), (30, 1).into(), (26, 1).into()]),
        },
    ];
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut out = Cursor::new(Vec::new());
    writer.write(&mut out, false).unwrap();
    out.into_inner()
}

const XMP: &str = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="SECRET-XMP"/></rdf:RDF></x:xmpmeta>"#;

/// `image` as a JPEG with EXIF (orientation `orientation`, GPS, artist…),
/// XMP, IPTC and a comment.
pub fn jpeg(image: &RgbImage, orientation: u16, quality: u8) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, quality)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    let mut jpeg = Jpeg::from_bytes(plain.into()).unwrap();
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend(XMP.as_bytes());
    let mut iptc =
        b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x14\x1c\x02\x50\0\x0bSECRET-IPTC".to_vec();
    iptc.push(0);
    let segments = [
        (markers::APP1, xmp),
        (markers::APP13, iptc),
        (markers::COM, b"SECRET-COMMENT made by a test".to_vec()),
    ];
    for (i, (marker, contents)) in segments.into_iter().enumerate() {
        jpeg.segments_mut().insert(
            1 + i,
            JpegSegment::new_with_contents(marker, contents.into()),
        );
    }
    jpeg.set_exif(Some(exif_block(orientation).into()));
    jpeg.encoder().bytes().to_vec()
}

/// `image` through `encoder`, as it is.
fn write_rgba(encoder: impl ImageEncoder, image: &RgbaImage) {
    encoder
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
}

/// `image` as a PNG with tEXt, iTXt (XMP) and eXIf chunks.
pub fn png(image: &RgbaImage, orientation: u16) -> Vec<u8> {
    let mut plain = Vec::new();
    write_rgba(image::codecs::png::PngEncoder::new(&mut plain), image);
    let mut png = Png::from_bytes(plain.into()).unwrap();
    let mut itxt = b"XML:com.adobe.xmp\0\0\0\0\0".to_vec();
    itxt.extend(XMP.as_bytes());
    // After IHDR.
    png.chunks_mut().insert(
        1,
        PngChunk::new(*b"tEXt", b"Author\0SECRET-PNG-TEXT".to_vec().into()),
    );
    png.chunks_mut()
        .insert(2, PngChunk::new(*b"iTXt", itxt.into()));
    png.set_exif(Some(exif_block(orientation).into()));
    png.encoder().bytes().to_vec()
}

/// `image` as a lossless WebP (extended format) with EXIF and XMP chunks.
pub fn webp(image: &RgbaImage, orientation: u16) -> Vec<u8> {
    let mut plain = Vec::new();
    write_rgba(
        image::codecs::webp::WebPEncoder::new_lossless(&mut plain),
        image,
    );
    let mut webp = WebP::from_bytes(plain.into()).unwrap();
    webp.chunks_mut().push(RiffChunk::new(
        CHUNK_XMP,
        RiffContent::Data(XMP.as_bytes().to_vec().into()),
    ));
    // Setting the EXIF makes it an extended-format file, with its flags.
    webp.set_exif(Some(exif_block(orientation).into()));
    webp.encoder().bytes().to_vec()
}

/// An animated GIF of `frames` frames with a comment and an XMP block.
pub fn animated_gif(width: u16, height: u16, frames: u8) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let palette = [255u8, 0, 0, 0, 0, 255];
        let mut encoder = gif::Encoder::new(&mut out, width, height, &palette).unwrap();
        encoder.set_repeat(gif::Repeat::Infinite).unwrap();
        for i in 0..frames {
            let frame = gif::Frame {
                width,
                height,
                delay: 10,
                buffer: vec![i % 2; usize::from(width) * usize::from(height)].into(),
                ..gif::Frame::default()
            };
            encoder.write_frame(&frame).unwrap();
        }
    }
    // Put a comment and an XMP application block before the trailer.
    let trailer = out.pop();
    assert_eq!(trailer, Some(0x3b));
    out.extend([0x21, 0xfe, 18]);
    out.extend(b"SECRET-GIF-COMMENT");
    out.push(0);
    out.extend([0x21, 0xff, 11]);
    out.extend(b"XMP DataXMP");
    out.push(10);
    out.extend(b"SECRET-XMP");
    out.push(0);
    out.push(0x3b);
    out
}

/// Uniform draws on [-0.5, 0.5) from a xorshift generator started at
/// `seed`: the same on every run and machine.
fn uniform(mut state: u64) -> impl FnMut() -> f32 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
    }
}

/// `count` values of sensor-like grain (sum of three uniform draws, so
/// close to normal) with standard deviation about `sigma`, the same on
/// every run.
pub fn grain(count: usize, sigma: f32) -> Vec<i16> {
    let mut next = uniform(0x2545_f491_4f6c_dd1d);
    // Three uniforms on [-0.5, 0.5) have a standard deviation of 0.5.
    (0..count)
        .map(|_| ((next() + next() + next()) * 2.0 * sigma).round() as i16)
        .collect()
}

/// A photograph-like test image: smooth light, edges, fine texture and
/// sensor noise, the same on every run.
pub fn synthetic_photo(width: u32, height: u32, noise: f32) -> RgbImage {
    let mut next = uniform(0x9e37_79b9_7f4a_7c15);
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let sky = 200.0 - 120.0 * fy;
        let hill = if fy > 0.55 + 0.1 * (fx * 9.0).sin() {
            1.0
        } else {
            0.0
        };
        let texture = 18.0 * ((x as f32 * 0.21).sin() * (y as f32 * 0.17).cos());
        let base = [
            sky * (1.0 - hill) + (60.0 + texture) * hill,
            (sky + 10.0) * (1.0 - hill) + (110.0 + texture) * hill,
            (sky + 50.0) * (1.0 - hill) + (50.0 + texture) * hill,
        ];
        let n = next() * noise;
        image::Rgb(base.map(|c| (c + n).clamp(0.0, 255.0) as u8))
    })
}

/// Decodes `bytes` with `Cursor`, for tests that look at output pixels.
pub fn decode(bytes: &[u8]) -> image::DynamicImage {
    image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap()
}

/// Every `data:` URI of `html`: its media type and its bytes.
pub fn data_uris(html: &str) -> Vec<(String, Vec<u8>)> {
    use base64::Engine;
    html.split("data:")
        .skip(1)
        .filter_map(|rest| {
            let (mime, after) = rest.split_once(";base64,")?;
            let end = after.find(['"', '\'', ')', ' ']).unwrap_or(after.len());
            Some((
                mime.to_string(),
                base64::engine::general_purpose::STANDARD
                    .decode(&after[..end])
                    .ok()?,
            ))
        })
        .collect()
}

/// Checks that no metadata of any kind is in `bytes` (an output file).
pub fn assert_clean(what: &str, bytes: &[u8]) {
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    for secret in SECRETS {
        assert!(!contains(secret.as_bytes()), "{what}: `{secret}` survived");
    }
    for marker in [
        &b"Exif\0\0"[..],
        b"http://ns.adobe.com",
        b"Photoshop 3.0",
        b"eXIf",
        b"tEXt",
        b"iTXt",
        b"zTXt",
    ] {
        assert!(
            !contains(marker),
            "{what}: `{}` survived",
            String::from_utf8_lossy(marker)
        );
    }
    assert!(
        !contains(COPYRIGHT.as_bytes()),
        "{what}: the copyright survived without being asked for"
    );
    if let Ok(webp) = WebP::from_bytes(bytes.to_vec().into()) {
        for chunk in webp.chunks() {
            let id = chunk.id();
            assert!(
                matches!(&id, b"VP8 " | b"VP8L" | b"VP8X" | b"ALPH"),
                "{what}: WebP chunk {:?}",
                String::from_utf8_lossy(&id)
            );
        }
    }
    if let Ok(jpeg) = Jpeg::from_bytes(bytes.to_vec().into()) {
        // No APPn segment but JFIF's APP0, no comment.
        for segment in jpeg.segments() {
            let marker = segment.marker();
            assert!(
                marker == markers::APP0
                    || !(markers::APP1..=markers::APP15).contains(&marker)
                        && marker != markers::COM,
                "{what}: JPEG marker {marker:02x}"
            );
        }
    }
}
