//! The page's custom hooks, each one job the `App` used to do inline: the clock that moves
//! simulated time ([`clock`]), saving the session ([`autosave`]) and applying the preferences
//! ([`prefs`]), and redrawing a busy panel a few times a second ([`throttle`]).

pub mod autosave;
pub mod clock;
pub mod prefs;
pub mod throttle;
