//! Unit tests of the Markdown renderer: each change it makes to
//! pulldown-cmark's output, and that nothing of the story is lost.

use super::*;
use crate::image_refs::ImageResolver;

/// A 1×1 PNG (transparent).
const PIXEL: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

/// Renders `md` in a folder holding `a.png`, sanitised or not.
fn render_with(md: &str, sanitize: bool) -> (Rendered, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.png"), PIXEL).unwrap();
    let renderer = MarkdownRenderer::new(ImageResolver::new(dir.path(), true).unwrap(), sanitize);
    let file = FileInfo::new(dir.path(), &dir.path().join("s.md"));
    let source = Source {
        text: md,
        first_line: 1,
        file: &file,
    };
    renderer.render(&source).unwrap()
}

fn render(md: &str) -> String {
    render_with(md, true).0.html
}

#[test]
fn headings_get_unique_ids_and_start_at_h2() {
    let html = render("# Intro\n\n## Intro\n\n## Other {#intro-1}\n\n# Last\n");
    assert!(html.contains("<h2 id=\"intro\">Intro</h2>"), "{html}");
    assert!(html.contains("<h3 id=\"intro-2\">Intro</h3>"), "{html}");
    assert!(html.contains("<h3 id=\"intro-1\">Other</h3>"), "{html}");
    assert!(html.contains("<h2 id=\"last\">Last</h2>"), "{html}");
}

#[test]
fn heading_levels_shift_to_h2_and_skip_none() {
    let html =
        render("### First\n\n##### Deep\n\n#### Less deep\n\n### Second\n\n## Top\n\n###### Six\n");
    let levels: Vec<&str> = html
        .match_indices("<h")
        .map(|(i, _)| &html[i..i + 3])
        .collect();
    assert_eq!(levels, ["<h2", "<h3", "<h3", "<h2", "<h2", "<h3"], "{html}");
    assert!(
        html.contains("<h3 id=\"deep\">Deep</h3>"),
        "ids keep their text: {html}"
    );
}

#[test]
fn unsafe_links_lose_their_link() {
    let html = render("[a](javascript:alert(1)) [b]( JaVa\tScRiPt:x) [c](https://e.com)");
    assert!(!html.to_lowercase().contains("javascript"), "{html}");
    assert!(html.contains("<a href=\"https://e.com\">c</a>"), "{html}");
}

#[test]
fn a_second_hash_in_a_link_is_escaped() {
    let html = render("[IRC](https://webchat.example/?channels=##rust) [top](#top)");
    assert!(
        html.contains("<a href=\"https://webchat.example/?channels=#%23rust\">IRC</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"#top\">top</a>"), "{html}");
}

#[test]
fn tables_align_by_class() {
    let html = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
    assert!(
        html.contains("<th scope=\"col\" class=\"align-left\">a</th>"),
        "{html}"
    );
    assert!(html.contains("<td class=\"align-right\">2</td>"), "{html}");
    assert!(!html.contains("style="), "{html}");
}

#[test]
fn footnotes_link_both_ways() {
    let html = render("Text[^n].\n\n[^n]: The note.\n");
    assert!(
        html.contains("id=\"fnref-n\"><a href=\"#fn-n\">1</a>"),
        "{html}"
    );
    assert!(html.contains("id=\"fn-n\""), "{html}");
    assert!(html.contains("href=\"#fnref-n\""), "{html}");
}

#[test]
fn raw_html_is_sanitised() {
    let html = render(
        "<script>alert(1)</script>\n\n<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" alt=\"\" onerror=alert(2)> <sup>2</sup> <abbr title=\"t\">T</abbr>\n",
    );
    assert!(
        !html.contains("script") && !html.contains("onerror"),
        "{html}"
    );
    assert!(
        html.contains("<sup>2</sup>") && html.contains("<abbr title=\"t\">T</abbr>"),
        "{html}"
    );
}

#[test]
fn many_headings_with_one_name_get_numbered_ids() {
    let html = render(&"## Same\n\n".repeat(5));
    for id in ["same", "same-1", "same-2", "same-3", "same-4"] {
        assert!(
            html.contains(&format!("<h2 id=\"{id}\">Same</h2>")),
            "{html}"
        );
    }
    let html = render("## A\n\n## A-1 {#a-2}\n\n## A\n\n## A\n");
    assert!(
        html.contains("id=\"a\"") && html.contains("id=\"a-1\"") && html.contains("id=\"a-3\""),
        "{html}"
    );
}

#[test]
fn an_image_inside_text_loses_nothing_after_it() {
    for sanitize in [true, false] {
        let (out, _) = render_with("Build status ![passing](a.png) is green.\n", sanitize);
        assert!(
            out.html
                .starts_with("<p>Build status <img src=\"data:image/webp;base64,"),
            "{}",
            out.html
        );
        assert!(
            out.html.ends_with(
                "alt=\"passing\" width=\"1\" height=\"1\" decoding=\"async\"> is green.</p>\n"
            ),
            "{}",
            out.html
        );
        let (out, _) = render_with(
            "[![Logo](a.png)](https://example.com/)\n\nNext.\n",
            sanitize,
        );
        assert!(
            out.html
                .contains("decoding=\"async\"></a></p>\n<p>Next.</p>"),
            "{}",
            out.html
        );
        let (out, _) = render_with(
            "- ![x](a.png)\n- b\n\n| a |\n|---|\n| ![y](https://e.com/y.png) |\n",
            sanitize,
        );
        assert!(
            out.html.contains("decoding=\"async\"></li>\n<li>b</li>"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<img src=\"https://e.com/y.png\" alt=\"y\" decoding=\"async\"></td>"),
            "{}",
            out.html
        );
    }
}

#[test]
fn an_image_in_a_heading_keeps_the_heading_whole() {
    let html = render("## Logo ![x](a.png) here\n\nAfter.\n");
    assert!(html.contains("<h2 id=\"logo-x-here\">Logo <img"), "{html}");
    assert!(html.contains(" here</h2>\n<p>After.</p>"), "{html}");
}

#[test]
fn facts_name_links_and_images_where_written() {
    let (out, _) = render_with(
        "Intro.\n\nSee [minutes](m.html) and ![](a.png).\n<img src=\"a.png\" alt=\"A\"> <a href=\"#x\">x</a>\n",
        true,
    );
    let links: Vec<(&str, usize, usize)> = out
        .links
        .iter()
        .map(|l| (l.dest.as_str(), l.at.line, l.at.column))
        .collect();
    // A raw link is placed at its tag.
    assert_eq!(links, [("m.html", 3, 15), ("#x", 4, 27)]);
    let images: Vec<(&str, bool, usize, usize)> = out
        .images
        .iter()
        .map(|i| (i.src.as_str(), i.has_alt, i.at.line, i.at.column))
        .collect();
    assert_eq!(images, [("a.png", false, 3, 27), ("a.png", true, 4, 1)]);
}

#[test]
fn raw_img_without_alt_gets_one_and_a_warning() {
    for sanitize in [true, false] {
        let (out, warnings) =
            render_with("Text.\n\n<div>\n<img\n  src=\"a.png\">\n</div>\n", sanitize);
        let img = out
            .html
            .split("<img")
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or("");
        assert!(img.ends_with(" alt=\"\""), "{}", out.html);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let message = warnings[0].to_string();
        assert!(
            message.split(" (").next().unwrap().ends_with(
                "/s.md:4:1: the image `a.png` has no description: its <img> tag has no alt attribute"
            ),
            "{message}"
        );
        assert!(warnings[0].help.is_some());
    }
}

#[test]
fn a_name_becomes_an_id() {
    let html = render(
        "<a name=\"tool\"></a>\n\n## Tool\n\nSee [the tool](#tool). <a name=\"tool-1\">x</a>\n",
    );
    assert!(html.contains("<a id=\"tool\"></a>"), "{html}");
    // The heading's id steps aside; a name an element already has as id goes.
    assert!(html.contains("<h2 id=\"tool-1\">Tool</h2>"), "{html}");
    assert!(
        html.contains("<a href=\"#tool\">the tool</a>. <a>x</a>"),
        "{html}"
    );
}

#[test]
fn kramdown_attribute_lists_go_and_give_classes_to_images() {
    let html = render(
        "![Flow][flow]{:class=\"center\"}\n\nText *x*{: .note} and more.\n{: .note}\n\n{: .lead}\n\n## Head {: .wide}\n\n`{: .kept}` and \\{: .kept}\n\n[flow]: a.png \"The flow\"\n",
    );
    assert!(
        html.starts_with("<figure class=\"center\"><img src=\"data:image/webp;base64,"),
        "{html}"
    );
    assert!(
        html.contains("<figcaption>The flow</figcaption></figure>"),
        "{html}"
    );
    assert!(
        html.contains("<p>Text <em>x</em> and more.\n</p>"),
        "{html}"
    );
    assert!(
        !html.contains("lead") && !html.contains("<p></p>"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"head\" class=\"wide\">Head</h2>"),
        "{html}"
    );
    assert!(
        html.contains("<code>{: .kept}</code> and {: .kept}"),
        "{html}"
    );
    let html = render("Inline ![x](a.png){: .right} text.\n");
    assert!(
        html.contains("alt=\"x\" class=\"right\" width=\"1\""),
        "{html}"
    );
    assert!(html.contains("> text.</p>"), "{html}");
}

#[test]
fn definition_lists() {
    let html = render("Term\n: The definition.\n");
    assert_eq!(
        html,
        "<dl>\n<dt>Term</dt>\n<dd>The definition.</dd>\n</dl>\n"
    );
}

#[test]
fn links_to_local_files_are_published_or_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story");
    std::fs::create_dir(&story).unwrap();
    std::fs::write(story.join("a.png"), PIXEL).unwrap();
    std::fs::write(dir.path().join("outside.txt"), "x").unwrap();
    std::fs::write(story.join("other.md"), "x").unwrap();
    let renderer = MarkdownRenderer::new(ImageResolver::new(dir.path(), false).unwrap(), true);
    let md = "[![Chart](a.png)](./a.png#top) [notes](../outside.txt) [other](other.md) [page](../other/)\n";
    let file = FileInfo::new(dir.path(), &story.join("s.md"));
    let source = Source {
        text: md,
        first_line: 5,
        file: &file,
    };
    let (out, warnings) = renderer.render(&source).unwrap();
    assert_eq!(
        out.files,
        [LinkedFile {
            path: "a.png".into(),
            file: story.join("./a.png")
        }]
    );
    assert!(
        out.html.contains("<a href=\"./a.png#top\"><img"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("</a> notes other <a href=\"../other/\">page</a>"),
        "{}",
        out.html
    );
    let messages: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains(
            "/s.md:5:40: the link `../outside.txt` points to a file outside the story's folder"
        ),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("/s.md:5:64: `other.md` is not a story broadside builds"),
        "{messages:?}"
    );
}

#[test]
fn template_tags_in_code_stay_and_positions_stay_true() {
    let md =
        "`{{< gh 1 >}}` {{< gh 2 >}} and ![x](a.png)\n\n```\n{{< figure src=\"a.png\" >}}\n```\n";
    let (out, warnings) = render_with(md, true);
    assert!(
        out.html
            .starts_with("<p><code>{{&lt; gh 1 &gt;}}</code>  and <img"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<pre><code>{{&lt; figure src=\"a.png\" &gt;}}\n</code></pre>"),
        "{}",
        out.html
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]
            .to_string()
            .contains("/s.md:1:16: the template tag `{{< gh 2 >}}` is not one"),
        "{}",
        warnings[0]
    );
    // Facts name the story's own places, after a tag as before it.
    let column = md.find("![x]").unwrap() + 1;
    assert_eq!(
        (out.images[0].at.line, out.images[0].at.column),
        (1, column)
    );
    assert_eq!(
        out.tags,
        [TagFact {
            tag: "{{< gh 2 >}}".into(),
            rendered: false,
            at: Position {
                line: 1,
                column: 16
            }
        }]
    );
}

#[test]
fn liquid_is_read_only_in_jekyll_posts() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("_posts");
    std::fs::create_dir(&posts).unwrap();
    let renderer = MarkdownRenderer::new(ImageResolver::new(dir.path(), false).unwrap(), true);
    let md = "{{ page.title }} and `{% raw %}{{ x }}{% endraw %}`\n";
    let post = FileInfo::new(dir.path(), &posts.join("2020-01-01-a.md"));
    let jekyll = Source {
        text: md,
        first_line: 1,
        file: &post,
    };
    let (out, _) = renderer.render(&jekyll).unwrap();
    assert_eq!(out.html, "<p>and <code>{{ x }}</code></p>\n");
    let page = FileInfo::new(dir.path(), &dir.path().join("a.md"));
    let other = Source {
        text: md,
        first_line: 1,
        file: &page,
    };
    let (out, warnings) = renderer.render(&other).unwrap();
    assert_eq!(
        out.html,
        "<p>{{ page.title }} and <code>{% raw %}{{ x }}{% endraw %}</code></p>\n"
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}
