//! The page part loaded when first opened (ARCHITECTURE.md, "Page parts"): `app/muelle-part.js`,
//! issue 15's inspector and comparison. Trunk copies it as it is (`copy-file` in index.html);
//! the release build renames it by a hash of its bytes, `muelle-part-<hash>.js`, and writes the
//! name into index.html's loader (`muellePart`), so a browser's cache never pairs a new page
//! with an old part. The service worker precaches it like every file of the site. It is not
//! part of what a first visit needs until the page is usable: the size report shows it apart.

use std::path::Path;

use crate::offline::Fnv;
use crate::worker::{read, replace_once, write};
use crate::Result;

/// The part's file names start with this.
pub const PREFIX: &str = "muelle-part";
const FILE: &str = "muelle-part.js";

/// Whether `name` (a file in `dist/`) is the page part.
pub fn is_part(name: &str) -> bool {
    name.starts_with(PREFIX)
}

/// Renames the part in `dist` by a hash of its bytes and names it so in index.html.
pub fn hash_name(dist: &Path) -> Result {
    let bytes = read(&dist.join(FILE))?;
    let mut hash = Fnv::default();
    hash.add(&bytes);
    let name = hashed(hash.0);
    let index_path = dist.join("index.html");
    let index = String::from_utf8(read(&index_path)?).map_err(|_| "index.html is not UTF-8".to_string())?;
    let index = replace_once(&index, FILE, &name, "index.html")?;
    write(&dist.join(&name), &bytes)?;
    write(&index_path, index.as_bytes())?;
    let old = dist.join(FILE);
    std::fs::remove_file(&old).map_err(|e| format!("cannot remove {}: {e}", old.display()))
}

fn hashed(hash: u64) -> String {
    format!("{PREFIX}-{hash:016x}.js")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_part_is_told_apart_and_named_by_its_hash() {
        assert!(is_part(&hashed(0xab)) && is_part(FILE));
        assert!(!is_part("app-0123.js") && !is_part("sim-worker-0123.js"));
        assert_eq!(hashed(0xab), "muelle-part-00000000000000ab.js");
    }
}
