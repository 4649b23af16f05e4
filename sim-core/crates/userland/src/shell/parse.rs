//! The shell language Muelle understands: lists (`;`, `&&`, `||`), pipes,
//! redirections (`>`, `>>`, `<`, `2>`, `2>&1`), single and double quotes,
//! backslash escapes, `$VAR`, `${VAR}`, `${VAR:-default}`, `$?` and `$(…)`.
//! Parsing never fails on odd input: it returns a located error instead.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text; `quoted` text is not split or globbed.
    Lit { text: String, quoted: bool },
    /// `$NAME` / `${NAME}` / `${NAME:-default}`.
    Var { name: String, default: Option<String>, quoted: bool },
    /// `$(…)` or backquotes: the source of the inner command list.
    Subst { source: String, quoted: bool },
}

pub type Word = Vec<Part>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirKind {
    Out,
    Append,
    In,
    ErrOut,
    ErrAppend,
    /// `2>&1`
    ErrToOut,
    /// `&>` / `>&`
    BothOut,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redir {
    pub kind: RedirKind,
    pub target: Word,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Simple {
    /// `VAR=value` words before the command name.
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
}

pub type Pipeline = Vec<Simple>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// `a && b || c`: the first pipeline, then each connector with its pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
    /// Ended with `&`: run in the background.
    pub background: bool,
    /// Line of the source it starts on (1-based), for error messages.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset in the line.
    pub at: usize,
    /// bash's message, e.g. `syntax error near unexpected token `;'`.
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Word(Word),
    Semi,
    Amp,
    AndAnd,
    OrOr,
    Pipe,
    Redir(RedirKind),
}

const MAX_DEPTH: usize = 16;

pub fn parse(line: &str) -> Result<Vec<AndOr>, ParseError> {
    parse_depth(line, 0)
}

fn parse_depth(line: &str, depth: usize) -> Result<Vec<AndOr>, ParseError> {
    if depth > MAX_DEPTH {
        return Err(ParseError { at: 0, message: "maximum nesting depth exceeded".into() });
    }
    let (toks, lines) = lex(line)?;
    let mut lists = Vec::new();
    let mut i = 0;
    let tok_name = |t: &Tok| match t {
        Tok::Semi => ";",
        Tok::Amp => "&",
        Tok::AndAnd => "&&",
        Tok::OrOr => "||",
        Tok::Pipe => "|",
        Tok::Redir(_) => "newline",
        Tok::Word(_) => "word",
    };
    while i < toks.len() {
        let start_line = lines.get(i).copied().unwrap_or(1);
        let (first, next) = parse_pipeline(&toks, i).map_err(|t| ParseError {
            at: 0,
            message: format!("syntax error near unexpected token `{}'", t.map(|t| tok_name(&t)).unwrap_or("newline")),
        })?;
        i = next;
        let mut rest = Vec::new();
        let mut background = false;
        while i < toks.len() {
            let conn = match toks[i] {
                Tok::AndAnd => Connector::And,
                Tok::OrOr => Connector::Or,
                _ => break,
            };
            let (p, next) = parse_pipeline(&toks, i + 1).map_err(|t| ParseError {
                at: 0,
                message: format!(
                    "syntax error near unexpected token `{}'",
                    t.map(|t| tok_name(&t)).unwrap_or("newline")
                ),
            })?;
            rest.push((conn, p));
            i = next;
        }
        if i < toks.len() {
            match toks[i] {
                Tok::Semi => i += 1,
                Tok::Amp => {
                    background = true;
                    i += 1
                }
                ref t => {
                    return Err(ParseError {
                        at: 0,
                        message: format!("syntax error near unexpected token `{}'", tok_name(t)),
                    })
                }
            }
        }
        lists.push(AndOr { first, rest, background, line: start_line });
    }
    // Validate nested substitutions now so errors surface before anything runs.
    for l in &lists {
        for p in std::iter::once(&l.first).chain(l.rest.iter().map(|(_, p)| p)) {
            for s in p {
                for w in
                    s.words.iter().chain(s.redirs.iter().map(|r| &r.target)).chain(s.assigns.iter().map(|(_, w)| w))
                {
                    for part in w {
                        if let Part::Subst { source, .. } = part {
                            parse_depth(source, depth + 1)?;
                        }
                    }
                }
            }
        }
    }
    Ok(lists)
}

/// Parses one pipeline starting at `i`; on error returns the offending token.
fn parse_pipeline(toks: &[Tok], mut i: usize) -> Result<(Pipeline, usize), Option<Tok>> {
    let mut pipeline = Vec::new();
    loop {
        let mut simple = Simple::default();
        let start = i;
        while i < toks.len() {
            match &toks[i] {
                Tok::Word(w) => {
                    if simple.words.is_empty() {
                        if let Some((name, value)) = split_assignment(w) {
                            simple.assigns.push((name, value));
                            i += 1;
                            continue;
                        }
                    }
                    simple.words.push(w.clone());
                    i += 1;
                }
                Tok::Redir(kind) => {
                    if *kind == RedirKind::ErrToOut {
                        simple.redirs.push(Redir { kind: kind.clone(), target: vec![] });
                        i += 1;
                        continue;
                    }
                    match toks.get(i + 1) {
                        Some(Tok::Word(w)) => {
                            simple.redirs.push(Redir { kind: kind.clone(), target: w.clone() });
                            i += 2;
                        }
                        other => return Err(other.cloned()),
                    }
                }
                _ => break,
            }
        }
        if i == start {
            return Err(toks.get(i).cloned());
        }
        pipeline.push(simple);
        if matches!(toks.get(i), Some(Tok::Pipe)) {
            i += 1;
            if i >= toks.len() {
                return Err(None);
            }
            continue;
        }
        return Ok((pipeline, i));
    }
}

fn split_assignment(w: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit { text, quoted: false }) = w.first() else { return None };
    let eq = text.find('=')?;
    let name = &text[..eq];
    if name.is_empty()
        || !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let mut value = vec![Part::Lit { text: text[eq + 1..].to_string(), quoted: false }];
    value.extend(w[1..].iter().cloned());
    Some((name.to_string(), value))
}

/// The tokens of `line`, and the source line (1-based) each one is on.
fn lex(line: &str) -> Result<(Vec<Tok>, Vec<usize>), ParseError> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut toks = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    let mut cur_line = 1;
    let mut i = 0;
    let mut word: Word = Vec::new();
    let mut lit = String::new();
    let mut in_word = false;

    fn flush_lit(word: &mut Word, lit: &mut String, quoted: bool) {
        if !lit.is_empty() || quoted {
            word.push(Part::Lit { text: std::mem::take(lit), quoted });
        }
    }
    macro_rules! end_word {
        () => {
            if in_word {
                flush_lit(&mut word, &mut lit, false);
                toks.push(Tok::Word(std::mem::take(&mut word)));
            }
            #[allow(unused_assignments)]
            {
                in_word = false;
            }
        };
    }

    while i < chars.len() {
        while lines.len() < toks.len() {
            lines.push(cur_line);
        }
        let (pos, c) = chars[i];
        match c {
            ' ' | '\t' | '\r' => {
                end_word!();
                i += 1;
            }
            '\n' => {
                // A newline ends a command like `;`, except after an operator that needs more.
                end_word!();
                if matches!(toks.last(), Some(Tok::Word(_))) {
                    toks.push(Tok::Semi);
                    lines.push(cur_line);
                }
                cur_line += 1;
                i += 1;
            }
            '#' if !in_word => {
                while i < chars.len() && chars[i].1 != '\n' {
                    i += 1;
                }
            }
            ';' => {
                end_word!();
                toks.push(Tok::Semi);
                i += 1;
            }
            '&' => {
                end_word!();
                if next_is(&chars, i, '&') {
                    toks.push(Tok::AndAnd);
                    i += 2;
                } else if next_is(&chars, i, '>') {
                    toks.push(Tok::Redir(RedirKind::BothOut));
                    i += 2;
                } else {
                    toks.push(Tok::Amp);
                    i += 1;
                }
            }
            '|' => {
                end_word!();
                if next_is(&chars, i, '|') {
                    toks.push(Tok::OrOr);
                    i += 2;
                } else {
                    toks.push(Tok::Pipe);
                    i += 1;
                }
            }
            '>' | '<' => {
                // `2>` / `2>>` / `2>&1` when the word so far is exactly "2".
                let is_fd2 = in_word && word.is_empty() && lit == "2";
                if is_fd2 {
                    lit.clear();
                    in_word = false;
                } else {
                    end_word!();
                }
                if c == '<' {
                    toks.push(Tok::Redir(RedirKind::In));
                    i += 1;
                } else if next_is(&chars, i, '>') {
                    toks.push(Tok::Redir(if is_fd2 { RedirKind::ErrAppend } else { RedirKind::Append }));
                    i += 2;
                } else if next_is(&chars, i, '&') {
                    if is_fd2 && chars.get(i + 2).map(|c| c.1) == Some('1') {
                        toks.push(Tok::Redir(RedirKind::ErrToOut));
                        i += 3;
                    } else {
                        toks.push(Tok::Redir(RedirKind::BothOut));
                        i += 2;
                    }
                } else {
                    toks.push(Tok::Redir(if is_fd2 { RedirKind::ErrOut } else { RedirKind::Out }));
                    i += 1;
                }
            }
            '\'' => {
                in_word = true;
                flush_lit(&mut word, &mut lit, false);
                let mut j = i + 1;
                let mut text = String::new();
                while j < chars.len() && chars[j].1 != '\'' {
                    text.push(chars[j].1);
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(ParseError {
                        at: pos,
                        message: "unexpected EOF while looking for matching `''".into(),
                    });
                }
                word.push(Part::Lit { text, quoted: true });
                i = j + 1;
            }
            '"' => {
                in_word = true;
                flush_lit(&mut word, &mut lit, false);
                let mut j = i + 1;
                let mut text = String::new();
                let mut closed = false;
                while j < chars.len() {
                    let ch = chars[j].1;
                    if ch == '"' {
                        closed = true;
                        break;
                    }
                    if ch == '\\' && j + 1 < chars.len() && "\"\\$`".contains(chars[j + 1].1) {
                        text.push(chars[j + 1].1);
                        j += 2;
                        continue;
                    }
                    if ch == '$' || ch == '`' {
                        if let Some((part, next)) = dollar(&chars, j, true)? {
                            if !text.is_empty() {
                                word.push(Part::Lit { text: std::mem::take(&mut text), quoted: true });
                            }
                            word.push(part);
                            j = next;
                            continue;
                        }
                    }
                    text.push(ch);
                    j += 1;
                }
                if !closed {
                    return Err(ParseError {
                        at: pos,
                        message: "unexpected EOF while looking for matching `\"'".into(),
                    });
                }
                word.push(Part::Lit { text, quoted: true });
                i = j + 1;
            }
            '\\' => {
                in_word = true;
                if i + 1 < chars.len() {
                    flush_lit(&mut word, &mut lit, false);
                    word.push(Part::Lit { text: chars[i + 1].1.to_string(), quoted: true });
                    i += 2;
                } else {
                    i += 1;
                }
            }
            '$' | '`' => {
                in_word = true;
                match dollar(&chars, i, false)? {
                    Some((part, next)) => {
                        flush_lit(&mut word, &mut lit, false);
                        word.push(part);
                        i = next;
                    }
                    None => {
                        lit.push(c);
                        i += 1;
                    }
                }
            }
            _ => {
                in_word = true;
                lit.push(c);
                i += 1;
            }
        }
    }
    end_word!();
    while lines.len() < toks.len() {
        lines.push(cur_line);
    }
    Ok((toks, lines))
}

fn next_is(chars: &[(usize, char)], i: usize, c: char) -> bool {
    chars.get(i + 1).map(|x| x.1) == Some(c)
}

/// Parses `$…` or a backquote at `i`. `None` when it is a literal `$`.
fn dollar(chars: &[(usize, char)], i: usize, quoted: bool) -> Result<Option<(Part, usize)>, ParseError> {
    let pos = chars[i].0;
    if chars[i].1 == '`' {
        let mut j = i + 1;
        let mut src = String::new();
        while j < chars.len() && chars[j].1 != '`' {
            src.push(chars[j].1);
            j += 1;
        }
        if j >= chars.len() {
            return Err(ParseError { at: pos, message: "unexpected EOF while looking for matching ``'".into() });
        }
        return Ok(Some((Part::Subst { source: src, quoted }, j + 1)));
    }
    let Some(&(_, next)) = chars.get(i + 1) else { return Ok(None) };
    match next {
        '(' => {
            let mut depth = 1;
            let mut j = i + 2;
            let mut src = String::new();
            while j < chars.len() {
                let ch = chars[j].1;
                if ch == '(' {
                    depth += 1;
                } else if ch == ')' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                src.push(ch);
                j += 1;
            }
            if depth != 0 {
                return Err(ParseError { at: pos, message: "unexpected EOF while looking for matching `)'".into() });
            }
            Ok(Some((Part::Subst { source: src, quoted }, j + 1)))
        }
        '{' => {
            let mut j = i + 2;
            let mut inner = String::new();
            while j < chars.len() && chars[j].1 != '}' {
                inner.push(chars[j].1);
                j += 1;
            }
            if j >= chars.len() {
                return Err(ParseError { at: pos, message: "unexpected EOF while looking for matching `}'".into() });
            }
            let (name, default) = match inner.find(":-").or_else(|| inner.find('-')) {
                Some(k) => {
                    let skip = if inner[k..].starts_with(":-") { 2 } else { 1 };
                    (inner[..k].to_string(), Some(inner[k + skip..].to_string()))
                }
                None => (inner, None),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '?' || c == '#') {
                return Err(ParseError { at: pos, message: "bad substitution".into() });
            }
            Ok(Some((Part::Var { name, default, quoted }, j + 1)))
        }
        '?' | '$' | '#' | '0'..='9' => Ok(Some((Part::Var { name: next.to_string(), default: None, quoted }, i + 2))),
        c if c.is_ascii_alphabetic() || c == '_' => {
            let mut j = i + 1;
            let mut name = String::new();
            while j < chars.len() && (chars[j].1.is_ascii_alphanumeric() || chars[j].1 == '_') {
                name.push(chars[j].1);
                j += 1;
            }
            Ok(Some((Part::Var { name, default: None, quoted }, j)))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Part {
        Part::Lit { text: s.into(), quoted: false }
    }

    #[test]
    fn lists_and_pipes() {
        let l = parse("apt-get update; apt-get install -y iputils-ping && ping -c 1 x | grep ttl").unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[1].rest.len(), 1);
        assert_eq!(l[1].rest[0].1.len(), 2);
    }

    #[test]
    fn quotes_and_vars() {
        let l = parse(r#"echo "hola $USER" 'x $y' a\ b"#).unwrap();
        let words = &l[0].first[0].words;
        assert_eq!(words.len(), 4);
        assert_eq!(
            words[1],
            vec![
                Part::Lit { text: "hola ".into(), quoted: true },
                Part::Var { name: "USER".into(), default: None, quoted: true },
                Part::Lit { text: "".into(), quoted: true }
            ]
        );
        assert_eq!(words[2], vec![Part::Lit { text: "x $y".into(), quoted: true }]);
        assert_eq!(words[0], vec![lit("echo")]);
    }

    #[test]
    fn redirections() {
        let l = parse("echo hi > a.txt 2>/dev/null; cat < a.txt >> b 2>&1").unwrap();
        assert_eq!(l[0].first[0].redirs.len(), 2);
        assert_eq!(l[0].first[0].redirs[1].kind, RedirKind::ErrOut);
        assert_eq!(l[1].first[0].redirs.len(), 3);
    }

    #[test]
    fn substitution_and_assignment() {
        let l = parse("X=1 echo $(hostname -i) ${HOME:-/root}").unwrap();
        let s = &l[0].first[0];
        assert_eq!(s.assigns.len(), 1);
        assert!(matches!(&s.words[1][0], Part::Subst { source, .. } if source == "hostname -i"));
        assert!(matches!(&s.words[2][0], Part::Var { default: Some(d), .. } if d == "/root"));
    }

    #[test]
    fn errors_are_values() {
        assert!(parse("echo 'unterminated").is_err());
        assert!(parse("; ls").is_err());
        assert!(parse("ls |").is_err());
        assert!(parse("ls && && x").is_err());
        assert!(parse("echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo x))))))))))))))))))").is_err());
        assert!(parse("").unwrap().is_empty());
        assert!(parse("   # comment").unwrap().is_empty());
    }

    /// Input depth never becomes recursion depth: 100,000 nested `$(`, backquotes and quotes
    /// parse (or fail) in bounded work on a small stack.
    #[test]
    fn deep_nesting_is_bounded() {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let n = 100_000;
                let closed = format!("echo {}x{}", "$(".repeat(n), ")".repeat(n));
                let e = parse(&closed).unwrap_err();
                assert_eq!(e.message, "maximum nesting depth exceeded");
                let open = format!("echo {}", "$(".repeat(n));
                assert!(parse(&open).unwrap_err().message.contains("looking for matching `)'"));
                let quotes = format!("echo {}", "\"'".repeat(n));
                assert!(parse(&quotes).is_err());
                let ticks = format!("echo {}", "`".repeat(n + 1));
                assert!(parse(&ticks).is_err());
                let dollars = format!("echo \"{}\"", "$(echo \"".repeat(n));
                assert!(parse(&dollars).is_err());
                // Just inside the bound it parses.
                let ok = format!("echo {}x{}", "$(echo ".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
                assert!(parse(&ok).is_ok());
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn newlines_separate_commands_and_carry_line_numbers() {
        let l = parse("echo uno\n\n# nota\necho dos &&\n  echo tres\n").unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!((l[0].line, l[1].line), (1, 4));
        assert_eq!(l[1].rest.len(), 1);
        assert!(parse("ls |\nwc -l").is_ok());
    }
}
