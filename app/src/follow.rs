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
/// so the end first reached is an estimate: the rows scrolled into view get their real height
/// only in that frame's rendering, after its animation-frame callbacks. So it scrolls again in
/// the next frames until the end has held for two frames in a row (ten frames at most).
pub fn to_end_next_frame(el: HtmlElement) {
    scroll_at_next_frame(el, 10, false);
}

fn scroll_at_next_frame(el: HtmlElement, tries: u32, held: bool) {
    let Some(window) = web_sys::window() else {
        el.set_scroll_top(el.scroll_height());
        return;
    };
    let callback = Closure::once_into_js(move || {
        let end = el.scroll_height();
        let at_end = el.scroll_top() + el.client_height() + 1 >= end;
        if at_end && held {
            return;
        }
        if !at_end {
            el.set_scroll_top(end);
        }
        if tries > 1 {
            scroll_at_next_frame(el, tries - 1, at_end);
        }
    });
    // Fails only outside a browser window; then the list just stays where it is.
    let _ = window.request_animation_frame(callback.unchecked_ref());
}
