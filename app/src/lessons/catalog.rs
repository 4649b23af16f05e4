//! The lessons: the YAML files of `lessons/`, read at build time.
//!
//! The list is explicit (a file added to `lessons/` must be added here too; a native test
//! compares it with the folder). `build.rs` parses each file with the simulator's lesson reader
//! and writes it as postcard bytes (with its JSON for the worker), so the page's wasm carries no
//! YAML parser: it only deserializes. A lesson that does not parse fails the build.
//!
//! The page's wasm does not hold those bytes: a first visit that never opens a lesson does not
//! need them (~8 KB gzip of the first download). They are a file of the site, [`FILE`], which
//! [`load`] fetches when a lesson is first needed (the panel opened, a lesson chosen, an
//! embedding page's `load-lesson`) or, before the page mounts, when it starts in one
//! (`crate::start`); the service worker precaches it with the rest of the site. Until then
//! [`all`] is empty and [`find`] finds nothing. Native code and the crate's browser tests
//! (`inline-sim`) have the bytes compiled in.

use std::sync::OnceLock;

use sim_core::lessons::Lesson;

/// The lesson files, in the order the panel lists them (`build.rs` reads this list).
pub const FILES: &[&str] =
    &["01-volumenes.yaml", "02-redes.yaml", "03-compose.yaml", "04-ejemplo-completo.yaml", "05-tu-red.yaml"];

/// The site's file with the lessons (`build.rs` names it by a hash of its bytes; `cargo xtask`
/// copies it into the site), relative to the page's address.
pub const FILE: &str = env!("MUELLE_LESSONS_FILE");

/// Each lesson with its JSON, in [`FILES`] order, once loaded.
static LESSONS: OnceLock<Vec<(String, Lesson)>> = OnceLock::new();

/// Each lesson with its JSON, in [`FILES`] order (none before [`load`] in the page).
fn compiled() -> &'static [(String, Lesson)] {
    #[cfg(any(not(target_arch = "wasm32"), feature = "inline-sim"))]
    {
        const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lessons.bin"));
        LESSONS.get_or_init(|| postcard::from_bytes(COMPILED).unwrap_or_default())
    }
    #[cfg(not(any(not(target_arch = "wasm32"), feature = "inline-sim")))]
    LESSONS.get().map_or(&[], Vec::as_slice)
}

/// Whether the lessons are here (loaded, or compiled in).
pub fn loaded() -> bool {
    !compiled().is_empty()
}

/// Reads the lessons from the postcard bytes of [`FILE`]; false if they do not decode.
pub fn install(bytes: &[u8]) -> bool {
    match postcard::from_bytes::<Vec<(String, Lesson)>>(bytes) {
        Ok(lessons) if !lessons.is_empty() => {
            let _ = LESSONS.set(lessons);
            true
        }
        _ => false,
    }
}

/// Fetches [`FILE`] unless the lessons are here already; false if it could not be fetched or
/// read (offline before the service worker had it, a server without the file).
pub async fn load() -> bool {
    if loaded() {
        return true;
    }
    match fetch_bytes(FILE).await {
        Some(bytes) => install(&bytes),
        None => false,
    }
}

/// The bytes at `url` (relative to the page), or `None` for a network error or a status that is
/// not a success.
async fn fetch_bytes(url: &str) -> Option<Vec<u8>> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let response: web_sys::Response =
        JsFuture::from(web_sys::window()?.fetch_with_str(url)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
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
