//! The virtual machine: runs [`Code`] with an explicit frame stack and value stacks. It stops
//! and hands control back to its [`Host`] at every instruction that waits (`time.sleep`,
//! `input()`), when its work budget for one poll is spent, and when the program ends. A call
//! to a Python function pushes a frame, never a Rust call; only the few built-ins that call
//! back into Python (`sorted(key=…)`, `map`, `filter`…) run a nested, bounded loop.

use super::builtins;
use super::code::{Code, Function, Op};
use super::value::{Dict, Exc, Iter, Module, TbEntry, Value};
use crate::python::ast::{BinOp, CmpOp, UnOp};
use std::cell::RefCell;
use std::rc::Rc;

/// What the interpreter needs from the machine it runs on.
pub trait Host {
    /// Program output: `err` for stderr.
    fn write(&mut self, err: bool, s: &str);
    fn read_file(&mut self, path: &str) -> Result<String, &'static str>;
    fn write_file(&mut self, path: &str, data: &str, append: bool) -> Result<(), &'static str>;
    /// Entries of a directory (`Err`: its errno text).
    fn list_dir(&mut self, path: &str) -> Result<Vec<String>, &'static str>;
    /// `Some(true)`: a directory; `Some(false)`: a file.
    fn stat(&mut self, path: &str) -> Option<bool>;
    /// Simulated wall-clock time, in milliseconds since the epoch.
    fn now_ms(&self) -> u64;
    /// A TCP connection to `host:port` through the simulated network: `Err` is the errno text.
    fn connect(&mut self, host: &str, port: u16) -> Result<(), (i32, &'static str)>;
    /// Resolves a name as the container's resolver does.
    fn resolve(&mut self, host: &str) -> Option<String>;
}

/// Why [`Vm::run`] handed control back.
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    /// Its budget is spent; it has more to do.
    Yield,
    /// `time.sleep`: wake it after this many milliseconds.
    Sleep(u64),
    /// `input()`: waiting for a line (its prompt is already written).
    Input,
    /// The program ended with this exit status.
    Exit(i32),
}

/// Python functions active at once, as CPython's default recursion limit.
pub const MAX_FRAMES: usize = 1000;
/// Instructions a built-in's call back into Python (a `key=` function) may run.
const SYNC_BUDGET: u64 = 2_000_000;

pub type Res<T> = Result<T, Rc<Exc>>;

/// A built-in's result.
pub enum Ret {
    Val(Value),
    Sleep(u64),
    Input,
    /// It pushed a frame: the frame's return value is the call's.
    Frame,
}

struct Block {
    handler: usize,
    depth: usize,
    handling: usize,
}

pub struct Frame {
    code: Rc<Code>,
    pc: usize,
    stack: Vec<Value>,
    locals: Vec<Option<Value>>,
    blocks: Vec<Block>,
    handling: Vec<Rc<Exc>>,
    globals: Rc<Module>,
    /// Called by a built-in: its return ends the nested loop instead of feeding a caller.
    sync: bool,
    /// `__init__` of this new object: the call's value is the object.
    init: Option<Value>,
    /// What becomes of the value it returns (an operator method's caller may want a bool).
    post: Post,
    /// The namespaces of the class bodies it is running, innermost last.
    class_ns: Vec<Value>,
    /// Running a generator: the generator, and the end of the `for` loop that resumed it
    /// (`None`: a built-in resumed it, as `next()` does).
    gen: Option<(Rc<RefCell<Iter>>, Option<u32>)>,
}

/// What a frame's return value becomes for its caller.
#[derive(Clone)]
pub enum Post {
    Keep,
    /// `__setitem__`, a property's setter: nothing goes on the caller's stack.
    Discard,
    /// `!=` through `__eq__`, `not in` through `__contains__`.
    Not,
    /// `in` through `__contains__`.
    Truth,
    /// `functools.lru_cache`: remember it in this dict under this argument tuple.
    Cache(Value, Value),
    /// An operator's method (`__eq__`, `__add__`…): `NotImplemented` goes on to the next stage
    /// (see [`Fallback`]); `true` negates the answer (`!=` through `__eq__`).
    Op(Fallback, bool),
}

/// An operator whose method may answer `NotImplemented`, and the stage that method was:
/// comparisons try `a`'s method (0), `b`'s reflected one (1), then the default (identity for
/// `==`/`!=`, a TypeError for ordering); binary operators `a.__iop__` (0), `a.__op__` (1),
/// `b.__rop__` (2), then the built-in rule.
#[derive(Clone)]
pub enum Fallback {
    Cmp(CmpOp, Value, Value, u8),
    Bin(BinOp, Value, Value, bool, u8),
}

/// Whether `v` is the `NotImplemented` singleton.
pub fn is_not_implemented(v: &Value) -> bool {
    matches!(v, Value::Builtin("NotImplemented"))
}

impl Post {
    fn apply(&self, v: Value) -> Option<Value> {
        match self {
            Post::Keep => Some(v),
            Post::Discard => None,
            Post::Not => Some(Value::Bool(!v.truthy())),
            Post::Truth => Some(Value::Bool(v.truthy())),
            Post::Op(_, true) => Some(Value::Bool(!v.truthy())),
            Post::Op(_, false) => Some(v),
            Post::Cache(d, k) => {
                if let (Value::Dict(d), Some(key)) = (d, k.key()) {
                    d.borrow_mut().insert(key, k.clone(), v.clone());
                }
                Some(v)
            }
        }
    }
}

pub struct Vm {
    frames: Vec<Frame>,
    pub main: Rc<Module>,
    pub modules: Vec<Rc<Module>>,
    /// The program's source files, for traceback lines.
    pub sources: Vec<(Rc<str>, Rc<str>)>,
    pub next_id: usize,
    /// stdout not yet flushed (Python buffers it when it is not a terminal).
    pub out_buf: String,
    pub stdout_tty: bool,
    pub unbuffered: bool,
    pub argv: Vec<String>,
    pub env: Rc<RefCell<Dict>>,
    pub cwd: String,
    /// Deterministic `random`: a xorshift state.
    pub rng: u64,
    /// A line for `input()` that arrived (`Some(None)`: end of input).
    pub pending_input: Option<Option<String>>,
    /// The value the REPL shows (`__displayhook__`).
    pub repl: bool,
    sync_depth: u32,
    sync_error: Option<Rc<Exc>>,
    sync_result: Option<Value>,
    /// A stop was requested by `sys.exit` inside a nested call.
    pub exiting: Option<i32>,
    pub python_version: &'static str,
    /// The module a failed import asked for (the job explains it).
    pub missing_module: Option<String>,
    pub sleep_ms: u64,
    /// The pending input is `sys.stdin.readline()` (keeps its newline; end of input is "").
    pub input_is_readline: bool,
    /// The program asked to end (`sys.exit`, `os._exit`), not merely finished an input.
    pub exit_requested: bool,
    /// Packages `pip install` put in the container (their modules exist, Muelle cannot run them).
    pub installed: Vec<String>,
    /// The program's own exception classes: (name, parent).
    pub user_excs: Vec<(Rc<str>, Rc<str>)>,
    /// `@dataclass` reprs being written inside one another.
    pub repr_depth: u32,
    /// The generator a built-in resumed returned (rather than yielded).
    gen_done: bool,
    /// The value `gen.send(v)` resumes a generator with.
    sent: Option<Value>,
    /// An operator's method returned `NotImplemented`: the next instruction is its next stage.
    fallback: Option<Fallback>,
}

pub fn exc(kind: &str, msg: impl Into<String>) -> Rc<Exc> {
    let msg = msg.into();
    let args = if msg.is_empty() { Vec::new() } else { vec![Value::str(&msg)] };
    new_exc(kind, args)
}

pub fn new_exc(kind: &str, args: Vec<Value>) -> Rc<Exc> {
    Rc::new(Exc {
        kind: Rc::from(kind),
        args,
        tb: RefCell::new(Vec::new()),
        context: RefCell::new(None),
        cause: RefCell::new(None),
    })
}

pub fn type_err(msg: impl Into<String>) -> Rc<Exc> {
    exc("TypeError", msg)
}

/// Exception classes and their parents.
pub fn exc_parent(name: &str) -> Option<&'static str> {
    Some(match name {
        "BaseException" => return None,
        "Exception" | "SystemExit" | "KeyboardInterrupt" | "GeneratorExit" => "BaseException",
        "LookupError"
        | "ArithmeticError"
        | "OSError"
        | "ValueError"
        | "TypeError"
        | "NameError"
        | "RuntimeError"
        | "AttributeError"
        | "ImportError"
        | "AssertionError"
        | "EOFError"
        | "StopIteration"
        | "SyntaxError"
        | "NotImplementedError"
        | "MemoryError"
        | "Warning"
        | "BufferError"
        | "ReferenceError" => "Exception",
        "KeyError" | "IndexError" => "LookupError",
        "ZeroDivisionError" | "OverflowError" | "FloatingPointError" => "ArithmeticError",
        "FileNotFoundError" | "PermissionError" | "ConnectionError" | "TimeoutError" | "IsADirectoryError"
        | "NotADirectoryError" | "FileExistsError" | "InterruptedError" | "BlockingIOError" => "OSError",
        "ConnectionRefusedError" | "ConnectionResetError" | "ConnectionAbortedError" | "BrokenPipeError" => {
            "ConnectionError"
        }
        "socket.gaierror" | "socket.herror" => "OSError",
        "UnicodeError" | "json.decoder.JSONDecodeError" => "ValueError",
        "UnboundLocalError" => "NameError",
        "ModuleNotFoundError" => "ImportError",
        "RecursionError" => "RuntimeError",
        "IndentationError" => "SyntaxError",
        "TabError" => "IndentationError",
        "UserWarning" | "DeprecationWarning" | "RuntimeWarning" => "Warning",
        _ => return None,
    })
}

pub fn is_exc_class(name: &str) -> bool {
    exc_parent(name).is_some() || name == "BaseException"
}

pub fn exc_matches(kind: &str, class: &str) -> bool {
    exc_matches_in(&[], kind, class)
}

/// As [`exc_matches`], with the program's own exception classes (name, parent).
pub fn exc_matches_in(user: &[(Rc<str>, Rc<str>)], kind: &str, class: &str) -> bool {
    let mut k: Rc<str> = Rc::from(kind);
    // Each class has one parent: at most as many steps as classes there are.
    for _ in 0..user.len() + 64 {
        if &*k == class {
            return true;
        }
        match user.iter().find(|(n, _)| *n == k) {
            Some((_, p)) => k = p.clone(),
            None => match exc_parent(&k) {
                Some(p) => k = Rc::from(p),
                None => return false,
            },
        }
    }
    false
}

impl Vm {
    pub fn new(argv: Vec<String>, env: Vec<(String, String)>, cwd: &str) -> Vm {
        let mut d = Dict::default();
        for (k, v) in env {
            d.set_str(&k, Value::str(&v));
        }
        let main = Rc::new(Module { name: "__main__".into(), attrs: RefCell::new(Dict::default()) });
        main.attrs.borrow_mut().set_str("__name__", Value::str("__main__"));
        let mut vm = Vm {
            frames: Vec::new(),
            main,
            modules: Vec::new(),
            sources: Vec::new(),
            next_id: 0,
            out_buf: String::new(),
            stdout_tty: false,
            unbuffered: false,
            argv,
            env: Rc::new(RefCell::new(d)),
            cwd: cwd.to_string(),
            rng: 0x2545_f491_4f6c_dd1d,
            pending_input: None,
            repl: false,
            sync_depth: 0,
            sync_error: None,
            sync_result: None,
            exiting: None,
            python_version: "3.12.9",
            missing_module: None,
            sleep_ms: 0,
            input_is_readline: false,
            exit_requested: false,
            installed: Vec::new(),
            user_excs: Vec::new(),
            repr_depth: 0,
            gen_done: false,
            sent: None,
            fallback: None,
        };
        vm.unbuffered = vm.env.borrow().get_str("PYTHONUNBUFFERED").is_some_and(|v| v.truthy());
        vm
    }

    pub fn busy(&self) -> bool {
        !self.frames.is_empty()
    }

    /// Starts a module's code (or a REPL input) in `__main__`.
    pub fn start(&mut self, code: Rc<Code>) {
        let f = Frame {
            locals: vec![None; code.nlocals],
            code,
            pc: 0,
            stack: Vec::new(),
            blocks: Vec::new(),
            handling: Vec::new(),
            globals: self.main.clone(),
            sync: false,
            init: None,
            post: Post::Keep,
            class_ns: Vec::new(),
            gen: None,
        };
        self.frames.push(f);
    }

    pub fn add_source(&mut self, file: &str, src: &str) {
        self.sources.push((Rc::from(file), Rc::from(src)));
    }

    /// Program output, through stdout's buffer.
    pub fn print(&mut self, host: &mut dyn Host, s: &str) {
        self.out_buf.push_str(s);
        if self.stdout_tty || self.unbuffered {
            if self.stdout_tty && !self.unbuffered {
                // Line-buffered: up to the last newline.
                if let Some(i) = self.out_buf.rfind('\n') {
                    let rest = self.out_buf.split_off(i + 1);
                    let now = std::mem::replace(&mut self.out_buf, rest);
                    host.write(false, &now);
                }
            } else {
                self.flush(host);
            }
        } else if self.out_buf.len() >= 8192 {
            // A pipe or a log: block-buffered, 8 KiB at a time.
            let cut = self.out_buf.len() - self.out_buf.len() % 8192;
            let cut = (0..=cut).rev().find(|i| self.out_buf.is_char_boundary(*i)).unwrap_or(0);
            let rest = self.out_buf.split_off(cut);
            let now = std::mem::replace(&mut self.out_buf, rest);
            host.write(false, &now);
        }
    }

    pub fn flush(&mut self, host: &mut dyn Host) {
        if !self.out_buf.is_empty() {
            let s = std::mem::take(&mut self.out_buf);
            host.write(false, &s);
        }
    }

    pub fn eprint(&mut self, host: &mut dyn Host, s: &str) {
        self.flush_if_tty(host);
        host.write(true, s);
    }

    fn flush_if_tty(&mut self, host: &mut dyn Host) {
        if self.stdout_tty {
            self.flush(host);
        }
    }

    /// A line for the `input()` the VM waits on (`None`: end of input).
    pub fn give_input(&mut self, line: Option<String>) {
        self.pending_input = Some(line);
    }

    /// Ctrl-C: `KeyboardInterrupt` where the program is. `Some(status)`: it ended.
    pub fn interrupt(&mut self, host: &mut dyn Host) -> Option<i32> {
        if self.frames.is_empty() {
            return None;
        }
        self.pending_input = None;
        let e = new_exc("KeyboardInterrupt", Vec::new());
        self.raise(e, false, host)
    }

    /// Runs up to `budget` instructions.
    pub fn run(&mut self, host: &mut dyn Host, budget: u64) -> Status {
        if let Some(line) = self.pending_input.take() {
            let r = match line {
                Some(l) if self.input_is_readline => Ok(Value::str(&format!("{l}\n"))),
                None if self.input_is_readline => Ok(Value::str("")),
                Some(l) => Ok(Value::str(&l)),
                None => Err(new_exc("EOFError", vec![Value::str("EOF when reading a line")])),
            };
            match r {
                Ok(v) => {
                    if let Some(f) = self.frames.last_mut() {
                        f.stack.push(v);
                    }
                }
                Err(e) => {
                    if let Some(code) = self.raise(e, false, host) {
                        return Status::Exit(code);
                    }
                }
            }
        }
        let mut left = budget;
        loop {
            if let Some(code) = self.exiting.take() {
                self.frames.clear();
                return Status::Exit(code);
            }
            if self.frames.is_empty() {
                self.flush(host);
                return Status::Exit(0);
            }
            if left == 0 {
                return Status::Yield;
            }
            left -= 1;
            match self.step(host) {
                Ok(None) => {}
                Ok(Some(Ret::Sleep(ms))) => {
                    self.flush_if_tty(host);
                    return Status::Sleep(ms);
                }
                Ok(Some(Ret::Input)) => return Status::Input,
                Ok(Some(_)) => {}
                Err(e) => {
                    if let Some(code) = self.raise(e, false, host) {
                        return Status::Exit(code);
                    }
                }
            }
        }
    }

    /// Raises `e` in the current frame. `Some(status)`: nothing caught it and the program ended.
    fn raise(&mut self, e: Rc<Exc>, reraise: bool, host: &mut dyn Host) -> Option<i32> {
        if !reraise && e.context.borrow().is_none() {
            // The exception being handled where this one is raised (`During handling…`).
            let handled = self.frames.iter().rev().find_map(|f| f.handling.last().cloned());
            if let Some(h) = handled.filter(|h| !Rc::ptr_eq(h, &e)) {
                *e.context.borrow_mut() = Some(h);
            }
        }
        let mut first = true;
        loop {
            let Some(f) = self.frames.last_mut() else { return Some(self.uncaught(e, host)) };
            if !(reraise && first) {
                let at = f.pc.saturating_sub(1);
                let loc = f.code.locs.get(at).copied().unwrap_or_default();
                e.tb.borrow_mut().insert(
                    0,
                    TbEntry {
                        file: f.code.file.clone(),
                        line: loc.line,
                        func: f.code.name.clone(),
                        cols: loc.cols,
                        anchors: loc.anchors,
                    },
                );
            }
            first = false;
            if let Some(b) = f.blocks.pop() {
                f.stack.truncate(b.depth);
                f.handling.truncate(b.handling);
                f.handling.push(e.clone());
                f.stack.push(Value::Exc(e));
                f.pc = b.handler;
                return None;
            }
            let sync = f.sync;
            self.frames.pop();
            if sync {
                // A built-in's nested call: the built-in sees the error.
                self.sync_error = Some(e);
                return None;
            }
        }
    }

    fn uncaught(&mut self, e: Rc<Exc>, host: &mut dyn Host) -> i32 {
        self.flush(host);
        if &*e.kind == "SystemExit" {
            self.exit_requested = true;
            return match e.args.first() {
                None | Some(Value::None) => 0,
                Some(Value::Int(n)) => (*n & 0xff) as i32,
                Some(Value::Bool(b)) => *b as i32,
                Some(v) => {
                    host.write(true, &format!("{}\n", v.to_str()));
                    1
                }
            };
        }
        let text = super::tb::format(&e, &self.sources);
        host.write(true, &text);
        if &*e.kind == "KeyboardInterrupt" {
            130
        } else {
            1
        }
    }
}

impl Vm {
    /// Calls `f` and runs it to completion (a built-in calling back into Python).
    pub fn call_sync(&mut self, host: &mut dyn Host, f: &Value, args: Vec<Value>) -> Res<Value> {
        if self.sync_depth > 20 {
            return Err(exc("RecursionError", "maximum recursion depth exceeded"));
        }
        let base = self.frames.len();
        match self.call(host, f.clone(), args, Vec::new(), true)? {
            Ret::Val(v) => Ok(v),
            Ret::Sleep(_) => Ok(Value::None),
            Ret::Input => Err(new_exc("EOFError", vec![Value::str("EOF when reading a line")])),
            Ret::Frame => self.run_nested(host, base),
        }
    }

    /// Runs the frames above `base` to their end (a built-in's call back into Python).
    fn run_nested(&mut self, host: &mut dyn Host, base: usize) -> Res<Value> {
        {
            {
                self.sync_depth += 1;
                let mut left = SYNC_BUDGET;
                let r = loop {
                    if let Some(e) = self.sync_error.take() {
                        break Err(e);
                    }
                    if self.frames.len() <= base {
                        break Ok(self.sync_result.take().unwrap_or(Value::None));
                    }
                    if left == 0 {
                        self.frames.truncate(base);
                        break Err(exc("RuntimeError", "Muelle: a function called by a built-in ran too long"));
                    }
                    left -= 1;
                    match self.step(host) {
                        Ok(_) => {}
                        Err(e) => {
                            let _ = self.raise(e, false, host);
                        }
                    }
                };
                self.sync_depth -= 1;
                r
            }
        }
    }
}

fn pop(f: &mut Frame) -> Value {
    f.stack.pop().unwrap_or(Value::None)
}

impl Vm {
    fn top(&mut self) -> &mut Frame {
        let n = self.frames.len() - 1;
        &mut self.frames[n]
    }

    /// Runs one instruction of the innermost frame.
    fn step(&mut self, host: &mut dyn Host) -> Res<Option<Ret>> {
        if let Some(fb) = self.fallback.take() {
            return self.op_fallback(host, fb);
        }
        let f = self.top();
        let Some(op) = f.code.ops.get(f.pc).copied() else {
            return self.do_return(Value::None).map(|_| None);
        };
        f.pc += 1;
        match op {
            Op::Nop => {}
            Op::ClassAttr(k) => {
                let name = f.code.names[k as usize].clone();
                let v = pop(f);
                if let Some(Value::Dict(d)) = f.stack.last() {
                    if &*name == "__annotations__" {
                        // An annotated name, in order (what `@dataclass` makes fields of).
                        let ann = d.borrow().get_str("__annotations__").cloned();
                        let ann = match ann {
                            Some(a @ Value::Dict(_)) => a,
                            _ => {
                                let a = Value::Dict(Rc::new(RefCell::new(Dict::default())));
                                d.borrow_mut().set_str("__annotations__", a.clone());
                                a
                            }
                        };
                        if let Value::Dict(a) = ann {
                            a.borrow_mut().set_str(&v.to_str(), Value::None);
                        }
                    } else {
                        d.borrow_mut().set_str(&name, v);
                    }
                }
            }
            Op::Yield => {
                let v = pop(f);
                let Some(mut frame) = self.frames.pop() else { return Ok(None) };
                let sync = frame.sync;
                if let Some((rc, _)) = frame.gen.take() {
                    if let Iter::Gen(slot, ..) = &mut *rc.borrow_mut() {
                        *slot = Some(Box::new(frame));
                    }
                }
                if sync {
                    self.sync_result = Some(v);
                } else if let Some(caller) = self.frames.last_mut() {
                    caller.stack.push(v);
                }
            }
            Op::ClassNs => {
                let ns = f.stack.last().cloned().unwrap_or(Value::None);
                f.class_ns.push(ns);
            }
            Op::LoadName(k) => {
                let name = f.code.names[k as usize].clone();
                let own = match f.class_ns.last() {
                    Some(Value::Dict(d)) => d.borrow().get_str(&name).cloned(),
                    _ => None,
                };
                let v = match own.or_else(|| f.globals.attrs.borrow().get_str(&name).cloned()) {
                    Some(v) => v,
                    None => match builtins::builtin(&name) {
                        Some(v) => v,
                        None => {
                            let globals = f.globals.clone();
                            return Err(name_error(&name, &globals));
                        }
                    },
                };
                self.top().stack.push(v);
            }
            Op::BuildClass(k) => {
                f.class_ns.pop();
                let name = f.code.names[k as usize].clone();
                let ns = pop(f);
                let bases = pop(f);
                let bases = match bases {
                    Value::Tuple(t) => t.to_vec(),
                    _ => Vec::new(),
                };
                let v = self.build_class(name, bases, ns)?;
                self.top().stack.push(v);
            }
            Op::Const(k) => {
                let v = f.code.consts[k as usize].clone();
                f.stack.push(v);
            }
            Op::LoadLocal(i) => match f.locals.get(i as usize).cloned().flatten() {
                Some(Value::Cell(c)) if c.borrow().is_some() => {
                    let v = c.borrow().clone().unwrap_or(Value::None);
                    f.stack.push(v)
                }
                Some(Value::Cell(_)) => {
                    let n = f.code.local_names.get(i as usize).cloned().unwrap_or_else(|| Rc::from("?"));
                    return Err(exc(
                        "NameError",
                        format!("cannot access free variable '{n}' where it is not associated with a value in enclosing scope"),
                    ));
                }
                Some(v) => f.stack.push(v),
                None => {
                    let n = f.code.local_names.get(i as usize).cloned().unwrap_or_else(|| Rc::from("?"));
                    return Err(exc(
                        "UnboundLocalError",
                        format!("cannot access local variable '{n}' where it is not associated with a value"),
                    ));
                }
            },
            Op::StoreLocal(i) => {
                let v = pop(f);
                if let Some(slot) = f.locals.get_mut(i as usize) {
                    match slot {
                        Some(Value::Cell(c)) => *c.borrow_mut() = Some(v),
                        _ => *slot = Some(v),
                    }
                }
            }
            Op::DelLocal(i) => {
                if let Some(slot) = f.locals.get_mut(i as usize) {
                    let had = match slot {
                        Some(Value::Cell(c)) => c.borrow_mut().take(),
                        _ => slot.take(),
                    };
                    if had.is_none() {
                        let n = f.code.local_names.get(i as usize).cloned().unwrap_or_else(|| Rc::from("?"));
                        return Err(exc(
                            "UnboundLocalError",
                            format!("cannot access local variable '{n}' where it is not associated with a value"),
                        ));
                    }
                }
            }
            Op::LoadGlobal(k) => {
                let name = f.code.names[k as usize].clone();
                let got = f.globals.attrs.borrow().get_str(&name).cloned();
                let v = match got {
                    Some(v) => v,
                    None => match builtins::builtin(&name) {
                        Some(v) => v,
                        None => {
                            let globals = f.globals.clone();
                            return Err(name_error(&name, &globals));
                        }
                    },
                };
                self.top().stack.push(v);
            }
            Op::StoreGlobal(k) => {
                let name = f.code.names[k as usize].clone();
                let v = pop(f);
                f.globals.attrs.borrow_mut().set_str(&name, v);
            }
            Op::DelGlobal(k) => {
                let name = f.code.names[k as usize].clone();
                let removed = f.globals.attrs.borrow_mut().remove(&super::value::Key::Str(name.clone()));
                if removed.is_none() {
                    let globals = f.globals.clone();
                    return Err(name_error(&name, &globals));
                }
            }
            Op::LoadAttr(k) => {
                let name = f.code.names[k as usize].clone();
                let obj = pop(f);
                let v = builtins::get_attr(self, &obj, &name)?;
                if let (Value::Instance(_), Value::Wrap("property", p)) = (&obj, &v) {
                    let getter = p.first().cloned().unwrap_or(Value::None);
                    return self.call_then(host, getter, vec![obj], Post::Keep);
                }
                self.top().stack.push(v);
            }
            Op::StoreAttr(k) => {
                let name = f.code.names[k as usize].clone();
                let obj = pop(f);
                let v = pop(f);
                match &obj {
                    Value::Module(m) => m.attrs.borrow_mut().set_str(&name, v),
                    Value::Func(func) => func.attrs.borrow_mut().set_str(&name, v),
                    Value::Instance(i) => {
                        if let Some(Value::Wrap("property", p)) = i.class.lookup(&name) {
                            return match p.get(1) {
                                Some(setter) if !matches!(setter, Value::None) => {
                                    self.call_then(host, setter.clone(), vec![obj.clone(), v], Post::Discard)
                                }
                                _ => Err(exc(
                                    "AttributeError",
                                    format!("property '{name}' of '{}' object has no setter", i.class.name),
                                )),
                            };
                        }
                        i.attrs.borrow_mut().set_str(&name, v)
                    }
                    Value::Class(c) => c.attrs.borrow_mut().set_str(&name, v),
                    _ => {
                        return Err(exc(
                            "AttributeError",
                            format!(
                                "'{}' object has no attribute '{name}' and no __dict__ for setting new attributes",
                                obj.type_name()
                            ),
                        ))
                    }
                }
            }
            Op::Subscr => {
                let idx = pop(f);
                let obj = pop(f);
                if let Some(m) = dunder(&obj, "__getitem__") {
                    return self.call_then(host, m, vec![idx], Post::Keep);
                }
                if let Value::Instance(i) = &obj {
                    if let Some(t) = namedtuple_values(i) {
                        let v = builtins::subscr(&t, &idx)?;
                        self.top().stack.push(v);
                        return Ok(None);
                    }
                }
                if let Value::Dict(d) = &obj {
                    let kind = d.borrow().kind;
                    if !kind.is_empty() {
                        let key = hash_key(&idx)?;
                        let got = d.borrow().get(&key).cloned();
                        let v = match got {
                            Some(v) => v,
                            // A Counter counts 0 for what it has not seen; a defaultdict
                            // makes the value with its factory and keeps it.
                            None if kind == "Counter" => Value::Int(0),
                            None => {
                                let Some(f) = d.borrow().factory.clone() else {
                                    return Err(new_exc("KeyError", vec![idx]));
                                };
                                let v = self.call_sync(host, &f, Vec::new())?;
                                d.borrow_mut().insert(key, idx, v.clone());
                                v
                            }
                        };
                        self.top().stack.push(v);
                        return Ok(None);
                    }
                }
                let v = builtins::subscr(&obj, &idx)?;
                self.top().stack.push(v);
            }
            Op::StoreSubscr => {
                let idx = pop(f);
                let obj = pop(f);
                let v = pop(f);
                if let Some(m) = dunder(&obj, "__setitem__") {
                    return self.call_then(host, m, vec![idx, v], Post::Discard);
                }
                builtins::store_subscr(&obj, idx, v)?;
            }
            Op::DelSubscr => {
                let idx = pop(f);
                let obj = pop(f);
                if let Some(m) = dunder(&obj, "__delitem__") {
                    return self.call_then(host, m, vec![idx], Post::Discard);
                }
                builtins::del_subscr(&obj, &idx)?;
            }
            Op::Bin(o) | Op::Inplace(o) => {
                let b = pop(f);
                let a = pop(f);
                let inplace = matches!(op, Op::Inplace(_));
                if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
                    return self.binop_from(host, o, a, b, inplace, 0);
                }
                let v = builtins::binop(o, &a, &b, inplace)?;
                self.top().stack.push(v);
            }
            Op::Unary(o) => {
                let a = pop(f);
                if let Value::Instance(_) = a {
                    let name = match o {
                        UnOp::Neg => "__neg__",
                        UnOp::Pos => "__pos__",
                        UnOp::Invert => "__invert__",
                        UnOp::Not => "",
                    };
                    if let Some(m) = dunder(&a, name) {
                        return self.call_then(host, m, Vec::new(), Post::Keep);
                    }
                    if o == UnOp::Not {
                        let t = self.truth(host, &a)?;
                        self.top().stack.push(Value::Bool(!t));
                        return Ok(None);
                    }
                }
                let v = match (o, &a) {
                    (UnOp::Not, _) => Value::Bool(!a.truthy()),
                    (UnOp::Neg, Value::Int(i)) => Value::Int(i.checked_neg().ok_or_else(overflow)?),
                    (UnOp::Neg, Value::Bool(b)) => Value::Int(-(*b as i64)),
                    (UnOp::Neg, Value::Float(x)) => Value::Float(-x),
                    (UnOp::Pos, Value::Int(_) | Value::Float(_)) => a.clone(),
                    (UnOp::Pos, Value::Bool(b)) => Value::Int(*b as i64),
                    (UnOp::Invert, Value::Int(i)) => Value::Int(!i),
                    (UnOp::Invert, Value::Bool(b)) => Value::Int(!(*b as i64)),
                    _ => {
                        let sym = match o {
                            UnOp::Neg => "-",
                            UnOp::Pos => "+",
                            _ => "~",
                        };
                        return Err(type_err(format!("bad operand type for unary {sym}: '{}'", a.type_name())));
                    }
                };
                f.stack.push(v);
            }
            Op::Cmp(o) => {
                let b = pop(f);
                let a = pop(f);
                let ordered = !matches!(o, CmpOp::In | CmpOp::NotIn | CmpOp::Is | CmpOp::IsNot);
                if ordered && (matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_))) {
                    return self.compare_from(host, o, a, b, 0);
                }
                if ordered && (is_container(&a) || is_container(&b)) && matches!(o, CmpOp::Eq | CmpOp::Ne) {
                    let same = self.eq_deep(host, &a, &b)?;
                    self.top().stack.push(Value::Bool(same == (o == CmpOp::Eq)));
                    return Ok(None);
                }
                // `x in [objects…]`: each element by identity, then `==` (the program's `__eq__`).
                if let (CmpOp::In | CmpOp::NotIn, Value::List(_) | Value::Tuple(_)) = (o, &b) {
                    let items = self.iterate(host, &b)?;
                    let deep = matches!(a, Value::Instance(_) | Value::List(_) | Value::Tuple(_) | Value::Dict(_))
                        || items.iter().any(|x| matches!(x, Value::Instance(_)));
                    if deep {
                        let mut found = false;
                        for x in &items {
                            if is(x, &a) || self.eq_deep(host, x, &a)? {
                                found = true;
                                break;
                            }
                        }
                        self.top().stack.push(Value::Bool(found == (o == CmpOp::In)));
                        return Ok(None);
                    }
                }
                if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
                    if let Some(r) = self.compare_objects(host, o, &a, &b)? {
                        return Ok(r);
                    }
                }
                let v = compare(o, &a, &b)?;
                self.top().stack.push(Value::Bool(v));
            }
            Op::Jump(t) => f.pc = t as usize,
            Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                let v = pop(f);
                let truth = match v {
                    Value::Instance(_) => self.truth(host, &v)?,
                    _ => v.truthy(),
                };
                if truth == matches!(op, Op::PopJumpIfTrue(_)) {
                    self.top().pc = t as usize;
                }
            }
            Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) => {
                let v = f.stack.last().cloned().unwrap_or(Value::None);
                let truth = match v {
                    Value::Instance(_) => self.truth(host, &v)?,
                    _ => v.truthy(),
                };
                let f = self.top();
                if truth == matches!(op, Op::JumpIfTrueOrPop(_)) {
                    f.pc = t as usize;
                } else {
                    pop(f);
                }
            }
            Op::BuildList(n) | Op::BuildTuple(n) | Op::BuildSet(n) => {
                let at = f.stack.len().saturating_sub(n as usize);
                let items = f.stack.split_off(at);
                let v = match op {
                    Op::BuildList(_) => Value::list(items),
                    Op::BuildTuple(_) => Value::tuple(items),
                    _ => builtins::make_set(items)?,
                };
                f.stack.push(v);
            }
            Op::BuildDict(n) => {
                let at = f.stack.len().saturating_sub(2 * n as usize);
                let items = f.stack.split_off(at);
                let mut d = Dict::default();
                for kv in items.chunks(2) {
                    let key = hash_key(&kv[0])?;
                    d.insert(key, kv[0].clone(), kv[1].clone());
                }
                f.stack.push(Value::Dict(Rc::new(RefCell::new(d))));
            }
            Op::BuildSlice => {
                let c = pop(f);
                let b = pop(f);
                let a = pop(f);
                let int = |v: &Value| -> Res<Option<i64>> {
                    match v {
                        Value::None => Ok(None),
                        Value::Int(i) => Ok(Some(*i)),
                        Value::Bool(b) => Ok(Some(*b as i64)),
                        _ => Err(type_err("slice indices must be integers or None or have an __index__ method")),
                    }
                };
                let v = Value::Slice(int(&a)?, int(&b)?, int(&c)?);
                f.stack.push(v);
            }
            Op::BuildStr(n) => {
                let at = f.stack.len().saturating_sub(n as usize);
                let items = f.stack.split_off(at);
                let s: String = items.iter().map(|v| v.to_str()).collect();
                f.stack.push(Value::str(&s));
            }
            Op::ListAppend(d) => {
                let v = pop(f);
                let at = f.stack.len().wrapping_sub(1 + d as usize);
                if let Some(Value::List(l)) = f.stack.get(at) {
                    l.borrow_mut().push(v);
                }
            }
            Op::ListExtend(d) => {
                let v = pop(f);
                let items = self.iterate(host, &v)?;
                let f = self.top();
                let at = f.stack.len().wrapping_sub(1 + d as usize);
                if let Some(Value::List(l)) = f.stack.get(at) {
                    l.borrow_mut().extend(items);
                }
            }
            Op::SetAdd(d) => {
                let v = pop(f);
                let key = hash_key(&v)?;
                let at = f.stack.len().wrapping_sub(1 + d as usize);
                if let Some(Value::Set(s)) = f.stack.get(at) {
                    s.borrow_mut().insert(key, v, Value::None);
                }
            }
            Op::DictSet(d) => {
                let v = pop(f);
                let k = pop(f);
                let at = f.stack.len().wrapping_sub(1 + d as usize);
                let Some(Value::Dict(dict)) = f.stack.get(at).cloned() else { return Ok(None) };
                if matches!(k, Value::Builtin("**")) {
                    match &v {
                        Value::Dict(src) => {
                            let items: Vec<(Value, Value)> = src.borrow().items().cloned().collect();
                            for (k, v) in items {
                                let key = hash_key(&k)?;
                                dict.borrow_mut().insert(key, k, v);
                            }
                        }
                        _ => {
                            return Err(type_err(format!("argument after ** must be a mapping, not {}", v.type_name())))
                        }
                    }
                } else {
                    let key = hash_key(&k)?;
                    dict.borrow_mut().insert(key, k, v);
                }
            }
            Op::ListToTuple => {
                let v = pop(f);
                let t = match v {
                    Value::List(l) => Value::tuple(l.borrow().clone()),
                    o => o,
                };
                f.stack.push(t);
            }
            Op::Format(conv, has_spec) => {
                let spec = if has_spec { pop(f).to_str() } else { String::new() };
                let v = pop(f);
                let v = match conv {
                    b'r' | b'a' => Value::str(&builtins::repr_of(self, host, &v)?),
                    b's' => Value::str(&builtins::str_of(self, host, &v)?),
                    _ if matches!(v, Value::Instance(_)) => Value::str(&builtins::str_of(self, host, &v)?),
                    _ => v,
                };
                let s = super::format::format_value(&v, &spec)?;
                self.top().stack.push(Value::str(&s));
            }
            Op::Call(n, kw) => {
                let kwnames: Vec<Rc<str>> = match kw {
                    Some(k) => match &f.code.consts[k as usize] {
                        Value::Tuple(t) => t.iter().map(|v| Rc::from(v.to_str().as_str())).collect(),
                        _ => Vec::new(),
                    },
                    None => Vec::new(),
                };
                let total = n as usize + kwnames.len();
                let at = f.stack.len().saturating_sub(total);
                let mut args = f.stack.split_off(at);
                let kwvals = args.split_off(n as usize);
                let func = pop(f);
                let kwargs: Vec<(Rc<str>, Value)> = kwnames.into_iter().zip(kwvals).collect();
                return self.call_push(host, func, args, kwargs);
            }
            Op::CallEx => {
                let kw = pop(f);
                let args = pop(f);
                let func = pop(f);
                let args = match args {
                    Value::Tuple(t) => t.to_vec(),
                    _ => Vec::new(),
                };
                let mut kwargs = Vec::new();
                if let Value::Dict(d) = kw {
                    for (k, v) in d.borrow().items() {
                        match k {
                            Value::Str(s) => kwargs.push((s.clone(), v.clone())),
                            _ => return Err(type_err("keywords must be strings")),
                        }
                    }
                }
                return self.call_push(host, func, args, kwargs);
            }
            Op::GetIter => {
                let v = pop(f);
                let it = self.get_iter(host, &v)?;
                self.top().stack.push(it);
            }
            Op::ForIter(t) => {
                let it = f.stack.last().cloned().unwrap_or(Value::None);
                if let Value::Iter(rc) = &it {
                    if matches!(&*rc.borrow(), Iter::Gen(..)) {
                        if !self.resume_gen(rc, Some(t))? {
                            let f = self.top();
                            pop(f);
                            f.pc = t as usize;
                        }
                        return Ok(None);
                    }
                }
                match self.next(host, &it)? {
                    Some(v) => self.top().stack.push(v),
                    None => {
                        let f = self.top();
                        pop(f);
                        f.pc = t as usize;
                    }
                }
            }
            Op::Unpack(n) => {
                let v = pop(f);
                let items = self.iterate(host, &v)?;
                if items.len() != n as usize {
                    return Err(if items.len() > n as usize {
                        exc("ValueError", format!("too many values to unpack (expected {n})"))
                    } else {
                        exc("ValueError", format!("not enough values to unpack (expected {n}, got {})", items.len()))
                    });
                }
                self.top().stack.extend(items.into_iter().rev());
            }
            Op::UnpackStar(before, after) => {
                let v = pop(f);
                let mut items = self.iterate(host, &v)?;
                let (b, a) = (before as usize, after as usize);
                if items.len() < b + a {
                    return Err(exc(
                        "ValueError",
                        format!("not enough values to unpack (expected at least {}, got {})", b + a, items.len()),
                    ));
                }
                let tail = items.split_off(items.len() - a);
                let mid = items.split_off(b);
                let f = self.top();
                for v in tail.into_iter().rev() {
                    f.stack.push(v);
                }
                f.stack.push(Value::list(mid));
                for v in items.into_iter().rev() {
                    f.stack.push(v);
                }
            }
            Op::MakeFunc(i) => {
                let code = f.code.funcs[i as usize].clone();
                let nkw = code.kw_defaults.iter().filter(|b| **b).count();
                let at = f.stack.len().saturating_sub(code.ndefaults + nkw);
                let mut defaults = f.stack.split_off(at);
                let kwd = defaults.split_off(code.ndefaults);
                let mut kwd = kwd.into_iter();
                let kw_defaults = code.kw_defaults.iter().map(|has| if *has { kwd.next() } else { None }).collect();
                // Each enclosing local it reads becomes a cell both frames share.
                let captured = code
                    .captures
                    .iter()
                    .map(|(outer, _)| match f.locals.get_mut(*outer as usize) {
                        Some(slot) => match slot {
                            Some(c @ Value::Cell(_)) => c.clone(),
                            _ => {
                                let c = Value::Cell(Rc::new(RefCell::new(slot.take())));
                                *slot = Some(c.clone());
                                c
                            }
                        },
                        None => Value::None,
                    })
                    .collect();
                let globals = f.globals.clone();
                self.next_id += 1;
                let func = Function {
                    code,
                    defaults,
                    kw_defaults,
                    captured,
                    globals,
                    id: self.next_id,
                    attrs: Default::default(),
                };
                self.top().stack.push(Value::Func(Rc::new(func)));
            }
            Op::Return => {
                let v = pop(f);
                self.do_return(v)?;
            }
            Op::Pop => {
                pop(f);
            }
            Op::Dup => {
                let v = f.stack.last().cloned().unwrap_or(Value::None);
                f.stack.push(v);
            }
            Op::Dup2 => {
                let n = f.stack.len();
                if n >= 2 {
                    let a = f.stack[n - 2].clone();
                    let b = f.stack[n - 1].clone();
                    f.stack.push(a);
                    f.stack.push(b);
                }
            }
            Op::Rot2 => {
                let n = f.stack.len();
                if n >= 2 {
                    f.stack.swap(n - 1, n - 2);
                }
            }
            Op::Rot3 => {
                let n = f.stack.len();
                if n >= 3 {
                    let c = f.stack.remove(n - 1);
                    f.stack.insert(n - 3, c);
                }
            }
            Op::Import(k) => {
                let name = f.code.names[k as usize].clone();
                let m = builtins::import(self, &name)?;
                self.top().stack.push(m);
            }
            Op::ImportFrom(k) => {
                let name = f.code.names[k as usize].clone();
                let m = f.stack.last().cloned().unwrap_or(Value::None);
                let v = match builtins::get_attr(self, &m, &name) {
                    Ok(v) => v,
                    Err(_) => {
                        let mname = match &m {
                            Value::Module(m) => m.name.clone(),
                            _ => "?".into(),
                        };
                        return Err(exc(
                            "ImportError",
                            format!("cannot import name '{name}' from '{mname}' ({})", module_origin(&mname)),
                        ));
                    }
                };
                self.top().stack.push(v);
            }
            Op::ImportStar => {
                let m = pop(f);
                if let Value::Module(m) = m {
                    let items: Vec<(Value, Value)> = m.attrs.borrow().items().cloned().collect();
                    let g = f.globals.clone();
                    for (k, v) in items {
                        if !k.to_str().starts_with('_') {
                            g.attrs.borrow_mut().set_str(&k.to_str(), v);
                        }
                    }
                }
            }
            Op::SetupExcept(t) => {
                let b = Block { handler: t as usize, depth: f.stack.len(), handling: f.handling.len() };
                f.blocks.push(b);
            }
            Op::PopBlock => {
                f.blocks.pop();
            }
            Op::Raise(n) => {
                let e = match n {
                    0 => match f.handling.last() {
                        Some(e) => {
                            let e = e.clone();
                            f.handling.pop();
                            return self.reraise(e, host);
                        }
                        None => exc("RuntimeError", "No active exception to reraise"),
                    },
                    1 => {
                        let v = pop(f);
                        to_exc(&v)?
                    }
                    _ => {
                        let c = pop(f);
                        let v = pop(f);
                        let e = to_exc(&v)?;
                        let cause = match c {
                            Value::None => None,
                            c => Some(to_exc(&c)?),
                        };
                        *e.cause.borrow_mut() = cause;
                        e
                    }
                };
                return Err(e);
            }
            Op::Reraise => {
                let v = pop(f);
                f.handling.pop();
                let Value::Exc(e) = v else { return Ok(None) };
                return self.reraise(e, host);
            }
            Op::ExcMatch => {
                let class = pop(f);
                let e = pop(f);
                let Value::Exc(e) = e else {
                    f.stack.push(Value::Bool(false));
                    return Ok(None);
                };
                let classes = match &class {
                    Value::Tuple(t) => t.to_vec(),
                    c => vec![c.clone()],
                };
                let mut hit = false;
                for c in classes {
                    match c {
                        Value::ExcType(n) => hit |= exc_matches_in(&self.user_excs, &e.kind, &n),
                        _ => {
                            return Err(type_err(
                                "catching classes that do not inherit from BaseException is not allowed",
                            ))
                        }
                    }
                }
                self.top().stack.push(Value::Bool(hit));
            }
            Op::PopExcept => {
                f.handling.pop();
            }
            Op::WithEnter => {
                let ctx = pop(f);
                if let Some(m) = dunder(&ctx, "__enter__") {
                    return self.call_then(host, m, Vec::new(), Post::Keep);
                }
                let v = match &ctx {
                    Value::File(_) | Value::Wrap("socket", _) => ctx.clone(),
                    _ => {
                        return Err(type_err(format!(
                            "'{}' object does not support the context manager protocol",
                            ctx.type_name()
                        )))
                    }
                };
                f.stack.push(v);
            }
            Op::WithExit => {
                let ctx = pop(f);
                if let Some(m) = dunder(&ctx, "__exit__") {
                    // The program's context manager: `__exit__(None, None, None)` (an
                    // exception on its way out goes on whatever `__exit__` answers).
                    return self.call_then(host, m, vec![Value::None, Value::None, Value::None], Post::Discard);
                }
                if let Value::File(file) = ctx {
                    builtins::close_file(host, &file);
                }
            }
            Op::AssertFail(has_msg) => {
                let args = if has_msg { vec![pop(f)] } else { Vec::new() };
                return Err(new_exc("AssertionError", args));
            }
        }
        Ok(None)
    }

    /// Re-raises `e` where it is: the current frame's entry is already in its traceback.
    fn reraise(&mut self, e: Rc<Exc>, host: &mut dyn Host) -> Res<Option<Ret>> {
        if let Some(code) = self.raise(e, true, host) {
            self.exiting = Some(code);
        }
        Ok(None)
    }

    fn do_return(&mut self, v: Value) -> Res<()> {
        let Some(mut f) = self.frames.pop() else { return Ok(()) };
        if let Some((_, for_end)) = f.gen.take() {
            // A generator ended (its iterator keeps no frame): the loop over it ends too.
            if f.sync {
                self.gen_done = true;
                self.sync_result = Some(Value::None);
            } else if let Some(caller) = self.frames.last_mut() {
                caller.stack.pop();
                if let Some(end) = for_end {
                    caller.pc = end as usize;
                }
            }
            return Ok(());
        }
        let v = match f.init.take() {
            Some(obj) if matches!(v, Value::None) => obj,
            Some(_) => {
                // The error is raised where `__init__` returned: put its frame back for the trace.
                let msg = format!("__init__() should return None, not '{}'", v.type_name());
                self.frames.push(f);
                return Err(type_err(msg));
            }
            None => v,
        };
        if let (Post::Op(fb, _), true, false) = (&f.post, is_not_implemented(&v), f.sync) {
            self.fallback = Some(fb.clone());
            return Ok(());
        }
        let Some(v) = f.post.apply(v) else { return Ok(()) };
        if f.sync {
            self.sync_result = Some(v);
        } else if let Some(caller) = self.frames.last_mut() {
            caller.stack.push(v);
        } else if self.repl {
            // The REPL's input ended.
        }
        Ok(())
    }

    /// `class name(bases)` with the namespace its body filled: a class, or — deriving from an
    /// exception class — an exception class known by name (raised, caught and printed as the
    /// built-in ones are).
    fn build_class(&mut self, name: Rc<str>, bases: Vec<Value>, ns: Value) -> Res<Value> {
        let mut classes = Vec::new();
        for b in bases {
            match b {
                Value::Class(c) => classes.push(c),
                Value::ExcType(parent) => {
                    // Defined again (in a loop, at the prompt): the newest definition's parent.
                    match self.user_excs.iter_mut().find(|(n, _)| *n == name) {
                        Some(entry) => entry.1 = parent,
                        None => self.user_excs.push((name.clone(), parent)),
                    }
                    return Ok(Value::ExcType(name));
                }
                Value::Type("object") => {}
                other => {
                    return Err(type_err(format!(
                        "Muelle's Python subset cannot derive a class from {} (real Python can)",
                        other.repr()
                    )))
                }
            }
        }
        let attrs = match ns {
            Value::Dict(d) => d.borrow().clone(),
            _ => Dict::default(),
        };
        self.next_id += 1;
        Ok(Value::Class(Rc::new(super::value::Class {
            name,
            bases: classes,
            attrs: RefCell::new(attrs),
            id: self.next_id,
        })))
    }

    /// A call from an instruction: a Python function becomes a new frame.
    fn call_push(
        &mut self,
        host: &mut dyn Host,
        func: Value,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
    ) -> Res<Option<Ret>> {
        match self.call(host, func, args, kw, false)? {
            Ret::Val(v) => {
                self.top().stack.push(v);
                Ok(None)
            }
            Ret::Sleep(ms) => {
                self.top().stack.push(Value::None);
                Ok(Some(Ret::Sleep(ms)))
            }
            r => Ok(Some(r)),
        }
    }

    pub fn call(
        &mut self,
        host: &mut dyn Host,
        func: Value,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
        sync: bool,
    ) -> Res<Ret> {
        match &func {
            Value::Func(fun) => {
                if self.frames.len() >= MAX_FRAMES {
                    return Err(exc("RecursionError", "maximum recursion depth exceeded"));
                }
                let locals = bind(fun, args, kw)?;
                let frame = Frame {
                    code: fun.code.clone(),
                    pc: 0,
                    stack: Vec::new(),
                    locals,
                    blocks: Vec::new(),
                    handling: Vec::new(),
                    globals: fun.globals.clone(),
                    sync,
                    init: None,
                    post: Post::Keep,
                    class_ns: Vec::new(),
                    gen: None,
                };
                if fun.code.is_gen {
                    // A generator function's call makes the generator; its body waits.
                    self.next_id += 1;
                    let g = Iter::Gen(Some(Box::new(frame)), fun.code.name.clone(), self.next_id);
                    return Ok(Ret::Val(Value::Iter(Rc::new(RefCell::new(g)))));
                }
                self.frames.push(frame);
                Ok(Ret::Frame)
            }
            Value::Bound(obj, fun) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push((**obj).clone());
                all.extend(args);
                self.call(host, Value::Func(fun.clone()), all, kw, sync)
            }
            Value::Class(class) => {
                self.next_id += 1;
                let obj = Value::Instance(Rc::new(super::value::Instance {
                    class: class.clone(),
                    attrs: RefCell::new(Dict::default()),
                    id: self.next_id,
                }));
                match class.lookup("__init__") {
                    Some(Value::Func(init)) => {
                        let mut all = Vec::with_capacity(args.len() + 1);
                        all.push(obj.clone());
                        all.extend(args);
                        let r = self.call(host, Value::Func(init), all, kw, sync)?;
                        if let (Ret::Frame, Some(f)) = (&r, self.frames.last_mut()) {
                            f.init = Some(obj);
                        }
                        Ok(r)
                    }
                    None if class.lookup("__dataclass_fields__").is_some() => {
                        self.dataclass_init(host, class, &obj, args, kw)?;
                        match class.lookup("__post_init__") {
                            Some(Value::Func(p)) => {
                                let r = self.call(host, Value::Func(p), vec![obj.clone()], Vec::new(), sync)?;
                                if let (Ret::Frame, Some(f)) = (&r, self.frames.last_mut()) {
                                    f.init = Some(obj);
                                }
                                Ok(r)
                            }
                            _ => Ok(Ret::Val(obj)),
                        }
                    }
                    _ if !args.is_empty() || !kw.is_empty() => {
                        Err(type_err(format!("{}() takes no arguments", class.name)))
                    }
                    _ => Ok(Ret::Val(obj)),
                }
            }
            Value::Instance(_) => match dunder(&func, "__call__") {
                Some(m) => self.call(host, m, args, kw, sync),
                None => Err(type_err(format!("'{}' object is not callable", func.type_name()))),
            },
            Value::Wrap(kind, items) => self.call_wrap(host, kind, items.clone(), args, kw, sync),
            _ => builtins::call_builtin(self, host, &func, args, kw),
        }
    }

    /// Everything an iterable yields, at once.
    pub fn iterate(&mut self, host: &mut dyn Host, v: &Value) -> Res<Vec<Value>> {
        Ok(match v {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => t.to_vec(),
            Value::Str(s) => s.chars().map(|c| Value::str(c.encode_utf8(&mut [0; 4]))).collect(),
            Value::Dict(d) | Value::Set(d) => d.borrow().items().map(|(k, _)| k.clone()).collect(),
            Value::Range(a, b, s) => {
                let n = super::value::range_len(*a, *b, *s);
                if n > 10_000_000 {
                    return Err(exc("MemoryError", ""));
                }
                (0..n).map(|i| Value::Int(a + i * s)).collect()
            }
            Value::Iter(_) | Value::Instance(_) => {
                let it = self.get_iter(host, v)?;
                let v = &it;
                let mut out = Vec::new();
                while let Some(x) = self.next(host, v)? {
                    out.push(x);
                    if out.len() > 10_000_000 {
                        return Err(exc("MemoryError", ""));
                    }
                }
                out
            }
            Value::File(f) => {
                let f = f.borrow();
                f.data[f.pos.min(f.data.len())..].split_inclusive('\n').map(Value::str).collect()
            }
            _ => return Err(type_err(format!("'{}' object is not iterable", v.type_name()))),
        })
    }

    pub fn next(&mut self, host: &mut dyn Host, it: &Value) -> Res<Option<Value>> {
        let obj = match it {
            Value::Iter(i) => match &*i.borrow() {
                Iter::Obj(o) => Some(o.clone()),
                _ => None,
            },
            Value::Instance(_) => Some(it.clone()),
            _ => None,
        };
        if let Value::Iter(rc) = it {
            let mapped = match &*rc.borrow() {
                Iter::Map(f, its) => Some((f.clone(), its.clone(), None)),
                Iter::Filter(f, inner) => Some((f.clone(), Vec::new(), Some(inner.clone()))),
                _ => None,
            };
            match mapped {
                Some((f, its, None)) => {
                    let mut args = Vec::with_capacity(its.len());
                    for i in &its {
                        match self.next(host, i)? {
                            Some(v) => args.push(v),
                            None => return Ok(None),
                        }
                    }
                    if its.is_empty() {
                        return Ok(None);
                    }
                    return self.call_sync(host, &f, args).map(Some);
                }
                Some((f, _, Some(inner))) => loop {
                    let Some(v) = self.next(host, &inner)? else { return Ok(None) };
                    let keep = match &f {
                        Value::None => v.truthy(),
                        f => self.call_sync(host, f, vec![v.clone()])?.truthy(),
                    };
                    if keep {
                        return Ok(Some(v));
                    }
                },
                None => {}
            }
            let lazy = match &*rc.borrow() {
                Iter::Enum(inner, n) => Some((vec![inner.clone()], Some(*n))),
                Iter::Zip(its) => Some((its.clone(), None)),
                _ => None,
            };
            if let Some((its, count)) = lazy {
                let mut row = Vec::with_capacity(its.len() + 1);
                if let Some(n) = count {
                    row.push(Value::Int(n));
                }
                for i in &its {
                    match self.next(host, i)? {
                        Some(v) => row.push(v),
                        None => return Ok(None),
                    }
                }
                if let Iter::Enum(_, n) = &mut *rc.borrow_mut() {
                    *n += 1;
                }
                if its.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(Value::tuple(row)));
            }
            if matches!(&*rc.borrow(), Iter::Gen(..)) {
                if self.sync_depth > 20 {
                    return Err(exc("RecursionError", "maximum recursion depth exceeded"));
                }
                let base = self.frames.len();
                if !self.resume_gen(rc, None)? {
                    return Ok(None);
                }
                self.gen_done = false;
                let v = self.run_nested(host, base)?;
                return Ok(if std::mem::take(&mut self.gen_done) { None } else { Some(v) });
            }
        }
        if let Some(o) = obj {
            let Some(m) = dunder(&o, "__next__") else {
                return Err(type_err(format!("'{}' object is not an iterator", o.type_name())));
            };
            return match self.call_sync(host, &m, Vec::new()) {
                Ok(v) => Ok(Some(v)),
                Err(e) if &*e.kind == "StopIteration" => Ok(None),
                Err(e) => Err(e),
            };
        }
        let Value::Iter(it) = it else {
            return Err(type_err(format!("'{}' object is not an iterator", it.type_name())));
        };
        let mut it = it.borrow_mut();
        Ok(match &mut *it {
            Iter::Seq(v, i) => {
                let got = match v {
                    Value::List(l) => l.borrow().get(*i).cloned(),
                    Value::Tuple(t) => t.get(*i).cloned(),
                    _ => None,
                };
                *i += 1;
                got
            }
            Iter::Range(a, b, s) => {
                if (*s > 0 && *a < *b) || (*s < 0 && *a > *b) {
                    let v = *a;
                    *a += *s;
                    Some(Value::Int(v))
                } else {
                    None
                }
            }
            Iter::Chars(s, i) => {
                let c = s[*i..].chars().next();
                match c {
                    Some(c) => {
                        *i += c.len_utf8();
                        Some(Value::str(c.encode_utf8(&mut [0; 4])))
                    }
                    None => None,
                }
            }
            Iter::Done
            | Iter::Obj(_)
            | Iter::Gen(..)
            | Iter::Enum(..)
            | Iter::Zip(_)
            | Iter::Map(..)
            | Iter::Filter(..) => None,
        })
    }
}

pub fn make_iter(v: &Value) -> Res<Value> {
    let it = match v {
        Value::List(_) | Value::Tuple(_) => Iter::Seq(v.clone(), 0),
        Value::Dict(d) | Value::Set(d) => {
            Iter::Seq(Value::tuple(d.borrow().items().map(|(k, _)| k.clone()).collect()), 0)
        }
        Value::Range(a, b, s) => Iter::Range(*a, *b, *s),
        Value::Str(s) => Iter::Chars(s.clone(), 0),
        Value::Iter(_) => return Ok(v.clone()),
        Value::File(f) => {
            let f = f.borrow();
            let lines: Vec<Value> = f.data[f.pos.min(f.data.len())..].split_inclusive('\n').map(Value::str).collect();
            Iter::Seq(Value::tuple(lines), 0)
        }
        _ => return Err(type_err(format!("'{}' object is not iterable", v.type_name()))),
    };
    Ok(Value::Iter(Rc::new(RefCell::new(it))))
}

pub fn overflow() -> Rc<Exc> {
    exc("OverflowError", "Muelle's Python keeps integers within 64 bits")
}

pub fn hash_key(v: &Value) -> Res<super::value::Key> {
    v.key().ok_or_else(|| type_err(format!("unhashable type: '{}'", v.type_name())))
}

fn to_exc(v: &Value) -> Res<Rc<Exc>> {
    match v {
        Value::Exc(e) => Ok(e.clone()),
        Value::ExcType(n) => Ok(new_exc(n, Vec::new())),
        _ => Err(type_err("exceptions must derive from BaseException")),
    }
}

fn module_origin(name: &str) -> String {
    if matches!(name, "sys" | "time" | "math" | "builtins") {
        "unknown location".into()
    } else {
        format!("/usr/local/lib/python3.12/{name}.py")
    }
}

/// Standard library modules a NameError suggests importing.
const STDLIB: &[&str] = &["os", "sys", "time", "math", "random", "json", "socket", "datetime", "re", "string"];

fn name_error(name: &str, globals: &Module) -> Rc<Exc> {
    let mut msg = format!("name '{name}' is not defined");
    let mut candidates: Vec<String> = globals.attrs.borrow().items().map(|(k, _)| k.to_str()).collect();
    candidates.extend(builtins::BUILTIN_NAMES.iter().map(|s| s.to_string()));
    if let Some(s) = super::tb::suggest(name, &candidates) {
        msg.push_str(&format!(". Did you mean: '{s}'?"));
    } else if STDLIB.contains(&name) {
        msg.push_str(&format!(". Did you forget to import '{name}'?"));
    }
    exc("NameError", msg)
}

/// Binds a call's arguments to a function's parameter slots, with CPython's messages.
fn bind(f: &Function, mut args: Vec<Value>, kw: Vec<(Rc<str>, Value)>) -> Res<Vec<Option<Value>>> {
    let c = &f.code;
    let mut locals: Vec<Option<Value>> = vec![None; c.nlocals.max(c.params.len())];
    let np = c.params.len();
    let name = &c.name;
    let mut extra = Vec::new();
    if args.len() > np {
        if c.star {
            extra = args.split_off(np);
        } else {
            let given = args.len();
            let req = np - c.ndefaults;
            let takes = if c.ndefaults > 0 {
                format!("from {req} to {np} positional arguments")
            } else {
                format!("{np} positional argument{}", if np == 1 { "" } else { "s" })
            };
            return Err(type_err(format!(
                "{name}() takes {takes} but {given} {} given",
                if given == 1 { "was" } else { "were" }
            )));
        }
    }
    for (i, a) in args.into_iter().enumerate() {
        locals[i] = Some(a);
    }
    let mut slot = np;
    if c.star {
        locals[slot] = Some(Value::tuple(extra));
        slot += 1;
    }
    let kw_start = slot;
    slot += c.kwonly.len();
    let mut kwextra = Dict::default();
    for (k, v) in kw {
        if let Some(i) = c.params.iter().position(|p| *p == k) {
            if locals[i].is_some() {
                return Err(type_err(format!("{name}() got multiple values for argument '{k}'")));
            }
            locals[i] = Some(v);
        } else if let Some(i) = c.kwonly.iter().position(|p| *p == k) {
            locals[kw_start + i] = Some(v);
        } else if c.starstar {
            kwextra.set_str(&k, v);
        } else {
            return Err(type_err(format!("{name}() got an unexpected keyword argument '{k}'")));
        }
    }
    if c.starstar {
        locals[slot] = Some(Value::Dict(Rc::new(RefCell::new(kwextra))));
    }
    let first_default = np - c.ndefaults;
    let mut missing = Vec::new();
    for (i, slot) in locals.iter_mut().enumerate().take(np) {
        if slot.is_none() {
            if i >= first_default {
                *slot = Some(f.defaults[i - first_default].clone());
            } else {
                missing.push(format!("'{}'", c.params[i]));
            }
        }
    }
    if !missing.is_empty() {
        return Err(type_err(format!(
            "{name}() missing {} required positional argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            join_and(&missing)
        )));
    }
    let mut missing_kw = Vec::new();
    for (i, k) in c.kwonly.iter().enumerate() {
        if locals[kw_start + i].is_none() {
            match f.kw_defaults.get(i).cloned().flatten() {
                Some(d) => locals[kw_start + i] = Some(d),
                None => missing_kw.push(format!("'{k}'")),
            }
        }
    }
    if !missing_kw.is_empty() {
        return Err(type_err(format!(
            "{name}() missing {} required keyword-only argument{}: {}",
            missing_kw.len(),
            if missing_kw.len() == 1 { "" } else { "s" },
            join_and(&missing_kw)
        )));
    }
    for ((_, own), v) in c.captures.iter().zip(f.captured.iter()) {
        if let Some(s) = locals.get_mut(*own as usize) {
            *s = Some(v.clone());
        }
    }
    Ok(locals)
}

fn join_and(items: &[String]) -> String {
    match items {
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        _ => {
            let (last, rest) = items.split_last().unwrap_or((&items[0], &[]));
            format!("{}, and {last}", rest.join(", "))
        }
    }
}

/// Comparisons; containers compare element by element with an explicit work list.
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> Res<bool> {
    Ok(match op {
        CmpOp::Eq => eq(a, b),
        CmpOp::Ne => !eq(a, b),
        CmpOp::Is => is(a, b),
        CmpOp::IsNot => !is(a, b),
        CmpOp::In => contains(b, a)?,
        CmpOp::NotIn => !contains(b, a)?,
        CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
            let ord = order(a, b).ok_or_else(|| {
                let sym = match op {
                    CmpOp::Lt => "<",
                    CmpOp::Le => "<=",
                    CmpOp::Gt => ">",
                    _ => ">=",
                };
                type_err(format!(
                    "'{sym}' not supported between instances of '{}' and '{}'",
                    a.type_name(),
                    b.type_name()
                ))
            })?;
            match op {
                CmpOp::Lt => ord.is_lt(),
                CmpOp::Le => ord.is_le(),
                CmpOp::Gt => ord.is_gt(),
                _ => ord.is_ge(),
            }
        }
    })
}

fn is(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y && (-5..=256).contains(x),
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || (x == y && x.len() <= 1),
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Dict(x), Value::Dict(y)) => Rc::ptr_eq(x, y),
        (Value::Tuple(x), Value::Tuple(y)) => Rc::ptr_eq(x, y),
        (Value::Type(x), Value::Type(y)) | (Value::Builtin(x), Value::Builtin(y)) => x == y,
        (Value::ExcType(x), Value::ExcType(y)) => x == y,
        (Value::Func(x), Value::Func(y)) => Rc::ptr_eq(x, y),
        (Value::Module(x), Value::Module(y)) => Rc::ptr_eq(x, y),
        (Value::Exc(x), Value::Exc(y)) => Rc::ptr_eq(x, y),
        (Value::Class(x), Value::Class(y)) => x.id == y.id,
        (Value::Instance(x), Value::Instance(y)) => x.id == y.id,
        _ => false,
    }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

pub fn eq(a: &Value, b: &Value) -> bool {
    // Pairs still to compare: containers push their elements.
    let mut work = vec![(a.clone(), b.clone())];
    let mut budget = 1_000_000u32;
    while let Some((a, b)) = work.pop() {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            return false;
        }
        let same = match (&a, &b) {
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Str(x), Value::Str(y)) => x == y,
            (Value::None, Value::None) => true,
            (Value::List(x), Value::List(y)) => {
                if Rc::ptr_eq(x, y) {
                    continue;
                }
                let (x, y) = (x.borrow(), y.borrow());
                if x.len() != y.len() {
                    return false;
                }
                work.extend(x.iter().cloned().zip(y.iter().cloned()));
                true
            }
            (Value::Tuple(x), Value::Tuple(y)) => {
                if x.len() != y.len() {
                    return false;
                }
                work.extend(x.iter().cloned().zip(y.iter().cloned()));
                true
            }
            (Value::Dict(x), Value::Dict(y)) => {
                if Rc::ptr_eq(x, y) {
                    continue;
                }
                let (x, y) = (x.borrow(), y.borrow());
                if x.len() != y.len() {
                    return false;
                }
                for (k, v) in x.items() {
                    match k.key().and_then(|key| y.get(&key).cloned()) {
                        Some(w) => work.push((v.clone(), w)),
                        None => return false,
                    }
                }
                true
            }
            (Value::Set(x), Value::Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                x.len() == y.len() && x.items().all(|(k, _)| k.key().is_some_and(|key| y.get(&key).is_some()))
            }
            (Value::Range(a1, b1, s1), Value::Range(a2, b2, s2)) => (a1, b1, s1) == (a2, b2, s2),
            _ => match (num(&a), num(&b)) {
                (Some(x), Some(y)) => x == y,
                _ => is(&a, &b) || super::stdlib::time_order(&a, &b).is_some_and(|o| o.is_eq()),
            },
        };
        if !same {
            return false;
        }
    }
    true
}

pub fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    let (mut a, mut b) = (a.clone(), b.clone());
    // Sequences: the first differing element decides; descend without recursion.
    for _ in 0..10_000 {
        match (&a, &b) {
            (Value::Str(x), Value::Str(y)) => return Some(x.cmp(y)),
            (Value::Int(x), Value::Int(y)) => return Some(x.cmp(y)),
            (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)) => {
                let xs = seq_items(&a);
                let ys = seq_items(&b);
                match xs.iter().zip(ys.iter()).position(|(x, y)| !eq(x, y)) {
                    Some(i) => {
                        let (x, y) = (xs[i].clone(), ys[i].clone());
                        a = x;
                        b = y;
                    }
                    None => return Some(xs.len().cmp(&ys.len())),
                }
            }
            _ => {
                return match (num(&a), num(&b)) {
                    (Some(x), Some(y)) => x.partial_cmp(&y),
                    _ => super::stdlib::time_order(&a, &b),
                }
            }
        }
    }
    None
}

fn seq_items(v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        _ => Vec::new(),
    }
}

fn contains(container: &Value, x: &Value) -> Res<bool> {
    Ok(match container {
        Value::Str(s) => match x {
            Value::Str(n) => s.contains(&**n),
            _ => return Err(type_err(format!("'in <string>' requires string as left operand, not {}", x.type_name()))),
        },
        Value::List(l) => l.borrow().iter().any(|v| eq(v, x)),
        Value::Tuple(t) => t.iter().any(|v| eq(v, x)),
        Value::Dict(d) | Value::Set(d) => d.borrow().get(&hash_key(x)?).is_some(),
        Value::Range(a, b, s) => match x {
            Value::Int(i) => {
                let n = super::value::range_len(*a, *b, *s);
                n > 0 && (i - a) % s == 0 && ((i - a) / s) >= 0 && ((i - a) / s) < n
            }
            _ => false,
        },
        _ => return Err(type_err(format!("argument of type '{}' is not iterable", container.type_name()))),
    })
}

pub fn binop_name(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::FloorDiv => "//",
        BinOp::Mod => "%",
        BinOp::Pow => "** or pow()",
        BinOp::BitAnd => "&",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::Shl => "<<",
        BinOp::Shr => ">>",
        BinOp::MatMul => "@",
    }
}

/// The program's method `name` of `v`'s class, bound to `v` (`None`: not an object of the
/// program's, or its class has no such method).
pub fn dunder(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Instance(i) => match i.class.lookup(name)? {
            Value::Func(f) => Some(Value::Bound(Box::new(v.clone()), f)),
            _ => None,
        },
        _ => None,
    }
}

/// The operator method `a op b` calls and its argument: `a.__add__(b)`, else `b.__radd__(a)`
/// (`a += b`: `a.__iadd__(b)` first). `None`: no object of the program's defines it.
pub fn binop_method(op: BinOp, a: &Value, b: &Value, inplace: bool) -> Option<(Value, Value)> {
    binop_stage(op, a, b, inplace, 0).map(|(m, arg, _)| (m, arg))
}

/// [`binop_method`] from a stage on (see [`Fallback`]): the method, its argument, its stage.
fn binop_stage(op: BinOp, a: &Value, b: &Value, inplace: bool, from: u8) -> Option<(Value, Value, u8)> {
    if !matches!(a, Value::Instance(_)) && !matches!(b, Value::Instance(_)) {
        return None;
    }
    let n = match op {
        BinOp::Add => "add",
        BinOp::Sub => "sub",
        BinOp::Mul => "mul",
        BinOp::Div => "truediv",
        BinOp::FloorDiv => "floordiv",
        BinOp::Mod => "mod",
        BinOp::Pow => "pow",
        BinOp::BitAnd => "and",
        BinOp::BitOr => "or",
        BinOp::BitXor => "xor",
        BinOp::Shl => "lshift",
        BinOp::Shr => "rshift",
        BinOp::MatMul => "matmul",
    };
    if inplace && from == 0 {
        if let Some(m) = dunder(a, &format!("__i{n}__")) {
            return Some((m, b.clone(), 0));
        }
    }
    if from <= 1 {
        if let Some(m) = dunder(a, &format!("__{n}__")) {
            return Some((m, b.clone(), 1));
        }
    }
    dunder(b, &format!("__r{n}__")).map(|m| (m, a.clone(), 2))
}

fn is_container(v: &Value) -> bool {
    matches!(v, Value::List(_) | Value::Tuple(_) | Value::Dict(_))
}

impl Vm {
    /// Calls `func` for an instruction; its value (after `post`) goes on the stack.
    fn call_then(&mut self, host: &mut dyn Host, func: Value, args: Vec<Value>, post: Post) -> Res<Option<Ret>> {
        match self.call(host, func, args, Vec::new(), false)? {
            Ret::Val(v) if is_not_implemented(&v) && matches!(post, Post::Op(..)) => {
                let Post::Op(fb, _) = post else { return Ok(None) };
                self.op_fallback(host, fb)
            }
            Ret::Val(v) => {
                if let Some(v) = post.apply(v) {
                    self.top().stack.push(v);
                }
                Ok(None)
            }
            Ret::Frame => {
                if let Some(f) = self.frames.last_mut() {
                    f.post = post;
                }
                Ok(Some(Ret::Frame))
            }
            Ret::Sleep(ms) => {
                if let Some(v) = post.apply(Value::None) {
                    self.top().stack.push(v);
                }
                Ok(Some(Ret::Sleep(ms)))
            }
            r => Ok(Some(r)),
        }
    }

    /// `a op b` for a built-in that computes it (`sum`): the program's operator methods too.
    pub fn binop_sync(&mut self, host: &mut dyn Host, op: BinOp, a: &Value, b: &Value) -> Res<Value> {
        match binop_method(op, a, b, false) {
            Some((m, arg)) => self.call_sync(host, &m, vec![arg]),
            None => builtins::binop(op, a, b, false),
        }
    }

    /// `bool(v)`: the program's `__bool__`, else its `__len__`.
    pub fn truth(&mut self, host: &mut dyn Host, v: &Value) -> Res<bool> {
        if let Some(m) = dunder(v, "__bool__") {
            return match self.call_sync(host, &m, Vec::new())? {
                Value::Bool(b) => Ok(b),
                r => Err(type_err(format!("__bool__ should return bool, returned {}", r.type_name()))),
            };
        }
        if let Some(m) = dunder(v, "__len__") {
            return Ok(self.len_of(host, &m)? != 0);
        }
        Ok(v.truthy())
    }

    /// What a program's `__len__` (bound in `m`) answers, checked as CPython checks it.
    pub fn len_of(&mut self, host: &mut dyn Host, m: &Value) -> Res<i64> {
        match self.call_sync(host, m, Vec::new())? {
            Value::Int(n) if n >= 0 => Ok(n),
            Value::Bool(b) => Ok(b as i64),
            Value::Int(_) => Err(exc("ValueError", "__len__() should return >= 0")),
            r => Err(type_err(format!("'{}' object cannot be interpreted as an integer", r.type_name()))),
        }
    }

    /// `iter(v)`: the program's `__iter__` for its objects.
    pub fn get_iter(&mut self, host: &mut dyn Host, v: &Value) -> Res<Value> {
        if !matches!(v, Value::Instance(_)) {
            return make_iter(v);
        }
        let Some(m) = dunder(v, "__iter__") else {
            if let Value::Instance(i) = v {
                if let Some(t) = namedtuple_values(i) {
                    return make_iter(&t);
                }
            }
            return Err(type_err(format!("'{}' object is not iterable", v.type_name())));
        };
        let it = self.call_sync(host, &m, Vec::new())?;
        match it {
            Value::Instance(_) if dunder(&it, "__next__").is_some() => {
                Ok(Value::Iter(Rc::new(RefCell::new(Iter::Obj(it)))))
            }
            Value::Instance(_) => Err(type_err(format!("iter() returned non-iterator of type '{}'", it.type_name()))),
            Value::Iter(_) => Ok(it),
            other => Err(type_err(format!("iter() returned non-iterator of type '{}'", other.type_name()))),
        }
    }

    /// The next stage of an operator whose method answered `NotImplemented`.
    fn op_fallback(&mut self, host: &mut dyn Host, fb: Fallback) -> Res<Option<Ret>> {
        match fb {
            Fallback::Cmp(op, a, b, stage) => self.compare_from(host, op, a, b, stage + 1),
            Fallback::Bin(op, a, b, inplace, stage) => self.binop_from(host, op, a, b, inplace, stage + 1),
        }
    }

    /// `a op b` with an object of the program's on a side, from a stage on (see [`Fallback`]).
    fn binop_from(
        &mut self,
        host: &mut dyn Host,
        op: BinOp,
        a: Value,
        b: Value,
        inplace: bool,
        from: u8,
    ) -> Res<Option<Ret>> {
        if let Some((m, arg, stage)) = binop_stage(op, &a, &b, inplace, from) {
            return self.call_then(host, m, vec![arg], Post::Op(Fallback::Bin(op, a, b, inplace, stage), false));
        }
        let v = builtins::binop(op, &a, &b, inplace)?;
        self.top().stack.push(v);
        Ok(None)
    }

    /// A rich comparison (`==`, `<`…) with an object of the program's on a side, from a stage on:
    /// `a`'s method, `b`'s reflected one (`__eq__`, `__gt__` for `<`), then the default —
    /// a dataclass's fields, identity for `==`/`!=`, a TypeError for ordering.
    fn compare_from(&mut self, host: &mut dyn Host, op: CmpOp, a: Value, b: Value, from: u8) -> Res<Option<Ret>> {
        let (own, reflected) = match op {
            CmpOp::Eq => ("__eq__", "__eq__"),
            CmpOp::Ne => ("__ne__", "__ne__"),
            CmpOp::Lt => ("__lt__", "__gt__"),
            CmpOp::Le => ("__le__", "__ge__"),
            CmpOp::Gt => ("__gt__", "__lt__"),
            _ => ("__ge__", "__le__"),
        };
        let sides = [(a.clone(), b.clone(), own), (b.clone(), a.clone(), reflected)];
        for (stage, (x, y, name)) in sides.into_iter().enumerate().skip(from as usize) {
            let fb = Fallback::Cmp(op, a.clone(), b.clone(), stage as u8);
            if let Some(m) = dunder(&x, name) {
                return self.call_then(host, m, vec![y], Post::Op(fb, false));
            }
            // `object.__ne__`: the opposite of `__eq__`.
            if op == CmpOp::Ne {
                if let Some(m) = dunder(&x, "__eq__") {
                    return self.call_then(host, m, vec![y], Post::Op(fb, true));
                }
            }
        }
        let v = match op {
            CmpOp::Eq | CmpOp::Ne => {
                let same = match (&a, &b) {
                    (Value::Instance(x), Value::Instance(y)) if x.class.id == y.class.id => {
                        match dataclass_fields(&x.class) {
                            Some(fields) => {
                                let vals = |i: &super::value::Instance| {
                                    let attrs = i.attrs.borrow();
                                    Value::tuple(
                                        fields
                                            .iter()
                                            .map(|n| attrs.get_str(n).cloned().unwrap_or(Value::None))
                                            .collect(),
                                    )
                                };
                                self.eq_deep(host, &vals(x), &vals(y))?
                            }
                            None => x.id == y.id,
                        }
                    }
                    (Value::Instance(_), _) | (_, Value::Instance(_)) => false,
                    _ => eq(&a, &b),
                };
                same == (op == CmpOp::Eq)
            }
            _ if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) => {
                let sym = match op {
                    CmpOp::Lt => "<",
                    CmpOp::Le => "<=",
                    CmpOp::Gt => ">",
                    _ => ">=",
                };
                return Err(type_err(format!(
                    "'{sym}' not supported between instances of '{}' and '{}'",
                    a.type_name(),
                    b.type_name()
                )));
            }
            _ => compare(op, &a, &b)?,
        };
        self.top().stack.push(Value::Bool(v));
        Ok(None)
    }

    /// `a == b` for containers, with the program's `__eq__` for the objects in them (identical
    /// objects are equal without it, as CPython's containers compare).
    pub fn eq_deep(&mut self, host: &mut dyn Host, a: &Value, b: &Value) -> Res<bool> {
        let mut work = vec![(a.clone(), b.clone())];
        let mut budget = 1_000_000u32;
        while let Some((x, y)) = work.pop() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                return Ok(false);
            }
            match (&x, &y) {
                (Value::Instance(p), Value::Instance(q)) if p.id == q.id => {}
                (Value::Instance(_), _) | (_, Value::Instance(_)) => {
                    if !self.eq_objects(host, &x, &y)? {
                        return Ok(false);
                    }
                }
                (Value::List(p), Value::List(q)) => {
                    if Rc::ptr_eq(p, q) {
                        continue;
                    }
                    let (p, q) = (p.borrow(), q.borrow());
                    if p.len() != q.len() {
                        return Ok(false);
                    }
                    work.extend(p.iter().cloned().zip(q.iter().cloned()).rev());
                }
                (Value::Tuple(p), Value::Tuple(q)) => {
                    if p.len() != q.len() {
                        return Ok(false);
                    }
                    work.extend(p.iter().cloned().zip(q.iter().cloned()).rev());
                }
                (Value::Dict(p), Value::Dict(q)) => {
                    if Rc::ptr_eq(p, q) {
                        continue;
                    }
                    let (p, q) = (p.borrow(), q.borrow());
                    if p.len() != q.len() {
                        return Ok(false);
                    }
                    for (k, v) in p.items() {
                        match k.key().and_then(|key| q.get(&key).cloned()) {
                            Some(w) => work.push((v.clone(), w)),
                            None => return Ok(false),
                        }
                    }
                }
                _ => {
                    if !eq(&x, &y) {
                        return Ok(false);
                    }
                }
            }
        }
        Ok(true)
    }

    /// `x == y` with an object of the program's on a side, called now (inside a container's
    /// comparison): `x.__eq__(y)`, `NotImplemented` → `y.__eq__(x)` → identity.
    fn eq_objects(&mut self, host: &mut dyn Host, x: &Value, y: &Value) -> Res<bool> {
        for (p, q) in [(x, y), (y, x)] {
            if let Some(m) = dunder(p, "__eq__") {
                let r = self.call_sync(host, &m, vec![q.clone()])?;
                if !is_not_implemented(&r) {
                    return match r {
                        Value::Instance(_) => self.truth(host, &r),
                        r => Ok(r.truthy()),
                    };
                }
            }
        }
        if let (Value::Instance(p), Value::Instance(q)) = (x, y) {
            if p.class.id == q.class.id {
                if let Some(fields) = dataclass_fields(&p.class) {
                    let vals = |i: &super::value::Instance| {
                        let attrs = i.attrs.borrow();
                        Value::tuple(fields.iter().map(|n| attrs.get_str(n).cloned().unwrap_or(Value::None)).collect())
                    };
                    return self.eq_deep(host, &vals(p), &vals(q));
                }
            }
            return Ok(p.id == q.id);
        }
        Ok(false)
    }

    /// A comparison with an object of the program's on either side: its `__eq__`, `__lt__`…
    /// (reflected when only the right side has one), `__contains__` for `in`, the fields of a
    /// `@dataclass` for `==`. `None`: the usual rules decide.
    fn compare_objects(&mut self, host: &mut dyn Host, op: CmpOp, a: &Value, b: &Value) -> Res<Option<Option<Ret>>> {
        let (own, reflected) = match op {
            CmpOp::Eq => ("__eq__", "__eq__"),
            CmpOp::Ne => ("__ne__", "__ne__"),
            CmpOp::Lt => ("__lt__", "__gt__"),
            CmpOp::Le => ("__le__", "__ge__"),
            CmpOp::Gt => ("__gt__", "__lt__"),
            CmpOp::Ge => ("__ge__", "__le__"),
            CmpOp::In | CmpOp::NotIn => {
                let post = if op == CmpOp::In { Post::Truth } else { Post::Not };
                if let Some(m) = dunder(b, "__contains__") {
                    return self.call_then(host, m, vec![a.clone()], post).map(Some);
                }
                if dunder(b, "__iter__").is_some() {
                    let items = self.iterate(host, b)?;
                    let found = items.iter().any(|x| eq(x, a));
                    self.top().stack.push(Value::Bool(found == (op == CmpOp::In)));
                    return Ok(Some(None));
                }
                return Ok(None);
            }
            CmpOp::Is | CmpOp::IsNot => return Ok(None),
        };
        if let Some(m) = dunder(a, own) {
            return self.call_then(host, m, vec![b.clone()], Post::Keep).map(Some);
        }
        if let Some(m) = dunder(b, reflected) {
            return self.call_then(host, m, vec![a.clone()], Post::Keep).map(Some);
        }
        if op == CmpOp::Ne {
            // `object.__ne__`: the opposite of `__eq__`.
            if let Some(m) = dunder(a, "__eq__") {
                return self.call_then(host, m, vec![b.clone()], Post::Not).map(Some);
            }
            if let Some(m) = dunder(b, "__eq__") {
                return self.call_then(host, m, vec![a.clone()], Post::Not).map(Some);
            }
        }
        if let (Value::Instance(x), Value::Instance(y), CmpOp::Eq | CmpOp::Ne) = (a, b, op) {
            if x.class.id == y.class.id {
                if let Some(fields) = dataclass_fields(&x.class) {
                    let vals = |i: &super::value::Instance| {
                        let attrs = i.attrs.borrow();
                        Value::tuple(fields.iter().map(|n| attrs.get_str(n).cloned().unwrap_or(Value::None)).collect())
                    };
                    let same = eq(&vals(x), &vals(y));
                    self.top().stack.push(Value::Bool(same == (op == CmpOp::Eq)));
                    return Ok(Some(None));
                }
            }
        }
        Ok(None)
    }

    /// Calls a built-in object that holds values (see [`Value::Wrap`]).
    fn call_wrap(
        &mut self,
        host: &mut dyn Host,
        kind: &'static str,
        items: Rc<Vec<Value>>,
        mut args: Vec<Value>,
        mut kw: Vec<(Rc<str>, Value)>,
        sync: bool,
    ) -> Res<Ret> {
        let first = items.first().cloned().unwrap_or(Value::None);
        match kind {
            "partial" => {
                let mut all = match items.get(1) {
                    Some(Value::Tuple(t)) => t.to_vec(),
                    _ => Vec::new(),
                };
                all.append(&mut args);
                let mut kws: Vec<(Rc<str>, Value)> = match items.get(2) {
                    Some(Value::Dict(d)) => {
                        d.borrow().items().map(|(k, v)| (Rc::from(k.to_str().as_str()), v.clone())).collect()
                    }
                    _ => Vec::new(),
                };
                kws.retain(|(k, _)| !kw.iter().any(|(n, _)| n == k));
                kws.append(&mut kw);
                self.call(host, first, all, kws, sync)
            }
            "wraps" => {
                // `functools.wraps(f)(wrapper)`: the wrapper takes f's name and docstring.
                let w = args.into_iter().next().unwrap_or(Value::None);
                if let Value::Func(wf) = &w {
                    let name = builtins::get_attr(self, &first, "__name__").unwrap_or(Value::None);
                    let doc = builtins::get_attr(self, &first, "__doc__").unwrap_or(Value::None);
                    let mut attrs = wf.attrs.borrow_mut();
                    attrs.set_str("__name__", name);
                    attrs.set_str("__doc__", doc);
                    attrs.set_str("__wrapped__", first);
                }
                Ok(Ret::Val(w))
            }
            "lru_cache" => {
                let (Some(cache), Some(key)) = (items.get(1), Value::tuple(args.clone()).key()) else {
                    return self.call(host, first, args, kw, sync);
                };
                if let Value::Dict(d) = cache {
                    if let Some(v) = d.borrow().get(&key) {
                        return Ok(Ret::Val(v.clone()));
                    }
                }
                let r = self.call(host, first, args.clone(), kw, sync)?;
                let post = Post::Cache(cache.clone(), Value::tuple(args));
                Ok(match r {
                    Ret::Frame => {
                        if let Some(f) = self.frames.last_mut() {
                            f.post = post;
                        }
                        Ret::Frame
                    }
                    Ret::Val(v) => Ret::Val(post.apply(v).unwrap_or(Value::None)),
                    r => r,
                })
            }
            "staticmethod" | "classmethod" => self.call(host, first, args, kw, sync),
            _ => Err(type_err(format!("'{kind}' object is not callable"))),
        }
    }

    /// `__init__` of a `@dataclass`: its fields, in order, from the arguments or their defaults.
    fn dataclass_init(
        &mut self,
        host: &mut dyn Host,
        class: &Rc<super::value::Class>,
        obj: &Value,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
    ) -> Res<()> {
        let fields = dataclass_fields(class).unwrap_or_default();
        let Value::Instance(inst) = obj else { return Ok(()) };
        let name = format!("{}.__init__", class.name);
        if args.len() > fields.len() {
            let ndef = fields.iter().filter(|f| class.lookup(f).is_some()).count();
            let np = fields.len() + 1;
            let takes = if ndef > 0 {
                format!("from {} to {np} positional arguments", np - ndef)
            } else {
                format!("{np} positional argument{}", if np == 1 { "" } else { "s" })
            };
            let given = args.len() + 1;
            return Err(type_err(format!("{name}() takes {takes} but {given} were given")));
        }
        let mut vals: Vec<Option<Value>> = vec![None; fields.len()];
        for (i, a) in args.into_iter().enumerate() {
            vals[i] = Some(a);
        }
        for (k, v) in kw {
            match fields.iter().position(|f| **f == *k) {
                Some(i) if vals[i].is_some() => {
                    return Err(type_err(format!("{name}() got multiple values for argument '{k}'")))
                }
                Some(i) => vals[i] = Some(v),
                None => return Err(type_err(format!("{name}() got an unexpected keyword argument '{k}'"))),
            }
        }
        let mut missing = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            if vals[i].is_none() {
                match class.lookup(f) {
                    Some(Value::Wrap("field", w)) => {
                        let factory = w.first().cloned().unwrap_or(Value::None);
                        vals[i] = Some(self.call_sync(host, &factory, Vec::new())?);
                    }
                    Some(d) => vals[i] = Some(d),
                    None => missing.push(format!("'{f}'")),
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_err(format!(
                "{name}() missing {} required positional argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                join_and(&missing)
            )));
        }
        let mut attrs = inst.attrs.borrow_mut();
        for (f, v) in fields.iter().zip(vals) {
            attrs.set_str(f, v.unwrap_or(Value::None));
        }
        Ok(())
    }
}

/// The fields of a `@dataclass` class, in order.
pub fn dataclass_fields(class: &super::value::Class) -> Option<Vec<String>> {
    match class.lookup("__dataclass_fields__")? {
        Value::Tuple(t) => Some(t.iter().map(|v| v.to_str()).collect()),
        _ => None,
    }
}

impl Vm {
    /// Puts a generator's frame back on the stack to run to its next `yield` (`false`: it
    /// has ended). `for_end`: the `for` loop resuming it, else a built-in (a nested run).
    /// `gen.send(v)` (and `__next__`, with `None`): the next value the generator yields, `None`
    /// once it has ended. A generator that has not started takes only `None`.
    pub fn send(&mut self, host: &mut dyn Host, rc: &Rc<RefCell<Iter>>, it: &Value, v: Value) -> Res<Option<Value>> {
        let started = match &*rc.borrow() {
            Iter::Gen(Some(f), ..) => f.pc > 0,
            Iter::Gen(None, ..) => true,
            _ => return self.next(host, it),
        };
        if !started && !matches!(v, Value::None) {
            return Err(type_err("can't send non-None value to a just-started generator"));
        }
        if self.sync_depth > 20 {
            return Err(exc("RecursionError", "maximum recursion depth exceeded"));
        }
        let base = self.frames.len();
        self.sent = Some(v);
        let resumed = self.resume_gen(rc, None);
        self.sent = None;
        if !resumed? {
            return Ok(None);
        }
        self.gen_done = false;
        let v = self.run_nested(host, base)?;
        Ok(if std::mem::take(&mut self.gen_done) { None } else { Some(v) })
    }

    fn resume_gen(&mut self, it: &Rc<RefCell<Iter>>, for_end: Option<u32>) -> Res<bool> {
        let frame = match &mut *it.borrow_mut() {
            Iter::Gen(f, ..) => f.take(),
            _ => None,
        };
        let Some(mut frame) = frame else {
            if self.frames.iter().any(|f| f.gen.as_ref().is_some_and(|(g, _)| Rc::ptr_eq(g, it))) {
                return Err(exc("ValueError", "generator already executing"));
            }
            return Ok(false);
        };
        if self.frames.len() >= MAX_FRAMES {
            return Err(exc("RecursionError", "maximum recursion depth exceeded"));
        }
        if frame.pc > 0 {
            // The value of the `yield` it stopped at (what `send` gave, else `None`).
            frame.stack.push(self.sent.take().unwrap_or(Value::None));
        }
        frame.sync = for_end.is_none();
        frame.gen = Some((it.clone(), for_end));
        self.frames.push(*frame);
        Ok(true)
    }
}

/// A `namedtuple` object's values, in field order (`None`: not a namedtuple).
pub fn namedtuple_values(i: &super::value::Instance) -> Option<Value> {
    let Value::Tuple(fields) = i.class.lookup("_fields")? else { return None };
    let attrs = i.attrs.borrow();
    Some(Value::tuple(fields.iter().map(|f| attrs.get_str(&f.to_str()).cloned().unwrap_or(Value::None)).collect()))
}
