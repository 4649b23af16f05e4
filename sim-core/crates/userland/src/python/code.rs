//! The compiler: syntax tree → stack code. Each function body is one [`Code`]; the VM runs it
//! with an explicit value stack and an explicit frame stack, so a program's depth (recursion,
//! nested loops) costs heap, never the host's stack, and the VM can stop at any instruction —
//! at a `time.sleep`, an `input()`, or when its work budget for one poll is spent.
//!
//! Names: at module level every name is global. In a function, the names it assigns (and does
//! not declare `global` or `nonlocal`) are locals in numbered slots; a nested function shares
//! the enclosing function's locals it reads: when it is defined, each such slot becomes a cell
//! (`Value::Cell`) that both frames read and write through, as CPython's closures do.

use super::ast::*;
use super::lex::{Pos, SyntaxErr};
use super::value::Value;
use std::collections::BTreeSet;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Const(u32),
    LoadLocal(u32),
    StoreLocal(u32),
    DelLocal(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DelGlobal(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    Subscr,
    StoreSubscr,
    DelSubscr,
    Bin(BinOp),
    /// `x += y`: lists extend in place.
    Inplace(BinOp),
    Unary(UnOp),
    Cmp(CmpOp),
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    BuildList(u32),
    BuildTuple(u32),
    BuildSet(u32),
    BuildDict(u32),
    BuildSlice,
    BuildStr(u32),
    /// Appends the top to the list `n` below it (comprehensions, `[*a]`).
    ListAppend(u32),
    ListExtend(u32),
    SetAdd(u32),
    DictSet(u32),
    ListToTuple,
    /// f-string field: conversion (0, b'r', b's', b'a') and whether a spec is on the stack.
    Format(u8, bool),
    /// Call with `n` positional arguments and the keyword names in constant `kw` (a tuple).
    Call(u32, Option<u32>),
    /// Call with an argument tuple and a keyword dict on the stack.
    CallEx,
    GetIter,
    ForIter(u32),
    Unpack(u32),
    UnpackStar(u32, u32),
    MakeFunc(u32),
    Return,
    Pop,
    Dup,
    /// [a, b] → [a, b, a, b].
    Dup2,
    /// [a, b] → [b, a].
    Rot2,
    /// [a, b, c] → [c, a, b].
    Rot3,
    Import(u32),
    ImportFrom(u32),
    ImportStar,
    SetupExcept(u32),
    PopBlock,
    /// `raise` (0: re-raise the handled one), `raise e` (1), `raise e from c` (2).
    Raise(u8),
    /// Re-raises the exception on the stack (end of unmatched handlers, end of `finally`).
    Reraise,
    ExcMatch,
    PopExcept,
    WithEnter,
    WithExit,
    AssertFail(bool),
    /// A `global` function's slots of enclosing locals copied in (see the module doc).
    Nop,
    /// In a class body: pops a value into the namespace dict below it, under name `k`.
    ClassAttr(u32),
    /// `class` named `k`: pops the namespace dict and the bases tuple, pushes the class.
    BuildClass(u32),
    /// A class body starts: the dict on top is where its names resolve first.
    ClassNs,
    /// A name a class body defined earlier (`@x.setter`): the class namespace, else global.
    LoadName(u32),
    /// A generator hands the top of its stack to whoever resumed it, and waits.
    Yield,
}

/// Where an instruction came from: line, columns and, for `a + b` or `a[i]`, the operator's
/// columns (the `^` of CPython's `~~^~~`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Loc {
    pub line: u32,
    pub cols: Option<(u32, u32)>,
    /// For `a + b`: (end of `a`, start of `b`); for `a[i]` (flag set): (end of `a`, end).
    pub anchors: Option<(u32, u32, bool)>,
}

pub struct Code {
    pub name: Rc<str>,
    pub file: Rc<str>,
    pub ops: Vec<Op>,
    pub locs: Vec<Loc>,
    pub consts: Vec<Value>,
    pub names: Vec<Rc<str>>,
    pub nlocals: usize,
    pub local_names: Vec<Rc<str>>,
    pub params: Vec<Rc<str>>,
    pub star: bool,
    pub starstar: bool,
    pub kwonly: Vec<Rc<str>>,
    /// Nested functions' code.
    pub funcs: Vec<Rc<Code>>,
    /// For a nested function: (enclosing slot, own slot) of each enclosing local it reads.
    pub captures: Vec<(u32, u32)>,
    /// Number of defaults for positional parameters / which keyword-only ones have one.
    pub ndefaults: usize,
    pub kw_defaults: Vec<bool>,
    pub is_module: bool,
    /// Its body yields: calling it makes a generator.
    pub is_gen: bool,
    /// Its docstring (`__doc__`).
    pub doc: Option<Rc<str>>,
}

pub struct Function {
    pub code: Rc<Code>,
    pub defaults: Vec<Value>,
    pub kw_defaults: Vec<Option<Value>>,
    pub captured: Vec<Value>,
    pub globals: Rc<super::value::Module>,
    pub id: usize,
    /// Attributes set on the function (`f.calls = 0`, `functools.wraps`' `__name__`).
    pub attrs: std::cell::RefCell<super::value::Dict>,
}

impl Function {
    /// Its `__name__` (as `functools.wraps` may have set it).
    pub fn name(&self) -> String {
        match self.attrs.borrow().get_str("__name__") {
            Some(v) => v.to_str(),
            None => self.code.name.to_string(),
        }
    }
}

enum Block {
    Loop { start: u32, breaks: Vec<usize>, is_for: bool },
    Try,
    Handler,
    Finally(Vec<Stmt>),
    With,
}

struct Scope {
    locals: Vec<Rc<str>>,
    globals: BTreeSet<String>,
    enclosing: Vec<Rc<str>>,
    captures: Vec<(u32, u32)>,
    is_module: bool,
}

pub struct Compiler {
    code: Code,
    scope: Scope,
    blocks: Vec<Block>,
    /// The statement being compiled: a loop's `continue` target etc. need no more than this.
    cur: Loc,
    /// Compiling a method of this class: `super()` is `super(Class, first parameter)`.
    method_of: Option<String>,
    /// The class whose body defines the next function (handed to its compiler).
    class_body: Option<String>,
    /// Compiling a class body: the names it has defined so far.
    class_names: Option<Vec<String>>,
}

type R<T> = Result<T, SyntaxErr>;

fn unsupported(what: &str, pos: Pos) -> SyntaxErr {
    SyntaxErr { kind: "Unsupported", msg: what.to_string(), pos, end: None }
}

pub fn compile_module(body: &[Stmt], file: &str) -> R<Code> {
    let mut c = Compiler::module(file);
    c.stmts(body)?;
    c.finish_module()
}

/// Compiles one REPL input: like a module, but an expression statement's value is shown.
pub fn compile_interactive(body: &[Stmt], file: &str) -> R<Code> {
    let mut c = Compiler::module(file);
    for s in body {
        if let S::Expr(e) = &s.kind {
            c.cur = loc_of(s.span);
            let k = c.name("__displayhook__");
            c.emit(Op::LoadGlobal(k));
            c.expr(e)?;
            c.emit(Op::Call(1, None));
            c.emit(Op::Pop);
        } else {
            c.stmt(s)?;
        }
    }
    c.finish_module()
}

fn loc_of(span: Span) -> Loc {
    Loc {
        line: span.start.line,
        cols: (span.start.line == span.end.line).then_some((span.start.col, span.end.col)),
        anchors: None,
    }
}

impl Compiler {
    /// A compiler for a module's top level (globals are the module's names).
    fn module(file: &str) -> Compiler {
        let scope = Scope {
            locals: Vec::new(),
            globals: BTreeSet::new(),
            enclosing: Vec::new(),
            captures: Vec::new(),
            is_module: true,
        };
        let mut c = Compiler::new("<module>", file, scope);
        c.code.is_module = true;
        c
    }

    /// A module's code ends by returning `None`.
    fn finish_module(mut self) -> R<Code> {
        let k = self.konst(Value::None);
        self.emit(Op::Const(k));
        self.emit(Op::Return);
        Ok(self.code)
    }

    fn new(name: &str, file: &str, scope: Scope) -> Compiler {
        Compiler {
            code: Code {
                name: Rc::from(name),
                file: Rc::from(file),
                ops: Vec::new(),
                locs: Vec::new(),
                consts: Vec::new(),
                names: Vec::new(),
                nlocals: 0,
                local_names: Vec::new(),
                params: Vec::new(),
                star: false,
                starstar: false,
                kwonly: Vec::new(),
                funcs: Vec::new(),
                captures: Vec::new(),
                ndefaults: 0,
                kw_defaults: Vec::new(),
                is_module: false,
                is_gen: false,
                doc: None,
            },
            scope,
            blocks: Vec::new(),
            cur: Loc::default(),
            method_of: None,
            class_body: None,
            class_names: None,
        }
    }

    fn emit(&mut self, op: Op) -> usize {
        if let (Op::ClassAttr(k), Some(names)) = (op, self.class_names.as_mut()) {
            // A class body defined this name: later statements of the body see it.
            names.push(self.code.names[k as usize].to_string());
        }
        self.code.ops.push(op);
        self.code.locs.push(self.cur);
        self.code.ops.len() - 1
    }
    fn here(&self) -> u32 {
        self.code.ops.len() as u32
    }
    fn patch(&mut self, at: usize) {
        let to = self.here();
        self.code.ops[at] = match self.code.ops[at] {
            Op::Jump(_) => Op::Jump(to),
            Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(to),
            Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(to),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(to),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(to),
            Op::ForIter(_) => Op::ForIter(to),
            Op::SetupExcept(_) => Op::SetupExcept(to),
            o => o,
        };
    }
    fn konst(&mut self, v: Value) -> u32 {
        self.code.consts.push(v);
        self.code.consts.len() as u32 - 1
    }
    fn name(&mut self, n: &str) -> u32 {
        if let Some(i) = self.code.names.iter().position(|x| &**x == n) {
            return i as u32;
        }
        self.code.names.push(Rc::from(n));
        self.code.names.len() as u32 - 1
    }
    fn local(&self, n: &str) -> Option<u32> {
        if self.scope.is_module || self.scope.globals.contains(n) {
            return None;
        }
        self.scope.locals.iter().position(|x| &**x == n).map(|i| i as u32)
    }
    fn load(&mut self, n: &str) {
        if self.class_names.as_ref().is_some_and(|names| names.iter().any(|x| x == n)) {
            let k = self.name(n);
            self.emit(Op::LoadName(k));
            return;
        }
        match self.local(n) {
            Some(i) => self.emit(Op::LoadLocal(i)),
            None => {
                let k = self.name(n);
                self.emit(Op::LoadGlobal(k))
            }
        };
    }
    fn store(&mut self, n: &str) {
        if !self.scope.is_module && !self.scope.globals.contains(n) && self.local(n).is_none() {
            // A name the pre-pass missed (inside an expression): a local all the same.
            self.scope.locals.push(Rc::from(n));
        }
        match self.local(n) {
            Some(i) => self.emit(Op::StoreLocal(i)),
            None => {
                let k = self.name(n);
                self.emit(Op::StoreGlobal(k))
            }
        };
    }

    fn stmts(&mut self, body: &[Stmt]) -> R<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> R<()> {
        self.cur = loc_of(s.span);
        match &s.kind {
            S::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::Pop);
            }
            S::Assign(targets, value) => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.assign(t)?;
                }
            }
            S::AnnAssign(t, v) => {
                if let Some(v) = v {
                    self.expr(v)?;
                    self.assign(t)?;
                }
            }
            S::AugAssign(t, op, v) => match &t.kind {
                E::Name(n) => {
                    self.load(n);
                    self.expr(v)?;
                    self.cur = binop_loc(t, v, s.span);
                    self.emit(Op::Inplace(*op));
                    self.store(n);
                }
                E::Attr(obj, n) => {
                    self.expr(obj)?;
                    self.emit(Op::Dup);
                    let k = self.name(n);
                    self.emit(Op::LoadAttr(k));
                    self.expr(v)?;
                    self.emit(Op::Inplace(*op));
                    self.emit(Op::Rot2);
                    self.emit(Op::StoreAttr(k));
                }
                E::Subscript(obj, idx) => {
                    self.expr(obj)?;
                    self.expr(idx)?;
                    self.emit(Op::Dup2);
                    self.cur = subscr_loc(obj, t.span);
                    self.emit(Op::Subscr);
                    self.expr(v)?;
                    self.cur = loc_of(s.span);
                    self.emit(Op::Inplace(*op));
                    // [obj, idx, value] → value, obj, idx for StoreSubscr
                    self.emit(Op::Rot3);
                    self.emit(Op::StoreSubscr);
                }
                _ => return Err(unsupported("this augmented assignment", s.span.start)),
            },
            S::If(cond, body, orelse) => {
                self.expr(cond)?;
                let j = self.emit(Op::PopJumpIfFalse(0));
                self.stmts(body)?;
                if orelse.is_empty() {
                    self.patch(j);
                } else {
                    let end = self.emit(Op::Jump(0));
                    self.patch(j);
                    self.stmts(orelse)?;
                    self.patch(end);
                }
            }
            S::While(cond, body, orelse) => {
                let start = self.here();
                self.expr(cond)?;
                let j = self.emit(Op::PopJumpIfFalse(0));
                self.blocks.push(Block::Loop { start, breaks: Vec::new(), is_for: false });
                self.stmts(body)?;
                self.cur = loc_of(s.span);
                self.emit(Op::Jump(start));
                let breaks = match self.blocks.pop() {
                    Some(Block::Loop { breaks, .. }) => breaks,
                    _ => Vec::new(),
                };
                self.patch(j);
                self.stmts(orelse)?;
                for b in breaks {
                    self.patch(b);
                }
            }
            S::For(target, iter, body, orelse) => {
                self.expr(iter)?;
                self.emit(Op::GetIter);
                let start = self.here();
                let fi = self.emit(Op::ForIter(0));
                self.assign(target)?;
                self.blocks.push(Block::Loop { start, breaks: Vec::new(), is_for: true });
                self.stmts(body)?;
                self.emit(Op::Jump(start));
                let breaks = match self.blocks.pop() {
                    Some(Block::Loop { breaks, .. }) => breaks,
                    _ => Vec::new(),
                };
                self.patch(fi);
                self.stmts(orelse)?;
                for b in breaks {
                    self.patch(b);
                }
            }
            S::Break | S::Continue => {
                let brk = matches!(s.kind, S::Break);
                let Some(li) = self.blocks.iter().rposition(|b| matches!(b, Block::Loop { .. })) else {
                    let msg = if brk { "'break' outside loop" } else { "'continue' not properly in loop" };
                    return Err(SyntaxErr {
                        kind: "SyntaxError",
                        msg: msg.into(),
                        pos: s.span.start,
                        end: Some(s.span.end),
                    });
                };
                self.unwind_to(li + 1)?;
                self.cur = loc_of(s.span);
                let (start, is_for) = match &self.blocks[li] {
                    Block::Loop { start, is_for, .. } => (*start, *is_for),
                    _ => (0, false),
                };
                if brk {
                    if is_for {
                        self.emit(Op::Pop);
                    }
                    let j = self.emit(Op::Jump(0));
                    if let Block::Loop { breaks, .. } = &mut self.blocks[li] {
                        breaks.push(j);
                    }
                } else {
                    self.emit(Op::Jump(start));
                }
            }
            S::Pass => {}
            S::Return(v) => {
                if self.scope.is_module {
                    return Err(SyntaxErr {
                        kind: "SyntaxError",
                        msg: "'return' outside function".into(),
                        pos: s.span.start,
                        end: Some(s.span.end),
                    });
                }
                match v {
                    Some(v) => self.expr(v)?,
                    None => {
                        let k = self.konst(Value::None);
                        self.emit(Op::Const(k));
                    }
                }
                self.unwind_to(0)?;
                self.cur = loc_of(s.span);
                self.emit(Op::Return);
            }
            S::Def(f) => {
                for d in &f.decorators {
                    self.expr(d)?;
                }
                self.cur = loc_of(s.span);
                self.function(f)?;
                for _ in &f.decorators {
                    self.emit(Op::Call(1, None));
                }
                self.store(&f.name);
            }
            S::Class(c) => self.class(c)?,
            S::Import(names) => {
                for (n, alias) in names {
                    let k = self.name(n);
                    self.emit(Op::Import(k));
                    match alias {
                        Some(a) => {
                            // `import os.path as p`: the submodule.
                            for part in n.split('.').skip(1) {
                                let k = self.name(part);
                                self.emit(Op::LoadAttr(k));
                            }
                            self.store(a);
                        }
                        None => {
                            let top = n.split('.').next().unwrap_or(n).to_string();
                            if top != *n {
                                self.emit(Op::Pop);
                                let k = self.name(&top);
                                self.emit(Op::Import(k));
                            }
                            self.store(&top);
                        }
                    }
                }
            }
            S::From(module, names) => {
                if module.starts_with('.') {
                    return Err(SyntaxErr {
                        kind: "ImportError",
                        msg: "attempted relative import with no known parent package".into(),
                        pos: s.span.start,
                        end: None,
                    });
                }
                let k = self.name(module);
                self.emit(Op::Import(k));
                for (n, alias) in names {
                    if n == "*" {
                        if !self.scope.is_module {
                            return Err(SyntaxErr {
                                kind: "SyntaxError",
                                msg: "import * only allowed at module level".into(),
                                pos: s.span.start,
                                end: None,
                            });
                        }
                        self.emit(Op::ImportStar);
                        return Ok(());
                    }
                    let k = self.name(n);
                    self.emit(Op::ImportFrom(k));
                    self.store(alias.as_ref().unwrap_or(n));
                }
                self.emit(Op::Pop);
            }
            S::Try(body, handlers, orelse, finally) => self.try_stmt(body, handlers, orelse, finally, s.span)?,
            S::Raise(e, cause) => {
                let n = match (e, cause) {
                    (None, _) => 0,
                    (Some(e), None) => {
                        self.expr(e)?;
                        1
                    }
                    (Some(e), Some(c)) => {
                        self.expr(e)?;
                        self.expr(c)?;
                        2
                    }
                };
                self.cur = loc_of(s.span);
                self.emit(Op::Raise(n));
            }
            S::Global(names) => {
                for n in names {
                    self.scope.globals.insert(n.clone());
                }
            }
            // The names are the enclosing function's (shared through cells: see the module doc).
            S::Nonlocal(_) => {}
            S::Del(targets) => {
                for t in targets {
                    match &t.kind {
                        E::Name(n) => match self.local(n) {
                            Some(i) => {
                                self.emit(Op::DelLocal(i));
                            }
                            None => {
                                let k = self.name(n);
                                self.emit(Op::DelGlobal(k));
                            }
                        },
                        E::Subscript(o, i) => {
                            self.expr(o)?;
                            self.expr(i)?;
                            self.emit(Op::DelSubscr);
                        }
                        _ => return Err(unsupported("this del target", t.span.start)),
                    }
                }
            }
            S::Assert(c, m) => {
                self.expr(c)?;
                let j = self.emit(Op::PopJumpIfTrue(0));
                if let Some(m) = m {
                    self.expr(m)?;
                }
                self.cur = loc_of(s.span);
                self.emit(Op::AssertFail(m.is_some()));
                self.patch(j);
            }
            S::With(items, body) => {
                if items.len() != 1 {
                    return Err(unsupported("`with` over several context managers", s.span.start));
                }
                let (e, t) = &items[0];
                self.expr(e)?;
                self.emit(Op::Dup);
                self.emit(Op::WithEnter);
                match t {
                    Some(t) => self.assign(t)?,
                    None => {
                        self.emit(Op::Pop);
                    }
                }
                let setup = self.emit(Op::SetupExcept(0));
                self.blocks.push(Block::With);
                self.stmts(body)?;
                self.blocks.pop();
                self.emit(Op::PopBlock);
                self.emit(Op::WithExit);
                let end = self.emit(Op::Jump(0));
                self.patch(setup);
                // [ctx, exc]: close the context, then let the exception go on.
                self.emit(Op::Rot2);
                self.emit(Op::WithExit);
                self.emit(Op::Reraise);
                self.patch(end);
            }
        }
        Ok(())
    }

    /// What `break`, `continue` and `return` must undo on their way out of blocks above
    /// `keep`: handlers, `with`s, `finally` bodies (run inline, as CPython does).
    fn unwind_to(&mut self, keep: usize) -> R<()> {
        let mut i = self.blocks.len();
        while i > keep {
            i -= 1;
            match &self.blocks[i] {
                Block::Try => {
                    self.emit(Op::PopBlock);
                }
                Block::Handler => {
                    self.emit(Op::PopExcept);
                }
                Block::With => {
                    self.emit(Op::PopBlock);
                    // The context sits under whatever the return value is: swap, exit.
                    self.emit(Op::Rot2);
                    self.emit(Op::WithExit);
                }
                Block::Finally(body) => {
                    let body = body.clone();
                    self.emit(Op::PopBlock);
                    // Compile the finally body outside the blocks it guards.
                    let saved: Vec<Block> = self.blocks.drain(i..).collect();
                    self.stmts(&body)?;
                    self.blocks.extend(saved);
                }
                Block::Loop { is_for, .. } => {
                    if *is_for && keep == 0 {
                        // `return` out of a `for`: its iterator stays on the stack, harmlessly
                        // (a frame's stack goes with it).
                    }
                }
            }
        }
        Ok(())
    }

    fn try_stmt(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
        finally: &[Stmt],
        span: Span,
    ) -> R<()> {
        let fin_setup = if finally.is_empty() {
            None
        } else {
            let j = self.emit(Op::SetupExcept(0));
            self.blocks.push(Block::Finally(finally.to_vec()));
            Some(j)
        };
        if handlers.is_empty() {
            self.stmts(body)?;
        } else {
            let setup = self.emit(Op::SetupExcept(0));
            self.blocks.push(Block::Try);
            self.stmts(body)?;
            self.blocks.pop();
            self.emit(Op::PopBlock);
            self.stmts(orelse)?;
            let mut ends = vec![self.emit(Op::Jump(0))];
            self.patch(setup);
            // The exception is on the stack.
            for h in handlers {
                self.cur = loc_of(h.span);
                let next = match &h.kind {
                    Some(k) => {
                        self.emit(Op::Dup);
                        self.expr(k)?;
                        self.emit(Op::ExcMatch);
                        Some(self.emit(Op::PopJumpIfFalse(0)))
                    }
                    None => None,
                };
                match &h.name {
                    Some(n) => self.store(n),
                    None => {
                        self.emit(Op::Pop);
                    }
                }
                self.blocks.push(Block::Handler);
                self.stmts(&h.body)?;
                self.blocks.pop();
                self.emit(Op::PopExcept);
                ends.push(self.emit(Op::Jump(0)));
                if let Some(n) = next {
                    self.patch(n);
                }
            }
            self.emit(Op::Reraise);
            for e in ends {
                self.patch(e);
            }
        }
        if let Some(j) = fin_setup {
            self.blocks.pop();
            self.emit(Op::PopBlock);
            self.stmts(finally)?;
            let end = self.emit(Op::Jump(0));
            self.patch(j);
            self.cur = loc_of(span);
            self.stmts(finally)?;
            self.emit(Op::Reraise);
            self.patch(end);
        }
        Ok(())
    }

    fn function(&mut self, f: &FuncDef) -> R<()> {
        // Defaults are evaluated where the function is defined.
        for p in &f.params {
            if let Some(d) = &p.default {
                self.expr(d)?;
            }
        }
        for p in &f.kwonly {
            if let Some(d) = &p.default {
                self.expr(d)?;
            }
        }
        let mut locals: Vec<Rc<str>> = Vec::new();
        let add = |n: &str, locals: &mut Vec<Rc<str>>| {
            if !locals.iter().any(|x| &**x == n) {
                locals.push(Rc::from(n));
            }
        };
        for p in &f.params {
            add(&p.name, &mut locals);
        }
        if let Some(s) = &f.star {
            add(s, &mut locals);
        }
        for p in &f.kwonly {
            add(&p.name, &mut locals);
        }
        if let Some(s) = &f.starstar {
            add(s, &mut locals);
        }
        let mut globals = BTreeSet::new();
        let mut nonlocals = BTreeSet::new();
        let mut assigned = Vec::new();
        collect_assigned(&f.body, &mut assigned, &mut globals, &mut nonlocals);
        for n in &nonlocals {
            let known = !self.scope.is_module && self.scope.locals.iter().any(|x| **x == **n);
            if !known || locals.iter().any(|x| **x == **n) {
                let msg = if known {
                    format!("name '{n}' is parameter and nonlocal")
                } else {
                    format!("no binding for nonlocal '{n}' found")
                };
                return Err(SyntaxErr { kind: "SyntaxError", msg, pos: f.span.start, end: None });
            }
        }
        for n in &assigned {
            if !globals.contains(n) && !nonlocals.contains(n) {
                add(n, &mut locals);
            }
        }
        // Enclosing function locals this one may read: copied in at definition.
        let mut enclosing: Vec<Rc<str>> = Vec::new();
        if !self.scope.is_module {
            for n in self.scope.locals.iter().chain(self.scope.enclosing.iter()) {
                if !locals.iter().any(|x| x == n) && !globals.contains(&**n) && !enclosing.contains(n) {
                    enclosing.push(n.clone());
                }
            }
        }
        let nparams = locals.len();
        let mut captures = Vec::new();
        let mut used = BTreeSet::new();
        collect_names(&f.body, &mut used);
        for n in &enclosing {
            if used.contains(&**n) {
                let outer = self.scope.locals.iter().position(|x| x == n);
                if let Some(o) = outer {
                    locals.push(n.clone());
                    captures.push((o as u32, locals.len() as u32 - 1));
                }
            }
        }
        let scope = Scope { locals: locals.clone(), globals, enclosing, captures: captures.clone(), is_module: false };
        let mut c = Compiler::new(&f.name, &self.code.file, scope);
        c.method_of = self.class_body.take().filter(|_| !f.params.is_empty());
        c.code.params = f.params.iter().map(|p| Rc::from(p.name.as_str())).collect();
        c.code.star = f.star.is_some();
        c.code.starstar = f.starstar.is_some();
        c.code.kwonly = f.kwonly.iter().map(|p| Rc::from(p.name.as_str())).collect();
        c.code.ndefaults = f.params.iter().filter(|p| p.default.is_some()).count();
        c.code.kw_defaults = f.kwonly.iter().map(|p| p.default.is_some()).collect();
        if let Some(Stmt { kind: S::Expr(Expr { kind: E::Str(doc), .. }), .. }) = f.body.first() {
            c.code.doc = Some(Rc::from(doc.as_str()));
        }
        let _ = nparams;
        c.stmts(&f.body)?;
        let k = c.konst(Value::None);
        c.cur = Loc {
            line: f.body.last().map(|s| s.span.end.line).unwrap_or(f.span.start.line),
            cols: None,
            anchors: None,
        };
        c.emit(Op::Const(k));
        c.emit(Op::Return);
        c.code.nlocals = c.scope.locals.len();
        c.code.local_names = c.scope.locals.clone();
        c.code.captures = captures;
        let _ = &c.scope.captures;
        self.code.funcs.push(Rc::new(c.code));
        let idx = self.code.funcs.len() as u32 - 1;
        self.emit(Op::MakeFunc(idx));
        Ok(())
    }

    /// `class Name(bases): body`: the bases, a namespace dict filled by the body's statements
    /// (methods, `name = value`, a docstring, `pass`), then the class, stored under its name.
    fn class(&mut self, c: &ClassDef) -> R<()> {
        self.cur = loc_of(c.span);
        for d in &c.decorators {
            self.expr(d)?;
        }
        self.cur = loc_of(c.span);
        for b in &c.bases {
            self.expr(b)?;
        }
        self.emit(Op::BuildTuple(c.bases.len() as u32));
        self.emit(Op::BuildDict(0));
        self.emit(Op::ClassNs);
        let outer_names = self.class_names.replace(Vec::new());
        let r = self.class_body_stmts(c);
        self.class_names = outer_names;
        r?;
        self.cur = loc_of(c.span);
        let k = self.name(&c.name);
        self.emit(Op::BuildClass(k));
        for _ in &c.decorators {
            self.emit(Op::Call(1, None));
        }
        self.store(&c.name);
        Ok(())
    }

    /// A class body's statements, each filling the namespace dict on the stack.
    fn class_body_stmts(&mut self, c: &ClassDef) -> R<()> {
        for (i, s) in c.body.iter().enumerate() {
            self.cur = loc_of(s.span);
            match &s.kind {
                S::Pass => {}
                S::Expr(Expr { kind: E::Str(doc), .. }) if i == 0 => {
                    let k = self.konst(Value::str(doc));
                    self.emit(Op::Const(k));
                    let n = self.name("__doc__");
                    self.emit(Op::ClassAttr(n));
                }
                S::Def(f) => {
                    for d in &f.decorators {
                        self.expr(d)?;
                    }
                    self.class_body = Some(c.name.clone());
                    self.function(f)?;
                    self.class_body = None;
                    for _ in &f.decorators {
                        self.emit(Op::Call(1, None));
                    }
                    let n = self.name(&f.name);
                    self.emit(Op::ClassAttr(n));
                }
                S::Assign(targets, v) if targets.len() == 1 && matches!(targets[0].kind, E::Name(_)) => {
                    self.expr(v)?;
                    if let E::Name(name) = &targets[0].kind {
                        let n = self.name(name);
                        self.emit(Op::ClassAttr(n));
                    }
                }
                S::AnnAssign(Expr { kind: E::Name(name), .. }, v) => {
                    // `x: int = 0`: the name goes in `__annotations__` (what `@dataclass` reads).
                    let k = self.konst(Value::str(name));
                    self.emit(Op::Const(k));
                    let n = self.name("__annotations__");
                    self.emit(Op::ClassAttr(n));
                    if let Some(v) = v {
                        self.expr(v)?;
                        let n = self.name(name);
                        self.emit(Op::ClassAttr(n));
                    }
                }
                S::AnnAssign(..) => {}
                _ => {
                    return Err(unsupported(
                        "this statement in a class body (only methods and `name = value`)",
                        s.span.start,
                    ))
                }
            }
        }
        Ok(())
    }

    fn assign(&mut self, t: &Expr) -> R<()> {
        match &t.kind {
            E::Name(n) => self.store(n),
            E::Attr(obj, n) => {
                self.expr(obj)?;
                let k = self.name(n);
                self.emit(Op::StoreAttr(k));
            }
            E::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::StoreSubscr);
            }
            E::Tuple(items) | E::List(items) => {
                let star = items.iter().position(|e| matches!(e.kind, E::Starred(_)));
                match star {
                    Some(si) => {
                        self.emit(Op::UnpackStar(si as u32, (items.len() - si - 1) as u32));
                    }
                    None => {
                        self.emit(Op::Unpack(items.len() as u32));
                    }
                }
                for it in items {
                    match &it.kind {
                        E::Starred(inner) => self.assign(inner)?,
                        _ => self.assign(it)?,
                    }
                }
            }
            _ => return Err(unsupported("this assignment target", t.span.start)),
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> R<()> {
        let saved = self.cur;
        self.cur = loc_of(e.span);
        let r = self.expr_inner(e);
        self.cur = saved;
        r
    }

    fn expr_inner(&mut self, e: &Expr) -> R<()> {
        match &e.kind {
            E::None => {
                let k = self.konst(Value::None);
                self.emit(Op::Const(k));
            }
            E::True | E::False => {
                let k = self.konst(Value::Bool(matches!(e.kind, E::True)));
                self.emit(Op::Const(k));
            }
            E::Int(i) => {
                let k = self.konst(Value::Int(*i));
                self.emit(Op::Const(k));
            }
            E::Float(f) => {
                let k = self.konst(Value::Float(*f));
                self.emit(Op::Const(k));
            }
            E::Str(s) => {
                let k = self.konst(Value::str(s));
                self.emit(Op::Const(k));
            }
            E::Ellipsis => {
                let k = self.konst(Value::Builtin("Ellipsis"));
                self.emit(Op::Const(k));
            }
            E::FStr(parts) => self.fstring(parts)?,
            E::Name(n) => self.load(n),
            E::Bin(op, l, r) => {
                self.expr(l)?;
                self.expr(r)?;
                self.cur = binop_loc(l, r, e.span);
                self.emit(Op::Bin(*op));
            }
            E::Unary(op, v) => {
                self.expr(v)?;
                self.emit(Op::Unary(*op));
            }
            E::And(l, r) | E::Or(l, r) => {
                self.expr(l)?;
                let j = if matches!(e.kind, E::And(..)) {
                    self.emit(Op::JumpIfFalseOrPop(0))
                } else {
                    self.emit(Op::JumpIfTrueOrPop(0))
                };
                self.expr(r)?;
                self.patch(j);
            }
            E::Compare(first, rest) => {
                self.expr(first)?;
                if rest.len() == 1 {
                    self.expr(&rest[0].1)?;
                    self.emit(Op::Cmp(rest[0].0));
                } else {
                    // a < b < c: each middle value is compared twice, evaluated once.
                    let mut fails = Vec::new();
                    for (i, (op, r)) in rest.iter().enumerate() {
                        self.expr(r)?;
                        if i + 1 < rest.len() {
                            self.emit(Op::Dup);
                            self.emit(Op::Rot3);
                            self.emit(Op::Cmp(*op));
                            fails.push(self.emit(Op::JumpIfFalseOrPop(0)));
                        } else {
                            self.emit(Op::Cmp(*op));
                        }
                    }
                    let end = self.emit(Op::Jump(0));
                    for f in fails {
                        self.patch(f);
                    }
                    // The failed comparison's False is on top of the leftover operand.
                    self.emit(Op::Rot2);
                    self.emit(Op::Pop);
                    self.patch(end);
                }
            }
            E::Call(f, args)
                if args.is_empty() && matches!(&f.kind, E::Name(n) if n == "super") && self.method_of.is_some() =>
            {
                // `super()` in a method: `super(TheClass, self)`.
                self.load("super");
                let class = self.method_of.clone().unwrap_or_default();
                self.load(&class);
                self.emit(Op::LoadLocal(0));
                self.cur = loc_of(e.span);
                self.emit(Op::Call(2, None));
            }
            E::Call(f, args) => {
                self.expr(f)?;
                let simple = args.iter().all(|a| matches!(a, Arg::Pos(_) | Arg::Kw(..)));
                if simple {
                    let mut npos = 0;
                    let mut kws = Vec::new();
                    for a in args {
                        match a {
                            Arg::Pos(x) => {
                                self.expr(x)?;
                                npos += 1;
                            }
                            Arg::Kw(n, x) => {
                                self.expr(x)?;
                                kws.push(Value::str(n));
                            }
                            _ => {}
                        }
                    }
                    let kw = if kws.is_empty() { None } else { Some(self.konst(Value::tuple(kws))) };
                    self.cur = loc_of(e.span);
                    self.emit(Op::Call(npos, kw));
                } else {
                    self.emit(Op::BuildList(0));
                    for a in args {
                        match a {
                            Arg::Pos(x) => {
                                self.expr(x)?;
                                self.emit(Op::ListAppend(0));
                            }
                            Arg::Star(x) => {
                                self.expr(x)?;
                                self.emit(Op::ListExtend(0));
                            }
                            _ => {}
                        }
                    }
                    self.emit(Op::ListToTuple);
                    self.emit(Op::BuildDict(0));
                    for a in args {
                        match a {
                            Arg::Kw(n, x) => {
                                let k = self.konst(Value::str(n));
                                self.emit(Op::Const(k));
                                self.expr(x)?;
                                self.emit(Op::DictSet(0));
                            }
                            Arg::StarStar(x) => {
                                self.expr(x)?;
                                let k = self.konst(Value::Builtin("**"));
                                self.emit(Op::Const(k));
                                self.emit(Op::Rot2);
                                self.emit(Op::DictSet(0));
                            }
                            _ => {}
                        }
                    }
                    self.cur = loc_of(e.span);
                    self.emit(Op::CallEx);
                }
            }
            E::Attr(obj, n) => {
                self.expr(obj)?;
                let k = self.name(n);
                self.emit(Op::LoadAttr(k));
            }
            E::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.cur = subscr_loc(obj, e.span);
                self.emit(Op::Subscr);
            }
            E::Slice(a, b, c) => {
                for x in [a, b, c] {
                    match x {
                        Some(x) => self.expr(x)?,
                        None => {
                            let k = self.konst(Value::None);
                            self.emit(Op::Const(k));
                        }
                    }
                }
                self.emit(Op::BuildSlice);
            }
            E::List(items) | E::Tuple(items) | E::Set(items) => {
                let tuple = matches!(e.kind, E::Tuple(_));
                let set = matches!(e.kind, E::Set(_));
                if items.iter().any(|i| matches!(i.kind, E::Starred(_))) {
                    self.emit(Op::BuildList(0));
                    for it in items {
                        match &it.kind {
                            E::Starred(x) => {
                                self.expr(x)?;
                                self.emit(Op::ListExtend(0));
                            }
                            _ => {
                                self.expr(it)?;
                                self.emit(Op::ListAppend(0));
                            }
                        }
                    }
                    if tuple {
                        self.emit(Op::ListToTuple);
                    } else if set {
                        return Err(unsupported("`*` inside a set display", e.span.start));
                    }
                    return Ok(());
                }
                for it in items {
                    self.expr(it)?;
                }
                let n = items.len() as u32;
                self.emit(if tuple {
                    Op::BuildTuple(n)
                } else if set {
                    Op::BuildSet(n)
                } else {
                    Op::BuildList(n)
                });
            }
            E::Dict(items) => {
                for (k, v) in items {
                    self.expr(k)?;
                    self.expr(v)?;
                }
                self.emit(Op::BuildDict(items.len() as u32));
            }
            E::IfExp(c, a, b) => {
                self.expr(c)?;
                let j = self.emit(Op::PopJumpIfFalse(0));
                self.expr(a)?;
                let end = self.emit(Op::Jump(0));
                self.patch(j);
                self.expr(b)?;
                self.patch(end);
            }
            E::Lambda(f) => self.function(f)?,
            E::ListComp(elt, comps) | E::GenExp(elt, comps) => {
                self.emit(Op::BuildList(0));
                self.comprehension(comps, 0, &mut |c, depth| {
                    c.expr(elt)?;
                    c.emit(Op::ListAppend(depth));
                    Ok(())
                })?;
            }
            E::SetComp(elt, comps) => {
                self.emit(Op::BuildSet(0));
                self.comprehension(comps, 0, &mut |c, depth| {
                    c.expr(elt)?;
                    c.emit(Op::SetAdd(depth));
                    Ok(())
                })?;
            }
            E::DictComp(k, v, comps) => {
                self.emit(Op::BuildDict(0));
                self.comprehension(comps, 0, &mut |c, depth| {
                    c.expr(k)?;
                    c.expr(v)?;
                    c.emit(Op::DictSet(depth));
                    Ok(())
                })?;
            }
            E::Starred(_) => {
                return Err(SyntaxErr {
                    kind: "SyntaxError",
                    msg: "can't use starred expression here".into(),
                    pos: e.span.start,
                    end: None,
                })
            }
            E::Walrus(n, v) => {
                self.expr(v)?;
                self.emit(Op::Dup);
                self.store(n);
            }
            E::Yield(v, from) => {
                if self.scope.is_module {
                    return Err(SyntaxErr {
                        kind: "SyntaxError",
                        msg: "'yield' outside function".into(),
                        pos: e.span.start,
                        end: Some(e.span.end),
                    });
                }
                self.code.is_gen = true;
                match (v, from) {
                    (Some(it), true) => {
                        // `yield from it`: each item yielded in turn; its value is None.
                        self.expr(it)?;
                        self.emit(Op::GetIter);
                        let start = self.here();
                        let fi = self.emit(Op::ForIter(0));
                        self.emit(Op::Yield);
                        self.emit(Op::Pop);
                        self.emit(Op::Jump(start));
                        self.patch(fi);
                        let k = self.konst(Value::None);
                        self.emit(Op::Const(k));
                    }
                    (Some(v), false) => {
                        self.expr(v)?;
                        self.emit(Op::Yield);
                    }
                    (None, _) => {
                        let k = self.konst(Value::None);
                        self.emit(Op::Const(k));
                        self.emit(Op::Yield);
                    }
                }
            }
        }
        Ok(())
    }

    /// Nested `for`/`if` clauses around `inner`; `depth` counts the iterators on the stack
    /// above the result being built.
    fn comprehension(
        &mut self,
        comps: &[Comp],
        depth: u32,
        inner: &mut dyn FnMut(&mut Compiler, u32) -> R<()>,
    ) -> R<()> {
        let Some((first, rest)) = comps.split_first() else { return inner(self, depth) };
        self.expr(&first.iter)?;
        self.emit(Op::GetIter);
        let start = self.here();
        let fi = self.emit(Op::ForIter(0));
        self.assign(&first.target)?;
        let mut skips = Vec::new();
        for cond in &first.ifs {
            self.expr(cond)?;
            skips.push(self.emit(Op::PopJumpIfFalse(start)));
        }
        self.comprehension(rest, depth + 1, inner)?;
        self.emit(Op::Jump(start));
        self.patch(fi);
        let _ = skips;
        Ok(())
    }

    fn fstring(&mut self, parts: &[FPart]) -> R<()> {
        for p in parts {
            match p {
                FPart::Lit(s) => {
                    let k = self.konst(Value::str(s));
                    self.emit(Op::Const(k));
                }
                FPart::Expr(e, conv, spec, debug) => {
                    if let Some(d) = debug {
                        let k = self.konst(Value::str(d));
                        self.emit(Op::Const(k));
                    }
                    self.expr(e)?;
                    if let Some(spec) = spec {
                        self.fstring(spec)?;
                        self.emit(Op::BuildStr(spec.len() as u32));
                    }
                    let c = conv.map(|c| c as u8).unwrap_or(0);
                    self.emit(Op::Format(c, spec.is_some()));
                }
            }
        }
        let n = parts.iter().map(|p| if matches!(p, FPart::Expr(_, _, _, Some(_))) { 2 } else { 1 }).sum::<u32>();
        self.emit(Op::BuildStr(n));
        Ok(())
    }
}

/// CPython's anchors for `a + b`: the operator's columns within the expression's line.
fn binop_loc(l: &Expr, r: &Expr, span: Span) -> Loc {
    let mut loc = loc_of(span);
    if l.span.end.line == r.span.start.line && span.start.line == span.end.line {
        loc.anchors = Some((l.span.end.col, r.span.start.col, false));
    }
    loc
}

/// CPython's anchors for `a[i]`: from the `[` to the end.
fn subscr_loc(obj: &Expr, span: Span) -> Loc {
    let mut loc = loc_of(span);
    if span.start.line == span.end.line {
        loc.anchors = Some((obj.span.end.col, span.end.col, true));
    }
    loc
}

/// Names a function body assigns (its locals), and those it declares `global`.
fn collect_assigned(
    body: &[Stmt],
    out: &mut Vec<String>,
    globals: &mut BTreeSet<String>,
    nonlocals: &mut BTreeSet<String>,
) {
    // An explicit stack of statement lists (bodies nest; no recursion on input depth).
    let mut stack: Vec<&[Stmt]> = vec![body];
    while let Some(list) = stack.pop() {
        for s in list {
            match &s.kind {
                S::Assign(ts, _) => ts.iter().for_each(|t| target_names(t, out)),
                S::AnnAssign(t, _) | S::AugAssign(t, _, _) => target_names(t, out),
                S::For(t, _, b, o) => {
                    target_names(t, out);
                    stack.push(b);
                    stack.push(o);
                }
                S::If(_, b, o) | S::While(_, b, o) => {
                    stack.push(b);
                    stack.push(o);
                }
                S::Def(f) => out.push(f.name.clone()),
                S::Class(c) => out.push(c.name.clone()),
                S::Import(ns) => {
                    for (n, a) in ns {
                        out.push(a.clone().unwrap_or_else(|| n.split('.').next().unwrap_or(n).to_string()));
                    }
                }
                S::From(_, ns) => {
                    for (n, a) in ns {
                        out.push(a.clone().unwrap_or_else(|| n.clone()));
                    }
                }
                S::Try(b, hs, o, f) => {
                    stack.push(b);
                    stack.push(o);
                    stack.push(f);
                    for h in hs {
                        if let Some(n) = &h.name {
                            out.push(n.clone());
                        }
                        stack.push(&h.body);
                    }
                }
                S::Global(ns) => globals.extend(ns.iter().cloned()),
                S::Nonlocal(ns) => nonlocals.extend(ns.iter().cloned()),
                S::Del(ts) => ts.iter().for_each(|t| target_names(t, out)),
                S::With(items, b) => {
                    for (_, t) in items {
                        if let Some(t) = t {
                            target_names(t, out);
                        }
                    }
                    stack.push(b);
                }
                S::Expr(e) | S::Return(Some(e)) => walrus_names(e, out),
                _ => {}
            }
            if let S::If(c, ..) | S::While(c, ..) = &s.kind {
                walrus_names(c, out);
            }
        }
    }
}

fn walrus_names(e: &Expr, out: &mut Vec<String>) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            E::Walrus(n, v) => {
                out.push(n.clone());
                stack.push(v);
            }
            E::Call(f, args) => {
                stack.push(f);
                for a in args {
                    if let Arg::Pos(x) | Arg::Kw(_, x) = a {
                        stack.push(x);
                    }
                }
            }
            E::Compare(a, rest) => {
                stack.push(a);
                rest.iter().for_each(|(_, x)| stack.push(x));
            }
            E::And(a, b) | E::Or(a, b) | E::Bin(_, a, b) => {
                stack.push(a);
                stack.push(b);
            }
            E::Unary(_, a) => stack.push(a),
            E::ListComp(_, comps) | E::SetComp(_, comps) | E::GenExp(_, comps) | E::DictComp(_, _, comps) => {
                for c in comps {
                    target_names(&c.target, out);
                }
            }
            _ => {}
        }
    }
}

fn target_names(t: &Expr, out: &mut Vec<String>) {
    let mut stack = vec![t];
    while let Some(t) = stack.pop() {
        match &t.kind {
            E::Name(n) => out.push(n.clone()),
            E::Tuple(items) | E::List(items) => stack.extend(items.iter()),
            E::Starred(inner) => stack.push(inner),
            _ => {}
        }
    }
}

/// Every name a body mentions (to know which enclosing locals a nested function reads).
fn collect_names(body: &[Stmt], out: &mut BTreeSet<String>) {
    let mut text = String::new();
    let _ = &mut text;
    // Walk statements and expressions with explicit stacks.
    let mut stmts: Vec<&Stmt> = body.iter().collect();
    let mut exprs: Vec<&Expr> = Vec::new();
    while let Some(s) = stmts.pop() {
        match &s.kind {
            S::Expr(e) | S::Return(Some(e)) => exprs.push(e),
            S::Assign(ts, v) => {
                exprs.extend(ts.iter());
                exprs.push(v);
            }
            S::AugAssign(t, _, v) => {
                exprs.push(t);
                exprs.push(v);
            }
            S::AnnAssign(t, v) => {
                exprs.push(t);
                if let Some(v) = v {
                    exprs.push(v);
                }
            }
            S::If(c, b, o) | S::While(c, b, o) => {
                exprs.push(c);
                stmts.extend(b.iter());
                stmts.extend(o.iter());
            }
            S::For(t, i, b, o) => {
                exprs.push(t);
                exprs.push(i);
                stmts.extend(b.iter());
                stmts.extend(o.iter());
            }
            S::Def(f) => {
                stmts.extend(f.body.iter());
                f.params.iter().filter_map(|p| p.default.as_ref()).for_each(|d| exprs.push(d));
            }
            S::Class(c) => {
                stmts.extend(c.body.iter());
                exprs.extend(c.bases.iter());
            }
            S::Try(b, hs, o, f) => {
                stmts.extend(b.iter());
                stmts.extend(o.iter());
                stmts.extend(f.iter());
                for h in hs {
                    stmts.extend(h.body.iter());
                    if let Some(k) = &h.kind {
                        exprs.push(k);
                    }
                }
            }
            S::Raise(a, b) => {
                exprs.extend(a.iter());
                exprs.extend(b.iter());
            }
            S::Del(ts) => exprs.extend(ts.iter()),
            S::Assert(a, b) => {
                exprs.push(a);
                exprs.extend(b.iter());
            }
            S::With(items, b) => {
                for (e, t) in items {
                    exprs.push(e);
                    exprs.extend(t.iter());
                }
                stmts.extend(b.iter());
            }
            _ => {}
        }
        while let Some(e) = exprs.pop() {
            match &e.kind {
                E::Name(n) => {
                    out.insert(n.clone());
                }
                E::Bin(_, a, b) | E::And(a, b) | E::Or(a, b) | E::Subscript(a, b) => {
                    exprs.push(a);
                    exprs.push(b);
                }
                E::Unary(_, a) | E::Attr(a, _) | E::Starred(a) | E::Walrus(_, a) => exprs.push(a),
                E::Yield(Some(a), _) => exprs.push(a),
                E::Compare(a, rest) => {
                    exprs.push(a);
                    rest.iter().for_each(|(_, x)| exprs.push(x));
                }
                E::Call(f, args) => {
                    exprs.push(f);
                    for a in args {
                        match a {
                            Arg::Pos(x) | Arg::Star(x) | Arg::Kw(_, x) | Arg::StarStar(x) => exprs.push(x),
                        }
                    }
                }
                E::Slice(a, b, c) => {
                    for x in [a, b, c].into_iter().flatten() {
                        exprs.push(x);
                    }
                }
                E::List(xs) | E::Tuple(xs) | E::Set(xs) => exprs.extend(xs.iter()),
                E::Dict(kv) => kv.iter().for_each(|(k, v)| {
                    exprs.push(k);
                    exprs.push(v);
                }),
                E::IfExp(a, b, c) => {
                    exprs.push(a);
                    exprs.push(b);
                    exprs.push(c);
                }
                E::Lambda(f) => stmts.extend(f.body.iter()),
                E::ListComp(x, cs) | E::SetComp(x, cs) | E::GenExp(x, cs) => {
                    exprs.push(x);
                    for c in cs {
                        exprs.push(&c.iter);
                        exprs.extend(c.ifs.iter());
                    }
                }
                E::DictComp(k, v, cs) => {
                    exprs.push(k);
                    exprs.push(v);
                    for c in cs {
                        exprs.push(&c.iter);
                        exprs.extend(c.ifs.iter());
                    }
                }
                E::FStr(parts) => {
                    for p in parts {
                        if let FPart::Expr(x, _, _, _) = p {
                            exprs.push(x);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}
