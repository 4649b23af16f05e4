//! sim-core: a deterministic, discrete-event simulator of a Docker host.
//!
//! Map of the crate (each module's own doc says why it is shaped so):
//! - [`engine`], [`time`], [`rng`]: the event queue, simulated time, the one seeded RNG.
//! - [`world`]: the host — containers, networks (IPAM, embedded DNS, isolation),
//!   volumes, images, the host's and containers' file systems.
//! - [`process`]: jobs — anything that takes simulated time is a resumable job.
//! - [`shell`]: the shell language and its executor; [`programs`]: the commands
//!   shells can run (coreutils, ping, curl, apt-get, the images' servers…).
//! - [`docker`]: the `docker` CLI, command table and handlers.
//! - [`terminal`]: a shell stack plus the foreground job; [`Session`]: the facade the
//!   UI and the `muelle` runner drive.
//! - [`events`], [`i18n`]: the typed event log and Muelle's own words in es/en.
//! - [`complete`]: Tab completion of what the terminal's line is typing.
//! - [`journal`]: every input from outside, timed, so a reload can replay a session.
//! - [`wildcard`]: the one `*`/`?`/`[...]` matcher (shell globs, Go's `path.Match`), linear work.
//! - [`json`]: JSON strings quoted as Go's encoder quotes them, for every JSON output.
//! - [`duration`]: Go's duration parsing and printing, once for docker and compose.
//! - [`sort`], [`case`], [`float`]: the one stable sort, Unicode upper/lower-casing and
//!   `f64` parsing everything uses (small replacements for the standard library's, to keep
//!   the wasm small).
//!
//! Invariants: no I/O, no wall clock, no `HashMap` iteration, no panics on any
//! input — same seed and same input give byte-identical output.

pub use sim_base::{case, duration, float, html, json, rng, sort, vecmap, wildcard};
pub use sim_userland::{
    compose_run, docker, engine, events, fs, i18n, machine, process, programs, shell, terminal, time, world,
};

pub mod compare;
pub mod complete;
pub mod event_rows;
pub use compose_spec as compose;
pub mod inspect;
pub mod journal;
pub mod lessons;
pub mod remote;
pub mod timeline;
pub mod view;

pub use events::{Actor, Cause, EventKind, LogEvent};
pub use i18n::Lang;
pub use time::SimTime;
pub use timeline::{Branch, Branches, Moment, PastView};
pub use view::{ContainerState, HostView, Place};
pub use world::{Fault, World, PROJECT_DIR};

use shell::TtySize;
use terminal::Terminal;

#[derive(Clone, Debug)]
pub struct SessionConfig {
    pub seed: u64,
    pub lang: Lang,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig { seed: 1, lang: Lang::Es }
    }
}

pub type TermId = usize;

/// The whole simulation as the UI and the runner see it: one world, many terminals.
pub struct Session {
    world: World,
    terms: Vec<Terminal>,
    lang: Lang,
    /// The seed the session started from (with the journal, it is the whole session).
    seed: u64,
    journal: journal::Journal,
    /// A budgeted advance stopped in the middle of a simulated instant: some of its events are
    /// handled, the rest and the terminals' polls are not (see [`Session::advance_budgeted`]).
    mid_instant: bool,
    /// Terminal polls made since the session began (see [`Session::work_done`]).
    polls: u64,
    /// The terminals' size (see [`Session::resize`]).
    tty: TtySize,
    /// A replayed past moment ([`Session::as_past`]): inputs are not journaled and terminals
    /// keep only this many bytes of output (0: a live session).
    past_tail: usize,
}

/// How far [`Session::advance_budgeted`] got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The target time was reached (false: the budget ran out first; call again to go on).
    pub reached: bool,
    /// Work done, in [`Session::advance_budgeted`]'s units.
    pub work: u64,
}

/// The least budget [`Session::advance_budgeted`] accepts: what ends an instant (every
/// terminal's poll and [`SETTLE_ROUNDS`] rounds of settling) plus one event, so each call makes
/// progress.
pub fn min_budget(terminals: usize) -> u64 {
    (terminals as u64) * (SETTLE_ROUNDS as u64 + 1) + 1
}

/// The byte Ctrl plus `key` sends (`'p'` or `'P'` → 16, `'@'` → 0, `'_'` → 31), as a terminal
/// sends it: for [`Session::ctrl_key`] and `^P`-style notation.
pub fn ctrl_code(key: char) -> Option<u8> {
    let upper = key.to_ascii_uppercase();
    matches!(upper, '@'..='_').then(|| upper as u8 - b'@')
}

/// Upper bound on engine steps in one `advance`, so a pathological loop cannot hang the page.
const MAX_STEPS_PER_ADVANCE: usize = 200_000;
/// Rounds of [`Session::settle`] at most.
const SETTLE_ROUNDS: usize = 64;

impl Session {
    pub fn new(cfg: SessionConfig) -> Session {
        Session {
            world: World::new(cfg.seed, &machine::PROGRAMS),
            terms: vec![Terminal::new()],
            lang: cfg.lang,
            seed: cfg.seed,
            journal: journal::Journal::default(),
            mid_instant: false,
            polls: 0,
            tty: TtySize::DEFAULT,
            past_tail: 0,
        }
    }

    /// A session rebuilt from its journal: a fresh one with the same seed receives the same
    /// inputs at the same simulated times, then runs until `until` (the moment the journal was
    /// saved). Determinism makes it the same session: containers, logs, terminals' output.
    ///
    /// With `echo`, each terminal's output also holds what a screen showed around it — the
    /// prompt and the typed line, `^C` at a prompt, Muelle's hints after the output — so a page
    /// can show the terminals as they were.
    pub fn replay(cfg: SessionConfig, journal: &journal::Journal, until: SimTime, echo: bool) -> Session {
        let mut s = Session::new(cfg);
        for e in journal.entries() {
            s.replay_entry(e, echo);
        }
        s.replay_until(until);
        if echo {
            for t in &mut s.terms {
                t.hints_into_output();
            }
        }
        s
    }

    /// One step of [`Session::replay`]: time runs to the entry's, then its input arrives.
    pub(crate) fn replay_entry(&mut self, e: &journal::Entry, echo: bool) {
        let at = SimTime::ZERO.plus(e.at);
        if at > self.now() {
            self.run_to(at);
        }
        if echo {
            self.echo_input(&e.input);
        }
        self.apply(&e.input);
    }

    /// The last step of [`Session::replay`]: time runs to `until` (nothing if it is not later).
    pub(crate) fn replay_until(&mut self, until: SimTime) {
        if until > self.now() {
            self.run_to(until);
        }
    }

    /// The seed and language this session would be replayed with.
    pub fn config(&self) -> SessionConfig {
        SessionConfig { seed: self.seed, lang: self.lang }
    }

    /// Where the session is: its time and how many inputs it journaled (see [`timeline`]).
    pub fn moment(&self) -> Moment {
        Moment { at: self.now().ms(), inputs: self.journal.len() }
    }

    /// How the session looked at simulated time `at` (every input up to and including `at`
    /// applied): a fresh replay of the journal's beginning, so the session itself is not
    /// touched. [`timeline::Cursor`] does the same faster for many jumps.
    pub fn view_at(&self, at: u64) -> PastView {
        let moment = Moment::at(&self.journal, at);
        timeline::Cursor::replay(self.config(), self.journal.entries(), moment).view()
    }

    /// Screens of the terminals as [`Session::replay`] with `echo` would leave them, without
    /// moving anything: pending output, then pending hints one per line.
    pub(crate) fn screen(&self, t: TermId) -> String {
        let Some(term) = self.terms.get(t) else { return String::new() };
        let mut text = term.pending_output().to_string();
        for h in term.pending_hints() {
            text.push_str(h);
            text.push('\n');
        }
        text
    }

    /// Makes this (fresh) session a replayed past moment, a [`timeline::Cursor`]'s: it does not
    /// journal the inputs it is given (the cursor replays them from the live journal, which it
    /// hands back in [`Session::into_live`]), and each terminal keeps only the last `screen`
    /// bytes of output, which nobody takes — what a past screen can show.
    pub(crate) fn as_past(&mut self, screen: usize) {
        self.past_tail = screen;
        for t in &mut self.terms {
            t.keep_tail(screen);
        }
    }

    /// A past moment's session ([`Session::as_past`]) made live, with `journal` (the inputs it
    /// was replayed from): it journals again and its terminals keep their output until taken.
    pub(crate) fn into_live(mut self, journal: journal::Journal) -> Session {
        self.past_tail = 0;
        self.journal = journal;
        for t in &mut self.terms {
            t.keep_tail(0);
        }
        self
    }

    /// What the page's terminal shows when `input` arrives (see [`Session::replay`]).
    fn echo_input(&mut self, input: &journal::Input) {
        for t in &mut self.terms {
            t.hints_into_output();
        }
        let (t, text) = match input {
            journal::Input::Submit { term, .. } if self.hides_input(*term) => return,
            journal::Input::Submit { term, line } if self.is_busy(*term) => (*term, format!("{line}\n")),
            journal::Input::Submit { term, line } => (*term, format!("{}{line}\n", self.prompt(*term))),
            journal::Input::Interrupt { term } if !self.is_busy(*term) => {
                (*term, format!("{}^C\n", self.prompt(*term)))
            }
            _ => return,
        };
        if let Some(term) = self.terms.get_mut(t) {
            term.echo(&text);
        }
    }

    /// One input from outside, as the journal records it (a replay and the worker's messages
    /// both come through here; each input journals itself again).
    pub fn apply(&mut self, input: &journal::Input) {
        use journal::Input;
        match input {
            Input::Submit { term, line } => self.submit(*term, line),
            Input::Interrupt { term } => self.interrupt(*term),
            Input::Ctrl { term, code } => self.ctrl_key(*term, *code),
            Input::OpenTerminal => {
                self.open_terminal();
            }
            Input::CloseTerminal { term } => self.close_terminal(*term),
            Input::WriteFile { path, data } => {
                let _ = self.write_host_file(path, data.as_bytes());
            }
            Input::RemoveFile { path } => {
                let _ = self.remove_host_file(path);
            }
            Input::RenameFile { from, to } => {
                let _ = self.rename_host_file(from, to);
            }
            Input::Fault { container, fault } => {
                self.inject_fault(container, fault);
            }
            Input::Resize { cols, rows } => self.resize(*cols, *rows),
        }
    }

    /// The page's terminals were resized to `cols`×`rows` cells (clamped to
    /// [`TtySize::MIN`]..[`TtySize::MAX`]): every terminal's shells and the programs they start
    /// see it (`tput cols`, `stty size`, `$COLUMNS`, Compose's progress lines). Journaled, since
    /// output may depend on it, but only when the size changes, so a page that reports its size
    /// on every load or drag adds nothing to a replay when nothing moved.
    pub fn resize(&mut self, cols: usize, rows: usize) {
        let size = TtySize::clamped(cols.min(u16::MAX.into()) as u16, rows.min(u16::MAX.into()) as u16);
        if size == self.tty {
            return;
        }
        self.record(journal::Input::Resize { cols: size.cols.into(), rows: size.rows.into() });
        self.tty = size;
        for t in &mut self.terms {
            t.resize(size);
        }
    }

    /// The terminals' size (80×24 until [`Session::resize`]).
    pub fn tty_size(&self) -> TtySize {
        self.tty
    }

    /// A fault from the page's container menu on the container named `container`; false when
    /// it does not apply (see [`world::Fault`]). Journaled like typed input.
    pub fn inject_fault(&mut self, container: &str, fault: &world::Fault) -> bool {
        self.record(journal::Input::Fault { container: container.to_string(), fault: fault.clone() });
        let Some(cid) = self.world.container_by_name(container).map(|c| c.key) else { return false };
        let applied = self.world.inject(cid, fault);
        self.settle();
        applied
    }

    /// Every input so far (see [`journal`]). Changes made through [`Session::world_mut`] are
    /// not inputs and are not recorded.
    pub fn journal(&self) -> &journal::Journal {
        &self.journal
    }

    fn record(&mut self, input: journal::Input) {
        // An input lands after everything due at its time, as a replay of the journal does it.
        self.finish_instant();
        if self.past_tail == 0 {
            let now = self.world.now();
            self.journal.record(now, input);
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// The host itself, for sim-core's own tests and benchmarks (the `world-access` feature,
    /// which only sim-core's dev-dependency on itself turns on): the page and the runner read
    /// [`Session::view`] instead, and cannot reach this.
    #[cfg(feature = "world-access")]
    pub fn world(&self) -> &World {
        &self.world
    }

    /// See [`Session::world`].
    #[cfg(feature = "world-access")]
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// Opens another terminal on the host.
    pub fn open_terminal(&mut self) -> TermId {
        self.record(journal::Input::OpenTerminal);
        self.terms.push(self.fresh_terminal());
        self.terms.len() - 1
    }

    /// Closes terminal `t`: what runs in it is interrupted (containers it started keep
    /// running, as when a real terminal window closes). Its number stays valid: a
    /// fresh host shell takes its place, idle.
    pub fn close_terminal(&mut self, t: TermId) {
        if t >= self.terms.len() {
            return;
        }
        self.record(journal::Input::CloseTerminal { term: t });
        if self.is_busy(t) {
            self.interrupt(t);
        }
        self.terms[t] = self.fresh_terminal();
    }

    /// A new host shell that knows how often the session already said how to leave an attached
    /// command (only the first times, wherever they happened).
    fn fresh_terminal(&self) -> Terminal {
        let mut term = Terminal::new();
        term.resize(self.tty);
        term.keep_tail(self.past_tail);
        term.set_attached_notes(self.terms.iter().map(Terminal::attached_notes).sum());
        term
    }

    pub fn terminal_count(&self) -> usize {
        self.terms.len()
    }

    fn term(&mut self, t: TermId) -> Option<&mut Terminal> {
        self.terms.get_mut(t)
    }

    /// A line typed into terminal `t` followed by Enter.
    pub fn submit(&mut self, t: TermId, line: &str) {
        self.record(journal::Input::Submit { term: t, line: line.to_string() });
        let lang = self.lang;
        if let Some(term) = self.terms.get_mut(t) {
            term.submit(&mut self.world, line, lang);
            self.polls += 1;
        }
        self.settle();
    }

    /// Ctrl-C in terminal `t`.
    pub fn interrupt(&mut self, t: TermId) {
        self.record(journal::Input::Interrupt { term: t });
        let lang = self.lang;
        if let Some(term) = self.terms.get_mut(t) {
            term.interrupt(&mut self.world, lang);
            self.polls += 1;
        }
        self.settle();
    }

    /// A control key other than Ctrl-C typed in terminal `t`, by the byte it sends (Ctrl-P is
    /// 16, Ctrl-Q 17: see [`ctrl_code`]). Docker's detach sequence leaves a container's TTY;
    /// Ctrl-D (4) is end of input for a program reading the terminal (Python's `>>>` prompt)
    /// or for a container's shell idle at its prompt (which exits, as `exit` does).
    pub fn ctrl_key(&mut self, t: TermId, code: u8) {
        self.record(journal::Input::Ctrl { term: t, code });
        let lang = self.lang;
        if let Some(term) = self.terms.get_mut(t) {
            if code == 4 {
                term.end_of_input(&mut self.world, lang);
            } else {
                term.ctrl_key(&self.world, code);
            }
        }
        self.settle();
    }

    pub fn take_output(&mut self, t: TermId) -> String {
        self.term(t).map(|x| x.take_output()).unwrap_or_default()
    }

    /// Muelle's translated hints (why a name did not resolve, how to install ping…).
    pub fn take_hints(&mut self, t: TermId) -> Vec<String> {
        self.term(t).map(|x| x.take_hints()).unwrap_or_default()
    }

    pub fn prompt(&self, t: TermId) -> String {
        self.terms.get(t).map(|x| x.prompt(&self.world)).unwrap_or_default()
    }

    pub fn is_busy(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| x.is_busy())
    }

    /// The foreground command asks a question (`[y/N]`): the next line answers it.
    pub fn wants_input(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| x.wants_input())
    }

    /// The foreground command reads a password (`mysql -p`'s `Enter password: `): the terminal's
    /// echo is off, so a screen shows nothing of the typed line, not even its Enter (the program
    /// prints the newline).
    pub fn hides_input(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| x.hides_input())
    }

    /// The foreground command goes on until Ctrl-C (ping without -c, logs -f…).
    pub fn runs_until_interrupted(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| x.runs_until_interrupted())
    }

    /// The foreground command streams containers (`docker run` without `-d`).
    pub fn is_detachable(&self, t: TermId) -> bool {
        self.terms.get(t).is_some_and(|x| x.is_detachable())
    }

    pub fn last_status(&self, t: TermId) -> i32 {
        self.terms.get(t).map(|x| x.last_status()).unwrap_or(0)
    }

    /// What Tab can put in place of the last word of `line`, typed at terminal `t`'s prompt.
    pub fn complete(&self, t: TermId, line: &str) -> complete::Completion {
        let (loc, cwd) = self.terms.get(t).map_or((world::Loc::Host, String::from("/")), |x| (x.location(), x.cwd()));
        complete::complete(&self.world, loc, &cwd, line)
    }

    pub fn location(&self, t: TermId) -> world::Loc {
        self.terms.get(t).map(|x| x.location()).unwrap_or(world::Loc::Host)
    }

    /// Terminal `t` shows a container's shell idle at its prompt (where Ctrl-D exits it).
    pub fn at_container_prompt(&self, t: TermId) -> bool {
        !self.is_busy(t) && matches!(self.location(t), world::Loc::Container(_))
    }

    pub fn now(&self) -> SimTime {
        self.world.now()
    }

    /// The recent events, in full (older ones are in [`Session::event_log`]'s summary).
    pub fn events(&self) -> &[LogEvent] {
        self.world.log().recent()
    }

    /// The whole event log: recent events and the summary of older ones.
    pub fn event_log(&self) -> &events::EventLog {
        self.world.log()
    }

    /// Lets `ms` of simulated time pass: containers start, pings reply, timers fire.
    pub fn advance(&mut self, ms: u64) {
        let target = self.world.now().plus(ms);
        self.run_to(target);
    }

    /// Lets simulated time run to the next moment something is due (an engine event or a
    /// terminal's wake-up) and handles that moment: the page's "step" while paused, so a restart
    /// or a kill can be watched one event at a time. Returns the simulated ms it moved, `None`
    /// when nothing is due (time stays put).
    pub fn step_to_next_event(&mut self) -> Option<u64> {
        self.finish_instant();
        let now = self.world.now();
        let next = self.next_time()?;
        let ms = next.ms().saturating_sub(now.ms());
        self.advance(ms);
        Some(ms)
    }

    /// Like [`Session::advance`], but stops once `budget` units of work are done, so a caller
    /// (the page's clock) can spread a big backlog over frames and keep each one short. A unit
    /// is one engine event handled (a container started, exited, restarted, a health check, a
    /// process woken) or one terminal poll — a counter of work done, not of wall time. The work
    /// done never exceeds `budget` (raised to [`min_budget`] when below it). Stopping in the
    /// middle of a simulated instant is allowed: the next call, or any input, finishes it first,
    /// so the result is the same as an unbudgeted advance (and a replay of the journal).
    pub fn advance_budgeted(&mut self, ms: u64, budget: u64) -> Progress {
        let target = self.world.now().plus(ms);
        let reserve = min_budget(self.terms.len()) - 1;
        let budget = budget.max(reserve + 1);
        let mut work = 0u64;
        if !self.mid_instant {
            work += self.settle();
        }
        while let Some(t) = self.next_time().filter(|t| *t <= target) {
            if work + reserve >= budget {
                return Progress { reached: false, work };
            }
            // Handle the instant's events while the budget leaves room to end the instant.
            while work + reserve < budget && self.world.run_one(t) {
                work += 1;
            }
            if self.world.next_event_time().is_some_and(|p| p <= t) {
                self.mid_instant = true;
                return Progress { reached: false, work };
            }
            self.world.advance_clock_to(t);
            work += self.end_instant();
        }
        if work + reserve > budget {
            return Progress { reached: false, work };
        }
        self.world.run_until(target.max(self.world.now()));
        work += self.settle();
        Progress { reached: true, work }
    }

    /// Ends the instant a budgeted advance stopped in, if it did (bounded by that instant's
    /// events: the page's inputs come through here).
    fn finish_instant(&mut self) {
        if self.mid_instant {
            let now = self.world.now();
            self.world.run_until(now);
            self.end_instant();
        }
    }

    /// What follows the events of an instant: due terminals poll, then everything settles.
    /// Returns the polls made.
    fn end_instant(&mut self) -> u64 {
        self.mid_instant = false;
        let lang = self.lang;
        for term in &mut self.terms {
            term.poll_if_due(&mut self.world, lang);
        }
        self.polls += self.terms.len() as u64;
        self.terms.len() as u64 + self.settle()
    }

    /// The work done since the session began: events the engine handled, terminal polls, and
    /// what programs reported (each command a shell runs, each process started: see
    /// `World::count_work`); each unit bounded in what it may do. The same
    /// unit as [`Session::advance_budgeted`]'s budget; tests bound it instead of wall time,
    /// so "every case answers in time" does not depend on the machine.
    pub fn work_done(&self) -> u64 {
        self.world.work() + self.polls
    }

    /// Runs until terminal `t` is idle or `max_ms` of simulated time passed.
    /// Returns whether it is idle. What is due exactly at the deadline does not
    /// fire yet: an interrupt typed "then" comes first.
    pub fn run_until_idle(&mut self, t: TermId, max_ms: u64) -> bool {
        let deadline = self.world.now().plus(max_ms);
        let mut steps = 0;
        while self.is_busy(t) && steps < MAX_STEPS_PER_ADVANCE {
            match self.next_time() {
                Some(next) if next < deadline => self.run_to(next),
                _ => {
                    self.world.advance_clock_to(deadline);
                    break;
                }
            }
            steps += 1;
        }
        !self.is_busy(t)
    }

    fn next_time(&self) -> Option<SimTime> {
        let w = self.world.next_event_time();
        let t = self.terms.iter().filter_map(|t| t.wake_time()).min();
        match (w, t) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn run_to(&mut self, target: SimTime) {
        let mut steps = 0;
        self.finish_instant();
        self.settle();
        while let Some(t) = self.next_time() {
            if t > target || steps >= MAX_STEPS_PER_ADVANCE {
                break;
            }
            steps += 1;
            self.world.run_until(t);
            self.end_instant();
        }
        self.world.run_until(target.max(self.world.now()));
        self.settle();
    }

    /// Polls jobs waiting for a change until nothing more changes. Returns the polls made
    /// (at most `SETTLE_ROUNDS` × terminals).
    fn settle(&mut self) -> u64 {
        let lang = self.lang;
        let mut polls = 0;
        for _ in 0..SETTLE_ROUNDS {
            let before = self.world.revision();
            let mut any = false;
            for term in &mut self.terms {
                if term.waits_for_change() || !term.is_busy() {
                    polls += 1;
                    self.polls += 1;
                    any |= term.poll_if_due(&mut self.world, lang);
                }
            }
            if !any && self.world.revision() == before {
                break;
            }
        }
        polls
    }

    /// Writes a file on the simulated host (the editor saving `docker-compose.yaml`).
    /// A path Linux would refuse (`PATH_MAX`, `NAME_MAX`) is refused at once with
    /// `NameTooLong`, before anything is recorded or created.
    pub fn write_host_file(&mut self, path: &str, data: &[u8]) -> Result<(), fs::FsError> {
        let path_abs = host_path(path)?;
        let text = String::from_utf8_lossy(data).into_owned();
        self.record(journal::Input::WriteFile { path: path.to_string(), data: text });
        let path = path_abs;
        let _ = self.world.fs_mkdir(world::Loc::Host, fs::parent(&path), true);
        self.world.fs_write(world::Loc::Host, &path, data, false)
    }

    /// Removes a file or folder (with what is inside) from the simulated host.
    pub fn remove_host_file(&mut self, path: &str) -> Result<(), fs::FsError> {
        let abs = host_path(path)?;
        self.record(journal::Input::RemoveFile { path: path.to_string() });
        let path = abs;
        self.world.fs_remove(world::Loc::Host, &path, true)
    }

    /// Renames a file on the simulated host (the editor's files panel).
    /// Refuses a path Linux would refuse, as `write_host_file` does, changing nothing.
    pub fn rename_host_file(&mut self, from: &str, to: &str) -> Result<(), fs::FsError> {
        let (from_abs, to_abs) = (host_path(from)?, host_path(to)?);
        self.record(journal::Input::RenameFile { from: from.to_string(), to: to.to_string() });
        let (from, to) = (from_abs, to_abs);
        if self.world.fs_node(world::Loc::Host, &to).is_some() {
            return Err(fs::FsError::Exists);
        }
        let data = self.world.fs_read(world::Loc::Host, &from)?;
        let _ = self.world.fs_mkdir(world::Loc::Host, fs::parent(&to), true);
        self.world.fs_write(world::Loc::Host, &to, &data, false)?;
        self.world.fs_remove(world::Loc::Host, &from, false)
    }

    pub fn read_host_file(&self, path: &str) -> Result<Vec<u8>, fs::FsError> {
        let path = fs::normalize(world::PROJECT_DIR, path);
        self.world.fs_read(world::Loc::Host, &path)
    }
}

/// The absolute host path of a path the page gives (relative to the project folder), or
/// `NameTooLong` when Linux would refuse it, typed or resolved. Linear in its length.
fn host_path(path: &str) -> Result<String, fs::FsError> {
    fs::check_path(path)?;
    let abs = fs::normalize(world::PROJECT_DIR, path);
    fs::check_path(&abs)?;
    Ok(abs)
}
