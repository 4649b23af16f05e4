//! Processes as resumable state machines. A command that takes simulated
//! time (ping, `docker stop`, a server's start-up) is a [`Job`]: the engine
//! polls it when it asked to be woken, and it writes what it prints to an
//! [`Io`]. Containers' main processes and terminals' foreground commands are
//! both jobs, so one mechanism drives everything that happens over time.

use crate::shell::ShellCtx;
use crate::time::SimTime;
use crate::world::World;
use crate::Lang;

/// When a pending job wants to be polled again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    At(SimTime),
    /// After anything in the world changed (a log line, a state change).
    Change,
    /// Only a signal or an interrupt ends it.
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Poll {
    Pending(Wake),
    Done(i32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    Term,
    Kill,
    Int,
    Quit,
    Other,
}

impl Signal {
    pub fn parse(name: &str) -> Option<Signal> {
        let n = name.trim_start_matches("SIG").to_ascii_uppercase();
        Some(match n.as_str() {
            "TERM" | "15" => Signal::Term,
            "KILL" | "9" => Signal::Kill,
            "INT" | "2" => Signal::Int,
            "QUIT" | "3" => Signal::Quit,
            "HUP" | "1" | "USR1" | "USR2" | "WINCH" | "10" | "12" | "28" => Signal::Other,
            _ => return None,
        })
    }

    /// Exit status of a process killed by this signal (128 + number).
    pub fn exit_code(self) -> i32 {
        match self {
            Signal::Term => 143,
            Signal::Kill => 137,
            Signal::Int => 130,
            Signal::Quit => 131,
            Signal::Other => 129,
        }
    }
}

/// Which of a process's output streams a chunk of text was written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// A process's output, in the order it was written, with its stream; and
/// its standard input. Whoever runs the process routes each chunk: to the
/// terminal, a pipe, a file, or the container's log.
#[derive(Debug, Default)]
pub struct Io {
    pub chunks: Vec<(Stream, String)>,
    pub stdin: Option<String>,
    /// stdout goes into a pipe or a file, not a screen: a command that prints a lot may
    /// print it in bigger chunks (see `programs::stream`).
    pub piped: bool,
}

impl Io {
    fn push(&mut self, stream: Stream, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((last, text)) if *last == stream => text.push_str(s),
            _ => self.chunks.push((stream, s.to_string())),
        }
    }
    pub fn out(&mut self, s: &str) {
        self.push(Stream::Out, s);
    }
    pub fn outln(&mut self, s: &str) {
        self.push(Stream::Out, s);
        self.push(Stream::Out, "\n");
    }
    pub fn err(&mut self, s: &str) {
        self.push(Stream::Err, s);
    }
    pub fn errln(&mut self, s: &str) {
        self.push(Stream::Err, s);
        self.push(Stream::Err, "\n");
    }
    /// Takes everything written so far, in order.
    pub fn take(&mut self) -> Vec<(Stream, String)> {
        std::mem::take(&mut self.chunks)
    }
    /// Takes everything written so far as one text (both streams, in order).
    pub fn take_text(&mut self) -> String {
        self.take().into_iter().map(|(_, s)| s).collect()
    }
    /// Copies chunks into another Io, keeping their streams.
    pub fn forward_to(&mut self, other: &mut Io) {
        for (stream, text) in self.take() {
            other.push(stream, &text);
        }
    }
}

/// What a command asks of the terminal beyond printing.
#[derive(Debug)]
pub enum Effect {
    /// Enter an interactive shell (`docker run -it`, `docker exec -it`).
    PushShell { sh: Box<ShellCtx>, attached_main: bool },
    /// `exit`: leave the current shell with this status.
    ExitShell(i32),
    /// The foreground command is attached to containers (`docker run` without `-d`,
    /// `docker compose up`): a script runner moves on in a new terminal instead of Ctrl-C.
    Detachable,
    /// A translated hint for the student, shown apart from Docker's own output.
    Hint(crate::i18n::Hint),
    /// `clear`/Ctrl-L.
    Clear,
    /// Why a container's main process is exiting (for the event log).
    ExitCause(crate::events::Cause),
}

/// Everything a job may touch while it runs.
pub struct Cx<'a> {
    pub world: &'a mut World,
    pub io: &'a mut Io,
    pub sh: &'a mut ShellCtx,
    pub lang: Lang,
    pub effects: &'a mut Vec<Effect>,
}

impl Cx<'_> {
    pub fn now(&self) -> SimTime {
        self.world.now()
    }
}

pub trait Job {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll;

    /// Ctrl-C on the terminal running this job.
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        let _ = cx;
        Poll::Done(130)
    }

    /// A signal delivered to a container's main process. `None`: ignored
    /// (PID 1 without a handler ignores SIGTERM); `Some(code)`: it exits.
    fn signal(&mut self, sig: Signal, cx: &mut Cx<'_>) -> Option<i32> {
        let _ = cx;
        match sig {
            Signal::Kill => Some(137),
            _ => None,
        }
    }

    /// An attached interactive shell: the terminal drives it line by line.
    fn is_interactive_shell(&self) -> bool {
        false
    }

    /// Whether the job goes on until interrupted (ping without -c, logs -f, an attached run).
    fn runs_until_interrupted(&self) -> bool {
        false
    }

    /// Whether a line typed now is the job's input (a `[y/N]` prompt).
    fn wants_input(&self) -> bool {
        false
    }

    /// A line typed while the job waits for input.
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        let _ = (line, cx);
        Poll::Pending(Wake::Never)
    }
}

/// Prints its lines at their times (milliseconds after the first poll), then ends.
pub struct Scripted {
    steps: Vec<(u64, String)>,
    next: usize,
    start: Option<SimTime>,
    code: i32,
}

impl Scripted {
    pub fn new(steps: Vec<(u64, String)>, code: i32) -> Scripted {
        Scripted { steps, next: 0, start: None, code }
    }
}

impl Job for Scripted {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let start = *self.start.get_or_insert(cx.now());
        while let Some((at, text)) = self.steps.get(self.next) {
            let due = start.plus(*at);
            if due > cx.now() {
                return Poll::Pending(Wake::At(due));
            }
            cx.io.out(text);
            self.next += 1;
        }
        Poll::Done(self.code)
    }
}

/// A job that finishes at once with a status.
pub struct Finished(pub i32);

/// A command that has already done its work: finished with `code`.
pub fn done(code: i32) -> Box<dyn Job> {
    Box::new(Finished(code))
}

impl Job for Finished {
    fn poll(&mut self, _cx: &mut Cx<'_>) -> Poll {
        Poll::Done(self.0)
    }
}

/// A container's main process: its job, its shell context, when to wake it.
pub struct MainProcess {
    pub job: Box<dyn Job>,
    pub sh: ShellCtx,
    pub wake: Wake,
}

/// What a user's own program does, declared with `x-muelle` (real Docker
/// ignores the field): the ports it listens on, what it connects to, when it
/// is ready, whether and how it exits, its memory use and HTTP answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Behaviour {
    pub listens: Vec<u16>,
    pub connects: Vec<(String, u16)>,
    pub ready_after_ms: u64,
    pub exits_after_ms: Option<u64>,
    pub exit_code: i32,
    pub memory_bytes: Option<u64>,
    pub http_body: Option<String>,
}
