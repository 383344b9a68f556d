//! errno handling: the Rust side returns `Result<T, Errno>`; the C shell
//! stores the code in the thread's real `errno`.

use crate::constants::*;
use std::os::raw::c_int;

/// An errno value, as C sees it.
pub type Errno = c_int;

pub type ZResult<T> = Result<T, Errno>;

/// Store `e` in the calling thread's C `errno`.
pub fn set_errno(e: Errno) {
    // SAFETY: __errno_location always returns a valid thread-local pointer.
    unsafe { *libc::__errno_location() = e }
}

pub fn errno() -> Errno {
    // SAFETY: as above.
    unsafe { *libc::__errno_location() }
}

/// The last OS error as an Errno.
pub fn last_os_errno() -> Errno {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

/// Map a std::io::Error to an errno.
pub fn io_errno(e: &std::io::Error) -> Errno {
    e.raw_os_error().unwrap_or(match e.kind() {
        std::io::ErrorKind::WouldBlock => libc::EAGAIN,
        std::io::ErrorKind::InvalidInput => libc::EINVAL,
        std::io::ErrorKind::AddrInUse => libc::EADDRINUSE,
        std::io::ErrorKind::AddrNotAvailable => libc::EADDRNOTAVAIL,
        std::io::ErrorKind::ConnectionRefused => libc::ECONNREFUSED,
        _ => libc::EIO,
    })
}

/// Messages for the errno values that libzmq (and our TLS transport) adds
/// on top of the system's. NUL-terminated so they can go straight to C.
pub fn zmq_message(e: Errno) -> Option<&'static [u8]> {
    Some(match e {
        // libzmq's own text for this one, rather than glibc's.
        libc::EHOSTUNREACH => b"Host unreachable\0",
        EFSM => b"Operation cannot be accomplished in current state\0",
        ENOCOMPATPROTO => b"The protocol is not compatible with the socket type\0",
        ETERM => b"Context was terminated\0",
        EMTHREAD => b"No thread available\0",
        // Also the settings that need a CA of their own to mean anything
        // (a name or CRL to check, the host check turned off).
        ETLSCA => b"TLS: CA certificates unusable, or required by these settings\0",
        ETLSCERT => b"TLS: unable to load certificate\0",
        ETLSKEY => b"TLS: unable to load private key\0",
        ETLSKEYINVALID => b"TLS: certificate and private key do not match\0",
        ETLSPASS => b"TLS: wrong or missing private key password\0",
        ETLSCTX => b"TLS: could not create context\0",
        ETLSCIPHER => b"TLS: could not set ciphers\0",
        ETLS => b"TLS: handshake or session failure\0",
        ETLSVERIFY => b"TLS: peer certificate verification failed\0",
        ETLSCNAME => b"TLS: peer certificate name does not match\0",
        _ => return None,
    })
}
