//! The lessons compiled into the page: the YAML files of `lessons/`, read at build time.
//!
//! The list is explicit (a file added to `lessons/` must be added here too; a native test
//! compares it with the folder). `build.rs` parses each file with the simulator's lesson reader
//! and writes it as postcard bytes (with its JSON for the worker), so the page's wasm carries no
//! YAML parser: it only deserializes. A lesson that does not parse fails the build.

use std::sync::OnceLock;

use sim_core::lessons::Lesson;

/// The lesson files, in the order the panel lists them (`build.rs` reads this list).
pub const FILES: &[&str] =
    &["01-volumenes.yaml", "02-redes.yaml", "03-compose.yaml", "04-ejemplo-completo.yaml", "05-tu-red.yaml"];

/// Each lesson of [`FILES`], written by `build.rs`: postcard bytes of a list of (its JSON, it).
const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lessons.bin"));

/// Each lesson with its JSON, in [`FILES`] order.
fn compiled() -> &'static [(String, Lesson)] {
    static LESSONS: OnceLock<Vec<(String, Lesson)>> = OnceLock::new();
    LESSONS.get_or_init(|| postcard::from_bytes(COMPILED).unwrap_or_default())
}

/// Every lesson, in [`FILES`] order.
pub fn all() -> impl Iterator<Item = &'static Lesson> {
    compiled().iter().map(|(_, lesson)| lesson)
}

/// The lesson with this `id`.
pub fn find(id: &str) -> Option<&'static Lesson> {
    all().find(|l| l.id == id)
}

/// The lesson with this `id` as JSON (the simulator's worker reads it to evaluate its checks).
pub fn source(id: &str) -> Option<&'static str> {
    compiled().iter().find(|(_, l)| l.id == id).map(|(json, _)| json.as_str())
}

/// Whether `files` are exactly some lesson's starting files (nothing of the student's to lose).
pub fn is_starting_point(files: &[(String, String)]) -> bool {
    let mut have = files.to_vec();
    sim_core::sort::sort(&mut have);
    all().any(|l| {
        let mut start = l.files.clone();
        sim_core::sort::sort(&mut start);
        start == have
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_file_is_listed_and_parses() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../lessons");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = FILES.to_vec();
        assert_eq!(on_disk, listed, "lessons/ and catalog::FILES must list the same files");
        assert_eq!(all().count(), FILES.len(), "every lesson parses");
        let ids: Vec<&str> = all().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["volumenes", "redes", "compose", "ejemplo-completo", "tu-red"]);
        assert!(find("redes").is_some() && find("nada").is_none());
        let compose = find("compose").unwrap();
        assert!(is_starting_point(&compose.files));
        // The JSON handed to the worker is the same lesson.
        let json: Lesson = serde_json::from_str(source("compose").unwrap()).unwrap();
        assert_eq!(&json, compose);
        let mut changed = compose.files.clone();
        changed.push(("notas.txt".into(), "mío".into()));
        assert!(!is_starting_point(&changed));
    }
}
