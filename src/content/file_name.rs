//! What a story's file name and folder say: its name, a Jekyll post's
//! date and title, a draft in `_drafts/`, a date in its address.

use std::path::Path;

use crate::date::{self, StoryDate};
use crate::frontmatter::FrontMatter;
use crate::migrate::jekyll::is_in;

/// The name of the story at `path`: its file's stem, or its folder's name
/// for a bundle's index.
pub(super) fn story_name(path: &Path) -> Option<String> {
    let stem = path.file_stem()?;
    let name = if stem == "index" {
        path.parent().and_then(Path::file_name)?
    } else {
        stem
    };
    Some(name.to_string_lossy().into_owned())
}

/// Whether `path` is a Jekyll post or draft.
pub(super) fn is_jekyll(path: &Path) -> bool {
    is_in(path, "_posts") || is_in(path, "_drafts")
}

/// The date of a Jekyll-named story (`2014-05-06-turns-two.md`, or a
/// bundle's folder so named), wherever it lies in the content folder: the
/// date it takes, with a warning, when its `date` cannot be read.
pub(super) fn date_of_name(path: &Path) -> Option<chrono::NaiveDate> {
    let name = story_name(path)?;
    date::leading_date(&name)
        .filter(|(_, rest)| !rest.is_empty())
        .map(|(date, _)| date)
}

/// What a story's file name and folder say when its front matter does not:
/// the date (see [`date_from_address`]), and that a story in Jekyll's
/// `_drafts/` is a draft.
pub(super) fn fill_from_file_name(path: &Path, front: &mut FrontMatter) {
    if front.date.is_none() {
        front.date = date_from_address(path, front);
    }
    front.draft |= is_in(path, "_drafts");
}

/// A title made from a slug as Jekyll makes it: `jekyll-turns-2-0-0` gives
/// "Jekyll Turns 2 0 0".
pub(super) fn title_of_slug(slug: &str) -> String {
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
pub(super) fn date_from_address(path: &Path, front: &FrontMatter) -> Option<StoryDate> {
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
mod tests;
