//! Raw HTML in a story, before it is sanitised. An `<img>` with no `alt`
//! gets `alt=""` (without one the page is not valid HTML) and a warning that
//! the image has no description. `<a name="x">`, obsolete in HTML, becomes
//! `<a id="x">` so that `#x` still leads there; when something already has
//! that id, `#x` leads there and the `name` goes. Images and links are
//! noted for `check`, like Markdown ones; a link to a local file
//! publishes it, and one to the site's own old address (a migrated site's)
//! leads to the page, as a Markdown link does. When the story is sanitised, an
//! embed becomes a link (`embeds`) and each element the sanitiser would
//! take out is named in a warning.
//!
//! An HTML block arrives as one event per line; its lines are put together
//! first, so that a tag written over several lines is seen whole.

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;

use lol_html::html_content::{ContentType, Element};
use lol_html::{HandlerResult, RewriteStrSettings, element, end_tag, rewrite_str};

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::embeds;
use super::headings::Headings;
use super::links::{Local, OpenLinks};
use super::stream::Stream;
use super::{ImageFact, LinkBase, LinkFact};
use crate::addresses::link_between;

/// Raw HTML seen so far, and the HTML block being read.
#[derive(Default)]
pub(super) struct RawHtml {
    /// Whether the story holds any raw HTML.
    pub seen: bool,
    /// Whether the story's HTML is sanitised.
    pub sanitize: bool,
    block: Option<Block>,
}

impl RawHtml {
    pub(super) fn start_block(&mut self) {
        self.block = Some(Block::default());
    }
}

/// The lines of an HTML block, put together.
#[derive(Default)]
struct Block {
    html: String,
    /// Where each line starts, in `html` and in the source.
    lines: Vec<(usize, usize)>,
}

impl RawHtml {
    /// Raw HTML met in the Markdown: a line of an HTML block, kept until
    /// the block ends, or inline HTML (or a block's line outside one),
    /// fixed and passed on.
    pub(super) fn html<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>>(
        &mut self,
        stream: &mut Stream<'a, '_, I>,
        ids: &mut Headings,
        links: &mut OpenLinks,
        html: CowStr<'a>,
        range: Range<usize>,
        inline: bool,
    ) {
        self.seen = true;
        if !inline && let Some(block) = &mut self.block {
            block.lines.push((block.html.len(), range.start));
            block.html.push_str(&html);
            return;
        }
        let html = match self.fix_tags(stream, ids, links, &html, &[(0, range.start)]) {
            Some(fixed) => CowStr::from(fixed),
            None => html,
        };
        stream.emit(if inline {
            Event::InlineHtml(html)
        } else {
            Event::Html(html)
        });
    }

    /// The end of an HTML block: its lines, put together and fixed.
    pub(super) fn end_block<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>>(
        &mut self,
        stream: &mut Stream<'a, '_, I>,
        ids: &mut Headings,
        links: &mut OpenLinks,
    ) {
        if let Some(block) = self.block.take() {
            let html = self
                .fix_tags(stream, ids, links, &block.html, &block.lines)
                .unwrap_or(block.html);
            stream.html(html);
        }
        stream.emit(Event::End(TagEnd::HtmlBlock));
    }

    /// Notes the images and links of `html` and fixes its `<img>` and
    /// `<a>` tags; None when nothing needed fixing. `lines` maps offsets in
    /// `html` to the source, as [`Block::lines`]. An `<a name>` takes its
    /// id from `ids`; a link to a local file is published through `links`.
    fn fix_tags<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>>(
        &self,
        stream: &mut Stream<'a, '_, I>,
        ids: &mut Headings,
        links: &mut OpenLinks,
        html: &str,
        lines: &[(usize, usize)],
    ) -> Option<String> {
        let (rewritten, fixed, found) = rewrite_tags(html, lines, self.sanitize, ids, stream.page);
        note(stream, links, found);
        rewritten.filter(|_| fixed)
    }
}

/// `html` read by lol_html, a streaming rewriter (what it does not change
/// comes out byte for byte as written): its `<img>` and `<a>` tags fixed,
/// and what it holds. Returns the rewritten HTML (None when lol_html
/// cannot read it), whether anything was fixed, and what was found.
fn rewrite_tags(
    html: &str,
    lines: &[(usize, usize)],
    sanitize: bool,
    headings: &mut Headings,
    page: &LinkBase<'_>,
) -> (Option<String>, bool, Vec<Found>) {
    let source_offset = |offset: usize| {
        let line = lines
            .partition_point(|&(start, _)| start <= offset)
            .saturating_sub(1);
        lines
            .get(line)
            .map_or(0, |&(start, source)| source + (offset - start))
    };
    let seen = Seen {
        source_offset: &source_offset,
        sanitize,
        found: RefCell::new(Vec::new()),
        fixed: RefCell::new(false),
        headings: RefCell::new(headings),
        page,
    };
    let seen = &seen;
    // Elements inside one taken out whole (an inline <svg>) are not
    // named again.
    let inside_removed = Rc::new(Cell::new(0usize));
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("img", |el| seen.image(el)))
        .append_element_content_handler(element!("a", |el| seen.anchor(el)))
        .append_element_content_handler(element!("iframe, script", |el| seen.embed(el)))
        .append_element_content_handler(element!("*", move |el| {
            seen.removed(el, &inside_removed)
        }));
    // lol_html refuses the rare markup it cannot read without a tree
    // (strict mode); that HTML goes on as written.
    let rewritten = rewrite_str(html, settings).ok();
    (
        rewritten,
        seen.fixed.replace(false),
        seen.found.replace(Vec::new()),
    )
}

/// What the element handlers of [`rewrite_tags`] share: what they found,
/// and whether they fixed anything.
struct Seen<'s> {
    /// Where a byte of the HTML is in the story's Markdown.
    source_offset: &'s dyn Fn(usize) -> usize,
    /// Whether the story's raw HTML is sanitised (embeds become links,
    /// what the sanitiser drops is named).
    sanitize: bool,
    found: RefCell<Vec<Found>>,
    fixed: RefCell<bool>,
    headings: RefCell<&'s mut Headings>,
    /// Where the page is, for links to the site's old addresses.
    page: &'s LinkBase<'s>,
}

impl Seen<'_> {
    /// An `<img>`: noted, and given `alt=""` when it has no `alt`.
    fn image(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        let at = (self.source_offset)(el.source_location().bytes().start);
        let src = el.get_attribute("src").unwrap_or_default();
        let alt = el.get_attribute("alt");
        if alt.is_none() {
            el.set_attribute("alt", "")?;
            *self.fixed.borrow_mut() = true;
        }
        self.found.borrow_mut().push(Found::Image {
            at,
            src,
            missing_alt: alt.is_none(),
            has_alt: alt.is_some_and(|a| !a.trim().is_empty()),
        });
        Ok(())
    }

    /// An `<a>`: its link noted (one to the site's old address made a
    /// link to the page), and its `name` made an `id`.
    fn anchor(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        if let Some(dest) = el.get_attribute("href") {
            let to_page = self.page.addresses.old_page(&dest);
            let dest = match &to_page {
                Some((to, anchor)) => {
                    let url = link_between(self.page.url_path, to, anchor);
                    el.set_attribute("href", &url)?;
                    *self.fixed.borrow_mut() = true;
                    url
                }
                None => dest,
            };
            self.found.borrow_mut().push(Found::Link {
                at: (self.source_offset)(el.source_location().bytes().start),
                dest,
                page: to_page.is_some(),
            });
        }
        if let Some(name) = el.get_attribute("name").filter(|_| !el.has_attribute("id")) {
            el.remove_attribute("name");
            // `#name` leads to the element that already has that id
            // otherwise, and the name goes.
            let usable = !name.is_empty() && !name.contains(char::is_whitespace);
            if usable && self.headings.borrow_mut().claim(&name) {
                el.set_attribute("id", &name)?;
            }
            *self.fixed.borrow_mut() = true;
        }
        Ok(())
    }

    /// An `<iframe>` or `<script>`: a link to what it embeds, when sanitised.
    fn embed(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        let (tag, src) = (el.tag_name(), el.get_attribute("src").unwrap_or_default());
        let at = (self.source_offset)(el.source_location().bytes().start);
        let title = el.get_attribute("title");
        match embeds::link_for(&tag, &src, title.as_deref()).filter(|_| self.sanitize) {
            Some((dest, text)) => {
                el.replace(&link_html(&dest, &text), ContentType::Html);
                *self.fixed.borrow_mut() = true;
                self.found.borrow_mut().push(Found::Link {
                    at,
                    dest,
                    page: false,
                });
            }
            None if self.sanitize => self.found.borrow_mut().push(Found::Removed { at, tag }),
            None => {}
        }
        Ok(())
    }

    /// Any element the sanitiser takes out, named (once, not again for
    /// what is inside one taken out whole).
    fn removed(&self, el: &mut Element<'_, '_>, inside_removed: &Rc<Cell<usize>>) -> HandlerResult {
        let tag = el.tag_name();
        if !self.sanitize || tag == "iframe" || tag == "script" || crate::sanitize::keeps(&tag) {
            return Ok(());
        }
        if inside_removed.get() == 0 {
            let at = (self.source_offset)(el.source_location().bytes().start);
            self.found.borrow_mut().push(Found::Removed {
                at,
                tag: tag.clone(),
            });
        }
        if matches!(
            tag.as_str(),
            "svg" | "math" | "object" | "video" | "audio" | "form"
        ) && el.can_have_content()
        {
            inside_removed.set(inside_removed.get() + 1);
            let inside = inside_removed.clone();
            el.on_end_tag(end_tag!(move |_| {
                inside.set(inside.get().saturating_sub(1));
                Ok(())
            }))?;
        }
        Ok(())
    }
}

/// Notes what raw HTML holds: images (a warning for one without `alt`),
/// links (publishing a local file), elements the sanitiser takes out.
fn note<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>>(
    stream: &mut Stream<'a, '_, I>,
    links: &mut OpenLinks,
    found: Vec<Found>,
) {
    // Each element left out is named once a block, where first met.
    let mut removed_tags: Vec<String> = Vec::new();
    for found in found {
        match found {
            Found::Image {
                at,
                src,
                missing_alt,
                has_alt,
            } => {
                let position = stream.positions.position(at);
                if missing_alt {
                    stream.warn_at(
                        at,
                        format!("the image `{src}` has no description: its <img> tag has no alt attribute"),
                        "say what the picture shows, for readers who cannot see it: <img src=\"…\" alt=\"what the picture shows\">; \
                         until then it gets alt=\"\", which marks it as decoration"
                            .to_string(),
                    );
                }
                stream.out.images.push(ImageFact {
                    src,
                    has_alt,
                    at: position,
                });
            }
            Found::Link { at, dest, page } => {
                let position = stream.positions.position(at);
                let local = if page {
                    Local::Elsewhere
                } else {
                    links.local_file(stream.source, &dest)
                };
                match local {
                    Local::File(file) => stream.out.files.push(file),
                    Local::Refused { message, help } => stream.warn_at(at, message, help),
                    Local::Elsewhere => {}
                }
                stream.out.links.push(LinkFact { dest, at: position });
            }
            Found::Removed { at, tag } => {
                if removed_tags.contains(&tag) {
                    continue;
                }
                stream.warn_at(
                    at,
                    format!("the <{tag}> is left out of the page: {}", embeds::why_removed(&tag)),
                    "write what it showed as text, a link or an image, or set `allow_unsafe_html = true` under [markdown] in site.toml for content you trust"
                        .to_string(),
                );
                removed_tags.push(tag);
            }
        }
    }
}

/// What the rewriter met in raw HTML, noted while it ran.
enum Found {
    Image {
        at: usize,
        src: String,
        missing_alt: bool,
        has_alt: bool,
    },
    Link {
        at: usize,
        dest: String,
        /// A link to one of the site's pages, by its old address.
        page: bool,
    },
    /// An element the sanitiser takes out.
    Removed { at: usize, tag: String },
}

/// `<a href="dest">text</a>`, escaped.
fn link_html(dest: &str, text: &str) -> String {
    let mut html = String::from("<a href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut html, dest);
    html.push_str("\">");
    let _ = pulldown_cmark_escape::escape_html(&mut html, text);
    html.push_str("</a>");
    html
}
