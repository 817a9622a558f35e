//! HTML to Markdown, through htmd, once `tidy` has made the HTML plain.
//! Layout wrappers (`<div>`, `<figure>`, …) give their content; what
//! Markdown cannot hold (`<sup>`, a table with merged cells) stays as raw
//! HTML that the sanitiser keeps.

use std::sync::LazyLock;

use htmd::HtmlToMarkdown;
use htmd::options::{Options, TranslationMode};
use regex::Regex;

/// The Markdown of `html`.
pub(crate) fn convert(html: &str) -> String {
    let html = super::tidy::tidy(html);
    let converter = HtmlToMarkdown::builder()
        .options(Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            translation_mode: TranslationMode::Faithful,
            ..Options::default()
        })
        .add_handler(
            vec![
                "div",
                "figure",
                "figcaption",
                "section",
                "article",
                "header",
                "footer",
                "main",
                "aside",
                "center",
                "span",
                "font",
            ],
            unwrap,
        )
        .skip_tags(vec![
            "script", "style", "iframe", "object", "embed", "form", "input", "button", "noscript",
        ])
        .build();
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

/// A wrapper that only lays the page out (a column, a group, a figure
/// around a table): its content, as blocks for block wrappers.
fn unwrap(
    handlers: &dyn htmd::element_handler::Handlers,
    element: htmd::Element,
) -> Option<htmd::element_handler::HandlerResult> {
    let content = handlers.walk_children(element.node).content;
    if matches!(element.tag, "span" | "font") {
        return Some(content.into());
    }
    let content = content.trim_matches('\n');
    Some(format!("\n\n{content}\n\n").into())
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
