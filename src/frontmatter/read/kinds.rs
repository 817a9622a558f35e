//! Keys taken as one kind of value each: a date (or the file name's), the
//! flag `published: false`, a list of words.

use serde_json::Value;

use super::Reader;
use crate::date::{DATE_HELP, StoryDate};
use crate::error::Diagnostic;
use crate::frontmatter::describe;

impl Reader<'_> {
    pub(super) fn take_date(&mut self, key: &str) -> Option<StoryDate> {
        self.take_date_or(key, None)
    }

    /// Takes `key` as a date; one that cannot be read is an error, unless
    /// the file name gives a `fallback` (then a warning, and the fallback).
    pub(super) fn take_date_or(
        &mut self,
        key: &str,
        fallback: Option<chrono::NaiveDate>,
    ) -> Option<StoryDate> {
        let location = self.key_location(key);
        let text: String = self.take(key)?;
        if let Some(date) = StoryDate::parse(&text) {
            return Some(date);
        }
        let message = format!("`{key}` is not a valid date: \"{text}\"");
        match fallback {
            Some(date) => {
                let mut d = Diagnostic::warning(format!(
                    "{message}; the story takes {date} from its file name"
                ))
                .help(format!(
                    "{DATE_HELP}; the file name gives the day but not the time"
                ));
                if let Some(at) = location {
                    d = d.at(at);
                }
                self.warnings.push(d);
                Some(StoryDate::Date(date))
            }
            None => {
                self.error_at_key(key, Diagnostic::error(message).help(DATE_HELP));
                None
            }
        }
    }

    /// `published: false` (Jekyll). Any other `published` (Hugo's date of
    /// publication) is left for templates.
    pub(super) fn take_unpublished(&mut self) -> bool {
        match self.map.get("published") {
            Some(Value::Bool(published)) => {
                let unpublished = !published;
                self.map.remove("published");
                unpublished
            }
            _ => false,
        }
    }

    /// A list of text, or one text of words separated by spaces or commas
    /// (`tags: harbour storm`, as Jekyll reads it).
    pub(super) fn take_words(&mut self, key: &str) -> Option<Vec<String>> {
        let value = self.map.remove(key)?;
        let items = match value {
            Value::Null => return None,
            Value::String(s) => {
                let words = s
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|w| !w.is_empty());
                return Some(words.map(str::to_string).collect());
            }
            Value::Array(items) => items,
            other => {
                let d = Diagnostic::error(format!(
                    "`{key}` must be a list of text, e.g. [\"a\", \"b\"], not {}",
                    describe(&other)
                ))
                .help(format!(
                    "write it as {}",
                    self.format.example(key, "[\"a\", \"b\"]")
                ));
                self.error_at_key(key, d);
                return None;
            }
        };
        if let Some(bad) = items.iter().find(|item| !item.is_string()) {
            let quoted: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Value::String(s) => format!("{s:?}"),
                    other => format!("\"{other}\""),
                })
                .collect();
            let d = Diagnostic::error(format!(
                "`{key}` must be a list of text, but `{bad}` in it is {}",
                describe(bad)
            ))
            .help(format!(
                "quote each item: {}",
                self.format
                    .example(key, &format!("[{}]", quoted.join(", ")))
            ));
            self.error_at_key(key, d);
            return None;
        }
        Some(
            items
                .into_iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect(),
        )
    }
}
