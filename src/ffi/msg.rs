//! zmq_msg_*: our `Msg` lives inside the caller's 64-byte `zmq_msg_t`,
//! with a marker in the last 4 bytes telling initialised messages from
//! closed or garbage ones (EFAULT, as libzmq's message check gives).

use super::socket::sock_mut;
use super::types::{zmq_free_fn, zmq_msg_t};
use super::{c_str, entry, entry_or};
use crate::constants::*;
use crate::errno::ZResult;
use crate::msg::Msg;
use std::os::raw::{c_char, c_int, c_void};

const LIVE: u32 = 0x4d53_4721;
const MARKER_AT: usize = 60;

const _: () = assert!(std::mem::size_of::<Msg>() <= MARKER_AT);
const _: () = assert!(MARKER_AT + 4 <= std::mem::size_of::<zmq_msg_t>());
const _: () = assert!(std::mem::align_of::<Msg>() <= std::mem::align_of::<zmq_msg_t>());

/// Where the marker of the message slot `p` lives.
///
/// # Safety
/// `p` must point to a zmq_msg_t.
unsafe fn marker(p: *const zmq_msg_t) -> *mut u32 {
    // SAFETY: MARKER_AT + 4 <= 64 (checked above): still inside the
    // caller's zmq_msg_t.
    unsafe { (p as *mut u8).add(MARKER_AT) as *mut u32 }
}

/// Whether the slot holds a message stored by [`msg_put`] and not taken.
///
/// # Safety
/// `p` must be NULL or point to a readable zmq_msg_t.
unsafe fn is_live(p: *const zmq_msg_t) -> bool {
    // SAFETY: p is non-NULL, so it points to a readable zmq_msg_t. The
    // bytes may be whatever C left there (e.g. a never-initialised
    // message); any u32 is a valid value, and an unaligned read is used.
    !p.is_null() && unsafe { marker(p).read_unaligned() } == LIVE
}

/// Store a fresh message (whatever was there is overwritten, not dropped).
///
/// # Safety
/// `p` must be non-NULL and point to a writable zmq_msg_t.
pub(crate) unsafe fn msg_put(p: *mut zmq_msg_t, m: Msg) {
    // SAFETY: p points to 64 writable bytes aligned as zmq_msg_t, which is
    // at least Msg's alignment; Msg ends before the marker (checked above).
    unsafe {
        std::ptr::write(p as *mut Msg, m);
        marker(p).write_unaligned(LIVE);
    }
}

/// An initialised message, or EFAULT.
///
/// # Safety
/// `p` must be NULL or point to a writable zmq_msg_t, not otherwise
/// referenced during `'a`.
pub(crate) unsafe fn msg_mut<'a>(p: *mut zmq_msg_t) -> ZResult<&'a mut Msg> {
    // SAFETY: forwarded from the caller's contract.
    if !unsafe { is_live(p) } {
        return Err(libc::EFAULT);
    }
    // SAFETY: the marker says msg_put stored a Msg here (aligned, see
    // msg_put) that was not taken since; the caller gives us sole access.
    Ok(unsafe { &mut *(p as *mut Msg) })
}

/// [`msg_mut`] for a message that is only read.
///
/// # Safety
/// `p` must be NULL or point to a zmq_msg_t not written during `'a`.
pub(crate) unsafe fn msg_ref<'a>(p: *const zmq_msg_t) -> ZResult<&'a Msg> {
    // SAFETY: forwarded from the caller's contract.
    if !unsafe { is_live(p) } {
        return Err(libc::EFAULT);
    }
    // SAFETY: as in msg_mut, shared instead of exclusive.
    Ok(unsafe { &*(p as *const Msg) })
}

/// Take the message out, leaving the slot uninitialised (closed).
///
/// # Safety
/// As for [`msg_mut`].
pub(crate) unsafe fn msg_take(p: *mut zmq_msg_t) -> ZResult<Msg> {
    // SAFETY: forwarded from the caller's contract.
    unsafe { msg_mut(p)? };
    // SAFETY: msg_mut found a live Msg at p; clearing the marker before
    // the read makes the returned value its only owner.
    unsafe {
        marker(p).write_unaligned(0);
        Ok(std::ptr::read(p as *const Msg))
    }
}

/// zmq_msg_send and zmq_sendmsg.
///
/// # Safety
/// `msg` must be NULL or point to a zmq_msg_t, `s` NULL or a pointer from
/// zmq_socket.
unsafe fn msg_send(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> ZResult<c_int> {
    // SAFETY: forwarded from the caller's contract.
    let (sock, m) = unsafe { (sock_mut(s)?, msg_take(msg)?) };
    let size = m.len();
    match sock.send(m, flags) {
        Ok(()) => {
            // SAFETY: msg_take succeeded, so msg points to a zmq_msg_t.
            unsafe { msg_put(msg, Msg::new()) };
            Ok(size.min(i32::MAX as usize) as c_int)
        }
        Err((e, m)) => {
            // SAFETY: as above; the unsent message goes back.
            unsafe { msg_put(msg, m) };
            Err(e)
        }
    }
}

/// zmq_msg_recv and zmq_recvmsg.
///
/// # Safety
/// As for [`msg_send`].
unsafe fn msg_recv(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> ZResult<c_int> {
    // SAFETY: forwarded from the caller's contract.
    let sock = unsafe { sock_mut(s)? };
    // SAFETY: forwarded from the caller's contract.
    unsafe { msg_mut(msg)? };
    let m = sock.recv(flags)?;
    let size = m.len();
    // SAFETY: msg_mut succeeded, so msg points to a live message slot.
    unsafe {
        drop(msg_take(msg)?);
        msg_put(msg, m);
    }
    Ok(size.min(i32::MAX as usize) as c_int)
}

/// Initialise an empty message.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_init(msg: *mut zmq_msg_t) -> c_int {
    entry(|| {
        if msg.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: msg is non-NULL and points to a zmq_msg_t (zmq_msg_init(3)).
        unsafe { msg_put(msg, Msg::new()) };
        Ok(0)
    })
}

/// Initialise a message of the given size.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_init_size(msg: *mut zmq_msg_t, size: usize) -> c_int {
    entry(|| {
        if msg.is_null() {
            return Err(libc::EFAULT);
        }
        let m = Msg::try_with_size(size).ok_or(libc::ENOMEM)?;
        // SAFETY: msg is non-NULL and points to a zmq_msg_t
        // (zmq_msg_init_size(3)).
        unsafe { msg_put(msg, m) };
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
    entry(|| {
        if msg.is_null() || (data.is_null() && size != 0) {
            return Err(libc::EFAULT);
        }
        // SAFETY: ffn is NULL or a zmq_free_fn (zmq_msg_init_data(3)).
        let f = unsafe { zmq_free_fn::to_fn(ffn) };
        // SAFETY: data is valid for size bytes until ffn(data, hint) is
        // called (for good if ffn is NULL), and msg is non-NULL and points
        // to a zmq_msg_t (zmq_msg_init_data(3)).
        unsafe { msg_put(msg, Msg::from_foreign(data as *mut u8, size, f, hint)) };
        Ok(0)
    })
}

/// Send a message part; on success the message is emptied.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_send(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    // SAFETY: msg is NULL or a zmq_msg_t, s NULL or from zmq_socket
    // (zmq_msg_send(3)).
    entry(|| unsafe { msg_send(msg, s, flags) })
}

/// Receive a message part into msg (its previous content is released).
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_recv(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    // SAFETY: msg is NULL or a zmq_msg_t, s NULL or from zmq_socket
    // (zmq_msg_recv(3)).
    entry(|| unsafe { msg_recv(msg, s, flags) })
}

/// Release a message.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_close(msg: *mut zmq_msg_t) -> c_int {
    entry(|| {
        // SAFETY: msg is NULL or a zmq_msg_t (zmq_msg_close(3)).
        drop(unsafe { msg_take(msg)? });
        Ok(0)
    })
}

/// Move src's content to dest; src becomes empty.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_move(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    entry(|| {
        if dest.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: dest and src are NULL or zmq_msg_t (zmq_msg_move(3)); each
        // helper's reference ends before the next call, so dest == src is
        // fine too.
        unsafe {
            msg_mut(dest)?;
            let m = msg_take(src)?;
            msg_put(src, Msg::new());
            drop(msg_take(dest)?);
            msg_put(dest, m);
        }
        Ok(0)
    })
}

/// Make dest share src's content.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_copy(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    entry(|| {
        if dest.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: dest and src are NULL or zmq_msg_t (zmq_msg_copy(3)); each
        // helper's reference ends before the next call, so dest == src is
        // fine too.
        unsafe {
            msg_mut(dest)?;
            let c = msg_ref(src)?.share();
            drop(msg_take(dest)?);
            msg_put(dest, c);
        }
        Ok(0)
    })
}

/// Pointer to the message content.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_data(msg: *mut zmq_msg_t) -> *mut c_void {
    // SAFETY: msg is NULL or a zmq_msg_t (zmq_msg_data(3)).
    entry(|| Ok(unsafe { msg_mut(msg)? }.data_ptr() as *mut c_void))
}

/// Size of the message content in bytes.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_size(msg: *const zmq_msg_t) -> usize {
    // SAFETY: msg is NULL or a zmq_msg_t (zmq_msg_size(3)).
    entry(|| Ok(unsafe { msg_ref(msg)? }.len()))
}

/// Whether more parts follow.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_more(msg: *const zmq_msg_t) -> c_int {
    // 0, not -1, for a bad message: "no more parts".
    // SAFETY: msg is NULL or a zmq_msg_t (zmq_msg_more(3)).
    entry_or(0, || Ok(unsafe { msg_ref(msg)? }.more() as c_int))
}

/// Get a message property (ZMQ_MORE, ZMQ_SHARED, ZMQ_SRCFD).
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_get(msg: *const zmq_msg_t, property: c_int) -> c_int {
    entry(|| {
        // SAFETY: msg is NULL or a zmq_msg_t (zmq_msg_get(3)).
        let m = unsafe { msg_ref(msg)? };
        match property {
            ZMQ_MORE => Ok(m.more() as c_int),
            ZMQ_SHARED => Ok(m.is_shared() as c_int),
            // The connection's fd (tcp, ipc, tls); -1 with EINVAL, as
            // libzmq (whose "__fd" property is then missing), for messages
            // not read from one (inproc, or made by the application).
            ZMQ_SRCFD => match m.metadata().map_or(-1, |md| md.src_fd) {
                fd if fd >= 0 => Ok(fd),
                _ => Err(libc::EINVAL),
            },
            _ => Err(libc::EINVAL),
        }
    })
}

/// Set a message property: none are settable, EINVAL (as in libzmq 4.3).
/// As libzmq, the message is not looked at: a NULL one is EINVAL too.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_set(msg: *mut zmq_msg_t, property: c_int, optval: c_int) -> c_int {
    let _ = (msg, property, optval);
    entry(|| Err(libc::EINVAL))
}

/// Get a metadata property of a received message ("Socket-Type", ...).
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_gets(
    msg: *const zmq_msg_t,
    property: *const c_char,
) -> *const c_char {
    entry(|| {
        // SAFETY: msg is NULL or a zmq_msg_t, property NULL or a C string
        // (zmq_msg_gets(3)).
        let (m, name) = unsafe { (msg_ref(msg)?, c_str(property)?) };
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
        // Valid as long as the message (which holds the metadata) is.
        Ok(v.as_ptr())
    })
}

/// Deprecated: zmq_msg_send with the arguments in the old order.
#[no_mangle]
pub unsafe extern "C" fn zmq_sendmsg(s: *mut c_void, msg: *mut zmq_msg_t, flags: c_int) -> c_int {
    // SAFETY: s is NULL or from zmq_socket, msg NULL or a zmq_msg_t
    // (zmq_sendmsg(3)).
    entry(|| unsafe { msg_send(msg, s, flags) })
}

/// Deprecated: zmq_msg_recv with the arguments in the old order.
#[no_mangle]
pub unsafe extern "C" fn zmq_recvmsg(s: *mut c_void, msg: *mut zmq_msg_t, flags: c_int) -> c_int {
    // SAFETY: s is NULL or from zmq_socket, msg NULL or a zmq_msg_t
    // (zmq_recvmsg(3)).
    entry(|| unsafe { msg_recv(msg, s, flags) })
}
