//! The site being served and the pages of it rendered so far: each page
//! rendered when first asked for, the error page while the site fails, and
//! what a page shows less its tag (whether a change reloads its tab).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Live;
use crate::error::Diagnostic;
use crate::options::LiveReload;
use crate::serve::{EVENTS_PATH, Events, pages};

/// What a path of the site shows: a status and the bytes to send.
pub(crate) type Shown = (u16, Arc<[u8]>);

/// The site being served, and the pages of it rendered so far.
pub(crate) struct Served {
    /// Names the site as it is now; a page carries the tag it was
    /// rendered with.
    pub(crate) tag: String,
    /// The last site loaded without errors.
    pub(super) live: Option<Live>,
    /// The path of every file of `live`.
    pub(super) paths: HashSet<String>,
    /// While the site fails to load: the page shown for every page.
    error_page: Option<Arc<[u8]>>,
    /// What each path asked for since the last change showed.
    rendered: HashMap<String, Shown>,
    events: Arc<dyn Events>,
    /// Whether the warning about pages without the reload script was given.
    warned: Arc<AtomicBool>,
    /// The time stamp of what has no date of its own (`SOURCE_DATE_EPOCH`).
    stamp: i64,
}

impl Served {
    /// Nothing served yet: the first load replaces it.
    pub(super) fn new(events: Arc<dyn Events>, stamp: i64) -> Served {
        Served {
            tag: String::new(),
            live: None,
            paths: HashSet::new(),
            error_page: None,
            rendered: HashMap::new(),
            events,
            warned: Arc::new(AtomicBool::new(false)),
            stamp,
        }
    }

    fn live_reload(&self) -> LiveReload {
        LiveReload {
            endpoint: EVENTS_PATH.to_string(),
            tag: self.tag.clone(),
        }
    }

    /// Whether the site has a file at `path`.
    pub(crate) fn exists(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// What `path` shows: its file, rendered now if it was not yet; the
    /// error page instead of any page while the site fails; a page saying
    /// a page is not there (which reloads when it comes). None for a file
    /// that is not a page and not there.
    pub(crate) fn show(&mut self, path: &str) -> Option<Shown> {
        let page = path.ends_with(".html");
        if let Some(error_page) = self.error_page.as_ref().filter(|_| page) {
            return Some((500, error_page.clone()));
        }
        if let Some(shown) = self.rendered.get(path) {
            return Some(shown.clone());
        }
        if self.exists(path) {
            self.render(path);
            if let Some(shown) = self.rendered.get(path) {
                return Some(shown.clone());
            }
        }
        page.then(|| {
            (
                404,
                Arc::from(pages::not_found(&format!("/{path}"), &self.live_reload()).into_bytes()),
            )
        })
    }

    /// What `path` shows, less the tag it carries: two pages alike but for
    /// their tag look the same to a reader.
    pub(crate) fn print(&mut self, path: &str) -> u64 {
        let tag = self.tag.clone();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        if let Some((status, bytes)) = self.show(path) {
            status.hash(&mut hasher);
            print_without(&bytes, &tag).for_each(|part| part.hash(&mut hasher));
        }
        hasher.finish()
    }

    /// Renders the files of the site that `path` is one of (a story's
    /// page renders its redirects and linked files too).
    fn render(&mut self, path: &str) {
        let Some(live) = &self.live else { return };
        let live_reload = self.live_reload();
        let rendered =
            live.site
                .render_only(&live.templates, self.stamp, Some(&live_reload), &(), &|p| {
                    p == path
                });
        match rendered {
            Ok(files) => {
                for file in files {
                    if file.path.ends_with(".html") {
                        self.check_reload_script(&file.path, &file.bytes);
                    }
                    self.rendered
                        .insert(file.path, (200, Arc::from(file.bytes)));
                }
            }
            Err(failure) => {
                self.events.failed(&failure.diagnostics);
                let page = pages::build_failed(&failure.diagnostics, &live_reload);
                self.rendered
                    .insert(path.to_string(), (500, Arc::from(page.into_bytes())));
            }
        }
    }

    /// Warns, once, when a page lacks the reload script: a templates
    /// folder whose base.html predates it.
    fn check_reload_script(&self, path: &str, bytes: &[u8]) {
        let marker = format!("data-since=\"{}\"", self.tag);
        let has = std::str::from_utf8(bytes).is_ok_and(|html| html.contains(&marker));
        if !has && !self.warned.swap(true, Ordering::Relaxed) {
            self.events.warning(&Diagnostic::warning(format!(
                "the page {path} has no reload script: its templates do not render `live_reload`"
            ))
            .help(
                "copy the `{% if live_reload %}…{% endif %}` lines before </body> of the built-in base.html \
                 (`broadside init` writes it) into yours; until then, reload the tab by hand",
            ));
        }
    }

    /// The site changed: `live` (None: the last good one) and the error
    /// page while it fails; every rendered page is stale.
    pub(super) fn replace(&mut self, tag: String, live: Option<Live>, error_page: Option<String>) {
        self.tag = tag;
        if let Some(live) = live {
            self.live = Some(live);
        }
        self.error_page = error_page.map(|page| Arc::from(page.into_bytes()));
        self.rendered.clear();
        self.paths = match &self.live {
            Some(live) => live.site.paths(&live.templates).into_iter().collect(),
            None => HashSet::new(),
        };
    }
}

/// The bytes of a page apart from each place `tag` is written.
fn print_without<'a>(bytes: &'a [u8], tag: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let text = rest?;
        match text
            .windows(tag.len().max(1))
            .position(|w| !tag.is_empty() && w == tag.as_bytes())
        {
            Some(at) => {
                rest = Some(&text[at + tag.len()..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_compared_without_its_tag() {
        fn parts(page: &str, tag: &str) -> Vec<Vec<u8>> {
            print_without(page.as_bytes(), tag)
                .map(<[u8]>::to_vec)
                .collect()
        }
        let page = "<p>story</p><script data-since=\"s-1\">x</script>";
        assert_eq!(
            parts(page, "s-1"),
            parts(&page.replace("s-1", "s-2"), "s-2")
        );
        assert_ne!(
            parts(page, "s-1"),
            parts(&page.replace("story", "Story").replace("s-1", "s-2"), "s-2")
        );
        assert_eq!(parts("no tag here", "s-1"), [b"no tag here".to_vec()]);
        assert_eq!(
            parts("s-1 s-1", "s-1"),
            [b"".to_vec(), b" ".to_vec(), b"".to_vec()]
        );
    }
}
