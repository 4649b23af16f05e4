//! `extends` (a service built on another, from the same file or another
//! one) and `include` (whole compose files pulled in as sub-projects), with
//! their cycle checks. Paths in an extended or included file stay relative
//! to that file's own directory, as compose-go resolves them.

use super::diag::{Diagnostic, Msg};
use super::load::{self, Ctx};
use super::merge;
use super::tree::Path;
use super::value::{Map, Node, Pos, Value};
use std::collections::BTreeMap;

type R<T> = Result<T, Vec<Diagnostic>>;

fn fail<T>(ctx: &Ctx, pos: Pos, msg: Msg, go: String) -> R<T> {
    Err(vec![ctx.diag(pos, msg, go)])
}

fn dir_of(path: &str) -> String {
    sim_base::path::parent(&sim_base::path::normalize("/", path)).to_string()
}

/// Resolves every service's `extends` in one document.
pub fn apply_extends(
    ctx: &mut Ctx,
    doc: &mut Node,
    file: &str,
    env: &BTreeMap<String, String>,
    workdir: &str,
) -> R<()> {
    let Some(services) = doc.as_map().and_then(|m| m.get("services")).and_then(|s| s.as_map()) else {
        return Ok(());
    };
    // Only a service that is not a mapping (an error) or has `extends` needs the work below; a
    // file with neither (most) keeps its services as they are, uncopied.
    if services.entries.iter().all(|e| e.node.as_map().is_some_and(|m| !m.contains("extends"))) {
        return Ok(());
    }
    let services = services.clone();
    let mut resolved = services.clone();
    for e in &services.entries {
        // A mapping without `extends` resolves to itself: nothing to look up or replace
        // (looking each one up in the list of services would cost n² for n services).
        if e.node.as_map().is_some_and(|m| !m.contains("extends")) {
            continue;
        }
        let mut chain = Vec::new();
        let merged = extend_service(ctx, &e.key, &resolved, file, env, workdir, &mut chain)?;
        if let Some(m) = merged {
            resolved.insert(&e.key, e.pos, m);
        }
    }
    if let Some(top) = doc.as_map_mut() {
        if let Some(s) = top.get_mut("services") {
            s.value = Value::Map(resolved);
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn extend_service(
    ctx: &mut Ctx,
    name: &str,
    services: &Map,
    file: &str,
    env: &BTreeMap<String, String>,
    workdir: &str,
    chain: &mut Vec<(String, String)>,
) -> R<Option<Node>> {
    let Some(service) = services.get(name) else { return Ok(None) };
    if service.is_null() {
        return Ok(None);
    }
    let Some(sm) = service.as_map() else {
        let go = format!("services.{name} must be a mapping");
        return fail(ctx, service.pos, Msg::NotAMapping { path: format!("services.{name}") }, go);
    };
    let Some(ext) = sm.get("extends") else { return Ok(Some(service.clone())) };
    let (base_name, base_file) = match &ext.value {
        Value::Str(s) => (s.clone(), None),
        Value::Map(m) => {
            let Some(s) = m.get("service").and_then(|s| s.as_str()) else {
                let go = format!("extends.{name}.service is required");
                return fail(
                    ctx,
                    ext.pos,
                    Msg::Required { path: format!("services.{name}.extends"), key: "service".into() },
                    go,
                );
            };
            (s.to_string(), m.get("file").and_then(|f| f.as_str()).map(str::to_string))
        }
        _ => return Ok(Some(service.clone())),
    };
    if chain.len() > 32 || chain.iter().any(|(f, s)| *f == file && *s == name) {
        let mut names: Vec<String> = chain.iter().map(|(_, s)| s.clone()).collect();
        names.push(name.to_string());
        let go = format!("Circular reference with extends: {}", names.join(" -> "));
        return fail(ctx, ext.pos, Msg::ExtendsCycle { chain: names }, go);
    }
    chain.push((file.to_string(), name.to_string()));
    let base = match base_file {
        None => {
            if !services.contains(&base_name) {
                let go = format!("cannot extend service {name:?} in {file}: service {base_name:?} not found");
                return fail(ctx, ext.pos, Msg::ExtendsUnknown { service: name.into(), base: base_name }, go);
            }
            extend_service(ctx, &base_name, services, file, env, workdir, chain)?
        }
        Some(rel) => {
            let path = load::abs_path(workdir, &rel, env);
            let (_, docs) = load::read_yaml(ctx, &path)?;
            let mut other = Node::map(Map::new(), Pos::default());
            for mut d in docs {
                load::interpolate(ctx, &mut d, env)?;
                let merged = merge::merge(other, d, &Path::root())
                    .map_err(|e| vec![Diagnostic::new(None, Msg::Other { text: e.clone() }, e)])?;
                other = merged;
            }
            super::canonical::canonical(&mut other).map_err(|(p, m, g)| vec![ctx.diag(p, m, g)])?;
            let Some(osvcs) = other.get("services").and_then(|s| s.as_map()).cloned() else {
                let go = format!("cannot extend service {name:?} in {path}: no services section");
                return fail(ctx, ext.pos, Msg::ExtendsUnknown { service: name.into(), base: base_name }, go);
            };
            if !osvcs.contains(&base_name) {
                let go = format!("cannot extend service {name:?} in {file}: service {base_name:?} not found in {rel}");
                return fail(ctx, ext.pos, Msg::ExtendsUnknown { service: name.into(), base: base_name }, go);
            }
            let odir = dir_of(&path);
            let b = extend_service(ctx, &base_name, &osvcs, &path, env, &odir, chain)?;
            b.map(|b| {
                let mut wrap = Node::map(Map::new(), Pos::default());
                if let Some(m) = wrap.as_map_mut() {
                    let mut s = Map::new();
                    s.insert(&base_name, b.pos, b);
                    m.insert("services", Pos::default(), Node::map(s, Pos::default()));
                }
                load::resolve_paths(&mut wrap, &odir, env);
                wrap.get("services")
                    .and_then(|s| s.get(&base_name))
                    .cloned()
                    .unwrap_or_else(|| Node::null(Pos::default()))
            })
        }
    };
    chain.pop();
    let Some(base) = base else { return Ok(Some(service.clone())) };
    let mut own = service.clone();
    // The extending service's own short forms must meet the base's long forms.
    let mut tmp = Node::map(Map::new(), Pos::default());
    if let Some(m) = tmp.as_map_mut() {
        let mut s = Map::new();
        s.insert("x", own.pos, own.clone());
        m.insert("services", Pos::default(), Node::map(s, Pos::default()));
    }
    if super::canonical::canonical(&mut tmp).is_ok() {
        if let Some(x) = tmp.get("services").and_then(|s| s.get("x")) {
            own = x.clone();
        }
    }
    let mut merged = merge::merge(base, own, &Path(vec!["services".into(), "x".into()]))
        .map_err(|e| vec![Diagnostic::new(None, Msg::Other { text: e.clone() }, e)])?;
    if let Some(m) = merged.as_map_mut() {
        m.remove("extends");
    }
    Ok(Some(merged))
}

/// Resolves a document's `include:` entries, importing their resources.
pub fn apply_include(
    ctx: &mut Ctx,
    doc: &mut Node,
    env: &BTreeMap<String, String>,
    workdir: &str,
    included: &mut Vec<String>,
) -> R<()> {
    let Some(inc) = doc.as_map_mut().and_then(|m| m.remove("include")) else { return Ok(()) };
    let Some(items) = inc.as_seq() else {
        let go = "`include` must be a list".to_string();
        return fail(
            ctx,
            inc.pos,
            Msg::WrongType { path: "include".into(), expected: "array".into(), found: inc.kind_name().into() },
            go,
        );
    };
    for it in items {
        let (paths, project_dir, env_files) = match &it.value {
            Value::Str(s) => (vec![s.clone()], None, Vec::new()),
            Value::Map(m) => (
                m.get("path").map(super::conv::str_list).unwrap_or_default(),
                m.get("project_directory").and_then(|p| p.as_str()).map(str::to_string),
                m.get("env_file").map(super::conv::str_list).unwrap_or_default(),
            ),
            _ => continue,
        };
        let Some(first) = paths.first() else { continue };
        let abs: Vec<String> = paths.iter().map(|p| load::abs_path(workdir, p, env)).collect();
        let main = abs[0].clone();
        let pdir = match &project_dir {
            None => dir_of(&main),
            Some(d) => load::abs_path(workdir, d, env),
        };
        let _ = first;
        if included.contains(&main) || included.len() > 16 {
            included.push(main.clone());
            let go =
                format!("include cycle detected:\n{}\n include {}", included[0], included[1..].join("\n include "));
            let chain = included.clone();
            return fail(ctx, it.pos, Msg::IncludeCycle { chain }, go);
        }
        // The included project's environment: ours, then its .env / env_file.
        let mut ienv = env.clone();
        let files: Vec<String> = if env_files.is_empty() {
            vec![format!("{pdir}/.env")]
        } else {
            env_files.iter().map(|f| load::abs_path(workdir, f, env)).collect()
        };
        for f in &files {
            match load::read_env_file(ctx, f, env) {
                Some(Ok(vars)) => {
                    for (k, v) in vars {
                        ienv.entry(k).or_insert(v);
                    }
                }
                Some(Err(e)) => {
                    let go = format!("failed to read {f}: {e}");
                    return fail(ctx, it.pos, Msg::BadEnvFile { path: f.clone(), detail: e }, go);
                }
                None if env_files.is_empty() => {}
                None => {
                    let go = format!("stat {f}: no such file or directory");
                    return fail(ctx, it.pos, Msg::EnvFileNotFound { path: f.clone() }, go);
                }
            }
        }
        included.push(main.clone());
        let mut sub = Node::map(Map::new(), Pos::default());
        for p in &abs {
            let (_, docs) = load::read_yaml(ctx, p)?;
            for d in docs {
                sub = load::process_doc(ctx, sub, d, p, &ienv, &pdir, included)?;
            }
        }
        included.pop();
        load::finish_model(ctx, &mut sub, &ienv, &pdir)?;
        import_resources(ctx, &sub, doc, it.pos)?;
    }
    Ok(())
}

fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.entries.iter().all(|e| y.get(&e.key).is_some_and(|o| same(&e.node, o)))
        }
        (Value::Seq(x), Value::Seq(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (x, y) => x == y,
    }
}

fn import_resources(ctx: &Ctx, source: &Node, target: &mut Node, pos: Pos) -> R<()> {
    let Some(tm) = target.as_map_mut() else { return Ok(()) };
    for key in ["services", "volumes", "networks", "secrets", "configs", "models"] {
        let Some(from) = source.get(key).and_then(|f| f.as_map()) else { continue };
        if !tm.contains(key) {
            tm.insert(key, pos, Node::map(Map::new(), pos));
        }
        let Some(to) = tm.get_mut(key).and_then(|t| t.as_map_mut()) else { continue };
        for e in &from.entries {
            if let Some(existing) = to.get(&e.key) {
                if same(existing, &e.node) {
                    continue;
                }
                let go = format!("{key}.{} conflicts with imported resource", e.key);
                return fail(ctx, pos, Msg::Other { text: go.clone() }, go);
            }
            to.entries.push(e.clone());
        }
    }
    Ok(())
}
