//! The worker's side: one [`Session`], fed [`Envelope`]s, answering with [`Frame`]s.

use std::collections::BTreeMap;

use super::{project_tree, Envelope, Frame, PastUpdate, TermFrame, TermState, ToSim, MAX_MIRRORED_FILE};
use crate::journal::Journal;
use crate::lessons::Lesson;
use crate::timeline::{Branches, Cursor, Moment};
use crate::{Session, SessionConfig, SimTime};

/// A host with more containers than this gets a new view at most every [`BIG_VIEW_EVERY`]
/// frames while it changes: a 1,000-container view is ~300 KB of JSON, which the page's thread
/// would parse and lay out 20 times a second during a big `compose up`.
const BIG_VIEW: usize = 200;
const BIG_VIEW_EVERY: u32 = 5;

/// Moments asked ahead at most ([`ToSim::Ahead`]): the scrubber asks for the two neighbours.
const MAX_AHEAD: usize = 4;

/// `moment` as the past of `live` can show it: not after now (a later moment would be computed,
/// not remembered) and consistent with its journal.
fn past_moment(live: &Session, mut moment: Moment) -> Moment {
    moment.at = moment.at.min(live.now().ms());
    moment.clamp(live.journal().entries())
}

/// Owns the session and remembers what the page has been sent, so a frame carries only changes.
pub struct Driver {
    session: Session,
    acked: u64,
    /// Journal entries already sent.
    journal_sent: usize,
    /// Events already sent (the log's sequence number, see `EventLog::total`).
    events_sent: u64,
    /// The revision of the last view sent (`None`: none sent since the session started).
    view_sent: Option<u64>,
    /// Containers in the last view sent, and frames since it was sent.
    view_len: usize,
    frames_since_view: u32,
    terms_sent: Vec<TermState>,
    tree_sent: Option<Vec<(String, bool)>>,
    contents_sent: BTreeMap<String, Option<String>>,
    /// Something may have changed the project's files since they were last compared.
    files_dirty: bool,
    lesson: Option<Lesson>,
    /// The lesson as the student with the session's seed sees it (per-student variables put
    /// in, [`Lesson::for_seed`]), and that seed; only for a lesson with variables.
    seeded: Option<(u64, Lesson)>,
    lesson_sent: Option<Vec<Vec<bool>>>,
    lesson_stamp: Option<(u64, u64)>,
    completions: Vec<(u64, crate::complete::Completion)>,
    checks: Vec<(u64, Vec<super::Problem>)>,
    errors: Vec<String>,
    /// The live session's branch and those left behind; whether the page has them.
    branches: Branches,
    branches_sent: bool,
    /// The replayed session time travel moves (see [`crate::timeline`]): at the moment shown,
    /// or at one the page was sent ahead.
    cursor: Option<Cursor>,
    /// The past moment the page shows, and whether the next frame brings its view (not when the
    /// page drew it from a view sent ahead: [`ToSim::Shown`]).
    shown: Option<Moment>,
    view_wanted: bool,
    /// The moments the page asked for ahead ([`ToSim::Ahead`]), not yet replayed.
    ahead: Vec<Moment>,
    /// What the next frame says of the past: the moment shown, the views sent ahead.
    past: PastUpdate,
    ahead_views: Vec<crate::timeline::PastView>,
    /// The session was replaced since the last frame.
    replaced: bool,
    /// The inspector is open; what its last hops were read from (moment shown or live, the
    /// log's count, the view's revision, the language).
    inspecting: bool,
    inspect_sent: Option<(Option<crate::timeline::Moment>, u64, u64, crate::Lang)>,
    compare: Option<crate::compare::Comparison>,
    /// The inspector's hops not yet taken; the comparison's picks as the page part sent them,
    /// and whether it asked for the choices alone.
    inspection: Option<crate::inspect::Inspection>,
    picks: Option<(String, String)>,
    compare_shown: bool,
    /// The comparison last worded for the page part (none: only its choices) and in which
    /// language: a language switch words it again.
    compare_worded: Option<(Option<crate::compare::Comparison>, crate::Lang)>,
    /// A terminal line clicked to open the inspector at its failure (see `inspect::pick`).
    clicked: Option<String>,
}

impl Default for Driver {
    fn default() -> Self {
        Driver::new()
    }
}

impl Driver {
    pub fn new() -> Driver {
        Driver::with(Session::new(SessionConfig::default()))
    }

    /// A driver for a session already running (tests mount the page's panels around one); its
    /// first frame brings a mirror everything (see [`super::Mirror::attached`]).
    pub fn with(session: Session) -> Driver {
        Driver {
            session,
            acked: 0,
            journal_sent: 0,
            events_sent: 0,
            view_sent: None,
            view_len: 0,
            frames_since_view: 0,
            terms_sent: Vec::new(),
            tree_sent: None,
            contents_sent: BTreeMap::new(),
            files_dirty: true,
            lesson: None,
            seeded: None,
            lesson_sent: None,
            lesson_stamp: None,
            completions: Vec::new(),
            checks: Vec::new(),
            errors: Vec::new(),
            branches: Branches::default(),
            branches_sent: false,
            cursor: None,
            shown: None,
            view_wanted: false,
            ahead: Vec::new(),
            past: PastUpdate::Unchanged,
            ahead_views: Vec::new(),
            replaced: false,
            inspecting: false,
            inspect_sent: None,
            compare: None,
            inspection: None,
            picks: None,
            compare_shown: false,
            compare_worded: None,
            clicked: None,
        }
    }

    /// Makes `session` the live one (a branch, an undo), keeping what is not the session's.
    fn replace(&mut self, session: Session) {
        let (acked, lesson, branches) = (self.acked, self.lesson.take(), std::mem::take(&mut self.branches));
        let inspecting = self.inspecting;
        *self = Driver::with(session);
        self.acked = acked;
        self.lesson = lesson;
        self.branches = branches;
        self.inspecting = inspecting;
        self.replaced = true;
        self.past = PastUpdate::Live;
    }

    /// Handles one post from the page — an [`Envelope`] or a list of them, as JSON — and
    /// returns the frame to post back ([`super::encode_frame`]'s bytes). Text that is not a
    /// message is answered with a frame naming the problem; nothing changes.
    pub fn handle(&mut self, message: &str) -> Vec<Vec<u8>> {
        let batch: Vec<Envelope> = match serde_json::from_str::<Vec<Envelope>>(message) {
            Ok(batch) => batch,
            Err(_) => match serde_json::from_str::<Envelope>(message) {
                Ok(one) => vec![one],
                Err(e) => {
                    self.errors.push(format!("unreadable message: {e}"));
                    Vec::new()
                }
            },
        };
        for envelope in batch {
            self.apply(envelope);
        }
        let frame = self.frame();
        vec![super::encode_frame(&frame)]
    }

    /// Applies one message.
    pub fn apply(&mut self, envelope: Envelope) {
        self.acked = envelope.seq;
        let touches_files = !matches!(
            envelope.msg,
            ToSim::Advance { .. }
                | ToSim::Step
                | ToSim::Complete { .. }
                | ToSim::Check { .. }
                | ToSim::Lesson(_)
                | ToSim::SetLang(_)
                | ToSim::TestPanic
                | ToSim::ViewPast(_)
                | ToSim::Shown(_)
                | ToSim::Ahead(_)
                | ToSim::GoLive
                | ToSim::SetBranches(_)
        );
        let s = &mut self.session;
        match envelope.msg {
            ToSim::Start { seed, lang, files, replay } => {
                let cfg = SessionConfig { seed, lang };
                let session = match replay.and_then(|r| Journal::decode(&r.journal).map(|j| (j, r.until))) {
                    Some((journal, until)) => Session::replay(cfg, &journal, SimTime::ZERO.plus(until), true),
                    None => {
                        let mut session = Session::new(cfg);
                        for (path, content) in &files {
                            let _ = session.write_host_file(path, content.as_bytes());
                        }
                        session
                    }
                };
                let (acked, lesson, inspecting) = (self.acked, self.lesson.take(), self.inspecting);
                *self = Driver::with(session);
                self.acked = acked;
                self.lesson = lesson;
                self.inspecting = inspecting;
                self.past = PastUpdate::Live;
            }
            ToSim::Input(input) => s.apply(&input),
            ToSim::SetLang(lang) => s.set_lang(lang),
            ToSim::Advance { ms, budget } => {
                s.advance_budgeted(ms, budget);
            }
            ToSim::Step => {
                s.step_to_next_event();
            }
            ToSim::Complete { term, line, ticket } => {
                let answer = s.complete(term, &line);
                self.completions.push((ticket, answer));
            }
            ToSim::Check { ticket, path, text, lang } => {
                let found = super::check(&self.session, &path, &text, lang);
                self.checks.push((ticket, found));
            }
            // The replays wait for the frame ([`Driver::settle_past`]), which makes them in time
            // order: the moment shown and those asked ahead cost at most one replay from the seed.
            ToSim::ViewPast(moment) => {
                self.shown = Some(past_moment(s, moment));
                self.view_wanted = true;
            }
            ToSim::Shown(moment) => {
                self.shown = Some(past_moment(s, moment));
                self.view_wanted = false;
            }
            ToSim::Ahead(moments) => {
                if let Some(shown) = self.shown {
                    let mut ahead: Vec<Moment> =
                        moments.into_iter().map(|m| past_moment(s, m)).filter(|m| *m != shown).collect();
                    ahead.truncate(MAX_AHEAD);
                    self.ahead = ahead;
                }
            }
            ToSim::GoLive => {
                self.cursor = None;
                self.shown = None;
                self.ahead.clear();
                self.past = PastUpdate::Live;
            }
            ToSim::BranchHere => {
                if let Some(shown) = self.shown {
                    // The cursor may have gone on to a moment sent ahead: back to the one shown.
                    let (cfg, journal) = (s.config(), s.journal());
                    Cursor::seek(&mut self.cursor, cfg, journal, shown);
                }
                if let Some(cursor) = self.cursor.take().filter(|_| self.shown.is_some()) {
                    let mut live = std::mem::replace(&mut self.session, Session::new(SessionConfig::default()));
                    let mut branches = std::mem::take(&mut self.branches);
                    let past = cursor.into_session(live.journal());
                    branches.branch_here(&mut live, past);
                    self.replace(live);
                    self.branches = branches;
                }
            }
            ToSim::SwitchBranch(name) => {
                let mut live = std::mem::replace(&mut self.session, Session::new(SessionConfig::default()));
                let mut branches = std::mem::take(&mut self.branches);
                let switched = branches.switch(&mut live, &name);
                self.cursor = None;
                self.shown = None;
                self.ahead.clear();
                if switched {
                    self.replace(live);
                } else {
                    self.session = live;
                }
                self.branches = branches;
                self.branches_sent = false;
            }
            ToSim::Undo => {
                let mut live = std::mem::replace(&mut self.session, Session::new(SessionConfig::default()));
                let mut branches = std::mem::take(&mut self.branches);
                self.cursor = None;
                self.shown = None;
                self.ahead.clear();
                if branches.undo(&mut live) {
                    self.replace(live);
                } else {
                    self.session = live;
                }
                self.branches = branches;
            }
            ToSim::SetBranches(branches) => {
                self.branches = branches;
                self.branches_sent = false;
            }
            ToSim::TestPanic => panic!("a replay that fails, asked for by a test"),
            ToSim::Lesson(yaml) => {
                // The page sends the lesson as its build compiled it (JSON); YAML is read too.
                self.lesson = yaml.and_then(|text| {
                    match serde_json::from_str::<Lesson>(&text).map_or_else(|_| Lesson::parse(&text), Ok) {
                        Ok(lesson) => Some(lesson),
                        Err(problems) => {
                            let first = problems.first().map(|p| p.render("lesson", self.session.lang()));
                            self.errors.push(first.unwrap_or_default());
                            None
                        }
                    }
                });
                self.seeded = None;
                self.lesson_sent = None;
                self.lesson_stamp = None;
            }
        }
        self.files_dirty |= touches_files;
    }

    /// What changed since the last frame; remembers it as sent.
    pub fn frame(&mut self) -> Frame {
        self.settle_past();
        let s = &mut self.session;
        let mut frame = Frame {
            acked: self.acked,
            now: s.now().ms(),
            revision: s.revision(),
            stamp: s.change_stamp(),
            terminal_count: s.terminal_count(),
            ..Frame::default()
        };
        for id in 0..s.terminal_count() {
            let state = TermState {
                prompt: s.prompt(id),
                busy: s.is_busy(id),
                wants_input: s.wants_input(id),
                hides_input: s.hides_input(id),
                detachable: s.is_detachable(id),
                until_interrupted: s.runs_until_interrupted(id),
                last_status: s.last_status(id),
                place: s.place(id),
            };
            let (output, hints) = (s.take_output(id), s.take_hints(id));
            if self.terms_sent.len() <= id {
                self.terms_sent.resize(id + 1, TermState { prompt: "\u{0}".into(), ..TermState::default() });
            }
            if output.is_empty() && hints.is_empty() && self.terms_sent[id] == state {
                continue;
            }
            if self.terms_sent[id].busy && !state.busy {
                // A command ended: it may have written files.
                self.files_dirty = true;
            }
            self.terms_sent[id] = state.clone();
            frame.terms.push(TermFrame { id, output, hints, state });
        }
        self.frames_since_view = self.frames_since_view.saturating_add(1);
        let stale = self.view_sent != Some(frame.revision);
        if stale && (self.view_len <= BIG_VIEW || self.frames_since_view >= BIG_VIEW_EVERY) {
            let view = s.view();
            self.view_len = view.containers.len();
            frame.view = Some(view);
            self.view_sent = Some(frame.revision);
            self.frames_since_view = 0;
        } else if let Some(sent) = self.view_sent.filter(|_| stale) {
            // The page sees the host's revision move with its views, so it redraws when one comes.
            frame.revision = sent;
            frame.stamp.0 = sent;
        }
        let log = s.event_log();
        frame.events = log.since(self.events_sent).to_vec();
        self.events_sent = log.total();
        let entries = s.journal().entries();
        frame.journal = entries.get(self.journal_sent..).unwrap_or_default().to_vec();
        self.journal_sent = entries.len();
        if self.files_dirty {
            self.files_dirty = false;
            self.compare_files(&mut frame);
        }
        if let Some(lesson) = &self.lesson {
            if self.lesson_stamp != Some(frame.stamp) {
                self.lesson_stamp = Some(frame.stamp);
                let seed = self.session.config().seed;
                if !lesson.vars.is_empty() && self.seeded.as_ref().map(|(s, _)| *s) != Some(seed) {
                    self.seeded = Some((seed, lesson.for_seed(seed)));
                }
                let lesson = match &self.seeded {
                    Some((_, seeded)) if !lesson.vars.is_empty() => seeded,
                    _ => lesson,
                };
                let checks = lesson.results(&self.session);
                if self.lesson_sent.as_ref() != Some(&checks) {
                    frame.lesson = Some(checks.clone());
                    self.lesson_sent = Some(checks);
                }
            }
        }
        frame.completions = std::mem::take(&mut self.completions);
        frame.checks = std::mem::take(&mut self.checks);
        frame.errors = std::mem::take(&mut self.errors);
        frame.past = std::mem::take(&mut self.past);
        frame.ahead = std::mem::take(&mut self.ahead_views);
        // Only the past's files that differ from the present's as the page now has them (the
        // tree says which exist): a 20 MB project is not sent again for each step.
        let past = match &mut frame.past {
            PastUpdate::At(view) => Some(&mut **view),
            _ => None,
        };
        for view in past.into_iter().chain(frame.ahead.iter_mut()) {
            view.files.retain(|(path, text)| self.contents_sent.get(path) != Some(text));
        }
        frame.replaced = std::mem::take(&mut self.replaced);
        self.update_inspection();
        if !self.branches_sent {
            self.branches_sent = true;
            frame.branches = Some(self.branches.clone());
        }
        frame
    }

    /// Replays what the next frame says of the past: the moment shown (its view when the page
    /// has not got it, or only the inspector's hops there) and the moments asked ahead, in time
    /// order through the one cursor, so a step's neighbours cost a few inputs more and a jump at
    /// most one replay from the seed.
    fn settle_past(&mut self) {
        let Some(shown) = self.shown else {
            self.ahead.clear();
            return;
        };
        let mut visits: Vec<(Moment, bool)> = std::mem::take(&mut self.ahead).into_iter().map(|m| (m, false)).collect();
        if self.view_wanted || self.inspecting {
            visits.push((shown, true));
        }
        crate::sort::sort_by(&mut visits, |a, b| (a.0.at, a.0.inputs).cmp(&(b.0.at, b.0.inputs)));
        for (moment, is_shown) in visits {
            let (cfg, journal) = (self.session.config(), self.session.journal());
            let cursor = Cursor::seek(&mut self.cursor, cfg, journal, moment);
            if !is_shown {
                self.ahead_views.push(cursor.view());
                continue;
            }
            if std::mem::take(&mut self.view_wanted) {
                self.past = PastUpdate::At(Box::new(cursor.view()));
            }
            // The hops while the cursor is there (else they would need a replay back to it).
            self.update_inspection();
        }
    }

    /// Puts in `frame` what changed in the project folder since it was last sent.
    fn compare_files(&mut self, frame: &mut Frame) {
        let tree = project_tree(&self.session);
        let mut now = BTreeMap::new();
        for (path, is_dir) in &tree {
            if *is_dir {
                continue;
            }
            let content = self
                .session
                .read_host_file(path)
                .ok()
                .filter(|d| d.len() <= MAX_MIRRORED_FILE)
                .and_then(|d| String::from_utf8(d).ok());
            now.insert(path.clone(), content);
        }
        for (path, content) in &now {
            if self.contents_sent.get(path) != Some(content) {
                frame.contents.push((path.clone(), content.clone()));
            }
        }
        for path in self.contents_sent.keys() {
            if !now.contains_key(path) {
                frame.contents.push((path.clone(), None));
            }
        }
        self.contents_sent = now;
        if self.tree_sent.as_ref() != Some(&tree) {
            frame.tree = Some(tree.clone());
            self.tree_sent = Some(tree);
        }
    }

    /// Opens (true) or closes the inspector, a part of the page loaded when first opened (see
    /// [`Driver::part`]): while open, the hops of the log shown (the past moment's, or the
    /// present's) are read again whenever it or the moment changes ([`Driver::take_inspection`]).
    pub fn inspect(&mut self, open: bool) {
        self.inspecting = open;
        self.inspect_sent = None;
        self.inspection = None;
        self.update_inspection();
    }

    /// Compares two sides (branches or moments); the answer is [`Driver::take_comparison`]'s.
    pub fn compare(&mut self, a: &crate::compare::Side, b: &crate::compare::Side) {
        self.compare = Some(self.compare_sides(a, b));
    }

    /// The inspector's hops, when it is open and they changed since last taken.
    pub fn take_inspection(&mut self) -> Option<crate::inspect::Inspection> {
        self.inspection.take()
    }

    /// The last comparison asked for, once.
    pub fn take_comparison(&mut self) -> Option<crate::compare::Comparison> {
        self.compare.take()
    }

    /// The page part's side of the worker (`muelle-part.js`, ARCHITECTURE.md "Page parts"):
    /// a request it posted (`inspect` with `open` and the terminal line clicked, if one was;
    /// `compare` with the two sides' option values,
    /// a branch's name or `@ms`, or none to only show the choices), answered with the markup it
    /// inserts. Frames never carry it, so the page's wasm decodes and draws none of it.
    pub fn part(&mut self, kind: &str, a: &str, b: &str) {
        match kind {
            "inspect" => {
                self.inspect(!a.is_empty());
                self.clicked = (!b.is_empty()).then(|| b.to_string());
            }
            "compare" => {
                self.picks = Some((a.to_string(), b.to_string()));
                if !a.is_empty() && !b.is_empty() {
                    let side = |v: &str| match v.strip_prefix('@') {
                        Some(ms) => crate::compare::Side::At(crate::timeline::Moment::at(
                            self.session.journal(),
                            ms.parse().unwrap_or(0),
                        )),
                        None => crate::compare::Side::Branch(v.to_string()),
                    };
                    let (a, b) = (side(a), side(b));
                    self.compare(&a, &b);
                } else {
                    self.compare = None;
                    self.compare_shown = true;
                }
            }
            _ => {}
        }
    }

    /// What the page part is to be told: `(kind, markup)` for the inspector's hops that changed
    /// and for a comparison answered (or its choices asked for), in the session's language.
    pub fn part_replies(&mut self) -> Vec<(&'static str, String)> {
        let lang = self.session.lang();
        let mut out = Vec::new();
        if let Some(i) = self.take_inspection() {
            let pick = self.clicked.take().and_then(|line| crate::inspect::pick(&i, &line));
            out.push(("inspect", crate::inspect::markup(&i, lang, pick)));
        }
        let answer = self.take_comparison();
        let asked = answer.is_some() || std::mem::take(&mut self.compare_shown);
        // The comparison shown last, worded again when the language changed (the part ignores
        // it if it was closed since).
        let reworded = !asked && self.compare_worded.as_ref().is_some_and(|(_, l)| *l != lang);
        if asked || reworded {
            let answer = if asked { answer } else { self.compare_worded.take().and_then(|(c, _)| c) };
            let (a, b) = self.picks.clone().unwrap_or_default();
            let options = self.compare_options(lang);
            out.push((
                "compare",
                crate::compare::markup(answer.as_ref(), &options, &self.branches.current, &a, &b, lang),
            ));
            self.compare_worded = Some((answer, lang));
        }
        out
    }

    /// The sides a comparison can pick: every branch, and the moment shown (`@ms`) if one is.
    fn compare_options(&self, lang: crate::Lang) -> Vec<(String, String)> {
        let names = self.branches.names();
        let mut options: Vec<(String, String)> = names
            .into_iter()
            .map(|n| {
                let label = match lang {
                    crate::Lang::Es => format!("Rama {n}"),
                    crate::Lang::En => format!("Branch {n}"),
                };
                (n, label)
            })
            .collect();
        if let Some(shown) = &self.shown {
            let at = shown.at;
            let past = match lang {
                crate::Lang::Es => "Pasado",
                crate::Lang::En => "Past",
            };
            options.push((format!("@{at}"), format!("{past} {}", crate::compare::clock(at))));
        }
        options
    }

    /// Reads the inspector's hops again if it is open and the log shown, the moment or the
    /// language changed.
    fn update_inspection(&mut self) {
        if !self.inspecting {
            return;
        }
        let lang = self.session.lang();
        // The log shown: the past moment's replay, or the present's.
        let shown: &Session = match self.shown {
            Some(moment) => {
                if self.inspect_sent.is_some_and(|(m, _, _, l)| m == Some(moment) && l == lang) {
                    return;
                }
                let (cfg, journal) = (self.session.config(), self.session.journal());
                Cursor::seek(&mut self.cursor, cfg, journal, moment).session()
            }
            None => &self.session,
        };
        let log = shown.event_log();
        let key = (self.shown, log.total(), shown.revision(), lang);
        if self.inspect_sent != Some(key) {
            self.inspect_sent = Some(key);
            let view = shown.view();
            self.inspection = Some(crate::inspect::inspect(log.recent(), log.compacted(), &view, shown.lang()));
        }
    }

    /// Compares two sides: each replayed on its own (the live one read as it is), one after the
    /// other, so at most one replay exists besides the live session and the cursor.
    fn compare_sides(&self, a: &crate::compare::Side, b: &crate::compare::Side) -> crate::compare::Comparison {
        let (va, ja, la) = self.side(a);
        let (vb, jb, lb) = self.side(b);
        let mut c = crate::compare::compare(&va, &vb);
        c.a = la;
        c.b = lb;
        if let Some(input) = crate::compare::first_different_input(&ja, &jb) {
            c.diverge.get_or_insert_with(Default::default).input = Some(input);
        }
        c
    }

    /// A side's view (with every event its log keeps in full), journal and label.
    fn side(&self, side: &crate::compare::Side) -> (crate::timeline::PastView, Vec<crate::journal::Entry>, String) {
        use crate::compare::Side;
        use crate::timeline::{Moment, PastView};
        let live = &self.session;
        let cfg = live.config();
        let whole = |s: &Session, m: Moment| {
            let mut v = PastView::of(s, m);
            v.events = s.events().to_vec();
            (v, s.journal().entries().to_vec())
        };
        match side {
            Side::Branch(name) if *name != self.branches.current => {
                let found = self.branches.others.iter().find(|b| b.name == *name);
                if let Some((b, journal)) = found.and_then(|b| Journal::decode(&b.journal).map(|j| (b, j))) {
                    let to = Moment { at: b.until, inputs: journal.entries().len() };
                    let c = Cursor::replay(cfg, journal.entries(), to);
                    // A cursor keeps no journal: the branch's is what it replayed.
                    let (v, _) = whole(c.session(), to);
                    return (v, journal.entries().to_vec(), name.clone());
                }
                let now = Moment { at: live.now().ms(), inputs: live.journal().entries().len() };
                let (v, j) = whole(live, now);
                (v, j, self.branches.current.clone())
            }
            Side::Branch(name) => {
                let now = Moment { at: live.now().ms(), inputs: live.journal().entries().len() };
                let (v, j) = whole(live, now);
                (v, j, name.clone())
            }
            Side::At(m) => {
                let c = Cursor::replay(cfg, live.journal().entries(), *m);
                let m = c.moment();
                let entries = live.journal().entries();
                let (v, _) = whole(c.session(), m);
                (v, entries[..m.inputs.min(entries.len())].to_vec(), crate::compare::clock(m.at))
            }
        }
    }

    /// The session, for tests.
    pub fn session(&self) -> &Session {
        &self.session
    }
}
