//! The page and the runner read views and send inputs; they never reach into the simulated
//! host's internals (ARCHITECTURE.md, "Architecture invariant"). Until the host lives in a crate
//! of its own, this test keeps the rule: it reads the sources of `app/` and `cli/` and fails on
//! any use of the world's types or of `Session::world()`/`world_mut()`.

use std::path::{Path, PathBuf};

const FORBIDDEN: &[&str] = &["sim_core::world", "sim_core::World", ".world()", ".world_mut()", "world::"];

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
