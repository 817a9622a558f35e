//! The response to send: its status, type and body, the headers every
//! response carries, and the answers to the reload script's long poll.

use std::borrow::Cow;
use std::sync::Arc;

/// The answer to a long poll: the tag of the site being served; the
/// script reloads the page when it is not the one it asked with.
pub(crate) fn events_response(tag: &str) -> Response {
    Response::text(200, tag)
}

/// The answer to a long poll held long enough, or across changes that left
/// its page alike: `same TAG`, the tag to ask with next, without reloading.
pub(crate) fn unchanged_response(tag: &str) -> Response {
    Response::text(200, &format!("same {tag}"))
}

/// The Content-Type of a served file, by its extension.
pub(super) fn content_type(path: &str) -> Cow<'static, str> {
    let mime = mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream");
    let textual = mime.starts_with("text/") || mime.ends_with("xml") || mime.ends_with("json");
    if textual {
        Cow::Owned(format!("{mime}; charset=utf-8"))
    } else {
        Cow::Borrowed(mime)
    }
}

/// A response: status, type, body, and headers beyond those every response has.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub(crate) status: u16,
    content_type: Cow<'static, str>,
    pub(crate) body: Arc<[u8]>,
    headers: Vec<(&'static str, String)>,
}

impl Response {
    pub(crate) fn new(status: u16, content_type: Cow<'static, str>, body: Arc<[u8]>) -> Response {
        Response {
            status,
            content_type,
            body,
            headers: Vec::new(),
        }
    }

    pub(crate) fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            Cow::Borrowed("text/plain; charset=utf-8"),
            Arc::from(text.as_bytes()),
        )
    }

    pub(super) fn html(status: u16, html: String) -> Response {
        Response::new(
            status,
            Cow::Borrowed("text/html; charset=utf-8"),
            Arc::from(html.into_bytes()),
        )
    }

    pub(crate) fn header(mut self, name: &'static str, value: &str) -> Response {
        self.headers.push((name, value.to_string()));
        self
    }

    /// The status line and headers. Every response is kept out of caches,
    /// out of other sites' pages and frames, and from sending the page's
    /// address to the servers it links to.
    pub(crate) fn head(&self, keep_alive: bool) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nCross-Origin-Resource-Policy: same-origin\r\n\
             Referrer-Policy: no-referrer\r\nConnection: {}\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len(),
            if keep_alive { "keep-alive" } else { "close" },
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}
