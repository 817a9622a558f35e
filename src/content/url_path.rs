//! A story's URL path (where its page goes), and the old addresses that
//! lead to it.
//!
//! The address depends only on the story's file and front matter, so every
//! story is placed before any is rendered. `path` wins, then Jekyll's
//! `permalink`, then `slug`; else a Jekyll post is published at
//! `YYYY/MM/DD/name/`, as Jekyll does, and any other story at its folder
//! below the content folder (its section, as Zola and Hugo keep it) and its
//! name: a bundle's folder name as written (`news/0.30-relnotes/`), a
//! file's name made a slug. Old addresses (`aliases`, a permalink ending in
//! `.html`) become redirect pages.

use std::path::Path;

use crate::error::Diagnostic;
use crate::file_info::FileInfo;
use crate::frontmatter::FrontMatter;
use crate::migrate::{self, SourceSite};

/// The address of the story `file`: a relative path ending in `/`.
pub fn url_path_for(front: &FrontMatter, file: &FileInfo) -> Result<String, Diagnostic> {
    if let Some(written) = written_url_path(front, &file.path)? {
        return Ok(written);
    }
    // A Jekyll post's address holds its date, as Jekyll's does, so posts
    // of the same name on different days do not meet.
    let jekyll = file.jekyll_name();
    if let Some(slug) = &front.slug {
        let section = if jekyll.is_some() {
            String::new()
        } else {
            section_of(file)
        };
        return Ok(format!("{section}{}/", slugify(slug)));
    }
    match jekyll {
        Some((Some(date), name)) => {
            return Ok(format!("{}/{}/", date.format("%Y/%m/%d"), slugify(name)));
        }
        Some((None, name)) => return Ok(format!("{}/", slugify(name))),
        None => {}
    }
    let name = if file.is_bundle {
        segment(&file.name)
    } else {
        slugify(&file.name)
    };
    Ok(format!("{}{name}/", section_of(file)))
}

/// The URL path the front matter writes (`path`, else Jekyll's
/// `permalink`, its `.html` dropped), if it writes one that is not empty.
fn written_url_path(front: &FrontMatter, source: &Path) -> Result<Option<String>, Diagnostic> {
    if let Some(path) = &front.path {
        let segments = checked_segments(path).ok_or_else(|| {
            Diagnostic::error(format!(
                "`path` \"{path}\" may not contain `.` or `..` segments"
            ))
            .in_file(source)
            .help("write the address below the site root, e.g. path = \"2020/01/my-story\"")
        })?;
        if !segments.is_empty() {
            return Ok(Some(format!("{}/", segments.join("/"))));
        }
    }
    if let Some(permalink) = permalink(front) {
        let segments = checked_segments(permalink).ok_or_else(|| {
            Diagnostic::error(format!(
                "`permalink` \"{permalink}\" may not contain `.` or `..` segments"
            ))
            .in_file(source)
            .help("write the address below the site root, e.g. permalink: /2020/01/my-story/")
        })?;
        let mut segments: Vec<String> = segments.iter().map(|s| (*s).to_string()).collect();
        if let Some(last) = segments.last_mut()
            && let Some(stem) = html_stem(last)
        {
            *last = stem;
        }
        segments.retain(|s| !s.is_empty());
        if !segments.is_empty() {
            return Ok(Some(format!("{}/", segments.join("/"))));
        }
    }
    Ok(None)
}

/// The old addresses of a story at `url_path`, as files of the output:
/// each of `aliases` (`old/address/` gives `old/address/index.html`,
/// `2019/01/05/post.html` itself), jekyll-redirect-from's `redirect_from`,
/// a Jekyll `permalink` ending in `.html`, and the address the source generator gave the story (a Jekyll
/// post's `2014/09/15/Rust-1.0.html`). Those that would leave the site are
/// left out, with a warning.
pub fn redirects_for(
    front: &FrontMatter,
    url_path: &str,
    file: &FileInfo,
    site: &SourceSite,
) -> (Vec<String>, Vec<Diagnostic>) {
    let source = file.path.as_path();
    let mut redirects = Vec::new();
    let mut warnings = Vec::new();
    let old = migrate::old_address(front, file, site).map(|a| {
        if a.ends_with('/') || ends_in_html(&a) {
            a
        } else {
            format!("{a}.html")
        }
    });
    // jekyll-redirect-from's `redirect_from`: old addresses too.
    let redirect_from: Vec<&str> = match front.extra.get("redirect_from") {
        Some(serde_json::Value::String(one)) => vec![one.as_str()],
        Some(serde_json::Value::Array(list)) => {
            list.iter().filter_map(serde_json::Value::as_str).collect()
        }
        _ => Vec::new(),
    };
    for alias in front
        .shown
        .aliases
        .iter()
        .map(String::as_str)
        .chain(redirect_from)
        .chain(permalink(front).filter(|p| ends_in_html(p)))
        .chain(old.as_deref())
    {
        let Some(segments) = checked_segments(alias) else {
            warnings.push(
                Diagnostic::warning(format!(
                    "the alias \"{alias}\" leaves the site; no redirect is written for it"
                ))
                .in_file(source)
                .help("write old addresses from the site root, without `.` or `..` segments"),
            );
            continue;
        };
        if segments.is_empty() {
            continue;
        }
        let joined = segments.join("/");
        let file = if ends_in_html(alias) {
            joined
        } else {
            format!("{joined}/index.html")
        };
        if file != format!("{url_path}index.html") && !redirects.contains(&file) {
            redirects.push(file);
        }
    }
    (redirects, warnings)
}

fn permalink(front: &FrontMatter) -> Option<&str> {
    front
        .extra
        .get("permalink")
        .and_then(serde_json::Value::as_str)
        .filter(|p| !p.contains(':'))
}

/// The segments of a path written in front matter, or None when one is
/// `.` or `..` (or holds a backslash).
fn checked_segments(path: &str) -> Option<Vec<&str>> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    (!segments
        .iter()
        .any(|s| *s == ".." || *s == "." || s.contains('\\')))
    .then_some(segments)
}

fn ends_in_html(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// `post.html` without its extension; None for other names.
fn html_stem(name: &str) -> Option<String> {
    ends_in_html(name)
        .then(|| {
            Path::new(name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .flatten()
}

/// `name` made a slug (deunicode's transliteration, lower case, `-`
/// between words); `story` when nothing is left.
pub(crate) fn slugify(name: &str) -> String {
    let slug = slug::slugify(name);
    if slug.is_empty() {
        "story".to_string()
    } else {
        slug
    }
}

/// A folder name as a segment of an address: as written when every
/// character is safe in a URL (`0.30-relnotes`, `Rust-1.12`), else made a
/// slug.
fn segment(name: &str) -> String {
    let safe = !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'));
    if safe {
        name.to_string()
    } else {
        slugify(name)
    }
}

/// The folders between the content folder and the story (a bundle's own
/// folder aside), as the start of an address: `news/2021/`, or empty.
fn section_of(file: &FileInfo) -> String {
    file.section
        .iter()
        .map(|name| format!("{}/", segment(name)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(front: &FrontMatter, source: &str) -> String {
        let file = FileInfo::new(Path::new("content"), &Path::new("content").join(source));
        url_path_for(front, &file).unwrap()
    }

    #[test]
    fn bundles_keep_their_folder_name_and_section() {
        let front = FrontMatter::default();
        assert_eq!(url(&front, "0.30-relnotes/index.md"), "0.30-relnotes/");
        assert_eq!(
            url(&front, "2021/0.91.2-relnotes/index.md"),
            "2021/0.91.2-relnotes/"
        );
        assert_eq!(
            url(&front, "news/Harbour Notes/index.md"),
            "news/harbour-notes/"
        );
        assert_eq!(url(&front, "news/Quay Lights.md"), "news/quay-lights/");
        assert_eq!(
            url(&front, "_posts/2014-05-06-turns-two.md"),
            "2014/05/06/turns-two/"
        );
        let slug = FrontMatter {
            slug: Some("Tides".into()),
            ..FrontMatter::default()
        };
        assert_eq!(url(&slug, "news/0.30-relnotes/index.md"), "news/tides/");
        let path = FrontMatter {
            path: Some("/2020/01/x".into()),
            ..FrontMatter::default()
        };
        assert_eq!(url(&path, "news/0.30-relnotes/index.md"), "2020/01/x/");
    }

    #[test]
    fn permalinks_and_aliases() {
        let mut front = FrontMatter::default();
        front
            .extra
            .insert("permalink".into(), "/2014/05/06/turns-two.html".into());
        assert_eq!(
            url(&front, "_posts/2014-05-06-jekyll-turns-two.md"),
            "2014/05/06/turns-two/"
        );
        front.shown.aliases = vec![
            "releases/1.88.0".into(),
            "/old/".into(),
            "../up".into(),
            "2019/a.html".into(),
        ];
        front
            .extra
            .insert("redirect_from".into(), "/2014/05/06/two.html".into());
        let (redirects, warnings) = redirects_for(
            &front,
            "2014/05/06/turns-two/",
            &FileInfo::new(Path::new(""), Path::new("s.md")),
            &SourceSite::default(),
        );
        assert_eq!(
            redirects,
            [
                "releases/1.88.0/index.html",
                "old/index.html",
                "2019/a.html",
                "2014/05/06/two.html",
                "2014/05/06/turns-two.html"
            ]
        );
        assert_eq!(warnings.len(), 1);
        front
            .extra
            .insert("permalink".into(), "/:categories/:title/".into());
        assert_eq!(
            url(
                &FrontMatter {
                    extra: front.extra.clone(),
                    ..FrontMatter::default()
                },
                "a.md"
            ),
            "a/"
        );
    }
}
