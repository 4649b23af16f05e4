//! The job-control builtins over the shell's job table (`shell::jobs`): `jobs`, `wait`, `fg`,
//! `bg` and `kill`. Texts and statuses as bash 5.2's `builtins/{jobs,wait,fg_bg,kill}.def` and
//! `jobs.c` print them; busybox ash's (`jobscmd`, `waitcmd`, `fg_bgcmd`, `getjob`) where it differs.

use crate::process::{done, Cx, Job, Poll, Wake};
use crate::shell::jobs::{signal_number, JobState, SpecError};
use crate::shell::{Invocation, ShellKind};

/// A shell's own error line: `bash: fg: current: no such job`, `x.sh: line 3: wait: …`.
fn error(cx: &mut Cx<'_>, cmd: &str, msg: &str) {
    let prefix = cx.sh.error_prefix();
    cx.io.errln(&format!("{prefix}: {cmd}: {msg}"));
}

/// The status a shell's job-spec error gives: bash's builtin failure (1), ash's raised error (2).
fn spec_failure(cx: &Cx<'_>) -> i32 {
    match cx.sh.kind {
        ShellKind::Bash => 1,
        ShellKind::Ash | ShellKind::Dash => 2,
    }
}

fn spec_message(e: &SpecError, kind: ShellKind) -> String {
    match (e, kind) {
        (SpecError::NoSuch(w), _) => format!("{w}: no such job"),
        (SpecError::NoCurrent, ShellKind::Bash) => "current: no such job".into(),
        (SpecError::NoCurrent, _) => "No current job".into(),
        (SpecError::Ambiguous(w), ShellKind::Bash) => format!("{w}: ambiguous job spec"),
        (SpecError::Ambiguous(w), _) => format!("%{w}: ambiguous"),
    }
}

/// Whether this shell has job control: an interactive shell on a terminal (not a script, not
/// `sh -c`, not a container's main process).
fn job_control(cx: &Cx<'_>) -> bool {
    cx.sh.invocation == Invocation::Interactive && cx.sh.tty.is_some() && !cx.sh.is_main && !cx.sh.subshell
}

/// `jobs [-lp] [jobspec…]`: each job with its state (`[1]+  Running                 sleep 100 &`);
/// jobs that ended are shown once and leave the table.
pub fn jobs(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (mut long, mut pids) = (false, false);
    let mut specs = Vec::new();
    for a in &argv[1..] {
        match a.strip_prefix('-') {
            Some(flags) if !flags.is_empty() && specs.is_empty() => {
                for f in flags.chars() {
                    match f {
                        'l' => long = true,
                        'p' => pids = true,
                        'n' | 'r' | 's' => {}
                        _ => {
                            error(cx, "jobs", &format!("-{f}: invalid option"));
                            cx.io.errln("jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]");
                            return done(2);
                        }
                    }
                }
            }
            _ => specs.push(a.clone()),
        }
    }
    let kind = cx.sh.kind;
    let mut ids = Vec::new();
    let mut status = 0;
    if specs.is_empty() {
        ids.extend(cx.sh.jobs.entries().iter().map(|e| e.id));
    } else {
        for s in &specs {
            match cx.sh.jobs.spec(Some(s)) {
                Ok(id) => ids.push(id),
                Err(e) => {
                    error(cx, "jobs", &spec_message(&e, kind));
                    status = 1;
                }
            }
        }
    }
    // bash lists the newest last; ash from the current job back.
    if kind != ShellKind::Bash {
        ids.reverse();
    }
    let mut out = String::new();
    for id in &ids {
        let Some(e) = cx.sh.jobs.get(*id) else { continue };
        if pids {
            out.push_str(&format!("{}\n", e.pid));
        } else {
            out.push_str(&cx.sh.jobs.line(e, kind, long));
        }
    }
    cx.io.out(&out);
    if !pids {
        for id in ids {
            if cx.sh.jobs.get(id).is_some_and(|e| e.state != JobState::Running) {
                cx.sh.jobs.remove(id);
            }
        }
    }
    done(status)
}

/// What `wait` waits for.
enum Target {
    /// A job of the table, and its process (its status stays after it leaves the table).
    Job(u32, u32),
    /// A process that already left the table, with its status.
    Reaped(i32),
    /// An error already said: the status it gives.
    Failed(i32),
}

/// `wait [jobspec|pid…]`: until the named jobs (or all) end; the status of the last one named.
/// Ctrl-C at a terminal interrupts it (130), the jobs going on.
struct Wait {
    /// `None`: all jobs.
    targets: Option<Vec<Target>>,
    next: usize,
    status: i32,
    /// The jobs running when a bare `wait` began (their ends are reported as they come).
    running: Vec<u32>,
    started: bool,
}

pub fn wait(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let args: Vec<&String> = argv[1..].iter().filter(|a| a.as_str() != "--").collect();
    if args.is_empty() {
        return Box::new(Wait { targets: None, next: 0, status: 0, running: Vec::new(), started: false });
    }
    let mut targets = Vec::new();
    for a in args {
        if a.starts_with('%') {
            match cx.sh.jobs.spec(Some(a)) {
                Ok(id) => targets.push(Target::Job(id, cx.sh.jobs.get(id).map_or(0, |e| e.pid))),
                Err(e) => {
                    error(cx, "wait", &spec_message(&e, cx.sh.kind));
                    targets.push(Target::Failed(127));
                }
            }
        } else if let Ok(pid) = a.parse::<u32>() {
            match (cx.sh.jobs.by_pid(pid), cx.sh.jobs.reaped(pid)) {
                (Some(e), _) => targets.push(Target::Job(e.id, pid)),
                (None, Some(status)) => targets.push(Target::Reaped(status)),
                (None, None) => {
                    if cx.sh.kind == ShellKind::Bash {
                        error(cx, "wait", &format!("pid {pid} is not a child of this shell"));
                    }
                    targets.push(Target::Failed(127));
                }
            }
        } else {
            match cx.sh.kind {
                ShellKind::Bash => {
                    error(cx, "wait", &format!("`{a}': not a pid or valid job spec"));
                    targets.push(Target::Failed(1));
                }
                _ => {
                    error(cx, "wait", &format!("Illegal number: {a}"));
                    return done(2);
                }
            }
        }
    }
    Box::new(Wait { targets: Some(targets), next: 0, status: 0, running: Vec::new(), started: false })
}

impl Wait {
    /// A waited-for job ended: an interactive shell reports it (and any other that ended, as
    /// bash's `notify_and_cleanup` after `wait_for`), a script's forgets it.
    fn ended(id: u32, cx: &mut Cx<'_>) {
        if job_control(cx) {
            let reports = cx.sh.jobs.take_reports(cx.sh.kind);
            cx.io.err(&reports);
        } else {
            cx.sh.jobs.remove(id);
        }
    }
}

impl Job for Wait {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let Some(targets) = &self.targets else {
            if !self.started {
                self.started = true;
                self.running =
                    cx.sh.jobs.entries().iter().filter(|e| e.state == JobState::Running).map(|e| e.id).collect();
            }
            for id in std::mem::take(&mut self.running) {
                match cx.sh.jobs.get(id).map(|e| e.state) {
                    Some(JobState::Running) => self.running.push(id),
                    Some(_) => Wait::ended(id, cx),
                    None => {}
                }
            }
            if !self.running.is_empty() {
                return Poll::Pending(Wake::Never);
            }
            // POSIX lets `wait` with no operands discard every ended job's status.
            cx.sh.jobs.forget_ended();
            return Poll::Done(0);
        };
        while let Some(t) = targets.get(self.next) {
            match t {
                Target::Failed(code) | Target::Reaped(code) => self.status = *code,
                Target::Job(id, pid) => {
                    let (id, pid) = (*id, *pid);
                    match cx.sh.jobs.get(id).map(|e| e.state) {
                        Some(JobState::Running) => return Poll::Pending(Wake::Never),
                        Some(state) => {
                            self.status = state.status();
                            Wait::ended(id, cx);
                        }
                        None => self.status = cx.sh.jobs.reaped(pid).unwrap_or(127),
                    }
                }
            }
            self.next += 1;
        }
        Poll::Done(self.status)
    }
}

/// `fg [jobspec]`: the job's command, then the job in the foreground: the shell waits for it and
/// Ctrl-C stops it.
pub fn fg(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if !job_control(cx) {
        error(cx, "fg", "no job control");
        return done(1);
    }
    let id = match cx.sh.jobs.spec(argv.get(1).map(|s| s.as_str())) {
        Ok(id) => id,
        Err(e) => {
            error(cx, "fg", &spec_message(&e, cx.sh.kind));
            return done(spec_failure(cx));
        }
    };
    let Some(e) = cx.sh.jobs.get(id) else { return done(1) };
    if e.state != JobState::Running && cx.sh.kind == ShellKind::Bash {
        error(cx, "fg", "job has terminated");
        return done(1);
    }
    let text = e.text.clone();
    cx.io.outln(&text);
    Box::new(Foreground { id })
}

/// A background job brought to the foreground: its runner goes on running it; this waits for
/// its end and sends it Ctrl-C's SIGINT.
struct Foreground {
    id: u32,
}

impl Job for Foreground {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        match cx.sh.jobs.get(self.id).map(|e| e.state) {
            Some(JobState::Running) => Poll::Pending(Wake::Never),
            Some(state) => {
                // A job that ended in the foreground is not reported.
                cx.sh.jobs.remove(self.id);
                Poll::Done(state.status())
            }
            None => Poll::Done(0),
        }
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        if let Some(e) = cx.sh.jobs.get_mut(self.id) {
            if e.state == JobState::Running {
                e.kill = Some(2);
                return Poll::Pending(Wake::Never);
            }
        }
        self.poll(cx)
    }

    fn runs_until_interrupted(&self) -> bool {
        true
    }
}

/// `bg [jobspec]`: every job here already runs (nothing stops one), so bash's answer for a
/// running job.
pub fn bg(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if !job_control(cx) {
        error(cx, "bg", "no job control");
        return done(1);
    }
    match cx.sh.jobs.spec(argv.get(1).map(|s| s.as_str())) {
        Ok(id) => {
            let running = cx.sh.jobs.get(id).is_some_and(|e| e.state == JobState::Running);
            if !running && cx.sh.kind == ShellKind::Bash {
                error(cx, "bg", "job has terminated");
                return done(1);
            }
            if cx.sh.kind == ShellKind::Bash {
                error(cx, "bg", &format!("job {id} already in background"));
            } else if let Some(e) = cx.sh.jobs.get(id) {
                let line = format!("[{id}] {}", e.text);
                cx.io.outln(&line);
            }
            done(0)
        }
        Err(e) => {
            error(cx, "bg", &spec_message(&e, cx.sh.kind));
            done(spec_failure(cx))
        }
    }
}

/// `kill [-s SIG | -SIG] pid|jobspec…`: a job of this shell gets the signal (its runner
/// delivers it); other process IDs are left alone.
pub fn kill(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    const USAGE: &str = "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]";
    let mut args = &argv[1..];
    let mut sig = 15;
    if let Some(a) = args.first() {
        let spec = if a == "-l" || a == "-L" {
            // The signal list is not modelled (as before): nothing printed.
            return done(0);
        } else if a == "-s" || a == "-n" {
            let Some(s) = args.get(1) else {
                error(cx, "kill", &format!("{a}: option requires an argument"));
                return done(1);
            };
            args = &args[2..];
            Some(s.clone())
        } else if a == "--" {
            args = &args[1..];
            None
        } else if let Some(s) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            args = &args[1..];
            Some(s.to_string())
        } else {
            None
        };
        if let Some(spec) = spec {
            match signal_number(&spec) {
                Some(n) => sig = n,
                None => {
                    error(cx, "kill", &format!("{spec}: invalid signal specification"));
                    return done(1);
                }
            }
        }
    }
    if args.is_empty() {
        cx.io.errln(USAGE);
        return done(2);
    }
    let mut any = false;
    let mut failed = false;
    for a in args {
        let id = if a.starts_with('%') {
            match cx.sh.jobs.spec(Some(a)) {
                Ok(id) => Some(id),
                Err(e) => {
                    error(cx, "kill", &spec_message(&e, cx.sh.kind));
                    failed = true;
                    continue;
                }
            }
        } else if let Ok(pid) = a.parse::<i64>() {
            match u32::try_from(pid).ok().and_then(|p| cx.sh.jobs.by_pid(p)) {
                Some(e) => Some(e.id),
                None => {
                    // Another process: Muelle does not model signals to it.
                    any = true;
                    None
                }
            }
        } else {
            error(cx, "kill", &format!("{a}: arguments must be process or job IDs"));
            failed = true;
            continue;
        };
        let Some(id) = id else { continue };
        let Some(e) = cx.sh.jobs.get_mut(id) else { continue };
        if e.state != JobState::Running {
            let pid = e.pid;
            error(cx, "kill", &format!("({pid}) - No such process"));
            failed = true;
            continue;
        }
        if sig != 0 {
            e.kill = Some(sig);
        }
        any = true;
    }
    // bash: success when any signal was sent.
    let _ = failed;
    done(if any { 0 } else { 1 })
}
