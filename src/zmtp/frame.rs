//! ZMTP 3.x framing: a flags byte (MORE, LONG, COMMAND), a 1- or 8-byte
//! size, then the body.

use crate::msg::buf::GrowBuf;
use crate::msg::{Msg, FLAG_COMMAND, FLAG_MORE};
use std::mem::MaybeUninit;

pub const F_MORE: u8 = 1;
pub const F_LONG: u8 = 2;
pub const F_COMMAND: u8 = 4;

/// Largest command body we accept; commands are small, a peer claiming a
/// huge one is hostile or broken.
pub const MAX_COMMAND: u64 = 1 << 20;

/// A body in progress is read straight into its message (no staging copy)
/// once this much of it has arrived: before that, what the peer only
/// claimed costs nothing.
const DIRECT_MIN: usize = 8 * 1024;

/// Append the frame header for a body of `len` bytes.
pub fn encode_header(out: &mut Vec<u8>, len: usize, more: bool, command: bool) {
    let mut flags = 0u8;
    if more {
        flags |= F_MORE;
    }
    if command {
        flags |= F_COMMAND;
    }
    if len > 255 {
        out.push(flags | F_LONG);
        out.extend_from_slice(&(len as u64).to_be_bytes());
    } else {
        out.push(flags);
        out.push(len as u8);
    }
}

/// Append a whole message frame.
pub fn encode_msg(out: &mut Vec<u8>, msg: &Msg) {
    let body = msg.data();
    encode_header(out, body.len(), msg.more(), msg.flags() & FLAG_COMMAND != 0);
    out.extend_from_slice(body);
}

/// Append a command frame: name length, name, data.
#[cfg(test)]
pub fn encode_command(out: &mut Vec<u8>, name: &str, data: &[u8]) {
    encode_header(out, 1 + name.len() + data.len(), false, true);
    out.push(name.len() as u8);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(data);
}

#[derive(Debug, PartialEq, Eq)]
pub enum FrameError {
    /// Body larger than ZMQ_MAXMSGSIZE.
    TooLarge,
    /// A command with MORE set or an oversized command.
    Malformed,
    /// The memory for bytes the peer actually sent is not there.
    OutOfMemory,
}

enum State {
    Flags,
    Size {
        flags: u8,
        need: usize,
        have: usize,
        buf: [u8; 8],
    },
    Body {
        flags: u8,
        size: usize,
        body: GrowBuf,
    },
}

/// Incremental frame decoder. Bytes go in through `decode`, whole frames come
/// out; a frame may span many calls.
pub struct Decoder {
    state: State,
    maxmsgsize: i64,
    /// CURVE traffic: commands carry messages, so MAXMSGSIZE (plus the
    /// MESSAGE overhead) bounds them instead of MAX_COMMAND.
    big_commands: bool,
}

pub struct Frame {
    pub msg: Msg,
    pub command: bool,
}

impl Decoder {
    pub fn new(maxmsgsize: i64) -> Decoder {
        Decoder {
            state: State::Flags,
            maxmsgsize,
            big_commands: false,
        }
    }

    /// From now on commands may be as large as messages.
    pub fn carry_messages_in_commands(&mut self) {
        self.big_commands = true;
    }

    /// Between frames (no partial frame held).
    pub fn at_boundary(&self) -> bool {
        matches!(self.state, State::Flags)
    }

    /// Consume bytes from `input`; returns (bytes consumed, a frame if one
    /// completed). Stops right after a completed frame so the caller can
    /// apply back-pressure between frames.
    pub fn decode(&mut self, input: &[u8]) -> Result<(usize, Option<Frame>), FrameError> {
        let mut pos = 0;
        loop {
            match &mut self.state {
                State::Flags => {
                    let Some(&flags) = input.get(pos) else {
                        return Ok((pos, None));
                    };
                    pos += 1;
                    let need = if flags & F_LONG != 0 { 8 } else { 1 };
                    self.state = State::Size {
                        flags,
                        need,
                        have: 0,
                        buf: [0; 8],
                    };
                }
                State::Size {
                    flags,
                    need,
                    have,
                    buf,
                } => {
                    let take = (*need - *have).min(input.len() - pos);
                    buf[*have..*have + take].copy_from_slice(&input[pos..pos + take]);
                    *have += take;
                    pos += take;
                    if *have < *need {
                        return Ok((pos, None));
                    }
                    let size = if *need == 1 {
                        buf[0] as u64
                    } else {
                        u64::from_be_bytes(*buf)
                    };
                    let flags = *flags;
                    let size = self.check_size(flags, size)?;
                    // Whole body already here: one allocation, straight
                    // from the input.
                    if input.len() - pos >= size {
                        let msg = Msg::try_from_slice(&input[pos..pos + size])
                            .ok_or(FrameError::OutOfMemory)?;
                        pos += size;
                        self.state = State::Flags;
                        return Ok((pos, Some(finish(msg, flags))));
                    }
                    // Otherwise grow with the bytes as they come, never
                    // with the peer's claim.
                    self.state = State::Body {
                        flags,
                        size,
                        body: GrowBuf::new(),
                    };
                }
                State::Body { size, body, .. } => {
                    let take = (*size - body.filled()).min(input.len() - pos);
                    if !body.try_reserve(take, *size) {
                        return Err(FrameError::OutOfMemory);
                    }
                    body.extend(&input[pos..pos + take]);
                    pos += take;
                    return Ok((pos, self.finish_body()));
                }
            }
        }
    }

    fn check_size(&self, flags: u8, size: u64) -> Result<usize, FrameError> {
        let command = flags & F_COMMAND != 0;
        let command_limit = match (self.big_commands, self.maxmsgsize) {
            (false, _) => MAX_COMMAND,
            // name, nonce, tag and flags around the message
            (true, m) if m >= 0 => m as u64 + 64,
            (true, _) => u64::MAX,
        };
        if command && (flags & F_MORE != 0 || size > command_limit || size == 0) {
            return Err(FrameError::Malformed);
        }
        if !command && self.maxmsgsize >= 0 && size > self.maxmsgsize as u64 {
            return Err(FrameError::TooLarge);
        }
        // Beyond what any allocation could hold: the claim alone is fatal.
        if size > isize::MAX as u64 / 2 {
            return Err(FrameError::OutOfMemory);
        }
        Ok(size as usize)
    }

    /// Where the rest of a large body in progress can be read directly.
    /// None between frames, or while too little of the body has arrived to
    /// justify reserving room ahead of the data. The room offered is at
    /// most what arrived so far.
    pub fn body_sink(&mut self) -> Result<Option<&mut [MaybeUninit<u8>]>, FrameError> {
        let State::Body { size, body, .. } = &mut self.state else {
            return Ok(None);
        };
        let remaining = *size - body.filled();
        if body.filled() < DIRECT_MIN || remaining < DIRECT_MIN {
            return Ok(None);
        }
        // Grow only once the room is used up, then by what arrived so far:
        // the room never exceeds the data, and growth stays geometric
        // however little each read brings.
        if body.spare().is_empty() && !body.try_reserve_exact(remaining.min(body.filled()), *size) {
            return Err(FrameError::OutOfMemory);
        }
        Ok(Some(body.spare()))
    }

    /// `n` bytes were written into the slice `body_sink` gave. The frame,
    /// if that completed it.
    pub fn body_filled(&mut self, n: usize) -> Option<Frame> {
        if let State::Body { body, .. } = &mut self.state {
            body.advance(n);
        }
        self.finish_body()
    }

    fn finish_body(&mut self) -> Option<Frame> {
        match &self.state {
            State::Body { size, body, .. } if body.filled() == *size => {}
            _ => return None,
        }
        let State::Body { flags, body, .. } = std::mem::replace(&mut self.state, State::Flags)
        else {
            return None;
        };
        let len = body.filled();
        // A body that completed has at least one byte (empty bodies never
        // enter this state), so there is a buffer.
        let (buf, _) = body.finish()?;
        Some(finish(Msg::from_heap(buf, len), flags))
    }
}

fn finish(mut msg: Msg, flags: u8) -> Frame {
    let command = flags & F_COMMAND != 0;
    let mut f = 0;
    if flags & F_MORE != 0 {
        f |= FLAG_MORE;
    }
    if command {
        f |= FLAG_COMMAND;
    }
    msg.set_flags(f);
    Frame { msg, command }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(sizes: &[usize]) -> Vec<u8> {
        let mut wire = Vec::new();
        for (i, &s) in sizes.iter().enumerate() {
            let mut m = Msg::from_slice(&vec![i as u8; s]);
            m.set_more(i + 1 < sizes.len());
            encode_msg(&mut wire, &m);
        }
        wire
    }

    /// Decode `wire` fed in `chunk`-byte pieces, taking the direct-read
    /// path whenever the decoder offers it.
    fn decode_all(wire: &[u8], chunk: usize) -> Vec<Msg> {
        let mut d = Decoder::new(-1);
        let mut got = Vec::new();
        let mut pos = 0;
        while pos < wire.len() {
            if let Some(sink) = d.body_sink().unwrap() {
                let n = sink.len().min(chunk).min(wire.len() - pos);
                for (dst, &b) in sink.iter_mut().zip(&wire[pos..pos + n]) {
                    dst.write(b);
                }
                pos += n;
                if let Some(f) = d.body_filled(n) {
                    got.push(f.msg);
                }
                continue;
            }
            let end = (pos + chunk).min(wire.len());
            let (n, f) = d.decode(&wire[pos..end]).unwrap();
            pos += n;
            if let Some(f) = f {
                got.push(f.msg);
            }
        }
        got
    }

    #[test]
    fn frames_roundtrip_any_chunking() {
        let sizes = [0, 1, 33, 34, 255, 256, 70000, 5, 300_000];
        let wire = frames(&sizes);
        for chunk in [1, 2, 7, 100, 9000, 100000, 1 << 20] {
            let got = decode_all(&wire, chunk);
            assert_eq!(got.len(), sizes.len());
            for (i, m) in got.iter().enumerate() {
                assert_eq!(m.len(), sizes[i]);
                assert!(m.data().iter().all(|&b| b == i as u8));
                assert_eq!(m.more(), i + 1 < sizes.len());
            }
        }
    }

    #[test]
    fn maxmsgsize_enforced() {
        let mut wire = Vec::new();
        encode_msg(&mut wire, &Msg::from_slice(&[0; 100]));
        let mut d = Decoder::new(99);
        assert!(matches!(d.decode(&wire), Err(FrameError::TooLarge)));
        let mut d = Decoder::new(100);
        assert!(d.decode(&wire).unwrap().1.is_some());
    }

    #[test]
    fn hostile_sizes_rejected_without_allocating() {
        let mut wire = vec![F_LONG];
        wire.extend_from_slice(&u64::MAX.to_be_bytes());
        let mut d = Decoder::new(-1);
        assert_eq!(d.decode(&wire).err(), Some(FrameError::OutOfMemory));
        let wire = [F_COMMAND | F_MORE, 3, 1, b'A', 0];
        let mut d = Decoder::new(-1);
        assert!(d.decode(&wire[..]).is_err());
        let mut d = Decoder::new(-1);
        assert!(d
            .decode(&[F_COMMAND | F_LONG, 0xff, 0, 0, 0, 0, 0, 0, 0])
            .is_err());
    }

    /// A peer trickling a large body: the room grows geometrically (a
    /// handful of reallocations, not one per read) and never exceeds what
    /// arrived.
    #[test]
    fn trickled_body_grows_geometrically() {
        let size = 1usize << 20;
        let mut wire = vec![F_LONG];
        wire.extend_from_slice(&(size as u64).to_be_bytes());
        wire.extend_from_slice(&[3; DIRECT_MIN]);
        let mut d = Decoder::new(-1);
        assert!(d.decode(&wire).unwrap().1.is_none());
        let (mut filled, mut grown, mut last_room) = (DIRECT_MIN, 0, 0);
        while let Some(sink) = d.body_sink().unwrap() {
            let room = sink.len();
            assert!(room <= filled, "room {room} > data {filled}");
            if room > last_room {
                grown += 1;
            }
            let n = room.min(1024);
            for b in &mut sink[..n] {
                b.write(3);
            }
            filled += n;
            last_room = room - n;
            if let Some(f) = d.body_filled(n) {
                assert_eq!(f.msg.len(), size);
                break;
            }
        }
        assert!(grown <= 8, "{grown} reallocations for 1 MiB");
    }

    #[test]
    fn a_claim_costs_only_what_arrived() {
        let mut wire = vec![F_LONG];
        wire.extend_from_slice(&(1u64 << 30).to_be_bytes());
        wire.extend_from_slice(&[9; 100]);
        let mut d = Decoder::new(-1);
        let (n, f) = d.decode(&wire).unwrap();
        assert_eq!((n, f.is_none()), (wire.len(), true));
        assert!(d.body_sink().unwrap().is_none(), "no room reserved ahead");
        let State::Body { body, .. } = &d.state else {
            panic!("in a body")
        };
        assert_eq!(body.filled(), 100);
    }
}
