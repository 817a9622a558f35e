//! Writing the import: every file is made in memory (or found) first,
//! then nothing is written when one of them exists already (unless
//! `--force`), and the files go in through temporary names renamed at the
//! end, so a failure part-way leaves the content folder as it was.

use std::path::{Path, PathBuf};

use super::media::Source;
use crate::error::Diagnostic;

/// What a file of the import holds.
#[derive(Debug)]
pub(crate) enum Contents {
    Text(String),
    Copy(Source),
}

/// Writes `files` (paths below `dir`). Returns the paths written.
pub(crate) fn write_all(
    dir: &Path,
    files: &[(PathBuf, Contents)],
    force: bool,
) -> Result<Vec<PathBuf>, Diagnostic> {
    if !force {
        let existing: Vec<PathBuf> = files
            .iter()
            .map(|(path, _)| dir.join(path))
            .filter(|path| std::fs::symlink_metadata(path).is_ok())
            .collect();
        if let Some(first) = existing.first() {
            let more = match existing.len() {
                1 => String::new(),
                n => format!(" (and {} more files)", n - 1),
            };
            return Err(Diagnostic::error(format!(
                "`{}` already exists{more}; the import overwrites nothing without --force",
                first.display()
            ))
            .help("import into a new folder with --content DIR, or pass --force to replace those files"));
        }
    }
    let mut temporary = Vec::with_capacity(files.len());
    let result = (|| {
        for (path, contents) in files {
            let target = dir.join(path);
            let temp = temp_name(&target);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| cannot("create the folder", parent, &e))?;
            }
            temporary.push((temp.clone(), target.clone()));
            let written = match contents {
                Contents::Text(text) => std::fs::write(&temp, text),
                Contents::Copy(Source::Fetched(bytes)) => std::fs::write(&temp, bytes),
                Contents::Copy(Source::File(from)) => std::fs::copy(from, &temp).map(|_| ()),
            };
            written.map_err(|e| cannot("write", &target, &e))?;
        }
        for (temp, target) in &temporary {
            std::fs::rename(temp, target).map_err(|e| cannot("write", target, &e))?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(temporary.into_iter().map(|(_, target)| target).collect()),
        Err(e) => {
            for (temp, _) in &temporary {
                let _ = std::fs::remove_file(temp);
            }
            Err(e)
        }
    }
}

fn temp_name(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".broadside-import");
    target.with_file_name(name)
}

fn cannot(what: &str, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what} `{}`: {e}", path.display()))
        .help("check the folder's permissions and free space; nothing was imported")
}
