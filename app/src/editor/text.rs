//! The editor's text operations, browser-free: Tab, Enter with auto-indent, Shift-Tab, line
//! numbers and YAML colouring.
//!
//! The browser measures selections in UTF-16 code units; Rust strings are UTF-8. Every operation
//! here takes and returns UTF-16 offsets (what `selectionStart` gives and `setSelectionRange`
//! wants) and converts inside, so accents and `ñ` never split a character.

/// Spaces a Tab inserts (YAML forbids tabs in indentation).
pub const INDENT: &str = "  ";

/// The byte index of UTF-16 offset `u` in `s` (clamped to the end, never inside a character).
pub fn byte_of(s: &str, u: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in s.char_indices() {
        if units >= u {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    s.len()
}

/// The UTF-16 offset of byte index `b` in `s`.
pub fn utf16_of(s: &str, b: usize) -> u32 {
    s[..b.min(s.len())].encode_utf16().count() as u32
}

/// The result of an edit: the new text and where the caret goes (UTF-16).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    pub caret: u32,
}

fn replace(text: &str, start: u32, end: u32, with: &str) -> Edited {
    let (a, b) = (byte_of(text, start.min(end)), byte_of(text, start.max(end)));
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..a]);
    out.push_str(with);
    out.push_str(&text[b..]);
    Edited { caret: utf16_of(&out, a + with.len()), text: out }
}

/// Tab: the selection becomes two spaces.
pub fn tab(text: &str, start: u32, end: u32) -> Edited {
    replace(text, start, end, INDENT)
}

/// Shift-Tab: removes up to two spaces at the start of the caret's line.
pub fn untab(text: &str, caret: u32) -> Edited {
    let at = byte_of(text, caret);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let spaces = text[line_start..].bytes().take(INDENT.len()).take_while(|b| *b == b' ').count();
    let mut out = text.to_string();
    out.replace_range(line_start..line_start + spaces, "");
    let new_at = at.saturating_sub(spaces).max(line_start);
    Edited { caret: utf16_of(&out, new_at), text: out }
}

/// Whether some line's indentation holds a TAB YAML refuses (`compose::tabs::find`: not inside
/// a block scalar, a quoted string or a flow collection).
pub fn has_indent_tabs(text: &str) -> bool {
    !sim_core::compose::tabs::find(text).is_empty()
}

/// The TAB problem's one fix, `compose::tabs::convert` (each refused TAB becomes spaces up to the
/// next tab stop), with the caret kept on its line after the same characters.
pub fn tabs_to_spaces(text: &str, caret: u32) -> Edited {
    let out = sim_core::compose::tabs::convert(text);
    // Only indentation changes: the caret's line keeps its number and what follows the caret.
    let at = byte_of(text, caret);
    let line = text[..at].matches('\n').count();
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let after = line_end - at;
    let new_end = out.split_inclusive('\n').take(line + 1).map(str::len).sum::<usize>();
    let new_end = if out[..new_end].ends_with('\n') { new_end - 1 } else { new_end };
    let new_at = new_end.saturating_sub(after);
    Edited { caret: utf16_of(&out, new_at), text: out }
}

/// Enter: a new line indented like the current one, one level deeper after a `key:`.
pub fn newline(text: &str, start: u32, end: u32) -> Edited {
    let at = byte_of(text, start.min(end));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let deeper = line.trim_end().ends_with(':') && !line.trim_start().starts_with('#');
    let mut with = format!("\n{indent}");
    if deeper {
        with.push_str(INDENT);
    }
    replace(text, start, end, &with)
}

/// The part of a text an edit changed: UTF-16 offsets `start..end` of the old text became `with`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    pub start: u32,
    pub end: u32,
    pub with: String,
}

/// What changed from `old` to `new` (the common start and end kept), so only that part is put
/// into the textarea (`setRangeText`) instead of its whole value.
pub fn splice(old: &str, new: &str) -> Splice {
    let mut pre = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(pre) || !new.is_char_boundary(pre) {
        pre -= 1;
    }
    let max_suf = old.len().min(new.len()) - pre;
    let mut suf = old.bytes().rev().zip(new.bytes().rev()).take(max_suf).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suf) || !new.is_char_boundary(new.len() - suf) {
        suf -= 1;
    }
    let start = utf16_of(old, pre);
    let end = start + old[pre..old.len() - suf].encode_utf16().count() as u32;
    Splice { start, end, with: new[pre..new.len() - suf].to_string() }
}

/// Applies a [`Splice`] (for tests: the textarea does it in the page).
pub fn apply(old: &str, s: &Splice) -> String {
    let (a, b) = (byte_of(old, s.start), byte_of(old, s.end));
    format!("{}{}{}", &old[..a], s.with, &old[b..])
}

/// How many lines the gutter numbers (an empty text has one).
pub fn line_count(text: &str) -> usize {
    text.matches('\n').count() + 1
}

/// The colour class of a highlighted piece of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hl {
    Plain,
    Key,
    Str,
    Comment,
    Punct,
    Number,
}

impl Hl {
    pub fn class(self) -> &'static str {
        match self {
            Hl::Plain => "",
            Hl::Key => "hl-key",
            Hl::Str => "hl-str",
            Hl::Comment => "hl-com",
            Hl::Punct => "hl-punct",
            Hl::Number => "hl-num",
        }
    }
}

/// Whether a file name gets YAML colouring.
pub fn is_yaml(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

/// Splits YAML into coloured pieces that concatenate back to `text` exactly.
///
/// Line by line and forgiving: keys (`name:` after the indentation or a `- `), quoted strings,
/// comments, numbers and `-`/`:` punctuation. Anything it does not recognise stays plain.
pub fn highlight_yaml(text: &str) -> Vec<(Hl, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (line, nl) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i..i + 1]),
            None => (rest, ""),
        };
        highlight_line(line, &mut out);
        put(&mut out, Hl::Plain, nl);
        rest = &rest[line.len() + nl.len()..];
    }
    out
}

fn put<'a>(out: &mut Vec<(Hl, &'a str)>, hl: Hl, s: &'a str) {
    if !s.is_empty() {
        out.push((hl, s));
    }
}

fn highlight_line<'a>(line: &'a str, out: &mut Vec<(Hl, &'a str)>) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    put(out, Hl::Plain, &line[..indent]);
    let mut rest = &line[indent..];
    while let Some(after) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
        put(out, Hl::Punct, &rest[..rest.len() - after.len()]);
        rest = after;
    }
    if rest.starts_with('#') {
        put(out, Hl::Comment, rest);
        return;
    }
    // A key: up to the first ": " or a final ':' outside quotes.
    if let Some(k) = key_len(rest) {
        put(out, Hl::Key, &rest[..k]);
        put(out, Hl::Punct, &rest[k..k + 1]);
        rest = &rest[k + 1..];
    }
    value(rest, out);
}

fn key_len(s: &str) -> Option<usize> {
    if s.starts_with(['"', '\'', '{', '[']) {
        return None;
    }
    let i = s.find(':')?;
    let after = &s[i + 1..];
    (i > 0 && (after.is_empty() || after.starts_with(' ')) && !s[..i].contains(" #")).then_some(i)
}

fn value<'a>(mut rest: &'a str, out: &mut Vec<(Hl, &'a str)>) {
    while !rest.is_empty() {
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        put(out, Hl::Plain, &rest[..spaces]);
        rest = &rest[spaces..];
        if rest.is_empty() {
            break;
        }
        if rest.starts_with('#') {
            put(out, Hl::Comment, rest);
            return;
        }
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let end = rest[1..].find(q).map_or(rest.len(), |i| i + 2);
            put(out, Hl::Str, &rest[..end]);
            rest = &rest[end..];
            continue;
        }
        // A plain word up to the next " #" comment.
        let end = rest.find(" #").unwrap_or(rest.len());
        let word = &rest[..end];
        let bare = word.trim_end();
        let hl = if sim_core::float::parse(bare).is_some() || matches!(bare, "true" | "false" | "null") {
            Hl::Number
        } else {
            Hl::Plain
        };
        put(out, hl, word);
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_map_to_char_boundaries() {
        let s = "año: 😀x";
        assert_eq!(byte_of(s, 0), 0);
        assert_eq!(byte_of(s, 2), 3, "ñ is one UTF-16 unit, two bytes");
        assert_eq!(byte_of(s, 5), 6);
        assert_eq!(byte_of(s, 7), 10, "the emoji is two units, four bytes");
        assert_eq!(byte_of(s, 99), s.len());
        assert_eq!(utf16_of(s, 10), 7);
    }

    #[test]
    fn tab_replaces_the_selection_with_two_spaces() {
        assert_eq!(tab("ab", 1, 1), Edited { text: "a  b".into(), caret: 3 });
        assert_eq!(tab("abcd", 1, 3), Edited { text: "a  d".into(), caret: 3 });
        assert_eq!(tab("ñ", 1, 1), Edited { text: "ñ  ".into(), caret: 3 });
    }

    #[test]
    fn untab_removes_up_to_two_leading_spaces() {
        assert_eq!(untab("a\n    b", 7), Edited { text: "a\n  b".into(), caret: 5 });
        assert_eq!(untab(" x", 1), Edited { text: "x".into(), caret: 0 });
        assert_eq!(untab("x", 1), Edited { text: "x".into(), caret: 1 });
    }

    #[test]
    fn enter_keeps_the_indentation_and_deepens_after_a_key() {
        let t = "services:";
        assert_eq!(newline(t, 9, 9), Edited { text: "services:\n  ".into(), caret: 12 });
        let t = "  web:\n    image: nginx";
        let e = newline(t, t.len() as u32, t.len() as u32);
        assert_eq!(e.text, "  web:\n    image: nginx\n    ");
        assert_eq!(e.caret, e.text.len() as u32);
        assert_eq!(newline("# nota:", 7, 7).text, "# nota:\n", "comments do not deepen");
        assert_eq!(newline("ab", 1, 1), Edited { text: "a\nb".into(), caret: 2 });
    }

    #[test]
    fn yaml_pieces_concatenate_back_to_the_text() {
        let t =
            "services:\n  web:\n    image: \"nginx:1.27\" # fijo\n    ports:\n      - 8080:80\n    replicas: 2\n# fin";
        let pieces = highlight_yaml(t);
        assert_eq!(pieces.iter().map(|(_, s)| *s).collect::<String>(), t);
        let find = |hl: Hl| pieces.iter().filter(|(h, _)| *h == hl).map(|(_, s)| *s).collect::<Vec<_>>();
        assert_eq!(find(Hl::Key), ["services", "web", "image", "ports", "replicas"]);
        assert_eq!(find(Hl::Str), ["\"nginx:1.27\""]);
        assert_eq!(find(Hl::Comment), ["# fijo", "# fin"]);
        assert_eq!(find(Hl::Number), ["2"]);
        assert!(find(Hl::Plain).contains(&"8080:80"), "a port mapping is not a key");
    }

    #[test]
    fn odd_yaml_never_loses_text() {
        for t in ["", "\n\n", "- ", "-", "key:", "'sin cerrar", "a: 'x' 'y'", "ñ: ü # ç", ":", "- - a: b"] {
            assert_eq!(highlight_yaml(t).iter().map(|(_, s)| *s).collect::<String>(), t, "{t:?}");
        }
    }

    #[test]
    fn splices_carry_only_what_changed() {
        let t = "services:\n  web:\n    image: ñandú";
        for ed in [tab(t, 3, 3), tab(t, 3, 9), untab(t, 16), newline(t, 9, 9), newline(t, 34, 34), tab("", 0, 0)] {
            let sp = splice(t, &ed.text);
            assert_eq!(apply(t, &sp), ed.text, "{sp:?}");
            assert!(sp.with.len() <= 7, "{sp:?}");
        }
        assert_eq!(splice("a  b", "a b"), Splice { start: 2, end: 3, with: String::new() });
        assert_eq!(splice("ñ", "ñ\n"), Splice { start: 1, end: 1, with: "\n".into() });
        assert_eq!(splice("añb", "aéb"), Splice { start: 1, end: 2, with: "é".into() }, "never inside a character");
        assert_eq!(splice("x", "x"), Splice { start: 1, end: 1, with: String::new() });
    }

    #[test]
    fn line_count_counts_the_last_line() {
        assert_eq!(line_count(""), 1);
        assert_eq!(line_count("a\nb"), 2);
        assert_eq!(line_count("a\n"), 2);
    }

    #[test]
    fn tabs_in_indentation_become_spaces_as_compose_would_have_them() {
        // The tutorial's `main` service, its TABs as they are in the course's text.
        let tutorial = "  main:\n      build: \n      \tcontext: ./main_app\n  \t  entrypoint: /code/main.py\n  \t  environment:\n  \t    - DB_USER=arinarmo\n\t    \n";
        assert!(has_indent_tabs(tutorial));
        let fixed = tabs_to_spaces(tutorial, 0);
        assert_eq!(
            fixed.text,
            "  main:\n      build: \n        context: ./main_app\n      entrypoint: /code/main.py\n      environment:\n        - DB_USER=arinarmo\n        \n"
        );
        assert!(!has_indent_tabs(&fixed.text));
        // A TAB inside a value, or in a block scalar's text, is the value's.
        for value in ["a: \"x\ty\"\n", "a: |\n  \tcode\n"] {
            assert!(!has_indent_tabs(value), "{value:?}");
            assert_eq!(tabs_to_spaces(value, 0).text, value);
        }
        // The caret stays on its line, after the same characters.
        let t = "a:\n\tb: 1\nc: 2";
        let e = tabs_to_spaces(t, utf16_of(t, t.find('1').unwrap()));
        assert_eq!(&e.text[byte_of(&e.text, e.caret)..], "1\nc: 2");
        let end = tabs_to_spaces(t, utf16_of(t, t.len()));
        assert_eq!(end.caret, utf16_of(&end.text, end.text.len()));
    }
}
