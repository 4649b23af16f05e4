//! The shell's POSIX grammar as it runs: loops, `if`/`case`, functions with their own
//! positional parameters, `break`/`continue`/`return`, `$((…))`, here-documents, `set -e`,
//! `trap`, subshells — and that loops stay bounded work over simulated time.

use sim_core::{Session, SessionConfig};

/// Types `line` on the host and returns what the terminal shows after the echoed line, and
/// the status.
fn run(line: &str) -> (String, i32) {
    let mut s = Session::new(SessionConfig::default());
    s.take_output(0);
    s.submit(0, line);
    assert!(s.run_until_idle(0, 600_000), "{line:?} did not end");
    (s.take_output(0), s.last_status(0))
}

/// Types `text` into a session that goes on, lets it run `ms` more, returns what it showed.
fn line(s: &mut Session, text: &str, ms: u64) -> String {
    s.submit(0, text);
    s.run_until_idle(0, 60_000);
    s.advance(ms);
    s.take_output(0)
}

fn out(line: &str) -> String {
    run(line).0
}

#[test]
fn loops_branches_and_case() {
    assert_eq!(out("for i in a 'b c' $(echo d e); do echo \"[$i]\"; done"), "[a]\n[b c]\n[d]\n[e]\n");
    assert_eq!(out("n=0; while [ $n -lt 3 ]; do n=$((n+1)); done; echo $n"), "3\n");
    assert_eq!(out("n=5; until [ $n -eq 0 ]; do n=$((n-1)); done; echo $n"), "0\n");
    assert_eq!(out("if false; then echo a; elif false; then echo b; else echo c; fi"), "c\n");
    assert_eq!(run("if false; then echo a; fi").1, 0);
    assert_eq!(
        out("for x in a.txt b.md c; do case $x in *.txt) echo t;; *.md|*.rst) echo m;; *) echo o;; esac; done"),
        "t\nm\no\n"
    );
    // A quoted pattern is literal.
    assert_eq!(
        out("case '*' in \"*\") echo star;; esac; case ab in \"a*\") echo no;; *) echo yes;; esac"),
        "star\nyes\n"
    );
    // Nested loops with break 2 / continue 2.
    assert_eq!(out("for i in 1 2 3; do for j in a b; do [ $j = b ] && continue 2; [ $i = 3 ] && break 2; echo $i$j; done; done"), "1a\n2a\n");
    // A loop's status is its last command's; a loop that never ran is 0.
    assert_eq!(run("for i in 1; do false; done").1, 1);
    assert_eq!(run("false; for i in; do :; done").1, 0);
    assert_eq!(out("! true; echo $?; ! false; echo $?"), "1\n0\n");
}

#[test]
fn functions_have_their_own_parameters() {
    assert_eq!(out("f() { echo \"$# $1 $2\"; }; f a 'b c'; echo \"[$1]\""), "2 a b c\n[]\n");
    assert_eq!(out("f() { for a; do echo \"<$a>\"; done; }; f x 'y z'"), "<x>\n<y z>\n");
    assert_eq!(out("f() { for a in \"$@\"; do echo \"<$a>\"; done; }; f x 'y z'; f"), "<x>\n<y z>\n");
    assert_eq!(out("f() { return 4; echo no; }; f; echo $?"), "4\n");
    assert_eq!(out("x=global; f() { local x=local; echo $x; }; f; echo $x"), "local\nglobal\n");
    assert_eq!(out("fib() { if [ $1 -le 1 ]; then echo $1; else echo $(( $(fib $(($1-1))) + $(fib $(($1-2))) )); fi; }; fib 10"), "55\n");
    // Variables a function sets stay (no `local`), as in a real shell.
    assert_eq!(out("f() { y=1; }; f; echo $y"), "1\n");
    assert_eq!(out("set -- a b c; echo $#; shift; echo $1 $#"), "3\nb 2\n");
    assert_eq!(out("return"), "bash: return: can only `return' from a function or sourced script\n");
    assert_eq!(out("break"), "bash: break: only meaningful in a `for', `while', or `until' loop\n");
}

#[test]
fn subshells_pipes_and_redirections() {
    // A subshell's and a pipe stage's changes stay there; a redirected group's stay here.
    assert_eq!(out("x=1; (x=2; echo $x); echo $x"), "2\n1\n");
    assert_eq!(out("x=1; for i in 1; do x=2; done | cat; echo $x"), "1\n");
    assert_eq!(out("x=1; { x=3; echo hi; } > f; echo $x; cat f"), "3\nhi\n");
    assert_eq!(out("for i in 3 1 2; do echo $i; done | sort | head -n 1"), "1\n");
    assert_eq!(out("(exit 3); echo $?"), "3\n");
    // `read` takes one line of a loop's stdin at a time; a program takes the rest.
    assert_eq!(out("printf 'a 1\\nb 2 3\\n' > d; while read x n; do echo \"$n$x\"; done < d"), "1a\n2 3b\n");
    assert_eq!(out("printf 'a\\nb\\nc\\n' > d; { read p; echo \"<$p>\"; cat; } < d"), "<a>\nb\nc\n");
    assert_eq!(out("echo x y | { read a b; echo $b$a; }"), "yx\n");
}

#[test]
fn arithmetic_and_here_documents() {
    assert_eq!(out("i=5; echo $((i * 2 + 1)) $(( (i - 1) / 2 )) $((i % 3 == 2))"), "11 2 1\n");
    assert_eq!(out("i=1; : $((i += 4)); echo $i"), "5\n");
    assert_eq!(run("echo $((1/0)); echo no"), ("bash: 1/0: division by 0 (error token is \"0\")\n".to_string(), 1));
    assert_eq!(
        run("sh -c 'echo $((1/0)); echo no'"),
        ("sh: 1: arithmetic expression: division by zero: \"1/0\"\n".to_string(), 2)
    );
    // bash abandons the rest of the line (DISCARD) and goes on with the next one.
    assert_eq!(
        out("bash -c 'echo $((2 +)); echo no\necho sigue'"),
        "bash: line 1: 2 +: syntax error: operand expected (error token is \"+\")\nsigue\n"
    );
    assert_eq!(out("x=mundo; cat <<EOF\nhola $x\n$((2*3)) \\$x\nEOF"), "hola mundo\n6 $x\n");
    assert_eq!(out("cat <<'EOF'\n$x `y`\nEOF"), "$x `y`\n");
    assert_eq!(out("x='a  b'; cat <<< \"$x\"; read p q <<< 'uno dos'; echo $q"), "a  b\ndos\n");
    assert_eq!(out("cat <<-FIN\n\t\tsangrado\n\tFIN\necho tras"), "sangrado\ntras\n");
}

#[test]
fn syntax_errors_in_each_shell() {
    assert_eq!(out("for i in 1; do done"), "bash: syntax error near unexpected token `done'\n");
    assert_eq!(
        out("bash -c 'for i in 1; do done'"),
        "bash: -c: line 1: syntax error near unexpected token `done'\nbash: -c: line 1: `for i in 1; do done'\n"
    );
    assert_eq!(out("sh -c 'for i in 1; do done'"), "sh: 1: Syntax error: \"done\" unexpected\n");
    assert_eq!(
        out("sh -c 'while true; do echo'"),
        "sh: 1: Syntax error: end of file unexpected (expecting \"done\")\n"
    );
    assert_eq!(
        out("echo 'if true; then' > s; bash s"),
        "s: line 2: syntax error: unexpected end of file from `if' command on line 1\n"
    );
}

#[test]
fn set_e_and_traps() {
    assert_eq!(run("bash -c 'set -e; echo a; false; echo b'"), ("a\n".to_string(), 1));
    // Not in conditions, not before `&&`, not under `!`.
    assert_eq!(out("bash -c 'set -e; if false; then :; fi; false && :; ! true; echo vivo'"), "vivo\n");
    assert_eq!(out("bash -c 'trap \"echo bye \\$?\" EXIT; echo hi; exit 5'; echo $?"), "hi\nbye 5\n5\n");
    assert_eq!(out("trap 'echo x' TERM; trap"), "trap -- 'echo x' TERM\n");
}

/// `while true; do :; done` yields every STEPS_PER_POLL commands: simulated time moves, the
/// terminal says it runs until Ctrl-C, and Ctrl-C ends it with 130.
#[test]
fn endless_loops_yield_and_stop_at_ctrl_c() {
    for line in [
        "while true; do :; done",
        "while :; do echo hi; done",
        "until false; do sleep 1; done",
        "f() { while true; do :; done; }; f",
    ] {
        let mut s = Session::new(SessionConfig::default());
        s.submit(0, line);
        let before = s.now();
        assert!(!s.run_until_idle(0, 5_000), "{line}");
        assert!(s.now().ms() > before.ms(), "{line}");
        assert!(s.runs_until_interrupted(0), "{line}");
        s.interrupt(0);
        assert!(s.run_until_idle(0, 1_000), "{line}");
        assert_eq!(s.last_status(0), 130, "{line}");
        // The shell is usable afterwards (function frames undone).
        s.take_output(0);
        s.submit(0, "echo \"ok $#\"");
        assert!(s.run_until_idle(0, 1_000));
        assert!(s.take_output(0).ends_with("ok 0\n"), "{line}");
    }
    // Inside `$(…)`, which runs in one go, the loop is cut at the step budget.
    assert_eq!(run("x=$(while true; do :; done); echo fin").0, "fin\n");
    // A loop that sleeps gets its fork budget afresh each time it wakes: it outlives 1,024 forks.
    let mut s = Session::new(SessionConfig::default());
    s.submit(0, "n=0; while [ $n -lt 1500 ]; do n=$((n+1)); sleep 1; done; echo $n");
    assert!(s.run_until_idle(0, 2_000_000));
    assert!(s.take_output(0).ends_with("1500\n"));
}

#[test]
fn compound_commands_typed_over_several_lines() {
    let mut s = Session::new(SessionConfig::default());
    for l in ["for i in 1 2", "do", "  echo $i", "done"] {
        s.submit(0, l);
        if l != "done" {
            assert_eq!(s.prompt(0), "> ");
        }
    }
    assert!(s.run_until_idle(0, 1_000));
    assert!(s.take_output(0).ends_with("1\n2\n"));
    assert_ne!(s.prompt(0), "> ");
    // Ctrl-C drops an unfinished command.
    s.submit(0, "if true; then");
    s.interrupt(0);
    assert_ne!(s.prompt(0), "> ");
}

/// Redirections apply left to right as `dup2` does: `2>&1 >/dev/null` sends stderr where stdout
/// was (the terminal, the pipe) and then stdout to nothing; `>&2` writes on stderr (not a file
/// called `2`); `1>` is stdout's.
#[test]
fn redirections_duplicate_descriptors_in_order() {
    assert_eq!(out("ls /nope 2>&1 >/dev/null"), "ls: cannot access '/nope': No such file or directory\n");
    assert_eq!(out("ls /nope >/dev/null 2>&1; echo $?"), "2\n");
    assert_eq!(out("sh -c 'echo fuera; echo dentro >&2' 2>&1 >/dev/null | wc -l"), "1\n");
    assert_eq!(out("sh -c 'echo fuera; echo dentro >&2' 2>/dev/null | wc -l"), "1\n");
    assert_eq!(out("echo hi >&2 2>/dev/null; ls"), "hi\n");
    assert_eq!(out("echo hi 1>&2 | wc -c"), "hi\n0\n");
    assert_eq!(out("echo uno >&1"), "uno\n");
    assert_eq!(out("echo x 1>f; cat f"), "x\n");
    assert_eq!(
        out("ls /nope /etc/hostname > f 2>&1; cat f"),
        "ls: cannot access '/nope': No such file or directory\n/etc/hostname\n"
    );
    assert_eq!(out("{ echo a; echo b >&2; } 2>/dev/null"), "a\n");
    assert_eq!(out("{ echo a; echo b >&2; } 2>e >o; cat o e"), "a\nb\n");
}

/// `CMD &` at the terminal: bash's `[1] PID`, the command runs beside the prompt (a server
/// started in the background answers the next line), and its end is reported before the
/// prompt after the next line (`[1]+  Done                    sleep 3`).
#[test]
fn a_command_with_ampersand_runs_in_the_background() {
    let mut s = Session::new(SessionConfig::default());
    let started = line(&mut s, "sleep 3 &", 10);
    assert!(started.starts_with("[1] ") && started.ends_with('\n'), "{started:?}");
    assert!(!s.is_busy(0), "the prompt is back at once");
    assert_eq!(line(&mut s, "echo hola", 4_000), "hola\n");
    assert_eq!(line(&mut s, "echo otra", 10), "otra\n[1]+  Done                    sleep 3\n");
    // `false` ended while the line ran: reported at its end, as bash does before the prompt.
    let out = line(&mut s, "false & echo x; true && sleep 1 &", 2_000);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.len() == 4 && lines[0].starts_with("[1] ") && lines[1] == "x" && lines[2].starts_with("[2] "),
        "{out:?}"
    );
    assert_eq!(lines[3], "[1]-  Exit 1                  false");
    assert_eq!(line(&mut s, "echo y", 10), "y\n[2]+  Done                    true && sleep 1\n");
    line(&mut s, "docker run -d --name web python:3.12 sleep infinity", 30_000);
    line(&mut s, "docker exec -it web bash", 100);
    let out = line(&mut s, "python3 -m http.server 8000 &", 500);
    assert!(out.contains("Serving HTTP on 0.0.0.0 port 8000"), "{out}");
    let page = line(&mut s, "curl -s localhost:8000 | head -1", 500);
    assert!(page.starts_with("<!DOCTYPE HTML>\n"), "{page}");
    // `&&` and `>&` are not backgrounds.
    line(&mut s, "exit", 10);
    assert_eq!(line(&mut s, "true && echo z 2>&1", 10), "z\n");
}

/// `&` in a script (an entrypoint's `server & other`, `sh -c "a & b"`): the command runs beside
/// the script, logs where the script does, and ends when the script ends — as a container's
/// processes do when its main process exits.
#[test]
fn a_scripts_background_command_runs_beside_it() {
    let mut s = Session::new(SessionConfig::default());
    line(&mut s, "docker run -d --name dos -p 8000:8000 python:3.12 sh -c 'python3 -m http.server 8000 & echo listo; sleep infinity'", 2_000);
    let page = line(&mut s, "curl -s localhost:8000 | head -1", 100);
    assert_eq!(page, "<!DOCTYPE HTML>\n");
    // Its start-up line sits in Python's buffer (stdout is not a terminal); its requests go to
    // stderr, unbuffered, into the container's log.
    let logs = line(&mut s, "docker logs dos", 100);
    assert!(logs.starts_with("listo\n172.17.0.1 - - ["), "{logs}");
    assert_eq!(line(&mut s, "sh -c 'echo uno & echo dos'", 100), "dos\nuno\n");
    assert_eq!(line(&mut s, "sh -c 'sleep 1 & echo a; sleep 2; echo b'", 100), "a\nb\n");
    assert_eq!(line(&mut s, "docker ps -q | wc -l", 10), "1\n");
}

/// Job control at bash's prompt: `$!`, `jobs` and `jobs -l` (bash 5.2's columns: the state
/// padded to 24), `wait %N` with the job's status and its report, `kill %N` and bash's
/// `Terminated` report before the next prompt, `fg` with Ctrl-C, and bash's errors.
#[test]
fn job_control_at_the_terminal() {
    let mut s = Session::new(SessionConfig::default());
    let started = line(&mut s, "sleep 100 &", 10);
    let pid = started.trim_end().strip_prefix("[1] ").expect("[1] PID").to_string();
    assert_eq!(line(&mut s, "echo $! ${!}", 10), format!("{pid} {pid}\n"));
    assert_eq!(line(&mut s, "jobs", 10), "[1]+  Running                 sleep 100 &\n");
    assert_eq!(line(&mut s, "jobs -l", 10), format!("[1]+  {pid} Running                 sleep 100 &\n"));
    assert_eq!(line(&mut s, "jobs -p", 10), format!("{pid}\n"));
    // A job that ended is listed once by `jobs`, and not reported again.
    let second = line(&mut s, "sleep 1 & sleep 2; jobs", 10);
    assert!(second.starts_with("[2] "), "{second}");
    assert!(
        second.ends_with("\n[1]-  Running                 sleep 100 &\n[2]+  Done                    sleep 1\n"),
        "{second}"
    );
    assert_eq!(line(&mut s, "jobs", 10), "[1]+  Running                 sleep 100 &\n");
    // `wait %N` waits for the job, reports it and returns its status.
    line(&mut s, "sleep 3 &", 10);
    s.submit(0, "wait %2; echo \"estado $?\"");
    s.advance(1_000);
    assert!(s.is_busy(0), "wait waits for the job");
    s.run_until_idle(0, 10_000);
    assert_eq!(s.take_output(0), "[2]+  Done                    sleep 3\nestado 0\n");
    // `kill %1`: bash reports the job before its next prompt.
    assert_eq!(line(&mut s, "kill %1", 10), "[1]+  Terminated              sleep 100\n");
    assert_eq!(s.last_status(0), 0);
    assert_eq!(line(&mut s, "jobs", 10), "");
    assert_eq!(line(&mut s, "kill %1", 10), "bash: kill: %1: no such job\n");
    assert_eq!(s.last_status(0), 1);
    assert_eq!(line(&mut s, "fg", 10), "bash: fg: current: no such job\n");
    assert_eq!(line(&mut s, "fg %3", 10), "bash: fg: %3: no such job\n");
    assert_eq!(line(&mut s, "wait 7; echo $?", 10), "bash: wait: pid 7 is not a child of this shell\n127\n");
    assert_eq!(line(&mut s, "wait %4; echo $?", 10), "bash: wait: %4: no such job\n127\n");
    // `kill $!` and `wait $!`: the status of a job killed by SIGTERM is 143.
    line(&mut s, "sleep 100 &", 10);
    assert_eq!(line(&mut s, "kill $!; wait $!; echo $?", 10), "[1]+  Terminated              sleep 100\n143\n");
    // `fg`: the command, then the job in the foreground until Ctrl-C.
    line(&mut s, "sleep 500 &", 10);
    s.submit(0, "fg");
    s.advance(100);
    assert_eq!(s.take_output(0), "sleep 500\n");
    assert!(s.is_busy(0), "fg waits for the job");
    s.interrupt(0);
    s.run_until_idle(0, 1_000);
    assert!(!s.is_busy(0));
    assert_eq!(s.take_output(0), "^C\n");
    assert_eq!(s.last_status(0), 130);
    assert_eq!(line(&mut s, "jobs", 10), "");
    // A job brought back that ends by itself gives its status, with no report.
    line(&mut s, "sleep 2 &", 10);
    assert_eq!(line(&mut s, "fg %1; echo $?", 3_000), "sleep 2\n0\n");
    // Ctrl-C interrupts a bare `wait` (130); the job goes on.
    line(&mut s, "sleep 30 &", 10);
    s.submit(0, "wait");
    s.advance(500);
    s.interrupt(0);
    assert_eq!(s.take_output(0), "^C\n");
    assert_eq!(s.last_status(0), 130);
    assert_eq!(line(&mut s, "jobs", 10), "[1]+  Running                 sleep 30 &\n");
    s.submit(0, "wait");
    s.run_until_idle(0, 60_000);
    assert_eq!(s.take_output(0), "[1]+  Done                    sleep 30\n");
    assert_eq!(line(&mut s, "bg", 10), "bash: bg: current: no such job\n");
}

/// In a script (an entrypoint, `sh -c`): `wait` keeps the script (so the container) until its
/// children end, `wait $!` returns the child's status, `kill $!` reaches it; bash reports a
/// child killed by a signal other than SIGTERM and SIGINT on stderr, prefixed by the script's
/// line.
#[test]
fn a_script_waits_for_and_kills_its_children() {
    let mut s = Session::new(SessionConfig::default());
    assert_eq!(line(&mut s, "bash -c 'false & wait $!; echo \"estado $?\"'", 10), "estado 1\n");
    assert_eq!(line(&mut s, "bash -c 'sleep 100 & kill $!; wait $!; echo $?'", 10), "143\n");
    let out = line(&mut s, "bash -c 'sleep 100 & p=$!; kill -9 $p; wait $p; echo $?; echo $p'", 10);
    let pid = out.lines().last().unwrap().to_string();
    assert_eq!(out, format!("bash: line 1: {pid:>5} Killed                  sleep 100\n137\n{pid}\n"));
    assert_eq!(
        line(&mut s, "bash -c 'sleep 1 & sleep 2 & jobs; wait; echo fin; jobs'", 10),
        "[1]-  Running                 sleep 1 &\n[2]+  Running                 sleep 2 &\nfin\n"
    );
    // The container's main process waits for what it started with `&`.
    line(&mut s, "docker run -d --name tarea alpine sh -c 'sleep 3 & echo empieza; wait; echo fin'", 100);
    assert!(line(&mut s, "docker ps --format '{{.Names}} {{.Status}}'", 1_000).starts_with("tarea Up"));
    line(&mut s, "true", 5_000);
    assert_eq!(line(&mut s, "docker logs tarea", 10), "empieza\nfin\n");
    assert_eq!(line(&mut s, "docker ps -q | wc -l", 10), "0\n");
    // A trap that stops the child: `docker stop` ends the script as soon as the child ends.
    line(
        &mut s,
        "docker run -d --name trampa alpine sh -c 'trap \"kill \\$p; echo parado\" TERM; sleep 1000 & p=$!; wait $p'",
        1_000,
    );
    let before = s.now();
    line(&mut s, "docker stop trampa", 10);
    assert!(s.now().ms() - before.ms() < 5_000, "stopped at once, not after 10 s");
    assert_eq!(line(&mut s, "docker logs trampa", 10), "parado\n");
}

/// busybox ash (alpine's `sh`) at a terminal: no `[1] PID` line, its own columns (the command
/// at column 33, `Done(1)` for a failure, no `&`), its errors.
#[test]
fn ash_job_control() {
    let mut s = Session::new(SessionConfig::default());
    line(&mut s, "docker run -it --name caja alpine sh", 500);
    assert_eq!(line(&mut s, "sleep 100 &", 10), "");
    assert_eq!(line(&mut s, "false &", 10), "[2]+  Done(1)                    false\n");
    assert_eq!(line(&mut s, "jobs", 10), "[1]+  Running                    sleep 100\n");
    // `$!` stays the last job's, even once it was reported.
    assert_eq!(line(&mut s, "echo $!", 10), "34\n");
    assert_eq!(line(&mut s, "kill %1", 10), "[1]+  Terminated                 sleep 100\n");
    assert_eq!(line(&mut s, "fg", 10), "/bin/sh: fg: No current job\n");
}
