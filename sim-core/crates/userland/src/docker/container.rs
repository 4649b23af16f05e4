//! Lifecycle commands on existing containers: start, stop, restart, kill,
//! rm, logs, exec, port, rename, top, wait, container prune (`pause.rs`
//! has pause/unpause, `stats.rs` stats).

use super::args::{b, v, Parsed};
use super::{daemon_error, done, logs, Cmd};
use crate::process::{Cx, Effect, Job, Poll, Signal, Wake};
use crate::shell::ShellCtx;
use crate::world::container::Stream;
use crate::world::{Cid, Status};

pub const COMMANDS: &[Cmd] = &[
    Cmd { path: "start", aliases: &["container start"], usage: "start [OPTIONS] CONTAINER [CONTAINER...]", short: "Start one or more stopped containers", flags: &[b("attach", Some('a'), "Attach STDOUT/STDERR and forward signals"), b("interactive", Some('i'), "Attach container's STDIN")], stop_at_first_arg: false, min_args: 1, max_args: None, run: start },
    Cmd { path: "stop", aliases: &["container stop"], usage: "stop [OPTIONS] CONTAINER [CONTAINER...]", short: "Stop one or more running containers", flags: &[v("signal", Some('s'), "string", "Signal to send to the container"), v("time", Some('t'), "int", "Seconds to wait before killing the container")], stop_at_first_arg: false, min_args: 1, max_args: None, run: stop },
    Cmd { path: "restart", aliases: &["container restart"], usage: "restart [OPTIONS] CONTAINER [CONTAINER...]", short: "Restart one or more containers", flags: &[v("signal", Some('s'), "string", "Signal to send to the container"), v("time", Some('t'), "int", "Seconds to wait before killing the container")], stop_at_first_arg: false, min_args: 1, max_args: None, run: restart },
    Cmd { path: "kill", aliases: &["container kill"], usage: "kill [OPTIONS] CONTAINER [CONTAINER...]", short: "Kill one or more running containers", flags: &[v("signal", Some('s'), "string", "Signal to send to the container")], stop_at_first_arg: false, min_args: 1, max_args: None, run: kill },
    Cmd { path: "rm", aliases: &["container rm", "container remove"], usage: "rm [OPTIONS] CONTAINER [CONTAINER...]", short: "Remove one or more containers", flags: &[b("force", Some('f'), "Force the removal of a running container (uses SIGKILL)"), b("link", Some('l'), "Remove the specified link"), b("volumes", Some('v'), "Remove anonymous volumes associated with the container")], stop_at_first_arg: false, min_args: 1, max_args: None, run: rm },
    Cmd { path: "logs", aliases: &["container logs"], usage: "logs [OPTIONS] CONTAINER", short: "Fetch the logs of a container", flags: &[b("details", None, "Show extra details provided to logs"), b("follow", Some('f'), "Follow log output"), v("since", None, "string", "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"), v("tail", Some('n'), "string", "Number of lines to show from the end of the logs (default \"all\")"), b("timestamps", Some('t'), "Show timestamps"), v("until", None, "string", "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")], stop_at_first_arg: false, min_args: 1, max_args: Some(1), run: logs },
    Cmd { path: "exec", aliases: &["container exec"], usage: "exec [OPTIONS] CONTAINER COMMAND [ARG...]", short: "Execute a command in a running container", flags: &[b("detach", Some('d'), "Detached mode: run command in the background"), v("env", Some('e'), "list", "Set environment variables"), v("env-file", None, "list", "Read in a file of environment variables"), b("interactive", Some('i'), "Keep STDIN open even if not attached"), b("privileged", None, "Give extended privileges to the command"), b("tty", Some('t'), "Allocate a pseudo-TTY"), v("user", Some('u'), "string", "Username or UID (format: \"<name|uid>[:<group|gid>]\")"), v("workdir", Some('w'), "string", "Working directory inside the container")], stop_at_first_arg: true, min_args: 2, max_args: None, run: exec },
    Cmd { path: "port", aliases: &["container port"], usage: "port CONTAINER [PRIVATE_PORT[/PROTO]]", short: "List port mappings or a specific mapping for the container", flags: &[], stop_at_first_arg: false, min_args: 1, max_args: Some(2), run: port },
    Cmd { path: "commit", aliases: &["container commit"], usage: "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]", short: "Create a new image from a container's changes", flags: &[v("author", Some('a'), "string", "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"), v("change", Some('c'), "list", "Apply Dockerfile instruction to the created image"), v("message", Some('m'), "string", "Commit message"), b("no-pause", None, "Disable pausing container during commit")], stop_at_first_arg: false, min_args: 1, max_args: Some(2), run: commit },
    Cmd { path: "rename", aliases: &["container rename"], usage: "rename CONTAINER NEW_NAME", short: "Rename a container", flags: &[], stop_at_first_arg: false, min_args: 2, max_args: Some(2), run: rename },
    Cmd { path: "top", aliases: &["container top"], usage: "top CONTAINER [ps OPTIONS]", short: "Display the running processes of a container", flags: &[], stop_at_first_arg: true, min_args: 1, max_args: None, run: top },
    Cmd { path: "diff", aliases: &["container diff"], usage: "diff CONTAINER", short: "Inspect changes to files or directories on a container's filesystem", flags: &[], stop_at_first_arg: false, min_args: 1, max_args: Some(1), run: diff },
    Cmd { path: "wait", aliases: &["container wait"], usage: "wait CONTAINER [CONTAINER...]", short: "Block until one or more containers stop, then print their exit codes", flags: &[], stop_at_first_arg: false, min_args: 1, max_args: None, run: wait },
    Cmd { path: "container prune", aliases: &[], usage: "container prune [OPTIONS]", short: "Remove all stopped containers", flags: &[v("filter", None, "filter", "Provide filter values (e.g. \"until=<timestamp>\")"), b("force", Some('f'), "Do not prompt for confirmation")], stop_at_first_arg: false, min_args: 0, max_args: Some(0), run: prune },
];

/// Finds a container or prints the daemon's "No such container".
pub fn lookup(cx: &mut Cx<'_>, reference: &str) -> Option<Cid> {
    match cx.world.lookup_container(reference) {
        Ok(cid) => Some(cid),
        Err(e) => {
            cx.io.errln(&format!("Error response from daemon: {e}"));
            None
        }
    }
}

fn start(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let mut failed = Vec::new();
    let attach = p.has("attach") || p.has("interactive");
    let mut last = None;
    for name in &p.args {
        let Some(cid) = lookup(cx, name) else {
            failed.push(name.clone());
            continue;
        };
        cx.world.set_manually_stopped(cid, false);
        cx.world.reset_restart_count(cid);
        let cursor = cx.world.container(cid).map(|c| c.logs.len()).unwrap_or(0);
        match cx.world.start_container(cid) {
            Ok(()) => {
                if !attach {
                    cx.io.outln(name);
                }
                last = Some((cid, cursor));
            }
            Err(e) => {
                cx.io.errln(&format!("Error response from daemon: {}", e.message()));
                failed.push(name.clone());
            }
        }
    }
    if !failed.is_empty() {
        cx.io.errln(&format!("Error: failed to start containers: {}", failed.join(", ")));
        return done(1);
    }
    if attach {
        if let Some((cid, cursor)) = last {
            let is_shell =
                cx.world.container(cid).and_then(|c| c.main.as_ref()).is_some_and(|m| m.process.is_interactive_shell());
            if is_shell && p.has("interactive") {
                let sh = ShellCtx::for_container(cx.world, cid);
                cx.effects.push(Effect::PushShell { sh: Box::new(sh), attached_main: true });
                if cx.world.container(cid).is_some_and(|c| c.config.tty) {
                    cx.effects.push(Effect::DetachKeys(crate::process::DetachKeys::quiet()));
                }
                return done(0);
            }
            let generation = cx.world.container(cid).map(|c| c.state.generation).unwrap_or(0);
            cx.effects.push(Effect::Detachable);
            return Box::new(super::run::Attach {
                cid,
                cursor,
                generation,
                interrupted: false,
                endless: true,
                sig_proxy: true,
                stay: false,
                stdin: p.has("interactive"),
                input_ready: false,
            });
        }
    }
    done(0)
}

/// Waits for containers to stop, printing each name as typed when it has.
struct WaitStopped {
    pending: Vec<(Cid, String)>,
    status: i32,
}

impl Job for WaitStopped {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        while let Some((cid, name)) = self.pending.first().cloned() {
            let running = cx.world.container(cid).is_some_and(|c| c.is_running());
            if running {
                return Poll::Pending(Wake::Change);
            }
            cx.io.outln(&name);
            self.pending.remove(0);
        }
        Poll::Done(self.status)
    }
}

fn parse_signal(cx: &mut Cx<'_>, p: &Parsed) -> Result<Option<Signal>, Box<dyn Job>> {
    match p.get("signal") {
        None => Ok(None),
        Some(s) => match Signal::parse(s) {
            Some(sig) => Ok(Some(sig)),
            None => {
                let e = crate::world::ContainerError::InvalidSignal { signal: s.to_string() };
                cx.io.errln(&format!("Error response from daemon: {e}"));
                Err(done(1))
            }
        },
    }
}

/// Muelle's note when stopping will take the whole timeout: the containers still running after
/// their stop signal ignored it (a simulated process acts on a signal at once or never), so the
/// daemon sends SIGKILL only after the timeout (`signal`/`timeout`: `-s`/`-t` when given).
pub(crate) fn stop_wait_note(cx: &mut Cx<'_>, cids: &[Cid], signal: Option<&str>, timeout: Option<u64>) {
    // (signal, seconds) → names, in the order the containers were stopped.
    let mut groups: Vec<(String, u64, Vec<String>)> = Vec::new();
    for cid in cids {
        let Some(c) = cx.world.container(*cid) else { continue };
        if !c.is_running() || !c.state.stopping || c.is_paused() {
            continue;
        }
        let seconds = timeout.or(c.config.stop_timeout_s).unwrap_or(10);
        if seconds == 0 {
            continue;
        }
        let sig = signal_name(signal.unwrap_or(&c.config.stop_signal));
        let name = c.name.clone();
        match groups.iter_mut().find(|(s, t, _)| *s == sig && *t == seconds) {
            Some((_, _, names)) => names.push(name),
            None => groups.push((sig, seconds, vec![name])),
        }
    }
    for (signal, seconds, names) in groups {
        cx.effects.push(Effect::Hint(crate::i18n::Hint::StopTimeout { names, signal, seconds }));
    }
}

/// A signal as the kernel names it (`15`, `term`, `SIGTERM` → `SIGTERM`).
fn signal_name(s: &str) -> String {
    let n = s.trim_start_matches("SIG").trim_start_matches("sig").to_ascii_uppercase();
    let n = match n.as_str() {
        "1" => "HUP",
        "2" => "INT",
        "3" => "QUIT",
        "9" => "KILL",
        "10" => "USR1",
        "12" => "USR2",
        "15" | "" => "TERM",
        "28" => "WINCH",
        other => other,
    };
    format!("SIG{n}")
}

/// Containers a command waits on, with the names they were given by.
type Pending = Vec<(Cid, String)>;

/// `docker stop`'s and `docker restart`'s first half: the stop signal (`-s`) to each container
/// named, SIGKILL after `-t`; the containers being stopped, and status 1 if a name was unknown.
fn stop_each(cx: &mut Cx<'_>, p: &Parsed) -> Result<(Pending, i32), Box<dyn Job>> {
    let sig = parse_signal(cx, p)?;
    let timeout = p.get("time").and_then(|t| t.parse::<u64>().ok());
    let mut pending = Vec::new();
    let mut status = 0;
    for name in &p.args {
        match lookup(cx, name) {
            Some(cid) => {
                cx.world.stop_container(cid, timeout, sig);
                pending.push((cid, name.clone()));
            }
            None => status = 1,
        }
    }
    let cids: Vec<Cid> = pending.iter().map(|(c, _)| *c).collect();
    stop_wait_note(cx, &cids, p.get("signal"), timeout);
    Ok((pending, status))
}

fn stop(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    match stop_each(cx, p) {
        Ok((pending, status)) => Box::new(WaitStopped { pending, status }),
        Err(job) => job,
    }
}

struct RestartJob {
    pending: Vec<(Cid, String)>,
    status: i32,
}

impl Job for RestartJob {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        while let Some((cid, name)) = self.pending.first().cloned() {
            if cx.world.container(cid).is_some_and(|c| c.is_running()) {
                return Poll::Pending(Wake::Change);
            }
            match cx.world.restart_stopped(cid, &name) {
                Ok(()) => cx.io.outln(&name),
                Err(e) => {
                    cx.io.errln(&format!("Error response from daemon: {e}"));
                    self.status = 1;
                }
            }
            self.pending.remove(0);
        }
        Poll::Done(self.status)
    }
}

fn restart(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    match stop_each(cx, p) {
        Ok((pending, status)) => Box::new(RestartJob { pending, status }),
        Err(job) => job,
    }
}

fn kill(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let sig = match parse_signal(cx, p) {
        Ok(s) => s.unwrap_or(Signal::Kill),
        Err(j) => return j,
    };
    let mut status = 0;
    for name in &p.args {
        // The daemon's router wraps every kill error: `cannot kill container: NAME: …`.
        match cx.world.kill(name, sig) {
            Ok(()) => cx.io.outln(name),
            Err(e) => {
                cx.io.errln(&format!("Error response from daemon: {e}"));
                status = 1;
            }
        }
    }
    done(status)
}

fn rm(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let mut status = 0;
    for name in &p.args {
        let Some(cid) = lookup(cx, name) else {
            status = 1;
            continue;
        };
        let running =
            cx.world.container(cid).is_some_and(|c| matches!(c.state.status, Status::Running | Status::Restarting));
        if !p.has("force") {
            // moby's `cleanupContainer` (daemon/delete.go).
            if let Err(e) = cx.world.check_remove(cid) {
                cx.io.errln(&format!("Error response from daemon: {e}"));
                status = 1;
                continue;
            }
        }
        if running {
            cx.world.stop_container(cid, Some(0), Some(Signal::Kill));
        }
        cx.world.remove_container_now(cid, p.has("volumes"));
        cx.io.outln(name);
    }
    done(status)
}

/// `docker logs -f`: prints new lines as they come, until the container stops, a line past
/// `--until`, or Ctrl-C.
struct Follow {
    cid: Cid,
    cursor: usize,
    timestamps: bool,
    generation: u32,
    window: logs::Window,
}

impl Job for Follow {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let Some(c) = cx.world.container(self.cid) else { return Poll::Done(0) };
        let (picked, past_end) = logs::select(&c.logs, self.cursor, None, &self.window);
        let lines: Vec<(String, Stream)> =
            picked.into_iter().map(|l| (logs::log_line(l, self.timestamps), l.stream)).collect();
        // Lines before `since` were skipped once; later ones all count (moby's forwarder).
        if !lines.is_empty() {
            self.window.since = None;
        }
        self.cursor = c.logs.len();
        let ended = past_end || !c.is_running() || c.state.generation != self.generation;
        for (l, stream) in lines {
            logs::print(cx.io, &l, stream);
        }
        if ended {
            Poll::Done(0)
        } else {
            Poll::Pending(Wake::Change)
        }
    }
    fn runs_until_interrupted(&self) -> bool {
        true
    }
}

fn logs(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let Some(cid) = lookup(cx, &p.args[0]) else { return done(1) };
    let timestamps = p.has("timestamps");
    // The client reads `--since`/`--until` after inspecting the container.
    let window = match logs::Window::parse(p.get("since"), p.get("until"), cx.world.now()) {
        Ok(w) => w,
        Err(e) => {
            cx.io.errln(&e);
            return done(1);
        }
    };
    let Some(c) = cx.world.container(cid) else { return done(1) };
    let tail = logs::parse_tail(p.get("tail"));
    let (picked, past_end) = logs::select(&c.logs, 0, tail, &window);
    let lines: Vec<(String, Stream, bool)> =
        picked.into_iter().map(|l| (logs::log_line(l, timestamps), l.stream, l.partial && !timestamps)).collect();
    let (cursor, running, generation) = (c.logs.len(), c.is_running(), c.state.generation);
    let why = cx
        .world
        .last_exit_cause(&c.name)
        .filter(|c| c.worth_explaining())
        .map(|cause| crate::i18n::explain_exit(cx.world, &c.name, cause, cx.lang));
    let since = if lines.is_empty() { window.since } else { None };
    logs::print_lines(cx.io, &lines, false);
    // Muelle's word on why it last stopped (translated), after Docker's output.
    if let Some(text) = why {
        cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Text(text)));
    }
    if p.has("follow") && running && !past_end {
        return Box::new(Follow { cid, cursor, timestamps, generation, window: logs::Window { since, ..window } });
    }
    done(0)
}

/// A command run with `docker exec`, in the container's shell context.
struct Exec {
    cid: Cid,
    sh: ShellCtx,
    job: Box<dyn Job>,
    generation: u32,
}

impl Job for Exec {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if cx.world.container(self.cid).is_none_or(|c| !c.is_running() || c.state.generation != self.generation) {
            return Poll::Done(137);
        }
        let mut effects = Vec::new();
        crate::shell::fork::sync_down(cx.sh, &mut self.sh);
        let poll = {
            let mut sub =
                Cx { world: cx.world, io: cx.io, sh: &mut self.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
            self.job.poll(&mut sub)
        };
        crate::shell::fork::sync_up(cx.sh, &self.sh);
        for e in effects {
            match e {
                Effect::Hint(h) => cx.effects.push(Effect::Hint(h)),
                Effect::PushShell { sh, .. } => cx.effects.push(Effect::PushShell { sh, attached_main: false }),
                Effect::Clear => cx.effects.push(Effect::Clear),
                _ => {}
            }
        }
        match poll {
            Poll::Pending(Wake::Never) => Poll::Pending(Wake::Change),
            other => other,
        }
    }
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        let mut effects = Vec::new();
        let mut sub =
            Cx { world: cx.world, io: cx.io, sh: &mut self.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
        self.job.interrupt(&mut sub)
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

impl Exec {
    /// What was typed reaches the program (`docker exec -it c python3`), in the container's
    /// terms; it then runs on as a poll would.
    fn answer(&mut self, cx: &mut Cx<'_>, give: impl FnOnce(&mut dyn Job, &mut Cx<'_>) -> Poll) -> Poll {
        let mut effects = Vec::new();
        let poll = {
            let mut sub =
                Cx { world: cx.world, io: cx.io, sh: &mut self.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
            give(self.job.as_mut(), &mut sub)
        };
        for e in effects {
            if let Effect::Hint(h) = e {
                cx.effects.push(Effect::Hint(h));
            }
        }
        match poll {
            Poll::Pending(Wake::Never) => Poll::Pending(Wake::Change),
            other => other,
        }
    }
}

fn exec(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let request = ExecRequest {
        container: p.args[0].clone(),
        cmd: p.args[1..].to_vec(),
        interactive: p.has("interactive"),
        tty: p.has("tty"),
        detach: p.has("detach"),
        env: p.all("env"),
        user: p.get("user").map(str::to_string),
        workdir: p.get("workdir").map(str::to_string),
    };
    exec_in(cx, request)
}

/// What `docker exec` asks of the daemon, typed: `docker compose exec` builds one from its own
/// flags instead of re-entering the docker CLI's parser.
#[derive(Clone, Debug, Default)]
pub(crate) struct ExecRequest {
    /// The container's name or ID, as typed.
    pub container: String,
    /// The command and its arguments.
    pub cmd: Vec<String>,
    /// `-i`: a lone shell reads the terminal.
    pub interactive: bool,
    /// `-t`: the command's output goes to a pseudo-TTY (redis-cli then prints for a terminal).
    pub tty: bool,
    /// `-d`.
    pub detach: bool,
    /// `-e K=V`, in order.
    pub env: Vec<String>,
    /// `-u`.
    pub user: Option<String>,
    /// `-w`.
    pub workdir: Option<String>,
}

/// `docker exec`: a command in a running container, nested in the caller.
pub(crate) fn exec_in(cx: &mut Cx<'_>, p: ExecRequest) -> Box<dyn Job> {
    if p.cmd.is_empty() {
        // `docker exec CONTAINER` alone, as the command table's arity check answers it.
        return super::arity_refusal(cx, "exec");
    }
    let Some(cid) = lookup(cx, &p.container) else { return done(1) };
    if let Err(e) = cx.world.check_exec(cid) {
        return daemon_error(cx, &e.to_string());
    }
    let argv: Vec<String> = p.cmd;
    if cx.world.check_executable(cid, &argv).is_err() {
        cx.io.errln(&format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{}\": executable file not found in $PATH: unknown", argv[0]));
        return done(127);
    }
    let mut sh = ShellCtx::for_container(cx.world, cid);
    for e in &p.env {
        if let Some((k, v)) = e.split_once('=') {
            sh.vars.insert(k.to_string(), v.to_string());
        }
    }
    if let Some(w) = &p.workdir {
        sh.cwd = crate::fs::normalize("/", w);
    }
    if let Some(u) = &p.user {
        sh.user = u.split(':').next().unwrap_or(u).to_string();
    }
    let name = argv[0].rsplit('/').next().unwrap_or(&argv[0]);
    let is_shell = matches!(name, "bash" | "sh" | "ash" | "dash") && argv.len() == 1;
    if is_shell && p.interactive {
        let busybox = sh.kind == crate::shell::ShellKind::Ash;
        sh.kind = match name {
            "bash" => crate::shell::ShellKind::Bash,
            _ if busybox => crate::shell::ShellKind::Ash,
            _ => crate::shell::ShellKind::Dash,
        };
        cx.effects.push(Effect::PushShell { sh: Box::new(sh), attached_main: false });
        return done(0);
    }
    if is_shell {
        // No stdin: the shell reads end-of-file and exits.
        return done(0);
    }
    if p.tty {
        sh.tty = Some(cx.sh.tty.unwrap_or(crate::shell::TtySize::DEFAULT));
    }
    // `docker exec` runs nested in the caller: its processes count on top of the caller's.
    sh.procs = cx.sh.procs;
    sh.forks = cx.sh.forks;
    sh.captured = cx.sh.captured;
    // Without `-i` the program's standard input is empty: it reads end of input at once
    // (`docker exec c python3` prints nothing and exits 0).
    let stdin = if p.interactive { None } else { Some(cx.io.stdin.replace(String::new())) };
    let job = {
        let mut effects = Vec::new();
        let mut sub = Cx { world: cx.world, io: cx.io, sh: &mut sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
        let bin = sub.bin;
        bin.spawn(&mut sub, argv, vec![])
    };
    if let Some(saved) = stdin {
        cx.io.stdin = saved;
    }
    let generation = cx.world.container(cid).map(|c| c.state.generation).unwrap_or(0);
    if p.detach {
        return done(0);
    }
    Box::new(Exec { cid, sh, job, generation })
}

fn port(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let Some(cid) = lookup(cx, &p.args[0]) else { return done(1) };
    let Some(c) = cx.world.container(cid) else { return done(1) };
    let mut published = if c.is_running() { c.published.clone() } else { vec![] };
    crate::sort::sort_by_key(&mut published, |p| (p.container_port, p.host_port));
    let lines = |pp: &crate::world::container::PublishedPort| -> Vec<String> {
        if pp.host_ip.is_empty() || pp.host_ip == "0.0.0.0" {
            vec![format!("0.0.0.0:{}", pp.host_port), format!("[::]:{}", pp.host_port)]
        } else {
            vec![format!("{}:{}", pp.host_ip, pp.host_port)]
        }
    };
    match p.args.get(1) {
        Some(spec) => {
            let (port_s, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
            let Ok(port) = port_s.parse::<u16>() else {
                cx.io.errln(&format!(
                    "Error: invalid port ({port_s}): strconv.ParseUint: parsing \"{port_s}\": invalid syntax"
                ));
                return done(1);
            };
            let found: Vec<String> = published
                .iter()
                .filter(|pp| pp.container_port == port && pp.proto.as_str() == proto)
                .flat_map(lines)
                .collect();
            if found.is_empty() {
                let name = c.name.clone();
                cx.io.errln(&format!("Error: No public port '{spec}' published for {name}"));
                return done(1);
            }
            for l in found {
                cx.io.outln(&l);
            }
        }
        None => {
            for pp in &published {
                for l in lines(pp) {
                    cx.io.outln(&format!("{}/{} -> {l}", pp.container_port, pp.proto.as_str()));
                }
            }
        }
    }
    done(0)
}

/// `docker commit CONTAINER [REPOSITORY[:TAG]]`: a new image of the container's file system
/// (its volumes and bind mounts are not part of it) and configuration, one layer on its
/// image's; the client prints the new image's ID (`sha256:…`). Without a reference the image
/// is dangling (`<none>`). `--change` is accepted and not applied.
fn commit(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let reference = match p.args.get(1) {
        None => None,
        Some(r) => match crate::world::image::parse_reference(r) {
            Ok(_) if r.contains('@') => {
                cx.io.errln("refusing to create a tag with a digest reference");
                return done(1);
            }
            Ok(parsed) => Some(parsed),
            Err(e) => {
                cx.io.errln(&e);
                return done(1);
            }
        },
    };
    let Some(cid) = lookup(cx, &p.args[0]) else { return done(1) };
    let Some(c) = cx.world.container(cid) else { return done(1) };
    let base = cx.world.images().iter().find(|i| i.id == c.config.image_id).cloned();
    let Some(mut img) = base else {
        return daemon_error(cx, &format!("No such image: {}", c.config.image));
    };
    let config = &c.config;
    img.config.cmd = config.cmd.clone();
    img.config.entrypoint = config.entrypoint.clone();
    img.config.env = config.env.clone();
    img.config.exposed = config.exposed.clone();
    img.config.workdir = config.workdir.clone();
    img.config.user = config.user.clone();
    img.config.labels = config.labels.clone();
    img.fs = c.rootfs.clone();
    let seed = format!("{}:{}:{}", c.id, cx.now().ms(), p.get("message").unwrap_or(""));
    img.id = crate::world::stable::hex64(&["commit", &seed]);
    img.digest = String::new();
    img.layers.push(img.id[..12].to_string());
    img.built_at = Some(cx.now());
    img.created_ago_days = 0;
    img.size_bytes += 4_096;
    img.removed = false;
    img.build_keys = Vec::new();
    match &reference {
        Some(r) => (img.repo, img.tag) = (r.repo.clone(), r.tag.clone()),
        None => (img.repo, img.tag) = (String::new(), String::new()),
    }
    let id = img.id.clone();
    crate::world::image_store::add_built(cx.world, img);
    cx.io.outln(&format!("sha256:{id}"));
    done(0)
}

fn rename(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let Some(cid) = lookup(cx, &p.args[0]) else { return done(1) };
    match cx.world.rename_container(cid, &p.args[1]) {
        Ok(()) => done(0),
        Err(e) => daemon_error(cx, &e.to_string()),
    }
}

/// The columns of `ps -ef` that `docker top` shows.
pub(crate) const TOP_TITLES: [&str; 8] = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"];

/// A running container's processes as `docker top` lists them (also `docker compose top`): its
/// PID 1 with the command line it runs — an image's `docker-entrypoint.sh` has `exec`ed its
/// command by then —, and nginx as it names its processes (`ngx_setproctitle`): the master
/// `nginx: master process nginx -g daemon off;` and its two workers (the log's 29 and 30, whose
/// user `nginx`, UID 101, has no name on the host).
pub(crate) fn top_processes(c: &crate::world::container::Container) -> Vec<Vec<String>> {
    let start = crate::time::DateTime::at(c.state.started_at.unwrap_or_default());
    let stime = format!("{:02}:{:02}", start.hour, start.minute);
    let tty = if c.config.tty { "pts/0" } else { "?" };
    let argv = c.argv();
    let command: &[String] = match argv.split_first() {
        Some((first, rest)) if first.ends_with("docker-entrypoint.sh") && !rest.is_empty() => rest,
        _ => &argv,
    };
    let pid = c.state.pid;
    let row = |uid: &str, pid: u32, ppid: u32, cmd: String| {
        vec![
            uid.to_string(),
            pid.to_string(),
            ppid.to_string(),
            "0".into(),
            stime.clone(),
            tty.into(),
            "00:00:00".into(),
            cmd,
        ]
    };
    let nginx = command.first().is_some_and(|c| c == "nginx" || c == "nginx-debug");
    if nginx && c.listening.contains(&80) {
        let mut rows = vec![row("root", pid, pid - 23, format!("nginx: master process {}", command.join(" ")))];
        for worker in [29, 30] {
            rows.push(row("101", pid - 1 + worker, pid, "nginx: worker process".into()));
        }
        return rows;
    }
    vec![row("root", pid, pid - 23, command.join(" "))]
}

fn top(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let Some(cid) = lookup(cx, &p.args[0]) else { return done(1) };
    if let Err(e) = cx.world.check_running(cid) {
        return daemon_error(cx, &e.to_string());
    }
    let Some(c) = cx.world.container(cid) else { return done(1) };
    let mut rows = vec![TOP_TITLES.iter().map(|t| t.to_string()).collect()];
    rows.extend(top_processes(c));
    // docker/cli's `top.go`: `tabwriter.NewWriter(out, 20, 1, 3, ' ', 0)`.
    let text = super::table::render_min(&rows, 20);
    cx.io.out(&text);
    done(0)
}

/// Paths the daemon keeps out of the writable layer: its init layer's (`/.dockerenv`, the
/// mount points of `/dev`, `/proc`, `/sys`) and the files it bind-mounts over it.
const INIT_LAYER: [&str; 7] =
    ["/.dockerenv", "/dev", "/proc", "/sys", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"];

/// `docker diff CONTAINER`: the container's writable layer against its image, one `KIND PATH`
/// line per change in moby's order (`C` changed, `A` added, `D` deleted); what volumes and bind
/// mounts hold is not in it (their mount points are).
fn diff(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let Some(cid) = lookup(cx, &p.args[0]) else { return done(1) };
    let Some(c) = cx.world.container(cid) else { return done(1) };
    let Some(image) = cx.world.images().iter().find(|i| i.id == c.config.image_id) else { return done(0) };
    let mounts: Vec<&str> = c.host.mounts.iter().map(|m| m.dest.as_str()).collect();
    let mut out = String::new();
    for (kind, path) in c.rootfs.changes(&image.fs, &INIT_LAYER) {
        if mounts.iter().any(|m| path.len() > m.len() && crate::fs::is_within(&path, m)) {
            continue;
        }
        out.push_str(&format!("{kind} {path}\n"));
    }
    cx.io.out(&out);
    done(0)
}

struct WaitExit {
    pending: Vec<Cid>,
}

impl Job for WaitExit {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        while let Some(cid) = self.pending.first().copied() {
            match cx.world.container(cid) {
                Some(c) if c.is_running() || c.state.status == Status::Restarting => {
                    return Poll::Pending(Wake::Change)
                }
                Some(c) => {
                    let code = c.state.exit_code;
                    cx.io.outln(&code.to_string());
                }
                None => cx.io.outln("0"),
            }
            self.pending.remove(0);
        }
        Poll::Done(0)
    }
}

fn wait(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let mut pending = Vec::new();
    for name in &p.args {
        match lookup(cx, name) {
            Some(cid) => pending.push(cid),
            None => return done(1),
        }
    }
    Box::new(WaitExit { pending })
}

fn prune(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let filters = match super::filters::Filters::parse(&p.all("filter")) {
        Ok(f) => f,
        Err(bad) => {
            let usage = "container prune [OPTIONS]";
            return done(super::filters::bad_filter_flag(cx, "--filter", &bad, "container prune", usage));
        }
    };
    super::confirm(
        cx,
        "WARNING! This will remove all stopped containers.",
        p.has("force"),
        Box::new(move |cx: &mut Cx<'_>| {
            let out = prune_stopped(cx.world, &filters);
            cx.io.out(&format!("{out}Total reclaimed space: 0B\n"));
            0
        }),
    )
}

/// Removes the stopped containers `filters` select (label, label!); what `container prune` and `system prune` print of it
/// (`Deleted Containers:` and the IDs, then a blank line; nothing when none).
pub(crate) fn prune_stopped(world: &mut crate::world::World, filters: &super::filters::Filters) -> String {
    let stopped: Vec<(Cid, String)> = world
        .containers()
        .values()
        .filter(|c| matches!(c.state.status, Status::Exited | Status::Created | Status::Dead))
        .filter(|c| filters.match_kv_list("label", &c.config.labels))
        .filter(|c| !filters.contains("label!") || !filters.match_kv_list("label!", &c.config.labels))
        .map(|c| (c.key, c.id.clone()))
        .collect();
    let mut out = String::new();
    if !stopped.is_empty() {
        out.push_str("Deleted Containers:\n");
        for (cid, id) in &stopped {
            world.remove_container_now(*cid, false);
            out.push_str(id);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}
