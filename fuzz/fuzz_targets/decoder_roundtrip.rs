//! Messages encoded by one engine and decoded by another must come out
//! equal, whatever the write sizes on one side and the read sizes (and the
//! choice between handle_input and the body_sink direct read) on the other.
//!
//! Input layout:
//!   byte 0: socket types (sender TYPES[b % 7], receiver its peer type)
//!   then operations, one opcode byte each (mod 4):
//!     0 send messages (sizes from common::message_size, MORE chosen)
//!     1 the sender writes: limit and accepted count chosen
//!     2 the receiver reads n bytes through handle_input, in chunks
//!     3 the receiver reads as a session does: into body_sink when it
//!       offers room (at most n), else n bytes through handle_input
//!   At the end everything is written and read: the receiver must have
//!   every message, in order, byte for byte, and nothing else.
//!
//! The receiver's output (greeting, READY, PONGs) goes back to the sender
//! whole, as it comes.

#![no_main]

#[path = "common.rs"]
mod common;

use common::*;
use libfuzzer_sys::fuzz_target;
use std::collections::VecDeque;
use std::time::Instant;
use zmq::fuzzing::{Engine, Event};

fuzz_target!(|data: &[u8]| {
    run(data);
});

struct Pair {
    a: Engine,
    a_type: i32,
    b: Engine,
    now: Instant,
    a_ready: bool,
    b_ready: bool,
    /// A's bytes written and not yet read by B.
    wire: VecDeque<u8>,
    /// Sent, not yet received: (len, seed, more).
    sent: VecDeque<(usize, u8, bool)>,
    seq: u8,
}

fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    let Some(b0) = inp.byte() else { return };
    let (ta, _, tb) = TYPES[b0 as usize % TYPES.len()];
    let now = Instant::now();
    let mut p = Pair {
        a: engine(plain_config(ta), b"a", now),
        a_type: ta,
        b: engine(plain_config(tb), b"b", now),
        now,
        a_ready: false,
        b_ready: false,
        wire: VecDeque::new(),
        sent: VecDeque::new(),
        seq: 0,
    };
    p.b_to_a();
    while let Some(op) = inp.byte() {
        match op % 4 {
            0 => {
                let Some(count) = inp.byte() else { break };
                for _ in 0..(count & 7) + 1 {
                    let (Some(class), Some(arg)) = (inp.byte(), inp.byte()) else {
                        break;
                    };
                    if !p.a.wants_messages() {
                        break;
                    }
                    let len = message_size(class, arg);
                    let more = class & 8 != 0;
                    p.seq = p.seq.wrapping_add(1);
                    let seed = arg ^ p.seq;
                    p.sent.push_back((len, seed, more));
                    p.a.send(message(seed, len, more));
                }
            }
            1 => {
                let (Some(l), Some(w)) = (inp.byte(), inp.varint()) else {
                    break;
                };
                let limit = if l == 0 {
                    usize::MAX
                } else {
                    (l as usize) << (l & 15)
                };
                let w = if w == 0 { usize::MAX } else { w << 4 };
                p.write(limit, w);
            }
            2 => {
                let (Some(n), Some(chunk)) = (inp.varint(), inp.byte()) else {
                    break;
                };
                p.read_input(n << 2, chunk as usize + 1);
            }
            _ => {
                let Some(n) = inp.varint() else { break };
                p.read_session(n << 4);
            }
        }
        p.b_to_a();
    }
    // Flush: everything written, everything read.
    for _ in 0..1000 {
        if !p.a.has_output() && p.wire.is_empty() {
            break;
        }
        p.write(usize::MAX, usize::MAX);
        p.read_session(usize::MAX);
        p.b_to_a();
    }
    assert!(
        !p.a.has_output() && p.wire.is_empty(),
        "the stream never drains"
    );
    assert!(
        p.a_ready && p.b_ready,
        "no handshake after all bytes were read"
    );
    assert!(
        p.sent.is_empty(),
        "{} messages sent never arrived",
        p.sent.len()
    );
}

impl Pair {
    fn write(&mut self, limit: usize, w: usize) {
        let bytes = write_out(&mut self.a, limit, w);
        self.wire.extend(bytes);
    }

    /// B reads `n` wire bytes through handle_input, `chunk` per read.
    fn read_input(&mut self, n: usize, chunk: usize) {
        let mut left = n.min(self.wire.len());
        while left > 0 {
            let k = chunk.min(left);
            let read: Vec<u8> = self.wire.drain(..k).collect();
            left -= k;
            let mut pos = 0;
            while pos < read.len() {
                let (c, ev) = self
                    .b
                    .handle_input(&read[pos..], self.now)
                    .unwrap_or_else(|e| panic!("the receiver rejected the sender's bytes: {e:?}"));
                assert!(c <= read.len() - pos && (c > 0 || ev.is_some()));
                pos += c;
                if let Some(ev) = ev {
                    self.event(ev);
                }
            }
        }
    }

    /// One session read pass of up to `n` bytes: into body_sink while it
    /// offers room, else through handle_input.
    fn read_session(&mut self, n: usize) {
        let mut left = n.min(self.wire.len());
        while left > 0 {
            let sink = self
                .b
                .body_sink()
                .unwrap_or_else(|e| panic!("body_sink failed: {e:?}"));
            match sink {
                Some(sink) => {
                    assert!(!sink.is_empty(), "body_sink offered an empty slice");
                    let m = sink.len().min(left);
                    let (front, back) = self.wire.as_slices();
                    let k = m.min(front.len());
                    // SAFETY: k + (m - k) = m <= sink.len(), and the wire
                    // holds at least m bytes (front then back).
                    unsafe {
                        let dst = sink.as_mut_ptr() as *mut u8;
                        std::ptr::copy_nonoverlapping(front.as_ptr(), dst, k);
                        std::ptr::copy_nonoverlapping(back.as_ptr(), dst.add(k), m - k);
                    }
                    self.wire.drain(..m);
                    left -= m;
                    let ev = self
                        .b
                        .body_filled(m, self.now)
                        .unwrap_or_else(|e| panic!("body_filled failed: {e:?}"));
                    if let Some(ev) = ev {
                        self.event(ev);
                    }
                }
                None => {
                    // A session's read buffer: 8 KiB.
                    let k = left.min(8192);
                    self.read_input(k, k);
                    left -= k;
                }
            }
        }
    }

    fn event(&mut self, ev: Event) {
        match ev {
            Event::Ready(info) => {
                assert!(!self.b_ready, "a second Ready");
                self.b_ready = true;
                assert_eq!(info.socket_type, type_name(self.a_type));
            }
            Event::Message(m) => {
                assert!(self.b_ready, "Message before Ready");
                let Some((len, seed, more)) = self.sent.pop_front() else {
                    panic!("a message that was never sent");
                };
                check_message(&m, len, seed, more);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    /// B's output to A, whole.
    fn b_to_a(&mut self) {
        let out = write_out(&mut self.b, usize::MAX, usize::MAX);
        let mut pos = 0;
        while pos < out.len() {
            let (c, ev) = self
                .a
                .handle_input(&out[pos..], self.now)
                .unwrap_or_else(|e| panic!("the sender rejected the receiver's bytes: {e:?}"));
            pos += c;
            match ev {
                None => {}
                Some(Event::Ready(_)) => {
                    assert!(!self.a_ready);
                    self.a_ready = true;
                }
                Some(other) => panic!("the sender got {other:?}"),
            }
        }
    }
}
