//! DEALER: PUSH and PULL in one socket, with no envelope of its own, so it
//! can stand in for a REQ or REP (and talk to a ROUTER) without their
//! lock-step; the application writes any envelope itself.

use super::kind::{self, Kind, SendResult};
use super::lb::{FairQueue, LoadBalancer};
use super::pipes::{PipeEnd, Pipes};
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::options::Options;

#[derive(Default)]
pub struct Dealer {
    lb: LoadBalancer,
    fq: FairQueue,
}

impl Kind for Dealer {
    fn attach(&mut self, pipes: &mut Pipes, mut end: PipeEnd, opts: &Options, probed: bool) {
        kind::probe(&mut end, opts, probed);
        pipes.add(end);
    }

    fn detached(&mut self, end: &PipeEnd) {
        self.lb.detached(end.id());
        self.fq.detached(end.id());
    }

    fn send(&mut self, pipes: &mut Pipes, msg: Msg, _opts: &Options) -> SendResult {
        self.lb.send(pipes, msg)
    }

    fn recv(&mut self, pipes: &mut Pipes, _opts: &Options) -> ZResult<Msg> {
        self.fq.recv(pipes)
    }

    fn has_in(&mut self, pipes: &mut Pipes, _opts: &Options) -> bool {
        self.fq.has_in(pipes)
    }

    fn has_out(&mut self, pipes: &mut Pipes, _opts: &Options) -> bool {
        self.lb.has_out(pipes)
    }
}
