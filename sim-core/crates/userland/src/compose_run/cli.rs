//! The handlers of the running subcommands of `docker compose` (`up`, `down`,
//! `ps`, `logs`, `start`, `stop`, `restart`, `build`, `pull`, `exec`, `run`,
//! `images`, `kill`, `ls`…): their flags come parsed from [`super::command_table`];
//! the project is loaded exactly as `config` loads it; the work is in this
//! module's siblings.

use super::commands::Ctx;
use super::plan::containers_of;
use super::progress::{self, Line};
use super::{DownOptions, UpOptions};
use crate::compose::{self, options::CliOptions, Project};
use crate::docker::args::Parsed;
use crate::process::{Cx, Effect, Job};
use crate::world::Status;
use std::collections::BTreeMap;

pub(crate) use crate::process::done;

/// Loads the project the command line designates, printing compose's errors.
pub fn load_project(cx: &mut Cx<'_>, cli: &CliOptions) -> Result<Project, Box<dyn Job>> {
    let world = &*cx.world;
    let loc = cx.sh.loc;
    let read = |p: &str| -> Option<Vec<u8>> { world.fs_read(loc, p).ok() };
    let os_env: BTreeMap<String, String> = cx.sh.vars.clone();
    let resolved = match compose::options::resolve(cli, &cx.sh.cwd, &os_env, &read) {
        Ok(r) => r,
        Err(d) => {
            cx.io.errln(&d.compose);
            return Err(done(1));
        }
    };
    match compose::load_resolved(&resolved, &read) {
        Ok((project, warnings)) => {
            for w in resolved.warnings.iter().chain(warnings.iter()) {
                cx.io.errln(&format!("WARN[0000] {}", w.compose));
            }
            Ok(project)
        }
        Err(ds) => {
            for d in &ds {
                cx.io.errln(&d.compose);
                cx.effects.push(Effect::Hint(crate::i18n::Hint::Text(d.explain(cx.lang))));
            }
            Err(done(1))
        }
    }
}

/// `logs --index N`, when N > 0 (pflag's int: base 0, as `strconv.ParseInt(s, 0, 64)`).
fn logs_index(a: &Parsed) -> Option<i64> {
    a.get("index").and_then(crate::docker::args::parse_go_int).filter(|n| *n > 0)
}

/// The handler of every simulated `docker compose SUB` but `config`, `ls`
/// and `version`: loads the project, checks the service names, runs `SUB`.
pub fn run_sub(cx: &mut Cx<'_>, ctx: &Ctx<'_>, a: &Parsed) -> Box<dyn Job> {
    let (prog, sub) = (ctx.prog, ctx.name);
    // `logs`' PreRunE, before the project is loaded.
    if sub == "logs" && logs_index(a).is_some() && a.args.len() != 1 {
        cx.io.errln("--index requires one service to be selected");
        return done(1);
    }
    let project = match load_project(cx, &ctx.cli) {
        Ok(p) => p,
        Err(job) => return job,
    };
    let services = a.args.clone();
    if !matches!(sub, "exec" | "run") {
        if let Some(missing) = services.iter().find(|s| !project.services.contains_key(*s)) {
            cx.io.errln(&format!("no such service: {missing}"));
            return done(1);
        }
    }
    match sub {
        "up" => {
            if a.has("build") {
                for name in super::plan::start_order(&project) {
                    if project.services[&name].build.is_some() && (services.is_empty() || services.contains(&name)) {
                        if let Err(m) = super::build_service(cx, &project, &name) {
                            cx.io.errln(&m);
                            return done(1);
                        }
                    }
                }
            }
            let attach = a.all("attach");
            // `up.go`'s checks of the attach flags.
            if !attach.is_empty() && a.has("attach-dependencies") {
                cx.io.errln("cannot combine --attach and --attach-dependencies");
                return done(1);
            }
            if a.has("detach") && (a.has("attach-dependencies") || !attach.is_empty() || a.has("watch")) {
                cx.io.errln("--detach cannot be combined with --abort-on-container-exit, --abort-on-container-failure, --attach, --attach-dependencies or --watch");
                return done(1);
            }
            if a.has("no-build") && a.has("watch") {
                cx.io.errln("--no-build and --watch are incompatible");
                return done(1);
            }
            let included: Vec<String> = if services.is_empty() {
                project.services.keys().cloned().collect()
            } else {
                super::up::with_dependencies(&project, &services)
            };
            let unexpected: Vec<&String> = attach.iter().filter(|s| !included.contains(s)).collect();
            if !unexpected.is_empty() {
                let names: Vec<&str> = unexpected.iter().map(|s| s.as_str()).collect();
                cx.io.errln(&format!("cannot attach to services not included in up: {}", names.join(", ")));
                return done(1);
            }
            let opts = UpOptions {
                detach: a.has("detach"),
                force_recreate: a.has("force-recreate"),
                no_start: a.has("no-start"),
                remove_orphans: a.has("remove-orphans"),
                services,
                attach,
                no_attach: a.all("no-attach"),
                attach_dependencies: a.has("attach-dependencies"),
                no_deps: false,
                watch: a.has("watch"),
            };
            super::up(cx, project, opts)
        }
        "watch" => {
            super::watch(cx, project, super::WatchOptions { services, no_up: a.has("no-up"), quiet: a.has("quiet") })
        }
        "down" => super::down(
            cx,
            project,
            DownOptions {
                volumes: a.has("volumes"),
                remove_orphans: a.has("remove-orphans"),
                remove: true,
                ..Default::default()
            },
        ),
        "stop" => super::stop_project(cx, project, &services),
        "ps" => {
            if a.has("services") {
                for name in super::plan::start_order(&project) {
                    let running = containers_of(cx.world, &project.name).iter().any(|c| {
                        cx.world
                            .container(*c)
                            .is_some_and(|c| c.is_running() && c.compose.as_ref().is_some_and(|(_, s)| *s == name))
                    });
                    if running || a.has("all") {
                        cx.io.outln(&name);
                    }
                }
                return done(0);
            }
            let format = a.get("format").unwrap_or("table");
            super::ps(cx, &project, a.has("all"), a.has("quiet"), format, &services)
        }
        "logs" => {
            let opts = super::LogsOptions {
                follow: a.has("follow"),
                tail: crate::docker::logs::parse_tail(a.get("tail")),
                no_prefix: a.has("no-log-prefix"),
                timestamps: a.has("timestamps"),
                since: a.get("since").map(str::to_string),
                until: a.get("until").map(str::to_string),
                index: logs_index(a),
            };
            // `runLogs`: with no service named, those with `attach: false` are left out (if that
            // leaves none, no filter at all, as an empty selection is in `getContainers`).
            let services = if services.is_empty() {
                let attached: Vec<String> =
                    project.services.iter().filter(|(_, s)| s.attach != Some(false)).map(|(n, _)| n.clone()).collect();
                if attached.len() == project.services.len() {
                    services
                } else {
                    attached
                }
            } else {
                services
            };
            super::logs(cx, &project, &services, opts)
        }
        "start" | "restart" | "kill" => {
            let title = match sub {
                "start" => "Running",
                "restart" => "Restarting",
                _ => "Killing",
            };
            let mut lines = Vec::new();
            for cid in containers_of(cx.world, &project.name) {
                let Some(c) = cx.world.container(cid) else { continue };
                let svc = c.compose.as_ref().map(|(_, s)| s.clone()).unwrap_or_default();
                if !services.is_empty() && !services.contains(&svc) {
                    continue;
                }
                let name = c.name.clone();
                let running = c.is_running();
                if super::plan::is_oneoff(c) || (sub == "start" && running) {
                    // `start` leaves running containers alone, silently.
                    continue;
                }
                match sub {
                    "kill" => {
                        if running {
                            cx.world.kill_container(cid, crate::process::Signal::Kill);
                            lines.push(Line { kind: "Container", name, status: "Killed".into(), ms: 100, ok: true });
                        }
                    }
                    _ => {
                        if sub == "restart" && running {
                            cx.world.kill_container(cid, crate::process::Signal::Term);
                            cx.world.stop_container(cid, Some(0), Some(crate::process::Signal::Kill));
                        }
                        cx.world.set_manually_stopped(cid, false);
                        let ok = cx.world.start_container(cid).is_ok();
                        lines.push(Line {
                            kind: "Container",
                            name,
                            status: if ok { "Started".into() } else { "Error".into() },
                            ms: 300,
                            ok,
                        });
                    }
                }
            }
            progress::render(cx.io, cx.sh.cols(), title, &lines);
            done(0)
        }
        "build" => {
            for name in super::plan::start_order(&project) {
                if project.services[&name].build.is_some() && (services.is_empty() || services.contains(&name)) {
                    if let Err(m) = super::build::build_service_opts(cx, &project, &name, a.has("no-cache")) {
                        cx.io.errln(&m);
                        return done(1);
                    }
                }
            }
            done(0)
        }
        "pull" => {
            let mut pulls = Vec::new();
            for (name, svc) in &project.services {
                let Some(img) = &svc.image else { continue };
                if !services.is_empty() && !services.contains(name) {
                    continue;
                }
                let r = match crate::world::image::parse_reference(img) {
                    Ok(r) => r,
                    Err(m) => {
                        cx.io.errln(&m);
                        return done(1);
                    }
                };
                let mut io = crate::process::Io::default();
                let result = {
                    let mut sub =
                        Cx { world: cx.world, io: &mut io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: cx.effects };
                    crate::docker::run::pull_reference(&mut sub, &r, true, false)
                };
                match result {
                    Ok(_) => pulls.push((name.clone(), 2100, Vec::new())),
                    Err(m) => {
                        progress::render_pulls(cx.io, cx.sh.cols(), "Pulling", &pulls);
                        cx.io.errln(&format!("Error response from daemon: {m}"));
                        return done(1);
                    }
                }
            }
            progress::render_pulls(cx.io, cx.sh.cols(), "Pulling", &pulls);
            done(0)
        }
        "images" => {
            let mut rows =
                vec!["CONTAINER REPOSITORY TAG IMAGE ID SIZE".split(' ').map(String::from).collect::<Vec<_>>()];
            rows[0] = vec!["CONTAINER".into(), "REPOSITORY".into(), "TAG".into(), "IMAGE ID".into(), "SIZE".into()];
            for cid in containers_of(cx.world, &project.name) {
                let Some(c) = cx.world.container(cid) else { continue };
                let Some(img) = cx.world.images().iter().find(|i| i.id == c.config.image_id) else { continue };
                rows.push(vec![
                    c.name.clone(),
                    img.repo.clone(),
                    img.tag.clone(),
                    img.short_id().to_string(),
                    format!("{}MB", img.size_bytes / 1_000_000),
                ]);
            }
            let t = crate::docker::table::render(&rows);
            cx.io.out(&t);
            done(0)
        }
        "exec" | "run" => exec_or_run(cx, prog, sub, &project, a),
        "top" => top(cx, &project, &services),
        "pause" | "unpause" => pause_or_unpause(cx, &project, &services, sub == "pause"),
        _ => super::commands::not_simulated_yet(cx, prog, sub),
    }
}

/// `pause`/`unpause` (compose v2.40.3 `pkg/compose/pause.go`): the project's running
/// containers (not one-offs), the daemon's call on each; only those that worked get a
/// line (`Paused`/`Unpaused`). `Pause` titles its block `Pausing`; `UnPause` uses
/// `progress.Run`, whose title is `Running`. The first error ends it, exit 1.
fn pause_or_unpause(cx: &mut Cx<'_>, project: &Project, services: &[String], pause: bool) -> Box<dyn Job> {
    let mut lines = Vec::new();
    let mut error = None;
    for cid in containers_of(cx.world, &project.name) {
        let Some(c) = cx.world.container(cid) else { continue };
        let svc = c.compose.as_ref().map(|(_, s)| s.as_str()).unwrap_or_default();
        if !c.is_running() || super::plan::is_oneoff(c) || (!services.is_empty() && !services.iter().any(|s| s == svc))
        {
            continue;
        }
        let name = c.name.clone();
        let outcome = if pause { cx.world.pause_container(cid) } else { cx.world.unpause_container(cid) };
        match outcome {
            Ok(()) => {
                let status = if pause { "Paused" } else { "Unpaused" };
                lines.push(Line { kind: "Container", name, status: status.into(), ms: 100, ok: true });
            }
            Err(e) => {
                error.get_or_insert(e);
            }
        }
    }
    progress::render(cx.io, cx.sh.cols(), if pause { "Pausing" } else { "Running" }, &lines);
    match error {
        Some(e) => {
            cx.io.errln(&format!("Error response from daemon: {e}"));
            done(1)
        }
        None => done(0),
    }
}

fn exec_or_run(cx: &mut Cx<'_>, prog: &str, sub: &str, project: &Project, a: &Parsed) -> Box<dyn Job> {
    let Some(service) = a.args.first().cloned() else {
        cx.io.errln(&format!("\"{prog} {sub}\" requires at least 2 arguments.\nSee '{prog} {sub} --help'."));
        return done(1);
    };
    if !project.services.contains_key(&service) {
        cx.io.errln(&format!("no such service: {service}"));
        return done(1);
    }
    let cmd: Vec<String> = a.args[1..].to_vec();
    if sub == "exec" {
        let target = containers_of(cx.world, &project.name).into_iter().find(|c| {
            cx.world
                .container(*c)
                .is_some_and(|c| c.is_running() && c.compose.as_ref().is_some_and(|(_, s)| *s == service))
        });
        let Some(cid) = target else {
            cx.io.errln(&format!("service \"{service}\" is not running"));
            return done(1);
        };
        let name = cx.world.container(cid).map(|c| c.name.clone()).unwrap_or_default();
        // `docker exec` on the service's container, asked as a typed request; the options it
        // shares with `docker exec` keep their last value (`-u`, `-w`) or all of them (`-e`).
        let tty = !a.has("no-tty");
        let request = crate::docker::container::ExecRequest {
            container: name,
            cmd,
            interactive: tty,
            tty,
            detach: false,
            env: a.all("env"),
            user: a.get("user").map(str::to_string),
            workdir: a.get("workdir").map(str::to_string),
        };
        return crate::docker::container::exec_in(cx, request);
    }
    // `run`: a one-off container `<project>-<service>-run-<12hex>`, after the networks and
    // volumes it needs (Compose's `startDependencies` creates the project's resources first).
    let mut created = Vec::new();
    if let Err(m) = super::up::ensure_networks_and_volumes(cx, project, std::slice::from_ref(&service), &mut created) {
        cx.io.errln(&m);
        return done(1);
    }
    super::progress::render(cx.io, cx.sh.cols(), "Creating", &created);
    let svc = project.services[&service].clone();
    let image = spec_image(cx, project, &svc);
    let Some(image) = image else {
        let e = crate::world::ImageError::NotFound { reference: super::spec::image_ref(project, &svc) };
        cx.io.errln(&e.to_string());
        return done(1);
    };
    let image_id = cx.world.images().get(image).map(|i| i.id.clone()).unwrap_or_default();
    let mut spec =
        super::spec::create_spec(project, &svc, 1, (image, &image_id), super::hash::service_hash(&svc), || {
            cx.world.rng().hex64()
        });
    // `run.go`: the convergence's `resolveServiceReferences`, over every container of the project.
    if let Err(m) = super::spec::add_volumes_from(cx, project, &svc, &mut spec) {
        cx.io.errln(&m);
        return done(1);
    }
    for (k, v) in &mut spec.labels {
        if k == "com.docker.compose.oneoff" {
            *v = "True".into();
        }
    }
    let suffix = cx.world.rng().hex64()[..12].to_string();
    spec.name =
        Some(a.get("name").map(str::to_string).unwrap_or_else(|| format!("{}-{service}-run-{suffix}", project.name)));
    if !cmd.is_empty() {
        spec.cmd = Some(cmd);
    }
    spec.auto_remove = a.has("rm");
    spec.tty = !a.has("no-TTY");
    spec.open_stdin = true;
    spec.restart = Default::default();
    if !a.has("service-ports") {
        spec.ports.clear();
    }
    for v in a.all("env") {
        if let Some((ek, ev)) = v.split_once('=') {
            spec.env.push((ek.to_string(), ev.to_string()));
        }
    }
    let cid = match cx.world.create_container(spec) {
        Ok(c) => c,
        Err(e) => {
            cx.io.errln(&format!("Error response from daemon: {}", e.message()));
            return done(1);
        }
    };
    if let Err(e) = cx.world.start_container(cid) {
        cx.io.errln(&format!("Error response from daemon: {}", e.message()));
        return done(1);
    }
    if a.has("detach") {
        let name = cx.world.container(cid).map(|c| c.name.clone()).unwrap_or_default();
        cx.io.outln(&name);
        return done(0);
    }
    let is_shell =
        cx.world.container(cid).and_then(|c| c.main.as_ref()).is_some_and(|m| m.process.is_interactive_shell());
    if is_shell {
        let sh = crate::shell::ShellCtx::for_container(cx.world, cid);
        cx.effects.push(Effect::PushShell { sh: Box::new(sh), attached_main: true });
        return done(0);
    }
    let generation = cx.world.container(cid).map(|c| c.state.generation).unwrap_or(0);
    Box::new(crate::docker::run::Attach {
        cid,
        cursor: 0,
        generation,
        interrupted: false,
        endless: true,
        sig_proxy: true,
        stay: false,
        // `compose run` attaches standard input unless `-T`/`-d`.
        stdin: true,
        input_ready: false,
    })
}

/// `docker compose top`: one table for all running containers, sorted by
/// name, `SERVICE` and `#` (replica) first (Go's tabwriter, minwidth 4,
/// padding 2, as `cmd/compose/top.go` prints it).
fn top(cx: &mut Cx<'_>, project: &Project, services: &[String]) -> Box<dyn Job> {
    let mut containers: Vec<&crate::world::container::Container> = containers_of(cx.world, &project.name)
        .into_iter()
        .filter_map(|c| cx.world.container(c))
        .filter(|c| c.is_running())
        .filter(|c| services.is_empty() || c.compose.as_ref().is_some_and(|(_, s)| services.contains(s)))
        .collect();
    crate::sort::sort_by(&mut containers, |a, b| a.name.cmp(&b.name));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for c in &containers {
        let service = c.compose.as_ref().map(|(_, s)| s.clone()).unwrap_or_else(|| c.name.clone());
        let replica = super::plan::label(c, "com.docker.compose.container-number").unwrap_or_default().to_string();
        for p in crate::docker::container::top_processes(c) {
            let mut row = vec![service.clone(), replica.clone()];
            row.extend(p);
            rows.push(row);
        }
    }
    if rows.is_empty() {
        return done(0);
    }
    let mut header = vec!["SERVICE".to_string(), "#".into()];
    header.extend(crate::docker::container::TOP_TITLES.iter().map(|t| t.to_string()));
    rows.insert(0, header);
    let cols = rows[0].len();
    let mut widths = vec![0usize; cols];
    for r in &rows {
        for (i, cell) in r.iter().enumerate().take(cols - 1) {
            widths[i] = widths[i].max(cell.chars().count() + 2).max(4);
        }
    }
    for r in &rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < r.len() {
                line.push_str(&" ".repeat(widths[i].saturating_sub(cell.chars().count())));
            }
        }
        cx.io.outln(&line);
    }
    done(0)
}

fn spec_image(
    cx: &mut Cx<'_>,
    project: &Project,
    svc: &crate::compose::project::Service,
) -> Option<crate::world::ImageKey> {
    let reference = super::spec::image_ref(project, svc);
    if let Some(i) = cx.world.find_image(&reference) {
        return Some(i);
    }
    if svc.build.is_some() {
        super::build_service(cx, project, &svc.name).ok()?;
        return cx.world.find_image(&reference);
    }
    crate::docker::run::ensure_image(cx, &reference, false, false).ok()
}

/// `docker compose ls`: projects with containers, their state and files.
pub fn ls(cx: &mut Cx<'_>, _: &Ctx<'_>, a: &Parsed) -> Box<dyn Job> {
    let mut projects: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
    for c in cx.world.containers().values() {
        let Some((p, _)) = &c.compose else { continue };
        let files = c
            .config
            .labels
            .iter()
            .find(|(k, _)| k == "com.docker.compose.project.config_files")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let e = projects.entry(p.clone()).or_insert((0, 0, files));
        if c.state.status == Status::Running {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let mut rows = vec![vec!["NAME".to_string(), "STATUS".into(), "CONFIG FILES".into()]];
    for (name, (running, exited, files)) in projects {
        if running == 0 && !a.has("all") {
            continue;
        }
        let mut status = Vec::new();
        if exited > 0 {
            status.push(format!("exited({exited})"));
        }
        if running > 0 {
            status.push(format!("running({running})"));
        }
        if a.has("quiet") {
            cx.io.outln(&name);
            continue;
        }
        rows.push(vec![name, status.join(", "), files]);
    }
    if !a.has("quiet") {
        let t = crate::docker::table::render(&rows);
        cx.io.out(&t);
    }
    done(0)
}
