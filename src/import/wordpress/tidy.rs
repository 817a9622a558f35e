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
    let html = definition_lists(html);
    let html = linked_images(&code_blocks(&figures(&html)));
    tables(&attributes(&html))
}

/// A link whose only content is an image with no alt text would have no
/// name: the image is named after its file.
fn linked_images(html: &str) -> String {
    static LINKED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?is)(<a\b[^>]*>\s*<img\b[^>]*?\bsrc="([^"]*)"[^>]*?)\balt="\s*"([^>]*>\s*</a>)"#,
        )
        .expect("a valid pattern")
    });
    LINKED
        .replace_all(html, |c: &regex::Captures| {
            let file = c[2]
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("");
            let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
            let name = stem.replace(['-', '_'], " ");
            let name = if name.trim().is_empty() {
                "image".to_string()
            } else {
                name.trim().to_string()
            };
            format!("{}alt=\"{}\"{}", &c[1], super::cards::escape(&name), &c[3])
        })
        .into_owned()
}

/// WordPress's old caption markup, `<dl class="wp-caption"><dt>image</dt>
/// <dd>caption</dd></dl>`, is a figure; a list with no `<dd>` (which HTML
/// does not allow) gives its terms as paragraphs, or nothing when empty.
fn definition_lists(html: &str) -> String {
    static DL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<dl\b([^>]*)>(.*?)</dl>").expect("a valid pattern"));
    static DT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<dt\b[^>]*>(.*?)</dt>").expect("a valid pattern"));
    static DD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<dd\b[^>]*>(.*?)</dd>").expect("a valid pattern"));
    DL.replace_all(html, |c: &regex::Captures| {
        let terms: Vec<&str> = DT
            .captures_iter(&c[2])
            .map(|t| t.get(1).map_or("", |m| m.as_str().trim()))
            .collect();
        let details: Vec<&str> = DD
            .captures_iter(&c[2])
            .map(|d| d.get(1).map_or("", |m| m.as_str().trim()))
            .collect();
        if c[1].contains("wp-caption") && terms.len() == 1 && details.len() <= 1 {
            let caption = details.first().filter(|d| !d.is_empty());
            return match caption {
                Some(caption) => format!(
                    "<figure>{}<figcaption>{caption}</figcaption></figure>",
                    terms[0]
                ),
                None if terms[0].is_empty() => String::new(),
                None => format!("<figure>{}</figure>", terms[0]),
            };
        }
        if !details.is_empty() {
            return c[0].to_string();
        }
        terms
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| format!("<p>{t}</p>"))
            .collect()
    })
    .into_owned()
}

/// A table Markdown cannot hold (a header cell in a body row, merged
/// cells, rows of different lengths, blocks in cells) is marked to stay
/// HTML: htmd keeps an element with an attribute as it is.
fn tables(html: &str) -> String {
    static TABLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<table>(.*?)</table>").expect("a valid pattern"));
    static ROW: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<tr\b[^>]*>(.*?)</tr>").expect("a valid pattern"));
    static CELL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<t([dh])\b").expect("a valid pattern"));
    static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)colspan|rowspan|<(?:p|ul|ol|br|pre|table|img|div|blockquote|h[1-6]|dl|figure)\b",
        )
        .expect("a valid pattern")
    });
    static EMPTY_HEADER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<th\b([^>]*)>\s*</th>").expect("a valid pattern"));
    // A header cell with no text names nothing: it is a plain cell.
    let html = EMPTY_HEADER.replace_all(html, "<td$1></td>");
    TABLE
        .replace_all(&html, |c: &regex::Captures| {
            let rows: Vec<Vec<bool>> = ROW
                .captures_iter(&c[1])
                .map(|r| {
                    CELL.captures_iter(&r[1])
                        .map(|k| k[1].eq_ignore_ascii_case("h"))
                        .collect()
                })
                .collect();
            let simple = !BLOCK.is_match(&c[1])
                && rows
                    .first()
                    .is_some_and(|head| !head.is_empty() && head.iter().all(|h| *h))
                && rows.iter().all(|r| r.len() == rows[0].len())
                && rows.iter().skip(1).all(|r| r.iter().all(|h| !h));
            if simple {
                c[0].to_string()
            } else {
                format!("<table data-import=\"html\">{}</table>", &c[1])
            }
        })
        .into_owned()
}

/// `<figure><img …><figcaption>Caption</figcaption></figure>` to
/// `<p><img … title="Caption"></p>`.
fn figures(html: &str) -> String {
    static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)<figure\b[^>]*>\s*((?:<a\b[^>]*>\s*)?)(<img\b[^>]*?)\s*/?>((?:\s*</a>)?)\s*(?:<figcaption\b[^>]*>(.*?)</figcaption>)?\s*</figure>")
            .expect("a valid pattern")
    });
    static HREF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?i)\shref="([^"]*)""#).expect("a valid pattern"));
    static TITLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?i)\stitle="[^"]*""#).expect("a valid pattern"));
    FIGURE
        .replace_all(html, |c: &regex::Captures| {
            let caption = c.get(4).map_or(String::new(), |m| {
                super::text::plain_text(m.as_str()).replace('"', "&quot;")
            });
            if caption.is_empty() {
                return format!("<p>{}{}>{}</p>", &c[1], &c[2], &c[3]);
            }
            let img = format!("{} title=\"{caption}\"", TITLE.replace_all(&c[2], ""));
            // A captioned image is a figure only alone in its paragraph: a
            // link around it goes, to a paragraph of its own unless it only
            // led to the image's file.
            let link = HREF
                .captures(&c[1])
                .map(|h| h[1].to_string())
                .filter(|href| !is_image_file(href));
            match link {
                Some(href) => format!("<p>{img}></p>\n<p><a href=\"{href}\">{href}</a></p>"),
                None => format!("<p>{img}></p>"),
            }
        })
        .into_owned()
}

/// Whether `href` names an image file (WordPress's "link to media file").
fn is_image_file(href: &str) -> bool {
    let path = href
        .split(['?', '#'])
        .next()
        .unwrap_or(href)
        .to_ascii_lowercase();
    [
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff",
    ]
    .iter()
    .any(|ext| path.ends_with(ext))
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
        if matches!(el.tag_name().as_str(), "ul" | "li")
            && el
                .get_attribute("class")
                .is_some_and(|c| c.contains("gallery"))
        {
            el.remove_and_keep_content();
        }
        let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
        for name in names {
            let value = el.get_attribute(&name).unwrap_or_default();
            let keep = KEEP.contains(&name.as_str())
                && !(name == "cite" && value.contains(char::is_whitespace))
                && (name != "id" || ids.borrow_mut().insert(value));
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
    fn tables_markdown_cannot_hold_stay_html() {
        let simple = "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>";
        assert_eq!(tidy(simple), simple);
        let row_headers =
            "<table><tr><th>A</th><th>B</th></tr><tr><th>1</th><td>2</td></tr></table>";
        assert!(tidy(row_headers).starts_with("<table data-import=\"html\">"));
    }

    #[test]
    fn a_captioned_image_leaves_its_link_beside_it() {
        let html = tidy(
            "<figure><a href=\"https://ex.org/help/\"><img src=\"a.jpg\" alt=\"A\"></a><figcaption>Look.</figcaption></figure>",
        );
        assert_eq!(
            html,
            "<p><img src=\"a.jpg\" alt=\"A\" title=\"Look.\"></p>\n<p><a href=\"https://ex.org/help/\">https://ex.org/help/</a></p>"
        );
    }

    #[test]
    fn old_caption_markup_is_a_figure_and_a_list_without_details_goes() {
        let html = tidy(
            "<dl class=\"wp-caption\"><dt class=\"wp-caption-dt\"><img src=\"a.jpg\" alt=\"A\"></dt><dd class=\"wp-caption-dd\">Quay.</dd></dl><dl class=\"wp-caption\"><dt></dt></dl>",
        );
        assert_eq!(html, "<p><img src=\"a.jpg\" alt=\"A\" title=\"Quay.\"></p>");
    }

    #[test]
    fn a_linked_image_without_alt_is_named_after_its_file() {
        let html = tidy(
            "<a href=\"/p/\"><img src=\"https://ex.org/up/manhattan-summer_2.jpg?w=1\" alt=\"\"></a>",
        );
        assert_eq!(
            html,
            "<a href=\"/p/\"><img src=\"https://ex.org/up/manhattan-summer_2.jpg?w=1\" alt=\"manhattan summer 2\"></a>"
        );
    }

    #[test]
    fn code_broken_into_lines_is_a_code_block() {
        let html =
            tidy("<p>Styles:<br />\n<code>.a {<br />\n</p>\n<p>color: red;<br />\n}</code></p>");
        assert_eq!(
            html,
            "<p>Styles:<br />\n<pre><code>.a {\n\ncolor: red;\n}</code></pre></p>"
        );
    }
}
