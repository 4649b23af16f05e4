//! Running other programs: every child gets the tools PATH, is echoed before it runs, and a
//! failure comes back as a message naming the command.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::thread;

use crate::{paths, Result};

/// A command for `program`, run from the workspace root with the tools PATH.
pub fn tool(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(paths::root()).env("PATH", paths::child_path());
    cmd
}

/// The cargo that runs xtask (so a rustup override or `+toolchain` carries over).
pub fn cargo() -> Command {
    tool(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// `trunk ...` or `cargo ...` as the user would type it.
pub fn describe(cmd: &Command) -> String {
    let program = cmd.get_program().to_string_lossy();
    let program = program.rsplit('/').next().unwrap_or(&program).to_string();
    let args: Vec<String> = cmd
        .get_args()
        .map(|a| {
            let a = a.to_string_lossy();
            if a.contains(' ') {
                format!("'{a}'")
            } else {
                a.into_owned()
            }
        })
        .collect();
    std::iter::once(program).chain(args).collect::<Vec<_>>().join(" ")
}

/// Runs `cmd` with inherited stdio; an unsuccessful exit is an error.
pub fn run(cmd: &mut Command) -> Result {
    println!("$ {}", describe(cmd));
    let status = cmd.status().map_err(|e| format!("could not start `{}`: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

/// Runs `cmd`, showing its output as it comes and also returning it (stdout and stderr, line by
/// line, in arrival order per stream). The bool is whether it exited successfully.
pub fn run_tee(cmd: &mut Command) -> Result<(bool, String)> {
    println!("$ {}", describe(cmd));
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{}`: {e}", describe(cmd)))?;
    let out = child.stdout.take().expect("piped");
    let err = child.stderr.take().expect("piped");
    let out = thread::spawn(move || copy_lines(out, std::io::stdout()));
    let err = thread::spawn(move || copy_lines(err, std::io::stderr()));
    let status = child.wait().map_err(|e| format!("`{}` did not finish: {e}", describe(cmd)))?;
    let mut text = out.join().unwrap_or_default();
    text.push_str(&err.join().unwrap_or_default());
    Ok((status.success(), text))
}

fn copy_lines(from: impl Read, mut to: impl Write) -> String {
    let mut seen = String::new();
    let mut reader = BufReader::new(from);
    let mut line = Vec::new();
    while reader.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
        let _ = to.write_all(&line);
        let _ = to.flush();
        seen.push_str(&String::from_utf8_lossy(&line));
        line.clear();
    }
    seen
}

/// The first line `program --version` prints, or `None` if it is not installed or fails.
pub fn version_of(program: &str) -> Option<String> {
    let output = tool(program).arg("--version").stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Some(text.lines().next().unwrap_or("").trim().to_string())
}

/// Whether `program` can be started at all (found on the tools PATH).
pub fn exists(program: &str) -> bool {
    version_of(program).is_some()
}
