//! A tick where nothing changed re-renders nothing but the simulated clock: not the page, not
//! the toolbar, the tab bar or the editor (their render counts, `app::renders`, stay put while
//! the clock shown moves). In its own file, so no other test's page shares the counters.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use app::renders::{renders, Part};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn counts() -> [(Part, u64); 4] {
    [Part::App, Part::Toolbar, Part::TabBar, Part::Editor].map(|p| (p, renders(p)))
}

fn sim_clock(root: &web_sys::Element) -> String {
    root.query_selector("[data-testid=sim-clock]").unwrap().unwrap().text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn ticks_without_a_change_redraw_only_the_clock() {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<app::App>::with_root(root.clone()).render();
    // The first renders and whatever the first ticks settle.
    yew::platform::time::sleep(Duration::from_millis(800)).await;
    let (before, clock_before) = (counts(), sim_clock(&root));
    assert!(before.iter().all(|(_, n)| *n > 0), "{before:?}");
    // About 30 ticks: simulated time moves on, nothing else happens.
    yew::platform::time::sleep(Duration::from_millis(1500)).await;
    assert_ne!(sim_clock(&root), clock_before, "the clock ran");
    assert_eq!(counts(), before, "no re-render but the clock's");
}
