//! Taking the files of a site as they are made, from any thread: into the
//! staging folder, each written (unless the folder already holds its
//! bytes) and let go, only its path and size kept; or into memory (for
//! `check` and the tests), each kept. Either way by the same rules: a path
//! named twice is taken once; a file made but not named, or named but not
//! made, is refused.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{FileSize, OutputFile, disk, two_files_at};
use crate::error::BuildFailure;
use crate::error::Diagnostic;

/// Why step 4 stopped.
pub(super) enum Unsynced {
    /// A file or folder could not be written or removed.
    Io(PathBuf, io::Error),
    /// The site could not be made (a template error, two files at one path).
    Unmade(BuildFailure),
}

/// Writes the files of a site into the staging folder as they are made,
/// from any thread, keeping only their sizes.
pub(super) struct Writer<'a> {
    /// The staging folder; None keeps the files in memory.
    root: Option<&'a Path>,
    durable: bool,
    /// The paths named more than once, with the bytes first made there.
    repeated: Mutex<HashMap<&'a str, Option<Vec<u8>>>>,
    /// The paths named, to refuse a file made but not named first.
    named: HashSet<&'a str>,
    state: Mutex<Tally>,
    failed: AtomicBool,
    /// The output folder as it was, to tell which files differ from it
    /// (`build --changes`); None tells nothing.
    previous: Option<&'a Path>,
}

#[derive(Default)]
struct Tally {
    made: Vec<FileSize>,
    /// The files themselves, when they are kept in memory.
    kept: Vec<OutputFile>,
    /// Folders whose entries changed.
    changed_dirs: Vec<PathBuf>,
    /// The files that differ from the previous output's.
    differ: Vec<String>,
    /// The first file that could not be written.
    io_error: Option<(PathBuf, io::Error)>,
    /// Files that break the rules of [`Files`].
    errors: Vec<Diagnostic>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(root: Option<&'a Path>, paths: &'a [String], durable: bool) -> Self {
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
            previous: None,
        }
    }

    /// Also tells which files differ from those in `previous`, the output
    /// folder as it was.
    pub(super) fn comparing_with(self, previous: Option<&'a Path>) -> Self {
        Writer { previous, ..self }
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
        let Some(root) = self.root else {
            let mut state = self.state();
            state.made.push(FileSize {
                path: file.path.clone(),
                bytes: file.bytes.len(),
            });
            state.kept.push(file);
            return;
        };
        let differs = self
            .previous
            .is_some_and(|old| super::changes::differs(old, &file.path, &file.bytes));
        match self.write(root, &file) {
            Ok(changed) => {
                let mut state = self.state();
                if differs {
                    state.differ.push(file.path.clone());
                }
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
    fn write(
        &self,
        root: &Path,
        file: &OutputFile,
    ) -> Result<Option<PathBuf>, (PathBuf, io::Error)> {
        let path = root.join(&file.path);
        let meta = std::fs::symlink_metadata(&path);
        if meta.as_ref().is_ok_and(|m| m.is_symlink()) {
            // Never write through a link, to wherever it points.
            std::fs::remove_file(&path).map_err(|e| (path.clone(), e))?;
        }
        if disk::holds(&path, &meta, &file.bytes) {
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
    /// whose entries changed (and the files, when kept in memory); or why
    /// the site cannot be written.
    pub(super) fn finish(self) -> Result<Taken, Unsynced> {
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
        Ok(Taken {
            made: state.made,
            changed_dirs: state.changed_dirs,
            kept: state.kept,
            differ: state.differ,
        })
    }
}

/// What a [`Writer`] took.
pub(super) struct Taken {
    pub(super) made: Vec<FileSize>,
    pub(super) changed_dirs: Vec<PathBuf>,
    pub(super) kept: Vec<OutputFile>,
    /// The files that differ from the previous output's, when asked.
    pub(super) differ: Vec<String>,
}
