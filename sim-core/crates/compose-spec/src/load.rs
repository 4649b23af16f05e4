//! The loading pipeline, step for step as compose-go runs it: project name,
//! then per file (and per YAML document) interpolate → extends → include →
//! merge → validate → canonical form; then defaults, path resolution,
//! normalization (default network, resource names, build defaults), profiles,
//! consistency checks and `env_file`s. Each step is its own function so the
//! order — which decides which error a broken file gets — is visible here.

use super::canonical;
use super::check;
use super::diag::{Diagnostic, Location, Msg, WarnMsg, Warning};
use super::interp::{self, InterpError, TreeErrorKind, TreeReport};
use super::merge;
use super::spec;
use super::tree::Path;
use super::value::{Map, Node, Pos, Value};
use super::yaml::{self, YamlError};
use std::collections::BTreeMap;

/// Reads a file of the (simulated) host; `None` = it does not exist.
pub type Reader<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// How to load: the project directory, `-p`, active profiles, a file reader.
pub struct Options<'a> {
    /// Absolute project directory (paths resolve against it; default project name).
    pub project_dir: String,
    /// `-p NAME` (checked, not normalized).
    pub project_name: Option<String>,
    /// `--profile` values (plus `COMPOSE_PROFILES`).
    pub profiles: Vec<String>,
    /// Reads `env_file`s, `extends` and `include` targets.
    pub read: Reader<'a>,
}

/// The loaded, normalized tree and what the loader learnt on the way.
pub struct Loaded {
    pub name: String,
    pub tree: Node,
    pub files: Vec<String>,
    pub disabled: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// Loading state shared by the steps: file names (for locations), warnings, the reader.
pub struct Ctx<'a> {
    pub files: Vec<String>,
    pub warnings: Vec<Warning>,
    pub read: Reader<'a>,
}

impl Ctx<'_> {
    pub fn loc(&self, pos: Pos) -> Option<Location> {
        if pos.line == 0 {
            return None;
        }
        self.files.get(pos.file as usize).map(|f| Location { file: f.clone(), line: pos.line, col: pos.col })
    }
    pub fn diag(&self, pos: Pos, msg: Msg, compose: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.loc(pos), msg, compose)
    }
    fn add_file(&mut self, path: &str) -> u16 {
        match self.files.iter().position(|f| f == path) {
            Some(i) => i as u16,
            None => {
                self.files.push(path.to_string());
                (self.files.len() - 1).min(u16::MAX as usize) as u16
            }
        }
    }
    fn warn(&mut self, pos: Pos, msg: WarnMsg, compose: String) {
        let loc = self.loc(pos);
        self.warnings.push(Warning { loc, msg, compose });
    }
    fn read_text(&self, path: &str) -> Option<String> {
        (self.read)(path).map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

type R<T> = Result<T, Vec<Diagnostic>>;

fn one<T>(d: Diagnostic) -> R<T> {
    Err(vec![d])
}

/// compose-go's `NormalizeProjectName`.
pub fn normalize_project_name(s: &str) -> String {
    let lower = sim_base::case::to_lower(s);
    let kept: String =
        lower.chars().filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-').collect();
    kept.trim_start_matches(['_', '-']).to_string()
}

pub fn invalid_name_text(name: &str) -> String {
    format!("invalid project name \"{name}\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number")
}

fn yaml_diag(ctx: &Ctx, e: YamlError, file: &str, wrap: bool) -> Diagnostic {
    let (pos, msg, go) = match e {
        YamlError::Syntax { pos, tab: true, more_tabs, .. } => {
            let more = more_tabs.iter().map(|p| (p.line, p.col)).collect();
            (pos, Msg::TabIndent { more }, super::tabs::compose_says(pos.line))
        }
        YamlError::Syntax { pos, message, tab: false, .. } => {
            let go = format!("yaml: line {}: {message}", pos.line);
            (pos, Msg::YamlSyntax { detail: message }, go)
        }
        YamlError::Duplicate { key, pos, first } => (
            pos,
            Msg::DuplicateKey { key: key.clone(), first_line: first.line },
            format!(
                "yaml: unmarshal errors:\n  line {}: mapping key \"{key}\" already defined at line {}",
                pos.line, first.line
            ),
        ),
        YamlError::UnknownAlias { name, pos } => {
            (pos, Msg::UnknownAlias { name: name.clone() }, format!("yaml: unknown anchor '{name}' referenced"))
        }
        YamlError::NonStringKey { key, pos } => {
            (pos, Msg::NonStringKey { key: key.clone() }, format!("non-string key at top level: {key}"))
        }
        YamlError::BadMerge { pos } => (
            pos,
            Msg::BadMerge,
            format!("yaml: line {}: map merge requires map or sequence of maps as the value", pos.line),
        ),
        YamlError::TooBig { bytes } => {
            (Pos::default(), Msg::TooBig { bytes, max: yaml::MAX_BYTES }, "yaml: document too large".to_string())
        }
        YamlError::TooManyNodes { pos, max } => {
            (pos, Msg::TooManyNodes { max }, "yaml: document contains excessive aliasing".to_string())
        }
        YamlError::TooDeep { pos } => {
            (pos, Msg::TooDeep { max: yaml::MAX_DEPTH }, "yaml: exceeded max depth of 10000".to_string())
        }
        YamlError::NotUtf8 { pos } => {
            (pos, Msg::YamlSyntax { detail: "invalid UTF-8".into() }, "yaml: invalid leading UTF-8 octet".into())
        }
    };
    let go = if wrap { format!("failed to parse {file}: {go}") } else { go };
    let mut d = ctx.diag(pos, msg, go);
    if d.loc.is_none() {
        d.loc = Some(Location { file: file.to_string(), line: 1, col: 1 });
    }
    d
}

/// Loads `files` (path, contents) with the interpolation environment `env`
/// (exported shell variables over the `.env` file).
pub fn load(files: &[(String, String)], env: &BTreeMap<String, String>, opts: &Options) -> R<Loaded> {
    let mut ctx = Ctx { files: Vec::new(), warnings: Vec::new(), read: opts.read };
    let mut env = env.clone();
    // 1. The project name: -p, COMPOSE_PROJECT_NAME, `name:` in a file, the directory.
    let imperative = match &opts.project_name {
        Some(n) => Some(n.clone()),
        None => env.get("COMPOSE_PROJECT_NAME").filter(|v| !v.is_empty()).cloned(),
    };
    if let Some(n) = &imperative {
        if normalize_project_name(n) != *n {
            return one(Diagnostic::new(None, Msg::InvalidProjectName { name: n.clone() }, invalid_name_text(n)));
        }
    }
    let mut parsed: Vec<(u16, Vec<Node>)> = Vec::new();
    for (path, text) in files {
        let idx = ctx.add_file(path);
        match yaml::parse(idx, text) {
            Ok(docs) => parsed.push((idx, docs)),
            Err(e) => return one(yaml_diag(&ctx, e, path, imperative.is_some())),
        }
    }
    let name = match imperative {
        Some(n) => n,
        None => {
            let mut from_file = None;
            for (_, docs) in &parsed {
                for d in docs {
                    if let Some(n) = d.get("name").and_then(|n| n.scalar_text()).filter(|n| !n.is_empty()) {
                        from_file = Some((n, d.get("name").map(|x| x.pos).unwrap_or_default()));
                    }
                }
            }
            match from_file {
                Some((raw, pos)) => {
                    let mut unset = Vec::new();
                    let v = interp::substitute(&raw, &env, &mut unset).unwrap_or(raw);
                    for u in unset {
                        ctx.warn(pos, WarnMsg::UnsetVariable { var: u.clone() }, unset_text(&u));
                    }
                    let n = normalize_project_name(&v);
                    if n.is_empty() {
                        normalize_project_name(super::basename(&opts.project_dir))
                    } else {
                        n
                    }
                }
                None => normalize_project_name(super::basename(&opts.project_dir)),
            }
        }
    };
    env.insert("COMPOSE_PROJECT_NAME".into(), name.clone());
    // 2. Each file, each document.
    let mut dict = Node::map(Map::new(), Pos::default());
    for (idx, docs) in parsed {
        let file = ctx.files[idx as usize].clone();
        for doc in docs {
            dict = process_doc(&mut ctx, dict, doc, &file, &env, &opts.project_dir, &mut vec![file.clone()])?;
        }
    }
    if dict.as_map().is_none_or(|m| m.is_empty()) {
        let file = files.first().map(|f| f.0.clone()).unwrap_or_default();
        let loc = Some(Location { file, line: 1, col: 1 });
        return one(Diagnostic::new(loc, Msg::EmptyFile, "empty compose file"));
    }
    finish_model(&mut ctx, &mut dict, &env, &opts.project_dir)?;
    // 3. Normalization.
    if let Some(m) = dict.as_map_mut() {
        m.insert("name", Pos::default(), Node::str(name.clone(), Pos::default()));
    }
    normalize(&mut dict, &env);
    let disabled = super::project::apply_profiles(&mut dict, &opts.profiles);
    super::project::check_consistency(&ctx, &dict)?;
    super::project::resolve_env_files(&ctx, &mut dict, &env)?;
    let files = ctx.files.clone();
    Ok(Loaded { name, tree: dict, files, disabled, warnings: ctx.warnings })
}

pub(crate) fn unset_text(var: &str) -> String {
    format!("The \"{var}\" variable is not set. Defaulting to a blank string.")
}

/// compose-go's `loadYamlFile` body for one document, merged into `dict`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn process_doc(
    ctx: &mut Ctx,
    dict: Node,
    mut doc: Node,
    file: &str,
    env: &BTreeMap<String, String>,
    workdir: &str,
    included: &mut Vec<String>,
) -> R<Node> {
    if doc.is_null() {
        return Ok(dict);
    }
    if doc.as_map().is_none() {
        return one(ctx.diag(
            doc.pos,
            Msg::NotAMapping { path: "(root)".into() },
            "top-level object must be a mapping",
        ));
    }
    interpolate(ctx, &mut doc, env)?;
    super::extends::apply_extends(ctx, &mut doc, file, env, workdir)?;
    super::extends::apply_include(ctx, &mut doc, env, workdir, included)?;
    let mut merged = merge::merge(dict, doc, &Path::root())
        .map_err(|e| vec![Diagnostic::new(None, Msg::Other { text: e.clone() }, e)])?;
    merge::strip_resets(&mut merged);
    canonical::unicity(&mut merged);
    let problems = check::check_document(&merged);
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|p| ctx.diag(p.pos, p.msg, format!("validating {file}: {}", p.go)))
            .collect());
    }
    if let Some(m) = merged.as_map_mut() {
        if let Some(v) = m.remove("version") {
            ctx.warn(
                v.pos,
                WarnMsg::ObsoleteVersion,
                format!("{file}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"),
            );
        }
    }
    canonical::canonical(&mut merged).map_err(|(pos, msg, go)| vec![ctx.diag(pos, msg, go)])?;
    omit_empty_dns(&mut merged);
    canonical::unicity(&mut merged);
    Ok(merged)
}

pub(crate) fn interpolate(ctx: &mut Ctx, doc: &mut Node, env: &BTreeMap<String, String>) -> R<()> {
    let mut report = TreeReport::default();
    let res = interp::interpolate_tree(doc, env, &mut report);
    for (var, pos) in report.unset {
        let text = unset_text(&var);
        ctx.warn(pos, WarnMsg::UnsetVariable { var }, text);
    }
    for (value, pos) in report.yaml11_bools {
        let t = if matches!(value.to_ascii_lowercase().as_str(), "y" | "yes" | "on") { "true" } else { "false" };
        let text = format!("{value:?} for boolean is not supported by YAML 1.2, please use `{t}`");
        ctx.warn(pos, WarnMsg::YamlBool { value }, text);
    }
    match res {
        Ok(()) => Ok(()),
        Err(e) => {
            let (msg, go) = match e.kind {
                TreeErrorKind::Interp(InterpError::Invalid { template }) => (
                    Msg::InvalidTemplate { path: e.path.clone(), template: template.clone() },
                    format!("invalid interpolation format for {}.\nYou may need to escape any $ with another $.\n{template}", e.path),
                ),
                TreeErrorKind::Interp(InterpError::Required { var, reason }) => (
                    Msg::RequiredVariable { path: e.path.clone(), var: var.clone(), reason: reason.clone() },
                    format!("error while interpolating {}: {}", e.path, interp::required_text(&var, &reason)),
                ),
                TreeErrorKind::Cast { value, expected, go } => (
                    Msg::CastFailed { path: e.path.clone(), value, expected: expected.to_string() },
                    format!("error while interpolating {}: failed to cast to expected type: {go}", e.path),
                ),
            };
            one(ctx.diag(e.pos, msg, go))
        }
    }
}

fn omit_empty_dns(doc: &mut Node) {
    let Some(services) = doc.as_map_mut().and_then(|m| m.get_mut("services")).and_then(|s| s.as_map_mut()) else {
        return;
    };
    for s in &mut services.entries {
        if let Some(dns) = s.node.as_map_mut().and_then(|m| m.get_mut("dns")).and_then(|d| d.as_seq_mut()) {
            dns.retain(|d| !(d.is_null() || d.as_str() == Some("")));
        }
    }
}

/// After all files: defaults, checks, relative paths, `environment: [KEY]` lookups.
pub(crate) fn finish_model(ctx: &mut Ctx, dict: &mut Node, env: &BTreeMap<String, String>, workdir: &str) -> R<()> {
    canonical::defaults(dict);
    validate_resources(ctx, dict)?;
    resolve_paths(dict, workdir, env);
    resolve_environment(dict, env);
    Ok(())
}

/// compose-go's `validation.Validate`: external resources, file objects, IPs.
fn validate_resources(ctx: &Ctx, dict: &Node) -> R<()> {
    let Some(top) = dict.as_map() else { return Ok(()) };
    if let Some(vols) = top.get("volumes").and_then(|v| v.as_map()) {
        for e in &vols.entries {
            if let Some(m) = e.node.as_map() {
                if m.get("external").is_some_and(|x| x.value == Value::Bool(true)) {
                    if let Some(bad) = m.keys().find(|k| !matches!(*k, "name" | "external") && !k.starts_with("x-")) {
                        let go =
                            format!("volumes.{}: conflicting parameters \"external\" and {bad:?} specified", e.key);
                        return one(ctx.diag(e.pos, Msg::Other { text: go.clone() }, go));
                    }
                }
            }
        }
    }
    for (section, keys) in
        [("configs", &["file", "environment", "content"][..]), ("secrets", &["file", "environment"][..])]
    {
        let Some(res) = top.get(section).and_then(|v| v.as_map()) else { continue };
        for e in &res.entries {
            let Some(m) = e.node.as_map() else { continue };
            let count = keys.iter().filter(|k| m.contains(k)).count();
            let p = format!("{section}.{}", e.key);
            if count > 1 {
                let go = format!("{p}: {} attributes are mutually exclusive", keys.join("|"));
                return one(ctx.diag(e.pos, Msg::Other { text: go.clone() }, go));
            }
            if count == 0 && !m.contains("driver") && !m.contains("external") {
                let go = format!("{p}: one of {} must be set", keys.join("|"));
                return one(ctx.diag(e.pos, Msg::Other { text: go.clone() }, go));
            }
        }
    }
    if let Some(services) = top.get("services").and_then(|v| v.as_map()) {
        for s in &services.entries {
            let Some(ports) = s.node.get("ports").and_then(|p| p.as_seq()) else { continue };
            for (i, p) in ports.iter().enumerate() {
                if let Some(ip) = p.get("host_ip").and_then(|x| x.as_str()) {
                    if !spec::is_ip(ip) {
                        let go = format!("services.{}.ports.{i}: invalid ip address: {ip}", s.key);
                        return one(ctx.diag(p.pos, Msg::BadPort { spec: ip.to_string(), detail: go.clone() }, go));
                    }
                }
            }
        }
    }
    Ok(())
}

fn expand_user(p: &str, env: &BTreeMap<String, String>) -> String {
    let home = env.get("HOME").cloned().unwrap_or_else(|| "/root".into());
    if p == "~" {
        home
    } else if let Some(rest) = p.strip_prefix("~/") {
        format!("{home}/{rest}")
    } else {
        p.to_string()
    }
}

/// `filepath.Join(dir, p)` for relative `p` (absolute paths are kept as written).
pub(crate) fn abs_path(dir: &str, p: &str, env: &BTreeMap<String, String>) -> String {
    let p = expand_user(p, env);
    let b = p.as_bytes();
    let windows_abs = (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/'))
        || p.starts_with("\\\\");
    if p.starts_with('/') || p.is_empty() || windows_abs {
        return p;
    }
    spec::clean(&format!("{dir}/{p}"))
}

fn is_remote_context(v: &str) -> bool {
    v.contains("://")
        || v.starts_with("service:")
        || ["https://", "http://", "git://", "ssh://", "github.com/", "git@"].iter().any(|p| v.starts_with(p))
}

/// compose-go's `ResolveRelativePaths`.
pub(crate) fn resolve_paths(dict: &mut Node, dir: &str, env: &BTreeMap<String, String>) {
    let Some(top) = dict.as_map_mut() else { return };
    if let Some(services) = top.get_mut("services").and_then(|s| s.as_map_mut()) {
        for s in &mut services.entries {
            let Some(svc) = s.node.as_map_mut() else { continue };
            if let Some(bm) = svc.get_mut("build").and_then(|b| b.as_map_mut()) {
                if let Some(c) = bm.get_mut("context") {
                    if let Value::Str(v) = &c.value {
                        if !is_remote_context(v) {
                            c.value = Value::Str(abs_path(dir, v, env));
                        }
                    }
                }
                if let Some(ac) = bm.get_mut("additional_contexts").and_then(|a| a.as_map_mut()) {
                    for e in &mut ac.entries {
                        if let Value::Str(v) = &e.node.value {
                            if !is_remote_context(v) {
                                e.node.value = Value::Str(abs_path(dir, v, env));
                            }
                        }
                    }
                }
            }
            if let Some(items) = svc.get_mut("env_file").and_then(|x| x.as_seq_mut()) {
                for it in items {
                    if let Some(p) = it.as_map_mut().and_then(|m| m.get_mut("path")) {
                        if let Value::Str(v) = &p.value {
                            p.value = Value::Str(abs_path(dir, v, env));
                        }
                    }
                }
            }
            if let Some(items) = svc.get_mut("label_file").and_then(|x| x.as_seq_mut()) {
                for it in items {
                    if let Value::Str(v) = &it.value {
                        it.value = Value::Str(abs_path(dir, v, env));
                    }
                }
            }
            if let Some(f) = svc.get_mut("extends").and_then(|x| x.as_map_mut()).and_then(|m| m.get_mut("file")) {
                if let Value::Str(v) = &f.value {
                    f.value = Value::Str(abs_path(dir, v, env));
                }
            }
            if let Some(items) = svc
                .get_mut("develop")
                .and_then(|d| d.as_map_mut())
                .and_then(|m| m.get_mut("watch"))
                .and_then(|w| w.as_seq_mut())
            {
                for it in items {
                    if let Some(p) = it.as_map_mut().and_then(|m| m.get_mut("path")) {
                        if let Value::Str(v) = &p.value {
                            p.value = Value::Str(abs_path(dir, v, env));
                        }
                    }
                }
            }
            if let Some(items) = svc.get_mut("volumes").and_then(|x| x.as_seq_mut()) {
                for it in items {
                    let Some(m) = it.as_map_mut() else { continue };
                    if m.get("type").and_then(|t| t.as_str()) != Some("bind") {
                        continue;
                    }
                    if let Some(src) = m.get_mut("source") {
                        if let Value::Str(v) = &src.value {
                            src.value = Value::Str(abs_path(dir, v, env));
                        }
                    }
                }
            }
        }
    }
    for section in ["configs", "secrets"] {
        if let Some(res) = top.get_mut(section).and_then(|s| s.as_map_mut()) {
            for e in &mut res.entries {
                if let Some(f) = e.node.as_map_mut().and_then(|m| m.get_mut("file")) {
                    if let Value::Str(v) = &f.value {
                        f.value = Value::Str(abs_path(dir, v, env));
                    }
                }
            }
        }
    }
    if let Some(vols) = top.get_mut("volumes").and_then(|s| s.as_map_mut()) {
        for e in &mut vols.entries {
            let Some(m) = e.node.as_map_mut() else { continue };
            if m.get("driver").and_then(|d| d.as_str()) != Some("local") {
                continue;
            }
            let Some(opts) = m.get_mut("driver_opts").and_then(|o| o.as_map_mut()) else { continue };
            if opts.get("o").and_then(|o| o.as_str()) == Some("bind") {
                if let Some(dev) = opts.get_mut("device") {
                    if let Value::Str(v) = &dev.value {
                        // `maybeUnixPath`: an empty device is the directory itself.
                        let p = if v.is_empty() { dir.to_string() } else { abs_path(dir, v, env) };
                        dev.value = Value::Str(p);
                    }
                }
            }
        }
    }
}

/// compose-go's `ResolveEnvironment`: `environment: [KEY]` takes KEY's value when set;
/// secrets/configs from `environment:` get their content.
fn resolve_environment(dict: &mut Node, env: &BTreeMap<String, String>) {
    let Some(top) = dict.as_map_mut() else { return };
    if let Some(services) = top.get_mut("services").and_then(|s| s.as_map_mut()) {
        for s in &mut services.entries {
            let Some(items) = s.node.as_map_mut().and_then(|m| m.get_mut("environment")).and_then(|e| e.as_seq_mut())
            else {
                continue;
            };
            items.retain(|it| matches!(it.value, Value::Str(_)));
            for it in items {
                if let Value::Str(v) = &it.value {
                    if !v.contains('=') {
                        if let Some(found) = env.get(v) {
                            it.value = Value::Str(format!("{v}={found}"));
                        }
                    }
                }
            }
        }
    }
    if let Some(configs) = top.get_mut("configs").and_then(|s| s.as_map_mut()) {
        for e in &mut configs.entries {
            let Some(m) = e.node.as_map_mut() else { continue };
            let var = m.get("environment").and_then(|v| v.as_str()).map(str::to_string);
            if let Some(found) = var.and_then(|v| env.get(&v).cloned()) {
                let p = m.get("environment").map(|x| x.pos).unwrap_or_default();
                m.insert("content", p, Node::str(found, p));
            }
        }
    }
}

fn dep(pos: Pos, restart: bool) -> Node {
    let mut d = Map::new();
    d.insert("condition", pos, Node::str("service_started", pos));
    d.insert("restart", pos, Node::new(Value::Bool(restart), pos));
    d.insert("required", pos, Node::new(Value::Bool(true), pos));
    Node::map(d, pos)
}

/// compose-go's `Normalize`.
pub(crate) fn normalize(dict: &mut Node, env: &BTreeMap<String, String>) {
    normalize_networks(dict);
    let Some(top) = dict.as_map_mut() else { return };
    if let Some(services) = top.get_mut("services").and_then(|s| s.as_map_mut()) {
        for s in &mut services.entries {
            let spos = s.pos;
            let Some(svc) = s.node.as_map_mut() else { continue };
            if svc.get("pull_policy").and_then(|p| p.as_str()) == Some("if_not_present") {
                svc.insert("pull_policy", spos, Node::str("missing", spos));
            }
            if let Some(bm) = svc.get_mut("build").and_then(|b| b.as_map_mut()) {
                let bp = bm.entries.first().map(|e| e.pos).unwrap_or(spos);
                if bm.get("context").is_none_or(|c| c.is_null()) {
                    bm.insert("context", bp, Node::str(".", bp));
                }
                if bm.get("dockerfile").is_none_or(|c| c.is_null())
                    && bm.get("dockerfile_inline").is_none_or(|c| c.is_null())
                {
                    bm.insert("dockerfile", bp, Node::str("Dockerfile", bp));
                }
                if let Some(args) = bm.get_mut("args") {
                    resolve_mapping(args, env, false);
                }
            }
            if let Some(e) = svc.get_mut("environment") {
                resolve_mapping(e, env, true);
            }
            let mut deps = svc.remove("depends_on").unwrap_or_else(|| Node::map(Map::new(), spos));
            let had_deps = deps.as_map().is_some_and(|m| !m.is_empty());
            if let Some(dm) = deps.as_map_mut() {
                if let Some(links) = svc.get("links").and_then(|l| l.as_seq()) {
                    for l in links {
                        let Some(link) = l.scalar_text() else { continue };
                        let parts: Vec<&str> = link.split(':').collect();
                        let name = if parts.len() == 2 { parts[0].to_string() } else { link.clone() };
                        if !dm.contains(&name) {
                            dm.insert(&name, l.pos, dep(l.pos, true));
                        }
                    }
                }
                for ns in ["network_mode", "ipc", "pid", "uts", "cgroup"] {
                    if let Some(shared) = svc.get(ns).and_then(|n| n.as_str()).and_then(|r| r.strip_prefix("service:"))
                    {
                        let pos = svc.get(ns).map(|n| n.pos).unwrap_or(spos);
                        if !dm.contains(shared) {
                            dm.insert(shared, pos, dep(pos, true));
                        }
                    }
                }
                if let Some(vf) = svc.get("volumes_from").and_then(|l| l.as_seq()) {
                    for v in vf {
                        let Some(vol) = v.scalar_text() else { continue };
                        if !vol.starts_with("container:") {
                            let name = vol.split(':').next().unwrap_or("").to_string();
                            if !dm.contains(&name) {
                                dm.insert(&name, v.pos, dep(v.pos, false));
                            }
                        }
                    }
                }
            }
            if had_deps || deps.as_map().is_some_and(|m| !m.is_empty()) {
                svc.insert("depends_on", deps.pos, deps);
            }
            if let Some(vols) = svc.get_mut("volumes").and_then(|v| v.as_seq_mut()) {
                for v in vols {
                    if let Some(t) = v.as_map_mut().and_then(|m| m.get_mut("target")) {
                        if let Value::Str(s) = &t.value {
                            t.value = Value::Str(spec::clean(s));
                        }
                    }
                }
            }
        }
    }
    // Resource names: `<project>_<key>`, or the key itself when external.
    let project = top.get("name").and_then(|n| n.scalar_text()).unwrap_or_default();
    for section in ["networks", "volumes", "configs", "secrets"] {
        let Some(res) = top.get_mut(section).and_then(|s| s.as_map_mut()) else { continue };
        for e in &mut res.entries {
            let pos = e.pos;
            if e.node.is_null() {
                e.node = Node::map(Map::new(), pos);
            }
            let Some(m) = e.node.as_map_mut() else { continue };
            if m.get("name").is_none_or(|n| n.is_null()) {
                let external = m.get("external").is_some_and(|x| x.value == Value::Bool(true));
                let name = if external { e.key.clone() } else { format!("{project}_{}", e.key) };
                m.insert("name", pos, Node::str(name, pos));
            }
        }
    }
}

fn normalize_networks(dict: &mut Node) {
    let Some(top) = dict.as_map_mut() else { return };
    let mut uses_default = false;
    if let Some(services) = top.get_mut("services").and_then(|s| s.as_map_mut()) {
        for s in &mut services.entries {
            let spos = s.pos;
            let Some(svc) = s.node.as_map_mut() else { continue };
            if svc.contains("provider") || svc.contains("network_mode") {
                continue;
            }
            let empty = svc.get("networks").is_none_or(|n| n.as_map().is_none_or(|m| m.is_empty()));
            if empty {
                let mut m = Map::new();
                m.insert("default", spos, Node::null(spos));
                svc.insert("networks", spos, Node::map(m, spos));
                uses_default = true;
            } else if svc.get("networks").and_then(|n| n.as_map()).is_some_and(|m| m.contains("default")) {
                uses_default = true;
            }
        }
    }
    if uses_default {
        if top.get("networks").is_none_or(|n| n.is_null()) {
            top.insert("networks", Pos::default(), Node::map(Map::new(), Pos::default()));
        }
        if let Some(nets) = top.get_mut("networks").and_then(|n| n.as_map_mut()) {
            if !nets.contains("default") {
                nets.insert("default", Pos::default(), Node::null(Pos::default()));
            }
        }
    }
}

/// compose-go's `resolve`: `KEY` without a value takes the variable's value;
/// `keep_empty` keeps it as null when unset (environment) instead of dropping it (build args).
fn resolve_mapping(n: &mut Node, env: &BTreeMap<String, String>, keep_empty: bool) {
    match &mut n.value {
        Value::Seq(items) => {
            let mut out = Vec::new();
            for it in items.drain(..) {
                let Some(s) = it.scalar_text() else { continue };
                if s.contains('=') {
                    out.push(it);
                } else if let Some(v) = env.get(&s) {
                    out.push(Node::str(format!("{s}={v}"), it.pos));
                } else if keep_empty {
                    out.push(it);
                }
            }
            *items = out;
        }
        Value::Map(m) => {
            let mut out = Map::new();
            for e in m.entries.drain(..) {
                if !e.node.is_null() {
                    out.entries.push(e);
                } else if let Some(v) = env.get(&e.key) {
                    out.insert(&e.key, e.pos, Node::str(v.clone(), e.node.pos));
                } else if keep_empty {
                    out.entries.push(e);
                }
            }
            *m = out;
        }
        _ => {}
    }
}

/// Reads a file for `extends`/`include`, registering it for locations.
pub(crate) fn read_yaml(ctx: &mut Ctx, path: &str) -> R<(u16, Vec<Node>)> {
    let Some(text) = ctx.read_text(path) else {
        let go = format!("open {path}: no such file or directory");
        return one(Diagnostic::new(None, Msg::FileNotFound { path: path.to_string() }, go));
    };
    let idx = ctx.add_file(path);
    match yaml::parse(idx, &text) {
        Ok(d) => Ok((idx, d)),
        Err(e) => one(yaml_diag(ctx, e, path, true)),
    }
}

pub(crate) fn read_env_file(
    ctx: &Ctx,
    path: &str,
    lookup: &BTreeMap<String, String>,
) -> Option<Result<Vec<(String, String)>, String>> {
    let text = ctx.read_text(path)?;
    Some(super::dotenv::parse(&text, lookup))
}

/// An `env_file` with `format: raw`: `KEY=value` lines taken literally.
pub(crate) fn read_raw_env_file(ctx: &Ctx, path: &str) -> Option<Vec<(String, String)>> {
    let text = ctx.read_text(path)?;
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|l| {
                let (k, v) = l.split_once('=').unwrap_or((l, ""));
                (k.to_string(), v.to_string())
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Place, message and Compose's text of one problem.
    type Seen = (Option<(u32, u32)>, Msg, String);

    fn tab_diags(text: &str) -> Vec<Seen> {
        let none = |_: &str| -> Option<Vec<u8>> { None };
        let opts = Options { project_dir: "/p".into(), project_name: None, profiles: Vec::new(), read: &none };
        let files = [("/p/compose.yaml".to_string(), text.to_string())];
        let Err(ds) = load(&files, &BTreeMap::new(), &opts) else { panic!("loaded") };
        ds.into_iter().map(|d| (d.loc.map(|l| (l.line, l.col)), d.msg, d.compose)).collect()
    }

    /// One diagnostic, as Compose stops at the first TAB (yaml.v3 names no line for one on the
    /// first line, its mark's line 0); it carries the place of every other TAB.
    #[test]
    fn the_first_tab_is_composes_and_the_others_come_with_it() {
        let go = |line: &str| format!("yaml: {line}found character that cannot start any token");
        assert_eq!(
            tab_diags("\tservices:\n  web:\n\t\timage: x\n  \t  ports: []\n"),
            [(Some((1, 1)), Msg::TabIndent { more: vec![(3, 1), (4, 3)] }, go(""))]
        );
        let d = tab_diags("services:\n  web:\n    image: x\n    ports:\n  \t  - 80\n");
        assert_eq!(d, [(Some((5, 3)), Msg::TabIndent { more: vec![] }, go("line 5: "))]);
    }
}
