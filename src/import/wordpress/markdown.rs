//! HTML to Markdown, through htmd. A figure of one image and its caption
//! becomes broadside's own form, an image alone in its paragraph whose
//! title is the caption; WordPress's presentational attributes (`class`,
//! `style`, …) go first, so what Markdown cannot hold (`<sup>`, a table
//! with merged cells) stays as plain raw HTML that the sanitiser keeps.

use std::sync::LazyLock;

use htmd::HtmlToMarkdown;
use htmd::options::{Options, TranslationMode};
use regex::Regex;

/// The Markdown of `html`.
pub(crate) fn convert(html: &str) -> String {
    let html = figures(html);
    let converter = HtmlToMarkdown::builder()
        .options(Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            translation_mode: TranslationMode::Faithful,
            ..Options::default()
        })
        .skip_tags(vec![
            "script", "style", "iframe", "object", "embed", "form", "input", "button", "noscript",
        ])
        .build();
    let html = strip_presentation(&html);
    let markdown = converter.convert(&html).unwrap_or_default();
    let markdown = markdown.replace("  \n ", "  \n");
    let mut markdown = unlink_images(markdown.trim());
    markdown.push('\n');
    markdown
}

/// `[![Alt](photo.png "Caption")](photo.png)`, an image linked to its own
/// file as WordPress links them, is the image alone (its figure keeps the
/// caption).
fn unlink_images(markdown: &str) -> String {
    static LINKED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\[(!\[[^\]]*\]\(([^ )]+)(?: "[^"]*")?\))\]\(([^ )]+)\)"#)
            .expect("a valid pattern")
    });
    LINKED
        .replace_all(markdown, |c: &regex::Captures| {
            if c[2] == c[3] {
                c[1].to_string()
            } else {
                c[0].to_string()
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
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<[^>]*>").expect("a valid pattern"));
    static TITLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?i)\stitle="[^"]*""#).expect("a valid pattern"));
    FIGURE
        .replace_all(html, |c: &regex::Captures| {
            let caption = c.get(4).map_or(String::new(), |m| {
                let text = TAG.replace_all(m.as_str(), "");
                text.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace('"', "&quot;")
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

/// Takes away the attributes that only dress the page in WordPress's
/// theme, keeping those that carry meaning.
fn strip_presentation(html: &str) -> String {
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    const KEEP: &[&str] = &[
        "href", "src", "alt", "title", "colspan", "rowspan", "scope", "start", "reversed",
        "datetime", "cite", "lang", "dir", "id", "name", "open", "abbr", "headers",
    ];
    let strip = element!("*", |el| {
        let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
        for name in names {
            if !KEEP.contains(&name.as_str()) {
                el.remove_attribute(&name);
            }
        }
        Ok(())
    });
    let settings = RewriteStrSettings::new().append_element_content_handler(strip);
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::convert;

    #[test]
    fn a_figure_is_an_image_with_its_caption_as_title() {
        let md = convert(
            "<figure class=\"wp-block-image size-large\"><img src=\"boats.jpg\" alt=\"Boats\" class=\"wp-image-9\"/><figcaption class=\"x\">The quay at <em>noon</em></figcaption></figure>",
        );
        assert_eq!(md, "![Boats](boats.jpg \"The quay at noon\")\n");
    }

    #[test]
    fn paragraphs_lists_and_headings() {
        let md = convert(
            "<h2 class=\"wp-block-heading\">Storm</h2>\n<p class=\"has-text-color\">The <strong>harbour</strong> shut.</p>\n<ul><li>one</li><li>two</li></ul>",
        );
        assert_eq!(md, "## Storm\n\nThe **harbour** shut.\n\n- one\n- two\n");
    }
}
