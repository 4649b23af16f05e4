//! `muelle lesson pack FILE --scorm --out ZIP [--site DIR]`: a SCORM 1.2 package an LMS such as
//! Moodle imports (docs/teachers.md, "SCORM"): the built site (`cargo xtask dist`'s `dist/`), the
//! lesson file under `lesson/`, and `imsmanifest.xml` with one organization, one item and one SCO
//! whose launch address opens the page embedded on the lesson with `scorm=1` (the page then loads
//! `static/scorm.js`, which finds the LMS's API and reports to it).
//!
//! The lesson is linted first (as `muelle lesson lint`) and a lesson with faults is refused; so is
//! a site that does not hold the lesson (lessons are compiled into the page: `docs/lessons.md`).

use sim_core::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `pack` was asked for.
pub struct Pack {
    pub file: PathBuf,
    pub out: PathBuf,
    pub site: PathBuf,
    pub lang: Lang,
    /// `--lrs ENDPOINT --lrs-auth AUTH`: an LRS the package's page also sends xAPI statements to,
    /// the student (the actor) being the one the LMS names (`static/scorm.js`).
    pub lrs: Option<(String, String)>,
}

/// The page's address inside the package: embedded, on `id`, reporting to the LMS (and with
/// `lrs`, the xAPI launch's `endpoint` and `auth`, for `static/scorm.js` to add the LMS's student).
pub fn launch_href(id: &str, lrs: Option<&(String, String)>) -> String {
    let mut href = format!("index.html?embed&lesson={id}&scorm=1");
    if let Some((endpoint, auth)) = lrs {
        href.push_str(&format!("&endpoint={}&auth={}", encode(endpoint), encode(auth)));
    }
    href
}

/// Percent-encodes a query value (everything but unreserved characters).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Writes the package; returns the exit code (0 written, 1 refused with the reasons on `out`).
pub fn pack(p: &Pack, out: &mut impl Write) -> std::io::Result<i32> {
    let es = p.lang == Lang::Es;
    let site = p.site.display().to_string();
    if let Some((endpoint, _)) =
        p.lrs.as_ref().filter(|(e, _)| !(e.starts_with("https://") || e.starts_with("http://")))
    {
        let msg = if es {
            format!("--lrs {endpoint}: la dirección del LRS empieza por https:// (o http://)")
        } else {
            format!("--lrs {endpoint}: the LRS's address starts with https:// (or http://)")
        };
        writeln!(out, "{msg}")?;
        return Ok(1);
    }
    if !p.site.join("index.html").is_file() {
        let msg = if es {
            format!("{site}: no hay un sitio construido (falta index.html); constrúyelo con `cargo xtask dist` o indica su carpeta con --site DIR")
        } else {
            format!("{site}: no built site here (index.html is missing); build it with `cargo xtask dist` or give its folder with --site DIR")
        };
        writeln!(out, "{msg}")?;
        return Ok(1);
    }
    let mut lint = Vec::new();
    if crate::lesson::lint(&p.file, p.lang, None, &mut lint)? != 0 {
        out.write_all(&lint)?;
        let msg =
            if es { "no se empaqueta una lección con problemas" } else { "a lesson with problems is not packed" };
        writeln!(out, "{msg}")?;
        return Ok(1);
    }
    let lesson = match crate::lesson::load(&p.file, p.lang) {
        Ok(l) => l,
        Err(msg) => {
            writeln!(out, "{msg}")?;
            return Ok(1);
        }
    };
    let mut files = Vec::new();
    collect(&p.site, "", &mut files)?;
    // The site's own offline download (`muelle-site.zip`) is the site again: not in the package.
    files.retain(|(name, _)| name != "muelle-site.zip");
    if !holds_lesson(&files, &lesson.id) {
        let file = p.file.display().to_string();
        let msg = if es {
            format!("{file}:1:1: el sitio {site} no trae la lección «{}»: las lecciones van compiladas en la página; añádela a lessons/ y a FILES (docs/lessons.md) y vuelve a construir el sitio", lesson.id)
        } else {
            format!("{file}:1:1: the site {site} does not hold the lesson \"{}\": lessons are compiled into the page; add it to lessons/ and FILES (docs/lessons.md) and build the site again", lesson.id)
        };
        writeln!(out, "{msg}")?;
        return Ok(1);
    }
    let base = p.file.file_name().map_or("lesson.yaml".into(), |n| n.to_string_lossy().into_owned());
    let text = std::fs::read(&p.file)?;
    files.push((format!("lesson/{base}"), text));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let manifest = manifest(&lesson.id, lesson.title.get(p.lang), &names, p.lrs.as_ref());
    let mut entries = vec![("imsmanifest.xml".to_string(), manifest.into_bytes())];
    entries.extend(files);
    let zip = zipw::stored(&entries);
    if let Err(e) = std::fs::write(&p.out, &zip) {
        writeln!(out, "{}: {e}", p.out.display())?;
        return Ok(1);
    }
    let msg = if es {
        format!(
            "{}: paquete SCORM 1.2 de «{}» ({} archivos, {} bytes)",
            p.out.display(),
            lesson.id,
            entries.len(),
            zip.len()
        )
    } else {
        format!(
            "{}: SCORM 1.2 package of \"{}\" ({} files, {} bytes)",
            p.out.display(),
            lesson.id,
            entries.len(),
            zip.len()
        )
    };
    writeln!(out, "{msg}")?;
    Ok(0)
}

/// Every file under `dir` as (path with `/`, bytes), sorted by path.
fn collect(dir: &Path, prefix: &str, files: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        let path = e.path();
        if path.is_dir() {
            collect(&path, &format!("{name}/"), files)?;
        } else if path.is_file() {
            files.push((name, std::fs::read(&path)?));
        }
    }
    Ok(())
}

/// Whether the site carries lesson `id`: app/build.rs writes each lesson as JSON into the site's
/// lessons file, `lessons-<hash>.bin` (the page fetches it), which older sites had in the page's
/// wasm.
fn holds_lesson(files: &[(String, Vec<u8>)], id: &str) -> bool {
    let needle = format!("\"id\":\"{id}\"");
    let lessons_file = |n: &str| n.ends_with(".wasm") || (n.starts_with("lessons-") && n.ends_with(".bin"));
    files
        .iter()
        .filter(|(n, _)| lessons_file(n) && !n.contains('/'))
        .any(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `imsmanifest.xml`: SCORM 1.2 (IMS Content Packaging 1.1.2 with ADL's `adlcp` extension), one
/// organization with one item launching one SCO that lists every file of the package.
pub fn manifest(id: &str, title: &str, files: &[&str], lrs: Option<&(String, String)>) -> String {
    let ident: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    let title = xml(title);
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&format!("<manifest identifier=\"muelle-{ident}\" version=\"1.0\"\n"));
    s.push_str("  xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n");
    s.push_str("  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n");
    s.push_str("  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n");
    s.push_str("  xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n");
    s.push_str("  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n");
    s.push_str("  <organizations default=\"muelle\">\n    <organization identifier=\"muelle\">\n");
    s.push_str(&format!("      <title>Muelle · {title}</title>\n"));
    s.push_str(&format!("      <item identifier=\"item-{ident}\" identifierref=\"sco-{ident}\" isvisible=\"true\">\n"));
    s.push_str(&format!("        <title>{title}</title>\n      </item>\n"));
    s.push_str("    </organization>\n  </organizations>\n  <resources>\n");
    s.push_str(&format!(
        "    <resource identifier=\"sco-{ident}\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"{}\">\n",
        xml(&launch_href(id, lrs))
    ));
    for f in files {
        s.push_str(&format!("      <file href=\"{}\"/>\n", xml(f)));
    }
    s.push_str("    </resource>\n  </resources>\n</manifest>\n");
    s
}
