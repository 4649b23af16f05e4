//! A container as `GET /containers/{id}/json` answers in Engine 28.2
//! (`container.InspectResponse`): every field in the Go structs' order, with
//! the values the CLI and daemon fill in for a `docker run` (nil slices as
//! `null`, the CLI's empty lists as `[]`, Engine 28's default masked paths…).
//! Sources: moby v28.2.2 `api/types/container/{container,hostconfig,config,
//! network_settings}.go`, `daemon/inspect.go`, `daemon/daemon_unix.go`
//! (`adaptContainerSettings`), docker/cli v28.2.2 `cli/command/container/opts.go`.

use super::stable;
use crate::docker::templates::{Struct, Value};
use crate::world::container::{Container, Health, Healthcheck, MountKind, Status};
use crate::world::{World, HOST_NAME};

/// The JSON `docker inspect` prints for a container; `with_size` adds `SizeRw`/`SizeRootFs` (`-s`).
pub fn container_value(world: &World, c: &Container, with_size: bool) -> Value {
    let argv = c.argv();
    let path = argv.first().cloned().unwrap_or_default();
    let args: Vec<String> = argv.iter().skip(1).cloned().collect();
    let dir = format!("/var/lib/docker/containers/{}", c.id);
    let started = c.state.started_at.is_some();
    let mut base = Struct::new("container.InspectResponse")
        .field_as("ID", "Id", Value::str(&c.id))
        .field("Created", Value::str(stable::sim_time_rfc3339(c.created, &[&c.id, "created"])))
        .field("Path", Value::str(path))
        .field("Args", strings(&args))
        .field("State", state(c, world.now()))
        .field("Image", Value::str(format!("sha256:{}", c.config.image_id)))
        .field("ResolvConfPath", Value::str(format!("{dir}/resolv.conf")))
        .field("HostnamePath", Value::str(format!("{dir}/hostname")))
        .field("HostsPath", Value::str(format!("{dir}/hosts")))
        .field("LogPath", Value::str(format!("{dir}/{}-json.log", c.id)))
        .field("Name", Value::str(format!("/{}", c.name)))
        .field("RestartCount", Value::Int(i64::from(c.state.restart_count)))
        .field("Driver", Value::str("overlay2"))
        .field("Platform", Value::str("linux"))
        .field("MountLabel", Value::str(""))
        .field("ProcessLabel", Value::str(""))
        // Set when the container is started on an AppArmor host (the simulated host is Ubuntu).
        .field("AppArmorProfile", Value::str(if started { "docker-default" } else { "" }))
        .field("ExecIDs", Value::List(None))
        .field("HostConfig", host_config(c))
        .field("GraphDriver", graph_driver(world, c));
    if with_size {
        let root = world.images().iter().find(|i| i.id == c.config.image_id).map_or(0, |i| i.size_bytes);
        base = base.field("SizeRw", Value::Int(0)).field("SizeRootFs", Value::Int(root as i64));
    }
    base.field("Mounts", mounts(world, c))
        .field("Config", config(c))
        .field("NetworkSettings", network_settings(world, c))
        .into_value()
}

fn strings(items: &[String]) -> Value {
    Value::list(items.iter().map(Value::str).collect())
}

/// A Go `[]string` that is nil when empty (`null`).
fn strings_or_null(items: &[String]) -> Value {
    if items.is_empty() {
        Value::List(None)
    } else {
        strings(items)
    }
}

/// `map[string]struct{}` (`ExposedPorts`, `Volumes`), `null` when `nil_if_empty` and empty.
fn set_of(keys: &[String], nil_if_empty: bool) -> Value {
    if keys.is_empty() && nil_if_empty {
        return Value::Map(None);
    }
    Value::map(keys.iter().map(|k| (k.clone(), Struct::new("struct {}").into_value())))
}

fn state(c: &Container, now: crate::SimTime) -> Value {
    let st = &c.state;
    let status = st.status;
    let running = matches!(status, Status::Running | Status::Restarting);
    let time = |t: Option<crate::SimTime>, what: &str| match t {
        Some(t) => Value::str(stable::sim_time_rfc3339(t, &[&c.id, what, &st.generation.to_string()])),
        None => Value::str(stable::ZERO_TIME),
    };
    let mut s = Struct::new("container.State")
        .field("Status", Value::str(c.state_str()))
        .field("Running", Value::Bool(running))
        .field("Paused", Value::Bool(c.is_paused()))
        .field("Restarting", Value::Bool(status == Status::Restarting))
        .field("OOMKilled", Value::Bool(st.oom_killed))
        .field("Dead", Value::Bool(status == Status::Dead))
        .field("Pid", Value::Int(if status == Status::Running { i64::from(st.pid) } else { 0 }))
        .field("ExitCode", Value::Int(if status == Status::Running { 0 } else { i64::from(st.exit_code) }))
        .field("Error", Value::str(&st.error))
        .field("StartedAt", time(st.started_at, "started"))
        .field("FinishedAt", time(st.finished_at, "finished"));
    if let (Some(hc), true) = (&c.config.healthcheck, st.started_at.is_some()) {
        s = s.field("Health", health(c, hc, now));
    }
    s.into_value()
}

/// `State.Health`: the status, the failure streak and the last (at most 5) probes.
/// Probe times are reconstructed from the schedule (one every interval since the
/// start); the last status stays after the container stops.
fn health(c: &Container, hc: &Healthcheck, now: crate::SimTime) -> Value {
    let st = &c.state;
    let started = st.started_at.unwrap_or_default().ms();
    let until = if c.is_running() { now.ms() } else { st.finished_at.map_or(now.ms(), |t| t.ms()) };
    let interval = hc.interval_ms.max(1);
    let probes_done = until.saturating_sub(started) / interval;
    let status = match &st.health {
        Some(h) => h.clone(),
        None if st.failing_streak >= hc.retries.max(1) => Health::Unhealthy,
        None if probes_done == 0 => Health::Starting,
        None => Health::Healthy,
    };
    let shown = probes_done.min(5);
    let failing = u64::from(st.failing_streak);
    let log: Vec<Value> = (0..shown)
        .map(|i| {
            let k = probes_done - shown + 1 + i;
            let at = started.saturating_add(k.saturating_mul(interval));
            let failed = failing > 0 && i + failing >= shown;
            let (id, at_s) = (c.id.as_str(), at.to_string());
            Struct::new("container.HealthcheckResult")
                .field("Start", Value::str(stable::sim_time_rfc3339(crate::SimTime(at), &[id, "probe", &at_s])))
                .field("End", Value::str(stable::sim_time_rfc3339(crate::SimTime(at + 40), &[id, "probe-end", &at_s])))
                .field("ExitCode", Value::Int(i64::from(failed)))
                .field("Output", Value::str(""))
                .into_value()
        })
        .collect();
    Struct::new("container.Health")
        .field("Status", Value::str(status.as_str()))
        .field("FailingStreak", Value::Int(i64::from(st.failing_streak)))
        .field("Log", Value::list(log))
        .into_value()
}

/// `-v` specs as the CLI sends them in `HostConfig.Binds` (anonymous volumes go to `Config.Volumes`).
fn binds(c: &Container) -> Vec<String> {
    c.host
        .mounts
        .iter()
        .filter(|m| !m.anonymous && !m.via_mount)
        .filter_map(|m| {
            let src = match &m.kind {
                MountKind::Volume(n) => n.clone(),
                MountKind::Bind(p) => p.clone(),
                MountKind::Tmpfs => return None,
            };
            Some(match (m.mode.is_empty(), m.rw) {
                (false, _) => format!("{src}:{}:{}", m.dest, m.mode),
                (true, true) => format!("{src}:{}", m.dest),
                (true, false) => format!("{src}:{}:ro", m.dest),
            })
        })
        .collect()
}

/// `--mount` specs as the CLI sends them in `HostConfig.Mounts` (docker/cli `opts/mount.go`:
/// options only for the keys given; moby's `mount.Mount` omits empty fields).
fn api_mounts(c: &Container) -> Value {
    let list: Vec<Value> = c
        .host
        .mounts
        .iter()
        .filter(|m| m.via_mount)
        .map(|m| {
            let (ty, src) = match &m.kind {
                MountKind::Volume(n) => ("volume", if m.anonymous { "" } else { n.as_str() }),
                MountKind::Bind(p) => ("bind", p.as_str()),
                MountKind::Tmpfs => ("tmpfs", ""),
            };
            let mut s = Struct::new("mount.Mount")
                .omitempty("Type", Value::str(ty))
                .omitempty("Source", Value::str(src))
                .omitempty("Target", Value::str(&m.dest))
                .omitempty("ReadOnly", Value::Bool(!m.rw));
            if !m.propagation.is_empty() {
                s = s.field(
                    "BindOptions",
                    Struct::new("mount.BindOptions").omitempty("Propagation", Value::str(&m.propagation)).into_value(),
                );
            }
            if m.no_copy || m.subpath.is_some() {
                s = s.field(
                    "VolumeOptions",
                    Struct::new("mount.VolumeOptions")
                        .omitempty("NoCopy", Value::Bool(m.no_copy))
                        .omitempty("Subpath", Value::str(m.subpath.as_deref().unwrap_or("")))
                        .into_value(),
                );
            }
            s.into_value()
        })
        .collect();
    if list.is_empty() {
        Value::List(None)
    } else {
        Value::list(list)
    }
}

fn port_key(port: u16, proto: &str) -> String {
    format!("{port}/{proto}")
}

fn host_config(c: &Container) -> Value {
    let h = &c.host;
    let mut port_bindings: Vec<(String, Vec<Value>)> = Vec::new();
    for b in &h.port_bindings {
        let key = port_key(b.container_port, b.proto.as_str());
        let binding = Struct::new("nat.PortBinding")
            .field_as("HostIP", "HostIp", Value::str(&b.host_ip))
            .field("HostPort", Value::str(b.host_port.map(|p| p.to_string()).unwrap_or_default()))
            .into_value();
        match port_bindings.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(binding),
            None => port_bindings.push((key, vec![binding])),
        }
    }
    let tmpfs: Vec<(String, String)> = h
        .mounts
        .iter()
        .filter(|m| m.kind == MountKind::Tmpfs && !m.via_mount)
        .map(|m| (m.dest.clone(), String::new()))
        .collect();
    let memory = h.memory.unwrap_or(0) as i64;
    let empty_list = || Value::list(Vec::new());
    let mut s = Struct::new("container.HostConfig")
        .field("Binds", strings_or_null(&binds(c)))
        .field("ContainerIDFile", Value::str(""))
        .field(
            "LogConfig",
            Struct::new("container.LogConfig")
                .field("Type", Value::str("json-file"))
                .field("Config", Value::string_map(Vec::<(String, String)>::new()))
                .into_value(),
        )
        .field("NetworkMode", Value::str(&h.network_mode))
        .field("PortBindings", Value::map(port_bindings.into_iter().map(|(k, v)| (k, Value::list(v)))))
        .field(
            "RestartPolicy",
            Struct::new("container.RestartPolicy")
                .field("Name", Value::str(h.restart.name()))
                .field("MaximumRetryCount", Value::Int(i64::from(h.restart.max_retries())))
                .into_value(),
        )
        .field("AutoRemove", Value::Bool(h.auto_remove))
        .field("VolumeDriver", Value::str(""))
        .field("VolumesFrom", Value::List(None))
        // The CLI sends its terminal's size (a browser terminal of 24×80).
        .field("ConsoleSize", Value::list(vec![Value::Int(24), Value::Int(80)]))
        .field("CapAdd", Value::List(None))
        .field("CapDrop", Value::List(None))
        .field("CgroupnsMode", Value::str("private"))
        .field_as("DNS", "Dns", empty_list())
        .field_as("DNSOptions", "DnsOptions", empty_list())
        .field_as("DNSSearch", "DnsSearch", empty_list())
        .field("ExtraHosts", Value::List(None))
        .field("GroupAdd", Value::List(None))
        .field("IpcMode", Value::str("private"))
        .field("Cgroup", Value::str(""))
        .field("Links", Value::List(None))
        .field("OomScoreAdj", Value::Int(0))
        .field("PidMode", Value::str(""))
        .field("Privileged", Value::Bool(false))
        .field("PublishAllPorts", Value::Bool(h.publish_all))
        .field("ReadonlyRootfs", Value::Bool(false))
        .field("SecurityOpt", Value::List(None))
        .omitempty("Tmpfs", if tmpfs.is_empty() { Value::Map(None) } else { Value::string_map(tmpfs) })
        .field("UTSMode", Value::str(""))
        .field("UsernsMode", Value::str(""))
        .field("ShmSize", Value::Int(67_108_864))
        .omitempty("Runtime", Value::str("runc"))
        .field("Isolation", Value::str(""));
    // The embedded `Resources`.
    s = s
        .field_as("CPUShares", "CpuShares", Value::Int(0))
        .field("Memory", Value::Int(memory))
        .field_as("NanoCPUs", "NanoCpus", Value::Int(i64::try_from(c.host.nano_cpus).unwrap_or(i64::MAX)))
        .field("CgroupParent", Value::str(""))
        .field("BlkioWeight", Value::Int(0))
        .field("BlkioWeightDevice", empty_list())
        .field("BlkioDeviceReadBps", empty_list())
        .field("BlkioDeviceWriteBps", empty_list())
        .field("BlkioDeviceReadIOps", empty_list())
        .field("BlkioDeviceWriteIOps", empty_list())
        .field_as("CPUPeriod", "CpuPeriod", Value::Int(0))
        .field_as("CPUQuota", "CpuQuota", Value::Int(0))
        .field_as("CPURealtimePeriod", "CpuRealtimePeriod", Value::Int(0))
        .field_as("CPURealtimeRuntime", "CpuRealtimeRuntime", Value::Int(0))
        .field("CpusetCpus", Value::str(""))
        .field("CpusetMems", Value::str(""))
        .field("Devices", empty_list())
        .field("DeviceCgroupRules", Value::List(None))
        .field("DeviceRequests", Value::List(None))
        .field("MemoryReservation", Value::Int(0))
        // The daemon doubles the limit for swap when only `--memory` is given.
        .field("MemorySwap", Value::Int(c.host.memory_swap))
        .field("MemorySwappiness", Value::Nil)
        .field("OomKillDisable", Value::Nil)
        .field("PidsLimit", Value::Nil)
        .field("Ulimits", empty_list())
        .field_as("CPUCount", "CpuCount", Value::Int(0))
        .field_as("CPUPercent", "CpuPercent", Value::Int(0))
        .field("IOMaximumIOps", Value::Int(0))
        .field("IOMaximumBandwidth", Value::Int(0))
        .omitempty("Mounts", api_mounts(c));
    s.field("MaskedPaths", strings(&MASKED_PATHS.iter().map(|p| p.to_string()).collect::<Vec<_>>()))
        .field("ReadonlyPaths", strings(&READONLY_PATHS.iter().map(|p| p.to_string()).collect::<Vec<_>>()))
        .into_value()
}

/// moby v28.2.2 `oci/defaults.go` (the per-CPU `thermal_throttle` entries only exist on bare metal).
const MASKED_PATHS: &[&str] = &[
    "/proc/asound",
    "/proc/acpi",
    "/proc/interrupts",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
];

const READONLY_PATHS: &[&str] = &["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

/// overlay2's directories for the container's writable layer on top of its image's layers.
fn graph_driver(world: &World, c: &Container) -> Value {
    let rw = stable::hex64(&["overlay2-rw", &c.id]);
    let root = format!("/var/lib/docker/overlay2/{rw}");
    let mut lower = vec![format!("{root}-init/diff")];
    if let Some(img) = world.images().iter().find(|i| i.id == c.config.image_id) {
        lower.extend(crate::docker::image::store::layer_dirs(img).into_iter().rev().map(|d| format!("{d}/diff")));
    }
    Struct::new("storage.DriverData")
        .field(
            "Data",
            Value::string_map([
                ("LowerDir", lower.join(":")),
                ("MergedDir", format!("{root}/merged")),
                ("UpperDir", format!("{root}/diff")),
                ("WorkDir", format!("{root}/work")),
            ]),
        )
        .field("Name", Value::str("overlay2"))
        .into_value()
}

/// `Mounts`: one `MountPoint` per volume or bind mount, by destination (moby keeps them in a map).
fn mounts(world: &World, c: &Container) -> Value {
    let mut list: Vec<&crate::world::container::Mount> =
        c.host.mounts.iter().filter(|m| m.kind != MountKind::Tmpfs).collect();
    crate::sort::sort_by(&mut list, |a, b| a.dest.cmp(&b.dest));
    let items = list
        .into_iter()
        .map(|m| {
            let s = Struct::new("container.MountPoint");
            let s = match &m.kind {
                MountKind::Volume(name) => {
                    let driver = world.volumes().get(name).map_or("local", |v| v.driver.as_str());
                    // A named local volume's empty mode becomes "z" (moby `setBindModeIfNull`, for
                    // `HostConfig.Binds` only: a `--mount` keeps its empty mode, read-only or not).
                    let mode = match (m.rw, m.anonymous || m.via_mount) {
                        _ if !m.mode.is_empty() => m.mode.as_str(),
                        (_, true) => "",
                        (false, false) => "ro",
                        (true, false) => "z",
                    };
                    s.omitempty("Type", Value::str("volume"))
                        .omitempty("Name", Value::str(name))
                        .field("Source", Value::str(format!("/var/lib/docker/volumes/{name}/_data")))
                        .field("Destination", Value::str(&m.dest))
                        .omitempty("Driver", Value::str(driver))
                        .field("Mode", Value::str(mode))
                        .field("RW", Value::Bool(m.rw))
                        .field("Propagation", Value::str(""))
                }
                MountKind::Bind(src) => s
                    .omitempty("Type", Value::str("bind"))
                    .omitempty("Name", Value::str(""))
                    .field("Source", Value::str(src))
                    .field("Destination", Value::str(&m.dest))
                    .omitempty("Driver", Value::str(""))
                    .field(
                        "Mode",
                        Value::str(if !m.mode.is_empty() || m.rw || m.via_mount { m.mode.as_str() } else { "ro" }),
                    )
                    .field("RW", Value::Bool(m.rw))
                    .field(
                        "Propagation",
                        Value::str(if m.propagation.is_empty() { "rprivate" } else { &m.propagation }),
                    ),
                MountKind::Tmpfs => s,
            };
            s.into_value()
        })
        .collect();
    Value::list(items)
}

fn config(c: &Container) -> Value {
    let cfg = &c.config;
    // The CLI attaches the streams unless detached; `-it` is how students run attached.
    let attached = cfg.open_stdin && cfg.tty;
    let hostname =
        if c.host.network_mode == "host" && !cfg.hostname_set { HOST_NAME.to_string() } else { cfg.hostname.clone() };
    let env: Vec<String> = cfg.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let volumes: Vec<String> =
        c.host.mounts.iter().filter(|m| m.anonymous && !m.via_mount).map(|m| m.dest.clone()).collect();
    let mut s = Struct::new("container.Config")
        .field("Hostname", Value::str(hostname))
        .field("Domainname", Value::str(&cfg.domainname))
        .field("User", Value::str(&cfg.user))
        .field("AttachStdin", Value::Bool(attached))
        .field("AttachStdout", Value::Bool(attached))
        .field("AttachStderr", Value::Bool(attached))
        .omitempty("ExposedPorts", set_of(&cfg.exposed, true))
        .field("Tty", Value::Bool(cfg.tty))
        .field("OpenStdin", Value::Bool(cfg.open_stdin))
        .field("StdinOnce", Value::Bool(attached))
        .field("Env", strings(&env))
        .field("Cmd", strings_or_null(&cfg.cmd));
    if let Some(hc) = &cfg.healthcheck {
        s = s.field("Healthcheck", healthcheck_config(hc));
    }
    s.field("Image", Value::str(&cfg.image))
        .field("Volumes", set_of(&volumes, true))
        .field("WorkingDir", Value::str(&cfg.workdir))
        .field("Entrypoint", strings_or_null(&cfg.entrypoint))
        .field("OnBuild", Value::List(None))
        .field("Labels", Value::string_map(cfg.labels.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
        .omitempty("StopSignal", Value::str(&cfg.stop_signal))
        .omitempty("StopTimeout", cfg.stop_timeout_s.map_or(Value::Nil, |t| Value::Int(t as i64)))
        .into_value()
}

/// `Config.Healthcheck` (durations in nanoseconds; the defaults the CLI leaves at zero are omitted).
pub fn healthcheck_config(hc: &Healthcheck) -> Value {
    let ns = |ms: u64, default: u64| if ms == default { 0 } else { (ms as i64).saturating_mul(1_000_000) };
    Struct::new("container.HealthConfig")
        .omitempty("Test", strings(&hc.test))
        .omitempty("Interval", Value::Int(ns(hc.interval_ms, 30_000)))
        .omitempty("Timeout", Value::Int(ns(hc.timeout_ms, 30_000)))
        .omitempty("StartPeriod", Value::Int(ns(hc.start_period_ms, 0)))
        .omitempty("StartInterval", Value::Int(0))
        .omitempty("Retries", Value::Int(if hc.retries == 3 { 0 } else { i64::from(hc.retries) }))
        .into_value()
}

/// `NetworkSettings`: the sandbox while running, the published ports, the
/// deprecated top-level fields for the default bridge, and one entry per network.
fn network_settings(world: &World, c: &Container) -> Value {
    let running = c.is_running();
    let sandbox =
        if running { stable::hex64(&["sandbox", &c.id, &c.state.generation.to_string()]) } else { String::new() };
    let sandbox_key = sandbox.get(..12).map(|s| format!("/var/run/docker/netns/{s}")).unwrap_or_default();
    let networks: Vec<(String, Value)> = c
        .networks
        .iter()
        .filter_map(|a| world.networks().get(&a.net).map(|n| (n.name.clone(), endpoint_settings(world, c, a))))
        .collect();
    let bridge = networks.iter().find(|(name, _)| name == "bridge").map(|(_, v)| v.clone());
    let from_bridge = |field: &str| match &bridge {
        Some(Value::Struct(s)) => s.get(field, false).cloned(),
        _ => None,
    };
    let text = |field: &str| from_bridge(field).unwrap_or(Value::str(""));
    let int = |field: &str| from_bridge(field).unwrap_or(Value::Int(0));
    Struct::new("container.NetworkSettings")
        .field("Bridge", Value::str(""))
        .field("SandboxID", Value::str(&sandbox))
        .field("SandboxKey", Value::str(sandbox_key))
        .field("Ports", ports(c))
        .field("HairpinMode", Value::Bool(false))
        .field("LinkLocalIPv6Address", Value::str(""))
        .field("LinkLocalIPv6PrefixLen", Value::Int(0))
        .field("SecondaryIPAddresses", Value::List(None))
        .field("SecondaryIPv6Addresses", Value::List(None))
        .field("EndpointID", text("EndpointID"))
        .field("Gateway", text("Gateway"))
        .field("GlobalIPv6Address", text("GlobalIPv6Address"))
        .field("GlobalIPv6PrefixLen", int("GlobalIPv6PrefixLen"))
        .field("IPAddress", text("IPAddress"))
        .field("IPPrefixLen", int("IPPrefixLen"))
        .field("IPv6Gateway", text("IPv6Gateway"))
        .field("MacAddress", text("MacAddress"))
        .field("Networks", Value::map(networks))
        .into_value()
}

/// `NetworkSettings.Ports`: exposed ports (`null`) and published ones while running, else `{}`.
fn ports(c: &Container) -> Value {
    let mut map: Vec<(String, Option<Vec<Value>>)> = Vec::new();
    if c.is_running() && c.host.network_mode != "host" && c.host.network_mode != "none" {
        for e in &c.config.exposed {
            let (port, proto) = crate::world::lifecycle_parse_exposed(e);
            let key = port_key(port, proto.as_str());
            if !map.iter().any(|(k, _)| *k == key) {
                map.push((key, None));
            }
        }
        for p in &c.published {
            let key = port_key(p.container_port, p.proto.as_str());
            let ips: Vec<&str> = if p.host_ip.is_empty() || p.host_ip == "0.0.0.0" {
                vec!["0.0.0.0", "::"]
            } else {
                vec![p.host_ip.as_str()]
            };
            let bindings = ips.into_iter().map(|ip| {
                Struct::new("nat.PortBinding")
                    .field_as("HostIP", "HostIp", Value::str(ip))
                    .field("HostPort", Value::str(p.host_port.to_string()))
                    .into_value()
            });
            match map.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.get_or_insert_with(Vec::new).extend(bindings),
                None => map.push((key, Some(bindings.collect()))),
            }
        }
    }
    Value::map(map.into_iter().map(|(k, v)| (k, Value::List(v))))
}

/// One entry of `NetworkSettings.Networks`: the configuration, and the
/// operational data (IDs, addresses) only while an endpoint exists.
fn endpoint_settings(world: &World, c: &Container, a: &crate::world::container::NetAttach) -> Value {
    let Some(net) = world.networks().get(&a.net) else { return Value::Nil };
    let endpoint = net.endpoints().get(&c.key);
    let ever_started = c.state.started_at.is_some();
    // host and none have endpoints without addresses.
    let addressless =
        net.driver == crate::world::network::Driver::Host || net.driver == crate::world::network::Driver::Null;
    let endpoint_id = match endpoint {
        Some(e) => e.endpoint_id.clone(),
        None if addressless && c.is_running() => {
            stable::hex64(&["endpoint", &c.id, &net.id, &c.state.generation.to_string()])
        }
        None => String::new(),
    };
    let user_defined = !net.predefined;
    let dns_names = match (endpoint, user_defined && ever_started) {
        (Some(e), true) => strings(&e.dns_names),
        (None, true) => {
            let mut names = vec![c.name.clone()];
            names.extend(a.aliases.iter().cloned());
            names.push(c.short_id().to_string());
            if !names.contains(&c.config.hostname) {
                names.push(c.config.hostname.clone());
            }
            strings(&names)
        }
        _ => Value::List(None),
    };
    let ipam = match a.ipv4 {
        Some(ip) => {
            Struct::new("network.EndpointIPAMConfig").omitempty("IPv4Address", Value::str(ip.to_string())).into_value()
        }
        None => Value::Nil,
    };
    let prefix = net.subnet.map_or(0, |s| i64::from(s.prefix));
    Struct::new("network.EndpointSettings")
        .field("IPAMConfig", ipam)
        .field("Links", Value::List(None))
        .field("Aliases", strings_or_null(&a.aliases))
        .field("MacAddress", Value::str(endpoint.map(|e| e.mac.clone()).unwrap_or_default()))
        .field("DriverOpts", Value::Map(None))
        .field("GwPriority", Value::Int(0))
        .field("NetworkID", Value::str(if ever_started { net.id.as_str() } else { "" }))
        .field("EndpointID", Value::str(endpoint_id))
        .field("Gateway", Value::str(endpoint.and(net.gateway).map(|g| g.to_string()).unwrap_or_default()))
        .field("IPAddress", Value::str(endpoint.map(|e| e.ip.to_string()).unwrap_or_default()))
        .field("IPPrefixLen", Value::Int(if endpoint.is_some() { prefix } else { 0 }))
        .field("IPv6Gateway", Value::str(""))
        .field("GlobalIPv6Address", Value::str(""))
        .field("GlobalIPv6PrefixLen", Value::Int(0))
        .field("DNSNames", dns_names)
        .into_value()
}
