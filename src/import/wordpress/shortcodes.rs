//! WordPress shortcodes: `[caption]`, `[gallery]`, `[embed]`, `[video]`,
//! `[audio]` and `[youtube]` become the HTML they stand for; any other is
//! kept as text in the story and listed with its place. `[[name]]` is
//! WordPress's way of writing a shortcode as text, and stays `[name]`.
//!
//! The grammar is WordPress's `get_shortcode_regex()`: a name of word
//! characters and hyphens, attributes up to the first `]`, `/]` for a
//! self-closing one, and `[/name]` closing one that encloses content.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::cards;

/// The shortcodes this import turns into HTML.
const KNOWN: &[&str] = &[
    "caption",
    "wp_caption",
    "gallery",
    "embed",
    "video",
    "audio",
    "youtube",
];

/// A shortcode's attributes: named ones by name, positional ones by
/// their place (`"0"`, `"1"`, …).
pub(crate) type Attrs = BTreeMap<String, String>;

/// One shortcode found in a text.
struct Found<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    attrs: &'a str,
    content: Option<&'a str>,
    escaped: bool,
}

/// Expands the known shortcodes of `text`; `gallery` writes a gallery
/// from its attributes.
pub(crate) fn expand(text: &str, gallery: &dyn Fn(&Attrs) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut at = 0;
    while let Some(found) = next(text, at) {
        at = found.end;
        if !found.escaped && !KNOWN.contains(&found.name) {
            continue;
        }
        out.push_str(&text[last..found.start]);
        last = found.end;
        if found.escaped {
            out.push_str(&text[found.start + 1..found.end - 1]);
            continue;
        }
        let attrs = parse_attrs(found.attrs);
        let content = found
            .content
            .map(|c| expand(c, gallery))
            .unwrap_or_default();
        out.push_str(&render(found.name, &attrs, &content, gallery));
    }
    out.push_str(&text[last..]);
    out
}

/// The shortcodes of `text` this import does not know: name and offset.
pub(crate) fn unknown(text: &str) -> Vec<(String, usize)> {
    let mut list = Vec::new();
    let mut at = 0;
    while let Some(found) = next(text, at) {
        at = found.end;
        if !found.escaped && !KNOWN.contains(&found.name) {
            list.push((found.name.to_string(), found.start));
            at = found.start + 1 + found.name.len();
        }
    }
    list
}

fn render(name: &str, attrs: &Attrs, content: &str, gallery: &dyn Fn(&Attrs) -> String) -> String {
    let get = |key: &str| attrs.get(key).map(String::as_str).unwrap_or("");
    match name {
        "caption" | "wp_caption" => caption(get("caption"), content),
        "gallery" => gallery(attrs),
        "embed" => cards::embed(content.trim(), "", ""),
        "youtube" => {
            let url = [get("0"), get("youtube"), content.trim()]
                .into_iter()
                .find(|u| !u.is_empty())
                .unwrap_or("");
            let url = if url.starts_with("http") {
                url.to_string()
            } else {
                format!("https://www.youtube.com/watch?v={url}")
            };
            cards::embed(&url, "youtube", "")
        }
        "video" | "audio" => {
            let keys: &[&str] = if name == "video" {
                &["src", "mp4", "m4v", "webm", "ogv", "wmv", "flv"]
            } else {
                &["src", "mp3", "ogg", "m4a", "wav", "wma"]
            };
            let src = keys
                .iter()
                .map(|k| get(k))
                .chain([content.trim()])
                .find(|s| !s.is_empty())
                .unwrap_or("");
            if src.is_empty() {
                String::new()
            } else {
                cards::media_link(name, src, None)
            }
        }
        _ => String::new(),
    }
}

/// `img_caption_shortcode()`: the image (in its link), then the caption.
fn caption(attr: &str, content: &str) -> String {
    static IMAGE_THEN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$")
            .expect("a valid pattern")
    });
    let (image, text) = if attr.is_empty() {
        match IMAGE_THEN_TEXT.captures(content) {
            Some(c) => (c[1].to_string(), c[2].trim().to_string()),
            None => (content.to_string(), String::new()),
        }
    } else {
        (content.to_string(), attr.to_string())
    };
    if text.is_empty() {
        return format!("<figure>{image}</figure>");
    }
    format!("<figure>{image}<figcaption>{text}</figcaption></figure>")
}

/// The next shortcode at or after byte `from`.
fn next(text: &str, from: usize) -> Option<Found<'_>> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(offset) = text.get(i..)?.find('[') {
        let start = i + offset;
        i = start + 1;
        let escaped = bytes.get(start + 1) == Some(&b'[');
        let name_start = start + 1 + usize::from(escaped);
        let name_len = text[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        let name_end = name_start + name_len;
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        if !matches!(
            bytes.get(name_end),
            Some(b' ' | b'\t' | b'\n' | b']' | b'/' | b'=')
        ) {
            continue;
        }
        let Some(close) = text[name_end..].find(']').map(|c| name_end + c) else {
            continue;
        };
        let name = &text[name_start..name_end];
        let inside = &text[name_end..close];
        let self_closing = inside.ends_with('/');
        let attrs = inside.strip_suffix('/').unwrap_or(inside);
        let mut end = close + 1;
        let mut content = None;
        if !self_closing {
            let closer = format!("[/{name}]");
            if let Some(c) = text[end..].find(&closer) {
                content = Some(&text[end..end + c]);
                end += c + closer.len();
            }
        }
        if escaped {
            if bytes.get(end) != Some(&b']') {
                continue;
            }
            end += 1;
        }
        return Some(Found {
            start,
            end,
            name,
            attrs,
            content,
            escaped,
        });
    }
    None
}

/// `shortcode_parse_atts()`.
pub(crate) fn parse_attrs(text: &str) -> Attrs {
    static ATTR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"#,
        )
        .expect("a valid pattern")
    });
    let text = text.replace(['\u{a0}', '\u{200b}'], " ");
    let text = text
        .strip_prefix('=')
        .map_or(text.clone(), |url| format!("0={url}"));
    let mut attrs = Attrs::new();
    let mut position = 0;
    for c in ATTR.captures_iter(&text) {
        let named = [(1, 2), (3, 4), (5, 6)]
            .into_iter()
            .find_map(|(k, v)| Some((c.get(k)?.as_str(), c.get(v)?.as_str())));
        if let Some((key, value)) = named {
            attrs.insert(key.to_lowercase(), value.to_string());
        } else if let Some(value) = [7, 8, 9].into_iter().find_map(|g| c.get(g)) {
            attrs.insert(position.to_string(), value.as_str().to_string());
            position += 1;
        }
    }
    attrs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_gallery(_: &Attrs) -> String {
        String::new()
    }

    #[test]
    fn a_caption_becomes_a_figure_with_its_caption() {
        let html = expand(
            "[caption id=\"attachment_9\" align=\"alignleft\" width=\"300\"]<a href=\"x.jpg\"><img src=\"x-300x200.jpg\" alt=\"Boats\" /></a> The quay at noon[/caption]",
            &no_gallery,
        );
        assert_eq!(
            html,
            "<figure><a href=\"x.jpg\"><img src=\"x-300x200.jpg\" alt=\"Boats\" /></a><figcaption>The quay at noon</figcaption></figure>"
        );
    }

    #[test]
    fn unknown_shortcodes_stay_as_text_and_are_listed() {
        let text = "Before [contact-form to=\"x\"] after [[caption]] end.";
        assert_eq!(
            expand(text, &no_gallery),
            "Before [contact-form to=\"x\"] after [caption] end."
        );
        assert_eq!(unknown(text), vec![("contact-form".to_string(), 7)]);
    }

    #[test]
    fn youtube_and_video_forms() {
        let html = expand("[youtube=https://www.youtube.com/watch?v=abc]", &no_gallery);
        assert!(
            html.contains("href=\"https://www.youtube.com/watch?v=abc\""),
            "{html}"
        );
        let html = expand(
            "[video width=\"640\" mp4=\"https://ex.org/a.mp4\"][/video]",
            &no_gallery,
        );
        assert!(
            html.contains("Video: <a href=\"https://ex.org/a.mp4\">a.mp4</a>"),
            "{html}"
        );
    }

    #[test]
    fn attributes_in_every_quoting() {
        let attrs = parse_attrs(" ids=\"1,2\" columns='3' link=file solo");
        assert_eq!(attrs["ids"], "1,2");
        assert_eq!(attrs["columns"], "3");
        assert_eq!(attrs["link"], "file");
        assert_eq!(attrs["0"], "solo");
    }
}
