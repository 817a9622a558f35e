//! What stands in for an embed or a player: a link card (the provider and
//! a link, with the caption when there is one), so the page makes no
//! request to a third party, and a plain link to a video or audio file,
//! which the import publishes beside the page when it has the file.

use std::sync::LazyLock;

use regex::Regex;

/// An embed (a block's `url`, or a shortcode's) as a link card.
pub(crate) fn embed(url: &str, provider: &str, html: &str) -> String {
    let url = if url.trim().is_empty() {
        wrapper_text(html)
    } else {
        url.trim().to_string()
    };
    if url.is_empty() {
        return caption(html)
            .map(|c| format!("<p>{c}</p>\n"))
            .unwrap_or_default();
    }
    let provider = provider_name(provider, &url);
    let mut card = format!(
        "<p><strong>{}</strong>: <a href=\"{}\">{}</a></p>\n",
        escape(&provider),
        escape(&url),
        escape(&url)
    );
    if let Some(caption) = caption(html) {
        card.push_str(&format!("<p>{caption}</p>\n"));
    }
    card
}

/// A video or audio block (or shortcode) as a link to its file.
pub(crate) fn media(kind: &str, html: &str) -> String {
    static SRC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<(?:video|audio|source)\b[^>]*?\ssrc="([^"]+)""#).expect("a valid pattern")
    });
    let Some(src) = SRC.captures(html).map(|c| c[1].to_string()) else {
        return caption(html)
            .map(|c| format!("<p>{c}</p>\n"))
            .unwrap_or_default();
    };
    media_link(kind, &src, caption(html).as_deref())
}

/// A link to a media file, labelled by its kind and file name.
pub(crate) fn media_link(kind: &str, src: &str, caption: Option<&str>) -> String {
    let label = if kind == "audio" { "Audio" } else { "Video" };
    let name = src
        .rsplit('/')
        .next()
        .unwrap_or(src)
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let mut html = format!(
        "<p>{label}: <a href=\"{}\">{}</a></p>\n",
        escape_attr(src),
        escape(name)
    );
    if let Some(caption) = caption.filter(|c| !c.trim().is_empty()) {
        html.push_str(&format!("<p>{caption}</p>\n"));
    }
    html
}

/// The caption of a figure, as HTML.
fn caption(html: &str) -> Option<String> {
    static FIGCAPTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)<figcaption[^>]*>(.*?)</figcaption>").expect("a valid pattern")
    });
    FIGCAPTION
        .captures(html)
        .map(|c| c[1].trim().to_string())
        .filter(|c| !c.is_empty())
}

/// The URL an old embed block keeps in its wrapper's text.
fn wrapper_text(html: &str) -> String {
    static WRAPPER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?s)class="wp-block-embed__wrapper">\s*(\S+?)\s*</div>"#)
            .expect("a valid pattern")
    });
    WRAPPER
        .captures(html)
        .map(|c| c[1].replace("&amp;", "&"))
        .unwrap_or_default()
}

/// The provider's name: from the block's slug, else the URL's host.
fn provider_name(slug: &str, url: &str) -> String {
    let known = [
        ("youtube", "YouTube"),
        ("vimeo", "Vimeo"),
        ("twitter", "X"),
        ("x", "X"),
        ("instagram", "Instagram"),
        ("facebook", "Facebook"),
        ("soundcloud", "SoundCloud"),
        ("spotify", "Spotify"),
        ("flickr", "Flickr"),
        ("tiktok", "TikTok"),
        ("wordpress-tv", "WordPress.tv"),
        ("wordpress", "WordPress"),
        ("reddit", "Reddit"),
        ("slideshare", "SlideShare"),
        ("tumblr", "Tumblr"),
        ("dailymotion", "Dailymotion"),
        ("kickstarter", "Kickstarter"),
        ("ted", "TED"),
        ("imgur", "Imgur"),
        ("issuu", "Issuu"),
        ("mixcloud", "Mixcloud"),
        ("scribd", "Scribd"),
        ("speaker-deck", "Speaker Deck"),
        ("videopress", "VideoPress"),
        ("animoto", "Animoto"),
        ("cloudup", "Cloudup"),
        ("crowdsignal", "Crowdsignal"),
        ("amazon-kindle", "Amazon Kindle"),
        ("pinterest", "Pinterest"),
        ("bluesky", "Bluesky"),
        ("pocket-casts", "Pocket Casts"),
    ];
    if let Some((_, name)) = known.iter().find(|(s, _)| *s == slug) {
        return (*name).to_string();
    }
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    let host = host.trim_start_matches("www.");
    let by_host = [
        ("youtube.com", "YouTube"),
        ("youtu.be", "YouTube"),
        ("vimeo.com", "Vimeo"),
        ("twitter.com", "X"),
        ("x.com", "X"),
        ("instagram.com", "Instagram"),
    ];
    if let Some((_, name)) = by_host.iter().find(|(h, _)| host.ends_with(h)) {
        return (*name).to_string();
    }
    if host.is_empty() {
        "Link".to_string()
    } else {
        host.to_string()
    }
}

/// Text escaped for HTML.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An attribute value taken from HTML (entities already written) made safe
/// to put back between double quotes.
fn escape_attr(value: &str) -> String {
    value.replace('"', "&quot;").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_embed_is_a_card_with_its_link_and_caption() {
        let html = "<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=abc&amp;t=1\n</div><figcaption>The launch</figcaption></figure>";
        let card = embed("", "", html);
        assert!(card.contains("<strong>YouTube</strong>"), "{card}");
        assert!(
            card.contains("href=\"https://www.youtube.com/watch?v=abc&amp;t=1\""),
            "{card}"
        );
        assert!(card.contains("<p>The launch</p>"), "{card}");
        assert!(!card.contains("iframe"));
    }

    #[test]
    fn a_video_is_a_link_to_its_file() {
        let html = "<figure class=\"wp-block-video\"><video controls src=\"https://ex.org/wp-content/uploads/2020/01/clip.mp4\"></video><figcaption>Harbour at dawn</figcaption></figure>";
        let link = media("video", html);
        assert!(
            link.contains(
                "Video: <a href=\"https://ex.org/wp-content/uploads/2020/01/clip.mp4\">clip.mp4</a>"
            ),
            "{link}"
        );
        assert!(link.contains("Harbour at dawn"));
    }
}
