//! Gutenberg's blocks: the `<!-- wp:name {attrs} -->` comments of a post
//! written in the block editor, read into a tree and turned into plain
//! HTML that the Markdown step can take.
//!
//! Most blocks save their own HTML between their comments, and that HTML is
//! kept; layout blocks (columns, group, …) keep their inner blocks in
//! reading order; embeds become a link card (a title and a link, no
//! third-party request); video and audio become links to their files;
//! spacers and page breaks go. A block not mapped here keeps the HTML it
//! saved and is listed, with its line, in the report.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::cards;

/// The block comment delimiters, as Gutenberg's own parser reads them.
static DELIMITER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s+(\{[\s\S]*?\}\s+)?(/)?-->")
        .expect("a valid pattern")
});

/// Blocks whose saved HTML is kept as it is.
const KEPT: &[&str] = &[
    "paragraph",
    "heading",
    "list",
    "list-item",
    "quote",
    "pullquote",
    "image",
    "gallery",
    "table",
    "code",
    "preformatted",
    "separator",
    "buttons",
    "button",
    "columns",
    "column",
    "group",
    "row",
    "stack",
    "file",
    "html",
    "freeform",
    "media-text",
    "cover",
    "details",
    "missing",
    "footnotes",
    "text-columns",
    "subhead",
    "shortcode",
];
/// Blocks that leave nothing on the page.
const DROPPED: &[&str] = &["spacer", "more", "nextpage"];

/// A block not mapped, for the report: its name and byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unmapped {
    pub(crate) name: String,
    pub(crate) offset: usize,
}

/// Whether `content` was written in the block editor.
pub(crate) fn has_blocks(content: &str) -> bool {
    content.contains("<!-- wp:")
}

/// The post's blocks as HTML, and the blocks not mapped.
pub(crate) fn render(content: &str) -> (String, Vec<Unmapped>) {
    let mut out = String::with_capacity(content.len());
    let mut unmapped = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut last = 0;
    for caps in DELIMITER.captures_iter(content) {
        let whole = caps.get(0).expect("group 0");
        let text = &content[last..whole.start()];
        push(&mut stack, &mut out, text);
        last = whole.end();
        let name = block_name(caps.get(2).map(|m| m.as_str()), &caps[3]);
        let attrs = caps
            .get(4)
            .and_then(|m| serde_json::from_str(m.as_str().trim()).ok())
            .unwrap_or(Value::Null);
        if caps.get(1).is_some() {
            // A closer: finish the innermost open block of that name.
            if let Some(at) = stack.iter().rposition(|b| b.name == name) {
                while stack.len() > at {
                    let block = stack.pop().expect("not empty");
                    let html = finish(&block, &mut unmapped);
                    push(&mut stack, &mut out, &html);
                }
            }
        } else {
            let block = Open {
                name,
                attrs,
                html: String::new(),
                offset: whole.start(),
            };
            if caps.get(5).is_some() {
                let html = finish(&block, &mut unmapped);
                push(&mut stack, &mut out, &html);
            } else {
                stack.push(block);
            }
        }
    }
    push(&mut stack, &mut out, &content[last..]);
    // Blocks never closed end with the post.
    while let Some(block) = stack.pop() {
        let html = finish(&block, &mut unmapped);
        push(&mut stack, &mut out, &html);
    }
    (out, unmapped)
}

/// A block opened and not yet closed.
struct Open {
    name: String,
    attrs: Value,
    html: String,
    offset: usize,
}

fn push(stack: &mut [Open], out: &mut String, html: &str) {
    match stack.last_mut() {
        Some(block) => block.html.push_str(html),
        None => out.push_str(html),
    }
}

/// `core/paragraph` and `paragraph` are the same block; others keep their
/// namespace (`jetpack/slideshow`).
fn block_name(namespace: Option<&str>, name: &str) -> String {
    match namespace {
        None | Some("core/") => name.to_string(),
        Some(ns) => format!("{ns}{name}"),
    }
}

/// The HTML a block leaves on the page.
fn finish(block: &Open, unmapped: &mut Vec<Unmapped>) -> String {
    let attr = |key: &str| block.attrs.get(key).and_then(Value::as_str).unwrap_or("");
    let name = block.name.as_str();
    match name {
        _ if DROPPED.contains(&name) => "\n".to_string(),
        "embed" => cards::embed(attr("url"), attr("providerNameSlug"), &block.html),
        _ if name.starts_with("core-embed/") => {
            cards::embed(attr("url"), &name["core-embed/".len()..], &block.html)
        }
        "video" | "audio" => cards::media(name, &block.html),
        "verse" => verse(&block.html),
        _ if KEPT.contains(&name) => block.html.clone(),
        _ => {
            unmapped.push(Unmapped {
                name: block.name.clone(),
                offset: block.offset,
            });
            block.html.clone()
        }
    }
}

/// A poem keeps its lines: its `<pre>` becomes a paragraph with line breaks.
fn verse(html: &str) -> String {
    static PRE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<pre[^>]*>(.*?)</pre>").expect("a valid pattern"));
    PRE.replace_all(html, |caps: &regex::Captures| {
        format!("<p>{}</p>", caps[1].trim().replace('\n', "<br>\n"))
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_blocks_keep_reading_order_and_drop_their_comments() {
        let post = "<!-- wp:columns -->\n<div class=\"wp-block-columns\"><!-- wp:column -->\n<div><!-- wp:paragraph -->\n<p>Left</p>\n<!-- /wp:paragraph --></div>\n<!-- /wp:column --><!-- wp:column -->\n<div><!-- wp:paragraph -->\n<p>Right</p>\n<!-- /wp:paragraph --></div>\n<!-- /wp:column --></div>\n<!-- /wp:columns -->";
        let (html, unmapped) = render(post);
        assert!(!html.contains("wp:"), "{html}");
        let left = html.find("Left").expect("left kept");
        let right = html.find("Right").expect("right kept");
        assert!(left < right);
        assert!(unmapped.is_empty());
    }

    #[test]
    fn an_unknown_block_keeps_its_html_and_is_listed() {
        let post = "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->\n<!-- wp:acme/widget {\"x\":1} --><div>kept words</div><!-- /wp:acme/widget -->";
        let (html, unmapped) = render(post);
        assert!(html.contains("kept words"));
        assert_eq!(unmapped.len(), 1);
        assert_eq!(unmapped[0].name, "acme/widget");
        assert_eq!(
            unmapped[0].offset,
            post.find("<!-- wp:acme").expect("there")
        );
    }

    #[test]
    fn self_closing_and_dropped_blocks_leave_nothing() {
        let (html, unmapped) = render(
            "<!-- wp:spacer {\"height\":20} --><div style=\"height:20px\" aria-hidden=\"true\" class=\"wp-block-spacer\"></div><!-- /wp:spacer --><!-- wp:nextpage /-->",
        );
        assert_eq!(html.trim(), "");
        assert!(unmapped.is_empty());
    }
}
