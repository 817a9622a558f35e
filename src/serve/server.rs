//! The connection loop of `broadside serve`: one thread and non-blocking
//! sockets (mio), however many clients connect.
//!
//! No client can hold a thread, and each costs a socket and at most one
//! request head of memory. At most [`MAX_CONNECTIONS`] are open: a new one
//! closes the connection idle longest. A request head must come within
//! [`HEAD_TIMEOUT`], and a response must make progress within
//! [`WRITE_TIMEOUT`]. Long polls held for the next build are bounded apart
//! ([`MAX_WAITING`], and never closed to make room), so a flood of idle or
//! slow clients leaves the writer's open tab reloading.

use std::collections::HashMap;
use std::io::{self, IoSlice, Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use super::Events as ServeEvents;
use super::http::{self, Answer, Parsed, Request, Response, Router};
use super::snapshot::{Builds, Served};

/// Open connections at most.
const MAX_CONNECTIONS: usize = 256;
/// Connections accepted in one turn of the loop, so that those accepted
/// before have their requests read before any is closed to make room.
const ACCEPT_BATCH: usize = 32;
/// Long polls held at most; more get 503, and their script asks again.
const MAX_WAITING: usize = 64;
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a long poll is held when nothing changes.
const POLL_HOLD: Duration = Duration::from_secs(25);

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);
const FIRST_CONNECTION: usize = 2;

/// The listening socket, ready to serve.
pub(crate) struct Server {
    poll: Poll,
    listener: TcpListener,
    waker: Arc<Waker>,
}

impl Server {
    pub(crate) fn bind(address: SocketAddr) -> io::Result<Server> {
        let poll = Poll::new()?;
        let mut listener = TcpListener::bind(address)?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        Ok(Server {
            poll,
            listener,
            waker,
        })
    }

    pub(crate) fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Wakes [`Server::run`]: to answer long polls after a build, or to stop.
    pub(crate) fn waker(&self) -> Arc<Waker> {
        self.waker.clone()
    }

    /// Serves until `stopping` is set (and the waker woken).
    pub(crate) fn run(
        self,
        router: Router,
        builds: &Builds,
        stopping: &AtomicBool,
        told: &dyn ServeEvents,
    ) -> io::Result<()> {
        let Server {
            mut poll,
            listener,
            waker: _waker,
        } = self;
        let mut state = Connections {
            conns: HashMap::new(),
            next: FIRST_CONNECTION,
            router,
            tag: builds.served().tag.clone(),
        };
        let mut events = Events::with_capacity(256);
        let mut accept_again: Option<Instant> = None;
        loop {
            let timeout = state.next_deadline().into_iter().chain(accept_again).min();
            let timeout = timeout.map(|at| at.saturating_duration_since(Instant::now()));
            if let Err(e) = poll.poll(&mut events, timeout) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(e);
            }
            if stopping.load(Ordering::SeqCst) {
                return Ok(());
            }
            // Held for this turn of the loop: the site does not change while
            // its pages are sent (a change waits for it, then wakes the loop).
            let mut served = builds.served();
            let mut accept = accept_again.is_some_and(|at| at <= Instant::now());
            for event in events.iter() {
                match event.token() {
                    LISTENER => accept = true,
                    WAKER => {}
                    token => state.drive(token, &poll, &mut served),
                }
            }
            if accept {
                accept_again = match state.accept(&listener, &poll) {
                    Ok(Accepted::All) => None,
                    Ok(Accepted::More) => Some(Instant::now()),
                    Err(e) => {
                        told.trouble(&format!("cannot accept a connection: {e}"));
                        Some(Instant::now() + Duration::from_millis(100))
                    }
                };
            }
            if served.tag != state.tag {
                state.tag = served.tag.clone();
                state.site_changed(&poll, &mut served);
            }
            state.expire(&poll, &mut served);
        }
    }
}

struct Connections {
    conns: HashMap<Token, Conn>,
    next: usize,
    router: Router,
    /// The tag of the build long polls were last answered for.
    tag: String,
}

struct Conn {
    stream: TcpStream,
    /// Bytes received and not yet handled: (part of) the next request head.
    input: Vec<u8>,
    state: State,
    /// When the connection last received a request or sent a byte.
    active: Instant,
    /// When it is closed (or, holding a long poll, answered) if nothing happens.
    deadline: Instant,
}

enum State {
    /// Waiting for (the rest of) a request head.
    Reading,
    /// Holding a long poll until the page the tab shows changes: `asked`
    /// is the tag the tab asked with, `since` the latest that shows the
    /// page alike, `page` the page and what it shows (None: any change).
    Waiting {
        asked: String,
        since: String,
        page: Option<(String, u64)>,
        head_only: bool,
        keep_alive: bool,
    },
    /// Sending a response.
    Writing { out: Outgoing, keep_alive: bool },
}

/// A response on its way: its head, then its body unless the request was HEAD.
struct Outgoing {
    head: Vec<u8>,
    body: Arc<[u8]>,
    written: usize,
}

impl Outgoing {
    fn new(response: &Response, head_only: bool, keep_alive: bool) -> Outgoing {
        let body = if head_only {
            Arc::from(&[][..])
        } else {
            response.body.clone()
        };
        Outgoing {
            head: response.head(keep_alive),
            body,
            written: 0,
        }
    }

    /// Writes as much as the socket takes; true once all of it is sent.
    fn write_to(&mut self, stream: &mut TcpStream) -> io::Result<bool> {
        let total = self.head.len() + self.body.len();
        while self.written < total {
            let (head, body) = if self.written < self.head.len() {
                (&self.head[self.written..], &self.body[..])
            } else {
                (&[][..], &self.body[self.written - self.head.len()..])
            };
            match stream.write_vectored(&[IoSlice::new(head), IoSlice::new(body)]) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => self.written += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }
}

impl Connections {
    /// Accepts pending connections, a batch at most; at the bound, each
    /// closes the connection idle longest.
    fn accept(&mut self, listener: &TcpListener, poll: &Poll) -> io::Result<Accepted> {
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
    fn drive(&mut self, token: Token, poll: &Poll, served: &mut Served) {
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
    fn site_changed(&mut self, poll: &Poll, served: &mut Served) {
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
    fn next_deadline(&self) -> Option<Instant> {
        self.conns.values().map(|c| c.deadline).min()
    }

    /// Answers the long polls held long enough (their script asks again),
    /// and closes the connections that went quiet.
    fn expire(&mut self, poll: &Poll, served: &mut Served) {
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

enum Accepted {
    All,
    /// More may be waiting: accept again after a turn of the loop.
    More,
}

enum Received {
    Some,
    /// Nothing more for now.
    Blocked,
    /// The client closed the connection.
    End,
}

/// Reads what has arrived on the connection into its input.
fn read_some(conn: &mut Conn) -> io::Result<Received> {
    let mut buffer = [0; 4096];
    loop {
        return match conn.stream.read(&mut buffer) {
            Ok(0) => Ok(Received::End),
            Ok(n) => {
                conn.input.extend_from_slice(&buffer[..n]);
                Ok(Received::Some)
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Received::Blocked),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => Err(e),
        };
    }
}
