//! The site: settings plus every story, loaded once, ordered newest first,
//! then rendered into the files of the output folder.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::LiveReload;
use crate::Progress;
use crate::config::SiteConfig;
mod listings;
pub(crate) mod live;
mod newsroom;
mod place;
mod share;

pub(crate) use place::static_folders;
use place::{logo, place, redirect};

use crate::addresses::Addresses;
use crate::content::{self, LoadSettings, Story};
use crate::csp::{self, Policy};
use crate::date::DateView;
use crate::error::{BuildFailure, Diagnostic};
use crate::images::ImageResolver;
use crate::lang::Lang;
use crate::listing::{self, Kit, Taxonomy};
use crate::markdown::MarkdownRenderer;
use crate::output::{self, OutputFile};
use crate::page::{
    self, Chrome, ImageView, LinkView, LiveReloadView, RedirectPage, SiteView, StoryPage,
    StoryView, TagLink,
};
use crate::parallel;
use crate::photo::{self, Photos};
use crate::render::{Needs, Templates};
use crate::styles::{self, Features};
use crate::unbuilt::{Include, NotAStory, Skipped, Unpublished, Unused};

/// What a build reads before the stories: the settings and the list of
/// story files. Cheap, and enough to know which templates are needed.
#[derive(Debug)]
pub struct Sources {
    pub content_dir: PathBuf,
    pub config: SiteConfig,
    pub paths: Vec<PathBuf>,
    /// The content folder's other files, for saying which are not used.
    pub others: Vec<Unused>,
    /// The stories that are not public to build anyway (none by default).
    pub include: Include,
    /// Now, in seconds since the epoch: stories dated later are not built.
    pub now: i64,
    /// Process every image afresh, neither reading nor writing the cache.
    pub no_cache: bool,
}

impl Sources {
    pub fn read(content_dir: &Path, base_url: Option<&str>) -> Result<Sources, BuildFailure> {
        let found = content::discover(content_dir)?;
        let mut config = SiteConfig::load(content_dir)?;
        if let Some(url) = base_url {
            // The command line checks its --base-url; this is for callers of the library.
            crate::config::check_base_url(url).map_err(|why| {
                Diagnostic::error(format!(
                    "the base URL `{url}` is not an absolute http or https URL: {why}"
                ))
                .help("give the address the site is served from, e.g. https://example.com/news/")
            })?;
            config.base_url = Some(url.to_string());
        }
        Ok(Sources {
            content_dir: content_dir.to_path_buf(),
            config,
            paths: found.stories,
            others: found.others,
            include: Include::default(),
            now: crate::now(),
            no_cache: false,
        })
    }

    /// The optional templates this site will use.
    pub fn needs(&self) -> Needs {
        Needs {
            front_page: self.paths.len() > 1,
            feeds: self.config.base_url.is_some(),
        }
    }
}

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
    pub(crate) author_images: std::collections::BTreeMap<String, crate::images::ImageSource>,
    /// The photo pipeline every image of this site went through.
    pub(crate) photos: Arc<Photos>,
    /// What loaded the stories, kept to load one again (`broadside serve`).
    pub(crate) loader: Loader,
}

/// What loading a story needs besides its file: kept with the site, so
/// `broadside serve` can load an edited story again without the others.
pub(crate) struct Loader {
    pub(crate) content_dir: PathBuf,
    pub(crate) addresses: Addresses,
    pub(crate) markdown: MarkdownRenderer,
    pub(crate) include: Include,
    pub(crate) now: i64,
    pub(crate) news: crate::newsroom::NewsSettings,
}

impl std::fmt::Debug for Loader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loader")
            .field("content_dir", &self.content_dir)
            .finish_non_exhaustive()
    }
}

impl Site {
    /// Loads every story that `sources` found.
    pub fn from_sources(sources: Sources, progress: &dyn Progress) -> Result<Site, BuildFailure> {
        let Sources {
            content_dir,
            config,
            paths,
            others,
            include,
            now,
            no_cache,
        } = sources;
        let content_path = content_dir.clone();
        let content_dir = content_dir.as_path();
        let mut addresses = Addresses::new(content_dir, config.base_url().as_deref());
        let photos = Arc::new(photo::for_site(&config.images, content_dir, no_cache));
        let images = ImageResolver::new(content_dir, config.images.allow_remote)
            .map_err(|e| {
                Diagnostic::error(format!("cannot read the content folder: {e}"))
                    .in_file(content_dir)
            })?
            .with_site(&static_folders(content_dir), &addresses.site_url)
            .with_photos(photos.clone());
        let markdown = MarkdownRenderer::new(images, !config.markdown.allow_unsafe_html)
            .with_language(&config.language, &config.strings)
            .with_math(config.markdown.math);
        let news = crate::newsroom::NewsSettings::new(&config);
        let settings = LoadSettings {
            markdown: &markdown,
            max_bytes: config.limits.max_story_bytes,
            news: &news,
        };
        progress.total(paths.len() as u64 * 2);
        // Every story's front matter first: where each is published must be
        // known before any is rendered, for links between stories.
        let heads = parallel::map(&paths, |p| {
            let head = content::read(p, settings.max_bytes);
            progress.advance();
            head
        });
        let mut diagnostics = Vec::new();
        let mut published = Vec::with_capacity(heads.len());
        let mut skipped = Vec::new();
        let mut blank = Vec::new();
        for (head, path) in heads.into_iter().zip(&paths) {
            match head {
                Ok(None) => blank.push(Unused {
                    path: path.clone(),
                    why: NotAStory::Blank,
                }),
                Ok(Some(head)) => match Unpublished::of(&head.front, now, include) {
                    None => published.push(head),
                    Some(why) => {
                        addresses.add(&head.source_path, None);
                        let (path, warnings) = head.into_path_and_warnings();
                        diagnostics.extend(warnings);
                        skipped.push(Skipped { path, why });
                    }
                },
                Err(problems) => diagnostics.extend(problems),
            }
        }
        place(&mut published, content_dir, &mut diagnostics);
        for head in &published {
            addresses.add(&head.source_path, Some(&head.url_path));
        }
        let rendered = parallel::map_owned(published, |head| {
            let story = content::render(head, &settings, &addresses);
            progress.advance();
            story
        });
        let mut stories = Vec::with_capacity(rendered.len());
        for result in rendered {
            match result {
                Ok((story, warnings)) => {
                    diagnostics.extend(warnings);
                    stories.push(story);
                }
                Err(problems) => diagnostics.extend(problems),
            }
        }
        redirect(&mut stories, &mut diagnostics);
        if stories.is_empty() && !diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.push(nothing_to_publish(content_dir, &skipped));
        }
        let (logo_url, logo_file) = match logo(content_dir, &config, markdown.images()) {
            Ok(logo) => logo,
            Err(d) => {
                diagnostics.push(d);
                (None, None)
            }
        };
        let author_images =
            place::author_images(content_dir, &config, markdown.images(), &mut diagnostics);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics.into());
        }
        sort_stories(&mut stories);
        let used = markdown.images().used();
        let unused = others
            .into_iter()
            .filter(|u| {
                u.why != NotAStory::NotUsed
                    || u.path.canonicalize().is_ok_and(|p| !used.contains(&p))
            })
            .chain(blank)
            .collect();
        let loader = Loader {
            content_dir: content_path,
            addresses,
            markdown,
            include,
            now,
            news,
        };
        Ok(Site {
            config,
            stories,
            skipped,
            unused,
            warnings: diagnostics,
            logo_url,
            logo_file,
            author_images,
            photos,
            loader,
        })
    }

    /// Renders every page, with `broadside serve`'s reload script in every
    /// page when `live_reload` is given, counting each page rendered on
    /// `progress`. `epoch` dates the feed when no story has a date.
    pub fn render(
        &self,
        templates: &Templates,
        epoch: i64,
        live_reload: Option<&LiveReload>,
        progress: &dyn Progress,
    ) -> Result<Vec<OutputFile>, BuildFailure> {
        let mut files = self.render_only(templates, epoch, live_reload, progress, &|_| true)?;
        // A file linked twice, or linked and the lead image too, is one file.
        files.dedup_by(|a, b| a.path == b.path && a.bytes == b.bytes);
        if let Some(pair) = files.windows(2).find(|pair| pair[0].path == pair[1].path) {
            return Err(output::two_files_at(&pair[0].path).into());
        }
        Ok(files)
    }

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
                let more_from = self.more_from(Some(i), &root);
                let lang = Lang::new(story.front.lang.as_deref().unwrap_or(&self.config.language));
                let chrome = chrome(root, more_from, String::new(), &lang);
                let page =
                    self.render_story(story, templates, chrome, (&site, &taxonomies), &policy);
                progress.advance();
                page.map(|files| files.into_iter().for_each(put)).err()
            });
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
        Ok(())
    }

    /// The paths of the files [`Site::render_story`] makes of `story`: its
    /// page, what it shares beside it (with a base URL), its redirect pages
    /// and the files it links to.
    pub(crate) fn files_of(&self, story: &Story) -> Vec<String> {
        let page = format!("{}index.html", story.url_path);
        let lead = self.share_file_names(story);
        let linked = story
            .body
            .files
            .iter()
            .map(|l| format!("{}{}", story.url_path, l.path));
        let feed_images = self
            .feed_images(story)
            .into_iter()
            .map(|image| format!("{}{}", story.url_path, image.name));
        std::iter::once(page)
            .chain(lead)
            .chain(story.redirects.iter().cloned())
            .chain(linked)
            .chain(feed_images)
            .collect()
    }

    fn render_story(
        &self,
        story: &Story,
        templates: &Templates,
        chrome: Chrome<'_>,
        (site, taxonomies): (&SiteView<'_>, &[Taxonomy]),
        policy: &dyn Fn(&str, Option<&str>) -> String,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let own_url = site
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", story.url_path));
        // A story first published elsewhere points there.
        let canonical = story.front.canonical.clone().or(own_url);
        let front = &story.front;
        let shared = self.shared(story, templates, site.base_url.as_deref())?;
        let lead_image = story.lead_image.as_ref().map(|image| ImageView {
            src: &image.src,
            width: image.size.map(|s| s.0),
            height: image.size.map(|s| s.1),
            alt: front.image_alt.as_deref().unwrap_or(""),
            caption: front.image_caption.as_deref(),
            public_url: shared.image.as_ref().map(|s| s.url.clone()),
        });
        let lang_tag = front.lang.as_deref().unwrap_or(&self.config.language);
        let lang = Lang::new(lang_tag);
        let minutes = page::reading_minutes(story.body.words, &lang);
        let reading_time = page::reading_time(&chrome.t, minutes);
        let has_author_pages = self.stories.len() > 1;
        let bylines = page::bylines(story, has_author_pages.then_some(chrome.root.as_str()));
        let (byline, byline_html) = page::byline(&chrome.t, &lang, &bylines).unzip();
        let view = StoryView {
            title: &front.title,
            title_html: &front.title_html,
            description: front.description.as_deref(),
            meta_description: page::meta_description(story),
            date: front.date.map(|d| DateView::new(d, &lang)),
            updated: story.news.modified.map(|d| DateView::with_time(d, &lang)),
            authors: story.news.authors.iter().map(|a| a.name.clone()).collect(),
            bylines,
            byline_html,
            corrections: page::corrections(story, &lang),
            live: page::live(story, &lang),
            tags: &front.tags,
            lang: lang_tag,
            dir: lang.dir(),
            og_locale: lang.og_locale(),
            reading_minutes: minutes,
            reading_time,
            byline,
            words: story.body.words,
            canonical_url: canonical.clone(),
            url_path: &story.url_path,
            lead_image,
            share_image: shared.image,
            schema_images: shared.schema_images,
            content: &story.body.html,
            extra: &front.extra,
            taxonomies: &front.taxonomies,
            aliases: &front.aliases,
            toc: page::toc(&story.body.headings),
            show_toc: front.toc,
            tag_links: tag_links(story, taxonomies, &chrome.root),
        };
        let author_url = |a: &crate::newsroom::Author| {
            site.base_url
                .as_ref()
                .filter(|_| has_author_pages)
                .map(|b| format!("{b}{}{}/", crate::newsroom::authors::AUTHORS, a.id))
        };
        let json_ld = page::json_ld(
            &self.config,
            story,
            &view,
            self.logo_url.as_deref(),
            &author_url,
        );
        let share = page::share_links(
            &self.config,
            &front.title,
            canonical.as_deref(),
            &chrome.t.email,
        );
        let mut chrome = chrome;
        // Highlighted code, a table of contents and tags bring their rules.
        let features = Features {
            code: story.body.code_classes,
            toc: view.show_toc && !view.toc.is_empty(),
            tags: !view.tag_links.is_empty(),
            listing: false,
            newsroom: !view.corrections.is_empty() || view.live.is_some(),
        };
        let (stylesheet, style_hash) =
            styles::for_page(&templates.stylesheet, &templates.stylesheet_hash, features);
        chrome.csp = policy(&style_hash, Some(&csp::hash(&json_ld)));
        chrome.stylesheet = stylesheet;
        let context = StoryPage {
            chrome,
            page: view,
            share,
            json_ld,
        };
        let html = templates.render("story.html", &context)?;
        let mut files = vec![OutputFile {
            path: format!("{}index.html", story.url_path),
            bytes: html.into_bytes(),
        }];
        files.extend(shared.files);
        for file in &story.redirects {
            // From the redirect's folder (one `../` for each `/` in its path).
            let target = format!(
                "{}{}index.html",
                "../".repeat(file.matches('/').count()),
                story.url_path
            );
            let redirect = RedirectPage {
                site,
                csp: policy(&templates.stylesheet_hash, None),
                title: &front.title,
                canonical: canonical.clone().unwrap_or_else(|| target.clone()),
                target,
            };
            let html = templates.render("redirect.html", &redirect)?;
            files.push(OutputFile {
                path: file.clone(),
                bytes: html.into_bytes(),
            });
        }
        // The images its feed entry points at, beside the page.
        for image in self.feed_images(story) {
            if let Some(bytes) = image.bytes(&story.body.html) {
                files.push(OutputFile {
                    path: format!("{}{}", story.url_path, image.name),
                    bytes,
                });
            }
        }
        // The local files the story links to, beside the page.
        for linked in &story.body.files {
            let bytes = std::fs::read(&linked.file).map_err(|e| {
                Diagnostic::error(format!(
                    "cannot read `{}`, which the story links to: {e}",
                    linked.file.display()
                ))
                .in_file(&story.source_path)
                .help("check that the file is readable, or remove the link")
            })?;
            files.push(OutputFile {
                path: format!("{}{}", story.url_path, linked.path),
                bytes,
            });
        }
        Ok(files)
    }

    /// The "More from" links of the story at `current` (or of the front
    /// page): other stories newest first, then the configured links.
    pub(crate) fn more_from(&self, current: Option<usize>, root: &str) -> Vec<LinkView> {
        let count = self.config.more_from.count;
        // On the front page (no current story) every story is already listed.
        let others = self
            .stories
            .iter()
            .enumerate()
            .filter(|(i, _)| current.is_some_and(|c| c != *i));
        let stories = others.map(|(_, s)| LinkView {
            title: s.front.title.clone(),
            url: page::link_to(root, s),
            date: s.front.date.map(|d| d.iso()),
        });
        let links = self.config.more_from.links.iter().map(|l| LinkView {
            title: l.title.clone(),
            url: l.url.clone(),
            date: None,
        });
        stories.chain(links).take(count).collect()
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

/// Puts stories in site order: newest first; undated ones last, by title.
pub(crate) fn sort_stories(stories: &mut [Story]) {
    stories.sort_by(|a, b| {
        let key = |s: &Story| s.front.date.map(|d| d.timestamp());
        key(b)
            .cmp(&key(a))
            .then_with(|| a.front.title.cmp(&b.front.title))
            .then_with(|| a.url_path.cmp(&b.url_path))
    });
}

/// The error for a content folder whose every story waits: drafts, or dated
/// in the future, or expired.
fn nothing_to_publish(content_dir: &Path, skipped: &[Skipped]) -> Diagnostic {
    let folder = content_dir.display();
    if skipped.iter().all(|s| s.why.is_draft()) {
        return Diagnostic::error(format!("the content folder `{folder}` holds only drafts"))
            .help("set draft = false (or published = true) in the front matter of the story to publish, or build with --drafts");
    }
    let mut flags: Vec<&str> = skipped.iter().map(|s| s.why.flag()).collect();
    flags.sort_unstable();
    flags.dedup();
    let reasons: Vec<String> = skipped
        .iter()
        .take(3)
        .map(|s| format!("{} is {}", s.path.display(), s.why))
        .collect();
    let more = if skipped.len() > 3 {
        format!(", and {} more", skipped.len() - 3)
    } else {
        String::new()
    };
    Diagnostic::error(format!(
        "the content folder `{folder}` holds no story to publish now: {}{more}",
        reasons.join("; ")
    ))
    .help(format!("build them anyway with {}", flags.join(" ")))
}

/// The story's tags, linking to their pages (the tags page at `tags/`).
fn tag_links(story: &Story, taxonomies: &[Taxonomy], root: &str) -> Vec<TagLink> {
    let Some(tags) = taxonomies.iter().find(|t| t.name == "tags") else {
        return Vec::new();
    };
    let mut links: Vec<TagLink> = Vec::with_capacity(story.front.tags.len());
    for term in story
        .front
        .tags
        .iter()
        .filter_map(|name| tags.term(name.trim()))
    {
        if !links.iter().any(|l| l.name == term.name) {
            let url = format!("{root}{}/{}/index.html", tags.slug, term.slug);
            links.push(TagLink {
                name: term.name.clone(),
                url,
                count: term.stories.len(),
            });
        }
    }
    links
}
