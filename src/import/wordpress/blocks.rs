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

use std::cell::Cell;
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

/// The content of a reusable block (`wp_block` item), by its id.
pub(crate) type Reusable<'a> = dyn Fn(u64) -> Option<&'a str> + 'a;

/// Reusable blocks inside reusable blocks are followed this deep at most,
/// and at most this many times in one post (a block used twice in a block
/// used twice … grows as a power).
const MAX_REUSE_DEPTH: usize = 8;
const MAX_REUSES: usize = 256;

/// The post's blocks as HTML, and the blocks not mapped.
pub(crate) fn render(content: &str, reusable: &Reusable) -> (String, Vec<Unmapped>) {
    render_at(content, reusable, 0, &Cell::new(MAX_REUSES))
}

fn render_at(
    content: &str,
    reusable: &Reusable,
    depth: usize,
    budget: &Cell<usize>,
) -> (String, Vec<Unmapped>) {
    let cx = Finish {
        reusable,
        depth,
        budget,
    };
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
                    let html = cx.finish(&block, &mut unmapped);
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
                let html = cx.finish(&block, &mut unmapped);
                push(&mut stack, &mut out, &html);
            } else {
                stack.push(block);
            }
        }
    }
    push(&mut stack, &mut out, &content[last..]);
    // Blocks never closed end with the post.
    while let Some(block) = stack.pop() {
        let html = cx.finish(&block, &mut unmapped);
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

/// What finishing a block needs: reusable blocks, and how deep in them.
struct Finish<'r, 'a> {
    reusable: &'r Reusable<'a>,
    depth: usize,
    /// Reusable blocks still to be expanded in this post.
    budget: &'r Cell<usize>,
}

impl Finish<'_, '_> {
    /// The HTML a block leaves on the page.
    fn finish(&self, block: &Open, unmapped: &mut Vec<Unmapped>) -> String {
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
            "social-link" => social_link(attr("url"), attr("label"), attr("service")),
            "block" => self.reused(block, unmapped),
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

    /// A reusable block (`{"ref": 12}`): the blocks it holds.
    fn reused(&self, block: &Open, unmapped: &mut Vec<Unmapped>) -> String {
        let content = block
            .attrs
            .get("ref")
            .and_then(Value::as_u64)
            .filter(|_| self.depth < MAX_REUSE_DEPTH)
            .and_then(|id| (self.reusable)(id));
        match content {
            Some(content) if self.budget.get() > 0 => {
                self.budget.set(self.budget.get() - 1);
                let (html, inner) = render_at(content, self.reusable, self.depth + 1, self.budget);
                // Not mapped inside it: reported at the reusable block's place.
                unmapped.extend(inner.into_iter().map(|u| Unmapped {
                    name: u.name,
                    offset: block.offset,
                }));
                html
            }
            _ => {
                unmapped.push(Unmapped {
                    name: "block (a reusable block not in the export, or used too often)".into(),
                    offset: block.offset,
                });
                block.html.clone()
            }
        }
    }
}

/// A social icon's link, named by its label or its service.
fn social_link(url: &str, label: &str, service: &str) -> String {
    if url.trim().is_empty() || url.trim() == "#" {
        return String::new();
    }
    let name = if label.trim().is_empty() {
        service
    } else {
        label
    };
    format!(
        "<li><a href=\"{}\">{}</a></li>",
        cards::escape(url.trim()),
        cards::escape(name)
    )
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
        let (html, unmapped) = render(post, &|_| None);
        assert!(!html.contains("wp:"), "{html}");
        let left = html.find("Left").expect("left kept");
        let right = html.find("Right").expect("right kept");
        assert!(left < right);
        assert!(unmapped.is_empty());
    }

    #[test]
    fn an_unknown_block_keeps_its_html_and_is_listed() {
        let post = "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->\n<!-- wp:acme/widget {\"x\":1} --><div>kept words</div><!-- /wp:acme/widget -->";
        let (html, unmapped) = render(post, &|_| None);
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
            &|_| None,
        );
        assert_eq!(html.trim(), "");
        assert!(unmapped.is_empty());
    }

    #[test]
    fn a_reusable_block_gives_its_blocks_and_a_loop_ends() {
        let reusable = |id: u64| match id {
            7 => Some("<!-- wp:paragraph --><p>Shared footer words.</p><!-- /wp:paragraph -->"),
            8 => Some("<!-- wp:block {\"ref\":8} /-->"),
            _ => None,
        };
        let (html, unmapped) = render("<!-- wp:block {\"ref\":7} /-->", &reusable);
        assert_eq!(html, "<p>Shared footer words.</p>");
        assert!(unmapped.is_empty());
        let (_, unmapped) = render(
            "<!-- wp:block {\"ref\":8} /--><!-- wp:block {\"ref\":9} /-->",
            &reusable,
        );
        assert_eq!(unmapped.len(), 2, "{unmapped:?}");
    }
}
