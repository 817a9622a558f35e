//! Path arithmetic shared by the image resolver and the output folder's
//! guard (a path with `.` and `..` taken out, without asking the disk), and
//! the folders beside a content folder that a build reads too, and the
//! folder name of a taxonomy term or an author id.

use std::path::{Component, Path, PathBuf};

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
        name.bytes().map(|b| format!("{b:02x}")).collect()
    } else {
        slug
    }
}
