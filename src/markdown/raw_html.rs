//! Raw HTML in a story, before it is sanitised. An `<img>` with no `alt`
//! gets `alt=""` (without one the page is not valid HTML) and a warning that
//! the image has no description. `<a name="x">`, obsolete in HTML, becomes
//! `<a id="x">` so that `#x` still leads there; when something already has
//! that id, `#x` leads there and the `name` goes. Images and links are
//! noted for `check`, like Markdown ones.
//!
//! An HTML block arrives as one event per line; its lines are put together
//! first, so that a tag written over several lines is seen whole.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::rewriter::Rewriter;
use super::{ImageFact, LinkFact};

/// Raw HTML seen so far, and the HTML block being read.
#[derive(Default)]
pub(super) struct RawHtml {
    /// Whether the story holds any raw HTML.
    pub seen: bool,
    block: Option<Block>,
}

impl RawHtml {
    pub(super) fn start_block(&mut self) {
        self.block = Some(Block::default());
    }
}

/// The lines of an HTML block, put together.
#[derive(Default)]
struct Block {
    html: String,
    /// Where each line starts, in `html` and in the source.
    lines: Vec<(usize, usize)>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, '_, I> {
    pub(super) fn raw_html(&mut self, html: CowStr<'a>, range: Range<usize>, inline: bool) {
        self.raw.seen = true;
        if !inline && let Some(block) = &mut self.raw.block {
            block.lines.push((block.html.len(), range.start));
            block.html.push_str(&html);
            return;
        }
        let html = match self.fix_tags(&html, &[(0, range.start)]) {
            Some(fixed) => CowStr::from(fixed),
            None => html,
        };
        self.emit(if inline { Event::InlineHtml(html) } else { Event::Html(html) });
    }

    pub(super) fn end_html_block(&mut self) {
        if let Some(block) = self.raw.block.take() {
            let html = self.fix_tags(&block.html, &block.lines).unwrap_or(block.html);
            self.html(html);
        }
        self.emit(Event::End(TagEnd::HtmlBlock));
    }

    /// Notes the images and links of `html` and fixes its `<img>` and
    /// `<a>` tags; None when nothing needed fixing. `lines` maps offsets in
    /// `html` to the source, as [`Block::lines`].
    fn fix_tags(&mut self, html: &str, lines: &[(usize, usize)]) -> Option<String> {
        let source_offset = |offset: usize| {
            let line = lines.partition_point(|&(start, _)| start <= offset).saturating_sub(1);
            lines.get(line).map_or(0, |&(start, source)| source + (offset - start))
        };
        let mut edits: Vec<(Range<usize>, &'static str)> = Vec::new();
        for tag in tags(html) {
            let at = source_offset(tag.start);
            match tag.name.as_str() {
                "img" => {
                    let src = tag.value(html, "src").unwrap_or("").to_string();
                    let alt = tag.value(html, "alt");
                    let has_alt = alt.is_some_and(|a| !a.trim().is_empty());
                    let position = self.positions.position(at);
                    self.out.images.push(ImageFact { src: src.clone(), has_alt, at: position });
                    if alt.is_none() {
                        edits.push((tag.name_end..tag.name_end, " alt=\"\""));
                        self.warn_at(
                            at,
                            format!("the image `{src}` has no description: its <img> tag has no alt attribute"),
                            "say what the picture shows, for readers who cannot see it: <img src=\"…\" alt=\"what the picture shows\">; \
                             until then it gets alt=\"\", which marks it as decoration"
                                .to_string(),
                        );
                    }
                }
                "a" => {
                    if let Some(href) = tag.attribute(html, "href") {
                        let start = href.value.as_ref().map_or(href.name.start, |v| v.start);
                        let position = self.positions.position(source_offset(start));
                        let dest = tag.value(html, "href").unwrap_or("").to_string();
                        self.out.links.push(LinkFact { dest, at: position });
                    }
                    if let Some(name) = tag.attribute(html, "name")
                        && tag.attribute(html, "id").is_none()
                    {
                        let value = name.value.clone().map_or("", |v| &html[v]);
                        let usable = !value.is_empty() && !value.contains(char::is_whitespace);
                        if usable && self.headings.claim(value) {
                            edits.push((name.name.clone(), "id"));
                        } else {
                            // `#value` already leads to the element that has it.
                            edits.push((name.name.start..name.end, ""));
                        }
                    }
                }
                _ => {}
            }
        }
        if edits.is_empty() {
            return None;
        }
        let mut fixed = String::with_capacity(html.len() + edits.len() * 8);
        let mut at = 0;
        for (range, replacement) in edits {
            fixed.push_str(&html[at..range.start]);
            fixed.push_str(replacement);
            at = range.end;
        }
        fixed.push_str(&html[at..]);
        Some(fixed)
    }
}

/// A start tag in raw HTML.
struct RawTag {
    /// Lower case.
    name: String,
    /// Where the `<` is.
    start: usize,
    /// Just after the tag's name.
    name_end: usize,
    attributes: Vec<RawAttribute>,
}

/// An attribute of a [`RawTag`]: where its name, its value (inside any
/// quotes) and the whole attribute end.
struct RawAttribute {
    name: Range<usize>,
    value: Option<Range<usize>>,
    end: usize,
}

impl RawTag {
    fn attribute(&self, html: &str, name: &str) -> Option<&RawAttribute> {
        self.attributes.iter().find(|a| html[a.name.clone()].eq_ignore_ascii_case(name))
    }

    /// The attribute's value as written (`""` for one with no value).
    fn value<'h>(&self, html: &'h str, name: &str) -> Option<&'h str> {
        self.attribute(html, name).map(|a| a.value.clone().map_or("", |v| &html[v]))
    }
}

/// The start tags of `html`, in order; comments and the contents of
/// `<script>`, `<style>` and the like are passed over.
fn tags(html: &str) -> Vec<RawTag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        let start = i + at;
        i = start + 1;
        if html[start..].starts_with("<!--") {
            i = html[start + 4..].find("-->").map_or(html.len(), |end| start + 4 + end + 3);
            continue;
        }
        let name_len = bytes[start + 1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            continue;
        }
        let name_end = start + 1 + name_len;
        let name = html[start + 1..name_end].to_ascii_lowercase();
        let (attributes, end) = attributes(html, name_end);
        i = end;
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title" | "xmp") {
            i = end_tag(html, i, &name);
        }
        out.push(RawTag { name, start, name_end, attributes });
    }
    out
}

/// Where the end tag `</name` is, from `from`; the end of `html` if none.
fn end_tag(html: &str, from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(at) = html[i..].find("</") {
        let start = i + at;
        let after = start + 2;
        if html.get(after..after + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name)) {
            return start;
        }
        i = after;
    }
    html.len()
}

/// The attributes of the tag whose name ends at `from`, and where the tag
/// ends (just after `>`, or the end of `html`).
fn attributes(html: &str, from: usize) -> (Vec<RawAttribute>, usize) {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let space = |i: usize| i < len && bytes[i].is_ascii_whitespace();
    let mut out = Vec::new();
    let mut i = from;
    loop {
        while space(i) || (i < len && bytes[i] == b'/') {
            i += 1;
        }
        if i >= len {
            return (out, len);
        }
        if bytes[i] == b'>' {
            return (out, i + 1);
        }
        let name_start = i;
        i += 1; // A name may start with `=`.
        while i < len && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = name_start..i;
        let mut j = i;
        while space(j) {
            j += 1;
        }
        let mut value = None;
        if j < len && bytes[j] == b'=' {
            j += 1;
            while space(j) {
                j += 1;
            }
            if j < len && matches!(bytes[j], b'"' | b'\'') {
                let quote = bytes[j] as char;
                let start = j + 1;
                let end = html[start..].find(quote).map_or(len, |e| start + e);
                value = Some(start..end);
                i = (end + 1).min(len);
            } else {
                let start = j;
                while j < len && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                    j += 1;
                }
                value = Some(start..j);
                i = j;
            }
        }
        out.push(RawAttribute { name, value, end: i });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_and_attributes() {
        let html = "<!-- <img> --><IMG SRC='a b.png' alt><script>'<img src=x>'</script><a name=t href=\"#x\">";
        let found = tags(html);
        let names: Vec<&str> = found.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["img", "script", "a"]);
        assert_eq!(found[0].value(html, "src"), Some("a b.png"));
        assert_eq!(found[0].value(html, "alt"), Some(""));
        assert_eq!(found[2].value(html, "name"), Some("t"));
        assert_eq!(found[2].value(html, "href"), Some("#x"));
        let (attributes, end) = attributes("<img src=\"x", 4);
        assert_eq!((attributes.len(), end), (1, 11));
    }
}
