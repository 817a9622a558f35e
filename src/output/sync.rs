//! Step 4 of a build's output (see `output/mod.rs`): the staging folder
//! made to hold exactly the new site's files, each written as it is made,
//! only the changed ones, and synced when a site is already at the output.

use std::io;
use std::path::{Path, PathBuf};

use super::manifest::{MANIFEST, Manifest};
use super::survey::Entry;
use super::writer::{Taken, Unsynced, Writer};
use super::{FileSize, Files, disk};
use crate::parallel;

/// Step 4: makes `root`, which holds `present` (all of it listed in
/// `listed`), hold exactly `files` and their manifest, writing only the
/// files that changed. Each file is written as it is made, then let go.
/// With `previous` (the output folder as it was), also says which files
/// differ from it. Returns the files made, and those that differ.
pub(super) fn sync(
    root: &Path,
    (files, paths): (&dyn Files, &[String]),
    present: &[Entry],
    listed: Option<&Manifest>,
    durable: bool,
    previous: Option<&Path>,
) -> Result<(Vec<FileSize>, Vec<String>), Unsynced> {
    let wanted = Manifest::of(paths.iter().map(PathBuf::from));
    let write_manifest = |m: &Manifest| {
        m.write(root)
            .map_err(|e| Unsynced::Io(root.join(MANIFEST), e))
    };
    // While old and new files are both here, the manifest lists both.
    match listed {
        Some(old) if !present.is_empty() => write_manifest(&old.union(&wanted))?,
        _ => write_manifest(&wanted)?,
    }
    let mut stale_dirs: Vec<&Path> = Vec::new();
    let mut removed_from: Vec<&Path> = Vec::new();
    for entry in present.iter().filter(|e| !e.is_record()) {
        if entry.dir {
            stale_dirs.push(&entry.path);
        } else if !wanted.has_file(&entry.path) {
            let path = root.join(&entry.path);
            std::fs::remove_file(&path).map_err(|e| Unsynced::Io(path, e))?;
            removed_from.push(&entry.path);
        }
        stale_dirs.extend(
            entry
                .path
                .ancestors()
                .skip(1)
                .filter(|d| !d.as_os_str().is_empty()),
        );
    }
    stale_dirs.retain(|d| !wanted.has_dir(d));
    stale_dirs.sort_by(|a, b| {
        b.components()
            .count()
            .cmp(&a.components().count())
            .then_with(|| a.cmp(b))
    });
    stale_dirs.dedup();
    let stale = stale_dirs.clone();
    for dir in stale_dirs {
        let path = root.join(dir);
        match std::fs::remove_dir(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(Unsynced::Io(path, e)),
            _ => {}
        }
    }
    let mut dirs: Vec<&PathBuf> = wanted.dirs().collect();
    dirs.sort();
    for dir in dirs {
        let path = root.join(dir);
        std::fs::create_dir_all(&path).map_err(|e| Unsynced::Io(path, e))?;
    }
    let taken = take(files, Some(root), paths, durable, previous)?;
    let (mut made_files, mut changed_dirs) = (taken.made, taken.changed_dirs);
    made_files.sort_by(|a, b| a.path.cmp(&b.path));
    // A removal changes the nearest folder that stays (a stale one goes too).
    let staying = |path: &Path| {
        path.ancestors()
            .skip(1)
            .find(|d| d.as_os_str().is_empty() || wanted.has_dir(d))
            .map(|d| root.join(d))
    };
    changed_dirs.extend(
        removed_from
            .iter()
            .chain(stale.iter())
            .filter_map(|p| staying(p)),
    );
    changed_dirs.push(root.to_path_buf());
    changed_dirs.sort();
    changed_dirs.dedup();
    // The manifest's rename is an entry of the root, synced with the rest.
    write_manifest(&wanted)?;
    if durable {
        parallel::try_each(&changed_dirs, |dir| {
            disk::sync_folder(dir).map_err(|e| Unsynced::Io(dir.clone(), e))
        })?;
    }
    Ok((made_files, taken.differ))
}

/// Makes `files` and hands each to a [`Writer`] into `root` (or into
/// memory when `root` is None): the one place a site's files are taken.
pub(super) fn take(
    files: &dyn Files,
    root: Option<&Path>,
    paths: &[String],
    durable: bool,
    previous: Option<&Path>,
) -> Result<Taken, Unsynced> {
    let writer = Writer::new(root, paths, durable).comparing_with(previous);
    let made = files.make(&|file| writer.put(file));
    match (made, writer.finish()) {
        (_, Err(Unsynced::Io(path, e))) => Err(Unsynced::Io(path, e)),
        (Err(mut failure), Err(Unsynced::Unmade(more))) => {
            failure.diagnostics.extend(more.diagnostics);
            Err(Unsynced::Unmade(failure))
        }
        (Err(failure), _) => Err(Unsynced::Unmade(failure)),
        (Ok(()), result) => result,
    }
}
