//! The `<img>` and `<figure>` tags of Markdown images: inlined through
//! the [`crate::image_refs::ImageResolver`] with their size; an image
//! alone in its paragraph becomes a `<figure>` captioned by its title. A
//! kramdown attribute list right after an image gives it its classes (only
//! class names made of letters, digits, `-` and `_`).
//!
//! A relative path that is not beside the story may be written against the
//! page's address, to a file of another bundle
//! (`../../../../2024/05/07/other-post/chart.svg`, as Zola sites do): it
//! is found there.
//!
//! The image's alt text is the only thing taken from the events after it:
//! the event that follows the image is left for the rewriter.

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::ImageFact;
use super::kramdown;
use super::rewriter::Rewriter;
use crate::image_refs::{ImageProblem, ImageSource, Resolved};
use crate::paths::has_scheme;

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, '_, I> {
    /// An image inside a paragraph (or a heading, a cell, a link, ...).
    pub(super) fn inline_image(&mut self, dest: &str, title: &str, range: Range<usize>) {
        let Some((image, alt)) = self.image(dest, range.clone()) else {
            return;
        };
        let classes = self.classes_at(range.end);
        self.html(img_tag(&image, &alt, title, &classes));
    }

    /// Some(classes) when the paragraph just opened holds one image and
    /// nothing else but attribute lists: it becomes a figure.
    pub(super) fn figure_ahead(&mut self) -> Option<Vec<String>> {
        if !matches!(self.peek(0)?, (Event::Start(Tag::Image { .. }), _)) {
            return None;
        }
        let mut depth = 0usize;
        let mut n = 1;
        let image_end = loop {
            match self.peek(n)? {
                (Event::Start(_), _) => depth += 1,
                (Event::End(_), range) if depth == 0 => break range.end,
                (Event::End(_), _) => depth -= 1,
                _ => {}
            }
            n += 1;
        };
        let mut last = image_end;
        loop {
            n += 1;
            match self.peek(n)? {
                (Event::Text(_) | Event::SoftBreak, range) => last = range.end,
                (Event::End(TagEnd::Paragraph), _) => break,
                _ => return None,
            }
        }
        kramdown::only_lists(self.stream.source.text, image_end..last)
    }

    /// The figure that [`Self::figure_ahead`] found: takes the image, its
    /// attribute lists and the paragraph's end.
    pub(super) fn figure(&mut self, classes: &[String]) {
        let (dest, title, range) = match self.pull() {
            Some((
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }),
                range,
            )) => (dest_url, title, range),
            Some((event, range)) => {
                // figure_ahead saw an image here; anything else is a paragraph.
                self.stream.summary.start_paragraph();
                self.emit(Event::Start(Tag::Paragraph));
                self.rewrite(event, range);
                return;
            }
            None => return,
        };
        let image = self.image(&dest, range);
        // The attribute lists (now `classes`) and the paragraph's end.
        while let Some((event, _)) = self.pull() {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                break;
            }
        }
        let Some((image, alt)) = image else { return };
        let mut figure = String::from("<figure");
        push_class(&mut figure, classes);
        figure.push('>');
        figure.push_str(&img_tag(&image, &alt, &title, &[]));
        if !title.is_empty() {
            figure.push_str("<figcaption>");
            escape_html(&mut figure, &title).ok();
            figure.push_str("</figcaption>");
        }
        figure.push_str("</figure>\n");
        self.html(figure);
    }

    /// Takes the image's alt text, up to and including the image's end,
    /// notes the image and resolves it. None after reporting a problem.
    fn image(&mut self, dest: &str, range: Range<usize>) -> Option<(ImageSource, String)> {
        let mut alt = String::new();
        let mut depth = 0usize;
        while let Some((event, _)) = self.pull() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let at = self.stream.positions.position(range.start);
        self.stream.out.images.push(ImageFact {
            src: dest.to_string(),
            has_alt: !alt.trim().is_empty(),
            at,
        });
        match self.resolve_image(dest) {
            Ok((image, note)) => {
                if let Some(note) = note {
                    self.warn_at(range.start, note.message, note.help);
                }
                Some((image, alt))
            }
            Err(problem) => {
                self.error_at(range.start, problem.message, problem.help);
                None
            }
        }
    }

    /// The image `dest` names: beside the story, else in another bundle
    /// by the page's address, else as [`ImageResolver::resolve_noting`]
    /// says (kept as written, with a warning, when there is no such file).
    fn resolve_image(&self, dest: &str) -> Result<Resolved, ImageProblem> {
        let decoded = percent_encoding::percent_decode_str(dest.trim()).decode_utf8_lossy();
        if !decoded.starts_with('/')
            && !has_scheme(&decoded)
            && !self
                .stream
                .source
                .file
                .dir()
                .join(decoded.as_ref())
                .exists()
            && let Some(file) = self
                .stream
                .page
                .addresses
                .bundle_file(self.stream.page.url_path, &decoded)
        {
            return self
                .stream
                .resolver
                .resolve_file(&file, dest)
                .map(|image| (image, None));
        }
        self.stream
            .resolver
            .resolve_noting(self.stream.source.file.dir(), dest)
    }

    /// The classes of an attribute list that starts at byte `offset`, if
    /// the next event is one.
    fn classes_at(&mut self, offset: usize) -> Vec<String> {
        match self.peek(0) {
            Some((Event::Text(_), range)) if range.start == offset => {
                kramdown::list_at(self.stream.source.text, offset)
                    .map(|end| kramdown::classes(&self.stream.source.text[offset..end]))
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

fn push_class(tag: &mut String, classes: &[String]) {
    if !classes.is_empty() {
        tag.push_str(" class=\"");
        escape_html(&mut *tag, &classes.join(" ")).ok();
        tag.push('"');
    }
}

fn img_tag(image: &ImageSource, alt: &str, title: &str, classes: &[String]) -> String {
    let mut tag = String::with_capacity(image.src.len() + alt.len() + 64);
    tag.push_str("<img src=\"");
    escape_href(&mut tag, &image.src).ok();
    tag.push_str("\" alt=\"");
    escape_html(&mut tag, alt).ok();
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        escape_html(&mut tag, title).ok();
        tag.push('"');
    }
    push_class(&mut tag, classes);
    if let Some((w, h)) = image.size {
        let _ = write!(tag, " width=\"{w}\" height=\"{h}\"");
    }
    tag.push_str(" decoding=\"async\">");
    tag
}
