//! A byte-prefix tree for subscriptions. Matching a message walks at most
//! as many nodes as the message has bytes, whatever the number of
//! subscriptions, so a miss costs the same with 10 or 10,000 of them.
//! SUB sockets keep a count per prefix (`Tree<u32>`), PUB sockets the set
//! of pipes subscribed to it (`Tree<Vec<u64>>`).

/// Children are kept sorted by byte and found by binary search: cheaper
/// than hashing for the few children most nodes have.
#[derive(Default)]
pub struct Tree<V> {
    value: V,
    kids: Vec<(u8, Tree<V>)>,
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

impl<V: Default + Empty> Tree<V> {
    fn kid(&self, b: u8) -> Option<&Tree<V>> {
        let i = self.kids.binary_search_by_key(&b, |k| k.0).ok()?;
        Some(&self.kids[i].1)
    }

    /// The value at `key`, created (with the path to it) if missing.
    pub fn entry(&mut self, key: &[u8]) -> &mut V {
        let mut node = self;
        for &b in key {
            let i = match node.kids.binary_search_by_key(&b, |k| k.0) {
                Ok(i) => i,
                Err(i) => {
                    node.kids.insert(i, (b, Tree::default()));
                    i
                }
            };
            node = &mut node.kids[i].1;
        }
        &mut node.value
    }

    /// Change the value at `key` with `f` (if the node exists), then drop
    /// the nodes left empty on the way. Returns what `f` returned.
    pub fn update<R>(&mut self, key: &[u8], f: impl FnOnce(&mut V) -> R) -> Option<R> {
        let (first, rest) = match key.split_first() {
            None => return Some(f(&mut self.value)),
            Some(x) => x,
        };
        let i = self.kids.binary_search_by_key(first, |k| k.0).ok()?;
        let kid = &mut self.kids[i].1;
        let r = kid.update(rest, f);
        if kid.value.is_empty() && kid.kids.is_empty() {
            self.kids.remove(i);
        }
        r
    }

    /// Call `f` with the value of every node whose key is a prefix of
    /// `data` (the root, for the empty prefix, included).
    pub fn prefixes_of<'a>(&'a self, data: &[u8], mut f: impl FnMut(&'a V)) {
        let mut node = self;
        f(&node.value);
        for &b in data {
            match node.kid(b) {
                Some(k) => node = k,
                None => return,
            }
            f(&node.value);
        }
    }

    /// Visit every node with its key; `f` may change the value. Nodes left
    /// empty are dropped.
    pub fn retain_each(&mut self, f: &mut impl FnMut(&[u8], &mut V)) {
        let mut key = Vec::new();
        self.retain_at(&mut key, f);
    }

    fn retain_at(&mut self, key: &mut Vec<u8>, f: &mut impl FnMut(&[u8], &mut V)) {
        f(key, &mut self.value);
        self.kids.retain_mut(|(b, kid)| {
            key.push(*b);
            kid.retain_at(key, f);
            key.pop();
            !(kid.value.is_empty() && kid.kids.is_empty())
        });
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
        assert_eq!(seen, vec![1, 0, 2,]);
        assert_eq!(
            t.update(b"ab", |v| {
                *v -= 1;
                *v
            }),
            Some(1)
        );
        assert_eq!(
            t.update(b"ab", |v| {
                *v -= 1;
                *v
            }),
            Some(0)
        );
        // The emptied branch is gone: nothing to walk past the root.
        assert!(t.kids.is_empty());
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
        assert!(t.kid(b'a').is_some_and(|k| k.kids.is_empty()));
    }
}
