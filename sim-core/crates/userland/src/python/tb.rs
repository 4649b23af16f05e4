//! Tracebacks as CPython 3.12 prints them: the chain of causes and contexts, each frame's
//! `File "…", line N, in f` with its source line and the `^`/`~` marks under the failing
//! expression, and NameError's "Did you mean" suggestion (CPython's Levenshtein costs).

use super::value::{exc_str, Exc};
use std::rc::Rc;

pub fn format(e: &Rc<Exc>, sources: &[(Rc<str>, Rc<str>)]) -> String {
    // The chain, oldest first: each link printed before the one it led to.
    let mut chain: Vec<(Rc<Exc>, &'static str)> = Vec::new();
    let mut cur = Some(e.clone());
    let mut how = "";
    while let Some(x) = cur {
        if chain.len() > 100 || chain.iter().any(|(c, _)| Rc::ptr_eq(c, &x)) {
            break;
        }
        chain.push((x.clone(), how));
        let cause = x.cause.borrow().clone();
        cur = match cause {
            Some(c) => {
                how = "\nThe above exception was the direct cause of the following exception:\n\n";
                Some(c)
            }
            None => {
                how = "\nDuring handling of the above exception, another exception occurred:\n\n";
                x.context.borrow().clone()
            }
        };
    }
    let mut out = String::new();
    for (x, how) in chain.iter().rev() {
        out.push_str(&one(x, sources));
        out.push_str(how);
    }
    out
}

/// One exception's traceback and its last line.
fn one(e: &Exc, sources: &[(Rc<str>, Rc<str>)]) -> String {
    let mut out = String::new();
    let tb = e.tb.borrow();
    if !tb.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
    }
    for t in tb.iter() {
        out.push_str(&format!("  File \"{}\", line {}, in {}\n", t.file, t.line, t.func));
        // CPython 3.12 has no text for `-c` code or the prompt's input (3.13 shows `-c`'s).
        if t.file.starts_with('<') {
            continue;
        }
        let Some(src) = sources.iter().find(|(f, _)| *f == t.file).map(|(_, s)| s) else { continue };
        let Some(line) = src.split('\n').nth(t.line.saturating_sub(1) as usize) else { continue };
        let line = line.trim_end_matches('\r');
        let stripped = line.trim();
        if stripped.is_empty() {
            continue;
        }
        out.push_str(&format!("    {stripped}\n"));
        if let Some(marks) = carets(line, t.cols, t.anchors) {
            out.push_str(&format!("    {marks}\n"));
        }
    }
    let msg = exc_str(e);
    if msg.is_empty() {
        out.push_str(&format!("{}\n", e.kind));
    } else {
        out.push_str(&format!("{}: {msg}\n", e.kind));
    }
    out
}

fn carets(line: &str, cols: Option<(u32, u32)>, anchors: Option<(u32, u32, bool)>) -> Option<String> {
    let (start, end) = cols?;
    let chars: Vec<char> = line.chars().collect();
    let (start, end) = (start as usize, (end as usize).min(chars.len()));
    if end <= start {
        return None;
    }
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let stripped_len = line.trim().chars().count();
    // (left, right) offsets within the span: `~` before, `^` between, `~` after.
    let anchor = anchors.and_then(|(l, r, subscript)| {
        let (l, r) = (l as usize, r as usize);
        if subscript {
            return (l >= start && r <= end && l < r).then(|| (l - start, r - start));
        }
        // A binary operator: the first character after the left operand that is not a
        // space or `)`, and a second one when the operator has two.
        let mut op = l;
        while op < r && (chars[op].is_whitespace() || chars[op] == ')') {
            op += 1;
        }
        if op >= r || op < start {
            return None;
        }
        let mut right = op + 1;
        if right < r && !chars[right].is_whitespace() && !chars[right].is_alphanumeric() && chars[right] != '(' {
            right += 1;
        }
        Some((op - start, right - start))
    });
    if end - start >= stripped_len && anchor.is_none() {
        return None;
    }
    let mut s = " ".repeat(start.saturating_sub(lead));
    match anchor {
        Some((l, r)) => {
            s.push_str(&"~".repeat(l));
            s.push_str(&"^".repeat(r - l));
            s.push_str(&"~".repeat(end - start - r));
        }
        None => s.push_str(&"^".repeat(end - start)),
    }
    Some(s)
}

const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

/// CPython's `_compute_suggestion_error` over `candidates`.
pub fn suggest(wrong: &str, candidates: &[String]) -> Option<String> {
    if candidates.len() > 750 || wrong.chars().count() > 40 {
        return None;
    }
    let wl = wrong.chars().count();
    let mut best: Option<String> = None;
    let mut best_d = wl * MOVE_COST;
    for c in candidates {
        if c == wrong {
            continue;
        }
        let max = ((c.chars().count() + wl + 3) * MOVE_COST / 6).min(best_d.saturating_sub(1));
        let d = levenshtein(wrong, c, max);
        if d > max {
            continue;
        }
        if best.is_none() || d < best_d {
            best = Some(c.clone());
            best_d = d;
        }
    }
    best
}

fn levenshtein(a: &str, b: &str, max: usize) -> usize {
    if a == b {
        return 0;
    }
    let mut a: Vec<char> = a.chars().collect();
    let mut b: Vec<char> = b.chars().collect();
    let pre = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
    a.drain(..pre);
    b.drain(..pre);
    let post = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    a.truncate(a.len() - post);
    b.truncate(b.len() - post);
    if a.is_empty() || b.is_empty() {
        return MOVE_COST * (a.len() + b.len());
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max {
        return max + 1;
    }
    let sub = |x: char, y: char| {
        if x == y {
            0
        } else if crate::case::simple_lower(x) == crate::case::simple_lower(y) {
            CASE_COST
        } else {
            MOVE_COST
        }
    };
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, bc) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (i, ac) in a.iter().enumerate() {
            let substitute = distance + sub(*bc, *ac);
            distance = row[i];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[i] = result;
            minimum = minimum.min(result);
        }
        if minimum > max {
            return max + 1;
        }
    }
    result
}
