//! What becomes of each item of the export, decided before anything is
//! converted: a story (published or a draft), or skipped with the reason;
//! and for each story its file in the content folder, its address (its old
//! permalink's path, so every old link still works) and its aliases.

use std::collections::{BTreeMap, BTreeSet};

use super::wxr::{Export, Item};

/// One item that becomes a story.
#[derive(Debug)]
pub(crate) struct Story<'a> {
    pub(crate) item: &'a Item,
    /// Its folder below the content folder: `posts/<slug>`.
    pub(crate) folder: String,
    /// Its address, without slashes at the ends.
    pub(crate) address: String,
    /// Old addresses that lead to it.
    pub(crate) aliases: Vec<String>,
    pub(crate) draft: bool,
    /// Why it is a draft, for the report.
    pub(crate) draft_why: Option<&'static str>,
    /// An old address a static site cannot keep (`?p=12`), for the report.
    pub(crate) lost_address: Option<String>,
}

/// An item not imported, and why.
#[derive(Debug)]
pub(crate) struct Skipped<'a> {
    pub(crate) item: &'a Item,
    pub(crate) why: String,
}

/// The whole plan.
#[derive(Debug, Default)]
pub(crate) struct Plan<'a> {
    pub(crate) stories: Vec<Story<'a>>,
    pub(crate) skipped: Vec<Skipped<'a>>,
    /// Items of other kinds (menus, attachments, …) by kind: counted only.
    pub(crate) others: BTreeMap<String, usize>,
    /// Stories by WordPress post id.
    pub(crate) by_id: BTreeMap<u64, usize>,
    /// Stories by their old permalink's path.
    pub(crate) by_path: BTreeMap<String, usize>,
    /// The path of the site below its host (`blog/`), from the export.
    pub(crate) base_path: String,
}

/// The post types imported as stories.
const STORY_KINDS: &[&str] = &["post", "page"];
/// Post types that hold no story (WordPress's own machinery), counted only.
const MACHINERY: &[&str] = &[
    "attachment",
    "nav_menu_item",
    "wp_navigation",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_global_styles",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "wp_font_family",
    "wp_font_face",
    "revision",
];

pub(crate) fn plan(export: &Export) -> Plan<'_> {
    let base_path = url::Url::parse(export.site.link.trim())
        .map(|u| u.path().trim_matches('/').to_string())
        .unwrap_or_default();
    let mut plan = Plan {
        base_path,
        ..Plan::default()
    };
    let mut folders = BTreeSet::new();
    let mut addresses = BTreeSet::new();
    for item in &export.items {
        if MACHINERY.contains(&item.kind.as_str()) {
            *plan.others.entry(item.kind.clone()).or_default() += 1;
            continue;
        }
        if !STORY_KINDS.contains(&item.kind.as_str()) {
            plan.skipped.push(Skipped {
                item,
                why: format!("its post type `{}` is not a post or a page", item.kind),
            });
            continue;
        }
        let (draft, draft_why) = match (item.status.as_str(), item.protected) {
            (_, true) if !matches!(item.status.as_str(), "private" | "trash") => (
                true,
                Some("password-protected: imported as a draft without its text"),
            ),
            ("publish", _) => (false, None),
            ("draft", _) => (true, Some("a draft in WordPress")),
            ("pending", _) => (true, Some("pending review in WordPress")),
            ("future", _) => (true, Some("scheduled in WordPress")),
            ("private", _) => {
                plan.skipped.push(Skipped {
                    item,
                    why: "private: its author kept it from readers".into(),
                });
                continue;
            }
            ("trash", _) => {
                plan.skipped.push(Skipped {
                    item,
                    why: "in the trash".into(),
                });
                continue;
            }
            ("auto-draft", _) => {
                plan.skipped.push(Skipped {
                    item,
                    why: "an automatic draft WordPress made, never saved".into(),
                });
                continue;
            }
            _ => (true, Some("an unknown status: imported as a draft")),
        };
        let old_path = permalink_path(&item.link, &plan.base_path);
        let name = name_of(item);
        let folder = unique(&mut folders, &format!("{}s/{name}", item.kind), item.id);
        let (address, lost_address) = match &old_path {
            Some(path) if taken_by_listing(path) => (
                format!("{}/{path}", item.kind),
                Some(item.link.trim().to_string()),
            ),
            Some(path) => (
                path.trim_end_matches(".html")
                    .trim_end_matches(".htm")
                    .to_string(),
                None,
            ),
            None => (
                name.clone(),
                Some(item.link.trim().to_string()).filter(|l| !l.is_empty()),
            ),
        };
        let address = unique(&mut addresses, &address, item.id);
        let mut aliases = Vec::new();
        if let Some(path) = &old_path
            && *path != address
            && !taken_by_listing(path)
        {
            aliases.push(path.clone());
        }
        let index = plan.stories.len();
        plan.by_id.insert(item.id, index);
        if let Some(path) = old_path {
            plan.by_path.insert(path, index);
        }
        plan.stories.push(Story {
            item,
            folder,
            address,
            aliases,
            draft,
            draft_why,
            lost_address,
        });
    }
    attachment_aliases(export, &mut plan, &addresses);
    plan
}

/// An attachment's own page (`2010/09/10/post/photo/`) leads to the story
/// that shows it.
fn attachment_aliases(export: &Export, plan: &mut Plan, addresses: &BTreeSet<String>) {
    let mut taken: BTreeSet<String> = plan
        .stories
        .iter()
        .flat_map(|s| s.aliases.clone())
        .collect();
    for item in export.items.iter().filter(|i| i.kind == "attachment") {
        let Some(&index) = plan.by_id.get(&item.parent) else {
            continue;
        };
        let Some(path) = permalink_path(&item.link, &plan.base_path) else {
            continue;
        };
        let story = &mut plan.stories[index];
        if story.draft || addresses.contains(&path) || !taken.insert(path.clone()) {
            continue;
        }
        story.aliases.push(path);
    }
}

impl Plan<'_> {
    /// The story an old link leads to: `?p=ID`, `?page_id=ID`, or an old
    /// permalink of this site.
    pub(crate) fn story_for_link(&self, href: &str, site_link: &str) -> Option<&Story<'_>> {
        let url = url::Url::parse(href)
            .or_else(|_| url::Url::parse(site_link).and_then(|base| base.join(href)))
            .ok()?;
        let site = url::Url::parse(site_link).ok()?;
        if url.host_str() != site.host_str() {
            return None;
        }
        let by_query = url.query_pairs().find_map(|(k, v)| {
            matches!(k.as_ref(), "p" | "page_id")
                .then(|| v.parse::<u64>().ok())
                .flatten()
        });
        let index = match by_query {
            Some(id) => *self.by_id.get(&id)?,
            None => *self.by_path.get(
                &permalink_path(href, &self.base_path)
                    .or_else(|| permalink_path(url.as_str(), &self.base_path))?,
            )?,
        };
        self.stories.get(index)
    }
}

/// The path of an old permalink below the site (`2013/01/11/post`), or
/// None when it has none a static site can keep (`?p=12`, the home page).
pub(crate) fn permalink_path(link: &str, base_path: &str) -> Option<String> {
    let url = url::Url::parse(link.trim()).ok()?;
    if url.query().is_some_and(|q| {
        q.split('&').any(|p| {
            p.starts_with("p=") || p.starts_with("page_id=") || p.starts_with("attachment_id=")
        })
    }) {
        return None;
    }
    let path = url.path().trim_matches('/');
    let path = path
        .strip_prefix(base_path)
        .unwrap_or(path)
        .trim_matches('/');
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty()
        || segments
            .iter()
            .any(|s| *s == "." || *s == ".." || s.contains('\\'))
    {
        return None;
    }
    Some(segments.join("/"))
}

/// Whether broadside's own lists publish at `path` (`tags/`,
/// `categories/`, `archive/`, `authors/`, the front page's `page/2/`, the
/// feed and the sitemap): a story there would clash with them.
fn taken_by_listing(path: &str) -> bool {
    let mut segments = path.split('/');
    let first = segments.next().unwrap_or("");
    let second = segments.next();
    matches!(
        first,
        "tags" | "categories" | "archive" | "authors" | "atom.xml" | "sitemap.xml"
    ) || (first == "page" && second.is_some_and(|s| s.parse::<u64>().is_ok()))
}

/// A folder-safe name: the slug WordPress gave it, else its title made a
/// slug, else its id.
fn name_of(item: &Item) -> String {
    let slug = percent_encoding::percent_decode_str(item.slug.trim())
        .decode_utf8_lossy()
        .into_owned();
    let slug = slug::slugify(&slug);
    if !slug.is_empty() {
        return slug;
    }
    let title = slug::slugify(&item.title);
    if title.is_empty() {
        format!("{}-{}", item.kind, item.id)
    } else {
        title
    }
}

/// `wanted`, or `wanted-<id>` when it is taken.
fn unique(taken: &mut BTreeSet<String>, wanted: &str, id: u64) -> String {
    let mut name = wanted.to_string();
    let mut n = 1;
    while !taken.insert(name.clone()) {
        name = if n == 1 {
            format!("{wanted}-{id}")
        } else {
            format!("{wanted}-{id}-{n}")
        };
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalink_paths() {
        assert_eq!(
            permalink_path("https://ex.org/2013/01/11/hello/", "").as_deref(),
            Some("2013/01/11/hello")
        );
        assert_eq!(
            permalink_path("https://ex.org/blog/about/team/", "blog").as_deref(),
            Some("about/team")
        );
        assert_eq!(permalink_path("https://ex.org/?p=12", ""), None);
        assert_eq!(permalink_path("https://ex.org/", ""), None);
        assert_eq!(
            permalink_path("https://ex.org/caf%C3%A9/", "").as_deref(),
            Some("café")
        );
    }
}
