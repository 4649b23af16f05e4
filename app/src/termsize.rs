//! The terminal panel's size in character cells, told to the simulator as a terminal emulator
//! tells the kernel (`TIOCSWINSZ`): programs read it (`tput cols`, `stty size`, `$COLUMNS`,
//! Compose's progress lines) and the page wraps long lines at the same column, as xterm does.
//!
//! A `ResizeObserver` on the panel measures the visible terminal's text width and height
//! against a hidden probe of ten characters in the terminal's font; a size that changed is sent
//! after the resizing pauses (a drag of a splitter sends one size, not one per frame), and the
//! terminal is scrolled to its end so the prompt stays in view.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ResizeObserver};

use crate::SharedSession;

/// How long the panel's size must hold before it is sent (ms).
const SETTLE_MS: u32 = 120;
/// The terminal body's vertical padding (0.6rem + 0.8rem in `style.css`), in px.
const PADDING_Y: f64 = 22.4;

/// Cells that fit `width`×`height` px with a character of `ch`×`line` px.
pub fn cells(width: f64, height: f64, ch: f64, line: f64) -> Option<(usize, usize)> {
    if width <= 0.0 || height <= 0.0 || ch <= 0.0 || line <= 0.0 {
        return None;
    }
    let cols = (width / ch).floor().clamp(1.0, 1000.0) as usize;
    let rows = ((height - PADDING_Y) / line).floor().clamp(1.0, 1000.0) as usize;
    Some((cols, rows))
}

/// Watches `panel` while the returned guard lives.
pub struct Watch {
    observer: Option<ResizeObserver>,
    _callback: Closure<dyn FnMut()>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
    }
}

fn measure(panel: &Element) -> Option<((usize, usize), HtmlElement)> {
    let body = panel.query_selector(".terminal-body:not([hidden])").ok()??;
    let line = body.query_selector(".terminal-line").ok()??;
    let probe = panel.query_selector(".term-probe").ok()??;
    let p = probe.get_bounding_client_rect();
    let size = cells(line.client_width() as f64, body.client_height() as f64, p.width() / 10.0, p.height())?;
    Some((size, body.dyn_into().ok()?))
}

thread_local! {
    /// The panel watched, and the watch.
    static WATCH: RefCell<Option<(Element, Watch)>> = const { RefCell::new(None) };
}

/// Watches the page's terminal panel (`.panel.terminal`) unless it is watched already: called
/// when a terminal is first drawn (a component's `rendered` costs the download nothing more; an
/// effect of its own would).
pub fn ensure(session: &SharedSession) {
    let Some(el) = gloo::utils::document().query_selector(".panel.terminal").ok().flatten() else { return };
    let watched = WATCH.with(|w| w.borrow().as_ref().is_some_and(|(e, _)| *e == el));
    if !watched {
        let watch = observe(el.clone(), session.clone());
        WATCH.with(|w| *w.borrow_mut() = watch.map(|watch| (el, watch)));
    }
}

fn observe(el: Element, session: SharedSession) -> Option<Watch> {
    let pending: Rc<RefCell<Option<Timeout>>> = Rc::default();
    let send = {
        let el = el.clone();
        move || {
            if let Some(((cols, rows), body)) = measure(&el) {
                session.borrow_mut().resize(cols, rows);
                crate::follow::to_end_next_frame(body);
            }
        }
    };
    send();
    let callback = Closure::<dyn FnMut()>::new(move || {
        let send = send.clone();
        *pending.borrow_mut() = Some(Timeout::new(SETTLE_MS, send));
    });
    let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
    if let Some(o) = &observer {
        o.observe(&el);
    }
    Some(Watch { observer, _callback: callback })
}

#[cfg(test)]
mod tests {
    use super::cells;

    #[test]
    fn cells_fit_the_text_area() {
        // 13 px Menlo-like font: 7.8 px wide, 18.85 px lines.
        assert_eq!(cells(624.0, 400.0, 7.8, 18.85), Some((80, 20)));
        assert_eq!(cells(623.0, 400.0, 7.8, 18.85), Some((79, 20)));
        assert_eq!(cells(0.0, 400.0, 7.8, 18.85), None, "a hidden panel says nothing");
        assert_eq!(cells(10.0, 5.0, 7.8, 18.85), Some((1, 1)));
    }
}
