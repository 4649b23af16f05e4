//! The browser pane: an address bar and what the simulated server answers.
//!
//! Opening `http://localhost:8080/` types `curl -s -i 'http://localhost:8080/'` into a terminal of
//! the session that no tab shows, waits (in simulated time) for it to finish and shows the body:
//! HTML in an `<iframe sandbox="" srcdoc=…>` that can run no script and load nothing, anything
//! else as text. When nothing answers, Muelle's own explanation (the terminal's hints) says why.

pub mod http;

use std::rc::Rc;

use sim_core::TermId;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::hooks::clock::{use_watch, Clock};
use crate::i18n::{self, Lang, T};
use crate::icons::{icon, Icon};
use crate::SharedSession;
use http::{frame_document, parse_address, parse_response, AddressError, Response};

#[derive(Properties, Clone)]
pub struct BrowserProps {
    pub session: SharedSession,
    /// The page's clock: a request in flight is checked after each tick.
    pub clock: Clock,
    pub lang: Lang,
    pub paused: bool,
}

impl PartialEq for BrowserProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.session, &o.session) && self.clock == o.clock && self.lang == o.lang && self.paused == o.paused
    }
}

#[derive(Clone, Debug, PartialEq)]
enum View {
    Idle,
    Invalid(T),
    Loading,
    Page(Rc<Response>),
    Failed { code: i32, hints: Vec<String> },
}

pub const DEFAULT_ADDRESS: &str = "http://localhost:8080/";

#[component]
pub fn Browser(props: &BrowserProps) -> Html {
    let BrowserProps { session, clock, lang, paused } = props.clone();
    let view = use_state(|| View::Idle);
    let term = use_mut_ref(|| None::<TermId>);
    let input = use_node_ref();

    {
        // The address bar is not controlled (what the student types stays): fill it once.
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(i) = input.cast::<HtmlInputElement>() {
                i.set_value(DEFAULT_ADDRESS);
            }
        });
    }
    // A request in flight: when the hidden terminal is idle again, read what curl printed.
    let answered = {
        let (session, term, loading) = (session.clone(), term.clone(), *view == View::Loading);
        use_watch(&clock, move || loading && term.borrow().is_some_and(|t| !session.borrow().is_busy(t)))
    };
    {
        let (session, view, term) = (session.clone(), view.clone(), term.clone());
        use_effect_with(answered, move |&answered| {
            let Some(t) = *term.borrow() else { return };
            if !answered || *view != View::Loading || session.borrow().is_busy(t) {
                return;
            }
            let mut s = session.borrow_mut();
            let out = s.take_output(t);
            let hints = s.take_hints(t);
            let code = s.last_status(t);
            drop(s);
            view.set(if code == 0 { View::Page(Rc::new(parse_response(&out))) } else { View::Failed { code, hints } });
        });
    }

    let onsubmit = {
        let (session, view, term, input) = (session.clone(), view.clone(), term.clone(), input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else { return };
            let addr = match parse_address(&field.value()) {
                Ok(a) => a,
                Err(AddressError::NotHttp) => return view.set(View::Invalid(T::OnlyHttp)),
                Err(_) => return view.set(View::Invalid(T::BrowserHelp)),
            };
            field.set_value(&addr.url());
            let mut s = session.borrow_mut();
            let t = *term.borrow_mut().get_or_insert_with(|| s.open_terminal());
            if s.is_busy(t) {
                s.interrupt(t);
            }
            s.take_output(t);
            s.take_hints(t);
            s.submit(t, &addr.curl());
            drop(s);
            view.set(View::Loading);
        })
    };

    let content = match &*view {
        View::Idle | View::Invalid(T::BrowserHelp) => html! {
            <p class="empty-hint">{ T::BrowserHelp.get(lang) }{ " " }<code class="cmd">{ "docker run -d -p 8080:80 nginx" }</code></p>
        },
        View::Invalid(msg) => html! { <p class="empty-hint">{ msg.get(lang) }</p> },
        View::Loading => html! {
            <p class="empty-hint">{ if paused { T::Paused.get(lang) } else { T::Loading.get(lang) } }</p>
        },
        View::Page(r) => {
            let kind = r.header("content-type").unwrap_or_default().to_string();
            html! {
                <>
                    <p class="http-status" data-testid="browser-status">
                        { r.status_line.clone() }{ if kind.is_empty() { String::new() } else { format!(" · {kind}") } }
                    </p>
                    if r.is_html() {
                        <iframe class="browser-frame" data-testid="browser-frame" sandbox="" title={T::Browser.get(lang)}
                            srcdoc={frame_document(&r.body)} />
                    } else {
                        <pre class="browser-text">{ r.body.clone() }</pre>
                    }
                </>
            }
        }
        View::Failed { code, hints } => html! {
            <div class="browser-error" role="alert">
                <h3>{ T::NoResponse.get(lang) }</h3>
                <p class="muted">{ i18n::curl_failed(lang, *code) }</p>
                { for hints.iter().map(|h| html! { <p>{ h.trim_start_matches("muelle: ").to_string() }</p> }) }
            </div>
        },
    };

    html! {
        <section class="panel browser" data-testid="browser-pane" aria-label={T::Browser.get(lang)}>
            <header class="panel-head"><h2>{ T::Browser.get(lang) }</h2></header>
            <form class="address-bar" {onsubmit}>
                { icon(Icon::Globe) }
                <input ref={input} data-testid="browser-address" aria-label={T::Address.get(lang)}
                    spellcheck="false" autocomplete="off" autocapitalize="off" />
                <button class="btn small" type="submit" data-testid="browser-go">{ T::Go.get(lang) }</button>
            </form>
            <div class="browser-view">{ content }</div>
        </section>
    }
}
