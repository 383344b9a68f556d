//! zmq_socket, zmq_close, options, endpoints and the buffer send/recv
//! calls.

use super::ctx::ctx_ref;
use super::{bytes, bytes_mut, c_str, entry};
use crate::constants::{
    ZMQ_EVENTS, ZMQ_FD, ZMQ_LAST_ENDPOINT, ZMQ_RCVMORE, ZMQ_SNDMORE, ZMQ_THREAD_SAFE,
};
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::socket::Socket;
use libc::{EFAULT, EINVAL, ENOTSOCK};
use std::os::raw::{c_char, c_int, c_void};

const SOCK_TAG: u32 = 0xbaad_d00d;
const SOCK_DEAD: u32 = 0xdead_d00d;

#[repr(C)]
pub(crate) struct SocketHandle {
    tag: u32,
    sock: Option<Socket>,
}

/// Closed handles are kept a while so that a stale pointer still meets a
/// dead tag (ENOTSOCK) rather than freed memory, as with libzmq's reaper.
static GRAVEYARD: super::Graveyard = super::Graveyard::new();

/// The handle behind a live socket pointer, or ENOTSOCK.
///
/// # Safety
/// `p` must be NULL or a pointer returned by zmq_socket, and no other
/// reference to its handle may be alive during `'a` (a socket is used by
/// one thread at a time, zmq_socket(3)).
unsafe fn live_handle<'a>(p: *mut c_void) -> ZResult<&'a mut SocketHandle> {
    if p.is_null() {
        return Err(ENOTSOCK);
    }
    // SAFETY: per the contract p came from zmq_socket (a Box<SocketHandle>
    // that stays allocated, tagged dead, for a while after zmq_close) and
    // is not otherwise referenced meanwhile.
    let h = unsafe { &mut *(p as *mut SocketHandle) };
    if h.tag != SOCK_TAG || h.sock.is_none() {
        return Err(ENOTSOCK);
    }
    Ok(h)
}

/// A live socket, or ENOTSOCK (libzmq's errno for NULL or a bad pointer).
///
/// # Safety
/// As for [`live_handle`]: `p` must be NULL or a pointer returned by
/// zmq_socket, not otherwise referenced during `'a`.
pub(crate) unsafe fn sock_mut<'a>(p: *mut c_void) -> ZResult<&'a mut Socket> {
    // SAFETY: forwarded from the caller's contract.
    let h = unsafe { live_handle(p)? };
    h.sock.as_mut().ok_or(ENOTSOCK)
}

/// Create a socket of the given type in a context.
#[no_mangle]
pub unsafe extern "C" fn zmq_socket(context: *mut c_void, type_: c_int) -> *mut c_void {
    entry(|| {
        // SAFETY: context is NULL or from zmq_ctx_new (zmq_socket(3)).
        let ctx = unsafe { ctx_ref(context)? };
        let sock = ctx.create_socket(type_)?;
        Ok(Box::into_raw(Box::new(SocketHandle {
            tag: SOCK_TAG,
            sock: Some(sock),
        })) as *mut c_void)
    })
}

/// Close a socket; pending messages linger per ZMQ_LINGER.
#[no_mangle]
pub unsafe extern "C" fn zmq_close(s: *mut c_void) -> c_int {
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket (zmq_close(3)).
        let h = unsafe { live_handle(s)? };
        h.tag = SOCK_DEAD;
        if let Some(sock) = h.sock.take() {
            sock.close();
        }
        // SAFETY: a Box<SocketHandle> from zmq_socket, buried once (only a
        // live handle is closed).
        unsafe { GRAVEYARD.bury(s as *mut SocketHandle) };
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
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket; optval is readable for
        // optvallen bytes (zmq_setsockopt(3)).
        let (sock, v) = unsafe { (sock_mut(s)?, bytes(optval, optvallen)?) };
        // NULL (with length 0) is a value of its own for some options.
        let v = (!optval.is_null()).then_some(v);
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
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket; optvallen is NULL or points
        // to a size_t (zmq_getsockopt(3)).
        let (sock, len) = unsafe { (sock_mut(s)?, optvallen.as_mut()) };
        let len = len.ok_or(EFAULT)?;
        let cap = *len;
        if optval.is_null() && cap != 0 {
            return Err(EFAULT);
        }
        let v = sock.getsockopt(option, cap)?;
        if v.len() > cap {
            return Err(EINVAL);
        }
        // SAFETY: optval is writable for cap >= v.len() bytes
        // (zmq_getsockopt(3)); it is NULL only if cap (so v.len()) is 0.
        unsafe { bytes_mut(optval, v.len())? }.copy_from_slice(&v);
        // libzmq zeroes the rest of a larger buffer for the options the
        // socket itself answers (an int64 read of ZMQ_RCVMORE is then 0,
        // libzmq's test_getsockopt_memset).
        if matches!(
            option,
            ZMQ_RCVMORE | ZMQ_FD | ZMQ_EVENTS | ZMQ_LAST_ENDPOINT | ZMQ_THREAD_SAFE
        ) && cap > v.len()
        {
            // SAFETY: optval is writable for cap bytes (zmq_getsockopt(3)).
            let all = unsafe { bytes_mut(optval, cap)? };
            all[v.len()..].fill(0);
        }
        *len = v.len();
        Ok(0)
    })
}

/// Accept connections on an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_bind(s: *mut c_void, addr: *const c_char) -> c_int {
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket, addr NULL or a C string
        // (zmq_bind(3)).
        let (sock, addr) = unsafe { (sock_mut(s)?, c_str(addr)?) };
        sock.bind(addr)?;
        Ok(0)
    })
}

/// Connect to an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_connect(s: *mut c_void, addr: *const c_char) -> c_int {
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket, addr NULL or a C string
        // (zmq_connect(3)).
        let (sock, addr) = unsafe { (sock_mut(s)?, c_str(addr)?) };
        sock.connect(addr)?;
        Ok(0)
    })
}

/// Stop accepting connections on an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_unbind(s: *mut c_void, addr: *const c_char) -> c_int {
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket, addr NULL or a C string
        // (zmq_unbind(3)).
        let (sock, addr) = unsafe { (sock_mut(s)?, c_str(addr)?) };
        sock.unbind(addr)?;
        Ok(0)
    })
}

/// Disconnect from an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_disconnect(s: *mut c_void, addr: *const c_char) -> c_int {
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket, addr NULL or a C string
        // (zmq_disconnect(3)).
        let (sock, addr) = unsafe { (sock_mut(s)?, c_str(addr)?) };
        sock.disconnect(addr)?;
        Ok(0)
    })
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
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket; buf is readable for len
        // bytes (zmq_send(3)).
        let (sock, data) = unsafe { (sock_mut(s)?, bytes(buf, len)?) };
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
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket (zmq_send_const(3)).
        let sock = unsafe { sock_mut(s)? };
        if buf.is_null() && len != 0 {
            return Err(EFAULT);
        }
        // SAFETY: buf is readable for len bytes and stays valid and
        // unchanged for the life of the process (zmq_send_const(3)).
        let m = unsafe { Msg::from_const(buf as *const u8, len) };
        send_msg(sock, m, flags)
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
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket; buf is writable for len
        // bytes (zmq_recv(3)).
        let (sock, out) = unsafe { (sock_mut(s)?, bytes_mut(buf, len)?) };
        let m = sock.recv(flags)?;
        let n = m.len().min(out.len());
        out[..n].copy_from_slice(&m.data()[..n]);
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
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket (zmq_sendiov(3)).
        let sock = unsafe { sock_mut(s)? };
        if count == 0 || iov.is_null() {
            return Err(EINVAL);
        }
        // SAFETY: iov is non-NULL and points to count iovecs (zmq_sendiov(3)).
        let iov = unsafe { std::slice::from_raw_parts(iov, count) };
        // Every buffer is checked before the first part goes: a bad one
        // (NULL with a length) must not leave the socket in the middle of
        // a multipart message.
        let parts = iov
            .iter()
            // SAFETY: each iov_base is readable for iov_len bytes
            // (zmq_sendiov(3)); NULL with a length is refused.
            .map(|v| unsafe { bytes(v.iov_base, v.iov_len) })
            .collect::<ZResult<Vec<&[u8]>>>()?;
        // libzmq returns what the last part's send returned: its size.
        let mut last = 0usize;
        for (i, data) in parts.iter().enumerate() {
            // As libzmq: every part gets the caller's flags, the last one
            // without SNDMORE (so without SNDMORE each part is a message).
            let f = if i + 1 < count {
                flags
            } else {
                flags & !ZMQ_SNDMORE
            };
            send_msg(sock, copy_msg(data)?, f)?;
            last = data.len();
        }
        Ok(last.min(i32::MAX as usize) as c_int)
    })
}

/// Receive up to *count parts into malloc'd buffers the caller frees.
/// Returns the number of parts and sets *count to it; on an error, -1 with
/// *count set to the parts already received (0 if none), as libzmq.
#[no_mangle]
pub unsafe extern "C" fn zmq_recviov(
    s: *mut c_void,
    iov: *mut libc::iovec,
    count: *mut usize,
    flags: c_int,
) -> c_int {
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket; count is NULL or points to
        // a size_t (zmq_recviov(3)).
        let (sock, count) = unsafe { (sock_mut(s)?, count.as_mut()) };
        let count = count.ok_or(EINVAL)?;
        if iov.is_null() || *count == 0 {
            return Err(EINVAL);
        }
        // SAFETY: iov is non-NULL and points to *count iovecs for this
        // call to fill (zmq_recviov(3)).
        let iov = unsafe { std::slice::from_raw_parts_mut(iov, *count) };
        // As libzmq: *count says how many buffers were filled (the caller
        // frees them) even when a receive fails part-way.
        *count = 0;
        for slot in iov.iter_mut() {
            let m = sock.recv(flags)?;
            let len = m.len();
            // SAFETY: plain malloc of a non-zero size; the caller frees the
            // buffer (zmq_recviov(3)).
            let p = unsafe { libc::malloc(len.max(1)) } as *mut u8;
            if p.is_null() {
                return Err(libc::ENOMEM);
            }
            if len > 0 {
                // SAFETY: p is a fresh allocation of at least len bytes,
                // m.data() is len bytes elsewhere.
                unsafe { std::ptr::copy_nonoverlapping(m.data().as_ptr(), p, len) };
            }
            slot.iov_base = p as *mut c_void;
            slot.iov_len = len;
            *count += 1;
            if !m.more() {
                break;
            }
        }
        Ok((*count).min(i32::MAX as usize) as c_int)
    })
}
