//! The rewriter's stream: the events pulled from the parser (and those
//! read ahead), the finished events for the HTML writer, and what every
//! feature writes to as it goes: the facts found, the errors and warnings
//! at their places, the words, the formulas. A feature gets this narrow
//! view (`&mut Stream`) beside its own state, never the whole rewriter.
//!
//! Looking ahead goes through [`Stream::peek`], which keeps what it reads
//! for the next [`Stream::pull`]; no feature pulls an event it does not use.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::footnotes::Footnotes;
use super::positions::Positions;
use super::summary::Summary;
use super::{LinkBase, Rendered, Source};
use crate::error::Diagnostic;
use crate::image_refs::ImageResolver;

/// The most warnings one story gets; a story with thousands of images
/// without alt text needs no thousand messages.
pub(super) const MAX_WARNINGS: usize = 100;

/// The events in and out, and what rendering has found so far.
pub(super) struct Stream<'a, 's, I: Iterator<Item = (Event<'a>, Range<usize>)>> {
    events: I,
    /// Events read ahead from the parser and not yet handled, in order.
    ahead: VecDeque<(Event<'a>, Range<usize>)>,
    /// Finished events, for the HTML writer.
    ready: VecDeque<Event<'a>>,
    pub(super) source: &'s Source<'a>,
    pub(super) resolver: &'s ImageResolver,
    /// The story's page among the site's, for links to other stories.
    pub(super) page: &'s LinkBase<'s>,
    pub(super) positions: Positions<'s>,
    /// Footnotes hold the events of the definition being read.
    pub(super) footnotes: Footnotes<'a>,
    pub(super) summary: Summary,
    /// The MathML of each formula written so far.
    pub(super) formulas: Vec<String>,
    /// The facts gathered so far (links, images, files).
    pub(super) out: Rendered,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
    /// Warnings past [`MAX_WARNINGS`], counted only.
    pub(super) warnings_not_shown: usize,
}

impl<'a, 's, I: Iterator<Item = (Event<'a>, Range<usize>)>> Stream<'a, 's, I> {
    pub(super) fn new(
        events: I,
        source: &'s Source<'a>,
        resolver: &'s ImageResolver,
        page: &'s LinkBase<'s>,
        positions: Positions<'s>,
    ) -> Self {
        Stream {
            events,
            ahead: VecDeque::new(),
            ready: VecDeque::new(),
            source,
            resolver,
            page,
            positions,
            footnotes: Footnotes::default(),
            summary: Summary::default(),
            formulas: Vec::new(),
            out: Rendered::default(),
            errors: Vec::new(),
            warnings: Vec::new(),
            warnings_not_shown: 0,
        }
    }

    /// The next finished event, if one is ready.
    pub(super) fn take_ready(&mut self) -> Option<Event<'a>> {
        self.ready.pop_front()
    }

    /// The footnotes gathered at the bottom, once every event is read.
    pub(super) fn bottom(&mut self) -> Option<()> {
        let events = self.footnotes.bottom()?;
        self.ready.extend(events);
        Some(())
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
                .in_file(&self.source.file.path)
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
                .in_file(&self.source.file.path)
                .at(location)
                .help(help),
        );
    }
}
