//! zmq_ctx_* and the legacy zmq_init/zmq_term.

use super::{call_int, guard};
use crate::ctx::CtxInner;
use crate::errno::ZResult;
use std::os::raw::{c_int, c_void};
use std::sync::Arc;

const CTX_TAG: u32 = 0xabad_cafe;
const CTX_DEAD: u32 = 0xdead_cafe;

#[repr(C)]
pub(crate) struct CtxHandle {
    tag: u32,
    pub inner: Arc<CtxInner>,
}

/// A live context, or EFAULT (libzmq's errno for a bad context pointer).
///
/// # Safety
/// `p` must be NULL or a pointer returned by zmq_ctx_new.
pub(crate) unsafe fn ctx_ref<'a>(p: *mut c_void) -> ZResult<&'a CtxHandle> {
    if p.is_null() {
        return Err(libc::EFAULT);
    }
    let h = &*(p as *const CtxHandle);
    if h.tag != CTX_TAG {
        return Err(libc::EFAULT);
    }
    Ok(h)
}

/// Create a new 0MQ context.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_new() -> *mut c_void {
    guard(std::ptr::null_mut(), || {
        Box::into_raw(Box::new(CtxHandle {
            tag: CTX_TAG,
            inner: CtxInner::new(),
        })) as *mut c_void
    })
}

/// Terminate a context: blocks until all its sockets are closed.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_term(context: *mut c_void) -> c_int {
    call_int(|| {
        let h = ctx_ref(context)?;
        h.inner.term();
        let h = context as *mut CtxHandle;
        (*h).tag = CTX_DEAD;
        drop(Box::from_raw(h));
        Ok(0)
    })
}

/// Make blocked and future calls on the context's sockets fail with ETERM.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_shutdown(context: *mut c_void) -> c_int {
    call_int(|| {
        ctx_ref(context)?.inner.shutdown();
        Ok(0)
    })
}

/// Set a context option.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_set(context: *mut c_void, option: c_int, optval: c_int) -> c_int {
    call_int(|| {
        ctx_ref(context)?.inner.set(option, optval)?;
        Ok(0)
    })
}

/// Get a context option.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_get(context: *mut c_void, option: c_int) -> c_int {
    call_int(|| ctx_ref(context)?.inner.get(option))
}

/// Deprecated: create a context with the given number of I/O threads.
#[no_mangle]
pub unsafe extern "C" fn zmq_init(io_threads: c_int) -> *mut c_void {
    if io_threads < 0 {
        crate::errno::set_errno(libc::EINVAL);
        return std::ptr::null_mut();
    }
    let c = zmq_ctx_new();
    if !c.is_null() {
        zmq_ctx_set(c, crate::constants::ZMQ_IO_THREADS, io_threads);
    }
    c
}

/// Deprecated alias of zmq_ctx_term.
#[no_mangle]
pub unsafe extern "C" fn zmq_term(context: *mut c_void) -> c_int {
    zmq_ctx_term(context)
}

/// Deprecated alias of zmq_ctx_term.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_destroy(context: *mut c_void) -> c_int {
    zmq_ctx_term(context)
}
