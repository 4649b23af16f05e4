//! The lessons compiled into the page: the YAML files of `lessons/`, parsed once.
//!
//! The list is explicit (a file added to `lessons/` must be added here too; a native test
//! compares it with the folder) so the page needs no build script. Parsing cannot fail at run
//! time in practice: the same test and `muelle lesson check` in CI parse every file.

use std::sync::OnceLock;

use sim_core::lessons::Lesson;

/// (file name, text) of every lesson, in the order the panel lists them.
pub const SOURCES: &[(&str, &str)] = &[
    ("01-volumenes.yaml", include_str!("../../../lessons/01-volumenes.yaml")),
    ("02-redes.yaml", include_str!("../../../lessons/02-redes.yaml")),
    ("03-compose.yaml", include_str!("../../../lessons/03-compose.yaml")),
    ("04-ejemplo-completo.yaml", include_str!("../../../lessons/04-ejemplo-completo.yaml")),
];

/// Every lesson that parses, in [`SOURCES`] order.
pub fn all() -> &'static [Lesson] {
    static LESSONS: OnceLock<Vec<Lesson>> = OnceLock::new();
    LESSONS.get_or_init(|| SOURCES.iter().filter_map(|(_, text)| Lesson::parse(text).ok()).collect())
}

/// The lesson with this `id`.
pub fn find(id: &str) -> Option<&'static Lesson> {
    all().iter().find(|l| l.id == id)
}

/// The YAML of the lesson with this `id` (the simulator's worker parses it to evaluate checks).
pub fn source(id: &str) -> Option<&'static str> {
    let i = all().iter().position(|l| l.id == id)?;
    SOURCES.iter().filter(|(_, text)| Lesson::parse(text).is_ok()).nth(i).map(|(_, text)| *text)
}

/// Whether `files` are exactly some lesson's starting files (nothing of the student's to lose).
pub fn is_starting_point(files: &[(String, String)]) -> bool {
    let mut have = files.to_vec();
    sim_core::sort::sort(&mut have);
    all().iter().any(|l| {
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
        let listed: Vec<&str> = SOURCES.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, listed, "lessons/ and catalog::SOURCES must list the same files");
        assert_eq!(all().len(), SOURCES.len(), "every lesson parses");
        let ids: Vec<&str> = all().iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["volumenes", "redes", "compose", "ejemplo-completo"]);
        assert!(find("redes").is_some() && find("nada").is_none());
        let compose = find("compose").unwrap();
        assert!(is_starting_point(&compose.files));
        let mut changed = compose.files.clone();
        changed.push(("notas.txt".into(), "mío".into()));
        assert!(!is_starting_point(&changed));
    }
}
