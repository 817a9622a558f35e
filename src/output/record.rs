//! The record of the last build, beside the output
//! (`.NAME.broadside-record`): the fingerprint of everything that build
//! read (`fingerprint.rs`), how much it wrote, and the state it left the
//! output in (each entry's path, size, modification time and inode). A
//! build with the same fingerprint, into an output still in that state,
//! would write the same bytes over the same files: it is skipped.
//!
//! The record is removed as soon as a build takes the output's lock to
//! write, and written again only once the new site is in place, so a build
//! that fails or is killed leaves none and the next build is a full one.
//! The user's files at the top of the output (dotfiles but the manifest,
//! `CNAME`) are not part of the state: builds carry them over untouched.

use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::manifest::MANIFEST;
use crate::fingerprint::{Fingerprint, Memo};

const HEADER: &str = "broadside record 2: what the last build of the output beside it read and left; \
                      delete it and the next build renders every page";

/// What a build wrote, told again when the next one is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// HTML pages.
    pub pages: usize,
    /// Every file, pages among them.
    pub files: usize,
    pub bytes: u64,
}

/// One build's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) fingerprint: Fingerprint,
    pub(crate) summary: Summary,
    /// The build is stale from this time on (seconds since the epoch): a
    /// story built then expires.
    pub(crate) expires: Option<i64>,
    /// The hash of the output's state once written ([`state`]).
    pub(crate) output: [u8; 32],
    /// The input files' hashes and metadata, so the next build reads only
    /// the files whose metadata changed (`fingerprint.rs`).
    pub(crate) inputs: Memo,
}

impl Record {
    fn render(&self) -> String {
        let expires = self
            .expires
            .map_or_else(|| "-".to_string(), |t| t.to_string());
        let Summary {
            pages,
            files,
            bytes,
        } = self.summary;
        let mut text = format!(
            "{HEADER}\nfingerprint {}\noutput {}\npages {pages}\nfiles {files}\nbytes {bytes}\nexpires {expires}\n",
            hex::encode(self.fingerprint),
            hex::encode(self.output)
        );
        for (path, (stat, hash)) in &self.inputs {
            // A path a line cannot hold is read again every time.
            let Some(path) = path.to_str().filter(|p| !p.contains('\n')) else {
                continue;
            };
            let stat = stat.map(|n| n.to_string()).join(" ");
            text.push_str(&format!("input {} {stat} {path}\n", hex::encode(hash)));
        }
        text
    }

    fn parse(text: &str) -> Option<Record> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut field = |name: &str| {
            lines
                .next()?
                .strip_prefix(name)?
                .strip_prefix(' ')
                .map(str::to_string)
        };
        let fingerprint = unhex(&field("fingerprint")?)?;
        let output = unhex(&field("output")?)?;
        let pages = field("pages")?.parse().ok()?;
        let files = field("files")?.parse().ok()?;
        let bytes = field("bytes")?.parse().ok()?;
        let expires = match field("expires")?.as_str() {
            "-" => None,
            t => Some(t.parse().ok()?),
        };
        let mut inputs = Memo::new();
        for line in lines {
            let mut parts = line.strip_prefix("input ")?.splitn(8, ' ');
            let hash = unhex(parts.next()?)?;
            let mut stat = [0i64; 6];
            for n in &mut stat {
                *n = parts.next()?.parse().ok()?;
            }
            inputs.insert(PathBuf::from(parts.next()?), (stat, hash));
        }
        Some(Record {
            fingerprint,
            summary: Summary {
                pages,
                files,
                bytes,
            },
            expires,
            output,
            inputs,
        })
    }

    /// The record at `path`, if there is a whole one.
    pub(crate) fn read(path: &Path) -> Option<Record> {
        Record::parse(&std::fs::read_to_string(path).ok()?)
    }

    /// Writes the record to `path`, whole (by rename).
    pub(crate) fn write(&self, path: &Path) -> io::Result<()> {
        let mut part = path.as_os_str().to_owned();
        part.push(".part");
        std::fs::write(&part, self.render())?;
        std::fs::rename(&part, path)
    }
}

/// Removes the record at `path`, if any.
pub(crate) fn remove(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The hash of what `out` holds, as far as a stat tells: every entry's
/// path, kind, size, modification time and inode, in path order. Writing,
/// replacing, adding or removing a file changes it; reading does not.
pub(crate) fn state(out: &Path) -> io::Result<[u8; 32]> {
    let mut entries = walk(out)?;
    // Any fixed order will do: bytes compare faster than paths.
    entries.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    let mut hash = Sha256::new();
    for (path, stat) in entries {
        hash.update(path.as_os_str().as_encoded_bytes());
        hash.update([0]);
        hash.update(stat);
    }
    Ok(hash.finalize().into())
}

/// Whether `name`, at the top of the output, is the user's: builds carry it
/// over and it is no part of the output's state.
fn kept(name: &std::ffi::OsStr) -> bool {
    name != MANIFEST && (name.as_encoded_bytes().starts_with(b".") || name == "CNAME")
}

/// Every entry under `root` (links not followed, the user's files at its
/// top left out), by its path below `root`, with its stat.
fn walk(root: &Path) -> io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let entries = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && kept(e.file_name())));
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let path = entry.path().strip_prefix(root).map_err(io::Error::other)?;
        out.push((path.to_path_buf(), stat(&entry.metadata()?)));
    }
    Ok(out)
}

fn stat(meta: &std::fs::Metadata) -> Vec<u8> {
    let kind: u8 = if meta.is_dir() {
        1
    } else if meta.is_symlink() {
        2
    } else {
        0
    };
    let mut stat = vec![kind];
    stat.extend(meta.len().to_le_bytes());
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    stat.extend(modified.map_or(0, |d| d.as_nanos()).to_le_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        stat.extend(meta.ino().to_le_bytes());
        stat.extend(meta.ctime().to_le_bytes());
        stat.extend(meta.ctime_nsec().to_le_bytes());
    }
    stat
}

/// A SHA-256 hash written in hex (64 digits), read back.
fn unhex(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let record = Record {
            fingerprint: [7; 32],
            summary: Summary {
                pages: 3,
                files: 5,
                bytes: 1234,
            },
            expires: Some(1_767_225_600),
            output: [0xab; 32],
            inputs: Memo::from([(
                PathBuf::from("/site/content/a story.md"),
                ([12, 1_700_000_000, 5, 1_700_000_001, 6, 42], [3; 32]),
            )]),
        };
        assert_eq!(Record::parse(&record.render()), Some(record.clone()));
        let none = Record {
            expires: None,
            inputs: Memo::new(),
            ..record
        };
        assert_eq!(Record::parse(&none.render()), Some(none.clone()));
        assert_eq!(Record::parse("broadside record 0\n"), None);
        let torn = none.render() + "input 12 x\n";
        assert_eq!(Record::parse(&torn), None);
    }
}
