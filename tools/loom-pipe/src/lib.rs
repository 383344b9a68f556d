//! Model checks, with loom, of every wake-up handshake between threads in
//! the library: a pipe direction's queue (reader and writer each ask to be
//! woken and the other side owes exactly that wake-up), a socket's mailbox
//! (commands posted then the eventfd signalled) and an I/O thread's inbox
//! (only the push that makes it non-empty wakes the poll). The modules are
//! the library's own files, compiled here against loom's primitives
//! through `crate::sync`. A lost wake-up leaves every model thread asleep,
//! which loom reports as a deadlock in some interleaving.
//!
//! Run: `cargo test --release -p loom-pipe` (scripts/test.sh does).

/// What the library's `crate::sync` is, here: loom's versions.
pub(crate) mod sync {
    pub use loom::sync::{atomic, Mutex, MutexGuard};
}

#[path = "../../../src/reactor/inbox.rs"]
pub mod inbox;
#[path = "../../../src/socket/mailbox.rs"]
pub mod mailbox;
#[path = "../../../src/pipe/queue.rs"]
pub mod queue;

#[cfg(test)]
mod tests;
