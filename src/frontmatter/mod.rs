//! Front matter: the TOML (`+++`, as Zola writes it), YAML (`---`, as
//! Jekyll and Hugo write it) or JSON (`{ … }`, as Hugo reads it) block at
//! the top of a story.
//!
//! Parsing is two steps. The block is first found and read into a generic
//! map ([`split`]), so a syntax error is reported where the parser found it;
//! then each known key is taken out with its own type check ([`read`]), so a
//! wrong type is reported on the line of that key. Keys broadside does not
//! know are kept for templates under `extra`, and a near miss of a known key
//! (`titel`) gets a warning.

mod read;
mod split;
mod title;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::date::StoryDate;
use crate::error::Diagnostic;

pub use read::Shown;

/// Every key broadside reads from front matter: those of the fields a
/// page shows as written ([`Shown::KEYS`]), and [`OTHER_KEYS`].
pub fn known_keys() -> impl Iterator<Item = &'static str> {
    Shown::KEYS.iter().chain(OTHER_KEYS).copied()
}

/// The keys broadside reads besides those of the fields a page shows as
/// written: read in `read/`, each in its own way.
const OTHER_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "lastmod",
    "last_modified_at",
    "modified",
    "corrections",
    "live",
    "live_end",
    "canonical",
    "authors",
    "author",
    "image",
    "images",
    "image_alt",
    "image_caption",
    "tags",
    "categories",
    "category",
    "slug",
    "path",
    "draft",
    "published",
    "expiryDate",
    "lang",
    "taxonomies",
    "extra",
    "toc",
    "math",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
    Json,
}

impl Format {
    fn fence(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
            Format::Json => "}",
        }
    }

    fn example(self, key: &str, value: &str) -> String {
        match self {
            Format::Toml => format!("{key} = {value}"),
            Format::Yaml => format!("{key}: {value}"),
            Format::Json => format!("\"{key}\": {value}"),
        }
    }
}

/// What a story says about itself.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The title as plain text (Markdown taken out), for `<title>`, meta
    /// tags, JSON-LD and links.
    pub title: String,
    /// The title as HTML for the headline: inline Markdown rendered.
    pub title_html: String,
    /// The fields the page shows as written (`description`, `aliases`,
    /// …): the table in `read/shown.rs`.
    pub shown: Shown,
    pub date: Option<StoryDate>,
    /// `updated`, else `lastmod` (Hugo), `last_modified_at` (Jekyll) or `modified`.
    pub updated: Option<StoryDate>,
    /// `[[corrections]]`, oldest first.
    pub corrections: Vec<Correction>,
    /// `live = true`: the story is covered live, its updates under
    /// time-headed `##` headings.
    pub live: bool,
    /// `live_end`: when the live coverage ended.
    pub live_end: Option<StoryDate>,
    /// `canonical`: where the story was first published, when elsewhere.
    pub canonical: Option<String>,
    pub authors: Vec<String>,
    /// `image`, a table's `path`/`src`/`url`, or the first of `images` (Hugo).
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub image_caption: Option<String>,
    pub tags: Vec<String>,
    pub slug: Option<String>,
    pub path: Option<String>,
    pub draft: bool,
    /// `published: false` (Jekyll).
    pub unpublished: bool,
    /// `expiryDate` (Hugo): not built after it.
    pub expiry: Option<StoryDate>,
    pub lang: Option<String>,
    /// `toc = true`: the page shows a table of contents.
    pub toc: bool,
    /// `math = true` or `false`: `$…$` is math, or not, whatever the site says.
    pub math: Option<bool>,
    /// `[taxonomies]` (Zola), with `categories`/`category` (Jekyll, Hugo)
    /// kept under `categories`.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// `[extra]` and every key broadside does not know, for templates.
    pub extra: Map<String, Value>,
    /// Where some keys are written, for messages about them later (`check`).
    pub places: KeyPlaces,
}

/// Where keys of the front matter are written in the story file.
#[derive(Debug, Clone, Default)]
pub struct KeyPlaces {
    /// The lead image (`image`, or Hugo's `images`).
    pub image: Option<crate::error::Location>,
    /// The headline (`title`).
    pub title: Option<crate::error::Location>,
    /// The description (`description`, `summary` or `excerpt`).
    pub description: Option<crate::error::Location>,
    /// The bylines (`authors` or `author`).
    pub authors: Option<crate::error::Location>,
    /// `live_end` (for messages about live coverage).
    pub live_end: Option<crate::error::Location>,
}

/// A correction of the story: when, and what (inline Markdown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub date: StoryDate,
    /// The text as plain text, for JSON-LD.
    pub text: String,
    /// The text as HTML, inline Markdown rendered.
    pub html: String,
}

/// A story file split into its parsed front matter and its Markdown body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Whether `text` (a whole story file) opens, after blank lines, with a
/// front matter block (`+++`, `---` or a JSON object), well formed or not.
pub fn has_front_matter(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .is_some_and(|line| line == "+++" || line == "---" || line.starts_with('{'))
}

/// Whether `text` (a whole story file) has neither a title nor any text:
/// not a story, but a page another generator draws wholly from a template
/// of its own (Zola's `template = "latest.html"`).
pub fn is_blank_page(text: &str) -> bool {
    let Ok(block) = split::split(text) else {
        return false;
    };
    block.body.trim().is_empty()
        && split::parse_block(&block).is_ok_and(|map| !map.contains_key("title"))
}

/// What a story's file name says, as a Jekyll post's does
/// (`_posts/2014-05-06-jekyll-turns-2-0-0.md`): the title a story without
/// one takes, and the date a story whose `date` cannot be read takes, each
/// with a warning. Without them, a missing title or an unreadable date is
/// an error.
#[derive(Debug, Clone, Copy, Default)]
pub struct FromName<'a> {
    pub title: Option<&'a str>,
    pub date: Option<chrono::NaiveDate>,
}

/// Splits `text` (the whole story file at `path`) and parses its front
/// matter, falling back on `from_name`. All problems found are returned,
/// not just the first.
pub fn parse<'a>(
    path: &Path,
    text: &'a str,
    from_name: FromName<'_>,
) -> Result<Split<'a>, Vec<Diagnostic>> {
    let block = split::split(text).map_err(|d| vec![d.in_file(path)])?;
    let map = split::parse_block(&block).map_err(|d| vec![d.in_file(path)])?;
    let mut reader = read::Reader::new(block.format, block.text, block.line, map);
    let front = reader.read(text, from_name);
    let (errors, warnings) = reader.finish();
    let body = block.body;
    let body_line = block.body_line;
    if errors.is_empty() {
        let warnings = warnings.into_iter().map(|d| d.in_file(path)).collect();
        Ok(Split {
            front,
            body,
            body_line,
            warnings,
        })
    } else {
        Err(errors
            .into_iter()
            .chain(warnings)
            .map(|d| d.in_file(path))
            .collect())
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Split<'_> {
        parse(Path::new("s.md"), text, FromName::default()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn errors(text: &str) -> Vec<String> {
        parse(Path::new("s.md"), text, FromName::default())
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_toml_yaml_and_json_alike() {
        let t = ok("+++\ntitle = \"A\"\ndate = 2020-01-04\nauthors = [\"X\"]\n+++\nBody\n");
        let y = ok("---\ntitle: A\ndate: 2020-01-04\nauthor: X\n---\nBody\n");
        let j = ok("{\n\"title\": \"A\",\n\"date\": \"2020-01-04\",\n\"author\": \"X\"\n}\nBody\n");
        for s in [&t, &y, &j] {
            assert_eq!(s.front.title, "A");
            assert_eq!(s.front.date.unwrap().iso(), "2020-01-04");
            assert_eq!(s.front.authors, vec!["X"]);
            assert_eq!(s.body, "Body\n");
            assert_eq!(s.body_line, 6);
        }
    }

    #[test]
    fn finds_front_matter_after_blank_lines() {
        let s = ok("\n\n   \n---\ntitle: A\n---\nBody\n");
        assert_eq!(
            (s.front.title.as_str(), s.body, s.body_line),
            ("A", "Body\n", 7)
        );
        let e = errors("\n\n+++\ntitle = 12\n+++\n");
        assert!(
            e[0].starts_with("s.md:4:1: the title must be text, not a number"),
            "{e:?}"
        );
    }

    #[test]
    fn keeps_unknown_keys_and_warns_on_near_misses() {
        let s =
            ok("+++\ntitle = \"A\"\ndescripton = \"d\"\nmood = \"calm\"\n[extra]\nx = 1\n+++\n");
        assert_eq!(s.front.extra["descripton"], "d");
        assert_eq!(s.front.extra["mood"], "calm");
        assert_eq!(s.front.extra["x"], 1);
        assert_eq!(s.warnings.len(), 1);
        let w = s.warnings[0].to_string();
        assert!(
            w.contains("s.md:3:1") && w.contains("did you mean `description`"),
            "{w}"
        );
    }

    #[test]
    fn points_at_the_line_of_a_wrong_type() {
        let e = errors("+++\ndate = 2020-01-04\ntitle = 12\n+++\n");
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("s.md:3:1: the title must be text, not a number"),
            "{e:?}"
        );
        let e = errors("{\n  \"title\": \"A\",\n  \"draft\": \"no\"\n}\n");
        assert!(
            e[0].starts_with("s.md:3:3: `draft` must be true or false, not text"),
            "{e:?}"
        );
    }

    #[test]
    fn reports_every_problem_at_once() {
        let e = errors("---\ndate: someday\ndraft: maybe\n---\n");
        assert_eq!(e.len(), 3, "{e:?}");
    }

    #[test]
    fn toml_syntax_error_has_file_line() {
        let e = errors("+++\ntitle = \"A\"\ndate = = 1\n+++\n");
        assert!(e[0].starts_with("s.md:3:"), "{e:?}");
    }

    #[test]
    fn unclosed_front_matter() {
        let e = errors("+++\ntitle = \"A\"\n");
        assert!(e[0].contains("never closes"), "{e:?}");
    }

    #[test]
    fn a_missing_title_can_come_from_the_file_name() {
        let from_name = FromName {
            title: Some("Jekyll Turns 2"),
            date: None,
        };
        let s = parse(Path::new("s.md"), "---\ndate: 2020-01-04\n---\n", from_name).unwrap();
        assert_eq!(
            (s.front.title.as_str(), s.front.title_html.as_str()),
            ("Jekyll Turns 2", "Jekyll Turns 2")
        );
        assert_eq!(s.warnings.len(), 1);
        let w = s.warnings[0].to_string();
        assert!(
            w.contains(
                "s.md:1:1: the story has no title; it takes \"Jekyll Turns 2\" from its file name"
            ),
            "{w}"
        );
    }

    #[test]
    fn an_unreadable_date_falls_back_on_the_file_name() {
        let text = "---\ntitle: Jekyll 3.9.3\ndate: 2023-01-29 18:30:22 2023 -0800\n---\n";
        let date = chrono::NaiveDate::from_ymd_opt(2023, 1, 29);
        let s = parse(Path::new("s.md"), text, FromName { title: None, date }).unwrap();
        assert_eq!(s.front.date.map(|d| d.iso()).as_deref(), Some("2023-01-29"));
        let w = s.warnings[0].to_string();
        assert!(w.contains("s.md:3:1: `date` is not a valid date: \"2023-01-29 18:30:22 2023 -0800\"; the story takes 2023-01-29 from its file name"), "{w}");
        let e = errors(text);
        assert!(
            e[0].contains("s.md:3:1: `date` is not a valid date"),
            "without a date in the file name it stays an error: {e:?}"
        );
    }
}
