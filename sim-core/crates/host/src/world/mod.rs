//! The simulated Docker host: one [`World`] owns every container, network,
//! volume and image, the host's file system, the event queue and the one
//! RNG. Everything iterates in a fixed order (`BTreeMap`), so the same seed
//! and the same commands always give the same run.

mod changes;
pub mod container;
mod container_ops;
mod daemon;
mod faults;
pub mod http;
pub mod image;
pub mod image_store;
mod lifecycle;
pub mod names;
mod netops;
pub mod network;
mod official;
mod pause;
pub mod stable;
pub mod tag_words;
pub mod usage;
pub mod vfs;
pub mod volume;
mod wordpress;

pub use container::{Cid, Container, Status};
pub use container_ops::{
    ContainerError, KillError, RemoveBlock, RestartError, Update, UpdateConflict, UpdateError, HOST_CPUS,
};
pub use daemon::{restarts_on_restore, DaemonState, START_MS as DAEMON_START_MS};
pub use faults::Fault;
pub use http::HttpResponse;
pub use image_store::{ImageError, ImageKey};
pub use lifecycle::{parse_exposed as lifecycle_parse_exposed, CreateError, CreateSpec, StartError};
pub use netops::{EndpointProblem, IpamProblem, NetworkError, Reach, Resolution};
pub use network::{NetId, Network};
pub use vfs::Loc;
pub use volume::{LocalVolumeError, Volume, VolumeError};

use crate::engine::EventQueue;
use crate::events::{EventKind, EventLog, LogEvent};
use crate::fs::Fs;
use crate::process::Programs;
use crate::rng::Rng;
use crate::time::SimTime;
use std::collections::BTreeMap;

/// Things that happen at a time, scheduled on the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Poll a container's main process.
    WakeMain { cid: Cid, generation: u32 },
    /// The restart policy's back-off delay is over.
    Restart { cid: Cid, generation: u32 },
    /// `docker stop`'s grace period is over: SIGKILL.
    StopTimeout { cid: Cid, generation: u32 },
    /// Run the container's healthcheck.
    Health { cid: Cid, generation: u32 },
    /// `--rm`: remove the container once whoever is attached has read its end.
    AutoRemove { cid: Cid, generation: u32 },
    /// `systemctl restart docker`: the stopped daemon starts again.
    DaemonStart,
}

pub const HOST_USER: &str = "alumno";
pub const HOST_NAME: &str = "muelle";
pub const HOST_HOME: &str = "/home/alumno";
pub const PROJECT_DIR: &str = "/home/alumno/proyecto";
/// The host's address on its LAN, for `hostname -I` and nginx's access log of published ports.
pub const HOST_LAN_IP: std::net::Ipv4Addr = std::net::Ipv4Addr::new(192, 168, 1, 50);

/// A container's key under its Compose (project, service), as the index keeps it.
pub type ComposeMember = ((String, String), Cid);
/// A container's key under its name, as the index keeps it.
pub type NamedKey = (String, Cid);

pub struct World {
    queue: EventQueue<Event>,
    rng: Rng,
    /// What happened: recent events in full, older ones compacted (see [`EventLog`]).
    log: EventLog,
    host_fs: Fs,
    images: image_store::ImageStore,
    containers: BTreeMap<Cid, Container>,
    next_cid: Cid,
    networks: BTreeMap<NetId, Network>,
    next_net: NetId,
    volumes: BTreeMap<String, Volume>,
    /// The last ephemeral host port handed out (allocation is sequential).
    last_ephemeral_port: u16,
    /// Which containers have published each host (port, protocol), running or
    /// not: a superset that [`World::host_port_taken`] checks against the
    /// containers, so that allocating a port does not scan every container.
    /// Changed only by [`World::set_published`] and container removal.
    port_holders: lifecycle::PortIndex,
    /// Containers looked at by host-port checks so far: a work counter for
    /// tests that keep port allocation from turning quadratic again.
    port_checks: u64,
    /// The containers of each Compose (project, service), kept at container
    /// creation and removal (a container's `compose` labels never change), so
    /// that `compose up` does not scan every container for each service.
    compose_members: BTreeMap<(String, String), std::collections::BTreeSet<Cid>>,
    /// The containers that had each name (a superset: lookups check the
    /// container's current name), kept at creation, rename and removal, so
    /// that a name lookup does not scan every container.
    names: BTreeMap<String, std::collections::BTreeSet<Cid>>,
    /// Bumped on every observable change; jobs waiting on `Wake::Change` compare it.
    revision: u64,
    /// The programs containers run, as userland handed them (see [`Programs`]).
    programs: &'static dyn Programs,
    /// dockerd's own life (`systemctl stop/start docker`), see [`daemon`].
    daemon: daemon::Daemon,
    /// Events handled since the host was made, and units of work its programs reported
    /// ([`World::count_work`]): the host's share of the session's counter of work done.
    handled: u64,
    counted: u64,
    /// Recent changes of host paths, for file watchers (see [`changes`]).
    changes: changes::HostChanges,
    /// While a signal sent from inside a container is delivered: the sender's PID there (what
    /// the receiver's `siginfo_t.si_pid` says; a signal from outside the PID namespace, such as
    /// `docker kill`'s, has none). See [`World::signal_from`].
    siginfo: Option<u32>,
}

impl World {
    /// A fresh host whose containers run `programs`.
    pub fn new(seed: u64, programs: &'static dyn Programs) -> World {
        let mut world = World {
            queue: EventQueue::default(),
            rng: Rng::new(seed),
            log: EventLog::default(),
            host_fs: host_fs(),
            images: image_store::ImageStore::default(),
            containers: BTreeMap::new(),
            next_cid: 1,
            networks: BTreeMap::new(),
            next_net: 1,
            volumes: BTreeMap::new(),
            last_ephemeral_port: 32767,
            port_holders: BTreeMap::new(),
            port_checks: 0,
            compose_members: BTreeMap::new(),
            names: BTreeMap::new(),
            revision: 0,
            programs,
            daemon: daemon::Daemon::default(),
            handled: 0,
            counted: 0,
            changes: changes::HostChanges::default(),
            siginfo: None,
        };
        world.create_predefined_networks();
        world
    }

    pub fn now(&self) -> SimTime {
        self.queue.now()
    }

    /// When the next scheduled event is due, if any.
    pub fn next_event_time(&self) -> Option<SimTime> {
        self.queue.peek_time()
    }

    /// How many events are scheduled (the storm tests keep it bounded).
    pub fn pending_events(&self) -> usize {
        self.queue.len()
    }

    /// Moves the clock to `t` (never backwards) with no event handled: the session does it
    /// when nothing is due before `t`.
    pub fn advance_clock_to(&mut self, t: SimTime) {
        self.queue.advance_to(t);
    }

    /// Every container, by key (read-only: changes go through the daemon's methods).
    pub fn containers(&self) -> &BTreeMap<Cid, Container> {
        &self.containers
    }

    /// Every network, by key.
    pub fn networks(&self) -> &BTreeMap<NetId, Network> {
        &self.networks
    }

    /// Every volume, by name.
    pub fn volumes(&self) -> &BTreeMap<String, Volume> {
        &self.volumes
    }

    /// The image store's entries, removed ones included, by [`ImageKey`] (see [`image_store`]).
    pub fn images(&self) -> &image_store::ImageStore {
        &self.images
    }

    /// The host's own file system (the student's machine).
    pub fn host_fs(&self) -> &Fs {
        &self.host_fs
    }

    /// The one RNG: drawing from it is not an observable change.
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// Bumped by every observable change; jobs waiting on [`crate::process::Wake::Change`]
    /// and the page compare it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// What happened (see [`EventLog`]).
    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// The event log itself, for the tests that check its compaction against a whole log
    /// (`sim-core/tests/compaction.rs`); the daemon's changes never go through it.
    #[doc(hidden)]
    pub fn log_for_tests(&mut self) -> &mut EventLog {
        &mut self.log
    }

    pub fn record(&mut self, kind: EventKind) {
        self.revision += 1;
        self.log.push(LogEvent { at: self.now(), kind });
    }

    /// Why the container named `name` last exited, when the event log says (a dependency not
    /// listening yet, OOM…); `None` if it never exited or just ended.
    pub fn last_exit_cause(&self, name: &str) -> Option<&crate::events::Cause> {
        self.log.last_exit_cause(name)
    }

    fn touch(&mut self) {
        self.revision += 1;
    }

    fn alloc_cid(&mut self) -> Cid {
        let c = self.next_cid;
        self.next_cid += 1;
        c
    }

    fn alloc_net(&mut self) -> NetId {
        let n = self.next_net;
        self.next_net += 1;
        n
    }

    /// Handles the next event if it is due at or before `until`; false when none is.
    pub fn run_one(&mut self, until: SimTime) -> bool {
        match self.queue.pop_due(until) {
            Some((_, event)) => {
                self.handle(event);
                true
            }
            None => false,
        }
    }

    /// Processes every event due at or before `until`, in order.
    pub fn run_until(&mut self, until: SimTime) {
        while let Some((_, event)) = self.queue.pop_due(until) {
            self.handle(event);
        }
        self.queue.advance_to(until);
    }

    /// Work done on this host, ever: events the engine handled and what programs reported
    /// (a shell's command, a process started). Each unit's work is bounded, so tests bound
    /// this counter instead of wall time.
    pub fn work(&self) -> u64 {
        self.handled + self.counted
    }

    /// A program reports `n` units of work done (see [`World::work`]).
    pub fn count_work(&mut self, n: u64) {
        self.counted += n;
    }

    /// Whether `argv`'s program can run in container `cid` (runc's `exec.LookPath` and the
    /// kernel's `execve`), as the [`Programs`] this host was handed answer: `docker exec` asks
    /// this before it starts a command.
    pub fn check_executable(&self, cid: Cid, argv: &[String]) -> Result<(), crate::process::ExecError> {
        self.programs.check_executable(self, cid, argv)
    }

    /// The packages official image `repo` ships (see [`Programs::image_packages`]).
    pub fn image_packages(&self, repo: &str) -> &'static [&'static str] {
        self.programs.image_packages(repo)
    }

    fn handle(&mut self, event: Event) {
        self.handled += 1;
        match event.clone() {
            Event::WakeMain { cid, generation } => {
                if self.current_generation(cid) == Some(generation) && !self.hold_if_paused(cid, &event) {
                    self.poll_main(cid);
                }
            }
            Event::Restart { cid, generation } => {
                if self.current_generation(cid) == Some(generation)
                    && self.containers.get(&cid).is_some_and(|c| c.state.status == Status::Restarting)
                {
                    if let Some(c) = self.containers.get_mut(&cid) {
                        c.state.restart_count += 1;
                    }
                    // A failure to start (port taken meanwhile…) leaves it exited.
                    if self.start_container(cid).is_err() {
                        if let Some(c) = self.containers.get_mut(&cid) {
                            c.state.status = Status::Exited;
                            c.state.exit_code = 128;
                        }
                    }
                }
            }
            Event::StopTimeout { cid, generation } => {
                if self.current_generation(cid) == Some(generation)
                    && self.containers.get(&cid).is_some_and(|c| c.is_running())
                {
                    self.signal_container(cid, crate::process::Signal::Kill);
                }
            }
            Event::Health { cid, generation } => {
                if self.current_generation(cid) == Some(generation) && !self.hold_if_paused(cid, &event) {
                    self.run_healthcheck(cid);
                }
            }
            Event::AutoRemove { cid, generation } => {
                if self.current_generation(cid) == Some(generation)
                    && self
                        .containers
                        .get(&cid)
                        .is_some_and(|c| !c.is_running() && c.state.status != Status::Restarting)
                {
                    self.remove_container_now(cid, true);
                }
            }
            Event::DaemonStart => self.daemon_start(),
        }
    }

    fn current_generation(&self, cid: Cid) -> Option<u32> {
        self.containers.get(&cid).map(|c| c.state.generation)
    }

    // ----- lookups -------------------------------------------------------

    /// Finds a container by full ID, name, or unique ID prefix (Docker's order).
    pub fn find_container(&self, reference: &str) -> Result<Cid, LookupError> {
        let reference = reference.strip_prefix('/').unwrap_or(reference);
        if reference.is_empty() {
            return Err(LookupError::NotFound);
        }
        if let Some(c) = self.containers.values().find(|c| c.id == reference) {
            return Ok(c.key);
        }
        if let Some(c) = self.containers.values().find(|c| c.name == reference) {
            return Ok(c.key);
        }
        if !reference.chars().all(|ch| ch.is_ascii_hexdigit()) {
            return Err(LookupError::NotFound);
        }
        let matches: Vec<Cid> =
            self.containers.values().filter(|c| c.id.starts_with(reference)).map(|c| c.key).collect();
        match matches.len() {
            0 => Err(LookupError::NotFound),
            1 => Ok(matches[0]),
            _ => Err(LookupError::Ambiguous),
        }
    }

    pub fn container(&self, cid: Cid) -> Option<&Container> {
        self.containers.get(&cid)
    }

    /// The containers of a Compose project's service, by key (creation order).
    pub fn compose_service_containers(&self, project: &str, service: &str) -> Vec<Cid> {
        self.compose_members
            .get(&(project.to_string(), service.to_string()))
            .map(|s| s.iter().copied().filter(|k| self.containers.contains_key(k)).collect())
            .unwrap_or_default()
    }

    /// The Compose-service index as kept, and as recomputed from the containers (for tests).
    pub fn compose_index(&self) -> (Vec<ComposeMember>, Vec<ComposeMember>) {
        let kept = self.compose_members.iter().flat_map(|(k, s)| s.iter().map(move |c| (k.clone(), *c))).collect();
        let mut fresh: Vec<ComposeMember> =
            self.containers.values().filter_map(|c| Some((c.compose.clone()?, c.key))).collect();
        crate::sort::sort(&mut fresh);
        (kept, fresh)
    }

    /// Containers looked at by host-port checks so far (a work counter).
    pub fn port_checks(&self) -> u64 {
        self.port_checks
    }

    pub fn container_by_name(&self, name: &str) -> Option<&Container> {
        let keys = self.names.get(name)?;
        keys.iter().filter_map(|k| self.containers.get(k)).find(|c| c.name == name)
    }

    /// Renames a container, keeping the name index in step.
    fn set_container_name(&mut self, cid: Cid, new: &str) {
        let Some(c) = self.containers.get_mut(&cid) else { return };
        let old = std::mem::replace(&mut c.name, new.to_string());
        self.unindex_name(&old, cid);
        self.names.entry(new.to_string()).or_default().insert(cid);
    }

    fn unindex_name(&mut self, name: &str, cid: Cid) {
        if let Some(set) = self.names.get_mut(name) {
            set.remove(&cid);
            if set.is_empty() {
                self.names.remove(name);
            }
        }
    }

    /// The name index as kept, and as recomputed from the containers (for tests).
    pub fn name_index(&self) -> (Vec<NamedKey>, Vec<NamedKey>) {
        let kept = self.names.iter().flat_map(|(n, s)| s.iter().map(move |c| (n.clone(), *c))).collect();
        let mut fresh: Vec<NamedKey> = self.containers.values().map(|c| (c.name.clone(), c.key)).collect();
        crate::sort::sort(&mut fresh);
        (kept, fresh)
    }

    /// Finds a network by full ID, name, or unique ID prefix.
    pub fn find_network(&self, reference: &str) -> Result<NetId, LookupError> {
        if let Some(n) = self.networks.values().find(|n| n.id == reference || n.name == reference) {
            return Ok(n.key);
        }
        if reference.is_empty() || !reference.chars().all(|ch| ch.is_ascii_hexdigit()) {
            return Err(LookupError::NotFound);
        }
        let matches: Vec<NetId> =
            self.networks.values().filter(|n| n.id.starts_with(reference)).map(|n| n.key).collect();
        match matches.len() {
            0 => Err(LookupError::NotFound),
            1 => Ok(matches[0]),
            _ => Err(LookupError::Ambiguous),
        }
    }

    pub fn network(&self, id: NetId) -> Option<&Network> {
        self.networks.get(&id)
    }

    pub fn network_by_name(&self, name: &str) -> Option<&Network> {
        self.networks.values().find(|n| n.name == name)
    }

    /// Finds a local image by reference (`nginx`, `nginx:latest`) or ID prefix.
    pub fn find_image(&self, reference: &str) -> Option<ImageKey> {
        if let Ok(r) = image::Reference::parse(reference) {
            if let Some(i) = self.images.position(|im| !im.removed && im.repo == r.repo && im.tag == r.tag) {
                return Some(i);
            }
        }
        let hex = reference.strip_prefix("sha256:").unwrap_or(reference);
        if hex.len() >= 4 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return self.images.position(|im| !im.removed && im.id.starts_with(hex));
        }
        None
    }

    /// Names of containers using a volume (running or not), as `volume rm` lists them.
    pub fn volume_users(&self, name: &str) -> Vec<Cid> {
        self.containers
            .values()
            .filter(|c| c.host.mounts.iter().any(|m| m.kind == container::MountKind::Volume(name.to_string())))
            .map(|c| c.key)
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupError {
    NotFound,
    Ambiguous,
}

/// The host's disk at boot: the student's home and project folder.
fn host_fs() -> Fs {
    let mut fs = image::base_fs(image::Os::Ubuntu);
    let _ = fs.mkdir_p(PROJECT_DIR);
    fs.put("/etc/hostname", format!("{HOST_NAME}\n"));
    fs.put(
        "/etc/hosts",
        format!("127.0.0.1\tlocalhost\n127.0.1.1\t{HOST_NAME}\n::1\tlocalhost ip6-localhost ip6-loopback\n"),
    );
    fs.put("/etc/resolv.conf", "nameserver 192.168.1.1\n");
    fs.put(format!("{HOST_HOME}/.bashrc").as_str(), "# ~/.bashrc\n");
    fs.put(
        "/etc/passwd",
        format!("root:x:0:0:root:/root:/bin/bash\n{HOST_USER}:x:1000:1000::/home/{HOST_USER}:/bin/bash\n"),
    );
    fs
}
