//! A session: one accepted connection, or one connect endpoint with its
//! reconnect loop. It moves messages between the pipe and the connection
//! and owns the connection's lifecycle (handshake timeout, heartbeats,
//! linger, reconnect backoff).

use super::conn::{Conn, IoResult, Stream, LARGE_BODY, OUT_BATCH};
use super::{IoShared, SessionCfg};
use crate::constants::*;
use crate::msg::Metadata;
use crate::pipe::{IoEnd, Pipe};
use crate::socket::SockCmd;
use crate::transport::{tcp, tls};
use crate::zmtp::{self, Event, Zmtp};
use mio::{Interest, Registry, Token};
use openssl::ssl::SslStream;
use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct IoCtx {
    pub registry: Arc<Registry>,
    pub shared: Arc<IoShared>,
}

enum Origin {
    Accepted,
    Connect { addr: String, cur_ivl: i32 },
}

enum State {
    /// Waiting to (re)connect at `reconnect_at`.
    Idle,
    Connecting {
        stream: mio::net::TcpStream,
        peer: SocketAddr,
        deadline: Option<Instant>,
    },
    Open(Box<Conn>),
    Dead,
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
    closing: bool,
    linger_deadline: Option<Instant>,
    reconnect_at: Option<Instant>,
}

fn ms(v: i32) -> Duration {
    Duration::from_millis(v.max(0) as u64)
}

impl Session {
    pub fn accepted(
        key: usize,
        mut stream: mio::net::TcpStream,
        peer: SocketAddr,
        cfg: Arc<SessionCfg>,
        io: IoCtx,
    ) -> Option<Session> {
        tcp::tune(&socket2::SockRef::from(&stream), &cfg.opts);
        io.registry
            .register(
                &mut stream,
                Token(key),
                Interest::READABLE | Interest::WRITABLE,
            )
            .ok()?;
        let mut s = Session {
            key,
            cfg,
            io,
            origin: Origin::Accepted,
            state: State::Idle,
            pipe: None,
            persistent_pipe: false,
            closing: false,
            linger_deadline: None,
            reconnect_at: None,
        };
        s.open(stream, peer);
        Some(s)
    }

    pub fn connecter(
        key: usize,
        addr: String,
        cfg: Arc<SessionCfg>,
        pipe: Option<Arc<Pipe>>,
        io: IoCtx,
    ) -> Session {
        let ivl = cfg.opts.reconnect_ivl;
        let persistent = pipe.is_some();
        let mut s = Session {
            key,
            cfg,
            io,
            origin: Origin::Connect { addr, cur_ivl: ivl },
            state: State::Idle,
            pipe,
            persistent_pipe: persistent,
            closing: false,
            linger_deadline: None,
            reconnect_at: None,
        };
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

    pub fn deadline(&self) -> Option<Instant> {
        let mut d: Option<Instant> = None;
        let mut add = |x: Option<Instant>| {
            if let Some(x) = x {
                d = Some(d.map_or(x, |d| d.min(x)));
            }
        };
        add(self.linger_deadline);
        match &self.state {
            State::Idle => add(self.reconnect_at),
            State::Connecting { deadline, .. } => add(*deadline),
            State::Open(c) => {
                add(c.handshake_deadline);
                add(c.next_ping);
                add(c.pong_deadline);
                add(c.ttl_deadline);
            }
            State::Dead => {}
        }
        d
    }

    /// Stop watching the current stream (if any); dropping it closes it.
    fn drop_stream(&mut self, next: State) {
        match &mut self.state {
            State::Connecting { stream, .. } => {
                let _ = self.io.registry.deregister(stream);
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
        let Origin::Connect { addr, .. } = &self.origin else {
            return;
        };
        let addrs = match tcp::resolve_connect(addr, self.cfg.opts.ipv6) {
            Ok(a) => a,
            Err(_) => return self.schedule_reconnect(now),
        };
        for a in addrs {
            if let Ok(s) = tcp::connect(a, &self.cfg.opts) {
                let mut stream = mio::net::TcpStream::from_std(s);
                if self
                    .io
                    .registry
                    .register(
                        &mut stream,
                        Token(self.key),
                        Interest::READABLE | Interest::WRITABLE,
                    )
                    .is_err()
                {
                    continue;
                }
                let deadline = (self.cfg.opts.connect_timeout > 0)
                    .then(|| now + ms(self.cfg.opts.connect_timeout));
                self.cfg
                    .event(ZMQ_EVENT_CONNECT_DELAYED, libc::EINPROGRESS as u32);
                self.state = State::Connecting {
                    stream,
                    peer: a,
                    deadline,
                };
                return;
            }
        }
        self.schedule_reconnect(now)
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
        let wait = *cur_ivl;
        if o.reconnect_ivl_max > o.reconnect_ivl && o.reconnect_ivl > 0 {
            *cur_ivl = (cur_ivl.saturating_mul(2)).min(o.reconnect_ivl_max);
        }
        self.reconnect_at = Some(now + ms(wait));
        self.cfg
            .event(ZMQ_EVENT_CONNECT_RETRIED, wait.max(0) as u32);
    }

    fn open(&mut self, tcp: mio::net::TcpStream, peer: SocketAddr) {
        let mut tls_pending = false;
        let stream = match &self.cfg.tls {
            None => Stream::Tcp(tcp),
            Some(ep) => {
                let ssl = tls::new_ssl(ep);
                match ssl.and_then(|ssl| SslStream::new(ssl, tcp).ok()) {
                    Some(s) => {
                        tls_pending = true;
                        Stream::Tls(Box::new(s))
                    }
                    None => {
                        self.cfg
                            .event(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ETLS as u32);
                        self.state = State::Idle;
                        return self.disconnected();
                    }
                }
            }
        };
        let o = &self.cfg.opts;
        let zcfg = zmtp::Config {
            socket_type: o.socket_type,
            routing_id: o.routing_id.clone(),
            maxmsgsize: o.maxmsgsize,
        };
        let mut c = Conn::new(stream, Zmtp::new(zcfg), peer.ip().to_string());
        c.tls_pending = tls_pending;
        if o.handshake_ivl > 0 {
            c.handshake_deadline = Some(Instant::now() + ms(o.handshake_ivl));
        }
        self.state = State::Open(Box::new(c));
        self.pump();
    }

    /// The connection is gone (error, peer closed, timeout).
    fn disconnected(&mut self) {
        if let State::Open(c) = &self.state {
            if c.zmtp.phase() != zmtp::Phase::Traffic && !c.failure_reported {
                // Lost or timed out before the handshake finished.
                let v = if c.handshake_deadline.is_some_and(|d| d <= Instant::now()) {
                    libc::ETIMEDOUT
                } else {
                    libc::ECONNRESET
                };
                self.cfg
                    .event(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, v as u32);
            }
            self.cfg.event(ZMQ_EVENT_DISCONNECTED, c.stream.fd() as u32);
        }
        self.drop_stream(State::Idle);
        if matches!(self.origin, Origin::Accepted) {
            return self.terminate();
        }
        // A closing connecter with queued messages keeps trying until its
        // linger runs out, as libzmq's does.
        if self.closing && self.pipe.as_ref().is_none_or(|p| p.outbound_empty()) {
            return self.terminate();
        }
        if !self.persistent_pipe {
            self.release_pipe();
        }
        self.schedule_reconnect(Instant::now());
    }

    /// End the session for good.
    fn terminate(&mut self) {
        self.drop_stream(State::Dead);
        self.release_pipe();
    }

    /// Tell the socket this pipe will see no more traffic.
    fn release_pipe(&mut self) {
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
        let has_data = match (&self.pipe, &self.state) {
            (Some(p), State::Open(c)) => {
                !p.outbound_empty() || !c.local_out.is_empty() || c.pending_output()
            }
            (Some(p), _) => !p.outbound_empty(),
            _ => false,
        };
        if linger == 0 || !has_data {
            return self.terminate();
        }
        if linger > 0 {
            self.linger_deadline = Some(now + ms(linger));
        }
        self.pump();
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
            State::Connecting { deadline, .. } => {
                if deadline.is_some_and(|d| d <= now) {
                    self.disconnected();
                }
            }
            State::Open(c) => {
                let expired = |d: Option<Instant>| d.is_some_and(|d| d <= now);
                if expired(c.handshake_deadline)
                    || expired(c.pong_deadline)
                    || expired(c.ttl_deadline)
                {
                    return self.disconnected();
                }
                if expired(c.next_ping) {
                    let o = &self.cfg.opts;
                    c.zmtp.send_ping(o.heartbeat_ttl);
                    c.next_ping = Some(now + ms(o.heartbeat_ivl));
                    if c.pong_deadline.is_none() && o.heartbeat_timeout_ms() > 0 {
                        c.pong_deadline = Some(now + ms(o.heartbeat_timeout_ms()));
                    }
                    self.pump();
                }
            }
            State::Dead => {}
        }
    }

    pub fn on_io(&mut self, readable: bool, writable: bool) {
        match &mut self.state {
            State::Connecting { stream, peer, .. } => {
                if !(readable || writable) {
                    return;
                }
                let ok = matches!(stream.take_error(), Ok(None)) && stream.peer_addr().is_ok();
                if !ok {
                    return self.disconnected();
                }
                let peer = *peer;
                let State::Connecting { stream, .. } =
                    std::mem::replace(&mut self.state, State::Idle)
                else {
                    return;
                };
                if let Origin::Connect { cur_ivl, .. } = &mut self.origin {
                    *cur_ivl = self.cfg.opts.reconnect_ivl;
                }
                self.cfg
                    .event(ZMQ_EVENT_CONNECTED, stream.as_raw_fd() as u32);
                self.open(stream, peer);
            }
            State::Open(c) => {
                if readable {
                    c.can_read = true;
                }
                if writable {
                    c.can_write = true;
                }
                self.pump();
            }
            _ => {}
        }
    }

    /// The periodic safety net: work waiting that no wake-up announced.
    pub fn recheck(&mut self) {
        let State::Open(c) = &mut self.state else {
            return;
        };
        let Some(p) = &self.pipe else {
            return;
        };
        if c.zmtp.phase() != zmtp::Phase::Traffic || c.tls_pending {
            return;
        }
        let stuck_out = !c.pending_output() && c.local_out.is_empty() && !p.outbound_empty();
        let stuck_in = c.read_blocked && p.engine_room(0);
        if stuck_out || stuck_in {
            crate::debug::recovered(if stuck_in {
                "engine input (pipe had room)"
            } else {
                "engine output (pipe had data)"
            });
            c.read_blocked = false;
            self.pump();
        }
    }

    /// The pipe has news: data to send, room to receive, or the socket let
    /// go of it.
    pub fn on_wake(&mut self) {
        if let Some(p) = &self.pipe {
            if p.socket_closed() && !self.closing {
                return self.begin_close(0, Instant::now());
            }
        }
        if let State::Open(c) = &mut self.state {
            c.read_blocked = false;
            self.pump();
        }
    }

    /// Move data both ways until nothing more can be done now.
    fn pump(&mut self) {
        let State::Open(_) = self.state else {
            return;
        };
        let State::Open(mut c) = std::mem::replace(&mut self.state, State::Idle) else {
            return;
        };
        let ok = self.pump_conn(&mut c);
        self.state = State::Open(c);
        if !ok {
            return self.disconnected();
        }
        if self.closing {
            let drained = match (&self.pipe, &self.state) {
                (Some(p), State::Open(c)) => {
                    p.outbound_empty() && c.local_out.is_empty() && !c.pending_output()
                }
                _ => true,
            };
            if drained {
                self.terminate();
            }
        }
    }

    /// Advance the TLS handshake; false if it failed (already reported).
    fn tls_handshake(&mut self, c: &mut Conn) -> bool {
        let (Stream::Tls(s), Some(ep)) = (&mut c.stream, &self.cfg.tls) else {
            c.tls_pending = false;
            return true;
        };
        match s.do_handshake() {
            Ok(()) => match tls::after_handshake(ep, s.ssl()) {
                Ok(uid) => {
                    c.user_id = uid;
                    c.tls_pending = false;
                    // Application data may already sit in OpenSSL's buffer.
                    c.can_read = true;
                    c.can_write = true;
                    true
                }
                Err((ev, v)) => {
                    self.cfg.event(ev, v as u32);
                    c.failure_reported = true;
                    false
                }
            },
            Err(e) => match e.code() {
                openssl::ssl::ErrorCode::WANT_READ | openssl::ssl::ErrorCode::WANT_WRITE => true,
                _ => {
                    let (ev, v) = tls::classify_failure(s.ssl(), &e);
                    self.cfg.event(ev, v as u32);
                    c.failure_reported = true;
                    false
                }
            },
        }
    }

    fn pump_conn(&mut self, c: &mut Conn) -> bool {
        if c.tls_pending {
            if !self.tls_handshake(c) {
                return false;
            }
            if c.tls_pending {
                return true;
            }
        }
        loop {
            // Input first: it may complete the handshake, enabling output.
            if !self.read_input(c) {
                return false;
            }
            if !c.pending_output() {
                c.out.clear();
                c.out_pos = 0;
                self.fill_output(c);
            }
            if !c.pending_output() {
                return true;
            }
            if let IoResult::Closed = c.flush() {
                return false;
            }
            if c.pending_output() {
                // Socket buffer full; wait for writable.
                return self.read_input(c);
            }
        }
    }

    /// Gather output: protocol bytes, then messages from the pipe.
    fn fill_output(&mut self, c: &mut Conn) {
        c.zmtp.take_output(&mut c.out);
        if c.zmtp.phase() != zmtp::Phase::Traffic {
            return;
        }
        let Some(p) = &self.pipe else {
            return;
        };
        let mut done = 0u64;
        while c.out.len() < OUT_BATCH {
            let Some(m) = c.local_out.pop_front() else {
                if p.engine_take(&mut c.local_out) {
                    continue;
                }
                p.engine_consumed(done);
                done = 0;
                if p.engine_arm_reader() {
                    continue;
                }
                break;
            };
            if !m.more() {
                done += 1;
            }
            if m.len() >= LARGE_BODY {
                // Header now, body straight from the message after it.
                zmtp::frame::encode_header(&mut c.out, m.len(), m.more(), false);
                c.body = Some((m, 0));
                break;
            }
            zmtp::frame::encode_msg(&mut c.out, &m);
        }
        p.engine_consumed(done);
    }

    /// Read and decode until WouldBlock or the inbound pipe is full.
    fn read_input(&mut self, c: &mut Conn) -> bool {
        loop {
            if !self.decode(c) {
                return false;
            }
            if c.read_blocked || !c.can_read {
                break;
            }
            match self.read_body(c) {
                Some(true) => continue,
                Some(false) => {
                    self.flush_inbound(c);
                    return false;
                }
                None => {}
            }
            match c.fill_input() {
                Ok(true) => {}
                Ok(false) => break,
                Err(()) => {
                    self.flush_inbound(c);
                    return false;
                }
            }
        }
        self.flush_inbound(c);
        true
    }

    fn flush_inbound(&mut self, c: &mut Conn) {
        if c.in_msgs == 0 {
            return;
        }
        if let Some(p) = &self.pipe {
            // Only whole messages go up; a partial one waits for its tail.
            let tail_start = if c.in_more {
                c.in_batch
                    .iter()
                    .rposition(|m| !m.more())
                    .map_or(0, |i| i + 1)
            } else {
                c.in_batch.len()
            };
            let tail = c.in_batch.split_off(tail_start);
            let mut whole = std::mem::replace(&mut c.in_batch, tail);
            if p.socket_closed() {
                drop(whole);
            } else {
                p.engine_push(&mut whole, c.in_msgs);
            }
        } else {
            c.in_batch.clear();
        }
        c.in_msgs = 0;
    }

    /// Decode buffered input into events; false on protocol error.
    fn decode(&mut self, c: &mut Conn) -> bool {
        while c.in_pos < c.in_len {
            if !c.in_more && c.zmtp.phase() == zmtp::Phase::Traffic {
                if let Some(p) = &self.pipe {
                    if !p.engine_room(c.in_msgs + 1) {
                        self.flush_inbound(c);
                        let p = self.pipe.as_ref().expect("pipe checked above");
                        if !p.engine_room(0) && !p.engine_arm_writer() {
                            c.read_blocked = true;
                            return true;
                        }
                    }
                }
            }
            let r = c.zmtp.input(&c.inbuf[c.in_pos..c.in_len]);
            let (n, ev) = match r {
                Ok(x) => x,
                Err(e) => {
                    if c.zmtp.phase() != zmtp::Phase::Traffic {
                        self.cfg
                            .event(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, e.code() as u32);
                        c.failure_reported = true;
                    }
                    return false;
                }
            };
            c.in_pos += n;
            let Some(ev) = ev else {
                if n == 0 {
                    break;
                }
                continue;
            };
            if !self.on_event(c, ev) {
                return false;
            }
        }
        true
    }

    /// One protocol event; false when the connection must go.
    fn on_event(&mut self, c: &mut Conn, ev: Event) -> bool {
        match ev {
            Event::Message(mut m) => {
                c.in_more = m.more();
                if !c.in_more {
                    c.in_msgs += 1;
                }
                m.set_metadata(c.meta.clone());
                c.in_batch.push_back(m);
            }
            Event::Ready(info) => return self.on_ready(c, info),
            Event::Ping { ttl_ds } => {
                if ttl_ds > 0 {
                    c.ttl_deadline =
                        Some(Instant::now() + Duration::from_millis(ttl_ds as u64 * 100));
                }
            }
            Event::Pong | Event::Subscribe(_) | Event::Cancel(_) => {}
        }
        true
    }

    /// Read a large body in progress straight into its message. None when
    /// there is none (or input is still buffered); Some(false) on failure.
    fn read_body(&mut self, c: &mut Conn) -> Option<bool> {
        if c.in_pos != c.in_len {
            return None;
        }
        match c.read_body()? {
            Ok(0) => Some(false),
            Ok(_) => {
                let Some(frame) = c.zmtp.decoder().finish_body() else {
                    return Some(true);
                };
                match c.zmtp.on_frame(frame) {
                    Ok(Some(ev)) => Some(self.on_event(c, ev)),
                    Ok(None) => Some(true),
                    Err(_) => Some(false),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                c.can_read = false;
                Some(true)
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Some(true),
            Err(_) => Some(false),
        }
    }

    /// Handshake done: attach the pipe (creating it if needed).
    fn on_ready(&mut self, c: &mut Conn, info: zmtp::PeerInfo) -> bool {
        c.handshake_deadline = None;
        self.cfg.event(ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0);
        let o = &self.cfg.opts;
        if o.heartbeat_ivl > 0 {
            c.next_ping = Some(Instant::now() + ms(o.heartbeat_ivl));
        }
        let mut meta = Metadata::new();
        for (k, v) in &info.properties {
            meta.set(k, v);
        }
        meta.set("Peer-Address", c.peer_addr.as_bytes());
        if let Some(uid) = &c.user_id {
            meta.set("User-Id", uid.as_bytes());
        }
        c.meta = Some(Arc::new(meta));
        if self.pipe.is_none() {
            if self.closing {
                return false;
            }
            let pipe = Arc::new(Pipe::new(
                super::new_id(),
                o.sndhwm,
                o.rcvhwm,
                self.cfg.socket.sig.clone(),
                IoEnd {
                    waker: self.io.shared.clone(),
                    session: self.key,
                },
            ));
            let rid = match &self.cfg.connect_rid {
                Some(r) => r.clone(),
                None => info.routing_id.clone(),
            };
            // The socket may not look at its mail for a while; the probe
            // must go out as soon as the peer is there (as libzmq's does).
            let probed =
                o.probe_router && matches!(o.socket_type, ZMQ_ROUTER | ZMQ_DEALER | ZMQ_REQ);
            if probed {
                zmtp::frame::encode_msg(&mut c.out, &crate::msg::Msg::new());
            }
            self.pipe = Some(pipe.clone());
            self.cfg.socket.post(SockCmd::Attach {
                pipe,
                routing_id: rid,
                endpoint_id: self.cfg.endpoint_id,
                side_b: false,
                probed,
            });
        }
        true
    }
}
