//! `docker stats` (docker/cli v28.2.2 `cli/command/container/stats.go`,
//! `formatter_stats.go`): a table of each container's usage, from
//! [`World::usage`](crate::world::World::usage). Without names it follows
//! the running containers (with `-a` all of them): rows start in `docker ps`
//! order, containers that start later are appended, ones that die drop out
//! (not with `-a`). Named containers that do not exist fail first, all errors
//! joined. The first table comes once a sample is in (the daemon samples
//! every second) and the CLI's 500 ms ticker fires; streaming redraws it
//! every tick until Ctrl-C, `--no-stream` prints it once.
//!
//! The real CLI redraws by moving the cursor home (`\x1b[H`) and erasing
//! line ends; the page's screen only knows clearing, so each frame here is
//! a clear (`\x1b[H\x1b[2J`) and the table — what a reader sees is the same.

use super::args::{b, v, Parsed};
use super::templates::{self, ListFormat, Struct, Value, LIST_FORMAT_HELP};
use super::{done, Cmd};
use crate::process::{Cx, Effect, Job, Poll, Wake};
use crate::time::SimTime;
use crate::world::usage::Usage;
use crate::world::{Cid, Status};

pub const COMMANDS: &[Cmd] = &[Cmd {
    path: "stats",
    aliases: &["container stats"],
    usage: "stats [OPTIONS] [CONTAINER...]",
    short: "Display a live stream of container(s) resource usage statistics",
    flags: &[
        b("all", Some('a'), "Show all containers (default shows just running)"),
        v("format", None, "string", LIST_FORMAT_HELP),
        b("no-stream", None, "Disable streaming stats and only pull the first result"),
        b("no-trunc", None, "Do not truncate output"),
    ],
    stop_at_first_arg: false,
    min_args: 0,
    max_args: None,
    run: stats,
}];

/// `defaultStatsTableFormat` and the headers of `statsFormatWrite` (Linux).
const FORMAT: ListFormat<'static> = ListFormat {
    table: "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}",
    // stats has no quiet or raw form: "raw" is a template that prints itself.
    quiet: "raw",
    raw: "raw",
    raw_quiet: "raw",
    header: &[
        ("Container", "CONTAINER"),
        ("Name", "NAME"),
        ("ID", "CONTAINER ID"),
        ("CPUPerc", "CPU %"),
        ("MemUsage", "MEM USAGE / LIMIT"),
        ("MemPerc", "MEM %"),
        ("NetIO", "NET I/O"),
        ("BlockIO", "BLOCK I/O"),
        ("PIDs", "PIDS"),
    ],
};

/// The first sample needs one collection interval, then the CLI's ticker fires.
const FIRST_SAMPLE_MS: u64 = 1_000;
const TICK_MS: u64 = 500;

/// One row: the container as asked for (`Container`), and what was last known of it.
struct Row {
    cid: Cid,
    asked: String,
    id: String,
    name: String,
}

struct Stats {
    rows: Vec<Row>,
    /// No names given: follow containers as they start and die.
    show_all: bool,
    all: bool,
    trunc: bool,
    format: String,
    stream: bool,
    next: SimTime,
}

fn stats(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let show_all = p.args.is_empty();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for name in &p.args {
        match cx.world.lookup_container(name) {
            Ok(cid) => {
                if let Some(c) = cx.world.container(cid) {
                    if !rows.iter().any(|r: &Row| r.asked == *name) {
                        rows.push(Row { cid, asked: name.clone(), id: c.id.clone(), name: c.name.clone() });
                    }
                }
            }
            Err(e) => errors.push(format!("Error response from daemon: {e}")),
        }
    }
    if !errors.is_empty() {
        cx.io.errln(&errors.join("\n"));
        return done(1);
    }
    let mut job = Stats {
        rows,
        show_all,
        all: p.has("all"),
        trunc: !p.has("no-trunc"),
        format: p.get("format").unwrap_or("").to_string(),
        stream: !p.has("no-stream"),
        next: cx.now().plus(FIRST_SAMPLE_MS + TICK_MS),
    };
    if show_all {
        // `ContainerList` order: newest first.
        let listed: Vec<Cid> =
            cx.world.containers().values().rev().filter(|c| job.follows(c.state.status)).map(|c| c.key).collect();
        for cid in listed {
            job.add(cx, cid);
        }
    }
    Box::new(job)
}

impl Stats {
    fn follows(&self, status: Status) -> bool {
        self.all || status == Status::Running
    }

    fn add(&mut self, cx: &Cx<'_>, cid: Cid) {
        if let Some(c) = cx.world.container(cid) {
            let short = c.id.get(..12).unwrap_or(&c.id).to_string();
            self.rows.push(Row { cid, asked: short, id: c.id.clone(), name: c.name.clone() });
        }
    }

    /// The event handler's work: started containers join, dead ones leave (not with `-a`).
    fn follow_changes(&mut self, cx: &Cx<'_>) {
        if !self.show_all {
            return;
        }
        let all = self.all;
        self.rows.retain(|r| all || cx.world.container(r.cid).is_some_and(|c| c.is_running()));
        let new: Vec<Cid> = cx
            .world
            .containers()
            .values()
            .filter(|c| self.follows(c.state.status) && !self.rows.iter().any(|r| r.cid == c.key))
            .map(|c| c.key)
            .collect();
        for cid in new {
            self.add(cx, cid);
        }
    }

    fn render(&mut self, cx: &Cx<'_>) -> Result<String, String> {
        let mut values = Vec::new();
        for r in &mut self.rows {
            // A container removed meanwhile keeps its row with no values (`IsInvalid`).
            let usage = cx.world.container(r.cid).filter(|c| c.id == r.id).map(|c| {
                r.name = c.name.clone();
                cx.world.usage(c)
            });
            values.push(row_value(r, usage.as_ref(), self.trunc));
        }
        templates::write_list(&FORMAT, &self.format, false, &values)
    }
}

impl Job for Stats {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if cx.now() < self.next {
            return Poll::Pending(Wake::At(self.next));
        }
        self.follow_changes(cx);
        let text = match self.render(cx) {
            Ok(t) => t,
            Err(e) => {
                cx.io.errln(&e);
                return Poll::Done(1);
            }
        };
        if self.stream {
            cx.io.out("\x1b[H\x1b[2J");
            cx.effects.push(Effect::Clear);
        }
        cx.io.out(&text);
        if !self.stream || (self.rows.is_empty() && !self.show_all) {
            return Poll::Done(0);
        }
        self.next = cx.now().plus(TICK_MS);
        Poll::Pending(Wake::At(self.next))
    }

    fn runs_until_interrupted(&self) -> bool {
        self.stream
    }
}

/// docker/cli's `statsContext`, its methods in the order `{{json .}}` sorts them.
fn row_value(r: &Row, usage: Option<&Usage>, trunc: bool) -> Value {
    let id = if trunc { r.id.get(..12).unwrap_or(&r.id) } else { &r.id };
    // strconv.FormatFloat(val, 'f', 2, 64) + "%"
    let percent = |x: f64| format!("{x:.2}%");
    let (cpu, mem_usage, mem_perc, net, block, pids) = match usage {
        None => ("--".into(), "-- / --".into(), "--".into(), "--".into(), "--".into(), "--".into()),
        Some(u) => (
            percent(u.cpu_percent),
            format!(
                "{} / {}",
                templates::formatter::bytes_size(u.memory),
                templates::formatter::bytes_size(u.memory_limit)
            ),
            percent(u.memory_percent()),
            format!("{} / {}", size3(u.net_rx), size3(u.net_tx)),
            format!("{} / {}", size3(u.block_read), size3(u.block_write)),
            u.pids.to_string(),
        ),
    };
    Struct::new("*container.statsContext")
        .field("BlockIO", Value::str(block))
        .field("CPUPerc", Value::str(cpu))
        .field("Container", Value::str(&r.asked))
        .field("ID", Value::str(id))
        .field("MemPerc", Value::str(mem_perc))
        .field("MemUsage", Value::str(mem_usage))
        .field("Name", Value::str(if r.name.is_empty() { "--" } else { &r.name }))
        .field("NetIO", Value::str(net))
        .field("PIDs", Value::str(pids))
        .into_value()
}

fn size3(n: u64) -> String {
    templates::formatter::human_size_precision(n, 3)
}
