//! zmq_ctx_* and the legacy zmq_init/zmq_term.

use super::entry;
use crate::constants::ZMQ_IO_THREADS;
use crate::ctx::CtxInner;
use crate::errno::{io_errno, set_errno, ZResult};
use std::os::raw::{c_int, c_void};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

const CTX_TAG: u32 = 0xabad_cafe;
const CTX_DEAD: u32 = 0xdead_cafe;

pub(crate) struct CtxHandle {
    tag: AtomicU32,
    inner: Mutex<Option<Arc<CtxInner>>>,
}

/// Terminated handles are kept a while (their context freed, the small
/// shell kept) so that a second zmq_ctx_term, or any call on a terminated
/// context, meets a dead tag (EFAULT) rather than freed memory.
static GRAVEYARD: super::Graveyard = super::Graveyard::new();

/// A live context, or EFAULT (libzmq's errno for a bad context pointer).
///
/// # Safety
/// `p` must be NULL or a pointer returned by zmq_ctx_new.
pub(crate) unsafe fn ctx_ref(p: *mut c_void) -> ZResult<Arc<CtxInner>> {
    if p.is_null() {
        return Err(libc::EFAULT);
    }
    // SAFETY: per the contract, p came from zmq_ctx_new, whose shells are
    // never freed before they leave the graveyard.
    let h = unsafe { &*(p as *const CtxHandle) };
    if h.tag.load(Ordering::Acquire) != CTX_TAG {
        return Err(libc::EFAULT);
    }
    let inner = h.inner.lock().unwrap_or_else(|e| e.into_inner());
    inner.clone().ok_or(libc::EFAULT)
}

/// A new context behind a C handle.
fn ctx_new() -> ZResult<*mut c_void> {
    let inner = CtxInner::new().map_err(|e| io_errno(&e))?;
    Ok(Box::into_raw(Box::new(CtxHandle {
        tag: AtomicU32::new(CTX_TAG),
        inner: Mutex::new(Some(inner)),
    })) as *mut c_void)
}

/// zmq_ctx_term and its aliases.
///
/// # Safety
/// As [`ctx_ref`].
unsafe fn ctx_term(context: *mut c_void) -> ZResult<c_int> {
    // SAFETY: forwarded from the caller's contract.
    let inner = unsafe { ctx_ref(context)? };
    inner.term()?;
    // SAFETY: ctx_ref checked this is a live shell from zmq_ctx_new.
    let h = unsafe { &*(context as *const CtxHandle) };
    if h.tag.swap(CTX_DEAD, Ordering::AcqRel) != CTX_TAG {
        // Another thread terminated it at the same time.
        return Err(libc::EFAULT);
    }
    h.inner.lock().unwrap_or_else(|e| e.into_inner()).take();
    // SAFETY: a Box<CtxHandle> from zmq_ctx_new, buried once (its tag
    // was swapped to dead once, just above).
    unsafe { GRAVEYARD.bury(context as *mut CtxHandle) };
    Ok(0)
}

/// Create a new 0MQ context.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_new() -> *mut c_void {
    entry(ctx_new)
}

/// Terminate a context: blocks until all its sockets are closed.
/// EINTR if a signal handler ran meanwhile; it may then be called again.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_term(context: *mut c_void) -> c_int {
    // SAFETY: context is NULL or from zmq_ctx_new (zmq_ctx_term(3)).
    entry(|| unsafe { ctx_term(context) })
}

/// Make blocked and future calls on the context's sockets fail with ETERM.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_shutdown(context: *mut c_void) -> c_int {
    entry(|| {
        // SAFETY: context is NULL or from zmq_ctx_new (zmq_ctx_shutdown(3)).
        unsafe { ctx_ref(context)? }.shutdown();
        Ok(0)
    })
}

/// Set a context option.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_set(context: *mut c_void, option: c_int, optval: c_int) -> c_int {
    entry(|| {
        // SAFETY: context is NULL or from zmq_ctx_new (zmq_ctx_set(3)).
        unsafe { ctx_ref(context)? }.set(option, optval)?;
        Ok(0)
    })
}

/// Get a context option.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_get(context: *mut c_void, option: c_int) -> c_int {
    // SAFETY: context is NULL or from zmq_ctx_new (zmq_ctx_get(3)).
    entry(|| unsafe { ctx_ref(context)? }.get(option))
}

/// Deprecated: create a context with the given number of I/O threads.
#[no_mangle]
pub unsafe extern "C" fn zmq_init(io_threads: c_int) -> *mut c_void {
    entry(|| {
        if io_threads < 0 {
            return Err(libc::EINVAL);
        }
        let c = ctx_new()?;
        // As libzmq: the context is returned even if the option is
        // refused (errno then tells why).
        // SAFETY: c was just returned by ctx_new.
        if let Err(e) = unsafe { ctx_ref(c)? }.set(ZMQ_IO_THREADS, io_threads) {
            set_errno(e);
        }
        Ok(c)
    })
}

/// Deprecated alias of zmq_ctx_term.
#[no_mangle]
pub unsafe extern "C" fn zmq_term(context: *mut c_void) -> c_int {
    // SAFETY: context is NULL or from zmq_ctx_new (zmq_term(3)).
    entry(|| unsafe { ctx_term(context) })
}

/// Deprecated alias of zmq_ctx_term.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_destroy(context: *mut c_void) -> c_int {
    // SAFETY: context is NULL or from zmq_ctx_new (zmq_ctx_destroy(3)).
    entry(|| unsafe { ctx_term(context) })
}
