//! A session: one accepted connection, or one connect endpoint with its
//! reconnect loop. It owns the lifecycle only: connecting with back-off,
//! the transport handshake, attaching the pipe when the ZMTP handshake
//! completes, linger, and what happens to queued messages when a
//! connection is lost. Moving bytes and messages is `pump`'s job.

mod codec;
mod pump;
mod zap;

use crate::constants::*;
use crate::msg::{Metadata, Msg};
use crate::pipe::{IoEnd, Pipe, Wake};
use crate::socket::{SockCmd, SocketShared};
use crate::transport::{self, tls::TlsEndpoint, Handshake, Raw, Target};
use crate::zmtp::{self, Engine, PeerInfo, Phase, ProtoError};
use codec::Codec;
use mio::{Interest, Registry, Token};
use pump::Conn;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Everything a session needs from the socket that created it, fixed at
/// bind/connect time (as libzmq snapshots options then).
pub struct SessionCfg {
    pub opts: crate::options::Options,
    pub socket: Arc<SocketShared>,
    pub socket_id: u64,
    pub endpoint_id: u64,
    /// ZMQ_CONNECT_ROUTING_ID captured by this connect.
    pub connect_rid: Option<Vec<u8>>,
    /// The endpoint as monitor events name it.
    pub endpoint: String,
    /// tls:// credentials, loaded at bind/connect.
    pub tls: Option<Arc<TlsEndpoint>>,
    /// The context, where a mechanism finds the ZAP handler.
    pub ctx: std::sync::Weak<crate::ctx::CtxInner>,
}

impl SessionCfg {
    pub fn event(&self, event: i32, value: u32) {
        self.socket.event(event, value, &self.endpoint);
    }

    fn engine_config(&self) -> zmtp::Config {
        let o = &self.opts;
        let ms = |v: i32| (v > 0).then(|| Duration::from_millis(v as u64));
        zmtp::Config {
            socket_type: o.socket_type,
            maxmsgsize: o.maxmsgsize,
            handshake_ivl: ms(o.handshake_ivl),
            heartbeat_ivl: ms(o.heartbeat_ivl),
            heartbeat_ttl_ds: o.heartbeat_ttl,
            heartbeat_timeout: ms(o.heartbeat_timeout_ms()),
        }
    }
}

/// What a session needs from its I/O thread.
#[derive(Clone)]
pub struct IoCtx {
    pub registry: Arc<Registry>,
    /// Wakes this session again through the I/O thread's inbox.
    pub waker: Arc<dyn Wake>,
}

enum Origin {
    Accepted,
    Connect { target: Target, cur_ivl: i32 },
}

enum State {
    /// Waiting to (re)connect at `reconnect_at`.
    Idle,
    Connecting {
        raw: Raw,
        deadline: Option<Instant>,
    },
    Open(Box<Conn>),
    Dead,
}

/// Why a connection ended.
enum Loss {
    /// EOF, reset or another I/O error, with the errno a handshake
    /// failure reports (libzmq's: EPIPE for an orderly close by the peer,
    /// the read's or write's own errno otherwise).
    Closed(i32),
    /// The transport's handshake refused the peer (already reported).
    Refused,
    Protocol(ProtoError),
}

pub struct Session {
    key: usize,
    cfg: Arc<SessionCfg>,
    io: IoCtx,
    origin: Origin,
    state: State,
    pipe: Option<Arc<Pipe>>,
    /// The pipe outlives connections (connect side without IMMEDIATE).
    persistent_pipe: bool,
    /// Messages taken from the pipe and not yet given to an engine. They
    /// survive a lost connection, like messages still in the pipe.
    outq: VecDeque<Msg>,
    /// The last message given to the engine is not complete: if the
    /// connection goes now, the rest of it is dropped, not sent alone.
    out_mid_message: bool,
    closing: bool,
    linger_deadline: Option<Instant>,
    reconnect_at: Option<Instant>,
}

fn ms(v: i32) -> Duration {
    Duration::from_millis(v.max(0) as u64)
}

impl Session {
    fn new(key: usize, cfg: Arc<SessionCfg>, io: IoCtx, origin: Origin) -> Session {
        Session {
            key,
            cfg,
            io,
            origin,
            state: State::Idle,
            pipe: None,
            persistent_pipe: false,
            outq: VecDeque::new(),
            out_mid_message: false,
            closing: false,
            linger_deadline: None,
            reconnect_at: None,
        }
    }

    pub fn accepted(key: usize, raw: Raw, cfg: Arc<SessionCfg>, io: IoCtx) -> Session {
        let mut s = Session::new(key, cfg, io, Origin::Accepted);
        s.open(raw, Instant::now());
        s
    }

    pub fn connecter(
        key: usize,
        target: Target,
        cfg: Arc<SessionCfg>,
        pipe: Option<Arc<Pipe>>,
        io: IoCtx,
    ) -> Session {
        let cur_ivl = cfg.opts.reconnect_ivl;
        let mut s = Session::new(key, cfg, io, Origin::Connect { target, cur_ivl });
        s.persistent_pipe = pipe.is_some();
        s.pipe = pipe;
        s.try_connect(Instant::now());
        s
    }

    pub fn endpoint_id(&self) -> u64 {
        self.cfg.endpoint_id
    }
    pub fn socket_id(&self) -> u64 {
        self.cfg.socket_id
    }
    pub fn is_dead(&self) -> bool {
        matches!(self.state, State::Dead)
    }

    /// The next moment this session has something to do unprompted.
    pub fn deadline(&self) -> Option<Instant> {
        let own = match &self.state {
            State::Idle => self.reconnect_at,
            State::Connecting { deadline, .. } => *deadline,
            State::Open(c) => c.engine.poll_timeout(),
            State::Dead => return None,
        };
        [self.linger_deadline, own].into_iter().flatten().min()
    }

    fn register(&self, src: &mut dyn mio::event::Source) -> bool {
        self.io
            .registry
            .register(
                src,
                Token(self.key),
                Interest::READABLE | Interest::WRITABLE,
            )
            .is_ok()
    }

    /// Stop watching the current socket (if any); dropping it closes it.
    fn drop_stream(&mut self, next: State) {
        match &mut self.state {
            State::Connecting { raw, .. } => {
                let _ = self.io.registry.deregister(raw.source());
            }
            State::Open(c) => {
                let _ = self.io.registry.deregister(c.stream.source());
            }
            _ => {}
        }
        self.state = next;
    }

    // ---- lifecycle ----

    fn try_connect(&mut self, now: Instant) {
        self.reconnect_at = None;
        let Origin::Connect { target, .. } = &self.origin else {
            return;
        };
        let (mut raw, done) = match transport::connect(target, &self.cfg.opts) {
            Ok(r) => r,
            Err(f) => return self.connect_failed(f.fd, now),
        };
        if !self.register(raw.source()) {
            return self.connect_failed(Some(raw.fd()), now);
        }
        if done {
            // Connected at once (ipc, usually): no CONNECT_DELAYED, as
            // libzmq reports it only for a connect still in progress.
            return self.connected(raw, now);
        }
        let deadline =
            (self.cfg.opts.connect_timeout > 0).then(|| now + ms(self.cfg.opts.connect_timeout));
        self.cfg
            .event(ZMQ_EVENT_CONNECT_DELAYED, libc::EINPROGRESS as u32);
        self.state = State::Connecting { raw, deadline };
    }

    /// A connect attempt failed: its socket is closed (CLOSED names it, as
    /// libzmq's connecter does), then a retry is scheduled.
    fn connect_failed(&mut self, fd: Option<std::os::fd::RawFd>, now: Instant) {
        self.drop_stream(State::Idle);
        if let Some(fd) = fd {
            self.cfg.event(ZMQ_EVENT_CLOSED, fd as u32);
        }
        self.schedule_reconnect(now);
    }

    /// A connect completed.
    fn connected(&mut self, raw: Raw, now: Instant) {
        if let Origin::Connect { cur_ivl, .. } = &mut self.origin {
            *cur_ivl = self.cfg.opts.reconnect_ivl;
        }
        self.cfg.event(ZMQ_EVENT_CONNECTED, raw.fd() as u32);
        self.open(raw, now);
    }

    fn schedule_reconnect(&mut self, now: Instant) {
        self.state = State::Idle;
        let Origin::Connect { cur_ivl, .. } = &mut self.origin else {
            return self.terminate();
        };
        let o = &self.cfg.opts;
        if o.reconnect_ivl < 0 {
            return self.terminate();
        }
        // Random jitter of up to one interval, as libzmq adds, so that
        // many clients of one server do not all come back at once.
        let jitter = if o.reconnect_ivl > 0 {
            (crate::random::u32() % o.reconnect_ivl as u32) as i32
        } else {
            0
        };
        let wait = cur_ivl.saturating_add(jitter);
        if o.reconnect_ivl_max > o.reconnect_ivl && o.reconnect_ivl > 0 {
            *cur_ivl = (cur_ivl.saturating_mul(2)).min(o.reconnect_ivl_max);
        }
        self.reconnect_at = Some(now + ms(wait));
        self.cfg
            .event(ZMQ_EVENT_CONNECT_RETRIED, wait.max(0) as u32);
    }

    /// A connected socket: make it a stream and start the handshakes.
    fn open(&mut self, raw: Raw, now: Instant) {
        if let Some(value) = self.cfg.tls.as_ref().and_then(|t| t.refresh()) {
            self.cfg.event(ZMQ_EVENT_TLS_RELOAD, value as u32);
        }
        let socks_dest = match &self.origin {
            Origin::Connect {
                target: Target::Tcp(addr),
                ..
            } if !self.cfg.opts.socks_proxy.is_empty() => {
                Some(transport::tcp::split_source(addr).1.to_string())
            }
            _ => None,
        };
        let Some(mut stream) = raw.into_stream(self.cfg.tls.as_ref(), socks_dest.as_deref()) else {
            // Only tls can fail here (no SSL object).
            self.cfg
                .event(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ETLS as u32);
            return self.lost(None, Loss::Refused);
        };
        if matches!(self.origin, Origin::Accepted) && !self.register(stream.source()) {
            return self.terminate();
        }
        let o = &self.cfg.opts;
        // Servers ask the ZAP handler (NULL only with a ZAP domain); whether
        // one is bound is found out when the request is due (`zap_step`).
        let engine = if o.raw() {
            Codec::Raw(codec::Raw::new(self.cfg.engine_config().handshake_ivl, now))
        } else {
            let props = zmtp::our_properties(o.socket_type, &o.routing_id);
            let mech: Box<dyn zmtp::mechanism::Mechanism> = match o.mechanism {
                ZMQ_PLAIN if o.as_server => Box::new(zmtp::plain::PlainServer::new(props)),
                ZMQ_PLAIN => Box::new(zmtp::plain::PlainClient::new(
                    o.plain_username.as_bytes(),
                    o.plain_password.0.as_bytes(),
                    props,
                )),
                // Keys were checked at bind/connect (`Options::check_mechanism`).
                // ZAP_ENFORCE_DOMAIN without a domain: CURVE asks no ZAP
                // handler at all (libzmq 4.3's rule).
                ZMQ_CURVE if o.as_server => Box::new(zmtp::curve::CurveServer::new(
                    o.curve.secret.as_deref().unwrap_or(&[0; 32]),
                    props,
                    !(o.zap_enforce_domain && o.zap_domain.is_empty()),
                )),
                ZMQ_CURVE => Box::new(zmtp::curve::CurveClient::new(
                    o.curve.server.unwrap_or_default(),
                    o.curve.secret.as_deref().unwrap_or(&[0; 32]),
                    o.curve.public,
                    props,
                )),
                _ => Box::new(zmtp::mechanism::Null::new(props, !o.zap_domain.is_empty())),
            };
            Codec::Zmtp(Engine::new(self.cfg.engine_config(), mech, now))
        };
        self.state = State::Open(Box::new(Conn::new(stream, engine)));
        self.pump(now);
    }

    /// The connection is gone; report it, then reconnect or end.
    fn lost(&mut self, conn: Option<&Conn>, why: Loss) {
        // Only a connection that reached READY took messages (the
        // subscriptions among them) out of the pipe.
        let took_messages = conn.is_some_and(|c| c.engine.phase() == Phase::Traffic);
        if let Some(c) = conn {
            if c.engine.phase() != Phase::Traffic {
                match c.stream.failure() {
                    Some((event, value)) => self.cfg.event(event, value as u32),
                    None => self.report_handshake_failure(&why),
                }
            }
            self.cfg.event(ZMQ_EVENT_DISCONNECTED, c.stream.fd() as u32);
            if took_messages && c.engine.is_raw() && self.cfg.opts.stream_notify {
                self.notify_stream(c);
            }
        }
        self.drop_stream(State::Idle);
        self.abandon_partial_output();
        if matches!(self.origin, Origin::Accepted) {
            return self.terminate();
        }
        // A closing connecter with queued messages keeps trying until its
        // linger runs out, as libzmq's does.
        if self.closing && !self.has_queued_output() {
            return self.terminate();
        }
        // A peer that broke or refused the protocol (an ERROR such as a
        // ZAP refusal, a failed box, a malformed frame) would only do so
        // again: libzmq ends such a connecter's session rather than
        // reconnecting, and so do we (a refused client must not hammer
        // the server and its ZAP handler). Timeouts and lost connections
        // reconnect.
        if matches!(&why, Loss::Protocol(e)
            if !matches!(e, ProtoError::HandshakeTimeout | ProtoError::HeartbeatTimeout))
        {
            return self.terminate();
        }
        if !self.persistent_pipe {
            self.release_pipe();
        } else if let Some(p) = self
            .pipe
            .as_ref()
            .filter(|_| took_messages && matches!(self.cfg.opts.socket_type, ZMQ_SUB | ZMQ_XSUB))
        {
            // The next connection must learn the subscriptions again; after
            // a failed handshake they are still queued, and sending them
            // again on every attempt would only pile up duplicates.
            self.cfg.socket.post(SockCmd::Hiccup { pipe_id: p.id });
        }
        self.schedule_reconnect(Instant::now());
    }

    /// STREAM_NOTIFY: an empty message from a raw connection tells the
    /// application it was lost. Like any message it needs room under
    /// RCVHWM (dropped otherwise, as libzmq): a peer that keeps closing a
    /// connecting STREAM's connections must not fill its memory.
    fn notify_stream(&self, c: &Conn) {
        let mut m = Msg::new();
        m.set_metadata(c.meta.clone());
        match &self.pipe {
            Some(p) if !p.socket_closed() && p.engine_room(0) => {
                p.engine_push(&mut VecDeque::from([m]), 1)
            }
            _ => {}
        }
    }

    fn report_handshake_failure(&self, why: &Loss) {
        let (event, value) = match why {
            Loss::Refused => return,
            Loss::Protocol(ProtoError::HandshakeTimeout) => {
                (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, libc::ETIMEDOUT)
            }
            Loss::Protocol(ProtoError::Auth(status)) => {
                (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, *status as i32)
            }
            // A mechanism that needs a ZAP handler found none (libzmq: EFAULT).
            Loss::Protocol(ProtoError::ZapUnavailable) => {
                (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, libc::EFAULT)
            }
            Loss::Protocol(e) => match e.code() {
                Some(code) => (ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, code),
                None => (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, libc::ECONNRESET),
            },
            Loss::Closed(errno) => (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, *errno),
        };
        self.cfg.event(event, value as u32);
    }

    /// After a lost connection: the frames of a message the engine had
    /// only partly taken are dropped (counted as read, as libzmq rolls them
    /// back), so the next connection starts at a message boundary and the
    /// pipe's window stays exactly what HWM says.
    fn abandon_partial_output(&mut self) {
        if !self.out_mid_message {
            return;
        }
        while let Some(m) = self.outq.pop_front() {
            if !m.more() {
                if let Some(p) = &self.pipe {
                    p.engine_consumed(1);
                }
                self.out_mid_message = false;
                return;
            }
        }
        // The pipe only publishes whole messages, so the rest was here.
        self.out_mid_message = false;
    }

    fn has_queued_output(&self) -> bool {
        !self.outq.is_empty() || self.pipe.as_ref().is_some_and(|p| !p.outbound_empty())
    }

    /// End the session for good.
    fn terminate(&mut self) {
        self.drop_stream(State::Dead);
        self.release_pipe();
    }

    /// Tell the socket this pipe will see no more traffic.
    fn release_pipe(&mut self) {
        self.outq.clear();
        self.out_mid_message = false;
        if let Some(p) = self.pipe.take() {
            p.set_engine_gone();
            self.cfg.socket.post(SockCmd::Detach { pipe_id: p.id });
        }
    }

    /// The owner let go (close, unbind, disconnect): flush what is queued
    /// for up to `linger` ms (-1: forever), then end.
    pub fn begin_close(&mut self, linger: i32, now: Instant) {
        if self.closing {
            return;
        }
        self.closing = true;
        let has_data = self.pipe.is_some()
            && (self.has_queued_output()
                || matches!(&self.state, State::Open(c) if c.has_output()));
        if linger == 0 || !has_data {
            return self.terminate();
        }
        if linger > 0 {
            self.linger_deadline = Some(now + ms(linger));
        }
        self.pump(now);
    }

    // ---- events ----

    pub fn on_timer(&mut self, now: Instant) {
        if self.linger_deadline.is_some_and(|d| d <= now) {
            return self.terminate();
        }
        match &mut self.state {
            State::Idle => {
                if self.reconnect_at.is_some_and(|d| d <= now) {
                    self.try_connect(now);
                }
            }
            State::Connecting { deadline, raw } => {
                if deadline.is_some_and(|d| d <= now) {
                    let fd = raw.fd();
                    self.connect_failed(Some(fd), now);
                }
            }
            State::Open(c) => match c.engine.handle_timeout(now) {
                Ok(()) => self.pump(now),
                Err(e) => self.close_conn(Loss::Protocol(e)),
            },
            State::Dead => {}
        }
    }

    pub fn on_io(&mut self, readable: bool, writable: bool) {
        let now = Instant::now();
        match &mut self.state {
            State::Connecting { raw, .. } => {
                if !(readable || writable) {
                    return;
                }
                if !raw.connected() {
                    let fd = raw.fd();
                    return self.connect_failed(Some(fd), now);
                }
                let State::Connecting { raw, .. } = std::mem::replace(&mut self.state, State::Idle)
                else {
                    return;
                };
                self.connected(raw, now);
            }
            State::Open(c) => {
                c.can_read |= readable;
                c.can_write |= writable;
                self.pump(now);
            }
            _ => {}
        }
    }

    /// The pipe has news: data to send, room to receive, or the socket let
    /// go of it.
    pub fn on_wake(&mut self) {
        let now = Instant::now();
        if self.pipe.as_ref().is_some_and(|p| p.socket_closed()) && !self.closing {
            return self.begin_close(0, now);
        }
        self.pump(now);
    }

    /// The open connection, taken out of the state (left Idle); None, and
    /// the state untouched, when there is none.
    fn take_conn(&mut self) -> Option<Box<Conn>> {
        match std::mem::replace(&mut self.state, State::Idle) {
            State::Open(c) => Some(c),
            other => {
                self.state = other;
                None
            }
        }
    }

    /// End the open connection for `why`.
    fn close_conn(&mut self, why: Loss) {
        let Some(mut c) = self.take_conn() else {
            return;
        };
        let _ = self.io.registry.deregister(c.stream.source());
        self.lost(Some(&c), why);
    }

    /// Move data both ways until nothing more can be done now.
    fn pump(&mut self, now: Instant) {
        let Some(mut c) = self.take_conn() else {
            return;
        };
        let r = self.pump_conn(&mut c, now);
        // Everything written, the tls layer's records included.
        let finished = c.engine.finished() && !c.has_output();
        self.state = State::Open(c);
        if let Err(why) = r {
            return self.close_conn(why);
        }
        if finished {
            // The application closed this STREAM connection: for good, and
            // without a notification, as in libzmq.
            return self.terminate();
        }
        if self.closing {
            let drained = match &self.state {
                State::Open(c) => !self.has_queued_output() && !c.has_output(),
                _ => true,
            };
            if drained || self.pipe.is_none() {
                self.terminate();
            }
        }
    }

    /// The transport's handshake (tls); Ok(false) while it is under way.
    fn transport_handshake(&self, c: &mut Conn) -> Result<bool, Loss> {
        if c.identity.is_some() {
            return Ok(true);
        }
        match c.stream.handshake() {
            Handshake::Pending => Ok(false),
            Handshake::Done(id) => {
                c.identity = Some(id);
                // Application data may already sit in the TLS buffers.
                c.can_read = true;
                c.can_write = true;
                Ok(true)
            }
            Handshake::Failed { event, value } => {
                self.cfg.event(event, value as u32);
                Err(Loss::Refused)
            }
        }
    }

    /// Handshake done: attach the pipe (creating it if needed).
    fn on_ready(&mut self, c: &mut Conn, info: PeerInfo) -> Result<(), Loss> {
        let raw = c.engine.is_raw();
        // A raw connection has no ZMTP handshake to report (libzmq's
        // neither).
        if !raw {
            self.cfg.event(ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0);
        }
        let mut meta = Metadata::new();
        // The peer's own properties, but never under a name whose value
        // must come from us: those are set below from what was checked.
        for (k, v) in &info.properties {
            if !reserved_property(k) {
                meta.set(k, v);
            }
        }
        if !raw {
            meta.set("Socket-Type", info.socket_type.as_bytes());
        }
        if info
            .properties
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("Identity"))
        {
            meta.set("Identity", &info.routing_id);
        }
        if let Some(addr) = c.stream.peer_address() {
            meta.set("Peer-Address", addr.as_bytes());
        }
        meta.src_fd = c.stream.fd();
        if let Some(t) = c.identity.as_ref().and_then(|i| i.tls.as_ref()) {
            if let Some(uid) = &t.user_id {
                meta.set("User-Id", uid.as_bytes());
            }
            meta.set("TLS-Version", t.version.as_bytes());
            meta.set("TLS-Cipher", t.cipher.as_bytes());
            meta.set("TLS-Session-Reused", if t.resumed { b"1" } else { b"0" });
        }
        // What the ZAP handler said: its user id (over a certificate's, as
        // the handler has the last word) and its metadata.
        if let Some(z) = &info.zap {
            for (k, v) in &z.metadata {
                if !reserved_property(k) {
                    meta.set(k, v);
                }
            }
            if !z.user_id.is_empty() {
                meta.set("User-Id", &z.user_id);
            }
        }
        c.meta = Some(Arc::new(meta));
        // The connect notification, under RCVHWM like any message (a pipe
        // made here has room).
        let room = self
            .pipe
            .as_ref()
            .is_none_or(|p| p.engine_room(c.in_msgs + 1));
        if raw && self.cfg.opts.stream_notify && room {
            let mut m = Msg::new();
            m.set_metadata(c.meta.clone());
            c.in_msgs += 1;
            c.in_batch.push_back(m);
        }
        if self.pipe.is_some() {
            return Ok(());
        }
        if self.closing {
            return Err(Loss::Closed(libc::ECONNRESET));
        }
        let o = &self.cfg.opts;
        // The socket may not look at its mail for a while; the probe must
        // go out as soon as the peer is there (as libzmq's does).
        let probed = o.probe_router && matches!(o.socket_type, ZMQ_ROUTER | ZMQ_DEALER | ZMQ_REQ);
        if probed {
            c.engine.send(Msg::new());
        }
        let pipe = Arc::new(Pipe::new(
            crate::reactor::new_id(),
            o.sndhwm,
            o.rcvhwm,
            self.cfg.socket.clone(),
            IoEnd {
                waker: self.io.waker.clone(),
                session: self.key,
            },
        ));
        pipe.set_conflate(false, o.conflate_out(), o.conflate_in());
        let rid = match &self.cfg.connect_rid {
            Some(r) => r.clone(),
            None => info.routing_id.clone(),
        };
        self.pipe = Some(pipe.clone());
        self.cfg.socket.post(SockCmd::Attach {
            pipe,
            routing_id: rid,
            endpoint_id: self.cfg.endpoint_id,
            side_b: false,
            probed,
        });
        Ok(())
    }
}

/// Property names whose value we set from what we verified or know
/// (compared without case, as ZMTP names are): a peer's READY metadata
/// must not be able to forge them.
fn reserved_property(name: &str) -> bool {
    [
        "User-Id",
        "Peer-Address",
        "Socket-Type",
        "Identity",
        "Routing-Id",
    ]
    .iter()
    .any(|r| name.eq_ignore_ascii_case(r))
        || name
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("TLS-"))
}
