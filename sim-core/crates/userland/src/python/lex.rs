//! Python's tokenizer: names, numbers, strings (f-strings kept raw for the parser), operators,
//! and the NEWLINE/INDENT/DEDENT structure of its lines. Brackets join lines, as does a
//! backslash at a line's end.

/// A position in the source: 1-based line, 0-based character column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Name(String),
    Int(i64),
    Float(f64),
    /// A string literal's value (adjacent literals are joined by the parser).
    Str(String),
    /// An f-string's raw text between its quotes, and where that text starts.
    FStr(String, Pos),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    End,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub start: Pos,
    pub end: Pos,
}

/// A SyntaxError (or IndentationError) with where it is.
#[derive(Clone, Debug)]
pub struct SyntaxErr {
    pub kind: &'static str,
    pub msg: String,
    pub pos: Pos,
    /// Where the caret run ends (exclusive), when it spans more than one character.
    pub end: Option<Pos>,
}

pub fn err(msg: impl Into<String>, pos: Pos) -> SyntaxErr {
    SyntaxErr { kind: "SyntaxError", msg: msg.into(), pos, end: None }
}

const OPS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "==", "!=", "<=", ">=", "**", "//", "<<", ">>", "+=", "-=", "*=",
    "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",",
    ":", ".", ";", "&", "|", "^", "~",
];

/// Brackets nested deeper than this are refused, as CPython's tokenizer does (its limit is 200; Muelle's is lower):
/// the parser recurses once per level, so this bounds its stack.
pub const MAX_NEST: usize = 50;

pub fn tokenize(src: &str) -> Result<Vec<Token>, SyntaxErr> {
    let lines: Vec<Vec<char>> = src.split('\n').map(|l| l.trim_end_matches('\r').chars().collect()).collect();
    let mut toks: Vec<Token> = Vec::new();
    let mut indents: Vec<usize> = vec![0];
    let mut depth: Vec<char> = Vec::new();
    let mut li = 0usize;
    let mut continued = false;
    while li < lines.len() {
        let line = &lines[li];
        let lno = li as u32 + 1;
        let mut i = 0usize;
        if depth.is_empty() && !continued {
            // Indentation of a logical line's first physical line.
            let mut width = 0usize;
            while i < line.len() && (line[i] == ' ' || line[i] == '\t') {
                width = if line[i] == '\t' { (width / 8 + 1) * 8 } else { width + 1 };
                i += 1;
            }
            if i >= line.len() || line[i] == '#' {
                li += 1;
                continue;
            }
            let cur = *indents.last().unwrap_or(&0);
            let pos = Pos { line: lno, col: i as u32 };
            if width > cur {
                indents.push(width);
                toks.push(Token { tok: Tok::Indent, start: pos, end: pos });
            } else {
                while width < *indents.last().unwrap_or(&0) {
                    indents.pop();
                    toks.push(Token { tok: Tok::Dedent, start: pos, end: pos });
                }
                if width != *indents.last().unwrap_or(&0) {
                    return Err(SyntaxErr {
                        kind: "IndentationError",
                        msg: "unindent does not match any outer indentation level".into(),
                        pos: Pos { line: lno, col: line.len() as u32 },
                        end: None,
                    });
                }
            }
        }
        continued = false;
        let mut ended_logical = false;
        while i < line.len() {
            let c = line[i];
            let start = Pos { line: lno, col: i as u32 };
            if c == ' ' || c == '\t' || c == '\x0c' {
                i += 1;
                continue;
            }
            if c == '#' {
                break;
            }
            if c == '\\' && i + 1 == line.len() {
                continued = true;
                i += 1;
                continue;
            }
            if c.is_alphabetic() || c == '_' {
                let s = i;
                while i < line.len() && (line[i].is_alphanumeric() || line[i] == '_') {
                    i += 1;
                }
                let word: String = line[s..i].iter().collect();
                // String prefixes: r, f, b, u and their pairs.
                let lower = word.to_ascii_lowercase();
                if i < line.len()
                    && (line[i] == '\'' || line[i] == '"')
                    && matches!(lower.as_str(), "r" | "f" | "b" | "u" | "rf" | "fr" | "rb" | "br")
                {
                    if lower.contains('b') {
                        return Err(err("bytes literals are not supported by Muelle's Python", start));
                    }
                    let (tok, nli, ni) = string(&lines, li, i, lower.contains('r'), lower.contains('f'))?;
                    let end = Pos { line: nli as u32 + 1, col: ni as u32 };
                    toks.push(Token { tok, start, end });
                    if nli != li {
                        li = nli;
                        // The rest of the closing line is tokenized from here.
                        let rest = tokenize_rest(&lines, &mut li, ni, &mut toks, &mut depth, &mut continued)?;
                        ended_logical = rest;
                        break;
                    }
                    i = ni;
                    continue;
                }
                toks.push(Token { tok: Tok::Name(word), start, end: Pos { line: lno, col: i as u32 } });
                continue;
            }
            if c.is_ascii_digit() || (c == '.' && i + 1 < line.len() && line[i + 1].is_ascii_digit()) {
                let (tok, ni) = number(line, i, start)?;
                i = ni;
                toks.push(Token { tok, start, end: Pos { line: lno, col: i as u32 } });
                continue;
            }
            if c == '\'' || c == '"' {
                let (tok, nli, ni) = string(&lines, li, i, false, false)?;
                let end = Pos { line: nli as u32 + 1, col: ni as u32 };
                toks.push(Token { tok, start, end });
                if nli != li {
                    li = nli;
                    let rest = tokenize_rest(&lines, &mut li, ni, &mut toks, &mut depth, &mut continued)?;
                    ended_logical = rest;
                    break;
                }
                i = ni;
                continue;
            }
            let rest: String = line[i..line.len().min(i + 3)].iter().collect();
            let Some(op) = OPS.iter().find(|o| rest.starts_with(**o)) else {
                return Err(err(format!("invalid character '{c}' (U+{:04X})", c as u32), start));
            };
            i += op.chars().count();
            match *op {
                "(" | "[" | "{" => {
                    depth.push(c);
                    if depth.len() > MAX_NEST {
                        return Err(err("too many nested parentheses", start));
                    }
                }
                ")" | "]" | "}" => {
                    let open = match c {
                        ')' => '(',
                        ']' => '[',
                        _ => '{',
                    };
                    match depth.pop() {
                        Some(o) if o == open => {}
                        Some(o) => {
                            return Err(err(
                                format!("closing parenthesis '{c}' does not match opening parenthesis '{o}'"),
                                start,
                            ))
                        }
                        None => return Err(err(format!("unmatched '{c}'"), start)),
                    }
                }
                _ => {}
            }
            toks.push(Token { tok: Tok::Op(op), start, end: Pos { line: lno, col: i as u32 } });
        }
        if !ended_logical && depth.is_empty() && !continued {
            push_newline(&mut toks, lno, lines[li].len() as u32);
        }
        li += 1;
    }
    if let Some(o) = depth.last() {
        let at = toks.iter().rev().find(|t| t.tok == Tok::Op(open_str(*o))).map(|t| t.start).unwrap_or_default();
        return Err(err(format!("'{o}' was never closed"), at));
    }
    let last = Pos { line: lines.len() as u32 + 1, col: 0 };
    push_newline(&mut toks, last.line, 0);
    while indents.len() > 1 {
        indents.pop();
        toks.push(Token { tok: Tok::Dedent, start: last, end: last });
    }
    toks.push(Token { tok: Tok::End, start: last, end: last });
    Ok(toks)
}

fn open_str(c: char) -> &'static str {
    match c {
        '(' => "(",
        '[' => "[",
        _ => "{",
    }
}

fn push_newline(toks: &mut Vec<Token>, line: u32, col: u32) {
    if matches!(toks.last().map(|t| &t.tok), Some(Tok::Newline | Tok::Indent | Tok::Dedent) | None) {
        return;
    }
    let p = Pos { line, col };
    toks.push(Token { tok: Tok::Newline, start: p, end: p });
}

/// After a multi-line string: tokenizes the rest of its closing line (a small re-entry: the
/// same rules, without indentation). Returns whether it ended the logical line itself.
fn tokenize_rest(
    lines: &[Vec<char>],
    li: &mut usize,
    from: usize,
    toks: &mut Vec<Token>,
    depth: &mut Vec<char>,
    continued: &mut bool,
) -> Result<bool, SyntaxErr> {
    let line: String = lines[*li][from..].iter().collect();
    let pad = " ".repeat(from);
    let sub = tokenize_fragment(&format!("{pad}{line}"), *li as u32 + 1, depth)?;
    let cont = line.trim_end().ends_with('\\');
    toks.extend(sub);
    if cont {
        *continued = true;
        return Ok(true);
    }
    if depth.is_empty() {
        push_newline(toks, *li as u32 + 1, lines[*li].len() as u32);
    }
    Ok(true)
}

/// Tokens of one physical line's remainder (no indentation, no NEWLINE).
fn tokenize_fragment(text: &str, line: u32, depth: &mut Vec<char>) -> Result<Vec<Token>, SyntaxErr> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = Pos { line, col: i as u32 };
        if c.is_whitespace() || (c == '\\' && i + 1 == chars.len()) {
            i += 1;
            continue;
        }
        if c == '#' {
            break;
        }
        if c == '\'' || c == '"' {
            let one = vec![chars.clone()];
            let (tok, nli, ni) = string(&one, 0, i, false, false)?;
            if nli != 0 {
                return Err(err("Muelle's Python: two multi-line strings on one line are not supported", start));
            }
            out.push(Token { tok, start, end: Pos { line, col: ni as u32 } });
            i = ni;
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            if c.is_ascii_digit() {
                let (tok, ni) = number(&chars, i, start)?;
                out.push(Token { tok, start, end: Pos { line, col: ni as u32 } });
                i = ni;
                continue;
            }
            let s = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token { tok: Tok::Name(chars[s..i].iter().collect()), start, end: Pos { line, col: i as u32 } });
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
        let Some(op) = OPS.iter().find(|o| rest.starts_with(**o)) else {
            return Err(err(format!("invalid character '{c}' (U+{:04X})", c as u32), start));
        };
        i += op.chars().count();
        match *op {
            "(" | "[" | "{" => depth.push(c),
            ")" | "]" | "}" => {
                depth.pop();
            }
            _ => {}
        }
        out.push(Token { tok: Tok::Op(op), start, end: Pos { line, col: i as u32 } });
    }
    Ok(out)
}

fn number(line: &[char], mut i: usize, start: Pos) -> Result<(Tok, usize), SyntaxErr> {
    let s = i;
    if line[i] == '0' && i + 1 < line.len() && matches!(line[i + 1], 'x' | 'X' | 'o' | 'O' | 'b' | 'B') {
        let radix = match line[i + 1] {
            'x' | 'X' => 16,
            'o' | 'O' => 8,
            _ => 2,
        };
        i += 2;
        let ds = i;
        while i < line.len() && (line[i].is_ascii_alphanumeric() || line[i] == '_') {
            i += 1;
        }
        let digits: String = line[ds..i].iter().filter(|c| **c != '_').collect();
        return i64::from_str_radix(&digits, radix)
            .map(|v| (Tok::Int(v), i))
            .map_err(|_| err("invalid digit in number literal (or beyond Muelle's 64-bit integers)", start));
    }
    let mut float = false;
    while i < line.len() {
        let c = line[i];
        if c.is_ascii_digit() || c == '_' {
            i += 1;
        } else if c == '.' && !float {
            float = true;
            i += 1;
        } else if (c == 'e' || c == 'E')
            && i + 1 < line.len()
            && (line[i + 1].is_ascii_digit() || ((line[i + 1] == '-' || line[i + 1] == '+') && i + 2 < line.len()))
        {
            float = true;
            i += 2;
        } else {
            break;
        }
    }
    if i < line.len() && (line[i] == 'j' || line[i] == 'J') {
        return Err(err("complex numbers are not supported by Muelle's Python", start));
    }
    if i < line.len() && (line[i].is_alphabetic() || line[i] == '_') {
        return Err(err("invalid decimal literal", start));
    }
    let text: String = line[s..i].iter().filter(|c| **c != '_').collect();
    if float {
        text.parse::<f64>().map(|v| (Tok::Float(v), i)).map_err(|_| err("invalid decimal literal", start))
    } else {
        text.parse::<i64>()
            .map(|v| (Tok::Int(v), i))
            .map_err(|_| err("integer literal too large for Muelle's Python (64-bit integers)", start))
    }
}

/// A string literal starting at `lines[li][i]` (its opening quote): its value (escapes
/// applied unless raw; an f-string's raw text), and the line and column after it.
fn string(
    lines: &[Vec<char>],
    mut li: usize,
    mut i: usize,
    raw: bool,
    f: bool,
) -> Result<(Tok, usize, usize), SyntaxErr> {
    let q = lines[li][i];
    let start = Pos { line: li as u32 + 1, col: i as u32 };
    let triple = i + 2 < lines[li].len() && lines[li][i + 1] == q && lines[li][i + 2] == q;
    i += if triple { 3 } else { 1 };
    let body_start = Pos { line: li as u32 + 1, col: i as u32 };
    let mut text = String::new();
    loop {
        let line = &lines[li];
        if i >= line.len() {
            if triple && li + 1 < lines.len() {
                text.push('\n');
                li += 1;
                i = 0;
                continue;
            }
            if !triple && text.ends_with('\\') && li + 1 < lines.len() {
                text.pop();
                li += 1;
                i = 0;
                continue;
            }
            return Err(if triple {
                err(
                    "unterminated triple-quoted string literal (detected at line ".to_string()
                        + &lines.len().to_string()
                        + ")",
                    start,
                )
            } else {
                err(format!("unterminated string literal (detected at line {})", li + 1), start)
            });
        }
        let c = line[i];
        if c == '\\' && i + 1 < line.len() {
            text.push(c);
            text.push(line[i + 1]);
            i += 2;
            continue;
        }
        if c == q && (!triple || (line.get(i + 1) == Some(&q) && line.get(i + 2) == Some(&q))) {
            i += if triple { 3 } else { 1 };
            break;
        }
        text.push(c);
        i += 1;
    }
    if f {
        // Escapes in an f-string's literal parts are applied by the parser.
        let t = if raw { text.replace('\\', "\\\\") } else { text };
        return Ok((Tok::FStr(t, body_start), li, i));
    }
    Ok((Tok::Str(if raw { text } else { unescape(&text) }), li, i))
}

/// Applies backslash escapes.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some('\n') => {}
            Some('x') => {
                let h: String = (0..2).filter_map(|_| it.next()).collect();
                match u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push_str(&format!("\\x{h}")),
                }
            }
            Some('u') => {
                let h: String = (0..4).filter_map(|_| it.next()).collect();
                match u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push_str(&format!("\\u{h}")),
                }
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}
