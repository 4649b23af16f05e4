//! `docker compose config`, which loads the project from the simulated
//! host's files and prints it as Compose v2 does. Docker Compose's own error
//! text goes to stderr exactly; Muelle's located, translated explanation
//! follows as a hint. The command line itself (root options, subcommands,
//! flags, help) is [`super::commands`].

use super::commands::Ctx;
use crate::compose::{self, Diagnostic, Warning};
use crate::docker::args::Parsed;
use crate::i18n::Hint;
use crate::process::{done, Cx, Effect, Job};
use std::collections::BTreeMap;

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

/// `docker compose config`: its flags come parsed from the compose command table.
pub fn config(cx: &mut Cx<'_>, ctx: &Ctx<'_>, a: &Parsed) -> Box<dyn Job> {
    let f = ConfigFlags {
        format: a.get("format").map(str::to_string),
        quiet: a.has("quiet"),
        services: a.has("services"),
        volumes: a.has("volumes"),
        networks: a.has("networks"),
        profiles: a.has("profiles"),
        images: a.has("images"),
        selected: a.args.clone(),
    };
    let cli = &ctx.cli;
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
    let resolved = match compose::options::resolve(cli, &cx.sh.cwd, &os_env, &read) {
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
