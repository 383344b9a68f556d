//! The two halves most socket types share: load-balanced sending and
//! fair-queued receiving, kept here once so every type carries a multipart
//! message the same way. The pipe is chosen on a message's first frame and
//! kept until its last, so frames of two messages never interleave; if it
//! leaves mid-send, the rest of the message is dropped rather than sent
//! to another peer without its beginning.

use super::kind::SendResult;
use super::pipes::Pipes;
use crate::errno::ZResult;
use crate::msg::Msg;
use libc::EAGAIN;

/// Where the message being sent goes.
#[derive(Default)]
pub struct LoadBalancer {
    /// Pipe receiving the message being sent.
    out_pipe: Option<u64>,
    /// The message being sent is being discarded.
    dropping: bool,
}

impl LoadBalancer {
    /// Send a frame to the next pipe with room (PAIR, PUSH, DEALER).
    pub fn send(&mut self, pipes: &mut Pipes, msg: Msg) -> SendResult {
        if self.out_pipe.is_none() && !self.dropping {
            match pipes.lb_pick() {
                Some(id) => self.out_pipe = Some(id),
                None => return Err((EAGAIN, msg)),
            }
        }
        self.continue_message(pipes, msg);
        Ok(())
    }

    /// The message about to be sent goes to `to`; None drops it.
    pub fn begin(&mut self, to: Option<u64>) {
        self.out_pipe = to;
        self.dropping = to.is_none();
    }

    /// Write a frame to the pipe of the message in progress (or drop it).
    pub fn continue_message(&mut self, pipes: &mut Pipes, msg: Msg) {
        let more = msg.more();
        match self.out_pipe.and_then(|id| pipes.get_mut(id)) {
            Some(p) if !self.dropping => p.write(msg),
            _ => {}
        }
        if !more {
            self.out_pipe = None;
            self.dropping = false;
        }
    }

    /// A message in progress, or a pipe with room for a new one.
    pub fn has_out(&mut self, pipes: &mut Pipes) -> bool {
        self.out_pipe.is_some() || pipes.any_writable()
    }

    pub fn detached(&mut self, id: u64) {
        if self.out_pipe == Some(id) {
            self.out_pipe = None;
            self.dropping = true;
        }
    }
}

/// Where the message being received comes from.
#[derive(Default)]
pub struct FairQueue {
    /// Pipe supplying the message being received.
    in_pipe: Option<u64>,
}

impl FairQueue {
    /// Receive a frame, a new message from the next pipe with one (PAIR,
    /// PULL, DEALER).
    pub fn recv(&mut self, pipes: &mut Pipes) -> ZResult<Msg> {
        let id = match self.in_pipe {
            Some(id) => id,
            None => pipes.fq_pick().ok_or(EAGAIN)?,
        };
        let Some(m) = pipes.get_mut(id).and_then(|p| p.read()) else {
            self.in_pipe = None;
            return Err(EAGAIN);
        };
        self.in_pipe = if m.more() { Some(id) } else { None };
        Ok(m)
    }

    /// The rest of the message comes from `id` (its envelope was read).
    pub fn begin(&mut self, id: u64) {
        self.in_pipe = Some(id);
    }

    /// Forget the message being received.
    pub fn abandon(&mut self) {
        self.in_pipe = None;
    }

    pub fn in_progress(&self) -> bool {
        self.in_pipe.is_some()
    }

    /// The next frame of the message being received (from `in_pipe`), and
    /// whether it was the last; None when no message is in progress.
    pub fn continue_recv(&mut self, pipes: &mut Pipes) -> Option<ZResult<(Msg, bool)>> {
        let id = self.in_pipe?;
        Some(match pipes.get_mut(id).and_then(|p| p.read()) {
            None => {
                self.in_pipe = None;
                Err(EAGAIN)
            }
            Some(m) => {
                let last = !m.more();
                if last {
                    self.in_pipe = None;
                }
                Ok((m, last))
            }
        })
    }

    /// A message in progress, or a pipe with a whole one.
    pub fn has_in(&mut self, pipes: &mut Pipes) -> bool {
        self.in_pipe.is_some() || pipes.any_readable()
    }

    pub fn detached(&mut self, id: u64) {
        if self.in_pipe == Some(id) {
            self.in_pipe = None;
        }
    }
}
