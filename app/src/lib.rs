//! Muelle's web front end: a page with one terminal wired to the simulated Docker host.
//!
//! The crate is a library plus a tiny binary (`main.rs`) so that browser tests can mount the
//! components. Browser-free logic lives in [`screen`] and is tested natively; the components here
//! only translate DOM events into calls on [`sim_core::Session`].

pub mod screen;
mod terminal;

use std::cell::RefCell;
use std::rc::Rc;

use sim_core::{Lang, Session, SessionConfig};
use yew::prelude::*;

pub use terminal::Terminal;

/// The simulator session shared by every component of the page.
pub type SharedSession = Rc<RefCell<Session>>;

/// The whole page: header and the host shell's terminal.
#[component]
pub fn App() -> Html {
    let session: SharedSession =
        (*use_memo((), |_| Rc::new(RefCell::new(Session::new(SessionConfig { seed: 1, lang: Lang::Es }))))).clone();

    html! {
        <div class="page">
            <header class="masthead">
                <h1>{ "Muelle" }</h1>
                <p class="subtitle">{ "Un patio de juegos de Docker en tu navegador" }</p>
            </header>
            <main>
                <Terminal {session} term={0} />
            </main>
            <footer class="footnote">
                { "Todo ocurre en tu navegador: nada se envía a ningún servidor. " }
                <kbd>{ "Ctrl" }</kbd>{ "+" }<kbd>{ "C" }</kbd>{ " interrumpe, " }
                <kbd>{ "Ctrl" }</kbd>{ "+" }<kbd>{ "L" }</kbd>{ " limpia la pantalla, " }
                <kbd>{ "↑" }</kbd><kbd>{ "↓" }</kbd>{ " recorren el historial." }
            </footer>
        </div>
    }
}

/// Mounts [`App`] into the page's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
