//! The simulator's worker in the release site (see ARCHITECTURE.md, "Two threads").
//!
//! Trunk builds `sim-worker/` as a worker (`data-type="worker"` in index.html: wasm-bindgen's
//! `no-modules` glue, wasm-opt like the page) but does not hash a worker's file names, since a
//! page must name its worker's script at run time; it copies the worker's script,
//! `sim-worker-loader.js`, as it is. Fixed names would let a browser's HTTP cache pair a new page
//! with an old simulator, so the release build renames the three files by a hash of their
//! contents and writes the new names into the loader and into index.html, the one place that
//! names the loader.

use std::path::Path;

use crate::offline::Fnv;
use crate::Result;

/// Every file of the worker starts with this: what it downloads is not part of what makes the
/// page usable (it loads in parallel).
pub const PREFIX: &str = "sim-worker";
const GLUE: &str = "sim-worker.js";
const WASM: &str = "sim-worker_bg.wasm";
const LOADER: &str = "sim-worker-loader.js";

/// Whether `name` (a file in `dist/`) is one of the worker's.
pub fn is_worker(name: &str) -> bool {
    name.starts_with(PREFIX)
}

/// Whether `name` is the worker's wasm.
pub fn is_worker_wasm(name: &str) -> bool {
    is_worker(name) && name.ends_with(".wasm")
}

/// Renames the worker's files in `dist` by a hash of their contents (see the module's doc).
pub fn hash_names(dist: &Path) -> Result {
    let (glue, wasm) = (read(&dist.join(GLUE))?, read(&dist.join(WASM))?);
    let loader = String::from_utf8(read(&dist.join(LOADER))?).map_err(|_| format!("{LOADER} is not UTF-8"))?;
    let index_path = dist.join("index.html");
    let index = String::from_utf8(read(&index_path)?).map_err(|_| "index.html is not UTF-8".to_string())?;
    let mut hash = Fnv::default();
    for part in [&glue, &wasm, loader.as_bytes()] {
        hash.add(part);
    }
    let stem = format!("{PREFIX}-{:016x}", hash.0);
    let names =
        Names { glue: format!("{stem}.js"), wasm: format!("{stem}_bg.wasm"), loader: format!("{stem}-loader.js") };
    let loader = names.loader_text(&loader)?;
    let index = names.index_text(&index)?;
    write(&dist.join(&names.glue), &glue)?;
    write(&dist.join(&names.wasm), &wasm)?;
    write(&dist.join(&names.loader), loader.as_bytes())?;
    write(&index_path, index.as_bytes())?;
    for old in [GLUE, WASM, LOADER] {
        let path = dist.join(old);
        std::fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    Ok(())
}

struct Names {
    glue: String,
    wasm: String,
    loader: String,
}

impl Names {
    /// The loader naming the renamed glue and wasm (`'./sim-worker.js'`, `'./sim-worker_bg.wasm'`).
    fn loader_text(&self, loader: &str) -> Result<String> {
        let loader = replace_once(loader, &format!("'./{GLUE}'"), &format!("'./{}'", self.glue), LOADER)?;
        replace_once(&loader, &format!("'./{WASM}'"), &format!("'./{}'", self.wasm), LOADER)
    }

    /// index.html naming the renamed loader (in its early-start script).
    fn index_text(&self, index: &str) -> Result<String> {
        replace_once(index, LOADER, &self.loader, "index.html")
    }
}

/// `text` with `from` (which must occur exactly once) replaced by `to`.
pub fn replace_once(text: &str, from: &str, to: &str, file: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!("{file} names {from} {n} times, not once: cannot rename the simulator's worker")),
    }
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            glue: "sim-worker-ab.js".into(),
            wasm: "sim-worker-ab_bg.wasm".into(),
            loader: "sim-worker-ab-loader.js".into(),
        }
    }

    #[test]
    fn the_loader_and_the_page_get_the_hashed_names() {
        let loader = "// sim-worker/ loads sim-worker.js\nimportScripts('./sim-worker.js');\nwasm_bindgen({ module_or_path: './sim-worker_bg.wasm' });";
        assert_eq!(
            names().loader_text(loader).unwrap(),
            "// sim-worker/ loads sim-worker.js\nimportScripts('./sim-worker-ab.js');\nwasm_bindgen({ module_or_path: './sim-worker-ab_bg.wasm' });"
        );
        let index = r#"<script>var u=new URL("sim-worker-loader.js",document.baseURI)</script>"#;
        assert_eq!(
            names().index_text(index).unwrap(),
            r#"<script>var u=new URL("sim-worker-ab-loader.js",document.baseURI)</script>"#
        );
    }

    #[test]
    fn a_name_missing_or_doubled_is_refused() {
        assert!(names().index_text("<html></html>").is_err());
        assert!(names().index_text("sim-worker-loader.js sim-worker-loader.js").is_err());
        assert!(names().loader_text("importScripts('./sim-worker.js');").is_err());
    }

    #[test]
    fn the_worker_files_are_told_apart() {
        assert!(is_worker("sim-worker-0123_bg.wasm") && is_worker_wasm("sim-worker-0123_bg.wasm"));
        assert!(is_worker("sim-worker-0123-loader.js") && !is_worker_wasm("sim-worker-0123-loader.js"));
        assert!(!is_worker("app-0123_bg.wasm") && !is_worker("sw.js"));
    }
}
