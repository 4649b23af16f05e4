//! Word expansion: variables, positional parameters, `$(…)` (run to completion at once),
//! `$((…))`, `~`, field splitting, `"$@"`, globs, and `case` patterns.

use super::exec::ScriptJob;
use super::parse::{Part, Word};
use super::ShellKind;
use crate::process::{Cx, Io, Poll, Stream};

/// Expands one word into fields: variables, positional parameters, `$(…)`, `$((…))`, `~`,
/// field splitting of unquoted expansions, `"$@"` as one field per parameter, and globs.
pub fn expand_word(word: &Word, cx: &mut Cx<'_>) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut have_cur = false;
    let mut any_quoted = false;
    // `"$@"` with no parameters: the word makes no field at all (unless other text is there).
    let mut empty_at = false;
    for (i, part) in word.iter().enumerate() {
        match part {
            Part::Lit { text, quoted } => {
                if *quoted {
                    any_quoted = true;
                }
                if i == 0 && !quoted && (text == "~" || text.starts_with("~/")) {
                    cur.push_str(cx.sh.home());
                    cur.push_str(&text[1..]);
                } else {
                    cur.push_str(text);
                }
                have_cur = true;
            }
            Part::Var { name, quoted: true, .. } if name == "@" => {
                let args = cx.sh.args.clone();
                empty_at |= args.is_empty();
                for (k, a) in args.iter().enumerate() {
                    if k > 0 {
                        fields.push(std::mem::take(&mut cur));
                    }
                    cur.push_str(a);
                    have_cur = true;
                }
                any_quoted = true;
            }
            Part::Var { name, default, quoted } => {
                let value = var_value(name, default.as_deref(), cx);
                split_into(&value, *quoted, &mut fields, &mut cur, &mut have_cur);
                if *quoted {
                    any_quoted = true;
                }
            }
            Part::Subst { source, quoted } => {
                let out = run_captured(source, cx);
                let trimmed = out.trim_end_matches('\n').to_string();
                split_into(&trimmed, *quoted, &mut fields, &mut cur, &mut have_cur);
                if *quoted {
                    any_quoted = true;
                }
            }
            Part::Arith { word, quoted } => {
                let value = arith_value(word, cx);
                split_into(&value, *quoted, &mut fields, &mut cur, &mut have_cur);
                if *quoted {
                    any_quoted = true;
                }
            }
        }
    }
    let only_empty_at = empty_at
        && cur.is_empty()
        && word.iter().all(|p| {
            matches!(p, Part::Var { name, .. } if name == "@") || matches!(p, Part::Lit { text, .. } if text.is_empty())
        });
    if have_cur && (!cur.is_empty() || any_quoted) && !only_empty_at {
        fields.push(cur);
    }
    // Globs: `*` in unquoted words matches names in the directory.
    let has_glob =
        word.iter().any(|p| matches!(p, Part::Lit { text, quoted: false } if crate::wildcard::has_wildcards(text)));
    if has_glob {
        let mut out = Vec::new();
        for f in fields {
            let matches = glob(&f, cx);
            if matches.is_empty() {
                out.push(f);
            } else {
                out.extend(matches);
            }
        }
        return out;
    }
    fields
}

/// The terminal of an interactive bash, whose size it keeps in `$COLUMNS` and `$LINES`.
fn interactive_tty(sh: &super::ShellCtx) -> Option<super::TtySize> {
    let interactive = sh.invocation == super::Invocation::Interactive && sh.kind == super::ShellKind::Bash;
    sh.tty.filter(|_| interactive && !sh.is_main)
}

/// The value of `$name` (`${name:-default}`).
#[inline(never)]
fn var_value(name: &str, default: Option<&str>, cx: &mut Cx<'_>) -> String {
    let value = match name {
        "?" => Some(cx.sh.last_status.to_string()),
        "$" => Some("1".to_string()),
        // The last command started with `&` (unset until one was).
        "!" => cx.sh.jobs.last_pid.map(|p| p.to_string()),
        "#" => Some(cx.sh.args.len().to_string()),
        "@" | "*" => Some(cx.sh.args.join(" ")),
        "0" => Some(match &cx.sh.invocation {
            super::Invocation::Command(arg0) | super::Invocation::Script(arg0) => arg0.clone(),
            super::Invocation::Interactive => match cx.sh.kind {
                super::ShellKind::Bash => "bash",
                super::ShellKind::Ash => "/bin/sh",
                super::ShellKind::Dash => "sh",
            }
            .into(),
        }),
        n if n.bytes().all(|b| b.is_ascii_digit()) => {
            n.parse::<usize>().ok().and_then(|k| cx.sh.args.get(k.wrapping_sub(1))).cloned()
        }
        // Interactive bash sets (does not export) these from the terminal's size, and again
        // after each command (`checkwinsize`, on by default since bash 5).
        "COLUMNS" | "LINES" if cx.sh.var(name).is_none() => {
            interactive_tty(cx.sh).map(|t| if name == "COLUMNS" { t.cols } else { t.rows }.to_string())
        }
        _ => cx.sh.var(name).map(|s| s.to_string()),
    };
    match (value, default) {
        (Some(v), Some(d)) if v.is_empty() => d.to_string(),
        (Some(v), _) => v,
        (None, Some(d)) => d.to_string(),
        (None, None) => String::new(),
    }
}

/// The value of `$((…))`.
#[inline(never)]
fn arith_value(word: &Word, cx: &mut Cx<'_>) -> String {
    let expr = expand_word(word, cx).concat();
    arith(&expr, cx).unwrap_or_default()
}

/// A `case` pattern: expanded, with quoted characters made literal for the matcher.
pub(super) fn expand_pattern(word: &Word, cx: &mut Cx<'_>) -> String {
    let mut pat = String::new();
    for part in word {
        let quoted = match part {
            Part::Lit { quoted, .. }
            | Part::Var { quoted, .. }
            | Part::Subst { quoted, .. }
            | Part::Arith { quoted, .. } => *quoted,
        };
        let text = match part {
            Part::Lit { text, .. } => text.clone(),
            _ => expand_word(&vec![part.clone()], cx).join(" "),
        };
        if quoted {
            for c in text.chars() {
                if matches!(c, '*' | '?' | '[' | ']' | '\\') {
                    pat.push('[');
                    pat.push(c);
                    pat.push(']');
                } else {
                    pat.push(c);
                }
            }
        } else {
            pat.push_str(&text);
        }
    }
    pat
}

/// Evaluates `$((expr))`; an error prints the shell's message and marks the line as failed
/// (bash: status 1; ash and dash: 2).
fn arith(expr: &str, cx: &mut Cx<'_>) -> Option<String> {
    use super::arith::ArithError;
    match super::arith::eval(expr, &cx.sh.vars) {
        Ok((v, assign)) => {
            if let Some((k, n)) = assign {
                cx.sh.vars.insert(k, n.to_string());
            }
            Some(v.to_string())
        }
        Err(e) => {
            let prefix = cx.sh.error_prefix();
            let shown = expr.trim_start();
            let (msg, status) = match (cx.sh.kind, &e) {
                (ShellKind::Bash, ArithError::DivByZero { token }) => {
                    (format!("{prefix}: {shown}: division by 0 (error token is \"{token}\")"), 1)
                }
                (ShellKind::Bash, ArithError::Syntax { what, token }) => {
                    (format!("{prefix}: {shown}: syntax error: {what} (error token is \"{token}\")"), 1)
                }
                (ShellKind::Dash, ArithError::DivByZero { .. }) => {
                    (format!("{prefix}: arithmetic expression: division by zero: \"{expr}\""), 2)
                }
                (ShellKind::Dash, ArithError::Syntax { .. }) => {
                    (format!("{prefix}: arithmetic expression: expecting primary: \"{expr}\""), 2)
                }
                (ShellKind::Ash, ArithError::DivByZero { .. }) => (format!("{prefix}: divide by zero"), 2),
                (ShellKind::Ash, ArithError::Syntax { .. }) => (format!("{prefix}: arithmetic syntax error"), 2),
            };
            cx.io.errln(&msg);
            cx.sh.last_status = status;
            cx.sh.expansion_error.get_or_insert(status);
            None
        }
    }
}

fn split_into(value: &str, quoted: bool, fields: &mut Vec<String>, cur: &mut String, have_cur: &mut bool) {
    if quoted {
        cur.push_str(value);
        *have_cur = true;
        return;
    }
    let mut pieces = value.split_whitespace().peekable();
    if value.starts_with(char::is_whitespace) && *have_cur && !cur.is_empty() {
        fields.push(std::mem::take(cur));
    }
    while let Some(p) = pieces.next() {
        cur.push_str(p);
        *have_cur = true;
        if pieces.peek().is_some() {
            fields.push(std::mem::take(cur));
        }
    }
    if value.ends_with(char::is_whitespace) && !cur.is_empty() {
        fields.push(std::mem::take(cur));
        *have_cur = false;
    }
}

/// Runs `$(…)` to completion at once and returns its stdout. A command that
/// would wait (ping without -c) is cut off.
pub fn run_captured(source: &str, cx: &mut Cx<'_>) -> String {
    // A substitution runs in a forked subshell: refused past the process limit.
    if !super::fork::can_fork(cx.sh) {
        super::fork::failed_now(cx);
        return String::new();
    }
    let mut io = Io::default();
    let mut sh = cx.sh.clone();
    sh.procs += 1;
    sh.in_substitution = true;
    sh.subshell = true;
    let mut effects = Vec::new();
    let mut out = String::new();
    {
        let mut sub =
            Cx { world: cx.world, io: &mut io, sh: &mut sh, lang: cx.lang, bin: cx.bin, effects: &mut effects };
        let mut job = ScriptJob::from_line(source, &mut sub);
        if let Poll::Pending(_) = job.poll(&mut sub) {
            let _ = job.interrupt(&mut sub);
        }
    }
    for (stream, text) in io.take() {
        match stream {
            Stream::Out => out.push_str(&text),
            Stream::Err => cx.io.err(&text),
        }
    }
    cx.sh.last_status = sh.last_status;
    super::fork::sync_up(cx.sh, &sh);
    super::fork::capture(cx.sh, &mut out);
    out
}

fn glob(pattern: &str, cx: &mut Cx<'_>) -> Vec<String> {
    let (dir, pat, prefix) = match pattern.rfind('/') {
        Some(i) => (cx.sh.path(&pattern[..i.max(1)]), &pattern[i + 1..], pattern[..i + 1].to_string()),
        None => (cx.sh.cwd.clone(), pattern, String::new()),
    };
    if pat.is_empty() || !crate::wildcard::has_wildcards(pat) {
        return Vec::new();
    }
    let Ok(entries) = cx.world.fs_list(cx.sh.loc, &dir) else { return Vec::new() };
    entries
        .into_iter()
        .filter(|(name, _)| {
            !name.starts_with('.') && crate::wildcard::matches(pat, name, crate::wildcard::Dialect::Shell)
        })
        .map(|(name, _)| format!("{prefix}{name}"))
        .collect()
}
