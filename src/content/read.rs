//! Reading a story file: its bytes (within the size limit, as UTF-8) and
//! its front matter, into a [`Head`] that is not yet rendered.

use std::path::Path;

use super::Head;
use super::file_name::{fill_from_file_name, title_of_slug};
use crate::error::{Diagnostic, Location};
use crate::file_info::FileInfo;
use crate::frontmatter::{self, FromName};
use crate::unbuilt::NotAStory;

/// Reads the story `file` and parses its front matter; why it is not a
/// story when the file has neither a title nor any text
/// ([`frontmatter::is_blank_page`]), or, outside Jekyll's `_posts/` and
/// `_drafts/`, no front matter at all (a README, a code of conduct). Every
/// problem found in the front matter is returned, not only the first.
pub fn read(file: &FileInfo, max_bytes: u64) -> Result<Result<Head, NotAStory>, Vec<Diagnostic>> {
    let path = file.path.as_path();
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
    if !frontmatter::has_front_matter(text) && !file.is_jekyll() {
        return Ok(Err(NotAStory::NoFrontMatter));
    }
    let title = file.jekyll_name().map(|(_, name)| title_of_slug(name));
    let from_name = FromName {
        title: title.as_deref(),
        date: file.dated_name().map(|(date, _)| date),
    };
    let split = frontmatter::parse(path, text, from_name)?;
    // The body is the end of the file.
    let body_start = text.len() - split.body.len();
    let mut front = split.front;
    fill_from_file_name(file, &mut front);
    Ok(Ok(Head {
        file: file.clone(),
        front,
        text: text.to_string(),
        body_start,
        body_line: split.body_line,
        warnings: split.warnings,
        url_path: String::new(),
    }))
}

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
