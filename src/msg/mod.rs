//! Messages. A `Msg` lives inside the C `zmq_msg_t` (64 bytes), so it must
//! stay at most 60 bytes (the last 4 mark it initialised) and be movable by
//! `memcpy`. Bodies of up to `MAX_VSM` bytes are stored inline (no
//! allocation); larger bodies live in one reference-counted allocation
//! (`buf::HeapBuf`) shared by copies.

pub mod buf;

use buf::HeapBuf;

use std::ffi::CString;
use std::os::raw::c_void;
use std::sync::Arc;

pub const MAX_VSM: usize = 33;

pub const FLAG_MORE: u8 = 1;
pub const FLAG_COMMAND: u8 = 2;

/// A C free callback (`zmq_free_fn`).
pub type FreeFn = unsafe extern "C" fn(data: *mut c_void, hint: *mut c_void);

/// Application data handed over by `zmq_msg_init_data` with a free
/// function, called exactly once when the last message referring to it
/// goes away.
pub struct Foreign {
    ptr: *mut u8,
    len: usize,
    free: FreeFn,
    hint: *mut c_void,
}

// SAFETY: the data is immutable once shared (as in libzmq, writing to a
// shared message body is the application's own race), and the free
// callback is called once from whichever thread drops the last reference,
// which libzmq also allows.
unsafe impl Send for Foreign {}
unsafe impl Sync for Foreign {}

impl Drop for Foreign {
    fn drop(&mut self) {
        // SAFETY: the application gave us this callback for this data.
        unsafe { (self.free)(self.ptr as *mut c_void, self.hint) }
    }
}

/// Peer properties attached to received messages (`zmq_msg_gets`), and
/// the fd of the connection they came from (ZMQ_SRCFD).
#[derive(Debug)]
pub struct Metadata {
    props: Vec<(String, CString)>,
    pub src_fd: i32,
}

impl Default for Metadata {
    fn default() -> Metadata {
        Metadata {
            props: Vec::new(),
            src_fd: -1,
        }
    }
}

impl Metadata {
    pub fn new() -> Metadata {
        Metadata::default()
    }
    pub fn set(&mut self, name: &str, value: &[u8]) {
        let v: Vec<u8> = value.iter().copied().take_while(|&b| b != 0).collect();
        let c = CString::new(v).unwrap_or_default();
        if let Some(p) = self.props.iter_mut().find(|p| p.0 == name) {
            p.1 = c;
        } else {
            self.props.push((name.to_string(), c));
        }
    }
    pub fn get(&self, name: &str) -> Option<&CString> {
        self.props.iter().find(|p| p.0 == name).map(|p| &p.1)
    }
}

enum Body {
    Inline {
        len: u8,
        buf: [u8; MAX_VSM],
    },
    /// Our own allocation: reference count and bytes in one block.
    Heap {
        buf: HeapBuf,
        len: usize,
    },
    /// Application data with a free function (zmq_msg_init_data).
    Foreign(Arc<Foreign>),
    /// Constant data the application promised never to free (zmq_send_const).
    Const {
        ptr: *const u8,
        len: usize,
    },
}

pub struct Msg {
    body: Body,
    meta: Option<Arc<Metadata>>,
    flags: u8,
}

// SAFETY: Const bodies point at data the application declared immutable and
// alive forever; everything else is owned or shared thread-safely.
unsafe impl Send for Msg {}

const _: () = assert!(std::mem::size_of::<Msg>() <= 60);
const _: () = assert!(std::mem::align_of::<Msg>() <= 8);

impl Default for Msg {
    fn default() -> Self {
        Msg::new()
    }
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Msg({} bytes, flags {})", self.len(), self.flags)
    }
}

impl Msg {
    pub fn new() -> Msg {
        Msg::with_body(Body::Inline {
            len: 0,
            buf: [0; MAX_VSM],
        })
    }

    fn with_body(body: Body) -> Msg {
        Msg {
            body,
            meta: None,
            flags: 0,
        }
    }

    /// A message of `len` zeroed bytes; None when the memory is not there
    /// (zmq_msg_init_size's ENOMEM).
    pub fn try_with_size(len: usize) -> Option<Msg> {
        if len <= MAX_VSM {
            return Some(Msg::with_body(Body::Inline {
                len: len as u8,
                buf: [0; MAX_VSM],
            }));
        }
        let buf = HeapBuf::try_zeroed(len)?;
        Some(Msg::with_body(Body::Heap { buf, len }))
    }

    /// A copy of `data`; None when the memory is not there.
    pub fn try_from_slice(data: &[u8]) -> Option<Msg> {
        if data.len() <= MAX_VSM {
            let mut buf = [0; MAX_VSM];
            buf[..data.len()].copy_from_slice(data);
            return Some(Msg::with_body(Body::Inline {
                len: data.len() as u8,
                buf,
            }));
        }
        let buf = HeapBuf::try_copy(data)?;
        Some(Msg::with_body(Body::Heap {
            buf,
            len: data.len(),
        }))
    }

    /// A copy of a small, library-made body (ids, events, envelopes). Sizes
    /// a caller or a peer chooses go through `try_from_slice` instead.
    pub fn from_slice(data: &[u8]) -> Msg {
        match Msg::try_from_slice(data) {
            Some(m) => m,
            None => std::alloc::handle_alloc_error(
                std::alloc::Layout::array::<u8>(data.len())
                    .unwrap_or(std::alloc::Layout::new::<u8>()),
            ),
        }
    }

    /// A message over a finished buffer (the decoder's large bodies).
    pub fn from_heap(buf: HeapBuf, len: usize) -> Msg {
        debug_assert!(len <= buf.cap());
        Msg::with_body(Body::Heap { buf, len })
    }

    /// Wrap application data; `ffn(data, hint)` is called once when the last
    /// copy is closed.
    ///
    /// # Safety
    /// `data` must be valid for `len` bytes until `ffn` is called.
    pub unsafe fn from_foreign(
        data: *mut u8,
        len: usize,
        ffn: Option<FreeFn>,
        hint: *mut c_void,
    ) -> Msg {
        let Some(free) = ffn else {
            // No free function: the data is the application's for good,
            // which libzmq treats as constant (and so shared).
            // SAFETY: forwarded from the caller's contract.
            return unsafe { Msg::from_const(data, len) };
        };
        Msg::with_body(Body::Foreign(Arc::new(Foreign {
            ptr: data,
            len,
            free,
            hint,
        })))
    }

    /// # Safety
    /// `data` must stay valid and unchanged for the life of the process.
    pub unsafe fn from_const(data: *const u8, len: usize) -> Msg {
        Msg::with_body(Body::Const { ptr: data, len })
    }

    pub fn len(&self) -> usize {
        match &self.body {
            Body::Inline { len, .. } => *len as usize,
            Body::Heap { len, .. } => *len,
            Body::Foreign(f) => f.len,
            Body::Const { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn data(&self) -> &[u8] {
        match &self.body {
            Body::Inline { len, buf } => &buf[..*len as usize],
            // SAFETY: each pointer is valid for len initialised bytes while
            // its owner lives (heap bytes are written before a Msg exists).
            Body::Heap { buf, len } => unsafe { slice_or_empty(buf.data_ptr(), *len) },
            Body::Foreign(f) => unsafe { slice_or_empty(f.ptr, f.len) },
            Body::Const { ptr, len } => unsafe { slice_or_empty(*ptr, *len) },
        }
    }

    /// The pointer `zmq_msg_data` hands out (writable, as in libzmq).
    pub fn data_ptr(&mut self) -> *mut u8 {
        match &mut self.body {
            Body::Inline { buf, .. } => buf.as_mut_ptr(),
            Body::Heap { buf, .. } => buf.data_ptr(),
            Body::Foreign(f) => f.ptr,
            Body::Const { ptr, .. } => *ptr as *mut u8,
        }
    }

    /// The bytes, writable, of a body this message alone owns (inline, or
    /// an unshared allocation of ours: what the decoder produces); None
    /// for any other body.
    pub fn unique_data_mut(&mut self) -> Option<&mut [u8]> {
        match &mut self.body {
            Body::Inline { len, buf } => Some(&mut buf[..*len as usize]),
            Body::Heap { buf, len } if !buf.is_shared() => {
                // SAFETY: len initialised bytes; unshared, so no one else
                // reads them while the borrow of self lasts.
                Some(unsafe { std::slice::from_raw_parts_mut(buf.data_ptr(), *len) })
            }
            _ => None,
        }
    }

    /// Drop the first `n` bytes of a body this message alone owns, moving
    /// the rest to the front (a CURVE MESSAGE opened in place). False, and
    /// nothing changed, for any other body or an `n` past the end.
    pub fn consume_front(&mut self, n: usize) -> bool {
        let Some(data) = self.unique_data_mut() else {
            return false;
        };
        if n > data.len() {
            return false;
        }
        data.copy_within(n.., 0);
        let rest = data.len() - n;
        match &mut self.body {
            Body::Inline { len, .. } => *len = rest as u8,
            Body::Heap { len, .. } => *len = rest,
            _ => return false,
        }
        if rest <= MAX_VSM {
            // Small enough to live inline: free the allocation now.
            let mut buf = [0; MAX_VSM];
            buf[..rest].copy_from_slice(&self.data()[..rest]);
            self.body = Body::Inline {
                len: rest as u8,
                buf,
            };
        }
        true
    }

    pub fn more(&self) -> bool {
        self.flags & FLAG_MORE != 0
    }
    pub fn set_more(&mut self, more: bool) {
        if more {
            self.flags |= FLAG_MORE;
        } else {
            self.flags &= !FLAG_MORE;
        }
    }
    pub fn flags(&self) -> u8 {
        self.flags
    }
    pub fn set_flags(&mut self, f: u8) {
        self.flags = f;
    }

    /// Whether the body is shared with other messages (ZMQ_SHARED).
    pub fn is_shared(&self) -> bool {
        match &self.body {
            Body::Heap { buf, .. } => buf.is_shared(),
            Body::Foreign(f) => Arc::strong_count(f) > 1,
            Body::Const { .. } => true,
            Body::Inline { .. } => false,
        }
    }

    pub fn metadata(&self) -> Option<&Arc<Metadata>> {
        self.meta.as_ref()
    }
    pub fn set_metadata(&mut self, m: Option<Arc<Metadata>>) {
        self.meta = m;
    }

    /// A second message sharing this one's body (zmq_msg_copy).
    pub fn share(&self) -> Msg {
        let body = match &self.body {
            Body::Inline { len, buf } => Body::Inline {
                len: *len,
                buf: *buf,
            },
            Body::Heap { buf, len } => Body::Heap {
                buf: buf.clone(),
                len: *len,
            },
            Body::Foreign(f) => Body::Foreign(f.clone()),
            Body::Const { ptr, len } => Body::Const {
                ptr: *ptr,
                len: *len,
            },
        };
        Msg {
            body,
            meta: self.meta.clone(),
            flags: self.flags,
        }
    }
}

unsafe fn slice_or_empty<'a>(p: *const u8, len: usize) -> &'a [u8] {
    if len == 0 || p.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(p, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static FREED: AtomicUsize = AtomicUsize::new(0);
    unsafe extern "C" fn count_free(_d: *mut c_void, _h: *mut c_void) {
        FREED.fetch_add(1, Ordering::SeqCst);
    }

    #[test]
    fn inline_and_heap() {
        let m = Msg::from_slice(b"hello");
        assert_eq!(m.data(), b"hello");
        let big = vec![7u8; 1000];
        let m2 = Msg::from_slice(&big);
        assert_eq!(m2.data(), &big[..]);
        let c = m2.share();
        assert!(c.is_shared());
        assert_eq!(c.data(), &big[..]);
    }

    #[test]
    fn foreign_freed_once() {
        let mut data = vec![1u8; 100];
        let m = unsafe {
            Msg::from_foreign(
                data.as_mut_ptr(),
                100,
                Some(count_free),
                std::ptr::null_mut(),
            )
        };
        let c = m.share();
        drop(m);
        assert_eq!(FREED.load(Ordering::SeqCst), 0);
        drop(c);
        assert_eq!(FREED.load(Ordering::SeqCst), 1);
    }
}
