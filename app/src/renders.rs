//! How many times some components rendered, so a browser test can check that a tick where
//! nothing changed re-renders none of them (the page must not redraw itself every 50 ms).
//! A counter per name in a thread-local map: a few bytes and a lookup per render.

use std::cell::RefCell;
use std::collections::BTreeMap;

thread_local! {
    static RENDERS: RefCell<BTreeMap<&'static str, u64>> = const { RefCell::new(BTreeMap::new()) };
}

/// Counts one render of `name`.
pub fn count(name: &'static str) {
    RENDERS.with(|r| *r.borrow_mut().entry(name).or_default() += 1);
}

/// Renders of `name` so far.
pub fn renders(name: &str) -> u64 {
    RENDERS.with(|r| r.borrow().get(name).copied().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_by_name() {
        super::count("a");
        super::count("a");
        assert_eq!(super::renders("a"), 2);
        assert_eq!(super::renders("b"), 0);
    }
}
