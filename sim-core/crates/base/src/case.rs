//! Upper- and lower-casing of any Unicode text, exactly as `str::to_lowercase`,
//! `str::to_uppercase` and `char::to_uppercase` do it, from tables a quarter of the size.
//!
//! Why: the standard library's case tables are ~24 KB of pairs that barely compress, about 17 KB
//! of the page's gzip download, for four call sites (Go templates' `lower`/`upper`/`title`,
//! `grep -i`, filter keys, Compose project names). Here the same mappings are stored as runs —
//! "these chars, every `stride`th, map to char + `delta`" — plus the few chars that map to
//! several chars, and the two Unicode properties the final-sigma rule needs. The tables in
//! [`tables`] are generated from the standard library itself (`tests::print_tables`) and the
//! tests compare every char with it, so the results cannot drift apart.

mod tables;

/// Chars `first`, `first + stride`, … (`count` of them) map to themselves plus `delta`.
struct Run {
    first: u32,
    delta: i32,
    count: u8,
    stride: u8,
}

/// `s.to_lowercase()`, including Unicode's final-sigma rule (`Σ` ending a word becomes `ς`).
pub fn to_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == 'Σ' {
            let before = s[..i].chars().rev();
            let after = s[i + c.len_utf8()..].chars();
            let word_final = cased_after_ignorables(before) && !cased_after_ignorables(after);
            out.push(if word_final { 'ς' } else { 'σ' });
        } else {
            push_mapped(c, tables::LOWER, tables::LOWER_MULTI, &mut out);
        }
    }
    out
}

/// `s.to_uppercase()`.
pub fn to_upper(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_upper(c, &mut out);
    }
    out
}

/// Appends `c.to_uppercase()` (one, two or three chars) to `out`.
pub fn push_upper(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else {
        push_mapped(c, tables::UPPER, tables::UPPER_MULTI, out);
    }
}

/// Unicode's simple lowercase mapping of `c` (one char to one char, as Go's
/// `unicode.ToLower`): the full mapping where it is one char, `İ` → `i`, and no
/// final-sigma rule (`Σ` → `σ` everywhere).
pub fn simple_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == '\u{130}' {
        return 'i';
    }
    single_mapping(c, tables::LOWER).unwrap_or(c)
}

/// Unicode's simple uppercase mapping of `c` (Go's `unicode.ToUpper`): where the full
/// mapping is several chars (`ß` → `SS`, `ŉ` → `ʼN`) the char stays itself, except the
/// Greek letters with ypogegrammeni, whose simple uppercase is the titlecase letter with
/// prosgegrammeni (`ᾳ` → `ᾼ`, `ᾀ` → `ᾈ`).
pub fn simple_upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    if tables::UPPER_MULTI.binary_search_by_key(&c, |m| m.0).is_ok() {
        let code = c as u32;
        let mapped = match code {
            0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => code + 8,
            0x1FB3 | 0x1FC3 | 0x1FF3 => code + 9,
            _ => code,
        };
        return char::from_u32(mapped).unwrap_or(c);
    }
    single_mapping(c, tables::UPPER).unwrap_or(c)
}

/// Unicode's simple titlecase mapping of `c` (Go's `unicode.ToTitle`): the simple
/// uppercase, except the digraphs (`ǆ`, `Ǆ` → `ǅ`) and Georgian Mkhedruli letters, whose
/// titlecase is themselves although their uppercase is Mtavruli.
pub fn simple_title(c: char) -> char {
    match c as u32 {
        0x1C4..=0x1C6 => '\u{1C5}',
        0x1C7..=0x1C9 => '\u{1C8}',
        0x1CA..=0x1CC => '\u{1CB}',
        0x1F1..=0x1F3 => '\u{1F2}',
        0x10D0..=0x10FA | 0x10FD..=0x10FF => c,
        _ => simple_upper(c),
    }
}

/// Appends what `c` maps to: a several-char mapping, a run's single char, or `c` itself.
fn push_mapped(c: char, runs: &[Run], multi: &[(char, &str)], out: &mut String) {
    if let Ok(at) = multi.binary_search_by_key(&c, |m| m.0) {
        out.push_str(multi[at].1);
        return;
    }
    out.push(single_mapping(c, runs).unwrap_or(c));
}

/// The char `c` maps to in `runs` (sorted by `first`, not overlapping), if it is in one.
fn single_mapping(c: char, runs: &[Run]) -> Option<char> {
    let code = c as u32;
    let at = runs.partition_point(|r| r.first <= code).checked_sub(1)?;
    let run = &runs[at];
    let offset = code - run.first;
    let stride = u32::from(run.stride);
    if !offset.is_multiple_of(stride) || offset / stride >= u32::from(run.count) {
        return None;
    }
    char::from_u32(code.checked_add_signed(run.delta)?)
}

/// The final-sigma test on one side of a `Σ`: skipping case-ignorable chars, is the next
/// char cased? (Unicode 3.13, as the standard library implements it.)
fn cased_after_ignorables(mut chars: impl Iterator<Item = char>) -> bool {
    chars.find(|c| !in_ranges(*c, tables::CASE_IGNORABLE)).is_some_and(|c| in_ranges(c, tables::CASED))
}

/// Whether `c` lies in one of `ranges` (sorted, inclusive, not overlapping).
fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let code = c as u32;
    let at = ranges.partition_point(|r| r.0 <= code);
    at > 0 && code <= ranges[at - 1].1
}

#[cfg(test)]
mod tests;
