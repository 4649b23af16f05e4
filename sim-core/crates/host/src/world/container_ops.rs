//! The daemon's smaller changes to a container that are not lifecycle steps: the flags
//! `docker start`/`docker rm` set, a rename (name index, embedded DNS, event), and what the
//! container's own processes change in it (ports they listen on, packages they install).
//! Each bumps the revision itself: callers never do.

use super::container::{InvalidRestartPolicy, MountConfigProblem, MountError, RestartPolicy};
use super::lifecycle::StartError;
use super::{Cid, Status, World};
use crate::events::EventKind;
use crate::process::Signal;

/// What `docker update` asks to change (moby's `UpdateConfig`); `None`/0 leaves a field as is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Update {
    pub restart: Option<RestartPolicy>,
    pub memory: u64,
    /// `-1` unlimited.
    pub memory_swap: i64,
    pub nano_cpus: u64,
}

/// The CPUs the simulated host has (`docker info`'s `CPUs: 4`).
pub const HOST_CPUS: u64 = 4;

/// The daemon's refusals of a change to a container — pause, unpause, exec, rename, top —
/// worded as moby v28.2.2 words them after `Error response from daemon: ` (`daemon/pause.go`,
/// `unpause.go`, `exec.go`, `rename.go`, `top_unix.go`, `errors.go`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContainerError {
    /// `No such container` (no container by that key any more).
    NoSuchContainer,
    /// `No such container: <reference>` (`GetContainer` found none by that name, ID or prefix).
    NotFound { reference: String },
    /// `multiple IDs found with provided prefix: <reference>`.
    Ambiguous { reference: String },
    /// `cannot remove container "/<name>": <why>` (`cleanupContainer` without `--force`).
    RemoveActive { name: String, why: RemoveBlock },
    /// `container <ID> is not running` (`errNotRunning`).
    NotRunning { id: String },
    /// `Container <ID> is restarting, wait until the container is running`.
    Restarting { id: String },
    /// `Container <ID> is already paused`.
    AlreadyPaused { id: String },
    /// `Container <ID> is not paused`.
    NotPaused { id: String },
    /// `Container <ID> is paused, unpause the container before exec`.
    PausedExec { id: String },
    /// `Invalid container name (<name>), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`.
    InvalidName { name: String },
    /// `Error when allocating new name: Conflict. The container name "/<name>" is already in use
    /// by container "<ID>". …` (the name reserver's conflict).
    NameInUse { name: String, id: String },
    /// `Invalid signal: <signal>` (`signal.ParseSignal`, for `kill` and `stop --signal`).
    InvalidSignal { signal: String },
    /// `Could not find the file <path> in container <container>` (`docker cp`'s stat of a
    /// path, the container as the request named it).
    FileNotFound { path: String, container: String },
}

/// `docker kill`'s refusal: the API router wraps each of `ContainerKill`'s errors as
/// `cannot kill container: <name>: <why>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KillError {
    pub name: String,
    pub why: ContainerError,
}

impl std::fmt::Display for KillError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot kill container: {}: {}", self.name, self.why)
    }
}

/// `docker restart`'s refusal when the start after the stop fails (`daemon/restart.go`):
/// `Cannot restart container <name>: <why>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestartError {
    pub name: String,
    pub why: StartError,
}

impl std::fmt::Display for RestartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cannot restart container {}: {}", self.name, self.why)
    }
}

/// Why a container cannot be removed without `--force` (moby's `cleanupContainer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemoveBlock {
    /// `container is paused and must be unpaused first`.
    Paused,
    /// `container is restarting: stop the container before removing or force remove`.
    Restarting,
    /// `container is running: stop the container before removing or force remove`.
    Running,
}

impl std::fmt::Display for RemoveBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RemoveBlock::Paused => "container is paused and must be unpaused first",
            RemoveBlock::Restarting => "container is restarting: stop the container before removing or force remove",
            RemoveBlock::Running => "container is running: stop the container before removing or force remove",
        })
    }
}

impl std::fmt::Display for ContainerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ContainerError::NoSuchContainer => write!(f, "No such container"),
            ContainerError::NotFound { reference } => write!(f, "No such container: {reference}"),
            ContainerError::Ambiguous { reference } => write!(f, "multiple IDs found with provided prefix: {reference}"),
            ContainerError::RemoveActive { name, why } => write!(f, "cannot remove container \"/{name}\": {why}"),
            ContainerError::NotRunning { id } => write!(f, "container {id} is not running"),
            ContainerError::Restarting { id } => {
                write!(f, "Container {id} is restarting, wait until the container is running")
            }
            ContainerError::AlreadyPaused { id } => write!(f, "Container {id} is already paused"),
            ContainerError::NotPaused { id } => write!(f, "Container {id} is not paused"),
            ContainerError::PausedExec { id } => {
                write!(f, "Container {id} is paused, unpause the container before exec")
            }
            ContainerError::InvalidName { name } => {
                write!(f, "Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
            }
            ContainerError::NameInUse { name, id } => write!(
                f,
                "Error when allocating new name: Conflict. The container name \"/{name}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name."
            ),
            ContainerError::InvalidSignal { signal } => write!(f, "Invalid signal: {signal}"),
            ContainerError::FileNotFound { path, container } => {
                write!(f, "Could not find the file {path} in container {container}")
            }
        }
    }
}

/// The daemon's refusals of `docker update`, worded as moby v28.2.2 words them after
/// `Error response from daemon: ` (`daemon/update.go`, `daemon/daemon_unix.go`,
/// `container/container_unix.go`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpdateError {
    /// `Minimum memory limit allowed is 6MB` (`verifyPlatformContainerResources`).
    MemoryBelowMinimum,
    /// `Minimum memoryswap limit should be larger than memory limit, see usage`.
    SwapBelowMemory,
    /// `range of CPUs is from 0.01 to <N>.00, as there are only <N> CPUs available`.
    TooManyCpus { cpus: u64 },
    /// The restart policy's refusal (`ValidateRestartPolicy`), before any container is looked up.
    RestartPolicy(InvalidRestartPolicy),
    /// `No such container: <reference>`.
    NotFound { reference: String },
    /// `Cannot update container <ID>: <why>` (`Container.UpdateContainer`'s conflicts, wrapped
    /// by `errCannotUpdate`).
    Conflict { id: String, why: UpdateConflict },
}

/// Why moby's `Container.UpdateContainer` refuses a change to this container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateConflict {
    /// `Memory limit should be smaller than already set memoryswap limit, update the memoryswap
    /// at the same time`.
    MemoryAboveSwap,
    /// `Restart policy cannot be updated because AutoRemove is enabled for the container`.
    AutoRemove,
}

impl std::fmt::Display for UpdateConflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            UpdateConflict::MemoryAboveSwap => {
                "Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time"
            }
            UpdateConflict::AutoRemove => {
                "Restart policy cannot be updated because AutoRemove is enabled for the container"
            }
        })
    }
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpdateError::MemoryBelowMinimum => f.write_str("Minimum memory limit allowed is 6MB"),
            UpdateError::SwapBelowMemory => {
                f.write_str("Minimum memoryswap limit should be larger than memory limit, see usage")
            }
            UpdateError::TooManyCpus { cpus } => {
                write!(f, "range of CPUs is from 0.01 to {cpus}.00, as there are only {cpus} CPUs available")
            }
            UpdateError::RestartPolicy(e) => e.fmt(f),
            UpdateError::NotFound { reference } => write!(f, "No such container: {reference}"),
            UpdateError::Conflict { id, why } => write!(f, "Cannot update container {id}: {why}"),
        }
    }
}

impl Update {
    /// moby's `verifyContainerSettings` for an update (`verifyPlatformContainerResources`): the
    /// checks that need no container.
    pub fn verify(&self) -> Result<(), UpdateError> {
        if self.memory != 0 && self.memory < 6 * 1024 * 1024 {
            return Err(UpdateError::MemoryBelowMinimum);
        }
        if self.memory > 0 && self.memory_swap > 0 && (self.memory_swap as u64) < self.memory {
            return Err(UpdateError::SwapBelowMemory);
        }
        if self.nano_cpus > HOST_CPUS * 1_000_000_000 {
            return Err(UpdateError::TooManyCpus { cpus: HOST_CPUS });
        }
        Ok(())
    }
}

impl World {
    /// moby's `HasBeenManuallyStopped`: a `docker stop`/`kill` the restart policy obeys, or
    /// (false) a `docker start` that lets it act again.
    pub fn set_manually_stopped(&mut self, cid: Cid, stopped: bool) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.state.manually_stopped = stopped;
            self.revision += 1;
        }
    }

    /// `docker start` of a container that is not running resets its restart count
    /// (moby's `ResetRestartManager`).
    pub fn reset_restart_count(&mut self, cid: Cid) {
        if let Some(c) = self.containers.get_mut(&cid).filter(|c| !c.is_running()) {
            c.state.restart_count = 0;
            self.revision += 1;
        }
    }

    /// `docker rename`: the name, the name index, every network's DNS entry, and the event; a
    /// name Docker does not allow, or one in use (even the container's own), is refused.
    pub fn rename_container(&mut self, cid: Cid, new: &str) -> Result<(), ContainerError> {
        let Some(old) = self.containers.get(&cid).map(|c| c.name.clone()) else {
            return Err(ContainerError::NoSuchContainer);
        };
        if !super::container::valid_container_name(new) {
            return Err(ContainerError::InvalidName { name: new.to_string() });
        }
        if let Some(other) = self.container_by_name(new) {
            return Err(ContainerError::NameInUse { name: new.to_string(), id: other.id.clone() });
        }
        self.set_container_name(cid, new);
        for net in self.networks.values_mut() {
            net.addrs.rename(cid, new);
        }
        self.record(EventKind::ContainerRenamed { from: old, to: new.to_string() });
        Ok(())
    }

    /// What moby's `getExecConfig` checks before it starts a command in a container: running,
    /// not restarting… (its `errNotRunning`), not paused.
    pub fn check_exec(&self, cid: Cid) -> Result<(), ContainerError> {
        let Some(c) = self.containers.get(&cid) else { return Err(ContainerError::NoSuchContainer) };
        if !c.is_running() {
            return Err(ContainerError::NotRunning { id: c.id.clone() });
        }
        if c.is_paused() {
            return Err(ContainerError::PausedExec { id: c.id.clone() });
        }
        Ok(())
    }

    /// The daemon's `GetContainer`: [`World::find_container`] with its refusal typed.
    pub fn lookup_container(&self, reference: &str) -> Result<Cid, ContainerError> {
        self.find_container(reference).map_err(|e| {
            let reference = reference.to_string();
            match e {
                super::LookupError::NotFound => ContainerError::NotFound { reference },
                super::LookupError::Ambiguous => ContainerError::Ambiguous { reference },
            }
        })
    }

    /// What `docker rm` without `--force` asks first (moby's `cleanupContainer`): the container
    /// is not paused, restarting or running.
    pub fn check_remove(&self, cid: Cid) -> Result<(), ContainerError> {
        let Some(c) = self.containers.get(&cid) else { return Err(ContainerError::NoSuchContainer) };
        if !matches!(c.state.status, Status::Running | Status::Restarting) {
            return Ok(());
        }
        // moby asks for an unpause first.
        let why = if c.is_paused() {
            RemoveBlock::Paused
        } else if c.state.status == Status::Restarting {
            RemoveBlock::Restarting
        } else {
            RemoveBlock::Running
        };
        Err(ContainerError::RemoveActive { name: c.name.clone(), why })
    }

    /// `docker kill <name>`: the container `name` refers to, running, gets `sig` (and counts as
    /// stopped by hand, as moby's `ContainerKill` marks it).
    pub fn kill(&mut self, name: &str, sig: Signal) -> Result<(), KillError> {
        let cid = self
            .lookup_container(name)
            .and_then(|cid| self.check_running(cid).map(|()| cid))
            .map_err(|why| KillError { name: name.to_string(), why })?;
        self.kill_container(cid, sig);
        Ok(())
    }

    /// The start that ends `docker restart <name>` once the container stopped: the restart
    /// policy acts again, and a refused start is `Cannot restart container <name>: …`.
    pub fn restart_stopped(&mut self, cid: Cid, name: &str) -> Result<(), RestartError> {
        self.set_manually_stopped(cid, false);
        self.start_container(cid).map_err(|why| RestartError { name: name.to_string(), why })
    }

    /// `docker cp`'s stat of a path in a container (`ContainerStatPath`); `reference` is the
    /// container as the request named it.
    pub fn stat_path(&self, cid: Cid, path: &str, reference: &str) -> Result<(), ContainerError> {
        match self.fs_node(super::Loc::Container(cid), path) {
            Some(_) => Ok(()),
            None => Err(ContainerError::FileNotFound { path: path.to_string(), container: reference.to_string() }),
        }
    }

    /// A bind mount's source exists on the host (`validateMountConfig`, at create).
    pub fn check_bind_source(&self, path: &str) -> Result<(), MountError> {
        if self.fs_is_dir(super::Loc::Host, path) || self.fs_node(super::Loc::Host, path).is_some() {
            return Ok(());
        }
        Err(MountError::Config(MountConfigProblem::BindSourceMissing { path: path.to_string() }))
    }

    /// What `docker top` and `docker kill` ask first: the container is running.
    pub fn check_running(&self, cid: Cid) -> Result<(), ContainerError> {
        let Some(c) = self.containers.get(&cid) else { return Err(ContainerError::NoSuchContainer) };
        if !c.is_running() {
            return Err(ContainerError::NotRunning { id: c.id.clone() });
        }
        Ok(())
    }

    /// `docker update` of the container `reference` names: checks as moby's `ContainerUpdate`
    /// does, then changes the restart policy and limits in place (a running container keeps
    /// running). A reference no container or several match is `No such container`.
    pub fn update_container(&mut self, reference: &str, update: &Update) -> Result<(), UpdateError> {
        update.verify()?;
        let cid = self.find_container(reference).ok();
        let Some(c) = cid.and_then(|cid| self.containers.get_mut(&cid)) else {
            return Err(UpdateError::NotFound { reference: reference.to_string() });
        };
        let conflict = |why| UpdateError::Conflict { id: c.id.clone(), why };
        // moby's `Container.UpdateContainer`, in its order.
        if update.memory != 0 && (update.memory as i64) > c.host.memory_swap && update.memory_swap == 0 {
            return Err(conflict(UpdateConflict::MemoryAboveSwap));
        }
        if matches!(update.restart, Some(ref r) if *r != RestartPolicy::No) && c.host.auto_remove {
            return Err(conflict(UpdateConflict::AutoRemove));
        }
        if update.nano_cpus != 0 {
            c.host.nano_cpus = update.nano_cpus;
        }
        if update.memory != 0 {
            c.host.memory = Some(update.memory);
        }
        if update.memory_swap != 0 {
            c.host.memory_swap = update.memory_swap;
        }
        if let Some(r) = &update.restart {
            c.host.restart = r.clone();
        }
        self.revision += 1;
        Ok(())
    }

    /// A new PID in the container's PID namespace, as the kernel hands them out (the next free
    /// one, never below `at_least`: a program whose start-up ran helper processes first, such as
    /// nginx's entrypoint scripts before its workers). Not an observable change by itself.
    pub fn alloc_pid(&mut self, cid: Cid, at_least: u32) -> u32 {
        let Some(c) = self.containers.get_mut(&cid) else { return at_least };
        let pid = (c.state.last_pid + 1).max(at_least);
        c.state.last_pid = pid;
        pid
    }

    /// nginx serves the files under `root` on `port` (its configuration's `root`; `index`, the
    /// files it tries for a directory). A reload hands it the new configuration's.
    pub fn serve_static(&mut self, cid: Cid, port: u16, root: &str, index: &[String]) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.listening.insert(port);
            c.http_servers
                .insert(port, super::container::HttpApp::Static { root: root.to_string(), index: index.to_vec() });
        }
        self.revision += 1;
    }

    /// A process in the container now accepts TCP connections on `ports`.
    pub fn listen(&mut self, cid: Cid, ports: impl IntoIterator<Item = u16>) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.listening.extend(ports);
        }
        self.revision += 1;
    }

    /// The main process listens on `port` as an HTTP framework Muelle does not run (`flask`),
    /// its application connecting to `deps` while it answers.
    pub fn serve_http(&mut self, cid: Cid, port: u16, framework: &'static str, deps: Vec<(String, u16)>) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.listening.insert(port);
            c.http_servers.insert(port, super::container::HttpApp::Framework { name: framework, deps });
        }
        self.revision += 1;
    }

    /// A process that is not the main one serves HTTP on `port`: its request log lines are kept
    /// for it (`take_side_log`) instead of going to the container's log.
    pub fn log_requests_aside(&mut self, cid: Cid, port: u16) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.side_logs.insert(port, String::new());
        }
    }

    /// What a side server's requests logged since it last looked.
    pub fn take_side_log(&mut self, cid: Cid, port: u16) -> String {
        self.containers.get_mut(&cid).and_then(|c| c.side_logs.get_mut(&port)).map(std::mem::take).unwrap_or_default()
    }

    /// A process stopped listening on `ports` (a server that was not the main process ended).
    pub fn stop_listening(&mut self, cid: Cid, ports: &[u16]) {
        if let Some(c) = self.containers.get_mut(&cid) {
            for p in ports {
                c.listening.remove(p);
                c.http_servers.remove(p);
                c.side_logs.remove(p);
            }
        }
        self.revision += 1;
    }

    /// The main process serves the files under `dir` on `port` (`python -m http.server`).
    pub fn serve_dir(&mut self, cid: Cid, port: u16, dir: &str, python: &str) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.listening.insert(port);
            c.http_servers
                .insert(port, super::container::HttpApp::Files { dir: dir.to_string(), python: python.to_string() });
        }
        self.revision += 1;
    }

    /// The main process is PHP's built-in server on `port`, its document root `root`.
    pub fn serve_php(&mut self, cid: Cid, port: u16, root: &str, version: &str) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.listening.insert(port);
            c.http_servers
                .insert(port, super::container::HttpApp::Php { root: root.to_string(), version: version.to_string() });
        }
        self.revision += 1;
    }

    /// The main process is Apache with mod_php (`apache2-foreground` of `php:*-apache`) on `port`.
    pub fn serve_apache_php(&mut self, cid: Cid, port: u16, version: &str) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.listening.insert(port);
            c.http_servers.insert(port, super::container::HttpApp::ApachePhp { version: version.to_string() });
        }
        self.revision += 1;
    }

    /// A package manager installed `packages` in the container (their commands now exist).
    pub fn install_packages(&mut self, cid: Cid, packages: impl IntoIterator<Item = String>) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.packages.extend(packages);
        }
        self.revision += 1;
    }

    /// `apt-get update` fetched the package lists (`apt-get install` now finds packages).
    pub fn set_apt_lists(&mut self, cid: Cid) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.apt_lists = true;
            self.revision += 1;
        }
    }
}
