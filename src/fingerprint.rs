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
//!
//! A file's bytes are read again only when its metadata changed, as make
//! and cargo decide: the last build's record keeps each input file's size,
//! modification and change times and inode with the hash of its bytes
//! (a [`Memo`]), and a file whose metadata is the same is taken by that
//! hash. A file changed in the second before the memo was made is never
//! kept in it (a write in the same tick of the clock would not show), and
//! any write changes the change time, which no program can set.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::options::BuildOptions;

/// What the fingerprint of a build's inputs is.
pub(crate) type Fingerprint = [u8; 32];

/// A file's metadata as far as a memo goes: size, modification time and
/// change time (seconds and nanoseconds), inode.
pub(crate) type Stat = [i64; 6];

/// The hash of each input file's bytes, by its absolute path, with the
/// metadata it had when it was read.
pub(crate) type Memo = BTreeMap<PathBuf, (Stat, [u8; 32])>;

/// The fingerprint of what `options` reads, and the memo of the input
/// files' hashes for the next build; `None` when it cannot be known (a
/// folder that cannot be read, a build for `serve`): such a build is never
/// skipped. `last` is the memo of the last build.
pub(crate) fn of_build(options: &BuildOptions, last: &Memo) -> Option<(Fingerprint, Memo)> {
    if options.live_reload.is_some() {
        return None;
    }
    let memo = Memos {
        last,
        next: std::sync::Mutex::new(Memo::new()),
        // Files changed after this are too new to trust by their metadata.
        settled: options.env.clock - 1,
    };
    let folder = |dir: &Path| folder(dir, &memo);
    let mut hash = Sha256::new();
    let mut line = |key: &str, value: &[u8]| {
        hash.update(key.as_bytes());
        hash.update((value.len() as u64).to_le_bytes());
        hash.update(value);
    };
    line("format", b"broadside fingerprint 2");
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
    let next = memo.next.into_inner().unwrap_or_else(|e| e.into_inner());
    Some((hash.finalize().into(), next))
}

/// The last build's memo, read; the next build's, being made.
struct Memos<'m> {
    last: &'m Memo,
    next: std::sync::Mutex<Memo>,
    /// Seconds since the epoch: files changed before this may be kept.
    settled: i64,
}

impl Memos<'_> {
    /// The hash of the bytes of the file at `path`, whose metadata is
    /// `stat`: the memo's when it has the same metadata, else read.
    fn hash(&self, path: &Path, stat: Option<Stat>) -> io::Result<[u8; 32]> {
        if let Some(stat) = stat
            && let Some((known, hash)) = self.last.get(path)
            && *known == stat
        {
            self.keep(path, stat, *hash);
            return Ok(*hash);
        }
        let hash: [u8; 32] = Sha256::digest(std::fs::read(path)?).into();
        if let Some(stat) = stat.filter(|s| s[3] < self.settled) {
            self.keep(path, stat, hash);
        }
        Ok(hash)
    }

    fn keep(&self, path: &Path, stat: Stat, hash: [u8; 32]) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        next.insert(path.to_path_buf(), (stat, hash));
    }
}

/// The metadata of the file at `path` a memo keeps (none off Unix).
fn stat_of(path: &Path) -> Option<Stat> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let m = std::fs::symlink_metadata(path).ok()?;
        Some([
            i64::try_from(m.size()).ok()?,
            m.mtime(),
            m.mtime_nsec(),
            m.ctime(),
            m.ctime_nsec(),
            i64::try_from(m.ino()).ok()?,
        ])
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
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
fn folder(dir: &Path, memo: &Memos<'_>) -> io::Result<Vec<u8>> {
    let dir = std::path::absolute(dir)?;
    let dir = dir.as_path();
    let mut entries = Vec::new();
    walk(dir, Path::new(""), &mut entries)?;
    // Any fixed order will do: bytes compare faster than paths.
    entries.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    let hashes = crate::parallel::map_cheap(&entries, |(rel, kind)| -> io::Result<Vec<u8>> {
        let mut h = Sha256::new();
        h.update(rel.as_os_str().as_encoded_bytes());
        h.update([0]);
        match kind {
            Kind::File => {
                // The metadata first: a file written after it is read again next time.
                let path = dir.join(rel);
                h.update(memo.hash(&path, stat_of(&path))?);
            }
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
