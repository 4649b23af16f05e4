//! `python3` as a process: a script, `-c`, a program on standard input, or the interactive
//! prompt. It sees its container (environment, working directory, files, network), writes to
//! stdout/stderr (so to `docker logs`), and ends with Python's exit status.

use super::vm::{Host, Status, Vm};
use crate::events::Cause;
use crate::process::{Cx, Effect, Job, Poll, Signal, Wake};
use crate::time::SimTime;
use crate::world::Loc;

/// Instructions one poll may run; a busy program then yields [`YIELD_MS`] of simulated time.
pub const STEPS_PER_POLL: u64 = 20_000;
pub const YIELD_MS: u64 = 10;

/// The interactive prompt's banner, as the official image's interpreter prints it: the image's
/// own version (`PYTHON_VERSION`, per tag), built from source with the distribution's compiler
/// (Debian bookworm's GCC 12.2.0; Alpine 3.21's GCC 14.2.0), then CPython's `site` line.
fn banner(cx: &Cx<'_>) -> String {
    let version = cx.sh.var("PYTHON_VERSION").filter(|v| !v.is_empty()).unwrap_or("3.12.9").to_string();
    let alpine = match cx.sh.loc {
        Loc::Container(cid) => crate::programs::container_os(cx.world, cid).is_busybox(),
        Loc::Host => false,
    };
    let gcc = if alpine { "14.2.0" } else { "12.2.0" };
    format!(
        "Python {version} (main, Feb  4 2025, 04:38:00) [GCC {gcc}] on linux\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n"
    )
}

/// The machine as the interpreter sees it, for one poll.
struct PyHost<'a, 'b> {
    cx: &'a mut Cx<'b>,
    last_cause: &'a mut Option<Cause>,
}

impl Host for PyHost<'_, '_> {
    fn write(&mut self, err: bool, s: &str) {
        if err {
            self.cx.io.err(s);
        } else {
            self.cx.io.out(s);
        }
    }
    fn read_file(&mut self, path: &str) -> Result<String, &'static str> {
        match self.cx.world.fs_node(self.cx.sh.loc, path) {
            None => Err("No such file or directory"),
            Some(crate::fs::Node::Dir) => Err("Is a directory"),
            Some(crate::fs::Node::File(d)) => Ok(String::from_utf8_lossy(&d).into_owned()),
        }
    }
    fn write_file(&mut self, path: &str, data: &str, append: bool) -> Result<(), &'static str> {
        if self.cx.world.fs_is_dir(self.cx.sh.loc, path) {
            return Err("Is a directory");
        }
        self.cx.world.fs_write(self.cx.sh.loc, path, data.as_bytes(), append).map_err(|_| "No such file or directory")
    }
    fn list_dir(&mut self, path: &str) -> Result<Vec<String>, &'static str> {
        match self.cx.world.fs_node(self.cx.sh.loc, path) {
            None => Err("No such file or directory"),
            Some(crate::fs::Node::File(_)) => Err("Not a directory"),
            Some(crate::fs::Node::Dir) => self
                .cx
                .world
                .fs_list(self.cx.sh.loc, path)
                .map(|v| v.into_iter().map(|(n, _)| n).collect())
                .map_err(|_| "No such file or directory"),
        }
    }
    fn stat(&mut self, path: &str) -> Option<bool> {
        self.cx.world.fs_node(self.cx.sh.loc, path).map(|n| matches!(n, crate::fs::Node::Dir))
    }
    fn now_ms(&self) -> u64 {
        crate::time::EPOCH_SECS * 1000 + self.cx.now().ms()
    }
    fn connect(&mut self, host: &str, port: u16) -> Result<(), (i32, &'static str)> {
        match crate::programs::tcp_connect(self.cx, host, port) {
            Ok(()) => Ok(()),
            Err(cause) => {
                let e = crate::programs::Failure::of(&cause).errno(false);
                *self.last_cause = Some(cause);
                Err(e)
            }
        }
    }
    fn resolve(&mut self, host: &str) -> Option<String> {
        if host.is_empty() {
            return match self.cx.sh.loc {
                Loc::Container(cid) => self.cx.world.container(cid).map(|c| c.config.hostname.clone()),
                Loc::Host => Some("muelle".into()),
            };
        }
        match self.cx.world.resolve(self.cx.sh.loc, host) {
            crate::world::Resolution::Found { ips, .. } => ips.first().map(|i| i.to_string()),
            crate::world::Resolution::NotFound(c) => {
                *self.last_cause = Some(c);
                None
            }
        }
    }
}

enum Mode {
    Program,
    /// The program is what standard input brings (`docker run -i python` without a TTY): read
    /// until end of input, then run.
    Stdin {
        text: String,
    },
    /// The interactive prompt; `buf` holds a statement still being typed.
    Repl {
        buf: String,
    },
}

pub struct PyJob {
    vm: Vm,
    mode: Mode,
    wake_at: Option<SimTime>,
    /// Waiting for a line: the program's `input()`, or the prompt's next command.
    waiting: bool,
    /// Whether a line can ever come (a terminal, or `-i`/`stdin_open`).
    has_stdin: bool,
    last_cause: Option<Cause>,
    done: Option<i32>,
    /// When it first ran, and how long it has been running (simulated).
    started: Option<SimTime>,
    elapsed_ms: u64,
}

/// A program still running after this long (a `while True:` loop, a server) is taken to run
/// until interrupted, as `ping` is.
const ENDLESS_AFTER_MS: u64 = 1000;

/// A program read from standard input keeps at most this much (more is dropped).
const MAX_STDIN_PROGRAM: usize = 1 << 20;

fn new_vm(cx: &Cx<'_>, argv: Vec<String>) -> Vm {
    let env: Vec<(String, String)> = cx.sh.vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut vm = Vm::new(argv, env, &cx.sh.cwd);
    // CPython seeds `random` from the OS at start-up; here from the simulated clock, so two
    // runs differ and a replay of the session repeats them (`random.seed(n)` still fixes it).
    vm.rng = crate::rng::Rng::new(cx.now().ms()).next_u64() | 1;
    let tty = match cx.sh.loc {
        Loc::Container(cid) if cx.sh.is_main => cx.world.container(cid).is_some_and(|c| c.config.tty),
        _ => !cx.io.piped,
    };
    vm.stdout_tty = tty;
    if let Loc::Container(cid) = cx.sh.loc {
        vm.installed = cx.world.container(cid).map(|c| c.packages.iter().cloned().collect()).unwrap_or_default();
    }
    vm
}

/// Whether standard input is a terminal: a container's main process has one with `-t`; a
/// program run from a terminal's shell (`docker exec -it`, typed) has it.
fn stdin_is_tty(cx: &Cx<'_>) -> bool {
    match cx.sh.loc {
        Loc::Container(cid) if cx.sh.is_main => cx.world.container(cid).is_some_and(|c| c.config.tty),
        _ => true,
    }
}

fn finished(code: i32) -> Box<dyn Job> {
    Box::new(PyJob::ended(code))
}

/// `python3 [-u] [-c code | script | -] [args…]`.
pub fn spawn(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut i = 1;
    let mut unbuffered = false;
    let mut interactive_flag = false;
    let mut quiet = false;
    while let Some(a) = argv.get(i) {
        match a.as_str() {
            "-u" => unbuffered = true,
            "-i" => interactive_flag = true,
            "-q" => quiet = true,
            "-B" | "-E" | "-s" | "-S" | "-O" | "-OO" | "-X" | "-W" => {}
            "-m" => {
                let m = argv.get(i + 1).cloned().unwrap_or_default();
                let rest = argv.get(i + 2..).unwrap_or_default();
                // Modules whose programs Muelle starts as themselves.
                let installed = |cx: &Cx<'_>, pkg: &str| match cx.sh.loc {
                    Loc::Container(cid) => cx.world.container(cid).is_some_and(|c| c.packages.contains(pkg)),
                    Loc::Host => false,
                };
                match m.as_str() {
                    "http.server" => return crate::programs::http_server(cx, rest, unbuffered),
                    "flask" | "gunicorn" | "uvicorn" if installed(cx, &m) => {
                        let mut full = vec![m.clone()];
                        full.extend(rest.iter().cloned());
                        return crate::programs::spawn(cx, full, vec![]);
                    }
                    _ => {}
                }
                cx.io.errln(&format!("/usr/local/bin/python3: No module named {m}"));
                if super::builtins::known_third_party(m.split('.').next().unwrap_or(&m)) {
                    cx.effects.push(Effect::Hint(crate::i18n::Hint::PythonModuleMissing { module: m }));
                }
                return finished(1);
            }
            _ => break,
        }
        i += 1;
    }
    let has_stdin = !cx.sh.is_main
        || match cx.sh.loc {
            Loc::Container(cid) => cx.world.container(cid).is_some_and(|c| c.config.open_stdin),
            Loc::Host => true,
        };
    let (src, file, args): (String, String, Vec<String>) = match argv.get(i).map(String::as_str) {
        Some("-c") => {
            let Some(code) = argv.get(i + 1) else {
                cx.io.errln("Argument expected for the -c option\nusage: python3 [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry `python -h' for more information.");
                return finished(2);
            };
            let mut a = vec!["-c".to_string()];
            a.extend(argv[i + 2..].iter().cloned());
            (code.clone(), "<string>".into(), a)
        }
        Some(path) if path != "-" => {
            let full = cx.sh.path(path);
            match cx.world.fs_node(cx.sh.loc, &full) {
                // Since Python 3.9 the main script's code has its absolute path (tracebacks show
                // it); `sys.argv[0]` stays as typed.
                Some(crate::fs::Node::File(d)) => {
                    (String::from_utf8_lossy(&d).into_owned(), full.clone(), argv[i..].to_vec())
                }
                Some(crate::fs::Node::Dir) => {
                    cx.io.errln(&format!("/usr/local/bin/python3: can't find '__main__' module in '{}'", path));
                    return finished(1);
                }
                None => {
                    cx.io.errln(&format!(
                        "/usr/local/bin/python3: can't open file '{}': [Errno 2] No such file or directory",
                        full
                    ));
                    return finished(2);
                }
            }
        }
        _ => {
            // No program: from standard input when it is a pipe, else the interactive prompt.
            if let Some(text) = cx.io.stdin.take() {
                (text, "<stdin>".into(), vec![String::new()])
            } else if !has_stdin {
                // `docker run python` without -i: the prompt reads end of input at once.
                return finished(0);
            } else if !stdin_is_tty(cx) {
                // Standard input open but not a terminal (`docker run -i python`): Python reads
                // the whole program from it, no banner, no prompt.
                let vm = new_vm(cx, vec![String::new()]);
                return Box::new(PyJob {
                    vm,
                    mode: Mode::Stdin { text: String::new() },
                    wake_at: None,
                    waiting: true,
                    has_stdin: true,
                    last_cause: None,
                    done: None,
                    started: None,
                    elapsed_ms: 0,
                });
            } else {
                let mut vm = new_vm(cx, vec![String::new()]);
                vm.repl = true;
                vm.stdout_tty = true;
                if !quiet {
                    cx.io.err(&banner(cx));
                }
                cx.io.err(">>> ");
                let _ = interactive_flag;
                return Box::new(PyJob {
                    vm,
                    mode: Mode::Repl { buf: String::new() },
                    wake_at: None,
                    waiting: true,
                    has_stdin: true,
                    last_cause: None,
                    done: None,
                    started: None,
                    elapsed_ms: 0,
                });
            }
        }
    };
    let mut vm = new_vm(cx, args);
    vm.unbuffered |= unbuffered;
    vm.add_source(&file, &src);
    match super::compile(&src, &file, false) {
        Ok(code) => vm.start(code),
        Err(text) => {
            cx.io.err(&text);
            return finished(1);
        }
    }
    Box::new(PyJob {
        vm,
        mode: Mode::Program,
        wake_at: None,
        waiting: false,
        has_stdin,
        last_cause: None,
        done: None,
        started: None,
        elapsed_ms: 0,
    })
}

impl PyJob {
    fn ended(code: i32) -> PyJob {
        PyJob {
            vm: Vm::new(Vec::new(), Vec::new(), "/"),
            mode: Mode::Program,
            wake_at: None,
            waiting: false,
            has_stdin: false,
            last_cause: None,
            done: Some(code),
            started: None,
            elapsed_ms: 0,
        }
    }

    fn prompt(&self, cx: &mut Cx<'_>) {
        if let Mode::Repl { buf } = &self.mode {
            cx.io.err(if buf.is_empty() { ">>> " } else { "... " });
        }
    }

    /// The program ended with `code`: what the shell or Docker sees.
    fn finish(&mut self, code: i32, cx: &mut Cx<'_>) -> Poll {
        self.done = Some(code);
        if let Some(m) = self.vm.missing_module.take() {
            if super::builtins::known_third_party(&m) {
                cx.effects.push(Effect::Hint(crate::i18n::Hint::PythonModuleMissing { module: m }));
            }
        }
        if code != 0 {
            let cause = self.last_cause.take().unwrap_or(Cause::ProcessExited);
            cx.effects.push(Effect::ExitCause(cause));
        }
        Poll::Done(code)
    }

    fn drive(&mut self, cx: &mut Cx<'_>) -> Poll {
        let start = *self.started.get_or_insert(cx.now());
        self.elapsed_ms = cx.now().since(start);
        loop {
            let status = {
                let mut host = PyHost { cx, last_cause: &mut self.last_cause };
                self.vm.run(&mut host, STEPS_PER_POLL)
            };
            match status {
                Status::Yield => {
                    let t = cx.now().plus(YIELD_MS);
                    self.wake_at = Some(t);
                    return Poll::Pending(Wake::At(t));
                }
                Status::Sleep(ms) => {
                    let t = cx.now().plus(ms.max(1));
                    self.wake_at = Some(t);
                    return Poll::Pending(Wake::At(t));
                }
                Status::Input => {
                    if self.has_stdin {
                        self.waiting = true;
                        return Poll::Pending(Wake::Never);
                    }
                    self.vm.give_input(None);
                }
                Status::Exit(code) => {
                    if matches!(self.mode, Mode::Repl { .. }) && !self.vm.exit_requested {
                        self.waiting = true;
                        self.prompt(cx);
                        return Poll::Pending(Wake::Never);
                    }
                    return self.finish(code, cx);
                }
            }
        }
    }

    /// A line typed at the prompt.
    fn repl_line(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        let Mode::Repl { buf } = &mut self.mode else { return Poll::Pending(Wake::Never) };
        let starting = buf.is_empty();
        if !starting || !line.trim().is_empty() {
            buf.push_str(line);
            buf.push('\n');
        }
        if buf.trim().is_empty() {
            buf.clear();
            self.prompt(cx);
            return Poll::Pending(Wake::Never);
        }
        let opens_block = line.trim_end().ends_with(':');
        let in_block = !starting && !line.trim().is_empty();
        let src = buf.clone();
        let unclosed = matches!(super::lex::tokenize(&src), Err(e) if e.msg.ends_with("was never closed"));
        if opens_block || in_block || unclosed {
            self.prompt(cx);
            return Poll::Pending(Wake::Never);
        }
        buf.clear();
        let n = self.vm.sources.len();
        let _ = n;
        self.vm.sources.retain(|(f, _)| &**f != "<stdin>");
        self.vm.add_source("<stdin>", &src);
        match super::compile(&src, "<stdin>", true) {
            Ok(code) => {
                self.vm.exit_requested = false;
                self.vm.start(code);
                self.waiting = false;
                self.drive(cx)
            }
            Err(text) => {
                cx.io.err(&text);
                self.prompt(cx);
                Poll::Pending(Wake::Never)
            }
        }
    }
}

impl Job for PyJob {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if let Some(code) = self.done {
            return Poll::Done(code);
        }
        if self.waiting {
            return Poll::Pending(Wake::Never);
        }
        if let Some(t) = self.wake_at {
            if cx.now() < t {
                return Poll::Pending(Wake::At(t));
            }
            self.wake_at = None;
        }
        self.drive(cx)
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        if let Some(code) = self.done {
            return Poll::Done(code);
        }
        if matches!(self.mode, Mode::Stdin { .. }) {
            // Still reading the program: nothing of it ran.
            cx.io.err("KeyboardInterrupt\n");
            self.done = Some(130);
            return Poll::Done(130);
        }
        if let Mode::Repl { buf } = &mut self.mode {
            if !self.vm.busy() {
                buf.clear();
                cx.io.err("\nKeyboardInterrupt\n>>> ");
                return Poll::Pending(Wake::Never);
            }
        }
        self.waiting = false;
        self.wake_at = None;
        let ended = {
            let mut host = PyHost { cx, last_cause: &mut self.last_cause };
            self.vm.interrupt(&mut host)
        };
        match ended {
            Some(code) => {
                if matches!(self.mode, Mode::Repl { .. }) {
                    self.waiting = true;
                    self.prompt(cx);
                    return Poll::Pending(Wake::Never);
                }
                self.done = Some(code);
                Poll::Done(code)
            }
            None => self.drive(cx),
        }
    }

    fn signal(&mut self, sig: Signal, cx: &mut Cx<'_>) -> Option<i32> {
        match sig {
            Signal::Kill => Some(137),
            // Python handles SIGINT (KeyboardInterrupt), even as PID 1.
            Signal::Int => match self.interrupt(cx) {
                Poll::Done(c) => Some(c),
                Poll::Pending(_) => None,
            },
            // No handler: the default action ends it — except for PID 1, which the kernel
            // shields from signals it has no handler for (`docker stop` then waits and kills).
            _ if cx.sh.is_main => None,
            s if !s.kills_by_default() => None,
            s => Some(s.exit_code()),
        }
    }

    fn wants_input(&self) -> bool {
        self.waiting && self.done.is_none()
    }

    fn runs_until_interrupted(&self) -> bool {
        self.done.is_none() && !self.waiting && self.elapsed_ms >= ENDLESS_AFTER_MS
    }

    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        if let Mode::Stdin { text } = &mut self.mode {
            if text.len() < MAX_STDIN_PROGRAM {
                text.push_str(line);
                text.push('\n');
            }
            return Poll::Pending(Wake::Never);
        }
        if matches!(self.mode, Mode::Repl { .. }) && !self.vm.busy() {
            return self.repl_line(line, cx);
        }
        self.vm.give_input(Some(line.to_string()));
        self.waiting = false;
        self.drive(cx)
    }

    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        if let Some(code) = self.done {
            return Poll::Done(code);
        }
        if let Mode::Stdin { text } = &mut self.mode {
            // The program is all there: it runs now.
            let src = std::mem::take(text);
            self.mode = Mode::Program;
            self.waiting = false;
            self.has_stdin = false;
            self.vm.add_source("<stdin>", &src);
            return match super::compile(&src, "<stdin>", false) {
                Ok(code) => {
                    self.vm.start(code);
                    self.drive(cx)
                }
                Err(text) => {
                    cx.io.err(&text);
                    self.finish(1, cx)
                }
            };
        }
        if matches!(self.mode, Mode::Repl { .. }) && !self.vm.busy() {
            // Ctrl-D at the prompt: readline ends the line and the interpreter exits, 0.
            cx.io.err("\n");
            return self.finish(0, cx);
        }
        // `input()` raises EOFError.
        self.vm.give_input(None);
        self.waiting = false;
        self.drive(cx)
    }
}
