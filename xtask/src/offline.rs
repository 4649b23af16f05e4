//! What makes the built site work offline and travel on a USB stick, written into `dist/` after
//! trunk's release build:
//!
//! - `icon-192.png` and `icon-512.png`, the web manifest's PNG icons, drawn from the same shapes
//!   as `static/favicon.svg` (PNG encoding uses the system gzip for deflate, like the size report);
//! - `sw.js`, the service worker, from the template `static/sw.js` with the list of every file of
//!   the site (names trunk hashed included) and a cache version hashed from their contents;
//! - `muelle-site.zip`, the site in a `muelle/` folder: written with the `zip` program if there is
//!   one, otherwise by the workspace's one zip writer, `zipw` (uncompressed "stored" entries).

use std::path::Path;
use std::process::Command;

use crate::{ui, Result};

pub const ZIP_NAME: &str = "muelle-site.zip";
const SW_NAME: &str = "sw.js";
/// The folder the zip unpacks into.
const ZIP_FOLDER: &str = "muelle";

/// Writes the icons, the service worker and the zip into `dist`.
pub fn finish_site(dist: &Path) -> Result {
    for size in [192, 512] {
        let png = encode_png(size, size, &draw_icon(size))?;
        write(&dist.join(format!("icon-{size}.png")), &png)?;
    }
    write_service_worker(dist)?;
    write_zip(dist)
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Every file under `dist`, as sorted `/`-separated relative paths.
fn site_files(dist: &Path) -> Result<Vec<String>> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with('.') {
                // trunk's .trunk-lock and the like are not part of the site.
                continue;
            } else if path.is_dir() {
                walk(&path, &format!("{prefix}{name}/"), out)?;
            } else {
                out.push(format!("{prefix}{name}"));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dist, "", &mut files)?;
    files.sort();
    Ok(files)
}

/// `dist/sw.js` from `dist/static/sw.js` (trunk's copy of the template, removed: only the
/// filled-in worker is part of the site).
fn write_service_worker(dist: &Path) -> Result {
    let template_path = dist.join("static").join(SW_NAME);
    let template = String::from_utf8(read(&template_path)?).map_err(|_| "static/sw.js is not UTF-8".to_string())?;
    std::fs::remove_file(&template_path).map_err(|e| format!("cannot remove {}: {e}", template_path.display()))?;
    let files: Vec<String> = site_files(dist)?.into_iter().filter(|f| f != SW_NAME && f != ZIP_NAME).collect();
    let mut hash = Fnv::default();
    for file in &files {
        hash.add(file.as_bytes());
        hash.add(&read(&dist.join(file))?);
    }
    // "./" first: the address a visitor opens is the folder, not index.html.
    let list: Vec<String> =
        std::iter::once("./".to_string()).chain(files.iter().cloned()).map(|f| format!("{f:?}")).collect();
    let sw = fill_template(&template, &format!("{:016x}", hash.0), &list.join(", "))?;
    write(&dist.join(SW_NAME), sw.as_bytes())?;
    ui::say(&format!("service worker: dist/{SW_NAME} precaches {} files", list.len()));
    Ok(())
}

/// Replaces the values on the template's `// xtask: version` and `// xtask: files` lines, and
/// leaves out its comment lines and blank lines (the service worker is part of the first visit's
/// download, and nothing minifies it).
fn fill_template(template: &str, version: &str, files: &str) -> Result<String> {
    let mut filled = (false, false);
    let lines: Vec<String> = template
        .lines()
        .filter(|line| {
            let code = line.trim_start();
            !code.is_empty() && (!code.starts_with("//") || code.starts_with("// xtask:"))
        })
        .map(|line| {
            if line.ends_with("// xtask: version") {
                filled.0 = true;
                format!("const VERSION = '{version}';")
            } else if line.ends_with("// xtask: files") {
                filled.1 = true;
                format!("const FILES = [{files}];")
            } else {
                line.to_string()
            }
        })
        .collect();
    if filled != (true, true) {
        return Err("static/sw.js lacks its `// xtask: version` or `// xtask: files` line".into());
    }
    Ok(lines.join("\n") + "\n")
}

/// FNV-1a, 64 bits: the cache version only has to change when a file does (also the simulator
/// worker's file names, see `worker`).
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn write_zip(dist: &Path) -> Result {
    let target = dist.join(ZIP_NAME);
    let _ = std::fs::remove_file(&target);
    let files: Vec<String> = site_files(dist)?.into_iter().filter(|f| f != ZIP_NAME).collect();
    let has_zip_cli = Command::new("zip").arg("-v").output().is_ok_and(|o| o.status.success());
    if has_zip_cli {
        // zip stores paths as given, so give it `muelle/…` from a staging folder's parent.
        let stage = std::env::temp_dir().join(format!("muelle-zip-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&stage);
        let folder = stage.join(ZIP_FOLDER);
        for file in &files {
            let to = folder.join(file);
            std::fs::create_dir_all(to.parent().expect("has a parent"))
                .and_then(|_| std::fs::copy(dist.join(file), &to))
                .map_err(|e| format!("cannot stage {file} for the zip: {e}"))?;
        }
        let status = Command::new("zip")
            .args(["-q", "-r", "-9", "-X"])
            .arg(&target)
            .arg(ZIP_FOLDER)
            .current_dir(&stage)
            .status()
            .map_err(|e| format!("could not start zip: {e}"))?;
        let _ = std::fs::remove_dir_all(&stage);
        if !status.success() {
            return Err(format!("zip failed ({status})"));
        }
    } else {
        let mut entries = Vec::new();
        for file in &files {
            entries.push((format!("{ZIP_FOLDER}/{file}"), read(&dist.join(file))?));
        }
        write(&target, &zipw::stored(&entries))?;
    }
    let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    ui::say(&format!(
        "USB stick copy: dist/{ZIP_NAME} ({} KiB, {} files{})",
        size / 1024,
        files.len(),
        if has_zip_cli { "" } else { ", uncompressed" }
    ));
    Ok(())
}

/// CRC-32 (IEEE), as zip and PNG use it.
fn crc32(data: &[u8]) -> u32 {
    zipw::crc32(data)
}

/// The favicon's shapes (`static/favicon.svg`, a 32×32 view box) as RGBA pixels, 4×4 samples
/// per pixel for smooth edges.
fn draw_icon(size: u32) -> Vec<u8> {
    const S: u32 = 4;
    let scale = 32.0 / f64::from(size);
    let mut pixels = Vec::with_capacity((size * size * 4) as usize);
    for py in 0..size {
        for px in 0..size {
            let mut acc = [0.0f64; 4];
            for sy in 0..S {
                for sx in 0..S {
                    let x = (f64::from(px) + (f64::from(sx) + 0.5) / f64::from(S)) * scale;
                    let y = (f64::from(py) + (f64::from(sy) + 0.5) / f64::from(S)) * scale;
                    if let Some([r, g, b]) = icon_colour(x, y) {
                        acc[0] += f64::from(r);
                        acc[1] += f64::from(g);
                        acc[2] += f64::from(b);
                        acc[3] += 1.0;
                    }
                }
            }
            if acc[3] == 0.0 {
                pixels.extend_from_slice(&[0, 0, 0, 0]);
            } else {
                let alpha = acc[3] / f64::from(S * S);
                pixels.extend(acc[..3].iter().map(|c| (c / acc[3]).round() as u8));
                pixels.push((alpha * 255.0).round() as u8);
            }
        }
    }
    pixels
}

/// The colour at (x, y) in the favicon's view box, topmost shape first.
fn icon_colour(x: f64, y: f64) -> Option<[u8; 3]> {
    const BLUE: [u8; 3] = [0x38, 0xbd, 0xf8];
    const GREEN: [u8; 3] = [0x7e, 0xe7, 0x87];
    const YELLOW: [u8; 3] = [0xfe, 0xbc, 0x2e];
    let boxes = [(6.0, 17.0, BLUE), (13.0, 17.0, GREEN), (20.0, 17.0, BLUE), (9.5, 11.0, YELLOW), (16.5, 11.0, BLUE)];
    // The hull: M4 24 h24 l-3 4 H7 z.
    if (24.0..=28.0).contains(&y) {
        let inset = (y - 24.0) * 0.75;
        if x >= 4.0 + inset && x <= 28.0 - inset {
            return Some([0x93, 0xa4, 0xb5]);
        }
    }
    for (bx, by, colour) in boxes {
        if in_rounded_rect(x, y, bx, by, 6.0, 5.0, 1.0) {
            return Some(colour);
        }
    }
    in_rounded_rect(x, y, 0.0, 0.0, 32.0, 32.0, 7.0).then_some([0x0f, 0x17, 0x20])
}

fn in_rounded_rect(x: f64, y: f64, left: f64, top: f64, w: f64, h: f64, r: f64) -> bool {
    if x < left || y < top || x > left + w || y > top + h {
        return false;
    }
    let dx = (left + r - x).max(x - (left + w - r)).max(0.0);
    let dy = (top + r - y).max(y - (top + h - r)).max(0.0);
    dx * dx + dy * dy <= r * r
}

/// An RGBA PNG. The deflate stream comes from the system gzip (xtask has no dependencies):
/// gzip's output is a 10-byte header, raw deflate and an 8-byte trailer.
fn encode_png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>> {
    let mut raw = Vec::with_capacity(rgba.len() + height as usize);
    for row in rgba.chunks(width as usize * 4) {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let gz = crate::site::gzip(&raw)?;
    if gz.len() < 18 || gz[3] != 0 {
        return Err("unexpected gzip output while encoding a PNG".into());
    }
    let mut zlib = vec![0x78, 0xda];
    zlib.extend_from_slice(&gz[10..gz.len() - 8]);
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8 bits, RGBA, deflate, no filter set, no interlace
    for (kind, data) in [(b"IHDR", &ihdr), (b"IDAT", &zlib), (b"IEND", &Vec::new())] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    Ok(png)
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_and_adler32_known_values() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    }

    #[test]
    fn fills_the_service_worker_template() {
        let t = "a\nconst VERSION = 'dev'; // xtask: version\nconst FILES = []; // xtask: files\nb";
        let out = fill_template(t, "00ff", "\"./\", \"index.html\"").unwrap();
        assert_eq!(out, "a\nconst VERSION = '00ff';\nconst FILES = [\"./\", \"index.html\"];\nb\n");
        assert!(fill_template("nothing", "v", "").is_err());
    }

    #[test]
    fn the_service_worker_leaves_out_comment_and_blank_lines() {
        let t = "// about\n'use strict';\n\nconst VERSION = 'x'; // xtask: version\n  // why\nconst FILES = []; // xtask: files\nf(); // kept\n";
        let out = fill_template(t, "1", "").unwrap();
        assert_eq!(out, "'use strict';\nconst VERSION = '1';\nconst FILES = [];\nf(); // kept\n");
    }

    #[test]
    fn icon_has_transparent_corners_and_a_dark_middle() {
        let px = draw_icon(32);
        assert_eq!(px[3], 0, "top-left corner is transparent");
        let middle = ((5 * 32 + 16) * 4) as usize;
        assert_eq!(&px[middle..middle + 4], &[0x0f, 0x17, 0x20, 255]);
    }
}
