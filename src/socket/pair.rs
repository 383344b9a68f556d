//! PAIR: one exclusive peer. A second connection is refused rather than
//! queued beside the first, as libzmq does, so a PAIR never spreads one
//! conversation over two peers.

use super::kind::{Kind, SendResult};
use super::lb::{FairQueue, LoadBalancer};
use super::pipes::{PipeEnd, Pipes};
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::options::Options;

#[derive(Default)]
pub struct Pair {
    /// The one peer's pipe.
    pipe: Option<u64>,
    lb: LoadBalancer,
    fq: FairQueue,
}

impl Kind for Pair {
    fn attach(&mut self, pipes: &mut Pipes, end: PipeEnd, _opts: &Options, _probed: bool) {
        if self.pipe.is_some() {
            end.close();
            return;
        }
        self.pipe = Some(end.id());
        pipes.add(end);
    }

    fn detached(&mut self, end: &PipeEnd) {
        let id = end.id();
        if self.pipe == Some(id) {
            self.pipe = None;
        }
        self.lb.detached(id);
        self.fq.detached(id);
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
