//! What a story's file name and folder say: its name, a Jekyll post's
//! date and title, a draft in `_drafts/`, a date in its address.

use crate::date::{self, StoryDate};
use crate::file_info::FileInfo;
use crate::frontmatter::FrontMatter;

/// What a story's file name and folder say when its front matter does not:
/// the date (see [`date_from_address`]), and that a story in Jekyll's
/// `_drafts/` is a draft.
pub(super) fn fill_from_file_name(file: &FileInfo, front: &mut FrontMatter) {
    if front.date.is_none() {
        front.date = date_from_address(file, front);
    }
    front.draft |= file.is_jekyll_draft();
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
pub(super) fn date_from_address(file: &FileInfo, front: &FrontMatter) -> Option<StoryDate> {
    let permalink = front
        .extra
        .get("permalink")
        .and_then(serde_json::Value::as_str);
    let from_name = file.name_date.as_ref().map(|(d, _)| *d);
    [front.path.as_deref(), permalink]
        .into_iter()
        .flatten()
        .find_map(date::date_in_path)
        .or(from_name)
        .map(StoryDate::Date)
}

#[cfg(test)]
mod tests;
