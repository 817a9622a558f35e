//! Finding the stories in the content folder: story files, page bundles
//! (a folder holding `index.md`), Jekyll's `_posts/` and `_drafts/`, and
//! everything else there, kept so the build can say what it did not use.

use std::path::{Path, PathBuf};

use super::IMPORT_REPORT;
use crate::error::Diagnostic;
use crate::file_info::{self, FileInfo};
use crate::unbuilt::{self, NotAStory, Unused};

/// What the content folder holds.
#[derive(Debug, Default)]
pub struct Found {
    /// The story files, in a stable order, with what their places and
    /// names say.
    pub stories: Vec<FileInfo>,
    /// Every other file and skipped folder (hidden ones aside), `site.toml`
    /// aside; those marked [`NotAStory::NotUsed`] may still be used by a story.
    pub others: Vec<Unused>,
}

/// Finds every story file under `content_dir`, in a stable order, and
/// everything else there.
pub fn discover(content_dir: &Path) -> Result<Found, Diagnostic> {
    if !content_dir.is_dir() {
        let what = if content_dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(Diagnostic::error(format!("the content folder `{}` {what}", content_dir.display()))
            .help("run broadside from the folder that holds content/, pass --content DIR, or make a new site with `broadside init`"));
    }
    let mut found = Found::default();
    walk(content_dir, content_dir, &mut found).map_err(|e| {
        Diagnostic::error(format!("cannot read the content folder: {e}")).in_file(content_dir)
    })?;
    if found.stories.is_empty() {
        let mut help = "add a Markdown file such as content/story.md that starts with front matter holding a title".to_string();
        if found.others.iter().any(|u| {
            unbuilt::is_markdown_like(&u.path)
                || matches!(u.why, NotAStory::UnderscoreFolder { markdown: 1.. })
        }) {
            help.push_str("; `_index.md`, files in folders starting with `_` and a bundle's other Markdown files are not stories");
        }
        return Err(Diagnostic::error(format!(
            "the content folder `{}` holds no story",
            content_dir.display()
        ))
        .help(help));
    }
    Ok(found)
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<std::fs::DirEntry>> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
}

fn walk(root: &Path, dir: &Path, found: &mut Found) -> std::io::Result<()> {
    for entry in sorted_entries(dir)? {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = entry.path();
        let is_dir = entry.file_type()?.is_dir() || path.is_dir();
        if name.starts_with('.') {
            continue;
        }
        if name.starts_with('_') && !(is_dir && file_info::is_jekyll_folder(&name)) {
            let why = if is_dir {
                NotAStory::UnderscoreFolder {
                    markdown: count_markdown(&path),
                }
            } else {
                NotAStory::Underscore
            };
            found.others.push(Unused { path, why });
        } else if is_dir {
            match bundle_index(&path)? {
                Some(index) => {
                    bundle_resources(&path, &index, found)?;
                    found.stories.push(FileInfo::new(root, &index));
                }
                None => walk(root, &path, found)?,
            }
        } else if dir == root && name == IMPORT_REPORT {
            // What an import did, for the newsroom: not a story.
            found.others.push(Unused {
                path,
                why: NotAStory::NotUsed,
            });
        } else if unbuilt::is_story(&path) {
            found.stories.push(FileInfo::new(root, &path));
        } else if !(dir == root && name == "site.toml") {
            found.others.push(Unused {
                path,
                why: NotAStory::NotUsed,
            });
        }
    }
    Ok(())
}

/// The story file of a page bundle: `index.md` (or `index.markdown`, …,
/// or `index.html` with front matter).
fn bundle_index(dir: &Path) -> std::io::Result<Option<PathBuf>> {
    Ok(sorted_entries(dir)?
        .into_iter()
        .map(|e| e.path())
        .find(|p| file_info::is_bundle_index(p) && p.is_file() && unbuilt::is_story(p)))
}

/// The files of a bundle other than its index: images the story may use.
fn bundle_resources(dir: &Path, index: &Path, found: &mut Found) -> std::io::Result<()> {
    for entry in sorted_entries(dir)? {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') || path == index {
            continue;
        }
        if entry.file_type()?.is_dir() {
            bundle_resources(&path, index, found)?;
        } else {
            let why = if unbuilt::is_markdown_like(&path) {
                NotAStory::InBundle
            } else {
                NotAStory::NotUsed
            };
            found.others.push(Unused { path, why });
        }
    }
    Ok(())
}

/// How many Markdown files a folder that is not read holds.
fn count_markdown(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => count_markdown(&e.path()),
            Ok(_) => usize::from(unbuilt::is_markdown_like(&e.path())),
            Err(_) => 0,
        })
        .sum()
}
