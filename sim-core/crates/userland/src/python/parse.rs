//! A recursive-descent parser for the Python subset. Its recursion is bounded by the input's
//! nesting, and that nesting is bounded: brackets at [`super::lex::MAX_NEST`] (CPython: 200),
//! blocks at 100 levels (CPython's own limit), operators at [`MAX_DEPTH`].

use super::ast::*;
use super::lex::{err, Pos, SyntaxErr, Tok, Token};

/// Nested expressions (operators, brackets) one statement may hold.
const MAX_DEPTH: u32 = 50;
/// Nested blocks, as CPython's "too many levels of indentation".
const MAX_BLOCKS: u32 = 100;
/// Operators chained in one statement (`a + b + c…`, `x[0][0]…`): each makes the tree one
/// level deeper on its left, so this bounds what the compiler walks.
const MAX_CHAIN: u32 = 200;

pub struct Parser {
    toks: Vec<Token>,
    i: usize,
    depth: u32,
    blocks: u32,
    /// Left-nested operators in the current statement (see [`MAX_CHAIN`]).
    chain: u32,
}

type R<T> = Result<T, SyntaxErr>;

/// A construct the subset lacks: a SyntaxErr whose kind says so.
fn unsupported(what: &str, pos: Pos) -> SyntaxErr {
    SyntaxErr { kind: "Unsupported", msg: what.to_string(), pos, end: None }
}

pub fn parse_module(toks: Vec<Token>) -> R<Vec<Stmt>> {
    let mut p = Parser { toks, i: 0, depth: 0, blocks: 0, chain: 0 };
    let mut out = Vec::new();
    while p.peek() != &Tok::End {
        if p.peek() == &Tok::Newline {
            p.i += 1;
            continue;
        }
        if p.peek() == &Tok::Indent {
            return Err(SyntaxErr {
                kind: "IndentationError",
                msg: "unexpected indent".into(),
                pos: p.tok().start,
                end: None,
            });
        }
        p.statement(&mut out)?;
    }
    Ok(out)
}

/// Parses one expression (an f-string's `{…}`), all tokens consumed.
pub fn parse_expr_tokens(toks: Vec<Token>) -> R<Expr> {
    let mut p = Parser { toks, i: 0, depth: 0, blocks: 0, chain: 0 };
    let e = p.expr_list_or_single()?;
    while p.peek() == &Tok::Newline {
        p.i += 1;
    }
    if p.peek() != &Tok::End {
        return Err(err("f-string: expecting '}'", p.tok().start));
    }
    Ok(e)
}

impl Parser {
    /// One more left-nested operator in this statement.
    fn chained(&mut self) -> R<()> {
        self.chain += 1;
        if self.chain > MAX_CHAIN {
            return Err(SyntaxErr {
                kind: "SyntaxError",
                msg: "too many chained operators in one statement".into(),
                pos: self.tok().start,
                end: None,
            });
        }
        Ok(())
    }
    fn tok(&self) -> &Token {
        &self.toks[self.i.min(self.toks.len() - 1)]
    }
    fn peek(&self) -> &Tok {
        &self.tok().tok
    }
    fn peek2(&self) -> &Tok {
        &self.toks[(self.i + 1).min(self.toks.len() - 1)].tok
    }
    fn prev_end(&self) -> Pos {
        if self.i == 0 {
            return Pos::default();
        }
        self.toks[self.i - 1].end
    }
    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }
    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n == kw)
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn invalid(&self) -> SyntaxErr {
        let t = self.tok();
        match &t.tok {
            Tok::Newline | Tok::End => err("invalid syntax", t.start),
            Tok::Indent => {
                SyntaxErr { kind: "IndentationError", msg: "unexpected indent".into(), pos: t.start, end: None }
            }
            _ => SyntaxErr { kind: "SyntaxError", msg: "invalid syntax".into(), pos: t.start, end: Some(t.end) },
        }
    }
    fn expect_op(&mut self, op: &str) -> R<()> {
        if self.eat_op(op) {
            Ok(())
        } else if op == ":" && matches!(self.peek(), Tok::Newline) {
            Err(err("expected ':'", self.tok().start))
        } else {
            Err(self.invalid())
        }
    }
    fn name(&mut self) -> R<String> {
        match self.peek().clone() {
            Tok::Name(n) if !is_keyword(&n) => {
                self.i += 1;
                Ok(n)
            }
            _ => Err(self.invalid()),
        }
    }
    fn deeper(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err("too many nested parentheses", self.tok().start));
        }
        Ok(())
    }

    fn block(&mut self) -> R<Vec<Stmt>> {
        self.expect_op(":")?;
        let mut out = Vec::new();
        if self.peek() != &Tok::Newline {
            // `if x: y`: a simple statement on the same line.
            self.simple_statements(&mut out)?;
            return Ok(out);
        }
        self.i += 1;
        if self.peek() != &Tok::Indent {
            let line = self.toks[self.i - 1].start.line;
            return Err(SyntaxErr {
                kind: "IndentationError",
                msg: format!("expected an indented block after {}", self.block_owner(line)),
                pos: self.tok().start,
                end: None,
            });
        }
        self.blocks += 1;
        if self.blocks > MAX_BLOCKS {
            return Err(err("too many levels of indentation", self.tok().start));
        }
        self.i += 1;
        while !matches!(self.peek(), Tok::Dedent | Tok::End) {
            if self.peek() == &Tok::Newline {
                self.i += 1;
                continue;
            }
            self.statement(&mut out)?;
        }
        self.eat_dedent();
        self.blocks -= 1;
        Ok(out)
    }
    fn eat_dedent(&mut self) {
        if self.peek() == &Tok::Dedent {
            self.i += 1;
        }
    }
    /// CPython's wording for what a missing block follows ("'if' statement on line 3").
    fn block_owner(&self, line: u32) -> String {
        let first = self.toks.iter().find(|t| t.start.line == line).map(|t| t.tok.clone());
        match first {
            Some(Tok::Name(n)) => match n.as_str() {
                "if" | "elif" | "while" | "for" | "try" | "with" => format!("'{n}' statement on line {line}"),
                "else" => format!("'else' statement on line {line}"),
                "except" => format!("'except' statement on line {line}"),
                "finally" => format!("'finally' statement on line {line}"),
                "def" => format!("function definition on line {line}"),
                _ => format!("statement on line {line}"),
            },
            _ => format!("statement on line {line}"),
        }
    }

    fn statement(&mut self, out: &mut Vec<Stmt>) -> R<()> {
        self.chain = 0;
        let start = self.tok().start;
        let kw = match self.peek() {
            Tok::Name(n) => n.clone(),
            _ => String::new(),
        };
        let kind = match kw.as_str() {
            "if" => {
                self.i += 1;
                self.if_rest()?
            }
            "while" => {
                self.i += 1;
                let cond = self.named_expr()?;
                let body = self.block()?;
                let orelse = if self.eat_kw("else") { self.block()? } else { Vec::new() };
                S::While(cond, body, orelse)
            }
            "for" => {
                self.i += 1;
                let target = self.target_list()?;
                if !self.eat_kw("in") {
                    return Err(self.invalid());
                }
                let iter = self.expr_list_or_single()?;
                let body = self.block()?;
                let orelse = if self.eat_kw("else") { self.block()? } else { Vec::new() };
                S::For(target, iter, body, orelse)
            }
            "def" => {
                self.i += 1;
                S::Def(Box::new(self.funcdef(Vec::new(), start)?))
            }
            "try" => {
                self.i += 1;
                self.try_rest()?
            }
            "with" => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    let e = self.expr()?;
                    let t = if self.eat_kw("as") { Some(self.target()?) } else { None };
                    items.push((e, t));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                S::With(items, self.block()?)
            }
            "class" => {
                self.i += 1;
                S::Class(Box::new(self.classdef(start)?))
            }
            "async" => return Err(unsupported("async code", start)),
            "match" if matches!(self.peek2(), Tok::Name(_)) && !self.line_has_assign() => {
                return Err(unsupported("the match statement", start))
            }
            _ => {
                if self.is_op("@") {
                    let mut decorators = Vec::new();
                    while self.eat_op("@") {
                        decorators.push(self.expr()?);
                        if self.peek() != &Tok::Newline {
                            return Err(self.invalid());
                        }
                        self.i += 1;
                    }
                    if self.eat_kw("class") {
                        let mut c = self.classdef(start)?;
                        c.decorators = decorators;
                        out.push(Stmt { kind: S::Class(Box::new(c)), span: Span { start, end: self.prev_end() } });
                        return Ok(());
                    }
                    if !self.eat_kw("def") {
                        return Err(self.invalid());
                    }
                    let f = self.funcdef(decorators, start)?;
                    out.push(Stmt { kind: S::Def(Box::new(f)), span: Span { start, end: self.prev_end() } });
                    return Ok(());
                }
                return self.simple_statements(out);
            }
        };
        out.push(Stmt { kind, span: Span { start, end: self.prev_end() } });
        Ok(())
    }

    fn line_has_assign(&self) -> bool {
        let line = self.tok().start.line;
        self.toks[self.i..].iter().take_while(|t| t.start.line == line).any(|t| t.tok == Tok::Op("="))
    }

    fn if_rest(&mut self) -> R<S> {
        let cond = self.named_expr()?;
        let body = self.block()?;
        let orelse = if self.is_kw("elif") {
            let start = self.tok().start;
            self.i += 1;
            let s = self.if_rest()?;
            vec![Stmt { kind: s, span: Span { start, end: self.prev_end() } }]
        } else if self.eat_kw("else") {
            self.block()?
        } else {
            Vec::new()
        };
        Ok(S::If(cond, body, orelse))
    }

    fn try_rest(&mut self) -> R<S> {
        let body = self.block()?;
        let mut handlers = Vec::new();
        while self.is_kw("except") {
            let start = self.tok().start;
            self.i += 1;
            if self.is_op("*") {
                return Err(unsupported("except*", start));
            }
            let (kind, name) = if self.is_op(":") {
                (None, None)
            } else {
                let k = self.expr()?;
                let n = if self.eat_kw("as") { Some(self.name()?) } else { None };
                (Some(k), n)
            };
            let hbody = self.block()?;
            handlers.push(Handler { kind, name, body: hbody, span: Span { start, end: self.prev_end() } });
        }
        let orelse = if !handlers.is_empty() && self.eat_kw("else") { self.block()? } else { Vec::new() };
        let finally = if self.eat_kw("finally") { self.block()? } else { Vec::new() };
        if handlers.is_empty() && finally.is_empty() {
            return Err(err("expected 'except' or 'finally' block", self.tok().start));
        }
        Ok(S::Try(body, handlers, orelse, finally))
    }

    /// After `class`: the name, the bases in parentheses, the body.
    fn classdef(&mut self, start: Pos) -> R<ClassDef> {
        let name = self.name()?;
        let mut bases = Vec::new();
        if self.eat_op("(") {
            while !self.is_op(")") {
                if matches!(self.peek(), Tok::Name(_)) && matches!(self.peek2(), Tok::Op("=")) {
                    return Err(unsupported("class keyword arguments (metaclass=…)", self.tok().start));
                }
                bases.push(self.expr()?);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
        }
        let end = self.prev_end();
        let body = self.block()?;
        Ok(ClassDef { name, bases, body, decorators: Vec::new(), span: Span { start, end } })
    }

    fn funcdef(&mut self, decorators: Vec<Expr>, start: Pos) -> R<FuncDef> {
        let name = self.name()?;
        self.expect_op("(")?;
        let mut f = FuncDef {
            name,
            params: Vec::new(),
            star: None,
            kwonly: Vec::new(),
            starstar: None,
            body: Vec::new(),
            decorators,
            span: Span { start, end: start },
        };
        self.params(&mut f, ")")?;
        self.expect_op(")")?;
        if self.eat_op("->") {
            self.expr()?;
        }
        f.span.end = self.prev_end();
        f.body = self.block()?;
        Ok(f)
    }

    fn params(&mut self, f: &mut FuncDef, close: &str) -> R<()> {
        let mut after_star = false;
        while !self.is_op(close) {
            if self.eat_op("**") {
                f.starstar = Some(self.name()?);
            } else if self.eat_op("*") {
                after_star = true;
                if !self.is_op(",") && !self.is_op(close) {
                    f.star = Some(self.name()?);
                }
            } else if self.eat_op("/") {
            } else {
                let name = self.name()?;
                if close == ")" && self.eat_op(":") {
                    self.expr()?;
                }
                let default = if self.eat_op("=") { Some(self.expr()?) } else { None };
                if default.is_none() && !after_star && f.params.last().is_some_and(|p| p.default.is_some()) {
                    return Err(err("non-default argument follows default argument", self.prev_end()));
                }
                let p = Param { name, default };
                if after_star {
                    f.kwonly.push(p);
                } else {
                    f.params.push(p);
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(())
    }

    fn simple_statements(&mut self, out: &mut Vec<Stmt>) -> R<()> {
        loop {
            let start = self.tok().start;
            let kind = self.simple()?;
            out.push(Stmt { kind, span: Span { start, end: self.prev_end() } });
            if self.eat_op(";") {
                if self.peek() == &Tok::Newline {
                    break;
                }
                continue;
            }
            break;
        }
        match self.peek() {
            Tok::Newline => {
                self.i += 1;
                Ok(())
            }
            Tok::End | Tok::Dedent => Ok(()),
            _ => Err(self.invalid()),
        }
    }

    fn simple(&mut self) -> R<S> {
        let kw = match self.peek() {
            Tok::Name(n) => n.clone(),
            _ => String::new(),
        };
        match kw.as_str() {
            "pass" => {
                self.i += 1;
                Ok(S::Pass)
            }
            "break" => {
                self.i += 1;
                Ok(S::Break)
            }
            "continue" => {
                self.i += 1;
                Ok(S::Continue)
            }
            "return" => {
                self.i += 1;
                if self.at_stmt_end() {
                    Ok(S::Return(None))
                } else {
                    Ok(S::Return(Some(self.expr_list_or_single()?)))
                }
            }
            "raise" => {
                self.i += 1;
                if self.at_stmt_end() {
                    return Ok(S::Raise(None, None));
                }
                let e = self.expr()?;
                let cause = if self.eat_kw("from") { Some(self.expr()?) } else { None };
                Ok(S::Raise(Some(e), cause))
            }
            "global" | "nonlocal" => {
                self.i += 1;
                let mut names = vec![self.name()?];
                while self.eat_op(",") {
                    names.push(self.name()?);
                }
                Ok(if kw == "global" { S::Global(names) } else { S::Nonlocal(names) })
            }
            "del" => {
                self.i += 1;
                let mut ts = vec![self.target()?];
                while self.eat_op(",") {
                    ts.push(self.target()?);
                }
                Ok(S::Del(ts))
            }
            "assert" => {
                self.i += 1;
                let c = self.expr()?;
                let m = if self.eat_op(",") { Some(self.expr()?) } else { None };
                Ok(S::Assert(c, m))
            }
            "import" => {
                self.i += 1;
                let mut names = Vec::new();
                loop {
                    let n = self.dotted()?;
                    let a = if self.eat_kw("as") { Some(self.name()?) } else { None };
                    names.push((n, a));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                Ok(S::Import(names))
            }
            "from" => {
                self.i += 1;
                let mut module = String::new();
                while self.eat_op(".") {
                    module.push('.');
                }
                if !self.is_kw("import") {
                    module.push_str(&self.dotted()?);
                }
                if !self.eat_kw("import") {
                    return Err(self.invalid());
                }
                let paren = self.eat_op("(");
                let mut names = Vec::new();
                if self.eat_op("*") {
                    names.push(("*".to_string(), None));
                } else {
                    loop {
                        if paren && self.is_op(")") {
                            break;
                        }
                        let n = self.name()?;
                        let a = if self.eat_kw("as") { Some(self.name()?) } else { None };
                        names.push((n, a));
                        if !self.eat_op(",") {
                            break;
                        }
                    }
                }
                if paren {
                    self.expect_op(")")?;
                }
                Ok(S::From(module, names))
            }
            _ => self.expr_statement(),
        }
    }

    fn at_stmt_end(&self) -> bool {
        matches!(self.peek(), Tok::Newline | Tok::End | Tok::Dedent) || self.is_op(";")
    }

    fn dotted(&mut self) -> R<String> {
        let mut n = self.name()?;
        while self.eat_op(".") {
            n.push('.');
            n.push_str(&self.name()?);
        }
        Ok(n)
    }

    fn expr_statement(&mut self) -> R<S> {
        let first = self.expr_list_or_single()?;
        if self.eat_op(":") {
            // An annotation: `x: int = 3`.
            self.expr()?;
            let value = if self.eat_op("=") { Some(self.expr_list_or_single()?) } else { None };
            check_target(&first)?;
            return Ok(S::AnnAssign(first, value));
        }
        if let Tok::Op(op) = self.peek().clone() {
            if let Some(bop) = aug_op(op) {
                self.i += 1;
                check_target(&first)?;
                if matches!(first.kind, E::Tuple(_) | E::List(_)) {
                    return Err(err("'tuple' is an illegal expression for augmented assignment", first.span.start));
                }
                let value = self.expr_list_or_single()?;
                return Ok(S::AugAssign(first, bop, value));
            }
        }
        if !self.is_op("=") {
            return Ok(S::Expr(first));
        }
        let mut targets = vec![first];
        let mut value;
        loop {
            self.i += 1;
            value = self.expr_list_or_single()?;
            if !self.is_op("=") {
                break;
            }
            targets.push(value);
        }
        for t in &targets {
            check_target(t)?;
        }
        Ok(S::Assign(targets, value))
    }

    /// `a, b` (a tuple) or a single expression (also `*rest` in a target).
    fn expr_list_or_single(&mut self) -> R<Expr> {
        let start = self.tok().start;
        let first = self.star_or_expr()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.at_expr_end() {
                break;
            }
            items.push(self.star_or_expr()?);
        }
        Ok(Expr { kind: E::Tuple(items), span: Span { start, end: self.prev_end() } })
    }

    fn at_expr_end(&self) -> bool {
        matches!(self.peek(), Tok::Newline | Tok::End | Tok::Dedent)
            || ["=", ")", "]", "}", ":", ";"].iter().any(|o| self.is_op(o))
            || aug_op_tok(self.peek())
            || self.is_kw("in")
    }

    fn star_or_expr(&mut self) -> R<Expr> {
        let start = self.tok().start;
        if self.eat_op("*") {
            let e = self.or_expr()?;
            return Ok(Expr { kind: E::Starred(Box::new(e)), span: Span { start, end: self.prev_end() } });
        }
        self.named_expr()
    }

    fn target_list(&mut self) -> R<Expr> {
        let start = self.tok().start;
        let first = self.target()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_kw("in") {
                break;
            }
            items.push(self.target()?);
        }
        Ok(Expr { kind: E::Tuple(items), span: Span { start, end: self.prev_end() } })
    }

    fn target(&mut self) -> R<Expr> {
        let start = self.tok().start;
        if self.eat_op("*") {
            let e = self.primary()?;
            return Ok(Expr { kind: E::Starred(Box::new(e)), span: Span { start, end: self.prev_end() } });
        }
        let e = self.primary()?;
        check_target(&e)?;
        Ok(e)
    }

    fn named_expr(&mut self) -> R<Expr> {
        if let (Tok::Name(n), Tok::Op(":=")) = (self.peek().clone(), self.peek2().clone()) {
            let start = self.tok().start;
            self.i += 2;
            let v = self.expr()?;
            return Ok(Expr { kind: E::Walrus(n, Box::new(v)), span: Span { start, end: self.prev_end() } });
        }
        self.expr()
    }

    pub fn expr(&mut self) -> R<Expr> {
        self.deeper()?;
        let r = self.expr_inner();
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self) -> R<Expr> {
        let start = self.tok().start;
        if self.eat_kw("lambda") {
            let mut f = FuncDef {
                name: "<lambda>".into(),
                params: Vec::new(),
                star: None,
                kwonly: Vec::new(),
                starstar: None,
                body: Vec::new(),
                decorators: Vec::new(),
                span: Span { start, end: start },
            };
            self.params(&mut f, ":")?;
            self.expect_op(":")?;
            let body = self.expr()?;
            let span = Span { start, end: self.prev_end() };
            f.span = span;
            f.body = vec![Stmt { kind: S::Return(Some(body)), span }];
            return Ok(Expr { kind: E::Lambda(Box::new(f)), span });
        }
        let e = self.or_test()?;
        if self.is_kw("if") {
            // `a if c else b` — but not a comprehension's `if`.
            let save = self.i;
            self.i += 1;
            let c = self.or_test()?;
            if !self.eat_kw("else") {
                self.i = save;
                return Ok(e);
            }
            let other = self.expr()?;
            return Ok(Expr {
                kind: E::IfExp(Box::new(c), Box::new(e), Box::new(other)),
                span: Span { start, end: self.prev_end() },
            });
        }
        Ok(e)
    }

    fn or_test(&mut self) -> R<Expr> {
        let start = self.tok().start;
        let mut e = self.and_test()?;
        while self.eat_kw("or") {
            let r = self.and_test()?;
            self.chained()?;
            e = Expr { kind: E::Or(Box::new(e), Box::new(r)), span: Span { start, end: self.prev_end() } };
        }
        Ok(e)
    }

    fn and_test(&mut self) -> R<Expr> {
        let start = self.tok().start;
        let mut e = self.not_test()?;
        while self.eat_kw("and") {
            let r = self.not_test()?;
            self.chained()?;
            e = Expr { kind: E::And(Box::new(e), Box::new(r)), span: Span { start, end: self.prev_end() } };
        }
        Ok(e)
    }

    fn not_test(&mut self) -> R<Expr> {
        let start = self.tok().start;
        if self.eat_kw("not") {
            self.deeper()?;
            let e = self.not_test();
            self.depth -= 1;
            return Ok(Expr { kind: E::Unary(UnOp::Not, Box::new(e?)), span: Span { start, end: self.prev_end() } });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> R<Expr> {
        let start = self.tok().start;
        let first = self.or_expr()?;
        let mut rest = Vec::new();
        loop {
            let op = match self.peek() {
                Tok::Op("==") => CmpOp::Eq,
                Tok::Op("!=") => CmpOp::Ne,
                Tok::Op("<") => CmpOp::Lt,
                Tok::Op("<=") => CmpOp::Le,
                Tok::Op(">") => CmpOp::Gt,
                Tok::Op(">=") => CmpOp::Ge,
                Tok::Name(n) if n == "in" => CmpOp::In,
                Tok::Name(n) if n == "is" => {
                    if matches!(self.peek2(), Tok::Name(m) if m == "not") {
                        self.i += 1;
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                Tok::Name(n) if n == "not" && matches!(self.peek2(), Tok::Name(m) if m == "in") => {
                    self.i += 1;
                    CmpOp::NotIn
                }
                _ => break,
            };
            self.i += 1;
            rest.push((op, self.or_expr()?));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        Ok(Expr { kind: E::Compare(Box::new(first), rest), span: Span { start, end: self.prev_end() } })
    }

    /// Binary operators by precedence level, lowest first.
    fn or_expr(&mut self) -> R<Expr> {
        self.binary(0)
    }

    fn binary(&mut self, level: usize) -> R<Expr> {
        const LEVELS: &[&[(&str, BinOp)]] = &[
            &[("|", BinOp::BitOr)],
            &[("^", BinOp::BitXor)],
            &[("&", BinOp::BitAnd)],
            &[("<<", BinOp::Shl), (">>", BinOp::Shr)],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("//", BinOp::FloorDiv), ("%", BinOp::Mod), ("@", BinOp::MatMul)],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let start = self.tok().start;
        let mut e = self.binary(level + 1)?;
        while let Tok::Op(o) = self.peek() {
            let Some((_, op)) = LEVELS[level].iter().find(|(s, _)| s == o) else { break };
            let op = *op;
            self.i += 1;
            let r = self.binary(level + 1)?;
            self.chained()?;
            e = Expr { kind: E::Bin(op, Box::new(e), Box::new(r)), span: Span { start, end: self.prev_end() } };
        }
        Ok(e)
    }

    fn unary(&mut self) -> R<Expr> {
        let start = self.tok().start;
        let op = match self.peek() {
            Tok::Op("-") => Some(UnOp::Neg),
            Tok::Op("+") => Some(UnOp::Pos),
            Tok::Op("~") => Some(UnOp::Invert),
            _ => None,
        };
        if let Some(op) = op {
            self.i += 1;
            self.deeper()?;
            let e = self.unary();
            self.depth -= 1;
            let e = e?;
            // `-5` is a constant, as CPython folds it.
            if op == UnOp::Neg {
                if let E::Int(v) = e.kind {
                    if let Some(n) = v.checked_neg() {
                        return Ok(Expr { kind: E::Int(n), span: Span { start, end: self.prev_end() } });
                    }
                }
            }
            return Ok(Expr { kind: E::Unary(op, Box::new(e)), span: Span { start, end: self.prev_end() } });
        }
        self.power()
    }

    fn power(&mut self) -> R<Expr> {
        let start = self.tok().start;
        let base = self.primary()?;
        if self.eat_op("**") {
            self.deeper()?;
            let exp = self.unary();
            self.depth -= 1;
            return Ok(Expr {
                kind: E::Bin(BinOp::Pow, Box::new(base), Box::new(exp?)),
                span: Span { start, end: self.prev_end() },
            });
        }
        Ok(base)
    }

    fn primary(&mut self) -> R<Expr> {
        let start = self.tok().start;
        if self.is_kw("await") {
            return Err(unsupported("async code", start));
        }
        let mut e = self.atom()?;
        loop {
            if self.eat_op(".") {
                let n = self.name()?;
                self.chained()?;
                e = Expr { kind: E::Attr(Box::new(e), n), span: Span { start, end: self.prev_end() } };
            } else if self.eat_op("(") {
                let args = self.call_args()?;
                self.expect_op(")")?;
                self.chained()?;
                e = Expr { kind: E::Call(Box::new(e), args), span: Span { start, end: self.prev_end() } };
            } else if self.eat_op("[") {
                let idx = self.subscript()?;
                self.expect_op("]")?;
                self.chained()?;
                e = Expr { kind: E::Subscript(Box::new(e), Box::new(idx)), span: Span { start, end: self.prev_end() } };
            } else {
                break;
            }
        }
        Ok(e)
    }

    fn call_args(&mut self) -> R<Vec<Arg>> {
        let mut args = Vec::new();
        while !self.is_op(")") {
            let start = self.tok().start;
            if self.eat_op("**") {
                args.push(Arg::StarStar(self.expr()?));
            } else if self.eat_op("*") {
                args.push(Arg::Star(self.expr()?));
            } else if let (Tok::Name(n), Tok::Op("=")) = (self.peek().clone(), self.peek2().clone()) {
                self.i += 2;
                args.push(Arg::Kw(n, self.expr()?));
            } else {
                let e = self.named_expr()?;
                if self.is_kw("for") {
                    // `sum(x for x in xs)`: a generator as the only argument.
                    let comps = self.comp_for()?;
                    let span = Span { start, end: self.prev_end() };
                    args.push(Arg::Pos(Expr { kind: E::GenExp(Box::new(e), comps), span }));
                } else {
                    if args.iter().any(|a| matches!(a, Arg::Kw(..))) {
                        return Err(err("positional argument follows keyword argument", start));
                    }
                    args.push(Arg::Pos(e));
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(args)
    }

    fn subscript(&mut self) -> R<Expr> {
        let start = self.tok().start;
        let first = self.slice_item()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.slice_item()?);
        }
        Ok(Expr { kind: E::Tuple(items), span: Span { start, end: self.prev_end() } })
    }

    fn slice_item(&mut self) -> R<Expr> {
        let start = self.tok().start;
        let lower = if self.is_op(":") { None } else { Some(self.expr()?) };
        if !self.eat_op(":") {
            return lower.ok_or_else(|| self.invalid());
        }
        let stop_here = |p: &Parser| p.is_op("]") || p.is_op(",") || p.is_op(":");
        let upper = if stop_here(self) { None } else { Some(Box::new(self.expr()?)) };
        let step =
            if self.eat_op(":") && !(self.is_op("]") || self.is_op(",")) { Some(Box::new(self.expr()?)) } else { None };
        Ok(Expr { kind: E::Slice(lower.map(Box::new), upper, step), span: Span { start, end: self.prev_end() } })
    }

    fn comp_for(&mut self) -> R<Vec<Comp>> {
        let mut comps = Vec::new();
        while self.eat_kw("for") {
            let target = self.target_list()?;
            if !self.eat_kw("in") {
                return Err(self.invalid());
            }
            let iter = self.or_test()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.or_test()?);
            }
            comps.push(Comp { target, iter, ifs });
        }
        Ok(comps)
    }

    fn atom(&mut self) -> R<Expr> {
        let t = self.tok().clone();
        let start = t.start;
        let span = |p: &Parser| Span { start, end: p.prev_end() };
        match t.tok {
            Tok::Int(v) => {
                self.i += 1;
                Ok(Expr { kind: E::Int(v), span: span(self) })
            }
            Tok::Float(v) => {
                self.i += 1;
                Ok(Expr { kind: E::Float(v), span: span(self) })
            }
            Tok::Str(_) | Tok::FStr(..) => {
                // Adjacent literals join: `"a" "b"`, `f"{x}" "y"`.
                let mut parts: Vec<FPart> = Vec::new();
                let mut any_f = false;
                while let Tok::Str(_) | Tok::FStr(..) = self.peek() {
                    match self.peek().clone() {
                        Tok::Str(s) => parts.push(FPart::Lit(s)),
                        Tok::FStr(raw, pos) => {
                            any_f = true;
                            parts.extend(super::fstring::parse(&raw, pos)?);
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
                if !any_f {
                    let s: String =
                        parts.into_iter().map(|p| if let FPart::Lit(s) = p { s } else { String::new() }).collect();
                    return Ok(Expr { kind: E::Str(s), span: span(self) });
                }
                Ok(Expr { kind: E::FStr(parts), span: span(self) })
            }
            Tok::Name(n) => {
                self.i += 1;
                let kind = match n.as_str() {
                    "None" => E::None,
                    "True" => E::True,
                    "False" => E::False,
                    "yield" => {
                        let from = self.eat_kw("from");
                        let ends = matches!(
                            self.peek(),
                            Tok::Newline | Tok::End | Tok::Op(")" | "]" | "}" | ";" | "=" | "," | ":")
                        );
                        let v = if ends && !from { None } else { Some(Box::new(self.expr()?)) };
                        E::Yield(v, from)
                    }
                    _ if is_keyword(&n) => {
                        self.i -= 1;
                        return Err(self.invalid());
                    }
                    _ => E::Name(n),
                };
                Ok(Expr { kind, span: span(self) })
            }
            Tok::Op("...") => {
                self.i += 1;
                Ok(Expr { kind: E::Ellipsis, span: span(self) })
            }
            Tok::Op("(") => {
                self.i += 1;
                self.deeper()?;
                let r = self.paren(start);
                self.depth -= 1;
                r
            }
            Tok::Op("[") => {
                self.i += 1;
                self.deeper()?;
                let r = self.list(start);
                self.depth -= 1;
                r
            }
            Tok::Op("{") => {
                self.i += 1;
                self.deeper()?;
                let r = self.dict(start);
                self.depth -= 1;
                r
            }
            _ => Err(self.invalid()),
        }
    }

    fn paren(&mut self, start: Pos) -> R<Expr> {
        if self.eat_op(")") {
            return Ok(Expr { kind: E::Tuple(Vec::new()), span: Span { start, end: self.prev_end() } });
        }
        let first = self.star_or_expr()?;
        if self.is_kw("for") {
            let comps = self.comp_for()?;
            self.expect_op(")")?;
            return Ok(Expr { kind: E::GenExp(Box::new(first), comps), span: Span { start, end: self.prev_end() } });
        }
        if self.eat_op(")") {
            // Parentheses only group: the expression keeps its own span, as CPython's does.
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op(")") {
                break;
            }
            items.push(self.star_or_expr()?);
        }
        self.expect_op(")")?;
        Ok(Expr { kind: E::Tuple(items), span: Span { start, end: self.prev_end() } })
    }

    fn list(&mut self, start: Pos) -> R<Expr> {
        let mut items = Vec::new();
        if !self.is_op("]") {
            let first = self.star_or_expr()?;
            if self.is_kw("for") {
                let comps = self.comp_for()?;
                self.expect_op("]")?;
                return Ok(Expr {
                    kind: E::ListComp(Box::new(first), comps),
                    span: Span { start, end: self.prev_end() },
                });
            }
            items.push(first);
            while self.eat_op(",") {
                if self.is_op("]") {
                    break;
                }
                items.push(self.star_or_expr()?);
            }
        }
        self.expect_op("]")?;
        Ok(Expr { kind: E::List(items), span: Span { start, end: self.prev_end() } })
    }

    fn dict(&mut self, start: Pos) -> R<Expr> {
        if self.eat_op("}") {
            return Ok(Expr { kind: E::Dict(Vec::new()), span: Span { start, end: self.prev_end() } });
        }
        if self.is_op("**") {
            return Err(unsupported("`**` inside a dict display", start));
        }
        let k = self.expr()?;
        if self.eat_op(":") {
            let v = self.expr()?;
            if self.is_kw("for") {
                let comps = self.comp_for()?;
                self.expect_op("}")?;
                return Ok(Expr {
                    kind: E::DictComp(Box::new(k), Box::new(v), comps),
                    span: Span { start, end: self.prev_end() },
                });
            }
            let mut items = vec![(k, v)];
            while self.eat_op(",") {
                if self.is_op("}") {
                    break;
                }
                let k = self.expr()?;
                self.expect_op(":")?;
                let v = self.expr()?;
                items.push((k, v));
            }
            self.expect_op("}")?;
            return Ok(Expr { kind: E::Dict(items), span: Span { start, end: self.prev_end() } });
        }
        if self.is_kw("for") {
            let comps = self.comp_for()?;
            self.expect_op("}")?;
            return Ok(Expr { kind: E::SetComp(Box::new(k), comps), span: Span { start, end: self.prev_end() } });
        }
        let mut items = vec![k];
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            items.push(self.expr()?);
        }
        self.expect_op("}")?;
        Ok(Expr { kind: E::Set(items), span: Span { start, end: self.prev_end() } })
    }
}

fn aug_op(op: &str) -> Option<BinOp> {
    Some(match op {
        "+=" => BinOp::Add,
        "-=" => BinOp::Sub,
        "*=" => BinOp::Mul,
        "/=" => BinOp::Div,
        "//=" => BinOp::FloorDiv,
        "%=" => BinOp::Mod,
        "**=" => BinOp::Pow,
        "&=" => BinOp::BitAnd,
        "|=" => BinOp::BitOr,
        "^=" => BinOp::BitXor,
        "<<=" => BinOp::Shl,
        ">>=" => BinOp::Shr,
        "@=" => BinOp::MatMul,
        _ => return None,
    })
}

fn aug_op_tok(t: &Tok) -> bool {
    matches!(t, Tok::Op(o) if aug_op(o).is_some())
}

fn check_target(e: &Expr) -> R<()> {
    match &e.kind {
        E::Name(_) | E::Attr(..) | E::Subscript(..) => Ok(()),
        E::Tuple(items) | E::List(items) => items.iter().try_for_each(check_target),
        E::Starred(inner) => check_target(inner),
        E::Call(..) => Err(SyntaxErr {
            kind: "SyntaxError",
            msg: "cannot assign to function call here. Maybe you meant '==' instead of '='?".into(),
            pos: e.span.start,
            end: Some(e.span.end),
        }),
        E::Int(_) | E::Float(_) | E::Str(_) | E::True | E::False | E::None => Err(SyntaxErr {
            kind: "SyntaxError",
            msg: "cannot assign to literal here. Maybe you meant '==' instead of '='?".into(),
            pos: e.span.start,
            end: Some(e.span.end),
        }),
        _ => Err(SyntaxErr {
            kind: "SyntaxError",
            msg: "cannot assign to expression".into(),
            pos: e.span.start,
            end: Some(e.span.end),
        }),
    }
}

pub fn is_keyword(n: &str) -> bool {
    matches!(
        n,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}
