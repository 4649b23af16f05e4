//! The topology as a graph (petgraph): which node is linked to which, so a packet's way can be
//! found rather than guessed from where things happen to be drawn.
//!
//! Vertices are the drawing's [`Kind`]s. A container is linked to every network it has an
//! endpoint on (it is running there, with an IP), a published port to the host and to its
//! container. Two containers can reach each other exactly when a path of endpoint links joins
//! them, which is what Docker's networking says too: they must share a network. [`Topology::way`]
//! returns the shortest such path; [`super::packets`] then follows the drawn edges along it.

use petgraph::algo::astar;
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::{EdgeFiltered, EdgeRef};

use super::layout::Kind;
use super::model::Model;

/// What joins two vertices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// A running container's endpoint on a network.
    Endpoint,
    /// A published port: host to port, port to container.
    Published,
}

pub struct Topology {
    graph: UnGraph<Kind, Link>,
    /// Each vertex's index, in the order added (a few dozen: a list costs less code than a map).
    index: Vec<(Kind, NodeIndex)>,
}

impl Topology {
    pub fn of(model: &Model) -> Topology {
        let mut t = Topology { graph: UnGraph::default(), index: Vec::new() };
        let net = |name: &str| model.networks.iter().position(|n| n.name == name);
        for (ci, c) in model.containers.iter().enumerate() {
            for (network, _ip) in &c.ips {
                if let Some(ni) = net(network) {
                    t.link(Kind::Container(ci), Kind::Network(Some(ni)), Link::Endpoint);
                }
            }
        }
        for (pi, p) in model.ports.iter().enumerate() {
            if let Some(ci) = model.containers.iter().position(|c| c.name == p.container) {
                t.link(Kind::Host, Kind::Port(pi), Link::Published);
                t.link(Kind::Port(pi), Kind::Container(ci), Link::Published);
            }
        }
        t
    }

    fn vertex(&mut self, kind: Kind) -> NodeIndex {
        if let Some(i) = self.index_of(kind) {
            return i;
        }
        let i = self.graph.add_node(kind);
        self.index.push((kind, i));
        i
    }

    fn index_of(&self, kind: Kind) -> Option<NodeIndex> {
        self.index.iter().find(|(k, _)| *k == kind).map(|&(_, i)| i)
    }

    fn link(&mut self, a: Kind, b: Kind, link: Link) {
        let (a, b) = (self.vertex(a), self.vertex(b));
        if self.graph.find_edge(a, b).is_none() {
            self.graph.add_edge(a, b, link);
        }
    }

    /// The vertices from `from` to `to` over links of kind `over`, fewest hops first; `None` when
    /// no such path exists (a packet between containers that share no network).
    pub fn way(&self, from: Kind, to: Kind, over: Link) -> Option<Vec<Kind>> {
        let (start, goal) = (self.index_of(from)?, self.index_of(to)?);
        let links = EdgeFiltered::from_fn(&self.graph, |e| *e.weight() == over);
        let (_, path) = astar(&links, start, |n| n == goal, |_| 1u32, |_| 0)?;
        Some(path.into_iter().map(|i| self.graph[i]).collect())
    }

    /// The first network (in display order) on which `a` and `b` both have an endpoint.
    pub fn shared_network(&self, a: Kind, b: Kind) -> Option<usize> {
        let networks = |k: Kind| -> Vec<usize> {
            let Some(i) = self.index_of(k) else { return Vec::new() };
            self.graph
                .edges(i)
                .filter(|e| *e.weight() == Link::Endpoint)
                .filter_map(|e| match self.graph[if e.source() == i { e.target() } else { e.source() }] {
                    Kind::Network(Some(n)) => Some(n),
                    _ => None,
                })
                .collect()
        };
        let theirs = networks(b);
        networks(a).into_iter().filter(|n| theirs.contains(n)).min()
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::*;
    use super::*;

    fn ct(name: &str, ips: &[&str]) -> ContainerNode {
        ContainerNode {
            name: name.into(),
            image: "alpine".into(),
            state: State::Running,
            health: None,
            networks: ips.iter().map(|n| n.to_string()).collect(),
            ips: ips.iter().map(|n| (n.to_string(), "172.18.0.2".to_string())).collect(),
            mounts: vec![],
        }
    }

    fn model() -> Model {
        let net = |n: &str| NetNode { name: n.into(), subnet: String::new(), driver: "bridge".into(), dns: true };
        Model {
            networks: vec![net("front"), net("back"), net("bridge")],
            containers: vec![
                ct("web", &["front"]),
                ct("api", &["front", "back"]),
                ct("db", &["back"]),
                ct("solo", &[]),
            ],
            volumes: vec![],
            ports: vec![PortNode { host_port: 8080, proto: "tcp".into(), container: "web".into(), container_port: 80 }],
        }
    }

    #[test]
    fn containers_on_one_network_are_one_hop_apart_through_it() {
        let t = Topology::of(&model());
        assert_eq!(
            t.way(Kind::Container(0), Kind::Container(1), Link::Endpoint),
            Some(vec![Kind::Container(0), Kind::Network(Some(0)), Kind::Container(1)])
        );
        assert_eq!(t.shared_network(Kind::Container(1), Kind::Container(2)), Some(1));
    }

    #[test]
    fn a_container_on_another_network_is_reached_only_through_one_in_both() {
        let t = Topology::of(&model());
        // web and db share nothing; the graph path goes through api, which is not a router.
        let way = t.way(Kind::Container(0), Kind::Container(2), Link::Endpoint).unwrap();
        assert_eq!(way.len(), 5, "{way:?}");
        assert_eq!(t.shared_network(Kind::Container(0), Kind::Container(2)), None);
        assert_eq!(t.way(Kind::Container(0), Kind::Container(3), Link::Endpoint), None, "solo has no endpoint");
    }

    #[test]
    fn the_host_reaches_a_container_through_its_published_port() {
        let t = Topology::of(&model());
        assert_eq!(
            t.way(Kind::Host, Kind::Container(0), Link::Published),
            Some(vec![Kind::Host, Kind::Port(0), Kind::Container(0)])
        );
        assert_eq!(t.way(Kind::Host, Kind::Container(1), Link::Published), None);
    }
}
