//! C-ABI types of the libzmq 4.3.5 stable API, laid out exactly as in
//! libzmq's `zmq.h`. `tools/gen-header` (cbindgen) emits the C definitions
//! of `zmq_msg_t`, `zmq_pollitem_t` and `zmq_fd_t` from here.
//!
//! The callback typedefs (`zmq_free_fn`, `zmq_timer_fn`, `zmq_thread_fn`)
//! are *function* types in C, which Rust cannot express; see the comment
//! above their definitions for how exported functions take them.

#![allow(non_camel_case_types, dead_code)]

use std::os::raw::{c_int, c_short, c_uchar, c_void};

/// A message, as seen by C: 64 opaque bytes, aligned like a pointer.
///
/// The library keeps its own message representation inside these bytes;
/// C code only ever allocates, moves and passes `zmq_msg_t` by pointer.
///
/// cbindgen:field-names=[_]
#[repr(C, align(8))]
pub struct zmq_msg_t {
    pub bytes: [c_uchar; 64],
}

/// Socket file descriptor type used by `zmq_pollitem_t` (an `int` on POSIX).
pub type zmq_fd_t = c_int;

/// One entry of the `zmq_poll` item array.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct zmq_pollitem_t {
    pub socket: *mut c_void,
    pub fd: zmq_fd_t,
    pub events: c_short,
    pub revents: c_short,
}

// Callback types.
//
// In C these are *function* types, e.g.
// `typedef void (zmq_free_fn) (void *data_, void *hint_);`, and parameters
// are declared as `zmq_free_fn *ffn`. Rust has no function types, so:
//
// * `zmq_free_fn`, `zmq_timer_fn`, `zmq_thread_fn` are opaque marker types,
//   used only behind a raw pointer. An exported parameter written as
//   `ffn: *mut zmq_free_fn` is emitted by cbindgen as `zmq_free_fn *ffn`
//   (the C typedefs are verbatim text in cbindgen.toml; these Rust items are
//   excluded from the header). Such a pointer is ABI-identical to a nullable
//   C function pointer.
// * `ZmqFreeFn`, `ZmqTimerFn`, `ZmqThreadFn` are the matching Rust function
//   pointer types; `to_fn` / `from_fn` convert (NULL <-> `None`).

/// Rust function-pointer form of C's `zmq_free_fn *`.
pub type ZmqFreeFn = unsafe extern "C" fn(data: *mut c_void, hint: *mut c_void);
/// Rust function-pointer form of C's `zmq_timer_fn *`.
pub type ZmqTimerFn = unsafe extern "C" fn(timer_id: c_int, arg: *mut c_void);
/// Rust function-pointer form of C's `zmq_thread_fn *`.
pub type ZmqThreadFn = unsafe extern "C" fn(arg: *mut c_void);

macro_rules! c_function_type {
    ($(#[$doc:meta])* $name:ident => $fnty:ty) => {
        $(#[$doc])*
        #[repr(C)]
        pub struct $name {
            _opaque: [u8; 0],
        }

        impl $name {
            /// Converts a C function pointer (possibly NULL) to Rust.
            ///
            /// # Safety
            /// `p` must be NULL or point to a function with the C signature
            /// of this type.
            #[inline]
            pub unsafe fn to_fn(p: *mut $name) -> Option<$fnty> {
                if p.is_null() {
                    None
                } else {
                    // SAFETY: non-null and, per the caller's contract, a
                    // function of this signature; code and data pointers
                    // have the same size on all supported targets.
                    Some(unsafe { std::mem::transmute::<*mut $name, $fnty>(p) })
                }
            }

            /// Converts a Rust function pointer to the C form (`None` -> NULL).
            #[inline]
            pub fn from_fn(f: Option<$fnty>) -> *mut $name {
                match f {
                    Some(f) => f as *mut $name,
                    None => std::ptr::null_mut(),
                }
            }
        }
    };
}

c_function_type!(
    /// C `zmq_free_fn`: deallocator passed to `zmq_msg_init_data`.
    zmq_free_fn => ZmqFreeFn
);
c_function_type!(
    /// C `zmq_timer_fn`: handler passed to `zmq_timers_add`.
    zmq_timer_fn => ZmqTimerFn
);
c_function_type!(
    /// C `zmq_thread_fn`: thread body passed to `zmq_threadstart`.
    zmq_thread_fn => ZmqThreadFn
);

// Layout guarantees relied upon by C callers (checked at compile time).
const _: () = {
    assert!(std::mem::size_of::<zmq_msg_t>() == 64);
    assert!(std::mem::align_of::<zmq_msg_t>() == std::mem::align_of::<*mut c_void>());
    assert!(std::mem::size_of::<zmq_pollitem_t>() == 16);
};
