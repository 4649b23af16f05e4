//! `docker attach` and `docker update`: two commands on a running container that Docker's
//! tutorials use. `attach` joins the terminal to the main process as `docker run` does (its
//! output, Ctrl-C forwarded, or the interactive shell of an `-it` container) until the process
//! ends or the detach keys are typed; `update` changes a restart policy and limits in place.

use super::args::{b, v, Parsed};
use super::{done, Cmd};
use crate::process::{Cx, DetachKeys, Effect, Job};
use crate::shell::ShellCtx;
use crate::world::container::{RestartPolicy, RestartPolicyError};
use crate::world::{Update, UpdateError};

pub const COMMANDS: &[Cmd] = &[
    Cmd {
        path: "attach",
        aliases: &["container attach"],
        usage: "attach [OPTIONS] CONTAINER",
        short: "Attach local standard input, output, and error streams to a running container",
        flags: &[
            v("detach-keys", None, "string", "Override the key sequence for detaching a container"),
            b("no-stdin", None, "Do not attach STDIN"),
            b("sig-proxy", None, "Proxy all received signals to the process (default true)"),
        ],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: Some(1),
        run: attach,
    },
    Cmd {
        path: "update",
        aliases: &["container update"],
        usage: "update [OPTIONS] CONTAINER [CONTAINER...]",
        short: "Update configuration of one or more containers",
        flags: &[
            v(
                "blkio-weight",
                None,
                "uint16",
                "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)",
            ),
            v("cpu-period", None, "int", "Limit CPU CFS (Completely Fair Scheduler) period"),
            v("cpu-quota", None, "int", "Limit CPU CFS (Completely Fair Scheduler) quota"),
            v("cpu-rt-period", None, "int", "Limit the CPU real-time period in microseconds"),
            v("cpu-rt-runtime", None, "int", "Limit the CPU real-time runtime in microseconds"),
            v("cpu-shares", Some('c'), "int", "CPU shares (relative weight)"),
            v("cpus", None, "decimal", "Number of CPUs"),
            v("cpuset-cpus", None, "string", "CPUs in which to allow execution (0-3, 0,1)"),
            v("cpuset-mems", None, "string", "MEMs in which to allow execution (0-3, 0,1)"),
            v("memory", Some('m'), "bytes", "Memory limit"),
            v("memory-reservation", None, "bytes", "Memory soft limit"),
            v("memory-swap", None, "bytes", "Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
            v("pids-limit", None, "int", "Tune container pids limit (set -1 for unlimited)"),
            v("restart", None, "string", "Restart policy to apply when a container exits"),
        ],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: update,
    },
];

/// A plain CLI error (docker/cli's `main` prints it as it is), exit 1.
fn cli_error(cx: &mut Cx<'_>, message: &str) -> Box<dyn Job> {
    cx.io.errln(message);
    done(1)
}

/// docker/cli's `RunAttach`: inspect (running, not paused or restarting), the daemon's check of
/// the detach keys, then the stream.
fn attach(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let reference = &p.args[0];
    let sig_proxy = p.get("sig-proxy") != Some("false");
    let Some(cid) = super::container::lookup(cx, reference) else { return done(1) };
    let Some(c) = cx.world.container(cid) else { return done(1) };
    if !c.is_running() {
        let m = if c.state.status == crate::world::Status::Restarting {
            "You cannot attach to a restarting container, wait until it is running"
        } else {
            "You cannot attach to a stopped container, start it first"
        };
        return cli_error(cx, m);
    }
    if c.is_paused() {
        return cli_error(cx, "You cannot attach to a paused container, unpause it first");
    }
    let keys = match DetachKeys::parse(p.get("detach-keys").unwrap_or(""), true) {
        Ok(k) => k,
        Err(e) => return super::daemon_error(cx, &e.to_string()),
    };
    let (tty, stdin) = (c.config.tty, c.config.open_stdin && !p.has("no-stdin"));
    let is_shell = c.main.as_ref().is_some_and(|m| m.process.is_interactive_shell());
    let cursor = c.logs.len();
    let generation = c.state.generation;
    if is_shell && stdin {
        // The container's shell reads this terminal again (its prompt shows at once, as the
        // CLI's resize trick makes a real one redraw it).
        let mut sh = ShellCtx::for_container(cx.world, cid);
        sh.is_main = false;
        cx.effects.push(Effect::PushShell { sh: Box::new(sh), attached_main: true });
        if tty {
            cx.effects.push(Effect::DetachKeys(keys));
        }
        return done(0);
    }
    cx.effects.push(Effect::Detachable);
    if tty && stdin {
        cx.effects.push(Effect::DetachKeys(keys));
    }
    Box::new(super::run::Attach {
        cid,
        cursor,
        generation,
        interrupted: false,
        endless: true,
        sig_proxy,
        stay: true,
        stdin,
        input_ready: false,
    })
}

/// docker/cli's `runUpdate`: at least one flag, the restart policy parsed, then one
/// `ContainerUpdate` per container (names printed as typed, errors gathered at the end).
fn update(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    if p.values.is_empty() {
        return cli_error(cx, "you must provide one or more flags when using this command");
    }
    let mut up = Update::default();
    if let Some(r) = p.get("restart").filter(|r| !r.is_empty()) {
        up.restart = match RestartPolicy::parse(r) {
            Ok(policy) => Some(policy),
            // The CLI's own parse error prints as it is; the daemon's check comes per container.
            Err(RestartPolicyError::Format(e)) => return cli_error(cx, &e.to_string()),
            Err(RestartPolicyError::Invalid(e)) => return per_container(cx, p, &Err(UpdateError::RestartPolicy(e))),
        };
    }
    for (flag, names, field) in [("memory", "-m, --memory", 0), ("memory-swap", "--memory-swap", 1)] {
        let Some(s) = p.get(flag) else { continue };
        if field == 1 && s == "-1" {
            up.memory_swap = -1;
            continue;
        }
        let Some(n) = super::run::parse_bytes(s) else {
            return flag_error(cx, s, names, &format!("invalid size: '{s}'"));
        };
        if field == 0 {
            up.memory = n;
        } else {
            up.memory_swap = i64::try_from(n).unwrap_or(i64::MAX);
        }
    }
    if let Some(s) = p.get("cpus") {
        match crate::float::parse(s).filter(|f| f.is_finite() && *f >= 0.0) {
            Some(f) => up.nano_cpus = (f * 1e9) as u64,
            None => return flag_error(cx, s, "--cpus", &format!("failed to parse {s} as a rational number")),
        }
    }
    per_container(cx, p, &Ok(up))
}

/// pflag's refusal of a flag's value, as cobra prints it (exit 125).
fn flag_error(cx: &mut Cx<'_>, value: &str, names: &str, why: &str) -> Box<dyn Job> {
    cx.io.errln(&format!(
        "invalid argument \"{value}\" for \"{names}\" flag: {why}\n\nUsage:  docker update [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'docker update --help' for more information"
    ));
    done(125)
}

fn per_container(cx: &mut Cx<'_>, p: &Parsed, up: &Result<Update, UpdateError>) -> Box<dyn Job> {
    let mut errs = Vec::new();
    for name in &p.args {
        let result = match up {
            Err(e) => Err(e.clone()),
            Ok(up) => cx.world.update_container(name, up),
        };
        match result {
            Ok(()) => cx.io.outln(name),
            Err(e) => errs.push(format!("Error response from daemon: {e}")),
        }
    }
    if errs.is_empty() {
        return done(0);
    }
    cx.io.errln(&errs.join("\n"));
    done(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detach_keys_as_moby_term_reads_them() {
        assert_eq!(DetachKeys::parse("", true).unwrap().keys, vec![16, 17]);
        assert_eq!(DetachKeys::parse("ctrl-x,x", true).unwrap().keys, vec![24, b'x']);
        assert_eq!(DetachKeys::parse("ctrl-@,ctrl-[,ctrl-_,DEL", true).unwrap().keys, vec![0, 27, 31, 127]);
        assert_eq!(
            DetachKeys::parse("ctrl-P", true).map_err(|e| e.to_string()),
            Err("Invalid detach keys (ctrl-P) provided".into())
        );
        assert_eq!(
            DetachKeys::parse("ab", true).map_err(|e| e.to_string()),
            Err("Invalid detach keys (ab) provided".into())
        );
    }
}
