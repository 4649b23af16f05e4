//! Container lifecycle: create, start (endpoints, ports, main process),
//! signals and `docker stop`, exit and the restart manager's back-off,
//! removal. Errors carry the text the daemon answers.

use super::container::*;
use super::image::Image;
use super::network::Endpoint;
use super::volume::Volume;
use super::{Event, World};
use crate::events::{Cause, EventKind};
use crate::process::{Io, MainProcess, Poll, Signal, Wake};
use std::collections::BTreeMap;

/// Everything `docker run`/`create` (or Compose) decided about a new container.
#[derive(Clone, Debug, Default)]
pub struct CreateSpec {
    pub name: Option<String>,
    /// The image store's entry (the default key names none: `No such image`).
    pub image: super::ImageKey,
    /// The image as typed (`nginx`, `postgres:9.6`).
    pub image_ref: String,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub env: Vec<(String, String)>,
    pub hostname: Option<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub tty: bool,
    pub open_stdin: bool,
    pub labels: Vec<(String, String)>,
    pub restart: RestartPolicy,
    pub auto_remove: bool,
    pub ports: Vec<PortBinding>,
    pub publish_all: bool,
    pub exposed: Vec<String>,
    /// Network name (or `host`, `none`); `None` = default bridge.
    pub networks: Vec<(String, Vec<String>, Option<std::net::Ipv4Addr>)>,
    pub mounts: Vec<Mount>,
    pub memory: Option<u64>,
    pub healthcheck: Option<Healthcheck>,
    pub stop_signal: Option<String>,
    pub stop_timeout_s: Option<u64>,
    pub behaviour: Option<crate::process::Behaviour>,
    pub compose: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreateError {
    /// `Conflict. The container name "/web" is already in use by container "<id>". …`
    NameInUse {
        name: String,
        id: String,
    },
    InvalidName(String),
    NetworkNotFound(String),
    /// `No such image` (the image went away between lookup and create).
    NoSuchImage,
    /// An endpoint setting the network refuses (`--network-alias`/`--ip` on a predefined
    /// network, `--ip` without a user subnet): the network's own text.
    Endpoint(super::NetworkError),
    /// `host` or `none` beside another network.
    ConflictingNetworkModes,
    /// `--memory` under 6 MB.
    MemoryTooLow,
    /// `the working directory '<dir>' is invalid, it needs to be an absolute path`
    /// (`verifyContainerSettings`).
    RelativeWorkdir {
        dir: String,
    },
}

impl std::fmt::Display for CreateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CreateError::NameInUse { name, id } => write!(
                f,
                "Conflict. The container name \"/{name}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name."
            ),
            CreateError::InvalidName(n) => {
                write!(f, "Invalid container name ({n}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
            }
            CreateError::NetworkNotFound(n) => write!(f, "network {n} not found"),
            CreateError::NoSuchImage => f.write_str("No such image"),
            CreateError::Endpoint(e) => e.fmt(f),
            CreateError::ConflictingNetworkModes => f.write_str(
                "conflicting options: cannot attach both user-defined and non-user-defined network-modes",
            ),
            CreateError::MemoryTooLow => f.write_str("Minimum memory limit allowed is 6MB"),
            CreateError::RelativeWorkdir { dir } => {
                write!(f, "the working directory '{dir}' is invalid, it needs to be an absolute path")
            }
        }
    }
}

impl CreateError {
    /// The text after `Error response from daemon: ` (its `Display`).
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// Why the daemon could not start a container (moby's `ContainerStart`); `Display` is the text
/// after `Error response from daemon: `, [`StartError::code`] `docker run`'s exit status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartError {
    /// `No such container`.
    NoSuchContainer,
    /// `cannot start a paused container, try unpause instead`.
    Paused,
    /// A volume's subpath is missing: `cannot access path <path>: no such file or directory`.
    SubpathMissing { path: String },
    /// runc's create-time failure (`failed to create task for container: … <runc>: unknown`).
    Runc { runc: String },
    /// A published host port another container holds.
    PortAllocated { container: String, endpoint: String, ip: String, port: u16 },
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::NoSuchContainer => f.write_str("No such container"),
            StartError::Paused => f.write_str("cannot start a paused container, try unpause instead"),
            StartError::SubpathMissing { path } => write!(f, "cannot access path {path}: no such file or directory"),
            StartError::Runc { runc } => write!(
                f,
                "failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: {runc}: unknown"
            ),
            StartError::PortAllocated { container, endpoint, ip, port } => write!(
                f,
                "failed to set up container networking: driver failed programming external connectivity on endpoint {container} ({endpoint}): Bind for {ip}:{port} failed: port is already allocated"
            ),
        }
    }
}

impl StartError {
    /// The text after `Error response from daemon: ` (its `Display`).
    pub fn message(&self) -> String {
        self.to_string()
    }
    /// `docker run`'s exit status for it.
    pub fn code(&self) -> i32 {
        match self {
            StartError::NoSuchContainer | StartError::Paused => 1,
            StartError::SubpathMissing { .. } | StartError::PortAllocated { .. } => 125,
            StartError::Runc { .. } => 127,
        }
    }
}

impl World {
    pub fn create_container(&mut self, spec: CreateSpec) -> Result<Cid, CreateError> {
        if let Some(name) = &spec.name {
            if !valid_container_name(name) {
                return Err(CreateError::InvalidName(name.clone()));
            }
            if let Some(existing) = self.container_by_name(name) {
                return Err(CreateError::NameInUse { name: name.clone(), id: existing.id.clone() });
            }
        }
        // The image's settings, without a copy of its file tree (`rootfs` below is the one copy;
        // copy-up reads the store's entry).
        let Some(src) = self.images.get_mut(spec.image) else {
            return Err(CreateError::NoSuchImage);
        };
        let fs = std::mem::take(&mut src.fs);
        let image = src.clone();
        src.fs = fs;
        // Networks must exist before anything is created.
        let mut attach = Vec::new();
        let mut network_mode = "bridge".to_string();
        if spec.networks.is_empty() {
            if let Some(bridge) = self.network_by_name("bridge") {
                attach.push(NetAttach { net: bridge.key, aliases: vec![], ipv4: None });
            }
        }
        for (i, (name, aliases, ip)) in spec.networks.iter().enumerate() {
            let Ok(net) = self.find_network(name) else {
                return Err(CreateError::NetworkNotFound(name.clone()));
            };
            let network = &self.networks[&net];
            if i == 0 {
                network_mode = network.name.clone();
            }
            if !aliases.is_empty() && network.predefined {
                return Err(CreateError::Endpoint(super::NetworkError::AliasOnPredefined));
            }
            if ip.is_some() && network.is_default_bridge() {
                return Err(CreateError::Endpoint(super::NetworkError::IpOnDefaultBridge));
            }
            if ip.is_some() && !network.user_subnet {
                return Err(CreateError::Endpoint(super::NetworkError::IpWithoutUserSubnet));
            }
            if (network.name == "host" || network.name == "none") && spec.networks.len() > 1 {
                return Err(CreateError::ConflictingNetworkModes);
            }
            attach.push(NetAttach { net, aliases: aliases.clone(), ipv4: *ip });
        }
        if let Some(mem) = spec.memory {
            if mem < 6 * 1024 * 1024 {
                return Err(CreateError::MemoryTooLow);
            }
        }

        let cid = self.alloc_cid();
        let id = self.rng.hex64();
        let name = match spec.name.clone() {
            Some(n) => n,
            None => {
                // Taken = held by a container, looked up in the name index (not a scan of all).
                let (containers, names) = (&self.containers, &self.names);
                super::names::generate(&mut self.rng, |n| {
                    names.get(n).is_some_and(|keys| keys.iter().any(|k| containers.get(k).is_some_and(|c| c.name == n)))
                })
            }
        };
        let config = build_config(&spec, &image, &id);
        // The entry was there above and nothing since touches the image store.
        let Some(mut rootfs) = self.images.get(spec.image).map(|i| i.fs.clone()) else {
            return Err(CreateError::NoSuchImage);
        };
        // Mounts: image VOLUMEs get anonymous volumes unless something is mounted there.
        let mut mounts = spec.mounts.clone();
        for vol_path in &image.config.volumes {
            if !mounts.iter().any(|m| m.dest == *vol_path) {
                mounts.push(Mount {
                    kind: MountKind::Volume(self.rng.hex64()),
                    dest: vol_path.clone(),
                    rw: true,
                    anonymous: true,
                    no_copy: false,
                    subpath: None,
                    via_mount: false,
                    mode: String::new(),
                    propagation: String::new(),
                });
            }
        }
        for m in &mounts {
            let _ = rootfs.mkdir_p(&m.dest);
            match &m.kind {
                MountKind::Volume(vname) => {
                    if !self.volumes.contains_key(vname) {
                        let mut v = Volume::new(vname.clone(), self.now());
                        if m.anonymous {
                            v.anonymous = true;
                            v.labels.push(("com.docker.volume.anonymous".into(), String::new()));
                        }
                        self.create_volume(v);
                    }
                    // Copy-up: an empty volume receives the image's content at the mount point.
                    if let Some(v) = self.volumes.get_mut(vname) {
                        // With a subpath, into that directory when it exists (moby's `populateVolume`).
                        let root = m.subpath.as_ref().map_or_else(|| "/".to_string(), |p| crate::fs::normalize("/", p));
                        let present = m.subpath.is_none() || v.fs.is_dir(&root);
                        if let Some(image_fs) = self.images.get(spec.image).map(|i| &i.fs) {
                            if !m.no_copy && present && v.fs.is_empty_dir(&root) && image_fs.is_dir(&m.dest) {
                                v.fs.copy_tree_from(image_fs, &m.dest, &root);
                            }
                        }
                    }
                }
                MountKind::Bind(src) => {
                    // `-v /host/dir:/x` creates a missing host directory.
                    if !self.host_fs.exists(src) {
                        let _ = self.host_fs.mkdir_p(src);
                    }
                }
                MountKind::Tmpfs => {}
            }
        }
        let mut packages = crate::sort::set_from(image.config.packages.iter().cloned());
        for p in default_packages(&image, self.programs.image_packages(&image.repo)) {
            packages.insert(p.to_string());
        }
        let container = Container {
            key: cid,
            id,
            name: name.clone(),
            created: self.now(),
            config,
            host: HostConfig {
                restart: spec.restart.clone(),
                auto_remove: spec.auto_remove,
                port_bindings: spec.ports.clone(),
                publish_all: spec.publish_all,
                network_mode,
                mounts,
                memory: spec.memory,
                memory_swap: spec.memory.map_or(0, |m| i64::try_from(m).unwrap_or(i64::MAX).saturating_mul(2)),
                nano_cpus: 0,
            },
            networks: attach,
            state: State::default(),
            published: Vec::new(),
            rootfs,
            logs: Logs::default(),
            listening: Default::default(),
            http_servers: Default::default(),
            side_logs: Default::default(),
            packages,
            apt_lists: false,
            main: None,
            behaviour: spec.behaviour.clone(),
            compose: spec.compose.clone(),
        };
        if let Some(k) = &container.compose {
            self.compose_members.entry(k.clone()).or_default().insert(cid);
        }
        self.names.entry(container.name.clone()).or_default().insert(cid);
        self.containers.insert(cid, container);
        self.record(EventKind::ContainerCreated { name, image: spec.image_ref.clone() });
        Ok(cid)
    }

    /// Starts a created or exited container: publishes ports, joins networks, runs the main process.
    pub fn start_container(&mut self, cid: Cid) -> Result<(), StartError> {
        let Some(c) = self.containers.get(&cid) else {
            return Err(StartError::NoSuchContainer);
        };
        // moby's `ContainerStart` checks paused first: a paused container is also running.
        if c.is_paused() {
            return Err(StartError::Paused);
        }
        if c.is_running() {
            return Ok(());
        }
        // moby's `MountPoint.Setup`: a volume's subpath must exist (`safepath.Join`).
        let missing = c.host.mounts.iter().find_map(|m| match (&m.kind, &m.subpath) {
            (MountKind::Volume(v), Some(sub)) => {
                let path = crate::fs::normalize("/", sub);
                let exists = self.volumes.get(v).is_some_and(|vol| vol.fs.exists(&path));
                (!exists).then(|| format!("/var/lib/docker/volumes/{v}/_data{path}"))
            }
            _ => None,
        });
        if let Some(path) = missing {
            let e = StartError::SubpathMissing { path };
            if let Some(c) = self.containers.get_mut(&cid) {
                c.state.error = e.to_string();
                if c.state.status == Status::Restarting {
                    c.state.status = Status::Exited;
                }
                c.state.exit_code = 128;
            }
            self.revision += 1;
            return Err(e);
        }
        // The main program must exist in the image.
        let argv = c.argv();
        let checked = self.programs.check_executable(self, cid, &argv);
        if let Some(runc) = checked.as_ref().err().and_then(|e| e.create_message()) {
            let e = StartError::Runc { runc };
            if let Some(c) = self.containers.get_mut(&cid) {
                c.state.error = e.to_string();
                if c.state.status == Status::Restarting {
                    c.state.status = Status::Exited;
                }
                c.state.exit_code = 127;
            }
            return Err(e);
        }
        let published = self.allocate_ports(cid)?;
        self.set_published(cid, published);
        let c = self.containers.get_mut(&cid).expect("checked above");
        c.state.status = Status::Running;
        c.state.started_at = Some(self.queue.now());
        c.state.finished_at = None;
        c.state.generation += 1;
        c.state.stopping = false;
        c.state.paused = false;
        c.state.held_wake = false;
        c.state.held_health = false;
        c.state.oom_killed = false;
        c.state.error.clear();
        c.state.pid = 1000 + (self.rng.below(30_000) as u32);
        c.state.last_pid = 1;
        c.state.health = c.config.healthcheck.as_ref().map(|_| Health::Starting);
        c.state.failing_streak = 0;
        let name = c.name.clone();
        let generation = c.state.generation;
        self.join_networks(cid);
        self.record(EventKind::ContainerStarted { name });
        if let Err(crate::process::ExecError::ExecFailed(path)) = checked {
            // runc's init could not `execve` the program: its error on stderr, exit 255.
            self.append_logs_on(cid, &format!("exec {path}: no such file or directory\n"), Stream::Stderr);
            self.on_main_exit(cid, 255, Some(Cause::ExecFailed { path }));
            return Ok(());
        }
        let programs = self.programs;
        let process = programs.main_process(self, cid);
        if let Some(c) = self.containers.get_mut(&cid) {
            c.main = Some(MainProcess { process, wake: Wake::At(self.queue.now()) });
        }
        if let Some(hc) = self.containers.get(&cid).and_then(|c| c.config.healthcheck.clone()) {
            self.queue.schedule_in(hc.interval_ms.max(1), Event::Health { cid, generation });
        }
        self.poll_main(cid);
        Ok(())
    }

    fn allocate_ports(&mut self, cid: Cid) -> Result<Vec<PublishedPort>, StartError> {
        let c = &self.containers[&cid];
        if c.host.network_mode == "host" || c.host.network_mode == "none" {
            return Ok(Vec::new());
        }
        let mut bindings = c.host.port_bindings.clone();
        if c.host.publish_all {
            for e in &c.config.exposed {
                let (port, proto) = parse_exposed(e);
                if !bindings.iter().any(|b| b.container_port == port && b.proto == proto) {
                    bindings.push(PortBinding { container_port: port, proto, host_ip: String::new(), host_port: None });
                }
            }
        }
        let name = c.name.clone();
        let mut out: Vec<PublishedPort> = Vec::new();
        for b in bindings {
            let host_port = match b.host_port {
                Some(p) => {
                    if self.host_port_taken(p, b.proto, &b.host_ip, cid)
                        || out.iter().any(|o| o.host_port == p && o.proto == b.proto)
                    {
                        let ip = if b.host_ip.is_empty() { "0.0.0.0".to_string() } else { b.host_ip.clone() };
                        let endpoint = self.rng.hex64();
                        return Err(StartError::PortAllocated { container: name, endpoint, ip, port: p });
                    }
                    p
                }
                None => self.next_ephemeral_port(b.proto),
            };
            out.push(PublishedPort {
                container_port: b.container_port,
                proto: b.proto,
                host_ip: b.host_ip.clone(),
                host_port,
            });
        }
        Ok(out)
    }

    /// Whether a running container other than `except` has this host port.
    /// Looks only at the containers the port index names (see `port_holders`).
    fn host_port_taken(&mut self, port: u16, proto: Proto, ip: &str, except: Cid) -> bool {
        self.port_checks += 1;
        let Some(holders) = self.port_holders.get(&(port, proto)) else { return false };
        self.port_checks += holders.len() as u64;
        holders.iter().filter_map(|k| self.containers.get(k)).any(|c| {
            c.key != except
                && c.is_running()
                && c.published.iter().any(|p| {
                    p.host_port == port
                        && p.proto == proto
                        && (p.host_ip.is_empty() || ip.is_empty() || p.host_ip == ip)
                })
        })
    }

    /// Sets a container's published ports, keeping the port index in step.
    fn set_published(&mut self, cid: Cid, published: Vec<PublishedPort>) {
        let Some(c) = self.containers.get_mut(&cid) else { return };
        let keys: Vec<(u16, Proto)> = published.iter().map(|p| (p.host_port, p.proto)).collect();
        let old = std::mem::replace(&mut c.published, published);
        self.unindex_ports(cid, &old);
        for k in keys {
            self.port_holders.entry(k).or_default().insert(cid);
        }
    }

    fn unindex_ports(&mut self, cid: Cid, ports: &[PublishedPort]) {
        for p in ports {
            let k = (p.host_port, p.proto);
            if let Some(set) = self.port_holders.get_mut(&k) {
                set.remove(&cid);
                if set.is_empty() {
                    self.port_holders.remove(&k);
                }
            }
        }
    }

    /// The port index as kept, and as recomputed from the containers (for tests).
    pub fn port_index(&self) -> (PortIndex, PortIndex) {
        let mut fresh = PortIndex::new();
        for c in self.containers.values() {
            for p in &c.published {
                fresh.entry((p.host_port, p.proto)).or_default().insert(c.key);
            }
        }
        (self.port_holders.clone(), fresh)
    }

    fn next_ephemeral_port(&mut self, proto: Proto) -> u16 {
        for _ in 0..(60999 - 32768 + 1) {
            let mut p = self.last_ephemeral_port.wrapping_add(1);
            if !(32768..=60999).contains(&p) {
                p = 32768;
            }
            self.last_ephemeral_port = p;
            if !self.host_port_taken(p, proto, "", u32::MAX) {
                return p;
            }
        }
        32768
    }

    /// Polls a container's main process and applies what it did.
    pub fn poll_main(&mut self, cid: Cid) {
        let Some(mut main) = self.containers.get_mut(&cid).and_then(|c| c.main.take()) else {
            return;
        };
        let mut io = Io::default();
        let (poll, cause) = main.process.poll(self, &mut io);
        self.after_main_poll(cid, main, io, poll, cause);
    }

    /// Whether the container's main process waits for a line on its standard input now.
    pub fn main_wants_input(&self, cid: Cid) -> bool {
        self.containers.get(&cid).and_then(|c| c.main.as_ref()).is_some_and(|m| m.process.wants_input())
    }

    /// A line typed into the container's attached standard input (`None`: end of input). With a
    /// TTY the line's echo goes into the log too, after the prompt it answers, as a pty echoes it.
    /// Returns the log's cursor after the echo (what an attached terminal has already shown), or
    /// `None` when nothing read it (no such process, frozen, not reading).
    pub fn main_input(&mut self, cid: Cid, line: Option<&str>) -> Option<usize> {
        let at = self.now();
        let c = self.containers.get_mut(&cid)?;
        if c.is_paused() || !c.main.as_ref().is_some_and(|m| m.process.wants_input()) {
            return None;
        }
        if let (true, Some(text)) = (c.config.tty, line) {
            match c.logs.last_mut() {
                Some(last) if last.partial => {
                    last.text.push_str(text);
                    last.partial = false;
                }
                _ => {
                    c.logs.push(LogLine { at, stream: Stream::Stdout, text: text.to_string(), partial: false });
                }
            }
        }
        let cursor = c.logs.len();
        let mut main = c.main.take()?;
        self.revision += 1;
        let mut io = Io::default();
        let (poll, cause) = main.process.input(line, self, &mut io);
        self.after_main_poll(cid, main, io, poll, cause);
        Some(cursor)
    }

    fn after_main_poll(&mut self, cid: Cid, main: MainProcess, mut io: Io, poll: Poll, cause: Option<Cause>) {
        self.append_io(cid, &mut io);
        match poll {
            Poll::Done(code) => {
                if cause == Some(Cause::OutOfMemory) {
                    if let Some(c) = self.containers.get_mut(&cid) {
                        c.state.oom_killed = true;
                    }
                }
                self.on_main_exit(cid, code, cause)
            }
            Poll::Pending(wake) => self.park_main(cid, main, wake),
        }
    }

    fn park_main(&mut self, cid: Cid, mut main: MainProcess, wake: Wake) {
        let Some(c) = self.containers.get_mut(&cid) else { return };
        if !c.is_running() {
            return;
        }
        let generation = c.state.generation;
        main.wake = wake;
        c.main = Some(main);
        if let Wake::At(t) = wake {
            self.queue.schedule(t, Event::WakeMain { cid, generation });
        }
    }

    /// Appends what the main process wrote to the container's log, each chunk on the stream it
    /// was written to — both are the pty's output with a TTY (`-t`), so then all of it is
    /// stdout, as `docker logs` shows it.
    fn append_io(&mut self, cid: Cid, io: &mut Io) {
        let tty = self.containers.get(&cid).is_some_and(|c| c.config.tty);
        for (stream, text) in io.take() {
            let stream = match stream {
                crate::process::Stream::Err if !tty => Stream::Stderr,
                _ => Stream::Stdout,
            };
            self.append_logs_on(cid, &text, stream);
        }
    }

    /// Appends a process's standard output to the container's log, line by line.
    pub fn append_logs(&mut self, cid: Cid, text: &str) {
        self.append_logs_on(cid, text, Stream::Stdout);
    }

    /// Appends text a process wrote on `stream` to the container's log, line by line.
    pub fn append_logs_on(&mut self, cid: Cid, text: &str, stream: Stream) {
        if text.is_empty() {
            return;
        }
        let now = self.now();
        if let Some(c) = self.containers.get_mut(&cid) {
            let complete = text.ends_with('\n');
            let mut lines = text.strip_suffix('\n').unwrap_or(text).split('\n').peekable();
            while let Some(line) = lines.next() {
                let partial = !complete && lines.peek().is_none();
                c.logs.push(LogLine { at: now, stream, text: line.to_string(), partial });
            }
            self.revision += 1;
        }
    }

    /// Delivers a signal to the main process; returns whether the container stopped.
    pub fn signal_container(&mut self, cid: Cid, sig: Signal) -> bool {
        // A frozen process acts on nothing but SIGKILL (callers thaw it for the stop signal).
        if sig != Signal::Kill && self.containers.get(&cid).is_some_and(|c| c.is_paused()) {
            return false;
        }
        let Some(mut main) = self.containers.get_mut(&cid).and_then(|c| c.main.take()) else {
            return false;
        };
        let mut io = Io::default();
        let outcome = if sig == Signal::Kill { Some(137) } else { main.process.signal(sig, self, &mut io) };
        self.append_io(cid, &mut io);
        match outcome {
            Some(code) => {
                let cause = match sig {
                    Signal::Kill => Some(Cause::Killed { signal: "SIGKILL".into() }),
                    Signal::Term if code == 143 => Some(Cause::Killed { signal: "SIGTERM".into() }),
                    _ => None,
                };
                self.on_main_exit(cid, code, cause);
                true
            }
            None => {
                let wake = main.wake;
                if let Some(c) = self.containers.get_mut(&cid) {
                    c.main = Some(main);
                }
                let _ = wake;
                false
            }
        }
    }

    /// `docker stop`: the stop signal now, SIGKILL after `timeout_s`.
    pub fn stop_container(&mut self, cid: Cid, timeout_s: Option<u64>, sig: Option<Signal>) {
        let Some(c) = self.containers.get_mut(&cid) else { return };
        c.state.manually_stopped = true;
        self.begin_stop(cid, timeout_s, sig);
    }

    /// The stop itself, without marking the container as stopped by the user: moby's
    /// `killWithSignal` sets `HasBeenManuallyStopped` only when the daemon is not shutting down.
    pub(super) fn begin_stop(&mut self, cid: Cid, timeout_s: Option<u64>, sig: Option<Signal>) {
        let Some(c) = self.containers.get_mut(&cid) else { return };
        if c.state.status == Status::Restarting {
            c.state.status = Status::Exited;
            c.state.generation += 1;
            self.touch();
            return;
        }
        if !c.is_running() {
            return;
        }
        let timeout = timeout_s.or(c.config.stop_timeout_s).unwrap_or(10);
        let signal = sig.unwrap_or_else(|| Signal::parse(&c.config.stop_signal).unwrap_or(Signal::Term));
        c.state.stopping = true;
        let generation = c.state.generation;
        self.thaw_for(cid, signal);
        if !self.signal_container(cid, signal) {
            self.queue.schedule_in(timeout * 1000, Event::StopTimeout { cid, generation });
        }
    }

    /// A signal sent to the container's main process by a process inside the container (`kill 1`,
    /// `nginx -s reload`), whose PID there is `from`: the receiver sees it in its `siginfo`
    /// ([`World::signal_sender`]). `true` when the main process ended.
    pub fn signal_from(&mut self, cid: Cid, sig: Signal, from: u32) -> bool {
        let before = self.siginfo.replace(from);
        let ended = self.signal_container(cid, sig);
        self.siginfo = before;
        ended
    }

    /// The PID in the receiver's namespace of the process whose signal is being delivered, if
    /// it has one there (a signal from `docker kill` comes from outside: `None`).
    pub fn signal_sender(&self) -> Option<u32> {
        self.siginfo
    }

    /// A client's request on a TCP `port` of the container's main process (the caller connected
    /// to it): what the process answers ([`crate::process::Process::serve`]). What it logs meanwhile
    /// goes to the container's log.
    pub fn serve_request(&mut self, cid: Cid, port: u16, request: &[u8]) -> Option<Vec<u8>> {
        let mut main = self.containers.get_mut(&cid).and_then(|c| c.main.take())?;
        let mut io = Io::default();
        let answer = main.process.serve(port, request, self, &mut io);
        let now = self.now();
        if let Some(c) = self.containers.get_mut(&cid) {
            if c.main.is_none() && c.is_running() {
                c.main = Some(main);
                // Polled again at once: a request may have ended it (Redis's `SHUTDOWN`).
                let generation = c.state.generation;
                self.queue.schedule(now, Event::WakeMain { cid, generation });
            }
        }
        self.append_io(cid, &mut io);
        self.revision += 1;
        answer
    }

    /// `docker kill`.
    pub fn kill_container(&mut self, cid: Cid, sig: Signal) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.state.manually_stopped = true;
        }
        self.thaw_for(cid, sig);
        self.signal_container(cid, sig);
    }

    /// moby's `killWithSignal`: the stop signal or SIGKILL to a paused container
    /// resumes it so the process can act on it (the thaw logs `unpause`).
    fn thaw_for(&mut self, cid: Cid, sig: Signal) {
        let Some(c) = self.containers.get(&cid) else { return };
        let stop_signal = Signal::parse(&c.config.stop_signal).unwrap_or(Signal::Term);
        if c.is_paused() && (sig == Signal::Kill || sig == stop_signal) {
            self.thaw(cid);
        }
    }

    /// Called when the main process of a running container ends.
    pub fn on_main_exit(&mut self, cid: Cid, code: i32, cause: Option<Cause>) {
        let now = self.now();
        let Some(c) = self.containers.get_mut(&cid) else { return };
        if !c.is_running() {
            return;
        }
        c.main = None;
        c.listening.clear();
        c.http_servers.clear();
        c.side_logs.clear();
        c.state.status = Status::Exited;
        c.state.exit_code = code;
        c.state.finished_at = Some(now);
        c.state.pid = 0;
        c.state.stopping = false;
        c.state.paused = false;
        c.state.held_wake = false;
        c.state.held_health = false;
        c.state.health = c.state.health.as_ref().map(|_| Health::Unhealthy).filter(|_| false);
        let ran_ms = c.state.started_at.map(|s| now.since(s)).unwrap_or(0);
        let name = c.name.clone();
        let policy = c.host.restart.clone();
        let manual = c.state.manually_stopped;
        let restarts = c.state.restart_count;
        let auto_remove = c.host.auto_remove;
        let cause = cause.or(if c.state.oom_killed { Some(Cause::OutOfMemory) } else { None });
        self.leave_networks(cid);
        self.record(EventKind::ContainerExited { name: name.clone(), code, cause });
        // A daemon shutting down restarts nothing (moby: `ShouldRestart(…, IsShuttingDown() || …)`).
        let restart = !manual
            && self.daemon_up()
            && match policy {
                RestartPolicy::No => false,
                RestartPolicy::Always | RestartPolicy::UnlessStopped => true,
                RestartPolicy::OnFailure(max) => code != 0 && (max == 0 || restarts < max),
            };
        if restart {
            let c = self.containers.get_mut(&cid).expect("present");
            // moby's restartmanager: 100 ms doubling to 1 min, reset after a run of 10 s.
            let delay = if ran_ms >= 10_000 || c.state.restart_delay_ms == 0 {
                100
            } else {
                (c.state.restart_delay_ms * 2).min(60_000)
            };
            c.state.restart_delay_ms = delay;
            c.state.status = Status::Restarting;
            let generation = c.state.generation;
            let restart_count = c.state.restart_count + 1;
            self.queue.schedule_in(delay, Event::Restart { cid, generation });
            self.record(EventKind::ContainerRestarting { name, delay_ms: delay, restart_count });
        } else if auto_remove {
            let generation = self.containers.get(&cid).map(|c| c.state.generation).unwrap_or(0);
            // A moment later, so whoever is attached reads the last output first.
            self.queue.schedule_in(1, Event::AutoRemove { cid, generation });
        }
        self.settle_shutdown();
    }

    /// Removes a container that is not running (callers check), with its anonymous volumes if `volumes`.
    pub fn remove_container_now(&mut self, cid: Cid, volumes: bool) {
        if self.containers.get(&cid).is_some_and(|c| c.is_running()) {
            self.on_main_exit(cid, 137, Some(Cause::Killed { signal: "SIGKILL".into() }));
        }
        self.leave_networks(cid);
        let Some(c) = self.containers.remove(&cid) else { return };
        self.unindex_ports(cid, &c.published);
        self.unindex_name(&c.name, cid);
        if let Some(k) = &c.compose {
            if let Some(set) = self.compose_members.get_mut(k) {
                set.remove(&cid);
                if set.is_empty() {
                    self.compose_members.remove(k);
                }
            }
        }
        for net in self.networks.values_mut() {
            net.addrs.unreserve(cid);
        }
        if volumes {
            for m in &c.host.mounts {
                if let (MountKind::Volume(v), true) = (&m.kind, m.anonymous) {
                    if self.volume_users(v).is_empty() && self.volumes.remove(v).is_some() {
                        self.record(EventKind::VolumeRemoved { name: v.clone() });
                    }
                }
            }
        }
        self.record(EventKind::ContainerRemoved { name: c.name });
    }

    /// Gives the container an endpoint on each of its networks.
    pub(super) fn join_networks(&mut self, cid: Cid) {
        let attaches = self.containers[&cid].networks.clone();
        for a in attaches {
            self.join_network(cid, &a);
        }
        self.write_etc_files(cid);
    }

    /// `/etc/hosts`, `/etc/hostname` and `/etc/resolv.conf` as Docker writes them at start.
    pub(super) fn write_etc_files(&mut self, cid: Cid) {
        let Some(c) = self.containers.get(&cid) else { return };
        let hostname = c.config.hostname.clone();
        let host_mode = c.host.network_mode == "host";
        let ips: Vec<std::net::Ipv4Addr> = self.endpoints_of(cid).iter().map(|(_, e)| e.ip).collect();
        let dns = self.endpoints_of(cid).iter().any(|(n, _)| n.has_dns());
        let mut hosts = String::from(
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
        );
        if let Some(ip) = ips.first() {
            hosts.push_str(&format!("{ip}\t{hostname}\n"));
        }
        let resolv = if dns {
            "# Generated by Docker Engine.\n# This file can be edited; Docker Engine will not make further changes once it\n# has been modified.\n\nnameserver 127.0.0.11\noptions ndots:0\n\n# Based on host file: '/etc/resolv.conf' (internal resolver)\n# ExtServers: [host(192.168.1.1)]\n# Overrides: []\n# Option ndots from: internal\n".to_string()
        } else {
            "# Generated by Docker Engine.\n# This file can be edited; Docker Engine will not make further changes once it\n# has been modified.\n\nnameserver 192.168.1.1\n\n# Based on host file: '/etc/resolv.conf'\n# Overrides: []\n".to_string()
        };
        let (hosts, resolv, hostname_file) = if host_mode {
            let h =
                self.host_fs.read("/etc/hosts").map(|d| String::from_utf8_lossy(d).into_owned()).unwrap_or_default();
            let r = self
                .host_fs
                .read("/etc/resolv.conf")
                .map(|d| String::from_utf8_lossy(d).into_owned())
                .unwrap_or_default();
            (h, r, format!("{}\n", super::HOST_NAME))
        } else {
            (hosts, resolv, format!("{hostname}\n"))
        };
        if let Some(c) = self.containers.get_mut(&cid) {
            c.rootfs.put("/etc/hosts", hosts);
            c.rootfs.put("/etc/resolv.conf", resolv);
            c.rootfs.put("/etc/hostname", hostname_file);
        }
    }

    pub(super) fn join_network(&mut self, cid: Cid, a: &NetAttach) {
        let (name, short, hostname, hostname_set) = {
            let c = &self.containers[&cid];
            (c.name.clone(), c.short_id().to_string(), c.config.hostname.clone(), c.config.hostname_set)
        };
        let Some(net) = self.networks.get_mut(&a.net) else { return };
        if net.driver != super::network::Driver::Bridge && !matches!(net.driver, super::network::Driver::Other(_)) {
            return; // host and none have no endpoints with addresses
        }
        let ip = match a.ipv4 {
            Some(ip) if !net.ip_in_use(ip, cid) => Some(ip),
            _ => net.lowest_free_ip(),
        };
        let Some(ip) = ip else { return };
        let mut dns_names = vec![name.clone()];
        dns_names.extend(a.aliases.iter().cloned());
        dns_names.push(short);
        if hostname_set && !dns_names.contains(&hostname) {
            dns_names.push(hostname);
        }
        let mac = format!(
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            (self.rng.below(256) as u8 & 0xfe) | 0x02,
            self.rng.below(256),
            self.rng.below(256),
            self.rng.below(256),
            self.rng.below(256),
            self.rng.below(256)
        );
        let endpoint_id = self.rng.hex64();
        let net = self.networks.get_mut(&a.net).expect("checked");
        let net_name = net.name.clone();
        if let Some(fixed) = a.ipv4 {
            net.addrs.reserve(cid, fixed);
        }
        net.addrs.insert_endpoint(cid, Endpoint { ip, mac, endpoint_id, dns_names });
        self.record(EventKind::NetworkConnected { container: name, network: net_name, ip: Some(ip) });
    }

    pub(super) fn leave_networks(&mut self, cid: Cid) {
        let name = self.containers.get(&cid).map(|c| c.name.clone()).unwrap_or_default();
        let mut left = Vec::new();
        for net in self.networks.values_mut() {
            if net.addrs.remove_endpoint(cid).is_some() {
                left.push(net.name.clone());
            }
        }
        for network in left {
            self.record(EventKind::NetworkDisconnected { container: name.clone(), network });
        }
    }

    /// Runs one healthcheck probe (the command succeeds when the main process is ready).
    pub(super) fn run_healthcheck(&mut self, cid: Cid) {
        let Some(c) = self.containers.get(&cid) else { return };
        if !c.is_running() {
            return;
        }
        let Some(hc) = c.config.healthcheck.clone() else { return };
        let generation = c.state.generation;
        let ok = {
            let programs = self.programs;
            programs.healthcheck_passes(self, cid, &hc.test)
        };
        let now = self.now();
        let c = self.containers.get_mut(&cid).expect("present");
        let in_start_period = c.state.started_at.is_some_and(|s| now.since(s) < hc.start_period_ms);
        let before = c.state.health.clone();
        if ok {
            c.state.failing_streak = 0;
            c.state.health = Some(Health::Healthy);
        } else if !in_start_period {
            c.state.failing_streak += 1;
            if c.state.failing_streak >= hc.retries.max(1) {
                c.state.health = Some(Health::Unhealthy);
            }
        }
        let after = c.state.health.clone();
        let name = c.name.clone();
        if before != after {
            if let Some(h) = after {
                self.record(EventKind::HealthChanged { name, health: h.as_str().into() });
            }
        }
        self.queue.schedule_in(hc.interval_ms.max(1), Event::Health { cid, generation });
    }
}

pub fn parse_exposed(e: &str) -> (u16, Proto) {
    let (port, proto) = e.split_once('/').unwrap_or((e, "tcp"));
    (port.parse().unwrap_or(0), if proto == "udp" { Proto::Udp } else { Proto::Tcp })
}

fn build_config(spec: &CreateSpec, image: &Image, id: &str) -> ContainerConfig {
    let ic = &image.config;
    // `--entrypoint` resets the image's CMD too (Docker's rule).
    let (entrypoint, cmd) = match (&spec.entrypoint, &spec.cmd) {
        (Some(ep), Some(cmd)) => (ep.clone(), cmd.clone()),
        (Some(ep), None) => (ep.clone(), Vec::new()),
        (None, Some(cmd)) => (ic.entrypoint.clone(), cmd.clone()),
        (None, None) => (ic.entrypoint.clone(), ic.cmd.clone()),
    };
    let mut env = ic.env.clone();
    for (k, v) in &spec.env {
        env.retain(|(ek, _)| ek != k);
        env.push((k.clone(), v.clone()));
    }
    let mut exposed = ic.exposed.clone();
    let from_ports: Vec<String> =
        spec.ports.iter().map(|p| format!("{}/{}", p.container_port, p.proto.as_str())).collect();
    for e in spec.exposed.iter().chain(from_ports.iter()) {
        if !exposed.contains(e) {
            exposed.push(e.clone());
        }
    }
    let hostname = spec.hostname.clone().unwrap_or_else(|| id[..12].to_string());
    let mut labels = ic.labels.clone();
    labels.extend(spec.labels.iter().cloned());
    ContainerConfig {
        image: spec.image_ref.clone(),
        image_id: image.id.clone(),
        entrypoint,
        cmd,
        env,
        hostname,
        hostname_set: spec.hostname.is_some(),
        domainname: String::new(),
        workdir: spec.workdir.clone().unwrap_or_else(|| ic.workdir.clone()),
        user: spec.user.clone().unwrap_or_else(|| ic.user.clone()),
        tty: spec.tty,
        open_stdin: spec.open_stdin,
        exposed,
        labels,
        stop_signal: spec.stop_signal.clone().unwrap_or_else(|| ic.stop_signal.clone()),
        stop_timeout_s: spec.stop_timeout_s,
        healthcheck: spec.healthcheck.clone().or_else(|| ic.healthcheck.clone()),
    }
}

/// Packages each image ships: its distribution's base tools and its own binaries.
fn default_packages(image: &Image, own: &[&'static str]) -> Vec<&'static str> {
    use super::image::Os;
    let mut pkgs = match image.config.os() {
        Os::Alpine | Os::Busybox => vec!["busybox"],
        _ => vec!["coreutils"],
    };
    pkgs.extend_from_slice(own);
    if super::image::catalog_entry(&image.repo).is_none() {
        pkgs.push("muelle-app");
    }
    pkgs
}

/// Published host ports and the containers that hold them.
pub type PortIndex = BTreeMap<(u16, Proto), std::collections::BTreeSet<Cid>>;
