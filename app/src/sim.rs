//! The page's handle on the simulator, which runs in a Web Worker (`sim-worker/`).
//!
//! [`Sim`] reads as a session reads — it dereferences to the [`Mirror`], the copy of what the
//! page draws that every frame from the worker brings up to date — and its input methods post
//! the input at once, so a line typed reaches the worker without waiting for the next tick.
//! When a frame arrives, the clock's listeners run (see `hooks/clock.rs`), so what changed is
//! drawn in the same animation frame instead of the next tick.
//!
//! Tests (native and the browser tests under `app/tests/`) run the worker's [`Driver`] in place
//! (the `inline-sim` feature, which only the page's dev-dependency on itself turns on): the
//! same messages, answered at once. The page's release build never links the simulator.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use sim_core::fs::FsError;
use sim_core::remote::{Envelope, Frame, Mirror, Problem, Replay};
use sim_core::{Fault, Lang, TermId};

/// A worker that has not answered for this long (wall-clock ms) while messages wait is taken for
/// hung (a simulator bug that loops): it is ended, and the page offers a fresh one (see `guard`).
/// The simulator bounds its own work per message (budgeted advances, bounded replays), so a
/// healthy worker answers within a frame or two.
const HUNG_MS: f64 = 20_000.0;

/// The simulator as every component of the page shares it.
pub type SharedSession = Rc<RefCell<Sim>>;

enum Link {
    /// The worker, once started.
    #[cfg_attr(feature = "inline-sim", allow(dead_code))]
    Worker(crate::worker_link::WorkerLink),
    /// The worker's side run in place, for tests.
    #[cfg(feature = "inline-sim")]
    Inline(Box<sim_core::remote::Driver>),
    /// No worker could start: messages wait (the page says the simulator is not available).
    Down(String),
}

pub struct Sim {
    mirror: Mirror,
    link: Link,
    /// Called after a frame from the worker was applied (the clock's listeners).
    on_frame: Option<Rc<dyn Fn()>>,
    /// The worker died (a panic or a trap in the simulator): what it said.
    crashed: Option<String>,
    /// When (`performance.now()`) the oldest unanswered post was sent.
    waiting_since: Option<f64>,
    /// Who waits for which validation (see [`Sim::request_check`]).
    check_replies: Vec<(u64, CheckReply)>,
}

/// What the editor does with a validation's answer.
pub type CheckReply = Box<dyn FnOnce(Vec<Problem>)>;

impl std::ops::Deref for Sim {
    type Target = Mirror;
    fn deref(&self) -> &Mirror {
        &self.mirror
    }
}

impl Sim {
    /// Starts the simulator on a fresh host holding `files`, or replaying a saved session.
    pub fn start(seed: u64, lang: Lang, files: &[(String, String)], replay: Option<Replay>) -> SharedSession {
        let replaying = replay.is_some();
        let mut mirror = Mirror::start(seed, lang, files.to_vec(), replay);
        if replaying && crate::guard::test_replay_panic() {
            mirror.test_panic();
        }
        let shared = Rc::new(RefCell::new(Sim {
            mirror,
            link: Link::Down(String::new()),
            on_frame: None,
            crashed: None,
            waiting_since: None,
            check_replies: Vec::new(),
        }));
        let link = Sim::link(Rc::downgrade(&shared));
        {
            let mut s = shared.borrow_mut();
            s.link = link;
            s.flush();
        }
        shared
    }

    /// A page's handle on a session that already runs (tests mount panels around one).
    #[cfg(feature = "inline-sim")]
    pub fn inline(session: sim_core::Session) -> SharedSession {
        let mut driver = Box::new(sim_core::remote::Driver::with(session));
        let mut mirror = Mirror::attached(driver.session().lang());
        mirror.apply(driver.frame());
        Rc::new(RefCell::new(Sim {
            mirror,
            link: Link::Inline(driver),
            on_frame: None,
            crashed: None,
            waiting_since: None,
            check_replies: Vec::new(),
        }))
    }

    #[cfg(feature = "inline-sim")]
    fn link(_: Weak<RefCell<Sim>>) -> Link {
        Link::Inline(Box::default())
    }

    #[cfg(not(feature = "inline-sim"))]
    fn link(weak: Weak<RefCell<Sim>>) -> Link {
        let (on_message, on_error) = (weak.clone(), weak);
        let started = crate::worker_link::WorkerLink::start(
            move |reply| {
                if let Some(shared) = on_message.upgrade() {
                    Sim::receive(&shared, reply);
                }
            },
            move |why| {
                if let Some(shared) = on_error.upgrade() {
                    Sim::died(&shared, why);
                }
            },
        );
        match started {
            Ok(w) => Link::Worker(w),
            Err(why) => Link::Down(why),
        }
    }

    /// A frame (or a crash report) from the worker.
    #[cfg_attr(feature = "inline-sim", allow(dead_code))]
    fn receive(shared: &SharedSession, reply: crate::worker_link::Reply) {
        use crate::worker_link::Reply;
        match reply {
            Reply::Bytes(bytes) => Sim::receive_frame(shared, sim_core::remote::decode_frame(&bytes)),
            Reply::Text(text) => match crashed_message(&text) {
                Some(why) => Sim::died(shared, why),
                None => {
                    web_sys::console::error_1(&format!("Muelle: unexpected text from the simulator: {text}").into())
                }
            },
        }
        Sim::deliver_checks(shared);
    }

    #[cfg_attr(feature = "inline-sim", allow(dead_code))]
    fn receive_frame(shared: &SharedSession, frame: Result<Frame, String>) {
        let notify = {
            let Ok(mut s) = shared.try_borrow_mut() else { return };
            let was_starting = s.mirror.starting();
            match frame {
                Ok(frame) => s.mirror.apply(frame),
                Err(e) => web_sys::console::error_1(&format!("Muelle: unreadable frame: {e}").into()),
            }
            if !s.mirror.waiting() {
                s.waiting_since = None;
            }
            if was_starting && !s.mirror.starting() {
                // A replay that finished (see `reload`): the next load may replay again.
                crate::guard::mark_replay(false);
                // The simulator is there: `index.html` registers the service worker now (its
                // precache would otherwise share a slow line with the first visit's files).
                if let Some(w) = web_sys::window() {
                    if let Ok(e) = web_sys::Event::new("muelle-ready") {
                        let _ = w.dispatch_event(&e);
                    }
                }
            }
            s.on_frame.clone()
        };
        if let Some(f) = notify {
            f();
        }
    }

    /// Hands validations that were answered to whoever asked, outside any borrow of the session
    /// (an answer sets the editor's state, which may render at once).
    fn deliver_checks(shared: &SharedSession) {
        let ready: Vec<(CheckReply, Vec<Problem>)> = {
            let Ok(mut s) = shared.try_borrow_mut() else { return };
            let answers = s.mirror.take_checks();
            let mut ready = Vec::new();
            for (ticket, problems) in answers {
                if let Some(i) = s.check_replies.iter().position(|(t, _)| *t == ticket) {
                    ready.push((s.check_replies.remove(i).1, problems));
                }
            }
            ready
        };
        for (reply, problems) in ready {
            reply(problems);
        }
    }

    /// Asks the worker to validate the editor's unsaved `text` as the project file `path`;
    /// `reply` gets the problems when the answer arrives (at once in tests). A restart drops
    /// the replies still waiting.
    pub fn request_check(shared: &SharedSession, path: &str, text: &str, lang: Lang, reply: CheckReply) {
        let ticket = next_ticket();
        {
            let mut s = shared.borrow_mut();
            s.check_replies.push((ticket, reply));
            s.mirror.request_check(path, text, lang, ticket);
            s.flush();
        }
        Sim::deliver_checks(shared);
    }

    /// The worker died: the page shows its crash overlay (files are kept; see `guard`).
    fn died(shared: &SharedSession, why: String) {
        if let Ok(mut s) = shared.try_borrow_mut() {
            s.crashed = Some(why.clone());
        }
        crate::guard::simulator_died(&why);
    }

    /// What to call after each frame (set once by the clock).
    pub fn set_on_frame(&mut self, f: Rc<dyn Fn()>) {
        self.on_frame = Some(f);
    }

    /// Whether the worker will answer what was sent (then the page's tick listeners wait for
    /// its frame instead of running on what is already known).
    pub fn answers_later(&self) -> bool {
        matches!(self.link, Link::Worker(_)) && self.crashed.is_none() && self.mirror.waiting()
    }

    /// Ends a worker that stopped answering (see [`HUNG_MS`]); the clock asks every tick.
    /// Returns whether it did.
    pub fn end_if_hung(shared: &SharedSession) -> bool {
        let hung = {
            let s = shared.borrow();
            let waited = s.waiting_since.zip(now_ms()).map_or(0.0, |(since, now)| now - since);
            s.crashed.is_none() && waited > HUNG_MS
        };
        if hung {
            if let Link::Worker(w) = &shared.borrow().link {
                w.terminate();
            }
            Sim::died(shared, "the simulator stopped answering (it was ended after 20 s)".to_string());
        }
        hung
    }

    /// Why the simulator stopped, if it did.
    pub fn crashed(&self) -> Option<&str> {
        self.crashed.as_deref()
    }

    /// Why the simulator could not start, if it could not.
    pub fn unavailable(&self) -> Option<&str> {
        match &self.link {
            Link::Down(why) if !why.is_empty() => Some(why),
            _ => None,
        }
    }

    /// Posts what the mirror queued.
    fn flush(&mut self) {
        let out: Vec<Envelope> = self.mirror.take_outbox();
        if out.is_empty() {
            return;
        }
        let Ok(text) = serde_json::to_string(&out) else { return };
        match &mut self.link {
            Link::Worker(w) => {
                w.post(&text);
                if self.waiting_since.is_none() {
                    self.waiting_since = now_ms();
                }
            }
            #[cfg(feature = "inline-sim")]
            Link::Inline(driver) => {
                for reply in driver.handle(&text) {
                    if let Ok(frame) = sim_core::remote::decode_frame(&reply) {
                        self.mirror.apply(frame);
                    }
                }
            }
            Link::Down(_) => {}
        }
    }

    // Inputs: the mirror's, then posted at once.

    /// Replaces the session (a reset, an example, a shared link, a lesson).
    /// A fresh session holding `files`, or replaying a journal (a shared host).
    pub fn restart(&mut self, seed: u64, lang: Lang, files: &[(String, String)], replay: Option<Replay>) {
        self.check_replies.clear();
        self.mirror.restart(seed, lang, files.to_vec(), replay);
        self.flush();
    }

    // Time travel (`sim_core::timeline`). While the past is shown, the page is read-only: the
    // inputs below change nothing and the clock stands still.

    /// Shows the moment of simulated time `at` (ms): every input up to it applied. `near` are
    /// the times the page may show next (the scrubber's steps from there): their views come
    /// ahead, so that a step to one is drawn at once. Returns whether `at` is shown already
    /// (its view had come ahead); then [`Sim::redraw_now`] draws it.
    pub fn view_past(&mut self, at: u64, near: &[u64]) -> bool {
        let (journal, now) = (self.mirror.journal(), self.mirror.now().ms());
        let moment = sim_core::Moment::at(journal, at.min(now));
        let ahead: Vec<sim_core::Moment> = near.iter().map(|t| sim_core::Moment::at(journal, (*t).min(now))).collect();
        let shown = self.mirror.show_past(moment, &ahead);
        if !shown {
            self.flush();
        }
        shown
    }

    /// Posts what the mirror queued once the page has painted (a task after the next animation
    /// frame): after a step drawn at once, the worker's answer (the next neighbours' views, to
    /// decode) does not land before that frame.
    pub fn flush_after_paint(shared: &SharedSession) {
        let shared = shared.clone();
        let post = move || {
            if let Ok(mut s) = shared.try_borrow_mut() {
                s.flush();
            }
        };
        let Some(window) = web_sys::window() else { return post() };
        let later = wasm_bindgen::closure::Closure::once_into_js(move || {
            gloo::timers::callback::Timeout::new(0, post).forget()
        });
        // Fails only outside a browser window; the next action's post takes these along then.
        let _ = window.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&later));
    }

    /// Runs what a frame from the worker runs (the clock's listeners: every part of the page
    /// that changed redraws), for a change the page made itself: a past moment drawn from a view
    /// that came ahead, in the same task as the key that asked for it.
    pub fn redraw_now(shared: &SharedSession) {
        let notify = shared.try_borrow().ok().and_then(|s| s.on_frame.clone());
        if let Some(f) = notify {
            f();
        }
    }

    pub fn go_live(&mut self) {
        self.mirror.go_live();
        self.flush();
    }

    pub fn branch_here(&mut self) {
        self.mirror.branch_here();
        self.flush();
    }

    pub fn switch_branch(&mut self, name: &str) {
        self.mirror.switch_branch(name);
        self.flush();
    }

    pub fn undo(&mut self) {
        self.mirror.undo();
        self.flush();
    }

    /// The branches of the session just brought back from a save.
    pub fn set_branches(&mut self, branches: sim_core::Branches) {
        self.mirror.set_branches(branches);
        self.flush();
    }

    /// The page shows the past (inputs are refused).
    pub fn in_past(&self) -> bool {
        self.mirror.viewing().is_some()
    }

    pub fn submit(&mut self, t: TermId, line: &str) {
        if self.in_past() {
            return;
        }
        self.mirror.submit(t, line);
        self.flush();
    }

    pub fn interrupt(&mut self, t: TermId) {
        if self.in_past() {
            return;
        }
        self.mirror.interrupt(t);
        self.flush();
    }

    pub fn ctrl_key(&mut self, t: TermId, code: u8) {
        if self.in_past() {
            return;
        }
        self.mirror.ctrl_key(t, code);
        self.flush();
    }

    /// The terminals' panel is `cols`×`rows` cells (see `sim_core::Session::resize`).
    pub fn resize(&mut self, cols: usize, rows: usize) {
        self.mirror.resize(cols, rows);
        self.flush();
    }

    pub fn open_terminal(&mut self) -> TermId {
        let t = self.mirror.open_terminal();
        self.flush();
        t
    }

    pub fn inject_fault(&mut self, container: &str, fault: &Fault) {
        if self.in_past() {
            return;
        }
        self.mirror.inject_fault(container, fault);
        self.flush();
    }

    pub fn set_lang(&mut self, lang: Lang) {
        if self.mirror.lang() != lang {
            self.mirror.set_lang(lang);
            self.flush();
        }
    }

    /// Asks for `ms` of simulated time (dropped while the last ask is unanswered).
    pub fn advance_budgeted(&mut self, ms: u64, budget: u64) {
        if self.in_past() {
            return;
        }
        if self.mirror.advance_budgeted(ms, budget) {
            self.flush();
        }
    }

    /// One step of simulated time (the toolbar's "step" while paused).
    pub fn step(&mut self) {
        if self.in_past() {
            return;
        }
        self.mirror.step();
        self.flush();
    }

    pub fn request_completion(&mut self, t: TermId, line: &str, ticket: u64) {
        self.mirror.request_completion(t, line, ticket);
        self.flush();
    }

    pub fn take_completion(&mut self, ticket: u64) -> Option<sim_core::complete::Completion> {
        self.mirror.take_completion(ticket)
    }

    pub fn set_lesson(&mut self, yaml: Option<String>) {
        self.mirror.set_lesson(yaml);
        self.flush();
    }

    pub fn take_output(&mut self, t: TermId) -> String {
        self.mirror.take_output(t)
    }

    pub fn take_hints(&mut self, t: TermId) -> Vec<String> {
        self.mirror.take_hints(t)
    }

    pub fn write_host_file(&mut self, path: &str, data: &[u8]) -> Result<(), FsError> {
        if self.in_past() {
            return Err(FsError::ReadOnly);
        }
        let r = self.mirror.write_host_file(path, data);
        self.flush();
        r
    }

    pub fn remove_host_file(&mut self, path: &str) -> Result<(), FsError> {
        if self.in_past() {
            return Err(FsError::ReadOnly);
        }
        let r = self.mirror.remove_host_file(path);
        self.flush();
        r
    }

    pub fn rename_host_file(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        if self.in_past() {
            return Err(FsError::ReadOnly);
        }
        let r = self.mirror.rename_host_file(from, to);
        self.flush();
        r
    }
}

/// A number for each question the page asks the worker (a Tab, a check), so an answer reaches
/// the one that asked.
pub fn next_ticket() -> u64 {
    thread_local! {
        static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
    }
    NEXT.with(|n| {
        let t = n.get();
        n.set(t + 1);
        t
    })
}

/// The page's clock in ms (`performance.now()`), where there is one.
fn now_ms() -> Option<f64> {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now())
}

/// The worker's last words (`{"crashed": "…"}`), if `text` is them.
#[cfg_attr(feature = "inline-sim", allow(dead_code))]
fn crashed_message(text: &str) -> Option<String> {
    if !text.starts_with("{\"crashed\"") {
        return None;
    }
    crate::json::parse(text)?.take("crashed")?.into_string()
}
