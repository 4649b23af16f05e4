//! The one wildcard matcher (`*`, `?`, `[...]`) every glob-like thing in the
//! simulator uses: the shell's pathname expansion (`ls *.txt`) and Go's
//! `path.Match` as `docker images REPO*` applies it.
//!
//! Why its own module, and why this algorithm: the obvious recursive matcher
//! ("`*` matches here, or skip one char and try again") is exponential —
//! `ls *a*a*a*a*a*a*a*a*a*b` against a 40-`a` name froze the page 13.9 s, and
//! the journal replayed the freeze on every reload. Here the pattern is first
//! compiled into tokens, then matched left to right remembering only the last
//! `*` seen: on a mismatch the last star absorbs one more char and matching
//! resumes after it. Earlier stars never need revisiting (whatever they could
//! absorb, the last star can), so the work is at most one pass of the text
//! per star position: O(pattern × text), no recursion, no allocation per
//! step. [`matches_counting`] reports the steps taken so tests can bound the
//! work by a counter, not by wall time.

/// Which rules the pattern follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// A shell glob over one path component: quoting already removed, so `\`
    /// is literal; a `[` without its `]` is a literal `[` (as bash and ash do).
    Shell,
    /// Go's `path.Match`: `*` and `?` never match `/`; `\` escapes the next
    /// char; a malformed pattern (unclosed `[`, trailing `\`) matches nothing.
    GoPath,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Lit(char),
    /// `?`
    One,
    /// `*`
    Star,
    /// `[...]`: negated, then the ranges it lists (a single char is a range of one).
    Class(bool, Vec<(char, char)>),
}

/// Whether `pattern` has anything that makes it a wildcard (`*`, `?` or `[`).
pub fn has_wildcards(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

/// Whether `text` matches `pattern` as a whole.
pub fn matches(pattern: &str, text: &str, dialect: Dialect) -> bool {
    matches_counting(pattern, text, dialect).0
}

/// [`matches`], and the number of comparison steps it took (for tests that
/// bound the work: never more than `(pattern chars + 1) × (text chars + 1)`).
pub fn matches_counting(pattern: &str, text: &str, dialect: Dialect) -> (bool, u64) {
    let Some(toks) = compile(pattern, dialect) else { return (false, 0) };
    let text: Vec<char> = text.chars().collect();
    let sep = |c: char| dialect == Dialect::GoPath && c == '/';
    let one = |t: &Tok, c: char| match t {
        Tok::Lit(l) => *l == c,
        Tok::One => !sep(c),
        Tok::Class(negated, ranges) => !sep(c) && (ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated),
        Tok::Star => false,
    };
    let (mut p, mut s) = (0usize, 0usize);
    // The last star seen: its token index and the text position it absorbs up to.
    let mut star: Option<(usize, usize)> = None;
    let mut steps = 0u64;
    while s < text.len() {
        steps += 1;
        match toks.get(p) {
            Some(Tok::Star) => {
                star = Some((p, s));
                p += 1;
            }
            Some(t) if one(t, text[s]) => {
                p += 1;
                s += 1;
            }
            _ => match star {
                // The last star takes one more char (never a separator) and matching resumes after it.
                Some((sp, ss)) if !sep(text[ss]) => {
                    star = Some((sp, ss + 1));
                    p = sp + 1;
                    s = ss + 1;
                }
                _ => return (false, steps),
            },
        }
    }
    while matches!(toks.get(p), Some(Tok::Star)) {
        steps += 1;
        p += 1;
    }
    (p == toks.len(), steps)
}

/// The pattern as tokens; `None` when the dialect calls it malformed.
fn compile(pattern: &str, dialect: Dialect) -> Option<Vec<Tok>> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut toks = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            // Consecutive stars are one star.
            '*' if toks.last() == Some(&Tok::Star) => i += 1,
            '*' => {
                toks.push(Tok::Star);
                i += 1;
            }
            '?' => {
                toks.push(Tok::One);
                i += 1;
            }
            '\\' if dialect == Dialect::GoPath => {
                toks.push(Tok::Lit(*chars.get(i + 1)?));
                i += 2;
            }
            '[' => match class(&chars, i + 1, dialect) {
                Some((tok, next)) => {
                    toks.push(tok);
                    i = next;
                }
                None if dialect == Dialect::GoPath => return None,
                None => {
                    toks.push(Tok::Lit('['));
                    i += 1;
                }
            },
            c => {
                toks.push(Tok::Lit(c));
                i += 1;
            }
        }
    }
    Some(toks)
}

/// Parses a bracket expression whose body starts at `i` (just after `[`):
/// `!`/`^` negation, a leading `]` taken literally, ranges `a-z`, and the
/// POSIX classes `[:alpha:]` and kin. Returns the token and the index after `]`.
fn class(chars: &[char], mut i: usize, dialect: Dialect) -> Option<(Tok, usize)> {
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Tok::Class(negated, ranges), i + 1));
        }
        first = false;
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars[i + 2..].iter().take(10).collect();
            if let Some(end) = rest.find(":]") {
                let name = &rest[..end];
                let set: &[(char, char)] = match name {
                    "alpha" => &[('a', 'z'), ('A', 'Z')],
                    "digit" => &[('0', '9')],
                    "alnum" => &[('a', 'z'), ('A', 'Z'), ('0', '9')],
                    "upper" => &[('A', 'Z')],
                    "lower" => &[('a', 'z')],
                    "space" => &[(' ', ' '), ('\t', '\r')],
                    "xdigit" => &[('0', '9'), ('a', 'f'), ('A', 'F')],
                    "punct" => &[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
                    _ => &[],
                };
                if !set.is_empty() {
                    ranges.extend_from_slice(set);
                    i += 2 + name.chars().count() + 2;
                    continue;
                }
            }
        }
        let lo = if c == '\\' && dialect == Dialect::GoPath {
            i += 1;
            *chars.get(i)?
        } else {
            c
        };
        i += 1;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&h| h != ']') {
            let mut hi = chars[i + 1];
            i += 2;
            if hi == '\\' && dialect == Dialect::GoPath {
                hi = *chars.get(i)?;
                i += 1;
            }
            if lo > hi && dialect == Dialect::GoPath {
                return None;
            }
            ranges.push((lo, hi));
        } else {
            ranges.push((lo, lo));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(p: &str, t: &str) -> bool {
        matches(p, t, Dialect::Shell)
    }
    fn go(p: &str, t: &str) -> bool {
        matches(p, t, Dialect::GoPath)
    }

    #[test]
    fn stars_and_questions() {
        assert!(sh("*.txt", "a.txt"));
        assert!(!sh("*.txt", "a.html"));
        assert!(sh("a?c", "abc"));
        assert!(!sh("a?c", "ac"));
        assert!(sh("*", ""));
        assert!(sh("", ""));
        assert!(!sh("", "a"));
        assert!(sh("a*b*c", "aXbYc"));
        assert!(sh("a*b*c", "abbbc"));
        assert!(!sh("a*b*c", "acb"));
        assert!(sh("**a", "ba"));
        assert!(sh("ñ*", "ñandú"));
    }

    #[test]
    fn brackets() {
        assert!(sh("[abc].txt", "b.txt"));
        assert!(!sh("[abc].txt", "d.txt"));
        assert!(sh("[!abc]*", "dog"));
        assert!(!sh("[^abc]*", "cat"));
        assert!(sh("f[0-9]", "f7"));
        assert!(!sh("f[0-9]", "fx"));
        assert!(sh("[]]", "]"));
        assert!(sh("[a-]", "-"));
        assert!(sh("[[:digit:]][[:alpha:]]", "1z"));
        assert!(!sh("[[:upper:]]", "a"));
        // Unclosed: a literal `[` in the shell, malformed for Go.
        assert!(sh("[ab", "[ab"));
        assert!(!go("[ab", "[ab"));
    }

    #[test]
    fn go_path_rules() {
        assert!(go("library/*", "library/nginx"));
        assert!(!go("*", "library/nginx"));
        assert!(!go("library?nginx", "library/nginx"));
        assert!(go("ng\\*nx", "ng*nx"));
        assert!(!go("ng\\*nx", "nginx"));
        assert!(!go("abc\\", "abc"));
        assert!(go("*/*:1.*", "user/app:1.2"));
        assert!(!go("user*:1", "user/app:1"));
    }

    /// The matcher in the form the old code had (O(n·m) table), for comparison.
    fn reference(p: &[Tok], t: &[char], sep: bool) -> bool {
        let mut can = vec![false; t.len() + 1];
        can[0] = true;
        for tok in p {
            let mut next = vec![false; t.len() + 1];
            for j in 0..=t.len() {
                next[j] = match tok {
                    Tok::Star => can[j] || (j > 0 && next[j - 1] && !(sep && t[j - 1] == '/')),
                    _ if j == 0 => false,
                    Tok::Lit(c) => can[j - 1] && t[j - 1] == *c,
                    Tok::One => can[j - 1] && !(sep && t[j - 1] == '/'),
                    Tok::Class(neg, r) => {
                        can[j - 1]
                            && !(sep && t[j - 1] == '/')
                            && (r.iter().any(|&(lo, hi)| lo <= t[j - 1] && t[j - 1] <= hi) != *neg)
                    }
                };
            }
            can = next;
        }
        can[t.len()]
    }

    #[test]
    fn agrees_with_the_table_matcher_on_every_small_case() {
        // Every pattern of up to 4 tokens over {a, b, /, *, ?} against every text of up to 5 chars over {a, b, /}.
        // Every string of up to `max` chars over `alphabet`, each once.
        fn all(alphabet: &[char], max: usize) -> Vec<String> {
            let mut level = vec![String::new()];
            let mut out = level.clone();
            for _ in 0..max {
                level = level.iter().flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}"))).collect();
                out.extend(level.iter().cloned());
            }
            out
        }
        let pats = all(&['a', 'b', '/', '*', '?'], 4);
        let texts = all(&['a', 'b', '/'], 5);
        for p in &pats {
            for dialect in [Dialect::Shell, Dialect::GoPath] {
                let toks = compile(p, dialect).unwrap();
                for t in &texts {
                    let chars: Vec<char> = t.chars().collect();
                    assert_eq!(
                        matches(p, t, dialect),
                        reference(&toks, &chars, dialect == Dialect::GoPath),
                        "{p:?} vs {t:?} ({dialect:?})"
                    );
                }
            }
        }
    }

    #[test]
    fn the_pathological_case_is_linear_work() {
        // The pattern that froze the page 13.9 s with the recursive matcher.
        let name = "a".repeat(40);
        let pat = "*a*a*a*a*a*a*a*a*a*b";
        let (ok, steps) = matches_counting(pat, &name, Dialect::Shell);
        assert!(!ok);
        assert!(steps <= (pat.len() as u64 + 1) * (name.len() as u64 + 1), "{steps} steps");
        // And far bigger: 2,000 stars against 20,000 chars stays within pattern × text.
        let name = "a".repeat(20_000);
        let pat = format!("{}b", "*a".repeat(2_000));
        let (ok, steps) = matches_counting(&pat, &name, Dialect::GoPath);
        assert!(!ok);
        assert!(steps <= (pat.len() as u64 + 1) * (name.len() as u64 + 1), "{steps} steps");
    }
}
