//! One pipeline of simple commands (or compound commands run as nested jobs): each stage
//! is a job of its own; a stage's stdout feeds the next stage's stdin once it ends
//! (simulated pipes are buffered), redirections write files when the stage ends.

use super::exec::{exit_requested, nested, ScriptJob};
use super::expand::expand_word;
use super::parse::{Command, Compound, Pipeline, Redir, RedirKind, Simple};
use crate::process::{Cx, Io, Job, Poll, Stream, Wake};

/// Where one of a stage's output streams goes, as its file descriptor points after the
/// redirections, read left to right as `dup2` applies them (`2>&1 >/dev/null` sends stderr
/// where stdout was, then stdout to nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dest {
    /// The terminal (the enclosing job's stream of that name).
    Screen(Stream),
    Null,
    /// The pipe to the next stage.
    Pipe,
    /// One of the stage's redirected files, by index.
    File(usize),
}

/// Where a stage's output goes.
struct Routing {
    out: Dest,
    err: Dest,
    /// What went into the pipe (a stage that is not the last one).
    pipe: Option<String>,
    /// Redirected files: path and contents, written when the stage ends.
    files: Vec<(String, String)>,
    /// The command's name, for a write error.
    prog: String,
}

impl Routing {
    fn buffer(&mut self, dest: Dest) -> Option<&mut String> {
        match dest {
            Dest::Pipe => self.pipe.as_mut(),
            Dest::File(i) => self.files.get_mut(i).map(|(_, text)| text),
            Dest::Screen(_) | Dest::Null => None,
        }
    }

    fn full(&self, dest: Dest) -> bool {
        match dest {
            Dest::Pipe => self.pipe.as_ref().is_some_and(|b| b.len() > PIPE_MAX),
            Dest::File(i) => self.files.get(i).is_some_and(|(_, b)| b.len() > PIPE_MAX),
            Dest::Screen(_) | Dest::Null => false,
        }
    }

    /// Stdout does not reach a screen: a program may print in bigger chunks.
    fn piped(&self) -> bool {
        !matches!(self.out, Dest::Screen(_))
    }
}

/// Bytes a stage may buffer into a pipe or a file while it still runs (see
/// `PipelineRun::cut_if_full`).
const PIPE_MAX: usize = 16 << 20;

pub(super) struct PipelineRun {
    stages: Vec<Command>,
    cur: usize,
    pub(super) input: Option<String>,
    pub(super) job: Option<Box<dyn Job>>,
    pub(super) io: Io,
    routing: Option<Routing>,
    /// An earlier stage could not start (bad redirection): the status to return.
    failed: Option<i32>,
    /// The running stage finished while answering input: its status.
    pub(super) answered: Option<i32>,
}

impl PipelineRun {
    pub(super) fn new(p: Pipeline) -> PipelineRun {
        PipelineRun {
            stages: p.cmds,
            cur: 0,
            input: None,
            job: None,
            io: Io::default(),
            routing: None,
            failed: None,
            answered: None,
        }
    }

    fn is_last(&self) -> bool {
        self.cur + 1 >= self.stages.len()
    }

    pub(super) fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        loop {
            if self.job.is_none() {
                if let Some(code) = self.failed.take() {
                    return Poll::Done(code);
                }
                let cmd = self.stages[self.cur].clone();
                match self.start_stage(&cmd, cx) {
                    Ok(job) => self.job = Some(job),
                    Err(code) => {
                        if self.is_last() || exit_requested(cx.effects).is_some() {
                            return Poll::Done(code);
                        }
                        self.cur += 1;
                        self.input = Some(String::new());
                        continue;
                    }
                }
            }
            let poll = match self.answered.take() {
                Some(code) => Poll::Done(code),
                None => {
                    let job = self.job.as_mut().expect("set above");
                    let mut sub = Cx {
                        world: cx.world,
                        io: &mut self.io,
                        sh: cx.sh,
                        lang: cx.lang,
                        bin: cx.bin,
                        effects: cx.effects,
                    };
                    job.poll(&mut sub)
                }
            };
            self.route(cx);
            let poll = match poll {
                Poll::Pending(_) => self.cut_if_full(cx).unwrap_or(poll),
                done => done,
            };
            match poll {
                Poll::Pending(w) => return Poll::Pending(w),
                Poll::Done(code) => {
                    if let Some(c) = self.finish_stage(cx) {
                        return Poll::Done(c);
                    }
                    if self.is_last() {
                        return Poll::Done(code);
                    }
                    self.cur += 1;
                    if exit_requested(cx.effects).is_some() {
                        return Poll::Done(code);
                    }
                }
            }
        }
    }

    /// A stage still running whose buffered output passed [`PIPE_MAX`] ends: into a pipe
    /// as if its reader had closed it (SIGPIPE, 141, silently; stages run one after the
    /// other here, so the buffer stands in for a reader that stopped reading), into a file
    /// as a full disk. Keeps `yes | head -n 3` or `seq 1 100000000 > f` from growing memory
    /// without end.
    fn cut_if_full(&mut self, cx: &mut Cx<'_>) -> Option<Poll> {
        let routing = self.routing.as_ref()?;
        let out_full = routing.full(routing.out);
        let err_full = routing.full(routing.err);
        if !out_full && !err_full {
            return None;
        }
        let into_pipe = |d: Dest| d == Dest::Pipe;
        if (out_full && into_pipe(routing.out)) || (err_full && into_pipe(routing.err)) {
            return Some(Poll::Done(141));
        }
        // GNU yes names the stream; the others fail in close_stdout ("write error").
        let what = if routing.prog.ends_with("yes") { "standard output" } else { "write error" };
        cx.io.errln(&format!("{}: {what}: No space left on device", routing.prog));
        Some(Poll::Done(1))
    }

    /// Ctrl-C: the running stage stops; later filters still see what it wrote.
    /// Returns the wake of a last stage that handled Ctrl-C and keeps running to finish (it
    /// stays in place); `None` when the pipeline is over.
    pub(super) fn interrupt(&mut self, cx: &mut Cx<'_>) -> Option<Wake> {
        if let Some(job) = &mut self.job {
            let mut sub =
                Cx { world: cx.world, io: &mut self.io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: cx.effects };
            let poll = job.interrupt(&mut sub);
            if let (Poll::Pending(wake), true) = (poll, self.is_last()) {
                self.route(cx);
                return Some(wake);
            }
        }
        self.route(cx);
        let _ = self.finish_stage(cx);
        while !self.is_last() {
            self.cur += 1;
            let cmd = self.stages[self.cur].clone();
            if let Ok(mut job) = self.start_stage(&cmd, cx) {
                let mut sub = Cx {
                    world: cx.world,
                    io: &mut self.io,
                    sh: cx.sh,
                    lang: cx.lang,
                    bin: cx.bin,
                    effects: cx.effects,
                };
                if let Poll::Pending(_) = job.poll(&mut sub) {
                    let _ = job.interrupt(&mut sub);
                }
                self.route(cx);
                let _ = self.finish_stage(cx);
            }
        }
        None
    }

    pub(super) fn signal(&mut self, sig: crate::process::Signal, cx: &mut Cx<'_>) -> Option<i32> {
        let job = self.job.as_mut()?;
        let mut sub =
            Cx { world: cx.world, io: &mut self.io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: cx.effects };
        job.signal(sig, &mut sub)
    }

    /// Expands words, applies redirections, and spawns the stage's command.
    fn start_stage(&mut self, cmd: &Command, cx: &mut Cx<'_>) -> Result<Box<dyn Job>, i32> {
        let (routing, stdin) = self.redirect(cmd, cx)?;
        match cmd {
            Command::Simple(s) => self.start_simple(s, routing, stdin, cx),
            _ => self.start_compound(cmd, routing, stdin, cx),
        }
    }

    /// Applies a stage's redirections: where its output goes, and its stdin.
    #[inline(never)]
    fn redirect(&mut self, cmd: &Command, cx: &mut Cx<'_>) -> Result<(Routing, Option<String>), i32> {
        let none = Vec::new();
        let redirs: &Vec<Redir> = match cmd {
            Command::Simple(s) => &s.redirs,
            Command::Compound(_, r) => r,
            Command::FuncDef(..) => &none,
        };
        let last = self.is_last();
        let mut routing = Routing {
            out: if last { Dest::Screen(Stream::Out) } else { Dest::Pipe },
            err: Dest::Screen(Stream::Err),
            pipe: if last { None } else { Some(String::new()) },
            files: Vec::new(),
            prog: String::new(),
        };
        let mut stdin = self.input.take();
        for r in redirs {
            if r.kind == RedirKind::HereDoc {
                stdin = Some(expand_word(&r.target, cx).concat());
                continue;
            }
            if r.kind == RedirKind::HereString {
                stdin = Some(expand_word(&r.target, cx).join(" ") + "\n");
                continue;
            }
            let target = expand_word(&r.target, cx).join(" ");
            let path = cx.sh.path(&target);
            match r.kind {
                RedirKind::Out | RedirKind::Append | RedirKind::BothOut | RedirKind::ErrOut | RedirKind::ErrAppend => {
                    let append = matches!(r.kind, RedirKind::Append | RedirKind::ErrAppend);
                    let dest = if target == "/dev/null" {
                        Dest::Null
                    } else {
                        // The file is created (or truncated) before the command runs, as in a real shell.
                        let initial =
                            if append { cx.world.fs_read(cx.sh.loc, &path).unwrap_or_default() } else { Vec::new() };
                        if let Err(e) = cx.world.fs_write(cx.sh.loc, &path, &initial, false) {
                            cx.io.errln(&format!("{}: {target}: {}", cx.sh.name_for_errors(), e.strerror()));
                            return Err(1);
                        }
                        routing.files.push((path, String::from_utf8_lossy(&initial).into_owned()));
                        Dest::File(routing.files.len() - 1)
                    };
                    match r.kind {
                        RedirKind::ErrOut | RedirKind::ErrAppend => routing.err = dest,
                        RedirKind::BothOut => (routing.out, routing.err) = (dest, dest),
                        _ => routing.out = dest,
                    }
                }
                // `2>&1`: stderr goes where stdout goes now; `>&2`: stdout where stderr goes.
                RedirKind::ErrToOut => routing.err = routing.out,
                RedirKind::OutToErr => routing.out = routing.err,
                RedirKind::HereDoc | RedirKind::HereString => {}
                RedirKind::In => match cx.world.fs_read(cx.sh.loc, &path) {
                    Ok(data) => stdin = Some(String::from_utf8_lossy(&data).into_owned()),
                    Err(e) => {
                        cx.io.errln(&format!("{}: {target}: {}", cx.sh.name_for_errors(), e.strerror()));
                        return Err(1);
                    }
                },
            }
        }
        Ok((routing, stdin))
    }

    /// A function definition, or a compound command as a nested job (see [`Nested`]).
    #[inline(never)]
    fn start_compound(
        &mut self,
        cmd: &Command,
        routing: Routing,
        stdin: Option<String>,
        cx: &mut Cx<'_>,
    ) -> Result<Box<dyn Job>, i32> {
        // A piped stage runs in a subshell; a redirected compound command in this shell.
        let subshell = self.stages.len() > 1;
        match cmd {
            Command::Simple(_) => Err(2),
            Command::FuncDef(name, body) => {
                if !subshell {
                    cx.sh.funcs.insert(name.clone(), body.clone());
                }
                self.io.stdin = stdin;
                self.routing = Some(routing);
                Ok(crate::process::done(0))
            }
            Command::Compound(c, _) => {
                if let Some(code) = cx.sh.expansion_error.or(exit_requested(cx.effects)) {
                    return Err(code);
                }
                self.io.stdin = stdin;
                self.io.piped = routing.piped();
                self.routing = Some(routing);
                let subshell = subshell || matches!(**c, Compound::Subshell(_));
                let c = c.clone();
                let mut sub = Cx {
                    world: cx.world,
                    io: &mut self.io,
                    sh: cx.sh,
                    lang: cx.lang,
                    bin: cx.bin,
                    effects: cx.effects,
                };
                Ok(nested(&mut sub, subshell, |cx| ScriptJob::compound(&c, cx)))
            }
        }
    }

    /// Expands a simple command's words and starts it: a function, a builtin or a program.
    #[inline(never)]
    fn start_simple(
        &mut self,
        simple: &Simple,
        mut routing: Routing,
        stdin: Option<String>,
        cx: &mut Cx<'_>,
    ) -> Result<Box<dyn Job>, i32> {
        let subshell = self.stages.len() > 1;
        let mut argv = Vec::new();
        for w in &simple.words {
            argv.extend(expand_word(w, cx));
        }
        let assigns: Vec<(String, String)> =
            simple.assigns.iter().map(|(k, w)| (k.clone(), expand_word(w, cx).join(" "))).collect();
        // A `$(…)` that could not fork ended this shell, or an expansion failed: the
        // command does not run.
        if let Some(code) = cx.sh.expansion_error.or(exit_requested(cx.effects)) {
            return Err(code);
        }
        self.io.stdin = stdin;
        routing.prog = argv.first().cloned().unwrap_or_default();
        self.io.piped = routing.piped();
        self.routing = Some(routing);
        if argv.is_empty() {
            for (k, v) in assigns {
                cx.sh.vars.insert(k, v);
            }
            return Ok(Box::new(crate::process::Finished(0)));
        }
        let mut sub =
            Cx { world: cx.world, io: &mut self.io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: cx.effects };
        if sub.sh.funcs.contains_key(&argv[0]) {
            let name = argv[0].clone();
            let args = argv[1..].to_vec();
            return Ok(nested(&mut sub, subshell, move |cx| ScriptJob::call(&name, args, cx)));
        }
        Ok(crate::programs::spawn(&mut sub, argv, assigns))
    }

    /// Sends what the stage wrote where its routing says.
    pub(super) fn route(&mut self, cx: &mut Cx<'_>) {
        let Some(routing) = &mut self.routing else {
            self.io.forward_to(cx.io);
            return;
        };
        for (stream, text) in self.io.take() {
            let dest = if stream == Stream::Err { routing.err } else { routing.out };
            match dest {
                Dest::Screen(Stream::Out) => cx.io.out(&text),
                Dest::Screen(Stream::Err) => cx.io.err(&text),
                Dest::Null => {}
                Dest::Pipe | Dest::File(_) => {
                    if let Some(buf) = routing.buffer(dest) {
                        buf.push_str(&text);
                    }
                }
            }
        }
    }

    /// Writes redirected files, hands stdout to the next stage. Returns a status on failure.
    fn finish_stage(&mut self, cx: &mut Cx<'_>) -> Option<i32> {
        self.job = None;
        let routing = self.routing.take()?;
        for (path, data) in &routing.files {
            if let Err(e) = cx.world.fs_write(cx.sh.loc, path, data.as_bytes(), false) {
                cx.io.errln(&format!("{}: {path}: {}", cx.sh.name_for_errors(), e.strerror()));
                return Some(1);
            }
        }
        self.input = Some(routing.pipe.unwrap_or_default());
        None
    }
}
