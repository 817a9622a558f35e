//! The event rewriter: pulls events from pulldown-cmark, hands each to the
//! module of its feature, and pushes finished events to the HTML writer.
//!
//! Nothing read is lost: every event pulled from the parser is either
//! written or deliberately transformed (an image's alt text into its `alt`,
//! an attribute list into a class). Looking ahead goes through
//! [`Rewriter::peek`], which keeps what it reads for the next
//! [`Rewriter::pull`]; no feature pulls an event it does not use.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::footnotes::Footnotes;
use super::headings::Headings;
use super::kramdown::{self, AttributeLists};
use super::links::OpenLinks;
use super::positions::Positions;
use super::raw_html::RawHtml;
use super::summary::Summary;
use super::tables::Table;
use super::{Page, Rendered, Source};
use crate::error::Diagnostic;
use crate::images::ImageResolver;

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
    events: I,
    /// Events read ahead from the parser and not yet handled, in order.
    ahead: VecDeque<(Event<'a>, Range<usize>)>,
    /// Finished events, for the HTML writer.
    ready: VecDeque<Event<'a>>,
    pub(super) source: &'s Source<'a>,
    pub(super) resolver: &'s ImageResolver,
    /// The story's page among the site's, for links to other stories.
    pub(super) page: &'s Page<'s>,
    pub(super) positions: Positions<'s>,
    pub(super) headings: Headings,
    pub(super) footnotes: Footnotes<'a>,
    pub(super) table: Table,
    pub(super) summary: Summary,
    pub(super) links: OpenLinks,
    pub(super) attribute_lists: AttributeLists,
    pub(super) raw: RawHtml,
    pub(super) in_code_block: bool,
    /// Bare URLs in text become links (Hugo's Goldmark `linkify`).
    pub(super) linkify: bool,
    /// The MathML of each formula written so far.
    pub(super) formulas: Vec<String>,
    /// The labels of task list boxes (done, not done), in the story's language.
    task_labels: (String, String),
    /// The facts gathered so far (links, images, files).
    pub(super) out: Rendered,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Warnings past [`MAX_WARNINGS`], counted only.
    warnings_not_shown: usize,
}

/// The most warnings one story gets; a story with thousands of images
/// without alt text needs no thousand messages.
pub(super) const MAX_WARNINGS: usize = 100;

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Rewriter<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Some(event);
            }
            match self.pull() {
                Some((event, range)) => self.rewrite(event, range),
                None => self.ready.extend(self.footnotes.bottom()?),
            }
        }
    }
}

impl<'a, 's, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, 's, I> {
    pub(super) fn new(
        events: I,
        source: &'s Source<'a>,
        resolver: &'s ImageResolver,
        page: &'s Page<'s>,
        positions: Positions<'s>,
        headings: Headings,
    ) -> Self {
        Rewriter {
            events,
            ahead: VecDeque::new(),
            ready: VecDeque::new(),
            source,
            resolver,
            page,
            positions,
            headings,
            footnotes: Footnotes::default(),
            table: Table::default(),
            summary: Summary::default(),
            links: OpenLinks::default(),
            attribute_lists: AttributeLists::default(),
            raw: RawHtml::default(),
            in_code_block: false,
            linkify: false,
            task_labels: ("Done".to_string(), "Not done".to_string()),
            formulas: Vec::new(),
            out: Rendered::default(),
            errors: Vec::new(),
            warnings: Vec::new(),
            warnings_not_shown: 0,
        }
    }

    /// The labels the body's HTML holds, in the story's language.
    pub(super) fn localize(&mut self, strings: &crate::lang::Strings) {
        self.task_labels = (strings.done.clone(), strings.not_done.clone());
        self.footnotes.back_label = Some(strings.back_to_text.clone());
    }

    pub(super) fn finish(self) -> Finished {
        let mut out = self.out;
        out.first_paragraph = self.summary.first_paragraph;
        out.words = self.summary.words;
        let mut warnings = self.warnings;
        if self.warnings_not_shown > 0 {
            warnings.push(
                Diagnostic::warning(format!(
                    "{} more warnings about this story are not shown",
                    self.warnings_not_shown
                ))
                .in_file(self.source.path)
                .help("fix the ones above and build again to see the rest"),
            );
        }
        Finished {
            out,
            raw_html: self.raw.seen,
            errors: self.errors,
            warnings,
            formulas: self.formulas,
        }
    }

    /// The next event from the parser, read ahead or not.
    pub(super) fn pull(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        self.ahead.pop_front().or_else(|| self.events.next())
    }

    /// The `n`th event not yet pulled (0: the next), kept for [`Self::pull`].
    pub(super) fn peek(&mut self, n: usize) -> Option<&(Event<'a>, Range<usize>)> {
        while self.ahead.len() <= n {
            let event = self.events.next()?;
            self.ahead.push_back(event);
        }
        self.ahead.get(n)
    }

    pub(super) fn emit(&mut self, event: Event<'a>) {
        match self.footnotes.holding() {
            Some(note) => note.push(event),
            None => self.ready.push_back(event),
        }
    }

    pub(super) fn html(&mut self, html: String) {
        self.emit(Event::Html(CowStr::from(html)));
    }

    /// An error at byte `offset` of the Markdown.
    pub(super) fn error_at(&mut self, offset: usize, message: String, help: String) {
        let location = self.positions.location(offset);
        self.errors.push(
            Diagnostic::error(message)
                .in_file(self.source.path)
                .at(location)
                .help(help),
        );
    }

    /// A warning at byte `offset` of the Markdown; past [`MAX_WARNINGS`],
    /// only counted.
    pub(super) fn warn_at(&mut self, offset: usize, message: String, help: String) {
        if self.warnings.len() >= MAX_WARNINGS {
            self.warnings_not_shown += 1;
            return;
        }
        let location = self.positions.location(offset);
        self.warnings.push(
            Diagnostic::warning(message)
                .in_file(self.source.path)
                .at(location)
                .help(help),
        );
    }

    /// Hands one event to the feature it belongs to.
    pub(super) fn rewrite(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Text(text) => self.text(text, range),
            Event::Code(code) => {
                self.summary.note(&code);
                self.emit(Event::Code(code));
            }
            Event::SoftBreak => {
                self.summary.space();
                self.emit(event);
            }
            // HTML's own forms: pulldown-cmark writes `<br />` and `<hr />`,
            // whose slash the Nu checker reports (it means nothing in HTML).
            Event::HardBreak => {
                self.summary.space();
                self.emit(Event::InlineHtml(CowStr::Borrowed("<br>\n")));
            }
            Event::Rule => self.emit(Event::Html(CowStr::Borrowed("<hr>\n"))),
            Event::Html(html) => self.raw_html(html, range, false),
            Event::InlineHtml(html) => self.raw_html(html, range, true),
            Event::Start(Tag::HtmlBlock) => {
                self.raw.start_block();
                self.emit(event);
            }
            Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code_block(kind),
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.emit(event);
            }
            Event::InlineMath(latex) => self.math(&latex, false, range),
            Event::DisplayMath(latex) => self.math(&latex, true, range),
            Event::Start(Tag::Paragraph) => self.paragraph(),
            Event::End(TagEnd::Paragraph) => {
                self.summary.end_paragraph();
                self.emit(event);
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.start_heading(level, id, classes, attrs),
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => self.inline_image(&dest_url, &title, range),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(link_type, dest_url, title, id, range),
            Event::End(TagEnd::Link) => self.end_link(),
            event @ (Event::Start(
                Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell,
            )
            | Event::End(
                TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell,
            )) => {
                let html = self.table.html(event);
                self.html(html);
            }
            Event::FootnoteReference(name) => {
                let html = self.footnotes.reference(&name);
                self.html(html);
            }
            Event::Start(Tag::FootnoteDefinition(name)) => self.footnotes.open(&name),
            Event::End(TagEnd::FootnoteDefinition) => self.footnotes.close(),
            Event::TaskListMarker(done) => {
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
            other => self.emit(other),
        }
    }

    /// Text, less any kramdown attribute list in it (not in code blocks).
    fn text(&mut self, text: CowStr<'a>, range: Range<usize>) {
        let text = if self.in_code_block {
            Some(text)
        } else {
            self.attribute_lists
                .strip(self.source.text, text, range.clone())
        };
        if let Some(text) = text {
            self.summary.note(&text);
            if self.linkify && self.links.is_empty() && !self.in_code_block {
                self.linkified(text, range);
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
        self.summary.start_paragraph();
        self.emit(Event::Start(Tag::Paragraph));
    }

    /// When the paragraph just opened holds nothing but attribute lists,
    /// the number of events up to and including its end.
    fn attribute_lists_only_ahead(&mut self) -> Option<usize> {
        let first = match self.peek(0)? {
            (Event::Text(_), range) => range.start,
            _ => return None,
        };
        kramdown::list_at(self.source.text, first)?;
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
        kramdown::only_lists(self.source.text, first..last).map(|_| n + 1)
    }
}
