//! One small stable sort for the whole simulator and the page.
//!
//! Why not `slice::sort_by`: the standard sorts are generic, so every element type and
//! comparator gets its own copy of driftsort or ipnsort — about 4 KB of wasm each, ~120 KB
//! over the thirty-odd places that sort. Here only two tiny closures are generic; the merge
//! sort is compiled once. It sorts positions (compared through the caller's closure, never
//! moving the elements), then puts the elements in that order with swaps.
//!
//! Always stable — equal elements keep their order — so results are the same as the
//! standard stable sort's and stay deterministic. O(n log n) comparisons; one `Vec<usize>`
//! pair of scratch space.
//!
//! Collecting into a `BTreeMap` or `BTreeSet` sorts too (their `FromIterator` sorts a `Vec`,
//! then builds the tree), so [`map_from`] and [`set_from`] build them by inserting instead.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `v` ascending, keeping equal elements in their order (like `slice::sort`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts `v` by `cmp`, keeping equal elements in their order (like `slice::sort_by`).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = stable_order(v.len(), &mut |i, j| cmp(&v[i], &v[j]));
    apply_order(&order, &mut |i, j| v.swap(i, j));
}

/// Sorts `v` by the key `key` gives each element, keeping equal keys in their order (like
/// `slice::sort_by_key`: the key is computed for every comparison).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `items.collect::<BTreeMap<_, _>>()` without a sort: inserts one by one. As with `collect`,
/// a later pair replaces an earlier one with an equal key.
pub fn map_from<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(items);
    map
}

/// `items.collect::<BTreeSet<_>>()` without a sort: inserts one by one.
pub fn set_from<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// The positions `0..len` in sorted order: a bottom-up merge sort that takes the left run's
/// element on ties, which is what makes it stable.
fn stable_order(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            merge(&order[start..mid], &order[mid..end], &mut merged[start..end], cmp);
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Merges two sorted runs of positions into `out` (`out.len()` is the sum of both).
fn merge(left: &[usize], right: &[usize], out: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    let (mut l, mut r) = (0, 0);
    for slot in out {
        let take_left = r == right.len() || (l < left.len() && cmp(left[l], right[r]) != Ordering::Greater);
        if take_left {
            *slot = left[l];
            l += 1;
        } else {
            *slot = right[r];
            r += 1;
        }
    }
}

/// Rearranges through `swap` so that position `k` ends up holding what was at `order[k]`:
/// each cycle of the permutation is walked once, one swap per element.
fn apply_order(order: &[usize], swap: &mut dyn FnMut(usize, usize)) {
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            swap(k, from);
            k = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    #[allow(clippy::disallowed_methods)] // the standard sort is the reference here
    fn sorts_like_the_standard_stable_sort() {
        let mut rng = Rng::new(7);
        for len in 0..70 {
            // Few distinct keys, so there are many ties whose order must be kept.
            let v: Vec<(u64, usize)> = (0..len).map(|i| (rng.below(5), i)).collect();
            let mut ours = v.clone();
            let mut std_sorted = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            std_sorted.sort_by_key(|p| p.0);
            assert_eq!(ours, std_sorted, "length {len}");
        }
    }

    #[test]
    fn sort_and_sort_by_order_the_whole_element() {
        let mut words = vec!["web", "db", "cache", "db", "api"];
        sort(&mut words);
        assert_eq!(words, ["api", "cache", "db", "db", "web"]);
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["web", "db", "db", "cache", "api"]);
    }

    #[test]
    fn map_from_and_set_from_equal_collect() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4)];
        assert_eq!(map_from(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
        let words = ["web", "db", "web", "api"];
        assert_eq!(set_from(words), words.into_iter().collect::<BTreeSet<_>>());
    }

    #[test]
    fn a_sorted_or_reversed_input_comes_out_sorted() {
        let mut up: Vec<u32> = (0..1000).collect();
        sort(&mut up);
        assert!(up.windows(2).all(|w| w[0] <= w[1]));
        let mut down: Vec<u32> = (0..1000).rev().collect();
        sort(&mut down);
        assert_eq!(down, up);
    }
}
