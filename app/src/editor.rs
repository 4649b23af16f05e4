//! The editor: a textarea over a coloured copy of its text, with line numbers. Tab inserts two
//! spaces, Enter keeps the indentation, and what is typed is written into the simulated host
//! ([`sim_core::Session::write_host_file`]) shortly after typing stops.
//!
//! The textarea's text is transparent and a `<pre>` behind it shows the same text coloured; both
//! share font, padding and scroll position. Pressing Escape lets the next Tab leave the editor
//! (keyboard users are never trapped).
//!
//! Big files stay fast ([`view`]): the textarea is left alone while typing (its value is only set
//! when a file is loaded; Tab and Enter splice their few characters in), and the layers behind
//! and beside it draw only the lines in view. Files over [`view::MAX_EDIT_BYTES`] are refused,
//! a paste that would pass it before it lands, and Compose checks of big files wait for a pause
//! (or, over [`view::MAX_CHECK_BYTES`], are left to `docker compose config`).

pub mod check;
pub mod text;
pub mod view;

use std::ops::Range;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{self, Lang, T};
use crate::SharedSession;
use check::Problem;
use text::{highlight_yaml, is_yaml, Edited};
use view::Lines;

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

/// The three layers that follow the textarea's scroll.
#[derive(Clone, Default)]
struct Layers {
    hl: NodeRef,
    gutter: NodeRef,
    marks: NodeRef,
    /// The drawn lines of the coloured layer (measured for the line height).
    drawn: NodeRef,
}

impl Layers {
    fn follow(&self, a: &HtmlTextAreaElement) {
        for layer in [&self.hl, &self.marks] {
            if let Some(h) = layer.cast::<HtmlElement>() {
                h.set_scroll_top(a.scroll_top());
                h.set_scroll_left(a.scroll_left());
            }
        }
        if let Some(g) = self.gutter.cast::<HtmlElement>() {
            g.set_scroll_top(a.scroll_top());
        }
    }
}

/// An empty block as tall as `lines` lines (and, for the top one, as wide as the widest line, so
/// the layer scrolls as far sideways as the textarea).
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

fn spacer(lines: usize, line_height: f64, width_ch: Option<usize>) -> Html {
    let h = view::height_of(lines, line_height);
    let style = match width_ch {
        Some(w) => format!("height:{h}px;width:{w}ch"),
        None => format!("height:{h}px"),
    };
    html! { <div class="vspace" {style}></div> }
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    crate::renders::count(crate::renders::Part::Editor);
    let EditorProps { session, rev, lang, path, readonly } = props.clone();
    let doc = use_state(Doc::default);
    let timer = use_mut_ref(|| None::<Timeout>);
    let escape = use_mut_ref(|| false);
    let area = use_node_ref();
    let layers = use_memo((), |_| Layers::default());
    let section = use_node_ref();
    let verdict = use_state(|| Verdict::None);
    let check_timer = use_mut_ref(|| None::<Timeout>);
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
                    let _ = s.set_attribute("data-check-ms", &format!("{:.1}", t1 - t0));
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
    // The textarea's value is set only when a text is loaded (never while typing: setting 1 MB
    // costs a full relayout, and reading it back on every render a full copy).
    {
        let (area, doc2) = (area.clone(), doc.clone());
        use_effect_with((doc.loaded, doc.path.clone(), doc.too_big), move |_| {
            if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                if a.value() != doc2.text {
                    a.set_value(&doc2.text);
                }
            }
        });
    }
    let lines = Lines::new(&doc.text);
    let total = lines.count();
    // After every render: layers follow the textarea; measure the viewport and the line height,
    // and draw again if the drawn lines no longer cover the view.
    {
        let (area, layers, scroll, drawn, redraw) =
            (area.clone(), layers.clone(), scroll.clone(), drawn.clone(), redraw.clone());
        use_effect(move || {
            let Some(a) = area.cast::<HtmlTextAreaElement>() else { return };
            layers.follow(&a);
            let mut s = scroll.borrow_mut();
            let mut again = false;
            let height = f64::from(a.client_height());
            if height > 0.0 && (height - s.height).abs() >= 1.0 {
                s.height = height;
                again = true;
            }
            s.top = f64::from(a.scroll_top());
            let d = drawn.borrow().clone();
            if !view::covers(&d, &view::visible(s.top, s.height, s.line_height, total, 0)) {
                again = true;
            }
            if let Some(el) = layers.drawn.cast::<web_sys::Element>() {
                let n = d.len();
                let h = el.get_bounding_client_rect().height();
                let lh = h / n as f64;
                if n > 0 && lh.is_finite() && lh > 1.0 && (lh - s.line_height).abs() > 0.01 {
                    s.line_height = lh;
                    again = true;
                }
            }
            drop(s);
            if again {
                redraw.force_update();
            }
        });
    }

    let schedule = {
        let (timer, save, area) = (timer.clone(), save.clone(), area.clone());
        move || {
            let (save, area, timer2) = (save.clone(), area.clone(), timer.clone());
            *timer.borrow_mut() = Some(Timeout::new(SAVE_AFTER_MS, move || {
                timer2.borrow_mut().take();
                if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                    save(a.value());
                }
            }));
        }
    };
    let oninput = {
        let (doc, schedule, schedule_check, refused) =
            (doc.clone(), schedule.clone(), schedule_check.clone(), refused.clone());
        Callback::from(move |e: InputEvent| {
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            let value = a.value();
            if value.len() > view::MAX_EDIT_BYTES {
                // Dropped or typed past the limit: back to the last text, and say why.
                a.set_value(&doc.text);
                refused.set(Some(value.len()));
                return;
            }
            if refused.is_some() {
                refused.set(None);
            }
            schedule_check(value.clone());
            doc.set(Doc { text: value, ..(*doc).clone() });
            schedule();
        })
    };
    // A paste that would make the file too big is refused before it lands.
    let onpaste = {
        let (doc, refused) = (doc.clone(), refused.clone());
        Callback::from(move |e: Event| {
            let Some(ce) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
            let Some(pasted) = ce.clipboard_data().and_then(|d| d.get_data("text").ok()) else { return };
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            let start = a.selection_start().ok().flatten().unwrap_or(0);
            let end = a.selection_end().ok().flatten().unwrap_or(start);
            let size = view::size_after_paste(&doc.text, start, end, pasted.len());
            if size > view::MAX_EDIT_BYTES {
                e.prevent_default();
                refused.set(Some(size));
            }
        })
    };
    let onkeydown = {
        let (doc, schedule, escape) = (doc.clone(), schedule.clone(), escape.clone());
        let schedule_check = schedule_check.clone();
        Callback::from(move |e: KeyboardEvent| {
            let after_escape = std::mem::replace(&mut *escape.borrow_mut(), e.key() == "Escape");
            if e.ctrl_key() || e.alt_key() || e.meta_key() || e.is_composing() {
                return;
            }
            let key = e.key();
            let ours = match key.as_str() {
                "Tab" => !after_escape,
                "Enter" => !e.shift_key(),
                _ => false,
            };
            if !ours {
                // Any other key is the browser's: no copy of a big text for it.
                return;
            }
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            let value = a.value();
            let start = a.selection_start().ok().flatten().unwrap_or(0);
            let end = a.selection_end().ok().flatten().unwrap_or(start);
            let edited: Option<Edited> = match key.as_str() {
                "Tab" if after_escape => None,
                "Tab" if e.shift_key() => Some(text::untab(&value, start)),
                "Tab" => Some(text::tab(&value, start, end)),
                "Enter" if !e.shift_key() => Some(text::newline(&value, start, end)),
                _ => None,
            };
            if let Some(ed) = edited {
                e.prevent_default();
                put(&a, &value, &ed);
                schedule_check(ed.text.clone());
                doc.set(Doc { text: ed.text, ..(*doc).clone() });
                schedule();
            }
        })
    };
    // The TAB problem's one action: the TABs YAML refuses become spaces (`text::tabs_to_spaces`).
    let fix_tabs = {
        let (doc, schedule, area) = (doc.clone(), schedule.clone(), area.clone());
        let schedule_check = schedule_check.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(a) = area.cast::<HtmlTextAreaElement>() else { return };
            let value = a.value();
            let caret = a.selection_start().ok().flatten().unwrap_or(0);
            let ed = text::tabs_to_spaces(&value, caret);
            put(&a, &value, &ed);
            let _ = a.focus();
            schedule_check(ed.text.clone());
            doc.set(Doc { text: ed.text, ..(*doc).clone() });
            schedule();
        })
    };
    let onscroll = {
        let (layers, scroll, drawn, redraw) = (layers.clone(), scroll.clone(), drawn.clone(), redraw.clone());
        Callback::from(move |e: Event| {
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            layers.follow(&a);
            let mut s = scroll.borrow_mut();
            s.top = f64::from(a.scroll_top());
            let height = f64::from(a.client_height());
            if height > 0.0 {
                s.height = height;
            }
            let needed = view::visible(s.top, s.height, s.line_height, total, 0);
            drop(s);
            if !view::covers(&drawn.borrow(), &needed) {
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
            let mut by_line: std::collections::BTreeMap<u32, &Problem> = Default::default();
            for p in list {
                if let Some(l) = p.line {
                    let e = by_line.entry(l).or_insert(p);
                    if e.warning && !p.warning {
                        *e = p;
                    }
                }
            }
            let checked = Lines::new(text);
            let shown = range.start.min(checked.count())..range.end.min(checked.count());
            let (above, after) = (shown.start, total.saturating_sub(shown.end));
            let rows = shown.map(|i| {
                let line = checked.line(text, i);
                let n = i as u32 + 1;
                match by_line.get(&n) {
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
                let where_ = match p.line {
                    Some(l) => i18n::line_n(lang, l),
                    None => p.place.clone(),
                };
                html! {
                    <li class={if p.warning { "warn" } else { "err" }} data-testid="editor-problem"
                        data-line={p.line.map(|l| l.to_string()).unwrap_or_default()}>
                        if !where_.is_empty() { <span class="where">{ where_ }</span> }
                        <span class="what">{ p.text.clone() }</span>
                        <code class="docker-says" title={T::DockerSays.get(lang)}>{ p.compose.clone() }</code>
                    </li>
                }
            });
            let tabs = doc.path.as_deref().is_some_and(is_yaml) && text::has_indent_tabs(&doc.text);
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
                let line = lines.line(&doc.text, i);
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
                        <textarea ref={area.clone()} class="code-input" data-testid="editor"
                            spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" {readonly}
                            aria-label={format!("{}: {p}", T::Editor.get(lang))}
                            {oninput} {onkeydown} {onscroll} {onpaste} />
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
                { status }
            </header>
            { refusal }
            { body }
            { problem_list }
        </section>
    }
}
