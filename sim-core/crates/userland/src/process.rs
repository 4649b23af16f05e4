//! Processes as resumable state machines. A command that takes simulated
//! time (ping, `docker stop`, a server's start-up) is a [`Job`]: the engine
//! polls it when it asked to be woken, and it writes what it prints to an
//! [`Io`]. Containers' main processes and terminals' foreground commands are
//! both jobs, so one mechanism drives everything that happens over time.

pub use crate::host_process::{Behaviour, Io, Poll, Signal, Stream, Wake};
use crate::shell::ShellCtx;
use crate::time::SimTime;
use crate::world::World;
use crate::Lang;

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
