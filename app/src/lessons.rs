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

/// [`Lessons`] for the page's guide: the tracker moves on the clock (a step passes, a wrong try
/// shows a hint), so the panel watches it and redraws only when it changed.
#[component]
pub fn LessonsPanel(props: &LessonsPanelProps) -> Html {
    use crate::state::Action;
    let LessonsPanelProps { page, lang, browsable } = props.clone();
    let open = {
        let guide = page.guide.clone();
        crate::hooks::clock::use_watch(&page.clock, move || guide.borrow().tracker.clone())
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
        <Lessons {lang} {open} {browsable} {on_open} {on_back} {on_reset} on_close={page.send(Action::ShowLessons(false))} />
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct LessonsProps {
    pub lang: Lang,
    /// The open lesson and the student's progress in it; `None` shows the list.
    pub open: Option<Tracker>,
    /// Whether the list and the close button show (an embedded lesson stands alone).
    #[prop_or(true)]
    pub browsable: bool,
    pub on_open: Callback<String>,
    pub on_back: Callback<()>,
    pub on_reset: Callback<()>,
    pub on_close: Callback<()>,
}

/// Splits `text` at backticks: `(is_code, piece)`; an unpaired backtick stays as text.
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        let Some(len) = rest[start + 1..].find('`') else { break };
        if start > 0 {
            out.push((false, &rest[..start]));
        }
        out.push((true, &rest[start + 1..start + 1 + len]));
        rest = &rest[start + len + 2..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

fn rich(text: &str) -> Html {
    let pieces = code_spans(text.trim_end()).into_iter().map(|(code, s)| {
        if code {
            html! { <code>{ s.to_string() }</code> }
        } else {
            html! { { s.to_string() } }
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
    let confirming = use_state(|| false);
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
    let current = tracker.current();
    let steps = lesson.steps.iter().enumerate().map(|(i, step)| step_view(lesson, tracker, i, current, lang, step));
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
    html! {
        <section class="panel lessons" aria-label={T::Lessons.get(lang)} data-testid="lessons" data-lesson={lesson.id.clone()}>
            { head(html! { { lesson.title.get(lang).to_string() } }, true) }
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
                    <p>{ rich(lesson.intro.get(lang)) }</p>
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

fn step_view(
    lesson: &Lesson,
    tracker: &Tracker,
    i: usize,
    current: Option<usize>,
    lang: Lang,
    step: &sim_core::lessons::Step,
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
        html! { <li>{ rich(h.get(lang)) }</li> }
    });
    let checks = step.checks.iter().map(|c| html! { <li>{ c.check.describe(lang) }</li> });
    html! {
        <li {class} data-testid="lesson-step" data-done={done.to_string()} aria-current={is_current.then_some("step")}>
            <span class="step-mark" aria-hidden="true">{ if done { "✔" } else { "" } }</span>
            <span class="sr-only">{ state.get(lang) }{ ": " }</span>
            <div class="step-text">{ rich(step.text.get(lang)) }</div>
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
    fn backticks_become_code_spans() {
        assert_eq!(code_spans("usa `docker ps` ya"), [(false, "usa "), (true, "docker ps"), (false, " ya")]);
        assert_eq!(code_spans("`a``b`"), [(true, "a"), (true, "b")]);
        assert_eq!(code_spans("sin cierre `x"), [(false, "sin cierre `x")]);
        assert_eq!(code_spans(""), []);
        assert_eq!(code_spans("ñ `ü` é"), [(false, "ñ "), (true, "ü"), (false, " é")]);
    }
}
