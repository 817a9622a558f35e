//! The site: settings plus every story, loaded once, ordered newest first
//! (`load.rs`), then rendered into the files of the output folder: each
//! story's files (`story_files.rs`), the listing pages (`listing_pages.rs`,
//! with the sections of `sections.rs`), the feeds, sitemaps and author
//! pages (`newsroom.rs`, `sitemaps.rs`), in the steps of one pass (`pass.rs`).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

mod crawlers;
mod listing_pages;
pub(crate) mod live;
mod load;
mod load_stories;
mod newsroom;
mod pass;
mod place;
mod sections;
mod share_images;
mod sitemaps;
mod story_files;

pub use load::Sources;
pub(crate) use load::{Loader, sort_stories};

use crate::config::SiteConfig;
use crate::content::Story;
use crate::error::{BuildFailure, Diagnostic};
use crate::options::{LiveReload, Progress};
use crate::output::{self, OutputFile};
use crate::photo::Photos;
use crate::render::Templates;
use crate::unbuilt::{Skipped, Unused};

/// A loaded site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// Newest first; undated stories last, by title.
    pub stories: Vec<Story>,
    /// The sections' listing pages (Hugo's and Zola's `_index.md`).
    pub(crate) sections: Vec<sections::Section>,
    /// The stories read but not built, and why.
    pub skipped: Vec<Skipped>,
    /// The files of the content folder no story uses.
    pub unused: Vec<Unused>,
    pub warnings: Vec<Diagnostic>,
    /// The absolute URL of the outlet's logo, when there is one.
    pub logo_url: Option<String>,
    /// The logo file to publish beside the pages.
    pub logo_file: Option<OutputFile>,
    /// The writers' portraits (`[authors.<id>] image`), inlined, by id.
    pub(crate) author_images: std::collections::BTreeMap<String, crate::image_refs::ImageSource>,
    /// The source site's own files (`CNAME`, `favicon.ico`, its `static/`),
    /// by their path in the output.
    pub static_files: Vec<(String, PathBuf)>,
    /// The source site's feed addresses, where the feed is published too.
    pub feed_aliases: Vec<String>,
    /// The photo pipeline every image of this site went through.
    pub(crate) photos: Arc<Photos>,
    /// What loaded the stories, kept to load one again (`broadside serve`).
    pub(crate) loader: Loader,
}

impl Site {
    /// Renders the files `wants` picks, by their path, sorted by path: see
    /// [`Site::render_each`].
    pub(crate) fn render_only(
        &self,
        templates: &Templates,
        epoch: i64,
        live_reload: Option<&LiveReload>,
        progress: &dyn Progress,
        wants: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<Vec<OutputFile>, BuildFailure> {
        let files = Gathered::with_capacity(self.stories.len() + 3);
        self.render_each(templates, epoch, live_reload, progress, wants, &|file| {
            files.push(file)
        })?;
        let mut files = files.into_vec();
        files.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.bytes.cmp(&b.bytes)));
        Ok(files)
    }

    /// The path of every file of the site (a file two stories link to
    /// comes twice), rendering none.
    pub(crate) fn paths(&self, templates: &Templates) -> Vec<String> {
        let named = Gathered::with_capacity(self.stories.len() + 3);
        let record = |path: &str| {
            named.push(path.to_string());
            false
        };
        // Nothing is rendered, so nothing can fail.
        let _ = self.render_each(templates, 0, None, &(), &record, &|_| {});
        let mut paths = named.into_vec();
        paths.sort();
        paths
    }

    /// Where the site's feed is published: `atom.xml`, and the source
    /// site's feed addresses (`feed.xml`, `index.xml`).
    fn feed_files(&self) -> impl Iterator<Item = &str> {
        std::iter::once("atom.xml").chain(self.feed_aliases.iter().map(String::as_str))
    }

    /// The source site's own files, as they are.
    fn put_static_files(
        &self,
        wants: &(dyn Fn(&str) -> bool + Sync),
        put: &(dyn Fn(OutputFile) + Sync),
    ) -> Result<(), BuildFailure> {
        for (path, file) in &self.static_files {
            if wants(path) {
                let bytes = std::fs::read(file).map_err(|e| {
                    Diagnostic::error(format!("cannot read the site's file: {e}")).in_file(file)
                })?;
                put(OutputFile {
                    path: path.clone(),
                    bytes,
                });
            }
        }
        Ok(())
    }
}

/// A site as the output folder takes it ([`output::Files`]): every file
/// named first, then each handed over as soon as it is rendered, so a build
/// holds no more than the pages being rendered.
pub(crate) struct Rendering<'a> {
    site: &'a Site,
    templates: &'a Templates,
    epoch: i64,
    live_reload: Option<&'a LiveReload>,
    progress: &'a dyn Progress,
    paths: Vec<String>,
}

impl<'a> Rendering<'a> {
    pub(crate) fn new(
        site: &'a Site,
        templates: &'a Templates,
        epoch: i64,
        live_reload: Option<&'a LiveReload>,
        progress: &'a dyn Progress,
    ) -> Self {
        Rendering {
            site,
            templates,
            epoch,
            live_reload,
            progress,
            paths: site.paths(templates),
        }
    }
}

impl output::Files for Rendering<'_> {
    fn paths(&self) -> &[String] {
        &self.paths
    }

    fn make(&self, put: &(dyn Fn(OutputFile) + Sync)) -> Result<(), BuildFailure> {
        self.site.render_each(
            self.templates,
            self.epoch,
            self.live_reload,
            self.progress,
            &|_| true,
            put,
        )
    }
}

/// What the rayon workers hand over while a site is rendered (files, or
/// the paths asked about), gathered in one list.
struct Gathered<T>(Mutex<Vec<T>>);

impl<T> Gathered<T> {
    fn with_capacity(capacity: usize) -> Self {
        Gathered(Mutex::new(Vec::with_capacity(capacity)))
    }

    fn push(&self, item: T) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(item);
    }

    fn into_vec(self) -> Vec<T> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}
