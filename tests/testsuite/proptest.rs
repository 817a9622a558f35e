//! Properties of the whole path from Markdown to page.
//!
//! 1. Any story file either builds or gives an error, never a panic. The
//!    stories are made of pieces that reach every part of the path (front
//!    matter in TOML and YAML with known keys and wrong types, Markdown
//!    blocks and inlines, raw HTML, footnotes, images, links with odd
//!    schemes), mixed with arbitrary text and bytes. Each one is built in
//!    memory with `broadside::build_in_memory`, sanitised and not, with and
//!    without a base URL. The fuzz target in fuzz/ explores the same path
//!    for longer.
//! 2. Rendering loses nothing: random Markdown of images (local and remote),
//!    links, links around images, lists, tables, footnotes, attribute lists
//!    and raw HTML renders to the same visible text as plain pulldown-cmark
//!    with the same options, and (unsanitised) opens and closes every
//!    element as often as pulldown-cmark does.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;

use broadside::BuildOptions;
use broadside::file_info::FileInfo;
use broadside::image_refs::ImageResolver;
use broadside::markdown::{MarkdownRenderer, Source, parser_options};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use proptest::prelude::*;

use crate::support::fixture;

/// Every key broadside reads (the library's own list, so a new field is
/// tried without a line here), and keys it does not: a near miss (`titel`)
/// and one kept quietly (`template`).
fn front_keys() -> Vec<&'static str> {
    broadside::known_keys()
        .chain(["titel", "template"])
        .collect()
}

const VALUES: &[&str] = &[
    "\"Headline\"",
    "\"\"",
    "\"  \"",
    "2020-01-04",
    "\"2020-13-45\"",
    "\"2020-01-04T09:15:00Z\"",
    "12",
    "-1",
    "1e400",
    "true",
    "[\"a\", \"b\"]",
    "[]",
    "[1, [2]]",
    "{ name = \"A\" }",
    "\"../x\"",
    "\"/\"",
    "\"a/../../b\"",
    "\"x.png\"",
    "\"https://e.com/x.png\"",
    "\"data:image/png;base64,AAAA\"",
    "\"java\\tscript:x\"",
    "\"\\u0000\"",
    "\"é\"",
    "\"<script>\"",
    "nan",
    "inf",
];

const BLOCKS: &[&str] = &[
    "# Heading",
    "## Heading {#id}",
    "### {#}",
    "> quote",
    "> > nested",
    "- item",
    "1. item",
    "- [ ] task",
    "```rust\ncode\n```",
    "    indented",
    "| a | b |\n|:-|-:|\n| 1 | 2 |",
    "---",
    "***",
    "Text[^1].",
    "[^1]: Note.",
    "[^1]: Again.",
    "[^x]:",
    "![alt](x.png)",
    "![alt](../x.png)",
    "![alt](/etc/passwd)",
    "![alt](https://e.com/x.png)",
    "![](data:image/svg+xml,<svg>)",
    "[a](javascript:alert(1))",
    "[b]: vbscript:x",
    "<javascript:x>",
    "<https://e.com>",
    "<div>",
    "</div>",
    "<script>alert(1)</script>",
    "<img src=x onerror=y>",
    "<img src=\"data:image/png;base64,iVBORw0KGgo=\">",
    "<sup>1</sup>",
    "<abbr title=\"t\">T</abbr>",
    "<!-- comment",
    "<figure><figcaption>c</figcaption></figure>",
    "*emphasis* **strong** ~~strike~~ `code`",
    "\"quotes\" -- dashes...",
    "a  \nb",
    "&amp; &#0; &#x110000; &bogus;",
    "\\",
    "[link](<a b>)",
    "***_*_**",
    "+++",
    "...",
    "\t",
    "\r\n",
    "\u{feff}",
    "\u{0}",
    "{: .note}",
    "![x](x.png){:class=\"c\"}",
    "{:",
    "Term\n: def",
    "<a name=\"n\"></a>",
    "<img src=x.png>",
    "[![a](x.png)](x.png)",
    "[f](../x.png)",
    "[s](story.md)",
    "#### Deep",
];

/// One line of front matter: a known (or nearly known) key and some value.
fn front_line(yaml: bool) -> impl Strategy<Value = String> {
    let value = prop_oneof![9 => prop::sample::select(VALUES).prop_map(str::to_string), 1 => any::<String>()];
    (prop::sample::select(front_keys()), value).prop_map(move |(k, v)| {
        if yaml {
            format!("{k}: {v}")
        } else {
            format!("{k} = {v}")
        }
    })
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
    std::fs::copy(
        fixture("errors/image-outside/outside.png"),
        content.join("x.png"),
    )
    .unwrap();
    let options = BuildOptions {
        content_dir: content,
        out_dir: dir.join("dist"),
        ..BuildOptions::default()
    };
    match broadside::build_in_memory(&options) {
        Ok(built) => assert!(
            built.files.iter().any(|f| f.path == "index.html"),
            "a build without its page"
        ),
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

/// Inline pieces: text, emphasis, code, images, links, links around
/// images, raw inline HTML, footnote references, attribute lists.
const INLINES: &[&str] = &[
    "Build status",
    "is green.",
    "harbour",
    "\"smart\" quotes",
    "it's",
    "a & b",
    "x < y",
    "`code`",
    "*em*",
    "**strong**",
    "~~gone~~",
    "![passing](a.png)",
    "![A *chart*](b.gif \"Arrivals\")",
    "![](a.png)",
    "![Flow][flow]{:class=\"center\"}",
    "![x](a.png){: .right}",
    "[home](https://example.com/)",
    "[top](#top)",
    "[the chart](a.png)",
    "[js](javascript:alert(1))",
    "[minutes](minutes.html)",
    "[ref][flow]",
    "[![Logo](a.png)](https://example.com/)",
    "[![Chart](a.png)](a.png)",
    "<sup>2</sup>",
    "<abbr title=\"t\">T</abbr>",
    "<img src=\"a.png\">",
    "<img src=\"b.gif\" alt=\"raw\">",
    "<a name=\"tool\"></a>",
    "<span>s</span>",
    "[^1]",
    "[^note]",
    "{: .note}",
    "\\{: .kept}",
];

/// Inline pieces that need `allow_remote`.
const REMOTE_INLINES: &[&str] = &[
    "![remote](https://example.com/r.png)",
    "[![R](https://example.com/r.png)](https://example.com/)",
];

/// Whole blocks that are not made of inline pieces.
const FIXED_BLOCKS: &[&str] = &[
    "![Alone](a.png \"Caption\")",
    "![Flow][flow]{:class=\"center\"}",
    "![Flow][flow]\n{: .wide}",
    "[![Chart](a.png)](a.png)",
    "<div>\n<img src=\"a.png\">\n</div>",
    "<div class=\"box\">\n<a name=\"x\">x</a>\n",
    "</div>",
    "<figure>\n<img\n src=\"b.gif\" alt=\"g\">\n</figure>",
    "<!-- a comment -->",
    "```\n{: .kept} code\n```",
    "{: .note}",
    "- [ ] task\n- [x] done",
    "---",
];

/// A line of inline pieces, some wrapped in emphasis or a link.
fn inline_line(remote: bool) -> impl Strategy<Value = String> + Clone {
    let mut pieces = INLINES.to_vec();
    if remote {
        pieces.extend_from_slice(REMOTE_INLINES);
    }
    let piece = prop::sample::select(pieces);
    let run = prop::collection::vec(piece, 1..5).prop_map(|p| p.join(" "));
    prop_oneof![
        4 => run.clone(),
        1 => run.clone().prop_map(|r| format!("*{r}*")),
        1 => run.prop_map(|r| format!("[{r}](https://example.com/x)")),
    ]
}

fn inline_run(remote: bool) -> impl Strategy<Value = String> + Clone {
    prop::collection::vec(inline_line(remote), 1..4).prop_map(|l| l.join(" "))
}

fn markdown_block(remote: bool) -> impl Strategy<Value = String> {
    let line = inline_run(remote);
    let cells = (1..4usize, prop::collection::vec(line.clone(), 9));
    prop_oneof![
        4 => line.clone(),
        2 => prop::sample::select(FIXED_BLOCKS).prop_map(str::to_string),
        1 => (1..7usize, line.clone()).prop_map(|(n, l)| format!("{} {l}", "#".repeat(n))),
        1 => prop::collection::vec(line.clone(), 1..4).prop_map(|items| format!("- {}", items.join("\n- "))),
        1 => prop::collection::vec(line.clone(), 1..4).prop_map(|items| format!("1. {}", items.join("\n\n2. "))),
        1 => cells.prop_map(|(n, c)| {
            let row = |r: usize| format!("| {} |", c[r * n..r * n + n].join(" | "));
            format!("{}\n|{}\n{}\n{}", row(0), "---|".repeat(n), row(1), row(2))
        }),
        1 => line.clone().prop_map(|l| format!("[^1]: {l}")),
        1 => line.clone().prop_map(|l| format!("[^note]: {l}")),
        1 => line.clone().prop_map(|l| format!("> {l}")),
        1 => line.prop_map(|l| format!("Term\n: {l}")),
    ]
}

fn markdown_story(remote: bool) -> impl Strategy<Value = String> {
    prop::collection::vec(markdown_block(remote), 1..8)
        .prop_map(|blocks| format!("{}\n\n[flow]: a.png \"The flow\"\n", blocks.join("\n\n")))
}

/// What a fragment of HTML shows and how it nests.
#[derive(Default)]
struct Seen {
    /// The visible text (images by their alt text), a space for each tag
    /// that is not inside a line.
    text: String,
    /// For each element, start tags less end tags (void elements left out).
    balance: BTreeMap<String, i64>,
    /// Inside an element whose text is an intended difference (footnote
    /// numbers and back links, figure captions): its name and depth.
    skipping: Option<(String, usize)>,
}

struct SeenSink(RefCell<Seen>);

/// Elements inside a line of text: their tags are not white space.
const INLINE: &[&str] = &[
    "a", "abbr", "code", "del", "em", "span", "strong", "sub", "sup",
];
const VOID: &[&str] = &[
    "area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr",
];
const NOT_COMPARED: &[&str] = &[
    "footnote-reference",
    "footnote-definition-label",
    "footnote-back",
];

impl TokenSink for SeenSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut seen = self.0.borrow_mut();
        match token {
            Token::CharacterTokens(text) if seen.skipping.is_none() => seen.text.push_str(&text),
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                if !INLINE.contains(&name.as_str()) {
                    seen.text.push(' ');
                }
                let void = VOID.contains(&name.as_str());
                let attr = |n: &str| {
                    tag.attrs
                        .iter()
                        .find(|a| &*a.name.local == n)
                        .map(|a| a.value.to_string())
                };
                if tag.kind == TagKind::StartTag {
                    if name == "img" && seen.skipping.is_none() {
                        let alt = attr("alt").unwrap_or_default();
                        seen.text.push_str(&alt);
                        seen.text.push(' ');
                    }
                    if !void {
                        *seen.balance.entry(name.clone()).or_default() += 1;
                        match &mut seen.skipping {
                            Some((skipped, depth)) if *skipped == name => *depth += 1,
                            Some(_) => {}
                            None => {
                                let class = attr("class").unwrap_or_default();
                                if name == "figcaption" || NOT_COMPARED.contains(&class.as_str()) {
                                    seen.skipping = Some((name, 1));
                                }
                            }
                        }
                    }
                } else if !void {
                    *seen.balance.entry(name.clone()).or_default() -= 1;
                    if let Some((skipped, depth)) = &mut seen.skipping
                        && *skipped == name
                    {
                        *depth -= 1;
                        if *depth == 0 {
                            seen.skipping = None;
                        }
                    }
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn seen(html: &str) -> Seen {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(
        SeenSink(RefCell::new(Seen::default())),
        TokenizerOpts::default(),
    );
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut seen = tokenizer.sink.0.take();
    seen.balance.retain(|_, n| *n != 0);
    seen
}

/// Visible text with white space collapsed and kramdown attribute lists
/// taken out (broadside removes them on purpose; pulldown-cmark shows them).
fn comparable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{:") {
        out.push_str(&rest[..at]);
        match rest[at..].find(['}', '\n']) {
            Some(end) if rest.as_bytes()[at + end] == b'}' => rest = &rest[at + end + 1..],
            _ => {
                out.push_str("{:");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders `md` with broadside in a folder holding the images it uses.
fn render_ours(dir: &Path, md: &str, sanitize: bool, remote: bool) -> String {
    std::fs::copy(
        fixture("errors/image-outside/outside.png"),
        dir.join("a.png"),
    )
    .unwrap();
    std::fs::copy(
        fixture("images-inlined/harbour/gate.gif"),
        dir.join("b.gif"),
    )
    .unwrap();
    let renderer = MarkdownRenderer::new(ImageResolver::new(dir, remote).unwrap(), sanitize);
    let file = FileInfo::new(dir, &dir.join("story.md"));
    let source = Source {
        text: md,
        first_line: 1,
        file: &file,
    };
    match renderer.render(&source) {
        Ok((rendered, _warnings)) => rendered.html,
        Err(errors) => panic!("{md}\n\ndid not render: {errors:?}"),
    }
}

/// pulldown-cmark's own rendering, with footnote definitions moved to the
/// end in the order of their numbers (first met, referenced or defined), as
/// broadside puts them at the bottom.
fn render_plain(md: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut numbers: Vec<String> = Vec::new();
    let mut number = |name: &str| match numbers.iter().position(|n| n == name) {
        Some(at) => at,
        None => {
            numbers.push(name.to_string());
            numbers.len() - 1
        }
    };
    let mut body = Vec::new();
    let mut notes: Vec<(usize, Vec<Event>)> = Vec::new();
    let mut open: Option<(usize, Vec<Event>)> = None;
    for event in pulldown_cmark::Parser::new_ext(md, parser_options(md)) {
        match &event {
            Event::FootnoteReference(name) => {
                number(name);
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                open = Some((number(name), vec![event.clone()]));
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((n, mut events)) = open.take() {
                    events.push(event);
                    if !notes.iter().any(|(m, _)| *m == n) {
                        notes.push((n, events));
                    }
                }
                continue;
            }
            _ => {}
        }
        match &mut open {
            Some((_, events)) => events.push(event),
            None => body.push(event),
        }
    }
    notes.sort_by_key(|(n, _)| *n);
    body.extend(notes.into_iter().flat_map(|(_, events)| events));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, body.into_iter());
    html
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rendering_loses_no_text_and_no_end_tag(
        (remote, md) in any::<bool>().prop_flat_map(|remote| (Just(remote), markdown_story(remote))),
        sanitize: bool,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let ours = render_ours(dir.path(), &md, sanitize, remote);
        let plain = render_plain(&md);
        let (ours_seen, plain_seen) = (seen(&ours), seen(&plain));
        prop_assert_eq!(
            comparable(&ours_seen.text),
            comparable(&plain_seen.text),
            "text differs for\n{}\n\nbroadside:\n{}\n\npulldown-cmark:\n{}", md, ours, plain
        );
        if !sanitize {
            // Sanitised HTML is re-serialised and always balanced; without
            // the sanitiser a lost end tag shows.
            prop_assert_eq!(
                &ours_seen.balance,
                &plain_seen.balance,
                "tags open and close differently for\n{}\n\nbroadside:\n{}\n\npulldown-cmark:\n{}", md, ours, plain
            );
        }
    }
}
