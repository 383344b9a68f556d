//! tls:// connections: OpenSSL over our own socket I/O. The SSL object
//! talks to the socket through a BIO that calls back into `NoSigPipe`
//! (the openssl crate's stream BIO), never through OpenSSL's socket BIO,
//! whose `write()` would raise SIGPIPE on a reset peer. The handshake and
//! the certificate checks happen here, before the ZMTP engine sees a byte.

use super::{verify, TlsEndpoint};
use crate::transport::{sys, Handshake, PeerIdentity, Stream};
use mio::event::Source;
use openssl::ssl::{ErrorCode, SslStream};
use std::io::{self, IoSlice, Read, Write};
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::Arc;

/// A TCP socket whose writes never raise SIGPIPE.
pub struct NoSigPipe(mio::net::TcpStream);

impl Read for NoSigPipe {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        sys::recv(self.0.as_raw_fd(), sys::as_uninit(buf))
    }
}

impl Write for NoSigPipe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        sys::send_vectored(self.0.as_raw_fd(), &[IoSlice::new(buf)])
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub struct TlsStream {
    ssl: SslStream<NoSigPipe>,
    ep: Arc<TlsEndpoint>,
    peer: Option<String>,
    failure: Option<(i32, i32)>,
}

impl TlsStream {
    pub fn new(
        tcp: mio::net::TcpStream,
        ep: Arc<TlsEndpoint>,
        peer: Option<String>,
    ) -> Option<TlsStream> {
        let ssl = ep.new_ssl()?;
        let ssl = SslStream::new(ssl, NoSigPipe(tcp)).ok()?;
        Some(TlsStream {
            ssl,
            ep,
            peer,
            failure: None,
        })
    }

    /// OpenSSL's results in std::io terms: WANT_READ/WANT_WRITE are
    /// WouldBlock, a clean close_notify (or a bare EOF) is 0 bytes. A
    /// fatal alert refusing our certificate is remembered: under TLS 1.3
    /// a server judges the client's certificate after the client's
    /// handshake is done, so the client learns it here.
    fn io(&mut self, r: Result<usize, openssl::ssl::Error>) -> io::Result<usize> {
        match r {
            Ok(n) => Ok(n),
            Err(e) => match e.code() {
                ErrorCode::ZERO_RETURN => Ok(0),
                ErrorCode::WANT_READ | ErrorCode::WANT_WRITE => {
                    Err(io::ErrorKind::WouldBlock.into())
                }
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
            },
        }
    }
}

impl Drop for TlsStream {
    /// Tell the peer the session ended on purpose (close_notify), one
    /// non-blocking attempt: a peer that sees only a TCP close cannot tell
    /// it from a truncation.
    fn drop(&mut self) {
        if self.ssl.ssl().is_init_finished() {
            let _ = self.ssl.shutdown();
        }
    }
}

impl Stream for TlsStream {
    fn source(&mut self) -> &mut dyn Source {
        &mut self.ssl.get_mut().0
    }

    fn fd(&self) -> RawFd {
        self.ssl.get_ref().0.as_raw_fd()
    }

    fn handshake(&mut self) -> Handshake {
        match self.ssl.do_handshake() {
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
        let r = self.ssl.ssl_read_uninit(buf);
        self.io(r)
    }

    /// One TLS record per call, of the first slice: a retry after
    /// WANT_WRITE then repeats the same bytes, as OpenSSL requires.
    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        match bufs.iter().find(|b| !b.is_empty()) {
            None => Ok(0),
            Some(b) => {
                let r = self.ssl.ssl_write(b);
                self.io(r)
            }
        }
    }

    fn failure(&self) -> Option<(i32, i32)> {
        self.failure
    }

    fn peer_address(&self) -> Option<String> {
        self.peer.clone()
    }
}
