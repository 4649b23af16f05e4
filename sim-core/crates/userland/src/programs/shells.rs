//! `bash` and `sh` as programs: `-c` strings, scripts, and the interactive
//! shell that `docker run -it ubuntu` leaves waiting on its terminal. Also
//! [`MainStart`], the first thing a starting container runs.

use super::builtins::done;
use super::Run;
use crate::process::{Cx, Effect, Job, Poll, Signal, Wake};
use crate::shell::exec::ScriptJob;
use crate::shell::fork;
use crate::shell::{Invocation, ShellCtx, ShellKind};
use crate::world::Loc;

pub fn lookup(name: &str) -> Option<Run> {
    Some(match name {
        "bash" | "sh" | "ash" | "dash" => shell,
        _ => return None,
    })
}

/// The program name a shell shows in `ps`.
pub fn name_of(kind: ShellKind) -> &'static str {
    match kind {
        ShellKind::Bash => "bash",
        ShellKind::Ash => "/bin/sh",
        ShellKind::Dash => "sh",
    }
}

fn kind_for(cx: &Cx<'_>, name: &str) -> ShellKind {
    let busybox = match cx.sh.loc {
        Loc::Container(cid) => super::container_os(cx.world, cid).is_busybox(),
        Loc::Host => false,
    };
    match name {
        "bash" => ShellKind::Bash,
        _ if busybox => ShellKind::Ash,
        _ if cx.sh.loc == Loc::Host => ShellKind::Dash,
        _ => ShellKind::Dash,
    }
}

/// The shell that runs a script started by path (`./x`): its `#!` interpreter, or
/// without one the calling shell itself (bash and ash run such a file in a copy of themselves).
pub fn script_kind(cx: &Cx<'_>, interpreter: Option<&str>) -> ShellKind {
    match interpreter {
        Some(name) => kind_for(cx, name),
        None => cx.sh.kind,
    }
}

/// Runs a command string in a child shell; variables do not leak back.
struct Child {
    sh: ShellCtx,
    job: Box<dyn Job>,
}

impl Job for Child {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let mut effects = Vec::new();
        fork::sync_down(cx.sh, &mut self.sh);
        let poll = {
            let mut sub =
                Cx { world: cx.world, io: cx.io, sh: &mut self.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
            self.job.poll(&mut sub)
        };
        fork::sync_up(cx.sh, &self.sh);
        // `exit` inside `sh -c` ends that shell only; hints go up.
        for e in effects {
            if let Effect::Hint(h) = e {
                cx.effects.push(Effect::Hint(h));
            }
        }
        poll
    }
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        let mut effects = Vec::new();
        fork::sync_down(cx.sh, &mut self.sh);
        let poll = {
            let mut sub =
                Cx { world: cx.world, io: cx.io, sh: &mut self.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
            self.job.interrupt(&mut sub)
        };
        fork::sync_up(cx.sh, &self.sh);
        poll
    }
    fn signal(&mut self, sig: Signal, cx: &mut Cx<'_>) -> Option<i32> {
        let mut effects = Vec::new();
        fork::sync_down(cx.sh, &mut self.sh);
        let r = {
            let mut sub =
                Cx { world: cx.world, io: cx.io, sh: &mut self.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
            self.job.signal(sig, &mut sub)
        };
        fork::sync_up(cx.sh, &self.sh);
        r
    }
    fn is_interactive_shell(&self) -> bool {
        self.job.is_interactive_shell()
    }
    fn runs_until_interrupted(&self) -> bool {
        self.job.runs_until_interrupted()
    }
    fn wants_input(&self) -> bool {
        self.job.wants_input()
    }
    fn hides_input(&self) -> bool {
        self.job.hides_input()
    }
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        self.answer(cx, |job, cx| job.input(line, cx))
    }
    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.answer(cx, |job, cx| job.end_of_input(cx))
    }
}

impl Child {
    /// What was typed, to the child shell's program that reads it.
    fn answer(&mut self, cx: &mut Cx<'_>, give: impl FnOnce(&mut dyn Job, &mut Cx<'_>) -> Poll) -> Poll {
        let mut effects = Vec::new();
        fork::sync_down(cx.sh, &mut self.sh);
        let poll = {
            let mut sub =
                Cx { world: cx.world, io: cx.io, sh: &mut self.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
            give(self.job.as_mut(), &mut sub)
        };
        fork::sync_up(cx.sh, &self.sh);
        for e in effects {
            if let Effect::Hint(h) = e {
                cx.effects.push(Effect::Hint(h));
            }
        }
        poll
    }
}

fn shell(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let name = argv[0].rsplit('/').next().unwrap_or(&argv[0]).to_string();
    let kind = kind_for(cx, &name);
    let mut i = 1;
    let mut command: Option<String> = None;
    while i < argv.len() {
        let a = &argv[i];
        if a == "-c" {
            command = argv.get(i + 1).cloned();
            if command.is_none() {
                cx.io.errln(&format!("{name}: -c: option requires an argument"));
                return done(2);
            }
            break;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            // `sh script.sh`
            let path = cx.sh.path(a);
            return match cx.world.fs_read(cx.sh.loc, &path) {
                Ok(data) => run_script_file(cx, &String::from_utf8_lossy(&data), &argv[i..], kind),
                Err(_) => {
                    let msg = match kind {
                        ShellKind::Bash => format!("bash: {a}: No such file or directory"),
                        ShellKind::Ash => format!("sh: can't open '{a}': No such file or directory"),
                        ShellKind::Dash => format!("sh: 0: cannot open {a}: No such file"),
                    };
                    cx.io.errln(&msg);
                    done(if kind == ShellKind::Bash { 127 } else { 2 })
                }
            };
        }
    }
    let mut sh = cx.sh.clone();
    sh.kind = kind;
    match command {
        Some(c) => {
            // `$0`: the argument after the command string, else the shell's name as typed.
            sh.invocation = Invocation::Command(argv.get(i + 2).cloned().unwrap_or_else(|| argv[0].clone()));
            sh.args = argv.get(i + 3..).map(|a| a.to_vec()).unwrap_or_default();
            sh.line = 1;
            let job = {
                let mut effects = Vec::new();
                let mut sub =
                    Cx { world: cx.world, io: cx.io, sh: &mut sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
                ScriptJob::from_line(&c, &mut sub)
            };
            Box::new(Child { sh, job })
        }
        None => Box::new(Interactive { sh: Some(sh) }),
    }
}

/// Runs the lines of a script file (`argv[0]` is the script as typed: its `$0`) in a child
/// shell of `kind`.
pub fn run_script_file(cx: &mut Cx<'_>, text: &str, argv: &[String], kind: ShellKind) -> Box<dyn Job> {
    let mut sh = cx.sh.clone();
    sh.kind = kind;
    sh.invocation = Invocation::Script(argv.first().cloned().unwrap_or_default());
    sh.args = argv.get(1..).map(|a| a.to_vec()).unwrap_or_default();
    sh.line = 1;
    // Comment lines stay as empty lines, so line numbers stay right.
    let body: Vec<&str> = text.lines().map(|l| if l.trim_start().starts_with('#') { "" } else { l }).collect();
    let mut joined = body.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    let job = {
        let mut effects = Vec::new();
        let mut sub = Cx { world: cx.world, io: cx.io, sh: &mut sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
        ScriptJob::from_line(&joined, &mut sub)
    };
    Box::new(Child { sh, job })
}

/// A shell with no command: on a terminal it becomes the terminal's shell;
/// as a container's main process it waits for input if stdin is open
/// (`-it`), and reads end-of-file at once (exits 0) if not.
struct Interactive {
    sh: Option<ShellCtx>,
}

impl Job for Interactive {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        match self.sh.take() {
            Some(sh) => {
                if cx.sh.is_main {
                    // A container's main process.
                    let open = match cx.sh.loc {
                        Loc::Container(cid) => cx.world.container(cid).is_some_and(|c| c.config.open_stdin),
                        Loc::Host => false,
                    };
                    if !open {
                        return Poll::Done(0);
                    }
                    self.sh = None;
                    Poll::Pending(Wake::Never)
                } else {
                    cx.effects.push(Effect::PushShell { sh: Box::new(sh), attached_main: false });
                    Poll::Done(0)
                }
            }
            None => Poll::Pending(Wake::Never),
        }
    }
    fn is_interactive_shell(&self) -> bool {
        true
    }
    fn runs_until_interrupted(&self) -> bool {
        true
    }
}

/// The first poll of a container's main process: runs the container's argv.
pub struct MainStart {
    argv: Vec<String>,
    job: Option<Box<dyn Job>>,
}

impl MainStart {
    pub fn new(argv: Vec<String>) -> MainStart {
        MainStart { argv, job: None }
    }
}

impl Job for MainStart {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if self.job.is_none() {
            // `x-muelle` that says what the program does is the author's word, whatever the
            // image: it runs instead of the image's own program (`python:3.12`'s prompt too).
            let job = if super::servers::replaces_program(cx) {
                super::servers::user_program(cx, &self.argv)
            } else {
                super::spawn(cx, self.argv.clone(), vec![])
            };
            self.job = Some(job);
        }
        self.job.as_mut().expect("set").poll(cx)
    }
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        match &mut self.job {
            Some(j) => j.interrupt(cx),
            None => Poll::Done(130),
        }
    }
    fn signal(&mut self, sig: Signal, cx: &mut Cx<'_>) -> Option<i32> {
        match &mut self.job {
            Some(j) => j.signal(sig, cx),
            None => sig.kills_by_default().then_some(sig.exit_code()),
        }
    }
    fn serve(&mut self, port: u16, request: &[u8], cx: &mut Cx<'_>) -> Option<Vec<u8>> {
        self.job.as_mut()?.serve(port, request, cx)
    }
    fn is_interactive_shell(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.is_interactive_shell())
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
            Some(j) => j.input(line, cx),
            None => Poll::Pending(Wake::Never),
        }
    }
    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        match &mut self.job {
            Some(j) => j.end_of_input(cx),
            None => Poll::Pending(Wake::Never),
        }
    }
}
