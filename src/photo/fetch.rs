//! Remote images, with `[images] fetch = true`: downloaded at build time,
//! bounded in size, time and redirects, checked to be an image by their
//! bytes (never by the server's word), cached by URL, then processed like a
//! local file so the page stays one file.
//!
//! A failed download is an error naming the URL and what went wrong: the
//! HTTP status, the time limit, the size limit, a redirect loop.

use std::time::Duration;

use super::Photos;
use super::cache::Entry;
use super::decode;

/// Redirects followed at most.
const MAX_REDIRECTS: u32 = 5;

/// The limits of one download.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Limits {
    pub max_bytes: u64,
    pub timeout: Duration,
}

/// Downloaded bytes, as the cache stores them.
pub(crate) struct Fetched(pub Vec<u8>);

impl Entry for Fetched {
    fn to_bytes(&self) -> Vec<u8> {
        self.0.clone()
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Some(Fetched(bytes.to_vec()))
    }
}

impl Photos {
    /// The bytes of the image at `url`, from the cache when it has them.
    /// An error when downloads are off (`[images] fetch = false`).
    pub(crate) fn fetch(&self, url: &str) -> Result<Vec<u8>, String> {
        let limits = self
            .fetch_limits
            .ok_or_else(|| "downloads are off (`[images] fetch = false`)".to_string())?;
        self.cached_or(url.as_bytes(), "fetch", || {
            download(url, limits).map(Fetched)
        })
        .map(|f| f.0)
    }
}

/// Downloads `url` within `limits` and checks that it is an image.
pub(crate) fn download(url: &str, limits: Limits) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .max_redirects(MAX_REDIRECTS)
        .max_redirects_will_error(true)
        .http_status_as_error(false)
        .user_agent(concat!("broadside/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| describe(&e, limits))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!(
            "the server answered HTTP {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )
        .trim_end()
        .to_string());
    }
    let declared = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("no type")
        .to_string();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|e| describe(&e, limits))?;
    if decode::sniff(&bytes).is_none() {
        let looks = if bytes.trim_ascii_start().starts_with(b"<") {
            "markup (an HTML page?)"
        } else {
            "no image format broadside reads"
        };
        return Err(format!(
            "what came back is not an image: the server called it `{declared}`, its bytes are {looks}"
        ));
    }
    Ok(bytes)
}

fn describe(error: &ureq::Error, limits: Limits) -> String {
    match error {
        ureq::Error::Timeout(_) => format!(
            "no complete answer within {} s",
            limits.timeout.as_secs_f32()
        ),
        ureq::Error::BodyExceedsLimit(_) => format!(
            "the image is larger than the limit of {} bytes",
            limits.max_bytes
        ),
        ureq::Error::TooManyRedirects => {
            format!("more than {MAX_REDIRECTS} redirects (a redirect loop?)")
        }
        other => other.to_string(),
    }
}
