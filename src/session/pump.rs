//! The data path of one open connection: bytes between the stream and the
//! engine, messages between the engine and the pipe, under the pipe's
//! high-water marks. Only whole messages reach the pipe.

use super::codec::Codec;
use super::zap::ZapPoll;
use super::{Loss, Session};
use crate::constants::{ZMQ_SUB, ZMQ_XSUB};
use crate::msg::{Metadata, Msg};
use crate::transport::{sys, PeerIdentity, Stream};
use crate::zmtp::transmit::MAX_SLICES;
use crate::zmtp::{Event, Phase, ProtoError};
use std::collections::VecDeque;
use std::io::{ErrorKind, IoSlice};
use std::sync::Arc;
use std::time::Instant;

/// Read batch: large enough to carry hundreds of small messages per
/// syscall, small enough that a large body mostly bypasses it (read
/// straight into its message); also one TLS record.
const IN_BUF: usize = 16 * 1024;
/// Reads, and write rounds, one wake-up may do before the connection
/// yields to the others on its I/O thread (it wakes itself to go on).
const MAX_ROUNDS: usize = 64;

pub struct Conn {
    pub stream: Box<dyn Stream>,
    pub engine: Codec,
    inbuf: Box<[u8]>,
    in_pos: usize,
    in_len: usize,
    /// Frames decoded, not yet handed to the pipe; `in_msgs` complete ones.
    pub in_batch: VecDeque<Msg>,
    pub in_msgs: u64,
    /// The last frame decoded had MORE set.
    in_more: bool,
    /// The inbound pipe was full at the last look; reading paused.
    read_blocked: bool,
    pub can_read: bool,
    pub can_write: bool,
    /// Set when the transport's own handshake (tls) is done.
    pub identity: Option<PeerIdentity>,
    /// The peer's properties, attached to every message it sends.
    pub meta: Option<Arc<Metadata>>,
    /// The line to the ZAP handler, while the handshake may need it.
    pub zap: Option<super::zap::ZapClient>,
}

impl Conn {
    /// Anything still to go out: the engine's bytes or the stream's.
    pub fn has_output(&self) -> bool {
        self.engine.has_output() || self.stream.has_pending()
    }

    pub fn new(stream: Box<dyn Stream>, engine: Codec) -> Conn {
        Conn {
            stream,
            engine,
            inbuf: vec![0u8; IN_BUF].into_boxed_slice(),
            in_pos: 0,
            in_len: 0,
            in_batch: VecDeque::new(),
            in_msgs: 0,
            in_more: false,
            read_blocked: false,
            can_read: true,
            can_write: true,
            identity: None,
            meta: None,
            zap: None,
        }
    }
}

/// A read or write error ends the connection, unless it only says "not
/// now"; its errno is what a failed handshake reports (ECONNRESET when the
/// stream, tls, gives none).
fn io_loss(e: &std::io::Error) -> Option<Loss> {
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::Interrupted => None,
        _ => Some(Loss::Closed(e.raw_os_error().unwrap_or(libc::ECONNRESET))),
    }
}

/// The peer closed the connection in order (a read of 0 bytes): EPIPE, as
/// libzmq reports it.
const PEER_CLOSED: Loss = Loss::Closed(libc::EPIPE);

impl Session {
    pub(super) fn pump_conn(&mut self, c: &mut Conn, now: Instant) -> Result<(), Loss> {
        if !self.transport_handshake(c)? {
            return Ok(());
        }
        if let Some(ev) = c.engine.take_ready() {
            self.on_event(c, ev)?;
        }
        for _ in 0..MAX_ROUNDS {
            // Input first: it may complete the handshake, enabling output.
            self.read_input(c, now)?;
            self.zap_step(c, now)?;
            self.fill_output(c);
            if !c.has_output() {
                return Self::doomed(c);
            }
            self.write_output(c)?;
            if c.has_output() {
                // The socket buffer is full: wait for writable.
                return Ok(());
            }
        }
        self.io.waker.wake(self.key);
        Ok(())
    }

    /// Read and decode until WouldBlock, the inbound pipe is full, or this
    /// wake-up's share of reads is used up.
    fn read_input(&mut self, c: &mut Conn, now: Instant) -> Result<(), Loss> {
        let r = self.read_loop(c, now);
        // What was decoded goes up even if the connection just ended.
        self.flush_inbound(c);
        r
    }

    fn read_loop(&mut self, c: &mut Conn, now: Instant) -> Result<(), Loss> {
        // Blocked or not is found out again on every pass: the pipe may
        // have room now without anyone having had to wake us (our request
        // to be woken can be withdrawn when room appeared as we made it).
        c.read_blocked = false;
        for _ in 0..MAX_ROUNDS {
            self.decode_buffered(c, now)?;
            if c.read_blocked || !c.can_read {
                return Ok(());
            }
            let r = if c.in_pos == c.in_len {
                // A large body in progress is read straight into its message.
                match c.engine.body_sink().map_err(Loss::Protocol)? {
                    Some(sink) => match c.stream.read(sink) {
                        Ok(n) if n > 0 => {
                            if let Some(ev) =
                                c.engine.body_filled(n, now).map_err(Loss::Protocol)?
                            {
                                self.on_event(c, ev)?;
                            }
                            continue;
                        }
                        other => other,
                    },
                    None => Self::read_buffered(c),
                }
            } else {
                Self::read_buffered(c)
            };
            match r {
                Ok(0) => return Err(PEER_CLOSED),
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    c.can_read = false;
                    return Ok(());
                }
                Err(e) => {
                    if let Some(l) = io_loss(&e) {
                        return Err(l);
                    }
                }
            }
        }
        // More may be waiting: come back after the other connections.
        self.io.waker.wake(self.key);
        Ok(())
    }

    /// Carry the mechanism's ZAP request to the handler, and its answer
    /// back (the session is woken when it arrives).
    fn zap_step(&mut self, c: &mut Conn, now: Instant) -> Result<(), Loss> {
        if let Some((mechanism, credentials)) = c.engine.take_zap_request() {
            // Whether a handler is bound is decided now, when the request
            // is due (as libzmq's zap_connect). A context going away has
            // none to ask: refused.
            let ctx = self.cfg.ctx.upgrade();
            let ctx = ctx.ok_or(Loss::Protocol(ProtoError::ZapUnavailable))?;
            c.zap = super::zap::ZapClient::connect(&ctx, self.io.waker.clone(), self.key);
            let Some(z) = &c.zap else {
                // No handler: PLAIN refuses; NULL and CURVE admit, as
                // libzmq, unless ZAP_ENFORCE_DOMAIN.
                if mechanism == "PLAIN" || self.cfg.opts.zap_enforce_domain {
                    return Err(Loss::Protocol(ProtoError::ZapUnavailable));
                }
                let admitted = crate::zmtp::ZapReply {
                    status: 200,
                    user_id: Vec::new(),
                    metadata: Vec::new(),
                };
                if let Some(ev) = c.engine.zap_reply(admitted, now).map_err(Loss::Protocol)? {
                    self.on_event(c, ev)?;
                }
                return Ok(());
            };
            let o = &self.cfg.opts;
            let address = c.stream.peer_address().unwrap_or_default();
            let mut frames: Vec<&[u8]> = vec![
                b"1.0",
                b"1",
                o.zap_domain.as_bytes(),
                address.as_bytes(),
                &o.routing_id,
                mechanism.as_bytes(),
            ];
            frames.extend(credentials.iter().map(|v| v.as_slice()));
            z.send(&frames);
        }
        let reply = match c.zap.as_mut().map(|z| z.take_reply()) {
            None | Some(ZapPoll::Pending) => return Ok(()),
            Some(ZapPoll::Gone) => {
                // The handler went away (closed or unbound its socket)
                // without answering: as in libzmq, the handshake just goes
                // on waiting for the answer that will not come, until
                // ZMQ_HANDSHAKE_IVL or the peer ends it. It is neither
                // refused nor admitted, and nobody else is asked.
                c.zap = None;
                return Ok(());
            }
            Some(ZapPoll::Reply(r)) => r,
        };
        // One request per connection: let go of the handler now.
        c.zap = None;
        let reply = reply.map_err(Loss::Protocol)?;
        if let Some(ev) = c.engine.zap_reply(reply, now).map_err(Loss::Protocol)? {
            self.on_event(c, ev)?;
        }
        Ok(())
    }

    /// A refused handshake ends once its ERROR is written.
    fn doomed(c: &Conn) -> Result<(), Loss> {
        match c.engine.doomed() {
            Some(e) if !c.has_output() => Err(Loss::Protocol(e.clone())),
            _ => Ok(()),
        }
    }

    fn read_buffered(c: &mut Conn) -> std::io::Result<usize> {
        if c.in_pos > 0 {
            c.inbuf.copy_within(c.in_pos..c.in_len, 0);
            c.in_len -= c.in_pos;
            c.in_pos = 0;
        }
        let n = c.stream.read(sys::as_uninit(&mut c.inbuf[c.in_len..]))?;
        c.in_len += n;
        Ok(n)
    }

    /// Decode buffered input; stops when the inbound pipe is full.
    fn decode_buffered(&mut self, c: &mut Conn, now: Instant) -> Result<(), Loss> {
        while c.in_pos < c.in_len {
            let boundary = !c.in_more && c.engine.at_frame_boundary();
            if boundary && c.engine.phase() == Phase::Traffic {
                if let Some(p) = &self.pipe {
                    if !p.engine_room(c.in_msgs + 1) {
                        self.flush_inbound(c);
                        if !p.engine_room(0) && !p.engine_arm_writer() {
                            c.read_blocked = true;
                            return Ok(());
                        }
                    }
                }
            }
            let (n, ev) = c
                .engine
                .handle_input(&c.inbuf[c.in_pos..c.in_len], now)
                .map_err(Loss::Protocol)?;
            c.in_pos += n;
            if let Some(ev) = ev {
                self.on_event(c, ev)?;
            }
        }
        Ok(())
    }

    fn on_event(&mut self, c: &mut Conn, ev: Event) -> Result<(), Loss> {
        match ev {
            Event::Message(mut m) => {
                c.in_more = m.more();
                if !c.in_more {
                    c.in_msgs += 1;
                }
                m.set_metadata(c.meta.clone());
                c.in_batch.push_back(m);
            }
            Event::Ready(info) => self.on_ready(c, info)?,
            Event::Subscribe(topic) => Self::subscription_in(c, true, &topic),
            Event::Cancel(topic) => Self::subscription_in(c, false, &topic),
        }
        Ok(())
    }

    /// SUBSCRIBE/CANCEL reach the socket as libzmq's message form (1 or
    /// 0, then the topic), like a ZMTP 3.0 peer's.
    fn subscription_in(c: &mut Conn, on: bool, topic: &[u8]) {
        let mut v = Vec::with_capacity(topic.len() + 1);
        v.push(on as u8);
        v.extend_from_slice(topic);
        let mut m = Msg::from_slice(&v);
        m.set_metadata(c.meta.clone());
        c.in_msgs += 1;
        c.in_batch.push_back(m);
    }

    /// Hand complete decoded messages to the pipe; a partial one waits
    /// for its tail.
    fn flush_inbound(&self, c: &mut Conn) {
        if c.in_msgs == 0 {
            return;
        }
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
        match &self.pipe {
            Some(p) if !p.socket_closed() => p.engine_push(&mut whole, c.in_msgs),
            _ => {}
        }
        c.in_msgs = 0;
    }

    /// Give the engine messages from the pipe while it has room for them.
    /// A message counts as read when its last frame is given.
    fn fill_output(&mut self, c: &mut Conn) {
        let Session {
            pipe,
            outq,
            out_mid_message,
            cfg,
            ..
        } = self;
        // A SUB or XSUB's subscriptions go out as SUBSCRIBE/CANCEL commands.
        let subscriber = matches!(cfg.opts.socket_type, ZMQ_SUB | ZMQ_XSUB);
        let Some(p) = pipe else {
            return;
        };
        let mut done = 0u64;
        let conflate = cfg.opts.conflate_out();
        while c.engine.wants_messages() {
            if conflate && !*out_mid_message {
                // ZMQ_CONFLATE: only the newest message goes out.
                p.engine_take(outq);
                done += crate::pipe::keep_last(outq);
            }
            let Some(m) = outq.pop_front() else {
                if p.engine_take(outq) {
                    continue;
                }
                p.engine_consumed(done);
                done = 0;
                if p.engine_arm_reader() {
                    continue;
                }
                break;
            };
            let first = !*out_mid_message;
            *out_mid_message = m.more();
            if !m.more() {
                done += 1;
            }
            if subscriber && first {
                c.engine.send_subscription(m);
            } else {
                c.engine.send(m);
            }
        }
        p.engine_consumed(done);
    }

    fn write_output(&mut self, c: &mut Conn) -> Result<(), Loss> {
        // With ZMQ_SNDBUF set, no write hands the kernel more than that
        // buffer. A tiny send buffer holds a single segment in flight, and
        // one full-MSS segment (64 KiB on loopback) is what a Linux
        // receiver acknowledges only when its 40 ms delayed-ACK timer
        // fires: writes of at most SNDBUF keep segments smaller and ACKs
        // prompt (50,000 1 KiB messages: 30 s before, 0.1 s now).
        let limit = match self.cfg.opts.sndbuf {
            n if n > 0 => n as usize,
            _ => usize::MAX,
        };
        // Bytes the stream already took (tls records) go first. Once they
        // are gone, a read that stopped because they filled the stream's
        // queue can go on: its bytes wait in the socket, and no new
        // readable edge will say so.
        let had_pending = c.stream.has_pending();
        if had_pending && c.can_write {
            match c.stream.flush() {
                Ok(true) => {}
                Ok(false) => c.can_write = false,
                Err(e) => {
                    if let Some(l) = io_loss(&e) {
                        return Err(l);
                    }
                }
            }
        }
        while c.engine.has_output() && c.can_write {
            let mut iov = [IoSlice::new(&[]); MAX_SLICES];
            let n = c.engine.slices(&mut iov, limit);
            match c.stream.write_vectored(&iov[..n]) {
                Ok(0) => return Err(Loss::Closed(libc::EPIPE)),
                Ok(k) => {
                    c.engine.advance(k);
                    // Taken but not all sent: the socket is full.
                    if c.stream.has_pending() {
                        c.can_write = false;
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => c.can_write = false,
                Err(e) => {
                    if let Some(l) = io_loss(&e) {
                        return Err(l);
                    }
                }
            }
        }
        if had_pending && !c.stream.has_pending() {
            c.can_read = true;
        }
        Ok(())
    }
}
