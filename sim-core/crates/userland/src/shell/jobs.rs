//! A shell's job table: the commands it started with `&`, as `jobs`, `wait`, `fg` and `kill %N`
//! see them, and `$!`. The table is plain data in the [`super::ShellCtx`]; the jobs themselves
//! run where their shell keeps them (a terminal's background, a script's children), which
//! writes their end here and delivers the signals `kill` asks for.
//!
//! Texts as bash 5.2 prints them (`jobs.c`: `pretty_print_job`, `print_pipeline`, the status
//! padded to `LONGEST_SIGNAL_DESC`, 24 in bash 5.2) and busybox ash (`showjob`: the command at
//! column 33); dash lays them out as ash.

use super::parse::{AndOr, Command, Connector, Part, Pipeline, Word};
use super::ShellKind;
use crate::process::{Cx, Job, Signal};

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    Running,
    /// Ended with this exit status.
    Exited(i32),
    /// Killed by this signal number.
    Signaled(i32),
}

impl JobState {
    /// The status `wait` returns for it (128 + the signal's number when killed).
    pub fn status(self) -> i32 {
        match self {
            JobState::Running => 0,
            JobState::Exited(code) => code,
            JobState::Signaled(n) => 128 + n,
        }
    }
}

/// One job.
#[derive(Clone, Debug)]
pub struct JobEntry {
    pub id: u32,
    pub pid: u32,
    /// The command as typed, without its `&`.
    pub text: String,
    pub state: JobState,
    /// A signal (its number) `kill` sent that whoever runs the job has not delivered yet.
    pub kill: Option<i32>,
}

/// Background processes kept for `wait PID` after their job left the table (bash's `bgp` list).
const MAX_REAPED: usize = 32;

/// A shell's jobs.
#[derive(Clone, Debug, Default)]
pub struct JobTable {
    entries: Vec<JobEntry>,
    /// `$!`: the process ID of the last command started with `&`.
    pub last_pid: Option<u32>,
    /// Process IDs and statuses of jobs that ended and left the table.
    reaped: Vec<(u32, i32)>,
}

/// Why a job spec names no job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecError {
    /// `%5`, `%nombre`: bash `%5: no such job`.
    NoSuch(String),
    /// No argument and no job: bash `current: no such job`, ash `No current job`.
    NoCurrent,
    /// `%s` matching two jobs: bash `s: ambiguous job spec`.
    Ambiguous(String),
}

impl JobTable {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &[JobEntry] {
        &self.entries
    }

    pub fn get(&self, id: u32) -> Option<&JobEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn get_mut(&mut self, id: u32) -> Option<&mut JobEntry> {
        self.entries.iter_mut().find(|e| e.id == id)
    }

    pub fn by_pid(&self, pid: u32) -> Option<&JobEntry> {
        self.entries.iter().find(|e| e.pid == pid)
    }

    /// The status of a process that ended and left the table (`wait PID` after its report).
    pub fn reaped(&self, pid: u32) -> Option<i32> {
        self.reaped.iter().rev().find(|(p, _)| *p == pid).map(|(_, s)| *s)
    }

    /// The number the next job gets: one past the highest in the table (1 when it is empty).
    pub fn next_id(&self) -> u32 {
        self.entries.iter().map(|e| e.id).max().unwrap_or(0) + 1
    }

    /// A job started with `&`: its number, and `$!` is its process.
    pub fn add(&mut self, pid: u32, text: String) -> u32 {
        let id = self.next_id();
        self.entries.push(JobEntry { id, pid, text, state: JobState::Running, kill: None });
        self.last_pid = Some(pid);
        id
    }

    /// A job ended (its runner saw it).
    pub fn end(&mut self, id: u32, state: JobState) {
        if let Some(e) = self.get_mut(id) {
            e.state = state;
            e.kill = None;
        }
    }

    /// Takes a job out of the table (reported, waited for, or brought to the foreground and
    /// ended), keeping its status for `wait PID`.
    pub fn remove(&mut self, id: u32) {
        if let Some(i) = self.entries.iter().position(|e| e.id == id) {
            let e = self.entries.remove(i);
            if self.reaped.len() >= MAX_REAPED {
                self.reaped.remove(0);
            }
            self.reaped.push((e.pid, e.state.status()));
        }
    }

    /// Signals `kill` asked for the jobs among `ids`, to deliver: (job, signal number).
    pub fn take_kills(&mut self, ids: &[u32]) -> Vec<(u32, i32)> {
        let mut kills = Vec::new();
        for e in &mut self.entries {
            if ids.contains(&e.id) {
                if let Some(sig) = e.kill.take() {
                    kills.push((e.id, sig));
                }
            }
        }
        kills
    }

    /// Whether `kill` sent job `id` a signal not delivered yet.
    pub fn has_kill(&self, id: u32) -> bool {
        self.get(id).is_some_and(|e| e.kill.is_some())
    }

    /// The current job (`%+`, `%%`, `fg` alone, marked `+`): the newest.
    pub fn current(&self) -> Option<u32> {
        self.entries.iter().map(|e| e.id).max()
    }

    /// The previous job (`%-`, marked `-`): the one before the newest.
    pub fn previous(&self) -> Option<u32> {
        let cur = self.current()?;
        self.entries.iter().map(|e| e.id).filter(|&id| id != cur).max()
    }

    fn mark(&self, id: u32) -> char {
        if Some(id) == self.current() {
            '+'
        } else if Some(id) == self.previous() {
            '-'
        } else {
            ' '
        }
    }

    /// The job a spec names (bash's `get_job_spec`): `%N` (or `N` for `fg`), `%%`/`%+`/`%` the
    /// current job, `%-` the previous, `%prefix` and `%?text` by the command; `None` the current.
    pub fn spec(&self, word: Option<&str>) -> Result<u32, SpecError> {
        let Some(word) = word else {
            return self.current().ok_or(SpecError::NoCurrent);
        };
        let no_such = || SpecError::NoSuch(word.to_string());
        let w = word.strip_prefix('%').unwrap_or(word);
        if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) {
            let id: u32 = w.parse().map_err(|_| no_such())?;
            return self.get(id).map(|e| e.id).ok_or_else(no_such);
        }
        match w {
            "" | "%" | "+" => return self.current().ok_or_else(no_such),
            "-" => return self.previous().ok_or_else(no_such),
            _ => {}
        }
        let (text, substring) = match w.strip_prefix('?') {
            Some(t) => (t, true),
            None => (w, false),
        };
        let mut found = None;
        for e in &self.entries {
            let hit = if substring { e.text.contains(text) } else { e.text.starts_with(text) };
            if hit {
                if found.is_some() {
                    return Err(SpecError::Ambiguous(text.to_string()));
                }
                found = Some(e.id);
            }
        }
        found.ok_or_else(no_such)
    }

    /// One job as `jobs` (`long`: `jobs -l`) and the end-of-job reports print it, with its
    /// newline.
    pub fn line(&self, e: &JobEntry, kind: ShellKind, long: bool) -> String {
        let mark = self.mark(e.id);
        let status = status_text(e.state, kind);
        match kind {
            ShellKind::Bash => {
                let pid = if long { format!("{:>5}", e.pid) } else { String::new() };
                let amp = if e.state == JobState::Running { " &" } else { "" };
                format!("[{}]{mark} {pid} {status:<24}{}{amp}\n", e.id, e.text)
            }
            ShellKind::Ash | ShellKind::Dash => {
                let mut s = format!("[{}]{mark}  ", e.id);
                if long {
                    s.push_str(&format!("{} ", e.pid));
                }
                s.push_str(&status);
                let pad = 33usize.saturating_sub(s.chars().count()).max(1);
                format!("{s}{:pad$}{}\n", "", e.text)
            }
        }
    }

    /// The reports of the jobs that ended since the last ones, as an interactive shell prints
    /// them before its prompt; they leave the table.
    pub fn take_reports(&mut self, kind: ShellKind) -> String {
        let mut out = String::new();
        let ended: Vec<u32> = self.entries.iter().filter(|e| e.state != JobState::Running).map(|e| e.id).collect();
        for id in &ended {
            if let Some(e) = self.get(*id) {
                out.push_str(&self.line(e, kind, false));
            }
        }
        for id in ended {
            self.remove(id);
        }
        out
    }

    /// Jobs that ended are forgotten without a report (a script's shell: bash's
    /// `mark_dead_jobs_as_notified`), their statuses kept for `wait PID`.
    pub fn forget_ended(&mut self) {
        let ended: Vec<u32> = self.entries.iter().filter(|e| e.state != JobState::Running).map(|e| e.id).collect();
        for id in ended {
            self.remove(id);
        }
    }
}

/// A command's text as a job list shows it, rebuilt from its words (bash's
/// `make_command_string`): `sleep 100`, `a | b`, `a && b`; a compound command is `{ … }`.
pub fn command_text(list: &AndOr) -> String {
    let mut out = pipeline_text(&list.first);
    for (conn, p) in &list.rest {
        out.push_str(match conn {
            Connector::And => " && ",
            Connector::Or => " || ",
        });
        out.push_str(&pipeline_text(p));
    }
    out
}

fn pipeline_text(p: &Pipeline) -> String {
    let cmds: Vec<String> = p
        .cmds
        .iter()
        .map(|c| match c {
            Command::Simple(s) => {
                let mut words: Vec<String> = s.assigns.iter().map(|(k, w)| format!("{k}={}", word_text(w))).collect();
                words.extend(s.words.iter().map(word_text));
                words.join(" ")
            }
            Command::Compound(..) | Command::FuncDef(..) => "{ … }".to_string(),
        })
        .collect();
    let text = cmds.join(" | ");
    if p.bang {
        format!("! {text}")
    } else {
        text
    }
}

fn word_text(w: &Word) -> String {
    let mut out = String::new();
    for part in w {
        match part {
            Part::Lit { text, quoted: true } => out.push_str(&format!("\"{text}\"")),
            Part::Lit { text, quoted: false } => out.push_str(text),
            Part::Var { name, quoted: true, .. } => out.push_str(&format!("\"${name}\"")),
            Part::Var { name, quoted: false, .. } => out.push_str(&format!("${name}")),
            Part::Subst { source, .. } => out.push_str(&format!("$({source})")),
            Part::Arith { word, .. } => out.push_str(&format!("$(({}))", word_text(word))),
        }
    }
    out
}

/// Delivers signal `sig` (its number) to a job running in the background, whose own shell is
/// `cx.sh`: `Some` with how it ended, `None` when it goes on (`kill -0`, a signal it ignores or
/// handles and survives). Not being PID 1, a program without a handler dies of the signal; it is
/// then sent SIGKILL too, so that it lets go of what it held (a server's ports).
pub fn signal_job(job: &mut dyn Job, sig: i32, cx: &mut Cx<'_>) -> Option<JobState> {
    let signal = match sig {
        0 | 17 | 18 | 19 | 20 | 23 | 28 => return None,
        // A signal the simulator does not name (SIGPIPE, SIGALRM…) ends a program by default as
        // SIGTERM does.
        _ => Signal::parse(&sig.to_string()).unwrap_or(Signal::Term),
    };
    let main = std::mem::replace(&mut cx.sh.is_main, false);
    let ended = job.signal(signal, cx);
    let state = match ended {
        Some(code) if code > 128 && code - 128 <= 64 => JobState::Signaled(code - 128),
        Some(code) => JobState::Exited(code),
        None => {
            let _ = job.signal(Signal::Kill, cx);
            JobState::Signaled(sig)
        }
    };
    cx.sh.is_main = main;
    Some(state)
}

/// How `jobs` names a job's state: `Running`, `Done`, bash `Exit 1` (ash `Done(1)`), or the
/// signal's description (`Terminated`, `Killed`).
pub fn status_text(state: JobState, kind: ShellKind) -> String {
    match state {
        JobState::Running => "Running".into(),
        JobState::Exited(0) => "Done".into(),
        JobState::Exited(code) => match kind {
            ShellKind::Bash => format!("Exit {code}"),
            ShellKind::Ash | ShellKind::Dash => format!("Done({code})"),
        },
        JobState::Signaled(n) => signal_description(n),
    }
}

/// `strsignal`'s text (glibc and musl agree on these).
pub fn signal_description(n: i32) -> String {
    match n {
        1 => "Hangup".into(),
        2 => "Interrupt".into(),
        3 => "Quit".into(),
        6 => "Aborted".into(),
        9 => "Killed".into(),
        10 => "User defined signal 1".into(),
        12 => "User defined signal 2".into(),
        13 => "Broken pipe".into(),
        14 => "Alarm clock".into(),
        15 => "Terminated".into(),
        n => format!("Signal {n}"),
    }
}

/// A signal's number from `kill`'s spec (`TERM`, `SIGTERM`, `term`, `15`), if it is one.
pub fn signal_number(spec: &str) -> Option<i32> {
    if let Ok(n) = spec.parse::<i32>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let upper = spec.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    Some(match name {
        "HUP" => 1,
        "INT" => 2,
        "QUIT" => 3,
        "ABRT" => 6,
        "KILL" => 9,
        "USR1" => 10,
        "USR2" => 12,
        "PIPE" => 13,
        "ALRM" => 14,
        "TERM" => 15,
        "CONT" => 18,
        "STOP" => 19,
        "WINCH" => 28,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_as_bash_and_ash_print_them() {
        let mut t = JobTable::default();
        let a = t.add(4242, "sleep 100".into());
        t.add(4250, "python3 -m http.server".into());
        let e = t.get(a).unwrap().clone();
        assert_eq!(t.line(&e, ShellKind::Bash, false), "[1]-  Running                 sleep 100 &\n");
        assert_eq!(t.line(&e, ShellKind::Bash, true), "[1]-  4242 Running                 sleep 100 &\n");
        assert_eq!(t.line(&e, ShellKind::Ash, false), "[1]-  Running                    sleep 100\n");
        assert_eq!(t.line(&e, ShellKind::Ash, true), "[1]-  4242 Running               sleep 100\n");
        t.end(a, JobState::Signaled(15));
        assert_eq!(t.take_reports(ShellKind::Bash), "[1]-  Terminated              sleep 100\n");
        assert_eq!(t.reaped(4242), Some(143));
        assert_eq!(t.spec(Some("%1")), Err(SpecError::NoSuch("%1".into())));
        assert_eq!(t.spec(None), Ok(2));
        assert_eq!(t.spec(Some("%py")), Ok(2));
        assert_eq!(t.spec(Some("%?http")), Ok(2));
        assert_eq!(t.next_id(), 3);
    }
}
