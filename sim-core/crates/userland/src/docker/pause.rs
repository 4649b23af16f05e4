//! `docker pause` / `docker unpause` (docker/cli v28.2.2
//! `cli/command/container/pause.go`, `unpause.go`): every name is tried;
//! each one that worked is printed as typed, the daemon's errors are joined
//! (`errors.Join`) and printed after them, exit 1 if any failed.

use super::args::Parsed;
use super::{done, Cmd};
use crate::process::{Cx, Job};
use crate::world::{Cid, ContainerError, World};

pub const COMMANDS: &[Cmd] = &[
    Cmd {
        path: "pause",
        aliases: &["container pause"],
        usage: "pause CONTAINER [CONTAINER...]",
        short: "Pause all processes within one or more containers",
        flags: &[],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: pause,
    },
    Cmd {
        path: "unpause",
        aliases: &["container unpause"],
        usage: "unpause CONTAINER [CONTAINER...]",
        short: "Unpause all processes within one or more containers",
        flags: &[],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: unpause,
    },
];

fn pause(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    each(cx, p, World::pause_container)
}

fn unpause(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    each(cx, p, World::unpause_container)
}

fn each(cx: &mut Cx<'_>, p: &Parsed, op: fn(&mut World, Cid) -> Result<(), ContainerError>) -> Box<dyn Job> {
    let mut errors = Vec::new();
    for name in &p.args {
        let outcome = cx.world.lookup_container(name).and_then(|cid| op(cx.world, cid));
        match outcome {
            Ok(()) => cx.io.outln(name),
            Err(e) => errors.push(format!("Error response from daemon: {e}")),
        }
    }
    if errors.is_empty() {
        return done(0);
    }
    cx.io.errln(&errors.join("\n"));
    done(1)
}
