//! A byte-prefix tree for subscriptions. Matching a message walks at most
//! as many nodes as the message has bytes, whatever the number of
//! subscriptions, so a miss costs the same with 10 or 10,000 of them.
//! SUB sockets keep a count per prefix (`Tree<u32>`), PUB sockets the set
//! of pipes subscribed to it (`Tree<Vec<u64>>`).
//!
//! Topics come from peers and may be long (a 1 MiB subscription is a
//! million nodes deep), so nothing here recurses: nodes live in one
//! vector and every walk is a loop.

/// A node: its value and its children, sorted by byte (binary search is
/// cheaper than hashing for the few children most nodes have).
struct Node<V> {
    value: V,
    kids: Vec<(u8, u32)>,
}

pub struct Tree<V> {
    nodes: Vec<Node<V>>,
    /// Slots of removed nodes, reused first.
    free: Vec<u32>,
}

/// What "nothing here" means for a value, so empty branches can go.
pub trait Empty {
    fn is_empty(&self) -> bool;
}

impl Empty for u32 {
    fn is_empty(&self) -> bool {
        *self == 0
    }
}

impl Empty for Vec<u64> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

impl<V: Default + Empty> Default for Tree<V> {
    fn default() -> Tree<V> {
        Tree {
            nodes: vec![Node {
                value: V::default(),
                kids: Vec::new(),
            }],
            free: Vec::new(),
        }
    }
}

const ROOT: u32 = 0;

impl<V: Default + Empty> Tree<V> {
    fn kid(&self, n: u32, b: u8) -> Option<u32> {
        let kids = &self.nodes[n as usize].kids;
        kids.binary_search_by_key(&b, |k| k.0)
            .ok()
            .map(|i| kids[i].1)
    }

    fn alloc(&mut self) -> u32 {
        let node = Node {
            value: V::default(),
            kids: Vec::new(),
        };
        match self.free.pop() {
            Some(i) => {
                self.nodes[i as usize] = node;
                i
            }
            None => {
                self.nodes.push(node);
                (self.nodes.len() - 1) as u32
            }
        }
    }

    fn is_bare(&self, n: u32) -> bool {
        let node = &self.nodes[n as usize];
        node.value.is_empty() && node.kids.is_empty()
    }

    /// The value at `key`, created (with the path to it) if missing.
    pub fn entry(&mut self, key: &[u8]) -> &mut V {
        let mut n = ROOT;
        for &b in key {
            n = match self.kid(n, b) {
                Some(k) => k,
                None => {
                    let k = self.alloc();
                    let kids = &mut self.nodes[n as usize].kids;
                    let i = kids.binary_search_by_key(&b, |x| x.0).unwrap_or_else(|i| i);
                    // Most nodes have one child: no room for more.
                    kids.reserve_exact(1);
                    kids.insert(i, (b, k));
                    k
                }
            };
        }
        &mut self.nodes[n as usize].value
    }

    /// Change the value at `key` with `f` (if the node exists), then drop
    /// the branch left empty on the way. Returns what `f` returned.
    pub fn update<R>(&mut self, key: &[u8], f: impl FnOnce(&mut V) -> R) -> Option<R> {
        // The edge (parent, byte) above the highest node that would be
        // left with nothing but this path below it: where to cut.
        let mut cut: Option<(u32, u8)> = None;
        let mut n = ROOT;
        for &b in key {
            let k = self.kid(n, b)?;
            let node = &self.nodes[n as usize];
            if n == ROOT || !node.value.is_empty() || node.kids.len() > 1 {
                cut = Some((n, b));
            }
            n = k;
        }
        let r = f(&mut self.nodes[n as usize].value);
        if let Some((parent, b)) = cut.filter(|_| self.is_bare(n)) {
            let kids = &mut self.nodes[parent as usize].kids;
            if let Ok(i) = kids.binary_search_by_key(&b, |x| x.0) {
                let (_, gone) = kids.remove(i);
                self.release(gone);
            }
        }
        Some(r)
    }

    /// Free a detached branch, iteratively.
    fn release(&mut self, top: u32) {
        let mut stack = vec![top];
        while let Some(n) = stack.pop() {
            let node = &mut self.nodes[n as usize];
            stack.extend(node.kids.drain(..).map(|(_, k)| k));
            node.value = V::default();
            self.free.push(n);
        }
    }

    /// Call `f` with the value of every node whose key is a prefix of
    /// `data` (the root, for the empty prefix, included).
    pub fn prefixes_of<'a>(&'a self, data: &[u8], mut f: impl FnMut(&'a V)) {
        let mut n = ROOT;
        f(&self.nodes[n as usize].value);
        for &b in data {
            match self.kid(n, b) {
                Some(k) => n = k,
                None => return,
            }
            f(&self.nodes[n as usize].value);
        }
    }

    /// Visit every node with its key; `f` may change the value. Nodes left
    /// with nothing (no value, no children) are dropped afterwards.
    pub fn retain_each(&mut self, f: &mut impl FnMut(&[u8], &mut V)) {
        // Depth first, with the key of the current node in `key`: each
        // stack entry is a node and how many of its children are done.
        let mut key = Vec::new();
        let mut stack: Vec<(u32, usize)> = vec![(ROOT, 0)];
        f(&key, &mut self.nodes[ROOT as usize].value);
        while let Some(top) = stack.len().checked_sub(1) {
            let (n, next) = stack[top];
            if let Some(&(b, k)) = self.nodes[n as usize].kids.get(next) {
                stack[top].1 += 1;
                key.push(b);
                f(&key, &mut self.nodes[k as usize].value);
                stack.push((k, 0));
                continue;
            }
            // All children done: drop those left bare, then go up.
            let mut kids = std::mem::take(&mut self.nodes[n as usize].kids);
            kids.retain(|&(_, k)| {
                let bare = self.is_bare(k);
                if bare {
                    self.free.push(k);
                }
                !bare
            });
            self.nodes[n as usize].kids = kids;
            stack.pop();
            key.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_prefixes() {
        let mut t: Tree<u32> = Tree::default();
        *t.entry(b"ab") += 1;
        *t.entry(b"ab") += 1;
        *t.entry(b"") += 1;
        let mut seen = Vec::new();
        t.prefixes_of(b"abc", |v| seen.push(*v));
        assert_eq!(seen, vec![1, 0, 2]);
        let dec = |v: &mut u32| {
            *v -= 1;
            *v
        };
        assert_eq!(t.update(b"ab", dec), Some(1));
        assert_eq!(t.update(b"ab", dec), Some(0));
        // The emptied branch is gone: nothing to walk past the root.
        assert!(t.nodes[0].kids.is_empty());
        assert_eq!(t.update(b"zz", |v| *v), None);
    }

    #[test]
    fn pipe_sets() {
        let mut t: Tree<Vec<u64>> = Tree::default();
        t.entry(b"a").push(1);
        t.entry(b"abc").push(2);
        let mut hit = Vec::new();
        t.prefixes_of(b"abcd", |v| hit.extend_from_slice(v));
        assert_eq!(hit, vec![1, 2]);
        hit.clear();
        t.prefixes_of(b"b", |v| hit.extend_from_slice(v));
        assert!(hit.is_empty());
        let mut emptied = Vec::new();
        t.retain_each(&mut |k, v| {
            v.retain(|&p| p != 2);
            if k == b"abc" {
                emptied.push(v.is_empty());
            }
        });
        assert_eq!(emptied, vec![true]);
        let a = t.kid(ROOT, b'a').unwrap();
        assert!(t.nodes[a as usize].kids.is_empty());
    }

    #[test]
    fn deep_topics_do_not_recurse() {
        // A peer's 1 MiB subscription: entry, match, cancel, visit, drop.
        let topic = vec![b'x'; 1 << 20];
        let mut t: Tree<u32> = Tree::default();
        *t.entry(&topic) += 1;
        let mut hits = 0;
        t.prefixes_of(&topic, |v| hits += *v);
        assert_eq!(hits, 1);
        t.retain_each(&mut |_, _| {});
        assert_eq!(
            t.update(&topic, |v| {
                *v -= 1;
                *v
            }),
            Some(0)
        );
        assert_eq!(t.free.len(), 1 << 20);
        *t.entry(&topic[..1000]) += 1;
        t.retain_each(&mut |_, v| *v = 0);
        assert!(t.nodes[0].kids.is_empty());
        drop(t);
    }

    #[test]
    fn cancel_of_an_inner_prefix_changes_nothing() {
        let mut t: Tree<u32> = Tree::default();
        *t.entry(b"ab") += 1;
        // "a" is only a node on the way to "ab".
        assert_eq!(t.update(b"a", |v| *v), Some(0));
        let mut hits = 0;
        t.prefixes_of(b"ab", |v| hits += *v);
        assert_eq!(hits, 1);
    }
}
