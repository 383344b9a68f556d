//! A drop-in replacement for libzmq 4.3 (`libzmq.so.5`), written in Rust,
//! with an additional `tls://` transport.
//!
//! Layers, top to bottom: `ffi` (the C ABI shell), `socket` (per-pattern
//! routing; `poll`, zmq_poll's loop, beside it), `pipe` (bounded queues),
//! `session` (one connection's lifecycle and data path), `zmtp` (the
//! sans-IO protocol engine), `transport` (byte streams), `reactor` (the I/O
//! threads that drive sessions). docs/architecture.md follows a message
//! through them.
//!
//! The library's interface is the C ABI; the Rust modules are private to
//! the crate (so the compiler reports dead code), except `fuzzing`, the
//! sans-IO engine as the fuzz targets drive it.

pub(crate) mod constants;
pub(crate) mod ctx;
pub(crate) mod errno;
pub(crate) mod ffi;
pub(crate) mod idmap;
pub(crate) mod monitor;
pub(crate) mod msg;
pub(crate) mod options;
pub(crate) mod pipe;
pub(crate) mod poll;
pub(crate) mod random;
pub(crate) mod reactor;
pub(crate) mod session;
pub(crate) mod signaler;
pub(crate) mod socket;
/// The synchronisation primitives the wake protocol is written against
/// (std here; loom in tools/loom-pipe, which model-checks it).
pub(crate) mod sync {
    pub use std::sync::{atomic, Mutex, MutexGuard};
}
pub(crate) mod transport;
pub(crate) mod zmtp;

/// The sans-IO ZMTP engine, for the fuzz targets in fuzz/ (not a stable
/// interface).
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::msg::Msg;
    pub use crate::zmtp::curve::{CurveClient, CurveServer};
    pub use crate::zmtp::mechanism::{Mechanism, Null, Status, ZapReply};
    pub use crate::zmtp::plain::{PlainClient, PlainServer};
    pub use crate::zmtp::transmit::MAX_SLICES;
    pub use crate::zmtp::{our_properties, Config, Engine, Event, ProtoError};
}
