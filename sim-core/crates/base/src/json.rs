//! JSON strings as Go's `encoding/json` writes them, written once for every byte-exact
//! JSON output (`docker inspect`, `--format '{{json .}}'`, `docker compose config --format
//! json`, `compose ps --format json`): `"`, `\` and the control characters escaped (`\n`,
//! `\r`, `\t`, else `\u00XX`), U+2028/U+2029 escaped as Go does for JavaScript's sake, and
//! `<`, `>`, `&` as `\u003c`… when the encoder escapes HTML (`json.Marshal` does; Compose's
//! `config` encoder turns it off).

/// Appends `s` quoted as Go's encoder writes it.
pub fn write_str(out: &mut String, s: &str, escape_html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if escape_html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as `json.Marshal` quotes it (HTML characters escaped).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_str(&mut out, s, true);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        let mut out = String::new();
        write_str(&mut out, s, false);
        out
    }

    #[test]
    fn escapes_as_go() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("\n\r\t\u{1}\u{1f}"), r#""\n\r\t\u0001\u001f""#);
        assert_eq!(quote("<a & b>"), r#""\u003ca \u0026 b\u003e""#);
        assert_eq!(plain("<a & b>"), r#""<a & b>""#);
        assert_eq!(plain("\u{2028}\u{2029}"), r#""\u2028\u2029""#);
        assert_eq!(plain("ñ€😀\u{7f}"), "\"ñ€😀\u{7f}\"");
    }
}
