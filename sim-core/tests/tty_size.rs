//! The terminals' size (issue 14, point 7): the page tells the session how many columns and
//! rows its terminal panel has, as a terminal emulator tells the kernel (`TIOCSWINSZ`), and
//! programs see it: `tput cols`, `stty size`, interactive bash's `$COLUMNS`/`$LINES`, and
//! Compose's progress lines, whose timers end at the terminal's last column. A resize is
//! journaled (only when the size changes), so a replay prints the same bytes.

use sim_core::journal::{Input, Journal};
use sim_core::{Lang, Session, SessionConfig};

fn cfg() -> SessionConfig {
    SessionConfig { seed: 7, lang: Lang::Es }
}

fn run(s: &mut Session, t: usize, line: &str) -> String {
    s.submit(t, line);
    s.run_until_idle(t, 600_000);
    s.take_output(t)
}

#[test]
fn programs_see_the_default_80_by_24_until_told() {
    let mut s = Session::new(cfg());
    assert_eq!(run(&mut s, 0, "tput cols; tput lines; stty size"), "80\n24\n24 80\n");
    assert_eq!(run(&mut s, 0, "echo $COLUMNS x $LINES"), "80 x 24\n");
    // Not exported: a child process does not have them, a non-interactive bash neither.
    assert_eq!(run(&mut s, 0, "env | grep -c COLUMNS"), "0\n");
    assert_eq!(run(&mut s, 0, "bash -c 'echo \"[$COLUMNS]\"'"), "[]\n");
}

#[test]
fn a_resize_reaches_every_terminal_and_the_shells_they_start() {
    let mut s = Session::new(cfg());
    s.resize(132, 41);
    let t1 = s.open_terminal();
    for t in [0, t1] {
        assert_eq!(run(&mut s, t, "tput cols; stty size; echo $COLUMNS"), "132\n41 132\n132\n", "terminal {t}");
    }
    assert_eq!(run(&mut s, 0, "echo $(tput cols)"), "132\n");
    // Absurd sizes are clamped, and the same size twice is journaled once.
    s.resize(3, 0);
    assert_eq!(run(&mut s, 0, "stty size"), "4 20\n");
    s.resize(90, 30);
    s.resize(90, 30);
    let resizes: Vec<_> = s
        .journal()
        .entries()
        .iter()
        .filter(|e| matches!(e.input, Input::Resize { .. }))
        .map(|e| e.input.clone())
        .collect();
    assert_eq!(
        resizes,
        [
            Input::Resize { cols: 132, rows: 41 },
            Input::Resize { cols: 20, rows: 4 },
            Input::Resize { cols: 90, rows: 30 }
        ]
    );
    // Inside a container's interactive shell the TTY has the terminal's size too.
    run(&mut s, 0, "docker run -it --name deb debian bash");
    assert_eq!(run(&mut s, 0, "stty size; tput cols"), "30 90\n90\n");
    s.resize(100, 30);
    assert_eq!(run(&mut s, 0, "stty size"), "30 100\n");
}

#[test]
fn without_a_terminal_stty_refuses_and_tput_knows_its_capabilities() {
    let mut s = Session::new(cfg());
    let started = run(&mut s, 0, "docker run -d --name quieto alpine sleep 1000");
    assert!(!started.contains("Error"), "{started}");
    let out = run(&mut s, 0, "docker exec quieto stty size");
    assert!(out.contains("stty: 'standard input': Inappropriate ioctl for device"), "{out}");
    assert_eq!(run(&mut s, 0, "tput colors; echo $?"), "256\n0\n");
    assert_eq!(run(&mut s, 0, "tput frobnicate; echo $?"), "tput: unknown terminfo capability 'frobnicate'\n4\n");
}

fn compose_up(s: &mut Session) -> String {
    s.write_host_file("compose.yaml", b"services:\n  web:\n    image: nginx\n").unwrap();
    run(s, 0, "docker compose up -d")
}

/// The widest line of Compose's progress block whose timer ends the line.
fn timer_lines(out: &str) -> Vec<usize> {
    out.lines().filter(|l| l.ends_with("s ") && l.starts_with(" ")).map(|l| l.chars().count()).collect()
}

#[test]
fn compose_progress_timers_end_at_the_terminals_last_column() {
    let mut narrow = Session::new(cfg());
    let out = compose_up(&mut narrow);
    assert!(timer_lines(&out).iter().all(|&w| w == 80), "{out}");
    let mut wide = Session::new(cfg());
    wide.resize(120, 30);
    let out = compose_up(&mut wide);
    let widths = timer_lines(&out);
    assert!(!widths.is_empty() && widths.iter().all(|&w| w == 120), "{out}");
}

#[test]
fn a_replay_with_resizes_prints_the_same_bytes() {
    let mut s = Session::new(cfg());
    s.resize(100, 30);
    let first = compose_up(&mut s);
    s.resize(60, 20);
    let second = run(&mut s, 0, "docker compose down; tput cols");
    s.advance(500);
    let journal = Journal::decode(&s.journal().encode()).expect("decodes");
    let mut r = Session::replay(cfg(), &journal, s.now(), false);
    assert_eq!(r.take_output(0), format!("{first}{second}"));
    assert_eq!(r.tty_size(), s.tty_size());
    assert_eq!(r.journal().entries(), s.journal().entries());
}
