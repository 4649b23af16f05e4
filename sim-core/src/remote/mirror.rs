//! The page's side: a copy of what it draws, brought up to date by [`Frame`]s, and the inputs
//! it sends, numbered, in an outbox the page's link to the worker empties.
//!
//! Its reading methods are named as [`crate::Session`]'s, so the page's components read it as
//! they read a session; its input methods answer at once from what the mirror knows (a new
//! terminal's number, a file name Linux refuses), the rest arrives with the next frames.

use super::{Envelope, Frame, PastUpdate, Replay, TermState, ToSim};
use crate::complete::Completion;
use crate::events::EventLog;
use crate::fs::FsError;
use crate::journal::Input;
use crate::journal::Journal;
use crate::timeline::{Branches, Moment, PastView};
use crate::view::{HostView, Place};
use crate::{Fault, Lang, LogEvent, SimTime, TermId};

#[derive(Clone, Debug, Default)]
struct Term {
    state: TermState,
    output: String,
    hints: Vec<String>,
    /// Lines typed that the worker has not answered yet, by message number.
    pending: Vec<u64>,
}

/// The project's files' contents the mirror knows, by path (`None`: not sent yet), sorted by
/// path: a sorted list with a map's methods rather than a `BTreeMap`, one map type fewer in the
/// page's wasm (a project holds tens of files, rarely hundreds).
#[derive(Debug, Default)]
struct Contents(Vec<(String, Option<String>)>);

impl Contents {
    fn at(&self, path: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(p, _)| p.as_str().cmp(path))
    }

    fn insert(&mut self, path: String, content: Option<String>) {
        match self.at(&path) {
            Ok(i) => self.0[i].1 = content,
            Err(i) => self.0.insert(i, (path, content)),
        }
    }

    fn remove(&mut self, path: &str) {
        if let Ok(i) = self.at(path) {
            self.0.remove(i);
        }
    }

    fn get(&self, path: &str) -> Option<&Option<String>> {
        self.at(path).ok().map(|i| &self.0[i].1)
    }

    fn retain(&mut self, mut keep: impl FnMut(&String, &mut Option<String>) -> bool) {
        self.0.retain_mut(|(p, c)| keep(p, c));
    }

    fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(p, _)| p)
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

/// Past views a mirror keeps besides the one shown (see [`Mirror::show_past`]): the two
/// neighbours the scrubber asks for, the moment left and the one before it (a step forward and
/// back needs no new view).
const MAX_NEAR: usize = 4;

/// What the page knows of the simulator between frames.
#[derive(Debug)]
pub struct Mirror {
    lang: Lang,
    next_seq: u64,
    outbox: Vec<Envelope>,
    /// The number of the last [`ToSim::Start`]: frames answering earlier messages are stale.
    started_at: u64,
    acked: u64,
    now: u64,
    revision: u64,
    stamp: (u64, u64),
    terms: Vec<Term>,
    view: HostView,
    log: EventLog,
    journal: Journal,
    tree: Vec<(String, bool)>,
    contents: Contents,
    /// Moves whenever the project's files may have changed (see [`Mirror::files_stamp`]).
    files_stamp: u64,
    completions: Vec<(u64, Completion)>,
    checks: Vec<(u64, Vec<super::Problem>)>,
    lesson: Option<Vec<Vec<bool>>>,
    errors: Vec<String>,
    /// The [`ToSim::Advance`] on its way, if one is (the page sends the next after its frame).
    advancing: Option<u64>,
    /// The past moment asked for (`None`: the present), and its view once it came.
    viewing: Option<Moment>,
    past: Option<PastView>,
    /// Views of past moments sent ahead (the neighbours of the one shown, see
    /// [`Mirror::show_past`]) and the last ones shown, at most [`MAX_NEAR`].
    near: Vec<PastView>,
    /// A view asked for by [`Mirror::view_past`] is on its way (not drawn from `near` since).
    awaiting: bool,
    branches: Branches,
    /// Counts the live session's replacements by a branch or an undo (see
    /// [`Mirror::replacements`]).
    replacements: u64,
    /// The terminals' size the page asks for ([`Mirror::resize`]), and what the live session
    /// was last told (sent again after a restart, a branch or an undo replaced it).
    tty: Option<(usize, usize)>,
    tty_sent: Option<(usize, usize)>,
}

impl Mirror {
    /// A mirror of a session that starts with `files` (see [`ToSim::Start`]); its first message.
    pub fn start(seed: u64, lang: Lang, files: Vec<(String, String)>, replay: Option<Replay>) -> Mirror {
        let mut m = Mirror {
            lang,
            next_seq: 1,
            outbox: Vec::new(),
            started_at: 0,
            acked: 0,
            now: 0,
            revision: 0,
            stamp: (0, 0),
            terms: vec![Term::default()],
            view: HostView::default(),
            log: EventLog::default(),
            journal: Journal::default(),
            tree: Vec::new(),
            contents: Contents::default(),
            files_stamp: 0,
            completions: Vec::new(),
            checks: Vec::new(),
            lesson: None,
            errors: Vec::new(),
            advancing: None,
            viewing: None,
            past: None,
            near: Vec::new(),
            awaiting: false,
            branches: Branches::default(),
            replacements: 0,
            tty: None,
            tty_sent: None,
        };
        m.restart(seed, lang, files, replay);
        m
    }

    /// A mirror of a session that already runs in a [`super::Driver`] (see
    /// [`super::Driver::with`]): empty until that driver's first frame.
    pub fn attached(lang: Lang) -> Mirror {
        let mut m = Mirror::start(0, lang, Vec::new(), None);
        m.outbox.clear();
        m.started_at = 0;
        m.next_seq = 1;
        for t in &mut m.terms {
            t.pending.clear();
        }
        m
    }

    /// Replaces the session: everything mirrored is forgotten, the files are known at once.
    pub fn restart(&mut self, seed: u64, lang: Lang, files: Vec<(String, String)>, replay: Option<Replay>) {
        let terminals = replay.as_ref().and_then(|r| Journal::decode(&r.journal)).map_or(1, |j| terminals_in(&j));
        self.lang = lang;
        self.now = replay.as_ref().map_or(0, |r| r.until);
        self.revision = 0;
        self.stamp = (0, 0);
        self.terms = vec![Term::default(); terminals];
        self.view = HostView::default();
        self.log = EventLog::default();
        self.journal = Journal::default();
        let contents = files.iter().filter_map(|(p, c)| {
            project_relative(p).ok().flatten().filter(|r| !r.is_empty()).map(|r| (r, Some(c.clone())))
        });
        self.contents.clear();
        for (path, content) in contents {
            self.contents.insert(path, content);
        }
        self.tree = tree_of(self.contents.keys());
        self.files_stamp += 1;
        self.completions.clear();
        self.errors.clear();
        self.advancing = None;
        self.viewing = None;
        self.past = None;
        self.near.clear();
        self.branches = Branches::default();
        self.started_at = self.send(ToSim::Start { seed, lang, files, replay });
        for t in &mut self.terms {
            // Busy until the worker has started (and replayed): what is typed meanwhile waits.
            t.pending.push(self.started_at);
        }
        self.tty_sent = None;
        self.send_tty();
    }

    /// The page's terminals are `cols`×`rows` cells now (see [`crate::Session::resize`]): sent
    /// when it changed, and held while the past is shown (the live session gets it on return).
    pub fn resize(&mut self, cols: usize, rows: usize) {
        self.tty = Some((cols, rows));
        self.send_tty();
    }

    fn send_tty(&mut self) {
        if let Some((cols, rows)) = self.tty.filter(|t| self.viewing.is_none() && self.tty_sent != Some(*t)) {
            self.tty_sent = self.tty;
            self.send(ToSim::Input(Input::Resize { cols, rows }));
        }
    }

    fn send(&mut self, msg: ToSim) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.outbox.push(Envelope { seq, msg });
        seq
    }

    /// The messages to post, in order (the link posts them as one JSON list).
    pub fn take_outbox(&mut self) -> Vec<Envelope> {
        std::mem::take(&mut self.outbox)
    }

    /// Brings the mirror up to date. A frame answering messages sent before the last restart
    /// is ignored.
    pub fn apply(&mut self, frame: Frame) {
        if frame.acked < self.started_at {
            return;
        }
        self.acked = frame.acked;
        if self.advancing.is_some_and(|a| a <= frame.acked) {
            self.advancing = None;
        }
        self.now = frame.now;
        self.revision = frame.revision;
        self.stamp = frame.stamp;
        if frame.replaced {
            // Everything comes again in this frame: the old session's text, events and files go.
            self.replacements += 1;
            self.terms.truncate(frame.terminal_count.max(1));
            for t in &mut self.terms {
                t.output.clear();
                t.hints.clear();
            }
            self.log = EventLog::default();
            self.journal = Journal::default();
            self.contents.clear();
            self.tree.clear();
            self.files_stamp += 1;
            self.near.clear();
        }
        match frame.past {
            PastUpdate::Unchanged => {}
            PastUpdate::Live => {
                if self.past.take().is_some() {
                    self.files_stamp += 1;
                }
                self.near.clear();
                self.viewing = None;
                // Back in the present (a branch continued from the past): its size, if not yet.
                self.send_tty();
            }
            PastUpdate::At(view) => {
                // A view asked for before a return to the present is not shown, nor one the page
                // moved on from (to a view sent ahead): that one is kept as a neighbour.
                if self.viewing.is_some() && self.awaiting {
                    self.viewing = Some(view.moment);
                    self.show(*view);
                } else if self.viewing.is_some() {
                    self.keep_near(*view);
                }
            }
        }
        if self.viewing.is_some() {
            for view in frame.ahead {
                self.keep_near(view);
            }
        }
        if let Some(branches) = frame.branches {
            self.branches = branches;
        }
        if self.terms.len() < frame.terminal_count {
            self.terms.resize(frame.terminal_count, Term::default());
        }
        for t in &mut self.terms {
            t.pending.retain(|seq| *seq > frame.acked);
        }
        for tf in frame.terms {
            if let Some(t) = self.terms.get_mut(tf.id) {
                t.output.push_str(&tf.output);
                t.hints.extend(tf.hints);
                t.state = tf.state;
            }
        }
        if let Some(view) = frame.view {
            self.view = view;
        }
        for e in frame.events {
            self.log.push(e);
        }
        for e in frame.journal {
            self.journal.record(SimTime::ZERO.plus(e.at), e.input);
        }
        if frame.tree.is_some() || !frame.contents.is_empty() {
            self.files_stamp += 1;
        }
        if let Some(tree) = frame.tree {
            self.tree = tree;
        }
        for (path, content) in frame.contents {
            match content {
                None if !self.tree.iter().any(|(p, _)| *p == path) => {
                    self.contents.remove(&path);
                }
                c => {
                    self.contents.insert(path, c);
                }
            }
        }
        self.completions.extend(frame.completions);
        self.checks.extend(frame.checks);
        if frame.lesson.is_some() {
            self.lesson = frame.lesson;
        }
        self.errors.extend(frame.errors);
    }

    /// Whether the worker has not yet answered the last restart (it is starting or replaying).
    pub fn starting(&self) -> bool {
        self.acked < self.started_at
    }

    /// Whether messages are on their way that the worker has not answered.
    pub fn waiting(&self) -> bool {
        self.acked + 1 < self.next_seq
    }

    // --- Time travel (see `crate::timeline`) -------------------------------------------------

    /// Shows the past moment `moment` (the live session goes on untouched; the page stops its
    /// clock meanwhile). Its view arrives with a frame ([`Mirror::past`]).
    pub fn view_past(&mut self, moment: Moment) {
        self.viewing = Some(moment);
        self.awaiting = true;
        self.send(ToSim::ViewPast(moment));
    }

    /// Shows the past moment `moment` at once when its view came ahead (then returns true), else
    /// asks for it as [`Mirror::view_past`] does; and asks for the views of `ahead` (the moments
    /// the page may show next: the scrubber's neighbours of `moment`) that it has not got.
    pub fn show_past(&mut self, moment: Moment, ahead: &[Moment]) -> bool {
        let shown = match self.near.iter().position(|v| v.moment == moment) {
            Some(i) if self.viewing.is_some() => {
                let view = self.near.remove(i);
                self.viewing = Some(moment);
                self.awaiting = false;
                self.show(view);
                self.send(ToSim::Shown(moment));
                true
            }
            _ => {
                self.view_past(moment);
                false
            }
        };
        let wanted: Vec<Moment> =
            ahead.iter().copied().filter(|m| *m != moment && !self.near.iter().any(|v| v.moment == *m)).collect();
        if !wanted.is_empty() {
            self.send(ToSim::Ahead(wanted));
        }
        shown
    }

    /// Makes `view` the one shown; the one it replaces is kept as a neighbour.
    fn show(&mut self, view: PastView) {
        if let Some(old) = self.past.replace(view) {
            self.keep_near(old);
        }
        // The project's files are read at that moment now.
        self.files_stamp += 1;
    }

    /// Keeps `view` among the neighbours (replacing one of the same moment; the oldest goes
    /// beyond [`MAX_NEAR`]).
    fn keep_near(&mut self, view: PastView) {
        self.near.retain(|v| v.moment != view.moment);
        self.near.push(view);
        if self.near.len() > MAX_NEAR {
            self.near.remove(0);
        }
    }

    /// Back to the present.
    pub fn go_live(&mut self) {
        self.near.clear();
        self.viewing = None;
        if self.past.take().is_some() {
            self.files_stamp += 1;
        }
        self.send(ToSim::GoLive);
        self.send_tty();
    }

    /// Continues from the past moment shown; the live future is kept as a branch.
    pub fn branch_here(&mut self) {
        if self.viewing.is_some() {
            self.send(ToSim::BranchHere);
            // The moment continued from has the size it had then.
            self.tty_sent = None;
        }
    }

    /// Makes the branch `name` live again.
    pub fn switch_branch(&mut self, name: &str) {
        self.viewing = None;
        self.past = None;
        self.near.clear();
        self.send(ToSim::SwitchBranch(name.to_string()));
        self.tty_sent = None;
        self.send_tty();
    }

    /// Continues from just before the last line typed.
    pub fn undo(&mut self) {
        self.viewing = None;
        self.past = None;
        self.near.clear();
        self.send(ToSim::Undo);
        self.tty_sent = None;
        self.send_tty();
    }

    /// Hands the worker the branches of a session just restarted from a save.
    pub fn set_branches(&mut self, branches: Branches) {
        self.branches = branches.clone();
        self.send(ToSim::SetBranches(branches));
    }

    /// The past moment asked for, if the page shows the past.
    pub fn viewing(&self) -> Option<Moment> {
        self.viewing
    }

    /// The past moment's view, once it arrived.
    pub fn past(&self) -> Option<&PastView> {
        self.past.as_ref()
    }

    /// A project file's text at the past moment shown (`path` relative to the project): the
    /// frame's when it differed from the present's, else the present's; `None` when it did not
    /// exist then (or is not text), or no past moment is shown.
    pub fn past_file(&self, path: &str) -> Option<String> {
        let past = self.past.as_ref()?;
        if let Some((_, text)) = past.files.iter().find(|(p, _)| p == path) {
            return text.clone();
        }
        let exists = past.tree.iter().any(|(p, is_dir)| p == path && !is_dir);
        exists.then(|| self.contents.get(path).cloned().flatten()).flatten()
    }

    pub fn branches(&self) -> &Branches {
        &self.branches
    }

    /// Moves when the live session was replaced (a branch, an undo): terminals that keep their
    /// own scrollback start again from the mirror's text.
    pub fn replacements(&self) -> u64 {
        self.replacements
    }

    // --- Inputs -----------------------------------------------------------------------------

    pub fn submit(&mut self, t: TermId, line: &str) {
        let seq = self.send(ToSim::Input(Input::Submit { term: t, line: line.to_string() }));
        if let Some(term) = self.terms.get_mut(t) {
            term.pending.push(seq);
        }
    }

    pub fn interrupt(&mut self, t: TermId) {
        self.send(ToSim::Input(Input::Interrupt { term: t }));
    }

    pub fn ctrl_key(&mut self, t: TermId, code: u8) {
        self.send(ToSim::Input(Input::Ctrl { term: t, code }));
    }

    /// Opens a terminal; its number is known at once (terminals are numbered in order).
    pub fn open_terminal(&mut self) -> TermId {
        self.send(ToSim::Input(Input::OpenTerminal));
        self.terms.push(Term::default());
        self.terms.len() - 1
    }

    pub fn close_terminal(&mut self, t: TermId) {
        self.send(ToSim::Input(Input::CloseTerminal { term: t }));
    }

    pub fn inject_fault(&mut self, container: &str, fault: &Fault) {
        self.send(ToSim::Input(Input::Fault { container: container.to_string(), fault: fault.clone() }));
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
        self.send(ToSim::SetLang(lang));
    }

    /// Asks for `ms` of simulated time, unless the last ask is still on its way (then the
    /// worker is behind: the time is dropped, as a stalled page drops it). Returns whether sent.
    pub fn advance_budgeted(&mut self, ms: u64, budget: u64) -> bool {
        if self.advancing.is_some() {
            return false;
        }
        self.advancing = Some(self.send(ToSim::Advance { ms, budget }));
        true
    }

    /// Asks for one step of simulated time: to the next moment something is due.
    pub fn step(&mut self) {
        self.send(ToSim::Step);
    }

    /// Asks the worker to die as a panic would (the end-to-end tests' `replay-panic`).
    pub fn test_panic(&mut self) {
        self.send(ToSim::TestPanic);
    }

    /// Asks what Tab completes; the answer comes back under `ticket` ([`Mirror::take_completion`]).
    pub fn request_completion(&mut self, t: TermId, line: &str, ticket: u64) {
        self.send(ToSim::Complete { term: t, line: line.to_string(), ticket });
    }

    /// The answer to a completion asked for with `ticket`, once it arrived.
    pub fn take_completion(&mut self, ticket: u64) -> Option<Completion> {
        let i = self.completions.iter().position(|(t, _)| *t == ticket)?;
        Some(self.completions.remove(i).1)
    }

    /// Asks the worker to validate the editor's `text` as `path`; the answer comes back under
    /// `ticket` ([`Mirror::take_checks`]).
    pub fn request_check(&mut self, path: &str, text: &str, lang: Lang, ticket: u64) {
        self.send(ToSim::Check { ticket, path: path.to_string(), text: text.to_string(), lang });
    }

    /// The validations answered since the last call, by ticket.
    pub fn take_checks(&mut self) -> Vec<(u64, Vec<super::Problem>)> {
        std::mem::take(&mut self.checks)
    }

    /// The lesson whose checks frames report (its YAML), or none.
    pub fn set_lesson(&mut self, yaml: Option<String>) {
        self.lesson = None;
        self.send(ToSim::Lesson(yaml));
    }

    /// Writes a host file: known to the mirror at once, refused at once where the session would
    /// refuse the path (see [`crate::Session::write_host_file`]).
    pub fn write_host_file(&mut self, path: &str, data: &[u8]) -> Result<(), FsError> {
        let rel = project_relative(path)?;
        if self.host_is_dir(path) {
            return Err(FsError::IsADirectory);
        }
        let text = String::from_utf8_lossy(data).into_owned();
        self.send(ToSim::Input(Input::WriteFile { path: path.to_string(), data: text.clone() }));
        if let Some(rel) = rel {
            self.contents.insert(rel, Some(text));
            self.tree = merge_tree(&self.tree, self.contents.keys());
            self.files_stamp += 1;
        }
        Ok(())
    }

    pub fn remove_host_file(&mut self, path: &str) -> Result<(), FsError> {
        let rel = project_relative(path)?;
        self.send(ToSim::Input(Input::RemoveFile { path: path.to_string() }));
        if let Some(rel) = rel {
            let below = format!("{rel}/");
            self.contents.retain(|p, _| *p != rel && !p.starts_with(&below));
            self.tree.retain(|(p, _)| *p != rel && !p.starts_with(&below));
            self.files_stamp += 1;
        }
        Ok(())
    }

    pub fn rename_host_file(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        let (from_rel, to_rel) = (project_relative(from)?, project_relative(to)?);
        if self.read_host_file(to).is_ok() || self.host_is_dir(to) {
            return Err(FsError::Exists);
        }
        let data = self.read_host_file(from)?;
        self.send(ToSim::Input(Input::RenameFile { from: from.to_string(), to: to.to_string() }));
        if let (Some(f), Some(t)) = (from_rel, to_rel) {
            self.contents.remove(&f);
            self.tree.retain(|(p, _)| *p != f);
            self.contents.insert(t, Some(String::from_utf8_lossy(&data).into_owned()));
            self.tree = merge_tree(&self.tree, self.contents.keys());
            self.files_stamp += 1;
        }
        Ok(())
    }

    // --- Reading, as a session reads --------------------------------------------------------

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn now(&self) -> SimTime {
        SimTime::ZERO.plus(self.now)
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn change_stamp(&self) -> (u64, u64) {
        self.stamp
    }

    /// Everything that can redraw something: the stamp, new output, pending lines.
    pub fn terminal_count(&self) -> usize {
        self.terms.len()
    }

    /// The host's view: the past moment's while the page shows the past.
    pub fn view(&self) -> HostView {
        self.host_view().clone()
    }

    /// See [`Mirror::view`].
    pub fn host_view(&self) -> &HostView {
        self.past.as_ref().map_or(&self.view, |p| &p.view)
    }

    pub fn place(&self, t: TermId) -> Place {
        self.terms.get(t).map(|x| x.state.place.clone()).unwrap_or(Place::Host)
    }

    pub fn prompt(&self, t: TermId) -> String {
        self.terms.get(t).map(|x| x.state.prompt.clone()).unwrap_or_default()
    }

    /// Busy while its command runs, and while a line typed is on its way to the worker.
    pub fn is_busy(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| x.state.busy || !x.pending.is_empty())
    }

    pub fn wants_input(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| x.pending.is_empty() && x.state.wants_input)
    }

    /// The command reads a password: the page shows nothing of what is typed (see
    /// `Session::hides_input`).
    pub fn hides_input(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| x.pending.is_empty() && x.state.wants_input && x.state.hides_input)
    }

    pub fn is_detachable(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| x.state.detachable)
    }

    pub fn runs_until_interrupted(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| x.state.until_interrupted)
    }

    pub fn last_status(&self, t: TermId) -> i32 {
        self.terms.get(t).map_or(0, |x| x.state.last_status)
    }

    /// Whether terminal `t` has output or hints not taken yet.
    pub fn has_output(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| !x.output.is_empty() || !x.hints.is_empty())
    }

    pub fn take_output(&mut self, t: TermId) -> String {
        self.terms.get_mut(t).map(|x| std::mem::take(&mut x.output)).unwrap_or_default()
    }

    pub fn take_hints(&mut self, t: TermId) -> Vec<String> {
        self.terms.get_mut(t).map(|x| std::mem::take(&mut x.hints)).unwrap_or_default()
    }

    pub fn events(&self) -> &[LogEvent] {
        self.log.recent()
    }

    pub fn event_log(&self) -> &EventLog {
        &self.log
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// The lesson's checks, per step, whether each passes (once a frame reported them).
    pub fn lesson_checks(&self) -> Option<&[Vec<bool>]> {
        self.lesson.as_deref()
    }

    /// Problems the worker reported (a lesson that did not parse), taken once.
    pub fn take_errors(&mut self) -> Vec<String> {
        std::mem::take(&mut self.errors)
    }

    /// A number that moves whenever the project's files may have changed (a frame brought
    /// files, or the page wrote, renamed or removed one), and only then: the page's editor and
    /// file list redraw on it, not on every change of the host (a `compose up` moves the host's
    /// revision in every frame and touches no file).
    pub fn files_stamp(&self) -> u64 {
        self.files_stamp
    }

    /// The project's files and folders (see [`super::project_tree`]); at the past moment shown,
    /// while one is (as every reader of the project's files below: the page shows one moment).
    pub fn project_tree(&self) -> &[(String, bool)] {
        self.past.as_ref().map_or(&self.tree, |p| &p.tree)
    }

    /// A host file's bytes, for files in the project folder (the only ones the page reads); at
    /// the past moment shown, while one is.
    pub fn read_host_file(&self, path: &str) -> Result<Vec<u8>, FsError> {
        let Ok(Some(rel)) = project_relative(path) else { return Err(FsError::NotFound) };
        let text = if self.past.is_some() { self.past_file(&rel) } else { self.contents.get(&rel).cloned().flatten() };
        match text {
            Some(text) => Ok(text.into_bytes()),
            _ if self.host_is_dir(path) => Err(FsError::IsADirectory),
            _ => Err(FsError::NotFound),
        }
    }

    pub fn host_is_dir(&self, path: &str) -> bool {
        match project_relative(path) {
            Ok(Some(rel)) if rel.is_empty() => true,
            Ok(Some(rel)) => self.project_tree().iter().any(|(p, d)| *d && *p == rel),
            _ => false,
        }
    }

    /// Names directly inside a project folder, sorted, with whether each is a folder.
    pub fn list_host_dir(&self, path: &str) -> Result<Vec<(String, bool)>, FsError> {
        let Ok(Some(rel)) = project_relative(path) else { return Err(FsError::NotFound) };
        if !self.host_is_dir(path) {
            return Err(FsError::NotFound);
        }
        let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
        let mut out: Vec<(String, bool)> = self
            .project_tree()
            .iter()
            .filter_map(|(p, d)| {
                p.strip_prefix(&prefix).filter(|rest| !rest.contains('/')).map(|n| (n.to_string(), *d))
            })
            .collect();
        crate::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

/// The path relative to the project folder (`Some("")` for the folder itself, `None` for a path
/// outside it), or the session's refusal of a path Linux refuses.
fn project_relative(path: &str) -> Result<Option<String>, FsError> {
    crate::fs::check_path(path)?;
    let abs = crate::fs::normalize(crate::PROJECT_DIR, path);
    crate::fs::check_path(&abs)?;
    if abs == crate::PROJECT_DIR {
        return Ok(Some(String::new()));
    }
    Ok(abs.strip_prefix(crate::PROJECT_DIR).and_then(|r| r.strip_prefix('/')).map(str::to_string))
}

/// How many terminals a replayed journal leaves (the first, plus one per terminal opened).
fn terminals_in(journal: &Journal) -> usize {
    1 + journal.entries().iter().filter(|e| matches!(e.input, crate::journal::Input::OpenTerminal)).count()
}

/// The tree of a set of file paths: their folders and themselves, folders before files.
fn tree_of<'a>(files: impl Iterator<Item = &'a String>) -> Vec<(String, bool)> {
    merge_tree(&[], files)
}

/// `tree` with `files` and their folders added, in [`super::project_tree`]'s order.
fn merge_tree<'a>(tree: &[(String, bool)], files: impl Iterator<Item = &'a String>) -> Vec<(String, bool)> {
    // By path, each once, a folder wherever any entry says so (a sorted list rather than a map:
    // one map type fewer in the page's wasm).
    let mut entries: Vec<(String, bool)> = Vec::with_capacity(tree.len());
    let mut add = |path: &str, folder: bool| match entries.binary_search_by(|(p, _)| p.as_str().cmp(path)) {
        Ok(i) => entries[i].1 |= folder,
        Err(i) => entries.insert(i, (path.to_string(), folder)),
    };
    for (p, folder) in tree {
        add(p, *folder);
    }
    for f in files {
        let mut at = 0;
        while let Some(i) = f[at..].find('/') {
            add(&f[..at + i], true);
            at += i + 1;
        }
        add(f, false);
    }
    // Depth first, folders before files, each alphabetically: sort by the path's parts, a
    // folder's part ranking before a file's at the same level.
    let key = |(p, d): &(String, bool)| -> Vec<(bool, String)> {
        let parts: Vec<&str> = p.split('/').collect();
        parts.iter().enumerate().map(|(i, part)| (!(i + 1 < parts.len() || *d), part.to_string())).collect()
    };
    crate::sort::sort_by(&mut entries, |a, b| key(a).cmp(&key(b)));
    entries
}
