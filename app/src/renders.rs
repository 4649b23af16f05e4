//! How many times some components rendered, so a browser test can check that a tick where
//! nothing changed re-renders none of them (the page must not redraw itself every 50 ms).
//! One counter per [`Part`]: a few bytes and an increment per render.

use std::cell::Cell;

/// The components counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    App,
    Toolbar,
    TabBar,
    Editor,
}

thread_local! {
    static RENDERS: [Cell<u64>; 4] = const { [const { Cell::new(0) }; 4] };
}

/// Counts one render of `part`.
pub fn count(part: Part) {
    RENDERS.with(|r| r[part as usize].set(r[part as usize].get() + 1));
}

/// Renders of `part` so far.
pub fn renders(part: Part) -> u64 {
    RENDERS.with(|r| r[part as usize].get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_part() {
        count(Part::Toolbar);
        count(Part::Toolbar);
        assert_eq!(renders(Part::Toolbar), 2);
        assert_eq!(renders(Part::TabBar), 0);
    }
}
