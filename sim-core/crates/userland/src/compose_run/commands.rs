//! `docker compose` / `docker-compose` as cobra runs it: the root's flags
//! (the project options, read up to the first argument: `SetInterspersed(false)`),
//! then the subcommand from [`super::command_table::COMMANDS`], its flags parsed by the same
//! [`args::parse`] as the docker CLI's, `--help` in docker/cli's template, and
//! the handler. Completion reads the same table ([`flag_names`], [`subcommands`]).
//!
//! Compose sets its own `FlagErrorFunc` (`cmd/main.go`): a flag error is printed
//! alone (`unknown flag: --x`), without the docker CLI's Usage block, exit 1.

use super::command_table::{flags_of, COMMANDS, LONG, MANAGEMENT};
use crate::compose::options::CliOptions;
use crate::docker::args::{self, FlagSpec, Parsed};
use crate::docker::{command_help_with, Command};
use crate::process::{done, Cx, Job};

/// What a compose handler gets besides its flags: the program as typed
/// (`docker compose` or `docker-compose`), the root's project options and
/// the subcommand's name.
pub struct Ctx<'a> {
    pub prog: &'a str,
    pub cli: CliOptions,
    pub name: &'a str,
}

pub type ComposeHandler = fn(&mut Cx<'_>, &Ctx<'_>, &Parsed) -> Box<dyn Job>;

/// A `docker compose` subcommand.
pub type ComposeCmd = Command<ComposeHandler>;

const VERSION: &str = "Docker Compose version v2.40.3";

fn find(name: &str) -> Option<&'static ComposeCmd> {
    COMMANDS.iter().find(|c| c.path.strip_prefix("compose ") == Some(name))
}

/// `docker compose` / `docker-compose` with its arguments (after the program word(s)).
pub fn run(cx: &mut Cx<'_>, args: &[String], standalone: bool) -> Box<dyn Job> {
    let prog = if standalone { "docker-compose" } else { "docker compose" };
    let root = match args::parse(&flags_of(""), args, true) {
        Ok(p) => p,
        Err(e) => {
            cx.io.errln(&e.message());
            return done(1);
        }
    };
    if root.help() {
        cx.io.out(&root_help());
        return done(0);
    }
    let Some((sub, rest)) = root.args.split_first() else {
        if root.has("version") {
            cx.io.outln(VERSION);
        } else {
            cx.io.out(&root_help());
        }
        return done(0);
    };
    let cli = CliOptions {
        files: root.all("file"),
        project_name: root.get("project-name").map(str::to_string),
        project_directory: root.get("project-directory").map(str::to_string),
        env_files: root.all("env-file"),
        profiles: root.all("profile"),
    };
    // `help` and the old `convert` name are kept as Muelle always took them.
    let name = match sub.as_str() {
        "help" => {
            cx.io.out(&root_help());
            return done(0);
        }
        "convert" => "config",
        s => s,
    };
    let Some(cmd) = find(name) else {
        // The root's RunE (`cmd/compose/compose.go`): its help, then the error.
        cx.io.out(&root_help());
        cx.io.errln(&format!("unknown docker command: \"compose {sub}\""));
        return done(1);
    };
    let flags = flags_of(name);
    let parsed = match args::parse(&flags, rest, cmd.stop_at_first_arg) {
        Ok(p) => p,
        Err(e) => {
            cx.io.errln(&e.message());
            return done(1);
        }
    };
    if parsed.help() {
        cx.io.out(&help(cmd, name, &flags));
        return done(0);
    }
    // `config` and `version` never ask the daemon.
    if !matches!(name, "config" | "version") {
        if let Some(refused) = crate::docker::daemon_unreachable(cx) {
            return refused;
        }
    }
    (cmd.run)(cx, &Ctx { prog, cli, name }, &parsed)
}

/// A subcommand's `--help`: docker/cli's template, with the `Long` text where there is one.
fn help(cmd: &ComposeCmd, name: &str, flags: &[FlagSpec]) -> String {
    let text = command_help_with(cmd, flags);
    match LONG.iter().find(|(n, _)| *n == name) {
        Some((_, long)) => text.replacen(&format!("\n\n{}\n", cmd.short), &format!("\n\n{long}\n"), 1),
        None => text,
    }
}

/// `docker compose version`.
pub fn version(cx: &mut Cx<'_>, _: &Ctx<'_>, _: &Parsed) -> Box<dyn Job> {
    cx.io.outln(VERSION);
    done(0)
}

/// A Compose command Muelle lists (as Compose does) but does not run.
pub fn not_simulated(cx: &mut Cx<'_>, ctx: &Ctx<'_>, _: &Parsed) -> Box<dyn Job> {
    not_simulated_yet(cx, ctx.prog, ctx.name)
}

/// Muelle's own words (translated) for a Compose command it does not run yet; status 1.
pub fn not_simulated_yet(cx: &mut Cx<'_>, prog: &str, name: &str) -> Box<dyn Job> {
    cx.io.errln(&match cx.lang {
        crate::Lang::Es => format!("muelle: `{prog} {name}` todavía no está simulado"),
        crate::Lang::En => format!("muelle: `{prog} {name}` is not simulated yet"),
    });
    done(1)
}

/// docker/cli's usage template for the compose root (a command with
/// subcommands and a parent): `Options:`, then management commands
/// (`bridge`), then the others, names padded to cobra's minimum of 11.
pub fn root_help() -> String {
    let mut out = String::from(
        "\nUsage:  docker compose [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker\n\nOptions:\n",
    );
    out.push_str(&args::usages(&flags_of("")));
    let name = |c: &ComposeCmd| c.path.strip_prefix("compose ").unwrap_or(c.path);
    out.push_str("\nManagement Commands:\n");
    for c in COMMANDS.iter().filter(|c| MANAGEMENT.contains(&name(c))) {
        out.push_str(&format!("  {:<12}{}\n", name(c), c.short));
    }
    out.push_str("\nCommands:\n");
    for c in COMMANDS.iter().filter(|c| !MANAGEMENT.contains(&name(c))) {
        out.push_str(&format!("  {:<11} {}\n", name(c), c.short));
    }
    out.push_str("\nRun 'docker compose COMMAND --help' for more information on a command.\n");
    out
}

/// Every `docker compose` subcommand, for completion.
pub fn subcommands() -> Vec<&'static str> {
    COMMANDS.iter().filter_map(|c| c.path.strip_prefix("compose ")).collect()
}

/// The listed flags of `docker compose SUB` (`None`: of the root), long and
/// short forms, for completion.
pub fn flag_names(sub: Option<&str>) -> Vec<String> {
    let flags = match sub {
        None => flags_of(""),
        Some(s) => find(s).map(|c| flags_of(c.path.strip_prefix("compose ").unwrap_or(c.path))).unwrap_or_default(),
    };
    let mut out = vec!["--help".to_string()];
    for f in flags.iter().filter(|f| !f.desc.is_empty()) {
        out.push(format!("--{}", f.long));
        if let Some(c) = f.short {
            out.push(format!("-{c}"));
        }
    }
    out
}

/// Whether the root flag `word` (`-f`, `--file`) takes the next word as its value.
pub fn root_flag_takes_value(word: &str) -> bool {
    let root = flags_of("");
    let spec = match word.strip_prefix("--") {
        Some(long) => root.iter().find(|f| f.long == long),
        None => {
            word.strip_prefix('-').and_then(|s| s.chars().last()).and_then(|c| root.iter().find(|f| f.short == Some(c)))
        }
    };
    spec.is_some_and(|f| f.kind == args::Kind::Value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_its_flags_in_the_text() {
        for name in subcommands() {
            let flags = flags_of(name);
            assert!(flags.iter().any(|f| f.long == "dry-run"), "{name} has no flags section");
            assert!(flags.iter().all(|f| !f.long.is_empty() && !f.long.contains('\n')), "{name}");
        }
        let root = flags_of("");
        let file = root.iter().find(|f| f.long == "file").unwrap();
        assert_eq!((file.short, file.kind, file.ty), (Some('f'), args::Kind::Value, "stringArray"));
        let dir = root.iter().find(|f| f.long == "project-directory").unwrap();
        assert!(dir.desc.ends_with("\n(default: the path of the, first specified, Compose file)"));
        assert!(root.iter().any(|f| f.long == "workdir" && f.desc.is_empty()), "hidden flags are parsed");
        assert_eq!(flags_of("up").iter().filter(|f| f.long == "detach").count(), 1);
        assert!(flags_of("nope").is_empty());
    }

    #[test]
    fn root_help_lists_every_command_once() {
        let h = root_help();
        for name in subcommands() {
            assert_eq!(h.matches(&format!("\n  {name} ")).count(), 1, "{name}");
        }
        assert!(h.contains("\n  bridge      Convert compose files into another model\n"));
        assert!(h.contains("\n  up          Create and start containers\n"));
        assert!(h.contains("  -f, --file stringArray           Compose configuration files\n"));
        assert!(!h.contains("--workdir") && !h.contains("--verbose"));
    }

    #[test]
    fn up_help_is_composes() {
        let up = find("up").unwrap();
        let h = command_help_with(up, &flags_of("up"));
        assert!(h.starts_with(
            "\nUsage:  docker compose up [OPTIONS] [SERVICE...]\n\nCreate and start containers\n\nOptions:\n"
        ));
        assert!(h.contains("  -d, --detach "));
        assert!(h.contains(" --pull string "));
        assert!(h.contains("(default \"policy\")"));
        assert!(h.contains("      --scale scale "));
        assert!(h.contains("      --dry-run "));
        let rm = help(find("rm").unwrap(), "rm", &flags_of("rm"));
        assert!(rm.contains("\n\nRemoves stopped service containers\n\nBy default, anonymous volumes"), "{rm}");
        assert!(!rm.contains("--all"));
    }

    #[test]
    fn completion_reads_the_table() {
        let up = flag_names(Some("up"));
        assert!(up.contains(&"--detach".to_string()) && up.contains(&"-V".to_string()));
        assert!(flag_names(None).contains(&"--project-name".to_string()));
        assert!(
            root_flag_takes_value("-f") && root_flag_takes_value("--env-file") && !root_flag_takes_value("--dry-run")
        );
        assert!(subcommands().contains(&"watch"));
    }
}
