//! What turns a connection's bytes into messages and back: the ZMTP engine
//! for every socket type but STREAM, whose connections carry the
//! application's bytes as they are (`Raw`). Both are sans-I/O; the
//! session drives either the same way.

use crate::msg::Msg;
use crate::zmtp::engine::{LARGE_BODY, OUT_BATCH};
use crate::zmtp::transmit::{Transmit, MAX_SLICES};
use crate::zmtp::{Engine, Event, PeerInfo, Phase, ProtoError};
use std::io::IoSlice;
use std::mem::MaybeUninit;
use std::time::Instant;

// The connection holding this is boxed already; boxing the engine too would
// add a pointer chase to every call on the hot path.
#[allow(clippy::large_enum_variant)]
pub enum Codec {
    Zmtp(Engine),
    Raw(Raw),
}

/// STREAM's side of a connection: no handshake, no framing. Each read
/// goes up as one message; each message goes down as its bytes, and an
/// empty one closes the connection once what came before it is written.
pub struct Raw {
    tx: Transmit,
    /// Ready is announced once, when the transport is up.
    announced: bool,
    closing: bool,
    /// ZMQ_HANDSHAKE_IVL for the transport's own handshake (tls): a peer
    /// that never finishes it must not hold the connection for ever.
    handshake_deadline: Option<Instant>,
}

impl Raw {
    pub fn new(handshake_ivl: Option<std::time::Duration>, now: Instant) -> Raw {
        Raw {
            tx: Transmit::default(),
            announced: false,
            closing: false,
            handshake_deadline: handshake_ivl.map(|d| now + d),
        }
    }
}

impl Codec {
    pub fn phase(&self) -> Phase {
        match self {
            Codec::Zmtp(e) => e.phase(),
            Codec::Raw(r) if r.announced => Phase::Traffic,
            Codec::Raw(_) => Phase::Handshake,
        }
    }

    pub fn is_raw(&self) -> bool {
        matches!(self, Codec::Raw(_))
    }

    /// A raw connection whose transport just came up is ready at once:
    /// the event, the first time only.
    pub fn take_ready(&mut self) -> Option<Event> {
        match self {
            Codec::Raw(r) if !r.announced => {
                r.announced = true;
                r.handshake_deadline = None;
                Some(Event::Ready(PeerInfo::default()))
            }
            _ => None,
        }
    }

    /// The application asked to close this (raw) connection and the codec
    /// has nothing left (the stream may still: see `Conn::has_output`).
    pub fn finished(&self) -> bool {
        matches!(self, Codec::Raw(r) if r.closing && r.tx.is_empty())
    }

    pub fn at_frame_boundary(&self) -> bool {
        match self {
            Codec::Zmtp(e) => e.at_frame_boundary(),
            Codec::Raw(_) => true,
        }
    }

    pub fn handle_input(
        &mut self,
        data: &[u8],
        now: Instant,
    ) -> Result<(usize, Option<Event>), ProtoError> {
        match self {
            Codec::Zmtp(e) => e.handle_input(data, now),
            Codec::Raw(_) if data.is_empty() => Ok((0, None)),
            Codec::Raw(_) => Ok((data.len(), Some(Event::Message(Msg::from_slice(data))))),
        }
    }

    pub fn body_sink(&mut self) -> Result<Option<&mut [MaybeUninit<u8>]>, ProtoError> {
        match self {
            Codec::Zmtp(e) => e.body_sink(),
            Codec::Raw(_) => Ok(None),
        }
    }

    pub fn body_filled(&mut self, n: usize, now: Instant) -> Result<Option<Event>, ProtoError> {
        match self {
            Codec::Zmtp(e) => e.body_filled(n, now),
            Codec::Raw(_) => Ok(None),
        }
    }

    pub fn wants_messages(&self) -> bool {
        match self {
            Codec::Zmtp(e) => e.wants_messages(),
            Codec::Raw(r) => r.announced && !r.closing && r.tx.queued() < OUT_BATCH,
        }
    }

    pub fn send(&mut self, m: Msg) {
        match self {
            Codec::Zmtp(e) => e.send(m),
            Codec::Raw(r) if m.is_empty() => r.closing = true,
            Codec::Raw(r) if m.len() >= LARGE_BODY => r.tx.body(m),
            Codec::Raw(r) => r.tx.bytes(|b| b.extend_from_slice(m.data())),
        }
    }

    pub fn send_subscription(&mut self, m: Msg) {
        match self {
            Codec::Zmtp(e) => e.send_subscription(m),
            Codec::Raw(_) => self.send(m),
        }
    }

    pub fn has_output(&self) -> bool {
        match self {
            Codec::Zmtp(e) => e.has_output(),
            Codec::Raw(r) => !r.tx.is_empty(),
        }
    }

    pub fn slices<'a>(&'a self, out: &mut [IoSlice<'a>; MAX_SLICES], limit: usize) -> usize {
        match self {
            Codec::Zmtp(e) => e.slices(out, limit),
            Codec::Raw(r) => r.tx.slices(out, limit),
        }
    }

    pub fn advance(&mut self, n: usize) {
        match self {
            Codec::Zmtp(e) => e.advance(n),
            Codec::Raw(r) => r.tx.advance(n),
        }
    }

    pub fn take_zap_request(&mut self) -> Option<(&'static str, Vec<Vec<u8>>)> {
        match self {
            Codec::Zmtp(e) => e.take_zap_request(),
            Codec::Raw(_) => None,
        }
    }

    pub fn zap_reply(
        &mut self,
        reply: crate::zmtp::ZapReply,
        now: Instant,
    ) -> Result<Option<Event>, ProtoError> {
        match self {
            Codec::Zmtp(e) => e.zap_reply(reply, now),
            Codec::Raw(_) => Ok(None),
        }
    }

    pub fn doomed(&self) -> Option<&ProtoError> {
        match self {
            Codec::Zmtp(e) => e.doomed(),
            Codec::Raw(_) => None,
        }
    }

    pub fn poll_timeout(&self) -> Option<Instant> {
        match self {
            Codec::Zmtp(e) => e.poll_timeout(),
            Codec::Raw(r) => r.handshake_deadline,
        }
    }

    pub fn handle_timeout(&mut self, now: Instant) -> Result<(), ProtoError> {
        match self {
            Codec::Zmtp(e) => e.handle_timeout(now),
            Codec::Raw(r) if r.handshake_deadline.is_some_and(|d| d <= now) => {
                Err(ProtoError::HandshakeTimeout)
            }
            Codec::Raw(_) => Ok(()),
        }
    }
}
