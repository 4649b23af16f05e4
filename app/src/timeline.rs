//! The timeline: the simulator's event log in simulated time, newest at the bottom, with failures
//! explained and a filter by container, under a strip of states per container (a restart loop
//! shows as a striped row). [`rows`] does the wording, [`strips`] the segments; this component draws.

pub mod part;
pub use sim_core::event_rows as rows;
pub mod scrubber;
pub mod strips;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{self, Lang, T};
use crate::SharedSession;

/// Rows drawn at most (older ones are summarised in one line).
const MAX_ROWS: usize = 300;
/// Rows drawn while the list follows its newest row: a few screens. A thousand pinging
/// containers add rows every frame; each new row is an element to make and lay out, so while
/// nobody reads back, fewer are kept. Scrolled up, the list holds [`MAX_ROWS`] (the rows above
/// appear without moving what is in view: the browser's scroll anchoring).
const FOLLOWING_ROWS: usize = 40;
/// A scroll up this long (ms) after the student's wheel, touch, press or key in the list is theirs.
const ASKED_MS: f64 = 1000.0;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

#[derive(Properties, Clone)]
pub struct TimelineProps {
    pub session: SharedSession,
    /// How many events were ever recorded: redraw when it grows.
    pub events: u64,
    pub lang: Lang,
    /// The page's clock when time travel is on (an embedding page can turn it off): the scrubber
    /// shows under the header.
    #[prop_or_default]
    pub travel: Option<crate::hooks::clock::Clock>,
    /// The past moment shown (simulated ms), if one is: later rows are left out.
    #[prop_or_default]
    pub past_at: Option<u64>,
    /// The teacher's player (`?player`): time travel only, never live.
    #[prop_or_default]
    pub player: bool,
}

impl PartialEq for TimelineProps {
    fn eq(&self, o: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.session, &o.session)
            && self.events == o.events
            && self.lang == o.lang
            && self.travel == o.travel
            && self.past_at == o.past_at
            && self.player == o.player
    }
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let TimelineProps { session, lang, events, travel, past_at, player } = props.clone();
    let filter = use_state(|| None::<String>);
    let list = use_node_ref();
    // Whether the newest row was in view: then it follows new events; scrolled up, it stays put.
    let following = use_mut_ref((|| true) as fn() -> bool);
    {
        let (list, following) = (list.clone(), following.clone());
        // A step in time shows other rows at the end too.
        use_effect_with((events, (*filter).clone(), past_at), move |_| {
            if let Some(el) = list.cast::<HtmlElement>() {
                if *following.borrow() {
                    crate::follow::to_end_next_frame(el);
                }
            }
        });
    }
    // Following stops when the student scrolls up, and starts again at the end. A scroll down
    // that falls short (the list scrolling itself to an end first estimated, see `follow`) does
    // not stop it, nor does a scroll up the student did not ask for: rows out of view take
    // their estimated height (`content-visibility`) and the browser's scroll anchoring moves the
    // list, which during a burst of pings left it not following, redrawing 300 rows each time.
    // A change redraws the list with its other number of rows.
    let last_top = use_mut_ref(|| 0);
    // When the student last wheeled, touched, pressed on (its scroll bar) or keyed in the list.
    let asked_at = use_mut_ref(|| f64::NEG_INFINITY);
    let asked = {
        let asked_at = asked_at.clone();
        move || *asked_at.borrow_mut() = now_ms()
    };
    let onwheel = {
        let asked = asked.clone();
        Callback::from(move |_: WheelEvent| asked())
    };
    let ontouchstart = {
        let asked = asked.clone();
        Callback::from(move |_: TouchEvent| asked())
    };
    let onpointerdown = {
        let asked = asked.clone();
        Callback::from(move |_: PointerEvent| asked())
    };
    let onkeydown = Callback::from(move |_: KeyboardEvent| asked());
    let redraw = use_force_update();
    let max = if *following.borrow() { FOLLOWING_ROWS } else { MAX_ROWS };
    let onscroll = Callback::from(move |e: Event| {
        let el = e.target_unchecked_into::<HtmlElement>();
        let top = el.scroll_top();
        let up = top < std::mem::replace(&mut *last_top.borrow_mut(), top) && now_ms() - *asked_at.borrow() <= ASKED_MS;
        let at_end = top + el.client_height() >= el.scroll_height() - 8;
        let now = at_end || (!up && *following.borrow());
        if std::mem::replace(&mut *following.borrow_mut(), now) != now {
            redraw.force_update();
        }
    });
    // Rows for the events kept in full; compacted ones are counted in the "earlier events" line.
    let (all, names, compacted, base) = {
        let s = session.borrow();
        let log = s.event_log();
        let all = rows::rows(log.recent(), lang);
        let names = rows::names_with(&all, log.summary().containers.keys());
        let compacted = match filter.as_deref() {
            None => log.compacted(),
            Some(n) => log.summary().containers.get(n).map_or(0, |c| c.total()),
        };
        (all, names, usize::try_from(compacted).unwrap_or(usize::MAX), log.compacted())
    };
    let shown: Vec<&rows::Row> =
        all.iter().filter(|r| rows::matches(r, filter.as_deref()) && past_at.is_none_or(|t| r.at_ms <= t)).collect();
    let dropped = shown.len().saturating_sub(max);
    let hidden = dropped.saturating_add(compacted);
    // The same callback across renders, so the filter's list is not redrawn for a new one.
    let on_filter = {
        let filter = filter.clone();
        use_callback((), move |e: Event, _| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            filter.set((!v.is_empty()).then_some(v));
        })
    };
    // A strip's name filters the list to that container.
    let on_strip = {
        let filter = filter.clone();
        Callback::from(move |e: MouseEvent| {
            let name = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("[data-filter]").ok().flatten())
                .and_then(|b| b.get_attribute("data-filter"));
            if let Some(name) = name {
                filter.set(Some(name));
            }
        })
    };
    // Keyed by their first event's place in the whole log: a new frame adds the new rows and
    // drops the oldest, and the rows in between keep their elements (no layout of 300 rows
    // rebuilt every frame while a `compose up` pours events in).
    // Elements, not markup: a row's markup would be parsed by an `innerHTML` of its own.
    let items = shown[dropped..].iter().map(|r| row_html(base + r.first as u64, r));
    // One strip of states per container (the filtered one only, when filtering).
    let strips_markup = {
        let s = session.borrow();
        let all = strips::strips_of(s.event_log());
        let picked = strips::pick(&all, filter.as_deref());
        (!picked.is_empty()).then(|| strips::html(&picked, s.now().ms(), lang))
    };
    html! {
        <section class="panel timeline" aria-label={T::Timeline.get(lang)}>
            <header class="panel-head">
                <h2>{ T::Timeline.get(lang) }</h2>
                <label class="field filter">
                    <span>{ T::FilterBy.get(lang) }</span>
                    <FilterSelect {names} selected={(*filter).clone()} {lang} onchange={on_filter} />
                </label>
            </header>
            if let Some(clock) = travel {
                <scrubber::Scrubber session={session.clone()} {clock} {lang} {player} />
            }
            if let Some(markup) = strips_markup {
                <div class="strips-wrap">
                    <h3 class="strips-title" id="strips-title">{ T::States.get(lang) }</h3>
                    <ol class="strips" data-testid="strips" aria-labelledby="strips-title" onclick={on_strip}>
                        { Html::from_html_unchecked(markup.into()) }
                    </ol>
                </div>
            }
            <ol class="events" data-testid="timeline" ref={list} {onscroll} {onwheel} {ontouchstart} {onpointerdown} {onkeydown}>
                if all.is_empty() && hidden == 0 {
                    <li class="empty-hint">{ T::NoEvents.get(lang) }{ " " }<code class="cmd">{ "docker run -d --name web nginx" }</code></li>
                }
                if hidden > 0 {
                    <li class="empty-hint">{ i18n::older_rows(lang, hidden) }</li>
                }
                // A fragment of their own: in the list's children beside the unkeyed lines
                // above, the rows would be matched by place, not key, and all drawn anew.
                <>{ for items }</>
            </ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FilterProps {
    names: Vec<String>,
    selected: Option<String>,
    lang: Lang,
    onchange: Callback<Event>,
}

/// The filter's list of containers: a thousand options, redrawn only when the names or the choice
/// change (not with every new event).
#[component]
fn FilterSelect(props: &FilterProps) -> Html {
    let FilterProps { names, selected, lang, onchange } = props;
    let options = names.iter().map(|n| {
        html! { <option value={n.clone()} selected={selected.as_deref() == Some(n.as_str())}>{ n.clone() }</option> }
    });
    html! {
        <select data-testid="timeline-filter" {onchange}>
            <option value="" selected={selected.is_none()}>{ T::AllContainers.get(*lang) }</option>
            { for options }
        </select>
    }
}

/// A row as a list item, keyed by `key`.
fn row_html(key: u64, r: &rows::Row) -> Html {
    let class = match r.tone {
        rows::Tone::Good => "event good",
        rows::Tone::Info => "event info",
        rows::Tone::Warn => "event warn",
        rows::Tone::Bad => "event bad",
    };
    html! {
        <li {key} {class}>
            <time class="at">{ rows::clock(r.at_ms) }</time>
            <span class="tag">{ r.tag }</span>
            <span class="what">
                { r.text.clone() }
                if let Some(d) = &r.detail {
                    <span class="why">{ d.clone() }</span>
                }
            </span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::{Actor, Cause, EventKind, LogEvent, SimTime};

    /// The timeline's work per render after a simulated hour of 500 crash-looping containers,
    /// over the bounded log (figures for
    /// docs/benchmarks.md: `cargo test --release -p app --lib storm_render -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn storm_render_figures() {
        use sim_core::{Session, SessionConfig};
        use std::time::Instant;
        {
            let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
            for _ in 0..500 {
                s.submit(0, "docker run -d --restart always alpine false");
                s.run_until_idle(0, 120_000);
            }
            for _ in 0..72_000 {
                s.advance_budgeted(50, 500);
            }
            let n = 5;
            let (mut in_rows, mut in_strips) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
            for _ in 0..n {
                let log = s.event_log();
                let t = Instant::now();
                let all = rows::rows(log.recent(), Lang::Es);
                for r in all.iter().rev().take(MAX_ROWS) {
                    let _ = row_html(r.first as u64, r);
                }
                in_rows += t.elapsed();
                let t = Instant::now();
                let st = strips::strips_of(log);
                let _ = strips::html(&strips::pick(&st, None), s.now().ms(), Lang::Es);
                in_strips += t.elapsed();
            }
            println!(
                "timeline render: {} events in full, rows {:?} + strips {:?} per render",
                s.events().len(),
                in_rows / n,
                in_strips / n
            );
        }
    }

    #[test]
    fn rows_become_keyed_list_items_with_their_tone() {
        let events = vec![LogEvent {
            at: SimTime(1500),
            kind: EventKind::DnsLookup {
                from: Actor::Container("web".into()),
                query: "<db>".into(),
                network: None,
                result: Err(Cause::UnknownName { name: "<db>".into() }),
            },
        }];
        let all = rows::rows(&events, Lang::Es);
        assert_eq!(all[0].first, 0);
        let Html::VTag(li) = row_html(7, &all[0]) else { panic!("a row is an element") };
        assert_eq!(li.tag(), "li");
        assert_eq!(li.key.as_ref().map(|k| k.to_string()).as_deref(), Some("7"));
        let class = li.attributes.iter().find(|(k, _)| *k == "class").map(|(_, v)| v.to_string());
        assert_eq!(class.as_deref(), Some("event bad"));
        // The text stays text (an element's text node: nothing to escape by hand).
        assert!(all[0].text.contains("«<db>»"), "{}", all[0].text);
    }
}
