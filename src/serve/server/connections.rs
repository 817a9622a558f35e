//! The open connections of `broadside serve`, by token: accepting new
//! ones within the bound, driving each as far as its socket allows,
//! holding long polls and answering them when the site changes, and
//! closing those gone quiet.

use std::collections::HashMap;
use std::io;
use std::time::Instant;

use mio::net::TcpListener;
use mio::{Interest, Poll, Token};

use super::conn::{Conn, Outgoing, Received, State, read_some};
use super::{
    ACCEPT_BATCH, FIRST_CONNECTION, HEAD_TIMEOUT, MAX_CONNECTIONS, MAX_WAITING, POLL_HOLD,
    WRITE_TIMEOUT,
};
use crate::serve::http::{self, Answer, Parsed, Request, Response, Router};
use crate::serve::snapshot::Served;

pub(super) struct Connections {
    conns: HashMap<Token, Conn>,
    next: usize,
    router: Router,
    /// The tag of the build long polls were last answered for.
    pub(super) tag: String,
}

impl Connections {
    pub(super) fn new(router: Router, tag: String) -> Connections {
        Connections {
            conns: HashMap::new(),
            next: FIRST_CONNECTION,
            router,
            tag,
        }
    }

    /// Accepts pending connections, a batch at most; at the bound, each
    /// closes the connection idle longest.
    pub(super) fn accept(&mut self, listener: &TcpListener, poll: &Poll) -> io::Result<Accepted> {
        for _ in 0..ACCEPT_BATCH {
            let (mut stream, _) = match listener.accept() {
                Ok(accepted) => accepted,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(Accepted::All),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if self.conns.len() >= MAX_CONNECTIONS {
                let idlest = self
                    .conns
                    .iter()
                    .filter(|(_, c)| !matches!(c.state, State::Waiting { .. }))
                    .min_by_key(|(_, c)| c.active)
                    .map(|(token, _)| *token);
                match idlest {
                    Some(token) => self.close(token, poll),
                    None => continue, // cannot happen: fewer may wait than connect
                }
            }
            let token = Token(self.next);
            self.next = self.next.checked_add(1).unwrap_or(FIRST_CONNECTION);
            let _ = stream.set_nodelay(true);
            poll.registry().register(
                &mut stream,
                token,
                Interest::READABLE | Interest::WRITABLE,
            )?;
            let now = Instant::now();
            let conn = Conn {
                stream,
                input: Vec::new(),
                state: State::Reading,
                active: now,
                deadline: now + HEAD_TIMEOUT,
            };
            self.conns.insert(token, conn);
        }
        Ok(Accepted::More)
    }

    fn close(&mut self, token: Token, poll: &Poll) {
        if let Some(mut conn) = self.conns.remove(&token) {
            let _ = poll.registry().deregister(&mut conn.stream);
        }
    }

    /// Makes all the progress connection `token` allows.
    pub(super) fn drive(&mut self, token: Token, poll: &Poll, served: &mut Served) {
        let Some(mut conn) = self.conns.remove(&token) else {
            return;
        };
        if self.progress(&mut conn, served).unwrap_or(false) {
            self.conns.insert(token, conn);
        } else {
            let _ = poll.registry().deregister(&mut conn.stream);
        }
    }

    /// Reads, handles and writes until the socket would block; false when
    /// the connection is done with.
    fn progress(&mut self, conn: &mut Conn, served: &mut Served) -> io::Result<bool> {
        loop {
            match &mut conn.state {
                State::Writing { out, keep_alive } => {
                    let before = out.written;
                    let done = out.write_to(&mut conn.stream)?;
                    if out.written > before {
                        conn.active = Instant::now();
                        conn.deadline = conn.active + WRITE_TIMEOUT;
                    }
                    if !done {
                        return Ok(true);
                    }
                    if !*keep_alive {
                        return Ok(false);
                    }
                    conn.state = State::Reading;
                    conn.deadline = Instant::now() + HEAD_TIMEOUT;
                }
                State::Reading => match http::parse(&conn.input) {
                    Parsed::Request(request, length) => {
                        conn.input.drain(..length);
                        conn.active = Instant::now();
                        self.start(conn, &request, served);
                    }
                    Parsed::Refused(response) => {
                        conn.input.clear();
                        conn.state = State::Writing {
                            out: Outgoing::new(&response, false, false),
                            keep_alive: false,
                        };
                        conn.deadline = Instant::now() + WRITE_TIMEOUT;
                    }
                    Parsed::Partial => match read_some(conn)? {
                        Received::Some => {}
                        Received::Blocked => return Ok(true),
                        Received::End => return Ok(false),
                    },
                },
                // Nothing to send before the next build; but notice the
                // client leaving, and keep what it sends next (a head at most).
                State::Waiting { .. } if conn.input.len() > http::MAX_HEAD => return Ok(true),
                State::Waiting { .. } => match read_some(conn)? {
                    Received::Some => {}
                    Received::Blocked => return Ok(true),
                    Received::End => return Ok(false),
                },
            }
        }
    }

    /// Answers `request`, or holds it when it is a long poll from a page of
    /// the site as it is.
    fn start(&mut self, conn: &mut Conn, request: &Request, served: &mut Served) {
        let head_only = request.method == "HEAD";
        let keep_alive = request.keep_alive;
        let response = match self.router.answer(request, served) {
            Answer::Send(response) => response,
            Answer::Wait { since, page } if self.waiting() < MAX_WAITING => {
                conn.state = State::Waiting {
                    asked: since.clone(),
                    since,
                    page,
                    head_only,
                    keep_alive,
                };
                conn.deadline = Instant::now() + POLL_HOLD;
                return;
            }
            Answer::Wait { .. } => {
                Response::text(503, "too many open tabs are waiting for the next build\n")
                    .header("Retry-After", "1")
            }
        };
        conn.state = State::Writing {
            out: Outgoing::new(&response, head_only, keep_alive),
            keep_alive,
        };
        conn.deadline = Instant::now() + WRITE_TIMEOUT;
    }

    fn waiting(&self) -> usize {
        self.conns
            .values()
            .filter(|c| matches!(c.state, State::Waiting { .. }))
            .count()
    }

    /// The site changed: answers the long polls whose page now shows
    /// something else (or that gave no page) with the new tag, so their
    /// tabs reload; the others wait on, under the new tag.
    pub(super) fn site_changed(&mut self, poll: &Poll, served: &mut Served) {
        let tokens: Vec<Token> = self.conns.keys().copied().collect();
        for token in tokens {
            let Some(conn) = self.conns.get_mut(&token) else {
                continue;
            };
            let State::Waiting { since, page, .. } = &mut conn.state else {
                continue;
            };
            match page {
                Some((file, print)) if served.print(file) == *print => *since = served.tag.clone(),
                _ => self.answer(token, poll, served, http::events_response(&served.tag)),
            }
        }
    }

    /// Answers the long poll of connection `token` with `response`.
    fn answer(&mut self, token: Token, poll: &Poll, served: &mut Served, response: Response) {
        if let Some(conn) = self.conns.get_mut(&token)
            && let State::Waiting {
                head_only,
                keep_alive,
                ..
            } = conn.state
        {
            let out = Outgoing::new(&response, head_only, keep_alive);
            conn.state = State::Writing { out, keep_alive };
            conn.deadline = Instant::now() + WRITE_TIMEOUT;
        }
        self.drive(token, poll, served);
    }

    /// The earliest deadline of any connection.
    pub(super) fn next_deadline(&self) -> Option<Instant> {
        self.conns.values().map(|c| c.deadline).min()
    }

    /// Answers the long polls held long enough (their script asks again),
    /// and closes the connections that went quiet.
    pub(super) fn expire(&mut self, poll: &Poll, served: &mut Served) {
        let now = Instant::now();
        let held: Vec<(Token, Response)> = self
            .conns
            .iter()
            .filter(|(_, c)| c.deadline <= now)
            .filter_map(|(token, c)| match &c.state {
                State::Waiting { asked, since, .. } if asked == since => {
                    Some((*token, http::events_response(since)))
                }
                State::Waiting { since, .. } => Some((*token, http::unchanged_response(since))),
                _ => None,
            })
            .collect();
        for (token, response) in held {
            self.answer(token, poll, served, response);
        }
        let quiet: Vec<Token> = self
            .conns
            .iter()
            .filter(|(_, c)| c.deadline <= now)
            .map(|(token, _)| *token)
            .collect();
        for token in quiet {
            self.close(token, poll);
        }
    }
}

pub(super) enum Accepted {
    All,
    /// More may be waiting: accept again after a turn of the loop.
    More,
}
