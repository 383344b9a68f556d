//! Socket options: storage, defaults and libzmq's validation rules (exact
//! sizes for integers, value ranges, which options which socket types take).

use crate::constants::*;
use crate::errno::ZResult;
use crate::transport::tls::options::is_tls_option as tls_option;
use libc::EINVAL;

/// ZMQ_IPC_FILTER_*: peers accepted on ipc listeners (none: everyone).
#[derive(Clone, Debug, Default)]
pub struct IpcFilters {
    pub uids: Vec<u32>,
    pub gids: Vec<u32>,
    pub pids: Vec<u32>,
}

pub use crate::transport::tls::options::TlsOptions;

/// CURVE keys (32 bytes each; unset reads as zeros, as libzmq). The
/// secret is wiped when dropped and never printed.
#[derive(Clone, Default)]
pub struct CurveKeys {
    pub public: Option<[u8; 32]>,
    pub secret: Option<zeroize::Zeroizing<[u8; 32]>>,
    pub server: Option<[u8; 32]>,
}

impl std::fmt::Debug for CurveKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CurveKeys { .. }")
    }
}

/// A secret string (the PLAIN password): wiped when dropped, never
/// printed.
#[derive(Clone, Default)]
pub struct Secret(pub zeroize::Zeroizing<String>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// A key as 32 bytes, or 40 Z85 characters (with or without a NUL).
fn curve_key(v: &[u8]) -> ZResult<[u8; 32]> {
    let text = match v.len() {
        32 => return v.try_into().map_err(|_| EINVAL),
        40 => v,
        41 if v[40] == 0 => &v[..40],
        _ => return Err(EINVAL),
    };
    let mut k = [0u8; 32];
    crate::ffi::util::z85_decode(&mut k, text)?;
    Ok(k)
}

/// A key read back: 32 bytes for a 32-byte buffer, Z85 text for one of at
/// least 41 (as libzmq).
fn curve_key_value(k: &[u8; 32], cap: usize) -> ZResult<Value> {
    match cap {
        32 => Ok(Value::Bytes(k.to_vec())),
        c if c >= 41 => {
            let mut t = [0u8; 41];
            crate::ffi::util::z85_encode(&mut t, k);
            Ok(Value::Str(String::from_utf8_lossy(&t[..40]).into_owned()))
        }
        _ => Err(EINVAL),
    }
}

#[derive(Clone, Debug)]
pub struct Options {
    pub socket_type: i32,
    pub sndhwm: i32,
    pub rcvhwm: i32,
    pub affinity: u64,
    pub routing_id: Vec<u8>,
    pub rate: i32,
    pub recovery_ivl: i32,
    pub sndbuf: i32,
    pub rcvbuf: i32,
    pub linger: i32,
    pub reconnect_ivl: i32,
    pub reconnect_ivl_max: i32,
    pub backlog: i32,
    pub maxmsgsize: i64,
    pub multicast_hops: i32,
    pub rcvtimeo: i32,
    pub sndtimeo: i32,
    pub ipv6: bool,
    pub immediate: bool,
    pub tcp_keepalive: i32,
    pub tcp_keepalive_cnt: i32,
    pub tcp_keepalive_idle: i32,
    pub tcp_keepalive_intvl: i32,
    pub tos: i32,
    pub handshake_ivl: i32,
    pub heartbeat_ivl: i32,
    /// In deciseconds, as it travels in PING.
    pub heartbeat_ttl: u16,
    pub heartbeat_timeout: i32,
    pub connect_timeout: i32,
    pub tcp_maxrt: i32,
    pub multicast_maxtpdu: i32,
    pub connect_routing_id: Vec<u8>,
    pub bindtodevice: String,
    pub invert_matching: bool,
    pub probe_router: bool,
    pub router_mandatory: bool,
    pub router_handover: bool,
    pub router_raw: bool,
    pub req_correlate: bool,
    pub req_relaxed: bool,
    pub ipc_filters: IpcFilters,
    /// ZMQ_TCP_ACCEPT_FILTER: networks (address, prefix length) a tcp
    /// listener accepts; none: everyone.
    pub tcp_accept_filters: Vec<(std::net::IpAddr, u8)>,
    /// ZMQ_USE_FD: a listening socket the next tcp/ipc bind takes over
    /// instead of making one (-1: none).
    pub use_fd: i32,
    /// ZMQ_SOCKS_PROXY: "host:port" of a SOCKS5 proxy tcp connects go
    /// through (empty: none).
    pub socks_proxy: String,
    pub tls: TlsOptions,
    /// XPUB: tell the application every subscription / cancellation, not
    /// only the first and last of a topic.
    pub xpub_verbose_subs: bool,
    pub xpub_verbose_unsubs: bool,
    /// XPUB: wait for room instead of dropping (ZMQ_XPUB_NODROP).
    pub xpub_nodrop: bool,
    /// XPUB: subscriptions are applied by the application (ZMQ_SUBSCRIBE
    /// on the XPUB, for the pipe of the last subscription it received).
    pub xpub_manual: bool,
    /// XPUB: sent to each new subscriber first.
    pub xpub_welcome: Vec<u8>,
    /// STREAM: an empty message tells of each connection made and lost.
    pub stream_notify: bool,
    /// ZMQ_CONFLATE: keep only the newest message (see `conflate_out`).
    pub conflate: bool,
    /// ZMQ_NULL or ZMQ_PLAIN, as the PLAIN options leave it (libzmq's
    /// rules: a user name or password makes a PLAIN client, PLAIN_SERVER
    /// a PLAIN server, an empty one NULL again).
    pub mechanism: i32,
    pub as_server: bool,
    pub plain_username: String,
    pub plain_password: Secret,
    /// ZMQ_ZAP_DOMAIN: with NULL, the ZAP handler is asked only when set.
    pub zap_domain: String,
    /// ZMQ_ZAP_ENFORCE_DOMAIN (libzmq 4.3's draft option 93): NULL and
    /// CURVE with a ZAP domain refuse, rather than admit, when no handler
    /// is bound; CURVE without a domain then skips ZAP altogether.
    pub zap_enforce_domain: bool,
    /// ZMQ_LOOPBACK_FASTPATH (draft 94): Windows' SIO_LOOPBACK_FAST_PATH.
    /// Linux loopback has no slower path to leave, so, as libzmq on
    /// Linux, the flag is taken and reported and there is nothing to do.
    pub loopback_fastpath: bool,
    /// ZMQ_MULTICAST_LOOP (draft 96): only multicast transports (pgm,
    /// epgm, norm, udp) read it, and we refuse those endpoints
    /// (EPROTONOSUPPORT), so no socket of ours can be affected by it.
    /// Kept so code setting it for every socket, as pyzmq's tests read
    /// it, works as on libzmq; default true, as libzmq's.
    pub multicast_loop: bool,
    pub curve: CurveKeys,
}

/// libzmq's draft option number; the header defines it only with
/// ZMQ_BUILD_DRAFT_API, as libzmq's does.
pub const ZMQ_ZAP_ENFORCE_DOMAIN: i32 = 93;
pub const ZMQ_LOOPBACK_FASTPATH: i32 = 94;
pub const ZMQ_MULTICAST_LOOP: i32 = 96;

impl Options {
    pub fn new(socket_type: i32, ipv6: bool, blocky: bool) -> Options {
        Options {
            socket_type,
            sndhwm: 1000,
            rcvhwm: 1000,
            affinity: 0,
            routing_id: Vec::new(),
            rate: 100,
            recovery_ivl: 10000,
            sndbuf: -1,
            rcvbuf: -1,
            // libzmq: BLOCKY=false on the context makes new sockets linger 0.
            linger: if blocky { -1 } else { 0 },
            reconnect_ivl: 100,
            reconnect_ivl_max: 0,
            backlog: 100,
            maxmsgsize: -1,
            multicast_hops: 1,
            rcvtimeo: -1,
            sndtimeo: -1,
            ipv6,
            immediate: false,
            tcp_keepalive: -1,
            tcp_keepalive_cnt: -1,
            tcp_keepalive_idle: -1,
            tcp_keepalive_intvl: -1,
            tos: 0,
            handshake_ivl: 30000,
            heartbeat_ivl: 0,
            heartbeat_ttl: 0,
            heartbeat_timeout: -1,
            connect_timeout: 0,
            tcp_maxrt: 0,
            multicast_maxtpdu: 1500,
            connect_routing_id: Vec::new(),
            bindtodevice: String::new(),
            invert_matching: false,
            probe_router: false,
            router_mandatory: false,
            router_handover: false,
            router_raw: false,
            req_correlate: false,
            req_relaxed: false,
            ipc_filters: IpcFilters::default(),
            stream_notify: true,
            conflate: false,
            mechanism: ZMQ_NULL,
            as_server: false,
            plain_username: String::new(),
            plain_password: Secret::default(),
            zap_domain: String::new(),
            zap_enforce_domain: false,
            loopback_fastpath: false,
            multicast_loop: true,
            curve: CurveKeys::default(),
            tcp_accept_filters: Vec::new(),
            use_fd: -1,
            socks_proxy: String::new(),
            tls: TlsOptions::default(),
            xpub_verbose_subs: false,
            xpub_verbose_unsubs: false,
            xpub_nodrop: false,
            xpub_manual: false,
            xpub_welcome: Vec::new(),
        }
    }

    /// Heartbeat timeout in ms: defaults to the interval, as in libzmq.
    pub fn heartbeat_timeout_ms(&self) -> i32 {
        if self.heartbeat_timeout >= 0 {
            self.heartbeat_timeout
        } else {
            self.heartbeat_ivl
        }
    }

    fn ipc_filter(&mut self, opt: i32) -> &mut Vec<u32> {
        let f = &mut self.ipc_filters;
        match opt {
            ZMQ_IPC_FILTER_UID => &mut f.uids,
            ZMQ_IPC_FILTER_GID => &mut f.gids,
            _ => &mut f.pids,
        }
    }

    /// zmq_setsockopt with a NULL value (length 0): clears an ipc filter
    /// set, as in libzmq (where a non-NULL empty value is EINVAL); for
    /// every other option the same as an empty value.
    pub fn set_null(&mut self, opt: i32) -> ZResult<()> {
        match opt {
            ZMQ_IPC_FILTER_UID | ZMQ_IPC_FILTER_GID | ZMQ_IPC_FILTER_PID => {
                self.ipc_filter(opt).clear();
                Ok(())
            }
            ZMQ_TCP_ACCEPT_FILTER => {
                self.tcp_accept_filters.clear();
                Ok(())
            }
            ZMQ_BINDTODEVICE => {
                self.bindtodevice.clear();
                Ok(())
            }
            ZMQ_SOCKS_PROXY => {
                self.socks_proxy.clear();
                Ok(())
            }
            // NULL: no PLAIN credentials, the NULL mechanism (libzmq).
            ZMQ_PLAIN_USERNAME | ZMQ_PLAIN_PASSWORD => {
                if opt == ZMQ_PLAIN_USERNAME {
                    self.plain_username.clear();
                } else {
                    self.plain_password = Secret::default();
                }
                self.mechanism = ZMQ_NULL;
                self.as_server = false;
                Ok(())
            }
            _ => self.set(opt, &[]),
        }
    }

    /// Connections carry raw bytes, no ZMTP: STREAM, and ROUTER with
    /// ZMQ_ROUTER_RAW (which then routes as STREAM).
    pub fn raw(&self) -> bool {
        self.socket_type == ZMQ_STREAM || self.router_raw
    }

    /// Refuse a bind/connect whose mechanism lacks a key (libzmq would run
    /// CURVE with all-zero keys): a CURVE server needs its secret key, a
    /// client its own secret key and the server's public key.
    pub fn check_mechanism(&self) -> ZResult<()> {
        let k = &self.curve;
        match self.mechanism {
            ZMQ_CURVE if self.as_server && k.secret.is_none() => Err(EINVAL),
            ZMQ_CURVE if !self.as_server && (k.secret.is_none() || k.server.is_none()) => {
                Err(EINVAL)
            }
            _ => Ok(()),
        }
    }

    /// ZMQ_CONFLATE on the messages this socket sends. Only the data
    /// direction conflates: a SUB's subscriptions (or the ones a PUB
    /// receives) are never dropped, where libzmq conflates them too.
    pub fn conflate_out(&self) -> bool {
        self.conflate && matches!(self.socket_type, ZMQ_PUSH | ZMQ_DEALER | ZMQ_PUB)
    }

    /// ZMQ_CONFLATE on the messages this socket receives.
    pub fn conflate_in(&self) -> bool {
        self.conflate && matches!(self.socket_type, ZMQ_PULL | ZMQ_DEALER | ZMQ_SUB)
    }

    pub fn set(&mut self, opt: i32, val: &[u8]) -> ZResult<()> {
        let t = self.socket_type;
        let int = || as_int(val);
        match opt {
            ZMQ_SNDHWM => self.sndhwm = nonneg(int()?)?,
            ZMQ_RCVHWM => self.rcvhwm = nonneg(int()?)?,
            ZMQ_AFFINITY => self.affinity = as_u64(val)?,
            ZMQ_ROUTING_ID => self.routing_id = binary_id(val)?,
            // libzmq takes it on ROUTER and REP (a ROUTER underneath) only.
            ZMQ_CONNECT_ROUTING_ID if matches!(t, ZMQ_ROUTER | ZMQ_REP | ZMQ_STREAM) => {
                self.connect_routing_id = binary_id(val)?
            }
            ZMQ_RATE => self.rate = positive(int()?)?,
            ZMQ_RECOVERY_IVL => self.recovery_ivl = nonneg(int()?)?,
            ZMQ_SNDBUF => self.sndbuf = at_least(int()?, -1)?,
            ZMQ_RCVBUF => self.rcvbuf = at_least(int()?, -1)?,
            ZMQ_TOS => self.tos = nonneg(int()?)?,
            ZMQ_LINGER => self.linger = at_least(int()?, -1)?,
            ZMQ_CONNECT_TIMEOUT => self.connect_timeout = nonneg(int()?)?,
            ZMQ_TCP_MAXRT => self.tcp_maxrt = nonneg(int()?)?,
            ZMQ_RECONNECT_IVL => self.reconnect_ivl = at_least(int()?, -1)?,
            ZMQ_RECONNECT_IVL_MAX => self.reconnect_ivl_max = nonneg(int()?)?,
            ZMQ_BACKLOG => self.backlog = nonneg(int()?)?,
            ZMQ_MAXMSGSIZE => self.maxmsgsize = as_i64(val)?.max(-1),
            ZMQ_MULTICAST_HOPS => self.multicast_hops = positive(int()?)?,
            ZMQ_MULTICAST_MAXTPDU => self.multicast_maxtpdu = positive(int()?)?,
            ZMQ_RCVTIMEO => self.rcvtimeo = at_least(int()?, -1)?,
            ZMQ_SNDTIMEO => self.sndtimeo = at_least(int()?, -1)?,
            ZMQ_IPV4ONLY => self.ipv6 = !boolean(int()?)?,
            ZMQ_IPV6 => self.ipv6 = boolean(int()?)?,
            ZMQ_TCP_KEEPALIVE => {
                let v = int()?;
                if !(-1..=1).contains(&v) {
                    return Err(EINVAL);
                }
                self.tcp_keepalive = v
            }
            ZMQ_TCP_KEEPALIVE_CNT => self.tcp_keepalive_cnt = keepalive(int()?)?,
            ZMQ_TCP_KEEPALIVE_IDLE => self.tcp_keepalive_idle = keepalive(int()?)?,
            ZMQ_TCP_KEEPALIVE_INTVL => self.tcp_keepalive_intvl = keepalive(int()?)?,
            ZMQ_IMMEDIATE => self.immediate = boolean(int()?)?,
            // Each value adds a network (NULL clears the list, see
            // `set_null`; an empty string is EINVAL, as in libzmq).
            ZMQ_TCP_ACCEPT_FILTER => match opt_string(val)?.as_str() {
                "" => return Err(EINVAL),
                f => self.tcp_accept_filters.push(accept_filter(f, self.ipv6)?),
            },
            // Each value adds one id to the set (NULL clears it, see
            // `set_null`).
            ZMQ_IPC_FILTER_UID | ZMQ_IPC_FILTER_GID | ZMQ_IPC_FILTER_PID => {
                let id = int()? as u32;
                self.ipc_filter(opt).push(id);
            }
            ZMQ_PLAIN_SERVER => {
                let on = boolean(int()?)?;
                self.as_server = on;
                self.mechanism = if on { ZMQ_PLAIN } else { ZMQ_NULL };
            }
            // An empty value is EINVAL (as libzmq): only NULL (`set_null`)
            // goes back to NULL, so a typo cannot turn a PLAIN server into
            // one that lets everyone in.
            ZMQ_PLAIN_USERNAME | ZMQ_PLAIN_PASSWORD => {
                let v = opt_string(val)?;
                if v.is_empty() || v.len() > 255 {
                    return Err(EINVAL);
                }
                self.mechanism = ZMQ_PLAIN;
                self.as_server = false;
                if opt == ZMQ_PLAIN_USERNAME {
                    self.plain_username = v;
                } else {
                    self.plain_password = Secret(zeroize::Zeroizing::new(v));
                }
            }
            ZMQ_ZAP_DOMAIN => {
                let v = opt_string(val)?;
                if v.len() > 255 {
                    return Err(EINVAL);
                }
                self.zap_domain = v;
            }
            // Any non-zero int is true, as libzmq reads this one.
            ZMQ_ZAP_ENFORCE_DOMAIN => self.zap_enforce_domain = int()? != 0,
            // Both read any int as a flag, as libzmq does.
            ZMQ_LOOPBACK_FASTPATH => self.loopback_fastpath = int()? != 0,
            ZMQ_MULTICAST_LOOP => self.multicast_loop = int()? != 0,
            // Only where libzmq conflates; libzmq also takes it on the other
            // types and does nothing, which we refuse rather than ignore.
            ZMQ_CONFLATE if matches!(t, ZMQ_PUSH | ZMQ_PULL | ZMQ_DEALER | ZMQ_PUB | ZMQ_SUB) => {
                self.conflate = boolean(int()?)?
            }
            // As libzmq: an empty value is EINVAL, only NULL (`set_null`)
            // clears the proxy.
            ZMQ_SOCKS_PROXY => match opt_string(val)? {
                v if v.is_empty() => return Err(EINVAL),
                v => self.socks_proxy = v,
            },
            // Set-only and STREAM-only, as in libzmq.
            ZMQ_STREAM_NOTIFY if t == ZMQ_STREAM => self.stream_notify = boolean(int()?)?,
            ZMQ_USE_FD => self.use_fd = at_least(int()?, -1)?,
            // libzmq's rules: CURVE_SERVER makes a CURVE server (0: NULL),
            // any key makes CURVE the mechanism, a server key a client.
            ZMQ_CURVE_SERVER => {
                let on = boolean(int()?)?;
                self.as_server = on;
                self.mechanism = if on { ZMQ_CURVE } else { ZMQ_NULL };
            }
            ZMQ_CURVE_PUBLICKEY => {
                self.curve.public = Some(curve_key(val)?);
                self.mechanism = ZMQ_CURVE;
            }
            ZMQ_CURVE_SECRETKEY => {
                self.curve.secret = Some(zeroize::Zeroizing::new(curve_key(val)?));
                self.mechanism = ZMQ_CURVE;
            }
            ZMQ_CURVE_SERVERKEY => {
                self.curve.server = Some(curve_key(val)?);
                self.mechanism = ZMQ_CURVE;
                self.as_server = false;
            }
            // GSSAPI is not available in this build, like a libzmq built
            // without it: EINVAL.
            ZMQ_GSSAPI_SERVER
            | ZMQ_GSSAPI_PRINCIPAL
            | ZMQ_GSSAPI_SERVICE_PRINCIPAL
            | ZMQ_GSSAPI_PLAINTEXT
            | ZMQ_GSSAPI_PRINCIPAL_NAMETYPE
            | ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE => return Err(EINVAL),
            ZMQ_HANDSHAKE_IVL => self.handshake_ivl = nonneg(int()?)?,
            ZMQ_INVERT_MATCHING => self.invert_matching = int()? != 0,
            ZMQ_HEARTBEAT_IVL => self.heartbeat_ivl = nonneg(int()?)?,
            ZMQ_HEARTBEAT_TTL => {
                // Travels in deciseconds in a u16.
                let v = nonneg(int()?)? / 100;
                if v > u16::MAX as i32 {
                    return Err(EINVAL);
                }
                self.heartbeat_ttl = v as u16
            }
            ZMQ_HEARTBEAT_TIMEOUT => self.heartbeat_timeout = nonneg(int()?)?,
            ZMQ_BINDTODEVICE => {
                // As libzmq: 1 to 16 bytes (its BINDDEVSIZ); an empty
                // value is EINVAL, only NULL clears (set_null).
                if val.is_empty() || val.len() > 16 {
                    return Err(EINVAL);
                }
                self.bindtodevice = string(val)?
            }
            // A probe (an empty message) and raw connections (where an empty
            // message closes the connection) exclude each other; libzmq
            // aborts on the pair.
            ZMQ_PROBE_ROUTER if matches!(t, ZMQ_ROUTER | ZMQ_REP | ZMQ_DEALER | ZMQ_REQ) => {
                let on = nonneg(int()?)? != 0;
                if on && self.router_raw {
                    return Err(EINVAL);
                }
                self.probe_router = on
            }
            ZMQ_ROUTER_MANDATORY if is_router(t) => self.router_mandatory = nonneg(int()?)? != 0,
            ZMQ_ROUTER_HANDOVER if is_router(t) => self.router_handover = nonneg(int()?)? != 0,
            // ROUTER only: libzmq also takes it on REP (a ROUTER inside), where
            // raw connections would make no sense.
            ZMQ_ROUTER_RAW if t == ZMQ_ROUTER => {
                let on = nonneg(int()?)? != 0;
                if on && self.probe_router {
                    return Err(EINVAL);
                }
                self.router_raw = on
            }
            ZMQ_REQ_CORRELATE if t == ZMQ_REQ => self.req_correlate = nonneg(int()?)? != 0,
            ZMQ_REQ_RELAXED if t == ZMQ_REQ => self.req_relaxed = nonneg(int()?)? != 0,
            ZMQ_XPUB_VERBOSE if is_xpub(t) => {
                self.xpub_verbose_subs = nonneg(int()?)? != 0;
                self.xpub_verbose_unsubs = false;
            }
            ZMQ_XPUB_VERBOSER if is_xpub(t) => {
                self.xpub_verbose_subs = nonneg(int()?)? != 0;
                self.xpub_verbose_unsubs = self.xpub_verbose_subs;
            }
            ZMQ_XPUB_NODROP if is_xpub(t) => self.xpub_nodrop = nonneg(int()?)? != 0,
            ZMQ_XPUB_MANUAL if is_xpub(t) => self.xpub_manual = nonneg(int()?)? != 0,
            ZMQ_XPUB_WELCOME_MSG if is_xpub(t) => self.xpub_welcome = val.to_vec(),
            o if tls_option(o) => self.tls.set(o, val)?,
            _ => return Err(EINVAL),
        }
        Ok(())
    }

    /// Options stored here (not the socket's live state). Writes into `out`
    /// and returns the length written, with libzmq's size rules.
    pub fn get(&self, opt: i32, cap: usize) -> ZResult<Value> {
        let t = self.socket_type;
        Ok(match opt {
            ZMQ_TYPE => Value::Int(t),
            ZMQ_SNDHWM => Value::Int(self.sndhwm),
            ZMQ_RCVHWM => Value::Int(self.rcvhwm),
            ZMQ_AFFINITY => Value::U64(self.affinity),
            ZMQ_ROUTING_ID => Value::Bytes(self.routing_id.clone()),
            ZMQ_RATE => Value::Int(self.rate),
            ZMQ_RECOVERY_IVL => Value::Int(self.recovery_ivl),
            ZMQ_SNDBUF => Value::Int(self.sndbuf),
            ZMQ_RCVBUF => Value::Int(self.rcvbuf),
            ZMQ_TOS => Value::Int(self.tos),
            ZMQ_LINGER => Value::Int(self.linger),
            ZMQ_CONNECT_TIMEOUT => Value::Int(self.connect_timeout),
            ZMQ_TCP_MAXRT => Value::Int(self.tcp_maxrt),
            ZMQ_RECONNECT_IVL => Value::Int(self.reconnect_ivl),
            ZMQ_RECONNECT_IVL_MAX => Value::Int(self.reconnect_ivl_max),
            ZMQ_BACKLOG => Value::Int(self.backlog),
            ZMQ_MAXMSGSIZE => Value::I64(self.maxmsgsize),
            ZMQ_MULTICAST_HOPS => Value::Int(self.multicast_hops),
            ZMQ_MULTICAST_MAXTPDU => Value::Int(self.multicast_maxtpdu),
            ZMQ_RCVTIMEO => Value::Int(self.rcvtimeo),
            ZMQ_SNDTIMEO => Value::Int(self.sndtimeo),
            ZMQ_IPV4ONLY => Value::Int(!self.ipv6 as i32),
            ZMQ_IPV6 => Value::Int(self.ipv6 as i32),
            ZMQ_SOCKS_PROXY => Value::Str(self.socks_proxy.clone()),
            ZMQ_TCP_KEEPALIVE => Value::Int(self.tcp_keepalive),
            ZMQ_TCP_KEEPALIVE_CNT => Value::Int(self.tcp_keepalive_cnt),
            ZMQ_TCP_KEEPALIVE_IDLE => Value::Int(self.tcp_keepalive_idle),
            ZMQ_TCP_KEEPALIVE_INTVL => Value::Int(self.tcp_keepalive_intvl),
            ZMQ_IMMEDIATE => Value::Int(self.immediate as i32),
            ZMQ_MECHANISM => Value::Int(self.mechanism),
            ZMQ_PLAIN_SERVER => Value::Int((self.as_server && self.mechanism == ZMQ_PLAIN) as i32),
            ZMQ_PLAIN_USERNAME => Value::Str(self.plain_username.clone()),
            ZMQ_PLAIN_PASSWORD => Value::Str(self.plain_password.0.to_string()),
            ZMQ_ZAP_DOMAIN => Value::Str(self.zap_domain.clone()),
            ZMQ_ZAP_ENFORCE_DOMAIN => Value::Int(self.zap_enforce_domain as i32),
            ZMQ_LOOPBACK_FASTPATH => Value::Int(self.loopback_fastpath as i32),
            ZMQ_MULTICAST_LOOP => Value::Int(self.multicast_loop as i32),
            ZMQ_CURVE_SERVER => Value::Int((self.as_server && self.mechanism == ZMQ_CURVE) as i32),
            ZMQ_CURVE_PUBLICKEY => curve_key_value(&self.curve.public.unwrap_or_default(), cap)?,
            ZMQ_CURVE_SECRETKEY => curve_key_value(
                &self.curve.secret.as_deref().copied().unwrap_or_default(),
                cap,
            )?,
            ZMQ_CURVE_SERVERKEY => curve_key_value(&self.curve.server.unwrap_or_default(), cap)?,
            ZMQ_CONFLATE => Value::Int(self.conflate as i32),
            ZMQ_HANDSHAKE_IVL => Value::Int(self.handshake_ivl),
            ZMQ_INVERT_MATCHING => Value::Int(self.invert_matching as i32),
            ZMQ_HEARTBEAT_IVL => Value::Int(self.heartbeat_ivl),
            ZMQ_HEARTBEAT_TTL => Value::Int(self.heartbeat_ttl as i32 * 100),
            ZMQ_HEARTBEAT_TIMEOUT => Value::Int(self.heartbeat_timeout),
            ZMQ_USE_FD => Value::Int(self.use_fd),
            ZMQ_BINDTODEVICE => Value::Str(self.bindtodevice.clone()),
            o if tls_option(o) => self.tls.get(o)?,
            _ => return Err(EINVAL),
        })
        .and_then(|v| v.check(cap).map(|_| v))
    }
}

/// A getsockopt result.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i32),
    I64(i64),
    U64(u64),
    /// Binary (routing ids): exactly its bytes, no terminator.
    Bytes(Vec<u8>),
    /// Strings: NUL-terminated, as libzmq returns them.
    Str(String),
}

impl Value {
    /// libzmq requires the exact size for integer options, and room for the
    /// value (plus NUL for strings) otherwise.
    pub fn check(&self, cap: usize) -> ZResult<()> {
        let ok = match self {
            Value::Int(_) => cap == 4,
            Value::I64(_) | Value::U64(_) => cap == 8,
            Value::Bytes(b) => cap >= b.len(),
            Value::Str(s) => cap > s.len(),
        };
        if ok {
            Ok(())
        } else {
            Err(EINVAL)
        }
    }

    /// Serialise; the caller has checked the capacity.
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Value::Int(v) => v.to_ne_bytes().to_vec(),
            Value::I64(v) => v.to_ne_bytes().to_vec(),
            Value::U64(v) => v.to_ne_bytes().to_vec(),
            Value::Bytes(b) => b.clone(),
            Value::Str(s) => {
                let mut v = s.as_bytes().to_vec();
                v.push(0);
                v
            }
        }
    }
}

/// PUB is an XPUB underneath in libzmq and takes XPUB's options.
fn is_xpub(t: i32) -> bool {
    matches!(t, ZMQ_XPUB | ZMQ_PUB)
}

/// REP is a ROUTER underneath in libzmq and takes ROUTER's options.
fn is_router(t: i32) -> bool {
    matches!(t, ZMQ_ROUTER | ZMQ_REP)
}

pub(crate) fn as_int(v: &[u8]) -> ZResult<i32> {
    let a: [u8; 4] = v.try_into().map_err(|_| EINVAL)?;
    Ok(i32::from_ne_bytes(a))
}
fn as_i64(v: &[u8]) -> ZResult<i64> {
    let a: [u8; 8] = v.try_into().map_err(|_| EINVAL)?;
    Ok(i64::from_ne_bytes(a))
}
fn as_u64(v: &[u8]) -> ZResult<u64> {
    let a: [u8; 8] = v.try_into().map_err(|_| EINVAL)?;
    Ok(u64::from_ne_bytes(a))
}
fn at_least(v: i32, min: i32) -> ZResult<i32> {
    if v >= min {
        Ok(v)
    } else {
        Err(EINVAL)
    }
}
fn nonneg(v: i32) -> ZResult<i32> {
    at_least(v, 0)
}
fn positive(v: i32) -> ZResult<i32> {
    at_least(v, 1)
}
pub(crate) fn boolean(v: i32) -> ZResult<bool> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(EINVAL),
    }
}
fn keepalive(v: i32) -> ZResult<i32> {
    if v >= -1 {
        Ok(v)
    } else {
        Err(EINVAL)
    }
}
fn binary_id(v: &[u8]) -> ZResult<Vec<u8>> {
    if v.is_empty() || v.len() > 255 {
        return Err(EINVAL);
    }
    Ok(v.to_vec())
}
/// "ADDRESS" or "ADDRESS/BITS", numeric only (as libzmq: no DNS, no
/// interface names).
/// An IPv6 network needs ZMQ_IPV6 first, as in libzmq; an IPv4-mapped
/// address (::ffff:a.b.c.d) is its IPv4 one either way.
fn accept_filter(f: &str, ipv6: bool) -> ZResult<(std::net::IpAddr, u8)> {
    let (addr, bits) = match f.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (f, None),
    };
    let mut ip: std::net::IpAddr = addr.parse().map_err(|_| EINVAL)?;
    if let std::net::IpAddr::V6(v6) = ip {
        match v6.to_ipv4_mapped() {
            Some(v4) if bits.is_none() => ip = v4.into(),
            _ if !ipv6 => return Err(EINVAL),
            _ => {}
        }
    }
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let bits = match bits {
        None => max,
        Some(b) if !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit()) => {
            b.parse::<u8>().map_err(|_| EINVAL)?
        }
        Some(_) => return Err(EINVAL),
    };
    if bits > max {
        return Err(EINVAL);
    }
    Ok((ip, bits))
}

/// Whether `peer` is in one of the networks of `filters` (an IPv4 peer
/// seen on an IPv6 socket as ::ffff:a.b.c.d counts as a.b.c.d).
pub fn accept_filter_allows(filters: &[(std::net::IpAddr, u8)], peer: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    let peer = match peer {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(peer, IpAddr::V4),
        v4 => v4,
    };
    filters.is_empty()
        || filters.iter().any(|&(net, bits)| match (net, peer) {
            (IpAddr::V4(n), IpAddr::V4(p)) => {
                let mask = u32::MAX.checked_shl(32 - bits as u32).unwrap_or(0);
                u32::from(n) & mask == u32::from(p) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(p)) => {
                let mask = u128::MAX.checked_shl(128 - bits as u32).unwrap_or(0);
                u128::from(n) & mask == u128::from(p) & mask
            }
            _ => false,
        })
}

/// A string option: with or without a trailing NUL; must be valid UTF-8
/// (paths and names) and at most 4 KiB.
fn string(v: &[u8]) -> ZResult<String> {
    string_max(v, 4096)
}
/// As `string`, at most `max` bytes (PEM text is longer than a path).
pub(crate) fn string_max(v: &[u8], max: usize) -> ZResult<String> {
    let v = match v.iter().position(|&b| b == 0) {
        Some(p) if p + 1 == v.len() => &v[..p],
        Some(_) => return Err(EINVAL),
        None => v,
    };
    if v.len() > max {
        return Err(EINVAL);
    }
    String::from_utf8(v.to_vec()).map_err(|_| EINVAL)
}
/// As `string`, but empty clears.
pub(crate) fn opt_string(v: &[u8]) -> ZResult<String> {
    if v.is_empty() {
        return Ok(String::new());
    }
    string(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn accept_filters() {
        let f = |s: &str| accept_filter(s, true);
        assert!(f("foo").is_err() && f("0.0.0.0/33").is_err() && f("1.2.3.4/").is_err());
        assert!(f("::1/129").is_err() && f("10.0.0.0/x").is_err());
        let nets = vec![f("10.1.0.0/16").unwrap(), f("::1").unwrap()];
        let ok = |a: &str| accept_filter_allows(&nets, a.parse().unwrap());
        assert!(ok("10.1.2.3") && !ok("10.2.0.1") && ok("::1") && !ok("::2"));
        assert!(ok("::ffff:10.1.9.9"));
        // IPv6 networks need ZMQ_IPV6; a mapped address is IPv4.
        assert_eq!(accept_filter("::1", false), Err(EINVAL));
        assert_eq!(accept_filter("::1/64", false), Err(EINVAL));
        assert_eq!(
            accept_filter("::ffff:127.0.0.1", false),
            Ok(("127.0.0.1".parse().unwrap(), 32))
        );
        assert!(accept_filter_allows(
            &[f("0.0.0.0/0").unwrap()],
            "8.8.8.8".parse().unwrap()
        ));
    }

    #[test]
    fn int_sizes_and_ranges() {
        let mut o = Options::new(ZMQ_DEALER, false, true);
        assert_eq!(o.set(ZMQ_SNDHWM, &5i32.to_ne_bytes()), Ok(()));
        assert_eq!(o.set(ZMQ_SNDHWM, &5i64.to_ne_bytes()), Err(EINVAL));
        assert_eq!(o.set(ZMQ_SNDHWM, &(-1i32).to_ne_bytes()), Err(EINVAL));
        assert_eq!(o.get(ZMQ_SNDHWM, 4), Ok(Value::Int(5)));
        assert_eq!(o.get(ZMQ_SNDHWM, 8), Err(EINVAL));
        assert_eq!(
            o.set(ZMQ_ROUTER_MANDATORY, &1i32.to_ne_bytes()),
            Err(EINVAL)
        );
        assert_eq!(o.set(ZMQ_ROUTING_ID, b""), Err(EINVAL));
        assert_eq!(o.set(ZMQ_TLS_CA_FILE, b"x.pem\0"), Ok(()));
        assert_eq!(o.get(ZMQ_TLS_CA_FILE, 6), Ok(Value::Str("x.pem".into())));
        assert_eq!(o.get(ZMQ_TLS_CA_FILE, 5), Err(EINVAL));
    }
}
