//! The event rewriter: pulls events from pulldown-cmark, hands each to the
//! module of its feature, and pushes finished events to the HTML writer.
//!
//! Nothing read is lost: every event pulled from the parser is either
//! written or deliberately transformed (an image's alt text into its `alt`,
//! an attribute list into a class). The events in and out, and what every
//! feature writes to, are the [`Stream`]; headings, links and raw HTML
//! each keep their own state and are handed the stream, so none of them
//! knows the rewriter.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::headings::Headings;
use super::kramdown::{self, AttributeLists};
use super::links::OpenLinks;
use super::positions::Positions;
use super::raw_html::RawHtml;
use super::stream::Stream;
use super::tables::Table;
use super::{LinkBase, Rendered, Source};
use crate::error::Diagnostic;
use crate::image_refs::ImageResolver;

/// What rendering found, once the HTML writer has taken every event.
pub(super) struct Finished {
    pub out: Rendered,
    /// Whether the story holds raw HTML (and so needs sanitising).
    pub raw_html: bool,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// The MathML of each formula, for its placeholder.
    pub formulas: Vec<String>,
}

/// The rewriter over the parser's `(event, source range)` pairs.
pub(super) struct Rewriter<'a, 's, I: Iterator<Item = (Event<'a>, Range<usize>)>> {
    /// The events in and out, and what the features found.
    pub(super) stream: Stream<'a, 's, I>,
    pub(super) headings: Headings,
    pub(super) table: Table,
    pub(super) links: OpenLinks,
    pub(super) attribute_lists: AttributeLists,
    pub(super) raw: RawHtml,
    pub(super) in_code_block: bool,
    /// Bare URLs in text become links (Hugo's Goldmark `linkify`).
    pub(super) linkify: bool,
    /// The labels of task list boxes (done, not done), in the story's language.
    task_labels: (String, String),
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Rewriter<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.stream.take_ready() {
                return Some(event);
            }
            match self.stream.pull() {
                Some((event, range)) => self.rewrite(event, range),
                None => self.stream.bottom()?,
            }
        }
    }
}

impl<'a, 's, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, 's, I> {
    pub(super) fn new(
        events: I,
        source: &'s Source<'a>,
        resolver: &'s ImageResolver,
        page: &'s LinkBase<'s>,
        positions: Positions<'s>,
        headings: Headings,
    ) -> Self {
        Rewriter {
            stream: Stream::new(events, source, resolver, page, positions),
            headings,
            table: Table::default(),
            links: OpenLinks::default(),
            attribute_lists: AttributeLists::default(),
            raw: RawHtml::default(),
            in_code_block: false,
            linkify: false,
            task_labels: ("Done".to_string(), "Not done".to_string()),
        }
    }

    /// The labels the body's HTML holds, in the story's language.
    pub(super) fn localize(&mut self, strings: &crate::lang::Strings) {
        self.task_labels = (strings.done.clone(), strings.not_done.clone());
        self.stream.footnotes.back_label = Some(strings.back_to_text.clone());
    }

    pub(super) fn finish(self) -> Finished {
        let stream = self.stream;
        let mut out = stream.out;
        out.first_paragraph = stream.summary.first_paragraph;
        out.words = stream.summary.words;
        let mut warnings = stream.warnings;
        if stream.warnings_not_shown > 0 {
            warnings.push(
                Diagnostic::warning(format!(
                    "{} more warnings about this story are not shown",
                    stream.warnings_not_shown
                ))
                .in_file(&stream.source.file.path)
                .help("fix the ones above and build again to see the rest"),
            );
        }
        Finished {
            out,
            raw_html: self.raw.seen,
            errors: stream.errors,
            warnings,
            formulas: stream.formulas,
        }
    }

    /// The next event from the parser, read ahead or not.
    pub(super) fn pull(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        self.stream.pull()
    }

    /// The `n`th event not yet pulled (0: the next), kept for [`Self::pull`].
    pub(super) fn peek(&mut self, n: usize) -> Option<&(Event<'a>, Range<usize>)> {
        self.stream.peek(n)
    }

    pub(super) fn emit(&mut self, event: Event<'a>) {
        self.stream.emit(event);
    }

    pub(super) fn html(&mut self, html: String) {
        self.stream.html(html);
    }

    /// An error at byte `offset` of the Markdown.
    pub(super) fn error_at(&mut self, offset: usize, message: String, help: String) {
        self.stream.error_at(offset, message, help);
    }

    /// A warning at byte `offset` of the Markdown (see [`Stream::warn_at`]).
    pub(super) fn warn_at(&mut self, offset: usize, message: String, help: String) {
        self.stream.warn_at(offset, message, help);
    }

    /// Hands one event to the feature it belongs to.
    pub(super) fn rewrite(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::Text(text) => self.text(text, range),
            Event::Code(code) => {
                self.stream.summary.note(&code);
                self.emit(Event::Code(code));
            }
            Event::SoftBreak => {
                self.stream.summary.space();
                self.emit(event);
            }
            // HTML's own forms: pulldown-cmark writes `<br />` and `<hr />`,
            // whose slash the Nu checker reports (it means nothing in HTML).
            Event::HardBreak => {
                self.stream.summary.space();
                self.emit(Event::InlineHtml(CowStr::Borrowed("<br>\n")));
            }
            Event::Rule => self.emit(Event::Html(CowStr::Borrowed("<hr>\n"))),
            Event::Html(html) => self.raw_html(html, range, false),
            Event::InlineHtml(html) => self.raw_html(html, range, true),
            Event::InlineMath(latex) => self.math(&latex, false, range),
            Event::DisplayMath(latex) => self.math(&latex, true, range),
            Event::FootnoteReference(name) => {
                let html = self.stream.footnotes.reference(&name);
                self.html(html);
            }
            Event::TaskListMarker(done) => self.task_list_marker(done),
        }
    }

    /// Hands the start of an element to the feature it belongs to.
    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        match tag {
            Tag::HtmlBlock => {
                self.raw.start_block();
                self.emit(Event::Start(Tag::HtmlBlock));
            }
            Tag::CodeBlock(kind) => self.start_code_block(kind),
            Tag::Paragraph => self.paragraph(),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => self
                .headings
                .start(&mut self.stream, level, id, classes, attrs),
            Tag::Image {
                dest_url, title, ..
            } => self.inline_image(&dest_url, &title, range),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => self
                .links
                .start(&mut self.stream, link_type, dest_url, title, id, range),
            tag @ (Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell) => {
                let html = self.table.html(Event::Start(tag));
                self.html(html);
            }
            Tag::FootnoteDefinition(name) => self.stream.footnotes.open(&name),
            other => self.emit(Event::Start(other)),
        }
    }

    /// Hands the end of an element to the feature it belongs to.
    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::HtmlBlock => {
                self.raw
                    .end_block(&mut self.stream, &mut self.headings, &mut self.links)
            }
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                self.emit(Event::End(end));
            }
            TagEnd::Paragraph => {
                self.stream.summary.end_paragraph();
                self.emit(Event::End(end));
            }
            TagEnd::Heading(_) => self.headings.end(&mut self.stream),
            TagEnd::Link => self.links.end(&mut self.stream),
            TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell => {
                let html = self.table.html(Event::End(end));
                self.html(html);
            }
            TagEnd::FootnoteDefinition => self.stream.footnotes.close(),
            other => self.emit(Event::End(other)),
        }
    }

    /// Raw HTML, a block's (`inline` false) or within a line.
    fn raw_html(&mut self, html: CowStr<'a>, range: Range<usize>, inline: bool) {
        self.raw.html(
            &mut self.stream,
            &mut self.headings,
            &mut self.links,
            html,
            range,
            inline,
        );
    }

    /// A task list's box, disabled, labelled in the story's language.
    fn task_list_marker(&mut self, done: bool) {
        let (checked, label) = if done {
            (" checked", &self.task_labels.0)
        } else {
            ("", &self.task_labels.1)
        };
        let mut label_html = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut label_html, label);
        self.html(format!(
            "<input type=\"checkbox\" disabled{checked} aria-label=\"{label_html}\"> "
        ));
    }

    /// Text, less any kramdown attribute list in it (not in code blocks).
    fn text(&mut self, text: CowStr<'a>, range: Range<usize>) {
        let text = if self.in_code_block {
            Some(text)
        } else {
            self.attribute_lists
                .strip(self.stream.source.text, text, range.clone())
        };
        if let Some(text) = text {
            self.stream.summary.note(&text);
            if self.linkify && self.links.is_empty() && !self.in_code_block {
                self.links.linkified(&mut self.stream, text, range);
            } else {
                self.emit(Event::Text(text));
            }
        }
    }

    /// A paragraph that holds only an image (and perhaps its attribute
    /// list) becomes a figure; one that holds only attribute lists goes.
    fn paragraph(&mut self) {
        if let Some(count) = self.attribute_lists_only_ahead() {
            // The attribute lists and the paragraph's end, deliberately dropped.
            for _ in 0..count {
                self.pull();
            }
            return;
        }
        if let Some(classes) = self.figure_ahead() {
            self.figure(&classes);
            return;
        }
        self.stream.summary.start_paragraph();
        self.emit(Event::Start(Tag::Paragraph));
    }

    /// When the paragraph just opened holds nothing but attribute lists,
    /// the number of events up to and including its end.
    fn attribute_lists_only_ahead(&mut self) -> Option<usize> {
        let first = match self.peek(0)? {
            (Event::Text(_), range) => range.start,
            _ => return None,
        };
        kramdown::list_at(self.stream.source.text, first)?;
        let mut last = first;
        let mut n = 0;
        loop {
            match self.peek(n)? {
                (Event::Text(_) | Event::SoftBreak, range) => last = range.end,
                (Event::End(TagEnd::Paragraph), _) => break,
                _ => return None,
            }
            n += 1;
        }
        kramdown::only_lists(self.stream.source.text, first..last).map(|_| n + 1)
    }
}
