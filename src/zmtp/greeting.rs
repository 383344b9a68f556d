//! The 64-byte ZMTP 3.x greeting: signature, version, mechanism name and
//! the as-server flag.

use super::ProtoError;

pub const LEN: usize = 64;
/// The signature (0xFF, 8 padding bytes, 0x7F): what we send before
/// anything else, as libzmq does (RFC 23's version detection).
pub const SIGNATURE: usize = 10;

/// Our greeting for a mechanism.
pub fn ours(mechanism: &str, as_server: bool) -> [u8; LEN] {
    let mut g = [0u8; LEN];
    g[0] = 0xFF;
    // Padding bytes 1..8: libzmq stores (routing id length + 1) in byte 8
    // for ZMTP 1.0 peers; 0 + 1 is what it sends for an unset id.
    g[8] = 1;
    g[9] = 0x7F;
    g[10] = 3;
    g[11] = 1;
    let name = mechanism.as_bytes();
    g[12..12 + name.len().min(20)].copy_from_slice(&name[..name.len().min(20)]);
    g[32] = as_server as u8;
    g
}

/// The peer's greeting as it arrives.
#[derive(Default)]
pub struct Greeting {
    buf: Vec<u8>,
}

/// What a complete greeting says.
pub struct PeerGreeting<'a> {
    pub mechanism: &'a [u8],
}

impl Greeting {
    /// Take what belongs to the greeting from `data`; returns the bytes
    /// consumed. A peer that is not ZMTP 3.x is refused as soon as its
    /// first bytes show it.
    pub fn input(&mut self, data: &[u8]) -> Result<usize, ProtoError> {
        let take = (LEN - self.buf.len()).min(data.len());
        self.buf.extend_from_slice(&data[..take]);
        let g = &self.buf;
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
        Ok(take)
    }

    /// Bytes of the peer's greeting received (and found valid) so far.
    pub fn received(&self) -> usize {
        self.buf.len()
    }

    pub fn complete(&self) -> Option<PeerGreeting<'_>> {
        if self.buf.len() < LEN {
            return None;
        }
        let mech = &self.buf[12..32];
        let end = mech.iter().position(|&b| b == 0).unwrap_or(mech.len());
        Some(PeerGreeting {
            mechanism: &mech[..end],
        })
    }

    /// The peer's minor version (1 for ZMTP 3.1; later majors count as 3.1).
    pub fn minor(&self) -> u8 {
        match self.buf.get(10..12) {
            Some([3, minor]) => *minor,
            _ => 1,
        }
    }
}
