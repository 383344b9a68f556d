//! zmq_poll's loop: wait until sockets or plain file descriptors are
//! ready, or a timeout passes.
//!
//! A socket is ready by its `ZMQ_EVENTS`; between checks the loop sleeps
//! in poll(2) on the socket's `ZMQ_FD` (edge-triggered: any wake-up means
//! "look again"). A file descriptor is ready by what poll(2) says. The C
//! shell (`ffi::poll`) only checks arguments and converts
//! `zmq_pollitem_t`.

use crate::constants::{ZMQ_POLLERR, ZMQ_POLLIN, ZMQ_POLLOUT, ZMQ_POLLPRI};
use crate::errno::{last_os_errno, ZResult};
use crate::socket::Socket;
use std::os::fd::RawFd;
use std::os::raw::c_short;
use std::time::{Duration, Instant};

/// What a poll item watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A socket, by its index in the `sockets` argument of [`poll`]; one
    /// socket may be watched by several items.
    Socket(usize),
    /// A file descriptor (which need not belong to this library).
    Fd(RawFd),
}

/// One watched socket or descriptor, as in `zmq_pollitem_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub source: Source,
    /// What to wait for: `ZMQ_POLLIN`, `ZMQ_POLLOUT`, and for descriptors
    /// `ZMQ_POLLPRI`.
    pub events: c_short,
    /// Set by [`poll`]: the events that are ready. For a descriptor also
    /// `ZMQ_POLLERR` when poll(2) reports anything but in/out/pri (an
    /// error, a hang-up, an invalid descriptor).
    pub revents: c_short,
}

impl Item {
    pub fn new(source: Source, events: c_short) -> Item {
        Item {
            source,
            events,
            revents: 0,
        }
    }
}

/// Wait until at least one item is ready, or until `timeout` passes
/// (`None`: no limit; `Some(ZERO)`: just look). Returns how many items
/// are ready, each item's `revents` saying what.
///
/// Errors: a socket's `ZMQ_EVENTS` error (e.g. ETERM), EINTR when a signal
/// interrupts the wait, or poll(2)'s own error. An empty `items` sleeps
/// for the timeout and returns 0 (without a timeout it waits for a signal,
/// then EINTR).
///
/// # Panics
/// If an item's `Source::Socket` index is out of `sockets`' bounds.
pub fn poll(
    sockets: &mut [&mut Socket],
    items: &mut [Item],
    timeout: Option<Duration>,
) -> ZResult<usize> {
    if let (true, Some(t)) = (items.is_empty(), timeout) {
        if !t.is_zero() {
            std::thread::sleep(t);
        }
        return Ok(0);
    }
    let deadline = timeout.map(|t| Instant::now() + t);
    let mut pfds: Vec<libc::pollfd> = items
        .iter()
        .map(|it| match it.source {
            Source::Fd(fd) => libc::pollfd {
                fd,
                events: fd_events(it.events),
                revents: 0,
            },
            Source::Socket(i) => libc::pollfd {
                fd: sockets[i].fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        })
        .collect();
    let mut first = true;
    loop {
        // Descriptors: a non-blocking look on the first pass; after a
        // wait, the revents the wait produced.
        if first {
            match sys_poll(&mut pfds, 0) {
                Err(e) if e != libc::EINTR => return Err(e),
                _ => {}
            }
        }
        let mut count = 0;
        for (it, p) in items.iter_mut().zip(pfds.iter()) {
            it.revents = 0;
            it.revents = match it.source {
                Source::Fd(_) => zmq_revents(p.revents),
                Source::Socket(i) => sockets[i].events()? as c_short & it.events,
            };
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
        // A signal during the wait: EINTR, as libzmq.
        let woken = sys_poll(&mut pfds, wait_ms)?;
        first = false;
        if woken == 0 && deadline.is_some_and(|d| d <= Instant::now()) {
            // Timed out: one last readiness check below returns 0.
            first = true;
        }
    }
}

/// poll(2) events for a descriptor item's ZMQ_POLL* events.
fn fd_events(events: c_short) -> c_short {
    let mut ev: c_short = 0;
    if events & ZMQ_POLLIN != 0 {
        ev |= libc::POLLIN;
    }
    if events & ZMQ_POLLOUT != 0 {
        ev |= libc::POLLOUT;
    }
    if events & ZMQ_POLLPRI != 0 {
        ev |= libc::POLLPRI;
    }
    ev
}

/// ZMQ_POLL* revents for what poll(2) reported on a descriptor.
fn zmq_revents(r: c_short) -> c_short {
    let mut ev: c_short = 0;
    if r & libc::POLLIN != 0 {
        ev |= ZMQ_POLLIN;
    }
    if r & libc::POLLOUT != 0 {
        ev |= ZMQ_POLLOUT;
    }
    if r & libc::POLLPRI != 0 {
        ev |= ZMQ_POLLPRI;
    }
    if r & !(libc::POLLIN | libc::POLLOUT | libc::POLLPRI) != 0 {
        ev |= ZMQ_POLLERR;
    }
    ev
}

/// poll(2) on `pfds` (their revents cleared first); the number of ready
/// entries, or the errno.
fn sys_poll(pfds: &mut [libc::pollfd], timeout_ms: i32) -> ZResult<usize> {
    for p in pfds.iter_mut() {
        p.revents = 0;
    }
    // SAFETY: pfds is an exclusively borrowed, initialised array of
    // pfds.len() pollfd structures, which poll(2) only reads and writes
    // within that length; an empty slice's dangling pointer is never
    // dereferenced (nfds 0).
    let rc = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, timeout_ms) };
    if rc < 0 {
        Err(last_os_errno())
    } else {
        Ok(rc as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::{ZMQ_LINGER, ZMQ_PAIR};
    use crate::ctx::CtxInner;
    use crate::msg::Msg;
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn empty_set_sleeps_for_the_timeout() {
        let t = Instant::now();
        assert_eq!(poll(&mut [], &mut [], Some(30 * MS)), Ok(0));
        assert!(t.elapsed() >= 30 * MS);
        assert_eq!(poll(&mut [], &mut [], Some(Duration::ZERO)), Ok(0));
    }

    #[test]
    fn descriptors() {
        let (mut a, b) = UnixStream::pair().unwrap();
        let rd = Source::Fd(b.as_raw_fd());
        let mut items = [Item::new(rd, ZMQ_POLLIN)];
        assert_eq!(poll(&mut [], &mut items, Some(Duration::ZERO)), Ok(0));
        assert_eq!(items[0].revents, 0);

        let t = Instant::now();
        assert_eq!(poll(&mut [], &mut items, Some(40 * MS)), Ok(0));
        assert!(t.elapsed() >= 40 * MS);

        let mut items = [
            Item::new(rd, ZMQ_POLLIN),
            Item::new(Source::Fd(a.as_raw_fd()), ZMQ_POLLOUT),
        ];
        assert_eq!(poll(&mut [], &mut items, None), Ok(1));
        assert_eq!(items[1].revents, ZMQ_POLLOUT);

        a.write_all(b"x").unwrap();
        assert_eq!(poll(&mut [], &mut items, Some(1000 * MS)), Ok(2));
        assert_eq!(items[0].revents, ZMQ_POLLIN);

        // A hang-up is ZMQ_POLLERR (next to the readable EOF).
        drop(a);
        let mut items = [Item::new(rd, ZMQ_POLLIN)];
        assert_eq!(poll(&mut [], &mut items, Some(1000 * MS)), Ok(1));
        assert_eq!(items[0].revents, ZMQ_POLLIN | ZMQ_POLLERR);

        // Not a descriptor (POLLNVAL): ZMQ_POLLERR at once.
        let mut items = [Item::new(Source::Fd(1 << 20), ZMQ_POLLIN)];
        assert_eq!(poll(&mut [], &mut items, None), Ok(1));
        assert_eq!(items[0].revents, ZMQ_POLLERR);
    }

    #[test]
    fn sockets() {
        let ctx = CtxInner::new().unwrap();
        let mut a = ctx.create_socket(ZMQ_PAIR).unwrap();
        let mut b = ctx.create_socket(ZMQ_PAIR).unwrap();
        for s in [&mut a, &mut b] {
            s.setsockopt(ZMQ_LINGER, Some(&0i32.to_ne_bytes())).unwrap();
        }
        b.bind("inproc://poll-unit").unwrap();
        a.connect("inproc://poll-unit").unwrap();

        // b watched twice through one socket reference, a for output.
        let mut items = [
            Item::new(Source::Socket(0), ZMQ_POLLIN),
            Item::new(Source::Socket(1), ZMQ_POLLOUT),
            Item::new(Source::Socket(0), ZMQ_POLLIN | ZMQ_POLLOUT),
        ];
        {
            let mut socks = [&mut b, &mut a];
            let n = poll(&mut socks, &mut items[..1], Some(20 * MS));
            assert_eq!((n, items[0].revents), (Ok(0), 0));
            assert_eq!(poll(&mut socks, &mut items, Some(1000 * MS)), Ok(2));
            assert_eq!(items[1].revents, ZMQ_POLLOUT);
            assert_eq!(items[2].revents, ZMQ_POLLOUT);
        }

        a.send(Msg::try_from_slice(b"hi").unwrap(), 0)
            .map_err(|(e, _)| e)
            .unwrap();
        {
            let mut socks = [&mut b, &mut a];
            assert_eq!(poll(&mut socks, &mut items[..1], None), Ok(1));
            assert_eq!(items[0].revents, ZMQ_POLLIN);
        }
        assert_eq!(b.recv(0).unwrap().data(), b"hi");

        a.close();
        b.close();
        ctx.term().unwrap();
    }
}
