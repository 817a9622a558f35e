//! What a story's file says by where it lies and how it is named, worked
//! out once when the content folder is read (as Zola's `FileInfo`): a page
//! bundle or not, its section, a Jekyll post's or draft's site folder, the
//! date and slug in its name, its path below the content folder. Every
//! part of the build that needs one of these facts asks the [`FileInfo`]
//! the story carries; none looks at the path again.

use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;

/// The folders of a Jekyll site whose Markdown files are stories (its
/// posts and drafts); every other folder starting with `_` is not read.
pub(crate) const JEKYLL_FOLDERS: [&str; 2] = ["_posts", "_drafts"];

/// Whether a folder's name is one of Jekyll's [`JEKYLL_FOLDERS`].
pub(crate) fn is_jekyll_folder(name: &str) -> bool {
    JEKYLL_FOLDERS.contains(&name)
}

/// Whether `path` names a page bundle's story by its name: `index.md` (or
/// `index.markdown`, …). A file of the content folder's top so named is
/// taken as one too, named after the content folder.
pub(crate) fn is_bundle_index(path: &Path) -> bool {
    path.file_stem().is_some_and(|s| s == "index")
}

/// A story file of the content folder, and what its place and name say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    /// The file, as found (the content folder joined with [`Self::relative`]).
    pub path: PathBuf,
    /// The file's path below the content folder (the whole path when it
    /// lies elsewhere).
    pub relative: PathBuf,
    /// A page bundle's story: `index.md` (any Markdown extension), with
    /// the files it shows beside it in its own folder.
    pub is_bundle: bool,
    /// The story's name: its file's stem, or its folder's name for a
    /// bundle (empty when the path has none).
    pub name: String,
    /// The folders between the content folder and the story, a bundle's
    /// own folder aside (`["news", "2021"]`): its section, as Zola and
    /// Hugo keep it.
    pub section: Vec<String>,
    /// The date a Jekyll-style name starts with (`2014-05-06-turns-two`),
    /// and what follows it (`turns-two`, perhaps empty).
    pub name_date: Option<(NaiveDate, String)>,
    /// For a story in Jekyll's `_posts/` or `_drafts/`: which, and the site
    /// folder holding it.
    pub jekyll: Option<Jekyll>,
}

/// Where a Jekyll story lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jekyll {
    /// The Jekyll site's folder: the one holding `_posts/` or `_drafts/`.
    pub root: PathBuf,
    pub kind: JekyllKind,
}

/// A Jekyll post or a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JekyllKind {
    /// In `_posts/` (at any depth).
    Post,
    /// In `_drafts/`, and in no `_posts/`.
    Draft,
}

impl FileInfo {
    /// What the story file at `path`, found in `content_dir`, says.
    pub fn new(content_dir: &Path, path: &Path) -> FileInfo {
        let relative = path.strip_prefix(content_dir).ok();
        let is_bundle = is_bundle_index(path);
        let name = if is_bundle {
            path.parent().and_then(Path::file_name)
        } else {
            path.file_stem()
        };
        let name = name
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The section: the file's folder (a bundle's folder's) below the
        // content folder.
        let section = relative
            .and_then(Path::parent)
            .and_then(|p| if is_bundle { p.parent() } else { Some(p) })
            .into_iter()
            .flat_map(Path::components)
            .filter_map(|c| match c {
                Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let name_date = crate::date::leading_date(&name).map(|(d, rest)| (d, rest.to_string()));
        FileInfo {
            path: path.to_path_buf(),
            relative: relative.unwrap_or(path).to_path_buf(),
            is_bundle,
            section,
            name_date,
            jekyll: jekyll_of(path),
            name,
        }
    }

    /// The folder the story's relative links and images start from.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The date a Jekyll-style name gives the story
    /// (`2014-05-06-turns-two.md`, or a bundle's folder so named), wherever
    /// it lies: a date followed by a name.
    pub fn dated_name(&self) -> Option<(NaiveDate, &str)> {
        self.name_date
            .as_ref()
            .filter(|(_, rest)| !rest.is_empty())
            .map(|(date, rest)| (*date, rest.as_str()))
    }

    /// Whether the story is a Jekyll post or draft (its Markdown was
    /// written for Liquid, its front matter may be missing).
    pub fn is_jekyll(&self) -> bool {
        self.jekyll.is_some()
    }

    /// Whether the story lies in Jekyll's `_drafts/` (and no `_posts/`).
    pub fn is_jekyll_draft(&self) -> bool {
        self.jekyll
            .as_ref()
            .is_some_and(|j| j.kind == JekyllKind::Draft)
    }

    /// The name of a Jekyll post or draft: a post's date and the rest of
    /// its name (`_posts/2014-05-06-jekyll-turns-2-0-0.md`: 6 May 2014 and
    /// `jekyll-turns-2-0-0`), or a draft's name (`_drafts/new-ferry.md`).
    /// A bundle in `_posts/` is no post (Jekyll has none).
    pub fn jekyll_name(&self) -> Option<(Option<NaiveDate>, &str)> {
        match self.jekyll.as_ref()?.kind {
            JekyllKind::Post if self.is_bundle => None,
            JekyllKind::Post => self.dated_name().map(|(date, rest)| (Some(date), rest)),
            JekyllKind::Draft => Some((None, self.path.file_stem()?.to_str()?)),
        }
    }
}

/// The Jekyll site folder and kind of the story at `path`: the folders
/// before its first `_posts` or `_drafts`.
fn jekyll_of(path: &Path) -> Option<Jekyll> {
    let mut root = PathBuf::new();
    for component in path.components() {
        if let Component::Normal(name) = component
            && name.to_str().is_some_and(is_jekyll_folder)
        {
            let in_posts = path.components().any(|c| c.as_os_str() == "_posts");
            let kind = if in_posts {
                JekyllKind::Post
            } else {
                JekyllKind::Draft
            };
            return Some(Jekyll { root, kind });
        }
        root.push(component);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(path: &str) -> FileInfo {
        FileInfo::new(Path::new("content"), &Path::new("content").join(path))
    }

    #[test]
    fn bundles_sections_and_names() {
        let bundle = info("news/2021/0.30-relnotes/index.md");
        assert!(bundle.is_bundle);
        assert_eq!(bundle.name, "0.30-relnotes");
        assert_eq!(bundle.section, ["news", "2021"]);
        assert_eq!(
            bundle.relative,
            Path::new("news/2021/0.30-relnotes/index.md")
        );
        let file = info("news/Quay Lights.md");
        assert!(!file.is_bundle);
        assert_eq!(file.name, "Quay Lights");
        assert_eq!(file.section, ["news"]);
        assert_eq!(file.dir(), Path::new("content/news"));
        assert!(info("story.md").section.is_empty());
        assert_eq!(
            info("2014-05-06-storm/index.md")
                .dated_name()
                .map(|(d, n)| (d.to_string(), n)),
            Some(("2014-05-06".to_string(), "storm"))
        );
        assert_eq!(info("2019-01-01.md").dated_name(), None);
        assert!(info("2019-01-01.md").name_date.is_some());
    }

    #[test]
    fn jekyll_posts_and_drafts() {
        let post = info("blog/_posts/2014-05-06-turns-two.md");
        let jekyll = post.jekyll.clone().unwrap();
        assert_eq!(jekyll.root, Path::new("content/blog"));
        assert_eq!(jekyll.kind, JekyllKind::Post);
        let (date, name) = post.jekyll_name().unwrap();
        assert_eq!(
            (date.unwrap().to_string().as_str(), name),
            ("2014-05-06", "turns-two")
        );
        assert_eq!(info("_posts/notes.md").jekyll_name(), None);
        assert!(info("_posts/notes.md").is_jekyll());
        let draft = info("_drafts/new-ferry.md");
        assert!(draft.is_jekyll_draft());
        assert_eq!(draft.jekyll_name(), Some((None, "new-ferry")));
        assert!(!info("news/2014-05-06-jekyll.md").is_jekyll());
        assert!(is_jekyll_folder("_posts") && !is_jekyll_folder("_docs"));
    }
}
