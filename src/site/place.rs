//! Where the site's pages go: each story's address (refusing two stories
//! at one), the redirect pages at old addresses, and the folders where
//! root-relative image paths are found; and the outlet's logo.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content::{self, Head, Story};
use crate::error::Diagnostic;
use crate::image_refs::{ImageProblem, ImageResolver};
use crate::migrate::SourceSite;
use crate::output::OutputFile;
use crate::paths::is_remote;

/// Gives each story its address and refuses two stories at one address.
pub(super) fn place(stories: &mut [Head], diagnostics: &mut Vec<Diagnostic>) {
    if stories.len() == 1 {
        stories[0].url_path = String::new();
        return;
    }
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    for story in stories.iter_mut() {
        match content::url_path_for(&story.front, &story.file) {
            Ok(url) => {
                if let Some(other) = taken.get(&url) {
                    diagnostics.push(
                        Diagnostic::error(format!(
                            "two stories would both be written to {url}index.html: this one and {}",
                            other.display()
                        ))
                        .in_file(&story.file.path)
                        .help("give one of them a different `slug` or `path` in its front matter"),
                    );
                } else {
                    taken.insert(url.clone(), story.file.path.clone());
                }
                story.url_path = url;
            }
            Err(d) => diagnostics.push(d),
        }
    }
}

/// Gives each story its redirect pages (`aliases`, an `.html` permalink);
/// an old address that is another story's page, or another story's old
/// address too, is left out with a warning.
pub(super) fn redirect(
    stories: &mut [Story],
    source: &SourceSite,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let pages: HashMap<String, PathBuf> = stories
        .iter()
        .map(|s| (format!("{}index.html", s.url_path), s.file.path.clone()))
        .collect();
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    for story in stories.iter_mut() {
        let (redirects, warnings) =
            content::redirects_for(&story.front, &story.url_path, &story.file, source);
        diagnostics.extend(warnings);
        for file in redirects {
            let other = pages.get(&file).or_else(|| taken.get(&file));
            if let Some(other) = other {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "the old address {file} is also {}'s; no redirect is written for this story",
                        other.display()
                    ))
                    .in_file(&story.file.path)
                    .help("take the address out of `aliases` in one of the two stories"),
                );
                continue;
            }
            taken.insert(file.clone(), story.file.path.clone());
            story.redirects.push(file);
        }
    }
}

/// The outlet's logo: its absolute URL, and the file to publish for it.
pub(super) fn logo(
    content_dir: &Path,
    config: &SiteConfig,
    images: &ImageResolver,
) -> Result<(Option<String>, Option<OutputFile>), Diagnostic> {
    let Some(logo) = &config.logo else {
        return Ok((None, None));
    };
    if is_remote(logo) {
        return Ok((Some(logo.clone()), None));
    }
    let site_toml = content_dir.join("site.toml");
    // A logo that is not there is a mistake in the settings: an error.
    let logo_error = |p: ImageProblem| {
        Diagnostic::error(format!("logo: {}", p.message))
            .in_file(&site_toml)
            .help(p.help)
    };
    match images.resolve_noting(content_dir, logo) {
        Ok((_, Some(note))) => return Err(logo_error(note)),
        Ok((_, None)) => {}
        Err(problem) => return Err(logo_error(problem)),
    }
    let Some(base) = config.base_url() else {
        return Ok((None, None));
    };
    let name = Path::new(logo)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(content_dir.join(logo)).map_err(|e| {
        Diagnostic::error(format!("cannot read the logo: {e}")).in_file(content_dir.join(logo))
    })?;
    Ok((
        Some(format!("{base}{name}")),
        Some(OutputFile { path: name, bytes }),
    ))
}

/// The writers' portraits, by id: a file of the content folder is put
/// through the photo pipeline and inlined; a URL is used as written when
/// remote images are allowed. A file that cannot be used is an error at
/// site.toml.
pub(super) fn author_images(
    content_dir: &Path,
    config: &SiteConfig,
    images: &ImageResolver,
    diagnostics: &mut Vec<Diagnostic>,
) -> std::collections::BTreeMap<String, crate::image_refs::ImageSource> {
    let site_toml = content_dir.join("site.toml");
    let mut found = std::collections::BTreeMap::new();
    for (id, author) in &config.authors {
        let Some(image) = author.image.as_deref() else {
            continue;
        };
        let remote = is_remote(image);
        if remote && !config.images.allow_remote {
            continue;
        }
        match images.resolve(content_dir, image) {
            Ok(source) => {
                found.insert(id.clone(), source);
            }
            Err(p) => diagnostics.push(
                Diagnostic::error(format!("[authors.{id}] image: {}", p.message))
                    .in_file(&site_toml)
                    .help(p.help),
            ),
        }
    }
    found
}
