//! The `docker` command line: a table of commands (path, usage, flags,
//! handler) in cobra's shape, so `--help`, unknown flags, missing
//! arguments and unknown commands all print what docker 28 prints. Each
//! file holds one family of commands and their handlers.

pub mod args;
mod attach;
mod build;
pub(crate) mod container;
mod cp;
mod filters;
mod image;
mod inspect;
pub mod logs;
mod network;
mod pause;
pub mod ps;
pub mod run;
mod stats;
mod system;
pub mod table;
pub mod templates;
mod volume;

use crate::process::{Cx, Job};
use args::{FlagSpec, Parsed};

pub type Handler = fn(&mut Cx<'_>, &Parsed) -> Box<dyn Job>;

/// One command, as cobra knows it: the docker CLI's own commands
/// ([`Cmd`]) and `docker compose`'s (`compose_run::commands`) share
/// this shape, parser ([`args::parse`]) and help layout ([`command_help`]);
/// only the handler's signature differs.
pub struct Command<H: 'static> {
    /// Words after `docker` (`"network create"`, `"compose up"`).
    pub path: &'static str,
    /// Other paths for the same command (`"container run"`).
    pub aliases: &'static [&'static str],
    /// `docker run [OPTIONS] IMAGE [COMMAND] [ARG...]` minus the `docker ` prefix.
    pub usage: &'static str,
    pub short: &'static str,
    pub flags: &'static [FlagSpec],
    /// Flags stop at the first argument (`run`, `exec`, `create`).
    pub stop_at_first_arg: bool,
    pub min_args: usize,
    /// `None` = no maximum.
    pub max_args: Option<usize>,
    pub run: H,
}

/// A docker CLI command.
pub type Cmd = Command<Handler>;

/// Management commands and what they group.
const MANAGEMENT: &[(&str, &str)] = &[
    ("container", "Manage containers"),
    ("image", "Manage images"),
    ("network", "Manage networks"),
    ("volume", "Manage volumes"),
    ("system", "Manage Docker"),
];

fn all_commands() -> impl Iterator<Item = &'static Cmd> {
    run::COMMANDS
        .iter()
        .chain(build::COMMANDS)
        .chain(ps::COMMANDS)
        .chain(container::COMMANDS)
        .chain(pause::COMMANDS)
        .chain(stats::COMMANDS)
        .chain(cp::COMMANDS)
        .chain(image::COMMANDS)
        .chain(inspect::COMMANDS)
        .chain(network::COMMANDS)
        .chain(volume::COMMANDS)
        .chain(system::COMMANDS)
        .chain(attach::COMMANDS)
}

fn find(path: &str) -> Option<&'static Cmd> {
    all_commands().find(|c| c.path == path || c.aliases.contains(&path))
}

/// The docker command the words after `docker` name, and how many words
/// that took (`["network", "create", "x"]` → `("network create", 2)`).
pub fn command_at(words: &[&str]) -> Option<(&'static str, usize)> {
    if let [first, second, ..] = words {
        if let Some(cmd) = find(&format!("{first} {second}")) {
            return Some((cmd.path, 2));
        }
    }
    let first = words.first()?;
    if MANAGEMENT.iter().any(|(m, _)| m == first) {
        return None;
    }
    find(first).map(|cmd| (cmd.path, 1))
}

/// Words that can come next after `docker <words…>` when no command is complete yet.
pub fn next_words(words: &[&str]) -> Vec<&'static str> {
    let all = all_commands().flat_map(|c| std::iter::once(c.path).chain(c.aliases.iter().copied()));
    match words {
        [] => {
            let mut top: Vec<&'static str> = all.filter(|p| !p.contains(' ')).collect();
            top.extend(MANAGEMENT.iter().map(|(m, _)| *m));
            top.extend(["compose", "help"]);
            top
        }
        [group] => all.filter_map(|p| p.strip_prefix(*group)?.strip_prefix(' ')).collect(),
        _ => Vec::new(),
    }
}

/// The flags a docker command accepts, long and short forms.
pub fn flag_names(path: &str) -> Vec<String> {
    let Some(cmd) = find(path) else { return Vec::new() };
    let mut out = vec!["--help".to_string()];
    for f in cmd.flags {
        out.push(format!("--{}", f.long));
        if let Some(c) = f.short {
            out.push(format!("-{c}"));
        }
    }
    out
}

pub use crate::process::done;

/// `Error response from daemon: …`, exit 1.
pub fn daemon_error(cx: &mut Cx<'_>, message: &str) -> Box<dyn Job> {
    cx.io.errln(&format!("Error response from daemon: {message}"));
    done(1)
}

/// `docker run`/`create`'s error form: `docker: <msg>`, a blank line, the help pointer.
pub fn run_error(cx: &mut Cx<'_>, cmd: &str, message: &str, code: i32) -> Box<dyn Job> {
    cx.io.errln(&format!("docker: {message}\n\nRun 'docker {cmd} --help' for more information"));
    done(code)
}

/// `docker`'s global options (`-D`, `-H host`, `--context c`…) before the command: the words
/// left for the command, or the answer already given (`--version`, `--help`, an unknown flag).
/// [`crate::cli::docker`] calls this first, then routes `compose` to the Compose runner and
/// everything else to [`run_command`].
pub fn global_options(cx: &mut Cx<'_>, argv: &[String]) -> Result<Vec<String>, Box<dyn Job>> {
    let mut args: Vec<String> = argv.get(1..).unwrap_or(&[]).to_vec();
    while let Some(first) = args.first() {
        match first.as_str() {
            "-v" | "--version" => {
                cx.io.outln("Docker version 28.2.2, build e6534b4");
                return Err(done(0));
            }
            "--help" | "-h" => {
                cx.io.out(&top_help());
                return Err(done(0));
            }
            "-D" | "--debug" => {
                args.remove(0);
            }
            "-l" | "--log-level" | "-H" | "--host" | "--context" | "-c" | "--config" => {
                args.drain(..2.min(args.len()));
            }
            s if s.starts_with('-') => {
                cx.io.errln(&format!("unknown flag: {s}\nSee 'docker --help'.\n\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers"));
                return Err(done(125));
            }
            _ => break,
        }
    }
    Ok(args)
}

/// The docker CLI's own commands, given the words after the global options (`compose` is
/// not one of them: [`crate::cli::docker`] hands it to the Compose runner first).
pub fn run_command(cx: &mut Cx<'_>, args: &[String]) -> Box<dyn Job> {
    let Some(first) = args.first().cloned() else {
        cx.io.out(&top_help());
        return done(0);
    };
    if first == "help" {
        cx.io.out(&top_help());
        return done(0);
    }
    if let Some((_, short)) = MANAGEMENT.iter().find(|(m, _)| *m == first) {
        let sub = args.get(1).cloned();
        match sub.as_deref() {
            None | Some("--help") | Some("-h") | Some("help") => {
                cx.io.out(&management_help(&first, short));
                return done(0);
            }
            Some(s) => {
                let path = format!("{first} {s}");
                match find(&path) {
                    Some(cmd) => return invoke(cx, cmd, &path, &args[2..]),
                    None => {
                        cx.io.errln(&format!("docker: unknown command: docker {path}\n\nRun 'docker {first} --help' for more information"));
                        return done(1);
                    }
                }
            }
        }
    }
    // `docker buildx build`, `docker builder build`: plugin and group commands Muelle has one of.
    if matches!(first.as_str(), "buildx" | "builder") {
        if let Some(path) = args.get(1).map(|s| format!("{first} {s}")) {
            if let Some(cmd) = find(&path) {
                return invoke(cx, cmd, &path, &args[2..]);
            }
        }
    }
    match find(&first) {
        Some(cmd) => invoke(cx, cmd, &first, &args[1..]),
        None => {
            cx.io
                .errln(&format!("docker: unknown command: docker {first}\n\nRun 'docker --help' for more information"));
            done(1)
        }
    }
}

fn invoke(cx: &mut Cx<'_>, cmd: &'static Cmd, typed_path: &str, rest: &[String]) -> Box<dyn Job> {
    let parsed = match args::parse(cmd.flags, rest, cmd.stop_at_first_arg) {
        Ok(p) => p,
        Err(e) => {
            cx.io.errln(&format!(
                "{}\n\nUsage:  docker {}\n\nRun 'docker {typed_path} --help' for more information",
                e.message(),
                cmd.usage
            ));
            return done(125);
        }
    };
    if parsed.help() {
        cx.io.out(&command_help(cmd));
        return done(0);
    }
    let n = parsed.args.len();
    let too_few = n < cmd.min_args;
    let too_many = cmd.max_args.is_some_and(|m| n > m);
    if too_few || too_many {
        cx.io.errln(&arity_error(cmd, typed_path));
        return done(1);
    }
    if let Some(refused) = daemon_unreachable(cx) {
        return refused;
    }
    (cmd.run)(cx, &parsed)
}

/// While dockerd is stopped (`systemctl stop docker`) its socket answers nothing: the CLI has
/// parsed its flags (help and usage errors still print) and fails to connect, status 1.
pub(crate) fn daemon_unreachable(cx: &mut Cx<'_>) -> Option<Box<dyn Job>> {
    if cx.world.daemon_up() {
        return None;
    }
    cx.io.errln("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?");
    Some(done(1))
}

/// docker/cli's `cli/required.go` messages: NoArgs, ExactArgs, RequiresMinArgs, RequiresMaxArgs,
/// RequiresRangeArgs (only RequiresMinArgs says "See", the others "Run").
/// The arity error of the docker command at `path`, as [`invoke`] prints it; status 1.
pub(crate) fn arity_refusal(cx: &mut Cx<'_>, path: &str) -> Box<dyn Job> {
    if let Some(cmd) = find(path) {
        cx.io.errln(&arity_error(cmd, path));
    }
    done(1)
}

fn arity_error(cmd: &Cmd, typed_path: &str) -> String {
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    let (what, verb) = match (cmd.min_args, cmd.max_args) {
        (0, Some(0)) => ("accepts no arguments".to_string(), "Run"),
        (min, Some(max)) if min == max => (format!("requires {min} {}", plural(min)), "Run"),
        (min, None) => (format!("requires at least {min} {}", plural(min)), "See"),
        (0, Some(max)) => (format!("requires at most {max} {}", plural(max)), "Run"),
        (min, Some(max)) => (format!("requires at least {min} and at most {max} {}", plural(max)), "Run"),
    };
    format!(
        "docker: 'docker {typed_path}' {what}\n\nUsage:  docker {}\n\n{verb} 'docker {typed_path} --help' for more information",
        cmd.usage
    )
}

/// docker/cli's usage template (`cli/cobra.go`) for a command without subcommands:
/// Usage line, description, Aliases, Options (pflag's `FlagUsages`).
pub(crate) fn command_help<H>(cmd: &Command<H>) -> String {
    command_help_with(cmd, cmd.flags)
}

/// [`command_help`] with the command's flags given apart (Compose's come from text).
pub(crate) fn command_help_with<H>(cmd: &Command<H>, flags: &[FlagSpec]) -> String {
    let mut out = format!("\nUsage:  docker {}\n\n{}\n", cmd.usage, cmd.short);
    if !cmd.aliases.is_empty() {
        let mut names: Vec<String> = cmd.aliases.iter().map(|a| format!("docker {a}")).collect();
        // A management subcommand names itself first (`docker network ls, docker network list`);
        // a top-level shortcut last (`docker container rm, docker container remove, docker rm`).
        if cmd.path.contains(' ') {
            names.insert(0, format!("docker {}", cmd.path));
        } else {
            names.push(format!("docker {}", cmd.path));
        }
        out.push_str(&format!("\nAliases:\n  {}\n", names.join(", ")));
    }
    let opts = args::usages(flags);
    if !opts.is_empty() {
        out.push_str(&format!("\nOptions:\n{opts}"));
    }
    out
}

fn management_help(group: &str, short: &str) -> String {
    let mut out = format!("\nUsage:  docker {group} COMMAND\n\n{short}\n\nCommands:\n");
    let prefix = format!("{group} ");
    let mut subs: Vec<(&str, &str)> = all_commands()
        .filter_map(|c| {
            c.path
                .strip_prefix(&prefix)
                .map(|s| (s, c.short))
                .or_else(|| c.aliases.iter().find_map(|a| a.strip_prefix(&prefix).map(|s| (s, c.short))))
        })
        .collect();
    crate::sort::sort(&mut subs);
    subs.dedup_by_key(|(s, _)| *s);
    for (s, d) in subs {
        out.push_str(&format!("  {s:<11} {d}\n"));
    }
    out.push_str(&format!("\nRun 'docker {group} COMMAND --help' for more information on a command.\n"));
    out
}

fn top_help() -> String {
    "
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Common Commands:
  run         Create and run a new container from an image
  exec        Execute a command in a running container
  ps          List containers
  build       Build an image from a Dockerfile
  images      List images
  pull        Download an image from a registry
  version     Show the Docker version information

Management Commands:
  container   Manage containers
  image       Manage images
  network     Manage networks
  volume      Manage volumes

Commands:
  attach      Attach local standard input, output, and error streams to a running container
  create      Create a new container
  diff        Inspect changes to files or directories on a container's filesystem
  inspect     Return low-level information on Docker objects
  kill        Kill one or more running containers
  logs        Fetch the logs of a container
  pause       Pause all processes within one or more containers
  port        List port mappings or a specific mapping for the container
  rename      Rename a container
  restart     Restart one or more containers
  rm          Remove one or more containers
  rmi         Remove one or more images
  start       Start one or more stopped containers
  stats       Display a live stream of container(s) resource usage statistics
  stop        Stop one or more running containers
  top         Display the running processes of a container
  unpause     Unpause all processes within one or more containers
  update      Update configuration of one or more containers
  wait        Block until one or more containers stop, then print their exit codes

Global Options:
  -D, --debug              Enable debug mode
  -l, --log-level string   Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\") (default \"info\")
  -v, --version            Print version information and quit

Run 'docker COMMAND --help' for more information on a command.

For more help on how to use Docker, head to https://docs.docker.com/go/guides/
"
    .to_string()
}

type Action = Box<dyn FnOnce(&mut Cx<'_>) -> i32>;

/// A `[y/N]` confirmation (`prune`): asks, then runs `action` on yes.
pub struct Confirm {
    action: Option<Action>,
}

impl Job for Confirm {
    fn poll(&mut self, _cx: &mut Cx<'_>) -> crate::process::Poll {
        crate::process::Poll::Pending(crate::process::Wake::Never)
    }
    fn wants_input(&self) -> bool {
        true
    }
    fn end_of_input(&mut self, _cx: &mut Cx<'_>) -> crate::process::Poll {
        // No answer is a no.
        self.action = None;
        crate::process::Poll::Done(0)
    }
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> crate::process::Poll {
        let yes = matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes");
        match (yes, self.action.take()) {
            (true, Some(action)) => crate::process::Poll::Done(action(cx)),
            _ => crate::process::Poll::Done(0),
        }
    }
}

/// Prints `warning`, then either runs `action` now (`force`) or asks first.
pub fn confirm(cx: &mut Cx<'_>, warning: &str, force: bool, action: Action) -> Box<dyn Job> {
    if force {
        let code = action(cx);
        return done(code);
    }
    cx.io.out(&format!("{warning}\nAre you sure you want to continue? [y/N] "));
    Box::new(Confirm { action: Some(action) })
}
