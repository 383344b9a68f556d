//! Transports: endpoint parsing and address resolution. Byte streams are
//! driven by the reactor.

pub mod tcp;
pub mod tls;

use crate::errno::ZResult;
use libc::{EINVAL, EPROTONOSUPPORT};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Tcp,
    Tls,
    Inproc,
}

impl Protocol {
    pub fn scheme(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Tls => "tls",
            Protocol::Inproc => "inproc",
        }
    }
}

/// Split `proto://address`. A string without `://` is EINVAL; a scheme we
/// do not (yet) support is EPROTONOSUPPORT, as in libzmq.
pub fn parse_endpoint(ep: &str) -> ZResult<(Protocol, &str)> {
    let (scheme, addr) = ep.split_once("://").ok_or(EINVAL)?;
    if addr.is_empty() || scheme.is_empty() {
        return Err(EINVAL);
    }
    let proto = match scheme {
        "tcp" => Protocol::Tcp,
        "tls" => Protocol::Tls,
        "inproc" => Protocol::Inproc,
        _ => return Err(EPROTONOSUPPORT),
    };
    Ok((proto, addr))
}
