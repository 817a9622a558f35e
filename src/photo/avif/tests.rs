//! Tests of AVIF input on the fixtures in `tests/fixtures/avif/`.
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
