//! The terminal panel: the tab bar and, behind it, one [`Terminal`] per tab.
//!
//! A tab's title is where its shell runs (a container's name once `docker exec` put it there),
//! which can change on any tick: the panel watches the titles and the line the lessons or an
//! embedding page type next, and re-renders only when one of them changes. The terminals listen
//! to the clock themselves and redraw only when they have new output; the tab bar is its own
//! component, redrawn only when its titles or the tab in front change.

use sim_core::{Place, TermId};
use yew::prelude::*;

use crate::control::Page;
use crate::hooks::clock::use_watch;
use crate::i18n::{self, Lang, T};
use crate::icons::{icon, Icon};
use crate::state::{Action, Tab};
use crate::Terminal;

#[derive(Properties, Clone, PartialEq)]
pub struct TerminalPanelProps {
    pub page: Page,
    pub tabs: Vec<Tab>,
    pub active: usize,
    pub lang: Lang,
    /// Bumped when the session is replaced: every terminal starts afresh.
    pub epoch: u32,
    pub hidden: bool,
}

/// A tab's title: the container its shell runs in, else the name a lesson's run button gave
/// it, else "host" or "terminal n".
fn title(page: &Page, tab: &Tab, lang: Lang) -> String {
    if let Place::Container(name) = page.session.borrow().place(tab.term) {
        return name;
    }
    if let Some(name) = page.guide.borrow().name_of(tab.term) {
        return name.to_string();
    }
    match tab.number {
        None => T::HostTab.get(lang).to_string(),
        Some(n) => i18n::terminal_n(lang, n),
    }
}

#[component]
pub fn TerminalPanel(props: &TerminalPanelProps) -> Html {
    let TerminalPanelProps { page, tabs, active, lang, epoch, hidden } = props.clone();
    // The titles, and the line typed for the student next: (terminal, number, line).
    let (titles, feed) = {
        let (page, tabs) = (page.clone(), tabs.clone());
        use_watch(&page.clock.clone(), move || {
            let titles: Vec<TabTitle> = tabs
                .iter()
                .map(|tab| TabTitle { term: tab.term, title: title(&page, tab, lang), closable: tab.number.is_some() })
                .collect();
            (titles, page.guide.borrow().feed.clone())
        })
    };
    let on_typed = {
        let guide = page.guide.clone();
        use_memo((), move |_| {
            Callback::from(move |(term, line): (TermId, String)| guide.borrow_mut().typed(term, line))
        })
    };
    let terminals = tabs.iter().enumerate().map(|(i, tab)| {
        html! {
            <Terminal
                key={format!("{}-{}", epoch, tab.term)}
                session={page.session.clone()}
                clock={page.clock.clone()}
                term={tab.term}
                active={i == active}
                {lang}
                initial={tab.initial.clone()}
                shared_history={page.history.clone()}
                on_command={(*on_typed).clone()}
                feed={feed.as_ref().filter(|(t, _, _)| *t == tab.term).map(|(_, n, line)| (*n, line.clone()))}
            />
        }
    });
    html! {
        <section class="panel terminal" aria-label={T::Terminals.get(lang)} {hidden}>
            <TabBar page={page.clone()} {titles} {active} {lang} />
            { for terminals }
            <span class="term-probe" aria-hidden="true">{ "0123456789" }</span>
        </section>
    }
}

/// What the tab bar shows of a tab.
#[derive(Clone, Debug, PartialEq)]
pub struct TabTitle {
    pub term: TermId,
    pub title: String,
    /// Every tab but the host's first terminal can be closed.
    pub closable: bool,
}

#[derive(Properties, Clone, PartialEq)]
pub struct TabBarProps {
    pub page: Page,
    pub titles: Vec<TabTitle>,
    pub active: usize,
    pub lang: Lang,
}

#[component]
pub fn TabBar(props: &TabBarProps) -> Html {
    crate::renders::count(crate::renders::Part::TabBar);
    let TabBarProps { page, titles, active, lang } = props;
    let lang = *lang;
    let tabs = titles.iter().enumerate().map(|(i, tab)| {
        let on_close = {
            let (page, term) = (page.clone(), tab.term);
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                page.close_tab(term);
            })
        };
        let is_active = i == *active;
        html! {
            // Plain buttons, the one in front marked current: a tab role would refuse the close
            // button inside it and the "+" beside (axe: nested-interactive, aria-required-children).
            <div class={if is_active { "tab active" } else { "tab" }}>
                <button class="tab-label" aria-current={is_active.then_some("true")} onclick={page.send(Action::ShowTab(i))}>{ tab.title.clone() }</button>
                if tab.closable {
                    <button class="tab-close" title={T::CloseTab.get(lang)} aria-label={T::CloseTab.get(lang)} onclick={on_close}>{ "×" }</button>
                }
            </div>
        }
    });
    let on_new_tab = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.open_tab(None, None))
    };
    html! {
        <div class="tabs">
            { for tabs }
            <button class="tab-new" title={T::NewTerminal.get(lang)} aria-label={T::NewTerminal.get(lang)}
                data-testid="new-terminal" onclick={on_new_tab}>{ icon(Icon::Plus) }</button>
            <span class="keys">{ T::Keys.get(lang) }</span>
        </div>
    }
}
