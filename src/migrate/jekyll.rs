//! Jekyll's side of a moved site: its `_config.yml` (the site's `url` and
//! `baseurl`, `permalink`, `exclude`, the feed's path) and the address
//! Jekyll gave each post, from the permalink style (`date`, `pretty`,
//! `ordinal`, `weekdate`, `none`) or pattern (`/:categories/:year/:title/`),
//! the post's own `permalink` with placeholders overriding the site's.

use std::path::{Component, Path};

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use super::{Generator, SourceSite};
use crate::date::StoryDate;
use crate::file_info::FileInfo;
use crate::frontmatter::FrontMatter;

/// The site settings of a Jekyll `_config.yml` at `file`.
pub(super) fn read_config(root: &Path, file: &Path) -> SourceSite {
    let config: Value = std::fs::read_to_string(file)
        .ok()
        .and_then(|text| serde_saphyr::from_str(&text).ok())
        .unwrap_or_default();
    let text = |pointer: &str| config.pointer(pointer).and_then(Value::as_str);
    let url = text("/url").unwrap_or("").trim_end_matches('/');
    let baseurl = text("/baseurl").unwrap_or("").trim_matches('/');
    let url = match (url, baseurl) {
        ("", _) => None,
        (url, "") => Some(url.to_string()),
        (url, base) => Some(format!("{url}/{base}")),
    };
    let permalink = text("/collections/posts/permalink")
        .or_else(|| text("/permalink"))
        .map(str::to_string);
    let exclude = config
        .get("exclude")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim_matches('/').to_string())
                .collect()
        })
        .unwrap_or_default();
    let timezone = text("/timezone").is_some();
    let feed = text("/feed/path")
        .unwrap_or("feed.xml")
        .trim_start_matches('/');
    SourceSite {
        generator: Some(Generator::Jekyll),
        root: root.to_path_buf(),
        url,
        permalink,
        exclude,
        timezone,
        feeds: vec![feed.to_string()],
        ..SourceSite::default()
    }
}

/// The address Jekyll gave the post `file` (`2014/09/15/Rust-1.0.html`,
/// `news/2016/07/26/title/`), from the site root with no leading `/`; None
/// for a story that is not a Jekyll post, or when no Jekyll site was found.
pub(crate) fn old_address(
    front: &FrontMatter,
    file: &FileInfo,
    site: &SourceSite,
) -> Option<String> {
    if site.generator != Some(Generator::Jekyll) {
        return None;
    }
    let (Some(file_date), name) = file.jekyll_name()? else {
        return None;
    };
    let jekyll_root = &file.jekyll.as_ref()?.root;
    let own = front
        .extra
        .get("permalink")
        .and_then(Value::as_str)
        .filter(|p| p.contains(':'));
    let pattern = own.or(site.permalink.as_deref()).unwrap_or("date");
    let pattern = match pattern {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    };
    // Jekyll gives a date its day in the site's `timezone`, else in the
    // building machine's (UTC where Jekyll sites are built); broadside,
    // with no zone database, takes the day as written for the first.
    let date = match &front.date {
        Some(StoryDate::Zoned(dt)) if !site.timezone => dt.naive_utc().date(),
        Some(d) => d.day(),
        None => file_date,
    };
    let slug = front.slug.as_deref().unwrap_or(name);
    let categories = categories(front, jekyll_root, &site.root);
    let address = expand(pattern, date, slug, &categories);
    let segments: Vec<&str> = address.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == "." || *s == ".." || s.contains('\\'))
    {
        return None;
    }
    let mut address = segments.join("/");
    if pattern.ends_with('/') && !address.is_empty() {
        address.push('/');
    }
    Some(address)
}

/// `pattern` with each placeholder filled in, the longest names first
/// (`:title` before `:t…`).
fn expand(pattern: &str, date: NaiveDate, slug: &str, categories: &str) -> String {
    let values: [(&str, String); 17] = [
        (":categories", categories.to_string()),
        (":output_ext", ".html".into()),
        (":short_year", date.format("%y").to_string()),
        (":short_month", date.format("%b").to_string()),
        (":long_month", date.format("%B").to_string()),
        (":short_day", date.format("%a").to_string()),
        (":long_day", date.format("%A").to_string()),
        (":i_month", date.month().to_string()),
        (":i_day", date.day().to_string()),
        (":y_day", format!("{:03}", date.ordinal())),
        (":month", date.format("%m").to_string()),
        (":title", pretty_slug(slug, true)),
        (":week", format!("{:02}", date.iso_week().week())),
        (":year", date.format("%Y").to_string()),
        (":slug", pretty_slug(slug, false)),
        (":day", date.format("%d").to_string()),
        (":name", pretty_slug(slug, false)),
    ];
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match values.iter().find(|(name, _)| rest.starts_with(name)) {
            Some((name, value)) => {
                out.push_str(value);
                rest = &rest[name.len()..];
            }
            None => {
                out.push(':');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Jekyll's categories of a post, lower case and joined by `/`: the folders
/// above `_posts/` (its `jekyll_root`, below the site's `root`), then the
/// front matter's.
fn categories(front: &FrontMatter, jekyll_root: &Path, root: &Path) -> String {
    let relative = jekyll_root.strip_prefix(root).unwrap_or(jekyll_root);
    let mut list: Vec<String> = relative
        .components()
        .map_while(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    list.extend(
        front
            .taxonomies
            .get("categories")
            .into_iter()
            .flatten()
            .cloned(),
    );
    let mut seen = Vec::new();
    for category in list {
        let category = category.to_lowercase();
        if !category.is_empty() && !seen.contains(&category) {
            seen.push(category);
        }
    }
    seen.join("/")
}

/// Jekyll's `slugify` in its `pretty` mode: every run of characters other
/// than letters, digits and `._~!$&'()+,;=@` becomes one `-`, with none at
/// either end; lower case unless `cased`.
fn pretty_slug(text: &str, cased: bool) -> String {
    let kept = |c: char| c.is_alphanumeric() || "._~!$&'()+,;=@".contains(c);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if kept(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if cased {
        out.to_string()
    } else {
        out.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(permalink: Option<&str>) -> SourceSite {
        SourceSite {
            generator: Some(Generator::Jekyll),
            root: "site".into(),
            permalink: permalink.map(str::to_string),
            ..SourceSite::default()
        }
    }

    fn info(file: &str) -> FileInfo {
        FileInfo::new(Path::new("site"), Path::new(file))
    }

    fn address(front: &FrontMatter, file: &str, permalink: Option<&str>) -> Option<String> {
        old_address(front, &info(file), &site(permalink))
    }

    #[test]
    fn the_default_style_keeps_case_dots_and_html() {
        let front = FrontMatter::default();
        let post = "site/_posts/2014-09-15-Rust-1.0.md";
        assert_eq!(
            address(&front, post, None).as_deref(),
            Some("2014/09/15/Rust-1.0.html")
        );
        assert_eq!(
            address(&front, post, Some("pretty")).as_deref(),
            Some("2014/09/15/Rust-1.0/")
        );
        assert_eq!(
            address(&front, post, Some("/news/:year/:month/:day/:title/")).as_deref(),
            Some("news/2014/09/15/Rust-1.0/")
        );
        assert_eq!(
            address(
                &front,
                post,
                Some("/:year/:i_month/:i_day/:slug:output_ext")
            )
            .as_deref(),
            Some("2014/9/15/rust-1.0.html")
        );
        assert_eq!(address(&front, "site/about.md", None), None);
    }

    #[test]
    fn categories_dates_and_slugs_of_the_post() {
        let mut front = FrontMatter::default();
        front
            .taxonomies
            .insert("categories".into(), vec!["Harbour".into(), "news".into()]);
        front.date = StoryDate::parse("2020-01-05 23:30:00 -0800");
        let mut zoned = site(None);
        zoned.timezone = true;
        assert_eq!(
            old_address(&front, &info("site/_posts/2020-01-05-quay.md"), &zoned).as_deref(),
            Some("harbour/news/2020/01/05/quay.html")
        );
        front.slug = Some("Quay Walls, Again".into());
        assert_eq!(
            address(&front, "site/news/_posts/2020-01-05-quay.md", None).as_deref(),
            Some("news/harbour/2020/01/06/Quay-Walls,-Again.html")
        );
        front
            .extra
            .insert("permalink".into(), "/:categories/:y_day/:title".into());
        assert_eq!(
            address(&front, "site/_posts/2020-01-05-quay.md", None).as_deref(),
            Some("harbour/news/006/Quay-Walls,-Again")
        );
    }
}
