//! What a built page holds that `check` looks at: element ids, the links
//! and image sources (with their lines), images with no alt text, and the
//! meta description, read with the HTML tokenizer. Only what templates
//! write needs this; a story's own links and images are facts of rendering.

use std::collections::HashSet;

use crate::html::Flow;

/// What a built page holds that can be checked.
#[derive(Debug, Default)]
pub(super) struct PageScan {
    pub(super) ids: HashSet<String>,
    /// `href`s and `src`s with the line of the built page they are on.
    pub(super) links: Vec<(String, u64)>,
    /// Images that need alt text and have none, with their line.
    pub(super) missing_alt: Vec<u64>,
    pub(super) description: Option<String>,
}

pub(super) fn scan_page(html: &str) -> PageScan {
    let mut scan = PageScan::default();
    crate::html::tags(html, |tag| {
        if tag.end {
            return Flow::Continue;
        }
        if let Some(id) = tag.attr("id") {
            scan.ids.insert(id.to_string());
        }
        match tag.name {
            "a" | "area" | "link" => {
                if let Some(name) = tag.attr("name").filter(|_| tag.name == "a") {
                    scan.ids.insert(name.to_string());
                }
                if let Some(href) = tag.attr("href") {
                    scan.links.push((href.to_string(), tag.line));
                }
            }
            "img" => {
                if let Some(src) = tag.attr("src") {
                    scan.links.push((src.to_string(), tag.line));
                }
                // alt="" is right for a decorative image, when the page says so.
                let decorative = tag
                    .attr("role")
                    .is_some_and(|r| r == "presentation" || r == "none")
                    || tag.attr("aria-hidden").is_some_and(|v| v == "true");
                if !decorative && tag.attr("alt").is_none_or(|alt| alt.trim().is_empty()) {
                    scan.missing_alt.push(tag.line);
                }
            }
            "meta"
                if tag
                    .attr("name")
                    .is_some_and(|n| n.eq_ignore_ascii_case("description")) =>
            {
                scan.description = tag.attr("content").map(str::to_string);
            }
            _ => {}
        }
        Flow::Continue
    });
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_ids_links_images_and_description() {
        let html = r##"<!DOCTYPE html><html><head><meta name="description" content="D &amp; E">
<style>a[href="#nope"] { }</style><script>var s = "<a href='#no'>";</script></head>
<body><h2 id="one">One</h2><a name="two"></a><a href="#one">x</a>
<img src="data:," alt=""><img src="data:," alt="A cat"><img src="data:," alt="" role="presentation"></body></html>"##;
        let scan = scan_page(html);
        assert!(scan.ids.contains("one") && scan.ids.contains("two"));
        let links: Vec<&str> = scan.links.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(links, ["#one", "data:,", "data:,", "data:,"]);
        assert_eq!(scan.missing_alt, [4]);
        assert_eq!(scan.description.as_deref(), Some("D & E"));
    }
}
