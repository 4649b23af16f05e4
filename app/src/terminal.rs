//! The terminal panel: scrollback, prompt and a one-line input bound to one simulator terminal.
//!
//! The page's clock (`hooks::clock`) moves simulated time; each terminal listens to it, pulls its
//! new output after every tick and redraws only when there was some. Several terminals stay mounted (hidden behind their tabs) so their scrollback
//! survives switching; only the visible one carries the `data-testid` hooks.

use std::cell::RefCell;
use std::rc::Rc;

use sim_core::{Place, TermId};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::hooks::clock::{Clock, Subscription};
use crate::i18n::{Lang, T};
use crate::screen::{History, KeyAction, KeyMods, Scrollback};
use crate::SharedSession;

#[derive(Properties, Clone)]
pub struct TerminalProps {
    pub session: SharedSession,
    pub term: TermId,
    /// The page's clock: after each tick, pull new output.
    #[prop_or_default]
    pub clock: Option<Clock>,
    /// The visible tab (takes focus and the test hooks).
    #[prop_or(true)]
    pub active: bool,
    #[prop_or_default]
    pub lang: Lang,
    /// A line typed for the student when the terminal opens (`docker exec -it web sh`).
    #[prop_or_default]
    pub initial: Option<String>,
    /// Lines typed in any terminal, oldest first: seeds Arrow-Up and is saved across reloads.
    #[prop_or_default]
    pub shared_history: Option<Rc<RefCell<Vec<String>>>>,
    /// Told of every line typed at the prompt (the page watches commands finish for lessons).
    #[prop_or_default]
    pub on_command: Option<Callback<(TermId, String)>>,
    /// A line the page types for the student (`run=`, a `run-command` message), numbered so each
    /// is typed once.
    #[prop_or_default]
    pub feed: Option<(u64, String)>,
}

impl PartialEq for TerminalProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.term == other.term
            && self.clock == other.clock
            && self.active == other.active
            && self.lang == other.lang
            && self.initial == other.initial
            && self.feed == other.feed
    }
}

pub enum Msg {
    /// The clock ticked.
    Tick,
    Key(KeyAction),
    FocusInput,
}

pub struct Terminal {
    screen: Scrollback,
    history: History,
    prompt: String,
    busy: bool,
    input: NodeRef,
    body: NodeRef,
    /// Focus the input after the next render (first render, or the tab became visible).
    want_focus: bool,
    /// The line at the last Tab that added nothing: a second Tab on it lists the candidates.
    last_tab: Option<String>,
    /// The number of the last line the page fed.
    fed: u64,
    /// A Tab whose completion the simulator has not answered yet: its ticket, the line, and how
    /// many times Tab was pressed on that line meanwhile (a second press lists the candidates).
    tab_wait: Option<(u64, String, u32)>,
    /// The simulator is starting (or replaying a saved session): typing waits, visibly.
    starting: bool,
    /// While the page shows the past: this terminal's screen and prompt at that moment
    /// (`sim_core::timeline::Screen`), shown read-only instead of the present.
    past: Option<(String, String)>,
    /// The mirror's count of live sessions replaced (a branch, an undo) this scrollback shows:
    /// when it moves, the new session's whole screen comes again, so the old one goes.
    replacements: u64,
    /// The simulator could not start in this browser.
    unavailable: bool,
    /// Lines typed while the simulator was starting: shown, and typed once it is there (with the
    /// prompt it then has).
    queued: Vec<String>,
    /// Listening to the page's clock while mounted.
    _ticks: Option<Subscription>,
}

impl Component for Terminal {
    type Message = Msg;
    type Properties = TerminalProps;

    fn create(ctx: &Context<Self>) -> Self {
        let mut history = History::default();
        if let Some(shared) = &ctx.props().shared_history {
            for line in shared.borrow().iter() {
                history.record(line);
            }
        }
        let mut terminal = Terminal {
            screen: Scrollback::default(),
            history,
            prompt: String::new(),
            busy: false,
            input: NodeRef::default(),
            body: NodeRef::default(),
            want_focus: ctx.props().active,
            last_tab: None,
            fed: 0,
            tab_wait: None,
            starting: false,
            past: None,
            replacements: ctx.props().session.borrow().replacements(),
            unavailable: false,
            queued: Vec::new(),
            _ticks: ctx.props().clock.as_ref().map(|c| {
                let link = ctx.link().clone();
                c.subscribe(move || link.send_message(Msg::Tick))
            }),
        };
        terminal.sync(ctx);
        if let Some(line) = ctx.props().initial.clone() {
            terminal.screen.push(&format!("{}{line}\n", terminal.prompt));
            ctx.props().session.borrow_mut().submit(ctx.props().term, &line);
            terminal.sync(ctx);
        }
        terminal
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &TerminalProps) -> bool {
        let props = ctx.props();
        if props.active && !old.active {
            self.want_focus = true;
        }
        let mut synced = self.sync(ctx);
        if let Some((n, line)) = props.feed.clone().filter(|(n, _)| *n > self.fed) {
            self.fed = n;
            self.type_line(ctx, &line);
            synced = true;
        }
        synced || props.active != old.active || props.lang != old.lang
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Tick => self.sync(ctx),
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
        let props = ctx.props();
        let onkeydown = ctx.link().batch_callback(|e: KeyboardEvent| key_action(&e).map(Msg::Key));
        let onclick = ctx.link().callback(|_: MouseEvent| Msg::FocusInput);
        let testid = |id: &'static str| props.active.then_some(id);
        html! {
            <div class="terminal-body" ref={self.body.clone()} {onclick} hidden={!props.active}>
                    if let Some((text, _)) = &self.past {
                        // In pieces (see `screen::pieces`): a step in time lays out what changed.
                        <pre class="terminal-output past" data-testid={testid("terminal-output")} role="log">
                            { for crate::screen::pieces(text).into_iter().map(|(key, piece)| html! {
                                <span {key} class="piece">{ piece.to_string() }</span>
                            }) }
                        </pre>
                    } else {
                    <pre class="terminal-output" data-testid={testid("terminal-output")} role="log">
                        { self.screen.as_str().to_owned() }
                    </pre>
                    }
                    if self.starting {
                        <p class="terminal-starting" role="status">{ T::SimStarting.get(props.lang) }</p>
                        if !self.queued.is_empty() {
                            <pre class="terminal-queued" data-testid={testid("terminal-queued")}>
                                { self.queued.join("\n") }
                            </pre>
                        }
                    }
                    if self.unavailable {
                        <p class="terminal-starting" role="alert">{ T::SimUnavailable.get(props.lang) }</p>
                    }
                    <div class="terminal-line">
                        if let Some((_, prompt)) = &self.past {
                            <span class="prompt" data-testid={testid("terminal-prompt")}>{ prompt.clone() }</span>
                        } else if !self.busy {
                            <span class="prompt" data-testid={testid("terminal-prompt")}>
                                { self.prompt.clone() }
                            </span>
                        }
                        <input
                            ref={self.input.clone()}
                            class="terminal-input"
                            data-testid={testid("terminal-input")}
                            type={if props.session.borrow().hides_input(props.term) { "password" } else { "text" }}
                            aria-label={T::Command.get(props.lang)}
                            autocomplete="off"
                            autocapitalize="off"
                            spellcheck="false"
                            readonly={self.past.is_some()}
                            {onkeydown}
                        />
                    </div>
            </div>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            // The panel's size, told to the simulator (once per panel).
            crate::termsize::ensure(&ctx.props().session);
        }
        if let Some(body) = self.body.cast::<HtmlElement>() {
            crate::follow::to_end_next_frame(body);
        }
        if std::mem::take(&mut self.want_focus) {
            self.focus_input();
        }
    }
}

impl Terminal {
    /// Pulls new output, the busy flag and the prompt from the session. Returns whether anything
    /// visible changed.
    fn sync(&mut self, ctx: &Context<Self>) -> bool {
        let TerminalProps { session, term, .. } = ctx.props();
        let mut session = session.borrow_mut();
        let replaced = session.replacements() != self.replacements;
        if replaced {
            self.replacements = session.replacements();
            self.screen = Scrollback::default();
        }
        let mut changed = self.screen.push(&session.take_output(*term)) || replaced;
        // Muelle's own explanations (translated), after Docker's output.
        for hint in session.take_hints(*term) {
            changed |= self.screen.push(&format!("{hint}\n"));
        }
        let past = session.in_past().then(|| {
            let screen = session.past().and_then(|p| p.screens.get(*term));
            screen.map_or_else(Default::default, |s| {
                (s.text.clone(), if s.busy { String::new() } else { s.prompt.clone() })
            })
        });
        if past != self.past {
            self.past = past;
            changed = true;
        }
        let busy = session.is_busy(*term);
        let prompt = session.prompt(*term);
        // A simulator that could not start says so instead (`Sim::unavailable`).
        let starting = session.starting() && session.unavailable().is_none();
        let unavailable = session.unavailable().is_some();
        let changed = changed || unavailable != self.unavailable;
        self.unavailable = unavailable;
        let changed = changed || busy != self.busy || prompt != self.prompt || starting != self.starting;
        self.busy = busy;
        self.prompt = prompt;
        self.starting = starting;
        let answer = self.tab_wait.as_ref().and_then(|(ticket, _, _)| session.take_completion(*ticket));
        drop(session);
        if !self.starting && !self.queued.is_empty() {
            for line in std::mem::take(&mut self.queued) {
                self.type_line(ctx, &line);
            }
        }
        match answer {
            Some(completion) => self.completed(completion) || changed,
            None => changed,
        }
    }

    /// The simulator answered a Tab: applied if the line is still the one it was asked for.
    fn completed(&mut self, completion: sim_core::complete::Completion) -> bool {
        let Some((_, line, presses)) = self.tab_wait.take() else { return false };
        let Some(input) = self.input.cast::<HtmlInputElement>() else { return false };
        if input.value() != line || self.busy {
            return false;
        }
        match completion.apply(&line) {
            Some(new_line) => {
                input.set_value(&new_line);
                let end = new_line.encode_utf16().count() as u32;
                let _ = input.set_selection_range(end, end);
                self.last_tab = None;
                false
            }
            // A second Tab with nothing to add lists the candidates, as bash does.
            None if (presses > 1 || self.last_tab.as_deref() == Some(line.as_str()))
                && completion.candidates.len() > 1 =>
            {
                self.screen.push(&format!("{}{line}\n{}\n", self.prompt, completion.candidates.join("  ")));
                true
            }
            None => {
                self.last_tab = Some(line);
                false
            }
        }
    }

    fn on_key(&mut self, ctx: &Context<Self>, action: KeyAction) -> bool {
        let Some(input) = self.input.cast::<HtmlInputElement>() else {
            return false;
        };
        let TerminalProps { session, term, .. } = ctx.props();
        match action {
            KeyAction::Submit => {
                let line = input.value();
                input.set_value("");
                self.type_line(ctx, &line);
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
            KeyAction::Control(code) => {
                // Not echoed (docker's escape proxy swallows the detach keys).
                session.borrow_mut().ctrl_key(*term, code);
                self.sync(ctx);
                true
            }
            KeyAction::EndOfInput => {
                // As readline: end of input only on an empty line (else Ctrl-D deletes a
                // character, which the input does itself).
                if !input.value().is_empty() {
                    return false;
                }
                let (reader, at_shell) = {
                    let s = session.borrow();
                    let at_shell = !s.is_busy(*term) && matches!(s.place(*term), Place::Container(_));
                    (s.wants_input(*term), at_shell)
                };
                if !reader && !at_shell {
                    // The host's own shell stays: it is this terminal.
                    return false;
                }
                if at_shell {
                    // The shell's answer (bash's `exit`, ash's newline) ends the prompt's line.
                    self.screen.push(&self.prompt.clone());
                }
                session.borrow_mut().ctrl_key(*term, 4);
                self.sync(ctx);
                true
            }
            KeyAction::Complete => {
                if self.busy {
                    return false;
                }
                // The simulator answers in a frame (at once in tests): `sync` applies it.
                let line = input.value();
                if let Some((_, _, presses)) = self.tab_wait.as_mut().filter(|(_, l, _)| *l == line) {
                    // Pressed again before the answer came: the answer lists the candidates.
                    *presses += 1;
                    return false;
                }
                let ticket = crate::sim::next_ticket();
                self.tab_wait = Some((ticket, line.clone(), 1));
                session.borrow_mut().request_completion(*term, &line, ticket);
                self.sync(ctx)
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

    /// A line entered at this terminal, by the student or fed by the page.
    fn type_line(&mut self, ctx: &Context<Self>, line: &str) {
        if self.starting {
            self.queued.push(line.to_string());
            return;
        }
        let TerminalProps { session, term, .. } = ctx.props();
        // While a command runs the line goes to it, as typed text with no prompt; a password
        // (a program reading with echo off) shows nothing: the program ends its line itself.
        let hidden = session.borrow().hides_input(*term);
        if self.busy {
            if !hidden {
                self.screen.push(&format!("{line}\n"));
            }
        } else {
            self.screen.push(&format!("{}{line}\n", self.prompt));
            self.history.record(line);
            if let Some(shared) = &ctx.props().shared_history {
                record_shared(&mut shared.borrow_mut(), line);
            }
        }
        let idle = !self.busy;
        session.borrow_mut().submit(*term, line);
        self.sync(ctx);
        if let Some(cb) = ctx.props().on_command.as_ref().filter(|_| idle) {
            cb.emit((*term, line.to_string()));
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
    let empty_line =
        event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_none_or(|input| input.value().is_empty());
    let mods = KeyMods {
        shift: event.shift_key(),
        empty_line,
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

/// Appends a typed line to the shared history (no blanks, no immediate repeats, bounded).
fn record_shared(lines: &mut Vec<String>, line: &str) {
    if line.trim().is_empty() || lines.last().map(String::as_str) == Some(line) {
        return;
    }
    lines.push(line.to_string());
    let excess = lines.len().saturating_sub(crate::persist::MAX_HISTORY);
    lines.drain(..excess);
}
