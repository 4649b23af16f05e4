//! What the page does on each clock tick for lessons and for an embedding page: notice commands
//! that finished (each is a `command` event, with the cause of a failure the event log shows, and
//! may be a wrong try, whose hint is a `hint-shown` event), evaluate the open lesson's checks,
//! announce completed steps, save progress, type the next scripted line, and post the Docker
//! host's state when it changed.
//!
//! Browser glue around the natively tested rules of [`super::tracker`],
//! [`crate::embed::script`] and [`crate::embed::messages`].

use sim_core::TermId;

use crate::sim::Sim;

use super::catalog;
use super::tracker::{Tracker, Update};
use crate::embed::messages;
use crate::embed::script::{Next, Script, TermState};
use crate::embed::Bridge;
use crate::persist;

/// The key holding the id of the lesson open in the (non-embedded) page.
pub const OPEN_KEY: &str = "muelle.lesson";
/// Ticks between two scripted lines (the page renders the previous one first).
const LINE_GAP_TICKS: u32 = 6;
/// Ticks between two `state` events at most.
const STATE_GAP_TICKS: u32 = 10;

#[derive(Default)]
pub struct Guide {
    /// The open lesson and the progress in it.
    pub tracker: Option<Tracker>,
    /// Lines typed at a prompt whose command has not finished yet, with the lesson's step
    /// current when each was typed and the event log's length then (the events after it
    /// happened while the command ran).
    pending: Vec<Pending>,
    /// The event log's length at the end of the last tick (a line typed now starts there).
    logged: u64,
    pub script: Script,
    /// The scripted line for a terminal: (terminal, number, line).
    pub feed: Option<(TermId, u64, String)>,
    fed: u64,
    gap: u32,
    pub bridge: Bridge,
    /// Whether progress goes to localStorage (not in an embedded page).
    pub saves: bool,
    state_gap: u32,
    last_state: (u64, String),
    /// The lesson the simulator was last told to evaluate.
    evaluated: Option<String>,
    /// Commands of run buttons pressed in the lesson's text, each for its terminal, typed one
    /// at a time when that terminal is free (as the student would), after `press_gap` ticks.
    pressed: std::collections::VecDeque<(TermId, String)>,
    press_gap: u32,
    /// The terminals run buttons named (`{run=NAME}`), and the simulator terminal of each.
    named: Vec<(String, TermId)>,
    /// The last run button's line handed to a terminal: when it comes back as typed, it is not a
    /// wrong try (the lesson's own button shows no hint).
    fed_press: Option<(TermId, String)>,
    /// The seed of the actor a `load-lesson` message's LRS named (per-student values).
    pub actor_seed: Option<u64>,
}

/// A line typed at a prompt, until its command finishes.
struct Pending {
    term: TermId,
    line: String,
    /// The lesson's step current when it was typed.
    typed_on: Option<usize>,
    /// The event log's length when it was typed.
    since: u64,
}

/// What the page must do after a tick.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum After {
    Nothing,
    OpenTerminal,
    /// Ctrl-C in the active terminal.
    Interrupt,
}

impl Guide {
    /// Opens `id` (unless `fresh`, its progress restored from storage when the page saves, or
    /// from the LMS in a SCORM launch) or closes the lesson.
    pub fn open(&mut self, id: Option<&str>, fresh: bool) {
        self.tracker = id.and_then(catalog::find).map(|lesson| {
            let key = lesson.progress_key();
            let saved = match (fresh, self.saves) {
                (true, _) => None,
                (false, true) => persist::load(&key),
                (false, false) => crate::embed::lms_progress(&key, None),
            };
            Tracker::restore(lesson, saved.as_deref())
        });
        self.pending.clear();
        // A lesson opens on a fresh host: the terminals earlier run buttons named are gone.
        self.pressed.clear();
        self.named.clear();
        if self.saves {
            persist::store(OPEN_KEY, id.unwrap_or(""));
        }
        if let Some(t) = self.tracker.as_ref().filter(|_| fresh) {
            if self.saves {
                persist::store(&t.key(), &t.encode());
            } else {
                crate::embed::lms_progress(&t.key(), Some(&t.encode()));
            }
        }
    }

    /// A line was typed at terminal `term`'s prompt.
    pub fn typed(&mut self, term: TermId, line: String) {
        if !line.trim().is_empty() {
            let pressed = self.fed_press.as_ref().is_some_and(|(t, l)| *t == term && *l == line);
            if pressed {
                self.fed_press = None;
            }
            let step = self.tracker.as_ref().and_then(Tracker::current).filter(|_| !pressed);
            self.pending.push(Pending { term, line, typed_on: step, since: self.logged });
        }
    }

    /// Queues lines to type for the student.
    pub fn run(&mut self, lines: Vec<String>) {
        self.script.push(lines);
    }

    /// The terminal a run button calls `name`, if one was opened for it.
    pub fn named(&self, name: &str) -> Option<TermId> {
        self.named.iter().find(|(n, _)| n == name).map(|(_, t)| *t)
    }

    /// The name a run button gave terminal `term`, if one did.
    pub fn name_of(&self, term: TermId) -> Option<&str> {
        self.named.iter().find(|(_, t)| *t == term).map(|(n, _)| n.as_str())
    }

    /// A run button pressed: `command` goes to terminal `term` (called `name` by the lesson, if
    /// it has a name) once it is free; `fresh` when the terminal was just opened (its tab shows first).
    pub fn press(&mut self, name: &str, term: TermId, command: String, fresh: bool) {
        if !name.is_empty() {
            self.named.retain(|(n, _)| n != name);
            self.named.push((name.to_string(), term));
        }
        self.pressed.push_back((term, command));
        self.press_gap = self.press_gap.max(if fresh { LINE_GAP_TICKS } else { 1 });
    }

    /// One tick: `seed` is the session's (it draws a lesson's per-student values).
    pub fn tick(&mut self, session: &mut Sim, active: TermId, seed: u64) -> After {
        let mut updates = Vec::new();
        let before = self.tracker.clone();
        let lesson = self.tracker.as_ref().and_then(|t| catalog::find(&t.id));
        // The simulator evaluates the open lesson's checks; it is told when the lesson changes.
        let open = lesson.map(|l| l.id.clone());
        if open != self.evaluated {
            session.set_lesson(self.tracker.as_ref().and_then(|t| catalog::source(&t.id)).map(str::to_string));
            self.evaluated = open;
        }
        let results = session.lesson_checks().map(<[Vec<bool>]>::to_vec);
        let stamp = session.change_stamp();
        let (done, waiting): (Vec<_>, Vec<_>) = self.pending.drain(..).partition(|p| !session.is_busy(p.term));
        self.pending = waiting;
        for Pending { term, line, typed_on, since } in done {
            if self.bridge.active() {
                let cause = cause(session, since);
                self.bridge.post(&messages::command(&line, session.last_status(term), term, cause.as_deref()));
            }
            if let (Some(t), Some(l), Some(r)) = (self.tracker.as_mut(), lesson, results.as_deref()) {
                updates.extend(t.command_finished(l, stamp, r, typed_on));
            }
        }
        if let (Some(t), Some(l), Some(r)) = (self.tracker.as_mut(), lesson, results.as_deref()) {
            updates.extend(t.evaluate(l, stamp, r));
            // A wrong try on the step the student was on shows its next hint.
            let step = before.as_ref().and_then(Tracker::current).filter(|_| self.bridge.active());
            if let Some((s, b)) = step.zip(before.as_ref()) {
                let shown = t.hints_shown(l, s);
                if shown > b.hints_shown(l, s) {
                    self.bridge.post(&messages::hint_shown(&l.id, s + 1, shown));
                }
            }
            let values = if updates.is_empty() || !self.bridge.active() { Vec::new() } else { l.values(seed) };
            for u in updates.iter().filter(|_| self.bridge.active()) {
                let json = match u {
                    Update::StepCompleted(i) => messages::step_completed(&l.id, i + 1, l.steps.len(), &values),
                    Update::LessonCompleted => messages::lesson_completed(&l.id, &values, &replay(session, seed)),
                };
                self.bridge.post(&json);
            }
            if before.as_ref() != Some(t) {
                if self.saves {
                    persist::store(&t.key(), &t.encode());
                } else {
                    crate::embed::lms_progress(&t.key(), Some(&t.encode()));
                }
            }
        }
        self.post_state(session);
        self.logged = session.event_log().total();
        let fed = self.fed;
        let after = self.next_line(session, active);
        if fed == self.fed && after == After::Nothing {
            self.next_press(session);
        }
        after
    }

    /// Types the next pressed run button's command when its terminal is free (or asks a question).
    fn next_press(&mut self, session: &Sim) {
        if self.press_gap > 0 {
            self.press_gap -= 1;
            return;
        }
        let Some(&(term, _)) = self.pressed.front() else { return };
        if session.is_busy(term) && !session.wants_input(term) {
            return;
        }
        if let Some((term, line)) = self.pressed.pop_front() {
            self.fed_press = Some((term, line.clone()));
            self.fed += 1;
            self.feed = Some((term, self.fed, line));
            self.press_gap = LINE_GAP_TICKS;
        }
    }

    fn next_line(&mut self, session: &Sim, active: TermId) -> After {
        if self.gap > 0 {
            self.gap -= 1;
            return After::Nothing;
        }
        let state = TermState {
            busy: session.is_busy(active),
            wants_input: session.wants_input(active),
            detachable: session.is_detachable(active),
        };
        match self.script.next(state) {
            Next::Wait => After::Nothing,
            Next::Type(line) => {
                self.fed += 1;
                self.feed = Some((active, self.fed, line));
                self.gap = LINE_GAP_TICKS;
                After::Nothing
            }
            Next::Interrupt => {
                self.gap = LINE_GAP_TICKS;
                After::Interrupt
            }
            Next::NewTerminal => {
                self.gap = LINE_GAP_TICKS;
                After::OpenTerminal
            }
        }
    }

    /// Posts the host's containers and networks when they changed (at most every half second).
    fn post_state(&mut self, session: &Sim) {
        if !self.bridge.active() {
            return;
        }
        self.state_gap = self.state_gap.saturating_sub(1);
        if self.state_gap > 0 || session.revision() == self.last_state.0 {
            return;
        }
        let view = session.view();
        let mut containers: Vec<(String, String)> =
            view.containers.iter().map(|c| (c.name.clone(), embed_state(c.state).to_string())).collect();
        sim_core::sort::sort(&mut containers);
        let mut networks: Vec<String> = view.networks.iter().map(|n| n.name.clone()).collect();
        sim_core::sort::sort(&mut networks);
        let json = messages::state(&containers, &networks);
        if json != self.last_state.1 {
            self.bridge.post(&json);
        }
        self.last_state = (view.revision, json);
        self.state_gap = STATE_GAP_TICKS;
    }
}

/// The session as a share link's fragment (files, seed, journal and branches: what the teacher's
/// dashboard opens in the read-only player), or empty while there is no journal to send.
fn replay(session: &Sim, seed: u64) -> String {
    let journal = session.journal();
    if session.starting() || journal.overflowed() || journal.is_empty() {
        return String::new();
    }
    let branches = (*session.branches() != sim_core::Branches::default()).then(|| session.branches().clone());
    let host = crate::share::Host { journal: journal.encode(), until: session.now().ms(), branches };
    let files = crate::project::files(session);
    let w = crate::share::Workspace { lang: session.lang(), seed, files, history: Vec::new(), host: Some(host) };
    let fragment = w.to_fragment();
    if fragment.len() <= messages::MAX_REPLAY || w.host.as_ref().is_none_or(|h| h.branches.is_none()) {
        return fragment;
    }
    // Too big with the branches time travel left behind: the live one alone.
    let w = crate::share::Workspace { host: w.host.map(|h| crate::share::Host { branches: None, ..h }), ..w };
    w.to_fragment()
}

/// What Muelle explains about a command typed when the event log held `since` events: the cause
/// of the first lookup, ping or connection that failed while it ran, in the page's language.
fn cause(session: &Sim, since: u64) -> Option<String> {
    use sim_core::EventKind::*;
    let log = session.event_log().since(since);
    let why = log.iter().find_map(|event| match &event.kind {
        DnsLookup { result: Err(c), .. } | Connect { result: Err(c), .. } | Ping { cause: Some(c), .. } => Some(c),
        _ => None,
    });
    why.map(|c| c.explain(session.lang()))
}

/// The `state` message's word for a container (`docs/embedding.md`): a paused container still
/// counts as `running` there.
fn embed_state(state: sim_core::ContainerState) -> &'static str {
    match state {
        sim_core::ContainerState::Paused => "running",
        other => other.as_str(),
    }
}
