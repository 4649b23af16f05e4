//! Every `docker compose` command of Compose v2.40.3 as one cobra-shaped table:
//! usage line, description and flags (long name, shorthand, pflag's type word, help
//! text with pflag's `(default …)` suffix) exactly as `cmd/compose/*.go` declares them.
//! Written from docs/reference/docker_compose*.yaml, which Compose generates from those
//! flag sets, with the terminal-dependent defaults of `exec -T`/`run -T` as in a terminal
//! (false). Hidden and deprecated flags have no help text: parsed, never listed.
//! `--dry-run` (a persistent flag of the root) is listed in every command, as cobra does.
//! The flags themselves are text in `flags.txt` ([`flags_of`]). Data only; what runs lives in
//! [`super::commands`] and its handlers.

use super::commands::ComposeCmd;
use crate::docker::args::{flag, FlagSpec, Kind};

/// Every command's flags, as text (see [`flags_of`]).
const FLAGS: &str = include_str!("flags.txt");

/// The flags of `docker compose NAME` (`""`: the root's own), read from `flags.txt`: a
/// `[name]` line, then one `-long|s|kind|type|help` line per flag (`kind` `b` for a boolean,
/// `v` for a flag with a value; an empty help hides the flag), the help going on over lines
/// that start with neither `-` nor `[`.
///
/// Why text and not a `const` table like docker's: these ~300 flags as `FlagSpec` structs
/// cost ~12 KB of pointers and lengths in the data every first visit downloads (a wasm split
/// cannot defer data); as one string they cost only their words, and are read when a Compose
/// command runs.
pub fn flags_of(name: &str) -> Vec<FlagSpec> {
    let header = format!("[{name}]\n");
    let Some(at) = FLAGS.find(&header) else { return Vec::new() };
    let section = &FLAGS[at + header.len()..];
    let section = &section[..section.find("\n[").map_or(section.len(), |i| i + 1)];
    let mut out = Vec::new();
    let mut rest = section;
    while let Some(record) = rest.strip_prefix('-') {
        let end = record.find("\n-").map_or(record.len(), |i| i + 1);
        rest = &record[end..];
        let mut fields = record[..end].trim_end_matches('\n').splitn(5, '|');
        let (long, short, kind, ty, help) = (
            fields.next().unwrap_or_default(),
            fields.next().unwrap_or_default(),
            fields.next().unwrap_or_default(),
            fields.next().unwrap_or_default(),
            fields.next().unwrap_or_default(),
        );
        let kind = if kind == "b" { Kind::Bool } else { Kind::Value };
        out.push(flag(long, short.chars().next(), kind).doc(ty, help));
    }
    out
}

pub const COMMANDS: &[ComposeCmd] = &[
    ComposeCmd { path: "compose attach", aliases: &[], usage: "compose attach [OPTIONS] SERVICE", short: "Attach local standard input, output, and error streams to a service's running container", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose bridge", aliases: &[], usage: "compose bridge CMD [OPTIONS]", short: "Convert compose files into another model", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose build", aliases: &[], usage: "compose build [OPTIONS] [SERVICE...]", short: "Build or rebuild services", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose commit", aliases: &[], usage: "compose commit [OPTIONS] SERVICE [REPOSITORY[:TAG]]", short: "Create a new image from a service container's changes", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose config", aliases: &[], usage: "compose config [OPTIONS] [SERVICE...]", short: "Parse, resolve and render compose file in canonical format", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::config::config },
    ComposeCmd { path: "compose cp", aliases: &[], usage: "compose cp [OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n\tdocker compose cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH", short: "Copy files/folders between a service container and the local filesystem", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose create", aliases: &[], usage: "compose create [OPTIONS] [SERVICE...]", short: "Creates containers for a service", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose down", aliases: &[], usage: "compose down [OPTIONS] [SERVICES]", short: "Stop and remove containers, networks", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose events", aliases: &[], usage: "compose events [OPTIONS] [SERVICE...]", short: "Receive real time events from containers", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose exec", aliases: &[], usage: "compose exec [OPTIONS] SERVICE COMMAND [ARGS...]", short: "Execute a command in a running container", flags: &[], stop_at_first_arg: true, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose export", aliases: &[], usage: "compose export [OPTIONS] SERVICE", short: "Export a service container's filesystem as a tar archive", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose images", aliases: &[], usage: "compose images [OPTIONS] [SERVICE...]", short: "List images used by the created containers", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose kill", aliases: &[], usage: "compose kill [OPTIONS] [SERVICE...]", short: "Force stop service containers", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose logs", aliases: &[], usage: "compose logs [OPTIONS] [SERVICE...]", short: "View output from containers", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose ls", aliases: &[], usage: "compose ls [OPTIONS]", short: "List running compose projects", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::ls },
    ComposeCmd { path: "compose pause", aliases: &[], usage: "compose pause [SERVICE...]", short: "Pause services", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose port", aliases: &[], usage: "compose port [OPTIONS] SERVICE PRIVATE_PORT", short: "Print the public port for a port binding", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose ps", aliases: &[], usage: "compose ps [OPTIONS] [SERVICE...]", short: "List containers", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose publish", aliases: &[], usage: "compose publish [OPTIONS] REPOSITORY[:TAG]", short: "Publish compose application", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose pull", aliases: &[], usage: "compose pull [OPTIONS] [SERVICE...]", short: "Pull service images", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose push", aliases: &[], usage: "compose push [OPTIONS] [SERVICE...]", short: "Push service images", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose restart", aliases: &[], usage: "compose restart [OPTIONS] [SERVICE...]", short: "Restart service containers", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose rm", aliases: &[], usage: "compose rm [OPTIONS] [SERVICE...]", short: "Removes stopped service containers", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose run", aliases: &[], usage: "compose run [OPTIONS] SERVICE [COMMAND] [ARGS...]", short: "Run a one-off command on a service", flags: &[], stop_at_first_arg: true, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose scale", aliases: &[], usage: "compose scale [SERVICE=REPLICAS...]", short: "Scale services ", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose start", aliases: &[], usage: "compose start [SERVICE...]", short: "Start services", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose stats", aliases: &[], usage: "compose stats [OPTIONS] [SERVICE]", short: "Display a live stream of container(s) resource usage statistics", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose stop", aliases: &[], usage: "compose stop [OPTIONS] [SERVICE...]", short: "Stop services", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose top", aliases: &[], usage: "compose top [SERVICES...]", short: "Display the running processes", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose unpause", aliases: &[], usage: "compose unpause [SERVICE...]", short: "Unpause services", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose up", aliases: &[], usage: "compose up [OPTIONS] [SERVICE...]", short: "Create and start containers", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose version", aliases: &[], usage: "compose version [OPTIONS]", short: "Show the Docker Compose version information", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::version },
    ComposeCmd { path: "compose volumes", aliases: &[], usage: "compose volumes [OPTIONS] [SERVICE...]", short: "List volumes", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose wait", aliases: &[], usage: "compose wait SERVICE [SERVICE...] [OPTIONS]", short: "Block until containers of all (or specified) services stop.", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose watch", aliases: &[], usage: "compose watch [SERVICE...]", short: "Watch build context for service and rebuild/refresh containers when files are updated", flags: &[], stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
];

/// Commands with subcommands of their own: cobra lists them under "Management Commands".
pub const MANAGEMENT: &[&str] = &["bridge"];

/// The one `Long` description among the listed commands (`cmd/compose/remove.go`):
/// docker/cli's template prints it instead of the `Short` in `--help`.
pub const LONG: &[(&str, &str)] = &[(
    "rm",
    "Removes stopped service containers\n\nBy default, anonymous volumes attached to containers will not be removed. You\ncan override this with -v. To list all volumes, use \"docker volume ls\".\n\nAny data which is not in a volume will be lost.",
)];
