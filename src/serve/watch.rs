//! Watching the sources of `broadside serve`: notify's events, less reads
//! and editors' scratch files, debounced by notify-debouncer-mini; each
//! batch of changes calls back once.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{
    Config, Event, EventHandler, EventKind, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind,
};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer_opt};

use crate::error::Diagnostic;

/// How long the sources must be quiet before the callback: editors write
/// a file in several steps, and a save may touch several files.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Watches `dirs` (recursively) until dropped, calling `on_change` with
/// the paths changed in each batch, on a thread of its own.
pub(crate) fn watch(
    dirs: &[PathBuf],
    mut on_change: impl FnMut(Vec<PathBuf>) + Send + 'static,
    on_error: impl Fn(&notify::Error) + Send + 'static,
) -> Result<Debouncer<Changes>, Diagnostic> {
    let config = notify_debouncer_mini::Config::default().with_timeout(DEBOUNCE);
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => on_change(events.into_iter().map(|e| e.path).collect()),
        Err(e) => on_error(&e),
    };
    let mut debouncer = new_debouncer_opt::<_, Changes>(config, handler)
        .map_err(|e| Diagnostic::error(format!("cannot watch the sources for changes: {e}")))?;
    for dir in dirs {
        debouncer
            .watcher()
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| {
                Diagnostic::error(format!("cannot watch `{}` for changes: {e}", dir.display()))
                    .help("on Linux, raise fs.inotify.max_user_watches if the limit was reached")
            })?;
    }
    Ok(debouncer)
}

/// The platform's watcher, passing on only changes: a build opens and
/// reads every source, and those reads must not start another build.
/// Where the platform says when a writer closes a file (inotify), a file
/// written in place counts as changed once it is closed, not while it is
/// written: an editor's save truncates the file first, and a story read
/// in between (empty, or half there) would fail, or drop out of other
/// pages' "More from", for a moment that a busy machine makes long.
pub(crate) struct Changes(RecommendedWatcher);

/// Whether `kind` changes a source, as far as a build can see: with
/// `closes` (the watcher reports a writer closing a file), a write counts
/// at its close.
fn is_change(kind: &EventKind, closes: bool) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => closes,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Data(_)) | EventKind::Create(CreateKind::File) => !closes,
        _ => true,
    }
}

impl Watcher for Changes {
    fn new<F: EventHandler>(mut handler: F, config: Config) -> notify::Result<Self> {
        let closes = RecommendedWatcher::kind() == WatcherKind::Inotify;
        let changes_only = move |event: notify::Result<Event>| match event {
            Ok(mut event) => {
                event.paths.retain(|p| !is_editor_scratch(p));
                if is_change(&event.kind, closes) && !event.paths.is_empty() {
                    handler.handle_event(Ok(event));
                }
            }
            Err(e) => handler.handle_event(Err(e)),
        };
        RecommendedWatcher::new(changes_only, config).map(Changes)
    }

    fn watch(&mut self, path: &Path, recursive_mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, recursive_mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

/// Swap files, backups and other scratch files editors write beside the file.
fn is_editor_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_files() {
        for scratch in [
            "a/story.md~",
            ".story.md.swp",
            ".#story.md",
            "#story.md#",
            "4913",
        ] {
            assert!(is_editor_scratch(Path::new(scratch)), "{scratch}");
        }
        assert!(!is_editor_scratch(Path::new("content/story.md")));
    }

    #[test]
    fn a_write_counts_at_its_close_where_closes_are_seen() {
        let write = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let created = EventKind::Create(CreateKind::File);
        let renamed = EventKind::Modify(ModifyKind::Name(notify::event::RenameMode::Both));
        let removed = EventKind::Remove(notify::event::RemoveKind::File);
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert!(!is_change(&write, true) && is_change(&close, true));
        assert!(!is_change(&created, true));
        assert!(is_change(&write, false) && !is_change(&close, false));
        assert!(is_change(&created, false));
        for closes in [true, false] {
            assert!(is_change(&renamed, closes) && is_change(&removed, closes));
            assert!(!is_change(&read, closes));
        }
    }
}
