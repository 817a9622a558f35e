//! Writing the built site: all of it or nothing, and never over a file
//! broadside did not write.
//!
//! # What a build replaces
//!
//! Every folder broadside makes carries a manifest (`.broadside-manifest`,
//! see `output/manifest.rs`) listing the files it wrote there. A build
//! replaces the output folder when it is missing, empty, or broadside's
//! own: marked by a manifest that lists every file in it. Kept files (below) are the user's
//! and never count against it. A folder with no manifest counts as the
//! output of a broadside from before the manifest when every file in it is
//! one this build writes, and either the old spare generation lies beside
//! it or each file already holds what this build writes (to tell, the site
//! is made once more and compared file by file): a hand-made `index.html`
//! alone is not taken for broadside's. Anything else is refused, naming a
//! few of the files it holds, unless `--force` is given; then those files
//! are deleted with the old output. A refused build still reports what is
//! wrong with the site itself. Some folders are never
//! replaced, `--force` or not ([`check_destination`]).
//!
//! # Kept files
//!
//! Dotfiles and dot-folders at the top of the output (`.git`, `.nojekyll`,
//! `.well-known`), `CNAME`, and the names in `[output] keep` are the
//! user's: every build moves them, one rename each, from the old output
//! into the new one. They keep their inodes, dates and contents; a `.git`
//! of any size costs one rename.
//!
//! # The swap, and what a kill leaves
//!
//! The new site is written into a staging folder beside the output, and the
//! two are swapped with one `renameat2(RENAME_EXCHANGE)`. The staging folder
//! is the spare generation `.NAME.broadside-spare` (the output before last,
//! brought up to date, so a rebuild rewrites only what changed), or a fresh
//! `.NAME.broadside-XXXXXX` when there is no spare broadside may use. In
//! order, holding a lock on the output's parent folder so builds of it take
//! turns:
//!
//! 1. Recover: if a transit journal (`.NAME.broadside-transit`, see 5.) is
//!    beside the output, a build was killed while kept files were moving.
//!    Move every kept file it names that is still in the staging folder
//!    back into the output; if the old output was to be deleted and the
//!    staging folder now holds it, delete it; remove the journal.
//! 2. Survey the output and refuse it if it is not broadside's.
//! 3. Clean up beside it: staging folders of killed builds are removed when
//!    they are broadside's (marked, every file listed) or empty; any other
//!    folder is left alone, with a warning.
//! 4. Write the new site into the staging folder: first a manifest listing
//!    both what is there and what will be (every file is named before any
//!    is made, see [`Files`]), then the files, each as soon as it is
//!    rendered (the site is never held in memory whole), then the manifest
//!    of the new site alone. Killed here, the output is untouched and the
//!    staging folder is still marked as broadside's. A file that cannot be
//!    made (a template error) stops the build the same way; a staging
//!    folder this build created is removed. When a site is
//!    already at the output, each file written and each folder changed is
//!    synced before step 5 (the journal is too, and the parent folder after
//!    the swap), so a power cut, not only a kill, leaves the old site or
//!    the whole new one.
//! 5. Write the transit journal (whole, by rename): the staging folder's
//!    name, the kept entries, and whether the old output is to be deleted.
//! 6. Move each kept entry from the output into the staging folder.
//! 7. Swap the two folders.
//! 8. The old output, now where the staging folder was, becomes the spare
//!    when it is broadside's own or was empty but for kept files; otherwise
//!    (an older broadside's output, a folder taken with `--force`) exactly
//!    the files the survey found in it are deleted.
//! 9. Remove the journal.
//!
//! A kill before 6 or after 7 leaves the old or the new site at the output,
//! with every kept file in it. A kill during 6 leaves the old site with
//! some kept entries already in the staging folder: no rename can move
//! several entries into another folder at once. The journal says where
//! they are, and the next build (step 1) puts them back before anything
//! else. No kept file is ever copied, deleted or left for good in a spare
//! or staging folder, and the spare holds only files broadside wrote.

mod changes;
mod destination;
mod disk;
mod manifest;
mod record;
mod staging;
mod survey;
mod sync;
#[cfg(test)]
mod tests;
mod write;
mod writer;

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};

pub use changes::Changes;
pub use destination::check_destination;
use record::Record;
pub use record::Summary;
pub(crate) use survey::refusal_before_building;
pub(crate) use write::write_site;
use writer::Unsynced;

use crate::error::{BuildFailure, Diagnostic};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The files of a site, named before any is made, then made and handed over
/// one at a time: [`write_site`] writes each as it comes and lets it go, so
/// a site of any size is never held in memory whole.
pub(crate) trait Files: Sync {
    /// The path of every file, in any order. A path may come more than once
    /// (a file two stories link to) when each time makes the same bytes.
    fn paths(&self) -> &[String];
    /// Makes every file named by [`Files::paths`], handing each to `put`,
    /// from any thread, in any order.
    fn make(&self, put: &(dyn Fn(OutputFile) + Sync)) -> Result<(), BuildFailure>;
}

/// A file of the built site, and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSize {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: usize,
}

impl FileSize {
    /// The path and size of `file`.
    pub fn of(file: &OutputFile) -> FileSize {
        FileSize {
            path: file.path.clone(),
            bytes: file.bytes.len(),
        }
    }
}

/// What [`write_site`] did.
#[derive(Debug)]
pub(crate) struct Written {
    /// Every file of the new site (written, or already holding its bytes), by path.
    pub files: Vec<FileSize>,
    /// About folders left alone beside the output.
    pub warnings: Vec<Diagnostic>,
    /// What changed against the old output, when asked for.
    pub changes: Option<Changes>,
}

/// The error of a site that would write two different files at `path`.
pub(crate) fn two_files_at(path: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "two different files would both be written to {path}"
    ))
    .help("rename one of the files, or give one of the stories a different `slug` or `path`")
}

/// How [`write_site`] treats what is already in the output folder.
#[derive(Debug, Clone)]
pub struct WriteOptions<'a> {
    /// Names at the top of the output folder that are the user's, besides
    /// dotfiles: `CNAME` and `[output] keep`.
    pub kept_names: &'a [String],
    /// Take over an output folder broadside did not make.
    pub force: bool,
    /// What to record beside the output once the site is in place, so that
    /// the next build can tell nothing changed ([`unchanged`]); `None`
    /// records nothing, and the next build is a full one.
    pub record: Option<Recorded>,
    /// Say which files differ from the old output's (`build --changes`).
    pub changes: bool,
}

/// What a build records of itself for the next one.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The fingerprint of everything the build read.
    pub fingerprint: [u8; 32],
    /// The input files' hashes, by their metadata, for the next fingerprint.
    pub(crate) inputs: crate::fingerprint::Memo,
    /// When the site goes stale by itself (a story expires), in seconds
    /// since the epoch.
    pub expires: Option<i64>,
}

/// Where an output folder and the folders broadside keeps beside it are.
struct Place {
    /// Absolute.
    out: PathBuf,
    /// As the user wrote it, for messages.
    shown: PathBuf,
    parent: PathBuf,
    /// `.NAME.broadside-`: the start of the name of every folder beside the
    /// output that is broadside's.
    prefix: String,
    spare: PathBuf,
    journal: PathBuf,
    /// The record of the last build (`output/record.rs`).
    record: PathBuf,
}

impl Place {
    fn of(out: &Path) -> Place {
        let abs = destination::absolute(out);
        let parent = abs
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let name = abs
            .file_name()
            .map_or_else(|| OsString::from("dist"), OsStr::to_os_string);
        let prefix = format!(".{}.broadside-", name.to_string_lossy());
        Place {
            spare: parent.join(format!("{prefix}spare")),
            journal: parent.join(format!("{prefix}transit")),
            record: parent.join(format!("{prefix}record")),
            out: abs,
            shown: out.to_path_buf(),
            parent,
            prefix,
        }
    }

    /// A folder beside the output, as the user would write it.
    fn shown_beside(&self, path: &Path) -> PathBuf {
        let name = path.file_name().unwrap_or_default();
        self.shown
            .parent()
            .map_or_else(|| PathBuf::from(name), |p| p.join(name))
    }

    /// Removes a staging folder that failed to become the output, unless
    /// it is the spare (which stays, marked, for the next build).
    fn discard(&self, staging: &Path) {
        if staging != self.spare {
            let _ = std::fs::remove_dir_all(staging);
        }
    }

    fn left_alone(&self, dir: &Path, examples: &[String]) -> Diagnostic {
        let held = if examples.is_empty() {
            String::new()
        } else {
            format!(" ({}, …)", examples.join(", "))
        };
        Diagnostic::warning(format!(
            "`{}` beside the output holds files broadside did not write{held}; it is left alone",
            self.shown_beside(dir).display()
        ))
        .help("an older broadside may have moved a folder there: look through it, keep what you need, then delete it")
    }
}

fn fail(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what} `{}`: {e}", path.display()))
        .help("check that the output folder's parent exists and is writable")
}

/// Makes `files` and keeps them in memory, sorted by path, by the same
/// rules as [`write_site`] (a path named twice is one file; two different
/// files at one path are an error): for `check` and the tests.
pub(crate) fn in_memory(files: &dyn Files) -> Result<Vec<OutputFile>, BuildFailure> {
    let mut paths = files.paths().to_vec();
    paths.sort();
    match sync::take(files, None, &paths, false, None) {
        Ok(taken) => {
            let mut kept = taken.kept;
            kept.sort_by(|a, b| a.path.cmp(&b.path));
            Ok(kept)
        }
        Err(Unsynced::Unmade(failure)) => Err(failure),
        Err(Unsynced::Io(path, e)) => Err(fail("keep", &path, e).into()),
    }
}

/// The input files' hashes the last build into `out` recorded (none when
/// there is no whole record): a hint for the next fingerprint, read without
/// the lock, as the record is only ever replaced whole.
pub(crate) fn last_inputs(out: &Path) -> crate::fingerprint::Memo {
    Record::read(&Place::of(out).record)
        .map(|r| r.inputs)
        .unwrap_or_default()
}

/// What the last build into `out` wrote, when that build read exactly what
/// `fingerprint` sums up, is not stale at `now`, and left the output as it
/// still is: then a build would write nothing new. `None` otherwise.
pub fn unchanged(out: &Path, fingerprint: &[u8; 32], now: i64) -> Option<Summary> {
    let place = Place::of(out);
    let _lock = disk::lock(&place.parent);
    if std::fs::symlink_metadata(&place.journal).is_ok() {
        return None;
    }
    let record = Record::read(&place.record)?;
    let fresh = record.expires.is_none_or(|t| now < t);
    (record.fingerprint == *fingerprint
        && fresh
        && record::state(&place.out).ok()? == record.output)
        .then_some(record.summary)
}
