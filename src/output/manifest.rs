//! The two records broadside keeps about its output: the manifest inside
//! every folder it makes, and the transit journal beside the output while
//! kept files are on their way from the old output into the new one.
//!
//! A manifest (`.broadside-manifest`) is a first line saying what the file
//! is, then every file broadside wrote in that folder, one relative path a
//! line, sorted. It makes the folder broadside's own: a build replaces a
//! folder only when its manifest lists everything in it (kept files aside),
//! and removes only what a manifest lists. It holds nothing else (no date,
//! no machine name), so the same site gives the same manifest.
//!
//! Names are stored as UTF-8 text. A backslash, a control character (a line
//! break among them) or a byte that is not UTF-8 is written as an escape
//! (`\\`, `\n`, `\x9f`), so any file name fits on one line and reads back
//! exactly.

use std::collections::{BTreeSet, HashSet};
use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};

/// The manifest's file name, at the top of the folder it describes.
pub(crate) const MANIFEST: &str = ".broadside-manifest";
/// A manifest being written; renamed over [`MANIFEST`] when complete.
const MANIFEST_PART: &str = ".broadside-manifest.part";
const HEADER: &str = "broadside manifest 1: the files broadside wrote in this folder; a rebuild replaces or removes these and nothing else";
const JOURNAL_HEADER: &str = "broadside transit 1: kept files moving into a new output; if this build was killed, the next one puts them back";

/// Whether `name`, at the top of a folder, is one of broadside's records.
pub(crate) fn is_record(name: &OsStr) -> bool {
    name == MANIFEST || name == MANIFEST_PART
}

/// The files broadside wrote in one folder, relative to it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Manifest {
    files: HashSet<PathBuf>,
    /// Every folder on the way to a listed file.
    dirs: HashSet<PathBuf>,
}

impl Manifest {
    pub(crate) fn of<P: Into<PathBuf>>(paths: impl IntoIterator<Item = P>) -> Manifest {
        let mut manifest = Manifest::default();
        for path in paths {
            manifest.add(path.into());
        }
        manifest
    }

    fn add(&mut self, path: PathBuf) {
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if !self.dirs.insert(d.to_path_buf()) {
                break;
            }
            dir = d.parent();
        }
        self.files.insert(path);
    }

    /// The files of both manifests.
    pub(crate) fn union(&self, other: &Manifest) -> Manifest {
        let mut out = self.clone();
        for file in &other.files {
            out.add(file.clone());
        }
        out
    }

    pub(crate) fn has_file(&self, rel: &Path) -> bool {
        self.files.contains(rel)
    }

    pub(crate) fn has_dir(&self, rel: &Path) -> bool {
        self.dirs.contains(rel)
    }

    /// Whether `name`, at the top of the folder, is a listed file or holds one.
    pub(crate) fn claims(&self, name: &OsStr) -> bool {
        self.has_file(Path::new(name)) || self.has_dir(Path::new(name))
    }

    pub(crate) fn dirs(&self) -> impl Iterator<Item = &PathBuf> {
        self.dirs.iter()
    }

    fn render(&self) -> String {
        let lines: BTreeSet<String> = self.files.iter().map(|p| encode(p.as_os_str())).collect();
        let mut text = String::with_capacity(
            HEADER.len() + 1 + lines.iter().map(|l| l.len() + 1).sum::<usize>(),
        );
        text.push_str(HEADER);
        text.push('\n');
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
        text
    }

    /// Reads a manifest's text; `None` if it is not one, or lists a path
    /// that leaves its folder.
    fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut manifest = Manifest::default();
        for line in lines {
            let path = PathBuf::from(decode(line)?);
            if !is_relative_inside(&path) {
                return None;
            }
            manifest.add(path);
        }
        Some(manifest)
    }

    /// The manifest of `dir`: `None` when it has none, or a damaged one.
    pub(crate) fn read(dir: &Path) -> Option<Manifest> {
        let bytes = std::fs::read(dir.join(MANIFEST)).ok()?;
        Manifest::parse(std::str::from_utf8(&bytes).ok()?)
    }

    /// Writes this as the manifest of `dir`, whole or not at all.
    pub(crate) fn write(&self, dir: &Path) -> io::Result<()> {
        let part = dir.join(MANIFEST_PART);
        super::disk::write_durably(&part, self.render().as_bytes())?;
        std::fs::rename(&part, dir.join(MANIFEST))
    }
}

/// Whether `path` is relative and made only of names (no `.`, `..`, root).
fn is_relative_inside(path: &Path) -> bool {
    !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, std::path::Component::Normal(_)))
        // `a//b` and `a/./b` read as `a/b`: only the canonical spelling counts.
        && path.components().count() == path.as_os_str().as_encoded_bytes().split(|b| *b == b'/').count()
}

/// What a build in progress is doing with the kept files, written beside
/// the output before the first of them moves and removed after the last
/// step, so a killed build can be finished or undone by the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Journal {
    /// The name of the staging folder, beside the output.
    pub(crate) staging: OsString,
    /// The kept entries moving from the output into the staging folder.
    pub(crate) kept: Vec<OsString>,
    /// After the swap, the staging folder holds the old output, which is to
    /// be deleted (it was not marked as broadside's: an older broadside's
    /// output, or a folder taken over with `--force`).
    pub(crate) delete_old: bool,
}

impl Journal {
    fn render(&self) -> String {
        let mut text = format!("{JOURNAL_HEADER}\nstaging {}\n", encode(&self.staging));
        text.push_str(if self.delete_old {
            "old delete\n"
        } else {
            "old spare\n"
        });
        for name in &self.kept {
            text.push_str("keep ");
            text.push_str(&encode(name));
            text.push('\n');
        }
        text
    }

    fn parse(text: &str) -> Option<Journal> {
        let mut lines = text.lines();
        if lines.next()? != JOURNAL_HEADER {
            return None;
        }
        let mut journal = Journal {
            staging: OsString::new(),
            kept: Vec::new(),
            delete_old: false,
        };
        for line in lines {
            let (key, value) = line.split_once(' ')?;
            match key {
                "staging" => journal.staging = decode(value)?,
                "old" => journal.delete_old = value == "delete",
                "keep" => journal.kept.push(decode(value)?),
                _ => return None,
            }
        }
        let single_name =
            |n: &OsStr| is_relative_inside(Path::new(n)) && Path::new(n).components().count() == 1;
        (single_name(&journal.staging) && journal.kept.iter().all(|k| single_name(k)))
            .then_some(journal)
    }

    /// The journal at `path`: `Ok(None)` when there is none, or the file
    /// there is not one (then it is not broadside's, and is left alone).
    pub(crate) fn read(path: &Path) -> io::Result<Option<Journal>> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(std::str::from_utf8(&bytes).ok().and_then(Journal::parse)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Writes the journal at `path`, whole or not at all, and durably: the
    /// renames it records come after it, also after a power cut.
    pub(crate) fn write(&self, path: &Path) -> io::Result<()> {
        let mut part = path.as_os_str().to_owned();
        part.push(".part");
        super::disk::write_durably(Path::new(&part), self.render().as_bytes())?;
        std::fs::rename(&part, path)?;
        match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => super::disk::sync_folder(dir),
            _ => Ok(()),
        }
    }

    /// Whether the file at `path` is a journal, complete or not (a `.part`
    /// left by a killed build starts with the header too).
    pub(crate) fn is_journal_file(path: &Path) -> bool {
        std::fs::read(path).is_ok_and(|b| b.starts_with(JOURNAL_HEADER.as_bytes()))
    }
}

/// A name as one line of text.
fn encode(name: &OsStr) -> String {
    let mut out = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out
}

/// The name [`encode`] wrote; `None` for a malformed escape.
fn decode(line: &str) -> Option<OsString> {
    let mut bytes = Vec::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next()? {
            '\\' => bytes.push(b'\\'),
            'n' => bytes.push(b'\n'),
            'r' => bytes.push(b'\r'),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                bytes.push(
                    u8::from_str_radix(&hex, 16)
                        .ok()
                        .filter(|_| hex.len() == 2)?,
                );
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let c = char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?;
                let mut buf = [0; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            _ => return None,
        }
    }
    if bytes.contains(&0) {
        return None;
    }
    os_string_from(bytes)
}

#[cfg(unix)]
fn os_string_from(bytes: Vec<u8>) -> Option<OsString> {
    use std::os::unix::ffi::OsStringExt;
    Some(OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn os_string_from(bytes: Vec<u8>) -> Option<OsString> {
    String::from_utf8(bytes).ok().map(OsString::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_as_written() {
        let manifest = Manifest::of([
            "index.html",
            "b/index.html",
            "a/b/c.png",
            "ünï/index.html",
            "odd\nname\\x",
        ]);
        let text = manifest.render();
        assert!(
            text.starts_with(&format!(
                "{HEADER}\na/b/c.png\nb/index.html\nindex.html\nodd\\nname\\\\x\n"
            )),
            "{text}"
        );
        let back = Manifest::parse(&text).unwrap();
        assert!(
            back.has_file(Path::new("odd\nname\\x")) && back.has_file(Path::new("ünï/index.html"))
        );
        assert!(
            back.has_dir(Path::new("a"))
                && back.has_dir(Path::new("a/b"))
                && !back.has_dir(Path::new("a/b/c.png"))
        );
        assert!(
            back.claims(OsStr::new("a"))
                && back.claims(OsStr::new("index.html"))
                && !back.claims(OsStr::new("c.png"))
        );
        assert_eq!(
            back.render(),
            text,
            "sorted, so the same files give the same bytes"
        );
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_survive() {
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b".caf\xe9\x01");
        assert_eq!(encode(name), ".caf\\xe9\\u{1}");
        assert_eq!(decode(&encode(name)).as_deref(), Some(name));
    }

    #[test]
    fn a_manifest_that_leaves_its_folder_is_no_manifest() {
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "a/../../b",
            "./a",
            "a//b",
            "",
            "a\\q",
            "a\\x0",
            "a\\x00",
        ] {
            assert!(
                Manifest::parse(&format!("{HEADER}\n{bad}\n")).is_none(),
                "{bad:?}"
            );
        }
        assert!(Manifest::parse("index.html\n").is_none(), "no header");
        assert!(
            Manifest::parse(&format!("{HEADER}\n")).is_some(),
            "an empty folder's manifest"
        );
    }

    #[test]
    fn a_journal_reads_back_as_written() {
        let journal = Journal {
            staging: OsString::from(".dist.broadside-spare"),
            kept: vec![OsString::from(".git"), OsString::from("CNAME")],
            delete_old: true,
        };
        assert_eq!(Journal::parse(&journal.render()), Some(journal));
        assert_eq!(
            Journal::parse(&format!("{JOURNAL_HEADER}\nstaging ../x\n")),
            None
        );
        assert_eq!(
            Journal::parse(&format!("{JOURNAL_HEADER}\nstaging s\nkeep a/b\n")),
            None
        );
    }
}
