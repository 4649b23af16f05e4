//! The worker's entry point: one [`Driver`], every string message through it, every reply (a
//! frame's bytes) posted back as a `Uint8Array` whose buffer is transferred, not copied. Objects
//! `{part, a, b}` come from the page part (`app/muelle-part.js`) and are answered with
//! `{muellePart, html}`. A panic
//! posts `{"crashed": …}` as text and then aborts (the release build aborts on panic): the trap
//! reaches the page as the worker's `error` event.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::RefCell;

    use sim_core::remote::Driver;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    std::panic::set_hook(Box::new(|info| {
        let _ = scope().post_message(&JsValue::from_str(&sim_worker::crash_message(&info.to_string())));
    }));

    let driver = RefCell::new(Driver::new());
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let scope = scope();
        // One message at a time: a worker never re-enters its handler while it runs.
        let mut driver = driver.borrow_mut();
        if let Some(text) = data.as_string() {
            for reply in driver.handle(&text) {
                let bytes = js_sys::Uint8Array::from(reply.as_slice());
                let transfer = js_sys::Array::of1(&bytes.buffer());
                // Fails only for a worker already closing; the page sees that through `error`.
                let _ = scope.post_message_with_transfer(&bytes, &transfer);
            }
        } else {
            // The page part (`muelle-part.js`): `{part, a, b}` (see `Driver::part`).
            let get = |key: &str| js_sys::Reflect::get(&data, &key.into()).ok().and_then(|v| v.as_string());
            let Some(kind) = get("part") else { return };
            driver.part(&kind, &get("a").unwrap_or_default(), &get("b").unwrap_or_default());
        }
        // What the page part is to be told goes to it as `{muellePart, html}`: an object, which
        // the page's wasm ignores (it reads frames' bytes and crash texts).
        for (kind, html) in driver.part_replies() {
            let reply = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&reply, &"muellePart".into(), &kind.into());
            let _ = js_sys::Reflect::set(&reply, &"html".into(), &html.into());
            let _ = scope.post_message(&reply);
        }
    });
    let _ = scope().add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    // The listener lives as long as the worker.
    on_message.forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sim-worker runs in the page's Web Worker only (built by `cargo xtask serve|dist`)");
    std::process::exit(2);
}
