//! A drop-in replacement for libzmq 4.3 (`libzmq.so.5`), written in Rust,
//! with an additional `tls://` transport.
//!
//! Layers, top to bottom: `ffi` (the C ABI shell), `socket` (per-pattern
//! routing; `poll`, zmq_poll's loop, beside it), `pipe` (bounded queues), `session` (one connection's
//! lifecycle and data path), `zmtp` (the sans-IO protocol engine),
//! `transport` (byte streams), `reactor` (the I/O threads that drive
//! sessions). docs/architecture.md follows a message through them.

pub mod constants;
pub mod ctx;
pub mod errno;
pub mod ffi;
pub mod monitor;
pub mod msg;
pub mod options;
pub mod pipe;
pub mod poll;
pub mod random;
pub mod reactor;
pub mod session;
pub mod signaler;
pub mod socket;
/// The synchronisation primitives the wake protocol is written against
/// (std here; loom in tools/loom-pipe, which model-checks it).
pub(crate) mod sync {
    pub use std::sync::{atomic, Mutex, MutexGuard};
}
pub mod transport;
pub mod zmtp;
