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
    /// The terminal is attached to a container's TTY: this key sequence (Ctrl-P Ctrl-Q unless
    /// `--detach-keys` said otherwise) detaches it. Applies to a shell pushed by the same
    /// command, else to the foreground job.
    DetachKeys(DetachKeys),
    /// A translated hint for the student, shown apart from Docker's own output.
    Hint(crate::i18n::Hint),
    /// `clear`/Ctrl-L.
    Clear,
    /// Why a container's main process is exiting (for the event log).
    ExitCause(crate::events::Cause),
    /// `CMD &` typed at a terminal's shell: the job runs beside the foreground, in a copy of the
    /// shell (`sh`); the terminal keeps it, numbers it (`[1] PID`, written where the line's
    /// output had got to: `at` bytes) and reports its end. `id` is its number in the shell's
    /// job table, which the shell filled in.
    Background { job: Detached, sh: Box<ShellCtx>, at: usize, id: u32 },
}

/// A job handed from a shell to its terminal to run in the background.
pub struct Detached(pub Box<dyn Job>);

impl std::fmt::Debug for Detached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Detached")
    }
}

/// A detach key sequence and what detaching prints: `docker attach` ends with the CLI's
/// `read escape sequence` error (exit 1); `docker run -it`/`start -ai` quietly (exit 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DetachKeys {
    pub keys: Vec<u8>,
    pub announce: bool,
}

/// Docker's default detach sequence: Ctrl-P, Ctrl-Q.
pub const DEFAULT_DETACH_KEYS: [u8; 2] = [16, 17];

/// The daemon's refusal of a `--detach-keys` value: `Invalid detach keys (<spec>) provided`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DetachKeysError {
    pub spec: String,
}

impl std::fmt::Display for DetachKeysError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Invalid detach keys ({}) provided", self.spec)
    }
}

impl DetachKeys {
    /// Ctrl-P Ctrl-Q, detaching quietly (`docker run -it`, `docker start -ai`).
    pub fn quiet() -> DetachKeys {
        DetachKeys { keys: DEFAULT_DETACH_KEYS.to_vec(), announce: false }
    }

    /// moby/term's `ToBytes`: comma-separated keys, each one character or `ctrl-X`
    /// (`ctrl-@`, `ctrl-a`…`ctrl-z`, `ctrl-[`, `ctrl-\\`, `ctrl-]`, `ctrl-^`, `ctrl-_`) or `DEL`.
    /// `Err` is the daemon's refusal (`Invalid detach keys (…) provided`). Empty: the default.
    pub fn parse(spec: &str, announce: bool) -> Result<DetachKeys, DetachKeysError> {
        if spec.is_empty() {
            return Ok(DetachKeys { keys: DEFAULT_DETACH_KEYS.to_vec(), announce });
        }
        let mut keys = Vec::new();
        for key in spec.split(',') {
            let code = match key.as_bytes() {
                [b] => *b,
                _ if key == "DEL" => 127,
                _ => match key.strip_prefix("ctrl-").map(str::as_bytes) {
                    Some([c @ (b'a'..=b'z')]) => c - b'a' + 1,
                    Some([b'@']) => 0,
                    Some([c @ (b'[' | b'\\' | b']' | b'^' | b'_')]) => c - b'@',
                    _ => return Err(DetachKeysError { spec: spec.to_string() }),
                },
            };
            keys.push(code);
        }
        Ok(DetachKeys { keys, announce })
    }
}

/// Everything a job may touch while it runs.
pub struct Cx<'a> {
    pub world: &'a mut World,
    pub io: &'a mut Io,
    pub sh: &'a mut ShellCtx,
    pub lang: Lang,
    pub effects: &'a mut Vec<Effect>,
    /// The machine's programs (its `$PATH`), handed down from the table above `programs/` and
    /// `docker/` (`crate::machine`): a sub-job's `Cx` passes it on.
    pub bin: &'static dyn Bin,
}

/// A program's entry: its arguments (`argv[0]` included) in, its process out.
pub type Run = fn(&mut Cx<'_>, &[String]) -> Box<dyn Job>;

/// The machine's programs as a job sees them, handed in every [`Cx`] (as the kernel's `execve`
/// and `$PATH` are to a process): the table of every program by name — the docker CLI is one of
/// them — and the way to start one. `crate::machine` holds the table and names both `programs/`
/// and `docker/`; neither of those names the other (`cli/tests/layers.rs`): a shell finds
/// `docker` through this table, and `docker exec` starts its command through it.
pub trait Bin {
    /// The implementation of a command name, if the machine has one (where each exists is
    /// `programs::has_command`'s answer).
    fn program(&self, name: &str) -> Option<Run>;

    /// Starts `argv` in `cx`'s shell as a shell would: a builtin, a program, a script, or
    /// "command not found".
    fn spawn(&self, cx: &mut Cx<'_>, argv: Vec<String>, assigns: Vec<(String, String)>) -> Box<dyn Job>;
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

    /// Whether the terminal's echo is off for what the job reads now (a password prompt:
    /// `getpass` turns `ECHO` off, so the typed characters and the Enter do not show; the
    /// program prints the newline itself).
    fn hides_input(&self) -> bool {
        false
    }

    /// A line typed while the job waits for input.
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        let _ = (line, cx);
        Poll::Pending(Wake::Never)
    }

    /// A client's request on a TCP port this job's program listens on (the bytes it sent): what
    /// the program answers ([`crate::host_process::Process::serve`]); `None` by default.
    fn serve(&mut self, port: u16, request: &[u8], cx: &mut Cx<'_>) -> Option<Vec<u8>> {
        let _ = (port, request, cx);
        None
    }

    /// Ctrl-D while the job waits for input: end of input (Python's prompt ends, `input()`
    /// raises EOFError). By default nothing reads it.
    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        let _ = cx;
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
