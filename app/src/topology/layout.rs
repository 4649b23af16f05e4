//! Where every node of the topology graph goes: a deterministic layered layout in plain Rust.
//!
//! From top to bottom: the host as a band holding its published ports, then one band per network
//! with its containers in a grid, and a column of volumes and host folders (bind mounts) on the
//! right, or below the bands when the drawing is narrow. Every mount is an edge of its own that
//! enters its volume's side at its own height, labelled with its path in the container. A container is drawn in
//! the first of its networks (in display order); its other networks, its volumes and the ports
//! published to it are orthogonal edges that run only through free space — the channels between
//! rows, a gutter left of the bands (extra networks) and one right of them (ports, volumes) — so no
//! edge crosses a node and no two nodes overlap, however many there are. Same model and width,
//! same picture: the tests below pin that down.

use super::model::Model;

pub const MARGIN: i32 = 8;
pub const NODE_W: i32 = 144;
pub const NODE_H: i32 = 46;
pub const COL_GAP: i32 = 12;
/// Between two rows of containers: room for a channel below one and one above the next.
pub const ROW_GAP: i32 = 28;
pub const BAND_HEAD: i32 = 26;
/// Between a band's header and its first row.
pub const ROW_TOP: i32 = 14;
const BAND_PAD: i32 = 12;
const BAND_GAP: i32 = 18;
/// Height of a band with no containers, below its header.
const EMPTY_BAND: i32 = 20;
pub const VOL_W: i32 = 132;
pub const VOL_H: i32 = 38;
const VOL_GAP: i32 = 10;
/// Between two mounts entering one volume: a label's line of text.
const ENTRY: i32 = 16;
/// Room for mount labels between the right gutter and the volume column.
pub const LABEL_W: i32 = 168;
pub const PORT_W: i32 = 112;
pub const PORT_H: i32 = 22;
const PORT_GAP: i32 = 10;
pub const HOST_HEAD: i32 = 26;
/// Distance between parallel edges in a gutter.
const LANE: i32 = 4;
/// Gutters stop growing after this many lanes (further edges share lanes).
const MAX_LANES: i32 = 8;

/// An axis-aligned rectangle in SVG user units (CSS pixels).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn right(&self) -> i32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }
    pub fn cx(&self) -> i32 {
        self.x + self.w / 2
    }
    pub fn cy(&self) -> i32 {
        self.y + self.h / 2
    }
    /// Whether the interiors intersect (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x && o.y >= self.y && o.right() <= self.right() && o.bottom() <= self.bottom()
    }
}

/// What a placed node stands for; indices point into the [`Model`]'s vectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Host,
    Port(usize),
    /// A network's band; `None` is the band of containers attached to no network.
    Network(Option<usize>),
    Container(usize),
    Volume(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: Kind,
    pub rect: Rect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// A published host port to its container.
    Port,
    /// A container to a volume it mounts.
    Volume,
    /// A container to a host folder it mounts (a bind mount).
    Bind,
    /// A container to a network other than the band it is drawn in.
    Network,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub kind: EdgeKind,
    pub from: Kind,
    pub to: Kind,
    /// A polyline of axis-aligned segments.
    pub points: Vec<(i32, i32)>,
    /// A mount's path in the container (empty for other edges), written from `label_at`: the
    /// text's left end, its baseline and the room it has, all along the edge's last segment.
    pub label: String,
    pub label_at: (i32, i32, i32),
}

impl Edge {
    /// The SVG path data: `M x y L x y …`.
    pub fn path_data(&self) -> String {
        let mut d = String::new();
        for (i, (x, y)) in self.points.iter().enumerate() {
            d.push_str(if i == 0 { "M" } else { " L" });
            d.push_str(&format!("{x} {y}"));
        }
        d
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub width: i32,
    pub height: i32,
    /// Host first, then ports, bands, containers and volumes (drawing order).
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Layout {
    pub fn rect_of(&self, kind: Kind) -> Option<Rect> {
        self.nodes.iter().find(|n| n.kind == kind).map(|n| n.rect)
    }
}

/// Lays `model` out in a drawing `width` units wide (it grows if one column would not fit).
pub fn layout(model: &Model, width: i32) -> Layout {
    // Which band each container is drawn in: its first network in display order.
    let net_index = |name: &str| model.networks.iter().position(|n| n.name == name);
    let home: Vec<Option<usize>> =
        model.containers.iter().map(|c| c.networks.iter().filter_map(|n| net_index(n)).min()).collect();
    let mut bands: Vec<(Option<usize>, Vec<usize>)> = (0..model.networks.len()).map(|i| (Some(i), vec![])).collect();
    let mut homeless = Vec::new();
    for (ci, h) in home.iter().enumerate() {
        match h {
            Some(ni) => bands[*ni].1.push(ci),
            None => homeless.push(ci),
        }
    }
    if !homeless.is_empty() {
        bands.push((None, homeless));
    }

    // Extra networks per container, and mounts (volume index, mount index) of a known volume.
    let extra_nets: Vec<Vec<usize>> = model
        .containers
        .iter()
        .zip(&home)
        .map(|(c, h)| {
            let mut v: Vec<usize> = Vec::new();
            for i in c.networks.iter().filter_map(|n| net_index(n)) {
                if Some(i) != *h && !v.contains(&i) {
                    v.push(i);
                }
            }
            v
        })
        .collect();
    let mounts: Vec<Vec<(usize, usize)>> = model
        .containers
        .iter()
        .map(|c| {
            c.mounts
                .iter()
                .enumerate()
                .filter_map(|(mi, m)| {
                    model.volumes.iter().position(|v| v.bind == m.bind && v.name == m.source).map(|vi| (vi, mi))
                })
                .collect()
        })
        .collect();
    // How many mounts enter each volume: it is tall enough for each to enter at its own height.
    let mut entries = vec![0; model.volumes.len()];
    for (vi, _) in mounts.iter().flatten() {
        entries[*vi] += 1;
    }
    let vol_h = |vi: usize| VOL_H.max(entries[vi] * ENTRY + 14);
    let left_edges: i32 = extra_nets.iter().map(|v| v.len() as i32).sum();
    let ports: Vec<(usize, usize)> = model
        .ports
        .iter()
        .enumerate()
        .filter_map(|(pi, p)| model.containers.iter().position(|c| c.name == p.container).map(|ci| (pi, ci)))
        .collect();
    let right_edges: i32 = mounts.iter().map(|v| v.len() as i32).sum::<i32>() + ports.len() as i32;

    let gutter = |n: i32| if n > 0 { 10 + LANE * n.min(MAX_LANES) } else { 0 };
    let left_gutter = gutter(left_edges);
    let right_gutter = gutter(right_edges);
    // Volumes go in a column on the right when two columns of containers still fit beside it;
    // in a narrower drawing they go in rows below the bands instead.
    let one_column = 2 * MARGIN + left_gutter + NODE_W + 2 * BAND_PAD + right_gutter;
    let beside = !model.volumes.is_empty() && width >= one_column + NODE_W + COL_GAP + VOL_W + 4 + LABEL_W;
    let vol_col = if beside { VOL_W + 4 + LABEL_W } else { 0 };
    let width = width.max(one_column + vol_col);
    let bx0 = MARGIN + left_gutter;
    let bx1 = width - MARGIN - vol_col - right_gutter;
    let cols = ((bx1 - bx0 - 2 * BAND_PAD + COL_GAP) / (NODE_W + COL_GAP)).max(1) as usize;

    let mut nodes = Vec::new();

    // The host and its published ports.
    let host_w = width - 2 * MARGIN;
    let per_row = ((host_w - 2 * PORT_GAP + PORT_GAP) / (PORT_W + PORT_GAP)).max(1) as usize;
    let port_rows = ports.len().div_ceil(per_row) as i32;
    let host_h = HOST_HEAD + port_rows * (PORT_H + 6) + 4;
    let host = Rect { x: MARGIN, y: MARGIN, w: host_w, h: host_h };
    nodes.push(Node { kind: Kind::Host, rect: host });
    let mut port_rects = Vec::new();
    for (i, (pi, _)) in ports.iter().enumerate() {
        let rect = Rect {
            x: MARGIN + PORT_GAP + (i % per_row) as i32 * (PORT_W + PORT_GAP),
            y: MARGIN + HOST_HEAD + (i / per_row) as i32 * (PORT_H + 6),
            w: PORT_W,
            h: PORT_H,
        };
        port_rects.push(rect);
        nodes.push(Node { kind: Kind::Port(*pi), rect });
    }

    // Network bands and their containers.
    let mut container_rects: Vec<Option<Rect>> = vec![None; model.containers.len()];
    let mut band_rects: Vec<(Option<usize>, Rect)> = Vec::new();
    let bands_top = host.bottom() + BAND_GAP;
    let mut y = bands_top;
    let mut band_nodes = Vec::new();
    for (net, members) in &bands {
        let rows = members.len().div_ceil(cols) as i32;
        let content =
            if members.is_empty() { EMPTY_BAND } else { ROW_TOP + rows * NODE_H + (rows - 1) * ROW_GAP + BAND_PAD };
        let band = Rect { x: bx0, y, w: bx1 - bx0, h: BAND_HEAD + content };
        for (i, ci) in members.iter().enumerate() {
            container_rects[*ci] = Some(Rect {
                x: bx0 + BAND_PAD + (i % cols) as i32 * (NODE_W + COL_GAP),
                y: y + BAND_HEAD + ROW_TOP + (i / cols) as i32 * (NODE_H + ROW_GAP),
                w: NODE_W,
                h: NODE_H,
            });
        }
        band_nodes.push(Node { kind: Kind::Network(*net), rect: band });
        band_rects.push((*net, band));
        y = band.bottom() + BAND_GAP;
    }
    let bands_bottom = if bands.is_empty() { host.bottom() } else { y - BAND_GAP };
    nodes.extend(band_nodes);
    for (ci, rect) in container_rects.iter().enumerate() {
        if let Some(rect) = rect {
            nodes.push(Node { kind: Kind::Container(ci), rect: *rect });
        }
    }

    // Volumes beside the bands: next to their first user, stacked without overlapping.
    let vx = width - MARGIN - VOL_W;
    // Unused volumes (no user drawn) go last.
    let mut wanted: Vec<(Option<i32>, usize)> = (0..model.volumes.len())
        .map(|vi| {
            let y = mounts
                .iter()
                .enumerate()
                .filter(|(_, m)| m.iter().any(|(v, _)| *v == vi))
                .filter_map(|(ci, _)| container_rects[ci].map(|r| r.cy() - VOL_H / 2))
                .min();
            (y, vi)
        })
        .collect();
    // An insertion sort: a handful of volumes, and no sort routine to ship for it.
    let key = |(y, vi): &(Option<i32>, usize)| (y.is_none(), y.unwrap_or(0), *vi);
    for i in 1..wanted.len() {
        let mut j = i;
        while j > 0 && key(&wanted[j - 1]) > key(&wanted[j]) {
            wanted.swap(j - 1, j);
            j -= 1;
        }
    }
    let mut vol_rects = vec![Rect { x: 0, y: 0, w: 0, h: 0 }; model.volumes.len()];
    // Beside the bands: next to the first user, else stacked in a column below the bands at
    // their left, so the mounts' labels have the bands' width between the folder and the gutter.
    let mut next_free = if beside { bands_top } else { bands_bottom + BAND_GAP };
    for (want, vi) in wanted {
        let vy = if beside { want.unwrap_or(next_free).max(next_free) } else { next_free };
        vol_rects[vi] = Rect { x: if beside { vx } else { bx0 }, y: vy, w: VOL_W, h: vol_h(vi) };
        next_free = vy + vol_h(vi) + VOL_GAP;
        nodes.push(Node { kind: Kind::Volume(vi), rect: vol_rects[vi] });
    }
    let vols_bottom = if model.volumes.is_empty() { 0 } else { next_free - VOL_GAP };
    let height = bands_bottom.max(vols_bottom).max(host.bottom()) + MARGIN;

    // Edges. Each container spreads its exits along its bottom (networks, then volumes) and its
    // entries along its top (ports).
    let mut edges = Vec::new();
    let mut left_lane = 0;
    let mut right_lane = 0;
    let mut entered = vec![0; model.volumes.len()];
    let left_x = |k: i32| bx0 - 8 - LANE * (k % MAX_LANES);
    let right_x = |k: i32| bx1 + 8 + LANE * (k % MAX_LANES);
    for (ci, rect) in container_rects.iter().enumerate() {
        let Some(r) = rect else { continue };
        let exits = extra_nets[ci].len() + mounts[ci].len();
        let exit_x = |i: usize| r.x + r.w * (i as i32 + 1) / (exits as i32 + 1);
        let channel = |i: usize| r.bottom() + 6 + (i as i32 % 3) * 4;
        for (i, ni) in extra_nets[ci].iter().enumerate() {
            let Some((_, band)) = band_rects.iter().find(|(n, _)| *n == Some(*ni)) else { continue };
            let (x, ch, lane, head) = (exit_x(i), channel(i), left_x(left_lane), band.y + BAND_HEAD / 2);
            left_lane += 1;
            edges.push(Edge {
                kind: EdgeKind::Network,
                from: Kind::Container(ci),
                to: Kind::Network(Some(*ni)),
                points: vec![(x, r.bottom()), (x, ch), (lane, ch), (lane, head), (band.x, head)],
                label: String::new(),
                label_at: (0, 0, 0),
            });
        }
        for (j, (vi, mi)) in mounts[ci].iter().enumerate() {
            let i = extra_nets[ci].len() + j;
            let v = vol_rects[*vi];
            let (x, ch, lane) = (exit_x(i), channel(i), right_x(right_lane));
            right_lane += 1;
            // Into the volume's side at its own height: beside the bands from the left, through
            // the label column; below them from the right, back from the gutter.
            let k = entries[*vi];
            let y = v.y + (v.h - (k - 1) * ENTRY) / 2 + entered[*vi] * ENTRY;
            entered[*vi] += 1;
            let mut points = vec![(x, r.bottom()), (x, ch), (lane, ch), (lane, y)];
            let (from, to) = if beside { (bx1 + gutter(right_edges), v.x) } else { (v.right(), bx1) };
            if beside {
                points.push((from, y));
            }
            points.push((if beside { v.x } else { v.right() }, y));
            let m = &model.containers[ci].mounts[*mi];
            let label = if m.read_only { format!("{} (ro)", m.target) } else { m.target.clone() };
            let label_at = (from + 6, y - 4, to - from - 12);
            edges.push(Edge {
                kind: if m.bind { EdgeKind::Bind } else { EdgeKind::Volume },
                from: Kind::Container(ci),
                to: Kind::Volume(*vi),
                points,
                label,
                label_at,
            });
        }
    }
    for (k, (pi, ci)) in ports.iter().enumerate() {
        let Some(r) = container_rects[*ci] else { continue };
        let p = port_rects[k];
        let entries: Vec<usize> = ports.iter().enumerate().filter(|(_, (_, c))| c == ci).map(|(i, _)| i).collect();
        let nth = entries.iter().position(|i| *i == k).unwrap_or(0) as i32;
        let x = r.x + r.w * (nth + 1) / (entries.len() as i32 + 1);
        // Out of the chip's right side into the gap between chip columns, down below the host,
        // across to the right gutter, down to the channel above the container's row, in from the top.
        let gap_x = p.right() + PORT_GAP / 2;
        let below_host = host.bottom() + 4 + (k as i32 % 3) * 4;
        let above_row = r.y - 6;
        let lane = right_x(right_lane);
        right_lane += 1;
        edges.push(Edge {
            kind: EdgeKind::Port,
            from: Kind::Port(*pi),
            to: Kind::Container(*ci),
            points: vec![
                (p.right(), p.cy()),
                (gap_x, p.cy()),
                (gap_x, below_host),
                (lane, below_host),
                (lane, above_row),
                (x, above_row),
                (x, r.y),
            ],
            label: String::new(),
            label_at: (0, 0, 0),
        });
    }

    Layout { width, height, nodes, edges }
}

/// Shortens `s` to at most `max` characters, ending in `…` when cut.
pub fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::super::model::*;
    use super::*;

    fn net(name: &str) -> NetNode {
        NetNode { name: name.into(), subnet: "172.18.0.0/16".into(), driver: "bridge".into(), dns: true }
    }

    fn container(name: &str, nets: &[&str], vols: &[&str]) -> ContainerNode {
        ContainerNode {
            name: name.into(),
            image: "nginx".into(),
            state: State::Running,
            health: None,
            networks: nets.iter().map(|s| s.to_string()).collect(),
            ips: vec![],
            mounts: vols
                .iter()
                .map(|s| MountNode { source: s.to_string(), bind: false, target: format!("/{s}"), read_only: false })
                .collect(),
        }
    }

    fn port(host_port: u16, container: &str) -> PortNode {
        PortNode { host_port, proto: "tcp".into(), container: container.into(), container_port: 80 }
    }

    /// Fifty containers over five networks, some on two or three, with volumes and ports.
    fn big_model() -> Model {
        let networks: Vec<NetNode> = ["front", "back", "db", "bridge", "none"].iter().map(|n| net(n)).collect();
        let mut containers = Vec::new();
        let mut ports = Vec::new();
        for i in 0..50 {
            let name = format!("servicio-con-nombre-largo-{i}");
            let nets: Vec<&str> = match i % 7 {
                0 => vec!["front", "back"],
                1 => vec!["back", "db", "front"],
                2 => vec!["db"],
                3 => vec!["bridge"],
                4 => vec![],
                5 => vec!["none"],
                _ => vec!["front"],
            };
            let vols: Vec<&str> = match i % 5 {
                0 => vec!["datos"],
                1 => vec!["datos", "cache"],
                _ => vec![],
            };
            if i % 6 == 0 {
                ports.push(port(8000 + i as u16, &name));
            }
            containers.push(container(&name, &nets, &vols));
        }
        let volumes = ["datos", "cache", "huerfano"]
            .iter()
            .map(|n| VolumeNode { name: n.to_string(), anonymous: false, bind: false })
            .collect();
        Model { networks, containers, volumes, ports }
    }

    fn leaves(l: &Layout) -> Vec<&Node> {
        l.nodes.iter().filter(|n| matches!(n.kind, Kind::Port(_) | Kind::Container(_) | Kind::Volume(_))).collect()
    }

    fn assert_readable(model: &Model, l: &Layout) {
        let leaves = leaves(l);
        for (i, a) in leaves.iter().enumerate() {
            for b in &leaves[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{:?} overlaps {:?}", a, b);
            }
        }
        let bands: Vec<&Node> = l.nodes.iter().filter(|n| matches!(n.kind, Kind::Network(_))).collect();
        let host = l.rect_of(Kind::Host).unwrap();
        for (i, a) in bands.iter().enumerate() {
            assert!(!a.rect.overlaps(&host));
            for b in &bands[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "bands {:?} and {:?}", a, b);
            }
        }
        for n in &l.nodes {
            let page = Rect { x: 0, y: 0, w: l.width, h: l.height };
            assert!(page.contains(&n.rect), "{n:?} is outside the {}×{} drawing", l.width, l.height);
            match n.kind {
                Kind::Port(_) => assert!(host.contains(&n.rect)),
                Kind::Volume(_) => {
                    for b in &bands {
                        assert!(!b.rect.overlaps(&n.rect), "volume {n:?} over band {b:?}");
                    }
                }
                Kind::Container(ci) => {
                    let first = model.containers[ci]
                        .networks
                        .iter()
                        .filter_map(|name| model.networks.iter().position(|x| &x.name == name))
                        .min();
                    let band = l.rect_of(Kind::Network(first)).unwrap();
                    assert!(band.contains(&n.rect), "{n:?} is not inside its band {band:?}");
                }
                _ => {}
            }
        }
        // No edge runs through a node other than the two it joins (or the band it enters).
        for e in &l.edges {
            for n in &leaves {
                if n.kind == e.from || n.kind == e.to {
                    continue;
                }
                for w in e.points.windows(2) {
                    assert!(!segment_hits(w[0], w[1], &n.rect), "edge {e:?} crosses {n:?}");
                }
            }
        }
    }

    /// Whether an axis-aligned segment passes through the interior of `r`.
    fn segment_hits((x1, y1): (i32, i32), (x2, y2): (i32, i32), r: &Rect) -> bool {
        let (lx, hx, ly, hy) = (x1.min(x2), x1.max(x2), y1.min(y2), y1.max(y2));
        // A segment along a node's border does not count; one through its interior does.
        lx < r.right() && hx > r.x && ly < r.bottom() && hy > r.y
    }

    #[test]
    fn fifty_nodes_do_not_overlap_at_several_widths() {
        let model = big_model();
        for width in [200, 380, 480, 640, 1000, 1600] {
            let l = layout(&model, width);
            assert!(l.width >= width);
            assert_readable(&model, &l);
            assert_eq!(l.nodes.iter().filter(|n| matches!(n.kind, Kind::Container(_))).count(), 50);
        }
    }

    #[test]
    fn volumes_sit_beside_the_bands_or_below_them_when_narrow() {
        let model = big_model();
        let bands_bottom = |l: &Layout| {
            l.nodes.iter().filter(|n| matches!(n.kind, Kind::Network(_))).map(|n| n.rect.bottom()).max().unwrap()
        };
        let wide = layout(&model, 1000);
        let v = wide.rect_of(Kind::Volume(0)).unwrap();
        assert!(v.y < bands_bottom(&wide) && v.right() == wide.width - MARGIN, "beside: {v:?}");
        let narrow = layout(&model, 380);
        assert_eq!(narrow.width, 380, "no horizontal scrolling needed");
        let v = narrow.rect_of(Kind::Volume(0)).unwrap();
        assert!(v.y > bands_bottom(&narrow), "below: {v:?}");
    }

    #[test]
    fn the_same_model_gives_the_same_picture() {
        let model = big_model();
        assert_eq!(layout(&model, 520), layout(&model.clone(), 520));
    }

    #[test]
    fn small_models_are_readable_too() {
        let empty = Model::default();
        assert_readable(&empty, &layout(&empty, 400));
        let one = Model {
            networks: vec![net("bridge")],
            containers: vec![container("web", &["bridge"], &[])],
            volumes: vec![],
            ports: vec![port(8080, "web"), port(8443, "web")],
        };
        let l = layout(&one, 400);
        assert_readable(&one, &l);
        assert_eq!(l.edges.len(), 2);
        assert!(l.edges.iter().all(|e| e.kind == EdgeKind::Port && e.to == Kind::Container(0)));
        let entry: Vec<i32> = l.edges.iter().map(|e| e.points.last().unwrap().0).collect();
        assert_ne!(entry[0], entry[1], "two ports enter the container at different points");
    }

    #[test]
    fn a_container_on_two_networks_sits_in_the_first_and_links_to_the_second() {
        let model = Model {
            networks: vec![net("front"), net("back")],
            containers: vec![container("api", &["back", "front"], &["datos"]), container("db", &["back"], &[])],
            volumes: vec![VolumeNode { name: "datos".into(), anonymous: false, bind: false }],
            ports: vec![],
        };
        let l = layout(&model, 800);
        assert_readable(&model, &l);
        let front = l.rect_of(Kind::Network(Some(0))).unwrap();
        assert!(front.contains(&l.rect_of(Kind::Container(0)).unwrap()));
        let link = l.edges.iter().find(|e| e.kind == EdgeKind::Network).unwrap();
        assert_eq!(link.to, Kind::Network(Some(1)));
        let back = l.rect_of(Kind::Network(Some(1))).unwrap();
        assert_eq!(link.points.last().unwrap().0, back.x, "the link ends on the band's left side");
        let vol = l.edges.iter().find(|e| e.kind == EdgeKind::Volume).unwrap();
        assert_eq!(
            *vol.points.last().unwrap(),
            (l.rect_of(Kind::Volume(0)).unwrap().x, l.rect_of(Kind::Volume(0)).unwrap().cy())
        );
    }

    /// `web` mounts `datos` twice and a host folder; `db` mounts `datos` too.
    fn mounts_model() -> Model {
        let mount = |source: &str, bind: bool, target: &str| MountNode {
            source: source.into(),
            bind,
            target: target.into(),
            read_only: false,
        };
        let mut web = container("web", &["front"], &[]);
        web.mounts = vec![
            mount("datos", false, "/datos"),
            mount("datos", false, "/copia"),
            mount("/srv/web", true, "/usr/share/nginx/html"),
        ];
        let mut db = container("db", &["front"], &[]);
        db.mounts = vec![mount("datos", false, "/var/lib/postgresql/data")];
        Model {
            networks: vec![net("front")],
            containers: vec![web, db],
            volumes: vec![
                VolumeNode { name: "datos".into(), anonymous: false, bind: false },
                VolumeNode { name: "/srv/web".into(), anonymous: false, bind: true },
            ],
            ports: vec![],
        }
    }

    #[test]
    fn every_mount_is_an_edge_of_its_own_with_its_path_and_room_to_read_it() {
        let model = mounts_model();
        for width in [360, 460, 1300] {
            let l = layout(&model, width);
            assert_readable(&model, &l);
            let mounts: Vec<&Edge> =
                l.edges.iter().filter(|e| matches!(e.kind, EdgeKind::Volume | EdgeKind::Bind)).collect();
            let labels: Vec<&str> = mounts.iter().map(|e| e.label.as_str()).collect();
            assert_eq!(labels, ["/datos", "/copia", "/usr/share/nginx/html", "/var/lib/postgresql/data"], "at {width}");
            assert_eq!(mounts[2].kind, EdgeKind::Bind);
            assert_eq!(mounts[2].to, Kind::Volume(1), "the bind mount goes to the host folder's node");
            // Three mounts enter `datos`, each at its own height, so none is drawn over another.
            let ends: Vec<(i32, i32)> = mounts.iter().map(|e| *e.points.last().unwrap()).collect();
            assert!(ends[0].1 != ends[1].1 && ends[1].1 != ends[3].1 && ends[0].1 != ends[3].1, "{ends:?}");
            for e in &mounts {
                let v = l.rect_of(e.to).unwrap();
                let (x, y, room) = e.label_at;
                assert!(room >= 150, "room for a path: {room} at {width}");
                assert!(y > v.y && y < v.bottom(), "the label is beside its volume");
                // The label lies along the last segment, clear of every node.
                let (a, b) = (e.points[e.points.len() - 2], e.points[e.points.len() - 1]);
                assert_eq!(a.1, b.1, "the last segment is horizontal");
                assert!(x >= a.0.min(b.0) && x + room <= a.0.max(b.0), "{:?} {:?}", e.label_at, e.points);
                let text = Rect { x, y: y - 12, w: room, h: 14 };
                for n in leaves(&l) {
                    assert!(!n.rect.overlaps(&text), "label {} over {n:?}", e.label);
                }
            }
            assert!(l.width <= width.max(360), "no wider than asked");
        }
    }

    #[test]
    fn path_data_is_svg() {
        let e = Edge {
            kind: EdgeKind::Port,
            from: Kind::Host,
            to: Kind::Host,
            points: vec![(1, 2), (3, 4)],
            label: String::new(),
            label_at: (0, 0, 0),
        };
        assert_eq!(e.path_data(), "M1 2 L3 4");
    }

    #[test]
    fn ellipsize_cuts_with_an_ellipsis() {
        assert_eq!(ellipsize("web", 5), "web");
        assert_eq!(ellipsize("servidor-web", 6), "servi…");
        assert_eq!(ellipsize("ñandúes", 3), "ña…");
    }
}
