//! The built-in proxies and the deprecated device API. Not implemented
//! yet: they fail cleanly with ENOTSUP (see docs/compat.md).

use super::entry;
use crate::errno::ZResult;
use std::os::raw::{c_int, c_void};

fn not_yet() -> ZResult<c_int> {
    Err(libc::ENOTSUP)
}

/// Built-in proxy (not yet: ENOTSUP).
#[no_mangle]
pub unsafe extern "C" fn zmq_proxy(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
) -> c_int {
    let _ = (frontend, backend, capture);
    entry(not_yet)
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
    entry(not_yet)
}

/// Deprecated device API (not yet: ENOTSUP).
#[no_mangle]
pub unsafe extern "C" fn zmq_device(
    type_: c_int,
    frontend: *mut c_void,
    backend: *mut c_void,
) -> c_int {
    let _ = (type_, frontend, backend);
    entry(not_yet)
}
