//! Where things live: the repository, the tools folder outside it, and the PATH that child
//! processes get so they find the tools xtask installed.
//!
//! Tools that are not Rust binaries (wasm-opt from npm) go to `$XDG_CACHE_HOME/muelle/tools` or
//! `~/.cache/muelle/tools`: outside the repository, so a fresh clone and `git clean` keep them.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The workspace root (the parent of this crate's folder), found at run time: a build
/// shared between two checkouts through one `CARGO_TARGET_DIR` must not send one
/// checkout's commands to the other's files. `cargo run` passes the manifest folder in
/// the environment; otherwise look upwards from the current folder; the compile-time
/// folder is the last resort.
pub fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let is_root = |d: &Path| d.join("xtask").join("Cargo.toml").is_file() && d.join("Cargo.toml").is_file();
        if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) {
            if let Some(parent) = dir.parent().filter(|p| is_root(p)) {
                return parent.to_path_buf();
            }
        }
        if let Ok(cwd) = std::env::current_dir() {
            if let Some(found) = cwd.ancestors().find(|d| is_root(d)) {
                return found.to_path_buf();
            }
        }
        let built = Path::new(env!("CARGO_MANIFEST_DIR"));
        built.parent().unwrap_or(built).to_path_buf()
    })
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"))
}

/// Folder for tools installed with npm.
pub fn tools_dir() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).unwrap_or_else(|| home().join(".cache"));
    cache.join("muelle").join("tools")
}

/// Where `cargo install` puts binaries.
pub fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME").map(PathBuf::from).unwrap_or_else(|| home().join(".cargo")).join("bin")
}

/// The PATH for child processes: npm tools first, then cargo's bin folder, then the inherited
/// PATH.
pub fn child_path() -> &'static OsString {
    static PATH: OnceLock<OsString> = OnceLock::new();
    PATH.get_or_init(|| {
        let mut dirs = vec![tools_dir().join("node_modules").join(".bin"), cargo_bin()];
        if let Some(inherited) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&inherited));
        }
        std::env::join_paths(dirs).expect("PATH entries contain no separator")
    })
}
