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
            if c.is_paused() {
                return format!("Up {} (Paused)", human_duration(up));
            }
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
/// docker/cli's `DisplayablePorts`, step for step. The daemon lists each port once per
/// host address (`0.0.0.0` and `::` for an all-interfaces binding, none when only
/// exposed); entries are sorted by (private port, address, public port, protocol);
/// "same number" entries are grouped into ranges per address/protocol, a group being
/// written out when a gap ends it and the rest in the order their keys first appeared;
/// mappings to another host port come last. Only running containers have ports
/// (moby#19477).
pub fn ports_column(c: &Container) -> String {
    if !c.is_running() {
        return String::new();
    }
    // (private, address order, address, public, proto); address order: none < IPv4 < IPv6.
    let mut entries: Vec<(u16, u8, String, u16, &'static str)> = Vec::new();
    for p in &c.published {
        let proto = p.proto.as_str();
        if p.host_ip.is_empty() || p.host_ip == "0.0.0.0" {
            entries.push((p.container_port, 1, "0.0.0.0".into(), p.host_port, proto));
            entries.push((p.container_port, 2, "::".into(), p.host_port, proto));
        } else {
            let order = if p.host_ip.contains(':') { 2 } else { 1 };
            entries.push((p.container_port, order, p.host_ip.clone(), p.host_port, proto));
        }
    }
    for e in &c.config.exposed {
        let (port, proto) = crate::world::lifecycle_parse_exposed(e);
        if !c.published.iter().any(|p| p.container_port == port && p.proto == proto) {
            entries.push((port, 0, String::new(), 0, if proto == Proto::Udp { "udp" } else { "tcp" }));
        }
    }
    crate::sort::sort_by(&mut entries, |a, b| (a.0, a.1, &a.2, a.3, a.4).cmp(&(b.0, b.1, &b.2, b.3, b.4)));
    entries.dedup();
    let join_host =
        |ip: &str, port: &str| if ip.contains(':') { format!("[{ip}]:{port}") } else { format!("{ip}:{port}") };
    let form = |key: &(String, &'static str), first: u16, last: u16| {
        let range = if first == last { first.to_string() } else { format!("{first}-{last}") };
        if key.0.is_empty() {
            format!("{range}/{}", key.1)
        } else {
            format!("{}->{range}/{}", join_host(&key.0, &range), key.1)
        }
    };
    let mut groups: Vec<((String, &'static str), u16, u16)> = Vec::new();
    let mut result: Vec<String> = Vec::new();
    let mut host_mappings: Vec<String> = Vec::new();
    for (private, _, ip, public, proto) in entries {
        if !ip.is_empty() && public != private {
            host_mappings.push(format!("{}->{private}/{proto}", join_host(&ip, &public.to_string())));
            continue;
        }
        let key = (ip, proto);
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            None => groups.push((key, private, private)),
            Some(g) if private == g.2.wrapping_add(1) => g.2 = private,
            Some(g) => {
                result.push(form(&g.0, g.1, g.2));
                g.1 = private;
                g.2 = private;
            }
        }
    }
    for (key, first, last) in &groups {
        result.push(form(key, *first, *last));
    }
    result.extend(host_mappings);
    result.join(", ")
}

fn matches_filter(c: &Container, world: &World, filter: &str) -> bool {
    let (k, v) = filter.split_once('=').unwrap_or((filter, ""));
    match k {
        "name" => c.name.contains(v),
        "id" => c.id.starts_with(v),
        "status" => c.state_str() == v,
        "ancestor" => c.config.image == v || c.config.image.split(':').next() == Some(v),
        "exited" => c.state.status == Status::Exited && c.state.exit_code.to_string() == v,
        "network" => world
            .networks()
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

/// docker/cli's `formatter.Ellipsis` for ASCII text: at most `max` characters, the last "…".
pub(crate) fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    s.chars().take(max.saturating_sub(1)).chain(std::iter::once('…')).collect()
}

/// Expands a Go template of `{{.Field}}` placeholders for one container.
pub(crate) fn format_row(tpl: &str, c: &Container, world: &World, no_trunc: bool) -> String {
    let mut out = tpl.replace("\\t", "\t").replace("\\n", "\n");
    let id = if no_trunc { c.id.clone() } else { c.short_id().to_string() };
    let created = crate::time::DateTime::at(c.created);
    let networks: Vec<String> =
        c.networks.iter().filter_map(|a| world.networks().get(&a.net).map(|n| n.name.clone())).collect();
    let mounts: Vec<String> = c
        .host
        .mounts
        .iter()
        .map(|m| match &m.kind {
            // docker/cli's `Ellipsis(name, 15)`: 14 characters and "…".
            crate::world::container::MountKind::Volume(n) => ellipsis(n, 15),
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
        ("{{.State}}", c.state_str().to_string()),
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
        .containers()
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
                    c.state_str(),
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
