//! The topology graph: the host, its published ports, networks, containers and volumes as SVG,
//! coloured by live state, with pan and zoom, packets travelling along it and a menu per container.
//!
//! [`model`] reads the world, [`graph`] links it up (petgraph), [`layout`] places everything, [`draw`] writes the SVG, [`view`] is the
//! pan/zoom arithmetic and [`packets`] turns pings, lookups and connections from the event log into
//! animated dots. This component measures the panel, inserts the markup, keeps the view across
//! re-renders (it writes the `viewBox` straight into the DOM, so a drag never re-lays the graph),
//! animates packets for about a second of wall-clock time and turns clicks into terminal tabs or
//! faults ([`sim_core::Fault`]). Every node carries `data-node="kind:NAME"`, containers also
//! `data-state` (Docker's status word) and `data-health`.

pub mod draw;
pub mod graph;
pub mod layout;
pub mod model;
pub mod packets;
pub mod view;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use sim_core::Fault;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AddEventListenerOptions, Element, HtmlElement, HtmlInputElement, ResizeObserver};
use yew::prelude::*;

use crate::decimal::fixed;
use crate::i18n::{self, Lang, T};
use crate::SharedSession;
use layout::{layout, Kind};
use model::{Model, State};
use packets::Packet;
use view::View;

#[derive(Properties, Clone)]
pub struct TopologyProps {
    pub session: SharedSession,
    pub rev: u64,
    /// Events ever recorded: new pings, lookups and connections become packets.
    #[prop_or_default]
    pub events: u64,
    pub lang: Lang,
    /// A container's name, when it is clicked (its default action: a shell, or its logs).
    pub on_container: Callback<String>,
    /// `(container, command line)`: type this into a new terminal tab (logs, inspect).
    #[prop_or_default]
    pub on_command: Callback<(String, String)>,
}

impl PartialEq for TopologyProps {
    fn eq(&self, o: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.session, &o.session)
            && self.rev == o.rev
            && self.events == o.events
            && self.lang == o.lang
    }
}

/// Something to do later, shared by several handlers.
type Action = Rc<dyn Fn()>;

/// Where whether the graph is enlarged is remembered (`wide`, or empty).
const WIDE_KEY: &str = "muelle.graph";

/// Width used before the panel has been measured.
const DEFAULT_WIDTH: i32 = 420;
/// How often packets move while some are alive (wall-clock ms).
const FRAME_MS: u32 = 40;
/// New events looked at per render at most (a burst of thousands animates only its end).
const MAX_NEW_EVENTS: usize = 64;
/// A press this far (px) and no farther is a click, not a drag.
const CLICK_SLOP: f64 = 4.0;
/// The container menu's usual height (px), to place it where it fits.
const MENU_H: f64 = 330.0;

/// Packets alive on the graph and what the event log held when last looked at.
#[derive(Default)]
struct Traffic {
    /// The sequence number of the next event not yet looked at.
    seen: Option<u64>,
    /// Each packet, its wall-clock birth and its way on the drawing (`None`: its source is not drawn).
    live: VecDeque<(Packet, f64, Option<packets::Route>)>,
    /// The drawing the ways were found on.
    routed: Option<Rc<(Model, layout::Layout)>>,
    /// The newest packet in words, for the caption under the graph.
    last: Option<Packet>,
    /// The packets' layer's own markup, and what was last written into it.
    layer: String,
    written: String,
    /// Reduced motion asked for (packets drawn where they end).
    still: bool,
    lang: Lang,
    ticker: Option<Interval>,
}

/// The drawing of the host's view: for which revision and width it was last asked, its
/// generation (moves when the drawing does) and the model with its layout.
struct Drawn {
    key: (u64, i32),
    generation: u64,
    drawing: Rc<(Model, layout::Layout)>,
}

/// Pointers pressed on the graph (two for a pinch) and whether this press became a drag.
#[derive(Default)]
struct Drag {
    /// By pointer id (one or two: a list costs less code than a map).
    pointers: Vec<(i32, (f64, f64))>,
    travelled: f64,
    dragged: bool,
}

impl Drag {
    /// Where pointer `id` is now (pressed or moved).
    fn press(&mut self, id: i32, at: (f64, f64)) {
        match self.pointers.iter_mut().find(|(k, _)| *k == id) {
            Some(p) => p.1 = at,
            None => self.pointers.push((id, at)),
        }
    }
}

/// The open container menu: whose, and where (screen offset in the panel).
#[derive(Clone, Debug, PartialEq)]
struct Menu {
    name: String,
    x: f64,
    y: f64,
    max_h: f64,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Writes the view into the stage's two `<svg>`s (the graph and the packets' layer over it), where
/// it changed: setting even the same `viewBox` has the browser lay out and repaint the graph.
fn apply_view(stage: &NodeRef, view: &View, size: (f64, f64)) {
    let Some(el) = stage.cast::<Element>() else { return };
    let Ok(list) = el.query_selector_all(":scope > .topology-scroll > svg") else { return };
    let vb = view.view_box(size.0, size.1);
    for i in 0..list.length() {
        if let Some(svg) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            if svg.get_attribute("viewBox").as_deref() != Some(vb.as_str()) {
                let _ = svg.set_attribute("viewBox", &vb);
            }
        }
    }
}

/// Draws the packets alive now into the packets' layer, leaving out those whose way is nowhere
/// near the view (a thousand containers ping mostly out of sight), and writes only when the
/// markup changed. Returns whether any packet is still alive.
fn draw_packets(traffic: &RefCell<Traffic>, stage: &NodeRef, view: &View, size: (f64, f64)) -> bool {
    let mut t = traffic.borrow_mut();
    let now = now_ms();
    t.live.retain(|(p, born, _)| packets::alive(p, now - born));
    let margin = 16.0;
    let (x0, y0) = (view.x - margin, view.y - margin);
    let (x1, y1) = (view.x + size.0 / view.scale + margin, view.y + size.1 / view.scale + margin);
    let near = |r: &packets::Route| {
        let (mut a, mut b) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
        for &(x, y) in &r.points {
            a = (a.0.min(x), a.1.min(y));
            b = (b.0.max(x), b.1.max(y));
        }
        a.0 <= x1 && b.0 >= x0 && a.1 <= y1 && b.1 >= y0
    };
    let live: Vec<packets::Live> = t
        .live
        .iter()
        .filter_map(|(packet, born, route)| {
            let route = route.as_ref().filter(|r| near(r))?;
            Some(packets::Live { packet, route: route.clone(), age_ms: now - born })
        })
        .collect();
    let markup = packets::svg(&live, t.lang, t.still);
    if markup != t.written {
        let layer = stage.cast::<Element>().and_then(|s| s.query_selector(".topology-packets").ok().flatten());
        if let Some(layer) = layer {
            layer.set_inner_html(&markup);
        }
        t.written = markup;
    }
    !t.live.is_empty()
}

/// The name after `prefix` in attribute `attr` of the closest ancestor that has it with that prefix.
fn closest_name(e: &Event, attr: &str, prefix: &str) -> Option<String> {
    let target = e.target()?.dyn_into::<Element>().ok()?;
    let selector = if prefix.is_empty() { format!("[{attr}]") } else { format!("[{attr}^='{prefix}']") };
    let node = target.closest(&selector).ok()??;
    Some(node.get_attribute(attr)?.strip_prefix(prefix)?.to_string())
}

#[component]
pub fn Topology(props: &TopologyProps) -> Html {
    let TopologyProps { session, lang, on_container, on_command, .. } = props.clone();
    let width = use_state_eq(|| DEFAULT_WIDTH);
    let size = use_mut_ref(|| (DEFAULT_WIDTH as f64, 300.0));
    let view = use_mut_ref(View::default);
    let drag = use_mut_ref(Drag::default);
    let traffic: Rc<RefCell<Traffic>> = use_mut_ref(Traffic::default);
    let menu = use_state(|| None::<Menu>);
    // Enlarged: the panel covers the workspace (the stylesheet), and the layout follows its width.
    let wide = use_state((|| persist_wide(None)) as fn() -> bool);
    let crash_code = use_state(|| "1".to_string());
    let stage = use_node_ref();
    let scroller = use_node_ref();
    let menu_ref = use_node_ref();
    let redraw = use_force_update();
    let follow_now: Rc<RefCell<Option<Action>>> = use_mut_ref(|| None);

    // The drawing changes with what the host's view shows and the width. A new view that shows
    // the same (every event, a ping too, moves the host's revision) keeps the drawing there is:
    // no layout, no markup, nothing for the browser to lay out again.
    let drawing_cell: Rc<RefCell<Option<Drawn>>> = use_mut_ref(|| None);
    let drawn: Rc<(Model, layout::Layout)> = {
        let mut cell = drawing_cell.borrow_mut();
        let key = (props.rev, *width);
        match cell.as_mut() {
            Some(d) if d.key == key => d.drawing.clone(),
            _ => {
                let model = Model::from_view(session.borrow().host_view());
                match cell.as_mut() {
                    Some(d) if d.key.1 == key.1 && d.drawing.0 == model => d.key = key,
                    _ => {
                        let placed = layout(&model, *width);
                        let generation = cell.as_ref().map_or(0, |d| d.generation + 1);
                        *cell = Some(Drawn { key, generation, drawing: Rc::new((model, placed)) });
                    }
                }
                cell.as_ref().map(|d| d.drawing.clone()).unwrap_or_default()
            }
        }
    };
    let generation = drawing_cell.borrow().as_ref().map_or(0, |d| d.generation);
    // A big drawing writes only the part around the view; this is that part (`None`: all of it).
    let window = use_state_eq(|| None::<layout::Rect>);
    let markup = {
        let drawn = drawn.clone();
        use_memo((generation, lang, *window), move |&(_, lang, window)| {
            draw::svg_window(&drawn.0, &drawn.1, lang, window)
        })
    };
    let (model, placed, markup) = (&drawn.0, &drawn.1, (*markup).clone());
    // Re-reads the window from the view after every move (a render only when it changes).
    let follow: Action = Rc::new({
        let (window, drawn, view, size) = (window.clone(), drawn.clone(), view.clone(), size.clone());
        move || {
            let big = drawn.1.nodes.len() > draw::CULL_ABOVE;
            window.set(big.then(|| {
                let v = view.borrow();
                let (w, h) = *size.borrow();
                draw::window_around(layout::Rect {
                    x: v.x.floor() as i32,
                    y: v.y.floor() as i32,
                    w: (w / v.scale).ceil() as i32,
                    h: (h / v.scale).ceil() as i32,
                })
            }));
        }
    });
    // The wheel listener lives across renders; it calls this render's `follow` through here.
    *follow_now.borrow_mut() = Some(follow.clone());
    let drawing = (placed.width as f64, placed.height as f64);
    {
        // Follow the panel's size: the layout is in CSS pixels, so text never shrinks by itself.
        let (scroller, stage, width, size, view) =
            (scroller.clone(), stage.clone(), width.clone(), size.clone(), view.clone());
        let follow_now = follow_now.clone();
        use_effect_with((), move |_| {
            let el = scroller.cast::<HtmlElement>();
            let measure = {
                let (el, stage, view, size) = (el.clone(), stage.clone(), view.clone(), size.clone());
                move || {
                    if let Some(el) = &el {
                        let (w, h) = (el.client_width(), el.client_height());
                        if w > 0 {
                            *size.borrow_mut() = (w as f64, h.max(1) as f64);
                            apply_view(&stage, &view.borrow(), *size.borrow());
                            width.set(w);
                        }
                    }
                }
            };
            measure();
            let callback = Closure::<dyn FnMut()>::new(measure);
            let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, &el) {
                o.observe(el);
            }
            // The wheel zooms around the pointer; registered by hand so it can cancel the page's
            // scroll (Yew's wheel listeners are passive).
            let wheel = {
                let (scroller, stage, view, size) = (scroller.clone(), stage.clone(), view.clone(), size.clone());
                let follow_now = follow_now.clone();
                Closure::<dyn FnMut(WheelEvent)>::new(move |e: WheelEvent| {
                    let Some(el) = scroller.cast::<Element>() else { return };
                    e.prevent_default();
                    let r = el.get_bounding_client_rect();
                    let (px, py) = (e.client_x() as f64 - r.left(), e.client_y() as f64 - r.top());
                    let factor = if e.delta_y() < 0.0 { view::STEP } else { 1.0 / view::STEP };
                    view.borrow_mut().zoom_at(px, py, factor);
                    apply_view(&stage, &view.borrow(), *size.borrow());
                    let follow = follow_now.borrow().clone();
                    if let Some(follow) = follow {
                        follow();
                    }
                })
            };
            if let Some(el) = &el {
                let options = AddEventListenerOptions::new();
                options.set_passive(false);
                let _ = el.add_event_listener_with_callback_and_add_event_listener_options(
                    "wheel",
                    wheel.as_ref().unchecked_ref(),
                    &options,
                );
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                if let Some(el) = &el {
                    let _ = el.remove_event_listener_with_callback("wheel", wheel.as_ref().unchecked_ref());
                }
                drop(callback);
                drop(wheel);
            }
        });
    }
    {
        // After every render: the (possibly new) SVG elements get the current view, and the
        // packets their places.
        let (stage, view, size) = (stage.clone(), view.clone(), size.clone());
        let (follow, traffic) = (follow.clone(), traffic.clone());
        use_effect(move || {
            apply_view(&stage, &view.borrow(), *size.borrow());
            follow();
            draw_packets(&traffic, &stage, &view.borrow(), *size.borrow());
        });
    }
    {
        // An opened menu takes the focus (its first item), so it works from the keyboard.
        let menu_ref = menu_ref.clone();
        use_effect_with((*menu).clone(), move |m| {
            if m.is_some() {
                if let Some(first) = menu_ref
                    .cast::<Element>()
                    .and_then(|el| el.query_selector("button:not([disabled])").ok().flatten())
                    .and_then(|b| b.dyn_into::<HtmlElement>().ok())
                {
                    let _ = first.focus();
                }
            }
        });
    }

    // Packets: new pings, lookups and connections since the last render start travelling. They
    // move in a layer of their own (`.topology-packets`), written by a ticker between renders
    // (`draw_packets`): a packet's step repaints neither the graph nor anything else.
    let overlay = {
        let mut t = traffic.borrow_mut();
        let s = session.borrow();
        let log = s.event_log();
        let total = log.total();
        let seen = t.seen.unwrap_or(total).min(total);
        let now = now_ms();
        t.lang = lang;
        t.still = reduced_motion();
        if !t.routed.as_ref().is_some_and(|r| Rc::ptr_eq(r, &drawn)) {
            // A new drawing: the ways are found again on it.
            let graph = graph::Topology::of(model);
            for (p, _, route) in t.live.iter_mut() {
                *route = packets::route(p, model, &graph, placed);
            }
            t.routed = Some(drawn.clone());
        }
        let mut graph = None;
        for e in log.since(seen.max(total.saturating_sub(MAX_NEW_EVENTS as u64))) {
            if let Some(p) = Packet::from_event(e) {
                // One graph for every packet of this render.
                let graph = graph.get_or_insert_with(|| graph::Topology::of(model));
                let route = packets::route(&p, model, graph, placed);
                t.last = Some(p.clone());
                t.live.push_back((p, now, route));
                if t.live.len() > packets::MAX_LIVE {
                    t.live.pop_front();
                }
            }
        }
        t.seen = Some(total);
        t.live.retain(|(p, born, _)| packets::alive(p, now - born));
        if t.live.is_empty() {
            t.ticker = None;
        } else if t.ticker.is_none() {
            let (traffic, stage, view, size) = (traffic.clone(), stage.clone(), view.clone(), size.clone());
            t.ticker = Some(Interval::new(FRAME_MS, move || {
                if !draw_packets(&traffic, &stage, &view.borrow(), *size.borrow()) {
                    // Nothing left to move: the ticker stops, dropped after its own call.
                    let traffic = traffic.clone();
                    gloo::timers::callback::Timeout::new(0, move || {
                        let mut t = traffic.borrow_mut();
                        if t.live.is_empty() {
                            t.ticker = None;
                        }
                    })
                    .forget();
                }
            }));
        }
        // The layer itself stays the same element across renders (its markup only changes with
        // the drawing's size); a new one starts empty.
        let layer = format!(
            r#"<svg class="topology-packets" aria-hidden="true" width="{w}" height="{h}" viewBox="0 0 {w} {h}"></svg>"#,
            w = placed.width,
            h = placed.height
        );
        if t.layer != layer {
            t.written.clear();
            t.layer = layer.clone();
        }
        layer
    };
    let caption = traffic.borrow().last.as_ref().map(|p| (p.describe(lang), p.failure.is_some()));

    let open_menu = {
        let (menu, view, drawn, size) = (menu.clone(), view.clone(), drawn.clone(), size.clone());
        move |name: String| {
            let Some(i) = drawn.0.containers.iter().position(|c| c.name == name) else { return };
            let Some(r) = drawn.1.rect_of(Kind::Container(i)) else { return };
            let (x, y) = view.borrow().to_screen(r.x as f64, r.bottom() as f64);
            let (w, h) = *size.borrow();
            // Inside the panel, even for a node near its edge: under the node when there is room,
            // else as low as it fits (it scrolls when the panel is shorter than the menu).
            let x = crate::decimal::clamp(x, 0.0, (w - 250.0).max(0.0));
            let y = if h - y >= MENU_H { y.max(0.0) } else { (h - MENU_H).max(0.0) };
            menu.set(Some(Menu { name, x, y, max_h: h - y }));
        }
    };
    let rerender_view = {
        let (stage, view, size, follow) = (stage.clone(), view.clone(), size.clone(), follow.clone());
        move || {
            apply_view(&stage, &view.borrow(), *size.borrow());
            follow();
        }
    };
    let zoom_by = {
        let (view, size, rerender_view) = (view.clone(), size.clone(), rerender_view.clone());
        move |factor: f64| {
            let (w, h) = *size.borrow();
            view.borrow_mut().zoom_at(w / 2.0, h / 2.0, factor);
            rerender_view();
        }
    };
    let fit = {
        let (view, size, rerender_view) = (view.clone(), size.clone(), rerender_view.clone());
        move || {
            let (w, h) = *size.borrow();
            *view.borrow_mut() = View::fit(drawing.0, drawing.1, w, h);
            rerender_view();
        }
    };

    let onpointerdown = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            let mut d = drag.borrow_mut();
            if d.pointers.is_empty() {
                d.travelled = 0.0;
                d.dragged = false;
            }
            d.press(e.pointer_id(), (e.client_x() as f64, e.client_y() as f64));
        })
    };
    let onpointermove = {
        let (drag, view, scroller, rerender_view) =
            (drag.clone(), view.clone(), scroller.clone(), rerender_view.clone());
        Callback::from(move |e: PointerEvent| {
            let mut d = drag.borrow_mut();
            let id = e.pointer_id();
            let Some(&(_, (ox, oy))) = d.pointers.iter().find(|(k, _)| *k == id) else { return };
            let (nx, ny) = (e.client_x() as f64, e.client_y() as f64);
            if d.pointers.len() == 2 {
                // A pinch: zoom by the change of the fingers' distance, around their middle.
                let other = d.pointers.iter().find(|(k, _)| *k != id).map(|(_, p)| *p).unwrap_or((ox, oy));
                let dist = |a: (f64, f64)| ((a.0 - other.0).powi(2) + (a.1 - other.1).powi(2)).sqrt();
                let (before, after) = (dist((ox, oy)), dist((nx, ny)));
                if before > 1.0 {
                    if let Some(el) = scroller.cast::<Element>() {
                        let r = el.get_bounding_client_rect();
                        let mid = ((nx + other.0) / 2.0 - r.left(), (ny + other.1) / 2.0 - r.top());
                        view.borrow_mut().zoom_at(mid.0, mid.1, after / before);
                    }
                }
                d.dragged = true;
            } else if e.buttons() != 0 {
                d.travelled += (nx - ox).abs() + (ny - oy).abs();
                if d.travelled > CLICK_SLOP {
                    d.dragged = true;
                    view.borrow_mut().pan(nx - ox, ny - oy);
                }
            }
            d.press(id, (nx, ny));
            drop(d);
            rerender_view();
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            let id = e.pointer_id();
            drag.borrow_mut().pointers.retain(|(k, _)| *k != id);
        })
    };
    let onclick = {
        let (on_container, menu, drag, open_menu) =
            (on_container.clone(), menu.clone(), drag.clone(), open_menu.clone());
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut drag.borrow_mut().dragged) {
                return;
            }
            if let Some(name) = closest_name(&e, "data-menu", "") {
                open_menu(name);
            } else if let Some(name) = closest_name(&e, "data-node", "container:") {
                menu.set(None);
                on_container.emit(name);
            } else {
                menu.set(None);
            }
        })
    };
    let oncontextmenu = {
        let open_menu = open_menu.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(name) = closest_name(&e, "data-node", "container:") {
                e.prevent_default();
                open_menu(name);
            }
        })
    };
    let onkeydown = {
        let (menu, open_menu, view, rerender_view) =
            (menu.clone(), open_menu.clone(), view.clone(), rerender_view.clone());
        let wide = wide.clone();
        let (zoom_by, fit) = (zoom_by.clone(), fit.clone());
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let on_menu = closest_name(&e, "data-menu", "");
            let on_node = closest_name(&e, "data-node", "container:");
            match key.as_str() {
                "Enter" | " " if on_menu.is_some() => {
                    e.prevent_default();
                    open_menu(on_menu.unwrap_or_default());
                }
                "Enter" | " " if on_node.is_some() => {
                    e.prevent_default();
                    on_container.emit(on_node.unwrap_or_default());
                }
                "ContextMenu" | "F10" if on_node.is_some() && (key == "ContextMenu" || e.shift_key()) => {
                    e.prevent_default();
                    open_menu(on_node.unwrap_or_default());
                }
                "+" | "=" => zoom_by(view::STEP),
                "-" | "_" => zoom_by(1.0 / view::STEP),
                "0" => fit(),
                "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let (dx, dy) = match key.as_str() {
                        "ArrowLeft" => (view::PAN_STEP, 0.0),
                        "ArrowRight" => (-view::PAN_STEP, 0.0),
                        "ArrowUp" => (0.0, view::PAN_STEP),
                        _ => (0.0, -view::PAN_STEP),
                    };
                    view.borrow_mut().pan(dx, dy);
                    rerender_view();
                }
                "Escape" if menu.is_some() => menu.set(None),
                // Esc gives the panel its place back.
                "Escape" if *wide => wide.set(persist_wide(Some(false))),
                _ => {}
            }
        })
    };

    let menu_html = (*menu).clone().and_then(|m| {
        let c = model.containers.iter().find(|c| c.name == m.name)?.clone();
        let running = c.state == State::Running;
        let close = {
            let menu = menu.clone();
            move || menu.set(None)
        };
        let command = |line: String| {
            let (on_command, close, name) = (on_command.clone(), close.clone(), c.name.clone());
            Callback::from(move |_: MouseEvent| {
                close();
                on_command.emit((name.clone(), line.clone()));
            })
        };
        let fault = |f: Fault| {
            let (session, close, name, redraw) = (session.clone(), close.clone(), c.name.clone(), redraw.clone());
            let crash_code = crash_code.clone();
            Callback::from(move |_: MouseEvent| {
                let f = match &f {
                    Fault::Crash(_) => Fault::Crash(crash_code.trim().parse::<i32>().unwrap_or(1).clamp(0, 255)),
                    other => other.clone(),
                };
                session.borrow_mut().inject_fault(&name, &f);
                close();
                redraw.force_update();
            })
        };
        let on_shell = {
            let (on_container, close, name) = (props.on_container.clone(), close.clone(), c.name.clone());
            Callback::from(move |_: MouseEvent| {
                close();
                on_container.emit(name.clone());
            })
        };
        let on_code = {
            let crash_code = crash_code.clone();
            Callback::from(move |e: InputEvent| crash_code.set(e.target_unchecked_into::<HtmlInputElement>().value()))
        };
        let onkeydown = {
            let (menu_ref, close) = (menu_ref.clone(), close.clone());
            let stage = stage.clone();
            let name = c.name.clone();
            Callback::from(move |e: KeyboardEvent| {
                e.stop_propagation();
                let step: i32 = match e.key().as_str() {
                    "ArrowDown" => 1,
                    "ArrowUp" => -1,
                    "Escape" => {
                        close();
                        // Back to the node the menu belongs to.
                        if let Some(node) = stage
                            .cast::<Element>()
                            .and_then(|s| s.query_selector(&format!("[data-node='container:{}']", name)).ok().flatten())
                            .and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok())
                        {
                            let _ = node.focus();
                        }
                        return;
                    }
                    _ => return,
                };
                e.prevent_default();
                let Some(el) = menu_ref.cast::<Element>() else { return };
                let Ok(items) = el.query_selector_all("[role=menuitem]:not([disabled])") else { return };
                let n = items.length() as i32;
                if n == 0 {
                    return;
                }
                let active = gloo::utils::document().active_element();
                let at = (0..n).find(|&i| items.item(i as u32).map(|x| x.dyn_into::<Element>().ok()) == Some(active.clone()));
                let next = at.map_or(0, |i| (i + step).rem_euclid(n));
                if let Some(b) = items.item(next as u32).and_then(|b| b.dyn_into::<HtmlElement>().ok()) {
                    let _ = b.focus();
                }
            })
        };
        let words = draw::state_words(lang, c.state, c.health);
        let style = format!("left:{}px;top:{}px;max-height:{}px", fixed(m.x, 0), fixed(m.y, 0), fixed(m.max_h.max(80.0), 0));
        let name = c.name.clone();
        Some(html! {
            <div class="ct-menu" role="menu" aria-label={i18n::menu_for(lang, &name)} data-testid="ct-menu"
                ref={menu_ref.clone()} {style} {onkeydown}>
                <div class="ct-menu-head"><strong>{ name.clone() }</strong>{ " · " }{ words }</div>
                <button role="menuitem" data-action="shell" disabled={!running} onclick={on_shell}>{ T::MenuShell.get(lang) }</button>
                <button role="menuitem" data-action="logs" onclick={command(format!("docker logs {name}"))}>{ T::MenuLogs.get(lang) }</button>
                <button role="menuitem" data-action="inspect" onclick={command(format!("docker inspect {name}"))}>{ T::MenuInspect.get(lang) }</button>
                <div class="ct-menu-sep" role="separator">{ T::Faults.get(lang) }</div>
                if !running {
                    <p class="ct-menu-note">{ T::NotRunningFaults.get(lang) }</p>
                }
                <button role="menuitem" data-action="stop" disabled={!running && c.state != State::Restarting}
                    onclick={fault(Fault::Stop)}>{ T::FaultStop.get(lang) }</button>
                <button role="menuitem" data-action="kill" disabled={!running} onclick={fault(Fault::Kill)}>{ T::FaultKill.get(lang) }</button>
                <div class="ct-menu-row">
                    <button role="menuitem" data-action="crash" disabled={!running} onclick={fault(Fault::Crash(1))}>{ T::FaultCrash.get(lang) }</button>
                    <input type="number" min="0" max="255" value={(*crash_code).clone()} data-testid="crash-code"
                        aria-label={T::ExitCode.get(lang)} oninput={on_code} />
                </div>
                <button role="menuitem" data-action="oom" disabled={!running} onclick={fault(Fault::OutOfMemory)}>{ T::FaultOom.get(lang) }</button>
                { for c.networks.iter().map(|net| html! {
                    <button role="menuitem" data-action={format!("disconnect:{net}")} onclick={fault(Fault::Disconnect(net.clone()))}>
                        { T::FaultDisconnect.get(lang) }{ " " }<code>{ net.clone() }</code>
                    </button>
                }) }
            </div>
        })
    });

    let tool = |label: T, text: &'static str, testid: &'static str, onclick: Callback<MouseEvent>| {
        html! {
            <button class="btn icon-only zoom-btn" title={label.get(lang)} aria-label={label.get(lang)}
                data-testid={testid} {onclick}>{ text }</button>
        }
    };
    let on_zoom_in = {
        let zoom_by = zoom_by.clone();
        Callback::from(move |_: MouseEvent| zoom_by(view::STEP))
    };
    let on_zoom_out = Callback::from(move |_: MouseEvent| zoom_by(1.0 / view::STEP));
    let on_fit = Callback::from(move |_: MouseEvent| fit());
    let on_wide = {
        let wide = wide.clone();
        Callback::from(move |_: MouseEvent| wide.set(persist_wide(Some(!*wide))))
    };
    html! {
        <section class={classes!("panel", "topology", wide.then_some("wide"))} aria-label={T::Topology.get(lang)}>
            <header class="panel-head">
                <h2>{ T::Topology.get(lang) }</h2>
                <div class="zoom-tools" role="toolbar" aria-label={T::GraphHelp.get(lang)}>
                    { tool(T::ZoomOut, "−", "zoom-out", on_zoom_out) }
                    { tool(T::ZoomIn, "+", "zoom-in", on_zoom_in) }
                    { tool(T::ZoomFit, "⤢", "zoom-fit", on_fit) }
                    <button class="btn" data-testid="graph-wide" title={T::GraphExpand.get(lang)}
                        aria-pressed={wide.to_string()} onclick={on_wide}>{ T::Enlarge.get(lang) }</button>
                </div>
            </header>
            <div class="topology-stage" ref={stage.clone()}>
                <div class="topology-scroll zoomable" ref={scroller} tabindex="0" role="group"
                    aria-label={T::GraphHelp.get(lang)}
                    {onclick} {oncontextmenu} {onkeydown} {onpointerdown} {onpointermove}
                    onpointerup={onpointerup.clone()} onpointercancel={onpointerup.clone()} onpointerleave={onpointerup}>
                    { Html::from_html_unchecked(markup.into()) }
                    { Html::from_html_unchecked(overlay.into()) }
                </div>
                { menu_html.unwrap_or_default() }
            </div>
            <p class={classes!("packet-caption", caption.as_ref().is_some_and(|c| c.1).then_some("bad"))}
                role="status" aria-live="polite" data-testid="packet-caption" title={T::LastPacket.get(lang)}>
                { caption.map(|c| c.0).unwrap_or_default() }
            </p>
            { legend(lang) }
        </section>
    }
}

/// Saves whether the graph is enlarged (`Some`) and returns it, or reads what was saved (`None`).
fn persist_wide(set: Option<bool>) -> bool {
    match set {
        Some(on) => {
            crate::persist::store(WIDE_KEY, if on { "wide" } else { "" });
            on
        }
        None => crate::persist::load(WIDE_KEY).as_deref() == Some("wide"),
    }
}

fn legend(lang: Lang) -> Html {
    let item = |class: &'static str, words: String| {
        html! { <span class="legend-item"><span class={class}></span>{ words }</span> }
    };
    html! {
        <div class="legend" aria-hidden="true">
            { item("legend-dot st-running", i18n::state_words(lang, "running", None)) }
            { item("legend-dot st-restarting", i18n::state_words(lang, "restarting", None)) }
            { item("legend-dot st-paused", i18n::state_words(lang, "paused", None)) }
            { item("legend-dot st-unhealthy", i18n::state_words(lang, "unhealthy", None)) }
            { item("legend-dot st-exited", T::Failed.get(lang).to_string()) }
            { item("legend-dot st-stopped", T::Stopped.get(lang).to_string()) }
        </div>
    }
}
