//! The photo pipeline, end to end through the binary: what reaches the page
//! and the files published beside it, for every format in; the share crops
//! and card; the image cache; `check`'s advice on share previews.

use std::path::Path;

use image::{GenericImageView, Rgb, RgbImage, Rgba, RgbaImage};

use crate::photos_support::{self as photos, assert_clean, data_uris};
use crate::support::{Run, TestSite, tree};

/// A site of one story with `files` beside it and `site_toml`.
fn site(story: &str, site_toml: &str, files: &[(&str, Vec<u8>)]) -> TestSite {
    let mut site = TestSite::new()
        .file("content/story.md", story)
        .file("content/site.toml", site_toml);
    for (name, bytes) in files {
        site = site.file(&format!("content/{name}"), bytes);
    }
    site
}

/// A one-image story: `![An image](NAME)` and the image, built (the site
/// is kept while the run is read).
fn one_image(name: &str, bytes: Vec<u8>) -> (TestSite, Run) {
    let story = format!("+++\ntitle = \"T\"\n+++\n\n![An image]({name})\n");
    let site = site(&story, "", &[(name, bytes)]);
    let run = site.build(&["--no-cache"]);
    (site, run)
}

/// The one inlined image of a page: its media type, its bytes, and the
/// `width` and `height` the page gives it.
fn the_image(run: &Run) -> (String, Vec<u8>, (u32, u32)) {
    let html = run.page("index.html");
    let (mime, bytes) = data_uris(&html)
        .pop()
        .unwrap_or_else(|| panic!("no image in {html}"));
    let tag = &html[html.find("<img").unwrap()..];
    let attr = |name: &str| -> u32 {
        let at = tag
            .find(&format!(" {name}=\""))
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            + name.len()
            + 3;
        tag[at..tag[at..].find('"').unwrap() + at].parse().unwrap()
    };
    (mime, bytes, (attr("width"), attr("height")))
}

fn quadrants(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| match (x < w / 2, y < h / 2) {
        (true, true) => Rgb([255, 0, 0]),
        (false, true) => Rgb([0, 255, 0]),
        (true, false) => Rgb([0, 0, 255]),
        (false, false) => Rgb([255, 255, 255]),
    })
}

fn file(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn no_metadata_survives_in_any_output_byte() {
    let photo = photos::synthetic_photo(1600, 1200, 12.0);
    let rgba = RgbaImage::from_fn(300, 200, |x, y| {
        Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255])
    });
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><metadata>SECRET-XMP</metadata><rect width="10" height="10"/></svg>"#;
    let story = "+++\ntitle = \"Harbour\"\nimage = \"lead.jpg\"\nimage_alt = \"The harbour\"\n+++\n\n\
                 ![A PNG](p.png)\n\n![A WebP](w.webp)\n\n![A GIF](a.gif)\n\n![An SVG](s.svg)\n\n\
                 <img src=\"p.png\" alt=\"raw\">\n";
    let site = site(
        story,
        "name = \"Daily\"\n",
        &[
            ("lead.jpg", photos::jpeg(&photo, 6, 90)),
            ("p.png", photos::png(&rgba, 1)),
            ("w.webp", photos::webp(&rgba, 1)),
            ("a.gif", photos::animated_gif(16, 8, 3)),
            ("s.svg", svg.to_vec()),
        ],
    );
    let run = site
        .build(&["--base-url", "https://example.com/", "--no-cache"])
        .ok();
    let uris = data_uris(&run.page("index.html"));
    let mimes: Vec<&str> = uris.iter().map(|(m, _)| m.as_str()).collect();
    assert!(
        mimes.contains(&"image/webp")
            && mimes.contains(&"image/gif")
            && mimes.contains(&"image/svg+xml"),
        "{mimes:?}"
    );
    assert!(uris.len() >= 6, "{mimes:?}");
    for (mime, bytes) in &uris {
        assert_clean(&format!("inlined {mime}"), bytes);
    }
    assert_output_clean_with_share_crops(&run, "lead.jpg");
}

/// Every file `run` wrote is free of metadata; the lead photo `original`
/// is published as its four share crops, never as itself.
fn assert_output_clean_with_share_crops(run: &Run, original: &str) {
    let files = tree(run.out());
    for (path, bytes) in &files {
        assert_clean(&path.display().to_string(), bytes);
    }
    let published: Vec<String> = files
        .keys()
        .map(|p| p.display().to_string())
        .filter(|p| p.ends_with(".jpg"))
        .collect();
    assert_eq!(
        published,
        [
            "lead-16x9.jpg",
            "lead-1x1.jpg",
            "lead-4x3.jpg",
            "lead-share.jpg"
        ]
    );
    assert!(
        !run.out().join(original).exists(),
        "the original must not be published"
    );
}

#[test]
fn keep_metadata_keeps_the_named_field_and_nothing_else() {
    let photo = photos::synthetic_photo(800, 600, 8.0);
    let story = "+++\ntitle = \"Harbour\"\n+++\n\n![A photo](p.jpg)\n";
    let site = site(
        story,
        "[images]\nkeep_metadata = [\"copyright\"]\n",
        &[("p.jpg", photos::jpeg(&photo, 1, 90))],
    );
    let (mime, webp, _) = the_image(&site.build(&["--no-cache"]).ok());
    assert_eq!(mime, "image/webp");
    let has = |needle: &[u8]| webp.windows(needle.len()).any(|w| w == needle);
    assert!(has(photos::COPYRIGHT.as_bytes()) && has(b"EXIF"));
    for secret in photos::SECRETS {
        assert!(!has(secret.as_bytes()), "`{secret}` survived");
    }
    assert_eq!(photos::decode(&webp).dimensions(), (800, 600));
    // A field broadside cannot keep is an error at its place in site.toml.
    let wrong = self::site(
        story,
        "[images]\nkeep_metadata = [\"gps\"]\n",
        &[("p.jpg", photos::jpeg(&photo, 1, 90))],
    );
    let run = wrong.build(&[]);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr
            .contains("error: [images] keep_metadata names `gps`, which broadside cannot keep"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("site.toml:2:18")
            && run.stderr.contains("help: use some of: copyright, artist"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_orientation_is_applied() {
    // Where the stored top-left (red) quadrant ends up, and the size.
    let expected = [
        (1, (true, true), (64, 32)),
        (2, (false, true), (64, 32)),
        (3, (false, false), (64, 32)),
        (4, (true, false), (64, 32)),
        (5, (true, true), (32, 64)),
        (6, (false, true), (32, 64)),
        (7, (false, false), (32, 64)),
        (8, (true, false), (32, 64)),
    ];
    for (orientation, (left, top), size) in expected {
        let (_site, run) = one_image("q.jpg", photos::jpeg(&quadrants(64, 32), orientation, 95));
        let run = run.ok();
        let (_, bytes, shown) = the_image(&run);
        assert_eq!(shown, size, "orientation {orientation}");
        let out = photos::decode(&bytes).to_rgb8();
        assert_eq!(out.dimensions(), size, "orientation {orientation}");
        let x = if left { size.0 / 4 } else { size.0 * 3 / 4 };
        let y = if top { size.1 / 4 } else { size.1 * 3 / 4 };
        let p = out.get_pixel(x, y);
        assert!(
            p[0] > 200 && p[1] < 60 && p[2] < 60,
            "orientation {orientation}: {p:?} at {x},{y}"
        );
    }
}

#[test]
fn every_format_in() {
    let rgba = RgbaImage::from_fn(40, 30, |x, y| {
        Rgba([
            (x * 6) as u8,
            (y * 8) as u8,
            200,
            if x < 5 { 0 } else { 255 },
        ])
    });
    let mut still_gif = Vec::new();
    image::codecs::gif::GifEncoder::new(&mut still_gif)
        .encode(rgba.as_raw(), 40, 30, image::ExtendedColorType::Rgba8)
        .unwrap();
    for (name, bytes, mime) in [
        ("a.png", photos::png(&rgba, 1), "image/webp"),
        ("a.webp", photos::webp(&rgba, 1), "image/webp"),
        (
            "a.jpg",
            photos::jpeg(&quadrants(40, 30), 1, 90),
            "image/webp",
        ),
        ("still.gif", still_gif, "image/webp"),
        ("anim.gif", photos::animated_gif(16, 8, 4), "image/gif"),
    ] {
        let (_site, run) = one_image(name, bytes);
        let run = run.ok();
        let (got, out, shown) = the_image(&run);
        assert_eq!(got, mime, "{name}");
        assert_eq!(photos::decode(&out).dimensions(), shown, "{name}");
        if name == "a.png" {
            // The transparent column stays transparent.
            assert_eq!(photos::decode(&out).to_rgba8().get_pixel(1, 1)[3], 0);
        }
        if name == "anim.gif" {
            // An animated GIF keeps its frames.
            let mut decoder = gif::DecodeOptions::new().read_info(out.as_slice()).unwrap();
            let mut frames = 0;
            while decoder.read_next_frame().unwrap().is_some() {
                frames += 1;
            }
            assert_eq!(frames, 4);
        }
    }
}

/// AVIF input.
mod avif_input {
    use super::*;

    /// An AVIF of `tests/fixtures/avif/` (see its README for how each was made).
    fn avif(name: &str) -> Vec<u8> {
        file(&crate::support::fixture("avif"), name)
    }

    /// The pixel at (`x`, `y`) of the page's one image, decoded.
    fn pixel_of(run: &Run, x: u32, y: u32) -> Rgba<u8> {
        let (_, bytes, _) = the_image(run);
        *photos::decode(&bytes).to_rgba8().get_pixel(x, y)
    }

    #[test]
    fn an_avif_lead_photo_is_a_clean_webp_and_clean_share_crops() {
        // lead-8bit.avif: 320 × 180, a gradient from blue (top) to cream, with
        // EXIF (camera, artist, copyright) and XMP that must all go.
        let story = "+++\ntitle = \"Harbour\"\nimage = \"lead.avif\"\nimage_alt = \"The harbour\"\n+++\n\n![The harbour](lead.avif)\n";
        let site = site(
            story,
            "name = \"Daily\"\n",
            &[("lead.avif", avif("lead-8bit.avif"))],
        );
        let run = site
            .build(&["--base-url", "https://example.com/", "--no-cache"])
            .ok();
        let (mime, webp, shown) = the_image(&run);
        assert_eq!(mime, "image/webp");
        assert_eq!(shown, (320, 180));
        assert_eq!(photos::decode(&webp).dimensions(), (320, 180));
        let (top, bottom) = (pixel_of(&run, 160, 2), pixel_of(&run, 160, 177));
        assert!(top[2] > top[0] + 60, "the top is blue: {top:?}");
        assert!(
            bottom[0] > 200 && bottom[1] > 200,
            "the bottom is cream: {bottom:?}"
        );
        for (mime, bytes) in data_uris(&run.page("index.html")) {
            assert_clean(&format!("inlined {mime}"), &bytes);
        }
        assert_output_clean_with_share_crops(&run, "lead.avif");
        // `keep_metadata` keeps the AVIF's copyright on purpose, and nothing else.
        let keep = self::site(
            story,
            "[images]\nkeep_metadata = [\"copyright\"]\n",
            &[("lead.avif", avif("lead-8bit.avif"))],
        );
        let (_, webp, _) = the_image(&keep.build(&["--no-cache"]).ok());
        let has = |needle: &[u8]| webp.windows(needle.len()).any(|w| w == needle);
        assert!(has(photos::COPYRIGHT.as_bytes()));
        for secret in photos::SECRETS {
            assert!(!has(secret.as_bytes()), "`{secret}` survived");
        }
    }

    #[test]
    fn ten_bit_avif_and_avif_with_alpha() {
        let (_site, run) = one_image("deep.avif", avif("lead-10bit.avif"));
        let run = run.ok();
        assert_eq!(the_image(&run).2, (320, 180));
        let (top, bottom) = (pixel_of(&run, 160, 2), pixel_of(&run, 160, 177));
        assert!(
            top[2] > top[0] + 60 && bottom[0] > 200,
            "{top:?} {bottom:?}"
        );
        // alpha.avif: the left half is transparent, the right half opaque.
        let (_site, run) = one_image("alpha.avif", avif("alpha.avif"));
        let run = run.ok();
        assert_eq!(the_image(&run).2, (320, 180));
        assert_eq!(
            pixel_of(&run, 40, 90)[3],
            0,
            "the left half stays transparent"
        );
        assert_eq!(
            pixel_of(&run, 280, 90)[3],
            255,
            "the right half stays opaque"
        );
    }

    #[test]
    fn avif_rotation_and_mirroring_are_applied() {
        // rotated.avif is stored 180 × 320 with the blue on the right, and its
        // `irot` turns it a quarter anticlockwise; mirrored.avif is stored
        // upside down, and its `imir` swaps top and bottom. Both show 320 × 180
        // with the blue on top.
        for name in ["rotated.avif", "mirrored.avif"] {
            let (_site, run) = one_image(name, avif(name));
            let run = run.ok();
            let (_, webp, shown) = the_image(&run);
            assert_eq!(shown, (320, 180), "{name}");
            assert_eq!(photos::decode(&webp).dimensions(), (320, 180), "{name}");
            let (top, bottom) = (pixel_of(&run, 160, 2), pixel_of(&run, 160, 177));
            assert!(top[2] > top[0] + 60, "{name}: the top is blue: {top:?}");
            assert!(
                bottom[0] > 200 && bottom[1] > 200,
                "{name}: the bottom is cream: {bottom:?}"
            );
        }
    }

    #[test]
    fn wide_gamut_avif_is_converted_to_srgb() {
        // The same numbers, rgb(200, 80, 80): in sRGB they stay, in Display P3
        // (given by CICP code points, or by an ICC profile) they are a redder
        // red, about rgb(216, 69, 75) in sRGB.
        let near =
            |p: Rgba<u8>, want: [u8; 3]| p.0[..3].iter().zip(want).all(|(a, b)| a.abs_diff(b) <= 4);
        let (_site, run) = one_image("srgb.avif", avif("srgb-flat.avif"));
        let p = pixel_of(&run.ok(), 32, 32);
        assert!(near(p, [200, 80, 80]), "{p:?}");
        for name in ["p3.avif", "icc-p3.avif"] {
            let (_site, run) = one_image(name, avif(name));
            let p = pixel_of(&run.ok(), 32, 32);
            assert!(near(p, [216, 69, 75]), "{name}: {p:?}");
        }
    }

    #[test]
    fn avif_that_cannot_be_shown_right_is_a_clear_error() {
        // HDR: BT.2020 with the PQ curve.
        let (_site, run) = one_image("hdr.avif", avif("hdr-pq.avif"));
        assert_eq!(run.code(), Some(1), "{}", run.stderr);
        assert!(
            run.stderr.contains("error: the image `hdr.avif` cannot be used: the AVIF is HDR (PQ transfer), and broadside does not tone-map HDR images"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("help: export an SDR version of it"),
            "{}",
            run.stderr
        );
    }

    #[test]
    fn lossless_avif_keeps_its_colour() {
        // Lossless: RGB stored as is (the identity matrix), a flat (200, 80, 80).
        let (_site, run) = one_image("lossless.avif", avif("lossless.avif"));
        let Rgba([r, g, b, _]) = pixel_of(&run.ok(), 32, 32);
        assert!(
            r.abs_diff(200) <= 1 && g.abs_diff(80) <= 1 && b.abs_diff(80) <= 1,
            "({r}, {g}, {b})"
        );
    }

    #[test]
    fn broken_avif_is_a_clear_error_not_a_crash() {
        let whole = avif("lead-8bit.avif");
        let mut flipped = whole.clone();
        for byte in flipped.iter_mut().skip(whole.len() / 2) {
            *byte ^= 0x5a;
        }
        let cases = [
            (
                "header.avif",
                b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf\0\0\0\0".to_vec(),
            ),
            ("cut.avif", whole[..whole.len() * 2 / 3].to_vec()),
            ("scrambled.avif", flipped),
        ];
        for (name, bytes) in cases {
            let (_site, run) = one_image(name, bytes);
            assert_eq!(run.code(), Some(1), "{name}: {}", run.stderr);
            assert!(
                run.stderr.contains(&format!(
                    "error: the image `{name}` cannot be used: the AVIF cannot be decoded: "
                )),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains("story.md:5:1"), "{}", run.stderr);
            assert!(
                run.stderr
                    .contains("help: open it in an image editor and save it again"),
                "{}",
                run.stderr
            );
        }
    }
}

#[test]
fn images_are_shrunk_to_the_column_and_never_enlarged() {
    let cases = [
        ((2400, 1800), (1000, 750)),
        ((1800, 2400), (750, 1000)),
        ((900, 600), (900, 600)),
        ((3000, 500), (1000, 167)),
    ];
    for ((w, h), expected) in cases {
        let (_site, run) = one_image(
            "p.jpg",
            photos::jpeg(&photos::synthetic_photo(w, h, 6.0), 1, 85),
        );
        assert_eq!(the_image(&run.ok()).2, expected, "{w}×{h}");
    }
    // `max_width` overrides the default, and the page says the new size.
    let jpeg = photos::jpeg(&photos::synthetic_photo(1600, 1200, 6.0), 1, 85);
    let site = site(
        "+++\ntitle = \"T\"\n+++\n\n![A photo](p.jpg)\n",
        "[images]\nmax_width = 640\n",
        &[("p.jpg", jpeg)],
    );
    assert_eq!(the_image(&site.build(&["--no-cache"]).ok()).2, (640, 480));
    // A setting out of range is an error at its place.
    let wrong = self::site(crate::support::STORY, "[images]\nquality = 0\n", &[]);
    let run = wrong.build(&[]);
    assert!(
        run.stderr
            .contains("error: [images] quality is out of range")
            && run.stderr.contains("site.toml:2:11"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_image_is_read_by_its_content_not_its_name() {
    let png = photos::png(&RgbaImage::from_pixel(20, 10, Rgba([1, 2, 3, 255])), 1);
    let (_site, run) = one_image("really-a-png.jpg", png);
    assert_eq!(the_image(&run.ok()).2, (20, 10));
    let (_site, run) = one_image(
        "page.png",
        b"<!doctype html><html><body>Not found</body></html>".to_vec(),
    );
    assert!(
        run.stderr
            .contains("error: the file `page.png` is not an image broadside can inline"),
        "{}",
        run.stderr
    );
    let (_site, run) = one_image(
        "broken.jpg",
        vec![0xff, 0xd8, 0xff, 0xe0, 0, 16, b'J', b'F', b'I', b'F'],
    );
    assert!(
        run.stderr
            .contains("error: the image `broken.jpg` cannot be used: the JPEG cannot be decoded"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("story.md:5:1") && !run.stderr.contains("panicked"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_lead_photo_is_shared_in_every_crop_search_engines_ask_for() {
    let jpeg = photos::jpeg(&photos::synthetic_photo(2400, 1800, 6.0), 1, 85);
    let story = "+++\ntitle = \"Harbour\"\nimage = \"Lead Photo.jpg\"\nimage_alt = \"Boats at dawn\"\n+++\n\nText.\n";
    let site = site(story, "name = \"Daily\"\n", &[("Lead Photo.jpg", jpeg)]);
    let run = site
        .build(&["--base-url", "https://example.com/news/", "--no-cache"])
        .ok();
    let size = |name: &str| photos::decode(&file(run.out(), name)).dimensions();
    assert_eq!(size("lead-photo-share.jpg"), (1200, 628));
    assert_eq!(size("lead-photo-16x9.jpg"), (1200, 675));
    assert_eq!(size("lead-photo-4x3.jpg"), (1200, 900));
    assert_eq!(size("lead-photo-1x1.jpg"), (1200, 1200));
    let html = run.page("index.html");
    for tag in [
        r#"<meta name="robots" content="max-image-preview:large">"#,
        r#"<meta property="og:image" content="https://example.com/news/lead-photo-share.jpg">"#,
        r#"<meta property="og:image:width" content="1200">"#,
        r#"<meta property="og:image:height" content="628">"#,
        r#"<meta property="og:image:alt" content="Boats at dawn">"#,
        r#"<meta name="twitter:image" content="https://example.com/news/lead-photo-share.jpg">"#,
        r#""image":["https://example.com/news/lead-photo-16x9.jpg","https://example.com/news/lead-photo-4x3.jpg","https://example.com/news/lead-photo-1x1.jpg"]"#,
    ] {
        assert!(html.contains(tag), "missing {tag}");
    }
}

/// What `--verbose` says the build's image work was: (processed, cached).
fn image_work(run: &Run) -> (usize, usize) {
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("images: "))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let numbers: Vec<usize> = line.split(' ').filter_map(|w| w.parse().ok()).collect();
    (numbers[0], numbers[1])
}

#[test]
fn a_second_build_does_no_image_work() {
    let jpeg = photos::jpeg(&photos::synthetic_photo(1600, 1200, 6.0), 6, 85);
    let story = "+++\ntitle = \"T\"\nimage = \"lead.jpg\"\nimage_alt = \"A\"\n+++\n\n![B](b.png)\n";
    let png = photos::png(&RgbaImage::from_pixel(30, 20, Rgba([9, 9, 9, 255])), 1);
    let toml = "[images]\ncache_dir = \"../cache\"\n";
    let site = site(story, toml, &[("lead.jpg", jpeg), ("b.png", png)]);
    let build = |extra: &[&str]| {
        let mut args = vec!["--base-url", "https://example.com/", "--verbose"];
        args.extend(extra);
        let run = site.build_with_cache_dir(&args).ok();
        (image_work(&run), tree(run.out()))
    };
    let (work, first) = build(&[]);
    assert_eq!(work, (3, 0), "lead, body image, share crops");
    // Nothing changed: the build is skipped whole (tests/testsuite/cache.rs).
    let (work, second) = build(&[]);
    assert_eq!(work, (0, 0));
    assert_eq!(first, second);
    // The story's text changes: every page is rendered again, its images
    // come from the cache.
    let text = std::fs::read_to_string(site.join("content/story.md")).unwrap();
    std::fs::write(
        site.join("content/story.md"),
        format!("{text}\nOne more line.\n"),
    )
    .unwrap();
    let (work, third) = build(&[]);
    assert_eq!(work, (0, 3));
    let differs: Vec<_> = first.keys().filter(|k| first[*k] != third[*k]).collect();
    // The story is undated, so in no feed: only its page changes.
    assert_eq!(
        differs,
        ["index.html"],
        "only the page changes; the images from the cache are the same bytes"
    );
    // `cache_dir` is relative to the content folder, outside the output.
    assert!(site.join("cache").is_dir());
    // --no-cache does the work again and leaves the cache alone.
    let (work, fresh) = build(&["--no-cache"]);
    assert_eq!(work, (3, 0));
    assert_eq!(third, fresh);
    // A changed setting is a different cache entry.
    std::fs::write(
        site.join("content/site.toml"),
        format!("{toml}quality = 60\n"),
    )
    .unwrap();
    assert_eq!(build(&[]).0.0, 3);
}

#[test]
fn the_cache_is_kept_under_its_size_bound() {
    let jpeg = |seed: u32| photos::jpeg(&photos::synthetic_photo(1200 + seed, 900, 6.0), 1, 85);
    let story = "+++\ntitle = \"T\"\n+++\n\n![A](a.jpg)\n\n![B](b.jpg)\n\n![C](c.jpg)\n";
    let toml = "[images]\ncache_dir = \"../cache\"\ncache_max_mb = 0\n";
    let site = site(
        story,
        toml,
        &[("a.jpg", jpeg(0)), ("b.jpg", jpeg(1)), ("c.jpg", jpeg(2))],
    );
    site.build_with_cache_dir(&[]).ok();
    assert!(site.join("cache").is_dir());
    // The cache's running total (`total`) is all that is left.
    let cache = tree(&site.join("cache"));
    let left: usize = cache
        .iter()
        .filter(|(path, _)| path.as_path() != std::path::Path::new("total"))
        .map(|(_, bytes)| bytes.len())
        .sum();
    assert_eq!(left, 0, "a bound of 0 MB keeps nothing");
}

#[test]
fn a_story_without_a_photo_shares_a_generated_card() {
    let story = "+++\ntitle = \"Harbour Reopens After the Storm & Boats Return\"\ndate = 2024-03-04\n+++\n\nText.\n";
    let site = site(story, "name = \"Harbour Times\"\n", &[]);
    let build = |args: &[&str]| site.build(args).ok();
    let run = build(&["--base-url", "https://example.com/", "--no-cache"]);
    let card = file(run.out(), "share-card.png");
    assert_eq!(photos::decode(&card).dimensions(), (1200, 630));
    assert_clean("share-card.png", &card);
    let html = run.page("index.html");
    for tag in [
        r#"<meta property="og:image" content="https://example.com/share-card.png">"#,
        r#"<meta property="og:image:width" content="1200">"#,
        r#"<meta property="og:image:height" content="630">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
        r#""image":["https://example.com/share-card.png"]"#,
    ] {
        assert!(html.contains(tag), "missing {tag}");
    }
    // The same bytes every time: one embedded font, no system fonts.
    let again = build(&["--base-url", "https://example.com/", "--no-cache"]);
    assert_eq!(file(again.out(), "share-card.png"), card);
    // The card's colour is the stylesheet's accent.
    let pixels = photos::decode(&card).to_rgb8();
    assert_eq!(pixels.get_pixel(5, 300).0, [0x9f, 0x1d, 0x20]);
    // A template replaces its design.
    crate::support::write(
        &site.join("templates/card.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="315"><rect width="600" height="315" fill="#123456"/><text x="10" y="50" font-size="30">{{ card.headline[0].text | safe }}</text></svg>"##,
    );
    let custom = build(&[
        "--base-url",
        "https://example.com/",
        "--no-cache",
        "--templates",
        "templates",
    ]);
    let decoded = photos::decode(&file(custom.out(), "share-card.png")).to_rgb8();
    assert_eq!(decoded.dimensions(), (600, 315));
    assert_eq!(decoded.get_pixel(590, 300).0, [0x12, 0x34, 0x56]);
}

#[test]
fn check_warns_about_small_lead_photos_and_long_headlines() {
    let title = "A headline that goes on and on about the harbour, the storm, the boats and the people who came back on Monday, early";
    assert!(title.chars().count() > 110);
    let story = format!(
        "+++\ntitle = \"{title}\"\nimage = \"small.jpg\"\nimage_alt = \"Boats\"\n+++\n\nText.\n"
    );
    let jpeg = photos::jpeg(&photos::synthetic_photo(800, 600, 4.0), 1, 85);
    let site = site(&story, "", &[("small.jpg", jpeg)]);
    let run = site.run(&["check"]);
    // Warnings only, and check fails on any warning.
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: the headline is 116 characters long; Google shows at most 110\n --> "
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("story.md:2:1"), "{}", run.stderr);
    assert!(run.stderr.contains("warning: the lead image is 800 pixels wide; large previews in search and social feeds need at least 1200"), "{}", run.stderr);
    assert!(run.stderr.contains("story.md:3:1"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("check failed: checked 1 page: 0 errors, 2 warnings\n"),
        "{}",
        run.stderr
    );
    // A build does not print this advice.
    let built = site.build(&[]).ok();
    assert!(built.stderr.is_empty(), "{}", built.stderr);
}
