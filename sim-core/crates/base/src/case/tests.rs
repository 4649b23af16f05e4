//! Every char against the standard library, and the generator of `tables.rs`.

// The standard case mapping is the reference here (see sim-core/clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::*;

fn all_chars() -> impl Iterator<Item = char> {
    (0..=0x10FFFF).filter_map(char::from_u32)
}

#[test]
fn every_char_cases_like_the_standard_library() {
    for c in all_chars() {
        let one = c.to_string();
        assert_eq!(to_lower(&one), one.to_lowercase(), "lowercase of U+{:04X}", c as u32);
        assert_eq!(to_upper(&one), one.to_uppercase(), "uppercase of U+{:04X}", c as u32);
    }
}

#[test]
fn final_sigma_sees_every_char_as_the_standard_library_does() {
    for c in all_chars() {
        for text in [format!("{c}Σ"), format!("A{c}Σ"), format!("AΣ{c}"), format!("AΣ{c}A")] {
            assert_eq!(to_lower(&text), text.to_lowercase(), "{text:?}");
        }
    }
}

#[test]
fn words_and_mixed_text() {
    for text in ["ΟΔΟΣ ΟΔΟΣ.", "Straße", "İstanbul", "ǅemal", "ﬁnal ΣΑΣ'Σ", "Ünïcödé WEB-1", "", "Σ"]
    {
        assert_eq!(to_lower(text), text.to_lowercase(), "{text:?}");
        assert_eq!(to_upper(text), text.to_uppercase(), "{text:?}");
    }
    assert_eq!(to_lower("ΟΔΟΣ"), "οδος");
    assert_eq!(to_upper("straße"), "STRASSE");
    let mut out = String::new();
    push_upper('ﬃ', &mut out);
    assert_eq!(out, "FFI");
}

/// Prints `tables.rs` from the standard library's mappings:
/// `cargo test -p sim-core --lib case::tests::print_tables -- --ignored --nocapture`, then copy
/// the output between the markers.
#[test]
#[ignore]
fn print_tables() {
    let (mut lower, mut upper) = (Vec::new(), Vec::new());
    let (mut lower_multi, mut upper_multi) = (Vec::new(), Vec::new());
    for c in all_chars() {
        let l: Vec<char> = c.to_lowercase().collect();
        match l[..] {
            [one] if one != c => lower.push((c as u32, one as i64 - c as i64)),
            [_] => {}
            _ => lower_multi.push((c, l)),
        }
        let u: Vec<char> = c.to_uppercase().collect();
        match u[..] {
            [one] if one != c => upper.push((c as u32, one as i64 - c as i64)),
            [_] => {}
            _ => upper_multi.push((c, u)),
        }
    }
    // "xΣ" ends in ς when x is cased and not case-ignorable; "AxΣ" also when x is case-ignorable.
    let final_sigma = |s: String| s.to_lowercase().ends_with('ς');
    let ignorable = ranges(|c| final_sigma(format!("A{c}Σ")) && !final_sigma(format!("{c}Σ")));
    let cased = ranges(|c| final_sigma(format!("{c}Σ")));
    println!("----- tables.rs -----");
    println!(
        "//! Generated from the standard library's case mappings (Unicode {:?}) by the ignored",
        char::UNICODE_VERSION
    );
    println!("//! test `case::tests::print_tables`; `case::tests` checks every char against the standard");
    println!("//! library, so a toolchain with newer Unicode data fails the tests until this is regenerated.\n");
    println!("use super::Run;\n");
    print_runs("LOWER", "Chars whose lowercase is one other char.", &runs(&lower));
    print_multi("LOWER_MULTI", "Chars whose lowercase is several chars.", &lower_multi);
    print_runs("UPPER", "Chars whose uppercase is one other char.", &runs(&upper));
    print_multi("UPPER_MULTI", "Chars whose uppercase is several chars.", &upper_multi);
    print_ranges("CASE_IGNORABLE", "Unicode's Case_Ignorable, for the final-sigma rule.", &ignorable);
    print_ranges(
        "CASED",
        "Unicode's Cased, for chars that are not Case_Ignorable (the only ones it is asked about).",
        &cased,
    );
    println!("----- end -----");
}

/// Groups `(char, delta)` pairs into runs: same delta, evenly spaced (stride 1 or 2).
fn runs(mapped: &[(u32, i64)]) -> Vec<(u32, u32, u32, i64)> {
    let mut out: Vec<(u32, u32, u32, i64)> = Vec::new(); // first, last, stride, delta
    for &(c, delta) in mapped {
        if let Some(run) = out.last_mut() {
            let gap = c - run.1;
            let fits = if run.0 == run.1 { gap <= 2 } else { gap == run.2 };
            if run.3 == delta && fits && (run.1 - run.0) / gap.max(1) < 254 {
                run.2 = gap;
                run.1 = c;
                continue;
            }
        }
        out.push((c, c, 1, delta));
    }
    out
}

fn ranges(pred: impl Fn(char) -> bool) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for c in all_chars().filter(|c| pred(*c)) {
        let code = c as u32;
        match out.last_mut() {
            Some(r) if r.1 + 1 == code => r.1 = code,
            _ => out.push((code, code)),
        }
    }
    out
}

fn print_runs(name: &str, doc: &str, runs: &[(u32, u32, u32, i64)]) {
    println!("/// {doc}");
    println!("pub(super) const {name}: &[Run] = &[");
    for (first, last, stride, delta) in runs {
        let count = (last - first) / stride + 1;
        println!("    Run {{ first: 0x{first:X}, delta: {delta}, count: {count}, stride: {stride} }},");
    }
    println!("];\n");
}

fn print_multi(name: &str, doc: &str, multi: &[(char, Vec<char>)]) {
    println!("/// {doc}");
    println!("pub(super) const {name}: &[(char, &str)] = &[");
    for (c, to) in multi {
        let escaped: String = to.iter().map(|c| format!("\\u{{{:X}}}", *c as u32)).collect();
        println!("    ('\\u{{{:X}}}', \"{escaped}\"),", *c as u32);
    }
    println!("];\n");
}

fn print_ranges(name: &str, doc: &str, ranges: &[(u32, u32)]) {
    println!("/// {doc}");
    println!("pub(super) const {name}: &[(u32, u32)] = &[");
    for (first, last) in ranges {
        println!("    (0x{first:X}, 0x{last:X}),");
    }
    println!("];\n");
}

/// Simple mappings equal the full ones wherever those are one char (Unicode's
/// SpecialCasing lists no unconditional one-char mapping), and are one char everywhere.
#[test]
fn simple_mappings_agree_with_single_char_full_mappings() {
    for c in all_chars() {
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            if c != 'Σ' {
                assert_eq!(simple_lower(c), l, "simple lowercase of U+{:04X}", c as u32);
            }
        }
        let mut upper = c.to_uppercase();
        if let (Some(u), None) = (upper.next(), upper.next()) {
            assert_eq!(simple_upper(c), u, "simple uppercase of U+{:04X}", c as u32);
        }
    }
}

/// UnicodeData's simple mappings of the chars whose full mappings are several chars.
#[test]
fn simple_mappings_of_special_casing() {
    assert_eq!(simple_upper('ß'), 'ß');
    assert_eq!(simple_upper('ŉ'), 'ŉ');
    assert_eq!(simple_upper('ﬁ'), 'ﬁ');
    assert_eq!(simple_upper('ǰ'), 'ǰ');
    assert_eq!(simple_upper('\u{1F80}'), '\u{1F88}');
    assert_eq!(simple_upper('\u{1F88}'), '\u{1F88}');
    assert_eq!(simple_upper('\u{1FA7}'), '\u{1FAF}');
    assert_eq!(simple_upper('\u{1FB3}'), '\u{1FBC}');
    assert_eq!(simple_upper('\u{1FC3}'), '\u{1FCC}');
    assert_eq!(simple_upper('\u{1FF3}'), '\u{1FFC}');
    assert_eq!(simple_upper('\u{1FB4}'), '\u{1FB4}');
    assert_eq!(simple_lower('İ'), 'i');
    assert_eq!(simple_lower('Σ'), 'σ');
    assert_eq!(simple_title('ǆ'), 'ǅ');
    assert_eq!(simple_title('Ǆ'), 'ǅ');
    assert_eq!(simple_title('ǳ'), 'ǲ');
    assert_eq!(simple_upper('ǆ'), 'Ǆ');
    assert_eq!(simple_upper('ა'), 'Ა');
    assert_eq!(simple_title('ა'), 'ა');
    assert_eq!(simple_title('ß'), 'ß');
    assert_eq!(simple_title('a'), 'A');
}
