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

/// What interpolating a whole file found.
#[derive(Default)]
pub struct TreeReport {
    /// Unset variables, in the order met, with where.
    pub unset: Vec<(String, super::value::Pos)>,
    /// YAML 1.1 booleans (`yes`, `off`…) cast at a boolean path.
    pub yaml11_bools: Vec<(String, super::value::Pos)>,
}

/// Why interpolating a file failed: the compose text's path, the problem, where.
#[derive(Debug)]
pub struct TreeError {
    pub path: String,
    pub pos: super::value::Pos,
    pub kind: TreeErrorKind,
}

#[derive(Debug)]
pub enum TreeErrorKind {
    Interp(InterpError),
    Cast { value: String, expected: &'static str, go: String },
}

/// The value kinds compose-go casts interpolated strings to, by path.
const CASTS: &[(&str, &str)] = &[
    ("services.*.cpu_count", "int"),
    ("services.*.cpu_percent", "float"),
    ("services.*.cpu_period", "int"),
    ("services.*.cpu_quota", "int"),
    ("services.*.cpu_rt_period", "int"),
    ("services.*.cpu_rt_runtime", "int"),
    ("services.*.cpus", "float"),
    ("services.*.cpu_shares", "int"),
    ("services.*.init", "bool"),
    ("services.*.deploy.replicas", "int"),
    ("services.*.deploy.update_config.parallelism", "int"),
    ("services.*.deploy.update_config.max_failure_ratio", "float"),
    ("services.*.deploy.rollback_config.parallelism", "int"),
    ("services.*.deploy.rollback_config.max_failure_ratio", "float"),
    ("services.*.deploy.restart_policy.max_attempts", "int"),
    ("services.*.deploy.placement.max_replicas_per_node", "int"),
    ("services.*.healthcheck.retries", "int"),
    ("services.*.healthcheck.disable", "bool"),
    ("services.*.oom_kill_disable", "bool"),
    ("services.*.oom_score_adj", "int"),
    ("services.*.pids_limit", "int"),
    ("services.*.ports.[].target", "int"),
    ("services.*.privileged", "bool"),
    ("services.*.read_only", "bool"),
    ("services.*.scale", "int"),
    ("services.*.stdin_open", "bool"),
    ("services.*.tty", "bool"),
    ("services.*.ulimits.*", "int"),
    ("services.*.ulimits.*.hard", "int"),
    ("services.*.ulimits.*.soft", "int"),
    ("services.*.volumes.[].read_only", "bool"),
    ("services.*.volumes.[].volume.nocopy", "bool"),
    ("networks.*.external", "bool"),
    ("networks.*.internal", "bool"),
    ("networks.*.attachable", "bool"),
    ("networks.*.enable_ipv4", "bool"),
    ("networks.*.enable_ipv6", "bool"),
    ("volumes.*.external", "bool"),
    ("secrets.*.external", "bool"),
    ("configs.*.external", "bool"),
];

/// Interpolates every string of `node` (a whole file), then casts the
/// values compose-go casts (`tty: "${TTY}"` becomes a boolean).
pub fn interpolate_tree(
    node: &mut super::value::Node,
    env: &BTreeMap<String, String>,
    report: &mut TreeReport,
) -> Result<(), TreeError> {
    walk(node, &super::tree::Path::root(), env, report)
}

fn walk(
    node: &mut super::value::Node,
    path: &super::tree::Path,
    env: &BTreeMap<String, String>,
    report: &mut TreeReport,
) -> Result<(), TreeError> {
    use super::value::Value;
    let pos = node.pos;
    match &mut node.value {
        Value::Str(s) => {
            let mut unset = Vec::new();
            let new = substitute(s, env, &mut unset).map_err(|e| TreeError {
                path: path.to_string(),
                pos,
                kind: TreeErrorKind::Interp(e),
            })?;
            report.unset.extend(unset.into_iter().map(|v| (v, pos)));
            let cast = CASTS.iter().find(|(p, _)| path.matches(p)).map(|(_, c)| *c);
            node.value = match cast {
                None => Value::Str(new),
                Some(ty) => cast_value(&new, ty, pos, report).map_err(|(expected, go)| TreeError {
                    path: path.to_string(),
                    pos,
                    kind: TreeErrorKind::Cast { value: new.clone(), expected, go },
                })?,
            };
            Ok(())
        }
        Value::Map(m) => {
            for e in &mut m.entries {
                walk(&mut e.node, &path.next(&e.key), env, report)?;
            }
            Ok(())
        }
        Value::Seq(items) => {
            for it in items {
                walk(it, &path.next("[]"), env, report)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// compose-go's casts; the error carries the expected kind and Go's text.
fn cast_value(
    s: &str,
    ty: &str,
    pos: super::value::Pos,
    report: &mut TreeReport,
) -> Result<super::value::Value, (&'static str, String)> {
    use super::value::Value;
    match ty {
        "int" => s
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| ("integer", format!("strconv.Atoi: parsing {s:?}: invalid syntax"))),
        "float" => sim_base::float::parse(s)
            .filter(|_| !s.is_empty() && !s.contains(|c: char| c.is_alphabetic() && c != 'e' && c != 'E'))
            .map(Value::Float)
            .ok_or(("number", format!("strconv.ParseFloat: parsing {s:?}: invalid syntax"))),
        _ => match s.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            "y" | "yes" | "on" => {
                report.yaml11_bools.push((s.to_string(), pos));
                Ok(Value::Bool(true))
            }
            "n" | "no" | "off" => {
                report.yaml11_bools.push((s.to_string(), pos));
                Ok(Value::Bool(false))
            }
            _ => Err(("boolean", format!("invalid boolean: {s}"))),
        },
    }
}
