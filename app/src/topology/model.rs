//! What the topology graph shows, as plain data read from the simulator's [`HostView`].
//!
//! The graph never reads the world while drawing: [`Model::from_view`] copies the few fields it
//! needs (names, states, attachments, mounts, published ports) in the host's own deterministic
//! order, and [`super::layout`] turns that into positions. Tests build models by hand.

use sim_core::view::{ContainerState, HealthView, HostView, MountSource};

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

/// A container's state as drawn (`data-state` is its `as_str()`, Docker's own word).
pub type State = ContainerState;

/// A container's health as drawn.
pub type HealthState = HealthView;

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
    /// Its volume and bind mounts in its own order (tmpfs mounts are not drawn): one edge each.
    pub mounts: Vec<MountNode>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountNode {
    /// The volume's name, or a bind mount's host path (the name of its [`VolumeNode`]).
    pub source: String,
    pub bind: bool,
    /// Where it appears inside the container.
    pub target: String,
    pub read_only: bool,
}

/// A volume, or a host folder that a bind mount shows inside containers (`bind`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeNode {
    /// The volume's name, or the folder's host path.
    pub name: String,
    pub anonymous: bool,
    pub bind: bool,
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
    pub fn from_view(view: &HostView) -> Model {
        // User-defined networks first (they are what lessons are about), then bridge/host/none,
        // each in creation order; of the predefined ones `bridge` always, the others when used.
        let used = |name: &str| view.containers.iter().any(|c| c.networks.iter().any(|n| n == name));
        let shown = |predefined: bool| {
            view.networks
                .iter()
                .filter(move |n| n.predefined == predefined && (!n.predefined || n.name == "bridge" || used(&n.name)))
        };
        let networks = shown(false)
            .chain(shown(true))
            .map(|n| NetNode {
                name: n.name.clone(),
                subnet: n.subnet.clone().unwrap_or_default(),
                driver: n.driver.clone(),
                dns: n.dns,
            })
            .collect();
        let containers: Vec<ContainerNode> = view
            .containers
            .iter()
            .map(|c| ContainerNode {
                name: c.name.clone(),
                image: c.image.clone(),
                state: c.state,
                health: c.health,
                networks: c.networks.clone(),
                ips: c.endpoints.clone(),
                mounts: c
                    .mounts
                    .iter()
                    .filter_map(|m| {
                        let (source, bind) = match &m.source {
                            MountSource::Volume(v) => (v.clone(), false),
                            MountSource::Bind(p) => (p.clone(), true),
                            MountSource::Tmpfs => return None,
                        };
                        Some(MountNode { source, bind, target: m.target.clone(), read_only: m.read_only })
                    })
                    .collect(),
            })
            .collect();
        let ports = view
            .containers
            .iter()
            .flat_map(|c| {
                c.ports.iter().map(|p| PortNode {
                    host_port: p.host_port,
                    proto: p.proto.clone(),
                    container: c.name.clone(),
                    container_port: p.container_port,
                })
            })
            .collect();
        // Volumes by name, then the host folders of bind mounts in the order they are first mounted.
        let mut volumes: Vec<VolumeNode> = view
            .volumes
            .iter()
            .map(|v| VolumeNode { name: v.name.clone(), anonymous: v.anonymous, bind: false })
            .collect();
        for m in containers.iter().flat_map(|c| &c.mounts).filter(|m| m.bind) {
            if !volumes.iter().any(|v| v.bind && v.name == m.source) {
                volumes.push(VolumeNode { name: m.source.clone(), anonymous: false, bind: true });
            }
        }
        Model { networks, containers, volumes, ports }
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
        let m = Model::from_view(&s.view());
        assert_eq!(m.networks.len(), 1, "{m:?}");
        assert_eq!(m.networks[0].name, "bridge");
        assert!(!m.networks[0].dns);
        assert!(m.containers.is_empty() && m.ports.is_empty());
    }

    #[test]
    fn a_published_nginx_is_running_on_bridge_with_its_port() {
        let s = session_after(&["docker run -d --name web -p 8080:80 nginx"]);
        let m = Model::from_view(&s.view());
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
        let m = Model::from_view(&s.view());
        let c = &m.containers[0];
        assert_eq!(c.state, State::Exited(3), "{c:?}");
        assert!(c.ips.is_empty());
        assert_eq!(c.networks, ["bridge"], "attachments outlive the endpoint");
    }

    #[test]
    fn every_mount_is_its_own_edge_and_a_bind_mount_is_a_host_folder() {
        let s = session_after(&[
            "docker volume create datos",
            "docker run -d --name app -v datos:/datos -v datos:/copia:ro -v /srv/web:/usr/share/nginx/html --tmpfs /tmp nginx",
            "docker run -d --name otro -v /srv/web:/web alpine sleep 1000",
        ]);
        let m = Model::from_view(&s.view());
        let app = &m.containers[0];
        let mounts: Vec<(&str, bool, &str, bool)> =
            app.mounts.iter().map(|x| (x.source.as_str(), x.bind, x.target.as_str(), x.read_only)).collect();
        assert_eq!(
            mounts,
            [
                ("datos", false, "/datos", false),
                ("datos", false, "/copia", true),
                ("/srv/web", true, "/usr/share/nginx/html", false)
            ],
            "tmpfs is not drawn"
        );
        let folders: Vec<&str> = m.volumes.iter().filter(|v| v.bind).map(|v| v.name.as_str()).collect();
        assert_eq!(folders, ["/srv/web"], "one node for the folder both containers mount");
        assert!(m.volumes.iter().any(|v| v.name == "datos" && !v.bind && !v.anonymous));
    }
}
