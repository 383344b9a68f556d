//! Byte streams and the endpoints that make them. Every connection the
//! engine runs over is a `Stream`: tcp and ipc sockets as they are, tls
//! with its handshake and certificate checks done inside the stream. The
//! session moves bytes between a `Stream` and the ZMTP engine and never
//! knows which transport it has. (inproc has no bytes: see `pipe`.)

pub mod ipc;
pub mod plain;
pub mod socks;
pub mod sys;
pub mod tcp;
pub mod tls;

use crate::errno::ZResult;
use crate::options::Options;
use libc::{EINVAL, EPROTONOSUPPORT};
use mio::event::Source;
use std::io::{self, IoSlice};
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Tcp,
    Tls,
    Ipc,
    Inproc,
}

impl Protocol {
    pub fn scheme(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Tls => "tls",
            Protocol::Ipc => "ipc",
            Protocol::Inproc => "inproc",
        }
    }
}

/// Split `proto://address`. A string without `://` is EINVAL; a scheme we
/// do not support is EPROTONOSUPPORT, as in libzmq.
pub fn parse_endpoint(ep: &str) -> ZResult<(Protocol, &str)> {
    let (scheme, addr) = ep.split_once("://").ok_or(EINVAL)?;
    if addr.is_empty() || scheme.is_empty() {
        return Err(EINVAL);
    }
    let proto = match scheme {
        "tcp" => Protocol::Tcp,
        "tls" => Protocol::Tls,
        "ipc" => Protocol::Ipc,
        "inproc" => Protocol::Inproc,
        _ => return Err(EPROTONOSUPPORT),
    };
    Ok((proto, addr))
}

/// What the transport's own handshake established (tls only): the
/// verified peer identity ("User-Id") and the session's parameters.
#[derive(Default, Clone, Debug)]
pub struct PeerIdentity {
    pub tls: Option<tls::PeerTls>,
}

pub enum Handshake {
    Done(PeerIdentity),
    Pending,
    /// Refused or failed: the monitor event and value that say why.
    Failed {
        event: i32,
        value: i32,
    },
}

/// One connection's bytes. Reads and writes are non-blocking; no write
/// ever raises SIGPIPE.
pub trait Stream: Send {
    fn source(&mut self) -> &mut dyn Source;
    fn fd(&self) -> RawFd;
    /// The transport's own handshake (tls); tcp and ipc have none.
    fn handshake(&mut self) -> Handshake {
        Handshake::Done(PeerIdentity::default())
    }
    fn read(&mut self, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize>;
    /// Bytes the stream accepted but has not sent yet (tls records).
    fn has_pending(&self) -> bool {
        false
    }
    /// Send them: Ok(true) when none are left.
    fn flush(&mut self) -> io::Result<bool> {
        Ok(true)
    }
    /// Why the stream failed, when it knows better than its I/O error:
    /// a tls peer's alert refusing our certificate (event, value).
    fn failure(&self) -> Option<(i32, i32)> {
        None
    }
    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize>;
    /// "Peer-Address" metadata: the peer's IP for tcp and tls, its
    /// credentials for ipc.
    fn peer_address(&self) -> Option<String>;
}

/// Where a connect endpoint goes; resolved again on every attempt (DNS).
#[derive(Clone, Debug)]
pub enum Target {
    Tcp(String),
    Ipc(socket2::SockAddr),
}

/// A socket as accepted or connected, before it becomes a `Stream`.
pub enum Raw {
    Tcp(mio::net::TcpStream),
    Ipc(mio::net::UnixStream),
}

impl Raw {
    pub fn source(&mut self) -> &mut dyn Source {
        match self {
            Raw::Tcp(s) => s,
            Raw::Ipc(s) => s,
        }
    }

    pub fn fd(&self) -> RawFd {
        match self {
            Raw::Tcp(s) => s.as_raw_fd(),
            Raw::Ipc(s) => s.as_raw_fd(),
        }
    }

    /// Whether a non-blocking connect completed.
    pub fn connected(&self) -> bool {
        match self {
            Raw::Tcp(s) => matches!(s.take_error(), Ok(None)) && s.peer_addr().is_ok(),
            Raw::Ipc(s) => matches!(s.take_error(), Ok(None)) && s.peer_addr().is_ok(),
        }
    }

    fn peer_address(&self) -> Option<String> {
        match self {
            Raw::Tcp(s) => s.peer_addr().ok().map(|a| a.ip().to_string()),
            Raw::Ipc(s) => ipc::peer_address(s.as_raw_fd()),
        }
    }

    /// The stream for this connection: tls wraps it, others use it as is;
    /// `socks_dest`: the destination a SOCKS5 proxy must connect it to.
    pub fn into_stream(
        self,
        tls: Option<&Arc<tls::TlsEndpoint>>,
        socks_dest: Option<&str>,
    ) -> Option<Box<dyn Stream>> {
        let peer = self.peer_address();
        let stream: Box<dyn Stream> = match (self, tls) {
            (Raw::Tcp(s), Some(ep)) => {
                let t = tls::stream::TlsStream::new(s, ep.clone(), peer)?;
                return Some(Box::new(t));
            }
            (Raw::Tcp(s), None) => Box::new(plain::Plain::new(s, peer)),
            (Raw::Ipc(s), _) => Box::new(plain::Plain::new(s, peer)),
        };
        match socks_dest {
            Some(dest) => Some(Box::new(socks::SocksStream::new(stream, dest)?)),
            None => Some(stream),
        }
    }
}

/// A connect attempt that failed at once, with the fd of the socket it had
/// opened if it got that far (monitor CLOSED events name it; libzmq's
/// events carry no reason for a failed attempt).
#[derive(Default)]
pub struct ConnectFailed {
    pub fd: Option<RawFd>,
}

impl ConnectFailed {
    fn before_socket<E>(_: E) -> ConnectFailed {
        ConnectFailed::default()
    }
}

/// A non-blocking connect on a fresh socket: true when it completed at
/// once, false when in progress.
fn start_connect(s: &socket2::Socket, sa: &socket2::SockAddr) -> Result<bool, ConnectFailed> {
    let fail = |_| ConnectFailed {
        fd: Some(s.as_raw_fd()),
    };
    s.set_nonblocking(true).map_err(fail)?;
    match s.connect(sa) {
        Ok(()) => Ok(true),
        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => Ok(false),
        Err(e) => Err(fail(e)),
    }
}

/// Start connecting to `target`: the first address that takes a
/// non-blocking connect, and whether it completed already.
pub fn connect(target: &Target, opts: &Options) -> Result<(Raw, bool), ConnectFailed> {
    match target {
        Target::Tcp(addr) => {
            // Through a SOCKS5 proxy, the connection goes to the proxy (it
            // resolves and reaches the destination itself).
            let via = if opts.socks_proxy.is_empty() {
                tcp::split_source(addr).1
            } else {
                &opts.socks_proxy
            };
            let addrs =
                tcp::resolve_connect(via, opts.ipv6).map_err(ConnectFailed::before_socket)?;
            let source = match tcp::split_source(addr).0 {
                Some(src) => {
                    Some(tcp::source_addr(src, opts.ipv6).map_err(ConnectFailed::before_socket)?)
                }
                None => None,
            };
            let mut last = ConnectFailed::default();
            for a in addrs {
                match tcp::connect(a, source, opts) {
                    Ok((s, done)) => return Ok((Raw::Tcp(mio::net::TcpStream::from_std(s)), done)),
                    Err(e) => last = e,
                }
            }
            Err(last)
        }
        Target::Ipc(sa) => {
            ipc::connect(sa).map(|(s, done)| (Raw::Ipc(mio::net::UnixStream::from_std(s)), done))
        }
    }
}

/// A listening socket of a bound endpoint.
pub enum Listener {
    Tcp(mio::net::TcpListener),
    Ipc(mio::net::UnixListener),
}

impl Listener {
    pub fn source(&mut self) -> &mut dyn Source {
        match self {
            Listener::Tcp(l) => l,
            Listener::Ipc(l) => l,
        }
    }

    /// Accept one connection. Ok(None): one was accepted and refused (an
    /// ipc filter said no).
    pub fn accept(&mut self, opts: &Options) -> io::Result<Option<Raw>> {
        match self {
            Listener::Tcp(l) => {
                let (s, peer) = l.accept()?;
                // ZMQ_TCP_ACCEPT_FILTER: closed at once when no network
                // matches (dropping `s` closes it).
                if !crate::options::accept_filter_allows(&opts.tcp_accept_filters, peer.ip()) {
                    return Ok(None);
                }
                tcp::tune(&socket2::SockRef::from(&s), opts);
                Ok(Some(Raw::Tcp(s)))
            }
            Listener::Ipc(l) => {
                let (s, _) = l.accept()?;
                Ok(ipc::peer_allowed(s.as_raw_fd(), opts).then_some(Raw::Ipc(s)))
            }
        }
    }
}
