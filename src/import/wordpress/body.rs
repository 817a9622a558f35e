//! A post's body, from WordPress's HTML to the story's Markdown: blocks
//! (or, for a classic post, `wpautop`), then shortcodes, then every link
//! and image looked at (uploads made local files beside the story, links
//! to other posts made links to their stories), then Markdown.

use std::cell::RefCell;
use std::collections::BTreeMap;

use lol_html::{RewriteStrSettings, element, rewrite_str};

use super::media::{Found, Source, Uploads};
use super::plan::Plan;
use super::shortcodes::{self, Attrs};
use super::wxr::Item;
use super::{blocks, cards, markdown, wpautop};

/// A converted body.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub(crate) markdown: String,
    /// Files to put beside the story: name → where from.
    pub(crate) files: BTreeMap<String, Source>,
    /// Blocks and shortcodes not mapped: what, and the export's line.
    pub(crate) unmapped: Vec<(String, usize)>,
    /// Uploads left where they are: the URL and why.
    pub(crate) remote: Vec<(String, String)>,
    /// Whether an image stays on another server.
    pub(crate) remote_images: bool,
}

/// What converting a body needs to know.
pub(crate) struct Context<'p, 'a> {
    pub(crate) plan: &'p Plan<'a>,
    pub(crate) items: &'p Items<'a>,
    pub(crate) site_link: &'a str,
}

/// The export's items looked up by id: attachments, their children by
/// post, reusable blocks. Made once, so an archive of 10^5 posts is not
/// searched once per post.
#[derive(Default)]
pub(crate) struct Items<'a> {
    pub(crate) attachments: BTreeMap<u64, &'a Item>,
    pub(crate) attached_to: BTreeMap<u64, Vec<&'a Item>>,
    pub(crate) reusable: BTreeMap<u64, &'a Item>,
}

impl<'a> Items<'a> {
    pub(crate) fn new(items: &'a [Item]) -> Self {
        let mut index = Items::default();
        for item in items {
            match item.kind.as_str() {
                "attachment" => {
                    index.attachments.insert(item.id, item);
                    index.attached_to.entry(item.parent).or_default().push(item);
                }
                "wp_block" => {
                    index.reusable.insert(item.id, item);
                }
                _ => {}
            }
        }
        for children in index.attached_to.values_mut() {
            children.sort_by_key(|i| i.id);
        }
        index
    }
}

/// Converts `item`'s body.
pub(crate) fn convert(item: &Item, cx: &Context, uploads: &mut Uploads) -> Body {
    let mut body = Body::default();
    let content = item.content.as_str();
    let line_of = |offset: usize| {
        item.content_line + content[..offset.min(content.len())].matches('\n').count()
    };
    let html = if blocks::has_blocks(content) {
        let reusable = |id: u64| cx.items.reusable.get(&id).map(|i| i.content.as_str());
        let (html, unmapped) = blocks::render(content, &reusable);
        for block in unmapped {
            body.unmapped
                .push((format!("block `{}`", block.name), line_of(block.offset)));
        }
        html
    } else {
        wpautop::wpautop(content)
    };
    for (name, offset) in shortcodes::unknown(content) {
        body.unmapped
            .push((format!("shortcode `[{name}]`"), line_of(offset)));
    }
    let html = shortcodes::expand(&html, &|attrs| gallery(item, cx.items, attrs));
    let html = rewrite(&html, cx, uploads, &mut body);
    body.markdown = markdown::convert(&html);
    body
}

/// `[gallery]`: the images it names (`ids`, `include`), else those attached
/// to the post, in order, each a figure with its caption.
fn gallery(item: &Item, items: &Items, attrs: &Attrs) -> String {
    let list = |key: &str| -> Vec<u64> {
        attrs
            .get(key)
            .map(|list| {
                list.split(',')
                    .filter_map(|id| id.trim().parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    let ids = [list("ids"), list("include")].concat();
    let exclude = list("exclude");
    let chosen: Vec<&Item> = if ids.is_empty() {
        items
            .attached_to
            .get(&item.id)
            .map(|children| {
                children
                    .iter()
                    .copied()
                    .filter(|i| !exclude.contains(&i.id))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        ids.iter()
            .filter_map(|id| items.attachments.get(id).copied())
            .collect()
    };
    chosen.iter().map(|a| figure(a)).collect()
}

/// An attachment as a figure: the image, its alt text, its caption.
pub(crate) fn figure(attachment: &Item) -> String {
    let alt = attachment
        .meta
        .get("_wp_attachment_image_alt")
        .map_or("", String::as_str);
    let mut html = format!(
        "<figure><img src=\"{}\" alt=\"{}\">",
        cards::escape(&attachment.attachment_url),
        cards::escape(alt)
    );
    if !attachment.excerpt.trim().is_empty() {
        html.push_str(&format!(
            "<figcaption>{}</figcaption>",
            attachment.excerpt.trim()
        ));
    }
    html.push_str("</figure>\n");
    html
}

/// Images and links: uploads made local files, links to posts made links
/// to their stories; `srcset` and `sizes` go (the pipeline makes its own).
fn rewrite(html: &str, cx: &Context, uploads: &mut Uploads, body: &mut Body) -> String {
    let state = RefCell::new((uploads, body));
    let images = element!("img[src]", |el| {
        el.remove_attribute("srcset");
        el.remove_attribute("sizes");
        let src = el.get_attribute("src").unwrap_or_default();
        let (uploads, body) = &mut *state.borrow_mut();
        let alt = el.get_attribute("alt").unwrap_or_default();
        // An image without alt text gets its attachment's, else the
        // attachment's title (as WordPress itself once did).
        if alt.trim().is_empty()
            && let Some(attachment) = uploads.attachment(&src)
        {
            let alt = attachment
                .meta
                .get("_wp_attachment_image_alt")
                .filter(|a| !a.trim().is_empty())
                .unwrap_or(&attachment.title);
            el.set_attribute("alt", alt.trim())?;
        }
        if let Some(local) = local_file(&src, uploads, body, true) {
            el.set_attribute("src", &local)?;
        }
        Ok(())
    });
    let links = element!("a[href]", |el| {
        let href = el.get_attribute("href").unwrap_or_default();
        if let Some(story) = cx.plan.story_for_link(&href, cx.site_link) {
            el.set_attribute("href", &format!("@/{}/index.md", story.folder))?;
            return Ok(());
        }
        let (uploads, body) = &mut *state.borrow_mut();
        if let Some(local) = local_file(&href, uploads, body, false) {
            el.set_attribute("href", &local)?;
        }
        Ok(())
    });
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(images)
        .append_element_content_handler(links);
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// The name of the local copy of the upload at `url`, or None when it
/// stays where it is (or is not an upload).
fn local_file(url: &str, uploads: &mut Uploads, body: &mut Body, image: bool) -> Option<String> {
    match uploads.resolve(url)? {
        Found::Local(path, source) => Some(place(body, &path, source)),
        Found::Remote(why) => {
            if !body.remote.iter().any(|(u, _)| u == url) {
                body.remote.push((url.to_string(), why));
            }
            body.remote_images |= image;
            None
        }
    }
}

/// Puts a file beside the story under its own name, or under a name with
/// its folders (`2020-01-photo.jpg`) when another file has that name.
pub(crate) fn place(body: &mut Body, path: &str, source: Source) -> String {
    let name = path.rsplit('/').next().unwrap_or(path).to_string();
    let name = match body.files.get(&name) {
        Some(existing) if *existing != source => path.replace('/', "-"),
        _ => name,
    };
    body.files.entry(name.clone()).or_insert(source);
    name
}
