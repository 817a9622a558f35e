//! Other generators' template tags, handled before the Markdown is parsed:
//! Jekyll's Liquid (`{% highlight %}`, `{% raw %}`, `{% link %}`,
//! `{% post_url %}`, `{{ site.baseurl }}`, `{{ site.url }}`), Hugo's
//! shortcodes (`{{< figure >}}`, `ref`, `relref`, `highlight`, `youtube`,
//! `vimeo`, `gist`) and Zola's shortcode calls of the same names
//! (`{{ youtube(id="…") }}`, `{% highlight(lang="rust") %}…{% end %}`).
//!
//! Each known tag is replaced by the Markdown it stands for ([`native`]);
//! any other is left out of the page with a warning naming it. Every tag
//! met is recorded, with where it is written, for `check`.
//!
//! Tags inside code spans and code blocks are left as written, as code:
//! only Jekyll's `{% raw %}` markers (which exist to show tags as code)
//! and the escaped forms (`{{</* … */>}}`, which stand for `{{< … >}}`)
//! are taken there. A `{{ … }}` is a tag only in a Jekyll post (Liquid
//! renders every one) or as a Zola call (`{{ name(…) }}`); elsewhere it is
//! text, as Hugo and Zola leave it.
//!
//! The replaced text is what pulldown-cmark parses; [`OffsetMap`] takes
//! its byte offsets back to the story's own, so every message still names
//! the line and column the author wrote.

mod native;
mod scan;
mod syntax;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::LinkBase;
use crate::file_info::FileInfo;

/// The story being expanded.
pub(super) struct Context<'c> {
    pub page: &'c LinkBase<'c>,
    /// The story's file, and what its place and name say.
    pub file: &'c FileInfo,
}

/// A tag met: where, as written, and whether it was rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Met {
    /// Byte offset in the story's Markdown.
    pub offset: usize,
    /// The tag as written (shortened, on one line).
    pub tag: String,
    pub rendered: bool,
}

/// A problem with a tag, at a byte offset of the story's Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub offset: usize,
    pub error: bool,
    pub message: String,
    pub help: String,
}

/// The Markdown with its tags replaced.
pub(super) struct Expanded<'t> {
    pub text: Cow<'t, str>,
    pub map: OffsetMap,
    pub met: Vec<Met>,
    pub problems: Vec<Problem>,
}

/// Replaces the template tags of `text`.
pub(super) fn expand<'t>(
    text: &'t str,
    options: pulldown_cmark::Options,
    context: &Context<'_>,
) -> Expanded<'t> {
    if !text.contains("{{") && !text.contains("{%") {
        return Expanded {
            text: Cow::Borrowed(text),
            map: OffsetMap::default(),
            met: Vec::new(),
            problems: Vec::new(),
        };
    }
    let code = code_ranges(text, options);
    scan::Scanner::new(text, code, context).run()
}

/// The byte ranges of code spans and code blocks, in order.
fn code_ranges(text: &str, options: pulldown_cmark::Options) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
            ranges.push(range);
        }
    }
    ranges
}

/// Offsets in the replaced text to offsets in the story's Markdown.
#[derive(Debug, Default, Clone)]
pub(crate) struct OffsetMap {
    /// Each replacement: its range in the new text and the range it
    /// replaced in the old, in order.
    edits: Vec<(Range<usize>, Range<usize>)>,
    /// The map of the text these replacements were made in, when it was
    /// itself replaced text (a second pass, see `super::dialect`).
    before: Option<Box<OffsetMap>>,
}

impl OffsetMap {
    pub(in crate::markdown) fn push(&mut self, new: Range<usize>, old: Range<usize>) {
        self.edits.push((new, old));
    }

    /// This map, made over the text that `earlier` maps to the story's:
    /// the two in turn.
    pub(in crate::markdown) fn after(mut self, earlier: OffsetMap) -> OffsetMap {
        self.before = Some(Box::new(earlier));
        self
    }

    /// Where byte `offset` of the replaced text was in the story's text:
    /// inside a replacement, the start of the tag it replaced.
    pub(crate) fn to_source(&self, offset: usize) -> usize {
        let own = self.own_to_source(offset);
        self.before.as_ref().map_or(own, |b| b.to_source(own))
    }

    fn own_to_source(&self, offset: usize) -> usize {
        let index = self.edits.partition_point(|(new, _)| new.start <= offset);
        let Some((new, old)) = index.checked_sub(1).and_then(|i| self.edits.get(i)) else {
            return offset;
        };
        if offset < new.end {
            old.start
        } else {
            old.end + (offset - new.end)
        }
    }
}

/// A tag as written, on one line and at most 80 characters, for messages.
fn shown(tag: &str) -> String {
    let one_line = tag.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= 80 {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(77).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_to_the_source() {
        let mut map = OffsetMap::default();
        // "ab{{ x }}cd" (tag at 2..9) became "abXYZcd" (XYZ at 2..5).
        map.push(2..5, 2..9);
        assert_eq!(
            [0, 1, 2, 4, 5, 6].map(|o| map.to_source(o)),
            [0, 1, 2, 2, 9, 10]
        );
        // Then "abXYZcd" lost its "Z" (4..5): "abXYcd".
        let mut second = OffsetMap::default();
        second.push(4..4, 4..5);
        let both = second.after(map);
        assert_eq!([0, 3, 4, 5].map(|o| both.to_source(o)), [0, 2, 9, 10]);
    }

    #[test]
    fn long_tags_are_shortened_for_messages() {
        assert_eq!(shown("{{< gh\n  \"@bep\" >}}"), "{{< gh \"@bep\" >}}");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 78);
    }
}
