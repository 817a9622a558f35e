//! What a build leaves out, and says so: stories that are not public (drafts,
//! `published: false`, dated in the future, expired), and files of the
//! content folder that are neither a story nor used by one.
//!
//! The library only gathers these ([`crate::pipeline::Built`] carries them); the
//! command line prints them with `--verbose`, and `check` names each
//! Markdown file among them.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::date::StoryDate;
use crate::error::Diagnostic;
use crate::frontmatter::FrontMatter;

pub use crate::options::Include;

/// Why a story is not built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublished {
    Draft,
    /// `published: false` (Jekyll).
    NotPublished,
    Future(StoryDate),
    Expired(StoryDate),
}

impl Unpublished {
    /// Why `front` is not built at `now` (seconds since the epoch), unless
    /// `include` asks for it; `None` when it is built.
    pub(crate) fn of(front: &FrontMatter, now: i64, include: Include) -> Option<Unpublished> {
        if !include.drafts && front.draft {
            return Some(Unpublished::Draft);
        }
        if !include.drafts && front.unpublished {
            return Some(Unpublished::NotPublished);
        }
        if let Some(date) = front.date
            && !include.future
            && date.timestamp() > now
        {
            return Some(Unpublished::Future(date));
        }
        if let Some(expiry) = front.expiry
            && !include.expired
            && expiry.timestamp() <= now
        {
            return Some(Unpublished::Expired(expiry));
        }
        None
    }

    /// The flag that builds such a story.
    pub fn flag(self) -> &'static str {
        match self {
            Unpublished::Draft | Unpublished::NotPublished => "--drafts",
            Unpublished::Future(_) => "--future",
            Unpublished::Expired(_) => "--expired",
        }
    }

    /// Whether it is a draft or unpublished, rather than a matter of dates.
    pub(crate) fn is_draft(self) -> bool {
        matches!(self, Unpublished::Draft | Unpublished::NotPublished)
    }
}

impl fmt::Display for Unpublished {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unpublished::Draft => write!(f, "a draft"),
            Unpublished::NotPublished => write!(f, "marked `published: false`"),
            Unpublished::Future(date) => write!(f, "dated {}, in the future", date.iso()),
            Unpublished::Expired(date) => write!(f, "past its expiry date, {}", date.iso()),
        }
    }
}

/// A story that was read but not built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub why: Unpublished,
}

/// Why a file or folder of the content folder is not a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAStory {
    /// Its name starts with `_` (a section's `_index.md`, `_config.yml`).
    Underscore,
    /// A folder whose name starts with `_` (other than Jekyll's `_posts` and
    /// `_drafts`), not read; with the number of Markdown files in it.
    UnderscoreFolder { markdown: usize },
    /// A second Markdown file in a page bundle: only its index is a story.
    InBundle,
    /// No story shows it (an image, a script, a text file).
    NotUsed,
    /// A Markdown file with neither a title nor any text.
    Blank,
    /// A Markdown file with no front matter at all, outside Jekyll's
    /// `_posts/` and `_drafts/`: a README, a code of conduct.
    NoFrontMatter,
}

impl fmt::Display for NotAStory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotAStory::Underscore => write!(f, "names starting with `_` are not stories"),
            NotAStory::UnderscoreFolder { markdown: 0 } => {
                write!(f, "folders starting with `_` are not read")
            }
            NotAStory::UnderscoreFolder { markdown } => write!(
                f,
                "folders starting with `_` are not read ({markdown} Markdown file{} in it)",
                if *markdown == 1 { "" } else { "s" }
            ),
            NotAStory::InBundle => write!(f, "in a page bundle only the index is a story"),
            NotAStory::NotUsed => write!(f, "no story uses it"),
            NotAStory::Blank => write!(f, "it has neither a title nor any text"),
            NotAStory::NoFrontMatter => write!(f, "it has no front matter"),
        }
    }
}

/// A file (or a folder, whole) of the content folder that the site does not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unused {
    pub path: PathBuf,
    pub why: NotAStory,
}

/// The extensions of story files: Markdown as Hugo and Jekyll name it.
pub(crate) const STORY_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkdn", "mkd", "mkdown"];

/// Other names Markdown files go by, which broadside does not read as stories.
const OTHER_MARKDOWN_EXTENSIONS: &[&str] = &["mdwn", "mdtext", "mdtxt", "markdn", "mdx"];

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Whether the file at `path` is named as a story is.
pub(crate) fn is_story_file(path: &Path) -> bool {
    has_extension(path, STORY_EXTENSIONS)
}

/// The extensions of HTML content files: stories when they start with
/// front matter, as Hugo and Jekyll build them; static files otherwise.
const HTML_EXTENSIONS: &[&str] = &["html", "htm"];

/// Whether the file at `path` is named as an HTML file.
pub(crate) fn is_html_file(path: &Path) -> bool {
    has_extension(path, HTML_EXTENSIONS)
}

/// Whether the file at `path` is a story: named as one ([`is_story_file`]),
/// or an HTML content file that starts with front matter, whose body is
/// raw HTML. The one test of what a story is, for the content folder.
pub(crate) fn is_story(path: &Path) -> bool {
    is_story_file(path) || (is_html_file(path) && opens_with_front_matter(path))
}

/// Whether the file at `path` starts with a front matter block (`---`,
/// `+++` or a JSON object, not a template's `{{` or `{%`), by its first
/// kilobyte.
fn opens_with_front_matter(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(1024);
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(1024).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    crate::frontmatter::has_front_matter(head) && !head.starts_with("{{") && !head.starts_with("{%")
}

/// Whether the file at `path` is named as a Markdown file.
pub(crate) fn is_markdown_like(path: &Path) -> bool {
    has_extension(path, STORY_EXTENSIONS) || has_extension(path, OTHER_MARKDOWN_EXTENSIONS)
}

/// `check`'s finding: each Markdown file of the content folder that was not
/// built, and why.
pub(crate) fn markdown_not_built(skipped: &[Skipped], unused: &[Unused]) -> Vec<Diagnostic> {
    let skipped = skipped.iter().map(|s| {
        Diagnostic::warning(format!("this story was not built: it is {}", s.why))
            .in_file(&s.path)
            .help(format!("`broadside build {}` builds it", s.why.flag()))
    });
    let unused = unused.iter().filter_map(|u| {
        let help = match u.why {
            NotAStory::UnderscoreFolder { markdown } if markdown > 0 => {
                "rename the folder without the `_` if its files are stories (a Jekyll site's `_posts/` and `_drafts/` are read)"
            }
            NotAStory::Underscore if is_markdown_like(&u.path) => {
                "a name starting with `_` is not a story (the content folder's own `_index.md` is the front page's, which broadside draws itself); rename the file without the `_` if it is one"
            }
            NotAStory::InBundle if is_markdown_like(&u.path) => {
                "move it out of the bundle folder (beside it) if it is a story of its own"
            }
            NotAStory::NotUsed if is_markdown_like(&u.path) => "name it `.md` if it is a story",
            NotAStory::Blank => {
                "another generator draws such a page from a template of its own; give it a title and text if it is a story"
            }
            NotAStory::NoFrontMatter => {
                "a Markdown file without front matter (a README) is not a story; if it is one, start it with front matter holding a title, e.g. `+++`, `title = \"Your headline\"`, `+++`"
            }
            _ => return None,
        };
        Some(Diagnostic::warning(format!("Markdown not built: {}", u.why)).in_file(&u.path).help(help))
    });
    skipped.chain(unused).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(date: Option<&str>, expiry: Option<&str>) -> FrontMatter {
        FrontMatter {
            date: date.and_then(StoryDate::parse),
            expiry: expiry.and_then(StoryDate::parse),
            ..FrontMatter::default()
        }
    }

    #[test]
    fn drafts_future_and_expired_stories_wait_unless_asked_for() {
        let now = StoryDate::parse("2024-06-01T12:00:00Z").map_or(0, |d| d.timestamp());
        let none = Include::default();
        assert_eq!(
            Unpublished::of(&front(Some("2024-06-01"), None), now, none),
            None
        );
        let future = front(Some("2024-06-01T12:00:01Z"), None);
        assert!(matches!(
            Unpublished::of(&future, now, none),
            Some(Unpublished::Future(_))
        ));
        assert_eq!(
            Unpublished::of(
                &future,
                now,
                Include {
                    future: true,
                    ..none
                }
            ),
            None
        );
        let expired = front(None, Some("2024-06-01"));
        assert!(matches!(
            Unpublished::of(&expired, now, none),
            Some(Unpublished::Expired(_))
        ));
        assert_eq!(
            Unpublished::of(
                &expired,
                now,
                Include {
                    expired: true,
                    ..none
                }
            ),
            None
        );
        assert_eq!(
            Unpublished::of(&front(None, Some("2024-06-02")), now, none),
            None
        );
        let draft = FrontMatter {
            draft: true,
            ..front(Some("2030-01-01"), None)
        };
        assert_eq!(Unpublished::of(&draft, now, none), Some(Unpublished::Draft));
        let unpublished = FrontMatter {
            unpublished: true,
            ..FrontMatter::default()
        };
        assert_eq!(
            Unpublished::of(&unpublished, now, none),
            Some(Unpublished::NotPublished)
        );
        assert_eq!(
            Unpublished::of(
                &unpublished,
                now,
                Include {
                    drafts: true,
                    ..none
                }
            ),
            None
        );
    }

    #[test]
    fn names_markdown_files() {
        assert!(
            is_story_file(Path::new("a/2014-05-06-x.markdown")) && is_story_file(Path::new("B.MD"))
        );
        assert!(!is_story_file(Path::new("a.mdwn")) && is_markdown_like(Path::new("a.mdwn")));
        assert!(!is_markdown_like(Path::new("a.png")) && !is_markdown_like(Path::new("md")));
    }
}
