//! Endless or huge output (issue 17): `seq` and `yes` print in bounded chunks over
//! simulated time, so Ctrl-C ends them, a pipe that stops reading ends them, and a file
//! that grows without end fills the simulated disk instead of the page's memory.

use sim_core::{Lang, Session, SessionConfig};

fn session() -> Session {
    Session::new(SessionConfig { seed: 1, lang: Lang::En })
}

/// Types a line, lets it run up to `ms` of simulated time; returns (output, idle).
fn run(s: &mut Session, line: &str, ms: u64) -> (String, bool) {
    s.submit(0, line);
    let idle = s.run_until_idle(0, ms);
    (s.take_output(0), idle)
}

#[test]
fn seq_prints_every_line_past_100000() {
    let mut s = session();
    let (out, idle) = run(&mut s, "seq 250000 | tail -n 2", 60_000);
    assert!(idle);
    assert_eq!(out, "249999\n250000\n");
    let (out, _) = run(&mut s, "seq 1 250000 | wc -l", 60_000);
    assert_eq!(out, "250000\n");
}

#[test]
fn a_pipe_to_head_ends_a_huge_seq_and_yes() {
    let mut s = session();
    let (out, idle) = run(&mut s, "seq 1 100000000 | head -n 3", 5_000);
    assert!(idle, "seq | head must end within 5 simulated seconds");
    assert_eq!(out, "1\n2\n3\n");
    assert_eq!(s.last_status(0), 0, "the pipeline's status is head's");
    let (out, idle) = run(&mut s, "yes | head -n 2", 5_000);
    assert!(idle);
    assert_eq!(out, "y\ny\n");
    assert_eq!(s.last_status(0), 0);
}

#[test]
fn ctrl_c_stops_a_long_seq() {
    let mut s = session();
    s.submit(0, "seq 1 100000000");
    s.run_until_idle(0, 200);
    assert!(s.is_busy(0), "100,000,000 lines take simulated time");
    s.interrupt(0);
    assert!(s.run_until_idle(0, 1_000));
    assert_eq!(s.last_status(0), 130);
    let out = s.take_output(0);
    assert!(out.len() < 8 << 20, "only what was printed before Ctrl-C: {} bytes", out.len());
}

#[test]
fn yes_into_a_file_fills_the_disk_not_memory() {
    let mut s = session();
    let (out, idle) = run(&mut s, "yes > f", 60_000);
    assert!(idle);
    assert!(out.contains("yes: standard output: No space left on device"), "{out}");
    assert_eq!(s.last_status(0), 1);
    let size = s.read_host_file("f").unwrap().len();
    assert!(size > 16 << 20 && size < 20 << 20, "{size}");
}

#[test]
fn head_and_tail_count_bytes() {
    let mut s = session();
    run(&mut s, "seq 3 > n", 1_000);
    let (out, _) = run(&mut s, "head -c 3 n; echo; tail -c 2 n; head -n -1 n", 1_000);
    // head -c 3: "1\n2"; echo; tail -c 2: "3\n"; head -n -1: "1\n2\n".
    assert_eq!(out, "1\n2\n3\n1\n2\n");
}

#[test]
fn an_endless_main_process_keeps_a_bounded_log() {
    let mut s = session();
    run(&mut s, "docker run -d --name yy alpine yes", 30_000);
    s.advance(60_000);
    let logs: usize =
        s.world().containers().values().map(|c| c.logs.iter().map(|l| l.text.len() + 1).sum::<usize>()).sum();
    assert!(logs < 20 << 20, "{logs} bytes of logs");
    let (out, _) = run(&mut s, "docker ps --format '{{.Names}} {{.Status}}'", 5_000);
    assert!(out.starts_with("yy Up"), "{out}");
}

/// A container's stdout and stderr stay apart without a TTY (moby multiplexes them), so
/// `docker logs` and `docker compose logs` write each to the client's own stream; with `-t`
/// the pty merges them into stdout.
#[test]
fn docker_logs_keeps_the_containers_stderr_on_stderr() {
    let mut s = session();
    run(
        &mut s,
        "docker run --name pp python:3.12 python3 -c \"import sys; print('out'); print('err', file=sys.stderr)\"",
        60_000,
    );
    assert_eq!(run(&mut s, "docker logs pp 2>/dev/null", 1000).0, "out\n");
    assert_eq!(run(&mut s, "docker logs pp 2>&1 >/dev/null", 1000).0, "err\n");
    run(&mut s, "docker run --name boom python:3.12 python3 -c '1/0'", 60_000);
    assert_eq!(run(&mut s, "docker logs boom 2>/dev/null | wc -l", 1000).0, "0\n");
    assert_eq!(run(&mut s, "docker logs boom 2>&1 | wc -l", 1000).0, "3\n");
    run(&mut s, "docker run -t --name tty python:3.12 python3 -c '1/0'", 60_000);
    assert_eq!(run(&mut s, "docker logs tty 2>/dev/null | wc -l", 1000).0, "3\n");
}
