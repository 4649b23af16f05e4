//! Runs a parsed command line as a resumable job. Each pipeline stage is a
//! job of its own; a stage's stdout feeds the next stage's stdin once it
//! ends (simulated pipes are buffered), redirections write files when the
//! stage ends, and `&&`/`||` look at the last status.

use super::parse::{self, AndOr, Connector, Part, Pipeline, RedirKind, Simple, Word};
use crate::process::{Cx, Effect, Io, Job, Poll, Stream, Wake};

/// A whole command line.
pub struct ScriptJob {
    lists: Vec<AndOr>,
    idx: usize,
    /// 0 = the first pipeline of `lists[idx]`, k = `rest[k-1]`.
    pidx: usize,
    status: i32,
    running: Option<PipelineRun>,
    /// Script line of the list running now.
    line: usize,
}

impl ScriptJob {
    pub fn new(lists: Vec<AndOr>) -> ScriptJob {
        ScriptJob { lists, idx: 0, pidx: 0, status: 0, running: None, line: 1 }
    }

    /// Parses `line`; a syntax error becomes a job that prints bash's message.
    pub fn from_line(line: &str, cx: &mut Cx<'_>) -> Box<dyn Job> {
        match parse::parse(line) {
            Ok(lists) => Box::new(ScriptJob::new(lists)),
            Err(e) => {
                cx.io.errln(&format!("{}: {}", cx.sh.name_for_errors(), e.message));
                cx.sh.last_status = 2;
                Box::new(crate::process::Finished(2))
            }
        }
    }

    fn next_pipeline(&mut self) -> Option<Pipeline> {
        loop {
            let list = self.lists.get(self.idx)?;
            if self.pidx == 0 {
                self.pidx = 1;
                self.line = list.line;
                return Some(list.first.clone());
            }
            match list.rest.get(self.pidx - 1) {
                Some((conn, p)) => {
                    self.pidx += 1;
                    let run = match conn {
                        Connector::And => self.status == 0,
                        Connector::Or => self.status != 0,
                    };
                    if run {
                        return Some(p.clone());
                    }
                }
                None => {
                    self.idx += 1;
                    self.pidx = 0;
                }
            }
        }
    }
}

fn exit_requested(effects: &[Effect]) -> Option<i32> {
    effects.iter().rev().find_map(|e| match e {
        Effect::ExitShell(code) => Some(*code),
        _ => None,
    })
}

impl Job for ScriptJob {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        loop {
            if let Some(run) = &mut self.running {
                match run.poll(cx) {
                    Poll::Pending(w) => return Poll::Pending(w),
                    Poll::Done(code) => {
                        self.status = code;
                        cx.sh.last_status = code;
                        self.running = None;
                        if let Some(code) = exit_requested(cx.effects) {
                            return Poll::Done(code);
                        }
                    }
                }
            }
            match self.next_pipeline() {
                Some(p) => {
                    cx.sh.line = self.line;
                    self.running = Some(PipelineRun::new(p))
                }
                None => return Poll::Done(self.status),
            }
        }
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        if let Some(run) = &mut self.running {
            if let Some(wake) = run.interrupt(cx) {
                // The program handles Ctrl-C and needs time to finish (Compose stopping its
                // containers): wait for it; nothing after it in the line runs.
                self.idx = self.lists.len();
                self.pidx = 0;
                return Poll::Pending(wake);
            }
        }
        self.running = None;
        self.idx = self.lists.len();
        cx.sh.last_status = 130;
        Poll::Done(130)
    }

    fn signal(&mut self, sig: crate::process::Signal, cx: &mut Cx<'_>) -> Option<i32> {
        match &mut self.running {
            Some(run) => run.signal(sig, cx),
            None => None,
        }
    }

    fn is_interactive_shell(&self) -> bool {
        self.running.as_ref().is_some_and(|r| r.job.as_ref().is_some_and(|j| j.is_interactive_shell()))
    }

    fn runs_until_interrupted(&self) -> bool {
        self.running.as_ref().is_some_and(|r| r.job.as_ref().is_some_and(|j| j.runs_until_interrupted()))
    }

    fn wants_input(&self) -> bool {
        self.running.as_ref().is_some_and(|r| r.job.as_ref().is_some_and(|j| j.wants_input()))
    }

    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        if let Some(run) = &mut self.running {
            if let Some(job) = &mut run.job {
                let poll = {
                    let mut sub =
                        Cx { world: cx.world, io: &mut run.io, sh: cx.sh, lang: cx.lang, effects: cx.effects };
                    job.input(line, &mut sub)
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

/// Where a stage's output goes.
struct Routing {
    /// stdout into a buffer (pipe to the next stage, or a file).
    out_buf: Option<String>,
    out_file: Option<(String, bool)>,
    err_file: Option<(String, bool)>,
    err_buf: Option<String>,
    err_to_out: bool,
    err_null: bool,
    out_null: bool,
    /// The command's name, for a write error.
    prog: String,
}

/// Bytes a stage may buffer into a pipe or a file while it still runs (see
/// `PipelineRun::cut_if_full`).
const PIPE_MAX: usize = 16 << 20;

struct PipelineRun {
    stages: Pipeline,
    cur: usize,
    input: Option<String>,
    job: Option<Box<dyn Job>>,
    io: Io,
    routing: Option<Routing>,
    /// An earlier stage could not start (bad redirection): the status to return.
    failed: Option<i32>,
    /// The running stage finished while answering input: its status.
    answered: Option<i32>,
}

impl PipelineRun {
    fn new(stages: Pipeline) -> PipelineRun {
        PipelineRun {
            stages,
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

    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        loop {
            if self.job.is_none() {
                if let Some(code) = self.failed.take() {
                    return Poll::Done(code);
                }
                let simple = self.stages[self.cur].clone();
                match self.start_stage(&simple, cx) {
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
                    let mut sub =
                        Cx { world: cx.world, io: &mut self.io, sh: cx.sh, lang: cx.lang, effects: cx.effects };
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
        let out_full = routing.out_buf.as_ref().is_some_and(|b| b.len() > PIPE_MAX);
        let err_full = routing.err_buf.as_ref().is_some_and(|b| b.len() > PIPE_MAX);
        if !out_full && !err_full {
            return None;
        }
        if routing.out_file.is_none() && !err_full {
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
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Option<Wake> {
        if let Some(job) = &mut self.job {
            let mut sub = Cx { world: cx.world, io: &mut self.io, sh: cx.sh, lang: cx.lang, effects: cx.effects };
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
            let simple = self.stages[self.cur].clone();
            if let Ok(mut job) = self.start_stage(&simple, cx) {
                let mut sub = Cx { world: cx.world, io: &mut self.io, sh: cx.sh, lang: cx.lang, effects: cx.effects };
                if let Poll::Pending(_) = job.poll(&mut sub) {
                    let _ = job.interrupt(&mut sub);
                }
                self.route(cx);
                let _ = self.finish_stage(cx);
            }
        }
        None
    }

    fn signal(&mut self, sig: crate::process::Signal, cx: &mut Cx<'_>) -> Option<i32> {
        let job = self.job.as_mut()?;
        let mut sub = Cx { world: cx.world, io: &mut self.io, sh: cx.sh, lang: cx.lang, effects: cx.effects };
        job.signal(sig, &mut sub)
    }

    /// Expands words, applies redirections, and spawns the stage's command.
    fn start_stage(&mut self, simple: &Simple, cx: &mut Cx<'_>) -> Result<Box<dyn Job>, i32> {
        let last = self.is_last();
        let mut routing = Routing {
            out_buf: if last { None } else { Some(String::new()) },
            out_file: None,
            err_file: None,
            err_buf: None,
            err_to_out: false,
            err_null: false,
            out_null: false,
            prog: String::new(),
        };
        let mut stdin = self.input.take();
        for r in &simple.redirs {
            let target = expand_word(&r.target, cx).join(" ");
            let path = cx.sh.path(&target);
            match r.kind {
                RedirKind::Out | RedirKind::Append | RedirKind::BothOut => {
                    let append = r.kind == RedirKind::Append;
                    if target == "/dev/null" {
                        routing.out_null = true;
                        routing.out_buf = None;
                    } else {
                        // The file is created (or truncated) before the command runs, as in a real shell.
                        let initial =
                            if append { cx.world.fs_read(cx.sh.loc, &path).unwrap_or_default() } else { Vec::new() };
                        if let Err(e) = cx.world.fs_write(cx.sh.loc, &path, &initial, false) {
                            cx.io.errln(&format!("{}: {target}: {}", cx.sh.name_for_errors(), e.strerror()));
                            return Err(1);
                        }
                        routing.out_buf = Some(String::from_utf8_lossy(&initial).into_owned());
                        routing.out_file = Some((path, false));
                    }
                    if r.kind == RedirKind::BothOut {
                        routing.err_to_out = true;
                    }
                }
                RedirKind::ErrOut | RedirKind::ErrAppend => {
                    if target == "/dev/null" {
                        routing.err_null = true;
                    } else {
                        let initial = if r.kind == RedirKind::ErrAppend {
                            cx.world.fs_read(cx.sh.loc, &path).unwrap_or_default()
                        } else {
                            Vec::new()
                        };
                        if let Err(e) = cx.world.fs_write(cx.sh.loc, &path, &initial, false) {
                            cx.io.errln(&format!("{}: {target}: {}", cx.sh.name_for_errors(), e.strerror()));
                            return Err(1);
                        }
                        routing.err_buf = Some(String::from_utf8_lossy(&initial).into_owned());
                        routing.err_file = Some((path, false));
                    }
                }
                RedirKind::ErrToOut => routing.err_to_out = true,
                RedirKind::In => match cx.world.fs_read(cx.sh.loc, &path) {
                    Ok(data) => stdin = Some(String::from_utf8_lossy(&data).into_owned()),
                    Err(e) => {
                        cx.io.errln(&format!("{}: {target}: {}", cx.sh.name_for_errors(), e.strerror()));
                        return Err(1);
                    }
                },
            }
        }
        let mut argv = Vec::new();
        for w in &simple.words {
            argv.extend(expand_word(w, cx));
        }
        let assigns: Vec<(String, String)> =
            simple.assigns.iter().map(|(k, w)| (k.clone(), expand_word(w, cx).join(" "))).collect();
        // A `$(…)` that could not fork ended this shell: the command does not run.
        if let Some(code) = exit_requested(cx.effects) {
            return Err(code);
        }
        self.io.stdin = stdin;
        routing.prog = argv.first().cloned().unwrap_or_default();
        self.io.piped = routing.out_buf.is_some() || routing.out_null;
        self.routing = Some(routing);
        if argv.is_empty() {
            for (k, v) in assigns {
                cx.sh.vars.insert(k, v);
            }
            return Ok(Box::new(crate::process::Finished(0)));
        }
        let mut sub = Cx { world: cx.world, io: &mut self.io, sh: cx.sh, lang: cx.lang, effects: cx.effects };
        Ok(crate::programs::spawn(&mut sub, argv, assigns))
    }

    /// Sends what the stage wrote where its routing says.
    fn route(&mut self, cx: &mut Cx<'_>) {
        let Some(routing) = &mut self.routing else {
            self.io.forward_to(cx.io);
            return;
        };
        for (stream, text) in self.io.take() {
            let stream = if stream == Stream::Err && routing.err_to_out { Stream::Out } else { stream };
            match stream {
                Stream::Out => {
                    if routing.out_null {
                    } else if let Some(buf) = &mut routing.out_buf {
                        buf.push_str(&text);
                    } else {
                        cx.io.out(&text);
                    }
                }
                Stream::Err => {
                    if routing.err_null {
                    } else if let Some(buf) = &mut routing.err_buf {
                        buf.push_str(&text);
                    } else {
                        cx.io.err(&text);
                    }
                }
            }
        }
    }

    /// Writes redirected files, hands stdout to the next stage. Returns a status on failure.
    fn finish_stage(&mut self, cx: &mut Cx<'_>) -> Option<i32> {
        self.job = None;
        let routing = self.routing.take()?;
        if let (Some((path, _)), Some(buf)) = (&routing.err_file, &routing.err_buf) {
            let _ = cx.world.fs_write(cx.sh.loc, path, buf.as_bytes(), false);
        }
        if let Some((path, _)) = &routing.out_file {
            let data = routing.out_buf.clone().unwrap_or_default();
            if let Err(e) = cx.world.fs_write(cx.sh.loc, path, data.as_bytes(), false) {
                cx.io.errln(&format!("{}: {path}: {}", cx.sh.name_for_errors(), e.strerror()));
                return Some(1);
            }
            self.input = Some(String::new());
        } else {
            self.input = Some(routing.out_buf.unwrap_or_default());
        }
        None
    }
}

/// Expands one word into fields: variables, `$(…)`, `~`, and field splitting of unquoted expansions.
pub fn expand_word(word: &Word, cx: &mut Cx<'_>) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut have_cur = false;
    let mut any_quoted = false;
    for (i, part) in word.iter().enumerate() {
        match part {
            Part::Lit { text, quoted } => {
                if *quoted {
                    any_quoted = true;
                }
                if i == 0 && !quoted && (text == "~" || text.starts_with("~/")) {
                    cur.push_str(cx.sh.home());
                    cur.push_str(&text[1..]);
                } else {
                    cur.push_str(text);
                }
                have_cur = true;
            }
            Part::Var { name, default, quoted } => {
                let value = match name.as_str() {
                    "?" => Some(cx.sh.last_status.to_string()),
                    "$" => Some("1".to_string()),
                    "#" => Some("0".into()),
                    "0" => Some(match &cx.sh.invocation {
                        super::Invocation::Command(arg0) | super::Invocation::Script(arg0) => arg0.clone(),
                        super::Invocation::Interactive => match cx.sh.kind {
                            super::ShellKind::Bash => "bash",
                            super::ShellKind::Ash => "/bin/sh",
                            super::ShellKind::Dash => "sh",
                        }
                        .into(),
                    }),
                    _ => cx.sh.var(name).map(|s| s.to_string()),
                };
                let value = match (value, default) {
                    (Some(v), Some(d)) if v.is_empty() => d.clone(),
                    (Some(v), _) => v,
                    (None, Some(d)) => d.clone(),
                    (None, None) => String::new(),
                };
                split_into(&value, *quoted, &mut fields, &mut cur, &mut have_cur);
                if *quoted {
                    any_quoted = true;
                }
            }
            Part::Subst { source, quoted } => {
                let out = run_captured(source, cx);
                let trimmed = out.trim_end_matches('\n').to_string();
                split_into(&trimmed, *quoted, &mut fields, &mut cur, &mut have_cur);
                if *quoted {
                    any_quoted = true;
                }
            }
        }
    }
    if have_cur && (!cur.is_empty() || any_quoted) {
        fields.push(cur);
    }
    // Globs: `*` in unquoted words matches names in the directory.
    let has_glob =
        word.iter().any(|p| matches!(p, Part::Lit { text, quoted: false } if crate::wildcard::has_wildcards(text)));
    if has_glob {
        let mut out = Vec::new();
        for f in fields {
            let matches = glob(&f, cx);
            if matches.is_empty() {
                out.push(f);
            } else {
                out.extend(matches);
            }
        }
        return out;
    }
    fields
}

fn split_into(value: &str, quoted: bool, fields: &mut Vec<String>, cur: &mut String, have_cur: &mut bool) {
    if quoted {
        cur.push_str(value);
        *have_cur = true;
        return;
    }
    let mut pieces = value.split_whitespace().peekable();
    if value.starts_with(char::is_whitespace) && *have_cur && !cur.is_empty() {
        fields.push(std::mem::take(cur));
    }
    while let Some(p) = pieces.next() {
        cur.push_str(p);
        *have_cur = true;
        if pieces.peek().is_some() {
            fields.push(std::mem::take(cur));
        }
    }
    if value.ends_with(char::is_whitespace) && !cur.is_empty() {
        fields.push(std::mem::take(cur));
        *have_cur = false;
    }
}

/// Runs `$(…)` to completion at once and returns its stdout. A command that
/// would wait (ping without -c) is cut off.
pub fn run_captured(source: &str, cx: &mut Cx<'_>) -> String {
    // A substitution runs in a forked subshell: refused past the process limit.
    if !super::fork::can_fork(cx.sh) {
        super::fork::failed_now(cx);
        return String::new();
    }
    let mut io = Io::default();
    let mut sh = cx.sh.clone();
    sh.procs += 1;
    sh.in_substitution = true;
    let mut effects = Vec::new();
    let mut out = String::new();
    {
        let mut sub = Cx { world: cx.world, io: &mut io, sh: &mut sh, lang: cx.lang, effects: &mut effects };
        let mut job = ScriptJob::from_line(source, &mut sub);
        if let Poll::Pending(_) = job.poll(&mut sub) {
            let _ = job.interrupt(&mut sub);
        }
    }
    for (stream, text) in io.take() {
        match stream {
            Stream::Out => out.push_str(&text),
            Stream::Err => cx.io.err(&text),
        }
    }
    cx.sh.last_status = sh.last_status;
    super::fork::sync_up(cx.sh, &sh);
    super::fork::capture(cx.sh, &mut out);
    out
}

fn glob(pattern: &str, cx: &mut Cx<'_>) -> Vec<String> {
    let (dir, pat, prefix) = match pattern.rfind('/') {
        Some(i) => (cx.sh.path(&pattern[..i.max(1)]), &pattern[i + 1..], pattern[..i + 1].to_string()),
        None => (cx.sh.cwd.clone(), pattern, String::new()),
    };
    if pat.is_empty() || !crate::wildcard::has_wildcards(pat) {
        return Vec::new();
    }
    let Ok(entries) = cx.world.fs_list(cx.sh.loc, &dir) else { return Vec::new() };
    entries
        .into_iter()
        .filter(|(name, _)| {
            !name.starts_with('.') && crate::wildcard::matches(pat, name, crate::wildcard::Dialect::Shell)
        })
        .map(|(name, _)| format!("{prefix}{name}"))
        .collect()
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
