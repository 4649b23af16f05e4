//! The lessons' file of the site (`lessons-<hash>.bin`): the page fetches it when it first needs
//! a lesson rather than carrying the lessons in its wasm (`app/src/lessons/catalog.rs`).
//! `app/build.rs` writes it beside the page's build, in its `OUT_DIR`; trunk's `post_build` hook
//! (Trunk.toml) runs `cargo xtask lessons-file`, which copies it into the site trunk is staging,
//! so `trunk build` and `trunk serve` both have it, and the service worker (written afterwards
//! by [`crate::offline`]) precaches it.

use std::path::{Path, PathBuf};

use crate::{paths, Result};

const PREFIX: &[u8] = b"lessons-";
const SUFFIX: &[u8] = b".bin";
/// Hex digits of the hash in the name.
const HASH_LEN: usize = 16;

/// For trunk's hook: into `$TRUNK_STAGING_DIR`.
pub fn copy_into_staging() -> Result {
    let staging = std::env::var_os("TRUNK_STAGING_DIR").ok_or("TRUNK_STAGING_DIR is not set: run by trunk's hook")?;
    copy_into(Path::new(&staging))
}

/// Copies the lessons' file the page's wasm in `site` names into `site`.
pub fn copy_into(site: &Path) -> Result {
    let name = wanted(site)?;
    let found = candidates(&name).into_iter().find(|p| p.is_file()).ok_or_else(|| {
        format!("{name}, which the page's wasm names, is in no build folder of the app (app/build.rs writes it)")
    })?;
    std::fs::copy(&found, site.join(&name)).map_err(|e| format!("cannot copy {}: {e}", found.display()))?;
    Ok(())
}

/// The lessons' file named in the page's wasm (`app-….wasm` or `app_bg.wasm` in `site`).
fn wanted(site: &Path) -> Result<String> {
    let entries = std::fs::read_dir(site).map_err(|e| format!("cannot list {}: {e}", site.display()))?;
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("app") && name.ends_with(".wasm")) {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| format!("cannot read {name}: {e}"))?;
        if let Some(found) = find_name(&bytes) {
            return Ok(found);
        }
        return Err(format!("{name} names no lessons file (lessons-<hash>.bin)"));
    }
    Err(format!("no page wasm (app….wasm) in {}", site.display()))
}

/// The first `lessons-<16 hex digits>.bin` in `bytes`.
fn find_name(bytes: &[u8]) -> Option<String> {
    let len = PREFIX.len() + HASH_LEN + SUFFIX.len();
    bytes.windows(len).find_map(|w| {
        let hash = &w[PREFIX.len()..PREFIX.len() + HASH_LEN];
        (w.starts_with(PREFIX) && w.ends_with(SUFFIX) && hash.iter().all(u8::is_ascii_hexdigit))
            .then(|| String::from_utf8_lossy(w).into_owned())
    })
}

/// Where `app/build.rs` may have written `name`: every `OUT_DIR` of the app in the target folder.
fn candidates(name: &str) -> Vec<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| paths::root().join("target"), PathBuf::from);
    let mut out = Vec::new();
    for profile in ["release", "debug"] {
        let build = target.join("wasm32-unknown-unknown").join(profile).join("build");
        let Ok(dirs) = std::fs::read_dir(&build) else { continue };
        for dir in dirs.filter_map(|e| e.ok()) {
            if dir.file_name().to_string_lossy().starts_with("app-") {
                out.push(dir.path().join("out").join(name));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_name_among_other_bytes() {
        let mut wasm = b"\0asm lessons-xyz.bin lessons-".to_vec();
        wasm.extend_from_slice(b"0123456789abcdef.bin\0rest");
        assert_eq!(find_name(&wasm).as_deref(), Some("lessons-0123456789abcdef.bin"));
        assert_eq!(find_name(b"lessons-0123456789abcdeg.bin"), None);
    }
}
