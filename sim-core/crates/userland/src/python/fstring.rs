//! f-strings: literal parts, `{expr}`, `{expr!r}`, `{expr:spec}` (the spec may hold `{…}`
//! itself) and `{expr=}`. Each expression is tokenized and parsed on its own, at its place in
//! the source so tracebacks point into the string.

use super::ast::{Expr, FPart};
use super::lex::{err, tokenize, unescape, Pos, SyntaxErr, Tok};

pub fn parse(raw: &str, at: Pos) -> Result<Vec<FPart>, SyntaxErr> {
    parse_depth(raw, at, 0)
}

fn parse_depth(raw: &str, at: Pos, depth: u32) -> Result<Vec<FPart>, SyntaxErr> {
    let chars: Vec<char> = raw.chars().collect();
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' && chars.get(i + 1) == Some(&'{') {
            lit.push('{');
            i += 2;
            continue;
        }
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                lit.push('}');
                i += 2;
                continue;
            }
            return Err(err("f-string: single '}' is not allowed", at));
        }
        if c != '{' {
            lit.push(c);
            i += 1;
            continue;
        }
        if !lit.is_empty() {
            parts.push(FPart::Lit(unescape(&std::mem::take(&mut lit))));
        }
        // The expression runs to a `!`, `:`, `=` or `}` outside brackets and strings.
        let s = i + 1;
        let mut j = s;
        let mut nest = 0i32;
        let mut quote: Option<char> = None;
        while j < chars.len() {
            let d = chars[j];
            if let Some(q) = quote {
                if d == q {
                    quote = None;
                }
            } else if d == '\'' || d == '"' {
                quote = Some(d);
            } else if "([{".contains(d) {
                nest += 1;
            } else if ")]}".contains(d) && nest > 0 {
                nest -= 1;
            } else if nest == 0 && (d == '}' || d == ':' || (d == '!' && chars.get(j + 1) != Some(&'=')))
                || nest == 0
                    && d == '='
                    && chars.get(j + 1) != Some(&'=')
                    && !matches!(chars.get(j.wrapping_sub(1)), Some('=' | '!' | '<' | '>'))
            {
                break;
            }
            j += 1;
        }
        let text: String = chars[s..j].iter().collect();
        if text.trim().is_empty() {
            return Err(err("f-string: valid expression required before '}'", at));
        }
        let mut debug = None;
        if chars.get(j) == Some(&'=') {
            debug = Some(format!("{text}="));
            j += 1;
        }
        let mut conv = None;
        if chars.get(j) == Some(&'!') {
            conv = chars.get(j + 1).copied();
            if !matches!(conv, Some('r' | 's' | 'a')) {
                return Err(err("f-string: invalid conversion character: expected 's', 'r', or 'a'", at));
            }
            j += 2;
        }
        let mut spec = None;
        if chars.get(j) == Some(&':') {
            let ss = j + 1;
            let mut k = ss;
            let mut inner = 0;
            while k < chars.len() {
                match chars[k] {
                    '{' => inner += 1,
                    '}' if inner > 0 => inner -= 1,
                    '}' => break,
                    _ => {}
                }
                k += 1;
            }
            let spec_text: String = chars[ss..k].iter().collect();
            if depth > 1 {
                return Err(err("f-string: expressions nested too deeply", at));
            }
            spec = Some(parse_depth(&spec_text, at, depth + 1)?);
            j = k;
        }
        if chars.get(j) != Some(&'}') {
            return Err(err("f-string: expecting '}'", at));
        }
        let expr = sub_expr(&text, Pos { line: at.line, col: at.col + s as u32 })?;
        if debug.is_some() && conv.is_none() && spec.is_none() {
            conv = Some('r');
        }
        parts.push(FPart::Expr(Box::new(expr), conv, spec, debug));
        i = j + 1;
    }
    if !lit.is_empty() {
        parts.push(FPart::Lit(unescape(&lit)));
    }
    Ok(parts)
}

/// Parses `text` as one expression whose first character is at `at`.
fn sub_expr(text: &str, at: Pos) -> Result<Expr, SyntaxErr> {
    let mut toks = tokenize(&format!("({text})"))?;
    for t in &mut toks {
        for p in [&mut t.start, &mut t.end] {
            if p.line == 1 {
                p.col = (p.col + at.col).saturating_sub(1);
            }
            p.line += at.line - 1;
        }
    }
    let toks: Vec<_> = toks.into_iter().filter(|t| !matches!(t.tok, Tok::Indent | Tok::Dedent)).collect();
    super::parse::parse_expr_tokens(toks)
}
