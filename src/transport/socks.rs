//! ZMQ_SOCKS_PROXY: a tcp connection made through a SOCKS5 proxy
//! (RFC 1928, no authentication). The socket connects to the proxy; this
//! stream's handshake asks it to CONNECT to the real destination (by name,
//! so the proxy resolves it), then passes bytes through untouched.

use super::{sys, Handshake, PeerIdentity, Stream};
use crate::constants::ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL;
use mio::event::Source;
use std::io::{self, IoSlice};
use std::mem::MaybeUninit;
use std::os::fd::RawFd;

enum Step {
    /// Our greeting (version 5, one method: no authentication) is going
    /// out / we wait for the method the proxy chose.
    Greeting,
    /// The CONNECT request is going out / we wait for the reply.
    Request,
    Done,
}

pub struct SocksStream {
    inner: Box<dyn Stream>,
    dest_host: String,
    dest_port: u16,
    step: Step,
    out: Vec<u8>,
    sent: usize,
    inbuf: Vec<u8>,
}

impl SocksStream {
    /// `dest`: "host:port" of the endpoint (host a name or an IP literal,
    /// IPv6 in brackets).
    pub fn new(inner: Box<dyn Stream>, dest: &str) -> Option<SocksStream> {
        let (host, port) = super::tcp::split_host_port(dest).ok()?;
        let port = port.parse().ok()?;
        Some(SocksStream {
            inner,
            dest_host: host.to_string(),
            dest_port: port,
            step: Step::Greeting,
            out: vec![5, 1, 0],
            sent: 0,
            inbuf: Vec::new(),
        })
    }

    fn request(&self) -> Vec<u8> {
        let mut r = vec![5, 1, 0];
        match self.dest_host.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V4(a)) => {
                r.push(1);
                r.extend_from_slice(&a.octets());
            }
            Ok(std::net::IpAddr::V6(a)) => {
                r.push(4);
                r.extend_from_slice(&a.octets());
            }
            Err(_) => {
                // Names longer than a SOCKS5 name can be were refused when
                // the request was made (see `new` callers): cut defensively.
                let name = &self.dest_host.as_bytes()[..self.dest_host.len().min(255)];
                r.push(3);
                r.push(name.len() as u8);
                r.extend_from_slice(name);
            }
        }
        r.extend_from_slice(&self.dest_port.to_be_bytes());
        r
    }

    /// Send what is queued; Ok(true) when all of it went.
    fn flush(&mut self) -> io::Result<bool> {
        while self.sent < self.out.len() {
            let n = self
                .inner
                .write_vectored(&[IoSlice::new(&self.out[self.sent..])])?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            self.sent += n;
        }
        Ok(true)
    }

    /// Read until `inbuf` holds `want` bytes; Ok(false) while waiting.
    fn fill(&mut self, want: usize) -> io::Result<bool> {
        while self.inbuf.len() < want {
            let mut buf = [0u8; 64];
            let room = (want - self.inbuf.len()).min(buf.len());
            let n = self.inner.read(sys::as_uninit(&mut buf[..room]))?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            self.inbuf.extend_from_slice(&buf[..n]);
        }
        Ok(true)
    }

    /// One pass of the negotiation: Ok(true) when it is over.
    fn negotiate(&mut self) -> io::Result<bool> {
        loop {
            match self.step {
                Step::Done => return Ok(true),
                Step::Greeting => {
                    self.flush()?;
                    self.fill(2)?;
                    if self.inbuf[..2] != [5, 0] {
                        return Err(io::ErrorKind::PermissionDenied.into());
                    }
                    self.inbuf.clear();
                    self.out = self.request();
                    self.sent = 0;
                    self.step = Step::Request;
                }
                Step::Request => {
                    self.flush()?;
                    // VER REP RSV ATYP, then the bound address and port.
                    self.fill(5)?;
                    if self.inbuf[0] != 5 || self.inbuf[1] != 0 {
                        return Err(io::ErrorKind::ConnectionRefused.into());
                    }
                    let addr_len = match self.inbuf[3] {
                        1 => 4,
                        4 => 16,
                        3 => 1 + self.inbuf[4] as usize,
                        _ => return Err(io::ErrorKind::InvalidData.into()),
                    };
                    self.fill(4 + addr_len + 2)?;
                    self.inbuf.clear();
                    self.step = Step::Done;
                }
            }
        }
    }
}

impl Stream for SocksStream {
    fn source(&mut self) -> &mut dyn Source {
        self.inner.source()
    }

    fn fd(&self) -> RawFd {
        self.inner.fd()
    }

    fn handshake(&mut self) -> Handshake {
        match self.negotiate() {
            Ok(_) => Handshake::Done(PeerIdentity::default()),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Handshake::Pending,
            Err(e) => Handshake::Failed {
                event: ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
                value: e.raw_os_error().unwrap_or(match e.kind() {
                    io::ErrorKind::ConnectionRefused => libc::ECONNREFUSED,
                    io::ErrorKind::PermissionDenied => libc::EACCES,
                    _ => libc::EPROTO,
                }),
            },
        }
    }

    fn read(&mut self, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize> {
        self.inner.read(buf)
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.inner.write_vectored(bufs)
    }

    fn peer_address(&self) -> Option<String> {
        self.inner.peer_address()
    }
}
