//! One rendering pass over a loaded site, in named steps: the stories'
//! files, the `404.html` page, the listing pages, the site files (feeds,
//! sitemaps, author pages, `robots.txt`) and the files copied as they are.
//! Each step asks `wants` about every file it could make and hands what it
//! renders to `put`.

use std::borrow::Cow;

use super::{Gathered, Site};
use crate::csp::{self, Policy};
use crate::error::{BuildFailure, Diagnostic};
use crate::lang::Lang;
use crate::listing::{self, Kit, Taxonomy};
use crate::options::{LiveReload, Progress};
use crate::output::OutputFile;
use crate::page::{self, Chrome, LinkView, LiveReloadView, SiteView};
use crate::parallel;
use crate::render::Templates;
use crate::styles::{self, Features};

/// Makes a page's chrome from its root, its "More from" links, its
/// policy and its language.
type MakeChrome<'p> = dyn Fn(String, Vec<LinkView>, String, &Lang) -> Chrome<'p> + Sync + 'p;

/// A page's Content-Security-Policy from its stylesheet's hash and its
/// JSON-LD block's.
type MakePolicy<'p> = dyn Fn(&str, Option<&str>) -> String + Sync + 'p;

/// What every step of one pass shares.
struct Pass<'p, 'c: 'p> {
    site: &'p SiteView<'p>,
    templates: &'p Templates,
    chrome: &'p MakeChrome<'c>,
    policy: &'p MakePolicy<'p>,
    site_lang: &'p Lang,
    taxonomies: &'p [Taxonomy],
    has_front_page: bool,
    wants: &'p (dyn Fn(&str) -> bool + Sync),
    put: &'p (dyn Fn(OutputFile) + Sync),
}

impl Site {
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
        let policy = self.make_policy(live_reload.map(|_| csp::hash(LiveReload::SCRIPT)));
        let has_front_page = self.stories.len() > 1;
        let live_reload = live_reload.map(|l| LiveReloadView {
            endpoint: &l.endpoint,
            tag: &l.tag,
            script: LiveReload::SCRIPT,
        });
        let chrome = self.make_chrome(&site, templates, live_reload, has_front_page);
        let taxonomies = if has_front_page {
            listing::taxonomies(&self.stories)
        } else {
            Vec::new()
        };
        let pass = Pass {
            site: &site,
            templates,
            chrome: &chrome,
            policy: &policy,
            site_lang: &Lang::new(&self.config.language),
            taxonomies: &taxonomies,
            has_front_page,
            wants,
            put,
        };
        let mut errors = self.render_stories(&pass, progress);
        errors.extend(self.render_not_found(&pass));
        let (listing_pages, failed) = self.render_listing_pages(&pass, epoch);
        errors.extend(failed);
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

    /// A page's policy; pages with JSON-LD allow that data block by its
    /// hash too (browsers never run it, but validators check it), and
    /// `serve`'s pages their reload script.
    fn make_policy(
        &self,
        reload_hash: Option<String>,
    ) -> impl Fn(&str, Option<&str>) -> String + Sync + '_ {
        move |style_hash: &str, json_ld_hash: Option<&str>| {
            let mut policy = Policy::new(style_hash).remote_images(self.config.images.allow_remote);
            for hash in json_ld_hash.into_iter().chain(reload_hash.as_deref()) {
                policy = policy.script(hash);
            }
            policy.to_string()
        }
    }

    /// A page's chrome: masthead, stylesheet, words, "More from" links.
    fn make_chrome<'p>(
        &'p self,
        site: &'p SiteView<'p>,
        templates: &'p Templates,
        live_reload: Option<LiveReloadView<'p>>,
        has_front_page: bool,
    ) -> impl Fn(String, Vec<LinkView>, String, &Lang) -> Chrome<'p> + Sync + 'p {
        move |root: String, more_from: Vec<LinkView>, csp: String, lang: &Lang| Chrome {
            site,
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
        }
    }

    /// Each story's files (its page, redirects and linked files), in
    /// parallel: the errors met.
    fn render_stories(&self, pass: &Pass<'_, '_>, progress: &dyn Progress) -> Vec<Diagnostic> {
        parallel::filter_map_indexed(&self.stories, |i, story| {
            let files = self.files_of(story);
            if !files
                .iter()
                .fold(false, |any, path| (pass.wants)(path) | any)
            {
                return None;
            }
            let root = page::root_of(&story.url_path);
            let more_from = self.more_from(Some(i), &root, pass.taxonomies);
            let lang = Lang::new(story.front.lang.as_deref().unwrap_or(&self.config.language));
            let chrome = (pass.chrome)(root, more_from, String::new(), &lang);
            let page = self.render_story(
                story,
                pass.templates,
                chrome,
                (pass.site, pass.taxonomies),
                pass.policy,
            );
            progress.advance();
            page.map(|files| files.into_iter().for_each(pass.put)).err()
        })
    }

    /// The site's `404.html`, in its language, its links absolute since it
    /// answers at any depth: only with a base URL, and only when the site
    /// has none of its own.
    fn render_not_found(&self, pass: &Pass<'_, '_>) -> Option<Diagnostic> {
        let base = pass
            .site
            .base_url
            .as_deref()
            .filter(|_| self.writes_not_found() && (pass.wants)("404.html"))?;
        let templates = pass.templates;
        let (stylesheet, hash) = styles::for_page(
            &templates.stylesheet,
            &templates.stylesheet_hash,
            Features::default(),
        );
        let mut chrome = (pass.chrome)(
            base.to_string(),
            self.more_from(None, base, &[]),
            (pass.policy)(&hash, None),
            pass.site_lang,
        );
        chrome.stylesheet = stylesheet;
        let page = page::NotFoundPage {
            chrome,
            front_page: base.to_string(),
            archive_url: pass
                .has_front_page
                .then(|| format!("{base}{}", listing::ARCHIVE)),
        };
        match templates.render("404.html", &page) {
            Ok(html) => {
                (pass.put)(OutputFile {
                    path: "404.html".to_string(),
                    bytes: html.into_bytes(),
                });
                None
            }
            Err(d) => Some(d),
        }
    }

    /// The listing pages (front page, archive, tags, categories, authors,
    /// years), when the site has more than one story: every listing page's
    /// folder but the front one's, for the sitemap, and the errors met.
    fn render_listing_pages(
        &self,
        pass: &Pass<'_, '_>,
        epoch: i64,
    ) -> (Vec<String>, Vec<Diagnostic>) {
        if !pass.has_front_page {
            return (Vec::new(), Vec::new());
        }
        let features = Features {
            listing: true,
            ..Features::default()
        };
        let templates = pass.templates;
        let (stylesheet, hash) =
            styles::for_page(&templates.stylesheet, &templates.stylesheet_hash, features);
        let offered = Gathered::with_capacity(0);
        let record = |path: &str| {
            offered.push(path.to_string());
            (pass.wants)(path)
        };
        let kit = Kit {
            site: pass.site,
            templates,
            chrome: pass.chrome,
            lang: pass.site_lang,
            stylesheet: &stylesheet,
            policy: (pass.policy)(&hash, None),
            wants: &record,
            put: pass.put,
        };
        let failed = self.render_listings(&kit, pass.taxonomies, epoch);
        let listing_pages = offered
            .into_vec()
            .iter()
            .filter_map(|p| p.strip_suffix("index.html"))
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        (listing_pages, failed)
    }
}
