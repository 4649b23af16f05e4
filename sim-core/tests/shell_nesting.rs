//! Property test: shell lines built from recursion and nesting pieces — scripts that run
//! themselves (`bash x`, `sh x`), `sh -c`, `$(…)`, backquotes, stray quotes, pathological
//! globs, pipes, `;`, `&&`, loops, `if`/`case`, functions that call themselves, `$((…))`,
//! here-documents — typed into a session whose files call each other.
//!
//! For every line: no panic; no stack overflow (each case runs on a 1 MiB stack, the size
//! of wasm's); and the line ends, or goes idle, within a bounded amount of simulated time —
//! and if it is still running then (a prompt-less shell waiting for input), Ctrl-C ends it
//! at once. Work is bounded by the simulator's own counter (`Session::work_done`: engine events
//! and terminal polls), per call into the session and per case, never by wall time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use proptest::prelude::*;
use sim_core::{Session, SessionConfig};

const PIECES: &[&str] = &[
    "bash x",
    "sh x",
    "bash y",
    "./x",
    "sh -c 'sh x'",
    "sh -c \"bash y\"",
    "bash -c",
    "$(",
    ")",
    "$(sh x)",
    "$(bash y)",
    "`sh x`",
    "'",
    "\"",
    "*a*a*a*a*a*a*a*a*a*b",
    "[a-",
    "[!a]*",
    "*",
    "?",
    "|",
    ";",
    "&&",
    "||",
    "echo",
    "cat x",
    "ls",
    "exit",
    "\\",
    "$0",
    "$?",
    "env",
    "timeout 1",
    // Compound commands, functions and arithmetic: loops must yield, recursion must end.
    "for i in 1 2; do",
    "while true; do",
    "until false; do",
    "do",
    "done",
    "if true; then",
    "then",
    "else",
    "fi",
    "case x in *)",
    ";;",
    "esac",
    "f() {",
    "f() { f; };",
    "f() { f | f; };",
    "f() { echo $(f); };",
    "{",
    "}",
    "(",
    "f",
    "break",
    "continue",
    "return",
    "$((1/0))",
    "$((i+1))",
    "<<E",
    "E",
    "\n",
];

fn line(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..max).prop_map(|ps| ps.join(" "))
}

/// The most work one call into the session did across the cases run so far (a typed line
/// with its settling, or a Ctrl-C), the most a whole case did, and the longest such call took
/// on this machine (printed with `--nocapture`; docs/benchmarks.md quotes it).
static WORST_CALL: AtomicU64 = AtomicU64::new(0);
static WORST_CASE: AtomicU64 = AtomicU64::new(0);
static WORST_CALL_US: AtomicU64 = AtomicU64::new(0);

/// Work one call may do (a unit is an engine event or a terminal poll, see
/// `Session::work_done`): what the page can do between two frames without a budget.
const CALL_BUDGET: u64 = 2_500;
/// Work a whole case may do: its lines, ten simulated minutes each, and Ctrl-C.
const CASE_BUDGET: u64 = 400_000;

/// One call into the session, its work checked against [`CALL_BUDGET`].
fn call(s: &mut Session, what: &str, f: impl FnOnce(&mut Session)) -> Result<(), String> {
    let (before, t0) = (s.work_done(), Instant::now());
    f(s);
    let (work, us) = (s.work_done() - before, t0.elapsed().as_micros() as u64);
    if WORST_CALL.fetch_max(work, Ordering::Relaxed) < work {
        eprintln!("worst call so far: {work} units, {us} µs: {what:?}");
    }
    WORST_CALL_US.fetch_max(us, Ordering::Relaxed);
    if work > CALL_BUDGET {
        return Err(format!("{what:?} did {work} units of work in one call (budget {CALL_BUDGET})"));
    }
    Ok(())
}

/// Runs one case on a 1 MiB stack: the files, then each typed line.
fn run_case(script: String, lines: Vec<String>) -> Result<(), String> {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let mut s = Session::new(SessionConfig::default());
            s.write_host_file("x", script.as_bytes()).map_err(|e| format!("{e:?}"))?;
            s.write_host_file("y", b"bash x\n").map_err(|e| format!("{e:?}"))?;
            s.write_host_file(&"a".repeat(40), b"").map_err(|e| format!("{e:?}"))?;
            s.write_host_file("ab", b"").map_err(|e| format!("{e:?}"))?;
            let start = s.work_done();
            for l in &lines {
                call(&mut s, l, |s| s.submit(0, l))?;
                // Ten simulated minutes are plenty for any of these to end or go idle…
                if !s.run_until_idle(0, 600_000) {
                    // …and whatever still runs (a shell waiting for input) stops at Ctrl-C.
                    call(&mut s, "^C", |s| s.interrupt(0))?;
                    if !s.run_until_idle(0, 1_000) {
                        return Err(format!("{l:?} (x = {script:?}) still busy after Ctrl-C"));
                    }
                }
                s.take_output(0);
            }
            let work = s.work_done() - start;
            WORST_CASE.fetch_max(work, Ordering::Relaxed);
            if work > CASE_BUDGET {
                return Err(format!("{lines:?} (x = {script:?}) did {work} units of work (budget {CASE_BUDGET})"));
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "panicked".to_string())?
}

proptest! {
    // A fixed seed: the same cases in every CI run, so its time stays put.
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(17),
        ..ProptestConfig::default()
    })]

    #[test]
    fn nesting_lines_end_without_overflow(
        script in prop::collection::vec(line(6), 1..3).prop_map(|ls| ls.join("\n")),
        lines in prop::collection::vec(line(8), 1..3),
    ) {
        let r = run_case(script.clone(), lines.clone());
        prop_assert!(r.is_ok(), "x = {:?}, lines = {:?}: {:?}", script, lines, r);
        eprintln!(
            "worst: one call {} units ({} µs here), one case {} units",
            WORST_CALL.load(Ordering::Relaxed),
            WORST_CALL_US.load(Ordering::Relaxed),
            WORST_CASE.load(Ordering::Relaxed)
        );
    }
}

/// The cases the issue reported, each on its own.
#[test]
fn the_reported_recursions_end() {
    for (script, line) in [
        ("bash x", "bash x"),
        ("echo $(sh x)", "sh x"),
        ("echo $(sh x) $(sh x)", "sh x"),
        ("bash x | bash x", "bash x"),
        ("sh -c 'sh -c \"sh x\"'", "sh x"),
        ("echo `sh x`", "sh x"),
        ("./x", "chmod +x x; ./x"),
    ] {
        run_case(script.to_string(), vec![line.to_string(), "echo fin".to_string()])
            .unwrap_or_else(|e| panic!("{script:?}: {e}"));
    }
}

/// Runs `line` on the host with `x` holding `script`, on a 1 MiB stack; returns the
/// terminal's output and the line's status.
fn run_line(script: &'static str, line: &'static str) -> (String, i32) {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let mut s = Session::new(SessionConfig::default());
            s.write_host_file("x", script.as_bytes()).expect("write x");
            s.take_output(0);
            s.submit(0, line);
            assert!(s.run_until_idle(0, 600_000), "{line:?} with x = {script:?} did not end");
            (s.take_output(0), s.last_status(0))
        })
        .expect("spawn")
        .join()
        .expect("no panic, no overflow")
}

/// bash's `make_child`: four retries over 15 simulated seconds, then the failure; the
/// deepest script exits 254 and every enclosing one passes that status up.
#[test]
fn bash_running_itself_ends_with_bashs_fork_error() {
    let (out, status) = run_line("bash x", "bash x");
    let retry = "x: fork: retry: Resource temporarily unavailable\n";
    assert_eq!(out, format!("{}x: fork: Resource temporarily unavailable\n", retry.repeat(4)));
    assert_eq!(status, 254);
}

/// dash's `forkshell`: `x: 1: Cannot fork`; the substitutions above it are empty, so the
/// outermost `echo` prints one empty line, status 0.
#[test]
fn dash_substitution_running_itself_ends_with_dashs_fork_error() {
    let (out, status) = run_line("echo $(sh x)", "sh x");
    assert_eq!(out, "x: 1: Cannot fork\n\n");
    assert_eq!(status, 0);
}

/// Two recursive calls per level would be 2^depth processes: the per-line budget ends it.
#[test]
fn a_branching_recursion_stays_within_the_line_budget() {
    use sim_core::shell::fork::{MAX_FORKS_PER_LINE, MAX_PROCS};
    let (out, _) = run_line("echo $(sh x) $(sh x)", "sh x");
    let failures = out.matches("Cannot fork").count() as u32;
    assert!(failures > 0 && failures <= MAX_FORKS_PER_LINE + MAX_PROCS, "{failures} failures");
}

/// Output fed back as arguments grows geometrically with depth: the line's memory budget
/// ends it, with bash's out-of-memory fork error (no retries on ENOMEM).
#[test]
fn a_growing_substitution_runs_out_of_memory() {
    use sim_core::shell::fork::MAX_CAPTURED_PER_LINE;
    let (out, _) = run_line("cat x x x $(bash x)", "bash x");
    assert!(out.contains("x: fork: Cannot allocate memory\n"), "{}", &out[..out.len().min(500)]);
    // What reaches the terminal stays within a small multiple of the budget.
    assert!(out.len() < 16 * MAX_CAPTURED_PER_LINE, "{} bytes", out.len());
}

/// A loop that starts hundreds of processes in one instant runs to its end: it yields before
/// the per-instant fork budget and gets it afresh, as a real shell simply runs on.
#[test]
fn a_loop_of_many_processes_is_never_refused() {
    let mut s = Session::new(SessionConfig::default());
    s.submit(0, "for i in $(seq 600); do /bin/echo $(echo $i); done | tail -1; echo status $?");
    assert!(s.run_until_idle(0, 600_000));
    let out = s.take_output(0);
    assert!(out.contains("600\n") && out.contains("status 0"), "{out}");
    assert!(!out.contains("fork"), "{out}");
}
