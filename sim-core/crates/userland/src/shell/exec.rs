//! Runs a parsed command line as a resumable job.
//!
//! [`ScriptJob`] is a small interpreter with an explicit stack of [`Frame`]s: a list being
//! run, a `for`/`while` loop, an `if` testing its conditions, a function call. Compound
//! commands and function calls push frames instead of nesting Rust calls, so a recursive
//! function or a deep loop nest costs heap, never host stack; functions nest at most
//! [`MAX_FUNC_NEST`] deep. Anything else runs as a [`PipelineRun`] (`pipeline.rs`), and
//! `&&`/`||` look at its status. A compound command that is a pipeline stage or has
//! redirections runs as a nested `ScriptJob` (a subshell when piped, as in a real shell);
//! each such nesting counts as a process against `fork`'s limits.
//!
//! Work is bounded: after [`STEPS_PER_POLL`] commands the job yields for
//! [`YIELD_MS`] of simulated time, so `while true; do :; done` neither hangs the
//! simulator nor outruns Ctrl-C (and `$(…)`, polled once, is cut there).

use super::expand::{expand_pattern, expand_word};
use super::parse::{self, AndOr, Body, Command, Compound, Connector, Part, Pipeline, Simple};
use super::pipeline::PipelineRun;
use super::{fork, Invocation, ShellCtx, ShellKind};
use crate::process::{Cx, Effect, Job, Poll, Wake};
use crate::time::SimTime;
use std::sync::Arc;

/// Commands (and loop turns) one poll may run before the job yields.
pub const STEPS_PER_POLL: u32 = 2_000;
/// Simulated time a busy loop yields for: with [`STEPS_PER_POLL`], at most 100,000 commands
/// per simulated second, so a container left spinning (`while true; do :; done`) costs the
/// page a bounded share of its time.
pub const YIELD_MS: u64 = 20;
/// Function calls that may be active at once. bash has no default limit (`FUNCNEST`) and
/// overflows its stack far later; past this one, bash reports `maximum function nesting
/// level exceeded`, and ash and dash crash as they would on their stack (status 139).
pub const MAX_FUNC_NEST: u32 = 1_000;

enum Frame {
    /// A list of and-or lists; `cond` marks an `if`/`while` condition (`set -e` is off there).
    Seq {
        body: Body,
        idx: usize,
        pidx: usize,
        cond: bool,
    },
    For {
        var: String,
        items: Vec<String>,
        next: usize,
    },
    /// `endless`: the condition is `true`/`:` (`until false`), so it runs until Ctrl-C.
    While {
        until: bool,
        cond: Body,
        body: Body,
        testing: bool,
        last: i32,
        endless: bool,
    },
    If {
        branches: Vec<(Body, Body)>,
        otherwise: Option<Body>,
        next: usize,
    },
    /// A function call: what to restore when it returns.
    Func {
        saved_args: Vec<String>,
        locals: Vec<(String, Option<String>)>,
    },
}

/// A whole command line, a script, or a compound command run on its own.
pub struct ScriptJob {
    frames: Vec<Frame>,
    /// Loop bodies of the `For` frames (kept apart so `Frame` stays small to move).
    for_bodies: Vec<Body>,
    status: i32,
    running: Option<Box<PipelineRun>>,
    /// Whether `set -e` applies to the pipeline running now.
    errexit_applies: bool,
    /// The running pipeline's `!`.
    negate: bool,
    steps: u32,
    resume_at: Option<SimTime>,
    /// A whole line or script (not a compound command run as a nested job).
    top: bool,
    /// When it was last polled (see `poll`: a loop's fork budget).
    last_poll: Option<SimTime>,
    /// Running the `EXIT` trap: the status to end with, and whether `exit` ended the shell.
    exiting: Option<(i32, bool)>,
    /// What is left of the stdin a redirected or piped compound command reads
    /// (`while read l; do …; done < f`): `read` takes a line, other commands the rest.
    stdin: Option<String>,
    /// Commands this script started with `&` (`redis-server & python app.py` in an entrypoint,
    /// `sh -c "a & b"`): they run beside it, each in a copy of the shell, and end when it ends —
    /// as a container's processes do when its main process exits.
    children: Vec<Child>,
}

/// The name `trap` knows a signal by (`KILL` for 9).
fn signal_trap_name(sig: i32) -> String {
    match sig {
        1 => "HUP",
        3 => "QUIT",
        9 => "KILL",
        10 => "USR1",
        12 => "USR2",
        13 => "PIPE",
        14 => "ALRM",
        _ => "",
    }
    .to_string()
}

/// A command a script started with `&`.
struct Child {
    /// Its number in the shell's job table.
    id: u32,
    job: Box<dyn Job>,
    sh: ShellCtx,
    wake: Wake,
    seen_revision: u64,
}

enum Step {
    Continue,
    Run(Box<PipelineRun>),
    Done,
}

impl ScriptJob {
    pub fn new(lists: Body) -> ScriptJob {
        let mut job = ScriptJob::empty();
        job.top = true;
        job.frames.push(Frame::Seq { body: lists, idx: 0, pidx: 0, cond: false });
        job
    }

    fn empty() -> ScriptJob {
        ScriptJob {
            frames: Vec::new(),
            for_bodies: Vec::new(),
            status: 0,
            running: None,
            errexit_applies: false,
            negate: false,
            steps: 0,
            resume_at: None,
            top: false,
            last_poll: None,
            exiting: None,
            stdin: None,
            children: Vec::new(),
        }
    }

    /// Parses `line`; a syntax error becomes a job that prints the shell's message.
    pub fn from_line(line: &str, cx: &mut Cx<'_>) -> Box<dyn Job> {
        match parse::parse_syntax(line) {
            Ok(lists) => Box::new(ScriptJob::new(lists)),
            Err((e, syntax)) => {
                cx.io.errln(&cx.sh.syntax_error(line, &e, syntax.as_ref()));
                cx.sh.last_status = 2;
                // A script or `-c` string with a syntax error is not run at all; bash's status
                // is 2 there too (ash and dash: 2).
                Box::new(crate::process::Finished(2))
            }
        }
    }

    /// A job running one compound command in the current shell.
    pub(super) fn compound(c: &Arc<Compound>, cx: &mut Cx<'_>) -> ScriptJob {
        let mut job = ScriptJob::empty();
        job.stdin = cx.io.stdin.take();
        job.push_compound(c, cx);
        job
    }

    /// A job calling function `name` with `args`.
    pub(super) fn call(name: &str, args: Vec<String>, cx: &mut Cx<'_>) -> ScriptJob {
        let mut job = ScriptJob::empty();
        job.stdin = cx.io.stdin.take();
        job.push_call(name, args, cx);
        job
    }

    fn seq(&mut self, body: &Body, cond: bool) {
        self.frames.push(Frame::Seq { body: body.clone(), idx: 0, pidx: 0, cond });
    }

    /// Starts a compound command in place (its frames run next).
    fn push_compound(&mut self, c: &Arc<Compound>, cx: &mut Cx<'_>) {
        match &**c {
            Compound::Group(body) => self.seq(body, false),
            Compound::Subshell(body) => {
                // Only reached through a nested job that already runs in a copy of the shell.
                self.seq(body, false)
            }
            Compound::For { var, words, body } => {
                let items = match words {
                    Some(words) => {
                        let mut items = Vec::new();
                        for w in words {
                            items.extend(expand_word(w, cx));
                        }
                        items
                    }
                    None => cx.sh.args.clone(),
                };
                self.status = 0;
                self.for_bodies.push(body.clone());
                self.frames.push(Frame::For { var: var.clone(), items, next: 0 });
            }
            Compound::While { until, cond, body } => {
                let endless = match cond.as_slice() {
                    [AndOr { first, rest, .. }] if rest.is_empty() && !first.bang => match first.cmds.as_slice() {
                        [Command::Simple(s)] if s.assigns.is_empty() => match s.words.as_slice() {
                            [w] => matches!(w.as_slice(), [Part::Lit { text, .. }]
                                if if *until { text == "false" } else { text == "true" || text == ":" }),
                            _ => false,
                        },
                        _ => false,
                    },
                    _ => false,
                };
                self.frames.push(Frame::While {
                    until: *until,
                    cond: cond.clone(),
                    body: body.clone(),
                    testing: true,
                    last: 0,
                    endless,
                });
                self.seq(cond, true);
            }
            Compound::If { branches, otherwise } => {
                self.frames.push(Frame::If { branches: branches.clone(), otherwise: otherwise.clone(), next: 0 });
                if let Some((cond, _)) = branches.first() {
                    self.seq(cond, true);
                }
            }
            Compound::Case { word, arms } => {
                let subject = expand_word(word, cx).join(" ");
                self.status = 0;
                for (pats, body) in arms {
                    let hit = pats.iter().any(|p| {
                        let pat = expand_pattern(p, cx);
                        crate::wildcard::matches(&pat, &subject, crate::wildcard::Dialect::Shell)
                    });
                    if hit {
                        self.seq(body, false);
                        break;
                    }
                }
            }
        }
    }

    /// Calls a function: its own positional parameters, restored when it returns.
    fn push_call(&mut self, name: &str, args: Vec<String>, cx: &mut Cx<'_>) {
        let Some(body) = cx.sh.funcs.get(name).cloned() else { return };
        if cx.sh.func_depth >= MAX_FUNC_NEST {
            match cx.sh.kind {
                ShellKind::Bash => {
                    // `jump_to_top_level (DISCARD)`, as an expansion error.
                    let prefix = cx.sh.error_prefix();
                    cx.io
                        .errln(&format!("{prefix}: {name}: maximum function nesting level exceeded ({MAX_FUNC_NEST})"));
                    cx.sh.expansion_error = Some(1);
                }
                // No limit there: the shell overflows its stack and dies of SIGSEGV.
                ShellKind::Ash | ShellKind::Dash => self.abort(139, true, cx),
            }
            return;
        }
        cx.sh.func_depth += 1;
        let saved_args = std::mem::replace(&mut cx.sh.args, args);
        self.frames.push(Frame::Func { saved_args, locals: Vec::new() });
        self.push_compound(&body, cx);
    }

    /// Ends everything this job was running with `status`; `exit` also ends the shell.
    fn abort(&mut self, status: i32, exit: bool, cx: &mut Cx<'_>) {
        self.unwind(cx);
        self.status = status;
        cx.sh.last_status = status;
        if exit {
            cx.effects.push(Effect::ExitShell(status));
        }
    }

    /// The script ends with `code`: a script's or `-c` string's `EXIT` trap runs first (its
    /// frames are pushed and `None` returned); then the status, and `exit`'s effect, stand.
    fn finish(&mut self, code: i32, cx: &mut Cx<'_>) -> Option<Poll> {
        if let Some((code, exited)) = self.exiting.take() {
            // The trap's own `exit` sets the status; else the one it was called with stays.
            let code = match exit_requested(cx.effects) {
                Some(c) => c,
                None => {
                    if exited {
                        cx.effects.push(Effect::ExitShell(code));
                    }
                    code
                }
            };
            cx.sh.last_status = code;
            return Some(Poll::Done(code));
        }
        let interactive = cx.sh.invocation == Invocation::Interactive;
        let handler = if self.top && !interactive { cx.sh.traps.remove("EXIT") } else { None };
        let Some(Ok(body)) = handler.filter(|h| !h.is_empty()).map(|h| parse::parse(&h)) else {
            return Some(Poll::Done(code));
        };
        let exited = exit_requested(cx.effects).is_some();
        cx.effects.retain(|e| !matches!(e, Effect::ExitShell(_)));
        self.exiting = Some((code, exited));
        self.status = code;
        cx.sh.last_status = code;
        self.running = None;
        self.seq(&body, false);
        None
    }

    /// Abandons the rest of the source line running now: the frames above the script's own
    /// list, and that list's commands on the same line.
    fn discard_line(&mut self, cx: &mut Cx<'_>) {
        self.running = None;
        while self.frames.len() > 1 {
            let f = self.frames.pop().expect("len > 1");
            self.leave(f, cx);
        }
        if let Some(Frame::Seq { body, idx, pidx, .. }) = self.frames.first_mut() {
            if let Some(line) = body.get(*idx).map(|l| l.line) {
                while body.get(*idx).is_some_and(|l| l.line == line) {
                    *idx += 1;
                }
            }
            *pidx = 0;
        } else {
            self.unwind(cx);
        }
    }

    /// Pops every frame, restoring what function calls changed.
    fn unwind(&mut self, cx: &mut Cx<'_>) {
        while let Some(f) = self.frames.pop() {
            self.leave(f, cx);
        }
        self.running = None;
    }

    /// Undoes what a popped frame set up.
    fn leave(&mut self, f: Frame, cx: &mut Cx<'_>) {
        match f {
            Frame::Func { saved_args, locals } => {
                cx.sh.args = saved_args;
                cx.sh.func_depth = cx.sh.func_depth.saturating_sub(1);
                for (k, old) in locals.into_iter().rev() {
                    match old {
                        Some(v) => cx.sh.vars.insert(k, v),
                        None => cx.sh.vars.remove(&k),
                    };
                }
            }
            Frame::For { .. } => {
                self.for_bodies.pop();
            }
            _ => {}
        }
    }

    /// One step of the interpreter: a frame moves on, or a pipeline is ready to run.
    fn step(&mut self, cx: &mut Cx<'_>) -> Step {
        let status = self.status;
        let Some(top) = self.frames.last_mut() else { return Step::Done };
        match top {
            Frame::Seq { body, idx, pidx, cond } => {
                let cond = *cond;
                loop {
                    let Some(list) = body.get(*idx) else {
                        let f = self.frames.pop().expect("top");
                        self.leave(f, cx);
                        return Step::Continue;
                    };
                    // `CMD &` at a terminal's own shell: the terminal runs it beside the
                    // foreground (scripts, `sh -c` and containers' main processes keep theirs as
                    // children, below). Either way the shell's job table has it (`jobs`, `$!`).
                    if *pidx == 0
                        && list.background
                        && self.top
                        && cx.sh.tty.is_some()
                        && cx.sh.procs == 0
                        && !cx.sh.is_main
                        && !cx.sh.in_substitution
                        && !cx.sh.subshell
                    {
                        let mut alone = list.clone();
                        alone.background = false;
                        let job = ScriptJob::new(std::sync::Arc::new(vec![alone]));
                        let at = cx.io.chunks.iter().map(|(_, text)| text.len()).sum();
                        let id = cx.sh.jobs.next_id();
                        let pid = cx.sh.background_pid(cx.now(), id);
                        cx.sh.jobs.add(pid, super::jobs::command_text(list));
                        cx.effects.push(crate::process::Effect::Background {
                            job: crate::process::Detached(Box::new(job)),
                            sh: Box::new(cx.sh.for_background()),
                            at,
                            id,
                        });
                        *idx += 1;
                        self.status = 0;
                        cx.sh.last_status = 0;
                        continue;
                    }
                    // `&` in a script: the command runs beside it (not at a nested compound's level,
                    // which still runs it in place).
                    if *pidx == 0 && list.background && self.top && !cx.sh.in_substitution {
                        let mut alone = list.clone();
                        alone.background = false;
                        // A copy of the shell; a main process's children log to the container's
                        // log as it does (`is_main` stays: servers started so run as the image's).
                        let sh = cx.sh.for_background();
                        let id = cx.sh.jobs.next_id();
                        let pid = cx.sh.background_pid(cx.now(), id);
                        cx.sh.jobs.add(pid, super::jobs::command_text(list));
                        let job: Box<dyn Job> = Box::new(ScriptJob::new(std::sync::Arc::new(vec![alone])));
                        self.children.push(Child { id, job, sh, wake: Wake::At(cx.now()), seen_revision: 0 });
                        *idx += 1;
                        self.status = 0;
                        cx.sh.last_status = 0;
                        continue;
                    }
                    if *pidx == 0 {
                        *pidx = 1;
                        cx.sh.line = list.line;
                        let p = list.first.clone();
                        let last = list.rest.is_empty();
                        return self.start(p, !cond && last, cx);
                    }
                    match list.rest.get(*pidx - 1) {
                        Some((conn, p)) => {
                            *pidx += 1;
                            let run = match conn {
                                Connector::And => status == 0,
                                Connector::Or => status != 0,
                            };
                            if run {
                                let last = *pidx > list.rest.len();
                                let p = p.clone();
                                return self.start(p, !cond && last, cx);
                            }
                        }
                        None => {
                            *idx += 1;
                            *pidx = 0;
                        }
                    }
                }
            }
            Frame::For { var, items, next } => {
                if let Some(item) = items.get(*next) {
                    *next += 1;
                    cx.sh.vars.insert(var.clone(), item.clone());
                    let body = self.for_bodies.last().cloned().unwrap_or_default();
                    self.seq(&body, false);
                } else {
                    let f = self.frames.pop().expect("top");
                    self.leave(f, cx);
                }
                Step::Continue
            }
            Frame::While { until, cond, body, testing, last, .. } => {
                if *testing {
                    let go = (status == 0) != *until;
                    if go {
                        *testing = false;
                        let body = body.clone();
                        self.seq(&body, false);
                    } else {
                        self.status = *last;
                        self.frames.pop();
                    }
                } else {
                    *last = status;
                    *testing = true;
                    let cond = cond.clone();
                    self.seq(&cond, true);
                }
                Step::Continue
            }
            Frame::If { branches, otherwise, next } => {
                if status == 0 {
                    let body = branches.get(*next).map(|b| b.1.clone());
                    self.frames.pop();
                    if let Some(body) = body {
                        self.seq(&body, false);
                    }
                } else {
                    *next += 1;
                    match branches.get(*next).map(|b| b.0.clone()) {
                        Some(cond) => self.seq(&cond, true),
                        None => {
                            let otherwise = otherwise.clone();
                            self.frames.pop();
                            self.status = 0;
                            if let Some(body) = otherwise {
                                self.seq(&body, false);
                            }
                        }
                    }
                }
                Step::Continue
            }
            Frame::Func { .. } => {
                let f = self.frames.pop().expect("top");
                self.leave(f, cx);
                Step::Continue
            }
        }
    }

    /// Starts a pipeline: compound commands, function definitions and calls, and the
    /// builtins that move through frames (`break`, `continue`, `return`, `local`) run in
    /// place; anything else becomes a [`PipelineRun`].
    fn start(&mut self, p: Pipeline, errexit: bool, cx: &mut Cx<'_>) -> Step {
        self.errexit_applies = errexit && !p.bang;
        self.negate = p.bang;
        if p.cmds.len() == 1 && !p.bang {
            match &p.cmds[0] {
                Command::FuncDef(name, body) => {
                    cx.sh.funcs.insert(name.clone(), body.clone());
                    self.status = 0;
                    cx.sh.last_status = 0;
                    return Step::Continue;
                }
                Command::Compound(c, redirs) if redirs.is_empty() && !matches!(**c, Compound::Subshell(_)) => {
                    self.push_compound(c, cx);
                    return Step::Continue;
                }
                Command::Simple(s) if s.redirs.is_empty() && s.assigns.is_empty() => {
                    if let Some(step) = self.frame_builtin(s, cx) {
                        return step;
                    }
                }
                _ => {}
            }
        }
        // Builtins (`echo`, `[`…) read no stdin; a program takes what is left of it.
        let builtin = match p.cmds.first() {
            Some(Command::Simple(s)) => match s.words.first().map(|w| w.as_slice()) {
                Some([Part::Lit { text, .. }]) => crate::programs::builtins::lookup(text).is_some(),
                _ => false,
            },
            _ => false,
        };
        let mut run = PipelineRun::new(p);
        if let Some(rest) = self.stdin.as_mut().filter(|_| !builtin) {
            run.input = Some(std::mem::take(rest));
        }
        Step::Run(Box::new(run))
    }

    /// `break`, `continue`, `return`, `local` and calls of functions, when the command is
    /// one of them.
    fn frame_builtin(&mut self, s: &Simple, cx: &mut Cx<'_>) -> Option<Step> {
        let first = s.words.first()?;
        let name = match first.as_slice() {
            [Part::Lit { text, quoted: false }] => text.clone(),
            _ => return None,
        };
        let is_func = cx.sh.funcs.contains_key(&name);
        let read = name == "read" && self.stdin.is_some();
        if !is_func && !read && !matches!(name.as_str(), "break" | "continue" | "return" | "local") {
            return None;
        }
        let mut argv = Vec::new();
        for w in &s.words {
            argv.extend(expand_word(w, cx));
        }
        if cx.sh.expansion_error.is_some() {
            // `poll` abandons the line.
            return Some(Step::Continue);
        }
        if is_func {
            let args = argv.get(1..).map(|a| a.to_vec()).unwrap_or_default();
            self.push_call(&name, args, cx);
            return Some(Step::Continue);
        }
        let n_arg = argv.get(1).map(|a| a.as_str());
        if read {
            let names: Vec<String> = argv[1..].iter().filter(|a| !a.starts_with('-')).cloned().collect();
            let line = self.stdin.as_mut().and_then(crate::programs::builtins::take_line);
            let code = match line {
                Some(l) => {
                    crate::programs::builtins::assign_read(cx.sh, &names, &l);
                    0
                }
                None => 1,
            };
            return Some(self.set_status(code, cx));
        }
        match name.as_str() {
            "local" => {
                let frame = self.frames.iter_mut().rev().find(|f| matches!(f, Frame::Func { .. }));
                let Some(Frame::Func { locals, .. }) = frame else {
                    let prefix = cx.sh.error_prefix();
                    cx.io.errln(&format!("{prefix}: local: can only be used in a function"));
                    return Some(self.set_status(1, cx));
                };
                for a in argv.iter().skip(1) {
                    let (k, v) = match a.split_once('=') {
                        Some((k, v)) => (k.to_string(), Some(v.to_string())),
                        None => (a.clone(), None),
                    };
                    locals.push((k.clone(), cx.sh.vars.get(&k).cloned()));
                    cx.sh.vars.insert(k, v.unwrap_or_default());
                }
                Some(self.set_status(0, cx))
            }
            "return" => {
                let code = match n_arg.map(|a| a.parse::<i64>()) {
                    None => cx.sh.last_status,
                    Some(Ok(n)) => (n & 0xff) as i32,
                    Some(Err(_)) => {
                        let prefix = cx.sh.error_prefix();
                        let a = n_arg.unwrap_or_default();
                        cx.io.errln(&format!("{prefix}: return: {a}: numeric argument required"));
                        2
                    }
                };
                if !self.frames.iter().any(|f| matches!(f, Frame::Func { .. })) {
                    if cx.sh.kind == ShellKind::Bash || cx.sh.invocation == Invocation::Interactive {
                        let prefix = cx.sh.error_prefix();
                        cx.io.errln(&format!("{prefix}: return: can only `return' from a function or sourced script"));
                        return Some(self.set_status(1, cx));
                    }
                    // dash and ash: `return` at a script's top level ends the script.
                    self.unwind(cx);
                    return Some(self.set_status(code, cx));
                }
                while let Some(f) = self.frames.pop() {
                    let is_func = matches!(f, Frame::Func { .. });
                    self.leave(f, cx);
                    if is_func {
                        break;
                    }
                }
                Some(self.set_status(code, cx))
            }
            _ => {
                // break / continue [n]
                let n = match n_arg.map(|a| a.parse::<i64>()) {
                    None => 1,
                    Some(Ok(n)) if n >= 1 => n as usize,
                    Some(_) => {
                        let prefix = cx.sh.error_prefix();
                        let a = n_arg.unwrap_or_default();
                        let msg = match cx.sh.kind {
                            ShellKind::Bash => format!("{prefix}: {name}: {a}: loop count out of range"),
                            _ => format!("{prefix}: {name}: Illegal number: {a}"),
                        };
                        cx.io.errln(&msg);
                        return Some(self.set_status(if cx.sh.kind == ShellKind::Bash { 1 } else { 2 }, cx));
                    }
                };
                let loops = self
                    .frames
                    .iter()
                    .rev()
                    .take_while(|f| !matches!(f, Frame::Func { .. }))
                    .filter(|f| matches!(f, Frame::For { .. } | Frame::While { .. }))
                    .count();
                if loops == 0 {
                    if cx.sh.kind == ShellKind::Bash {
                        let prefix = cx.sh.error_prefix();
                        cx.io.errln(&format!("{prefix}: {name}: only meaningful in a `for', `while', or `until' loop"));
                    }
                    return Some(self.set_status(0, cx));
                }
                let n = n.min(loops);
                let mut seen = 0;
                while let Some(f) = self.frames.last_mut() {
                    if matches!(f, Frame::For { .. } | Frame::While { .. }) {
                        seen += 1;
                        if seen == n {
                            if name == "continue" {
                                if let Frame::While { testing, .. } = f {
                                    *testing = false;
                                }
                            } else {
                                let f = self.frames.pop().expect("last");
                                self.leave(f, cx);
                            }
                            break;
                        }
                    }
                    let f = self.frames.pop().expect("last");
                    self.leave(f, cx);
                }
                Some(self.set_status(0, cx))
            }
        }
    }

    fn set_status(&mut self, code: i32, cx: &mut Cx<'_>) -> Step {
        self.status = code;
        cx.sh.last_status = code;
        Step::Continue
    }

    /// In `while true` (or `until false`): it goes on until Ctrl-C.
    fn in_endless_loop(&self) -> bool {
        self.frames.iter().any(|f| matches!(f, Frame::While { endless: true, .. }))
    }
}

pub(super) fn exit_requested(effects: &[Effect]) -> Option<i32> {
    effects.iter().rev().find_map(|e| match e {
        Effect::ExitShell(code) => Some(*code),
        _ => None,
    })
}

impl ScriptJob {
    /// Delivers the signals `kill` sent to the children, then polls those that are due; their
    /// output goes where the script's does, and their ends go to the shell's job table. Returns
    /// whether any child ended (a `wait` may go on).
    fn poll_children(&mut self, cx: &mut Cx<'_>) -> bool {
        let mut ended = false;
        let ids: Vec<u32> = self.children.iter().map(|c| c.id).collect();
        for (id, sig) in cx.sh.jobs.take_kills(&ids) {
            let Some(i) = self.children.iter().position(|c| c.id == id) else { continue };
            let mut child = self.children.remove(i);
            let state = {
                let mut sub = Cx {
                    world: cx.world,
                    io: cx.io,
                    sh: &mut child.sh,
                    lang: cx.lang,
                    bin: cx.bin,
                    effects: cx.effects,
                };
                super::jobs::signal_job(child.job.as_mut(), sig, &mut sub)
            };
            match state {
                Some(state) => {
                    self.child_ended(id, state, cx);
                    ended = true;
                }
                None => self.children.insert(i, child),
            }
        }
        let mut i = 0;
        while i < self.children.len() {
            let c = &self.children[i];
            let due = match c.wake {
                Wake::At(t) => t <= cx.now(),
                Wake::Change => cx.world.revision() != c.seen_revision,
                Wake::Never => false,
            };
            if !due {
                i += 1;
                continue;
            }
            let mut child = self.children.remove(i);
            let poll = {
                let mut sub = Cx {
                    world: cx.world,
                    io: cx.io,
                    sh: &mut child.sh,
                    lang: cx.lang,
                    bin: cx.bin,
                    effects: cx.effects,
                };
                child.job.poll(&mut sub)
            };
            match poll {
                Poll::Pending(w) => {
                    let now = cx.now();
                    child.wake = match w {
                        Wake::At(t) if t <= now => Wake::At(now.plus(1)),
                        w => w,
                    };
                    child.seen_revision = cx.world.revision();
                    self.children.insert(i, child);
                    i += 1;
                }
                Poll::Done(code) => {
                    self.child_ended(child.id, super::jobs::JobState::Exited(code), cx);
                    ended = true;
                }
            }
        }
        ended
    }

    /// A child ended: the job table has its status. A script's bash says so only when a signal
    /// other than SIGINT or SIGTERM killed it (`x.sh: line 3:  4242 Killed   sleep 100`).
    fn child_ended(&mut self, id: u32, state: super::jobs::JobState, cx: &mut Cx<'_>) {
        use super::jobs::JobState;
        if let (JobState::Signaled(sig), ShellKind::Bash) = (state, cx.sh.kind) {
            let interactive = cx.sh.invocation == Invocation::Interactive;
            if sig != 2 && sig != 15 && !interactive && !cx.sh.traps.contains_key(&signal_trap_name(sig)) {
                if let Some(e) = cx.sh.jobs.get(id) {
                    let status = super::jobs::status_text(state, ShellKind::Bash);
                    let prefix = cx.sh.error_prefix();
                    cx.io.errln(&format!("{prefix}: {:>5} {status:<24}{}", e.pid, e.text));
                }
            }
        }
        cx.sh.jobs.end(id, state);
        // A script's shell keeps no ended job but the last one started (POSIX); `wait PID`
        // still finds the others' statuses.
        let last = cx.sh.jobs.last_pid;
        if cx.sh.invocation != Invocation::Interactive && cx.sh.jobs.get(id).is_some_and(|e| Some(e.pid) != last) {
            cx.sh.jobs.remove(id);
        }
    }

    /// The script's own wake and its children's: the earliest time any of them is due (a timer
    /// wins over waiting for a change, which a quiet container might never bring).
    fn with_children(&self, own: Wake) -> Wake {
        let mut at: Option<SimTime> = match own {
            Wake::At(t) => Some(t),
            _ => None,
        };
        let mut change = own == Wake::Change;
        for c in &self.children {
            match c.wake {
                Wake::At(t) => at = Some(at.map_or(t, |a| a.min(t))),
                Wake::Change => change = true,
                Wake::Never => {}
            }
        }
        match (at, change) {
            (Some(t), _) => Wake::At(t),
            (None, true) => Wake::Change,
            (None, false) => Wake::Never,
        }
    }
}

impl Job for ScriptJob {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.poll_children(cx);
        let mut rounds = 0;
        match loop {
            let poll = self.poll_line(cx);
            // A child started by this poll runs now, beside what the script waits for; one that
            // ended (or a `kill` the line sent) may let a `wait` go on at once.
            let ended = self.poll_children(cx);
            rounds += 1;
            match poll {
                Poll::Pending(_)
                    if (ended || self.children.iter().any(|c| cx.sh.jobs.has_kill(c.id))) && rounds < 64 =>
                {
                    continue
                }
                poll => break poll,
            }
        } {
            Poll::Pending(w) => Poll::Pending(self.with_children(w)),
            Poll::Done(code) => {
                // What the children did at once happened; then they end with the script.
                self.children.clear();
                Poll::Done(code)
            }
        }
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.children.clear();
        self.interrupt_line(cx)
    }

    fn signal(&mut self, sig: crate::process::Signal, cx: &mut Cx<'_>) -> Option<i32> {
        let ended = self.signal_line(sig, cx);
        if ended.is_some() {
            self.children.clear();
            return ended;
        }
        // A trap's handler that sent its children a signal (`trap 'kill $pid' TERM`): they get
        // it now, and a `wait` for them goes on.
        if self.children.iter().any(|c| cx.sh.jobs.has_kill(c.id)) {
            if let Poll::Done(code) = self.poll(cx) {
                return Some(code);
            }
        }
        None
    }

    fn is_interactive_shell(&self) -> bool {
        self.running.as_ref().is_some_and(|r| r.job.as_ref().is_some_and(|j| j.is_interactive_shell()))
    }

    fn runs_until_interrupted(&self) -> bool {
        self.in_endless_loop()
            || self.running.as_ref().is_some_and(|r| r.job.as_ref().is_some_and(|j| j.runs_until_interrupted()))
    }

    fn wants_input(&self) -> bool {
        self.running.as_ref().is_some_and(|r| r.job.as_ref().is_some_and(|j| j.wants_input()))
    }

    fn hides_input(&self) -> bool {
        self.running.as_ref().is_some_and(|r| r.job.as_ref().is_some_and(|j| j.hides_input()))
    }

    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        self.answer(cx, |job, cx| job.input(line, cx))
    }

    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.answer(cx, |job, cx| job.end_of_input(cx))
    }
}

impl ScriptJob {
    fn poll_line(&mut self, cx: &mut Cx<'_>) -> Poll {
        if let Some(t) = self.resume_at {
            if cx.now() < t {
                return Poll::Pending(Wake::At(t));
            }
            self.resume_at = None;
        }
        self.steps = 0;
        // `fork`'s per-line budgets bound what one instant may start; a loop that goes on over
        // simulated time (`while true; do date; sleep 1; done`) gets them afresh each time it
        // is woken later, as the terminal gives each typed line.
        let now = cx.now();
        if self.last_poll.is_some_and(|t| t < now)
            && self.frames.iter().any(|f| matches!(f, Frame::For { .. } | Frame::While { .. }))
        {
            cx.sh.forks = 0;
            cx.sh.captured = 0;
        }
        self.last_poll = Some(now);
        loop {
            if let Some(run) = &mut self.running {
                match run.poll(cx) {
                    Poll::Pending(w) => return Poll::Pending(w),
                    Poll::Done(code) => {
                        let code = if self.negate { (code == 0) as i32 } else { code };
                        self.status = code;
                        cx.sh.last_status = code;
                        self.running = None;
                        if let Some(code) = exit_requested(cx.effects) {
                            self.unwind(cx);
                            if let Some(done) = self.finish(code, cx) {
                                return done;
                            }
                            continue;
                        }
                        if code != 0 && cx.sh.errexit && self.errexit_applies && !self.in_cond() {
                            self.abort(code, true, cx);
                            return Poll::Done(code);
                        }
                    }
                }
            }
            if let Some(status) = cx.sh.expansion_error {
                // An expansion error abandons the command line (bash's DISCARD): bash goes on
                // with the next line, a script or `-c` string of ash or dash exits.
                if !self.top {
                    // A nested compound: its caller sees the error too and discards the line.
                    self.unwind(cx);
                    return Poll::Done(status);
                }
                cx.sh.expansion_error = None;
                if cx.sh.kind != ShellKind::Bash && cx.sh.invocation != Invocation::Interactive {
                    self.abort(status, true, cx);
                    return Poll::Done(status);
                }
                self.discard_line(cx);
                self.status = status;
                cx.sh.last_status = status;
            }
            if let Some(code) = exit_requested(cx.effects) {
                self.unwind(cx);
                return Poll::Done(code);
            }
            self.steps += 1;
            cx.world.count_work(1);
            // A loop that starts many processes in one instant (`for i in $(seq 300); do docker
            // run -d …; done`) yields too, and gets `fork`'s per-instant budget afresh when it
            // is woken: on a real machine it simply runs on. (Inside `$(…)`, polled once, it
            // cannot yield: there `MAX_FORKS_PER_LINE` refuses, as before.)
            let forking_loop = cx.sh.forks >= fork::FORKS_BEFORE_YIELD
                && !cx.sh.in_substitution
                && self.frames.iter().any(|f| matches!(f, Frame::For { .. } | Frame::While { .. }));
            if self.steps > STEPS_PER_POLL || forking_loop {
                let t = cx.now().plus(YIELD_MS);
                self.resume_at = Some(t);
                return Poll::Pending(Wake::At(t));
            }
            match self.step(cx) {
                Step::Continue => {}
                Step::Run(run) => self.running = Some(run),
                Step::Done => {
                    if let Some(done) = self.finish(self.status, cx) {
                        return done;
                    }
                }
            }
        }
    }

    fn interrupt_line(&mut self, cx: &mut Cx<'_>) -> Poll {
        if let Some(run) = &mut self.running {
            if let Some(wake) = run.interrupt(cx) {
                // The program handles Ctrl-C and needs time to finish (Compose stopping its
                // containers): wait for it; nothing after it in the line runs.
                let running = self.running.take();
                self.unwind(cx);
                self.running = running;
                return Poll::Pending(wake);
            }
        }
        self.unwind(cx);
        cx.sh.last_status = 130;
        Poll::Done(130)
    }

    fn signal_line(&mut self, sig: crate::process::Signal, cx: &mut Cx<'_>) -> Option<i32> {
        use crate::process::Signal;
        let name = match sig {
            Signal::Term => "TERM",
            Signal::Int => "INT",
            Signal::Quit => "QUIT",
            _ => "",
        };
        match cx.sh.traps.get(name).cloned() {
            // A trapped signal runs its handler (here at once, in no simulated time); the
            // shell goes on unless the handler exits. `''` ignores the signal.
            Some(handler) if self.top => {
                let code = run_handler(&handler, cx);
                if code.is_some() {
                    self.running = None;
                    self.unwind(cx);
                }
                code
            }
            _ => match &mut self.running {
                Some(run) => run.signal(sig, cx),
                None => None,
            },
        }
    }
}

impl ScriptJob {
    /// Hands what was typed (a line, or end of input) to the stage that reads it.
    fn answer(&mut self, cx: &mut Cx<'_>, give: impl FnOnce(&mut dyn Job, &mut Cx<'_>) -> Poll) -> Poll {
        if let Some(run) = &mut self.running {
            if let Some(job) = &mut run.job {
                let poll = {
                    let mut sub = Cx {
                        world: cx.world,
                        io: &mut run.io,
                        sh: cx.sh,
                        lang: cx.lang,
                        bin: cx.bin,
                        effects: cx.effects,
                    };
                    give(job.as_mut(), &mut sub)
                };
                run.route(cx);
                if let Poll::Done(code) = poll {
                    // The answered stage finished: let the script go on from there.
                    run.answered = Some(code);
                }
            }
        }
        self.poll(cx)
    }
}

impl ScriptJob {
    fn in_cond(&self) -> bool {
        self.frames.iter().any(|f| matches!(f, Frame::Seq { cond: true, .. }))
    }
}

/// Runs a trap's handler to completion at once (like `$(…)`, bounded by the same step budget);
/// `Some(status)` when it ran `exit`.
fn run_handler(handler: &str, cx: &mut Cx<'_>) -> Option<i32> {
    let Ok(body) = parse::parse(handler) else { return None };
    let mut effects = Vec::new();
    let mut job = ScriptJob::new(body);
    let mut sub = Cx { world: cx.world, io: cx.io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
    if let Poll::Pending(_) = job.poll(&mut sub) {
        let _ = job.interrupt(&mut sub);
    }
    let code = exit_requested(&effects);
    cx.effects.extend(effects.into_iter().filter(|e| !matches!(e, Effect::ExitShell(_))));
    code
}

/// A compound command or function call run as a job of its own: a pipeline stage (in a copy
/// of the shell, a subshell) or a redirected one (in this shell: what it changes stays).
/// Either way it counts as one more process, so nesting stays within `fork`'s limits.
struct Nested {
    sh: ShellCtx,
    /// Runs in the caller's shell: its changes are copied back after each poll.
    shared: bool,
    job: ScriptJob,
}

impl Nested {
    fn run<R>(&mut self, cx: &mut Cx<'_>, f: impl FnOnce(&mut ScriptJob, &mut Cx<'_>) -> R) -> R {
        let mut effects = Vec::new();
        fork::sync_down(cx.sh, &mut self.sh);
        let r = {
            let mut sub =
                Cx { world: cx.world, io: cx.io, sh: &mut self.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
            f(&mut self.job, &mut sub)
        };
        fork::sync_up(cx.sh, &self.sh);
        if self.shared {
            let procs = cx.sh.procs;
            *cx.sh = self.sh.clone();
            cx.sh.procs = procs;
        }
        for e in effects {
            // `exit` in a subshell ends only the subshell.
            if self.shared || !matches!(e, Effect::ExitShell(_)) {
                cx.effects.push(e);
            }
        }
        r
    }
}

impl Job for Nested {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.run(cx, |job, cx| job.poll(cx))
    }
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.run(cx, |job, cx| job.interrupt(cx))
    }
    fn signal(&mut self, sig: crate::process::Signal, cx: &mut Cx<'_>) -> Option<i32> {
        self.run(cx, |job, cx| job.signal(sig, cx))
    }
    fn runs_until_interrupted(&self) -> bool {
        self.job.runs_until_interrupted()
    }
    fn is_interactive_shell(&self) -> bool {
        self.job.is_interactive_shell()
    }
    fn wants_input(&self) -> bool {
        self.job.wants_input()
    }
    fn hides_input(&self) -> bool {
        self.job.hides_input()
    }
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        self.run(cx, |job, cx| job.input(line, cx))
    }
    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.run(cx, |job, cx| job.end_of_input(cx))
    }
}

/// Starts a compound command or function call as a nested job (see [`Nested`]).
pub(super) fn nested(cx: &mut Cx<'_>, subshell: bool, make: impl FnOnce(&mut Cx<'_>) -> ScriptJob) -> Box<dyn Job> {
    if !fork::can_fork(cx.sh) {
        return fork::failed();
    }
    let mut sh = cx.sh.clone();
    sh.procs += 1;
    sh.forks += 1;
    cx.world.count_work(1);
    sh.subshell |= subshell;
    let mut effects = Vec::new();
    let job = {
        let mut sub = Cx { world: cx.world, io: cx.io, sh: &mut sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
        make(&mut sub)
    };
    cx.effects.extend(effects.into_iter().filter(|e| !matches!(e, Effect::ExitShell(_))));
    Box::new(Nested { sh, shared: !subshell, job })
}

/// Job waiting for nothing: used by interactive shells waiting for the terminal.
pub struct WaitForever;

impl Job for WaitForever {
    fn poll(&mut self, _cx: &mut Cx<'_>) -> Poll {
        Poll::Pending(Wake::Never)
    }
    fn runs_until_interrupted(&self) -> bool {
        true
    }
}
