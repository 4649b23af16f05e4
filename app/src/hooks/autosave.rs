//! Autosave: the session's journal and clock about once a second, the project's files and the
//! command history when they changed, the open tabs when they change, and everything at once
//! when the page is left (`pagehide`). An embedded page saves nothing: it must not overwrite the
//! student's own workspace.
//!
//! While the lazy half of the split wasm has not arrived (`window.muelleLazy.loaded` is false),
//! the clock's saves wait for it: writing what the page holds needs the serializers, which live
//! in the lazy half, and a save is never urgent while nothing can be lost yet — leaving the page
//! (`pagehide`) saves at once regardless. So a first visit does not download the serializers
//! before it is usable (~2 KB gzip), and a slow line never waits on a synchronous load for a
//! save. (`e2e/split-profile.mjs` records the first visit in that same state.)

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::clock::{use_tick, Clock};
use crate::state::Tab;
use crate::{persist, project, reload, SharedSession};

/// Ticks between two checks for something to save (about a second).
const SAVE_EVERY: u64 = 20;

/// Whether the split page's lazy half is still on its way (false for a page that is not split).
fn lazy_half_pending() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Ok(lazy) = js_sys::Reflect::get(&window, &"muelleLazy".into()) else { return false };
    if lazy.is_undefined() || lazy.is_null() {
        return false;
    }
    js_sys::Reflect::get(&lazy, &"loaded".into()).is_ok_and(|loaded| loaded.as_bool() == Some(false))
}

#[derive(Default)]
struct Saver {
    /// Tabs changed while the lazy half was on its way: saved with the next clock save.
    tabs_pending: Option<Vec<persist::SavedTab>>,
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
    let saver_for_tabs = saver.clone();
    let Sources { session, history, seed } = sources;
    {
        let (saver, session, seed) = (saver.clone(), session.clone(), seed.clone());
        use_tick(
            clock,
            Rc::new(move || {
                let mut c = saver.borrow_mut();
                c.ticks += 1;
                if !saves || !c.ticks.is_multiple_of(SAVE_EVERY) || lazy_half_pending() {
                    return;
                }
                if let Some(tabs) = c.tabs_pending.take() {
                    reload::save_tabs(&tabs);
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
            if lazy_half_pending() {
                saver_for_tabs.borrow_mut().tabs_pending = Some(saved);
            } else {
                reload::save_tabs(&saved);
            }
        }
    });
}
