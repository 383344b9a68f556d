//! One direction of a pipe: a queue of complete messages with high- and
//! low-water marks, and the wake protocol between its two ends. Generic
//! over the item and built on `crate::sync`, so `tools/loom-pipe` compiles
//! this very file against loom's primitives and model-checks the protocol.
//!
//! Why no wake-up is lost, without relying on a store-then-load ordering
//! between two different atomics:
//! - Reader asleep: its request to be woken lives under the queue's mutex,
//!   next to the items. The reader only asks while holding the lock and
//!   seeing no items; a writer publishes items and takes the request under
//!   the same lock. Whoever comes second sees what the first did.
//! - Writer asleep: its request is the top bit of the same atomic word as
//!   the reader's count of consumed messages, so the writer's "ask, then
//!   look at the count" and the reader's "count, then look at the request"
//!   are read-modify-writes of one location, totally ordered: either the
//!   reader's update comes first and the writer sees the room it made
//!   (and withdraws), or the writer's request comes first and the reader
//!   sees it and wakes the writer once the queue is down to the low-water
//!   mark.
//!
//! A conflating queue (ZMQ_CONFLATE) keeps only the newest complete
//! message: a push replaces what is queued, and the writer never waits.
//! The messages it drops count as read, so the counters stay exact.

use crate::sync::atomic::{AtomicBool, AtomicU64, Ordering::*};
use crate::sync::{Mutex, MutexGuard};
use std::collections::VecDeque;

/// An item's place in its message.
pub trait Part {
    /// Another part of the same message follows.
    fn more(&self) -> bool;
}

/// Drop every complete message but the last from the front of `q` (which
/// holds complete messages only); returns how many were dropped.
pub fn keep_last<T: Part>(q: &mut VecDeque<T>) -> u64 {
    let ends = q.iter().filter(|m| !m.more()).count() as u64;
    if ends <= 1 {
        return 0;
    }
    // The last message starts after the second-to-last end.
    let start = q
        .iter()
        .rev()
        .skip(1)
        .position(|m| !m.more())
        .map_or(0, |i| q.len() - 1 - i);
    q.drain(..start);
    ends - 1
}

/// In `read`: the writer asked to be woken.
const WRITER_WAITING: u64 = 1 << 63;

struct Items<T> {
    items: VecDeque<T>,
    reader_waiting: bool,
}

pub struct Queue<T> {
    q: Mutex<Items<T>>,
    hwm: AtomicU64,
    conflate: AtomicBool,
    /// Complete messages made visible since creation (the writer's only).
    written: AtomicU64,
    /// The writer's last look at `read` (never ahead of it): while it shows
    /// room, the writer does not touch the reader's cache line at all.
    seen_read: AtomicU64,
    /// Complete messages consumed since creation, and WRITER_WAITING. On a
    /// cache line of its own: the reader updates it per message.
    read: Padded<AtomicU64>,
}

/// A value alone on its cache line (no false sharing with its neighbours).
#[repr(align(64))]
struct Padded<T>(T);

impl<T> std::ops::Deref for Padded<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

fn limit(hwm: i32) -> u64 {
    if hwm <= 0 {
        0
    } else {
        hwm as u64
    }
}

impl<T: Part> Queue<T> {
    pub fn new(hwm: i32) -> Queue<T> {
        Queue {
            q: Mutex::new(Items {
                items: VecDeque::new(),
                reader_waiting: false,
            }),
            hwm: AtomicU64::new(limit(hwm)),
            conflate: AtomicBool::new(false),
            written: AtomicU64::new(0),
            seen_read: AtomicU64::new(0),
            read: Padded(AtomicU64::new(0)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Items<T>> {
        self.q.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// 0: unlimited.
    pub fn hwm(&self) -> u64 {
        self.hwm.load(Relaxed)
    }

    pub fn set_hwm(&self, hwm: i32) {
        self.hwm.store(limit(hwm), Relaxed);
    }

    /// Keep only the newest message from now on. Set before the writer
    /// can have waited (at creation, or when an inproc bind arrives).
    pub fn set_conflate(&self) {
        self.conflate.store(true, SeqCst);
    }

    pub fn conflates(&self) -> bool {
        self.conflate.load(Relaxed)
    }

    /// A blocked writer is woken once the queue is down to this: half
    /// the HWM, rounded down (see `room` for why not more).
    fn lwm(&self) -> u64 {
        self.hwm() / 2
    }

    /// Room for the writer, which learns of the reader's progress in
    /// steps of (hwm + 1) / 2 messages, as in libzmq (its reader tells
    /// the writer every that many reads): a reader that took 1 message of
    /// a full queue of 20 gives the writer no room yet, one that took 10
    /// gives it 10. So a fast writer fills a slow chain as far as libzmq
    /// lets it (libzmq's test_proxy_hwm), not one message further per
    /// message read.
    ///
    /// No wake-up is lost to this: the reader wakes a waiting writer when
    /// at most `lwm` = hwm / 2 are queued, and then the writer's view
    /// lags the reader by less than a step, so it sees fewer than
    /// hwm / 2 + (hwm + 1) / 2 = hwm queued: room.
    fn room(&self, written: u64, read: u64) -> bool {
        let h = self.hwm();
        if h == 0 || self.conflates() {
            return true;
        }
        let read = read & !WRITER_WAITING;
        let step = h.div_ceil(2);
        written.saturating_sub(read - read % step) < h
    }

    /// Room for `pending` messages beyond those already written (asked by
    /// the writer).
    pub fn room_for(&self, pending: u64) -> bool {
        let w = self.written.load(SeqCst) + pending;
        // What the writer saw last is never more than was read, so room
        // there is room now; only when it shows none is `read` looked at.
        if self.room(w, self.seen_read.load(Relaxed)) {
            return true;
        }
        let r = self.read.load(SeqCst);
        self.seen_read.store(r & !WRITER_WAITING, Relaxed);
        self.room(w, r)
    }

    pub fn has_room(&self) -> bool {
        self.room_for(0)
    }

    /// Make `frames` (one or more complete messages, `nmsgs` of them)
    /// visible. Returns true when the reader asked to be woken.
    pub fn push(&self, frames: &mut VecDeque<T>, nmsgs: u64) -> bool {
        let mut g = self.lock();
        // Counted before they become visible, so `read` can never get
        // ahead of `written`. Only the writer changes it: no locked
        // instruction needed. Release, not SeqCst (an xchg on x86, a full
        // barrier per message): the reader looks at `written` only after
        // taking items under this same lock, which orders it already; an
        // older value there can only make it wake the writer early, never
        // miss a wake-up (loom checks both).
        self.written
            .store(self.written.load(Relaxed) + nmsgs, Release);
        if self.conflates() {
            let queued = g.items.iter().filter(|m| !m.more()).count() as u64;
            g.items.clear();
            let dropped = queued + keep_last(frames);
            if dropped > 0 {
                self.read.fetch_add(dropped, SeqCst);
            }
        }
        if g.items.is_empty() {
            std::mem::swap(&mut g.items, frames);
        } else {
            g.items.append(frames);
        }
        std::mem::take(&mut g.reader_waiting)
    }

    /// Move everything visible into `local`. Returns false when nothing was.
    pub fn take(&self, local: &mut VecDeque<T>) -> bool {
        let mut g = self.lock();
        if g.items.is_empty() {
            return false;
        }
        if local.is_empty() {
            std::mem::swap(&mut g.items, local);
        } else {
            local.append(&mut g.items);
        }
        true
    }

    /// The reader found nothing: ask to be woken. Returns true, asking
    /// nothing, if data arrived meanwhile.
    pub fn arm_reader(&self) -> bool {
        let mut g = self.lock();
        if !g.items.is_empty() {
            return true;
        }
        g.reader_waiting = true;
        false
    }

    /// The reader consumed `n` complete messages. Returns true when a
    /// blocked writer should be woken.
    pub fn consumed(&self, n: u64) -> bool {
        if n == 0 {
            return false;
        }
        let before = self.read.fetch_add(n, SeqCst);
        if before & WRITER_WAITING == 0 {
            return false;
        }
        let r = (before & !WRITER_WAITING) + n;
        if self.written.load(SeqCst).saturating_sub(r) > self.lwm() {
            return false;
        }
        // Exactly one wake-up: whoever clears the request.
        self.read.fetch_and(!WRITER_WAITING, SeqCst) & WRITER_WAITING != 0
    }

    /// The writer found the queue full: ask to be woken. Returns true,
    /// withdrawing the request, if room appeared meanwhile.
    pub fn arm_writer(&self) -> bool {
        let read = self.read.fetch_or(WRITER_WAITING, SeqCst);
        if self.room(self.written.load(SeqCst), read) {
            self.read.fetch_and(!WRITER_WAITING, SeqCst);
            return true;
        }
        false
    }

    pub fn is_empty(&self) -> bool {
        self.lock().items.is_empty()
    }
}
