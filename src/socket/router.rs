//! ROUTER: addresses peers by routing id, so a server can answer each
//! client on its own connection. Each received message is prefixed with
//! its peer's id, and the first frame of each sent one names the peer. A
//! peer without an id of its own gets a generated one (a zero byte, the
//! prefix libzmq reserves for these, then a counter from a random start).
//! A message for an unknown or full peer is dropped, so one slow client
//! cannot block the rest, unless ROUTER_MANDATORY asks for an error
//! instead; a second peer with a taken id is refused, unless
//! ROUTER_HANDOVER gives it the id.

use super::kind::{self, Kind, SendResult};
use super::lb::{FairQueue, LoadBalancer};
use super::pipes::{PipeEnd, Pipes};
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::options::Options;
use libc::{EAGAIN, EHOSTUNREACH};
use std::collections::HashMap;

pub struct Router {
    /// The pipe of each routing id.
    ids: HashMap<Vec<u8>, u64>,
    /// The last generated routing id.
    next_id: u32,
    /// A message is being sent (its routing id frame was taken).
    more_out: bool,
    lb: LoadBalancer,
    fq: FairQueue,
}

impl Router {
    pub fn new() -> Router {
        Router {
            ids: HashMap::new(),
            next_id: crate::random::u32(),
            more_out: false,
            lb: LoadBalancer::default(),
            fq: FairQueue::default(),
        }
    }
}

impl Kind for Router {
    fn attach(&mut self, pipes: &mut Pipes, mut end: PipeEnd, opts: &Options, probed: bool) {
        if end.routing_id.is_empty() {
            self.next_id = self.next_id.wrapping_add(1);
            let mut id = vec![0u8];
            id.extend_from_slice(&self.next_id.to_be_bytes());
            end.routing_id = id;
        }
        if let Some(&old) = self.ids.get(&end.routing_id) {
            if opts.router_handover {
                if let Some(o) = pipes.remove(old) {
                    o.close();
                    self.detached(&o);
                }
            } else {
                end.close();
                return;
            }
        }
        self.ids.insert(end.routing_id.clone(), end.id());
        kind::probe(&mut end, opts, probed);
        pipes.add(end);
    }

    fn detached(&mut self, end: &PipeEnd) {
        let id = end.id();
        if self.ids.get(&end.routing_id) == Some(&id) {
            self.ids.remove(&end.routing_id);
        }
        self.lb.detached(id);
        self.fq.detached(id);
    }

    fn send(&mut self, pipes: &mut Pipes, msg: Msg, opts: &Options) -> SendResult {
        if self.more_out {
            let last = !msg.more();
            self.lb.continue_message(pipes, msg);
            if last {
                self.more_out = false;
            }
            return Ok(());
        }
        // First frame: the routing id. One without MORE is ignored.
        if !msg.more() {
            return Ok(());
        }
        let target = self.ids.get(msg.data()).copied();
        // A peer whose connection ended is unreachable, even while what it
        // sent is still being read (libzmq: EHOSTUNREACH, not EAGAIN).
        match target.and_then(|id| pipes.get_mut(id)).filter(|p| !p.gone) {
            None => {
                if opts.router_mandatory {
                    return Err((EHOSTUNREACH, msg));
                }
                self.lb.begin(None);
            }
            Some(p) => {
                if p.check_write() {
                    self.lb.begin(Some(p.id()));
                } else if opts.router_mandatory {
                    return Err((EAGAIN, msg));
                } else {
                    self.lb.begin(None);
                }
            }
        }
        self.more_out = true;
        Ok(())
    }

    fn recv(&mut self, pipes: &mut Pipes, _opts: &Options) -> ZResult<Msg> {
        if let Some(r) = self.fq.continue_recv(pipes) {
            return r.map(|(m, _)| m);
        }
        let id = pipes.fq_pick().ok_or(EAGAIN)?;
        let p = pipes.get_mut(id).ok_or(EAGAIN)?;
        let mut rid = Msg::from_slice(&p.routing_id);
        rid.set_more(true);
        // Carry the peer's properties on the id frame too.
        if let Some(first) = p.inq.front() {
            rid.set_metadata(first.metadata().cloned());
        }
        self.fq.begin(id);
        Ok(rid)
    }

    fn has_in(&mut self, pipes: &mut Pipes, _opts: &Options) -> bool {
        self.fq.has_in(pipes)
    }

    fn has_out(&mut self, _pipes: &mut Pipes, _opts: &Options) -> bool {
        true
    }
}
