//! The decoder of share links made before version byte 2 (see `share.rs`): their payload is
//! `MW1`, the raw length as a LEB128 varint, then groups of a flag byte and up to eight items
//! (bit set: a match of 3 bytes — 16-bit little-endian distance, length − 4 — else one
//! literal). Links are written with deflate now; this stays so that every link ever shared still
//! opens. Bounded: nothing larger than [`MAX_RAW`] is ever produced or allocated.

use super::MAX_RAW;

/// What every old payload starts with.
pub const MAGIC: &[u8] = b"MW1";
const MIN_MATCH: usize = 4;

/// The length an old payload declares in its header, if it has one.
pub fn declared_len(data: &[u8]) -> Option<usize> {
    let mut rest = data.strip_prefix(MAGIC)?;
    let mut n: usize = 0;
    for shift in (0..=28).step_by(7) {
        let (&b, r) = rest.split_first()?;
        rest = r;
        n |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

/// The bytes an old payload holds; `None` for anything else or larger than [`MAX_RAW`].
pub fn decompress(data: &[u8]) -> Option<Vec<u8>> {
    let mut rest = data.strip_prefix(MAGIC)?;
    let mut n: usize = 0;
    for shift in (0..).step_by(7) {
        let (&b, r) = rest.split_first()?;
        rest = r;
        if shift > 28 {
            return None;
        }
        n |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            break;
        }
    }
    if n > MAX_RAW {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let (&flags, r) = rest.split_first()?;
        rest = r;
        for bit in 0..8 {
            if out.len() >= n {
                break;
            }
            if flags & (1 << bit) != 0 {
                let (m, r) = rest.split_at_checked(3)?;
                rest = r;
                let dist = u16::from_le_bytes([m[0], m[1]]) as usize;
                let len = m[2] as usize + MIN_MATCH;
                if dist == 0 || dist > out.len() || out.len() + len > n {
                    return None;
                }
                let start = out.len() - dist;
                for k in 0..len {
                    out.push(out[start + k]);
                }
            } else {
                let (&b, r) = rest.split_first()?;
                rest = r;
                out.push(b);
            }
        }
    }
    rest.is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_matches_decode() {
        // "abcd" as literals, then a match of 8 at distance 4, then "!" (flag bits 4 and 5: the
        // match is the fifth item).
        let data = [b"MW1".as_slice(), &[13, 0b0001_0000, b'a', b'b', b'c', b'd', 4, 0, 4, b'!']].concat();
        assert_eq!(decompress(&data).as_deref(), Some(&b"abcdabcdabcd!"[..]));
        assert_eq!(declared_len(&data), Some(13));
    }

    #[test]
    fn bad_payloads_are_refused() {
        for bad in [&b""[..], b"MW1", b"MW2\x01\x00a", b"MW1\x02\x00a", b"MW1\x01\x01\x01\x00\x00", b"MW1\x01\x00ab"] {
            assert_eq!(decompress(bad), None, "{bad:?}");
        }
        // A huge declared length is refused before anything is allocated.
        assert_eq!(decompress(b"MW1\xff\xff\xff\xff\x0f"), None);
    }
}
