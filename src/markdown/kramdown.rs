//! kramdown attribute lists, as Jekyll posts write them: `{: .note}` on the
//! line after a block, `![Flow][flow]{:class="center"}` after a span,
//! `{:ref: #id}` defining one. CommonMark shows them as text; here they are
//! removed. Their class names are kept only where they can go safely: on an
//! image or its figure (see `image_tags`) and on a heading (pulldown-cmark's
//! heading attributes); only names of letters, digits, `-` and `_`.
//!
//! The lists are found in the Markdown source, not in the text events,
//! because pulldown-cmark splits a list such as `{:class="center"}` into
//! several events (its quotes become curly ones).

use std::ops::Range;

use pulldown_cmark::CowStr;

/// The end (one past the `}`) of the attribute list that starts at byte `at`
/// of `source`: an unescaped `{:`, up to the first `}` on the same line.
pub(super) fn list_at(source: &str, at: usize) -> Option<usize> {
    if !source.get(at..)?.starts_with("{:") || source[..at].ends_with('\\') {
        return None;
    }
    let after = at + 2;
    for (i, b) in source.as_bytes()[after..].iter().enumerate() {
        match b {
            b'}' => return Some(after + i + 1),
            b'\n' | b'{' => return None,
            _ => {}
        }
    }
    None
}

/// Some(their class names) when `range` of `source` holds nothing but
/// white space and attribute lists.
pub(super) fn only_lists(source: &str, range: Range<usize>) -> Option<Vec<String>> {
    let mut classes = Vec::new();
    let mut at = range.start;
    loop {
        let rest = source.get(at..range.end)?;
        at += rest.len() - rest.trim_start().len();
        if at >= range.end {
            return Some(classes);
        }
        let end = list_at(source, at).filter(|&end| end <= range.end)?;
        classes.extend(self::classes(&source[at..end]));
        at = end;
    }
}

/// The safe class names an attribute list gives: `.name` and
/// `class="a b"`. A definition (`{:name: …}`) and an extension (`{::…}`)
/// give none.
pub(super) fn classes(list: &str) -> Vec<String> {
    let inner = list
        .strip_prefix("{:")
        .and_then(|l| l.strip_suffix('}'))
        .unwrap_or("");
    let trimmed = inner.trim_start();
    let name_len = trimmed
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(trimmed.len());
    if inner.starts_with(':') || (name_len > 0 && trimmed[name_len..].starts_with(':')) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for token in tokens(inner) {
        if let Some(name) = token.strip_prefix('.') {
            out.extend(is_safe_class(name).then(|| name.to_string()));
        } else if let Some(value) = token.strip_prefix("class=") {
            let value = value.trim_matches(['"', '\'']);
            out.extend(
                value
                    .split_whitespace()
                    .filter(|n| is_safe_class(n))
                    .map(str::to_string),
            );
        }
    }
    out
}

/// A class name that needs no escaping anywhere and means nothing else.
pub(super) fn is_safe_class(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Splits on white space outside quotes.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => {
                quote = Some(c);
                start.get_or_insert(i);
            }
            (None, c) if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    out.push(&text[s..i]);
                }
            }
            (None, _) => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// `text` without the attribute lists in it (for a heading's id).
pub(super) fn remove_from(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(i) = text[at..].find("{:") {
        let start = at + i;
        match list_at(text, start) {
            Some(end) => {
                out.push_str(&text[at..start]);
                at = end;
            }
            None => {
                out.push_str(&text[at..start + 2]);
                at = start + 2;
            }
        }
    }
    out.push_str(&text[at..]);
    out
}

/// Removes attribute lists from the text events of a story, in order.
#[derive(Default)]
pub(super) struct AttributeLists {
    /// The source range of the last list removed: a list split over
    /// several events is removed from each.
    removed: Range<usize>,
}

impl AttributeLists {
    /// The part of a text event that is not an attribute list; None when
    /// nothing is left.
    pub(super) fn strip<'a>(
        &mut self,
        source: &str,
        text: CowStr<'a>,
        range: Range<usize>,
    ) -> Option<CowStr<'a>> {
        if range.start >= self.removed.end && !text.contains("{:") {
            return Some(text);
        }
        if source.get(range.clone()) != Some(&*text) {
            // Text pulldown-cmark made (a curly quote, a decoded entity):
            // removed only as part of a list.
            let inside = self.removed.start <= range.start
                && range.end <= self.removed.end
                && range.start < range.end;
            return if inside { None } else { Some(text) };
        }
        let mut kept = String::new();
        let mut at = if self.removed.start < range.start {
            self.removed.end.clamp(range.start, range.end)
        } else {
            range.start
        };
        loop {
            let Some(i) = source[at..range.end].find("{:") else {
                kept.push_str(&source[at..range.end]);
                break;
            };
            let start = at + i;
            match list_at(source, start) {
                Some(end) => {
                    kept.push_str(&source[at..start]);
                    self.removed = start..end;
                    at = end.min(range.end);
                }
                None => {
                    kept.push_str(&source[at..start + 2]);
                    at = start + 2;
                }
            }
        }
        if kept.is_empty() {
            None
        } else if kept.len() == text.len() {
            Some(text)
        } else {
            Some(kept.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lists_and_their_classes() {
        assert_eq!(list_at("a {: .note} b", 2), Some(11));
        assert_eq!(list_at("a \\{: .note}", 3), None);
        assert_eq!(list_at("{: never closed\n}", 0), None);
        assert_eq!(classes("{: .note .wide #id}"), ["note", "wide"]);
        assert_eq!(
            classes("{:class=\"center big\" title=\"x y\"}"),
            ["center", "big"]
        );
        assert_eq!(classes("{:.x\"onclick=y}"), Vec::<String>::new());
        assert!(classes("{:ref: .note}").is_empty() && classes("{::comment}").is_empty());
        assert_eq!(
            only_lists("x {: .a}\n{:class='b'} ", 1..22),
            Some(vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(only_lists("{: .a} text", 0..11), None);
        assert_eq!(remove_from("Title {: .x} end"), "Title  end");
    }

    #[test]
    fn strips_lists_split_over_events() {
        let source = "A{:class=\"c\"} b {: .n}";
        let mut lists = AttributeLists::default();
        let mut kept = Vec::new();
        for (text, range) in [
            ("A{:class=", 0..9),
            ("“", 9..10),
            ("c", 10..11),
            ("”", 11..12),
            ("} b {: .n}", 12..22),
        ] {
            kept.extend(
                lists
                    .strip(source, CowStr::from(text), range)
                    .map(|t| t.to_string()),
            );
        }
        assert_eq!(kept, ["A", " b "]);
    }
}
