//! [`VecMap`]: a map kept as a vector sorted by key, for the small maps the page's wasm also
//! carries (the event log's summary). Each `BTreeMap<K, V>` type costs the wasm its own copy of
//! the B-tree's insert, remove, rebalance and drop code (several KB); a sorted vector's is a
//! binary search and a `Vec` insert or remove. Iteration is in key order, as a `BTreeMap`'s, so
//! what is built from one is the same. Inserting is linear in the length: for maps of up to a
//! few thousand entries.

use std::borrow::Borrow;

/// A map sorted by key (see the module doc); its methods are named as `BTreeMap`'s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap(Vec::new())
    }
}

impl<K: Ord, V> VecMap<K, V> {
    pub fn new() -> Self {
        VecMap(Vec::new())
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets `key`'s value; the old one, if it had one.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// `key`'s value, inserted from `make` first if it had none (`entry(key).or_insert_with`).
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, make()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }
}

impl<K, V> VecMap<K, V> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btreemap() {
        let mut m = VecMap::new();
        let mut b = BTreeMap::new();
        let mut s: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let k = format!("k{}", s % 97);
            match s % 5 {
                0 => assert_eq!(m.remove(k.as_str()), b.remove(k.as_str())),
                1 => *m.get_or_insert_with(k.clone(), || 0) += 1,
                _ => assert_eq!(m.insert(k.clone(), s), b.insert(k.clone(), s)),
            }
            if s % 5 == 1 {
                *b.entry(k.clone()).or_insert(0) += 1;
            }
            assert_eq!(m.get(k.as_str()), b.get(k.as_str()));
            assert_eq!(m.contains_key(k.as_str()), b.contains_key(k.as_str()));
            assert_eq!(m.len(), b.len());
        }
        assert!(m.iter().eq(b.iter()));
        assert!(m.keys().eq(b.keys()) && m.values().eq(b.values()));
        assert_eq!(VecMap::<u8, u8>::default(), VecMap::new());
        assert!(VecMap::<u8, u8>::new().is_empty());
    }
}
