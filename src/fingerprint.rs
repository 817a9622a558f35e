//! Everything a build reads, as one SHA-256 hash: the binary, the options
//! and environment that change the output, and every file of the content
//! and templates folders (its name and its bytes). Two builds with the same
//! fingerprint write the same site, so a build whose fingerprint matches
//! the record beside an untouched output has nothing to do (see
//! `output/record.rs`).
//!
//! The content folder is taken whole, and the `static/` folder beside it,
//! not only the files a story names:
//! an image, a linked file, a static file or the logo is then covered
//! without knowing which story uses it, and a new or deleted file changes
//! the hash too.

use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::options::BuildOptions;

/// What the fingerprint of a build's inputs is.
pub(crate) type Fingerprint = [u8; 32];

/// The fingerprint of what `options` reads; `None` when it cannot be known
/// (a folder that cannot be read, a build for `serve`): such a build is
/// never skipped.
pub(crate) fn of_build(options: &BuildOptions) -> Option<Fingerprint> {
    if options.live_reload.is_some() {
        return None;
    }
    let mut hash = Sha256::new();
    let mut line = |key: &str, value: &[u8]| {
        hash.update(key.as_bytes());
        hash.update((value.len() as u64).to_le_bytes());
        hash.update(value);
    };
    line("format", b"broadside fingerprint 1");
    line("version", env!("CARGO_PKG_VERSION").as_bytes());
    line("binary", &binary_identity()?);
    line(
        "content",
        std::path::absolute(&options.content_dir)
            .ok()?
            .as_os_str()
            .as_encoded_bytes(),
    );
    line(
        "base-url",
        options.base_url.as_deref().unwrap_or("\0none").as_bytes(),
    );
    let include = options.include;
    line(
        "include",
        &[
            u8::from(include.drafts),
            u8::from(include.future),
            u8::from(include.expired),
        ],
    );
    let epoch = options.env.source_date_epoch.map(|e| e.to_string());
    line(
        "source-date-epoch",
        epoch
            .as_deref()
            .map_or(b"\0unset".as_slice(), str::as_bytes),
    );
    line("content-files", &folder(&options.content_dir).ok()?);
    // Zola's and Hugo's `static/` beside `content/`, where images may come from.
    for dir in crate::paths::static_folders(&options.content_dir) {
        line("static", dir.as_os_str().as_encoded_bytes());
        line("static-files", &folder(&dir).ok()?);
    }
    match &options.templates_dir {
        Some(dir) => {
            line(
                "templates",
                std::path::absolute(dir)
                    .ok()?
                    .as_os_str()
                    .as_encoded_bytes(),
            );
            let files = if dir.exists() {
                folder(dir).ok()?
            } else {
                Vec::new()
            };
            line("template-files", &files);
        }
        None => line("templates", b"\0built-in"),
    }
    Some(hash.finalize().into())
}

/// The running binary, as its file is now: a rebuilt binary (another
/// version, or the same version with other code) is another input.
fn binary_identity() -> Option<Vec<u8>> {
    let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let mut id = meta.len().to_le_bytes().to_vec();
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    id.extend(modified.as_nanos().to_le_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        id.extend(meta.dev().to_le_bytes());
        id.extend(meta.ino().to_le_bytes());
    }
    Some(id)
}

/// Every entry under `dir`, sorted by path: each file's path and the hash
/// of its bytes, each link's path and target, each folder's path.
fn folder(dir: &Path) -> io::Result<Vec<u8>> {
    let mut entries = Vec::new();
    walk(dir, Path::new(""), &mut entries)?;
    // Any fixed order will do: bytes compare faster than paths.
    entries.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    let hashes = crate::parallel::map_cheap(&entries, |(rel, kind)| -> io::Result<Vec<u8>> {
        let mut h = Sha256::new();
        h.update(rel.as_os_str().as_encoded_bytes());
        h.update([0]);
        match kind {
            Kind::File => h.update(std::fs::read(dir.join(rel))?),
            Kind::Link => {
                // The link, and what it leads to when that is a file
                // (a folder it leads to is walked).
                let path = dir.join(rel);
                h.update(b"link:");
                h.update(std::fs::read_link(&path)?.as_os_str().as_encoded_bytes());
                if path.is_file() {
                    h.update(std::fs::read(&path)?);
                }
            }
            Kind::Folder => h.update(b"folder"),
        }
        Ok(h.finalize().to_vec())
    });
    Ok(hashes.into_iter().collect::<io::Result<Vec<_>>>()?.concat())
}

enum Kind {
    File,
    Link,
    Folder,
}

/// Folders deeper than this (a link that leads back up, say) make the
/// fingerprint unknown, and the build is not skipped.
const DEEPEST: usize = 64;

/// The entries under `root/rel`, following links to folders as the build
/// does when it looks for stories.
fn walk(root: &Path, rel: &Path, out: &mut Vec<(std::path::PathBuf, Kind)>) -> io::Result<()> {
    if rel.components().count() > DEEPEST {
        return Err(io::Error::other("folders nested too deep"));
    }
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let path = rel.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(root, &path, out)?;
            out.push((path, Kind::Folder));
        } else if kind.is_symlink() {
            if root.join(&path).is_dir() {
                walk(root, &path, out)?;
            }
            out.push((path, Kind::Link));
        } else {
            out.push((path, Kind::File));
        }
    }
    Ok(())
}
