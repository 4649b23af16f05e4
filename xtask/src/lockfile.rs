//! Reads pinned versions out of `Cargo.lock` and `Trunk.toml`, so the tools xtask installs always
//! match what the build links against (a wasm-bindgen CLI that differs from the library by one
//! patch version refuses to run).

use std::path::Path;

use crate::Result;

/// The version of `package` recorded in the lockfile text (the first entry if several).
pub fn version_in_lock(lock: &str, package: &str) -> Option<String> {
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == wanted {
            let version = lines.next()?.strip_prefix("version = \"")?;
            return Some(version.trim_end_matches('"').to_string());
        }
    }
    None
}

/// The value of `key = "..."` in a TOML file's text (first occurrence, any table).
pub fn toml_string(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        if k.trim() != key {
            return None;
        }
        let v = v.split('#').next()?.trim();
        Some(v.strip_prefix('"')?.strip_suffix('"')?.to_string())
    })
}

/// The wasm-bindgen version the app builds against, checked against Trunk.toml's pin.
pub fn wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock = read(&root.join("Cargo.lock"))?;
    let locked = version_in_lock(&lock, "wasm-bindgen")
        .ok_or("Cargo.lock has no wasm-bindgen entry: is `app` in the workspace?")?;
    let trunk = read(&root.join("Trunk.toml"))?;
    match toml_string(&trunk, "wasm_bindgen") {
        Some(pinned) if pinned == locked => Ok(locked),
        Some(pinned) => Err(format!(
            "Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen {locked}; \
             make them equal (and keep app/Cargo.toml's \"=\" pin in step)"
        )),
        None => Err("Trunk.toml has no [tools] wasm_bindgen pin".into()),
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen-macro"
version = "0.2.999"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://example.invalid/index"
"#;

    #[test]
    fn finds_exact_package_name() {
        assert_eq!(version_in_lock(LOCK, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(version_in_lock(LOCK, "yew"), None);
    }

    #[test]
    fn reads_toml_strings() {
        let toml = "[tools]\nwasm_bindgen = \"0.2.130\"  # pinned\nwasm_opt = \"version_132\"\n";
        assert_eq!(toml_string(toml, "wasm_bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(toml_string(toml, "wasm_opt").as_deref(), Some("version_132"));
        assert_eq!(toml_string(toml, "dist"), None);
    }
}
