//! One connection of `broadside serve`: what it received, what it is
//! doing (reading a request head, holding a long poll, sending), and the
//! response on its way.

use std::io::{self, IoSlice, Read, Write};
use std::sync::Arc;
use std::time::Instant;

use mio::net::TcpStream;

use crate::serve::http::Response;

pub(super) struct Conn {
    pub(super) stream: TcpStream,
    /// Bytes received and not yet handled: (part of) the next request head.
    pub(super) input: Vec<u8>,
    pub(super) state: State,
    /// When the connection last received a request or sent a byte.
    pub(super) active: Instant,
    /// When it is closed (or, holding a long poll, answered) if nothing happens.
    pub(super) deadline: Instant,
}

pub(super) enum State {
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
pub(super) struct Outgoing {
    pub(super) head: Vec<u8>,
    pub(super) body: Arc<[u8]>,
    pub(super) written: usize,
}

impl Outgoing {
    pub(super) fn new(response: &Response, head_only: bool, keep_alive: bool) -> Outgoing {
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
    pub(super) fn write_to(&mut self, stream: &mut TcpStream) -> io::Result<bool> {
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

pub(super) enum Received {
    Some,
    /// Nothing more for now.
    Blocked,
    /// The client closed the connection.
    End,
}

/// Reads what has arrived on the connection into its input.
pub(super) fn read_some(conn: &mut Conn) -> io::Result<Received> {
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
