//! The lessons panel: the list of guided lessons, and the open lesson's steps, each marked done
//! when its checks pass on the simulator (never on what was typed), with hints after wrong tries.
//!
//! The page owns the [`tracker::Tracker`] (it evaluates the checks on its clock and after each
//! finished command, and announces completions to an embedding page); this component only shows
//! it and asks the page to open, close or reset a lesson. Browser-free logic: [`catalog`] (the
//! lessons, a file of the site fetched when the panel first shows), [`tracker`] (progress, wrong tries, saving) and [`code_spans`].

pub mod catalog;
pub mod guide;
pub mod tracker;

use sim_core::lessons::Lesson;
use yew::prelude::*;

use crate::i18n::{self, Lang, T};
use crate::icons::{icon, Icon};
use crate::persist;
use tracker::Tracker;

#[derive(Properties, PartialEq, Clone)]
pub struct LessonsPanelProps {
    pub page: crate::control::Page,
    pub lang: Lang,
    pub browsable: bool,
}

/// The seed a lesson with per-student variables starts with, so that its values are this
/// student's: from the xAPI launch's `actor` when the address has one (the teacher's page says who
/// the student is, so they get the same values on any computer, and the dashboard shows them),
/// else a random one kept in this browser (`muelle-student.seed`, outside the `muelle.` keys the
/// page moves into IndexedDB).
pub fn student_seed() -> u64 {
    let window = web_sys::window();
    let search = window.as_ref().and_then(|w| w.location().search().ok()).unwrap_or_default();
    // Or the launch `index.html` started the records with (a SCORM package's, whose actor is
    // the student the LMS names: static/scorm.js).
    let started = window
        .as_ref()
        .and_then(|w| w.get("muelleRecords"))
        .and_then(|f| js_sys::Reflect::get(&f, &"launch".into()).ok())
        .and_then(|l| l.as_string())
        .unwrap_or_default();
    for query in [search.as_str(), started.as_str()] {
        if let Some(seed) = crate::embed::params::param(query, "actor").and_then(|a| seed_of_actor(&a)) {
            return seed;
        }
    }
    const KEY: &str = "muelle-student.seed";
    let storage = window.and_then(|w| w.local_storage().ok().flatten());
    if let Some(seed) = storage.as_ref().and_then(|s| s.get_item(KEY).ok().flatten()).and_then(|v| v.parse().ok()) {
        return seed;
    }
    let seed = 2 + (js_sys::Math::random() * 999_999_990.0) as u64;
    if let Some(s) = storage {
        let _ = s.set_item(KEY, &seed.to_string());
    }
    seed
}

/// The seed of an xAPI actor (its JSON): FNV-1a of what identifies it (`mbox`, `mbox_sha1sum`,
/// `openid`, or the account's `homePage` and `name`), whatever else it holds and in whatever
/// order; `None` for an actor that identifies no one. At least 2, under 10⁹ (a seed one can type).
pub fn seed_of_actor(json: &str) -> Option<u64> {
    seed_of_value(&crate::json::parse(json)?)
}

/// [`seed_of_actor`] of an actor already read.
pub fn seed_of_value(actor: &crate::json::Json) -> Option<u64> {
    let field = |k: &str| actor.get(k).and_then(|v| v.as_str());
    let id = match (field("mbox"), field("mbox_sha1sum"), field("openid"), actor.get("account")) {
        (Some(m), ..) => format!("mbox {m}"),
        (_, Some(s), ..) => format!("sha1 {s}"),
        (_, _, Some(o), _) => format!("openid {o}"),
        (_, _, _, Some(a)) => format!("account {} {}", a.get("homePage")?.as_str()?, a.get("name")?.as_str()?),
        _ => return None,
    };
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
    Some(2 + h % 999_999_990)
}

/// [`Lessons`] for the page's guide: the tracker moves on the clock (a step passes, a wrong try
/// shows a hint), so the panel watches it and redraws only when it changed.
#[component]
pub fn LessonsPanel(props: &LessonsPanelProps) -> Html {
    use crate::state::Action;
    let LessonsPanelProps { page, lang, browsable } = props.clone();
    // The seed too: a lesson's per-student values are drawn from it.
    let (open, seed) = {
        let (guide, page) = (page.guide.clone(), page.clone());
        crate::hooks::clock::use_watch(&page.clock.clone(), move || (guide.borrow().tracker.clone(), page.seed()))
    };
    let on_run = {
        let page = page.clone();
        Callback::from(move |(terminal, command): (String, String)| page.run_button(&terminal, command))
    };
    let on_open = {
        let page = page.clone();
        Callback::from(move |id: String| page.choose_lesson(&id))
    };
    let on_reset = {
        let page = page.clone();
        Callback::from(move |_: ()| page.reset_lesson())
    };
    let on_back = {
        let guide = page.guide.clone();
        Callback::from(move |_: ()| guide.borrow_mut().open(None, false))
    };
    html! {
        <Lessons {lang} {open} {seed} {browsable} {on_open} {on_back} {on_reset} {on_run} on_close={page.send(Action::ShowLessons(false))} />
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct LessonsProps {
    pub lang: Lang,
    /// The open lesson and the student's progress in it; `None` shows the list.
    pub open: Option<Tracker>,
    /// The session's seed, which draws the open lesson's per-student values.
    #[prop_or_default]
    pub seed: u64,
    /// Whether the list and the close button show (an embedded lesson stands alone).
    #[prop_or(true)]
    pub browsable: bool,
    pub on_open: Callback<String>,
    pub on_back: Callback<()>,
    pub on_reset: Callback<()>,
    pub on_close: Callback<()>,
    /// A run button was pressed: (the terminal's name, empty for the first; the command).
    #[prop_or_default]
    pub on_run: Callback<(String, String)>,
}

/// Splits `text` at backticks: `(is_code, piece)`; an unpaired backtick stays as text (a run
/// button counts as code: its command).
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    use sim_core::lessons::text::{pieces, Piece};
    pieces(text)
        .into_iter()
        .map(|p| match p {
            Piece::Text(s) => (false, s),
            Piece::Code(s) | Piece::Run { command: s, .. } => (true, s),
        })
        .collect()
}

/// A lesson as one student sees it: the values of its per-student variables for their seed, and
/// the sample values (seed 0's) its parsed checks hold. Empty for a lesson without variables.
pub struct Shown {
    values: Vec<(String, String)>,
    samples: Vec<(String, String)>,
}

impl Shown {
    pub fn new(lesson: &Lesson, seed: u64) -> Shown {
        if lesson.vars.is_empty() {
            return Shown { values: Vec::new(), samples: Vec::new() };
        }
        Shown { values: lesson.values(seed), samples: lesson.values(0) }
    }

    /// A text with `{{name}}` replaced by the student's value.
    pub fn text(&self, text: &str) -> String {
        sim_core::lessons::vars::substitute(text, &self.values)
    }

    /// A check's description (written with the sample values) with the student's.
    pub fn check(&self, described: &str) -> String {
        sim_core::lessons::vars::resample(described, &self.samples, &self.values)
    }

    /// The lesson's starting files with the student's values.
    pub fn files(&self, lesson: &Lesson) -> Vec<(String, String)> {
        lesson.files.iter().map(|(p, c)| (self.text(p), self.text(c))).collect()
    }
}

/// A lesson text: words, `code` and run buttons (`sim_core::lessons::text`), which call `on_run`
/// with the terminal's name and the command.
fn rich(text: &str, lang: Lang, on_run: &Callback<(String, String)>) -> Html {
    use sim_core::lessons::text::{pieces, Piece};
    let pieces = pieces(text.trim_end()).into_iter().map(|piece| match piece {
        Piece::Code(s) => html! { <code>{ s.to_string() }</code> },
        Piece::Text(s) => html! { { s.to_string() } },
        Piece::Run { command, terminal } => {
            let label = if terminal.is_empty() {
                format!("{}: {command}", T::RunFirstTerminal.get(lang))
            } else {
                format!("{} «{terminal}»: {command}", T::RunInTerminal.get(lang))
            };
            let onclick = {
                let (cb, t, c) = (on_run.clone(), terminal.to_string(), command.to_string());
                Callback::from(move |_: MouseEvent| cb.emit((t.clone(), c.clone())))
            };
            html! {
                <button type="button" class="run-btn" data-testid="lesson-run" data-terminal={terminal.to_string()}
                    title={label.clone()} aria-label={label} {onclick}>
                    <span class="run-mark" aria-hidden="true">{ "▶" }</span><code>{ command.to_string() }</code>
                </button>
            }
        }
    });
    html! { <>{ for pieces }</> }
}

/// Where fetching the lessons' file is (see [`catalog::load`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fetch {
    Loading,
    Done,
    Failed,
}

#[component]
pub fn Lessons(props: &LessonsProps) -> Html {
    let lang = props.lang;
    // The lessons are a file of the site (catalog): fetched the first time the panel shows,
    // with a loading note meanwhile and, if the fetch fails, why and a button to try again.
    let fetch = use_state(|| if catalog::loaded() { Fetch::Done } else { Fetch::Loading });
    {
        let fetch = fetch.clone();
        use_effect_with(*fetch, move |now| {
            if *now == Fetch::Loading {
                wasm_bindgen_futures::spawn_local(async move {
                    fetch.set(if catalog::load().await { Fetch::Done } else { Fetch::Failed });
                });
            }
        });
    }
    let confirming = use_state(crate::hooks::off as fn() -> bool);
    // Keyboard users land on the confirmation's button when it appears.
    let confirm_button = use_node_ref();
    {
        let confirm_button = confirm_button.clone();
        use_effect_with(*confirming, move |shown| {
            if let Some(b) = confirm_button.cast::<web_sys::HtmlElement>().filter(|_| *shown) {
                let _ = b.focus();
            }
        });
    }
    // The current step, or its newest hint, scrolls into view when it changes (the list can be
    // longer than the panel).
    let focus = props.open.as_ref().map(|t| {
        let hints = t.current().zip(catalog::find(&t.id)).map_or(0, |(s, l)| t.hints_shown(l, s));
        (t.id.clone(), t.current(), hints)
    });
    use_effect_with(focus, |_| scroll_to_current());
    let on_close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let head = |title: Html, back: bool| {
        let on_back = {
            let (cb, confirming) = (props.on_back.clone(), confirming.clone());
            Callback::from(move |_: MouseEvent| {
                confirming.set(false);
                cb.emit(())
            })
        };
        html! {
            <header class="panel-head">
                if back && props.browsable {
                    <button class="icon-btn" data-testid="lesson-back" title={T::AllLessons.get(lang)}
                        aria-label={T::AllLessons.get(lang)} onclick={on_back}>{ "←" }</button>
                }
                <h2>{ title }</h2>
                if props.browsable {
                    <div class="actions">
                        <button class="icon-btn" data-testid="lessons-close" title={T::Close.get(lang)}
                            aria-label={T::Close.get(lang)} onclick={on_close.clone()}>{ "×" }</button>
                    </div>
                }
            </header>
        }
    };

    if !catalog::loaded() {
        let retry = {
            let fetch = fetch.clone();
            Callback::from(move |_: MouseEvent| fetch.set(Fetch::Loading))
        };
        return html! {
            <section class="panel lessons" aria-label={T::Lessons.get(lang)} data-testid="lessons">
                { head(html! { { T::Lessons.get(lang) } }, false) }
                <div class="lessons-body">
                    if *fetch == Fetch::Failed {
                        <p role="alert" data-testid="lessons-failed">{ T::LessonsFailed.get(lang) }</p>
                        <button class="btn small" data-testid="lessons-retry" onclick={retry}>{ T::TryAgain.get(lang) }</button>
                    } else {
                        <p class="muted" role="status" data-testid="lessons-loading">{ T::LessonsLoading.get(lang) }</p>
                    }
                </div>
            </section>
        };
    }
    let Some(tracker) = &props.open else {
        let items = catalog::all().map(|lesson| {
            let saved = persist::load(&format!("muelle.lesson.{}", lesson.id));
            let done = Tracker::restore(lesson, saved.as_deref()).done_count();
            let on_open = {
                let (cb, id) = (props.on_open.clone(), lesson.id.clone());
                Callback::from(move |_: MouseEvent| cb.emit(id.clone()))
            };
            html! {
                <li>
                    <button class="lesson-item" data-testid="lesson-open" data-lesson={lesson.id.clone()} onclick={on_open}>
                        <span class="lesson-name">{ lesson.title.get(lang).to_string() }</span>
                        <span class="muted">{ i18n::steps_done(lang, done, lesson.steps.len()) }</span>
                    </button>
                </li>
            }
        });
        return html! {
            <section class="panel lessons" aria-label={T::Lessons.get(lang)} data-testid="lessons">
                { head(html! { { T::Lessons.get(lang) } }, false) }
                <div class="lessons-body">
                    <p class="muted">{ T::LessonsIntro.get(lang) }</p>
                    <ul class="lesson-list">{ for items }</ul>
                </div>
            </section>
        };
    };
    let Some(lesson) = catalog::find(&tracker.id) else { return html! {} };
    // The student's values (drawn from the seed) in its texts; its checks, parsed with the
    // values of seed 0, described with theirs (the simulator evaluates them `for_seed`).
    let shown = Shown::new(lesson, props.seed);
    let current = tracker.current();
    let on_run = &props.on_run;
    let steps = lesson
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| step_view(lesson, tracker, i, current, lang, step, on_run, &shown));
    let ask_reset = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel_reset = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let do_reset = {
        let (confirming, cb) = (confirming.clone(), props.on_reset.clone());
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            cb.emit(())
        })
    };
    let (done, total) = (tracker.done_count(), lesson.steps.len());
    // `name=value` pairs, for tools and tests that type a lesson's solution as this student.
    let values: Vec<String> = shown.values.iter().map(|(k, v)| format!("{k}={v}")).collect();
    html! {
        <section class="panel lessons" aria-label={T::Lessons.get(lang)} data-testid="lessons" data-lesson={lesson.id.clone()}
            data-values={values.join(" ")}>
            { head(html! { { shown.text(lesson.title.get(lang)) } }, true) }
            <div class="lessons-body">
                <div class="lesson-meta">
                    <progress max={total.to_string()} value={done.to_string()} aria-label={T::Progress.get(lang)}></progress>
                    <span data-testid="lesson-progress" aria-live="polite">{ i18n::steps_done(lang, done, total) }</span>
                    <button class="btn small" data-testid="lesson-reset" onclick={ask_reset}>
                        { icon(Icon::Reset) }{ T::ResetLesson.get(lang) }
                    </button>
                </div>
                if *confirming {
                    <div class="name-form confirm" role="alertdialog" aria-label={T::ResetLesson.get(lang)}>
                        <p>{ T::ResetLessonConfirm.get(lang) }</p>
                        <button class="btn small danger" data-testid="lesson-reset-confirm" onclick={do_reset}
                            ref={confirm_button.clone()}>
                            { T::ResetLesson.get(lang) }
                        </button>
                        <button class="btn small ghost" onclick={cancel_reset}>{ T::Cancel.get(lang) }</button>
                    </div>
                }
                <details class="lesson-intro" open={done == 0}>
                    <summary>{ T::Intro.get(lang) }</summary>
                    <p>{ rich(&shown.text(lesson.intro.get(lang)), lang, on_run) }</p>
                </details>
                if tracker.complete() {
                    <p class="lesson-complete" role="status" data-testid="lesson-complete">{ T::LessonComplete.get(lang) }</p>
                }
                <ol class="steps">{ for steps }</ol>
            </div>
        </section>
    }
}

/// Scrolls the panel (only the panel: `scrollIntoView` would also scroll a page embedding Muelle)
/// so the current step's hints, or the step, or the "lesson complete" note, are in view.
fn scroll_to_current() {
    let document = gloo::utils::document();
    let target = |sel: &str| document.query_selector(sel).ok().flatten();
    let (Some(body), Some(step)) = (
        target(".lessons .lessons-body"),
        target(".lessons .step.current .hints")
            .or_else(|| target(".lessons .step.current"))
            .or_else(|| target(".lessons .lesson-complete")),
    ) else {
        return;
    };
    let (outer, inner) = (body.get_bounding_client_rect(), step.get_bounding_client_rect());
    let above = inner.top() - outer.top();
    let below = inner.bottom() - outer.bottom();
    if above < 0.0 || inner.height() > outer.height() {
        body.set_scroll_top(body.scroll_top() + above as i32 - 8);
    } else if below > 0.0 {
        body.set_scroll_top(body.scroll_top() + below as i32 + 8);
    }
}

#[allow(clippy::too_many_arguments)] // one step: the lesson, the progress, and how this student sees it
fn step_view(
    lesson: &Lesson,
    tracker: &Tracker,
    i: usize,
    current: Option<usize>,
    lang: Lang,
    step: &sim_core::lessons::Step,
    on_run: &Callback<(String, String)>,
    shown: &Shown,
) -> Html {
    let done = tracker.is_done(i);
    let is_current = current == Some(i);
    let class = classes!("step", done.then_some("done"), is_current.then_some("current"));
    let state = if done {
        T::StepDone
    } else if is_current {
        T::StepCurrent
    } else {
        T::StepTodo
    };
    let hints = step.hints.iter().take(tracker.hints_shown(lesson, i)).map(|h| {
        html! { <li>{ rich(&shown.text(h.get(lang)), lang, on_run) }</li> }
    });
    let checks = step.checks.iter().map(|c| html! { <li>{ shown.check(&c.check.describe(lang)) }</li> });
    html! {
        <li {class} data-testid="lesson-step" data-done={done.to_string()} aria-current={is_current.then_some("step")}>
            <span class="step-mark" aria-hidden="true">{ if done { "✔" } else { "" } }</span>
            <span class="sr-only">{ state.get(lang) }{ ": " }</span>
            <div class="step-text">{ rich(&shown.text(step.text.get(lang)), lang, on_run) }</div>
            if is_current {
                <details class="step-checks">
                    <summary>{ T::WhatIsChecked.get(lang) }</summary>
                    <ul>{ for checks }</ul>
                </details>
                if tracker.hints_shown(lesson, i) > 0 {
                    <div class="hints" role="status" data-testid="lesson-hint">
                        <strong>{ T::Hint.get(lang) }</strong>
                        <ul>{ for hints }</ul>
                    </div>
                }
            }
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::code_spans;

    #[test]
    fn an_actor_gives_the_same_seed_whatever_else_it_says() {
        use super::seed_of_actor;
        let a = seed_of_actor(r#"{"mbox":"mailto:ana@example.org","name":"Ana"}"#).unwrap();
        assert_eq!(
            seed_of_actor(r#"{"name":"Ana María","objectType":"Agent","mbox":"mailto:ana@example.org"}"#),
            Some(a)
        );
        let b = seed_of_actor(r#"{"account":{"homePage":"https://campus.example","name":"u42"}}"#).unwrap();
        assert_ne!(a, b);
        assert!((2..1_000_000_000).contains(&a) && (2..1_000_000_000).contains(&b));
        assert_eq!(seed_of_actor(r#"{"name":"nadie"}"#), None);
        assert_eq!(seed_of_actor("no es json"), None);
    }

    #[test]
    fn backticks_become_code_spans() {
        assert_eq!(code_spans("usa `docker ps` ya"), [(false, "usa "), (true, "docker ps"), (false, " ya")]);
        assert_eq!(code_spans("`a``b`"), [(true, "a"), (true, "b")]);
        assert_eq!(code_spans("sin cierre `x"), [(false, "sin cierre `x")]);
        assert_eq!(code_spans(""), []);
        assert_eq!(code_spans("ñ `ü` é"), [(false, "ñ "), (true, "ü"), (false, " é")]);
    }
}
