//! Loading a site: the settings and the list of story files (`Sources`),
//! then every story read and placed (`Site::from_sources`), in site order.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Site;
use super::place::{self, logo, place, redirect};
use crate::addresses::Addresses;
use crate::config::SiteConfig;
use crate::content::{self, FileInfo, LoadSettings, Story};
use crate::error::{BuildFailure, Diagnostic};
use crate::image_refs::ImageResolver;
use crate::markdown::MarkdownRenderer;
use crate::migrate::{self, SourceSite};
use crate::options::{BuildOptions, Environment, Progress};
use crate::parallel;
use crate::photo;
use crate::render::Needs;
use crate::unbuilt::{Include, NotAStory, Skipped, Unpublished, Unused};

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
    /// Loads every story that `sources` found.
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
        let now = env.now();
        let content_path = content_dir.clone();
        let content_dir = content_dir.as_path();
        let source = SourceSite::find(content_dir, &config.source)?;
        let mut addresses = Addresses::new(content_dir, config.base_url().as_deref());
        for url in config.base_url().iter().chain(&source.url) {
            addresses = addresses.with_origin(url);
        }
        let photos = Arc::new(photo::for_site(&config.images, content_dir, no_cache, &env));
        let images = ImageResolver::new(content_dir, config.images.allow_remote)
            .map_err(|e| {
                Diagnostic::error(format!("cannot read the content folder: {e}"))
                    .in_file(content_dir)
            })?
            .with_site(
                &crate::paths::static_folders(content_dir),
                &addresses.site_url,
            )
            .with_photos(photos.clone());
        let markdown = MarkdownRenderer::new(images, !config.markdown.allow_unsafe_html)
            .with_language(&config.language, &config.strings)
            .with_math(config.markdown.math)
            .with_heading_ids(source.heading_style())
            .with_linkify(source.linkify);
        let news = crate::newsroom::NewsSettings::new(&config);
        let settings = LoadSettings {
            markdown: &markdown,
            max_bytes: config.limits.max_story_bytes,
            news: &news,
        };
        progress.total(files.len() as u64 * 2);
        // Every story's front matter first: where each is published must be
        // known before any is rendered, for links between stories.
        let heads = parallel::map(&files, |file| {
            let head = content::read(file, settings.max_bytes);
            progress.advance();
            head
        });
        let mut diagnostics = Vec::new();
        let mut published = Vec::with_capacity(heads.len());
        let mut skipped = Vec::new();
        let mut blank = Vec::new();
        for (head, file) in heads.into_iter().zip(&files) {
            match head {
                Ok(Err(why)) => blank.push(Unused {
                    path: file.path.clone(),
                    why,
                }),
                Ok(Ok(head)) => match Unpublished::of(&head.front, now, include) {
                    None => published.push(head),
                    Some(why) => {
                        addresses.add(&head.file, None);
                        let (path, warnings) = head.into_path_and_warnings();
                        diagnostics.extend(warnings);
                        skipped.push(Skipped { path, why });
                    }
                },
                Err(problems) => diagnostics.extend(problems),
            }
        }
        place(&mut published, &mut diagnostics);
        for head in &published {
            addresses.add(&head.file, Some(&head.url_path));
        }
        for head in &published {
            let (old, _) = content::redirects_for(&head.front, &head.url_path, &head.file, &source);
            for file in old {
                addresses.add_old(&file, &head.url_path);
            }
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
        redirect(&mut stories, &source, &mut diagnostics);
        if stories.is_empty() && !diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.push(nothing_to_publish(content_dir, &skipped, &blank));
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
        let taken = stories
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
            .collect();
        let (static_files, feed_aliases) = migrate::published(&source, taken, &mut diagnostics);
        let mut used = markdown.images().used();
        used.extend(
            static_files
                .iter()
                .filter_map(|(_, f)| f.canonicalize().ok()),
        );
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
            source,
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
            static_files,
            feed_aliases,
            photos,
            loader,
        })
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
fn nothing_to_publish(
    content_dir: &Path,
    skipped: &[Skipped],
    not_stories: &[Unused],
) -> Diagnostic {
    let folder = content_dir.display();
    if skipped.is_empty() {
        let files: Vec<String> = not_stories
            .iter()
            .take(3)
            .map(|u| format!("{} ({})", u.path.display(), u.why))
            .collect();
        return Diagnostic::error(format!(
            "the content folder `{folder}` holds no story: {}",
            files.join(", ")
        ))
        .help("a story starts with front matter holding a title, e.g. `+++`, `title = \"Your headline\"`, `+++`, then its text");
    }
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
