//! The shell's tokens: words (with their quoted and expanded parts), operators, newlines,
//! and here-document bodies read at the newline after their `<<` operator. Reserved words
//! (`if`, `for`, `{`…) stay words here: only the parser knows where they are reserved.
//! Never fails on odd input: unterminated quotes and substitutions are located errors.

use super::parse::{ParseError, Part, RedirKind, Word};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    Word(Word),
    Semi,
    /// `;;`, ending a `case` arm.
    DSemi,
    Amp,
    AndAnd,
    OrOr,
    Pipe,
    LParen,
    RParen,
    Newline,
    Redir(RedirKind),
}

impl Tok {
    /// The token as bash names it in `syntax error near unexpected token `…'`.
    pub(super) fn text(&self) -> String {
        match self {
            Tok::Word(w) => word_text(w),
            Tok::Semi => ";".into(),
            Tok::DSemi => ";;".into(),
            Tok::Amp => "&".into(),
            Tok::AndAnd => "&&".into(),
            Tok::OrOr => "||".into(),
            Tok::Pipe => "|".into(),
            Tok::LParen => "(".into(),
            Tok::RParen => ")".into(),
            Tok::Newline => "newline".into(),
            Tok::Redir(k) => match k {
                RedirKind::Out => ">",
                RedirKind::Append => ">>",
                RedirKind::In => "<",
                RedirKind::ErrOut => "2>",
                RedirKind::ErrAppend => "2>>",
                RedirKind::ErrToOut => "2>&1",
                RedirKind::OutToErr => ">&2",
                RedirKind::BothOut => "&>",
                RedirKind::HereDoc => "<<",
                RedirKind::HereString => "<<<",
            }
            .into(),
        }
    }
}

/// A word's source-like text (its literal parts), for error messages and reserved words.
pub(super) fn word_text(w: &Word) -> String {
    let mut s = String::new();
    for p in w {
        match p {
            Part::Lit { text, .. } => s.push_str(text),
            Part::Var { name, .. } => {
                s.push('$');
                s.push_str(name)
            }
            Part::Subst { source, .. } => {
                s.push_str("$(");
                s.push_str(source);
                s.push(')')
            }
            Part::Arith { .. } => s.push_str("$((…))"),
        }
    }
    s
}

/// A here-document whose body is read at the next newline.
struct PendingDoc {
    /// Index of the placeholder word token that receives the body.
    tok: usize,
    delim: String,
    strip_tabs: bool,
    quoted: bool,
}

/// The tokens of `line`, the source line (1-based) each one is on, and whether a
/// here-document is still open at the end (its delimiter line not seen yet) or a backslash
/// ends the input (a line continuation): either way the shell reads another line.
pub(super) fn lex(line: &str) -> Result<(Vec<Tok>, Vec<usize>, bool), ParseError> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut toks = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    let mut cur_line = 1;
    let mut i = 0;
    let mut word: Word = Vec::new();
    let mut lit = String::new();
    let mut in_word = false;
    let mut docs: Vec<PendingDoc> = Vec::new();
    let mut open_doc = false;
    // A backslash that ends the input: bash reads the next line as this one's continuation.
    let mut continued = false;

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
    // Unterminated quotes: the input stopped early (an interactive shell asks for more).
    let err = |at: usize, line: usize, message: String| ParseError { at, line, message, eof: true };

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
                end_word!();
                toks.push(Tok::Newline);
                lines.push(cur_line);
                cur_line += 1;
                i += 1;
                // Here-document bodies follow the line that opened them.
                for doc in std::mem::take(&mut docs) {
                    let mut body = String::new();
                    loop {
                        if i >= chars.len() {
                            open_doc = true;
                            break;
                        }
                        let mut j = i;
                        let mut text = String::new();
                        while j < chars.len() && chars[j].1 != '\n' {
                            text.push(chars[j].1);
                            j += 1;
                        }
                        i = j + 1;
                        cur_line += 1;
                        let text = if doc.strip_tabs { text.trim_start_matches('\t').to_string() } else { text };
                        if text == doc.delim {
                            break;
                        }
                        body.push_str(&text);
                        body.push('\n');
                    }
                    let w = if doc.quoted {
                        vec![Part::Lit { text: body, quoted: true }]
                    } else {
                        let mut w = dq_word(&body, true)?;
                        if w.is_empty() {
                            w.push(Part::Lit { text: String::new(), quoted: true });
                        }
                        w
                    };
                    if let Some(t) = toks.get_mut(doc.tok) {
                        *t = Tok::Word(w);
                    }
                }
            }
            '#' if !in_word => {
                while i < chars.len() && chars[i].1 != '\n' {
                    i += 1;
                }
            }
            ';' => {
                end_word!();
                if next_is(&chars, i, ';') {
                    toks.push(Tok::DSemi);
                    i += 2;
                } else {
                    toks.push(Tok::Semi);
                    i += 1;
                }
            }
            '(' => {
                end_word!();
                toks.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                end_word!();
                toks.push(Tok::RParen);
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
            '<' if next_is(&chars, i, '<') && chars.get(i + 2).map(|c| c.1) == Some('<') => {
                // bash's here-string: the next word, and a newline, is the stdin.
                end_word!();
                toks.push(Tok::Redir(RedirKind::HereString));
                i += 3;
            }
            '<' if next_is(&chars, i, '<') => {
                end_word!();
                let mut j = i + 2;
                let strip_tabs = chars.get(j).map(|c| c.1) == Some('-');
                if strip_tabs {
                    j += 1;
                }
                while j < chars.len() && matches!(chars[j].1, ' ' | '\t') {
                    j += 1;
                }
                // The delimiter: quotes removed; any quoting means a body without expansions.
                let mut delim = String::new();
                let mut quoted = false;
                while j < chars.len() && !" \t\n;&|<>()".contains(chars[j].1) {
                    match chars[j].1 {
                        q @ ('\'' | '"') => {
                            quoted = true;
                            j += 1;
                            while j < chars.len() && chars[j].1 != q {
                                delim.push(chars[j].1);
                                j += 1;
                            }
                            j += 1;
                        }
                        '\\' => {
                            quoted = true;
                            if let Some(&(_, n)) = chars.get(j + 1) {
                                delim.push(n);
                            }
                            j += 2;
                        }
                        ch => {
                            delim.push(ch);
                            j += 1;
                        }
                    }
                }
                if delim.is_empty() && !quoted {
                    // `cat <<` with nothing after: the parser reports the next token.
                    toks.push(Tok::Redir(RedirKind::HereDoc));
                    i = j;
                    continue;
                }
                toks.push(Tok::Redir(RedirKind::HereDoc));
                docs.push(PendingDoc { tok: toks.len(), delim, strip_tabs, quoted });
                toks.push(Tok::Word(vec![Part::Lit { text: String::new(), quoted: true }]));
                i = j.min(chars.len());
            }
            '>' | '<' => {
                // `2>` / `2>>` / `2>&1` when the word so far is exactly "2"; `1>`… is stdout's.
                let is_fd2 = in_word && word.is_empty() && lit == "2";
                let is_fd1 = c == '>' && in_word && word.is_empty() && lit == "1";
                if is_fd2 || is_fd1 {
                    lit.clear();
                    in_word = false;
                } else {
                    end_word!();
                }
                let dup_to = chars.get(i + 2).map(|c| c.1).filter(|d| *d == '1' || *d == '2');
                if c == '<' {
                    toks.push(Tok::Redir(RedirKind::In));
                    i += 1;
                } else if next_is(&chars, i, '>') {
                    toks.push(Tok::Redir(if is_fd2 { RedirKind::ErrAppend } else { RedirKind::Append }));
                    i += 2;
                } else if next_is(&chars, i, '&') && dup_to.is_some() {
                    // `2>&1`, `>&2`/`1>&2`; `>&1` and `2>&2` change nothing.
                    match (is_fd2, dup_to) {
                        (true, Some('1')) => toks.push(Tok::Redir(RedirKind::ErrToOut)),
                        (false, Some('2')) => toks.push(Tok::Redir(RedirKind::OutToErr)),
                        _ => {}
                    }
                    i += 3;
                } else if next_is(&chars, i, '&') {
                    toks.push(Tok::Redir(RedirKind::BothOut));
                    i += 2;
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
                    return Err(err(pos, cur_line, "unexpected EOF while looking for matching `''".into()));
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
                    return Err(err(pos, cur_line, "unexpected EOF while looking for matching `\"'".into()));
                }
                word.push(Part::Lit { text, quoted: true });
                i = j + 1;
            }
            '\\' => {
                in_word = true;
                if next_is(&chars, i, '\n') {
                    // A line continuation.
                    cur_line += 1;
                    i += 2;
                } else if i + 1 < chars.len() {
                    flush_lit(&mut word, &mut lit, false);
                    word.push(Part::Lit { text: chars[i + 1].1.to_string(), quoted: true });
                    i += 2;
                } else {
                    continued = true;
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
    Ok((toks, lines, open_doc || continued || !docs.is_empty()))
}

/// Text read as between double quotes (a here-document body, an arithmetic expression):
/// `$…` and backquotes expand, a backslash escapes `$`, `` ` ``, `\` (and `"` outside a
/// here-document); nothing is split or globbed.
pub(super) fn dq_word(text: &str, heredoc: bool) -> Result<Word, ParseError> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut word = Vec::new();
    let mut lit = String::new();
    let mut j = 0;
    let escapable = if heredoc { "\\$`\n" } else { "\"\\$`\n" };
    while j < chars.len() {
        let ch = chars[j].1;
        if ch == '\\' && j + 1 < chars.len() && escapable.contains(chars[j + 1].1) {
            if chars[j + 1].1 != '\n' {
                lit.push(chars[j + 1].1);
            }
            j += 2;
            continue;
        }
        if ch == '$' || ch == '`' {
            if let Some((part, next)) = dollar(&chars, j, true)? {
                if !lit.is_empty() {
                    word.push(Part::Lit { text: std::mem::take(&mut lit), quoted: true });
                }
                word.push(part);
                j = next;
                continue;
            }
        }
        lit.push(ch);
        j += 1;
    }
    if !lit.is_empty() {
        word.push(Part::Lit { text: lit, quoted: true });
    }
    Ok(word)
}

fn next_is(chars: &[(usize, char)], i: usize, c: char) -> bool {
    chars.get(i + 1).map(|x| x.1) == Some(c)
}

/// Parses `$…` or a backquote at `i`. `None` when it is a literal `$`.
fn dollar(chars: &[(usize, char)], i: usize, quoted: bool) -> Result<Option<(Part, usize)>, ParseError> {
    let pos = chars[i].0;
    let err = |message: &str| ParseError {
        at: pos,
        line: 0,
        message: message.into(),
        eof: message.starts_with("unexpected EOF"),
    };
    if chars[i].1 == '`' {
        let mut j = i + 1;
        let mut src = String::new();
        while j < chars.len() && chars[j].1 != '`' {
            src.push(chars[j].1);
            j += 1;
        }
        if j >= chars.len() {
            return Err(err("unexpected EOF while looking for matching ``'"));
        }
        return Ok(Some((Part::Subst { source: src, quoted }, j + 1)));
    }
    let Some(&(_, next)) = chars.get(i + 1) else { return Ok(None) };
    match next {
        '(' => {
            if let Some((source, end)) = arith_source(chars, i) {
                // Each nested `$((` is a level of recursion here: bounded like substitutions.
                if source.matches("$((").count() > super::parse::MAX_DEPTH {
                    return Err(err("maximum nesting depth exceeded"));
                }
                let word = dq_word(&source, false)?;
                return Ok(Some((Part::Arith { word, quoted }, end)));
            }
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
                return Err(err("unexpected EOF while looking for matching `)'"));
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
                return Err(err("unexpected EOF while looking for matching `}'"));
            }
            let (name, default) = match inner.find(":-").or_else(|| inner.find('-')) {
                Some(k) => {
                    let skip = if inner[k..].starts_with(":-") { 2 } else { 1 };
                    (inner[..k].to_string(), Some(inner[k + skip..].to_string()))
                }
                None => (inner, None),
            };
            if name.is_empty()
                || (name != "!"
                    && !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '?' || c == '#' || c == '@'))
            {
                return Err(err("bad substitution"));
            }
            Ok(Some((Part::Var { name, default, quoted }, j + 1)))
        }
        '?' | '$' | '!' | '#' | '@' | '*' | '0'..='9' => {
            Ok(Some((Part::Var { name: next.to_string(), default: None, quoted }, i + 2)))
        }
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

/// `$((…))` at `i`: the expression's text and the index after `))`. `None` when the
/// parentheses do not close as `))` (then it is `$( (…) )`, a command substitution).
fn arith_source(chars: &[(usize, char)], i: usize) -> Option<(String, usize)> {
    if chars.get(i + 2).map(|c| c.1) != Some('(') {
        return None;
    }
    let mut depth = 0usize;
    let mut j = i + 3;
    let mut src = String::new();
    while j < chars.len() {
        let ch = chars[j].1;
        if ch == '(' {
            depth += 1;
        } else if ch == ')' {
            if depth == 0 {
                return (chars.get(j + 1).map(|c| c.1) == Some(')')).then_some((src, j + 2));
            }
            depth -= 1;
        }
        src.push(ch);
        j += 1;
    }
    None
}
