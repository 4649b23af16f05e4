//! What the topology graph shows, as plain data read from the simulator's [`World`].
//!
//! The graph never reads the world while drawing: [`Model::from_world`] copies the few fields it
//! needs (names, states, attachments, mounts, published ports) in the world's own deterministic
//! order, and [`super::layout`] turns that into positions. Tests build models by hand.

use sim_core::world::container::{Health, MountKind, Status};
use sim_core::World;

/// Everything drawn in the graph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Model {
    /// Networks in display order: user-defined ones in creation order, then the predefined ones.
    pub networks: Vec<NetNode>,
    /// Containers in creation order.
    pub containers: Vec<ContainerNode>,
    pub volumes: Vec<VolumeNode>,
    /// Host ports published by running containers, in container order.
    pub ports: Vec<PortNode>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetNode {
    pub name: String,
    /// `172.18.0.0/16`, or empty for `host` and `none`.
    pub subnet: String,
    pub driver: String,
    /// Whether Docker's embedded DNS answers on it (user-defined bridges only).
    pub dns: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Created,
    Running,
    /// Running, with its processes frozen by `docker pause`.
    Paused,
    Restarting,
    Exited(i32),
    Dead,
}

impl State {
    /// The value of `data-state`: Docker's own status word.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Created => "created",
            State::Running => "running",
            State::Paused => "paused",
            State::Restarting => "restarting",
            State::Exited(_) => "exited",
            State::Dead => "dead",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthState {
    Starting,
    Healthy,
    Unhealthy,
}

impl HealthState {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthState::Starting => "starting",
            HealthState::Healthy => "healthy",
            HealthState::Unhealthy => "unhealthy",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerNode {
    pub name: String,
    pub image: String,
    pub state: State,
    pub health: Option<HealthState>,
    /// Networks it is attached to (running or not), first = the one it is drawn in.
    pub networks: Vec<String>,
    /// `(network, ip)` for the endpoints it has while running.
    pub ips: Vec<(String, String)>,
    /// Named volumes it mounts.
    pub volumes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeNode {
    pub name: String,
    pub anonymous: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortNode {
    pub host_port: u16,
    /// `tcp` or `udp`.
    pub proto: String,
    pub container: String,
    pub container_port: u16,
}

impl PortNode {
    /// The `data-node` key: `port:8080`, or `port:53/udp`.
    pub fn key(&self) -> String {
        if self.proto == "tcp" {
            format!("port:{}", self.host_port)
        } else {
            format!("port:{}/{}", self.host_port, self.proto)
        }
    }
}

impl Model {
    pub fn from_world(world: &World) -> Model {
        // User-defined networks first (they are what lessons are about), then bridge/host/none,
        // each in creation order.
        let shown = |predefined: bool| {
            world.networks.values().filter(move |n| {
                n.predefined == predefined
                    && (!n.predefined
                        || n.name == "bridge"
                        || world.containers.values().any(|c| c.networks.iter().any(|a| a.net == n.key)))
            })
        };
        let networks: Vec<&sim_core::world::Network> = shown(false).chain(shown(true)).collect();
        let net_name = |key| world.networks.get(&key).map(|n| n.name.clone());

        let containers = world
            .containers
            .values()
            .map(|c| ContainerNode {
                name: c.name.clone(),
                image: c.config.image.clone(),
                state: match c.state.status {
                    Status::Created => State::Created,
                    Status::Running if c.is_paused() => State::Paused,
                    Status::Running => State::Running,
                    Status::Restarting => State::Restarting,
                    Status::Exited => State::Exited(c.state.exit_code),
                    Status::Dead => State::Dead,
                },
                health: c.state.health.as_ref().map(|h| match h {
                    Health::Starting => HealthState::Starting,
                    Health::Healthy => HealthState::Healthy,
                    Health::Unhealthy => HealthState::Unhealthy,
                }),
                networks: c.networks.iter().filter_map(|a| net_name(a.net)).collect(),
                ips: world
                    .networks
                    .values()
                    .filter_map(|n| n.endpoints.get(&c.key).map(|e| (n.name.clone(), e.ip.to_string())))
                    .collect(),
                volumes: c
                    .host
                    .mounts
                    .iter()
                    .filter_map(|m| match &m.kind {
                        MountKind::Volume(v) => Some(v.clone()),
                        _ => None,
                    })
                    .collect(),
            })
            .collect();

        let ports = world
            .containers
            .values()
            .filter(|c| c.is_running())
            .flat_map(|c| {
                c.published.iter().map(|p| PortNode {
                    host_port: p.host_port,
                    proto: p.proto.as_str().to_string(),
                    container: c.name.clone(),
                    container_port: p.container_port,
                })
            })
            .collect();

        Model {
            networks: networks
                .into_iter()
                .map(|n| NetNode {
                    name: n.name.clone(),
                    subnet: n.subnet.map(|s| s.to_string()).unwrap_or_default(),
                    driver: n.driver.as_str().to_string(),
                    dns: n.has_dns(),
                })
                .collect(),
            containers,
            volumes: world
                .volumes
                .values()
                .map(|v| VolumeNode { name: v.name.clone(), anonymous: v.anonymous })
                .collect(),
            ports,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::{Lang, Session, SessionConfig};

    fn session_after(lines: &[&str]) -> Session {
        let mut s = Session::new(SessionConfig { seed: 1, lang: Lang::Es });
        for line in lines {
            s.submit(0, line);
            s.run_until_idle(0, 120_000);
        }
        s.advance(5_000);
        s
    }

    #[test]
    fn a_fresh_host_shows_the_default_bridge_only() {
        let s = session_after(&[]);
        let m = Model::from_world(s.world());
        assert_eq!(m.networks.len(), 1, "{m:?}");
        assert_eq!(m.networks[0].name, "bridge");
        assert!(!m.networks[0].dns);
        assert!(m.containers.is_empty() && m.ports.is_empty());
    }

    #[test]
    fn a_published_nginx_is_running_on_bridge_with_its_port() {
        let s = session_after(&["docker run -d --name web -p 8080:80 nginx"]);
        let m = Model::from_world(s.world());
        let web = &m.containers[0];
        assert_eq!(web.name, "web");
        assert_eq!(web.state, State::Running);
        assert_eq!(web.networks, ["bridge"]);
        assert_eq!(web.ips.len(), 1);
        assert_eq!(m.ports.len(), 1);
        assert_eq!(m.ports[0].key(), "port:8080");
        assert_eq!(m.ports[0].container, "web");
        assert_eq!(m.ports[0].container_port, 80);
    }

    #[test]
    fn an_exited_container_keeps_its_code_and_loses_its_ip() {
        let s = session_after(&["docker run --name fallo busybox sh -c 'exit 3'"]);
        let m = Model::from_world(s.world());
        let c = &m.containers[0];
        assert_eq!(c.state, State::Exited(3), "{c:?}");
        assert!(c.ips.is_empty());
        assert_eq!(c.networks, ["bridge"], "attachments outlive the endpoint");
    }
}
