//! Python for the programs in containers: a hand-written interpreter for the subset students'
//! scripts use — print, variables, arithmetic, strings and f-strings, lists/dicts/sets/tuples,
//! `if`/`for`/`while`, `def`/`lambda`, comprehensions, `try`/`except`/`finally`, `with open()`,
//! classes (methods, `__init__`, attributes, single inheritance and `super()`, `__str__`/
//! `__repr__`, operator methods, exception classes of one's own), decorators (`property`,
//! `staticmethod`, `classmethod`, `@dataclass`), generators, closures with `nonlocal`,
//! and the modules `os`, `sys`, `time`, `math`, `random`, `socket`, `functools`, `json`,
//! `collections`, `datetime`, `itertools`, `dataclasses`.
//!
//! Why hand-written: a complete Python in Rust (RustPython) adds megabytes to the page's wasm,
//! whose first download has a budget of a few hundred KB (see ARCHITECTURE.md); MicroPython's
//! wasm port only runs in a browser, not in the native runner and tests. This subset adds tens
//! of KB and runs the same everywhere.
//!
//! How it runs: [`lex`] → [`parse`] (recursive descent, nesting bounded) → [`code`] (stack
//! code) → [`vm`] (explicit frame and value stacks: a program's depth costs heap, never host
//! stack). The VM runs a bounded number of instructions per poll and stops at every wait
//! (`time.sleep` takes simulated time, `input()` waits for a line), so a `while True:` loop
//! yields and Ctrl-C interrupts it as `KeyboardInterrupt`. Uncaught exceptions print CPython
//! 3.12's traceback ([`tb`]) and exit 1; `sys.exit(n)` exits `n`. [`job`] is the process a
//! shell or a container runs. What the subset lacks (`match`, `async`, metaclasses, pip
//! packages) stops the program with a message that says so — never a hang or a panic.

pub mod ast;
pub mod builtins;
pub mod code;
pub mod format;
pub mod fstring;
pub mod job;
pub mod lex;
pub mod parse;
pub mod stdlib;
pub mod tb;
pub mod value;
pub mod vm;

use lex::SyntaxErr;
use std::rc::Rc;

/// Compiles a program, or gives the text Python prints for its syntax error.
pub fn compile(src: &str, file: &str, interactive: bool) -> Result<Rc<code::Code>, String> {
    let toks = lex::tokenize(src).map_err(|e| syntax_text(&e, src, file))?;
    let body = parse::parse_module(toks).map_err(|e| syntax_text(&e, src, file))?;
    let code = if interactive { code::compile_interactive(&body, file) } else { code::compile_module(&body, file) };
    code.map(Rc::new).map_err(|e| syntax_text(&e, src, file))
}

/// CPython's report of a SyntaxError (no traceback header for the main program), or Muelle's
/// for a construct the subset does not run.
pub fn syntax_text(e: &SyntaxErr, src: &str, file: &str) -> String {
    let mut out = format!("  File \"{file}\", line {}\n", e.pos.line);
    if let Some(line) = src.split('\n').nth(e.pos.line.saturating_sub(1) as usize) {
        let line = line.trim_end_matches('\r');
        let lead = line.chars().take_while(|c| c.is_whitespace()).count();
        let stripped = line.trim();
        if !stripped.is_empty() {
            out.push_str(&format!("    {stripped}\n"));
            let col = (e.pos.col as usize).saturating_sub(lead).min(stripped.chars().count());
            let width = match e.end {
                Some(end) if end.line == e.pos.line && end.col > e.pos.col => (end.col - e.pos.col) as usize,
                _ => 1,
            };
            out.push_str(&format!("    {}{}\n", " ".repeat(col), "^".repeat(width)));
        }
    }
    if e.kind == "Unsupported" {
        out.push_str(&format!(
            "NotImplementedError: Muelle's Python subset does not run {} (real Python does; the simulator runs a small Python)\n",
            e.msg
        ));
    } else {
        out.push_str(&format!("{}: {}\n", e.kind, e.msg));
    }
    out
}

#[cfg(test)]
mod tests;
