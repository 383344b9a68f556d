//! Routing per socket type: REQ, REP, ROUTER, with libzmq's semantics
//! (REQ/REP envelopes and state machine, ROUTER routing ids).

use super::kind::{self, Kind, SendResult};
use super::lb::{FairQueue, LoadBalancer};
use super::pipes::{PipeEnd, Pipes};
use crate::constants::*;
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::options::Options;
use libc::{EAGAIN, EHOSTUNREACH, ENOTSUP};
use std::collections::HashMap;

pub struct Pattern {
    kind: i32,
    lb: LoadBalancer,
    fq: FairQueue,
    // REQ
    receiving_reply: bool,
    request_begins: bool,
    request_id: u32,
    reply_pipe: Option<u64>,
    // REP
    envelope: Vec<Msg>,
    sending_reply: bool,
    reply_begins: bool,
    // ROUTER
    ids: HashMap<Vec<u8>, u64>,
    next_id: u32,
    more_out: bool,
}

impl Pattern {
    pub fn new(kind: i32) -> Option<Pattern> {
        if !matches!(kind, ZMQ_REQ | ZMQ_REP | ZMQ_ROUTER) {
            return None;
        }
        Some(Pattern {
            kind,
            lb: LoadBalancer::default(),
            fq: FairQueue::default(),
            receiving_reply: false,
            request_begins: true,
            request_id: crate::random::u32(),
            reply_pipe: None,
            envelope: Vec::new(),
            sending_reply: false,
            reply_begins: true,
            ids: HashMap::new(),
            next_id: crate::random::u32(),
            more_out: false,
        })
    }

    /// `probed`: the session already sent the PROBE_ROUTER message.
    fn attach_pipe(&mut self, pipes: &mut Pipes, mut end: PipeEnd, opts: &Options, probed: bool) {
        if self.kind == ZMQ_ROUTER {
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
                        self.detach_pipe(&o);
                    }
                } else {
                    end.close();
                    return;
                }
            }
            self.ids.insert(end.routing_id.clone(), end.id());
        }
        if matches!(self.kind, ZMQ_ROUTER | ZMQ_REQ) {
            kind::probe(&mut end, opts, probed);
        }
        pipes.add(end);
    }

    fn detach_pipe(&mut self, end: &PipeEnd) {
        let id = end.id();
        if self.kind == ZMQ_ROUTER && self.ids.get(&end.routing_id) == Some(&id) {
            self.ids.remove(&end.routing_id);
        }
        self.lb.detached(id);
        self.fq.detached(id);
        if self.reply_pipe == Some(id) {
            self.reply_pipe = None;
        }
    }

    // ---- send ----

    fn send_frame(&mut self, pipes: &mut Pipes, msg: Msg, opts: &Options) -> SendResult {
        match self.kind {
            ZMQ_REQ => self.req_send(pipes, msg, opts),
            ZMQ_REP => self.rep_send(pipes, msg),
            ZMQ_ROUTER => self.router_send(pipes, msg, opts),
            _ => Err((ENOTSUP, msg)),
        }
    }

    fn req_send(&mut self, pipes: &mut Pipes, msg: Msg, opts: &Options) -> SendResult {
        if self.receiving_reply {
            if !opts.req_relaxed {
                return Err((EFSM, msg));
            }
            // A new request abandons the old one.
            self.receiving_reply = false;
            self.request_begins = true;
            self.fq.abandon();
        }
        if self.request_begins {
            let Some(id) = pipes.lb_pick() else {
                return Err((EAGAIN, msg));
            };
            let p = pipes.get_mut(id).expect("picked pipe exists");
            if opts.req_correlate {
                self.request_id = self.request_id.wrapping_add(1);
                let mut m = Msg::from_slice(&self.request_id.to_ne_bytes());
                m.set_more(true);
                p.write(m);
            }
            let mut delim = Msg::new();
            delim.set_more(true);
            p.write(delim);
            self.reply_pipe = Some(id);
            self.lb.begin(Some(id));
            self.request_begins = false;
        }
        let last = !msg.more();
        self.lb.continue_message(pipes, msg);
        if last {
            self.receiving_reply = true;
            self.request_begins = true;
        }
        Ok(())
    }

    fn rep_send(&mut self, pipes: &mut Pipes, msg: Msg) -> SendResult {
        if !self.sending_reply {
            return Err((EFSM, msg));
        }
        if self.reply_begins {
            self.reply_begins = false;
            let mut to = None;
            if let Some(p) = self.reply_pipe.and_then(|id| pipes.get_mut(id)) {
                // Like ROUTER: a reply to a peer that can't take it is dropped.
                if p.check_write() {
                    to = Some(p.id());
                    for m in self.envelope.drain(..) {
                        p.write(m);
                    }
                }
            }
            self.envelope.clear();
            self.lb.begin(to);
        }
        let last = !msg.more();
        self.lb.continue_message(pipes, msg);
        if last {
            self.sending_reply = false;
            self.reply_begins = true;
        }
        Ok(())
    }

    fn router_send(&mut self, pipes: &mut Pipes, msg: Msg, opts: &Options) -> SendResult {
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
        match target.and_then(|id| pipes.get_mut(id)) {
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

    // ---- recv ----

    fn recv_frame(&mut self, pipes: &mut Pipes, opts: &Options) -> ZResult<Msg> {
        match self.kind {
            ZMQ_REQ => self.req_recv(pipes, opts),
            ZMQ_REP => self.rep_recv(pipes),
            ZMQ_ROUTER => self.router_recv(pipes),
            _ => Err(ENOTSUP),
        }
    }

    fn req_recv(&mut self, pipes: &mut Pipes, opts: &Options) -> ZResult<Msg> {
        if !self.receiving_reply {
            return Err(EFSM);
        }
        loop {
            if let Some(r) = self.fq.continue_recv(pipes) {
                let (m, last) = r?;
                if last {
                    self.receiving_reply = false;
                }
                return Ok(m);
            }
            let rp = self.reply_pipe.ok_or(EAGAIN)?;
            let p = pipes.get_mut(rp).ok_or(EAGAIN)?;
            if !p.check_read() {
                return Err(EAGAIN);
            }
            // Check the envelope: [request id,] empty delimiter.
            let mut ok = true;
            let mut m = p.read().ok_or(EAGAIN)?;
            if opts.req_correlate {
                ok = m.more() && m.data() == self.request_id.to_ne_bytes();
                if ok {
                    m = p.read().ok_or(EAGAIN)?;
                }
            }
            ok = ok && m.more() && m.is_empty();
            if ok {
                self.fq.begin(rp);
                continue;
            }
            // Malformed or stale reply: discard it whole.
            while m.more() {
                match p.read() {
                    Some(n) => m = n,
                    None => break,
                }
            }
        }
    }

    fn rep_recv(&mut self, pipes: &mut Pipes) -> ZResult<Msg> {
        if self.sending_reply {
            return Err(EFSM);
        }
        loop {
            if let Some(r) = self.fq.continue_recv(pipes) {
                let (m, last) = r?;
                if last {
                    self.sending_reply = true;
                }
                return Ok(m);
            }
            let id = pipes.fq_pick().ok_or(EAGAIN)?;
            let p = pipes.get_mut(id).ok_or(EAGAIN)?;
            self.envelope.clear();
            // The envelope runs up to and including the empty delimiter.
            let mut found = false;
            while let Some(m) = p.read() {
                let more = m.more();
                if !more {
                    break;
                }
                let bottom = m.is_empty();
                self.envelope.push(m);
                if bottom {
                    found = true;
                    break;
                }
            }
            if found {
                self.reply_pipe = Some(id);
                self.fq.begin(id);
            } else {
                self.envelope.clear();
            }
        }
    }

    fn router_recv(&mut self, pipes: &mut Pipes) -> ZResult<Msg> {
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

    // ---- readiness ----

    fn readable(&mut self, pipes: &mut Pipes) -> bool {
        match self.kind {
            ZMQ_REQ => {
                self.receiving_reply
                    && (self.fq.in_progress()
                        || self
                            .reply_pipe
                            .and_then(|id| pipes.get_mut(id))
                            .is_some_and(|p| p.check_read()))
            }
            ZMQ_REP if self.sending_reply => false,
            _ => self.fq.has_in(pipes),
        }
    }

    fn writable(&mut self, pipes: &mut Pipes, opts: &Options) -> bool {
        match self.kind {
            ZMQ_ROUTER => true,
            ZMQ_REP => self.sending_reply,
            // A relaxed REQ may send a new request at any time.
            ZMQ_REQ if self.receiving_reply && !opts.req_relaxed => false,
            _ => self.lb.has_out(pipes),
        }
    }
}

impl Kind for Pattern {
    fn attach(&mut self, pipes: &mut Pipes, end: PipeEnd, opts: &Options, probed: bool) {
        self.attach_pipe(pipes, end, opts, probed)
    }
    fn detached(&mut self, end: &PipeEnd) {
        self.detach_pipe(end)
    }
    fn send(&mut self, pipes: &mut Pipes, msg: Msg, opts: &Options) -> SendResult {
        self.send_frame(pipes, msg, opts)
    }
    fn recv(&mut self, pipes: &mut Pipes, opts: &Options) -> ZResult<Msg> {
        self.recv_frame(pipes, opts)
    }
    fn has_in(&mut self, pipes: &mut Pipes, _opts: &Options) -> bool {
        self.readable(pipes)
    }
    fn has_out(&mut self, pipes: &mut Pipes, opts: &Options) -> bool {
        self.writable(pipes, opts)
    }
}
