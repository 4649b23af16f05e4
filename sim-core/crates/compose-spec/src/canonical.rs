//! compose-go's canonical form: every short syntax expanded to its long
//! form (`"8080:80"` → `{mode, target, published, protocol}`, `build: ./app`
//! → `{context: ./app}`, `depends_on: [db]` → `{db: {condition, required}}`),
//! defaults filled in, and duplicate list entries collapsed the way compose
//! de-duplicates them (by target, by key…). Done on the value tree so the
//! positions survive for later messages.

use super::diag::Msg;
use super::spec::{self, parse_ports, parse_volume};
use super::value::{Map, Node, Pos, Value};

/// A problem found while expanding: where, what, compose's text.
pub type Fail = (Pos, Msg, String);

fn mk_map(pairs: Vec<(&str, Node)>, pos: Pos) -> Node {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k, pos, v);
    }
    Node::map(m, pos)
}

fn b(v: bool, pos: Pos) -> Node {
    Node::new(Value::Bool(v), pos)
}

/// Expands one document (a whole file after interpolation) in place.
pub fn canonical(doc: &mut Node) -> Result<(), Fail> {
    let Some(top) = doc.as_map_mut() else { return Ok(()) };
    for e in &mut top.entries {
        match e.key.as_str() {
            "services" => {
                if let Some(services) = e.node.as_map_mut() {
                    for s in &mut services.entries {
                        let name = s.key.clone();
                        if let Some(svc) = s.node.as_map_mut() {
                            service(&name, svc)?;
                        }
                    }
                }
            }
            "volumes" | "networks" | "secrets" | "configs" => {
                if let Some(m) = e.node.as_map_mut() {
                    for r in &mut m.entries {
                        if let Some(res) = r.node.as_map_mut() {
                            external(res);
                        }
                    }
                }
            }
            "include" => {
                if let Some(items) = e.node.as_seq_mut() {
                    for it in items {
                        if let Value::Str(s) = &it.value {
                            let p = it.pos;
                            *it = mk_map(vec![("path", Node::str(s.clone(), p))], p);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `external: {name: x}` (legacy) → `external: true` + `name: x`.
fn external(res: &mut Map) {
    let Some(ext) = res.get("external").cloned() else { return };
    if let Value::Map(m) = &ext.value {
        let extname = m.get("name").cloned();
        res.insert("external", ext.pos, b(true, ext.pos));
        if let (Some(n), false) = (extname, res.contains("name")) {
            res.insert("name", n.pos, n);
        }
    }
}

fn str_to_list(n: &mut Node) {
    if let Value::Str(s) = &n.value {
        let p = n.pos;
        *n = Node::seq(vec![Node::str(s.clone(), p)], p);
    }
}

fn list_to_null_map(n: &mut Node) {
    if let Value::Seq(items) = &n.value {
        let mut m = Map::new();
        for it in items {
            if let Some(text) = it.scalar_text() {
                m.insert(&text, it.pos, Node::null(it.pos));
            }
        }
        let p = n.pos;
        *n = Node::map(m, p);
    }
}

fn file_mounts(n: &mut Node) {
    if let Some(items) = n.as_seq_mut() {
        for it in items {
            if let Value::Str(s) = &it.value {
                let p = it.pos;
                *it = mk_map(vec![("source", Node::str(s.clone(), p))], p);
            }
        }
    }
}

fn service(name: &str, svc: &mut Map) -> Result<(), Fail> {
    for e in &mut svc.entries {
        let path = format!("services.{name}.{}", e.key);
        let n = &mut e.node;
        match e.key.as_str() {
            "build" => {
                if let Value::Str(s) = &n.value {
                    let p = n.pos;
                    *n = mk_map(vec![("context", Node::str(s.clone(), p))], p);
                }
                if let Some(bm) = n.as_map_mut() {
                    build(bm);
                }
            }
            "depends_on" => depends_on(n, &path)?,
            "env_file" => env_file(n),
            "label_file" | "dns" => str_to_list(n),
            "extends" => {
                if let Value::Str(s) = &n.value {
                    let p = n.pos;
                    *n = mk_map(vec![("service", Node::str(s.clone(), p))], p);
                }
            }
            "networks" | "models" => list_to_null_map(n),
            "volumes" => volumes(n)?,
            "devices" => devices(n),
            "secrets" | "configs" => file_mounts(n),
            "ports" => ports(n)?,
            "healthcheck" => {
                if let Some(t) = n.as_map_mut().and_then(|m| m.get_mut("test")) {
                    if let Value::Str(s) = &t.value {
                        let p = t.pos;
                        *t = Node::seq(vec![Node::str("CMD-SHELL", p), Node::str(s.clone(), p)], p);
                    }
                }
            }
            "develop" => {
                if let Some(w) = n.as_map_mut().and_then(|m| m.get_mut("watch")).and_then(|w| w.as_seq_mut()) {
                    for t in w {
                        if let Some(tm) = t.as_map_mut() {
                            for k in ["ignore", "include"] {
                                if let Some(x) = tm.get_mut(k) {
                                    str_to_list(x);
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn build(bm: &mut Map) {
    for e in &mut bm.entries {
        match e.key.as_str() {
            "secrets" => file_mounts(&mut e.node),
            "provenance" | "sbom" if !matches!(e.node.value, Value::Str(_)) => {
                if let Some(t) = e.node.scalar_text() {
                    e.node.value = Value::Str(t);
                }
            }
            "additional_contexts" => {
                if let Value::Seq(items) = &e.node.value {
                    let mut m = Map::new();
                    for it in items {
                        if let Some(t) = it.scalar_text() {
                            let (k, v) = t.split_once('=').unwrap_or((t.as_str(), ""));
                            m.insert(k, it.pos, Node::str(v, it.pos));
                        }
                    }
                    let p = e.node.pos;
                    e.node = Node::map(m, p);
                }
            }
            "ssh" => {
                if let Value::Seq(items) = &e.node.value {
                    let mut m = Map::new();
                    for it in items {
                        if let Some(t) = it.scalar_text() {
                            match t.split_once('=') {
                                Some((k, v)) => m.insert(k, it.pos, Node::str(v, it.pos)),
                                None => m.insert(&t, it.pos, Node::null(it.pos)),
                            }
                        }
                    }
                    let p = e.node.pos;
                    e.node = Node::map(m, p);
                }
            }
            _ => {}
        }
    }
}

fn dep_defaults(pos: Pos) -> Node {
    mk_map(vec![("condition", Node::str("service_started", pos)), ("required", b(true, pos))], pos)
}

fn depends_on(n: &mut Node, path: &str) -> Result<(), Fail> {
    match &mut n.value {
        Value::Seq(items) => {
            let mut m = Map::new();
            for it in items.iter() {
                if let Some(t) = it.scalar_text() {
                    m.insert(&t, it.pos, dep_defaults(it.pos));
                }
            }
            let p = n.pos;
            *n = Node::map(m, p);
        }
        Value::Map(m) => {
            for e in &mut m.entries {
                let p = e.node.pos;
                if e.node.is_null() {
                    e.node = Node::map(Map::new(), p);
                }
                let Some(d) = e.node.as_map_mut() else {
                    let go = format!("{path}.{}: unsupported value", e.key);
                    return Err((p, Msg::Other { text: go.clone() }, go));
                };
                if !d.contains("condition") {
                    d.insert("condition", p, Node::str("service_started", p));
                }
                if !d.contains("required") {
                    d.insert("required", p, b(true, p));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn env_file(n: &mut Node) {
    str_to_list(n);
    if let Some(items) = n.as_seq_mut() {
        for it in items {
            let p = it.pos;
            match &mut it.value {
                Value::Str(s) => {
                    let s = s.clone();
                    *it = mk_map(vec![("path", Node::str(s, p)), ("required", b(true, p))], p);
                }
                Value::Map(m) if !m.contains("required") => {
                    m.insert("required", p, b(true, p));
                }
                _ => {}
            }
        }
    }
}

fn volumes(n: &mut Node) -> Result<(), Fail> {
    let Some(items) = n.as_seq_mut() else { return Ok(()) };
    for it in items {
        let p = it.pos;
        let Value::Str(s) = &it.value else { continue };
        let v = parse_volume(s).map_err(|e| {
            (p, Msg::BadVolume { spec: s.clone(), detail: e.rsplit(": ").next().unwrap_or("").to_string() }, e.clone())
        })?;
        let mut pairs = vec![("type", Node::str(v.kind, p))];
        if !v.source.is_empty() {
            pairs.push(("source", Node::str(v.source.clone(), p)));
        }
        let target = if v.target.is_empty() { String::new() } else { spec::clean(&v.target) };
        pairs.push(("target", Node::str(target, p)));
        if v.read_only {
            pairs.push(("read_only", b(true, p)));
        }
        if v.kind == "bind" {
            let mut bind = vec![];
            if !v.selinux.is_empty() {
                bind.push(("selinux", Node::str(v.selinux.clone(), p)));
            }
            if !v.propagation.is_empty() {
                bind.push(("propagation", Node::str(v.propagation.clone(), p)));
            }
            bind.push(("create_host_path", b(true, p)));
            pairs.push(("bind", mk_map(bind, p)));
        } else {
            let vol = if v.nocopy { vec![("nocopy", b(true, p))] } else { vec![] };
            pairs.push(("volume", mk_map(vol, p)));
        }
        *it = mk_map(pairs, p);
    }
    Ok(())
}

fn devices(n: &mut Node) {
    let Some(items) = n.as_seq_mut() else { return };
    for it in items {
        let p = it.pos;
        let Value::Str(s) = &it.value else { continue };
        let parts: Vec<&str> = s.split(':').collect();
        let (src, dst, perm) = match parts.len() {
            1 => (parts[0], parts[0], "rwm"),
            2 => (parts[0], parts[1], "rwm"),
            _ => (parts[0], parts[1], parts[2]),
        };
        *it = mk_map(
            vec![("source", Node::str(src, p)), ("target", Node::str(dst, p)), ("permissions", Node::str(perm, p))],
            p,
        );
    }
}

fn ports(n: &mut Node) -> Result<(), Fail> {
    let Some(items) = n.as_seq() else { return Ok(()) };
    let mut out = Vec::new();
    for it in items {
        let p = it.pos;
        let spec = match &it.value {
            Value::Int(i) => i.to_string(),
            Value::Str(s) => s.clone(),
            Value::Map(_) => {
                out.push(it.clone());
                continue;
            }
            _ => continue,
        };
        let parsed =
            parse_ports(&spec).map_err(|e| (p, Msg::BadPort { spec: spec.clone(), detail: e.clone() }, e.clone()))?;
        for ps in parsed {
            let mut pairs = vec![("mode", Node::str("ingress", p))];
            if !ps.host_ip.is_empty() {
                pairs.push(("host_ip", Node::str(ps.host_ip.clone(), p)));
            }
            pairs.push(("target", Node::new(Value::Int(i64::from(ps.target)), p)));
            if !ps.published.is_empty() {
                pairs.push(("published", Node::str(ps.published.clone(), p)));
            }
            pairs.push(("protocol", Node::str(ps.protocol.clone(), p)));
            out.push(mk_map(pairs, p));
        }
    }
    if let Some(items) = n.as_seq_mut() {
        *items = out;
    }
    Ok(())
}

/// compose-go's `SetDefaultValues`, once all files are merged.
pub fn defaults(doc: &mut Node) {
    let Some(services) = doc.as_map_mut().and_then(|t| t.get_mut("services")).and_then(|s| s.as_map_mut()) else {
        return;
    };
    for s in &mut services.entries {
        let Some(svc) = s.node.as_map_mut() else { continue };
        if let Some(bm) = svc.get_mut("build").and_then(|b| b.as_map_mut()) {
            if !bm.contains("context") {
                let p = bm.entries.first().map(|e| e.pos).unwrap_or_default();
                bm.insert("context", p, Node::str(".", p));
            }
        }
        if let Some(items) = svc.get_mut("secrets").and_then(|x| x.as_seq_mut()) {
            for it in items {
                if let Some(m) = it.as_map_mut() {
                    if !m.contains("target") {
                        let src = m.get("source").and_then(|s| s.scalar_text()).unwrap_or_default();
                        let p = m.entries.first().map(|e| e.pos).unwrap_or_default();
                        m.insert("target", p, Node::str(format!("/run/secrets/{src}"), p));
                    }
                }
            }
        }
        if let Some(items) = svc.get_mut("ports").and_then(|x| x.as_seq_mut()) {
            for it in items {
                if let Some(m) = it.as_map_mut() {
                    let p = m.entries.first().map(|e| e.pos).unwrap_or_default();
                    if !m.contains("protocol") {
                        m.insert("protocol", p, Node::str("tcp", p));
                    }
                    if !m.contains("mode") {
                        m.insert("mode", p, Node::str("ingress", p));
                    }
                }
            }
        }
    }
}

/// compose-go's `EnforceUnicity`: later list entries with the same key replace earlier ones.
pub fn unicity(doc: &mut Node) {
    let Some(top) = doc.as_map_mut() else { return };
    if let Some(services) = top.get_mut("services").and_then(|s| s.as_map_mut()) {
        for s in &mut services.entries {
            let Some(svc) = s.node.as_map_mut() else { continue };
            for e in &mut svc.entries {
                let idx: Option<fn(&Node) -> Option<String>> = match e.key.as_str() {
                    "annotations" | "cap_add" | "cap_drop" | "dns" | "dns_opt" | "dns_search" | "environment"
                    | "labels" | "links" | "profiles" | "sysctls" | "tmpfs" => Some(kv_index),
                    "volumes" | "devices" => Some(target_index),
                    "ports" => Some(port_index),
                    "env_file" => Some(|n: &Node| n.get("path").and_then(|p| p.scalar_text())),
                    "expose" => Some(|n: &Node| n.scalar_text()),
                    "secrets" => Some(|n: &Node| mount_index(n, "/run/secrets")),
                    "configs" => Some(|n: &Node| mount_index(n, "")),
                    _ => None,
                };
                if let Some(f) = idx {
                    dedupe(&mut e.node, f);
                }
                if e.key == "build" {
                    if let Some(bm) = e.node.as_map_mut() {
                        for be in &mut bm.entries {
                            if matches!(be.key.as_str(), "args" | "additional_contexts" | "tags" | "labels") {
                                dedupe(&mut be.node, kv_index);
                            }
                        }
                    }
                }
                if e.key == "networks" {
                    if let Some(nm) = e.node.as_map_mut() {
                        for ne in &mut nm.entries {
                            if let Some(cfg) = ne.node.as_map_mut() {
                                for ce in &mut cfg.entries {
                                    if matches!(ce.key.as_str(), "aliases" | "link_local_ips") {
                                        dedupe(&mut ce.node, kv_index);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn kv_index(n: &Node) -> Option<String> {
    let s = n.scalar_text()?;
    Some(s.split_once('=').map(|(k, _)| k.to_string()).unwrap_or(s))
}

fn target_index(n: &Node) -> Option<String> {
    match &n.value {
        Value::Map(m) => m.get("target").and_then(|t| t.scalar_text()),
        Value::Str(s) => parse_volume(s).ok().map(|v| v.target),
        _ => None,
    }
}

fn port_index(n: &Node) -> Option<String> {
    match &n.value {
        Value::Map(m) => {
            let t = m.get("target").and_then(|t| t.scalar_text()).unwrap_or_default();
            let p = m.get("published").and_then(|t| t.scalar_text()).unwrap_or_default();
            let h = m.get("host_ip").and_then(|t| t.scalar_text()).unwrap_or_else(|| "0.0.0.0".into());
            let pr = m.get("protocol").and_then(|t| t.scalar_text()).unwrap_or_else(|| "tcp".into());
            Some(format!("{h}:{p}:{t}/{pr}"))
        }
        _ => n.scalar_text(),
    }
}

fn mount_index(n: &Node, default: &str) -> Option<String> {
    match &n.value {
        Value::Str(s) => Some(format!("{default}/{s}")),
        Value::Map(m) => match m.get("target").and_then(|t| t.scalar_text()) {
            Some(t) => Some(t),
            None => Some(format!("{default}/{}", m.get("source").and_then(|s| s.scalar_text()).unwrap_or_default())),
        },
        _ => None,
    }
}

fn dedupe(n: &mut Node, key: fn(&Node) -> Option<String>) {
    let Some(items) = n.as_seq_mut() else { return };
    let mut out: Vec<Node> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for it in items.drain(..) {
        match key(&it) {
            Some(k) => match keys.iter().position(|x| *x == k) {
                Some(i) => out[i] = it,
                None => {
                    keys.push(k);
                    out.push(it);
                }
            },
            None => {
                keys.push(String::new());
                out.push(it);
            }
        }
    }
    *items = out;
}
