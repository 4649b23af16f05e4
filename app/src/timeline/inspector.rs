//! The inspector (issue 15): the hops of the log's requests, as the worker reads them
//! (`sim_core::inspect`, sent while this is open: nothing is computed while it is closed), with
//! filters by container, network and kind, and one hop at a time (ArrowUp/ArrowDown, or the
//! buttons) with its fields and Muelle's explanation. A click on a failed `ping`/`curl` line in a
//! terminal opens it at that failure ([`from_terminal_line`], [`request`]).

use std::cell::RefCell;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::hooks::clock::{use_watch, Clock};
use crate::i18n::{Lang, T};
use crate::SharedSession;

thread_local! {
    /// A failure to open the inspector at (what its hop's text names; empty: the last failure).
    static REQUEST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Asks the inspector to open at the last failure naming `hint` (the scrubber opens it).
pub fn request(hint: String) {
    REQUEST.with(|r| *r.borrow_mut() = Some(hint));
}

/// Whether an opening was asked for (and not yet taken).
pub fn requested() -> bool {
    REQUEST.with(|r| r.borrow().is_some())
}

fn take_request() -> Option<String> {
    REQUEST.with(|r| r.borrow_mut().take())
}

/// What a terminal line of a failed `ping`, `curl` or `wget` names, if it is one: the name that
/// did not resolve, the `:port` refused, or nothing (the last failure then).
pub fn from_terminal_line(line: &str) -> Option<String> {
    const FAILED: [&str; 10] = [
        "bad address",
        "not known",
        "resolve host",
        "name resolution",
        "Failed to connect",
        "Connection refused",
        "Unreachable",
        "100% packet loss",
        "timed out",
        "can't connect",
    ];
    if !FAILED.iter().any(|f| line.contains(f)) {
        return None;
    }
    // `bad address 'db'`, `Could not resolve host: db`, `ping: db: Name or service not known`.
    let name = if let Some(rest) = line.split_once("bad address '").map(|(_, r)| r) {
        rest.split('\'').next().unwrap_or("")
    } else if let Some(rest) = line.split_once("resolve host: ").map(|(_, r)| r) {
        rest.split_whitespace().next().unwrap_or("")
    } else if line.contains("not known") || line.contains("name resolution") {
        line.split(": ").nth(1).unwrap_or("")
    } else if let Some(rest) = line.split_once(" port ").map(|(_, r)| r) {
        return Some(format!(":{}", rest.split(|c: char| !c.is_ascii_digit()).next().unwrap_or("")));
    } else {
        ""
    };
    Some(name.to_string())
}

#[derive(Properties, Clone)]
pub struct InspectorProps {
    pub session: SharedSession,
    pub clock: Clock,
    pub lang: Lang,
}

impl PartialEq for InspectorProps {
    fn eq(&self, o: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.session, &o.session) && self.clock == o.clock && self.lang == o.lang
    }
}

/// The filters' choices: one of each kind, in order.
fn choices(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    sim_core::sort::sort(&mut out);
    out
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let InspectorProps { session, clock, lang } = props.clone();
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            session.borrow_mut().inspect(true);
            move || session.borrow_mut().inspect(false)
        });
    }
    let hops = {
        let session = session.clone();
        use_watch(&clock, move || session.borrow().inspection().map(|i| i.hops.clone()).unwrap_or_default())
    };
    let filters = use_state(|| [String::new(), String::new(), String::new()]);
    let selected = use_state(|| None::<usize>);
    let matches = |h: &sim_core::inspect::Hop| {
        let [c, n, k] = &*filters;
        (c.is_empty() || h.from == *c || h.to == *c)
            && (n.is_empty() || h.network == *n)
            && (k.is_empty() || h.kind.name() == k)
    };
    let shown: Vec<usize> = (0..hops.len()).filter(|&i| matches(&hops[i])).collect();
    // An opening asked for from a terminal: the last failure naming it, filters cleared.
    if !hops.is_empty() {
        if let Some(hint) = take_request() {
            let at =
                hops.iter().rposition(|h| h.failed && h.text.contains(&hint)).or(hops.iter().rposition(|h| h.failed));
            filters.set(Default::default());
            selected.set(at);
        }
    }
    let pos = selected.and_then(|s| shown.iter().position(|&i| i == s));
    let step = {
        let (selected, shown) = (selected.clone(), shown.clone());
        move |forward: bool| {
            let next = match (pos, forward) {
                (None, _) => shown.last().copied(),
                (Some(p), true) => shown.get(p + 1).or(shown.get(p)).copied(),
                (Some(p), false) => shown.get(p.saturating_sub(1)).copied(),
            };
            selected.set(next);
        }
    };
    let onkeydown = {
        let step = step.clone();
        Callback::from(move |e: KeyboardEvent| {
            let forward = match e.key().as_str() {
                "ArrowDown" | "j" => true,
                "ArrowUp" | "k" => false,
                _ => return,
            };
            e.prevent_default();
            step(forward);
        })
    };
    let filter = |slot: usize, label: T, values: Vec<String>, testid: &'static str| {
        let onchange = {
            let filters = filters.clone();
            Callback::from(move |e: Event| {
                let mut f = (*filters).clone();
                f[slot] = e.target_unchecked_into::<HtmlSelectElement>().value();
                filters.set(f);
            })
        };
        let current = filters[slot].clone();
        html! {
            <label class="field">
                <span>{ label.get(lang) }</span>
                <select data-testid={testid} {onchange}>
                    <option value="" selected={current.is_empty()}>{ "—" }</option>
                    { for values.into_iter().map(|v| html! { <option selected={v == current} value={v.clone()}>{ v }</option> }) }
                </select>
            </label>
        }
    };
    let names = choices(
        hops.iter().flat_map(|h| [h.from.clone(), h.to.clone()]).filter(|n| n.parse::<std::net::Ipv4Addr>().is_err()),
    );
    let networks = choices(hops.iter().map(|h| h.network.clone()));
    let kinds = choices(hops.iter().map(|h| h.kind.name().to_string()));
    let rows = shown.iter().map(|&i| {
        let h = &hops[i];
        let onclick = {
            let selected = selected.clone();
            Callback::from(move |_: MouseEvent| selected.set(Some(i)))
        };
        let on = *selected == Some(i);
        html! {
            <li data-testid="inspector-event" data-kind={h.kind.name()} class={classes!("event", "hop", if h.failed { "bad" } else { "good" })}
                aria-current={on.then_some("true")} {onclick}>
                <time class="at">{ super::rows::clock(h.at) }</time>
                <span class="tag">{ h.kind.name() }</span>
                <span class="what">{ h.text.clone() }
                    if let Some(why) = h.why.as_ref().filter(|_| on) { <span class="why">{ why.clone() }</span> }
                </span>
                if on {
                    <dl class="hop-fields">
                        { for h.fields.iter().map(|(k, v)| html! { <><dt>{ k.clone() }</dt><dd>{ v.clone() }</dd></> }) }
                    </dl>
                }
            </li>
        }
    });
    let prev = {
        let step = step.clone();
        Callback::from(move |_: MouseEvent| step(false))
    };
    let next = Callback::from(move |_: MouseEvent| step(true));
    html! {
        <section class="inspector" data-testid="inspector" aria-label={T::Inspector.get(lang)}>
            <div class="inspector-bar">
                { filter(0, T::Container, names, "inspector-container") }
                { filter(1, T::Network, networks, "inspector-network") }
                { filter(2, T::Kind, kinds, "inspector-kind") }
                <button class="btn" data-testid="inspector-prev" onclick={prev} aria-label={T::PrevHop.get(lang)}>{ "↑" }</button>
                <button class="btn" data-testid="inspector-next" onclick={next} aria-label={T::NextHop.get(lang)}>{ "↓" }</button>
            </div>
            <ol class="events hops" tabindex="0" aria-label={T::Inspector.get(lang)} {onkeydown}>
                if shown.is_empty() {
                    <li class="empty-hint">{ T::NoHops.get(lang) }</li>
                }
                { for rows }
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_lines_name_what_failed() {
        assert_eq!(from_terminal_line("ping: bad address 'db'").as_deref(), Some("db"));
        assert_eq!(from_terminal_line("curl: (6) Could not resolve host: db").as_deref(), Some("db"));
        assert_eq!(from_terminal_line("ping: db: Name or service not known").as_deref(), Some("db"));
        assert_eq!(
            from_terminal_line(
                "curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server"
            )
            .as_deref(),
            Some(":9999")
        );
        assert_eq!(from_terminal_line("1 packets transmitted, 0 received, 100% packet loss").as_deref(), Some(""));
        assert_eq!(from_terminal_line("64 bytes from 172.17.0.2: seq=0 ttl=64"), None);
    }
}
