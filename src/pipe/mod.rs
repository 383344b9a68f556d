//! Pipes: the two bounded message queues between a socket (application
//! thread) and one connection's session (I/O thread).
//!
//! Only complete messages are ever visible to the reader: the writer makes a
//! multipart message visible when its last part is written. High-water marks
//! count whole messages, as libzmq's do. Wake-ups happen only on edges: the
//! writer wakes the reader only if the reader said it found the queue empty,
//! and the reader wakes a writer only if the writer said it found it full.
//!
//! Why no wake-up is lost is argued in `queue`, one direction's queue. A
//! woken socket learns which pipe to look at (`SocketEnd::activate`, a
//! command in its `mailbox` followed by its eventfd); a woken session is
//! queued in its I/O thread's `inbox`. All three handshakes are
//! model-checked with loom in tools/loom-pipe, from these same files.
//! Whoever is woken finds out afresh what it can do: a "blocked" state is
//! never remembered across a look at the queue (a session that kept one
//! once stopped reading for good).

mod queue;

use crate::msg::Msg;
use crate::socket::{SockCmd, SocketShared};
pub use queue::keep_last;
use queue::{Part, Queue};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering::*};
use std::sync::{Arc, OnceLock};

impl Part for Msg {
    fn more(&self) -> bool {
        Msg::more(self)
    }
}

/// The I/O-thread end of a pipe: a session, woken through its I/O
/// thread's inbox (or, for inproc, the bound socket).
pub trait Wake: Send + Sync {
    fn wake(&self, session: usize);
}

/// The application-thread end of a pipe: told which of its pipes to look
/// at again because data or room appeared where it found none.
pub trait SocketEnd: Send + Sync {
    fn activate(&self, pipe_id: u64);
    /// The inproc peer (side B) let go of the pipe.
    fn detach(&self, pipe_id: u64);
}

/// An inproc pipe joins side `a`, the connecting socket (or a session
/// asking its ZAP handler), and `b`, the bound socket (set when the binder
/// is known). Side B uses the "engine" half of the pipe API.
pub struct InprocLink {
    pub a: Arc<dyn SocketEnd>,
    pub b: OnceLock<Arc<SocketShared>>,
}

/// Side B's "session" key is the pipe id.
impl Wake for InprocLink {
    fn wake(&self, pipe_id: usize) {
        if let Some(b) = self.b.get() {
            b.activate(pipe_id as u64);
        }
    }
}

/// Where a pipe's I/O-thread end lives.
pub struct IoEnd {
    pub waker: Arc<dyn Wake>,
    pub session: usize,
}

pub struct Pipe {
    pub id: u64,
    to_engine: Queue<Msg>,
    to_socket: Queue<Msg>,
    /// inproc: [A's SNDHWM, A's RCVHWM, B's SNDHWM, B's RCVHWM].
    inproc_hwms: std::sync::Mutex<[i32; 4]>,
    socket: Arc<dyn SocketEnd>,
    io: IoEnd,
    /// The socket let go of the pipe (close, disconnect, unbind).
    socket_closed: AtomicBool,
    /// The session ended: nothing more will arrive or leave.
    engine_gone: AtomicBool,
    pub inproc: Option<Arc<InprocLink>>,
}

impl Pipe {
    pub fn new(id: u64, sndhwm: i32, rcvhwm: i32, socket: Arc<dyn SocketEnd>, io: IoEnd) -> Pipe {
        Pipe {
            id,
            to_engine: Queue::new(sndhwm),
            to_socket: Queue::new(rcvhwm),
            inproc_hwms: std::sync::Mutex::new([sndhwm, rcvhwm, 0, 0]),
            socket,
            io,
            socket_closed: AtomicBool::new(false),
            engine_gone: AtomicBool::new(false),
            inproc: None,
        }
    }

    /// A pipe between two sockets in one context. Each direction holds the
    /// sender's SNDHWM plus the receiver's RCVHWM, as libzmq's inproc pipes.
    /// `hwms`: [A's SNDHWM, A's RCVHWM, B's SNDHWM, B's RCVHWM], B's -1 while
    /// the bind side is not there yet (connect before bind).
    pub fn new_inproc(id: u64, hwms: [i32; 4], link: Arc<InprocLink>) -> Pipe {
        let mut p = Pipe::new(
            id,
            inproc_limit(hwms[0], hwms[3]),
            inproc_limit(hwms[2], hwms[1]),
            link.a.clone(),
            IoEnd {
                waker: link.clone(),
                session: id as usize,
            },
        );
        p.inproc_hwms = std::sync::Mutex::new(hwms);
        p.inproc = Some(link);
        p
    }

    /// ZMQ_CONFLATE: `out` makes the direction away from this side keep
    /// only its newest message, `inbound` the direction towards it.
    pub fn set_conflate(&self, side_b: bool, out: bool, inbound: bool) {
        let (o, i) = if side_b {
            (&self.to_socket, &self.to_engine)
        } else {
            (&self.to_engine, &self.to_socket)
        };
        if out {
            o.set_conflate();
        }
        if inbound {
            i.set_conflate();
        }
    }

    /// Does the direction towards this side conflate?
    pub fn conflates_in(&self, side_b: bool) -> bool {
        if side_b {
            self.to_engine.conflates()
        } else {
            self.to_socket.conflates()
        }
    }

    fn wake_engine(&self) {
        self.io.waker.wake(self.io.session);
    }

    /// New HWMs from the socket's options (side B of inproc: mirrored).
    /// An inproc pipe's limits combine both sockets' settings, as
    /// libzmq's: A's SNDHWM plus B's RCVHWM one way, B's SNDHWM plus A's
    /// RCVHWM the other (0 on either side: unlimited).
    pub fn set_hwm(&self, side_b: bool, sndhwm: i32, rcvhwm: i32) {
        if self.inproc.is_some() {
            let mut h = match self.inproc_hwms.lock() {
                Ok(h) => h,
                Err(e) => e.into_inner(),
            };
            let i = if side_b { 2 } else { 0 };
            h[i] = sndhwm;
            h[i + 1] = rcvhwm;
            self.to_engine.set_hwm(inproc_limit(h[0], h[3]));
            self.to_socket.set_hwm(inproc_limit(h[2], h[1]));
            drop(h);
            self.socket.activate(self.id);
            self.wake_engine();
            return;
        }
        let (out, inq) = if side_b {
            (&self.to_socket, &self.to_engine)
        } else {
            (&self.to_engine, &self.to_socket)
        };
        out.set_hwm(sndhwm);
        inq.set_hwm(rcvhwm);
        // Room may have appeared for a blocked writer.
        self.socket.activate(self.id);
        self.wake_engine();
    }

    // ---- socket side ----

    pub fn socket_has_room(&self) -> bool {
        self.to_engine.has_room()
    }

    /// Publish complete messages towards the peer.
    pub fn socket_push(&self, frames: &mut VecDeque<Msg>, nmsgs: u64) {
        if self.to_engine.push(frames, nmsgs) {
            self.wake_engine();
        }
    }

    pub fn socket_take(&self, local: &mut VecDeque<Msg>) -> bool {
        self.to_socket.take(local)
    }

    pub fn socket_arm_reader(&self) -> bool {
        self.to_socket.arm_reader()
    }

    pub fn socket_arm_writer(&self) -> bool {
        self.to_engine.arm_writer()
    }

    pub fn socket_consumed(&self, n: u64) {
        if self.to_socket.consumed(n) {
            self.wake_engine();
        }
    }

    pub fn close_from_socket(&self) {
        self.socket_closed.store(true, SeqCst);
        self.wake_engine();
        if let Some(b) = self.inproc.as_ref().and_then(|l| l.b.get()) {
            b.post(SockCmd::Detach { pipe_id: self.id });
        }
    }

    /// Side B of an inproc pipe (or a monitor) lets go.
    pub fn close_from_b(&self) {
        self.set_engine_gone();
        if let Some(l) = &self.inproc {
            l.a.detach(self.id);
        }
    }

    pub fn engine_gone(&self) -> bool {
        self.engine_gone.load(SeqCst)
    }

    pub fn socket_inbound_empty(&self) -> bool {
        self.to_socket.is_empty()
    }

    // ---- I/O thread side ----

    /// Room for `pending` more messages beyond those already queued.
    pub fn engine_room(&self, pending: u64) -> bool {
        self.to_socket.room_for(pending)
    }

    pub fn engine_push(&self, frames: &mut VecDeque<Msg>, nmsgs: u64) {
        if self.to_socket.push(frames, nmsgs) {
            self.socket.activate(self.id);
        }
    }

    pub fn engine_take(&self, local: &mut VecDeque<Msg>) -> bool {
        self.to_engine.take(local)
    }

    pub fn engine_arm_reader(&self) -> bool {
        self.to_engine.arm_reader()
    }

    pub fn engine_arm_writer(&self) -> bool {
        self.to_socket.arm_writer()
    }

    pub fn engine_consumed(&self, n: u64) {
        if self.to_engine.consumed(n) {
            self.socket.activate(self.id);
        }
    }

    pub fn socket_closed(&self) -> bool {
        self.socket_closed.load(SeqCst)
    }

    pub fn outbound_empty(&self) -> bool {
        self.to_engine.is_empty()
    }

    /// The session is over; wake the socket so it notices.
    pub fn set_engine_gone(&self) {
        self.engine_gone.store(true, SeqCst);
        self.socket.activate(self.id);
    }
}

/// One direction of an inproc pipe: the sender's SNDHWM plus the
/// receiver's RCVHWM; 0 on either side is unlimited, -1 (that side not
/// there yet) adds nothing.
fn inproc_limit(snd: i32, rcv: i32) -> i32 {
    match (snd, rcv) {
        (0, _) | (_, 0) => 0,
        (s, -1) => s,
        (-1, r) => r,
        (s, r) => s.saturating_add(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[derive(Default)]
    struct Count(AtomicUsize);
    impl Wake for Count {
        fn wake(&self, _session: usize) {
            self.0.fetch_add(1, SeqCst);
        }
    }

    /// The socket end: remembers whether it was activated.
    #[derive(Default)]
    struct Flag(AtomicBool);
    impl SocketEnd for Flag {
        fn activate(&self, _pipe_id: u64) {
            self.0.store(true, SeqCst);
        }
        fn detach(&self, _pipe_id: u64) {}
    }
    impl Flag {
        fn is_set(&self) -> bool {
            self.0.load(SeqCst)
        }
        fn drain(&self) {
            self.0.store(false, SeqCst);
        }
    }

    fn pipe(sndhwm: i32, rcvhwm: i32) -> (Pipe, Arc<Count>, Arc<Flag>) {
        let count = Arc::new(Count::default());
        let sig = Arc::new(Flag::default());
        let p = Pipe::new(
            1,
            sndhwm,
            rcvhwm,
            sig.clone(),
            IoEnd {
                waker: count.clone(),
                session: 7,
            },
        );
        (p, count, sig)
    }

    fn one(text: &[u8]) -> VecDeque<Msg> {
        VecDeque::from([Msg::from_slice(text)])
    }

    #[test]
    fn reader_woken_only_when_it_asked() {
        let (p, engine_wakes, _) = pipe(10, 10);
        p.socket_push(&mut one(b"a"), 1);
        assert_eq!(engine_wakes.0.load(SeqCst), 0, "nobody was waiting");
        let mut local = VecDeque::new();
        assert!(p.engine_take(&mut local));
        assert!(!p.engine_arm_reader(), "empty after take");
        p.socket_push(&mut one(b"b"), 1);
        assert_eq!(engine_wakes.0.load(SeqCst), 1, "armed reader woken once");
        p.socket_push(&mut one(b"c"), 1);
        assert_eq!(engine_wakes.0.load(SeqCst), 1, "no wake without re-arming");
    }

    #[test]
    fn writer_blocks_at_hwm_and_is_woken_below_lwm() {
        let (p, _, sig) = pipe(4, 4);
        for _ in 0..4 {
            assert!(p.socket_has_room());
            p.socket_push(&mut one(b"x"), 1);
        }
        assert!(!p.socket_has_room());
        assert!(!p.socket_arm_writer(), "still full");
        sig.drain();
        let mut local = VecDeque::new();
        p.engine_take(&mut local);
        p.engine_consumed(1);
        assert!(!sig.is_set(), "3 queued > lwm 2: no wake yet");
        p.engine_consumed(1);
        assert!(sig.is_set(), "2 queued <= lwm: writer woken");
        assert!(p.socket_has_room());
    }

    #[test]
    fn only_whole_messages_count_against_hwm() {
        let (p, _, _) = pipe(1, 1);
        let mut m1 = Msg::from_slice(b"part1");
        m1.set_more(true);
        let mut frames = VecDeque::from([m1, Msg::from_slice(b"part2")]);
        p.socket_push(&mut frames, 1);
        assert!(!p.socket_has_room(), "one two-part message fills HWM 1");
        let mut local = VecDeque::new();
        assert!(p.engine_take(&mut local));
        assert_eq!(local.len(), 2);
    }

    #[test]
    fn conflating_keeps_the_newest_whole_message() {
        let (p, _, _) = pipe(1, 1);
        p.set_conflate(false, true, false);
        for i in 0..5u8 {
            assert!(p.socket_has_room(), "never full");
            let mut head = Msg::from_slice(&[b'h', i]);
            head.set_more(true);
            p.socket_push(&mut VecDeque::from([head, Msg::from_slice(&[b'b', i])]), 1);
        }
        let mut local = VecDeque::new();
        assert!(p.engine_take(&mut local));
        let got: Vec<Vec<u8>> = local.iter().map(|m| m.data().to_vec()).collect();
        assert_eq!(got, vec![b"h\x04".to_vec(), b"b\x04".to_vec()]);
        // The other direction is untouched.
        p.engine_push(&mut one(b"x"), 1);
        p.engine_push(&mut one(b"y"), 1);
        let mut up = VecDeque::new();
        p.socket_take(&mut up);
        assert_eq!(up.len(), 2);
    }

    #[test]
    fn keep_last_drops_whole_messages_only() {
        let mut more = Msg::from_slice(b"1a");
        more.set_more(true);
        let mut more2 = Msg::from_slice(b"3a");
        more2.set_more(true);
        let mut q = VecDeque::from([
            more,
            Msg::from_slice(b"1b"),
            Msg::from_slice(b"2"),
            more2,
            Msg::from_slice(b"3b"),
        ]);
        assert_eq!(keep_last(&mut q), 2);
        let got: Vec<&[u8]> = q.iter().map(|m| m.data()).collect();
        assert_eq!(got, vec![&b"3a"[..], &b"3b"[..]]);
        assert_eq!(keep_last(&mut q), 0);
    }

    #[test]
    fn zero_hwm_is_unlimited() {
        let (p, _, _) = pipe(0, 0);
        for _ in 0..10_000 {
            p.socket_push(&mut one(b"x"), 1);
        }
        assert!(p.socket_has_room());
        assert!(p.engine_room(1_000_000));
    }
}
