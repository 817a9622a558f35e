//! broadside: one news story in Markdown to one self-contained HTML page.
//!
//! Data flows one way: the content folder is read into a [`Site`]
//! (settings, then each story's front matter and Markdown), the site is
//! rendered through the [`Templates`] into output files in memory, and the
//! files are written to the output folder in one atomic step.

pub mod check;
pub mod config;
pub mod content;
pub mod date;
pub mod error;
pub mod frontmatter;
pub mod images;
pub mod init;
pub mod markdown;
pub mod output;
pub mod page;
pub mod render;
pub mod serve;
pub mod site;
pub mod unbuilt;

use std::path::{Path, PathBuf};

use indicatif::ProgressBar;

pub use error::{BuildFailure, Diagnostic};
pub use output::OutputFile;
pub use render::Templates;
pub use site::Site;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content_dir: PathBuf,
    /// None: the embedded default templates.
    pub templates_dir: Option<PathBuf>,
    pub out_dir: PathBuf,
    /// Overrides `base_url` in site.toml.
    pub base_url: Option<String>,
    /// Stories that are not public yet (or any more) to build anyway.
    pub include: unbuilt::Include,
}

/// A finished build, in memory.
#[derive(Debug)]
pub struct Built {
    pub files: Vec<OutputFile>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// The settings the site was built with.
    pub config: config::SiteConfig,
    /// Each story page (`index.html`, `a/index.html`) and the file it came from.
    pub story_sources: Vec<(String, PathBuf)>,
    /// The stories read but not built (drafts, future, expired), and why.
    pub skipped: Vec<unbuilt::Skipped>,
    /// The files of the content folder that are neither a story nor used by one.
    pub unused: Vec<unbuilt::Unused>,
}

impl Built {
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|f| f.bytes.len()).sum()
    }
}

/// `SOURCE_DATE_EPOCH` (seconds since the Unix epoch) when it is set: the
/// one place it is read.
fn source_date_epoch_variable() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse().ok())
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

/// Reads and renders the site without writing anything.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, BuildFailure> {
    build_in_memory_with_progress(options, &ProgressBar::hidden())
}

/// [`build_in_memory`], showing progress on `progress` (hidden or not).
pub fn build_in_memory_with_progress(options: &BuildOptions, progress: &ProgressBar) -> Result<Built, BuildFailure> {
    // The stories and the templates are independent: read and compile them
    // side by side. Compiling templates is most of the work for one story.
    let (site, templates) = match site::Sources::read(&options.content_dir, options.base_url.as_deref()) {
        Ok(mut sources) => {
            sources.include = options.include;
            let needs = sources.needs();
            rayon::join(
                || Site::from_sources(sources, progress),
                || Templates::load_for(options.templates_dir.as_deref(), needs),
            )
        }
        Err(e) => (Err(e), Templates::load(options.templates_dir.as_deref())),
    };
    let (site, templates) = match (site, templates) {
        (Ok(site), Ok(templates)) => (site, templates),
        (site, templates) => {
            let mut diagnostics = Vec::new();
            if let Err(f) = site {
                diagnostics.extend(f.diagnostics);
            }
            if let Err(t) = templates {
                diagnostics.extend(t);
            }
            return Err(diagnostics.into());
        }
    };
    let files = site.render_with_progress(&templates, source_date_epoch(), progress).map_err(|mut f| {
        f.diagnostics.extend(site.warnings.iter().cloned());
        f
    })?;
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let story_sources =
        site.stories.iter().map(|s| (format!("{}index.html", s.url_path), s.source_path.clone())).collect();
    Ok(Built {
        files,
        pages,
        warnings: site.warnings,
        config: site.config,
        story_sources,
        skipped: site.skipped,
        unused: site.unused,
    })
}

/// Builds the site and writes it to the output folder atomically.
pub fn build(options: &BuildOptions) -> Result<Built, BuildFailure> {
    build_with_progress(options, &ProgressBar::hidden())
}

/// [`build`], showing progress on `progress` (hidden or not).
pub fn build_with_progress(options: &BuildOptions, progress: &ProgressBar) -> Result<Built, BuildFailure> {
    let mut protected: Vec<&Path> = vec![&options.content_dir];
    if let Some(t) = &options.templates_dir {
        protected.push(t);
    }
    output::check_destination(&options.out_dir, &protected)?;
    let built = build_in_memory_with_progress(options, progress)?;
    progress.finish_and_clear();
    output::write_site(&options.out_dir, &built.files).map_err(|d| {
        let mut f = BuildFailure::from(d);
        f.diagnostics.extend(built.warnings.iter().cloned());
        f
    })?;
    Ok(built)
}
