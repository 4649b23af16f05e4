//! Browser tests: mount the real page in headless Chromium and drive it with keyboard events.
//!
//! They check the wiring between DOM and simulator, not the simulator's wording, so they hold
//! for the stub facade and for the real one alike. Native builds skip this file.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh element and waits for its first render.
async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<app::App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Lets Yew's scheduler and a couple of simulator ticks run.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(120)).await;
}

fn find(root: &Element, testid: &str) -> Element {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={testid}"))
}

fn output(root: &Element) -> String {
    find(root, "terminal-output").text_content().unwrap_or_default()
}

/// Dispatches a keydown on the input; returns whether the page cancelled the browser's default.
fn press(root: &Element, key: &str, ctrl: bool) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let not_cancelled = find(root, "terminal-input").dispatch_event(&event).unwrap();
    !not_cancelled
}

fn type_line(root: &Element, line: &str) {
    let input: HtmlInputElement = find(root, "terminal-input").dyn_into().unwrap();
    input.set_value(line);
    assert!(press(root, "Enter", false));
}

#[wasm_bindgen_test]
async fn page_shows_title_prompt_and_focused_input() {
    let root = mount().await;
    assert!(root.text_content().unwrap().contains("Muelle"));
    let prompt = find(&root, "terminal-prompt").text_content().unwrap();
    assert!(prompt.contains("alumno@muelle"), "prompt was {prompt:?}");
    let active = gloo::utils::document().active_element().unwrap();
    assert_eq!(active, find(&root, "terminal-input"));
}

#[wasm_bindgen_test]
async fn typing_a_command_echoes_it_and_shows_output() {
    let root = mount().await;
    let prompt = find(&root, "terminal-prompt").text_content().unwrap();
    let before = output(&root);
    type_line(&root, "echo hola");
    settle().await;
    let after = output(&root);
    let echoed = format!("{prompt}echo hola\n");
    assert!(after.contains(&echoed), "output was {after:?}");
    assert!(after.len() > before.len() + echoed.len(), "the simulator printed nothing: {after:?}");
    let input: HtmlInputElement = find(&root, "terminal-input").dyn_into().unwrap();
    assert_eq!(input.value(), "", "the input is emptied after Enter");
}

#[wasm_bindgen_test]
async fn ctrl_l_clears_and_ctrl_c_abandons_the_line() {
    let root = mount().await;
    type_line(&root, "echo uno");
    settle().await;
    assert!(!output(&root).is_empty());
    assert!(press(&root, "l", true), "Ctrl-L must not reach the browser");
    settle().await;
    assert_eq!(output(&root), "");

    let input: HtmlInputElement = find(&root, "terminal-input").dyn_into().unwrap();
    input.set_value("a medias");
    assert!(press(&root, "c", true));
    settle().await;
    assert!(output(&root).contains("a medias^C"), "{:?}", output(&root));
    assert_eq!(input.value(), "");
}

#[wasm_bindgen_test]
async fn arrow_up_recalls_the_previous_line() {
    let root = mount().await;
    type_line(&root, "docker ps");
    settle().await;
    assert!(press(&root, "ArrowUp", false));
    settle().await;
    let input: HtmlInputElement = find(&root, "terminal-input").dyn_into().unwrap();
    assert_eq!(input.value(), "docker ps");
}

// ----- panels, mounted on their own around a session -----

use std::cell::RefCell;
use std::rc::Rc;

use app::SharedSession;
use sim_core::{Lang, Session, SessionConfig};
use web_sys::{HtmlElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::Callback;

fn session_after(lines: &[&str]) -> SharedSession {
    let mut s = Session::new(SessionConfig { seed: 1, lang: Lang::Es });
    for line in lines {
        s.submit(0, line);
        s.run_until_idle(0, 120_000);
    }
    s.advance(3_000);
    app::sim::Sim::inline(s)
}

fn fresh_root() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

#[wasm_bindgen_test]
async fn topology_draws_live_state_and_a_click_names_the_container() {
    let session =
        session_after(&["docker run -d --name web -p 8080:80 nginx", "docker run --name fallo busybox false"]);
    let clicked = Rc::new(RefCell::new(Vec::<String>::new()));
    let log = clicked.clone();
    let root = fresh_root();
    let props = app::topology::TopologyProps {
        session: session.clone(),
        rev: 1,
        events: 0,
        lang: Lang::Es,
        on_container: Callback::from(move |name: String| log.borrow_mut().push(name)),
        on_command: Callback::noop(),
    };
    yew::Renderer::<app::topology::Topology>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let web = root.query_selector("[data-node='container:web']").unwrap().expect("web is drawn");
    assert_eq!(web.get_attribute("data-state").as_deref(), Some("running"));
    let fallo = root.query_selector("[data-node='container:fallo']").unwrap().expect("fallo is drawn");
    assert_eq!(fallo.get_attribute("data-state").as_deref(), Some("exited"));
    assert!(root.query_selector("[data-node='port:8080']").unwrap().is_some());
    assert!(root.query_selector("[data-node='network:bridge']").unwrap().is_some());
    // A click on the name inside the node counts as a click on the node.
    let name = web.query_selector("text").unwrap().expect("the node has a label");
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &{
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    name.dispatch_event(&event).unwrap();
    settle().await;
    assert_eq!(*clicked.borrow(), ["web"]);
}

/// Clicks the first element matching `selector` under `root` (a bubbling click, as a user's).
fn click_on(root: &Element, selector: &str) {
    let el = root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matches {selector}"));
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn a_containers_menu_types_commands_and_its_kill_fault_is_a_real_exit() {
    let session = session_after(&["docker run -d --name web nginx"]);
    let commands = Rc::new(RefCell::new(Vec::<(String, String)>::new()));
    let log = commands.clone();
    let root = fresh_root();
    let props = app::topology::TopologyProps {
        session: session.clone(),
        rev: 1,
        events: 0,
        lang: Lang::Es,
        on_container: Callback::noop(),
        on_command: Callback::from(move |c: (String, String)| log.borrow_mut().push(c)),
    };
    yew::Renderer::<app::topology::Topology>::with_root_and_props(root.clone(), props).render();
    settle().await;
    assert!(root.query_selector("[data-testid=ct-menu]").unwrap().is_none());
    click_on(&root, "[data-menu='web']");
    settle().await;
    assert!(root.query_selector("[data-testid=ct-menu]").unwrap().is_some(), "the ⋯ button opens the menu");
    click_on(&root, "[data-action=logs]");
    settle().await;
    assert_eq!(*commands.borrow(), [("web".to_string(), "docker logs web".to_string())]);
    assert!(root.query_selector("[data-testid=ct-menu]").unwrap().is_none(), "an action closes the menu");

    click_on(&root, "[data-menu='web']");
    settle().await;
    click_on(&root, "[data-action=kill]");
    settle().await;
    let s = session.borrow();
    let view = s.view();
    let web = view.container("web").unwrap();
    assert_eq!(web.state, sim_core::ContainerState::Exited(137));
}

#[wasm_bindgen_test]
async fn editor_indents_with_two_spaces_and_saves_to_the_simulated_disk() {
    let session = session_after(&[]);
    session.borrow_mut().write_host_file("compose.yaml", b"services:").unwrap();
    let root = fresh_root();
    let props = app::editor::EditorProps {
        session: session.clone(),
        rev: 1,
        lang: Lang::Es,
        path: Some("compose.yaml".into()),
        readonly: false,
    };
    yew::Renderer::<app::editor::Editor>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let area: HtmlTextAreaElement = find(&root, "editor").dyn_into().unwrap();
    assert_eq!(area.value(), "services:");
    area.set_selection_range(9, 9).unwrap();
    let key = |k: &str| {
        let init = KeyboardEventInit::new();
        init.set_key(k);
        init.set_bubbles(true);
        init.set_cancelable(true);
        KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()
    };
    assert!(!area.dispatch_event(&key("Enter")).unwrap(), "Enter is handled by the editor");
    assert_eq!(area.value(), "services:\n  ", "Enter after a key indents one level");
    assert!(!area.dispatch_event(&key("Tab")).unwrap(), "Tab does not leave the editor");
    assert_eq!(area.value(), "services:\n    ");
    area.dispatch_event(&key("Escape")).unwrap();
    assert!(area.dispatch_event(&key("Tab")).unwrap(), "after Escape, Tab moves focus as usual");
    yew::platform::time::sleep(Duration::from_millis(600)).await;
    let saved = session.borrow().read_host_file("compose.yaml").unwrap();
    assert_eq!(String::from_utf8(saved).unwrap(), "services:\n    ");
    assert!(root.query_selector("[data-testid=editor-saved]").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_big_file_draws_only_the_lines_in_view() {
    let session = session_after(&[]);
    let text: String = (0..50_000).map(|i| format!("  clave{i}: {i}\n")).collect();
    session.borrow_mut().write_host_file("grande.yaml", text.as_bytes()).unwrap();
    let root = fresh_root();
    let props = app::editor::EditorProps {
        session: session.clone(),
        rev: 1,
        lang: Lang::Es,
        path: Some("grande.yaml".into()),
        readonly: false,
    };
    yew::Renderer::<app::editor::Editor>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let area: HtmlTextAreaElement = find(&root, "editor").dyn_into().unwrap();
    // The editor holds the whole file; the textarea only a window of lines from the top (a
    // browser lays out a textarea's whole text on every keystroke).
    let scroller = root.query_selector(".code-scroll").unwrap().unwrap();
    assert_eq!(scroller.get_attribute("data-bytes").unwrap(), text.len().to_string());
    let shown = area.value();
    assert!(shown.starts_with("  clave0: 0\n  clave1: 1\n"), "{}", &shown[..40]);
    assert!(text.starts_with(&shown), "the window is the file's first lines");
    assert!(shown.len() < text.len() / 10, "{} of {} bytes in the textarea", shown.len(), text.len());
    assert_eq!(area.get_attribute("data-window").unwrap().split(' ').next(), Some("0"));
    let hl = root.query_selector(".code-hl").unwrap().unwrap();
    let drawn: usize = hl.get_attribute("data-drawn").unwrap().parse().unwrap();
    assert!(drawn > 0 && drawn < 200, "{drawn} lines drawn of 50,001");
    let elements = root.query_selector_all(".editor *").unwrap().length();
    assert!(elements < 2_000, "{elements} elements");
    assert!(hl.text_content().unwrap().contains("clave0: 0"));
}

#[wasm_bindgen_test]
async fn timeline_tells_the_story_and_filters_by_container() {
    let session = session_after(&["docker run -d --name web nginx", "docker run --name fallo busybox false"]);
    let events = session.borrow().event_log().total();
    let root = fresh_root();
    let props =
        app::timeline::TimelineProps { session, events, lang: Lang::Es, travel: None, past_at: None, player: false };
    yew::Renderer::<app::timeline::Timeline>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let text = || find(&root, "timeline").text_content().unwrap_or_default();
    assert!(text().contains("web arrancó"), "{}", text());
    assert!(text().contains("fallo terminó con el código 1"), "{}", text());
    let select: HtmlSelectElement = find(&root, "timeline-filter").dyn_into().unwrap();
    select.set_value("fallo");
    select
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("change", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
    settle().await;
    assert!(!text().contains("web arrancó"), "{}", text());
    assert!(text().contains("fallo terminó con el código 1"), "{}", text());
}

#[wasm_bindgen_test]
async fn the_page_has_every_panel_and_switches_language() {
    let root = mount().await;
    for id in ["editor", "topology", "timeline", "browser-pane", "terminal-input", "terminal-output"] {
        find(&root, id);
    }
    let lang: HtmlElement = find(&root, "lang").dyn_into().unwrap();
    lang.click();
    settle().await;
    assert!(root.text_content().unwrap().contains("Timeline"));
    lang.click();
    settle().await;
    assert!(root.text_content().unwrap().contains("Línea de tiempo"));
}

#[wasm_bindgen_test]
async fn files_are_added_renamed_and_deleted_on_the_simulated_host() {
    let session = session_after(&[]);
    session.borrow_mut().write_host_file("compose.yaml", b"services: {}\n").unwrap();
    let picked = Rc::new(RefCell::new(Vec::<Option<String>>::new()));
    // Each step mounts the list afresh, as the page does when the selection changes.
    let mount_files = |selected: Option<&str>| {
        let log = picked.clone();
        let props = app::files::FilesProps {
            session: session.clone(),
            rev: session.borrow().revision(),
            lang: Lang::Es,
            selected: selected.map(str::to_string),
            on_select: Callback::from(move |p: Option<String>| log.borrow_mut().push(p)),
        };
        let root = fresh_root();
        yew::Renderer::<app::files::Files>::with_root_and_props(root.clone(), props).render();
        root
    };
    let click = |root: &Element, id: &str| find(root, id).dyn_into::<HtmlElement>().unwrap().click();
    let name_and_ok = |root: &Element, name: &str| {
        let field: HtmlInputElement = find(root, "file-name").dyn_into().unwrap();
        field.set_value(name);
        click(root, "file-ok");
    };

    let root = mount_files(None);
    settle().await;
    assert!(root.query_selector("[data-path='compose.yaml']").unwrap().is_some());
    click(&root, "file-new");
    settle().await;
    name_and_ok(&root, "web/index.html");
    settle().await;
    assert_eq!(session.borrow().read_host_file("web/index.html").unwrap(), b"");
    assert_eq!(picked.borrow().last().cloned().flatten().as_deref(), Some("web/index.html"));

    click(&root, "file-new");
    settle().await;
    name_and_ok(&root, "../fuera");
    settle().await;
    assert!(root.text_content().unwrap().contains("Nombre no válido"));
    assert!(root.text_content().unwrap().contains("«..»"), "the refusal names the part at fault");

    let root = mount_files(Some("compose.yaml"));
    settle().await;
    click(&root, "file-rename");
    settle().await;
    name_and_ok(&root, "docker-compose.yml");
    settle().await;
    assert!(session.borrow().read_host_file("compose.yaml").is_err());
    assert_eq!(session.borrow().read_host_file("docker-compose.yml").unwrap(), b"services: {}\n");

    let root = mount_files(Some("docker-compose.yml"));
    settle().await;
    click(&root, "file-delete");
    settle().await;
    click(&root, "file-confirm-delete");
    settle().await;
    assert!(session.borrow().read_host_file("docker-compose.yml").is_err());
    assert_eq!(picked.borrow().last().cloned(), Some(None));
}

#[wasm_bindgen_test]
async fn the_lessons_panel_lists_lessons_and_shows_steps_hints_and_progress() {
    use app::lessons::{catalog, tracker::Tracker, Lessons, LessonsProps};
    let props = |open: Option<Tracker>| LessonsProps {
        lang: Lang::Es,
        open,
        browsable: true,
        on_open: Callback::noop(),
        on_back: Callback::noop(),
        on_reset: Callback::noop(),
        on_close: Callback::noop(),
        seed: 0,
        on_run: Callback::noop(),
    };
    let root = fresh_root();
    yew::Renderer::<Lessons>::with_root_and_props(root.clone(), props(None)).render();
    settle().await;
    assert_eq!(root.query_selector_all("[data-testid=lesson-open]").unwrap().length(), catalog::all().count() as u32);

    // A wrong try on the first step of "redes": its first hint shows; then the step passes.
    let lesson = catalog::find("redes").unwrap();
    let mut session = lesson.start(SessionConfig::default());
    let mut tracker = Tracker::new(lesson);
    session.submit(0, "docker ps");
    tracker.command_finished(lesson, session.change_stamp(), &lesson.results(&session), tracker.current());
    let root = fresh_root();
    yew::Renderer::<Lessons>::with_root_and_props(root.clone(), props(Some(tracker.clone()))).render();
    settle().await;
    assert_eq!(root.query_selector_all("[data-testid=lesson-step]").unwrap().length(), 4);
    assert!(find(&root, "lesson-hint").text_content().unwrap().contains("docker run -d --name solo nginx"));
    assert_eq!(find(&root, "lesson-progress").text_content().unwrap(), "0 de 4 pasos");
    let current = root.query_selector("[aria-current=step]").unwrap().unwrap();
    assert!(current.text_content().unwrap().contains("solo"));
}
