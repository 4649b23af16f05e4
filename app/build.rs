//! Compiles the lessons of `lessons/` (the files `src/lessons/catalog.rs` lists in `FILES`) at
//! build time, so the page carries neither the YAML parser nor the lesson reader: a fifth of
//! what was left of its first download once the simulator moved to its worker. The page's wasm
//! does not carry the lessons either: they are a file of the site, fetched when first needed. Each
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
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).to_path_buf();
    std::fs::write(out.join("lessons.bin"), &blob).expect("write lessons.bin");
    // The page fetches the same bytes from the site when it first needs a lesson (see
    // src/lessons/catalog.rs): named by their FNV-1a hash, so a browser's cache never pairs a
    // new page with old lessons. `cargo xtask` copies the file into the site (it finds the name
    // in the page's wasm and the file here, in OUT_DIR).
    let hash = blob.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
    let name = format!("lessons-{hash:016x}.bin");
    std::fs::write(out.join(&name), &blob).expect("write the site's lessons file");
    println!("cargo:rustc-env=MUELLE_LESSONS_FILE={name}");
}
