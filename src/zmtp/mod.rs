//! The sans-IO ZMTP 3.x protocol core: greeting, the NULL mechanism
//! handshake (READY with metadata), socket-type checks, traffic frames and
//! commands (PING/PONG, ERROR, SUBSCRIBE/CANCEL). It never touches a
//! socket: the engine feeds it bytes and drains its output.

pub mod frame;
pub mod metadata;

use crate::constants::*;
use crate::msg::Msg;
use frame::{Decoder, FrameError};

pub const GREETING_LEN: usize = 64;

/// What the engine tells the protocol about our side.
#[derive(Clone, Debug)]
pub struct Config {
    pub socket_type: i32,
    /// Sent as the "Identity" property by REQ, DEALER and ROUTER sockets.
    pub routing_id: Vec<u8>,
    pub maxmsgsize: i64,
}

/// What the peer told us in its READY command.
#[derive(Debug, Default, Clone)]
pub struct PeerInfo {
    pub socket_type: String,
    pub routing_id: Vec<u8>,
    pub properties: Vec<(String, Vec<u8>)>,
    pub minor_version: u8,
}

#[derive(Debug)]
pub enum Event {
    /// The handshake completed.
    Ready(PeerInfo),
    /// One data frame (its MORE flag set as received).
    Message(Msg),
    /// The peer sent PING; a PONG is already queued. TTL in deciseconds.
    Ping {
        ttl_ds: u16,
    },
    Pong,
    Subscribe(Vec<u8>),
    Cancel(Vec<u8>),
}

/// Why a connection must be dropped; maps to monitor event values.
#[derive(Debug, PartialEq, Eq, Clone)]
pub enum ProtoError {
    BadGreeting,
    MechanismMismatch,
    UnexpectedCommand,
    MalformedCommand,
    InvalidMetadata,
    IncompatibleSocketType,
    TooLarge,
    /// The peer sent an ERROR command.
    PeerError(String),
}

impl ProtoError {
    /// The ZMQ_PROTOCOL_ERROR_* value libzmq reports for this.
    pub fn code(&self) -> i32 {
        match self {
            ProtoError::BadGreeting => ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
            ProtoError::MechanismMismatch => ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH,
            ProtoError::UnexpectedCommand => ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
            ProtoError::MalformedCommand => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
            ProtoError::InvalidMetadata => ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
            ProtoError::IncompatibleSocketType => ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
            ProtoError::TooLarge => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
            ProtoError::PeerError(_) => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR,
        }
    }
}

#[derive(PartialEq, Eq, Debug, Clone, Copy)]
pub enum Phase {
    Greeting,
    Handshake,
    Traffic,
}

pub struct Zmtp {
    cfg: Config,
    phase: Phase,
    greeting: Vec<u8>,
    dec: Decoder,
    out: Vec<u8>,
    minor: u8,
}

pub fn socket_type_name(t: i32) -> &'static str {
    match t {
        ZMQ_PAIR => "PAIR",
        ZMQ_PUB => "PUB",
        ZMQ_SUB => "SUB",
        ZMQ_REQ => "REQ",
        ZMQ_REP => "REP",
        ZMQ_DEALER => "DEALER",
        ZMQ_ROUTER => "ROUTER",
        ZMQ_PULL => "PULL",
        ZMQ_PUSH => "PUSH",
        ZMQ_XPUB => "XPUB",
        ZMQ_XSUB => "XSUB",
        ZMQ_STREAM => "STREAM",
        _ => "UNKNOWN",
    }
}

/// Whether a peer of type `peer` may talk to a socket of type `ours`.
pub fn compatible(ours: i32, peer: &str) -> bool {
    let ok: &[&str] = match ours {
        ZMQ_PAIR => &["PAIR"],
        ZMQ_PUB | ZMQ_XPUB => &["SUB", "XSUB"],
        ZMQ_SUB | ZMQ_XSUB => &["PUB", "XPUB"],
        ZMQ_REQ => &["REP", "ROUTER"],
        ZMQ_REP => &["REQ", "DEALER"],
        ZMQ_DEALER => &["REP", "DEALER", "ROUTER"],
        ZMQ_ROUTER => &["REQ", "DEALER", "ROUTER"],
        ZMQ_PUSH => &["PULL"],
        ZMQ_PULL => &["PUSH"],
        _ => &[],
    };
    ok.contains(&peer)
}

impl Zmtp {
    /// A new connection; our greeting is queued for output at once.
    pub fn new(cfg: Config) -> Zmtp {
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(&greeting_bytes(false));
        Zmtp {
            dec: Decoder::new(cfg.maxmsgsize),
            cfg,
            phase: Phase::Greeting,
            greeting: Vec::with_capacity(GREETING_LEN),
            out,
            minor: 1,
        }
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Bytes the protocol wants sent (greeting, READY, PONG...).
    pub fn take_output(&mut self, into: &mut Vec<u8>) {
        if !self.out.is_empty() {
            into.append(&mut self.out);
        }
    }

    pub fn has_output(&self) -> bool {
        !self.out.is_empty()
    }

    pub fn decoder(&mut self) -> &mut Decoder {
        &mut self.dec
    }

    /// Feed input. Returns (bytes consumed, event). Consumes nothing and
    /// returns no event only when more input is needed.
    pub fn input(&mut self, data: &[u8]) -> Result<(usize, Option<Event>), ProtoError> {
        match self.phase {
            Phase::Greeting => self.greeting_input(data),
            Phase::Handshake | Phase::Traffic => {
                let (n, frame) = self.dec.decode(data).map_err(|e| match e {
                    FrameError::TooLarge => ProtoError::TooLarge,
                    FrameError::Malformed => ProtoError::MalformedCommand,
                })?;
                match frame {
                    None => Ok((n, None)),
                    Some(f) => Ok((n, self.on_frame(f)?)),
                }
            }
        }
    }

    /// Handle a frame completed outside `input` (direct body reads).
    pub fn on_frame(&mut self, f: frame::Frame) -> Result<Option<Event>, ProtoError> {
        if self.phase == Phase::Handshake {
            if !f.command {
                return Err(ProtoError::UnexpectedCommand);
            }
            return self.handshake_command(f.msg.data()).map(Some);
        }
        if f.command {
            return self.traffic_command(f.msg.data());
        }
        Ok(Some(Event::Message(f.msg)))
    }

    fn greeting_input(&mut self, data: &[u8]) -> Result<(usize, Option<Event>), ProtoError> {
        let want = GREETING_LEN - self.greeting.len();
        let take = want.min(data.len());
        self.greeting.extend_from_slice(&data[..take]);
        // Reject a non-ZMTP peer as early as its first bytes show it.
        let g = &self.greeting;
        if !g.is_empty() && g[0] != 0xFF {
            return Err(ProtoError::BadGreeting);
        }
        if g.len() > 9 && g[9] & 1 != 1 {
            return Err(ProtoError::BadGreeting);
        }
        if g.len() > 10 && g[10] < 3 {
            // ZMTP 1.0/2.0 peers are not supported.
            return Err(ProtoError::BadGreeting);
        }
        if self.greeting.len() < GREETING_LEN {
            return Ok((take, None));
        }
        let g = &self.greeting;
        self.minor = if g[10] == 3 { g[11] } else { 1 };
        let mech = &g[12..32];
        let name_end = mech.iter().position(|&b| b == 0).unwrap_or(20);
        if &mech[..name_end] != b"NULL" {
            return Err(ProtoError::MechanismMismatch);
        }
        self.phase = Phase::Handshake;
        let mut props = Vec::new();
        metadata::encode_property(
            &mut props,
            "Socket-Type",
            socket_type_name(self.cfg.socket_type).as_bytes(),
        );
        if matches!(self.cfg.socket_type, ZMQ_REQ | ZMQ_DEALER | ZMQ_ROUTER) {
            metadata::encode_property(&mut props, "Identity", &self.cfg.routing_id);
        }
        frame::encode_command(&mut self.out, "READY", &props);
        Ok((take, None))
    }

    fn handshake_command(&mut self, body: &[u8]) -> Result<Event, ProtoError> {
        let (name, data) = split_command(body)?;
        match name {
            b"READY" => {
                let props = metadata::parse(data).ok_or(ProtoError::InvalidMetadata)?;
                let mut info = PeerInfo {
                    minor_version: self.minor,
                    ..Default::default()
                };
                for (k, v) in props {
                    if k.eq_ignore_ascii_case("Socket-Type") {
                        info.socket_type = String::from_utf8_lossy(&v).into_owned();
                    } else if k.eq_ignore_ascii_case("Identity") {
                        info.routing_id = v.clone();
                    }
                    info.properties.push((k, v));
                }
                if !compatible(self.cfg.socket_type, &info.socket_type) {
                    return Err(ProtoError::IncompatibleSocketType);
                }
                self.phase = Phase::Traffic;
                Ok(Event::Ready(info))
            }
            b"ERROR" => Err(ProtoError::PeerError(error_reason(data))),
            _ => Err(ProtoError::UnexpectedCommand),
        }
    }

    fn traffic_command(&mut self, body: &[u8]) -> Result<Option<Event>, ProtoError> {
        let (name, data) = split_command(body)?;
        match name {
            b"PING" => {
                if data.len() < 2 || data.len() > 2 + 16 {
                    return Err(ProtoError::MalformedCommand);
                }
                let ttl = u16::from_be_bytes([data[0], data[1]]);
                frame::encode_command(&mut self.out, "PONG", &data[2..]);
                Ok(Some(Event::Ping { ttl_ds: ttl }))
            }
            b"PONG" => Ok(Some(Event::Pong)),
            b"SUBSCRIBE" => Ok(Some(Event::Subscribe(data.to_vec()))),
            b"CANCEL" => Ok(Some(Event::Cancel(data.to_vec()))),
            b"ERROR" => Err(ProtoError::PeerError(error_reason(data))),
            // Unknown commands are ignored, as libzmq does, so that future
            // protocol extensions don't break old peers.
            _ => Ok(None),
        }
    }

    /// Queue a PING with our TTL (deciseconds).
    pub fn send_ping(&mut self, ttl_ds: u16) {
        frame::encode_command(&mut self.out, "PING", &ttl_ds.to_be_bytes());
    }
}

fn split_command(body: &[u8]) -> Result<(&[u8], &[u8]), ProtoError> {
    let n = *body.first().ok_or(ProtoError::MalformedCommand)? as usize;
    if body.len() < 1 + n || n == 0 {
        return Err(ProtoError::MalformedCommand);
    }
    Ok((&body[1..1 + n], &body[1 + n..]))
}

fn error_reason(data: &[u8]) -> String {
    match data.split_first() {
        Some((&n, rest)) if rest.len() >= n as usize => {
            String::from_utf8_lossy(&rest[..n as usize]).into_owned()
        }
        _ => String::new(),
    }
}

/// Our 64-byte ZMTP 3.1 greeting for the NULL mechanism.
pub fn greeting_bytes(as_server: bool) -> [u8; GREETING_LEN] {
    let mut g = [0u8; GREETING_LEN];
    g[0] = 0xFF;
    // Padding bytes 1..8: libzmq stores (routing id length + 1) in byte 8
    // for ZMTP 1.0 peers; 0 + 1 is what it sends for an unset id.
    g[8] = 1;
    g[9] = 0x7F;
    g[10] = 3;
    g[11] = 1;
    g[12..16].copy_from_slice(b"NULL");
    g[32] = as_server as u8;
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(t: i32) -> Config {
        Config {
            socket_type: t,
            routing_id: b"me".to_vec(),
            maxmsgsize: -1,
        }
    }

    /// Run two protocol instances against each other until both are ready.
    fn pair(a: i32, b: i32) -> (Zmtp, Zmtp, Result<(), ProtoError>) {
        let mut x = Zmtp::new(cfg(a));
        let mut y = Zmtp::new(cfg(b));
        let mut result = Ok(());
        for _ in 0..4 {
            let mut xo = Vec::new();
            x.take_output(&mut xo);
            let mut yo = Vec::new();
            y.take_output(&mut yo);
            for (p, data) in [(&mut y, &xo), (&mut x, &yo)] {
                let mut pos = 0;
                while pos < data.len() {
                    match p.input(&data[pos..]) {
                        Ok((n, _)) => pos += n,
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                }
            }
        }
        (x, y, result)
    }

    #[test]
    fn handshake_compatible() {
        let (x, y, r) = pair(ZMQ_DEALER, ZMQ_ROUTER);
        assert!(r.is_ok());
        assert_eq!(x.phase(), Phase::Traffic);
        assert_eq!(y.phase(), Phase::Traffic);
    }

    #[test]
    fn handshake_incompatible() {
        let (_, _, r) = pair(ZMQ_PUSH, ZMQ_PUSH);
        assert_eq!(r, Err(ProtoError::IncompatibleSocketType));
    }

    #[test]
    fn garbage_greeting_rejected_at_once() {
        let mut x = Zmtp::new(cfg(ZMQ_PAIR));
        assert_eq!(
            x.input(b"GET / HTTP/1.1\r\n").unwrap_err(),
            ProtoError::BadGreeting
        );
    }

    /// Hostile input never panics: random bytes, and random bytes after a
    /// valid greeting and READY, in random chunk sizes.
    #[test]
    fn random_input_never_panics() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..2000 {
            let mut z = Zmtp::new(cfg(ZMQ_DEALER));
            let mut wire = Vec::new();
            if round % 2 == 0 {
                wire.extend_from_slice(&greeting_bytes(false));
                let mut props = Vec::new();
                metadata::encode_property(&mut props, "Socket-Type", b"ROUTER");
                frame::encode_command(&mut wire, "READY", &props);
            }
            let n = (next() % 512) as usize;
            wire.extend((0..n).map(|_| next() as u8));
            let mut pos = 0;
            while pos < wire.len() {
                let end = (pos + 1 + (next() % 64) as usize).min(wire.len());
                match z.input(&wire[pos..end]) {
                    Ok((0, None)) => pos = end,
                    Ok((k, _)) => pos += k,
                    Err(_) => break,
                }
            }
        }
    }

    #[test]
    fn ping_answered_with_pong() {
        let (mut x, mut y, _) = pair(ZMQ_PAIR, ZMQ_PAIR);
        let mut buf = Vec::new();
        frame::encode_command(&mut buf, "PING", &[0, 10, b'c', b'x']);
        let (_, ev) = x.input(&buf).unwrap();
        assert!(matches!(ev, Some(Event::Ping { ttl_ds: 10 })));
        let mut out = Vec::new();
        x.take_output(&mut out);
        let (_, ev) = y.input(&out).unwrap();
        assert!(matches!(ev, Some(Event::Pong)));
    }
}
