//! Message bodies too large to live inside `zmq_msg_t`: one allocation
//! holding a reference count followed by the bytes (libzmq's `content_t`
//! idea), so a received or sent body costs one `malloc`, not a `Vec` plus
//! an `Arc`. Every allocation here is fallible: a size chosen by a caller
//! or claimed by a peer must end in ENOMEM or a dropped connection, never
//! in Rust's abort-on-OOM.

use std::alloc::{self, Layout};
use std::mem::MaybeUninit;
use std::ptr::NonNull;
use std::sync::atomic::{fence, AtomicUsize, Ordering};

#[repr(C)]
struct Header {
    refs: AtomicUsize,
    cap: usize,
}

const HDR: usize = std::mem::size_of::<Header>();
const ALIGN: usize = std::mem::align_of::<Header>();

fn layout(cap: usize) -> Option<Layout> {
    Layout::from_size_align(HDR.checked_add(cap)?, ALIGN).ok()
}

/// A shared, immutable-once-shared byte buffer: header and bytes in one
/// block. Cloning shares it (`zmq_msg_copy`); the last owner frees it.
pub struct HeapBuf {
    ptr: NonNull<Header>,
}

// SAFETY: the header is only touched atomically, and the bytes are written
// only while the buffer is unique (`&mut self` with refs == 1); once
// shared they are read-only (writing through zmq_msg_data to a shared
// message is the application's own race, as in libzmq).
unsafe impl Send for HeapBuf {}
unsafe impl Sync for HeapBuf {}

impl HeapBuf {
    /// Room for `cap` bytes, zero-filled (so every byte is initialised;
    /// large zeroed allocations come from fresh, lazily mapped pages).
    pub fn try_zeroed(cap: usize) -> Option<HeapBuf> {
        Self::alloc_with(cap, true)
    }

    /// Room for `cap` bytes whose content the caller writes before reading.
    fn try_uninit(cap: usize) -> Option<HeapBuf> {
        Self::alloc_with(cap, false)
    }

    fn alloc_with(cap: usize, zeroed: bool) -> Option<HeapBuf> {
        let l = layout(cap)?;
        // SAFETY: the layout has a non-zero size (the header).
        let p = unsafe {
            if zeroed {
                alloc::alloc_zeroed(l)
            } else {
                alloc::alloc(l)
            }
        };
        let ptr = NonNull::new(p as *mut Header)?;
        // SAFETY: freshly allocated, suitably aligned for Header.
        unsafe {
            ptr.as_ptr().write(Header {
                refs: AtomicUsize::new(1),
                cap,
            })
        };
        Some(HeapBuf { ptr })
    }

    /// A buffer holding a copy of `data`.
    pub fn try_copy(data: &[u8]) -> Option<HeapBuf> {
        let b = Self::try_uninit(data.len())?;
        // SAFETY: the buffer has room for data.len() bytes and is ours.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), b.data_ptr(), data.len()) };
        Some(b)
    }

    fn header(&self) -> &Header {
        // SAFETY: ptr points at a live header while self exists.
        unsafe { self.ptr.as_ref() }
    }

    pub fn cap(&self) -> usize {
        self.header().cap
    }

    pub fn data_ptr(&self) -> *mut u8 {
        // SAFETY: the bytes start right after the header, same allocation.
        unsafe { (self.ptr.as_ptr() as *mut u8).add(HDR) }
    }

    pub fn is_shared(&self) -> bool {
        self.header().refs.load(Ordering::Acquire) > 1
    }

    /// Grow or shrink the unique buffer to `cap` bytes (its first
    /// min(old, new) bytes kept). False, and the buffer unchanged, when the
    /// memory is not there.
    fn try_realloc(&mut self, cap: usize) -> bool {
        debug_assert!(!self.is_shared());
        let (Some(old), Some(new)) = (layout(self.cap()), layout(cap)) else {
            return false;
        };
        // SAFETY: ptr was allocated with `old`; the new size is non-zero.
        let p = unsafe { alloc::realloc(self.ptr.as_ptr() as *mut u8, old, new.size()) };
        let Some(ptr) = NonNull::new(p as *mut Header) else {
            return false;
        };
        self.ptr = ptr;
        // SAFETY: unique owner; the header moved with the block.
        unsafe { (*self.ptr.as_ptr()).cap = cap };
        true
    }
}

impl Clone for HeapBuf {
    fn clone(&self) -> HeapBuf {
        self.header().refs.fetch_add(1, Ordering::Relaxed);
        HeapBuf { ptr: self.ptr }
    }
}

impl Drop for HeapBuf {
    fn drop(&mut self) {
        if self.header().refs.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // Everything other owners did happens before the free.
        fence(Ordering::Acquire);
        let cap = self.cap();
        if let Some(l) = layout(cap) {
            // SAFETY: last owner; allocated with this layout.
            unsafe { alloc::dealloc(self.ptr.as_ptr() as *mut u8, l) };
        }
    }
}

/// A body being filled as bytes arrive (the decoder's large frames). It
/// grows only with data actually received, so a peer's size claim costs
/// nothing until the bytes come.
pub struct GrowBuf {
    buf: Option<HeapBuf>,
    len: usize,
}

impl GrowBuf {
    pub fn new() -> GrowBuf {
        GrowBuf { buf: None, len: 0 }
    }

    /// Bytes written so far.
    pub fn filled(&self) -> usize {
        self.len
    }

    fn cap(&self) -> usize {
        self.buf.as_ref().map_or(0, |b| b.cap())
    }

    /// Make room for `extra` more bytes, never past `limit` in all,
    /// doubling the capacity when it grows (small appends stay amortised).
    /// False when the memory is not there.
    pub fn try_reserve(&mut self, extra: usize, limit: usize) -> bool {
        let doubled = self.cap().saturating_mul(2);
        self.grow(extra, limit, doubled)
    }

    /// As `try_reserve`, but room for exactly `extra` more bytes (for
    /// reads straight into the buffer, which ask for large steps already).
    pub fn try_reserve_exact(&mut self, extra: usize, limit: usize) -> bool {
        self.grow(extra, limit, 0)
    }

    fn grow(&mut self, extra: usize, limit: usize, at_least: usize) -> bool {
        let want = self.len.saturating_add(extra).min(limit);
        if want <= self.cap() {
            return true;
        }
        let cap = want.max(at_least).min(limit);
        match &mut self.buf {
            None => match HeapBuf::try_uninit(cap) {
                Some(b) => {
                    self.buf = Some(b);
                    true
                }
                None => false,
            },
            Some(b) => b.try_realloc(cap),
        }
    }

    /// The reserved, not yet written part.
    pub fn spare(&mut self) -> &mut [MaybeUninit<u8>] {
        let cap = self.cap();
        match &self.buf {
            None => &mut [],
            // SAFETY: [len, cap) lies inside the unique allocation; it is
            // handed out as MaybeUninit, so no uninitialised byte is read.
            Some(b) => unsafe {
                std::slice::from_raw_parts_mut(
                    b.data_ptr().add(self.len) as *mut MaybeUninit<u8>,
                    cap - self.len,
                )
            },
        }
    }

    /// `n` more bytes of `spare()` were written.
    pub fn advance(&mut self, n: usize) {
        assert!(n <= self.cap() - self.len, "advance past the reserved room");
        self.len += n;
    }

    /// Append `data`; the room must have been reserved.
    pub fn extend(&mut self, data: &[u8]) {
        let spare = self.spare();
        assert!(data.len() <= spare.len(), "extend past the reserved room");
        // SAFETY: room checked above; MaybeUninit<u8> has u8's layout.
        unsafe {
            std::ptr::copy_nonoverlapping(data.as_ptr(), spare.as_mut_ptr() as *mut u8, data.len())
        };
        self.len += data.len();
    }

    /// The finished body: (buffer, length). Trims slack left by doubling.
    pub fn finish(mut self) -> Option<(HeapBuf, usize)> {
        let len = self.len;
        let mut b = self.buf.take()?;
        if b.cap() - len > len / 4 {
            // A failed shrink just keeps the slack.
            b.try_realloc(len);
        }
        Some((b, len))
    }
}

impl Default for GrowBuf {
    fn default() -> Self {
        GrowBuf::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_share_and_free() {
        let b = HeapBuf::try_copy(b"hello world").unwrap();
        assert!(!b.is_shared());
        let c = b.clone();
        assert!(b.is_shared());
        drop(b);
        assert!(!c.is_shared());
        // SAFETY: 11 bytes written by try_copy.
        let s = unsafe { std::slice::from_raw_parts(c.data_ptr(), 11) };
        assert_eq!(s, b"hello world");
    }

    #[test]
    fn absurd_sizes_fail_cleanly() {
        assert!(HeapBuf::try_zeroed(1 << 62).is_none());
        assert!(HeapBuf::try_zeroed(usize::MAX).is_none());
        let mut g = GrowBuf::new();
        assert!(!g.try_reserve(1 << 62, usize::MAX));
        assert_eq!(g.filled(), 0);
    }

    #[test]
    fn grows_with_data_not_claims() {
        let mut g = GrowBuf::new();
        assert!(g.try_reserve(100, 1 << 30));
        assert_eq!(g.cap(), 100, "reserves what arrived, not the claim");
        g.extend(&[7u8; 100]);
        assert!(g.try_reserve(10, 1 << 30));
        assert_eq!(g.cap(), 200, "then doubles");
        g.extend(&[8u8; 10]);
        let (b, len) = g.finish().unwrap();
        assert_eq!(len, 110);
        assert!(b.cap() >= 110 && b.cap() <= 137);
        // SAFETY: 110 bytes were written.
        let s = unsafe { std::slice::from_raw_parts(b.data_ptr(), len) };
        assert!(s[..100].iter().all(|&x| x == 7) && s[100..].iter().all(|&x| x == 8));
    }

    #[test]
    fn exact_reservation_does_not_double() {
        let mut g = GrowBuf::new();
        assert!(g.try_reserve(1000, 1 << 30));
        g.extend(&[1; 1000]);
        assert!(g.try_reserve_exact(1000, 1 << 30));
        assert_eq!(g.cap(), 2000);
    }

    #[test]
    fn growth_never_passes_the_limit() {
        let mut g = GrowBuf::new();
        assert!(g.try_reserve(60, 100));
        g.extend(&[0; 60]);
        assert!(g.try_reserve(60, 100));
        assert_eq!(g.cap(), 100);
    }
}
