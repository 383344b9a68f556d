//! The socket's view of its pipes: local read caches, the message being
//! written, and the load-balancing / fair-queueing cursors.

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
        if self.inq.is_empty() && !self.take() {
            return None;
        }
        let m = self.inq.pop_front()?;
        if !m.more() {
            if self.side_b {
                self.pipe.engine_consumed(1);
            } else {
                self.pipe.socket_consumed(1);
            }
        }
        Some(m)
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

/// The set of pipes with round-robin cursors.
#[derive(Default)]
pub struct Pipes {
    pub list: Vec<PipeEnd>,
    out_cursor: usize,
    in_cursor: usize,
    /// How many pipes are marked gone, so `reap` costs nothing otherwise.
    gone: usize,
}

impl Pipes {
    pub fn add(&mut self, p: PipeEnd) {
        if p.gone {
            self.gone += 1;
        }
        self.list.push(p);
    }

    /// The session of this pipe ended; it goes once drained.
    pub fn mark_gone(&mut self, id: u64) {
        if let Some(p) = self.list.iter_mut().find(|p| p.id() == id) {
            if !p.gone {
                p.gone = true;
                self.gone += 1;
            }
        }
    }

    pub fn index_of(&self, id: u64) -> Option<usize> {
        self.list.iter().position(|p| p.id() == id)
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut PipeEnd> {
        self.list.iter_mut().find(|p| p.id() == id)
    }

    pub fn remove(&mut self, id: u64) -> Option<PipeEnd> {
        let i = self.index_of(id)?;
        let p = self.list.remove(i);
        if p.gone {
            self.gone -= 1;
        }
        Some(p)
    }

    /// Load balancing: the next pipe (round-robin) with room for a message.
    pub fn lb_pick(&mut self) -> Option<u64> {
        let n = self.list.len();
        for k in 0..n {
            let i = (self.out_cursor + k) % n;
            if self.list[i].check_write() {
                self.out_cursor = (i + 1) % n;
                return Some(self.list[i].id());
            }
        }
        None
    }

    pub fn any_writable(&mut self) -> bool {
        let mut any = false;
        for p in self.list.iter_mut() {
            if p.check_write() {
                any = true;
                break;
            }
        }
        any
    }

    /// Fair queueing: the next pipe (round-robin) with a whole message.
    pub fn fq_pick(&mut self) -> Option<u64> {
        let n = self.list.len();
        for k in 0..n {
            let i = (self.in_cursor + k) % n;
            if self.list[i].check_read() {
                self.in_cursor = (i + 1) % n;
                return Some(self.list[i].id());
            }
        }
        None
    }

    /// Drop pipes whose session ended and whose messages were all read.
    pub fn reap(&mut self) -> Vec<PipeEnd> {
        let mut dead = Vec::new();
        if self.gone == 0 {
            return dead;
        }
        let mut i = 0;
        while i < self.list.len() {
            if self.list[i].drained() {
                self.gone -= 1;
                dead.push(self.list.remove(i));
            } else {
                i += 1;
            }
        }
        dead
    }
}
