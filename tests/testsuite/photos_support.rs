//! Test photos: images in every format the pipeline reads, each carrying
//! every kind of metadata a camera or an editor writes, each with a marker
//! text the tests then look for in every output byte; and what the tests
//! read back out of a page (its `data:` URIs, the metadata left in a file).
//!
//! Shared by `photos.rs`, `fetch.rs` and `examples/test-photos.rs` (which
//! makes the 12-MP lead photo of the web judges' `photos` fixture).
#![allow(dead_code)]

use std::io::Cursor;

use image::{ImageEncoder, RgbImage, RgbaImage};

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
/// Make, Artist, Copyright, Orientation, and a GPS IFD with a position.
pub fn exif_block(orientation: u16) -> Vec<u8> {
    // IFD0 at 8: 5 entries; GPS IFD after it; strings after that.
    let ascii = |s: &str| {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        v
    };
    let make = ascii("SECRET-CAMERA Canon");
    let artist = ascii("SECRET-ARTIST Jane Photographer");
    let copyright = ascii(COPYRIGHT);
    let ifd0_len = 2 + 5 * 12 + 4;
    let gps_at = 8 + ifd0_len;
    let gps_len = 2 + 2 * 12 + 4;
    let mut data_at = (gps_at + gps_len) as u32;
    let mut out = b"MM\0*\0\0\0\x08".to_vec();
    let mut data = Vec::new();
    let mut entry = |out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: &[u8], data: &mut Vec<u8>| {
        out.extend(tag.to_be_bytes());
        out.extend(kind.to_be_bytes());
        out.extend(count.to_be_bytes());
        if value.len() <= 4 {
            let mut v = value.to_vec();
            v.resize(4, 0);
            out.extend(v);
        } else {
            out.extend(data_at.to_be_bytes());
            data.extend(value);
            data_at += value.len() as u32;
        }
    };
    out.extend(5u16.to_be_bytes());
    entry(&mut out, 0x010f, 2, make.len() as u32, &make, &mut data);
    entry(&mut out, 0x0112, 3, 1, &orientation.to_be_bytes(), &mut data);
    entry(&mut out, 0x013b, 2, artist.len() as u32, &artist, &mut data);
    entry(&mut out, 0x8298, 2, copyright.len() as u32, &copyright, &mut data);
    entry(&mut out, 0x8825, 4, 1, &(gps_at as u32).to_be_bytes(), &mut data);
    out.extend(0u32.to_be_bytes());
    // GPS IFD: latitude reference and latitude (51° 30' 26").
    out.extend(2u16.to_be_bytes());
    entry(&mut out, 0x0001, 2, 2, b"N\0", &mut data);
    let mut lat = Vec::new();
    for (n, d) in [(51u32, 1u32), (30, 1), (26, 1)] {
        lat.extend(n.to_be_bytes());
        lat.extend(d.to_be_bytes());
    }
    entry(&mut out, 0x0002, 5, 3, &lat, &mut data);
    out.extend(0u32.to_be_bytes());
    out.extend(data);
    out
}

const XMP: &str = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="SECRET-XMP"/></rdf:RDF></x:xmpmeta>"#;

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xff, marker];
    s.extend(((payload.len() + 2) as u16).to_be_bytes());
    s.extend(payload);
    s
}

/// `image` as a JPEG with EXIF (orientation `orientation`, GPS, artist…),
/// XMP, IPTC and a comment.
pub fn jpeg(image: &RgbImage, orientation: u16, quality: u8) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, quality)
        .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut out = plain[..2].to_vec();
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(exif_block(orientation));
    out.extend(segment(0xe1, &exif));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend(XMP.as_bytes());
    out.extend(segment(0xe1, &xmp));
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x14\x1c\x02\x50\0\x0bSECRET-IPTC".to_vec();
    iptc.push(0);
    out.extend(segment(0xed, &iptc));
    out.extend(segment(0xfe, b"SECRET-COMMENT made by a test"));
    out.extend(&plain[2..]);
    out
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend(kind);
    c.extend(data);
    let mut crc = crc32(kind);
    crc = crc32_update(crc, data);
    c.extend((!crc).to_be_bytes());
    c
}

fn crc32(bytes: &[u8]) -> u32 {
    crc32_update(0xffff_ffff, bytes)
}

fn crc32_update(mut crc: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    crc
}

/// `image` as a PNG with tEXt, iTXt (XMP) and eXIf chunks.
pub fn png(image: &RgbaImage, orientation: u16) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::png::PngEncoder::new(&mut plain)
        .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgba8)
        .unwrap();
    // After the signature (8) and IHDR (25).
    let mut out = plain[..33].to_vec();
    out.extend(png_chunk(b"tEXt", b"Author\0SECRET-PNG-TEXT"));
    let mut itxt = b"XML:com.adobe.xmp\0\0\0\0\0".to_vec();
    itxt.extend(XMP.as_bytes());
    out.extend(png_chunk(b"iTXt", &itxt));
    out.extend(png_chunk(b"eXIf", &exif_block(orientation)));
    out.extend(&plain[33..]);
    out
}

/// `image` as a lossless WebP (extended format) with EXIF and XMP chunks.
pub fn webp(image: &RgbaImage, orientation: u16) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut plain)
        .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgba8)
        .unwrap();
    let vp8l = &plain[12..];
    let mut body = b"WEBP".to_vec();
    let mut vp8x = vec![0x10 | 0x08 | 0x04, 0, 0, 0];
    vp8x.extend(&(image.width() - 1).to_le_bytes()[..3]);
    vp8x.extend(&(image.height() - 1).to_le_bytes()[..3]);
    let mut push = |id: &[u8], data: &[u8]| {
        body.extend(id);
        body.extend((data.len() as u32).to_le_bytes());
        body.extend(data);
        if data.len() % 2 == 1 {
            body.push(0);
        }
    };
    push(b"VP8X", &vp8x);
    push(&vp8l[..4], &vp8l[8..]);
    push(b"EXIF", &exif_block(orientation));
    push(b"XMP ", XMP.as_bytes());
    let mut out = b"RIFF".to_vec();
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(body);
    out
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

/// `count` values of sensor-like grain (sum of three uniform draws, so
/// close to normal) with standard deviation about `sigma`, the same on
/// every run.
pub fn grain(count: usize, sigma: f32) -> Vec<i16> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
    };
    // Three uniforms on [-0.5, 0.5) have a standard deviation of 0.5.
    (0..count).map(|_| ((next() + next() + next()) * 2.0 * sigma).round() as i16).collect()
}

/// A photograph-like test image: smooth light, edges, fine texture and
/// sensor noise, the same on every run.
pub fn synthetic_photo(width: u32, height: u32, noise: f32) -> RgbImage {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
    };
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let sky = 200.0 - 120.0 * fy;
        let hill = if fy > 0.55 + 0.1 * (fx * 9.0).sin() { 1.0 } else { 0.0 };
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
    image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().unwrap().decode().unwrap()
}

/// Every `data:` URI of `html`: its media type and its bytes.
pub fn data_uris(html: &str) -> Vec<(String, Vec<u8>)> {
    use base64::Engine;
    html.split("data:")
        .skip(1)
        .filter_map(|rest| {
            let (mime, after) = rest.split_once(";base64,")?;
            let end = after.find(['"', '\'', ')', ' ']).unwrap_or(after.len());
            Some((mime.to_string(), base64::engine::general_purpose::STANDARD.decode(&after[..end]).ok()?))
        })
        .collect()
}

/// Checks that no metadata of any kind is in `bytes` (an output file).
pub fn assert_clean(what: &str, bytes: &[u8]) {
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    for secret in SECRETS {
        assert!(!contains(secret.as_bytes()), "{what}: `{secret}` survived");
    }
    for marker in [&b"Exif\0\0"[..], b"http://ns.adobe.com", b"Photoshop 3.0", b"eXIf", b"tEXt", b"iTXt", b"zTXt"] {
        assert!(!contains(marker), "{what}: `{}` survived", String::from_utf8_lossy(marker));
    }
    assert!(!contains(COPYRIGHT.as_bytes()), "{what}: the copyright survived without being asked for");
    if bytes.starts_with(b"RIFF") {
        let mut at = 12;
        while at + 8 <= bytes.len() {
            let id = &bytes[at..at + 4];
            assert!(matches!(id, b"VP8 " | b"VP8L" | b"VP8X" | b"ALPH"), "{what}: WebP chunk {:?}", String::from_utf8_lossy(id));
            let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
            at += 8 + len + (len & 1);
        }
    }
    if bytes.starts_with(&[0xff, 0xd8]) {
        // Segments up to the first scan: no APPn but JFIF's APP0, no comment.
        let mut at = 2;
        while at + 4 <= bytes.len() && bytes[at] == 0xff && bytes[at + 1] != 0xda {
            let marker = bytes[at + 1];
            assert!(marker == 0xe0 || !(0xe1..=0xef).contains(&marker) && marker != 0xfe, "{what}: JPEG marker {marker:02x}");
            at += 2 + u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        }
    }
}
