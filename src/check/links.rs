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

/// The site's root as a URL that no link names, for `url::Url::join` to
/// resolve links against: a link that leaves it climbs above the site.
const ROOT: &str = "http://site.invalid/root/";

/// Where `href`, found on the built page `page`, points; a root-relative
/// `href` is read against `base_path` (the path of `base_url`), else
/// against the root of the host, where a site without one is served.
pub(super) fn resolve(page: &str, href: &str, base_path: Option<&str>) -> Href {
    let base_path = base_path.unwrap_or("/");
    let href = href.trim();
    let path = href.split(['#', '?']).next().unwrap_or("");
    if crate::paths::has_scheme(path) || path.starts_with("//") {
        return Href::External;
    }
    let Ok(root) = url::Url::parse(ROOT) else {
        return Href::External;
    };
    let joined = if path.starts_with('/') {
        // Inside the site only under the base path.
        let after = href.strip_prefix(base_path).or_else(|| {
            let base = base_path.trim_end_matches('/');
            href.strip_prefix(base)
                .filter(|rest| rest.is_empty() || rest.starts_with(['#', '?']))
        });
        match after {
            Some(inside) => root.join(inside),
            None => return Href::External,
        }
    } else {
        root.join(page).and_then(|page| page.join(href))
    };
    let Ok(url) = joined else {
        return Href::Outside;
    };
    let Some(path) = url.path().strip_prefix(root.path()) else {
        return Href::Outside;
    };
    Href::Local {
        path: decode(path),
        fragment: url.fragment().map(decode).filter(|f| !f.is_empty()),
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
