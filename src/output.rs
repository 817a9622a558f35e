//! Writing the built site: all of it or nothing.
//!
//! Pages are written into a staging folder beside the output folder, and the
//! two are swapped with one atomic rename (`renameat2(RENAME_EXCHANGE)`) only
//! when every file is written. A build that fails or is killed at any moment
//! leaves the previous output exactly as it was. The staging folder is the
//! output of the build before, kept as a spare and brought up to date, so
//! nothing is deleted or created in bulk on a rebuild.

use std::collections::HashSet;
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Diagnostic;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Refuses output folders that would destroy the sources: the content or
/// templates folder, any folder that holds them, and the current directory.
pub fn check_destination(out: &Path, protected: &[&Path]) -> Result<(), Diagnostic> {
    let out_abs = absolute(out);
    let cwd = std::env::current_dir().map(|d| absolute(&d)).unwrap_or_default();
    if out_abs == cwd {
        return Err(Diagnostic::error(format!(
            "refusing to write the site over the current directory `{}`",
            out.display()
        ))
        .help("the output folder is replaced whole on every build; choose a folder of its own, e.g. --out dist"));
    }
    for source in protected {
        let source_abs = absolute(source);
        if source_abs.starts_with(&out_abs) {
            let relation = if source_abs == out_abs { "it is" } else { "it holds" };
            return Err(Diagnostic::error(format!(
                "refusing to write the site to `{}`: {relation} `{}`, which the build reads",
                out.display(),
                source.display()
            ))
            .help("the output folder is replaced whole on every build; choose a folder of its own, e.g. --out dist"));
        }
    }
    if let Some(parent) = existing_ancestor_file(&out_abs) {
        return Err(Diagnostic::error(format!(
            "cannot write the site to `{}`: `{}` is a file, not a folder",
            out.display(),
            parent.display()
        ))
        .help("choose an output path whose parent folders are folders, or move that file away"));
    }
    Ok(())
}

/// The path made absolute and free of `.`/`..`, following symlinks as far
/// as the path exists.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Canonicalise the longest existing prefix, then add the rest.
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return normalize(&out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return normalize(&joined),
        }
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn existing_ancestor_file(path: &Path) -> Option<PathBuf> {
    path.ancestors().skip(1).find(|p| p.is_file()).map(Path::to_path_buf)
}

/// Writes `files` as the new content of `out`, atomically.
///
/// The new site is written into a staging folder beside `out`, then the two
/// are swapped in one step. The staging folder is the previous generation of
/// the output, kept beside it as `.NAME.broadside-spare`: files that did not
/// change since then are left alone, files that did are rewritten, files no
/// longer in the site are removed. So a rebuild of a large site neither
/// deletes nor creates thousands of files (both slow in the kernel), and the
/// live output is never written to.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let fail = |what: &str, path: &Path, e: io::Error| {
        Diagnostic::error(format!("cannot {what} `{}`: {e}", path.display()))
            .help("check that the output folder's parent exists and is writable")
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| fail("create the folder", &parent, e))?;
    let name = out.file_name().map(OsString::from).unwrap_or_else(|| OsString::from("dist"));
    let prefix = format!(".{}.broadside-", name.to_string_lossy());
    let spare = parent.join(format!("{prefix}spare"));
    remove_leftovers(&parent, &prefix, &spare);
    // Held until the swap, so a build running at the same time neither takes
    // this folder for a leftover nor writes into it too.
    let (staging, _in_use) = match claim_spare(&spare) {
        Some(lock) => (spare.clone(), Some(lock)),
        None => {
            let dir = tempfile::Builder::new()
                .prefix(&prefix)
                .tempdir_in(&parent)
                .map_err(|e| fail("create a temporary folder in", &parent, e))?
                .keep();
            let lock = lock_folder(&dir);
            (dir, lock)
        }
    };
    let discard = |staging: &Path| {
        if staging != spare {
            let _ = std::fs::remove_dir_all(staging);
        }
    };
    if let Err((path, e)) = sync_folder(&staging, files) {
        discard(&staging);
        return Err(fail("write", &path, e));
    }
    set_public_permissions(&staging).map_err(|e| fail("set permissions on", &staging, e))?;
    match swap_in(&staging, out) {
        // The previous output now lives at `staging`: it is the next spare.
        Ok(Some(old)) if old != spare => {
            if std::fs::rename(&old, &spare).is_err() {
                let _ = std::fs::remove_dir_all(&old);
            }
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(e) => {
            discard(&staging);
            Err(fail("replace the output folder", out, e))
        }
    }
}

/// Takes the spare folder for this build (making it when there is none),
/// unless another build holds it.
fn claim_spare(spare: &Path) -> Option<std::fs::File> {
    match std::fs::symlink_metadata(spare) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            std::fs::remove_file(spare).ok()?;
            std::fs::create_dir(spare).ok()?;
        }
        Err(_) => std::fs::create_dir(spare).ok()?,
    }
    try_lock_folder(spare)
}

/// Makes `root` hold exactly `files`: writes those that differ, removes
/// everything else.
fn sync_folder(root: &Path, files: &[OutputFile]) -> Result<(), (PathBuf, io::Error)> {
    let wanted: HashSet<PathBuf> = files.iter().map(|f| PathBuf::from(&f.path)).collect();
    let mut wanted_dirs: HashSet<PathBuf> = HashSet::new();
    for file in files {
        let mut dir = Path::new(&file.path).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if !wanted_dirs.insert(d.to_path_buf()) {
                break;
            }
            dir = d.parent();
        }
    }
    prune(root, Path::new(""), &wanted, &wanted_dirs).map_err(|e| (root.to_path_buf(), e))?;
    let mut dirs: Vec<&PathBuf> = wanted_dirs.iter().collect();
    dirs.sort();
    for dir in dirs {
        let path = root.join(dir);
        std::fs::create_dir_all(&path).map_err(|e| (path, e))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = root.join(&file.path);
        let unchanged = std::fs::symlink_metadata(&path)
            .is_ok_and(|m| m.is_file() && m.len() == file.bytes.len() as u64)
            && std::fs::read(&path).is_ok_and(|old| old == file.bytes);
        if unchanged { Ok(()) } else { std::fs::write(&path, &file.bytes).map_err(|e| (path, e)) }
    })
}

/// Removes from `root/rel` every file and folder the new site does not have.
fn prune(root: &Path, rel: &Path, files: &HashSet<PathBuf>, dirs: &HashSet<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let rel_path = rel.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() && dirs.contains(&rel_path) {
            prune(root, &rel_path, files, dirs)?;
        } else if kind.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else if !(kind.is_file() && files.contains(&rel_path)) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn remove_leftovers(parent: &Path, prefix: &str, spare: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        if entry.path() != spare
            && entry.file_name().to_string_lossy().starts_with(prefix)
            && !folder_in_use(&entry.path())
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Marks `dir` as in use by this process (an advisory lock, released when
/// the process ends, however it ends).
#[cfg(target_os = "linux")]
fn lock_folder(dir: &Path) -> Option<std::fs::File> {
    let file = std::fs::File::open(dir).ok()?;
    rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive).ok()?;
    Some(file)
}

#[cfg(target_os = "linux")]
fn try_lock_folder(dir: &Path) -> Option<std::fs::File> {
    let file = std::fs::File::open(dir).ok()?;
    rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive).ok()?;
    Some(file)
}

#[cfg(not(target_os = "linux"))]
fn try_lock_folder(dir: &Path) -> Option<std::fs::File> {
    std::fs::File::open(dir).ok()
}

#[cfg(target_os = "linux")]
fn folder_in_use(dir: &Path) -> bool {
    let Ok(file) = std::fs::File::open(dir) else { return false };
    rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockShared).is_err()
}

#[cfg(not(target_os = "linux"))]
fn lock_folder(_dir: &Path) -> Option<std::fs::File> {
    None
}

#[cfg(not(target_os = "linux"))]
fn folder_in_use(_dir: &Path) -> bool {
    false
}

#[cfg(unix)]
fn set_public_permissions(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // tempfile makes the folder private; a published site is readable.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn set_public_permissions(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Puts `staging` at `out`. Returns where the old output went, if any.
fn swap_in(staging: &Path, out: &Path) -> io::Result<Option<PathBuf>> {
    match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::rename(staging, out)?;
            Ok(None)
        }
        Err(e) => Err(e),
        Ok(meta) if !meta.is_dir() => Err(io::Error::other("it exists and is not a folder")),
        Ok(_) => exchange(staging, out).map(|()| Some(staging.to_path_buf())),
    }
}

/// Swaps two folders in one step, so no moment exists without an output.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // File systems without RENAME_EXCHANGE: two renames, a brief gap.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => two_step_exchange(a, b),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    two_step_exchange(a, b)
}

fn two_step_exchange(a: &Path, b: &Path) -> io::Result<()> {
    let mut aside = a.as_os_str().to_owned();
    aside.push(".old");
    let aside = PathBuf::from(aside);
    std::fs::rename(b, &aside)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&aside, a)
}
