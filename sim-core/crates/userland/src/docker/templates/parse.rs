//! Parsing the Go `text/template` language as far as `--format` needs it:
//! text, `{{pipeline}}` actions with `{{-`/`-}}` trimming, comments, `if`/
//! `else if`/`range`/`with`/`end`, variables (`$`, `$x := …`, `$k, $v :=`),
//! field chains, literals, parenthesised pipelines and `|`. Errors read as
//! Go's parser writes them (`template: :1: function "foo" not defined`).

/// Functions a template may call: Go's builtins plus the ones docker's `templates` package adds.
pub const FUNCTIONS: &[&str] = &[
    "json", "split", "join", "title", "lower", "upper", "pad", "truncate", // docker
    "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge", // Go
];

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String),
    Action(Pipe),
    If(Pipe, Vec<Node>, Vec<Node>),
    Range(Pipe, Vec<Node>, Vec<Node>),
    With(Pipe, Vec<Node>, Vec<Node>),
}

/// `$x := cmd | cmd …`
#[derive(Clone, Debug, PartialEq)]
pub struct Pipe {
    pub decl: Vec<String>,
    pub cmds: Vec<Command>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub pos: usize,
    pub args: Vec<Arg>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Dot,
    /// `.A.B`
    Field {
        pos: usize,
        chain: Vec<String>,
    },
    /// `$x.A` (`$` alone is the root).
    Var {
        pos: usize,
        name: String,
        chain: Vec<String>,
    },
    Func {
        pos: usize,
        name: String,
    },
    Str(String),
    Int(i64),
    Bool(bool),
    Nil,
    /// `(pipeline).A`
    Sub {
        pos: usize,
        pipe: Pipe,
        chain: Vec<String>,
    },
}

impl Arg {
    /// The node as Go prints it in error messages (`<.IPAM.Foo>`).
    pub fn context(&self) -> String {
        match self {
            Arg::Dot => ".".into(),
            Arg::Field { chain, .. } => chain.iter().map(|c| format!(".{c}")).collect(),
            Arg::Var { name, chain, .. } => {
                format!("${name}{}", chain.iter().map(|c| format!(".{c}")).collect::<String>())
            }
            Arg::Func { name, .. } => name.clone(),
            Arg::Str(s) => format!("{s:?}"),
            Arg::Int(i) => i.to_string(),
            Arg::Bool(b) => b.to_string(),
            Arg::Nil => "nil".into(),
            Arg::Sub { pipe, chain, .. } => {
                format!("({}){}", pipe.context(), chain.iter().map(|c| format!(".{c}")).collect::<String>())
            }
        }
    }
}

impl Command {
    pub fn context(&self) -> String {
        self.args.iter().map(|a| a.context()).collect::<Vec<_>>().join(" ")
    }
}

impl Pipe {
    pub fn context(&self) -> String {
        let cmds = self.cmds.iter().map(|c| c.context()).collect::<Vec<_>>().join(" | ");
        if self.decl.is_empty() {
            cmds
        } else {
            let vars = self.decl.iter().map(|d| format!("${d}")).collect::<Vec<_>>().join(", ");
            format!("{vars} := {cmds}")
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Dot,
    Field(usize, Vec<String>),
    Var(usize, String, Vec<String>),
    Ident(usize, String),
    Str(String),
    Int(i64),
    LParen(usize),
    RParen,
    /// A field chain right after `)`: `(…).A.B`.
    Chain(Vec<String>),
    Bar,
    Declare,
    Comma,
}

/// A lexed action: its tokens and the line it starts on.
struct Action {
    line: usize,
    toks: Vec<Tok>,
}

enum Item {
    Text(String),
    Action(Action),
}

/// Parses a template.
pub fn parse(src: &str) -> Result<Vec<Node>, String> {
    let items = lex(src)?;
    let mut p = Parser { items, at: 0, depth: 0 };
    let (nodes, end) = p.list()?;
    match end {
        None => Ok(nodes),
        Some((kw, line)) => Err(err(line, &format!("unexpected {{{{{kw}}}}}"))),
    }
}

fn err(line: usize, msg: &str) -> String {
    format!("template: :{line}: {msg}")
}

fn line_of(src: &str, pos: usize) -> usize {
    1 + src.get(..pos).unwrap_or(src).matches('\n').count()
}

fn lex(src: &str) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    let mut rest_start = 0;
    let mut trim_next_text = false;
    while rest_start <= src.len() {
        let rest = src.get(rest_start..).unwrap_or("");
        let Some(open_rel) = rest.find("{{") else {
            let mut text = rest.to_string();
            if trim_next_text {
                text = text.trim_start_matches([' ', '\t', '\r', '\n']).to_string();
            }
            if !text.is_empty() {
                items.push(Item::Text(text));
            }
            break;
        };
        let open = rest_start + open_rel;
        let mut text = rest[..open_rel].to_string();
        if trim_next_text {
            text = text.trim_start_matches([' ', '\t', '\r', '\n']).to_string();
        }
        let after_open = &src[open + 2..];
        let trim_left = after_open.starts_with("- ")
            || after_open.starts_with("-\t")
            || after_open.starts_with("-\n")
            || after_open.starts_with("-\r");
        if trim_left {
            text = text.trim_end_matches([' ', '\t', '\r', '\n']).to_string();
        }
        if !text.is_empty() {
            items.push(Item::Text(text));
        }
        let body_start = open + 2 + if trim_left { 2 } else { 0 };
        let line = line_of(src, open);
        let close = find_close(src, body_start).ok_or_else(|| err(line, "unclosed action"))?;
        let mut body_end = close;
        let raw_body = &src[body_start..close];
        let trim_right = raw_body.ends_with(" -")
            || raw_body.ends_with("\t-")
            || raw_body.ends_with("\n-")
            || raw_body.ends_with("\r-");
        if trim_right {
            body_end = close - 2;
        }
        trim_next_text = trim_right;
        let body = src.get(body_start..body_end).unwrap_or("");
        let trimmed = body.trim();
        if trimmed.starts_with("/*") {
            if !trimmed.ends_with("*/") {
                return Err(err(line, "unclosed comment"));
            }
        } else {
            let toks = lex_action(body, body_start, line)?;
            if toks.is_empty() {
                return Err(err(line, "missing value for command"));
            }
            items.push(Item::Action(Action { line, toks }));
        }
        rest_start = close + 2;
    }
    Ok(items)
}

/// Where the action starting at `from` ends (`}}` outside quotes).
fn find_close(src: &str, from: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut i = from;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => {
                if b == b'"' || b == b'`' {
                    quote = Some(b);
                } else if b == b'}' && bytes.get(i + 1) == Some(&b'}') {
                    return Some(i);
                }
            }
        }
        i += 1;
    }
    None
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn lex_action(body: &str, offset: usize, line: usize) -> Result<Vec<Tok>, String> {
    let mut open = 0usize;
    for c in body.chars() {
        match c {
            '(' => open += 1,
            ')' => open = open.saturating_sub(1),
            _ => {}
        }
        if open > MAX_DEPTH {
            return Err(err(line, &format!("exceeded maximum template depth ({MAX_DEPTH})")));
        }
    }
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let read_chain = |i: &mut usize| -> Vec<String> {
        let mut chain = Vec::new();
        while *i < chars.len() && chars[*i].1 == '.' {
            let start = *i + 1;
            let mut j = start;
            while j < chars.len() && is_ident_char(chars[j].1) {
                j += 1;
            }
            if j == start {
                break;
            }
            chain.push(chars[start..j].iter().map(|(_, c)| c).collect());
            *i = j;
        }
        chain
    };
    while i < chars.len() {
        let (at, c) = chars[i];
        let pos = offset + at;
        match c {
            ' ' | '\t' | '\r' | '\n' => i += 1,
            '.' => {
                let chain = read_chain(&mut i);
                if chain.is_empty() {
                    toks.push(Tok::Dot);
                    i += 1;
                } else {
                    toks.push(Tok::Field(pos, chain));
                }
            }
            '$' => {
                let start = i + 1;
                let mut j = start;
                while j < chars.len() && is_ident_char(chars[j].1) {
                    j += 1;
                }
                let name: String = chars[start..j].iter().map(|(_, c)| c).collect();
                i = j;
                let chain = read_chain(&mut i);
                toks.push(Tok::Var(pos, name, chain));
            }
            '"' => {
                let mut s = String::new();
                let mut j = i + 1;
                loop {
                    let Some(&(_, ch)) = chars.get(j) else {
                        return Err(err(line, "unterminated quoted string"));
                    };
                    match ch {
                        '"' => break,
                        '\\' => {
                            j += 1;
                            match chars.get(j).map(|x| x.1) {
                                Some('n') => s.push('\n'),
                                Some('t') => s.push('\t'),
                                Some('r') => s.push('\r'),
                                Some('\\') => s.push('\\'),
                                Some('"') => s.push('"'),
                                Some(other) => {
                                    return Err(err(line, &format!("invalid syntax: \"\\{other}\"")));
                                }
                                None => return Err(err(line, "unterminated quoted string")),
                            }
                        }
                        ch => s.push(ch),
                    }
                    j += 1;
                }
                toks.push(Tok::Str(s));
                i = j + 1;
            }
            '`' => {
                let mut j = i + 1;
                while j < chars.len() && chars[j].1 != '`' {
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(err(line, "unterminated raw quoted string"));
                }
                toks.push(Tok::Str(chars[i + 1..j].iter().map(|(_, c)| c).collect()));
                i = j + 1;
            }
            '(' => {
                toks.push(Tok::LParen(pos));
                i += 1;
            }
            ')' => {
                toks.push(Tok::RParen);
                i += 1;
                let chain = read_chain(&mut i);
                if !chain.is_empty() {
                    toks.push(Tok::Chain(chain));
                }
            }
            '|' => {
                toks.push(Tok::Bar);
                i += 1;
            }
            ',' => {
                toks.push(Tok::Comma);
                i += 1;
            }
            ':' if chars.get(i + 1).map(|x| x.1) == Some('=') => {
                toks.push(Tok::Declare);
                i += 2;
            }
            c if c.is_ascii_digit() || (c == '-' && chars.get(i + 1).is_some_and(|x| x.1.is_ascii_digit())) => {
                let mut j = i + 1;
                while j < chars.len() && chars[j].1.is_ascii_digit() {
                    j += 1;
                }
                let text: String = chars[i..j].iter().map(|(_, c)| c).collect();
                let n = text.parse::<i64>().map_err(|_| err(line, &format!("illegal number syntax: {text:?}")))?;
                toks.push(Tok::Int(n));
                i = j;
            }
            c if is_ident_char(c) => {
                let mut j = i;
                while j < chars.len() && is_ident_char(chars[j].1) {
                    j += 1;
                }
                toks.push(Tok::Ident(pos, chars[i..j].iter().map(|(_, c)| c).collect()));
                i = j;
            }
            other => return Err(err(line, &format!("unexpected {other:?} in command"))),
        }
    }
    Ok(toks)
}

struct Parser {
    items: Vec<Item>,
    at: usize,
    /// How many `if`/`range`/`with` enclose the current position.
    depth: usize,
}

/// Nesting allowed for blocks and parentheses: deeper input is refused, not recursed into.
const MAX_DEPTH: usize = 100;

/// A list of nodes and what ended it: `{{end}}`/`{{else…}}` with its line, or the end of input.
type ListEnd = (Vec<Node>, Option<(String, usize)>);

const KEYWORDS: &[&str] = &["if", "range", "with", "else", "end", "define", "template", "block", "break", "continue"];

impl Parser {
    /// Parses nodes until `{{end}}`/`{{else …}}` (returned with its line) or the end of input.
    fn list(&mut self) -> Result<ListEnd, String> {
        let mut nodes = Vec::new();
        while self.at < self.items.len() {
            let idx = self.at;
            self.at += 1;
            let action = match &self.items[idx] {
                Item::Text(t) => {
                    nodes.push(Node::Text(t.clone()));
                    continue;
                }
                Item::Action(a) => a,
            };
            let line = action.line;
            let toks = action.toks.clone();
            let keyword = match toks.first() {
                Some(Tok::Ident(_, w)) if KEYWORDS.contains(&w.as_str()) => w.clone(),
                _ => {
                    nodes.push(Node::Action(pipeline(&toks, line)?));
                    continue;
                }
            };
            let rest = &toks[1..];
            match keyword.as_str() {
                "end" => return Ok((nodes, Some(("end".into(), line)))),
                "else" => {
                    // `else` alone, or `else if …` / `else with …`, handed back to the caller.
                    if let Some(Tok::Ident(_, w)) = rest.first() {
                        if w == "if" || w == "with" {
                            self.at -= 1;
                            return Ok((nodes, Some((format!("else {w}"), line))));
                        }
                    }
                    return Ok((nodes, Some(("else".into(), line))));
                }
                "if" | "range" | "with" => {
                    let node = self.control(&keyword, rest, line)?;
                    nodes.push(node);
                }
                other => return Err(err(line, &format!("{other} is not supported here"))),
            }
        }
        Ok((nodes, None))
    }

    /// `if`/`range`/`with` after its keyword: the pipeline, the body, an optional else, `{{end}}`.
    fn control(&mut self, keyword: &str, toks: &[Tok], line: usize) -> Result<Node, String> {
        if self.depth >= MAX_DEPTH {
            return Err(err(line, &format!("exceeded maximum template depth ({MAX_DEPTH})")));
        }
        self.depth += 1;
        let node = self.control_body(keyword, toks, line);
        self.depth -= 1;
        node
    }

    fn control_body(&mut self, keyword: &str, toks: &[Tok], line: usize) -> Result<Node, String> {
        let pipe = pipeline(toks, line)?;
        let (body, end) = self.list()?;
        let els = match end {
            Some((e, _)) if e == "end" => Vec::new(),
            Some((e, _)) if e == "else" => {
                let (els, end2) = self.list()?;
                match end2 {
                    Some((e, _)) if e == "end" => els,
                    Some((e, l)) => return Err(err(l, &format!("expected end; found {{{{{e}}}}}"))),
                    None => return Err(err(line, "unexpected EOF")),
                }
            }
            Some((e, l)) if e == "else if" || e == "else with" => {
                // The `{{else if …}}` action is still pending: parse it as a nested control
                // that shares this one's `{{end}}`.
                let Some(Item::Action(a)) = self.items.get(self.at) else {
                    return Err(err(l, "unexpected EOF"));
                };
                let inner_toks = a.toks.get(2..).unwrap_or(&[]).to_vec();
                self.at += 1;
                let inner_kw = if e == "else if" { "if" } else { "with" };
                vec![self.control(inner_kw, &inner_toks, l)?]
            }
            Some((e, l)) => return Err(err(l, &format!("unexpected {{{{{e}}}}}"))),
            None => return Err(err(line, "unexpected EOF")),
        };
        Ok(match keyword {
            "if" => Node::If(pipe, body, els),
            "range" => Node::Range(pipe, body, els),
            _ => Node::With(pipe, body, els),
        })
    }
}

/// A pipeline from an action's tokens.
fn pipeline(toks: &[Tok], line: usize) -> Result<Pipe, String> {
    let mut decl = Vec::new();
    let mut rest = toks;
    // `$x :=` / `$k, $v :=`
    if let Some(at) = toks.iter().position(|t| *t == Tok::Declare) {
        let lhs = &toks[..at];
        let all_vars = lhs.iter().all(|t| matches!(t, Tok::Var(_, _, c) if c.is_empty()) || *t == Tok::Comma);
        if all_vars && !lhs.is_empty() {
            decl = lhs
                .iter()
                .filter_map(|t| match t {
                    Tok::Var(_, n, _) => Some(n.clone()),
                    _ => None,
                })
                .collect();
            rest = &toks[at + 1..];
        }
    }
    let mut cmds = Vec::new();
    let mut i = 0;
    while i <= rest.len() {
        let (cmd, next) = command(rest, i, line)?;
        cmds.push(cmd);
        if next >= rest.len() {
            break;
        }
        // rest[next] is a `|`
        i = next + 1;
    }
    if cmds.is_empty() || cmds.iter().any(|c| c.args.is_empty()) {
        return Err(err(line, "missing value for command"));
    }
    Ok(Pipe { decl, cmds })
}

/// One command from `toks[from..]`, up to a top-level `|` or the end; returns it and where it stopped.
fn command(toks: &[Tok], from: usize, line: usize) -> Result<(Command, usize), String> {
    let mut args = Vec::new();
    let mut i = from;
    let mut pos = 0;
    while i < toks.len() {
        let tok = &toks[i];
        if *tok == Tok::Bar {
            break;
        }
        let arg = match tok {
            Tok::Dot => Arg::Dot,
            Tok::Field(p, chain) => Arg::Field { pos: *p, chain: chain.clone() },
            Tok::Var(p, name, chain) => Arg::Var { pos: *p, name: name.clone(), chain: chain.clone() },
            Tok::Str(s) => Arg::Str(s.clone()),
            Tok::Int(n) => Arg::Int(*n),
            Tok::Ident(p, w) => match w.as_str() {
                "true" => Arg::Bool(true),
                "false" => Arg::Bool(false),
                "nil" => Arg::Nil,
                w if FUNCTIONS.contains(&w) => Arg::Func { pos: *p, name: w.to_string() },
                w if KEYWORDS.contains(&w) => return Err(err(line, &format!("unexpected <{w}> in command"))),
                w => return Err(err(line, &format!("function {w:?} not defined"))),
            },
            Tok::LParen(p) => {
                let close = matching_paren(toks, i).ok_or_else(|| err(line, "unclosed left paren"))?;
                let inner = pipeline(&toks[i + 1..close], line)?;
                let mut chain = Vec::new();
                if let Some(Tok::Chain(c)) = toks.get(close + 1) {
                    chain = c.clone();
                    i = close + 1;
                } else {
                    i = close;
                }
                Arg::Sub { pos: *p, pipe: inner, chain }
            }
            Tok::RParen => return Err(err(line, "unexpected right paren")),
            Tok::Chain(_) | Tok::Comma | Tok::Declare => return Err(err(line, "unexpected token in operand")),
            Tok::Bar => break,
        };
        if args.is_empty() {
            pos = match &arg {
                Arg::Field { pos, .. } | Arg::Var { pos, .. } | Arg::Func { pos, .. } | Arg::Sub { pos, .. } => *pos,
                _ => 0,
            };
        }
        args.push(arg);
        i += 1;
    }
    Ok((Command { pos, args }, i))
}

fn matching_paren(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::LParen(_) => depth += 1,
            Tok::RParen => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_actions_and_control() {
        let nodes = parse("{{range $k, $v := .Containers}}{{$v.Name}} {{end}}").unwrap();
        assert_eq!(nodes.len(), 1);
        let Node::Range(pipe, body, els) = &nodes[0] else { panic!("not a range") };
        assert_eq!(pipe.decl, vec!["k", "v"]);
        assert_eq!(body.len(), 2);
        assert!(els.is_empty());
    }

    #[test]
    fn trims_and_comments() {
        let nodes = parse("a  {{- /* x */ -}}  b").unwrap();
        assert_eq!(nodes, vec![Node::Text("a".into()), Node::Text("b".into())]);
    }

    #[test]
    fn errors_read_like_go() {
        assert_eq!(parse("{{foo .X}}").unwrap_err(), "template: :1: function \"foo\" not defined");
        assert_eq!(parse("{{.X").unwrap_err(), "template: :1: unclosed action");
        assert_eq!(parse("{{if .X}}x").unwrap_err(), "template: :1: unexpected EOF");
        assert_eq!(parse("{{end}}").unwrap_err(), "template: :1: unexpected {{end}}");
        let deep = format!("{{{{{}.X{}}}}}", "(".repeat(5000), ")".repeat(5000));
        assert!(parse(&deep).unwrap_err().contains("exceeded maximum template depth"));
        let nested = "{{if .X}}".repeat(5000);
        assert!(parse(&nested).unwrap_err().contains("exceeded maximum template depth"));
    }
}
