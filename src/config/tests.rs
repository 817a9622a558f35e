//! Settings refused, and where the message points.

use super::*;

#[test]
fn base_urls_must_be_absolute_http_or_https() {
    for good in [
        "https://example.com/news/",
        "http://example.com",
        "https://example.com:8080/a/b",
        "HTTPS://Example.com/",
    ] {
        assert_eq!(check_base_url(good), Ok(()), "{good}");
    }
    for (bad, why) in [
        ("javascript:alert(1)", "scheme is javascript:"),
        ("not a url", "a space"),
        ("example.com/news/", "no scheme"),
        ("ftp://example.com/", "scheme is ftp:"),
        ("https://", "not a valid URL"),
        ("https:example.com", "must start with https://"),
        ("https://user:secret@example.com/", "user name or password"),
        ("https://example.com/?page=1", "?query"),
        ("https://example.com/#top", "#fragment"),
        ("https://example.com/\n", "U+000A"),
        ("https:\\\\example.com", "backslash"),
        ("", "empty"),
        ("file:///etc/passwd", "scheme is file:"),
        ("data:text/html,hi", "scheme is data:"),
    ] {
        let problem = check_base_url(bad).expect_err(bad);
        assert!(problem.contains(why), "{bad}: {problem}");
    }
}

#[test]
fn an_unsafe_link_is_located() {
    let text = "name = \"x\"\nhome_url = \"https://example.com/\"\n[more_from]\nlinks = [\n  { title = \"a\", url = \"/a/\" },\n  { title = \"b\", url = \"javascript:alert(1)\" },\n]\n";
    let validate = |text: &str| SiteConfig::parse(text).unwrap().validate(text);
    let d = validate(text).unwrap_err();
    assert_eq!(
        d.message,
        "the [more_from] link `javascript:alert(1)` is not an http(s), mailto: or relative URL"
    );
    let at = d.location.unwrap();
    assert_eq!((at.line, at.column), (6, 24));
    let d = validate("home_url = 'javascript:alert(1)'").unwrap_err();
    let ok = text.replace("javascript:alert(1)", "mailto:b@example.com");
    assert_eq!(d.location.map(|l| (l.line, l.column)), Some((1, 12)));
    assert!(SiteConfig::parse(&ok).unwrap().validate(&ok).is_ok());
}

#[test]
fn a_bad_base_url_points_at_its_line() {
    let text =
        "# base_url = \"https://example.com/\"\nname = \"x\"\nbase_url = \"ftp://example.com/\"\n";
    let d = SiteConfig::parse(text).unwrap().validate(text).unwrap_err();
    assert!(
        d.message
            .contains("base_url `ftp://example.com/` is not an absolute http or https URL"),
        "{}",
        d.message
    );
    assert_eq!(
        d.location.as_ref().map(|l| (l.line, l.column)),
        Some((3, 12))
    );
}

#[test]
fn keep_takes_top_level_names() {
    let text = "[output]\nkeep = [\"CNAME\",\n  \"a/b\"]\n";
    let config = SiteConfig::parse(text).unwrap();
    let d = config.validate(text).unwrap_err();
    assert!(
        d.message
            .contains("[output] keep cannot name `a/b`: it is a path"),
        "{}",
        d.message
    );
    assert_eq!(
        d.location.as_ref().map(|l| (l.line, l.column)),
        Some((3, 3))
    );
    let ok = SiteConfig::parse("[output]\nkeep = [\"robots.txt\"]\n").unwrap();
    assert_eq!(ok.kept_names(), ["CNAME", "robots.txt"]);
    assert_eq!(SiteConfig::default().kept_names(), ["CNAME"]);
}
