//! `docker compose config` output: the normalized tree printed as Compose
//! v2 prints its Go structs — keys in struct order ([`super::schema`]),
//! Go's `omitempty` rules (which differ between `encoding/json` and
//! `yaml.v3`: JSON keeps empty structs, YAML keeps `command: []`…), Go's
//! number and duration formats, yaml.v3's quoting, and every `$` doubled
//! back to `$$` as compose does before printing.

use super::conv;
use super::schema::{self, Obj, Ty, F, J};
use super::value::{go_float, Node, Value};

/// A value ready to print.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Out>),
    Obj(Vec<(String, Out)>),
}

struct Gv {
    out: Out,
    /// Go's JSON `omitempty` would drop it.
    empty_json: bool,
    /// yaml.v3's `omitempty` would drop it.
    zero_yaml: bool,
}

fn gv(out: Out, empty: bool) -> Gv {
    Gv { out, empty_json: empty, zero_yaml: empty }
}

fn text(n: Option<&Node>) -> String {
    n.filter(|n| !n.is_null()).and_then(|n| n.scalar_text()).unwrap_or_default()
}

fn int_of(n: Option<&Node>) -> i64 {
    match n.map(|n| &n.value) {
        Some(Value::Int(i)) => *i,
        Some(Value::Float(f)) => *f as i64,
        Some(Value::Bool(b)) => i64::from(*b),
        Some(Value::Str(s)) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

fn value(n: Option<&Node>, ty: &Ty, json: bool) -> Gv {
    let n = n.filter(|n| !n.is_null() || matches!(ty, Ty::Any));
    match ty {
        Ty::Str => {
            let s = text(n);
            let e = s.is_empty();
            gv(Out::Str(s), e)
        }
        Ty::Int => {
            let i = int_of(n);
            gv(Out::Int(i), i == 0)
        }
        Ty::Float => {
            let f = match n.map(|n| &n.value) {
                Some(Value::Float(f)) => *f,
                Some(Value::Int(i)) => *i as f64,
                Some(Value::Str(s)) => sim_base::float::parse(s).unwrap_or(0.0),
                _ => 0.0,
            };
            gv(Out::Float(f), f == 0.0)
        }
        Ty::Bool => {
            let b = n.is_some_and(|n| n.value == Value::Bool(true));
            gv(Out::Bool(b), !b)
        }
        Ty::Dur => {
            let ns = n.and_then(conv::duration).unwrap_or(0);
            gv(Out::Str(conv::go_duration(ns)), ns == 0)
        }
        Ty::Bytes => {
            let b = n.and_then(conv::bytes).unwrap_or(0);
            gv(Out::Str(b.to_string()), b == 0)
        }
        Ty::Mode => {
            let m = match n.map(|n| &n.value) {
                Some(Value::Str(s)) => i64::from_str_radix(s, 8).unwrap_or(0),
                _ => int_of(n),
            };
            gv(Out::Str(format!("0{m:o}")), false)
        }
        Ty::Cmd => match n.and_then(conv::command) {
            None => Gv { out: Out::Null, empty_json: true, zero_yaml: true },
            Some(words) => Gv { out: strs(words), empty_json: false, zero_yaml: false },
        },
        Ty::StrList | Ty::NumList => {
            let v = n.map(conv::str_list).unwrap_or_default();
            let e = v.is_empty();
            gv(strs(v), e)
        }
        Ty::Mapping => {
            let m = n.map(conv::mapping).unwrap_or_default();
            let e = m.is_empty();
            gv(Out::Obj(m.into_iter().map(|(k, v)| (k, Out::Str(v))).collect()), e)
        }
        Ty::MapEq => {
            let m = n.map(conv::map_eq).unwrap_or_default();
            let e = m.is_empty();
            let o = m.into_iter().map(|(k, v)| (k, v.map(Out::Str).unwrap_or(Out::Null))).collect();
            gv(Out::Obj(o), e)
        }
        Ty::Hosts => {
            let mut list: Vec<String> = Vec::new();
            match n.map(|n| &n.value) {
                Some(Value::Map(m)) => {
                    for e in &m.entries {
                        for ip in conv::str_list(&e.node) {
                            list.push(format!("{}={ip}", e.key));
                        }
                    }
                }
                Some(Value::Seq(items)) => {
                    for it in items {
                        let Some(s) = it.scalar_text() else { continue };
                        let (h, ips) = s.split_once('=').or_else(|| s.split_once(':')).unwrap_or((s.as_str(), ""));
                        for ip in ips.split(',') {
                            list.push(format!("{h}={ip}"));
                        }
                    }
                }
                _ => {}
            }
            sim_base::sort::sort(&mut list);
            let e = list.is_empty();
            gv(strs(list), e)
        }
        Ty::Ssh => {
            let mut list = Vec::new();
            if let Some(m) = n.and_then(|n| n.as_map()) {
                for e in &m.entries {
                    let p = text(Some(&e.node));
                    list.push(if p.is_empty() { e.key.clone() } else { format!("{}: {p}", e.key) });
                }
            }
            let e = list.is_empty();
            gv(strs(list), e)
        }
        Ty::MultiOpts => {
            let mut items: Vec<(String, Out)> = Vec::new();
            if let Some(m) = n.and_then(|n| n.as_map()) {
                for e in &m.entries {
                    items.push((e.key.clone(), strs(conv::str_list(&e.node))));
                }
            }
            sort_by_name(&mut items);
            let e = items.is_empty();
            gv(Out::Obj(items), e)
        }
        Ty::EnvFiles => {
            let mut list = Vec::new();
            for it in n.and_then(|n| n.as_seq()).unwrap_or(&[]) {
                let path = text(it.get("path"));
                let required = it.get("required").is_none_or(|r| r.value != Value::Bool(false));
                if required {
                    list.push(Out::Str(path));
                } else {
                    list.push(Out::Obj(vec![("path".into(), Out::Str(path)), ("required".into(), Out::Bool(false))]));
                }
            }
            let e = list.is_empty();
            gv(Out::List(list), e)
        }
        Ty::Ulimit => match n.map(|n| &n.value) {
            Some(Value::Map(m)) => {
                let soft = int_of(m.get("soft"));
                let hard = int_of(m.get("hard"));
                let mut o = Vec::new();
                if !json || soft != 0 {
                    o.push(("soft".to_string(), Out::Int(soft)));
                }
                if !json || hard != 0 {
                    o.push(("hard".to_string(), Out::Int(hard)));
                }
                gv(Out::Obj(o), false)
            }
            _ => gv(Out::Int(int_of(n)), false),
        },
        Ty::Any => match n {
            None => gv(Out::Null, true),
            Some(n) => {
                let o = any(n);
                let e = matches!(&o, Out::Obj(v) if v.is_empty()) || matches!(&o, Out::List(v) if v.is_empty());
                gv(o, e)
            }
        },
        Ty::Opt(inner) => match n {
            None => Gv { out: Out::Null, empty_json: true, zero_yaml: true },
            Some(_) => {
                let v = value(n, inner, json);
                Gv { out: v.out, empty_json: false, zero_yaml: false }
            }
        },
        Ty::Struct(obj) => {
            let (o, zero) = object(n, obj, json);
            Gv { out: o, empty_json: false, zero_yaml: zero }
        }
        Ty::List(inner) => {
            let items: Vec<Out> =
                n.and_then(|n| n.as_seq()).unwrap_or(&[]).iter().map(|it| value(Some(it), inner, json).out).collect();
            let e = items.is_empty();
            gv(Out::List(items), e)
        }
        Ty::Map(inner) => {
            let mut items: Vec<(String, Out)> = n
                .and_then(|n| n.as_map())
                .map(|m| m.entries.iter().map(|e| (e.key.clone(), value(Some(&e.node), inner, json).out)).collect())
                .unwrap_or_default();
            sort_by_name(&mut items);
            let e = items.is_empty();
            gv(Out::Obj(items), e)
        }
    }
}

/// Sorts printed entries by key, as Go prints maps (one shared sort keeps the wasm small).
fn sort_by_name(v: &mut [(String, Out)]) {
    sim_base::sort::sort_by(v, |a, b| a.0.cmp(&b.0));
}

fn strs(v: Vec<String>) -> Out {
    Out::List(v.into_iter().map(Out::Str).collect())
}

/// A value printed as it is (maps with sorted keys, like Go maps).
fn any(n: &Node) -> Out {
    match &n.value {
        Value::Null => Out::Null,
        Value::Bool(b) => Out::Bool(*b),
        Value::Int(i) => Out::Int(*i),
        Value::Float(f) => Out::Float(*f),
        Value::Str(s) => Out::Str(s.clone()),
        Value::Seq(items) => Out::List(items.iter().map(any).collect()),
        Value::Map(m) => {
            let mut v: Vec<(String, Out)> = m.entries.iter().map(|e| (e.key.clone(), any(&e.node))).collect();
            sort_by_name(&mut v);
            Out::Obj(v)
        }
    }
}

fn field(n: Option<&Node>, f: &F, json: bool) -> Option<Out> {
    if f.unmodelled || (json && f.json == J::Skip) {
        return None;
    }
    let v = value(n, &f.ty, json);
    let keep = if json { f.json == J::Keep || !v.empty_json } else { !f.yomit || !v.zero_yaml };
    keep.then_some(v.out)
}

/// A struct: its fields in Go order, then (YAML only) its `x-` extensions.
fn object(n: Option<&Node>, obj: &Obj, json: bool) -> (Out, bool) {
    let m = n.and_then(|n| n.as_map());
    let mut out = Vec::new();
    let mut zero = true;
    for f in obj.fields {
        if obj.name == "ServiceConfig" && f.key == "name" {
            continue;
        }
        let node = m.and_then(|m| m.get(f.key));
        if let Some(o) = field(node, f, json) {
            out.push((f.key.to_string(), o));
        }
        if !f.unmodelled && !value(node, &f.ty, json).zero_yaml {
            zero = false;
        }
    }
    if !json {
        if let Some(m) = m {
            let mut ext: Vec<(String, Out)> =
                m.entries.iter().filter(|e| e.key.starts_with("x-")).map(|e| (e.key.clone(), any(&e.node))).collect();
            sort_by_name(&mut ext);
            if !ext.is_empty() {
                zero = false;
            }
            out.extend(ext);
        }
    }
    (Out::Obj(out), zero)
}

fn section(tree: &Node, key: &str, obj: &Obj, json: bool) -> Option<Out> {
    let m = tree.get(key)?.as_map()?;
    if m.is_empty() {
        return None;
    }
    let mut items: Vec<(String, Out)> = m
        .entries
        .iter()
        .map(|e| {
            let mut node = e.node.clone();
            if key == "secrets" {
                if let Some(nm) = node.as_map_mut() {
                    nm.remove("content");
                }
            }
            if key == "configs" && node.get("environment").is_some() {
                if let Some(nm) = node.as_map_mut() {
                    nm.remove("content");
                }
            }
            (e.key.clone(), object(Some(&node), obj, json).0)
        })
        .collect();
    sort_by_name(&mut items);
    Some(Out::Obj(items))
}

fn project(tree: &Node, json: bool) -> Out {
    let name = text(tree.get("name"));
    let services = section(tree, "services", &schema::SERVICE, json).unwrap_or(Out::Obj(Vec::new()));
    let mut parts: Vec<(String, Out)> = vec![("name".into(), Out::Str(name)), ("services".into(), services)];
    for (k, obj) in [
        ("networks", &schema::NETWORK),
        ("volumes", &schema::VOLUME),
        ("secrets", &schema::SECRET),
        ("configs", &schema::CONFIG),
    ] {
        if let Some(o) = section(tree, k, obj, json) {
            parts.push((k.to_string(), o));
        }
    }
    if !json {
        if let Some(o) = section(tree, "models", &schema::MODEL, json) {
            parts.push(("models".into(), o));
        }
    }
    if let Some(m) = tree.as_map() {
        let mut ext: Vec<(String, Out)> =
            m.entries.iter().filter(|e| e.key.starts_with("x-")).map(|e| (e.key.clone(), any(&e.node))).collect();
        sort_by_name(&mut ext);
        parts.extend(ext);
    }
    if json {
        sort_by_name(&mut parts);
    }
    Out::Obj(parts)
}

/// `docker compose config --format json`. Compose v2.40 cannot print an
/// SSH key with a path as JSON (its `SSHKey.MarshalJSON` is broken); that error is reproduced.
pub fn json(tree: &Node) -> Result<String, String> {
    let broken_ssh = tree.get("services").and_then(|s| s.as_map()).is_some_and(|m| {
        m.entries.iter().any(|e| {
            e.node
                .get("build")
                .and_then(|b| b.get("ssh"))
                .and_then(|s| s.as_map())
                .is_some_and(|k| k.entries.iter().any(|x| !x.node.is_null()))
        })
    });
    if broken_ssh {
        return Err(
            "json: error calling MarshalJSON for type types.SSHKey: invalid character ':' after top-level value".into(),
        );
    }
    let mut s = String::new();
    write_json(&project(tree, true), 0, &mut s);
    s.push('\n');
    Ok(s.replace('$', "$$"))
}

/// `docker compose config` (YAML).
pub fn yaml(tree: &Node) -> String {
    let mut s = String::new();
    if let Out::Obj(items) = project(tree, false) {
        write_yaml_map(&items, 0, &mut s);
    }
    s.replace('$', "$$")
}

/// Compose's encoder does not escape HTML characters.
fn json_str(s: &str, out: &mut String) {
    sim_base::json::write_str(out, s, false);
}

/// Go's `encoding/json` float format.
fn json_float(f: f64) -> String {
    if !f.is_finite() {
        return "null".into();
    }
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let s = format!("{f:e}");
        return match s.split_once('e') {
            Some((m, e)) if e.starts_with('-') => format!("{m}e{e}"),
            Some((m, e)) => format!("{m}e+{e}"),
            None => s,
        };
    }
    format!("{f}")
}

fn write_json(v: &Out, indent: usize, out: &mut String) {
    let pad = |n: usize| "  ".repeat(n);
    match v {
        Out::Null => out.push_str("null"),
        Out::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Out::Int(i) => out.push_str(&i.to_string()),
        Out::Float(f) => out.push_str(&json_float(*f)),
        Out::Str(s) => json_str(s, out),
        Out::List(items) if items.is_empty() => out.push_str("[]"),
        Out::List(items) => {
            out.push_str("[\n");
            for (i, it) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                write_json(it, indent + 1, out);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Out::Obj(items) if items.is_empty() => out.push_str("{}"),
        Out::Obj(items) => {
            out.push_str("{\n");
            for (i, (k, it)) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                json_str(k, out);
                out.push_str(": ");
                write_json(it, indent + 1, out);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
    }
}

/// yaml.v3's choice for a string: plain, 'single' or "double" quoted, or a literal block.
fn yaml_scalar(s: &str) -> String {
    if s.contains('\n') {
        return String::new();
    }
    let resolves_to_other = s.is_empty()
        || matches!(super::yaml::resolve_for_render(s), Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_))
        || is_old_bool(s)
        || is_base60(s);
    if resolves_to_other {
        return double_quoted(s);
    }
    if s.chars().any(|c| (c as u32) < 0x20 && c != '\t' || c == '\u{7f}' || c == '\u{feff}') {
        return double_quoted(s);
    }
    if plain_ok(s) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "''"))
}

fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF"
    )
}

/// yaml.v3 quotes `1:20` style base-60 floats for YAML 1.1 readers.
fn is_base60(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    let Some((head, rest)) = t.split_once(':') else { return false };
    !head.is_empty()
        && head.chars().next().is_some_and(|c| c.is_ascii_digit() && c != '0')
        && head.chars().all(|c| c.is_ascii_digit() || c == '_')
        && rest.split(':').all(|p| {
            let (int, frac) = p.split_once('.').unwrap_or((p, "0"));
            !int.is_empty()
                && int.len() <= 2
                && int.chars().all(|c| c.is_ascii_digit())
                && frac.chars().all(|c| c.is_ascii_digit() || c == '_')
        })
        && rest.split(':').all(|p| p.split('.').next().and_then(|x| x.parse::<u32>().ok()).is_some_and(|x| x < 60))
        && (rest.split(':').count() >= 1)
}

/// libyaml's analysis of whether a scalar may be written plain in block context.
fn plain_ok(s: &str) -> bool {
    if s.starts_with(' ') || s.ends_with(' ') || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_ws = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        let prev_ws = i == 0 || chars[i - 1].is_whitespace();
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => {
                    return false
                }
                '?' | ':' => return false,
                '-' if next_ws => return false,
                _ => {}
            }
        } else {
            match c {
                ':' if next_ws => return false,
                '#' if prev_ws => return false,
                _ => {}
            }
        }
        if c == '\t' {
            return false;
        }
    }
    true
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02X}", c as u32)),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf".into() } else { "-.inf".into() };
    }
    go_float(f)
}

/// A literal block (`|-`) for a multi-line string, at `indent` spaces.
fn literal(s: &str, indent: usize) -> String {
    let chomp = if s.ends_with("\n\n") {
        "+"
    } else if s.ends_with('\n') {
        ""
    } else {
        "-"
    };
    let ind = if s.starts_with(' ') { "2" } else { "" };
    let mut out = format!("|{ind}{chomp}\n");
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        if !line.is_empty() {
            out.push_str(&" ".repeat(indent));
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn inline_scalar(v: &Out) -> Option<String> {
    Some(match v {
        Out::Null => "null".into(),
        Out::Bool(b) => b.to_string(),
        Out::Int(i) => i.to_string(),
        Out::Float(f) => yaml_float(*f),
        Out::Str(s) if !s.contains('\n') => yaml_scalar(s),
        Out::List(l) if l.is_empty() => "[]".into(),
        Out::Obj(o) if o.is_empty() => "{}".into(),
        _ => return None,
    })
}

fn write_yaml_map(items: &[(String, Out)], indent: usize, out: &mut String) {
    for (i, (k, v)) in items.iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            out.push_str(&" ".repeat(indent));
        }
        let key = if k.contains('\n') { double_quoted(k) } else { yaml_scalar(k) };
        out.push_str(&key);
        out.push(':');
        write_yaml_value(v, indent, out);
    }
}

/// Writes the value of a `key:` (the colon is already written).
fn write_yaml_value(v: &Out, indent: usize, out: &mut String) {
    if let Some(s) = inline_scalar(v) {
        out.push(' ');
        out.push_str(&s);
        out.push('\n');
        return;
    }
    match v {
        Out::Str(s) => {
            out.push(' ');
            out.push_str(&literal(s, indent + 2));
        }
        Out::Obj(items) => {
            out.push('\n');
            write_yaml_map(items, indent + 2, out);
        }
        Out::List(items) => {
            out.push('\n');
            write_yaml_list(items, indent + 2, out);
        }
        _ => out.push('\n'),
    }
}

fn write_yaml_list(items: &[Out], indent: usize, out: &mut String) {
    for it in items {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match it {
            Out::Obj(o) if !o.is_empty() => write_yaml_map(o, indent + 2, out),
            Out::List(l) if !l.is_empty() => {
                out.push('\n');
                write_yaml_list(l, indent + 2, out);
            }
            Out::Str(s) if s.contains('\n') => out.push_str(&literal(s, indent + 2)),
            other => {
                out.push_str(&inline_scalar(other).unwrap_or_default());
                out.push('\n');
            }
        }
    }
}
