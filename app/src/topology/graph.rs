//! The topology as a graph: which node is linked to which, so a packet's way can be found rather
//! than guessed from where things happen to be drawn.
//!
//! Vertices are the drawing's [`Kind`]s. A container is linked to every network it has an
//! endpoint on (it is running there, with an IP), a published port to the host and to its
//! container. Two containers can reach each other exactly when a path of endpoint links joins
//! them, which is what Docker's networking says too: they must share a network. [`Topology::way`]
//! returns the shortest such path; [`super::packets`] then follows the drawn edges along it.
//!
//! A few dozen vertices: lists, not a graph library. The search is the one petgraph's `astar`
//! (which this replaced, to spare the page its hash maps) does with unit costs and no estimate,
//! step for step and with the same neighbour order, so among equally short ways (a container
//! publishing several ports) it picks the same one; a test holds the two equal.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

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
    /// The vertices, in the order added; a vertex is its position here.
    kinds: Vec<Kind>,
    /// The links, in the order added (at most one between two vertices).
    links: Vec<(usize, usize, Link)>,
}

/// A vertex waiting in the search, ordered by hops only (fewest first), as petgraph's `MinScored`.
struct Open(u32, usize);

impl PartialEq for Open {
    fn eq(&self, other: &Open) -> bool {
        self.0 == other.0
    }
}
impl Eq for Open {}
impl PartialOrd for Open {
    fn partial_cmp(&self, other: &Open) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Open {
    fn cmp(&self, other: &Open) -> Ordering {
        other.0.cmp(&self.0)
    }
}

impl Topology {
    pub fn of(model: &Model) -> Topology {
        let mut t = Topology { kinds: Vec::new(), links: Vec::new() };
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

    fn vertex(&mut self, kind: Kind) -> usize {
        self.index_of(kind).unwrap_or_else(|| {
            self.kinds.push(kind);
            self.kinds.len() - 1
        })
    }

    fn index_of(&self, kind: Kind) -> Option<usize> {
        self.kinds.iter().position(|k| *k == kind)
    }

    fn link(&mut self, a: Kind, b: Kind, link: Link) {
        let (a, b) = (self.vertex(a), self.vertex(b));
        if !self.links.iter().any(|&(x, y, _)| (x, y) == (a, b) || (x, y) == (b, a)) {
            self.links.push((a, b, link));
        }
    }

    /// `i`'s neighbours over links of kind `over`, in petgraph's order for an undirected graph:
    /// the links added from `i` (newest first), then those added to `i` (newest first).
    fn neighbours(&self, i: usize, over: Link) -> impl Iterator<Item = usize> + '_ {
        let links = move || self.links.iter().rev().filter(move |l| l.2 == over);
        links().filter(move |l| l.0 == i).map(|l| l.1).chain(links().filter(move |l| l.1 == i && l.0 != i).map(|l| l.0))
    }

    /// The vertices from `from` to `to` over links of kind `over`, fewest hops first; `None` when
    /// no such path exists (a packet between containers that share no network).
    pub fn way(&self, from: Kind, to: Kind, over: Link) -> Option<Vec<Kind>> {
        let (start, goal) = (self.index_of(from)?, self.index_of(to)?);
        let n = self.kinds.len();
        let (mut hops, mut came_from) = (vec![None; n], vec![None; n]);
        let mut open = BinaryHeap::new();
        hops[start] = Some(0u32);
        open.push(Open(0, start));
        while let Some(Open(g, node)) = open.pop() {
            if node == goal {
                let mut path = vec![self.kinds[node]];
                let mut at = node;
                while let Some(previous) = came_from[at] {
                    path.push(self.kinds[previous]);
                    at = previous;
                }
                path.reverse();
                return Some(path);
            }
            if hops[node].is_some_and(|old| old < g) {
                continue;
            }
            hops[node] = Some(g);
            for next in self.neighbours(node, over) {
                if hops[next].is_some_and(|old| g + 1 >= old) {
                    continue;
                }
                hops[next] = Some(g + 1);
                came_from[next] = Some(node);
                open.push(Open(g + 1, next));
            }
        }
        None
    }

    /// The first network (in display order) on which `a` and `b` both have an endpoint.
    pub fn shared_network(&self, a: Kind, b: Kind) -> Option<usize> {
        let networks = |k: Kind| -> Vec<usize> {
            let Some(i) = self.index_of(k) else { return Vec::new() };
            self.neighbours(i, Link::Endpoint)
                .filter_map(|j| match self.kinds[j] {
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

    /// The old search, petgraph's `astar` on a petgraph graph built in the same order, against
    /// [`Topology::way`] on varied models: same ways, ties included (several ports to one
    /// container, containers on several networks, links in every order).
    #[test]
    fn the_way_is_the_one_petgraphs_astar_found() {
        use petgraph::algo::astar;
        use petgraph::graph::UnGraph;
        use petgraph::visit::EdgeFiltered;

        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut roll = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut ties, mut compared) = (0, 0);
        for _ in 0..400 {
            let networks = (0..1 + roll(5))
                .map(|i| NetNode { name: format!("n{i}"), subnet: String::new(), driver: "bridge".into(), dns: true })
                .collect::<Vec<_>>();
            let containers = (0..roll(9))
                .map(|i| {
                    let on = (0..roll(4)).map(|_| format!("n{}", roll(6))).collect::<Vec<_>>();
                    ct(&format!("c{i}"), &on.iter().map(String::as_str).collect::<Vec<_>>())
                })
                .collect::<Vec<_>>();
            let ports = (0..roll(12))
                .map(|i| PortNode {
                    host_port: 8000 + i as u16,
                    proto: "tcp".into(),
                    container: format!("c{}", roll(10)),
                    container_port: 80,
                })
                .collect();
            let model = Model { networks, containers, volumes: vec![], ports };
            let t = Topology::of(&model);
            let mut old = UnGraph::<Kind, Link>::default();
            let nodes = t.kinds.iter().map(|&k| old.add_node(k)).collect::<Vec<_>>();
            for &(a, b, link) in &t.links {
                old.add_edge(nodes[a], nodes[b], link);
            }
            let mut kinds = t.kinds.clone();
            kinds.extend([Kind::Host, Kind::Port(99), Kind::Container(99), Kind::Network(None)]);
            for over in [Link::Endpoint, Link::Published] {
                let links = EdgeFiltered::from_fn(&old, |e| *e.weight() == over);
                for &from in &kinds {
                    for &to in &kinds {
                        let at = |k: Kind| t.kinds.iter().position(|&x| x == k).map(|i| nodes[i]);
                        let want = at(from).zip(at(to)).and_then(|(s, g)| {
                            let (_, path) = astar(&links, s, |n| n == g, |_| 1u32, |_| 0)?;
                            Some(path.into_iter().map(|i| old[i]).collect::<Vec<_>>())
                        });
                        assert_eq!(t.way(from, to, over), want, "{from:?} → {to:?} over {over:?} in {model:?}");
                        compared += 1;
                        if over == Link::Published && matches!(to, Kind::Container(_)) {
                            let ways = t.kinds.iter().filter(|&&k| {
                                matches!(k, Kind::Port(_)) && t.way(k, to, over).is_some_and(|w| w.len() == 2)
                            });
                            ties += usize::from(from == Kind::Host && ways.count() > 1);
                        }
                    }
                }
            }
        }
        assert!(ties > 50 && compared > 10_000, "{ties} ties in {compared} ways");
    }
}
