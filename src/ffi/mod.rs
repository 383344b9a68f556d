//! The C ABI shell: pointer checks, errno, the panic boundary. No logic
//! lives here beyond translating between C and the Rust API.
//!
//! Safety contract of every exported function: the pointer rules of the
//! libzmq man page of the same name.
#![allow(clippy::missing_safety_doc)]

// One module per C object family. cbindgen emits the functions in the
// order of these declarations, which include/zmq.h follows (contexts,
// monitor, proxies, messages, poll, sockets, utilities); the blank lines
// keep rustfmt from sorting them.
pub mod ctx;
pub mod monitor;

pub mod proxy;

pub mod msg;
pub mod poll;
pub mod socket;
pub mod types;
pub mod util;

use crate::errno::{set_errno, ZResult};
use std::os::raw::c_int;

/// Run `f` so that no panic unwinds into C: a panic becomes `fail` with
/// errno EFAULT (the closest libzmq has to "internal error").
pub(crate) fn guard<T>(fail: T, f: impl FnOnce() -> T) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(_) => {
            set_errno(libc::EFAULT);
            fail
        }
    }
}

/// Map a result to C's int-or-minus-one, setting errno on failure.
pub(crate) fn ret_int(r: ZResult<c_int>) -> c_int {
    match r {
        Ok(v) => v,
        Err(e) => {
            set_errno(e);
            -1
        }
    }
}

/// Run a fallible body returning int under the panic guard.
pub(crate) fn call_int(f: impl FnOnce() -> ZResult<c_int>) -> c_int {
    guard(-1, || ret_int(f()))
}

/// A C string argument as &str; NULL or non-UTF-8 is an error.
///
/// # Safety
/// `p` must be NULL or a NUL-terminated string.
pub(crate) unsafe fn c_str<'a>(p: *const std::os::raw::c_char) -> ZResult<&'a str> {
    if p.is_null() {
        return Err(libc::EINVAL);
    }
    std::ffi::CStr::from_ptr(p)
        .to_str()
        .map_err(|_| libc::EINVAL)
}
