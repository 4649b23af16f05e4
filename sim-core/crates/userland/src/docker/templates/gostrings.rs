//! Go's `strings.ToLower`, `strings.ToUpper` and `strings.Title`, the functions docker/cli's
//! templates bind to `lower`, `upper` and `title`. Go maps one rune to one rune with
//! Unicode's simple case mappings (`ß` stays `ß` in upper case, `Σ` is always `σ`), and
//! `Title` (deprecated, still what docker uses) upper-cases — title-cases, strictly — every
//! rune that follows a separator: an ASCII char other than a letter, a digit or `_`, or
//! a non-ASCII space.

use crate::case::{simple_lower, simple_title, simple_upper};

/// `strings.ToLower`.
pub fn to_lower(s: &str) -> String {
    s.chars().map(simple_lower).collect()
}

/// `strings.ToUpper`.
pub fn to_upper(s: &str) -> String {
    s.chars().map(simple_upper).collect()
}

/// `strings.Title`.
pub fn title(s: &str) -> String {
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let after_separator = is_separator(prev);
            prev = c;
            if after_separator {
                simple_title(c)
            } else {
                c
            }
        })
        .collect()
}

/// Go's `strings.isSeparator`: ASCII letters, digits and `_` are not separators, other
/// ASCII is; beyond ASCII letters and digits are not, and spaces are (`unicode.IsSpace`,
/// the White_Space property, as `char::is_whitespace`).
fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pkg.go.dev/strings: `ExampleToLower`, `ExampleToUpper`, `ExampleTitle`.
    #[test]
    fn go_documented_examples() {
        assert_eq!(to_lower("Gopher"), "gopher");
        assert_eq!(to_upper("Gopher"), "GOPHER");
        assert_eq!(title("her royal highness"), "Her Royal Highness");
        assert_eq!(title("loud noises"), "Loud Noises");
        assert_eq!(title("брат"), "Брат");
    }

    /// Go's `strings_test.go` tables (`upperTests`, `lowerTests`, `TitleTests`).
    #[test]
    fn go_test_tables() {
        for (s, up) in [
            ("", ""),
            ("ONLYUPPER", "ONLYUPPER"),
            ("abc", "ABC"),
            ("AbC123", "ABC123"),
            ("azAZ09_", "AZAZ09_"),
            ("longStrinGwitHmixofsmaLLandcAps", "LONGSTRINGWITHMIXOFSMALLANDCAPS"),
            (
                "RENAN BASTOS 93 AOSDAJDJAIDJAIDAJIaidsjjaidijadsjiadjiOOKKO",
                "RENAN BASTOS 93 AOSDAJDJAIDJAIDAJIAIDSJJAIDIJADSJIADJIOOKKO",
            ),
            (
                "long\u{0250}string\u{0250}with\u{0250}nonascii\u{2C6F}chars",
                "LONG\u{2C6F}STRING\u{2C6F}WITH\u{2C6F}NONASCII\u{2C6F}CHARS",
            ),
            ("\u{0250}\u{0250}\u{0250}\u{0250}\u{0250}", "\u{2C6F}\u{2C6F}\u{2C6F}\u{2C6F}\u{2C6F}"),
            ("a\u{0080}\u{10FFFF}", "A\u{0080}\u{10FFFF}"),
        ] {
            assert_eq!(to_upper(s), up, "{s:?}");
        }
        for (s, low) in [
            ("", ""),
            ("abc", "abc"),
            ("AbC123", "abc123"),
            ("azAZ09_", "azaz09_"),
            ("longStrinGwitHmixofsmaLLandcAps", "longstringwithmixofsmallandcaps"),
            (
                "renan bastos 93 AOSDAJDJAIDJAIDAJIaidsjjaidijadsjiadjiOOKKO",
                "renan bastos 93 aosdajdjaidjaidajiaidsjjaidijadsjiadjiookko",
            ),
            (
                "LONG\u{2C6F}STRING\u{2C6F}WITH\u{2C6F}NONASCII\u{2C6F}CHARS",
                "long\u{0250}string\u{0250}with\u{0250}nonascii\u{0250}chars",
            ),
            ("\u{2C6D}\u{2C6D}\u{2C6D}\u{2C6D}\u{2C6D}", "\u{0251}\u{0251}\u{0251}\u{0251}\u{0251}"),
            ("A\u{0080}\u{10FFFF}", "a\u{0080}\u{10FFFF}"),
        ] {
            assert_eq!(to_lower(s), low, "{s:?}");
        }
        for (s, t) in [
            ("", ""),
            ("a", "A"),
            (" aaa aaa aaa ", " Aaa Aaa Aaa "),
            (" Aaa Aaa Aaa ", " Aaa Aaa Aaa "),
            ("123a456", "123a456"),
            ("double-blind", "Double-Blind"),
            ("ÿøû", "Ÿøû"),
            ("with_underscore", "With_underscore"),
            ("unicode \u{2028} line separator", "Unicode \u{2028} Line Separator"),
        ] {
            assert_eq!(title(s), t, "{s:?}");
        }
    }

    /// One rune to one rune, where Rust's full mappings would change the length.
    #[test]
    fn one_rune_to_one_rune() {
        assert_eq!(to_upper("straße"), "STRAßE");
        assert_eq!(to_upper("ﬁn ŉ"), "ﬁN ŉ");
        assert_eq!(to_lower("İSTANBUL"), "istanbul");
        assert_eq!(to_lower("ΟΔΟΣ"), "οδοσ");
        assert_eq!(title("ǆemal"), "ǅemal");
        assert_eq!(to_upper("ǆemal"), "ǄEMAL");
        assert_eq!(title("hello wOrld-foo_bar"), "Hello WOrld-Foo_bar");
        assert_eq!(title("«hola» mundo.x 'quoted' it's"), "«hola» Mundo.X 'Quoted' It'S");
        assert_eq!(title("a\u{a0}b\u{3000}c"), "A\u{a0}B\u{3000}C");
    }
}
