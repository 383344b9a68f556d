//! zmq_socket, zmq_close, options, endpoints and the buffer send/recv
//! calls.

use super::ctx::ctx_ref;
use super::{c_str, call_int, guard};
use crate::errno::{set_errno, ZResult};
use crate::msg::Msg;
use crate::socket::Socket;
use libc::{EFAULT, EINVAL, ENOTSOCK};
use std::collections::VecDeque;
use std::os::raw::{c_char, c_int, c_void};
use std::sync::Mutex;

const SOCK_TAG: u32 = 0xbaad_d00d;
const SOCK_DEAD: u32 = 0xdead_d00d;

#[repr(C)]
pub(crate) struct SocketHandle {
    tag: u32,
    sock: Option<Socket>,
}

/// Closed handles are kept a while so that a stale pointer still meets a
/// dead tag (ENOTSOCK) rather than freed memory, as with libzmq's reaper.
static GRAVEYARD: Mutex<VecDeque<usize>> = Mutex::new(VecDeque::new());
const GRAVEYARD_MAX: usize = 4096;

/// A live socket, or ENOTSOCK (libzmq's errno for NULL or a bad pointer).
///
/// # Safety
/// `p` must be NULL or a pointer returned by zmq_socket.
pub(crate) unsafe fn sock_mut<'a>(p: *mut c_void) -> ZResult<&'a mut Socket> {
    if p.is_null() {
        return Err(ENOTSOCK);
    }
    let h = &mut *(p as *mut SocketHandle);
    if h.tag != SOCK_TAG {
        return Err(ENOTSOCK);
    }
    h.sock.as_mut().ok_or(ENOTSOCK)
}

/// Create a socket of the given type in a context.
#[no_mangle]
pub unsafe extern "C" fn zmq_socket(context: *mut c_void, type_: c_int) -> *mut c_void {
    let r = guard(Err(EFAULT), || -> ZResult<*mut c_void> {
        let ctx = ctx_ref(context)?;
        let sock = ctx.create_socket(type_)?;
        Ok(Box::into_raw(Box::new(SocketHandle {
            tag: SOCK_TAG,
            sock: Some(sock),
        })) as *mut c_void)
    });
    match r {
        Ok(p) => p,
        Err(e) => {
            set_errno(e);
            std::ptr::null_mut()
        }
    }
}

/// Close a socket; pending messages linger per ZMQ_LINGER.
#[no_mangle]
pub unsafe extern "C" fn zmq_close(s: *mut c_void) -> c_int {
    call_int(|| {
        sock_mut(s)?;
        let h = &mut *(s as *mut SocketHandle);
        h.tag = SOCK_DEAD;
        if let Some(sock) = h.sock.take() {
            sock.close();
        }
        let mut g = GRAVEYARD.lock().unwrap_or_else(|e| e.into_inner());
        g.push_back(s as usize);
        if g.len() > GRAVEYARD_MAX {
            if let Some(old) = g.pop_front() {
                drop(Box::from_raw(old as *mut SocketHandle));
            }
        }
        Ok(0)
    })
}

/// Set a socket option.
#[no_mangle]
pub unsafe extern "C" fn zmq_setsockopt(
    s: *mut c_void,
    option: c_int,
    optval: *const c_void,
    optvallen: usize,
) -> c_int {
    call_int(|| {
        let sock = sock_mut(s)?;
        if optval.is_null() && optvallen != 0 {
            return Err(EFAULT);
        }
        // NULL (with length 0) is a value of its own for some options.
        let v: Option<&[u8]> = if optval.is_null() {
            None
        } else if optvallen == 0 {
            Some(&[])
        } else {
            Some(std::slice::from_raw_parts(optval as *const u8, optvallen))
        };
        sock.setsockopt(option, v)?;
        Ok(0)
    })
}

/// Get a socket option.
#[no_mangle]
pub unsafe extern "C" fn zmq_getsockopt(
    s: *mut c_void,
    option: c_int,
    optval: *mut c_void,
    optvallen: *mut usize,
) -> c_int {
    call_int(|| {
        let sock = sock_mut(s)?;
        if optvallen.is_null() || (optval.is_null() && *optvallen != 0) {
            return Err(EFAULT);
        }
        let cap = *optvallen;
        let v = sock.getsockopt(option, cap)?;
        if v.len() > cap {
            return Err(EINVAL);
        }
        if !v.is_empty() {
            std::ptr::copy_nonoverlapping(v.as_ptr(), optval as *mut u8, v.len());
        }
        *optvallen = v.len();
        Ok(0)
    })
}

unsafe fn with_endpoint(
    s: *mut c_void,
    addr: *const c_char,
    f: impl FnOnce(&mut Socket, &str) -> ZResult<()>,
) -> c_int {
    call_int(|| {
        let sock = sock_mut(s)?;
        let a = c_str(addr)?;
        f(sock, a)?;
        Ok(0)
    })
}

/// Accept connections on an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_bind(s: *mut c_void, addr: *const c_char) -> c_int {
    with_endpoint(s, addr, |s, a| s.bind(a))
}

/// Connect to an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_connect(s: *mut c_void, addr: *const c_char) -> c_int {
    with_endpoint(s, addr, |s, a| s.connect(a))
}

/// Stop accepting connections on an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_unbind(s: *mut c_void, addr: *const c_char) -> c_int {
    with_endpoint(s, addr, |s, a| s.unbind(a))
}

/// Disconnect from an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_disconnect(s: *mut c_void, addr: *const c_char) -> c_int {
    with_endpoint(s, addr, |s, a| s.disconnect(a))
}

fn send_msg(sock: &mut Socket, m: Msg, flags: c_int) -> ZResult<c_int> {
    let n = m.len();
    sock.send(m, flags).map_err(|(e, _)| e)?;
    Ok(n.min(i32::MAX as usize) as c_int)
}

/// Send a message part copied from a buffer.
#[no_mangle]
pub unsafe extern "C" fn zmq_send(
    s: *mut c_void,
    buf: *const c_void,
    len: usize,
    flags: c_int,
) -> c_int {
    call_int(|| {
        let sock = sock_mut(s)?;
        if buf.is_null() && len != 0 {
            return Err(EFAULT);
        }
        let data = if len == 0 {
            &[][..]
        } else {
            std::slice::from_raw_parts(buf as *const u8, len)
        };
        send_msg(sock, copy_msg(data)?, flags)
    })
}

/// A message holding a copy of a caller's buffer; ENOMEM (as libzmq) when
/// its size cannot be allocated.
fn copy_msg(data: &[u8]) -> ZResult<Msg> {
    Msg::try_from_slice(data).ok_or(libc::ENOMEM)
}

/// Send a message part from a buffer that is never freed or changed.
#[no_mangle]
pub unsafe extern "C" fn zmq_send_const(
    s: *mut c_void,
    buf: *const c_void,
    len: usize,
    flags: c_int,
) -> c_int {
    call_int(|| {
        let sock = sock_mut(s)?;
        if buf.is_null() && len != 0 {
            return Err(EFAULT);
        }
        send_msg(sock, Msg::from_const(buf as *const u8, len), flags)
    })
}

/// Receive a message part into a buffer; returns the full part size
/// (the copy is truncated to len).
#[no_mangle]
pub unsafe extern "C" fn zmq_recv(
    s: *mut c_void,
    buf: *mut c_void,
    len: usize,
    flags: c_int,
) -> c_int {
    call_int(|| {
        let sock = sock_mut(s)?;
        if buf.is_null() && len != 0 {
            return Err(EFAULT);
        }
        let m = sock.recv(flags)?;
        let n = m.len().min(len);
        if n > 0 {
            std::ptr::copy_nonoverlapping(m.data().as_ptr(), buf as *mut u8, n);
        }
        Ok(m.len().min(i32::MAX as usize) as c_int)
    })
}

/// Send a multipart message from an array of buffers.
#[no_mangle]
pub unsafe extern "C" fn zmq_sendiov(
    s: *mut c_void,
    iov: *mut libc::iovec,
    count: usize,
    flags: c_int,
) -> c_int {
    call_int(|| {
        let sock = sock_mut(s)?;
        if count == 0 || iov.is_null() {
            return Err(EINVAL);
        }
        let mut total = 0usize;
        for i in 0..count {
            let v = &*iov.add(i);
            let data = if v.iov_len == 0 {
                &[][..]
            } else {
                std::slice::from_raw_parts(v.iov_base as *const u8, v.iov_len)
            };
            // As libzmq: every part gets the caller's flags, the last one
            // without SNDMORE (so without SNDMORE each part is a message).
            let f = if i + 1 < count {
                flags
            } else {
                flags & !crate::constants::ZMQ_SNDMORE
            };
            send_msg(sock, copy_msg(data)?, f)?;
            total += v.iov_len;
        }
        Ok(total.min(i32::MAX as usize) as c_int)
    })
}

/// Receive up to *count parts into malloc'd buffers the caller frees.
#[no_mangle]
pub unsafe extern "C" fn zmq_recviov(
    s: *mut c_void,
    iov: *mut libc::iovec,
    count: *mut usize,
    flags: c_int,
) -> c_int {
    call_int(|| {
        let sock = sock_mut(s)?;
        if count.is_null() || iov.is_null() || *count == 0 {
            return Err(EINVAL);
        }
        let max = *count;
        let mut n = 0usize;
        let mut total = 0usize;
        loop {
            let m = match sock.recv(flags) {
                Ok(m) => m,
                Err(e) if n == 0 => return Err(e),
                Err(_) => break,
            };
            let len = m.len();
            let p = libc::malloc(len.max(1)) as *mut u8;
            if p.is_null() {
                return Err(libc::ENOMEM);
            }
            if len > 0 {
                std::ptr::copy_nonoverlapping(m.data().as_ptr(), p, len);
            }
            let v = &mut *iov.add(n);
            v.iov_base = p as *mut c_void;
            v.iov_len = len;
            n += 1;
            total += len;
            if !m.more() || n == max {
                break;
            }
        }
        *count = n;
        Ok(total.min(i32::MAX as usize) as c_int)
    })
}
