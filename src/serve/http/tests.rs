//! Routing, request heads and content types.

use super::*;
use crate::serve::EVENTS_PATH;

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
