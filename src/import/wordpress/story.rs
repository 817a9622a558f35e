//! A story file: TOML front matter from the post's fields, then its body.

use std::fmt::Write as _;

use toml::Value;

use super::body::Body;
use super::plan::Story;
use super::site::author_id;
use super::text::decode_entities;
pub(crate) use super::text::plain_text;

/// What the front matter says about the lead photo.
#[derive(Debug, Default)]
pub(crate) struct Lead {
    pub(crate) image: String,
    pub(crate) alt: String,
    pub(crate) caption: String,
}

/// The story file's text. A password-protected post keeps none of its
/// words: a note stands for its text.
pub(crate) fn write(story: &Story, body: &Body, lead: Option<&Lead>) -> String {
    let item = story.item;
    let protected = item.protected;
    let mut out = String::from("+++\n");
    let mut line = |key: &str, value: Value| {
        let _ = writeln!(out, "{key} = {value}");
    };
    line("title", Value::String(title(&item.title)));
    let description = plain_text(&item.excerpt);
    if !description.is_empty() && !protected {
        line("description", Value::String(description));
    }
    if let Some(date) = datetime(&item.date_gmt).or_else(|| datetime(&item.date_local)) {
        line("date", date);
    }
    if let Some(updated) = datetime(&item.modified_gmt) {
        line("updated", updated);
    }
    if !item.creator.trim().is_empty() {
        line("authors", strings([author_id(&item.creator)]));
    }
    if !item.tags.is_empty() {
        line("tags", strings(item.tags.iter().cloned()));
    }
    if let Some(lead) = lead.filter(|_| !protected) {
        line("image", Value::String(lead.image.clone()));
        if !lead.alt.is_empty() {
            line("image_alt", Value::String(lead.alt.clone()));
        }
        if !lead.caption.is_empty() {
            line("image_caption", Value::String(lead.caption.clone()));
        }
    }
    line("path", Value::String(story.address.clone()));
    if !story.aliases.is_empty() {
        line(
            "aliases",
            strings(story.aliases.iter().map(|a| format!("/{a}"))),
        );
    }
    if story.draft {
        line("draft", Value::Boolean(true));
    }
    if !item.categories.is_empty() {
        out.push_str("\n[taxonomies]\n");
        let _ = writeln!(
            out,
            "categories = {}",
            strings(item.categories.iter().cloned())
        );
    }
    out.push_str("\n[extra]\n");
    let _ = writeln!(out, "wordpress_id = {}", item.id);
    let _ = writeln!(out, "wordpress_type = {}", Value::String(item.kind.clone()));
    if item.sticky {
        out.push_str("sticky = true\n");
    }
    out.push_str("+++\n\n");
    if protected {
        out.push_str("*This post was protected by a password in WordPress. Its text was not imported: copy it in by hand if it is to be published.*\n");
    } else {
        out.push_str(&body.markdown);
    }
    out
}

fn strings(values: impl IntoIterator<Item = String>) -> Value {
    Value::Array(values.into_iter().map(Value::String).collect())
}

/// `2013-01-11 20:22:19` (UTC) as a TOML date-time; None for WordPress's
/// "no date", `0000-00-00 00:00:00`.
pub(crate) fn datetime(text: &str) -> Option<Value> {
    let parsed = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
    let written = parsed.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    written
        .parse::<toml::value::Datetime>()
        .ok()
        .map(Value::Datetime)
}

/// The title as inline Markdown; WordPress's "(no title)" when empty.
fn title(html: &str) -> String {
    let text = if html.contains('<') {
        super::markdown::convert(html).trim().replace('\n', " ")
    } else {
        decode_entities(html)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    if text.is_empty() {
        "(no title)".to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_and_no_date_is_none() {
        assert_eq!(
            datetime("2013-01-11 20:22:19")
                .map(|v| v.to_string())
                .as_deref(),
            Some("2013-01-11T20:22:19Z")
        );
        assert_eq!(datetime("0000-00-00 00:00:00"), None);
    }

    #[test]
    fn titles_and_excerpts_decode_entities() {
        assert_eq!(
            title("Fish &amp; Chips &#8211; again"),
            "Fish & Chips – again"
        );
        assert_eq!(plain_text("<p>A <em>short</em> note.</p>"), "A short note.");
        assert_eq!(title(""), "(no title)");
    }
}
