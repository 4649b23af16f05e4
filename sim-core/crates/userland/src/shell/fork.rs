//! The process limit, and what a shell does when `fork` fails at it.
//!
//! Why: a script that runs itself (`echo "bash x" > x; bash x`, or
//! `echo 'echo $(sh x)' > x; sh x`) nests one simulated shell inside the
//! other, and each level is a few Rust stack frames (a job polls its child
//! job). Unbounded, it overflowed the host stack and killed the page. On
//! Linux the same script forks until the user's or the container's process
//! limit (`ulimit -u`, the pids cgroup), then `fork` fails with `EAGAIN` and
//! the shell says so in its own words; every enclosing shell then unwinds
//! normally. Muelle models exactly that: [`ShellCtx::procs`] counts the
//! processes between the terminal's shell and this one (each program, child
//! shell and `$(…)` adds one), and a shell that would go past
//! [`MAX_PROCS`] gets its `fork` refused:
//!
//! The same messages, with `Cannot allocate memory` (and no retries: bash retries on
//! `EAGAIN` only), when a line's `$(…)` results outgrow [`MAX_CAPTURED_PER_LINE`]; and
//! [`MAX_FORKS_PER_LINE`] bounds the processes one line starts in all.
//!
//! - bash (`jobs.c`, `make_child`): `NAME: fork: retry: Resource temporarily
//!   unavailable` four times, sleeping 1, 2, 4 and 8 s in between, then `NAME:
//!   fork: Resource temporarily unavailable`; `throw_to_top_level` makes the
//!   status 126 | 128 = 254 and a non-interactive shell exits with it. NAME is
//!   `get_name_for_error`: the script (`$0`) in a script, `bash` otherwise;
//!   `sys_error` prints no line number.
//! - busybox ash (`forkshell`): `ash_msg_and_raise_perror("can't fork")`, with
//!   `ash_vmsg`'s prefix (`x: line 1: ` in a script, `sh: ` under `-c`); status
//!   2, and a non-interactive shell exits.
//! - dash (`forkshell`): `sh_error("Cannot fork")` as `x: 1: Cannot fork`;
//!   status 2, and a non-interactive shell exits.
//!
//! The limit is far below a real machine's (tens of thousands): it is chosen
//! so the simulator's own stack can never overflow — the test
//! `nesting_fits_in_a_small_stack` measures the stack one level takes and
//! runs the deepest recursion on a 1 MiB stack, wasm's size. Measured at 48
//! processes: at most 5.4 KB per process, 258 KB in all, in a debug build;
//! 1.2 KB and 58 KB in a release build.

use super::{Invocation, ShellCtx, ShellKind};
use crate::process::{Cx, Effect, Job, Poll, Wake};
use crate::time::SimTime;

/// Processes one terminal's (or container's) chain of shells may hold.
pub const MAX_PROCS: u32 = 48;

/// Processes one typed line may start in one instant. A script that runs itself twice per
/// level (`echo $(sh x) $(sh x)`) is a fork bomb: a real machine keeps forking for as long as
/// it is let, but Muelle runs `$(…)` in one go, where Ctrl-C cannot reach. Past this many,
/// forks are refused as at the process limit. 256 keeps the worst such call at about 2,000
/// units of work (`Session::work_done`; the fuzzer in `sim-core/tests/shell_nesting.rs`
/// bounds it at 2,500): a few milliseconds natively, where 1,024 took 8,000 units and 90 ms.
/// Loops yield before they reach it ([`FORKS_BEFORE_YIELD`]).
pub const MAX_FORKS_PER_LINE: u32 = 256;

/// Processes a loop may start in one instant before it yields (see `exec.rs`): below
/// [`MAX_FORKS_PER_LINE`], so a loop is never refused for a budget a recursion is.
pub const FORKS_BEFORE_YIELD: u32 = 128;

/// Bytes one typed line may hold in `$(…)` results. A script whose substitution feeds its
/// own output back as arguments (`cat x $(sh x)`) grows its data geometrically with depth,
/// with few processes; on a real machine memory runs out. Past this many bytes, the rest of
/// a substitution's output is dropped and forks fail as out of memory (`ENOMEM`).
pub const MAX_CAPTURED_PER_LINE: usize = 256 * 1024;

/// Whether this shell can start one more process.
pub fn can_fork(sh: &ShellCtx) -> bool {
    #[cfg(feature = "stack-probe")]
    stack_probe::record();
    sh.procs < MAX_PROCS && sh.forks < MAX_FORKS_PER_LINE && !out_of_memory(sh)
}

fn out_of_memory(sh: &ShellCtx) -> bool {
    sh.captured >= MAX_CAPTURED_PER_LINE
}

/// Counts `out`, a substitution's result, against the line's memory; cuts what does not fit.
pub fn capture(sh: &mut ShellCtx, out: &mut String) {
    let room = MAX_CAPTURED_PER_LINE.saturating_sub(sh.captured);
    if out.len() > room {
        let mut cut = room;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        sh.captured = MAX_CAPTURED_PER_LINE;
    } else {
        sh.captured += out.len();
    }
}

/// Before a parent polls a child shell: the child sees what the line used so far.
pub fn sync_down(parent: &ShellCtx, child: &mut ShellCtx) {
    child.forks = child.forks.max(parent.forks);
    child.captured = child.captured.max(parent.captured);
}

/// After: the parent counts what the child used.
pub fn sync_up(parent: &mut ShellCtx, child: &ShellCtx) {
    parent.forks = parent.forks.max(child.forks);
    parent.captured = parent.captured.max(child.captured);
}

const EAGAIN: &str = "Resource temporarily unavailable";
const ENOMEM: &str = "Cannot allocate memory";

/// `strerror` of the reason `fork` fails.
fn errno(sh: &ShellCtx) -> &'static str {
    if out_of_memory(sh) {
        ENOMEM
    } else {
        EAGAIN
    }
}

/// bash's sleeps between its retries, in ms from the first failure: 1, 2, 4, 8 s.
const BASH_RETRIES_AT: [u64; 4] = [0, 1_000, 3_000, 7_000];
/// When bash gives up (after the 8 s sleep).
const BASH_GIVES_UP_AT: u64 = 15_000;

/// What a shell prints when `fork` fails for good, and its status.
fn final_message(sh: &ShellCtx) -> (String, i32) {
    match sh.kind {
        ShellKind::Bash => (format!("{}: fork: {}", bash_name(sh), errno(sh)), 254),
        ShellKind::Ash => {
            let prefix = match &sh.invocation {
                Invocation::Interactive => sh.name_for_errors().to_string(),
                Invocation::Command(arg0) => arg0.clone(),
                Invocation::Script(script) => format!("{script}: line {}", sh.line),
            };
            (format!("{prefix}: can't fork: {}", errno(sh)), 2)
        }
        ShellKind::Dash => {
            let prefix = match &sh.invocation {
                Invocation::Interactive => sh.name_for_errors().to_string(),
                Invocation::Command(arg0) | Invocation::Script(arg0) => format!("{arg0}: {}", sh.line),
            };
            (format!("{prefix}: Cannot fork"), 2)
        }
    }
}

/// `get_name_for_error`: `$0` of a non-interactive bash, `bash` otherwise.
fn bash_name(sh: &ShellCtx) -> &str {
    match &sh.invocation {
        Invocation::Interactive => "bash",
        Invocation::Command(arg0) | Invocation::Script(arg0) => arg0,
    }
}

/// The command a shell could not fork for: bash retries over 15 simulated
/// seconds first (at once inside `$(…)`, which takes no simulated time); ash
/// and dash fail at once. A non-interactive shell exits.
pub fn failed() -> Box<dyn Job> {
    Box::new(Failed { start: None, retries: 0 })
}

/// `$(…)` could not fork: everything printed at once (a substitution runs in
/// no simulated time), and a non-interactive shell exits.
pub fn failed_now(cx: &mut Cx<'_>) -> i32 {
    // bash retries on EAGAIN only.
    if cx.sh.kind == ShellKind::Bash && !out_of_memory(cx.sh) {
        for _ in BASH_RETRIES_AT {
            cx.io.errln(&format!("{}: fork: retry: {EAGAIN}", bash_name(cx.sh)));
        }
    }
    give_up(cx)
}

fn give_up(cx: &mut Cx<'_>) -> i32 {
    let (msg, status) = final_message(cx.sh);
    cx.io.errln(&msg);
    cx.sh.last_status = status;
    if cx.sh.invocation != Invocation::Interactive {
        cx.effects.push(Effect::ExitShell(status));
    }
    status
}

struct Failed {
    start: Option<SimTime>,
    retries: usize,
}

impl Job for Failed {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if cx.sh.kind != ShellKind::Bash || cx.sh.in_substitution || out_of_memory(cx.sh) {
            return Poll::Done(failed_now(cx));
        }
        let start = *self.start.get_or_insert(cx.now());
        while let Some(at) = BASH_RETRIES_AT.get(self.retries) {
            let due = start.plus(*at);
            if due > cx.now() {
                return Poll::Pending(Wake::At(due));
            }
            cx.io.errln(&format!("{}: fork: retry: {EAGAIN}", bash_name(cx.sh)));
            self.retries += 1;
        }
        let end = start.plus(BASH_GIVES_UP_AT);
        if end > cx.now() {
            return Poll::Pending(Wake::At(end));
        }
        Poll::Done(give_up(cx))
    }
}

/// How deep the stack went at fork checks, for the test that keeps nesting within wasm's 1 MiB
/// stack (`sim-core/tests/fork_stack.rs`); compiled only with the `stack-probe` feature, which
/// only sim-core's tests turn on.
#[cfg(feature = "stack-probe")]
pub mod stack_probe {
    use std::cell::Cell;

    thread_local! {
        /// The lowest stack address seen at a fork check in this thread.
        static DEEPEST: Cell<usize> = const { Cell::new(usize::MAX) };
    }

    /// An address in the caller's stack frame.
    #[inline(never)]
    pub fn here() -> usize {
        let marker = 0u8;
        std::hint::black_box(&marker) as *const u8 as usize
    }

    pub(super) fn record() {
        let at = here();
        DEEPEST.with(|d| d.set(d.get().min(at)));
    }

    /// Forgets what was recorded in this thread.
    pub fn reset() {
        DEEPEST.with(|d| d.set(usize::MAX));
    }

    /// The lowest stack address recorded in this thread since [`reset`].
    pub fn deepest() -> usize {
        DEEPEST.with(|d| d.get())
    }
}
