//! The page's custom hooks, each one job the `App` used to do inline: the clock that moves
//! simulated time ([`clock`]), saving the session ([`autosave`]) and applying the preferences
//! ([`prefs`]), and redrawing a busy panel a few times a second ([`throttle`]).

pub mod autosave;
pub mod clock;
pub mod prefs;
pub mod throttle;

/// `false`, as the initial-value function of the `bool` states and refs: yew instantiates a
/// `use_state` or `use_mut_ref` anew for each distinct function type, so flags of one type share
/// one copy when their initial values are all `fn() -> T` (`use_state(off as fn() -> bool)`, or a
/// closure cast to it, as `(|| true) as fn() -> bool`).
pub fn off() -> bool {
    false
}
