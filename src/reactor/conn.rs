//! One live connection: the byte stream, the ZMTP state and the buffers
//! between them.

use crate::msg::{Metadata, Msg};
use crate::zmtp::Zmtp;
use openssl::ssl::{ErrorCode, SslStream};
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::Arc;
use std::time::Instant;

/// Bytes gathered for one write syscall before it is made.
pub const OUT_BATCH: usize = 64 * 1024;
/// Bodies at least this large are written straight from their message
/// (after their header), not copied into the output batch.
pub const LARGE_BODY: usize = 32 * 1024;
/// Read batch. Small enough that a large body mostly bypasses it (read
/// straight into its message), large enough to carry hundreds of small
/// messages per syscall; also one TLS record.
const IN_BUF: usize = 16 * 1024;

pub enum Stream {
    Tcp(mio::net::TcpStream),
    Tls(Box<SslStream<mio::net::TcpStream>>),
}

/// Map an OpenSSL I/O result to std::io terms: WANT_READ/WANT_WRITE are
/// WouldBlock, a clean close_notify (or a bare EOF) is 0 bytes.
fn ssl_io(r: Result<usize, openssl::ssl::Error>) -> std::io::Result<usize> {
    use std::io::{Error, ErrorKind};
    match r {
        Ok(n) => Ok(n),
        Err(e) => match e.code() {
            ErrorCode::ZERO_RETURN => Ok(0),
            ErrorCode::WANT_READ | ErrorCode::WANT_WRITE => Err(ErrorKind::WouldBlock.into()),
            ErrorCode::SYSCALL => match e.into_io_error() {
                Ok(io) => Err(io),
                Err(_) => Ok(0),
            },
            _ => Err(Error::other("TLS failure")),
        },
    }
}

impl Stream {
    pub fn fd(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        match self {
            Stream::Tcp(s) => s.as_raw_fd(),
            Stream::Tls(s) => s.get_ref().as_raw_fd(),
        }
    }

    pub fn source(&mut self) -> &mut mio::net::TcpStream {
        match self {
            Stream::Tcp(s) => s,
            Stream::Tls(s) => s.get_mut(),
        }
    }
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.read(buf),
            Stream::Tls(s) => ssl_io(s.ssl_read(buf)),
        }
    }
    /// Write `head` then `tail`: one writev on tcp; on tls one SSL_write
    /// of whichever comes first (OpenSSL wants a retry to repeat it).
    fn write2(&mut self, head: &[u8], tail: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Tcp(s) if tail.is_empty() => s.write(head),
            Stream::Tcp(s) => {
                s.write_vectored(&[std::io::IoSlice::new(head), std::io::IoSlice::new(tail)])
            }
            Stream::Tls(s) if head.is_empty() => ssl_io(s.ssl_write(tail)),
            Stream::Tls(s) => ssl_io(s.ssl_write(head)),
        }
    }
}

pub enum IoResult {
    /// Made progress or nothing to do.
    Ok,
    /// The peer closed or the stream failed.
    Closed,
}

pub struct Conn {
    pub stream: Stream,
    pub zmtp: Zmtp,
    pub out: Vec<u8>,
    pub out_pos: usize,
    pub inbuf: Box<[u8]>,
    pub in_pos: usize,
    pub in_len: usize,
    /// Messages taken from the pipe, not yet encoded.
    pub local_out: VecDeque<Msg>,
    /// A large body going out after `out`, and how much of it has.
    pub body: Option<(Msg, usize)>,
    /// Frames decoded, not yet handed to the pipe; `in_msgs` complete ones.
    pub in_batch: VecDeque<Msg>,
    pub in_msgs: u64,
    /// The last frame decoded had MORE set.
    pub in_more: bool,
    /// The inbound pipe is full; reading paused.
    pub read_blocked: bool,
    pub can_read: bool,
    pub can_write: bool,
    pub meta: Option<Arc<Metadata>>,
    pub peer_addr: String,
    pub handshake_deadline: Option<Instant>,
    pub next_ping: Option<Instant>,
    pub pong_deadline: Option<Instant>,
    pub ttl_deadline: Option<Instant>,
    /// The TLS handshake is still under way (tls:// only).
    pub tls_pending: bool,
    /// The verified peer certificate's subject CN (ZMQ "User-Id").
    pub user_id: Option<String>,
    /// A handshake failure was already reported to the monitor.
    pub failure_reported: bool,
}

impl Conn {
    pub fn new(stream: Stream, zmtp: Zmtp, peer_addr: String) -> Conn {
        Conn {
            stream,
            zmtp,
            out: Vec::with_capacity(OUT_BATCH + 1024),
            out_pos: 0,
            inbuf: vec![0u8; IN_BUF].into_boxed_slice(),
            in_pos: 0,
            in_len: 0,
            local_out: VecDeque::new(),
            body: None,
            in_batch: VecDeque::new(),
            in_msgs: 0,
            in_more: false,
            read_blocked: false,
            can_read: true,
            can_write: true,
            meta: None,
            peer_addr,
            handshake_deadline: None,
            next_ping: None,
            pong_deadline: None,
            ttl_deadline: None,
            tls_pending: false,
            user_id: None,
            failure_reported: false,
        }
    }

    /// Read once into the input buffer. Returns Ok(false) on WouldBlock.
    pub fn fill_input(&mut self) -> Result<bool, ()> {
        if self.in_pos == self.in_len {
            self.in_pos = 0;
            self.in_len = 0;
        }
        if self.in_len == self.inbuf.len() {
            return Ok(true);
        }
        loop {
            match self.stream.read(&mut self.inbuf[self.in_len..]) {
                Ok(0) => return Err(()),
                Ok(n) => {
                    self.in_len += n;
                    // Any traffic proves the peer alive.
                    self.pong_deadline = None;
                    self.ttl_deadline = None;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    self.can_read = false;
                    return Ok(false);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(()),
            }
        }
    }

    /// Read straight into a large body in progress (no staging copy).
    /// None when the decoder is not in such a body.
    pub fn read_body(&mut self) -> Option<std::io::Result<usize>> {
        let rem = self.zmtp.decoder().body_remaining();
        let body = self.zmtp.decoder().body_sink()?;
        let old = body.len();
        // Grow by what the peer has yet to send, in bounded steps.
        body.resize(old + rem.min(1 << 20), 0);
        let r = self.stream.read(&mut body[old..]);
        body.truncate(old + *r.as_ref().unwrap_or(&0));
        if matches!(r, Ok(n) if n > 0) {
            self.pong_deadline = None;
            self.ttl_deadline = None;
        }
        Some(r)
    }

    pub fn pending_output(&self) -> bool {
        self.out_pos < self.out.len() || self.body.is_some()
    }

    /// Write buffered output (then the large body, if any) until done or
    /// WouldBlock.
    pub fn flush(&mut self) -> IoResult {
        let Conn {
            stream,
            out,
            out_pos,
            body,
            can_write,
            ..
        } = self;
        loop {
            let head = &out[*out_pos..];
            let tail: &[u8] = match body {
                Some((m, pos)) => &m.data()[*pos..],
                None => &[],
            };
            if head.is_empty() && tail.is_empty() {
                *body = None;
                break;
            }
            if !*can_write {
                return IoResult::Ok;
            }
            match stream.write2(head, tail) {
                Ok(0) => return IoResult::Closed,
                Ok(n) => {
                    let h = n.min(head.len());
                    *out_pos += h;
                    if let Some((_, pos)) = body {
                        *pos += n - h;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    *can_write = false;
                    return IoResult::Ok;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return IoResult::Closed,
            }
        }
        out.clear();
        *out_pos = 0;
        IoResult::Ok
    }
}
