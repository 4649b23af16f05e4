//! The project as a zip for real Docker: the workspace's one zip writer (`zipw`, shared with
//! xtask: stored entries, UTF-8 names, a fixed timestamp) behind a filter of entry names.
//!
//! The archive is unpacked on any system, so an entry whose name could land outside the folder
//! or that Windows cannot create (`..`, absolute, `\`, `:`, reserved device names… — see
//! [`crate::names`]) is never written, whatever the caller passes: the zip holds the rest.

/// Whether `name` may be an entry's name (see the module's docs).
pub fn safe_entry(name: &str) -> bool {
    crate::names::check_path(name).is_ok()
}

/// The zip file holding `entries` (path inside the archive, bytes), in that order; entries with
/// unsafe names ([`safe_entry`]) are left out.
pub fn stored(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let safe: Vec<(String, Vec<u8>)> = entries.iter().filter(|(name, _)| safe_entry(name)).cloned().collect();
    zipw::stored(&safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16_at(b: &[u8], i: usize) -> usize {
        u16::from_le_bytes([b[i], b[i + 1]]) as usize
    }
    fn u32_at(b: &[u8], i: usize) -> usize {
        u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize
    }

    /// Every name in the central directory of `zip`.
    fn names_in(zip: &[u8]) -> Vec<String> {
        let end = zip.len() - 22;
        let mut at = u32_at(zip, end + 16);
        let mut out = Vec::new();
        for _ in 0..u16_at(zip, end + 10) {
            let len = u16_at(zip, at + 28);
            out.push(String::from_utf8(zip[at + 46..at + 46 + len].to_vec()).unwrap());
            at += 46 + len;
        }
        out
    }

    #[test]
    fn unsafe_names_never_reach_the_archive() {
        let bad = [
            "muelle-proyecto/..\\..\\..\\evil.bat",
            "muelle-proyecto/../evil",
            "/etc/passwd",
            "muelle-proyecto/c:evil",
            "muelle-proyecto/CON",
            "muelle-proyecto/web/aux.html",
            "muelle-proyecto/a\nb",
            "muelle-proyecto/fin.",
            "",
        ];
        let mut entries: Vec<(String, Vec<u8>)> = bad.iter().map(|n| (n.to_string(), b"x".to_vec())).collect();
        entries.push(("muelle-proyecto/compose.yaml".into(), b"services: {}\n".to_vec()));
        let zip = stored(&entries);
        assert_eq!(names_in(&zip), ["muelle-proyecto/compose.yaml"]);
        for n in bad {
            assert!(!safe_entry(n), "{n:?}");
        }
    }
}
