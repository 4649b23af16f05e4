//! The terminal panel: scrollback, prompt and a one-line input bound to one simulator terminal.
//!
//! It owns the clock that drives simulated time, because on this first page there is one
//! terminal; once the page shows several, the clock moves up to whoever owns the session.

use gloo::timers::callback::Interval;
use sim_core::TermId;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::screen::{History, KeyAction, KeyMods, Pacer, Scrollback};
use crate::SharedSession;

/// How often the page lets simulated time run, in wall-clock milliseconds.
const TICK_MS: u32 = 50;
/// The most simulated time one tick may advance (a stalled tab resumes gently).
const MAX_STEP_MS: u64 = 100;

#[derive(Properties, Clone)]
pub struct TerminalProps {
    pub session: SharedSession,
    pub term: TermId,
}

impl PartialEq for TerminalProps {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.session, &other.session) && self.term == other.term
    }
}

pub enum Msg {
    Key(KeyAction),
    Tick,
    FocusInput,
}

pub struct Terminal {
    screen: Scrollback,
    history: History,
    pacer: Pacer,
    prompt: String,
    busy: bool,
    input: NodeRef,
    body: NodeRef,
    _ticker: Interval,
}

impl Component for Terminal {
    type Message = Msg;
    type Properties = TerminalProps;

    fn create(ctx: &Context<Self>) -> Self {
        let link = ctx.link().clone();
        let mut terminal = Terminal {
            screen: Scrollback::default(),
            history: History::default(),
            pacer: Pacer::new(MAX_STEP_MS),
            prompt: String::new(),
            busy: false,
            input: NodeRef::default(),
            body: NodeRef::default(),
            _ticker: Interval::new(TICK_MS, move || link.send_message(Msg::Tick)),
        };
        terminal.sync(ctx);
        terminal
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Tick => {
                if let Some(now) = now_ms() {
                    let step = self.pacer.step(now);
                    if step > 0 {
                        ctx.props().session.borrow_mut().advance(step);
                    }
                }
                self.sync(ctx)
            }
            Msg::Key(action) => self.on_key(ctx, action),
            Msg::FocusInput => {
                // Clicking the panel focuses the input, unless the user is selecting text to copy.
                let selecting =
                    web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed());
                if !selecting {
                    self.focus_input();
                }
                false
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let onkeydown = ctx.link().batch_callback(|e: KeyboardEvent| key_action(&e).map(Msg::Key));
        let onclick = ctx.link().callback(|_: MouseEvent| Msg::FocusInput);
        html! {
            <section class="terminal" aria-label="Terminal">
                <div class="terminal-bar" aria-hidden="true">
                    <span class="dot red"></span>
                    <span class="dot yellow"></span>
                    <span class="dot green"></span>
                    <span class="terminal-title">{ "bash — alumno@muelle" }</span>
                </div>
                <div class="terminal-body" ref={self.body.clone()} {onclick}>
                    <pre class="terminal-output" data-testid="terminal-output" role="log">
                        { self.screen.as_str().to_owned() }
                    </pre>
                    <div class="terminal-line">
                        if !self.busy {
                            <span class="prompt" data-testid="terminal-prompt">
                                { self.prompt.clone() }
                            </span>
                        }
                        <input
                            ref={self.input.clone()}
                            class="terminal-input"
                            data-testid="terminal-input"
                            type="text"
                            aria-label="Orden"
                            autocomplete="off"
                            autocapitalize="off"
                            spellcheck="false"
                            {onkeydown}
                        />
                    </div>
                </div>
            </section>
        }
    }

    fn rendered(&mut self, _ctx: &Context<Self>, first_render: bool) {
        if let Some(body) = self.body.cast::<HtmlElement>() {
            body.set_scroll_top(body.scroll_height());
        }
        if first_render {
            self.focus_input();
        }
    }
}

impl Terminal {
    /// Pulls new output, the busy flag and the prompt from the session. Returns whether anything
    /// visible changed.
    fn sync(&mut self, ctx: &Context<Self>) -> bool {
        let TerminalProps { session, term } = ctx.props();
        let mut session = session.borrow_mut();
        let mut changed = self.screen.push(&session.take_output(*term));
        // Muelle's own explanations (translated), after Docker's output.
        for hint in session.take_hints(*term) {
            changed |= self.screen.push(&format!("{hint}\n"));
        }
        let busy = session.is_busy(*term);
        let prompt = session.prompt(*term);
        let changed = changed || busy != self.busy || prompt != self.prompt;
        self.busy = busy;
        self.prompt = prompt;
        changed
    }

    fn on_key(&mut self, ctx: &Context<Self>, action: KeyAction) -> bool {
        let Some(input) = self.input.cast::<HtmlInputElement>() else {
            return false;
        };
        let TerminalProps { session, term } = ctx.props();
        match action {
            KeyAction::Submit => {
                let line = input.value();
                input.set_value("");
                // While a command runs the line goes to it, as typed text with no prompt.
                if self.busy {
                    self.screen.push(&format!("{line}\n"));
                } else {
                    self.screen.push(&format!("{}{line}\n", self.prompt));
                    self.history.record(&line);
                }
                session.borrow_mut().submit(*term, &line);
                self.sync(ctx);
                true
            }
            KeyAction::Interrupt => {
                if !self.busy {
                    // At an idle prompt, the shell abandons the line and prints a new prompt.
                    self.screen.push(&format!("{}{}^C\n", self.prompt, input.value()));
                    input.set_value("");
                    self.history.record("");
                }
                session.borrow_mut().interrupt(*term);
                self.sync(ctx);
                true
            }
            KeyAction::Clear => {
                self.screen.clear();
                true
            }
            KeyAction::HistoryOlder | KeyAction::HistoryNewer => {
                if self.busy {
                    return false;
                }
                let recalled = if action == KeyAction::HistoryOlder {
                    self.history.older(&input.value())
                } else {
                    self.history.newer()
                };
                if let Some(line) = recalled {
                    input.set_value(line);
                    let end = line.encode_utf16().count() as u32;
                    let _ = input.set_selection_range(end, end);
                }
                false
            }
        }
    }

    fn focus_input(&self) {
        if let Some(input) = self.input.cast::<HtmlInputElement>() {
            let _ = input.focus();
        }
    }
}

/// Classifies a key press and cancels the browser's default for the keys the terminal handles.
///
/// This runs inside the DOM listener: Yew delivers component messages later (in a microtask),
/// when `preventDefault` would no longer stop Ctrl-L from reaching the browser.
fn key_action(event: &KeyboardEvent) -> Option<KeyAction> {
    let selection = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|input| {
        matches!(
            (input.selection_start(), input.selection_end()),
            (Ok(Some(a)), Ok(Some(b))) if a != b
        )
    });
    let mods = KeyMods {
        ctrl: event.ctrl_key(),
        alt: event.alt_key(),
        meta: event.meta_key(),
        composing: event.is_composing(),
        selection,
    };
    let action = KeyAction::from_key(&event.key(), mods)?;
    event.prevent_default();
    Some(action)
}

/// Wall-clock milliseconds from `performance.now()`.
fn now_ms() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}
