//! The newsroom's keys of the front matter: when a story was last changed
//! (`updated`, or Hugo's `lastmod`, Jekyll's `last_modified_at`,
//! `modified`), its `[[corrections]]`, whether it is covered `live` (and
//! until when, `live_end`), and the `canonical` address of a story first
//! published elsewhere.

use serde_json::Value;

use super::Reader;
use crate::date::{DATE_HELP, StoryDate};
use crate::error::{Diagnostic, Location};
use crate::frontmatter::{Correction, FrontMatter, describe, title};

/// The names `updated` goes by in other generators, in the order taken.
pub(crate) const UPDATED_KEYS: &[&str] = &["updated", "lastmod", "last_modified_at", "modified"];

impl Reader<'_> {
    /// `updated` or one of its other names; a warning when it is earlier
    /// than `date`.
    pub(super) fn take_updated(&mut self, front: &mut FrontMatter) {
        for key in UPDATED_KEYS {
            let location = self.key_location(key);
            let Some(updated) = self.take_date(key) else {
                continue;
            };
            if front.updated.is_some() {
                continue;
            }
            if let Some(date) = front.date
                && updated.timestamp() < date.timestamp()
            {
                let mut d = Diagnostic::warning(format!(
                    "`{key}` ({}) is earlier than `date` ({})",
                    updated.iso(),
                    date.iso()
                ))
                .help("a story is updated after it is published: check both dates");
                if let Some(at) = location {
                    d = d.at(at);
                }
                self.warnings.push(d);
            }
            front.updated = Some(updated);
        }
    }

    /// `live = true`, `live_end` and `canonical`.
    pub(super) fn take_live_and_canonical(&mut self, front: &mut FrontMatter) {
        front.live = self.take("live").unwrap_or(false);
        front.live_end = self.take_date("live_end");
        let location = self.key_location("canonical");
        front.canonical = self.take::<String>("canonical").and_then(|url| {
            match crate::config::check_http_url(&url) {
                Ok(_) => Some(url),
                Err(why) => {
                    let mut d = Diagnostic::error(format!(
                        "`canonical` `{}` is not an absolute http(s) URL: {why}",
                        url.escape_debug()
                    ))
                    .help("write the address where the story was first published, e.g. canonical = \"https://partner.example/story/\"");
                    if let Some(at) = location {
                        d = d.at(at);
                    }
                    self.errors.push(d);
                    None
                }
            }
        });
    }

    /// `[[corrections]]`: each with a `date` and a `text`.
    pub(super) fn take_corrections(&mut self) -> Vec<Correction> {
        let Some(value) = self.map.remove("corrections") else {
            return Vec::new();
        };
        let items = match value {
            Value::Null => return Vec::new(),
            Value::Array(items) => items,
            other => {
                let d = Diagnostic::error(format!(
                    "`corrections` must be a list of tables, not {}",
                    describe(&other)
                ))
                .help(CORRECTION_HELP);
                self.error_at_key("corrections", d);
                return Vec::new();
            }
        };
        let mut corrections = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match self.correction(i, item) {
                Ok(c) => corrections.push(c),
                Err(d) => self.errors.push(d),
            }
        }
        corrections.sort_by_key(|c| c.date.timestamp());
        corrections
    }

    fn correction(&self, i: usize, item: &Value) -> Result<Correction, Diagnostic> {
        let at = |d: Diagnostic, needle: Option<&str>| match self.correction_location(i, needle) {
            Some(at) => d.at(at),
            None => d,
        };
        let n = i + 1;
        let Value::Object(table) = item else {
            let d = Diagnostic::error(format!(
                "correction {n} must be a table with `date` and `text`, not {}",
                describe(item)
            ));
            return Err(at(d.help(CORRECTION_HELP), None));
        };
        let date_text = table.get("date").and_then(Value::as_str);
        let Some(date) = date_text.and_then(StoryDate::parse) else {
            let d = match date_text {
                Some(text) => Diagnostic::error(format!(
                    "correction {n} has a date that is not valid: \"{text}\""
                )),
                None => Diagnostic::error(format!("correction {n} has no `date`")),
            };
            return Err(at(d.help(DATE_HELP), date_text.or(Some("date"))));
        };
        let text = table.get("text").and_then(Value::as_str).unwrap_or("");
        if text.trim().is_empty() {
            let d = Diagnostic::error(format!("correction {n} has no `text`"))
                .help("say what was wrong and what is right, e.g. text = \"An earlier version gave the wrong year.\"");
            return Err(at(d, Some(date_text.unwrap_or("date"))));
        }
        if let Some(key) = table
            .keys()
            .find(|k| !matches!(k.as_str(), "date" | "text"))
        {
            let d = Diagnostic::error(format!("correction {n} has an unknown key `{key}`"))
                .help(CORRECTION_HELP);
            return Err(at(d, Some(key)));
        }
        let rendered = title::render(text.trim());
        Ok(Correction {
            date,
            text: rendered.plain,
            html: rendered.html,
        })
    }

    /// Where correction `i` is written: the `needle` after the `i`-th
    /// mention of `corrections`, or after the key itself.
    fn correction_location(&self, i: usize, needle: Option<&str>) -> Option<Location> {
        let starts: Vec<usize> = self
            .block
            .match_indices("corrections")
            .map(|(at, _)| at)
            .collect();
        // TOML writes `[[corrections]]` once per entry; YAML and JSON once.
        let start = *starts.get(i).or(starts.first())?;
        let skip = if starts.len() > i { 0 } else { i };
        let offset = match needle {
            Some(needle) => {
                start
                    + self.block[start..]
                        .match_indices(needle)
                        .nth(skip)
                        .map(|(at, _)| at)?
            }
            None => start,
        };
        Some(Location::at_offset(self.block, offset, self.block_line))
    }
}

const CORRECTION_HELP: &str = "write each correction as [[corrections]] with date = 2031-06-02 and text = \"An earlier version …\" (YAML: corrections: [{date: 2031-06-02, text: …}])";

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::frontmatter::{FromName, parse};

    #[test]
    fn updated_under_its_other_names_and_before_date() {
        for key in ["updated", "lastmod", "last_modified_at", "modified"] {
            let text =
                format!("---\ntitle: A\ndate: 2031-06-01\n{key}: 2031-06-02T10:00:00Z\n---\n");
            let s = parse(Path::new("s.md"), &text, FromName::default()).unwrap();
            assert_eq!(
                s.front.updated.map(|d| d.iso()).as_deref(),
                Some("2031-06-02T10:00:00Z")
            );
            assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        }
        let text = "+++\ntitle = \"A\"\ndate = 2031-06-02\nupdated = 2031-06-01\n+++\n";
        let s = parse(Path::new("s.md"), text, FromName::default()).unwrap();
        let w = s.warnings[0].to_string();
        assert!(
            w.starts_with("s.md:4:1: `updated` (2031-06-01) is earlier than `date` (2031-06-02)"),
            "{w}"
        );
    }

    #[test]
    fn corrections_in_toml_and_yaml() {
        let text = "+++\ntitle = \"A\"\n[[corrections]]\ndate = 2031-06-02T09:00:00Z\ntext = \"The ferry is *blue*.\"\n[[corrections]]\ndate = 2031-06-01\ntext = \"First.\"\n+++\n";
        let s = parse(Path::new("s.md"), text, FromName::default()).unwrap();
        let c = &s.front.corrections;
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].text.as_str(), c[1].html.as_str()),
            ("First.", "The ferry is <em>blue</em>.")
        );
        let yaml = "---\ntitle: A\ncorrections:\n  - date: 2031-06-01\n    text: One.\n---\n";
        let s = parse(Path::new("s.md"), yaml, FromName::default()).unwrap();
        assert_eq!(s.front.corrections[0].date.iso(), "2031-06-01");
    }

    #[test]
    fn a_correction_without_a_valid_date_is_an_error_at_its_line() {
        let errors = |text: &str| -> Vec<String> {
            parse(Path::new("s.md"), text, FromName::default())
                .unwrap_err()
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        let e = errors(
            "+++\ntitle = \"A\"\n[[corrections]]\ndate = 2031-06-01\ntext = \"x\"\n[[corrections]]\ndate = \"June\"\ntext = \"y\"\n+++\n",
        );
        assert!(
            e[0].starts_with("s.md:7:9: correction 2 has a date that is not valid: \"June\""),
            "{e:?}"
        );
        let e = errors("---\ntitle: A\ncorrections:\n  - text: y\n---\n");
        assert!(e[0].contains("correction 1 has no `date`"), "{e:?}");
        let e = errors("---\ntitle: A\ncorrections:\n  - date: 2031-13-01\n    text: y\n---\n");
        assert!(
            e[0].starts_with("s.md:4:11: correction 1 has a date that is not valid"),
            "{e:?}"
        );
    }

    #[test]
    fn canonical_must_be_absolute() {
        let e = parse(
            Path::new("s.md"),
            "---\ntitle: A\ncanonical: /x/\n---\n",
            FromName::default(),
        )
        .unwrap_err();
        assert!(
            e[0].to_string()
                .starts_with("s.md:3:1: `canonical` `/x/` is not an absolute http(s) URL"),
            "{e:?}"
        );
    }
}
