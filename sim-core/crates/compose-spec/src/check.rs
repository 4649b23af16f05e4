//! Schema validation against the generated table ([`super::schema`]):
//! unknown keys (with a did-you-mean), values of the wrong kind, required
//! keys, a few enums. compose-go validates with the compose-spec JSON
//! schema; the table holds the same facts without a JSON-schema engine in
//! the page. Every problem found is reported, each at its own line.

use super::diag::{did_you_mean, Msg};
use super::schema::{self, Obj, Ty, K_ANY, K_ARR, K_BOOL, K_INT, K_NULL, K_NUM, K_OBJ, K_STR};
use super::value::{Map, Node, Pos, Value};

/// A schema problem before it is located and worded.
pub struct Problem {
    pub pos: Pos,
    pub msg: Msg,
    /// jsonschema's text (`services.web additional properties 'x' not allowed`).
    pub go: String,
}

/// Checks one file's document (after interpolation). Empty = valid.
pub fn check_document(doc: &Node) -> Vec<Problem> {
    let mut out = Vec::new();
    let Some(top) = doc.as_map() else { return out };
    for e in &top.entries {
        let key = e.key.as_str();
        if key.starts_with("x-") {
            continue;
        }
        let Some((_, kinds)) = schema::TOP.iter().find(|(k, _)| *k == key) else {
            let suggestion = did_you_mean(key, schema::TOP.iter().map(|(k, _)| *k));
            out.push(Problem {
                pos: e.pos,
                msg: Msg::UnknownKey { path: "(root)".into(), key: key.to_string(), suggestion },
                go: format!("(root) additional properties '{key}' not allowed"),
            });
            continue;
        };
        if !kind_ok(&e.node, *kinds) {
            out.push(type_problem(key, &e.node, *kinds));
            continue;
        }
        let section = match key {
            "services" => Some(&schema::SERVICE),
            "networks" => Some(&schema::NETWORK),
            "volumes" => Some(&schema::VOLUME),
            "secrets" => Some(&schema::SECRET),
            "configs" => Some(&schema::CONFIG),
            "models" => Some(&schema::MODEL),
            _ => None,
        };
        if let (Some(obj), Some(m)) = (section, e.node.as_map()) {
            for item in &m.entries {
                let path = format!("{key}.{}", item.key);
                match &item.node.value {
                    Value::Map(im) => check_obj(im, obj, &path, &mut out),
                    Value::Null if key != "services" => {}
                    _ if key == "services" || key == "models" => out.push(Problem {
                        pos: item.node.pos,
                        msg: Msg::NotAMapping { path: path.clone() },
                        go: format!("{path} must be a mapping"),
                    }),
                    _ => out.push(type_problem(&path, &item.node, K_OBJ | K_NULL)),
                }
            }
        }
    }
    out
}

fn kind_of(n: &Node) -> u8 {
    match n.value {
        Value::Null => K_NULL,
        Value::Bool(_) => K_BOOL,
        Value::Int(_) => K_INT | K_NUM,
        Value::Float(_) => K_NUM,
        Value::Str(_) => K_STR,
        Value::Seq(_) => K_ARR,
        Value::Map(_) => K_OBJ,
    }
}

fn kind_ok(n: &Node, kinds: u8) -> bool {
    kinds == K_ANY || kind_of(n) & kinds != 0
}

fn want_names(kinds: u8) -> Vec<&'static str> {
    let mut v = Vec::new();
    for (bit, name) in [
        (K_ARR, "array"),
        (K_BOOL, "boolean"),
        (K_INT, "integer"),
        (K_NULL, "null"),
        (K_NUM, "number"),
        (K_OBJ, "object"),
        (K_STR, "string"),
    ] {
        if kinds & bit != 0 && !(bit == K_INT && kinds & K_NUM != 0) {
            v.push(name);
        }
    }
    v
}

fn type_problem(path: &str, n: &Node, kinds: u8) -> Problem {
    let names = want_names(kinds);
    let human: Vec<&str> = names.iter().map(|n| if *n == "object" { "mapping" } else { n }).collect();
    let mut sorted = human.clone();
    sim_base::sort::sort(&mut sorted);
    let go_want = match sorted.len() {
        0 => String::new(),
        1 => sorted[0].to_string(),
        n => format!("{} or {}", sorted[..n - 1].join(", "), sorted[n - 1]),
    };
    Problem {
        pos: n.pos,
        msg: Msg::WrongType { path: path.to_string(), expected: names.join(" or "), found: n.kind_name().to_string() },
        go: format!("{path} must be a {go_want}"),
    }
}

/// The table an object-valued field is checked against, if any.
fn obj_of(ty: &Ty) -> Option<&'static Obj> {
    match ty {
        Ty::Struct(o) => Some(o),
        Ty::Opt(t) => obj_of(t),
        _ => None,
    }
}

fn check_obj(m: &Map, obj: &'static Obj, path: &str, out: &mut Vec<Problem>) {
    for e in &m.entries {
        let key = e.key.as_str();
        if key.starts_with("x-") {
            continue;
        }
        let Some(f) = obj.field(key).filter(|f| f.kinds != 0) else {
            if obj.strict {
                let suggestion = did_you_mean(key, obj.allowed());
                out.push(Problem {
                    pos: e.pos,
                    msg: Msg::UnknownKey { path: path.to_string(), key: key.to_string(), suggestion },
                    go: format!("{path} additional properties '{key}' not allowed"),
                });
            }
            continue;
        };
        let p = format!("{path}.{key}");
        if !kind_ok(&e.node, f.kinds) {
            out.push(type_problem(&p, &e.node, f.kinds));
            continue;
        }
        check_enum(&p, key, &e.node, obj, out);
        match (&f.ty, &e.node.value) {
            (ty, Value::Map(sub)) if obj_of(ty).is_some() => {
                if let Some(o) = obj_of(ty) {
                    check_obj(sub, o, &p, out);
                }
            }
            (Ty::List(inner), Value::Seq(items)) => {
                if let Some(o) = obj_of(inner) {
                    for (i, it) in items.iter().enumerate() {
                        if let Value::Map(sub) = &it.value {
                            check_obj(sub, o, &format!("{p}.{i}"), out);
                        }
                    }
                }
            }
            (Ty::Map(inner), Value::Map(sub)) => {
                if let Some(o) = obj_of(inner) {
                    for it in &sub.entries {
                        if let Value::Map(v) = &it.node.value {
                            check_obj(v, o, &format!("{p}.{}", it.key), out);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for req in obj.required {
        if !m.contains(req) {
            out.push(Problem {
                pos: m.entries.first().map(|e| e.pos).unwrap_or_default(),
                msg: Msg::Required { path: path.to_string(), key: (*req).to_string() },
                go: format!("{path} missing property '{req}'"),
            });
        }
    }
}

fn check_enum(path: &str, key: &str, n: &Node, obj: &Obj, out: &mut Vec<Problem>) {
    let allowed: &[&str] = match (obj.name, key) {
        ("ServiceDependency", "condition") => &["service_started", "service_healthy", "service_completed_successfully"],
        ("ServiceVolumeConfig", "type") => &["bind", "volume", "tmpfs", "cluster", "npipe", "image"],
        _ => return,
    };
    if let Some(s) = n.as_str() {
        if !allowed.contains(&s) {
            let quoted: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
            out.push(Problem {
                pos: n.pos,
                msg: Msg::BadEnum { path: path.to_string(), value: s.to_string(), allowed: allowed.join(", ") },
                go: format!("{path} value must be one of {}", quoted.join(", ")),
            });
        }
    }
}
