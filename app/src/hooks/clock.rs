//! The clock: every 50 ms it lets simulated time run, then tells whoever listens.
//!
//! Nothing re-renders because the clock ticked. A component that shows something that moves
//! with time asks for it with [`use_watch`], which reads the value after every tick and
//! re-renders that component only when the value changed (the page when the session's change
//! stamp moves, the toolbar's clock when simulated time does, a terminal when it has new output).
//! So a tick where nothing happened costs a few comparisons, not a page render.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::screen::Pacer;
use crate::SharedSession;

/// How often the page lets simulated time run, in wall-clock milliseconds.
const TICK_MS: u32 = 50;
/// The most wall-clock time one tick accounts for (a stalled tab resumes gently).
const MAX_STEP_MS: u64 = 100;
/// The simulator's work one tick may do, in `Session::advance_budgeted`'s units (an engine event
/// or a terminal poll; about 8 µs each natively when a restart storm's restarts come due, so about
/// 4 ms a tick, see docs/benchmarks.md): a storm's backlog spreads over ticks, so typing and
/// Ctrl-C are answered within a tick. Time not reached is dropped, as the pacer drops a stall.
const WORK_PER_TICK: u64 = 500;

type Listener = Rc<dyn Fn()>;

struct Inner {
    pacer: Pacer,
    paused: bool,
    /// Listeners in the order they subscribed (the page's own work first, then components).
    listeners: Vec<(u64, Listener)>,
    next_id: u64,
}

/// The page's clock, shared by the components that listen to it (equal when it is the same clock).
#[derive(Clone)]
pub struct Clock(Rc<RefCell<Inner>>);

impl PartialEq for Clock {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Clock {
    fn new() -> Clock {
        Clock(Rc::new(RefCell::new(Inner {
            pacer: Pacer::new(MAX_STEP_MS),
            paused: false,
            listeners: Vec::new(),
            next_id: 0,
        })))
    }

    /// Calls `f` after every tick until the returned [`Subscription`] is dropped.
    pub fn subscribe(&self, f: impl Fn() + 'static) -> Subscription {
        let mut c = self.0.borrow_mut();
        let id = c.next_id;
        c.next_id += 1;
        c.listeners.push((id, Rc::new(f)));
        Subscription { clock: self.clone(), id }
    }

    /// Pauses or resumes simulated time; returns whether it is now paused.
    pub fn toggle_pause(&self) -> bool {
        let mut c = self.0.borrow_mut();
        c.paused = !c.paused;
        c.pacer.pause();
        c.paused
    }

    pub fn set_speed(&self, speed: f64) {
        self.0.borrow_mut().pacer.set_speed(speed);
    }

    /// Runs the listeners (a frame from the simulator arrived).
    fn notify(&self) {
        let listeners: Vec<Listener> = match self.0.try_borrow() {
            Ok(c) => c.listeners.iter().map(|(_, f)| f.clone()).collect(),
            Err(_) => return,
        };
        for f in listeners {
            f();
        }
    }

    /// One tick: advance the session by the wall time since the last one, then tell the listeners.
    fn tick(&self, session: &SharedSession, now_ms: Option<f64>) {
        let listeners: Vec<Listener> = {
            let mut c = self.0.borrow_mut();
            if !c.paused {
                if let Some(now) = now_ms {
                    let step = c.pacer.step(now);
                    if step > 0 {
                        session.borrow_mut().advance_budgeted(step, WORK_PER_TICK);
                    }
                }
            }
            if crate::sim::Sim::end_if_hung(session) || session.borrow().answers_later() {
                // The simulator's frame runs the listeners when it arrives (see `use_clock`).
                return;
            }
            c.listeners.iter().map(|(_, f)| f.clone()).collect()
        };
        // Outside the borrow: a listener may subscribe or unsubscribe.
        for f in listeners {
            f();
        }
    }
}

/// Keeps a listener subscribed while it lives.
pub struct Subscription {
    clock: Clock,
    id: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Ok(mut c) = self.clock.0.try_borrow_mut() {
            c.listeners.retain(|(id, _)| *id != self.id);
        }
    }
}

/// Starts the page's clock on `session` (stopped when the component unmounts).
#[hook]
pub fn use_clock(session: &SharedSession) -> Clock {
    let clock = (*use_memo((), |_| Clock::new())).clone();
    {
        let (clock, session) = (clock.clone(), session.clone());
        {
            let clock = clock.clone();
            session.borrow_mut().set_on_frame(Rc::new(move || clock.notify()));
        }
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || {
                let now = web_sys::window().and_then(|w| w.performance()).map(|p| p.now());
                clock.tick(&session, now);
            });
            move || drop(interval)
        });
    }
    clock
}

/// Calls `f` after every tick while the component lives; subscribed at its first render, so the
/// page's own listeners run in the order their hooks are called. The latest `f` is called.
#[hook]
pub fn use_tick(clock: &Clock, f: Rc<dyn Fn()>) {
    let latest = use_mut_ref(|| f.clone());
    *latest.borrow_mut() = f;
    use_memo(clock.clone(), move |clock| clock.subscribe(move || (latest.borrow().clone())()));
}

/// The value `read` gives now; the component re-renders after a tick only when it changed.
#[hook]
pub fn use_watch<T, F>(clock: &Clock, read: F) -> T
where
    T: PartialEq + Clone + 'static,
    F: Fn() -> T + 'static,
{
    let value = read();
    let seen = use_mut_ref(|| value.clone());
    *seen.borrow_mut() = value.clone();
    let redraw = use_force_update();
    use_tick(
        clock,
        Rc::new(move || {
            let now = read();
            if *seen.borrow() != now {
                *seen.borrow_mut() = now;
                redraw.force_update();
            }
        }),
    );
    value
}
