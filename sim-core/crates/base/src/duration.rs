//! Go's durations, written once: `time.ParseDuration` (docker's `--health-*` flags, a
//! Dockerfile's `HEALTHCHECK --interval=…`), compose-go's `str2duration.ParseDuration`
//! (the same grammar plus `d` and `w`, for `healthcheck.interval`, `stop_grace_period`…)
//! and `time.Duration.String()` (`docker compose config` prints durations back).
//!
//! The parser follows Go's algorithm step by step — integer arithmetic on nanoseconds, the
//! fraction scaled with one `f64` multiply, overflow refused — so `1.5s`, `.5s`, `5.s`,
//! `0.3333333333333333333h` and `9223372036854775807ns` give Go's exact values, and what
//! Go refuses (`""`, `"3"`, `"."`, `"1d"` without days, an overflow) is `None` here.

/// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, in nanoseconds.
pub fn parse(s: &str) -> Option<i64> {
    parse_units(s, false)
}

/// A Go duration (`30s`, `1m30s`, `500ms`, Go's `time.ParseDuration`) in whole
/// milliseconds, as docker's `--health-*` flags and a Dockerfile's `HEALTHCHECK` options
/// keep it; `None` when Go refuses it or it is negative.
pub fn millis(s: &str) -> Option<u64> {
    parse(s).and_then(|ns| u64::try_from(ns).ok()).map(|ns| ns / 1_000_000)
}

/// compose-go's `str2duration.ParseDuration`: Go's grammar, plus `d` (24 h) and `w` (7 d).
pub fn parse_with_days(s: &str) -> Option<i64> {
    parse_units(s, true)
}

const NS: u64 = 1;
const US: u64 = 1_000 * NS;
const MS: u64 = 1_000 * US;
const SEC: u64 = 1_000 * MS;
const MIN: u64 = 60 * SEC;
const HOUR: u64 = 60 * MIN;
const DAY: u64 = 24 * HOUR;
const WEEK: u64 = 7 * DAY;
/// `1 << 63`: one past `i64::MAX`, reachable only by a negative duration.
const LIMIT: u64 = 1 << 63;

fn unit(u: &str, days: bool) -> Option<u64> {
    Some(match u {
        "ns" => NS,
        // U+00B5 (micro sign) and U+03BC (Greek mu), as Go accepts both.
        "us" | "\u{b5}s" | "\u{3bc}s" => US,
        "ms" => MS,
        "s" => SEC,
        "m" => MIN,
        "h" => HOUR,
        "d" if days => DAY,
        "w" if days => WEEK,
        _ => return None,
    })
}

fn parse_units(orig: &str, days: bool) -> Option<i64> {
    let mut s = orig.as_bytes();
    let mut neg = false;
    if let Some((&c, rest)) = s.split_first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = rest;
        }
    }
    if s == b"0" {
        return Some(0);
    }
    if s.is_empty() {
        return None;
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return None;
        }
        let before = s.len();
        let (mut v, rest) = leading_int(s)?;
        s = rest;
        let pre = before != s.len();
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if let Some(rest) = s.strip_prefix(b".") {
            let before = rest.len();
            let (x, sc, rest) = leading_fraction(rest);
            (f, scale, s) = (x, sc, rest);
            post = before != s.len();
        }
        if !pre && !post {
            return None;
        }
        let len = s.iter().position(|c| *c == b'.' || c.is_ascii_digit()).unwrap_or(s.len());
        if len == 0 {
            return None;
        }
        let u = unit(std::str::from_utf8(&s[..len]).ok()?, days)?;
        s = &s[len..];
        if v > LIMIT / u {
            return None;
        }
        v *= u;
        if f > 0 {
            // As Go: f64 keeps fractions of an hour nanosecond-exact.
            v += (f as f64 * (u as f64 / scale)) as u64;
            if v > LIMIT {
                return None;
            }
        }
        d += v;
        if d > LIMIT {
            return None;
        }
    }
    if neg {
        return Some((d as i64).wrapping_neg());
    }
    i64::try_from(d).ok()
}

/// Go's `leadingInt`: the leading digits, refused past `1 << 63`.
fn leading_int(s: &[u8]) -> Option<(u64, &[u8])> {
    let mut x: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if x > LIMIT / 10 {
            return None;
        }
        x = x * 10 + u64::from(s[i] - b'0');
        if x > LIMIT {
            return None;
        }
        i += 1;
    }
    Some((x, &s[i..]))
}

/// Go's `leadingFraction`: the digits after the point; past `i64::MAX` it stops gaining
/// precision instead of failing.
fn leading_fraction(s: &[u8]) -> (u64, f64, &[u8]) {
    let (mut x, mut scale, mut overflow) = (0u64, 1f64, false);
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if !overflow {
            if x > (LIMIT - 1) / 10 {
                overflow = true;
            } else {
                let y = x * 10 + u64::from(s[i] - b'0');
                if y > LIMIT {
                    overflow = true;
                } else {
                    x = y;
                    scale *= 10.0;
                }
            }
        }
        i += 1;
    }
    (x, scale, &s[i..])
}

/// Go's `time.Duration.String()`: `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `1µs`, `0s`.
pub fn format(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let u = ns.unsigned_abs();
    let mut out = String::new();
    if ns < 0 {
        out.push('-');
    }
    if u < SEC {
        let (unit, div) = if u < US {
            ("ns", NS)
        } else if u < MS {
            ("µs", US)
        } else {
            ("ms", MS)
        };
        out.push_str(&frac(u, div));
        out.push_str(unit);
    } else {
        let h = u / HOUR;
        let m = (u / MIN) % 60;
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if h > 0 || m > 0 {
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&frac(u % MIN, SEC));
        out.push('s');
    }
    out
}

fn frac(v: u64, div: u64) -> String {
    let whole = v / div;
    let rem = v % div;
    if rem == 0 {
        return whole.to_string();
    }
    let width = div.to_string().len() - 1;
    let digits = format!("{rem:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = SEC as i64;
    const M: i64 = MIN as i64;
    const H: i64 = HOUR as i64;
    const MILLI: i64 = MS as i64;
    const MICRO: i64 = US as i64;

    #[test]
    fn millis_are_whole_and_never_negative() {
        assert_eq!(millis("1m30s"), Some(90_000));
        assert_eq!(millis("500ms"), Some(500));
        assert_eq!(millis("1500us"), Some(1));
        assert_eq!(millis("-1s"), None);
        assert_eq!(millis("x"), None);
    }

    /// pkg.go.dev/time, `ExampleParseDuration`.
    #[test]
    fn go_documented_example() {
        let hours = parse("10h").unwrap();
        let complex = parse("1h10m10s").unwrap();
        let micro = parse("1µs").unwrap();
        // "The package also accepts the incorrect but common prefix u for micro."
        let micro2 = parse("1us").unwrap();
        assert_eq!(format(hours), "10h0m0s");
        assert_eq!(format(complex), "1h10m10s");
        assert_eq!(complex / S, 4210);
        assert_eq!((micro, format(micro)), (1000, "1µs".to_string()));
        assert_eq!(micro2, 1000);
    }

    /// Go's `time_test.go` table (`parseDurationTests`).
    #[test]
    fn go_accepts() {
        let cases: &[(&str, i64)] = &[
            ("0", 0),
            ("5s", 5 * S),
            ("30s", 30 * S),
            ("1478s", 1478 * S),
            ("-5s", -5 * S),
            ("+5s", 5 * S),
            ("-0", 0),
            ("+0", 0),
            ("5.0s", 5 * S),
            ("5.6s", 5 * S + 600 * MILLI),
            ("5.s", 5 * S),
            (".5s", 500 * MILLI),
            ("1.0s", S),
            ("1.00s", S),
            ("1.004s", S + 4 * MILLI),
            ("1.0040s", S + 4 * MILLI),
            ("100.00100s", 100 * S + MILLI),
            ("10ns", 10),
            ("11us", 11 * MICRO),
            ("12\u{b5}s", 12 * MICRO),
            ("12\u{3bc}s", 12 * MICRO),
            ("13ms", 13 * MILLI),
            ("14s", 14 * S),
            ("15m", 15 * M),
            ("16h", 16 * H),
            ("3h30m", 3 * H + 30 * M),
            ("10.5s4m", 4 * M + 10 * S + 500 * MILLI),
            ("-2m3.4s", -(2 * M + 3 * S + 400 * MILLI)),
            ("1h2m3s4ms5us6ns", H + 2 * M + 3 * S + 4 * MILLI + 5 * MICRO + 6),
            ("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MILLI),
            ("52763797000ns", 52_763_797_000),
            ("0.3333333333333333333h", 20 * M),
            ("9007199254740993ns", (1 << 53) + 1),
            ("9223372036854775807ns", i64::MAX),
            ("9223372036854775.807us", i64::MAX),
            ("9223372036s854ms775us807ns", i64::MAX),
            ("-9223372036854775808ns", i64::MIN),
            ("-9223372036854775.808us", i64::MIN),
            ("-9223372036s854ms775us808ns", i64::MIN),
            ("-9223372036854775808ns", i64::MIN),
            ("-2562047h47m16.854775808s", i64::MIN),
            ("0.100000000000000000000h", 6 * M),
            ("0.830103483285477580700h", 49 * M + 48 * S + 372_539_827),
        ];
        for (s, want) in cases {
            assert_eq!(parse(s), Some(*want), "{s}");
            assert_eq!(parse_with_days(s), Some(*want), "{s}");
        }
    }

    /// Go's `parseDurationErrorTests` and the other strings its tests refuse.
    #[test]
    fn go_refuses() {
        for s in [
            "",
            "3",
            "-",
            "s",
            ".",
            "-.",
            ".s",
            "+.s",
            "1d",
            "\u{85}\u{85}",
            "\u{ff}ff",
            "hello \u{ff}ff world",
            "9223372036854775808ns",
            "9223372036854775.808us",
            "9223372036854ms775us808ns",
            "-9223372036854775809ns",
            " 5s",
            "5s ",
            "5 s",
        ] {
            assert_eq!(parse(s), None, "{s:?}");
        }
    }

    /// go-str2duration's README: Go's grammar plus weeks and days.
    #[test]
    fn str2duration_adds_days_and_weeks() {
        assert_eq!(parse_with_days("1d"), Some(24 * H));
        assert_eq!(parse_with_days("1w"), Some(7 * 24 * H));
        assert_eq!(parse_with_days("1w2d6h3ns"), Some(9 * 24 * H + 6 * H + 3));
        assert_eq!(parse_with_days("2d"), Some(48 * H));
        assert_eq!(parse_with_days("1y"), None);
        assert_eq!(parse("1w"), None);
    }

    /// pkg.go.dev/time, `ExampleDuration_String` and Go's `durationTests`.
    #[test]
    fn formats_like_go() {
        assert_eq!(format(H + 15 * M + 30 * S + 918_273_645), "1h15m30.918273645s");
        assert_eq!(format(200 * MILLI), "200ms");
        for (ns, want) in [
            (0, "0s"),
            (1, "1ns"),
            (1100, "1.1µs"),
            (2_200_000, "2.2ms"),
            (3_300_000_000, "3.3s"),
            (4 * M + 5 * S, "4m5s"),
            (4 * M + 5001 * MILLI, "4m5.001s"),
            (5 * H + 6 * M + 7001 * MILLI, "5h6m7.001s"),
            (8 * M + 1, "8m0.000000001s"),
            (i64::MAX, "2562047h47m16.854775807s"),
            (i64::MIN, "-2562047h47m16.854775808s"),
        ] {
            assert_eq!(format(ns), want, "{ns}");
        }
    }

    #[test]
    fn round_trips() {
        for s in ["1m30s", "5m0s", "1h0m0s", "500ms", "1.5s", "10s", "1µs", "-3.25s"] {
            assert_eq!(format(parse(s).unwrap()), s);
        }
    }
}
