//! Embedding Muelle in a course page: `index.html?embed&…` shows a compact page (parameters in
//! [`params`]), and a `postMessage` API ([`messages`]) tells the parent page what happens and lets
//! it load workspaces and lessons and type commands ([`script`]).
//!
//! Origins: the `origin=` parameter names the parent page(s) allowed to drive the playground, and
//! events are posted to exactly those origins. Without it nothing is posted and nothing is
//! accepted; `origin=*` (any page may listen and command) must be written out on purpose. This
//! file is the browser glue; the rules themselves are tested natively in the submodules.

pub mod messages;
pub mod params;
pub mod script;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

pub use params::{EmbedParams, Panel};

/// The embed parameters of this page's address, if it is embedded (`?embed`).
pub fn from_location() -> Option<EmbedParams> {
    let location = web_sys::window()?.location();
    params::parse(&location.search().ok()?, &location.hash().unwrap_or_default())
}

/// This page's address without query or fragment (the base of an `<iframe src>`).
pub fn base_url() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!("{}{}", location.origin().ok()?, location.pathname().ok()?))
}

/// A SCORM launch's progress (`static/scorm.js` sets `window.muelleProgress` only when the
/// address has `scorm=1`; docs/teachers.md): with `value`, hands the LMS a lesson's new progress
/// under `key`; without, returns what the LMS kept for `key`. Nothing without the hook.
pub fn lms_progress(key: &str, value: Option<&str>) -> Option<String> {
    let hook = web_sys::window()?.get("muelleProgress")?;
    let name = if value.is_some() { "set" } else { "get" };
    let f: js_sys::Function = js_sys::Reflect::get(&hook, &JsValue::from_str(name)).ok()?.dyn_into().ok()?;
    let value = value.map_or(JsValue::UNDEFINED, JsValue::from_str);
    f.call2(&hook, &JsValue::from_str(key), &value).ok()?.as_string()
}

/// Where events go: the parent window and the origins allowed to read them, and the page itself
/// when `index.html` listens there.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bridge {
    origins: Vec<String>,
    /// Whether `window.muelleRecords` exists, which `index.html` sets only when the address
    /// carries an LRS's xAPI launch parameters (and `static/scorm.js` in a SCORM launch): events
    /// are also posted to the page's own window, where `static/xapi.js` / `static/scorm.js` hear
    /// them (docs/teachers.md).
    local: bool,
}

impl Bridge {
    pub fn new(params: &EmbedParams) -> Bridge {
        Bridge { origins: params.origins.clone(), local: false }
    }

    /// Also posts every event to this page's own window if `index.html` listens there.
    pub fn hear_locally(&mut self) {
        self.local = web_sys::window().and_then(|w| w.get("muelleRecords")).is_some();
    }

    /// Whether events go anywhere (an `origin=` was given, or an LRS listens).
    pub fn active(&self) -> bool {
        !self.origins.is_empty() || self.local
    }

    /// Posts `json` (an object written by [`messages`]) to the parent, once per allowed origin
    /// (the browser delivers it only where the parent's origin matches), and to the page's own
    /// window (same origin only) when an LRS listens.
    pub fn post(&self, json: &str) {
        let Some(window) = web_sys::window() else { return };
        let Ok(value) = js_sys::JSON::parse(json) else { return };
        if self.local {
            let _ = window.post_message(&value, "/");
        }
        let Ok(Some(parent)) = window.parent() else { return };
        if parent == window || self.origins.is_empty() {
            return;
        }
        for origin in &self.origins {
            let _ = parent.post_message(&value, origin);
        }
    }

    /// Listens for the parent's commands; `handler` always holds the page's latest callback.
    /// Messages from other origins are dropped; bad shapes are dropped with a console warning.
    pub fn listen(&self, handler: Rc<RefCell<Option<Callback<messages::Incoming>>>>) {
        let Some(window) = web_sys::window() else { return };
        if self.origins.is_empty() {
            return;
        }
        let origins = self.origins.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if !params::origin_allowed(&origins, &e.origin()) {
                return;
            }
            let text = js_sys::JSON::stringify(&e.data()).ok().and_then(|s| s.as_string()).unwrap_or_default();
            match messages::parse_incoming(&text) {
                Ok(msg) => {
                    if let Some(cb) = handler.borrow().clone() {
                        cb.emit(msg);
                    }
                }
                Err(messages::Rejection::NotForMuelle) => {}
                Err(messages::Rejection::BadName(bad)) => {
                    web_sys::console::warn_1(&JsValue::from_str(&format!(
                        "Muelle: message from {} ignored: {}",
                        e.origin(),
                        messages::Rejection::BadName(bad.clone()).describe()
                    )));
                    if let Some(cb) = handler.borrow().clone() {
                        cb.emit(messages::Incoming::RefusedName(bad));
                    }
                }
                Err(why) => web_sys::console::warn_1(&JsValue::from_str(&format!(
                    "Muelle: message from {} ignored: {}",
                    e.origin(),
                    why.describe()
                ))),
            }
        });
        let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        // The page lives as long as the listener: hand the closure to JavaScript for good.
        on_message.forget();
    }
}
