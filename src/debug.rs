//! Safety net against lost wake-ups. Blocked sockets and the I/O threads
//! re-check their pipes periodically, so a missed notification costs a
//! short delay instead of a hang. A re-check that finds work a wake-up
//! should have announced is a bug: with ZMQRS_DEBUG_WAKEUPS=1 in the
//! environment each one is reported on stderr (the stress tests look).

use std::sync::OnceLock;

/// How often a blocked socket or an I/O thread looks again unprompted.
pub const RECHECK_MS: u64 = 250;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ZMQRS_DEBUG_WAKEUPS").is_some_and(|v| v == "1"))
}

/// A re-check found work that no wake-up announced.
pub fn recovered(what: &str) {
    if enabled() {
        eprintln!("zmq-rs: lost wake-up recovered by re-check: {what}");
    }
}
