//! `broadside serve`: the real binary on a free port of 127.0.0.1, on a
//! temporary copy of a fixture, asked with plain HTTP/1.1 over a TcpStream
//! (so paths reach the server exactly as written, `..` and all).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::TestSite;

const FIXTURE: &str = "serve-feed-and-lead-image";

/// How long a change may take to show before a test gives up: a bound for
/// a busy machine (CI shares its cores), not a speed the tests measure.
const SETTLE: Duration = Duration::from_secs(60);

/// A running `broadside serve`, killed when dropped.
pub(crate) struct Server {
    child: Child,
    /// The address it listens on, as printed (`127.0.0.1`).
    address: String,
    pub(crate) port: u16,
    /// Lines the server printed after its URL.
    stdout: mpsc::Receiver<String>,
    /// The site's folder: `content/` (the fixture) and nothing else.
    pub(crate) dir: TestSite,
}

impl Server {
    fn start(fixture: &str) -> Server {
        Server::start_in(site_from(fixture))
    }

    /// Starts in `dir`, which holds `content/` and maybe `templates/`.
    pub(crate) fn start_in(dir: TestSite) -> Server {
        Server::start_with(dir, &[])
    }

    /// Starts in `dir` with more arguments for `broadside serve`.
    fn start_with(dir: TestSite, args: &[&str]) -> Server {
        let mut child = dir
            .command()
            .args(["serve", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start broadside serve");
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let (address, port) = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("broadside serve printed no URL");
            if let Some(rest) = line.strip_prefix("serving http://") {
                let (address, port) = rest.split('/').next().unwrap().rsplit_once(':').unwrap();
                break (address.to_string(), port.parse().unwrap());
            }
        };
        Server {
            child,
            address,
            port,
            stdout: rx,
            dir,
        }
    }

    /// `target` asked with `Host: host` and further header lines.
    fn ask(&self, target: &str, host: &str, headers: &str) -> Reply {
        exchange(
            &self.address,
            self.port,
            &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n{headers}"),
        )
    }

    /// The number of threads of the server process.
    fn threads(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/task", self.child.id()))
            .unwrap()
            .count()
    }

    fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    fn request(&self, method: &str, target: &str) -> Reply {
        exchange(
            &self.address,
            self.port,
            &format!(
                "{method} {target} HTTP/1.1\r\nHost: {}:{}\r\n",
                self.address, self.port
            ),
        )
    }

    pub(crate) fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    /// Polls `target` until `done` says yes; panics after `limit`.
    pub(crate) fn wait_for(
        &self,
        target: &str,
        limit: Duration,
        done: impl Fn(&Reply) -> bool,
    ) -> (Reply, Duration) {
        let started = Instant::now();
        loop {
            let reply = self.get(target);
            if done(&reply) {
                return (reply, started.elapsed());
            }
            assert!(
                started.elapsed() < limit,
                "not seen within {limit:?}; last reply:\n{}",
                reply.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn edit_story(&self, edit: impl Fn(&str) -> String) {
        let path = self.content().join("story.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(&text)).unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A site folder holding a copy of the fixture as `content/`, and no
/// `templates/` (so the built-in templates are used).
fn site_from(fixture: &str) -> TestSite {
    TestSite::new().fixture(fixture)
}

#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on its own connection, read to its end (`Connection: close`).
pub(crate) fn request(port: u16, method: &str, target: &str) -> Reply {
    exchange(
        "127.0.0.1",
        port,
        &format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"),
    )
}

/// Sends `head` (a request line and header lines) with `Connection: close`
/// on a connection of its own, and reads the whole response.
fn exchange(address: &str, port: u16, head: &str) -> Reply {
    let mut stream = TcpStream::connect((address, port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(stream, "{head}Connection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// The build tag in the served page's reload script.
pub(crate) fn tag_of(page: &str) -> String {
    let from = page
        .find("<script data-since=\"")
        .expect("the reload script")
        + "<script data-since=\"".len();
    page[from..from + page[from..].find('"').unwrap()].to_string()
}

/// The text of the reload script of a served page.
fn reload_script(page: &str) -> &str {
    let start = page.find("<script data-since=").expect("the reload script");
    let start = start + page[start..].find('>').unwrap() + 1;
    &page[start..start + page[start..].find("</script>").unwrap()]
}

/// The `'sha256-…'` source expression of `text`.
fn hash(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
    )
}

#[test]
fn serves_the_story_with_the_reload_script_on_localhost() {
    let server = Server::start(FIXTURE);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    let html = page.text();
    assert!(
        html.contains("<h1>Harbour Reopens After Storm</h1>"),
        "{html}"
    );
    // The script, at the end of the body, asks the server's own endpoint.
    assert!(
        html.contains("data-events=\"/__broadside/events\">"),
        "{html}"
    );
    assert!(html.ends_with("</script>\n</body>\n</html>\n"), "{html}");
    let script = reload_script(&html);
    assert!(script.contains("fetch(events"), "{script}");
    let served = directives(&csp_of(&html));
    // The script is allowed by its hash, and it may call home; nothing else
    // changes: the same policy as `broadside build` writes, but for the
    // script's hash in script-src and 'self' in connect-src.
    let mut expected = directives(&csp_of(&build_page(FIXTURE)));
    let default = expected.get("default-src").cloned().unwrap_or_default();
    for (name, source) in [
        ("script-src", hash(script)),
        ("connect-src", "'self'".to_string()),
    ] {
        let sources = expected
            .entry(name.to_string())
            .or_insert_with(|| default.clone());
        sources.retain(|s| s != "'none'");
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    assert_eq!(served, expected);
    assert_eq!(served["default-src"], ["'none'"]);
    assert_eq!(server.get("/index.html").body, page.body);
    // Built in memory only: nothing written beside the content.
    let entries: Vec<_> = std::fs::read_dir(server.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["content"]);
}

/// The page `broadside build` writes for a fixture.
fn build_page(fixture: &str) -> String {
    site_from(fixture).run(&["--quiet"]).ok().page("index.html")
}

/// The policy in a page's CSP `<meta>`, its character references decoded.
fn csp_of(html: &str) -> String {
    let raw = html
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    raw.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// A policy's directives, by name, with their sources in order.
fn directives(policy: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            Some((
                words.next()?.to_string(),
                words.map(str::to_string).collect(),
            ))
        })
        .collect()
}

#[test]
fn built_output_never_holds_the_reload_script() {
    let built = build_page(FIXTURE);
    assert!(
        !built.contains("__broadside") && !built.contains("<script>"),
        "{built}"
    );
    assert!(!built.contains("/__broadside"), "{built}");
}

#[test]
fn an_edit_is_served_and_wakes_the_waiting_tab() {
    let server = Server::start(FIXTURE);
    let tag = tag_of(&server.get("/").text());
    // A tab's long poll, waiting for the next build.
    let port = server.port;
    let since = tag.clone();
    let poll = std::thread::spawn(move || {
        request(port, "GET", &format!("/__broadside/events?since={since}"))
    });
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        !poll.is_finished(),
        "the poll should wait while nothing changes"
    );

    server.edit_story(|t| t.replace("Fishing boats returned", "Trawlers returned"));
    // Usually about a tenth of a second; the limit is generous for a busy machine.
    let (reply, took) = server.wait_for("/", SETTLE, |r| r.text().contains("Trawlers returned"));
    assert_eq!(reply.status, 200);
    eprintln!("edit visible after {took:?}");
    let woke = poll.join().unwrap();
    assert_eq!(woke.status, 200);
    assert_eq!(
        woke.text(),
        tag_of(&reply.text()),
        "the poll answers with the new build's tag"
    );
    assert_ne!(woke.text(), tag);
    // A tab that already has the newest build is not told to reload again.
    let stale = request(
        server.port,
        "GET",
        &format!("/__broadside/events?since={tag}"),
    );
    assert_eq!(stale.text(), woke.text());
}

#[test]
fn a_broken_edit_shows_the_error_page_and_a_fix_brings_the_story_back() {
    let server = Server::start(FIXTURE);
    server.edit_story(|t| t.replace("date = 2024-03-04", "date = \"last <Monday>\""));
    let (reply, _) = server.wait_for("/", SETTLE, |r| r.status == 500);
    let html = reply.text();
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(html.contains("The build failed: 1 error"), "{html}");
    // The message, the file and line, the source line, all escaped.
    assert!(
        html.contains("error: `date` is not a valid date: &quot;last &lt;Monday&gt;&quot;"),
        "{html}"
    );
    assert!(html.contains("content/story.md:4:1"), "{html}");
    assert!(
        html.contains("4 | date = &quot;last &lt;Monday&gt;&quot;"),
        "{html}"
    );
    assert!(!html.contains("<Monday>"), "{html}");
    // It reloads by itself too, under a policy that allows only that.
    assert!(!tag_of(&html).is_empty(), "{html}");
    assert_eq!(
        directives(&csp_of(&html))["script-src"],
        [hash(reload_script(&html))],
        "{html}"
    );
    // Files other than pages are still those of the last good build.
    assert_eq!(server.get("/lead-share.jpg").status, 200);

    server.edit_story(|t| t.replace("date = \"last <Monday>\"", "date = 2024-03-05"));
    let (reply, _) = server.wait_for("/", SETTLE, |r| r.status == 200);
    assert!(
        reply
            .text()
            .contains("<h1>Harbour Reopens After Storm</h1>")
    );
    assert!(reply.text().contains("2024-03-05"));
}

#[test]
fn a_template_error_is_shown_in_the_browser() {
    let site = site_from(FIXTURE);
    // An empty templates/ in the site's folder: the built-in templates, until
    // one is added there.
    std::fs::create_dir(site.path().join("templates")).unwrap();
    let server = Server::start_in(site);
    assert_eq!(server.get("/").status, 200);
    let template = server.dir.path().join("templates/story.html");
    std::fs::write(&template, "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n").unwrap();
    let (reply, _) = server.wait_for("/", SETTLE, |r| r.status == 500);
    let html = reply.text();
    assert!(html.contains("template syntax error"), "{html}");
    assert!(html.contains("templates/story.html:3:"), "{html}");
    assert!(
        html.contains("3 | &lt;h1&gt;{{ page.title }&lt;/h1&gt;"),
        "{html}"
    );
    std::fs::remove_file(&template).unwrap();
    server.wait_for("/", SETTLE, |r| r.status == 200);
}

#[test]
fn paths_outside_the_site_and_unknown_paths_are_not_found() {
    let server = Server::start(FIXTURE);
    // Files a traversal could reach: the story, and one beside the content folder.
    std::fs::write(server.dir.path().join("secret.txt"), "secret").unwrap();
    for target in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/%2e%2e%2fsecret.txt",
        "/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/./index.html/../../secret.txt",
        "//etc/passwd",
        "/content/story.md",
        "/story.md",
        "/nope.html",
        "/nope/",
        "/nope.png",
        "/index.html%00.png",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(
            !reply.text().contains("secret") && !reply.text().contains("+++"),
            "{target}"
        );
    }
}

#[test]
fn head_and_content_types() {
    let server = Server::start(FIXTURE);
    for (target, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/atom.xml", "text/xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/lead-share.jpg", "image/jpeg"),
    ] {
        let get = server.get(target);
        assert_eq!(get.status, 200, "{target}");
        assert_eq!(get.header("Content-Type"), Some(content_type), "{target}");
        assert_eq!(
            get.header("Content-Length"),
            Some(get.body.len().to_string().as_str()),
            "{target}"
        );
        let head = server.request("HEAD", target);
        assert_eq!(head.status, 200, "{target}");
        assert_eq!(head.header("Content-Type"), Some(content_type), "{target}");
        assert_eq!(
            head.header("Content-Length"),
            get.header("Content-Length"),
            "{target}"
        );
        assert!(head.body.is_empty(), "HEAD {target} sent a body");
    }
    // The original photo is never published, only its metadata-free crops.
    assert_eq!(server.get("/lead.png").status, 404);
    assert!(
        server
            .get("/lead-share.jpg")
            .body
            .starts_with(&[0xff, 0xd8])
    );
    assert!(server.get("/atom.xml").text().contains("<feed"));
    assert_eq!(server.request("HEAD", "/nope.html").status, 404);
    assert_eq!(server.request("POST", "/").status, 405);
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let mut server = Server::start(FIXTURE);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < SETTLE,
            "still running {SETTLE:?} after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(exit.code(), Some(0));
    let rest: Vec<String> = server.stdout.try_iter().collect();
    assert!(rest.iter().any(|l| l == "stopped"), "{rest:?}");
    assert!(
        TcpStream::connect(("127.0.0.1", server.port)).is_err(),
        "still listening"
    );
}

#[test]
fn a_missing_content_folder_is_an_error() {
    let out = TestSite::new().run(&["serve", "--port", "0", "--content", "nowhere"]);
    assert_eq!(out.code(), Some(1));
    let stderr = &out.stderr;
    assert!(
        stderr.contains("the content folder `nowhere` does not exist"),
        "{stderr}"
    );
}

#[test]
fn a_foreign_host_is_refused_pages_and_reload_endpoint_alike() {
    let server = Server::start(FIXTURE);
    let port = server.port;
    let tag = tag_of(&server.get("/").text());
    // DNS rebinding: the browser asks evil.example, which now points here.
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        &format!("localhost.evil.example:{port}"),
    ] {
        for target in [
            "/",
            "/index.html",
            "/lead.png",
            "/nope.html",
            &format!("/__broadside/events?since={tag}"),
        ] {
            let reply = server.ask(target, host, "");
            assert_eq!(reply.status, 403, "{host} {target}");
            let page = reply.text();
            assert!(
                page.contains("--allow-host evil.example")
                    || page.contains("--allow-host localhost.evil.example"),
                "{page}"
            );
            assert!(!page.contains("Harbour") && !page.contains(&tag), "{page}");
            assert_eq!(reply.header("X-Content-Type-Options"), Some("nosniff"));
        }
    }
    // The same names on another port are not this server either.
    assert_eq!(
        server
            .ask("/", &format!("localhost:{}", port.wrapping_add(1)), "")
            .status,
        403
    );
    // HTTP/1.1 without a Host is malformed.
    assert_eq!(
        exchange("127.0.0.1", port, "GET / HTTP/1.1\r\n").status,
        400
    );
}

#[test]
fn the_servers_own_names_are_answered() {
    let server = Server::start(FIXTURE);
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("[0:0:0:0:0:0:0:1]:{port}"),
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "[::1]".to_string(),
    ] {
        let page = server.ask("/", &host, "");
        assert_eq!(page.status, 200, "{host}");
        assert!(
            page.text().contains("<h1>Harbour Reopens After Storm</h1>"),
            "{host}"
        );
        // The reload endpoint answers at once for a page of an older build.
        let events = server.ask("/__broadside/events?since=old", &host, "");
        assert_eq!(
            (events.status, events.text()),
            (200, tag_of(&page.text())),
            "{host}"
        );
    }
}

#[test]
fn allow_host_and_bind_add_names() {
    let server = Server::start_with(
        site_from(FIXTURE),
        &[
            "--allow-host",
            "Preview.Newsroom.example",
            "--allow-host",
            "10.1.2.3",
        ],
    );
    let port = server.port;
    for host in [
        format!("preview.newsroom.example:{port}"),
        "10.1.2.3".to_string(),
        format!("localhost:{port}"),
    ] {
        assert_eq!(server.ask("/", &host, "").status, 200, "{host}");
    }
    let refused = server.ask("/", &format!("other.newsroom.example:{port}"), "");
    assert_eq!(refused.status, 403);
    assert!(
        refused
            .text()
            .contains("--allow-host other.newsroom.example"),
        "{}",
        refused.text()
    );
    drop(server);

    // Another loopback address (127.0.0.0/8 is all this machine's).
    let server = Server::start_with(site_from(FIXTURE), &["--bind", "127.0.0.2"]);
    assert_eq!(server.address, "127.0.0.2");
    assert_eq!(
        server
            .ask("/", &format!("127.0.0.2:{}", server.port), "")
            .status,
        200
    );
    assert_eq!(
        server
            .ask("/", &format!("localhost:{}", server.port), "")
            .status,
        200
    );
    assert_eq!(
        server
            .ask("/", &format!("127.0.0.3:{}", server.port), "")
            .status,
        403
    );

    // A name with a port, or not a name at all, is a usage error.
    for bad in ["preview.example:8080", "*", "http://preview.example"] {
        let out = TestSite::new().run(&["serve", "--port", "0", "--allow-host", bad]);
        assert_eq!(out.code(), Some(2), "{bad}");
    }
}

#[test]
fn the_reload_endpoint_refuses_other_origins() {
    let server = Server::start(FIXTURE);
    let port = server.port;
    let host = format!("127.0.0.1:{port}");
    let events = "/__broadside/events?since=old";
    let tag = tag_of(&server.get("/").text());
    for origin in [
        "Origin: http://evil.example\r\n".to_string(),
        format!("Origin: http://evil.example:{port}\r\n"),
        format!("Origin: https://127.0.0.1:{port}\r\n"),
        format!("Origin: http://127.0.0.1:{}\r\n", port.wrapping_add(1)),
        "Origin: null\r\n".to_string(),
        "Sec-Fetch-Site: cross-site\r\n".to_string(),
        "Sec-Fetch-Site: same-site\r\n".to_string(),
    ] {
        let reply = server.ask(events, &host, &origin);
        assert_eq!(reply.status, 403, "{origin}");
        assert!(!reply.text().contains(&tag), "{origin}");
    }
    for origin in [
        format!("Origin: http://127.0.0.1:{port}\r\n"),
        format!("Origin: http://localhost:{port}\r\nSec-Fetch-Site: same-origin\r\n"),
        String::new(),
    ] {
        assert_eq!(server.ask(events, &host, &origin).status, 200, "{origin}");
    }
}

#[test]
fn every_answer_carries_the_safety_headers() {
    let server = Server::start(FIXTURE);
    for target in [
        "/",
        "/lead.png",
        "/nope.html",
        "/nope.png",
        "/__broadside/events?since=old",
    ] {
        let reply = server.get(target);
        for (name, value) in [
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
            ("Referrer-Policy", "no-referrer"),
        ] {
            assert_eq!(reply.header(name), Some(value), "{target} {name}");
        }
    }
}

/// 500 connections that never send a byte: the server's threads stay as
/// they were, a page is still served, and the tab that waits for the next
/// build is still told of it.
#[cfg(target_os = "linux")]
#[test]
fn idle_connections_take_no_threads_and_the_open_tab_still_reloads() {
    let server = Server::start(FIXTURE);
    let port = server.port;
    let threads_before = server.threads();
    let tag = tag_of(&server.get("/").text());
    // The open tab's long poll, held until the next build.
    let since = tag.clone();
    let poll = std::thread::spawn(move || {
        request(port, "GET", &format!("/__broadside/events?since={since}"))
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !poll.is_finished(),
        "the poll should wait while nothing changes"
    );

    let idle: Vec<TcpStream> = (0..500)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<h1>Harbour Reopens After Storm</h1>"));
    let threads_during = server.threads();
    eprintln!(
        "threads: {threads_before} before, {threads_during} with {} idle connections",
        idle.len()
    );
    assert!(
        threads_during <= threads_before + 2,
        "{threads_during} threads with 500 idle connections, {threads_before} before"
    );

    server.edit_story(|t| t.replace("Fishing boats returned", "Trawlers returned"));
    let woke = poll.join().unwrap();
    assert_eq!(woke.status, 200);
    assert_ne!(
        woke.text(),
        tag,
        "the held poll is answered with the new build"
    );
    // The tab reloads, and waits again.
    let reloaded = server.get("/");
    assert!(reloaded.text().contains("Trawlers returned"));
    assert_eq!(tag_of(&reloaded.text()), woke.text());
    let since = woke.text();
    let again = std::thread::spawn(move || {
        request(port, "GET", &format!("/__broadside/events?since={since}"))
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(!again.is_finished(), "the reloaded tab's poll is held");
    assert!(server.threads() <= threads_before + 2);
    drop(idle);
}

#[test]
fn serve_compiles_every_template_and_shows_an_error_in_one_the_site_does_not_use() {
    // A one-story site has no archive page yet; its template's mistake is
    // shown all the same, at its place, before the site grows into it.
    let site = site_from(FIXTURE).file(
        "templates/archive.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title }\n{% endblock main %}\n",
    );
    let server = Server::start_in(site);
    let reply = server.get("/");
    assert_eq!(reply.status, 500, "{}", reply.text());
    let html = reply.text();
    assert!(html.contains("template syntax error"), "{html}");
    assert!(html.contains("templates/archive.html:3:"), "{html}");
}
