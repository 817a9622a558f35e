//! What the tags broadside knows become, written as Markdown so the rest
//! of the renderer treats them as if the story had said so itself: a
//! figure is an image alone in its paragraph (inlined, captioned), a
//! highlighted block a fenced code block with its language, a video or a
//! gist a plain link whose text says what it leads to (no frame, no
//! script).

use super::syntax::{Arg, Call};
use crate::addresses::Addresses;

/// `text` with every ASCII punctuation character escaped, so Markdown
/// shows it as written.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// A link destination in angle brackets: spaces allowed, `<`, `>` escaped.
fn destination(url: &str) -> String {
    let mut out = String::from("<");
    for c in url.chars().filter(|c| *c != '\n') {
        if matches!(c, '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('>');
    out
}

/// A link title in double quotes.
fn title(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out.push('"');
    out
}

/// Hugo's `figure` (and Zola's shortcode of that name): an image with
/// its caption, linked when `link` is given. None without `src`.
pub(super) fn figure(call: &Call) -> Option<String> {
    let src = call.arg("src", Some(0)).filter(|s| !s.trim().is_empty())?;
    let caption: Vec<&str> = [call.arg("title", None), call.arg("caption", None)]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let caption = caption.join(". ");
    let alt = call
        .arg("alt", None)
        .map(str::to_string)
        .unwrap_or_else(|| caption.clone());
    let mut image = format!("![{}]({}", escape(&alt), destination(src));
    if !caption.is_empty() {
        image.push(' ');
        image.push_str(&title(&caption));
    }
    image.push(')');
    Some(match call.arg("link", None) {
        Some(link) if !link.trim().is_empty() => format!("[{image}]({})", destination(link)),
        _ => image,
    })
}

/// Whether `id` is safe to put in a URL as it is.
fn plain_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `youtube` and `vimeo`: a link to the video, its text naming it. None
/// without a usable id.
pub(super) fn video(name: &str, call: &Call) -> Option<String> {
    let id = call.arg("id", Some(0)).filter(|id| plain_id(id))?;
    let (site, url) = match name {
        "youtube" => ("YouTube", format!("https://www.youtube.com/watch?v={id}")),
        _ => ("Vimeo", format!("https://vimeo.com/{id}")),
    };
    let label = match call
        .arg("title", None)
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(t) => format!("Video on {site}: {t}"),
        None => format!("Video on {site} ({id})"),
    };
    Some(format!("[{}]({})", escape(&label), destination(&url)))
}

/// `gist`: Hugo's `{{< gist user id [file] >}}` or Zola's
/// `{{ gist(url="…") }}`, as a link to the gist.
pub(super) fn gist(call: &Call) -> Option<String> {
    if let Some(url) = call.arg("url", None).filter(|u| u.starts_with("https://")) {
        return Some(format!(
            "[{}]({})",
            escape(&format!("Gist: {url}")),
            destination(url)
        ));
    }
    let user = call.arg("user", Some(0)).filter(|u| plain_id(u))?;
    let id = call.arg("id", Some(1)).filter(|i| plain_id(i))?;
    let file = call.arg("file", Some(2)).filter(|f| plain_id(f));
    let mut url = format!("https://gist.github.com/{user}/{id}");
    let mut label = format!("Gist by {user}");
    if let Some(file) = file {
        url.push_str(&format!(
            "#file-{}",
            file.replace('.', "-").to_ascii_lowercase()
        ));
        label.push_str(&format!(": {file}"));
    }
    Some(format!("[{}]({})", escape(&label), destination(&url)))
}

/// The language of a highlighted block: `lang=`, else the first
/// positional argument, when it is a plain name.
pub(super) fn language(call: &Call) -> String {
    call.arg("lang", Some(0))
        .filter(|l| {
            !l.contains('=')
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'))
        })
        .unwrap_or("")
        .to_string()
}

/// Hugo shortcodes whose inside is code, kept as a code block (as
/// `highlight` is): `code-toggle` (site settings, which Hugo's docs show in
/// TOML, YAML and JSON; here as written), `code` and `output` (a file and
/// what it makes, in Hugo's docs).
pub(super) const CODE_SHORTCODES: &[&str] = &["code-toggle", "code", "output"];

/// The language of what a shortcode of [`CODE_SHORTCODES`] encloses:
/// `lang=` or the first positional argument, else the extension of
/// `file=` (`layouts/single.html`), else, for settings, the format its
/// first line is written in (TOML, YAML or JSON).
pub(super) fn enclosed_language(call: &Call, body: &str) -> String {
    let named = language(call);
    if !named.is_empty() {
        return named;
    }
    let extension = call
        .arg("file", None)
        .and_then(|f| f.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|ext| ext.chars().all(|c| c.is_ascii_alphanumeric()));
    if let Some(extension) = extension {
        return extension;
    }
    let first = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let key_end = first.find(['=', ':']).map(|i| &first[i..i + 1]);
    if first.starts_with('{') {
        "json"
    } else if first.starts_with('[') || key_end == Some("=") {
        "toml"
    } else if key_end == Some(":") || first.starts_with("- ") {
        "yaml"
    } else {
        ""
    }
    .to_string()
}

/// A code fence longer than any run of backticks in `body`.
pub(super) fn fence(body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

/// A Liquid output Jekyll renders from the site's settings:
/// `site.baseurl`, `site.url`, and a quoted path through `relative_url`
/// or `absolute_url`. None for anything else.
pub(super) fn liquid_output(args: &[Arg], addresses: &Addresses) -> Option<String> {
    match args {
        [
            Arg {
                key: None,
                value,
                quoted: false,
            },
        ] => match value.as_str() {
            "site.baseurl" => Some(addresses.base_path.clone()),
            "site.url" => Some(addresses.site_url.clone()),
            _ => None,
        },
        [
            Arg {
                key: None,
                value: path,
                quoted: true,
            },
            Arg {
                value: bar,
                quoted: false,
                ..
            },
            Arg {
                value: filter,
                quoted: false,
                ..
            },
        ] if bar == "|" => {
            let path = if path.starts_with('/') || path.is_empty() {
                path.clone()
            } else {
                format!("/{path}")
            };
            match filter.as_str() {
                "relative_url" => Some(format!("{}{path}", addresses.base_path)),
                "absolute_url" => Some(format!(
                    "{}{}{path}",
                    addresses.site_url, addresses.base_path
                )),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::syntax::{arguments, call};
    use super::*;

    #[test]
    fn figures_become_captioned_images() {
        let c = call(
            "figure src=\"boats at dawn.png\" title=\"The quay\" caption=\"At 6 \\\"sharp\\\"\" alt=\"Boats [moored]\"",
        );
        assert_eq!(
            figure(&c).unwrap(),
            "![Boats \\[moored\\]](<boats at dawn.png> \"The quay. At 6 \\\"sharp\\\"\")"
        );
        let c = call("figure src=a.png link=https://e.com/");
        assert_eq!(figure(&c).unwrap(), "[![](<a.png>)](<https://e.com/>)");
        assert_eq!(figure(&call("figure alt=x")), None);
    }

    #[test]
    fn videos_and_gists_become_links() {
        assert_eq!(
            video("youtube", &call("youtube w7Ft2ymGmfc")).unwrap(),
            "[Video on YouTube \\(w7Ft2ymGmfc\\)](<https://www.youtube.com/watch?v=w7Ft2ymGmfc>)"
        );
        assert_eq!(
            video("vimeo", &call("vimeo(id=\"146022717\", title=\"Quay\")")).unwrap(),
            "[Video on Vimeo\\: Quay](<https://vimeo.com/146022717>)"
        );
        assert_eq!(video("youtube", &call("youtube \"a b\"")), None);
        assert_eq!(
            gist(&call("gist spf13 7896402 img.html")).unwrap(),
            "[Gist by spf13\\: img\\.html](<https://gist.github.com/spf13/7896402#file-img-html>)"
        );
    }

    #[test]
    fn fences_and_site_values() {
        assert_eq!(fence("a ```` b"), "`````");
        assert_eq!(fence("plain"), "```");
        assert_eq!(language(&call("highlight ruby linenos")), "ruby");
        assert_eq!(language(&call("highlight \"linenos=table\"")), "");
        let toggle = call("code-toggle file=\"config\"");
        assert_eq!(
            enclosed_language(&toggle, "\nmarkup:\n  goldmark:\n"),
            "yaml"
        );
        assert_eq!(enclosed_language(&toggle, "# c\n[markup]\n"), "toml");
        assert_eq!(enclosed_language(&toggle, "title = \"a: b\"\n"), "toml");
        assert_eq!(enclosed_language(&toggle, " {\"a\": 1}"), "json");
        assert_eq!(
            enclosed_language(&call("code file=\"layouts/single.html\""), "<p>"),
            "html"
        );
        assert_eq!(
            enclosed_language(&call("code lang=go-html-template file=a.html"), ""),
            "go-html-template"
        );
        let mut addresses = Addresses::default();
        addresses.site_url = "https://e.com".into();
        addresses.base_path = "/news".into();
        assert_eq!(
            liquid_output(&arguments("site.baseurl"), &addresses).as_deref(),
            Some("/news")
        );
        assert_eq!(
            liquid_output(&arguments("\"docs/x\" | absolute_url"), &addresses).as_deref(),
            Some("https://e.com/news/docs/x")
        );
        assert_eq!(
            liquid_output(&arguments("site.repository"), &addresses),
            None
        );
    }
}
