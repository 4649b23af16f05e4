//! Muelle's web front end: the playground page around one simulated Docker host.
//!
//! The page ([`App`]) is built the way Yew's examples build one: it chooses where the first
//! session comes from ([`boot::start`], a pure function, then applies it), keeps its own state in
//! a reducer ([`state`]: pure [`state::State::reduce`] over [`state::Action`]s, tested natively)
//! and does the side effects of the student's actions in [`control`] (a [`control::Page`] made
//! once). Its jobs over time are hooks: [`hooks::clock`] (the 50 ms tick that moves simulated
//! time), [`hooks::autosave`] and [`hooks::prefs`]. The markup is components with `PartialEq`
//! props — [`toolbar`], [`bars`], [`tabbar`], and the panels (files, editor, terminals, topology,
//! timeline, browser, lessons) that read the session and call into it.
//!
//! Only what changed re-renders: a tick tells the listeners of the clock, and each component
//! that shows something moving watches just that ([`hooks::clock::use_watch`]): the page the
//! session's change stamp (revision, events), the toolbar's clock the simulated time, the tab
//! bar its titles, each terminal its own output. A tick where nothing happened redraws only the
//! clock ([`renders`] counts renders; `app/tests/renders.rs` checks it).
//!
//! Browser-free logic lives in plain modules with native tests — [`screen`] (terminal text,
//! keys, pacing), [`editor::text`], [`topology::layout`] and [`topology::model`],
//! [`timeline::rows`], [`browser::http`], [`persist`], [`boot`], [`state`] and [`i18n`],
//! [`lessons::tracker`] and [`embed::params`], [`embed::messages`], [`embed::script`]; the
//! components only translate DOM events into calls on the session or actions. Lessons and an
//! embedding page's commands run on the clock through [`lessons::guide`]. The crate is a library
//! plus a tiny binary (`main.rs`) so browser tests can mount the page.

pub mod bars;
pub mod boot;
pub mod browser;
pub mod control;
pub mod decimal;
pub mod editor;
pub mod embed;
pub mod examples;
pub mod files;
pub mod follow;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;
pub mod guard;
pub mod heap;
pub mod hooks;
pub mod i18n;
pub mod icons;
pub mod json;
pub mod leader;
pub mod lessons;
pub mod names;
pub mod notice;
pub mod persist;
pub mod project;
pub mod recover;
pub mod reload;
pub mod renders;
pub mod screen;
pub mod share;
pub mod sim;
pub mod splitter;
pub mod state;
pub mod store;
pub mod tabbar;
mod terminal;
pub mod termsize;
pub mod timeline;
pub mod toolbar;
pub mod topology;
pub mod worker_link;

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use boot::Start;
use control::Page;
use embed::{EmbedParams, Panel};
use hooks::autosave::{use_autosave, Sources};
use hooks::clock::{use_clock, use_tick, use_watch};
use hooks::prefs::use_prefs;
use hooks::throttle::use_throttled;
use i18n::{Lang, T};
use lessons::guide::Guide;
use persist::{Prefs, Split};
use state::{State, Tab};

pub use terminal::Terminal;

pub use sim::SharedSession;

/// The simulator's seed (a shared workspace carries it, so a future choice travels with it).
const SEED: u64 = 1;
/// While events pour in, the packets on the graph take new ones this often (ms).
const EVENTS_MS: u32 = 250;
/// And the timeline (ms): each of its redraws words the recent log and makes its new rows, the
/// main thread's largest work while a thousand containers ping.
const TIMELINE_MS: u32 = 500;
/// While a big graph (over `topology::draw::CULL_ABOVE` containers) changes, it is redrawn this
/// often at most (ms): each redraw lays out and writes a thousand nodes.
const BIG_GRAPH_MS: u32 = 500;

/// What the page starts with, read once.
struct Begin {
    session: SharedSession,
    seed: u64,
    tabs: Vec<Tab>,
    history: Rc<RefCell<Vec<String>>>,
}

/// Builds the first session from where [`boot::start`] says it comes from.
fn begin(
    start: Start,
    link: Option<&share::Workspace>,
    lesson: Option<&sim_core::lessons::Lesson>,
    lang: Lang,
) -> Begin {
    let history = |link: Option<&share::Workspace>| {
        let saved = match link {
            Some(w) => w.history.clone(),
            None => persist::load(persist::HISTORY_KEY).and_then(|s| persist::decode(&s)).unwrap_or_default(),
        };
        Rc::new(RefCell::new(saved))
    };
    let fresh = |seed: u64, files: &[(String, String)]| Begin {
        session: sim::Sim::start(seed, lang, files, None),
        seed,
        tabs: vec![Tab::host()],
        history: history(link),
    };
    match (start, link) {
        // A link's host is replayed from its journal, as a reload replays the saved one.
        (Start::Link, Some(w)) => Begin {
            session: {
                let replay = w.replay();
                let branches = w.host.as_ref().and_then(|h| h.branches.clone()).filter(|_| replay.is_some());
                let s = sim::Sim::start(w.seed, lang, &w.files, replay);
                if let Some(b) = branches {
                    s.borrow_mut().set_branches(b);
                }
                s
            },
            seed: w.seed,
            tabs: vec![Tab::host()],
            history: history(link),
        },
        // The last visit's session replayed from its journal (containers and all); failing that,
        // its files come back into a fresh host.
        (Start::Resume, _) => match reload::load(lang) {
            Some(r) => Begin {
                // The saved files are known to the page at once (the editor opens one); the worker's
                // replay writes them itself and reports what it ends with.
                session: {
                    let s =
                        sim::Sim::start(r.seed, lang, &project::safe(&project::saved_or_sample(lang)), Some(r.replay));
                    if r.branches != sim_core::Branches::default() {
                        s.borrow_mut().set_branches(r.branches);
                    }
                    s
                },
                seed: r.seed,
                tabs: r.tabs.iter().map(Tab::restored).collect(),
                history: history(None),
            },
            None => fresh(SEED, &project::saved_or_sample(lang)),
        },
        // A lesson with per-student variables: the student's seed draws their values.
        (Start::Lesson, _) => match lesson {
            Some(l) if !l.vars.is_empty() => {
                let seed = lessons::student_seed();
                fresh(seed, &lessons::Shown::new(l, seed).files(l))
            }
            _ => fresh(SEED, lesson.map(|l| l.files.as_slice()).unwrap_or_default()),
        },
        (Start::Link | Start::FirstVisit, _) => fresh(SEED, &examples::first_visit(lang)),
    }
}

/// The page: reads where it starts from, holds the state and the clock, and lays out the panels.
/// It re-renders when its state changes or the session's change stamp moves, never because the
/// clock merely ticked.
#[component]
pub fn App() -> Html {
    crate::renders::count(crate::renders::Part::App);
    // Embedded in a course page (`?embed&…`): its parameters, and nothing saved over the student's own work.
    let embedded = use_memo((), |_| embed::from_location());
    let saves = embedded.is_none();
    // A shared link (`#w=…`) brings a whole workspace; otherwise what autosave kept.
    // A link whose files have a name no entry point accepts (`names`) is not opened: the saved
    // work stays, and the page says which file and why.
    let link_refused = use_mut_ref(|| None::<names::BadName>);
    let incoming = {
        let (embedded, link_refused) = (embedded.clone(), link_refused.clone());
        use_memo((), move |_| {
            let w = match &*embedded {
                // Asks before replacing edited work, keeps it aside, reports a bad link or name.
                None => return recover::incoming_link(&mut link_refused.borrow_mut()),
                Some(e) => e.workspace.as_deref().and_then(share::Workspace::from_fragment)?,
            };
            match names::check_files(&w.files) {
                Ok(()) => Some(w),
                Err(bad) => {
                    *link_refused.borrow_mut() = Some(bad);
                    None
                }
            }
        })
    };
    let prefs = *use_memo((), |_| {
        let saved = persist::load(persist::PREFS_KEY);
        hooks::prefs::initial(saved.as_deref(), incoming.as_ref().as_ref().map(|w| w.lang), embedded.as_ref().as_ref())
    });
    // Lessons and lines typed for the student; an embedded page opens its `lesson=` at once.
    let guide = use_mut_ref(|| new_guide(embedded.as_ref().as_ref()));
    let begin = use_memo((), |_| {
        let lesson = guide.borrow().tracker.as_ref().and_then(|t| lessons::catalog::find(&t.id));
        let start = boot::start(!saves, incoming.is_some(), lesson.is_some());
        begin(start, incoming.as_ref().as_ref(), lesson, prefs.lang)
    });
    let session = begin.session.clone();
    let state = use_reducer(|| {
        let show_lessons = guide.borrow().tracker.is_some();
        let mut s =
            State::new(prefs, begin.seed, begin.tabs.clone(), project::first_file(&session.borrow()), show_lessons);
        s.name_refused = link_refused.borrow_mut().take();
        s
    });
    let clock = use_clock(&session);
    let page = (*use_memo((), |_| {
        Page::new(
            session.clone(),
            clock.clone(),
            begin.history.clone(),
            guide.clone(),
            state.dispatcher(),
            (*state).clone(),
        )
    }))
    .clone();
    page.rendered(&state);

    // On every tick, in this order: save now and then, the lessons' and embedding page's work,
    // then whatever shows the session's state redraws if it changed.
    use_autosave(
        &clock,
        Sources {
            session: session.clone(),
            history: page.history.clone(),
            seed: Rc::new({
                let page = page.clone();
                move || page.seed()
            }),
        },
        saves,
        &state.tabs,
    );
    {
        let page = page.clone();
        use_tick(&clock, Rc::new(move || page.after_tick()));
    }
    let (rev, events) = {
        let session = session.clone();
        use_watch(&clock, move || session.borrow().change_stamp())
    };
    // Time travel: whether the past is shown (and which moment), and the live session's
    // replacements by a branch or an undo.
    let (past, replacements) = {
        let session = session.clone();
        use_watch(&clock, move || {
            let s = session.borrow();
            (s.past().map(|p| (p.moment, p.view.revision)), s.replacements())
        })
    };
    // The panels that draw the host's view redraw for a past moment as for a change, and not
    // for a step to a moment whose host is the same (the past's views are of one replayed
    // session, whose revision moves with every change it shows).
    let rev = past.map_or(rev, |(_, revision)| (1 << 63) | revision);
    let past = past.map(|(m, _)| m);
    // During a burst (a 1,000-service `up`, a thousand containers pinging) the panels that draw
    // the host and its events redraw a few times a second, not on every frame from the worker:
    // the first change after a quiet spell shows at once, the latest within the interval.
    let big_graph = session.borrow().host_view().containers.len() > topology::draw::CULL_ABOVE;
    let graph_rev = use_throttled(rev, if big_graph { BIG_GRAPH_MS } else { 0 });
    let drawn_events = use_throttled(events, EVENTS_MS);
    let timeline_events = use_throttled(events, TIMELINE_MS);
    {
        let (page, session) = (page.clone(), session.clone());
        use_effect_with(replacements, move |r| {
            if *r > 0 {
                let terminals = session.borrow().terminal_count();
                page.dispatch(state::Action::Replaced { terminals });
            }
        });
    }
    let viewing_past = {
        let session = session.clone();
        use_watch(&clock, move || session.borrow().in_past())
    };
    // The file list and the editor redraw when files may have changed, not with every change
    // of the host.
    let files_rev = {
        let session = session.clone();
        use_watch(&clock, move || session.borrow().files_stamp())
    };
    use_prefs(state.prefs, &session, &clock, saves);
    // Commands from the embedding page (origins checked in `embed`).
    {
        let page = page.clone();
        use_effect_with((), move |_| {
            let inbox = {
                let page = page.clone();
                Rc::new(RefCell::new(Some(Callback::from(move |msg| page.incoming(msg)))))
            };
            let bridge = page.guide.borrow().bridge.clone();
            bridge.listen(inbox);
            let lesson = page.guide.borrow().tracker.as_ref().map(|t| t.id.clone());
            let values = lesson.as_deref().and_then(lessons::catalog::find).map(|l| l.values(page.seed()));
            // Only an embedding page with an `origin=`, an LRS (`static/xapi.js`) or an LMS
            // (`static/scorm.js`) hears it (and a page alone writes no JSON: the serializers stay
            // out of what a first visit runs).
            if bridge.active() {
                bridge.post(&embed::messages::ready(lesson.as_deref(), values.as_deref().unwrap_or_default()));
            }
        });
    }
    let on_select = {
        let page = page.clone();
        use_memo((), move |_| Callback::from(move |p: Option<String>| page.dispatch(state::Action::Select(p))))
    };
    let on_container = {
        let page = page.clone();
        use_memo((), move |_| Callback::from(move |name: String| page.container_clicked(name)))
    };
    // The graph's container menu: logs or inspect typed into a new tab.
    let on_command = {
        let page = page.clone();
        use_memo((), move |_| {
            Callback::from(move |(name, line): (String, String)| page.open_tab(Some(name), Some(line)))
        })
    };

    let layout = state.prefs.layout;
    let lang = state.prefs.lang;
    let epoch = state.epoch;
    // What shows: everything, or what an embedding page chose.
    let shows = |p: Panel| embedded.as_ref().as_ref().is_none_or(|e| e.shows(p));
    let readonly = embedded.as_ref().as_ref().is_some_and(|e| e.readonly);
    let time_travel = embedded.as_ref().as_ref().is_none_or(|e| !e.no_time_travel);
    let lessons_open = state.show_lessons && shows(Panel::Lessons);
    // The splitters: one listener for all; dropped or moved by a key, the new layout is a
    // preference (saved).
    let current = use_memo((), |_| splitter::Current::default());
    current.set((state.prefs, lessons_open));
    {
        // Kept (and the listener with it) while the page is mounted: a memo rather than an
        // effect, which would cost the download another copy of Yew's effect code.
        let (page, current) = (page.clone(), (*current).clone());
        use_memo((), move |_| {
            splitter::install(current, Callback::from(move |p| page.dispatch(state::Action::SetPrefs(p))))
        });
    }
    let workspace_class = classes!(
        "workspace",
        lessons_open.then_some("with-lessons"),
        embedded.as_ref().as_ref().is_some_and(|e| e.panels.is_some()).then_some("chosen-panels"),
    );

    html! {
        <div class={classes!("app", (!saves).then_some("embedded"))} data-viewing={if viewing_past { "past" } else { "live" }}>
            <toolbar::Toolbar page={page.clone()} prefs={state.prefs} paused={state.paused} seed={state.seed}
                show_lessons={state.show_lessons} {saves} />
            { bars::bars(bars::BarsProps { page: page.clone(), lang, share_link: state.share_link.clone(),
                embed_code: state.embed_code.clone(), import_error: state.import_error, imported: state.imported,
                name_refused: state.name_refused.clone() }) }
            <main class={workspace_class} style={layout.style(lessons_open)}>
                if lessons_open || shows(Panel::Editor) {
                <div class="left">
                if lessons_open {
                    <lessons::LessonsPanel page={page.clone()} {lang} browsable={saves} />
                    if shows(Panel::Editor) {
                        { splitter::bar(Split::Lessons, layout, true, T::SplitLessons.get(lang)) }
                    }
                }
                if shows(Panel::Editor) {
                <div class={classes!("side", readonly.then_some("readonly"))}>
                    <files::Files key={format!("files-{epoch}")} session={session.clone()} rev={files_rev} {lang}
                        selected={state.selected.clone()} on_select={(*on_select).clone()} />
                    // The past is shown read-only: its files as they were then.
                    <editor::Editor key={format!("editor-{epoch}")} session={session.clone()} rev={files_rev} {lang}
                        path={state.selected.clone()} readonly={readonly || viewing_past} />
                </div>
                }
                </div>
                { splitter::bar(Split::Left, layout, lessons_open, T::SplitLeft.get(lang)) }
                }
                <tabbar::TerminalPanel page={page.clone()} tabs={state.tabs.clone()} active={state.active} {lang} {epoch}
                    hidden={!shows(Panel::Terminal)} />
                { splitter::bar(Split::Right, layout, lessons_open, T::SplitRight.get(lang)) }
                { splitter::bar(Split::Top, layout, lessons_open, T::SplitTop.get(lang)) }
                if shows(Panel::Topology) {
                <topology::Topology key={format!("topology-{epoch}")} session={session.clone()} rev={graph_rev} events={drawn_events} {lang}
                    on_container={(*on_container).clone()} on_command={(*on_command).clone()} />
                }
                if shows(Panel::Browser) {
                <browser::Browser key={format!("browser-{epoch}")} session={session.clone()} clock={clock.clone()}
                    {lang} paused={state.paused} />
                }
                if shows(Panel::Timeline) {
                <timeline::Timeline key={format!("timeline-{epoch}")} session={session.clone()} events={timeline_events} {lang}
                    travel={time_travel.then(|| clock.clone())} past_at={past.map(|m| m.at)}
                    player={embedded.as_ref().as_ref().is_some_and(|e| e.player)} />
                }
            </main>
        </div>
    }
}

/// The guide a page starts with: an embedded page's lesson and lines to type, or the lesson the
/// student had open last time.
fn new_guide(embedded: Option<&EmbedParams>) -> Guide {
    let mut g = Guide::default();
    g.saves = embedded.is_none();
    match embedded {
        Some(e) => {
            g.bridge = embed::Bridge::new(e);
            // Not `fresh`: an embedded page restores nothing, except in a SCORM launch (the LMS's).
            g.open(e.lesson.as_deref(), false);
            g.run(e.run.clone());
        }
        None => g.open(persist::load(lessons::guide::OPEN_KEY).as_deref().filter(|id| !id.is_empty()), false),
    }
    g.bridge.hear_locally();
    g
}

/// Whether the page needs the lessons as it mounts: an embedded page's `lesson=`, the lesson the
/// student had open last time, or a share link (whether it may replace the saved files without
/// asking depends on whether they are a lesson's starting files, [`boot::must_ask`]).
fn starts_with_lessons(embedded: Option<&EmbedParams>) -> bool {
    match embedded {
        Some(e) => e.lesson.is_some(),
        None => {
            persist::load(lessons::guide::OPEN_KEY).is_some_and(|id| !id.is_empty())
                || web_sys::window().and_then(|w| w.location().hash().ok()).is_some_and(|h| h.len() > 1)
        }
    }
}

/// Mounts [`App`] into the page's `<body>`, once the saved work is read from IndexedDB (an
/// embedded page saves nothing, so it neither reads it nor takes part in choosing the tab that
/// saves). The panic hook goes in first, so even a failure while loading is shown.
pub fn start() {
    guard::install();
    guard::take_restart();
    guard::install_test_hooks();
    let embedded = embed::from_location();
    let saves = embedded.is_none();
    wasm_bindgen_futures::spawn_local(async move {
        if saves {
            // Claimed first: the other tabs stop writing before this one reads what they saved.
            leader::start();
            store::open().await;
        }
        if starts_with_lessons(embedded.as_ref()) {
            // Not compiled into the page (lessons::catalog): fetched first when the page starts in
            // a lesson. If that fails, the page starts without it and the panel says why.
            lessons::catalog::load().await;
        }
        let lang = persist::load(persist::PREFS_KEY).map(|p| Prefs::decode(&p).lang).unwrap_or_default();
        notice::set_lang(lang);
        // Yew empties <body> when it mounts: the overlay and the notices go in after.
        yew::Renderer::<App>::new().render();
        guard::prepare(lang);
        notice::redraw();
    });
}
