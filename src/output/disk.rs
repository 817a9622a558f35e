//! The file system steps the output is written with: renames that never
//! replace anything, the two-folder swap, the lock that keeps two builds of
//! one output folder apart, and careful removal.

use std::io;
use std::path::{Path, PathBuf};

/// Holds the lock on the folder an output lives in until dropped. Builds
/// into that folder take turns from here on; the kernel lets go when the
/// process ends, however it ends.
pub(crate) struct Lock {
    #[cfg(target_os = "linux")]
    _file: Option<std::fs::File>,
}

/// Waits for, then takes, the lock on `dir`. Where locks cannot be had
/// (a file system without them), builds are not kept apart.
#[cfg(target_os = "linux")]
pub(crate) fn lock(dir: &Path) -> Lock {
    let file = std::fs::File::open(dir)
        .ok()
        .filter(|file| rustix::fs::flock(file, rustix::fs::FlockOperation::LockExclusive).is_ok());
    Lock { _file: file }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn lock(_dir: &Path) -> Lock {
    Lock {}
}

/// Makes `dir` and the folders above it that are missing, and returns
/// those it made, deepest first, for [`remove_made_folders`].
pub(crate) fn make_folders(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let missing = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(dir)?;
    Ok(missing)
}

/// Takes away the folders [`make_folders`] made, deepest first, each only
/// while it is empty: whatever was put in one since stays, with the
/// folders above it.
pub(crate) fn remove_made_folders(made: &[PathBuf]) {
    for dir in made {
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
    }
}

/// Writes `bytes` to a new file at `path` and waits until the disk has them.
pub(crate) fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_data()
}

/// Makes the entries of `dir` (a rename into or out of it) durable.
pub(crate) fn sync_folder(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Renames `from` to `to`, failing (`AlreadyExists`) rather than replacing
/// whatever is at `to`.
pub(crate) fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {}
            Err(e) => return Err(e.into()),
        }
    }
    // Without RENAME_NOREPLACE: look, then leap (builds hold the lock).
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("`{}` exists", to.display()),
        ));
    }
    std::fs::rename(from, to)
}

/// Swaps two folders in one step, so no moment exists without an output.
#[cfg(target_os = "linux")]
pub(crate) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // File systems without RENAME_EXCHANGE: two renames, a brief gap.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => two_step_exchange(a, b),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    two_step_exchange(a, b)
}

fn two_step_exchange(a: &Path, b: &Path) -> io::Result<()> {
    let mut aside = a.as_os_str().to_owned();
    aside.push(".old");
    let aside = PathBuf::from(aside);
    rename_noreplace(b, &aside)?;
    rename_noreplace(a, b)?;
    rename_noreplace(&aside, a)
}

#[cfg(unix)]
pub(crate) fn set_public_permissions(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // tempfile makes the folder private; a published site is readable.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
pub(crate) fn set_public_permissions(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// For the tests of killed builds: `BROADSIDE_FAILPOINT=<name>` makes the
/// process abort at the step of that name, as a kill there would, so every
/// step of the protocol can be hit on purpose rather than by chance. Only
/// in a binary built with the test-only `failpoints` feature
/// (`cargo test --features failpoints`); the shipped binary has none.
#[cfg(feature = "failpoints")]
pub(crate) fn failpoint(name: &str) {
    if std::env::var_os("BROADSIDE_FAILPOINT").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

/// Without the `failpoints` feature, a step of the protocol is only a step.
#[cfg(not(feature = "failpoints"))]
#[inline(always)]
pub(crate) fn failpoint(_name: &str) {}

/// Whether the entry at `path`, whose metadata (not following a link) is
/// `meta`, is a regular file holding exactly `bytes`: its length first,
/// its bytes only when that matches.
pub(super) fn holds(path: &Path, meta: &io::Result<std::fs::Metadata>, bytes: &[u8]) -> bool {
    meta.as_ref()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}
