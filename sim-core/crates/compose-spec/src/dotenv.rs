//! `.env` files (the project's, `--env-file`, a service's `env_file`) read
//! the way compose-go's dotenv parser reads them: `KEY=value`, `export KEY=`,
//! `KEY: value`, single quotes (literal), double quotes (escapes and
//! `${VAR}` expansion), ` #` comments after unquoted values, a bare `KEY`
//! line taking the value from the environment.

use super::interp;
use std::collections::BTreeMap;

/// Parses `src`. `lookup` gives variables for expansion and bare keys
/// (looked up first, then earlier keys of the same file). Values keep file order.
pub fn parse(src: &str, lookup: &BTreeMap<String, String>) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut rest = src;
    let mut line = 1usize;
    loop {
        // Skip blank space and comment lines.
        let trimmed = rest.trim_start_matches(|c: char| {
            if c == '\n' {
                line += 1;
            }
            c.is_whitespace()
        });
        rest = trimmed;
        if rest.is_empty() {
            break;
        }
        if rest.starts_with('#') {
            match rest.find('\n') {
                Some(i) => {
                    rest = &rest[i..];
                    continue;
                }
                None => break,
            }
        }
        if let Some(r) = rest.strip_prefix("export") {
            if r.starts_with([' ', '\t']) {
                rest = r.trim_start_matches([' ', '\t']);
            }
        }
        // The key: up to '=', ':' or end of line.
        let mut key_end = None;
        let mut inherited = false;
        for (i, c) in rest.char_indices() {
            match c {
                '=' | ':' => {
                    key_end = Some((i, i + 1));
                    break;
                }
                '\n' => {
                    key_end = Some((i, i + 1));
                    inherited = true;
                    break;
                }
                c if c.is_whitespace() || c.is_alphanumeric() || "_.-[]".contains(c) => {}
                c => {
                    let first = rest.lines().next().unwrap_or("");
                    return Err(format!("line {line}: unexpected character \"{c}\" in variable name \"{first}\""));
                }
            }
        }
        let (k_end, v_start) = key_end.unwrap_or((rest.len(), rest.len()));
        if key_end.is_none() {
            inherited = true;
        }
        let key = rest[..k_end].trim_end().to_string();
        if key.contains(' ') {
            return Err(format!("line {line}: key cannot contain a space"));
        }
        rest = &rest[v_start..];
        let mut env = lookup.clone();
        for (k, v) in &seen {
            env.entry(k.clone()).or_insert_with(|| v.clone());
        }
        if inherited {
            line += 1;
            if let Some(v) = lookup.get(&key) {
                push(&mut out, &mut seen, key, v.clone());
            }
            continue;
        }
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() && c != '\n');
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
        match quote {
            None => {
                let (value, tail) = rest.split_once('\n').unwrap_or((rest, ""));
                line += 1;
                let value = value.split(" #").next().unwrap_or("").trim_end();
                let value = expand(value, &env);
                push(&mut out, &mut seen, key, value);
                rest = tail;
            }
            Some(q) => {
                let body = &rest[1..];
                let mut chars = String::new();
                let mut escaped = false;
                let mut end = None;
                for (i, c) in body.char_indices() {
                    if c == '\n' {
                        line += 1;
                    }
                    if c != q {
                        if !escaped && c == '\\' {
                            escaped = true;
                            continue;
                        }
                        if escaped {
                            escaped = false;
                            chars.push('\\');
                        }
                        chars.push(c);
                        continue;
                    }
                    if escaped {
                        escaped = false;
                        chars.push(c);
                        continue;
                    }
                    end = Some(i);
                    break;
                }
                let Some(end) = end else {
                    let first = rest.lines().next().unwrap_or("");
                    return Err(format!("line {line}: unterminated quoted value {first}"));
                };
                let value = if q == '"' { expand(&unescape(&chars), &env) } else { chars };
                push(&mut out, &mut seen, key, value);
                rest = &body[end + q.len_utf8()..];
                // Whatever follows the closing quote on that line is ignored.
                rest = match rest.find('\n') {
                    Some(i) => &rest[i..],
                    None => "",
                };
            }
        }
    }
    Ok(out)
}

fn push(out: &mut Vec<(String, String)>, seen: &mut BTreeMap<String, String>, key: String, value: String) {
    seen.insert(key.clone(), value.clone());
    match out.iter_mut().find(|(k, _)| *k == key) {
        Some(e) => e.1 = value,
        None => out.push((key, value)),
    }
}

fn expand(value: &str, env: &BTreeMap<String, String>) -> String {
    interp::substitute(value, env, &mut Vec::new()).unwrap_or_else(|_| value.to_string())
}

/// Double-quoted escapes: `\n`, `\t`, `\"`, `\\`, `\$` (kept as `$$`)…
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('$') => out.push_str("$$"),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_common_forms() {
        let env: BTreeMap<String, String> = [("HOME".to_string(), "/h".to_string())].into();
        let src = "# c\nA=1\nexport B = two # note\nC='x $A'\nD=\"y ${A}\\n\"\nE=${HOME}/e\nHOME\nF: 3\n";
        let v = parse(src, &env).unwrap();
        let m: BTreeMap<_, _> = v.into_iter().collect();
        assert_eq!(m["A"], "1");
        assert_eq!(m["B"], "two");
        assert_eq!(m["C"], "x $A");
        assert_eq!(m["D"], "y 1\n");
        assert_eq!(m["E"], "/h/e");
        assert_eq!(m["HOME"], "/h");
        assert_eq!(m["F"], "3");
    }

    #[test]
    fn errors_name_the_line() {
        assert!(parse("A=1\nB=\"open\n", &BTreeMap::new()).unwrap_err().contains("unterminated"));
        assert!(parse("A B=1\n", &BTreeMap::new()).unwrap_err().contains("line 1"));
    }
}
