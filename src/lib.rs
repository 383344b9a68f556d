//! A drop-in replacement for libzmq 4.3 (`libzmq.so.5`), written in Rust,
//! with an additional `tls://` transport.
//!
//! Layers, top to bottom: `ffi` (the C ABI shell), `socket` (per-pattern
//! routing), `pipe` (bounded queues), `reactor` (I/O threads driving
//! connections), `zmtp` (the sans-IO protocol core), `transport`.

pub mod constants;
pub mod ctx;
pub mod debug;
pub mod errno;
pub mod ffi;
pub mod monitor;
pub mod msg;
pub mod options;
pub mod pipe;
pub mod reactor;
pub mod signaler;
pub mod socket;
pub mod transport;
pub mod zmtp;
