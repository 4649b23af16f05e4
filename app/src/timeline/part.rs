//! The inspector and the comparison (issue 15) are a part of the page loaded when first opened
//! (ARCHITECTURE.md, "Page parts"): `app/muelle-part.js`, a small script `index.html`'s
//! `muellePart` imports on first use (hashed and precached by `cargo xtask dist` like the
//! worker's files). The worker words both as markup (`sim_core::inspect::markup`,
//! `sim_core::compare::markup`) and posts it to the part directly, so the page's wasm has no
//! decoder, component nor text of theirs: here are only the call that shows one of them in the
//! scrubber's host element ([`show`]). A click on a failed `ping`/`curl` line in a terminal is
//! `index.html`'s (it opens the inspector with the line; the worker finds its failure:
//! `sim_core::inspect::from_terminal_line`).

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen]
extern "C" {
    /// `index.html`'s loader of the page part: opens `kind` (`inspect` or `compare`), or closes
    /// it if it is open.
    #[wasm_bindgen(catch, js_name = muellePart)]
    fn muelle_part(host: &web_sys::Element, kind: &str) -> Result<(), JsValue>;
}

/// Opens `kind` (`inspect` or `compare`) in `host`, or closes it if it is open there.
pub fn show(host: &web_sys::Element, kind: &str) {
    // Only fails when index.html has no loader (then there is nothing to show).
    let _ = muelle_part(host, kind);
}
