//! Path arithmetic shared by the image resolver and the output folder's
//! guard: a path with `.` and `..` taken out, without asking the disk.

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
