//! Raw HTML in a story, before it is sanitised. An `<img>` with no `alt`
//! gets `alt=""` (without one the page is not valid HTML) and a warning that
//! the image has no description. `<a name="x">`, obsolete in HTML, becomes
//! `<a id="x">` so that `#x` still leads there; when something already has
//! that id, `#x` leads there and the `name` goes. Images and links are
//! noted for `check`, like Markdown ones; a link to a local file
//! publishes it, as a Markdown link does. When the story is sanitised, an
//! embed becomes a link (`embeds`) and each element the sanitiser would
//! take out is named in a warning.
//!
//! An HTML block arrives as one event per line; its lines are put together
//! first, so that a tag written over several lines is seen whole.

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, end_tag, rewrite_str};

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::embeds;
use super::links::Local;
use super::rewriter::Rewriter;
use super::{ImageFact, LinkFact};

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

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, '_, I> {
    pub(super) fn raw_html(&mut self, html: CowStr<'a>, range: Range<usize>, inline: bool) {
        self.raw.seen = true;
        if !inline && let Some(block) = &mut self.raw.block {
            block.lines.push((block.html.len(), range.start));
            block.html.push_str(&html);
            return;
        }
        let html = match self.fix_tags(&html, &[(0, range.start)]) {
            Some(fixed) => CowStr::from(fixed),
            None => html,
        };
        self.emit(if inline {
            Event::InlineHtml(html)
        } else {
            Event::Html(html)
        });
    }

    pub(super) fn end_html_block(&mut self) {
        if let Some(block) = self.raw.block.take() {
            let html = self
                .fix_tags(&block.html, &block.lines)
                .unwrap_or(block.html);
            self.html(html);
        }
        self.emit(Event::End(TagEnd::HtmlBlock));
    }

    /// Notes the images and links of `html` and fixes its `<img>` and
    /// `<a>` tags; None when nothing needed fixing. `lines` maps offsets in
    /// `html` to the source, as [`Block::lines`]. The HTML is read by
    /// lol_html, a streaming rewriter: what it does not change comes out
    /// byte for byte as written.
    fn fix_tags(&mut self, html: &str, lines: &[(usize, usize)]) -> Option<String> {
        let source_offset = |offset: usize| {
            let line = lines
                .partition_point(|&(start, _)| start <= offset)
                .saturating_sub(1);
            lines
                .get(line)
                .map_or(0, |&(start, source)| source + (offset - start))
        };
        let found = RefCell::new(Vec::new());
        let fixed = RefCell::new(false);
        let headings = RefCell::new(&mut self.headings);
        let images = element!("img", |el| {
            let at = source_offset(el.source_location().bytes().start);
            let src = el.get_attribute("src").unwrap_or_default();
            let alt = el.get_attribute("alt");
            if alt.is_none() {
                el.set_attribute("alt", "")?;
                *fixed.borrow_mut() = true;
            }
            found.borrow_mut().push(Found::Image {
                at,
                src,
                missing_alt: alt.is_none(),
                has_alt: alt.is_some_and(|a| !a.trim().is_empty()),
            });
            Ok(())
        });
        let anchors = element!("a", |el| {
            if let Some(dest) = el.get_attribute("href") {
                found.borrow_mut().push(Found::Link {
                    at: source_offset(el.source_location().bytes().start),
                    dest,
                });
            }
            if let Some(name) = el.get_attribute("name").filter(|_| !el.has_attribute("id")) {
                el.remove_attribute("name");
                // `#name` leads to the element that already has that id
                // otherwise, and the name goes.
                let usable = !name.is_empty() && !name.contains(char::is_whitespace);
                if usable && headings.borrow_mut().claim(&name) {
                    el.set_attribute("id", &name)?;
                }
                *fixed.borrow_mut() = true;
            }
            Ok(())
        });
        let sanitize = self.raw.sanitize;
        let embeds = element!("iframe, script", |el| {
            let (tag, src) = (el.tag_name(), el.get_attribute("src").unwrap_or_default());
            let at = source_offset(el.source_location().bytes().start);
            let title = el.get_attribute("title");
            match embeds::link_for(&tag, &src, title.as_deref()).filter(|_| sanitize) {
                Some((dest, text)) => {
                    el.replace(&link_html(&dest, &text), ContentType::Html);
                    *fixed.borrow_mut() = true;
                    found.borrow_mut().push(Found::Link { at, dest });
                }
                None if sanitize => found.borrow_mut().push(Found::Removed { at, tag }),
                None => {}
            }
            Ok(())
        });
        // Elements inside one taken out whole (an inline <svg>) are not
        // named again.
        let inside_removed = Rc::new(Cell::new(0usize));
        let found_here = &found;
        let removed = element!("*", move |el| {
            let tag = el.tag_name();
            if !sanitize || tag == "iframe" || tag == "script" || crate::sanitize::keeps(&tag) {
                return Ok(());
            }
            if inside_removed.get() == 0 {
                let at = source_offset(el.source_location().bytes().start);
                found_here.borrow_mut().push(Found::Removed {
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
        });
        let settings = RewriteStrSettings::new()
            .append_element_content_handler(images)
            .append_element_content_handler(anchors)
            .append_element_content_handler(embeds)
            .append_element_content_handler(removed);
        // lol_html refuses the rare markup it cannot read without a tree
        // (strict mode); that HTML goes on as written.
        let rewritten = rewrite_str(html, settings).ok();
        // Each element left out is named once a block, where first met.
        let mut removed_tags: Vec<String> = Vec::new();
        for found in found.into_inner() {
            match found {
                Found::Image {
                    at,
                    src,
                    missing_alt,
                    has_alt,
                } => {
                    let position = self.positions.position(at);
                    if missing_alt {
                        self.warn_at(
                            at,
                            format!("the image `{src}` has no description: its <img> tag has no alt attribute"),
                            "say what the picture shows, for readers who cannot see it: <img src=\"…\" alt=\"what the picture shows\">; \
                             until then it gets alt=\"\", which marks it as decoration"
                                .to_string(),
                        );
                    }
                    self.out.images.push(ImageFact {
                        src,
                        has_alt,
                        at: position,
                    });
                }
                Found::Link { at, dest } => {
                    let position = self.positions.position(at);
                    match self.local_file(&dest) {
                        Local::File(file) => self.out.files.push(file),
                        Local::Refused { message, help } => self.warn_at(at, message, help),
                        Local::Elsewhere => {}
                    }
                    self.out.links.push(LinkFact { dest, at: position });
                }
                Found::Removed { at, tag } => {
                    if removed_tags.contains(&tag) {
                        continue;
                    }
                    self.warn_at(
                        at,
                        format!("the <{tag}> is left out of the page: {}", embeds::why_removed(&tag)),
                        "write what it showed as text, a link or an image, or set `allow_unsafe_html = true` under [markdown] in site.toml for content you trust"
                            .to_string(),
                    );
                    removed_tags.push(tag);
                }
            }
        }
        rewritten.filter(|_| fixed.into_inner())
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
    },
    /// An element the sanitiser takes out.
    Removed {
        at: usize,
        tag: String,
    },
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
