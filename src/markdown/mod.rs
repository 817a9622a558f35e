//! Markdown to HTML: pulldown-cmark, plus the changes a news page needs.
//!
//! The event stream from pulldown-cmark is rewritten on the fly, in one pass
//! (`rewriter`), each change in its own module: headings get stable unique
//! ids and levels that start at `<h2>` and skip none (`headings`); local
//! images are inlined with their size, and an image alone in its paragraph
//! becomes a `<figure>` (`image_tags`); tables are wrapped so they scroll on
//! narrow screens and align by class, not inline style (`tables`); links
//! with unsafe schemes lose their link, and local files that links point to
//! are published beside the page (`links`); footnotes get prefixed ids and
//! back links (`footnotes`); kramdown attribute lists are removed
//! (`kramdown`); raw `<img>` tags get an `alt` and `<a name>` an `id`
//! (`raw_html`); fenced code is highlighted (`code`) and math becomes
//! MathML (`math`). Raw HTML is then sanitised unless the site opts out
//! (`crate::sanitize`). Before the rewriter, quotation marks and spaces are
//! set in the story's language (`crate::lang::typeset`).
//!
//! Before parsing, other generators' template tags (Jekyll's Liquid, Hugo's
//! and Zola's shortcodes) are replaced by the Markdown they stand for, or
//! left out with a warning (`tags`); links to other stories by their file
//! (`@/news/post.md`, `{% post_url … %}`) become links to their pages
//! (`stories`).
//!
//! Rendering also records what later steps need to know of the story: its
//! links and images with where they are written ([`Rendered`]), so `check`
//! reports from them rather than reading the Markdown again; its headings,
//! for a table of contents; the token classes its code uses, for the
//! stylesheet.

mod code;
mod dialect;
mod embeds;
mod footnotes;
mod headings;
mod image_tags;
mod kramdown;
mod languages;
mod links;
mod math;
mod positions;
mod raw_html;
mod render_steps;
mod repair;
mod rewriter;
mod stories;
mod stream;
mod summary;
mod tables;
mod tags;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use pulldown_cmark::Options;

use crate::addresses::Addresses;
use crate::error::Diagnostic;
use crate::file_info::FileInfo;
use crate::image_refs::ImageResolver;
use crate::lang::Lang;
use crate::lang::strings::StringsConfig;

pub use code::{TokenClasses, stylesheet as code_stylesheet};
pub use headings::HeadingIds;

/// The Markdown of one story and where it came from, for error messages.
pub struct Source<'a> {
    pub text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub first_line: usize,
    /// The story's file, and what its place and name say (relative image
    /// paths start from its folder).
    pub file: &'a FileInfo,
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

/// A template tag of another generator met in the story (`{% highlight %}`,
/// `{{< figure >}}`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFact {
    /// The tag as written, on one line, shortened when long.
    pub tag: String,
    /// Whether broadside rendered it; a tag it does not know is left out.
    pub rendered: bool,
    pub at: Position,
}

/// What the story's links are read against: where its page is among the
/// site's pages, for links to other stories by their files and images of
/// other bundles.
pub struct LinkBase<'a> {
    /// The page's address (`news/storm/`; empty for the site's root).
    pub url_path: &'a str,
    pub addresses: &'a Addresses,
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
    /// Every template tag of another generator, in the order written.
    pub tags: Vec<TagFact>,
}

/// What broadside does with template tags, for the help of a warning about
/// one it left out.
pub const TAGS_RENDERED_HELP: &str = "broadside renders Jekyll's highlight, raw, comment, link and post_url tags and \
     site.url and site.baseurl, and the shortcodes figure, ref, relref, highlight, youtube, vimeo and gist (Hugo's \
     and Zola's) and Hugo's code-toggle, code and output; write by hand what this tag made (a link, an image, a list), or remove it";

/// The end of the note that stands for the warnings about template tags
/// past the hundredth of a story (`check` lists them all).
pub const MORE_TAGS: &str = "more template tags left out of this story are not shown";

/// The warning about a template tag broadside left out.
pub fn tag_left_out_message(tag: &str) -> String {
    format!("the template tag `{tag}` is not one broadside renders; it is left out of the page")
}

/// A rendered story and its warnings; or every error found, warnings after.
pub type RenderResult = Result<(Rendered, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Renders story bodies; built once per site.
pub struct MarkdownRenderer {
    images: ImageResolver,
    sanitize: bool,
    /// The site's language, for stories that do not name theirs.
    language: Lang,
    /// The site's own words for the labels the body holds.
    strings: StringsConfig,
    /// Whether `$…$` is math in stories that do not say.
    math: bool,
    /// How heading ids are made.
    heading_ids: HeadingIds,
    /// Whether bare URLs become links (Hugo's `linkify`).
    linkify: bool,
}

impl MarkdownRenderer {
    pub fn new(images: ImageResolver, sanitize: bool) -> Self {
        MarkdownRenderer {
            images,
            sanitize,
            language: Lang::new("en"),
            strings: StringsConfig::default(),
            math: false,
            heading_ids: HeadingIds::default(),
            linkify: false,
        }
    }

    /// Bare URLs in text made links, as Hugo's Goldmark `linkify` does.
    pub fn with_linkify(mut self, linkify: bool) -> Self {
        self.linkify = linkify;
        self
    }

    /// Heading ids made by the rules of the generator the site came from.
    pub fn with_heading_ids(mut self, style: HeadingIds) -> Self {
        self.heading_ids = style;
        self
    }

    /// The site's language and its `[strings]`.
    pub fn with_language(mut self, language: &str, strings: &StringsConfig) -> Self {
        self.language = Lang::new(language);
        self.strings = strings.clone();
        self
    }

    /// Reads `$…$` and `$$…$$` as math in stories that do not say otherwise.
    pub fn with_math(mut self, math: bool) -> Self {
        self.math = math;
        self
    }

    pub fn images(&self) -> &ImageResolver {
        &self.images
    }

    /// Renders `source`, a story alone (links to other stories by their
    /// files point nowhere). Every problem found (a missing image, say) is
    /// returned, and so is every warning.
    pub fn render(&self, source: &Source<'_>) -> RenderResult {
        let addresses = Addresses::new(source.file.dir(), None);
        self.render_page(
            source,
            &LinkBase {
                url_path: "",
                addresses: &addresses,
            },
            None,
            None,
        )
    }

    /// Renders `source`, the story of `page`, set in the language `lang`
    /// (a BCP 47 tag), else the site's, with math on or off as the story
    /// says (`Some`), else as the site does. The body of an HTML content
    /// file (`.html`, `.htm`) is raw HTML, made safe as raw HTML in
    /// Markdown is. Every problem found is returned, and so is every
    /// warning.
    pub fn render_page(
        &self,
        original: &Source<'_>,
        page: &LinkBase<'_>,
        lang: Option<&str>,
        math: Option<bool>,
    ) -> RenderResult {
        let lang = lang.map_or_else(|| self.language.clone(), Lang::new);
        // An HTML content file's body is raw HTML, read as one HTML block.
        let html_body = crate::unbuilt::is_html_file(&original.file.path);
        let options = if html_body {
            Options::empty()
        } else {
            self.options_for(original.text, math)
        };
        let context = tags::Context {
            page,
            file: original.file,
        };
        let expanded = dialect::as_kramdown(
            tags::expand(original.text, options, &context),
            original.file.is_jekyll(),
            options,
        );
        let mut positions =
            positions::Positions::new(original.text, original.first_line, expanded.map);
        let (tag_errors, tag_warnings) =
            render_steps::tag_diagnostics(expanded.problems, &mut positions, &original.file.path);
        let tag_facts = render_steps::tag_facts(expanded.met, &mut positions);
        let source = Source {
            text: &expanded.text,
            first_line: original.first_line,
            file: original.file,
        };
        let (html, finished) = self.rewrite(&source, options, &lang, page, positions, html_body);
        let rewriter::Finished {
            mut out,
            raw_html,
            mut errors,
            mut warnings,
            formulas,
        } = finished;
        out.tags = tag_facts;
        errors.splice(0..0, tag_errors);
        warnings.splice(0..0, tag_warnings);
        if !errors.is_empty() {
            errors.extend(warnings);
            return Err(errors);
        }
        out.first_paragraph = render_steps::collapse_spaces(&out.first_paragraph);
        let html = if self.sanitize && raw_html {
            match self.made_safe(&html, original, &mut warnings) {
                Ok(clean) => clean,
                Err(mut errors) => {
                    errors.extend(warnings);
                    return Err(errors);
                }
            }
        } else {
            html
        };
        out.html = render_steps::with_formulas(html, &formulas);
        if html_body {
            render_steps::summarise_html(&mut out);
        }
        Ok((out, warnings))
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
