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
///
/// Rows out of view may not be laid out (`content-visibility: auto` on the timeline's rows),
/// so the end first reached is an estimate: once the rows scrolled into view have their real
/// height, the next frame scrolls again, up to ten times, until it is the end.
pub fn to_end_next_frame(el: HtmlElement) {
    scroll_at_next_frame(el, 10);
}

fn scroll_at_next_frame(el: HtmlElement, tries: u32) {
    let Some(window) = web_sys::window() else {
        el.set_scroll_top(el.scroll_height());
        return;
    };
    let callback = Closure::once_into_js(move || {
        let end = el.scroll_height();
        if el.scroll_top() + el.client_height() + 1 >= end {
            return;
        }
        el.set_scroll_top(end);
        if tries > 1 {
            scroll_at_next_frame(el, tries - 1);
        }
    });
    // Fails only outside a browser window; then the list just stays where it is.
    let _ = window.request_animation_frame(callback.unchecked_ref());
}
