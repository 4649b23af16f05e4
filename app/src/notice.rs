//! Messages about the student's work (not saved, another tab saves, previous work kept, a bad
//! link, a session set aside), drawn straight into the DOM, outside Yew.
//!
//! They come from places Yew does not see (a storage transaction ending, another tab's message,
//! the load before the page is rendered), so a small list of [`Notice`]s lives here and is
//! redrawn in a fixed bar at the bottom of the page whenever it changes. The root element also
//! gets `data-save="failed|readonly"` so the stylesheet hides the editor's "saved" while it
//! would be untrue. Buttons are handled by one listener on the bar.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::boot::{Aside, LinkError};
use crate::i18n::{Lang, Safety};

const BAR_ID: &str = "muelle-notices";

/// A message in the bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Notice {
    SaveFailed { quota: bool },
    ReadOnly,
    PreviousKept,
    BadLink(LinkError),
    Aside(Aside),
}

impl Notice {
    fn test_id(self) -> &'static str {
        match self {
            Notice::SaveFailed { .. } => "save-failed",
            Notice::ReadOnly => "read-only",
            Notice::PreviousKept => "previous-kept",
            Notice::BadLink(_) => "bad-link",
            Notice::Aside(_) => "journal-aside",
        }
    }

    fn text(self, lang: Lang) -> &'static str {
        match self {
            Notice::SaveFailed { quota: true } => Safety::SaveFailedQuota.get(lang),
            Notice::SaveFailed { quota: false } => Safety::SaveFailed.get(lang),
            Notice::ReadOnly => Safety::ReadOnly.get(lang),
            Notice::PreviousKept => Safety::PreviousKept.get(lang),
            Notice::BadLink(e) => e.message(lang),
            Notice::Aside(a) => a.message(lang),
        }
    }

    /// The button that acts on it: (action, label).
    fn action(self) -> Option<(&'static str, Safety)> {
        match self {
            Notice::ReadOnly => Some(("take-over", Safety::TakeOver)),
            Notice::PreviousKept => Some(("restore-previous", Safety::RestorePrevious)),
            Notice::Aside(_) => Some(("export-aside", Safety::ExportAside)),
            _ => None,
        }
    }

    fn bad(self) -> bool {
        matches!(self, Notice::SaveFailed { .. } | Notice::BadLink(_) | Notice::ReadOnly)
    }

    /// Whether the student may close it (a failing save or a read-only tab stays in view).
    fn dismissable(self) -> bool {
        !matches!(self, Notice::SaveFailed { .. } | Notice::ReadOnly)
    }
}

struct Bar {
    notices: Vec<Notice>,
    lang: Lang,
    listening: bool,
}

thread_local! {
    static BAR: RefCell<Bar> = const { RefCell::new(Bar { notices: Vec::new(), lang: Lang::Es, listening: false }) };
}

/// Shows `n` (once; a notice of the same kind is replaced).
pub fn show(n: Notice) {
    let changed = BAR.with(|b| {
        let mut b = b.borrow_mut();
        if b.notices.contains(&n) {
            return false;
        }
        b.notices.retain(|m| m.test_id() != n.test_id());
        b.notices.push(n);
        true
    });
    if changed {
        render();
        // A notice that only informs goes away by itself; one offering a choice (restore, export)
        // or telling of a save that fails stays until dealt with.
        if n.dismissable() && n.action().is_none() {
            gloo::timers::callback::Timeout::new(AUTO_HIDE_MS, move || hide(|m| *m == n)).forget();
        }
    }
}

/// How long a notice that only informs stays, in ms.
const AUTO_HIDE_MS: u32 = 12_000;

/// Hides the notices `which` picks.
pub fn hide(which: impl Fn(&Notice) -> bool) {
    let changed = BAR.with(|b| {
        let mut b = b.borrow_mut();
        let before = b.notices.len();
        b.notices.retain(|n| !which(n));
        b.notices.len() != before
    });
    if changed {
        render();
    }
}

/// Whether a notice `which` picks is showing.
pub fn showing(which: impl Fn(&Notice) -> bool) -> bool {
    BAR.with(|b| b.borrow().notices.iter().any(which))
}

/// The language to write in (the page's preference).
pub fn set_lang(lang: Lang) {
    let changed = BAR.with(|b| std::mem::replace(&mut b.borrow_mut().lang, lang) != lang);
    if changed {
        render();
    }
}

/// Draws the bar again (Yew empties `<body>` when it mounts the page).
pub fn redraw() {
    render();
}

fn render() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (notices, lang) = BAR.with(|b| {
        let b = b.borrow();
        (b.notices.clone(), b.lang)
    });
    if let Some(root) = document.document_element() {
        let state = if notices.iter().any(|n| matches!(n, Notice::SaveFailed { .. })) {
            Some("failed")
        } else if notices.contains(&Notice::ReadOnly) {
            Some("readonly")
        } else {
            None
        };
        let _ = match state {
            Some(s) => root.set_attribute("data-save", s),
            None => root.remove_attribute("data-save"),
        };
    }
    let Some(bar) = bar(&document) else { return };
    // The bar takes its room from the page (it never covers it): a terminal showing its prompt
    // keeps showing it when the room changes.
    let term = document
        .query_selector(".terminal-body:not([hidden])")
        .ok()
        .flatten()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|t| t.scroll_top() + t.client_height() + 2 >= t.scroll_height());
    bar.set_inner_html("");
    for n in notices {
        let _ = (|| -> Result<(), JsValue> {
            let div = document.create_element("div")?;
            div.set_class_name(if n.bad() { "notice bad" } else { "notice" });
            div.set_attribute("role", if n.bad() { "alert" } else { "status" })?;
            div.set_attribute("data-testid", n.test_id())?;
            let text = document.create_element("span")?;
            text.set_text_content(Some(n.text(lang)));
            div.append_child(&text)?;
            if let Some((action, label)) = n.action() {
                let button = document.create_element("button")?;
                button.set_class_name("btn");
                button.set_attribute("data-action", action)?;
                button.set_attribute("data-testid", action)?;
                button.set_text_content(Some(label.get(lang)));
                div.append_child(&button)?;
            }
            if n.dismissable() {
                let close = document.create_element("button")?;
                close.set_class_name("btn icon-only");
                close.set_attribute("data-action", "dismiss")?;
                close.set_attribute("data-notice", n.test_id())?;
                close.set_attribute("aria-label", Safety::Dismiss.get(lang))?;
                close.set_attribute("title", Safety::Dismiss.get(lang))?;
                close.set_text_content(Some("×"));
                div.append_child(&close)?;
            }
            bar.append_child(&div)?;
            Ok(())
        })();
    }
    if let Some(t) = term {
        crate::follow::to_end_next_frame(t);
    }
}

/// The bar, created at the end of `<body>` the first time, with its click listener.
fn bar(document: &web_sys::Document) -> Option<web_sys::Element> {
    if let Some(bar) = document.get_element_by_id(BAR_ID) {
        return Some(bar);
    }
    let bar = document.create_element("div").ok()?;
    bar.set_id(BAR_ID);
    bar.set_class_name("notices");
    document.body()?.append_child(&bar).ok()?;
    let listening = BAR.with(|b| std::mem::replace(&mut b.borrow_mut().listening, true));
    if !listening {
        let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
            let Some(button) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let Some(button) = button.closest("[data-action]").ok().flatten() else { return };
            match button.get_attribute("data-action").as_deref() {
                Some("take-over") => crate::leader::take_over(),
                Some("restore-previous") => crate::recover::restore_previous(),
                Some("export-aside") => crate::recover::export_aside(),
                Some("dismiss") => {
                    let id = button.get_attribute("data-notice").unwrap_or_default();
                    hide(|n| n.test_id() == id);
                }
                _ => {}
            }
        });
        let _ = bar.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
    }
    Some(bar)
}
