//! The worker's entry point: one [`Driver`], every string message through it, every reply (a
//! frame's bytes) posted back as a `Uint8Array` whose buffer is transferred, not copied. A panic
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
        let Some(text) = event.data().as_string() else { return };
        // One message at a time: a worker never re-enters its handler while it runs.
        let replies = driver.borrow_mut().handle(&text);
        let scope = scope();
        for reply in replies {
            let bytes = js_sys::Uint8Array::from(reply.as_slice());
            let transfer = js_sys::Array::of1(&bytes.buffer());
            // Fails only for a worker already closing; the page sees that through `error`.
            let _ = scope.post_message_with_transfer(&bytes, &transfer);
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
