//! What every socket type does, behind one trait: how a new pipe is taken
//! in, where a sent frame goes, where a received one comes from, and when
//! the socket is readable or writable. The socket around it owns the
//! pipes, the options, blocking and the mailbox.

use super::pipes::{PipeEnd, Pipes};
use crate::constants::*;
use crate::errno::{Errno, ZResult};
use crate::msg::Msg;
use crate::options::Options;
use libc::EINVAL;

pub type SendResult = Result<(), (Errno, Msg)>;

pub trait Kind: Send {
    /// A new pipe. `probed`: the session already sent the PROBE_ROUTER
    /// message.
    fn attach(&mut self, pipes: &mut Pipes, end: PipeEnd, opts: &Options, probed: bool);
    /// A pipe left (its session ended, or the socket let go of it).
    fn detached(&mut self, end: &PipeEnd);
    fn send(&mut self, pipes: &mut Pipes, msg: Msg, opts: &Options) -> SendResult;
    fn recv(&mut self, pipes: &mut Pipes, opts: &Options) -> ZResult<Msg>;
    fn has_in(&mut self, pipes: &mut Pipes, opts: &Options) -> bool;
    fn has_out(&mut self, pipes: &mut Pipes, opts: &Options) -> bool;
    /// The pipe's connection is being re-made (see `SockCmd::Hiccup`).
    fn hiccuped(&mut self, _pipes: &mut Pipes, _pipe_id: u64) {}
    /// The routing id just made for a new connection (STREAM), which
    /// ZMQ_ROUTING_ID then reads.
    fn take_assigned_id(&mut self) -> Option<Vec<u8>> {
        None
    }
    /// ZMQ_SUBSCRIBE (`on`) / ZMQ_UNSUBSCRIBE: SUB, and XPUB in manual
    /// mode.
    fn subscribe(
        &mut self,
        _pipes: &mut Pipes,
        _on: bool,
        _topic: &[u8],
        _opts: &Options,
    ) -> ZResult<()> {
        Err(EINVAL)
    }
}

/// ZMQ_PROBE_ROUTER (DEALER, REQ, ROUTER): greet a new peer with an empty
/// message so a ROUTER on the other side learns its routing id before the
/// first real message; not twice when the session already did.
pub fn probe(end: &mut PipeEnd, opts: &Options, probed: bool) {
    if !probed && opts.probe_router {
        end.write(Msg::new());
    }
}

/// A ROUTER with ZMQ_ROUTER_RAW: STREAM's raw connections, ROUTER's
/// sending rules.
pub fn raw_router() -> Box<dyn Kind> {
    Box::new(super::stream::Stream::new(true))
}

/// The behaviour of a socket type; None for a type not known here.
pub fn new(socket_type: i32) -> Option<Box<dyn Kind>> {
    use super::pubsub::{XPub, XSub};
    use super::{dealer::Dealer, pair::Pair, pull::Pull, push::Push};
    use super::{rep::Rep, req::Req, router::Router};
    Some(match socket_type {
        ZMQ_PAIR => Box::new(Pair::default()),
        ZMQ_PUSH => Box::new(Push::default()),
        ZMQ_PULL => Box::new(Pull::default()),
        ZMQ_DEALER => Box::new(Dealer::default()),
        ZMQ_REQ => Box::new(Req::new()),
        ZMQ_REP => Box::new(Rep::new()),
        ZMQ_ROUTER => Box::new(Router::new()),
        ZMQ_PUB => Box::new(XPub::new(false)),
        ZMQ_XPUB => Box::new(XPub::new(true)),
        ZMQ_SUB => Box::new(XSub::new(false)),
        ZMQ_XSUB => Box::new(XSub::new(true)),
        ZMQ_STREAM => Box::new(super::stream::Stream::new(false)),
        _ => return None,
    })
}
