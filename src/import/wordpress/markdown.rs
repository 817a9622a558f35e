//! HTML to Markdown, through htmd, once `tidy` has made the HTML plain.
//! Layout wrappers (`<div>`, `<figure>`, …) give their content; what
//! Markdown cannot hold (`<sup>`, a table with merged cells) stays as raw
//! HTML that the sanitiser keeps.

use std::sync::LazyLock;

use htmd::HtmlToMarkdown;
use htmd::options::{Options, TranslationMode};
use regex::Regex;

/// Elements nested deeper than this stay HTML as they are: htmd walks the
/// tree recursively (the build itself refuses raw HTML nested over 512).
const MAX_DEPTH: usize = 256;

/// The Markdown of `html`.
pub(crate) fn convert(html: &str) -> String {
    let html = super::tidy::tidy(html);
    if depth(&html) > MAX_DEPTH {
        return format!("{}\n", html.trim());
    }
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

/// How deep elements nest in `html`, counting the elements whose end tag
/// may not be left out (a `<p>` or `<li>` ends by itself).
fn depth(html: &str) -> usize {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>").expect("a valid pattern")
    });
    const SELF_ENDING: &[&str] = &[
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "br", "hr",
        "img", "input", "meta", "link", "source", "track", "wbr", "col", "area", "base", "embed",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in TAG.captures_iter(html) {
        if SELF_ENDING.contains(&c[2].to_ascii_lowercase().as_str()) || !c[3].is_empty() {
            continue;
        }
        if c[1].is_empty() {
            depth += 1;
            deepest = deepest.max(depth);
        } else {
            depth = depth.saturating_sub(1);
        }
    }
    deepest
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
    fn html_nested_too_deep_stays_html() {
        let html = "<b>".repeat(5000);
        assert_eq!(convert(&html), format!("{html}\n"));
    }

    #[test]
    fn paragraphs_lists_and_headings() {
        let md = convert(
            "<h2 class=\"wp-block-heading\">Storm</h2>\n<p class=\"has-text-color\">The <strong>harbour</strong> shut.</p>\n<ul><li>one</li><li>two</li></ul>",
        );
        assert_eq!(md, "## Storm\n\nThe **harbour** shut.\n\n- one\n- two\n");
    }
}
