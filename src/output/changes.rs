//! The deploy list of a build (`build --changes FILE`): every output file
//! this build added or changed (`+path`) and every one it removed
//! (`-path`), against what the output folder held before it, so a deploy
//! uploads and deletes only those. Files are compared by their bytes with
//! the old output's, so the list is right whatever wrote the old output
//! (an older build, a build of another branch, a hand edit). The user's
//! kept files (dotfiles, `CNAME`, `[output] keep`) are never listed.

use std::path::Path;

use super::survey::{Entry, SiteIndex};

/// What a build changed in the output folder, each list sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files added, or holding other bytes than before.
    pub written: Vec<String>,
    /// Files the old output held that the new one does not.
    pub removed: Vec<String>,
}

impl Changes {
    /// The list as `build --changes` writes it: one path a line, `+` for a
    /// file to upload and `-` for one to delete, in path order.
    pub fn render(&self) -> String {
        let mut lines: Vec<(&str, char)> = self
            .written
            .iter()
            .map(|p| (p.as_str(), '+'))
            .chain(self.removed.iter().map(|p| (p.as_str(), '-')))
            .collect();
        lines.sort_unstable();
        lines
            .into_iter()
            .map(|(path, sign)| format!("{sign}{path}\n"))
            .collect()
    }

    /// How many files the build added, changed or removed.
    pub fn len(&self) -> usize {
        self.written.len() + self.removed.len()
    }

    /// Whether the build changed nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether `bytes` differ from the file at `path` under `old` (a missing
/// or unreadable file differs).
pub(super) fn differs(old: &Path, path: &str, bytes: &[u8]) -> bool {
    let file = old.join(path);
    !super::disk::holds(&file, &std::fs::symlink_metadata(&file), bytes)
}

/// What the new site changes against the old output, whose files are
/// `entries`: the files that differ (`written`), and the old files it no
/// longer has. Broadside's manifest is not a file of the site: it is
/// never listed.
pub(super) fn against(
    entries: &[Entry],
    site: &SiteIndex<'_>,
    mut written: Vec<String>,
) -> Changes {
    written.sort();
    let mut removed: Vec<String> = entries
        .iter()
        .filter(|e| !e.dir && !e.is_record() && !site.writes(&e.path))
        .map(|e| e.path.to_string_lossy().replace('\\', "/"))
        .collect();
    removed.sort();
    Changes { written, removed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_in_path_order_with_its_signs() {
        let changes = Changes {
            written: vec!["b/index.html".into(), "index.html".into()],
            removed: vec!["a/index.html".into()],
        };
        assert_eq!(
            changes.render(),
            "-a/index.html\n+b/index.html\n+index.html\n"
        );
        assert_eq!(changes.len(), 3);
        assert!(Changes::default().render().is_empty());
    }

    #[test]
    fn a_file_differs_unless_it_holds_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), "one").unwrap();
        assert!(!differs(dir.path(), "a.html", b"one"));
        assert!(differs(dir.path(), "a.html", b"two"));
        assert!(differs(dir.path(), "a.html", b"one more"));
        assert!(differs(dir.path(), "missing.html", b""));
    }
}
