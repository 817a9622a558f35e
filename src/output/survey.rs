//! Whose is a folder? The look at the output folder before a build replaces
//! it, and at the spare and staging folders beside it before a build reuses
//! or removes them.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::io;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::manifest::{self, Manifest};
use super::{Files, OutputFile};
use crate::error::Diagnostic;

/// How many of a folder's files a refusal names.
const SHOWN: usize = 5;

/// A file, symbolic link or empty folder found in a folder.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Relative to the folder.
    pub(crate) path: PathBuf,
    /// An empty folder (a folder with something in it is not an entry).
    pub(crate) dir: bool,
}

impl Entry {
    fn listed_in(&self, manifest: &Manifest) -> bool {
        if self.dir {
            manifest.has_dir(&self.path)
        } else {
            manifest.has_file(&self.path)
        }
    }

    pub(crate) fn is_record(&self) -> bool {
        !self.dir
            && self.path.parent() == Some(Path::new(""))
            && manifest::is_record(self.path.as_os_str())
    }

    fn shown(&self) -> String {
        let path = self.path.display().to_string();
        if self.dir { format!("{path}/") } else { path }
    }
}

/// Visits `root/rel` (a folder when `is_dir`): every file, symbolic link and
/// empty folder under it, in name order, until `visit` breaks.
fn walk(
    root: &Path,
    rel: PathBuf,
    is_dir: bool,
    visit: &mut impl FnMut(Entry) -> ControlFlow<()>,
) -> io::Result<ControlFlow<()>> {
    if !is_dir {
        return Ok(visit(Entry {
            path: rel,
            dir: false,
        }));
    }
    let mut children = read_sorted(&root.join(&rel))?;
    if children.is_empty() {
        return Ok(visit(Entry {
            path: rel,
            dir: true,
        }));
    }
    for (name, is_dir) in children.drain(..) {
        if walk(root, rel.join(name), is_dir, visit)?.is_break() {
            return Ok(ControlFlow::Break(()));
        }
    }
    Ok(ControlFlow::Continue(()))
}

/// The names in `dir`, sorted, each with whether it is a folder (a symbolic
/// link is not, wherever it points).
fn read_sorted(dir: &Path) -> io::Result<Vec<(OsString, bool)>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        names.push((entry.file_name(), entry.file_type()?.is_dir()));
    }
    names.sort();
    Ok(names)
}

/// The files a build writes, for looking paths up.
pub(crate) struct SiteIndex<'a> {
    paths: HashSet<&'a Path>,
    tops: HashSet<&'a OsStr>,
    files: &'a dyn Files,
}

impl<'a> SiteIndex<'a> {
    pub(crate) fn new(paths: &'a [String], files: &'a dyn Files) -> Self {
        let paths: HashSet<&Path> = paths.iter().map(Path::new).collect();
        let tops = paths.iter().filter_map(|p| p.iter().next()).collect();
        SiteIndex { paths, tops, files }
    }

    /// Whether the build writes a file at `rel`.
    pub(crate) fn writes(&self, rel: &Path) -> bool {
        self.paths.contains(rel)
    }

    /// Whether the build writes `name` at the top of the output, or a folder
    /// of that name.
    pub(crate) fn writes_top(&self, name: &OsStr) -> bool {
        self.tops.contains(name)
    }
}

/// Whose the output folder is.
#[derive(Debug)]
pub(crate) enum Owner {
    Missing,
    /// Holds nothing, or only kept files.
    Empty,
    /// broadside's: its manifest lists every file in it (kept files aside).
    Own,
    /// Made by a broadside from before the manifest: it has none, every
    /// file in it is one this build writes, and either the old spare lies
    /// beside it or each file already holds what this build writes.
    Older,
    /// Anything else. `marked`: it has a manifest, and files it does not list.
    Foreign {
        marked: bool,
    },
}

/// The output folder as a build found it.
#[derive(Debug)]
pub(crate) struct Survey {
    pub(crate) owner: Owner,
    /// The kept entries at its top: dotfiles and dot-folders, `CNAME`, the
    /// names in `[output] keep` (unless the manifest lists them).
    pub(crate) kept: Vec<OsString>,
    /// Everything else in it. Complete unless the survey stopped early at a
    /// folder that is not broadside's.
    pub(crate) entries: Vec<Entry>,
    /// Of those, the ones broadside did not write.
    strangers: Vec<Entry>,
    /// The survey stopped before seeing every stranger.
    stopped_early: bool,
}

/// Whether `name`, at the top of the output, is one the user keeps there.
fn is_kept(name: &OsStr, kept_names: &[String]) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
        || kept_names.iter().any(|k| name == OsStr::new(k))
}

/// Looks at the output folder `out`, which is a folder or missing. A survey
/// that meets a stranger stops after a few unless `look_at_all` (the folder
/// will be taken over, so everything in it must be known).
pub(crate) fn survey(
    out: &Path,
    site: &SiteIndex<'_>,
    kept_names: &[String],
    older_spare_beside: bool,
    look_at_all: bool,
) -> io::Result<Survey> {
    let mut survey = Survey {
        owner: Owner::Missing,
        kept: Vec::new(),
        entries: Vec::new(),
        strangers: Vec::new(),
        stopped_early: false,
    };
    let top = match read_sorted(out) {
        Ok(top) => top,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(survey),
        Err(e) => return Err(e),
    };
    let manifest = Manifest::read(out);
    for (name, is_dir) in top {
        if !is_dir && manifest::is_record(&name) {
            survey.entries.push(Entry {
                path: PathBuf::from(name),
                dir: false,
            });
            continue;
        }
        if is_kept(&name, kept_names) && !manifest.as_ref().is_some_and(|m| m.claims(&name)) {
            survey.kept.push(name);
            continue;
        }
        let (entries, strangers) = (&mut survey.entries, &mut survey.strangers);
        let flow = walk(out, PathBuf::from(name), is_dir, &mut |entry| {
            let ours = match &manifest {
                Some(m) => entry.listed_in(m),
                None => !entry.dir && site.writes(&entry.path),
            };
            if !ours {
                strangers.push(entry.clone());
            }
            entries.push(entry);
            if !look_at_all && strangers.len() > SHOWN {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })?;
        if flow.is_break() {
            survey.stopped_early = true;
            break;
        }
    }
    let holds_files = survey.entries.iter().any(|e| !e.is_record());
    survey.owner = match (&manifest, holds_files) {
        (Some(_), _) if survey.strangers.is_empty() => Owner::Own,
        (Some(_), _) => Owner::Foreign { marked: true },
        (None, false) => Owner::Empty,
        (None, true)
            if survey.strangers.is_empty()
                && (older_spare_beside || holds_what_site_writes(out, &survey.entries, site)) =>
        {
            Owner::Older
        }
        (None, true) => {
            if survey.strangers.is_empty() {
                survey.strangers = survey
                    .entries
                    .iter()
                    .filter(|e| !e.is_record())
                    .cloned()
                    .collect();
            }
            Owner::Foreign { marked: false }
        }
    };
    Ok(survey)
}

/// Why a build would refuse to write over `out`, said before its site is
/// made: for a build whose site fails, so that both are told at once.
/// Without the site, an output from before the manifest cannot be told
/// from a stranger's folder unless the old spare lies beside it; such a
/// folder is refused here as a build would refuse it if the site differs.
pub(crate) fn refusal_before_building(out: &Path, kept_names: &[String]) -> Option<Diagnostic> {
    struct NoFiles;
    impl Files for NoFiles {
        fn paths(&self) -> &[String] {
            &[]
        }
        fn make(
            &self,
            _put: &(dyn Fn(OutputFile) + Sync),
        ) -> Result<(), crate::error::BuildFailure> {
            Ok(())
        }
    }
    let site = SiteIndex::new(&[], &NoFiles);
    let place = super::Place::of(out);
    let older_spare = matches!(inspect(&place.spare), Side::NotOurs { .. });
    let found = survey(&place.out, &site, kept_names, older_spare, false).ok()?;
    matches!(found.owner, Owner::Foreign { .. }).then(|| found.refusal(out))
}

/// Whether every file of `entries` already holds exactly what the build
/// writes there. The site is made for this, one file at a time, each
/// compared and let go: only an output from before the manifest asks.
fn holds_what_site_writes(out: &Path, entries: &[Entry], site: &SiteIndex<'_>) -> bool {
    let files: Vec<&Entry> = entries.iter().filter(|e| !e.is_record()).collect();
    if !files.iter().all(|e| !e.dir && site.writes(&e.path)) {
        return false;
    }
    let present: HashSet<&Path> = files.iter().map(|e| e.path.as_path()).collect();
    let differs = AtomicBool::new(false);
    let compare = |file: OutputFile| {
        let path = Path::new(&file.path);
        if present.contains(path)
            && !std::fs::read(out.join(path)).is_ok_and(|old| old == file.bytes)
        {
            differs.store(true, Ordering::Relaxed);
        }
    };
    site.files.make(&compare).is_ok() && !differs.load(Ordering::Relaxed)
}

impl Survey {
    /// Why the build will not replace the folder (`Owner::Foreign`).
    pub(crate) fn refusal(&self, out: &Path) -> Diagnostic {
        let mut shown: Vec<String> = self
            .strangers
            .iter()
            .take(SHOWN)
            .map(Entry::shown)
            .collect();
        if self.stopped_early || self.strangers.len() > SHOWN {
            shown.push("…".to_string());
        }
        let files = shown.join(", ");
        let out = out.display();
        if matches!(self.owner, Owner::Foreign { marked: true }) {
            let tops: Vec<String> = self
                .strangers
                .iter()
                .filter(|e| e.path.components().count() == 1 && !e.dir)
                .take(SHOWN)
                .map(|e| format!("\"{}\"", e.shown()))
                .collect();
            let keep = if tops.len() == self.strangers.len() && !self.stopped_early {
                format!(
                    ", or keep them there by naming them in site.toml: [output] keep = [{}]",
                    tops.join(", ")
                )
            } else {
                String::new()
            };
            Diagnostic::error(format!("refusing to write the site over `{out}`: it holds files broadside did not write: {files}"))
                .help(format!("move them out of `{out}`{keep}; --force would replace the folder and delete them"))
        } else {
            Diagnostic::error(format!(
                "refusing to write the site over `{out}`: broadside did not make that folder, and it holds files broadside did not write: {files}"
            ))
            .help(format!(
                "broadside replaces only a folder it made. Build into a new or empty folder (e.g. --out dist), or run again with \
                 --force to replace `{out}` and delete what it holds (its dotfiles, CNAME and the files named in [output] keep stay)"
            ))
        }
    }
}

/// A folder beside the output that broadside uses: the spare generation,
/// or the staging folder of an earlier build.
#[derive(Debug)]
pub(crate) enum Side {
    Missing,
    /// An empty folder.
    Empty,
    /// broadside's: marked, and its manifest lists everything in it.
    Ours {
        manifest: Manifest,
        entries: Vec<Entry>,
    },
    /// Anything else: left alone. `examples`: some of what it holds.
    NotOurs {
        examples: Vec<String>,
    },
}

/// Looks at a folder beside the output.
pub(crate) fn inspect(dir: &Path) -> Side {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Side::Missing,
        Ok(meta) if meta.is_dir() => {}
        _ => {
            return Side::NotOurs {
                examples: Vec::new(),
            };
        }
    }
    let manifest = Manifest::read(dir);
    let (mut entries, mut strangers) = (Vec::new(), Vec::new());
    let walked = walk(dir, PathBuf::new(), true, &mut |entry| {
        if entry.path.as_os_str().is_empty() {
            return ControlFlow::Continue(()); // the folder itself, empty
        }
        if !entry.is_record() && !manifest.as_ref().is_some_and(|m| entry.listed_in(m)) {
            strangers.push(entry.shown());
        }
        entries.push(entry);
        if strangers.len() >= SHOWN {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    match walked {
        Err(_) => Side::NotOurs {
            examples: strangers,
        },
        Ok(_) if !strangers.is_empty() => Side::NotOurs {
            examples: strangers,
        },
        Ok(_) if entries.is_empty() => Side::Empty,
        // Only a manifest being written when a build was killed: ours.
        Ok(_) => Side::Ours {
            manifest: manifest.unwrap_or_default(),
            entries,
        },
    }
}
/// Removes from `root` the files and empty folders of `entries` (found
/// there earlier), the folders that held them once they are empty, and
/// `root` itself when nothing else is left. Anything that appeared since
/// stays. Returns whether `root` is gone.
pub(crate) fn remove_entries(root: &Path, entries: &[Entry]) -> bool {
    let mut dirs: Vec<&Path> = Vec::new();
    for entry in entries {
        let path = root.join(&entry.path);
        if entry.dir {
            dirs.push(&entry.path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
        dirs.extend(
            entry
                .path
                .ancestors()
                .skip(1)
                .filter(|d| !d.as_os_str().is_empty()),
        );
    }
    // Deepest first, so each folder is empty by the time it is removed.
    dirs.sort_by(|a, b| {
        b.components()
            .count()
            .cmp(&a.components().count())
            .then_with(|| a.cmp(b))
    });
    dirs.dedup();
    for dir in dirs {
        let _ = std::fs::remove_dir(root.join(dir));
    }
    std::fs::remove_dir(root).is_ok() || std::fs::symlink_metadata(root).is_err()
}
