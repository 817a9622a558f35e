//! HTTP for `broadside serve`: reading a request head (`request.rs`),
//! answering it from the build being served (after the host check of
//! [`super::hosts`]; where its path leads, `route.rs`), and the response to
//! send (`response.rs`).

use std::collections::HashSet;
use std::sync::Arc;

mod request;
mod response;
mod route;

pub(crate) use request::{MAX_HEAD, Parsed, Request, parse};
pub(crate) use response::{Response, events_response, unchanged_response};

use super::Events;
use super::hosts::{Hosts, split_host};
use super::pages;
use super::snapshot::Served;
use response::content_type;
use route::{Route, route};

/// Names of refused hosts printed, at most (each one once).
const MAX_REFUSALS_NOTED: usize = 32;

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
            Route::Events => self.long_poll(request, served),
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

    /// A long poll of the reload script: answered at once when the site
    /// changed since the tab's tag, else held (see [`Answer::Wait`]).
    fn long_poll(&self, request: &Request, served: &mut Served) -> Answer {
        let target = &request.target;
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
        let page =
            query_value(target, "page").and_then(|path| match route(&path, |p| served.exists(p)) {
                Route::File(file) => Some(file),
                _ => None,
            });
        let page = page.map(|file| {
            let print = served.print(&file);
            (file, print)
        });
        Answer::Wait { since, page }
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

#[cfg(test)]
mod tests;
