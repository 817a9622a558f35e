//! The one pipeline of a build, as named steps: decide whether anything
//! changed ([`fingerprint`](crate::fingerprint)), load the site and its
//! templates ([`load`]), refuse settings the site contradicts
//! ([`keep_conflict`]), render every page and hand each to where it goes,
//! then tidy the image cache. `build` and `check` (and the tests) run the
//! same steps; they differ only in where the files go: into the output
//! folder, swapped in atomically, or into memory.

use std::path::Path;

use crate::config::{self, SiteConfig};
use crate::error::{BuildFailure, Diagnostic, Location};
use crate::markdown;
use crate::options::{BuildOptions, Progress};
use crate::output::{self, FileSize, OutputFile};
use crate::photo::ImageWork;
use crate::render::Templates;
use crate::site::{self, Site};
use crate::unbuilt;
use crate::{fingerprint, parallel};

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
    pub config: SiteConfig,
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
    /// What the build changed in the output folder, when
    /// [`BuildOptions::changes`] asks (nothing, when it was skipped).
    pub changes: Option<output::Changes>,
    /// The stories the feeds leave out because they have no date.
    pub not_in_feeds: Vec<std::path::PathBuf>,
}

/// A story page of a build: where it came from and the links and images
/// its Markdown holds, for `check` to report on.
#[derive(Debug, Clone)]
pub struct StorySource {
    /// The page, in the built site (`index.html`, `a/index.html`).
    pub page: String,
    /// The story's file.
    pub path: std::path::PathBuf,
    pub links: Vec<markdown::LinkFact>,
    pub images: Vec<markdown::ImageFact>,
    /// Where the lead image is named, when it has no alt text.
    pub lead_without_alt: Option<Location>,
    /// Where the description is written, when the front matter gives one.
    pub description_at: Option<Location>,
    /// The template tags of other generators it holds.
    pub tags: Vec<markdown::TagFact>,
    /// The headline's length in characters, and where `title` is written.
    pub title_chars: usize,
    pub title_at: Option<Location>,
    /// The width of the lead photo as the photographer's file has it
    /// (None for an SVG, a remote image, or no lead image).
    pub lead_width: Option<u64>,
    /// Where the lead image is named.
    pub lead_at: Option<Location>,
}

impl Built {
    pub fn bytes(&self) -> usize {
        match &self.unchanged {
            Some(summary) => usize::try_from(summary.bytes).unwrap_or(usize::MAX),
            None => self.written.iter().map(|f| f.bytes).sum(),
        }
    }
}

/// Where a build's files go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Destination {
    /// The output folder, swapped in with one atomic step.
    Disk,
    /// Memory: for `check` and the tests.
    Memory,
}

/// Builds the site and writes it to the output folder atomically, telling
/// `progress` how far it is.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<Built, BuildFailure> {
    run(options, progress, Destination::Disk)
}

/// Reads and renders the site without writing anything.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, BuildFailure> {
    run(options, &(), Destination::Memory)
}

/// [`build_in_memory`], telling `progress` how far it is.
pub fn build_in_memory_with_progress(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<Built, BuildFailure> {
    run(options, progress, Destination::Memory)
}

/// The steps of every build; `to` says only where the files go.
fn run(
    options: &BuildOptions,
    progress: &dyn Progress,
    to: Destination,
) -> Result<Built, BuildFailure> {
    let destination = match to {
        Destination::Disk => check_destination(options),
        Destination::Memory => Ok(()),
    };
    let fingerprint = match to {
        Destination::Disk if destination.is_ok() && !options.no_cache => {
            fingerprint::of_build(options, &output::last_inputs(&options.out_dir))
        }
        _ => None,
    };
    if let Some((fingerprint, _)) = &fingerprint
        && let Some(summary) = output::unchanged(&options.out_dir, fingerprint, options.env.now())
    {
        return unchanged(options, summary);
    }
    // Every problem at once: a refused output folder and what is wrong
    // with the site are said together.
    let (site, templates) = match (destination, load(options, progress)) {
        (Ok(()), Ok(loaded)) => loaded,
        (destination, loaded) => return Err(refused_and_failed(options, to, destination, loaded)),
    };
    if (options.strict || site.config.build.strict) && !site.warnings.is_empty() {
        let kept = site.config.kept_names();
        let mut failure = crate::error::strict(site.warnings);
        if to == Destination::Disk && !options.force {
            failure
                .diagnostics
                .extend(output::refusal_before_building(&options.out_dir, &kept));
        }
        return Err(failure);
    }
    // Each page is handed on as it is rendered, never the whole site held
    // on its way to the disk.
    let rendering = site::Rendering::new(
        &site,
        &templates,
        options.env.stamp(),
        options.live_reload.as_ref(),
        progress,
    );
    let made = keep_conflict(&site.config, &rendering, &options.content_dir)
        .map_err(BuildFailure::from)
        .and_then(|()| match to {
            Destination::Disk => {
                let record =
                    fingerprint
                        .filter(|_| is_quiet(&site))
                        .map(|(fingerprint, inputs)| output::Recorded {
                            fingerprint,
                            inputs,
                            expires: expiry(&site),
                        });
                let kept_names = site.config.kept_names();
                let write = output::WriteOptions {
                    kept_names: &kept_names,
                    force: options.force,
                    record,
                    changes: options.changes,
                };
                let written = output::write_site(&options.out_dir, &rendering, write)?;
                Ok((Vec::new(), written.files, written.warnings, written.changes))
            }
            Destination::Memory => {
                let files = output::in_memory(&rendering)?;
                let written = files.iter().map(FileSize::of).collect();
                Ok((files, written, Vec::new(), None))
            }
        });
    drop(rendering);
    match made {
        Ok((files, written, warnings, changes)) => {
            if let Some(cache) = &site.photos.cache {
                cache.prune();
            }
            let mut built = summarise(site, files, written);
            built.warnings.extend(warnings);
            built.changes = changes;
            Ok(built)
        }
        Err(mut failure) => {
            failure.diagnostics.extend(site.warnings.iter().cloned());
            Err(failure)
        }
    }
}

/// The diagnostics of a build that stops before writing: the output
/// folder's refusal (where it lies, or whose it is) and the site's own.
fn refused_and_failed(
    options: &BuildOptions,
    to: Destination,
    destination: Result<(), Diagnostic>,
    loaded: Result<(Site, Templates), BuildFailure>,
) -> BuildFailure {
    let mut diagnostics = match loaded {
        Ok((site, _)) => site.warnings,
        Err(failure) => failure.diagnostics,
    };
    match destination {
        Err(refused) => diagnostics.push(refused),
        Ok(()) if to == Destination::Disk && !options.force => {
            let kept = SiteConfig::load(&options.content_dir)
                .map(|c| c.kept_names())
                .unwrap_or_else(|_| vec!["CNAME".to_string()]);
            diagnostics.extend(output::refusal_before_building(&options.out_dir, &kept));
        }
        Ok(()) => {}
    }
    diagnostics.into()
}

/// Refuses an output folder that would hold the content or the templates
/// (or worse): before anything is read.
fn check_destination(options: &BuildOptions) -> Result<(), Diagnostic> {
    let mut protected: Vec<&Path> = vec![&options.content_dir];
    if let Some(t) = &options.templates_dir {
        protected.push(t);
    }
    output::check_destination(&options.out_dir, &protected)
}

/// A build skipped because nothing changed since the last one, which
/// wrote what `summary` says.
fn unchanged(options: &BuildOptions, summary: output::Summary) -> Result<Built, BuildFailure> {
    Ok(Built {
        files: Vec::new(),
        written: Vec::new(),
        pages: summary.pages,
        warnings: Vec::new(),
        config: SiteConfig::load(&options.content_dir)?,
        skipped: Vec::new(),
        unused: Vec::new(),
        story_sources: Vec::new(),
        expires: None,
        unchanged: Some(summary),
        image_work: ImageWork::default(),
        changes: options.changes.then(output::Changes::default),
        not_in_feeds: Vec::new(),
    })
}

/// Reads the site and compiles its templates, without rendering a page.
pub(crate) fn load(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<(Site, Templates), BuildFailure> {
    // The stories and the templates are independent: read and compile them
    // side by side, when there is more than one story to read.
    let (site, templates) = match site::Sources::read(options) {
        Ok(sources) => {
            let needs = if options.every_template {
                crate::render::Needs::all()
            } else {
                sources.needs()
            };
            parallel::join(
                sources.files.len() > 1,
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

/// Whether a build of `site` has nothing to say, so the next one may be
/// skipped: the warnings and the stories left out would go unsaid. Nor is
/// one that fetches images: what a server answers is not an input the
/// fingerprint can see.
fn is_quiet(site: &Site) -> bool {
    site.warnings.is_empty()
        && site.skipped.is_empty()
        && site.unused.is_empty()
        && !site.config.images.fetch
}

/// When the first story of `site` expires, in seconds since the epoch.
fn expiry(site: &Site) -> Option<i64> {
    site.stories
        .iter()
        .filter_map(|s| s.front.expiry)
        .map(|d| d.timestamp())
        .min()
}

/// The build of `site`, which made `files` (or `written`, when they were
/// written as they were made).
fn summarise(site: Site, files: Vec<OutputFile>, written: Vec<FileSize>) -> Built {
    let pages = written.iter().filter(|f| f.path.ends_with(".html")).count();
    let expires = expiry(&site);
    let image_work = site.photos.work();
    let not_in_feeds = site
        .stories
        .iter()
        .filter(|s| site.config.base_url.is_some() && s.front.date.is_none())
        .map(|s| s.file.path.clone())
        .collect();
    let Site {
        config,
        stories,
        warnings,
        skipped,
        unused,
        ..
    } = site;
    let story_sources = stories.into_iter().map(story_source).collect();
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
        changes: None,
    }
}

/// What `check` is told of one story page.
fn story_source(s: crate::content::Story) -> StorySource {
    StorySource {
        page: format!("{}index.html", s.url_path),
        lead_without_alt: s
            .front
            .places
            .image
            .clone()
            .filter(|_| s.front.image_alt.is_none()),
        lead_at: s.front.places.image.clone(),
        description_at: s.front.places.description.clone(),
        title_chars: s.front.title.chars().count(),
        title_at: s.front.places.title.clone(),
        lead_width: s
            .lead_image
            .filter(|i| !i.src.starts_with("data:image/svg+xml"))
            .and_then(|i| i.original_size)
            .map(|(w, _)| w),
        path: s.file.path,
        links: s.body.links,
        images: s.body.images,
        tags: s.body.tags,
    }
}

/// Refuses a `[output] keep` that names a file or folder the site writes
/// at the top of the output: it cannot be both the user's and the build's.
fn keep_conflict(
    config: &SiteConfig,
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
