//! `docker version`, `docker info` (`system info`) and `docker system df`:
//! what the simulated host says about itself. It claims to be "Docker
//! Engine - Community" 28.2.2 on Ubuntu 24.04 with the classic overlay2 store; the
//! versions and commits are those of the v28.2.2 tags of docker/cli and
//! moby (Go 1.24.3, containerd 1.7.27, runc 1.2.5, tini 0.19.0). Layouts
//! from docker/cli v28.2.2 `cli/command/system/{version,info,df}.go` and
//! `cli/command/formatter/disk_usage.go`.

use super::args::{b, v, Parsed};
use super::image::store;
use super::templates::{human_size, write_list, ListFormat, Mode, Struct, Template, Value, INSPECT_FORMAT_HELP};
use super::{done, Cmd};
use crate::process::{Cx, Job};
use crate::world::{World, HOST_NAME};

pub const COMMANDS: &[Cmd] = &[
    Cmd {
        path: "version",
        aliases: &[],
        usage: "version [OPTIONS]",
        short: "Show the Docker version information",
        flags: &[v("format", Some('f'), "string", INSPECT_FORMAT_HELP)],
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(0),
        run: version,
    },
    Cmd {
        path: "info",
        aliases: &["system info"],
        usage: "info [OPTIONS]",
        short: "Display system-wide information",
        flags: &[v("format", Some('f'), "string", INSPECT_FORMAT_HELP)],
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(0),
        run: info,
    },
    Cmd {
        path: "system df",
        aliases: &[],
        usage: "system df [OPTIONS]",
        short: "Show docker disk usage",
        flags: &[
            v("format", None, "string", super::templates::LIST_FORMAT_HELP),
            b("verbose", Some('v'), "Show detailed information on space usage"),
        ],
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(0),
        run: df,
    },
    Cmd {
        path: "system prune",
        aliases: &[],
        usage: "system prune [OPTIONS]",
        short: "Remove unused data",
        flags: &[
            b("all", Some('a'), "Remove all unused images not just dangling ones"),
            v("filter", None, "filter", "Provide filter values (e.g. \"label=<key>=<value>\")"),
            b("force", Some('f'), "Do not prompt for confirmation"),
            b("volumes", None, "Prune anonymous volumes"),
        ],
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(0),
        run: prune,
    },
];

/// `docker system prune`: one question listing what each pruner removes, then containers,
/// networks, volumes (with `--volumes`), images and build cache in docker/cli's `pruneOrder`,
/// each printing its part, and the total (`cli/command/system/prune.go`).
fn prune(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let filters = match super::filters::Filters::parse(&p.all("filter")) {
        Ok(f) => f,
        Err(bad) => {
            let usage = "system prune [OPTIONS]";
            return done(super::filters::bad_filter_flag(cx, "--filter", &bad, "system prune", usage));
        }
    };
    let (all, volumes) = (p.has("all"), p.has("volumes"));
    let mut warnings = vec!["all stopped containers", "all networks not used by at least one container"];
    if volumes {
        warnings.push("all anonymous volumes not used by at least one container");
    }
    warnings.push(if all {
        "all images without at least one container associated to them"
    } else {
        "all dangling images"
    });
    warnings.push(if all { "all build cache" } else { "unused build cache" });
    let mut message = String::from("WARNING! This will remove:");
    for w in &warnings {
        message.push_str("\n  - ");
        message.push_str(w);
    }
    message.push('\n');
    let shown = p.all("filter");
    if !shown.is_empty() {
        message.push_str("\n  Items to be pruned will be filtered with:");
        for f in shown {
            message.push_str("\n  - ");
            message.push_str(&f);
        }
        message.push('\n');
    }
    super::confirm(
        cx,
        &message,
        p.has("force"),
        Box::new(move |cx: &mut Cx<'_>| {
            let mut out = super::container::prune_stopped(cx.world, &filters);
            out.push_str(&super::network::prune_unused(cx.world, &filters));
            let mut reclaimed = 0;
            if volumes {
                let (text, freed) = super::volume::prune_unused(cx.world, all, &filters);
                out.push_str(&text);
                reclaimed += freed;
            }
            let (text, freed) = super::image::prune_unused(cx.world, all);
            out.push_str(&text);
            reclaimed += freed;
            out.push_str(&format!("Total reclaimed space: {}\n", human_size(reclaimed)));
            cx.io.out(&out);
            0
        }),
    )
}

const PLATFORM: &str = "Docker Engine - Community";
const CONTAINERD_COMMIT: &str = "05044ec0a9a75232cad458027ca83437aae3f4da";
const RUNC_COMMIT: &str = "v1.2.5-0-g59923ef";
const INIT_COMMIT: &str = "de40ad0";

/// The data `docker version` formats (`versionInfo`: the client, and the server's `types.Version`).
fn version_value() -> Value {
    let details = |pairs: &[(&str, &str)]| Value::string_map(pairs.iter().copied());
    let component = |name: &str, version: &str, d: Value| {
        Struct::new("types.ComponentVersion")
            .field("Name", Value::str(name))
            .field("Version", Value::str(version))
            .omitempty("Details", d)
            .into_value()
    };
    let client = Struct::new("command.clientVersion")
        .omitempty("Platform", Struct::new("command.platformInfo").omitempty("Name", Value::str(PLATFORM)).into_value())
        .omitempty("Version", Value::str("28.2.2"))
        .field_as("APIVersion", "ApiVersion", Value::str("1.50"))
        .omitempty("DefaultAPIVersion", Value::str("1.50"))
        .omitempty("GitCommit", Value::str("e6534b4"))
        .omitempty("GoVersion", Value::str("go1.24.3"))
        .omitempty("Os", Value::str("linux"))
        .omitempty("Arch", Value::str("amd64"))
        .omitempty("BuildTime", Value::str("Fri May 30 09:39:08 2025"))
        .field("Context", Value::str("default"))
        .into_value();
    let server = Struct::new("types.Version")
        .field("Platform", Struct::new("struct { Name string }").field("Name", Value::str(PLATFORM)).into_value())
        .omitempty(
            "Components",
            Value::list(vec![
                component(
                    "Engine",
                    "28.2.2",
                    details(&[
                        ("ApiVersion", "1.50"),
                        ("Arch", "amd64"),
                        ("BuildTime", "Fri May 30 08:53:59 2025"),
                        ("Experimental", "false"),
                        ("GitCommit", "45873be"),
                        ("GoVersion", "go1.24.3"),
                        ("KernelVersion", "6.8.0-60-generic"),
                        ("MinAPIVersion", "1.24"),
                        ("Os", "linux"),
                    ]),
                ),
                component("containerd", "1.7.27", details(&[("GitCommit", CONTAINERD_COMMIT)])),
                component("runc", "1.2.5", details(&[("GitCommit", RUNC_COMMIT)])),
                component("docker-init", "0.19.0", details(&[("GitCommit", INIT_COMMIT)])),
            ]),
        )
        .field("Version", Value::str("28.2.2"))
        .field_as("APIVersion", "ApiVersion", Value::str("1.50"))
        .omitempty("MinAPIVersion", Value::str("1.24"))
        .field("GitCommit", Value::str("45873be"))
        .field("GoVersion", Value::str("go1.24.3"))
        .field("Os", Value::str("linux"))
        .field("Arch", Value::str("amd64"))
        .omitempty("KernelVersion", Value::str("6.8.0-60-generic"))
        .omitempty("BuildTime", Value::str("2025-05-30T08:53:59.000000000+00:00"))
        .into_value();
    Struct::new("system.versionInfo").field("Client", client).field("Server", server).into_value()
}

/// The default layout: the template's tab-separated lines through a tabwriter of minimum width 20.
const VERSION_TEXT: &[(&str, &str)] = &[
    ("Client: Docker Engine - Community", ""),
    (" Version:", "28.2.2"),
    (" API version:", "1.50"),
    (" Go version:", "go1.24.3"),
    (" Git commit:", "e6534b4"),
    (" Built:", "Fri May 30 09:39:08 2025"),
    (" OS/Arch:", "linux/amd64"),
    (" Context:", "default"),
    ("", ""),
    ("Server: Docker Engine - Community", ""),
    (" Engine:", ""),
    ("  Version:", "28.2.2"),
    ("  API version:", "1.50 (minimum version 1.24)"),
    ("  Go version:", "go1.24.3"),
    ("  Git commit:", "45873be"),
    ("  Built:", "Fri May 30 08:53:59 2025"),
    ("  OS/Arch:", "linux/amd64"),
    ("  Experimental:", "false"),
    (" containerd:", ""),
    ("  Version:", "1.7.27"),
    ("  GitCommit:", CONTAINERD_COMMIT),
    (" runc:", ""),
    ("  Version:", "1.2.5"),
    ("  GitCommit:", RUNC_COMMIT),
    (" docker-init:", ""),
    ("  Version:", "0.19.0"),
    ("  GitCommit:", INIT_COMMIT),
];

fn version(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let format = p.get("format").unwrap_or("");
    if format.is_empty() {
        let mut out = String::new();
        for (label, value) in VERSION_TEXT {
            if value.is_empty() {
                out.push_str(label);
            } else {
                out.push_str(&format!("{label:<20}{value}"));
            }
            out.push('\n');
        }
        cx.io.out(&out);
        return done(0);
    }
    let source = if format == "json" { "{{json .}}" } else { format };
    let tmpl = match Template::parse(source) {
        Ok(t) => t,
        Err(e) => {
            cx.io.errln(&format!("template parsing error: {e}"));
            return done(64);
        }
    };
    match tmpl.execute(&version_value(), Mode::default()) {
        Ok(text) => {
            cx.io.outln(&text);
            done(0)
        }
        Err(e) => {
            cx.io.outln("");
            cx.io.errln(&e);
            done(1)
        }
    }
}

/// What `docker info` counts.
struct Counts {
    containers: usize,
    /// moby's state counter: running but not paused.
    running: usize,
    paused: usize,
    images: usize,
}

fn counts(world: &World) -> Counts {
    let paused = world.containers().values().filter(|c| c.is_paused()).count();
    let running = world.containers().values().filter(|c| c.is_running()).count() - paused;
    Counts { containers: world.containers().len(), running, paused, images: store::image_ids(world).len() }
}

fn info(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let n = counts(cx.world);
    if let Some(format) = p.get("format").filter(|f| !f.is_empty()) {
        let data = Struct::new("info.dockerInfo")
            .field("Containers", Value::Int(n.containers as i64))
            .field("ContainersRunning", Value::Int(n.running as i64))
            .field("ContainersPaused", Value::Int(n.paused as i64))
            .field("ContainersStopped", Value::Int((n.containers - n.running - n.paused) as i64))
            .field("Images", Value::Int(n.images as i64))
            .field("Driver", Value::str("overlay2"))
            .field("Name", Value::str(HOST_NAME))
            .field("ServerVersion", Value::str("28.2.2"))
            .field("OperatingSystem", Value::str("Ubuntu 24.04.2 LTS"))
            .field("OSType", Value::str("linux"))
            .field("Architecture", Value::str("x86_64"))
            .field_as("NCPU", "NCPU", Value::Int(4))
            .field("MemTotal", Value::Int(8_322_498_560))
            .field("DockerRootDir", Value::str("/var/lib/docker"))
            .into_value();
        let source = if format == "json" { "{{json .}}" } else { format };
        return match Template::parse(source).and_then(|t| t.execute(&data, Mode::default())) {
            Ok(text) => {
                cx.io.outln(&text);
                done(0)
            }
            Err(e) => {
                cx.io.errln(&format!("template parsing error: {e}"));
                done(64)
            }
        };
    }
    let id = super::inspect::stable::hex64(&["daemon-id"]);
    let uuid = format!("{}-{}-{}-{}-{}", &id[0..8], &id[8..12], &id[12..16], &id[16..20], &id[20..32]);
    let text = format!(
        "Client: {PLATFORM}
 Version:    28.2.2
 Context:    default
 Debug Mode: false

Server:
 Containers: {containers}
  Running: {running}
  Paused: {paused}
  Stopped: {stopped}
 Images: {images}
 Server Version: 28.2.2
 Storage Driver: overlay2
  Backing Filesystem: extfs
  Supports d_type: true
  Using metacopy: false
  Native Overlay Diff: true
  userxattr: false
 Logging Driver: json-file
 Cgroup Driver: systemd
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 Swarm: inactive
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: {CONTAINERD_COMMIT}
 runc version: {RUNC_COMMIT}
 init version: {INIT_COMMIT}
 Security Options:
  apparmor
  seccomp
   Profile: builtin
  cgroupns
 Kernel Version: 6.8.0-60-generic
 Operating System: Ubuntu 24.04.2 LTS
 OSType: linux
 Architecture: x86_64
 CPUs: 4
 Total Memory: 7.751GiB
 Name: {HOST_NAME}
 ID: {uuid}
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false

",
        containers = n.containers,
        running = n.running,
        paused = n.paused,
        stopped = n.containers - n.running - n.paused,
        images = n.images,
    );
    cx.io.out(&text);
    done(0)
}

/// `docker system df`: images, containers, local volumes and the (empty) build cache.
fn df(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let world = &*cx.world;
    let ids = store::image_ids(world);
    let mut layers: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    let mut used_bytes = 0u64;
    let mut active_images = 0;
    for id in &ids {
        let Some(img) = world.images().iter().find(|i| i.id == *id && !i.removed) else { continue };
        for (chain, size) in store::chain_ids(img).into_iter().zip(store::layer_sizes(img)) {
            layers.insert(chain, size);
        }
        if world.containers().values().any(|c| c.config.image_id == *id) {
            active_images += 1;
            used_bytes += img.size_bytes;
        }
    }
    let total: u64 = layers.values().sum();
    let with_pct = |reclaimable: u64, total: u64| match (reclaimable.saturating_mul(100)).checked_div(total) {
        Some(pct) => format!("{} ({pct}%)", human_size(reclaimable)),
        None => human_size(reclaimable),
    };
    let active_containers = world.containers().values().filter(|c| c.is_running()).count();
    let volume_sizes: Vec<(u64, bool)> =
        world.volumes().values().map(|v| (v.fs.size_below("/"), !world.volume_users(&v.name).is_empty())).collect();
    let volume_total: u64 = volume_sizes.iter().map(|(s, _)| s).sum();
    let volume_free: u64 = volume_sizes.iter().filter(|(_, used)| !used).map(|(s, _)| s).sum();
    let row = |kind: &str, count: usize, active: usize, size: String, reclaimable: String| {
        Struct::new("*formatter.diskUsageContext")
            .field("Active", Value::str(active.to_string()))
            .field("Reclaimable", Value::str(reclaimable))
            .field("Size", Value::str(size))
            .field("TotalCount", Value::str(count.to_string()))
            .field("Type", Value::str(kind))
            .into_value()
    };
    let rows = vec![
        row("Images", ids.len(), active_images, human_size(total), with_pct(total.saturating_sub(used_bytes), total)),
        row("Containers", world.containers().len(), active_containers, human_size(0), human_size(0)),
        row(
            "Local Volumes",
            volume_sizes.len(),
            volume_sizes.iter().filter(|(_, used)| *used).count(),
            human_size(volume_total),
            with_pct(volume_free, volume_total),
        ),
        row("Build Cache", 0, 0, human_size(0), human_size(0)),
    ];
    let spec = ListFormat {
        table: "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}",
        quiet: "{{.Type}}",
        raw: "type: {{.Type}}\\ntotal: {{.TotalCount}}\\nactive: {{.Active}}\\nsize: {{.Size}}\\nreclaimable: {{.Reclaimable}}\\n",
        raw_quiet: "type: {{.Type}}",
        header: &[
            ("Type", "TYPE"),
            ("TotalCount", "TOTAL"),
            ("Active", "ACTIVE"),
            ("Size", "SIZE"),
            ("Reclaimable", "RECLAIMABLE"),
        ],
    };
    match write_list(&spec, p.get("format").unwrap_or(""), false, &rows) {
        Ok(text) => {
            cx.io.out(&text);
            done(0)
        }
        Err(e) => {
            cx.io.errln(&e);
            done(1)
        }
    }
}
