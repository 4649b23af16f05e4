//! Packets on the graph: a ping, a DNS lookup or a TCP connection from the event log becomes a dot
//! travelling from its source to its target; a failure stops where the packet stopped and says why.
//!
//! [`Packet::from_event`] reads `sim_core`'s typed events (the source is an [`Actor`], the target
//! the container name the simulator resolved), [`route`] places it on a [`Layout`], and [`svg`]
//! draws the packets alive at a moment. The component keeps a few recent packets and their
//! wall-clock birth; everything here is pure and tested natively.

use std::fmt::Write;

use sim_core::{Actor, Cause, EventKind, Lang, LogEvent};

use super::draw::esc;
use super::graph::{Link, Topology};
use super::layout::{EdgeKind, Kind, Layout, Rect, BAND_HEAD, COL_GAP, ROW_GAP, ROW_TOP};
use super::model::Model;
use crate::decimal::fixed;

/// Wall-clock milliseconds a packet takes to travel.
pub const TRAVEL_MS: f64 = 1000.0;
/// How long a failure's marker stays after the packet stopped.
pub const FAIL_MS: f64 = 3000.0;
/// Packets animated at once at most (older ones are dropped first).
pub const MAX_LIVE: usize = 12;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    Ping,
    Dns { query: String },
    Connect { port: u16 },
}

/// One packet to animate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packet {
    pub what: What,
    /// `None` for the host.
    pub from: Option<String>,
    /// The target container, when the simulator knows it.
    pub to: Option<String>,
    /// The network a DNS lookup asked on.
    pub network: Option<String>,
    pub failure: Option<Cause>,
}

impl Packet {
    pub fn from_event(e: &LogEvent) -> Option<Packet> {
        let who = |a: &Actor| match a {
            Actor::Host => None,
            Actor::Container(n) => Some(n.clone()),
        };
        Some(match &e.kind {
            EventKind::Ping { from, to, reply, cause, .. } => Packet {
                what: What::Ping,
                from: who(from),
                to: to.clone(),
                network: None,
                failure: if *reply {
                    None
                } else {
                    cause.clone().or(Some(Cause::HostUnreachable { ip: ip_of(&e.kind) }))
                },
            },
            EventKind::DnsLookup { from, query, network, result } => Packet {
                what: What::Dns { query: query.clone() },
                from: who(from),
                to: None,
                network: network.clone(),
                failure: result.clone().err(),
            },
            EventKind::Connect { from, to, port, result, .. } => Packet {
                what: What::Connect { port: *port },
                from: who(from),
                to: to.clone(),
                network: None,
                failure: result.clone().err(),
            },
            _ => return None,
        })
    }

    /// What the packet was after, as the inspector's click hint (`sim_core::inspect::from_packet`):
    /// the name a lookup asked for, `:port` for a connection, the target of a ping.
    pub fn clue(&self) -> String {
        match &self.what {
            What::Dns { query } => query.clone(),
            What::Connect { port } => format!(":{port}"),
            What::Ping => self.to.clone().unwrap_or_default(),
        }
    }

    /// One line for the caption under the graph: `ping web → db ✓`, or the failure explained.
    pub fn describe(&self, lang: Lang) -> String {
        let from = self.from.as_deref().unwrap_or("host");
        let (what, to) = match &self.what {
            What::Ping => ("ping".to_string(), self.to.clone().unwrap_or_default()),
            What::Dns { query } => ("DNS".to_string(), format!("«{query}»")),
            What::Connect { port } => (format!("TCP :{port}"), self.to.clone().unwrap_or_default()),
        };
        let head = if to.is_empty() { format!("{what} {from}") } else { format!("{what} {from} → {to}") };
        match &self.failure {
            None => format!("{head} ✓"),
            Some(c) => format!("{head} ✕ {}", c.explain(lang)),
        }
    }
}

fn ip_of(k: &EventKind) -> std::net::Ipv4Addr {
    match k {
        EventKind::Ping { ip, .. } | EventKind::Connect { ip, .. } => *ip,
        _ => std::net::Ipv4Addr::UNSPECIFIED,
    }
}

/// Where a packet travels: a polyline from its source along the network's line to its target,
/// stopping at fraction `stop` of the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub points: Vec<(f64, f64)>,
    /// 1.0 when it arrives; less when it was dropped on the way.
    pub stop: f64,
}

impl Route {
    pub fn from(&self) -> (f64, f64) {
        self.points.first().copied().unwrap_or_default()
    }

    fn length(&self) -> f64 {
        self.points.windows(2).map(|w| dist(w[0], w[1])).sum()
    }

    /// The point at fraction `t` of the part it travels (0 = the source, 1 = where it ends).
    pub fn at(&self, t: f64) -> (f64, f64) {
        let mut left = t.clamp(0.0, 1.0) * self.stop * self.length();
        for w in self.points.windows(2) {
            let d = dist(w[0], w[1]);
            if left <= d && d > 0.0 {
                let f = left / d;
                return (w[0].0 + (w[1].0 - w[0].0) * f, w[0].1 + (w[1].1 - w[0].1) * f);
            }
            left -= d;
        }
        self.points.last().copied().unwrap_or_default()
    }

    /// SVG path data of the part travelled up to fraction `t`.
    pub fn trail(&self, t: f64) -> String {
        let end = self.at(t);
        let mut left = t.clamp(0.0, 1.0) * self.stop * self.length();
        let start = self.from();
        let mut d = format!("M{} {}", fixed(start.0, 1), fixed(start.1, 1));
        for w in self.points.windows(2) {
            let seg = dist(w[0], w[1]);
            if left <= seg {
                break;
            }
            d.push_str(&format!(" L{} {}", fixed(w[1].0, 1), fixed(w[1].1, 1)));
            left -= seg;
        }
        d.push_str(&format!(" L{} {}", fixed(end.0, 1), fixed(end.1, 1)));
        d
    }
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt()
}

/// A run from `a` up (or down) to the line at height `y`, along it, then to `b`: how a packet
/// follows a network's line rather than cutting across the drawing.
fn via_line(a: (f64, f64), b: (f64, f64), y: f64) -> Vec<(f64, f64)> {
    let mut points = vec![a, (a.0, y), (b.0, y), b];
    points.dedup();
    points
}

fn centre(r: Rect) -> (f64, f64) {
    (r.cx() as f64, r.cy() as f64)
}

/// Where the straight run from `r`'s centre towards `toward` leaves `r`: a packet starts and ends
/// on a node's border, so its trail never runs over the node's name (issue 14: "a packet line
/// crosses a container's label"). `toward` itself when it is inside `r`.
fn leave(r: Rect, toward: (f64, f64)) -> (f64, f64) {
    let (cx, cy) = centre(r);
    let (dx, dy) = (toward.0 - cx, toward.1 - cy);
    let exit = |d: f64, low: i32, high: i32, from: f64| match d {
        d if d > 0.0 => (high as f64 - from) / d,
        d if d < 0.0 => (low as f64 - from) / d,
        _ => f64::INFINITY,
    };
    let t = exit(dx, r.x, r.right(), cx).min(exit(dy, r.y, r.bottom(), cy));
    if t >= 1.0 {
        return toward;
    }
    (cx + dx * t, cy + dy * t)
}

/// `points` with its first point moved to `from`'s border and, when it arrives, its last to
/// `to`'s (see [`leave`]).
fn on_borders(mut points: Vec<(f64, f64)>, from: Option<Rect>, to: Option<Rect>) -> Vec<(f64, f64)> {
    points.dedup();
    if points.len() < 2 {
        return points;
    }
    if let Some(r) = from {
        points[0] = leave(r, points[1]);
    }
    if let Some(r) = to {
        let n = points.len();
        points[n - 1] = leave(r, points[n - 2]);
    }
    points.dedup();
    points
}

fn container_rect(model: &Model, l: &Layout, name: &str) -> Option<Rect> {
    let i = model.containers.iter().position(|c| c.name == name)?;
    l.rect_of(Kind::Container(i))
}

/// The band of network `name`.
fn band(model: &Model, l: &Layout, name: &str) -> Option<Rect> {
    let i = model.networks.iter().position(|n| n.name == name)?;
    l.rect_of(Kind::Network(Some(i)))
}

/// The header of the band of network `name` (where its DNS answers).
fn band_head(model: &Model, l: &Layout, name: &str) -> Option<(f64, f64)> {
    let r = band(model, l, name)?;
    Some(((r.x + r.w - 24) as f64, (r.y + BAND_HEAD / 2) as f64))
}

/// Places `p` on the drawing; `None` when its source is not drawn.
///
/// A ping or connection that got to its target follows the graph ([`Topology::way`]): out of its
/// source to the network both share (up to the band's line, or along the drawn edge to a band
/// it is not drawn in), along that line, and into the target the same way; from the host it goes
/// through the published port and along the port's edge. Lookups and packets that never got
/// there are placed by their own rules below.
pub fn route(p: &Packet, model: &Model, graph: &Topology, l: &Layout) -> Option<Route> {
    let dropped = matches!(p.failure, Some(Cause::NoSharedNetwork { .. } | Cause::DifferentNetwork { .. }));
    let source = p.from.as_deref().and_then(|name| container_rect(model, l, name));
    let target_rect = p.to.as_deref().and_then(|t| container_rect(model, l, t));
    if !dropped && !matches!(p.what, What::Dns { .. }) {
        if let Some(points) = along_graph(p, model, graph, l) {
            return Some(Route { points: on_borders(points, source, target_rect), stop: 1.0 });
        }
    }
    let from = match &p.from {
        Some(name) => centre(container_rect(model, l, name)?),
        None => {
            let host = l.rect_of(Kind::Host)?;
            ((host.x + 60) as f64, (host.y + 13) as f64)
        }
    };
    // The band the source is drawn in: its line carries the packet, its DNS answers lookups.
    let own = p.from.as_deref().and_then(|name| {
        let c = model.containers.iter().find(|c| c.name == name)?;
        band(model, l, c.networks.first()?)
    });
    // The line under the band's header, where packets run between its containers.
    let line_y = own.map(|r| (r.y + BAND_HEAD + 4) as f64).unwrap_or(from.1 - 30.0);
    let target = p.to.as_deref().and_then(|t| container_rect(model, l, t)).map(centre);
    let (points, stop) = match (&p.what, &p.failure, target) {
        // A lookup asks the network's DNS (in its band's header).
        (What::Dns { .. }, _, _) => {
            let dns = p.network.as_deref().and_then(|n| band_head(model, l, n));
            let dns = dns.or(own.map(|r| ((r.x + r.w - 24) as f64, (r.y + BAND_HEAD / 2) as f64)));
            let dns = dns.unwrap_or((from.0, from.1 - 40.0));
            // Under the header (its words stay readable), then up into its corner.
            (via_line(from, dns, line_y.max(dns.1)), 1.0)
        }
        // Dropped between networks: it gets half-way.
        (_, Some(Cause::NoSharedNetwork { .. } | Cause::DifferentNetwork { .. }), Some(t)) => {
            (via_line(from, t, line_y), 0.5)
        }
        (_, _, Some(t)) => (via_line(from, t, line_y), 1.0),
        // Nobody to reach: it runs along its own network's line and dies at its end.
        (_, _, None) => {
            let end = own.map(|r| ((r.x + r.w - 12) as f64, line_y)).unwrap_or((from.0 + 60.0, line_y));
            (via_line(from, end, line_y), 1.0)
        }
    };
    // Lookups end in a band's header and dropped packets half-way: only an arrival ends on a border.
    let arrives = stop >= 1.0 && !matches!(p.what, What::Dns { .. });
    Some(Route { points: on_borders(points, source, target_rect.filter(|_| arrives)), stop })
}

fn container_kind(model: &Model, name: &str) -> Option<Kind> {
    model.containers.iter().position(|c| c.name == name).map(Kind::Container)
}

fn to_f64(points: &[(i32, i32)]) -> impl Iterator<Item = (f64, f64)> + '_ {
    points.iter().map(|&(x, y)| (x as f64, y as f64))
}

/// The points of `p`'s way along the graph's links, or `None` when the graph has no way (or a
/// node on it is not drawn).
fn along_graph(p: &Packet, model: &Model, topology: &Topology, l: &Layout) -> Option<Vec<(f64, f64)>> {
    let target = container_kind(model, p.to.as_deref()?)?;
    match &p.from {
        None => {
            let way = topology.way(Kind::Host, target, Link::Published)?;
            let port = *way.get(1)?;
            let edge = l.edges.iter().find(|e| e.kind == EdgeKind::Port && e.from == port && e.to == target)?;
            // It leaves the host by the published port: from the port's chip along its edge,
            // which ends on the container's border.
            let mut points: Vec<(f64, f64)> = to_f64(&edge.points).collect();
            points.push(centre(l.rect_of(target)?));
            Some(points)
        }
        Some(name) => {
            let source = container_kind(model, name)?;
            let net = topology.shared_network(source, target)?;
            let mut points = to_line(l, source, net)?;
            let mut back = to_line(l, target, net)?;
            back.reverse();
            points.extend(back);
            Some(points)
        }
    }
}

/// From container `c`'s centre to the line of network `net`'s band: straight up from the first
/// row, through the gaps between nodes from lower rows, and along the drawn edge (then into the
/// band) when `c` is drawn in another band.
fn to_line(l: &Layout, c: Kind, net: usize) -> Option<Vec<(f64, f64)>> {
    let (r, band) = (l.rect_of(c)?, l.rect_of(Kind::Network(Some(net)))?);
    let line = (band.y + BAND_HEAD + 4) as f64;
    let mut points = vec![centre(r)];
    if band.contains(&r) {
        // Below the first row there are nodes above: go round them, through the gaps.
        if r.y - band.y > BAND_HEAD + ROW_TOP {
            let (gap_y, gap_x) = ((r.y - ROW_GAP / 2) as f64, (r.x - COL_GAP / 2) as f64);
            points.extend([(r.cx() as f64, gap_y), (gap_x, gap_y), (gap_x, line)]);
        } else {
            points.push((r.cx() as f64, line));
        }
    } else {
        let edge =
            l.edges.iter().find(|e| e.kind == EdgeKind::Network && e.from == c && e.to == Kind::Network(Some(net)))?;
        points.extend(to_f64(&edge.points));
        let inside = (band.x + COL_GAP / 2) as f64;
        points.extend([(inside, (band.y + BAND_HEAD / 2) as f64), (inside, line)]);
    }
    Some(points)
}

/// A packet at a moment: `age_ms` since it was seen.
pub struct Live<'a> {
    pub packet: &'a Packet,
    pub route: Route,
    pub age_ms: f64,
}

/// Whether a packet seen `age_ms` ago is still drawn.
pub fn alive(p: &Packet, age_ms: f64) -> bool {
    age_ms < TRAVEL_MS + if p.failure.is_some() { FAIL_MS } else { 0.0 }
}

/// The packets as SVG elements (for the overlay layer). With `reduced_motion` nothing travels: the
/// path flashes and the packet is drawn where it ended.
pub fn svg(live: &[Live], lang: Lang, reduced_motion: bool) -> String {
    let mut o = String::new();
    for l in live {
        let progress = if reduced_motion { 1.0 } else { (l.age_ms / TRAVEL_MS).clamp(0.0, 1.0) };
        let (x, y) = l.route.at(progress);
        let trail = l.route.trail(progress);
        let failed = l.packet.failure.is_some();
        let class = if failed { "packet bad" } else { "packet good" };
        let words = esc(&l.packet.describe(lang));
        let _ = write!(
            o,
            r#"<g class="{class}{}" data-testid="packet"><title>{words}</title><path class="packet-trail" d="{trail}"/>"#,
            if reduced_motion { " still" } else { "" }
        );
        if failed && progress >= 1.0 {
            // A click on the marker opens the inspector at this failure (index.html reads the clue).
            let _ = write!(
                o,
                r#"<g class="packet-stop" data-testid="packet-stop" data-clue="packet:{}"><circle cx="{}" cy="{}" r="8"/><path d="M{} {} l8 8 m0 -8 l-8 8"/></g>"#,
                esc(&l.packet.clue()),
                fixed(x, 1),
                fixed(y, 1),
                fixed(x - 4.0, 1),
                fixed(y - 4.0, 1)
            );
        } else {
            let _ = write!(o, r#"<circle class="packet-dot" cx="{}" cy="{}" r="5"/>"#, fixed(x, 1), fixed(y, 1));
        }
        o.push_str("</g>");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::super::layout::layout;
    use super::super::model::*;
    use super::*;
    use sim_core::SimTime;
    use std::net::Ipv4Addr;

    fn ct(name: &str, net: &str) -> ContainerNode {
        cts(name, &[net])
    }

    /// A running container with an endpoint on each of `nets` (drawn in the first).
    fn cts(name: &str, nets: &[&str]) -> ContainerNode {
        ContainerNode {
            name: name.into(),
            image: "alpine".into(),
            state: State::Running,
            health: None,
            networks: nets.iter().map(|n| n.to_string()).collect(),
            ips: nets.iter().map(|n| (n.to_string(), "172.18.0.9".to_string())).collect(),
            mounts: vec![],
        }
    }

    /// Whether an axis-parallel segment runs through the inside of `r`.
    fn crosses(a: (f64, f64), b: (f64, f64), r: Rect) -> bool {
        let (x0, x1, y0, y1) = (a.0.min(b.0), a.0.max(b.0), a.1.min(b.1), a.1.max(b.1));
        let (rx0, rx1, ry0, ry1) = (r.x as f64, r.right() as f64, r.y as f64, r.bottom() as f64);
        x0 < rx1 && x1 > rx0 && y0 < ry1 && y1 > ry0
    }

    /// Whether `route` runs through a container or a port's chip, its own ends included (a packet
    /// starts and ends on borders), but for the nodes in `except`.
    fn crossed(route: &Route, l: &Layout, except: &[Kind]) -> Vec<Kind> {
        let mut hit = Vec::new();
        let drawn = |k: &Kind| matches!(k, Kind::Container(_) | Kind::Port(_)) && !except.contains(k);
        for n in l.nodes.iter().filter(|n| drawn(&n.kind)) {
            if route.points.windows(2).any(|w| crosses(w[0], w[1], n.rect)) {
                hit.push(n.kind);
            }
        }
        hit
    }

    /// Whether `p` lies on the border of the node `k`.
    fn on_border(p: (f64, f64), l: &Layout, k: Kind) -> bool {
        let r = l.rect_of(k).unwrap();
        let (x0, x1, y0, y1) = (r.x as f64, r.right() as f64, r.y as f64, r.bottom() as f64);
        let inside = p.0 >= x0 && p.0 <= x1 && p.1 >= y0 && p.1 <= y1;
        inside && (p.0 == x0 || p.0 == x1 || p.1 == y0 || p.1 == y1)
    }

    fn model() -> Model {
        let net = |n: &str, dns| NetNode { name: n.into(), subnet: String::new(), driver: "bridge".into(), dns };
        Model {
            networks: vec![net("mynet", true), net("bridge", false)],
            containers: vec![ct("a", "mynet"), ct("b", "mynet"), ct("c", "bridge")],
            volumes: vec![],
            ports: vec![],
        }
    }

    fn ev(kind: EventKind) -> LogEvent {
        LogEvent { at: SimTime(1000), kind }
    }

    fn ping(from: &str, to: Option<&str>, cause: Option<Cause>) -> LogEvent {
        ev(EventKind::Ping {
            from: Actor::Container(from.into()),
            to: to.map(Into::into),
            ip: Ipv4Addr::new(172, 18, 0, 3),
            seq: 0,
            reply: cause.is_none(),
            cause,
        })
    }

    #[test]
    fn a_route_is_walked_by_length() {
        let r = Route { points: vec![(0.0, 0.0), (0.0, 10.0), (10.0, 10.0)], stop: 1.0 };
        assert_eq!(r.at(0.0), (0.0, 0.0));
        assert_eq!(r.at(0.5), (0.0, 10.0));
        assert_eq!(r.at(0.75), (5.0, 10.0));
        assert_eq!(r.at(2.0), (10.0, 10.0));
        assert_eq!(r.trail(0.75), "M0.0 0.0 L0.0 10.0 L5.0 10.0");
        let dropped = Route { stop: 0.5, ..r };
        assert_eq!(dropped.at(1.0), (0.0, 10.0));
        assert_eq!(Route { points: vec![], stop: 1.0 }.at(0.5), (0.0, 0.0), "no points, no panic");
    }

    #[test]
    fn a_ping_travels_from_source_to_target() {
        let (m, l) = (model(), layout(&model(), 500));
        let p = Packet::from_event(&ping("a", Some("b"), None)).unwrap();
        let r = route(&p, &m, &Topology::of(&m), &l).unwrap();
        assert!(on_border(r.from(), &l, Kind::Container(0)), "{r:?}");
        // It runs along the network's line, not through other nodes nor over the names of its ends.
        let line = l.rect_of(Kind::Network(Some(0))).unwrap();
        assert!(r.points.iter().all(|&(_, y)| y >= line.y as f64 && y <= line.bottom() as f64), "{r:?}");
        assert!(on_border(r.at(1.0), &l, Kind::Container(1)), "{r:?}");
        assert!(crossed(&r, &l, &[]).is_empty(), "{r:?}");
        assert_eq!(p.describe(Lang::Es), "ping a → b ✓");
        let s = svg(&[Live { packet: &p, route: r.clone(), age_ms: 500.0 }], Lang::Es, false);
        assert!(s.contains(r#"data-testid="packet""#) && s.contains("packet-dot") && !s.contains("packet-stop"));
    }

    #[test]
    fn a_ping_from_a_lower_row_goes_round_the_nodes_above_it() {
        let net = NetNode { name: "red".into(), subnet: String::new(), driver: "bridge".into(), dns: true };
        let names: Vec<String> = (0..9).map(|i| format!("c{i}")).collect();
        let m = Model {
            networks: vec![net],
            containers: names.iter().map(|n| ct(n, "red")).collect(),
            volumes: vec![],
            ports: vec![],
        };
        // Three columns, three rows.
        let l = layout(&m, 3 * 156 + 60);
        for (from, to) in [(7, 1), (8, 0), (4, 6), (0, 8), (5, 3)] {
            let p = Packet::from_event(&ping(&names[from], Some(&names[to]), None)).unwrap();
            let r = route(&p, &m, &Topology::of(&m), &l).unwrap();
            assert!(on_border(r.from(), &l, Kind::Container(from)), "{r:?}");
            assert!(on_border(r.at(1.0), &l, Kind::Container(to)), "{r:?}");
            let hit = crossed(&r, &l, &[]);
            assert!(hit.is_empty(), "c{from} → c{to} runs through {hit:?}: {r:?}");
        }
    }

    #[test]
    fn a_ping_over_a_second_network_follows_the_drawn_edge_to_its_band() {
        let net = |n: &str| NetNode { name: n.into(), subnet: String::new(), driver: "bridge".into(), dns: true };
        let m = Model {
            networks: vec![net("front"), net("back")],
            containers: vec![cts("web", &["front"]), cts("api", &["front", "back"]), cts("db", &["back"])],
            volumes: vec![],
            ports: vec![],
        };
        let l = layout(&m, 700);
        let p = Packet::from_event(&ping("api", Some("db"), None)).unwrap();
        let r = route(&p, &m, &Topology::of(&m), &l).unwrap();
        let edge = l.edges.iter().find(|e| e.from == Kind::Container(1) && e.to == Kind::Network(Some(1))).unwrap();
        for &(x, y) in &edge.points {
            assert!(r.points.contains(&(x as f64, y as f64)), "the way passes {x},{y} of api's edge to back: {r:?}");
        }
        assert!(on_border(r.at(1.0), &l, Kind::Container(2)), "{r:?}");
        assert!(crossed(&r, &l, &[]).is_empty(), "{r:?}");
    }

    #[test]
    fn a_request_from_the_host_goes_through_the_published_port() {
        let mut m = model();
        m.ports.push(PortNode { host_port: 8080, proto: "tcp".into(), container: "b".into(), container_port: 80 });
        let l = layout(&m, 500);
        let e = ev(EventKind::Connect {
            from: Actor::Host,
            to: Some("b".into()),
            ip: Ipv4Addr::new(127, 0, 0, 1),
            port: 8080,
            result: Ok(()),
        });
        let p = Packet::from_event(&e).unwrap();
        let r = route(&p, &m, &Topology::of(&m), &l).unwrap();
        assert!(on_border(r.from(), &l, Kind::Port(0)), "it leaves by the published port: {r:?}");
        assert!(on_border(r.at(1.0), &l, Kind::Container(1)), "{r:?}");
        assert!(crossed(&r, &l, &[]).is_empty(), "over neither the port's words nor a name: {r:?}");
    }

    #[test]
    fn a_failed_lookup_on_the_default_bridge_stops_and_says_why() {
        let (m, l) = (model(), layout(&model(), 500));
        let e = ev(EventKind::DnsLookup {
            from: Actor::Container("c".into()),
            query: "d".into(),
            network: None,
            result: Err(Cause::DefaultBridgeHasNoDns { target: "d".into() }),
        });
        let p = Packet::from_event(&e).unwrap();
        let r = route(&p, &m, &Topology::of(&m), &l).unwrap();
        assert_eq!(r.at(1.0), band_head(&m, &l, "bridge").unwrap(), "it asks its own network");
        assert!(p.describe(Lang::Es).contains("la red bridge por defecto no tiene DNS"), "{}", p.describe(Lang::Es));
        let arrived = svg(&[Live { packet: &p, route: r.clone(), age_ms: 1500.0 }], Lang::Es, false);
        assert!(arrived.contains("packet-stop") && arrived.contains("no tiene DNS"));
        assert!(arrived.contains(r#"data-clue="packet:d""#), "the marker tells the inspector what failed: {arrived}");
        assert!(alive(&p, 3000.0) && !alive(&p, 4500.0), "failures stay a while");
    }

    #[test]
    fn a_packet_between_networks_stops_half_way() {
        let (m, l) = (model(), layout(&model(), 500));
        let p = Packet::from_event(&ping("a", Some("c"), Some(Cause::NoSharedNetwork { target: "c".into() }))).unwrap();
        let r = route(&p, &m, &Topology::of(&m), &l).unwrap();
        assert_eq!(r.stop, 0.5);
        // Half of the length of the whole way.
        let half = Route { points: r.points.clone(), stop: 1.0 }.at(0.5);
        assert_eq!(r.at(1.0), half);
        assert_ne!(r.at(1.0), centre(l.rect_of(Kind::Container(2)).unwrap()));
        assert!(!alive(&Packet::from_event(&ping("a", Some("b"), None)).unwrap(), 1000.0));
    }

    #[test]
    fn reduced_motion_draws_the_end_at_once_and_other_events_are_not_packets() {
        let (m, l) = (model(), layout(&model(), 500));
        let p = Packet::from_event(&ping("a", Some("b"), None)).unwrap();
        let r = route(&p, &m, &Topology::of(&m), &l).unwrap();
        let s = svg(&[Live { packet: &p, route: r.clone(), age_ms: 0.0 }], Lang::En, true);
        let (x, y) = r.at(1.0);
        assert!(s.contains(&format!(r#"cx="{x:.1}" cy="{y:.1}""#)) && s.contains("still"), "{s}");
        assert!(Packet::from_event(&ev(EventKind::ContainerStarted { name: "a".into() })).is_none());
        let gone = Packet { from: Some("zzz".into()), ..p };
        assert!(route(&gone, &m, &Topology::of(&m), &l).is_none(), "a source that is not drawn has no route");
    }
}
