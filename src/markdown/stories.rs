//! Links from one story to another by its file, as each generator writes
//! them: Zola's `@/news/post.md` (from the content folder), a relative
//! link to a `.md` file (`./other-post.md`), Hugo's `ref` and `relref`,
//! Jekyll's `link` (from the site's folder) and `post_url` (a post's file
//! name without its extension). Each resolves to the page of that story,
//! relative to the page linking to it, any `#anchor` kept.

use std::path::{Path, PathBuf};

use super::LinkBase;
use crate::addresses::{Target, link_between};
use crate::file_info::{self, FileInfo};

/// Why a link to a story cannot be made: a warning, since the page loses
/// only the link (its words stay, as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unresolved {
    pub message: String,
    pub help: String,
}

/// How a link names its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum By {
    /// Zola's `@/…`: from the content folder.
    Zola,
    /// A relative path from the story's folder.
    Relative,
    /// Hugo's `ref`/`relref`: from the story's folder, its section's, then
    /// the content folder; with or without `.md`, or a bundle's folder.
    Hugo,
    /// Jekyll's `link`: from the site's folder (the one holding `_posts`).
    JekyllLink,
    /// Jekyll's `post_url`: a post's name.
    JekyllPost,
}

/// The page that `written` (`news/post.md#anchor`, as `by` writes it)
/// names, as a link from `page`, the story of the file `story`.
pub(super) fn resolve(
    page: &LinkBase<'_>,
    story: &FileInfo,
    written: &str,
    by: By,
) -> Result<String, Unresolved> {
    let story_dir = story.dir();
    let (path, anchor) = match written.split_once('#') {
        Some((path, anchor)) => (path, format!("#{anchor}")),
        None => (written, String::new()),
    };
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let path = decoded.trim();
    let path = if by == By::Zola {
        path.strip_prefix("@/").unwrap_or(path)
    } else {
        path
    };
    let root = page.addresses.root();
    let relative = path.trim_start_matches('/');
    let target = match by {
        By::Zola => page.addresses.target(&root.join(relative)),
        By::Relative => page.addresses.target(&story_dir.join(path)),
        By::Hugo => {
            let bases: Vec<PathBuf> = if path.starts_with('/') {
                vec![root.to_path_buf()]
            } else {
                [
                    Some(story_dir),
                    story_dir.parent().filter(|_| story.is_bundle),
                    Some(root),
                ]
                .into_iter()
                .flatten()
                .map(Path::to_path_buf)
                .collect()
            };
            page.addresses.first(bases.iter().flat_map(|base| {
                let at = base.join(relative);
                let mut with_md = at.clone().into_os_string();
                with_md.push(".md");
                [
                    at.clone(),
                    PathBuf::from(with_md),
                    at.join("index.md"),
                    at.join("_index.md"),
                ]
            }))
        }
        By::JekyllLink => {
            if is_collection(relative) {
                return Err(Unresolved {
                    message: format!(
                        "`{path}` is a document of a Jekyll collection, which broadside does not build; the link is left out"
                    ),
                    help: "link to its full address on the site (https://…) instead".to_string(),
                });
            }
            let jekyll_root = story.jekyll.as_ref().map_or(root, |j| j.root.as_path());
            page.addresses.target(&jekyll_root.join(relative))
        }
        By::JekyllPost => page.addresses.post(path),
    };
    match target {
        Target::Page(url) => Ok(link_between(page.url_path, &url, &anchor)),
        Target::NotBuilt => Err(Unresolved {
            message: format!("`{path}` is a story that this build does not publish (a draft, or dated later); the link is left out"),
            help: "publish that story too, or build with --drafts or --future".to_string(),
        }),
        Target::NotAStory => Err(Unresolved {
            message: format!("`{path}` is not a story broadside builds (the content folder's own `_index.md`, a bundle's other file, …); the link is left out"),
            help: "link to a story, or to the page's full address (https://…)".to_string(),
        }),
        Target::Missing => Err(Unresolved {
            message: format!("the link to `{written}` points to no story: {} does not exist; the link is left out, its words kept", looked_for(by)),
            help: "check the file name; a story is linked by its file, e.g. @/news/storm.md (Zola), ./storm.md, \
                   {{< ref \"storm.md\" >}} (Hugo) or {% post_url 2024-03-04-storm %} (Jekyll)"
                .to_string(),
        }),
    }
}

fn looked_for(by: By) -> &'static str {
    match by {
        By::Zola => "that file of the content folder",
        By::Relative => "that file, from the story's folder,",
        By::Hugo => "that file, from the story's folder, its section or the content folder,",
        By::JekyllLink => "that file, from the Jekyll site's folder,",
        By::JekyllPost => "a post of that name (YYYY-MM-DD-name.md) in the content folder",
    }
}

/// A path into a Jekyll collection (`_docs/history.md`), which is not read.
fn is_collection(relative: &str) -> bool {
    let first = relative.split('/').next().unwrap_or("");
    first.starts_with('_') && !file_info::is_jekyll_folder(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addresses::Addresses;

    #[test]
    fn links_by_file_resolve_to_pages() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "news/storm.md",
            "news/quay/index.md",
            "_posts/2014-05-06-turns-two.md",
            "news/_index.md",
        ] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "x").unwrap();
        }
        let info = |file: &str| FileInfo::new(root, &root.join(file));
        let mut addresses = Addresses::new(root, None);
        addresses.add(&info("news/storm.md"), Some("news/storm/"));
        addresses.add(&info("news/quay/index.md"), Some("news/quay/"));
        addresses.add(
            &info("_posts/2014-05-06-turns-two.md"),
            Some("2014/05/06/turns-two/"),
        );
        let page = LinkBase {
            url_path: "news/quay/",
            addresses: &addresses,
        };
        let story = info("news/quay/index.md");
        let link = |written: &str, by: By| resolve(&page, &story, written, by);
        assert_eq!(
            link("news/storm.md#tides", By::Zola).unwrap(),
            "../../news/storm/index.html#tides"
        );
        assert_eq!(
            link("../storm.md", By::Relative).unwrap(),
            "../../news/storm/index.html"
        );
        assert_eq!(
            link("storm", By::Hugo).unwrap(),
            "../../news/storm/index.html"
        );
        assert_eq!(
            link("/news/quay", By::Hugo).unwrap(),
            "../../news/quay/index.html"
        );
        assert_eq!(
            link("_posts/2014-05-06-turns-two.md", By::JekyllLink).unwrap(),
            "../../2014/05/06/turns-two/index.html"
        );
        assert_eq!(
            link("2014-05-06-turns-two", By::JekyllPost).unwrap(),
            "../../2014/05/06/turns-two/index.html"
        );
        let missing = link("news/gone.md", By::Zola).unwrap_err().message;
        assert!(
            missing.contains("points to no story") && missing.ends_with("its words kept"),
            "{missing}"
        );
        let not_a_story = link("/news/_index.md", By::Zola).unwrap_err().message;
        assert!(not_a_story.contains("not a story"), "{not_a_story}");
        let collection = link("_docs/history.md", By::JekyllLink)
            .unwrap_err()
            .message;
        assert!(collection.contains("collection"), "{collection}");
    }
}
