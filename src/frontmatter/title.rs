//! Titles with inline Markdown (``Announcing `async fn` in traits``): HTML
//! for the headline, plain text for `<title>`, meta tags and JSON-LD.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A title as plain text and as HTML for the headline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Title {
    pub plain: String,
    pub html: String,
}

/// Renders `title` as inline Markdown: code spans, emphasis, strong and
/// strikethrough become HTML; links keep only their text; everything else
/// is text, escaped. A title that Markdown would read as a block of another
/// kind (`1. Introduction`, `# Notes`) is taken literally.
pub(crate) fn render(title: &str) -> Title {
    let events: Vec<Event<'_>> = Parser::new_ext(title, Options::ENABLE_STRIKETHROUGH).collect();
    let inner = match events.as_slice() {
        [
            Event::Start(Tag::Paragraph),
            inner @ ..,
            Event::End(TagEnd::Paragraph),
        ] => inner,
        _ => return literal(title),
    };
    let mut plain = String::new();
    let mut html = String::new();
    for event in inner {
        match event {
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                plain.push_str(text);
                escape(&mut html, text);
            }
            Event::Code(code) => {
                plain.push_str(code);
                html.push_str("<code>");
                escape(&mut html, code);
                html.push_str("</code>");
            }
            Event::SoftBreak | Event::HardBreak => {
                plain.push(' ');
                html.push(' ');
            }
            Event::Start(Tag::Emphasis) => html.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => html.push_str("</em>"),
            Event::Start(Tag::Strong) => html.push_str("<strong>"),
            Event::End(TagEnd::Strong) => html.push_str("</strong>"),
            Event::Start(Tag::Strikethrough) => html.push_str("<del>"),
            Event::End(TagEnd::Strikethrough) => html.push_str("</del>"),
            // A headline links nowhere: a link or image leaves its text.
            Event::Start(Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Link | TagEnd::Image) => {}
            _ => return literal(title),
        }
    }
    Title {
        plain: plain.trim().to_string(),
        html: html.trim().to_string(),
    }
}

fn literal(title: &str) -> Title {
    let mut html = String::new();
    escape(&mut html, title);
    Title {
        plain: title.to_string(),
        html,
    }
}

/// Escapes as the templates escape (Tera's `fast_escape` uses this very
/// function), so a title without Markdown gives the same bytes either way.
fn escape(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(title: &str) -> (String, String) {
        let t = render(title);
        (t.plain, t.html)
    }

    #[test]
    fn renders_inline_markdown_in_the_headline_only() {
        assert_eq!(
            both("Announcing `async fn` in traits"),
            (
                "Announcing async fn in traits".into(),
                "Announcing <code>async fn</code> in traits".into()
            )
        );
        assert_eq!(
            both("A *big* ~~small~~ **day**"),
            (
                "A big small day".into(),
                "A <em>big</em> <del>small</del> <strong>day</strong>".into()
            )
        );
        assert_eq!(
            both("See [the RFC](https://e.com/)"),
            ("See the RFC".into(), "See the RFC".into())
        );
        assert_eq!(
            both("`<T>` & \"Q\""),
            (
                "<T> & \"Q\"".into(),
                "<code>&lt;T&gt;</code> &amp; &quot;Q&quot;".into()
            )
        );
    }

    #[test]
    fn plain_titles_are_unchanged() {
        for title in [
            "Gen. Qassem Soleimani’s Death",
            "Rust 1.0: [draft]",
            "a * b",
            "Using <b> tags",
            "C:\\Users",
        ] {
            let t = render(title);
            assert_eq!(t.plain, title);
            let mut escaped = String::new();
            escape(&mut escaped, title);
            assert_eq!(t.html, escaped);
        }
    }

    #[test]
    fn titles_that_read_as_other_blocks_are_literal() {
        for title in [
            "1. Introduction",
            "# Notes",
            "- item",
            "> quote",
            "***",
            "    indented",
        ] {
            assert_eq!(render(title).plain, title);
        }
    }
}
