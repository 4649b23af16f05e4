//! Autosave: the session's journal and clock about once a second, the project's files and the
//! command history when they changed, the open tabs when they change, and everything at once
//! when the page is left (`pagehide`). An embedded page saves nothing: it must not overwrite the
//! student's own workspace.
//!
//! What is saved is the page's mirror of the simulator (`sim::Sim`): the journal as the worker
//! reported it. While the worker is still starting or replaying, the session is not saved (the
//! mirror's journal is not the session's yet; `reload::save` waits), the files are.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::clock::{use_tick, Clock};
use crate::state::Tab;
use crate::{persist, project, reload, SharedSession};

/// Ticks between two checks for something to save (about a second).
const SAVE_EVERY: u64 = 20;

#[derive(Default)]
struct Saver {
    ticks: u64,
    /// World revision and history length at the last check for something to save.
    checked_at: (u64, usize),
    /// What was last written to storage.
    saved: (String, String),
    saved_session: reload::Saved,
}

/// What autosave reads.
pub struct Sources {
    pub session: SharedSession,
    pub history: Rc<RefCell<Vec<String>>>,
    /// The seed in effect now (the page's state, read when saving).
    pub seed: Rc<dyn Fn() -> u64>,
}

/// Saves what [`Sources`] holds while `saves`; `tabs` are saved whenever they change.
#[hook]
pub fn use_autosave(clock: &Clock, sources: Sources, saves: bool, tabs: &[Tab]) {
    let saver = use_mut_ref(Saver::default);
    let Sources { session, history, seed } = sources;
    {
        let (saver, session, seed) = (saver.clone(), session.clone(), seed.clone());
        use_tick(
            clock,
            Rc::new(move || {
                let mut c = saver.borrow_mut();
                c.ticks += 1;
                if !saves || !c.ticks.is_multiple_of(SAVE_EVERY) {
                    return;
                }
                reload::save(&session.borrow(), seed(), &mut c.saved_session);
                let state = (session.borrow().revision(), history.borrow().len());
                if state != c.checked_at {
                    c.checked_at = state;
                    let files = persist::encode_files(&project::files(&session.borrow()));
                    let lines = persist::encode(&history.borrow());
                    if files != c.saved.0 {
                        persist::store(persist::FILES_KEY, &files);
                    }
                    if lines != c.saved.1 {
                        persist::store(persist::HISTORY_KEY, &lines);
                    }
                    c.saved = (files, lines);
                }
            }),
        );
    }
    // Leaving the page saves the session at once (the clock saves only about once a second).
    use_effect_with((), move |_| {
        use wasm_bindgen::JsCast;
        let on_hide = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            if saves {
                reload::save(&session.borrow(), seed(), &mut saver.borrow_mut().saved_session);
            }
        });
        let window = web_sys::window();
        if let Some(w) = &window {
            let _ = w.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = &window {
                let _ = w.remove_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
            }
        }
    });
    // The open tabs, for the next visit.
    use_effect_with(tabs.to_vec(), move |tabs| {
        if saves {
            let saved: Vec<persist::SavedTab> = tabs.iter().map(Tab::saved).collect();
            reload::save_tabs(&saved);
        }
    });
}
