//! Taking the known keys out of a parsed front matter map, one by one, each
//! with its own type check, in the forms Zola, Jekyll and Hugo write them.
//!
//! This file holds the reader and what every key's reading shares (the
//! type check, where a key is written, the near-miss warning); one kind of
//! value each is `kinds.rs`, the keys of many forms `fields.rs`, the
//! newsroom's keys `news.rs`.

mod fields;
mod kinds;
mod news;
mod shown;

pub use shown::Shown;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Format, FromName, FrontMatter, KeyPlaces, describe, known_keys, title};
use crate::error::{Diagnostic, Location};

/// Keys other generators write that carry nothing for a one-page story;
/// kept under `extra` like any unknown key, but never warned about.
const QUIET_KEYS: &[&str] = &["template", "weight", "layout", "in_search_index"];

/// Takes the known keys out of the parsed map, collecting problems.
pub(crate) struct Reader<'a> {
    format: Format,
    block: &'a str,
    block_line: usize,
    map: Map<String, Value>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(
        format: Format,
        block: &'a str,
        block_line: usize,
        map: Map<String, Value>,
    ) -> Self {
        Reader {
            format,
            block,
            block_line,
            map,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The errors and the warnings found.
    pub(crate) fn finish(self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        (self.errors, self.warnings)
    }

    pub(crate) fn read(&mut self, whole_file: &str, from_name: FromName<'_>) -> FrontMatter {
        let title = title::render(&self.take_title(whole_file, from_name.title));
        let places = KeyPlaces {
            image: ["image", "images"]
                .iter()
                .find_map(|key| self.key_location(key)),
            title: self.key_location("title"),
            description: ["description", "summary", "excerpt"]
                .iter()
                .find_map(|key| self.key_location(key)),
            authors: ["authors", "author"]
                .iter()
                .find_map(|key| self.key_location(key)),
            live_end: self.key_location("live_end"),
        };
        let mut front = FrontMatter {
            places,
            title: title.plain,
            title_html: title.html,
            shown: Shown::read(self),
            date: self.take_date_or("date", from_name.date),
            slug: self.take("slug"),
            path: self.take("path"),
            draft: self.take("draft").unwrap_or(false),
            unpublished: self.take_unpublished(),
            expiry: self
                .take_date("expiryDate")
                .or_else(|| self.take_date("expirydate")),
            lang: self.take("lang"),
            taxonomies: self.take("taxonomies").unwrap_or_default(),
            toc: self.take("toc").unwrap_or(false),
            math: self.take("math"),
            ..FrontMatter::default()
        };
        self.take_updated(&mut front);
        front.corrections = self.take_corrections();
        self.take_live_and_canonical(&mut front);
        self.take_image(&mut front);
        front.authors = self.take_authors();
        front.tags = self
            .take_words("tags")
            .or_else(|| front.taxonomies.get("tags").cloned())
            .unwrap_or_default();
        self.take_categories(&mut front);
        front.extra = self.take::<Map<String, Value>>("extra").unwrap_or_default();
        for (key, value) in std::mem::take(&mut self.map) {
            self.warn_if_near_miss(&key);
            front.extra.entry(key).or_insert(value);
        }
        front
    }

    /// Takes `key` as a `T`; a value of the wrong type is an error at its line.
    fn take<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        let value = self.map.remove(key)?;
        if value.is_null() {
            return None;
        }
        match serde_json::from_value::<T>(value.clone()) {
            Ok(v) => Some(v),
            Err(_) => {
                let expected = std::any::type_name::<T>();
                let wanted = if expected.contains("Vec") {
                    "a list of text, e.g. [\"a\", \"b\"]"
                } else if expected.contains("bool") {
                    "true or false"
                } else if expected.contains("Map") {
                    "a table of keys and values"
                } else {
                    "text in quotes"
                };
                let d = Diagnostic::error(format!(
                    "`{key}` must be {wanted}, not {}",
                    describe(&value)
                ));
                self.error_at_key(key, d);
                None
            }
        }
    }

    fn warn_if_near_miss(&mut self, key: &str) {
        // Known keys left in the map are kept on purpose (`images`, a second
        // description such as `summary`).
        if QUIET_KEYS.contains(&key) || known_keys().any(|known| known == key) {
            return;
        }
        let nearest = known_keys()
            .map(|known| (strsim::damerau_levenshtein(key, known), known))
            .filter(|(distance, known)| *distance > 0 && *distance <= (known.len() / 4).max(1))
            .min();
        if let Some((_, known)) = nearest {
            let d = Diagnostic::warning(format!("unknown front matter key `{key}`: did you mean `{known}`?"))
                .help(format!("it is kept for templates as `extra.{key}`; rename it to `{known}` if that is what you meant"));
            let d = match self.key_location(key) {
                Some(at) => d.at(at),
                None => d,
            };
            self.warnings.push(d);
        }
    }

    fn error_at_key(&mut self, key: &str, d: Diagnostic) {
        let d = match self.key_location(key) {
            Some(at) => d.at(at),
            None => d,
        };
        self.errors.push(d);
    }

    /// The line where a top-level `key` is written, for pointing at it.
    fn key_location(&self, key: &str) -> Option<Location> {
        let mut offset = 0;
        for line in self.block.split_inclusive('\n') {
            if self.format == Format::Toml && line.trim_start().starts_with('[') {
                return None;
            }
            let top_level = self.format != Format::Yaml || !line.starts_with([' ', '\t']);
            let rest = line.trim_start();
            let rest = rest
                .strip_prefix(key)
                .or_else(|| rest.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| rest.strip_prefix(&format!("'{key}'")));
            if let Some(rest) = rest
                && top_level
                && rest.trim_start().starts_with(['=', ':'])
            {
                let column_offset = line.len() - line.trim_start().len();
                return Some(Location::at_offset(
                    self.block,
                    offset + column_offset,
                    self.block_line,
                ));
            }
            offset += line.len();
        }
        None
    }
}

#[cfg(test)]
mod tests;
