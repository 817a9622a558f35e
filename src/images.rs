//! Images: local files are read, checked and inlined as `data:` URIs with
//! their intrinsic size, so the page stays one self-contained file.
//!
//! Paths are resolved relative to the story, and may never leave the content
//! folder, neither by `..` nor through a symbolic link. Remote images are
//! refused unless the site opts in, because they make the page load from
//! another server.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::paths::normalize;
use std::sync::{Arc, Mutex};

use base64::Engine;

/// An image ready to be written into an `<img>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSource {
    pub src: String,
    /// The intrinsic size, when known (always for local images).
    pub size: Option<(u64, u64)>,
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
}

/// An image found, and what the story should be told about it.
pub type Resolved = (ImageSource, Option<ImageProblem>);

impl ImageResolver {
    /// `content_root` must exist; it is canonicalised here once.
    pub fn new(content_root: &Path, allow_remote: bool) -> std::io::Result<Self> {
        Ok(ImageResolver {
            content_root: content_root.canonicalize()?,
            site_roots: Vec::new(),
            site_url: String::new(),
            allow_remote,
            used: Arc::default(),
        })
    }

    /// Also looks for root-relative paths in `roots` (canonicalised), and
    /// refers to those found nowhere at `site_url` when remote images are
    /// allowed.
    pub fn with_site(mut self, roots: &[PathBuf], site_url: &str) -> Self {
        self.site_roots = roots.iter().filter_map(|r| r.canonicalize().ok()).collect();
        self.site_url = site_url.to_string();
        self
    }

    /// The local files resolved so far (canonical paths): the files the
    /// stories use.
    pub(crate) fn used(&self) -> BTreeSet<PathBuf> {
        self.used.lock().map(|used| used.clone()).unwrap_or_default()
    }

    /// Resolves `reference`, as written in the story at `story_dir`.
    pub fn resolve(&self, story_dir: &Path, reference: &str) -> Result<ImageSource, ImageProblem> {
        self.resolve_noting(story_dir, reference).map(|(image, _)| image)
    }

    /// The local file `reference` names, if there is one.
    pub fn file_of(&self, story_dir: &Path, reference: &str) -> Option<PathBuf> {
        let decoded = percent_encoding::percent_decode_str(reference.trim()).decode_utf8_lossy();
        let relative = Path::new(decoded.as_ref());
        match relative.strip_prefix("/") {
            Ok(from_root) => self.roots().map(|root| root.join(from_root)).find(|f| f.is_file()),
            Err(_) => Some(story_dir.join(relative)).filter(|f| f.is_file()),
        }
    }

    fn roots(&self) -> impl Iterator<Item = &PathBuf> {
        std::iter::once(&self.content_root).chain(&self.site_roots)
    }

    /// [`Self::resolve`], with a note for the story when the image is not
    /// what it seems (a root-relative path found nowhere here, left as a
    /// reference to the site's server).
    pub fn resolve_noting(&self, story_dir: &Path, reference: &str) -> Result<Resolved, ImageProblem> {
        let reference = reference.trim();
        let lower = reference.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
            if self.allow_remote {
                return Ok((ImageSource { src: reference.to_string(), size: None }, None));
            }
            return Err(ImageProblem {
                message: format!("the image `{reference}` is on another server, and broadside does not fetch it"),
                help: "download it into the content folder beside the story and refer to it by its file name, \
                       e.g. ![Description](photo.jpg); or set `allow_remote = true` under [images] in site.toml \
                       (the page then loads it from that server and is no longer self-contained)"
                    .to_string(),
            });
        }
        if lower.starts_with("data:image/") {
            return Ok((ImageSource { src: reference.to_string(), size: None }, None));
        }
        if has_scheme(reference) {
            return Err(ImageProblem {
                message: format!("the image `{reference}` has an address broadside cannot use"),
                help: "use a file in the content folder, e.g. ![Description](photo.jpg)".to_string(),
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
        let story_dir_abs = story_dir.canonicalize().unwrap_or_else(|_| story_dir.to_path_buf());
        if !normalize(&story_dir_abs.join(relative)).starts_with(&self.content_root) {
            return Err(outside());
        }
        let joined = story_dir.join(relative);
        let real = joined.canonicalize().map_err(|_| ImageProblem {
            message: format!("the image `{reference}` does not exist"),
            help: format!("looked for {}; check the file name and where the file is", joined.display()),
        })?;
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
    fn resolve_from_site_root(&self, reference: &str, from_root: &Path) -> Result<Resolved, ImageProblem> {
        let looked: Vec<PathBuf> = self.roots().map(|root| root.join(from_root)).collect();
        let found = self.roots().zip(&looked).find_map(|(root, file)| {
            let real = file.canonicalize().ok()?;
            Some(if real.starts_with(root) { Ok(real) } else { Err(root) })
        });
        match found {
            Some(Ok(real)) => self.read(reference, &real).map(|image| (image, None)),
            Some(Err(root)) => Err(ImageProblem {
                message: format!("the image path `{reference}` leaves {} through a symbolic link", root.display()),
                help: "copy the image into the content folder and refer to it from there".to_string(),
            }),
            None => {
                let places = looked.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
                if !self.allow_remote {
                    return Err(ImageProblem {
                        message: format!("the image `{reference}` does not exist"),
                        help: format!(
                            "looked for {places}; copy the image there, or, if the site's server has it, set \
                             `allow_remote = true` under [images] in site.toml to refer to it there"
                        ),
                    });
                }
                let src = format!("{}{reference}", self.site_url);
                let note = ImageProblem {
                    message: format!("the image `{reference}` is not in the content folder; the page refers to it at `{src}` on the site's server"),
                    help: format!("looked for {places}; copy the image there to inline it"),
                };
                Ok((ImageSource { src, size: None }, Some(note)))
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
        inline(reference, &bytes)
    }
}

/// True when `reference` starts with a URL scheme such as `ftp:`.
pub(crate) fn has_scheme(reference: &str) -> bool {
    match reference.find(':') {
        Some(i) => {
            let scheme = &reference[..i];
            !scheme.is_empty()
                && scheme.len() > 1 // a Windows drive letter is not a scheme
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Checks that `bytes` are an image and makes a `data:` URI of them.
pub fn inline(reference: &str, bytes: &[u8]) -> Result<ImageSource, ImageProblem> {
    let not_an_image = || ImageProblem {
        message: format!("the file `{reference}` is not an image broadside can inline"),
        help: "use a PNG, JPEG, GIF, WebP or SVG file".to_string(),
    };
    let (mime, size) = match imagesize::image_type(bytes) {
        Ok(kind) => {
            let mime = match kind {
                imagesize::ImageType::Png => "image/png",
                imagesize::ImageType::Jpeg => "image/jpeg",
                imagesize::ImageType::Gif => "image/gif",
                imagesize::ImageType::Webp => "image/webp",
                _ => return Err(not_an_image()),
            };
            let size = imagesize::blob_size(bytes).map_err(|_| not_an_image())?;
            (mime, (size.width as u64, size.height as u64))
        }
        Err(_) => ("image/svg+xml", svg_size(bytes).ok_or_else(not_an_image)?),
    };
    let mut src = format!("data:{mime};base64,");
    base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut src);
    Ok(ImageSource { src, size: Some(size) })
}

/// The size of an SVG from its root element's `width`/`height`, else its
/// `viewBox`, else the 300×150 a browser gives a replaced element. None when
/// the bytes are not an SVG document. Read with an XML parser: a document
/// that is not well-formed XML is not an image a browser would show.
fn svg_size(bytes: &[u8]) -> Option<(u64, u64)> {
    let text = std::str::from_utf8(bytes).ok()?;
    // A DOCTYPE is common in SVG files drawing programs write; roxmltree
    // guards against entity expansion attacks, and the node limit bounds the rest.
    let options =
        roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: 1_000_000, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(text, options).ok()?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return None;
    }
    let length = |name: &str| root.attribute(name).and_then(svg_length);
    let view_box = || -> Option<(f64, f64)> {
        let parts: Vec<f64> =
            root.attribute("viewBox")?.split([' ', ',', '\t', '\n']).filter_map(|p| p.parse().ok()).collect();
        match parts.as_slice() {
            [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
            _ => None,
        }
    };
    let (w, h) = match (length("width"), length("height"), view_box()) {
        (Some(w), Some(h), _) => (w, h),
        // One side given: the other follows the viewBox's proportions.
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (_, _, Some(size)) => size,
        _ => (300.0, 150.0),
    };
    let clamp = |v: f64| if v.is_finite() { v.round().clamp(1.0, 100_000.0) as u64 } else { 1 };
    Some((clamp(w), clamp(h)))
}

/// An SVG length in CSS pixels: a plain number or one in `px`. Percentages
/// and other units have no intrinsic size, so they give None.
fn svg_length(value: &str) -> Option<f64> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value).trim();
    number.parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_size_from_attributes_or_view_box() {
        assert_eq!(svg_size(br#"<svg xmlns="x" width="20" height="10"></svg>"#), Some((20, 10)));
        assert_eq!(svg_size(br#"<svg viewBox="0 0 64 32"></svg>"#), Some((64, 32)));
        assert_eq!(svg_size(b"hello"), None);
        assert_eq!(svg_size(br#"<svg width="40" viewBox="0 0 20 10"/>"#), Some((40, 20)));
        assert_eq!(svg_size(br#"<svg width="100%" height="50%"/>"#), Some((300, 150)));
        // Found by review: slicing by byte offsets panicked on multi-byte text.
        assert_eq!(svg_size("<svg width=\"é1é\" height=\"é\"></svg>".as_bytes()), Some((300, 150)));
        assert_eq!(svg_size("<svg width=é1é>".as_bytes()), None);
        assert_eq!(svg_size(br#"<html><svg width="1" height="1"/></html>"#), None);
        let with_doctype = br#"<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 501 394" width="501pt" height="394pt"/>"#;
        assert_eq!(svg_size(with_doctype), Some((501, 394)), "a drawing program's SVG, with a DOCTYPE");
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("ftp://x"));
        assert!(has_scheme("javascript:alert(1)"));
        assert!(!has_scheme("photo.jpg"));
        assert!(!has_scheme("C:photo"));
    }
}
