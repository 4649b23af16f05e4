//! Identifiers and timestamps that real Docker draws at random but the
//! simulator never stored (sandbox IDs, overlay2 cache directories, layer
//! digests, the nanoseconds of a timestamp). They are derived from what the
//! world does store, so `docker inspect` shows the same value every time it
//! is asked, and drawing them does not disturb the world's one RNG.

use crate::time::{SimTime, EPOCH_SECS};

/// 64 lowercase hex characters determined by `parts` (not a real SHA-256,
/// only stable and well spread).
pub fn hex64(parts: &[&str]) -> String {
    let mut seed: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0u8)) {
            seed ^= u64::from(b);
            seed = seed.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let mut out = String::with_capacity(64);
    for round in 0..4u64 {
        out.push_str(&format!("{:016x}", mix(seed ^ round.wrapping_mul(0x9E37_79B9_7F4A_7C15))));
    }
    out
}

/// A number below `n` determined by `parts`.
pub fn below(parts: &[&str], n: u64) -> u64 {
    let h = hex64(parts);
    let v = u64::from_str_radix(h.get(..16).unwrap_or("0"), 16).unwrap_or(0);
    if n == 0 {
        0
    } else {
        v % n
    }
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Go's `time.Time.Format(time.RFC3339Nano)` in UTC: the fraction loses its
/// trailing zeros, and disappears when it is zero.
pub fn rfc3339_nano(secs: i64, nanos: u32) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = crate::time::civil_from_days(days);
    let mut s = format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", rem / 3600, (rem % 3600) / 60, rem % 60);
    if nanos > 0 {
        let frac = format!("{:09}", nanos % 1_000_000_000);
        s.push('.');
        s.push_str(frac.trim_end_matches('0'));
    }
    s.push('Z');
    s
}

/// The RFC 3339 timestamp of a simulated instant, with sub-millisecond
/// nanoseconds drawn from `salt` so it looks like a real clock reading.
pub fn sim_time_rfc3339(t: SimTime, salt: &[&str]) -> String {
    let total_ms = EPOCH_SECS.saturating_mul(1000).saturating_add(t.ms());
    let secs = i64::try_from(total_ms / 1000).unwrap_or(i64::MAX / 2);
    let nanos = (total_ms % 1000) as u32 * 1_000_000 + below(salt, 1_000_000) as u32;
    rfc3339_nano(secs, nanos)
}

/// Go's zero `time.Time`, as Docker prints a moment that never happened.
pub const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// Go's `time.Time.String()` for a Unix second in UTC (`2025-03-10 10:00:00 +0000 UTC`).
pub fn go_time_string(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = crate::time::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} +0000 UTC", rem / 3600, (rem % 3600) / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::DateTime;

    #[test]
    fn hex_is_stable_and_64_long() {
        let a = hex64(&["container", "abc"]);
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(a, hex64(&["container", "abc"]));
        assert_ne!(a, hex64(&["container", "abd"]));
        assert_ne!(hex64(&["ab", "c"]), hex64(&["a", "bc"]));
    }

    #[test]
    fn rfc3339_nano_trims_like_go() {
        let epoch = EPOCH_SECS as i64;
        assert_eq!(rfc3339_nano(epoch, 0), "2025-03-10T10:00:00Z");
        assert_eq!(rfc3339_nano(epoch, 120_000_000), "2025-03-10T10:00:00.12Z");
        assert_eq!(rfc3339_nano(epoch + 61, 123_456_789), "2025-03-10T10:01:01.123456789Z");
        assert_eq!(go_time_string(epoch), "2025-03-10 10:00:00 +0000 UTC");
        let d = DateTime::at(SimTime(0));
        assert_eq!((d.year, d.month, d.day), (2025, 3, 10));
    }
}
