//! A terminal: a stack of shells (the host's at the bottom; `docker run -it`
//! and `docker exec -it` push a container's), the foreground job, and the
//! text it has printed that the UI has not taken yet.

use crate::i18n::Lang;
use crate::process::{Cx, DetachKeys, Effect, Io, Job, Poll, Wake};
use crate::shell::exec::ScriptJob;
use crate::shell::jobs::JobState;
use crate::shell::{ShellCtx, ShellKind, TtySize};
use crate::time::SimTime;
use crate::world::{Cid, Loc, World};

struct Frame {
    sh: ShellCtx,
    /// The container whose main process this shell is (`docker run -it … bash`).
    attached_main: Option<Cid>,
    /// The container generation the shell belongs to (a restart ends it).
    generation: u32,
    /// The shell is a container's TTY attached with this detach sequence (`docker run -it`,
    /// `docker attach`): typing it leaves the shell, the container running.
    detach: Option<DetachKeys>,
    /// Names this shell among the terminal's, for the jobs it started (see [`Background`]).
    serial: u64,
}

/// Output a terminal holds until someone takes it. The page takes it every tick and the runner
/// after each command, so this is never reached by one command's output of a reasonable size;
/// a terminal nobody reads (a `logs -f` left running for hours in a hidden tab) drops its oldest
/// half past it, as a screen's scrollback would, so memory stays bounded.
pub const MAX_PENDING_OUTPUT: usize = 16 << 20;

pub struct Terminal {
    frames: Vec<Frame>,
    job: Option<Box<dyn Job>>,
    wake: Wake,
    output: String,
    hints: Vec<String>,
    last_status: i32,
    /// The running job streams containers (`docker run` attached, `logs -f`-like).
    detachable: bool,
    /// World revision when a `Wake::Change` job was last polled.
    seen_revision: u64,
    /// The foreground job is attached to a container's TTY with this detach sequence.
    job_detach: Option<DetachKeys>,
    /// How many keys of the detach sequence were typed so far.
    escape: usize,
    /// Lines of an unfinished command (`for i in 1 2; do` typed, `done` not yet): the shell
    /// shows its `> ` prompt and reads on.
    continued: Option<String>,
    /// When Muelle says how to leave an attached command that keeps running (`docker run`
    /// without `-d`), if it still runs then.
    attached_note_at: Option<SimTime>,
    /// How many times this session said it before this terminal opened, plus here (only the
    /// first times are said).
    attached_notes: u32,
    /// The terminal's size, which every shell it runs reads (see [`Terminal::resize`]).
    size: TtySize,
    /// Jobs started with `&`, running beside the foreground (see [`Background`]). The shell
    /// that started each has it in its job table (`jobs`, `wait`, `fg`, `kill %1`), where its
    /// end is written and from which it is reported when the foreground line next ends, as
    /// bash reports before its next prompt (`[1]+  Done                    sleep 3`).
    background: Vec<Background>,
    /// The last [`Frame::serial`] given.
    frame_serial: u64,
    /// A background job ended since the foreground was last polled (a `wait` may go on).
    background_ended: bool,
    /// Keep only about this many bytes of pending output (0: up to [`MAX_PENDING_OUTPUT`]); see
    /// [`Terminal::keep_tail`].
    tail: usize,
}

/// A job started with `&` from this terminal's shell: it runs in a copy of that shell, its
/// output goes to the screen as it comes, and it ends with the container it runs in.
struct Background {
    /// Its number in the job table of the shell that started it (the frame with this serial; a
    /// shell left meanwhile leaves its jobs running with no table).
    id: u32,
    shell: u64,
    job: Box<dyn Job>,
    sh: ShellCtx,
    wake: Wake,
    seen_revision: u64,
}

/// How long an attached command runs before Muelle says how to leave it.
pub const ATTACHED_NOTE_AFTER_MS: u64 = 2_000;
/// How many times a terminal says it.
pub const ATTACHED_NOTES: u32 = 2;

/// An unfinished command longer than this is run as it is (and fails as a syntax error).
const MAX_CONTINUED: usize = 1 << 20;

impl Terminal {
    pub fn new() -> Terminal {
        Terminal {
            frames: vec![Frame {
                sh: ShellCtx { tty: Some(TtySize::DEFAULT), ..ShellCtx::host() },
                attached_main: None,
                generation: 0,
                detach: None,
                serial: 0,
            }],
            job: None,
            wake: Wake::Never,
            output: String::new(),
            hints: Vec::new(),
            last_status: 0,
            detachable: false,
            seen_revision: 0,
            job_detach: None,
            escape: 0,
            continued: None,
            attached_note_at: None,
            attached_notes: 0,
            size: TtySize::DEFAULT,
            background: Vec::new(),
            frame_serial: 0,
            background_ended: false,
            tail: 0,
        }
    }

    /// The window was resized (the page's terminal panel): every shell on this terminal and
    /// the commands they start see the new size from now on, as after `TIOCSWINSZ`.
    pub fn resize(&mut self, size: TtySize) {
        self.size = size;
        for f in &mut self.frames {
            f.sh.tty = Some(size);
        }
    }

    pub fn size(&self) -> TtySize {
        self.size
    }

    pub fn prompt(&self, world: &World) -> String {
        if self.job.is_some() {
            return String::new();
        }
        if self.continued.is_some() {
            return "> ".into();
        }
        self.frames.last().map(|f| f.sh.prompt(world)).unwrap_or_default()
    }

    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    pub fn wants_input(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.wants_input())
    }

    /// The foreground job reads a line with the terminal's echo off (a password): a screen
    /// shows nothing of what is typed, not even the Enter.
    pub fn hides_input(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.wants_input() && j.hides_input())
    }

    pub fn runs_until_interrupted(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.runs_until_interrupted())
    }

    pub fn is_detachable(&self) -> bool {
        self.job.is_some() && self.detachable
    }

    pub fn last_status(&self) -> i32 {
        self.last_status
    }

    pub fn take_output(&mut self) -> String {
        std::mem::take(&mut self.output)
    }

    pub fn take_hints(&mut self) -> Vec<String> {
        std::mem::take(&mut self.hints)
    }

    /// What [`Terminal::take_output`] would return, left in place (a past moment's screen).
    pub fn pending_output(&self) -> &str {
        &self.output
    }

    /// What [`Terminal::take_hints`] would return, left in place.
    pub fn pending_hints(&self) -> &[String] {
        &self.hints
    }

    /// Drops the oldest pending output past [`MAX_PENDING_OUTPUT`] (at a line start when one is
    /// near, else at a character boundary).
    fn bound_output(&mut self) {
        if self.tail > 0 && self.output.len() > self.tail + self.tail / 16 {
            let mut cut = self.output.len() - self.tail;
            while !self.output.is_char_boundary(cut) {
                cut -= 1;
            }
            self.output.drain(..cut);
        }
        if self.output.len() <= MAX_PENDING_OUTPUT {
            return;
        }
        let mut cut = self.output.len() - MAX_PENDING_OUTPUT / 2;
        while !self.output.is_char_boundary(cut) {
            cut += 1;
        }
        if let Some(nl) = self.output[cut..].find('\n').filter(|&n| n < 4096) {
            cut += nl + 1;
        }
        self.output.drain(..cut);
    }

    /// From now on keeps only the last `keep` bytes of pending output (at least `keep`, cut at
    /// a character boundary; 0: no such bound), trimmed whenever it grows a sixteenth past that,
    /// in a buffer reserved once: a replayed past moment shows only its screens' tails, and
    /// nobody takes its output (memory: sim-core's `tests/travel_memory.rs`).
    pub fn keep_tail(&mut self, keep: usize) {
        self.tail = keep;
        self.bound_output();
        if keep > 0 {
            // Room for the most it holds before a trim and a write past it.
            let room = keep + keep / 4;
            if self.output.capacity() > room + room / 2 {
                self.output.shrink_to(room);
            }
            self.output.reserve(room.saturating_sub(self.output.len()));
        }
    }

    /// Adds text to what the terminal shows, as a screen echoes typed input.
    pub fn echo(&mut self, text: &str) {
        self.output.push_str(text);
        self.bound_output();
    }

    /// Moves pending hints into the output, one per line, where a screen shows them.
    pub fn hints_into_output(&mut self) {
        for h in std::mem::take(&mut self.hints) {
            self.output.push_str(&h);
            self.output.push('\n');
        }
        self.bound_output();
    }

    /// Where the current shell runs.
    pub fn location(&self) -> Loc {
        self.frames.last().map(|f| f.sh.loc).unwrap_or(Loc::Host)
    }

    pub fn cwd(&self) -> String {
        self.frames.last().map(|f| f.sh.cwd.clone()).unwrap_or_default()
    }

    pub fn wake_time(&self) -> Option<SimTime> {
        let job = match (self.job.is_some(), self.wake) {
            (true, Wake::At(t)) => Some(t),
            _ => None,
        };
        let note = self.attached_note_at.filter(|_| self.job.is_some());
        let background = self.background.iter().filter_map(|b| match b.wake {
            Wake::At(t) => Some(t),
            _ => None,
        });
        job.into_iter().chain(note).chain(background).min()
    }

    /// How many times this terminal said how to leave an attached command.
    pub fn attached_notes(&self) -> u32 {
        self.attached_notes
    }

    /// Starts a terminal's count where the session's is.
    pub fn set_attached_notes(&mut self, n: u32) {
        self.attached_notes = n;
    }

    /// Muelle's note on an attached command that keeps running, when it is due: said after
    /// what the command printed so far, only while the command still runs and never ends by
    /// itself.
    fn attached_note(&mut self, world: &World, lang: Lang) {
        let Some(at) = self.attached_note_at else { return };
        if self.job.is_none() || !self.detachable {
            self.attached_note_at = None;
            return;
        }
        if at > world.now() {
            return;
        }
        self.attached_note_at = None;
        if self.runs_until_interrupted() {
            self.attached_notes += 1;
            self.hints.push(crate::i18n::Hint::StillAttached.text(lang));
        }
    }

    pub fn waits_for_change(&self) -> bool {
        (self.job.is_some() && self.wake == Wake::Change) || self.background.iter().any(|b| b.wake == Wake::Change)
    }

    /// A line typed at the prompt (or as the answer to a job's question).
    pub fn submit(&mut self, world: &mut World, line: &str, lang: Lang) {
        // Typed text between the keys breaks a detach sequence.
        self.escape = 0;
        if let Some(mut job) = self.job.take() {
            if job.wants_input() {
                let poll = self.with_cx(world, lang, |cx| job.input(line, cx));
                self.after_poll(world, job, poll, lang);
            } else {
                self.job = Some(job);
            }
            return;
        }
        self.check_frames(world);
        if self.frozen(world) {
            // The shell is a frozen process: the line waits in the terminal until the thaw.
            self.job = Some(Box::new(HeldLine { line: line.to_string(), job: None }));
            self.wake = Wake::Change;
            self.seen_revision = world.revision();
            return;
        }
        let text = match self.continued.take() {
            Some(mut before) => {
                before.push('\n');
                before.push_str(line);
                before
            }
            None => line.to_string(),
        };
        if text.len() < MAX_CONTINUED && crate::shell::parse::needs_more(&text) {
            self.continued = Some(text);
            return;
        }
        let line = text.as_str();
        let frame = self.frames.last_mut().expect("host shell");
        // A new line: its processes are counted afresh (see `shell::fork`).
        frame.sh.forks = 0;
        frame.sh.captured = 0;
        self.detachable = false;
        self.job_detach = None;
        let job = self.with_cx(world, lang, |cx| {
            let job = ScriptJob::from_line(line, cx);
            if let Some(h) = crate::slips::typed_line(line, cx) {
                cx.effects.push(Effect::Hint(h));
            }
            job
        });
        self.poll_job(world, job, lang);
    }

    fn with_cx<R>(&mut self, world: &mut World, lang: Lang, f: impl FnOnce(&mut Cx<'_>) -> R) -> R {
        let mut effects = Vec::new();
        let mut io = Io::default();
        let r = {
            let frame = self.frames.last_mut().expect("host shell");
            let mut cx = Cx {
                world,
                io: &mut io,
                sh: &mut frame.sh,
                lang,
                effects: &mut effects,
                bin: &crate::machine::PROGRAMS,
            };
            f(&mut cx)
        };
        let text = io.take_text();
        // Background jobs are announced where the line's output had got to when each started.
        let mut written = 0;
        let mut others = Vec::with_capacity(effects.len());
        for e in effects {
            match e {
                Effect::Background { job, sh, at, id } => {
                    let at = at.clamp(written, text.len());
                    if text.is_char_boundary(at) {
                        self.output.push_str(&text[written..at]);
                        written = at;
                    }
                    self.start_background(world, job.0, *sh, id, lang);
                }
                other => others.push(other),
            }
        }
        self.output.push_str(&text[written..]);
        self.bound_output();
        self.apply_effects(world, others, lang);
        r
    }

    fn poll_job(&mut self, world: &mut World, mut job: Box<dyn Job>, lang: Lang) {
        let poll = self.with_cx(world, lang, |cx| job.poll(cx));
        self.after_poll(world, job, poll, lang);
    }

    fn after_poll(&mut self, world: &mut World, mut job: Box<dyn Job>, poll: Poll, lang: Lang) {
        // `kill %1` (or `$!`) the line sent, and a `wait`/`fg` whose job that ended: the signal
        // is delivered and the foreground goes on at once.
        let mut poll = poll;
        let mut rounds = 0;
        while let Poll::Pending(_) = poll {
            if !self.deliver_kills(world, lang) || rounds >= 64 {
                break;
            }
            rounds += 1;
            poll = self.with_cx(world, lang, |cx| job.poll(cx));
        }
        if let Poll::Done(_) = poll {
            self.deliver_kills(world, lang);
        }
        match poll {
            Poll::Done(code) => {
                self.report_ended();
                self.last_status = code;
                if let Some(f) = self.frames.last_mut() {
                    f.sh.last_status = code;
                }
                self.job = None;
                self.wake = Wake::Never;
                self.detachable = false;
                self.job_detach = None;
                self.attached_note_at = None;
            }
            Poll::Pending(wake) => {
                let now = world.now();
                self.wake = match wake {
                    Wake::At(t) if t <= now => Wake::At(now.plus(1)),
                    w => w,
                };
                self.seen_revision = world.revision();
                self.job = Some(job);
            }
        }
        self.check_frames(world);
    }

    fn apply_effects(&mut self, world: &mut World, effects: Vec<Effect>, lang: Lang) {
        let mut pushed = false;
        for e in effects {
            match e {
                Effect::PushShell { mut sh, attached_main } => {
                    // `docker run -it`/`exec -it` size the container's TTY as the terminal.
                    sh.tty = Some(self.size);
                    let loc = sh.loc;
                    let generation = match loc {
                        Loc::Container(cid) => world.container(cid).map(|c| c.state.generation).unwrap_or(0),
                        Loc::Host => 0,
                    };
                    let attached = match (attached_main, loc) {
                        (true, Loc::Container(cid)) => Some(cid),
                        _ => None,
                    };
                    self.frame_serial += 1;
                    let serial = self.frame_serial;
                    self.frames.push(Frame { sh: *sh, attached_main: attached, generation, detach: None, serial });
                    pushed = true;
                }
                Effect::ExitShell(code) => {
                    if self.frames.len() > 1 {
                        let frame = self.frames.pop().expect("len > 1");
                        if let Some(cid) = frame.attached_main {
                            world.on_main_exit(cid, code, None);
                        }
                        self.last_status = code;
                        if let Some(f) = self.frames.last_mut() {
                            f.sh.last_status = code;
                        }
                    }
                }
                Effect::Hint(h) => self.hints.push(h.text(lang)),
                Effect::Background { job, sh, id, .. } => self.start_background(world, job.0, *sh, id, lang),
                Effect::Detachable => {
                    self.detachable = true;
                    if self.attached_notes < ATTACHED_NOTES {
                        self.attached_note_at = Some(world.now().plus(ATTACHED_NOTE_AFTER_MS));
                    }
                }
                Effect::DetachKeys(keys) => match self.frames.last_mut() {
                    Some(f) if pushed => f.detach = Some(keys),
                    _ => self.job_detach = Some(keys),
                },
                Effect::Clear | Effect::ExitCause(_) => {}
            }
        }
    }

    /// Leaves container shells whose container stopped (or restarted) meanwhile.
    fn check_frames(&mut self, world: &World) {
        while self.frames.len() > 1 {
            let f = self.frames.last().expect("len > 1");
            let alive = match f.sh.loc {
                Loc::Container(cid) => {
                    world.container(cid).is_some_and(|c| c.is_running() && c.state.generation == f.generation)
                }
                Loc::Host => true,
            };
            if alive {
                break;
            }
            let code = match f.sh.loc {
                Loc::Container(cid) => world.container(cid).map(|c| c.state.exit_code).unwrap_or(0),
                Loc::Host => 0,
            };
            self.frames.pop();
            self.last_status = code;
            if self.job.is_none() && !self.output.is_empty() && !self.output.ends_with('\n') {
                self.output.push('\n');
            }
        }
    }

    /// Ctrl-C. While a command runs, the terminal echoes `^C` into its output; at a prompt
    /// the screen that holds the typed line shows `prompt line^C` itself (the page, the runner,
    /// an echoing replay), so nothing is added here — else `^C` showed twice.
    pub fn interrupt(&mut self, world: &mut World, lang: Lang) {
        self.escape = 0;
        match self.job.take() {
            Some(mut job) => {
                self.output.push_str("^C");
                let poll = self.with_cx(world, lang, |cx| job.interrupt(cx));
                self.after_poll(world, job, poll, lang);
                if self.job.is_none() && !self.output.ends_with('\n') {
                    self.output.push('\n');
                }
            }
            None => {
                self.last_status = 130;
                self.continued = None;
            }
        }
    }

    /// A control key typed (`code` is its byte: Ctrl-P is 16). Only a detach sequence means
    /// anything here: once complete, the terminal leaves the container's TTY it is attached to
    /// (the foreground attach, else the container shell on top), the container running on.
    pub fn ctrl_key(&mut self, world: &World, code: u8) {
        let attached = match &self.job_detach {
            Some(keys) if self.job.is_some() => Some(keys),
            _ => self.frames.last().and_then(|f| f.detach.as_ref()),
        };
        let Some(keys) = attached.cloned() else {
            self.escape = 0;
            return;
        };
        self.escape = match keys.keys.get(self.escape) {
            Some(k) if *k == code => self.escape + 1,
            _ if keys.keys.first() == Some(&code) => 1,
            _ => 0,
        };
        if self.escape < keys.keys.len() {
            return;
        }
        self.escape = 0;
        if self.job_detach.is_some() && self.job.is_some() {
            self.job = None;
            self.wake = Wake::Never;
            self.detachable = false;
            self.job_detach = None;
        } else {
            // The shell's command, if any, is left behind with the TTY.
            self.job = None;
            self.wake = Wake::Never;
            if self.frames.len() > 1 {
                self.frames.pop();
            }
        }
        if keys.announce {
            self.output.push_str("read escape sequence\n");
        }
        let code = i32::from(keys.announce);
        self.last_status = code;
        if let Some(f) = self.frames.last_mut() {
            f.sh.last_status = code;
        }
        self.check_frames(world);
    }

    /// Ctrl-D: end of input for a foreground job that reads the terminal (Python's prompt).
    pub fn end_of_input(&mut self, world: &mut World, lang: Lang) {
        self.escape = 0;
        match self.job.take() {
            Some(mut job) if job.wants_input() => {
                let poll = self.with_cx(world, lang, |cx| job.end_of_input(cx));
                self.after_poll(world, job, poll, lang);
            }
            None if self.continued.is_none() && self.frames.len() > 1 && !self.frozen(world) => {
                self.leave_shell_at_eof(world, lang)
            }
            other => self.job = other,
        }
    }

    /// Ctrl-D at an idle container shell's prompt: the shell reads end of input and exits with
    /// its last status, as `exit` would. bash says `exit` first; ash and dash end the line.
    /// The host's own shell is left alone: it is the page's terminal, not a program to end.
    fn leave_shell_at_eof(&mut self, world: &mut World, lang: Lang) {
        let Some(frame) = self.frames.last() else { return };
        let status = frame.sh.last_status;
        self.output.push_str(match frame.sh.kind {
            ShellKind::Bash => "exit\n",
            ShellKind::Ash | ShellKind::Dash => "\n",
        });
        self.apply_effects(world, vec![Effect::ExitShell(status)], lang);
        self.check_frames(world);
    }

    /// The shell on top runs in a paused container (`docker exec -it`, `docker run -it`).
    fn frozen(&self, world: &World) -> bool {
        match self.frames.last().map(|f| f.sh.loc) {
            Some(Loc::Container(cid)) => world.container(cid).is_some_and(|c| c.is_paused()),
            _ => false,
        }
    }

    /// Polls the foreground job if it is due at `now` (or waits for a change that happened).
    pub fn poll_if_due(&mut self, world: &mut World, lang: Lang) -> bool {
        self.attached_note(world, lang);
        let due = match self.wake {
            Wake::At(t) => t <= world.now(),
            Wake::Change => world.revision() != self.seen_revision,
            Wake::Never => false,
        };
        let frames_before = self.frames.len();
        self.check_frames(world);
        if self.frames.len() != frames_before && self.job.as_ref().is_some_and(|j| j.is_interactive_shell()) {
            self.job = None;
        }
        let background = self.poll_background(world, lang) | self.deliver_kills(world, lang);
        // A background job that ended lets a `wait` or `fg` go on.
        let due = due || (self.job.is_some() && std::mem::take(&mut self.background_ended));
        if !due {
            return background;
        }
        if self.frozen(world) {
            // Nothing in a paused container runs; a timer that came due fires after the thaw.
            self.wake = Wake::Change;
            self.seen_revision = world.revision();
            return false;
        }
        match self.job.take() {
            Some(job) => {
                self.poll_job(world, job, lang);
                true
            }
            None => background,
        }
    }

    /// The reports of the background jobs that ended, before the next prompt (bash's
    /// `[1]+  Done                    sleep 3`, ash's at column 33): the shell on top's.
    fn report_ended(&mut self) {
        let Some(f) = self.frames.last_mut() else { return };
        let kind = f.sh.kind;
        let reports = f.sh.jobs.take_reports(kind);
        self.output.push_str(&reports);
    }

    /// Takes a job started with `&` (its shell already numbered it): bash's `[1] PID` line
    /// (ash and dash print none), then its first run.
    fn start_background(&mut self, world: &mut World, job: Box<dyn Job>, sh: ShellCtx, id: u32, lang: Lang) {
        let Some(frame) = self.frames.last() else { return };
        let shell = frame.serial;
        if frame.sh.kind == ShellKind::Bash {
            if let Some(e) = frame.sh.jobs.get(id) {
                self.output.push_str(&format!("[{id}] {}\n", e.pid));
            }
        }
        self.background.push(Background { id, shell, job, sh, wake: Wake::At(world.now()), seen_revision: 0 });
        self.poll_background(world, lang);
    }

    /// The job's end, in the table of the shell that started it.
    fn background_ended(&mut self, shell: u64, id: u32, state: JobState) {
        self.background_ended = true;
        if let Some(f) = self.frames.iter_mut().find(|f| f.serial == shell) {
            f.sh.jobs.end(id, state);
        }
    }

    /// Delivers the signals `kill` sent to background jobs; returns whether any job ended.
    fn deliver_kills(&mut self, world: &mut World, lang: Lang) -> bool {
        let mut ended = false;
        let mut i = 0;
        while i < self.background.len() {
            let (id, shell) = (self.background[i].id, self.background[i].shell);
            let sig = self
                .frames
                .iter_mut()
                .find(|f| f.serial == shell)
                .and_then(|f| f.sh.jobs.take_kills(&[id]).first().map(|k| k.1));
            let Some(sig) = sig else {
                i += 1;
                continue;
            };
            let mut b = self.background.remove(i);
            let mut effects = Vec::new();
            let mut io = Io::default();
            let state = {
                let mut cx = Cx {
                    world,
                    io: &mut io,
                    sh: &mut b.sh,
                    lang,
                    effects: &mut effects,
                    bin: &crate::machine::PROGRAMS,
                };
                crate::shell::jobs::signal_job(b.job.as_mut(), sig, &mut cx)
            };
            self.output.push_str(&io.take_text());
            match state {
                Some(state) => {
                    self.background_ended(shell, id, state);
                    ended = true;
                }
                None => {
                    self.background.insert(i, b);
                    i += 1;
                }
            }
        }
        ended
    }

    /// Polls the background jobs that are due; a job whose container stopped ends with it.
    /// Returns whether any was polled.
    fn poll_background(&mut self, world: &mut World, lang: Lang) -> bool {
        let mut polled = false;
        let mut i = 0;
        while i < self.background.len() {
            let b = &self.background[i];
            let gone = match b.sh.loc {
                Loc::Container(cid) => !world.container(cid).is_some_and(|c| c.is_running()),
                Loc::Host => false,
            };
            let due = match b.wake {
                Wake::At(t) => t <= world.now(),
                Wake::Change => world.revision() != b.seen_revision,
                Wake::Never => false,
            };
            if gone {
                let b = self.background.remove(i);
                self.background_ended(b.shell, b.id, JobState::Signaled(9));
                continue;
            }
            if !due {
                i += 1;
                continue;
            }
            let mut b = self.background.remove(i);
            let mut effects = Vec::new();
            let mut io = Io::default();
            let poll = {
                let mut cx = Cx {
                    world,
                    io: &mut io,
                    sh: &mut b.sh,
                    lang,
                    effects: &mut effects,
                    bin: &crate::machine::PROGRAMS,
                };
                b.job.poll(&mut cx)
            };
            self.output.push_str(&io.take_text());
            self.bound_output();
            for e in effects {
                if let Effect::Hint(h) = e {
                    self.hints.push(h.text(lang));
                }
            }
            polled = true;
            match poll {
                Poll::Done(code) => self.background_ended(b.shell, b.id, JobState::Exited(code)),
                Poll::Pending(wake) => {
                    let now = world.now();
                    b.wake = match wake {
                        Wake::At(t) if t <= now => Wake::At(now.plus(1)),
                        w => w,
                    };
                    b.seen_revision = world.revision();
                    self.background.insert(i, b);
                    i += 1;
                }
            }
        }
        polled
    }
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal::new()
    }
}

/// A line typed into the shell of a paused container: the frozen shell reads
/// it once thawed, then runs it like any other line.
struct HeldLine {
    line: String,
    job: Option<Box<dyn Job>>,
}

impl Job for HeldLine {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let line = &self.line;
        self.job.get_or_insert_with(|| ScriptJob::from_line(line, cx)).poll(cx)
    }
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        match &mut self.job {
            Some(job) => job.interrupt(cx),
            None => Poll::Done(130),
        }
    }
    fn runs_until_interrupted(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.runs_until_interrupted())
    }
    fn wants_input(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.wants_input())
    }
    fn hides_input(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.hides_input())
    }
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        match &mut self.job {
            Some(job) => job.input(line, cx),
            None => Poll::Pending(Wake::Change),
        }
    }
    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        match &mut self.job {
            Some(job) => job.end_of_input(cx),
            None => Poll::Pending(Wake::Change),
        }
    }
    fn is_interactive_shell(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.is_interactive_shell())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_nobody_reads_stays_bounded_and_keeps_its_newest_lines() {
        let mut t = Terminal::new();
        let line = "ñandú 0123456789\n";
        let mut written = 0;
        while written <= MAX_PENDING_OUTPUT {
            t.echo(line);
            written += line.len();
        }
        t.echo("last\n");
        t.bound_output();
        let out = t.take_output();
        assert!(out.len() <= MAX_PENDING_OUTPUT / 2 + line.len(), "{}", out.len());
        assert!(out.starts_with("ñandú") && out.ends_with("ñandú 0123456789\nlast\n"));
    }
}
