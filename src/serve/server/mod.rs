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

//!
//! This file holds the loop; `connections.rs` the open connections and
//! what each one is doing, `conn.rs` one connection's bytes in and out.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use mio::net::TcpListener;
use mio::{Events, Interest, Poll, Token, Waker};

mod conn;
mod connections;

use super::Events as ServeEvents;
use super::http::Router;
use super::snapshot::Builds;
use connections::{Accepted, Connections};

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
        let mut state = Connections::new(router, builds.served().tag.clone());
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
