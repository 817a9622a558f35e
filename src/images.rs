//! Images: local files are read, checked and inlined as `data:` URIs with
//! their intrinsic size, so the page stays one self-contained file.
//!
//! Paths are resolved relative to the story, and may never leave the content
//! folder, neither by `..` nor through a symbolic link. Remote images are
//! refused unless the site opts in, because they make the page load from
//! another server.

use std::path::{Component, Path, PathBuf};

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
    allow_remote: bool,
}

impl ImageResolver {
    /// `content_root` must exist; it is canonicalised here once.
    pub fn new(content_root: &Path, allow_remote: bool) -> std::io::Result<Self> {
        Ok(ImageResolver { content_root: content_root.canonicalize()?, allow_remote })
    }

    /// Resolves `reference`, as written in the story at `story_dir`.
    pub fn resolve(&self, story_dir: &Path, reference: &str) -> Result<ImageSource, ImageProblem> {
        let reference = reference.trim();
        let lower = reference.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
            if self.allow_remote {
                return Ok(ImageSource { src: reference.to_string(), size: None });
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
            return Ok(ImageSource { src: reference.to_string(), size: None });
        }
        if has_scheme(reference) {
            return Err(ImageProblem {
                message: format!("the image `{reference}` has an address broadside cannot use"),
                help: "use a file in the content folder, e.g. ![Description](photo.jpg)".to_string(),
            });
        }
        let decoded = percent_encoding::percent_decode_str(reference).decode_utf8_lossy();
        let relative = Path::new(decoded.as_ref());
        let joined = match relative.strip_prefix("/") {
            Ok(from_root) => self.content_root.join(from_root),
            Err(_) => story_dir.join(relative),
        };
        let outside = || ImageProblem {
            message: format!("the image path `{reference}` leaves the content folder"),
            help: format!(
                "copy the image into {} (beside the story) and refer to it from there",
                self.content_root.display()
            ),
        };
        let story_dir_abs = story_dir.canonicalize().unwrap_or_else(|_| story_dir.to_path_buf());
        let lexical = normalize(&story_dir_abs.join(relative.strip_prefix("/").unwrap_or(relative)));
        if relative.is_relative() && !lexical.starts_with(&self.content_root) {
            return Err(outside());
        }
        let real = joined.canonicalize().map_err(|_| ImageProblem {
            message: format!("the image `{reference}` does not exist"),
            help: format!("looked for {}; check the file name and where the file is", joined.display()),
        })?;
        if !real.starts_with(&self.content_root) {
            let mut problem = outside();
            if relative.is_relative() {
                // The path itself stays inside: a symbolic link leads out.
                problem.message = format!(
                    "the image path `{reference}` leaves the content folder through a symbolic link (to {})",
                    real.display()
                );
            }
            return Err(problem);
        }
        let bytes = std::fs::read(&real).map_err(|e| ImageProblem {
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

/// Removes `.` and `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
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
/// `viewBox`. None when the bytes are not an SVG document.
fn svg_size(bytes: &[u8]) -> Option<(u64, u64)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<f64> {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let quote = tag[at..].chars().next()?;
        let value = &tag[at + 1..at + 1 + tag[at + 1..].find(quote)?];
        value.trim().trim_end_matches("px").parse::<f64>().ok()
    };
    let view_box = || -> Option<(f64, f64)> {
        let at = tag.find(" viewBox=")? + 9;
        let quote = tag[at..].chars().next()?;
        let value = &tag[at + 1..at + 1 + tag[at + 1..].find(quote)?];
        let parts: Vec<f64> = value.split([' ', ',']).filter_map(|p| p.parse().ok()).collect();
        (parts.len() == 4).then(|| (parts[2], parts[3]))
    };
    let (w, h) = match (attr("width"), attr("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => view_box().unwrap_or((300.0, 150.0)),
    };
    Some((w.round().max(1.0) as u64, h.round().max(1.0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_size_from_attributes_or_view_box() {
        assert_eq!(svg_size(br#"<svg xmlns="x" width="20" height="10"></svg>"#), Some((20, 10)));
        assert_eq!(svg_size(br#"<svg viewBox="0 0 64 32"></svg>"#), Some((64, 32)));
        assert_eq!(svg_size(b"hello"), None);
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("ftp://x"));
        assert!(has_scheme("javascript:alert(1)"));
        assert!(!has_scheme("photo.jpg"));
        assert!(!has_scheme("C:photo"));
    }
}
