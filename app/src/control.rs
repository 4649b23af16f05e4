//! What the page does when the student acts: the side effects (replace the session, open a
//! simulator terminal, copy to the clipboard, download, read a file, ask for confirmation) and
//! then one [`Action`] for the reducer in `state`, which only records their outcome.
//!
//! A [`Page`] is made once and handed to the components that act (toolbar, tab bar, notice
//! bars, lessons): it holds only handles that never change (the session, the clock, the
//! dispatcher), so passing it never makes a component re-render. The page's state as last
//! rendered is kept in it for the few decisions that need it (which tab holds a container's
//! shell, the seed in effect), as each render's callbacks used to see it.

use std::cell::RefCell;
use std::rc::Rc;

use sim_core::{Place, TermId};
use yew::prelude::*;

use crate::hooks::clock::Clock;
use crate::i18n::{Lang, T};
use crate::lessons::guide::{After, Guide};
use crate::state::{Action, State};
use crate::{embed, examples, lessons, names, project, recover, share, SharedSession};

pub struct Inner {
    pub session: SharedSession,
    pub clock: Clock,
    /// Lines typed in any terminal, oldest first (Arrow-Up, saved across reloads, shared links).
    pub history: Rc<RefCell<Vec<String>>>,
    /// Lessons and lines typed for the student.
    pub guide: Rc<RefCell<Guide>>,
    dispatch: UseReducerDispatcher<State>,
    /// The state as last rendered.
    latest: RefCell<State>,
}

/// The page's actions (equal when it is the same page: it never changes).
#[derive(Clone)]
pub struct Page(Rc<Inner>);

impl PartialEq for Page {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Page {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Page {
    pub fn new(
        session: SharedSession,
        clock: Clock,
        history: Rc<RefCell<Vec<String>>>,
        guide: Rc<RefCell<Guide>>,
        dispatch: UseReducerDispatcher<State>,
        state: State,
    ) -> Page {
        Page(Rc::new(Inner { session, clock, history, guide, dispatch, latest: RefCell::new(state) }))
    }

    /// Records the state just rendered.
    pub fn rendered(&self, state: &State) {
        if *self.latest.borrow() != *state {
            *self.latest.borrow_mut() = state.clone();
        }
    }

    /// The seed in effect.
    pub fn seed(&self) -> u64 {
        self.latest.borrow().seed
    }

    pub fn dispatch(&self, action: Action) {
        self.dispatch.dispatch(action);
    }

    /// A callback that dispatches `action` whatever the event.
    pub fn send<E>(&self, action: Action) -> Callback<E> {
        let page = self.clone();
        Callback::from(move |_: E| page.dispatch(action.clone()))
    }

    fn files(&self) -> Vec<(String, String)> {
        project::files(&self.session.borrow())
    }

    fn lang(&self) -> Lang {
        self.session.borrow().lang()
    }

    /// A fresh simulated host with `files` and `seed`: one terminal, nothing running.
    pub fn restart(&self, files: Vec<(String, String)>, seed: u64) {
        let lang = self.lang();
        self.session.borrow_mut().restart(seed, lang, &project::safe(&files), None);
        let first = project::first_file(&self.session.borrow());
        let files = files.into_iter().map(|(p, _)| p).collect();
        self.dispatch(Action::Restarted { seed, files, first });
    }

    /// The reset button: the same files and seed on a fresh host.
    pub fn reset(&self) {
        self.restart(self.files(), self.seed());
    }

    /// An example chosen in the toolbar; asks first unless the project is a sample as shipped.
    pub fn example(&self, id: &str) {
        let Some(example) = examples::find(id) else { return };
        let lang = self.lang();
        if !examples::is_pristine(&self.files(), lang) && !confirm(T::ConfirmExample.get(lang)) {
            return;
        }
        self.restart(example.files(lang), self.seed());
    }

    /// The seed field changed: a fresh host with that seed. Returns the text the field should
    /// show instead when it is not a seed.
    pub fn seed_typed(&self, text: &str) -> Option<String> {
        let Ok(value) = text.trim().parse::<u64>() else { return Some(self.seed().to_string()) };
        if value != self.seed() {
            self.restart(self.files(), value);
        }
        None
    }

    /// Everything a share link or an export carries: the files, the history and the host (the
    /// session's journal, so whoever opens it sees the containers the sender saw).
    pub fn workspace(&self) -> share::Workspace {
        let s = self.session.borrow();
        let journal = s.journal();
        // While a replay runs the mirror's journal is not the session's yet: files alone.
        let branches = (*s.branches() != sim_core::Branches::default()).then(|| s.branches().clone());
        let host = (!s.starting() && !journal.overflowed() && !journal.is_empty()).then(|| share::Host {
            journal: journal.encode(),
            until: s.now().ms(),
            branches,
        });
        drop(s);
        share::Workspace {
            lang: self.lang(),
            seed: self.seed(),
            files: self.files(),
            history: self.history.borrow().clone(),
            host,
        }
    }

    pub fn share(&self) {
        if let Some(url) = share::link(&self.workspace()) {
            share::copy(&url);
            self.dispatch(Action::ShareLink(Some(url)));
        }
    }

    pub fn export(&self) {
        share::download("muelle.json", &self.workspace().to_json());
    }

    pub fn export_folder(&self) {
        let zip = share::docker_folder_zip(&self.files());
        share::download_bytes(&format!("{}.zip", share::DOCKER_FOLDER), &zip, "application/zip");
    }

    /// The "copy embed code" button: an `<iframe>` for this lesson, or for these files.
    pub fn embed_code(&self) {
        let lesson = self.guide.borrow().tracker.as_ref().map(|t| t.id.clone());
        // An embedded page starts from files (each student builds their own host).
        let w = share::Workspace { host: None, ..self.workspace() };
        let params = embed::EmbedParams {
            workspace: lesson.is_none().then(|| w.to_fragment()),
            lesson,
            lang: Some(w.lang),
            ..Default::default()
        };
        let code = embed::params::iframe_snippet(&embed::base_url().unwrap_or_default(), &params);
        share::copy(&code);
        self.dispatch(Action::EmbedCode(Some(code)));
    }

    /// Replaces everything with `w`: a fresh session with its files, its history and language,
    /// and the host its journal rebuilds when it carries one.
    pub fn apply(&self, w: share::Workspace) {
        let replay = w.replay();
        let branches = w.host.as_ref().and_then(|h| h.branches.clone()).filter(|_| replay.is_some());
        self.session.borrow_mut().restart(w.seed, w.lang, &project::safe(&w.files), replay);
        if let Some(b) = branches {
            self.session.borrow_mut().set_branches(b);
        }
        *self.history.borrow_mut() = w.history;
        let first = project::first_file(&self.session.borrow());
        self.dispatch(Action::Applied { lang: w.lang, seed: w.seed, first });
    }

    /// A workspace file chosen for import.
    pub fn import(&self, file: web_sys::File) {
        let page = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
            match text.as_deref().and_then(share::Workspace::from_json) {
                Some(w) => match names::check_files(&w.files) {
                    Ok(()) => {
                        page.dispatch(Action::ImportError(false));
                        page.dispatch(Action::NameRefused(None));
                        if recover::before_import(&page.files(), &w.files, page.lang()) {
                            let inputs = w
                                .replay()
                                .and_then(|r| sim_core::journal::Journal::decode(&r.journal))
                                .map_or(0, |j| j.len());
                            let files = w.files.len();
                            page.apply(w);
                            page.dispatch(Action::Imported(Some((files, inputs))));
                        }
                    }
                    Err(bad) => {
                        page.dispatch(Action::ImportError(false));
                        page.dispatch(Action::NameRefused(Some(bad)));
                    }
                },
                None => page.dispatch(Action::ImportError(true)),
            }
        });
    }

    /// Opens lesson `id`: its starting files in a fresh session.
    pub fn open_lesson(&self, id: &str, fresh: bool) {
        if !lessons::catalog::loaded() {
            // The lessons are a file of the site (lessons::catalog): fetched first. If that fails,
            // the lessons panel shows why and offers to try again.
            let (page, id) = (self.clone(), id.to_string());
            wasm_bindgen_futures::spawn_local(async move {
                if lessons::catalog::load().await {
                    page.open_lesson(&id, fresh);
                } else {
                    page.dispatch(Action::ShowLessons(true));
                }
            });
            return;
        }
        let Some(lesson) = lessons::catalog::find(id) else { return };
        // A lesson with per-student variables starts with the student's seed, which draws their
        // values (in its files too).
        let seed = if lesson.vars.is_empty() { self.seed() } else { self.student_seed() };
        self.apply(share::Workspace {
            lang: self.lang(),
            seed,
            files: lessons::Shown::new(lesson, seed).files(lesson),
            history: Vec::new(),
            host: None,
        });
        let mut g = self.guide.borrow_mut();
        g.script.clear();
        g.open(Some(id), fresh);
        drop(g);
        self.dispatch(Action::ShowLessons(true));
    }

    /// A lesson chosen in the list: it replaces the project's files, so ask first unless they are
    /// a sample's or a lesson's.
    pub fn choose_lesson(&self, id: &str) {
        let (lang, current) = (self.lang(), self.files());
        if !examples::is_pristine(&current, lang)
            && !lessons::catalog::is_starting_point(&current)
            && !confirm(T::ConfirmLesson.get(lang))
        {
            return;
        }
        self.open_lesson(id, false)
    }

    /// Starts learning records for an LRS a `load-lesson` message named: `index.html`'s
    /// `muelleStartRecords` loads `static/xapi.js` for it (which reads the message's `lrs` as it
    /// reads an address's launch parameters), and the page's events are then posted to its own
    /// window too. The actor's seed draws the lesson's per-student values. Once per page.
    fn start_records(&self, lrs: &embed::messages::Lrs, lesson: &str) {
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else { return };
        let start = js_sys::Reflect::get(&window, &"muelleStartRecords".into()).ok();
        let Some(start) = start.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else { return };
        if start.call2(&window, &lrs.message.as_str().into(), &lesson.into()).is_err() {
            return;
        }
        let mut guide = self.guide.borrow_mut();
        guide.bridge.hear_locally();
        guide.actor_seed = lrs.seed.or(guide.actor_seed);
    }

    /// The seed a lesson with per-student variables starts with (see [`lessons::student_seed`]):
    /// a `load-lesson`'s LRS actor's when one came, else the address's or this browser's.
    fn student_seed(&self) -> u64 {
        self.guide.borrow().actor_seed.unwrap_or_else(lessons::student_seed)
    }

    /// A run button of the lesson's text: types `command` into the terminal the lesson calls
    /// `name` (the first one when empty), opening a tab for it when it has none, and shows that
    /// tab. The line is typed as a student types it (journaled, a `command` event, a try).
    pub fn run_button(&self, name: &str, command: String) {
        let tabs = self.latest.borrow().tabs.clone();
        let known = if name.is_empty() { Some(0) } else { self.guide.borrow().named(name) };
        let shown = known.and_then(|t| tabs.iter().position(|tab| tab.term == t));
        let (term, fresh) = match (known, shown) {
            (Some(term), Some(i)) => {
                self.dispatch(Action::ShowTab(i));
                (term, false)
            }
            _ => {
                let term = self.session.borrow_mut().open_terminal();
                self.dispatch(Action::TabOpened { term, container: None, initial: None });
                (term, true)
            }
        };
        self.guide.borrow_mut().press(name, term, command, fresh);
    }

    /// Starts the open lesson over.
    pub fn reset_lesson(&self) {
        let id = self.guide.borrow().tracker.as_ref().map(|t| t.id.clone());
        if let Some(id) = id {
            self.open_lesson(&id, true);
        }
    }

    /// A new tab with a new simulator terminal, in front.
    pub fn open_tab(&self, container: Option<String>, initial: Option<String>) {
        let term = self.session.borrow_mut().open_terminal();
        self.dispatch(Action::TabOpened { term, container, initial });
    }

    /// The simulator keeps the terminal; stop what runs in it and forget the tab.
    pub fn close_tab(&self, term: TermId) {
        self.session.borrow_mut().interrupt(term);
        self.dispatch(Action::TabClosed(term));
    }

    /// Clicking a container: a shell inside it if it runs (reusing its tab), its logs otherwise.
    pub fn container_clicked(&self, name: String) {
        let s = self.session.borrow();
        let Some(running) = s.view().container(&name).map(|c| c.state.is_running()) else { return };
        let inside = self.latest.borrow().tabs.iter().position(|t| {
            t.container.as_deref() == Some(name.as_str())
                && s.place(t.term) == Place::Container(name.clone())
                && !s.is_busy(t.term)
        });
        drop(s);
        match inside {
            Some(i) if running => self.dispatch(Action::ShowTab(i)),
            _ if running => self.open_tab(Some(name.clone()), Some(format!("docker exec -it {name} sh"))),
            _ => self.open_tab(Some(name.clone()), Some(format!("docker logs {name}"))),
        }
    }

    /// The lessons' and the embedding page's work after each tick.
    pub fn after_tick(&self) {
        let term = self.latest.borrow().active_term();
        let seed = self.seed();
        let after = self.guide.borrow_mut().tick(&mut self.session.borrow_mut(), term, seed);
        match after {
            After::Nothing => {}
            After::OpenTerminal => self.open_tab(None, None),
            After::Interrupt => self.session.borrow_mut().interrupt(term),
        }
    }

    /// A command from the embedding page (origins checked in `embed`).
    pub fn incoming(&self, msg: embed::messages::Incoming) {
        use embed::messages::{Incoming, WorkspaceSource};
        match msg {
            Incoming::RefusedName(bad) => self.dispatch(Action::NameRefused(Some(bad))),
            Incoming::RunCommand(lines) => self.guide.borrow_mut().run(lines),
            Incoming::LoadLesson(id, lrs) => {
                if let Some(lrs) = lrs {
                    self.start_records(&lrs, &id);
                }
                self.open_lesson(&id, true)
            }
            Incoming::LoadWorkspace(WorkspaceSource::Fragment(w)) => self.apply(w),
            Incoming::LoadWorkspace(WorkspaceSource::Files(files)) => {
                let (lang, seed) = (self.lang(), self.seed());
                self.apply(share::Workspace { lang, seed, files, history: Vec::new(), host: None })
            }
        }
    }
}

/// The browser's confirmation dialog; `false` when it cannot be shown.
fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}
