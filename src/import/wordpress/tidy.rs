//! WordPress's HTML made plain before it becomes Markdown: a figure of one
//! image and its caption becomes broadside's own form (an image alone in
//! its paragraph, titled by the caption); inline `<code>` broken into
//! lines becomes a code block; obsolete elements get their HTML5 names;
//! attributes that only dress the page in the theme (`class`, `style`, …)
//! go, and so does an `id` met a second time.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use lol_html::{RewriteStrSettings, element, rewrite_str};
use regex::Regex;

/// Attributes that carry meaning, kept.
const KEEP: &[&str] = &[
    "href", "src", "alt", "title", "colspan", "rowspan", "scope", "start", "reversed", "datetime",
    "cite", "lang", "dir", "id", "name", "open", "abbr", "headers",
];

/// Obsolete elements and the HTML5 ones that say the same.
const RENAMED: &[(&str, &str)] = &[
    ("tt", "code"),
    ("acronym", "abbr"),
    ("strike", "s"),
    ("big", "strong"),
    ("blink", "span"),
    ("marquee", "span"),
];

pub(crate) fn tidy(html: &str) -> String {
    attributes(&code_blocks(&figures(html)))
}

/// `<figure><img …><figcaption>Caption</figcaption></figure>` to
/// `<p><img … title="Caption"></p>`.
fn figures(html: &str) -> String {
    static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)<figure\b[^>]*>\s*((?:<a\b[^>]*>\s*)?)(<img\b[^>]*?)\s*/?>((?:\s*</a>)?)\s*(?:<figcaption\b[^>]*>(.*?)</figcaption>)?\s*</figure>")
            .expect("a valid pattern")
    });
    static TITLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?i)\stitle="[^"]*""#).expect("a valid pattern"));
    FIGURE
        .replace_all(html, |c: &regex::Captures| {
            let caption = c.get(4).map_or(String::new(), |m| {
                super::story::plain_text(m.as_str()).replace('"', "&quot;")
            });
            let img = if caption.is_empty() {
                c[2].to_string()
            } else {
                format!("{} title=\"{caption}\"", TITLE.replace_all(&c[2], ""))
            };
            format!("<p>{}{img}>{}</p>", &c[1], &c[3])
        })
        .into_owned()
}

/// `<code>` holding line breaks (or, after wpautop, paragraphs) is a block
/// of code: `<pre><code>` with its lines.
fn code_blocks(html: &str) -> String {
    static CODE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)(<pre\b[^>]*>\s*)?<code>(.*?)</code>").expect("a valid pattern")
    });
    static BREAK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>|</?p>").expect("a valid pattern"));
    CODE.replace_all(html, |c: &regex::Captures| {
        let code = &c[2];
        if c.get(1).is_some() || !BREAK.is_match(code) {
            return c[0].to_string();
        }
        format!("<pre><code>{}</code></pre>", BREAK.replace_all(code, ""))
    })
    .into_owned()
}

fn attributes(html: &str) -> String {
    let ids = RefCell::new(BTreeSet::new());
    let strip = element!("*", |el| {
        let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
        for name in names {
            let value = el.get_attribute(&name).unwrap_or_default();
            let keep = KEEP.contains(&name.as_str())
                && !(name == "cite" && value.contains(char::is_whitespace))
                && !(name == "id" && !ids.borrow_mut().insert(value));
            if !keep {
                el.remove_attribute(&name);
            }
        }
        let tag = el.tag_name();
        if let Some((_, new)) = RENAMED.iter().find(|(old, _)| *old == tag) {
            el.set_tag_name(new)?;
        }
        Ok(())
    });
    let settings = RewriteStrSettings::new().append_element_content_handler(strip);
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn obsolete_elements_bad_cites_and_repeated_ids() {
        let html = tidy(
            "<p id=\"a\" class=\"x\"><tt>t</tt> <acronym title=\"As Soon\">ASAP</acronym> <del cite=\"deleted it\">d</del></p><p id=\"a\">b</p>",
        );
        assert_eq!(
            html,
            "<p id=\"a\"><code>t</code> <abbr title=\"As Soon\">ASAP</abbr> <del>d</del></p><p>b</p>"
        );
    }

    #[test]
    fn code_broken_into_lines_is_a_code_block() {
        let html =
            tidy("<p>Styles:<br />\n<code>.a {<br />\n</p>\n<p>color: red;<br />\n}</code></p>");
        assert_eq!(
            html,
            "<p>Styles:<br />\n<pre><code>.a {\n\n\ncolor: red;\n}</code></pre></p>"
        );
    }
}
