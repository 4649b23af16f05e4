//! The simulator's side of the page's dedicated Web Worker (see ARCHITECTURE.md, "Two threads").
//!
//! `main.rs` makes one [`sim_core::remote::Driver`] and hands it every string the page posts;
//! each string it returns is posted back. `sim-worker-loader.js` is the worker's script: it holds
//! the messages that arrive while the wasm loads and hands them on in order.
//!
//! What is plain Rust (the crash report) lives here, natively tested.

/// The message a panic posts before the worker aborts: `{"crashed":"<text>"}`, the text as a
/// JSON string (the workspace's one JSON string writer, `sim_core::json`).
pub fn crash_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str("{\"crashed\":");
    sim_core::json::write_str(&mut out, text, false);
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_is_one_json_string() {
        assert_eq!(crash_message("plain"), r#"{"crashed":"plain"}"#);
        assert_eq!(
            crash_message("panicked at a.rs:1:2:\n\"x\" \\ \u{1}\u{1f} ñ"),
            r#"{"crashed":"panicked at a.rs:1:2:\n\"x\" \\ \u0001\u001f ñ"}"#
        );
    }
}
