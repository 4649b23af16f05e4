//! The simulator across a thread boundary: the messages between the page and the simulator's
//! Web Worker, the worker's side ([`Driver`]: owns the [`Session`], applies messages, answers
//! with frames) and the page's side ([`Mirror`]: what the page reads between frames).
//!
//! Why a mirror and not calls: the page draws 20 times a second and must never wait for the
//! simulator (a `compose up` of 1,000 services takes hundreds of milliseconds of its work). So
//! the page keeps a copy of what it draws — each terminal's state and new output, the host's
//! view, the event log, the journal, the project's files, a lesson's checks — which every
//! [`Frame`] brings up to date, and it sends its inputs as [`ToSim`] messages without waiting.
//! Messages are numbered; a frame says which one it answers last (`acked`), so the page knows
//! what is still on its way (a line typed is "busy" until the worker has seen it).
//!
//! Both directions are plain serde data, one `postMessage` each way, no shared memory. The
//! [`Driver`] is deterministic (it applies messages in their order, and the clock moves only by
//! [`ToSim::Advance`]), so the journal it keeps replays the same session.
//!
//! Why two encodings: the page's messages are JSON text (few, small, and readable in a test or
//! a browser's console), while frames are postcard bytes ([`encode_frame`], [`decode_frame`]),
//! for the page's sake — it decodes every frame and downloads the decoder before it is usable.
//! serde_json's decoders for the frame's types (field names matched as strings, maps and
//! sequences both accepted) took 108 KB of the page's wasm (26 KB gzip); postcard's read fields
//! in order, and a frame is a fraction of the JSON's size to build, copy and read. A frame's
//! first six fields are unsigned varints (`acked`, `now`, `revision`, `stamp`,
//! `terminal_count`), which the end-to-end tests read without a decoder.
//!
//! Architecture invariant: the page reaches the simulator only through these messages; it
//! links [`Mirror`] and the data types, never [`Session`]'s simulation.

mod check;
mod driver;
mod mirror;

pub use check::{check, Problem};
pub use driver::Driver;
pub use mirror::Mirror;

use serde::{Deserialize, Serialize};

use crate::complete::Completion;
use crate::journal::Entry;
use crate::view::{HostView, Place};
use crate::{Lang, LogEvent, TermId};

/// A message from the page to the simulator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToSim {
    /// A new session replacing the one running: its seed and language, the project's files
    /// written first, and, to bring back a saved session, a journal to replay.
    Start {
        seed: u64,
        lang: Lang,
        files: Vec<(String, String)>,
        replay: Option<Replay>,
    },
    /// What the journal records: lines, Ctrl-C and control keys, terminals and their size, host
    /// files (relative paths are in the project folder), faults — applied by
    /// [`crate::Session::apply`].
    Input(crate::journal::Input),
    SetLang(Lang),
    /// Lets simulated time run `ms`, doing at most `budget` units of work
    /// (see [`crate::Session::advance_budgeted`]).
    Advance {
        ms: u64,
        budget: u64,
    },
    /// Runs simulated time to the next moment something is due and handles it
    /// ([`crate::Session::step_to_next_event`]): one step while the page's clock is paused.
    Step,
    /// What Tab completes in `line` at terminal `term`; answered in [`Frame::completions`].
    Complete {
        term: TermId,
        line: String,
        ticket: u64,
    },
    /// Validates the editor's unsaved `text` as the project file `path` (see [`check`]);
    /// answered in [`Frame::checks`].
    Check {
        ticket: u64,
        path: String,
        text: String,
        lang: Lang,
    },
    /// The lesson whose checks each frame reports (as JSON, or its YAML), or none.
    Lesson(Option<String>),
    /// Shows a past moment ([`Frame::past`]) without touching the live session (see
    /// [`crate::timeline`]).
    ViewPast(crate::timeline::Moment),
    /// The page shows this past moment from a view it was sent ahead ([`Frame::ahead`]): nothing
    /// comes back for it, but it is the moment shown from now on (what "continue from here", the
    /// inspector and the comparison use).
    Shown(crate::timeline::Moment),
    /// The past moments the page may show next (the neighbours of the one shown, for the
    /// scrubber's arrow keys): their views come ahead in the next frame ([`Frame::ahead`]), so
    /// a step draws at once instead of waiting for the worker. Sent after [`ToSim::ViewPast`] or
    /// [`ToSim::Shown`]; ignored while the present is shown.
    Ahead(Vec<crate::timeline::Moment>),
    /// Back to the present (the past moment's replay is dropped).
    GoLive,
    /// Continues from the past moment shown: it becomes the live session, and what was live is
    /// kept as a branch ([`Frame::branches`]). Nothing happens when no past moment is shown.
    BranchHere,
    /// Makes a branch left behind live again (the live one is kept as a branch).
    SwitchBranch(String),
    /// Continues from just before the last line typed (the undone future is kept as a branch).
    Undo,
    /// The branches of a session brought back by [`ToSim::Start`] (sent right after it).
    SetBranches(crate::timeline::Branches),
    /// Kills the worker as a panic in the simulator would: only the end-to-end tests send it
    /// (`window.__muelleTestHooks = "replay-panic"`), to check the page survives that.
    TestPanic,
}

/// A saved session to bring back (see [`crate::Session::replay`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replay {
    /// The journal as [`crate::journal::Journal::encode`] writes it.
    pub journal: String,
    /// The simulated time (ms) it was saved at.
    pub until: u64,
}

/// A frame as it crosses to the page (see the module's doc, "Why two encodings").
pub fn encode_frame(frame: &Frame) -> Vec<u8> {
    // Writing into a Vec fails only for types postcard cannot represent, which `Frame` has none of.
    postcard::to_allocvec(frame).unwrap_or_default()
}

/// A frame from [`encode_frame`]'s bytes; the problem if they are not one (postcard's error by
/// name: its `Display` sentences are text the page's wasm would carry for a console line).
pub fn decode_frame(bytes: &[u8]) -> Result<Frame, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("{e:?}"))
}

/// A numbered message, as it crosses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub seq: u64,
    pub msg: ToSim,
}

/// What changed in the simulator since the last frame, sent after the worker handled messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    /// The last message applied.
    pub acked: u64,
    /// Simulated time now (ms).
    pub now: u64,
    pub revision: u64,
    /// See [`crate::Session::change_stamp`].
    pub stamp: (u64, u64),
    pub terminal_count: usize,
    /// Terminals whose state changed or that printed something.
    pub terms: Vec<TermFrame>,
    /// The host's view, when its revision moved.
    pub view: Option<HostView>,
    /// Events recorded since the last frame, in order.
    pub events: Vec<LogEvent>,
    /// Inputs journaled since the last frame, in order.
    pub journal: Vec<Entry>,
    /// The project folder's entries (`(relative path, is_dir)`, as [`project_tree`] lists them),
    /// when they changed.
    pub tree: Option<Vec<(String, bool)>>,
    /// Files whose content changed: `None` when it is gone or not text.
    pub contents: Vec<(String, Option<String>)>,
    /// Answers to [`ToSim::Complete`], by ticket.
    pub completions: Vec<(u64, Completion)>,
    /// Answers to [`ToSim::Check`], by ticket.
    pub checks: Vec<(u64, Vec<Problem>)>,
    /// The lesson's checks, per step and check, whether each passes (when they changed).
    pub lesson: Option<Vec<Vec<bool>>>,
    /// A lesson that did not parse (its first problem), or a message the worker could not read.
    pub errors: Vec<String>,
    /// The past moment shown, when that changed. Its `files` are only those whose text differs
    /// from the present's (as the mirror has them); its `tree` lists every entry at that moment.
    pub past: PastUpdate,
    /// The branches, when they changed.
    pub branches: Option<crate::timeline::Branches>,
    /// The live session was replaced (a branch, an undo): this frame brings everything again, so
    /// what was mirrored of the old one goes (terminals' text, events, journal, files).
    pub replaced: bool,
    /// Views of the past moments [`ToSim::Ahead`] asked for, in time order; their `files` are
    /// only those that differ from the present's, as in [`Frame::past`].
    pub ahead: Vec<crate::timeline::PastView>,
}

/// What a frame says of the past moment shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PastUpdate {
    /// As in the last frame.
    #[default]
    Unchanged,
    /// The present is shown.
    Live,
    /// This moment is shown.
    At(Box<crate::timeline::PastView>),
}

/// One terminal's state and what it printed since the last frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermFrame {
    pub id: TermId,
    pub output: String,
    pub hints: Vec<String>,
    pub state: TermState,
}

/// What the page shows about a terminal besides its output.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermState {
    pub prompt: String,
    pub busy: bool,
    pub wants_input: bool,
    /// What it reads is a password: the screen shows nothing of it (`Session::hides_input`).
    pub hides_input: bool,
    pub detachable: bool,
    pub until_interrupted: bool,
    pub last_status: i32,
    pub place: Place,
}

/// Folders below the project, depth first (folders before files, each sorted), this deep at most.
const MAX_DEPTH: usize = 8;
/// Entries of the project folder the page lists at most.
const MAX_ENTRIES: usize = 500;
/// Files larger than this are listed but their content is not mirrored (the page saves at most
/// 32 MiB per file, and edits at most 4 MB).
pub const MAX_MIRRORED_FILE: usize = 32 * 1024 * 1024;

/// Files and folders below the project, as `(relative path, is_dir)`, depth first, folders
/// before files, each alphabetically; at most 500 entries, 8 folders deep.
pub fn project_tree(session: &crate::Session) -> Vec<(String, bool)> {
    // A depth-first walk with an explicit stack (the folder's path, its depth, the entries of
    // it still to visit), so a deep tree costs heap, not stack.
    let listing = |rel: &str| -> std::vec::IntoIter<(String, bool)> {
        let dir = if rel.is_empty() { crate::PROJECT_DIR.to_string() } else { format!("{}/{rel}", crate::PROJECT_DIR) };
        let list = session.list_host_dir(&dir).unwrap_or_default();
        let (dirs, files): (Vec<_>, Vec<_>) = list.into_iter().partition(|(_, is_dir)| *is_dir);
        dirs.into_iter().chain(files).collect::<Vec<_>>().into_iter()
    };
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), 0usize, listing(""))];
    while let Some((rel, depth, entries)) = stack.last_mut() {
        let Some((name, is_dir)) = entries.next() else {
            stack.pop();
            continue;
        };
        if out.len() >= MAX_ENTRIES {
            break;
        }
        let path = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        out.push((path.clone(), is_dir));
        if is_dir && *depth < MAX_DEPTH {
            let (children, depth) = (listing(&path), *depth + 1);
            stack.push((path, depth, children));
        }
    }
    out
}
