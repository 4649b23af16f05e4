//! `docker run` and `docker create`: flags to a [`CreateSpec`], the image
//! pulled when missing (with Docker's pull lines), the container created
//! and started, and then either the ID (`-d`), an interactive shell (`-it`)
//! or the container's output streamed until it exits or Ctrl-C.

use super::args::{b, v, FlagSpec, Parsed};
use super::{done, run_error, Cmd};
use crate::process::{Cx, Effect, Job, Poll, Signal, Wake};
use crate::world::container::{
    Healthcheck, Mount, MountConfigProblem, MountError, MountKind, PortBinding, Proto, RestartPolicy, Stream,
};
use crate::world::image::{self, parse_reference, PullError, Reference};
use crate::world::ImageError;
use crate::world::{Cid, CreateSpec, ImageKey, Loc};

pub const RUN_FLAGS: &[FlagSpec] = &[
    v("add-host", None, "list", "Add a custom host-to-IP mapping (host:ip)"),
    v("cpus", None, "decimal", "Number of CPUs"),
    b("detach", Some('d'), "Run container in background and print container ID"),
    v("detach-keys", None, "string", "Override the key sequence for detaching a container"),
    v("entrypoint", None, "string", "Overwrite the default ENTRYPOINT of the image"),
    b("sig-proxy", None, "Proxy received signals to the process (default true)"),
    v("env", Some('e'), "list", "Set environment variables"),
    v("env-file", None, "list", "Read in a file of environment variables"),
    v("expose", None, "list", "Expose a port or a range of ports"),
    v("health-cmd", None, "string", "Command to run to check health"),
    v("health-interval", None, "duration", "Time between running the check (ms|s|m|h) (default 0s)"),
    v("health-retries", None, "int", "Consecutive failures needed to report unhealthy"),
    v(
        "health-start-period",
        None,
        "duration",
        "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)",
    ),
    v("health-timeout", None, "duration", "Maximum time to allow one check to run (ms|s|m|h) (default 0s)"),
    v("hostname", Some('h'), "string", "Container host name"),
    b("init", None, "Run an init inside the container that forwards signals and reaps processes"),
    b("interactive", Some('i'), "Keep STDIN open even if not attached"),
    v("ip", None, "string", "IPv4 address (e.g., 172.30.100.104)"),
    v("label", Some('l'), "list", "Set meta data on a container"),
    v("log-driver", None, "string", "Logging driver for the container"),
    v("memory", Some('m'), "bytes", "Memory limit"),
    v("mount", None, "mount", "Attach a filesystem mount to the container"),
    v("name", None, "string", "Assign a name to the container"),
    v("network", None, "network", "Connect a container to a network"),
    v("net", None, "network", ""),
    v("network-alias", None, "list", "Add network-scoped alias for the container"),
    v("net-alias", None, "list", ""),
    v("platform", None, "string", "Set platform if server is multi-platform capable"),
    b("privileged", None, "Give extended privileges to this container"),
    v("publish", Some('p'), "list", "Publish a container's port(s) to the host"),
    b("publish-all", Some('P'), "Publish all exposed ports to random ports"),
    v("pull", None, "string", "Pull image before running (\"always\", \"missing\", \"never\") (default \"missing\")"),
    b("quiet", Some('q'), "Suppress the pull output"),
    v("restart", None, "string", "Restart policy to apply when a container exits (default \"no\")"),
    b("rm", None, "Automatically remove the container and its associated anonymous volumes when it exits"),
    v("stop-signal", None, "string", "Signal to stop the container"),
    v("stop-timeout", None, "int", "Timeout (in seconds) to stop a container"),
    v("tmpfs", None, "list", "Mount a tmpfs directory"),
    b("tty", Some('t'), "Allocate a pseudo-TTY"),
    v("user", Some('u'), "string", "Username or UID (format: <name|uid>[:<group|gid>])"),
    v("volume", Some('v'), "list", "Bind mount a volume"),
    v("volumes-from", None, "list", "Mount volumes from the specified container(s)"),
    v("workdir", Some('w'), "string", "Working directory inside the container"),
    v("cap-add", None, "list", "Add Linux capabilities"),
    v("add-host", None, "list", ""),
    v("dns", None, "list", "Set custom DNS servers"),
];

pub const COMMANDS: &[Cmd] = &[
    Cmd {
        path: "run",
        aliases: &["container run"],
        usage: "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
        short: "Create and run a new container from an image",
        flags: RUN_FLAGS,
        stop_at_first_arg: true,
        min_args: 1,
        max_args: None,
        run,
    },
    Cmd {
        path: "create",
        aliases: &["container create"],
        usage: "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
        short: "Create a new container",
        flags: RUN_FLAGS,
        stop_at_first_arg: true,
        min_args: 1,
        max_args: None,
        run: create,
    },
    Cmd {
        path: "pull",
        aliases: &["image pull"],
        usage: "pull [OPTIONS] NAME[:TAG|@DIGEST]",
        short: "Download an image from a registry",
        flags: &[
            b("all-tags", Some('a'), "Download all tagged images in the repository"),
            b("quiet", Some('q'), "Suppress verbose output"),
            v("platform", None, "string", "Set platform if server is multi-platform capable"),
        ],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: Some(1),
        run: pull,
    },
];

/// Looks up an image locally, pulling it (with Docker's progress lines on
/// `err`) when missing. `Err` is the daemon's refusal.
pub fn ensure_image(cx: &mut Cx<'_>, reference: &str, quiet: bool, always: bool) -> Result<ImageKey, ImageError> {
    let r = Reference::parse(reference)?;
    if !always {
        if let Some(i) = cx.world.find_image(&r.familiar()) {
            return Ok(i);
        }
        if let Some(i) = cx.world.find_image(reference) {
            return Ok(i);
        }
    }
    if !quiet && !always {
        cx.io.errln(&format!("Unable to find image '{}' locally", r.familiar()));
    }
    Ok(pull_reference(cx, &r, quiet, true)?)
}

/// Pulls a reference and prints pull progress (to stderr when `to_err`).
pub fn pull_reference(cx: &mut Cx<'_>, r: &Reference, quiet: bool, to_err: bool) -> Result<ImageKey, PullError> {
    image::remote_lookup(r)?;
    let now = cx.now();
    let img = image::build_image(r, cx.world.rng(), now);
    let existing = cx.world.images().position(|i| i.repo == r.repo && i.tag == r.tag);
    let mut lines = String::new();
    let up_to_date = existing.is_some();
    if !up_to_date {
        lines.push_str(&format!("{}: Pulling from {}\n", r.tag, r.remote_path()));
        for layer in &img.layers {
            let shared = cx.world.images().iter().any(|i| i.layers.contains(layer));
            lines.push_str(&format!("{layer}: {}\n", if shared { "Already exists" } else { "Pull complete" }));
        }
        lines.push_str(&format!("Digest: sha256:{}\n", img.digest));
        lines.push_str(&format!("Status: Downloaded newer image for {}\n", r.familiar()));
    } else {
        let digest = existing.and_then(|k| cx.world.images().get(k)).map(|i| i.digest.clone()).unwrap_or_default();
        lines.push_str(&format!(
            "{}: Pulling from {}\nDigest: sha256:{digest}\nStatus: Image is up to date for {}\n",
            r.tag,
            r.remote_path(),
            r.familiar()
        ));
    }
    if !quiet {
        if to_err {
            cx.io.err(&lines);
        } else {
            cx.io.out(&lines);
        }
    }
    let index = match existing {
        Some(i) => i,
        None => crate::world::image_store::add_pulled(cx.world, img, r.familiar()),
    };
    Ok(index)
}

fn pull(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let typed = &p.args[0];
    let r = match parse_reference(typed) {
        Ok(r) => r,
        Err(m) => {
            cx.io.errln(&m);
            return done(1);
        }
    };
    let quiet = p.has("quiet");
    if !typed.contains(':') && !typed.contains('@') && !quiet {
        cx.io.outln("Using default tag: latest");
    }
    match pull_reference(cx, &r, quiet, false) {
        Ok(_) => {
            cx.io.outln(&r.canonical());
            done(0)
        }
        Err(e) => super::daemon_error(cx, &e.to_string()),
    }
}

/// Parses a size like `512m`, `1g`, `6MB` (docker's RAMInBytes).
pub fn parse_bytes(s: &str) -> Option<u64> {
    let lower = s.trim().to_ascii_lowercase();
    let digits_end = lower.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(lower.len());
    let (num, unit) = lower.split_at(digits_end);
    let n = crate::float::parse(num)?;
    let mult: f64 = match unit.trim_end_matches('b').trim_end_matches("i") {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0 * 1024.0 * 1024.0,
        "t" => 1024.0f64.powi(4),
        _ => return None,
    };
    Some((n * mult) as u64)
}

/// `-p [ip:][hostPort:]containerPort[/proto]`.
pub fn parse_publish(s: &str) -> Result<Vec<PortBinding>, String> {
    let (spec, proto) = match s.rsplit_once('/') {
        Some((a, p)) => (a, p),
        None => (s, "tcp"),
    };
    let proto = match proto {
        "tcp" => Proto::Tcp,
        "udp" => Proto::Udp,
        "sctp" => Proto::Tcp,
        other => return Err(format!("invalid proto: {other}")),
    };
    let parts: Vec<&str> = spec.split(':').collect();
    let (ip, host, cport) = match parts.as_slice() {
        [c] => ("", "", *c),
        [h, c] => ("", *h, *c),
        [ip, h, c] => (*ip, *h, *c),
        _ => return Err(format!("invalid port specification: \"{s}\"")),
    };
    if !ip.is_empty() && ip.parse::<std::net::Ipv4Addr>().is_err() {
        return Err(format!("invalid IP address: {ip}"));
    }
    let parse_range = |r: &str| -> Option<(u16, u16)> {
        match r.split_once('-') {
            Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            None => r.parse().ok().map(|p| (p, p)),
        }
    };
    let Some((c0, c1)) = parse_range(cport).filter(|(a, b)| *a > 0 && a <= b) else {
        return Err(format!("invalid containerPort: {cport}"));
    };
    let host_range = if host.is_empty() {
        None
    } else {
        Some(parse_range(host).filter(|(a, b)| *a > 0 && a <= b).ok_or_else(|| format!("invalid hostPort: {host}"))?)
    };
    let mut out = Vec::new();
    for (k, cp) in (c0..=c1).enumerate() {
        let host_port = host_range.map(|(h0, h1)| if h0 == h1 { h0 } else { h0 + k as u16 });
        out.push(PortBinding { container_port: cp, proto, host_ip: ip.to_string(), host_port });
    }
    Ok(out)
}

/// `-v src:dst[:ro]` / `-v dst`. Relative sources are resolved against `cwd` (CLI ≥ 23).
pub fn parse_volume(s: &str, cwd: &str, home: &str) -> Result<Mount, MountError> {
    let invalid = || MountError::Spec { spec: s.to_string(), why: None };
    let parts: Vec<&str> = s.split(':').collect();
    let (src, dst, opts) = match parts.as_slice() {
        [d] => (None, *d, ""),
        // moby's rule: a second field that is a valid mode makes it `dst:mode`.
        [a, b] if is_mount_mode(b) => (None, *a, *b),
        [a, b] => (Some(*a), *b, ""),
        [a, b, c] => (Some(*a), *b, *c),
        _ => return Err(invalid()),
    };
    if dst.is_empty() {
        return Err(invalid());
    }
    let mut rw = true;
    let mut no_copy = false;
    let mut propagation = String::new();
    for o in opts.split(',').filter(|o| !o.is_empty()) {
        match o {
            "ro" | "readonly" => rw = false,
            "rw" => rw = true,
            "nocopy" => no_copy = true,
            "shared" | "slave" | "private" | "rshared" | "rslave" | "rprivate" => propagation = o.to_string(),
            "z" | "Z" | "delegated" | "cached" | "consistent" => {}
            _ => return Err(MountError::InvalidMode { mode: o.to_string() }),
        }
    }
    if !dst.starts_with('/') {
        let why = MountConfigProblem::NotAbsolute { path: dst.to_string() };
        return Err(MountError::Spec { spec: s.to_string(), why: Some(why) });
    }
    let dest = crate::fs::normalize("/", dst);
    let kind = match src {
        None => {
            return Ok(Mount {
                kind: MountKind::Volume(String::new()),
                dest,
                rw,
                anonymous: true,
                no_copy,
                subpath: None,
                via_mount: false,
                mode: opts.to_string(),
                propagation,
            })
        }
        Some(src) if src.starts_with('/') || src.starts_with('.') || src.starts_with('~') => {
            let expanded =
                if let Some(rest) = src.strip_prefix('~') { format!("{home}{rest}") } else { src.to_string() };
            MountKind::Bind(crate::fs::normalize(cwd, &expanded))
        }
        Some(src) => {
            if !crate::world::volume::valid_volume_name(src) {
                let why = crate::world::LocalVolumeError::InvalidName { name: src.to_string() };
                return Err(MountError::Volume(crate::world::VolumeError::Local { name: src.to_string(), why }));
            }
            MountKind::Volume(src.to_string())
        }
    };
    Ok(Mount {
        kind,
        dest,
        rw,
        anonymous: false,
        no_copy,
        subpath: None,
        via_mount: false,
        mode: opts.to_string(),
        propagation,
    })
}

fn is_mount_mode(m: &str) -> bool {
    !m.is_empty()
        && m.split(',').all(|o| {
            matches!(
                o,
                "ro" | "rw"
                    | "nocopy"
                    | "z"
                    | "Z"
                    | "shared"
                    | "slave"
                    | "private"
                    | "rshared"
                    | "rslave"
                    | "rprivate"
                    | "delegated"
                    | "cached"
                    | "consistent"
            )
        })
}

/// `--mount type=bind,source=…,target=…[,readonly]`.
pub fn parse_mount(s: &str, cx: &Cx<'_>) -> Result<Mount, String> {
    let mut ty = "volume".to_string();
    let mut src = None;
    let mut dst = None;
    let mut rw = true;
    let mut no_copy = false;
    let mut subpath = None;
    let mut propagation = String::new();
    for field in s.split(',') {
        let (k, val) = field.split_once('=').map(|(a, b)| (a, Some(b))).unwrap_or((field, None));
        match (k, val) {
            ("type", Some(t)) => ty = t.to_string(),
            ("source" | "src", Some(x)) => src = Some(x.to_string()),
            ("target" | "destination" | "dst", Some(x)) => dst = Some(x.to_string()),
            ("readonly" | "ro", None) | ("readonly" | "ro", Some("true" | "1")) => rw = false,
            ("readonly" | "ro", Some(_)) => {}
            ("volume-nocopy", _) => no_copy = true,
            ("volume-subpath", Some(x)) => subpath = Some(x.to_string()).filter(|x| !x.is_empty()),
            ("bind-propagation", Some(x)) => propagation = x.to_ascii_lowercase(),
            (
                "bind-propagation" | "consistency" | "volume-driver" | "volume-opt" | "volume-label" | "tmpfs-size"
                | "tmpfs-mode",
                _,
            ) => {}
            _ => {
                return Err(format!("invalid argument \"{s}\" for \"--mount\" flag: unexpected key '{k}' in '{field}'"))
            }
        }
    }
    let Some(dst) = dst else {
        return Err(format!("invalid argument \"{s}\" for \"--mount\" flag: target is required"));
    };
    let dest = crate::fs::normalize("/", &dst);
    match ty.as_str() {
        "bind" => {
            let Some(src) = src else {
                let e = MountError::Config(MountConfigProblem::SourceRequired);
                return Err(format!("Error response from daemon: {e}"));
            };
            let path = cx.sh.path(&src);
            cx.world.check_bind_source(&path).map_err(|e| format!("Error response from daemon: {e}"))?;
            Ok(Mount {
                kind: MountKind::Bind(path),
                dest,
                rw,
                anonymous: false,
                no_copy,
                subpath: None,
                via_mount: true,
                mode: String::new(),
                propagation,
            })
        }
        "volume" => {
            // moby's `validateMountConfig` for a volume's subpath (at create).
            let refuse = |why| Err(format!("Error response from daemon: {}", MountError::Config(why)));
            match (&src, &subpath) {
                (None, Some(_)) => return refuse(MountConfigProblem::SubpathAnonymous),
                (Some(_), Some(sub)) if !is_local(sub) => return refuse(MountConfigProblem::SubpathNotLocal),
                _ => {}
            }
            match src {
                Some(name) => Ok(Mount {
                    kind: MountKind::Volume(name),
                    dest,
                    rw,
                    anonymous: false,
                    no_copy,
                    subpath,
                    via_mount: true,
                    mode: String::new(),
                    propagation: String::new(),
                }),
                None => Ok(Mount {
                    kind: MountKind::Volume(String::new()),
                    dest,
                    rw,
                    anonymous: true,
                    no_copy,
                    subpath,
                    via_mount: true,
                    mode: String::new(),
                    propagation: String::new(),
                }),
            }
        }
        "tmpfs" => Ok(Mount {
            kind: MountKind::Tmpfs,
            dest,
            rw,
            anonymous: false,
            no_copy,
            subpath: None,
            via_mount: true,
            mode: String::new(),
            propagation: String::new(),
        }),
        other => Err(format!("invalid argument \"{s}\" for \"--mount\" flag: invalid mount type '{other}'")),
    }
}

/// `--volumes-from CONTAINER[:ro|:rw]` (moby's `ParseVolumesFrom`, then the container's mount
/// points): the same volumes and binds at the same places, read-only when asked or when they
/// were. `Err` is the daemon's message.
pub(crate) fn volumes_from(cx: &Cx<'_>, spec: &str) -> Result<Vec<Mount>, MountError> {
    if spec.is_empty() {
        return Err(MountError::EmptyVolumesFrom);
    }
    let (reference, mode) = spec.split_once(':').unwrap_or((spec, ""));
    let valid = mode.split(',').all(|o| matches!(o, "ro" | "rw" | "z" | "Z"))
        && mode.split(',').filter(|o| matches!(*o, "ro" | "rw")).count() <= 1;
    if !mode.is_empty() && !valid {
        return Err(MountError::InvalidMode { mode: mode.to_string() });
    }
    let read_only = mode.split(',').any(|o| o == "ro");
    let cid = cx.world.find_container(reference).map_err(|_| {
        MountError::Container(crate::world::ContainerError::NotFound { reference: reference.to_string() })
    })?;
    let mounts = cx.world.container(cid).map(|c| c.host.mounts.clone()).unwrap_or_default();
    Ok(mounts
        .into_iter()
        .filter(|m| m.kind != MountKind::Tmpfs)
        // The volume stays the other container's: removing this one never removes it.
        .map(|m| Mount { rw: m.rw && !read_only, anonymous: false, no_copy: true, ..m })
        .collect())
}

/// Go's `filepath.IsLocal` on Unix: not empty, not absolute, and not leaving its base once
/// cleaned (`a/../b` is local, `../a` is not).
pub fn is_local(path: &str) -> bool {
    if path.is_empty() || path.starts_with('/') {
        return false;
    }
    let mut depth: i64 = 0;
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => depth += 1,
        }
    }
    true
}

/// Builds the create spec from `docker run`'s flags (everything but the image lookup).
fn spec_from_flags(cx: &mut Cx<'_>, p: &Parsed, image: ImageKey) -> Result<CreateSpec, (String, i32)> {
    let mut spec = CreateSpec { image, image_ref: p.args[0].clone(), ..Default::default() };
    spec.name = p.get("name").map(|s| s.to_string());
    if p.args.len() > 1 {
        spec.cmd = Some(p.args[1..].to_vec());
    }
    if let Some(ep) = p.get("entrypoint") {
        spec.entrypoint = Some(if ep.is_empty() { vec![] } else { vec![ep.to_string()] });
    }
    for e in p.all("env") {
        match e.split_once('=') {
            Some((k, v)) => spec.env.push((k.to_string(), v.to_string())),
            None => {
                if let Some(v) = cx.sh.var(&e) {
                    spec.env.push((e.clone(), v.to_string()));
                }
            }
        }
    }
    for f in p.all("env-file") {
        let path = cx.sh.path(&f);
        match cx.world.fs_read(Loc::Host, &path) {
            Ok(data) => {
                for line in String::from_utf8_lossy(&data).lines() {
                    let line = line.trim();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    match line.split_once('=') {
                        Some((k, v)) => spec.env.push((k.trim().to_string(), v.to_string())),
                        None => {
                            if let Some(v) = cx.sh.var(line) {
                                spec.env.push((line.to_string(), v.to_string()));
                            }
                        }
                    }
                }
            }
            Err(_) => return Err((format!("open {path}: no such file or directory"), 125)),
        }
    }
    spec.hostname = p.get("hostname").map(|s| s.to_string());
    spec.workdir = p.get("workdir").map(|s| s.to_string());
    if let Some(w) = &spec.workdir {
        if !w.starts_with('/') {
            let e = crate::world::CreateError::RelativeWorkdir { dir: w.clone() };
            return Err((format!("Error response from daemon: {e}"), 125));
        }
    }
    spec.user = p.get("user").map(|s| s.to_string());
    spec.tty = p.has("tty");
    spec.open_stdin = p.has("interactive");
    for l in p.all("label") {
        let (k, v) = l.split_once('=').unwrap_or((&l, ""));
        spec.labels.push((k.to_string(), v.to_string()));
    }
    if let Some(r) = p.get("restart") {
        spec.restart = RestartPolicy::parse(r).map_err(|e| (e.message(), 125))?;
    }
    spec.auto_remove = p.has("rm");
    if spec.auto_remove && spec.restart != RestartPolicy::No {
        return Err(("conflicting options: cannot specify both --restart and --rm".into(), 125));
    }
    for pub_spec in p.all("publish") {
        spec.ports.extend(parse_publish(&pub_spec).map_err(|m| (m, 125))?);
    }
    spec.publish_all = p.has("publish-all");
    for e in p.all("expose") {
        spec.exposed.push(if e.contains('/') { e } else { format!("{e}/tcp") });
    }
    let mut nets: Vec<String> = p.all("network");
    nets.extend(p.all("net"));
    let mut aliases = p.all("network-alias");
    aliases.extend(p.all("net-alias"));
    let ip = match p.get("ip") {
        Some(s) => Some(s.parse::<std::net::Ipv4Addr>().map_err(|_| (format!("invalid IPv4 address: {s}"), 125))?),
        None => None,
    };
    if nets.is_empty() {
        // The default bridge's endpoint settings, refused as the daemon refuses them.
        let refused = |e: crate::world::NetworkError| Err((format!("Error response from daemon: {e}"), 125));
        if !aliases.is_empty() {
            return refused(crate::world::NetworkError::AliasOnPredefined);
        }
        if ip.is_some() {
            return refused(crate::world::NetworkError::IpOnDefaultBridge);
        }
    }
    for (i, n) in nets.iter().enumerate() {
        let n = if n == "default" { "bridge".to_string() } else { n.clone() };
        spec.networks.push((n, if i == 0 { aliases.clone() } else { vec![] }, if i == 0 { ip } else { None }));
    }
    // moby's `registerMountPoints`: other containers' mounts first; `-v`/`--mount` on the same
    // destination replace them.
    let mut inherited = Vec::new();
    for from in p.all("volumes-from") {
        inherited.extend(volumes_from(cx, &from).map_err(|m| (format!("Error response from daemon: {m}"), 125))?);
    }
    for vol in p.all("volume") {
        let home = cx.sh.home().to_string();
        let m = parse_volume(&vol, &cx.sh.cwd, &home).map_err(|m| (format!("Error response from daemon: {m}"), 125))?;
        spec.mounts.push(m);
    }
    for m in p.all("mount") {
        let m = parse_mount(&m, cx).map_err(|m| (m, 125))?;
        spec.mounts.push(m);
    }
    for t in p.all("tmpfs") {
        spec.mounts.push(Mount {
            kind: MountKind::Tmpfs,
            dest: t.split(':').next().unwrap_or(&t).to_string(),
            rw: true,
            anonymous: false,
            no_copy: false,
            subpath: None,
            via_mount: false,
            mode: String::new(),
            propagation: String::new(),
        });
    }
    inherited.retain(|m: &Mount| !spec.mounts.iter().any(|o| o.dest == m.dest));
    let mut all = inherited;
    all.append(&mut spec.mounts);
    spec.mounts = all;
    // Anonymous volumes get their random names now.
    for m in &mut spec.mounts {
        if m.anonymous {
            if let MountKind::Volume(n) = &mut m.kind {
                *n = cx.world.rng().hex64();
            }
        }
    }
    if let Some(m) = p.get("memory") {
        spec.memory = Some(parse_bytes(m).ok_or_else(|| {
            (format!("invalid argument \"{m}\" for \"-m, --memory\" flag: invalid size: '{m}'"), 125)
        })?);
    }
    if let Some(cmd) = p.get("health-cmd") {
        let ms = |k: &str, d: u64| p.get(k).and_then(crate::duration::millis).filter(|v| *v > 0).unwrap_or(d);
        spec.healthcheck = Some(Healthcheck {
            test: vec!["CMD-SHELL".into(), cmd.to_string()],
            interval_ms: ms("health-interval", 30_000),
            timeout_ms: ms("health-timeout", 30_000),
            retries: p.get("health-retries").and_then(|r| r.parse().ok()).unwrap_or(3),
            start_period_ms: ms("health-start-period", 0),
        });
    }
    spec.stop_signal = p.get("stop-signal").map(|s| s.to_string());
    spec.stop_timeout_s = p.get("stop-timeout").and_then(|s| s.parse().ok());
    Ok(spec)
}

/// Creates a container (pulling its image when needed). Errors are printed in `docker CMD` form.
fn create_from_flags(cx: &mut Cx<'_>, p: &Parsed, cmd: &str) -> Result<Cid, Box<dyn Job>> {
    if p.has("rm") && p.get("restart").is_some_and(|r| r != "no") {
        return Err(run_error(cx, cmd, "conflicting options: cannot specify both --restart and --rm", 125));
    }
    // What the daemon checks at create before it looks for the image (moby's
    // `verifyContainerSettings`): a refusal here comes before any pull.
    if let Some(r) = p.get("restart") {
        if let Err(e) = RestartPolicy::parse(r) {
            return Err(run_error(cx, cmd, &e.message(), 125));
        }
    }
    for m in p.all("mount") {
        if let Err(e) = parse_mount(&m, cx) {
            return Err(run_error(cx, cmd, &e, 125));
        }
    }
    let pull_always = p.get("pull") == Some("always");
    if p.get("pull") == Some("never") && cx.world.find_image(&p.args[0]).is_none() {
        let r = parse_reference(&p.args[0]).map(|r| r.familiar()).unwrap_or_else(|_| p.args[0].clone());
        let e = crate::world::ImageError::NotFound { reference: r };
        return Err(run_error(cx, cmd, &format!("Error response from daemon: {e}"), 125));
    }
    let image = match ensure_image(cx, &p.args[0], p.has("quiet"), pull_always) {
        Ok(i) => i,
        Err(e) => {
            let msg = match e {
                ImageError::Reference(e) => e.to_string(),
                e => format!("Error response from daemon: {e}"),
            };
            return Err(run_error(cx, cmd, &msg, 125));
        }
    };
    let spec = match spec_from_flags(cx, p, image) {
        Ok(s) => s,
        Err((m, code)) => return Err(run_error(cx, cmd, &m, code)),
    };
    if spec.networks.iter().any(|(n, _, _)| n == "host") && !spec.ports.is_empty() {
        cx.io.errln("WARNING: Published ports are discarded when using host network mode");
    }
    match cx.world.create_container(spec) {
        Ok(cid) => Ok(cid),
        Err(e) => Err(run_error(cx, cmd, &format!("Error response from daemon: {}", e.message()), 125)),
    }
}

fn create(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    match create_from_flags(cx, p, "create") {
        Ok(cid) => {
            let id = cx.world.container(cid).map(|c| c.id.clone()).unwrap_or_default();
            cx.io.outln(&id);
            done(0)
        }
        Err(job) => job,
    }
}

fn run(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let cid = match create_from_flags(cx, p, "run") {
        Ok(cid) => cid,
        Err(job) => return job,
    };
    let id = cx.world.container(cid).map(|c| c.id.clone()).unwrap_or_default();
    let detach = p.has("detach");
    // docker/cli attaches before it starts the container; the daemon checks the detach keys
    // there (`Invalid detach keys (…) provided`), leaving the container created, exit 1.
    let keys = if detach {
        crate::process::DetachKeys::quiet()
    } else {
        match crate::process::DetachKeys::parse(p.get("detach-keys").unwrap_or(""), false) {
            Ok(k) => k,
            Err(e) => return super::daemon_error(cx, &e.to_string()),
        }
    };
    if detach {
        cx.io.outln(&id);
    }
    let cursor = cx.world.container(cid).map(|c| c.logs.len()).unwrap_or(0);
    if let Err(e) = cx.world.start_container(cid) {
        if !detach {
            // An attached run removes an --rm container that could not start.
            if cx.world.container(cid).is_some_and(|c| c.host.auto_remove) {
                cx.world.remove_container_now(cid, true);
            }
        }
        return run_error(cx, "run", &format!("Error response from daemon: {}", e.message()), e.code());
    }
    if detach {
        return done(0);
    }
    let interactive = p.has("interactive");
    // An interactive shell as the main process: the terminal becomes that shell.
    let is_shell =
        cx.world.container(cid).and_then(|c| c.main.as_ref()).is_some_and(|m| m.process.is_interactive_shell());
    if interactive && is_shell {
        let mut sh = crate::shell::ShellCtx::for_container(cx.world, cid);
        sh.is_main = false;
        cx.effects.push(Effect::PushShell { sh: Box::new(sh), attached_main: true });
        if p.has("tty") {
            cx.effects.push(Effect::DetachKeys(keys));
        }
        // Start-up output (a REPL banner) is shown before the prompt.
        let logs: Vec<(String, Stream)> = cx
            .world
            .container(cid)
            .map(|c| c.logs.since(cursor).map(|l| (l.text.clone(), l.stream)).collect())
            .unwrap_or_default();
        for (l, stream) in logs {
            crate::docker::logs::print(cx.io, &l, stream);
        }
        return done(0);
    }
    cx.effects.push(Effect::Detachable);
    if interactive && p.has("tty") {
        cx.effects.push(Effect::DetachKeys(keys));
    }
    Box::new(Attach {
        cid,
        cursor,
        generation: cx.world.container(cid).map(|c| c.state.generation).unwrap_or(0),
        interrupted: false,
        endless: true,
        // `--sig-proxy=false`: Ctrl-C leaves the CLI, the container running.
        sig_proxy: p.get("sig-proxy") != Some("false"),
        stay: false,
        stdin: interactive,
        input_ready: false,
    })
}

/// How often an attached run with standard input looks at a program busy with what was typed.
const CHECK_RUNNING_MS: u64 = 100;

/// Streams a container's output until it exits (or Ctrl-C, forwarded as SIGINT).
pub struct Attach {
    pub cid: Cid,
    pub cursor: usize,
    pub generation: u32,
    pub interrupted: bool,
    /// Whether the container's main process goes on until stopped (as last polled): only then
    /// is the attached run a command that never ends by itself.
    pub endless: bool,
    /// `--sig-proxy` (default true): Ctrl-C is forwarded as SIGINT; without it Ctrl-C only
    /// leaves, the container running.
    pub sig_proxy: bool,
    /// `docker attach`: after forwarding SIGINT the CLI stays attached until the container
    /// exits (a process that ignores the signal keeps the terminal, as in Docker).
    pub stay: bool,
    /// `-i`: the terminal's lines go to the main process's standard input.
    pub stdin: bool,
    /// The main process waits for a line (Python's `>>>`, `input()`), as last polled.
    pub input_ready: bool,
}

impl Attach {
    fn flush(&mut self, cx: &mut Cx<'_>) {
        let Some(c) = cx.world.container(self.cid) else { return };
        // With standard input attached the terminal is the program's own: a prompt stays on its
        // line (a log line that did not end), where the typed answer follows.
        let raw = self.stdin;
        let new: Vec<(String, Stream, bool)> =
            c.logs.since(self.cursor).map(|l| (l.text.clone(), l.stream, l.partial)).collect();
        self.cursor = c.logs.len();
        // The container's stderr to the CLI's (the stream was kept apart without a TTY).
        crate::docker::logs::print_lines(cx.io, &new, raw);
    }

    /// A line or end of input typed into the attached standard input.
    fn give(&mut self, line: Option<&str>, cx: &mut Cx<'_>) -> Poll {
        self.flush(cx);
        // What the pty echoed is already on the screen: the terminal showed the typed line.
        if let Some(after_echo) = cx.world.main_input(self.cid, line) {
            self.cursor = self.cursor.max(after_echo);
        }
        self.poll(cx)
    }
}

impl Job for Attach {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.flush(cx);
        match cx.world.container(self.cid) {
            None => Poll::Done(if self.interrupted { 130 } else { 0 }),
            Some(c) if c.state.generation != self.generation || !c.is_running() => Poll::Done(c.state.exit_code),
            Some(c) => {
                self.endless = c.main.as_ref().is_none_or(|m| m.process.runs_until_interrupted());
                self.input_ready = self.stdin && !c.is_paused() && cx.world.main_wants_input(self.cid);
                if self.stdin && !self.input_ready && !self.endless {
                    // A command typed into the program runs (a loop at Python's prompt may print
                    // nothing): look again soon, so a long one is seen running until Ctrl-C.
                    return Poll::Pending(Wake::At(cx.now().plus(CHECK_RUNNING_MS)));
                }
                Poll::Pending(Wake::Change)
            }
        }
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.interrupted = true;
        if !self.sig_proxy {
            self.flush(cx);
            return Poll::Done(130);
        }
        let stopped = cx.world.signal_container(self.cid, Signal::Int);
        self.flush(cx);
        if self.stay {
            // The CLI ends as the container does, with its status (the next poll reports it).
            return Poll::Pending(if stopped { Wake::At(cx.now()) } else { Wake::Change });
        }
        if stopped {
            let code = cx.world.container(self.cid).map(|c| c.state.exit_code).unwrap_or(130);
            return Poll::Done(code);
        }
        // With `-it` Ctrl-C is a key the TTY turns into SIGINT for the program, not the CLI's:
        // a program that handles it (Python's prompt prints KeyboardInterrupt) keeps the terminal.
        if self.stdin && cx.world.container(self.cid).is_some_and(|c| c.config.tty) {
            return self.poll(cx);
        }
        // The process ignores SIGINT (a shell as PID 1): detach, leaving it running.
        Poll::Done(130)
    }

    fn runs_until_interrupted(&self) -> bool {
        self.endless && !self.input_ready
    }

    fn wants_input(&self) -> bool {
        self.input_ready
    }

    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        self.give(Some(line), cx)
    }

    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.give(None, cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_specs() {
        let p = parse_publish("8080:80").unwrap();
        assert_eq!((p[0].host_port, p[0].container_port), (Some(8080), 80));
        let p = parse_publish("80").unwrap();
        assert_eq!(p[0].host_port, None);
        let p = parse_publish("127.0.0.1:5432:5432/tcp").unwrap();
        assert_eq!(p[0].host_ip, "127.0.0.1");
        assert!(parse_publish("abc").is_err());
        assert_eq!(parse_publish("53:53/udp").unwrap()[0].proto, Proto::Udp);
    }

    #[test]
    fn volume_specs() {
        let m = parse_volume("myvol:/data", "/home/alumno/proyecto", "/home/alumno").unwrap();
        assert_eq!(m.kind, MountKind::Volume("myvol".into()));
        let m = parse_volume("./html:/usr/share/nginx/html:ro", "/home/alumno/proyecto", "/home/alumno").unwrap();
        assert_eq!(m.kind, MountKind::Bind("/home/alumno/proyecto/html".into()));
        assert!(!m.rw);
        let m = parse_volume("/data", "/", "/root").unwrap();
        assert!(m.anonymous);
        assert!(parse_volume("myvol:data", "/", "/root").is_err());
    }

    #[test]
    fn local_paths_as_go_sees_them() {
        for p in ["a", "a/b", "a/../b", "./a", "a/"] {
            assert!(is_local(p), "{p}");
        }
        for p in ["", "/a", "..", "../a", "a/../../b"] {
            assert!(!is_local(p), "{p}");
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_bytes("512m"), Some(512 * 1024 * 1024));
        assert_eq!(parse_bytes("1g"), Some(1024 * 1024 * 1024));
    }
}
