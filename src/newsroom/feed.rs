//! The whole story in an Atom entry (`<content type="html">`), as feed
//! readers show it away from the page: every address absolute, and every
//! image the page inlines as a `data:` URI published as a file beside the
//! page instead (a feed reader would refuse or choke on the `data:` URI),
//! its name the hash of its bytes. The result is sanitised again with
//! ammonia's defaults, so even a story built with `allow_unsafe_html`
//! puts no script into a reader.

use std::cell::RefCell;
use std::collections::BTreeMap;

use base64::Engine;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use sha2::{Digest, Sha256};

/// A `data:` image of a page, published as a file for the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeedImage {
    /// The file's name beside the page (`feed-3f2a9c….webp`).
    pub name: String,
    /// Where the `data:` URI starts and ends in the page's HTML.
    range: std::ops::Range<usize>,
}

impl FeedImage {
    /// The image's bytes, decoded from its `data:` URI in `html`.
    pub(crate) fn bytes(&self, html: &str) -> Option<Vec<u8>> {
        let uri = html.get(self.range.clone())?;
        let (_, data) = uri.split_once(";base64,")?;
        base64::engine::general_purpose::STANDARD.decode(data).ok()
    }
}

/// The `data:` images of `html` (`src="data:image/…;base64,…"`), each
/// named by the hash of its URI, in the order first met.
pub(crate) fn images(html: &str) -> Vec<FeedImage> {
    let mut found: Vec<FeedImage> = Vec::new();
    let needle = "src=\"data:image/";
    let mut from = 0;
    while let Some(at) = html[from..].find(needle) {
        let start = from + at + "src=\"".len();
        let Some(len) = html[start..].find('"') else {
            break;
        };
        let uri = &html[start..start + len];
        from = start + len;
        let ext = match uri.split([';', ',']).next().unwrap_or("") {
            "data:image/webp" => "webp",
            "data:image/png" => "png",
            "data:image/jpeg" => "jpg",
            "data:image/gif" => "gif",
            "data:image/svg+xml" => "svg",
            _ => continue,
        };
        if !uri.contains(";base64,") {
            continue;
        }
        let hash = Sha256::digest(uri.as_bytes());
        let name = format!("feed-{}.{ext}", hex::encode(&hash[..8]));
        if !found.iter().any(|f| f.name == name) {
            found.push(FeedImage {
                name,
                range: start..start + len,
            });
        }
    }
    found
}

/// The story's HTML for a feed entry: addresses made absolute from
/// `page_url` (the story's own), `data:` images pointing at their
/// published files, then sanitised.
pub(crate) fn content(html: &str, page_url: &str) -> String {
    let Ok(base) = url::Url::parse(page_url) else {
        return String::new();
    };
    let published: BTreeMap<String, String> = images(html)
        .into_iter()
        .filter_map(|image| {
            let uri = html.get(image.range.clone())?.to_string();
            Some((uri, format!("{page_url}{}", image.name)))
        })
        .collect();
    let absolute = |value: &str| -> Option<String> {
        if value.starts_with("data:") {
            return published.get(value).cloned();
        }
        base.join(value.trim()).ok().map(String::from)
    };
    let absolute = RefCell::new(absolute);
    let fix = |el: &mut lol_html::html_content::Element<'_, '_>, attr: &str| {
        if let Some(value) = el.get_attribute(attr) {
            match (absolute.borrow_mut())(&value) {
                Some(url) => el.set_attribute(attr, &url)?,
                None => el.remove_attribute(attr),
            }
        }
        Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a[href]", |el| fix(el, "href")))
        .append_element_content_handler(element!("img", |el| {
            el.remove_attribute("srcset");
            fix(el, "src")
        }));
    let rewritten = rewrite_str(html, settings).unwrap_or_default();
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into())
        .url_relative(ammonia::UrlRelative::Deny)
        .clean(&rewritten)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_absolute_and_images_published() {
        let png = "data:image/png;base64,iVBORw0KGgo=";
        let html = format!(
            "<p><a href=\"../other/\">o</a> <a href=\"#fn-1\">1</a></p><img src=\"{png}\" alt=\"A\" width=\"2\"><img src=\"{png}\" alt=\"B\"><script>x()</script><p onclick=\"y()\">t</p>"
        );
        let found = images(&html);
        assert_eq!(found.len(), 1);
        assert!(found[0].name.starts_with("feed-") && found[0].name.ends_with(".png"));
        assert_eq!(
            found[0].bytes(&html).unwrap()[..4],
            [0x89, b'P', b'N', b'G']
        );
        let out = content(&html, "https://e.com/news/story/");
        assert!(out.contains("href=\"https://e.com/news/other/\""), "{out}");
        assert!(
            out.contains("href=\"https://e.com/news/story/#fn-1\""),
            "{out}"
        );
        let src = format!("src=\"https://e.com/news/story/{}\"", found[0].name);
        assert_eq!(out.matches(&src).count(), 2, "{out}");
        assert!(
            !out.contains("data:") && !out.contains("script") && !out.contains("onclick"),
            "{out}"
        );
    }
}
