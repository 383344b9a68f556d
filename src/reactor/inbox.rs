//! An I/O thread's inbox: commands and session wake-ups from other threads.
//! Whoever makes it non-empty is told so and wakes the poll; the I/O thread
//! takes the whole inbox under its lock. A push that finds it non-empty
//! needs no wake-up of its own: the thread has not taken that inbox yet, and
//! the push that made it non-empty woke (or will wake) the poll. Built on
//! `crate::sync` for tools/loom-pipe's model.

use crate::sync::Mutex;

pub struct Inbox<C> {
    inner: Mutex<(Vec<C>, Vec<usize>)>,
}

impl<C> Default for Inbox<C> {
    fn default() -> Self {
        Inbox {
            inner: Mutex::new((Vec::new(), Vec::new())),
        }
    }
}

impl<C> Inbox<C> {
    fn push(&self, f: impl FnOnce(&mut (Vec<C>, Vec<usize>))) -> bool {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let was_empty = g.0.is_empty() && g.1.is_empty();
        f(&mut g);
        was_empty
    }

    /// Queue a command; true when the caller must wake the thread.
    pub fn command(&self, c: C) -> bool {
        self.push(|g| g.0.push(c))
    }

    /// Queue a session's wake-up; true when the caller must wake the thread.
    pub fn wake(&self, session: usize) -> bool {
        self.push(|g| g.1.push(session))
    }

    /// Everything queued: (commands, sessions to wake).
    pub fn take(&self) -> (Vec<C>, Vec<usize>) {
        std::mem::take(&mut *self.inner.lock().unwrap_or_else(|e| e.into_inner()))
    }
}
