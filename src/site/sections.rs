//! The sections of a Hugo or Zola site (`news/_index.md`), each built as a
//! listing page at its folder's address: the stories below the folder,
//! newest first, headed by the `_index.md`'s title with its text as the
//! listing's introduction. Links to a section (`/inside-rust/`,
//! `@/inside-rust/_index.md`) then lead to a page, as they did on the old
//! site. The content folder's own `_index.md` is the front page's, which
//! broadside draws itself; a section whose address is a story's is left to
//! the story.

use std::collections::HashSet;
use std::path::Path;

use crate::addresses::Addresses;
use crate::content::{self, FileInfo, LoadSettings, Story};
use crate::error::{Diagnostic, Severity};
use crate::frontmatter::FrontMatter;
use crate::listing::title_case;
use crate::unbuilt::{self, Unused};

/// A section's listing page.
#[derive(Debug)]
pub(crate) struct Section {
    /// Its `_index.md`.
    pub(crate) file: FileInfo,
    /// Its folder's address (`news/`), as its stories' addresses hold it.
    pub(crate) url_path: String,
    /// The `_index.md`'s title, else the folder's name.
    pub(crate) heading: String,
    /// The `_index.md`'s text, rendered and made safe, when it has any.
    pub(crate) intro: Option<String>,
    /// Its stories (indices into the site's, newest first).
    pub(crate) stories: Vec<usize>,
}

/// Whether the file at `path` is a section's page (`_index.md`).
fn is_section_file(path: &Path) -> bool {
    path.file_stem().is_some_and(|s| s == "_index") && unbuilt::is_story_file(path)
}

/// The sections among `others` (the files of `content_dir` that are not
/// stories), below the content folder's top and at an address no story
/// of `story_urls` has, each with its address; their stories not yet known.
pub(super) fn find(
    others: &[Unused],
    content_dir: &Path,
    story_urls: &HashSet<&str>,
) -> Vec<Section> {
    let mut sections: Vec<Section> = others
        .iter()
        .filter(|u| is_section_file(&u.path))
        .filter_map(|u| {
            let folder = u.path.parent()?;
            // A page bundle's `index.md` in the folder gives its address.
            let as_bundle = folder.join("index.md");
            let url_path = content::url_path_for(
                &FrontMatter::default(),
                &FileInfo::new(content_dir, &as_bundle),
            )
            .ok()?;
            let name = folder
                .file_name()?
                .to_string_lossy()
                .replace(['-', '_'], " ");
            (folder != content_dir && !story_urls.contains(url_path.as_str())).then(|| Section {
                file: FileInfo::new(content_dir, &u.path),
                heading: title_case(&name),
                url_path,
                intro: None,
                stories: Vec::new(),
            })
        })
        .collect();
    sections.sort_by(|a, b| a.url_path.cmp(&b.url_path));
    sections.dedup_by(|a, b| a.url_path == b.url_path);
    sections
}

/// Reads each section's `_index.md` (its title and text) and gives it its
/// stories from `stories` (in site order). A section page that cannot be
/// read is still built, headed by its folder's name, and its problems are
/// warnings: it was never a story.
pub(super) fn fill(
    sections: &mut [Section],
    stories: &[Story],
    settings: &LoadSettings<'_>,
    addresses: &Addresses,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for section in sections.iter_mut() {
        let folder = section.file.path.parent().unwrap_or(Path::new(""));
        section.stories = stories
            .iter()
            .enumerate()
            .filter(|(_, s)| s.file.path.starts_with(folder))
            .map(|(i, _)| i)
            .collect();
        let read = match content::read(&section.file, settings.max_bytes) {
            Ok(Ok(mut head)) => {
                head.url_path = section.url_path.clone();
                content::render(head, settings, addresses)
            }
            Ok(Err(_)) => continue,
            Err(problems) => Err(problems),
        };
        match read {
            Ok((page, warnings)) => {
                diagnostics.extend(warnings);
                section.heading = page.front.title;
                let html = page.body.html;
                section.intro = (!html.trim().is_empty()).then_some(html);
            }
            Err(problems) => diagnostics.extend(problems.into_iter().map(|d| Diagnostic {
                severity: Severity::Warning,
                help: Some(format!(
                    "{} (the section's page is listed under its folder's name until then)",
                    d.help.as_deref().unwrap_or("fix the section's `_index.md`")
                )),
                ..d
            })),
        }
    }
}
