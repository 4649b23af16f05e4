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
    ("muelle", &["sim-core"]),
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
