//! Time travel: how a session looked at an earlier moment, and branches (issue 15).
//!
//! Nothing of the past is stored: the simulator is deterministic, so a moment is the seed plus
//! the journal's first inputs replayed up to a simulated time ([`Moment`]). Sessions cannot be
//! cloned (jobs are boxed state machines of a hundred kinds), so a "checkpoint" is one replayed
//! session kept alive, the [`Cursor`]: a jump forward from it goes on from where it is (only
//! the inputs and time in between are replayed), a jump back replays from the seed. At most one
//! cursor exists besides the live session, so memory stays within twice the live session's.
//!
//! Branches ([`Branches`]) are journals: continuing from a past moment makes the cursor the live
//! session and keeps the abandoned future as a named [`Branch`] (its journal and time), which
//! [`Branches::switch`] replays to return to. Undoing the last command is the one-step case
//! ([`Branches::undo`]). Branches are plain serde data, saved with the session.

use serde::{Deserialize, Serialize};

use crate::journal::{Entry, Input, Journal};
use crate::view::{HostView, Place};
use crate::{LogEvent, Session, SessionConfig, SimTime};

/// A moment of a session: its first `inputs` journal entries applied and simulated time run to
/// `at`. Two moments may share a time: the one with fewer inputs is before those inputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    pub at: u64,
    pub inputs: usize,
}

impl Moment {
    /// The moment at `at` in `journal`: every input up to and including `at` applied.
    pub fn at(journal: &Journal, at: u64) -> Moment {
        let inputs = journal.entries().partition_point(|e| e.at <= at);
        Moment { at, inputs }
    }

    /// The moment just before the last line typed (the state "undo" returns to), if any.
    pub fn before_last_command(journal: &Journal) -> Option<Moment> {
        let entries = journal.entries();
        let k = entries.iter().rposition(|e| matches!(e.input, Input::Submit { .. }))?;
        Some(Moment { at: entries[k].at, inputs: k })
    }

    /// The same moment made consistent with `entries`: no more inputs than exist or than are
    /// due by `at`, and no earlier than the last input applied.
    pub fn clamp(self, entries: &[Entry]) -> Moment {
        let due = entries.partition_point(|e| e.at <= self.at);
        let inputs = self.inputs.min(due);
        let at = inputs.checked_sub(1).and_then(|i| entries.get(i)).map_or(self.at, |e| e.at.max(self.at));
        Moment { at, inputs }
    }

    /// Whether a session at `self` can go on to `later` (nothing to undo on the way).
    pub fn precedes(&self, later: &Moment) -> bool {
        self.at <= later.at && self.inputs <= later.inputs
    }
}

/// One terminal at a past moment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screen {
    /// What it showed: prompts, typed lines, output and hints (the last [`SCREEN_BYTES`]).
    pub text: String,
    pub prompt: String,
    pub busy: bool,
    pub place: Place,
}

/// The tail of a terminal's screen a [`PastView`] carries.
pub const SCREEN_BYTES: usize = 64 * 1024;
/// The pending output a cursor's terminals keep: more than [`SCREEN_BYTES`] (so [`tail`] cuts
/// where it would in the whole text), less than all of it (memory: `tests/travel_memory.rs`).
const KEPT_SCREEN_BYTES: usize = SCREEN_BYTES + 4096;
/// Events a [`PastView`] carries at most (the last ones before the moment).
pub const PAST_EVENTS: usize = 200;

/// How a session looked at a past moment: what the page draws instead of the present.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastView {
    pub moment: Moment,
    pub view: HostView,
    pub screens: Vec<Screen>,
    /// The project folder's entries (see [`crate::remote::project_tree`]).
    pub tree: Vec<(String, bool)>,
    /// The project's files and their text (`None`: not text or too big to carry).
    pub files: Vec<(String, Option<String>)>,
    /// The last events up to the moment, in order.
    pub events: Vec<LogEvent>,
}

impl PastView {
    /// What `session` shows now, labelled as `moment`.
    pub(crate) fn of(session: &Session, moment: Moment) -> PastView {
        let screens = (0..session.terminal_count())
            .map(|t| Screen {
                text: tail(session.screen(t), SCREEN_BYTES),
                prompt: session.prompt(t),
                busy: session.is_busy(t),
                place: session.place(t),
            })
            .collect();
        let tree = crate::remote::project_tree(session);
        let files = tree
            .iter()
            .filter(|(_, is_dir)| !is_dir)
            .map(|(path, _)| {
                let text = session
                    .read_host_file(path)
                    .ok()
                    .filter(|d| d.len() <= crate::remote::MAX_MIRRORED_FILE)
                    .and_then(|d| String::from_utf8(d).ok());
                (path.clone(), text)
            })
            .collect();
        let recent = session.events();
        let events = recent[recent.len().saturating_sub(PAST_EVENTS)..].to_vec();
        PastView { moment, view: session.view(), screens, tree, files, events }
    }
}

/// The last `max` bytes of `text`, starting at a line when one starts near the cut.
fn tail(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut cut = text.len() - max;
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    if let Some(nl) = text[cut..].find('\n').filter(|&n| n < 1024) {
        cut += nl + 1;
    }
    text[cut..].to_string()
}

/// A session replayed to a past moment, kept to move from (the module's doc says why). It
/// keeps no journal of its own (it replays the live one's first inputs, which a fingerprint
/// names), and its terminals only the output a past screen shows ([`Session::as_past`]).
pub struct Cursor {
    session: Session,
    moment: Moment,
    /// The fingerprint of the entries replayed (see [`fingerprint`]).
    replayed: u64,
}

/// A fingerprint of journal entries: whether a cursor's inputs are still the live journal's
/// first ones (a branch or a restart replaces that journal).
fn fingerprint(entries: &[Entry]) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same entries give the same number in every run.
    let mut h = std::hash::DefaultHasher::new();
    entries.hash(&mut h);
    h.finish()
}

impl Cursor {
    /// A fresh replay of `entries` from `cfg`'s seed to `to` (clamped to the entries), echoing
    /// as [`Session::replay`] does so the screens show what the page showed.
    pub fn replay(cfg: SessionConfig, entries: &[Entry], to: Moment) -> Cursor {
        let mut session = Session::new(cfg);
        session.as_past(KEPT_SCREEN_BYTES);
        let mut c = Cursor { session, moment: Moment::default(), replayed: fingerprint(&[]) };
        c.go_on(entries, to.clamp(entries));
        c
    }

    /// Moves to `to` in `journal` (the live session's): on from where the cursor is when that is
    /// earlier in the same journal, else replayed from the seed. The result is the same either
    /// way (the property tests in `tests/timeline.rs` check it).
    pub fn seek<'a>(this: &'a mut Option<Cursor>, cfg: SessionConfig, journal: &Journal, to: Moment) -> &'a mut Cursor {
        let entries = journal.entries();
        let to = to.clamp(entries);
        let cursor = match this.take() {
            Some(mut c) if c.can_go_on(&cfg, journal, &to) => {
                c.go_on(entries, to);
                c
            }
            stale => {
                // Gone before the replay starts, so two cursors never live at once (memory stays
                // within twice the live session's: `tests/travel_memory.rs`).
                drop(stale);
                Cursor::replay(cfg, entries, to)
            }
        };
        this.insert(cursor)
    }

    /// Whether the cursor can go on to `to` in `journal`: same seed and language, not past it,
    /// and its inputs are still the journal's first ones.
    fn can_go_on(&self, cfg: &SessionConfig, journal: &Journal, to: &Moment) -> bool {
        let cfg_now = self.session.config();
        cfg_now.seed == cfg.seed
            && cfg_now.lang == cfg.lang
            && self.moment.precedes(to)
            && !journal.overflowed()
            && journal.entries().get(..self.moment.inputs).is_some_and(|e| fingerprint(e) == self.replayed)
    }

    /// Replays the inputs between the cursor's moment and `to` (consistent with `entries`, and
    /// not before the cursor's).
    fn go_on(&mut self, entries: &[Entry], to: Moment) {
        for e in entries.get(self.moment.inputs..to.inputs).unwrap_or_default() {
            self.session.replay_entry(e, true);
        }
        self.session.replay_until(SimTime::ZERO.plus(to.at));
        self.replayed = fingerprint(entries.get(..to.inputs).unwrap_or_default());
        self.moment = to;
    }

    pub fn moment(&self) -> Moment {
        self.moment
    }

    /// What the moment looks like.
    pub fn view(&self) -> PastView {
        PastView::of(&self.session, self.moment)
    }

    /// The replayed session, read-only (the inspector reads its log). It has no journal.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The replayed session, to go on living from (see [`Branches::branch_here`]), with the
    /// journal it was replayed from: `journal`'s first inputs (the live journal it was sought in).
    pub fn into_session(self, journal: &Journal) -> Session {
        let entries = journal.entries();
        let mine = Journal::of(entries.get(..self.moment.inputs).unwrap_or(entries));
        self.session.into_live(mine)
    }
}

/// A future left behind: a journal and the simulated time (ms) it had reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    pub name: String,
    /// As [`Journal::encode`] writes it.
    pub journal: String,
    pub until: u64,
}

/// The live session's branch name and the branches left behind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branches {
    /// The live session's branch.
    pub current: String,
    /// The others, oldest left first.
    pub others: Vec<Branch>,
}

impl Default for Branches {
    fn default() -> Self {
        Branches { current: "1".into(), others: Vec::new() }
    }
}

/// Branches kept at most: the oldest left is dropped beyond it (each is a whole journal).
pub const MAX_BRANCHES: usize = 32;

impl Branches {
    /// Every branch's name, the live one's included, in order of their numbers.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> =
            std::iter::once(self.current.clone()).chain(self.others.iter().map(|b| b.name.clone())).collect();
        crate::sort::sort_by(&mut names, |a, b| natural(a).cmp(&natural(b)));
        names
    }

    /// A name no branch has: one more than the largest number among them.
    fn fresh_name(&self) -> String {
        let top = self.names().iter().filter_map(|n| n.parse::<u64>().ok()).max().unwrap_or(0);
        (top + 1).to_string()
    }

    /// Continues from `past` (a session at an earlier moment, see [`Cursor::into_session`]):
    /// it becomes `live`, and what was live is kept as the branch it was, under its name.
    pub fn branch_here(&mut self, live: &mut Session, past: Session) {
        let left = std::mem::replace(live, past);
        self.keep(&left);
        self.current = self.fresh_name();
    }

    /// Undoes the last line typed: continues from the moment before it (the undone future is
    /// kept as a branch). False when nothing was typed.
    pub fn undo(&mut self, live: &mut Session) -> bool {
        let Some(moment) = Moment::before_last_command(live.journal()) else { return false };
        let past = Cursor::replay(live.config(), live.journal().entries(), moment).into_session(live.journal());
        self.branch_here(live, past);
        true
    }

    /// Makes branch `name` live again (replayed from its journal, with the screens echoed);
    /// what was live is kept as a branch. False when there is no such branch or its journal
    /// cannot be read (nothing changes then).
    pub fn switch(&mut self, live: &mut Session, name: &str) -> bool {
        let Some(i) = self.others.iter().position(|b| b.name == name) else { return false };
        let Some(journal) = Journal::decode(&self.others[i].journal) else { return false };
        let until = SimTime::ZERO.plus(self.others[i].until);
        let back = Session::replay(live.config(), &journal, until, true);
        let left = std::mem::replace(live, back);
        let target = self.others.remove(i);
        self.keep(&left);
        self.current = target.name;
        true
    }

    fn keep(&mut self, left: &Session) {
        self.others.push(Branch {
            name: self.current.clone(),
            journal: left.journal().encode(),
            until: left.now().ms(),
        });
        if self.others.len() > MAX_BRANCHES {
            self.others.remove(0);
        }
    }
}

/// Orders names as numbers first (by value), then the rest as text.
fn natural(name: &str) -> (u8, u64, &str) {
    match name.parse::<u64>() {
        Ok(n) => (0, n, ""),
        Err(_) => (1, 0, name),
    }
}

/// The session time travel's figures are measured on (`tests/timeline.rs`'s `jump_figures`
/// natively, the page's `e2e/bench/jump.mjs` from a share link): 320 commands over 1,792
/// simulated seconds, 25 containers restarting, pings, volumes and file writes.
pub fn thirty_minute_session(config: SessionConfig) -> Session {
    let mut s = Session::new(config);
    for i in 0..320 {
        let line = match i % 8 {
            0 if i < 200 => format!("docker run -d --name c{i} --restart on-failure:2 alpine sh -c 'sleep 30; exit 1'"),
            1 => "docker ps -a".to_string(),
            2 => format!("docker volume create v{i}"),
            3 => "ping -c 2 127.0.0.1".to_string(),
            4 => format!("echo {i} >> notas.txt"),
            5 => "docker volume ls -q".to_string(),
            6 => "ls".to_string(),
            _ => "docker network ls".to_string(),
        };
        s.submit(0, &line);
        for _ in 0..112 {
            s.advance(50);
        }
    }
    s
}
