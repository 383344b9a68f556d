//! PUSH: the sending end of a pipeline. Messages are spread over the
//! connected workers in turn, each to one only, and a PUSH never receives
//! (ENOTSUP), so there is nothing to read ahead or wake up for.

use super::kind::{Kind, SendResult};
use super::lb::LoadBalancer;
use super::pipes::{PipeEnd, Pipes};
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::options::Options;
use libc::ENOTSUP;

#[derive(Default)]
pub struct Push {
    lb: LoadBalancer,
}

impl Kind for Push {
    fn attach(&mut self, pipes: &mut Pipes, end: PipeEnd, _opts: &Options, _probed: bool) {
        pipes.add(end);
    }

    fn detached(&mut self, end: &PipeEnd) {
        self.lb.detached(end.id());
    }

    fn send(&mut self, pipes: &mut Pipes, msg: Msg, _opts: &Options) -> SendResult {
        self.lb.send(pipes, msg)
    }

    fn recv(&mut self, _pipes: &mut Pipes, _opts: &Options) -> ZResult<Msg> {
        Err(ENOTSUP)
    }

    fn has_in(&mut self, _pipes: &mut Pipes, _opts: &Options) -> bool {
        false
    }

    fn has_out(&mut self, pipes: &mut Pipes, _opts: &Options) -> bool {
        self.lb.has_out(pipes)
    }
}
