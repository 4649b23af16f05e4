//! Running a Compose project on the simulator: `up`, `down`, `ps`, `logs`,
//! `start`, `stop`, `restart`. The loading half (`crate::compose`) turns
//! files into a typed [`Project`]; this half turns services into networks,
//! volumes and containers in dependency order, waiting where `depends_on`
//! says so (`service_healthy`, `service_completed_successfully`) — and only
//! there: a plain `depends_on` orders starts but never waits for readiness.

mod build;
pub mod cli;
mod command_table;
pub mod commands;
mod config;
mod down;
mod hash;
mod plan;
mod progress;
mod ps_format;
mod spec;
mod up;
mod watch;

pub use build::build_service;
pub use commands::{flag_names, root_flag_takes_value, subcommands};
pub use down::{down, stop_project, DownOptions};
pub use plan::{containers_of, start_order};
pub use up::{up, UpOptions};
pub use watch::{watch, WatchOptions, QUIET_PERIOD_MS};

use crate::compose::project::Project;
use crate::docker::table;
use crate::process::{Cx, Finished, Job, Poll, Wake};
use crate::world::{Cid, Status};

/// `docker compose ps [-a] [-q] [--services] [--format table|json|TEMPLATE]`.
pub fn ps(
    cx: &mut Cx<'_>,
    project: &Project,
    all: bool,
    quiet: bool,
    format: &str,
    services: &[String],
) -> Box<dyn Job> {
    // `cmd/compose/ps.go` sorts by name.
    let mut cids = containers_of(cx.world, &project.name);
    crate::sort::sort_by_key(&mut cids, |c| cx.world.container(*c).map(|c| c.name.clone()));
    let world = &*cx.world;
    let shown: Vec<&crate::world::container::Container> = cids
        .iter()
        .filter_map(|cid| world.container(*cid))
        .filter(|c| {
            let service = c.compose.as_ref().map(|(_, s)| s.as_str()).unwrap_or_default();
            (services.is_empty() || services.iter().any(|s| s == service))
                && !plan::is_oneoff(c)
                && (all || matches!(c.state.status, Status::Running | Status::Restarting))
        })
        .collect();
    let mut out = String::new();
    if quiet {
        for c in &shown {
            out.push_str(&c.id);
            out.push('\n');
        }
    } else if format == "json" || format == "{{json .}}" {
        for c in &shown {
            out.push_str(&ps_format::json(c, world));
            out.push('\n');
        }
    } else if format == "table" || format.is_empty() {
        let mut rows = vec!["NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS".split(' ').map(String::from).collect()];
        for c in &shown {
            rows.push(vec![
                c.name.clone(),
                c.config.image.clone(),
                crate::docker::ps::command_column(c, false),
                c.compose.as_ref().map(|(_, s)| s.clone()).unwrap_or_default(),
                format!("{} ago", crate::time::human_duration(world.now().since(c.created))),
                crate::docker::ps::status_column(c, world),
                crate::docker::ps::ports_column(c),
            ]);
        }
        out = table::render(&rows);
    } else if let Some(tpl) = format.strip_prefix("table ") {
        let mut rows = vec![ps_format::header(tpl).split('\t').map(String::from).collect::<Vec<_>>()];
        for c in &shown {
            rows.push(ps_format::row(tpl, c, world).split('\t').map(String::from).collect());
        }
        out = table::render(&rows);
    } else {
        for c in &shown {
            out.push_str(&ps_format::row(format, c, world));
            out.push('\n');
        }
    }
    cx.io.out(&out);
    Box::new(Finished(0))
}

/// The `service-1  | ` prefix of attached output and `compose logs`.
pub fn log_prefix(project: &str, container: &str, width: usize) -> String {
    let short = container.strip_prefix(&format!("{project}-")).unwrap_or(container);
    format!("{short:<width$} | ")
}

fn prefix_width(project: &str, names: &[String]) -> usize {
    names.iter().map(|n| n.strip_prefix(&format!("{project}-")).unwrap_or(n).chars().count()).max().unwrap_or(0) + 1
}

/// How `docker compose logs` prints: `-f`, `--tail N` (the last N lines of each container; `all`,
/// a negative or an unreadable number mean all, as the daemon's `strconv.Atoi` fallback does),
/// `--since`/`--until` (the client's `GetTimestamp`, the daemon's window), `--index` (one
/// replica), `--no-log-prefix`, `-t` (the daemon's timestamp before each line).
#[derive(Clone, Debug, Default)]
pub struct LogsOptions {
    pub follow: bool,
    pub tail: Option<usize>,
    pub no_prefix: bool,
    pub timestamps: bool,
    pub since: Option<String>,
    pub until: Option<String>,
    /// `--index N` (N > 0): the service's container number N only.
    pub index: Option<i64>,
}

/// `docker compose logs [-f] [--tail N] [--since T] [--until T] [--index N] [--no-log-prefix]
/// [SERVICE…]` (compose `pkg/compose/logs.go`).
pub fn logs(cx: &mut Cx<'_>, project: &Project, services: &[String], opts: LogsOptions) -> Box<dyn Job> {
    let follow = opts.follow;
    // `oneOffExclude`: `compose run`'s containers are not shown.
    let mut cids: Vec<Cid> = containers_of(cx.world, &project.name)
        .into_iter()
        .filter(|cid| {
            cx.world.container(*cid).is_some_and(|c| {
                // No service named: the file's services only (an orphan's logs are not shown).
                !plan::is_oneoff(c)
                    && c.compose.as_ref().is_some_and(|(_, s)| {
                        if services.is_empty() {
                            project.services.contains_key(s)
                        } else {
                            services.contains(s)
                        }
                    })
            })
        })
        .collect();
    if let Some(n) = opts.index {
        // `getSpecifiedContainer`: the one service's container with that number.
        let number = n.to_string();
        cids.retain(|cid| {
            cx.world
                .container(*cid)
                .is_some_and(|c| plan::label(c, "com.docker.compose.container-number") == Some(number.as_str()))
        });
        if cids.is_empty() {
            let service = services.first().map(String::as_str).unwrap_or_default();
            cx.io.errln(&format!("service \"{service}\" is not running container #{n}"));
            return Box::new(Finished(1));
        }
        cids.truncate(1);
    }
    // Each container's log request parses `--since`/`--until` (so no container, no error).
    let window = match crate::docker::logs::Window::parse(opts.since.as_deref(), opts.until.as_deref(), cx.world.now())
    {
        Ok(w) => w,
        Err(e) if !cids.is_empty() => {
            cx.io.errln(&e);
            return Box::new(Finished(1));
        }
        Err(_) => crate::docker::logs::Window::default(),
    };
    let names: Vec<String> = cids.iter().filter_map(|c| cx.world.container(*c).map(|c| c.name.clone())).collect();
    let width = prefix_width(&project.name, &names);
    let mut stream = LogStream {
        project: project.name.clone(),
        cursors: vec![0; cids.len()],
        windows: vec![window; cids.len()],
        ended: vec![false; cids.len()],
        cids,
        width,
        prefix: !opts.no_prefix,
        timestamps: opts.timestamps,
    };
    stream.flush_with_tail(cx, opts.tail);
    // Muelle's word on why a service last stopped (translated), once per reason.
    let mut said: Vec<String> = Vec::new();
    for name in &names {
        if let Some(cause) = cx.world.last_exit_cause(name).filter(|c| c.worth_explaining()) {
            let text = crate::i18n::explain_exit(cx.world, name, cause, cx.lang);
            if !said.contains(&text) {
                said.push(text.clone());
                cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Text(text)));
            }
        }
    }
    if follow {
        Box::new(FollowLogs::new(cx, stream, services.to_vec()))
    } else {
        Box::new(Finished(0))
    }
}

/// `docker compose logs -f`: the log streams plus compose's container monitor
/// (`pkg/compose/monitor.go`): every container of the selected services that existed when it
/// started (stopped ones too) is watched; an exit prints `web-1 exited with code 0` (with
/// ` (restarting)` when the restart policy brings it back, `printer.go`) and, unless it
/// restarts, stops the watch; a container started later is followed from then on. The command
/// ends when nothing is watched any more — never, then, while a container that was already
/// stopped is watched (it dies no more), until Ctrl-C.
struct FollowLogs {
    stream: LogStream,
    services: Vec<String>,
    watched: Vec<String>,
    events_seen: u64,
}

impl FollowLogs {
    fn new(cx: &mut Cx<'_>, stream: LogStream, services: Vec<String>) -> FollowLogs {
        let watched = stream.cids.iter().filter_map(|c| cx.world.container(*c).map(|c| c.name.clone())).collect();
        FollowLogs { stream, services, watched, events_seen: cx.world.log().total() }
    }

    /// A container of the project and its selected services, not a one-off.
    fn selected(&self, c: &crate::world::container::Container) -> bool {
        c.compose
            .as_ref()
            .is_some_and(|(p, s)| *p == self.stream.project && (self.services.is_empty() || self.services.contains(s)))
            && !plan::is_oneoff(c)
    }
}

impl Job for FollowLogs {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let new = cx.world.log().since(self.events_seen).to_vec();
        self.events_seen = cx.world.log().total();
        // A container started since (a new replica, a recreated one) is followed from now.
        for e in &new {
            let crate::events::EventKind::ContainerStarted { name } = &e.kind else { continue };
            let Some(c) = cx.world.container_by_name(name) else { continue };
            if self.selected(c) && !self.stream.cids.contains(&c.key) {
                let (cid, name) = (c.key, c.name.clone());
                self.stream.cids.push(cid);
                self.stream.cursors.push(0);
                self.stream.windows.push(crate::docker::logs::Window::default());
                self.stream.ended.push(false);
                if !self.watched.contains(&name) {
                    self.watched.push(name);
                }
            }
        }
        self.stream.flush(cx);
        for (i, e) in new.iter().enumerate() {
            let crate::events::EventKind::ContainerExited { name, code, .. } = &e.kind else { continue };
            if !self.watched.contains(name) {
                continue;
            }
            let restarting = new[i + 1..].iter().any(
                |later| matches!(&later.kind, crate::events::EventKind::ContainerRestarting { name: n, .. } if n == name),
            );
            let short = name.strip_prefix(&format!("{}-", self.stream.project)).unwrap_or(name);
            let tail = if restarting { " (restarting)" } else { "" };
            cx.io.outln(&format!("{short} exited with code {code}{tail}"));
            if !restarting {
                self.watched.retain(|n| n != name);
            }
        }
        if self.watched.is_empty() {
            return Poll::Done(0);
        }
        Poll::Pending(Wake::Change)
    }
    fn runs_until_interrupted(&self) -> bool {
        true
    }
}

/// Prints the prefixed log lines of several containers as they come.
pub(crate) struct LogStream {
    pub project: String,
    pub cids: Vec<Cid>,
    pub cursors: Vec<usize>,
    /// Each container's `--since`/`--until` window (an attached `up` has none).
    pub windows: Vec<crate::docker::logs::Window>,
    /// Containers whose reader met a line past `--until`: nothing more of them is printed.
    pub ended: Vec<bool>,
    pub width: usize,
    /// `service-1  | ` before each line (`--no-log-prefix` turns it off).
    pub prefix: bool,
    /// The daemon's timestamp after the prefix (`-t`).
    pub timestamps: bool,
}

impl LogStream {
    /// A stream of these containers from their next line on, without a window.
    pub fn new(project: &str, cids: Vec<Cid>, cursors: Vec<usize>, width: usize) -> LogStream {
        let n = cids.len();
        LogStream {
            project: project.to_string(),
            cids,
            cursors,
            windows: vec![crate::docker::logs::Window::default(); n],
            ended: vec![false; n],
            width,
            prefix: true,
            timestamps: false,
        }
    }

    /// Prints new lines; lines of different containers interleave by time.
    pub fn flush(&mut self, cx: &mut Cx<'_>) {
        self.flush_with_tail(cx, None);
    }

    /// The first read takes the last `tail` lines of each container.
    fn flush_with_tail(&mut self, cx: &mut Cx<'_>, tail: Option<usize>) {
        let mut pending: Vec<(crate::time::SimTime, usize, String, crate::world::container::Stream)> = Vec::new();
        for (i, cid) in self.cids.iter().enumerate() {
            let Some(c) = cx.world.container(*cid) else { continue };
            if self.ended.get(i).copied().unwrap_or(false) {
                self.cursors[i] = c.logs.len();
                continue;
            }
            let prefix = if self.prefix { log_prefix(&self.project, &c.name, self.width) } else { String::new() };
            let window = self.windows.get(i).copied().unwrap_or_default();
            let (picked, past_end) = crate::docker::logs::select(&c.logs, self.cursors[i], tail, &window);
            if !picked.is_empty() {
                if let Some(w) = self.windows.get_mut(i) {
                    w.since = None;
                }
            }
            for l in picked {
                let line = format!("{prefix}{}", crate::docker::logs::log_line(l, self.timestamps));
                pending.push((l.at, i, line, l.stream));
            }
            if past_end {
                if let Some(e) = self.ended.get_mut(i) {
                    *e = true;
                }
            }
            self.cursors[i] = c.logs.len();
        }
        crate::sort::sort_by_key(&mut pending, |(t, i, _, _)| (*t, *i));
        for (_, _, line, stream) in pending {
            crate::docker::logs::print(cx.io, &line, stream);
        }
    }
}
