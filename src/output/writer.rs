//! Writing the files of a site into the staging folder as they are made,
//! from any thread: each written (unless the staging folder already holds
//! its bytes) and let go, only its path and size kept; a path named twice
//! written once; a file made but not named, or named but not made, refused.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{FileSize, OutputFile, Unsynced, disk, two_files_at};
use crate::error::Diagnostic;

/// Writes the files of a site into the staging folder as they are made,
/// from any thread, keeping only their sizes.
pub(super) struct Writer<'a> {
    root: &'a Path,
    durable: bool,
    /// The paths named more than once, with the bytes first made there.
    repeated: Mutex<HashMap<&'a str, Option<Vec<u8>>>>,
    /// The paths named, to refuse a file made but not named first.
    named: HashSet<&'a str>,
    state: Mutex<Tally>,
    failed: AtomicBool,
}

#[derive(Default)]
struct Tally {
    made: Vec<FileSize>,
    /// Folders whose entries changed.
    changed_dirs: Vec<PathBuf>,
    /// The first file that could not be written.
    io_error: Option<(PathBuf, io::Error)>,
    /// Files that break the rules of [`Files`].
    errors: Vec<Diagnostic>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(root: &'a Path, paths: &'a [String], durable: bool) -> Self {
        let mut seen = HashSet::new();
        let repeated = paths
            .iter()
            .filter(|p| !seen.insert(p.as_str()))
            .map(|p| (p.as_str(), None))
            .collect();
        Writer {
            root,
            durable,
            repeated: Mutex::new(repeated),
            named: seen,
            state: Mutex::new(Tally::default()),
            failed: AtomicBool::new(false),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn put(&self, file: OutputFile) {
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        if !self.named.contains(file.path.as_str()) {
            // The site named its files wrongly: a bug, but never a stray file.
            let d = Diagnostic::error(format!(
                "broadside made `{}`, a file it did not name before the build",
                file.path
            ))
            .help("this is a bug in broadside: please report it with the site that shows it");
            self.state().errors.push(d);
            return;
        }
        if !self.first_at(&file) {
            return;
        }
        match self.write(&file) {
            Ok(changed) => {
                let mut state = self.state();
                state.made.push(FileSize {
                    path: file.path,
                    bytes: file.bytes.len(),
                });
                state.changed_dirs.extend(changed);
            }
            Err(e) => {
                self.failed.store(true, Ordering::Relaxed);
                self.state().io_error.get_or_insert(e);
            }
        }
    }

    /// Whether `file` is the first made at its path. A path named more than
    /// once is written once; a later file there with other bytes is an error.
    fn first_at(&self, file: &OutputFile) -> bool {
        let mut repeated = self.repeated.lock().unwrap_or_else(|e| e.into_inner());
        let Some(first) = repeated.get_mut(file.path.as_str()) else {
            return true;
        };
        match first {
            None => {
                *first = Some(file.bytes.clone());
                true
            }
            Some(bytes) => {
                if *bytes != file.bytes {
                    self.state().errors.push(two_files_at(&file.path));
                }
                false
            }
        }
    }

    /// Writes `file` into the staging folder unless it already holds those
    /// bytes there. Returns the folder whose entries changed, if one did.
    fn write(&self, file: &OutputFile) -> Result<Option<PathBuf>, (PathBuf, io::Error)> {
        let path = self.root.join(&file.path);
        let meta = std::fs::symlink_metadata(&path);
        if meta.as_ref().is_ok_and(|m| m.is_symlink()) {
            // Never write through a link, to wherever it points.
            std::fs::remove_file(&path).map_err(|e| (path.clone(), e))?;
        }
        let unchanged = meta.is_ok_and(|m| m.is_file() && m.len() == file.bytes.len() as u64)
            && std::fs::read(&path).is_ok_and(|old| old == file.bytes);
        if unchanged {
            return Ok(None);
        }
        // Each file written is synced before the swap, and so is each
        // folder whose entries changed: a power cut then leaves the old site
        // or the whole new one, never a page the disk had not written yet.
        if self.durable {
            disk::write_durably(&path, &file.bytes).map_err(|e| (path.clone(), e))?;
        } else {
            std::fs::write(&path, &file.bytes).map_err(|e| (path.clone(), e))?;
        }
        Ok(path.parent().map(Path::to_path_buf))
    }

    /// What was made: every file named, with its size, and the folders
    /// whose entries changed; or why the site cannot be written.
    pub(super) fn finish(self) -> Result<(Vec<FileSize>, Vec<PathBuf>), Unsynced> {
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some((path, e)) = state.io_error {
            return Err(Unsynced::Io(path, e));
        }
        let mut errors = state.errors;
        if errors.is_empty() && state.made.len() != self.named.len() {
            let made: HashSet<&str> = state.made.iter().map(|f| f.path.as_str()).collect();
            let mut missing: Vec<&&str> =
                self.named.iter().filter(|p| !made.contains(**p)).collect();
            missing.sort();
            if let Some(path) = missing.first() {
                errors.push(
                    Diagnostic::error(format!(
                        "broadside named `{path}` before the build, then did not make it"
                    ))
                    .help(
                        "this is a bug in broadside: please report it with the site that shows it",
                    ),
                );
            }
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| a.message.cmp(&b.message));
            errors.dedup_by(|a, b| a.message == b.message);
            return Err(Unsynced::Unmade(errors.into()));
        }
        Ok((state.made, state.changed_dirs))
    }
}
