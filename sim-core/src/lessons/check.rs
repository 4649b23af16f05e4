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

/// Builds a check again from its template ([`super::CheckAt::template`]: kind and plain value
/// first, then the fields as written) with `values` put in; `None` for no template or a build
/// that fails (lint reports those).
pub(super) fn rebuild(template: &[(String, String)], values: &[(String, String)]) -> Option<Check> {
    let ((kind, plain), fields) = template.split_first()?;
    let sub = |s: &str| super::vars::substitute(s, values);
    let (_, required, optional) = KINDS.iter().find(|k| k.0 == kind)?;
    let args = if required.is_empty() && optional.is_empty() {
        Args::Plain(sub(plain))
    } else {
        Args::Fields(fields.iter().map(|(k, v)| (k.clone(), sub(v))).collect())
    };
    build(kind, &args).ok()
}

/// Why no command can make a check true (see [`Check::impossible`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Never {
    /// A container name outside Docker's `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
    ContainerName(String),
    /// A volume name outside Docker's `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
    VolumeName(String),
    /// A Compose project name outside `[a-z0-9][a-z0-9_-]*`.
    ProjectName(String),
    /// An empty name (network, service, DNS name, variable, path).
    Empty(&'static str),
    /// Port 0: nothing publishes or listens on it.
    PortZero,
    /// An exit code outside 0–255.
    ExitCode(i32),
    /// `volume` names a volume and `anonymous: true` asks for one without a name.
    NamedAnonymous(String),
}

impl Never {
    pub fn message(&self, lang: Lang) -> String {
        let es = lang == Lang::Es;
        match self {
            Never::ContainerName(n) if es => {
                format!("«{n}» no puede ser nombre de contenedor (Docker solo admite [a-zA-Z0-9][a-zA-Z0-9_.-]+)")
            }
            Never::ContainerName(n) => {
                format!("\"{n}\" cannot name a container (Docker allows only [a-zA-Z0-9][a-zA-Z0-9_.-]+)")
            }
            Never::VolumeName(n) if es => {
                format!("«{n}» no puede ser nombre de volumen (Docker solo admite [a-zA-Z0-9][a-zA-Z0-9_.-]+)")
            }
            Never::VolumeName(n) => {
                format!("\"{n}\" cannot name a volume (Docker allows only [a-zA-Z0-9][a-zA-Z0-9_.-]+)")
            }
            Never::ProjectName(n) if es => {
                format!("«{n}» no puede ser nombre de proyecto de Compose (solo minúsculas, dígitos, «-» y «_»)")
            }
            Never::ProjectName(n) => {
                format!("\"{n}\" cannot name a Compose project (only lowercase letters, digits, '-' and '_')")
            }
            Never::Empty(what) if es => format!("«{what}» está vacío"),
            Never::Empty(what) => format!("\"{what}\" is empty"),
            Never::PortZero if es => "el puerto 0 no se publica ni escucha nunca".into(),
            Never::PortZero => "port 0 is never published nor listened on".into(),
            Never::ExitCode(c) if es => format!("un proceso no termina con el código {c} (solo 0–255)"),
            Never::ExitCode(c) => format!("no process exits with code {c} (only 0–255)"),
            Never::NamedAnonymous(v) if es => {
                format!("un volumen anónimo no se llama «{v}»: quita «volume» o «anonymous: true»")
            }
            Never::NamedAnonymous(v) => {
                format!("an anonymous volume is not called \"{v}\": drop \"volume\" or \"anonymous: true\"")
            }
        }
    }
}

fn container(n: &str) -> Option<Never> {
    (!crate::world::container::valid_container_name(n)).then(|| Never::ContainerName(n.to_string()))
}

/// `from`/`to` of a log check: a container, or `host`.
fn actor(n: &str) -> Option<Never> {
    if n == "host" {
        None
    } else {
        container(n)
    }
}

fn nonempty(what: &'static str, s: &str) -> Option<Never> {
    s.is_empty().then_some(Never::Empty(what))
}

impl Check {
    /// Why no command can ever make this check true, if that is so: a name Docker refuses for
    /// that kind of object, an empty name, port 0, an exit code outside 0–255, an anonymous
    /// volume with a name.
    pub fn impossible(&self) -> Option<Never> {
        let volume = |v: &str| (!crate::world::volume::valid_volume_name(v)).then(|| Never::VolumeName(v.to_string()));
        let port = |p: &Option<u16>| (*p == Some(0)).then_some(Never::PortZero);
        match self {
            Check::NetworkExists(n) => nonempty("network", n),
            Check::VolumeExists(v) => volume(v),
            Check::ContainerRunning(c) | Check::ContainerRestarted(c) => container(c),
            Check::ContainerOnNetwork { container: c, network } => container(c).or(nonempty("network", network)),
            Check::DnsResolved { from, name, network } => {
                actor(from).or(nonempty("name", name)).or(network.as_deref().and_then(|n| nonempty("network", n)))
            }
            Check::DnsFailed { from, name } => actor(from).or(nonempty("name", name)),
            Check::PingReplied { from, to } => actor(from).or(container(to)),
            Check::Connected { from, to, port: p } => actor(from).or(container(to)).or(port(p)),
            Check::VolumeMounted { container: c, target, volume: v, anonymous } => {
                container(c).or(nonempty("target", target)).or(v.as_deref().and_then(volume)).or(match (v, anonymous) {
                    (Some(v), Some(true)) if !(v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())) => {
                        Some(Never::NamedAnonymous(v.clone()))
                    }
                    _ => None,
                })
            }
            Check::BindMounted { container: c, source, target } => {
                container(c).or(nonempty("source", source)).or(nonempty("target", target))
            }
            Check::FileInVolume { volume: v, path, .. } => volume(v).or(nonempty("path", path)),
            Check::FileInContainer { container: c, path, .. } => container(c).or(nonempty("path", path)),
            Check::HostFileContains { path, .. } => nonempty("path", path),
            Check::HttpOk { port: p } => port(&Some(*p)),
            Check::ComposeServiceRunning { project, service } => nonempty("service", service).or(project
                .as_deref()
                .filter(|p| {
                    p.is_empty()
                        || !p.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                        || !p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                })
                .map(|p| Never::ProjectName(p.to_string()))),
            Check::ContainerExited { name, code } => {
                container(name).or(code.filter(|c| !(0..=255).contains(c)).map(Never::ExitCode))
            }
            Check::ContainerEnv { container: c, name, .. } => container(c).or(nonempty("name", name)),
        }
    }

    /// Whether this check and `other` cannot both hold at once (checks of one step must): the same
    /// container's variable with two values, or one mount point of a container with two mounts.
    pub fn contradicts(&self, other: &Check) -> bool {
        use Check::*;
        let mount = |c: &Check| match c {
            VolumeMounted { container, target, volume, anonymous } => {
                Some((container.clone(), normalize("/", target), volume.clone().map(|v| (false, v)), *anonymous))
            }
            BindMounted { container, source, target } => {
                Some((container.clone(), normalize("/", target), Some((true, normalize(PROJECT_DIR, source))), None))
            }
            _ => None,
        };
        match (self, other) {
            (
                ContainerEnv { container: c1, name: n1, value: Some(v1) },
                ContainerEnv { container: c2, name: n2, value: Some(v2) },
            ) => c1 == c2 && n1 == n2 && v1 != v2,
            _ => match (mount(self), mount(other)) {
                (Some((c1, t1, s1, a1)), Some((c2, t2, s2, a2))) if c1 == c2 && t1 == t2 => {
                    let bind1 = matches!(self, BindMounted { .. });
                    let bind2 = matches!(other, BindMounted { .. });
                    (bind1 != bind2)
                        || matches!((&s1, &s2), (Some(x), Some(y)) if x != y)
                        || matches!((a1, a2), (Some(x), Some(y)) if x != y)
                }
                _ => false,
            },
        }
    }

    /// The names this check is about (containers, networks, volumes, services, DNS names, paths
    /// and their file names, ports, values): what a hint of its step may mention.
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |s: &str| {
            if !s.is_empty() && s != "host" {
                out.push(s.to_string());
            }
        };
        let path = |p: &str, add: &mut dyn FnMut(&str)| {
            add(p);
            for part in p.split('/') {
                add(part);
            }
        };
        match self {
            Check::NetworkExists(n)
            | Check::VolumeExists(n)
            | Check::ContainerRunning(n)
            | Check::ContainerRestarted(n) => add(n),
            Check::ContainerOnNetwork { container, network } => {
                add(container);
                add(network);
            }
            Check::DnsResolved { from, name, network } => {
                add(from);
                add(name);
                if let Some(n) = network {
                    add(n);
                }
            }
            Check::DnsFailed { from, name } => {
                add(from);
                add(name);
            }
            Check::PingReplied { from, to } => {
                add(from);
                add(to);
            }
            Check::Connected { from, to, port } => {
                add(from);
                add(to);
                if let Some(p) = port {
                    add(&p.to_string());
                }
            }
            Check::VolumeMounted { container, target, volume, .. } => {
                add(container);
                path(target, &mut add);
                if let Some(v) = volume {
                    add(v);
                }
            }
            Check::BindMounted { container, source, target } => {
                add(container);
                path(source, &mut add);
                path(target, &mut add);
            }
            Check::FileInVolume { volume, path: p, contains } => {
                add(volume);
                path(p, &mut add);
                if let Some(c) = contains {
                    add(c);
                }
            }
            Check::FileInContainer { container, path: p, contains } => {
                add(container);
                path(p, &mut add);
                if let Some(c) = contains {
                    add(c);
                }
            }
            Check::HostFileContains { path: p, contains } => {
                path(p, &mut add);
                if let Some(c) = contains {
                    add(c);
                }
            }
            Check::HttpOk { port } => add(&port.to_string()),
            Check::ComposeServiceRunning { project, service } => {
                add(service);
                if let Some(p) = project {
                    add(p);
                }
            }
            Check::ContainerExited { name, .. } => add(name),
            Check::ContainerEnv { container, name, value } => {
                add(container);
                add(name);
                if let Some(v) = value {
                    add(v);
                }
            }
        }
        out
    }
}
