//! Every lesson in `lessons/` must be valid and its reference solution must
//! pass all its checks (`muelle lesson check`), in both languages: a broken
//! lesson fails CI.

use std::path::{Path, PathBuf};
use std::process::Command;

fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("lessons")
}

fn lesson_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(lessons_dir())
        .expect("lessons/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

fn muelle(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_muelle")).args(args).output().expect("muelle runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn every_lesson_passes_its_reference_solution() {
    let files = lesson_files();
    assert!(!files.is_empty(), "no lessons found in {}", lessons_dir().display());
    for f in files {
        for lang in ["es", "en"] {
            let (code, out) = muelle(&["lesson", "check", f.to_str().unwrap_or_default(), "--lang", lang]);
            assert_eq!(code, 0, "lesson {} ({lang}) fails:\n{out}", f.display());
        }
    }
}

#[test]
fn lesson_list_shows_every_file() {
    let (code, out) = muelle(&["lesson", "list", lessons_dir().to_str().unwrap_or_default()]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.lines().count(), lesson_files().len(), "{out}");
}

#[test]
fn a_broken_lesson_is_reported_with_its_place() {
    let dir = std::env::temp_dir().join(format!("muelle-lesson-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("roto.yaml");
    std::fs::write(
        &file,
        "id: x\ntitle: {es: a, en: b}\nintro: {es: a, en: b}\nsteps:\n  - text: {es: a, en: b}\n    checks:\n      - network_exist: mynet\nsolution: [ls]\n",
    )
    .expect("write");
    let (code, out) = muelle(&["lesson", "check", file.to_str().unwrap_or_default(), "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(out.contains("roto.yaml:7:9: unknown check \"network_exist\""), "{out}");
    // A lesson whose checks fail with its solution exits 1 and names the failing check.
    std::fs::write(
        &file,
        "id: x\ntitle: {es: a, en: b}\nintro: {es: a, en: b}\nsteps:\n  - text: {es: a, en: b}\n    checks:\n      - network_exists: mynet\nsolution: [ls]\n",
    )
    .expect("write");
    let (code, out) = muelle(&["lesson", "check", file.to_str().unwrap_or_default(), "--lang", "es"]);
    assert_eq!(code, 1);
    assert!(out.contains("✘ existe la red «mynet» (7:9)"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_lesson_lints_clean() {
    for f in lesson_files() {
        for lang in ["es", "en"] {
            let (code, out) = muelle(&["lesson", "lint", f.to_str().unwrap_or_default(), "--lang", lang]);
            assert_eq!(code, 0, "lesson {} ({lang}) has lint faults:\n{out}", f.display());
        }
    }
}

/// The first lesson of `docs/lessons.md` is what a teacher copies: it must lint clean.
#[test]
fn the_guides_first_lesson_lints_clean() {
    let guide = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/lessons.md"))
        .expect("docs/lessons.md");
    let start = guide.find("```yaml\nid: mi-red").expect("the guide's first lesson") + "```yaml\n".len();
    let len = guide[start..].find("```").expect("its end");
    let dir = std::env::temp_dir().join(format!("muelle-guide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("05-mi-red.yaml");
    std::fs::write(&file, &guide[start..start + len]).expect("write");
    for lang in ["es", "en"] {
        let (code, out) = muelle(&["lesson", "lint", file.to_str().unwrap_or_default(), "--lang", lang]);
        assert_eq!(code, 0, "{out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
