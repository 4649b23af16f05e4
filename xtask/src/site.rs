//! Builds the release page into `dist/` and measures what a visitor downloads.
//!
//! The sizes are the point of the report: the page is only usable if its wasm stays small, so
//! every `dist` and `test` run prints raw and gzip sizes of the files the browser fetches.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::process::{self, tool};
use crate::{offline, part, paths, ui, worker, Result};

/// Files in `dist/` and their sizes, raw and gzip -9.
pub struct SizeReport {
    rows: Vec<(String, u64, u64)>,
}

/// `cargo fetch` (trunk runs cargo offline), then a release build of the page and the
/// simulator's worker with wasm-opt -Oz (flags in index.html) and relative asset URLs.
pub fn build_release() -> Result<SizeReport> {
    fetch()?;
    ui::say("building the release site into dist/ (wasm-opt -Oz --low-memory-unused, --public-url ./)…");
    process::run(tool("trunk").args(["build", "--release", "--public-url", "./"]))?;
    let dist = paths::root().join("dist");
    worker::hash_names(&dist)?;
    part::hash_name(&dist)?;
    // After the renaming: the service worker precaches the worker's files by their final names.
    offline::finish_site(&dist)?;
    SizeReport::measure(&dist)
}

/// Downloads crates while the network is allowed; the build itself is offline.
pub fn fetch() -> Result {
    process::run(process::cargo().args(["fetch", "--quiet"]))
}

impl SizeReport {
    /// Sizes of the top-level `.wasm`, `.js`, `.css` and `.html` files in `dist`.
    pub fn measure(dist: &Path) -> Result<SizeReport> {
        let entries = std::fs::read_dir(dist).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js" | "css" | "html"))
            })
            .collect();
        files.sort();
        let mut rows = Vec::new();
        for file in files {
            let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            rows.push((name.into_owned(), bytes.len() as u64, gzip_len(&bytes)?));
        }
        Ok(SizeReport { rows })
    }

    pub fn print(&self) {
        println!();
        println!("{:<44} {:>11} {:>11}", "dist/", "raw bytes", "gzip -9");
        for (name, raw, gz) in &self.rows {
            println!("{name:<44} {raw:>11} {gz:>11}");
        }
        let (raw, gz) = self.first_visit();
        println!("{:<44} {raw:>11} {gz:>11}", "until the page is usable");
        let (worker_raw, worker_gz) = self.total_where(worker::is_worker);
        println!("{:<44} {worker_raw:>11} {worker_gz:>11}", "the simulator's worker (in parallel)");
        let (part_raw, part_gz) = self.total_where(part::is_part);
        println!("{:<44} {part_raw:>11} {part_gz:>11}", "the page part (when first opened)");
        let (_, page_wasm) = self.total_where(|name| name.ends_with(".wasm") && !worker::is_worker(name));
        let (_, worker_wasm) = self.total_where(worker::is_worker_wasm);
        ui::say(&format!(
            "a first visit downloads {gz} bytes gzip ({} KiB) before the page is usable (budget \
             250,000), the simulator's worker {worker_gz} bytes gzip ({} KiB) in parallel; wasm \
             gzip: page {page_wasm}, worker {worker_wasm}",
            gz / 1024,
            worker_gz / 1024
        ));
    }

    /// Raw and gzip bytes of what the page needs before it is usable: html, js, the page's
    /// wasm, css and the service worker; not the simulator's worker, which loads in parallel,
    /// nor the page part, loaded when first opened.
    pub fn first_visit(&self) -> (u64, u64) {
        self.total_where(|name| !worker::is_worker(name) && !part::is_part(name))
    }

    fn total_where(&self, keep: impl Fn(&str) -> bool) -> (u64, u64) {
        self.rows.iter().filter(|(name, _, _)| keep(name)).fold((0, 0), |(r, g), (_, raw, gz)| (r + raw, g + gz))
    }
}

/// Size of `bytes` after `gzip -9`.
fn gzip_len(bytes: &[u8]) -> Result<u64> {
    Ok(gzip(bytes)?.len() as u64)
}

/// `bytes` through `gzip -9` (the system gzip: xtask has no compression dependency).
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut child = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start gzip: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let data = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let output = child.wait_with_output().map_err(|e| format!("gzip failed: {e}"))?;
    writer.join().map_err(|_| "gzip writer panicked".to_string())?.map_err(|e| format!("gzip failed: {e}"))?;
    if !output.status.success() {
        return Err(format!("gzip failed ({})", output.status));
    }
    Ok(output.stdout)
}
