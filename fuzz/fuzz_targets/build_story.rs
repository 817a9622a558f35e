//! The whole path from a story file to pages: front matter (TOML or YAML),
//! Markdown, raw HTML sanitising, images and templates.
//!
//! The first byte picks the site settings (bit 0: allow_unsafe_html, bit 1:
//! a base_url, so the feed and sitemap are rendered too); the rest is the
//! story file, written as-is, not necessarily UTF-8. Any input must either
//! build or give diagnostics: a panic, a stack overflow or a hang is a bug.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use broadside::BuildOptions;
use libfuzzer_sys::fuzz_target;

fn content_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder").keep())
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, story)) = data.split_first() else { return };
    let dir = content_dir();
    let mut site = String::from("name = \"Fuzz\"\n");
    if flags & 2 != 0 {
        site.push_str("base_url = \"https://example.com/news/\"\n");
    }
    if flags & 1 != 0 {
        site.push_str("[markdown]\nallow_unsafe_html = true\n");
    }
    std::fs::write(dir.join("site.toml"), site).expect("write site.toml");
    std::fs::write(dir.join("story.md"), story).expect("write story.md");
    let options = BuildOptions {
        content_dir: dir.clone(),
        templates_dir: None,
        out_dir: dir.join("dist"),
        base_url: None,
        force: false,
    };
    match broadside::build_in_memory(&options) {
        Ok(built) => assert!(!built.files.is_empty(), "a build that succeeds writes a page"),
        Err(failure) => assert!(failure.errors().count() > 0, "a failed build says why"),
    }
});
