//! `muelle lesson pack FILE --scorm --out ZIP --site DIR`: the SCORM 1.2 package holds the site,
//! the lesson and a manifest launching the page on the lesson with `scorm=1`; a missing site, a
//! lesson with lint faults and a lesson the site does not carry are refused, located, es/en.
//! (e2e/scorm.test.mjs imports a real package into a SCORM runtime.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn lesson(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("lessons").join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("muelle-pack-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A stand-in for `dist/`: an index.html, a static file and a page wasm holding lesson `id`.
fn fake_site(dir: &Path, id: &str) -> PathBuf {
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("static")).expect("site dir");
    std::fs::write(site.join("index.html"), "<!doctype html>").expect("write");
    std::fs::write(site.join("static").join("scorm.js"), "// scorm").expect("write");
    std::fs::write(site.join("muelle-site.zip"), "PK").expect("write");
    std::fs::write(site.join("app-0123_bg.wasm"), format!("\0asm…{{\"id\":\"{id}\",\"title\"…")).expect("write");
    site
}

fn muelle(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_muelle")).args(args).output().expect("muelle runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// The (name, bytes) of every entry of a stored zip, in order.
fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut at = 0;
    let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
    while zip[at..].starts_with(b"PK\x03\x04") {
        let (size, name_len, extra) = (u32_at(at + 18), u16_at(at + 26), u16_at(at + 28));
        let name = String::from_utf8_lossy(&zip[at + 30..at + 30 + name_len]).into_owned();
        let start = at + 30 + name_len + extra;
        out.push((name, zip[start..start + size].to_vec()));
        at = start + size;
    }
    out
}

#[test]
fn a_package_holds_the_site_the_lesson_and_a_scorm_manifest() {
    let dir = scratch("ok");
    let site = fake_site(&dir, "redes");
    let zip = dir.join("redes.zip");
    let file = lesson("02-redes.yaml");
    let (code, out) = muelle(&[
        "lesson",
        "pack",
        file.to_str().unwrap_or_default(),
        "--scorm",
        "--out",
        zip.to_str().unwrap_or_default(),
        "--site",
        site.to_str().unwrap_or_default(),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("SCORM 1.2 package of \"redes\" (5 files"), "{out}");
    let got = entries(&std::fs::read(&zip).expect("the zip was written"));
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["imsmanifest.xml", "app-0123_bg.wasm", "index.html", "static/scorm.js", "lesson/02-redes.yaml"]);
    assert_eq!(got[4].1, std::fs::read(&file).expect("lesson"), "the lesson travels as written");
    let manifest = String::from_utf8(got[0].1.clone()).expect("UTF-8");
    for want in [
        "<schema>ADL SCORM</schema>",
        "<schemaversion>1.2</schemaversion>",
        "xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"",
        "xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"",
        "<organizations default=\"muelle\">",
        "<item identifier=\"item-redes\" identifierref=\"sco-redes\" isvisible=\"true\">",
        "<title>Networks</title>",
        "<resource identifier=\"sco-redes\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"index.html?embed&amp;lesson=redes&amp;scorm=1\">",
        "<file href=\"static/scorm.js\"/>",
        "<file href=\"lesson/02-redes.yaml\"/>",
    ] {
        assert!(manifest.contains(want), "{want} missing from:\n{manifest}");
    }
    assert_eq!(manifest.matches("<organization ").count(), 1);
    assert_eq!(manifest.matches("<item ").count(), 1);
    assert_eq!(manifest.matches("<resource ").count(), 1);
    // The same inputs give the same bytes.
    let first = std::fs::read(&zip).expect("zip");
    let (code, _) = muelle(&[
        "lesson",
        "pack",
        file.to_str().unwrap_or_default(),
        "--scorm",
        "--out",
        zip.to_str().unwrap_or_default(),
        "--site",
        site.to_str().unwrap_or_default(),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0);
    assert!(std::fs::read(&zip).expect("zip") == first, "a second pack wrote other bytes");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_site_is_refused_in_both_languages() {
    let dir = scratch("nosite");
    let zip = dir.join("x.zip");
    let site = dir.join("dist");
    let file = lesson("02-redes.yaml");
    let args = |lang: &'static str| {
        vec![
            "lesson".to_string(),
            "pack".into(),
            file.display().to_string(),
            "--scorm".into(),
            "--out".into(),
            zip.display().to_string(),
            "--site".into(),
            site.display().to_string(),
            "--lang".into(),
            lang.into(),
        ]
    };
    let run = |lang| {
        let a = args(lang);
        muelle(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let (code, es) = run("es");
    assert_eq!(code, 1, "{es}");
    assert!(es.starts_with(&format!("{}: no hay un sitio construido (falta index.html)", site.display())), "{es}");
    assert!(es.contains("cargo xtask dist"), "{es}");
    let (code, en) = run("en");
    assert_eq!(code, 1, "{en}");
    assert!(en.starts_with(&format!("{}: no built site here (index.html is missing)", site.display())), "{en}");
    assert!(!zip.exists(), "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_lesson_with_faults_or_not_in_the_site_is_refused() {
    let dir = scratch("faults");
    let site = fake_site(&dir, "redes");
    let zip = dir.join("x.zip");
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("lint").join("unknown-check.yaml");
    let (code, out) = muelle(&[
        "lesson",
        "pack",
        bad.to_str().unwrap_or_default(),
        "--scorm",
        "--out",
        zip.to_str().unwrap_or_default(),
        "--site",
        site.to_str().unwrap_or_default(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("unknown-check.yaml:7:9: comprobación desconocida «network_exist»"), "{out}");
    assert!(out.trim_end().ends_with("no se empaqueta una lección con problemas"), "{out}");
    assert!(!zip.exists());
    // A clean lesson the site was not built with.
    let other = lesson("01-volumenes.yaml");
    let (code, out) = muelle(&[
        "lesson",
        "pack",
        other.to_str().unwrap_or_default(),
        "--scorm",
        "--out",
        zip.to_str().unwrap_or_default(),
        "--site",
        site.to_str().unwrap_or_default(),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("01-volumenes.yaml:1:1: the site"), "{out}");
    assert!(out.contains("does not hold the lesson \"volumenes\""), "{out}");
    assert!(!zip.exists());
    let (code, out) = muelle(&["lesson", "pack", other.to_str().unwrap_or_default(), "--out", "x.zip"]);
    assert_eq!(code, 2);
    assert!(out.contains("lesson pack needs --scorm"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--lrs ENDPOINT --lrs-auth AUTH`: the launch address also carries the xAPI launch's `endpoint`
/// and `auth` (URL-encoded), for `static/scorm.js` to add the LMS's student as the actor; one
/// without the other, or an endpoint that is not http(s), is refused.
#[test]
fn a_package_may_name_an_lrs_for_learning_records() {
    let dir = scratch("lrs");
    let site = fake_site(&dir, "redes");
    let zip = dir.join("redes.zip");
    let file = lesson("02-redes.yaml");
    let (file, zip_s, site_s) =
        (file.to_str().unwrap_or_default(), zip.to_str().unwrap_or_default(), site.to_str().unwrap_or_default());
    let base = ["lesson", "pack", file, "--scorm", "--out", zip_s, "--site", site_s, "--lang", "en"];
    let with = |extra: &[&str]| muelle(&[&base[..], extra].concat());
    let (code, out) = with(&["--lrs", "https://lrs.example/xAPI/", "--lrs-auth", "Basic d3JpdGU6b25seQ=="]);
    assert_eq!(code, 0, "{out}");
    let got = entries(&std::fs::read(&zip).expect("the zip was written"));
    let manifest = String::from_utf8(got[0].1.clone()).expect("UTF-8");
    let want = "href=\"index.html?embed&amp;lesson=redes&amp;scorm=1&amp;endpoint=https%3A%2F%2Flrs.example%2FxAPI%2F&amp;auth=Basic%20d3JpdGU6b25seQ%3D%3D\"";
    assert!(manifest.contains(want), "{manifest}");
    let (code, out) = with(&["--lrs", "https://lrs.example/xAPI/"]);
    assert_ne!(code, 0);
    assert!(out.contains("--lrs ENDPOINT and --lrs-auth AUTH go together"), "{out}");
    let (code, out) = with(&["--lrs", "lrs.example", "--lrs-auth", "x"]);
    assert_eq!(code, 1);
    assert!(out.contains("--lrs lrs.example: the LRS's address starts with https://"), "{out}");
}
