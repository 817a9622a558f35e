//! Writing the built site: all of it or nothing.
//!
//! Pages are written into a fresh folder beside the output folder, and that
//! folder is swapped in with one atomic rename only when every file is
//! written. A build that fails or is killed at any moment leaves the previous
//! output exactly as it was. The old output is deleted after the swap, so
//! the many new files are never created right after deleting many (which is
//! slow in the kernel), and never while the old ones are still needed.

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
    remove_leftovers(&parent, &prefix);
    let staging = tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(&parent)
        .map_err(|e| fail("create a temporary folder in", &parent, e))?;
    // Held until the swap, so a build running at the same time does not
    // take this folder for the leftover of a killed build.
    let _in_use = lock_folder(staging.path());
    write_all(staging.path(), files).map_err(|(path, e)| fail("write", &path, e))?;
    set_public_permissions(staging.path()).map_err(|e| fail("set permissions on", staging.path(), e))?;
    // From here the staging folder is ours to manage: it becomes the output.
    let staging = staging.keep();
    match swap_in(&staging, out) {
        Ok(Some(old)) => {
            // The previous output now lives at `old`; the new one is in place.
            let _ = std::fs::remove_dir_all(old);
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(fail("replace the output folder", out, e))
        }
    }
}

/// Removes staging folders left by builds that were killed.
fn remove_leftovers(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) && !folder_in_use(&entry.path()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn write_all(root: &Path, files: &[OutputFile]) -> Result<(), (PathBuf, io::Error)> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().filter(|p| !p.as_os_str().is_empty()))
        .map(|p| root.join(p))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        std::fs::create_dir_all(dir).map_err(|e| (dir.clone(), e))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = root.join(&file.path);
        std::fs::write(&path, &file.bytes).map_err(|e| (path, e))
    })
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
