//! Security mechanisms: the handshake between the greetings and traffic.
//! The engine frames and unframes the commands; a mechanism only sees and
//! produces command bodies (name length, name, data). NULL is the only one
//! so far; PLAIN and CURVE implement the same trait.

use super::command::{self, Command};
use super::metadata;
use super::ProtoError;

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Status {
    Handshaking,
    Ready,
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
}

/// RFC 23's NULL mechanism: each side sends READY with its metadata.
pub struct Null {
    /// Our encoded properties, until READY is sent.
    ours: Option<Vec<u8>>,
    peer: Option<Vec<(String, Vec<u8>)>>,
}

impl Null {
    /// `properties`: our metadata, already encoded.
    pub fn new(properties: Vec<u8>) -> Null {
        Null {
            ours: Some(properties),
            peer: None,
        }
    }
}

impl Mechanism for Null {
    fn name(&self) -> &'static str {
        "NULL"
    }

    fn next_command(&mut self) -> Option<Vec<u8>> {
        let props = self.ours.take()?;
        Some(command::body("READY", &props))
    }

    fn process_command(&mut self, body: &[u8]) -> Result<(), ProtoError> {
        match command::parse(body)? {
            Command::Ready(data) if self.peer.is_none() => {
                self.peer = Some(metadata::parse(data).ok_or(ProtoError::InvalidMetadata)?);
                Ok(())
            }
            Command::Error(reason) => Err(ProtoError::PeerError(reason)),
            _ => Err(ProtoError::UnexpectedCommand),
        }
    }

    fn status(&self) -> Status {
        if self.ours.is_none() && self.peer.is_some() {
            Status::Ready
        } else {
            Status::Handshaking
        }
    }

    fn peer_properties(&self) -> &[(String, Vec<u8>)] {
        self.peer.as_deref().unwrap_or(&[])
    }
}
