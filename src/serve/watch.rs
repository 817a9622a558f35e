//! Watching the sources of `broadside serve`: notify's events, less reads
//! and editors' scratch files, debounced by notify-debouncer-mini; each
//! batch of changes calls back once.

use std::path::{Path, PathBuf};
use std::time::Duration;

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
pub(crate) struct Changes(RecommendedWatcher);

impl Watcher for Changes {
    fn new<F: EventHandler>(mut handler: F, config: Config) -> notify::Result<Self> {
        let changes_only = move |event: notify::Result<Event>| match event {
            Ok(mut event) => {
                event.paths.retain(|p| !is_editor_scratch(p));
                if !matches!(event.kind, EventKind::Access(_)) && !event.paths.is_empty() {
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
}
