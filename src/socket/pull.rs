//! PULL: the receiving end of a pipeline. It takes from every upstream in
//! turn, so one busy producer cannot starve the others, and never sends
//! (ENOTSUP).

use super::kind::{Kind, SendResult};
use super::lb::FairQueue;
use super::pipes::{PipeEnd, Pipes};
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::options::Options;
use libc::ENOTSUP;

#[derive(Default)]
pub struct Pull {
    fq: FairQueue,
}

impl Kind for Pull {
    fn attach(&mut self, pipes: &mut Pipes, end: PipeEnd, _opts: &Options, _probed: bool) {
        pipes.add(end);
    }

    fn detached(&mut self, end: &PipeEnd) {
        self.fq.detached(end.id());
    }

    fn send(&mut self, _pipes: &mut Pipes, msg: Msg, _opts: &Options) -> SendResult {
        Err((ENOTSUP, msg))
    }

    fn recv(&mut self, pipes: &mut Pipes, _opts: &Options) -> ZResult<Msg> {
        self.fq.recv(pipes)
    }

    fn has_in(&mut self, pipes: &mut Pipes, _opts: &Options) -> bool {
        self.fq.has_in(pipes)
    }

    fn has_out(&mut self, _pipes: &mut Pipes, _opts: &Options) -> bool {
        false
    }
}
