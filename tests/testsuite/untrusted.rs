//! Untrusted Markdown, through the real binary: raw HTML is sanitised by
//! default (no scripts, no event handlers, no `javascript:` or other unsafe
//! URL schemes; harmless markup kept), `[markdown] allow_unsafe_html = true`
//! opts out, and Markdown links with unsafe schemes lose their link either way.

use crate::support::TestSite;

/// Builds a one-story site from `story` (the Markdown body) and `site_toml`;
/// returns the whole page.
fn page_of(story: &str, site_toml: &str) -> String {
    let site = TestSite::new().file("content/site.toml", site_toml).file(
        "content/story.md",
        format!("+++\ntitle = \"Untrusted\"\n+++\n\n{story}"),
    );
    site.build(&[]).ok().page("index.html")
}

/// Builds one story (and `site_toml`) and returns the story's body HTML.
fn body_of(story: &str, site_toml: &str) -> String {
    body(&page_of(story, site_toml)).to_string()
}

/// The story body: what the Markdown became, without the page around it
/// (which has its own JSON-LD `<script>` and share links).
fn body(page: &str) -> &str {
    let start = page.find("class=\"story-body\">").expect("a story body");
    let end = ["<section class=\"share\"", "</article>"]
        .iter()
        .filter_map(|marker| page[start..].find(marker))
        .min()
        .map(|i| start + i)
        .expect("the end of the story body");
    &page[start..end]
}

const HOSTILE_HTML: &str = r#"<script>alert("script")</script>

<p onclick="alert('click')" onmouseover="alert('over')">Hover me</p>

<a href="javascript:alert('js')">js link</a> <a href=" JaVaScRiPt:alert('js2')">js link 2</a>
<a href="vbscript:msgbox('vb')">vb link</a> <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>

<iframe src="https://evil.example/"></iframe><object data="evil.swf"></object><embed src="evil.swf">

<form action="https://evil.example/"><input type="text" name="q"><button formaction="javascript:alert(1)">Go</button></form>

<svg onload="alert('svg')"><script>alert('svg script')</script></svg>

<style>body { display: none }</style><span style="background:url(javascript:alert(1))">styled</span>

<img src="data:image/png;base64,iVBORw0KGgo=" onerror="alert('img')" alt="pixel">

<div><sup>2</sup> <sub>3</sub> <abbr title="North Atlantic Treaty Organization">NATO</abbr> <kbd>Ctrl</kbd> <mark>marked</mark></div>

<figure><blockquote>A quote.</blockquote><figcaption>Its source.</figcaption></figure>

<a href="https://example.com/safe" title="safe">safe link</a>
"#;

#[test]
fn raw_html_is_sanitised_by_default() {
    let html = body_of(HOSTILE_HTML, "");
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<script",
        "alert(",
        "onclick",
        "onmouseover",
        "onload",
        "onerror",
        "javascript:",
        "vbscript:",
        "data:text",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "formaction",
        "<style",
        "style=",
        "<svg",
    ] {
        assert!(!lower.contains(banned), "{banned} survived:\n{html}");
    }
    for kept in [
        "<sup>2</sup>",
        "<sub>3</sub>",
        "<abbr title=\"North Atlantic Treaty Organization\">NATO</abbr>",
        "<kbd>Ctrl</kbd>",
        "<mark>marked</mark>",
        "<figure><blockquote>A quote.</blockquote><figcaption>Its source.</figcaption></figure>",
        "<a href=\"https://example.com/safe\" title=\"safe\">safe link</a>",
        "Hover me",
        "js link",
        "alt=\"pixel\"",
    ] {
        assert!(html.contains(kept), "{kept} was lost:\n{html}");
    }
}

#[test]
fn allow_unsafe_html_keeps_raw_html_as_written() {
    let html = body_of(HOSTILE_HTML, "[markdown]\nallow_unsafe_html = true\n");
    for kept in [
        "<script>alert(\"script\")</script>",
        "onclick=\"alert('click')\"",
        "<a href=\"javascript:alert('js')\">",
        "<iframe src=\"https://evil.example/\">",
        "<style>",
    ] {
        assert!(html.contains(kept), "{kept} was changed:\n{html}");
    }
}

const HOSTILE_LINKS: &str = "[plain](javascript:alert(1)) [upper](JAVASCRIPT:alert(2)) \
[spaced]( javascript:alert(3)) [entity](&#106;avascript:alert(4)) [tab](java&#9;script:alert(5)) \
[vb](vbscript:msgbox(6)) [data](data:text/html;base64,PHNjcmlwdD4=) [file](file:///etc/passwd) \
[ref][r] <javascript:alert(7)> [ok](https://example.com/ok) [mail](mailto:desk@example.com) [rel](other/page.html)\n\n\
[r]: javascript:alert(8)\n";

#[test]
fn markdown_links_with_unsafe_schemes_lose_their_link() {
    for site in ["", "[markdown]\nallow_unsafe_html = true\n"] {
        let html = body_of(HOSTILE_LINKS, site);
        let hrefs: Vec<&str> = html
            .split("href=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        assert_eq!(
            hrefs,
            [
                "https://example.com/ok",
                "mailto:desk@example.com",
                "other/page.html"
            ],
            "only the safe links keep their link ({site:?}):\n{html}"
        );
        // The link text stays, as plain text.
        for text in [
            "plain", "upper", "spaced", "entity", "tab", "vb", "data", "file", "ref",
        ] {
            assert!(html.contains(text), "the text {text} was lost:\n{html}");
        }
        for kept in [
            "<a href=\"https://example.com/ok\">ok</a>",
            "<a href=\"mailto:desk@example.com\">mail</a>",
            "<a href=\"other/page.html\">rel</a>",
        ] {
            assert!(html.contains(kept), "{kept} was lost ({site:?}):\n{html}");
        }
    }
}

#[test]
fn the_page_forbids_scripts_even_when_raw_html_is_allowed() {
    let page = page_of(
        "<script>alert(1)</script>\n",
        "[markdown]\nallow_unsafe_html = true\n",
    );
    // The Content-Security-Policy runs no script the story brings.
    let csp = page
        .split("Content-Security-Policy\" content=\"")
        .nth(1)
        .expect("a CSP meta tag");
    let csp = &csp[..csp.find('"').unwrap()];
    let csp = csp.replace("&#39;", "'");
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    // Any script-src holds hashes only: never 'unsafe-inline', a host, or
    // the hash of the story's own script.
    use base64::Engine;
    use sha2::Digest;
    let story_script =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(b"alert(1)"));
    if let Some(scripts) = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
    {
        for source in scripts.split_whitespace().skip(1) {
            assert!(
                source.starts_with("'sha256-"),
                "script-src allows {source}: {csp}"
            );
            assert!(
                !source.contains(&story_script),
                "script-src allows the story's script: {csp}"
            );
        }
    }
}
