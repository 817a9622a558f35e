//! Image references resolved (the pixels are [`crate::photo`]'s): local
//! files are read, checked, put through the photo pipeline (upright,
//! metadata-free, resized, re-encoded) and inlined as `data:` URIs with
//! their size, so the page stays one self-contained file.
//!
//! Paths are resolved relative to the story, and may never leave the content
//! folder, neither by `..` nor through a symbolic link. Remote images are
//! refused unless the site opts in, because they make the page load from
//! another server; or downloaded at build time and inlined like local files
//! with `[images] fetch = true`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use std::sync::{Arc, Mutex};

use base64::Engine;

use crate::paths::{has_scheme, is_remote, normalize};
use crate::photo::{self, Photos, Processed};

/// An image ready to be written into an `<img>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSource {
    pub src: String,
    /// The intrinsic size, when known (always for local images).
    pub size: Option<(u64, u64)>,
    /// The upright size of the original file, before resizing.
    pub original_size: Option<(u64, u64)>,
}

impl ImageSource {
    /// An image the page refers to as written (a remote one, or one not
    /// processed), its size unknown.
    fn as_written(src: impl Into<String>) -> ImageSource {
        ImageSource {
            src: src.into(),
            size: None,
            original_size: None,
        }
    }
}

/// Why an image could not be used: what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageProblem {
    pub message: String,
    pub help: String,
}

/// Resolves image references for the stories of one content folder.
#[derive(Debug, Clone)]
pub struct ImageResolver {
    content_root: PathBuf,
    /// Where root-relative paths (`/images/a.png`) are looked for besides
    /// the content folder: the site's `static/` folder (Zola, Hugo).
    site_roots: Vec<PathBuf>,
    /// The site's origin (`https://example.com`) for a root-relative image
    /// that is not here, when remote images are allowed.
    site_url: String,
    allow_remote: bool,
    /// Every local file resolved so far (canonical paths), shared by clones.
    used: Arc<Mutex<BTreeSet<PathBuf>>>,
    /// The pipeline every image goes through, shared by clones.
    photos: Arc<Photos>,
}

/// An image found, and what the story should be told about it.
pub type Resolved = (ImageSource, Option<ImageProblem>);

impl ImageResolver {
    /// `content_root` must exist; it is canonicalised here once. Images
    /// are processed with the default settings and no cache until
    /// [`ImageResolver::with_photos`] says otherwise.
    pub fn new(content_root: &Path, allow_remote: bool) -> std::io::Result<Self> {
        Ok(ImageResolver {
            content_root: content_root.canonicalize()?,
            site_roots: Vec::new(),
            site_url: String::new(),
            allow_remote,
            used: Arc::default(),
            photos: Arc::new(Photos::new(photo::Settings::default(), None)),
        })
    }

    /// The same resolver, processing images with `photos`.
    pub(crate) fn with_photos(mut self, photos: Arc<Photos>) -> Self {
        self.photos = photos;
        self
    }

    /// Also looks for root-relative paths in `roots` (canonicalised), and
    /// refers to those found nowhere at `site_url` when remote images are
    /// allowed.
    pub fn with_site(mut self, roots: &[PathBuf], site_url: &str) -> Self {
        self.site_roots = roots.iter().filter_map(|r| r.canonicalize().ok()).collect();
        self.site_url = site_url.to_string();
        self
    }

    /// Whether images may stay on other servers (`allow_remote`): then a
    /// root-relative one found nowhere here is the site server's.
    pub(crate) fn allows_remote(&self) -> bool {
        self.allow_remote
    }

    /// The local files resolved so far (canonical paths): the files the
    /// stories use.
    pub(crate) fn used(&self) -> BTreeSet<PathBuf> {
        self.used
            .lock()
            .map(|used| used.clone())
            .unwrap_or_default()
    }

    /// Resolves `reference`, as written in the story at `story_dir`.
    pub fn resolve(&self, story_dir: &Path, reference: &str) -> Result<ImageSource, ImageProblem> {
        self.resolve_noting(story_dir, reference)
            .map(|(image, _)| image)
    }

    /// The local file `reference` names, if there is one.
    pub fn file_of(&self, story_dir: &Path, reference: &str) -> Option<PathBuf> {
        let decoded = percent_encoding::percent_decode_str(reference.trim()).decode_utf8_lossy();
        let relative = Path::new(decoded.as_ref());
        match relative.strip_prefix("/") {
            Ok(from_root) => self
                .roots()
                .map(|root| root.join(from_root))
                .find(|f| f.is_file()),
            Err(_) => Some(story_dir.join(relative)).filter(|f| f.is_file()),
        }
    }

    fn roots(&self) -> impl Iterator<Item = &PathBuf> {
        std::iter::once(&self.content_root).chain(&self.site_roots)
    }

    /// [`Self::resolve`], with a note for the story when the image is not
    /// what it seems (a root-relative path found nowhere here, left as a
    /// reference to the site's server).
    pub fn resolve_noting(
        &self,
        story_dir: &Path,
        reference: &str,
    ) -> Result<Resolved, ImageProblem> {
        let reference = reference.trim();
        let lower = reference.to_ascii_lowercase();
        if is_remote(reference) || reference.starts_with("//") {
            if self.photos.fetches() {
                let url = if reference.starts_with("//") {
                    format!("https:{reference}")
                } else {
                    reference.to_string()
                };
                let bytes = self.photos.fetch(&url).map_err(|reason| ImageProblem {
                    message: format!("the image `{url}` could not be downloaded: {reason}"),
                    help: "check the address in a browser; or download the image into the content folder and refer to it by its file name".to_string(),
                })?;
                return self.prepare(&url, &bytes).map(|image| (image, None));
            }
            if self.allow_remote {
                return Ok((ImageSource::as_written(reference), None));
            }
            return Err(ImageProblem {
                message: format!("the image `{reference}` is on another server, and broadside does not fetch it"),
                help: "set `fetch = true` under [images] in site.toml to download it at build time; or download it \
                       into the content folder beside the story and refer to it by its file name, e.g. \
                       ![Description](photo.jpg); or set `allow_remote = true` under [images] (the page then loads \
                       it from that server and is no longer self-contained)"
                    .to_string(),
            });
        }
        if lower.starts_with("data:image/") {
            return self.inlined(reference).map(|image| (image, None));
        }
        if has_scheme(reference) {
            return Err(ImageProblem {
                message: format!("the image `{reference}` has an address broadside cannot use"),
                help: "use a file in the content folder, e.g. ![Description](photo.jpg)"
                    .to_string(),
            });
        }
        let decoded = percent_encoding::percent_decode_str(reference).decode_utf8_lossy();
        let relative = Path::new(decoded.as_ref());
        if let Ok(from_root) = relative.strip_prefix("/") {
            return self.resolve_from_site_root(reference, from_root);
        }
        let outside = || ImageProblem {
            message: format!("the image path `{reference}` leaves the content folder"),
            help: format!(
                "copy the image into {} (beside the story) and refer to it from there",
                self.content_root.display()
            ),
        };
        let story_dir_abs = story_dir
            .canonicalize()
            .unwrap_or_else(|_| story_dir.to_path_buf());
        if !normalize(&story_dir_abs.join(relative)).starts_with(&self.content_root) {
            return Err(outside());
        }
        let joined = story_dir.join(relative);
        let Ok(real) = joined.canonicalize() else {
            let help = format!(
                "looked for {}; check the file name and where the file is",
                joined.display()
            );
            return Ok(missing(reference, help));
        };
        if !real.starts_with(&self.content_root) {
            // The path itself stays inside: a symbolic link leads out.
            let mut problem = outside();
            problem.message = format!(
                "the image path `{reference}` leaves the content folder through a symbolic link (to {})",
                real.display()
            );
            return Err(problem);
        }
        self.read(reference, &real).map(|image| (image, None))
    }

    /// The image at the canonical path `file`, found by other means (in
    /// another bundle, by the page's address), as `reference`.
    pub fn resolve_file(&self, file: &Path, reference: &str) -> Result<ImageSource, ImageProblem> {
        match file.canonicalize() {
            Ok(real) if real.starts_with(&self.content_root) => self.read(reference, &real),
            _ => Err(ImageProblem {
                message: format!("the image path `{reference}` leaves the content folder"),
                help: "refer to an image in the content folder".to_string(),
            }),
        }
    }

    /// A root-relative path (`/images/a.png`): in the content folder or
    /// the site's `static/` folder; else, when remote images are allowed,
    /// left as a reference to the site's server (where Jekyll, Hugo and
    /// Zola would have published it), with a note.
    fn resolve_from_site_root(
        &self,
        reference: &str,
        from_root: &Path,
    ) -> Result<Resolved, ImageProblem> {
        let looked: Vec<PathBuf> = self.roots().map(|root| root.join(from_root)).collect();
        let found = self.roots().zip(&looked).find_map(|(root, file)| {
            let real = file.canonicalize().ok()?;
            Some(if real.starts_with(root) {
                Ok(real)
            } else {
                Err(root)
            })
        });
        match found {
            Some(Ok(real)) => self.read(reference, &real).map(|image| (image, None)),
            Some(Err(root)) => Err(ImageProblem {
                message: format!(
                    "the image path `{reference}` leaves {} through a symbolic link",
                    root.display()
                ),
                help: "copy the image into the content folder and refer to it from there"
                    .to_string(),
            }),
            None => {
                let places = looked
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                if !self.allow_remote {
                    let help = format!(
                        "looked for {places}; copy the image there, or, if the site's server has it, set \
                         `allow_remote = true` under [images] in site.toml to refer to it there"
                    );
                    return Ok(missing(reference, help));
                }
                let src = format!("{}{reference}", self.site_url);
                let note = ImageProblem {
                    message: format!(
                        "the image `{reference}` is not in the content folder; the page refers to it at `{src}` on the site's server"
                    ),
                    help: format!("looked for {places}; copy the image there to inline it"),
                };
                Ok((ImageSource::as_written(src), Some(note)))
            }
        }
    }

    /// Reads and inlines the local image at the canonical path `real`.
    fn read(&self, reference: &str, real: &Path) -> Result<ImageSource, ImageProblem> {
        if let Ok(mut used) = self.used.lock() {
            used.insert(real.to_path_buf());
        }
        let bytes = std::fs::read(real).map_err(|e| ImageProblem {
            message: format!("the image `{reference}` cannot be read: {e}"),
            help: "check that the file is readable".to_string(),
        })?;
        self.prepare(reference, &bytes)
    }

    /// An image inlined already (`data:image/…;base64,…`): it may carry
    /// EXIF all the same, so it goes through the pipeline too. Bytes too
    /// few to hold a picture or metadata worth the name (a 1 × 1 spacer
    /// GIF) may stay as written even when they do not decode.
    fn inlined(&self, reference: &str) -> Result<ImageSource, ImageProblem> {
        let encoded = reference
            .split_once(";base64,")
            .map(|(_, data)| data.trim());
        match encoded.and_then(|d| base64::engine::general_purpose::STANDARD.decode(d).ok()) {
            Some(bytes) => self.prepare("the inlined image", &bytes).or_else(|p| {
                if bytes.len() < 100 {
                    Ok(ImageSource::as_written(reference))
                } else {
                    Err(p)
                }
            }),
            None => Ok(ImageSource::as_written(reference)),
        }
    }

    /// `bytes` through the photo pipeline, as a `data:` URI.
    fn prepare(&self, reference: &str, bytes: &[u8]) -> Result<ImageSource, ImageProblem> {
        let processed = self
            .photos
            .prepare(bytes)
            .map_err(|reason| problem(reference, bytes, &reason))?;
        Ok(data_uri(&processed))
    }
}

/// Why the file `reference` could not be used.
/// An image file that does not exist: the page keeps its address as
/// written (as Jekyll, Hugo and Zola publish it), with a warning.
fn missing(reference: &str, help: String) -> Resolved {
    let note = ImageProblem {
        message: format!(
            "the image `{reference}` does not exist; the page keeps its address as written"
        ),
        help,
    };
    (ImageSource::as_written(reference), Some(note))
}

fn problem(reference: &str, bytes: &[u8], reason: &str) -> ImageProblem {
    match photo::decode::sniff(bytes) {
        None => ImageProblem {
            message: format!("the file `{reference}` is not an image broadside can inline ({reason})"),
            help: "use a PNG, JPEG, GIF, WebP, AVIF or SVG file; the file's content decides, not its name".to_string(),
        },
        Some(photo::decode::Kind::Avif) if reason.contains("is HDR") => ImageProblem {
            message: format!("the image `{reference}` cannot be used: {reason}"),
            help: "export an SDR version of it (sRGB or Display P3), as AVIF, JPEG or PNG; broadside makes the small \
                   WebP for the page itself"
                .to_string(),
        },
        Some(_) => ImageProblem {
            message: format!("the image `{reference}` cannot be used: {reason}"),
            help: "open it in an image editor and save it again as JPEG, PNG or WebP".to_string(),
        },
    }
}

/// A processed image as an `<img>` source.
fn data_uri(processed: &Processed) -> ImageSource {
    let mut src = format!("data:{};base64,", processed.mime);
    base64::engine::general_purpose::STANDARD.encode_string(&processed.bytes, &mut src);
    ImageSource {
        src,
        size: Some((u64::from(processed.width), u64::from(processed.height))),
        original_size: Some((
            u64::from(processed.source_width),
            u64::from(processed.source_height),
        )),
    }
}
