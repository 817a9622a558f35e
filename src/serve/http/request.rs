//! Reading a request head (httparse): what broadside needs of it, or the
//! response that refuses it (too large, not HTTP, a request body).

use super::response::Response;

/// The longest request head read; a longer one is refused.
pub(crate) const MAX_HEAD: usize = 16 * 1024;
/// At most this many header fields in a request.
const MAX_HEADERS: usize = 64;
/// What broadside needs of a request head.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(super) host: Option<String>,
    pub(super) origin: Option<String>,
    /// `Sec-Fetch-Site`: how the browser says the request's origin relates to ours.
    pub(super) fetch_site: Option<String>,
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
