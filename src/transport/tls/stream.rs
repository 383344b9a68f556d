//! tls:// connections: OpenSSL over our own socket I/O. The SSL object
//! reads the socket through `Wire` (the openssl crate's stream BIO calling
//! back into us) and writes its records into `Wire`'s output buffer, which
//! we send with `sendmsg(MSG_NOSIGNAL)`: never OpenSSL's socket BIO, whose
//! `write()` would raise SIGPIPE on a reset peer.
//!
//! Records are buffered rather than sent one by one: a 64 KiB message is
//! four or five records, and one send() for all of them (and for the
//! records of the messages after it) costs a fraction of one send() per
//! record. Because the buffer always accepts what OpenSSL writes, SSL_write
//! never has to be retried with the same arguments. The handshake and the
//! certificate checks happen here, before the ZMTP engine sees a byte.

use super::{verify, TlsEndpoint};
use crate::transport::{sys, Handshake, PeerIdentity, Stream};
use mio::event::Source;
use openssl::ssl::{ErrorCode, SslStream};
use std::io::{self, IoSlice, Read, Write};
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::Arc;

/// The largest TLS record payload: SSL_write makes one record per call.
const RECORD: usize = 16 * 1024;
/// Encrypt ahead of the socket up to about this much per write call.
const OUT_AHEAD: usize = 256 * 1024;
/// What OpenSSL may queue at most. Our own writes stop at OUT_AHEAD (plus
/// a record); only what reading makes OpenSSL send (an answer to each
/// KeyUpdate a peer requests) could go beyond, and a peer that asks for
/// answers without reading them is stopped here: the read waits until the
/// queue drains.
const OUT_LIMIT: usize = 2 * OUT_AHEAD;
/// Records are queued until there is this much to send at once.
const DIRECT: usize = 8 * 1024;
/// An emptied output buffer keeps at most this much memory (idle
/// connections should not hold a burst's worth each).
const OUT_KEEP: usize = 64 * 1024;

/// The socket as OpenSSL sees it: reads come from the socket, writes go to
/// the socket, through `out` when they cannot go now.
pub struct Wire {
    tcp: mio::net::TcpStream,
    out: Vec<u8>,
    sent: usize,
    /// The socket took less than it was offered: stop encrypting ahead
    /// (what is encrypted now would only be copied into `out`).
    full: bool,
}

impl Wire {
    fn pending(&self) -> bool {
        self.sent < self.out.len()
    }

    /// One sendmsg of the queue followed by `buf`: how much went, noting
    /// when the socket took less than offered.
    fn send(&mut self, buf: &[u8]) -> io::Result<usize> {
        let q = &self.out[self.sent..];
        let offered = q.len() + buf.len();
        let r = sys::send_vectored(self.tcp.as_raw_fd(), &[IoSlice::new(q), IoSlice::new(buf)]);
        match r {
            Ok(n) => {
                self.full = n < offered;
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                self.full = true;
                Ok(0)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(0),
            Err(e) => Err(e),
        }
    }

    fn sent_all(&mut self) {
        self.full = false;
        self.out.clear();
        self.sent = 0;
        if self.out.capacity() > OUT_KEEP {
            self.out.shrink_to(OUT_KEEP);
        }
    }

    /// Send what is queued: Ok(true) once all of it is gone.
    fn flush_out(&mut self) -> io::Result<bool> {
        while self.pending() {
            let n = self.send(&[])?;
            if n == 0 && self.full {
                return Ok(false);
            }
            self.sent += n;
        }
        self.sent_all();
        Ok(true)
    }
}

impl Read for Wire {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        sys::recv(self.tcp.as_raw_fd(), sys::as_uninit(buf))
    }
}

impl Write for Wire {
    /// Small records are queued, to leave together; once there is a
    /// record's worth, the queue and this record go out in one sendmsg,
    /// and only what the socket does not take now is copied into `out`.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let queued = self.out.len() - self.sent;
        if queued >= OUT_LIMIT {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let mut from = 0;
        if !self.full && queued + buf.len() >= DIRECT {
            let n = self.send(buf)?;
            let q = n.min(queued);
            self.sent += q;
            from = n - q;
            if self.sent == self.out.len() {
                self.sent_all();
            }
        }
        self.out.extend_from_slice(&buf[from..]);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub struct TlsStream {
    ssl: SslStream<Wire>,
    ep: Arc<TlsEndpoint>,
    peer: Option<String>,
    failure: Option<(i32, i32)>,
    /// Small pieces (a frame header, the tail of a body, the next header)
    /// are gathered here so that records stay full.
    stage: Vec<u8>,
}

impl TlsStream {
    pub fn new(
        tcp: mio::net::TcpStream,
        ep: Arc<TlsEndpoint>,
        peer: Option<String>,
    ) -> Option<TlsStream> {
        let ssl = ep.new_ssl()?;
        let wire = Wire {
            tcp,
            out: Vec::new(),
            sent: 0,
            full: false,
        };
        let ssl = SslStream::new(ssl, wire).ok()?;
        Some(TlsStream {
            ssl,
            ep,
            peer,
            failure: None,
            stage: Vec::new(),
        })
    }

    /// A failed SSL call in std::io terms: WANT_READ/WANT_WRITE are
    /// WouldBlock, a clean close_notify (or a bare EOF) is 0 bytes. A
    /// fatal alert refusing our certificate is remembered: under TLS 1.3
    /// a server judges the client's certificate after the client's
    /// handshake is done, so the client learns it here.
    fn io_error(&mut self, e: openssl::ssl::Error) -> io::Result<usize> {
        match e.code() {
            ErrorCode::ZERO_RETURN => Ok(0),
            ErrorCode::WANT_READ | ErrorCode::WANT_WRITE => Err(io::ErrorKind::WouldBlock.into()),
            ErrorCode::SYSCALL => match e.into_io_error() {
                Ok(io) => Err(io),
                Err(_) => Ok(0),
            },
            _ => {
                if verify::certificate_refused(&e) {
                    self.failure = Some(verify::classify_failure(self.ssl.ssl(), &e));
                }
                Err(io::Error::other("TLS failure"))
            }
        }
    }

    /// One SSL_write of the input at `skip` bytes into `bufs`: a large
    /// slice directly, small pieces gathered into a full record first.
    /// Returns the bytes it took.
    fn write_record(&mut self, bufs: &[IoSlice<'_>], skip: usize) -> io::Result<usize> {
        let mut at = skip;
        let mut first: &[u8] = &[];
        let mut rest = 0;
        for (i, b) in bufs.iter().enumerate() {
            if at < b.len() {
                first = &b[at..];
                rest = i + 1;
                break;
            }
            at -= b.len();
        }
        if first.is_empty() {
            return Ok(0);
        }
        // The output queue never refuses what we write here (write_vectored
        // stops at OUT_AHEAD, the queue at OUT_LIMIT) and renegotiation is
        // off, so SSL_write never asks to be retried with the same
        // arguments: each call may offer different bytes.
        let r = if first.len() >= RECORD || rest == bufs.len() {
            self.ssl.ssl_write(first)
        } else {
            self.stage.clear();
            let mut piece = first;
            let mut next = rest;
            loop {
                let take = piece.len().min(RECORD - self.stage.len());
                self.stage.extend_from_slice(&piece[..take]);
                if self.stage.len() == RECORD || next == bufs.len() {
                    break;
                }
                piece = &bufs[next];
                next += 1;
            }
            self.ssl.ssl_write(&self.stage)
        };
        r.or_else(|e| self.io_error(e))
    }
}

impl Drop for TlsStream {
    /// Tell the peer the session ended on purpose (close_notify), one
    /// non-blocking attempt: a peer that sees only a TCP close cannot tell
    /// it from a truncation.
    fn drop(&mut self) {
        if self.ssl.ssl().is_init_finished() {
            let _ = self.ssl.shutdown();
            let _ = self.ssl.get_mut().flush_out();
        }
    }
}

impl Stream for TlsStream {
    fn source(&mut self) -> &mut dyn Source {
        &mut self.ssl.get_mut().tcp
    }

    fn fd(&self) -> RawFd {
        self.ssl.get_ref().tcp.as_raw_fd()
    }

    fn handshake(&mut self) -> Handshake {
        let r = self.ssl.do_handshake();
        // Our flight goes out now; what does not fit waits for writable
        // (the session flushes before anything else).
        if let Err(e) = self.ssl.get_mut().flush_out() {
            if !matches!(r, Ok(())) {
                return Handshake::Failed {
                    event: crate::constants::ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
                    value: e.raw_os_error().unwrap_or(libc::ECONNRESET),
                };
            }
        }
        match r {
            Ok(()) => match self.ep.after_handshake(self.ssl.ssl()) {
                Ok(t) => Handshake::Done(PeerIdentity { tls: Some(t) }),
                Err((event, value)) => Handshake::Failed { event, value },
            },
            Err(e) => match e.code() {
                ErrorCode::WANT_READ | ErrorCode::WANT_WRITE => Handshake::Pending,
                _ => {
                    let (event, value) = verify::classify_failure(self.ssl.ssl(), &e);
                    Handshake::Failed { event, value }
                }
            },
        }
    }

    fn read(&mut self, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize> {
        loop {
            let r = self.ssl.ssl_read_uninit(buf);
            // Reading can make OpenSSL answer (a KeyUpdate, an alert); a
            // full output queue stops the read (WANT_WRITE) until it
            // drains: at once if the socket takes it now, else after the
            // session's flush on writable.
            let drained = self.ssl.get_mut().flush_out().unwrap_or(false);
            match r {
                Ok(n) => return Ok(n),
                Err(e) if e.code() == ErrorCode::WANT_WRITE && drained => continue,
                Err(e) => return self.io_error(e),
            }
        }
    }

    /// Encrypt records of `bufs` while the socket takes them (and at most
    /// OUT_AHEAD queued), then send what is queued; the bytes count as
    /// written once they are records.
    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        if !self.ssl.get_mut().flush_out()? {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let total: usize = bufs.iter().map(|b| b.len()).sum();
        let mut done = 0;
        while done < total && !self.ssl.get_ref().full && self.ssl.get_ref().out.len() < OUT_AHEAD {
            match self.write_record(bufs, done) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if done > 0 && e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) => return Err(e),
            }
        }
        self.ssl.get_mut().flush_out()?;
        Ok(done)
    }

    fn has_pending(&self) -> bool {
        self.ssl.get_ref().pending()
    }

    fn flush(&mut self) -> io::Result<bool> {
        self.ssl.get_mut().flush_out()
    }

    fn failure(&self) -> Option<(i32, i32)> {
        self.failure
    }

    fn peer_address(&self) -> Option<String> {
        self.peer.clone()
    }
}
