//! API whose behaviour lands in later issues: the monitor, proxies and
//! devices. They fail cleanly with ENOTSUP (see docs/compat.md).

use std::os::raw::{c_char, c_int, c_void};

fn not_yet() -> c_int {
    crate::errno::set_errno(libc::ENOTSUP);
    -1
}

/// Monitor a socket's events through an inproc PAIR endpoint (NULL stops).
#[no_mangle]
pub unsafe extern "C" fn zmq_socket_monitor(
    s: *mut c_void,
    addr: *const c_char,
    events: c_int,
) -> c_int {
    super::call_int(|| {
        let sock = super::socket::sock_mut(s)?;
        let a = if addr.is_null() {
            None
        } else {
            Some(super::c_str(addr)?)
        };
        sock.monitor(a, events)?;
        Ok(0)
    })
}

/// Built-in proxy (not yet: ENOTSUP).
#[no_mangle]
pub unsafe extern "C" fn zmq_proxy(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
) -> c_int {
    let _ = (frontend, backend, capture);
    not_yet()
}

/// Built-in proxy with a control socket (not yet: ENOTSUP).
#[no_mangle]
pub unsafe extern "C" fn zmq_proxy_steerable(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> c_int {
    let _ = (frontend, backend, capture, control);
    not_yet()
}

/// Deprecated device API (not yet: ENOTSUP).
#[no_mangle]
pub unsafe extern "C" fn zmq_device(
    type_: c_int,
    frontend: *mut c_void,
    backend: *mut c_void,
) -> c_int {
    let _ = (type_, frontend, backend);
    not_yet()
}
