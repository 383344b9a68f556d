//! One ZMTP engine driven the way a session drives it, by arbitrary input.
//!
//! Input layout:
//!   byte 0: socket type (index into common::TYPES, mod 7)
//!   byte 1: bit 0 feed a valid greeting + READY first; bit 1 heartbeats on;
//!           bits 2-3 ZMQ_MAXMSGSIZE (-1, 0, 255, 40000); bit 4 handshake
//!           deadline (30 s); bits 5-7 chunk size for the prefix
//!   then operations, one opcode byte each (mod 8), see `run`.
//!
//! Checked: no panic; handle_input consumes at most what it is given and
//! makes progress on non-empty input; events only in a legal order
//! (Ready once, then Message/Subscribe/Cancel); Messages respect
//! maxmsgsize and carry only MORE; body_sink never offers an empty slice;
//! the output matches the slices/advance contract; and everything the
//! engine writes is accepted by a second (peer) engine, which gets back
//! exactly the messages sent, in order. After an error the engine is
//! dropped, never used again.

#![no_main]

#[path = "common.rs"]
mod common;

use common::*;
use libfuzzer_sys::fuzz_target;
use std::collections::VecDeque;
use std::mem::MaybeUninit;
use std::time::{Duration, Instant};
use zmq::fuzzing::{Config, Engine, Event, ProtoError};

/// Bytes fed that the input does not carry (fills), per run: keeps runs
/// fast and memory bounded while still reaching multi-MiB bodies.
/// (Bytes fed through handle_input are few: a run of tiny frames costs an
/// event each.)
const FEED_BUDGET: usize = 256 << 10;
const SINK_BUDGET: usize = 4 << 20;

fuzz_target!(|data: &[u8]| {
    run(data);
});

/// What a direct read writes.
#[derive(Clone, Copy)]
enum Fill<'a> {
    Byte(u8),
    Bytes(&'a [u8]),
}

/// The engine's failure: the run ends (and the engine is dropped) there.
struct Stop;

/// Why the operations stopped.
enum Halt {
    /// The engine failed: it is not used again.
    Engine,
    /// The input ran out (maybe in the middle of an operation): the run
    /// ends with the final checks.
    InputEnd,
}

impl From<Stop> for Halt {
    fn from(_: Stop) -> Halt {
        Halt::Engine
    }
}

struct Harness {
    e: Engine,
    cfg: Config,
    now: Instant,
    ready: bool,
    /// The peer engine our output is fed to.
    peer: Engine,
    peer_ready: bool,
    /// Messages sent and not yet seen by the peer: (len, seed, more).
    sent: VecDeque<(usize, u8, bool)>,
    feed_left: usize,
    sink_left: usize,
}

fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    let (Some(b0), Some(b1)) = (inp.byte(), inp.byte()) else {
        return;
    };
    let (ty, _, peer_ty) = TYPES[b0 as usize % TYPES.len()];
    let maxmsgsize = match (b1 >> 2) & 3 {
        0 => -1,
        1 => 0,
        2 => 255,
        _ => 40_000,
    };
    let cfg = heartbeat_config(ty, maxmsgsize, b1 & 2 != 0, b1 & 16 != 0);
    let now = Instant::now();
    let mut h = Harness {
        e: engine(cfg.clone(), b"fuzz", now),
        cfg,
        now,
        ready: false,
        peer: engine(plain_config(peer_ty), b"peer", now),
        peer_ready: false,
        sent: VecDeque::new(),
        feed_left: FEED_BUDGET,
        sink_left: SINK_BUDGET,
    };
    if b1 & 1 != 0 {
        let prefix = peer_prefix(type_name(peer_ty));
        let chunk = 1 + ((b1 >> 5) as usize) * 9;
        if h.feed(&prefix, chunk).is_err() {
            panic!("a valid greeting + READY from a compatible peer was refused");
        }
        assert!(h.ready, "no Ready after a valid greeting + READY");
    }
    match h.ops(&mut inp) {
        Err(Halt::Engine) => {}
        Ok(()) | Err(Halt::InputEnd) => h.finish(),
    }
}

fn checked<T>(cfg: &Config, ready: bool, r: Result<T, ProtoError>) -> Result<T, Stop> {
    r.map_err(|err| {
        trace!("  error {err:?}: engine dropped");
        match err {
            ProtoError::TooLarge => assert!(cfg.maxmsgsize >= 0, "TooLarge with no limit"),
            ProtoError::HandshakeTimeout => {
                assert!(
                    !ready && cfg.handshake_ivl.is_some(),
                    "HandshakeTimeout after Ready"
                )
            }
            // Its deadlines are armed only in traffic.
            ProtoError::HeartbeatTimeout => assert!(ready, "HeartbeatTimeout before Ready"),
            _ => {}
        }
        Stop
    })
}

impl Harness {
    fn ops(&mut self, inp: &mut Input) -> Result<(), Halt> {
        while let Some(op) = inp.byte() {
            match op % 8 {
                // Raw bytes from the input, in chunks.
                0 => {
                    let k = inp.varint().ok_or(Halt::InputEnd)?;
                    let chunk = inp.byte().ok_or(Halt::InputEnd)? as usize;
                    let bytes = inp.take(k);
                    trace!("feed {} input bytes, chunk {chunk}", bytes.len());
                    self.feed(bytes, chunk)?;
                }
                // A frame header of a chosen size and flags (reaches big
                // claims without the fuzzer having to learn the encoding).
                1 => {
                    let flags = inp.byte().ok_or(Halt::InputEnd)?;
                    let len = match flags >> 4 {
                        0 => inp.byte().ok_or(Halt::InputEnd)? as usize,
                        1 => inp.u16().ok_or(Halt::InputEnd)? as usize,
                        2 => 1 << 30,
                        3 => u64::MAX as usize,
                        4 => (isize::MAX as usize) / 2 + 1,
                        5 => 40_001,
                        6 => 1 << 20,
                        _ => inp.varint().ok_or(Halt::InputEnd)?,
                    };
                    trace!("frame header: flags {flags:#x}, size {len}");
                    let mut hdr = Vec::new();
                    frame_header(
                        &mut hdr,
                        len,
                        flags & 1 != 0,
                        flags & 4 != 0,
                        flags & 2 != 0,
                    );
                    self.feed(&hdr, (flags >> 3 & 1) as usize + 1)?;
                }
                // k copies of one byte, fed in chunks (body bytes the input
                // does not have to carry).
                2 => {
                    let k = inp.u16().ok_or(Halt::InputEnd)? as usize;
                    let b = inp.byte().ok_or(Halt::InputEnd)?;
                    let chunk = (inp.byte().ok_or(Halt::InputEnd)? as usize) << 8;
                    let k = k.min(self.feed_left);
                    self.feed_left -= k;
                    trace!("feed {k} x {b:#x}, chunk {chunk}");
                    self.feed(&vec![b; k], chunk)?;
                }
                // Read into body_sink while it offers room: n bytes from the
                // input (odd mode) or n copies of one byte.
                3 => {
                    let mode = inp.byte().ok_or(Halt::InputEnd)?;
                    let n = inp.varint().ok_or(Halt::InputEnd)?;
                    let per_read = (inp.byte().ok_or(Halt::InputEnd)? as usize + 1) << 10;
                    if mode & 1 != 0 {
                        let bytes = inp.take(n);
                        self.sink_fill(bytes.len(), per_read, Fill::Bytes(bytes))?;
                    } else {
                        let n = (n << 4).min(self.sink_left);
                        self.sink_left -= n;
                        self.sink_fill(n, per_read, Fill::Byte(mode))?;
                    }
                }
                // Time passes; timers fire.
                4 => {
                    let ms = inp.byte().ok_or(Halt::InputEnd)? as u64 * 8;
                    trace!(
                        "time +{ms} ms, timeout due {:?}",
                        self.e
                            .poll_timeout()
                            .map(|t| t.saturating_duration_since(self.now))
                    );
                    self.now += Duration::from_millis(ms);
                    self.timeout()?;
                }
                // Send messages while the engine wants them.
                5 => {
                    let count = inp.byte().ok_or(Halt::InputEnd)?;
                    for i in 0..(count & 3) + 1 {
                        let class = inp.byte().ok_or(Halt::InputEnd)?;
                        let arg = inp.byte().ok_or(Halt::InputEnd)?;
                        if self.e.wants_messages() {
                            assert!(self.ready, "wants_messages before Ready");
                            let len = message_size(class, arg);
                            let more = class & 8 != 0;
                            let seed = arg ^ i;
                            trace!("send {len} bytes, more {more}");
                            self.sent.push_back((len, seed, more));
                            self.e.send(message(seed, len, more));
                        } else {
                            break;
                        }
                    }
                }
                // One write of the output: limit and size chosen.
                6 => {
                    let l = inp.byte().ok_or(Halt::InputEnd)?;
                    let limit = if l == 0 {
                        usize::MAX
                    } else {
                        (l as usize) << (l & 7)
                    };
                    let w = inp.varint().ok_or(Halt::InputEnd)?;
                    let w = if w == 0 { usize::MAX } else { w };
                    trace!("write: limit {limit}, accept {w}");
                    self.write(limit, w);
                }
                // A PING with a chosen TTL and context.
                _ => {
                    let ttl = inp.u16().ok_or(Halt::InputEnd)?;
                    let n = inp.byte().ok_or(Halt::InputEnd)? as usize % 24;
                    let ctx = inp.take(n);
                    trace!("PING ttl {ttl}, context {} bytes", ctx.len());
                    self.feed(&ping(ttl, ctx), 64)?;
                }
            }
        }
        Ok(())
    }

    /// Feed `data` in `chunk`-byte reads (0: all at once), as a session
    /// does: each read is handed over until all of it is consumed.
    fn feed(&mut self, data: &[u8], chunk: usize) -> Result<(), Stop> {
        let chunk = if chunk == 0 { usize::MAX } else { chunk };
        let mut pos = 0;
        while pos < data.len() {
            let end = pos.saturating_add(chunk).min(data.len());
            let mut read = &data[pos..end];
            while !read.is_empty() {
                let r = self.e.handle_input(read, self.now);
                if let Err(err) = &r {
                    trace!("  handle_input error: {err:?}");
                }
                let (n, ev) = self.check(r)?;
                assert!(n <= read.len(), "consumed {n} of {} offered", read.len());
                assert!(n > 0 || ev.is_some(), "no progress on {} bytes", read.len());
                read = &read[n..];
                if let Some(ev) = ev {
                    self.event(ev);
                }
            }
            pos = end;
        }
        assert!(self
            .e
            .handle_input(&[], self.now)
            .is_ok_and(|(n, ev)| n == 0 && ev.is_none()));
        Ok(())
    }

    /// Direct reads into body_sink, `n` bytes in all (from `src`), at most
    /// `per_read` per read, while the engine offers room.
    fn sink_fill(&mut self, n: usize, per_read: usize, src: Fill) -> Result<(), Stop> {
        let mut done = 0;
        loop {
            let (cfg, ready) = (&self.cfg, self.ready);
            let sink = match checked(cfg, ready, self.e.body_sink())? {
                Some(s) => s,
                None => return Ok(()),
            };
            assert!(
                !sink.is_empty(),
                "body_sink offered an empty slice (a read of 0 = EOF)"
            );
            let m = sink.len().min(per_read).min(n - done);
            trace!("  body_sink offers {}, filling {m}", sink.len());
            match src {
                Fill::Byte(b) => sink[..m].fill(MaybeUninit::new(b)),
                // SAFETY: m <= sink.len() and done + m <= bytes.len().
                Fill::Bytes(bytes) => unsafe {
                    std::ptr::copy_nonoverlapping(
                        bytes[done..].as_ptr(),
                        sink.as_mut_ptr() as *mut u8,
                        m,
                    )
                },
            }
            done += m;
            let r = self.e.body_filled(m, self.now);
            if let Some(ev) = self.check(r)? {
                self.event(ev);
            }
            if m == 0 || done == n {
                return Ok(());
            }
        }
    }

    fn timeout(&mut self) -> Result<(), Stop> {
        let due = self.e.poll_timeout();
        let r = self.e.handle_timeout(self.now);
        if let Err(err) = &r {
            assert!(
                due.is_some_and(|t| t <= self.now),
                "{err:?} from handle_timeout before poll_timeout's deadline"
            );
        }
        self.check(r)
    }

    /// Checks an engine result; an error ends the run (the engine is not
    /// used after it).
    fn check<T>(&self, r: Result<T, ProtoError>) -> Result<T, Stop> {
        checked(&self.cfg, self.ready, r)
    }

    fn event(&mut self, ev: Event) {
        trace!("  event {ev:?}");
        match ev {
            Event::Ready(_) => {
                assert!(!self.ready, "a second Ready");
                self.ready = true;
            }
            Event::Message(m) => {
                assert!(self.ready, "Message before Ready");
                assert_eq!(m.flags() & !1, 0, "a data frame with more than MORE set");
                if self.cfg.maxmsgsize >= 0 {
                    assert!(
                        m.len() as i64 <= self.cfg.maxmsgsize,
                        "maxmsgsize not enforced"
                    );
                }
            }
            Event::Subscribe(_) | Event::Cancel(_) => {
                assert!(self.ready, "command event before Ready")
            }
        }
    }

    /// One write of at most `limit` bytes, `w` of them accepted; what was
    /// written goes to the peer engine.
    fn write(&mut self, limit: usize, w: usize) {
        let bytes = write_out(&mut self.e, limit, w);
        self.peer_reads(&bytes);
    }

    /// The peer reads our output: it must accept all of it.
    fn peer_reads(&mut self, mut data: &[u8]) {
        let now = self.now;
        while !data.is_empty() {
            let (n, ev) = match self.peer.handle_input(data, now) {
                Ok(r) => r,
                Err(err) => panic!("the peer engine rejected our output: {err:?}"),
            };
            assert!(n <= data.len() && (n > 0 || ev.is_some()));
            data = &data[n..];
            match ev {
                None => {}
                Some(Event::Ready(info)) => {
                    assert!(!self.peer_ready);
                    self.peer_ready = true;
                    assert_eq!(info.socket_type, type_name(self.cfg.socket_type));
                }
                Some(Event::Message(m)) => {
                    assert!(self.peer_ready);
                    let Some((len, seed, more)) = self.sent.pop_front() else {
                        panic!("the peer got a message that was never sent");
                    };
                    check_message(&m, len, seed, more);
                }
                Some(other) => panic!("the peer got {other:?}, which we never send"),
            }
        }
    }

    /// Write everything out: the peer must then have every message sent.
    fn finish(&mut self) {
        for _ in 0..64 {
            if !self.e.has_output() {
                break;
            }
            self.write(usize::MAX, usize::MAX);
        }
        assert!(!self.e.has_output(), "output never drains");
        assert!(
            self.sent.is_empty(),
            "{} sent messages never reached the peer",
            self.sent.len()
        );
    }
}
