//! The C ABI shell: pointer checks, errno, the panic boundary. No logic
//! lives here beyond translating between C and the Rust API.
//!
//! Every exported function has the same shape: a plain
//! `#[no_mangle] pub unsafe extern "C" fn` (so that cbindgen sees it and
//! writes its prototype into include/zmq.h) whose whole body is one call
//! of [`entry`]:
//!
//! ```ignore
//! #[no_mangle]
//! pub unsafe extern "C" fn zmq_bind(s: *mut c_void, addr: *const c_char) -> c_int {
//!     entry(|| {
//!         // SAFETY: s is NULL or from zmq_socket, addr NULL or a C string.
//!         let (sock, addr) = unsafe { (sock_mut(s)?, c_str(addr)?) };
//!         sock.bind(addr)?;
//!         Ok(0)
//!     })
//! }
//! ```
//!
//! The body turns the C arguments into Rust values with the checking
//! helpers below (and `ctx_ref`, `sock_mut`, `msg_mut`), calls the Rust
//! API and returns `Result<T, Errno>`; `entry` turns that into the C
//! return value and `errno`, and a panic into a failure with EFAULT.
//!
//! Safety contract of every exported function: the pointer rules of the
//! libzmq man page of the same name. Inside, every unsafe operation is in
//! its own `unsafe {}` block with a `// SAFETY:` comment saying which part
//! of that contract (or which check before it) makes it sound; the two
//! lints below enforce it.
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]
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
use std::os::raw::{c_char, c_int, c_long, c_ulong};

/// The value an exported function returns to C when it fails, by C
/// return type, as libzmq does: -1 for `int` and `long`, NULL for
/// pointers, 0 for `size_t` and `unsigned long`, nothing for `void`.
///
/// (A function rather than an associated const: cbindgen, which reads
/// this module, warns about associated consts on primitive types.)
pub(crate) trait CReturn {
    fn fail() -> Self;
}

impl CReturn for c_int {
    fn fail() -> Self {
        -1
    }
}

impl CReturn for c_long {
    fn fail() -> Self {
        -1
    }
}

impl CReturn for usize {
    fn fail() -> Self {
        0
    }
}

impl CReturn for c_ulong {
    fn fail() -> Self {
        0
    }
}

impl<T> CReturn for *mut T {
    fn fail() -> Self {
        std::ptr::null_mut()
    }
}

impl<T> CReturn for *const T {
    fn fail() -> Self {
        std::ptr::null()
    }
}

impl CReturn for () {
    fn fail() -> Self {}
}

/// The boundary every exported function goes through: runs `body`, maps
/// `Ok(v)` to `v` (errno untouched) and `Err(e)` to the return type's
/// failure value with errno `e`. A panic never unwinds into C: it becomes
/// the failure value with errno EFAULT (the closest libzmq has to
/// "internal error").
#[inline]
pub(crate) fn entry<T: CReturn>(body: impl FnOnce() -> ZResult<T>) -> T {
    entry_or(T::fail(), body)
}

/// [`entry`] for the few functions whose failure value is not their
/// return type's usual one (e.g. `zmq_msg_more`, which gives 0).
pub(crate) fn entry_or<T>(fail: T, body: impl FnOnce() -> ZResult<T>) -> T {
    // AssertUnwindSafe: a panic is a bug, and whatever state the body was
    // changing (a socket, a context) is left as it was when it panicked;
    // that is still memory-safe Rust state, and the C caller gets a
    // failure it can report instead of an abort or an unwind into C.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            set_errno(e);
            fail
        }
        Err(_) => {
            set_errno(libc::EFAULT);
            fail
        }
    }
}

/// A C string argument as &str; NULL or non-UTF-8 is EINVAL.
///
/// # Safety
/// `p` must be NULL or a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn c_str<'a>(p: *const c_char) -> ZResult<&'a str> {
    if p.is_null() {
        return Err(libc::EINVAL);
    }
    // SAFETY: non-NULL, and NUL-terminated per the caller's contract.
    unsafe { std::ffi::CStr::from_ptr(p) }
        .to_str()
        .map_err(|_| libc::EINVAL)
}

/// A `(pointer, length)` buffer argument as a slice; NULL with a non-zero
/// length is EFAULT, any pointer with length 0 is the empty slice.
///
/// # Safety
/// Unless NULL or `len` is 0, `p` must be valid for reads of `len` bytes
/// during `'a`.
pub(crate) unsafe fn bytes<'a, T>(p: *const T, len: usize) -> ZResult<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(libc::EFAULT);
    }
    // SAFETY: non-NULL and, per the caller's contract, readable for len
    // bytes; u8 has no alignment requirement.
    Ok(unsafe { std::slice::from_raw_parts(p as *const u8, len) })
}

/// [`bytes`] for an output buffer.
///
/// # Safety
/// Unless NULL or `len` is 0, `p` must be valid for writes of `len` bytes
/// during `'a`, and not otherwise accessed meanwhile.
pub(crate) unsafe fn bytes_mut<'a, T>(p: *mut T, len: usize) -> ZResult<&'a mut [u8]> {
    if len == 0 {
        return Ok(&mut []);
    }
    if p.is_null() {
        return Err(libc::EFAULT);
    }
    // SAFETY: non-NULL and, per the caller's contract, writable and
    // unaliased for len bytes; u8 has no alignment requirement.
    Ok(unsafe { std::slice::from_raw_parts_mut(p as *mut u8, len) })
}

/// Closed handles (sockets, contexts) that C may still point at: kept,
/// tagged dead, for a while, so a stale pointer meets a dead tag (ENOTSOCK,
/// EFAULT) rather than freed memory, as libzmq's reaper keeps sockets; the
/// oldest are freed once there are more than `GRAVEYARD_MAX`.
pub(crate) struct Graveyard(std::sync::Mutex<std::collections::VecDeque<usize>>);

const GRAVEYARD_MAX: usize = 4096;

impl Graveyard {
    pub(crate) const fn new() -> Graveyard {
        Graveyard(std::sync::Mutex::new(std::collections::VecDeque::new()))
    }

    /// Keep a dead handle, freeing the oldest one past the limit.
    ///
    /// # Safety
    /// `p` comes from `Box::<T>::into_raw`, is buried once, and every handle
    /// in this graveyard is a `Box<T>` of the same `T`.
    pub(crate) unsafe fn bury<T>(&self, p: *mut T) {
        let mut g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        g.push_back(p as usize);
        if g.len() > GRAVEYARD_MAX {
            if let Some(old) = g.pop_front() {
                // SAFETY: per the contract, a Box<T> buried once.
                drop(unsafe { Box::from_raw(old as *mut T) });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errno::errno;

    #[test]
    fn ok_passes_through_and_leaves_errno() {
        set_errno(libc::EBADF);
        assert_eq!(entry(|| Ok::<c_int, _>(7)), 7);
        assert_eq!(errno(), libc::EBADF);
    }

    #[test]
    fn err_gives_failure_value_and_errno() {
        assert_eq!(entry(|| Err::<c_int, _>(libc::EAGAIN)), -1);
        assert_eq!(errno(), libc::EAGAIN);
        assert_eq!(entry(|| Err::<c_long, _>(libc::EINVAL)), -1);
        assert_eq!(errno(), libc::EINVAL);
        assert!(entry(|| Err::<*mut u8, _>(libc::ENOTSOCK)).is_null());
        assert_eq!(errno(), libc::ENOTSOCK);
        assert!(entry(|| Err::<*const c_char, _>(libc::ENOMEM)).is_null());
        assert_eq!(entry(|| Err::<usize, _>(libc::EFAULT)), 0);
        assert_eq!(entry(|| Err::<c_ulong, _>(libc::EFAULT)), 0);
        entry(|| Err::<(), _>(libc::ETIMEDOUT));
        assert_eq!(errno(), libc::ETIMEDOUT);
        assert_eq!(entry_or(0, || Err::<c_int, _>(libc::EFAULT)), 0);
    }

    #[test]
    fn panic_gives_failure_value_and_efault() {
        set_errno(0);
        let r: c_int = entry(|| panic!("boom"));
        assert_eq!((r, errno()), (-1, libc::EFAULT));
        set_errno(0);
        let p: *mut u8 = entry(|| panic!("boom"));
        assert!(p.is_null());
        assert_eq!(errno(), libc::EFAULT);
        set_errno(0);
        assert_eq!(entry_or(0, || -> ZResult<c_int> { panic!("boom") }), 0);
        assert_eq!(errno(), libc::EFAULT);
    }

    #[test]
    fn buffer_arguments() {
        // SAFETY: NULL, or a live local array of the given length.
        unsafe {
            assert_eq!(bytes(std::ptr::null::<u8>(), 0), Ok(&[][..]));
            assert_eq!(bytes(std::ptr::null::<u8>(), 1), Err(libc::EFAULT));
            let a = [1u8, 2, 3];
            assert_eq!(bytes(a.as_ptr(), 2), Ok(&a[..2]));
            assert!(bytes_mut(std::ptr::null_mut::<u8>(), 0).is_ok());
            assert_eq!(
                bytes_mut(std::ptr::null_mut::<u8>(), 4).err(),
                Some(libc::EFAULT)
            );
            assert_eq!(c_str(std::ptr::null()), Err(libc::EINVAL));
            assert_eq!(c_str(c"tcp".as_ptr()), Ok("tcp"));
        }
    }
}
