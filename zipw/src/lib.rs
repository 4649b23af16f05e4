//! Muelle's one zip writer, shared by the page (the "folder for real Docker" download,
//! `app/src/share/zip.rs`) and the build (`muelle-site.zip` when no `zip` program is installed,
//! `xtask/src/offline.rs`).
//!
//! Entries are *stored* (method 0, no compression): enough for a folder of text files that any
//! unzip tool, file manager or `python -m zipfile` opens, and no compressor in the page's wasm.
//! Names are UTF-8 (flag bit 11) and every entry has the same fixed timestamp, so the same files
//! always give the same bytes.
//!
//! The CRC-32 ([`crc32`], also used for xtask's PNG chunks) is computed bit by bit, not with
//! `crc32fast`: that crate's slice-by-16 table is 16 KiB of data, and data stays in the part of
//! the page's wasm a first visit downloads (the split moves only functions); measured, it added
//! 16,407 bytes gzip to the first download. The files here are small and the checksum runs once
//! per download, so the loop's speed does not matter.
//!
//! What a name may be is the caller's business (the page filters names a student's system
//! could not unpack safely before calling [`stored`]).

/// 2026-01-01 00:00 in MS-DOS form (the format has no time zone; any fixed date will do).
const DOS_DATE: u16 = ((2026 - 1980) << 9) | (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// "Language encoding flag": names are UTF-8.
const UTF8: u16 = 1 << 11;

/// CRC-32 (IEEE, reflected polynomial 0xEDB88320), as zip and PNG use it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The zip file holding `entries` (path inside the archive, bytes), in that order.
///
/// The classic format's limits (65,535 entries, 4 GiB) are far above what Muelle writes; an
/// entry or archive past them would get wrapped sizes, so callers keep well within them.
pub fn stored(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let mut common = Vec::with_capacity(26);
        common.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        common.extend_from_slice(&UTF8.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // method: stored
        common.extend_from_slice(&DOS_TIME.to_le_bytes());
        common.extend_from_slice(&DOS_DATE.to_le_bytes());
        common.extend_from_slice(&crc32(data).to_le_bytes());
        common.extend_from_slice(&(data.len() as u32).to_le_bytes()); // compressed size
        common.extend_from_slice(&(data.len() as u32).to_le_bytes());
        common.extend_from_slice(&(name.len() as u16).to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // extra field length

        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&common);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&0x031eu16.to_le_bytes()); // made by: Unix, spec 3.0
        central.extend_from_slice(&common);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment length
        central.extend_from_slice(&0u16.to_le_bytes()); // disk number
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&(0o100644u32 << 16).to_le_bytes()); // rw-r--r-- file
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_at = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&0u16.to_le_bytes()); // this disk
    out.extend_from_slice(&0u16.to_le_bytes()); // disk with the central directory
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    out
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

    #[test]
    fn crc32_known_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"The quick brown fox jumps over the lazy dog"), 0x414f_a339);
    }

    /// Reads the archive back the way unzip does: from the end record through the central
    /// directory to each local header.
    #[test]
    fn entries_read_back_through_the_central_directory() {
        let entries = vec![
            ("p/docker-compose.yaml".to_string(), b"services: {}\n".to_vec()),
            ("p/web/índice.html".to_string(), "<h1>¡Hola!</h1>".as_bytes().to_vec()),
        ];
        let zip = stored(&entries);
        let end = zip.len() - 22;
        assert_eq!(&zip[end..end + 4], b"PK\x05\x06");
        assert_eq!(u16_at(&zip, end + 10), 2);
        let mut at = u32_at(&zip, end + 16);
        for (name, data) in &entries {
            assert_eq!(&zip[at..at + 4], b"PK\x01\x02");
            assert_eq!(u16_at(&zip, at + 8), 1 << 11, "UTF-8 names");
            let name_len = u16_at(&zip, at + 28);
            assert_eq!(&zip[at + 46..at + 46 + name_len], name.as_bytes());
            assert_eq!(u32_at(&zip, at + 16), crc32(data) as usize);
            let local = u32_at(&zip, at + 42);
            assert_eq!(&zip[local..local + 4], b"PK\x03\x04");
            let body = local + 30 + u16_at(&zip, local + 26);
            assert_eq!(&zip[body..body + data.len()], &data[..]);
            at += 46 + name_len;
        }
        assert_eq!(at, end, "the central directory ends where the end record starts");
        assert_eq!(stored(&entries), zip, "same files, same bytes");
    }

    #[test]
    fn an_empty_archive_is_just_the_end_record() {
        let zip = stored(&[]);
        assert_eq!(zip.len(), 22);
        assert_eq!(&zip[..4], b"PK\x05\x06");
    }

    /// `unzip -t` (when installed) accepts what the writer makes.
    #[test]
    fn passes_unzip_test() {
        use std::process::Command;
        if Command::new("unzip").arg("-v").output().is_err() {
            return;
        }
        let path = std::env::temp_dir().join(format!("zipw-{}.zip", std::process::id()));
        let zip = stored(&[("muelle/a.txt".into(), b"hola".to_vec()), ("muelle/b/c".into(), vec![7; 1000])]);
        std::fs::write(&path, zip).unwrap();
        let out = Command::new("unzip").arg("-t").arg(&path).output().unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    }
}
