//! The build `broadside serve` is serving: its files in memory, the tag
//! that names it, and the error page while the build fails. Each rebuild
//! makes a new snapshot and puts it in place whole; a request works on the
//! snapshot it started with.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime};

use super::{EVENTS_PATH, Events, pages};
use crate::error::Diagnostic;
use crate::{BuildOptions, LiveReload};

/// One build, ready to send.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// Names this build; a page reloads when the tag being served is not
    /// the one it was built with.
    pub(crate) tag: String,
    /// URL path (no leading `/`) to bytes: the pages carry the reload script.
    pub(crate) files: Arc<HashMap<String, Arc<[u8]>>>,
    /// The error page of a failed build, sent for every page; the other
    /// files are those of the last good build.
    pub(crate) error_page: Option<Arc<[u8]>>,
}

impl Snapshot {
    /// What a page of this build needs to reload itself.
    pub(crate) fn live_reload(&self) -> LiveReload {
        LiveReload { endpoint: EVENTS_PATH.to_string(), tag: self.tag.clone() }
    }

    /// Whether `self` and `other` hold the same output but for the tag each
    /// page carries: then a rebuild changed nothing a reader would see
    /// (a save without changes, an edit to a draft), and no tab reloads.
    fn same_output(&self, other: &Snapshot) -> bool {
        if self.tag.is_empty() || other.tag.is_empty() {
            return false;
        }
        let same = |a: &[u8], b: &[u8]| match (std::str::from_utf8(a), std::str::from_utf8(b)) {
            (Ok(a), Ok(b)) => a.split(self.tag.as_str()).eq(b.split(other.tag.as_str())),
            _ => a == b,
        };
        let same_error = match (&self.error_page, &other.error_page) {
            (None, None) => true,
            (Some(a), Some(b)) => same(a, b),
            _ => false,
        };
        same_error
            && (Arc::ptr_eq(&self.files, &other.files)
                || (self.files.len() == other.files.len()
                    && self.files.iter().all(|(path, bytes)| other.files.get(path).is_some_and(|o| same(bytes, o)))))
    }
}

/// Builds the site and keeps the latest build for the server.
pub(crate) struct Builds {
    options: BuildOptions,
    events: Arc<dyn Events>,
    current: Mutex<Arc<Snapshot>>,
    /// Distinguishes this run of the server, so a tab opened on an earlier
    /// run reloads when it reconnects.
    session: String,
    /// How many different builds were served; held while building, so
    /// builds never overlap and a newer snapshot is never replaced by an
    /// older one.
    generation: Mutex<u64>,
    /// Tells the server that a new snapshot is in place.
    notify: Box<dyn Fn() + Send + Sync>,
    /// Whether the warning about pages without the reload script was given.
    warned: AtomicBool,
}

impl Builds {
    pub(crate) fn new(options: BuildOptions, events: Arc<dyn Events>, notify: Box<dyn Fn() + Send + Sync>) -> Builds {
        let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_micros());
        Builds {
            options,
            events,
            current: Mutex::default(),
            session: format!("{:x}", now ^ u128::from(std::process::id())),
            generation: Mutex::new(0),
            notify,
            warned: AtomicBool::new(false),
        }
    }

    /// The snapshot being served.
    pub(crate) fn current(&self) -> Arc<Snapshot> {
        lock(&self.current).clone()
    }

    /// Builds, prints what came of it, and puts the result in place.
    pub(crate) fn rebuild(&self, first: bool) {
        let mut generation = lock(&self.generation);
        let tag = format!("{}-{}", self.session, *generation + 1);
        let live_reload = LiveReload { endpoint: EVENTS_PATH.to_string(), tag: tag.clone() };
        let options = BuildOptions { live_reload: Some(live_reload.clone()), ..self.options.clone() };
        let started = Instant::now();
        let result = crate::build_in_memory(&options);
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let snapshot = match result {
            Ok(built) => {
                self.events.built(first, built.pages, elapsed, &built.warnings);
                let files: HashMap<String, Arc<[u8]>> =
                    built.files.into_iter().map(|f| (f.path, Arc::from(f.bytes))).collect();
                self.check_reload_script(&files, &tag);
                Snapshot { tag, files: Arc::new(files), error_page: None }
            }
            Err(failure) => {
                self.events.failed(&failure.diagnostics);
                let page = pages::build_failed(&failure.diagnostics, &live_reload);
                Snapshot { tag, files: self.current().files.clone(), error_page: Some(Arc::from(page.into_bytes())) }
            }
        };
        if !first && snapshot.same_output(&self.current()) {
            return;
        }
        *generation += 1;
        *lock(&self.current) = Arc::new(snapshot);
        drop(generation);
        (self.notify)();
    }

    /// Warns, once, when a page lacks the reload script: a templates
    /// folder whose base.html predates it.
    fn check_reload_script(&self, files: &HashMap<String, Arc<[u8]>>, tag: &str) {
        let marker = format!("data-since=\"{tag}\"");
        let without = files
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .find(|(_, bytes)| !std::str::from_utf8(bytes).is_ok_and(|html| html.contains(&marker)));
        if let Some((path, _)) = without
            && !self.warned.swap(true, Ordering::Relaxed)
        {
            self.events.warning(&Diagnostic::warning(format!(
                "the page {path} has no reload script: its templates do not render `live_reload`"
            ))
            .help(
                "copy the `{% if live_reload %}…{% endif %}` lines before </body> of the built-in base.html \
                 (`broadside init` writes it) into yours; until then, reload the tab by hand",
            ));
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(tag: &str, page: &str) -> Snapshot {
        let files = HashMap::from([
            ("index.html".to_string(), Arc::from(page.replace("TAG", tag).into_bytes())),
            ("lead.png".to_string(), Arc::from(&b"\x89PNG\xff"[..])),
        ]);
        Snapshot { tag: tag.to_string(), files: Arc::new(files), error_page: None }
    }

    #[test]
    fn the_same_output_under_another_tag_is_no_change() {
        let page = "<p>story</p><script data-since=\"TAG\">x</script>";
        assert!(snapshot("s-1", page).same_output(&snapshot("s-2", page)));
        assert!(!snapshot("s-1", page).same_output(&snapshot("s-2", &page.replace("story", "Story"))));
        let failed = |s: Snapshot| Snapshot { error_page: Some(Arc::from(&b"failed s-3"[..])), ..s };
        assert!(!failed(snapshot("s-3", page)).same_output(&snapshot("s-2", page)));
        assert!(!snapshot("", page).same_output(&snapshot("", page)));
    }
}
