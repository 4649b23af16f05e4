//! The worker's entry point: one [`Driver`], every string message through it, every reply
//! posted back. A panic posts `{"crashed": …}` and then aborts (the release build aborts on
//! panic): the trap reaches the page as the worker's `error` event.

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
            // Fails only for a worker already closing; the page sees that through `error`.
            let _ = scope.post_message(&JsValue::from_str(&reply));
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
