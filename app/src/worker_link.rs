//! The page's end of the simulator's Web Worker (`sim-worker/`, ARCHITECTURE.md "Two threads").
//!
//! `index.html` starts the worker with a tiny inline script before the page's wasm loads, so
//! the two wasm files download and compile at once, and records it as `window.muelleWorker`:
//! `{ url, worker, messages, errors }` (and `current`, the worker in use, for the page part) —
//! the worker's script URL (hashed by `cargo xtask dist`,
//! so it is read here, never written in Rust), the worker, and what it said before the page
//! listened. [`WorkerLink::start`] takes that worker over the first time (then hands the held
//! messages and errors on, in order, after `start` returned) and starts a new one from the same
//! URL every later time (after [`WorkerLink::terminate`]).
//!
//! The page posts JSON text; the worker answers with frames as bytes (a `Uint8Array`, see
//! `sim_core::remote`, "Why two encodings") and with text only to report a crash. A worker that
//! dies is reported twice: a panic posts `{"crashed": "…"}` (passed to `on_message` like any
//! message) and the trap is the worker's `error` event (its text to `on_error`). The error event
//! is cancelled, so it does not reach `index.html`'s crash overlay: a dead simulator is the
//! page's to handle (terminate, start a new one, replay).

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, MessageEvent};

#[wasm_bindgen]
extern "C" {
    /// The browser's `Worker` (declared here rather than through web-sys's feature list).
    #[wasm_bindgen(js_name = Worker)]
    type JsWorker;

    #[wasm_bindgen(constructor, js_class = "Worker", catch)]
    fn new(url: &str) -> Result<JsWorker, JsValue>;

    #[wasm_bindgen(method, js_class = "Worker", js_name = postMessage, catch)]
    fn post_message(this: &JsWorker, message: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(method, js_class = "Worker")]
    fn terminate(this: &JsWorker);

    #[wasm_bindgen(method, js_class = "Worker", setter = onmessage)]
    fn set_onmessage(this: &JsWorker, handler: Option<&js_sys::Function>);

    #[wasm_bindgen(method, js_class = "Worker", setter = onerror)]
    fn set_onerror(this: &JsWorker, handler: Option<&js_sys::Function>);
}

/// What the worker posted: a frame's bytes, or text (a crash report).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Bytes(Vec<u8>),
    Text(String),
}

impl Reply {
    /// What a `message` event carried, if it is one of the two.
    fn from_js(data: &JsValue) -> Option<Reply> {
        if let Some(text) = data.as_string() {
            return Some(Reply::Text(text));
        }
        data.dyn_ref::<js_sys::Uint8Array>().map(|bytes| Reply::Bytes(bytes.to_vec()))
    }
}

/// The name `index.html` records the early worker under.
const EARLY: &str = "muelleWorker";

/// One running simulator worker. Dropping the link ends the worker.
pub struct WorkerLink {
    worker: JsWorker,
    /// False once terminated: nothing more reaches the callbacks.
    alive: Rc<Cell<bool>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

impl WorkerLink {
    /// Starts the simulator's worker (the preloaded script); `on_message` gets each thing it
    /// posts (a `{"crashed": …}` text too), `on_error` a text when the worker dies (its `error`
    /// event).
    pub fn start(
        on_message: impl Fn(Reply) + 'static,
        on_error: impl Fn(String) + 'static,
    ) -> Result<WorkerLink, String> {
        let early = early_record()?;
        let (worker, held_messages, held_errors) = match take_early_worker(&early) {
            Some(taken) => taken,
            None => {
                let url = js_sys::Reflect::get(&early, &"url".into())
                    .ok()
                    .and_then(|u| u.as_string())
                    .ok_or("the page does not name the simulator's worker script (window.muelleWorker.url)")?;
                let worker = JsWorker::new(&url)
                    .map_err(|e| format!("the simulator's worker did not start: {}", text_of(&e)))?;
                (worker, Vec::new(), Vec::new())
            }
        };
        // The worker the page part talks to (`app/muelle-part.js`): this one, from now on.
        let _ = js_sys::Reflect::set(&early, &"current".into(), &worker);
        let alive = Rc::new(Cell::new(true));
        let on_message: Rc<dyn Fn(Reply)> = Rc::new(on_message);
        let on_error: Rc<dyn Fn(String)> = Rc::new(on_error);

        let message_handler = {
            let (alive, on_message) = (alive.clone(), on_message.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                if alive.get() {
                    if let Some(reply) = Reply::from_js(&event.data()) {
                        on_message(reply);
                    }
                }
            })
        };
        let error_handler = {
            let (alive, on_error) = (alive.clone(), on_error.clone());
            Closure::<dyn Fn(Event)>::new(move |event: Event| {
                // Ours to handle: not the page's crash overlay (see the module's doc).
                event.prevent_default();
                if alive.get() {
                    on_error(error_text(&event));
                }
            })
        };
        worker.set_onmessage(Some(message_handler.as_ref().unchecked_ref()));
        worker.set_onerror(Some(error_handler.as_ref().unchecked_ref()));

        if !held_messages.is_empty() || !held_errors.is_empty() {
            // After `start` returns (the caller is not re-entered while it builds its state),
            // and before any later message: a microtask runs ahead of the next event.
            let alive = alive.clone();
            wasm_bindgen_futures::spawn_local(async move {
                for reply in held_messages {
                    if alive.get() {
                        on_message(reply);
                    }
                }
                for text in held_errors {
                    if alive.get() {
                        on_error(text);
                    }
                }
            });
        }
        Ok(WorkerLink { worker, alive, _on_message: message_handler, _on_error: error_handler })
    }

    /// Sends one message (JSON text) to the simulator. Messages sent while its wasm still loads
    /// wait there, in order; after [`WorkerLink::terminate`] they go nowhere.
    pub fn post(&self, message: &str) {
        if self.alive.get() {
            // Throws only for data that cannot be cloned; a string always can.
            let _ = self.worker.post_message(message);
        }
    }

    /// Ends the worker at once (a hung simulator), so the page can start a new one.
    pub fn terminate(&self) {
        self.alive.set(false);
        self.worker.terminate();
    }
}

impl Drop for WorkerLink {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.terminate();
    }
}

/// `window.muelleWorker`, which `index.html` writes.
fn early_record() -> Result<JsValue, String> {
    let early = js_sys::Reflect::get(&js_sys::global(), &EARLY.into()).unwrap_or(JsValue::UNDEFINED);
    if early.is_object() {
        Ok(early)
    } else {
        Err("the page has no record of the simulator's worker (window.muelleWorker): is index.html's \
             start-up script missing?"
            .into())
    }
}

/// The worker `index.html` started, with what it posted and the errors it had so far, unless an
/// earlier [`WorkerLink::start`] took it (or the browser could not start it).
fn take_early_worker(early: &JsValue) -> Option<(JsWorker, Vec<Reply>, Vec<String>)> {
    let get = |key: &str| js_sys::Reflect::get(early, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let worker = get("worker");
    let taken = get("taken").is_truthy();
    // Taken from now on, started or not: `index.html` starts none after this.
    let _ = js_sys::Reflect::set(early, &"taken".into(), &JsValue::TRUE);
    if !worker.is_object() || taken {
        return None;
    }
    let take = |key: &str| -> Vec<JsValue> {
        let list = get(key);
        let values =
            if js_sys::Array::is_array(&list) { js_sys::Array::from(&list).iter().collect() } else { Vec::new() };
        // Later events go to the link's handlers; the lists are done with.
        let _ = js_sys::Reflect::set(early, &key.into(), &js_sys::Array::new());
        values
    };
    let messages = take("messages").iter().filter_map(Reply::from_js).collect();
    let errors = take("errors").iter().filter_map(|v| v.as_string()).collect();
    Some((worker.unchecked_into(), messages, errors))
}

/// What an `error` event says (an `ErrorEvent`'s message, with where it happened).
fn error_text(event: &Event) -> String {
    let get = |key: &str| js_sys::Reflect::get(event, &key.into()).ok().and_then(|v| v.as_string());
    match (get("message"), get("filename")) {
        (Some(message), Some(file)) if !message.is_empty() && !file.is_empty() => format!("{message} ({file})"),
        (Some(message), _) if !message.is_empty() => message,
        // A worker whose script could not be fetched at all gets a plain Event.
        _ => "the simulator's worker stopped (its script could not be loaded or it failed)".into(),
    }
}

fn text_of(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
