//! The simulator's side of the page's dedicated Web Worker (see ARCHITECTURE.md, "Two threads").
//!
//! `main.rs` makes one [`sim_core::remote::Driver`] and hands it every string the page posts;
//! each string it returns is posted back. `sim-worker-loader.js` is the worker's script: it holds
//! the messages that arrive while the wasm loads and hands them on in order.
//!
//! What is plain Rust (the crash report) lives here, natively tested.

/// The message a panic posts before the worker aborts: `{"crashed":"<text>"}`, the text as a
/// JSON string (quotes, backslashes and control characters escaped).
pub fn crash_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str("{\"crashed\":\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let code = u32::from(c);
                out.push_str("\\u00");
                for shift in [4, 0] {
                    out.push(char::from_digit((code >> shift) & 0xf, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push_str("\"}");
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
