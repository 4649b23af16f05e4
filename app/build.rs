//! Compiles the lessons of `lessons/` (the files `src/lessons/catalog.rs` lists in `FILES`) at
//! build time, so the page's wasm carries neither the YAML parser nor the lesson reader: a
//! fifth of what was left of its first download once the simulator moved to its worker. Each
//! lesson is written twice into one postcard blob (`lessons.bin`): as JSON text, which the page
//! hands to the simulator's worker, and as the typed lesson the page reads — postcard's decoder
//! for the lesson's types is a fraction of serde_json's (see `sim_core::remote`). A lesson that
//! does not parse fails the build with its located errors (CI's `muelle lesson check` says the
//! same).

use std::path::Path;

fn main() {
    // Read at run time: `env!` would bake in the path the build script was compiled at, and a
    // shared target directory reuses that binary for a clone elsewhere.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let manifest = Path::new(&manifest);
    let root = manifest.join("..").join("lessons");
    println!("cargo:rerun-if-changed={}", root.display());
    let catalog = std::fs::read_to_string(manifest.join("src/lessons/catalog.rs")).expect("src/lessons/catalog.rs");
    let mut lessons = Vec::new();
    // The names in `FILES = &[…];`, however rustfmt lays them out.
    // (`= &[` on one line or, when the list is long, `=` and then `&[` on the next.)
    let list = catalog
        .split("FILES: &[&str] =")
        .nth(1)
        .and_then(|rest| rest.split_once("&["))
        .and_then(|(_, rest)| rest.split("];").next())
        .unwrap_or("");
    for name in list.split('"').skip(1).step_by(2) {
        let path = root.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match sim_core::lessons::Lesson::parse(&text) {
            Ok(lesson) => lessons.push((serde_json::to_string(&lesson).expect("a lesson serializes"), lesson)),
            Err(errors) => {
                let shown: Vec<String> = errors.iter().map(|e| e.render(name, sim_core::Lang::En)).collect();
                panic!("lesson {name} does not parse:\n{}", shown.join("\n"));
            }
        }
    }
    assert!(!lessons.is_empty(), "no lesson listed in src/lessons/catalog.rs");
    let blob = postcard::to_allocvec(&lessons).expect("lessons serialize");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("lessons.bin");
    std::fs::write(out, blob).expect("write lessons.bin");
}
