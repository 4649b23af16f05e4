//! `docker compose up`: networks, volumes, then containers in dependency
//! order. Starting a service waits only where `depends_on` asks for it
//! (`service_healthy`, `service_completed_successfully`). Detached, it prints
//! the progress block and returns; attached, it streams every container's
//! output with a `service-1  | ` prefix until they all exit or Ctrl-C, which
//! stops the stack.

use super::plan::{containers_of, start_order};
use super::progress::{self, Line};
use super::spec;
use super::LogStream;
use crate::compose::project::{Condition, Project};
use crate::process::{Cx, Effect, Job, Poll, Wake};
use crate::time::SimTime;
use crate::world::container::{Health, Status};
use crate::world::Cid;
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default)]
pub struct UpOptions {
    pub detach: bool,
    pub force_recreate: bool,
    pub no_start: bool,
    pub remove_orphans: bool,
    /// Only these services (and what they depend on).
    pub services: Vec<String>,
    /// `--attach SERVICE…`: only these services' output.
    pub attach: Vec<String>,
    /// `--no-attach SERVICE…`: not these services' output.
    pub no_attach: Vec<String>,
    /// `--attach-dependencies`: the output of what the named services depend on too.
    pub attach_dependencies: bool,
    /// Only the named services, not what they depend on (a watch rebuild's recreate).
    pub no_deps: bool,
    /// `--watch`: Compose's file watch beside the attached output.
    pub watch: bool,
}

enum Phase {
    /// Starting services one after another.
    Starting,
    /// Waiting on a dependency before starting `order[next]`.
    Waiting {
        dep: String,
        cond: Condition,
        since: SimTime,
    },
    Attached,
    /// Ctrl-C: stopping everything, then print the block.
    Stopping {
        since: SimTime,
    },
}

struct Up {
    project: Project,
    opts: UpOptions,
    order: Vec<String>,
    next: usize,
    phase: Phase,
    lines: Vec<Line>,
    /// `Container` lines among the first `counted.0` of `lines` (which only
    /// grows): counted once each, not rescanned for every service.
    counted: (usize, usize),
    failed: Option<String>,
    stream: Option<LogStream>,
    /// The containers this `up` started or found running (what Ctrl-C stops).
    attached: Vec<Cid>,
    /// Of those, the ones whose exits are reported and awaited (compose's monitor: the named
    /// services, else the attached ones).
    watched: Vec<Cid>,
    /// How much of the world's event log the attached view has looked at.
    events_seen: u64,
    /// Explanations already given (a restart loop explains itself once).
    explained: Vec<String>,
    /// `--watch`: the watch, started just before attaching.
    watcher: Option<Box<super::watch::Watcher>>,
    /// `--watch` that cannot watch: Compose creates the containers, then fails with this.
    watch_error: Option<String>,
}

pub fn up(cx: &mut Cx<'_>, project: Project, mut opts: UpOptions) -> Box<dyn Job> {
    // `up --watch` (v2.40.3 `pkg/compose/up.go`): `NewWatcher` after the containers are created
    // and before they start; either error leaves them created, not started.
    let (mut watcher, mut watch_error) = (None, None);
    if opts.watch && !opts.detach {
        let any = project.services.values().any(|s| s.develop.as_ref().is_some_and(|d| !d.watch.is_empty()));
        let made = if any {
            super::watch::Watcher::new(cx, &project, &[], false)
        } else {
            Err("none of the selected services is configured for watch, see https://docs.docker.com/compose/how-tos/file-watch/".into())
        };
        match made {
            Ok(w) => watcher = Some(Box::new(w)),
            Err(e) => {
                watch_error = Some(e);
                opts.no_start = true;
            }
        }
    }
    let mut order = start_order(&project);
    if !opts.services.is_empty() {
        let wanted = if opts.no_deps { opts.services.clone() } else { with_dependencies(&project, &opts.services) };
        order.retain(|s| wanted.contains(s));
    }
    let mut job = Up {
        project,
        opts,
        order,
        next: 0,
        phase: Phase::Starting,
        lines: Vec::new(),
        counted: (0, 0),
        failed: None,
        stream: None,
        attached: Vec::new(),
        watched: Vec::new(),
        events_seen: 0,
        explained: Vec::new(),
        watcher,
        watch_error,
    };
    if let Err(msg) = job.prepare(cx) {
        cx.io.errln(&msg);
        return Box::new(crate::process::Finished(1));
    }
    if !job.opts.detach {
        cx.effects.push(Effect::Detachable);
    }
    Box::new(job)
}

pub(super) fn with_dependencies(project: &Project, services: &[String]) -> Vec<String> {
    let mut out: Vec<String> = services.to_vec();
    let mut i = 0;
    while i < out.len() {
        if let Some(s) = project.services.get(&out[i]) {
            for d in s.depends_on.keys() {
                if !out.contains(d) {
                    out.push(d.clone());
                }
            }
        }
        i += 1;
    }
    out
}

impl Up {
    /// Images, networks and volumes: everything before the first container.
    fn prepare(&mut self, cx: &mut Cx<'_>) -> Result<(), String> {
        // Pull missing images first, in their own block.
        let mut pulled: Vec<progress::Pull> = Vec::new();
        for name in self.order.clone() {
            let svc = &self.project.services[&name];
            let reference = spec::image_ref(&self.project, svc);
            if cx.world.find_image(&reference).is_some() {
                continue;
            }
            if svc.build.is_some() {
                super::build::build_service(cx, &self.project, &name)?;
                continue;
            }
            let r = crate::world::image::parse_reference(&reference)?;
            let mut io = crate::process::Io::default();
            let result = {
                let mut sub =
                    Cx { world: cx.world, io: &mut io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: cx.effects };
                crate::docker::run::pull_reference(&mut sub, &r, true, false)
            };
            match result {
                Ok(key) => {
                    if let Some(img) = cx.world.images().get(key) {
                        let layers: Vec<(String, u64)> =
                            img.layers.iter().enumerate().map(|(i, l)| (l.clone(), 1200 + 600 * i as u64)).collect();
                        let ms = 2000 + 700 * img.layers.len() as u64;
                        pulled.push((name.clone(), ms, layers));
                    }
                }
                Err(m) => {
                    cx.io.errln(&format!("[+] Running 0/1\n ✘ {name} Error {m}"));
                    return Err(format!("Error response from daemon: {m}"));
                }
            }
        }
        progress::render_pulls(cx.io, cx.sh.cols(), "Running", &pulled);
        ensure_networks_and_volumes(cx, &self.project, &self.order, &mut self.lines)?;
        // Containers of services the file no longer has.
        let orphans: Vec<Cid> = containers_of(cx.world, &self.project.name)
            .into_iter()
            .filter(|c| cx.world.container(*c).is_some_and(|c| super::plan::is_orphan(c, &self.project)))
            .collect();
        if !orphans.is_empty() {
            let names: Vec<String> =
                orphans.iter().filter_map(|c| cx.world.container(*c).map(|c| c.name.clone())).collect();
            if self.opts.remove_orphans {
                for (cid, name) in orphans.iter().zip(names) {
                    cx.world.stop_container(*cid, Some(0), Some(crate::process::Signal::Kill));
                    cx.world.remove_container_now(*cid, false);
                    self.lines.push(Line { kind: "Container", name, status: "Removed".into(), ms: 300, ok: true });
                }
            } else {
                cx.io.errln(&format!("WARN[0000] Found orphan containers ([{}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.", names.join(" ")));
            }
        }
        Ok(())
    }

    /// How many `Container` lines the progress has so far.
    fn container_lines(&mut self) -> usize {
        let (seen, count) = self.counted;
        let more = self.lines.get(seen..).unwrap_or_default().iter().filter(|l| l.kind == "Container").count();
        self.counted = (self.lines.len(), count + more);
        self.counted.1
    }

    fn containers_for(&self, cx: &Cx<'_>, service: &str) -> Vec<Cid> {
        cx.world.compose_service_containers(&self.project.name, service)
    }

    /// Whether `order[next]` may start now; `Err` when a dependency failed for good.
    fn dependencies_ready(&mut self, cx: &mut Cx<'_>) -> Result<Option<(String, Condition)>, String> {
        let svc = &self.project.services[&self.order[self.next]];
        for (dep, d) in &svc.depends_on {
            let cids = self.containers_for(cx, dep);
            for cid in cids {
                let Some(c) = cx.world.container(cid) else { continue };
                match d.condition {
                    Condition::Started => {}
                    Condition::Healthy => {
                        if c.config.healthcheck.is_none() {
                            return Err(format!(
                                "dependency failed to start: container {} has no healthcheck configured",
                                c.name
                            ));
                        }
                        match (&c.state.status, &c.state.health) {
                            (Status::Running, Some(Health::Healthy)) => {}
                            (Status::Running, Some(Health::Unhealthy)) => {
                                return Err(format!("dependency failed to start: container {} is unhealthy", c.name))
                            }
                            (Status::Exited, _) => {
                                return Err(format!(
                                    "dependency failed to start: container {} exited ({})",
                                    c.name, c.state.exit_code
                                ))
                            }
                            _ => return Ok(Some((dep.clone(), Condition::Healthy))),
                        }
                    }
                    Condition::CompletedSuccessfully => match c.state.status {
                        Status::Exited if c.state.exit_code == 0 => {}
                        Status::Exited => {
                            return Err(format!(
                                "service \"{dep}\" didn't complete successfully: exit {}",
                                c.state.exit_code
                            ))
                        }
                        _ => return Ok(Some((dep.clone(), Condition::CompletedSuccessfully))),
                    },
                }
            }
        }
        Ok(None)
    }

    /// Compose's convergence for one service: containers beyond the replica
    /// count are removed, a container whose config hash or image differs from
    /// the file's is recreated (`Recreate` → `Recreated`, then `Started`), an
    /// unchanged running one is left alone (`Running`), a stopped one is
    /// started, and missing numbers are created.
    fn start_service(&mut self, cx: &mut Cx<'_>, name: &str) -> Result<(), String> {
        let index = self.container_lines() as u64;
        // Borrowed, not copied: only `self.lines` and `self.attached` change below.
        let svc = &self.project.services[name];
        let reference = spec::image_ref(&self.project, svc);
        let image = cx
            .world
            .find_image(&reference)
            .ok_or_else(|| crate::world::ImageError::NotFound { reference: reference.clone() }.to_string())?;
        let image_label = format!("sha256:{}", cx.world.images().get(image).map_or("", |i| i.id.as_str()));
        let hash = super::hash::service_hash(svc);
        let expected = spec::replicas(svc);
        // The service's containers by number (one-off `run` containers aside).
        let mut existing: Vec<(usize, Cid)> = self
            .containers_for(cx, name)
            .into_iter()
            .filter_map(|cid| {
                let c = cx.world.container(cid)?;
                if super::plan::is_oneoff(c) {
                    return None;
                }
                let n = super::plan::label(c, "com.docker.compose.container-number")?.parse().ok()?;
                Some((n, cid))
            })
            .collect();
        crate::sort::sort(&mut existing);
        // Scale down: the highest numbers go.
        for (_, cid) in existing.iter().skip(expected) {
            let cname = cx.world.container(*cid).map(|c| c.name.clone()).unwrap_or_default();
            cx.world.stop_container(*cid, Some(0), Some(crate::process::Signal::Kill));
            cx.world.remove_container_now(*cid, false);
            self.lines.push(Line { kind: "Container", name: cname, status: "Removed".into(), ms: 300, ok: true });
        }
        existing.truncate(expected);
        let mut plan: Vec<(usize, Option<Cid>)> = existing.iter().map(|(n, c)| (*n, Some(*c))).collect();
        let mut next = existing.iter().map(|(n, _)| *n).max().unwrap_or(0) + 1;
        while plan.len() < expected {
            plan.push((next, None));
            next += 1;
        }
        for (n, old) in plan {
            let cname = spec::container_name(&self.project, svc, n);
            let (cid, recreated) = match old {
                Some(cid) => {
                    let Some(c) = cx.world.container(cid) else { continue };
                    let changed = self.opts.force_recreate
                        || super::plan::label(c, spec::CONFIG_HASH) != Some(hash.as_str())
                        || super::plan::label(c, spec::IMAGE_LABEL) != Some(image_label.as_str());
                    if changed {
                        cx.world.stop_container(cid, Some(0), Some(crate::process::Signal::Kill));
                        cx.world.remove_container_now(cid, false);
                        (self.create(cx, svc, n, image, &hash)?, true)
                    } else if c.is_running() && !c.is_paused() {
                        // A paused one is not `running` to compose: it tries to start it, and the
                        // daemon refuses (convergence.go, `default:` → `startContainer`).
                        self.lines.push(Line {
                            kind: "Container",
                            name: cname.clone(),
                            status: "Running".into(),
                            ms: 0,
                            ok: true,
                        });
                        self.attached.push(cid);
                        continue;
                    } else {
                        (cid, false)
                    }
                }
                None => {
                    if let Some(other) = cx.world.container_by_name(&cname) {
                        let e = crate::world::CreateError::NameInUse { name: cname.clone(), id: other.id.clone() };
                        return Err(format!("Error response from daemon: {e}"));
                    }
                    (self.create(cx, svc, n, image, &hash)?, false)
                }
            };
            let created = if recreated { "Recreated" } else { "Created" };
            if self.opts.no_start {
                self.lines.push(Line { kind: "Container", name: cname, status: created.into(), ms: 100, ok: true });
                continue;
            }
            cx.world.set_manually_stopped(cid, false);
            match cx.world.start_container(cid) {
                Ok(()) => {
                    let status = if self.opts.detach { "Started" } else { created };
                    self.lines.push(Line {
                        kind: "Container",
                        name: cname,
                        status: status.into(),
                        ms: 300 + 200 * index + if recreated { 700 } else { 0 },
                        ok: true,
                    });
                    self.attached.push(cid);
                }
                Err(e) => {
                    self.lines.push(Line {
                        kind: "Container",
                        name: cname,
                        status: "Error".into(),
                        ms: 300,
                        ok: false,
                    });
                    return Err(format!("Error response from daemon: {}", e.message()));
                }
            }
        }
        Ok(())
    }

    fn create(
        &self,
        cx: &mut Cx<'_>,
        svc: &crate::compose::project::Service,
        n: usize,
        image: crate::world::ImageKey,
        hash: &str,
    ) -> Result<Cid, String> {
        let image_id = cx.world.images().get(image).map(|i| i.id.clone()).unwrap_or_default();
        let mut spec =
            spec::create_spec(&self.project, svc, n, (image, &image_id), hash.to_string(), || cx.world.rng().hex64());
        spec::add_volumes_from(cx, &self.project, svc, &mut spec)?;
        cx.world.create_container(spec).map_err(|e| format!("Error response from daemon: {}", e.message()))
    }

    fn print_block(&self, cx: &mut Cx<'_>) {
        progress::render(cx.io, cx.sh.cols(), "Running", &self.lines);
    }

    /// Whether the progress block reported this container as `Running` (left as it was).
    fn already_running(&self, name: &str) -> bool {
        self.lines.iter().any(|l| l.kind == "Container" && l.name == name && l.status == "Running")
    }

    /// `web-1 exited with code 1`, or `… (restarting)` when its restart policy brings it back,
    /// for every exit of an attached container since the last look, as Compose's log printer
    /// (`pkg/compose/printer.go`) says it. Muelle's own explanation of why it exited (a
    /// dependency not listening yet, OOM…) follows as a translated hint, once per reason.
    fn report_exits(&mut self, cx: &mut Cx<'_>) {
        let names: Vec<String> =
            self.watched.iter().filter_map(|c| cx.world.container(*c).map(|c| c.name.clone())).collect();
        let new = cx.world.log().since(self.events_seen).to_vec();
        self.events_seen = cx.world.log().total();
        for (i, e) in new.iter().enumerate() {
            let crate::events::EventKind::ContainerExited { name, code, cause } = &e.kind else { continue };
            if !names.contains(name) {
                continue;
            }
            let restarting = new[i + 1..].iter().any(
                |later| matches!(&later.kind, crate::events::EventKind::ContainerRestarting { name: n, .. } if n == name),
            );
            let short = name.strip_prefix(&format!("{}-", self.project.name)).unwrap_or(name);
            let tail = if restarting { " (restarting)" } else { "" };
            cx.io.outln(&format!("{short} exited with code {code}{tail}"));
            if let Some(cause) = cause.as_ref().filter(|c| c.worth_explaining()) {
                let text = crate::i18n::explain_exit(cx.world, name, cause, cx.lang);
                if !self.explained.contains(&text) {
                    self.explained.push(text.clone());
                    cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Text(text)));
                }
            }
        }
    }

    /// Containers of the shown services started since the last look and not followed yet (a
    /// watch rebuild's new ones): followed from their first line, as compose's monitor listener
    /// follows a container it did not attach to.
    fn adopt_started(&mut self, cx: &mut Cx<'_>) {
        let set = self.attach_set();
        let started: Vec<String> = cx
            .world
            .log()
            .since(self.events_seen)
            .iter()
            .filter_map(|e| match &e.kind {
                crate::events::EventKind::ContainerStarted { name } => Some(name.clone()),
                _ => None,
            })
            .collect();
        for name in started {
            let Some(c) = cx.world.container_by_name(&name) else { continue };
            let ours = c.compose.as_ref().is_some_and(|(p, s)| *p == self.project.name && set.contains(s));
            let Some(stream) = &mut self.stream else { return };
            if !ours || super::plan::is_oneoff(c) || stream.cids.contains(&c.key) {
                continue;
            }
            stream.cids.push(c.key);
            stream.cursors.push(0);
            stream.windows.push(crate::docker::logs::Window::default());
            stream.ended.push(false);
            self.attached.push(c.key);
            self.watched.push(c.key);
        }
    }

    /// The services whose output `up` shows (`cmd/compose/up.go`): `--attach`'s, else the
    /// named ones (all when none is) with what they depend on under `--attach-dependencies`,
    /// leaving out `attach: false`; then without `--no-attach`'s.
    fn attach_set(&self) -> Vec<String> {
        let mut set: Vec<String> = if !self.opts.attach.is_empty() {
            self.opts.attach.clone()
        } else {
            let named: Vec<String> = if self.opts.services.is_empty() {
                self.order.clone()
            } else if self.opts.attach_dependencies {
                with_dependencies(&self.project, &self.opts.services)
            } else {
                self.opts.services.clone()
            };
            named
                .into_iter()
                .filter(|n| self.project.services.get(n).is_some_and(|s| s.attach != Some(false)))
                .collect()
        };
        set.retain(|n| !self.opts.no_attach.contains(n));
        set
    }

    /// `attached`'s containers of these services (all of them for none: compose's
    /// `getContainers` with no service selects the whole project).
    fn of_services(&self, cx: &Cx<'_>, services: &[String]) -> Vec<Cid> {
        self.attached
            .iter()
            .copied()
            .filter(|cid| {
                services.is_empty()
                    || cx
                        .world
                        .container(*cid)
                        .and_then(|c| c.compose.as_ref())
                        .is_some_and(|(_, s)| services.contains(s))
            })
            .collect()
    }

    fn attach(&mut self, cx: &mut Cx<'_>) {
        let set = self.attach_set();
        let shown = self.of_services(cx, &set);
        let watch = if self.opts.services.is_empty() { set } else { self.opts.services.clone() };
        self.watched = self.of_services(cx, &watch);
        let names: Vec<String> = shown.iter().filter_map(|c| cx.world.container(*c).map(|c| c.name.clone())).collect();
        let short: Vec<String> =
            names.iter().map(|n| n.strip_prefix(&format!("{}-", self.project.name)).unwrap_or(n).to_string()).collect();
        // The watch logs `Watch enabled` before `Attaching to`; its presenter (`#watch`, 6
        // characters) counts in the prefix width from then on (`cmd/formatter/logs.go`).
        let watch_width = "#watch".len() + 1;
        if let Some(w) = &mut self.watcher {
            w.prefix = format!("{} ⦿ ", " ".repeat(watch_width));
            w.start(cx);
        }
        cx.io.outln(&format!("Attaching to {}", short.join(", ")));
        let mut width = super::prefix_width(&self.project.name, &names);
        if let Some(w) = &mut self.watcher {
            width = width.max(watch_width);
            w.prefix = format!("{} ⦿ ", " ".repeat(width));
        }
        // Compose attaches without past logs: a container that was already
        // running before this `up` shows only what it prints from now on.
        let cursors = shown
            .iter()
            .map(|cid| match cx.world.container(*cid) {
                Some(c) if self.already_running(&c.name) => c.logs.len(),
                _ => 0,
            })
            .collect();
        self.stream = Some(LogStream::new(&self.project.name, shown, cursors, width));
        // Compose attaches before it starts the containers: an exit since this `up` began
        // (a script that ran at once) is reported; one from before it is not.
        self.phase = Phase::Attached;
    }
}

impl Job for Up {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if self.events_seen == 0 {
            self.events_seen = cx.world.log().total();
        }
        loop {
            match &self.phase {
                Phase::Starting | Phase::Waiting { .. } => {
                    if self.next >= self.order.len() {
                        if self.opts.detach || self.opts.no_start {
                            self.print_block(cx);
                            if let Some(e) = &self.watch_error {
                                cx.io.errln(e);
                                return Poll::Done(1);
                            }
                            return Poll::Done(0);
                        }
                        self.print_block(cx);
                        self.attach(cx);
                        continue;
                    }
                    match self.dependencies_ready(cx) {
                        Err(msg) => {
                            self.print_block(cx);
                            cx.io.errln(&msg);
                            self.failed = Some(msg);
                            return Poll::Done(1);
                        }
                        Ok(Some((dep, cond))) => {
                            if !matches!(self.phase, Phase::Waiting { .. }) {
                                self.phase = Phase::Waiting { dep, cond, since: cx.now() };
                            }
                            return Poll::Pending(Wake::Change);
                        }
                        Ok(None) => {
                            if let Phase::Waiting { dep, cond, since } = &self.phase {
                                let status = if *cond == Condition::Healthy { "Healthy" } else { "Exited" };
                                let waited = cx.now().since(*since);
                                for cid in self.containers_for(cx, dep) {
                                    let name = cx.world.container(cid).map(|c| c.name.clone()).unwrap_or_default();
                                    // The dependency's own line turns from Started to Healthy/Exited.
                                    match self.lines.iter_mut().find(|l| l.kind == "Container" && l.name == name) {
                                        Some(l) => {
                                            l.status = status.into();
                                            l.ms += waited;
                                        }
                                        None => self.lines.push(Line {
                                            kind: "Container",
                                            name,
                                            status: status.into(),
                                            ms: waited,
                                            ok: true,
                                        }),
                                    }
                                }
                            }
                            self.phase = Phase::Starting;
                            let name = self.order[self.next].clone();
                            if let Err(msg) = self.start_service(cx, &name) {
                                self.print_block(cx);
                                cx.io.errln(&msg);
                                return Poll::Done(1);
                            }
                            self.next += 1;
                            // One service per millisecond of simulated time: a 1,000-service
                            // stack comes up over many short polls, so the page never freezes.
                            if self.next < self.order.len() {
                                return Poll::Pending(Wake::At(cx.now().plus(1)));
                            }
                        }
                    }
                }
                Phase::Attached => {
                    if let Some(s) = &mut self.stream {
                        s.flush(cx);
                    }
                    let mut wake = Wake::Change;
                    if let Some(w) = &mut self.watcher {
                        wake = w.poll(cx);
                        self.adopt_started(cx);
                        if let Some(s) = &mut self.stream {
                            s.flush(cx);
                        }
                    }
                    self.report_exits(cx);
                    let all_done = self
                        .watched
                        .iter()
                        .all(|c| cx.world.container(*c).is_none_or(|c| c.state.status == Status::Exited));
                    if all_done {
                        return Poll::Done(0);
                    }
                    return Poll::Pending(wake);
                }
                Phase::Stopping { since } => {
                    let since = *since;
                    let running: Vec<Cid> = self
                        .attached
                        .iter()
                        .copied()
                        .filter(|c| cx.world.container(*c).is_some_and(|c| c.is_running()))
                        .collect();
                    if !running.is_empty() {
                        return Poll::Pending(Wake::Change);
                    }
                    if let Some(s) = &mut self.stream {
                        s.flush(cx);
                    }
                    self.report_exits(cx);
                    let elapsed = cx.now().since(since);
                    let lines: Vec<Line> = self
                        .attached
                        .iter()
                        .rev()
                        .filter_map(|c| cx.world.container(*c))
                        .map(|c| Line {
                            kind: "Container",
                            name: c.name.clone(),
                            status: "Stopped".into(),
                            ms: elapsed,
                            ok: true,
                        })
                        .collect();
                    progress::render(cx.io, cx.sh.cols(), "Stopping", &lines);
                    return Poll::Done(130);
                }
            }
        }
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        match self.phase {
            Phase::Attached => {
                // Compose ≥ 2.39 words it this way (older: "Gracefully stopping... (press Ctrl+C again to force)").
                cx.io.outln("Gracefully Stopping... press Ctrl+C again to force");
                for cid in self.attached.iter().rev() {
                    cx.world.stop_container(*cid, None, None);
                }
                let stopping: Vec<Cid> = self.attached.iter().rev().copied().collect();
                crate::docker::container::stop_wait_note(cx, &stopping, None, None);
                self.phase = Phase::Stopping { since: cx.now() };
                self.poll(cx)
            }
            Phase::Stopping { .. } => {
                for cid in &self.attached {
                    cx.world.kill_container(*cid, crate::process::Signal::Kill);
                }
                Poll::Done(130)
            }
            _ => {
                self.print_block(cx);
                Poll::Done(130)
            }
        }
    }

    fn runs_until_interrupted(&self) -> bool {
        // Waiting on a dependency ends by itself (healthy, exited or failed).
        matches!(self.phase, Phase::Attached)
    }
}

/// Creates the networks and named volumes `services` use that do not exist yet, as Compose's
/// `create` does before any container (`up`, and `run` for its one-off container): a progress
/// line for each. `Err` is what Compose prints (an external one that is missing, a daemon error).
pub(super) fn ensure_networks_and_volumes(
    cx: &mut Cx<'_>,
    project: &Project,
    services: &[String],
    lines: &mut Vec<Line>,
) -> Result<(), String> {
    // Networks the selected services use.
    // First use order; the sets keep the "seen" checks from scanning the lists per service.
    let mut nets: Vec<String> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for name in services {
        for key in project.services[name].networks.keys() {
            if seen.insert(key.as_str()) {
                nets.push(key.clone());
            }
        }
    }
    for key in nets {
        let Some(n) = project.networks.get(&key).cloned() else { continue };
        if cx.world.network_by_name(&n.name).is_some() {
            continue;
        }
        if n.external {
            return Err(format!("network {} declared as external, but could not be found", n.name));
        }
        let subnet = n.subnets.first().and_then(|s| crate::world::network::Subnet::parse(s));
        let mut labels = vec![
            ("com.docker.compose.config-hash".to_string(), cx.world.rng().hex64()),
            ("com.docker.compose.network".to_string(), key.clone()),
            ("com.docker.compose.project".to_string(), project.name.clone()),
            ("com.docker.compose.version".to_string(), "2.40.3".to_string()),
        ];
        labels.extend(n.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
        let driver = n.driver.clone().unwrap_or_else(|| "bridge".into());
        match cx.world.create_network(&n.name, &driver, subnet, None, n.internal, false, labels, vec![]) {
            Ok(_) => {
                lines.push(Line { kind: "Network", name: n.name.clone(), status: "Created".into(), ms: 100, ok: true })
            }
            Err(e) => return Err(format!("Error response from daemon: {e}")),
        }
    }
    // Named volumes.
    let mut vols: Vec<String> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for name in services {
        for m in &project.services[name].volumes {
            if m.kind == "volume" && !m.source.is_empty() && seen.insert(m.source.as_str()) {
                vols.push(m.source.clone());
            }
        }
    }
    for key in vols {
        let Some(v) = project.volumes.get(&key).cloned() else { continue };
        if cx.world.volumes().contains_key(&v.name) {
            continue;
        }
        if v.external {
            return Err(format!("external volume \"{}\" not found", v.name));
        }
        let now = cx.now();
        let mut vol = crate::world::Volume::new(v.name.clone(), now);
        vol.labels = vec![
            ("com.docker.compose.config-hash".into(), cx.world.rng().hex64()),
            ("com.docker.compose.project".into(), project.name.clone()),
            ("com.docker.compose.version".into(), "2.40.3".into()),
            ("com.docker.compose.volume".into(), key.clone()),
        ];
        vol.explicit = true;
        if let Some(d) = &v.driver {
            vol.driver = d.clone();
        }
        vol.options = v.driver_opts.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        cx.world.create_volume(vol);
        lines.push(Line { kind: "Volume", name: format!("\"{}\"", v.name), status: "Created".into(), ms: 0, ok: true });
    }
    Ok(())
}
