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
