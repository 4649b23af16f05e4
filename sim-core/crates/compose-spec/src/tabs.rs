//! TABs used as indentation, every one of them at once, each at its own line and column.
//!
//! Compose reads YAML with Go's yaml.v3 (libyaml's scanner). At the start of a line in block
//! context libyaml skips spaces but not TABs, so a TAB anywhere in a line's indentation stops
//! it with `found character that cannot start any token`, reported at the TAB's own line — and
//! only the first one. saphyr-parser (our scanner, YAML 1.2) accepts some TABs libyaml refuses
//! and, when it does refuse, notices them later (at the next token, sometimes a line away), so
//! its position cannot be trusted for them. This pre-scan of the text finds them itself: a line
//! whose leading whitespace holds a TAB, outside a block scalar's content (`|`, `>`), a quoted
//! string that spans lines, or a flow collection (`[...]`, `{...}`), where YAML allows TABs.
//! Whitespace-only lines count too: libyaml refuses a TAB there as well.
//!
//! It is a line scanner, not a parser: plain scalars continued over several lines are treated
//! as ordinary lines (libyaml tolerates a TAB there past the indentation; a student's Compose
//! file almost never has one), and the rest of the text is left to the real parser.
//!
//! [`convert`] is the one fix offered: each TAB of those indentations becomes spaces up to the
//! next multiple of [`TAB_STOP`] columns.

/// Columns of one TAB stop when converting. 4 is what most editors show a TAB as (VS Code,
/// gedit, Notepad++), so the converted file nests the way its author saw it. Both real files
/// this project ships show why neither 2 nor 8 would do: the seed tutorial's file mixes spaces
/// and TABs (`      ⇥context:` under `      build:`, `  ⇥  entrypoint:` beside it), valid with
/// stops of 2 or 4 but not 8; the golden `compose_tabs` file indents only with TABs under
/// 2-space keys (`  postgres:` then `⇥image:`), valid with stops of 4 or 8 but not 2 (`image`
/// would become a sibling of `postgres`).
pub const TAB_STOP: usize = 4;

/// One indentation with a TAB: 1-based line and the 1-based column (in characters) of its first
/// TAB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TabIndent {
    pub line: u32,
    pub col: u32,
}

/// What the end of a line leaves open for the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    Nothing,
    /// Content of a block scalar whose indicator line was indented this much.
    Block(usize),
    /// A quoted scalar not yet closed (`true` = double quotes).
    Quoted(bool),
}

/// Every indentation of `text` with a TAB that libyaml refuses, in line order.
pub fn find(text: &str) -> Vec<TabIndent> {
    let mut out = Vec::new();
    let mut open = Open::Nothing;
    let mut flow = 0usize;
    // One buffer for every line's characters (a file of 1,000 services has ~40,000 lines).
    let mut chars: Vec<char> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let lead: usize = line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
        let blank = lead == line.chars().count();
        if let Open::Block(parent) = open {
            let spaces = line.chars().take_while(|c| *c == ' ').count();
            if blank || spaces > parent {
                continue;
            }
            open = Open::Nothing;
        }
        let in_string = matches!(open, Open::Quoted(_));
        if !in_string && flow == 0 {
            if let Some(col) = line.chars().take(lead).position(|c| c == '\t') {
                out.push(TabIndent { line: clamp(i + 1), col: clamp(col + 1) });
            }
        }
        let (next_open, next_flow) = scan_line(line, lead, open, flow, &mut chars);
        open = next_open;
        flow = next_flow;
    }
    out
}

/// What Compose (yaml.v3) prints for a TAB at 1-based `line` when it is the first one: the
/// scanner error's line counts from its mark, 0-based, and is left out when that is 0.
pub fn compose_says(line: u32) -> String {
    let at = if line > 1 { format!("line {line}: ") } else { String::new() };
    format!("yaml: {at}found character that cannot start any token")
}

/// `text` with every TAB of the indentations [`find`] reports turned into spaces up to the next
/// multiple of [`TAB_STOP`]; other TABs (inside strings, block scalars, after the indentation)
/// stay. Line endings are kept.
pub fn convert(text: &str) -> String {
    // Inserted one by one: `collect` into a set sorts first, a copy of std's sort in the page's
    // wasm (the editor's TAB fix) for this one use.
    let mut lines = std::collections::BTreeSet::new();
    lines.extend(find(text).iter().map(|t| t.line));
    let mut out = String::with_capacity(text.len() + lines.len() * TAB_STOP);
    for (i, raw) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !lines.contains(&clamp(i + 1)) {
            out.push_str(raw);
            continue;
        }
        let mut col = 0usize;
        let mut rest = raw;
        while let Some(c) = rest.chars().next().filter(|c| *c == ' ' || *c == '\t') {
            if c == '\t' {
                let to = (col / TAB_STOP + 1) * TAB_STOP;
                out.extend(std::iter::repeat_n(' ', to - col));
                col = to;
            } else {
                out.push(' ');
                col += 1;
            }
            rest = &rest[1..];
        }
        out.push_str(rest);
    }
    out
}

fn clamp(n: usize) -> u32 {
    n.min(u32::MAX as usize) as u32
}

/// Follows one line's quotes, brackets, comments and block-scalar indicators to know what it
/// leaves open. `lead` = characters of indentation; `chars` is a buffer for the line's characters.
fn scan_line(line: &str, lead: usize, open: Open, mut flow: usize, chars: &mut Vec<char>) -> (Open, usize) {
    chars.clear();
    chars.extend(line.chars());
    let chars: &[char] = chars;
    let mut i = 0;
    let mut quote = match open {
        Open::Quoted(d) => Some(d),
        _ => None,
    };
    // Whether the next character starts a value (where a quote, a bracket or `|` means one).
    let mut at_start = quote.is_none();
    if quote.is_none() {
        i = lead;
    }
    let mut last_value_start: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        if let Some(double) = quote {
            match c {
                '\\' if double => i += 1,
                '"' if double => quote = None,
                '\'' if !double => {
                    if chars.get(i + 1) == Some(&'\'') {
                        i += 1;
                    } else {
                        quote = None;
                    }
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        let prev_blank = i == 0 || matches!(chars[i - 1], ' ' | '\t');
        match c {
            '#' if prev_blank => break,
            ' ' | '\t' => {
                i += 1;
                continue;
            }
            '"' | '\'' if at_start => {
                quote = Some(c == '"');
                last_value_start = Some(c);
            }
            '[' | '{' if at_start || flow > 0 => {
                flow += 1;
                last_value_start = Some(c);
            }
            ']' | '}' if flow > 0 => flow -= 1,
            _ if at_start => last_value_start = Some(c),
            _ => {}
        }
        let next = chars.get(i + 1).copied();
        let sep = next.is_none_or(|n| n == ' ' || n == '\t');
        at_start = match c {
            '-' | '?' | ':' if sep => true,
            ',' | '[' | '{' if flow > 0 => true,
            _ => false,
        };
        i += 1;
    }
    if let Some(d) = quote {
        return (Open::Quoted(d), flow);
    }
    if flow == 0 && matches!(last_value_start, Some('|') | Some('>')) && block_indicator(chars) {
        return (Open::Block(lead), flow);
    }
    (Open::Nothing, flow)
}

/// Whether the line's last value is a block scalar indicator (`|`, `>-`, `|2+`…), possibly
/// followed by a comment.
fn block_indicator(chars: &[char]) -> bool {
    let text: String = chars.iter().collect();
    let code = match text.find(" #") {
        Some(i) => &text[..i],
        None => &text,
    };
    let last = code.trim_end().rsplit([' ', '\t']).next().unwrap_or("");
    let mut it = last.chars();
    matches!(it.next(), Some('|') | Some('>')) && it.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(u32, u32)> {
        find(text).iter().map(|t| (t.line, t.col)).collect()
    }

    #[test]
    fn a_tab_on_line_7_is_on_line_7() {
        let t = "services:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\"\n    environment:\n\tA: 1\n";
        assert_eq!(lines(t), [(7, 1)]);
    }

    #[test]
    fn every_tab_is_listed_at_its_column() {
        let t = "services:\n  main:\n      build: \n      \tcontext: .\n  \t  entrypoint: x\n\t    \n";
        assert_eq!(lines(t), [(4, 7), (5, 3), (6, 1)]);
    }

    #[test]
    fn tabs_where_yaml_allows_them_are_left_alone() {
        let block = "services:\n  web:\n    command: |\n      echo\n\tindented\n    image: x\n";
        assert_eq!(lines(block), [(5, 1)], "a TAB line less indented than spaces ends the block");
        let block = "x:\n  y: |-\n    a\n    \tb\n\n  z: 1\n";
        assert_eq!(lines(block), Vec::<(u32, u32)>::new(), "content of a block scalar");
        let quoted = "a: \"one\n\ttwo\"\nb: 'x\n\ty'\n";
        assert_eq!(lines(quoted), Vec::<(u32, u32)>::new());
        let flow = "a: [1,\n\t2]\nb: {x: 1,\n\ty: 2}\n\tc: 3\n";
        assert_eq!(lines(flow), [(5, 1)]);
        let inner = "a: b\tc\nd: \"e\\\"\"\n\tf: 1\n";
        assert_eq!(lines(inner), [(3, 1)], "TABs after the indentation are not indentation");
        let comment = "a: 1 # it's [ {\n\tb: 2\n";
        assert_eq!(lines(comment), [(2, 1)], "a comment opens nothing");
        let plain = "command: echo \"hi\n\tb: 1\n";
        assert_eq!(lines(plain), [(2, 1)], "a quote inside a plain scalar opens nothing");
    }

    #[test]
    fn conversion_uses_tab_stops_of_four() {
        assert_eq!(convert("a:\n\tb: 1\n"), "a:\n    b: 1\n");
        assert_eq!(convert("a:\n  \t  b: 1\r\n"), "a:\n      b: 1\r\n");
        assert_eq!(convert("a:\n      \tb: 1\n"), "a:\n        b: 1\n");
        assert_eq!(convert("a: |\n  x\n  \ty\n"), "a: |\n  x\n  \ty\n", "block content untouched");
        assert_eq!(convert("a: \"x\n\ty\"\n"), "a: \"x\n\ty\"\n");
        assert_eq!(convert("ñ:\n\t- é\t"), "ñ:\n    - é\t");
    }

    #[test]
    fn odd_inputs_never_panic() {
        for t in ["", "\t", "\"", "'", "[", "]]]", "|", "a: |\n", "\u{feff}\t", "a: '''\n\t", "\\\"\n\t"] {
            let _ = find(t);
            let _ = convert(t);
        }
    }
}
