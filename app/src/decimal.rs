//! Decimal text of the page's floats (SVG coordinates, percentages, CSS lengths, a timing) by
//! integer arithmetic. `format!("{:.1}", x)` or `{}` of an `f64` links core's float formatting
//! (Grisu with Dragon as its fallback, ~14 KB of the page's wasm before wasm-opt); [`fixed`]
//! writes the same text as `{:.N}` from the float's exact binary value (ties to even, like core),
//! and [`trimmed`] the same as `{}` of a value that has at most N decimals. Nothing on the page
//! formats a float any other way (docs/benchmarks.md, "Download").

use std::fmt;

/// The most decimals written: coordinates and percentages need one or two.
pub const MAX_DECIMALS: u32 = 4;

/// `x` with `decimals` decimals (at most [`MAX_DECIMALS`]): the text of `format!("{x:.N}")`
/// for any `|x| < 1e15` (beyond, the digits saturate; the page's numbers are pixels and
/// percentages), `NaN`, `inf` and `-inf` included.
pub fn fixed(x: f64, decimals: u32) -> Decimal {
    Decimal { x, decimals: decimals.min(MAX_DECIMALS), trim: false }
}

/// Like [`fixed`] without trailing zeros after the point (nor the point, for a whole number):
/// the text of `{}` of `x` when `x` is the float nearest a number with at most `decimals`
/// decimals (as `(v * 100.0).round() / 100.0` is for 2).
pub fn trimmed(x: f64, decimals: u32) -> Decimal {
    Decimal { x, decimals: decimals.min(MAX_DECIMALS), trim: true }
}

/// A float to write in decimal ([`fixed`], [`trimmed`]).
#[derive(Clone, Copy, Debug)]
pub struct Decimal {
    x: f64,
    decimals: u32,
    trim: bool,
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 32];
        let n = self.write(&mut buf);
        // Only ASCII digits, '-', '.' and the words below were written.
        f.write_str(std::str::from_utf8(&buf[n..]).unwrap_or(""))
    }
}

impl Decimal {
    /// Writes the text right-aligned into `buf` and returns where it starts.
    fn write(&self, buf: &mut [u8; 32]) -> usize {
        let x = self.x;
        let mut at = buf.len();
        let mut put = |b: u8, at: &mut usize| {
            *at -= 1;
            buf[*at] = b;
        };
        if x.is_nan() {
            for &b in b"NaN".iter().rev() {
                put(b, &mut at);
            }
            return at;
        }
        if x.is_infinite() {
            for &b in b"inf".iter().rev() {
                put(b, &mut at);
            }
        } else {
            let d = self.decimals;
            let n = scaled(x.abs(), d);
            let (mut whole, mut frac) = (n / 10u64.pow(d), n % 10u64.pow(d));
            let mut digits = d;
            if self.trim {
                while digits > 0 && frac % 10 == 0 {
                    frac /= 10;
                    digits -= 1;
                }
            }
            if digits > 0 {
                for _ in 0..digits {
                    put(b'0' + (frac % 10) as u8, &mut at);
                    frac /= 10;
                }
                put(b'.', &mut at);
            }
            loop {
                put(b'0' + (whole % 10) as u8, &mut at);
                whole /= 10;
                if whole == 0 {
                    break;
                }
            }
        }
        if x.is_sign_negative() {
            put(b'-', &mut at);
        }
        at
    }
}

/// `x` within `lo..=hi`, as `f64::clamp` but without its assertion that `lo <= hi`, whose panic
/// message formats both with `{:?}` and so links core's float formatting into the page's wasm
/// wherever the bounds are not constants. A NaN `x` gives `lo`; `lo > hi` gives `hi`.
pub fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    x.max(lo).min(hi)
}

/// `x * 10^d` (finite, non-negative `x`) rounded to an integer, ties to even, from the float's
/// exact value `m * 2^e`; saturates at `u64::MAX`.
fn scaled(x: f64, d: u32) -> u64 {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if exp == 0 { (frac, -1074) } else { (frac | 1 << 52, exp - 1075) };
    // m < 2^53 and 10^d <= 10^4 < 2^14: the product fits in 67 bits.
    let v = u128::from(m) * u128::from(10u64.pow(d));
    let n = if e >= 0 {
        if e > 60 {
            u128::MAX
        } else {
            v << e
        }
    } else if -e > 68 {
        // Below 2^67 / 2^69 < 0.5: rounds to zero.
        0
    } else {
        let s = (-e) as u32;
        let (q, r, half) = (v >> s, v & ((1 << s) - 1), 1u128 << (s - 1));
        if r > half || (r == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic spread of values: the page's ranges (pixels, percentages, milliseconds),
    /// halves and other ties, tiny and negative numbers.
    fn samples() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -0.5,
            0.05,
            0.15,
            0.25,
            0.35,
            0.125,
            0.375,
            1e-300,
            -1e-300,
            5e-324,
            0.004_999_999,
            0.005,
            0.0049,
            99.995,
            99.994_999,
            100.0,
            1234.5678,
            -3.75,
            57.599_999_999_999_994,
            1e12,
            123_456_789.987_654,
        ];
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..20_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let unit = (s >> 11) as f64 / (1u64 << 53) as f64;
            let scale = [1.0, 10.0, 100.0, 1000.0, 5000.0, 1e6][i % 6];
            let x = unit * scale * if i % 3 == 0 { -1.0 } else { 1.0 };
            v.push(x);
            // Exact ties at every number of decimals, and their neighbours.
            let tie = (s % 200_000) as f64 / 16.0 + 0.5 / 10f64.powi((i % 4) as i32);
            v.extend([tie, f64::from_bits(tie.to_bits() + 1), f64::from_bits(tie.to_bits() - 1)]);
            v.push((s % 1000) as f64 * 0.1);
            v.push((s % 100_000) as f64 / 100.0);
        }
        v
    }

    #[test]
    fn fixed_writes_what_core_writes() {
        for x in samples() {
            for d in 0..=MAX_DECIMALS {
                let want = format!("{x:.prec$}", prec = d as usize);
                assert_eq!(fixed(x, d).to_string(), want, "{x:?} with {d} decimals");
            }
        }
    }

    #[test]
    fn trimmed_writes_what_display_writes_of_rounded_values() {
        for x in samples() {
            for d in 0..=MAX_DECIMALS {
                let p = 10f64.powi(d as i32);
                let r = (x * p).round() / p;
                assert_eq!(trimmed(r, d).to_string(), format!("{r}"), "{x:?} rounded to {d} decimals");
            }
        }
    }

    #[test]
    fn clamp_is_f64_clamp_where_that_does_not_panic() {
        for (x, lo, hi) in [(5.0, 0.0, 1.0), (-5.0, 0.0, 1.0), (0.5, 0.0, 1.0), (-0.0, 0.0, 3.0), (7.0, 7.0, 7.0)] {
            assert_eq!(clamp(x, lo, hi), x.clamp(lo, hi));
        }
        assert_eq!(clamp(f64::NAN, 1.0, 2.0), 1.0);
        assert_eq!(clamp(5.0, 3.0, 2.0), 2.0, "crossed bounds: no panic");
    }

    #[test]
    fn special_values() {
        assert_eq!(fixed(f64::NAN, 1).to_string(), format!("{:.1}", f64::NAN));
        assert_eq!(fixed(f64::INFINITY, 2).to_string(), format!("{:.2}", f64::INFINITY));
        assert_eq!(fixed(f64::NEG_INFINITY, 0).to_string(), format!("{:.0}", f64::NEG_INFINITY));
        assert_eq!(trimmed(-0.0, 2).to_string(), "-0");
        assert_eq!(fixed(-0.04, 1).to_string(), "-0.0");
        assert_eq!(fixed(1.0, 9).to_string(), "1.0000", "at most MAX_DECIMALS");
        // Beyond the documented range the digits saturate, without panicking.
        assert_eq!(fixed(f64::MAX, 1).to_string(), "1844674407370955161.5");
    }
}
