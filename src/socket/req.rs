//! REQ: a DEALER held to strict request/reply turns, so a client written
//! as "send, then receive" cannot get out of step with its server: a send
//! while a reply is awaited (unless REQ_RELAXED) or a receive with no
//! request out is EFSM.
//! The reply must come from the pipe the request went to (what other
//! pipes send is discarded) and, with
//! REQ_CORRELATE, carry the request's id, so a late answer to an earlier
//! request (possible with REQ_RELAXED) is not taken for the current one.

use super::kind::{self, Kind, SendResult};
use super::lb::{FairQueue, LoadBalancer};
use super::pipes::{PipeEnd, Pipes};
use crate::constants::EFSM;
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::options::Options;
use libc::EAGAIN;

pub struct Req {
    lb: LoadBalancer,
    fq: FairQueue,
    /// A whole request went out; its reply is awaited.
    receiving_reply: bool,
    /// The next frame sent starts a request.
    request_begins: bool,
    /// The id of the last request (REQ_CORRELATE).
    request_id: u32,
    /// The pipe the last request went to, where its reply comes from.
    reply_pipe: Option<u64>,
}

impl Req {
    pub fn new() -> Req {
        Req {
            lb: LoadBalancer::default(),
            fq: FairQueue::default(),
            receiving_reply: false,
            request_begins: true,
            request_id: crate::random::u32(),
            reply_pipe: None,
        }
    }
}

impl Req {
    /// Read up to the body of the awaited reply, discarding whole every
    /// message that is not it: one from another pipe (it would otherwise
    /// sit there for good, counted against the HWM), a malformed one, or
    /// with REQ_CORRELATE one for an earlier request. Once the request's
    /// pipe is gone, a reply from any pipe is taken (as libzmq).
    fn find_reply(&mut self, pipes: &mut Pipes, opts: &Options) -> ZResult<()> {
        if self.fq.in_progress() {
            return Ok(());
        }
        loop {
            let id = pipes.fq_pick().ok_or(EAGAIN)?;
            let p = pipes.get_mut(id).ok_or(EAGAIN)?;
            let mut m = p.read().ok_or(EAGAIN)?;
            // The envelope: [request id,] empty delimiter.
            let mut ok = self.reply_pipe.is_none_or(|rp| rp == id);
            if ok && opts.req_correlate {
                ok = m.more() && m.data() == self.request_id.to_ne_bytes();
                if ok {
                    m = p.read().ok_or(EAGAIN)?;
                }
            }
            if ok && m.more() && m.is_empty() {
                self.fq.begin(id);
                return Ok(());
            }
            p.discard_rest(&m);
        }
    }
}

impl Kind for Req {
    fn attach(&mut self, pipes: &mut Pipes, mut end: PipeEnd, opts: &Options, probed: bool) {
        kind::probe(&mut end, opts, probed);
        pipes.add(end);
    }

    fn detached(&mut self, end: &PipeEnd) {
        let id = end.id();
        self.lb.detached(id);
        self.fq.detached(id);
        if self.reply_pipe == Some(id) {
            self.reply_pipe = None;
        }
    }

    fn send(&mut self, pipes: &mut Pipes, msg: Msg, opts: &Options) -> SendResult {
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

    fn recv(&mut self, pipes: &mut Pipes, opts: &Options) -> ZResult<Msg> {
        if !self.receiving_reply {
            return Err(EFSM);
        }
        self.find_reply(pipes, opts)?;
        let (m, last) = self.fq.continue_recv(pipes).ok_or(EAGAIN)??;
        if last {
            self.receiving_reply = false;
        }
        Ok(m)
    }

    fn has_in(&mut self, pipes: &mut Pipes, opts: &Options) -> bool {
        self.receiving_reply && self.find_reply(pipes, opts).is_ok()
    }

    fn has_out(&mut self, pipes: &mut Pipes, opts: &Options) -> bool {
        // A relaxed REQ may send a new request at any time.
        if self.receiving_reply && !opts.req_relaxed {
            return false;
        }
        self.lb.has_out(pipes)
    }
}
