//! `docker compose ps --format`: `json` (one object per line, the fields of
//! compose's `ContainerContext` in Go's sorted-key order) and Go templates
//! over the same fields (`{{.Name}} {{.Service}} {{.State}}`…), as
//! `cmd/formatter/container.go` of Compose v2.40 defines them.

use crate::docker::templates::value::json_quote as json_string;
use crate::world::container::Container;
use crate::world::World;

/// The containers' published and exposed ports as compose's `Publishers`,
/// sorted as `api.PortPublishers` sorts them (URL, target, published, protocol).
fn publishers(c: &Container) -> Vec<(String, u16, u16, &'static str)> {
    let mut out = Vec::new();
    if !c.is_running() {
        return out;
    }
    for p in &c.published {
        let proto = p.proto.as_str();
        if p.host_ip.is_empty() || p.host_ip == "0.0.0.0" {
            out.push(("0.0.0.0".to_string(), p.container_port, p.host_port, proto));
            out.push(("::".to_string(), p.container_port, p.host_port, proto));
        } else {
            out.push((p.host_ip.clone(), p.container_port, p.host_port, proto));
        }
    }
    for e in &c.config.exposed {
        let (port, proto) = crate::world::lifecycle_parse_exposed(e);
        if !c.published.iter().any(|p| p.container_port == port && p.proto == proto) {
            out.push((String::new(), port, 0, proto.as_str()));
        }
    }
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

fn service(c: &Container) -> &str {
    c.compose.as_ref().map(|(_, s)| s.as_str()).unwrap_or_default()
}

fn project(c: &Container) -> &str {
    c.compose.as_ref().map(|(p, _)| p.as_str()).unwrap_or_default()
}

fn health(c: &Container) -> &'static str {
    c.state.health.as_ref().map(|h| h.as_str()).unwrap_or("")
}

/// `{{json .}}` of one container.
pub fn json(c: &Container, world: &World) -> String {
    let pubs: Vec<String> = publishers(c)
        .iter()
        .map(|(url, target, published, proto)| {
            format!(
                "{{\"URL\":{},\"TargetPort\":{target},\"PublishedPort\":{published},\"Protocol\":{}}}",
                json_string(url),
                json_string(proto)
            )
        })
        .collect();
    let networks: Vec<String> =
        c.networks.iter().filter_map(|a| world.networks().get(&a.net).map(|n| n.name.clone())).collect();
    let labels: Vec<String> = c.config.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let local_volumes =
        c.host.mounts.iter().filter(|m| matches!(m.kind, crate::world::container::MountKind::Volume(_))).count();
    let fields: Vec<(&str, String)> = vec![
        ("Command", json_string(&crate::docker::ps::command_column(c, false))),
        ("CreatedAt", json_string(&crate::time::DateTime::at(c.created).go_default())),
        ("ExitCode", c.state.exit_code.to_string()),
        ("Health", json_string(health(c))),
        ("ID", json_string(c.short_id())),
        ("Image", json_string(&c.config.image)),
        ("Labels", json_string(&labels.join(","))),
        ("LocalVolumes", json_string(&local_volumes.to_string())),
        ("Mounts", json_string(&mounts(c).join(","))),
        ("Name", json_string(&c.name)),
        ("Names", json_string(&c.name)),
        ("Networks", json_string(&networks.join(","))),
        ("Ports", json_string(&crate::docker::ps::ports_column(c))),
        ("Project", json_string(project(c))),
        ("Publishers", format!("[{}]", pubs.join(","))),
        ("RunningFor", json_string(&format!("{} ago", crate::time::human_duration(world.now().since(c.created))))),
        ("Service", json_string(service(c))),
        ("Size", json_string("0B")),
        ("State", json_string(c.state_str())),
        ("Status", json_string(&crate::docker::ps::status_column(c, world))),
    ];
    let body: Vec<String> = fields.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", body.join(","))
}

fn mounts(c: &Container) -> Vec<String> {
    c.host
        .mounts
        .iter()
        .map(|m| match &m.kind {
            crate::world::container::MountKind::Volume(n) => n.clone(),
            crate::world::container::MountKind::Bind(p) => p.clone(),
            crate::world::container::MountKind::Tmpfs => m.dest.clone(),
        })
        // `ps` truncates unless `--no-trunc`.
        .map(|name| crate::docker::ps::ellipsis(&name, 15))
        .collect()
}

/// The fields only compose's context has, then `docker ps`'s for the rest.
pub fn row(tpl: &str, c: &Container, world: &World) -> String {
    let own: [(&str, String); 5] = [
        ("Name", c.name.clone()),
        ("Service", service(c).to_string()),
        ("Project", project(c).to_string()),
        ("Health", health(c).to_string()),
        ("ExitCode", c.state.exit_code.to_string()),
    ];
    let mut out = tpl.to_string();
    for (k, v) in own {
        out = out.replace(&format!("{{{{.{k}}}}}"), &v).replace(&format!("{{{{ .{k} }}}}"), &v);
    }
    crate::docker::ps::format_row(&out, c, world, false)
}

/// The header line of a `table …` template: each field's column title.
pub fn header(tpl: &str) -> String {
    const TITLES: &[(&str, &str)] = &[
        ("ID", "CONTAINER ID"),
        ("Name", "NAME"),
        ("Names", "NAMES"),
        ("Project", "PROJECT"),
        ("Service", "SERVICE"),
        ("Image", "IMAGE"),
        ("Command", "COMMAND"),
        ("CreatedAt", "CREATED AT"),
        ("RunningFor", "CREATED"),
        ("Ports", "PORTS"),
        ("State", "STATE"),
        ("Status", "STATUS"),
        ("Size", "SIZE"),
        ("Labels", "LABELS"),
        ("Health", "HEALTH"),
        ("ExitCode", "EXIT CODE"),
        ("Networks", "NETWORKS"),
        ("Mounts", "MOUNTS"),
        ("LocalVolumes", "LOCAL VOLUMES"),
    ];
    let mut out = tpl.replace("\\t", "\t");
    for (k, title) in TITLES {
        out = out.replace(&format!("{{{{.{k}}}}}"), title).replace(&format!("{{{{ .{k} }}}}"), title);
    }
    out
}
