//! The script runner: types each line into a simulated terminal, lets
//! simulated time run until the command ends, and prints what the terminal
//! shows — as bash runs a script: a command that ends by itself (`ping -c 4`,
//! an attached `docker run` whose program ends) runs to its end first. A
//! command that runs until Ctrl-C (ping, `logs -f`) gets Ctrl-C after
//! `--interrupt-after` seconds, or at a `^C` line; one that streams
//! containers that never end by themselves (`docker run nginx` without `-d`)
//! keeps running while the script goes on in a new terminal, as a student
//! would open a second tab; a `# terminal N` line goes back to terminal N, showing what it
//! printed meanwhile. A line of control keys in caret notation (`^P^Q`, Docker's
//! detach keys) is typed as those keys.

use sim_core::{Lang, Session, SessionConfig, TermId};
use std::io::Write;

pub struct Options {
    pub seed: u64,
    pub lang: Lang,
    pub quiet: bool,
    pub interrupt_after_ms: u64,
    /// Simulated time between two typed lines (a person takes a moment to type).
    pub think_ms: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options { seed: 1, lang: Lang::Es, quiet: false, interrupt_after_ms: 3000, think_ms: 1000 }
    }
}

/// How long a finite command may run before the runner gives up (simulated).
const MAX_COMMAND_MS: u64 = 3_600_000;

pub struct Runner {
    session: Session,
    term: TermId,
    opts: Options,
    /// Where `--dir` put the project; a new terminal starts there too.
    project_dir: Option<String>,
}

impl Runner {
    pub fn new(opts: Options) -> Runner {
        let session = Session::new(SessionConfig { seed: opts.seed, lang: opts.lang });
        Runner { session, term: 0, opts, project_dir: None }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Copies a host directory into `/home/alumno/<name>` and starts there.
    pub fn load_dir(&mut self, dir: &std::path::Path) -> std::io::Result<()> {
        let name = dir
            .canonicalize()?
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "proyecto".into());
        let base = format!("/home/alumno/{name}");
        copy_into(&mut self.session, dir, &base)?;
        self.session.submit(self.term, &format!("cd {base}"));
        self.session.take_output(self.term);
        self.project_dir = Some(base);
        Ok(())
    }

    pub fn prompt(&self) -> String {
        self.session.prompt(self.term)
    }

    pub fn status(&self) -> i32 {
        self.session.last_status(self.term)
    }

    fn flush(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        let text = self.session.take_output(self.term);
        out.write_all(text.as_bytes())?;
        for h in self.session.take_hints(self.term) {
            if !self.opts.quiet {
                eprintln!("{h}");
            }
        }
        Ok(())
    }

    /// Lets the current command run; returns whether it finished.
    fn settle(&mut self, out: &mut impl Write) -> std::io::Result<bool> {
        let mut waited = 0;
        loop {
            if !self.session.is_busy(self.term) {
                self.flush(out)?;
                return Ok(true);
            }
            if self.session.wants_input(self.term) {
                self.flush(out)?;
                return Ok(false);
            }
            let endless = self.session.runs_until_interrupted(self.term);
            let limit = if endless { self.opts.interrupt_after_ms } else { MAX_COMMAND_MS };
            if waited >= limit {
                self.flush(out)?;
                return Ok(false);
            }
            let slice = (limit - waited).min(1000);
            let before = self.session.now();
            self.session.run_until_idle(self.term, slice);
            waited += self.session.now().ms().saturating_sub(before.ms()).max(1);
            self.flush(out)?;
        }
    }

    pub fn run_lines(&mut self, lines: &[String], out: &mut impl Write) -> std::io::Result<()> {
        self.feed(lines, out)?;
        self.finish(out)
    }

    /// A runner driving a lesson's session (its workspace already loaded): a new terminal opened
    /// for a command left running starts in the project folder too, as the lesson's first one does.
    pub fn for_lesson(session: Session, opts: Options) -> Runner {
        Runner { session, term: 0, opts, project_dir: Some(sim_core::PROJECT_DIR.to_string()) }
    }

    /// Types `lines` as [`Runner::run_lines`] does, leaving the last command running (more lines
    /// may follow: a lesson's next step).
    pub fn feed(&mut self, lines: &[String], out: &mut impl Write) -> std::io::Result<()> {
        for line in lines {
            let line = line.trim_end_matches('\r');
            if let Some(t) = terminal_switch(line).filter(|t| *t < self.session.terminal_count()) {
                // `# terminal N`: back to terminal N (what still runs there keeps running), whose
                // output since the script left it is shown first.
                if !self.opts.quiet {
                    let note = match self.opts.lang {
                        Lang::Es => format!("# (de vuelta en la terminal {})", t + 1),
                        Lang::En => format!("# (back in terminal {})", t + 1),
                    };
                    writeln!(out, "{note}")?;
                }
                self.term = t;
                self.flush(out)?;
                continue;
            }
            if let Some(codes) = ctrl_keys(line) {
                // `^P^Q`: control keys typed (Docker's detach sequence), to whatever runs. A lone
                // `^D` (end of input) to a program reading the terminal or a container's shell is
                // not echoed: the program's own answer (Python's newline) is what the screen shows.
                let eof = codes == [4] && self.session.wants_input(self.term);
                // At a container's prompt the shell's own answer (bash's `exit`, ash's newline)
                // ends the prompt's line, as on a real terminal.
                let shell_eof = codes == [4] && self.session.at_container_prompt(self.term);
                if !self.opts.quiet && shell_eof {
                    write!(out, "{}", self.session.prompt(self.term))?;
                } else if !self.opts.quiet && !eof {
                    writeln!(out, "{}{line}", self.session.prompt(self.term))?;
                }
                for code in codes {
                    self.session.ctrl_key(self.term, code);
                }
                self.settle(out)?;
                continue;
            }
            if self.session.is_busy(self.term) {
                if self.session.wants_input(self.term) && line.trim() != "^C" {
                    // A password is read with the terminal's echo off: nothing of it shows.
                    if !self.opts.quiet && !self.session.hides_input(self.term) {
                        writeln!(out, "{line}")?;
                    }
                    self.session.submit(self.term, line);
                    self.settle(out)?;
                    continue;
                }
                if line.trim() == "^C" {
                    self.session.interrupt(self.term);
                    self.settle(out)?;
                    continue;
                }
                self.leave_busy(out)?;
            }
            if line.trim() == "^C" {
                // At a prompt the screen shows the prompt and `^C` (bash's readline echo).
                if !self.opts.quiet {
                    writeln!(out, "{}^C", self.session.prompt(self.term))?;
                }
                self.session.interrupt(self.term);
                self.flush(out)?;
                continue;
            }
            if !self.opts.quiet {
                writeln!(out, "{}{line}", self.session.prompt(self.term))?;
            }
            self.session.submit(self.term, line);
            self.settle(out)?;
            if !self.session.is_busy(self.term) {
                self.session.advance(self.opts.think_ms);
                self.flush(out)?;
            }
        }
        Ok(())
    }

    /// The script ended: a command still running that cannot go on by itself gets Ctrl-C.
    pub fn finish(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        if self.session.is_busy(self.term) && !self.session.is_detachable(self.term) {
            self.session.interrupt(self.term);
            self.settle(out)?;
        }
        Ok(())
    }

    /// The next line is not for the running command: Ctrl-C it, or leave it
    /// streaming and continue in a new terminal.
    fn leave_busy(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        if self.session.is_detachable(self.term) {
            self.term = self.session.open_terminal();
            if let Some(dir) = &self.project_dir {
                self.session.submit(self.term, &format!("cd {dir}"));
                self.session.take_output(self.term);
            }
            if !self.opts.quiet {
                let note = match self.opts.lang {
                    Lang::Es => format!(
                        "# (la orden sigue en la terminal {}; esto continúa en la terminal {})",
                        self.term,
                        self.term + 1
                    ),
                    Lang::En => format!(
                        "# (that command keeps running in terminal {}; this goes on in terminal {})",
                        self.term,
                        self.term + 1
                    ),
                };
                writeln!(out, "{note}")?;
            }
        } else {
            self.session.interrupt(self.term);
            self.settle(out)?;
        }
        Ok(())
    }

    /// One line typed at the interactive prompt.
    pub fn step_interactive(&mut self, line: &str, out: &mut impl Write) -> std::io::Result<()> {
        self.session.submit(self.term, line);
        if !self.settle(out)? && !self.session.wants_input(self.term) {
            self.leave_busy(out)?;
        }
        Ok(())
    }
}

fn copy_into(session: &mut Session, dir: &std::path::Path, base: &str) -> std::io::Result<()> {
    let _ = session.write_host_file(&format!("{base}/.keep"), b"");
    let mut stack = vec![(dir.to_path_buf(), base.to_string())];
    while let Some((src, dst)) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&src)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let target = format!("{dst}/{name}");
            if e.file_type()?.is_dir() {
                stack.push((e.path(), target));
            } else {
                let data = std::fs::read(e.path())?;
                session
                    .write_host_file(&target, &data)
                    .map_err(|e| std::io::Error::other(format!("{target}: {}", e.strerror())))?;
            }
        }
    }
    let _ = session.remove_host_file(&format!("{base}/.keep"));
    Ok(())
}

/// `# terminal N` (a shell comment, so the script stays a valid one): the terminal it names,
/// counted from 1 as the runner's notes count them.
fn terminal_switch(line: &str) -> Option<TermId> {
    let n: usize = line.trim().strip_prefix("# terminal ")?.trim().parse().ok()?;
    n.checked_sub(1)
}

/// A line of control keys in caret notation (`^P^Q`), other than a lone `^C` (Ctrl-C, an
/// interrupt): the bytes they send.
fn ctrl_keys(line: &str) -> Option<Vec<u8>> {
    let line = line.trim();
    if line == "^C" || line.is_empty() {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    chars
        .chunks(2)
        .map(|pair| match pair {
            ['^', key] => sim_core::ctrl_code(*key),
            _ => None,
        })
        .collect()
}
