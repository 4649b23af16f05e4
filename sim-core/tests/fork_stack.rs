//! The shell's process limit keeps the deepest nesting well inside wasm's 1 MiB stack
//! (`shell::fork`). Needs sim-userland's `stack-probe` feature (sim-core's dev-dependency).

use sim_core::shell::fork::stack_probe;
use sim_core::shell::fork::MAX_PROCS;
use sim_core::{Session, SessionConfig};

/// Runs `line` on the host with `x` holding `script`, on a 1 MiB stack (wasm's), and
/// returns the stack bytes the deepest fork check was below the start, and the output.
fn run_on_small_stack(script: &'static str, line: &'static str) -> (usize, String) {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let base = stack_probe::here();
            stack_probe::reset();
            let mut s = Session::new(SessionConfig::default());
            s.write_host_file("x", script.as_bytes()).expect("write x");
            s.submit(0, line);
            assert!(s.run_until_idle(0, 120_000), "{line:?} with x = {script:?} did not end");
            let deepest = stack_probe::deepest();
            (base.saturating_sub(deepest), s.take_output(0))
        })
        .expect("spawn")
        .join()
        .expect("the recursion overflowed a 1 MiB stack")
}

/// The limit is chosen so the deepest nesting uses a small part of a 1 MiB stack even in
/// a debug build (whose frames are the largest): measured, then checked with a wide margin.
#[test]
fn nesting_fits_in_a_small_stack() {
    let cases: [(&str, &str, &str); 5] = [
        ("bash x", "bash x", "x: fork: Resource temporarily unavailable"),
        ("echo $(sh x)", "sh x", "x: 1: Cannot fork"),
        ("echo $(bash x)", "bash x", "x: fork: Resource temporarily unavailable"),
        ("sh -c 'sh -c \"sh x\"'", "sh x", ": 1: Cannot fork"),
        ("echo $(echo $(bash x))", "bash x", "x: fork: Resource temporarily unavailable"),
    ];
    for (script, line, message) in cases {
        let (used, out) = run_on_small_stack(script, line);
        let per_level = used / MAX_PROCS as usize;
        eprintln!("{script:?}: {used} bytes of stack at {MAX_PROCS} processes, {per_level} per process");
        assert!(out.contains(message), "{script:?}: {out}");
        assert!(used < (1 << 20) / 3, "{script:?} used {used} bytes of stack");
    }
}

/// A recursive shell function: plain calls run as frames on the heap and end at the function
/// nesting limit with bash's message; calls that are pipeline stages, redirected or inside
/// `$(…)` are processes and end at the process limit — all within the small stack.
#[test]
fn recursive_functions_end_within_the_limits() {
    let cases: [(&str, &str); 5] = [
        ("f() { f; }; f", "bash: f: maximum function nesting level exceeded (1000)"),
        ("f() { echo a; f; }; f", "bash: f: maximum function nesting level exceeded (1000)"),
        ("f() { f | cat; }; f", "bash: fork: Resource temporarily unavailable"),
        ("f() { { f; } > /dev/null; }; f", "bash: fork: Resource temporarily unavailable"),
        ("f() { echo $(f); }; f", "bash: fork: Resource temporarily unavailable"),
    ];
    for (line, message) in cases {
        let (used, out) = run_on_small_stack("", line);
        eprintln!("{line:?}: {used} bytes of stack");
        assert!(out.contains(message), "{line:?}: {}", &out[..out.len().min(400)]);
        assert!(used < (1 << 20) / 2, "{line:?} used {used} bytes of stack");
    }
    // ash and dash have no limit: the shell dies as on a stack overflow (SIGSEGV, 139).
    let (_, out) = run_on_small_stack("f() { f; }; f", "sh x; echo $?");
    assert!(out.ends_with("139\n"), "{out}");
}
