//! Steps 1–3 and 5–9 of a build's output (see the module's documentation
//! in `output/mod.rs`): the staging folder the new site is written into,
//! the recovery of a killed build's kept files, the clean-up beside the
//! output, and the swap that puts the new site in place.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

use super::manifest::{Journal, Manifest};
use super::survey::{self, Entry, Owner, Side, Survey};
use super::{Place, disk, fail};
use crate::error::Diagnostic;

/// The folder to write the new site into: the spare when broadside may use
/// it (with what it holds and lists), else a fresh one.
pub(super) fn staging_folder(
    place: &Place,
    spare: Side,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Staging, Diagnostic> {
    let spare_with = |present, listed, made| Staging {
        dir: place.spare.clone(),
        present,
        listed,
        made,
    };
    match spare {
        Side::Ours { manifest, entries } => return Ok(spare_with(entries, Some(manifest), false)),
        Side::Empty => return Ok(spare_with(Vec::new(), None, false)),
        Side::Missing if std::fs::create_dir(&place.spare).is_ok() => {
            return Ok(spare_with(Vec::new(), None, true));
        }
        Side::NotOurs { examples } => warnings.push(place.left_alone(&place.spare, &examples)),
        Side::Missing => {}
    }
    let dir = tempfile::Builder::new()
        .prefix(&place.prefix)
        .tempdir_in(&place.parent)
        .map_err(|e| fail("create a temporary folder in", &place.parent, e))?
        .keep();
    Ok(Staging {
        dir,
        present: Vec::new(),
        listed: None,
        made: true,
    })
}

/// The folder a build writes the new site into.
pub(super) struct Staging {
    pub(super) dir: PathBuf,
    /// What it holds already, all of it listed in `listed`.
    pub(super) present: Vec<Entry>,
    pub(super) listed: Option<Manifest>,
    /// This build made it: a failed build removes it again, spare or not.
    pub(super) made: bool,
}

/// Steps 5 to 9: carries the kept entries into `staging`, swaps it with the
/// output, and disposes of the old output.
pub(super) fn swap(
    place: &Place,
    staging: &Path,
    found: &Survey,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    let journal = Journal {
        staging: staging.file_name().unwrap_or_default().to_os_string(),
        kept: found.kept.clone(),
        delete_old: !matches!(found.owner, Owner::Own | Owner::Empty),
    };
    if let Err(e) = journal.write(&place.journal) {
        place.discard(staging);
        return Err(fail("write", &place.journal, e));
    }
    disk::failpoint("journal");
    let mut moved: Vec<&OsString> = Vec::new();
    let mut result = Ok(());
    for name in &found.kept {
        if let Err(e) = disk::rename_noreplace(&place.out.join(name), &staging.join(name)) {
            result = Err(fail("move", &place.shown.join(name), e));
            break;
        }
        moved.push(name);
        disk::failpoint("carrying");
    }
    disk::failpoint("carried");
    let result = result.and_then(|()| {
        disk::exchange(staging, &place.out)
            .map_err(|e| fail("replace the output folder", &place.shown, e))
    });
    if let Err(d) = result {
        // Undo: the kept entries go home; the journal stays if one cannot.
        let home = moved
            .iter()
            .all(|name| disk::rename_noreplace(&staging.join(name), &place.out.join(name)).is_ok());
        // A staging folder still holding a kept entry is never discarded.
        if home {
            let _ = std::fs::remove_file(&place.journal);
            place.discard(staging);
        }
        return Err(d);
    }
    disk::failpoint("swapped");
    // The old output is now at `staging`.
    // broadside's own old output, or the emptied folder, is the next spare.
    let spared = matches!(found.owner, Owner::Own | Owner::Empty)
        && (staging == place.spare || disk::rename_noreplace(staging, &place.spare).is_ok());
    if !spared && !survey::remove_entries(staging, &found.entries) {
        warnings.push(place.left_alone(staging, &[]));
    }
    disk::failpoint("disposed");
    std::fs::remove_file(&place.journal).map_err(|e| fail("remove", &place.journal, e))
}

/// Step 1: finishes or undoes the work of a build killed between steps 5
/// and 9.
pub(super) fn recover(place: &Place) -> Result<(), Diagnostic> {
    let journal = match Journal::read(&place.journal) {
        Ok(Some(journal)) if journal.staging.to_string_lossy().starts_with(&place.prefix) => {
            journal
        }
        Ok(_) => return Ok(()),
        Err(e) => return Err(fail("read", &place.journal, e)),
    };
    let staging = place.parent.join(&journal.staging);
    for name in &journal.kept {
        let from = staging.join(name);
        if std::fs::symlink_metadata(&from).is_err() {
            continue;
        }
        if std::fs::symlink_metadata(&place.out).is_err() {
            std::fs::create_dir(&place.out).map_err(|e| fail("create", &place.shown, e))?;
        }
        match disk::rename_noreplace(&from, &place.out.join(name)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let name = Path::new(name).display();
                return Err(Diagnostic::error(format!(
                    "a build that was killed left your `{name}` in `{}`, and `{}` holds a `{name}` too",
                    place.shown_beside(&staging).display(),
                    place.shown.display()
                ))
                .help("keep the one you want: move the other out of the way, then build again"));
            }
            Err(e) => return Err(fail("move back", &from, e)),
        }
    }
    // Killed after the swap: the staging folder holds the old output, which
    // was to be deleted. Before the swap it holds the new site, marked.
    if journal.delete_old && !matches!(survey::inspect(&staging), Side::Ours { .. } | Side::Missing)
    {
        std::fs::remove_dir_all(&staging).map_err(|e| fail("remove", &staging, e))?;
    }
    std::fs::remove_file(&place.journal).map_err(|e| fail("remove", &place.journal, e))
}

/// Step 3: removes what killed builds left beside the output, when it is
/// broadside's.
pub(super) fn clean_beside(place: &Place, warnings: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(&place.parent) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(&place.prefix)
            || path == place.spare
            || path == place.journal
        {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            match survey::inspect(&path) {
                Side::Ours { .. } | Side::Empty => {
                    let _ = std::fs::remove_dir_all(&path);
                }
                Side::NotOurs { examples } => warnings.push(place.left_alone(&path, &examples)),
                Side::Missing => {}
            }
        } else if Journal::is_journal_file(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
}
