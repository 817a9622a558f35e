//! What raw HTML would load from another site, or would lose, on a page
//! that loads nothing and runs no script: an `<iframe>` becomes a link to
//! what it shows (a YouTube embed to the video's page), titled by its
//! `title`, as the `youtube` shortcode does; an asciinema player's
//! `<script>` a link to the recording. Any other element the sanitiser
//! takes out is named in a warning at its line, with why.

/// The link that stands for an embed: its address and its text. None when
/// the element is not one (a `<script>` that is no known player, an
/// `<iframe>` without an `http(s)` address).
pub(super) fn link_for(tag: &str, src: &str, title: Option<&str>) -> Option<(String, String)> {
    let src = src.trim();
    let src = if src.starts_with("//") {
        format!("https:{src}")
    } else {
        src.to_string()
    };
    let url = url::Url::parse(&src)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))?;
    let host = url.host_str()?.trim_start_matches("www.").to_string();
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    let (address, what) = match tag {
        "script" => {
            let id = asciinema_id(&url)?;
            (
                format!("https://asciinema.org/a/{id}"),
                "Terminal recording on asciinema".to_string(),
            )
        }
        _ => match youtube_id(&url) {
            Some(id) => (
                format!("https://www.youtube.com/watch?v={id}"),
                "Video on YouTube".to_string(),
            ),
            None if host == "player.vimeo.com" => (
                src.replacen("player.vimeo.com/video", "vimeo.com", 1),
                "Video on Vimeo".to_string(),
            ),
            None => (src.clone(), format!("Embedded page from {host}")),
        },
    };
    let text = match title {
        Some(t) => format!("{what}: {t}"),
        None => format!("{what} ({address})"),
    };
    Some((address, text))
}

/// The id of `https://www.youtube.com/embed/ID` (or youtube-nocookie's).
fn youtube_id(url: &url::Url) -> Option<String> {
    let host = url.host_str()?;
    if !(host.ends_with("youtube.com") || host.ends_with("youtube-nocookie.com")) {
        return None;
    }
    let id = url.path().strip_prefix("/embed/")?;
    plain(id).then(|| id.to_string())
}

/// The id of an asciinema player script, `https://asciinema.org/a/ID.js`.
fn asciinema_id(url: &url::Url) -> Option<String> {
    if url.host_str()?.trim_start_matches("www.") != "asciinema.org" {
        return None;
    }
    let id = url.path().strip_prefix("/a/")?.strip_suffix(".js")?;
    plain(id).then(|| id.to_string())
}

fn plain(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Why the sanitiser takes out an element it does not keep.
pub(super) fn why_removed(tag: &str) -> &'static str {
    match tag {
        "script" => "the page runs no script",
        "style" => "the page's own stylesheet styles it",
        "iframe" | "object" | "embed" | "frame" | "frameset" | "portal" => {
            "the page loads nothing from other sites"
        }
        "video" | "audio" | "source" | "track" | "picture" => {
            "the page plays no media (link to the file or the page that plays it)"
        }
        "form" | "button" | "select" | "textarea" | "option" | "input" => {
            "the page sends nothing anywhere"
        }
        "svg" | "math" | "canvas" => {
            "the sanitiser does not keep inline drawings (put the drawing in an image file)"
        }
        _ => "the sanitiser does not know it; what it encloses is kept",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_become_links_to_what_they_show() {
        assert_eq!(
            link_for(
                "iframe",
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=3",
                Some("Harbour tour")
            ),
            Some((
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ".into(),
                "Video on YouTube: Harbour tour".into()
            ))
        );
        assert_eq!(
            link_for("script", "https://asciinema.org/a/14.js", None),
            Some((
                "https://asciinema.org/a/14".into(),
                "Terminal recording on asciinema (https://asciinema.org/a/14)".into()
            ))
        );
        assert_eq!(
            link_for("iframe", "//maps.example.org/quay", Some("Map")),
            Some((
                "https://maps.example.org/quay".into(),
                "Embedded page from maps.example.org: Map".into()
            ))
        );
        assert_eq!(
            link_for("script", "https://example.org/track.js", None),
            None
        );
        assert_eq!(link_for("iframe", "javascript:alert(1)", None), None);
    }
}
