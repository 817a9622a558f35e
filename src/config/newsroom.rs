//! The newsroom's settings in `site.toml`: who writes (`[authors.<id>]`),
//! what the Atom feeds carry (`[feed]`), what `robots.txt` says
//! (`[robots]`), and the zone the times of live coverage are in
//! (`timezone`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::locate::{Step, locate};
use super::urls::is_safe_link;
use crate::error::Diagnostic;

/// `[authors.<id>]`: a writer, found by the id a story's `authors` names.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AuthorConfig {
    /// The name the byline shows.
    pub name: String,
    /// The writer's own page elsewhere (a profile, a home page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A line or two about the writer, for their author page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// Their portrait: an image file in the content folder, or a URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// `[feed]`: what the Atom feeds carry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedConfig {
    /// Each entry carries the whole story; `false` keeps summaries only.
    pub full: bool,
    /// The most entries a feed holds, newest first (jekyll-feed's
    /// `posts_limit`, Zola's `feed_limit`): a feed is read for what is new,
    /// and one of every story would grow with the archive.
    #[serde(alias = "posts_limit", alias = "feed_limit")]
    pub limit: usize,
}

/// How many entries a feed holds unless `[feed] limit` says.
pub(crate) const FEED_LIMIT: usize = 50;

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            full: true,
            limit: FEED_LIMIT,
        }
    }
}

/// `[robots]`: rules `robots.txt` carries besides the sitemaps.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RobotsConfig {
    /// Paths no crawler may fetch, e.g. `["/drafts/"]`.
    pub disallow: Vec<String>,
    /// Paths crawlers may fetch inside a disallowed one.
    pub allow: Vec<String>,
    /// Crawlers shut out of the whole site, by user agent (`GPTBot`).
    pub block: Vec<String>,
}

/// The authors table, checked: every id a usable folder name, every name
/// present, every URL safe to link to.
pub(super) fn check_authors(
    authors: &BTreeMap<String, AuthorConfig>,
    text: &str,
) -> Result<(), Diagnostic> {
    for (id, author) in authors {
        let at = |key: &'static str| {
            let path = [Step::Key("authors"), Step::Key(id), Step::Key(key)];
            locate(text, &path).or_else(|| locate(text, &path[..2]))
        };
        let problem = author_problem(id, author);
        if let Some((key, message, help)) = problem {
            let mut d = Diagnostic::error(message).help(help);
            if let Some(location) = at(key) {
                d = d.at(location);
            }
            return Err(d);
        }
    }
    Ok(())
}

/// What is wrong with `[authors.<id>]`, if anything: the key to point at,
/// the message and the help.
fn author_problem(id: &str, author: &AuthorConfig) -> Option<(&'static str, String, String)> {
    if crate::paths::term_slug(id) != id {
        return Some((
            "id",
            format!("the author id `{id}` is not a plain folder name"),
            "write the id in lower case letters, digits and hyphens, e.g. [authors.ana-ruiz]"
                .to_string(),
        ));
    }
    if author.name.trim().is_empty() {
        return Some((
            "name",
            format!("[authors.{id}] has no name"),
            format!("give the name the byline shows: name = \"{id}\""),
        ));
    }
    let url = author.url.as_ref().filter(|u| !is_safe_link(u))?;
    Some((
        "url",
        format!(
            "[authors.{id}] url `{}` is not an http(s), mailto: or relative URL",
            url.escape_debug()
        ),
        "write the writer's page as \"https://example.com/ana/\"".to_string(),
    ))
}

/// `timezone`: a fixed offset from UTC (`+02:00`, `-0500`, `Z`), for the
/// times of live coverage in stories whose `date` names none.
pub(super) fn check_timezone(zone: &str, text: &str) -> Result<(), Diagnostic> {
    if parse_offset(zone).is_some() {
        return Ok(());
    }
    let mut d = Diagnostic::error(format!("timezone `{zone}` is not an offset from UTC"))
        .help("write the offset of the newsroom's clocks, e.g. timezone = \"+02:00\" or \"Z\"");
    if let Some(location) = locate(text, &[Step::Key("timezone")]) {
        d = d.at(location);
    }
    Err(d)
}

/// An offset from UTC written `+02:00`, `+0200`, `-05`, `Z` or `UTC`.
pub(crate) fn parse_offset(zone: &str) -> Option<chrono::FixedOffset> {
    let zone = zone.trim();
    if matches!(zone, "Z" | "z" | "UTC" | "GMT") {
        return chrono::FixedOffset::east_opt(0);
    }
    let (sign, rest) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Ok(0), str::parse)
        .ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    chrono::FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;

    fn check(text: &str) -> Result<SiteConfig, String> {
        let show = |d: Diagnostic| d.in_file(std::path::Path::new("site.toml")).to_string();
        let config = SiteConfig::parse(text).map_err(show)?;
        config.validate(text).map_err(show)?;
        Ok(config)
    }

    #[test]
    fn authors_are_read_and_checked() {
        let config = check(
            "[authors.ana-ruiz]\nname = \"Ana Ruiz\"\nurl = \"https://example.com/ana/\"\nbio = \"Harbour reporter.\"\n\n[authors.li-wei]\nname = \"Li Wei\"\n",
        )
        .unwrap();
        assert_eq!(config.authors["ana-ruiz"].name, "Ana Ruiz");
        assert_eq!(config.authors["li-wei"].url, None);
        let e =
            check("[authors.ana]\nname = \"Ana\"\nurl = \"javascript:alert(1)\"\n").unwrap_err();
        assert!(
            e.contains(":3:7:") && e.contains("is not an http(s)"),
            "{e}"
        );
        let e = check("[authors.ana]\nname = \" \"\n").unwrap_err();
        assert!(
            e.contains(":2:8:") && e.contains("[authors.ana] has no name"),
            "{e}"
        );
        let e = check("[authors.\"Ana Ruiz\"]\nname = \"Ana\"\n").unwrap_err();
        assert!(e.contains("not a plain folder name"), "{e}");
        let e = check("[authors.ana]\nnam = \"Ana\"\n").unwrap_err();
        assert!(
            e.contains(":2:1:") && e.contains("unknown field `nam`"),
            "{e}"
        );
    }

    #[test]
    fn offsets() {
        let secs = |z| parse_offset(z).map(|o| o.local_minus_utc());
        assert_eq!(secs("+02:00"), Some(7200));
        assert_eq!(secs("-0530"), Some(-19800));
        assert_eq!(secs("Z"), Some(0));
        assert_eq!(secs("+05"), Some(18000));
        for bad in ["Europe/Paris", "+25:00", "2", "+2:00", ""] {
            assert_eq!(secs(bad), None, "{bad}");
        }
        let e = check("timezone = \"Europe/Paris\"\n").unwrap_err();
        assert!(
            e.contains(":1:12:") && e.contains("not an offset from UTC"),
            "{e}"
        );
    }
}
