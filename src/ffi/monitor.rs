//! zmq_socket_monitor: a socket's events published on an inproc PAIR
//! endpoint.

use super::socket::sock_mut;
use super::{c_str, entry};
use std::os::raw::{c_char, c_int, c_void};

/// Monitor a socket's events through an inproc PAIR endpoint (NULL stops).
#[no_mangle]
pub unsafe extern "C" fn zmq_socket_monitor(
    s: *mut c_void,
    addr: *const c_char,
    events: c_int,
) -> c_int {
    entry(|| {
        // SAFETY: s is NULL or from zmq_socket (zmq_socket_monitor(3)).
        let sock = unsafe { sock_mut(s)? };
        let a = if addr.is_null() {
            None
        } else {
            // SAFETY: a non-NULL addr is a C string (zmq_socket_monitor(3)).
            Some(unsafe { c_str(addr)? })
        };
        sock.monitor(a, events)?;
        Ok(0)
    })
}
