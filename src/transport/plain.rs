//! tcp:// and ipc:// connections: a non-blocking socket, no handshake of
//! its own.

use super::{sys, Stream};
use mio::event::Source;
use std::io::{self, IoSlice};
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, RawFd};

pub struct Plain<S> {
    sock: S,
    peer: Option<String>,
}

impl<S> Plain<S> {
    pub fn new(sock: S, peer: Option<String>) -> Plain<S> {
        Plain { sock, peer }
    }
}

impl<S: Source + AsRawFd + Send> Stream for Plain<S> {
    fn source(&mut self) -> &mut dyn Source {
        &mut self.sock
    }

    fn fd(&self) -> RawFd {
        self.sock.as_raw_fd()
    }

    fn read(&mut self, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize> {
        sys::recv(self.sock.as_raw_fd(), buf)
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        sys::send_vectored(self.sock.as_raw_fd(), bufs)
    }

    fn peer_address(&self) -> Option<String> {
        self.peer.clone()
    }
}
