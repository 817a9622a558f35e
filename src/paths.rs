//! Path arithmetic shared by the image resolver and the output folder's
//! guard (a path with `.` and `..` taken out, without asking the disk), and
//! the folders beside a content folder that a build reads too, and the
//! folder name of a taxonomy term or an author id; and what a reference
//! written in a story or the settings is: one with a URL scheme
//! ([`scheme`], [`has_scheme`]), one on another server ([`is_remote`]), or
//! a path.

use std::path::{Component, Path, PathBuf};

/// The URL scheme `reference` starts with (`ftp` of `ftp://x`,
/// `javascript` of `javascript:alert(1)`), as RFC 3986 writes one: a
/// letter, then letters, digits, `+`, `-` or `.`, then `:`. One letter
/// alone is a Windows drive (`C:photo`), not a scheme.
pub(crate) fn scheme(reference: &str) -> Option<&str> {
    let (scheme, _) = reference.split_once(':')?;
    let valid = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// Whether `reference` starts with a URL scheme (see [`scheme`]).
pub(crate) fn has_scheme(reference: &str) -> bool {
    scheme(reference).is_some()
}

/// Whether `reference` is an `http` or `https` URL (in any case): a file
/// on another server, which a build may fetch.
pub(crate) fn is_remote(reference: &str) -> bool {
    let start = reference.get(..8).unwrap_or(reference).to_ascii_lowercase();
    start.starts_with("http://") || start.starts_with("https://")
}

/// `path` with `.` removed and each `..` taking off the name before it,
/// without touching the file system (symbolic links are not followed).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The site's `static/` folder, beside a `content/` folder that holds the
/// content folder (Zola, Hugo): where root-relative image paths
/// (`/images/a.png`) are found too.
pub(crate) fn static_folders(content_dir: &Path) -> Vec<PathBuf> {
    let Ok(real) = content_dir.canonicalize() else {
        return Vec::new();
    };
    real.ancestors()
        .filter(|a| a.file_name().is_some_and(|n| n == "content"))
        .filter_map(|a| a.parent().map(|site| site.join("static")))
        .filter(|s| s.is_dir())
        .collect()
}

/// A term's folder name: its slug, or its bytes in hex when it has no
/// letter or digit a slug keeps.
pub(crate) fn term_slug(name: &str) -> String {
    let slug = slug::slugify(name);
    if slug.is_empty() {
        hex::encode(name)
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_remote_references() {
        assert_eq!(scheme("ftp://x"), Some("ftp"));
        assert!(has_scheme("javascript:alert(1)"));
        assert!(has_scheme("mailto:desk@example.com"));
        assert!(!has_scheme("photo.jpg"));
        assert!(!has_scheme("C:photo"), "a drive letter");
        assert!(!has_scheme("1x:y"), "a scheme starts with a letter");
        assert!(!has_scheme("news/a:b"), "a colon after a slash");
        assert!(is_remote("https://e.com/x.png") && is_remote("HTTP://E.COM/"));
        assert!(!is_remote("//e.com/x.png") && !is_remote("http.png") && !is_remote("ftp://x"));
    }
}
