//! The whole path from a content folder to pages: front matter (TOML or
//! YAML), Markdown, raw HTML sanitising, image files and templates.
//!
//! The first byte picks the settings: bit 0 `allow_unsafe_html`; bit 1 a
//! `base_url`, so the feed, sitemap and published files are made too; bits
//! 2–4 an image file to put beside the story (none, SVG, PNG, JPEG, GIF,
//! WebP, AVIF), whose bytes are the file's magic number followed by the
//! part of the input after the first 0x00 byte (an AVIF part that starts
//! with its own `ftyp` box is the whole file, since its boxes point at file
//! offsets); bit 5 whether the story is given fixed front matter that uses
//! that image (else the input's own text is the whole story file, front
//! matter included). Any input must either build or give diagnostics: a
//! panic, a stack overflow or a hang is a bug.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

mod built;

fn content_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder").keep())
}

/// File name and magic number of each image kind the fuzzer writes.
const IMAGES: [(&str, &[u8]); 6] = [
    ("img.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" "),
    ("img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"),
    ("img.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
    ("img.gif", b"GIF89a"),
    ("img.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
    ("img.avif", b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let dir = content_dir();
    let mut site = String::from("name = \"Fuzz\"\n");
    if flags & 2 != 0 {
        site.push_str("base_url = \"https://example.com/news/\"\n");
    }
    if flags & 1 != 0 {
        site.push_str("[markdown]\nallow_unsafe_html = true\n");
    }
    std::fs::write(dir.join("site.toml"), site).expect("write site.toml");
    for (name, _) in IMAGES {
        let _ = std::fs::remove_file(dir.join(name));
    }
    let (story, image) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let image_name = match usize::from((flags >> 2) & 7) {
        0 => None,
        kind => IMAGES.get(kind - 1).map(|(name, magic)| {
            let whole = name.ends_with(".avif") && image.get(4..8) == Some(b"ftyp");
            let mut bytes = if whole { Vec::new() } else { magic.to_vec() };
            bytes.extend_from_slice(image);
            std::fs::write(dir.join(name), bytes).expect("write the image");
            *name
        }),
    };
    let mut file = Vec::new();
    if flags & 32 != 0 {
        let name = image_name.unwrap_or("img.png");
        file.extend_from_slice(format!("+++\ntitle = \"F\"\nimage = \"{name}\"\n+++\n![a]({name} \"c\")\n\n").as_bytes());
    }
    file.extend_from_slice(story);
    std::fs::write(dir.join("story.md"), file).expect("write story.md");
    built::builds_or_says_why(dir, &dir.join("dist"));
});
