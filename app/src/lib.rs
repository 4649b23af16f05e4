//! Muelle's web front end: the playground page around one simulated Docker host.
//!
//! The page (`App`) owns the [`sim_core::Session`] and the clock that moves simulated time; the
//! panels (files, editor, terminals, topology, timeline, browser) read the session and call into
//! it. Browser-free logic lives in plain modules with native tests — [`screen`] (terminal text,
//! keys, pacing), [`editor::text`], [`topology::layout`] and [`topology::model`],
//! [`timeline::rows`], [`browser::http`], [`persist`], [`boot`] and [`i18n`], [`lessons::tracker`] and
//! [`embed::params`], [`embed::messages`], [`embed::script`]; the components only translate DOM
//! events into calls on the session. Lessons and an embedding page's commands run on the clock
//! through [`lessons::guide`]. The crate is a library plus a tiny binary (`main.rs`) so browser
//! tests can mount the page.

pub mod boot;
pub mod browser;
pub mod editor;
pub mod embed;
pub mod examples;
pub mod files;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;
pub mod guard;
pub mod i18n;
pub mod icons;
pub mod leader;
pub mod lessons;
pub mod names;
pub mod notice;
pub mod persist;
pub mod project;
pub mod recover;
pub mod reload;
pub mod screen;
pub mod share;
pub mod store;
mod terminal;
pub mod timeline;
pub mod topology;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use sim_core::Place;
use sim_core::{Session, SessionConfig, TermId};
use yew::prelude::*;

use embed::Panel;
use i18n::{Lang, T};
use icons::{icon, Icon};
use lessons::guide::{After, Guide};
use persist::{Prefs, Theme, SPEEDS};
use screen::Pacer;

pub use terminal::Terminal;

/// The simulator session shared by every component of the page.
pub type SharedSession = Rc<RefCell<Session>>;

/// How often the page lets simulated time run, in wall-clock milliseconds.
const TICK_MS: u32 = 50;
/// The most wall-clock time one tick accounts for (a stalled tab resumes gently).
const MAX_STEP_MS: u64 = 100;
/// The simulator's work one tick may do, in `Session::advance_budgeted`'s units (an engine event
/// or a terminal poll; about 8 µs each natively when a restart storm's restarts come due, so about
/// 4 ms a tick, see docs/benchmarks.md): a storm's backlog spreads over ticks, so typing and
/// Ctrl-C are answered within a tick. Time not reached is dropped, as the pacer drops a stall.
const WORK_PER_TICK: u64 = 500;
/// Ticks between two checks for something to save (about a second).
const SAVE_EVERY: u64 = 20;

/// A terminal tab.
#[derive(Clone, Debug, PartialEq)]
struct Tab {
    term: TermId,
    /// `None` for the host's first terminal, `Some(n)` for "terminal n".
    number: Option<usize>,
    /// Opened by clicking this container in the graph.
    container: Option<String>,
    initial: Option<String>,
}

/// What the clock needs between ticks.
struct Clock {
    pacer: Pacer,
    paused: bool,
    ticks: u64,
    /// World revision and history length at the last check for something to save.
    checked_at: (u64, usize),
    /// What was last written to storage.
    saved: (String, String),
    saved_session: reload::Saved,
}

/// The simulator's seed (a shared workspace carries it, so a future choice travels with it).
const SEED: u64 = 1;

fn new_session(lang: Lang, seed: u64, files: &[(String, String)]) -> Session {
    let mut session = Session::new(SessionConfig { seed, lang });
    project::restore(&mut session, files);
    session
}

/// The whole page.
#[component]
pub fn App() -> Html {
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
    // A workspace refused for a file name (link, import, embedding page).
    let name_refused = use_state(|| link_refused.borrow_mut().take());
    let prefs = use_state(|| {
        let saved = persist::load(persist::PREFS_KEY).map(|s| Prefs::decode(&s)).unwrap_or_default();
        let p = match &*incoming {
            Some(w) => Prefs { lang: w.lang, ..saved },
            None => saved,
        };
        match &*embedded {
            Some(e) => Prefs { lang: e.lang.unwrap_or(p.lang), theme: e.theme.unwrap_or(p.theme), ..p },
            None => p,
        }
    });
    let lang = prefs.lang;
    // Without a link, the last visit's session is replayed from its journal (containers and
    // all); failing that, its files come back into a fresh host. An embedded page starts afresh.
    let restored = use_memo((), |_| match &*incoming {
        Some(_) => None,
        None if !saves => None,
        None => reload::load(lang).map(|r| {
            let tabs: Vec<Tab> = r
                .tabs
                .iter()
                .map(|(term, number, container)| Tab {
                    term: *term,
                    number: *number,
                    container: container.clone(),
                    initial: None,
                })
                .collect();
            (Rc::new(RefCell::new(r.session)), r.seed, tabs)
        }),
    });
    let seed = use_mut_ref(|| match (&*incoming, &*restored) {
        (Some(w), _) => w.seed,
        (None, Some((_, seed, _))) => *seed,
        (None, None) => SEED,
    });
    // Lessons and lines typed for the student; an embedded page opens its `lesson=` at once.
    let guide = use_mut_ref(|| {
        let mut g = Guide::default();
        g.saves = saves;
        match &*embedded {
            Some(e) => {
                g.bridge = embed::Bridge::new(e);
                g.open(e.lesson.as_deref(), true);
                g.run(e.run.clone());
            }
            None => g.open(persist::load(lessons::guide::OPEN_KEY).as_deref().filter(|id| !id.is_empty()), false),
        }
        g
    });
    let show_lessons = use_state(|| guide.borrow().tracker.is_some());
    let session: SharedSession = (*use_memo((), |_| {
        if let Some((session, _, _)) = &*restored {
            return session.clone();
        }
        let lesson = guide.borrow().tracker.as_ref().and_then(|t| lessons::catalog::find(&t.id));
        let session = match (&*incoming, lesson) {
            (Some(w), _) => new_session(lang, w.seed, &w.files),
            (None, Some(l)) if !saves => new_session(lang, SEED, &l.files),
            (None, _) if !saves => new_session(lang, SEED, &examples::first_visit(lang)),
            (None, _) => new_session(lang, SEED, &project::saved_or_sample(lang)),
        };
        Rc::new(RefCell::new(session))
    }))
    .clone();
    let history = use_memo((), |_| {
        let saved = match &*incoming {
            Some(w) => w.history.clone(),
            None => persist::load(persist::HISTORY_KEY).and_then(|s| persist::decode(&s)).unwrap_or_default(),
        };
        Rc::new(RefCell::new(saved))
    });
    let history: Rc<RefCell<Vec<String>>> = (*history).clone();
    let clock = use_mut_ref(|| Clock {
        pacer: Pacer::new(MAX_STEP_MS),
        paused: false,
        ticks: 0,
        checked_at: (0, 0),
        saved: Default::default(),
        saved_session: Default::default(),
    });
    let tick = use_mut_ref(|| 0u64);
    let redraw = use_force_update();
    // Bumped whenever the session is replaced, so every panel starts afresh (their keys change).
    // Counted in a cell, not from the state's value: a callback kept from an older render
    // (the seed field's) must still move it forward.
    let epoch = use_state(|| 0u32);
    let epochs = use_mut_ref(|| 0u32);
    let paused = use_state(|| false);
    let tabs = use_state(|| match &*restored {
        Some((_, _, tabs)) => tabs.clone(),
        None => vec![Tab { term: 0, number: None, container: None, initial: None }],
    });
    let active = use_state(|| 0usize);
    let selected = use_state(|| project::first_file(&session.borrow()));
    // The lessons' and embedding's work on each tick, rebuilt every render so it sees fresh state.
    let after_tick = use_mut_ref(|| None::<Callback<()>>);

    // The clock: advance simulated time, let every panel pull what changed, save now and then.
    {
        let session = session.clone();
        let clock = clock.clone();
        let tick = tick.clone();
        let history = history.clone();
        let seed = seed.clone();
        let after_tick = after_tick.clone();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || {
                let mut c = clock.borrow_mut();
                if !c.paused {
                    if let Some(now) = web_sys::window().and_then(|w| w.performance()).map(|p| p.now()) {
                        let step = c.pacer.step(now);
                        if step > 0 {
                            session.borrow_mut().advance_budgeted(step, WORK_PER_TICK);
                        }
                    }
                }
                c.ticks += 1;
                if saves && c.ticks.is_multiple_of(SAVE_EVERY) {
                    let seed = *seed.borrow();
                    reload::save(&session.borrow(), seed, &mut c.saved_session);
                    let state = (session.borrow().revision(), history.borrow().len());
                    if state != c.checked_at {
                        c.checked_at = state;
                        let files = persist::encode_files(&project::files(&session.borrow()));
                        let lines = persist::encode(&history.borrow());
                        if files != c.saved.0 {
                            persist::store(persist::FILES_KEY, &files);
                        }
                        if lines != c.saved.1 {
                            persist::store(persist::HISTORY_KEY, &lines);
                        }
                        c.saved = (files, lines);
                    }
                }
                drop(c);
                let extra = after_tick.borrow().clone();
                if let Some(cb) = extra {
                    cb.emit(());
                }
                *tick.borrow_mut() += 1;
                redraw.force_update();
            });
            move || drop(interval)
        });
    }
    // Leaving the page saves the session at once (the clock saves only about once a second).
    {
        let (session, clock, seed) = (session.clone(), clock.clone(), seed.clone());
        use_effect_with((), move |_| {
            use wasm_bindgen::JsCast;
            // An embedded page never saves (it must not overwrite the student's own workspace).
            let on_hide = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                if saves {
                    let mut c = clock.borrow_mut();
                    reload::save(&session.borrow(), *seed.borrow(), &mut c.saved_session);
                }
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
                }
            }
        });
    }
    // The open tabs, for the next visit.
    use_effect_with((*tabs).clone(), move |tabs| {
        if !saves {
            return;
        }
        let saved: Vec<persist::SavedTab> = tabs.iter().map(|t| (t.term, t.number, t.container.clone())).collect();
        reload::save_tabs(&saved);
    });
    // Preferences: the session's language, the document's lang and theme, the clock's speed.
    {
        let session = session.clone();
        let clock = clock.clone();
        use_effect_with(*prefs, move |p| {
            session.borrow_mut().set_lang(p.lang);
            notice::set_lang(p.lang);
            guard::prepare(p.lang);
            clock.borrow_mut().pacer.set_speed(p.speed);
            let document = gloo::utils::document();
            document.set_title(&format!("Muelle · {}", T::Subtitle.get(p.lang)));
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", p.lang.code());
                let _ = match p.theme {
                    Theme::System => root.remove_attribute("data-theme"),
                    t => root.set_attribute("data-theme", t.code()),
                };
            }
            if saves {
                persist::store(persist::PREFS_KEY, &p.encode());
            }
        });
    }

    let set_prefs = |f: fn(&mut Prefs, &str)| {
        let prefs = prefs.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let mut p = *prefs;
            f(&mut p, &value);
            prefs.set(p);
        })
    };
    let on_lang = {
        let prefs = prefs.clone();
        Callback::from(move |_: MouseEvent| prefs.set(Prefs { lang: i18n::other(prefs.lang), ..*prefs }))
    };
    let on_theme = set_prefs(|p, v| p.theme = Theme::parse(v).unwrap_or_default());
    let on_speed = set_prefs(|p, v| p.speed = persist::speed_of(v).unwrap_or(1.0));
    let on_pause = {
        let paused = paused.clone();
        let clock = clock.clone();
        Callback::from(move |_: MouseEvent| {
            let mut c = clock.borrow_mut();
            c.paused = !c.paused;
            c.pacer.pause();
            paused.set(c.paused);
        })
    };
    // A fresh simulated host with `files` and the current seed: one terminal, nothing running.
    let restart = {
        let (session, tabs, active, epoch, selected) =
            (session.clone(), tabs.clone(), active.clone(), epoch.clone(), selected.clone());
        let epochs = epochs.clone();
        let seed = seed.clone();
        move |files: Vec<(String, String)>| {
            let lang = session.borrow().lang();
            *session.borrow_mut() = new_session(lang, *seed.borrow(), &files);
            tabs.set(vec![Tab { term: 0, number: None, container: None, initial: None }]);
            active.set(0);
            let keep = (*selected).clone().filter(|p| files.iter().any(|(f, _)| f == p));
            selected.set(keep.or_else(|| project::first_file(&session.borrow())));
            *epochs.borrow_mut() += 1;
            epoch.set(*epochs.borrow());
        }
    };
    let on_reset = {
        let (session, restart) = (session.clone(), restart.clone());
        Callback::from(move |_: MouseEvent| {
            let files = project::files(&session.borrow());
            restart(files);
        })
    };
    let on_example = {
        let (session, restart) = (session.clone(), restart.clone());
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let id = select.value();
            select.set_value("");
            let Some(example) = examples::find(&id) else { return };
            let lang = session.borrow().lang();
            let current = project::files(&session.borrow());
            if !examples::is_pristine(&current, lang) && !confirm(T::ConfirmExample.get(lang)) {
                return;
            }
            restart(example.files(lang));
        })
    };
    let on_seed = {
        let (session, restart, seed) = (session.clone(), restart.clone(), seed.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Ok(value) = input.value().trim().parse::<u64>() else {
                input.set_value(&seed.borrow().to_string());
                return;
            };
            if value == *seed.borrow() {
                return;
            }
            *seed.borrow_mut() = value;
            let files = project::files(&session.borrow());
            restart(files);
        })
    };
    let workspace = {
        let (session, history, seed) = (session.clone(), history.clone(), seed.clone());
        move || share::Workspace {
            lang: session.borrow().lang(),
            seed: *seed.borrow(),
            files: project::files(&session.borrow()),
            history: history.borrow().clone(),
        }
    };
    let share_link = use_state(|| None::<String>);
    let on_share = {
        let (workspace, share_link) = (workspace.clone(), share_link.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(url) = share::link(&workspace()) {
                share::copy(&url);
                share_link.set(Some(url));
            }
        })
    };
    let on_share_close = {
        let share_link = share_link.clone();
        Callback::from(move |_: MouseEvent| share_link.set(None))
    };
    let on_export = {
        let workspace = workspace.clone();
        Callback::from(move |_: MouseEvent| {
            share::download("muelle.json", &workspace().to_json());
        })
    };
    // Replaces everything with `w`: a fresh session with its files, its history and language.
    let apply = {
        let (session, history, seed, prefs) = (session.clone(), history.clone(), seed.clone(), prefs.clone());
        let (tabs, active, epoch, selected) = (tabs.clone(), active.clone(), epoch.clone(), selected.clone());
        let epochs = epochs.clone();
        move |w: share::Workspace| {
            *seed.borrow_mut() = w.seed;
            *session.borrow_mut() = new_session(w.lang, w.seed, &w.files);
            *history.borrow_mut() = w.history;
            prefs.set(Prefs { lang: w.lang, ..*prefs });
            tabs.set(vec![Tab { term: 0, number: None, container: None, initial: None }]);
            active.set(0);
            selected.set(project::first_file(&session.borrow()));
            *epochs.borrow_mut() += 1;
            epoch.set(*epochs.borrow());
        }
    };
    let import_error = use_state(|| false);
    let on_import = {
        let (apply, import_error, name_refused, session) =
            (apply.clone(), import_error.clone(), name_refused.clone(), session.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let (apply, import_error, name_refused, session) =
                (apply.clone(), import_error.clone(), name_refused.clone(), session.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
                match text.as_deref().and_then(share::Workspace::from_json) {
                    Some(w) => match names::check_files(&w.files) {
                        Ok(()) => {
                            import_error.set(false);
                            name_refused.set(None);
                            let live = project::files(&session.borrow());
                            if recover::before_import(&live, &w.files, session.borrow().lang()) {
                                apply(w);
                            }
                        }
                        Err(bad) => {
                            import_error.set(false);
                            name_refused.set(Some(bad));
                        }
                    },
                    None => import_error.set(true),
                }
            });
        })
    };
    // Lessons: open one (its starting files in a fresh session), go back to the list, start over.
    let open_lesson = {
        let (apply, guide, session, seed, show_lessons) =
            (apply.clone(), guide.clone(), session.clone(), seed.clone(), show_lessons.clone());
        move |id: &str, fresh: bool| {
            let Some(lesson) = lessons::catalog::find(id) else { return };
            let (lang, seed) = (session.borrow().lang(), *seed.borrow());
            apply(share::Workspace { lang, seed, files: lesson.files.clone(), history: Vec::new() });
            let mut g = guide.borrow_mut();
            g.script.clear();
            g.open(Some(id), fresh);
            show_lessons.set(true);
        }
    };
    // Opening a lesson replaces the project's files: ask first unless they are a sample's or a lesson's.
    let on_open_lesson = {
        let (open_lesson, session) = (open_lesson.clone(), session.clone());
        Callback::from(move |id: String| {
            let lang = session.borrow().lang();
            let current = project::files(&session.borrow());
            if !examples::is_pristine(&current, lang)
                && !lessons::catalog::is_starting_point(&current)
                && !confirm(T::ConfirmLesson.get(lang))
            {
                return;
            }
            open_lesson(&id, false)
        })
    };
    let on_reset_lesson = {
        let (open_lesson, guide) = (open_lesson.clone(), guide.clone());
        Callback::from(move |_: ()| {
            let id = guide.borrow().tracker.as_ref().map(|t| t.id.clone());
            if let Some(id) = id {
                open_lesson(&id, true);
            }
        })
    };
    let on_lessons_back = {
        let guide = guide.clone();
        Callback::from(move |_: ()| guide.borrow_mut().open(None, false))
    };
    let on_lessons_close = {
        let show_lessons = show_lessons.clone();
        Callback::from(move |_: ()| show_lessons.set(false))
    };
    let on_lessons_toggle = {
        let show_lessons = show_lessons.clone();
        Callback::from(move |_: MouseEvent| show_lessons.set(!*show_lessons))
    };
    let on_typed = {
        let guide = guide.clone();
        Callback::from(move |(term, line): (TermId, String)| guide.borrow_mut().typed(term, line))
    };
    // The "copy embed code" button: an <iframe> for this lesson, or for these files.
    let embed_code = use_state(|| None::<String>);
    let on_embed_code = {
        let (workspace, guide, embed_code) = (workspace.clone(), guide.clone(), embed_code.clone());
        Callback::from(move |_: MouseEvent| {
            let lesson = guide.borrow().tracker.as_ref().map(|t| t.id.clone());
            let w = workspace();
            let params = embed::EmbedParams {
                workspace: lesson.is_none().then(|| w.to_fragment()),
                lesson,
                lang: Some(w.lang),
                ..Default::default()
            };
            let code = embed::params::iframe_snippet(&embed::base_url().unwrap_or_default(), &params);
            share::copy(&code);
            embed_code.set(Some(code));
        })
    };
    let on_embed_close = {
        let embed_code = embed_code.clone();
        Callback::from(move |_: MouseEvent| embed_code.set(None))
    };
    let on_export_folder = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| {
            let zip = share::docker_folder_zip(&project::files(&session.borrow()));
            share::download_bytes(&format!("{}.zip", share::DOCKER_FOLDER), &zip, "application/zip");
        })
    };
    let open_tab = {
        let (session, tabs, active) = (session.clone(), tabs.clone(), active.clone());
        move |container: Option<String>, initial: Option<String>| {
            let term = session.borrow_mut().open_terminal();
            let mut v = (*tabs).clone();
            let number = v.iter().filter_map(|t| t.number).max().unwrap_or(1) + 1;
            v.push(Tab { term, number: Some(number), container, initial });
            active.set(v.len() - 1);
            tabs.set(v);
        }
    };
    let on_new_tab = {
        let open_tab = open_tab.clone();
        Callback::from(move |_: MouseEvent| open_tab(None, None))
    };
    // The graph's container menu: logs or inspect typed into a new tab.
    let on_command = {
        let open_tab = open_tab.clone();
        Callback::from(move |(name, line): (String, String)| open_tab(Some(name), Some(line)))
    };
    *after_tick.borrow_mut() = Some({
        let (guide, session, tabs, active, open_tab) =
            (guide.clone(), session.clone(), tabs.clone(), active.clone(), open_tab.clone());
        Callback::from(move |_: ()| {
            let term = tabs.get(*active).map_or(0, |t| t.term);
            let after = guide.borrow_mut().tick(&session.borrow(), term);
            match after {
                After::Nothing => {}
                After::OpenTerminal => open_tab(None, None),
                After::Interrupt => session.borrow_mut().interrupt(term),
            }
        })
    });
    // Clicking a container: a shell inside it if it runs (reusing its tab), its logs otherwise.
    let on_container = {
        let (session, tabs, active) = (session.clone(), tabs.clone(), active.clone());
        Callback::from(move |name: String| {
            let s = session.borrow();
            let Some(running) = s.view().container(&name).map(|c| c.state.is_running()) else { return };
            let inside = tabs.iter().position(|t| {
                t.container.as_deref() == Some(name.as_str())
                    && s.place(t.term) == Place::Container(name.clone())
                    && !s.is_busy(t.term)
            });
            drop(s);
            match inside {
                Some(i) if running => active.set(i),
                _ if running => open_tab(Some(name.clone()), Some(format!("docker exec -it {name} sh"))),
                _ => open_tab(Some(name.clone()), Some(format!("docker logs {name}"))),
            }
        })
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |p: Option<String>| selected.set(p))
    };
    // Commands from the embedding page (origins checked in `embed`), through the latest callback.
    let inbox = use_mut_ref(|| None::<Callback<embed::messages::Incoming>>);
    *inbox.borrow_mut() = Some({
        let (apply, open_lesson, guide, session, seed) =
            (apply.clone(), open_lesson.clone(), guide.clone(), session.clone(), seed.clone());
        let name_refused = name_refused.clone();
        Callback::from(move |msg: embed::messages::Incoming| {
            use embed::messages::{Incoming, WorkspaceSource};
            match msg {
                Incoming::RefusedName(bad) => name_refused.set(Some(bad)),
                Incoming::RunCommand(lines) => guide.borrow_mut().run(lines),
                Incoming::LoadLesson(id) => open_lesson(&id, true),
                Incoming::LoadWorkspace(WorkspaceSource::Fragment(w)) => apply(w),
                Incoming::LoadWorkspace(WorkspaceSource::Files(files)) => {
                    let (lang, seed) = (session.borrow().lang(), *seed.borrow());
                    apply(share::Workspace { lang, seed, files, history: Vec::new() })
                }
            }
        })
    });
    {
        let (guide, inbox) = (guide.clone(), inbox.clone());
        use_effect_with((), move |_| {
            let bridge = guide.borrow().bridge.clone();
            bridge.listen(inbox);
            let lesson = guide.borrow().tracker.as_ref().map(|t| t.id.clone());
            bridge.post(&embed::messages::ready(lesson.as_deref()));
        });
    }

    let tick_now = *tick.borrow();
    let (rev, events, now) = {
        let s = session.borrow();
        (s.revision(), s.event_log().total(), s.now().ms())
    };
    let title = |tab: &Tab| -> String {
        let s = session.borrow();
        if let Place::Container(name) = s.place(tab.term) {
            return name;
        }
        match tab.number {
            None => T::HostTab.get(lang).to_string(),
            Some(n) => i18n::terminal_n(lang, n),
        }
    };
    let tab_bar = tabs.iter().enumerate().map(|(i, tab)| {
        let on_click = {
            let active = active.clone();
            Callback::from(move |_: MouseEvent| active.set(i))
        };
        let on_close = {
            let (tabs, active, session) = (tabs.clone(), active.clone(), session.clone());
            let term = tab.term;
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                // The simulator keeps the terminal; stop what runs in it and forget the tab.
                session.borrow_mut().interrupt(term);
                let Some(closed) = tabs.iter().position(|t| t.term == term) else { return };
                let mut v = (*tabs).clone();
                v.remove(closed);
                // Keep the same tab in front; closing the front one shows the next (the previous at the end).
                let front = *active;
                active.set(if closed < front || (closed == front && front == v.len()) { front - 1 } else { front });
                tabs.set(v);
            })
        };
        let is_active = i == *active;
        html! {
            <div class={if is_active { "tab active" } else { "tab" }} role="tab" aria-selected={is_active.to_string()}>
                <button class="tab-label" onclick={on_click}>{ title(tab) }</button>
                if tab.number.is_some() {
                    <button class="tab-close" title={T::CloseTab.get(lang)} aria-label={T::CloseTab.get(lang)} onclick={on_close}>{ "×" }</button>
                }
            </div>
        }
    });
    let feed = guide.borrow().feed.clone();
    let terminals = tabs.iter().enumerate().map(|(i, tab)| {
        html! {
            <Terminal
                key={format!("{}-{}", *epoch, tab.term)}
                session={session.clone()}
                term={tab.term}
                tick={tick_now}
                active={i == *active}
                {lang}
                initial={tab.initial.clone()}
                shared_history={history.clone()}
                on_command={on_typed.clone()}
                feed={feed.as_ref().filter(|(t, _, _)| *t == tab.term).map(|(_, n, line)| (*n, line.clone()))}
            />
        }
    });
    let speed_options = SPEEDS.iter().map(|(s, code)| {
        let label = format!("{}×", if lang == Lang::Es { code.replace('.', ",") } else { code.to_string() });
        html! { <option value={*code} selected={*s == prefs.speed}>{ label }</option> }
    });
    let theme_options = [(Theme::System, T::ThemeSystem), (Theme::Light, T::ThemeLight), (Theme::Dark, T::ThemeDark)]
        .into_iter()
        .map(|(t, label)| html! { <option value={t.code()} selected={t == prefs.theme}>{ label.get(lang) }</option> });

    // What shows: everything, or what an embedding page chose.
    let shows = |p: Panel| embedded.as_ref().as_ref().is_none_or(|e| e.shows(p));
    let readonly = embedded.as_ref().as_ref().is_some_and(|e| e.readonly);
    let lessons_open = *show_lessons && shows(Panel::Lessons);
    let tracker = guide.borrow().tracker.clone();
    let workspace_class = classes!(
        "workspace",
        lessons_open.then_some("with-lessons"),
        embedded.as_ref().as_ref().is_some_and(|e| e.panels.is_some()).then_some("chosen-panels"),
    );

    html! {
        <div class={classes!("app", (!saves).then_some("embedded"))}>
            <header class="toolbar">
                <h1 class="brand">{ "Muelle" }<span class="subtitle">{ T::Subtitle.get(lang) }</span></h1>
                if saves {
                <label class="field examples" title={T::ExamplesHelp.get(lang)}>
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
                            aria-pressed={show_lessons.to_string()} onclick={on_lessons_toggle}>
                            { icon(Icon::Book) }{ T::Lessons.get(lang) }
                        </button>
                        <span class="sep"></span>
                    }
                    <button class="btn" data-testid="pause" onclick={on_pause} aria-pressed={paused.to_string()}>
                        { icon(if *paused { Icon::Play } else { Icon::Pause }) }
                        { if *paused { T::Play.get(lang) } else { T::Pause.get(lang) } }
                    </button>
                    <label class="field" title={T::Speed.get(lang)}>
                        <span class="sr-only">{ T::Speed.get(lang) }</span>
                        <select data-testid="speed" onchange={on_speed}>{ for speed_options }</select>
                    </label>
                    <span class="sim-clock" title={T::SimClock.get(lang)} data-testid="sim-clock">
                        { icon(Icon::Clock) }{ timeline::rows::clock(now) }
                    </span>
                    <button class="btn" data-testid="reset" title={T::ResetHelp.get(lang)} onclick={on_reset}>
                        { icon(Icon::Reset) }{ T::Reset.get(lang) }
                    </button>
                    if saves {
                    <SeedField seed={*seed.borrow()} {lang} on_change={on_seed} />
                    <span class="sep"></span>
                    <button class="btn" data-testid="share" title={T::ShareHelp.get(lang)} onclick={on_share}>
                        { icon(Icon::Share) }{ T::Share.get(lang) }
                    </button>
                    <button class="btn icon-only" data-testid="export" title={T::Export.get(lang)}
                        aria-label={T::Export.get(lang)} onclick={on_export}>{ icon(Icon::Download) }</button>
                    <label class="btn icon-only" title={T::Import.get(lang)}>
                        { icon(Icon::Upload) }
                        <span class="sr-only">{ T::Import.get(lang) }</span>
                        <input type="file" accept=".json,application/json" class="sr-only" data-testid="import"
                            onchange={on_import} />
                    </label>
                    <button class="btn icon-only" data-testid="embed-code" title={T::EmbedCode.get(lang)}
                        aria-label={T::EmbedCode.get(lang)} onclick={on_embed_code}>{ icon(Icon::Code) }</button>
                    <button class="btn icon-only" data-testid="export-folder" title={T::ExportFolder.get(lang)}
                        aria-label={T::ExportFolder.get(lang)} onclick={on_export_folder}>{ icon(Icon::Folder) }</button>
                    }
                    <span class="sep"></span>
                    <button class="btn lang" data-testid="lang" onclick={on_lang}
                        title={T::Language.get(lang)} aria-label={T::Language.get(lang)}>
                        <span class={if lang == Lang::Es { "on" } else { "" }}>{ "ES" }</span>
                        <span class={if lang == Lang::En { "on" } else { "" }}>{ "EN" }</span>
                    </button>
                    <label class="field" title={T::Theme.get(lang)}>
                        <span class="sr-only">{ T::Theme.get(lang) }</span>
                        <select data-testid="theme" onchange={on_theme}>{ for theme_options }</select>
                    </label>
                </div>
            </header>
            if let Some(url) = &*share_link {
                <div class="share-bar" role="status">
                    <span>{ i18n::share_note(lang, url.len()) }</span>
                    <input class="share-link" data-testid="share-link" readonly=true value={url.clone()}
                        aria-label={T::Share.get(lang)} onfocus={Callback::from(|e: FocusEvent| {
                            e.target_unchecked_into::<web_sys::HtmlInputElement>().select();
                        })} />
                    <button class="btn" onclick={on_share_close}>{ T::Close.get(lang) }</button>
                </div>
            }
            if let Some(code) = &*embed_code {
                <div class="share-bar" role="status">
                    <span>{ T::EmbedCopied.get(lang) }</span>
                    <input class="share-link" data-testid="embed-snippet" readonly=true value={code.clone()}
                        aria-label={T::EmbedCode.get(lang)} onfocus={Callback::from(|e: FocusEvent| {
                            e.target_unchecked_into::<web_sys::HtmlInputElement>().select();
                        })} />
                    <button class="btn" onclick={on_embed_close}>{ T::Close.get(lang) }</button>
                </div>
            }
            if *import_error {
                <div class="share-bar bad" role="alert" data-testid="import-error">{ T::ImportFailed.get(lang) }</div>
            }
            if let Some(bad) = &*name_refused {
                <div class="share-bar bad" role="alert" data-testid="name-refused">
                    <span>{ i18n::bad_name(lang, bad) }</span>
                    <button class="btn" onclick={{
                        let name_refused = name_refused.clone();
                        Callback::from(move |_: MouseEvent| name_refused.set(None))
                    }}>{ T::Close.get(lang) }</button>
                </div>
            }
            <main class={workspace_class}>
                if lessons_open {
                    <lessons::Lessons {lang} open={tracker} browsable={saves} on_open={on_open_lesson}
                        on_back={on_lessons_back} on_reset={on_reset_lesson} on_close={on_lessons_close} />
                }
                if shows(Panel::Editor) {
                <div class={classes!("side", readonly.then_some("readonly"))}>
                    <files::Files key={format!("files-{}", *epoch)} session={session.clone()} {rev} {lang}
                        selected={(*selected).clone()} on_select={on_select.clone()} />
                    <editor::Editor key={format!("editor-{}", *epoch)} session={session.clone()} {rev} {lang}
                        path={(*selected).clone()} {readonly} />
                </div>
                }
                <section class="panel terminal" aria-label={T::Terminals.get(lang)} hidden={!shows(Panel::Terminal)}>
                    <div class="tabs" role="tablist">
                        { for tab_bar }
                        <button class="tab-new" title={T::NewTerminal.get(lang)} aria-label={T::NewTerminal.get(lang)}
                            data-testid="new-terminal" onclick={on_new_tab}>{ icon(Icon::Plus) }</button>
                        <span class="keys">{ T::Keys.get(lang) }</span>
                    </div>
                    { for terminals }
                </section>
                if shows(Panel::Topology) {
                <topology::Topology key={format!("topology-{}", *epoch)} session={session.clone()} {rev} {lang} {on_container} {on_command} />
                }
                if shows(Panel::Browser) {
                <browser::Browser key={format!("browser-{}", *epoch)} session={session.clone()} tick={tick_now}
                    {lang} paused={*paused} />
                }
                if shows(Panel::Timeline) {
                <timeline::Timeline key={format!("timeline-{}", *epoch)} session={session.clone()} {events} {lang} />
                }
            </main>
        </div>
    }
}

#[derive(Properties, Clone)]
struct SeedFieldProps {
    seed: u64,
    lang: Lang,
    on_change: Callback<Event>,
}

/// Only the seed and the language matter: the page re-renders every tick with a new callback,
/// and an `<input value=…>` re-rendered while someone types in it gets its value put back.
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

/// The browser's confirmation dialog; `false` when it cannot be shown.
fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

/// Mounts [`App`] into the page's `<body>`, once the saved work is read from IndexedDB (an
/// embedded page saves nothing, so it neither reads it nor takes part in choosing the tab that
/// saves). The panic hook goes in first, so even a failure while loading is shown.
pub fn start() {
    guard::install();
    guard::take_restart();
    guard::install_test_hooks();
    let saves = embed::from_location().is_none();
    wasm_bindgen_futures::spawn_local(async move {
        if saves {
            // Claimed first: the other tabs stop writing before this one reads what they saved.
            leader::start();
            store::open().await;
        }
        let lang = persist::load(persist::PREFS_KEY).map(|p| Prefs::decode(&p).lang).unwrap_or_default();
        notice::set_lang(lang);
        // Yew empties <body> when it mounts: the overlay and the notices go in after.
        yew::Renderer::<App>::new().render();
        guard::prepare(lang);
        notice::redraw();
    });
}
