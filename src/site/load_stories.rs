//! Loading the stories of a site, in three steps: every story's front
//! matter read (in parallel), every story placed (its address, and where
//! every story and its old addresses are, for links between stories), then
//! every story rendered (in parallel), its redirect pages given; and the
//! error for a content folder with nothing to publish.

use std::path::Path;

use super::place::{place, redirect};
use super::sections::{self, Section};
use crate::addresses::Addresses;
use crate::content::{self, FileInfo, Head, LoadSettings, Story};
use crate::error::Diagnostic;
use crate::migrate::SourceSite;
use crate::options::{Include, Progress};
use crate::parallel;
use crate::unbuilt::{Skipped, Unpublished, Unused};

/// The stories loaded, in the order of their files, with those that wait
/// (drafts, …), the files that read as no story, and every problem.
pub(super) struct Stories {
    pub stories: Vec<Story>,
    pub skipped: Vec<Skipped>,
    pub blank: Vec<Unused>,
    /// The sections' listing pages (Hugo's and Zola's `_index.md`), their
    /// stories not yet given.
    pub sections: Vec<Section>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What loading the stories needs besides their files.
pub(super) struct Loading<'a> {
    pub settings: LoadSettings<'a>,
    pub source: &'a SourceSite,
    pub content_dir: &'a Path,
    /// The moment of the build, and the stories to build though not public.
    pub now: i64,
    pub include: Include,
    /// The content folder's files that are no story, among them sections.
    pub others: &'a [Unused],
}

/// Every story of `files` read, placed and rendered: where each is
/// published is known before any is rendered, for links between them.
/// `addresses` learns where each is.
pub(super) fn load_all(
    files: &[FileInfo],
    loading: &Loading<'_>,
    addresses: &mut Addresses,
    progress: &dyn Progress,
) -> Stories {
    let settings = &loading.settings;
    progress.total(files.len() as u64 * 2);
    let mut heads = read_heads(files, settings, progress, (loading.now, loading.include));
    let mut diagnostics = std::mem::take(&mut heads.diagnostics);
    place_all(&mut heads, addresses, loading.source, &mut diagnostics);
    let sections = place_sections(&heads.published, loading, addresses);
    let published = std::mem::take(&mut heads.published);
    let mut stories = render_all(published, settings, addresses, progress, &mut diagnostics);
    redirect(&mut stories, loading.source, &mut diagnostics);
    if stories.is_empty() && !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.push(nothing_to_publish(
            loading.content_dir,
            &heads.skipped,
            &heads.blank,
        ));
    }
    Stories {
        stories,
        skipped: heads.skipped,
        blank: heads.blank,
        sections,
        diagnostics,
    }
}

/// The sections of a site of several stories (a site of one has no
/// listing pages), `addresses` told where each is, for links to them.
fn place_sections(
    published: &[Head],
    loading: &Loading<'_>,
    addresses: &mut Addresses,
) -> Vec<Section> {
    if published.len() < 2 {
        return Vec::new();
    }
    let story_urls = published.iter().map(|h| h.url_path.as_str()).collect();
    let found = sections::find(loading.others, loading.content_dir, &story_urls);
    for section in &found {
        addresses.add(&section.file, Some(&section.url_path));
    }
    found
}

/// Every story file read, its front matter parsed: those to publish, those
/// that wait (drafts, …), the files that are no story, and the problems.
struct Heads {
    published: Vec<Head>,
    skipped: Vec<Skipped>,
    /// The files of the stories that wait, for links to them.
    not_built: Vec<FileInfo>,
    blank: Vec<Unused>,
    diagnostics: Vec<Diagnostic>,
}

/// Reads every story's front matter (in parallel): where each is published
/// must be known before any is rendered, for links between stories.
fn read_heads(
    files: &[FileInfo],
    settings: &LoadSettings<'_>,
    progress: &dyn Progress,
    (now, include): (i64, Include),
) -> Heads {
    let read = parallel::map(files, |file| {
        let head = content::read(file, settings.max_bytes);
        progress.advance();
        head
    });
    let mut heads = Heads {
        published: Vec::with_capacity(read.len()),
        skipped: Vec::new(),
        not_built: Vec::new(),
        blank: Vec::new(),
        diagnostics: Vec::new(),
    };
    for (head, file) in read.into_iter().zip(files) {
        match head {
            Ok(Err(why)) => heads.blank.push(Unused {
                path: file.path.clone(),
                why,
            }),
            Ok(Ok(head)) => match Unpublished::of(&head.front, now, include) {
                None => heads.published.push(head),
                Some(why) => {
                    heads.not_built.push(head.file.clone());
                    let (path, warnings) = head.into_path_and_warnings();
                    heads.diagnostics.extend(warnings);
                    heads.skipped.push(Skipped { path, why });
                }
            },
            Err(problems) => heads.diagnostics.extend(problems),
        }
    }
    heads
}

/// Gives every story its address, and tells `addresses` where each story
/// (and each one not built) is published, and its old addresses.
fn place_all(
    heads: &mut Heads,
    addresses: &mut Addresses,
    source: &SourceSite,
    diagnostics: &mut Vec<Diagnostic>,
) {
    place(&mut heads.published, diagnostics);
    for file in &heads.not_built {
        addresses.add(file, None);
    }
    for head in &heads.published {
        addresses.add(&head.file, Some(&head.url_path));
    }
    for head in &heads.published {
        let (old, _) = content::redirects_for(&head.front, &head.url_path, &head.file, source);
        for file in old {
            addresses.add_old(&file, &head.url_path);
        }
    }
}
/// Renders the stories placed (in parallel), their problems added to
/// `diagnostics`.
fn render_all(
    published: Vec<Head>,
    settings: &LoadSettings<'_>,
    addresses: &Addresses,
    progress: &dyn Progress,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Story> {
    let rendered = parallel::map_owned(published, |head| {
        let story = content::render(head, settings, addresses);
        progress.advance();
        story
    });
    let mut stories = Vec::with_capacity(rendered.len());
    for result in rendered {
        match result {
            Ok((story, warnings)) => {
                diagnostics.extend(warnings);
                stories.push(story);
            }
            Err(problems) => diagnostics.extend(problems),
        }
    }
    stories
}

/// The error for a content folder whose every story waits: drafts, or dated
/// in the future, or expired.
fn nothing_to_publish(
    content_dir: &Path,
    skipped: &[Skipped],
    not_stories: &[Unused],
) -> Diagnostic {
    let folder = content_dir.display();
    if skipped.is_empty() {
        let files: Vec<String> = not_stories
            .iter()
            .take(3)
            .map(|u| format!("{} ({})", u.path.display(), u.why))
            .collect();
        return Diagnostic::error(format!(
            "the content folder `{folder}` holds no story: {}",
            files.join(", ")
        ))
        .help("a story starts with front matter holding a title, e.g. `+++`, `title = \"Your headline\"`, `+++`, then its text");
    }
    if skipped.iter().all(|s| s.why.is_draft()) {
        return Diagnostic::error(format!("the content folder `{folder}` holds only drafts"))
            .help("set draft = false (or published = true) in the front matter of the story to publish, or build with --drafts");
    }
    let mut flags: Vec<&str> = skipped.iter().map(|s| s.why.flag()).collect();
    flags.sort_unstable();
    flags.dedup();
    let reasons: Vec<String> = skipped
        .iter()
        .take(3)
        .map(|s| format!("{} is {}", s.path.display(), s.why))
        .collect();
    let more = if skipped.len() > 3 {
        format!(", and {} more", skipped.len() - 3)
    } else {
        String::new()
    };
    Diagnostic::error(format!(
        "the content folder `{folder}` holds no story to publish now: {}{more}",
        reasons.join("; ")
    ))
    .help(format!("build them anyway with {}", flags.join(" ")))
}
