//! Property: any story file either builds or gives an error, never a panic.
//!
//! The stories are made of pieces that reach every part of the path (front
//! matter in TOML and YAML with known keys and wrong types, Markdown blocks
//! and inlines, raw HTML, footnotes, images, links with odd schemes), mixed
//! with arbitrary text and bytes. Each one is built in memory with
//! `broadside::build_in_memory`, sanitised and not, with and without a
//! base URL. The fuzz target in fuzz/ explores the same path for longer.

use std::path::Path;

use broadside::BuildOptions;
use proptest::prelude::*;

const FRONT_KEYS: &[&str] = &[
    "title", "description", "date", "updated", "authors", "author", "image", "image_alt", "image_caption",
    "tags", "slug", "path", "draft", "lang", "aliases", "taxonomies", "extra", "titel", "template",
];

const VALUES: &[&str] = &[
    "\"Headline\"", "\"\"", "\"  \"", "2020-01-04", "\"2020-13-45\"", "\"2020-01-04T09:15:00Z\"", "12", "-1",
    "1e400", "true", "[\"a\", \"b\"]", "[]", "[1, [2]]", "{ name = \"A\" }", "\"../x\"", "\"/\"", "\"a/../../b\"",
    "\"x.png\"", "\"https://e.com/x.png\"", "\"data:image/png;base64,AAAA\"", "\"java\\tscript:x\"",
    "\"\\u0000\"", "\"é\"", "\"<script>\"", "nan", "inf",
];

const BLOCKS: &[&str] = &[
    "# Heading", "## Heading {#id}", "### {#}", "> quote", "> > nested", "- item", "1. item", "- [ ] task",
    "```rust\ncode\n```", "    indented", "| a | b |\n|:-|-:|\n| 1 | 2 |", "---", "***", "Text[^1].",
    "[^1]: Note.", "[^1]: Again.", "[^x]:", "![alt](x.png)", "![alt](../x.png)", "![alt](/etc/passwd)",
    "![alt](https://e.com/x.png)", "![](data:image/svg+xml,<svg>)", "[a](javascript:alert(1))", "[b]: vbscript:x",
    "<javascript:x>", "<https://e.com>", "<div>", "</div>", "<script>alert(1)</script>", "<img src=x onerror=y>",
    "<img src=\"data:image/png;base64,iVBORw0KGgo=\">", "<sup>1</sup>", "<abbr title=\"t\">T</abbr>",
    "<!-- comment", "<figure><figcaption>c</figcaption></figure>", "*emphasis* **strong** ~~strike~~ `code`",
    "\"quotes\" -- dashes...", "a  \nb", "&amp; &#0; &#x110000; &bogus;", "\\", "[link](<a b>)", "***_*_**",
    "+++", "...", "\t", "\r\n", "\u{feff}", "\u{0}",
];

/// One line of front matter: a known (or nearly known) key and some value.
fn front_line(yaml: bool) -> impl Strategy<Value = String> {
    let value = prop_oneof![9 => prop::sample::select(VALUES).prop_map(str::to_string), 1 => any::<String>()];
    (prop::sample::select(FRONT_KEYS), value)
        .prop_map(move |(k, v)| if yaml { format!("{k}: {v}") } else { format!("{k} = {v}") })
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(BLOCKS).prop_map(str::to_string),
        1 => any::<String>(),
        1 => (prop::sample::select(&["> ", "- ", "1. ", "<div>", "*", "["][..]), 0..300usize)
            .prop_map(|(s, n)| s.repeat(n)),
    ]
}

/// A whole story file: front matter (TOML, YAML, unclosed or none), then
/// Markdown; or any bytes at all.
fn story() -> impl Strategy<Value = Vec<u8>> {
    let structured = (
        prop_oneof![4 => Just(0u8), 4 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8)],
        prop::collection::vec(front_line(false), 0..4),
        prop::collection::vec(front_line(true), 0..4),
        prop::collection::vec(block(), 0..16),
    )
        .prop_map(|(fence, toml, yaml, blocks)| {
            let body = blocks.join("\n\n");
            let text = match fence {
                0 => format!("+++\ntitle = \"T\"\n{}\n+++\n{body}", toml.join("\n")),
                1 => format!("---\ntitle: T\n{}\n---\n{body}", yaml.join("\n")),
                2 => format!("+++\n{}\n{body}", toml.join("\n")),
                _ => body,
            };
            text.into_bytes()
        });
    prop_oneof![
        8 => structured,
        1 => prop::collection::vec(any::<u8>(), 0..512),
        1 => any::<String>().prop_map(|s| format!("+++\ntitle = \"T\"\n+++\n{s}").into_bytes()),
    ]
}

fn build(dir: &Path, story: &[u8], sanitize: bool, base_url: bool) {
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let mut site = String::new();
    if base_url {
        site.push_str("base_url = \"https://example.com/\"\n");
    }
    if !sanitize {
        site.push_str("[markdown]\nallow_unsafe_html = true\n");
    }
    std::fs::write(content.join("site.toml"), site).unwrap();
    std::fs::write(content.join("story.md"), story).unwrap();
    // An image beside the story, so image paths can also succeed.
    std::fs::write(
        content.join("x.png"),
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/errors/image-outside/outside.png"))
            .unwrap(),
    )
    .unwrap();
    let options =
        BuildOptions { content_dir: content, templates_dir: None, out_dir: dir.join("dist"), base_url: None, include: Default::default() };
    match broadside::build_in_memory(&options) {
        Ok(built) => assert!(built.files.iter().any(|f| f.path == "index.html"), "a build without its page"),
        Err(failure) => {
            assert!(failure.errors().count() > 0, "a failed build with no error");
            for d in failure.errors() {
                assert!(!d.message.is_empty());
                // Rendering a diagnostic must not panic either.
                let _ = d.render(false);
                let _ = d.to_string();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_story_builds_or_is_refused_never_panics(story in story(), sanitize: bool, base_url: bool) {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), &story, sanitize, base_url);
    }
}
