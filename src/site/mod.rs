//! The site: settings plus every story, loaded once, ordered newest first
//! (`load.rs`), then rendered into the files of the output folder: each
//! story's files (`story_files.rs`), the listing pages (`listing_pages.rs`), the
//! feeds, sitemaps and author pages (`newsroom.rs`, `sitemaps.rs`).

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

mod crawlers;
mod listing_pages;
pub(crate) mod live;
mod load;
mod load_stories;
mod newsroom;
mod place;
mod share_images;
mod sitemaps;
mod story_files;

pub use load::Sources;
pub(crate) use load::{Loader, sort_stories};

use crate::config::SiteConfig;
use crate::content::Story;
use crate::csp::{self, Policy};
use crate::error::{BuildFailure, Diagnostic};
use crate::lang::Lang;
use crate::listing::{self, Kit};
use crate::options::{LiveReload, Progress};
use crate::output::{self, OutputFile};
use crate::page::{self, Chrome, LinkView, LiveReloadView, SiteView};
use crate::parallel;
use crate::photo::Photos;
use crate::render::Templates;
use crate::styles::{self, Features};
use crate::unbuilt::{Skipped, Unused};

/// A loaded site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// Newest first; undated stories last, by title.
    pub stories: Vec<Story>,
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

    /// Renders the files `wants` picks, by their path, handing each to
    /// `put` as soon as it is made (from any thread, in any order): each
    /// story's files together (its page, redirects and linked files), each
    /// listing page, feed and sitemap apart. `wants` is asked about every
    /// file of the site, rendered or not.
    pub(crate) fn render_each(
        &self,
        templates: &Templates,
        epoch: i64,
        live_reload: Option<&LiveReload>,
        progress: &dyn Progress,
        wants: &(dyn Fn(&str) -> bool + Sync),
        put: &(dyn Fn(OutputFile) + Sync),
    ) -> Result<(), BuildFailure> {
        let site = SiteView::new(&self.config);
        let reload_hash = live_reload.map(|_| csp::hash(LiveReload::SCRIPT));
        let live_reload = live_reload.map(|l| LiveReloadView {
            endpoint: &l.endpoint,
            tag: &l.tag,
            script: LiveReload::SCRIPT,
        });
        // The page's policy; pages with JSON-LD allow that data block by its
        // hash too (browsers never run it, but validators check it).
        let policy = |style_hash: &str, json_ld_hash: Option<&str>| {
            let mut policy = Policy::new(style_hash).remote_images(self.config.images.allow_remote);
            for hash in json_ld_hash.into_iter().chain(reload_hash.as_deref()) {
                policy = policy.script(hash);
            }
            policy.to_string()
        };
        let has_front_page = self.stories.len() > 1;
        let site_lang = Lang::new(&self.config.language);
        let chrome = |root: String, more_from: Vec<LinkView>, csp: String, lang: &Lang| Chrome {
            site: &site,
            stylesheet: Cow::Borrowed(&templates.stylesheet),
            csp,
            home: match &self.config.home_url {
                Some(url) => Some(url.clone()),
                None => has_front_page.then(|| format!("{root}index.html")),
            },
            root,
            more_from,
            t: page::words_for(&self.config, lang),
            dir: lang.dir(),
            live_reload,
        };
        let taxonomies = if has_front_page {
            listing::taxonomies(&self.stories)
        } else {
            Vec::new()
        };
        let mut errors: Vec<Diagnostic> =
            parallel::filter_map_indexed(&self.stories, |i, story| {
                if !self
                    .files_of(story)
                    .iter()
                    .fold(false, |any, path| wants(path) | any)
                {
                    return None;
                }
                let root = page::root_of(&story.url_path);
                let more_from = self.more_from(Some(i), &root, &taxonomies);
                let lang = Lang::new(story.front.lang.as_deref().unwrap_or(&self.config.language));
                let chrome = chrome(root, more_from, String::new(), &lang);
                let page =
                    self.render_story(story, templates, chrome, (&site, &taxonomies), &policy);
                progress.advance();
                page.map(|files| files.into_iter().for_each(put)).err()
            });
        if let Some(base) = site
            .base_url
            .as_deref()
            .filter(|_| self.writes_not_found() && wants("404.html"))
        {
            let (stylesheet, hash) = styles::for_page(
                &templates.stylesheet,
                &templates.stylesheet_hash,
                Features::default(),
            );
            let mut chrome = chrome(
                base.to_string(),
                self.more_from(None, base, &[]),
                policy(&hash, None),
                &site_lang,
            );
            chrome.stylesheet = stylesheet;
            let page = page::NotFoundPage {
                chrome,
                front_page: base.to_string(),
                archive_url: has_front_page.then(|| format!("{base}{}", listing::ARCHIVE)),
            };
            match templates.render("404.html", &page) {
                Ok(html) => put(OutputFile {
                    path: "404.html".to_string(),
                    bytes: html.into_bytes(),
                }),
                Err(d) => errors.push(d),
            }
        }
        let mut listing_pages = Vec::new();
        if has_front_page {
            let features = Features {
                listing: true,
                ..Features::default()
            };
            let (stylesheet, hash) =
                styles::for_page(&templates.stylesheet, &templates.stylesheet_hash, features);
            let offered = Gathered::with_capacity(0);
            let record = |path: &str| {
                offered.push(path.to_string());
                wants(path)
            };
            let kit = Kit {
                site: &site,
                templates,
                chrome: &chrome,
                lang: &site_lang,
                stylesheet: &stylesheet,
                policy: policy(&hash, None),
                wants: &record,
                put,
            };
            let failed = self.render_listings(&kit, &taxonomies, epoch);
            // Every listing page but the front one, for the sitemap.
            let offered = offered.into_vec();
            listing_pages = offered
                .iter()
                .filter_map(|p| p.strip_suffix("index.html"))
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            errors.extend(failed);
        }
        errors.extend(self.render_site_files(
            (&site, templates),
            epoch,
            &listing_pages,
            wants,
            put,
        ));
        // One page = one template error; report each template problem once.
        errors.dedup_by(|a, b| a.message == b.message && a.path == b.path);
        if !errors.is_empty() {
            return Err(errors.into());
        }
        self.logo_file
            .iter()
            .filter(|f| wants(&f.path))
            .cloned()
            .for_each(put);
        self.put_static_files(wants, put)
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
