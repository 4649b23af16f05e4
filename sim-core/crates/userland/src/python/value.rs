//! Python values: what the VM's stacks hold. Lists and dicts are shared and mutable
//! (`Rc<RefCell<…>>`); dicts keep insertion order, as Python's do, so iteration is the same on
//! every run.

use super::code::Function;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

#[derive(Clone)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<Vec<Value>>),
    Dict(Rc<RefCell<Dict>>),
    Set(Rc<RefCell<Dict>>),
    Range(i64, i64, i64),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Func(Rc<Function>),
    /// A built-in function or a module's function, by its qualified name (`len`, `time.sleep`).
    Builtin(&'static str),
    /// A built-in type (`int`, `str`…): callable, and what `type()` and `isinstance` use.
    Type(&'static str),
    /// A method bound to its object (`"a".upper`, `xs.append`).
    Method(Box<Value>, Rc<str>),
    Module(Rc<Module>),
    /// An exception class, by name (see `exc::parent`).
    ExcType(Rc<str>),
    Exc(Rc<Exc>),
    Iter(Rc<RefCell<Iter>>),
    /// An open file (`open()`): its path, mode, contents and read position.
    File(Rc<RefCell<File>>),
    /// A class the program defined (`class Punto:`).
    Class(Rc<Class>),
    /// An object of such a class.
    Instance(Rc<Instance>),
    /// A method of the program's class bound to its object (`p.mover`).
    Bound(Box<Value>, Rc<Function>),
    /// `super()`: attribute lookups start after this class, for this object.
    Super(Rc<Class>, Box<Value>),
    /// A built-in object that holds values: `property` (getter, setter), `staticmethod`,
    /// `classmethod` (function), `functools.partial` (function, args, kwargs),
    /// `functools.wraps` (wrapped), `dataclasses.field` (default factory).
    Wrap(&'static str, Rc<Vec<Value>>),
    /// A local shared with a nested function (a closure's cell): only ever in a frame's slot.
    Cell(Rc<RefCell<Option<Value>>>),
}

/// A class of the program: its attributes (methods, class variables) and bases.
pub struct Class {
    pub name: Rc<str>,
    pub bases: Vec<Rc<Class>>,
    pub attrs: RefCell<Dict>,
    /// A number of its own (its hash, its made-up address).
    pub id: usize,
}

impl Class {
    /// `name` in the class or its bases, depth first from the left (Python's method resolution
    /// order for single inheritance and simple mixins), through an explicit stack.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.attrs.borrow().get_str(name) {
            return Some(v.clone());
        }
        let mut stack: Vec<Rc<Class>> = self.bases.iter().rev().cloned().collect();
        let mut budget = 10_000;
        while let Some(c) = stack.pop() {
            budget -= 1;
            if budget == 0 {
                break;
            }
            if let Some(v) = c.attrs.borrow().get_str(name) {
                return Some(v.clone());
            }
            stack.extend(c.bases.iter().rev().cloned());
        }
        None
    }

    /// Whether this class is `other` or inherits from it.
    pub fn is_subclass(&self, other: &Class) -> bool {
        if self.id == other.id {
            return true;
        }
        let mut stack: Vec<Rc<Class>> = self.bases.clone();
        let mut budget = 10_000;
        while let Some(c) = stack.pop() {
            budget -= 1;
            if c.id == other.id || budget == 0 {
                return budget != 0;
            }
            stack.extend(c.bases.iter().cloned());
        }
        false
    }
}

/// An object: its class and its own attributes (`self.x = …`).
pub struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<Dict>,
    pub id: usize,
}

/// The made-up address CPython's default `repr` shows for object `id`.
pub fn address(id: usize) -> String {
    format!("0x7f3a5d{:06x}", 0x2c4e10 + id * 0x50)
}

pub struct Module {
    pub name: String,
    pub attrs: RefCell<Dict>,
}

pub struct Exc {
    pub kind: Rc<str>,
    pub args: Vec<Value>,
    /// Frames the exception passed through: (file, line, function, caret span), innermost last.
    pub tb: RefCell<Vec<TbEntry>>,
    /// The exception being handled when this one was raised (`During handling …`).
    pub context: RefCell<Option<Rc<Exc>>>,
    /// `raise … from e`.
    pub cause: RefCell<Option<Rc<Exc>>>,
}

#[derive(Clone, Debug)]
pub struct TbEntry {
    pub file: Rc<str>,
    pub line: u32,
    pub func: Rc<str>,
    /// Columns (start, end) and anchors (start, end) on `line`, when the span is on one line.
    pub cols: Option<(u32, u32)>,
    pub anchors: Option<(u32, u32, bool)>,
}

pub struct File {
    pub path: String,
    pub write: bool,
    pub data: String,
    pub pos: usize,
    pub closed: bool,
}

pub enum Iter {
    Seq(Value, usize),
    Range(i64, i64, i64),
    Chars(Rc<str>, usize),
    /// An object of the program's class with `__next__`.
    Obj(Value),
    /// A generator: its function's suspended frame (`None` while it runs and once it ended)
    /// and the function's name and its number (its made-up address).
    Gen(Option<Box<super::vm::Frame>>, Rc<str>, usize),
    /// `enumerate(it, start)` and `zip(a, b…)`, lazily (their inputs may never end).
    Enum(Value, i64),
    Zip(Vec<Value>),
    /// `map(f, a, b…)` and `filter(f, it)`, lazily too: the function and the inputs.
    Map(Value, Vec<Value>),
    Filter(Value, Value),
    Done,
}

/// A key usable in a dict or set.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    None,
    Int(i64),
    Float(u64),
    Str(Rc<str>),
    Tuple(Vec<Key>),
    /// Functions, types, modules: by identity (their address).
    Id(usize),
    /// A class or an object of the program: by its number.
    Obj(usize),
}

#[derive(Clone, Default)]
pub struct Dict {
    pub entries: Vec<Option<(Value, Value)>>,
    index: BTreeMap<Key, usize>,
    len: usize,
    /// `"Counter"` or `"defaultdict"` for those dicts of `collections` ("" for a dict).
    pub kind: &'static str,
    /// A defaultdict's factory.
    pub factory: Option<Box<Value>>,
}

impl Dict {
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn get(&self, k: &Key) -> Option<&Value> {
        self.index.get(k).and_then(|i| self.entries[*i].as_ref()).map(|(_, v)| v)
    }
    pub fn insert(&mut self, key: Key, k: Value, v: Value) {
        match self.index.get(&key) {
            Some(i) => {
                if let Some(e) = &mut self.entries[*i] {
                    e.1 = v;
                }
            }
            None => {
                self.index.insert(key, self.entries.len());
                self.entries.push(Some((k, v)));
                self.len += 1;
            }
        }
    }
    pub fn remove(&mut self, k: &Key) -> Option<Value> {
        let i = self.index.remove(k)?;
        self.len -= 1;
        let e = self.entries[i].take().map(|(_, v)| v);
        if self.entries.len() > 32 && self.len * 2 < self.entries.len() {
            self.compact();
        }
        e
    }
    fn compact(&mut self) {
        let old = std::mem::take(&mut self.entries);
        self.index.clear();
        self.len = 0;
        for (k, v) in old.into_iter().flatten() {
            if let Some(key) = k.key() {
                self.insert(key, k, v);
            }
        }
    }
    pub fn items(&self) -> impl Iterator<Item = &(Value, Value)> {
        self.entries.iter().flatten()
    }
    pub fn set_str(&mut self, k: &str, v: Value) {
        let s: Rc<str> = Rc::from(k);
        self.insert(Key::Str(s.clone()), Value::Str(s), v);
    }
    pub fn get_str(&self, k: &str) -> Option<&Value> {
        self.get(&Key::Str(Rc::from(k)))
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }
    pub fn list(v: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(v)))
    }
    pub fn tuple(v: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(v))
    }

    pub fn type_name(&self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            Value::Instance(i) => return std::borrow::Cow::Owned(i.class.name.to_string()),
            Value::Class(_) => "type",
            Value::Bound(..) => "method",
            Value::Super(..) => "super",
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::Range(..) => "range",
            Value::Slice(..) => "slice",
            Value::Func(_) => "function",
            Value::Builtin("NotImplemented") => "NotImplementedType",
            Value::Builtin(_) => "builtin_function_or_method",
            Value::Type(_) | Value::ExcType(_) => "type",
            Value::Method(..) => "method",
            Value::Module(_) => "module",
            Value::Exc(_) => "exception",
            Value::Iter(i) => match &*i.borrow() {
                Iter::Gen(..) => "generator",
                Iter::Enum(..) => "enumerate",
                Iter::Zip(_) => "zip",
                Iter::Map(..) => "map",
                Iter::Filter(..) => "filter",
                _ => "iterator",
            },
            Value::File(_) => "_io.TextIOWrapper",
            Value::Cell(_) => "cell",
            Value::Wrap(k, _) => match *k {
                "partial" => "functools.partial",
                "field" => "Field",
                k => k,
            },
        })
    }

    /// The dict key of a hashable value; `None` for lists, dicts, sets.
    pub fn key(&self) -> Option<Key> {
        Some(match self {
            Value::None => Key::None,
            Value::Bool(b) => Key::Int(*b as i64),
            Value::Int(i) => Key::Int(*i),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.0e18 {
                    Key::Int(*f as i64)
                } else {
                    Key::Float(f.to_bits())
                }
            }
            Value::Str(s) => Key::Str(s.clone()),
            Value::Tuple(t) => Key::Tuple(t.iter().map(|v| v.key()).collect::<Option<Vec<_>>>()?),
            Value::List(_) | Value::Dict(_) | Value::Set(_) => return None,
            Value::Func(f) => Key::Id(Rc::as_ptr(f) as *const u8 as usize),
            Value::Module(m) => Key::Id(Rc::as_ptr(m) as *const u8 as usize),
            Value::Builtin(n) | Value::Type(n) => Key::Str(Rc::from(format!("<{n}>").as_str())),
            Value::ExcType(n) => Key::Str(Rc::from(format!("<exc {n}>").as_str())),
            Value::Exc(e) => Key::Id(Rc::as_ptr(e) as *const u8 as usize),
            Value::Class(c) => Key::Obj(c.id),
            Value::Instance(i) => Key::Obj(i.id),
            _ => return None,
        })
    }

    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::Set(d) => !d.borrow().is_empty(),
            Value::Range(a, b, s) => range_len(*a, *b, *s) > 0,
            _ => true,
        }
    }

    /// `str(x)`.
    pub fn to_str(&self) -> String {
        match self {
            Value::Str(s) => s.to_string(),
            Value::Exc(e) => exc_str(e),
            Value::Wrap(k @ ("datetime" | "date" | "timedelta"), w) => match w.first() {
                Some(Value::Int(n)) => super::stdlib::time_str(k, *n),
                _ => self.repr(),
            },
            _ => self.repr(),
        }
    }

    /// `repr(x)`.
    pub fn repr(&self) -> String {
        match self.repr_with(|_| Ok::<_, std::convert::Infallible>(None)) {
            Ok(text) => text,
            Err(never) => match never {},
        }
    }

    /// `repr(x)`, where `leaf` may answer for a value itself (the program's own `__repr__`, for
    /// its objects inside containers too) or leave it to the usual rules (`None`). Containers
    /// nest through an explicit stack of pending texts, never recursion.
    pub fn repr_with<E>(&self, mut leaf: impl FnMut(&Value) -> Result<Option<String>, E>) -> Result<String, E> {
        let mut out = String::new();
        // Work items: a value to print, or a literal text.
        enum W {
            V(Value),
            T(&'static str),
        }
        fn push_seq(
            stack: &mut Vec<W>,
            items: Vec<Value>,
            open: &'static str,
            close: &'static str,
            single: bool,
            out: &mut String,
        ) {
            out.push_str(open);
            stack.push(W::T(close));
            if single {
                stack.push(W::T(","));
            }
            for (n, v) in items.into_iter().enumerate().rev() {
                stack.push(W::V(v));
                if n > 0 {
                    stack.push(W::T(", "));
                }
            }
        }
        let mut stack = vec![W::V(self.clone())];
        let mut budget = 1_000_000usize;
        while let Some(w) = stack.pop() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                out.push_str("...");
                break;
            }
            let v = match w {
                W::T(t) => {
                    out.push_str(t);
                    continue;
                }
                W::V(v) => v,
            };
            if let Some(text) = leaf(&v)? {
                out.push_str(&text);
                continue;
            }
            match &v {
                Value::List(l) => {
                    let items = l.borrow().clone();
                    push_seq(&mut stack, items, "[", "]", false, &mut out);
                }
                Value::Tuple(t) => {
                    let single = t.len() == 1;
                    push_seq(&mut stack, t.to_vec(), "(", ")", single, &mut out);
                }
                Value::Set(d) => {
                    let items: Vec<Value> = d.borrow().items().map(|(k, _)| k.clone()).collect();
                    if items.is_empty() {
                        out.push_str("set()");
                    } else {
                        push_seq(&mut stack, items, "{", "}", false, &mut out);
                    }
                }
                Value::Dict(d) => {
                    let (kind, factory) = (d.borrow().kind, d.borrow().factory.clone());
                    let items: Vec<(Value, Value)> = match kind {
                        "Counter" => super::stdlib::most_common(&d.borrow()),
                        _ => d.borrow().items().cloned().collect(),
                    };
                    match (kind, factory) {
                        ("Counter", _) if items.is_empty() => {
                            out.push_str("Counter()");
                            continue;
                        }
                        ("Counter", _) => {
                            out.push_str("Counter(");
                            stack.push(W::T(")"));
                        }
                        ("defaultdict", f) => {
                            let f = f.map(|f| scalar_repr(&f)).unwrap_or_else(|| "None".into());
                            out.push_str(&format!("defaultdict({f}, "));
                            stack.push(W::T(")"));
                        }
                        _ => {}
                    }
                    out.push('{');
                    stack.push(W::T("}"));
                    for (n, (k, v)) in items.into_iter().enumerate().rev() {
                        stack.push(W::V(v));
                        stack.push(W::T(": "));
                        stack.push(W::V(k));
                        if n > 0 {
                            stack.push(W::T(", "));
                        }
                    }
                }
                other => out.push_str(&scalar_repr(other)),
            }
        }
        Ok(out)
    }
}

pub fn range_len(a: i64, b: i64, s: i64) -> i64 {
    if s > 0 && b > a {
        (b - a + s - 1) / s
    } else if s < 0 && a > b {
        (a - b - s - 1) / (-s)
    } else {
        0
    }
}

fn scalar_repr(v: &Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => str_repr(s),
        Value::Range(a, b, s) => {
            if *s == 1 {
                format!("range({a}, {b})")
            } else {
                format!("range({a}, {b}, {s})")
            }
        }
        Value::Slice(a, b, c) => {
            let f = |x: &Option<i64>| x.map(|v| v.to_string()).unwrap_or_else(|| "None".into());
            format!("slice({}, {}, {})", f(a), f(b), f(c))
        }
        Value::Func(f) => format!("<function {} at 0x7f3a5c{:06x}>", f.name(), 0x1a2b00 + f.id * 0xa0),
        Value::Cell(_) => "<cell>".into(),
        Value::Wrap(k @ ("datetime" | "date" | "timedelta"), items) if matches!(items.first(), Some(Value::Int(_))) => {
            let n = if let Some(Value::Int(n)) = items.first() { *n } else { 0 };
            super::stdlib::time_repr(k, n)
        }
        Value::Wrap(k, items) => match (*k, items.first()) {
            ("partial", Some(f)) => format!("functools.partial({}, ...)", scalar_repr(f)),
            (k, _) => format!("<{k} object at {}>", address(items.len())),
        },
        Value::Builtin("NotImplemented") => "NotImplemented".into(),
        Value::Builtin(n) => format!("<built-in function {}>", n.rsplit('.').next().unwrap_or(n)),
        Value::Type(n) => format!("<class '{n}'>"),
        Value::ExcType(n) => format!("<class '{n}'>"),
        Value::Class(c) => format!("<class '__main__.{}'>", c.name),
        Value::Instance(i) => format!("<__main__.{} object at {}>", i.class.name, address(i.id)),
        Value::Bound(o, f) => format!("<bound method {}.{} of {}>", o.type_name(), f.code.name, scalar_repr(o)),
        Value::Super(c, o) => format!("<super: <class '{}'>, <{} object>>", c.name, o.type_name()),
        Value::Method(o, n) if matches!(**o, Value::Instance(_)) => {
            format!("<bound method {}.{n} of {}>", o.type_name(), scalar_repr(o))
        }
        Value::Method(o, n) => format!("<built-in method {n} of {} object>", o.type_name()),
        Value::Module(m) => {
            if matches!(m.name.as_str(), "sys" | "time" | "math") {
                format!("<module '{}' (built-in)>", m.name)
            } else {
                format!("<module '{}' from '/usr/local/lib/python3.12/{}.py'>", m.name, m.name)
            }
        }
        Value::Exc(e) => {
            let args: Vec<String> = e.args.iter().map(|a| a.repr()).collect();
            if args.len() == 1 {
                format!("{}({})", e.kind, args[0])
            } else {
                format!("{}({})", e.kind, args.join(", "))
            }
        }
        Value::Iter(i) => match &*i.borrow() {
            Iter::Gen(_, name, id) => format!("<generator object {name} at {}>", address(*id)),
            _ => "<iterator object>".into(),
        },
        Value::File(f) => {
            let f = f.borrow();
            format!("<_io.TextIOWrapper name='{}' mode='{}' encoding='UTF-8'>", f.path, if f.write { "w" } else { "r" })
        }
        Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) => String::new(),
    }
}

/// `str(e)`: the message alone (a KeyError's is its key's repr).
pub fn exc_str(e: &Exc) -> String {
    match e.args.len() {
        0 => String::new(),
        1 if &*e.kind == "KeyError" => e.args[0].repr(),
        1 => e.args[0].to_str(),
        _ => Value::tuple(e.args.clone()).repr(),
    }
}

/// Python's shortest round-tripping float text (`0.1`, `1e+16`, `inf`).
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    let exp = f.abs().log10().floor() as i32;
    if !(-4..16).contains(&exp) {
        // Scientific: Rust's `{:e}` gives the shortest digits (`1e16`); Python writes `1e+16`.
        let s = format!("{f:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        return format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    let s = format!("{f}");
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

pub fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(q);
    out
}
