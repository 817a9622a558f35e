//! The site `broadside serve` is serving: loaded once and kept in memory,
//! brought up to date on each change, its pages rendered when first asked
//! for and kept until the next change (Hugo's "fast render": a change
//! throws every rendered page away, which costs nothing, and only the pages
//! asked for are rendered again).
//!
//! A change to stories loads just those stories again
//! ([`crate::site::live`]); a change to templates only compiles the
//! templates again; anything else, or a change after a failure, loads the
//! whole site. Each change gives the site a new tag, which every page
//! rendered from then on carries.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime};

use super::{EVENTS_PATH, Events, pages};
use crate::error::Diagnostic;
use crate::options::{BuildOptions, LiveReload};
use crate::render::{Needs, Templates};
use crate::site::Site;
use crate::site::live::Update;

/// A loaded site and its templates.
struct Live {
    site: Site,
    templates: Templates,
}

/// What a path of the site shows: a status and the bytes to send.
pub(crate) type Shown = (u16, Arc<[u8]>);

/// The site being served, and the pages of it rendered so far.
pub(crate) struct Served {
    /// Names the site as it is now; a page carries the tag it was
    /// rendered with.
    pub(crate) tag: String,
    /// The last site loaded without errors.
    live: Option<Live>,
    /// The path of every file of `live`.
    paths: HashSet<String>,
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
    fn replace(&mut self, tag: String, live: Option<Live>, error_page: Option<String>) {
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

/// What a batch of changed files asks for.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    /// Story files and templates only: load those stories again, and
    /// compile the templates again if any changed.
    Edits {
        stories: Vec<PathBuf>,
        templates: bool,
    },
    /// Load everything.
    Everything,
}

fn change_of(changed: &[PathBuf], options: &BuildOptions) -> Change {
    let in_templates = |p: &Path| {
        options
            .templates_dir
            .as_deref()
            .is_some_and(|t| p.starts_with(t) || absolute(p).starts_with(absolute(t)))
    };
    let (templates, others): (Vec<&PathBuf>, Vec<&PathBuf>) =
        changed.iter().partition(|p| in_templates(p));
    if others.iter().all(|p| crate::unbuilt::is_story_file(p)) {
        Change::Edits {
            stories: others.into_iter().cloned().collect(),
            templates: !templates.is_empty(),
        }
    } else {
        Change::Everything
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::env::current_dir()
        .map(|d| d.join(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// What the server loaded, so far.
#[derive(Default)]
struct Generation {
    /// How many changes were served.
    count: u64,
    /// The next change loads the whole site (after a failure).
    reload_all: bool,
    /// The contents (hashed) of the files changed so far, as last loaded:
    /// a save that changes nothing (an editor saving twice) is no change.
    contents: HashMap<PathBuf, Option<u64>>,
}

impl Generation {
    /// Notes what the files `changed` hold now; false when each holds
    /// what it held when last loaded.
    fn note(&mut self, changed: &[PathBuf]) -> bool {
        let mut any = false;
        for path in changed {
            let now = std::fs::read(path).ok().map(|bytes| {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut hasher);
                hasher.finish()
            });
            any |= self.contents.insert(path.clone(), now) != Some(now);
        }
        any
    }
}

/// Loads the site, keeps it up to date, and holds what is served.
pub(crate) struct Builds {
    options: BuildOptions,
    events: Arc<dyn Events>,
    served: Mutex<Served>,
    /// Distinguishes this run of the server, so a tab opened on an earlier
    /// run reloads when it reconnects.
    session: String,
    /// What was loaded; held while loading, so loads never overlap.
    generation: Mutex<Generation>,
    /// Tells the server that the site changed.
    notify: Box<dyn Fn() + Send + Sync>,
}

impl Builds {
    pub(crate) fn new(
        options: BuildOptions,
        events: Arc<dyn Events>,
        notify: Box<dyn Fn() + Send + Sync>,
    ) -> Builds {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros());
        let served = Served {
            tag: String::new(),
            live: None,
            paths: HashSet::new(),
            error_page: None,
            rendered: HashMap::new(),
            events: events.clone(),
            warned: Arc::new(AtomicBool::new(false)),
            stamp: options.env.stamp(),
        };
        Builds {
            options,
            events,
            served: Mutex::new(served),
            session: format!("{:x}", now ^ u128::from(std::process::id())),
            generation: Mutex::new(Generation {
                reload_all: true,
                ..Generation::default()
            }),
            notify,
        }
    }

    /// The site being served, for as long as the guard is held.
    pub(crate) fn served(&self) -> MutexGuard<'_, Served> {
        lock(&self.served)
    }

    /// Loads what `changed` asks for (None: the first load), prints what
    /// came of it, and serves the result.
    pub(crate) fn rebuild(&self, changed: Option<&[PathBuf]>) {
        let mut generation = lock(&self.generation);
        if let Some(changed) = changed
            && !generation.note(changed)
        {
            return;
        }
        let (count, reload_all) = (generation.count, generation.reload_all);
        let tag = format!("{}-{}", self.session, count + 1);
        let started = Instant::now();
        let change = if reload_all {
            Change::Everything
        } else {
            changed.map_or(Change::Everything, |c| change_of(c, &self.options))
        };
        let mut outcome = match change {
            Change::Edits { stories, templates } => self.update(|live| {
                if templates {
                    let site = &live.site;
                    let needs = if self.options.every_template {
                        Needs::all()
                    } else {
                        Needs {
                            front_page: site.stories.len() + site.skipped.len() > 1,
                            feeds: site.config.base_url().is_some(),
                        }
                    };
                    live.templates =
                        Templates::load_for(self.options.templates_dir.as_deref(), needs)?;
                }
                match live.site.update_stories(&stories) {
                    Update::Applied => Ok(true),
                    Update::Reload => Ok(false),
                    Update::Failed(problems) => Err(problems),
                }
            }),
            Change::Everything => Ok(false),
        };
        let mut fresh = None;
        if matches!(outcome, Ok(false)) {
            outcome = match crate::pipeline::load(&self.options, &()) {
                Ok((site, templates)) => {
                    fresh = Some(Live { site, templates });
                    Ok(true)
                }
                Err(failure) => Err(failure.diagnostics),
            };
        }
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let mut served = self.served();
        match outcome {
            Err(diagnostics) => {
                self.events.failed(&diagnostics);
                let live_reload = LiveReload {
                    endpoint: EVENTS_PATH.to_string(),
                    tag: tag.clone(),
                };
                served.replace(
                    tag,
                    fresh,
                    Some(pages::build_failed(&diagnostics, &live_reload)),
                );
                (generation.count, generation.reload_all) = (count + 1, true);
            }
            Ok(_) => {
                served.replace(tag, fresh, None);
                let pages = served.paths.iter().filter(|p| p.ends_with(".html")).count();
                let warnings = served
                    .live
                    .as_ref()
                    .map(|l| l.site.warnings.clone())
                    .unwrap_or_default();
                self.events
                    .built(changed.is_none(), pages, elapsed, &warnings);
                (generation.count, generation.reload_all) = (count + 1, false);
            }
        }
        drop(served);
        drop(generation);
        (self.notify)();
    }

    /// Applies `change` to the site being served, under the lock: Ok(false)
    /// when the whole site must be loaded instead.
    fn update(
        &self,
        change: impl FnOnce(&mut Live) -> Result<bool, Vec<Diagnostic>>,
    ) -> Result<bool, Vec<Diagnostic>> {
        let mut served = self.served();
        match served.live.as_mut() {
            Some(live) => change(live),
            None => Ok(false),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
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

    #[test]
    fn a_save_that_changes_nothing_is_no_change() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").unwrap();
        let mut generation = Generation::default();
        assert!(
            generation.note(std::slice::from_ref(&file)),
            "not seen before"
        );
        assert!(
            !generation.note(std::slice::from_ref(&file)),
            "saved again as it was"
        );
        std::fs::write(&file, "two").unwrap();
        assert!(generation.note(std::slice::from_ref(&file)));
        std::fs::remove_file(&file).unwrap();
        assert!(generation.note(std::slice::from_ref(&file)), "deleted");
        assert!(
            !generation.note(std::slice::from_ref(&file)),
            "still deleted"
        );
    }

    #[test]
    fn changes_are_sorted_by_what_they_ask_for() {
        let options = BuildOptions {
            content_dir: "content".into(),
            templates_dir: Some("templates".into()),
            ..BuildOptions::default()
        };
        let paths = |ps: &[&str]| ps.iter().map(PathBuf::from).collect::<Vec<_>>();
        let edits = |stories: &[&str], templates| Change::Edits {
            stories: paths(stories),
            templates,
        };
        assert_eq!(
            change_of(&paths(&["content/a.md", "content/b/index.md"]), &options),
            edits(&["content/a.md", "content/b/index.md"], false)
        );
        assert_eq!(
            change_of(
                &paths(&["templates/story.html", "templates/style.css"]),
                &options
            ),
            edits(&[], true)
        );
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            change_of(&[cwd.join("templates/story.html")], &options),
            edits(&[], true)
        );
        assert_eq!(
            change_of(&paths(&["content/a.md", "templates/base.html"]), &options),
            edits(&["content/a.md"], true)
        );
        for everything in [
            &["content/site.toml"][..],
            &["content/lead.png"],
            &["content/a.md", "content/lead.png"],
        ] {
            assert_eq!(
                change_of(&paths(everything), &options),
                Change::Everything,
                "{everything:?}"
            );
        }
    }
}
