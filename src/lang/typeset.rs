//! Sets the text of a story in its language: quotation marks (`quotes`)
//! and spaces (`spacing`), over pulldown-cmark's events, before the
//! Markdown rewriter sees them.
//!
//! pulldown-cmark's smart punctuation stays on for its dashes and ellipses;
//! each straight quote it turned into a curly one is its own text event,
//! one byte long in the Markdown, and is set again here. A quote can be
//! matched by one several events later (`"a *b* c"`), so the events of each
//! block (a paragraph, a heading, a table cell, a list item's text) are
//! held until the block ends. Code spans and blocks, raw HTML, link targets
//! and the text inside raw `<code>`, `<kbd>`, `<samp>` and `<pre>` are never
//! changed (a quote pulldown-cmark curled there goes back to straight).

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Lang;
use super::quotes::{self, Marks, Quote};
use super::spacing::{self, Edit, OBJECT, Rules};

/// The events of a story, typeset.
pub(crate) struct Typeset<'a, 's, I: Iterator<Item = (Event<'a>, Range<usize>)>> {
    events: I,
    source: &'s str,
    lang: Lang,
    marks: Marks,
    rules: Rules,
    /// The events of the block being read.
    block: Vec<(Event<'a>, Range<usize>)>,
    ready: VecDeque<(Event<'a>, Range<usize>)>,
    in_code_block: bool,
}

impl<'a, 's, I: Iterator<Item = (Event<'a>, Range<usize>)>> Typeset<'a, 's, I> {
    pub(crate) fn new(events: I, source: &'s str, lang: &Lang) -> Self {
        Typeset {
            events,
            source,
            lang: lang.clone(),
            marks: quotes::marks_for(lang),
            rules: spacing::rules_for(lang),
            block: Vec::new(),
            ready: VecDeque::new(),
            in_code_block: false,
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Typeset<'a, '_, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Some(event);
            }
            let Some((event, range)) = self.events.next() else {
                self.flush();
                return self.ready.pop_front();
            };
            if is_inline(&event) && !self.in_code_block {
                self.block.push((event, range));
                continue;
            }
            self.flush();
            match &event {
                Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
                Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
                _ => {}
            }
            self.ready.push_back((event, range));
        }
    }
}

/// Events that belong to the text of a block (rather than start or end one).
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_) => true,
        Event::Html(_) | Event::Rule => false,
    }
}

/// Raw HTML elements whose text is code, not prose.
const CODE_ELEMENTS: &[&str] = &["code", "kbd", "samp", "pre"];

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Typeset<'a, '_, I> {
    /// Sets the block held, and makes it ready.
    fn flush(&mut self) {
        if self.block.is_empty() {
            return;
        }
        let mut block = std::mem::take(&mut self.block);
        let in_raw_code = raw_code(&block);
        self.keep_flags(&mut block);
        self.set_quotes(&mut block, &in_raw_code);
        self.set_spaces(&mut block, &in_raw_code);
        self.ready.extend(block);
    }

    /// A command-line flag in prose (`--all-features`): pulldown-cmark's
    /// smart punctuation made its two hyphens an en dash; a flag starts a
    /// word and goes on with a letter, so they are put back.
    fn keep_flags(&self, block: &mut [(Event<'a>, Range<usize>)]) {
        for (event, range) in block.iter_mut() {
            let Event::Text(text) = event else {
                continue;
            };
            if &**text != "–" || self.source.get(range.clone()) != Some("--") {
                continue;
            }
            let next = self.source.get(range.end..).and_then(|s| s.chars().next());
            let before = self
                .source
                .get(..range.start)
                .and_then(|s| s.chars().next_back());
            if next.is_some_and(|c| c.is_ascii_alphanumeric())
                && before.is_none_or(|c| c.is_whitespace() || "([{\"'`".contains(c))
            {
                *event = Event::Text(CowStr::Borrowed("--"));
            }
        }
    }

    /// The straight quote an event stands for, when pulldown-cmark made it.
    fn quote_of(&self, event: &Event<'_>, range: &Range<usize>) -> Option<char> {
        let Event::Text(text) = event else {
            return None;
        };
        if !matches!(&**text, "‘" | "’" | "“" | "”") {
            return None;
        }
        match self.source.get(range.clone()) {
            Some("\"") => Some('"'),
            Some("'") => Some('\''),
            _ => None,
        }
    }

    fn set_quotes(&self, block: &mut [(Event<'a>, Range<usize>)], in_raw_code: &[bool]) {
        let mut at = Vec::new();
        let mut found = Vec::new();
        let mut befores = Vec::new();
        for (i, (event, range)) in block.iter_mut().enumerate() {
            let Some(quote) = self.quote_of(event, range) else {
                continue;
            };
            if in_raw_code[i] {
                *event = Event::Text(CowStr::from(quote.to_string()));
                continue;
            }
            let before = self
                .source
                .get(..range.start)
                .and_then(|s| s.chars().next_back());
            let after = self.source.get(range.end..).and_then(|s| s.chars().next());
            if let Some(mark) = quotes::in_word_mark(&self.lang, quote == '"', before, after) {
                *event = Event::Text(CowStr::from(mark.to_string()));
                continue;
            }
            at.push(i);
            befores.push(before);
            found.push(Quote::new(quote == '"', before, after));
        }
        let marks = quotes::resolve(&found, self.marks);
        for ((i, mark), before) in at.into_iter().zip(marks).zip(befores) {
            let mark = mark.unwrap_or_else(|| quotes::apostrophe_after(&self.lang, before));
            block[i].0 = Event::Text(CowStr::from(mark.to_string()));
        }
    }

    fn set_spaces(&self, block: &mut [(Event<'a>, Range<usize>)], in_raw_code: &[bool]) {
        // The block's text, and where each event's part of it starts and ends.
        let mut text: Vec<char> = Vec::new();
        let mut spans = Vec::with_capacity(block.len());
        for (i, (event, _)) in block.iter().enumerate() {
            let start = text.len();
            match event {
                Event::Text(t) if !in_raw_code[i] => text.extend(t.chars()),
                Event::Text(_)
                | Event::Code(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_) => text.push(OBJECT),
                Event::FootnoteReference(_) | Event::TaskListMarker(_) => text.push(OBJECT),
                Event::SoftBreak => text.push('\n'),
                Event::HardBreak => text.push('\u{2028}'),
                _ => {}
            }
            spans.push(start..text.len());
        }
        let mut edits = spacing::edits(&text, self.rules).into_iter().peekable();
        for (i, span) in spans.into_iter().enumerate() {
            let mut here = Vec::new();
            while let Some((at, edit)) = edits.next_if(|(at, _)| *at < span.end) {
                if at >= span.start {
                    here.push((at - span.start, edit));
                }
            }
            if here.is_empty() {
                continue;
            }
            let event = &mut block[i].0;
            match event {
                Event::Text(t) if !in_raw_code[i] && !t.contains("{:") => {
                    *event = Event::Text(CowStr::from(apply(t, &here)));
                }
                Event::SoftBreak => {
                    if let Some((_, Edit::Replace(c))) = here.first() {
                        *event = Event::Text(CowStr::from(c.to_string()));
                    }
                }
                _ => {}
            }
        }
    }
}

/// `text` with `edits` (by character index, in order) made.
fn apply(text: &str, edits: &[(usize, Edit)]) -> String {
    let mut out = String::with_capacity(text.len() + 3 * edits.len());
    let mut edits = edits.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let mut now = c;
        let mut after = None;
        while let Some((_, edit)) = edits.next_if(|(at, _)| *at == i) {
            match *edit {
                Edit::Before(b) => out.push(b),
                Edit::Replace(r) => now = r,
                Edit::After(a) => after = Some(a),
            }
        }
        out.push(now);
        out.extend(after);
    }
    out
}

/// For each event of a block, whether it is inside a raw HTML element
/// whose text is code.
fn raw_code(block: &[(Event<'_>, Range<usize>)]) -> Vec<bool> {
    let mut depth = 0usize;
    block
        .iter()
        .map(|(event, _)| {
            if let Event::InlineHtml(html) = event {
                let tag = html.trim_start_matches('<');
                let closing = tag.starts_with('/');
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                if CODE_ELEMENTS.contains(&name.as_str()) && !html.trim_end().ends_with("/>") {
                    if closing {
                        depth = depth.saturating_sub(1);
                    } else {
                        depth += 1;
                    }
                }
            }
            depth > 0
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser};

    use super::*;

    /// `md` rendered to HTML with its text set in `lang`.
    fn html(md: &str, lang: &str) -> String {
        let parser = Parser::new_ext(
            md,
            Options::ENABLE_SMART_PUNCTUATION | Options::ENABLE_TABLES,
        )
        .into_offset_iter();
        let events = Typeset::new(parser, md, &Lang::new(lang)).map(|(e, _)| e);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events);
        out.replace('\u{202F}', "⍽").replace('\u{A0}', "~")
    }

    #[test]
    fn quotes_span_emphasis_and_links() {
        assert_eq!(
            html("\"Er *sagte* 'Nein' [heute](https://e.de/'x').\"", "de"),
            "<p>„Er <em>sagte</em> ‚Nein‘ <a href=\"https://e.de/&#x27;x&#x27;\">heute</a>.“</p>\n"
        );
        assert_eq!(
            html("*\"Oui\"*, dit-il.", "fr"),
            "<p><em>«⍽Oui⍽»</em>, dit-il.</p>\n"
        );
    }

    #[test]
    fn code_and_raw_html_are_never_touched() {
        assert_eq!(
            html(
                "\"`a \"b\"` <kbd>\"x\"</kbd> <span title=\"t\">c</span>\"",
                "de"
            ),
            "<p>„<code>a \"b\"</code> <kbd>\"x\"</kbd> <span title=\"t\">c</span>“</p>\n"
        );
        assert_eq!(
            html("```\n\"a\" : b\n```\n", "fr"),
            "<pre><code>\"a\" : b\n</code></pre>\n"
        );
    }

    #[test]
    fn quotes_do_not_cross_blocks() {
        // The `"` left open in the first paragraph is not closed in the second.
        assert_eq!(html("\"a\n\n'b'\"", "ru"), "<p>«a</p>\n<p>«b»«</p>\n");
    }

    #[test]
    fn flags_keep_their_hyphens() {
        let page = html(
            "Build with --all-features (or --cfg=x), 1--2 days -- so.",
            "en",
        );
        assert!(
            page.contains("Build with --all-features (or --cfg=x), 1–2 days – so."),
            "{page}"
        );
    }

    #[test]
    fn english_keeps_pulldown_cmark_output() {
        let md = "\"It's 'fine',\" she said -- and left... 'Tis the 90s' way.";
        let mut plain = String::new();
        pulldown_cmark::html::push_html(
            &mut plain,
            Parser::new_ext(md, Options::ENABLE_SMART_PUNCTUATION),
        );
        assert_eq!(html(md, "en"), plain);
    }

    #[test]
    fn spacing_works_across_events_and_line_breaks() {
        assert_eq!(
            html("Il a dit *quoi*? Voir **ceci** !", "fr"),
            "<p>Il a dit <em>quoi</em>⍽? Voir <strong>ceci</strong>⍽!</p>\n"
        );
        assert_eq!(
            html("Jel v\nPraze, 15\nkm.", "cs"),
            "<p>Jel v~Praze, 15~km.</p>\n"
        );
    }
}
