//! The socket's wake-up fd: an eventfd that the I/O threads (and the
//! context, on termination) write to when something changed for the socket.
//! It is also what `ZMQ_FD` returns.

use std::os::raw::c_int;

pub struct Signaler {
    fd: c_int,
}

impl Signaler {
    pub fn new() -> std::io::Result<Signaler> {
        // SAFETY: plain syscall.
        let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Signaler { fd })
    }

    pub fn fd(&self) -> c_int {
        self.fd
    }

    pub fn signal(&self) {
        let one: u64 = 1;
        // SAFETY: writing 8 bytes from a valid u64 to our eventfd. A full
        // counter (EAGAIN) already means "signalled", so the result is moot.
        unsafe { libc::write(self.fd, &one as *const u64 as *const _, 8) };
    }

    /// Reset the signal; returns whether it was set.
    pub fn drain(&self) -> bool {
        let mut v: u64 = 0;
        // SAFETY: reading 8 bytes into a valid u64 from our non-blocking eventfd.
        let n = unsafe { libc::read(self.fd, &mut v as *mut u64 as *mut _, 8) };
        n == 8
    }

    /// Wait until signalled or `timeout_ms` passes (-1: forever); whether
    /// the signal is set. Does not reset it. A signal handler running in
    /// this thread ends the wait with EINTR, so blocking calls return it
    /// as libzmq's do.
    pub fn wait(&self, timeout_ms: i32) -> Result<bool, crate::errno::Errno> {
        let mut pfd = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let rc = unsafe { libc::poll(&mut pfd, 1, timeout_ms) };
        if rc < 0 {
            return Err(crate::errno::last_os_errno());
        }
        Ok(rc > 0)
    }
}

impl Drop for Signaler {
    fn drop(&mut self) {
        // SAFETY: we own the fd.
        unsafe { libc::close(self.fd) };
    }
}
