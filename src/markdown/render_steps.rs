//! The steps of rendering one story's Markdown
//! ([`MarkdownRenderer::render_page`] runs them in order): the template
//! tags' problems and facts put at their places in the source, the ids
//! written by hand, the one pass of the rewriter, the first paragraph's
//! spaces, for a story with raw HTML the sanitiser, and the formulas.

use std::collections::HashSet;
use std::path::Path;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use super::positions::Positions;
use super::tags::{Met, Problem};
use super::{LinkBase, MORE_TAGS, MarkdownRenderer, Source, TagFact, headings, repair, rewriter};
use crate::error::{Diagnostic, Location};
use crate::lang::typeset::Typeset;
use crate::lang::{Lang, Strings};
use crate::sanitize::{self, MAX_SANITIZED_DEPTH};

/// The template tags' problems as errors and warnings at their places in
/// `story`; past [`super::stream::MAX_WARNINGS`] warnings, one note for
/// the rest.
pub(super) fn tag_diagnostics(
    problems: Vec<Problem>,
    positions: &mut Positions<'_>,
    story: &Path,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for problem in problems {
        let location = positions.location_in_source(problem.offset);
        let d = if problem.error {
            Diagnostic::error(problem.message)
        } else {
            Diagnostic::warning(problem.message)
        };
        let d = d.in_file(story).at(location).help(problem.help);
        if problem.error {
            errors.push(d)
        } else {
            warnings.push(d)
        }
    }
    let max = super::stream::MAX_WARNINGS;
    if warnings.len() > max {
        let more = warnings.len() - max;
        warnings.truncate(max);
        warnings.push(
            Diagnostic::warning(format!("{more} {MORE_TAGS}"))
                .in_file(story)
                .help("`broadside check` lists every one"),
        );
    }
    (errors, warnings)
}

/// The template tags met, at their places in the source.
pub(super) fn tag_facts(met: Vec<Met>, positions: &mut Positions<'_>) -> Vec<TagFact> {
    met.into_iter()
        .map(|m| TagFact {
            tag: m.tag,
            rendered: m.rendered,
            at: positions.position_in_source(m.offset),
        })
        .collect()
}

/// The heading ids written by hand (`## Title {#id}`), which win over
/// generated ones wherever they are; none unless `options` reads them.
fn hand_written_ids(text: &str, options: Options) -> HashSet<String> {
    let mut used_ids = HashSet::new();
    if options.contains(Options::ENABLE_HEADING_ATTRIBUTES) {
        for event in Parser::new_ext(text, options) {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                used_ids.insert(id.to_string());
            }
        }
    }
    used_ids
}

/// The events of `text`, raw HTML, as one HTML block: its lines, as
/// pulldown-cmark gives a block's.
fn html_block(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut events = vec![(Event::Start(Tag::HtmlBlock), 0..text.len())];
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        events.push((Event::Html(CowStr::Borrowed(line)), at..at + line.len()));
        at += line.len();
    }
    events.push((Event::End(TagEnd::HtmlBlock), 0..text.len()));
    events
}

/// The words and the first paragraph of a body written in HTML, read from
/// its HTML made safe (the rewriter reads them from Markdown's text).
pub(super) fn summarise_html(out: &mut super::Rendered) {
    let (first_paragraph, text) = crate::html::prose(&out.html);
    out.words = crate::lang::reading::units(&text);
    out.first_paragraph = collapse_spaces(&first_paragraph);
}

/// `text` with its runs of spaces made one space, but not the no-break
/// spaces the language set.
pub(super) fn collapse_spaces(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `html` with each formula's placeholder replaced by its MathML.
pub(super) fn with_formulas(html: String, formulas: &[String]) -> String {
    if formulas.is_empty() {
        html
    } else {
        super::math::fill(&html, formulas)
    }
}

impl MarkdownRenderer {
    /// The Markdown extensions `text` is parsed with: [`super::parser_options`],
    /// and math when the story says so (`Some`), else when the site does.
    pub(super) fn options_for(&self, text: &str, math: Option<bool>) -> Options {
        let mut options = super::parser_options(text);
        if math.unwrap_or(self.math) && text.contains('$') {
            options |= Options::ENABLE_MATH;
        }
        options
    }

    /// The one pass of the rewriter over `source` (the Markdown with its
    /// template tags replaced, or raw HTML when `html_body`): the HTML, and
    /// what the rewriter found.
    pub(super) fn rewrite<'s>(
        &'s self,
        source: &'s Source<'s>,
        options: Options,
        lang: &Lang,
        page: &'s LinkBase<'s>,
        positions: Positions<'s>,
        html_body: bool,
    ) -> (String, rewriter::Finished) {
        let reserved_ids = options.contains(Options::ENABLE_HEADING_ATTRIBUTES);
        let used_ids = hand_written_ids(source.text, options);
        let parser: Box<dyn Iterator<Item = (Event<'s>, Range<usize>)> + 's> = if html_body {
            Box::new(html_block(source.text).into_iter())
        } else {
            Box::new(Typeset::new(
                Parser::new_ext(source.text, options).into_offset_iter(),
                source.text,
                lang,
            ))
        };
        let strings = Strings::new(lang, &self.strings);
        let mut rewriter = rewriter::Rewriter::new(
            parser,
            source,
            &self.images,
            page,
            positions,
            headings::Headings::new(used_ids, reserved_ids, self.heading_ids),
        );
        rewriter.localize(&strings);
        rewriter.raw.sanitize = self.sanitize;
        rewriter.linkify = self.linkify;
        let mut html = String::with_capacity(source.text.len() + source.text.len() / 4);
        pulldown_cmark::html::push_html(&mut html, &mut rewriter);
        (html, rewriter.finish())
    }

    /// `html`, the body of `original`, which holds raw HTML, made safe:
    /// absurd nesting refused, then sanitised (its notes added to
    /// `warnings`, each at its place in the story) and put right. The
    /// errors found, if any.
    pub(super) fn made_safe(
        &self,
        html: &str,
        original: &Source<'_>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<String, Vec<Diagnostic>> {
        // The HTML parser behind the sanitiser takes time that grows with
        // the square of the nesting depth; refuse absurd nesting up front.
        if sanitize::html_nesting_depth(html) > MAX_SANITIZED_DEPTH {
            return Err(vec![
                Diagnostic::error(format!(
                    "the story nests elements more than {MAX_SANITIZED_DEPTH} levels deep, too deep for a story with raw HTML"
                ))
                .in_file(&original.file.path)
                .help("block quotes, lists and HTML tags inside one another all count; flatten the nesting, or remove the raw HTML"),
            ]);
        }
        let (clean, notes) =
            sanitize::clean(html, &self.images, original.file.dir()).map_err(|problems| {
                problems
                    .into_iter()
                    .map(|p| {
                        Diagnostic::error(p.message)
                            .in_file(&original.file.path)
                            .help(p.help)
                    })
                    .collect::<Vec<_>>()
            })?;
        // A Markdown image kept as written was told about already.
        for (src, note) in notes {
            if warnings.iter().any(|w| w.message == note.message) {
                continue;
            }
            let mut d = Diagnostic::warning(note.message)
                .in_file(&original.file.path)
                .help(note.help);
            if let Some(offset) = original.text.find(src.as_str()) {
                d = d.at(Location::at_offset(
                    original.text,
                    offset,
                    original.first_line,
                ));
            }
            warnings.push(d);
        }
        Ok(repair::repair(&clean).unwrap_or(clean))
    }
}
