//! The front door of the two command lines a shell can run: `docker …` and `docker-compose …`.
//!
//! The docker CLI ([`crate::docker`]) and the Compose runner ([`crate::compose_run`]) depend one
//! way: Compose is a client of the docker CLI's library parts (its flag parser, table writer,
//! formatters, image pulls, typed `exec`), as docker/compose imports docker/cli's packages, and
//! the docker CLI never names Compose. What joins them is this module, above both: it reads
//! docker's global options once and hands `compose` to the Compose runner, everything else to
//! the docker CLI's command table — the routing docker/cli does for its `compose` plugin.
//! Nothing below this module calls back into it, so `docker compose exec` reaches
//! `docker exec` as a typed request, never as a command line parsed again.

use crate::process::{Cx, Job};

/// `docker …` as typed on the host.
pub fn docker(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let args = match crate::docker::global_options(cx, argv) {
        Ok(args) => args,
        Err(answered) => return answered,
    };
    match args.split_first() {
        Some((first, rest)) if first == "compose" => crate::compose_run::commands::run(cx, rest, false),
        _ => crate::docker::run_command(cx, &args),
    }
}

/// `docker-compose …`: the same project options and `config` as `docker compose`.
pub fn docker_compose(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    crate::compose_run::commands::run(cx, argv.get(1..).unwrap_or(&[]), true)
}
