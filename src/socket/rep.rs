//! REP: the server side of REQ, held to strict receive/send turns (EFSM
//! otherwise). It keeps the envelope of the request being answered, up to
//! the empty delimiter, and puts it back in front of the reply, so the
//! reply finds its way back through any ROUTER/DEALER hops in between;
//! the application sees only the body. A request without a delimiter is
//! dropped whole, and so is a reply for a peer that left or has no room
//! (a server never blocks on one slow client).

use super::kind::{Kind, SendResult};
use super::lb::{FairQueue, LoadBalancer};
use super::pipes::{PipeEnd, Pipes};
use crate::constants::EFSM;
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::options::Options;
use libc::EAGAIN;

pub struct Rep {
    lb: LoadBalancer,
    fq: FairQueue,
    /// The envelope of the request being answered.
    envelope: Vec<Msg>,
    /// The pipe the request came from.
    reply_pipe: Option<u64>,
    /// A whole request was received; the reply is due.
    sending_reply: bool,
    /// The next frame sent starts the reply.
    reply_begins: bool,
}

impl Rep {
    pub fn new() -> Rep {
        Rep {
            lb: LoadBalancer::default(),
            fq: FairQueue::default(),
            envelope: Vec::new(),
            reply_pipe: None,
            sending_reply: false,
            reply_begins: true,
        }
    }
}

impl Kind for Rep {
    fn attach(&mut self, pipes: &mut Pipes, end: PipeEnd, _opts: &Options, _probed: bool) {
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

    fn send(&mut self, pipes: &mut Pipes, msg: Msg, _opts: &Options) -> SendResult {
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

    fn recv(&mut self, pipes: &mut Pipes, _opts: &Options) -> ZResult<Msg> {
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

    fn has_in(&mut self, pipes: &mut Pipes, _opts: &Options) -> bool {
        !self.sending_reply && self.fq.has_in(pipes)
    }

    fn has_out(&mut self, _pipes: &mut Pipes, _opts: &Options) -> bool {
        self.sending_reply
    }
}
