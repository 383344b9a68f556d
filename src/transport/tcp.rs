//! TCP addressing (bind: `*`, numeric IPv4/IPv6, interface names; connect:
//! DNS names and numeric addresses) and socket tuning.

use crate::errno::{io_errno, ZResult};
use crate::options::Options;
use libc::{EINVAL, ENODEV};
use socket2::{Domain, Protocol as SockProto, SockAddr, Socket, TcpKeepalive, Type};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::time::Duration;

/// Split "host:port" at the last colon; strips [] around IPv6 literals.
pub(crate) fn split_host_port(addr: &str) -> ZResult<(&str, &str)> {
    let (host, port) = addr.rsplit_once(':').ok_or(EINVAL)?;
    let host = if host.starts_with('[') && host.ends_with(']') && host.len() >= 2 {
        &host[1..host.len() - 1]
    } else {
        host
    };
    if host.is_empty() || port.is_empty() {
        return Err(EINVAL);
    }
    Ok((host, port))
}

fn parse_port(port: &str, allow_wild: bool) -> ZResult<u16> {
    if port == "*" {
        return if allow_wild { Ok(0) } else { Err(EINVAL) };
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EINVAL);
    }
    port.parse::<u16>().map_err(|_| EINVAL)
}

/// The first address of a network interface by name.
fn interface_addr(name: &str, ipv6: bool) -> Option<IpAddr> {
    let mut found: Option<IpAddr> = None;
    // SAFETY: getifaddrs/freeifaddrs pair; we only read the returned list.
    unsafe {
        let mut ifap: *mut libc::ifaddrs = std::ptr::null_mut();
        if libc::getifaddrs(&mut ifap) != 0 {
            return None;
        }
        let mut p = ifap;
        while !p.is_null() {
            let ifa = &*p;
            p = ifa.ifa_next;
            if ifa.ifa_addr.is_null() || ifa.ifa_name.is_null() {
                continue;
            }
            let n = std::ffi::CStr::from_ptr(ifa.ifa_name);
            if n.to_bytes() != name.as_bytes() {
                continue;
            }
            let fam = (*ifa.ifa_addr).sa_family as i32;
            let ip = if fam == libc::AF_INET {
                let sin = &*(ifa.ifa_addr as *const libc::sockaddr_in);
                IpAddr::V4(Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)))
            } else if fam == libc::AF_INET6 && ipv6 {
                let sin6 = &*(ifa.ifa_addr as *const libc::sockaddr_in6);
                IpAddr::V6(Ipv6Addr::from(sin6.sin6_addr.s6_addr))
            } else {
                continue;
            };
            // Prefer IPv6 when enabled, as libzmq does; else first IPv4.
            match (found, ip) {
                (None, _) => found = Some(ip),
                (Some(IpAddr::V4(_)), IpAddr::V6(_)) if ipv6 => found = Some(ip),
                _ => {}
            }
        }
        libc::freeifaddrs(ifap);
    }
    found
}

/// Resolve a bind address. Hostnames are not resolved for bind (libzmq
/// treats a non-numeric name as an interface name: ENODEV if unknown).
pub fn resolve_bind(addr: &str, ipv6: bool) -> ZResult<SocketAddr> {
    let (host, port) = split_host_port(addr)?;
    let port = parse_port(port, true)?;
    let ip = if host == "*" {
        if ipv6 {
            IpAddr::V6(Ipv6Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        }
    } else if let Ok(ip) = host.parse::<IpAddr>() {
        if ip.is_ipv6() && !ipv6 {
            return Err(ENODEV);
        }
        ip
    } else {
        interface_addr(host, ipv6).ok_or(ENODEV)?
    };
    Ok(SocketAddr::new(ip, port))
}

/// libzmq's quick syntax check for connect addresses, done synchronously;
/// name resolution itself is deferred to the connecter.
pub fn check_connect(addr: &str) -> ZResult<()> {
    let ok_char = |c: u8| c.is_ascii_alphanumeric() || b".-:%;[]_*".contains(&c);
    // As libzmq: the first character must be alphanumeric, '[' or ':', so
    // a wildcard host ("*:5555", "*;host:port") is EINVAL on connect.
    let ok_first = |c: &u8| c.is_ascii_alphanumeric() || b"[:".contains(c);
    if !addr.as_bytes().first().is_some_and(ok_first) || !addr.bytes().all(ok_char) {
        return Err(EINVAL);
    }
    // The SOURCE part is only resolved when connecting, as in libzmq (which
    // resolves the whole address then): one that names nothing here (an
    // unknown interface, a host name) is not an error of zmq_connect; the
    // connecter fails to open and retries, reporting CONNECT_RETRIED.
    let (_, dest) = split_source(addr);
    let (host, port) = split_host_port(dest)?;
    if host.contains(';') {
        return Err(EINVAL);
    }
    parse_port(port, false)?;
    Ok(())
}

/// "SOURCE;DESTINATION" (libzmq's form for choosing the local address of
/// a connection) or just the destination.
pub fn split_source(addr: &str) -> (Option<&str>, &str) {
    match addr.split_once(';') {
        Some((src, dest)) => (Some(src), dest),
        None => (None, addr),
    }
}

/// The local address a SOURCE names: an IP or interface, with a port or
/// without one (any port), "*" for any address.
pub fn source_addr(src: &str, ipv6: bool) -> ZResult<SocketAddr> {
    let bracketed_v6 = src.starts_with('[') && src.ends_with(']');
    let has_port =
        !bracketed_v6 && src.contains(':') && (src.matches(':').count() == 1 || src.contains("]:"));
    let with_port = if has_port {
        src.to_string()
    } else {
        format!("{src}:0")
    };
    resolve_bind(&with_port, ipv6)
}

/// Resolve a connect address (may do DNS): all candidates, in order.
pub fn resolve_connect(addr: &str, ipv6: bool) -> ZResult<Vec<SocketAddr>> {
    let (host, port) = split_host_port(split_source(addr).1)?;
    let port = parse_port(port, false)?;
    if let Ok(ip) = host.parse::<IpAddr>() {
        if ip.is_ipv6() && !ipv6 {
            return Err(EINVAL);
        }
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| io_errno(&e))?
        .filter(|a| ipv6 || a.is_ipv4())
        .collect();
    if addrs.is_empty() {
        return Err(EINVAL);
    }
    Ok(addrs)
}

/// Create a listening socket for `addr` with libzmq's settings.
pub fn listen(addr: SocketAddr, opts: &Options) -> ZResult<std::net::TcpListener> {
    let dom = if addr.is_ipv6() {
        Domain::IPV6
    } else {
        Domain::IPV4
    };
    let s =
        Socket::new(dom, Type::STREAM.cloexec(), Some(SockProto::TCP)).map_err(|e| io_errno(&e))?;
    if addr.is_ipv6() {
        // Dual-stack wildcard, as libzmq with ZMQ_IPV6.
        let _ = s.set_only_v6(false);
    }
    s.set_reuse_address(true).map_err(|e| io_errno(&e))?;
    tune(&s, opts);
    s.bind(&SockAddr::from(addr)).map_err(|e| io_errno(&e))?;
    s.listen(opts.backlog.max(1)).map_err(|e| io_errno(&e))?;
    s.set_nonblocking(true).map_err(|e| io_errno(&e))?;
    Ok(s.into())
}

/// Start a non-blocking connect; true when it completed at once.
/// `source`: the local address to connect from, if one was given.
pub fn connect(
    addr: SocketAddr,
    source: Option<SocketAddr>,
    opts: &Options,
) -> Result<(std::net::TcpStream, bool), super::ConnectFailed> {
    let dom = if addr.is_ipv6() {
        Domain::IPV6
    } else {
        Domain::IPV4
    };
    let s = Socket::new(dom, Type::STREAM.cloexec(), Some(SockProto::TCP))
        .map_err(super::ConnectFailed::before_socket)?;
    tune(&s, opts);
    if let Some(src) = source {
        // As libzmq: a fixed source port may serve several destinations.
        let _ = s.set_reuse_address(true);
        let fail = |_| super::ConnectFailed {
            fd: Some(std::os::fd::AsRawFd::as_raw_fd(&s)),
        };
        s.bind(&SockAddr::from(src)).map_err(fail)?;
    }
    let done = super::start_connect(&s, &SockAddr::from(addr))?;
    Ok((s.into(), done))
}

/// Per-connection settings: no Nagle, buffers, keepalive, TOS, device.
pub fn tune(s: &Socket, opts: &Options) {
    let _ = s.set_nodelay(true);
    if opts.sndbuf > 0 {
        let _ = s.set_send_buffer_size(opts.sndbuf as usize);
    }
    if opts.rcvbuf > 0 {
        let _ = s.set_recv_buffer_size(opts.rcvbuf as usize);
    }
    if opts.tos > 0 {
        let _ = s.set_tos(opts.tos as u32);
    }
    if !opts.bindtodevice.is_empty() {
        let _ = s.bind_device(Some(opts.bindtodevice.as_bytes()));
    }
    if opts.tcp_keepalive == 1 {
        let mut ka = TcpKeepalive::new();
        if opts.tcp_keepalive_idle > 0 {
            ka = ka.with_time(Duration::from_secs(opts.tcp_keepalive_idle as u64));
        }
        if opts.tcp_keepalive_intvl > 0 {
            ka = ka.with_interval(Duration::from_secs(opts.tcp_keepalive_intvl as u64));
        }
        if opts.tcp_keepalive_cnt > 0 {
            ka = ka.with_retries(opts.tcp_keepalive_cnt as u32);
        }
        let _ = s.set_tcp_keepalive(&ka);
    } else if opts.tcp_keepalive == 0 {
        let _ = s.set_keepalive(false);
    }
    if opts.tcp_maxrt > 0 {
        let _ = s.set_tcp_user_timeout(Some(Duration::from_millis(opts.tcp_maxrt as u64)));
    }
}

/// "tcp://1.2.3.4:5" / "tcp://[::1]:5" for ZMQ_LAST_ENDPOINT.
pub fn format_endpoint(scheme: &str, a: &SocketAddr) -> String {
    match a {
        SocketAddr::V4(v) => format!("{}://{}:{}", scheme, v.ip(), v.port()),
        SocketAddr::V6(v) => format!("{}://[{}]:{}", scheme, v.ip(), v.port()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn bind_addresses() {
        assert_eq!(resolve_bind("*:*", false).unwrap().to_string(), "0.0.0.0:0");
        assert_eq!(resolve_bind("127.0.0.1:5555", false).unwrap().port(), 5555);
        assert!(resolve_bind("127.0.0.1", false).is_err());
        assert!(resolve_bind("127.0.0.1:x", false).is_err());
        assert_eq!(
            resolve_bind("lo:*", false).unwrap().ip().to_string(),
            "127.0.0.1"
        );
        assert_eq!(resolve_bind("nosuchif0:1", false), Err(ENODEV));
        assert_eq!(
            resolve_bind("[::1]:*", true).unwrap().ip().to_string(),
            "::1"
        );
    }
    #[test]
    fn connect_syntax() {
        assert!(check_connect("localhost:5555").is_ok());
        assert!(check_connect("127.0.0.1:*").is_err());
        assert!(check_connect("127.0.0.1").is_err());
        assert!(check_connect("a b:1").is_err());
        assert!(check_connect("*:5555").is_err());
        assert!(check_connect("*;127.0.0.1:5555").is_err());
        assert!(check_connect("127.0.0.1;*:5555").is_ok());
        // Sources are resolved when connecting, not here (libzmq's
        // test_bind_src_address connects from "localhost:5555").
        assert!(check_connect("localhost:5555;localhost:1235").is_ok());
        assert!(check_connect("nosuchif0;127.0.0.1:5555").is_ok());
        assert!(check_connect("[::1]:5555").is_ok());
    }
}
