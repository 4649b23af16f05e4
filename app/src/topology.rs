//! The topology graph: the host, its published ports, networks, containers and volumes as SVG,
//! coloured by live state. Clicking a container opens a shell inside it (or its logs).
//!
//! [`model`] reads the world, [`layout`] places everything, [`draw`] writes the SVG; this
//! component measures its width, inserts the markup and turns clicks into terminal tabs. Every node carries `data-node="kind:NAME"`, containers also `data-state`
//! (Docker's status word) and `data-health`.

pub mod draw;
pub mod layout;
pub mod model;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ResizeObserver};
use yew::prelude::*;

use crate::i18n::{self, Lang, T};
use crate::SharedSession;
use layout::layout;
use model::Model;

#[derive(Properties, Clone)]
pub struct TopologyProps {
    pub session: SharedSession,
    pub rev: u64,
    pub lang: Lang,
    /// A container's name, when it is clicked.
    pub on_container: Callback<String>,
}

impl PartialEq for TopologyProps {
    fn eq(&self, o: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.session, &o.session) && self.rev == o.rev && self.lang == o.lang
    }
}

/// Width used before the panel has been measured.
const DEFAULT_WIDTH: i32 = 420;

#[component]
pub fn Topology(props: &TopologyProps) -> Html {
    let TopologyProps { session, lang, on_container, .. } = props.clone();
    let width = use_state_eq(|| DEFAULT_WIDTH);
    let scroller = use_node_ref();
    {
        // Follow the panel's width: the layout is in CSS pixels, so text never shrinks.
        let (scroller, width) = (scroller.clone(), width.clone());
        use_effect_with((), move |_| {
            let el = scroller.cast::<HtmlElement>();
            let measure = {
                let el = el.clone();
                move || {
                    if let Some(el) = &el {
                        let w = el.client_width();
                        if w > 0 {
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
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(callback);
            }
        });
    }

    let model = Model::from_world(session.borrow().world());
    let markup = draw::svg(&model, &layout(&model, *width), lang);
    // Clicks and Enter/Space on a container, by delegation from the drawing.
    let container_at = |e: &Event| -> Option<String> {
        let target = e.target()?.dyn_into::<Element>().ok()?;
        let node = target.closest("[data-node^='container:']").ok()??;
        Some(node.get_attribute("data-node")?.strip_prefix("container:")?.to_string())
    };
    let onclick = {
        let on_container = on_container.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(name) = container_at(&e) {
                on_container.emit(name);
            }
        })
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            if let Some(name) = container_at(&e) {
                e.prevent_default();
                on_container.emit(name);
            }
        }
    });
    html! {
        <section class="panel topology" aria-label={T::Topology.get(lang)}>
            <header class="panel-head"><h2>{ T::Topology.get(lang) }</h2></header>
            <div class="topology-scroll" ref={scroller} {onclick} {onkeydown}>
                { Html::from_html_unchecked(markup.into()) }
            </div>
            { legend(lang) }
        </section>
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
            { item("legend-dot st-exited", T::Failed.get(lang).to_string()) }
            { item("legend-dot st-stopped", T::Stopped.get(lang).to_string()) }
        </div>
    }
}
