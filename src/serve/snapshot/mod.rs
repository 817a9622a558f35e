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

//!
//! The site served and its pages are `served.rs`; what a change asks for,
//! `change.rs`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime};

mod change;
mod served;

pub(crate) use served::Served;

use super::{EVENTS_PATH, Events, pages};
use crate::error::Diagnostic;
use crate::options::{BuildOptions, LiveReload};
use crate::render::{Needs, Templates};
use crate::site::Site;
use crate::site::live::Update;
use change::{Change, Generation, change_of};

/// A loaded site and its templates.
struct Live {
    site: Site,
    templates: Templates,
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
        let served = Served::new(events.clone(), options.env.stamp());
        Builds {
            options,
            events,
            served: Mutex::new(served),
            session: format!("{:x}", now ^ u128::from(std::process::id())),
            generation: Mutex::new(Generation::first()),
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
        let (outcome, fresh) = self.load(change);
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let failed = self.serve(outcome, fresh, tag, changed.is_none(), elapsed);
        (generation.count, generation.reload_all) = (count + 1, failed);
        drop(generation);
        (self.notify)();
    }

    /// Loads what `change` asks for: the stories edited in the site being
    /// served, or (when that cannot be) the whole site, then `fresh`.
    fn load(&self, change: Change) -> (Result<bool, Vec<Diagnostic>>, Option<Live>) {
        let outcome = match change {
            Change::Edits { stories, templates } => {
                self.update(|live| self.edit(live, &stories, templates))
            }
            Change::Everything => Ok(false),
        };
        if !matches!(outcome, Ok(false)) {
            return (outcome, None);
        }
        match crate::pipeline::load(&self.options, &()) {
            Ok((site, templates)) => (Ok(true), Some(Live { site, templates })),
            Err(failure) => (Err(failure.diagnostics), None),
        }
    }

    /// Loads the edited `stories` again in `live`, and its templates when
    /// they changed: Ok(false) when the whole site must be loaded instead.
    fn edit(
        &self,
        live: &mut Live,
        stories: &[PathBuf],
        templates: bool,
    ) -> Result<bool, Vec<Diagnostic>> {
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
            live.templates = Templates::load_for(self.options.templates_dir.as_deref(), needs)?;
        }
        match live.site.update_stories(stories) {
            Update::Applied => Ok(true),
            Update::Reload => Ok(false),
            Update::Failed(problems) => Err(problems),
        }
    }

    /// Serves what a load gave under `tag` (`fresh`, or the last good site
    /// with the error page), and says so: true when it failed.
    fn serve(
        &self,
        outcome: Result<bool, Vec<Diagnostic>>,
        fresh: Option<Live>,
        tag: String,
        first: bool,
        elapsed: f64,
    ) -> bool {
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
                true
            }
            Ok(_) => {
                served.replace(tag, fresh, None);
                let pages = served.paths.iter().filter(|p| p.ends_with(".html")).count();
                let warnings = served
                    .live
                    .as_ref()
                    .map(|l| l.site.warnings.clone())
                    .unwrap_or_default();
                self.events.built(first, pages, elapsed, &warnings);
                false
            }
        }
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
