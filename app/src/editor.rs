//! The editor: a textarea over a coloured copy of its text, with line numbers. Tab inserts two
//! spaces, Enter keeps the indentation, and what is typed is written into the simulated host
//! ([`sim_core::Session::write_host_file`]) shortly after typing stops.
//!
//! The textarea's text is transparent and a `<pre>` behind it shows the same text coloured; both
//! share font, padding and scroll position. Pressing Escape lets the next Tab leave the editor
//! (keyboard users are never trapped).

pub mod check;
pub mod text;

use gloo::timers::callback::Timeout;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{self, Lang, T};
use crate::SharedSession;
use check::Problem;
use text::{highlight_yaml, is_yaml, line_count, Edited};

/// Quiet time after the last keystroke before the file is written (ms).
const SAVE_AFTER_MS: u32 = 400;
/// Quiet time after the last keystroke before a Compose file is validated (ms).
const CHECK_AFTER_MS: u32 = 300;

fn now_ms() -> Option<f64> {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now())
}

#[derive(Properties, Clone)]
pub struct EditorProps {
    pub session: SharedSession,
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
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let EditorProps { session, rev, lang, path, readonly } = props.clone();
    let doc = use_state(Doc::default);
    let timer = use_mut_ref(|| None::<Timeout>);
    let escape = use_mut_ref(|| false);
    let area = use_node_ref();
    let hl = use_node_ref();
    let gutter = use_node_ref();
    let marks = use_node_ref();
    let section = use_node_ref();
    // Problems found in the open Compose file (`None`: not a Compose file) and the text they are for.
    let problems = use_state(|| None::<(String, Vec<Problem>)>);
    let check_timer = use_mut_ref(|| None::<Timeout>);
    // When the last validation started, to time validation + redraw (`data-check-ms`).
    let check_started = use_mut_ref(|| None::<f64>);
    let checked_lang = use_mut_ref(|| lang);

    let run_check = {
        let (session, problems, check_started, checked_lang) =
            (session.clone(), problems.clone(), check_started.clone(), checked_lang.clone());
        move |path: Option<&str>, text: String| {
            *check_started.borrow_mut() = now_ms();
            *checked_lang.borrow_mut() = lang;
            match path.filter(|p| check::is_compose(p)) {
                Some(p) => {
                    let found = check::check(&session.borrow(), p, &text, lang);
                    problems.set(Some((text, found)));
                }
                None => problems.set(None),
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
    let schedule_check = {
        let (check_timer, run_check) = (check_timer.clone(), run_check.clone());
        let path = path.clone();
        move |text: String| {
            let (run_check, path) = (run_check.clone(), path.clone());
            *check_timer.borrow_mut() = Some(Timeout::new(CHECK_AFTER_MS, move || run_check(path.as_deref(), text)));
        }
    };

    // Writes the textarea's current text to the open file.
    let save = {
        let (session, doc) = (session.clone(), doc.clone());
        move |text: String| {
            let Some(p) = doc.path.clone() else { return };
            if session.borrow_mut().write_host_file(&p, text.as_bytes()).is_ok() {
                doc.set(Doc { path: Some(p), on_disk: Some(text.clone()), text });
            }
        }
    };

    // Opening another file: save the one being left, then read the new one.
    // The simulated disk changed (the shell wrote the file): reload unless there are unsaved edits.
    {
        let (session, doc, timer, save) = (session.clone(), doc.clone(), timer.clone(), save.clone());
        let (run_check, checked_lang) = (run_check.clone(), checked_lang.clone());
        use_effect_with((path.clone(), rev, lang), move |(path, _, lang)| {
            let lang = *lang;
            let read = |p: &str| {
                let s = session.borrow();
                let data = s.read_host_file(p).ok()?;
                Some(String::from_utf8_lossy(&data).into_owned())
            };
            if doc.path != *path {
                if timer.borrow_mut().take().is_some() && doc.on_disk.as_ref() != Some(&doc.text) {
                    save(doc.text.clone());
                }
                let content = path.as_deref().and_then(read);
                run_check(path.as_deref().filter(|_| content.is_some()), content.clone().unwrap_or_default());
                doc.set(Doc {
                    path: path.clone().filter(|_| content.is_some()),
                    text: content.clone().unwrap_or_default(),
                    on_disk: content,
                });
            } else if let Some(p) = &doc.path {
                let now = read(p);
                if *checked_lang.borrow() != lang {
                    run_check(Some(p), doc.text.clone());
                }
                let clean = doc.on_disk.as_ref() == Some(&doc.text);
                if now != doc.on_disk && clean && timer.borrow().is_none() {
                    run_check(now.as_ref().map(|_| p.as_str()), now.clone().unwrap_or_default());
                    doc.set(Doc {
                        path: now.as_ref().map(|_| p.clone()),
                        text: now.clone().unwrap_or_default(),
                        on_disk: now,
                    });
                }
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
        let (doc, schedule, schedule_check) = (doc.clone(), schedule.clone(), schedule_check.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            schedule_check(value.clone());
            doc.set(Doc { text: value, ..(*doc).clone() });
            schedule();
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
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            let value = a.value();
            let start = a.selection_start().ok().flatten().unwrap_or(0);
            let end = a.selection_end().ok().flatten().unwrap_or(start);
            let edited: Option<Edited> = match e.key().as_str() {
                "Tab" if after_escape => None,
                "Tab" if e.shift_key() => Some(text::untab(&value, start)),
                "Tab" => Some(text::tab(&value, start, end)),
                "Enter" if !e.shift_key() => Some(text::newline(&value, start, end)),
                _ => None,
            };
            if let Some(ed) = edited {
                e.prevent_default();
                a.set_value(&ed.text);
                let _ = a.set_selection_range(ed.caret, ed.caret);
                schedule_check(ed.text.clone());
                doc.set(Doc { text: ed.text, ..(*doc).clone() });
                schedule();
            }
        })
    };
    let onscroll = {
        let (hl, gutter, marks) = (hl.clone(), gutter.clone(), marks.clone());
        Callback::from(move |e: Event| {
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            for layer in [&hl, &marks] {
                if let Some(h) = layer.cast::<HtmlElement>() {
                    h.set_scroll_top(a.scroll_top());
                    h.set_scroll_left(a.scroll_left());
                }
            }
            if let Some(g) = gutter.cast::<HtmlElement>() {
                g.set_scroll_top(a.scroll_top());
            }
        })
    };

    let status = match (&doc.path, doc.on_disk.as_ref() == Some(&doc.text)) {
        (None, _) => html! {},
        (Some(_), true) => {
            html! { <span class="save-state saved" data-testid="editor-saved">{ T::Saved.get(lang) }</span> }
        }
        (Some(_), false) => html! { <span class="save-state">{ T::Unsaved.get(lang) }</span> },
    };
    let found: Option<&Vec<Problem>> = problems.as_ref().map(|(_, v)| v);
    let check_state = match found.map(|v| check::counts(v)) {
        None => html! {},
        Some((0, _)) => html! {
            <span class="check-state ok" data-testid="editor-check">{ i18n::check_state(lang, 0) }</span>
        },
        Some((n, _)) => html! {
            <span class="check-state bad" data-testid="editor-check">{ i18n::check_state(lang, n) }</span>
        },
    };
    // The layer over the text: problem lines underlined, their message after the line's end.
    let marks_layer = match (&*problems, found.is_some_and(|v| v.iter().any(|p| p.line.is_some()))) {
        (Some((text, list)), true) => {
            let mut by_line: std::collections::BTreeMap<u32, &Problem> = Default::default();
            for p in list {
                if let Some(l) = p.line {
                    let e = by_line.entry(l).or_insert(p);
                    if e.warning && !p.warning {
                        *e = p;
                    }
                }
            }
            let lines = text.split('\n').enumerate().map(|(i, line)| {
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
            html! { <pre class="code-marks" ref={marks.clone()} aria-hidden="true">{ for lines }</pre> }
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
            html! { <ul class="problems" aria-label={T::Problems.get(lang)} aria-live="polite">{ for items }</ul> }
        }
        _ => html! {},
    };
    let body = match &doc.path {
        None => html! { <p class="empty-hint">{ T::NoFile.get(lang) }</p> },
        Some(p) => {
            let numbers: String = (1..=line_count(&doc.text)).map(|n| format!("{n}\n")).collect();
            let coloured = if is_yaml(p) {
                highlight_yaml(&doc.text)
                    .into_iter()
                    .map(|(h, s)| {
                        if h.class().is_empty() {
                            html! { { s.to_string() } }
                        } else {
                            html! { <span class={h.class()}>{ s.to_string() }</span> }
                        }
                    })
                    .collect::<Html>()
            } else {
                html! { { doc.text.clone() } }
            };
            html! {
                <div class="editor-body">
                    <pre class="gutter" ref={gutter.clone()} aria-hidden="true">{ numbers }</pre>
                    <div class="code">
                        // The trailing newline keeps the last line's height when the text ends in one.
                        <pre class="code-hl" ref={hl.clone()} aria-hidden="true">{ coloured }{ "\n" }</pre>
                        { marks_layer }
                        <textarea ref={area.clone()} class="code-input" data-testid="editor" value={doc.text.clone()}
                            spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" {readonly}
                            aria-label={format!("{}: {p}", T::Editor.get(lang))}
                            {oninput} {onkeydown} {onscroll} />
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
            { body }
            { problem_list }
        </section>
    }
}
