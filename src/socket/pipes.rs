//! The socket's view of its pipes: local read caches, the message being
//! written, and the load-balancing / fair-queueing sets. Pipes live in a
//! slab addressed by id in O(1), and only pipes that may be ready are
//! visited: a pipe found empty (or full) leaves its set and is armed, and
//! comes back when its peer side activates it (`SockCmd::Activate`), as in
//! libzmq's activate_read/activate_write. So a ROUTER with thousands of
//! idle peers costs the same per message as one with two.

use crate::idmap::IdMap;
use crate::msg::Msg;
use crate::pipe::Pipe;
use std::collections::VecDeque;
use std::sync::Arc;

pub struct PipeEnd {
    pub pipe: Arc<Pipe>,
    /// Messages moved out of the shared queue, not yet handed out.
    pub inq: VecDeque<Msg>,
    /// Frames of the message being written; published on its last frame.
    pub outq: VecDeque<Msg>,
    pub routing_id: Vec<u8>,
    pub endpoint_id: u64,
    /// The session ended; remove once drained.
    pub gone: bool,
    /// This socket is the bound side (B) of an inproc pipe, so it uses the
    /// pipe's other half.
    pub side_b: bool,
    in_readable: bool,
    in_writable: bool,
    /// The last frame read had MORE: a message is being read.
    mid: bool,
}

impl PipeEnd {
    pub fn new(pipe: Arc<Pipe>, routing_id: Vec<u8>, endpoint_id: u64, side_b: bool) -> PipeEnd {
        PipeEnd {
            pipe,
            inq: VecDeque::new(),
            outq: VecDeque::new(),
            routing_id,
            endpoint_id,
            gone: false,
            side_b,
            in_readable: false,
            in_writable: false,
            mid: false,
        }
    }

    pub fn id(&self) -> u64 {
        self.pipe.id
    }

    fn take(&mut self) -> bool {
        if self.side_b {
            self.pipe.engine_take(&mut self.inq)
        } else {
            self.pipe.socket_take(&mut self.inq)
        }
    }

    /// Is a whole message ready to read? Arms the wake-up if not.
    pub fn check_read(&mut self) -> bool {
        if !self.inq.is_empty() || self.take() {
            return true;
        }
        let armed_late = if self.side_b {
            self.pipe.engine_arm_reader()
        } else {
            self.pipe.socket_arm_reader()
        };
        armed_late && self.take()
    }

    /// Next frame; call only after `check_read` or mid-message.
    pub fn read(&mut self) -> Option<Msg> {
        if !self.mid && self.pipe.conflates_in(self.side_b) {
            // ZMQ_CONFLATE: what was taken earlier may be stale by now.
            self.take();
            let dropped = crate::pipe::keep_last(&mut self.inq);
            self.consumed(dropped);
        }
        if self.inq.is_empty() && !self.take() {
            return None;
        }
        let m = self.inq.pop_front()?;
        self.mid = m.more();
        if !self.mid {
            self.consumed(1);
        }
        Some(m)
    }

    /// Drop the rest of a message whose frame `first` was just read.
    pub fn discard_rest(&mut self, first: &Msg) {
        let mut more = first.more();
        while more {
            more = self.read().is_some_and(|f| f.more());
        }
    }

    fn consumed(&self, n: u64) {
        if self.side_b {
            self.pipe.engine_consumed(n);
        } else {
            self.pipe.socket_consumed(n);
        }
    }

    /// Room for a new message? Arms the wake-up if not.
    pub fn check_write(&mut self) -> bool {
        if self.gone {
            return false;
        }
        if self.side_b {
            self.pipe.engine_room(0) || self.pipe.engine_arm_writer()
        } else {
            self.pipe.socket_has_room() || self.pipe.socket_arm_writer()
        }
    }

    /// Queue a frame; the message becomes visible on its last frame.
    pub fn write(&mut self, m: Msg) {
        let last = !m.more();
        self.outq.push_back(m);
        if last {
            if self.side_b {
                self.pipe.engine_push(&mut self.outq, 1);
            } else {
                self.pipe.socket_push(&mut self.outq, 1);
            }
        }
    }

    /// Nothing left to read and the peer is gone.
    pub fn drained(&mut self) -> bool {
        let inbound_empty = if self.side_b {
            self.pipe.outbound_empty()
        } else {
            self.pipe.socket_inbound_empty()
        };
        self.gone && self.inq.is_empty() && inbound_empty
    }

    /// This socket lets go of the pipe (close, disconnect, refusal).
    pub fn close(&self) {
        if self.side_b {
            self.pipe.close_from_b();
        } else {
            self.pipe.close_from_socket();
        }
    }
}

/// Slab keys of the pipes that may be ready in one direction, with a
/// round-robin cursor.
#[derive(Default)]
struct Ready {
    keys: Vec<usize>,
    cursor: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Read,
    Write,
}

/// The socket's pipes.
#[derive(Default)]
pub struct Pipes {
    slots: Vec<Option<PipeEnd>>,
    free: Vec<usize>,
    by_id: IdMap<u64, usize>,
    readable: Ready,
    writable: Ready,
    /// Ids of pipes whose session ended, to remove once drained.
    gone: Vec<u64>,
    /// The last (id, slot) looked up or picked.
    last: (u64, usize),
}

impl Pipes {
    pub fn add(&mut self, mut p: PipeEnd) {
        let id = p.id();
        if p.gone {
            self.gone.push(id);
        }
        p.in_readable = true;
        p.in_writable = true;
        let key = match self.free.pop() {
            Some(k) => k,
            None => {
                self.slots.push(None);
                self.slots.len() - 1
            }
        };
        self.slots[key] = Some(p);
        self.by_id.insert(id, key);
        self.readable.keys.push(key);
        self.writable.keys.push(key);
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut PipeEnd> {
        // The pipe just picked is nearly always the one asked for next.
        let (last_id, last_key) = self.last;
        let k = if last_id == id {
            last_key
        } else {
            let k = *self.by_id.get(&id)?;
            self.last = (id, k);
            k
        };
        self.slots.get_mut(k)?.as_mut().filter(|p| p.id() == id)
    }

    pub fn any_gone(&self) -> bool {
        !self.gone.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &PipeEnd> {
        self.slots.iter().flatten()
    }

    pub fn remove(&mut self, id: u64) -> Option<PipeEnd> {
        let p = self.take_slot(id)?;
        if p.gone {
            self.gone.retain(|&x| x != id);
        }
        Some(p)
    }

    /// Out of the slab and the ready sets (not out of `gone`).
    fn take_slot(&mut self, id: u64) -> Option<PipeEnd> {
        let k = self.by_id.remove(&id)?;
        let p = self.slots[k].take()?;
        self.free.push(k);
        if p.in_readable {
            self.readable.keys.retain(|&x| x != k);
        }
        if p.in_writable {
            self.writable.keys.retain(|&x| x != k);
        }
        Some(p)
    }

    /// The peer side says this pipe may be ready again (data or room).
    pub fn activate(&mut self, id: u64) {
        let Some(&k) = self.by_id.get(&id) else {
            return;
        };
        let Some(p) = self.slots[k].as_mut() else {
            return;
        };
        if !p.in_readable {
            p.in_readable = true;
            self.readable.keys.push(k);
        }
        if !p.in_writable && !p.gone {
            p.in_writable = true;
            self.writable.keys.push(k);
        }
    }

    /// The session of this pipe ended; it goes once drained.
    pub fn mark_gone(&mut self, id: u64) {
        if let Some(p) = self.get_mut(id) {
            if !p.gone {
                p.gone = true;
                self.gone.push(id);
            }
        }
    }

    /// The next ready pipe in round-robin order; pipes found not ready
    /// leave the set (armed to be activated again).
    fn pick(&mut self, dir: Dir) -> Option<u64> {
        let Pipes {
            slots,
            readable,
            writable,
            last,
            ..
        } = self;
        let set = if dir == Dir::Read { readable } else { writable };
        while !set.keys.is_empty() {
            if set.cursor >= set.keys.len() {
                set.cursor = 0;
            }
            let i = set.cursor;
            let Some(p) = slots[set.keys[i]].as_mut() else {
                set.keys.swap_remove(i);
                continue;
            };
            let ready = match dir {
                Dir::Read => p.check_read(),
                Dir::Write => p.check_write(),
            };
            if ready {
                set.cursor = i + 1;
                let id = p.id();
                *last = (id, set.keys[i]);
                return Some(id);
            }
            match dir {
                Dir::Read => p.in_readable = false,
                Dir::Write => p.in_writable = false,
            }
            set.keys.swap_remove(i);
        }
        None
    }

    /// Load balancing: the next pipe with room for a message.
    pub fn lb_pick(&mut self) -> Option<u64> {
        self.pick(Dir::Write)
    }

    /// Fair queueing: the next pipe with a whole message.
    pub fn fq_pick(&mut self) -> Option<u64> {
        self.pick(Dir::Read)
    }

    /// Any pipe with a whole message? When none, every pipe is armed to
    /// wake the socket (the ZMQ_FD contract).
    pub fn any_readable(&mut self) -> bool {
        self.peek(Dir::Read)
    }

    /// Any pipe with room? Armed as `any_readable`.
    pub fn any_writable(&mut self) -> bool {
        self.peek(Dir::Write)
    }

    fn peek(&mut self, dir: Dir) -> bool {
        let set = if dir == Dir::Read {
            &self.readable
        } else {
            &self.writable
        };
        let cursor = set.cursor;
        let found = self.pick(dir).is_some();
        // Looking is not taking: the round-robin turn stays where it was.
        let set = if dir == Dir::Read {
            &mut self.readable
        } else {
            &mut self.writable
        };
        set.cursor = cursor.min(set.keys.len());
        found
    }

    /// Drop pipes whose session ended and whose messages were all read.
    pub fn reap(&mut self) -> Vec<PipeEnd> {
        let mut dead = Vec::new();
        for id in std::mem::take(&mut self.gone) {
            match self.get_mut(id).map(|p| p.drained()) {
                Some(true) => dead.extend(self.take_slot(id)),
                Some(false) => self.gone.push(id),
                None => {}
            }
        }
        dead
    }
}
