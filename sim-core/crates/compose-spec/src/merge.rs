//! Merging compose files (`-f a.yaml -f b.yaml`, `extends`) the way
//! compose-go's `override` package does: mappings merge key by key, most
//! lists append, some are special (`command`/`entrypoint` replace,
//! `environment`/`labels` become `KEY=value` lists, `depends_on`/`networks`
//! merge as maps, ports and volumes are de-duplicated afterwards). The
//! `!reset` tag removes an inherited value and `!override` replaces it whole.

use super::tree::Path;
use super::value::{Map, Node, Tag, Value};

/// Merges `over` into `base` (both whole documents or services).
pub fn merge(base: Node, over: Node, path: &Path) -> Result<Node, String> {
    if over.tag == Tag::Override {
        let mut o = over;
        o.tag = Tag::None;
        return Ok(o);
    }
    let special = SPECIALS.iter().find(|(p, _)| path.matches(p)).map(|(_, s)| *s);
    if let Some(s) = special {
        return Ok(match s {
            Special::Override => over,
            Special::ToSequence => to_sequence_merge(base, over),
            Special::DependsOn => map_merge(to_mapping(base, true), to_mapping(over, true), path)?,
            Special::Networks => map_merge(to_mapping(base, false), to_mapping(over, false), path)?,
            Special::Build => {
                let b = build_map(base);
                let o = build_map(over);
                map_merge(b, o, path)?
            }
            Special::Logging => {
                let bd = base.get("driver").and_then(|d| d.scalar_text());
                let od = over.get("driver").and_then(|d| d.scalar_text());
                if bd.is_some() && od.is_some() && bd != od {
                    over
                } else {
                    map_merge(base, over, path)?
                }
            }
            Special::ExtraHosts => {
                let mut b = seq_of(base);
                for o in seq_of(over).into_iter() {
                    if !b.iter().any(|x| x.scalar_text() == o.scalar_text()) {
                        b.push(o);
                    }
                }
                Node::seq(b, Default::default())
            }
        });
    }
    if over.is_null() {
        return Ok(base);
    }
    match (&base.value, &over.value) {
        (Value::Map(_), Value::Map(_)) => map_merge(base, over, path),
        (Value::Seq(_), Value::Seq(_)) => {
            let pos = base.pos;
            let mut a = seq_of(base);
            a.extend(seq_of(over));
            Ok(Node::seq(a, pos))
        }
        (Value::Map(_), _) | (Value::Seq(_), _) => Err(format!("cannot override {path}")),
        _ => Ok(over),
    }
}

#[derive(Clone, Copy)]
enum Special {
    Override,
    ToSequence,
    DependsOn,
    Networks,
    Build,
    Logging,
    ExtraHosts,
}

const SPECIALS: &[(&str, Special)] = &[
    ("networks.*.labels", Special::ToSequence),
    ("volumes.*.labels", Special::ToSequence),
    ("services.*.annotations", Special::ToSequence),
    ("services.*.build", Special::Build),
    ("services.*.build.args", Special::ToSequence),
    ("services.*.build.additional_contexts", Special::ToSequence),
    ("services.*.build.extra_hosts", Special::ExtraHosts),
    ("services.*.build.labels", Special::ToSequence),
    ("services.*.command", Special::Override),
    ("services.*.depends_on", Special::DependsOn),
    ("services.*.deploy.labels", Special::ToSequence),
    ("services.*.dns", Special::ToSequence),
    ("services.*.dns_opt", Special::ToSequence),
    ("services.*.dns_search", Special::ToSequence),
    ("services.*.entrypoint", Special::Override),
    ("services.*.env_file", Special::ToSequence),
    ("services.*.label_file", Special::ToSequence),
    ("services.*.environment", Special::ToSequence),
    ("services.*.extra_hosts", Special::ExtraHosts),
    ("services.*.healthcheck.test", Special::Override),
    ("services.*.labels", Special::ToSequence),
    ("services.*.volumes.*.volume.labels", Special::ToSequence),
    ("services.*.logging", Special::Logging),
    ("services.*.models", Special::Networks),
    ("services.*.networks", Special::Networks),
    ("services.*.sysctls", Special::ToSequence),
    ("services.*.tmpfs", Special::ToSequence),
];

fn map_merge(base: Node, over: Node, path: &Path) -> Result<Node, String> {
    let pos = base.pos;
    let Value::Map(mut m) = base.value else { return Ok(over) };
    let Value::Map(o) = over.value else { return Ok(Node::map(m, pos)) };
    for e in o.entries {
        if e.node.tag == Tag::Reset {
            m.remove(&e.key);
            continue;
        }
        match m.remove_keep(&e.key) {
            None => m.entries.push(e),
            Some((i, old)) => {
                let merged = merge(old, e.node, &path.next(&e.key))?;
                m.put_at(i, &e.key, e.pos, merged);
            }
        }
    }
    Ok(Node::map(m, pos))
}

impl Map {
    /// Takes `key`'s value out, remembering its index.
    fn remove_keep(&mut self, key: &str) -> Option<(usize, Node)> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        let e = self.entries.remove(i);
        Some((i, e.node))
    }
    fn put_at(&mut self, i: usize, key: &str, pos: super::value::Pos, node: Node) {
        let i = i.min(self.entries.len());
        self.entries.insert(i, super::value::Entry { key: key.to_string(), pos, node });
    }
}

fn seq_of(n: Node) -> Vec<Node> {
    match n.value {
        Value::Seq(s) => s,
        Value::Str(_) => vec![n],
        _ => Vec::new(),
    }
}

fn to_sequence_merge(base: Node, over: Node) -> Node {
    let pos = base.pos;
    let mut a = to_sequence(base);
    a.extend(to_sequence(over));
    Node::seq(a, pos)
}

/// compose-go's `convertIntoSequence`: a map becomes sorted `KEY=value` items.
fn to_sequence(n: Node) -> Vec<Node> {
    match n.value {
        Value::Map(m) => {
            let mut out: Vec<Node> = Vec::new();
            for e in m.entries {
                match &e.node.value {
                    Value::Null => out.push(Node::str(e.key.clone(), e.pos)),
                    Value::Seq(items) => {
                        for it in items {
                            out.push(Node::str(format!("{}={}", e.key, go_sprint(it)), e.pos));
                        }
                    }
                    _ => out.push(Node::str(format!("{}={}", e.key, go_sprint(&e.node)), e.pos)),
                }
            }
            let mut texts: Vec<(String, Node)> =
                out.into_iter().map(|n| (n.as_str().unwrap_or_default().to_string(), n)).collect();
            sim_base::sort::sort_by(&mut texts, |a, b| a.0.cmp(&b.0));
            texts.into_iter().map(|(_, n)| n).collect()
        }
        Value::Seq(s) => s,
        Value::Str(_) => vec![n],
        _ => Vec::new(),
    }
}

fn go_sprint(n: &Node) -> String {
    n.scalar_text().unwrap_or_default()
}

/// A list of names (`[db, cache]`) as a map; with `deps`, each with depends_on's defaults.
fn to_mapping(n: Node, deps: bool) -> Node {
    let pos = n.pos;
    match n.value {
        Value::Seq(items) => {
            let mut m = Map::new();
            for it in items {
                let Some(k) = it.scalar_text() else { continue };
                let v = if deps {
                    let mut d = Map::new();
                    d.insert("condition", it.pos, Node::str("service_started", it.pos));
                    d.insert("required", it.pos, Node::new(Value::Bool(true), it.pos));
                    Node::map(d, it.pos)
                } else {
                    Node::null(it.pos)
                };
                m.insert(&k, it.pos, v);
            }
            Node::map(m, pos)
        }
        Value::Null => Node::map(Map::new(), pos),
        _ => n,
    }
}

fn build_map(n: Node) -> Node {
    match &n.value {
        Value::Str(s) => {
            let mut m = Map::new();
            m.insert("context", n.pos, Node::str(s.clone(), n.pos));
            Node::map(m, n.pos)
        }
        _ => n,
    }
}

/// Drops `!reset` values left in a single document (nothing to reset there).
pub fn strip_resets(n: &mut Node) {
    match &mut n.value {
        Value::Map(m) => {
            m.entries.retain(|e| e.node.tag != Tag::Reset);
            for e in &mut m.entries {
                e.node.tag = if e.node.tag == Tag::Override { Tag::None } else { e.node.tag };
                strip_resets(&mut e.node);
            }
        }
        Value::Seq(items) => {
            items.retain(|e| e.tag != Tag::Reset);
            for it in items {
                strip_resets(it);
            }
        }
        _ => {}
    }
}
