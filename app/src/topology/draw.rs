//! The graph as SVG markup, built as one string.
//!
//! A graph of fifty nodes is hundreds of elements; building them through `html!` cost tens of
//! kilobytes of wasm, a string costs a few. The component inserts the markup as is and handles
//! clicks by delegation (the clicked element's closest `data-node`), so this module is pure and its
//! output is tested natively. Every name is escaped.

use std::fmt::Write;

use super::layout::{ellipsize, EdgeKind, Kind, Layout, Rect, BAND_HEAD};
use super::model::{HealthState, Model, State, VolumeNode};
use crate::i18n::{self, Lang, T};

pub use sim_core::html::esc;

fn state_class(state: State, health: Option<HealthState>) -> &'static str {
    match (state, health) {
        (State::Running, Some(HealthState::Unhealthy)) => "st-unhealthy",
        (State::Running, Some(HealthState::Starting)) => "st-starting",
        (State::Running, _) => "st-running",
        (State::Paused, _) => "st-paused",
        (State::Restarting, _) => "st-restarting",
        (State::Exited(0), _) => "st-stopped",
        (State::Exited(_), _) | (State::Dead, _) => "st-exited",
        (State::Created, _) => "st-created",
    }
}

/// The words for a container's state (health wins while it runs).
pub fn state_words(lang: Lang, state: State, health: Option<HealthState>) -> String {
    match (state, health) {
        (State::Running, Some(h)) => i18n::state_words(lang, h.as_str(), None),
        (State::Exited(code), _) => i18n::state_words(lang, "exited", Some(code)),
        (s, _) => i18n::state_words(lang, s.as_str(), None),
    }
}

/// The rectangle around a polyline (one unit thick at least, so straight lines overlap windows).
fn bounds(points: &[(i32, i32)]) -> Rect {
    let xs = points.iter().map(|p| p.0);
    let ys = points.iter().map(|p| p.1);
    let (x0, x1) = (xs.clone().min().unwrap_or(0), xs.max().unwrap_or(0));
    let (y0, y1) = (ys.clone().min().unwrap_or(0), ys.max().unwrap_or(0));
    Rect { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 }
}

/// Characters that fit on a container's second line, left of its menu button.
const SUB_LINE: usize = 18;

/// A container's second line, `image · state`: the image gives way first, the state stays whole.
pub fn sub_line(image: &str, words: &str) -> String {
    let full = format!("{image} · {words}");
    if full.chars().count() <= SUB_LINE {
        return full;
    }
    let room = SUB_LINE.saturating_sub(words.chars().count() + 3);
    if room < 4 {
        return ellipsize(words, SUB_LINE);
    }
    format!("{} · {words}", ellipsize(image, room))
}

/// A volume's `data-node` key: `volume:NAME`, or `bind:/host/path` for a host folder.
pub fn vol_key(v: &VolumeNode) -> String {
    format!("{}:{}", if v.bind { "bind" } else { "volume" }, v.name)
}

/// Shortens a path to at most `max` characters keeping its end (`…/proyecto/html`), from a `/`.
pub fn ellipsize_start(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let tail: String = s.chars().skip(n + 1 - max).collect();
    // From a whole folder's name when there is one in the tail.
    let tail = tail.find('/').map_or(tail.as_str(), |i| &tail[i..]);
    format!("…{tail}")
}

/// The whole `<svg>` element.
pub fn svg(model: &Model, l: &Layout, lang: Lang) -> String {
    svg_window(model, l, lang, None)
}

/// Drawings with more nodes than this draw only what is near the view (see [`svg_window`]).
pub const CULL_ABOVE: usize = 150;

/// The part of the drawing around `r`, snapped outwards to a coarse grid so small pans keep the
/// same window (and the same markup): `r` grown by half its size on every side.
pub fn window_around(r: Rect) -> Rect {
    const GRID: i32 = 256;
    let (gx, gy) = (r.w / 2, r.h / 2);
    let x0 = (r.x - gx).div_euclid(GRID) * GRID;
    let y0 = (r.y - gy).div_euclid(GRID) * GRID;
    let x1 = (r.right() + gx).div_euclid(GRID) * GRID + GRID;
    let y1 = (r.bottom() + gy).div_euclid(GRID) * GRID + GRID;
    Rect { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
}

/// Like [`svg`], but with `window` only the ports, containers, volumes and edges that touch it are
/// written (bands and the host always are): a thousand containers cost the DOM what a screenful does.
pub fn svg_window(model: &Model, l: &Layout, lang: Lang, window: Option<Rect>) -> String {
    let shown = |r: &Rect| window.is_none_or(|w| w.overlaps(r));
    let mut o = String::with_capacity(4096 + 600 * l.nodes.len());
    let _ = write!(
        o,
        r#"<svg class="topology-svg" data-testid="topology" role="group" aria-label="{}" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#,
        T::Topology.get(lang),
        w = l.width,
        h = l.height
    );
    // Drawing order: host and bands, edges, then ports, containers and volumes on top.
    for n in &l.nodes {
        let r = n.rect;
        match n.kind {
            Kind::Host => {
                let _ = write!(
                    o,
                    r#"<g data-node="host" class="topo-host"><rect x="{}" y="{}" width="{}" height="{}" rx="8"/><text x="{}" y="{}" class="topo-title">{}<tspan class="topo-sub"> · muelle · localhost</tspan></text></g>"#,
                    r.x,
                    r.y,
                    r.w,
                    r.h,
                    r.x + 10,
                    r.y + 17,
                    T::Host.get(lang)
                );
            }
            Kind::Network(net) => {
                let (key, label, sub, dns) = match net {
                    Some(i) => {
                        let net = &model.networks[i];
                        let dns = if net.dns { T::Dns.get(lang) } else { T::NoDns.get(lang) };
                        // The driver only when it is not the usual bridge (it would repeat "bridge").
                        let driver = if net.driver == "bridge" { "" } else { net.driver.as_str() };
                        let sub: Vec<&str> =
                            [driver, net.subnet.as_str(), dns].into_iter().filter(|s| !s.is_empty()).collect();
                        (
                            format!(r#" data-node="network:{}""#, esc(&net.name)),
                            net.name.as_str(),
                            sub.join(" · "),
                            net.dns,
                        )
                    }
                    None => (String::new(), T::NoNetwork.get(lang), String::new(), false),
                };
                // Fit the header in the band: about 7 px per bold character, 6 per small one.
                let title = ellipsize(label, ((r.w - 20) / 7).max(4) as usize);
                let room = (r.w - 28 - title.chars().count() as i32 * 7) / 6;
                let sub = if room >= 8 { ellipsize(&sub, room as usize) } else { String::new() };
                let _ = write!(
                    o,
                    r#"<g{key} class="topo-net{}"><rect x="{}" y="{}" width="{}" height="{}" rx="8"/><path class="topo-net-head" d="M{} {}h{}"/><text x="{}" y="{}" class="topo-title">{}<tspan class="topo-sub" dx="8">{}</tspan></text>"#,
                    if dns { " dns" } else { "" },
                    r.x,
                    r.y,
                    r.w,
                    r.h,
                    r.x,
                    r.y + BAND_HEAD,
                    r.w,
                    r.x + 10,
                    r.y + 17,
                    esc(&title),
                    esc(&sub)
                );
                let empty = !l.nodes.iter().any(|c| matches!(c.kind, Kind::Container(_)) && r.contains(&c.rect));
                if empty {
                    let _ = write!(
                        o,
                        r#"<text x="{}" y="{}" class="topo-sub">{}</text>"#,
                        r.x + 10,
                        r.y + BAND_HEAD + 14,
                        T::Empty.get(lang)
                    );
                }
                o.push_str("</g>");
            }
            _ => {}
        }
    }
    for e in &l.edges {
        if window.is_some() && !shown(&bounds(&e.points)) {
            continue;
        }
        let class = match e.kind {
            EdgeKind::Port => "edge edge-port",
            EdgeKind::Volume => "edge edge-vol",
            EdgeKind::Bind => "edge edge-bind",
            EdgeKind::Network => "edge edge-net",
        };
        if let (Kind::Container(ci), Kind::Volume(vi)) = (e.from, e.to) {
            // A mount: its path along the edge (whole in the tooltip), 6.5 px a character.
            let (c, v) = (esc(&model.containers[ci].name), &model.volumes[vi]);
            let (x, y, room) = e.label_at;
            let path = esc(&e.label);
            let _ = write!(
                o,
                r#"<g class="mount" data-from="container:{c}" data-to="{}" data-target="{path}"><title>{c} → {}: {path}</title><path class="{class}" d="{}"/><text x="{x}" y="{y}" class="edge-label">{}</text></g>"#,
                esc(&vol_key(v)),
                esc(&v.name),
                e.path_data(),
                esc(&ellipsize(&e.label, (room * 2 / 13).max(4) as usize)),
            );
            continue;
        }
        let _ = write!(o, r#"<path class="{class}" d="{}"/>"#, e.path_data());
    }
    for n in l.nodes.iter().filter(|n| shown(&n.rect)) {
        let r = n.rect;
        match n.kind {
            Kind::Port(i) => {
                let p = &model.ports[i];
                let proto = if p.proto == "tcp" { String::new() } else { format!("/{}", esc(&p.proto)) };
                let _ = write!(
                    o,
                    r#"<g data-node="{}" class="topo-port"><title>localhost:{}{proto} → {}:{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="11"/><text x="{}" y="{}" text-anchor="middle">:{}{proto} → {}</text></g>"#,
                    esc(&p.key()),
                    p.host_port,
                    esc(&p.container),
                    p.container_port,
                    r.x,
                    r.y,
                    r.w,
                    r.h,
                    r.cx(),
                    r.y + 15,
                    p.host_port,
                    p.container_port
                );
            }
            Kind::Container(i) => {
                let c = &model.containers[i];
                let words = state_words(lang, c.state, c.health);
                let hint = if c.state == State::Running { T::ClickShell.get(lang) } else { T::ClickLogs.get(lang) };
                let ips: Vec<String> = c.ips.iter().map(|(n, ip)| format!("\n{n}: {ip}")).collect();
                let health = c.health.map(|h| format!(r#" data-health="{}""#, h.as_str())).unwrap_or_default();
                // A passing healthcheck: a ring around the dot.
                let ring = if c.state == State::Running && c.health == Some(HealthState::Healthy) {
                    format!(r#"<circle class="ring" cx="{}" cy="{}" r="8"/>"#, r.x + 13, r.y + 16)
                } else {
                    String::new()
                };
                let _ = write!(
                    o,
                    r#"<g data-node="container:{name}" data-state="{}"{health} class="topo-ct {}" role="button" tabindex="0" aria-label="{name} — {words}. {hint}"><title>{name} ({}) — {words}{}&#10;{hint}</title><rect x="{}" y="{}" width="{}" height="{}" rx="6"/><circle class="dot" cx="{}" cy="{}" r="5"/>{ring}<text x="{}" y="{}" class="topo-name">{}</text><text x="{}" y="{}" class="topo-sub">{}</text></g>"#,
                    c.state.as_str(),
                    state_class(c.state, c.health),
                    esc(&c.image),
                    esc(&ips.concat()),
                    r.x,
                    r.y,
                    r.w,
                    r.h,
                    r.x + 13,
                    r.y + 16,
                    r.x + 24,
                    r.y + 20,
                    esc(&ellipsize(&c.name, 16)),
                    r.x + 10,
                    r.y + 37,
                    esc(&sub_line(&c.image, &words)),
                    name = esc(&c.name),
                    words = esc(&words),
                );
                // Its menu (shell, logs, inspect, faults): a separate button, not nested in the node's, at the
                // end of the second line (the name keeps the whole first line).
                let _ = write!(
                    o,
                    r#"<g class="topo-menu" data-menu="{name}" role="button" tabindex="0" aria-haspopup="menu" aria-label="{label}"><title>{label}</title><rect x="{}" y="{}" width="20" height="16" rx="4"/><text x="{}" y="{}" text-anchor="middle">⋯</text></g>"#,
                    r.right() - 24,
                    r.y + 26,
                    r.right() - 14,
                    r.y + 38,
                    name = esc(&c.name),
                    label = esc(&i18n::menu_for(lang, &c.name)),
                );
            }
            Kind::Volume(i) => {
                let v = &model.volumes[i];
                let (x, y, w, h) = (r.x, r.y + 4, r.w, r.h - 8);
                // A host folder: a folder's outline, its path's end; a volume: a cylinder (the
                // body, then the top ellipse over it). The whole name on hover and focus.
                let (shape, label, what) = if v.bind {
                    (
                        format!(r#"<path d="M{x} {y}h{}l6 6h{}v{h}h-{w}z"/>"#, w / 3, w - w / 3 - 6),
                        ellipsize_start(&v.name, 18),
                        T::HostFolder,
                    )
                } else {
                    (
                        format!(
                            r#"<path d="M{x} {y}v{h}a{} 4 0 0 0 {w} 0v-{h}"/><ellipse cx="{}" cy="{y}" rx="{}" ry="4"/>"#,
                            w / 2,
                            x + w / 2,
                            w / 2
                        ),
                        ellipsize(&v.name, if v.anonymous { 12 } else { 17 }),
                        T::Volume,
                    )
                };
                let _ = write!(
                    o,
                    r#"<g data-node="{}" class="topo-vol" tabindex="0" role="img" aria-label="{what}: {name}"><title>{what}: {name}</title>{shape}<text x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
                    esc(&vol_key(v)),
                    r.cx(),
                    r.cy() + 7,
                    esc(&label),
                    what = what.get(lang),
                    name = esc(&v.name),
                );
            }
            _ => {}
        }
    }
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::super::layout::layout;
    use super::super::model::*;
    use super::*;

    fn model() -> Model {
        Model {
            networks: vec![NetNode {
                name: "bridge".into(),
                subnet: "172.17.0.0/16".into(),
                driver: "bridge".into(),
                dns: false,
            }],
            containers: vec![
                ContainerNode {
                    name: "web".into(),
                    image: "nginx".into(),
                    state: State::Running,
                    health: Some(HealthState::Healthy),
                    networks: vec!["bridge".into()],
                    ips: vec![("bridge".into(), "172.17.0.2".into())],
                    mounts: vec![MountNode {
                        source: "datos".into(),
                        bind: false,
                        target: "/datos".into(),
                        read_only: false,
                    }],
                },
                ContainerNode {
                    name: "x<y>".into(),
                    image: "busybox".into(),
                    state: State::Exited(3),
                    health: None,
                    networks: vec![],
                    ips: vec![],
                    mounts: vec![],
                },
            ],
            volumes: vec![VolumeNode { name: "datos".into(), anonymous: false, bind: false }],
            ports: vec![PortNode { host_port: 8080, proto: "tcp".into(), container: "web".into(), container_port: 80 }],
        }
    }

    #[test]
    fn every_node_carries_its_data_attributes() {
        let m = model();
        let s = svg(&m, &layout(&m, 500), Lang::Es);
        assert!(s.starts_with("<svg class=\"topology-svg\" data-testid=\"topology\""));
        for needle in [
            r#"data-node="host""#,
            r#"data-node="network:bridge""#,
            r#"data-node="container:web" data-state="running" data-health="healthy""#,
            r#"data-node="volume:datos""#,
            r#"data-node="port:8080""#,
            "sano",
        ] {
            assert!(s.contains(needle), "{needle} missing in {s}");
        }
        assert!(s.contains("terminó (3)"));
        assert_eq!(s.matches(r#"class="ring""#).count(), 1, "only the healthy container has a ring");
        assert!(svg(&m, &layout(&m, 500), Lang::En).contains("exited (3)"));
    }

    #[test]
    fn the_state_stays_whole_on_the_second_line() {
        assert_eq!(sub_line("nginx", "en marcha"), "nginx · en marcha");
        assert_eq!(sub_line("nginx", "terminó (0)"), "ngi… · terminó (0)");
        assert_eq!(sub_line("postgres:16", "terminó (137)"), "terminó (137)", "no room left for the image");
        assert!(sub_line("busybox", "comprobando salud").chars().count() <= SUB_LINE);
    }

    #[test]
    fn a_window_draws_only_what_it_touches() {
        let m = Model {
            containers: (0..300)
                .map(|i| ContainerNode {
                    name: format!("c{i}"),
                    image: "alpine".into(),
                    state: State::Running,
                    health: None,
                    networks: vec!["bridge".into()],
                    ips: vec![],
                    mounts: vec![],
                })
                .collect(),
            ..model()
        };
        let l = layout(&m, 500);
        let all = svg(&m, &l, Lang::Es);
        assert_eq!(all.matches("data-node=\"container:").count(), 300);
        let view = Rect { x: 0, y: 0, w: 500, h: 300 };
        let w = window_around(view);
        assert!(w.contains(&view) && w.x % 256 == 0 && w.y % 256 == 0, "{w:?}");
        let part = svg_window(&m, &l, Lang::Es, Some(w));
        let drawn = part.matches("data-node=\"container:").count();
        assert!(drawn > 0 && drawn < 100, "{drawn} of 300 drawn");
        assert!(part.contains("data-node=\"container:c0\"") && part.contains("data-node=\"network:bridge\""));
        // A small pan keeps the same window, so the markup (and the DOM) stays.
        assert_eq!(window_around(Rect { x: 10, y: 20, ..view }), w);
    }

    #[test]
    fn a_mount_is_a_labelled_edge_and_a_host_folder_a_focusable_node() {
        let mut m = model();
        m.containers[0].mounts.push(MountNode {
            source: "/home/alumno/proyecto/html".into(),
            bind: true,
            target: "/usr/share/nginx/html".into(),
            read_only: true,
        });
        m.volumes.push(VolumeNode { name: "/home/alumno/proyecto/html".into(), anonymous: false, bind: true });
        let s = svg(&m, &layout(&m, 500), Lang::Es);
        assert!(s.contains(r#"data-from="container:web" data-to="volume:datos" data-target="/datos""#), "{s}");
        assert!(s.contains(r#"data-to="bind:/home/alumno/proyecto/html" data-target="/usr/share/nginx/html (ro)""#));
        assert!(s.contains(r#"class="edge-label">/usr/share/nginx/html (ro)</text>"#));
        assert!(s.contains(r#"tabindex="0" role="img" aria-label="Carpeta del host: /home/alumno/proyecto/html""#));
        assert!(s.contains(">…/proyecto/html</text>"), "the folder's path keeps its end");
        assert!(s.contains(r#"aria-label="Volumen: datos""#));
        assert_eq!(ellipsize_start("/a/b", 8), "/a/b");
        assert_eq!(ellipsize_start("/home/alumno/web", 8), "…/web");
        assert_eq!(ellipsize_start("abcdefghij", 5), "…ghij");
    }

    #[test]
    fn names_are_escaped() {
        let m = model();
        let s = svg(&m, &layout(&m, 500), Lang::Es);
        assert!(s.contains(r#"data-node="container:x&lt;y&gt;""#));
        assert!(!s.contains("x<y>"));
        assert_eq!(esc(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
