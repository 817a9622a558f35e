//! The syntax of other generators' template tags: where a tag starts and
//! ends, which form it has, and its name and arguments.
//!
//! | form | written | by |
//! | --- | --- | --- |
//! | [`Form::Statement`] | `{% name args %}`, `{% name(args) %}` … `{% end %}` | Jekyll (Liquid), Zola |
//! | [`Form::Output`] | `{{ expression }}`, `{{ name(args) }}` | Jekyll (Liquid), Zola |
//! | [`Form::Shortcode`] | `{{< name args >}}`, `{{% name args %}}` | Hugo |
//!
//! Each has an escaped form that stands for itself (`{{</* name */>}}` is
//! Hugo's way to show `{{< name >}}`; `{{/* … */}}` and `{%/* … */%}`
//! Zola's). Arguments are read by a small tokenizer: bare words, quoted
//! strings (`"…"`, `'…'`, `` `…` ``) and `key=value` pairs, separated by
//! spaces or commas.

use std::ops::Range;

/// How a tag is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// `{% … %}`.
    Statement,
    /// `{{ … }}`.
    Output,
    /// `{{< … >}}` or `{{% … %}}`.
    Shortcode,
}

/// One tag found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tag<'t> {
    /// The whole tag, delimiters included.
    pub range: Range<usize>,
    pub form: Form,
    /// What is between the delimiters, trimmed, whitespace control (`-`) aside.
    pub inner: &'t str,
    /// For an escaped tag, the text it stands for.
    pub escaped: Option<String>,
}

/// The delimiters of each form: opening, closing, form, and whether the
/// tag is an escape that stands for itself.
const DELIMITERS: &[(&str, &str, Form, bool)] = &[
    ("{{</*", "*/>}}", Form::Shortcode, true),
    ("{{%/*", "*/%}}", Form::Shortcode, true),
    ("{{/*", "*/}}", Form::Output, true),
    ("{%/*", "*/%}", Form::Statement, true),
    ("{{<", ">}}", Form::Shortcode, false),
    ("{{%", "%}}", Form::Shortcode, false),
    ("{%", "%}", Form::Statement, false),
    ("{{", "}}", Form::Output, false),
];

/// How far a tag may reach: its closing delimiter is looked for this many
/// bytes on at most, and never past a blank line.
const MAX_TAG_BYTES: usize = 2000;

/// The tag starting at byte `start` of `text`, if one does.
pub(super) fn tag_at(text: &str, start: usize) -> Option<Tag<'_>> {
    let rest = text.get(start..)?;
    let (open, close, form, escaped) = DELIMITERS
        .iter()
        .find(|(open, ..)| rest.starts_with(open))?;
    let after = start + open.len();
    let mut limit = (after + MAX_TAG_BYTES).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = text.get(after..limit)?;
    let window = match window.find("\n\n").or_else(|| window.find("\n\r\n")) {
        Some(blank) => &window[..blank],
        None => window,
    };
    let end = after + window.find(close)?;
    let raw_inner = text.get(after..end)?;
    let inner = raw_inner
        .trim()
        .trim_start_matches('-')
        .trim_end_matches('-')
        .trim();
    let range = start..end + close.len();
    let escaped = escaped.then(|| format!("{}{raw_inner}{}", &open[..open.len() - 2], &close[2..]));
    if inner.is_empty() && escaped.is_none() {
        return None;
    }
    Some(Tag {
        range,
        form: *form,
        inner,
        escaped,
    })
}

/// A tag's name and arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Call {
    /// `highlight`, `figure`, `/highlight` (a shortcode's closing tag),
    /// `site.baseurl` (an output's expression, when it is one word).
    pub name: String,
    pub args: Vec<Arg>,
    /// Written as a call, `name(…)` (Zola).
    pub parenthesised: bool,
}

/// One argument: positional (`ruby`, `"a b"`) or named (`src="a.png"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Arg {
    pub key: Option<String>,
    pub value: String,
    /// Whether the value was quoted (an output's literal string).
    pub quoted: bool,
}

impl Call {
    /// The argument named `key`, else the `position`th positional one.
    pub(super) fn arg(&self, key: &str, position: Option<usize>) -> Option<&str> {
        let named = self.args.iter().find(|a| a.key.as_deref() == Some(key));
        let positional =
            || position.and_then(|p| self.args.iter().filter(|a| a.key.is_none()).nth(p));
        named.or_else(positional).map(|a| a.value.as_str())
    }
}

/// Reads a tag's inside as a name and arguments.
pub(super) fn call(inner: &str) -> Call {
    let name_end = inner
        .find(|c: char| c.is_whitespace() || c == '(')
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_string();
    let rest = inner[name_end..].trim_start();
    let (args, parenthesised) = match rest
        .strip_prefix('(')
        .and_then(|r| r.trim_end().strip_suffix(')'))
    {
        Some(inside) => (inside, true),
        None => (rest, false),
    };
    Call {
        name,
        args: arguments(args),
        parenthesised,
    }
}

/// Splits arguments into bare words, quoted strings and `key=value` pairs.
/// A `|` (a Liquid filter) is a word of its own.
pub(super) fn arguments(text: &str) -> Vec<Arg> {
    let mut args = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut key: Option<String> = None;
    while let Some(&(_, c)) = chars.peek() {
        if c.is_whitespace() || c == ',' {
            chars.next();
            continue;
        }
        let (value, quoted) = if matches!(c, '"' | '\'' | '`') {
            chars.next();
            let mut value = String::new();
            while let Some((_, d)) = chars.next() {
                match d {
                    '\\' if c == '"' => {
                        if let Some((_, escaped)) = chars.next() {
                            value.push(escaped);
                        }
                    }
                    d if d == c => break,
                    d => value.push(d),
                }
            }
            (value, true)
        } else if c == '|' {
            chars.next();
            ("|".to_string(), false)
        } else {
            let mut value = String::new();
            while let Some(&(_, d)) = chars.peek() {
                if d.is_whitespace() || d == ',' || d == '|' || (d == '=' && key.is_none()) {
                    break;
                }
                value.push(d);
                chars.next();
            }
            if key.is_none() && chars.peek().is_some_and(|&(_, d)| d == '=') {
                chars.next();
                key = Some(value);
                continue;
            }
            (value, false)
        };
        args.push(Arg {
            key: key.take(),
            value,
            quoted,
        });
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_form_and_its_end() {
        let text = "a {% highlight ruby %} b {{< figure src=\"x.png\" >}} {{ site.baseurl }} {{%/* ref \"a\" */%}}";
        let tag = tag_at(text, 2).unwrap();
        assert_eq!(
            (tag.form, tag.inner, &text[tag.range.clone()]),
            (Form::Statement, "highlight ruby", "{% highlight ruby %}")
        );
        let start = text.find("{{<").unwrap();
        let tag = tag_at(text, start).unwrap();
        assert_eq!(
            (tag.form, tag.inner),
            (Form::Shortcode, "figure src=\"x.png\"")
        );
        let tag = tag_at(text, text.find("{{ site").unwrap()).unwrap();
        assert_eq!((tag.form, tag.inner), (Form::Output, "site.baseurl"));
        let tag = tag_at(text, text.find("{{%/*").unwrap()).unwrap();
        assert_eq!(tag.escaped.as_deref(), Some("{{% ref \"a\" %}}"));
        assert_eq!(tag_at("{%- raw -%}", 0).unwrap().inner, "raw");
        assert_eq!(tag_at("{{ a\n\n}}", 0), None, "never past a blank line");
        assert_eq!(tag_at("{{}}", 0), None);
        assert_eq!(
            tag_at("{{< gh\n\"@bep\" >}}", 0).unwrap().inner,
            "gh\n\"@bep\""
        );
    }

    #[test]
    fn reads_names_and_arguments() {
        let c = call("figure src=\"a b.png\" alt='A \"cat\"' caption=Hi");
        assert_eq!(c.name, "figure");
        assert_eq!(
            (
                c.arg("src", None),
                c.arg("alt", None),
                c.arg("caption", None)
            ),
            (Some("a b.png"), Some("A \"cat\""), Some("Hi"))
        );
        let c = call("youtube(id=\"dQw\", autoplay=true)");
        assert!(c.parenthesised);
        assert_eq!(
            (c.name.as_str(), c.arg("id", Some(0))),
            ("youtube", Some("dQw"))
        );
        let c = call("highlight go \"linenos=table\"");
        assert_eq!(c.arg("lang", Some(0)), Some("go"));
        let args = arguments("\"/docs/\"|relative_url");
        assert_eq!(
            args.iter()
                .map(|a| (a.value.as_str(), a.quoted))
                .collect::<Vec<_>>(),
            [("/docs/", true), ("|", false), ("relative_url", false)]
        );
    }
}
