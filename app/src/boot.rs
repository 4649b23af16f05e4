//! Decisions the page takes while it loads, kept free of the browser so they are tested natively:
//! where the first session comes from ([`start`]), whether a saved session is replayed or set
//! aside, and whether a link or an import may replace the student's work without asking.
//!
//! The page reads the facts (URL parameters and fragment, what is saved) and then only applies
//! the [`Start`] chosen here; which source wins over which is decided in one place.
//!
//! A saved journal is replayed to bring the simulated host back (see `reload`). A journal whose
//! replay killed the page would kill it again at every load, so the page sets a marker before
//! replaying and clears it after; a load that finds the marker still set knows the previous replay
//! died (a panic, a trap, a freeze the student escaped by reloading) and sets the journal aside
//! instead. Replays are also bounded by what they would have to do (inputs and simulated time), so
//! a session too long to replay is set aside before it starts, not after it froze the page.

use crate::i18n::{Lang, Safety};

/// Most inputs a saved journal may hold and still be replayed on load.
pub const MAX_REPLAY_INPUTS: usize = 5_000;
/// Most simulated time a replay may have to run, in milliseconds (six simulated hours).
pub const MAX_REPLAY_SPAN_MS: u64 = 6 * 3600 * 1000;

/// Where the page's first session comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// A share link (`#w=…`) or an embedding page's `workspace=`: its files, seed and history.
    Link,
    /// The last visit: its journal replayed ([`replay_decision`] may set it aside, and `?restart`
    /// does), else its saved files, else the sample project.
    Resume,
    /// An embedded page with a `lesson=`: the lesson's starting files, nothing saved read.
    Lesson,
    /// An embedded page without either: the first visit's example.
    FirstVisit,
}

/// The choice for a page that is `embedded` in a course page or not, that brings a usable
/// `link` or not, and whose embedding opens a `lesson` or not. A link wins; an embedded page
/// never takes the student's saved work.
pub fn start(embedded: bool, link: bool, lesson: bool) -> Start {
    match (link, embedded, lesson) {
        (true, _, _) => Start::Link,
        (false, false, _) => Start::Resume,
        (false, true, true) => Start::Lesson,
        (false, true, false) => Start::FirstVisit,
    }
}

/// Why a saved session was not replayed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Aside {
    /// The previous load began replaying it and never finished.
    Died,
    /// The student restarted the simulator after a failure.
    Restart,
    /// Too many inputs or too much simulated time to replay on load.
    TooLong,
}

impl Aside {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            Aside::Died => Safety::AsideDied.get(lang),
            Aside::Restart => Safety::AsideRestart.get(lang),
            Aside::TooLong => Safety::AsideTooLong.get(lang),
        }
    }
}

/// What a load does with a saved journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    Replay,
    SetAside(Aside),
}

/// The decision for a saved journal of `inputs` inputs whose replay runs until `until_ms`;
/// `marker`: the previous replay never finished; `restart`: the student asked for a fresh simulator.
pub fn replay_decision(marker: bool, restart: bool, inputs: usize, until_ms: u64) -> Replay {
    if restart {
        Replay::SetAside(Aside::Restart)
    } else if marker {
        Replay::SetAside(Aside::Died)
    } else if inputs > MAX_REPLAY_INPUTS || until_ms > MAX_REPLAY_SPAN_MS {
        Replay::SetAside(Aside::TooLong)
    } else {
        Replay::Replay
    }
}

/// Whether replacing `saved` with `incoming` loses something of the student's, so the page must
/// ask first: nothing saved, the same files, an example as shipped or a lesson's starting files
/// can be replaced without a question (the examples and lessons ask the same way).
pub fn must_ask(saved: Option<&[(String, String)]>, incoming: &[(String, String)], lang: Lang) -> bool {
    let Some(saved) = saved else { return false };
    if saved.is_empty()
        || crate::examples::is_pristine(saved, lang)
        || crate::lessons::catalog::is_starting_point(saved)
    {
        return false;
    }
    let (mut a, mut b) = (saved.to_vec(), incoming.to_vec());
    sim_core::sort::sort(&mut a);
    sim_core::sort::sort(&mut b);
    a != b
}

/// Why a share link could not be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkError {
    /// Cut short or garbled: not the base64 and compression the page writes.
    Damaged,
    /// Larger than the page opens (`share::MAX_RAW`).
    TooLarge,
    /// Well formed but not a workspace (or a file path the page would not write).
    Content,
}

impl LinkError {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            LinkError::Damaged => Safety::BadLinkDamaged.get(lang),
            LinkError::TooLarge => Safety::BadLinkTooLarge.get(lang),
            LinkError::Content => Safety::BadLinkContent.get(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_wins_and_an_embedded_page_never_resumes_saved_work() {
        for (embedded, lesson) in [(false, false), (false, true), (true, false), (true, true)] {
            assert_eq!(start(embedded, true, lesson), Start::Link, "{embedded} {lesson}");
        }
        assert_eq!(start(false, false, false), Start::Resume);
        assert_eq!(start(false, false, true), Start::Resume, "a lesson open last time keeps the saved files");
        assert_eq!(start(true, false, true), Start::Lesson);
        assert_eq!(start(true, false, false), Start::FirstVisit);
    }

    #[test]
    fn a_replay_that_never_finished_or_a_restart_sets_the_journal_aside() {
        assert_eq!(replay_decision(false, false, 10, 60_000), Replay::Replay);
        assert_eq!(replay_decision(true, false, 10, 60_000), Replay::SetAside(Aside::Died));
        assert_eq!(replay_decision(true, true, 10, 60_000), Replay::SetAside(Aside::Restart));
        assert_eq!(replay_decision(false, true, 0, 0), Replay::SetAside(Aside::Restart));
    }

    #[test]
    fn replays_are_bounded_by_inputs_and_simulated_time() {
        assert_eq!(replay_decision(false, false, MAX_REPLAY_INPUTS, MAX_REPLAY_SPAN_MS), Replay::Replay);
        assert_eq!(replay_decision(false, false, MAX_REPLAY_INPUTS + 1, 0), Replay::SetAside(Aside::TooLong));
        assert_eq!(replay_decision(false, false, 1, MAX_REPLAY_SPAN_MS + 1), Replay::SetAside(Aside::TooLong));
    }

    #[test]
    fn only_edited_work_makes_a_link_ask() {
        let lang = Lang::Es;
        let mine = vec![("compose.yaml".to_string(), "services: {mio: {image: nginx}}\n".to_string())];
        let theirs = vec![("compose.yaml".to_string(), "services: {}\n".to_string())];
        assert!(must_ask(Some(&mine), &theirs, lang));
        assert!(!must_ask(Some(&mine), &mine, lang), "the same files lose nothing");
        assert!(!must_ask(None, &theirs, lang), "nothing saved");
        assert!(!must_ask(Some(&[]), &theirs, lang));
        let sample = crate::examples::first_visit(lang);
        assert!(!must_ask(Some(&sample), &theirs, lang), "an example as shipped");
        let mut reordered = mine.clone();
        reordered.push(("b.txt".into(), "x".into()));
        let mut other_order = vec![("b.txt".to_string(), "x".to_string())];
        other_order.push(mine[0].clone());
        assert!(!must_ask(Some(&reordered), &other_order, lang), "order does not matter");
    }

    #[test]
    fn every_reason_is_said_in_both_languages() {
        for lang in [Lang::Es, Lang::En] {
            for a in [Aside::Died, Aside::Restart, Aside::TooLong] {
                assert!(!a.message(lang).is_empty());
            }
            for e in [LinkError::Damaged, LinkError::TooLarge, LinkError::Content] {
                assert!(!e.message(lang).is_empty());
            }
        }
        assert_ne!(LinkError::Damaged.message(Lang::Es), LinkError::Damaged.message(Lang::En));
    }
}
