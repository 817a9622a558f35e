//! The image cache: processed images on disk, named by the SHA-256 of the
//! source bytes and the settings that shaped them, so a rebuild where
//! nothing changed decodes and encodes nothing.
//!
//! It lives outside the output folder (by default in the user's cache
//! folder, `$XDG_CACHE_HOME/broadside/images`, or where `BROADSIDE_CACHE_DIR`
//! or `[images] cache_dir` says). Entries are written to a temporary file
//! and renamed into place, so parallel builds never read half an entry; a
//! damaged entry is a miss. After a build that stored new entries, the
//! oldest entries (by last use) are removed until the folder is under its
//! size bound. The folder is listed only then, and only when its running
//! total (the file `total` beside the entries, what the last listing
//! counted plus what was stored since) says the bound may be passed: a
//! build that stores nothing never lists the cache, however large.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use super::Processed;

/// Something that can be stored in the cache.
pub(crate) trait Entry: Sized {
    fn to_bytes(&self) -> Vec<u8>;
    fn from_bytes(bytes: &[u8]) -> Option<Self>;
}

const MAGIC: &[u8] = b"broadside-image-cache 1\n";

#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
    max_bytes: u64,
    /// The bytes this build stored.
    stored: Arc<AtomicU64>,
}

/// The file of the cache's running total, in bytes (decimal text).
const TOTAL: &str = "total";

impl Cache {
    pub(crate) fn new(dir: PathBuf, max_bytes: u64) -> Cache {
        Cache {
            dir,
            max_bytes,
            stored: Arc::new(AtomicU64::new(0)),
        }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(&key[2..])
    }

    pub(crate) fn get<T: Entry>(&self, key: &str) -> Option<T> {
        let path = self.path(key);
        let bytes = std::fs::read(&path).ok()?;
        let value = T::from_bytes(bytes.strip_prefix(MAGIC)?)?;
        // Mark it used, for the size bound.
        if let Ok(file) = std::fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(value)
    }

    /// Stores `value`; a cache that cannot be written is no error, only slower.
    pub(crate) fn put<T: Entry>(&self, key: &str, value: &T) {
        let path = self.path(key);
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) else {
            return;
        };
        let mut bytes = MAGIC.to_vec();
        bytes.extend(value.to_bytes());
        if tmp.write_all(&bytes).is_ok() && tmp.persist(&path).is_ok() {
            self.stored.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        }
    }

    /// After a build: when it stored entries and the running total may
    /// pass the bound, lists the cache and removes the least recently used
    /// entries until it holds at most its bound. Returns whether the cache
    /// was listed.
    pub(crate) fn prune(&self) -> bool {
        let stored = self.stored.swap(0, Ordering::Relaxed);
        if stored == 0 {
            return false;
        }
        let total_file = self.dir.join(TOTAL);
        let known = std::fs::read_to_string(&total_file)
            .ok()
            .and_then(|t| t.trim().parse::<u64>().ok());
        if let Some(known) = known
            && known.saturating_add(stored) <= self.max_bytes
        {
            let _ = std::fs::write(&total_file, (known + stored).to_string());
            return false;
        }
        let total = self.remove_oldest();
        let _ = std::fs::write(&total_file, total.to_string());
        true
    }

    /// Lists every entry and removes the least recently used until the
    /// cache holds at most its bound; returns what it holds then.
    fn remove_oldest(&self) -> u64 {
        let mut entries = Vec::new();
        let Ok(shards) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        for shard in shards.flatten() {
            let Ok(files) = std::fs::read_dir(shard.path()) else {
                continue;
            };
            for file in files.flatten() {
                if let Ok(meta) = file.metadata()
                    && meta.is_file()
                {
                    entries.push((
                        meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                        meta.len(),
                        file.path(),
                    ));
                }
            }
        }
        let mut total: u64 = entries.iter().map(|e| e.1).sum();
        if total <= self.max_bytes {
            return total;
        }
        entries.sort();
        for (_, len, path) in entries {
            if total <= self.max_bytes {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
        total
    }
}

impl Entry for Processed {
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!(
            "{} {} {} {} {} {}\n",
            self.mime,
            self.width,
            self.height,
            self.source_width,
            self.source_height,
            self.bytes.len()
        )
        .into_bytes();
        out.extend(&self.bytes);
        out
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Self::read(bytes).and_then(|(p, rest)| rest.is_empty().then_some(p))
    }
}

impl Processed {
    fn read(bytes: &[u8]) -> Option<(Processed, &[u8])> {
        let newline = bytes.iter().position(|&b| b == b'\n')?;
        let header = std::str::from_utf8(&bytes[..newline]).ok()?;
        let mut fields = header.split(' ');
        let mime = fields.next()?.to_string();
        let mut number = || fields.next()?.parse::<u64>().ok();
        let (width, height, source_width, source_height, len) =
            (number()?, number()?, number()?, number()?, number()?);
        let rest = &bytes[newline + 1..];
        let len = usize::try_from(len).ok().filter(|&l| l <= rest.len())?;
        let processed = Processed {
            mime,
            bytes: rest[..len].to_vec(),
            width: u32::try_from(width).ok()?,
            height: u32::try_from(height).ok()?,
            source_width: u32::try_from(source_width).ok()?,
            source_height: u32::try_from(source_height).ok()?,
        };
        Some((processed, &rest[len..]))
    }
}

impl Entry for Vec<Processed> {
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{}\n", self.len()).into_bytes();
        for p in self {
            out.extend(p.to_bytes());
        }
        out
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let newline = bytes.iter().position(|&b| b == b'\n')?;
        let count: usize = std::str::from_utf8(&bytes[..newline]).ok()?.parse().ok()?;
        let mut rest = &bytes[newline + 1..];
        let mut out = Vec::with_capacity(count.min(16));
        for _ in 0..count {
            let (p, r) = Processed::read(rest)?;
            out.push(p);
            rest = r;
        }
        rest.is_empty().then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn round_trips_and_prunes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf(), 100);
        let p = Processed {
            mime: "image/webp".into(),
            bytes: vec![1, 2, 3],
            width: 4,
            height: 5,
            source_width: 6,
            source_height: 7,
        };
        let key = "ab".repeat(32);
        assert_eq!(cache.get::<Processed>(&key), None);
        cache.put(&key, &p);
        assert_eq!(cache.get::<Processed>(&key), Some(p.clone()));
        cache.put(&"cd".repeat(32), &vec![p.clone(), p.clone()]);
        assert_eq!(
            cache.get::<Vec<Processed>>(&"cd".repeat(32)),
            Some(vec![p.clone(), p])
        );
        std::fs::create_dir_all(dir.path().join("ef")).unwrap();
        std::fs::write(cache.path(&"ef".repeat(32)), vec![0u8; 200]).unwrap();
        assert!(cache.prune(), "stored entries and no total yet: listed");
        let left: u64 = walk_size(dir.path()) - total_file_size(dir.path());
        assert!(left <= 100, "{left}");
        // Nothing stored since: the cache is not listed again.
        assert!(!cache.prune());
    }

    #[test]
    fn lists_the_cache_only_when_the_bound_may_be_passed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf(), 10_000);
        let sized = |n: usize| Processed {
            mime: "image/webp".into(),
            bytes: vec![1; n],
            width: 1,
            height: 1,
            source_width: 1,
            source_height: 1,
        };
        cache.put(&"ab".repeat(32), &sized(10));
        assert!(cache.prune(), "the first build counts what is there");
        // Someone else's entries that the running total does not know of are
        // not looked for while the total stays under the bound.
        std::fs::create_dir_all(dir.path().join("zz")).unwrap();
        std::fs::write(
            dir.path().join("zz").join("x".repeat(62)),
            vec![0u8; 50_000],
        )
        .unwrap();
        cache.put(&"cd".repeat(32), &sized(10));
        assert!(
            !cache.prune(),
            "under the bound by the running total: not listed"
        );
        cache.put(&"ef".repeat(32), &sized(20_000));
        assert!(cache.prune(), "past the bound: listed and pruned");
        assert!(walk_size(dir.path()) - total_file_size(dir.path()) <= 10_000);
    }

    fn total_file_size(dir: &Path) -> u64 {
        std::fs::metadata(dir.join(TOTAL)).map_or(0, |m| m.len())
    }

    fn walk_size(dir: &Path) -> u64 {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| {
                if e.path().is_dir() {
                    walk_size(&e.path())
                } else {
                    e.metadata().unwrap().len()
                }
            })
            .sum()
    }
}
