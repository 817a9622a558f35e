//! Loading a site: the settings and the list of story files (`Sources`),
//! then every story read and placed (`Site::from_sources`), in site order.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Site;
use super::load_stories::{Loading, Stories, load_all};
use super::place::{self, logo};
use super::sections::{self, Section};
use crate::addresses::Addresses;
use crate::config::SiteConfig;
use crate::content::{self, FileInfo, LoadSettings, Story};
use crate::error::{BuildFailure, Diagnostic};
use crate::image_refs::ImageResolver;
use crate::markdown::MarkdownRenderer;
use crate::migrate::{self, SourceSite};
use crate::options::{BuildOptions, Environment, Progress};
use crate::output::OutputFile;
use crate::photo;
use crate::render::Needs;
use crate::unbuilt::{Include, NotAStory, Unused};

/// What a build reads before the stories: the settings and the list of
/// story files. Cheap, and enough to know which templates are needed.
#[derive(Debug)]
pub struct Sources {
    pub content_dir: PathBuf,
    pub config: SiteConfig,
    /// The story files, with what their places and names say.
    pub files: Vec<FileInfo>,
    /// The content folder's other files, for saying which are not used.
    pub others: Vec<Unused>,
    /// The stories that are not public to build anyway (none by default).
    pub include: Include,
    /// The clock and the environment the build was given.
    pub env: Environment,
    /// Process every image afresh, neither reading nor writing the cache.
    pub no_cache: bool,
}

impl Sources {
    pub fn read(options: &BuildOptions) -> Result<Sources, BuildFailure> {
        let content_dir = options.content_dir.as_path();
        let base_url = options.base_url.as_deref();
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
            files: found.stories,
            others: found.others,
            include: options.include,
            env: options.env.clone(),
            no_cache: options.no_cache,
        })
    }

    /// The optional templates this site will use.
    pub fn needs(&self) -> Needs {
        Needs {
            front_page: self.files.len() > 1,
            feeds: self.config.base_url.is_some(),
        }
    }
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
    /// The site this one was moved from.
    pub(crate) source: SourceSite,
}

impl std::fmt::Debug for Loader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loader")
            .field("content_dir", &self.content_dir)
            .finish_non_exhaustive()
    }
}

impl Site {
    /// Loads every story that `sources` found: the Markdown renderer made
    /// for the site, every story's front matter read, the stories placed,
    /// then rendered, then the files the build publishes besides them.
    pub fn from_sources(sources: Sources, progress: &dyn Progress) -> Result<Site, BuildFailure> {
        let Sources {
            content_dir,
            config,
            files,
            others,
            include,
            env,
            no_cache,
        } = sources;
        let source = SourceSite::find(&content_dir, &config.source)?;
        let addresses = site_addresses(&content_dir, &config, &source);
        let photos = photo::for_site(&config.images, &content_dir, no_cache, &env);
        let photos = Arc::new(photos);
        let markdown = markdown_renderer(&config, &source, &content_dir, &addresses, &photos)?;
        let mut loader = Loader {
            content_dir,
            addresses,
            markdown,
            include,
            now: env.now(),
            news: crate::newsroom::NewsSettings::new(&config),
            source,
        };
        let mut loaded = loader.load_all(&files, &others, config.limits.max_story_bytes, progress);
        let images = loader.markdown.images();
        let (logo_url, logo_file, author_images) = site_images(
            &loader.content_dir,
            &config,
            images,
            &mut loaded.diagnostics,
        );
        let Stories {
            mut stories,
            skipped,
            blank,
            mut sections,
            mut diagnostics,
        } = loaded;
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics.into());
        }
        sort_stories(&mut stories);
        loader.fill_sections(
            &mut sections,
            &stories,
            config.limits.max_story_bytes,
            &mut diagnostics,
        );
        let (static_files, feed_aliases) = migrate::published(
            &loader.source,
            taken_paths(&stories, &sections),
            &mut diagnostics,
        );
        let others = others
            .into_iter()
            .filter(|u| !sections.iter().any(|s| s.file.path == u.path))
            .collect();
        Ok(Site {
            config,
            stories,
            sections,
            skipped,
            unused: unused_files(others, blank, &loader.markdown, &static_files),
            warnings: diagnostics,
            logo_url,
            logo_file,
            author_images,
            static_files,
            feed_aliases,
            photos,
            loader,
        })
    }
}

impl Loader {
    /// Every story of `files` read, placed and rendered (see
    /// [`load_all`]); the addresses learn where each is.
    /// Each section's `_index.md` read and rendered, and its stories (of
    /// `stories`, in site order) given.
    fn fill_sections(
        &self,
        sections: &mut [Section],
        stories: &[Story],
        max_bytes: u64,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let settings = LoadSettings {
            markdown: &self.markdown,
            max_bytes,
            news: &self.news,
        };
        sections::fill(sections, stories, &settings, &self.addresses, diagnostics);
    }

    fn load_all(
        &mut self,
        files: &[FileInfo],
        others: &[Unused],
        max_bytes: u64,
        progress: &dyn Progress,
    ) -> Stories {
        let loading = Loading {
            settings: LoadSettings {
                markdown: &self.markdown,
                max_bytes,
                news: &self.news,
            },
            source: &self.source,
            content_dir: &self.content_dir,
            now: self.now,
            include: self.include,
            others,
        };
        load_all(files, &loading, &mut self.addresses, progress)
    }
}

/// The outlet's logo (its URL and file) and the authors' portraits, as
/// `site.toml` names them; their problems added to `diagnostics`.
fn site_images(
    content_dir: &Path,
    config: &SiteConfig,
    images: &ImageResolver,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<String>, Option<OutputFile>, AuthorImages) {
    let (logo_url, logo_file) = logo(content_dir, config, images).unwrap_or_else(|d| {
        diagnostics.push(d);
        (None, None)
    });
    let author_images = place::author_images(content_dir, config, images, diagnostics);
    (logo_url, logo_file, author_images)
}

/// The authors' portraits, by id.
type AuthorImages = std::collections::BTreeMap<String, crate::image_refs::ImageSource>;

/// Where the site's stories are published, the site's own addresses (its
/// base URL's, the old site's) taken as links to its pages.
fn site_addresses(content_dir: &Path, config: &SiteConfig, source: &SourceSite) -> Addresses {
    let mut addresses = Addresses::new(content_dir, config.base_url().as_deref());
    for url in config.base_url().iter().chain(&source.url) {
        addresses = addresses.with_origin(url);
    }
    addresses
}

/// The site's Markdown renderer: its images resolved in the content folder
/// and the site's static folders, through the photo pipeline; its
/// language, math and heading ids as the site (and the generator it was
/// moved from) has them.
fn markdown_renderer(
    config: &SiteConfig,
    source: &SourceSite,
    content_dir: &Path,
    addresses: &Addresses,
    photos: &Arc<photo::Photos>,
) -> Result<MarkdownRenderer, BuildFailure> {
    let images = ImageResolver::new(content_dir, config.images.allow_remote)
        .map_err(|e| {
            Diagnostic::error(format!("cannot read the content folder: {e}")).in_file(content_dir)
        })?
        .with_site(
            &crate::paths::static_folders(content_dir),
            &addresses.site_url,
        )
        .with_photos(photos.clone());
    Ok(
        MarkdownRenderer::new(images, !config.markdown.allow_unsafe_html)
            .with_language(&config.language, &config.strings)
            .with_math(config.markdown.math)
            .with_heading_ids(source.heading_style())
            .with_linkify(source.linkify),
    )
}

/// The output files the stories make: their pages, redirects and the
/// files beside them, which a file the old site published may not take.
fn taken_paths(stories: &[Story], sections: &[Section]) -> HashSet<String> {
    let section_pages = sections.iter().map(|s| format!("{}index.html", s.url_path));
    stories
        .iter()
        .flat_map(|story| {
            std::iter::once(format!("{}index.html", story.url_path))
                .chain(story.redirects.iter().cloned())
                .chain(
                    story
                        .body
                        .files
                        .iter()
                        .map(|f| format!("{}{}", story.url_path, f.path)),
                )
        })
        .chain(section_pages)
        .collect()
}

/// The content folder's files the build does not use: those that are no
/// story, and those no story shows or links to and the old site did not
/// publish; with the files that read as no story (`blank`).
fn unused_files(
    others: Vec<Unused>,
    blank: Vec<Unused>,
    markdown: &MarkdownRenderer,
    static_files: &[(String, PathBuf)],
) -> Vec<Unused> {
    let mut used = markdown.images().used();
    used.extend(
        static_files
            .iter()
            .filter_map(|(_, f)| f.canonicalize().ok()),
    );
    others
        .into_iter()
        .filter(|u| {
            u.why != NotAStory::NotUsed || u.path.canonicalize().is_ok_and(|p| !used.contains(&p))
        })
        .chain(blank)
        .collect()
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
