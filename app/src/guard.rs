//! A page that cannot die silently: a simulator failure shows a message and a way back.
//!
//! The release build aborts on panic (`panic = "abort"`), so nothing can catch a panic and carry
//! on: the wasm instance is dead afterwards (its `RefCell`s stay borrowed, its stack pointer may
//! be wrong). So the page prepares, while it is healthy, a hidden overlay already written in the
//! student's language (`#muelle-crash`), and the panic hook only records the message in
//! `localStorage` and un-hides it, touching nothing of Yew's. Traps that bypass the hook (a stack
//! overflow, "unreachable", out-of-bounds memory) reach JavaScript as errors; a few lines in
//! `index.html` un-hide the same overlay then, without calling into the wasm again.
//!
//! Yew empties `<body>` when it mounts, so the overlay is written just after. The overlay's
//! button is a plain link to this address with `restart` in the query: the load
//! that follows sets the saved session aside (`boot::Aside::Restart`) and starts the simulator
//! afresh with the saved files. The replay marker (`REPLAY_MARK`) works the same way for a
//! saved session whose replay kills the page (see `boot`).
//!
//! For the end-to-end tests only, `window.__muelleTestHooks` set before the page loads (the
//! tests use an init script; nothing in the page sets it) adds `window.muelleTest.panic()` and,
//! with the value `"replay-panic"`, a panic in the middle of the next replay.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{Lang, Safety};

/// Set (in `localStorage`, written synchronously) while a saved session is being replayed.
pub const REPLAY_MARK: &str = "muelle.replaying";
/// The last panic's message.
pub const CRASH_KEY: &str = "muelle.crash";
/// The query parameter of the overlay's restart link.
pub const RESTART_PARAM: &str = "restart";
const OVERLAY_ID: &str = "muelle-crash";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Installs the panic hook (through Yew, so rendering does not replace it).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&message));
        if let Some(l) = local() {
            let _ = l.set_item(CRASH_KEY, &message);
        }
        show_crash();
    }));
}

thread_local! {
    /// The language the overlay was last written in.
    static LANG: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::Es) };
}

fn overlay() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(OVERLAY_ID)
}

/// The simulator's worker died (a panic or a trap in it): the same overlay as a page crash. The
/// page itself still runs, so the files and the editor stay usable behind it.
pub fn simulator_died(why: &str) {
    web_sys::console::error_1(&JsValue::from_str(why));
    if let Some(l) = local() {
        let _ = l.set_item(CRASH_KEY, why);
    }
    show_crash();
}

/// Un-hides the overlay prepared by [`prepare`] (written now if a failure came first).
pub fn show_crash() {
    if overlay().is_none() {
        prepare(LANG.with(|l| l.get()));
    }
    if let Some(el) = overlay() {
        let _ = el.remove_attribute("hidden");
    }
}

/// The address the restart link goes to: this page (embedding parameters kept) with `restart`.
pub fn restart_href(pathname: &str, search: &str) -> String {
    let kept: Vec<&str> =
        search.trim_start_matches('?').split('&').filter(|p| !p.is_empty() && *p != RESTART_PARAM).collect();
    if kept.is_empty() {
        format!("{pathname}?{RESTART_PARAM}")
    } else {
        format!("{pathname}?{}&{RESTART_PARAM}", kept.join("&"))
    }
}

/// `search` without the `restart` parameter, and whether it had it.
pub fn strip_restart(search: &str) -> (String, bool) {
    let all: Vec<&str> = search.trim_start_matches('?').split('&').filter(|p| !p.is_empty()).collect();
    let kept: Vec<&str> = all.iter().copied().filter(|p| *p != RESTART_PARAM).collect();
    let had = kept.len() != all.len();
    (if kept.is_empty() { String::new() } else { format!("?{}", kept.join("&")) }, had)
}

/// Builds (or rewrites in `lang`) the hidden overlay.
pub fn prepare(lang: Lang) {
    LANG.with(|l| l.set(lang));
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let location = window.location();
    let href = restart_href(&location.pathname().unwrap_or_default(), &location.search().unwrap_or_default());
    let _ = (|| -> Result<(), JsValue> {
        let overlay = match document.get_element_by_id(OVERLAY_ID) {
            Some(o) => o,
            None => {
                let o = document.create_element("div")?;
                o.set_id(OVERLAY_ID);
                o.set_class_name("crash");
                o.set_attribute("hidden", "")?;
                o.set_attribute("role", "alertdialog")?;
                o.set_attribute("aria-modal", "true")?;
                o.set_attribute("data-testid", "crash")?;
                document.body().ok_or(JsValue::NULL)?.append_child(&o)?;
                o
            }
        };
        overlay.set_attribute("aria-label", Safety::CrashTitle.get(lang))?;
        overlay.set_inner_html("");
        let card = document.create_element("div")?;
        card.set_class_name("crash-card");
        let title = document.create_element("h2")?;
        title.set_text_content(Some(Safety::CrashTitle.get(lang)));
        let body = document.create_element("p")?;
        body.set_text_content(Some(Safety::CrashBody.get(lang)));
        let link = document.create_element("a")?;
        link.set_class_name("btn primary");
        link.set_attribute("href", &href)?;
        link.set_attribute("data-testid", "crash-restart")?;
        link.set_text_content(Some(Safety::CrashRestart.get(lang)));
        card.append_child(&title)?;
        card.append_child(&body)?;
        card.append_child(&link)?;
        overlay.append_child(&card)?;
        Ok(())
    })();
}

/// Whether the previous replay never finished (its marker is still set).
pub fn replay_marker() -> bool {
    local().and_then(|l| l.get_item(REPLAY_MARK).ok().flatten()).is_some()
}

/// Sets or clears the replay marker.
pub fn mark_replay(on: bool) {
    if let Some(l) = local() {
        let _ = if on { l.set_item(REPLAY_MARK, "1") } else { l.remove_item(REPLAY_MARK) };
    }
}

thread_local! {
    static RESTART: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this load follows the overlay's restart link (see [`take_restart`]).
pub fn restart_requested() -> bool {
    RESTART.with(|r| r.get())
}

/// Notes whether the student asked for a fresh simulator (the overlay's link); the parameter is
/// then removed from the address, so a later reload replays normally.
pub fn take_restart() {
    let had = restart_param();
    RESTART.with(|r| r.set(had));
}

fn restart_param() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let location = window.location();
    let (search, had) = strip_restart(&location.search().unwrap_or_default());
    if had {
        let url = format!("{}{search}{}", location.pathname().unwrap_or_default(), location.hash().unwrap_or_default());
        if let Ok(h) = window.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
    had
}

/// The value of `window.__muelleTestHooks`, for the end-to-end tests.
fn test_hooks() -> Option<JsValue> {
    let window = web_sys::window()?;
    let v = js_sys::Reflect::get(&window, &JsValue::from_str("__muelleTestHooks")).ok()?;
    (!v.is_undefined() && !v.is_null() && v != JsValue::FALSE).then_some(v)
}

/// Whether the tests asked for a panic in the middle of the next replay.
pub fn test_replay_panic() -> bool {
    test_hooks().and_then(|v| v.as_string()).is_some_and(|s| s == "replay-panic")
}

/// Adds `window.muelleTest` when the tests asked for it.
pub fn install_test_hooks() {
    if test_hooks().is_none() {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let hooks = js_sys::Object::new();
    let panic = Closure::<dyn Fn()>::new(|| panic!("muelleTest.panic(): a panic asked for by a test"));
    let _ = js_sys::Reflect::set(&hooks, &JsValue::from_str("panic"), panic.as_ref().unchecked_ref());
    panic.forget();
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("muelleTest"), &hooks);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_restart_link_keeps_other_parameters_and_the_load_removes_it() {
        assert_eq!(restart_href("/", ""), "/?restart");
        assert_eq!(restart_href("/muelle/", "?embed&lang=en"), "/muelle/?embed&lang=en&restart");
        assert_eq!(restart_href("/", "?restart"), "/?restart");
        assert_eq!(strip_restart("?restart"), (String::new(), true));
        assert_eq!(strip_restart("?embed&restart&lang=en"), ("?embed&lang=en".to_string(), true));
        assert_eq!(strip_restart("?embed"), ("?embed".to_string(), false));
        assert_eq!(strip_restart(""), (String::new(), false));
        assert_eq!(strip_restart("?restarted"), ("?restarted".to_string(), false));
    }
}
