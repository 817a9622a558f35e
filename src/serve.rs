//! `broadside serve`: builds the site in memory, serves it on this machine,
//! rebuilds when a source changes and reloads the open browser tab.
//!
//! Nothing is written to disk: every build is kept in memory and served
//! from there. The reload script exists only in what the server sends: it
//! is added to each HTML page as it is stored for serving, together with
//! the two changes the page's Content-Security-Policy needs to let that one
//! script run (its hash in `script-src`, and `connect-src 'self'` for its
//! requests). The built files themselves never hold it.
//!
//! The script long-polls `/__broadside/events?since=TAG`, where TAG names
//! the build the page came from; the server answers as soon as a build with
//! different output is ready, and the script reloads the page. A build that
//! fails puts an error page, with every diagnostic, in place of the pages.

use std::collections::HashMap;
use std::io::Cursor;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;
use notify::{EventKind, RecursiveMode, Watcher};
use sha2::{Digest, Sha256};
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use crate::BuildOptions;
use crate::check::Report;
use crate::error::{Diagnostic, Severity};

/// The path under which the server answers for itself.
pub const EVENTS_PATH: &str = "/__broadside/events";

/// How long to wait for the sources to be quiet before rebuilding: editors
/// write a file in several steps, and a save may touch several files.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// A rebuild waits at most this long for quiet.
const DEBOUNCE_LIMIT: Duration = Duration::from_millis(500);
/// How long a long-poll request is held when nothing changes.
const POLL_HOLD: Duration = Duration::from_secs(25);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build; `out_dir` is not used: nothing is written.
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0: any free port.
    pub port: u16,
}

/// What the server has to serve: the latest build, ready to send.
struct Snapshot {
    /// Names this build's output; a page reloads when the tag changes.
    tag: String,
    /// URL path (no leading `/`) to the bytes to send, HTML with the
    /// reload script in it.
    files: Arc<HashMap<String, Arc<Vec<u8>>>>,
    /// The error page of a failed build; the pages of the last good build
    /// are kept for everything else.
    error_page: Option<Arc<Vec<u8>>>,
    /// The built output, to tell a rebuild that changed nothing.
    fingerprint: Vec<u8>,
    /// The reload script for this build, for pages made per request.
    script: String,
}

/// What one request needs of the snapshot, taken out under the lock.
struct Current {
    tag: String,
    files: Arc<HashMap<String, Arc<Vec<u8>>>>,
    error_page: Option<Arc<Vec<u8>>>,
    script: String,
}

struct Shared {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
    /// Distinguishes this run of the server, so a tab opened on an earlier
    /// run reloads when it reconnects.
    session: String,
    generation: Mutex<u64>,
}

impl Shared {
    fn current(&self) -> Current {
        let s = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        Current { tag: s.tag.clone(), files: s.files.clone(), error_page: s.error_page.clone(), script: s.script.clone() }
    }
}

/// `broadside serve`: runs until Ctrl-C.
pub fn run(options: &ServeOptions, report: Report) -> ExitCode {
    match serve(options, report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            report.diagnostics(&[d]);
            ExitCode::from(1)
        }
    }
}

fn serve(options: &ServeOptions, report: Report) -> Result<(), Diagnostic> {
    let content = &options.build.content_dir;
    if !content.is_dir() {
        let what = if content.exists() { "is not a folder" } else { "does not exist" };
        return Err(Diagnostic::error(format!("the content folder `{}` {what}", content.display()))
            .help("run broadside from the folder that holds content/, pass --content DIR, or make a new site with `broadside init`"));
    }
    let session = format!(
        "{:x}",
        SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_micros()) ^ u128::from(std::process::id())
    );
    let shared = Arc::new(Shared {
        snapshot: Mutex::new(Snapshot {
            tag: String::new(),
            files: Arc::default(),
            error_page: None,
            fingerprint: Vec::new(),
            script: String::new(),
        }),
        changed: Condvar::new(),
        session,
        generation: Mutex::new(0),
    });
    // Listen first: a port in use is reported before any work is done.
    let server = Server::http(SocketAddr::new(options.bind, options.port)).map_err(|e| {
        Diagnostic::error(format!("cannot serve on {}: {e}", SocketAddr::new(options.bind, options.port)))
            .help("choose another port with --port N, or --port 0 for any free one")
    })?;
    // Watch before the first build, so no change made during it is missed.
    let (events_tx, events_rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let _ = events_tx.send(event);
    })
    .map_err(|e| Diagnostic::error(format!("cannot watch the sources for changes: {e}")))?;
    let mut watched = vec![content.clone()];
    watched.extend(options.build.templates_dir.iter().cloned());
    for dir in &watched {
        watcher.watch(dir, RecursiveMode::Recursive).map_err(|e| {
            Diagnostic::error(format!("cannot watch `{}` for changes: {e}", dir.display()))
                .help("on Linux, raise fs.inotify.max_user_watches if the limit was reached")
        })?;
    }
    rebuild(&options.build, &shared, report, true);
    {
        let shared = shared.clone();
        let build = options.build.clone();
        std::thread::Builder::new()
            .name("broadside-rebuild".into())
            .spawn(move || rebuild_on_change(&events_rx, &build, &shared, report))
            .map_err(|e| Diagnostic::error(format!("cannot start the rebuild thread: {e}")))?;
    }

    let server = Arc::new(server);
    let address = server.server_addr().to_ip().unwrap_or(SocketAddr::new(options.bind, options.port));
    let stopping = Arc::new(AtomicBool::new(false));
    {
        let server = server.clone();
        let stopping = stopping.clone();
        ctrlc::set_handler(move || {
            stopping.store(true, Ordering::SeqCst);
            server.unblock();
        })
        .map_err(|e| Diagnostic::error(format!("cannot handle Ctrl-C: {e}")))?;
    }
    println!("serving {} (Ctrl-C to stop)", url_of(address));
    if address.ip().is_unspecified() {
        println!("  on every interface of this machine: others on the network can open it too");
    }

    loop {
        match server.recv() {
            Ok(request) => {
                let shared = shared.clone();
                let verbose = report.verbose;
                let spawned = std::thread::Builder::new()
                    .name("broadside-request".into())
                    .spawn(move || respond(request, &shared, verbose));
                if let Err(e) = spawned {
                    eprintln!("cannot answer a request: {e}");
                }
            }
            Err(_) if stopping.load(Ordering::SeqCst) => break,
            Err(e) => {
                eprintln!("error accepting a connection: {e}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
    drop(watcher);
    if !report.quiet {
        println!("stopped");
    }
    Ok(())
}

/// The URL to print for a listening address; a wildcard is shown as localhost.
fn url_of(address: SocketAddr) -> String {
    let port = address.port();
    match address.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => format!("http://127.0.0.1:{port}/"),
        ip if ip.is_unspecified() => format!("http://[::1]:{port}/"),
        IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
    }
}

/// Waits for changes to the sources; rebuilds once they have been quiet
/// for [`DEBOUNCE`].
fn rebuild_on_change(
    events: &mpsc::Receiver<notify::Result<notify::Event>>,
    build: &BuildOptions,
    shared: &Shared,
    report: Report,
) {
    let relevant = |event: &notify::Result<notify::Event>| match event {
        // The build opens and reads every source: those are not changes.
        Ok(e) => !matches!(e.kind, EventKind::Access(_)) && e.paths.iter().any(|p| !is_editor_scratch(p)),
        Err(_) => true,
    };
    while let Ok(event) = events.recv() {
        if !relevant(&event) {
            continue;
        }
        let first = Instant::now();
        let mut changed: Vec<PathBuf> = Vec::new();
        let mut note = |event: notify::Result<notify::Event>| match event {
            Ok(e) => changed.extend(e.paths.into_iter().filter(|p| !is_editor_scratch(p))),
            Err(e) => eprintln!("file watching: {e}"),
        };
        note(event);
        while first.elapsed() < DEBOUNCE_LIMIT {
            match events.recv_timeout(DEBOUNCE) {
                Ok(event) if relevant(&event) => note(event),
                Ok(_) => {}
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        if report.verbose {
            changed.sort();
            changed.dedup();
            for path in &changed {
                eprintln!("changed: {}", path.display());
            }
        }
        rebuild(build, shared, report, false);
    }
}

/// Swap files, backups and other scratch files editors write beside the file.
fn is_editor_scratch(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// Builds, and puts the result in place for the server when it differs
/// from what is being served.
fn rebuild(build: &BuildOptions, shared: &Shared, report: Report, first: bool) {
    let started = Instant::now();
    let result = crate::build_in_memory(build);
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let fingerprint = match &result {
        Ok(built) => {
            let mut h = Sha256::new();
            for f in &built.files {
                h.update(f.path.as_bytes());
                h.update([0]);
                h.update((f.bytes.len() as u64).to_le_bytes());
                h.update(&f.bytes);
            }
            h.finalize().to_vec()
        }
        Err(failure) => {
            let mut h = Sha256::new();
            h.update(b"failed");
            h.update(failure.to_string().as_bytes());
            h.finalize().to_vec()
        }
    };
    match &result {
        Ok(built) => {
            report.diagnostics(&built.warnings);
            if !report.quiet {
                let what = if first { "built" } else { "rebuilt" };
                println!("{what} {} in {elapsed:.1} ms", plural(built.pages, "page"));
            }
        }
        Err(failure) => {
            report.diagnostics(&failure.diagnostics);
            let errors = failure.errors().count();
            eprintln!("build failed: {}; the browser shows them until they are fixed", plural(errors, "error"));
        }
    }
    let mut snapshot = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
    if !first && snapshot.fingerprint == fingerprint {
        return;
    }
    let tag = {
        let mut generation = shared.generation.lock().unwrap_or_else(|e| e.into_inner());
        *generation += 1;
        format!("{}-{}", shared.session, *generation)
    };
    let script = reload_script(&tag);
    match result {
        Ok(built) => {
            let files = built
                .files
                .into_iter()
                .map(|f| {
                    let bytes = if f.path.ends_with(".html") {
                        match String::from_utf8(f.bytes) {
                            Ok(html) => inject(&html, &script).into_bytes(),
                            Err(e) => e.into_bytes(),
                        }
                    } else {
                        f.bytes
                    };
                    (f.path, Arc::new(bytes))
                })
                .collect();
            snapshot.files = Arc::new(files);
            snapshot.error_page = None;
        }
        Err(failure) => {
            snapshot.error_page = Some(Arc::new(error_page(&failure.diagnostics, &script).into_bytes()));
        }
    }
    snapshot.tag = tag;
    snapshot.fingerprint = fingerprint;
    snapshot.script = script;
    drop(snapshot);
    shared.changed.notify_all();
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The script added to every served page: waits for the next build and
/// reloads the page when it comes.
pub fn reload_script(tag: &str) -> String {
    format!(
        r#"(function () {{
  var tag = "{tag}";
  function poll(delay) {{
    setTimeout(function () {{
      fetch("{EVENTS_PATH}?since=" + encodeURIComponent(tag), {{ cache: "no-store" }})
        .then(function (r) {{ if (!r.ok) throw new Error(r.status); return r.text(); }})
        .then(function (now) {{ if (now !== tag) location.reload(); else poll(0); }},
              function () {{ poll(1000); }});
    }}, delay);
  }}
  poll(0);
}})();"#
    )
}

/// The `'sha256-…'` source expression of `text`, for a CSP.
pub fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes())))
}

/// `html` with `script` run at the end of its body, and its
/// Content-Security-Policy `<meta>` elements changed to let that script
/// run and make its requests, and nothing more.
pub fn inject(html: &str, script: &str) -> String {
    let hash = csp_hash(script);
    let mut out = allow_script_in_meta_csp(html, &hash);
    let tag = format!("<script>{script}</script>\n");
    match rfind_ascii_case_insensitive(&out, "</body>") {
        Some(at) => out.insert_str(at, &tag),
        None => out.push_str(&tag),
    }
    out
}

fn rfind_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().rfind(needle)
}

/// Rewrites the `content` of every `<meta http-equiv="Content-Security-Policy">`.
fn allow_script_in_meta_csp(html: &str, hash: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 128);
    let mut copied = 0;
    let mut search = 0;
    while let Some(at) = lower[search..].find("<meta") {
        let start = search + at;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        search = end;
        let attrs = tag_attributes(&html[start + 5..end]);
        let is_csp = attrs.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("http-equiv") && value.text.trim().eq_ignore_ascii_case("content-security-policy")
        });
        let Some((_, content)) = attrs.iter().find(|(name, _)| name.eq_ignore_ascii_case("content")) else { continue };
        if !is_csp {
            continue;
        }
        let (from, to) = (start + 5 + content.start, start + 5 + content.end);
        let policy = allow_script(&content.text, hash).replace('&', "&amp;");
        let policy = match content.quote {
            Some('\'') => policy.replace('\'', "&#39;"),
            Some(_) => policy.replace('"', "&quot;"),
            None => format!("\"{}\"", policy.replace('"', "&quot;")),
        };
        out.push_str(&html[copied..from]);
        out.push_str(&policy);
        copied = to;
    }
    out.push_str(&html[copied..]);
    out
}

struct AttrValue {
    /// Byte range of the value within the attribute text, inside any quotes.
    start: usize,
    end: usize,
    quote: Option<char>,
    text: String,
}

/// The attributes of a start tag, from the text after its name.
fn tag_attributes(text: &str) -> Vec<(String, AttrValue)> {
    let bytes = text.as_bytes();
    let mut attrs = Vec::new();
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        while i < n && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < n && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'/') {
            i += 1;
        }
        if i == name_start {
            break;
        }
        let name = text[name_start..i].to_string();
        while i < n && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < n && bytes[i] == b'=' {
            i += 1;
            while i < n && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let (start, end, quote) = if i < n && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let q = bytes[i];
                let start = i + 1;
                let end = text[start..].find(q as char).map_or(n, |e| start + e);
                i = (end + 1).min(n);
                (start, end, Some(q as char))
            } else {
                let start = i;
                while i < n && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                (start, i, None)
            };
            let text_value = text[start..end]
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            attrs.push((name, AttrValue { start, end, quote, text: text_value }));
        } else {
            attrs.push((name, AttrValue { start: i, end: i, quote: None, text: String::new() }));
        }
    }
    attrs
}

/// `policy` changed to let the script with `hash` run and connect back to
/// this server. A directive the page lacks starts from `default-src`, so
/// nothing else the page does is allowed or blocked any differently.
pub fn allow_script(policy: &str, hash: &str) -> String {
    let mut directives: Vec<(String, Vec<String>)> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_ascii_whitespace();
            let name = words.next().unwrap_or("").to_ascii_lowercase();
            (name, words.map(str::to_string).collect())
        })
        .collect();
    let default: Option<Vec<String>> = directives.iter().find(|(n, _)| n == "default-src").map(|(_, s)| s.clone());
    let mut allow = |names: &[&str], source: &str| {
        let mut found = false;
        for (name, sources) in directives.iter_mut() {
            if names.contains(&name.as_str()) {
                found = true;
                add_source(sources, source);
            }
        }
        if !found && let Some(default) = &default {
            let mut sources = default.clone();
            add_source(&mut sources, source);
            directives.push((names[0].to_string(), sources));
        }
    };
    allow(&["script-src", "script-src-elem"], hash);
    allow(&["connect-src"], "'self'");
    directives
        .into_iter()
        .map(|(name, sources)| if sources.is_empty() { name } else { format!("{name} {}", sources.join(" ")) })
        .collect::<Vec<_>>()
        .join("; ")
}

fn add_source(sources: &mut Vec<String>, source: &str) {
    sources.retain(|s| !s.eq_ignore_ascii_case("'none'"));
    if !sources.iter().any(|s| s == source) {
        sources.push(source.to_string());
    }
}

/// The page shown in place of the site while the build fails: every
/// diagnostic, escaped, with the reload script so the page comes back by
/// itself once the mistake is fixed.
pub fn error_page(diagnostics: &[Diagnostic], script: &str) -> String {
    const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fff;color:#1a1a1a}\
main{max-width:60rem;margin:0 auto;padding:1.5rem}h1{font-size:1.5rem;color:#b00020}\
section{border-left:4px solid #b00020;background:#fdf3f4;padding:.5rem 1rem;margin:1rem 0}\
section.warning{border-color:#8a6d00;background:#fbf7e6}h2{font-size:1.1rem;margin:.25rem 0}\
.where{font-family:ui-monospace,monospace;margin:.25rem 0}pre{background:#fff;padding:.5rem;overflow-x:auto;border:1px solid #ddd}\
.help{margin:.25rem 0}@media (prefers-color-scheme:dark){body{background:#111;color:#eee}\
section{background:#2a1518}section.warning{background:#2a2410}pre{background:#000;border-color:#333}h1{color:#ff6b81}}";
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut body = String::new();
    for d in diagnostics {
        let (class, level) = match d.severity {
            Severity::Error => ("error", "error"),
            Severity::Warning => ("warning", "warning"),
        };
        body.push_str(&format!("<section class=\"{class}\">\n<h2>{level}: {}</h2>\n", escape(&d.message)));
        if let Some(path) = &d.path {
            let place = match &d.location {
                Some(loc) => format!("{}:{}:{}", path.display(), loc.line, loc.column),
                None => path.display().to_string(),
            };
            body.push_str(&format!("<p class=\"where\">{}</p>\n", escape(&place)));
        }
        if let Some(loc) = &d.location {
            let number = loc.line.to_string();
            let marker = " ".repeat(loc.column.saturating_sub(1));
            let line = loc.line_text.replace('\t', " ");
            body.push_str(&format!(
                "<pre>{number} | {}\n{} | {marker}^</pre>\n",
                escape(&line),
                " ".repeat(number.len())
            ));
        }
        if let Some(help) = &d.help {
            body.push_str(&format!("<p class=\"help\">help: {}</p>\n", escape(help)));
        }
        body.push_str("</section>\n");
    }
    let policy = format!(
        "default-src 'none'; style-src {}; img-src data:; script-src {}; connect-src 'self'; base-uri 'none'; form-action 'none'",
        csp_hash(STYLE),
        csp_hash(script)
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n\
<title>Build failed: {}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
<h1>The build failed: {}</h1>\n<p>Fix the mistake and save the file: this page reloads by itself.</p>\n{body}</main>\n\
<script>{script}</script>\n</body>\n</html>\n",
        plural(errors, "error"),
        plural(errors, "error"),
    )
}

/// The page for a page path the site does not have, with the reload script.
pub fn not_found_page(path: &str, script: &str) -> String {
    let policy = format!(
        "default-src 'none'; img-src data:; script-src {}; connect-src 'self'; base-uri 'none'; form-action 'none'",
        csp_hash(script)
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n<title>Not found</title>\n\
<link rel=\"icon\" href=\"data:,\">\n</head>\n<body>\n<h1>Not found</h1>\n\
<p>The site has no page at <code>{}</code>. This tab reloads with the next build; \
<a href=\"/\">the site's first page</a>.</p>\n<script>{script}</script>\n</body>\n</html>\n",
        escape(path)
    )
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

/// The Content-Type of a served file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Bytes shared with the snapshot, sent without copying.
struct Body(Arc<Vec<u8>>);

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn send(request: Request, status: u16, content_type: &str, bytes: Arc<Vec<u8>>, extra: &[(&str, &str)]) {
    let length = bytes.len();
    let mut headers = vec![
        header("Content-Type", content_type),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ];
    headers.extend(extra.iter().map(|(n, v)| header(n, v)));
    let response = Response::new(StatusCode(status), headers, Cursor::new(Body(bytes)), Some(length), None);
    let _ = request.respond(response);
}

fn send_text(request: Request, status: u16, text: &str, extra: &[(&str, &str)]) {
    send(request, status, "text/plain; charset=utf-8", Arc::new(text.as_bytes().to_vec()), extra);
}

/// Where a request path leads, if anywhere.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A built file, by its path in the site.
    File(String),
    /// A folder asked for without its `/`: send the browser to `to`.
    Redirect(String),
    Events,
    NotFound,
}

/// Maps a request target to a file of the site. Anything that is not a
/// plain path inside the site (`..` or `.` segments, in any encoding,
/// backslashes, NUL, bad UTF-8) is not found.
pub fn route(target: &str, exists: impl Fn(&str) -> bool) -> Route {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        return Route::Events;
    }
    let Some(path) = path.strip_prefix('/') else { return Route::NotFound };
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else { return Route::NotFound };
    if decoded.contains(['\\', '\0']) {
        return Route::NotFound;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Route::NotFound;
    }
    if segments[..segments.len() - 1].iter().any(|s| s.is_empty()) {
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
        let path_only = target.split(['?', '#']).next().unwrap_or("");
        return Route::Redirect(format!("{path_only}/{query}"));
    }
    // A page that does not exist yet may be one the failed build would make.
    if file.ends_with(".html") { Route::File(file) } else { Route::NotFound }
}

fn respond(request: Request, shared: &Shared, verbose: bool) {
    let method = request.method().clone();
    if verbose {
        eprintln!("{method} {}", request.url());
    }
    if !matches!(method, Method::Get | Method::Head) {
        return send_text(request, 405, "method not allowed\n", &[("Allow", "GET, HEAD")]);
    }
    let Current { tag, files, error_page, script } = shared.current();
    let target = request.url().to_string();
    match route(&target, |p| files.contains_key(p)) {
        Route::Events => {
            let since = target
                .split_once('?')
                .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("since=")))
                .map(|v| percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned())
                .unwrap_or_default();
            let now = if since == tag { wait_for_change(shared, &since) } else { tag };
            send_text(request, 200, &now, &[])
        }
        Route::Redirect(to) => send_text(request, 308, "moved\n", &[("Location", &to)]),
        Route::File(path) => {
            if path.ends_with(".html")
                && let Some(page) = error_page
            {
                return send(request, 500, content_type("x.html"), page, &[]);
            }
            match files.get(&path) {
                Some(bytes) => send(request, 200, content_type(&path), bytes.clone(), &[]),
                // A page that may come with the next build (a new slug, say):
                // the tab waits for it.
                None if path.ends_with(".html") => {
                    let page = not_found_page(&format!("/{path}"), &script);
                    send(request, 404, content_type(&path), Arc::new(page.into_bytes()), &[])
                }
                None => send_text(request, 404, "not found\n", &[]),
            }
        }
        Route::NotFound => send_text(request, 404, "not found\n", &[]),
    }
}

/// Blocks until the build changes from `since`, or for [`POLL_HOLD`];
/// returns the tag then current.
fn wait_for_change(shared: &Shared, since: &str) -> String {
    let guard = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
    let (guard, _) = shared
        .changed
        .wait_timeout_while(guard, POLL_HOLD, |s| s.tag == since)
        .unwrap_or_else(|e| e.into_inner());
    guard.tag.clone()
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
        assert_eq!(route("/caf%C3%A9.html", exists), Route::File("caf\u{e9}.html".into()));
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
    fn policy_allows_the_script_and_nothing_else() {
        let p = "default-src 'none'; style-src 'sha256-A'; img-src data:; base-uri 'none'; form-action 'none'";
        assert_eq!(
            allow_script(p, "'sha256-S'"),
            "default-src 'none'; style-src 'sha256-A'; img-src data:; base-uri 'none'; form-action 'none'; script-src 'sha256-S'; connect-src 'self'"
        );
        assert_eq!(
            allow_script("default-src 'self' https:; script-src 'none'", "'sha256-S'"),
            "default-src 'self' https:; script-src 'sha256-S'; connect-src 'self' https:"
        );
        assert_eq!(allow_script("img-src data:", "'sha256-S'"), "img-src data:");
    }

    #[test]
    fn injects_the_script_and_its_hash() {
        let html = "<html><head><META http-equiv=\"content-security-policy\" content=\"default-src 'none'\"><meta name=\"description\" content=\"d\"></head><body><p>x</p></body></html>";
        let out = inject(html, "alert(1)");
        let hash = csp_hash("alert(1)");
        assert!(out.contains(&format!("content=\"default-src 'none'; script-src {hash}; connect-src 'self'\"")), "{out}");
        assert!(out.contains("<meta name=\"description\" content=\"d\">"), "{out}");
        assert!(out.ends_with("<script>alert(1)</script>\n</body></html>"), "{out}");
        let single = inject("<meta http-equiv='Content-Security-Policy' content='default-src &#39;none&#39;'>", "x");
        assert!(single.starts_with("<meta http-equiv='Content-Security-Policy' content='default-src &#39;none&#39;; script-src &#39;sha256-"), "{single}");
    }

    #[test]
    fn error_page_escapes_diagnostics() {
        let d = Diagnostic::error("bad <b>thing</b>")
            .in_file("content/story.md")
            .at(crate::error::Location::at_line("a\n<script>x</script>\n", 2, 1))
            .help("use & not <");
        let page = error_page(&[d], "s()");
        assert!(page.contains("error: bad &lt;b&gt;thing&lt;/b&gt;"), "{page}");
        assert!(page.contains("content/story.md:2:1"), "{page}");
        assert!(page.contains("2 | &lt;script&gt;x&lt;/script&gt;"), "{page}");
        assert!(page.contains("help: use &amp; not &lt;"), "{page}");
        assert!(page.contains(&format!("script-src {}", csp_hash("s()"))), "{page}");
        assert!(page.contains("<script>s()</script>"), "{page}");
    }
}
