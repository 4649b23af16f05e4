//! The page's own state (what is not the simulator's): preferences, the terminal tabs, the file
//! in the editor, the toolbar's toggles and the notice bars, changed only through [`Action`]s.
//!
//! Kept apart from the components so the rules — which tab comes to the front when one closes,
//! what a restart keeps, what opening a workspace resets — are plain functions tested natively.
//! The side effects that go with an action (replacing the session, opening a simulator terminal,
//! writing storage) are done by the caller first (`control`); the action only carries their
//! outcome, so [`State::reduce`] stays pure.

use std::rc::Rc;

use sim_core::TermId;
use yew::Reducible;

use crate::i18n::{self, Lang};
use crate::names::BadName;
use crate::persist::{Prefs, SavedTab};

/// A terminal tab.
#[derive(Clone, Debug, PartialEq)]
pub struct Tab {
    pub term: TermId,
    /// `None` for the host's first terminal, `Some(n)` for "terminal n".
    pub number: Option<usize>,
    /// Opened by clicking this container in the graph.
    pub container: Option<String>,
    /// A line typed for the student when the terminal opens.
    pub initial: Option<String>,
}

impl Tab {
    /// The host's first terminal, the one tab a fresh session has.
    pub fn host() -> Tab {
        Tab { term: 0, number: None, container: None, initial: None }
    }

    /// What a reload keeps of it.
    pub fn saved(&self) -> SavedTab {
        (self.term, self.number, self.container.clone())
    }

    /// A tab brought back from storage.
    pub fn restored((term, number, container): &SavedTab) -> Tab {
        Tab { term: *term, number: *number, container: container.clone(), initial: None }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub prefs: Prefs,
    /// The simulator's seed (a shared workspace carries it).
    pub seed: u64,
    pub paused: bool,
    pub tabs: Vec<Tab>,
    /// Index of the tab in front.
    pub active: usize,
    /// The file open in the editor.
    pub selected: Option<String>,
    /// Bumped whenever the session is replaced, so every panel starts afresh (their keys change).
    pub epoch: u32,
    pub show_lessons: bool,
    /// The bar showing the share link just copied.
    pub share_link: Option<String>,
    /// The bar showing the embed code just copied.
    pub embed_code: Option<String>,
    /// The imported file was not a workspace.
    pub import_error: bool,
    /// What the last import brought: its files and the inputs replayed to rebuild its host.
    pub imported: Option<(usize, usize)>,
    /// A workspace refused for a file name (link, import, embedding page).
    pub name_refused: Option<BadName>,
}

impl State {
    /// The state a page starts with.
    pub fn new(prefs: Prefs, seed: u64, tabs: Vec<Tab>, selected: Option<String>, show_lessons: bool) -> State {
        let tabs = if tabs.is_empty() { vec![Tab::host()] } else { tabs };
        State {
            prefs,
            seed,
            paused: false,
            tabs,
            active: 0,
            selected,
            epoch: 0,
            show_lessons,
            share_link: None,
            embed_code: None,
            import_error: false,
            imported: None,
            name_refused: None,
        }
    }

    /// The terminal in front (the host's first one when there is no tab).
    pub fn active_term(&self) -> TermId {
        self.tabs.get(self.active).map_or(0, |t| t.term)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetPrefs(Prefs),
    /// The ES/EN button.
    ToggleLang,
    /// The clock was paused or resumed.
    SetPaused(bool),
    /// The session was replaced by a fresh one with the same language (reset, example, seed);
    /// `files`: the new project's paths; `first`: its first file.
    Restarted {
        seed: u64,
        files: Vec<String>,
        first: Option<String>,
    },
    /// A whole workspace replaced the session (import, lesson, embedding page).
    Applied {
        lang: Lang,
        seed: u64,
        first: Option<String>,
    },
    /// A simulator terminal was opened for a new tab, which comes to the front.
    TabOpened {
        term: TermId,
        container: Option<String>,
        initial: Option<String>,
    },
    /// The live session was replaced by a branch or an undo: a tab per terminal it has (those
    /// open keep their place and their panels, which start their text again themselves).
    Replaced {
        terminals: usize,
    },
    /// The tab of this terminal was closed.
    TabClosed(TermId),
    ShowTab(usize),
    Select(Option<String>),
    ShowLessons(bool),
    ToggleLessons,
    ShareLink(Option<String>),
    EmbedCode(Option<String>),
    ImportError(bool),
    /// An import was opened (files, inputs replayed), or its note closed.
    Imported(Option<(usize, usize)>),
    NameRefused(Option<BadName>),
}

impl State {
    /// The state after `action`.
    pub fn reduce(&self, action: Action) -> State {
        let mut s = self.clone();
        match action {
            Action::SetPrefs(p) => s.prefs = p,
            Action::ToggleLang => s.prefs.lang = i18n::other(s.prefs.lang),
            Action::SetPaused(p) => s.paused = p,
            Action::Restarted { seed, files, first } => {
                s.seed = seed;
                s.fresh_terminals();
                s.selected = s.selected.filter(|p| files.contains(p)).or(first);
            }
            Action::Applied { lang, seed, first } => {
                s.seed = seed;
                s.prefs.lang = lang;
                s.fresh_terminals();
                s.selected = first;
            }
            Action::TabOpened { term, container, initial } => {
                let number = s.tabs.iter().filter_map(|t| t.number).max().unwrap_or(1) + 1;
                s.tabs.push(Tab { term, number: Some(number), container, initial });
                s.active = s.tabs.len() - 1;
            }
            Action::Replaced { terminals } => {
                let front = s.active_term();
                s.tabs.retain(|t| t.term < terminals.max(1));
                if !s.tabs.iter().any(|t| t.term == 0) {
                    s.tabs.insert(0, Tab::host());
                }
                for term in 1..terminals {
                    if !s.tabs.iter().any(|t| t.term == term) {
                        let number = s.tabs.iter().filter_map(|t| t.number).max().unwrap_or(1) + 1;
                        s.tabs.push(Tab { term, number: Some(number), container: None, initial: None });
                    }
                }
                s.active = s.tabs.iter().position(|t| t.term == front).unwrap_or(0);
            }
            Action::TabClosed(term) => {
                let Some(closed) = s.tabs.iter().position(|t| t.term == term) else { return s };
                s.tabs.remove(closed);
                // Keep the same tab in front; closing the front one shows the next (the previous at the end).
                let front = s.active;
                if closed < front || (closed == front && front == s.tabs.len()) {
                    s.active = front.saturating_sub(1);
                }
            }
            Action::ShowTab(i) => s.active = i,
            Action::Select(p) => s.selected = p,
            Action::ShowLessons(on) => s.show_lessons = on,
            Action::ToggleLessons => s.show_lessons = !s.show_lessons,
            Action::ShareLink(l) => s.share_link = l,
            Action::EmbedCode(c) => s.embed_code = c,
            Action::ImportError(e) => {
                s.import_error = e;
                if e {
                    s.imported = None;
                }
            }
            Action::Imported(what) => s.imported = what,
            Action::NameRefused(b) => s.name_refused = b,
        }
        s
    }

    /// One terminal, in front, and new keys for every panel.
    fn fresh_terminals(&mut self) {
        self.tabs = vec![Tab::host()];
        self.active = 0;
        self.epoch = self.epoch.wrapping_add(1);
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = State::reduce(&self, action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> State {
        State::new(Prefs::default(), 1, Vec::new(), Some("compose.yaml".into()), false)
    }

    fn open(s: State, term: TermId) -> State {
        s.reduce(Action::TabOpened { term, container: None, initial: None })
    }

    #[test]
    fn a_page_has_the_host_terminal_at_least() {
        let s = page();
        assert_eq!(s.tabs, vec![Tab::host()]);
        assert_eq!(s.active_term(), 0);
    }

    #[test]
    fn new_tabs_are_numbered_after_the_highest_and_come_to_the_front() {
        let s = open(open(page(), 3), 5);
        let numbers: Vec<_> = s.tabs.iter().map(|t| t.number).collect();
        assert_eq!(numbers, vec![None, Some(2), Some(3)]);
        assert_eq!(s.active, 2);
        assert_eq!(s.active_term(), 5);
        let s = open(s.reduce(Action::TabClosed(3)), 7);
        assert_eq!(s.tabs.last().and_then(|t| t.number), Some(4), "numbers are not reused below the highest");
    }

    #[test]
    fn closing_a_tab_keeps_the_same_tab_in_front() {
        let s = open(open(open(page(), 1), 2), 3).reduce(Action::ShowTab(2));
        // Closing one before the front: the front tab moves down one place.
        let t = s.reduce(Action::TabClosed(1));
        assert_eq!((t.active, t.active_term()), (1, 2));
        // Closing one after the front: nothing moves.
        let t = s.reduce(Action::TabClosed(3));
        assert_eq!((t.active, t.active_term()), (2, 2));
        // Closing the front one shows the next…
        let t = s.reduce(Action::TabClosed(2));
        assert_eq!((t.active, t.active_term()), (2, 3));
        // …or the previous when it was the last.
        let t = s.reduce(Action::ShowTab(3)).reduce(Action::TabClosed(3));
        assert_eq!((t.active, t.active_term()), (2, 2));
        // A tab already gone changes nothing.
        assert_eq!(s.reduce(Action::TabClosed(42)), s);
    }

    #[test]
    fn a_restart_keeps_the_open_file_if_it_is_still_there_and_renews_the_panels() {
        let s = open(page(), 1);
        let t = s.reduce(Action::Restarted {
            seed: 9,
            files: vec!["compose.yaml".into(), "b.txt".into()],
            first: Some("b.txt".into()),
        });
        assert_eq!(t.selected.as_deref(), Some("compose.yaml"));
        assert_eq!((t.tabs.clone(), t.active, t.epoch, t.seed), (vec![Tab::host()], 0, 1, 9));
        let t = t.reduce(Action::Restarted { seed: 9, files: vec!["b.txt".into()], first: Some("b.txt".into()) });
        assert_eq!(t.selected.as_deref(), Some("b.txt"));
        assert_eq!(t.epoch, 2);
    }

    #[test]
    fn a_workspace_brings_its_language_and_seed_and_opens_its_first_file() {
        let t = open(page(), 1).reduce(Action::Applied { lang: Lang::En, seed: 7, first: None });
        assert_eq!((t.prefs.lang, t.seed, t.selected.clone(), t.tabs.len(), t.epoch), (Lang::En, 7, None, 1, 1));
        assert_eq!(t.prefs.theme, page().prefs.theme, "the rest of the preferences stay");
    }

    #[test]
    fn a_branch_made_live_gets_a_tab_per_terminal_and_keeps_the_panels() {
        let t = open(page(), 1).reduce(Action::Replaced { terminals: 3 });
        assert_eq!(
            t.tabs.iter().map(|t| (t.term, t.number)).collect::<Vec<_>>(),
            [(0, None), (1, Some(2)), (2, Some(3))]
        );
        assert_eq!((t.active_term(), t.epoch), (1, 0), "the tab in front stays, panels are not remade");
        let t = t.reduce(Action::Replaced { terminals: 1 });
        assert_eq!((t.tabs.clone(), t.active, t.epoch), (vec![Tab::host()], 0, 0));
    }

    #[test]
    fn toggles_flip() {
        let s = page();
        assert_eq!(s.reduce(Action::ToggleLang).prefs.lang, Lang::En);
        assert_eq!(s.reduce(Action::ToggleLang).reduce(Action::ToggleLang).prefs.lang, Lang::Es);
        assert!(s.reduce(Action::ToggleLessons).show_lessons);
        assert!(!s.reduce(Action::ToggleLessons).reduce(Action::ToggleLessons).show_lessons);
    }

    #[test]
    fn an_action_that_changes_nothing_keeps_the_same_state() {
        let s = Rc::new(page());
        let same = Reducible::reduce(s.clone(), Action::ShowTab(0));
        assert!(Rc::ptr_eq(&s, &same), "no re-render for nothing");
        let other = Reducible::reduce(s.clone(), Action::ShowLessons(true));
        assert!(!Rc::ptr_eq(&s, &other));
    }
}
