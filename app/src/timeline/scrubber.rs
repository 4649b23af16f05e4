//! The scrubber (issue 15): a slider over simulated time, from 0 to now. Moving it back shows
//! that moment (the worker replays it: `sim_core::timeline`), read-only; "continue from here"
//! makes it live and keeps the future left as a branch; the branch list returns to one; "undo"
//! continues from just before the last command. ArrowLeft/ArrowRight step one event (an input or
//! an event of the log), Home goes to the start, End back to the present.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::decimal::fixed;
use crate::hooks::clock::{use_watch, Clock};
use crate::i18n::{self, Lang, T};
use crate::SharedSession;

/// The moments ArrowLeft/ArrowRight step between: 0, every input's and event's time (each list
/// in order, as the journal and the log keep them), and `now`; sorted, each once, none after
/// `now`. A merge, not a set: no sort or tree code for the page to download.
pub fn stops(inputs: impl Iterator<Item = u64>, events: impl Iterator<Item = u64>, now: u64) -> Vec<u64> {
    let (mut a, mut b) = (inputs.peekable(), events.peekable());
    let mut out = vec![0];
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x <= y => a.next(),
            (Some(_), None) => a.next(),
            (_, Some(_)) => b.next(),
            (None, None) => break,
        };
        match next {
            Some(t) if t <= now && out.last().is_some_and(|l| *l < t) => out.push(t),
            _ => {}
        }
    }
    if out.last().is_some_and(|l| *l < now) {
        out.push(now);
    }
    out
}

/// The last stop before `value`.
pub fn previous(stops: &[u64], value: u64) -> Option<u64> {
    stops.iter().rev().find(|s| **s < value).copied()
}

/// The first stop after `value`.
pub fn next(stops: &[u64], value: u64) -> Option<u64> {
    stops.iter().find(|s| **s > value).copied()
}

/// The stops of `s` (see [`stops`]): its inputs' and events' times, and now.
fn stops_of(s: &crate::sim::Sim) -> Vec<u64> {
    let now = s.now().ms();
    stops(s.journal().entries().iter().map(|e| e.at), s.event_log().recent().iter().map(|e| e.at.ms()), now)
}

/// The times a step from `t` goes to (the stops before and after it), whose views are asked
/// ahead; `now` is left out unless `past_end` (the player shows its last moment as past).
pub fn neighbours(stops: &[u64], t: u64, now: u64, past_end: bool) -> Vec<u64> {
    [previous(stops, t), next(stops, t)].into_iter().flatten().filter(|n| past_end || *n < now).collect()
}

/// The time under a pointer at `x` on a track from `left` `width` pixels wide, over `0..=max`.
pub fn at_pointer(x: f64, left: f64, width: f64, max: u64) -> u64 {
    if width <= 0.0 {
        return max;
    }
    let f = ((x - left) / width).clamp(0.0, 1.0);
    (f * max as f64).round() as u64
}

#[derive(Properties, Clone)]
pub struct ScrubberProps {
    pub session: SharedSession,
    pub clock: Clock,
    pub lang: Lang,
    /// The teacher's player (`?player#w=…`): it starts at the session's start and never goes live.
    #[prop_or_default]
    pub player: bool,
}

impl PartialEq for ScrubberProps {
    fn eq(&self, o: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.session, &o.session)
            && self.clock == o.clock
            && self.lang == o.lang
            && self.player == o.player
    }
}

/// What the scrubber shows: live now, the moment shown, the branches.
#[derive(Clone, PartialEq)]
struct Shown {
    now: u64,
    viewing: Option<u64>,
    /// The moment whose view arrived (the worker replays it after `viewing` is asked for).
    arrived: Option<u64>,
    current: String,
    names: Vec<String>,
    /// The worker is still starting (replaying a session).
    starting: bool,
}

#[component]
pub fn Scrubber(props: &ScrubberProps) -> Html {
    let ScrubberProps { session, clock, lang, player } = props.clone();
    let shown = {
        let session = session.clone();
        use_watch(&clock, move || {
            let s = session.borrow();
            let b = s.branches();
            Shown {
                now: s.now().ms(),
                viewing: s.viewing().map(|m| m.at),
                arrived: s.past().map(|p| p.moment.at),
                current: b.current.clone(),
                names: b.names(),
                starting: s.starting(),
            }
        })
    };
    let redraw = use_force_update();
    // The page part shows the inspector or the comparison in `part` (loaded when first opened;
    // see `super::part`); it keeps which one is open and the toggles' `aria-expanded`.
    let part = use_node_ref();
    // The player starts at the session's start, once the worker has replayed it.
    let started = use_mut_ref(crate::hooks::off as fn() -> bool);
    if player && !shown.starting && !*started.borrow() {
        *started.borrow_mut() = true;
        let mut s = session.borrow_mut();
        let near = neighbours(&stops_of(&s), 0, s.now().ms(), true);
        s.view_past(0, &near);
    }
    let value = shown.viewing.unwrap_or(shown.now).min(shown.now);
    // Goes to `t`: the present when it is now or later.
    let go = {
        let (session, redraw) = (session.clone(), redraw.clone());
        move |t: u64| {
            let mut s = session.borrow_mut();
            let now = s.now().ms();
            // The player stays in the past: its end is the session's last moment.
            let drawn = if player || t < now {
                let near = neighbours(&stops_of(&s), t, now, player);
                s.view_past(t, &near)
            } else {
                if s.in_past() {
                    s.go_live();
                }
                false
            };
            drop(s);
            if drawn {
                // Its view had come ahead: the whole page draws it now, in this key's task, and
                // tells the worker (which sends the next neighbours) once that is painted.
                crate::sim::Sim::redraw_now(&session);
                crate::sim::Sim::flush_after_paint(&session);
            }
            redraw.force_update();
        }
    };
    let onkeydown = {
        let (session, go) = (session.clone(), go.clone());
        Callback::from(move |e: KeyboardEvent| {
            let (now, stops) = {
                let s = session.borrow();
                (s.now().ms(), stops_of(&s))
            };
            let target = match e.key().as_str() {
                "ArrowLeft" | "ArrowDown" => previous(&stops, value),
                "ArrowRight" | "ArrowUp" => Some(next(&stops, value).unwrap_or(now)),
                "Home" => Some(0),
                "End" => Some(now),
                _ => return,
            };
            e.prevent_default();
            if let Some(t) = target {
                go(t);
            }
        })
    };
    let pick = {
        let go = go.clone();
        let max = shown.now;
        move |e: &PointerEvent| {
            let Some(track) = e.current_target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else { return };
            let rect = track.get_bounding_client_rect();
            go(at_pointer(e.client_x() as f64, rect.left(), rect.width(), max));
        }
    };
    let onpointerdown = {
        let pick = pick.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(track) = e.current_target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                let _ = track.set_pointer_capture(e.pointer_id());
                let _ = track.focus();
            }
            pick(&e);
        })
    };
    let onpointermove = Callback::from(move |e: PointerEvent| {
        if e.buttons() != 0 {
            pick(&e);
        }
    });
    let on = |f: fn(&mut crate::sim::Sim)| {
        let (session, redraw) = (session.clone(), redraw.clone());
        Callback::from(move |_: MouseEvent| {
            f(&mut session.borrow_mut());
            redraw.force_update();
        })
    };
    let percent = if shown.now == 0 { 100.0 } else { value as f64 * 100.0 / shown.now as f64 };
    let branches = shown.names.iter().map(|name| {
        let current = *name == shown.current;
        let onclick = {
            let (session, name, redraw) = (session.clone(), name.clone(), redraw.clone());
            Callback::from(move |_: MouseEvent| {
                if !current && !player {
                    session.borrow_mut().switch_branch(&name);
                    redraw.force_update();
                }
            })
        };
        html! {
            <li data-branch={name.clone()}>
                <button class="btn" aria-current={current.then_some("true")} {onclick}>{ i18n::branch(lang, name) }</button>
            </li>
        }
    });
    let past = shown.viewing.is_some();
    let mut toggles =
        vec![toggle(&part, "inspect", "inspector-toggle", T::Inspector.get(lang), T::InspectorHelp.get(lang))];
    if shown.names.len() > 1 || past {
        toggles.push(toggle(&part, "compare", "compare-toggle", T::Compare.get(lang), T::Compare.get(lang)));
    }
    html! {
        <>
        <div class={classes!("time-travel", past.then_some("past"))}>
            <div class="scrubber" data-testid="timeline-scrubber" role="slider" tabindex="0"
                aria-label={T::Scrubber.get(lang)} aria-valuemin="0" aria-valuemax={shown.now.to_string()}
                aria-valuenow={value.to_string()} aria-valuetext={super::rows::clock(value)}
                data-shown-at={shown.arrived.map(|t| t.to_string())}
                {onkeydown} {onpointerdown} {onpointermove}>
                <div class="scrubber-fill" style={format!("width:{}%", fixed(percent, 2))}></div>
                <div class="scrubber-thumb" style={format!("left:{}%", fixed(percent, 2))}></div>
            </div>
            <time class="at">{ super::rows::clock(value) }</time>
            if player {
                <span class="past-badge" role="status" data-testid="player">{ T::Player.get(lang) }</span>
            } else if past {
                <span class="past-badge" role="status">{ T::Past.get(lang) }</span>
                <button class="btn" data-testid="time-live" title={T::LiveHelp.get(lang)} onclick={on(|s| s.go_live())}>
                    { T::Live.get(lang) }
                </button>
                <button class="btn" data-testid="branch-here" title={T::BranchHereHelp.get(lang)} onclick={on(|s| s.branch_here())}>
                    { T::BranchHere.get(lang) }
                </button>
            } else {
                <button class="btn" data-testid="undo" title={T::UndoHelp.get(lang)} onclick={on(|s| s.undo())}>
                    { T::Undo.get(lang) }
                </button>
            }
            <ul class="branches" data-testid="branch-list" aria-label={T::Branches.get(lang)}>
                { for branches }
            </ul>
            { for toggles }
        </div>
        <div class="part" ref={part}></div>
        </>
    }
}

/// The button that opens `kind` in the page part, or closes it if it is open (the part says
/// which is open in `aria-expanded`).
fn toggle(part: &NodeRef, kind: &'static str, testid: &'static str, label: &'static str, help: &'static str) -> Html {
    let onclick = {
        let part = part.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(host) = part.cast::<web_sys::Element>() {
                super::part::show(&host, kind);
            }
        })
    };
    html! {
        <button class="btn" data-testid={testid} aria-expanded="false" title={help} {onclick}>{ label }</button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_one_event_at_a_time_and_stop_at_the_ends() {
        let s = stops([5, 5, 20].into_iter(), [7, 20, 90].into_iter(), 60);
        assert_eq!(s, [0, 5, 7, 20, 60], "sorted, once each, nothing after now");
        assert_eq!(previous(&s, 60), Some(20));
        assert_eq!(previous(&s, 6), Some(5));
        assert_eq!(previous(&s, 0), None);
        assert_eq!(next(&s, 7), Some(20));
        assert_eq!(next(&s, 60), None);
        assert_eq!(neighbours(&s, 7, 60, false), [5, 20], "the steps from 7, asked ahead");
        assert_eq!(neighbours(&s, 20, 60, false), [7], "now is the present, not a past view");
        assert_eq!(neighbours(&s, 20, 60, true), [7, 60], "the player shows its end as past");
        assert_eq!(neighbours(&s, 0, 60, false), [5]);
    }

    #[test]
    fn a_pointer_picks_a_time_on_the_track() {
        assert_eq!(at_pointer(150.0, 100.0, 200.0, 1000), 250);
        assert_eq!(at_pointer(0.0, 100.0, 200.0, 1000), 0);
        assert_eq!(at_pointer(900.0, 100.0, 200.0, 1000), 1000);
        assert_eq!(at_pointer(5.0, 0.0, 0.0, 1000), 1000);
    }
}
