//! Two branches (or a branch and the moment shown) side by side (issue 15): the worker replays
//! each and compares them (`sim_core::compare`); this draws its answer — containers, networks,
//! volumes and files that differ, and where the two stories part.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::hooks::clock::{use_watch, Clock};
use crate::i18n::{Lang, T};
use crate::SharedSession;
use sim_core::compare::Side;

#[derive(Properties, Clone)]
pub struct CompareProps {
    pub session: SharedSession,
    pub clock: Clock,
    pub lang: Lang,
}

impl PartialEq for CompareProps {
    fn eq(&self, o: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.session, &o.session) && self.clock == o.clock && self.lang == o.lang
    }
}

/// A side as its `<option>` value: a branch's name, or `@ms` for the moment shown.
fn side(value: &str, session: &crate::sim::Sim) -> Side {
    match value.strip_prefix('@') {
        Some(ms) => Side::At(sim_core::Moment::at(session.journal(), ms.parse().unwrap_or(0))),
        None => Side::Branch(value.to_string()),
    }
}

#[component]
pub fn Compare(props: &CompareProps) -> Html {
    let CompareProps { session, clock, lang } = props.clone();
    let (names, current, shown) = {
        let s = session.borrow();
        (s.branches().names(), s.branches().current.clone(), s.viewing().map(|m| m.at))
    };
    let first_other = names.iter().find(|n| **n != current).cloned().unwrap_or_else(|| current.clone());
    let picks = use_state(|| (first_other, current.clone()));
    let answer = {
        let session = session.clone();
        use_watch(&clock, move || session.borrow().comparison().cloned())
    };
    let mut options: Vec<(String, String)> = names.iter().map(|n| (n.clone(), crate::i18n::branch(lang, n))).collect();
    if let Some(at) = shown {
        options.push((format!("@{at}"), format!("{} {}", T::Past.get(lang), super::rows::clock(at))));
    }
    let select = |slot: bool, testid: &'static str| {
        let onchange = {
            let picks = picks.clone();
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                let (a, b) = (*picks).clone();
                picks.set(if slot { (a, v) } else { (v, b) });
            })
        };
        let current = if slot { picks.1.clone() } else { picks.0.clone() };
        html! {
            <select data-testid={testid} {onchange}>
                { for options.iter().map(|(v, label)| html! { <option value={v.clone()} selected={*v == current}>{ label.clone() }</option> }) }
            </select>
        }
    };
    let onclick = {
        let (session, picks) = (session.clone(), picks.clone());
        Callback::from(move |_: MouseEvent| {
            let mut s = session.borrow_mut();
            let (a, b) = (side(&picks.0, &s), side(&picks.1, &s));
            s.compare(a, b);
        })
    };
    let body = answer.map(|c| {
        // Present with nothing more to say (a volume): a tick; absent: a dash.
        let cell = |v: &Option<String>| match v.as_deref() {
            Some("") => "✓".to_string(),
            Some(t) => t.to_string(),
            None => "—".into(),
        };
        let rows = c.differences.iter().map(|d| {
            html! {
                <tr data-testid="compare-row" data-aspect={d.aspect.name()}>
                    <th scope="row">{ format!("{} {}", d.aspect.name(), d.name) }</th>
                    <td>{ cell(&d.a) }</td>
                    <td>{ cell(&d.b) }</td>
                </tr>
            }
        });
        // The first event that differs, worded as the timeline words it.
        let event = |e: &Option<sim_core::LogEvent>| {
            e.as_ref()
                .and_then(|e| super::rows::rows(std::slice::from_ref(e), lang).pop())
                .map(|r| format!("{} {}", super::rows::clock(r.at_ms), r.text))
                .unwrap_or_else(|| "—".into())
        };
        html! {
            <>
                <table class="compare-table">
                    <thead><tr><th></th><th>{ c.a.clone() }</th><th>{ c.b.clone() }</th></tr></thead>
                    <tbody>
                        { for rows }
                        if let Some(d) = &c.diverge {
                            <tr data-testid="compare-diverge" class="diverge">
                                <th scope="row">{ T::Diverge.get(lang) }</th>
                                <td>{ event(&d.a) }{ for d.input.iter().map(|i| html! { <code class="cmd">{ cell(&i.1) }</code> }) }</td>
                                <td>{ event(&d.b) }{ for d.input.iter().map(|i| html! { <code class="cmd">{ cell(&i.2) }</code> }) }</td>
                            </tr>
                        }
                    </tbody>
                </table>
                if c.differences.is_empty() && c.diverge.is_none() {
                    <p class="empty-hint">{ T::NoDifferences.get(lang) }</p>
                }
            </>
        }
    });
    html! {
        <section class="compare" data-testid="compare" aria-label={T::Compare.get(lang)}>
            <div class="inspector-bar">
                { select(false, "compare-a") }
                { select(true, "compare-b") }
                <button class="btn" data-testid="compare-go" {onclick}>{ T::Compare.get(lang) }</button>
            </div>
            { for body }
        </section>
    }
}
