//! The page's custom hooks, each one job the `App` used to do inline: the clock that moves
//! simulated time ([`clock`]), saving the session ([`autosave`]) and applying the preferences
//! ([`prefs`]), and redrawing a busy panel a few times a second ([`throttle`]).

pub mod autosave;
pub mod clock;
pub mod prefs;
pub mod throttle;

/// `false`, as the one initial-value function of every `use_state::<bool>`: yew instantiates
/// its state hook anew for each distinct function type, so the flags share one copy
/// (`use_state(off as fn() -> bool)`, or a closure cast to `fn() -> bool`).
pub fn off() -> bool {
    false
}
