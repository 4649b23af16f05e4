//! Numbers with a fixed count of decimals (`{:.N}` of an `f64`) written with integer arithmetic:
//! std's exact float formatting (`float_to_decimal_common_exact` with its Grisu and Dragon
//! paths) was ~8 KB of the page's wasm for CSS lengths and SVG coordinates (docs/benchmarks.md).
//! Rounds half away from zero on the value times 10^N, where std rounds the exact decimal value
//! half to even: the two differ only on ties, by one unit in the last place.

use std::fmt;

/// `Fixed(x, n)` shows `x` with `n` decimals (n ≤ 6), like `format!("{x:.n$}")`.
#[derive(Clone, Copy, Debug)]
pub struct Fixed(pub f64, pub u32);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let places = self.1.min(6);
        let scale = 10u64.pow(places);
        let scaled = (self.0 * scale as f64).round();
        // Out of range (or not a number): a CSS length or coordinate, so 0 rather than `NaN`.
        let n = if scaled.is_finite() && scaled.abs() < 9.0e15 { scaled as i64 } else { 0 };
        let sign = if n < 0 || (n == 0 && self.0 < 0.0 && self.0.is_finite()) { "-" } else { "" };
        let n = n.unsigned_abs();
        if places == 0 {
            write!(f, "{sign}{n}")
        } else {
            write!(f, "{sign}{}.{:0width$}", n / scale, n % scale, width = places as usize)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_std_but_on_ties() {
        for x in [0.0, 1.0, 12.345_678, -3.21, 99.999, 100.0, 0.04, 1e9 / 7.0, -1e-9, 255.55] {
            for n in 0..3 {
                let mine = Fixed(x, n).to_string();
                let std = format!("{x:.prec$}", prec = n as usize);
                assert_eq!(mine, std, "{x} with {n} decimals");
            }
        }
        assert_eq!(Fixed(f64::NAN, 1).to_string(), "0.0");
        assert_eq!(Fixed(2.5, 0).to_string(), "3", "half away from zero");
    }
}
