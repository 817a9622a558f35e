//! Where kramdown, the Markdown of Jekyll posts, reads a story otherwise
//! than CommonMark, the Markdown is changed before it is parsed so that
//! pulldown-cmark reads it as kramdown does:
//!
//! - **A link label defined twice**: kramdown uses the last definition,
//!   CommonMark the first. Every definition but the last of a label gets
//!   a label no link can name, so the last one wins.
//! - **A link whose address wraps onto the next line**
//!   (`[file](https://example.org/s` and `rc/format.md)` on the next line):
//!   kramdown takes everything up to the closing parenthesis, and browsers
//!   drop the line break from the address; CommonMark makes no link of it.
//!   The line break and the spaces around it are taken out of the address.
//!
//! Only for Jekyll posts; every change is recorded in an [`OffsetMap`], so
//! messages still name the line and column the author wrote.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::tags::{Expanded, OffsetMap};

/// The longest link address looked at for a line break, in bytes, the
/// most lines it is read over, and the deepest its parentheses nest.
const MAX_ADDRESS: usize = 4096;
const MAX_LINES: usize = 4;
const MAX_DEPTH: usize = 8;

/// `expanded` (the story's Markdown, its template tags replaced) as
/// kramdown reads it when the story is a Jekyll post, else as it is.
pub(super) fn as_kramdown<'t>(
    expanded: Expanded<'t>,
    jekyll: bool,
    options: Options,
) -> Expanded<'t> {
    let text = &expanded.text;
    if !jekyll || !(text.contains("]:") || text.contains("](")) {
        return expanded;
    }
    // Parsed only when a candidate is found: most posts have none.
    let parsed = OnceCell::new();
    let blocks = || parsed.get_or_init(|| Blocks::of(text, options));
    let mut edits = superseded_labels(text, &blocks);
    edits.extend(wrapped_addresses(text, &blocks));
    if edits.is_empty() {
        return expanded;
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(text.len() + 16 * edits.len());
    let mut map = OffsetMap::default();
    let mut copied = 0;
    for (range, with) in edits {
        out.push_str(text.get(copied..range.start).unwrap_or(""));
        let start = out.len();
        out.push_str(&with);
        map.push(start..out.len(), range.clone());
        copied = range.end;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Expanded {
        text: out.into(),
        map: map.after(expanded.map),
        ..expanded
    }
}

/// Where pulldown-cmark found leaf blocks (no definition is inside one)
/// and code or raw HTML (no link is), each as sorted, disjoint ranges.
struct Blocks {
    leaves: Vec<Range<usize>>,
    code: Vec<Range<usize>>,
}

impl Blocks {
    fn of(text: &str, options: Options) -> Self {
        let mut blocks = Blocks {
            leaves: Vec::new(),
            code: Vec::new(),
        };
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                    blocks.leaves.push(range.clone());
                    blocks.code.push(range);
                }
                Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => blocks.code.push(range),
                Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Table(_))
                | Event::Text(_) => blocks.leaves.push(range),
                _ => {}
            }
        }
        merge(&mut blocks.leaves);
        merge(&mut blocks.code);
        blocks
    }
}

/// `ranges` sorted, the overlapping ones made one.
fn merge(ranges: &mut Vec<Range<usize>>) {
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    *ranges = merged;
}

/// Whether `offset` is in one of `ranges` (sorted, disjoint).
fn inside(ranges: &[Range<usize>], offset: usize) -> bool {
    let index = ranges.partition_point(|r| r.start <= offset);
    index
        .checked_sub(1)
        .and_then(|i| ranges.get(i))
        .is_some_and(|r| offset < r.end)
}

/// A label no link can name, for the `n`th definition that lost.
fn superseded(n: usize) -> String {
    format!("\u{e000}superseded {n}\u{e000}")
}

/// For every label defined more than once, the label of each definition
/// but the last, to be replaced.
fn superseded_labels<'b>(
    text: &str,
    blocks: &dyn Fn() -> &'b Blocks,
) -> Vec<(Range<usize>, String)> {
    let mut by_label: HashMap<String, Vec<Range<usize>>> = HashMap::new();
    let mut order = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let at = line_start;
        line_start += line.len();
        let Some(label) = definition_label(line) else {
            continue;
        };
        let label = at + label.start..at + label.end;
        let key = normalized(&text[label.clone()]);
        if !by_label.contains_key(&key) {
            order.push(key.clone());
        }
        by_label.entry(key).or_default().push(label);
    }
    let mut edits = Vec::new();
    for key in order {
        let Some(labels) = by_label.get(&key).filter(|l| l.len() > 1) else {
            continue;
        };
        // A line in a paragraph or code is no definition.
        let labels: Vec<_> = labels
            .iter()
            .filter(|l| !inside(&blocks().leaves, l.start - 1))
            .collect();
        for label in labels.iter().take(labels.len().saturating_sub(1)) {
            edits.push(((*label).clone(), superseded(edits.len() + 1)));
        }
    }
    edits
}

/// The label's range in `line` when the line starts a link definition
/// (`[label]: …`, after spaces and block quote markers).
fn definition_label(line: &str) -> Option<Range<usize>> {
    let start = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
    let rest = line.get(start..)?.strip_prefix('[')?;
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' | '\n' => return None,
            ']' => {
                let label = start + 1..start + 1 + i;
                let blank = rest[..i].trim().is_empty();
                return (!blank && rest[i + 1..].starts_with(':')).then_some(label);
            }
            _ => {}
        }
    }
    None
}

/// A label as both kramdown and CommonMark compare them.
fn normalized(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The line breaks (with the spaces around them) inside inline links'
/// addresses, to be taken out.
fn wrapped_addresses<'b>(
    text: &str,
    blocks: &dyn Fn() -> &'b Blocks,
) -> Vec<(Range<usize>, String)> {
    let mut edits = Vec::new();
    for (at, _) in text.match_indices("](") {
        let from = at + 2;
        let Some(address) = address_at(text, from) else {
            continue;
        };
        let written = &text[from..from + address];
        let trimmed = written.trim();
        if !trimmed.contains('\n') || inside(&blocks().code, at) {
            continue;
        }
        let start = from + (written.len() - written.trim_start().len());
        let end = start + trimmed.len();
        let mut cuts = Vec::new();
        for (k, _) in trimmed.match_indices('\n') {
            let k = start + k;
            let before = text[..k].trim_end_matches([' ', '\t', '\r']).len();
            let next = &text[k + 1..];
            cuts.push((
                before,
                k + 1 + next.len() - next.trim_start_matches([' ', '\t']).len(),
            ));
        }
        let mut piece_start = start;
        let fits = cuts.iter().map(|c| c.0).chain([end]).all(|piece_end| {
            let piece = text.get(piece_start..piece_end).unwrap_or("");
            piece_start = cuts.iter().find(|c| c.0 == piece_end).map_or(end, |c| c.1);
            !piece.is_empty() && !piece.contains(char::is_whitespace) && !piece.starts_with('>')
        });
        if fits {
            edits.extend(cuts.into_iter().map(|(s, e)| (s..e, String::new())));
        }
    }
    edits
}

/// The length of the address of an inline link whose `(` ends just
/// before `from`, as kramdown reads it: up to the parenthesis that closes
/// it (nested ones balanced), or to white space before a title. None when
/// it is written in angle brackets, or cannot be an address wrapped over
/// lines: a space inside a line, a blank line, more than
/// [`MAX_LINES`] lines, [`MAX_DEPTH`] parentheses deep or longer than
/// [`MAX_ADDRESS`] bytes. So each `](` of a story costs at most the
/// length of the word after it.
fn address_at(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    if rest.starts_with('<') {
        return None;
    }
    let (mut depth, mut lines) = (1, 1);
    let mut previous = ' ';
    for (i, c) in rest.char_indices().take_while(|(i, _)| *i < MAX_ADDRESS) {
        let after = || rest[i + 1..].trim_start_matches([' ', '\t']);
        match c {
            '(' if depth == MAX_DEPTH => return None,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            '"' | '\'' if previous.is_whitespace() => return Some(i),
            '\n' if lines == MAX_LINES || after().starts_with('\n') => return None,
            '\n' => lines += 1,
            ' ' | '\t'
                if !previous.is_whitespace()
                    && i > 0
                    && !after().starts_with(['\n', '\r', '"', '\'', ')']) =>
            {
                return None;
            }
            _ => {}
        }
        previous = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn kramdown(text: &str) -> (String, OffsetMap) {
        let expanded = Expanded {
            text: Cow::Borrowed(text),
            map: OffsetMap::default(),
            met: Vec::new(),
            problems: Vec::new(),
        };
        let out = as_kramdown(expanded, true, super::super::parser_options(text));
        (out.text.into_owned(), out.map)
    }

    #[test]
    fn the_last_definition_of_a_label_wins() {
        let text = "See the [CFG] and [Plan].\n\n[cfg]: https://w.example.org/CFG\n[plan]: /a\n\n> [CFG]:  /images/cfg.svg\n\n    [cfg]: /in/code\n";
        let (out, map) = kramdown(text);
        assert!(
            out.contains("[\u{e000}superseded 1\u{e000}]: https://w.example.org/CFG"),
            "{out}"
        );
        assert!(out.contains("> [CFG]:  /images/cfg.svg"), "{out}");
        assert!(out.contains("[plan]: /a") && out.contains("    [cfg]: /in/code"));
        let html = {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new(&out));
            html
        };
        assert!(html.contains("href=\"/images/cfg.svg\">CFG</a>"), "{html}");
        // Offsets after the change map back to the story's own.
        let at = out.find("/images").unwrap();
        assert_eq!(map.to_source(at), text.find("/images").unwrap());
    }

    #[test]
    fn a_wrapped_address_is_joined() {
        let text = "Check [this\nfile](https://e.example.org/lit/s\n  rc/format.md) and [t](a \"x\ny\").\n\n`[c](d\ne)`\n";
        let (out, map) = kramdown(text);
        assert!(
            out.starts_with(
                "Check [this\nfile](https://e.example.org/lit/src/format.md) and [t](a \"x\ny\")."
            ),
            "{out}"
        );
        assert!(out.contains("`[c](d\ne)`"), "{out}");
        let at = out.find("format").unwrap();
        assert_eq!(map.to_source(at), text.find("format").unwrap());
        // A blank line ends the paragraph, and the link with it; prose
        // in parentheses is no address.
        for text in ["[a](b\n\nc)\n", "[a](see the\nnotes)\n", "[a](b\nc d)\n"] {
            assert_eq!(kramdown(text).0, text);
        }
        // Many `](` cost little each.
        let many = "[a](".repeat(20_000) + "b\nc)";
        let start = std::time::Instant::now();
        let _ = kramdown(&many);
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn other_stories_are_left_alone() {
        let text = "[a]: /one\n[a]: /two\n";
        let expanded = Expanded {
            text: Cow::Borrowed(text),
            map: OffsetMap::default(),
            met: Vec::new(),
            problems: Vec::new(),
        };
        let out = as_kramdown(expanded, false, Options::empty());
        assert_eq!(out.text, text);
    }
}
