//! broadside: one news story in Markdown to one self-contained HTML page.
//!
//! Data flows one way: the content folder is read into a [`Site`]
//! (settings, then each story's front matter and Markdown), the site is
//! rendered through the [`Templates`] into output files in memory, and the
//! files are written to the output folder in one atomic step.

pub mod addresses;
pub mod check;
pub mod config;
pub mod content;
mod csp;
pub mod date;
pub mod error;
mod fingerprint;
pub mod frontmatter;
mod html;
pub mod images;
pub mod import;
pub mod init;
pub mod lang;
mod listing;
pub mod markdown;
pub mod newsroom;
pub mod output;
pub mod page;
mod parallel;
mod paths;
pub(crate) mod photo;
pub mod render;
pub(crate) mod sanitize;
pub mod serve;
pub mod site;
mod styles;
pub mod unbuilt;

use std::path::{Path, PathBuf};

pub use error::{BuildFailure, Diagnostic};
pub use output::{FileSize, OutputFile};
pub use render::Templates;
pub use site::Site;

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub content_dir: PathBuf,
    /// None: the embedded default templates.
    pub templates_dir: Option<PathBuf>,
    pub out_dir: PathBuf,
    /// Overrides `base_url` in site.toml.
    pub base_url: Option<String>,
    /// Stories that are not public yet (or any more) to build anyway.
    pub include: unbuilt::Include,
    /// Replace an output folder broadside did not make (`--force`).
    pub force: bool,
    /// Use no cache (`--no-cache`): render every page even when nothing
    /// changed since the last build of the output, and process every image
    /// afresh, neither reading nor filling the image cache.
    pub no_cache: bool,
    /// Serve mode: every page carries the script that reloads it when the
    /// site is rebuilt. None for the files a build writes.
    pub live_reload: Option<LiveReload>,
}

/// What a page of `broadside serve` needs to reload itself: the templates
/// render [`LiveReload::SCRIPT`] with these two values as attributes, and
/// the page's Content-Security-Policy allows that script by its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveReload {
    /// The path the script asks for the next build (long polling).
    pub endpoint: String,
    /// Names the build the page comes from.
    pub tag: String,
}

impl LiveReload {
    /// The reload script; it reads the endpoint and the tag from its
    /// `<script>` element, so its text, and its hash, never change.
    pub const SCRIPT: &'static str = include_str!("serve/reload.js");
}

/// A finished build, in memory.
#[derive(Debug)]
pub struct Built {
    /// Every file, when the site was built in memory ([`build_in_memory`]);
    /// empty after [`build`], which writes each file as it is rendered.
    pub files: Vec<OutputFile>,
    /// Every file of the site and its size, by path.
    pub written: Vec<FileSize>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// The settings the site was built with.
    pub config: config::SiteConfig,
    /// The stories read but not built (drafts, future, expired), and why.
    pub skipped: Vec<unbuilt::Skipped>,
    /// The files of the content folder that are neither a story nor used by one.
    pub unused: Vec<unbuilt::Unused>,
    /// Each story page, the file it came from and what its Markdown holds.
    pub story_sources: Vec<StorySource>,
    /// When a story built expires (the earliest, in seconds since the
    /// epoch): the site goes stale then by itself.
    pub expires: Option<i64>,
    /// Set when nothing changed since the last build of the output, so
    /// nothing was rendered or written: what that build wrote. `files` is
    /// empty then.
    pub unchanged: Option<output::Summary>,
    /// How many images were processed, and how many came from the cache.
    pub image_work: ImageWork,
    /// The stories the feeds leave out because they have no date.
    pub not_in_feeds: Vec<std::path::PathBuf>,
}

pub use photo::ImageWork;

/// A story page of a build: where it came from and the links and images
/// its Markdown holds, for `check` to report on.
#[derive(Debug, Clone)]
pub struct StorySource {
    /// The page, in the built site (`index.html`, `a/index.html`).
    pub page: String,
    /// The story's file.
    pub path: PathBuf,
    pub links: Vec<markdown::LinkFact>,
    pub images: Vec<markdown::ImageFact>,
    /// Where the lead image is named, when it has no alt text.
    pub lead_without_alt: Option<error::Location>,
    /// Where the description is written, when the front matter gives one.
    pub description_at: Option<error::Location>,
    /// The template tags of other generators it holds.
    pub tags: Vec<markdown::TagFact>,
    /// The headline's length in characters, and where `title` is written.
    pub title_chars: usize,
    pub title_at: Option<error::Location>,
    /// The width of the lead photo as the photographer's file has it
    /// (None for an SVG, a remote image, or no lead image).
    pub lead_width: Option<u64>,
    /// Where the lead image is named.
    pub lead_at: Option<error::Location>,
}

impl Built {
    pub fn bytes(&self) -> usize {
        match &self.unchanged {
            Some(summary) => usize::try_from(summary.bytes).unwrap_or(usize::MAX),
            None => self.written.iter().map(|f| f.bytes).sum(),
        }
    }

    /// A build skipped because nothing changed since the last one, which
    /// wrote what `summary` says.
    fn unchanged(options: &BuildOptions, summary: output::Summary) -> Result<Built, BuildFailure> {
        Ok(Built {
            files: Vec::new(),
            written: Vec::new(),
            pages: summary.pages,
            warnings: Vec::new(),
            config: config::SiteConfig::load(&options.content_dir)?,
            skipped: Vec::new(),
            unused: Vec::new(),
            story_sources: Vec::new(),
            expires: None,
            unchanged: Some(summary),
            image_work: ImageWork::default(),
            not_in_feeds: Vec::new(),
        })
    }
}

/// `SOURCE_DATE_EPOCH` (seconds since the Unix epoch) when it is set: the
/// one place it is read.
fn source_date_epoch_variable() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
}

/// The time stamp for anything that must carry one and has no date of its
/// own: `SOURCE_DATE_EPOCH` when set (reproducible builds), else 0.
pub fn source_date_epoch() -> i64 {
    source_date_epoch_variable().unwrap_or(0)
}

/// Now, in seconds since the Unix epoch, for what depends on the day of the
/// build (stories dated in the future, expired ones): `SOURCE_DATE_EPOCH`
/// when set, so a build can be repeated exactly; else the clock.
pub fn now() -> i64 {
    source_date_epoch_variable().unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    })
}

/// Told how far a build is: how many steps there are (each story is read,
/// then rendered), and each step done. The command decides how to show it.
pub trait Progress: Sync {
    fn total(&self, steps: u64);
    fn advance(&self);
}

/// No progress shown.
impl Progress for () {
    fn total(&self, _steps: u64) {}
    fn advance(&self) {}
}

/// Reads and renders the site without writing anything.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, BuildFailure> {
    build_in_memory_with_progress(options, &())
}

/// [`build_in_memory`], telling `progress` how far it is.
pub fn build_in_memory_with_progress(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<Built, BuildFailure> {
    let (site, templates) = load(options, progress)?;
    let live_reload = options.live_reload.as_ref();
    let files = site
        .render(&templates, source_date_epoch(), live_reload, progress)
        .map_err(|f| with_warnings(f, &site))?;
    let written = files
        .iter()
        .map(|f| FileSize {
            path: f.path.clone(),
            bytes: f.bytes.len(),
        })
        .collect();
    Ok(Built::of(site, files, written))
}

/// A failed build's diagnostics, with the warnings the site gave before.
fn with_warnings(mut failure: BuildFailure, site: &Site) -> BuildFailure {
    failure.diagnostics.extend(site.warnings.iter().cloned());
    failure
}

impl Built {
    /// The build of `site`, which made `files` (or `written`, when they
    /// were written as they were made).
    fn of(site: Site, files: Vec<OutputFile>, written: Vec<FileSize>) -> Built {
        let pages = written.iter().filter(|f| f.path.ends_with(".html")).count();
        let expires = site
            .stories
            .iter()
            .filter_map(|s| s.front.expiry)
            .map(|d| d.timestamp())
            .min();
        if let Some(cache) = &site.photos.cache {
            cache.prune();
        }
        let image_work = site.photos.work();
        let not_in_feeds = site
            .stories
            .iter()
            .filter(|s| site.config.base_url.is_some() && s.front.date.is_none())
            .map(|s| s.source_path.clone())
            .collect();
        let Site {
            config,
            stories,
            warnings,
            skipped,
            unused,
            ..
        } = site;
        let story_sources = stories
            .into_iter()
            .map(|s| StorySource {
                page: format!("{}index.html", s.url_path),
                path: s.source_path,
                links: s.body.links,
                images: s.body.images,
                lead_without_alt: s
                    .front
                    .places
                    .image
                    .clone()
                    .filter(|_| s.front.image_alt.is_none()),
                lead_at: s.front.places.image.clone(),
                description_at: s.front.places.description.clone(),
                tags: s.body.tags,
                title_chars: s.front.title.chars().count(),
                title_at: s.front.places.title.clone(),
                lead_width: s
                    .lead_image
                    .filter(|i| !i.src.starts_with("data:image/svg+xml"))
                    .and_then(|i| i.original_size)
                    .map(|(w, _)| w),
            })
            .collect();
        Built {
            files,
            written,
            pages,
            warnings,
            config,
            story_sources,
            skipped,
            unused,
            expires,
            unchanged: None,
            image_work,
            not_in_feeds,
        }
    }
}

/// Reads the site and compiles its templates, without rendering a page.
pub(crate) fn load(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<(Site, Templates), BuildFailure> {
    // The stories and the templates are independent: read and compile them
    // side by side, when there is more than one story to read.
    let (site, templates) =
        match site::Sources::read(&options.content_dir, options.base_url.as_deref()) {
            Ok(mut sources) => {
                sources.include = options.include;
                sources.no_cache = options.no_cache;
                let needs = sources.needs();
                parallel::join(
                    sources.paths.len() > 1,
                    || Site::from_sources(sources, progress),
                    || Templates::load_for(options.templates_dir.as_deref(), needs),
                )
            }
            Err(e) => (Err(e), Templates::load(options.templates_dir.as_deref())),
        };
    match (site, templates) {
        (Ok(site), Ok(templates)) => Ok((site, templates)),
        (site, templates) => {
            let mut diagnostics = Vec::new();
            if let Err(f) = site {
                diagnostics.extend(f.diagnostics);
            }
            if let Err(t) = templates {
                diagnostics.extend(t);
            }
            Err(diagnostics.into())
        }
    }
}

/// Builds the site and writes it to the output folder atomically, telling
/// `progress` how far it is.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<Built, BuildFailure> {
    let mut protected: Vec<&Path> = vec![&options.content_dir];
    if let Some(t) = &options.templates_dir {
        protected.push(t);
    }
    output::check_destination(&options.out_dir, &protected)?;
    let fingerprint = if options.no_cache {
        None
    } else {
        fingerprint::of_build(options)
    };
    if let Some(fingerprint) = &fingerprint
        && let Some(summary) = output::unchanged(&options.out_dir, fingerprint, now())
    {
        return Built::unchanged(options, summary);
    }
    let (site, templates) = load(options, progress)?;
    let kept_names = site.config.kept_names();
    // Only a build that has nothing to say is skipped next time: the
    // warnings and the stories left out would go unsaid.
    // Nor is one that fetches images: what a server answers is not an input
    // the fingerprint can see.
    let quiet = site.warnings.is_empty()
        && site.skipped.is_empty()
        && site.unused.is_empty()
        && !site.config.images.fetch;
    let expires = site
        .stories
        .iter()
        .filter_map(|s| s.front.expiry)
        .map(|d| d.timestamp())
        .min();
    let record = fingerprint
        .filter(|_| quiet)
        .map(|fingerprint| output::Recorded {
            fingerprint,
            expires,
        });
    // Each page is written as it is rendered, never the whole site held.
    let rendering = site::Rendering::new(
        &site,
        &templates,
        source_date_epoch(),
        options.live_reload.as_ref(),
        progress,
    );
    let written = keep_conflict(&site.config, &rendering, &options.content_dir)
        .map_err(BuildFailure::from)
        .and_then(|()| {
            output::write_site(
                &options.out_dir,
                &rendering,
                output::WriteOptions {
                    kept_names: &kept_names,
                    force: options.force,
                    record,
                },
            )
        });
    match written {
        Ok(written) => {
            let mut built = Built::of(site, Vec::new(), written.files);
            built.warnings.extend(written.warnings);
            Ok(built)
        }
        Err(failure) => Err(with_warnings(failure, &site)),
    }
}

/// Refuses a `[output] keep` that names a file or folder the site writes
/// at the top of the output: it cannot be both the user's and the build's.
fn keep_conflict(
    config: &config::SiteConfig,
    files: &dyn output::Files,
    content_dir: &Path,
) -> Result<(), Diagnostic> {
    let written = |name: &str| {
        files
            .paths()
            .iter()
            .any(|path| path.split('/').next() == Some(name))
    };
    let Some((i, name)) = config
        .output
        .keep
        .iter()
        .enumerate()
        .find(|(_, name)| written(name))
    else {
        return Ok(());
    };
    let site_toml = content_dir.join("site.toml");
    let mut d = Diagnostic::error(format!(
        "[output] keep names `{name}`, which the site itself writes"
    ))
    .in_file(&site_toml)
    .help("keep is for your own files in the output folder: take this name out of it");
    let steps = [
        config::Step::Key("output"),
        config::Step::Key("keep"),
        config::Step::Item(i),
    ];
    if let Some(location) = std::fs::read_to_string(&site_toml)
        .ok()
        .and_then(|text| config::locate(&text, &steps))
    {
        d = d.at(location);
    }
    Err(d)
}
