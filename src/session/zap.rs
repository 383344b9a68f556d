//! A session's line to the application's ZAP handler (RFC 27): the socket
//! bound to inproc://zeromq.zap.01 in the same context. The session is the
//! connecting side of an ordinary inproc pipe (no HWM, as libzmq's), so the
//! handler can be any socket the application likes (REP, usually).

use crate::ctx::{CtxInner, InprocConnect};
use crate::msg::Msg;
use crate::pipe::{InprocLink, Pipe, SocketEnd, Wake};
use crate::zmtp::{ProtoError, ZapReply};
use std::collections::VecDeque;
use std::sync::{Arc, OnceLock};

pub const ZAP_ENDPOINT: &str = "zeromq.zap.01";

/// The session's end: data or a detach from the handler wakes it.
struct SessionEnd {
    waker: Arc<dyn Wake>,
    key: usize,
}

impl SocketEnd for SessionEnd {
    fn activate(&self, _pipe_id: u64) {
        self.waker.wake(self.key);
    }
    fn detach(&self, _pipe_id: u64) {
        self.waker.wake(self.key);
    }
}

pub struct ZapClient {
    pipe: Arc<Pipe>,
    inq: VecDeque<Msg>,
}

impl ZapClient {
    /// None when no handler is bound (the mechanism decides what that
    /// means).
    pub fn connect(ctx: &Arc<CtxInner>, waker: Arc<dyn Wake>, key: usize) -> Option<ZapClient> {
        ctx.inproc_peer(ZAP_ENDPOINT)?;
        let link = Arc::new(InprocLink {
            a: Arc::new(SessionEnd { waker, key }),
            b: OnceLock::new(),
        });
        let pipe = Arc::new(Pipe::new_inproc(
            crate::reactor::new_id(),
            [0, 0, -1, -1],
            link.clone(),
        ));
        ctx.inproc_connect(
            ZAP_ENDPOINT,
            InprocConnect {
                pipe: pipe.clone(),
                link,
                routing_id: Vec::new(),
            },
        );
        Some(ZapClient {
            pipe,
            inq: VecDeque::new(),
        })
    }

    /// Send a request: an empty delimiter (the handler is usually a REP),
    /// then `frames`.
    pub fn send(&self, frames: &[&[u8]]) {
        let mut out = VecDeque::with_capacity(frames.len() + 1);
        let mut delim = Msg::new();
        delim.set_more(true);
        out.push_back(delim);
        for (i, f) in frames.iter().enumerate() {
            let mut m = Msg::from_slice(f);
            m.set_more(i + 1 < frames.len());
            out.push_back(m);
        }
        self.pipe.socket_push(&mut out, 1);
    }

    /// The handler's reply, once it is all there (the session is woken
    /// when it arrives): an error for a malformed one.
    pub fn take_reply(&mut self) -> ZapPoll {
        loop {
            if let Some(end) = self.inq.iter().position(|m| !m.more()) {
                let frames: Vec<Msg> = self.inq.drain(..=end).collect();
                self.pipe.socket_consumed(1);
                return ZapPoll::Reply(parse_reply(&frames));
            }
            if self.pipe.socket_take(&mut self.inq) {
                continue;
            }
            if self.pipe.engine_gone() {
                return ZapPoll::Gone;
            }
            if self.pipe.socket_arm_reader() {
                continue;
            }
            return ZapPoll::Pending;
        }
    }
}

/// Where a request stands.
pub enum ZapPoll {
    /// No (whole) reply yet.
    Pending,
    /// The handler let go of the line without answering: no reply will
    /// ever come.
    Gone,
    Reply(Result<ZapReply, ProtoError>),
}

impl Drop for ZapClient {
    fn drop(&mut self) {
        self.pipe.close_from_socket();
    }
}

/// [delimiter, "1.0", "1", status code, status text, user id, metadata].
fn parse_reply(f: &[Msg]) -> Result<ZapReply, ProtoError> {
    if f.len() != 7 || !f[0].is_empty() {
        return Err(ProtoError::ZapMalformedReply);
    }
    if f[1].data() != b"1.0" {
        return Err(ProtoError::ZapBadVersion);
    }
    if f[2].data() != b"1" {
        return Err(ProtoError::ZapBadRequestId);
    }
    let status = match f[3].data() {
        b"200" => 200,
        b"300" => 300,
        b"400" => 400,
        b"500" => 500,
        _ => return Err(ProtoError::ZapInvalidStatus),
    };
    let metadata =
        crate::zmtp::metadata::parse(f[6].data()).ok_or(ProtoError::ZapInvalidMetadata)?;
    Ok(ZapReply {
        status,
        user_id: f[5].data().to_vec(),
        metadata,
    })
}
