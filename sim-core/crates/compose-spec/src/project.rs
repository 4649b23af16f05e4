//! The typed project the simulator runs, and the last loading steps that
//! need whole services: profiles, compose's consistency checks (undefined
//! networks/volumes/secrets/configs/services, `depends_on` cycles, a
//! service with neither image nor build…), and `env_file`s folded into
//! `environment`. The typed view is read from the same normalized tree that
//! `docker compose config` prints, through the same conversions.

use super::conv;
use super::diag::{Diagnostic, Msg, WarnMsg, Warning};
use super::load::Ctx;
use super::value::{Map, Node, Pos, Value};
use std::collections::{BTreeMap, BTreeSet};

/// What a user's own program does, declared with `x-muelle` (real Docker ignores the field):
/// plain configuration data, as written in the file; the Compose runner hands it to the host.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct XMuelle {
    /// TCP ports it listens on.
    pub listens: Vec<u16>,
    /// `(host, port)` pairs it connects to at start-up.
    pub connects: Vec<(String, u16)>,
    pub ready_after_ms: u64,
    pub exits_after_ms: Option<u64>,
    pub exit_code: i32,
    pub memory_bytes: Option<u64>,
    pub http_body: Option<String>,
}

type R<T> = Result<T, Vec<Diagnostic>>;

/// A loaded compose project.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub name: String,
    pub working_dir: String,
    pub compose_files: Vec<String>,
    pub services: BTreeMap<String, Service>,
    pub networks: BTreeMap<String, Network>,
    pub volumes: BTreeMap<String, Volume>,
    pub configs: BTreeMap<String, FileObject>,
    pub secrets: BTreeMap<String, FileObject>,
    /// Services left out because their profile is not active.
    pub disabled_services: Vec<String>,
    /// The normalized model exactly as `docker compose config` prints it.
    pub canonical: Node,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Build {
    pub context: String,
    pub dockerfile: Option<String>,
    pub args: BTreeMap<String, Option<String>>,
    pub target: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Port {
    pub target: u32,
    /// Empty = a random host port; may be a range (`8000-8010`).
    pub published: String,
    pub host_ip: String,
    pub protocol: String,
    pub mode: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mount {
    /// `bind`, `volume`, `tmpfs`…
    pub kind: String,
    /// Host path (absolute) for binds, volume key for named volumes, empty for anonymous ones.
    pub source: String,
    pub target: String,
    pub read_only: bool,
    /// `volume: {subpath: …}`: only that directory of the volume is mounted (Engine ≥ 26).
    pub subpath: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceNetwork {
    pub aliases: Vec<String>,
    pub ipv4_address: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    Started,
    Healthy,
    CompletedSuccessfully,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub condition: Condition,
    pub restart: bool,
    pub required: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Healthcheck {
    /// `["CMD-SHELL", "pg_isready"]`, `["CMD", …]`, `["NONE"]`.
    pub test: Vec<String>,
    pub interval_ms: Option<u64>,
    pub timeout_ms: Option<u64>,
    pub retries: Option<u64>,
    pub start_period_ms: Option<u64>,
    pub start_interval_ms: Option<u64>,
    pub disable: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    pub cpus: Option<String>,
    pub memory_bytes: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestartPolicy {
    pub condition: Option<String>,
    pub delay_ms: Option<u64>,
    pub max_attempts: Option<u64>,
    pub window_ms: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deploy {
    pub replicas: Option<i64>,
    pub limits: Option<Resources>,
    pub reservations: Option<Resources>,
    pub restart_policy: Option<RestartPolicy>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub name: String,
    pub image: Option<String>,
    pub build: Option<Build>,
    pub command: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    /// `None` = declared without a value and not set anywhere.
    pub environment: BTreeMap<String, Option<String>>,
    pub ports: Vec<Port>,
    pub expose: Vec<String>,
    pub volumes: Vec<Mount>,
    pub networks: BTreeMap<String, ServiceNetwork>,
    pub network_mode: Option<String>,
    /// `volumes_from`: `service[:mode]` or `container:name[:mode]`, as written.
    pub volumes_from: Vec<String>,
    pub depends_on: BTreeMap<String, Dependency>,
    pub healthcheck: Option<Healthcheck>,
    pub restart: Option<String>,
    pub deploy: Option<Deploy>,
    pub container_name: Option<String>,
    pub hostname: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub profiles: Vec<String>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub tty: bool,
    /// `attach: false`: `up` and `logs` leave the service's output out unless it is named.
    pub attach: Option<bool>,
    pub stdin_open: bool,
    pub secrets: Vec<String>,
    pub configs: Vec<String>,
    /// Muelle's own `x-muelle` description of what the program does.
    pub muelle: Option<XMuelle>,
    /// `develop:` — what `docker compose watch` / `up --watch` do on file changes.
    pub develop: Option<Develop>,
}

/// A service's `develop` section (compose-go's `DevelopConfig`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Develop {
    pub watch: Vec<WatchRule>,
}

/// One `develop.watch` entry (compose-go's `Trigger`): `path` is absolute (resolved against
/// the project's directory as compose-go does), `action` as written (`sync`, `rebuild`,
/// `restart`, `sync+restart`, `sync+exec`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatchRule {
    pub path: String,
    pub action: String,
    pub target: Option<String>,
    pub ignore: Vec<String>,
    pub include: Vec<String>,
    pub initial_sync: bool,
    /// `sync+exec`'s `exec.command`.
    pub exec: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Network {
    /// The engine name (`<project>_<key>` unless `name:` or external).
    pub name: String,
    pub driver: Option<String>,
    pub external: bool,
    pub internal: bool,
    pub subnets: Vec<String>,
    pub labels: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Volume {
    pub name: String,
    pub driver: Option<String>,
    pub driver_opts: BTreeMap<String, String>,
    pub external: bool,
    pub labels: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileObject {
    pub name: String,
    pub file: Option<String>,
    pub environment: Option<String>,
    pub content: Option<String>,
    pub external: bool,
}

fn s(n: Option<&Node>) -> Option<String> {
    n.filter(|n| !n.is_null()).and_then(|n| n.scalar_text())
}

fn flag(n: Option<&Node>) -> bool {
    n.is_some_and(|n| n.value == Value::Bool(true))
}

fn ms(n: Option<&Node>) -> Option<u64> {
    n.and_then(conv::duration).map(|ns| (ns.max(0) / 1_000_000) as u64)
}

fn int(n: Option<&Node>) -> Option<i64> {
    n.and_then(|n| match n.value {
        Value::Int(i) => Some(i),
        _ => n.scalar_text().and_then(|t| t.parse().ok()),
    })
}

fn resources(n: Option<&Node>) -> Option<Resources> {
    let n = n?;
    Some(Resources { cpus: s(n.get("cpus")), memory_bytes: n.get("memory").and_then(conv::bytes) })
}

impl Service {
    fn from_node(name: &str, n: &Node, warnings: &mut Vec<(Pos, WarnMsg)>) -> Service {
        let g = |k: &str| n.get(k);
        let build = g("build").and_then(|b| b.as_map()).map(|b| Build {
            context: s(b.get("context")).unwrap_or_else(|| ".".into()),
            dockerfile: s(b.get("dockerfile")),
            args: b.get("args").map(conv::map_eq).unwrap_or_default(),
            target: s(b.get("target")),
        });
        let ports = g("ports")
            .and_then(|p| p.as_seq())
            .map(|items| {
                items
                    .iter()
                    .map(|p| Port {
                        target: int(p.get("target")).unwrap_or(0).clamp(0, 65535) as u32,
                        published: s(p.get("published")).unwrap_or_default(),
                        host_ip: s(p.get("host_ip")).unwrap_or_default(),
                        protocol: s(p.get("protocol")).unwrap_or_else(|| "tcp".into()),
                        mode: s(p.get("mode")).unwrap_or_else(|| "ingress".into()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let volumes = g("volumes")
            .and_then(|p| p.as_seq())
            .map(|items| {
                items
                    .iter()
                    .map(|v| Mount {
                        kind: s(v.get("type")).unwrap_or_else(|| "volume".into()),
                        source: s(v.get("source")).unwrap_or_default(),
                        target: s(v.get("target")).unwrap_or_default(),
                        read_only: flag(v.get("read_only")),
                        subpath: v.get("volume").and_then(|o| s(o.get("subpath"))).filter(|p| !p.is_empty()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let networks = g("networks")
            .and_then(|m| m.as_map())
            .map(|m| {
                sim_base::sort::map_from(m.entries.iter().map(|e| {
                    let cfg = ServiceNetwork {
                        aliases: e.node.get("aliases").map(conv::str_list).unwrap_or_default(),
                        ipv4_address: s(e.node.get("ipv4_address")),
                    };
                    (e.key.clone(), cfg)
                }))
            })
            .unwrap_or_default();
        let depends_on = g("depends_on")
            .and_then(|m| m.as_map())
            .map(|m| {
                sim_base::sort::map_from(m.entries.iter().map(|e| {
                    let condition = match s(e.node.get("condition")).as_deref() {
                        Some("service_healthy") => Condition::Healthy,
                        Some("service_completed_successfully") => Condition::CompletedSuccessfully,
                        _ => Condition::Started,
                    };
                    let d = Dependency {
                        condition,
                        restart: flag(e.node.get("restart")),
                        required: e.node.get("required").is_none_or(|r| r.value != Value::Bool(false)),
                    };
                    (e.key.clone(), d)
                }))
            })
            .unwrap_or_default();
        let healthcheck = g("healthcheck").filter(|h| h.as_map().is_some()).map(|h| Healthcheck {
            test: h
                .get("test")
                .map(|t| match &t.value {
                    Value::Str(x) => vec!["CMD-SHELL".to_string(), x.clone()],
                    _ => conv::str_list(t),
                })
                .unwrap_or_default(),
            interval_ms: ms(h.get("interval")),
            timeout_ms: ms(h.get("timeout")),
            retries: int(h.get("retries")).map(|r| r.max(0) as u64),
            start_period_ms: ms(h.get("start_period")),
            start_interval_ms: ms(h.get("start_interval")),
            disable: flag(h.get("disable")),
        });
        let deploy = g("deploy").filter(|d| d.as_map().is_some()).map(|d| Deploy {
            replicas: int(d.get("replicas")),
            limits: resources(d.get("resources").and_then(|r| r.get("limits"))),
            reservations: resources(d.get("resources").and_then(|r| r.get("reservations"))),
            restart_policy: d.get("restart_policy").map(|r| RestartPolicy {
                condition: s(r.get("condition")),
                delay_ms: ms(r.get("delay")),
                max_attempts: int(r.get("max_attempts")).map(|x| x.max(0) as u64),
                window_ms: ms(r.get("window")),
            }),
        });
        let mounts = |k: &str| -> Vec<String> {
            g(k).and_then(|x| x.as_seq())
                .map(|v| v.iter().filter_map(|m| s(m.get("source"))).collect())
                .unwrap_or_default()
        };
        Service {
            name: name.to_string(),
            image: s(g("image")),
            build,
            command: g("command").and_then(conv::command),
            entrypoint: g("entrypoint").and_then(conv::command),
            environment: g("environment").map(conv::map_eq).unwrap_or_default(),
            ports,
            expose: g("expose").map(conv::str_list).unwrap_or_default(),
            volumes,
            networks,
            network_mode: s(g("network_mode")),
            volumes_from: g("volumes_from").map(conv::str_list).unwrap_or_default(),
            depends_on,
            healthcheck,
            restart: s(g("restart")),
            deploy,
            container_name: s(g("container_name")),
            hostname: s(g("hostname")),
            labels: g("labels").map(conv::mapping).unwrap_or_default(),
            profiles: g("profiles").map(conv::str_list).unwrap_or_default(),
            working_dir: s(g("working_dir")),
            user: s(g("user")),
            tty: flag(g("tty")),
            attach: g("attach").and_then(|n| match n.value {
                Value::Bool(b) => Some(b),
                _ => None,
            }),
            stdin_open: flag(g("stdin_open")),
            secrets: mounts("secrets"),
            configs: mounts("configs"),
            muelle: g("x-muelle").map(|m| muelle(m, warnings)),
            develop: g("develop").filter(|d| d.as_map().is_some()).map(|d| Develop {
                watch: d
                    .get("watch")
                    .and_then(|w| w.as_seq())
                    .map(|rules| {
                        rules
                            .iter()
                            .map(|r| WatchRule {
                                path: s(r.get("path")).unwrap_or_default(),
                                action: s(r.get("action")).unwrap_or_default(),
                                target: s(r.get("target")).filter(|t| !t.is_empty()),
                                ignore: r.get("ignore").map(conv::str_list).unwrap_or_default(),
                                include: r.get("include").map(conv::str_list).unwrap_or_default(),
                                initial_sync: flag(r.get("initial_sync")),
                                exec: r
                                    .get("exec")
                                    .and_then(|e| e.get("command"))
                                    .and_then(conv::command)
                                    .unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }),
        }
    }
}

/// Reads `x-muelle`; a value Muelle cannot use becomes a warning and is skipped.
fn muelle(n: &Node, warnings: &mut Vec<(Pos, WarnMsg)>) -> XMuelle {
    let mut b = XMuelle::default();
    let Some(m) = n.as_map() else {
        warnings.push((n.pos, WarnMsg::BadMuelle { field: "x-muelle".into(), value: n.kind_name().into() }));
        return b;
    };
    let mut bad = |pos: Pos, field: &str, v: &Node| {
        warnings.push((pos, WarnMsg::BadMuelle { field: field.into(), value: v.scalar_text().unwrap_or_default() }))
    };
    for e in &m.entries {
        let v = &e.node;
        match e.key.as_str() {
            "listens" => {
                for p in conv::str_list(v) {
                    match p.parse::<u16>() {
                        Ok(port) => b.listens.push(port),
                        Err(_) => bad(v.pos, "listens", &Node::str(p, v.pos)),
                    }
                }
            }
            "connects" => {
                for c in conv::str_list(v) {
                    match c.rsplit_once(':').and_then(|(h, p)| p.parse::<u16>().ok().map(|p| (h.to_string(), p))) {
                        Some(x) => b.connects.push(x),
                        None => bad(v.pos, "connects", &Node::str(c, v.pos)),
                    }
                }
            }
            "ready_after" => match ms(Some(v)) {
                Some(x) => b.ready_after_ms = x,
                None => bad(v.pos, "ready_after", v),
            },
            "exits_after" => match ms(Some(v)) {
                Some(x) => b.exits_after_ms = Some(x),
                None => bad(v.pos, "exits_after", v),
            },
            "exit_code" => match int(Some(v)) {
                Some(x) => b.exit_code = x.clamp(0, 255) as i32,
                None => bad(v.pos, "exit_code", v),
            },
            "memory" => match conv::bytes(v) {
                Some(x) if x >= 0 => b.memory_bytes = Some(x as u64),
                _ => bad(v.pos, "memory", v),
            },
            "http_body" => b.http_body = v.scalar_text(),
            other => bad(e.pos, other, &Node::null(e.pos)),
        }
    }
    b
}

impl Project {
    /// Builds the typed view of a normalized tree.
    pub fn from_tree(
        name: &str,
        working_dir: &str,
        files: Vec<String>,
        disabled: Vec<String>,
        tree: Node,
        warnings: &mut Vec<(Pos, WarnMsg)>,
    ) -> Project {
        // Borrowed: the tree is kept whole as `canonical` below.
        let empty = Map::new();
        let section = |k: &str| tree.get(k).and_then(|x| x.as_map()).unwrap_or(&empty);
        let services = sim_base::sort::map_from(
            section("services").entries.iter().map(|e| (e.key.clone(), Service::from_node(&e.key, &e.node, warnings))),
        );
        let networks = sim_base::sort::map_from(section("networks").entries.iter().map(|e| {
            let n = &e.node;
            let subnets = n
                .get("ipam")
                .and_then(|i| i.get("config"))
                .and_then(|c| c.as_seq())
                .map(|c| c.iter().filter_map(|p| s(p.get("subnet"))).collect())
                .unwrap_or_default();
            let net = Network {
                name: s(n.get("name")).unwrap_or_default(),
                driver: s(n.get("driver")),
                external: flag(n.get("external")),
                internal: flag(n.get("internal")),
                subnets,
                labels: n.get("labels").map(conv::mapping).unwrap_or_default(),
            };
            (e.key.clone(), net)
        }));
        let volumes = sim_base::sort::map_from(section("volumes").entries.iter().map(|e| {
            let n = &e.node;
            let v = Volume {
                name: s(n.get("name")).unwrap_or_default(),
                driver: s(n.get("driver")),
                driver_opts: n.get("driver_opts").map(conv::mapping).unwrap_or_default(),
                external: flag(n.get("external")),
                labels: n.get("labels").map(conv::mapping).unwrap_or_default(),
            };
            (e.key.clone(), v)
        }));
        let files_of = |k: &str| -> BTreeMap<String, FileObject> {
            sim_base::sort::map_from(section(k).entries.iter().map(|e| {
                let n = &e.node;
                let f = FileObject {
                    name: s(n.get("name")).unwrap_or_default(),
                    file: s(n.get("file")),
                    environment: s(n.get("environment")),
                    content: s(n.get("content")),
                    external: flag(n.get("external")),
                };
                (e.key.clone(), f)
            }))
        };
        Project {
            name: name.to_string(),
            working_dir: working_dir.to_string(),
            compose_files: files,
            services,
            networks,
            volumes,
            configs: files_of("configs"),
            secrets: files_of("secrets"),
            disabled_services: disabled,
            canonical: tree,
        }
    }
}

/// Removes services whose profiles are not active; returns their names.
pub fn apply_profiles(dict: &mut Node, active: &[String]) -> Vec<String> {
    let mut disabled = Vec::new();
    let Some(services) = dict.as_map_mut().and_then(|m| m.get_mut("services")).and_then(|s| s.as_map_mut()) else {
        return disabled;
    };
    services.entries.retain(|e| {
        let profiles = e.node.get("profiles").map(conv::str_list).unwrap_or_default();
        let on = profiles.is_empty() || active.iter().any(|a| a == "*" || profiles.contains(a));
        if !on {
            disabled.push(e.key.clone());
        }
        on
    });
    sim_base::sort::sort(&mut disabled);
    disabled
}

const INVALID: &str = "invalid compose project";

/// compose-go's `checkConsistency` (services in name order) and the cycle check.
pub fn check_consistency(ctx: &Ctx, dict: &Node) -> R<()> {
    let empty = Map::new();
    // Each section's keys, looked up once per reference: a scan of a
    // 1,000-entry section per service made loading quadratic.
    let key_sets: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
        ["services", "networks", "volumes", "configs", "secrets"]
            .into_iter()
            .map(|k| (k, dict.get(k).and_then(|x| x.as_map()).unwrap_or(&empty).keys().collect()))
            .collect();
    let no_keys = std::collections::BTreeSet::new();
    let section = |k: &str| key_sets.get(k).unwrap_or(&no_keys);
    let services_map = dict.get("services").and_then(|x| x.as_map()).unwrap_or(&empty);
    let services = section("services");
    // The first entry of each name, as `Map::entry` finds it.
    let entries: std::collections::BTreeMap<&str, &crate::value::Entry> =
        services_map.entries.iter().rev().map(|e| (e.key.as_str(), e)).collect();
    let mut names: Vec<&str> = services_map.keys().collect();
    sim_base::sort::sort(&mut names);
    for name in &names {
        let Some(entry) = entries.get(name).copied() else { continue };
        let svc = &entry.node;
        let at = |k: &str| svc.get(k).map(|n| n.pos).unwrap_or(entry.pos);
        let fail = |pos: Pos, msg: Msg, go: String| -> R<()> { Err(vec![ctx.diag(pos, msg, go)]) };
        if svc.get("build").is_none() && s(svc.get("image")).is_none() && svc.get("provider").is_none() {
            let go = format!("service {name:?} has neither an image nor a build context specified: {INVALID}");
            return fail(entry.pos, Msg::NoImageNoBuild { service: name.to_string() }, go);
        }
        if let Some(b) = svc.get("build") {
            let platforms = b.get("platforms").map(conv::str_list).unwrap_or_default();
            if let Some(p) = s(svc.get("platform")) {
                if !platforms.is_empty() && !platforms.contains(&p) {
                    let go = format!("service.build.platforms MUST include service.platform {p:?}: {INVALID}");
                    return fail(at("platform"), Msg::PlatformNotInBuild { platform: p }, go);
                }
            }
        }
        let networks = svc.get("networks").and_then(|n| n.as_map());
        if svc.get("network_mode").is_some() && networks.is_some_and(|m| !m.is_empty()) {
            let go = format!("service {name} declares mutually exclusive `network_mode` and `networks`: {INVALID}");
            return fail(at("network_mode"), Msg::NetworkModeAndNetworks { service: name.to_string() }, go);
        }
        if let Some(nm) = networks {
            for e in &nm.entries {
                if !section("networks").contains(e.key.as_str()) {
                    let go = format!("service {name:?} refers to undefined network {}: {INVALID}", e.key);
                    return fail(e.pos, Msg::UndefinedNetwork { service: name.to_string(), name: e.key.clone() }, go);
                }
            }
        }
        if let Some(test) = svc.get("healthcheck").and_then(|h| h.get("test")).and_then(|t| t.as_seq()) {
            if let Some(first) = test.first().and_then(|f| f.scalar_text()) {
                if !matches!(first.as_str(), "CMD" | "CMD-SHELL" | "NONE") {
                    let go = "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"".to_string();
                    return fail(test[0].pos, Msg::BadHealthcheck { service: name.to_string() }, go);
                }
            }
        }
        if let Some(deps) = svc.get("depends_on").and_then(|d| d.as_map()) {
            for e in &deps.entries {
                if !services.contains(e.key.as_str()) {
                    let required = e.node.get("required").is_none_or(|r| r.value != Value::Bool(false));
                    if !required {
                        continue;
                    }
                    let go = format!("service {name:?} depends on undefined service {:?}: {INVALID}", e.key);
                    return fail(e.pos, Msg::UndefinedService { service: name.to_string(), dep: e.key.clone() }, go);
                }
            }
        }
        if let Some(shared) = s(svc.get("network_mode")).and_then(|m| m.strip_prefix("service:").map(str::to_string)) {
            if !services.contains(shared.as_str()) {
                let go = format!("service {shared:?} not found for network_mode 'service:{shared}'");
                return fail(at("network_mode"), Msg::UndefinedService { service: name.to_string(), dep: shared }, go);
            }
        }
        if let Some(vols) = svc.get("volumes").and_then(|v| v.as_seq()) {
            for v in vols {
                if s(v.get("type")).as_deref() == Some("volume") {
                    if let Some(src) = s(v.get("source")).filter(|x| !x.is_empty()) {
                        if !section("volumes").contains(src.as_str()) {
                            let go = format!("service {name:?} refers to undefined volume {src}: {INVALID}");
                            return fail(v.pos, Msg::UndefinedVolume { service: name.to_string(), name: src }, go);
                        }
                    }
                }
            }
        }
        for (key, kind) in [("configs", "config"), ("secrets", "secret")] {
            if let Some(items) = svc.get(key).and_then(|v| v.as_seq()) {
                for it in items {
                    let src = s(it.get("source")).unwrap_or_default();
                    if !section(key).contains(src.as_str()) {
                        let go = format!("service {name:?} refers to undefined {kind} {src}: {INVALID}");
                        let msg = if kind == "config" {
                            Msg::UndefinedConfig { service: name.to_string(), name: src }
                        } else {
                            Msg::UndefinedSecret { service: name.to_string(), name: src }
                        };
                        return fail(it.pos, msg, go);
                    }
                }
            }
        }
        let scale = int(svc.get("scale"));
        let replicas = int(svc.get("deploy").and_then(|d| d.get("replicas")));
        if let (Some(sc), Some(r)) = (scale, replicas) {
            if sc != r {
                let go =
                    format!("services.{name}: can't set distinct values on 'scale' and 'deploy.replicas': {INVALID}");
                return fail(at("scale"), Msg::Other { text: go.clone() }, go);
            }
        }
        if scale.or(replicas).unwrap_or(1) > 1 && s(svc.get("container_name")).is_some() {
            let attr = if scale.is_some() { "scale" } else { "deploy.replicas" };
            let go = format!(
                "services.{attr}: can't set container_name and {name} as container name must be unique: {INVALID}"
            );
            return fail(at("container_name"), Msg::ContainerNameWithReplicas { service: name.to_string() }, go);
        }
        // compose-go's `validate.go`: a watch rule that copies files needs somewhere to put them.
        if let Some(rules) = svc.get("develop").and_then(|d| d.get("watch")).and_then(|w| w.as_seq()) {
            for r in rules {
                let action = s(r.get("action")).unwrap_or_default();
                if s(r.get("target")).unwrap_or_default().is_empty()
                    && !matches!(action.as_str(), "rebuild" | "restart")
                {
                    let go =
                        format!("services.{name}.develop.watch: target is required for non-rebuild actions: {INVALID}");
                    return fail(r.pos, Msg::Other { text: go.clone() }, go);
                }
            }
        }
        let mut mounts: Vec<(String, String)> = Vec::new();
        for (i, t) in svc.get("tmpfs").map(conv::str_list).unwrap_or_default().iter().enumerate() {
            let path = t.split(':').next().unwrap_or("").to_string();
            let loc = format!("services.{name}.tmpfs[{i}]");
            if let Some((_, other)) = mounts.iter().find(|(p, _)| *p == path) {
                let go = format!("{loc}: target {path} already mounted as {other}");
                return fail(at("tmpfs"), Msg::Other { text: go.clone() }, go);
            }
            mounts.push((path, loc));
        }
        if let Some(vols) = svc.get("volumes").and_then(|v| v.as_seq()) {
            for (i, v) in vols.iter().enumerate() {
                let target = s(v.get("target")).unwrap_or_default();
                let loc = format!("services.{name}.volumes[{i}]");
                if let Some((_, other)) = mounts.iter().find(|(p, _)| *p == target) {
                    let go = format!("{loc}: target {target} already mounted as {other}");
                    return fail(v.pos, Msg::Other { text: go.clone() }, go);
                }
                mounts.push((target, loc));
            }
        }
    }
    for (k, e) in dict.get("secrets").and_then(|x| x.as_map()).unwrap_or(&empty).entries.iter().map(|e| (&e.key, e)) {
        let n = &e.node;
        if !flag(n.get("external")) && n.get("file").is_none() && n.get("environment").is_none() {
            let go = format!("secret {k:?} must declare either `file` or `environment`: {INVALID}");
            return Err(vec![ctx.diag(e.pos, Msg::Other { text: go.clone() }, go)]);
        }
    }
    check_cycle(ctx, services_map)
}

/// compose-go's cycle search: services and their dependencies in name order;
/// the first cycle found is reported as `a -> b -> a`.
fn check_cycle(ctx: &Ctx, services: &Map) -> R<()> {
    // Sets, not scans: a chain of 1,000 `depends_on` makes the path 1,000 long.
    let names: BTreeSet<&str> = sim_base::sort::set_from(services.keys());
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in &services.entries {
        let mut deps: Vec<&str> = e
            .node
            .get("depends_on")
            .and_then(|d| d.as_map())
            .map(|d| d.keys().filter(|k| names.contains(k)).collect())
            .unwrap_or_default();
        sim_base::sort::sort(&mut deps);
        graph.insert(e.key.as_str(), deps);
    }
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let empty: Vec<&str> = Vec::new();
    for &start in graph.keys() {
        let mut path: Vec<&str> = vec![start];
        let mut on_path: BTreeSet<&str> = BTreeSet::new();
        on_path.insert(start);
        let mut iters: Vec<usize> = vec![0];
        while let Some(top) = path.last().copied() {
            let i = iters.last().copied().unwrap_or(0);
            let children = graph.get(top).unwrap_or(&empty);
            if i >= children.len() {
                done.insert(top);
                on_path.remove(top);
                path.pop();
                iters.pop();
                continue;
            }
            if let Some(x) = iters.last_mut() {
                *x += 1;
            }
            let child = children[i];
            if let Some(at) = on_path.contains(child).then(|| path.iter().position(|p| *p == child)).flatten() {
                let mut cycle: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
                cycle.push(child.to_string());
                let go = format!("dependency cycle detected: {}", cycle.join(" -> "));
                let pos = services
                    .get(top)
                    .and_then(|s| s.get("depends_on"))
                    .and_then(|d| d.as_map())
                    .and_then(|d| d.entry(child))
                    .map(|e| e.pos)
                    .unwrap_or_default();
                return Err(vec![ctx.diag(pos, Msg::DependencyCycle { cycle }, go)]);
            }
            if done.contains(child) {
                continue;
            }
            path.push(child);
            on_path.insert(child);
            iters.push(0);
        }
    }
    Ok(())
}

/// compose's `WithServicesEnvironmentResolved(discard)`: each `env_file` is read
/// into `environment` (the service's own values win) and `env_file` is dropped.
pub fn resolve_env_files(ctx: &Ctx, dict: &mut Node, env: &BTreeMap<String, String>) -> R<()> {
    let Some(services) = dict.as_map_mut().and_then(|m| m.get_mut("services")).and_then(|s| s.as_map_mut()) else {
        return Ok(());
    };
    for s_entry in &mut services.entries {
        let spos = s_entry.pos;
        let Some(svc) = s_entry.node.as_map_mut() else { continue };
        let mut environment: BTreeMap<String, Option<String>> = BTreeMap::new();
        let files = svc.remove("env_file");
        let had_env = svc.contains("environment") || files.is_some();
        if let Some(items) = files.as_ref().and_then(|f| f.as_seq()) {
            for it in items {
                let path = s(it.get("path")).unwrap_or_default();
                let required = it.get("required").is_none_or(|r| r.value != Value::Bool(false));
                let mut lookup = env.clone();
                for (k, v) in &environment {
                    if let Some(v) = v {
                        lookup.insert(k.clone(), v.clone());
                    }
                }
                let raw = s(it.get("format")).as_deref() == Some("raw");
                let read = if raw {
                    super::load::read_raw_env_file(ctx, &path).map(Ok)
                } else {
                    super::load::read_env_file(ctx, &path, &lookup)
                };
                match read {
                    None if required => {
                        let go = format!("env file {path} not found: stat {path}: no such file or directory");
                        return Err(vec![ctx.diag(it.pos, Msg::EnvFileNotFound { path }, go)]);
                    }
                    None => {}
                    Some(Err(e)) => {
                        let go = format!("failed to read {path}: {e}");
                        return Err(vec![ctx.diag(it.pos, Msg::BadEnvFile { path, detail: e }, go)]);
                    }
                    Some(Ok(vars)) => {
                        for (k, v) in vars {
                            environment.insert(k, Some(v));
                        }
                    }
                }
            }
        }
        if let Some(own) = svc.get("environment") {
            for (k, v) in conv::map_eq(own) {
                let v = v.or_else(|| env.get(&k).cloned());
                environment.insert(k, v);
            }
        }
        if had_env {
            let pos = svc.get("environment").map(|e| e.pos).unwrap_or(spos);
            let mut m = Map::new();
            for (k, v) in environment {
                let node = match v {
                    Some(v) => Node::str(v, pos),
                    None => Node::null(pos),
                };
                m.insert(&k, pos, node);
            }
            svc.insert("environment", pos, Node::map(m, pos));
        }
    }
    Ok(())
}

/// compose's `CheckContainerNameUnicity` (run by `config` after loading).
pub fn check_container_names(ctx: &Ctx, dict: &Node) -> R<()> {
    let Some(services) = dict.get("services").and_then(|s| s.as_map()) else { return Ok(()) };
    let mut seen: Vec<String> = Vec::new();
    for e in &services.entries {
        if let Some(cn) = s(e.node.get("container_name")) {
            if seen.contains(&cn) {
                let go = format!("services.{}: container name {cn:?} is already in use by service {{}}\"", e.key);
                let pos = e.node.get("container_name").map(|n| n.pos).unwrap_or(e.pos);
                return Err(vec![ctx.diag(pos, Msg::DuplicateContainerName { name: cn, service: e.key.clone() }, go)]);
            }
            seen.push(cn);
        }
    }
    Ok(())
}

/// compose's `WithoutUnnecessaryResources`: networks, volumes, secrets and configs no service uses are left out.
pub fn drop_unused(dict: &mut Node) {
    let mut used: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    if let Some(services) = dict.get("services").and_then(|s| s.as_map()) {
        for e in &services.entries {
            let n = &e.node;
            if let Some(nets) = n.get("networks").and_then(|x| x.as_map()) {
                used.entry("networks").or_default().extend(nets.keys().map(str::to_string));
            }
            for v in n.get("volumes").and_then(|x| x.as_seq()).unwrap_or(&[]) {
                if s(v.get("type")).as_deref() == Some("volume") {
                    if let Some(src) = s(v.get("source")).filter(|x| !x.is_empty()) {
                        used.entry("volumes").or_default().insert(src);
                    }
                }
            }
            for key in ["secrets", "configs"] {
                for it in n.get(key).and_then(|x| x.as_seq()).unwrap_or(&[]) {
                    if let Some(src) = s(it.get("source")) {
                        used.entry(key).or_default().insert(src);
                    }
                }
            }
            for it in n.get("build").and_then(|b| b.get("secrets")).and_then(|x| x.as_seq()).unwrap_or(&[]) {
                if let Some(src) = s(it.get("source")) {
                    used.entry("secrets").or_default().insert(src);
                }
            }
            if let Some(models) = n.get("models").and_then(|x| x.as_map()) {
                used.entry("models").or_default().extend(models.keys().map(str::to_string));
            }
        }
    }
    let Some(top) = dict.as_map_mut() else { return };
    for key in ["networks", "volumes", "secrets", "configs", "models"] {
        let keep = used.remove(key).unwrap_or_default();
        if let Some(m) = top.get_mut(key).and_then(|x| x.as_map_mut()) {
            m.entries.retain(|e| keep.contains(&e.key));
        }
        if top.get(key).and_then(|x| x.as_map()).is_some_and(|m| m.is_empty()) {
            top.remove(key);
        }
    }
}

/// Warnings the typed view found, located.
pub fn located(ctx: &Ctx, found: Vec<(Pos, WarnMsg)>) -> Vec<Warning> {
    found
        .into_iter()
        .map(|(pos, msg)| {
            let compose = String::new();
            Warning { loc: ctx.loc(pos), msg, compose }
        })
        .collect()
}
