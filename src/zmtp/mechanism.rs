//! Security mechanisms: the handshake between the greetings and traffic.
//! The engine frames and unframes the commands; a mechanism only sees and
//! produces command bodies (name length, name, data). NULL and PLAIN (in
//! `plain`) so far; CURVE will implement the same trait. A mechanism that
//! must ask the application's ZAP handler (RFC 27) says so through
//! `zap_request` and waits for `zap_reply`; the session carries them.

use super::command::{self, Command};
use super::metadata;
use super::ProtoError;
use crate::msg::Msg;

#[derive(Debug, PartialEq, Eq, Clone)]
pub enum Status {
    Handshaking,
    Ready,
    /// Refused: once what it queued (an ERROR) is sent, the connection
    /// ends with this.
    Failed(ProtoError),
}

/// A ZAP handler's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZapReply {
    /// 200, 300, 400 or 500.
    pub status: u16,
    pub user_id: Vec<u8>,
    /// Properties the handler gives the peer's messages.
    pub metadata: Vec<(String, Vec<u8>)>,
}

/// A handshake command body's name and data.
pub fn split_command(body: &[u8]) -> Result<(&[u8], &[u8]), ProtoError> {
    let n = *body.first().ok_or(ProtoError::MalformedCommand)? as usize;
    if n == 0 || body.len() <= n {
        return Err(ProtoError::MalformedCommand);
    }
    Ok((&body[1..1 + n], &body[1 + n..]))
}

/// What an ERROR command's data (reason length, reason) means.
pub fn peer_error(data: &[u8]) -> ProtoError {
    match command::parse(&command::body("ERROR", data)) {
        Ok(Command::Error(reason)) => ProtoError::from_error_reason(reason),
        _ => ProtoError::MalformedCommand,
    }
}

/// An ERROR command carrying a refused ZAP status ("400").
pub fn error_body(status: u16) -> Vec<u8> {
    let reason = status.to_string();
    let mut d = vec![reason.len() as u8];
    d.extend_from_slice(reason.as_bytes());
    command::body("ERROR", &d)
}

pub trait Mechanism: Send {
    /// The name our greeting carries (and the peer's must match).
    fn name(&self) -> &'static str;
    /// The as-server flag of our greeting.
    fn as_server(&self) -> bool {
        false
    }
    /// The next handshake command body to send, if one is due now.
    fn next_command(&mut self) -> Option<Vec<u8>>;
    /// A handshake command body from the peer.
    fn process_command(&mut self, body: &[u8]) -> Result<(), ProtoError>;
    fn status(&self) -> Status;
    /// The peer's metadata, once the handshake gave it.
    fn peer_properties(&self) -> &[(String, Vec<u8>)];
    /// A ZAP request the handshake now waits for: the mechanism's name and
    /// the credential frames. Given once.
    fn zap_request(&mut self) -> Option<(&'static str, Vec<Vec<u8>>)> {
        None
    }
    /// The handler answered the request.
    fn zap_reply(&mut self, _reply: ZapReply) -> Result<(), ProtoError> {
        Err(ProtoError::ZapMalformedReply)
    }
    /// What the handler said, if it was asked.
    fn zap_outcome(&self) -> Option<&ZapReply> {
        None
    }
    /// After the handshake, every frame travels as an encrypted MESSAGE
    /// command (CURVE).
    fn encrypts(&self) -> bool {
        false
    }
    /// Append the MESSAGE body of one frame to `out` (only called when
    /// `encrypts`).
    fn encode_into(&mut self, out: &mut Vec<u8>, data: &[u8], _more: bool, _command: bool) {
        out.extend_from_slice(data);
    }
    /// The size of the MESSAGE body of an `n`-byte frame.
    fn sealed_len(&self, n: usize) -> usize {
        n
    }
    /// The frame in a MESSAGE command body: (flags: 1 MORE, 2 command, data).
    fn decode(&mut self, _body: Msg) -> Result<(u8, Msg), ProtoError> {
        Err(ProtoError::UnexpectedCommand)
    }
}

/// RFC 23's NULL mechanism: each side sends READY with its metadata. With
/// a ZAP domain and a handler (`zap`), the handler is asked first and our
/// READY waits for its 200, as libzmq does.
pub struct Null {
    /// Our encoded properties, until READY is sent.
    ours: Option<Vec<u8>>,
    peer: Option<Vec<(String, Vec<u8>)>>,
    zap: ZapState,
}

enum ZapState {
    None,
    Ask,
    Waiting,
    Answered(ZapReply),
}

impl Null {
    /// `properties`: our metadata, already encoded.
    pub fn new(properties: Vec<u8>, zap: bool) -> Null {
        Null {
            ours: Some(properties),
            peer: None,
            zap: if zap { ZapState::Ask } else { ZapState::None },
        }
    }

    fn refused(&self) -> Option<u16> {
        match &self.zap {
            ZapState::Answered(r) if r.status != 200 => Some(r.status),
            _ => None,
        }
    }
}

impl Mechanism for Null {
    fn name(&self) -> &'static str {
        "NULL"
    }

    fn next_command(&mut self) -> Option<Vec<u8>> {
        if matches!(self.zap, ZapState::Ask | ZapState::Waiting) {
            return None;
        }
        let props = self.ours.take()?;
        if let Some(status) = self.refused() {
            // 300 (temporary failure) closes silently, as libzmq.
            return (status != 300).then(|| error_body(status));
        }
        Some(command::body("READY", &props))
    }

    fn process_command(&mut self, body: &[u8]) -> Result<(), ProtoError> {
        match command::parse(body)? {
            Command::Ready(data) if self.peer.is_none() => {
                self.peer = Some(metadata::parse(data).ok_or(ProtoError::InvalidMetadata)?);
                Ok(())
            }
            Command::Error(reason) => Err(ProtoError::from_error_reason(reason)),
            _ => Err(ProtoError::UnexpectedCommand),
        }
    }

    fn status(&self) -> Status {
        if let (None, Some(status)) = (&self.ours, self.refused()) {
            Status::Failed(ProtoError::Auth(status))
        } else if self.ours.is_none() && self.peer.is_some() {
            Status::Ready
        } else {
            Status::Handshaking
        }
    }

    fn peer_properties(&self) -> &[(String, Vec<u8>)] {
        self.peer.as_deref().unwrap_or(&[])
    }

    fn zap_request(&mut self) -> Option<(&'static str, Vec<Vec<u8>>)> {
        if !matches!(self.zap, ZapState::Ask) {
            return None;
        }
        self.zap = ZapState::Waiting;
        Some(("NULL", Vec::new()))
    }

    fn zap_reply(&mut self, reply: ZapReply) -> Result<(), ProtoError> {
        if !matches!(self.zap, ZapState::Waiting) {
            return Err(ProtoError::ZapMalformedReply);
        }
        self.zap = ZapState::Answered(reply);
        Ok(())
    }

    fn zap_outcome(&self) -> Option<&ZapReply> {
        match &self.zap {
            ZapState::Answered(r) => Some(r),
            _ => None,
        }
    }
}
