//! Markdown to HTML: pulldown-cmark, plus the changes a news page needs.
//!
//! The event stream from pulldown-cmark is rewritten on the fly, in one pass
//! (`rewriter`), each change in its own module: headings get stable unique
//! ids and levels that start at `<h2>` and skip none (`headings`); local
//! images are inlined with their size, and an image alone in its paragraph
//! becomes a `<figure>` (`images`); tables are wrapped so they scroll on
//! narrow screens and align by class, not inline style (`tables`); links
//! with unsafe schemes lose their link, and local files that links point to
//! are published beside the page (`links`); footnotes get prefixed ids and
//! back links (`footnotes`); kramdown attribute lists are removed
//! (`kramdown`); raw `<img>` tags get an `alt` and `<a name>` an `id`
//! (`raw_html`); fenced code is highlighted (`code`) and math becomes
//! MathML (`math`). Raw HTML is then sanitised unless the site opts out
//! (`crate::sanitize`).
//!
//! Rendering also records what later steps need to know of the story: its
//! links and images with where they are written ([`Rendered`]), so `check`
//! reports from them rather than reading the Markdown again; its headings,
//! for a table of contents; the token classes its code uses, for the
//! stylesheet.

mod code;
mod footnotes;
mod headings;
mod images;
mod kramdown;
mod links;
mod math;
mod raw_html;
mod rewriter;
mod tables;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::error::Diagnostic;
use crate::images::ImageResolver;
use crate::sanitize::{self, MAX_SANITIZED_DEPTH};

pub use code::{TokenClasses, stylesheet as code_stylesheet};

/// The Markdown of one story and where it came from, for error messages.
pub struct Source<'a> {
    pub text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub first_line: usize,
    pub path: &'a Path,
    /// The folder that relative image paths start from.
    pub dir: &'a Path,
}

/// A place in a story's file: 1-based line, and column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A link in the story, Markdown or raw HTML, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFact {
    pub dest: String,
    /// Where the destination is written (the link's start, for a reference
    /// link whose destination is defined elsewhere).
    pub at: Position,
}

/// An image in the story's body, Markdown or raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFact {
    /// The reference as written (`chart.png`, `https://…`).
    pub src: String,
    /// Whether it has alt text that is more than white space.
    pub has_alt: bool,
    pub at: Position,
}

/// A local file the story links to, published beside its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedFile {
    /// Where it goes, relative to the page's folder (`chart.png`, `data/a.csv`).
    pub path: String,
    /// The file to copy.
    pub file: PathBuf,
}

/// A heading of the body, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingFact {
    /// The level shown, 2 to 6.
    pub level: u8,
    pub id: String,
    /// Its text, plain.
    pub text: String,
}

/// A story body rendered to HTML, with what the page and `check` need to
/// know of it.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The plain text of the first paragraph, for a description.
    pub first_paragraph: String,
    pub words: usize,
    /// Every link, in the order written.
    pub links: Vec<LinkFact>,
    /// Every image of the body, in the order written.
    pub images: Vec<ImageFact>,
    /// Local files that links point to, to publish beside the page.
    pub files: Vec<LinkedFile>,
    /// Every heading, in order.
    pub headings: Vec<HeadingFact>,
    /// The token classes of its highlighted code.
    pub code_classes: TokenClasses,
}

/// A rendered story and its warnings; or every error found, warnings after.
pub type RenderResult = Result<(Rendered, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Renders story bodies; built once per site.
pub struct MarkdownRenderer {
    images: ImageResolver,
    sanitize: bool,
    /// Whether `$…$` is math in stories that do not say.
    math: bool,
}

impl MarkdownRenderer {
    pub fn new(images: ImageResolver, sanitize: bool) -> Self {
        MarkdownRenderer { images, sanitize, math: false }
    }

    /// Reads `$…$` and `$$…$$` as math in stories that do not say otherwise.
    pub fn with_math(mut self, math: bool) -> Self {
        self.math = math;
        self
    }

    pub fn images(&self) -> &ImageResolver {
        &self.images
    }

    /// Renders `source`. Every problem found (a missing image, say) is
    /// returned, and so is every warning.
    pub fn render(&self, source: &Source<'_>) -> RenderResult {
        self.render_with_math(source, None)
    }

    /// [`Self::render`], with math on or off as the story's front matter
    /// says (`Some`), else as the site does.
    pub fn render_with_math(&self, source: &Source<'_>, math: Option<bool>) -> RenderResult {
        let mut options = parser_options(source.text);
        if math.unwrap_or(self.math) && source.text.contains('$') {
            options |= Options::ENABLE_MATH;
        }
        let reserved_ids = options.contains(Options::ENABLE_HEADING_ATTRIBUTES);
        let mut used_ids = HashSet::new();
        if reserved_ids {
            // Ids written by hand win over generated ones, wherever they are.
            for event in Parser::new_ext(source.text, options) {
                if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                    used_ids.insert(id.to_string());
                }
            }
        }
        let parser = Parser::new_ext(source.text, options).into_offset_iter();
        let mut rewriter = rewriter::Rewriter::new(parser, source, &self.images, used_ids, reserved_ids);
        let mut html = String::with_capacity(source.text.len() + source.text.len() / 4);
        pulldown_cmark::html::push_html(&mut html, &mut rewriter);
        let rewriter::Finished { mut out, raw_html, mut errors, warnings, formulas } = rewriter.finish();
        if !errors.is_empty() {
            errors.extend(warnings);
            return Err(errors);
        }
        out.first_paragraph = out.first_paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        if !(self.sanitize && raw_html) {
            out.html = if formulas.is_empty() { html } else { math::fill(&html, &formulas) };
            return Ok((out, warnings));
        }
        // The HTML parser behind the sanitiser takes time that grows with
        // the square of the nesting depth; refuse absurd nesting up front.
        if sanitize::html_nesting_depth(&html) > MAX_SANITIZED_DEPTH {
            let mut errors = vec![
                Diagnostic::error(format!(
                    "the story nests elements more than {MAX_SANITIZED_DEPTH} levels deep, too deep for a story with raw HTML"
                ))
                .in_file(source.path)
                .help("block quotes, lists and HTML tags inside one another all count; flatten the nesting, or remove the raw HTML"),
            ];
            errors.extend(warnings);
            return Err(errors);
        }
        match sanitize::clean(&html, &self.images, source.dir) {
            Ok(clean) => {
                out.html = if formulas.is_empty() { clean } else { math::fill(&clean, &formulas) };
                Ok((out, warnings))
            }
            Err(problems) => {
                let mut errors: Vec<Diagnostic> = problems
                    .into_iter()
                    .map(|p| Diagnostic::error(p.message).in_file(source.path).help(p.help))
                    .collect();
                errors.extend(warnings);
                Err(errors)
            }
        }
    }
}

/// The Markdown extensions a story is parsed with. Heading attributes
/// (`## Title {#id}`, kramdown's `{: .class}`) only when the story has any,
/// since they change what a heading ending in `{…}` means.
pub fn parser_options(text: &str) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST;
    if text.contains("{#") || text.contains("{.") || text.contains("{:") {
        options |= Options::ENABLE_HEADING_ATTRIBUTES;
    }
    options
}
