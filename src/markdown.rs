//! Markdown to HTML: pulldown-cmark, plus the changes a news page needs.
//!
//! The event stream from pulldown-cmark is rewritten on the fly, in one pass:
//! every heading gets a stable unique id; local images are inlined with their
//! size, and an image alone in its paragraph becomes a `<figure>`; tables are
//! wrapped so they scroll on narrow screens and align by class, not inline
//! style (which the page's Content-Security-Policy forbids); links with unsafe
//! schemes lose their link; footnotes get prefixed ids and back links. Raw HTML
//! is sanitised with ammonia unless the site opts out.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use crate::error::{Diagnostic, Location};
use crate::images::{ImageProblem, ImageResolver, ImageSource};

/// The Markdown of one story and where it came from, for error messages.
pub struct Source<'a> {
    pub text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub first_line: usize,
    pub path: &'a Path,
    /// The folder that relative image paths start from.
    pub dir: &'a Path,
}

/// A story body rendered to HTML, with what the page needs to know of it.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The plain text of the first paragraph, for a description.
    pub first_paragraph: String,
    pub words: usize,
}

/// Renders story bodies; built once per site.
pub struct MarkdownRenderer {
    images: ImageResolver,
    sanitize: bool,
}

impl MarkdownRenderer {
    pub fn new(images: ImageResolver, sanitize: bool) -> Self {
        MarkdownRenderer { images, sanitize }
    }

    pub fn images(&self) -> &ImageResolver {
        &self.images
    }

    /// Renders `source`; every problem found (a missing image, say) is returned.
    pub fn render(&self, source: &Source<'_>) -> Result<Rendered, Vec<Diagnostic>> {
        let mut options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_SMART_PUNCTUATION;
        let explicit_ids = source.text.contains("{#");
        if explicit_ids || source.text.contains("{.") {
            options |= Options::ENABLE_HEADING_ATTRIBUTES;
        }
        let mut used_ids = HashSet::new();
        if explicit_ids {
            // Ids written by hand win over generated ones, wherever they are.
            for event in Parser::new_ext(source.text, options) {
                if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                    used_ids.insert(id.to_string());
                }
            }
        }
        let mut rewriter = Rewriter {
            events: Parser::new_ext(source.text, options).into_offset_iter(),
            pending: VecDeque::new(),
            source,
            images: &self.images,
            used_ids,
            next_suffix: HashMap::new(),
            reserved_ids: explicit_ids,
            footnotes: HashMap::new(),
            footnote_stack: Vec::new(),
            table: TableState::default(),
            skip_link_end: false,
            raw_html: false,
            paragraphs_seen: 0,
            in_first_paragraph: false,
            out: Rendered::default(),
            diagnostics: Vec::new(),
        };
        let mut html = String::with_capacity(source.text.len() + source.text.len() / 4);
        pulldown_cmark::html::push_html(&mut html, &mut rewriter);
        if !rewriter.diagnostics.is_empty() {
            return Err(rewriter.diagnostics);
        }
        let mut out = rewriter.out;
        out.first_paragraph = out.first_paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.sanitize && rewriter.raw_html {
            // The HTML parser behind the sanitiser takes time that grows with
            // the square of the nesting depth; refuse absurd nesting up front.
            if html_nesting_depth(&html) > MAX_SANITIZED_DEPTH {
                return Err(vec![
                    Diagnostic::error(format!(
                        "the story nests elements more than {MAX_SANITIZED_DEPTH} levels deep, too deep for a story with raw HTML"
                    ))
                    .in_file(source.path)
                    .help("block quotes, lists and HTML tags inside one another all count; flatten the nesting, or remove the raw HTML"),
                ]);
            }
            let problems = Arc::new(Mutex::new(Vec::new()));
            let raw_images = RawImages { resolver: self.images.clone(), dir: source.dir.to_path_buf(), problems: problems.clone() };
            out.html = sanitizer(raw_images).clean(&html).to_string();
            let problems = std::mem::take(&mut *problems.lock().unwrap_or_else(|e| e.into_inner()));
            if !problems.is_empty() {
                return Err(problems
                    .into_iter()
                    .map(|p: ImageProblem| Diagnostic::error(p.message).in_file(source.path).help(p.help))
                    .collect());
            }
        } else {
            out.html = html;
        }
        Ok(out)
    }
}

/// The deepest nesting the sanitiser is given: far beyond any real story,
/// and what browsers themselves stop at (Blink: 512).
pub const MAX_SANITIZED_DEPTH: usize = 512;

/// How deep the elements of `html` nest, as an HTML parser would roughly see
/// it: void elements and those whose end tag may be left out (`p`, `li`, ...)
/// are not counted, and an end tag closes back to its matching start tag.
/// An estimate that errs on the low side, so it never refuses a real story.
/// Stops counting just past [`MAX_SANITIZED_DEPTH`], so it stays linear.
fn html_nesting_depth(html: &str) -> usize {
    const UNCOUNTED: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rb", "rt",
        "rp", "colgroup", "caption",
    ];
    let bytes = html.as_bytes();
    let mut stack: Vec<&str> = Vec::new();
    let mut max = 0;
    let mut i = 0;
    while let Some(at) = memchr_lt(&bytes[i..]) {
        i += at + 1;
        if bytes[i..].starts_with(b"!--") {
            // A comment holds no elements.
            match html[i..].find("-->") {
                Some(end) => i += end,
                None => break,
            }
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let len = bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if len == 0 {
            continue;
        }
        let name = &html[start..start + len];
        if closing {
            if let Some(pos) = stack.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                stack.truncate(pos);
            }
        } else if !UNCOUNTED.iter().any(|u| u.eq_ignore_ascii_case(name)) {
            stack.push(name);
            max = max.max(stack.len());
            if max > MAX_SANITIZED_DEPTH {
                break;
            }
        }
    }
    max
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// What the sanitiser needs to inline the images of raw `<img>` tags, so
/// that raw HTML cannot make the page load anything either.
struct RawImages {
    resolver: ImageResolver,
    dir: PathBuf,
    problems: Arc<Mutex<Vec<ImageProblem>>>,
}

/// The sanitiser for raw HTML in stories: harmless markup stays, scripts,
/// event handlers, inline styles and unsafe URL schemes go, and `<img>`
/// sources are inlined like Markdown images.
fn sanitizer(images: RawImages) -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["figure", "figcaption", "mark", "input", "section", "details", "summary", "time"])
        .add_generic_attributes(["id", "class", "dir", "aria-label", "aria-hidden", "role", "tabindex"])
        .add_tag_attributes("img", ["width", "height", "loading", "decoding"])
        .add_tag_attributes("input", ["type", "disabled", "checked"])
        .add_tag_attributes("time", ["datetime"])
        .add_tag_attributes("th", ["scope"])
        .add_url_schemes(["data"])
        .link_rel(None)
        .attribute_filter(move |element, attribute, value| {
            let is_data = value.trim_start().get(..5).is_some_and(|s| s.eq_ignore_ascii_case("data:"));
            match (element, attribute) {
                ("input", "type") if value != "checkbox" => None,
                ("img", "src") if is_data && !value.trim_start()[5..].starts_with("image/") => None,
                ("img", "src") => match images.resolver.resolve(&images.dir, value) {
                    Ok(image) => Some(image.src.into()),
                    Err(problem) => {
                        images.problems.lock().unwrap_or_else(|e| e.into_inner()).push(problem);
                        None
                    }
                },
                (_, "href" | "cite" | "action") if is_data => None,
                _ => Some(value.into()),
            }
        });
    builder
}

#[derive(Default)]
struct TableState {
    alignments: Vec<Alignment>,
    in_head: bool,
    cell: usize,
}

/// The event rewriter: pulls from pulldown-cmark, pushes finished events
/// to the HTML writer, looking ahead only as far as one heading or paragraph.
struct Rewriter<'a, 's, I: Iterator<Item = (Event<'a>, Range<usize>)>> {
    events: I,
    pending: VecDeque<Event<'a>>,
    source: &'s Source<'a>,
    images: &'s ImageResolver,
    used_ids: HashSet<String>,
    /// For each generated id, the first number suffix not yet tried.
    next_suffix: HashMap<String, usize>,
    /// When true, `used_ids` starts with the hand-written ids.
    reserved_ids: bool,
    /// Footnote name to (number, referenced yet).
    footnotes: HashMap<String, (usize, bool)>,
    /// The footnote definitions being written (they do not nest, but a
    /// stack costs nothing and cannot go wrong).
    footnote_stack: Vec<String>,
    table: TableState,
    skip_link_end: bool,
    raw_html: bool,
    paragraphs_seen: usize,
    in_first_paragraph: bool,
    out: Rendered,
    diagnostics: Vec<Diagnostic>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Rewriter<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            let (event, range) = self.events.next()?;
            self.rewrite(event, range);
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, '_, I> {
    fn emit(&mut self, event: Event<'a>) {
        self.pending.push_back(event);
    }

    fn html(&mut self, html: String) {
        self.pending.push_back(Event::Html(CowStr::from(html)));
    }

    fn rewrite(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Text(text) => {
                self.note_text(&text);
                self.emit(Event::Text(text));
            }
            Event::Code(code) => {
                self.note_text(&code);
                self.emit(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak if self.in_first_paragraph => {
                self.out.first_paragraph.push(' ');
                self.emit(event);
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.raw_html = true;
                self.emit(event);
            }
            Event::Start(Tag::Paragraph) => self.paragraph(),
            Event::End(TagEnd::Paragraph) => {
                self.in_first_paragraph = false;
                self.emit(event);
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                self.heading(level, id, classes, attrs)
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let (img, _) = self.image(&dest_url, &title, range);
                if let Some(img) = img {
                    self.html(img);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if is_unsafe_url(&dest_url) => {
                self.skip_link_end = true;
            }
            Event::End(TagEnd::Link) if self.skip_link_end => self.skip_link_end = false,
            Event::Start(Tag::Table(alignments)) => {
                self.table = TableState { alignments, in_head: false, cell: 0 };
                self.html("<div class=\"table-wrap\" tabindex=\"0\"><table>".into());
            }
            Event::End(TagEnd::Table) => self.html("</tbody></table></div>\n".into()),
            Event::Start(Tag::TableHead) => {
                self.table.in_head = true;
                self.table.cell = 0;
                self.html("<thead><tr>".into());
            }
            Event::End(TagEnd::TableHead) => {
                self.table.in_head = false;
                self.html("</tr></thead><tbody>\n".into());
            }
            Event::Start(Tag::TableRow) => {
                self.table.cell = 0;
                self.html("<tr>".into());
            }
            Event::End(TagEnd::TableRow) => self.html("</tr>\n".into()),
            Event::Start(Tag::TableCell) => {
                let tag = if self.table.in_head { "th scope=\"col\"" } else { "td" };
                let class = match self.table.alignments.get(self.table.cell) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                self.html(format!("<{tag}{class}>"));
            }
            Event::End(TagEnd::TableCell) => {
                self.table.cell += 1;
                let tag = if self.table.in_head { "th" } else { "td" };
                self.html(format!("</{tag}>"));
            }
            Event::FootnoteReference(name) => {
                let (number, first) = self.footnote_reference(&name);
                let id = footnote_id(&name);
                let back = if first { format!(" id=\"fnref-{id}\"") } else { String::new() };
                self.html(format!(
                    "<sup class=\"footnote-reference\"{back}><a href=\"#fn-{id}\">{number}</a></sup>"
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let number = self.footnote_number(&name);
                let id = footnote_id(&name);
                self.html(format!(
                    "<div class=\"footnote-definition\" id=\"fn-{id}\"><span class=\"footnote-definition-label\">{number}.</span>"
                ));
                self.footnote_stack.push(name.to_string());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let name = self.footnote_stack.pop().unwrap_or_default();
                let id = footnote_id(&name);
                let referenced = self.footnotes.get(&name).is_some_and(|(_, seen)| *seen);
                let back = if referenced {
                    format!(" <a class=\"footnote-back\" href=\"#fnref-{id}\" aria-label=\"Back to the text\">↩</a>")
                } else {
                    String::new()
                };
                self.html(format!("{back}</div>\n"));
            }
            Event::TaskListMarker(done) => {
                let (checked, label) = if done { (" checked", "Done") } else { ("", "Not done") };
                self.html(format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "));
            }
            other => self.emit(other),
        }
    }

    fn note_text(&mut self, text: &str) {
        self.out.words += text.split_whitespace().count();
        if self.in_first_paragraph {
            self.out.first_paragraph.push_str(text);
        }
    }

    /// A paragraph that holds only an image becomes a figure.
    fn paragraph(&mut self) {
        let next = self.events.next();
        if let Some((Event::Start(Tag::Image { dest_url, title, .. }), image_range)) = next {
            let (img, after) = self.image(&dest_url, &title, image_range);
            match after {
                Some((Event::End(TagEnd::Paragraph), _)) => {
                    let Some(img) = img else { return };
                    let mut figure = format!("<figure>{img}");
                    if !title.is_empty() {
                        figure.push_str("<figcaption>");
                        escape_html(&mut figure, &title).ok();
                        figure.push_str("</figcaption>");
                    }
                    figure.push_str("</figure>\n");
                    self.html(figure);
                }
                after => {
                    self.start_paragraph();
                    if let Some(img) = img {
                        self.html(img);
                    }
                    if let Some((event, range)) = after {
                        self.rewrite(event, range);
                    }
                }
            }
            return;
        }
        self.start_paragraph();
        if let Some((event, range)) = next {
            self.rewrite(event, range);
        }
    }

    fn start_paragraph(&mut self) {
        self.paragraphs_seen += 1;
        self.in_first_paragraph = self.paragraphs_seen == 1;
        self.emit(Event::Start(Tag::Paragraph));
    }

    /// Consumes an image's alt text up to its end and returns the `<img>`
    /// (None after reporting a problem) and the event after the image.
    fn image(
        &mut self,
        dest: &str,
        title: &str,
        range: Range<usize>,
    ) -> (Option<String>, Option<(Event<'a>, Range<usize>)>) {
        let mut alt = String::new();
        let mut depth = 0;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(TagEnd::Image) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let after = self.events.next();
        match self.images.resolve(self.source.dir, dest) {
            Ok(image) => (Some(img_tag(&image, &alt, title)), after),
            Err(problem) => {
                self.diagnostics.push(
                    Diagnostic::error(problem.message)
                        .in_file(self.source.path)
                        .at(Location::at_offset(self.source.text, range.start, self.source.first_line))
                        .help(problem.help),
                );
                (None, after)
            }
        }
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) {
        // The page's headline is the only h1.
        let level = if level == HeadingLevel::H1 { HeadingLevel::H2 } else { level };
        let mut inner = Vec::new();
        let mut text = String::new();
        for (event, range) in self.events.by_ref() {
            match &event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
            inner.push((event, range));
        }
        let id = match id {
            Some(id) if !self.reserved_ids || !id.is_empty() => {
                self.used_ids.insert(id.to_string());
                id
            }
            _ => CowStr::from(self.unique_id(&text)),
        };
        self.emit(Event::Start(Tag::Heading { level, id: Some(id), classes, attrs }));
        for (event, range) in inner {
            self.rewrite(event, range);
        }
        self.emit(Event::End(TagEnd::Heading(level)));
    }

    fn unique_id(&mut self, text: &str) -> String {
        let mut base = slug::slugify(text);
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("section-{base}").trim_end_matches('-').to_string();
        }
        let mut id = base.clone();
        // Start after the suffixes already taken, so many headings with one
        // name cost linear time, not quadratic.
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.next_suffix.insert(base, n);
        id
    }

    fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        self.footnotes.entry(name.to_string()).or_insert((next, false)).0
    }

    /// The footnote's number, and whether this is its first reference.
    fn footnote_reference(&mut self, name: &str) -> (usize, bool) {
        let next = self.footnotes.len() + 1;
        let entry = self.footnotes.entry(name.to_string()).or_insert((next, false));
        let first = !entry.1;
        entry.1 = true;
        (entry.0, first)
    }
}

/// True for link targets that could run code: `javascript:`, `vbscript:`,
/// `data:` and `file:`, however they are disguised with case or whitespace.
fn is_unsafe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"].iter().any(|s| cleaned.starts_with(s))
}

/// A footnote name made safe for an id attribute.
fn footnote_id(name: &str) -> String {
    let id = slug::slugify(name);
    if id.is_empty() { "note".to_string() } else { id }
}

fn img_tag(image: &ImageSource, alt: &str, title: &str) -> String {
    let mut tag = String::with_capacity(image.src.len() + alt.len() + 64);
    tag.push_str("<img src=\"");
    pulldown_cmark_escape::escape_href(&mut tag, &image.src).ok();
    tag.push_str("\" alt=\"");
    escape_html(&mut tag, alt).ok();
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        escape_html(&mut tag, title).ok();
        tag.push('"');
    }
    if let Some((w, h)) = image.size {
        let _ = write!(tag, " width=\"{w}\" height=\"{h}\"");
    }
    tag.push_str(" decoding=\"async\">");
    tag
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let renderer = MarkdownRenderer::new(ImageResolver::new(dir.path(), false).unwrap(), true);
        let source = Source { text: md, first_line: 1, path: Path::new("s.md"), dir: dir.path() };
        renderer.render(&source).unwrap().html
    }

    #[test]
    fn headings_get_unique_ids_and_h1_becomes_h2() {
        let html = render("# Intro\n\n## Intro\n\n## Other {#intro-1}\n");
        assert!(html.contains("<h2 id=\"intro\">Intro</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"intro-2\">Intro</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"intro-1\">Other</h2>"), "{html}");
    }

    #[test]
    fn unsafe_links_lose_their_link() {
        let html = render("[a](javascript:alert(1)) [b]( JaVa\tScRiPt:x) [c](https://e.com)");
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(html.contains("<a href=\"https://e.com\">c</a>"), "{html}");
    }

    #[test]
    fn tables_align_by_class() {
        let html = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        assert!(html.contains("<th scope=\"col\" class=\"align-left\">a</th>"), "{html}");
        assert!(html.contains("<td class=\"align-right\">2</td>"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn footnotes_link_both_ways() {
        let html = render("Text[^n].\n\n[^n]: The note.\n");
        assert!(html.contains("id=\"fnref-n\"><a href=\"#fn-n\">1</a>"), "{html}");
        assert!(html.contains("id=\"fn-n\""), "{html}");
        assert!(html.contains("href=\"#fnref-n\""), "{html}");
    }

    #[test]
    fn raw_html_is_sanitised() {
        let html = render("<script>alert(1)</script>\n\n<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" alt=\"\" onerror=alert(2)> <sup>2</sup> <abbr title=\"t\">T</abbr>\n");
        assert!(!html.contains("script") && !html.contains("onerror"), "{html}");
        assert!(html.contains("<sup>2</sup>") && html.contains("<abbr title=\"t\">T</abbr>"), "{html}");
    }

    #[test]
    fn nesting_depth_counts_open_elements_and_errs_low() {
        assert_eq!(html_nesting_depth("<p>a</p>"), 0);
        assert_eq!(html_nesting_depth("<div><div><b>x</b></div><span></span></div>"), 3);
        // End tags close back to their start tag; unclosed <li> and <p> do not count.
        assert_eq!(html_nesting_depth("<ul><li>a<li>b<li><em>c</ul><ul><li>d</ul>"), 2);
        assert_eq!(html_nesting_depth("<br><img src=x><hr><!-- <div> -->"), 0);
        assert_eq!(html_nesting_depth(&"<blockquote>".repeat(100_000)), MAX_SANITIZED_DEPTH + 1);
    }

    #[test]
    fn many_headings_with_one_name_get_numbered_ids() {
        let html = render(&"## Same\n\n".repeat(5));
        for id in ["same", "same-1", "same-2", "same-3", "same-4"] {
            assert!(html.contains(&format!("<h2 id=\"{id}\">Same</h2>")), "{html}");
        }
        let html = render("## A\n\n## A-1 {#a-2}\n\n## A\n\n## A\n");
        assert!(html.contains("id=\"a\"") && html.contains("id=\"a-1\"") && html.contains("id=\"a-3\""), "{html}");
    }
}
