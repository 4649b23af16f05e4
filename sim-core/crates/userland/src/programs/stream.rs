//! Commands whose output can be endless or huge (`seq 1 100000000`, `yes`): they print in
//! bounded chunks spread over simulated time, so the page keeps answering, Ctrl-C stops
//! them (130), and a pipe that stops reading ends them (141, see `shell::exec`).
//!
//! The first chunk is large and printed at once, so `$(seq 1 1000)` and short pipes see
//! the whole output in one step, as before; the rest follows one chunk every
//! [`CHUNK_EVERY_MS`].

use super::builtins::done;
use crate::process::{Cx, Job, Poll, Wake};
use crate::time::SimTime;

/// Lines printed at once on the first poll, and per chunk into a pipe or a file (no screen
/// to draw them: a pipe of 16 MiB fills in a few chunks, see `shell::exec`).
const FIRST_CHUNK: usize = 100_000;
/// Lines printed per later chunk.
const CHUNK: usize = 8_192;
/// Simulated time between chunks (about 800,000 lines a second, a fast terminal).
const CHUNK_EVERY_MS: u64 = 10;

/// Emits lines from a generator in chunks over time.
struct Chunked<G: FnMut(&mut String) -> bool> {
    gen: G,
    due: Option<SimTime>,
    first: bool,
    /// Output that takes simulated time to print: the runner stops it as a student would.
    long: bool,
    /// Never ends by itself (`yes`).
    endless: bool,
    /// Bytes printed so far.
    written: usize,
}

/// What a container's main process may add to its log from one stream: the log is kept
/// in memory, so past this the rest is dropped (`seq` ends, `yes` goes on printing
/// nothing), as a log driver that cannot keep up drops lines.
const MAIN_LOG_MAX: usize = 16 << 20;

impl<G: FnMut(&mut String) -> bool> Job for Chunked<G> {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if let Some(t) = self.due {
            if cx.now() < t {
                return Poll::Pending(Wake::At(t));
            }
        }
        if cx.sh.is_main && self.written > MAIN_LOG_MAX {
            return if self.endless { Poll::Pending(Wake::Never) } else { Poll::Done(0) };
        }
        let lines = if self.first || cx.io.piped { FIRST_CHUNK } else { CHUNK };
        self.first = false;
        let mut out = String::new();
        let mut more = true;
        for _ in 0..lines {
            more = (self.gen)(&mut out);
            if !more {
                break;
            }
        }
        self.written += out.len();
        cx.io.out(&out);
        if !more {
            return Poll::Done(0);
        }
        let t = cx.now().plus(CHUNK_EVERY_MS);
        self.due = Some(t);
        Poll::Pending(Wake::At(t))
    }

    fn runs_until_interrupted(&self) -> bool {
        self.long
    }
}

fn chunked(long: bool, endless: bool, gen: impl FnMut(&mut String) -> bool + 'static) -> Box<dyn Job> {
    Box::new(Chunked { gen, due: None, first: true, long, endless, written: 0 })
}

fn try_help(cx: &mut Cx<'_>, prog: &str, msg: &str) -> Box<dyn Job> {
    cx.io.errln(&format!("{prog}: {msg}\nTry '{prog} --help' for more information."));
    done(1)
}

/// `yes [STRING…]`: the operands joined by spaces (or `y`), forever.
pub fn yes(_cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let words: Vec<&str> = argv[1..].iter().map(|s| s.as_str()).filter(|s| *s != "--").collect();
    let line = if words.is_empty() { "y".to_string() } else { words.join(" ") };
    chunked(true, true, move |out| {
        out.push_str(&line);
        out.push('\n');
        true
    })
}

/// `seq [-w] [-s SEP] [FIRST [INCR]] LAST`, integers (GNU coreutils' and busybox's texts).
pub fn seq(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut sep = "\n".to_string();
    let mut equal_width = false;
    let mut nums: Vec<&str> = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        // A negative number is an operand, not an option.
        let is_number = a.len() > 1 && a[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.');
        if a == "-w" || a == "--equal-width" {
            equal_width = true;
        } else if a == "-s" {
            i += 1;
            match argv.get(i) {
                Some(s) => sep = s.clone(),
                None => return try_help(cx, "seq", "option requires an argument -- 's'"),
            }
        } else if let Some(s) = a.strip_prefix("-s").or_else(|| a.strip_prefix("--separator=")) {
            sep = s.to_string();
        } else if a.starts_with('-') && a.len() > 1 && !is_number {
            let bad = a.trim_start_matches('-').chars().next().unwrap_or('-');
            return try_help(cx, "seq", &format!("invalid option -- '{bad}'"));
        } else {
            nums.push(a);
        }
        i += 1;
    }
    if nums.is_empty() {
        return try_help(cx, "seq", "missing operand");
    }
    if nums.len() > 3 {
        return try_help(cx, "seq", &format!("extra operand '{}'", nums[3]));
    }
    let mut vals = Vec::new();
    for n in &nums {
        match n.trim_start_matches('+').parse::<i64>() {
            Ok(v) => vals.push(i128::from(v)),
            Err(_) => return try_help(cx, "seq", &format!("invalid floating point argument: '{n}'")),
        }
    }
    let (first, step, last) = match vals.as_slice() {
        [e] => (1, 1, *e),
        [s, e] => (*s, 1, *e),
        [s, st, e] => (*s, *st, *e),
        _ => (1, 1, 0),
    };
    if step == 0 {
        return try_help(cx, "seq", &format!("invalid Zero increment value: '{}'", nums[1]));
    }
    let width = if equal_width { first.to_string().len().max(last.to_string().len()) } else { 0 };
    let count = (last - first) / step + 1;
    let mut next = first;
    let in_range = move |n: i128| (step > 0 && n <= last) || (step < 0 && n >= last);
    chunked(count > FIRST_CHUNK as i128, false, move |out| {
        if !in_range(next) {
            return false;
        }
        if width > 0 {
            let digits = next.unsigned_abs().to_string();
            let sign = if next < 0 { "-" } else { "" };
            let pad = width.saturating_sub(digits.len() + sign.len());
            out.push_str(sign);
            out.push_str(&"0".repeat(pad));
            out.push_str(&digits);
        } else {
            out.push_str(&next.to_string());
        }
        next += step;
        // The separator goes between numbers, a newline after the last.
        let more = in_range(next);
        out.push_str(if more { &sep } else { "\n" });
        more
    })
}
