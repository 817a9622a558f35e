//! Reading a WordPress export (WXR, the RSS file of Tools → Export) with a
//! real XML parser into plain records: the site, its authors and its items.
//!
//! Emails and IP addresses are never read, so they cannot reach any file
//! the import writes. Elements are matched by their local name and, where
//! two share one (`content:encoded`, `excerpt:encoded`), by namespace, so
//! the WXR versions 1.0 to 1.2 and the exports of WordPress.com and of
//! plugins all read. A missing optional element is a default, with a
//! warning where it changes what is imported.

use std::collections::BTreeMap;
use std::path::Path;

use roxmltree::{Document, Node};

use crate::error::{Diagnostic, Location};

/// The whole export.
#[derive(Debug, Default)]
pub(crate) struct Export {
    pub(crate) site: Channel,
    pub(crate) authors: Vec<Author>,
    pub(crate) items: Vec<Item>,
}

/// The site the export came from.
#[derive(Debug, Default)]
pub(crate) struct Channel {
    pub(crate) title: String,
    pub(crate) link: String,
    pub(crate) description: String,
    pub(crate) language: String,
}

/// A WordPress user who wrote something: login and display name only.
#[derive(Debug, Clone)]
pub(crate) struct Author {
    pub(crate) login: String,
    pub(crate) display_name: String,
}

/// One `<item>`: a post, a page, an attachment, a menu item, ….
#[derive(Debug, Default, Clone)]
pub(crate) struct Item {
    pub(crate) id: u64,
    pub(crate) title: String,
    pub(crate) link: String,
    pub(crate) kind: String,
    pub(crate) status: String,
    /// Whether the post has a password (the password itself is not kept).
    pub(crate) protected: bool,
    pub(crate) date_gmt: String,
    pub(crate) date_local: String,
    pub(crate) modified_gmt: String,
    pub(crate) slug: String,
    pub(crate) creator: String,
    pub(crate) content: String,
    /// The line of the export where the content starts.
    pub(crate) content_line: usize,
    pub(crate) excerpt: String,
    pub(crate) categories: Vec<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) parent: u64,
    pub(crate) sticky: bool,
    pub(crate) attachment_url: String,
    pub(crate) meta: BTreeMap<String, String>,
    pub(crate) comments: usize,
    /// The line of the export where the item starts.
    pub(crate) line: usize,
}

/// Reads the export at `path`, whose text is `text`. Malformed XML is an
/// error at its line and column; warnings are pushed onto `warnings`.
pub(crate) fn read(
    path: &Path,
    text: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Export, Diagnostic> {
    let doc = Document::parse(text).map_err(|e| {
        let pos = e.pos();
        Diagnostic::error(format!("the export is not well-formed XML: {e}"))
            .in_file(path)
            .at(Location::at_line(text, pos.row as usize, pos.col as usize))
            .help("export the site again from WordPress (Tools → Export), or fix the XML at that place; an export cut short ends before `</rss>`")
    })?;
    let Some(channel) = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("channel"))
        .filter(|_| doc.root_element().has_tag_name("rss"))
    else {
        return Err(Diagnostic::error(
            "this is XML but not a WordPress export: it has no <rss><channel>",
        )
        .in_file(path)
        .help("give the file WordPress writes at Tools → Export (WXR)"));
    };
    let mut export = Export {
        site: Channel {
            title: child_text(channel, "title"),
            link: child_text(channel, "link"),
            description: child_text(channel, "description"),
            language: child_text(channel, "language"),
        },
        ..Export::default()
    };
    for node in channel.children().filter(Node::is_element) {
        match node.tag_name().name() {
            "author" => export.authors.push(Author {
                login: child_text(node, "author_login"),
                display_name: child_text(node, "author_display_name"),
            }),
            "item" => export.items.push(item(&doc, node, path, text, warnings)),
            _ => {}
        }
    }
    Ok(export)
}

fn item(
    doc: &Document,
    node: Node,
    path: &Path,
    text: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Item {
    let line = doc.text_pos_at(node.range().start).row as usize;
    let content_node = node
        .children()
        .find(|n| n.tag_name().name() == "encoded" && !is_excerpt(*n));
    let content_line = content_node.map_or(line, |n| {
        let start = n.first_child().map_or(n.range().start, |c| c.range().start);
        doc.text_pos_at(start).row as usize
    });
    let mut item = Item {
        id: 0,
        title: child_text(node, "title"),
        link: child_text(node, "link"),
        kind: child_text(node, "post_type"),
        status: child_text(node, "status"),
        protected: !child_text(node, "post_password").is_empty(),
        date_gmt: child_text(node, "post_date_gmt"),
        date_local: child_text(node, "post_date"),
        modified_gmt: child_text(node, "post_modified_gmt"),
        slug: child_text(node, "post_name"),
        creator: child_text(node, "creator"),
        content: content_node.map(text_of).unwrap_or_default(),
        content_line,
        excerpt: node
            .children()
            .find(|n| n.tag_name().name() == "encoded" && is_excerpt(*n))
            .map(text_of)
            .unwrap_or_default(),
        parent: child_text(node, "post_parent").trim().parse().unwrap_or(0),
        sticky: child_text(node, "is_sticky").trim() == "1",
        attachment_url: child_text(node, "attachment_url"),
        line,
        ..Item::default()
    };
    terms(node, &mut item);
    for meta in node.children().filter(|n| n.has_tag_name("postmeta")) {
        let key = child_text(meta, "meta_key");
        if !key.is_empty() {
            item.meta.insert(key, child_text(meta, "meta_value"));
        }
    }
    item.comments = node
        .children()
        .filter(|n| n.has_tag_name("comment"))
        .count();
    let at = |what: &str| {
        Diagnostic::warning(format!("an item has no {what}"))
            .in_file(path)
            .at(Location::at_line(text, line, 1))
    };
    match child_text(node, "post_id").trim().parse() {
        Ok(id) => item.id = id,
        Err(_) => warnings.push(
            at("<wp:post_id>")
                .help("links to it by `?p=ID` cannot be rewritten; the rest of it is imported"),
        ),
    }
    if item.kind.is_empty() {
        item.kind = "post".to_string();
        warnings.push(at("<wp:post_type>").help("it is imported as a post"));
    }
    if item.status.is_empty() {
        item.status = "publish".to_string();
        warnings.push(at("<wp:status>").help("it is imported as published"));
    }
    item
}

/// Categories and tags, by their display names, in the export's order.
fn terms(node: Node, item: &mut Item) {
    for term in node.children().filter(|n| n.has_tag_name("category")) {
        let name = text_of(term).trim().to_string();
        if name.is_empty() {
            continue;
        }
        let list = match term.attribute("domain") {
            Some("post_tag") => &mut item.tags,
            Some("category") | None => &mut item.categories,
            Some(_) => continue,
        };
        if !list.contains(&name) {
            list.push(name);
        }
    }
}

fn is_excerpt(node: Node) -> bool {
    node.tag_name()
        .namespace()
        .is_some_and(|ns| ns.contains("excerpt"))
}

/// The text of the first child element named `name` (any namespace).
fn child_text(node: Node, name: &str) -> String {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
        .map(text_of)
        .unwrap_or_default()
}

/// All the text inside `node` (CDATA included).
fn text_of(node: Node) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}
