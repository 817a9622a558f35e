//! Front matter: the TOML (`+++`, as Zola writes it) or YAML (`---`, as
//! Jekyll and Hugo write it) block at the top of a story.
//!
//! Parsing is two steps. The block is first read into a generic map, so a
//! syntax error is reported where the parser found it; then each known key is
//! taken out with its own type check, so a wrong type is reported on the line
//! of that key. Keys broadside does not know are kept for templates under
//! `extra`, and a near miss of a known key (`titel`) gets a warning.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::date::{DATE_HELP, StoryDate};
use crate::error::{Diagnostic, Location};

/// The keys broadside reads from front matter.
pub const KNOWN_KEYS: &[&str] = &[
    "title", "description", "date", "updated", "authors", "author", "image", "image_alt",
    "image_caption", "tags", "slug", "path", "draft", "lang", "aliases", "taxonomies", "extra",
];

/// Keys other generators write that carry nothing for a one-page story;
/// kept under `extra` like any unknown key, but never warned about.
const QUIET_KEYS: &[&str] = &["template", "weight", "layout", "categories", "in_search_index"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

impl Format {
    fn fence(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
        }
    }

    fn example(self, key: &str, value: &str) -> String {
        match self {
            Format::Toml => format!("{key} = {value}"),
            Format::Yaml => format!("{key}: {value}"),
        }
    }
}

/// What a story says about itself.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<StoryDate>,
    pub updated: Option<StoryDate>,
    pub authors: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub image_caption: Option<String>,
    pub tags: Vec<String>,
    pub slug: Option<String>,
    pub path: Option<String>,
    pub draft: bool,
    pub lang: Option<String>,
    pub aliases: Vec<String>,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// `[extra]` and every key broadside does not know, for templates.
    pub extra: Map<String, Value>,
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

/// Splits `text` (the whole story file at `path`) and parses its front matter.
/// All problems found are returned, not just the first.
pub fn parse<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Vec<Diagnostic>> {
    let (format, block, block_line, body, body_line) = split(path, text)?;
    let map = parse_block(format, block, block_line).map_err(|d| vec![d.in_file(path)])?;
    let mut reader = Reader { format, block, block_line, map, errors: Vec::new(), warnings: Vec::new() };
    let front = reader.read(text);
    if reader.errors.is_empty() {
        let warnings = reader.warnings.into_iter().map(|d| d.in_file(path)).collect();
        Ok(Split { front, body, body_line, warnings })
    } else {
        Err(reader.errors.into_iter().chain(reader.warnings).map(|d| d.in_file(path)).collect())
    }
}

type SplitParts<'a> = (Format, &'a str, usize, &'a str, usize);

fn split<'a>(path: &Path, text: &'a str) -> Result<SplitParts<'a>, Vec<Diagnostic>> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let format = match text[..first_line_end].trim_end() {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            return Err(vec![
                Diagnostic::error("the story has no front matter, so it has no title")
                    .in_file(path)
                    .at(Location::at_line(text, 1, 1))
                    .help(
                        "start the file with a front matter block, e.g. three lines: \
                         `+++`, `title = \"Your headline\"`, `+++`",
                    ),
            ]);
        }
    };
    let fence = format.fence();
    let block_start = first_line_end;
    let mut offset = block_start;
    let mut line = 2;
    for raw in text[block_start..].split_inclusive('\n') {
        let trimmed = raw.trim_end();
        if trimmed == fence || (format == Format::Yaml && trimmed == "...") {
            let body_start = offset + raw.len();
            return Ok((format, &text[block_start..offset], 2, &text[body_start..], line + 1));
        }
        offset += raw.len();
        line += 1;
    }
    Err(vec![
        Diagnostic::error(format!("the front matter opened on line 1 with `{fence}` never closes"))
            .in_file(path)
            .at(Location::at_line(text, 1, 1))
            .help(format!("add a line holding only `{fence}` after the last front matter key")),
    ])
}

fn parse_block(format: Format, block: &str, block_line: usize) -> Result<Map<String, Value>, Diagnostic> {
    match format {
        Format::Toml => {
            let table: toml::Table = toml::from_str(block).map_err(|e| {
                let mut d = Diagnostic::error(format!("invalid TOML in front matter: {}", e.message().trim()))
                    .help("TOML needs `key = value`, with text in double quotes");
                if let Some(span) = e.span() {
                    d = d.at(Location::at_offset(block, span.start, block_line));
                    if e.message().contains("max recursion depth") {
                        d.message = "invalid TOML in front matter: values nest too deeply".to_string();
                        d = d.help("front matter holds simple keys and short lists; take the nesting out");
                    }
                    if e.message().contains("duplicate key") {
                        let key = block.get(span.clone()).unwrap_or("").trim().trim_matches(['"', '\'']);
                        d.message = format!("invalid TOML in front matter: the key `{key}` is set twice");
                        d = d.help(format!("each key may appear once: keep one `{key} = ...` line and delete the other"));
                    }
                }
                d
            })?;
            Ok(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
        Format::Yaml => {
            if block.trim().is_empty() {
                return Ok(Map::new());
            }
            let value: Value = serde_saphyr::from_str(block).map_err(|e| {
                let message = yaml_message(&e);
                let mut d = Diagnostic::error(format!("invalid YAML in front matter: {message}"))
                    .help("YAML needs `key: value`; quote text that holds a colon or starts with a symbol");
                if let Some(key) = message.strip_prefix("the key `").and_then(|m| m.split('`').next()) {
                    d = d.help(format!("each key may appear once: keep one `{key}: ...` line and delete the other"));
                }
                if let Some(loc) = e.location() {
                    let line = usize::try_from(loc.line()).unwrap_or(1);
                    let column = usize::try_from(loc.column()).unwrap_or(1);
                    let mut at = Location::at_line(block, line, column);
                    at.line += block_line - 1;
                    d = d.at(at);
                }
                d
            })?;
            match value {
                Value::Object(map) => Ok(map),
                Value::Null => Ok(Map::new()),
                _ => Err(Diagnostic::error("the front matter is not a set of `key: value` lines")
                    .at(Location::at_line(block, 1, 1))
                    .help("write one `key: value` per line, e.g. `title: Your headline`")),
            }
        }
    }
}

/// The parser's message without the location and source excerpt it appends,
/// which the diagnostic shows itself.
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or("").trim();
    let first = first.split(" at line ").next().unwrap_or(first);
    let first = first.trim_start_matches("error: ");
    // "line 3 column 1: ..." counts from the start of the block; the
    // diagnostic shows the line in the file instead.
    let first = match first.strip_prefix("line ").and_then(|rest| rest.split_once(": ")) {
        Some((position, rest)) if position.contains(" column ") => rest,
        _ => first,
    };
    if let Some(key) = first.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key).trim();
        return format!("the key `{key}` is set twice");
    }
    if first.starts_with("budget breached") || first.starts_with("recursion limit") {
        return format!("the front matter nests too deeply or repeats aliases (`*name`) too often ({first})");
    }
    first.to_string()
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
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

/// Takes the known keys out of the parsed map, one by one, collecting problems.
struct Reader<'a> {
    format: Format,
    block: &'a str,
    block_line: usize,
    map: Map<String, Value>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn read(&mut self, whole_file: &str) -> FrontMatter {
        let title = match self.map.remove("title") {
            None => {
                self.errors.push(
                    Diagnostic::error("the story has no title")
                        .at(Location::at_line(whole_file, 1, 1))
                        .help(format!(
                            "add `{}` to the front matter",
                            self.format.example("title", "\"Your headline\"")
                        )),
                );
                String::new()
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                let d = Diagnostic::error("the title is empty")
                    .help("write the headline between the quotes");
                self.error_at_key("title", d);
                String::new()
            }
            Some(Value::String(s)) => s.trim().to_string(),
            Some(other) => {
                let d = Diagnostic::error(format!("the title must be text, not {}", describe(&other)))
                    .help(format!("quote it: {}", self.format.example("title", "\"Your headline\"")));
                self.error_at_key("title", d);
                String::new()
            }
        };
        let mut front = FrontMatter {
            title,
            description: self.take("description"),
            date: self.take_date("date"),
            updated: self.take_date("updated"),
            image: self.take("image"),
            image_alt: self.take("image_alt"),
            image_caption: self.take("image_caption"),
            slug: self.take("slug"),
            path: self.take("path"),
            draft: self.take("draft").unwrap_or(false),
            lang: self.take("lang"),
            aliases: self.take("aliases").unwrap_or_default(),
            taxonomies: self.take("taxonomies").unwrap_or_default(),
            ..FrontMatter::default()
        };
        front.authors = self.take_authors();
        front.tags = self
            .take::<Vec<String>>("tags")
            .or_else(|| front.taxonomies.get("tags").cloned())
            .unwrap_or_default();
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
                let d = Diagnostic::error(format!("`{key}` must be {wanted}, not {}", describe(&value)));
                self.error_at_key(key, d);
                None
            }
        }
    }

    fn take_date(&mut self, key: &str) -> Option<StoryDate> {
        let text: String = self.take(key)?;
        match StoryDate::parse(&text) {
            Some(date) => Some(date),
            None => {
                let d = Diagnostic::error(format!("`{key}` is not a valid date: \"{text}\"")).help(DATE_HELP);
                self.error_at_key(key, d);
                None
            }
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
                    let d = Diagnostic::error(format!("`author` must be text, not {}", describe(&other)))
                        .help("for several authors write authors = [\"A\", \"B\"]");
                    self.error_at_key("author", d);
                }
            }
        }
        authors.retain(|a| !a.trim().is_empty());
        authors
    }

    fn warn_if_near_miss(&mut self, key: &str) {
        if QUIET_KEYS.contains(&key) {
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
            let top_level = self.format == Format::Toml || !line.starts_with([' ', '\t']);
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
                return Some(Location::at_offset(self.block, offset + column_offset, self.block_line));
            }
            offset += line.len();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Split<'_> {
        parse(Path::new("s.md"), text).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn errors(text: &str) -> Vec<String> {
        parse(Path::new("s.md"), text).unwrap_err().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn reads_toml_and_yaml_alike() {
        let t = ok("+++\ntitle = \"A\"\ndate = 2020-01-04\nauthors = [\"X\"]\n+++\nBody\n");
        let y = ok("---\ntitle: A\ndate: 2020-01-04\nauthor: X\n---\nBody\n");
        for s in [&t, &y] {
            assert_eq!(s.front.title, "A");
            assert_eq!(s.front.date.unwrap().iso(), "2020-01-04");
            assert_eq!(s.front.authors, vec!["X"]);
            assert_eq!(s.body, "Body\n");
            assert_eq!(s.body_line, 6);
        }
    }

    #[test]
    fn keeps_unknown_keys_and_warns_on_near_misses() {
        let s = ok("+++\ntitle = \"A\"\ndescripton = \"d\"\nmood = \"calm\"\n[extra]\nx = 1\n+++\n");
        assert_eq!(s.front.extra["descripton"], "d");
        assert_eq!(s.front.extra["mood"], "calm");
        assert_eq!(s.front.extra["x"], 1);
        assert_eq!(s.warnings.len(), 1);
        let w = s.warnings[0].to_string();
        assert!(w.contains("s.md:3:1") && w.contains("did you mean `description`"), "{w}");
    }

    #[test]
    fn points_at_the_line_of_a_wrong_type() {
        let e = errors("+++\ndate = 2020-01-04\ntitle = 12\n+++\n");
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("s.md:3:1: the title must be text, not a number"), "{e:?}");
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
}
