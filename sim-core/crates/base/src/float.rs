//! Parsing decimal text into `f64`, with exactly the results of `str::parse::<f64>`.
//!
//! Why: the standard parser carries a 10 KB table of 128-bit powers of five (it is built for
//! speed on long inputs), about 12 KB of the page's gzip download with its code. The numbers
//! Muelle reads are short (YAML scalars, `cpus: 0.5`, `ping -i 0.2`, durations), so here
//! the common case is Clinger's fast path — an exact integer times or divided by an exact
//! power of ten, one IEEE rounding — and everything else goes through a small exact big-integer
//! division, correctly rounded (ties to even). The tests compare with the standard library
//! on many random and edge-case inputs.

/// `s.parse::<f64>().ok()`: the same grammar (`+`/`-`, digits with an optional `.`, an
/// optional exponent, `inf`/`infinity`/`nan` in any case) and the same, correctly rounded,
/// value.
pub fn parse(s: &str) -> Option<f64> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        let (digits, exp10) = decimal(body.as_bytes())?;
        value(&digits, exp10)
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Splits `digits[.digits][(e|E)[+|-]digits]` into its significant digits (as values 0–9,
/// no leading zeros) and the power of ten they are multiplied by.
fn decimal(text: &[u8]) -> Option<(Vec<u8>, i64)> {
    let mut digits: Vec<u8> = Vec::new();
    let mut exp10: i64 = 0;
    let mut seen_digit = false;
    let mut in_fraction = false;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b @ b'0'..=b'9' => {
                if !(digits.is_empty() && b == b'0') {
                    digits.push(b - b'0');
                }
                exp10 -= i64::from(in_fraction);
                seen_digit = true;
            }
            b'.' if !in_fraction => in_fraction = true,
            _ => break,
        }
        i += 1;
    }
    if !seen_digit {
        return None;
    }
    if i < text.len() && (text[i] == b'e' || text[i] == b'E') {
        i += 1;
        let negative = match text.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut exponent: i64 = 0;
        while i < text.len() && text[i].is_ascii_digit() {
            // Saturates: anything this far out is 0 or infinity anyway.
            exponent = (exponent * 10 + i64::from(text[i] - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp10 += if negative { -exponent } else { exponent };
    }
    if i != text.len() {
        return None;
    }
    Some((digits, exp10))
}

/// Significant digits kept for the exact division (see [`value`]).
const MAX_DIGITS: usize = 800;

/// 10^0 … 10^22: the powers of ten an `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// The `f64` nearest to `digits × 10^exp10` (ties to even).
fn value(digits: &[u8], exp10: i64) -> f64 {
    if digits.is_empty() {
        return 0.0;
    }
    // The value lies in [10^(magnitude - 1), 10^magnitude).
    let magnitude = digits.len() as i64 + exp10;
    if magnitude > 310 {
        return f64::INFINITY;
    }
    if magnitude < -326 {
        return 0.0;
    }
    if digits.len() <= 15 && exp10.abs() <= 22 {
        // Clinger's fast path: both factors are exact f64s, so one rounding, correctly done.
        let m = digits.iter().fold(0u64, |m, d| m * 10 + u64::from(*d)) as f64;
        let p = EXACT_POWERS_OF_TEN[exp10.unsigned_abs() as usize];
        return if exp10 < 0 { m / p } else { m * p };
    }
    // Every point halfway between two f64s has at most 767 significant digits, so beyond
    // those only "is anything non-zero left?" matters: keep 800 digits and stand in for a
    // non-zero rest with one more 1. Keeps long inputs linear (the page never hangs).
    let (digits, exp10) = if digits.len() > MAX_DIGITS {
        let mut kept = digits[..MAX_DIGITS].to_vec();
        if digits[MAX_DIGITS..].iter().any(|d| *d != 0) {
            kept.push(1);
        }
        let dropped = (digits.len() - kept.len()) as i64;
        (kept, exp10 + dropped)
    } else {
        (digits.to_vec(), exp10)
    };
    let mut numerator = Big::from_digits(&digits);
    let mut denominator = Big::one();
    if exp10 >= 0 {
        numerator.mul_pow10(exp10 as u32);
    } else {
        denominator.mul_pow10(exp10.unsigned_abs() as u32);
    }
    nearest(numerator, denominator)
}

/// The `f64` nearest to `n / d`: picks the binary exponent that gives a 53-bit quotient
/// (fewer for subnormals), divides exactly and rounds the remainder half to even.
fn nearest(n: Big, d: Big) -> f64 {
    // n / d ≈ 2^(bits(n) - bits(d)); aim the quotient at 2^53 > q ≥ 2^52.
    let mut shift = 53 - (n.bits() as i64 - d.bits() as i64);
    // The smallest subnormal is 2^-1074: never scale finer than that.
    shift = shift.min(1074);
    loop {
        let (mut sn, mut sd) = (n.clone(), d.clone());
        if shift >= 0 {
            sn.shl(shift as u32);
        } else {
            sd.shl(shift.unsigned_abs() as u32);
        }
        let (q, rem) = divide(&sn, &sd);
        if q >= 1 << 53 {
            shift -= 1;
            continue;
        }
        if q < 1 << 52 && shift < 1074 {
            shift += 1;
            continue;
        }
        // Round: compare 2 × remainder with the divisor.
        let mut twice = rem;
        twice.shl(1);
        let q = match twice.cmp(&sd) {
            std::cmp::Ordering::Greater => q + 1,
            std::cmp::Ordering::Equal => q + (q & 1),
            std::cmp::Ordering::Less => q,
        };
        return scale(q as f64, -shift);
    }
}

/// `x × 2^exp` for an integer `x ≤ 2^53` and `exp ≥ -1074`: exact (or infinity), because
/// every factor is a normal power of two and the result is a multiple of 2^-1074.
fn scale(mut x: f64, mut exp: i64) -> f64 {
    while exp > 0 {
        let step = exp.min(1023);
        x *= f64::from_bits(((1023 + step) as u64) << 52);
        exp -= step;
    }
    while exp < 0 {
        let step = (-exp).min(1022);
        x *= f64::from_bits(((1023 - step) as u64) << 52);
        exp += step;
    }
    x
}

/// `n / d` for a quotient below 2^54: restoring division, one bit at a time.
fn divide(n: &Big, d: &Big) -> (u64, Big) {
    let mut rem = n.clone();
    let mut q = 0u64;
    for bit in (0..54).rev() {
        let mut shifted = d.clone();
        shifted.shl(bit);
        if rem.cmp(&shifted) != std::cmp::Ordering::Less {
            rem.sub(&shifted);
            q |= 1 << bit;
        }
    }
    (q, rem)
}

/// An unsigned big integer, little-endian base-2^32 limbs, no trailing zero limbs.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    fn one() -> Big {
        Big(vec![1])
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut n = Big(Vec::new());
        for d in digits {
            n.mul_add(10, u32::from(*d));
        }
        n
    }

    fn mul_add(&mut self, factor: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let x = u64::from(*limb) * u64::from(factor) + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut exp: u32) {
        while exp > 0 {
            let step = exp.min(9);
            self.mul_add(10u32.pow(step), 0);
            exp -= step;
        }
    }

    fn bits(&self) -> u32 {
        match self.0.last() {
            Some(top) => 32 * (self.0.len() as u32 - 1) + (32 - top.leading_zeros()),
            None => 0,
        }
    }

    fn shl(&mut self, by: u32) {
        let (limbs, bits) = ((by / 32) as usize, by % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let next = *limb >> (32 - bits);
                *limb = (*limb << bits) | carry;
                carry = next;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        if !self.0.is_empty() {
            self.0.splice(0..0, std::iter::repeat_n(0, limbs));
        }
    }

    /// `self -= other`, for `other <= self`.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let x = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            *limb = x.rem_euclid(1 << 32) as u32;
            borrow = i64::from(x < 0);
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn same(text: &str) {
        let ours = parse(text);
        let std = text.parse::<f64>().ok();
        match (ours, std) {
            (Some(a), Some(b)) => {
                assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{text:?}: {a:e} vs {b:e}")
            }
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{text:?}: {a:?} vs {b:?}"),
        }
    }

    #[test]
    fn grammar_and_specials_match_the_standard_library() {
        for text in [
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.",
            ".5",
            "-.5",
            "+1.5",
            "1_0",
            " 1",
            "1 ",
            "0x10",
            "1.2.3",
            "inf",
            "-Infinity",
            "INF",
            "nan",
            "-NaN",
            "infin",
            "0",
            "-0",
            "00.000",
            "0e999999999999",
            "1e-400",
            "1e400",
            "1E+5",
            "1e-5",
            "0.1",
            "0.2",
            "0.3",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9e-324",
            "5e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "9007199254740993",
            "9007199254740992.5",
            "123456789012345678901234567890",
            "0.000000000000000000000000000001",
            "3.14159265358979323846264338",
            "1e23",
            "8.98846567431158e307",
            "1.5e10",
            "500ms",
            "12345678901234567890e-30",
            // Exactly halfway between two f64s (ties go to the even one), and just either side.
            "9007199254740995",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "179769313486231580793728971405301334669858257710498655380736385546380097026447010398045447497952e211",
            "4.9406564584124654417656879286822137236505980e-324",
            "7.4109846876186981626485318930233205854758970e-324",
            "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
        ] {
            same(text);
        }
    }

    #[test]
    fn long_inputs_are_quick_and_still_exact() {
        let mut rng = Rng::new(3);
        let digits: String = (0..200_000).map(|_| char::from(b'0' + rng.below(10) as u8)).collect();
        same(&format!("{digits}e-200000"));
        same(&format!("0.{digits}"));
        same(&format!("1{}e-100000", "0".repeat(100_000)));
        // Exactly halfway (1 + 2^-53), then a non-zero digit far beyond the 800 kept.
        let half = "1.00000000000000011102230246251565404236316680908203125";
        same(&format!("{half}{}1", "0".repeat(5_000)));
        same(&format!("{half}{}", "0".repeat(5_000)));
    }

    #[test]
    fn random_decimals_match_the_standard_library() {
        let mut rng = Rng::new(11);
        for _ in 0..20_000 {
            let int_len = rng.below(25) as usize;
            let frac_len = rng.below(25) as usize;
            let mut text: String = (0..int_len).map(|_| char::from(b'0' + rng.below(10) as u8)).collect();
            if frac_len > 0 || int_len == 0 {
                text.push('.');
                text.extend((0..frac_len.max(1)).map(|_| char::from(b'0' + rng.below(10) as u8)));
            }
            if rng.below(2) == 0 {
                let exp = rng.below(700) as i64 - 350;
                text.push_str(&format!("e{exp}"));
            }
            same(&text);
        }
    }

    #[test]
    fn every_f64_printed_shortest_reads_back() {
        let mut rng = Rng::new(5);
        for _ in 0..20_000 {
            let x = f64::from_bits(rng.next_u64());
            if x.is_finite() {
                same(&format!("{x:e}"));
                same(&format!("{x}"));
                // One digit more or less than the shortest: halfway-ish cases.
                same(&format!("{x:.17e}"));
                same(&format!("{x:.16e}"));
            }
        }
    }
}
