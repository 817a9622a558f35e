//! Where a link on a built page points: another site, outside the site, or
//! a page or file of the site (with its `#fragment`), resolved against the
//! page's own address and the site's base path.

/// Where an `href` on a built page points, once resolved.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Href {
    /// Another site, a `mailto:` or `data:` URL, or a root-relative path
    /// outside the site's base path (another part of its host): not checked.
    External,
    /// A relative path that climbs above the site root.
    Outside,
    /// A path within the built site (`""` for its root) and the fragment.
    Local {
        path: String,
        fragment: Option<String>,
    },
}

/// Where `href`, found on the built page `page`, points; a root-relative
/// `href` is read against `base_path` (the path of `base_url`), else
/// against the root of the host, where a site without one is served.
pub(super) fn resolve(page: &str, href: &str, base_path: Option<&str>) -> Href {
    let base_path = base_path.unwrap_or("/");
    let href = href.trim();
    let (rest, fragment) = match href.split_once('#') {
        Some((r, f)) => (r, Some(decode(f))),
        None => (href, None),
    };
    let fragment = fragment.filter(|f| !f.is_empty());
    let rest = rest.split('?').next().unwrap_or("");
    let has_scheme = rest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && !s.contains('/')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if has_scheme || rest.starts_with("//") {
        return Href::External;
    }
    let (mut parts, rest): (Vec<&str>, &str) = if let Some(absolute) = rest.strip_prefix('/') {
        let written = format!("/{absolute}");
        let inside = written
            .strip_prefix(base_path)
            .or_else(|| (written == base_path.trim_end_matches('/')).then_some(""));
        match inside.map(str::to_string) {
            Some(inside) => return resolve_parts(Vec::new(), &inside, fragment),
            None => return Href::External,
        }
    } else {
        let dir: Vec<&str> = page.split('/').collect();
        (dir[..dir.len() - 1].to_vec(), rest)
    };
    if rest.is_empty() {
        // `#id` alone, or `?query`: this very page.
        return Href::Local {
            path: page.to_string(),
            fragment,
        };
    }
    parts.retain(|p| !p.is_empty());
    resolve_parts(
        parts.into_iter().map(str::to_string).collect(),
        rest,
        fragment,
    )
}

fn resolve_parts(mut parts: Vec<String>, rest: &str, fragment: Option<String>) -> Href {
    let decoded = decode(rest);
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            ".." => {
                if parts.pop().is_none() {
                    return Href::Outside;
                }
            }
            "." | "" => {}
            s => parts.push(s.to_string()),
        }
        // A path ending in a folder (`a/`, `..`, `.`) names that folder.
        if i == last && matches!(*segment, ".." | "." | "") && !parts.is_empty() {
            let mut path = parts.join("/");
            path.push('/');
            return Href::Local { path, fragment };
        }
    }
    Href::Local {
        path: parts.join("/"),
        fragment,
    }
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(path: &str, fragment: Option<&str>) -> Href {
        Href::Local {
            path: path.to_string(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn resolves_links_relative_to_the_page() {
        assert_eq!(
            resolve("index.html", "#a", None),
            local("index.html", Some("a"))
        );
        assert_eq!(
            resolve("a/b/index.html", "../c/", None),
            local("a/c/", None)
        );
        assert_eq!(
            resolve("a/index.html", "../index.html#x", None),
            local("index.html", Some("x"))
        );
        assert_eq!(resolve("a/index.html", "..", None), local("", None));
        assert_eq!(resolve("index.html", "../x.html", None), Href::Outside);
        assert_eq!(
            resolve("index.html", "https://e.com/#x", None),
            Href::External
        );
        assert_eq!(
            resolve("index.html", "mailto:?subject=a", None),
            Href::External
        );
        assert_eq!(resolve("index.html", "data:,", None), Href::External);
        assert_eq!(resolve("index.html", "//e.com/x", None), Href::External);
        assert_eq!(
            resolve("index.html", "/about/", None),
            local("about/", None)
        );
        assert_eq!(resolve("a/index.html", "/", None), local("", None));
        assert_eq!(
            resolve("index.html", "/about/", Some("/news/")),
            Href::External
        );
        assert_eq!(
            resolve("index.html", "/news", Some("/news/")),
            local("", None)
        );
        assert_eq!(
            resolve("index.html", "/news/a/#b", Some("/news/")),
            local("a/", Some("b"))
        );
        assert_eq!(
            resolve("index.html", "caf%C3%A9.html", None),
            local("café.html", None)
        );
        assert_eq!(
            resolve("index.html", "#caf%C3%A9", None),
            local("index.html", Some("café"))
        );
    }
}
