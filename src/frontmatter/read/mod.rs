//! Taking the known keys out of a parsed front matter map, one by one, each
//! with its own type check, in the forms Zola, Jekyll and Hugo write them.

mod news;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Format, FromName, FrontMatter, KNOWN_KEYS, KeyPlaces, describe, title};
use crate::date::{DATE_HELP, StoryDate};
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
            date: self.key_location("date"),
        };
        let mut front = FrontMatter {
            places,
            title: title.plain,
            title_html: title.html,
            description: self
                .take("description")
                .or_else(|| self.take("summary"))
                .or_else(|| self.take("excerpt")),
            date: self.take_date_or("date", from_name.date),
            slug: self.take("slug"),
            path: self.take("path"),
            draft: self.take("draft").unwrap_or(false),
            unpublished: self.take_unpublished(),
            expiry: self
                .take_date("expiryDate")
                .or_else(|| self.take_date("expirydate")),
            lang: self.take("lang"),
            aliases: self.take("aliases").unwrap_or_default(),
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
        if let Some(desc) = &front.description
            && desc.trim().is_empty()
        {
            front.description = None;
        }
        front.extra = self.take::<Map<String, Value>>("extra").unwrap_or_default();
        for (key, value) in std::mem::take(&mut self.map) {
            self.warn_if_near_miss(&key);
            front.extra.entry(key).or_insert(value);
        }
        front
    }

    /// The title; when there is none, `from_name` with a warning, else an error.
    fn take_title(&mut self, whole_file: &str, from_name: Option<&str>) -> String {
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

    fn take_date(&mut self, key: &str) -> Option<StoryDate> {
        self.take_date_or(key, None)
    }

    /// Takes `key` as a date; one that cannot be read is an error, unless
    /// the file name gives a `fallback` (then a warning, and the fallback).
    fn take_date_or(
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
    fn take_unpublished(&mut self) -> bool {
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
    fn take_words(&mut self, key: &str) -> Option<Vec<String>> {
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

    /// `image = "lead.jpg"`, `image: { path|src|url, alt, caption }`, or the
    /// first of Hugo's `images: [...]` (which stays for templates).
    fn take_image(&mut self, front: &mut FrontMatter) {
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
    fn take_authors(&mut self) -> Vec<String> {
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

    fn warn_if_near_miss(&mut self, key: &str) {
        // Known keys left in the map are kept on purpose (`images`, a second
        // description such as `summary`).
        if QUIET_KEYS.contains(&key) || KNOWN_KEYS.contains(&key) {
            return;
        }
        let nearest = KNOWN_KEYS
            .iter()
            .map(|known| (strsim::damerau_levenshtein(key, known), *known))
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
mod tests {
    use std::path::Path;

    use crate::frontmatter::{FrontMatter, parse};

    fn front(text: &str) -> FrontMatter {
        let split = parse(Path::new("s.md"), text, super::FromName::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(split.warnings.is_empty(), "{:?}", split.warnings);
        split.front
    }

    fn error(text: &str) -> String {
        let e = parse(Path::new("s.md"), text, super::FromName::default()).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        e[0].to_string()
    }

    #[test]
    fn tags_and_categories_as_words() {
        let f =
            front("---\ntitle: A\ntags: harbour storm\ncategories: news\ncategory: local\n---\n");
        assert_eq!(f.tags, ["harbour", "storm"]);
        assert_eq!(f.taxonomies["categories"], ["news", "local"]);
        let f = front(
            "+++\ntitle = \"A\"\ncategories = [\"Releases\"]\n[taxonomies]\ncategories = [\"Releases\", \"x\"]\n+++\n",
        );
        assert_eq!(f.taxonomies["categories"], ["Releases", "x"]);
    }

    #[test]
    fn a_number_in_a_list_of_tags_is_named() {
        let e = error("---\ntitle: A\ntags: [2019, release]\n---\n");
        assert!(
            e.starts_with("s.md:3:1: `tags` must be a list of text, but `2019` in it is a number"),
            "{e}"
        );
        assert!(
            e.contains("quote each item: tags: [\"2019\", \"release\"]"),
            "{e}"
        );
        let e = error("+++\ntitle = \"A\"\ntags = 3\n+++\n");
        assert!(
            e.contains("`tags` must be a list of text, e.g. [\"a\", \"b\"], not a number"),
            "{e}"
        );
    }

    #[test]
    fn image_tables_and_hugo_images() {
        for table in [
            "{ path: lead.png, alt: Boats }",
            "{ src: lead.png, alt: Boats }",
            "{ url: lead.png, alt: Boats }",
        ] {
            let f = front(&format!("---\ntitle: A\nimage: {table}\n---\n"));
            assert_eq!(
                (f.image.as_deref(), f.image_alt.as_deref()),
                (Some("lead.png"), Some("Boats"))
            );
        }
        let f = front("---\ntitle: A\nimages:\n- first.png\n- second.png\n---\n");
        assert_eq!(f.image.as_deref(), Some("first.png"));
        assert_eq!(f.extra["images"][1], "second.png");
        let f = front("---\ntitle: A\nimage: own.png\nimages: [first.png]\n---\n");
        assert_eq!(f.image.as_deref(), Some("own.png"));
        let e = error("---\ntitle: A\nimage: { alt: Boats }\n---\n");
        assert!(
            e.contains("s.md:3:1: the `image` table has no `path`, `src` or `url`"),
            "{e}"
        );
    }

    #[test]
    fn other_generators_names_for_known_things() {
        let f = front(
            "---\ntitle: A\nlastmod: 2020-02-01\nsummary: Short.\nexpiryDate: 2021-01-01\npublished: false\n---\n",
        );
        assert_eq!(f.updated.map(|d| d.iso()).as_deref(), Some("2020-02-01"));
        assert_eq!(f.description.as_deref(), Some("Short."));
        assert_eq!(f.expiry.map(|d| d.iso()).as_deref(), Some("2021-01-01"));
        assert!(f.unpublished);
        let f = front("---\ntitle: A\nexcerpt: Shorter.\npublished: 2020-01-01\n---\n");
        assert_eq!(f.description.as_deref(), Some("Shorter."));
        assert!(!f.unpublished && f.extra["published"] == "2020-01-01");
        let f = front("---\ntitle: A\ndescription: D\nsummary: S\n---\n");
        assert_eq!(
            (f.description.as_deref(), f.extra["summary"].as_str()),
            (Some("D"), Some("S"))
        );
    }

    #[test]
    fn inline_markdown_in_the_title() {
        let f = front("---\ntitle: Announcing `async fn` in traits\n---\n");
        assert_eq!(f.title, "Announcing async fn in traits");
        assert_eq!(f.title_html, "Announcing <code>async fn</code> in traits");
    }
}
