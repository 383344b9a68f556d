//! zmq_msg_*: our `Msg` lives inside the caller's 64-byte `zmq_msg_t`,
//! with a marker in the last 4 bytes telling initialised messages from
//! closed or garbage ones (EFAULT, as libzmq's message check gives).

use super::socket::sock_mut;
use super::types::{zmq_free_fn, zmq_msg_t};
use super::{c_str, call_int, guard};
use crate::constants::*;
use crate::errno::{set_errno, ZResult};
use crate::msg::Msg;
use std::os::raw::{c_char, c_int, c_void};

const LIVE: u32 = 0x4d53_4721;
const MARKER_AT: usize = 60;

const _: () = assert!(std::mem::size_of::<Msg>() <= MARKER_AT);

unsafe fn marker(p: *const zmq_msg_t) -> *mut u32 {
    (p as *mut u8).add(MARKER_AT) as *mut u32
}

/// Store a fresh message (whatever was there is overwritten, not dropped).
pub(crate) unsafe fn msg_put(p: *mut zmq_msg_t, m: Msg) {
    std::ptr::write(p as *mut Msg, m);
    marker(p).write_unaligned(LIVE);
}

/// An initialised message, or EFAULT.
pub(crate) unsafe fn msg_mut<'a>(p: *mut zmq_msg_t) -> ZResult<&'a mut Msg> {
    if p.is_null() || marker(p).read_unaligned() != LIVE {
        return Err(libc::EFAULT);
    }
    Ok(&mut *(p as *mut Msg))
}

/// Take the message out, leaving the slot uninitialised (closed).
pub(crate) unsafe fn msg_take(p: *mut zmq_msg_t) -> ZResult<Msg> {
    msg_mut(p)?;
    marker(p).write_unaligned(0);
    Ok(std::ptr::read(p as *const Msg))
}

/// Initialise an empty message.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_init(msg: *mut zmq_msg_t) -> c_int {
    call_int(|| {
        if msg.is_null() {
            return Err(libc::EFAULT);
        }
        msg_put(msg, Msg::new());
        Ok(0)
    })
}

/// Initialise a message of the given size.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_init_size(msg: *mut zmq_msg_t, size: usize) -> c_int {
    call_int(|| {
        if msg.is_null() {
            return Err(libc::EFAULT);
        }
        msg_put(msg, Msg::try_with_size(size).ok_or(libc::ENOMEM)?);
        Ok(0)
    })
}

/// Initialise a message from caller-owned data, freed with ffn(data, hint).
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_init_data(
    msg: *mut zmq_msg_t,
    data: *mut c_void,
    size: usize,
    ffn: *mut zmq_free_fn,
    hint: *mut c_void,
) -> c_int {
    call_int(|| {
        if msg.is_null() || (data.is_null() && size != 0) {
            return Err(libc::EFAULT);
        }
        let f = zmq_free_fn::to_fn(ffn);
        msg_put(msg, Msg::from_foreign(data as *mut u8, size, f, hint));
        Ok(0)
    })
}

/// Send a message part; on success the message is emptied.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_send(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    call_int(|| {
        let sock = sock_mut(s)?;
        let m = msg_take(msg)?;
        let size = m.len();
        match sock.send(m, flags) {
            Ok(()) => {
                msg_put(msg, Msg::new());
                Ok(size.min(i32::MAX as usize) as c_int)
            }
            Err((e, m)) => {
                msg_put(msg, m);
                Err(e)
            }
        }
    })
}

/// Receive a message part into msg (its previous content is released).
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_recv(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    call_int(|| {
        let sock = sock_mut(s)?;
        msg_mut(msg)?;
        let m = sock.recv(flags)?;
        let size = m.len();
        drop(msg_take(msg)?);
        msg_put(msg, m);
        Ok(size.min(i32::MAX as usize) as c_int)
    })
}

/// Release a message.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_close(msg: *mut zmq_msg_t) -> c_int {
    call_int(|| {
        drop(msg_take(msg)?);
        Ok(0)
    })
}

/// Move src's content to dest; src becomes empty.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_move(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    call_int(|| {
        if dest.is_null() {
            return Err(libc::EFAULT);
        }
        msg_mut(dest)?;
        let m = msg_take(src)?;
        msg_put(src, Msg::new());
        drop(msg_take(dest)?);
        msg_put(dest, m);
        Ok(0)
    })
}

/// Make dest share src's content.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_copy(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    call_int(|| {
        if dest.is_null() {
            return Err(libc::EFAULT);
        }
        msg_mut(dest)?;
        let c = msg_mut(src)?.share();
        drop(msg_take(dest)?);
        msg_put(dest, c);
        Ok(0)
    })
}

/// Pointer to the message content.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_data(msg: *mut zmq_msg_t) -> *mut c_void {
    guard(std::ptr::null_mut(), || match msg_mut(msg) {
        Ok(m) => m.data_ptr() as *mut c_void,
        Err(e) => {
            set_errno(e);
            std::ptr::null_mut()
        }
    })
}

/// Size of the message content in bytes.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_size(msg: *const zmq_msg_t) -> usize {
    guard(0, || match msg_mut(msg as *mut zmq_msg_t) {
        Ok(m) => m.len(),
        Err(e) => {
            set_errno(e);
            0
        }
    })
}

/// Whether more parts follow.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_more(msg: *const zmq_msg_t) -> c_int {
    guard(0, || match msg_mut(msg as *mut zmq_msg_t) {
        Ok(m) => m.more() as c_int,
        Err(e) => {
            set_errno(e);
            0
        }
    })
}

/// Get a message property (ZMQ_MORE, ZMQ_SHARED, ZMQ_SRCFD).
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_get(msg: *const zmq_msg_t, property: c_int) -> c_int {
    call_int(|| {
        let m = msg_mut(msg as *mut zmq_msg_t)?;
        match property {
            ZMQ_MORE => Ok(m.more() as c_int),
            ZMQ_SHARED => Ok(m.is_shared() as c_int),
            // The source fd is not tracked; libzmq gives -1 for messages
            // not read from a socket.
            ZMQ_SRCFD => Ok(-1),
            _ => Err(libc::EINVAL),
        }
    })
}

/// Set a message property: none are settable (as in libzmq 4.3).
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_set(msg: *mut zmq_msg_t, property: c_int, optval: c_int) -> c_int {
    let _ = (property, optval);
    call_int(|| {
        msg_mut(msg)?;
        Err(libc::EINVAL)
    })
}

/// Get a metadata property of a received message ("Socket-Type", ...).
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_gets(
    msg: *const zmq_msg_t,
    property: *const c_char,
) -> *const c_char {
    let r = guard(Err(libc::EFAULT), || -> ZResult<*const c_char> {
        let m = msg_mut(msg as *mut zmq_msg_t)?;
        let name = c_str(property)?;
        let meta = m.metadata().ok_or(libc::EINVAL)?;
        let v = meta
            .get(name)
            .or_else(|| {
                // libzmq: "Identity" is the deprecated name of "Routing-Id".
                match name {
                    "Identity" => meta.get("Routing-Id"),
                    _ => None,
                }
            })
            .ok_or(libc::EINVAL)?;
        Ok(v.as_ptr())
    });
    match r {
        Ok(p) => p,
        Err(e) => {
            set_errno(e);
            std::ptr::null()
        }
    }
}

/// Deprecated: zmq_msg_send with the arguments in the old order.
#[no_mangle]
pub unsafe extern "C" fn zmq_sendmsg(s: *mut c_void, msg: *mut zmq_msg_t, flags: c_int) -> c_int {
    zmq_msg_send(msg, s, flags)
}

/// Deprecated: zmq_msg_recv with the arguments in the old order.
#[no_mangle]
pub unsafe extern "C" fn zmq_recvmsg(s: *mut c_void, msg: *mut zmq_msg_t, flags: c_int) -> c_int {
    zmq_msg_recv(msg, s, flags)
}
