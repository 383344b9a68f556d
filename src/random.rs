//! Random numbers for what libzmq randomises: initial REQ request ids and
//! ROUTER routing ids, reconnect jitter. Not for anything secret.

/// A random u32 from the kernel (the process id if that fails).
pub fn u32() -> u32 {
    let mut b = [0u8; 4];
    // SAFETY: getrandom into a 4-byte buffer we own.
    let n = unsafe { libc::getrandom(b.as_mut_ptr() as *mut _, 4, 0) };
    if n == 4 {
        u32::from_ne_bytes(b)
    } else {
        std::process::id()
    }
}
