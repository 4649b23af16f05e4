//! `head` and `tail`: lines or bytes (`-n`, `-c`, with GNU's `-N` "all but the last N" for
//! head and `+N` "from the Nth on" for tail, and size suffixes), as GNU coreutils and
//! busybox read them.

use super::builtins::done;
use super::coreutils::{read_input, Sleep};
use crate::process::{Cx, Job};

/// What to keep: `n` lines or bytes; `sign` is the `-` or `+` written before the number.
struct Count {
    bytes: bool,
    n: u64,
    sign: Option<char>,
}

/// `10`, `-5`, `+3`, `2K`, `1kB`, `1MiB`… (coreutils' `xdectoumax` suffixes).
fn parse_number(s: &str) -> Option<(u64, Option<char>)> {
    let (sign, rest) = match s.chars().next() {
        Some(c @ ('+' | '-')) => (Some(c), &s[1..]),
        _ => (None, s),
    };
    let digits_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    if digits_end == 0 {
        return None;
    }
    let n: u64 = rest[..digits_end].parse().unwrap_or(u64::MAX);
    let mult: u64 = match &rest[digits_end..] {
        "" => 1,
        "b" => 512,
        "kB" => 1000,
        "K" | "KiB" => 1 << 10,
        "MB" => 1000 * 1000,
        "M" | "MiB" => 1 << 20,
        "GB" => 1000 * 1000 * 1000,
        "G" | "GiB" => 1 << 30,
        _ => return None,
    };
    Some((n.saturating_mul(mult), sign))
}

/// Parses the options; `Err` carries the message to print.
fn parse(prog: &str, argv: &[String]) -> Result<(Count, Vec<String>, bool), String> {
    let mut count = Count { bytes: false, n: 10, sign: None };
    let mut files = Vec::new();
    let mut follow = false;
    let set = |count: &mut Count, bytes: bool, v: &str| -> Result<(), String> {
        let (n, sign) = parse_number(v)
            .ok_or_else(|| format!("{prog}: invalid number of {}: '{v}'", if bytes { "bytes" } else { "lines" }))?;
        *count = Count { bytes, n, sign };
        Ok(())
    };
    let mut i = 1;
    let mut only_files = false;
    while i < argv.len() {
        let a = argv[i].as_str();
        if only_files || a == "-" || !a.starts_with('-') {
            files.push(a.to_string());
        } else if a == "--" {
            only_files = true;
        } else if a == "-n" || a == "-c" {
            let Some(v) = argv.get(i + 1) else {
                return Err(format!(
                    "{prog}: option requires an argument -- '{}'\nTry '{prog} --help' for more information.",
                    &a[1..]
                ));
            };
            set(&mut count, a == "-c", v)?;
            i += 1;
        } else if let Some(v) = a.strip_prefix("--lines=") {
            set(&mut count, false, v)?;
        } else if let Some(v) = a.strip_prefix("--bytes=") {
            set(&mut count, true, v)?;
        } else if let Some(v) = a.strip_prefix("-n") {
            set(&mut count, false, v)?;
        } else if let Some(v) = a.strip_prefix("-c") {
            set(&mut count, true, v)?;
        } else if a[1..].starts_with(|c: char| c.is_ascii_digit()) {
            set(&mut count, false, &a[1..])?;
        } else if a == "-f" || a == "-F" || a == "--follow" {
            follow = true;
        }
        // -q, -v and other options are accepted and ignored.
        i += 1;
    }
    Ok((count, files, follow))
}

fn keep(text: &str, c: &Count, head: bool) -> String {
    let n = usize::try_from(c.n).unwrap_or(usize::MAX);
    if c.bytes {
        let b = text.as_bytes();
        let range = match (head, c.sign) {
            (true, Some('-')) => &b[..b.len().saturating_sub(n)],
            (true, _) => &b[..n.min(b.len())],
            (false, Some('+')) => &b[n.saturating_sub(1).min(b.len())..],
            (false, _) => &b[b.len().saturating_sub(n)..],
        };
        return String::from_utf8_lossy(range).into_owned();
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let range = match (head, c.sign) {
        (true, Some('-')) => &lines[..lines.len().saturating_sub(n)],
        (true, _) => &lines[..n.min(lines.len())],
        (false, Some('+')) => &lines[n.saturating_sub(1).min(lines.len())..],
        (false, _) => &lines[lines.len().saturating_sub(n)..],
    };
    range.concat()
}

pub fn head(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (count, files, _) = match parse("head", argv) {
        Ok(p) => p,
        Err(msg) => {
            cx.io.errln(&msg);
            return done(1);
        }
    };
    let (text, status) = read_input(cx, "head", &files);
    cx.io.out(&keep(&text, &count, true));
    done(status)
}

pub fn tail(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (count, files, follow) = match parse("tail", argv) {
        Ok(p) => p,
        Err(msg) => {
            cx.io.errln(&msg);
            return done(1);
        }
    };
    let (text, status) = read_input(cx, "tail", &files);
    cx.io.out(&keep(&text, &count, false));
    if follow && status == 0 {
        return Box::new(Sleep::forever());
    }
    done(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(bytes: bool, n: u64, sign: Option<char>) -> Count {
        Count { bytes, n, sign }
    }

    #[test]
    fn numbers_take_signs_and_suffixes() {
        assert_eq!(parse_number("10"), Some((10, None)));
        assert_eq!(parse_number("-3"), Some((3, Some('-'))));
        assert_eq!(parse_number("+2"), Some((2, Some('+'))));
        assert_eq!(parse_number("2K"), Some((2048, None)));
        assert_eq!(parse_number("1kB"), Some((1000, None)));
        assert_eq!(parse_number("x"), None);
        assert_eq!(parse_number("5q"), None);
    }

    #[test]
    fn head_and_tail_keep_lines_or_bytes() {
        let t = "uno\ndos\ntres\n";
        assert_eq!(keep(t, &count(true, 5, None), true), "uno\nd");
        assert_eq!(keep(t, &count(true, 5, Some('-')), true), "uno\ndos\n");
        assert_eq!(keep(t, &count(false, 1, Some('-')), true), "uno\ndos\n");
        assert_eq!(keep(t, &count(false, 2, None), false), "dos\ntres\n");
        assert_eq!(keep(t, &count(false, 2, Some('+')), false), "dos\ntres\n");
        assert_eq!(keep(t, &count(true, 3, None), false), "es\n");
        assert_eq!(keep(t, &count(true, 100, None), true), t);
    }
}
