//! `docker ps` / `docker container ls`: the table, `-a`, `-q`, `-n`,
//! `-l`, `--no-trunc`, `-f`, and `--format` with the common fields.

use super::args::{b, v, Parsed};
use super::{done, table, Cmd};
use crate::process::{Cx, Job};
use crate::time::human_duration;
use crate::world::container::{Container, Proto, Status};
use crate::world::World;

pub const COMMANDS: &[Cmd] = &[Cmd {
    path: "ps",
    aliases: &["container ls", "container list", "container ps"],
    usage: "ps [OPTIONS]",
    short: "List containers",
    flags: &[
        b("all", Some('a'), "Show all containers (default shows just running)"),
        v("filter", Some('f'), "filter", "Filter output based on conditions provided"),
        v("format", None, "string", "Format output using a custom template"),
        v("last", Some('n'), "int", "Show n last created containers (includes all states) (default -1)"),
        b("latest", Some('l'), "Show the latest created container (includes all states)"),
        b("no-trunc", None, "Don't truncate output"),
        b("quiet", Some('q'), "Only display container IDs"),
        b("size", Some('s'), "Display total file sizes"),
    ],
    stop_at_first_arg: false,
    min_args: 0,
    max_args: Some(0),
    run: ps,
}];

/// `"/docker-entrypoint.…"`: entrypoint + cmd, cut to 20 characters.
pub fn command_column(c: &Container, no_trunc: bool) -> String {
    // moby's container view: arguments with a space are single-quoted.
    let argv = c.argv();
    let full = match argv.split_first() {
        None => String::new(),
        Some((path, args)) => std::iter::once(path.clone())
            .chain(args.iter().map(|a| if a.contains(' ') { format!("'{a}'") } else { a.clone() }))
            .collect::<Vec<_>>()
            .join(" "),
    };
    // docker/cli: Ellipsis(command, 20), then strconv.Quote.
    let shown = if no_trunc || full.chars().count() <= 20 {
        full
    } else {
        let mut cut: String = full.chars().take(19).collect();
        cut.push('…');
        cut
    };
    format!("\"{}\"", shown.replace('\\', "\\\\").replace('"', "\\\""))
}

/// moby's `State.String()`.
pub fn status_column(c: &Container, world: &World) -> String {
    let now = world.now();
    match c.state.status {
        Status::Running => {
            let up = c.state.started_at.map(|s| now.since(s)).unwrap_or(0);
            let health = match &c.state.health {
                Some(crate::world::container::Health::Starting) => " (health: starting)",
                Some(crate::world::container::Health::Healthy) => " (healthy)",
                Some(crate::world::container::Health::Unhealthy) => " (unhealthy)",
                None => "",
            };
            format!("Up {}{health}", human_duration(up))
        }
        Status::Restarting => {
            let ago = c.state.finished_at.map(|f| now.since(f)).unwrap_or(0);
            format!("Restarting ({}) {} ago", c.state.exit_code, human_duration(ago))
        }
        Status::Created => "Created".into(),
        Status::Exited => {
            let ago = c.state.finished_at.map(|f| now.since(f)).unwrap_or(0);
            format!("Exited ({}) {} ago", c.state.exit_code, human_duration(ago))
        }
        Status::Dead => "Dead".into(),
    }
}

/// docker/cli's `DisplayablePorts`: ranges grouped, IPv4 then IPv6.
/// Only running containers have ports: a stopped one shows none (moby#19477).
pub fn ports_column(c: &Container) -> String {
    if !c.is_running() {
        return String::new();
    }
    let mut published: Vec<String> = Vec::new();
    let mut exposed_only: Vec<(u16, &'static str)> = Vec::new();
    if c.is_running() && !c.published.is_empty() {
        let mut v4 = Vec::new();
        let mut v6 = Vec::new();
        let mut sorted = c.published.clone();
        sorted.sort_by_key(|p| (p.container_port, p.host_port));
        for p in &sorted {
            let proto = p.proto.as_str();
            if p.host_ip.is_empty() || p.host_ip == "0.0.0.0" {
                v4.push(format!("0.0.0.0:{}->{}/{proto}", p.host_port, p.container_port));
                v6.push(format!("[::]:{}->{}/{proto}", p.host_port, p.container_port));
            } else {
                v4.push(format!("{}:{}->{}/{proto}", p.host_ip, p.host_port, p.container_port));
            }
        }
        published.extend(v4);
        published.extend(v6);
    }
    for e in &c.config.exposed {
        let (port, proto) = crate::world::lifecycle_parse_exposed(e);
        let is_published = c.is_running() && c.published.iter().any(|p| p.container_port == port && p.proto == proto);
        if !is_published {
            exposed_only.push((port, if proto == Proto::Udp { "udp" } else { "tcp" }));
        }
    }
    exposed_only.sort();
    exposed_only.dedup();
    // Group consecutive unpublished ports into ranges (`7473-7474/tcp`).
    let mut groups: Vec<String> = Vec::new();
    let mut i = 0;
    while i < exposed_only.len() {
        let (start, proto) = exposed_only[i];
        let mut end = start;
        while i + 1 < exposed_only.len() && exposed_only[i + 1].1 == proto && exposed_only[i + 1].0 == end + 1 {
            end += 1;
            i += 1;
        }
        groups.push(if start == end { format!("{start}/{proto}") } else { format!("{start}-{end}/{proto}") });
        i += 1;
    }
    groups.extend(published);
    groups.join(", ")
}

fn matches_filter(c: &Container, world: &World, filter: &str) -> bool {
    let (k, v) = filter.split_once('=').unwrap_or((filter, ""));
    match k {
        "name" => c.name.contains(v),
        "id" => c.id.starts_with(v),
        "status" => c.state.status.as_str() == v,
        "ancestor" => c.config.image == v || c.config.image.split(':').next() == Some(v),
        "exited" => c.state.status == Status::Exited && c.state.exit_code.to_string() == v,
        "network" => world
            .networks
            .values()
            .any(|n| (n.name == v || n.id.starts_with(v)) && c.networks.iter().any(|a| a.net == n.key)),
        "label" => {
            let (lk, lv) = v.split_once('=').map(|(a, b)| (a, Some(b))).unwrap_or((v, None));
            c.config.labels.iter().any(|(k2, v2)| k2 == lk && lv.is_none_or(|x| x == v2))
        }
        "volume" => c
            .host
            .mounts
            .iter()
            .any(|m| matches!(&m.kind, crate::world::container::MountKind::Volume(n) if n == v) || m.dest == v),
        "health" => c.state.health.as_ref().map(|h| h.as_str()) == Some(v),
        _ => true,
    }
}

/// Expands a Go template of `{{.Field}}` placeholders for one container.
fn format_row(tpl: &str, c: &Container, world: &World, no_trunc: bool) -> String {
    let mut out = tpl.replace("\\t", "\t").replace("\\n", "\n");
    let id = if no_trunc { c.id.clone() } else { c.short_id().to_string() };
    let created = crate::time::DateTime::at(c.created);
    let networks: Vec<String> =
        c.networks.iter().filter_map(|a| world.networks.get(&a.net).map(|n| n.name.clone())).collect();
    let mounts: Vec<String> = c
        .host
        .mounts
        .iter()
        .map(|m| match &m.kind {
            crate::world::container::MountKind::Volume(n) => {
                if n.len() > 15 {
                    n[..15].to_string() + "…"
                } else {
                    n.clone()
                }
            }
            crate::world::container::MountKind::Bind(p) => p.clone(),
            crate::world::container::MountKind::Tmpfs => m.dest.clone(),
        })
        .collect();
    let fields: [(&str, String); 13] = [
        ("{{.ID}}", id),
        ("{{.Names}}", c.name.clone()),
        ("{{.Image}}", c.config.image.clone()),
        ("{{.Command}}", command_column(c, no_trunc)),
        ("{{.Status}}", status_column(c, world)),
        ("{{.State}}", c.state.status.as_str().to_string()),
        ("{{.Ports}}", ports_column(c)),
        ("{{.RunningFor}}", format!("{} ago", human_duration(world.now().since(c.created)))),
        ("{{.CreatedAt}}", created.go_default()),
        ("{{.Networks}}", networks.join(",")),
        ("{{.Mounts}}", mounts.join(",")),
        ("{{.Labels}}", c.config.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")),
        ("{{.Size}}", "0B (virtual 0B)".into()),
    ];
    for (k, v) in fields {
        out = out.replace(k, &v).replace(&k.replace("{{.", "{{ .").replace("}}", " }}"), &v);
    }
    out
}

fn ps(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let all = p.has("all") || p.has("latest") || p.get("last").is_some();
    let no_trunc = p.has("no-trunc");
    let filters = p.all("filter");
    let world = &*cx.world;
    let mut list: Vec<&Container> = world
        .containers
        .values()
        .filter(|c| all || matches!(c.state.status, Status::Running | Status::Restarting))
        .filter(|c| filters.iter().all(|f| matches_filter(c, world, f)))
        .collect();
    list.reverse(); // newest first
    if p.has("latest") {
        list.truncate(1);
    }
    if let Some(n) = p.get("last").and_then(|n| n.parse::<i64>().ok()) {
        if n >= 0 {
            list.truncate(n as usize);
        }
    }
    let mut out = String::new();
    if p.has("quiet") {
        for c in &list {
            out.push_str(if no_trunc { &c.id } else { c.short_id() });
            out.push('\n');
        }
    } else if let Some(fmt) = p.get("format").filter(|f| *f != "table") {
        if let Some(tpl) = fmt.strip_prefix("table ") {
            let header = tpl
                .replace("{{.ID}}", "CONTAINER ID")
                .replace("{{.Names}}", "NAMES")
                .replace("{{.Image}}", "IMAGE")
                .replace("{{.Command}}", "COMMAND")
                .replace("{{.Status}}", "STATUS")
                .replace("{{.State}}", "STATE")
                .replace("{{.Ports}}", "PORTS")
                .replace("{{.RunningFor}}", "CREATED")
                .replace("{{.CreatedAt}}", "CREATED AT")
                .replace("{{.Networks}}", "NETWORKS")
                .replace("{{.Mounts}}", "MOUNTS")
                .replace("{{.Labels}}", "LABELS")
                .replace("\\t", "\t");
            let mut rows = vec![header.split('\t').map(|s| s.to_string()).collect::<Vec<_>>()];
            for c in &list {
                rows.push(format_row(tpl, c, world, no_trunc).split('\t').map(|s| s.to_string()).collect());
            }
            out = table::render(&rows);
        } else if fmt == "json" || fmt == "{{json .}}" {
            for c in &list {
                out.push_str(&format!(
                    "{{\"Command\":{:?},\"CreatedAt\":{:?},\"ID\":{:?},\"Image\":{:?},\"Names\":{:?},\"Ports\":{:?},\"State\":{:?},\"Status\":{:?}}}\n",
                    command_column(c, no_trunc),
                    crate::time::DateTime::at(c.created).go_default(),
                    c.short_id(),
                    c.config.image,
                    c.name,
                    ports_column(c),
                    c.state.status.as_str(),
                    status_column(c, world)
                ));
            }
        } else {
            for c in &list {
                out.push_str(&format_row(fmt, c, world, no_trunc));
                out.push('\n');
            }
        }
    } else {
        let mut rows = vec![["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()];
        for c in &list {
            rows.push(vec![
                if no_trunc { c.id.clone() } else { c.short_id().to_string() },
                c.config.image.clone(),
                command_column(c, no_trunc),
                format!("{} ago", human_duration(world.now().since(c.created))),
                status_column(c, world),
                ports_column(c),
                c.name.clone(),
            ]);
        }
        out = table::render(&rows);
    }
    cx.io.out(&out);
    done(0)
}
