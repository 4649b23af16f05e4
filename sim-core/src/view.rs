//! Views: plain snapshots of the simulated host for whoever draws it.
//!
//! The page (topology graph, tab titles, the embed API's state messages) and the `muelle` runner
//! read these instead of the world's own types, so the host's internals can change without
//! touching them, and so a snapshot can later cross a thread boundary (the simulator in a Web
//! Worker) as data. A view is built in the world's deterministic order and owns its strings.
//!
//! Architecture invariant: nothing outside sim-core needs a `world::` type to draw the host.

use crate::world::container::{Health, MountKind, Status};
use crate::world::{Loc, World};

/// Everything about the host a panel draws, at one revision.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HostView {
    /// Bumped on every observable change: a view with the same revision is the same view.
    pub revision: u64,
    /// Networks in creation order (the predefined `bridge`, `host`, `none` first).
    pub networks: Vec<NetworkView>,
    /// Containers in creation order.
    pub containers: Vec<ContainerView>,
    /// Volumes by name.
    pub volumes: Vec<VolumeView>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NetworkView {
    pub name: String,
    /// `172.18.0.0/16`, or `None` for `host` and `none`.
    pub subnet: Option<String>,
    /// `bridge`, `host`, `null`, …
    pub driver: String,
    /// `bridge`, `host` and `none`: Docker's own networks.
    pub predefined: bool,
    /// Whether Docker's embedded DNS answers on it (user-defined networks only).
    pub dns: bool,
}

/// A container's state as Docker names it, with the paused case apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ContainerState {
    Created,
    Running,
    /// Running, with its processes frozen by `docker pause`.
    Paused,
    Restarting,
    /// Exited, with its exit code.
    Exited(i32),
    Dead,
}

impl ContainerState {
    /// Docker's own status word (`docker inspect`'s `State.Status`).
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerState::Created => "created",
            ContainerState::Running => "running",
            ContainerState::Paused => "paused",
            ContainerState::Restarting => "restarting",
            ContainerState::Exited(_) => "exited",
            ContainerState::Dead => "dead",
        }
    }

    /// Whether the main process runs (paused counts: it keeps its endpoints).
    pub fn is_running(self) -> bool {
        matches!(self, ContainerState::Running | ContainerState::Paused)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum HealthView {
    Starting,
    Healthy,
    Unhealthy,
}

impl HealthView {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthView::Starting => "starting",
            HealthView::Healthy => "healthy",
            HealthView::Unhealthy => "unhealthy",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ContainerView {
    pub name: String,
    /// The image as the user named it (`nginx`, `postgres:16`).
    pub image: String,
    pub state: ContainerState,
    pub health: Option<HealthView>,
    /// Networks it is attached to (running or not), in attachment order.
    pub networks: Vec<String>,
    /// `(network, ip)` for the endpoints it has while running, in network order.
    pub endpoints: Vec<(String, String)>,
    pub mounts: Vec<MountView>,
    /// Host ports published while it runs.
    pub ports: Vec<PortView>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MountSource {
    /// A named or anonymous volume, by name.
    Volume(String),
    /// A host path.
    Bind(String),
    Tmpfs,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MountView {
    pub source: MountSource,
    /// Where it appears inside the container.
    pub target: String,
    pub read_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PortView {
    pub host_port: u16,
    /// `tcp` or `udp`.
    pub proto: String,
    pub container_port: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VolumeView {
    pub name: String,
    pub anonymous: bool,
}

/// Where a terminal's shell runs, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Place {
    #[default]
    Host,
    /// Inside this container (by name).
    Container(String),
}

impl HostView {
    pub(crate) fn of(world: &World) -> HostView {
        let net_name = |key| world.networks().get(&key).map(|n| n.name.clone());
        HostView {
            revision: world.revision(),
            networks: world
                .networks()
                .values()
                .map(|n| NetworkView {
                    name: n.name.clone(),
                    subnet: n.subnet.map(|s| s.to_string()),
                    driver: n.driver.as_str().to_string(),
                    predefined: n.predefined,
                    dns: n.has_dns(),
                })
                .collect(),
            containers: world
                .containers()
                .values()
                .map(|c| ContainerView {
                    name: c.name.clone(),
                    image: c.config.image.clone(),
                    state: match c.state.status {
                        Status::Created => ContainerState::Created,
                        Status::Running if c.is_paused() => ContainerState::Paused,
                        Status::Running => ContainerState::Running,
                        Status::Restarting => ContainerState::Restarting,
                        Status::Exited => ContainerState::Exited(c.state.exit_code),
                        Status::Dead => ContainerState::Dead,
                    },
                    health: c.state.health.as_ref().map(|h| match h {
                        Health::Starting => HealthView::Starting,
                        Health::Healthy => HealthView::Healthy,
                        Health::Unhealthy => HealthView::Unhealthy,
                    }),
                    networks: c.networks.iter().filter_map(|a| net_name(a.net)).collect(),
                    endpoints: world
                        .networks()
                        .values()
                        .filter_map(|n| n.endpoints().get(&c.key).map(|e| (n.name.clone(), e.ip.to_string())))
                        .collect(),
                    mounts: c
                        .host
                        .mounts
                        .iter()
                        .map(|m| MountView {
                            source: match &m.kind {
                                MountKind::Volume(v) => MountSource::Volume(v.clone()),
                                MountKind::Bind(p) => MountSource::Bind(p.clone()),
                                MountKind::Tmpfs => MountSource::Tmpfs,
                            },
                            target: m.dest.clone(),
                            read_only: !m.rw,
                        })
                        .collect(),
                    ports: if c.is_running() {
                        c.published
                            .iter()
                            .map(|p| PortView {
                                host_port: p.host_port,
                                proto: p.proto.as_str().to_string(),
                                container_port: p.container_port,
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
            volumes: world
                .volumes()
                .values()
                .map(|v| VolumeView { name: v.name.clone(), anonymous: v.anonymous })
                .collect(),
        }
    }

    pub fn container(&self, name: &str) -> Option<&ContainerView> {
        self.containers.iter().find(|c| c.name == name)
    }
}

impl Place {
    pub(crate) fn of(world: &World, loc: Loc) -> Place {
        match loc {
            Loc::Host => Place::Host,
            Loc::Container(cid) => match world.container(cid) {
                Some(c) => Place::Container(c.name.clone()),
                None => Place::Host,
            },
        }
    }
}

/// What the page and the runner read of a session besides its terminals.
impl crate::Session {
    /// A snapshot of the host (see [`HostView`]).
    pub fn view(&self) -> HostView {
        HostView::of(&self.world)
    }

    /// The host's revision: bumped on every observable change (a cheap "did anything change").
    pub fn revision(&self) -> u64 {
        self.world.revision()
    }

    /// Changes that checks reading the event log care about: the revision and how many events
    /// were ever recorded.
    pub fn change_stamp(&self) -> (u64, u64) {
        (self.world.revision(), self.world.log().total())
    }

    /// Where terminal `t`'s shell runs.
    pub fn place(&self, t: crate::TermId) -> Place {
        Place::of(&self.world, self.location(t))
    }

    /// Names directly inside a host folder (relative paths are taken from the project folder),
    /// sorted, with whether each is a folder.
    pub fn list_host_dir(&self, path: &str) -> Result<Vec<(String, bool)>, crate::fs::FsError> {
        let path = crate::fs::normalize(crate::world::PROJECT_DIR, path);
        self.world.fs_list(Loc::Host, &path)
    }

    /// Whether a host path (relative to the project folder) is a folder.
    pub fn host_is_dir(&self, path: &str) -> bool {
        let path = crate::fs::normalize(crate::world::PROJECT_DIR, path);
        self.world.fs_is_dir(Loc::Host, &path)
    }
}
