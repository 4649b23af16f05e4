//! The one Dockerfile builder, shared by `docker build` (`docker/build.rs`)
//! and Compose's `build:` (`compose_run/build.rs`), as BuildKit runs a
//! Dockerfile: parse it ([`dockerfile`]), split it into stages, build only
//! the stages the target needs (`--target`, `COPY --from=`, `FROM <stage>`),
//! each instruction on the stage's image — files from the build context
//! minus `.dockerignore` ([`ignore`]), here-documents, ARG/ENV substitution,
//! RUN's common commands ([`run`]) — and report BuildKit's progress lines.
//! The caller prints them in its own frame and stores the image.

mod copy;
pub mod dockerfile;
pub mod error;
pub mod ignore;
mod run;

use crate::process::Cx;
use crate::world::image::Image;
use crate::world::Loc;
use dockerfile::{command_form, key_values, Instruction};
pub use error::{BuildError, ParseProblem, ResolveProblem};

/// What to build.
pub struct Request {
    /// The build context: a directory of the host.
    pub context: String,
    /// The Dockerfile's path on the host, and its name as the user gave it.
    pub dockerfile: String,
    pub dockerfile_name: String,
    pub build_args: Vec<(String, String)>,
    pub target: Option<String>,
    /// Compose's service name, put before each step (`[web 1/3]`).
    pub prefix: Option<String>,
    /// `--no-cache`: no step is taken from the cache.
    pub no_cache: bool,
}

/// Where a failed build stopped.
pub struct Failure {
    /// Why: its `Display` is BuildKit's error text after `failed to solve: ` (boxed: a
    /// `Result`'s error stays small).
    pub error: Box<BuildError>,
    /// The failed step's name (`[2/3] COPY x /`), shown as `ERROR …` and in a `------` box.
    pub step: Option<String>,
    /// The step's output, shown in the box.
    pub log: Vec<String>,
    /// The Dockerfile lines to show (`Dockerfile:2` and the excerpt).
    pub lines: Option<(usize, usize)>,
}

/// A build's progress and result.
pub struct Outcome {
    /// Vertex lines (` => [1/2] FROM …`, ` => => transferring …`), in order.
    pub progress: Vec<String>,
    pub result: Result<Image, Failure>,
    /// The Dockerfile's text, for the error excerpt.
    pub text: String,
}

impl Outcome {
    /// `[+] Building 1.2s (8/8) FINISHED` and the vertices, as the terminal's last frame shows them.
    pub fn render(&self) -> String {
        let vertices = self.progress.iter().filter(|l| !l.starts_with(" => => ")).count();
        // A failed vertex is completed too: `(6/6) FINISHED` above an `ERROR` line.
        let done = vertices;
        // A step taken from the cache costs no time.
        let slow = self.progress.iter().filter(|l| !l.starts_with(" => CACHED ")).count();
        let secs = 0.4 + slow as f64 * 0.1;
        let mut out = format!("[+] Building {secs:.1}s ({done}/{vertices}) FINISHED\n");
        for l in &self.progress {
            out.push_str(l);
            out.push('\n');
        }
        if let Err(f) = &self.result {
            if let Some(step) = &f.step {
                out.push_str("------\n");
                out.push_str(&format!(" > {step}:\n"));
                for l in &f.log {
                    out.push_str(l);
                    out.push('\n');
                }
                out.push_str("------\n");
            }
            if let Some((start, end)) = f.lines {
                out.push_str(&excerpt(&self.text, start, end));
            }
        }
        out
    }
}

impl Outcome {
    /// BuildKit's `--progress=plain` display, as Compose's watch logs a rebuild: `#N name` for
    /// each vertex, `#N text done` for its sub-lines, `#N CACHED` or `#N DONE 0.0s` (timings are
    /// not simulated), a blank line after each vertex.
    pub fn render_plain(&self) -> String {
        let mut out = String::new();
        let mut n = 0;
        let mut open = false;
        for l in &self.progress {
            if let Some(sub) = l.strip_prefix(" => => ") {
                out.push_str(&format!("#{n} {sub} done\n"));
                continue;
            }
            if open {
                out.push_str(&format!("#{n} DONE 0.0s\n\n"));
            }
            n += 1;
            let v = l.strip_prefix(" => ").unwrap_or(l);
            open = false;
            if let Some(name) = v.strip_prefix("CACHED ") {
                out.push_str(&format!("#{n} {name}\n#{n} CACHED\n\n"));
            } else if let Some(name) = v.strip_prefix("ERROR ") {
                let why = self.result.as_ref().err().map_or(String::new(), |f| f.error.to_string());
                out.push_str(&format!("#{n} {name}\n#{n} ERROR: {why}\n\n"));
            } else {
                out.push_str(&format!("#{n} {v}\n"));
                open = true;
            }
        }
        if open {
            out.push_str(&format!("#{n} DONE 0.0s\n\n"));
        }
        out
    }
}

/// BuildKit's `errdefs.Source.Print`: the failing lines with up to four lines around.
pub fn excerpt(text: &str, start: usize, end: usize) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    if start < 1 || start > lines.len() {
        return String::new();
    }
    let (mut s, mut e) = (start, end.min(lines.len()).max(start));
    let pad = if s == e { 4 } else { 2 };
    let mut p = 0;
    while p < pad {
        if s > 1 {
            s -= 1;
            p += 1;
        }
        if e != lines.len() {
            e += 1;
            p += 1;
        }
        p += 1;
    }
    let mut out = format!("Dockerfile:{start}\n--------------------\n");
    for (i, line) in lines.iter().enumerate().take(e).skip(s - 1) {
        let n = i + 1;
        let pfx = if n >= start && n <= end.max(start) { ">>>" } else { "   " };
        out.push_str(&format!(" {n:>3} | {pfx} {line}\n"));
    }
    out.push_str("--------------------\n");
    out
}

/// One stage: `FROM base [AS name]` and its instructions.
pub(super) struct Stage {
    name: Option<String>,
    base: String,
    from: Instruction,
    body: Vec<Instruction>,
}

/// Instructions that make a step of their own (the others only change the config).
fn is_step(keyword: &str) -> bool {
    matches!(keyword, "RUN" | "COPY" | "ADD" | "WORKDIR")
}

/// `$X`, `${X}`, `${X:-default}`, `${X:+alt}` from `vars`; `\$` stays a literal `$`.
pub fn substitute(text: &str, vars: &[(String, String)]) -> String {
    let get = |k: &str| vars.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1) == Some(&'$') {
            out.push('$');
            i += 2;
            continue;
        }
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            if let Some(close) = chars[i + 2..].iter().position(|&c| c == '}') {
                let inner: String = chars[i + 2..i + 2 + close].iter().collect();
                let value = if let Some((k, d)) = inner.split_once(":-") {
                    get(k).filter(|v| !v.is_empty()).unwrap_or_else(|| d.to_string())
                } else if let Some((k, a)) = inner.split_once(":+") {
                    if get(k).is_some_and(|v| !v.is_empty()) {
                        a.to_string()
                    } else {
                        String::new()
                    }
                } else {
                    get(&inner).unwrap_or_default()
                };
                out.push_str(&value);
                i += close + 3;
                continue;
            }
        }
        let name: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').collect();
        if name.is_empty() {
            out.push('$');
            i += 1;
        } else {
            out.push_str(&get(&name).unwrap_or_default());
            i += 1 + name.chars().count();
        }
    }
    out
}

/// The builder's state while running one build.
pub(super) struct Builder<'r> {
    req: &'r Request,
    progress: Vec<String>,
    ignore: ignore::Ignore,
    context_loaded: bool,
    /// Built stages by index, and their images.
    built: Vec<Option<Image>>,
    /// The cache keys of this build's steps so far, and those earlier builds left.
    keys: Vec<String>,
    cache: std::collections::BTreeSet<String>,
}

impl Builder<'_> {
    fn label(&self, stage: &str) -> String {
        match (&self.req.prefix, stage.is_empty()) {
            (Some(p), true) => format!("{p} "),
            (Some(p), false) => format!("{p} {stage} "),
            (None, true) => String::new(),
            (None, false) => format!("{stage} "),
        }
    }
    pub(super) fn internal(&self) -> String {
        match &self.req.prefix {
            Some(p) => format!("[{p} internal]"),
            None => "[internal]".into(),
        }
    }
}

/// Runs a build. Never touches the image store: the caller stores the image.
pub fn build(cx: &mut Cx<'_>, req: &Request) -> Outcome {
    let mut b = Builder {
        req,
        progress: Vec::new(),
        ignore: ignore::Ignore::parse(""),
        context_loaded: false,
        built: Vec::new(),
        keys: Vec::new(),
        cache: if req.no_cache {
            Default::default()
        } else {
            cx.world.images().iter().flat_map(|i| i.build_keys.iter().cloned()).collect()
        },
    };
    let internal = b.internal();
    b.progress.push(format!(" => {internal} load build definition from {}", req.dockerfile_name));
    let text = match cx.world.fs_read(Loc::Host, &req.dockerfile) {
        Ok(d) => String::from_utf8_lossy(&d).into_owned(),
        Err(_) => {
            b.progress.push(" => => transferring dockerfile: 2B".into());
            let error = BuildError::DockerfileNotFound { name: req.dockerfile_name.clone() };
            return Outcome { progress: b.progress, result: Err(fail(error)), text: String::new() };
        }
    };
    b.progress.push(format!(" => => transferring dockerfile: {}B", text.len()));
    let result = run_build(cx, &mut b, &text);
    if let Err(Failure { step: Some(step), .. }) = &result {
        b.progress.push(format!(" => ERROR {step}"));
    }
    Outcome { progress: b.progress, result, text }
}

fn fail(error: BuildError) -> Failure {
    Failure { error: Box::new(error), step: None, log: Vec::new(), lines: None }
}

fn run_build(cx: &mut Cx<'_>, b: &mut Builder<'_>, text: &str) -> Result<Image, Failure> {
    let req = b.req;
    let file = dockerfile::parse(text).map_err(|e| Failure {
        error: Box::new(BuildError::Parse { line: e.line, why: e.why }),
        step: None,
        log: Vec::new(),
        lines: Some((e.line, e.line)),
    })?;
    // Global ARGs, then stages.
    let mut globals: Vec<(String, String)> = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    for ins in file.instructions {
        if ins.keyword == "FROM" {
            let words: Vec<&str> = ins.args.split_whitespace().collect();
            let base = substitute(words.first().copied().unwrap_or(""), &globals);
            let name = match words.as_slice() {
                [_, kw, n] if kw.eq_ignore_ascii_case("as") => Some(n.to_ascii_lowercase()),
                _ => None,
            };
            stages.push(Stage { name, base, from: ins, body: Vec::new() });
        } else if let Some(stage) = stages.last_mut() {
            stage.body.push(ins);
        } else if ins.keyword == "ARG" {
            for (k, v) in key_values(&ins.args) {
                let given = req.build_args.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
                globals.push((k, given.unwrap_or(v)));
            }
        } else {
            return Err(Failure {
                error: Box::new(BuildError::Parse { line: ins.line, why: ParseProblem::NoBuildStage }),
                step: None,
                log: Vec::new(),
                lines: Some((ins.line, ins.end_line)),
            });
        }
    }
    if stages.is_empty() {
        return Err(fail(BuildError::Empty));
    }
    let stage_index = |name: &str, before: usize| -> Option<usize> {
        let lower = name.to_ascii_lowercase();
        stages[..before]
            .iter()
            .position(|s| s.name.as_deref() == Some(lower.as_str()))
            .or_else(|| name.parse::<usize>().ok().filter(|i| *i < before))
    };
    let target = match &req.target {
        Some(t) => match stage_index(t, stages.len()) {
            Some(i) => i,
            None => return Err(fail(BuildError::TargetNotFound { target: t.clone() })),
        },
        None => stages.len() - 1,
    };
    // The stages the target needs, found with a work list (no recursion).
    let mut needed = vec![false; stages.len()];
    let mut work = vec![target];
    while let Some(i) = work.pop() {
        if needed[i] {
            continue;
        }
        needed[i] = true;
        if let Some(d) = stage_index(&stages[i].base, i) {
            work.push(d);
        }
        for ins in &stages[i].body {
            if let Some((_, from)) = ins.flags.iter().find(|(k, _)| k == "from") {
                if let Some(d) = stage_index(from, i) {
                    work.push(d);
                }
            }
        }
    }
    let multi = stages.len() > 1;
    // Metadata of the external base images, and .dockerignore.
    let mut metas: Vec<String> = Vec::new();
    let internal = b.internal();
    for (i, s) in stages.iter().enumerate() {
        if !needed[i] || stage_index(&s.base, i).is_some() || s.base.eq_ignore_ascii_case("scratch") {
            continue;
        }
        let Ok(r) = crate::world::image::parse_reference(&s.base) else { continue };
        if metas.contains(&r.canonical()) {
            continue;
        }
        metas.push(r.canonical());
        let step = format!("{internal} load metadata for {}", r.canonical());
        if let Err(error) = base_image(cx, &s.base) {
            return Err(Failure {
                error: Box::new(error),
                step: Some(step),
                log: Vec::new(),
                lines: Some((s.from.line, s.from.end_line)),
            });
        }
        b.progress.push(format!(" => {step}"));
    }
    b.progress.push(format!(" => {internal} load .dockerignore"));
    let ignore_path = crate::fs::normalize(&req.context, ".dockerignore");
    let ignore_text = cx.world.fs_read(Loc::Host, &ignore_path).ok().map(|d| String::from_utf8_lossy(&d).into_owned());
    b.progress.push(format!(" => => transferring context: {}B", ignore_text.as_ref().map_or(2, |t| t.len())));
    b.ignore = ignore::Ignore::parse(ignore_text.as_deref().unwrap_or(""));
    b.built = vec![None; stages.len()];
    for i in 0..stages.len() {
        if !needed[i] {
            continue;
        }
        let name = match (&stages[i].name, multi) {
            (Some(n), _) => n.clone(),
            (None, true) => format!("stage-{i}"),
            (None, false) => String::new(),
        };
        let dep = stage_index(&stages[i].base, i);
        let img = build_stage(cx, b, &stages[i], &name, dep, &globals, &stages)?;
        b.built[i] = Some(img);
    }
    let mut img = b.built[target].take().ok_or_else(|| fail(BuildError::Internal { what: "target not built" }))?;
    img.build_keys = std::mem::take(&mut b.keys);
    Ok(img)
}

/// What an image's files and settings are after a step, for its cache key: the simulated
/// instructions are deterministic, so a step whose inputs are unchanged gives the same state
/// (BuildKit keys a step by its parent, its instruction and, for `COPY`/`ADD`, the files' content).
fn state_digest(img: &Image, files: bool) -> String {
    let config = format!("{:?}", img.config);
    let mut parts: Vec<String> = vec![config];
    if files {
        for path in img.fs.subtree_paths("/") {
            let content = match img.fs.get(&path) {
                Some(crate::fs::Node::File(d)) => crate::world::stable::hex64(&[&String::from_utf8_lossy(d)]),
                _ => "dir".to_string(),
            };
            parts.push(path);
            parts.push(content);
        }
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    crate::world::stable::hex64(&refs)
}

/// An earlier build's image from the same steps: BuildKit's exporter gives a build that is
/// all cache hits the same image (ID, creation time, size, layers). Takes them into `img`.
pub fn reuse_earlier(world: &crate::world::World, img: &mut Image) {
    let Some(last) = img.build_keys.last() else { return };
    let config = format!("{:?}", img.config);
    let same =
        |i: &&Image| i.build_keys.last() == Some(last) && !i.id.is_empty() && format!("{:?}", i.config) == config;
    // The newest such image: a `--no-cache` build wrote the cache anew.
    if let Some(e) = world.images().iter().rev().find(same) {
        img.id = e.id.clone();
        img.built_at = e.built_at;
        img.size_bytes = e.size_bytes;
        img.layers = e.layers.clone();
    }
}

fn build_stage(
    cx: &mut Cx<'_>,
    b: &mut Builder<'_>,
    stage: &Stage,
    name: &str,
    dep: Option<usize>,
    globals: &[(String, String)],
    stages: &[Stage],
) -> Result<Image, Failure> {
    let req = b.req;
    let total = 1 + stage.body.iter().filter(|i| is_step(&i.keyword)).count();
    let width = total.to_string().len();
    let label = b.label(name);
    let mut n = 1;
    let from_step = |n: usize, what: &str| format!("[{label}{n:>width$}/{total}] {what}");
    let mut key = match dep {
        Some(d) => b.built.get(d).and_then(|i| i.as_ref()).map(|i| state_digest(i, true)).unwrap_or_default(),
        None => String::new(),
    };
    let mut img = match dep {
        Some(d) => match b.built.get(d).and_then(|i| i.clone()) {
            Some(i) => i,
            None => return Err(fail(BuildError::Internal { what: "stage order" })),
        },
        None => {
            let step = from_step(1, &format!("FROM {}", stage.base));
            let img = base_image(cx, &stage.base).map_err(|error| Failure {
                error: Box::new(error),
                step: Some(step.clone()),
                log: Vec::new(),
                lines: Some((stage.from.line, stage.from.end_line)),
            })?;
            let shown = if stage.base.eq_ignore_ascii_case("scratch") {
                "FROM scratch".to_string()
            } else {
                let canonical = crate::world::image::parse_reference(&stage.base)
                    .map(|r| r.canonical())
                    .unwrap_or_else(|_| stage.base.clone());
                format!("FROM {canonical}@sha256:{}", img.digest)
            };
            b.progress.push(format!(" => {}", from_step(1, &shown)));
            let base_id = if img.digest.is_empty() { img.id.clone() } else { img.digest.clone() };
            key = crate::world::stable::hex64(&["FROM", &base_id]);
            img
        }
    };
    // Build args in scope: declared by ARG in this stage (globals only through a bare ARG).
    let mut args: Vec<(String, String)> = Vec::new();
    let env_of = |img: &Image, args: &[(String, String)]| -> Vec<(String, String)> {
        args.iter().cloned().chain(img.config.env.iter().cloned()).collect()
    };
    for ins in &stage.body {
        let vars = env_of(&img, &args);
        let expand = |s: &str| substitute(s, &vars);
        let step_name = if is_step(&ins.keyword) {
            n += 1;
            Some(from_step(n, &ins.original))
        } else {
            None
        };
        let failure = |error: BuildError, log: Vec<String>| Failure {
            error: Box::new(error),
            step: step_name.clone(),
            log,
            lines: Some((ins.line, ins.end_line)),
        };
        match ins.keyword.as_str() {
            "ARG" => {
                for (k, default) in key_values(&ins.args) {
                    let given = req.build_args.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
                    let global = globals.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
                    let v = given.or(if default.is_empty() { global } else { Some(default) }).unwrap_or_default();
                    args.retain(|(a, _)| *a != k);
                    args.push((k, v));
                }
            }
            "ENV" => {
                for (k, v) in key_values(&ins.args) {
                    let v = expand(&v);
                    img.config.env.retain(|(ek, _)| *ek != k);
                    img.config.env.push((k, v));
                }
            }
            "WORKDIR" => {
                let a = expand(&ins.args);
                let base = if img.config.workdir.is_empty() { "/" } else { &img.config.workdir };
                let dir = crate::fs::normalize(base, &a);
                let _ = img.fs.mkdir_p(&dir);
                img.config.workdir = dir;
            }
            "COPY" | "ADD" => {
                let from = ins.flags.iter().find(|(k, _)| k == "from").map(|(_, v)| v.clone());
                copy::copy(cx, b, &mut img, ins, from.as_deref(), &vars, stages).map_err(|m| failure(m, Vec::new()))?;
            }
            "RUN" => {
                let mut scripts: Vec<String> = Vec::new();
                if ins.heredocs.is_empty() {
                    scripts.push(ins.args.clone());
                } else {
                    for h in &ins.heredocs {
                        scripts.push(h.content.clone());
                    }
                }
                for script in scripts {
                    if let Err((code, log)) = run::run(&mut img, &script, &vars) {
                        let shown = if ins.heredocs.is_empty() { ins.args.clone() } else { script.clone() };
                        let error = BuildError::RunFailed { command: shown, code };
                        let log =
                            log.iter().enumerate().map(|(i, l)| format!("{:.3} {l}", 0.2 + i as f64 * 0.001)).collect();
                        return Err(failure(error, log));
                    }
                }
            }
            "EXPOSE" => {
                for p in expand(&ins.args).split_whitespace() {
                    let e = if p.contains('/') { p.to_string() } else { format!("{p}/tcp") };
                    if !img.config.exposed.contains(&e) {
                        img.config.exposed.push(e);
                    }
                }
            }
            "CMD" => img.config.cmd = command_form(&ins.args),
            "ENTRYPOINT" => {
                img.config.entrypoint = command_form(&ins.args);
                img.config.cmd.clear();
            }
            "USER" => img.config.user = expand(&ins.args),
            "LABEL" => {
                for (k, v) in key_values(&ins.args) {
                    img.config.labels.retain(|(l, _)| *l != k);
                    img.config.labels.push((k, expand(&v)));
                }
            }
            "VOLUME" => {
                let a = expand(&ins.args);
                let vols =
                    dockerfile::exec_form(&a).unwrap_or_else(|| a.split_whitespace().map(str::to_string).collect());
                for v in vols {
                    if !img.config.volumes.contains(&v) {
                        img.config.volumes.push(v);
                    }
                }
            }
            "HEALTHCHECK" => img.config.healthcheck = healthcheck(&ins.args),
            "STOPSIGNAL" => img.config.stop_signal = expand(&ins.args),
            _ => {}
        }
        let files = matches!(ins.keyword.as_str(), "COPY" | "ADD" | "RUN" | "WORKDIR");
        key = crate::world::stable::hex64(&[&key, &ins.original, &state_digest(&img, files)]);
        let cached = b.cache.contains(&key);
        b.keys.push(key.clone());
        if let Some(s) = step_name {
            b.progress.push(if cached { format!(" => CACHED {s}") } else { format!(" => {s}") });
        }
    }
    Ok(img)
}

/// The base image of a FROM: a local image, else the registry's (not stored: BuildKit keeps
/// its own copy), else BuildKit's resolve error.
pub(super) fn base_image(cx: &mut Cx<'_>, base: &str) -> Result<Image, BuildError> {
    if base.eq_ignore_ascii_case("scratch") {
        return Ok(Image {
            id: String::new(),
            repo: "scratch".into(),
            tag: String::new(),
            digest: String::new(),
            created_ago_days: 0,
            built_at: None,
            pulled_at: cx.now(),
            size_bytes: 0,
            layers: Vec::new(),
            config: Default::default(),
            fs: crate::fs::Fs::new(),
            removed: false,
            build_keys: Vec::new(),
        });
    }
    let r = crate::world::image::Reference::parse(base)
        .map_err(|error| BuildError::StageName { base: base.to_string(), error })?;
    let local = cx.world.find_image(&r.familiar()).or_else(|| cx.world.find_image(base));
    let mut img = match local.and_then(|k| cx.world.images().get(k)).cloned() {
        Some(i) => i,
        None => {
            if let Err(e) = crate::world::image::remote_lookup(&r) {
                let why = match e {
                    crate::world::image::PullError::RepoNotFound { .. } => ResolveProblem::Denied,
                    crate::world::image::PullError::TagNotFound { .. } => ResolveProblem::TagNotFound,
                };
                return Err(BuildError::ResolveMetadata { base: base.to_string(), canonical: r.canonical(), why });
            }
            let now = cx.now();
            let mut img = crate::world::image::build_image(&r, cx.world.rng(), now);
            // The registry's digest of a reference is the same at every build.
            img.digest = crate::world::stable::hex64(&["build-base", &r.canonical()]);
            img
        }
    };
    for p in cx.world.image_packages(&img.repo) {
        if !img.config.packages.iter().any(|x| x == p) {
            img.config.packages.push(p.to_string());
        }
    }
    Ok(img)
}

/// `HEALTHCHECK [--interval=…] [--timeout=…] [--retries=…] [--start-period=…] CMD …` or `NONE`.
fn healthcheck(args: &str) -> Option<crate::world::container::Healthcheck> {
    let mut hc = crate::world::container::Healthcheck {
        test: Vec::new(),
        interval_ms: 30_000,
        timeout_ms: 30_000,
        retries: 3,
        start_period_ms: 0,
    };
    let mut rest = args.trim();
    while let Some(opt) = rest.strip_prefix("--") {
        let (word, tail) = opt.split_once(char::is_whitespace).unwrap_or((opt, ""));
        let (k, v) = word.split_once('=').unwrap_or((word, ""));
        let ms = crate::duration::millis(v);
        match k {
            "interval" => hc.interval_ms = ms.unwrap_or(hc.interval_ms),
            "timeout" => hc.timeout_ms = ms.unwrap_or(hc.timeout_ms),
            "start-period" => hc.start_period_ms = ms.unwrap_or(0),
            "retries" => hc.retries = v.parse().unwrap_or(3),
            _ => {}
        }
        rest = tail.trim_start();
    }
    let cmd = rest.strip_prefix("CMD")?.trim();
    hc.test = match command_form(cmd).as_slice() {
        [sh, c, line] if sh == "/bin/sh" && c == "-c" => vec!["CMD-SHELL".into(), line.clone()],
        argv => std::iter::once("CMD".to_string()).chain(argv.iter().cloned()).collect(),
    };
    Some(hc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitution() {
        let vars = vec![("A".to_string(), "1".to_string()), ("E".to_string(), String::new())];
        assert_eq!(substitute("$A-${A}-${B:-x}-${E:-d}-${A:+y}-\\$A", &vars), "1-1-x-d-y-$A");
    }

    #[test]
    fn excerpt_pads_like_buildkit() {
        let text = "FROM alpine\nFOO bar\n";
        assert_eq!(
            excerpt(text, 2, 2),
            "Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> FOO bar\n   3 |     \n--------------------\n"
        );
    }
}
