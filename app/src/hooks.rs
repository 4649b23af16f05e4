//! The page's custom hooks, each one job the `App` used to do inline: the clock that moves
//! simulated time ([`clock`]), saving the session ([`autosave`]) and applying the preferences
//! ([`prefs`]).

pub mod autosave;
pub mod clock;
pub mod prefs;
