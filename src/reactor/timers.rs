//! Deadlines of an I/O thread's sessions and listeners in a heap, so the
//! cost of an event does not grow with the number of idle connections.
//! Each key has at most one live deadline; entries left behind when a
//! deadline moves are skipped (and compacted away when they pile up).

use crate::idmap::IdMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Instant;

#[derive(Default)]
pub struct Timers {
    heap: BinaryHeap<Reverse<(Instant, usize)>>,
    live: IdMap<usize, Instant>,
}

impl Timers {
    /// Set (or clear, with None) the deadline of `key`.
    pub fn set(&mut self, key: usize, at: Option<Instant>) {
        match at {
            None => {
                self.live.remove(&key);
            }
            Some(t) => {
                if self.live.insert(key, t) != Some(t) {
                    self.heap.push(Reverse((t, key)));
                    if self.heap.len() > 2 * self.live.len() + 64 {
                        self.compact();
                    }
                }
            }
        }
    }

    fn compact(&mut self) {
        self.heap = self.live.iter().map(|(&k, &t)| Reverse((t, k))).collect();
    }

    fn is_live(&self, t: Instant, key: usize) -> bool {
        self.live.get(&key) == Some(&t)
    }

    /// The earliest live deadline.
    pub fn next(&mut self) -> Option<Instant> {
        while let Some(&Reverse((t, k))) = self.heap.peek() {
            if self.is_live(t, k) {
                return Some(t);
            }
            self.heap.pop();
        }
        None
    }

    /// Remove and return one key whose deadline has passed.
    pub fn pop_expired(&mut self, now: Instant) -> Option<usize> {
        while let Some(&Reverse((t, k))) = self.heap.peek() {
            if t > now {
                return None;
            }
            self.heap.pop();
            if self.is_live(t, k) {
                self.live.remove(&k);
                return Some(k);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn moved_and_cleared_deadlines_are_skipped() {
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut t = Timers::default();
        t.set(1, Some(at(10)));
        t.set(2, Some(at(20)));
        t.set(1, Some(at(30)));
        t.set(3, Some(at(5)));
        t.set(3, None);
        assert_eq!(t.next(), Some(at(20)));
        assert_eq!(t.pop_expired(at(25)), Some(2));
        assert_eq!(t.pop_expired(at(25)), None);
        assert_eq!(t.pop_expired(at(30)), Some(1));
        assert_eq!(t.next(), None);
    }

    #[test]
    fn churn_does_not_grow_the_heap() {
        let t0 = Instant::now();
        let mut t = Timers::default();
        for i in 0..10_000u64 {
            t.set(7, Some(t0 + Duration::from_millis(i)));
        }
        assert!(t.heap.len() <= 2 + 64);
    }
}
