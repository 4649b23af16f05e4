//! A value that, while it keeps changing, changes at most every so often: a panel that redraws on
//! it redraws a few times a second during a burst (a 1,000-service `compose up`, a thousand
//! containers pinging) instead of on every frame from the worker.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

struct Throttle<T> {
    shown: T,
    /// When `shown` last changed (wall-clock ms).
    at: f64,
    /// The redraw that will show the latest value, when one is waiting, and whether it ran.
    timer: Option<(Timeout, Rc<Cell<bool>>)>,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// `value`, or while it changes faster than every `ms` (wall clock), the one shown last: the
/// first change after a quiet spell passes at once, and the latest one is shown within `ms` (a
/// timer redraws the component). `ms == 0` passes every value.
#[hook]
pub fn use_throttled<T>(value: T, ms: u32) -> T
where
    T: PartialEq + Clone + 'static,
{
    let cell: Rc<RefCell<Throttle<T>>> =
        use_mut_ref(|| Throttle { shown: value.clone(), at: f64::NEG_INFINITY, timer: None });
    let redraw = use_force_update();
    let now = now_ms();
    let mut t = cell.borrow_mut();
    // A timer that ran (maybe a little early) shows the latest value in its redraw.
    let ran = t.timer.as_ref().is_some_and(|(_, ran)| ran.get());
    if ran {
        t.timer = None;
    }
    if t.shown != value {
        let due = t.at + ms as f64;
        if ms == 0 || ran || now >= due {
            t.shown = value;
            t.at = now;
            t.timer = None;
        } else if t.timer.is_none() {
            let wait = (due - now).ceil().max(1.0) as u32;
            let ran = Rc::new(Cell::new(false));
            let flag = ran.clone();
            let timer = Timeout::new(wait, move || {
                flag.set(true);
                redraw.force_update();
            });
            t.timer = Some((timer, ran));
        }
    }
    t.shown.clone()
}
