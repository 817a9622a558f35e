//! The page's own words ("Share this article:", "More from", "min read",
//! the share and footnote labels, …) in each language broadside knows, and
//! the `[strings]` table of site.toml that overrides any of them.
//!
//! A phrase may hold `{site}` (the outlet's name), `{minutes}` or
//! `{authors}`; the page fills them in. A language not in the table gets
//! English; a regional tag gets its language's words (`de-AT`: `de`), and
//! Traditional Chinese its own.
//!
//! The phrases themselves are in `latin_script.rs` and `other_scripts.rs`,
//! a table of every phrase for each language.

use serde::{Deserialize, Serialize};

use super::Lang;

mod latin_script;
mod other_scripts;

use latin_script::{DE, EN, ES, FR, IT, NL, PL, PT, TR};
use other_scripts::{AR, HE, HI, JA, KO, RU, ZH, ZH_HANT};

macro_rules! strings {
    ($($(#[doc = $doc:literal])* $field:ident,)*) => {
        /// Every phrase of the page, in one language.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        pub struct Strings {
            $($(#[doc = $doc])* pub $field: String,)*
        }

        /// `[strings]` in site.toml: any phrase, in the site's own words.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct StringsConfig {
            $($(#[doc = $doc])* #[serde(skip_serializing_if = "Option::is_none")] pub $field: Option<String>,)*
        }

        struct Builtin {
            $($field: &'static str,)*
        }

        impl Strings {
            fn from_builtin(b: &Builtin, overrides: &StringsConfig) -> Strings {
                Strings { $($field: overrides.$field.clone().unwrap_or_else(|| b.$field.to_string()),)* }
            }
        }
    };
}

strings! {
    /// The share bar's heading, before the story's title.
    share_this_article,
    /// The "More from" footer's heading; `{site}`.
    more_from,
    /// `{minutes}`.
    reading_time,
    /// The colophon; `{site}`.
    published_by,
    /// The byline; `{authors}`.
    by,
    /// Before the date of the last update.
    updated,
    /// Between authors' names.
    list_separator,
    /// The email share link.
    email,
    /// The front page's heading.
    latest_stories,
    /// The front page's description; `{site}`.
    latest_stories_from,
    /// The label of a footnote's link back.
    back_to_text,
    /// Labels of task list boxes.
    done,
    not_done,
    /// The skip link, to the story past the masthead.
    skip_to_story,
    /// The table of contents' heading.
    contents,
    /// The tags' heading, under a story and on the page of all tags.
    tags,
    /// The paging links of listing pages.
    newer,
    older,
    /// After a listing page's title; `{page}`.
    page_number,
    /// Where a listing page stands; `{page}`, `{pages}`.
    page_of,
    /// The paging links' label.
    pages,
    /// The archive's heading, and the link to it.
    archive,
    /// The link to the page of all tags.
    all_tags,
    /// A tag page's heading; `{tag}`.
    stories_tagged,
    /// An archive year's heading; `{year}`.
    stories_from_year,
    /// The archive's heading for stories with no date.
    undated,
    /// Before the date of a correction.
    correction,
    /// The heading of a story's corrections.
    corrections,
    /// The mark of a story covered live.
    live,
    /// Said of live coverage that has ended, before the time it ended.
    live_ended,
    /// An author page's heading; `{author}`.
    stories_by,
    /// The heading of the page a missing address answers with (`404.html`).
    not_found,
    /// What that page says.
    not_found_text,
}

impl Strings {
    /// The phrases of `lang`, with the site's overrides.
    pub fn new(lang: &Lang, overrides: &StringsConfig) -> Strings {
        Strings::from_builtin(builtin(lang), overrides)
    }
}

impl Default for Strings {
    fn default() -> Self {
        Strings::from_builtin(&EN, &StringsConfig::default())
    }
}

fn builtin(lang: &Lang) -> &'static Builtin {
    match lang.language.as_str() {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        "it" => &IT,
        "pt" => &PT,
        "nl" => &NL,
        "pl" => &PL,
        "ru" => &RU,
        "tr" => &TR,
        "ar" => &AR,
        "he" | "iw" => &HE,
        "ja" => &JA,
        "zh" if lang.is_traditional_chinese() => &ZH_HANT,
        "zh" => &ZH,
        "ko" => &KO,
        "hi" => &HI,
        _ => &EN,
    }
}

/// The languages with built-in phrases.
#[cfg(test)]
pub const LANGUAGES: &[&str] = &[
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "tr", "ar", "he", "ja", "zh", "zh-Hant",
    "ko", "hi",
];

/// `phrase` with `{name}` replaced by `value`.
pub fn fill(phrase: &str, name: &str, value: &str) -> String {
    phrase.replace(&format!("{{{name}}}"), value)
}

#[cfg(test)]
mod tests;
