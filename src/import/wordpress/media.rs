//! Uploads: the files a post shows or links to, found by their URL in the
//! local copy of `wp-content/uploads` (`--uploads`), else downloaded
//! within the `[images] fetch` limits, else left where they are with a
//! warning. Size variants (`photo-300x200.jpg`, `photo-scaled.jpg`,
//! `photo.jpg?w=300`) resolve to the original.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;

use super::wxr::Item;
use crate::photo::fetch::{Limits, download};

/// Where a file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A file of the uploads folder.
    File(PathBuf),
    /// Bytes downloaded at import time.
    Fetched(Vec<u8>),
}

/// What became of an upload's URL.
#[derive(Debug, Clone)]
pub(crate) enum Found {
    /// The original file: its path below the uploads folder, and where it is.
    Local(String, Source),
    /// Not found: the URL stays, and why.
    Remote(String),
}

/// The uploads of one export.
pub(crate) struct Uploads<'a> {
    dir: Option<&'a Path>,
    /// Attachments by their path below the uploads folder.
    by_path: BTreeMap<String, &'a Item>,
    /// Downloads already tried, by URL.
    fetched: BTreeMap<String, Option<Vec<u8>>>,
    /// Hosts that could not be reached: not asked again.
    unreachable: BTreeSet<String>,
    /// Whether to download at all.
    fetch: bool,
}

impl<'a> Uploads<'a> {
    pub(crate) fn new(dir: Option<&'a Path>, items: &'a [Item], fetch: bool) -> Self {
        let mut by_path = BTreeMap::new();
        for item in items.iter().filter(|i| i.kind == "attachment") {
            let path = item
                .meta
                .get("_wp_attached_file")
                .cloned()
                .or_else(|| upload_path(&item.attachment_url));
            if let Some(path) = path {
                by_path.insert(path, item);
            }
        }
        Uploads {
            dir,
            by_path,
            fetched: BTreeMap::new(),
            unreachable: BTreeSet::new(),
            fetch,
        }
    }

    /// The attachment whose file `url` shows (in any size), if any.
    pub(crate) fn attachment(&self, url: &str) -> Option<&'a Item> {
        let path = upload_path(url)?;
        self.by_path
            .get(&path)
            .or_else(|| self.by_path.get(&original(&path)))
            .copied()
    }

    /// The file behind `url`, when it is an upload; None for other URLs.
    pub(crate) fn resolve(&mut self, url: &str) -> Option<Found> {
        let path = upload_path(url)?;
        let candidates = [original(&path), path.clone()];
        if let Some(dir) = self.dir {
            for candidate in &candidates {
                let file = dir.join(candidate);
                if file.is_file() {
                    return Some(Found::Local(candidate.clone(), Source::File(file)));
                }
            }
            return Some(Found::Remote(format!(
                "`{path}` is not in the uploads folder"
            )));
        }
        if !self.fetch {
            return Some(Found::Remote(
                "no uploads folder was given (--uploads)".to_string(),
            ));
        }
        let original_url = original_url(url);
        let why = match self.download(&original_url) {
            Ok(bytes) => return Some(Found::Local(original(&path), Source::Fetched(bytes))),
            Err(why) => why,
        };
        Some(Found::Remote(why))
    }

    fn download(&mut self, url: &str) -> Result<Vec<u8>, String> {
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        if self.unreachable.contains(&host) {
            return Err(format!("{host} could not be reached"));
        }
        if let Some(done) = self.fetched.get(url) {
            return done
                .clone()
                .ok_or_else(|| "the download failed".to_string());
        }
        let limits = Limits {
            max_bytes: 25 * 1024 * 1024,
            timeout: Duration::from_secs(30),
        };
        let result = download(url, limits);
        if let Err(why) = &result
            && !why.contains("HTTP")
            && !why.contains("not an image")
        {
            self.unreachable.insert(host);
        }
        self.fetched.insert(url.to_string(), result.clone().ok());
        result
    }
}

/// The path below the uploads folder that `url` names: after
/// `/wp-content/uploads/`, or the path of a `*.files.wordpress.com` URL;
/// percent-decoded, without query or fragment.
pub(crate) fn upload_path(url: &str) -> Option<String> {
    let url = url.trim();
    let without_query = url.split(['?', '#']).next().unwrap_or(url);
    let tail = if let Some(at) = without_query.find("/wp-content/uploads/") {
        &without_query[at + "/wp-content/uploads/".len()..]
    } else {
        let rest = without_query
            .strip_prefix("https://")
            .or_else(|| without_query.strip_prefix("http://"))?;
        let (host, path) = rest.split_once('/')?;
        if !host.ends_with(".files.wordpress.com") && !host.ends_with(".wp.com") {
            return None;
        }
        path
    };
    let decoded = percent_encoding::percent_decode_str(tail)
        .decode_utf8()
        .ok()?;
    let clean: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if clean.is_empty()
        || clean
            .iter()
            .any(|s| *s == ".." || *s == "." || s.contains('\\'))
    {
        return None;
    }
    Some(clean.join("/"))
}

/// The URL of the original of the size variant at `url`: the query
/// (`?w=300`) and the size suffix of the file name taken away.
fn original_url(url: &str) -> String {
    let without_query = url.split(['?', '#']).next().unwrap_or(url);
    match without_query.rsplit_once('/') {
        Some((folder, name)) => format!("{folder}/{}", original(name)),
        None => original(without_query),
    }
}

/// `2020/01/photo-300x200.jpg` and `2020/01/photo-scaled.jpg` are sizes of
/// `2020/01/photo.jpg`.
pub(crate) fn original(path: &str) -> String {
    static VARIANT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:-\d+x\d+|-scaled|-rotated|-e\d{10,})(\.[a-z0-9]+)$")
            .expect("a valid pattern")
    });
    let (folder, name) = path.rsplit_once('/').map_or(("", path), |(f, n)| (f, n));
    let name = VARIANT.replace(name, "$1");
    if folder.is_empty() {
        name.into_owned()
    } else {
        format!("{folder}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_variants_resolve_to_the_original() {
        assert_eq!(original("2020/01/photo-300x200.jpg"), "2020/01/photo.jpg");
        assert_eq!(original("2020/01/photo-scaled.jpeg"), "2020/01/photo.jpeg");
        assert_eq!(
            original("2020/01/photo-1-1024x683.png"),
            "2020/01/photo-1.png"
        );
        assert_eq!(original("2020/01/300x200.png"), "2020/01/300x200.png");
    }

    #[test]
    fn the_original_of_a_size_variant_url() {
        assert_eq!(
            original_url("https://ex.org/wp-content/uploads/2020/01/a-300x200.jpg?w=300"),
            "https://ex.org/wp-content/uploads/2020/01/a.jpg"
        );
    }

    #[test]
    fn upload_paths_of_each_host_form() {
        assert_eq!(
            upload_path("https://news.example/wp-content/uploads/2020/01/a%20b.jpg?w=300")
                .as_deref(),
            Some("2020/01/a b.jpg")
        );
        assert_eq!(
            upload_path("https://site.files.wordpress.com/2013/03/x.jpg").as_deref(),
            Some("2013/03/x.jpg")
        );
        assert_eq!(upload_path("https://news.example/2020/01/story/"), None);
        assert_eq!(
            upload_path("https://news.example/wp-content/uploads/../../etc/passwd"),
            None
        );
    }
}
