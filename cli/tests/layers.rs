//! The layers of ARCHITECTURE.md, kept: the workspace's crates depend on each other one way
//! only (base ← compose-spec, host ← userland ← sim-core ← page and runner), and the page and the
//! runner read views and send inputs — they never reach into the simulated host's internals.
//! The compiler keeps most of it (crates, private fields, `Session::world()` behind a test-only
//! feature); this test keeps the rest: the dependency graph `cargo metadata` reports, and the
//! sources of `app/` and `cli/` (no world types, no host or userland crate).

use std::path::{Path, PathBuf};

const FORBIDDEN: &[&str] =
    &["sim_core::world", "sim_core::World", ".world()", ".world_mut()", "world::", "sim_host", "sim_userland"];

/// Each workspace crate and the workspace crates it may depend on (normal dependencies).
const ALLOWED: &[(&str, &[&str])] = &[
    ("sim-base", &[]),
    ("compose-spec", &["sim-base"]),
    ("sim-host", &["sim-base"]),
    ("sim-userland", &["sim-base", "compose-spec", "sim-host"]),
    ("sim-core", &["sim-base", "compose-spec", "sim-host", "sim-userland"]),
    // The page and the runner: the session facade, the Compose spec for the editor, and the
    // one zip writer (`zipw`, shared with xtask).
    ("app", &["sim-core", "compose-spec", "zipw"]),
    // The runner, and the zip writer for `muelle lesson pack --scorm`.
    ("muelle", &["sim-core", "zipw"]),
    // The simulator's Web Worker: the session facade behind its messages.
    ("sim-worker", &["sim-core"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn app_and_cli_read_views_not_the_world() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["app/src", "app/tests", "cli/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 20, "sources not found under {}", root.display());
    let mut offences = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if let Some(word) = FORBIDDEN.iter().find(|w| code.contains(*w)) {
                offences.push(format!("{}:{}: `{word}` in: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offences.is_empty(), "the page and the runner reach into the host:\n{}", offences.join("\n"));
}

/// The page talks to the simulator only through messages (`app/src/sim.rs`, ARCHITECTURE.md):
/// outside its tests it never names `Session`, whose simulation runs in the worker.
#[test]
fn the_page_never_runs_the_simulator_itself() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&root.join("app/src"), &mut files);
    // `fuzz.rs` is a test module (`#[cfg(test)] mod fuzz`); `sim.rs` wraps a session only under
    // `inline-sim`, the tests' feature.
    files.retain(|f| !f.ends_with("fuzz.rs"));
    let mut offences = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            let code = line.split("//").next().unwrap_or("");
            if f.ends_with("sim.rs") && code.contains("pub fn inline(session: sim_core::Session)") {
                continue;
            }
            let names_session = code.match_indices("Session").any(|(i, _)| {
                let before = code[..i].chars().last();
                let after = code[i + "Session".len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if names_session {
                offences.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offences.is_empty(), "the page names the simulator's Session:\n{}", offences.join("\n"));
}

#[test]
fn crates_depend_one_way_down_the_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(&root)
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata's JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let members: Vec<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    for layer in ["sim-base", "compose-spec", "sim-host", "sim-userland", "sim-core"] {
        assert!(members.contains(&layer), "crate {layer} missing from the workspace: {members:?}");
    }
    let mut offences = Vec::new();
    for p in packages {
        let name = p["name"].as_str().unwrap_or_default();
        let Some((_, allowed)) = ALLOWED.iter().find(|(n, _)| *n == name) else { continue };
        for d in p["dependencies"].as_array().into_iter().flatten() {
            let dep = d["name"].as_str().unwrap_or_default();
            let normal = d["kind"].is_null();
            let in_workspace = members.contains(&dep) && dep != name;
            // Layer crates never depend on the page, the runner or xtask, and only downwards.
            if normal && in_workspace && !allowed.contains(&dep) {
                offences.push(format!("{name} depends on {dep}"));
            }
        }
    }
    assert!(offences.is_empty(), "dependencies against the layers:\n{}", offences.join("\n"));
}

/// What the Compose runner (`compose_run/`) may use of the docker CLI (`docker/`): its library
/// parts — the flag parser, the command shape and help template, the table writer, the JSON
/// quoting of templates, `ps`'s columns, the log window, image pulls, the typed `exec` request,
/// stops' progress notes, `top`'s rows — never the CLI's entry (`global_options`, `run_command`)
/// nor the front door (`crate::cli`) above both.
const COMPOSE_MAY_USE_OF_DOCKER: &[&str] = &[
    "args",
    "Command",
    "command_help_with",
    "daemon_unreachable",
    "table",
    "templates::value::json_quote",
    "ps::",
    "logs::",
    "run::pull_reference",
    "run::ensure_image",
    "run::volumes_from",
    "run::Attach",
    "container::ExecRequest",
    "container::exec_in",
    "container::stop_wait_note",
    "container::top_processes",
    "container::TOP_TITLES",
];

/// Every path named after `crate::docker::` in a line of code, with `use` groups expanded one
/// level (`use crate::docker::{command_help_with, Command}` gives both).
fn docker_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::docker::") {
        let rest = &code[i + "crate::docker::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            out.extend(inner.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
        } else {
            let path: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            out.push(path);
        }
    }
    out
}

/// Each line of code (comments cut) of the Rust files under `sim-userland/src/<dir>`, with its
/// place.
fn userland_code(dir: &str) -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sim-core/crates/userland/src");
    let mut files = Vec::new();
    rust_files(&src.join(dir), &mut files);
    assert!(files.len() > 5, "sources not found under {}", src.join(dir).display());
    let mut lines = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("").to_string();
            lines.push((format!("{}:{}", f.display(), n + 1), code));
        }
    }
    lines
}

/// What the docker CLI (`docker/`) may never name: the Compose runner, the front door above
/// both, the programs a shell runs, and the machine's table above programs and the CLI.
const DOCKER_NEVER_NAMES: &[&str] =
    &["compose_run", "crate::cli", "crate::programs", "super::super::programs", "crate::machine", "machine::PROGRAMS"];

/// What the docker CLI's code names against the layers.
fn docker_offences(at: &str, code: &str) -> Vec<String> {
    DOCKER_NEVER_NAMES
        .iter()
        .filter(|word| code.contains(*word))
        .map(|word| format!("{at}: the docker CLI names `{word}`: {}", code.trim()))
        .collect()
}

/// What the Compose runner's code uses of the docker CLI beyond its library parts.
fn compose_offences(at: &str, code: &str) -> Vec<String> {
    let mut offences = Vec::new();
    // A renamed import (`use crate::docker as d;`, `super::super::docker`) would hide the paths.
    let hidden = code.match_indices("crate::docker").any(|(i, w)| !code[i + w.len()..].starts_with("::"))
        || code.contains("super::super::docker");
    if hidden || code.contains("crate::cli") || code.contains("run_command") || code.contains("global_options") {
        offences.push(format!("{at}: Compose re-enters the docker CLI: {}", code.trim()));
    }
    for path in docker_paths(code) {
        if !COMPOSE_MAY_USE_OF_DOCKER.iter().any(|allowed| {
            path == *allowed
                || path.starts_with(&format!("{allowed}::"))
                || (allowed.ends_with("::") && path.starts_with(allowed))
        }) {
            offences.push(format!("{at}: Compose uses `crate::docker::{path}`: {}", code.trim()));
        }
    }
    offences
}

/// sim-userland's invariant (ARCHITECTURE.md): `docker/` never names the Compose runner or the
/// front door, and `compose_run/` uses only the docker CLI's library parts listed above — so
/// `docker ↔ compose_run` cannot become a cycle again, and Compose never re-enters the docker
/// CLI's text parser (`docker compose exec` is a typed `ExecRequest`).
#[test]
fn docker_cli_and_compose_runner_depend_one_way() {
    let mut offences = Vec::new();
    for (at, code) in userland_code("docker") {
        offences.extend(docker_offences(&at, &code));
    }
    for (at, code) in userland_code("compose_run") {
        offences.extend(compose_offences(&at, &code));
    }
    assert!(offences.is_empty(), "docker ↔ compose_run against the layers:\n{}", offences.join("\n"));
}

/// What the programs a shell runs (`programs/`), the shells (`shell/`) and Python (`python/`)
/// may never name: the docker CLI and what stands on it (the Compose runner, the Dockerfile
/// builder, the front door), nor the machine's table above them all, which hands itself down
/// as `Cx::bin`.
const PROGRAMS_NEVER_NAME: &[&str] = &[
    "crate::docker",
    "super::super::docker",
    "crate::cli",
    "crate::compose_run",
    "crate::build",
    "crate::machine",
    "machine::PROGRAMS",
];

/// What a line under `programs/`, `shell/` or `python/` names against the layers.
fn programs_offences(at: &str, code: &str) -> Vec<String> {
    PROGRAMS_NEVER_NAME
        .iter()
        .filter(|word| code.contains(*word))
        .map(|word| format!("{at}: names `{word}`: {}", code.trim()))
        .collect()
}

/// sim-userland's invariant (ARCHITECTURE.md): `programs/` ↔ `docker/` is one way, as on a real
/// machine. The docker CLI is one program among the others in the machine's table
/// (`machine.rs`, above both), which a shell finds through the `Cx::bin` it is handed; the
/// docker CLI's daemon side starts a command (`docker exec`) through that same handed table and
/// asks the host's `Programs` whether it can run (`World::check_executable`) — it never names
/// `programs/`, and `programs/` (with the shells and Python it runs) never names the CLI.
#[test]
fn programs_and_the_docker_cli_depend_one_way() {
    let mut offences = Vec::new();
    for dir in ["programs", "shell", "python"] {
        for (at, code) in userland_code(dir) {
            offences.extend(programs_offences(&at, &code));
        }
    }
    for (at, code) in userland_code("docker") {
        offences.extend(docker_offences(&at, &code));
    }
    // The table is where both meet: it names each side.
    let table = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../sim-core/crates/userland/src/machine.rs"),
    )
    .expect("machine.rs, the machine's program table");
    for word in ["crate::programs::lookup", "crate::cli::docker", "impl Bin for"] {
        if !table.contains(word) {
            offences.push(format!("machine.rs no longer holds the table: `{word}` missing"));
        }
    }
    assert!(offences.is_empty(), "programs ↔ docker against the layers:\n{}", offences.join("\n"));
}

/// What the Dockerfile builder (`build/`) may never name: the docker CLI and the Compose runner,
/// the two clients that call it, nor the front door, the machine's table or the programs a
/// shell runs. Below both clients, it uses the host's API (`crate::world`: image references,
/// the image store, the file system) and sim-base (`crate::duration`).
const BUILD_NEVER_NAMES: &[&str] = &[
    "crate::docker",
    "super::super::docker",
    "crate::compose_run",
    "super::super::compose_run",
    "crate::cli",
    "crate::machine",
    "crate::programs",
];

/// What a line under `build/` names against the layers.
fn build_offences(at: &str, code: &str) -> Vec<String> {
    BUILD_NEVER_NAMES
        .iter()
        .filter(|word| code.contains(*word))
        .map(|word| format!("{at}: the builder names `{word}`: {}", code.trim()))
        .collect()
}

/// sim-userland's invariant (ARCHITECTURE.md): `docker build` (`docker/build.rs`) and Compose's
/// `build:` (`compose_run/build.rs`) call the one builder, which never calls back up into either.
#[test]
fn the_builder_names_neither_of_its_clients() {
    let mut offences = Vec::new();
    for (at, code) in userland_code("build") {
        offences.extend(build_offences(&at, &code));
    }
    assert!(offences.is_empty(), "build/ against the layers:\n{}", offences.join("\n"));
}

/// The checks above catch what they are for: lines planted as each direction would come back
/// are found, and the lines that are allowed today are not.
#[test]
fn layer_checks_find_planted_lines() {
    let planted_in_docker = [
        "        crate::programs::spawn(&mut sub, argv, vec![])",
        "    if crate::programs::check_executable(cx.world, cid, &argv).is_err() {",
        "    let bin: &dyn Bin = &crate::machine::PROGRAMS;",
        "use crate::compose_run::commands;",
        "        Some(\"compose\") => crate::cli::docker(cx, argv),",
    ];
    for line in planted_in_docker {
        assert!(!docker_offences("docker/x.rs:1", line).is_empty(), "not caught in docker/: {line}");
    }
    let planted_in_programs = [
        "            \"docker\" => Some(crate::cli::docker as Run),",
        "    crate::docker::run_command(cx, &args)",
        "use crate::machine::PROGRAMS;",
        "    crate::compose_run::commands::run(cx, rest, false)",
        "    let img = crate::build::build(cx, spec);",
    ];
    for line in planted_in_programs {
        assert!(!programs_offences("programs/x.rs:1", line).is_empty(), "not caught in programs/: {line}");
    }
    let planted_in_compose = [
        "use crate::docker as d;",
        "    crate::docker::run_command(cx, &args)",
        "use crate::docker::{args, container::rm};",
        "    let job = super::super::docker::run::run(cx, p);",
        "    crate::cli::docker(cx, argv)",
    ];
    for line in planted_in_compose {
        assert!(!compose_offences("compose_run/x.rs:1", line).is_empty(), "not caught in compose_run/: {line}");
    }
    let planted_in_build = [
        "        let Ok(r) = crate::docker::run::parse_reference(&s.base) else { continue };",
        "        let ms = crate::docker::run::parse_go_duration(v);",
        "use super::super::docker::run;",
        "    crate::compose_run::build::build(cx, svc)",
    ];
    for line in planted_in_build {
        assert!(!build_offences("build/x.rs:1", line).is_empty(), "not caught in build/: {line}");
    }
    for line in [
        "        let Ok(r) = crate::world::image::parse_reference(&s.base) else { continue };",
        "        let ms = crate::duration::millis(v);",
        "use crate::process::Cx;",
    ] {
        assert!(build_offences("build/x.rs:1", line).is_empty(), "an allowed line in build/ flagged: {line}");
    }
    // What each side may name today passes.
    let allowed = [
        ("docker", "        let bin = sub.bin;"),
        ("docker", "    if cx.world.check_executable(cid, &argv).is_err() {"),
        ("docker", "use crate::shell::ShellCtx;"),
        ("programs", "        match cx.bin.program(&name) {"),
        ("programs", "use crate::process::{Cx, Finished, Job, Poll, Run, Wake};"),
        ("compose_run", "use crate::docker::{command_help_with, Command};"),
        ("compose_run", "    crate::docker::container::exec_in(cx, request)"),
    ];
    for (dir, line) in allowed {
        let found = match dir {
            "docker" => docker_offences("x.rs:1", line),
            "programs" => programs_offences("x.rs:1", line),
            _ => compose_offences("x.rs:1", line),
        };
        assert!(found.is_empty(), "an allowed line in {dir}/ flagged: {found:?}");
    }
}
