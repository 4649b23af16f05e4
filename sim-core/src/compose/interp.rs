//! `${VAR}` interpolation exactly as compose-go's `template` package does
//! it: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
//! `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}`, nested
//! defaults, and `$$` for a literal `$`. A hand-written scanner instead of
//! Go's regular expression: same results, no regex engine in the page.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InterpError {
    /// `${` without a valid name and closing brace; carries the whole template.
    Invalid { template: String },
    /// `${VAR:?reason}` / `${VAR?reason}` with VAR missing.
    Required { var: String, reason: String },
}

/// Substitutes variables in `template`. `unset` collects the names of
/// variables that were read but not set (compose warns about each).
pub fn substitute(
    template: &str,
    env: &BTreeMap<String, String>,
    unset: &mut Vec<String>,
) -> Result<String, InterpError> {
    substitute_depth(template, env, unset, 0)
}

const MAX_NESTING: usize = 32;

fn substitute_depth(
    template: &str,
    env: &BTreeMap<String, String>,
    unset: &mut Vec<String>,
    depth: usize,
) -> Result<String, InterpError> {
    if !template.contains('$') {
        return Ok(template.to_string());
    }
    if depth > MAX_NESTING {
        return Err(InterpError::Invalid { template: template.to_string() });
    }
    let b = template.as_bytes();
    let mut out = String::with_capacity(template.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        out.push_str(&template[last..i]);
        let next = b.get(i + 1).copied();
        match next {
            Some(b'$') => {
                out.push('$');
                i += 2;
            }
            Some(c) if is_name_start(c) => {
                let end = name_end(b, i + 1);
                let name = &template[i + 1..end];
                out.push_str(&lookup(name, env, unset));
                i = end;
            }
            Some(b'{') => {
                let (value, end) = braced(template, i, env, unset, depth)?;
                out.push_str(&value);
                i = end;
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
        last = i;
    }
    out.push_str(&template[last.min(template.len())..]);
    Ok(out)
}

fn is_name_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic()
}

fn name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
        i += 1;
    }
    i
}

fn lookup(name: &str, env: &BTreeMap<String, String>, unset: &mut Vec<String>) -> String {
    match env.get(name) {
        Some(v) => v.clone(),
        None => {
            unset.push(name.to_string());
            String::new()
        }
    }
}

/// `${…}` starting at byte `start` (the `$`): its value and the index after `}`.
fn braced(
    template: &str,
    start: usize,
    env: &BTreeMap<String, String>,
    unset: &mut Vec<String>,
    depth: usize,
) -> Result<(String, usize), InterpError> {
    let b = template.as_bytes();
    let invalid = || InterpError::Invalid { template: template.to_string() };
    let name_start = start + 2;
    if name_start >= b.len() || !is_name_start(b[name_start]) {
        return Err(invalid());
    }
    let name_stop = name_end(b, name_start);
    let name = &template[name_start..name_stop];
    match b.get(name_stop) {
        Some(b'}') => return Ok((lookup(name, env, unset), name_stop + 1)),
        None => return Err(invalid()),
        _ => {}
    }
    // An operator must follow: `:-`, `-`, `:?`, `?`, `:+`, `+`.
    let (op, arg_start) = match (b[name_stop], b.get(name_stop + 1)) {
        (b':', Some(c @ (b'-' | b'?' | b'+'))) => (format!(":{}", *c as char), name_stop + 2),
        (c @ (b'-' | b'?' | b'+'), _) => ((c as char).to_string(), name_stop + 1),
        _ => return Err(invalid()),
    };
    // The regular expression needs a `}` later on the same line.
    let line_end = template[start..].find('\n').map(|x| start + x).unwrap_or(template.len());
    if !template[arg_start..line_end].contains('}') {
        return Err(invalid());
    }
    // compose-go's getFirstBraceClosingIndex: nested `{` count, skipping the char after each `{`.
    let mut open = 0i32;
    let mut close = None;
    let mut j = start;
    while j < b.len() {
        if b[j] == b'}' {
            open -= 1;
            if open == 0 {
                close = Some(j);
                break;
            }
        }
        if b[j] == b'{' {
            open += 1;
            j += 1;
        }
        j += 1;
    }
    let Some(close) = close else { return Err(invalid()) };
    if close < arg_start {
        return Err(invalid());
    }
    let arg = substitute_depth(&template[arg_start..close], env, unset, depth + 1)?;
    let value = env.get(name);
    let result = match op.as_str() {
        ":-" => match value {
            Some(v) if !v.is_empty() => v.clone(),
            _ => arg,
        },
        "-" => match value {
            Some(v) => v.clone(),
            None => arg,
        },
        ":?" => match value {
            Some(v) if !v.is_empty() => v.clone(),
            _ => return Err(InterpError::Required { var: name.to_string(), reason: arg }),
        },
        "?" => match value {
            Some(v) => v.clone(),
            None => return Err(InterpError::Required { var: name.to_string(), reason: arg }),
        },
        ":+" => match value {
            Some(v) if !v.is_empty() => arg,
            Some(v) => v.clone(),
            None => String::new(),
        },
        _ => match value {
            Some(_) => arg,
            None => String::new(),
        },
    };
    Ok((result, close + 1))
}

/// compose-go's `MissingRequiredError` text.
pub fn required_text(var: &str, reason: &str) -> String {
    if reason.is_empty() {
        format!("required variable {var} is missing a value")
    } else {
        format!("required variable {var} is missing a value: {reason}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> BTreeMap<String, String> {
        [("A", "a"), ("E", ""), ("PORT", "8080")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn sub(s: &str) -> Result<String, InterpError> {
        substitute(s, &env(), &mut Vec::new())
    }

    #[test]
    fn forms() {
        assert_eq!(sub("$A-${A}").unwrap(), "a-a");
        assert_eq!(sub("${E:-d}|${E-d}|${U:-d}|${U-d}").unwrap(), "d||d|d");
        assert_eq!(sub("${A:+x}|${E:+x}|${E+x}|${U+x}").unwrap(), "x||x|");
        assert_eq!(sub("$$A $$").unwrap(), "$A $");
        assert_eq!(sub("${U:-${PORT}}/x").unwrap(), "8080/x");
        assert_eq!(sub("${U:-a}-${A}").unwrap(), "a-a");
        assert_eq!(sub("cost $5").unwrap(), "cost $5");
        assert_eq!(sub("${PORT}:80").unwrap(), "8080:80");
    }

    #[test]
    fn required_and_invalid() {
        assert_eq!(sub("${U:?set it}"), Err(InterpError::Required { var: "U".into(), reason: "set it".into() }));
        assert_eq!(sub("${E:?}"), Err(InterpError::Required { var: "E".into(), reason: String::new() }));
        assert_eq!(sub("${E?}").unwrap(), "");
        assert!(matches!(sub("${A"), Err(InterpError::Invalid { .. })));
        assert!(matches!(sub("${}"), Err(InterpError::Invalid { .. })));
        assert!(matches!(sub("${A B}"), Err(InterpError::Invalid { .. })));
    }

    #[test]
    fn unset_variables_are_reported() {
        let mut unset = Vec::new();
        assert_eq!(substitute("${NOPE}x$NOPE2", &env(), &mut unset).unwrap(), "x");
        assert_eq!(unset, vec!["NOPE".to_string(), "NOPE2".to_string()]);
    }
}
