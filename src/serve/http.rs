//! HTTP for `broadside serve`: reading a request head, answering it from
//! the build being served (after the host check of [`super::hosts`]), and
//! the response to send.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use super::hosts::{Hosts, split_host};
use super::pages;
use super::snapshot::Served;
use super::{EVENTS_PATH, Events};

/// The longest request head read; a longer one is refused.
pub(crate) const MAX_HEAD: usize = 16 * 1024;
/// At most this many header fields in a request.
const MAX_HEADERS: usize = 64;
/// Names of refused hosts printed, at most (each one once).
const MAX_REFUSALS_NOTED: usize = 32;

/// What broadside needs of a request head.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) target: String,
    host: Option<String>,
    origin: Option<String>,
    /// `Sec-Fetch-Site`: how the browser says the request's origin relates to ours.
    fetch_site: Option<String>,
    /// The client keeps the connection for another request.
    pub(crate) keep_alive: bool,
}

/// The result of reading the bytes received so far.
#[derive(Debug)]
pub(crate) enum Parsed {
    /// A request, and the length of its head.
    Request(Request, usize),
    /// Not a complete head yet.
    Partial,
    /// Not HTTP, or a request broadside does not take: answer this and close.
    Refused(Response),
}

/// Reads a request head from the start of `bytes`.
pub(crate) fn parse(bytes: &[u8]) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut head = httparse::Request::new(&mut headers);
    let too_large = || Parsed::Refused(Response::text(431, "request head too large\n"));
    let length = match head.parse(bytes) {
        Ok(httparse::Status::Complete(length)) if length > MAX_HEAD => return too_large(),
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) if bytes.len() > MAX_HEAD => return too_large(),
        Ok(httparse::Status::Partial) => return Parsed::Partial,
        Err(httparse::Error::TooManyHeaders) => return too_large(),
        Err(_) => return Parsed::Refused(Response::text(400, "bad request\n")),
    };
    let mut request = Request {
        method: head.method.unwrap_or_default().to_string(),
        target: head.path.unwrap_or_default().to_string(),
        host: None,
        origin: None,
        fetch_site: None,
        keep_alive: head.version == Some(1),
    };
    let mut hosts = 0;
    for header in head.headers.iter() {
        let value = || String::from_utf8_lossy(header.value).trim().to_string();
        let name = header.name;
        if name.eq_ignore_ascii_case("host") {
            hosts += 1;
            request.host = Some(value());
        } else if name.eq_ignore_ascii_case("origin") {
            request.origin = Some(value());
        } else if name.eq_ignore_ascii_case("sec-fetch-site") {
            request.fetch_site = Some(value().to_ascii_lowercase());
        } else if name.eq_ignore_ascii_case("connection")
            && value().to_ascii_lowercase().contains("close")
        {
            request.keep_alive = false;
        } else if name.eq_ignore_ascii_case("transfer-encoding")
            || (name.eq_ignore_ascii_case("content-length") && value() != "0")
        {
            // broadside takes no request bodies, and does not read them.
            return Parsed::Refused(Response::text(
                400,
                "broadside serve takes no request body\n",
            ));
        }
    }
    if hosts > 1 {
        return Parsed::Refused(Response::text(400, "more than one Host header\n"));
    }
    Parsed::Request(request, length)
}

/// Where a request path leads, if anywhere.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    /// A built file, by its path in the site.
    File(String),
    /// A folder asked for without its `/`: send the browser to `to`.
    Redirect(String),
    Events,
    NotFound,
}

/// Maps a request target to a file of the site. Anything that is not a
/// plain path inside the site (`..` or `.` segments, in any encoding,
/// backslashes, NUL, bad UTF-8) is not found. Only the built site in memory
/// is served: no folder listing, no file of the disk.
fn route(target: &str, exists: impl Fn(&str) -> bool) -> Route {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        return Route::Events;
    }
    let Some(path) = path.strip_prefix('/') else {
        return Route::NotFound;
    };
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Route::NotFound;
    };
    if decoded.contains(['\\', '\0']) {
        return Route::NotFound;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".")
        || segments[..segments.len() - 1].iter().any(|s| s.is_empty())
    {
        return Route::NotFound;
    }
    let file = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.to_string()
    };
    if exists(&file) {
        return Route::File(file);
    }
    if !decoded.is_empty() && !decoded.ends_with('/') && exists(&format!("{decoded}/index.html")) {
        let query = target.find('?').map_or("", |i| &target[i..]);
        return Route::Redirect(format!(
            "{path}/{query}",
            path = target.split(['?', '#']).next().unwrap_or("")
        ));
    }
    // A page that does not exist yet may be one the failed build would make.
    if file.ends_with(".html") {
        Route::File(file)
    } else {
        Route::NotFound
    }
}

/// What to do with a request.
#[derive(Debug)]
pub(crate) enum Answer {
    Send(Response),
    /// A long poll from a page of the site as tagged `since`, the one
    /// being served: hold it until a change. `page` is the file the tab
    /// shows, and `print` what it shows ([`Served::print`]): a change that
    /// leaves it alike does not reload the tab.
    Wait {
        since: String,
        page: Option<(String, u64)>,
    },
}

/// Answers requests from the snapshot being served.
pub(crate) struct Router {
    hosts: Hosts,
    events: Arc<dyn Events>,
    /// Refused host names already printed.
    refused: HashSet<String>,
}

impl Router {
    pub(crate) fn new(hosts: Hosts, events: Arc<dyn Events>) -> Router {
        Router {
            hosts,
            events,
            refused: HashSet::new(),
        }
    }

    pub(crate) fn answer(&mut self, request: &Request, served: &mut Served) -> Answer {
        let answer = self.answer_quietly(request, served);
        let status = match &answer {
            Answer::Send(response) => Some(response.status),
            Answer::Wait { .. } => None,
        };
        self.events
            .answered(&request.method, &request.target, status);
        answer
    }

    fn answer_quietly(&mut self, request: &Request, served: &mut Served) -> Answer {
        let Some(host) = &request.host else {
            return Answer::Send(Response::text(400, "a Host header is required\n"));
        };
        if !self.hosts.allows(host) {
            return Answer::Send(self.refuse(host));
        }
        if request.method != "GET" && request.method != "HEAD" {
            return Answer::Send(
                Response::text(405, "method not allowed\n").header("Allow", "GET, HEAD"),
            );
        }
        let target = &request.target;
        match route(target, |p| served.exists(p)) {
            Route::Events => {
                // Only the server's own pages may ask: a page of another
                // origin that reaches it (through a name the browser was
                // given) is turned away.
                let cross_origin = request
                    .origin
                    .as_deref()
                    .is_some_and(|o| !self.hosts.allows_origin(o))
                    || request
                        .fetch_site
                        .as_deref()
                        .is_some_and(|s| s != "same-origin" && s != "none");
                if cross_origin {
                    return Answer::Send(Response::text(
                        403,
                        "the reload endpoint answers only this server's pages\n",
                    ));
                }
                let since = query_value(target, "since").unwrap_or_default();
                if since != served.tag {
                    return Answer::Send(events_response(&served.tag));
                }
                // The page the tab shows, as the script gives it (its path).
                let page = query_value(target, "page").and_then(|path| {
                    match route(&path, |p| served.exists(p)) {
                        Route::File(file) => Some(file),
                        _ => None,
                    }
                });
                let page = page.map(|file| {
                    let print = served.print(&file);
                    (file, print)
                });
                Answer::Wait { since, page }
            }
            Route::Redirect(to) => {
                Answer::Send(Response::text(308, "moved\n").header("Location", &to))
            }
            // A page is rendered when first asked for. While the site fails
            // to load, every page is the error page; a page it does not have
            // (a new slug, say) says so, and the tab waits for it.
            Route::File(path) => Answer::Send(match served.show(&path) {
                Some((status, bytes)) => Response::new(status, content_type(&path), bytes),
                None => Response::text(404, "not found\n"),
            }),
            Route::NotFound => Answer::Send(Response::text(404, "not found\n")),
        }
    }

    /// The 403 page for a request to a name that is not this server's; the
    /// first refusal of each name is printed too.
    fn refuse(&mut self, host: &str) -> Response {
        let name = split_host(host).map_or_else(|| host.to_string(), |(name, _)| name);
        if self.refused.len() < MAX_REFUSALS_NOTED && self.refused.insert(name.clone()) {
            self.events.refused(&name);
        }
        Response::html(403, pages::forbidden(&name))
    }
}

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

/// The value of `name` in the query of `target`, decoded.
fn query_value(target: &str, name: &str) -> Option<String> {
    let (_, query) = target.split_once('?')?;
    let value = query
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))?;
    Some(
        percent_encoding::percent_decode_str(value)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// The Content-Type of a served file, by its extension.
fn content_type(path: &str) -> Cow<'static, str> {
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

    fn html(status: u16, html: String) -> Response {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_paths_inside_the_site_only() {
        let files = ["index.html", "a/index.html", "img/x.png", "caf\u{e9}.html"];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(route("/", exists), Route::File("index.html".into()));
        assert_eq!(route("/?x=1", exists), Route::File("index.html".into()));
        assert_eq!(route("/a/", exists), Route::File("a/index.html".into()));
        assert_eq!(route("/a", exists), Route::Redirect("/a/".into()));
        assert_eq!(route("/a?q", exists), Route::Redirect("/a/?q".into()));
        assert_eq!(route("/img/x.png", exists), Route::File("img/x.png".into()));
        assert_eq!(
            route("/caf%C3%A9.html", exists),
            Route::File("caf\u{e9}.html".into())
        );
        assert_eq!(route("/nope.png", exists), Route::NotFound);
        assert_eq!(route(EVENTS_PATH, exists), Route::Events);
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/a/../../x",
            "/..%2fCargo.toml",
            "/..%5cCargo.toml",
            "/%00",
            "/%ff.html",
            "/./index.html",
            "//etc/passwd",
            "Cargo.toml",
            "http://x/index.html",
        ] {
            assert_eq!(route(bad, exists), Route::NotFound, "{bad}");
        }
    }

    #[test]
    fn reads_request_heads() {
        let head = "GET /a HTTP/1.1\r\nHost: localhost:1\r\nOrigin: http://x\r\n\r\n";
        let Parsed::Request(r, n) = parse(format!("{head}GET").as_bytes()) else {
            panic!()
        };
        assert_eq!(
            (r.method.as_str(), r.target.as_str(), r.host.as_deref(), n),
            ("GET", "/a", Some("localhost:1"), head.len())
        );
        assert!(r.keep_alive && r.origin.as_deref() == Some("http://x"));
        assert!(matches!(
            parse(b"GET / HTTP/1.1\r\nHost: x\r\n"),
            Parsed::Partial
        ));
        let Parsed::Request(r, _) = parse(b"GET / HTTP/1.0\r\n\r\n") else {
            panic!()
        };
        assert!(!r.keep_alive && r.host.is_none());
        for (bad, status) in [
            (&b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"[..], 400),
            (b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", 400),
            (b"\x16\x03\x01 TLS", 400),
        ] {
            assert!(
                matches!(parse(bad), Parsed::Refused(r) if r.status == status),
                "{bad:?}"
            );
        }
        let long = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(MAX_HEAD));
        assert!(matches!(parse(long.as_bytes()), Parsed::Refused(r) if r.status == 431));
        assert!(
            matches!(parse(format!("{long}\r\n\r\n").as_bytes()), Parsed::Refused(r) if r.status == 431)
        );
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("lead.png"), "image/png");
        assert_eq!(content_type("logo.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("x.unknown"), "application/octet-stream");
    }
}
