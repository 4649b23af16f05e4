//! The shell language Muelle understands: lists (`;`, `&&`, `||`, `&`), pipes, `!`,
//! redirections (`>`, `>>`, `<`, `2>`, `2>&1`, here-documents, `<<<`), quotes, backslash escapes,
//! `$VAR`, `${VAR:-default}`, `$?`, `$@`, `$(…)`, `$((…))` (lexing in `lex.rs`), and POSIX
//! compound commands: `{ …; }`, `( … )`, `for`, `while`/`until`, `if`, `case`, and
//! function definitions `name() { …; }`.
//!
//! A recursive-descent parser, but input depth never becomes unbounded recursion depth:
//! compound commands and substitutions together nest at most [`MAX_DEPTH`] levels, past
//! which the line is refused. Parsing never fails on odd input: it returns a located error
//! (with `eof` set when the input merely stopped early, so a prompt can ask for more).

use super::lex::{self, Tok};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text; `quoted` text is not split or globbed.
    Lit { text: String, quoted: bool },
    /// `$NAME` / `${NAME}` / `${NAME:-default}`.
    Var { name: String, default: Option<String>, quoted: bool },
    /// `$(…)` or backquotes: the source of the inner command list.
    Subst { source: String, quoted: bool },
    /// `$((…))`: the expression, expanded as between double quotes before it is evaluated.
    Arith { word: Word, quoted: bool },
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
    /// `>&2`, `1>&2`
    OutToErr,
    /// `&>` / `>&`
    BothOut,
    /// `<<EOF` / `<<-EOF`: the target is the body, already quoted or expandable.
    HereDoc,
    /// `<<< word` (bash, and busybox ash's bash extensions): the word and a newline.
    HereString,
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

/// A list of and-or lists: a script, a loop's body, a branch (shared: a loop runs it many times).
pub type Body = Arc<Vec<AndOr>>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compound {
    /// `{ …; }`: runs in this shell.
    Group(Body),
    /// `( … )`: runs in a copy of this shell.
    Subshell(Body),
    /// `for NAME [in WORDS]; do …; done` (no `in`: over `"$@"`).
    For { var: String, words: Option<Vec<Word>>, body: Body },
    /// `while`/`until COND; do …; done`.
    While { until: bool, cond: Body, body: Body },
    /// `if C; then B; [elif C; then B;]… [else B;] fi`.
    If { branches: Vec<(Body, Body)>, otherwise: Option<Body> },
    /// `case WORD in PAT|PAT) …;; esac`.
    Case { word: Word, arms: Vec<(Vec<Word>, Body)> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Simple(Simple),
    /// A compound command and the redirections after it.
    Compound(Arc<Compound>, Vec<Redir>),
    /// `name() compound`: defines a function.
    FuncDef(String, Arc<Compound>),
}

/// `cmd | cmd`, maybe negated with `!`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Pipeline {
    pub bang: bool,
    pub cmds: Vec<Command>,
}

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
    /// Source line (1-based) of the error; 0 when unknown.
    pub line: usize,
    /// bash's message, e.g. `syntax error near unexpected token `;'`.
    pub message: String,
    /// The input ended inside a command: an interactive shell asks for more lines.
    pub eof: bool,
}

/// What went wrong, in terms each shell words its own way (see `ShellCtx::syntax_error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// A token where it cannot be (`token` as bash shows it, `short` as ash and dash do:
    /// `"done"`, `";"`, `word`, `newline`); what was expected, if one thing.
    Unexpected { token: String, short: String, expecting: Option<&'static str> },
    /// The input ended; what was expected, if one thing.
    Eof { expecting: Option<&'static str> },
}

/// Compound commands and substitutions nest at most this deep.
pub const MAX_DEPTH: usize = 16;

pub fn parse(line: &str) -> Result<Body, ParseError> {
    parse_syntax(line).map_err(|(e, _)| e)
}

/// [`parse`], with the shell-neutral description of a syntax error.
pub fn parse_syntax(line: &str) -> Result<Body, (ParseError, Option<Syntax>)> {
    parse_depth(line, 0)
}

fn parse_depth(line: &str, depth: usize) -> Result<Body, (ParseError, Option<Syntax>)> {
    if depth > MAX_DEPTH {
        return Err((too_deep(), None));
    }
    let (toks, lines, _) = lex::lex(line).map_err(|e| (e, None))?;
    let end_line = line.matches('\n').count() + 1;
    let mut p = Parser { toks: &toks, lines: &lines, i: 0, depth, end_line, open: Vec::new() };
    let body = p.list(&[])?;
    if let Some(t) = p.peek() {
        return Err(p.unexpected(t.clone(), None));
    }
    Ok(body)
}

/// Whether `text`, typed at an interactive prompt, is unfinished: an open quote,
/// substitution, compound command or here-document. The shell then shows its `> ` prompt
/// and reads on.
pub fn needs_more(text: &str) -> bool {
    match lex::lex(text) {
        Ok((_, _, true)) => true,
        Err(e) => e.eof,
        Ok(_) => matches!(parse_syntax(text), Err((e, _)) if e.eof),
    }
}

fn too_deep() -> ParseError {
    ParseError { at: 0, line: 0, message: "maximum nesting depth exceeded".into(), eof: false }
}

const RESERVED: &[&str] =
    &["if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "{", "}", "!", "in"];

/// The word as a plain unquoted literal (how reserved words and names are recognized).
fn plain(w: &Word) -> Option<&str> {
    match w.as_slice() {
        [Part::Lit { text, quoted: false }] => Some(text),
        _ => None,
    }
}

fn is_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

type PResult<T> = Result<T, (ParseError, Option<Syntax>)>;

struct Parser<'a> {
    toks: &'a [Tok],
    lines: &'a [usize],
    i: usize,
    depth: usize,
    /// The source's last line (where an unexpected end of file is).
    end_line: usize,
    /// The compound commands open now (`if`, `for`…) and their lines: bash 5.2 names the
    /// innermost when the input ends inside it.
    open: Vec<(&'static str, usize)>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i)
    }

    fn line(&self) -> usize {
        self.lines.get(self.i).or(self.lines.last()).copied().unwrap_or(1)
    }

    /// The reserved word at the current token, if it is one (in command position).
    fn keyword(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w)) => plain(w).filter(|s| RESERVED.contains(s)),
            _ => None,
        }
    }

    fn unexpected(&self, t: Tok, expecting: Option<&'static str>) -> (ParseError, Option<Syntax>) {
        let token = t.text();
        let short = match &t {
            Tok::Word(w) if !plain(w).is_some_and(|s| RESERVED.contains(&s)) => "word".to_string(),
            Tok::Newline => "newline".to_string(),
            Tok::Redir(_) => "redirection".to_string(),
            _ => format!("\"{token}\""),
        };
        let e = ParseError {
            at: 0,
            line: self.line(),
            message: format!("syntax error near unexpected token `{token}'"),
            eof: false,
        };
        (e, Some(Syntax::Unexpected { token, short, expecting }))
    }

    fn eof(&self, expecting: Option<&'static str>) -> (ParseError, Option<Syntax>) {
        let message = match self.open.last() {
            Some((kw, line)) => format!("syntax error: unexpected end of file from `{kw}' command on line {line}"),
            None => "syntax error: unexpected end of file".into(),
        };
        let e = ParseError { at: 0, line: self.end_line, message, eof: true };
        (e, Some(Syntax::Eof { expecting }))
    }

    /// An error at the current token (or the end of input).
    fn fail(&self, expecting: Option<&'static str>) -> (ParseError, Option<Syntax>) {
        match self.peek() {
            Some(t) => self.unexpected(t.clone(), expecting),
            None => self.eof(expecting),
        }
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline)) {
            self.i += 1;
        }
    }

    fn expect_word(&mut self, kw: &'static str) -> PResult<()> {
        self.skip_newlines();
        if self.keyword() == Some(kw) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.fail(Some(kw)))
        }
    }

    /// A list of and-or lists, up to one of the reserved words in `until`, `)`, `;;` or
    /// the end of input.
    fn list(&mut self, until: &[&str]) -> PResult<Body> {
        let mut body = Vec::new();
        loop {
            self.skip_newlines();
            match self.peek() {
                None | Some(Tok::RParen) | Some(Tok::DSemi) => break,
                Some(Tok::Word(w)) if plain(w).is_some_and(|s| until.contains(&s)) => break,
                _ => {}
            }
            let line = self.line();
            let first = self.pipeline()?;
            let mut rest = Vec::new();
            loop {
                let conn = match self.peek() {
                    Some(Tok::AndAnd) => Connector::And,
                    Some(Tok::OrOr) => Connector::Or,
                    _ => break,
                };
                self.i += 1;
                self.skip_newlines();
                rest.push((conn, self.pipeline()?));
            }
            let mut background = false;
            match self.peek() {
                Some(Tok::Semi) | Some(Tok::Newline) => self.i += 1,
                Some(Tok::Amp) => {
                    background = true;
                    self.i += 1
                }
                _ => {}
            }
            body.push(AndOr { first, rest, background, line });
            // Anything but a separator or a closing token after a command is an error.
            match self.peek() {
                None | Some(Tok::RParen) | Some(Tok::DSemi) | Some(Tok::Newline) => {}
                Some(Tok::Word(_)) | Some(Tok::LParen) | Some(Tok::Redir(_)) => {
                    if !matches!(self.toks.get(self.i.wrapping_sub(1)), Some(Tok::Semi | Tok::Newline | Tok::Amp)) {
                        return Err(self.fail(None));
                    }
                }
                Some(t) => return Err(self.unexpected(t.clone(), None)),
            }
        }
        Ok(Arc::new(body))
    }

    fn pipeline(&mut self) -> PResult<Pipeline> {
        let mut p = Pipeline::default();
        if self.keyword() == Some("!") {
            p.bang = true;
            self.i += 1;
        }
        loop {
            p.cmds.push(self.command()?);
            if matches!(self.peek(), Some(Tok::Pipe)) {
                self.i += 1;
                self.skip_newlines();
                continue;
            }
            return Ok(p);
        }
    }

    fn command(&mut self) -> PResult<Command> {
        if let Some(kw) = self.keyword() {
            let compound = match kw {
                "{" | "if" | "for" | "while" | "until" | "case" => self.compound()?,
                _ => return Err(self.fail(None)),
            };
            let redirs = self.redirs()?;
            return Ok(Command::Compound(Arc::new(compound), redirs));
        }
        if matches!(self.peek(), Some(Tok::LParen)) {
            let compound = self.compound()?;
            let redirs = self.redirs()?;
            return Ok(Command::Compound(Arc::new(compound), redirs));
        }
        // `name() compound` (and bash's `function name [()] compound`).
        if let Some(Tok::Word(w)) = self.peek() {
            let w = w.clone();
            let bash_function = plain(&w) == Some("function");
            if bash_function {
                if let Some(Tok::Word(n)) = self.toks.get(self.i + 1) {
                    if let Some(name) = plain(n).filter(|s| is_name(s)).map(str::to_string) {
                        self.i += 2;
                        if matches!(self.peek(), Some(Tok::LParen)) {
                            self.i += 1;
                            if !matches!(self.peek(), Some(Tok::RParen)) {
                                return Err(self.fail(None));
                            }
                            self.i += 1;
                        }
                        return self.function_body(name);
                    }
                }
            }
            if matches!(self.toks.get(self.i + 1), Some(Tok::LParen)) {
                let Some(name) = plain(&w).map(str::to_string) else {
                    self.i += 1;
                    return Err(self.fail(None));
                };
                self.i += 2;
                if !matches!(self.peek(), Some(Tok::RParen)) {
                    return Err(self.fail(None));
                }
                self.i += 1;
                return self.function_body(name);
            }
        }
        self.simple()
    }

    fn function_body(&mut self, name: String) -> PResult<Command> {
        self.skip_newlines();
        let is_compound = matches!(self.keyword(), Some("{" | "if" | "for" | "while" | "until" | "case"))
            || matches!(self.peek(), Some(Tok::LParen));
        if !is_compound {
            return Err(self.fail(None));
        }
        let body = self.compound()?;
        Ok(Command::FuncDef(name, Arc::new(body)))
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((too_deep(), None));
        }
        Ok(())
    }

    fn compound(&mut self) -> PResult<Compound> {
        self.enter()?;
        let kw = match self.keyword() {
            Some("if") => Some("if"),
            Some("for") => Some("for"),
            Some("while") => Some("while"),
            Some("until") => Some("until"),
            Some("case") => Some("case"),
            _ => None,
        };
        if let Some(kw) = kw {
            self.open.push((kw, self.line()));
        }
        let c = self.compound_inner()?;
        if kw.is_some() {
            self.open.pop();
        }
        self.depth -= 1;
        Ok(c)
    }

    fn compound_inner(&mut self) -> PResult<Compound> {
        if matches!(self.peek(), Some(Tok::LParen)) {
            self.i += 1;
            let body = self.list(&[])?;
            if body.is_empty() || !matches!(self.peek(), Some(Tok::RParen)) {
                return Err(self.fail(Some(")")));
            }
            self.i += 1;
            return Ok(Compound::Subshell(body));
        }
        let kw = self.keyword().unwrap_or_default().to_string();
        self.i += 1;
        match kw.as_str() {
            "{" => {
                let body = self.nonempty_list(&["}"])?;
                self.expect_word("}")?;
                Ok(Compound::Group(body))
            }
            "while" | "until" => self.while_clause(kw == "until"),
            "if" => self.if_clause(),
            "for" => self.for_clause(),
            _ => self.case_clause(),
        }
    }

    #[inline(never)]
    fn while_clause(&mut self, until: bool) -> PResult<Compound> {
        let cond = self.nonempty_list(&["do"])?;
        self.expect_word("do")?;
        let body = self.nonempty_list(&["done"])?;
        self.expect_word("done")?;
        Ok(Compound::While { until, cond, body })
    }

    #[inline(never)]
    fn if_clause(&mut self) -> PResult<Compound> {
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.nonempty_list(&["then"])?;
            self.expect_word("then")?;
            let body = self.nonempty_list(&["elif", "else", "fi"])?;
            branches.push((cond, body));
            match self.keyword() {
                Some("elif") => {
                    self.i += 1;
                }
                Some("else") => {
                    self.i += 1;
                    otherwise = Some(self.nonempty_list(&["fi"])?);
                    self.expect_word("fi")?;
                    break;
                }
                _ => {
                    self.expect_word("fi")?;
                    break;
                }
            }
        }
        Ok(Compound::If { branches, otherwise })
    }

    #[inline(never)]
    fn for_clause(&mut self) -> PResult<Compound> {
        let var = match self.peek() {
            Some(Tok::Word(w)) => plain(w).filter(|s| is_name(s)).map(str::to_string),
            _ => None,
        };
        let Some(var) = var else { return Err(self.fail(None)) };
        self.i += 1;
        self.skip_newlines();
        let mut words = None;
        if self.keyword() == Some("in") {
            self.i += 1;
            let mut ws = Vec::new();
            while let Some(Tok::Word(w)) = self.peek() {
                let w = w.clone();
                self.check_word(&w)?;
                ws.push(w);
                self.i += 1;
            }
            match self.peek() {
                Some(Tok::Semi) | Some(Tok::Newline) => self.i += 1,
                _ => return Err(self.fail(None)),
            }
            words = Some(ws);
        } else if matches!(self.peek(), Some(Tok::Semi)) {
            self.i += 1;
        }
        self.expect_word("do")?;
        let body = self.nonempty_list(&["done"])?;
        self.expect_word("done")?;
        Ok(Compound::For { var, words, body })
    }

    #[inline(never)]
    fn case_clause(&mut self) -> PResult<Compound> {
        // "case"
        let word = match self.peek() {
            Some(Tok::Word(w)) => w.clone(),
            _ => return Err(self.fail(None)),
        };
        self.check_word(&word)?;
        self.i += 1;
        self.skip_newlines();
        if self.keyword() != Some("in") {
            return Err(self.fail(Some("in")));
        }
        self.i += 1;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines();
            if self.keyword() == Some("esac") {
                self.i += 1;
                break;
            }
            if matches!(self.peek(), Some(Tok::LParen)) {
                self.i += 1;
            }
            let mut pats = Vec::new();
            loop {
                match self.peek() {
                    Some(Tok::Word(w)) => {
                        let w = w.clone();
                        self.check_word(&w)?;
                        pats.push(w);
                        self.i += 1;
                    }
                    _ => return Err(self.fail(None)),
                }
                match self.peek() {
                    Some(Tok::Pipe) => self.i += 1,
                    Some(Tok::RParen) => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err(self.fail(Some(")"))),
                }
            }
            let body = self.list(&["esac"])?;
            arms.push((pats, body));
            match self.peek() {
                Some(Tok::DSemi) => self.i += 1,
                _ => {
                    self.expect_word("esac")?;
                    break;
                }
            }
        }
        Ok(Compound::Case { word, arms })
    }

    /// A list that must hold at least one command (bash: `if; then` is an error at `;`).
    fn nonempty_list(&mut self, until: &[&str]) -> PResult<Body> {
        let body = self.list(until)?;
        if body.is_empty() {
            return Err(self.fail(None));
        }
        Ok(body)
    }

    fn redirs(&mut self) -> PResult<Vec<Redir>> {
        let mut redirs = Vec::new();
        while let Some(Tok::Redir(kind)) = self.peek() {
            let kind = kind.clone();
            self.i += 1;
            if matches!(kind, RedirKind::ErrToOut | RedirKind::OutToErr) {
                redirs.push(Redir { kind, target: vec![] });
                continue;
            }
            match self.peek() {
                Some(Tok::Word(w)) => {
                    let w = w.clone();
                    self.check_word(&w)?;
                    redirs.push(Redir { kind, target: w });
                    self.i += 1;
                }
                // A line that ends after `>` is complete, and wrong: bash names the newline
                // (`docker run <image>` is `<image` then `>` with nothing after it).
                None => return Err(self.unexpected(Tok::Newline, None)),
                _ => return Err(self.fail(None)),
            }
        }
        Ok(redirs)
    }

    fn simple(&mut self) -> PResult<Command> {
        let mut simple = Simple::default();
        let start = self.i;
        loop {
            match self.peek() {
                Some(Tok::Word(w)) => {
                    let w = w.clone();
                    self.check_word(&w)?;
                    if simple.words.is_empty() {
                        if let Some((name, value)) = split_assignment(&w) {
                            simple.assigns.push((name, value));
                            self.i += 1;
                            continue;
                        }
                    }
                    simple.words.push(w);
                    self.i += 1;
                }
                Some(Tok::Redir(_)) => simple.redirs.extend(self.redirs()?),
                Some(Tok::LParen) if !simple.words.is_empty() => return Err(self.fail(None)),
                _ => break,
            }
        }
        if self.i == start {
            return Err(self.fail(None));
        }
        Ok(Command::Simple(simple))
    }

    /// Substitutions inside a word are parsed now (one level deeper), so their errors
    /// surface before anything runs.
    fn check_word(&self, w: &Word) -> PResult<()> {
        // Arithmetic words nest substitutions; walk them without recursion.
        let mut stack: Vec<&Word> = vec![w];
        while let Some(w) = stack.pop() {
            for part in w {
                match part {
                    Part::Subst { source, .. } => {
                        parse_depth(source, self.depth + 1)?;
                    }
                    Part::Arith { word, .. } => stack.push(word),
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

fn split_assignment(w: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit { text, quoted: false }) = w.first() else { return None };
    let eq = text.find('=')?;
    let name = &text[..eq];
    if !is_name(name) {
        return None;
    }
    let mut value = vec![Part::Lit { text: text[eq + 1..].to_string(), quoted: false }];
    value.extend(w[1..].iter().cloned());
    Some((name.to_string(), value))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Part {
        Part::Lit { text: s.into(), quoted: false }
    }

    fn simple(p: &Pipeline) -> &Simple {
        match &p.cmds[0] {
            Command::Simple(s) => s,
            other => panic!("not a simple command: {other:?}"),
        }
    }

    fn compound(p: &Pipeline) -> &Compound {
        match &p.cmds[0] {
            Command::Compound(c, _) => c,
            other => panic!("not a compound command: {other:?}"),
        }
    }

    fn syntax(line: &str) -> Syntax {
        parse_syntax(line).unwrap_err().1.expect("a syntax error")
    }

    #[test]
    fn compound_commands() {
        let l = parse("for i in 1 2 3; do echo $i; done; while false; do :; done").unwrap();
        assert!(
            matches!(compound(&l[0].first), Compound::For { var, words: Some(w), body } if var == "i" && w.len() == 3 && body.len() == 1)
        );
        assert!(matches!(compound(&l[1].first), Compound::While { until: false, .. }));
        let l = parse("if a; then b; elif c; then d; else e; fi > out").unwrap();
        match &l[0].first.cmds[0] {
            Command::Compound(c, redirs) => {
                assert!(matches!(&**c, Compound::If { branches, otherwise: Some(_) } if branches.len() == 2));
                assert_eq!(redirs.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        let l = parse("case $x in\n  a|b) echo ab;;\n  (*) echo otro\nesac").unwrap();
        assert!(
            matches!(compound(&l[0].first), Compound::Case { arms, .. } if arms.len() == 2 && arms[0].0.len() == 2)
        );
        let l = parse("f() { echo $1; }; function g { :; }; (cd /; ls) | wc -l; ! true").unwrap();
        assert!(matches!(&l[0].first.cmds[0], Command::FuncDef(n, _) if n == "f"));
        assert!(matches!(&l[1].first.cmds[0], Command::FuncDef(n, _) if n == "g"));
        assert!(matches!(compound(&l[2].first), Compound::Subshell(_)));
        assert_eq!(l[2].first.cmds.len(), 2);
        assert!(l[3].first.bang);
        // `for NAME; do` and `for NAME do` run over "$@".
        assert!(matches!(compound(&parse("for a; do :; done").unwrap()[0].first), Compound::For { words: None, .. }));
        // Reserved words only count in command position.
        assert_eq!(simple(&parse("echo done fi }").unwrap()[0].first).words.len(), 4);
    }

    #[test]
    fn heredocs_and_arithmetic() {
        let l = parse("cat <<EOF\nhola $USER\n$((1+2))\nEOF\necho fin").unwrap();
        assert_eq!(l.len(), 2);
        let r = &simple(&l[0].first).redirs[0];
        assert_eq!(r.kind, RedirKind::HereDoc);
        assert!(r.target.iter().any(|p| matches!(p, Part::Var { name, .. } if name == "USER")));
        assert!(r.target.iter().any(|p| matches!(p, Part::Arith { .. })));
        let l = parse("cat <<-'EOF'\n\t$x\n\tEOF").unwrap();
        assert_eq!(simple(&l[0].first).redirs[0].target, vec![Part::Lit { text: "$x\n".into(), quoted: true }]);
        let l = parse("cat <<< \"$x y\"").unwrap();
        assert_eq!(simple(&l[0].first).redirs[0].kind, RedirKind::HereString);
        let l = parse("echo $(( (1+2) * $n ))").unwrap();
        assert!(matches!(&simple(&l[0].first).words[1][0], Part::Arith { .. }));
        // `$( (…) )` stays a command substitution.
        let l = parse("echo $( (echo a) )").unwrap();
        assert!(matches!(&simple(&l[0].first).words[1][0], Part::Subst { .. }));
    }

    #[test]
    fn syntax_errors_name_their_token() {
        assert_eq!(parse("for i in 1 2; do done").unwrap_err().message, "syntax error near unexpected token `done'");
        assert_eq!(
            syntax("for i in 1; do done"),
            Syntax::Unexpected { token: "done".into(), short: "\"done\"".into(), expecting: None }
        );
        assert_eq!(parse("fi").unwrap_err().message, "syntax error near unexpected token `fi'");
        assert_eq!(parse("echo a;;").unwrap_err().message, "syntax error near unexpected token `;;'");
        assert_eq!(
            parse("if true; then echo; fi echo").unwrap_err().message,
            "syntax error near unexpected token `echo'"
        );
        assert!(matches!(syntax("if true; then echo; fi echo"), Syntax::Unexpected { short, .. } if short == "word"));
        assert_eq!(syntax("case a in b) x;; (y"), Syntax::Eof { expecting: Some(")") });
        assert_eq!(syntax("while true; do echo"), Syntax::Eof { expecting: Some("done") });
        assert_eq!(syntax("if true; then :; else :"), Syntax::Eof { expecting: Some("fi") });
        for unfinished in [
            "for i in 1 2; do",
            "if true",
            "f() {",
            "echo 'a",
            "cat <<EOF\nx",
            "ls |",
            "echo $(ls",
            "docker run -d \\",
            "a \\\n  b \\",
        ] {
            assert!(needs_more(unfinished), "{unfinished}");
        }
        for done in [
            "for i in 1 2; do :; done",
            "echo a",
            "cat <<EOF\nx\nEOF",
            "for i in; do done",
            "docker run <image>",
            "a \\\n  b",
            "echo 'a \\'",
            "echo a\\\\",
        ] {
            assert!(!needs_more(done), "{done}");
        }
    }

    /// Compound commands nest like substitutions: at most MAX_DEPTH levels, on a small stack.
    #[test]
    fn deep_compound_nesting_is_bounded() {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let n = 50_000;
                for (open, close) in
                    [("{ ", " }"), ("( ", " )"), ("if true; then ", "; fi"), ("while :; do ", "; done")]
                {
                    let s = format!("{}echo x{}", open.repeat(n), close.repeat(n));
                    assert_eq!(parse(&s).unwrap_err().message, "maximum nesting depth exceeded");
                }
                let s = format!("echo $(({}1{}))", "$((".repeat(n), "))".repeat(n));
                assert!(parse(&s).is_err());
                let ok = format!("{}echo x{}", "{ ".repeat(MAX_DEPTH), "; }".repeat(MAX_DEPTH));
                assert!(parse(&ok).is_ok());
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn lists_and_pipes() {
        let l = parse("apt-get update; apt-get install -y iputils-ping && ping -c 1 x | grep ttl").unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[1].rest.len(), 1);
        assert_eq!(l[1].rest[0].1.cmds.len(), 2);
    }

    #[test]
    fn quotes_and_vars() {
        let l = parse(r#"echo "hola $USER" 'x $y' a\ b"#).unwrap();
        let words = &simple(&l[0].first).words;
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
        assert_eq!(simple(&l[0].first).redirs.len(), 2);
        assert_eq!(simple(&l[0].first).redirs[1].kind, RedirKind::ErrOut);
        assert_eq!(simple(&l[1].first).redirs.len(), 3);
    }

    #[test]
    fn substitution_and_assignment() {
        let l = parse("X=1 echo $(hostname -i) ${HOME:-/root}").unwrap();
        let s = &simple(&l[0].first);
        assert_eq!(s.assigns.len(), 1);
        assert!(matches!(&s.words[1][0], Part::Subst { source, .. } if source == "hostname -i"));
        assert!(matches!(&s.words[2][0], Part::Var { default: Some(d), .. } if d == "/root"));
    }

    #[test]
    fn errors_are_values() {
        assert!(parse("echo 'unterminated").is_err());
        assert!(parse("; ls").is_err());
        assert!(parse("ls |").is_err());
        assert_eq!(parse("docker run <image>").unwrap_err().message, "syntax error near unexpected token `newline'");
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
