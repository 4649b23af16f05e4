//! The inspector and the comparison (issue 15) are a part of the page loaded when first opened
//! (ARCHITECTURE.md, "Page parts"): `app/muelle-part.js`, a small script `index.html`'s
//! `muellePart` imports on first use (hashed and precached by `cargo xtask dist` like the
//! worker's files). The worker words both as markup (`sim_core::inspect::markup`,
//! `sim_core::compare::markup`) and posts it to the part directly, so the page's wasm has no
//! decoder, component nor text of theirs: here are only the call that shows one of them in the
//! scrubber's host element ([`show`]) and the terminal's click on a failed `ping`/`curl` line
//! ([`from_terminal_line`], [`request`]), which opens the inspector at that failure.

use std::cell::RefCell;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen]
extern "C" {
    /// `index.html`'s loader of the page part: `kind` is `inspect`, `compare` or empty (closed);
    /// `hint`, for the inspector, the failure to select (see [`request`]).
    #[wasm_bindgen(catch, js_name = muellePart)]
    fn muelle_part(host: &web_sys::Element, kind: &str, hint: Option<String>) -> Result<(), JsValue>;
}

thread_local! {
    /// How many openings a terminal asked for, and the last one's hint (what its failure names;
    /// empty: the last failure), until the inspector takes it.
    static REQUEST: RefCell<(u32, Option<String>)> = const { RefCell::new((0, None)) };
}

/// Asks the inspector to open at the last failure naming `hint` (the scrubber opens it).
pub fn request(hint: String) {
    REQUEST.with(|r| {
        let mut r = r.borrow_mut();
        *r = (r.0.wrapping_add(1), Some(hint));
    });
}

/// How many openings were asked for: a change opens the inspector.
pub fn requested() -> u32 {
    REQUEST.with(|r| r.borrow().0)
}

/// Shows `kind` (`inspect`, `compare`, or "" to close) in `host`; the inspector at the failure
/// a terminal asked for, if one did since.
pub fn show(host: &web_sys::Element, kind: &str) {
    let hint = if kind == "inspect" { REQUEST.with(|r| r.borrow_mut().1.take()) } else { None };
    // Only fails when index.html has no loader (then there is nothing to show).
    let _ = muelle_part(host, kind, hint);
}

/// What a terminal line of a failed `ping`, `curl` or `wget` names, if it is one: the name that
/// did not resolve, the `:port` refused, or nothing (the last failure then).
pub fn from_terminal_line(line: &str) -> Option<String> {
    const FAILED: [&str; 10] = [
        "bad address",
        "not known",
        "resolve host",
        "name resolution",
        "Failed to connect",
        "Connection refused",
        "Unreachable",
        "100% packet loss",
        "timed out",
        "can't connect",
    ];
    if !FAILED.iter().any(|f| line.contains(f)) {
        return None;
    }
    // `bad address 'db'`, `Could not resolve host: db`, `ping: db: Name or service not known`.
    let name = if let Some(rest) = line.split_once("bad address '").map(|(_, r)| r) {
        rest.split('\'').next().unwrap_or("")
    } else if let Some(rest) = line.split_once("resolve host: ").map(|(_, r)| r) {
        rest.split_whitespace().next().unwrap_or("")
    } else if line.contains("not known") || line.contains("name resolution") {
        line.split(": ").nth(1).unwrap_or("")
    } else if let Some(rest) = line.split_once(" port ").map(|(_, r)| r) {
        return Some(format!(":{}", rest.split(|c: char| !c.is_ascii_digit()).next().unwrap_or("")));
    } else {
        ""
    };
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_lines_name_what_failed() {
        assert_eq!(from_terminal_line("ping: bad address 'db'").as_deref(), Some("db"));
        assert_eq!(from_terminal_line("curl: (6) Could not resolve host: db").as_deref(), Some("db"));
        assert_eq!(from_terminal_line("ping: db: Name or service not known").as_deref(), Some("db"));
        assert_eq!(
            from_terminal_line(
                "curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server"
            )
            .as_deref(),
            Some(":9999")
        );
        assert_eq!(from_terminal_line("1 packets transmitted, 0 received, 100% packet loss").as_deref(), Some(""));
        assert_eq!(from_terminal_line("64 bytes from 172.17.0.2: seq=0 ttl=64"), None);
    }
}
