//! zmq_poll's C shell: argument checks and the conversion of
//! `zmq_pollitem_t`; the loop itself is `crate::poll`.

use super::entry;
use super::socket::sock_mut;
use super::types::zmq_pollitem_t;
use crate::poll::{Item, Source};
use crate::socket::Socket;
use std::os::raw::{c_int, c_long, c_void};
use std::time::Duration;

/// Wait for events on sockets and file descriptors.
#[no_mangle]
pub unsafe extern "C" fn zmq_poll(
    items: *mut zmq_pollitem_t,
    nitems: c_int,
    timeout: c_long,
) -> c_int {
    entry(|| {
        // As libzmq: a negative count is EINVAL, a NULL array with a
        // positive one EFAULT.
        if nitems < 0 {
            return Err(libc::EINVAL);
        }
        if items.is_null() && nitems > 0 {
            return Err(libc::EFAULT);
        }
        // Negative: no limit.
        let timeout = u64::try_from(timeout).ok().map(Duration::from_millis);
        if nitems == 0 && timeout.is_none() {
            return Err(libc::EFAULT);
        }
        let c_items: &mut [zmq_pollitem_t] = if nitems == 0 {
            &mut []
        } else {
            // SAFETY: items is non-NULL and points to nitems writable
            // zmq_pollitem_t (zmq_poll(3)).
            unsafe { std::slice::from_raw_parts_mut(items, nitems as usize) }
        };
        // Each distinct socket once (an application may list one socket in
        // several items), all validated before waiting: a bad one fails
        // the call (ENOTSOCK).
        let mut handles: Vec<*mut c_void> = Vec::new();
        let mut sockets: Vec<&mut Socket> = Vec::new();
        let mut watched = Vec::with_capacity(c_items.len());
        for it in c_items.iter() {
            let source = if it.socket.is_null() {
                Source::Fd(it.fd)
            } else if let Some(i) = handles.iter().position(|&h| h == it.socket) {
                Source::Socket(i)
            } else {
                // SAFETY: a non-NULL item socket is from zmq_socket
                // (zmq_poll(3)), and this is its only reference: a handle
                // listed again reuses it (above).
                sockets.push(unsafe { sock_mut(it.socket)? });
                handles.push(it.socket);
                Source::Socket(handles.len() - 1)
            };
            watched.push(Item::new(source, it.events));
        }
        let ready = crate::poll::poll(&mut sockets, &mut watched, timeout);
        for (it, w) in c_items.iter_mut().zip(&watched) {
            it.revents = w.revents;
        }
        Ok(ready? as c_int)
    })
}
