//! Content-Security-Policy: the one hash function and the one policy
//! builder that every policy broadside writes comes from.
//!
//! A page may use its own stylesheet (by hash), `data:` images (and remote
//! ones when the site allows them), the inline scripts whose hashes are
//! added (the JSON-LD data block; in `broadside serve`, the reload script),
//! and requests to its own origin; nothing else: no frames, no forms, no
//! `<base>`.

use std::fmt;

use base64::Engine;
use sha2::{Digest, Sha256};

/// The `'sha256-…'` source expression that allows exactly `text`.
pub(crate) fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A page's policy. Displays as the `content` of its CSP `<meta>`.
#[derive(Debug, Clone)]
pub(crate) struct Policy<'a> {
    style: &'a str,
    scripts: Vec<&'a str>,
    remote_images: bool,
}

impl<'a> Policy<'a> {
    /// Allows the stylesheet with `style_hash` (from [`hash`]) and `data:`
    /// images, and no script.
    pub(crate) fn new(style_hash: &'a str) -> Self {
        Policy {
            style: style_hash,
            scripts: Vec::new(),
            remote_images: false,
        }
    }

    /// Also allows images from `http:` and `https:` URLs.
    pub(crate) fn remote_images(mut self, allow: bool) -> Self {
        self.remote_images = allow;
        self
    }

    /// Also allows the inline script with `script_hash` (from [`hash`]).
    pub(crate) fn script(mut self, script_hash: &'a str) -> Self {
        self.scripts.push(script_hash);
        self
    }
}

/// `connect-src 'self'` grants nothing while no script runs; it lets
/// crawlers that honour the page's policy (Lighthouse among them) fetch
/// /robots.txt, and the reload script of `broadside serve` ask its server.
impl fmt::Display for Policy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let images = if self.remote_images {
            "data: https: http:"
        } else {
            "data:"
        };
        write!(
            f,
            "default-src 'none'; style-src {}; img-src {images}",
            self.style
        )?;
        if !self.scripts.is_empty() {
            write!(f, "; script-src {}", self.scripts.join(" "))?;
        }
        f.write_str("; connect-src 'self'; base-uri 'none'; form-action 'none'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_source_expressions() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn policies() {
        assert_eq!(
            Policy::new("'sha256-S'").to_string(),
            "default-src 'none'; style-src 'sha256-S'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
        );
        assert_eq!(
            Policy::new("'sha256-S'")
                .remote_images(true)
                .script("'sha256-J'")
                .script("'sha256-R'")
                .to_string(),
            "default-src 'none'; style-src 'sha256-S'; img-src data: https: http:; script-src 'sha256-J' 'sha256-R'; \
             connect-src 'self'; base-uri 'none'; form-action 'none'"
        );
    }
}
