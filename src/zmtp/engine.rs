//! The ZMTP engine of one connection, sans I/O: bytes from the peer go in
//! (`handle_input`, or `body_sink` for large bodies), events come out;
//! messages go in (`send`), bytes to write come out (`slices`/`advance`).
//! Time is passed in; `poll_timeout`/`handle_timeout` drive the handshake
//! deadline and heartbeats. No fd, no clock, no OpenSSL here.

use super::command::{self, Command};
use super::frame::{self, Decoder, Frame, FrameError};
use super::greeting::{self, Greeting};
use super::mechanism::{Mechanism, Status, ZapReply};
use super::transmit::{Transmit, MAX_SLICES};
use super::{compatible, Phase, ProtoError};
use crate::msg::Msg;
use std::io::IoSlice;
use std::mem::MaybeUninit;
use std::time::{Duration, Instant};

/// Messages are taken for sending while less than this is queued: one
/// vectored write's worth.
pub const OUT_BATCH: usize = 64 * 1024;
/// Bodies at least this large are written straight from their message
/// (after their header), not copied into the batch.
pub const LARGE_BODY: usize = 32 * 1024;

/// What the engine needs to know about our side.
#[derive(Clone, Debug)]
pub struct Config {
    pub socket_type: i32,
    pub maxmsgsize: i64,
    pub handshake_ivl: Option<Duration>,
    pub heartbeat_ivl: Option<Duration>,
    /// Sent in our PINGs, in deciseconds.
    pub heartbeat_ttl_ds: u16,
    pub heartbeat_timeout: Option<Duration>,
}

/// What the peer told us in the handshake.
#[derive(Debug, Default, Clone)]
pub struct PeerInfo {
    pub socket_type: String,
    pub routing_id: Vec<u8>,
    pub properties: Vec<(String, Vec<u8>)>,
    pub minor_version: u8,
    /// What the ZAP handler said, when it was asked.
    pub zap: Option<ZapReply>,
}

#[derive(Debug)]
pub enum Event {
    /// The handshake completed.
    Ready(PeerInfo),
    /// One data frame (its MORE flag set as received).
    Message(Msg),
    Subscribe(Vec<u8>),
    Cancel(Vec<u8>),
}

pub struct Engine {
    cfg: Config,
    phase: Phase,
    greeting: Greeting,
    /// Our greeting, queued in stages as libzmq sends it: the signature
    /// at once, the major version once the peer's signature is in, the
    /// rest once its major version is.
    our_greeting: [u8; greeting::LEN],
    /// How much of `our_greeting` is queued.
    greeting_queued: usize,
    mech: Box<dyn Mechanism>,
    dec: Decoder,
    tx: Transmit,
    /// A PONG owed to the peer while the output was full. One slot, as in
    /// libzmq: a newer PING replaces it, so a peer that floods PINGs and
    /// never reads the PONGs costs no memory.
    owed_pong: Option<Vec<u8>>,
    handshake_deadline: Option<Instant>,
    next_ping: Option<Instant>,
    pong_deadline: Option<Instant>,
    ttl_deadline: Option<Instant>,
    /// The mechanism refused the peer: the connection ends with this once
    /// the ERROR it queued is written.
    doomed: Option<ProtoError>,
    /// In traffic, every frame is sealed in a MESSAGE (CURVE); a plain
    /// bool, read per message instead of asking the mechanism.
    sealed: bool,
}

impl Engine {
    /// A new connection; the signature of our greeting is queued at once
    /// (the rest follows the peer's, see `queue_greeting`).
    pub fn new(cfg: Config, mech: Box<dyn Mechanism>, now: Instant) -> Engine {
        let mut tx = Transmit::default();
        let g = greeting::ours(mech.name(), mech.as_server());
        tx.bytes(|b| b.extend_from_slice(&g[..greeting::SIGNATURE]));
        Engine {
            our_greeting: g,
            greeting_queued: greeting::SIGNATURE,
            handshake_deadline: cfg.handshake_ivl.map(|d| now + d),
            dec: Decoder::new(cfg.maxmsgsize),
            cfg,
            phase: Phase::Greeting,
            greeting: Greeting::default(),
            mech,
            tx,
            owed_pong: None,
            next_ping: None,
            pong_deadline: None,
            ttl_deadline: None,
            doomed: None,
            sealed: false,
        }
    }

    /// The handshake refused the peer; end once `has_output` is false.
    pub fn doomed(&self) -> Option<&ProtoError> {
        self.doomed.as_ref()
    }

    /// A ZAP request the mechanism now waits for (mechanism name and
    /// credential frames); once.
    pub fn take_zap_request(&mut self) -> Option<(&'static str, Vec<Vec<u8>>)> {
        if self.phase != Phase::Handshake {
            return None;
        }
        self.mech.zap_request()
    }

    /// The ZAP handler's answer to `take_zap_request`'s request.
    pub fn zap_reply(
        &mut self,
        reply: ZapReply,
        now: Instant,
    ) -> Result<Option<Event>, ProtoError> {
        self.mech.zap_reply(reply)?;
        self.queue_handshake_commands();
        self.after_handshake_step(now)
    }

    fn after_handshake_step(&mut self, now: Instant) -> Result<Option<Event>, ProtoError> {
        match self.mech.status() {
            Status::Handshaking => Ok(None),
            Status::Ready => self.ready(now).map(Some),
            Status::Failed(e) => {
                self.doomed = Some(e);
                Ok(None)
            }
        }
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Between frames: a message in progress is not cut.
    pub fn at_frame_boundary(&self) -> bool {
        self.dec.at_boundary()
    }

    // ---- input ----

    /// Feed bytes from the peer. Returns (bytes consumed, event). Stops
    /// after each event so the caller can apply back-pressure; consumes
    /// nothing and returns no event only when `data` is empty.
    pub fn handle_input(
        &mut self,
        data: &[u8],
        now: Instant,
    ) -> Result<(usize, Option<Event>), ProtoError> {
        if data.is_empty() {
            return Ok((0, None));
        }
        self.peer_alive();
        if self.phase == Phase::Greeting {
            let n = self.greeting.input(data)?;
            self.queue_greeting();
            if let Some(peer) = self.greeting.complete() {
                if peer.mechanism != self.mech.name().as_bytes() {
                    return Err(ProtoError::MechanismMismatch);
                }
                self.phase = Phase::Handshake;
                self.queue_handshake_commands();
            }
            return Ok((n, None));
        }
        let (n, frame) = self.dec.decode(data).map_err(frame_error)?;
        match frame {
            None => Ok((n, None)),
            Some(f) => Ok((n, self.on_frame(f, now)?)),
        }
    }

    /// Room to read the rest of a large body into directly (no staging
    /// copy); None when no such body is in progress.
    pub fn body_sink(&mut self) -> Result<Option<&mut [MaybeUninit<u8>]>, ProtoError> {
        if self.phase == Phase::Greeting {
            return Ok(None);
        }
        self.dec.body_sink().map_err(frame_error)
    }

    /// `n` bytes were read into the `body_sink` slice.
    pub fn body_filled(&mut self, n: usize, now: Instant) -> Result<Option<Event>, ProtoError> {
        if n > 0 {
            self.peer_alive();
        }
        match self.dec.body_filled(n) {
            None => Ok(None),
            Some(f) => self.on_frame(f, now),
        }
    }

    /// Any bytes from the peer prove it alive.
    fn peer_alive(&mut self) {
        self.pong_deadline = None;
        self.ttl_deadline = None;
    }

    fn on_frame(&mut self, f: Frame, now: Instant) -> Result<Option<Event>, ProtoError> {
        match self.phase {
            // CURVE: nothing but MESSAGEs once the handshake is done, in
            // data frames (libzmq) or command frames (RFC 26's wording).
            Phase::Traffic if self.sealed => {
                let (flags, mut m) = self.mech.decode(f.msg)?;
                if flags & 2 != 0 {
                    return self.traffic_command(m.data(), now);
                }
                m.set_more(flags & 1 != 0);
                Ok(Some(Event::Message(m)))
            }
            Phase::Traffic if !f.command => Ok(Some(Event::Message(f.msg))),
            Phase::Traffic => self.traffic_command(f.msg.data(), now),
            _ if !f.command => Err(ProtoError::UnexpectedCommand),
            _ => {
                if self.doomed.is_some() {
                    return Ok(None);
                }
                self.mech.process_command(f.msg.data())?;
                self.queue_handshake_commands();
                self.after_handshake_step(now)
            }
        }
    }

    /// The rest of our greeting, as far as the peer's (valid so far)
    /// allows, in libzmq's stages (its zmtp_engine): our major version
    /// once the peer's signature is in, the minor version, mechanism and
    /// as-server flag once its major version is. A raw peer (a STREAM
    /// socket, a hand-written client) that reads the 10-byte signature
    /// and answers with its own sees the same bytes as from libzmq.
    fn queue_greeting(&mut self) {
        let got = self.greeting.received();
        let want = if got > greeting::SIGNATURE {
            greeting::LEN
        } else if got == greeting::SIGNATURE {
            greeting::SIGNATURE + 1
        } else {
            return;
        };
        if want > self.greeting_queued {
            let part = &self.our_greeting[self.greeting_queued..want];
            self.tx.bytes(|b| b.extend_from_slice(part));
            self.greeting_queued = want;
        }
    }

    fn queue_handshake_commands(&mut self) {
        while let Some(body) = self.mech.next_command() {
            self.queue_command(&body);
        }
    }

    /// A MESSAGE (CURVE) goes out in a plain data frame, as libzmq sends
    /// it (its MORE and command flags are inside the box).
    fn queue_sealed(&mut self, data: &[u8], more: bool, command: bool) {
        let len = self.mech.sealed_len(data.len());
        let mech = &mut self.mech;
        self.tx.bytes(|b| {
            frame::encode_header(b, len, false, false);
            mech.encode_into(b, data, more, command);
        });
    }

    /// Frame and queue a command body (name length, name, data).
    fn queue_command(&mut self, body: &[u8]) {
        self.tx.bytes(|b| {
            frame::encode_header(b, body.len(), false, true);
            b.extend_from_slice(body);
        });
    }

    fn ready(&mut self, now: Instant) -> Result<Event, ProtoError> {
        let mut info = PeerInfo {
            minor_version: self.greeting.minor(),
            zap: self.mech.zap_outcome().cloned(),
            ..Default::default()
        };
        for (k, v) in self.mech.peer_properties() {
            if k.eq_ignore_ascii_case("Socket-Type") {
                info.socket_type = String::from_utf8_lossy(v).into_owned();
            } else if k.eq_ignore_ascii_case("Identity") {
                info.routing_id = v.clone();
            }
            info.properties.push((k.clone(), v.clone()));
        }
        if !compatible(self.cfg.socket_type, &info.socket_type) {
            return Err(ProtoError::IncompatibleSocketType);
        }
        self.phase = Phase::Traffic;
        self.handshake_deadline = None;
        if self.mech.encrypts() {
            // Messages now travel inside commands, as large as messages.
            self.dec.carry_messages_in_commands();
            self.sealed = true;
        }
        self.next_ping = self.cfg.heartbeat_ivl.map(|d| now + d);
        Ok(Event::Ready(info))
    }

    fn traffic_command(&mut self, body: &[u8], now: Instant) -> Result<Option<Event>, ProtoError> {
        Ok(match command::parse(body)? {
            Command::Ping { ttl_ds, context } => {
                if ttl_ds > 0 && self.ttl_deadline.is_none() {
                    self.ttl_deadline = Some(now + Duration::from_millis(ttl_ds as u64 * 100));
                }
                self.owed_pong = Some(command::body("PONG", context));
                self.pay_pong();
                None
            }
            Command::Subscribe(t) => Some(Event::Subscribe(t.to_vec())),
            Command::Cancel(t) => Some(Event::Cancel(t.to_vec())),
            Command::Error(reason) => return Err(ProtoError::from_error_reason(reason)),
            Command::Pong | Command::Ready(_) | Command::Other => None,
        })
    }

    /// Queue the owed PONG if the output has room for it.
    fn pay_pong(&mut self) {
        if self.tx.queued() >= OUT_BATCH {
            return;
        }
        if let Some(body) = self.owed_pong.take() {
            self.queue_traffic_command(&body);
        }
    }

    // ---- output ----

    /// In traffic with room for more messages in this batch.
    pub fn wants_messages(&self) -> bool {
        self.phase == Phase::Traffic && self.tx.queued() < OUT_BATCH
    }

    /// Queue a message frame (MORE as set on it). Call only while
    /// `wants_messages`.
    pub fn send(&mut self, m: Msg) {
        if self.sealed {
            return self.queue_sealed(m.data(), m.more(), false);
        }
        if m.len() >= LARGE_BODY {
            self.tx
                .bytes(|b| frame::encode_header(b, m.len(), m.more(), false));
            self.tx.body(m);
        } else {
            self.tx.bytes(|b| frame::encode_msg(b, &m));
        }
    }

    /// A subscriber's message: one frame starting with 1 (subscribe) or 0
    /// (cancel) is a SUBSCRIBE or CANCEL command to a ZMTP 3.1 peer, and
    /// stays a message for a 3.0 peer (which expects that form).
    pub fn send_subscription(&mut self, m: Msg) {
        let cmd = match m.data().first() {
            Some(1) => "SUBSCRIBE",
            Some(0) => "CANCEL",
            _ => "",
        };
        if cmd.is_empty() || m.more() || self.greeting.minor() < 1 {
            return self.send(m);
        }
        let body = command::body(cmd, &m.data()[1..]);
        self.queue_traffic_command(&body);
    }

    /// A command after the handshake: in a MESSAGE when the mechanism
    /// encrypts.
    fn queue_traffic_command(&mut self, body: &[u8]) {
        if self.sealed {
            self.queue_sealed(body, false, true);
        } else {
            self.queue_command(body);
        }
    }

    pub fn has_output(&self) -> bool {
        !self.tx.is_empty()
    }

    /// The bytes to write next, in order, at most `limit` of them;
    /// returns how many slices of `out` it filled.
    pub fn slices<'a>(&'a self, out: &mut [IoSlice<'a>; MAX_SLICES], limit: usize) -> usize {
        self.tx.slices(out, limit)
    }

    /// `n` bytes of `slices` were written.
    pub fn advance(&mut self, n: usize) {
        self.tx.advance(n);
        self.pay_pong();
    }

    // ---- timers ----

    pub fn poll_timeout(&self) -> Option<Instant> {
        [
            self.handshake_deadline,
            self.next_ping,
            self.pong_deadline,
            self.ttl_deadline,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Act on expired timers: a missed handshake or heartbeat deadline is
    /// an error; a due PING is queued.
    pub fn handle_timeout(&mut self, now: Instant) -> Result<(), ProtoError> {
        let expired = |d: Option<Instant>| d.is_some_and(|d| d <= now);
        if expired(self.handshake_deadline) {
            return Err(ProtoError::HandshakeTimeout);
        }
        if expired(self.pong_deadline) || expired(self.ttl_deadline) {
            return Err(ProtoError::HeartbeatTimeout);
        }
        if let (true, Some(ivl)) = (expired(self.next_ping), self.cfg.heartbeat_ivl) {
            let ttl = self.cfg.heartbeat_ttl_ds.to_be_bytes();
            self.queue_traffic_command(&command::body("PING", &ttl));
            self.next_ping = Some(now + ivl);
            if self.pong_deadline.is_none() {
                self.pong_deadline = self.cfg.heartbeat_timeout.map(|d| now + d);
            }
        }
        Ok(())
    }
}

fn frame_error(e: FrameError) -> ProtoError {
    match e {
        FrameError::TooLarge => ProtoError::TooLarge,
        FrameError::Malformed => ProtoError::MalformedCommand,
        FrameError::OutOfMemory => ProtoError::OutOfMemory,
    }
}
