//! STREAM: each connection is a plain byte stream (no ZMTP), known to the
//! application by a routing id. Messages are [id, bytes] both ways; an
//! empty bytes frame coming up says a connection was made or lost
//! (ZMQ_STREAM_NOTIFY), one going down asks to close it. The session does
//! the raw I/O; this side only routes.

use super::kind::{Kind, SendResult};
use super::pipes::{PipeEnd, Pipes};
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::options::Options;
use libc::{EAGAIN, EHOSTUNREACH};
use std::collections::{HashMap, HashSet};

pub struct Stream {
    /// A ROUTER with ZMQ_ROUTER_RAW: ROUTER's sending rules (a message
    /// for an unknown or full peer is dropped unless ROUTER_MANDATORY;
    /// ROUTER_HANDOVER) over STREAM's connections.
    router: bool,
    ids: HashMap<Vec<u8>, u64>,
    next_id: u32,
    /// The id made for the latest connection, for ZMQ_ROUTING_ID to read
    /// (how a connecting application learns it, as in libzmq).
    assigned: Option<Vec<u8>>,
    /// The id frame was sent; the bytes frame comes next.
    more_out: bool,
    /// Where those bytes go (None: dropped).
    out_pipe: Option<u64>,
    /// The bytes of a message whose id frame was already handed out (or
    /// the whole message, when only looked at by `has_in`).
    ready: Option<(Option<Msg>, Msg)>,
    /// Pipes the application closed: what still comes from them is
    /// dropped until their session ends.
    closing: HashSet<u64>,
}

impl Stream {
    pub fn new(router: bool) -> Stream {
        Stream {
            router,
            ids: HashMap::new(),
            next_id: crate::random::u32(),
            assigned: None,
            more_out: false,
            out_pipe: None,
            ready: None,
            closing: HashSet::new(),
        }
    }

    /// The next message from any live connection, as (id frame, bytes).
    fn fetch(&mut self, pipes: &mut Pipes) -> ZResult<(Msg, Msg)> {
        loop {
            let id = pipes.fq_pick().ok_or(EAGAIN)?;
            let Some(p) = pipes.get_mut(id) else {
                return Err(EAGAIN);
            };
            let Some(mut data) = p.read() else {
                return Err(EAGAIN);
            };
            if self.closing.contains(&id) {
                continue;
            }
            // Sessions send one frame per message; an inproc peer may send
            // more, and each frame then goes up as its own message.
            data.set_more(false);
            let mut rid = Msg::from_slice(&p.routing_id);
            rid.set_more(true);
            rid.set_metadata(data.metadata().cloned());
            return Ok((rid, data));
        }
    }
}

impl Kind for Stream {
    fn attach(&mut self, pipes: &mut Pipes, mut end: PipeEnd, opts: &Options, _probed: bool) {
        let taken = self.ids.get(&end.routing_id).copied();
        if let Some(old) = taken.filter(|_| self.router && opts.router_handover) {
            // ROUTER_HANDOVER: the newcomer takes the id over.
            if let Some(o) = pipes.remove(old) {
                o.close();
                self.detached(&o);
            }
        } else if end.routing_id.is_empty() || taken.is_some() {
            // Never a peer's choice: raw peers send none. A duplicate
            // CONNECT_ROUTING_ID gets a made-up one rather than stealing.
            self.next_id = self.next_id.wrapping_add(1);
            let mut id = vec![0u8];
            id.extend_from_slice(&self.next_id.to_be_bytes());
            self.assigned = Some(id.clone());
            end.routing_id = id;
        }
        self.ids.insert(end.routing_id.clone(), end.id());
        pipes.add(end);
    }

    fn detached(&mut self, end: &PipeEnd) {
        let id = end.id();
        if self.ids.get(&end.routing_id) == Some(&id) {
            self.ids.remove(&end.routing_id);
        }
        self.closing.remove(&id);
        if self.out_pipe == Some(id) {
            self.out_pipe = None;
        }
    }

    fn send(&mut self, pipes: &mut Pipes, mut msg: Msg, opts: &Options) -> SendResult {
        if !self.more_out {
            // An id frame without MORE is ignored, and so is the frame
            // after it (libzmq's rule).
            if msg.more() {
                // A raw ROUTER drops what it cannot deliver, as ROUTER does.
                let drop = self.router && !opts.router_mandatory;
                let target = self.ids.get(msg.data()).copied();
                match target.and_then(|id| pipes.get_mut(id)) {
                    None if drop => {}
                    None => return Err((EHOSTUNREACH, msg)),
                    Some(p) => {
                        if p.check_write() {
                            self.out_pipe = Some(p.id());
                        } else if !drop {
                            return Err((EAGAIN, msg));
                        }
                    }
                }
            }
            self.more_out = true;
            return Ok(());
        }
        // The bytes frame ends the message whatever its MORE flag says.
        self.more_out = false;
        msg.set_more(false);
        let Some(p) = self.out_pipe.take().and_then(|id| pipes.get_mut(id)) else {
            return Ok(());
        };
        let closes = msg.is_empty();
        // Empty: the session writes what came before, then closes.
        p.write(msg);
        if closes {
            let (id, rid) = (p.id(), p.routing_id.clone());
            self.ids.remove(&rid);
            self.closing.insert(id);
        }
        Ok(())
    }

    fn recv(&mut self, pipes: &mut Pipes, _opts: &Options) -> ZResult<Msg> {
        let (rid, data) = match self.ready.take() {
            Some((Some(rid), data)) => (rid, data),
            Some((None, data)) => return Ok(data),
            None => self.fetch(pipes)?,
        };
        self.ready = Some((None, data));
        Ok(rid)
    }

    fn has_in(&mut self, pipes: &mut Pipes, _opts: &Options) -> bool {
        if self.ready.is_some() {
            return true;
        }
        // Looked at for real: a closing connection's leftovers must not
        // make the socket look readable.
        match self.fetch(pipes) {
            Ok((rid, data)) => {
                self.ready = Some((Some(rid), data));
                true
            }
            Err(_) => false,
        }
    }

    fn has_out(&mut self, _pipes: &mut Pipes, _opts: &Options) -> bool {
        // Whether a send succeeds depends on its connection.
        true
    }

    fn take_assigned_id(&mut self) -> Option<Vec<u8>> {
        self.assigned.take()
    }
}
