//! Messages. A `Msg` lives inside the C `zmq_msg_t` (64 bytes), so it must
//! stay at most 64 bytes and be movable by `memcpy`. Bodies of up to
//! `MAX_VSM` bytes are stored inline (no allocation); larger bodies live in a
//! reference-counted buffer shared by copies.

use std::ffi::CString;
use std::os::raw::c_void;
use std::sync::Arc;

pub const MAX_VSM: usize = 33;

pub const FLAG_MORE: u8 = 1;
pub const FLAG_COMMAND: u8 = 2;

/// A C free callback (`zmq_free_fn`).
pub type FreeFn = unsafe extern "C" fn(data: *mut c_void, hint: *mut c_void);

/// A body too large to store inline. Frees itself exactly once, when the
/// last message referring to it goes away.
pub struct Buffer {
    ptr: *mut u8,
    len: usize,
    owner: Owner,
}

enum Owner {
    /// Allocated by us as a boxed slice.
    Rust,
    /// Supplied by the application (`zmq_msg_init_data` with a free fn;
    /// without one the body is constant, see `from_foreign`).
    Foreign(FreeFn, *mut c_void),
}

// SAFETY: the buffer is immutable once shared (as in libzmq, writing to a
// shared message body is the application's own race), and the foreign free
// callback is called once from whichever thread drops the last reference,
// which libzmq also allows.
unsafe impl Send for Buffer {}
unsafe impl Sync for Buffer {}

impl Buffer {
    fn from_vec(v: Vec<u8>) -> Buffer {
        let b = v.into_boxed_slice();
        let len = b.len();
        let ptr = Box::into_raw(b) as *mut u8;
        Buffer {
            ptr,
            len,
            owner: Owner::Rust,
        }
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        match self.owner {
            Owner::Rust => {
                // SAFETY: ptr/len came from Box::into_raw of a boxed slice.
                unsafe {
                    drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                        self.ptr, self.len,
                    )))
                };
            }
            Owner::Foreign(f, hint) => {
                // SAFETY: the application gave us this callback for this data.
                unsafe { f(self.ptr as *mut c_void, hint) }
            }
        }
    }
}

/// Peer properties attached to received messages (`zmq_msg_gets`).
#[derive(Default, Debug)]
pub struct Metadata {
    props: Vec<(String, CString)>,
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
    Shared(Arc<Buffer>),
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
// alive forever; everything else is owned.
unsafe impl Send for Msg {}

const _: () = assert!(std::mem::size_of::<Msg>() <= 64);
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
        Msg {
            body: Body::Inline {
                len: 0,
                buf: [0; MAX_VSM],
            },
            meta: None,
            flags: 0,
        }
    }

    /// A message of `len` bytes, content unspecified (zeroed).
    pub fn with_size(len: usize) -> Msg {
        if len <= MAX_VSM {
            Msg {
                body: Body::Inline {
                    len: len as u8,
                    buf: [0; MAX_VSM],
                },
                meta: None,
                flags: 0,
            }
        } else {
            Msg::from_vec(vec![0; len])
        }
    }

    pub fn from_slice(data: &[u8]) -> Msg {
        if data.len() <= MAX_VSM {
            let mut buf = [0; MAX_VSM];
            buf[..data.len()].copy_from_slice(data);
            Msg {
                body: Body::Inline {
                    len: data.len() as u8,
                    buf,
                },
                meta: None,
                flags: 0,
            }
        } else {
            Msg::from_vec(data.to_vec())
        }
    }

    pub fn from_vec(v: Vec<u8>) -> Msg {
        if v.len() <= MAX_VSM {
            return Msg::from_slice(&v);
        }
        Msg {
            body: Body::Shared(Arc::new(Buffer::from_vec(v))),
            meta: None,
            flags: 0,
        }
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
        let Some(f) = ffn else {
            // No free function: the data is the application's for good,
            // which libzmq treats as constant (and so shared).
            return Msg::from_const(data, len);
        };
        Msg {
            body: Body::Shared(Arc::new(Buffer {
                ptr: data,
                len,
                owner: Owner::Foreign(f, hint),
            })),
            meta: None,
            flags: 0,
        }
    }

    /// # Safety
    /// `data` must stay valid and unchanged for the life of the process.
    pub unsafe fn from_const(data: *const u8, len: usize) -> Msg {
        Msg {
            body: Body::Const { ptr: data, len },
            meta: None,
            flags: 0,
        }
    }

    pub fn len(&self) -> usize {
        match &self.body {
            Body::Inline { len, .. } => *len as usize,
            Body::Shared(b) => b.len,
            Body::Const { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn data(&self) -> &[u8] {
        match &self.body {
            Body::Inline { len, buf } => &buf[..*len as usize],
            // SAFETY: ptr is valid for len bytes while the buffer lives.
            Body::Shared(b) => unsafe { slice_or_empty(b.ptr, b.len) },
            Body::Const { ptr, len } => unsafe { slice_or_empty(*ptr, *len) },
        }
    }

    /// The pointer `zmq_msg_data` hands out (writable, as in libzmq).
    pub fn data_ptr(&mut self) -> *mut u8 {
        match &mut self.body {
            Body::Inline { buf, .. } => buf.as_mut_ptr(),
            Body::Shared(b) => b.ptr,
            Body::Const { ptr, .. } => *ptr as *mut u8,
        }
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
            Body::Shared(b) => Arc::strong_count(b) > 1,
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
            Body::Shared(b) => Body::Shared(b.clone()),
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
