//! [`write_site`]: the steps of the module's protocol in order — look at
//! what is there (recover, survey, refuse), stage the new site beside it,
//! put it in place, and record the build.

use std::path::{Path, PathBuf};

use super::staging::{Staging, clean_beside, recover, staging_folder, swap};
use super::survey::{self, Owner, Side, SiteIndex, Survey};
use super::sync::sync;
use super::writer::Unsynced;
use super::{
    FileSize, Files, Place, Record, Summary, WriteOptions, Written, changes, destination, disk,
    fail, record,
};
use crate::error::{BuildFailure, Diagnostic};

/// What is at the output before anything changes, and the lock that keeps
/// other builds of it waiting.
struct Found<'a> {
    place: Place,
    /// The folders this build made for the output, removed if it fails.
    made_parents: Vec<PathBuf>,
    _lock: disk::Lock,
    site: SiteIndex<'a>,
    survey: Survey,
}

/// The new site, written in full beside the output.
struct Staged {
    dir: PathBuf,
    made: Vec<FileSize>,
    /// The paths whose bytes differ from the old output's.
    differ: Vec<String>,
    /// A site was at the output, so the new one was synced to disk.
    durable: bool,
}

/// Makes `files` and writes them (and their manifest) as the new content of
/// `out`, atomically, keeping the user's files in it: see the module's
/// documentation. A file that cannot be made fails the build as a kill
/// would: the output is untouched.
pub(crate) fn write_site(
    out: &Path,
    files: &dyn Files,
    options: WriteOptions<'_>,
) -> Result<Written, BuildFailure> {
    let paths = files.paths();
    let mut warnings = Vec::new();
    let (found, spare) = look(out, files, &options)?;
    clean_beside(&found.place, &mut warnings);
    // From here on the output may change: the record of the last build
    // goes first, and a new one is written once the new site is in place.
    let place = &found.place;
    record::remove(&place.record).map_err(|e| fail("remove", &place.record, e))?;
    let staged = stage(
        &found,
        spare,
        (files, paths),
        options.changes,
        &mut warnings,
    )?;
    let changes = options.changes.then(|| {
        let written = if staged.durable {
            staged.differ.clone()
        } else {
            staged.made.iter().map(|f| f.path.clone()).collect()
        };
        changes::against(&found.survey.entries, &found.site, written)
    });
    put_in_place(&found, &staged.dir, &mut warnings)?;
    // A build with something to say (a folder left alone) is not skipped.
    if let Some(recorded) = options.record.filter(|_| warnings.is_empty()) {
        write_record(place, recorded, &staged.made);
    }
    Ok(Written {
        files: staged.made,
        warnings,
        changes,
    })
}

/// Steps 1 and 2: takes the lock, recovers from a killed build, surveys
/// the output and refuses it when it is not broadside's or when the site
/// would write over a kept file. Also says what lies at the spare's place.
fn look<'a>(
    out: &Path,
    files: &'a dyn Files,
    options: &WriteOptions<'_>,
) -> Result<(Found<'a>, Side), BuildFailure> {
    let place = Place::of(out);
    // A build that fails takes away the folders it made for the output.
    let made_parents = disk::make_folders(&place.parent)
        .map_err(|e| fail("create the folder", &place.parent, e))?;
    let lock = disk::lock(&place.parent);
    recover(&place)?;
    destination::check_is_folder(&place)?;
    let site = SiteIndex::new(files.paths(), files);
    let spare = survey::inspect(&place.spare);
    let older_spare = matches!(spare, Side::NotOurs { .. });
    let found = survey::survey(
        &place.out,
        &site,
        options.kept_names,
        older_spare,
        options.force,
    )
    .map_err(|e| fail("read", out, e))?;
    if matches!(found.owner, Owner::Foreign { .. }) && !options.force {
        // What is wrong with the site itself is said too, as it would be
        // by a build into another folder: the site is made, and let go.
        let mut failure = files.make(&|_| {}).err().unwrap_or(BuildFailure {
            diagnostics: Vec::new(),
        });
        failure.diagnostics.push(found.refusal(out));
        return Err(failure);
    }
    if let Some(name) = found.kept.iter().find(|name| site.writes_top(name)) {
        let name = Path::new(name).display();
        return Err(Diagnostic::error(format!(
            "the site would write `{name}`, but `{}` is kept as yours",
            out.join(name.to_string()).display()
        ))
        .help("broadside never replaces dotfiles, CNAME or the files named in [output] keep: move it away, or give the story another `path`")
        .into());
    }
    let found = Found {
        place,
        made_parents,
        _lock: lock,
        site,
        survey: found,
    };
    Ok((found, spare))
}

/// Step 4: writes the new site into the staging folder; a failure removes
/// what this build made and leaves the output as it was.
fn stage(
    found: &Found<'_>,
    spare: Side,
    (files, paths): (&dyn Files, &[String]),
    compare: bool,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Staged, BuildFailure> {
    let place = &found.place;
    let Staging {
        dir,
        present,
        listed,
        made: made_here,
    } = staging_folder(place, spare, warnings)?;
    // A site already at `out` must survive a power cut as well as a kill, so
    // the new one is on the disk before it takes its place. A first build
    // replaces no site; it skips the wait (a cold 10,000-page build would
    // take about twice as long; see BENCHMARKS.md).
    let durable = !matches!(found.survey.owner, Owner::Missing | Owner::Empty);
    // What the old output holds, to compare with: nothing before a first build.
    let previous = (compare && durable).then_some(place.out.as_path());
    match sync(
        &dir,
        (files, paths),
        &present,
        listed.as_ref(),
        durable,
        previous,
    ) {
        Ok((made, differ)) => {
            disk::set_public_permissions(&dir).map_err(|e| fail("set permissions on", &dir, e))?;
            disk::failpoint("staged");
            Ok(Staged {
                dir,
                made,
                differ,
                durable,
            })
        }
        Err(failure) => {
            if made_here {
                // A failed build leaves nothing beside the output it did not find there.
                let _ = std::fs::remove_dir_all(&dir);
            }
            place.discard(&dir);
            disk::remove_made_folders(&found.made_parents);
            Err(match failure {
                Unsynced::Io(path, e) => fail("write", &path, e).into(),
                Unsynced::Unmade(failure) => failure,
            })
        }
    }
}

/// Steps 5 to 9: the staging folder becomes the output, by a rename when
/// there was none, else by the swap that carries the kept files over.
fn put_in_place(
    found: &Found<'_>,
    staging: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), BuildFailure> {
    let place = &found.place;
    if matches!(found.survey.owner, Owner::Missing) {
        if let Err(e) = disk::rename_noreplace(staging, &place.out)
            .and_then(|()| disk::sync_folder(&place.parent))
        {
            place.discard(staging);
            disk::remove_made_folders(&found.made_parents);
            return Err(fail("move the new site to", &place.shown, e).into());
        }
    } else {
        swap(place, staging, &found.survey, warnings)?;
        disk::sync_folder(&place.parent).map_err(|e| fail("flush to disk", &place.parent, e))?;
    }
    Ok(())
}

/// Records the build beside the output, for the next one's shortcut; a
/// record that cannot be written costs that shortcut, nothing more.
fn write_record(place: &Place, recorded: super::Recorded, made: &[FileSize]) {
    let _ = record::state(&place.out).and_then(|output| {
        let summary = Summary {
            pages: made.iter().filter(|f| f.path.ends_with(".html")).count(),
            files: made.len(),
            bytes: made.iter().map(|f| f.bytes as u64).sum(),
        };
        Record {
            fingerprint: recorded.fingerprint,
            summary,
            expires: recorded.expires,
            output,
            inputs: recorded.inputs,
        }
        .write(&place.record)
    });
}
