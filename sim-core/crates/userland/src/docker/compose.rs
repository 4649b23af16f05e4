//! `docker compose …` and `docker-compose …`: the project options (`-f`,
//! `-p`, `--project-directory`, `--env-file`, `--profile`) and `config`,
//! which loads the project from the simulated host's files and prints it as
//! Compose v2 does. Docker Compose's own error text goes to stderr exactly;
//! Muelle's located, translated explanation follows as a hint. Running a
//! project (`up`, `down`, `ps`…) comes later: those still say so.

use crate::compose::{self, options::CliOptions, Diagnostic, Warning};
use crate::i18n::Hint;
use crate::process::{Cx, Effect, Job};
use std::collections::BTreeMap;

use super::done;

/// `docker compose` / `docker-compose` with its arguments (after the program word(s)).
pub fn run(cx: &mut Cx<'_>, args: &[String], standalone: bool) -> Box<dyn Job> {
    let prog = if standalone { "docker-compose" } else { "docker compose" };
    let mut cli = CliOptions::default();
    let mut i = 0;
    // Project options come before the subcommand.
    let sub = loop {
        let Some(a) = args.get(i) else { break None };
        match take_value(
            args,
            &mut i,
            a,
            &[
                "-f",
                "--file",
                "-p",
                "--project-name",
                "--project-directory",
                "--env-file",
                "--profile",
                "--ansi",
                "--progress",
                "--parallel",
            ],
        ) {
            Ok(Some((flag, v))) => {
                set_project_flag(&mut cli, &flag, v);
                continue;
            }
            Ok(None) => {}
            Err(f) => return flag_error(cx, prog, &f),
        }
        match a.as_str() {
            "--compatibility" | "--dry-run" | "--all-resources" => i += 1,
            "-h" | "--help" => {
                cx.io.out(&help(prog));
                return done(0);
            }
            "-v" | "--version" => {
                cx.io.outln("Docker Compose version v2.40.3");
                return done(0);
            }
            s if s.starts_with('-') => return flag_error(cx, prog, s),
            s => {
                i += 1;
                break Some(s.to_string());
            }
        }
    };
    let Some(sub) = sub else {
        cx.io.out(&help(prog));
        return done(0);
    };
    match sub.as_str() {
        "config" | "convert" => config(cx, prog, cli, &args[i..]),
        "version" => {
            cx.io.outln("Docker Compose version v2.40.3");
            done(0)
        }
        "help" => {
            cx.io.out(&help(prog));
            done(0)
        }
        _ => crate::compose_run::cli::run(cx, prog, cli, &sub, &args[i..]),
    }
}

fn set_project_flag(cli: &mut CliOptions, flag: &str, v: String) {
    match flag {
        "-f" | "--file" => cli.files.push(v),
        "-p" | "--project-name" => cli.project_name = Some(v),
        "--project-directory" => cli.project_directory = Some(v),
        "--env-file" => cli.env_files.push(v),
        "--profile" => cli.profiles.push(v),
        _ => {}
    }
}

/// Reads `--flag value`, `--flag=value`, `-fvalue` for the flags in `with_value`.
/// `Ok(None)`: `a` is not one of them; `Err(flag)`: the value is missing.
fn take_value(
    args: &[String],
    i: &mut usize,
    a: &str,
    with_value: &[&str],
) -> Result<Option<(String, String)>, String> {
    if let Some((f, v)) = a.split_once('=').filter(|(f, _)| f.starts_with("--")) {
        if with_value.contains(&f) {
            *i += 1;
            return Ok(Some((f.to_string(), v.to_string())));
        }
        return Ok(None);
    }
    if with_value.contains(&a) {
        return match args.get(*i + 1) {
            Some(v) => {
                *i += 2;
                Ok(Some((a.to_string(), v.clone())))
            }
            None => Err(format!("flag needs an argument: {a}")),
        };
    }
    if let (Some(short), Some(rest)) = (a.get(..2), a.get(2..)) {
        if !a.starts_with("--") && !rest.is_empty() && with_value.contains(&short) {
            *i += 1;
            return Ok(Some((short.to_string(), rest.to_string())));
        }
    }
    Ok(None)
}

fn flag_error(cx: &mut Cx<'_>, prog: &str, f: &str) -> Box<dyn Job> {
    let msg = if f.starts_with("flag needs") { f.to_string() } else { format!("unknown flag: {f}") };
    cx.io.errln(&format!("{msg}\nSee '{prog} --help'."));
    done(1)
}

#[derive(Default)]
struct ConfigFlags {
    format: Option<String>,
    quiet: bool,
    services: bool,
    volumes: bool,
    networks: bool,
    profiles: bool,
    images: bool,
    selected: Vec<String>,
}

fn config(cx: &mut Cx<'_>, prog: &str, mut cli: CliOptions, args: &[String]) -> Box<dyn Job> {
    let mut f = ConfigFlags::default();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let valued = [
            "-f",
            "--file",
            "-p",
            "--project-name",
            "--project-directory",
            "--env-file",
            "--profile",
            "--format",
            "-o",
            "--output",
            "--hash",
        ];
        match take_value(args, &mut i, a, &valued) {
            Ok(Some((flag, v))) => {
                match flag.as_str() {
                    "--format" => f.format = Some(v),
                    "-o" | "--output" | "--hash" => {}
                    _ => set_project_flag(&mut cli, &flag, v),
                }
                continue;
            }
            Ok(None) => {}
            Err(e) => return flag_error(cx, &format!("{prog} config"), &e),
        }
        match a.as_str() {
            "-q" | "--quiet" => f.quiet = true,
            "--services" => f.services = true,
            "--volumes" => f.volumes = true,
            "--networks" => f.networks = true,
            "--profiles" => f.profiles = true,
            "--images" => f.images = true,
            "--no-interpolate"
            | "--no-normalize"
            | "--no-path-resolution"
            | "--no-consistency"
            | "--no-env-resolution"
            | "--resolve-image-digests" => {}
            "-h" | "--help" => {
                cx.io.out(&config_help(prog));
                return done(0);
            }
            s if s.starts_with('-') => return flag_error(cx, &format!("{prog} config"), s),
            s => f.selected.push(s.to_string()),
        }
        i += 1;
    }
    if let Some(fmt) = &f.format {
        if fmt != "json" && fmt != "yaml" {
            cx.io.errln(&format!("unsupported format {fmt:?}"));
            return done(1);
        }
    }
    let world = &*cx.world;
    let loc = cx.sh.loc;
    let read = |p: &str| -> Option<Vec<u8>> { world.fs_read(loc, p).ok() };
    let os_env: BTreeMap<String, String> = cx.sh.vars.clone();
    let resolved = match compose::options::resolve(&cli, &cx.sh.cwd, &os_env, &read) {
        Ok(r) => r,
        Err(d) => return fail(cx, vec![], vec![*d]),
    };
    let (project, mut warnings) = match compose::load_resolved(&resolved, &read) {
        Ok(x) => x,
        Err(ds) => return fail(cx, resolved.warnings, ds),
    };
    let mut all = resolved.warnings;
    all.append(&mut warnings);
    print_warnings(cx, &all);
    if let Some(missing) = f.selected.iter().find(|s| !project.services.contains_key(*s)) {
        cx.io.errln(&format!("no such service: {missing}"));
        return done(1);
    }
    if f.services {
        for name in dependency_order(&project, &f.selected) {
            cx.io.outln(&name);
        }
        return done(0);
    }
    if f.volumes {
        for name in project.volumes.keys() {
            cx.io.outln(name);
        }
        return done(0);
    }
    if f.networks {
        for name in project.networks.keys() {
            cx.io.outln(name);
        }
        return done(0);
    }
    if f.profiles {
        let mut all: Vec<&String> = project.services.values().flat_map(|s| s.profiles.iter()).collect();
        crate::sort::sort(&mut all);
        all.dedup();
        for p in all {
            cx.io.outln(p);
        }
        return done(0);
    }
    if f.images {
        for s in project.services.values() {
            let img = s.image.clone().unwrap_or_else(|| format!("{}-{}", project.name, s.name));
            cx.io.outln(&img);
        }
        return done(0);
    }
    let text = match f.format.as_deref() {
        Some("json") => match compose::render_json(&project) {
            Ok(t) => t,
            Err(e) => return fail(cx, vec![], vec![Diagnostic::new(None, compose::Msg::JsonSshKey, e)]),
        },
        _ => compose::render_yaml(&project),
    };
    if !f.quiet {
        cx.io.out(&text);
    }
    done(0)
}

/// Services with their dependencies first (compose's `ForEachService`).
fn dependency_order(p: &compose::Project, selected: &[String]) -> Vec<String> {
    fn visit(p: &compose::Project, name: &str, seen: &mut Vec<String>, out: &mut Vec<String>, depth: usize) {
        if seen.iter().any(|s| s == name) || depth > 256 {
            return;
        }
        seen.push(name.to_string());
        if let Some(s) = p.services.get(name) {
            for dep in s.depends_on.keys() {
                visit(p, dep, seen, out, depth + 1);
            }
            out.push(name.to_string());
        }
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    let names: Vec<String> = if selected.is_empty() { p.services.keys().cloned().collect() } else { selected.to_vec() };
    for n in names {
        visit(p, &n, &mut seen, &mut out, 0);
    }
    out
}

fn print_warnings(cx: &mut Cx<'_>, warnings: &[Warning]) {
    for w in warnings {
        if !w.compose.is_empty() {
            cx.io.errln(&format!("WARN[0000] {}", w.compose));
        }
        cx.effects.push(Effect::Hint(Hint::Text(w.explain(cx.lang))));
    }
}

fn fail(cx: &mut Cx<'_>, warnings: Vec<Warning>, diags: Vec<Diagnostic>) -> Box<dyn Job> {
    print_warnings(cx, &warnings);
    if let Some(first) = diags.first() {
        cx.io.errln(&first.compose);
    }
    for d in &diags {
        cx.effects.push(Effect::Hint(Hint::Text(d.explain(cx.lang))));
    }
    done(1)
}

fn help(prog: &str) -> String {
    format!(
        "
Usage:  {prog} [OPTIONS] COMMAND

Define and run multi-container applications with Docker

Options:
      --env-file stringArray       Specify an alternate environment file
  -f, --file stringArray           Compose configuration files
  -p, --project-name string        Project name
      --profile stringArray        Specify a profile to enable
      --project-directory string   Specify an alternate working directory
                                   (default: the path of the, first specified, Compose file)

Commands:
  config      Parse, resolve and render compose file in canonical format
  version     Show the Docker Compose version information

Run '{prog} COMMAND --help' for more information on a command.
"
    )
}

fn config_help(prog: &str) -> String {
    format!(
        "
Usage:  {prog} config [OPTIONS] [SERVICE...]

Parse, resolve and render compose file in canonical format

Aliases:
  {prog} config, {prog} convert

Options:
      --format string   Format the output. Values: [yaml | json]
      --images          Print the image names, one per line.
      --networks        Print the network names, one per line.
      --profiles        Print the profile names, one per line.
  -q, --quiet           Only validate the configuration, don't print anything
      --services        Print the service names, one per line.
      --volumes         Print the volume names, one per line.
"
    )
}
