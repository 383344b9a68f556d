//! The built-in proxy (zmq_proxy, zmq_proxy_steerable) and the deprecated
//! zmq_device, written on the public API as libzmq's are: wait for input
//! on either side, move whole messages across (copying every frame to the
//! capture socket, if any), and obey the control socket's PAUSE, RESUME,
//! TERMINATE and STATISTICS.

use super::entry;
use super::msg::{
    zmq_msg_close, zmq_msg_copy, zmq_msg_data, zmq_msg_init, zmq_msg_recv, zmq_msg_send,
};
use super::poll::zmq_poll;
use super::socket::zmq_getsockopt;
use super::types::{zmq_msg_t, zmq_pollitem_t};
use crate::constants::*;
use crate::errno::ZResult;
use std::os::raw::{c_int, c_short, c_void};

/// The errno of the call that just failed.
fn last_errno() -> i32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EFAULT)
}

fn check(rc: c_int) -> ZResult<c_int> {
    if rc < 0 {
        Err(last_errno())
    } else {
        Ok(rc)
    }
}

/// Messages and bytes through one side, as zmq_proxy_steerable's
/// STATISTICS reports them (a multipart message counts once).
#[derive(Default, Clone, Copy)]
struct Stats {
    msg_in: u64,
    bytes_in: u64,
    msg_out: u64,
    bytes_out: u64,
}

/// A zmq_msg_t that is closed when dropped. The sockets it moves between
/// are the caller's handles, which the public calls check themselves.
struct Frame(zmq_msg_t);

impl Frame {
    fn new() -> ZResult<Frame> {
        let mut m = Frame(zmq_msg_t { bytes: [0; 64] });
        // SAFETY: `m.0` is storage for a zmq_msg_t that we own.
        check(unsafe { zmq_msg_init(&mut m.0) })?;
        Ok(m)
    }

    /// Receive a frame from `s`; its size.
    fn recv(&mut self, s: *mut c_void) -> ZResult<usize> {
        // SAFETY: `self.0` is an initialised message; `s` is checked by
        // zmq_msg_recv (NULL or a dead handle is an error, not a crash).
        check(unsafe { zmq_msg_recv(&mut self.0, s, 0) }).map(|n| n as usize)
    }

    fn send(&mut self, s: *mut c_void, flags: c_int) -> ZResult<()> {
        // SAFETY: as in `recv`.
        check(unsafe { zmq_msg_send(&mut self.0, s, flags) }).map(|_| ())
    }

    /// A second message sharing this one's body.
    fn copy(&mut self) -> ZResult<Frame> {
        let mut c = Frame::new()?;
        // SAFETY: both messages are initialised and ours.
        check(unsafe { zmq_msg_copy(&mut c.0, &mut self.0) })?;
        Ok(c)
    }

    fn data(&mut self, n: usize) -> &[u8] {
        // SAFETY: the message holds `n` bytes (what zmq_msg_recv
        // returned) at zmq_msg_data, alive as long as `self`.
        unsafe { std::slice::from_raw_parts(zmq_msg_data(&mut self.0) as *const u8, n) }
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`; after a send it is an empty
        // message, which closes like any other.
        unsafe { zmq_msg_close(&mut self.0) };
    }
}

fn rcvmore(s: *mut c_void) -> ZResult<bool> {
    let mut more: c_int = 0;
    let mut len = std::mem::size_of::<c_int>();
    let p = &mut more as *mut c_int as *mut c_void;
    // SAFETY: the buffer and its length are ours; `s` is checked by the
    // call.
    check(unsafe { zmq_getsockopt(s, ZMQ_RCVMORE, p, &mut len) })?;
    Ok(more != 0)
}

/// Move one whole message from `from` to `to`, a copy of each frame to
/// `capture`. Returns its size in bytes.
fn forward(from: *mut c_void, to: *mut c_void, capture: *mut c_void) -> ZResult<u64> {
    let mut bytes = 0u64;
    loop {
        let mut m = Frame::new()?;
        bytes += m.recv(from)? as u64;
        let more = rcvmore(from)?;
        let flags = if more { ZMQ_SNDMORE } else { 0 };
        if !capture.is_null() {
            m.copy()?.send(capture, flags)?;
        }
        m.send(to, flags)?;
        if !more {
            return Ok(bytes);
        }
    }
}

enum Control {
    Pause,
    Resume,
    Terminate,
    Statistics,
    Unknown,
}

/// Read a control command; a copy goes to the capture socket, as in
/// libzmq. A multipart command is an error (EINVAL; libzmq's proxy returns
/// -1 too).
fn read_control(control: *mut c_void, capture: *mut c_void) -> ZResult<Control> {
    let mut m = Frame::new()?;
    let n = m.recv(control)?;
    if rcvmore(control)? {
        while rcvmore(control)? {
            Frame::new()?.recv(control)?;
        }
        return Err(libc::EINVAL);
    }
    if !capture.is_null() {
        m.copy()?.send(capture, 0)?;
    }
    Ok(match m.data(n) {
        b"PAUSE" => Control::Pause,
        b"RESUME" => Control::Resume,
        b"TERMINATE" => Control::Terminate,
        b"STATISTICS" => Control::Statistics,
        _ => Control::Unknown,
    })
}

fn send_statistics(control: *mut c_void, front: Stats, back: Stats) -> ZResult<()> {
    let values = [
        front.msg_in,
        front.bytes_in,
        front.msg_out,
        front.bytes_out,
        back.msg_in,
        back.bytes_in,
        back.msg_out,
        back.bytes_out,
    ];
    for (i, v) in values.iter().enumerate() {
        let flags = if i + 1 < values.len() { ZMQ_SNDMORE } else { 0 };
        let b = v.to_ne_bytes();
        // SAFETY: `control` is the caller's socket; the buffer is ours.
        check(unsafe {
            super::socket::zmq_send(control, b.as_ptr() as *const c_void, b.len(), flags)
        })?;
    }
    Ok(())
}

fn run(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> ZResult<c_int> {
    if frontend.is_null() || backend.is_null() {
        return Err(libc::EFAULT);
    }
    let same = frontend == backend;
    let (mut front, mut back) = (Stats::default(), Stats::default());
    let mut paused = false;
    loop {
        // As libzmq's: a message moves only when its destination can take
        // it (POLLOUT), so a side with no room never blocks the proxy (its
        // other direction and the control socket go on).
        let fe = events(frontend)?;
        let be = if same { fe } else { events(backend)? };
        let can = |ev: c_short, bit: c_short| ev & bit != 0;
        let mut moved = false;
        // One socket as both sides (a REP "single-socket device" answers
        // each request with the request itself): libzmq forwards without
        // asking for POLLOUT, which a REP only shows once it has received.
        if !paused && can(fe, ZMQ_POLLIN) && (same || can(be, ZMQ_POLLOUT)) {
            let n = forward(frontend, backend, capture)?;
            front.msg_in += 1;
            front.bytes_in += n;
            back.msg_out += 1;
            back.bytes_out += n;
            moved = true;
        }
        if !paused && !same && can(be, ZMQ_POLLIN) && can(fe, ZMQ_POLLOUT) {
            let n = forward(backend, frontend, capture)?;
            back.msg_in += 1;
            back.bytes_in += n;
            front.msg_out += 1;
            front.bytes_out += n;
            moved = true;
        }
        if !control.is_null() && can(events(control)?, ZMQ_POLLIN) {
            match read_control(control, capture)? {
                Control::Pause => paused = true,
                Control::Resume => paused = false,
                Control::Terminate => return Ok(0),
                Control::Statistics => send_statistics(control, front, back)?,
                // libzmq aborts the process; an unknown word is ignored.
                Control::Unknown => {}
            }
            continue;
        }
        if moved {
            continue;
        }
        // Nothing can move: wait for exactly what is missing. A side whose
        // input is stuck for want of room on the other side is not polled
        // for input (it is there already: polling it again would return at
        // once and spin while the other side stays full); the other side
        // is polled for room instead.
        let wait = |ev_in: c_short, other: c_short| -> c_short {
            if paused {
                return 0;
            }
            let mut e = 0;
            if !can(ev_in, ZMQ_POLLIN) {
                e |= ZMQ_POLLIN;
            }
            if can(other, ZMQ_POLLIN) && !can(ev_in, ZMQ_POLLOUT) {
                e |= ZMQ_POLLOUT;
            }
            e
        };
        let mut items = vec![zmq_pollitem_t {
            socket: frontend,
            fd: 0,
            events: wait(fe, if same { 0 } else { be }),
            revents: 0,
        }];
        if !same {
            items.push(zmq_pollitem_t {
                socket: backend,
                fd: 0,
                events: wait(be, fe),
                revents: 0,
            });
        }
        if !control.is_null() {
            items.push(zmq_pollitem_t {
                socket: control,
                fd: 0,
                events: ZMQ_POLLIN as c_short,
                revents: 0,
            });
        }
        let (ptr, n) = (items.as_mut_ptr(), items.len() as c_int);
        // SAFETY: `items` is a live array of `n` items.
        check(unsafe { zmq_poll(ptr, n, -1) })?;
    }
}

/// ZMQ_EVENTS of a socket (POLLIN / POLLOUT bits).
fn events(s: *mut c_void) -> ZResult<c_short> {
    let mut ev: c_int = 0;
    let mut len = std::mem::size_of::<c_int>();
    let p = &mut ev as *mut c_int as *mut c_void;
    // SAFETY: the buffer and its length are ours; `s` is checked by the
    // call.
    check(unsafe { zmq_getsockopt(s, ZMQ_EVENTS, p, &mut len) })?;
    Ok(ev as c_short)
}

/// Built-in proxy: runs until the context is terminated (-1, ETERM) or a
/// call fails (-1 with its errno).
#[no_mangle]
pub unsafe extern "C" fn zmq_proxy(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
) -> c_int {
    entry(|| run(frontend, backend, capture, std::ptr::null_mut()))
}

/// Built-in proxy steered through `control`: PAUSE, RESUME, TERMINATE
/// (returns 0) and STATISTICS (replies with eight 64-bit counters).
#[no_mangle]
pub unsafe extern "C" fn zmq_proxy_steerable(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> c_int {
    entry(|| run(frontend, backend, capture, control))
}

/// Deprecated device API: zmq_proxy without capture (the type is ignored,
/// as libzmq does).
#[no_mangle]
pub unsafe extern "C" fn zmq_device(
    _type: c_int,
    frontend: *mut c_void,
    backend: *mut c_void,
) -> c_int {
    entry(|| {
        run(
            frontend,
            backend,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    })
}
