//! The closed vocabulary of checks a lesson may use, each evaluated on the
//! world's state or its event log, and described in Spanish and English.

use crate::events::{Actor, EventKind};
use crate::fs::normalize;
use crate::world::container::MountKind;
use crate::world::{Loc, World, PROJECT_DIR};
use crate::Lang;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Check {
    /// `network_exists: NAME`
    NetworkExists(String),
    /// `volume_exists: NAME`
    VolumeExists(String),
    /// `container_running: NAME`
    ContainerRunning(String),
    /// `container_on_network: {container, network}` — attached (and, when running, with an endpoint).
    ContainerOnNetwork { container: String, network: String },
    /// `dns_resolved: {from, name, network?}` — a DnsLookup answered with an address.
    DnsResolved { from: String, name: String, network: Option<String> },
    /// `dns_failed: {from, name}` — a DnsLookup that got no address.
    DnsFailed { from: String, name: String },
    /// `ping_replied: {from, to}` — an echo from `from` answered by container `to`.
    PingReplied { from: String, to: String },
    /// `connected: {from, to, port?}` — a TCP connection that succeeded.
    Connected { from: String, to: String, port: Option<u16> },
    /// `volume_mounted: {container, target, volume?, anonymous?}`
    VolumeMounted { container: String, target: String, volume: Option<String>, anonymous: Option<bool> },
    /// `bind_mounted: {container, source, target}` — source relative to the project folder.
    BindMounted { container: String, source: String, target: String },
    /// `file_in_volume: {volume, path, contains?}`
    FileInVolume { volume: String, path: String, contains: Option<String> },
    /// `file_in_container: {container, path, contains?}` — as the container sees it (mounts included).
    FileInContainer { container: String, path: String, contains: Option<String> },
    /// `host_file_contains: {path, contains?}` — path relative to the project folder.
    HostFileContains { path: String, contains: Option<String> },
    /// `http_ok: {port}` — a running container publishes that host port and listens behind it.
    HttpOk { port: u16 },
    /// `compose_service_running: {project?, service}`
    ComposeServiceRunning { project: Option<String>, service: String },
    /// `container_restarted: NAME` — RestartCount > 0 or a Restarting event.
    ContainerRestarted(String),
    /// `container_exited: {name, code?}` — an exit in the log (with that code).
    ContainerExited { name: String, code: Option<i32> },
    /// `container_env: {container, name, value?}` — the container's environment has that variable
    /// (`-e`, Compose's `environment`, or the image's `ENV`).
    ContainerEnv { container: String, name: String, value: Option<String> },
}

/// (kind, required fields, optional fields); a kind with no fields takes a plain value.
pub(super) const KINDS: &[(&str, &[&str], &[&str])] = &[
    ("network_exists", &[], &[]),
    ("volume_exists", &[], &[]),
    ("container_running", &[], &[]),
    ("container_on_network", &["container", "network"], &[]),
    ("dns_resolved", &["from", "name"], &["network"]),
    ("dns_failed", &["from", "name"], &[]),
    ("ping_replied", &["from", "to"], &[]),
    ("connected", &["from", "to"], &["port"]),
    ("volume_mounted", &["container", "target"], &["volume", "anonymous"]),
    ("bind_mounted", &["container", "source", "target"], &[]),
    ("file_in_volume", &["volume", "path"], &["contains"]),
    ("file_in_container", &["container", "path"], &["contains"]),
    ("host_file_contains", &["path"], &["contains"]),
    ("http_ok", &["port"], &[]),
    ("compose_service_running", &["service"], &["project"]),
    ("container_restarted", &[], &[]),
    ("container_exited", &["name"], &["code"]),
    ("container_env", &["container", "name"], &["value"]),
];

/// Arguments as parsed: a plain value, or named fields.
pub(super) enum Args {
    Plain(String),
    Fields(Vec<(String, String)>),
}

impl Args {
    fn get(&self, k: &str) -> Option<String> {
        match self {
            Args::Plain(_) => None,
            Args::Fields(f) => f.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()),
        }
    }
    fn req(&self, k: &str) -> String {
        self.get(k).unwrap_or_default()
    }
}

/// Builds a check from a kind the caller validated against [`KINDS`].
/// `Err` = a field has a value of the wrong kind (field name, what it must be).
pub(super) fn build(kind: &str, a: &Args) -> Result<Check, (String, &'static str)> {
    let plain = || match a {
        Args::Plain(s) => s.clone(),
        Args::Fields(_) => String::new(),
    };
    let port = |k: &str| -> Result<Option<u16>, (String, &'static str)> {
        match a.get(k) {
            None => Ok(None),
            Some(v) => v.parse::<u16>().map(Some).map_err(|_| (k.to_string(), "port")),
        }
    };
    Ok(match kind {
        "network_exists" => Check::NetworkExists(plain()),
        "volume_exists" => Check::VolumeExists(plain()),
        "container_running" => Check::ContainerRunning(plain()),
        "container_restarted" => Check::ContainerRestarted(plain()),
        "container_on_network" => {
            Check::ContainerOnNetwork { container: a.req("container"), network: a.req("network") }
        }
        "dns_resolved" => Check::DnsResolved { from: a.req("from"), name: a.req("name"), network: a.get("network") },
        "dns_failed" => Check::DnsFailed { from: a.req("from"), name: a.req("name") },
        "ping_replied" => Check::PingReplied { from: a.req("from"), to: a.req("to") },
        "connected" => Check::Connected { from: a.req("from"), to: a.req("to"), port: port("port")? },
        "volume_mounted" => Check::VolumeMounted {
            container: a.req("container"),
            target: a.req("target"),
            volume: a.get("volume"),
            anonymous: match a.get("anonymous").as_deref() {
                None => None,
                Some("true") => Some(true),
                Some("false") => Some(false),
                Some(_) => return Err(("anonymous".into(), "bool")),
            },
        },
        "bind_mounted" => {
            Check::BindMounted { container: a.req("container"), source: a.req("source"), target: a.req("target") }
        }
        "file_in_volume" => {
            Check::FileInVolume { volume: a.req("volume"), path: a.req("path"), contains: a.get("contains") }
        }
        "file_in_container" => {
            Check::FileInContainer { container: a.req("container"), path: a.req("path"), contains: a.get("contains") }
        }
        "host_file_contains" => Check::HostFileContains { path: a.req("path"), contains: a.get("contains") },
        "http_ok" => Check::HttpOk { port: port("port")?.unwrap_or(0) },
        "compose_service_running" => {
            Check::ComposeServiceRunning { project: a.get("project"), service: a.req("service") }
        }
        "container_exited" => Check::ContainerExited {
            name: a.req("name"),
            code: match a.get("code") {
                None => None,
                Some(v) => Some(v.parse::<i32>().map_err(|_| ("code".to_string(), "int"))?),
            },
        },
        "container_env" => {
            Check::ContainerEnv { container: a.req("container"), name: a.req("name"), value: a.get("value") }
        }
        _ => return Err((kind.to_string(), "kind")),
    })
}

fn actor_is(actor: &Actor, who: &str) -> bool {
    match actor {
        Actor::Host => who == "host",
        Actor::Container(n) => n == who,
    }
}

fn contains(data: &[u8], needle: &Option<String>) -> bool {
    match needle {
        None => true,
        Some(n) => String::from_utf8_lossy(data).contains(n.as_str()),
    }
}

impl Check {
    /// Whether the check holds on `world` now (state checks) or at some point (log checks).
    pub fn eval(&self, world: &World) -> bool {
        // Compacted facts keep every field a check reads, so this is exact over the whole history.
        let log = || world.log().kinds();
        match self {
            Check::NetworkExists(n) => world.network_by_name(n).is_some(),
            Check::VolumeExists(v) => world.volumes().contains_key(v),
            Check::ContainerRunning(n) => world.container_by_name(n).is_some_and(|c| c.is_running()),
            Check::ContainerOnNetwork { container, network } => {
                let (Some(c), Some(net)) = (world.container_by_name(container), world.network_by_name(network)) else {
                    return false;
                };
                c.networks.iter().any(|a| a.net == net.key) && (!c.is_running() || net.endpoints().contains_key(&c.key))
            }
            Check::DnsResolved { from, name, network } => log().any(|k| {
                matches!(k, EventKind::DnsLookup { from: f, query, network: n, result: Ok(_) }
                    if actor_is(f, from)
                        && (query == name || query.strip_prefix(name.as_str()).is_some_and(|r| r.starts_with('.')))
                        && network.as_ref().is_none_or(|want| n.as_ref() == Some(want)))
            }),
            Check::DnsFailed { from, name } => log().any(|k| {
                matches!(k, EventKind::DnsLookup { from: f, query, result: Err(_), .. }
                    if actor_is(f, from) && query == name)
            }),
            Check::PingReplied { from, to } => log().any(|k| {
                matches!(k, EventKind::Ping { from: f, to: Some(t), reply: true, .. } if actor_is(f, from) && t == to)
            }),
            Check::Connected { from, to, port } => log().any(|k| {
                matches!(k, EventKind::Connect { from: f, to: Some(t), port: p, result: Ok(()), .. }
                    if actor_is(f, from) && t == to && port.is_none_or(|want| want == *p))
            }),
            Check::VolumeMounted { container, target, volume, anonymous } => {
                world.container_by_name(container).is_some_and(|c| {
                    c.host.mounts.iter().any(|m| {
                        m.dest == normalize("/", target)
                            && matches!(&m.kind, MountKind::Volume(v) if volume.as_ref().is_none_or(|w| w == v))
                            && anonymous.is_none_or(|a| a == m.anonymous)
                    })
                })
            }
            Check::BindMounted { container, source, target } => {
                let source = normalize(PROJECT_DIR, source);
                world.container_by_name(container).is_some_and(|c| {
                    c.host.mounts.iter().any(|m| {
                        m.dest == normalize("/", target) && matches!(&m.kind, MountKind::Bind(s) if *s == source)
                    })
                })
            }
            Check::FileInVolume { volume, path, contains: needle } => world
                .volumes()
                .get(volume)
                .and_then(|v| v.fs.read(&normalize("/", path)).ok())
                .is_some_and(|d| contains(d, needle)),
            Check::FileInContainer { container, path, contains: needle } => world
                .container_by_name(container)
                .and_then(|c| world.fs_read(Loc::Container(c.key), &normalize("/", path)).ok())
                .is_some_and(|d| contains(&d, needle)),
            Check::HostFileContains { path, contains: needle } => world
                .fs_read(Loc::Host, &normalize(PROJECT_DIR, path))
                .ok()
                .is_some_and(|d| contains(&d, needle)),
            // A paused server answers nothing.
            Check::HttpOk { port } => world.containers().values().any(|c| {
                c.is_running()
                    && !c.is_paused()
                    && c.published.iter().any(|p| p.host_port == *port && c.listening.contains(&p.container_port))
            }),
            Check::ComposeServiceRunning { project, service } => world.containers().values().any(|c| {
                c.is_running()
                    && c.compose.as_ref().is_some_and(|(p, s)| s == service && project.as_ref().is_none_or(|w| w == p))
            }),
            Check::ContainerRestarted(name) => {
                world.container_by_name(name).is_some_and(|c| c.state.restart_count > 0)
                    || log().any(|k| matches!(k, EventKind::ContainerRestarting { name: n, .. } if n == name))
            }
            Check::ContainerExited { name, code } => log().any(|k| {
                matches!(k, EventKind::ContainerExited { name: n, code: c, .. }
                    if n == name && code.is_none_or(|want| want == *c))
            }),
            Check::ContainerEnv { container, name, value } => world.container_by_name(container).is_some_and(|c| {
                c.config.env.iter().any(|(k, v)| k == name && value.as_ref().is_none_or(|want| want == v))
            }),
        }
    }

    /// One sentence saying what must be true, for the lesson panel and `muelle lesson check`.
    pub fn describe(&self, lang: Lang) -> String {
        let es = lang == Lang::Es;
        let opt = |o: &Option<String>, es_s: &str, en_s: &str| match o {
            Some(v) if es => format!("{es_s} «{v}»"),
            Some(v) => format!("{en_s} \"{v}\""),
            None => String::new(),
        };
        match self {
            Check::NetworkExists(n) => {
                if es {
                    format!("existe la red «{n}»")
                } else {
                    format!("network \"{n}\" exists")
                }
            }
            Check::VolumeExists(v) => {
                if es {
                    format!("existe el volumen «{v}»")
                } else {
                    format!("volume \"{v}\" exists")
                }
            }
            Check::ContainerRunning(n) => {
                if es {
                    format!("el contenedor «{n}» está en marcha")
                } else {
                    format!("container \"{n}\" is running")
                }
            }
            Check::ContainerOnNetwork { container, network } => {
                if es {
                    format!("«{container}» está conectado a la red «{network}»")
                } else {
                    format!("\"{container}\" is attached to network \"{network}\"")
                }
            }
            Check::DnsResolved { from, name, network } => {
                if es {
                    format!("«{from}» resolvió «{name}» por DNS{}", opt(network, " en la red", ""))
                } else {
                    format!("\"{from}\" resolved \"{name}\" through DNS{}", opt(network, "", " on network"))
                }
            }
            Check::DnsFailed { from, name } => {
                if es {
                    format!("«{from}» intentó resolver «{name}» y no pudo")
                } else {
                    format!("\"{from}\" tried to resolve \"{name}\" and could not")
                }
            }
            Check::PingReplied { from, to } => {
                if es {
                    format!("«{to}» respondió a un ping de «{from}»")
                } else {
                    format!("\"{to}\" answered a ping from \"{from}\"")
                }
            }
            Check::Connected { from, to, port } => {
                let p = port.map(|p| format!(":{p}")).unwrap_or_default();
                if es {
                    format!("«{from}» se conectó a «{to}{p}»")
                } else {
                    format!("\"{from}\" connected to \"{to}{p}\"")
                }
            }
            Check::VolumeMounted { container, target, volume, anonymous } => {
                let what = match (volume, anonymous, es) {
                    (Some(v), _, true) => format!("el volumen «{v}»"),
                    (Some(v), _, false) => format!("volume \"{v}\""),
                    (None, Some(true), true) => "un volumen anónimo".into(),
                    (None, Some(true), false) => "an anonymous volume".into(),
                    (None, _, true) => "un volumen".into(),
                    (None, _, false) => "a volume".into(),
                };
                if es {
                    format!("«{container}» monta {what} en {target}")
                } else {
                    format!("\"{container}\" mounts {what} at {target}")
                }
            }
            Check::BindMounted { container, source, target } => {
                if es {
                    format!("«{container}» monta la carpeta del anfitrión {source} en {target}")
                } else {
                    format!("\"{container}\" bind-mounts the host folder {source} at {target}")
                }
            }
            Check::FileInVolume { volume, path, contains } => {
                if es {
                    format!("el volumen «{volume}» tiene el archivo {path}{}", opt(contains, " con", ""))
                } else {
                    format!("volume \"{volume}\" holds file {path}{}", opt(contains, "", " containing"))
                }
            }
            Check::FileInContainer { container, path, contains } => {
                if es {
                    format!("«{container}» ve el archivo {path}{}", opt(contains, " con", ""))
                } else {
                    format!("\"{container}\" sees file {path}{}", opt(contains, "", " containing"))
                }
            }
            Check::HostFileContains { path, contains } => {
                if es {
                    format!("en el anfitrión existe {path}{}", opt(contains, " con", ""))
                } else {
                    format!("{path} exists on the host{}", opt(contains, "", " containing"))
                }
            }
            Check::HttpOk { port } => {
                if es {
                    format!("un servidor responde en localhost:{port}")
                } else {
                    format!("a server answers on localhost:{port}")
                }
            }
            Check::ComposeServiceRunning { project, service } => {
                if es {
                    format!("el servicio «{service}»{} está en marcha", opt(project, " del proyecto", ""))
                } else {
                    format!("service \"{service}\"{} is running", opt(project, "", " of project"))
                }
            }
            Check::ContainerRestarted(n) => {
                if es {
                    format!("Docker reinició «{n}» al menos una vez")
                } else {
                    format!("Docker restarted \"{n}\" at least once")
                }
            }
            Check::ContainerExited { name, code } => {
                let c = code.map(|c| c.to_string());
                if es {
                    format!("«{name}» terminó{}", opt(&c, " con código", ""))
                } else {
                    format!("\"{name}\" exited{}", opt(&c, "", " with code"))
                }
            }
            Check::ContainerEnv { container, name, value } => {
                if es {
                    format!("«{container}» tiene la variable de entorno {name}{}", opt(value, " con el valor", ""))
                } else {
                    format!("\"{container}\" has the environment variable {name}{}", opt(value, "", " set to"))
                }
            }
        }
    }
}
