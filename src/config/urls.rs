//! The URLs a site's settings may hold: a base URL must be an absolute
//! http(s) address written out in full; a link every page carries must be
//! http(s), `mailto:` or relative, its scheme read as a browser reads it.

/// Why `url` cannot be a site's base URL, if it cannot: it must be an
/// absolute `http` or `https` URL, written out in full (`https://host/...`),
/// with a host, without a user name or password, a `?query` or a
/// `#fragment` (pages are addressed by adding their paths to it). The same
/// check serves `--base-url` and `base_url` in site.toml.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let parsed = check_http_url(url)?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(
            "it has a `?query` or `#fragment`, and page addresses are added to its end".to_string(),
        );
    }
    Ok(())
}

/// Whether a link is http(s), `mailto:` or relative, its scheme read as a
/// browser reads it: spaces and control characters around the URL, and
/// tabs and newlines in it, do not count.
pub(crate) fn is_safe_link(url: &str) -> bool {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    crate::paths::scheme(&url).is_none_or(|scheme| {
        ["http", "https", "mailto"]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s))
    })
}

/// Why `url` is not an absolute `http` or `https` URL written out in full,
/// with a host and no user name or password, if it is not. Returns the URL,
/// parsed.
pub fn check_http_url(url: &str) -> Result<url::Url, String> {
    if url.is_empty() {
        return Err("it is empty".to_string());
    }
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == '\\')
    {
        return Err(format!("it contains {}", describe_char(c)));
    }
    let parsed = url::Url::parse(url).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => "it has no scheme such as https://".to_string(),
        other => format!("it is not a valid URL ({other})"),
    })?;
    let scheme = parsed.scheme();
    if scheme != "http" && scheme != "https" {
        return Err(format!("its scheme is {scheme}:"));
    }
    // The URL parser reads `https:example.com` as `https://example.com/`;
    // the address is used as written, so it must be written in full.
    if !url
        .to_ascii_lowercase()
        .starts_with(&format!("{scheme}://"))
    {
        return Err(format!("it must start with {scheme}://"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("it has no host".to_string());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("it holds a user name or password".to_string());
    }
    Ok(parsed)
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        '\\' => "a backslash".to_string(),
        c => format!("the character U+{:04X}", c as u32),
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn only_http_mailto_and_relative_links() {
        for safe in [
            "https://example.com/",
            "HTTP://example.com",
            "mailto:desk@example.com",
            "/about/",
            "../index.html",
            "page.html",
            "#top",
            "?page=2",
            "//example.com/x",
            "a b:c",
            "1x:y",
        ] {
            assert!(is_safe_link(safe), "{safe}");
        }
        for unsafe_ in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:x",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "tel:+123",
        ] {
            assert!(!is_safe_link(unsafe_), "{unsafe_:?}");
        }
    }
}
