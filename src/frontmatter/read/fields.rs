//! The keys written in more than one form: the title (or one from the
//! file name), the lead image (`image`, an `image` table, Hugo's `images`),
//! the authors (`authors`, `author`, `author: {name}`) and the categories.

use serde_json::{Map, Value};

use super::Reader;
use crate::error::{Diagnostic, Location};
use crate::frontmatter::{Format, FrontMatter, describe};

impl Reader<'_> {
    /// The title; when there is none, `from_name` with a warning, else an error.
    pub(super) fn take_title(&mut self, whole_file: &str, from_name: Option<&str>) -> String {
        let opening_line = if self.format == Format::Json {
            self.block_line
        } else {
            self.block_line - 1
        };
        let example = self.format.example("title", "\"Your headline\"");
        match self.map.remove("title") {
            None => {
                let at = Location::at_line(whole_file, opening_line, 1);
                match from_name {
                    Some(name) => {
                        self.warnings.push(
                            Diagnostic::warning(format!(
                                "the story has no title; it takes \"{name}\" from its file name"
                            ))
                            .at(at)
                            .help(format!(
                                "add `{example}` to the front matter to choose the headline"
                            )),
                        );
                        name.to_string()
                    }
                    None => {
                        self.errors.push(
                            Diagnostic::error("the story has no title")
                                .at(at)
                                .help(format!("add `{example}` to the front matter")),
                        );
                        String::new()
                    }
                }
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                let d = Diagnostic::error("the title is empty")
                    .help("write the headline between the quotes");
                self.error_at_key("title", d);
                String::new()
            }
            Some(Value::String(s)) => s.trim().to_string(),
            Some(other) => {
                let d =
                    Diagnostic::error(format!("the title must be text, not {}", describe(&other)))
                        .help(format!("quote it: {example}"));
                self.error_at_key("title", d);
                String::new()
            }
        }
    }

    /// `image = "lead.jpg"`, `image: { path|src|url, alt, caption }`, or the
    /// first of Hugo's `images: [...]` (which stays for templates).
    pub(super) fn take_image(&mut self, front: &mut FrontMatter) {
        front.image_alt = self.take("image_alt");
        front.image_caption = self.take("image_caption");
        let given = self.map.get("image").is_some_and(|v| !v.is_null());
        let table = match self.map.remove("image") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => {
                front.image = Some(s);
                None
            }
            Some(Value::Object(table)) => Some(table),
            Some(other) => {
                let d = Diagnostic::error(format!(
                    "`image` must be a file name in quotes or a table, not {}",
                    describe(&other)
                ))
                .help(format!(
                    "write {}",
                    self.format.example("image", "\"lead.jpg\"")
                ));
                self.error_at_key("image", d);
                None
            }
        };
        let text = |table: &Map<String, Value>, keys: &[&str]| {
            keys.iter()
                .find_map(|k| table.get(*k).and_then(Value::as_str))
                .map(str::to_string)
        };
        if let Some(table) = table {
            front.image = text(&table, &["path", "src", "url"]);
            if front.image.is_none() {
                let d = Diagnostic::error("the `image` table has no `path`, `src` or `url`").help(
                    format!(
                        "name the file: {}",
                        self.format
                            .example("image", "{ path = \"lead.jpg\", alt = \"What it shows\" }")
                    ),
                );
                self.error_at_key("image", d);
            }
            front.image_alt = front.image_alt.take().or_else(|| text(&table, &["alt"]));
            front.image_caption = front
                .image_caption
                .take()
                .or_else(|| text(&table, &["caption", "title"]));
        }
        if !given {
            let first = match self.map.get("images") {
                Some(Value::Array(items)) => items.first(),
                Some(one) => Some(one),
                None => None,
            };
            front.image = match first {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Object(table)) => text(table, &["path", "src", "url"]),
                _ => None,
            };
        }
    }

    /// `authors = ["A", "B"]` (Zola), or `author = "A"` (Jekyll, Hugo), or
    /// `author: {name: A}`.
    pub(super) fn take_authors(&mut self) -> Vec<String> {
        let mut authors: Vec<String> = self.take("authors").unwrap_or_default();
        if let Some(author) = self.map.remove("author") {
            match author {
                Value::String(s) => authors.push(s),
                Value::Object(ref o) if o.get("name").is_some_and(Value::is_string) => {
                    authors.push(o["name"].as_str().unwrap_or_default().to_string());
                }
                Value::Null => {}
                other => {
                    let d = Diagnostic::error(format!(
                        "`author` must be text, not {}",
                        describe(&other)
                    ))
                    .help("for several authors write authors = [\"A\", \"B\"]");
                    self.error_at_key("author", d);
                }
            }
        }
        authors.retain(|a| !a.trim().is_empty());
        authors
    }

    /// `categories` and `category`, added to the taxonomy `categories`
    /// (each once).
    pub(super) fn take_categories(&mut self, front: &mut FrontMatter) {
        let mut categories = self.take_words("categories").unwrap_or_default();
        categories.extend(self.take_words("category").unwrap_or_default());
        if !categories.is_empty() {
            let kept = front
                .taxonomies
                .entry("categories".to_string())
                .or_default();
            for category in categories {
                if !kept.contains(&category) {
                    kept.push(category);
                }
            }
        }
    }
}
