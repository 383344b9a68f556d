//! The engine's outbound byte queue: runs of encoded bytes (greeting,
//! commands, headers and small frames batched together) and, between them,
//! large bodies sent straight from their message so they are never copied.
//! The session writes it with one vectored write per wake-up.

use crate::msg::Msg;
use std::collections::VecDeque;
use std::io::IoSlice;

enum Seg {
    Bytes(Vec<u8>),
    Body(Msg),
}

impl Seg {
    fn data(&self) -> &[u8] {
        match self {
            Seg::Bytes(b) => b,
            Seg::Body(m) => m.data(),
        }
    }
}

/// Vectored writes take at most this many slices at a time.
pub const MAX_SLICES: usize = 32;

#[derive(Default)]
pub struct Transmit {
    segs: VecDeque<Seg>,
    /// Bytes of the front segment already written.
    front_off: usize,
    /// Unwritten bytes in all.
    queued: usize,
    /// A written-out byte run kept for reuse, so the hot path does not
    /// allocate per batch.
    spare: Vec<u8>,
}

impl Transmit {
    pub fn queued(&self) -> usize {
        self.queued
    }

    pub fn is_empty(&self) -> bool {
        self.queued == 0
    }

    /// Append encoded bytes: `f` writes them at the end of the last run.
    pub fn bytes(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        if !matches!(self.segs.back(), Some(Seg::Bytes(_))) {
            self.segs
                .push_back(Seg::Bytes(std::mem::take(&mut self.spare)));
        }
        let Some(Seg::Bytes(b)) = self.segs.back_mut() else {
            return;
        };
        let before = b.len();
        f(b);
        self.queued += b.len() - before;
    }

    /// Append a body to be written from its own buffer.
    pub fn body(&mut self, m: Msg) {
        if m.is_empty() {
            return;
        }
        self.queued += m.len();
        self.segs.push_back(Seg::Body(m));
    }

    /// What to write next, in order, at most `limit` bytes: fills `out`
    /// from the start and returns how many slices it filled.
    pub fn slices<'a>(&'a self, out: &mut [IoSlice<'a>; MAX_SLICES], limit: usize) -> usize {
        let mut n = 0;
        let mut left = limit;
        for (i, s) in self.segs.iter().take(MAX_SLICES).enumerate() {
            let d = s.data();
            let d = if i == 0 { &d[self.front_off..] } else { d };
            let d = &d[..d.len().min(left)];
            if !d.is_empty() {
                out[n] = IoSlice::new(d);
                n += 1;
                left -= d.len();
            }
            if left == 0 {
                break;
            }
        }
        n
    }

    /// `n` bytes were written.
    pub fn advance(&mut self, mut n: usize) {
        debug_assert!(n <= self.queued);
        self.queued -= n.min(self.queued);
        while n > 0 {
            let Some(front) = self.segs.front() else {
                break;
            };
            let left = front.data().len() - self.front_off;
            if n < left {
                self.front_off += n;
                return;
            }
            n -= left;
            self.pop_front();
        }
        // Drop fully written runs at the front (an empty run is possible
        // after a body was queued behind it).
        while self
            .segs
            .front()
            .is_some_and(|s| s.data().len() == self.front_off)
        {
            self.pop_front();
        }
    }

    fn pop_front(&mut self) {
        self.front_off = 0;
        if let Some(Seg::Bytes(mut b)) = self.segs.pop_front() {
            // Keep one run of a sane size for the next batch.
            if b.capacity() <= 256 * 1024 && b.capacity() > self.spare.capacity() {
                b.clear();
                self.spare = b;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flatten(t: &Transmit) -> Vec<u8> {
        let mut v = [IoSlice::new(&[]); MAX_SLICES];
        let n = t.slices(&mut v, usize::MAX);
        v[..n].iter().flat_map(|s| s.iter().copied()).collect()
    }

    #[test]
    fn order_is_kept_across_bodies_and_partial_writes() {
        let mut t = Transmit::default();
        t.bytes(|b| b.extend_from_slice(b"head"));
        t.body(Msg::from_slice(&[b'x'; 40]));
        t.bytes(|b| b.extend_from_slice(b"tail"));
        assert_eq!(t.queued(), 48);
        let all = flatten(&t);
        assert_eq!(&all[..4], b"head");
        assert_eq!(&all[44..], b"tail");
        for step in [3, 1, 30, 10] {
            t.advance(step);
        }
        assert_eq!(flatten(&t), b"tail");
        let mut v = [IoSlice::new(&[]); MAX_SLICES];
        assert_eq!(t.slices(&mut v, 3), 1);
        assert_eq!(&*v[0], b"tai");
        t.advance(4);
        assert!(t.is_empty());
        assert_eq!(flatten(&t), b"");
    }
}
