//! What a reload brings back: the whole simulated host, not only the files.
//!
//! The page saves the session's journal (every input, timed; see
//! `sim_core::journal`), its seed, the simulated time of the save and the
//! open terminal tabs. Loading replays the journal into a fresh session with
//! the same seed, so the containers a student started are running again, with
//! their logs, and each terminal shows what it showed. When the journal cannot
//! be used (too large, unreadable, from another version) the page falls back to
//! the saved files, as before. A replay runs between a marker set and cleared in
//! `localStorage` (see `boot` and `guard`): one that died or would run too long
//! is set aside (`recover::set_aside`) instead of replayed.

use sim_core::remote::{self, Mirror};
use sim_core::Lang;

use crate::boot::{self, Replay};
use crate::persist::{self, SavedTab};

/// A session rebuilt from storage, with its seed and the tabs that were open.
pub struct Restored {
    /// The journal to replay and the moment it was saved at.
    pub replay: remote::Replay,
    pub seed: u64,
    pub tabs: Vec<SavedTab>,
    /// The branches left behind (time travel).
    pub branches: sim_core::Branches,
}

/// Rebuilds the saved session, if there is one that can be replayed (after the crash overlay's
/// restart link it is set aside instead).
pub fn load(_lang: Lang) -> Option<Restored> {
    let restart = crate::guard::restart_requested();
    let marker = crate::guard::replay_marker();
    let text = persist::load(persist::JOURNAL_KEY);
    let Some((seed, journal)) = text.as_deref().and_then(persist::decode_journal) else {
        crate::guard::mark_replay(false);
        return None;
    };
    let until = persist::load(persist::CLOCK_KEY).and_then(|c| c.trim().parse::<u64>().ok()).unwrap_or(0);
    if let Replay::SetAside(why) = boot::replay_decision(marker, restart, journal.len(), until) {
        crate::guard::mark_replay(false);
        crate::recover::set_aside(text.as_deref().unwrap_or_default(), why);
        return None;
    }
    // Set until the worker answers the replay (`App` clears it then): a replay that kills the
    // worker leaves it set, and the next load sets the session aside.
    crate::guard::mark_replay(true);
    let terminals =
        1 + journal.entries().iter().filter(|e| matches!(e.input, sim_core::journal::Input::OpenTerminal)).count();
    let tabs = persist::load(persist::TABS_KEY).and_then(|t| persist::decode_tabs(&t)).unwrap_or_default();
    let tabs = usable_tabs(tabs, terminals);
    let branches = text.as_deref().map(persist::decode_branches).unwrap_or_default();
    Some(Restored { replay: remote::Replay { journal: journal.encode(), until }, seed, tabs, branches })
}

/// Saved tabs whose terminals exist; the host's first terminal always comes first.
pub fn usable_tabs(saved: Vec<SavedTab>, terminals: usize) -> Vec<SavedTab> {
    let mut tabs: Vec<SavedTab> = vec![(0, None, None)];
    for tab in saved {
        if tab.0 != 0 && tab.0 < terminals && tab.1.is_some() && !tabs.iter().any(|t| t.0 == tab.0) {
            tabs.push(tab);
        }
    }
    tabs
}

/// What [`save`] last wrote, so unchanged parts are not written again.
#[derive(Default)]
pub struct Saved {
    journal: Option<(u64, u64, u64)>,
    branches: sim_core::Branches,
    clock: u64,
}

/// Saves the seed and journal (when an input arrived since the last save) and the clock.
pub fn save(session: &Mirror, seed: u64, last: &mut Saved) {
    if session.starting() {
        // The worker is still replaying: the mirror's journal is not the session's yet.
        return;
    }
    let journal = session.journal();
    // A branch replaces the journal (its revision starts again): the replacements count too.
    let key = (seed, journal.revision(), session.replacements());
    if last.journal != Some(key) || last.branches != *session.branches() {
        last.journal = Some(key);
        last.branches = session.branches().clone();
        if journal.overflowed() {
            persist::remove(persist::JOURNAL_KEY);
        } else {
            persist::store(persist::JOURNAL_KEY, &persist::encode_journal(seed, journal, session.branches()));
        }
    }
    let now = session.now().ms();
    if now != last.clock {
        last.clock = now;
        persist::store(persist::CLOCK_KEY, &now.to_string());
    }
}

/// Saves the open tabs.
pub fn save_tabs(tabs: &[SavedTab]) {
    persist::store(persist::TABS_KEY, &persist::encode_tabs(tabs));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tabs_of_existing_terminals_come_back_and_the_host_is_first() {
        let saved = vec![
            (2, Some(2), Some("web".to_string())),
            (0, None, None),
            (9, Some(3), None),
            (1, None, None),
            (2, Some(4), None),
        ];
        assert_eq!(usable_tabs(saved, 4), vec![(0, None, None), (2, Some(2), Some("web".to_string()))]);
        assert_eq!(usable_tabs(Vec::new(), 1), vec![(0, None, None)]);
    }
}
