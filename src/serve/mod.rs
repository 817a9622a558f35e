//! `broadside serve`: builds the site in memory, serves it to this machine,
//! rebuilds when a source changes and reloads the open browser tab.
//!
//! Serving is a build option: every page is rendered with the reload script
//! (`reload.js`) and a policy that allows it ([`crate::LiveReload`]), so
//! nothing here reads or changes HTML. Nothing is written to disk.
//!
//! - `server`: the connections, on one thread, bounded;
//! - `http`: requests, routing, responses;
//! - `hosts`: the names the server answers to;
//! - `snapshot`: the build being served, and rebuilding;
//! - `watch`: the sources, watched and debounced;
//! - `pages`: the server's own pages (build failed, not found, refused).

mod hosts;
mod http;
mod pages;
mod server;
mod snapshot;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Diagnostic;
use crate::options::BuildOptions;

/// The path under which the server answers for itself: the reload script
/// long-polls it for the next build.
pub(crate) const EVENTS_PATH: &str = "/__broadside/events";

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build; `out_dir` is not used: nothing is written.
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0: any free port.
    pub port: u16,
    /// Names besides this machine's own that requests may be addressed to
    /// (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

/// Checks a name given to `--allow-host`: a host name or an IP address,
/// without a port. Returns it as the server compares it (lower case, IPv6
/// in brackets).
pub fn allowed_host(name: &str) -> Result<String, String> {
    hosts::host_name(name)
}

/// What happens while the server runs, for the person running it. The
/// library says what happened; the command decides what to show, and how.
pub trait Events: Send + Sync {
    /// The server listens at `url`; `exposed` warns when other machines
    /// can reach it.
    fn listening(&self, url: &str, exposed: Option<&Diagnostic>);
    /// Sources changed; a rebuild follows.
    fn changed(&self, paths: &[PathBuf]);
    /// The site was loaded (`first`: before serving began) or brought up
    /// to date; its pages are rendered when asked for.
    fn built(&self, first: bool, pages: usize, milliseconds: f64, warnings: &[Diagnostic]);
    /// Loading the site, or rendering a page of it, failed; the browser
    /// shows the diagnostics until they are fixed.
    fn failed(&self, diagnostics: &[Diagnostic]);
    /// Something worth knowing that is not about one build.
    fn warning(&self, warning: &Diagnostic);
    /// A request and the status it got (`None`: held, a long poll).
    fn answered(&self, method: &str, target: &str, status: Option<u16>);
    /// The first request for a name that is not the server's.
    fn refused(&self, host: &str);
    /// A passing problem of the machine (accepting a connection, watching).
    fn trouble(&self, what: &str);
    /// The server stopped (Ctrl-C).
    fn stopped(&self);
}

/// `broadside serve`: serves until Ctrl-C, telling `events` what happens.
pub fn serve(options: &ServeOptions, events: Arc<dyn Events>) -> Result<(), Diagnostic> {
    let content = &options.build.content_dir;
    if !content.is_dir() {
        let what = if content.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(Diagnostic::error(format!("the content folder `{}` {what}", content.display()))
            .help("run broadside from the folder that holds content/, pass --content DIR, or make a new site with `broadside init`"));
    }
    // Listen first: a port in use is reported before any work is done.
    let wanted = SocketAddr::new(options.bind, options.port);
    let cannot_serve = |e: std::io::Error| {
        Diagnostic::error(format!("cannot serve on {wanted}: {e}"))
            .help("choose another port with --port N, or --port 0 for any free one")
    };
    let server = server::Server::bind(wanted).map_err(cannot_serve)?;
    let address = server.local_addr().map_err(cannot_serve)?;
    let waker = server.waker();
    let builds = Arc::new(snapshot::Builds::new(
        options.build.clone(),
        events.clone(),
        Box::new(move || {
            let _ = waker.wake();
        }),
    ));
    // Watch before the first build, so no change made during it is missed.
    let mut sources = vec![content.clone()];
    sources.extend(options.build.templates_dir.iter().cloned());
    let watcher = {
        let builds = builds.clone();
        let events = events.clone();
        let trouble = events.clone();
        watch::watch(
            &sources,
            move |changed| {
                events.changed(&changed);
                builds.rebuild(Some(&changed));
            },
            move |e| trouble.trouble(&format!("file watching: {e}")),
        )?
    };
    builds.rebuild(None);

    let stopping = Arc::new(AtomicBool::new(false));
    {
        let stopping = stopping.clone();
        let waker = server.waker();
        ctrlc::set_handler(move || {
            stopping.store(true, Ordering::SeqCst);
            let _ = waker.wake();
        })
        .map_err(|e| Diagnostic::error(format!("cannot handle Ctrl-C: {e}")))?;
    }
    events.listening(&url_of(address), exposed(address.ip()).as_ref());
    let router = http::Router::new(
        hosts::Hosts::new(address.ip(), address.port(), &options.allow_hosts),
        events.clone(),
    );
    server
        .run(router, &builds, &stopping, events.as_ref())
        .map_err(|e| Diagnostic::error(format!("the server stopped: {e}")))?;
    drop(watcher);
    events.stopped();
    Ok(())
}

/// The warning for listening on `ip` when other machines can reach it.
fn exposed(ip: IpAddr) -> Option<Diagnostic> {
    let loopback = match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map_or(v6.is_loopback(), |v4| v4.is_loopback()),
        IpAddr::V4(v4) => v4.is_loopback(),
    };
    (!loopback).then(|| {
        let what = if ip.is_unspecified() { format!("every interface ({ip})") } else { ip.to_string() };
        Diagnostic::warning(format!(
            "listening on {what}: every machine on that network can read the drafts, embargoed stories included"
        ))
        .help(
            "leave out --bind to serve to this machine only; other machines reach this one only by a name \
             given with --allow-host NAME (its address on the network, say)",
        )
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listening_beyond_this_machine_is_warned_about() {
        for quiet in ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"] {
            assert!(exposed(quiet.parse().unwrap()).is_none(), "{quiet}");
        }
        for loud in ["0.0.0.0", "::", "192.168.1.5", "fe80::1"] {
            let d = exposed(loud.parse().unwrap()).expect(loud);
            assert!(
                d.message
                    .contains("every machine on that network can read the drafts"),
                "{}",
                d.message
            );
        }
        assert!(
            exposed("0.0.0.0".parse().unwrap())
                .unwrap()
                .message
                .starts_with("listening on every interface (0.0.0.0)")
        );
    }
}
