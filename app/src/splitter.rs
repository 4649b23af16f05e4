//! The workspace's splitters (issue 14): a focusable `role="separator"` between panels, moved
//! by dragging it or by the keyboard (arrows by 2 %, Shift+arrows by 10 %, Home/End to its
//! ends), as the WAI-ARIA window splitter pattern says. Its position is a percentage of its
//! container ([`Layout`]).
//!
//! The bars are plain elements ([`bar`]) and one listener on the document handles them all
//! ([`install`]): a component per bar cost the page's download ~2 KB gzip of Yew's generic code.
//! While dragging, only the workspace's `style` (its CSS variables) and the bar's
//! `aria-valuenow` change, no render per pointer move; where the bar is dropped, or where a key
//! moves it, goes to the page's preferences ([`Prefs::layout`]), which are saved.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use crate::persist::{Layout, Prefs, Split};

const SPLITS: [Split; 4] = [Split::Left, Split::Right, Split::Top, Split::Lessons];

/// Whether the splitter moves left/right (a vertical bar) or up/down.
fn vertical(split: Split) -> bool {
    matches!(split, Split::Left | Split::Right)
}

/// The bar for `split` where `layout` puts it.
pub fn bar(split: Split, layout: Layout, lessons: bool, label: &'static str) -> Html {
    let (lo, hi) = layout.range(split, lessons);
    let i = SPLITS.iter().position(|s| *s == split).unwrap_or(0);
    let (class, testid) = [
        ("splitter split-left", "splitter-left"),
        ("splitter split-right", "splitter-right"),
        ("splitter split-top", "splitter-top"),
        ("splitter split-lessons", "splitter-lessons"),
    ][i];
    html! {
        <div {class} role="separator" tabindex="0" data-testid={testid} data-split={i.to_string()} aria-label={label}
            aria-orientation={if vertical(split) { "vertical" } else { "horizontal" }}
            aria-valuenow={usize::from(layout.get(split, lessons)).to_string()}
            aria-valuemin={usize::from(lo).to_string()} aria-valuemax={usize::from(hi).to_string()} />
    }
}

/// Where a key moves a splitter now at `at` within `lo..=hi` (`None`: not a key it takes).
pub fn key_target(key: &str, shift: bool, vertical: bool, at: u8, (lo, hi): (u8, u8)) -> Option<u8> {
    let step = if shift { 10 } else { 2 };
    Some(match (key, vertical) {
        ("ArrowLeft", true) | ("ArrowUp", false) => at.saturating_sub(step).max(lo),
        ("ArrowRight", true) | ("ArrowDown", false) => at.saturating_add(step).min(hi),
        ("Home", _) => lo,
        ("End", _) => hi,
        _ => return None,
    })
}

/// The page's preferences and whether a lesson is open, as last drawn.
pub type Current = Rc<Cell<(Prefs, bool)>>;

const KINDS: [&str; 5] = ["pointerdown", "pointermove", "pointerup", "pointercancel", "keydown"];

/// The document's listener for the bars, removed when dropped.
pub struct Installed(Closure<dyn FnMut(Event)>);

impl Drop for Installed {
    fn drop(&mut self) {
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            for kind in KINDS {
                let _ = d.remove_event_listener_with_callback(kind, self.0.as_ref().unchecked_ref());
            }
        }
    }
}

/// Listens to the document for the bars' keys and drags while the returned guard lives;
/// `commit` gets the preferences with the layout a bar was dropped or keyed at.
pub fn install(current: Current, commit: Callback<Prefs>) -> Option<Installed> {
    let document = web_sys::window()?.document()?;
    // The bar being dragged, its position so far and the element it moves.
    let mut drag: Option<(Split, u8, Element)> = None;
    let handler = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        let (prefs, lessons) = current.get();
        let layout = prefs.layout;
        let kind = e.type_();
        if let Some((split, at, el)) = drag.as_mut() {
            if let Some(p) = e.dyn_ref::<PointerEvent>() {
                if kind == "pointermove" {
                    let sel = if *split == Split::Lessons { ".left" } else { ".workspace" };
                    let Some(r) = el.closest(sel).ok().flatten().map(|c| c.get_bounding_client_rect()) else { return };
                    let (pos, size) = if vertical(*split) {
                        (p.client_x() as f64 - r.left(), r.width())
                    } else {
                        (p.client_y() as f64 - r.top(), r.height())
                    };
                    let (lo, hi) = layout.range(*split, lessons);
                    *at = crate::decimal::clamp((pos / size.max(1.0) * 100.0).round(), lo as f64, hi as f64) as u8;
                    let _ = el.set_attribute("aria-valuenow", &usize::from(*at).to_string());
                    if let Some(w) = el.closest(".workspace").ok().flatten() {
                        let _ = w.set_attribute("style", &layout.with(*split, lessons, *at).style(lessons));
                    }
                    return;
                }
                if kind == "pointerup" || kind == "pointercancel" {
                    let (split, at) = (*split, *at);
                    drag = None;
                    commit.emit(Prefs { layout: layout.with(split, lessons, at), ..prefs });
                }
            }
            return;
        }
        let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Some(i) = el.get_attribute("data-split").and_then(|i| i.parse::<usize>().ok()) else { return };
        let Some(&split) = SPLITS.get(i) else { return };
        let at = layout.get(split, lessons);
        if let Some(p) = e.dyn_ref::<PointerEvent>().filter(|p| kind == "pointerdown" && p.button() == 0) {
            let _ = el.set_pointer_capture(p.pointer_id());
            e.prevent_default();
            drag = Some((split, at, el));
        } else if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
            if let Some(to) = key_target(&k.key(), k.shift_key(), vertical(split), at, layout.range(split, lessons)) {
                e.prevent_default();
                commit.emit(Prefs { layout: layout.with(split, lessons, to), ..prefs });
            }
        }
    });
    for kind in KINDS {
        let _ = document.add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref());
    }
    Some(Installed(handler))
}

#[cfg(test)]
mod tests {
    use super::key_target;

    #[test]
    fn keys_move_a_splitter_within_its_range() {
        let r = (12, 51);
        assert_eq!(key_target("ArrowRight", false, true, 22, r), Some(24));
        assert_eq!(key_target("ArrowLeft", true, true, 22, r), Some(12));
        assert_eq!(key_target("ArrowLeft", false, true, 13, r), Some(12));
        assert_eq!(key_target("ArrowDown", false, false, 50, r), Some(51));
        assert_eq!(key_target("ArrowDown", false, true, 22, r), None, "a vertical bar moves sideways");
        assert_eq!(key_target("Home", false, false, 30, r), Some(12));
        assert_eq!(key_target("End", false, true, 30, r), Some(51));
        assert_eq!(key_target("a", false, true, 30, r), None);
    }
}
