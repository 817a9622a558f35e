//! Finding the front matter block of a story file and parsing it into a
//! generic map: TOML between `+++` lines, YAML between `---` lines, or a
//! JSON object (`{ "title": … }`, as Hugo reads it). Blank lines and spaces
//! before the block are allowed, as Hugo allows them.

use serde_json::{Map, Value};

use super::Format;
use crate::error::{Diagnostic, Location};

/// A story file cut into its front matter block and its Markdown body.
#[derive(Debug)]
pub(crate) struct Block<'a> {
    pub format: Format,
    /// The text of the block: between the fences, or the JSON object itself.
    pub text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub line: usize,
    pub body: &'a str,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

/// Finds the front matter of `text` (a whole story file). The diagnostics
/// are not yet placed in a file.
pub(crate) fn split(text: &str) -> Result<Block<'_>, Diagnostic> {
    let mut offset = 0;
    let mut line = 1;
    for raw in text.split_inclusive('\n') {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            offset += raw.len();
            line += 1;
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        return match trimmed {
            "+++" => fenced(text, Format::Toml, offset + raw.len(), line, indent),
            "---" => fenced(text, Format::Yaml, offset + raw.len(), line, indent),
            _ if trimmed.starts_with('{') => json(text, offset + indent, line),
            _ => Err(no_front_matter(text, line, indent)),
        };
    }
    Err(no_front_matter(text, 1, 0))
}

fn no_front_matter(text: &str, line: usize, indent: usize) -> Diagnostic {
    Diagnostic::error("the story has no front matter, so it has no title")
        .at(Location::at_line(text, line, indent + 1))
        .help("start the file with a front matter block, e.g. three lines: `+++`, `title = \"Your headline\"`, `+++`")
}

/// The block after an opening fence on line `fence_line`, up to the closing one.
fn fenced(
    text: &str,
    format: Format,
    block_start: usize,
    fence_line: usize,
    indent: usize,
) -> Result<Block<'_>, Diagnostic> {
    let fence = format.fence();
    let rest = text.get(block_start..).unwrap_or("");
    let mut offset = block_start;
    for (line, raw) in (fence_line + 1..).zip(rest.split_inclusive('\n')) {
        let trimmed = raw.trim_end();
        if trimmed == fence || (format == Format::Yaml && trimmed == "...") {
            let body_start = offset + raw.len();
            return Ok(Block {
                format,
                text: text.get(block_start..offset).unwrap_or(""),
                line: fence_line + 1,
                body: text.get(body_start..).unwrap_or(""),
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(Diagnostic::error(format!(
        "the front matter opened on line {fence_line} with `{fence}` never closes"
    ))
    .at(Location::at_line(text, fence_line, indent + 1))
    .help(format!(
        "add a line holding only `{fence}` after the last front matter key"
    )))
}

/// A JSON object starting at byte `start` (line `line`) of `text`; the body
/// starts on the line after its closing brace.
fn json(text: &str, start: usize, line: usize) -> Result<Block<'_>, Diagnostic> {
    let rest = text.get(start..).unwrap_or("");
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
    if let Some(Err(e)) = stream.next() {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        let mut at = Location::at_line(rest, e.line(), e.column());
        at.line += line - 1;
        return Err(Diagnostic::error(format!("invalid JSON in front matter: {message}"))
            .at(at)
            .help("JSON front matter is one object: `{ \"title\": \"Your headline\" }`, keys and text in double quotes"));
    }
    let end = start + stream.byte_offset();
    let object = text.get(start..end).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    // The rest of the closing brace's line belongs to the front matter when blank.
    let (body, skipped) = match after.split_once('\n') {
        Some((tail, body)) if tail.trim().is_empty() => (body, 1),
        _ if after.trim().is_empty() => ("", 0),
        _ => (after, 0),
    };
    let body_line = line + object.matches('\n').count() + skipped;
    Ok(Block {
        format: Format::Json,
        text: object,
        line,
        body,
        body_line,
    })
}

/// Parses the block into a map of keys; a syntax error points where the
/// parser found it.
pub(crate) fn parse_block(block: &Block<'_>) -> Result<Map<String, Value>, Diagnostic> {
    let (text, block_line) = (block.text, block.line);
    match block.format {
        Format::Toml => {
            let table: toml::Table =
                toml::from_str(text).map_err(|e| toml_error(text, block_line, &e))?;
            Ok(table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect())
        }
        Format::Yaml => {
            if text.trim().is_empty() {
                return Ok(Map::new());
            }
            let value: Value = serde_saphyr::from_str(text).map_err(|e| {
                let message = yaml_message(&e);
                let mut d = Diagnostic::error(format!("invalid YAML in front matter: {message}"))
                    .help("YAML needs `key: value`; quote text that holds a colon or starts with a symbol");
                if let Some(key) = message.strip_prefix("the key `").and_then(|m| m.split('`').next()) {
                    d = d.help(format!("each key may appear once: keep one `{key}: ...` line and delete the other"));
                }
                if let Some(loc) = e.location() {
                    let line = usize::try_from(loc.line()).unwrap_or(1);
                    let column = usize::try_from(loc.column()).unwrap_or(1);
                    let mut at = Location::at_line(text, line, column);
                    at.line += block_line - 1;
                    d = d.at(at);
                }
                d
            })?;
            as_map(value, text)
        }
        Format::Json => {
            // Already read once by `split`, so only its shape can be wrong.
            let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            as_map(value, text)
        }
    }
}

fn as_map(value: Value, text: &str) -> Result<Map<String, Value>, Diagnostic> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(
            Diagnostic::error("the front matter is not a set of `key: value` lines")
                .at(Location::at_line(text, 1, 1))
                .help("write one `key: value` per line, e.g. `title: Your headline`"),
        ),
    }
}

fn toml_error(text: &str, block_line: usize, e: &toml::de::Error) -> Diagnostic {
    let mut d = Diagnostic::error(format!(
        "invalid TOML in front matter: {}",
        e.message().trim()
    ))
    .help("TOML needs `key = value`, with text in double quotes");
    if let Some(span) = e.span() {
        d = d.at(Location::at_offset(text, span.start, block_line));
        if e.message().contains("max recursion depth") {
            d.message = "invalid TOML in front matter: values nest too deeply".to_string();
            d = d.help("front matter holds simple keys and short lists; take the nesting out");
        }
        if e.message().contains("duplicate key") {
            let key = text
                .get(span.clone())
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            d.message = format!("invalid TOML in front matter: the key `{key}` is set twice");
            d = d.help(format!(
                "each key may appear once: keep one `{key} = ...` line and delete the other"
            ));
        }
    }
    d
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
    let first = match first
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, rest)) if position.contains(" column ") => rest,
        _ => first,
    };
    if let Some(key) = first.strip_prefix("duplicate mapping key: ") {
        let key = key
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(key)
            .trim();
        return format!("the key `{key}` is set twice");
    }
    if first.starts_with("budget breached") || first.starts_with("recursion limit") {
        return format!(
            "the front matter nests too deeply or repeats aliases (`*name`) too often ({first})"
        );
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
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_block_after_blank_lines_and_spaces() {
        let b = split("\n  \n---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(
            (b.format, b.text, b.line, b.body, b.body_line),
            (Format::Yaml, "title: A\n", 4, "Body\n", 6)
        );
        let b = split("\r\n  +++\ntitle = \"A\"\n+++\nBody").unwrap();
        assert_eq!(
            (b.format, b.line, b.body, b.body_line),
            (Format::Toml, 3, "Body", 5)
        );
    }

    #[test]
    fn reads_a_json_object() {
        let text = "\n{\n  \"title\": \"A }\",\n  \"tags\": [\"x\"]\n}\n\nBody\n";
        let b = split(text).unwrap();
        assert_eq!(
            (b.format, b.line, b.body, b.body_line),
            (Format::Json, 2, "\nBody\n", 6)
        );
        let map = parse_block(&b).unwrap();
        assert_eq!(map["title"], "A }");
        let e = split("{\n  \"title\": \"A\",\n  tags: []\n}\n").unwrap_err();
        assert!(
            e.message
                .starts_with("invalid JSON in front matter: key must be a string"),
            "{}",
            e.message
        );
        assert_eq!(e.location.map(|l| (l.line, l.column)), Some((3, 3)));
    }

    #[test]
    fn says_where_an_unclosed_block_opened() {
        let e = split("\n\n+++\ntitle = \"A\"\n").unwrap_err();
        assert_eq!(
            e.message,
            "the front matter opened on line 3 with `+++` never closes"
        );
        assert_eq!(e.location.map(|l| l.line), Some(3));
        let e = split("Just text.\n").unwrap_err();
        assert_eq!(
            e.message,
            "the story has no front matter, so it has no title"
        );
    }
}
