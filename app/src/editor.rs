//! The editor: a textarea over a coloured copy of its text, with line numbers. Tab inserts two
//! spaces, Enter keeps the indentation, and what is typed is written into the simulated host
//! ([`sim_core::Session::write_host_file`]) shortly after typing stops.
//!
//! The textarea's text is transparent and a `<pre>` behind it shows the same text coloured; both
//! share font, padding and scroll position. Pressing Escape lets the next Tab leave the editor
//! (keyboard users are never trapped).
//!
//! The textarea does not scroll itself: it sits in a scroller (`.code-scroll`) as tall as the
//! whole text, at the height of the lines it holds, as tall as them. For a small file it holds
//! everything; for a big one only a window of lines around the view ([`window`]), given other
//! lines as the view moves, because a browser lays a textarea's whole text out again on every
//! keystroke (60–80 ms with 1 MB). The editor keeps the whole text and its own undo history
//! ([`window::History`]), so undo crosses windows and covers Tab, Enter and the TAB fix.
//!
//! Big files stay fast ([`view`]): the textarea's value is set only when a file is loaded or
//! the window moves (Tab and Enter splice their few characters in), and the layers behind and
//! beside it draw only the lines in view. Files over [`view::MAX_EDIT_BYTES`] are refused, a
//! paste that would pass it before it lands, and Compose checks of big files wait for a pause
//! (or, over [`view::MAX_CHECK_BYTES`], are left to `docker compose config`).

pub mod check;
pub mod text;
pub mod view;
pub mod window;

use std::cell::RefCell;
use std::ops::Range;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::decimal::{fixed, trimmed};
use crate::i18n::{self, Lang, T};
use crate::SharedSession;
use check::Problem;
use text::{highlight_yaml, is_yaml, Edited};
use view::Lines;
use window::{Change, History, Window};

/// Quiet time after the last keystroke before the file is written (ms).
const SAVE_AFTER_MS: u32 = 400;
/// Quiet time after the last keystroke before a small Compose file is validated (ms).
const CHECK_AFTER_MS: u32 = 300;

fn now_ms() -> Option<f64> {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now())
}

#[derive(Properties, Clone)]
pub struct EditorProps {
    pub session: SharedSession,
    /// When the project's files may have changed (`Mirror::files_stamp`): the open file is read again.
    pub rev: u64,
    pub lang: Lang,
    /// The open file, relative to the project folder (a folder or `None` shows a hint).
    pub path: Option<String>,
    /// Shown but not editable (an embedding page's `readonly=1`).
    #[prop_or_default]
    pub readonly: bool,
}

impl PartialEq for EditorProps {
    fn eq(&self, o: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.session, &o.session)
            && self.rev == o.rev
            && self.lang == o.lang
            && self.path == o.path
            && self.readonly == o.readonly
    }
}

/// The text in the editor and what the simulated disk holds.
#[derive(Clone, Debug, Default, PartialEq)]
struct Doc {
    path: Option<String>,
    text: String,
    /// The file's content on the simulated disk as last read or written.
    on_disk: Option<String>,
    /// Bumped each time the text comes from outside the textarea (a file opened or changed on
    /// disk): only then is the textarea's value set.
    loaded: u32,
    /// The open file is larger than [`view::MAX_EDIT_BYTES`] (its size): shown as a notice.
    too_big: Option<usize>,
}

/// What the Compose check said about the open file.
#[derive(Clone, Debug, PartialEq)]
enum Verdict {
    /// Not a Compose file.
    None,
    /// The problems found in this text.
    Checked(String, Vec<Problem>),
    /// Too big to check as you type.
    Skipped,
}

/// Where the textarea is scrolled and how tall it is (pixels), as last measured.
#[derive(Clone, Copy, Debug)]
struct Scroll {
    top: f64,
    height: f64,
    line_height: f64,
}

/// The three layers that follow the scroller.
#[derive(Clone, Default)]
struct Layers {
    hl: NodeRef,
    gutter: NodeRef,
    marks: NodeRef,
    /// The drawn lines of the coloured layer (measured for the line height).
    drawn: NodeRef,
    /// What scrolls: the textarea inside it, over the layers.
    scroller: NodeRef,
    /// The scroll offsets last given to the layers (setting one makes the browser lay the page
    /// out at once, so an unchanged offset is not set again).
    given: std::cell::Cell<Option<(i32, i32)>>,
    /// Whether the problem marks' layer was there at the last render (a new one starts unscrolled).
    had_marks: std::cell::Cell<bool>,
}

impl Layers {
    /// The layers scroll to `(top, left)`; `again` when they may have been drawn anew.
    fn follow(&self, (top, left): (i32, i32), again: bool) {
        if !again && self.given.get() == Some((top, left)) {
            return;
        }
        self.given.set(Some((top, left)));
        for layer in [&self.hl, &self.marks] {
            if let Some(h) = layer.cast::<HtmlElement>() {
                h.set_scroll_top(top);
                h.set_scroll_left(left);
            }
        }
        if let Some(g) = self.gutter.cast::<HtmlElement>() {
            g.set_scroll_top(top);
        }
    }
}

/// The editor's text as the textarea's edits left it (read and written synchronously, between
/// renders), what part of it the textarea holds, and the undo history.
#[derive(Default)]
struct Buf {
    text: String,
    index: Lines,
    win: Window,
    history: History,
    /// The selection (bytes of `text`) while the window has moved away from it: it comes back
    /// before the next key acts.
    detached: Option<Range<usize>>,
}

impl Buf {
    fn windowed(&self) -> bool {
        self.text.len() > window::WINDOW_FROM_BYTES
    }

    /// A new text (a file opened or changed on disk): a fresh history, the window at `view`.
    fn load(&mut self, text: String, view: Range<usize>) {
        *self = Buf { index: Lines::new(&text), text, ..Buf::default() };
        self.win = self.window_for(&view, None).0;
    }

    /// The window for lines in view (and a selection, when it fits beside them).
    fn window_for(&self, view: &Range<usize>, sel: Option<&Range<usize>>) -> (Window, bool) {
        if !self.windowed() {
            return (Window::whole(&self.text, &self.index), true);
        }
        let lines = sel.map(|s| window::line_of(&self.index, s.start)..window::line_of(&self.index, s.end));
        let (want, keeps) = window::choose(view, lines.as_ref(), self.index.count());
        (Window::of(&self.text, &self.index, want), keeps)
    }

    /// The textarea's selection in bytes of the whole text, or the detached one while the
    /// textarea's caret is still where detaching left it (at its start: a line above the view,
    /// which no click reaches; anything else means the student put the caret somewhere).
    fn selection(&mut self, a: &HtmlTextAreaElement) -> Range<usize> {
        let start = a.selection_start().ok().flatten().unwrap_or(0);
        let end = a.selection_end().ok().flatten().unwrap_or(start);
        match self.detached.clone() {
            Some(d) if (start, end) == (0, 0) => d,
            _ => {
                self.detached = None;
                self.win.doc_byte(&self.text, start)..self.win.doc_byte(&self.text, end)
            }
        }
    }

    /// Takes in what the textarea now holds (an edit the browser made, or Tab/Enter's splice):
    /// the whole text, its lines, the window and the history follow. `Err(size)` when the text
    /// would pass [`view::MAX_EDIT_BYTES`]: the textarea is put back and nothing changes.
    fn absorb(&mut self, a: &HtmlTextAreaElement) -> Result<(), usize> {
        let value = a.value();
        let old = self.win.text(&self.text);
        let size = self.text.len() - old.len() + value.len();
        if size > view::MAX_EDIT_BYTES {
            a.set_value(old);
            return Err(size);
        }
        if let Some(c) = Change::between(old, &value, self.win.bytes.start) {
            self.history.record(c);
        }
        let (text, win) = self.win.splice(&self.text, &value);
        self.index = Lines::new(&text);
        self.text = text;
        self.win = win;
        self.detached = None;
        Ok(())
    }

    /// Puts the window `win` into the textarea with the selection `sel` (bytes of the whole
    /// text; left detached when the window does not hold it), keeping the scroller where it is.
    fn show(&mut self, a: &HtmlTextAreaElement, sc: Option<&HtmlElement>, win: Window, sel: Range<usize>, lh: f64) {
        let keep = sc.map(|s| (s.scroll_top(), s.scroll_left()));
        let same = win == self.win && a.value().len() == win.bytes.len();
        self.win = win;
        if !same {
            a.set_value(self.win.text(&self.text));
        }
        match (self.win.local(&self.text, sel.start), self.win.local(&self.text, sel.end)) {
            (Some(s), Some(e)) => {
                let _ = a.set_selection_range(s, e);
                self.detached = None;
            }
            _ => {
                let _ = a.set_selection_range(0, 0);
                self.detached = Some(sel);
            }
        }
        place(a, self, lh);
        if let (Some(s), Some((top, left))) = (sc, keep) {
            s.set_scroll_top(top);
            s.set_scroll_left(left);
        }
    }

    /// Replaces the whole text (undo, redo, the TAB fix) and puts the caret at byte `caret`.
    fn replace(&mut self, a: &HtmlTextAreaElement, sc: Option<&HtmlElement>, text: String, caret: usize, lh: f64) {
        self.index = Lines::new(&text);
        self.text = text;
        let caret = caret.min(self.text.len());
        let lines = window::around_selection(&self.index, &(caret..caret));
        let win = if self.windowed() {
            Window::of(&self.text, &self.index, lines)
        } else {
            Window::whole(&self.text, &self.index)
        };
        // Force the value in: the old window's bytes may have the same length.
        self.win = Window { lines: 0..0, bytes: 0..usize::MAX };
        self.show(a, sc, win, caret..caret, lh);
        self.detached = None;
        reveal(sc, self, caret, lh);
    }
}

/// Scrolls the view to byte `at` when it is out of view (its line in the middle), as a browser
/// brings the caret into view after an edit.
fn reveal(sc: Option<&HtmlElement>, b: &Buf, at: usize, lh: f64) {
    let Some(sc) = sc else { return };
    let line = window::line_of(&b.index, at) as f64;
    let (top, height) = (f64::from(sc.scroll_top()), f64::from(sc.client_height()));
    if line * lh >= top && (line + 1.0) * lh <= top + height {
        return;
    }
    let rows = (height / lh).floor();
    sc.set_scroll_top(((line - rows / 2.0).max(0.0) * lh) as i32);
}

/// Puts the textarea at the height of its first line, as tall as its lines (and one more, so a
/// new line never scrolls it inside), as wide as the widest line of the text.
fn place(a: &HtmlTextAreaElement, b: &Buf, lh: f64) {
    let top = b.win.lines.start as f64 * lh;
    let height = (b.win.lines.len() + 1) as f64 * lh;
    let style = format!(
        "top:{}px;height:calc({}px + 1rem);width:max(100%, calc({}ch + 1.2rem))",
        trimmed(top, 3),
        trimmed(height, 3),
        b.index.widest() + 1
    );
    if a.get_attribute("style").as_deref() != Some(style.as_str()) {
        let _ = a.set_attribute("style", &style);
        let _ = a.set_attribute("data-window", &format!("{} {}", b.win.lines.start, b.win.lines.len()));
    }
}

/// After a scroll or a render: the layers follow the scroller, the textarea's window moves if
/// the view left it (or shrinks back once no selection holds it open), and the textarea sits
/// at its lines. Whether the layers' drawn lines no longer cover the view.
fn follow_view(
    a: &HtmlTextAreaElement,
    sc: &HtmlElement,
    layers: &Layers,
    scroll: &RefCell<Scroll>,
    buf: &RefCell<Buf>,
    drawn: &Range<usize>,
    redrawn: bool,
) -> bool {
    // Read everything first: a write between two reads would lay the page out twice.
    let (top, left) = (sc.scroll_top(), sc.scroll_left());
    let height = f64::from(sc.client_height()).min(view::MAX_VIEWPORT);
    let mut s = scroll.borrow_mut();
    let mut again = false;
    if height > 0.0 && (height - s.height).abs() >= 1.0 {
        s.height = height;
        again = true;
    }
    s.top = f64::from(top);
    layers.follow((top, left), redrawn);
    let lh = s.line_height;
    let mut b = buf.borrow_mut();
    let total = b.index.count();
    let in_view = view::visible(s.top, s.height, lh, total, 0);
    drop(s);
    let sel = b.selection(a);
    let spread = sel.start != sel.end;
    let whole_wanted = !b.windowed() && !b.win.is_whole(&b.text);
    if whole_wanted || (b.windowed() && window::must_move(&b.win.lines, &in_view, total, spread)) {
        let (win, _) = b.window_for(&in_view, Some(&sel));
        b.show(a, Some(sc), win, sel, lh);
    } else {
        place(a, &b, lh);
    }
    again || !view::covers(drawn, &in_view)
}

/// Puts an edit into the textarea: only the changed characters (setting a whole big value would
/// lay the text out again), then the caret.
fn put(a: &HtmlTextAreaElement, old: &str, ed: &Edited) {
    let sp = text::splice(old, &ed.text);
    if a.set_range_text_with_start_and_end(&sp.with, sp.start, sp.end).is_err() {
        a.set_value(&ed.text);
    }
    let _ = a.set_selection_range(ed.caret, ed.caret);
}

/// A piece of a line as drawn under the textarea, each TAB in a `hl-tab` span that shows an
/// arrow over it (YAML refuses TABs in indentation, and unmarked they look like spaces).
fn tabs_shown(s: &str) -> Html {
    if !s.contains('\t') {
        return html! { { s.to_string() } };
    }
    let mut parts = s.split('\t');
    let first = parts.next().unwrap_or_default().to_string();
    html! {
        <>
            { first }
            { for parts.map(|p| html! { <><span class="hl-tab">{ "\t" }</span>{ p.to_string() }</> }) }
        </>
    }
}

/// An empty block as tall as `lines` lines (and, for the top one, as wide as the widest line, so
/// the layer scrolls as far sideways as the textarea).
fn spacer(lines: usize, line_height: f64, width_ch: Option<usize>) -> Html {
    let h = view::height_of(lines, line_height);
    let style = match width_ch {
        Some(w) => format!("height:{}px;width:{w}ch", trimmed(h, 3)),
        None => format!("height:{}px", trimmed(h, 3)),
    };
    html! { <div class="vspace" {style}></div> }
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    crate::renders::count(crate::renders::Part::Editor);
    let EditorProps { session, rev, lang, path, readonly } = props.clone();
    let doc = use_state(Doc::default);
    let timer = use_mut_ref(Option::default as fn() -> Option<Timeout>);
    let escape = use_mut_ref(crate::hooks::off as fn() -> bool);
    let area = use_node_ref();
    let layers = use_memo((), |_| Layers::default());
    let section = use_node_ref();
    let verdict = use_state(|| Verdict::None);
    let check_timer = use_mut_ref(Option::default as fn() -> Option<Timeout>);
    // When the last validation started, to time validation + redraw (`data-check-ms`).
    let check_started = use_mut_ref(|| None::<f64>);
    let checked_lang = use_mut_ref(|| lang);
    let scroll =
        use_mut_ref(|| Scroll { top: 0.0, height: view::DEFAULT_VIEWPORT, line_height: view::DEFAULT_LINE_HEIGHT });
    // The lines drawn by the last render.
    let drawn = use_mut_ref(|| 0..0usize);
    let redraw = use_force_update();
    // A paste or edit refused for its size: the size it would have had.
    let refused = use_state(|| None::<usize>);
    // The whole text, the textarea's window onto it and the undo history.
    let buf = use_mut_ref(Buf::default);
    // The file whose text the textarea was last given (a new one starts at the top).
    let shown_path = use_mut_ref(|| None::<String>);
    // Whether the line height has been measured.
    let measured = use_mut_ref(crate::hooks::off as fn() -> bool);

    let run_check = {
        let (session, verdict, check_started, checked_lang) =
            (session.clone(), verdict.clone(), check_started.clone(), checked_lang.clone());
        move |path: Option<&str>, text: String| {
            *checked_lang.borrow_mut() = lang;
            // Nothing to show changes for a file not checked: no redraw for it.
            let set = |v: Verdict| {
                if *verdict != v {
                    verdict.set(v);
                }
            };
            match path.filter(|p| check::is_compose(p)) {
                Some(_) if text.len() > view::MAX_CHECK_BYTES => set(Verdict::Skipped),
                Some(p) => {
                    *check_started.borrow_mut() = now_ms();
                    // The worker validates it; the verdict keeps the text it was given, so a late
                    // answer for an older text is recognised as such.
                    let (verdict, checked) = (verdict.clone(), text.clone());
                    let reply = Box::new(move |found| verdict.set(Verdict::Checked(checked, found)));
                    crate::sim::Sim::request_check(&session, p, &text, lang, reply);
                }
                None => set(Verdict::None),
            }
        }
    };
    {
        let (check_started, section) = (check_started.clone(), section.clone());
        use_effect(move || {
            if let (Some(t0), Some(t1)) = (check_started.borrow_mut().take(), now_ms()) {
                if let Some(s) = section.cast::<HtmlElement>() {
                    let _ = s.set_attribute("data-check-ms", &fixed(t1 - t0, 1).to_string());
                }
            }
        });
    }
    // Checks `text` after a pause that grows with its size (`now`: a small file at once).
    let check_later = {
        let (check_timer, run_check) = (check_timer.clone(), run_check.clone());
        move |path: Option<String>, text: String, now: bool| {
            check_timer.borrow_mut().take();
            if !path.as_deref().is_some_and(check::is_compose) {
                return run_check(path.as_deref(), text);
            }
            match view::check_delay(text.len(), CHECK_AFTER_MS) {
                Some(CHECK_AFTER_MS) if now => run_check(path.as_deref(), text),
                Some(ms) => {
                    let run_check = run_check.clone();
                    *check_timer.borrow_mut() = Some(Timeout::new(ms, move || run_check(path.as_deref(), text)));
                }
                None => run_check(path.as_deref(), text),
            }
        }
    };
    let schedule_check = {
        let (check_later, path) = (check_later.clone(), path.clone());
        move |text: String| check_later(path.clone(), text, false)
    };

    // Writes the textarea's current text to the open file.
    let save = {
        let (session, doc) = (session.clone(), doc.clone());
        move |text: String| {
            let Some(p) = doc.path.clone() else { return };
            if session.borrow_mut().write_host_file(&p, text.as_bytes()).is_ok() {
                doc.set(Doc { path: Some(p), on_disk: Some(text.clone()), text, ..(*doc).clone() });
            }
        }
    };

    // Opening another file: save the one being left, then read the new one.
    // The simulated disk changed (the shell wrote the file): reload unless there are unsaved edits.
    {
        let (session, doc, timer, save) = (session.clone(), doc.clone(), timer.clone(), save.clone());
        let (run_check, check_later, checked_lang) = (run_check.clone(), check_later.clone(), checked_lang.clone());
        let refused = refused.clone();
        use_effect_with((path.clone(), rev, lang), move |(path, _, lang)| {
            let lang = *lang;
            // The file's text, or its size when it is too big to edit.
            let read = |p: &str| -> Option<Result<String, usize>> {
                let s = session.borrow();
                let data = s.read_host_file(p).ok()?;
                if data.len() > view::MAX_EDIT_BYTES {
                    return Some(Err(data.len()));
                }
                Some(Ok(String::from_utf8_lossy(&data).into_owned()))
            };
            let loaded = |p: Option<&String>, now: Option<Result<String, usize>>, loaded: u32| match now {
                Some(Ok(text)) => {
                    Doc { path: p.cloned(), text: text.clone(), on_disk: Some(text), loaded, too_big: None }
                }
                Some(Err(size)) => {
                    Doc { path: p.cloned(), text: String::new(), on_disk: None, loaded, too_big: Some(size) }
                }
                None => Doc { loaded, ..Doc::default() },
            };
            if doc.path != *path {
                if timer.borrow_mut().take().is_some() && doc.on_disk.as_ref() != Some(&doc.text) {
                    save(doc.text.clone());
                }
                let content = path.as_deref().and_then(read);
                let text = match &content {
                    Some(Ok(t)) => Some(t.clone()),
                    _ => None,
                };
                check_later(path.clone().filter(|_| text.is_some()), text.unwrap_or_default(), true);
                refused.set(None);
                doc.set(loaded(path.as_ref(), content, doc.loaded.wrapping_add(1)));
            } else if let Some(p) = &doc.path {
                let now = read(p);
                if *checked_lang.borrow() != lang && doc.too_big.is_none() {
                    run_check(Some(p), doc.text.clone());
                }
                let clean = doc.too_big.is_some() || doc.on_disk.as_ref() == Some(&doc.text);
                let same = match (&now, &doc.on_disk, doc.too_big) {
                    (Some(Ok(t)), Some(d), _) => t == d,
                    (Some(Err(n)), _, Some(m)) => *n == m,
                    _ => false,
                };
                if !same && clean && timer.borrow().is_none() {
                    let text = match &now {
                        Some(Ok(t)) => Some(t.clone()),
                        _ => None,
                    };
                    check_later(text.as_ref().map(|_| p.clone()), text.unwrap_or_default(), true);
                    doc.set(loaded(Some(p), now, doc.loaded.wrapping_add(1)));
                }
            }
        });
    }
    // The textarea's value is set only when a text is loaded or the window moves (never while
    // typing: setting 1 MB costs a full relayout, and reading it back on every render a copy).
    {
        let (area, doc2, buf, layers, scroll, shown_path) =
            (area.clone(), doc.clone(), buf.clone(), layers.clone(), scroll.clone(), shown_path.clone());
        use_effect_with((doc.loaded, doc.path.clone(), doc.too_big), move |_| {
            let sc = layers.scroller.cast::<HtmlElement>();
            // The layers may be new elements: give them their scroll offsets again.
            layers.given.set(None);
            let new_file = *shown_path.borrow() != doc2.path;
            if new_file {
                shown_path.replace(doc2.path.clone());
                if let Some(sc) = &sc {
                    sc.set_scroll_top(0);
                    sc.set_scroll_left(0);
                }
            }
            let s = *scroll.borrow();
            let top = if new_file { 0.0 } else { s.top };
            let mut b = buf.borrow_mut();
            let a = area.cast::<HtmlTextAreaElement>();
            // The caret stays where it was when the file changed on disk.
            let caret = match &a {
                Some(a) if !new_file => b.selection(a).start,
                _ => 0,
            };
            let lines = Lines::new(&doc2.text).count();
            b.load(doc2.text.clone(), view::visible(top, s.height, s.line_height, lines, 0));
            if let Some(a) = a {
                let caret = caret.min(b.text.len());
                let win = b.win.clone();
                b.win = Window { lines: 0..0, bytes: 0..usize::MAX };
                b.show(&a, sc.as_ref(), win, caret..caret, s.line_height);
            }
        });
    }
    let b = buf.borrow();
    let lines = &b.index;
    let total = lines.count();
    // After every render: layers follow the scroller; measure the viewport and the line height,
    // move the textarea's window if the view left it, and draw again if the drawn lines no
    // longer cover the view.
    {
        let (area, layers, scroll, drawn, redraw, buf) =
            (area.clone(), layers.clone(), scroll.clone(), drawn.clone(), redraw.clone(), buf.clone());
        let measured = measured.clone();
        use_effect(move || {
            let (Some(a), Some(sc)) = (area.cast::<HtmlTextAreaElement>(), layers.scroller.cast::<HtmlElement>())
            else {
                return;
            };
            let mut again = false;
            // The line height, measured once from the drawn lines (one font, one line height).
            if !*measured.borrow() {
                let mut s = scroll.borrow_mut();
                let d = drawn.borrow().clone();
                if let Some(el) = layers.drawn.cast::<web_sys::Element>() {
                    let n = d.len();
                    let h = el.get_bounding_client_rect().height();
                    let lh = h / n as f64;
                    if n > 0 && lh.is_finite() && lh > 1.0 {
                        if (lh - s.line_height).abs() > 0.01 {
                            s.line_height = lh;
                            again = true;
                        } else {
                            *measured.borrow_mut() = true;
                        }
                    }
                }
            }
            let marks = layers.marks.get().is_some();
            let new_layer = marks != layers.had_marks.replace(marks);
            again |= follow_view(&a, &sc, &layers, &scroll, &buf, &drawn.borrow(), new_layer);
            if again {
                redraw.force_update();
            }
        });
    }

    let schedule = {
        let (timer, save, buf) = (timer.clone(), save.clone(), buf.clone());
        move || {
            let (save, buf, timer2) = (save.clone(), buf.clone(), timer.clone());
            *timer.borrow_mut() = Some(Timeout::new(SAVE_AFTER_MS, move || {
                timer2.borrow_mut().take();
                let text = buf.borrow().text.clone();
                save(text);
            }));
        }
    };
    // What follows every edit: the text rendered, checked later and saved after a pause.
    let after_edit = {
        let (doc, schedule, schedule_check) = (doc.clone(), schedule.clone(), schedule_check.clone());
        move |text: String| {
            schedule_check(text.clone());
            doc.set(Doc { text, ..(*doc).clone() });
            schedule();
        }
    };
    let oninput = {
        let (buf, refused, after_edit) = (buf.clone(), refused.clone(), after_edit.clone());
        Callback::from(move |e: InputEvent| {
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            let mut b = buf.borrow_mut();
            match b.absorb(&a) {
                // Dropped or typed past the limit: back to the last text, and say why.
                Err(size) => refused.set(Some(size)),
                Ok(()) => {
                    if refused.is_some() {
                        refused.set(None);
                    }
                    let text = b.text.clone();
                    drop(b);
                    after_edit(text);
                }
            }
        })
    };
    // A paste that would make the file too big is refused before it lands.
    let onpaste = {
        let (buf, refused) = (buf.clone(), refused.clone());
        Callback::from(move |e: Event| {
            let Some(ce) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
            let Some(pasted) = ce.clipboard_data().and_then(|d| d.get_data("text").ok()) else { return };
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            let start = a.selection_start().ok().flatten().unwrap_or(0);
            let end = a.selection_end().ok().flatten().unwrap_or(start);
            let b = buf.borrow();
            let shown = b.win.text(&b.text);
            let size = view::size_after_paste(shown, start, end, pasted.len()) + (b.text.len() - shown.len());
            if size > view::MAX_EDIT_BYTES {
                e.prevent_default();
                refused.set(Some(size));
            }
        })
    };
    // A selection the window moved away from is still copied (and cut) whole.
    let on_clip = |cut: bool| {
        let (buf, layers, scroll, after_edit) = (buf.clone(), layers.clone(), scroll.clone(), after_edit.clone());
        Callback::from(move |e: Event| {
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            let mut b = buf.borrow_mut();
            let Some(sel) = b.detached.clone().filter(|s| s.start < s.end) else { return };
            let Some(data) = e.dyn_ref::<web_sys::ClipboardEvent>().and_then(|c| c.clipboard_data()) else { return };
            let Some(part) = b.text.get(sel.clone()) else { return };
            if data.set_data("text/plain", part).is_err() {
                return;
            }
            e.prevent_default();
            if cut && !readonly {
                let mut text = b.text.clone();
                let c = Change { at: sel.start, removed: part.to_string(), inserted: String::new() };
                c.apply(&mut text, true);
                b.history.record(c);
                let lh = scroll.borrow().line_height;
                b.replace(&a, layers.scroller.cast::<HtmlElement>().as_ref(), text, sel.start, lh);
                let text = b.text.clone();
                drop(b);
                after_edit(text);
            }
        })
    };
    let (oncopy, oncut) = (on_clip(false), on_clip(true));
    let onkeydown = {
        let (buf, layers, scroll, escape, after_edit) =
            (buf.clone(), layers.clone(), scroll.clone(), escape.clone(), after_edit.clone());
        Callback::from(move |e: KeyboardEvent| {
            let after_escape = std::mem::replace(&mut *escape.borrow_mut(), e.key() == "Escape");
            if e.is_composing() {
                return;
            }
            let key = e.key();
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            let sc = layers.scroller.cast::<HtmlElement>();
            let lh = scroll.borrow().line_height;
            let command = (e.ctrl_key() || e.meta_key()) && !e.alt_key();
            let mut b = buf.borrow_mut();
            if command {
                let is = |c: &str| key.eq_ignore_ascii_case(c);
                let (undo, redo) = (is("z") && !e.shift_key(), is("y") || (is("z") && e.shift_key()));
                if undo || redo {
                    // The editor's own history: it crosses windows, Tab, Enter and the TAB fix.
                    e.prevent_default();
                    if readonly {
                        return;
                    }
                    let mut text = std::mem::take(&mut b.text);
                    let at = if undo { b.history.undo(&mut text) } else { b.history.redo(&mut text) };
                    match at {
                        Some(at) => {
                            b.replace(&a, sc.as_ref(), text, at, lh);
                            let text = b.text.clone();
                            drop(b);
                            after_edit(text);
                        }
                        None => b.text = text,
                    }
                    return;
                }
                if b.windowed() && is("a") {
                    // Select all: the whole text goes into the textarea while it is selected.
                    e.prevent_default();
                    let (whole, len) = (Window::whole(&b.text, &b.index), b.text.len());
                    b.show(&a, sc.as_ref(), whole, 0..len, lh);
                    return;
                }
                if b.windowed() && (key == "Home" || key == "End") {
                    // The start or end of the whole text, not of the window.
                    e.prevent_default();
                    let to = if key == "Home" { 0 } else { b.text.len() };
                    let from = if e.shift_key() { b.selection(&a).start } else { to };
                    let lines = window::around_selection(&b.index, &(from.min(to)..from.max(to)));
                    let win = Window::of(&b.text, &b.index, lines);
                    b.show(&a, sc.as_ref(), win, from.min(to)..from.max(to), lh);
                    if let Some(sc) = &sc {
                        sc.set_scroll_top(if to == 0 { 0 } else { sc.scroll_height() });
                    }
                    return;
                }
            }
            let lone_modifier = matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta" | "CapsLock" | "Escape");
            if !lone_modifier && !command && b.detached.is_some() {
                // The caret was left outside the window (and not put elsewhere since): it comes
                // back before the key acts, which then brings the view to it, as a browser does.
                let sel = b.selection(&a);
                if b.detached.is_some() {
                    let win = Window::of(&b.text, &b.index, window::around_selection(&b.index, &sel));
                    b.show(&a, sc.as_ref(), win, sel.clone(), lh);
                    // The view goes to the caret now: the window must not follow the old view
                    // away from it again before the browser scrolls.
                    reveal(sc.as_ref(), &b, sel.end, lh);
                }
            }
            if e.ctrl_key() || e.alt_key() || e.meta_key() {
                return;
            }
            let ours = match key.as_str() {
                "Tab" => !after_escape,
                "Enter" => !e.shift_key(),
                _ => false,
            };
            if !ours || readonly {
                // Any other key is the browser's: no copy of a big text for it.
                return;
            }
            let value = a.value();
            let start = a.selection_start().ok().flatten().unwrap_or(0);
            let end = a.selection_end().ok().flatten().unwrap_or(start);
            let edited: Option<Edited> = match key.as_str() {
                "Tab" if e.shift_key() => Some(text::untab(&value, start)),
                "Tab" => Some(text::tab(&value, start, end)),
                "Enter" => Some(text::newline(&value, start, end)),
                _ => None,
            };
            if let Some(ed) = edited {
                e.prevent_default();
                put(&a, &value, &ed);
                if b.absorb(&a).is_ok() {
                    let text = b.text.clone();
                    drop(b);
                    after_edit(text);
                }
            }
        })
    };
    // The TAB problem's one action: the TABs YAML refuses become spaces (`text::tabs_to_spaces`).
    let fix_tabs = {
        let (buf, layers, scroll, area, after_edit) =
            (buf.clone(), layers.clone(), scroll.clone(), area.clone(), after_edit.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(a) = area.cast::<HtmlTextAreaElement>() else { return };
            let mut b = buf.borrow_mut();
            let caret = b.selection(&a).start;
            let ed = text::tabs_to_spaces(&b.text, text::utf16_of(&b.text, caret));
            let at = text::byte_of(&ed.text, ed.caret);
            if let Some(c) = Change::between(&b.text, &ed.text, 0) {
                b.history.record(c);
            }
            let lh = scroll.borrow().line_height;
            b.replace(&a, layers.scroller.cast::<HtmlElement>().as_ref(), ed.text, at, lh);
            let _ = a.focus();
            let text = b.text.clone();
            drop(b);
            after_edit(text);
        })
    };
    // The textarea never scrolls inside (it is as tall and wide as its lines); a paste of many
    // lines may scroll it before it is given its new height: back to its place.
    let on_inner_scroll = Callback::from(|e: Event| {
        let a = e.target_unchecked_into::<HtmlTextAreaElement>();
        a.set_scroll_top(0);
        a.set_scroll_left(0);
    });
    let onscroll = {
        let (area, layers, scroll, drawn, redraw, buf) =
            (area.clone(), layers.clone(), scroll.clone(), drawn.clone(), redraw.clone(), buf.clone());
        Callback::from(move |_: Event| {
            let (Some(a), Some(sc)) = (area.cast::<HtmlTextAreaElement>(), layers.scroller.cast::<HtmlElement>())
            else {
                return;
            };
            if follow_view(&a, &sc, &layers, &scroll, &buf, &drawn.borrow(), false) {
                redraw.force_update();
            }
        })
    };

    let status = match (&doc.path, doc.on_disk.as_ref() == Some(&doc.text)) {
        (None, _) => html! {},
        (Some(_), _) if doc.too_big.is_some() => html! {},
        (Some(_), true) => {
            html! { <span class="save-state saved" data-testid="editor-saved">{ T::Saved.get(lang) }</span> }
        }
        (Some(_), false) => html! { <span class="save-state">{ T::Unsaved.get(lang) }</span> },
    };
    let found: Option<&Vec<Problem>> = match &*verdict {
        Verdict::Checked(_, v) => Some(v),
        _ => None,
    };
    let check_state = match (&*verdict, found.map(|v| check::counts(v))) {
        (Verdict::Skipped, _) => html! {
            <span class="check-state skip" data-testid="editor-check">{ i18n::check_skipped(lang, view::MAX_CHECK_BYTES) }</span>
        },
        (_, None) => html! {},
        (_, Some((0, _))) => html! {
            <span class="check-state ok" data-testid="editor-check">{ i18n::check_state(lang, 0) }</span>
        },
        (_, Some((n, _))) => html! {
            <span class="check-state bad" data-testid="editor-check">{ i18n::check_state(lang, n) }</span>
        },
    };
    // The lines to draw: those in view and a margin (see `view`).
    let sc = *scroll.borrow();
    let range: Range<usize> = view::visible(sc.top, sc.height, sc.line_height, total, view::MARGIN);
    *drawn.borrow_mut() = range.clone();
    let lh = sc.line_height;
    let below = total - range.end;
    // The layer over the text: problem lines underlined, their message after the line's end.
    let marks_layer = match (&*verdict, found.is_some_and(|v| v.iter().any(|p| p.line.is_some()))) {
        (Verdict::Checked(text, list), true) => {
            // Each line's first error, else its first warning (a list: a file has few problems).
            let mut by_line: Vec<(u32, &Problem)> = Vec::new();
            for p in list {
                if let Some(l) = p.line {
                    match by_line.iter_mut().find(|(at, _)| *at == l) {
                        Some(e) if e.1.warning && !p.warning => e.1 = p,
                        Some(_) => {}
                        None => by_line.push((l, p)),
                    }
                }
            }
            let checked = Lines::new(text);
            let shown = range.start.min(checked.count())..range.end.min(checked.count());
            let (above, after) = (shown.start, total.saturating_sub(shown.end));
            let rows = shown.map(|i| {
                let line = checked.line(text, i);
                let n = i as u32 + 1;
                match by_line.iter().find(|(at, _)| *at == n).map(|(_, p)| p) {
                    None => html! { <>{ line.to_string() }{ "\n" }</> },
                    Some(p) => {
                        let kind = if p.warning { "warn" } else { "err" };
                        let body = line.trim_start();
                        let indent = &line[..line.len() - body.len()];
                        let shown = if body.trim().is_empty() { "  ".to_string() } else { body.to_string() };
                        html! { <>
                            { indent.to_string() }
                            <span class={classes!("mark-line", kind)}>{ shown }</span>
                            <span class={classes!("mark-msg", kind)} data-line={n.to_string()}>{ format!("  ← {}", p.text) }</span>
                            { "\n" }
                        </> }
                    }
                }
            });
            html! {
                <pre class="code-marks" ref={layers.marks.clone()} aria-hidden="true">
                    { spacer(above, lh, Some(lines.widest() + 60)) }
                    <div class="vlines">{ for rows }</div>
                    { spacer(after, lh, None) }
                </pre>
            }
        }
        _ => html! {},
    };
    let problem_list = match found {
        Some(list) if !list.is_empty() => {
            let items = list.iter().map(|p| {
                // «línea 13:5»: the line and, when known, the column.
                let where_ = match p.line {
                    Some(l) => {
                        let mut w = i18n::line_n(lang, l);
                        if let Some(c) = p.col {
                            w.push(':');
                            w.push_str(&c.to_string());
                        }
                        w
                    }
                    None => p.place.clone(),
                };
                html! {
                    <li class={if p.warning { "warn" } else { "err" }} data-testid="editor-problem"
                        data-line={p.line.map(|l| l.to_string()).unwrap_or_default()}
                        data-col={p.col.map(|c| c.to_string()).unwrap_or_default()}>
                        if !where_.is_empty() { <span class="where">{ where_ }</span> }
                        <span class="what">{ p.text.clone() }</span>
                        <code class="docker-says" title={T::DockerSays.get(lang)}>{ p.compose.clone() }</code>
                    </li>
                }
            });
            let tabs = doc.path.as_deref().is_some_and(is_yaml) && text::has_indent_tabs(&b.text);
            html! {
                <div class="problems-wrap">
                    if tabs {
                        <button type="button" class="fix-tabs" data-testid="editor-fix-tabs" onclick={fix_tabs}>
                            { T::FixTabs.get(lang) }
                        </button>
                    }
                    <ul class="problems" aria-label={T::Problems.get(lang)} aria-live="polite">{ for items }</ul>
                </div>
            }
        }
        _ => html! {},
    };
    // `x-muelle` is Muelle's own extension: said where it appears, so nobody expects it of Docker.
    let xmuelle_note = if doc.path.as_deref().is_some_and(check::is_compose) && b.text.contains("x-muelle") {
        html! {
            <details class="xmuelle-note" data-testid="editor-xmuelle-note">
                <summary>{ "x-muelle" }</summary>
                <p role="note">{ T::XMuelleNote.get(lang) }</p>
            </details>
        }
    } else {
        html! {}
    };
    let refusal = match *refused {
        Some(size) => html! {
            <p class="form-error editor-refused" role="alert" data-testid="editor-refused">
                { i18n::too_big_to_edit(lang, size, view::MAX_EDIT_BYTES) }
            </p>
        },
        None => html! {},
    };
    let body = match (&doc.path, doc.too_big) {
        (None, _) => html! { <p class="empty-hint">{ T::NoFile.get(lang) }</p> },
        (Some(_), Some(size)) => html! {
            <p class="empty-hint" role="status" data-testid="editor-too-big">{ i18n::too_big_to_open(lang, size, view::MAX_EDIT_BYTES) }</p>
        },
        (Some(p), None) => {
            let numbers: String = (range.start + 1..=range.end).map(|n| format!("{n}\n")).collect();
            let yaml = is_yaml(p);
            let rows = range.clone().map(|i| {
                let line = lines.line(&b.text, i);
                let coloured = if yaml && line.len() <= view::LONG_LINE {
                    highlight_yaml(line)
                        .into_iter()
                        .map(|(h, s)| {
                            if h.class().is_empty() {
                                tabs_shown(s)
                            } else {
                                html! { <span class={h.class()}>{ tabs_shown(s) }</span> }
                            }
                        })
                        .collect::<Html>()
                } else {
                    tabs_shown(line)
                };
                html! { <>{ coloured }{ "\n" }</> }
            });
            let digits = view::number_width(total);
            html! {
                <div class="editor-body">
                    <pre class="gutter" ref={layers.gutter.clone()} aria-hidden="true" data-lines={total.to_string()}
                        style={format!("min-width: max(2.6em, calc({digits}ch + 0.8em + 1px))")}>
                        { spacer(range.start, lh, None) }
                        <div class="vlines">{ numbers }</div>
                        { spacer(below, lh, None) }
                    </pre>
                    <div class="code">
                        <pre class="code-hl" ref={layers.hl.clone()} aria-hidden="true"
                            data-first={range.start.to_string()} data-drawn={range.len().to_string()}>
                            { spacer(range.start, lh, Some(lines.widest() + 1)) }
                            <div class="vlines" ref={layers.drawn.clone()}>{ for rows }</div>
                            { spacer(below, lh, None) }
                        </pre>
                        { marks_layer }
                        // Placed inline as well as in the style sheet: its height must never come
                        // from its content (the whole file's), or every line would count as in view.
                        <div class="code-scroll" ref={layers.scroller.clone()} {onscroll}
                            style="position:absolute;inset:0;overflow:auto"
                            data-bytes={b.text.len().to_string()}>
                            <div class="code-space" aria-hidden="true" style={format!(
                                "height:calc({}px + 1rem);width:calc({}ch + 1.2rem)",
                                trimmed(view::height_of(total, lh), 3), lines.widest() + 1
                            )}></div>
                            <textarea ref={area.clone()} class="code-input" data-testid="editor"
                                spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" {readonly}
                                aria-label={format!("{}: {p}", T::Editor.get(lang))} aria-describedby="editor-leave"
                                {oninput} {onkeydown} {onpaste} {oncopy} {oncut} onscroll={on_inner_scroll} />
                        </div>
                    </div>
                </div>
            }
        }
    };

    html! {
        <section class="panel editor" aria-label={T::Editor.get(lang)} ref={section}>
            <header class="panel-head">
                <h2>{ T::Editor.get(lang) }</h2>
                <span class="muted mono file-name">{ doc.path.clone().unwrap_or_default() }</span>
                { check_state }
                { xmuelle_note }
                { status }
            </header>
            { refusal }
            // Shown by the stylesheet while the text has the focus (Tab indents there).
            <p class="editor-leave" id="editor-leave" data-testid="editor-leave">{ T::EditorLeave.get(lang) }</p>
            { body }
            { problem_list }
        </section>
    }
}
