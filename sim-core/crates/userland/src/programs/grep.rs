//! `grep` as GNU grep 3.11 (Ubuntu, Debian) and busybox's applet run it: basic (BRE, the
//! default, with GNU's `\|`, `\+`, `\?`), extended (`-E`, `egrep`) and fixed (`-F`, `fgrep`)
//! patterns, several `-e`, `-i -v -c -q -n -w -x -o -l -L -h -H -s -r`, file names before each
//! line when more than one file is searched. Patterns are translated to `regex_lite`'s syntax
//! (a small crate of the field: no Unicode tables, which the worker's size does not need);
//! POSIX bracket expressions and classes (`[[:digit:]]`) keep their meaning. Matching is
//! leftmost-first rather than POSIX's leftmost-longest, which changes only what `-o` prints for
//! alternations whose branches overlap.

use super::builtins::done;
use crate::process::{Cx, Job};
use regex_lite::{Regex, RegexBuilder};

#[derive(Default)]
struct Opts {
    ignore_case: bool,
    invert: bool,
    count: bool,
    quiet: bool,
    number: bool,
    words: bool,
    whole_line: bool,
    only_matching: bool,
    files_with: bool,
    files_without: bool,
    no_names: bool,
    names: bool,
    no_messages: bool,
    recursive: bool,
    syntax: Syntax,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum Syntax {
    #[default]
    Basic,
    Extended,
    Fixed,
}

pub(super) fn grep(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut o = Opts::default();
    let called = argv.first().map(|a| a.rsplit('/').next().unwrap_or(a).to_string()).unwrap_or_default();
    if called == "egrep" || called == "fgrep" {
        o.syntax = if called == "egrep" { Syntax::Extended } else { Syntax::Fixed };
        // GNU grep 3.8 and later (Ubuntu 24.04, Debian 13) warn; busybox's applets do not.
        if !super::cpmv::is_busybox(cx) {
            let flag = if called == "egrep" { "-E" } else { "-F" };
            cx.io.errln(&format!("{called}: warning: {called} is obsolescent; using grep {flag}"));
        }
    }
    let mut patterns: Vec<String> = Vec::new();
    let mut operands: Vec<String> = Vec::new();
    let mut only_operands = false;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        i += 1;
        if only_operands || a == "-" || !a.starts_with('-') {
            operands.push(a.to_string());
            continue;
        }
        if a == "--" {
            only_operands = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = long.split_once('=').map_or((long, None), |(n, v)| (n, Some(v.to_string())));
            match name {
                "regexp" => match value.or_else(|| argv.get(i).cloned()) {
                    Some(p) => {
                        if !a.contains('=') {
                            i += 1;
                        }
                        patterns.push(p)
                    }
                    None => return usage(cx, &format!("option '{a}' requires an argument")),
                },
                "ignore-case" => o.ignore_case = true,
                "invert-match" => o.invert = true,
                "count" => o.count = true,
                "quiet" | "silent" => o.quiet = true,
                "line-number" => o.number = true,
                "word-regexp" => o.words = true,
                "line-regexp" => o.whole_line = true,
                "only-matching" => o.only_matching = true,
                "files-with-matches" => o.files_with = true,
                "files-without-match" => o.files_without = true,
                "no-filename" => o.no_names = true,
                "with-filename" => o.names = true,
                "no-messages" => o.no_messages = true,
                "recursive" | "dereference-recursive" => o.recursive = true,
                "extended-regexp" => o.syntax = Syntax::Extended,
                "fixed-strings" => o.syntax = Syntax::Fixed,
                "basic-regexp" => o.syntax = Syntax::Basic,
                "color" | "colour" => {}
                _ => return usage(cx, &format!("unrecognized option '{a}'")),
            }
            continue;
        }
        let flags: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < flags.len() {
            match flags[k] {
                'e' => {
                    let rest: String = flags[k + 1..].iter().collect();
                    let p = if rest.is_empty() {
                        let Some(p) = argv.get(i).cloned() else {
                            return usage(cx, "option requires an argument -- 'e'");
                        };
                        i += 1;
                        p
                    } else {
                        rest
                    };
                    patterns.push(p);
                    k = flags.len();
                    continue;
                }
                'i' | 'y' => o.ignore_case = true,
                'v' => o.invert = true,
                'c' => o.count = true,
                'q' => o.quiet = true,
                'n' => o.number = true,
                'w' => o.words = true,
                'x' => o.whole_line = true,
                'o' => o.only_matching = true,
                'l' => o.files_with = true,
                'L' => o.files_without = true,
                'h' => o.no_names = true,
                'H' => o.names = true,
                's' => o.no_messages = true,
                'r' | 'R' => o.recursive = true,
                'E' => o.syntax = Syntax::Extended,
                'F' => o.syntax = Syntax::Fixed,
                'G' => o.syntax = Syntax::Basic,
                'a' | 'I' | 'U' => {}
                c => return usage(cx, &format!("invalid option -- '{c}'")),
            }
            k += 1;
        }
    }
    if patterns.is_empty() {
        if operands.is_empty() {
            return usage(cx, "");
        }
        patterns.push(operands.remove(0));
    }
    let matcher = match compile(&patterns, &o) {
        Ok(m) => m,
        Err(message) => {
            cx.io.errln(&format!("grep: {message}"));
            return done(2);
        }
    };
    if o.recursive && operands.is_empty() {
        operands.push(".".into());
    }
    let show_names = !o.no_names && (o.names || o.recursive || operands.len() > 1);
    let mut trouble = false;
    let mut any = false;
    let mut out = String::new();
    let inputs: Vec<Option<String>> =
        if operands.is_empty() { vec![None] } else { operands.iter().cloned().map(Some).collect() };
    for input in inputs {
        let files = match &input {
            None => vec![None],
            Some(name) => match expand(cx, name, &o) {
                Ok(list) => list.into_iter().map(Some).collect(),
                Err(message) => {
                    if !o.no_messages {
                        cx.io.errln(&message);
                    }
                    trouble = true;
                    continue;
                }
            },
        };
        for file in files {
            let text = match &file {
                None => cx.io.stdin.take().unwrap_or_default(),
                Some(name) => match cx.world.fs_read(cx.sh.loc, &cx.sh.path(name)) {
                    Ok(d) => String::from_utf8_lossy(&d).into_owned(),
                    Err(e) => {
                        if !o.no_messages {
                            cx.io.errln(&format!("grep: {name}: {}", e.strerror()));
                        }
                        trouble = true;
                        continue;
                    }
                },
            };
            let label = file.clone().unwrap_or_else(|| "(standard input)".into());
            let hits = search(&text, &matcher, &o, show_names.then_some(label.as_str()), &mut out);
            any |= hits > 0;
            if o.quiet && any {
                return done(0);
            }
            if (o.files_with && hits > 0) || (o.files_without && hits == 0) {
                out.push_str(&format!("{label}\n"));
            } else if o.count && !o.files_with && !o.files_without {
                if show_names {
                    out.push_str(&format!("{label}:{hits}\n"));
                } else {
                    out.push_str(&format!("{hits}\n"));
                }
            }
        }
    }
    if !o.quiet {
        cx.io.out(&out);
    }
    if trouble && !(o.quiet && any) {
        return done(2);
    }
    done(if any { 0 } else { 1 })
}

fn usage(cx: &mut Cx<'_>, complaint: &str) -> Box<dyn Job> {
    if !complaint.is_empty() {
        cx.io.errln(&format!("grep: {complaint}"));
    }
    cx.io.errln("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.");
    done(2)
}

/// The files `name` stands for: itself, or with `-r` every file below it (in name order).
fn expand(cx: &mut Cx<'_>, name: &str, o: &Opts) -> Result<Vec<String>, String> {
    let path = cx.sh.path(name);
    if !cx.world.fs_is_dir(cx.sh.loc, &path) {
        return Ok(vec![name.to_string()]);
    }
    if !o.recursive {
        return Err(format!("grep: {name}: Is a directory"));
    }
    let mut found = Vec::new();
    let mut pending = vec![name.trim_end_matches('/').to_string()];
    while let Some(dir) = pending.pop() {
        let Ok(mut entries) = cx.world.fs_list(cx.sh.loc, &cx.sh.path(&dir)) else { continue };
        crate::sort::sort(&mut entries);
        for (entry, is_dir) in entries.into_iter().rev() {
            let child = if dir.is_empty() { entry } else { format!("{dir}/{entry}") };
            if is_dir {
                pending.push(child);
            } else {
                found.push(child);
            }
        }
        // Files of a folder in name order, then its folders'.
        if found.len() > 100_000 {
            break;
        }
    }
    crate::sort::sort(&mut found);
    Ok(found)
}

/// The lines of `text` that match, written to `out` unless counting or listing files; their
/// number.
fn search(text: &str, matcher: &Regex, o: &Opts, name: Option<&str>, out: &mut String) -> usize {
    let quiet_lines = o.count || o.files_with || o.files_without || o.quiet;
    let mut hits = 0;
    for (n, line) in text.lines().enumerate() {
        let found = matcher.is_match(line);
        if found == o.invert {
            continue;
        }
        hits += 1;
        if quiet_lines {
            continue;
        }
        let prefix = match (name, o.number) {
            (Some(f), true) => format!("{f}:{}:", n + 1),
            (Some(f), false) => format!("{f}:"),
            (None, true) => format!("{}:", n + 1),
            (None, false) => String::new(),
        };
        if o.only_matching && !o.invert {
            for m in matcher.find_iter(line).filter(|m| !m.as_str().is_empty()) {
                out.push_str(&prefix);
                out.push_str(m.as_str());
                out.push('\n');
            }
        } else if !o.only_matching {
            out.push_str(&prefix);
            out.push_str(line);
            out.push('\n');
        }
    }
    hits
}

/// One regular expression for all the patterns (each line of each `-e` is a pattern).
fn compile(patterns: &[String], o: &Opts) -> Result<Regex, String> {
    let mut branches = Vec::new();
    for p in patterns.iter().flat_map(|p| p.split('\n')) {
        let body = match o.syntax {
            Syntax::Fixed => regex_lite::escape(p),
            Syntax::Basic => translate(p, false)?,
            Syntax::Extended => translate(p, true)?,
        };
        let body = if o.whole_line {
            format!("^(?:{body})$")
        } else if o.words {
            // GNU's rule is "not preceded nor followed by a word character"; `\b` is the same
            // for patterns that start and end with one, which is what `-w` is used for.
            format!(r"\b(?:{body})\b")
        } else {
            body
        };
        branches.push(format!("(?:{body})"));
    }
    RegexBuilder::new(&branches.join("|")).case_insensitive(o.ignore_case).build().map_err(|e| message(&e.to_string()))
}

/// GNU grep's words for a pattern it cannot compile.
fn message(error: &str) -> String {
    let e = error.to_ascii_lowercase();
    if e.contains("class") || e.contains("bracket") {
        "Unmatched [, [^, [:, [., or [=".into()
    } else if e.contains("close") || e.contains("unopened") {
        "Unmatched ) or \\)".into()
    } else if e.contains("group") || e.contains("paren") {
        "Unmatched ( or \\(".into()
    } else if e.contains("repetition") && e.contains("{") {
        "Unmatched \\{".into()
    } else {
        "Invalid regular expression".into()
    }
}

/// A POSIX pattern (basic, or extended with `ere`) in `regex_lite`'s syntax.
fn translate(p: &str, ere: bool) -> Result<String, String> {
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // Where a `*` is an ordinary character: at the start of the pattern or of a group, after
    // `^` or `|`.
    let mut at_start = true;
    while i < chars.len() {
        let c = chars[i];
        let was_start = at_start;
        at_start = false;
        match c {
            '\\' => {
                let Some(&n) = chars.get(i + 1) else { return Err("Trailing backslash".into()) };
                i += 2;
                match n {
                    '|' if !ere => {
                        out.push('|');
                        at_start = true;
                    }
                    '(' if !ere => {
                        out.push('(');
                        at_start = true;
                    }
                    ')' if !ere => out.push(')'),
                    '{' if !ere => out.push('{'),
                    '}' if !ere => out.push('}'),
                    '+' | '?' if !ere => out.push(n),
                    '<' | '>' => out.push_str(r"\b"),
                    'w' | 'W' | 's' | 'S' | 'b' | 'B' => {
                        out.push('\\');
                        out.push(n);
                    }
                    d if d.is_ascii_digit() => return Err("back-references are not supported here".into()),
                    other => out.push_str(&regex_lite::escape(&other.to_string())),
                }
                continue;
            }
            '[' => {
                let (class, next) = bracket(&chars, i)?;
                out.push_str(&class);
                i = next;
                continue;
            }
            '*' if was_start => out.push_str(r"\*"),
            '^' => {
                out.push('^');
                at_start = true;
            }
            '|' | '(' if ere => {
                out.push(c);
                at_start = true;
            }
            ')' | '+' | '?' | '{' | '}' if ere => out.push(c),
            '+' | '?' | '|' | '(' | ')' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

/// A bracket expression starting at `chars[start]` (`[`): the class in `regex_lite`'s syntax
/// and the index after its `]`. A `]` first (or after `^`) is a member; a backslash is a
/// member; `[:name:]` is a POSIX class.
fn bracket(chars: &[char], start: usize) -> Result<(String, usize), String> {
    let mut out = String::from("[");
    let mut i = start + 1;
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    let first = i;
    loop {
        let Some(&c) = chars.get(i) else { return Err("Unmatched [, [^, [:, [., or [=".into()) };
        if c == ']' && i > first {
            out.push(']');
            return Ok((out, i + 1));
        }
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars[i..].iter().collect();
            if let Some(end) = rest.find(":]") {
                out.push_str(&rest[..end + 2]);
                i += rest[..end + 2].chars().count();
                continue;
            }
        }
        match c {
            '\\' | '[' | ']' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '-' if chars.get(i + 1) == Some(&'-') => out.push_str(r"\-"),
            _ => out.push(c),
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(p: &str, ere: bool, line: &str) -> bool {
        Regex::new(&translate(p, ere).unwrap()).unwrap().is_match(line)
    }

    #[test]
    fn basic_patterns_are_posix_with_gnus_extensions() {
        assert!(matches("ttl", false, "64 bytes ttl=64"));
        assert!(matches("^64", false, "64 bytes"));
        assert!(!matches("^bytes", false, "64 bytes"));
        assert!(matches("ms$", false, "time=0.05 ms"));
        assert!(matches("t.l", false, "ttl"));
        assert!(matches("nginx\\|redis", false, "a redis b"), "GNU's \\| in a basic pattern");
        assert!(!matches("a|b", false, "a"), "| is itself in a basic pattern");
        assert!(matches("a|b", false, "x a|b y"));
        assert!(matches("a|b", true, "a"), "and an alternation with -E");
        assert!(matches("^[0-9]\\{2\\}$", false, "42"));
        assert!(matches("^[0-9]{2}$", true, "42"));
        assert!(matches("*star", false, "a *star"), "a leading * is literal");
        assert!(matches("[[:digit:]]\\+", false, "abc 7"));
        assert!(matches("[]a]", false, "]"), "] first in a bracket is a member");
        assert!(matches("\\<web\\>", false, "the web app"));
        assert!(!matches("\\<web\\>", false, "website"));
        assert!(matches("(1)", false, "f(1)"), "parentheses are literal in a basic pattern");
    }

    #[test]
    fn bad_patterns_say_what_gnu_grep_says() {
        let o = Opts::default();
        assert_eq!(compile(&["[abc".into()], &o).err().as_deref(), Some("Unmatched [, [^, [:, [., or [="));
        let ere = Opts { syntax: Syntax::Extended, ..Opts::default() };
        assert_eq!(compile(&["(ab".into()], &ere).err().as_deref(), Some("Unmatched ( or \\("));
    }
}
