//! The two syscalls every byte stream uses. Writes go through
//! `sendmsg(MSG_NOSIGNAL)`: a peer that resets mid-write must give us
//! EPIPE, never a SIGPIPE that kills the host program (plain `write` and
//! `writev` raise it). Reads go straight into uninitialised memory, so a
//! large body is not zero-filled before the bytes land in it.

use std::io::{self, IoSlice};
use std::mem::MaybeUninit;
use std::os::fd::RawFd;

/// Vectored write that never raises SIGPIPE.
pub fn send_vectored(fd: RawFd, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
    // SAFETY: zeroed msghdr is valid; the iovecs point at live slices
    // (IoSlice is ABI-compatible with iovec) for the duration of the call.
    let rc = unsafe {
        let mut mh: libc::msghdr = std::mem::zeroed();
        mh.msg_iov = bufs.as_ptr() as *mut libc::iovec;
        mh.msg_iovlen = bufs.len().min(libc::UIO_MAXIOV as usize) as _;
        libc::sendmsg(fd, &mh, libc::MSG_NOSIGNAL)
    };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc as usize)
    }
}

/// One read into (possibly uninitialised) memory.
pub fn recv(fd: RawFd, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize> {
    // SAFETY: buf is valid for writes of buf.len() bytes; the kernel writes
    // at most that many and we report how many it wrote.
    let rc = unsafe { libc::recv(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len(), 0) };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc as usize)
    }
}

/// View an initialised byte buffer as MaybeUninit for `recv`.
pub fn as_uninit(buf: &mut [u8]) -> &mut [MaybeUninit<u8>] {
    // SAFETY: u8 and MaybeUninit<u8> have the same layout, and writing
    // initialised bytes through the view keeps the buffer initialised.
    unsafe { std::slice::from_raw_parts_mut(buf.as_mut_ptr() as *mut MaybeUninit<u8>, buf.len()) }
}
