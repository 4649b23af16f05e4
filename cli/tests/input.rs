//! `muelle` reads its script as bytes: a line that is not UTF-8 — on stdin, in a script
//! file or in `-c` — does not end the run (bash passes such bytes on); it is decoded
//! lossily (U+FFFD) and the lines after it still run.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn muelle() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_muelle"));
    cmd.args(["--seed", "1", "--lang", "en"]);
    cmd
}

const SCRIPT: &[u8] = b"echo antes\necho caf\xe9 \xff\xfe\necho despues\nfalse\n";

fn check(out: Output) {
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    assert!(stdout.contains("antes"), "{stdout}");
    assert!(stdout.contains("caf\u{FFFD} \u{FFFD}\u{FFFD}"), "{stdout}");
    assert!(stdout.contains("despues"), "the lines after the invalid one run: {stdout}");
    // The status is the last command's (`false`), not 0 from stopping early.
    assert_eq!(out.status.code(), Some(1), "{stdout}");
}

#[test]
fn invalid_utf8_on_stdin_goes_on() {
    let mut child = muelle().stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("run muelle");
    child.stdin.take().expect("stdin").write_all(SCRIPT).expect("write stdin");
    check(child.wait_with_output().expect("muelle output"));
}

#[test]
fn invalid_utf8_in_a_script_file_goes_on() {
    let path = std::env::temp_dir().join(format!("muelle-input-test-{}.sh", std::process::id()));
    std::fs::write(&path, SCRIPT).expect("write script");
    let out = muelle().arg(&path).stdin(Stdio::null()).output().expect("run muelle");
    std::fs::remove_file(&path).ok();
    check(out);
}

#[cfg(unix)]
#[test]
fn invalid_utf8_in_dash_c_goes_on() {
    use std::os::unix::ffi::OsStrExt;
    let arg = std::ffi::OsStr::from_bytes(SCRIPT);
    check(muelle().arg("-c").arg(arg).stdin(Stdio::null()).output().expect("run muelle"));
}
