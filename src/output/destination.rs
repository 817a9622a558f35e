//! The output folders a build never writes, whatever it is told (`--force`
//! included): `/`, the home folder, the current directory, the content and
//! templates folders, any folder holding one of these, any folder inside
//! the content or templates, and the names broadside keeps for itself.
//! These are judged from the paths alone, before anything is read.

use std::path::{Path, PathBuf};

use crate::paths::normalize;

use crate::error::Diagnostic;

const HELP: &str = "the output folder is replaced whole on every build, so it must be a folder of its own, \
                    e.g. --out dist; --force does not change this";

/// Refuses output folders whose replacement would destroy what is not the
/// site's: see the module's documentation.
pub fn check_destination(out: &Path, protected: &[&Path]) -> Result<(), Diagnostic> {
    let out_abs = absolute(out);
    let refuse = |why: String| {
        Diagnostic::error(format!(
            "refusing to write the site to `{}`: {why}",
            out.display()
        ))
        .help(HELP)
    };
    if out_abs.parent().is_none() {
        return Err(refuse("it is the root of the file system".to_string()));
    }
    if let Some(home) = home() {
        if home == out_abs {
            return Err(refuse("it is the home folder".to_string()));
        }
        if home.starts_with(&out_abs) {
            return Err(refuse(format!(
                "it holds the home folder `{}`",
                home.display()
            )));
        }
    }
    let cwd = std::env::current_dir()
        .map(|d| absolute(&d))
        .unwrap_or_default();
    if out_abs == cwd {
        return Err(Diagnostic::error(format!(
            "refusing to write the site over the current directory `{}`",
            out.display()
        ))
        .help(HELP));
    }
    for source in protected {
        let source_abs = absolute(source);
        let relation = if source_abs == out_abs {
            "it is"
        } else if source_abs.starts_with(&out_abs) {
            "it holds"
        } else if out_abs.starts_with(&source_abs) {
            "it is inside"
        } else {
            continue;
        };
        return Err(refuse(format!(
            "{relation} `{}`, which the build reads",
            source.display()
        )));
    }
    if cwd.starts_with(&out_abs) {
        return Err(refuse("it holds the current directory".to_string()));
    }
    if let Some(name) = out_abs.file_name().and_then(|n| n.to_str())
        && name.starts_with('.')
        && name.contains(".broadside-")
    {
        return Err(refuse(
            "names of the form .NAME.broadside-… are where broadside stages its output".to_string(),
        ));
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

/// The home folder, from `HOME`, when it is set.
fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| absolute(Path::new(&h)))
}

/// The path made absolute and free of `.`/`..`, following symlinks as far
/// as the path exists.
pub(crate) fn absolute(path: &Path) -> PathBuf {
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

fn existing_ancestor_file(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|p| p.is_file())
        .map(Path::to_path_buf)
}

/// Refuses an output path holding something other than a folder.
pub(super) fn check_is_folder(place: &super::Place) -> Result<(), Diagnostic> {
    let shown = place.shown.display();
    match std::fs::symlink_metadata(&place.out) {
        // A link to a folder was followed; this one leads nowhere.
        Ok(meta) if meta.is_symlink() => Err(Diagnostic::error(format!(
            "refusing to write the site over `{shown}`: it is a symbolic link that leads nowhere"
        ))
        .help("give the folder itself with --out, or remove the link")),
        Ok(meta) if !meta.is_dir() => Err(Diagnostic::error(format!(
            "cannot write the site to `{shown}`: it is a file, not a folder"
        ))
        .help("choose another --out, or move that file away")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(out: &str) -> String {
        check_destination(Path::new(out), &[])
            .expect_err(out)
            .message
    }

    // Run here rather than through the binary: a mistake in a test of `/`
    // must not be able to touch the machine.
    #[test]
    fn never_the_root_folder() {
        assert_eq!(
            refused("/"),
            "refusing to write the site to `/`: it is the root of the file system"
        );
        assert!(refused("/tmp/..").contains("root of the file system"));
    }

    #[test]
    fn never_a_staging_name() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(".dist.broadside-spare");
        assert!(
            check_destination(&out, &[])
                .unwrap_err()
                .message
                .contains("stages its output")
        );
        assert!(check_destination(&dir.path().join("dist"), &[]).is_ok());
    }

    #[test]
    fn inside_a_source_folder() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let d = check_destination(&content.join("site"), &[&content]).unwrap_err();
        assert!(d.message.contains("it is inside"), "{}", d.message);
    }
}
