//! Compose's file watch (v2.40.3 `pkg/compose/watch.go`, `pkg/watch/`): `docker compose watch`
//! and `docker compose up --watch`. The host's disk notes every change of a path
//! (`World::host_changes_since`, inotify's part); the watcher takes those under a rule's `path`,
//! debounces them as `BatchDebounceEvents` does — a batch is handled once no change came for
//! [`QUIET_PERIOD_MS`] (the ticker is reset by every event) and holds each path once — and
//! then, per service: `rebuild` (BuildKit's plain display logged line by line, the service's
//! containers recreated and started), `sync` (the files copied into every container of the
//! service, missing ones removed), `restart`, `sync+restart`, `sync+exec` (the command run in
//! each running container). Which paths a rule takes: below its `path`, matching `include` if
//! it has one, and not ignored by the build context's `.dockerignore`, the editors' temporary
//! files (`EphemeralPathMatcher`) or its `ignore` (patterns relative to its `path`).

use super::up::with_dependencies;
use crate::build::ignore::Ignore;
use crate::compose::project::{Project, WatchRule};
use crate::process::{Cx, Effect, Io, Job, Poll, Wake};
use crate::time::SimTime;
use crate::wildcard::{matches, Dialect};
use crate::world::{Cid, Loc};
use std::collections::{BTreeMap, BTreeSet};

/// `pkg/watch/debounce.go`'s `QuietPeriod`.
pub const QUIET_PERIOD_MS: u64 = 500;

/// `docker compose watch [--no-up] [--prune] [--quiet] [SERVICE...]`.
#[derive(Clone, Debug, Default)]
pub struct WatchOptions {
    pub services: Vec<String>,
    pub no_up: bool,
    pub quiet: bool,
}

/// A `dockerPathMatcher`: patterns relative to `root`, a path matching when it or one of its
/// parents does (`MatchesOrParentMatches`), the last matching pattern winning.
struct Patterns {
    root: String,
    ignore: Ignore,
}

impl Patterns {
    /// `NewDockerPatternMatcher`: a `*` among the patterns drops every pattern but the
    /// exceptions (`!…`), as v2.40.3 does.
    fn new(root: &str, patterns: &[String]) -> Patterns {
        let all = patterns.iter().any(|p| p == "*");
        let kept = patterns.iter().map(String::as_str).filter(|p| !all || p.starts_with('!'));
        Patterns { root: root.to_string(), ignore: Ignore::from_patterns(kept) }
    }

    fn matches(&self, path: &str) -> bool {
        if !crate::fs::is_within(path, &self.root) {
            return false;
        }
        let rel = path[self.root.len().min(path.len())..].trim_start_matches('/');
        self.ignore.excluded(rel)
    }
}

/// `EphemeralPathMatcher`: editors' temporary files (GoLand, Emacs, Vim, Kate, Go's own),
/// matched on any component of the path.
fn ephemeral(path: &str) -> bool {
    const NAMES: &[&str] = &[
        "*___jb_old___",
        "*___jb_tmp___",
        ".#*",
        "#*#",
        "4913",
        "*~",
        ".*.swp",
        ".*.swx",
        ".*.swo",
        ".*.swn",
        ".*.kate-swp",
        "*-go-tmp-umask",
    ];
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    // `**/.idea/**`: anything below an `.idea` directory.
    let below_idea = parts.iter().take(parts.len().saturating_sub(1)).any(|p| *p == ".idea");
    below_idea || parts.iter().any(|p| NAMES.iter().any(|n| matches(n, p, Dialect::GoPath)))
}

/// A `watchRule`: a trigger with its matchers and service.
struct Rule {
    service: String,
    trigger: WatchRule,
    include: Option<Patterns>,
    ignore: Patterns,
    dockerignore: Option<Patterns>,
}

impl Rule {
    /// `watchRule.Matches`: the path in the container for a changed host path, `None` when
    /// the rule does not take it (`Some("")` for a rule without target).
    fn matches(&self, path: &str) -> Option<String> {
        if !crate::fs::is_within(path, &self.trigger.path) {
            return None;
        }
        if self.include.as_ref().is_some_and(|i| !i.matches(path)) {
            return None;
        }
        // `/.git/` is matched from the root of the disk in v2.40.3, so only `/.git` itself.
        let dot_git = crate::fs::is_within(path, "/.git");
        if self.dockerignore.as_ref().is_some_and(|d| d.matches(path)) || ephemeral(path) || dot_git {
            return None;
        }
        if self.ignore.matches(path) {
            return None;
        }
        let target = self.trigger.target.clone().unwrap_or_default();
        if target.is_empty() {
            return Some(String::new());
        }
        let rel = path[self.trigger.path.len().min(path.len())..].trim_start_matches('/');
        Some(crate::fs::normalize(&target, rel))
    }
}

fn is_sync(action: &str) -> bool {
    matches!(action, "sync" | "sync+restart")
}

/// `%q` of a `[]string`: `["web" "db"]`.
fn go_quoted(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    format!("[{}]", q.join(" "))
}

/// The watch itself (`composeService.watch` and `watchEvents`), shared by `watch` and `up --watch`.
pub(super) struct Watcher {
    project: Project,
    rules: Vec<Rule>,
    /// The trigger paths the host watcher follows.
    paths: Vec<String>,
    /// `WARN` lines to print when watching starts (bind-mounted sync paths).
    warnings: Vec<String>,
    /// The host's change cursor.
    seen: u64,
    /// The batch being gathered: each path once.
    pending: BTreeSet<String>,
    /// When the last change of the batch happened.
    last: SimTime,
    /// When compose started (logrus's `WARN[0042]` counts seconds from there).
    started: SimTime,
    /// Before each line: nothing for `watch`, the `⦿` column for `up --watch`.
    pub prefix: String,
    /// `--quiet`: no build output.
    quiet: bool,
    /// Work a batch left running: (job, whether its output is shown).
    work: Vec<(Box<dyn Job>, bool)>,
}

impl Watcher {
    /// Sets the rules up as `watch` does before its first event; `Err` is Compose's error.
    pub(super) fn new(cx: &Cx<'_>, project: &Project, services: &[String], quiet: bool) -> Result<Watcher, String> {
        let selected: BTreeSet<String> = if services.is_empty() {
            project.services.keys().cloned().collect()
        } else {
            with_dependencies(project, services).into_iter().collect()
        };
        let mut rules = Vec::new();
        let mut paths: Vec<String> = Vec::new();
        let mut warnings = Vec::new();
        for name in &selected {
            let Some(svc) = project.services.get(name) else { continue };
            let Some(develop) = &svc.develop else { continue };
            for t in &develop.watch {
                if t.action == "rebuild" && svc.build.is_none() {
                    return Err(format!("can't watch service {name:?} with action rebuild without a build context"));
                }
            }
            for t in &develop.watch {
                let bind_mounted =
                    svc.volumes.iter().any(|m| m.kind == "bind" && crate::fs::is_within(&t.path, &m.source));
                if is_sync(&t.action) && bind_mounted {
                    warnings.push(format!(
                        "path '{}' also declared by a bind mount volume, this path won't be monitored!",
                        t.path
                    ));
                    continue;
                }
                paths.push(t.path.clone());
            }
            // `LoadDockerIgnore`: `<Dockerfile>.dockerignore`, else the context's `.dockerignore`.
            let dockerignore: Option<(String, Vec<String>)> = svc.build.as_ref().map(|b| {
                let context = crate::fs::normalize(&project.working_dir, &b.context);
                let dockerfile = b.dockerfile.clone().unwrap_or_else(|| "Dockerfile".into());
                let read = |p: &str| cx.world.fs_read(Loc::Host, &crate::fs::normalize(&context, p)).ok();
                let text = read(&format!("{dockerfile}.dockerignore")).or_else(|| read(".dockerignore"));
                let text = text.map(|t| String::from_utf8_lossy(&t).into_owned()).unwrap_or_default();
                let lines = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string)
                    .collect();
                (context, lines)
            });
            for t in &develop.watch {
                rules.push(Rule {
                    service: name.clone(),
                    trigger: t.clone(),
                    include: (!t.include.is_empty()).then(|| Patterns::new(&t.path, &t.include)),
                    ignore: Patterns::new(&t.path, &t.ignore),
                    dockerignore: dockerignore.as_ref().map(|(root, lines)| Patterns::new(root, lines)),
                });
            }
        }
        if paths.is_empty() {
            // The warnings were logged while the rules were read, before the error.
            let mut text: String = warnings.iter().map(|w| format!("WARN[0000] {w}\n")).collect();
            text.push_str(
                "none of the selected services is configured for watch, consider setting a 'develop' section",
            );
            return Err(text);
        }
        let now = cx.now();
        Ok(Watcher {
            project: project.clone(),
            rules,
            paths,
            warnings,
            seen: 0,
            pending: BTreeSet::new(),
            last: now,
            started: now,
            prefix: String::new(),
            quiet,
            work: Vec::new(),
        })
    }

    /// `WARN[0042]`: seconds since compose started, as logrus's text formatter counts them.
    fn warn(&self, cx: &mut Cx<'_>, text: &str) {
        let secs = cx.now().since(self.started) / 1000;
        cx.io.errln(&format!("WARN[{secs:04}] {text}"));
    }

    fn log(&self, cx: &mut Cx<'_>, text: &str) {
        for line in text.split('\n') {
            cx.io.outln(&format!("{}{line}", self.prefix));
        }
    }

    /// Starts following the host's changes: the warnings, then `Watch enabled`.
    pub(super) fn start(&mut self, cx: &mut Cx<'_>) {
        self.seen = cx.world.host_changes_total();
        for w in std::mem::take(&mut self.warnings) {
            self.warn(cx, &w);
        }
        self.log(cx, "Watch enabled");
    }

    /// Runs what is due; the wake-up it needs next.
    pub(super) fn poll(&mut self, cx: &mut Cx<'_>) -> Wake {
        // Work a batch left (a recreate, an exec) runs first, as compose handles one batch at a time.
        while let Some((job, shown)) = self.work.first_mut() {
            let mut io = Io::default();
            let mut effects = Vec::new();
            let poll = if *shown {
                let mut sub =
                    Cx { world: cx.world, io: cx.io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
                job.poll(&mut sub)
            } else {
                let mut sub =
                    Cx { world: cx.world, io: &mut io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
                job.poll(&mut sub)
            };
            match poll {
                Poll::Done(_) => {
                    self.work.remove(0);
                }
                Poll::Pending(w) => return if w == Wake::Never { Wake::Change } else { w },
            }
        }
        let total = cx.world.host_changes_total();
        let mut fresh: Vec<(SimTime, String)> = Vec::new();
        for (at, path) in cx.world.host_changes_since(self.seen) {
            if self.paths.iter().any(|p| crate::fs::is_within(path, p)) {
                fresh.push((at, path.to_string()));
            }
        }
        self.seen = total;
        for (at, path) in fresh {
            self.last = self.last.max(at);
            self.pending.insert(path);
        }
        if self.pending.is_empty() {
            return Wake::Change;
        }
        let due = self.last.plus(QUIET_PERIOD_MS);
        if cx.now() < due {
            return Wake::At(due);
        }
        let batch: Vec<String> = std::mem::take(&mut self.pending).into_iter().collect();
        self.handle_batch(cx, &batch);
        if self.work.is_empty() {
            Wake::Change
        } else {
            self.poll(cx)
        }
    }

    /// `handleWatchBatch`: rebuilds first, then syncs, restarts and execs; services in name order
    /// (Go takes them from a map).
    fn handle_batch(&mut self, cx: &mut Cx<'_>, batch: &[String]) {
        let mut rebuild: BTreeSet<String> = BTreeSet::new();
        let mut sync: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let mut restart: BTreeSet<String> = BTreeSet::new();
        let mut exec: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for path in batch {
            for (i, rule) in self.rules.iter().enumerate() {
                let Some(target) = rule.matches(path) else { continue };
                let service = rule.service.clone();
                let mapping = (path.clone(), target);
                match rule.trigger.action.as_str() {
                    "rebuild" => {
                        rebuild.insert(service);
                    }
                    "sync" => sync.entry(service).or_default().push(mapping),
                    "restart" => {
                        restart.insert(service);
                    }
                    "sync+restart" => {
                        sync.entry(service.clone()).or_default().push(mapping);
                        restart.insert(service);
                    }
                    "sync+exec" => {
                        sync.entry(service.clone()).or_default().push(mapping);
                        exec.entry(service).or_default().insert(i);
                    }
                    _ => {}
                }
            }
        }
        if !rebuild.is_empty() {
            let services: Vec<String> = rebuild.into_iter().collect();
            if let Err(e) = self.rebuild(cx, &services) {
                self.warn(cx, &format!("Error handling changed files: {e}"));
                return;
            }
        }
        for (service, mappings) in &sync {
            self.log(cx, &format!("Syncing service {service:?} after {} changes were detected", mappings.len()));
            sync_files(cx, &self.project.name, service, mappings);
        }
        if !restart.is_empty() {
            let services: Vec<String> = restart.into_iter().collect();
            for s in &services {
                restart_service(cx, &self.project.name, s);
            }
            self.log(cx, &format!("service(s) {} restarted", go_quoted(&services)));
        }
        for (service, rules) in exec {
            for i in rules {
                let command = self.rules[i].trigger.exec.clone();
                for cid in service_containers(cx, &self.project.name, &service) {
                    if !cx.world.container(cid).is_some_and(|c| c.is_running()) {
                        continue;
                    }
                    let name = cx.world.container(cid).map(|c| c.name.clone()).unwrap_or_default();
                    let req = crate::docker::container::ExecRequest {
                        container: name,
                        cmd: command.clone(),
                        ..Default::default()
                    };
                    let job = crate::docker::container::exec_in(cx, req);
                    self.work.push((job, true));
                }
            }
        }
    }

    /// `composeService.rebuild`: build (BuildKit's plain display, each line through the watch
    /// logger), then recreate and start the services' containers.
    fn rebuild(&mut self, cx: &mut Cx<'_>, services: &[String]) -> Result<(), String> {
        let names = go_quoted(services);
        self.log(cx, &format!("Rebuilding service(s) {names} after changes were detected..."));
        for service in services {
            let mut io = Io::default();
            let result = {
                let mut sub =
                    Cx { world: cx.world, io: &mut io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: cx.effects };
                super::build::build_service_styled(&mut sub, &self.project, service, false, true)
            };
            let text = io.take_text();
            if !self.quiet {
                for line in text.strip_suffix('\n').unwrap_or(&text).split('\n') {
                    self.log(cx, line);
                }
            }
            if let Err(e) = result {
                self.log(cx, &format!("Build failed. Error: {e}"));
                return Err(e);
            }
        }
        self.log(cx, &format!("service(s) {names} successfully built"));
        let opts = super::UpOptions {
            detach: true,
            force_recreate: true,
            no_deps: true,
            services: services.to_vec(),
            ..Default::default()
        };
        let mut io = Io::default();
        let mut effects = Vec::new();
        let job = {
            let mut sub =
                Cx { world: cx.world, io: &mut io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
            super::up(&mut sub, self.project.clone(), opts)
        };
        self.work.push((job, false));
        Ok(())
    }
}

/// The service's containers, one-offs aside, in number order.
fn service_containers(cx: &Cx<'_>, project: &str, service: &str) -> Vec<Cid> {
    cx.world
        .compose_service_containers(project, service)
        .into_iter()
        .filter(|c| cx.world.container(*c).is_some_and(|c| !super::plan::is_oneoff(c)))
        .collect()
}

/// The tar syncer (`internal/sync/tar.go`): paths gone from the host are removed in each
/// container (`rm -rf`, an exec: running containers only), the others copied in (a directory
/// with what is below it), stopped containers too.
fn sync_files(cx: &mut Cx<'_>, project: &str, service: &str, mappings: &[(String, String)]) {
    for cid in service_containers(cx, project, service) {
        let running = cx.world.container(cid).is_some_and(|c| c.is_running());
        let loc = Loc::Container(cid);
        for (host, target) in mappings {
            if target.is_empty() {
                continue;
            }
            match cx.world.fs_node(Loc::Host, host) {
                None => {
                    if running {
                        let _ = cx.world.fs_remove(loc, target, true);
                    }
                }
                Some(crate::fs::Node::File(data)) => {
                    let _ = cx.world.fs_mkdir(loc, crate::fs::parent(target), true);
                    let _ = cx.world.fs_write(loc, target, &data, false);
                }
                Some(crate::fs::Node::Dir) => {
                    let _ = cx.world.fs_mkdir(loc, target, true);
                    if let Ok(snap) = cx.world.fs_snapshot(Loc::Host, host) {
                        let _ = cx.world.fs_write_snapshot(loc, target, &snap);
                    }
                }
            }
        }
    }
}

/// `composeService.restart` of one service: each container restarted by the daemon.
fn restart_service(cx: &mut Cx<'_>, project: &str, service: &str) {
    for cid in service_containers(cx, project, service) {
        if cx.world.container(cid).is_some_and(|c| c.is_running()) {
            cx.world.kill_container(cid, crate::process::Signal::Term);
            cx.world.stop_container(cid, Some(0), Some(crate::process::Signal::Kill));
        }
        cx.world.set_manually_stopped(cid, false);
        let _ = cx.world.start_container(cid);
    }
}

enum Phase {
    /// Building and starting the project first (not with `--no-up`).
    Up(Box<dyn Job>),
    Watching(Box<Watcher>),
}

/// `docker compose watch`.
struct Watch {
    project: Project,
    opts: WatchOptions,
    phase: Phase,
}

/// `docker compose watch`: `up` as `runWatch` asks it (services with both `build` and
/// `develop` are built every time — pull policy `build` —, then created and started as
/// `up -d` does), then the watch, in the foreground until Ctrl-C.
pub fn watch(cx: &mut Cx<'_>, project: Project, opts: WatchOptions) -> Box<dyn Job> {
    cx.effects.push(Effect::Detachable);
    if opts.no_up {
        return match Watcher::new(cx, &project, &opts.services, opts.quiet) {
            Ok(mut w) => {
                w.start(cx);
                Box::new(Watch { project, opts, phase: Phase::Watching(Box::new(w)) })
            }
            Err(e) => {
                cx.io.errln(&e);
                crate::process::done(1)
            }
        };
    }
    let wanted: Vec<String> = if opts.services.is_empty() {
        super::plan::start_order(&project)
    } else {
        with_dependencies(&project, &opts.services)
    };
    for name in super::plan::start_order(&project) {
        let svc = &project.services[&name];
        if !wanted.contains(&name) || svc.build.is_none() || svc.develop.is_none() {
            continue;
        }
        let mut io = Io::default();
        let result = {
            let mut sub =
                Cx { world: cx.world, io: &mut io, sh: cx.sh, lang: cx.lang, bin: cx.bin, effects: cx.effects };
            super::build::build_service(&mut sub, &project, &name)
        };
        if opts.quiet {
            // `--quiet` hides the build's output, not its error.
            io.take();
        } else {
            io.forward_to(cx.io);
        }
        if let Err(m) = result {
            cx.io.errln(&m);
            return crate::process::done(1);
        }
    }
    let up_opts = super::UpOptions { detach: true, services: opts.services.clone(), ..Default::default() };
    let job = super::up(cx, project.clone(), up_opts);
    Box::new(Watch { project, opts, phase: Phase::Up(job) })
}

impl Job for Watch {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        loop {
            match &mut self.phase {
                Phase::Up(job) => match job.poll(cx) {
                    Poll::Pending(w) => return Poll::Pending(w),
                    Poll::Done(0) => match Watcher::new(cx, &self.project, &self.opts.services, self.opts.quiet) {
                        Ok(mut w) => {
                            w.start(cx);
                            self.phase = Phase::Watching(Box::new(w));
                        }
                        Err(e) => {
                            cx.io.errln(&e);
                            return Poll::Done(1);
                        }
                    },
                    Poll::Done(code) => return Poll::Done(code),
                },
                Phase::Watching(w) => return Poll::Pending(w.poll(cx)),
            }
        }
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        match &mut self.phase {
            Phase::Up(job) => job.interrupt(cx),
            // The command's context is cancelled: the logger prints nothing more (`Watch
            // disabled` is dropped), the containers keep running, exit 130.
            Phase::Watching(_) => Poll::Done(130),
        }
    }

    fn runs_until_interrupted(&self) -> bool {
        matches!(self.phase, Phase::Watching(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_relative_to_their_root_and_match_parents() {
        let p = Patterns::new("/p", &["node_modules/".into(), "*.log".into(), "!keep.log".into()]);
        assert!(p.matches("/p/node_modules"));
        assert!(p.matches("/p/node_modules/x/y.js"));
        assert!(p.matches("/p/debug.log"));
        assert!(!p.matches("/p/keep.log"));
        assert!(!p.matches("/p/src/app.js"));
        assert!(!p.matches("/q/debug.log"));
        // A lone `*` keeps only the exceptions (v2.40.3's NewDockerPatternMatcher).
        let star = Patterns::new("/p", &["*".into()]);
        assert!(!star.matches("/p/a.txt"));
    }

    #[test]
    fn editors_temporary_files_are_ignored() {
        for p in ["/p/.app.py.swp", "/p/app.py~", "/p/4913", "/p/#app.py#", "/p/.#app.py", "/p/.idea/x.xml"] {
            assert!(ephemeral(p), "{p}");
        }
        for p in ["/p/app.py", "/p/.idea", "/p/src/main.rs"] {
            assert!(!ephemeral(p), "{p}");
        }
    }

    #[test]
    fn go_quotes_a_list_of_services() {
        assert_eq!(go_quoted(&["web".into()]), "[\"web\"]");
        assert_eq!(go_quoted(&["a".into(), "b".into()]), "[\"a\" \"b\"]");
    }
}
