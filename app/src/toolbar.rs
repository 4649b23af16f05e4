//! The toolbar: examples, lessons, pause and speed, the simulated clock, reset and seed, share,
//! export and import, embed code, language and theme.
//!
//! Its props are the few values it shows and the [`Page`] it acts on (which never changes), so
//! it re-renders only when one of those values changes. The simulated clock moves on most
//! ticks: it is its own component ([`SimClock`]) that watches the clock alone.

use yew::prelude::*;

use crate::control::Page;
use crate::hooks::clock::use_watch;
use crate::i18n::{Lang, T};
use crate::icons::{icon, Icon};
use crate::persist::{self, Prefs, Theme, SPEEDS};
use crate::state::Action;
use crate::{examples, timeline};

#[derive(Properties, Clone, PartialEq)]
pub struct ToolbarProps {
    pub page: Page,
    pub prefs: Prefs,
    pub paused: bool,
    pub seed: u64,
    pub show_lessons: bool,
    /// Not embedded: the buttons that load, save or share work show.
    pub saves: bool,
}

/// A callback reading a `<select>`'s value into the preferences.
fn set_prefs(page: &Page, prefs: Prefs, f: fn(&mut Prefs, &str)) -> Callback<Event> {
    let page = page.clone();
    Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        let mut p = prefs;
        f(&mut p, &value);
        page.dispatch(Action::SetPrefs(p));
    })
}

/// A callback calling `f` on the page whatever the event.
fn on<E: 'static>(page: &Page, f: fn(&Page)) -> Callback<E> {
    let page = page.clone();
    Callback::from(move |_: E| f(&page))
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    crate::renders::count(crate::renders::Part::Toolbar);
    let ToolbarProps { page, prefs, paused, seed, show_lessons, saves } = props.clone();
    let lang = prefs.lang;
    let on_theme = set_prefs(&page, prefs, |p, v| p.theme = Theme::parse(v).unwrap_or_default());
    let on_speed = set_prefs(&page, prefs, |p, v| p.speed = persist::speed_of(v).unwrap_or(1.0));
    let on_pause = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| {
            let paused = page.clock.toggle_pause();
            page.dispatch(Action::SetPaused(paused));
        })
    };
    // Paused, one event at a time: a restart or a kill can be watched as it happens.
    let on_step = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.session.borrow_mut().step())
    };
    let on_example = {
        let page = page.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let id = select.value();
            select.set_value("");
            page.example(&id);
        })
    };
    let on_seed = {
        let page = page.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            if let Some(shown) = page.seed_typed(&input.value()) {
                input.set_value(&shown);
            }
        })
    };
    let on_import = {
        let page = page.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            page.import(file);
        })
    };
    let speed_options = SPEEDS.iter().map(|(s, code)| {
        let label = format!("{}×", if lang == Lang::Es { code.replace('.', ",") } else { code.to_string() });
        html! { <option value={*code} selected={*s == prefs.speed}>{ label }</option> }
    });
    let theme_options = [(Theme::System, T::ThemeSystem), (Theme::Light, T::ThemeLight), (Theme::Dark, T::ThemeDark)]
        .into_iter()
        .map(|(t, label)| html! { <option value={t.code()} selected={t == prefs.theme}>{ label.get(lang) }</option> });

    // On a phone the toolbar keeps one row (lessons, pause) and a «Más» button that shows the
    // rest; up to 1366 px the button shows the rarer controls (seed, files, theme); wider, the
    // button is not drawn and everything is in view (the stylesheet decides).
    let more = use_state(crate::hooks::off as fn() -> bool);
    let toggle_more = {
        let more = more.clone();
        Callback::from(move |_: MouseEvent| more.set(!*more))
    };
    html! {
        <header class={classes!("toolbar", more.then_some("more-open"))}>
            <h1 class="brand">{ "Muelle" }<span class="subtitle">{ T::Subtitle.get(lang) }</span></h1>
            if saves {
            <label class="field examples toolbar-more" id="toolbar-more-examples" title={T::ExamplesHelp.get(lang)}>
                <span class="sr-only">{ T::ExamplesHelp.get(lang) }</span>
                <select data-testid="examples" onchange={on_example}>
                    <option value="" selected=true>{ T::Examples.get(lang) }</option>
                    { for examples::EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.name(lang) }</option> }) }
                </select>
            </label>
            }
            <div class="controls">
                if saves {
                    <button class="btn" data-testid="lessons-toggle" title={T::LessonsHelp.get(lang)}
                        aria-pressed={show_lessons.to_string()} onclick={page.send(Action::ToggleLessons)}>
                        { icon(Icon::Book) }{ T::Lessons.get(lang) }
                    </button>
                    <span class="sep"></span>
                }
                <button class="btn" data-testid="pause" onclick={on_pause} aria-pressed={paused.to_string()}>
                    { icon(if paused { Icon::Play } else { Icon::Pause }) }
                    { if paused { T::Play.get(lang) } else { T::Pause.get(lang) } }
                </button>
                <button type="button" class="btn more-toggle" data-testid="toolbar-more" onclick={toggle_more}
                    aria-expanded={more.to_string()} aria-controls="toolbar-more-examples toolbar-more toolbar-rare">
                    { icon(Icon::More) }{ T::MoreControls.get(lang) }
                </button>
                <div class="toolbar-more" id="toolbar-more">
                if paused {
                    <button class="btn" data-testid="step" title={T::StepHelp.get(lang)} onclick={on_step}>
                        { icon(Icon::Play) }{ T::Step.get(lang) }
                    </button>
                }
                <label class="field" title={T::Speed.get(lang)}>
                    <span class="sr-only">{ T::Speed.get(lang) }</span>
                    <select data-testid="speed" onchange={on_speed}>{ for speed_options }</select>
                </label>
                <SimClock page={page.clone()} {lang} />
                <button class="btn" data-testid="reset" title={T::ResetHelp.get(lang)} onclick={on(&page, Page::reset)}>
                    { icon(Icon::Reset) }{ T::Reset.get(lang) }
                </button>
                if saves {
                <button class="btn" data-testid="share" title={T::ShareHelp.get(lang)} onclick={on(&page, Page::share)}>
                    { icon(Icon::Share) }{ T::Share.get(lang) }
                </button>
                }
                <span class="sep"></span>
                <button class="btn lang" data-testid="lang" onclick={page.send(Action::ToggleLang)}
                    title={T::Language.get(lang)} aria-label={T::Language.get(lang)}>
                    <span class={if lang == Lang::Es { "on" } else { "" }}>{ "ES" }</span>
                    <span class={if lang == Lang::En { "on" } else { "" }}>{ "EN" }</span>
                </button>
                // Up to a 1366 px window these wait behind «Más» too, so the toolbar keeps one row.
                <div class="toolbar-rare" id="toolbar-rare">
                if saves {
                <SeedField {seed} {lang} on_change={on_seed} />
                <button class="btn icon-only" data-testid="export" title={T::Export.get(lang)}
                    aria-label={T::Export.get(lang)} onclick={on(&page, Page::export)}>{ icon(Icon::Download) }</button>
                <label class="btn icon-only" title={T::Import.get(lang)}>
                    { icon(Icon::Upload) }
                    <span class="sr-only">{ T::Import.get(lang) }</span>
                    <input type="file" accept=".json,application/json" class="sr-only" data-testid="import"
                        onchange={on_import} />
                </label>
                <button class="btn icon-only" data-testid="embed-code" title={T::EmbedCode.get(lang)}
                    aria-label={T::EmbedCode.get(lang)} onclick={on(&page, Page::embed_code)}>{ icon(Icon::Code) }</button>
                <button class="btn icon-only" data-testid="export-folder" title={T::ExportFolder.get(lang)}
                    aria-label={T::ExportFolder.get(lang)} onclick={on(&page, Page::export_folder)}>{ icon(Icon::Folder) }</button>
                }
                <label class="field" title={T::Theme.get(lang)}>
                    <span class="sr-only">{ T::Theme.get(lang) }</span>
                    <select data-testid="theme" onchange={on_theme}>{ for theme_options }</select>
                </label>
                </div>
                </div>
            </div>
        </header>
    }
}

#[derive(Properties, Clone, PartialEq)]
pub struct SimClockProps {
    pub page: Page,
    pub lang: Lang,
}

/// The simulated time, re-rendered when it moves (a tick while paused draws nothing).
#[component]
pub fn SimClock(props: &SimClockProps) -> Html {
    let session = props.page.session.clone();
    let now = use_watch(&props.page.clock, move || session.borrow().now().ms());
    html! {
        <span class="sim-clock" title={T::SimClock.get(props.lang)} data-testid="sim-clock">
            { icon(Icon::Clock) }{ timeline::rows::clock(now) }
        </span>
    }
}

#[derive(Properties, Clone)]
struct SeedFieldProps {
    seed: u64,
    lang: Lang,
    on_change: Callback<Event>,
}

/// Only the seed and the language matter: an `<input value=…>` re-rendered while someone types
/// in it gets its value put back, so a new callback alone must not re-render it.
impl PartialEq for SeedFieldProps {
    fn eq(&self, other: &Self) -> bool {
        self.seed == other.seed && self.lang == other.lang
    }
}

/// The seed field in the toolbar; re-rendered only when the seed or the language changes.
#[component]
fn SeedField(props: &SeedFieldProps) -> Html {
    let lang = props.lang;
    html! {
        <label class="field seed" title={T::SeedHelp.get(lang)}>
            <span class="seed-label">{ T::Seed.get(lang) }</span>
            <input type="number" min="0" step="1" data-testid="seed" value={props.seed.to_string()}
                onchange={props.on_change.clone()} aria-label={T::SeedHelp.get(lang)} />
        </label>
    }
}
