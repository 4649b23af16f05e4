//! Processes as the host sees them. The host runs each container's main process without knowing
//! what it is: userland (shells, programs) implements [`Process`] and hands the host its
//! [`Programs`], the way turmoil and madsim hand a simulated world its hosts. What a process
//! prints goes to an [`Io`]; when it wants to run again it says so with a [`Wake`].
//!
//! Architecture invariant: nothing here names a shell or a command; the host calls userland only
//! through the two traits below.

use crate::events::Cause;
use crate::time::SimTime;
use crate::world::{Cid, World};

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
    Hup,
    Usr1,
    Usr2,
    /// SIGWINCH: ignored by default (no process dies of it).
    Winch,
}

impl Signal {
    pub fn parse(name: &str) -> Option<Signal> {
        let n = name.trim_start_matches("SIG").to_ascii_uppercase();
        Some(match n.as_str() {
            "TERM" | "15" => Signal::Term,
            "KILL" | "9" => Signal::Kill,
            "INT" | "2" => Signal::Int,
            "QUIT" | "3" => Signal::Quit,
            "HUP" | "1" => Signal::Hup,
            "USR1" | "10" => Signal::Usr1,
            "USR2" | "12" => Signal::Usr2,
            "WINCH" | "28" => Signal::Winch,
            _ => return None,
        })
    }

    /// The signal's number on Linux x86-64.
    pub fn number(self) -> i32 {
        match self {
            Signal::Hup => 1,
            Signal::Int => 2,
            Signal::Quit => 3,
            Signal::Kill => 9,
            Signal::Usr1 => 10,
            Signal::Usr2 => 12,
            Signal::Term => 15,
            Signal::Winch => 28,
        }
    }

    /// Its name as the kernel's tables have it (`SIGHUP`).
    pub fn name(self) -> &'static str {
        match self {
            Signal::Hup => "SIGHUP",
            Signal::Int => "SIGINT",
            Signal::Quit => "SIGQUIT",
            Signal::Kill => "SIGKILL",
            Signal::Usr1 => "SIGUSR1",
            Signal::Usr2 => "SIGUSR2",
            Signal::Term => "SIGTERM",
            Signal::Winch => "SIGWINCH",
        }
    }

    /// Exit status of a process killed by this signal (128 + number).
    pub fn exit_code(self) -> i32 {
        128 + self.number()
    }

    /// Whether the default action (no handler) ends the process: SIGWINCH's is to ignore it.
    pub fn kills_by_default(self) -> bool {
        self != Signal::Winch
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

/// A container's main process, as userland built it for the host.
pub trait Process {
    /// Runs it until it waits or ends. `Some(cause)` says why it is exiting (for the event log).
    fn poll(&mut self, world: &mut World, io: &mut Io) -> (Poll, Option<Cause>);

    /// A signal from outside (SIGKILL never reaches here). `None`: ignored (PID 1 without a
    /// handler ignores SIGTERM); `Some(code)`: it exits with that status.
    fn signal(&mut self, sig: Signal, world: &mut World, io: &mut Io) -> Option<i32>;

    /// An interactive shell (`docker run -it … sh`): `attach`/`run` reconnect to it.
    fn is_interactive_shell(&self) -> bool;

    /// Whether it goes on until stopped (a server, `ping` without `-c`), rather than ending by
    /// itself: an attached `docker run` of it is a command that never ends.
    fn runs_until_interrupted(&self) -> bool;

    /// Whether it waits for a line on its standard input now (an interactive prompt such as
    /// Python's `>>>`, a program's `input()`): an attached `docker run -i` types into it.
    fn wants_input(&self) -> bool {
        false
    }

    /// A client's request on a TCP port the process listens on, as the bytes it sent (a Redis
    /// command in RESP): the bytes it answers, or `None` if it answers nothing there.
    fn serve(&mut self, port: u16, request: &[u8], world: &mut World, io: &mut Io) -> Option<Vec<u8>> {
        let _ = (port, request, world, io);
        None
    }

    /// A line typed on its standard input (`None`: end of input, Ctrl-D), as [`Process::poll`].
    fn input(&mut self, line: Option<&str>, world: &mut World, io: &mut Io) -> (Poll, Option<Cause>) {
        let _ = (line, world, io);
        (Poll::Pending(Wake::Never), None)
    }
}

/// Why a container's main program cannot run (runc's two moments of failure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecError {
    /// `runc create`'s `exec.LookPath` found no such command in `$PATH` (`""`: an empty command):
    /// the start fails, `docker run` exits 127, the container stays created.
    NotInPath(String),
    /// `exec.LookPath` of a path with a `/` found no file there (`stat /x: no such file or
    /// directory`): the start fails as above.
    NoSuchFile(String),
    /// The file is there, but the kernel's `execve` fails once the container has started: its
    /// `#!` interpreter or its dynamic loader is missing (a mount hides `/usr`, `/lib`…). runc's
    /// init prints `exec PATH: no such file or directory` on the container's stderr and exits 255.
    ExecFailed(String),
}

impl ExecError {
    /// runc's error after `unable to start container process: ` (create-time failures only).
    pub fn create_message(&self) -> Option<String> {
        match self {
            ExecError::NotInPath(p) => {
                Some(format!("error during container init: exec: \"{p}\": executable file not found in $PATH"))
            }
            ExecError::NoSuchFile(p) => {
                Some(format!("error during container init: exec: \"{p}\": stat {p}: no such file or directory"))
            }
            ExecError::ExecFailed(_) => None,
        }
    }
}

/// What the host knows of the programs its containers run, handed to [`World::new`].
pub trait Programs {
    /// The container's main process, about to start.
    fn main_process(&self, world: &mut World, cid: Cid) -> Box<dyn Process>;

    /// Whether the program `argv[0]` names can run in the container, as its file system looks
    /// with the mounts laid over the image (see [`ExecError`]).
    fn check_executable(&self, world: &World, cid: Cid, argv: &[String]) -> Result<(), ExecError>;

    /// Runs a healthcheck's `test` in the container: whether it succeeded.
    fn healthcheck_passes(&self, world: &mut World, cid: Cid, test: &[String]) -> bool;

    /// The packages an official image ships beyond its distribution's base tools.
    fn image_packages(&self, repo: &str) -> &'static [&'static str];
}

/// A container's main process and when to wake it.
pub struct MainProcess {
    pub process: Box<dyn Process>,
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
    /// Stated by the file's author in `x-muelle` (not inferred from the service's environment).
    pub declared: bool,
}

impl Behaviour {
    /// The author's word says what the program does (`listens`, `connects`, `exits_after`):
    /// it stands in for the container's program, whatever the image (a catalog image's own
    /// program included). `memory` or `http_body` alone leave the program as it is.
    pub fn replaces_program(&self) -> bool {
        self.declared && (!self.listens.is_empty() || !self.connects.is_empty() || self.exits_after_ms.is_some())
    }
}

/// A host whose programs do nothing, for the host's own tests: every main process waits for a
/// signal, every command exists, every healthcheck passes.
#[cfg(test)]
pub(crate) struct NoPrograms;

#[cfg(test)]
impl Programs for NoPrograms {
    fn main_process(&self, _: &mut World, _: Cid) -> Box<dyn Process> {
        Box::new(NoPrograms)
    }
    fn check_executable(&self, _: &World, _: Cid, _: &[String]) -> Result<(), ExecError> {
        Ok(())
    }
    fn healthcheck_passes(&self, _: &mut World, _: Cid, _: &[String]) -> bool {
        true
    }
    fn image_packages(&self, _: &str) -> &'static [&'static str] {
        &[]
    }
}

#[cfg(test)]
impl Process for NoPrograms {
    fn poll(&mut self, _: &mut World, _: &mut Io) -> (Poll, Option<Cause>) {
        (Poll::Pending(Wake::Never), None)
    }
    fn signal(&mut self, _: Signal, _: &mut World, _: &mut Io) -> Option<i32> {
        None
    }
    fn is_interactive_shell(&self) -> bool {
        false
    }
    fn runs_until_interrupted(&self) -> bool {
        true
    }
}
