//! The ZMTP 3.x protocol engine, sans I/O: greeting, the mechanism
//! handshake (NULL now), framing both ways, commands (PING/PONG, ERROR,
//! SUBSCRIBE/CANCEL) and the connection's timers. It never touches a socket,
//! a file descriptor, a clock or OpenSSL: the session feeds it bytes and
//! time, and writes out what it queues.

pub mod command;
pub mod curve;
pub mod engine;
pub mod frame;
pub mod greeting;
pub mod mechanism;
pub mod metadata;
pub mod plain;
pub mod sodium;
pub mod transmit;

pub use engine::{Config, Engine, Event, PeerInfo};
pub use mechanism::ZapReply;

use crate::constants::*;

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
    /// A body the peer sent could not be allocated.
    OutOfMemory,
    /// Greeting and handshake did not finish within ZMQ_HANDSHAKE_IVL.
    HandshakeTimeout,
    /// No traffic within the heartbeat timeout or the peer's TTL.
    HeartbeatTimeout,
    /// Refused with this ZAP status code (ours or, in an ERROR, the peer's).
    Auth(u16),
    /// A mechanism needs a ZAP handler and none is bound.
    ZapUnavailable,
    ZapMalformedReply,
    ZapBadVersion,
    ZapBadRequestId,
    ZapInvalidStatus,
    ZapInvalidMetadata,
    MalformedHello,
    MalformedWelcome,
    MalformedInitiate,
    MalformedReady,
    MalformedMessage,
    /// A box did not open: wrong key, or forged or damaged data.
    Cryptographic,
    /// A short nonce that does not increase (replay or reordering).
    InvalidSequence,
}

impl ProtoError {
    /// The ZMQ_PROTOCOL_ERROR_* value libzmq reports for a protocol
    /// violation; None for failures that are not the peer's protocol fault.
    pub fn code(&self) -> Option<i32> {
        Some(match self {
            ProtoError::BadGreeting => ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
            ProtoError::MechanismMismatch => ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH,
            ProtoError::UnexpectedCommand => ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
            ProtoError::MalformedCommand => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
            ProtoError::InvalidMetadata => ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
            ProtoError::IncompatibleSocketType => ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
            ProtoError::TooLarge => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
            ProtoError::PeerError(_) => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR,
            ProtoError::ZapMalformedReply => ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY,
            ProtoError::ZapBadVersion => ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION,
            ProtoError::ZapBadRequestId => ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID,
            ProtoError::ZapInvalidStatus => ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE,
            ProtoError::ZapInvalidMetadata => ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA,
            ProtoError::MalformedHello => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO,
            ProtoError::MalformedWelcome => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME,
            ProtoError::MalformedInitiate => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE,
            ProtoError::MalformedReady => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY,
            ProtoError::MalformedMessage => ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE,
            ProtoError::Cryptographic => ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
            ProtoError::InvalidSequence => ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE,
            ProtoError::OutOfMemory
            | ProtoError::HandshakeTimeout
            | ProtoError::HeartbeatTimeout
            | ProtoError::Auth(_)
            | ProtoError::ZapUnavailable => return None,
        })
    }

    /// An ERROR command's reason: a ZAP status code ("300", "400", "500")
    /// is an authentication refusal, as libzmq reads it.
    pub fn from_error_reason(reason: String) -> ProtoError {
        match reason.as_bytes() {
            [a @ b'3'..=b'5', b, c] if b.is_ascii_digit() && c.is_ascii_digit() => {
                ProtoError::Auth(((a - b'0') as u16) * 100 + ((b - b'0') * 10 + (c - b'0')) as u16)
            }
            _ => ProtoError::PeerError(reason),
        }
    }
}

#[derive(PartialEq, Eq, Debug, Clone, Copy)]
pub enum Phase {
    Greeting,
    Handshake,
    Traffic,
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

/// The metadata our side announces: its socket type, and its routing id
/// for the types whose peers route by it.
pub fn our_properties(socket_type: i32, routing_id: &[u8]) -> Vec<u8> {
    let mut props = Vec::new();
    metadata::encode_property(
        &mut props,
        "Socket-Type",
        socket_type_name(socket_type).as_bytes(),
    );
    if matches!(socket_type, ZMQ_REQ | ZMQ_DEALER | ZMQ_ROUTER) {
        metadata::encode_property(&mut props, "Identity", routing_id);
    }
    props
}

#[cfg(test)]
mod tests;
