//! Stories on disk: finding them in the content folder and loading each one
//! into a [`Story`] (front matter parsed, Markdown rendered, images inlined).
//!
//! A story is a `.md` file, or a folder `NAME/` holding `index.md` with its
//! images beside it (a Zola page bundle). Files and folders whose names start
//! with `.` or `_` (such as Zola's `_index.md`) are not stories.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Location};
use crate::frontmatter::{self, FrontMatter};
use crate::images::ImageSource;
use crate::markdown::{MarkdownRenderer, Rendered, Source};

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
}

/// Finds every story file under `content_dir`, in a stable order.
pub fn discover(content_dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if !content_dir.is_dir() {
        let what = if content_dir.exists() { "is not a folder" } else { "does not exist" };
        return Err(Diagnostic::error(format!("the content folder `{}` {what}", content_dir.display()))
            .help("run broadside from the folder that holds content/, pass --content DIR, or make a new site with `broadside init`"));
    }
    let mut found = Vec::new();
    walk(content_dir, &mut found).map_err(|e| {
        Diagnostic::error(format!("cannot read the content folder: {e}")).in_file(content_dir)
    })?;
    if found.is_empty() {
        return Err(Diagnostic::error(format!(
            "the content folder `{}` holds no story",
            content_dir.display()
        ))
        .help("add a Markdown file such as content/story.md that starts with front matter holding a title"));
    }
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(['.', '_']) {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() || path.is_dir() {
            let index = path.join("index.md");
            if index.is_file() {
                found.push(index);
            } else {
                walk(&path, found)?;
            }
        } else if name.ends_with(".md") {
            found.push(path);
        }
    }
    Ok(())
}

/// The settings that decide how a story is loaded.
pub struct LoadSettings<'a> {
    pub markdown: &'a MarkdownRenderer,
    pub max_bytes: u64,
}

/// A story with the warnings found while loading it.
pub type Loaded = (Story, Vec<Diagnostic>);

/// Reads, checks and renders the story at `path`. Every problem found in it
/// is returned, not only the first.
pub fn load(path: &Path, settings: &LoadSettings<'_>) -> Result<Loaded, Vec<Diagnostic>> {
    let bytes = read_limited(path, settings.max_bytes).map_err(|d| vec![d])?;
    let text = std::str::from_utf8(&bytes).map_err(|e| vec![not_utf8(path, &bytes, e.valid_up_to())])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error("the story file is empty").in_file(path).help(
            "write front matter with a title, then the story, e.g. `+++`, `title = \"Headline\"`, `+++`, then paragraphs",
        )]);
    }
    let split = frontmatter::parse(path, text)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let source = Source { text: split.body, first_line: split.body_line, path, dir };
    let mut errors = Vec::new();
    let mut warnings = split.warnings;
    let body = match settings.markdown.render(&source) {
        Ok((body, found)) => {
            warnings.extend(found);
            body
        }
        Err(found) => {
            errors.extend(found);
            Rendered::default()
        }
    };
    let front = split.front;
    let (lead_image, lead_image_file) = match &front.image {
        None => (None, None),
        Some(image) => match settings.markdown.images().resolve(dir, image) {
            Ok(source) => {
                let file = (!source.src.starts_with("http")).then(|| dir.join(image));
                (Some(source), file)
            }
            Err(problem) => {
                let mut d = Diagnostic::error(format!("lead image: {}", problem.message))
                    .in_file(path)
                    .help(problem.help);
                if let Some(offset) = text.find(image.as_str()) {
                    d = d.at(Location::at_offset(text, offset, 1));
                }
                errors.push(d);
                (None, None)
            }
        },
    };
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(errors);
    }
    let story = Story {
        source_path: path.to_path_buf(),
        front,
        body,
        lead_image,
        lead_image_file,
        url_path: String::new(),
    };
    Ok((story, warnings))
}

fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Diagnostic> {
    let unreadable = |e: std::io::Error| Diagnostic::error(format!("cannot read the story: {e}")).in_file(path);
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
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line_text = String::from_utf8_lossy(&bytes[line_start..]).lines().next().unwrap_or("").to_string();
    let column = String::from_utf8_lossy(&bytes[line_start..offset]).chars().count() + 1;
    Diagnostic::error(format!(
        "the story is not valid UTF-8 text: byte {offset} (0x{:02x}) is not part of any UTF-8 character",
        bytes[offset]
    ))
    .in_file(path)
    .at(Location { line, column, line_text })
    .help("save the file as UTF-8 in your editor (it may be Latin-1 or Windows-1252 now)")
}

/// The address a story asks for: `path`, else `slug`, else its file name
/// (or its folder's, for a bundle). Returns a relative path ending in `/`.
pub fn url_path_for(story: &Story) -> Result<String, Diagnostic> {
    if let Some(path) = &story.front.path {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if segments.iter().any(|s| *s == ".." || *s == "." || s.contains('\\')) {
            return Err(Diagnostic::error(format!("`path` \"{path}\" may not contain `.` or `..` segments"))
                .in_file(&story.source_path)
                .help("write the address below the site root, e.g. path = \"2020/01/my-story\""));
        }
        if !segments.is_empty() {
            return Ok(format!("{}/", segments.join("/")));
        }
    }
    let name = match &story.front.slug {
        Some(slug) => slug.clone(),
        None => {
            let p = &story.source_path;
            let stem = if p.file_name().is_some_and(|n| n == "index.md") {
                p.parent().and_then(Path::file_name)
            } else {
                p.file_stem()
            };
            stem.map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
        }
    };
    let slug = slug::slugify(&name);
    let slug = if slug.is_empty() { "story".to_string() } else { slug };
    Ok(format!("{slug}/"))
}
