//! ZMTP 3.x framing: a flags byte (MORE, LONG, COMMAND), a 1- or 8-byte
//! size, then the body.

use crate::msg::{Msg, FLAG_COMMAND, FLAG_MORE};

pub const F_MORE: u8 = 1;
pub const F_LONG: u8 = 2;
pub const F_COMMAND: u8 = 4;

/// Largest command body we accept; commands are small, a peer claiming a
/// huge one is hostile or broken.
pub const MAX_COMMAND: u64 = 1 << 20;

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
        body: Vec<u8>,
    },
}

/// Incremental frame decoder. Bytes go in through `decode`, whole frames come
/// out; a frame may span many calls.
pub struct Decoder {
    state: State,
    maxmsgsize: i64,
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
        }
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
                    let command = flags & F_COMMAND != 0;
                    if command && (flags & F_MORE != 0 || size > MAX_COMMAND || size == 0) {
                        return Err(FrameError::Malformed);
                    }
                    if !command && self.maxmsgsize >= 0 && size > self.maxmsgsize as u64 {
                        return Err(FrameError::TooLarge);
                    }
                    if size > isize::MAX as u64 {
                        return Err(FrameError::TooLarge);
                    }
                    let size = size as usize;
                    // Whole body already here: build the message straight
                    // from the input, no intermediate buffer.
                    if input.len() - pos >= size {
                        let mut msg = Msg::from_slice(&input[pos..pos + size]);
                        pos += size;
                        self.state = State::Flags;
                        return Ok((pos, Some(finish(&mut msg, flags))));
                    }
                    // Grow as data arrives rather than trusting the peer's
                    // size claim with one big allocation.
                    let cap = size.min(1 << 20);
                    self.state = State::Body {
                        flags,
                        size,
                        body: Vec::with_capacity(cap),
                    };
                }
                State::Body { flags, size, body } => {
                    let take = (*size - body.len()).min(input.len() - pos);
                    body.extend_from_slice(&input[pos..pos + take]);
                    pos += take;
                    if body.len() < *size {
                        return Ok((pos, None));
                    }
                    let flags = *flags;
                    let mut msg = Msg::from_vec(std::mem::take(body));
                    self.state = State::Flags;
                    return Ok((pos, Some(finish(&mut msg, flags))));
                }
            }
        }
    }

    /// Where the rest of a large body in progress can be read directly
    /// (avoids staging it in the read buffer). None between frames.
    pub fn body_sink(&mut self) -> Option<&mut Vec<u8>> {
        match &mut self.state {
            State::Body { size, body, .. } if *size - body.len() >= 8192 => Some(body),
            _ => None,
        }
    }

    /// Bytes still missing from the body in progress.
    pub fn body_remaining(&self) -> usize {
        match &self.state {
            State::Body { size, body, .. } => *size - body.len(),
            _ => 0,
        }
    }

    /// If the body in progress is complete (after a direct read into
    /// `body_sink`), produce its frame.
    pub fn finish_body(&mut self) -> Option<Frame> {
        if let State::Body { flags, size, body } = &mut self.state {
            if body.len() == *size {
                let flags = *flags;
                let mut msg = Msg::from_vec(std::mem::take(body));
                self.state = State::Flags;
                return Some(finish(&mut msg, flags));
            }
        }
        None
    }
}

fn finish(msg: &mut Msg, flags: u8) -> Frame {
    let command = flags & F_COMMAND != 0;
    let mut f = 0;
    if flags & F_MORE != 0 {
        f |= FLAG_MORE;
    }
    if command {
        f |= FLAG_COMMAND;
    }
    msg.set_flags(f);
    Frame {
        msg: std::mem::take(msg),
        command,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(sizes: &[usize], chunk: usize) {
        let mut wire = Vec::new();
        for (i, &s) in sizes.iter().enumerate() {
            let mut m = Msg::from_vec(vec![i as u8; s]);
            m.set_more(i + 1 < sizes.len());
            encode_msg(&mut wire, &m);
        }
        let mut d = Decoder::new(-1);
        let mut got = Vec::new();
        let mut pos = 0;
        while pos < wire.len() {
            let end = (pos + chunk).min(wire.len());
            let mut p = pos;
            while p < end {
                let (n, f) = d.decode(&wire[p..end]).unwrap();
                p += n;
                if let Some(f) = f {
                    got.push(f.msg);
                } else if n == 0 {
                    break;
                }
            }
            pos = end;
        }
        assert_eq!(got.len(), sizes.len());
        for (i, m) in got.iter().enumerate() {
            assert_eq!(m.len(), sizes[i]);
            assert!(m.data().iter().all(|&b| b == i as u8));
            assert_eq!(m.more(), i + 1 < sizes.len());
        }
    }

    #[test]
    fn frames_roundtrip_any_chunking() {
        let sizes = [0, 1, 33, 34, 255, 256, 70000];
        for chunk in [1, 2, 7, 100, 100000] {
            roundtrip(&sizes, chunk);
        }
    }

    #[test]
    fn maxmsgsize_enforced() {
        let mut wire = Vec::new();
        encode_msg(&mut wire, &Msg::from_vec(vec![0; 100]));
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
        assert!(d.decode(&wire).is_err());
        let wire = [F_COMMAND | F_MORE, 3, 1, b'A', 0];
        let mut d = Decoder::new(-1);
        assert!(d.decode(&wire[..]).is_err());
        let mut d = Decoder::new(-1);
        assert!(d
            .decode(&[F_COMMAND | F_LONG, 0xff, 0, 0, 0, 0, 0, 0, 0])
            .is_err());
    }
}
