//! Shared by the fuzz targets: an input reader, the socket-type table, the
//! bytes a NULL peer sends first, message bodies that can be checked, and
//! output draining.

#![allow(dead_code)]

use std::io::IoSlice;
use std::time::Duration;
use zmq::fuzzing::{our_properties, Config, Engine, Msg, Null, MAX_SLICES};

/// The fuzz input, read front to back; every read past the end gives None
/// (or a short slice), which ends the run.
pub struct Input<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data, pos: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    pub fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    pub fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    /// LEB128, at most 4 bytes (so < 2^28).
    pub fn varint(&mut self) -> Option<usize> {
        let mut v = 0usize;
        for i in 0..4 {
            let b = self.byte()?;
            v |= ((b & 0x7f) as usize) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        Some(v)
    }

    /// Up to `n` bytes (fewer at the end of the input).
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let end = self.pos.saturating_add(n).min(self.data.len());
        let s = &self.data[self.pos..end];
        self.pos = end;
        s
    }
}

pub const ZMQ_PAIR: i32 = 0;
pub const ZMQ_REQ: i32 = 3;
pub const ZMQ_REP: i32 = 4;
pub const ZMQ_DEALER: i32 = 5;
pub const ZMQ_ROUTER: i32 = 6;
pub const ZMQ_PULL: i32 = 7;
pub const ZMQ_PUSH: i32 = 8;

/// (our type, its name, a compatible peer type): the types the targets
/// pick from with one byte.
pub const TYPES: [(i32, &str, i32); 7] = [
    (ZMQ_DEALER, "DEALER", ZMQ_ROUTER),
    (ZMQ_ROUTER, "ROUTER", ZMQ_DEALER),
    (ZMQ_PAIR, "PAIR", ZMQ_PAIR),
    (ZMQ_PUSH, "PUSH", ZMQ_PULL),
    (ZMQ_PULL, "PULL", ZMQ_PUSH),
    (ZMQ_REQ, "REQ", ZMQ_REP),
    (ZMQ_REP, "REP", ZMQ_REQ),
];

pub fn type_name(t: i32) -> &'static str {
    TYPES.iter().find(|x| x.0 == t).map_or("?", |x| x.1)
}

pub fn plain_config(socket_type: i32) -> Config {
    Config {
        socket_type,
        maxmsgsize: -1,
        handshake_ivl: None,
        heartbeat_ivl: None,
        heartbeat_ttl_ds: 0,
        heartbeat_timeout: None,
    }
}

pub fn engine(cfg: Config, routing_id: &[u8], now: std::time::Instant) -> Engine {
    let props = our_properties(cfg.socket_type, routing_id);
    Engine::new(cfg, Box::new(Null::new(props, false)), now)
}

pub fn heartbeat_config(socket_type: i32, maxmsgsize: i64, hb: bool, handshake: bool) -> Config {
    Config {
        socket_type,
        maxmsgsize,
        handshake_ivl: handshake.then(|| Duration::from_secs(30)),
        heartbeat_ivl: hb.then(|| Duration::from_millis(100)),
        heartbeat_ttl_ds: if hb { 5 } else { 0 },
        heartbeat_timeout: hb.then(|| Duration::from_millis(300)),
    }
}

/// What a ZMTP 3.1 NULL peer of type `peer_name` sends first: the 64-byte
/// greeting (0xFF, 8 padding bytes ending in 1, 0x7F, version 3.1, "NULL",
/// as-server 0) and a READY command with its Socket-Type (and an Identity,
/// as libzmq's DEALER/REQ/ROUTER send).
pub fn peer_prefix(peer_name: &str) -> Vec<u8> {
    let mut g = vec![0u8; 64];
    g[0] = 0xFF;
    g[8] = 1;
    g[9] = 0x7F;
    g[10] = 3;
    g[11] = 1;
    g[12..16].copy_from_slice(b"NULL");
    let mut props = Vec::new();
    property(&mut props, "Socket-Type", peer_name.as_bytes());
    if matches!(peer_name, "DEALER" | "REQ" | "ROUTER") {
        property(&mut props, "Identity", b"");
    }
    let mut body = vec![5u8];
    body.extend_from_slice(b"READY");
    body.extend_from_slice(&props);
    frame_header(&mut g, body.len(), false, true, false);
    g.extend_from_slice(&body);
    g
}

pub fn property(out: &mut Vec<u8>, name: &str, value: &[u8]) {
    out.push(name.len() as u8);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(value);
}

/// A ZMTP frame header; `force_long` uses the 8-byte size even for a small
/// body (legal, and a different decoder path).
pub fn frame_header(out: &mut Vec<u8>, len: usize, more: bool, command: bool, force_long: bool) {
    let mut flags = (more as u8) | ((command as u8) << 2);
    if len > 255 || force_long {
        flags |= 2;
        out.push(flags);
        out.extend_from_slice(&(len as u64).to_be_bytes());
    } else {
        out.push(flags);
        out.push(len as u8);
    }
}

/// A PING command frame.
pub fn ping(ttl_ds: u16, context: &[u8]) -> Vec<u8> {
    let mut body = vec![4u8];
    body.extend_from_slice(b"PING");
    body.extend_from_slice(&ttl_ds.to_be_bytes());
    body.extend_from_slice(context);
    let mut f = Vec::new();
    frame_header(&mut f, body.len(), false, true, false);
    f.extend_from_slice(&body);
    f
}

/// The body a message with `seed` carries, `len` bytes: a window of one
/// fixed, position-dependent pattern, so a shifted, cut or misplaced byte
/// shows; made and checked with memcpy/memcmp (fast under ASan).
pub fn body(seed: u8, len: usize) -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let t = TABLE.get_or_init(|| {
        (0..MAX_BODY + 256 * 131)
            .map(|i| (i as u8) ^ ((i >> 8) as u8).rotate_left(3) ^ ((i >> 16) as u8).rotate_left(5))
            .collect()
    });
    let off = seed as usize * 131;
    &t[off..off + len]
}

/// The largest message `message_size` picks.
pub const MAX_BODY: usize = 256 * 1024;

pub fn message(seed: u8, len: usize, more: bool) -> Msg {
    let mut m = Msg::from_slice(body(seed, len));
    m.set_more(more);
    m
}

/// Whether `got` is the message sent as (len, seed, more); panics with
/// what differs.
pub fn check_message(got: &Msg, len: usize, seed: u8, more: bool) {
    assert_eq!(got.len(), len, "message length changed on the wire");
    assert_eq!(got.more(), more, "MORE flag changed on the wire");
    let want = body(seed, len);
    if got.data() != want {
        let i = got
            .data()
            .iter()
            .zip(want)
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!("body byte {i} of {len} changed on the wire");
    }
}

/// A message size chosen by two input bytes, concentrated on the
/// boundaries that change the code path: inline (33/34), short/long frame
/// header (255/256), the 32 KiB large-body send path, and bodies big enough
/// for the receiver's direct read (> 16 KiB).
pub fn message_size(class: u8, arg: u8) -> usize {
    const LARGE: usize = 32 * 1024;
    match class % 8 {
        0 => arg as usize,
        1 => 31 + (arg % 6) as usize,
        2 => 253 + (arg % 6) as usize,
        3 => LARGE - 3 + (arg % 7) as usize,
        4 => LARGE + (arg as usize) * 97,
        5 => (arg as usize) << 10,
        6 => 16 * 1024 - 3 + (arg % 7) as usize,
        _ => 0,
    }
}

/// Copy up to `limit` bytes of the engine's pending output (what one
/// vectored write would see) into a Vec, checking the slice contract.
pub fn pending(e: &Engine, limit: usize) -> Vec<u8> {
    let mut v = [IoSlice::new(&[]); MAX_SLICES];
    let n = e.slices(&mut v, limit);
    assert!(n <= MAX_SLICES);
    let mut out = Vec::new();
    for s in &v[..n] {
        assert!(!s.is_empty(), "slices() returned an empty slice");
        out.extend_from_slice(s);
    }
    assert!(out.len() <= limit, "slices() gave more than the limit");
    if limit > 0 {
        assert_eq!(
            e.has_output(),
            !out.is_empty(),
            "has_output() disagrees with slices()"
        );
    }
    out
}

/// Write `w` bytes of the output (at most what `slices` gives): returns the
/// bytes "written", after checking that `advance` moved exactly past them.
pub fn write_out(e: &mut Engine, limit: usize, w: usize) -> Vec<u8> {
    let before = pending(e, limit);
    let w = w.min(before.len());
    e.advance(w);
    let after = pending(e, usize::MAX);
    let rest = &before[w..];
    let k = rest.len().min(after.len());
    assert_eq!(
        &after[..k],
        &rest[..k],
        "advance({w}) did not move exactly past the bytes written"
    );
    if rest.len() > after.len() {
        // Less pending now than was left over: only possible when the
        // first view was cut by the slice count, never by advance.
        panic!(
            "output lost: {} bytes left after advance({w}), {} pending",
            rest.len(),
            after.len()
        );
    }
    let mut written = before;
    written.truncate(w);
    written
}

/// Whether FUZZ_TRACE is set: the targets then print what each operation
/// did (for reading a crash or a seed; too slow for fuzzing).
pub fn tracing() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("FUZZ_TRACE").is_some())
}

#[macro_export]
macro_rules! trace {
    ($($t:tt)*) => {
        if $crate::common::tracing() {
            eprintln!($($t)*);
        }
    };
}
