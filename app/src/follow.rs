//! Keeping a scrolled list at its newest line (the terminal, the timeline) without forcing the
//! browser to lay the page out in the middle of a render.
//!
//! Reading `scrollHeight` right after changing the DOM makes the browser lay out the whole page
//! there and then; with several panels doing it per frame (a `compose up` of 1,000 services
//! prints and logs on every frame), those forced layouts filled the main thread. So the scroll
//! is done in the next animation frame, where the browser lays out once anyway.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Scrolls `el` to its end at the next animation frame (at once where there is none).
pub fn to_end_next_frame(el: HtmlElement) {
    let scroll = move || el.set_scroll_top(el.scroll_height());
    let Some(window) = web_sys::window() else { return scroll() };
    let callback = Closure::once_into_js(scroll);
    if window.request_animation_frame(callback.unchecked_ref()).is_err() {
        // Unreachable in a browser; the element is gone with the closure, nothing to do.
    }
}
