//! Stories on disk: finding them in the content folder and loading each one
//! into a [`Story`] (front matter parsed, Markdown rendered, images inlined).
//!
//! A story is a Markdown file (`.md`, `.markdown`, `.mdown`, …), or a folder
//! `NAME/` holding `index.md` with its images beside it (a page bundle).
//! Files and folders whose names start with `.` or `_` (such as Zola's
//! `_index.md`) are not stories, but for a Jekyll site's `_posts/` and
//! `_drafts/`. What is not a story is kept, so the build can say which files
//! it did not use.

use std::path::{Path, PathBuf};

mod address;
pub(crate) use address::slugify;

pub use address::{redirects_for, url_path_for};

use crate::addresses::Addresses;
use crate::date::{self, StoryDate};
use crate::error::{Diagnostic, Location};
use crate::frontmatter::{self, FromName, FrontMatter};
use crate::images::{ImageProblem, ImageSource};
use crate::markdown::{MarkdownRenderer, Page, Rendered, Source};
use crate::migrate::jekyll::is_in;
pub(crate) use crate::migrate::jekyll::jekyll_name;
use crate::unbuilt::{self, NotAStory, Unused};

/// The report `broadside import` writes at the top of the content
/// folder: never a story.
pub(crate) const IMPORT_REPORT: &str = "import-report.md";

/// One story, loaded and rendered to HTML, not yet placed in a page.
#[derive(Debug)]
pub struct Story {
    /// The story's file, as found under the content folder.
    pub source_path: PathBuf,
    pub front: FrontMatter,
    pub body: Rendered,
    /// The lead image from `image` in the front matter, inlined.
    pub lead_image: Option<ImageSource>,
    /// The lead image's file, for sites that publish it beside the page.
    pub lead_image_file: Option<PathBuf>,
    /// Where the page goes, relative to the site root: empty for the root,
    /// otherwise a path ending in `/`.
    pub url_path: String,
    /// The files of redirect pages at the story's old addresses
    /// (`old/index.html`, `2019/01/05/post.html`).
    pub redirects: Vec<String>,
    /// Its writers, last change and live updates.
    pub news: crate::newsroom::News,
}

/// What the content folder holds.
#[derive(Debug, Default)]
pub struct Found {
    /// The story files, in a stable order.
    pub stories: Vec<PathBuf>,
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
        if name.starts_with('_') && !(is_dir && (name == "_posts" || name == "_drafts")) {
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
                    found.stories.push(index);
                }
                None => walk(root, &path, found)?,
            }
        } else if dir == root && name == IMPORT_REPORT {
            // What an import did, for the newsroom: not a story.
            found.others.push(Unused {
                path,
                why: NotAStory::NotUsed,
            });
        } else if unbuilt::is_story_file(&path) {
            found.stories.push(path);
        } else if !(dir == root && name == "site.toml") {
            found.others.push(Unused {
                path,
                why: NotAStory::NotUsed,
            });
        }
    }
    Ok(())
}

/// The story file of a page bundle: `index.md` (or `index.markdown`, …).
fn bundle_index(dir: &Path) -> std::io::Result<Option<PathBuf>> {
    Ok(sorted_entries(dir)?
        .into_iter()
        .map(|e| e.path())
        .find(|p| {
            p.file_stem().is_some_and(|s| s == "index") && unbuilt::is_story_file(p) && p.is_file()
        }))
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

/// The settings that decide how a story is loaded.
pub struct LoadSettings<'a> {
    pub markdown: &'a MarkdownRenderer,
    pub max_bytes: u64,
    pub news: &'a crate::newsroom::NewsSettings,
}

/// A story with the warnings found while loading it.
pub type Loaded = (Story, Vec<Diagnostic>);

/// A story file read and its front matter parsed, its Markdown not yet
/// rendered: enough to know whether it is published and where, so every
/// story's address is known before any is rendered (links between stories
/// need them).
#[derive(Debug)]
pub struct Head {
    pub source_path: PathBuf,
    pub front: FrontMatter,
    /// The whole file, without a byte order mark.
    text: String,
    /// Where the Markdown body starts in `text`, and on which line.
    body_start: usize,
    body_line: usize,
    warnings: Vec<Diagnostic>,
    /// Where the page goes (see [`Story::url_path`]), once placed.
    pub url_path: String,
}

impl Head {
    /// The story's file and the warnings its front matter gave, for a
    /// story that is not built.
    pub fn into_path_and_warnings(self) -> (PathBuf, Vec<Diagnostic>) {
        (self.source_path, self.warnings)
    }
}

/// Reads the story at `path` and parses its front matter; why it is not a
/// story when the file has neither a title nor any text
/// ([`frontmatter::is_blank_page`]), or, outside Jekyll's `_posts/` and
/// `_drafts/`, no front matter at all (a README, a code of conduct). Every
/// problem found in the front matter is returned, not only the first.
pub fn read(path: &Path, max_bytes: u64) -> Result<Result<Head, NotAStory>, Vec<Diagnostic>> {
    let bytes = read_limited(path, max_bytes).map_err(|d| vec![d])?;
    let text =
        std::str::from_utf8(&bytes).map_err(|e| vec![not_utf8(path, &bytes, e.valid_up_to())])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error("the story file is empty").in_file(path).help(
            "write front matter with a title, then the story, e.g. `+++`, `title = \"Headline\"`, `+++`, then paragraphs",
        )]);
    }
    if frontmatter::is_blank_page(text) {
        return Ok(Err(NotAStory::Blank));
    }
    if !frontmatter::has_front_matter(text) && !is_jekyll(path) {
        return Ok(Err(NotAStory::NoFrontMatter));
    }
    let jekyll = jekyll_name(path);
    let title = jekyll.map(|(_, name)| title_of_slug(name));
    let from_name = FromName {
        title: title.as_deref(),
        date: date_of_name(path),
    };
    let split = frontmatter::parse(path, text, from_name)?;
    // The body is the end of the file.
    let body_start = text.len() - split.body.len();
    let mut front = split.front;
    fill_from_file_name(path, &mut front);
    Ok(Ok(Head {
        source_path: path.to_path_buf(),
        front,
        text: text.to_string(),
        body_start,
        body_line: split.body_line,
        warnings: split.warnings,
        url_path: String::new(),
    }))
}

/// Renders the Markdown of a story read by [`read`] and placed, and
/// inlines its lead image. Every problem found is returned.
pub fn render(
    head: Head,
    settings: &LoadSettings<'_>,
    addresses: &Addresses,
) -> Result<Loaded, Vec<Diagnostic>> {
    let Head {
        source_path,
        front,
        text,
        body_start,
        body_line,
        warnings,
        url_path,
    } = head;
    let path = source_path.as_path();
    let dir = path.parent().unwrap_or(Path::new("."));
    let body_text = text.get(body_start..).unwrap_or("");
    let source = Source {
        text: body_text,
        first_line: body_line,
        path,
        dir,
    };
    let mut errors = Vec::new();
    let mut warnings = warnings;
    let page = Page {
        url_path: &url_path,
        addresses,
    };
    let mut body =
        match settings
            .markdown
            .render_page(&source, &page, front.lang.as_deref(), front.math)
        {
            Ok((body, found)) => {
                warnings.extend(found);
                body
            }
            Err(found) => {
                errors.extend(found);
                Rendered::default()
            }
        };
    let (lead_image, lead_image_file) = match &front.image {
        None => (None, None),
        Some(image) => match lead_image(settings, dir, image) {
            Ok((source, file, note)) => {
                if let Some(note) = note {
                    warnings.push(
                        Diagnostic::warning(format!("lead image: {}", note.message))
                            .in_file(path)
                            .help(note.help),
                    );
                }
                (source, file)
            }
            Err(problem) => {
                let mut d = Diagnostic::error(format!("lead image: {}", problem.message))
                    .in_file(path)
                    .help(problem.help);
                if let Some(offset) = text.find(image.as_str()) {
                    d = d.at(Location::at_offset(&text, offset, 1));
                }
                errors.push(d);
                (None, None)
            }
        },
    };
    let news = if errors.is_empty() {
        crate::newsroom::of_story(
            &front,
            &mut body,
            (body_text, body_line),
            path,
            settings.news,
            &mut warnings,
        )
        .unwrap_or_else(|found| {
            errors.extend(found);
            crate::newsroom::News::default()
        })
    } else {
        crate::newsroom::News::default()
    };
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(errors);
    }
    let story = Story {
        source_path,
        front,
        body,
        lead_image,
        lead_image_file,
        url_path,
        redirects: Vec::new(),
        news,
    };
    Ok((story, warnings))
}

/// The lead image, its file, and a note about it: beside the story, else
/// (Hugo's `images` name files of the site, not of the page) from the
/// site's root.
fn lead_image(
    settings: &LoadSettings<'_>,
    dir: &Path,
    image: &str,
) -> Result<LeadImage, ImageProblem> {
    let resolver = settings.markdown.images();
    let from_root = format!("/{image}");
    let (reference, (source, note)) = if !image.starts_with('/')
        && !crate::images::has_scheme(image)
        && !dir.join(image).exists()
        && (resolver.file_of(dir, &from_root).is_some() || resolver.allows_remote())
    {
        (from_root.clone(), resolver.resolve_noting(dir, &from_root)?)
    } else {
        (image.to_string(), resolver.resolve_noting(dir, image)?)
    };
    let file = if source.src.starts_with("data:") {
        resolver.file_of(dir, &reference)
    } else {
        None
    };
    Ok((Some(source), file, note))
}

/// A lead image, the file it came from, and a note for the story.
type LeadImage = (Option<ImageSource>, Option<PathBuf>, Option<ImageProblem>);

fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Diagnostic> {
    let unreadable =
        |e: std::io::Error| Diagnostic::error(format!("cannot read the story: {e}")).in_file(path);
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > max_bytes {
        return Err(Diagnostic::error(format!(
            "the story is {size} bytes, over the limit of {max_bytes} bytes"
        ))
        .in_file(path)
        .help("split the story, or raise `max_story_bytes` under [limits] in site.toml"));
    }
    std::fs::read(path).map_err(unreadable)
}

fn not_utf8(path: &Path, bytes: &[u8], offset: usize) -> Diagnostic {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_text = String::from_utf8_lossy(&bytes[line_start..])
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    let column = String::from_utf8_lossy(&bytes[line_start..offset])
        .chars()
        .count()
        + 1;
    Diagnostic::error(format!(
        "the story is not valid UTF-8 text: byte {offset} (0x{:02x}) is not part of any UTF-8 character",
        bytes[offset]
    ))
    .in_file(path)
    .at(Location { line, column, line_text })
    .help("save the file as UTF-8 in your editor (it may be Latin-1 or Windows-1252 now)")
}

/// The name of the story at `path`: its file's stem, or its folder's name
/// for a bundle's index.
fn story_name(path: &Path) -> Option<String> {
    let stem = path.file_stem()?;
    let name = if stem == "index" {
        path.parent().and_then(Path::file_name)?
    } else {
        stem
    };
    Some(name.to_string_lossy().into_owned())
}

/// Whether `path` is a Jekyll post or draft.
fn is_jekyll(path: &Path) -> bool {
    is_in(path, "_posts") || is_in(path, "_drafts")
}

/// The date of a Jekyll-named story (`2014-05-06-turns-two.md`, or a
/// bundle's folder so named), wherever it lies in the content folder: the
/// date it takes, with a warning, when its `date` cannot be read.
fn date_of_name(path: &Path) -> Option<chrono::NaiveDate> {
    let name = story_name(path)?;
    date::leading_date(&name)
        .filter(|(_, rest)| !rest.is_empty())
        .map(|(date, _)| date)
}

/// What a story's file name and folder say when its front matter does not:
/// the date (see [`date_from_address`]), and that a story in Jekyll's
/// `_drafts/` is a draft.
fn fill_from_file_name(path: &Path, front: &mut FrontMatter) {
    if front.date.is_none() {
        front.date = date_from_address(path, front);
    }
    front.draft |= is_in(path, "_drafts");
}

/// A title made from a slug as Jekyll makes it: `jekyll-turns-2-0-0` gives
/// "Jekyll Turns 2 0 0".
fn title_of_slug(slug: &str) -> String {
    let words = slug.split('-').filter(|w| !w.is_empty()).map(|word| {
        let mut chars = word.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default()
    });
    words.collect::<Vec<_>>().join(" ")
}

/// The date of a story that gives none, from its address: `path` or
/// `permalink` (`inside-rust/2020/07/27/…`), else its file name
/// (`2014-05-06-…`).
fn date_from_address(path: &Path, front: &FrontMatter) -> Option<StoryDate> {
    let permalink = front
        .extra
        .get("permalink")
        .and_then(serde_json::Value::as_str);
    let from_name = story_name(path).and_then(|name| date::leading_date(&name).map(|(d, _)| d));
    [front.path.as_deref(), permalink]
        .into_iter()
        .flatten()
        .find_map(date::date_in_path)
        .or(from_name)
        .map(StoryDate::Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_posts_give_a_date_a_slug_and_a_title() {
        let post = Path::new("site/_posts/2014-05-06-jekyll-turns-2-0-0.markdown");
        let (date, name) = jekyll_name(post).unwrap();
        assert_eq!(
            (date.map(|d| d.to_string()).as_deref(), name),
            (Some("2014-05-06"), "jekyll-turns-2-0-0")
        );
        assert_eq!(title_of_slug(name), "Jekyll Turns 2 0 0");
        assert_eq!(
            jekyll_name(Path::new("news/2014-05-06-jekyll.md")),
            None,
            "only in _posts/"
        );
        assert_eq!(jekyll_name(Path::new("_posts/notes.md")), None);
        let dated = |p: &str| date_of_name(Path::new(p)).map(|d| d.to_string());
        assert_eq!(
            dated("news/2023-01-29-jekyll.md").as_deref(),
            Some("2023-01-29")
        );
        assert_eq!(
            dated("a/2014-05-06-storm/index.md").as_deref(),
            Some("2014-05-06")
        );
        assert_eq!(
            dated("news/2023-01-29.md"),
            None,
            "a date alone is no Jekyll name"
        );
        assert_eq!(
            jekyll_name(Path::new("site/_drafts/new-ferry.md")),
            Some((None, "new-ferry"))
        );
        let mut front = FrontMatter::default();
        fill_from_file_name(Path::new("site/_drafts/new-ferry.md"), &mut front);
        assert!(front.draft && front.date.is_none());
        let front = FrontMatter::default();
        let date = date_from_address(Path::new("news/2014-05-06-jekyll.md"), &front);
        assert_eq!(date.map(|d| d.iso()).as_deref(), Some("2014-05-06"));
        let date = date_from_address(Path::new("news/2014-05-06-storm/index.md"), &front);
        assert_eq!(date.map(|d| d.iso()).as_deref(), Some("2014-05-06"));
    }

    #[test]
    fn an_address_holding_a_date_dates_the_story() {
        let mut front = FrontMatter {
            path: Some("inside-rust/2020/07/27/1.45.1-prerelease".into()),
            ..FrontMatter::default()
        };
        let date = date_from_address(Path::new("2019-01-01-x.md"), &front);
        assert_eq!(
            date.map(|d| d.iso()).as_deref(),
            Some("2020-07-27"),
            "path before file name"
        );
        front.path = None;
        front
            .extra
            .insert("permalink".into(), "/2014/05/06/turns-two.html".into());
        let date = date_from_address(Path::new("turns-two.md"), &front);
        assert_eq!(date.map(|d| d.iso()).as_deref(), Some("2014-05-06"));
        assert_eq!(
            date_from_address(Path::new("1.0-Timeline.md"), &FrontMatter::default()),
            None
        );
    }
}
