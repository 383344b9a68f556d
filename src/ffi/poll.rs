//! zmq_poll over sockets and raw file descriptors.

use super::entry;
use super::socket::sock_mut;
use super::types::zmq_pollitem_t;
use crate::constants::*;
use std::os::raw::{c_int, c_long, c_short};
use std::time::{Duration, Instant};

/// Wait for events on sockets and file descriptors.
#[no_mangle]
pub unsafe extern "C" fn zmq_poll(
    items: *mut zmq_pollitem_t,
    nitems: c_int,
    timeout: c_long,
) -> c_int {
    // SAFETY: items points to nitems zmq_pollitem_t whose sockets are NULL
    // or from zmq_socket (zmq_poll(3)); checked for NULL below. Moved out
    // of ffi/ with a safe API in the next commit.
    entry(|| unsafe {
        if nitems < 0 || (items.is_null() && nitems > 0) {
            return Err(libc::EFAULT);
        }
        if nitems == 0 {
            if timeout > 0 {
                std::thread::sleep(Duration::from_millis(timeout as u64));
            } else if timeout < 0 {
                return Err(libc::EFAULT);
            }
            return Ok(0);
        }
        let items = std::slice::from_raw_parts_mut(items, nitems as usize);
        // Validate sockets up front: a bad one fails the call (ENOTSOCK).
        for it in items.iter() {
            if !it.socket.is_null() {
                sock_mut(it.socket)?;
            }
        }
        let deadline =
            (timeout >= 0).then(|| Instant::now() + Duration::from_millis(timeout as u64));
        let mut pfds: Vec<libc::pollfd> = items
            .iter()
            .map(|it| {
                if it.socket.is_null() {
                    let mut ev: c_short = 0;
                    if it.events & ZMQ_POLLIN as c_short != 0 {
                        ev |= libc::POLLIN;
                    }
                    if it.events & ZMQ_POLLOUT as c_short != 0 {
                        ev |= libc::POLLOUT;
                    }
                    if it.events & ZMQ_POLLPRI as c_short != 0 {
                        ev |= libc::POLLPRI;
                    }
                    libc::pollfd {
                        fd: it.fd,
                        events: ev,
                        revents: 0,
                    }
                } else {
                    let fd = sock_mut(it.socket).map(|s| s.fd()).unwrap_or(-1);
                    libc::pollfd {
                        fd,
                        events: libc::POLLIN,
                        revents: 0,
                    }
                }
            })
            .collect();
        let mut first = true;
        loop {
            // Raw fds: a non-blocking look on the first pass; after a wait,
            // the revents the wait produced.
            if first {
                for p in pfds.iter_mut() {
                    p.revents = 0;
                }
                let rc = libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, 0);
                if rc < 0 {
                    let e = crate::errno::last_os_errno();
                    if e != libc::EINTR {
                        return Err(e);
                    }
                }
            }
            let mut count = 0;
            for (it, p) in items.iter_mut().zip(pfds.iter()) {
                it.revents = 0;
                if it.socket.is_null() {
                    let r = p.revents;
                    if r & libc::POLLIN != 0 {
                        it.revents |= ZMQ_POLLIN as c_short;
                    }
                    if r & libc::POLLOUT != 0 {
                        it.revents |= ZMQ_POLLOUT as c_short;
                    }
                    if r & libc::POLLPRI != 0 {
                        it.revents |= ZMQ_POLLPRI as c_short;
                    }
                    if r & !(libc::POLLIN | libc::POLLOUT | libc::POLLPRI) != 0 {
                        it.revents |= ZMQ_POLLERR as c_short;
                    }
                } else {
                    let s = sock_mut(it.socket)?;
                    let ev = s.events()? as c_short;
                    it.revents = ev & it.events;
                }
                if it.revents != 0 {
                    count += 1;
                }
            }
            if count > 0 {
                return Ok(count);
            }
            let wait_ms = match deadline {
                None => -1,
                Some(d) => {
                    let now = Instant::now();
                    if d <= now {
                        return Ok(0);
                    }
                    ((d - now).as_millis() + 1).min(i32::MAX as u128) as i32
                }
            };
            for p in pfds.iter_mut() {
                p.revents = 0;
            }
            let rc = libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, wait_ms);
            if rc < 0 {
                let e = crate::errno::last_os_errno();
                if e == libc::EINTR {
                    return Err(libc::EINTR);
                }
                return Err(e);
            }
            first = false;
            if rc == 0 && deadline.is_some_and(|d| d <= Instant::now()) {
                // Timed out: one last readiness check below returns 0.
                first = true;
            }
        }
    })
}
