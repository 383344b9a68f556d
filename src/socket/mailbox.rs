//! A socket's mailbox: commands from I/O threads (attach, detach,
//! activate), read by the socket's own thread. Posting sets `has_mail`
//! after the command is queued and before the poster signals the socket's
//! eventfd; the socket clears the flag before taking the queue. So a
//! socket that finds the flag clear either has taken everything posted
//! before the flag was set, or the poster's signal is still to come and
//! wakes it. Built on `crate::sync` for tools/loom-pipe's model.

use crate::sync::atomic::{AtomicBool, Ordering::SeqCst};
use crate::sync::Mutex;

/// Clear a flag; whether it was set. A compare-exchange rather than a swap:
/// the same effect, and the form loom models faithfully (loom's swap can
/// read a stale value, tokio-rs/loom#254).
fn clear(flag: &AtomicBool) -> bool {
    flag.compare_exchange(true, false, SeqCst, SeqCst).is_ok()
}

pub struct Mailbox<T> {
    mail: Mutex<Vec<T>>,
    has_mail: AtomicBool,
}

impl<T> Default for Mailbox<T> {
    fn default() -> Self {
        Mailbox {
            mail: Mutex::new(Vec::new()),
            has_mail: AtomicBool::new(false),
        }
    }
}

impl<T> Mailbox<T> {
    /// Queue a command; the caller signals the owner afterwards.
    pub fn post(&self, c: T) {
        self.mail.lock().unwrap_or_else(|e| e.into_inner()).push(c);
        self.has_mail.store(true, SeqCst);
    }

    /// Move everything posted so far into `out` (empty on entry). The
    /// two vectors trade places, so their capacity is reused and posting
    /// does not allocate in the steady state.
    pub fn take_into(&self, out: &mut Vec<T>) {
        // A plain load first: the common case (no mail) costs no locked
        // instruction.
        if !self.has_mail.load(SeqCst) || !clear(&self.has_mail) {
            return;
        }
        std::mem::swap(
            &mut *self.mail.lock().unwrap_or_else(|e| e.into_inner()),
            out,
        );
    }
}
