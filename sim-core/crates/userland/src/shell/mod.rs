//! The shells: the host's bash and, inside containers, bash (Debian,
//! Ubuntu) or busybox `sh` (Alpine, BusyBox). A [`ShellCtx`] is one shell's
//! state — where it runs, its directory, variables, last status — and
//! [`exec::ScriptJob`] runs a parsed line as a resumable job.

pub mod arith;
pub mod exec;
mod expand;
pub mod fork;
pub mod jobs;
mod lex;
pub mod parse;
mod pipeline;

use crate::world::image::Os;
use crate::world::{Cid, Loc, World, HOST_HOME, HOST_NAME, HOST_USER, PROJECT_DIR};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Which shell program: decides prompts and error formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellKind {
    /// GNU bash (`bash: x: command not found`).
    Bash,
    /// busybox ash (`/bin/sh: x: not found`).
    Ash,
    /// Debian's dash, for `sh -c` in Debian images (`sh: 1: x: not found`).
    Dash,
}

#[derive(Clone, Debug)]
pub struct ShellCtx {
    pub loc: Loc,
    pub cwd: String,
    pub vars: BTreeMap<String, String>,
    pub user: String,
    pub kind: ShellKind,
    pub last_status: i32,
    /// This shell is a container's main process (PID 1), not a terminal's.
    pub is_main: bool,
    /// How it was started: decides `$0` and the name its error messages carry.
    pub invocation: Invocation,
    /// Processes between the terminal's (or the container's) first shell and this one:
    /// each child shell, `$(…)` and program adds one. See [`fork`].
    pub procs: u32,
    /// Line of the script being run (1-based), for ash's and dash's messages.
    pub line: usize,
    /// Running inside `$(…)`, which Muelle runs to completion in no simulated time.
    pub in_substitution: bool,
    /// Processes started since the terminal's line was typed, by this shell and every shell
    /// it nests (threaded down to children and back up; see [`fork`]).
    pub forks: u32,
    /// Bytes of `$(…)` results held since the terminal's line was typed (threaded like `forks`).
    pub captured: usize,
    /// Positional parameters `$1`… (`$0` is [`Invocation`]'s).
    pub args: Vec<String>,
    /// Functions defined in this shell.
    pub funcs: BTreeMap<String, Arc<parse::Compound>>,
    /// Function calls active now (see `exec`'s nesting limit).
    pub func_depth: u32,
    /// `set -e`.
    pub errexit: bool,
    /// An expansion failed (`$((1/0))`): the status the rest of the line is abandoned with.
    pub expansion_error: Option<i32>,
    /// A subshell (`( … )`, a pipeline stage, `$(…)`) of the shell it was copied from.
    pub subshell: bool,
    /// `trap` handlers by condition (`EXIT`, `INT`, `TERM`, …); `""` ignores the signal.
    pub traps: BTreeMap<String, String>,
    /// The terminal this shell reads from, if any (a terminal's shells and `docker run -it`'s;
    /// not a container's main process): its size is what `tput cols`, `stty size`, bash's
    /// `$COLUMNS` and Compose's progress lines see.
    pub tty: Option<TtySize>,
    /// The commands this shell started with `&` (`jobs`, `wait`, `fg`, `kill %1`, `$!`).
    pub jobs: jobs::JobTable,
}

/// A terminal's size in character cells (the kernel's `struct winsize`, which the page sets
/// as a real terminal emulator does with `TIOCSWINSZ` when its window is resized).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TtySize {
    pub cols: u16,
    pub rows: u16,
}

impl TtySize {
    /// What a terminal is until told otherwise (xterm's 80×24; the runner's terminals stay so).
    pub const DEFAULT: TtySize = TtySize { cols: 80, rows: 24 };
    /// Sizes outside these are clamped (a terminal of no columns would make no sense).
    pub const MIN: TtySize = TtySize { cols: 20, rows: 4 };
    pub const MAX: TtySize = TtySize { cols: 1000, rows: 1000 };

    pub fn clamped(cols: u16, rows: u16) -> TtySize {
        TtySize {
            cols: cols.clamp(TtySize::MIN.cols, TtySize::MAX.cols),
            rows: rows.clamp(TtySize::MIN.rows, TtySize::MAX.rows),
        }
    }
}

/// How a shell was started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invocation {
    /// Reading commands from the terminal.
    Interactive,
    /// `sh -c '…'`: `$0` is the shell's name as typed.
    Command(String),
    /// `sh script`, `./script`: `$0` is the script's path as typed.
    Script(String),
}

impl ShellCtx {
    pub fn host() -> ShellCtx {
        let mut vars = BTreeMap::new();
        for (k, v) in [
            ("HOME", HOST_HOME),
            ("USER", HOST_USER),
            ("LOGNAME", HOST_USER),
            ("SHELL", "/bin/bash"),
            ("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            ("LANG", "es_ES.UTF-8"),
            ("TERM", "xterm-256color"),
            ("HOSTNAME", HOST_NAME),
            ("PWD", PROJECT_DIR),
        ] {
            vars.insert(k.to_string(), v.to_string());
        }
        ShellCtx::fresh(Loc::Host, PROJECT_DIR.into(), vars, HOST_USER.into(), ShellKind::Bash)
    }

    /// A shell started inside a container (its env, workdir and hostname).
    pub fn for_container(world: &World, cid: Cid) -> ShellCtx {
        let Some(c) = world.container(cid) else {
            return ShellCtx::host();
        };
        let mut vars = BTreeMap::new();
        for (k, v) in &c.config.env {
            vars.insert(k.clone(), v.clone());
        }
        vars.insert("HOSTNAME".into(), c.config.hostname.clone());
        vars.entry("HOME".into()).or_insert_with(|| "/root".into());
        if c.config.tty {
            vars.insert("TERM".into(), "xterm".into());
        }
        let cwd = if c.config.workdir.is_empty() { "/".to_string() } else { c.config.workdir.clone() };
        vars.insert("PWD".into(), cwd.clone());
        let os = world.images().iter().find(|i| i.id == c.config.image_id).map(|i| i.config.os()).unwrap_or(Os::Debian);
        let kind = if os.is_busybox() { ShellKind::Ash } else { ShellKind::Bash };
        let user = if c.config.user.is_empty() { "root".to_string() } else { c.config.user.clone() };
        ShellCtx::fresh(Loc::Container(cid), cwd, vars, user, kind)
    }

    /// A new interactive shell at its first line, with no processes counted yet.
    fn fresh(loc: Loc, cwd: String, vars: BTreeMap<String, String>, user: String, kind: ShellKind) -> ShellCtx {
        ShellCtx {
            loc,
            cwd,
            vars,
            user,
            kind,
            last_status: 0,
            is_main: false,
            invocation: Invocation::Interactive,
            procs: 0,
            line: 1,
            in_substitution: false,
            forks: 0,
            captured: 0,
            args: Vec::new(),
            funcs: BTreeMap::new(),
            func_depth: 0,
            errexit: false,
            expansion_error: None,
            traps: BTreeMap::new(),
            subshell: false,
            tty: None,
            jobs: jobs::JobTable::default(),
        }
    }

    /// The copy of this shell a command started with `&` runs in: a subshell with no jobs of
    /// its own and, as bash and ash reset them in an asynchronous subshell, the signals this shell
    /// catches back at their default (ignored ones stay ignored).
    pub fn for_background(&self) -> ShellCtx {
        let mut sh = self.clone();
        sh.subshell = true;
        sh.jobs = jobs::JobTable::default();
        sh.jobs.last_pid = self.jobs.last_pid;
        sh.traps.retain(|_, handler| handler.is_empty());
        sh
    }

    /// The process ID a command started with `&` gets (`[1] 4242`, `$!`): on the host one among
    /// the session's thousands, in a container one of the few after its PID 1.
    pub fn background_pid(&self, now: crate::time::SimTime, id: u32) -> u32 {
        match self.loc {
            Loc::Host => 4000 + (now.ms() % 3000) as u32 + id,
            Loc::Container(_) => 20 + id * 7,
        }
    }

    /// Columns of the terminal, or 80 (Compose's and ncurses' answer without one).
    pub fn cols(&self) -> usize {
        usize::from(self.tty.unwrap_or(TtySize::DEFAULT).cols)
    }

    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|s| s.as_str())
    }

    pub fn home(&self) -> &str {
        self.var("HOME").unwrap_or("/root")
    }

    /// Normalizes a path typed in this shell (`~` expanded).
    pub fn path(&self, p: &str) -> String {
        let expanded = if p == "~" {
            self.home().to_string()
        } else if let Some(rest) = p.strip_prefix("~/") {
            format!("{}/{rest}", self.home())
        } else {
            p.to_string()
        };
        crate::fs::normalize(&self.cwd, &expanded)
    }

    /// The prompt: `alumno@muelle:~/proyecto$ `, `root@3f4e8a1b2c9d:/# `, `/ # `.
    pub fn prompt(&self, world: &World) -> String {
        let home = self.home();
        let dir = if self.cwd == home {
            "~".to_string()
        } else if let Some(rest) = self.cwd.strip_prefix(&format!("{home}/")) {
            format!("~/{rest}")
        } else {
            self.cwd.clone()
        };
        let sigil = if self.user == "root" { '#' } else { '$' };
        match (self.loc, self.kind) {
            (Loc::Host, _) => format!("{}@{HOST_NAME}:{dir}{sigil} ", self.user),
            (Loc::Container(_), ShellKind::Ash) => format!("{dir} {sigil} "),
            (Loc::Container(_), ShellKind::Dash) => format!("{sigil} "),
            (Loc::Container(cid), _) => {
                let host = world.container(cid).map(|c| c.config.hostname.clone()).unwrap_or_default();
                format!("{}@{host}:{dir}{sigil} ", self.user)
            }
        }
    }

    /// `bash: ping: command not found` and its siblings.
    /// In a script or `-c` string the shell names itself by `$0` and the line, as each does:
    /// bash `x: line 2: ping: command not found` (`bash: line 1: …` under `-c`), dash
    /// `x: 2: ping: not found`, busybox ash `x: line 2: ping: not found` (`sh: ping: not found`
    /// under `-c`, which has no command name).
    pub fn not_found(&self, name: &str) -> String {
        let line = self.line;
        match (&self.invocation, self.kind) {
            (Invocation::Script(arg0) | Invocation::Command(arg0), ShellKind::Bash) => {
                return format!("{arg0}: line {line}: {name}: command not found")
            }
            (Invocation::Script(arg0) | Invocation::Command(arg0), ShellKind::Dash) => {
                return format!("{arg0}: {line}: {name}: not found")
            }
            (Invocation::Script(arg0), ShellKind::Ash) => return format!("{arg0}: line {line}: {name}: not found"),
            (Invocation::Command(arg0), ShellKind::Ash) => return format!("{arg0}: {name}: not found"),
            (Invocation::Interactive, _) => {}
        }
        match self.kind {
            ShellKind::Bash => format!("bash: {name}: command not found"),
            ShellKind::Ash => format!("/bin/sh: {name}: not found"),
            ShellKind::Dash => format!("sh: 1: {name}: not found"),
        }
    }

    /// Prefix for a shell's own error messages (`bash: cd: x: No such file or directory`).
    pub fn name_for_errors(&self) -> &'static str {
        match self.kind {
            ShellKind::Bash => "bash",
            ShellKind::Ash => "/bin/sh",
            ShellKind::Dash => "sh: 1",
        }
    }

    /// The prefix of a shell's runtime errors at the current line: bash `bash` (`x: line 3`
    /// in a script, `bash: line 1` under `-c`), ash `/bin/sh` (`x: line 3`, `sh`), dash
    /// `sh: 1` (`x: 3`).
    pub fn error_prefix(&self) -> String {
        let line = self.line;
        match (&self.invocation, self.kind) {
            (Invocation::Interactive, _) => self.name_for_errors().to_string(),
            (Invocation::Script(arg0) | Invocation::Command(arg0), ShellKind::Bash) => format!("{arg0}: line {line}"),
            (Invocation::Script(arg0), ShellKind::Ash) => format!("{arg0}: line {line}"),
            (Invocation::Command(arg0), ShellKind::Ash) => arg0.clone(),
            (Invocation::Script(arg0) | Invocation::Command(arg0), ShellKind::Dash) => format!("{arg0}: {line}"),
        }
    }

    /// A syntax error as this shell prints it (bash adds the offending line when it reads a
    /// script or `-c` string):
    /// bash `bash: syntax error near unexpected token `done'`, dash `sh: 1: Syntax error:
    /// "done" unexpected`, busybox ash `sh: syntax error: unexpected "done"`.
    pub fn syntax_error(&self, source: &str, e: &parse::ParseError, syntax: Option<&parse::Syntax>) -> String {
        use parse::Syntax;
        let line = if e.line == 0 { self.line } else { e.line };
        let Some(syntax) = syntax else {
            return format!("{}: {}", self.name_for_errors(), e.message);
        };
        let expecting = |x: Option<&str>| x.map(|k| format!(" (expecting \"{k}\")")).unwrap_or_default();
        match self.kind {
            ShellKind::Bash => {
                let (prefix, show_line) = match &self.invocation {
                    Invocation::Interactive => ("bash".to_string(), false),
                    Invocation::Command(arg0) => (format!("{arg0}: -c: line {line}"), true),
                    Invocation::Script(arg0) => (format!("{arg0}: line {line}"), true),
                };
                let mut out = format!("{prefix}: {}", e.message);
                if show_line && !e.eof {
                    let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("").trim();
                    out.push_str(&format!("\n{prefix}: `{text}'"));
                }
                out
            }
            ShellKind::Dash => {
                let prefix = match &self.invocation {
                    Invocation::Interactive => format!("sh: {line}"),
                    Invocation::Command(arg0) | Invocation::Script(arg0) => format!("{arg0}: {line}"),
                };
                match syntax {
                    Syntax::Unexpected { short, expecting: x, .. } => {
                        format!("{prefix}: Syntax error: {short} unexpected{}", expecting(*x))
                    }
                    Syntax::Eof { expecting: x } => {
                        format!("{prefix}: Syntax error: end of file unexpected{}", expecting(*x))
                    }
                }
            }
            ShellKind::Ash => {
                let prefix = match &self.invocation {
                    Invocation::Interactive => self.name_for_errors().to_string(),
                    Invocation::Command(arg0) => arg0.clone(),
                    Invocation::Script(arg0) => format!("{arg0}: line {line}"),
                };
                match syntax {
                    Syntax::Unexpected { short, expecting: x, .. } => {
                        format!("{prefix}: syntax error: unexpected {short}{}", expecting(*x))
                    }
                    Syntax::Eof { expecting: x } => {
                        format!("{prefix}: syntax error: unexpected end of file{}", expecting(*x))
                    }
                }
            }
        }
    }
}
