//! Built-in functions, types' methods, operators and the standard modules the subset has
//! (`os`, `os.path`, `sys`, `time`, `math`, `random`, `socket`, `functools`, `dataclasses`;
//! `json`, `collections`, `datetime`, `itertools` with their helpers in `stdlib`). A module it lacks fails to
//! import as CPython's would (`ModuleNotFoundError`), and the program's job says why.

use super::ast::BinOp;
use super::format;
use super::value::{Dict, Exc, File, Module, Value};
use super::vm::{
    dunder, eq, exc, hash_key, is_exc_class, make_iter, new_exc, order, overflow, type_err, Host, Res, Ret, Vm,
};
use std::cell::RefCell;
use std::rc::Rc;

pub const BUILTIN_NAMES: &[&str] = &[
    "print",
    "len",
    "range",
    "str",
    "int",
    "float",
    "bool",
    "list",
    "dict",
    "tuple",
    "set",
    "type",
    "isinstance",
    "abs",
    "min",
    "max",
    "sum",
    "sorted",
    "reversed",
    "enumerate",
    "zip",
    "map",
    "filter",
    "any",
    "all",
    "round",
    "repr",
    "input",
    "open",
    "ord",
    "chr",
    "hex",
    "bin",
    "oct",
    "divmod",
    "pow",
    "iter",
    "next",
    "getattr",
    "hasattr",
    "callable",
    "super",
    "setattr",
    "format",
    "exit",
    "quit",
    "id",
    "hash",
    "frozenset",
    "property",
    "staticmethod",
    "classmethod",
    "Exception",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "NameError",
    "ZeroDivisionError",
    "RuntimeError",
    "AttributeError",
    "KeyboardInterrupt",
    "SystemExit",
    "OSError",
    "FileNotFoundError",
    "ConnectionRefusedError",
    "ConnectionError",
    "TimeoutError",
    "ImportError",
    "ModuleNotFoundError",
    "AssertionError",
    "StopIteration",
    "NotImplementedError",
    "None",
    "True",
    "False",
];

const TYPES: &[&str] =
    &["int", "str", "float", "bool", "list", "dict", "tuple", "set", "range", "type", "frozenset", "object"];

/// A name the builtins module has.
pub fn builtin(name: &str) -> Option<Value> {
    if let Some(t) = TYPES.iter().find(|t| **t == name) {
        return Some(Value::Type(t));
    }
    if is_exc_class(name) && !name.contains('.') {
        return Some(Value::ExcType(Rc::from(name)));
    }
    if name == "__displayhook__" {
        return Some(Value::Builtin("__displayhook__"));
    }
    // The singleton a binary dunder returns when it does not handle its operand.
    if name == "NotImplemented" {
        return Some(Value::Builtin("NotImplemented"));
    }
    BUILTIN_NAMES.iter().find(|n| **n == name && !n.starts_with(char::is_uppercase)).map(|n| Value::Builtin(n))
}

fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

fn float_of(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn norm_index(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    (j >= 0 && (j as usize) < len).then_some(j as usize)
}

/// Indices a slice selects in a sequence of `len`.
fn slice_indices(a: Option<i64>, b: Option<i64>, s: Option<i64>, len: usize) -> Res<Vec<usize>> {
    let step = s.unwrap_or(1);
    if step == 0 {
        return Err(exc("ValueError", "slice step cannot be zero"));
    }
    let len = len as i64;
    let clamp = |x: i64, lo: i64, hi: i64| x.max(lo).min(hi);
    let fix = |x: i64| if x < 0 { x + len } else { x };
    let mut out = Vec::new();
    if step > 0 {
        let start = clamp(a.map(fix).unwrap_or(0), 0, len);
        let stop = clamp(b.map(fix).unwrap_or(len), 0, len);
        let mut i = start;
        while i < stop {
            out.push(i as usize);
            i += step;
        }
    } else {
        let start = clamp(a.map(fix).unwrap_or(len - 1), -1, len - 1);
        let stop = clamp(b.map(fix).unwrap_or(-1), -1, len - 1);
        let mut i = start;
        while i > stop {
            out.push(i as usize);
            i += step;
        }
    }
    Ok(out)
}

pub fn subscr(obj: &Value, idx: &Value) -> Res<Value> {
    match (obj, idx) {
        (Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(..), Value::Slice(a, b, s)) => {
            let items = seq(obj);
            let ix = slice_indices(*a, *b, *s, items.len())?;
            let picked: Vec<Value> = ix.into_iter().map(|i| items[i].clone()).collect();
            Ok(match obj {
                Value::Tuple(_) => Value::tuple(picked),
                Value::Str(_) => Value::str(&picked.iter().map(|v| v.to_str()).collect::<String>()),
                _ => Value::list(picked),
            })
        }
        (Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(..), _) => {
            let Some(i) = int_of(idx) else {
                let what = match obj {
                    Value::Str(_) => "string".into(),
                    _ => obj.type_name(),
                };
                return Err(type_err(format!("{what} indices must be integers or slices, not {}", idx.type_name())));
            };
            let got = match obj {
                Value::List(l) => {
                    let l = l.borrow();
                    norm_index(i, l.len()).map(|j| l[j].clone())
                }
                Value::Tuple(t) => norm_index(i, t.len()).map(|j| t[j].clone()),
                Value::Str(s) => {
                    let n = s.chars().count();
                    norm_index(i, n).and_then(|j| s.chars().nth(j)).map(|c| Value::str(c.encode_utf8(&mut [0; 4])))
                }
                Value::Range(a, b, s) => {
                    norm_index(i, super::value::range_len(*a, *b, *s) as usize).map(|j| Value::Int(a + j as i64 * s))
                }
                _ => None,
            };
            got.ok_or_else(|| {
                let what: std::borrow::Cow<'static, str> = match obj {
                    Value::Str(_) => "string".into(),
                    Value::Range(..) => "range object".into(),
                    o => o.type_name(),
                };
                exc("IndexError", format!("{what} index out of range"))
            })
        }
        (Value::Dict(d), _) => {
            let key = hash_key(idx)?;
            d.borrow().get(&key).cloned().ok_or_else(|| new_exc("KeyError", vec![idx.clone()]))
        }
        _ => Err(type_err(format!("'{}' object is not subscriptable", obj.type_name()))),
    }
}

pub fn store_subscr(obj: &Value, idx: Value, v: Value) -> Res<()> {
    match obj {
        Value::List(l) => {
            if let Value::Slice(a, b, s) = idx {
                let new = seq(&v);
                let mut l = l.borrow_mut();
                let ix = slice_indices(a, b, s, l.len())?;
                if s.unwrap_or(1) == 1 {
                    let (st, en) = match (ix.first(), ix.last()) {
                        (Some(f), Some(e)) => (*f, e + 1),
                        _ => {
                            let st = slice_indices(a, None, None, l.len())?.first().copied().unwrap_or(l.len());
                            (st, st)
                        }
                    };
                    l.splice(st..en, new);
                } else {
                    for (i, x) in ix.into_iter().zip(new) {
                        l[i] = x;
                    }
                }
                return Ok(());
            }
            let i = int_of(&idx)
                .ok_or_else(|| type_err(format!("list indices must be integers or slices, not {}", idx.type_name())))?;
            let mut l = l.borrow_mut();
            let n = l.len();
            let j = norm_index(i, n).ok_or_else(|| exc("IndexError", "list assignment index out of range"))?;
            l[j] = v;
            Ok(())
        }
        Value::Dict(d) => {
            let key = hash_key(&idx)?;
            d.borrow_mut().insert(key, idx, v);
            Ok(())
        }
        _ => Err(type_err(format!("'{}' object does not support item assignment", obj.type_name()))),
    }
}

pub fn del_subscr(obj: &Value, idx: &Value) -> Res<()> {
    match obj {
        Value::List(l) => {
            let i = int_of(idx).ok_or_else(|| type_err("list indices must be integers or slices"))?;
            let mut l = l.borrow_mut();
            let n = l.len();
            let j = norm_index(i, n).ok_or_else(|| exc("IndexError", "list assignment index out of range"))?;
            l.remove(j);
            Ok(())
        }
        Value::Dict(d) => {
            let key = hash_key(idx)?;
            d.borrow_mut().remove(&key).map(|_| ()).ok_or_else(|| new_exc("KeyError", vec![idx.clone()]))
        }
        _ => Err(type_err(format!("'{}' object doesn't support item deletion", obj.type_name()))),
    }
}

/// The items of a sequence (strings: their characters).
fn seq(v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        Value::Str(s) => s.chars().map(|c| Value::str(c.encode_utf8(&mut [0; 4]))).collect(),
        Value::Range(a, b, s) => {
            let n = super::value::range_len(*a, *b, *s).min(10_000_000);
            (0..n).map(|i| Value::Int(a + i * s)).collect()
        }
        Value::Dict(d) | Value::Set(d) => d.borrow().items().map(|(k, _)| k.clone()).collect(),
        _ => Vec::new(),
    }
}

pub fn make_set(items: Vec<Value>) -> Res<Value> {
    let mut d = Dict::default();
    for v in items {
        let k = hash_key(&v)?;
        d.insert(k, v, Value::None);
    }
    Ok(Value::Set(Rc::new(RefCell::new(d))))
}

fn unsupported_operand(op: BinOp, a: &Value, b: &Value) -> Rc<Exc> {
    if op == BinOp::Add && matches!(a, Value::Str(_)) {
        return type_err(format!("can only concatenate str (not \"{}\") to str", b.type_name()));
    }
    if op == BinOp::Add && matches!(a, Value::List(_)) {
        return type_err(format!("can only concatenate list (not \"{}\") to list", b.type_name()));
    }
    type_err(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        super::vm::binop_name(op),
        a.type_name(),
        b.type_name()
    ))
}

pub fn binop(op: BinOp, a: &Value, b: &Value, inplace: bool) -> Res<Value> {
    use BinOp::*;
    if matches!(a, Value::Wrap(..)) || matches!(b, Value::Wrap(..)) {
        if let Some(v) = super::stdlib::time_binop(op, a, b) {
            return Ok(v);
        }
    }
    if let (Some(x), Some(y)) = (int_of(a), int_of(b)) {
        let r = match op {
            Add => x.checked_add(y),
            Sub => x.checked_sub(y),
            Mul => x.checked_mul(y),
            Div => {
                if y == 0 {
                    return Err(exc("ZeroDivisionError", "division by zero"));
                }
                return Ok(Value::Float(x as f64 / y as f64));
            }
            FloorDiv | Mod => {
                if y == 0 {
                    return Err(exc(
                        "ZeroDivisionError",
                        if op == Mod { "integer modulo by zero" } else { "integer division or modulo by zero" },
                    ));
                }
                // Python floors (the remainder takes the divisor's sign).
                let Some(mut q) = x.checked_div(y) else { return Err(overflow()) };
                if x % y != 0 && ((x < 0) != (y < 0)) {
                    q -= 1;
                }
                Some(if op == Mod { x - q * y } else { q })
            }
            Pow => {
                if y < 0 {
                    return Ok(Value::Float((x as f64).powf(y as f64)));
                }
                u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
            }
            BitAnd => Some(x & y),
            BitOr => Some(x | y),
            BitXor => Some(x ^ y),
            Shl => u32::try_from(y).ok().and_then(|s| x.checked_shl(s)).filter(|r| r >> y.min(63) == x),
            Shr => Some(x >> y.clamp(0, 63)),
            MatMul => None,
        };
        return match (r, op) {
            (Some(v), BitAnd | BitOr | BitXor) if matches!((a, b), (Value::Bool(_), Value::Bool(_))) => {
                Ok(Value::Bool(v != 0))
            }
            (Some(v), _) => Ok(Value::Int(v)),
            (None, MatMul) => Err(unsupported_operand(op, a, b)),
            (None, _) => Err(overflow()),
        };
    }
    if let (Some(x), Some(y)) = (float_of(a), float_of(b)) {
        let r = match op {
            Add => x + y,
            Sub => x - y,
            Mul => x * y,
            Div | FloorDiv | Mod if y == 0.0 => {
                return Err(exc(
                    "ZeroDivisionError",
                    match op {
                        Div => "float division by zero",
                        FloorDiv => "float floor division by zero",
                        _ => "float modulo",
                    },
                ))
            }
            Div => x / y,
            FloorDiv => (x / y).floor(),
            Mod => {
                let r = x % y;
                if r != 0.0 && (r < 0.0) != (y < 0.0) {
                    r + y
                } else {
                    r
                }
            }
            Pow => x.powf(y),
            _ => return Err(unsupported_operand(op, a, b)),
        };
        return Ok(Value::Float(r));
    }
    match (op, a, b) {
        (Add, Value::Str(x), Value::Str(y)) => Ok(Value::str(&format!("{x}{y}"))),
        (Add, Value::List(x), Value::List(y)) => {
            if inplace {
                let ys = y.borrow().clone();
                x.borrow_mut().extend(ys);
                return Ok(a.clone());
            }
            let mut v = x.borrow().clone();
            v.extend(y.borrow().iter().cloned());
            Ok(Value::list(v))
        }
        (Add, Value::List(x), _) if inplace && matches!(b, Value::Tuple(_) | Value::Str(_) | Value::Range(..)) => {
            x.borrow_mut().extend(seq(b));
            Ok(a.clone())
        }
        (Add, Value::Tuple(x), Value::Tuple(y)) => Ok(Value::tuple(x.iter().chain(y.iter()).cloned().collect())),
        (Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_), _)
        | (Mul, _, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => {
            let (s, n) = if int_of(b).is_some() { (a, b) } else { (b, a) };
            let Some(n) = int_of(n) else {
                return Err(type_err(format!("can't multiply sequence by non-int of type '{}'", n.type_name())));
            };
            let n = n.max(0) as usize;
            let len = match s {
                Value::Str(x) => x.len(),
                Value::List(l) => l.borrow().len(),
                Value::Tuple(t) => t.len(),
                _ => 0,
            };
            if len.saturating_mul(n) > 50_000_000 {
                return Err(exc("MemoryError", ""));
            }
            Ok(match s {
                Value::Str(x) => Value::str(&x.repeat(n)),
                Value::List(l) => {
                    let items = l.borrow();
                    Value::list((0..n).flat_map(|_| items.iter().cloned()).collect())
                }
                Value::Tuple(t) => Value::tuple((0..n).flat_map(|_| t.iter().cloned()).collect()),
                _ => Value::None,
            })
        }
        (Mod, Value::Str(f), _) => Ok(Value::str(&format::percent(f, b)?)),
        (BitOr | BitAnd | Sub | BitXor, Value::Set(x), Value::Set(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            let mut out = Dict::default();
            let inx = |d: &Dict, k: &Value| k.key().is_some_and(|key| d.get(&key).is_some());
            match op {
                BitOr => {
                    for (k, _) in x.items().chain(y.items()) {
                        out.insert(hash_key(k)?, k.clone(), Value::None);
                    }
                }
                BitAnd => {
                    for (k, _) in x.items().filter(|(k, _)| inx(&y, k)) {
                        out.insert(hash_key(k)?, k.clone(), Value::None);
                    }
                }
                Sub => {
                    for (k, _) in x.items().filter(|(k, _)| !inx(&y, k)) {
                        out.insert(hash_key(k)?, k.clone(), Value::None);
                    }
                }
                _ => {
                    for (k, _) in x.items().filter(|(k, _)| !inx(&y, k)).chain(y.items().filter(|(k, _)| !inx(&x, k))) {
                        out.insert(hash_key(k)?, k.clone(), Value::None);
                    }
                }
            }
            Ok(Value::Set(Rc::new(RefCell::new(out))))
        }
        (BitOr, Value::Dict(x), Value::Dict(y)) => {
            let mut d = x.borrow().clone();
            for (k, v) in y.borrow().items() {
                d.insert(hash_key(k)?, k.clone(), v.clone());
            }
            Ok(Value::Dict(Rc::new(RefCell::new(d))))
        }
        _ => Err(unsupported_operand(op, a, b)),
    }
}

fn module(name: &str, attrs: Vec<(&str, Value)>) -> Rc<Module> {
    let mut d = Dict::default();
    d.set_str("__name__", Value::str(name));
    for (k, v) in attrs {
        d.set_str(k, v);
    }
    Rc::new(Module { name: name.to_string(), attrs: RefCell::new(d) })
}

/// Modules people install with pip, which the simulated image does not have.
pub fn known_third_party(name: &str) -> bool {
    matches!(
        name,
        "flask"
            | "django"
            | "fastapi"
            | "uvicorn"
            | "gunicorn"
            | "redis"
            | "psycopg2"
            | "psycopg"
            | "pymysql"
            | "mysql"
            | "requests"
            | "sqlalchemy"
            | "pymongo"
            | "numpy"
            | "pandas"
            | "dotenv"
            | "neo4j"
            | "celery"
            | "aiohttp"
            | "httpx"
            | "pydantic"
            | "werkzeug"
            | "jinja2"
            | "yaml"
    )
}

pub fn import(vm: &mut Vm, name: &str) -> Res<Value> {
    if let Some(m) = vm.modules.iter().find(|m| m.name == name) {
        return Ok(Value::Module(m.clone()));
    }
    let b = |n: &'static str| Value::Builtin(n);
    let m = match name {
        "os" => {
            let path = import(vm, "os.path")?;
            module(
                "os",
                vec![
                    ("environ", Value::Dict(vm.env.clone())),
                    ("getenv", b("os.getenv")),
                    ("getcwd", b("os.getcwd")),
                    ("listdir", b("os.listdir")),
                    ("getpid", b("os.getpid")),
                    ("path", path),
                    ("sep", Value::str("/")),
                    ("linesep", Value::str("\n")),
                    ("name", Value::str("posix")),
                    ("_exit", b("os._exit")),
                ],
            )
        }
        "os.path" => module(
            "posixpath",
            vec![
                ("join", b("os.path.join")),
                ("exists", b("os.path.exists")),
                ("isfile", b("os.path.isfile")),
                ("isdir", b("os.path.isdir")),
                ("basename", b("os.path.basename")),
                ("dirname", b("os.path.dirname")),
                ("abspath", b("os.path.abspath")),
            ],
        ),
        "sys" => {
            let argv = Value::list(vm.argv.iter().map(|a| Value::str(a)).collect());
            let stdout = module("sys.stdout", vec![("write", b("sys.stdout.write")), ("flush", b("sys.stdout.flush"))]);
            let stderr = module("sys.stderr", vec![("write", b("sys.stderr.write")), ("flush", b("sys.stderr.flush"))]);
            let stdin = module("sys.stdin", vec![("readline", b("sys.stdin.readline"))]);
            let v = vm.python_version;
            module(
                "sys",
                vec![
                    ("argv", argv),
                    ("exit", b("sys.exit")),
                    ("stdout", Value::Module(stdout)),
                    ("stderr", Value::Module(stderr)),
                    ("stdin", Value::Module(stdin)),
                    ("version", Value::str(&format!("{v} (main, Feb  4 2025, 04:38:00) [GCC 12.2.0]"))),
                    ("version_info", {
                        let n: Vec<Value> = v.split('.').map(|p| Value::Int(p.parse().unwrap_or(0))).collect();
                        let mut parts = n;
                        parts.extend([Value::str("final"), Value::Int(0)]);
                        Value::tuple(parts)
                    }),
                    ("platform", Value::str("linux")),
                    ("executable", Value::str("/usr/local/bin/python3")),
                    ("maxsize", Value::Int(i64::MAX)),
                    ("path", Value::list(vec![Value::str(&vm.cwd)])),
                ],
            )
        }
        "time" => module(
            "time",
            vec![
                ("sleep", b("time.sleep")),
                ("time", b("time.time")),
                ("monotonic", b("time.monotonic")),
                ("perf_counter", b("time.perf_counter")),
                ("strftime", b("time.strftime")),
                ("ctime", b("time.ctime")),
            ],
        ),
        "math" => module(
            "math",
            vec![
                ("pi", Value::Float(std::f64::consts::PI)),
                ("e", Value::Float(std::f64::consts::E)),
                ("inf", Value::Float(f64::INFINITY)),
                ("sqrt", b("math.sqrt")),
                ("floor", b("math.floor")),
                ("ceil", b("math.ceil")),
                ("pow", b("math.pow")),
                ("fabs", b("math.fabs")),
                ("log", b("math.log")),
                ("sin", b("math.sin")),
                ("cos", b("math.cos")),
                ("isclose", b("math.isclose")),
            ],
        ),
        "random" => module(
            "random",
            vec![
                ("random", b("random.random")),
                ("randint", b("random.randint")),
                ("choice", b("random.choice")),
                ("shuffle", b("random.shuffle")),
                ("seed", b("random.seed")),
                ("uniform", b("random.uniform")),
            ],
        ),
        "functools" => module(
            "functools",
            vec![
                ("wraps", b("functools.wraps")),
                ("partial", b("functools.partial")),
                ("reduce", b("functools.reduce")),
                ("lru_cache", b("functools.lru_cache")),
                ("cache", b("functools.cache")),
            ],
        ),
        "json" => module(
            "json",
            vec![
                ("dumps", b("json.dumps")),
                ("loads", b("json.loads")),
                ("dump", b("json.dump")),
                ("load", b("json.load")),
                ("JSONDecodeError", Value::ExcType(Rc::from("json.decoder.JSONDecodeError"))),
            ],
        ),
        "collections" => module(
            "collections",
            vec![
                ("Counter", b("collections.Counter")),
                ("defaultdict", b("collections.defaultdict")),
                ("namedtuple", b("collections.namedtuple")),
                ("OrderedDict", Value::Type("dict")),
            ],
        ),
        "datetime" => module(
            "datetime",
            vec![
                ("datetime", Value::Type("datetime")),
                ("date", Value::Type("date")),
                ("timedelta", Value::Type("timedelta")),
            ],
        ),
        "itertools" => module(
            "itertools",
            vec![
                ("count", b("itertools.count")),
                ("chain", b("itertools.chain")),
                ("islice", b("itertools.islice")),
                ("product", b("itertools.product")),
                ("permutations", b("itertools.permutations")),
                ("combinations", b("itertools.combinations")),
                ("repeat", b("itertools.repeat")),
                ("accumulate", b("itertools.accumulate")),
            ],
        ),
        "dataclasses" => {
            module("dataclasses", vec![("dataclass", b("dataclasses.dataclass")), ("field", b("dataclasses.field"))])
        }
        "socket" => module(
            "socket",
            vec![
                ("create_connection", b("socket.create_connection")),
                ("gethostbyname", b("socket.gethostbyname")),
                ("gethostname", b("socket.gethostname")),
                ("gaierror", Value::ExcType(Rc::from("socket.gaierror"))),
                ("error", Value::ExcType(Rc::from("OSError"))),
                ("timeout", Value::ExcType(Rc::from("TimeoutError"))),
            ],
        ),
        _ if vm.installed.iter().any(|p| p == name.split('.').next().unwrap_or(name)) => {
            // pip installed it: real Python imports it; this subset cannot run its code.
            return Err(exc(
                "NotImplementedError",
                format!(
                    "Muelle's Python subset cannot run the pip package '{}' (it is installed in this image; real Python imports it)",
                    name.split('.').next().unwrap_or(name)
                ),
            ));
        }
        _ => {
            vm.missing_module = Some(name.split('.').next().unwrap_or(name).to_string());
            return Err(exc(
                "ModuleNotFoundError",
                format!("No module named '{}'", name.split('.').next().unwrap_or(name)),
            ));
        }
    };
    vm.modules.push(m.clone());
    Ok(Value::Module(m))
}

/// Methods each type has (so `x.name` is a bound method).
fn has_method(v: &Value, name: &str) -> bool {
    let list: &[&str] = match v {
        Value::Str(_) => &[
            "upper",
            "lower",
            "strip",
            "lstrip",
            "rstrip",
            "split",
            "rsplit",
            "join",
            "replace",
            "startswith",
            "endswith",
            "find",
            "rfind",
            "index",
            "count",
            "format",
            "isdigit",
            "isnumeric",
            "isalpha",
            "isalnum",
            "isspace",
            "isupper",
            "islower",
            "title",
            "capitalize",
            "center",
            "ljust",
            "rjust",
            "zfill",
            "splitlines",
            "partition",
            "encode",
            "swapcase",
        ],
        Value::List(_) => {
            &["append", "extend", "insert", "pop", "remove", "index", "count", "sort", "reverse", "copy", "clear"]
        }
        Value::Tuple(_) => &["index", "count"],
        Value::Dict(d) if d.borrow().kind == "Counter" => &[
            "get",
            "keys",
            "values",
            "items",
            "pop",
            "setdefault",
            "update",
            "copy",
            "clear",
            "most_common",
            "total",
            "elements",
        ],
        Value::Dict(_) => &["get", "keys", "values", "items", "pop", "setdefault", "update", "copy", "clear"],
        Value::Set(_) => {
            &["add", "remove", "discard", "pop", "union", "intersection", "difference", "copy", "clear", "update"]
        }
        Value::File(_) => &["read", "readline", "readlines", "write", "close", "__enter__", "__exit__", "flush"],
        Value::Wrap("socket", _) => {
            &["close", "sendall", "send", "recv", "settimeout", "setblocking", "shutdown", "getpeername", "fileno"]
        }
        Value::Int(_) | Value::Bool(_) => &["bit_length", "to_bytes"],
        Value::Float(_) => &["is_integer"],
        Value::Iter(i) if matches!(&*i.borrow(), super::value::Iter::Gen(..)) => &["send", "close", "__next__"],
        Value::Iter(_) => &["__next__"],
        _ => &[],
    };
    list.contains(&name)
}

/// `str(v)`, with the program's `__str__` (else `__repr__`) for its objects.
pub fn str_of(vm: &mut Vm, host: &mut dyn Host, v: &Value) -> Res<String> {
    match v {
        Value::Instance(i) => match i.class.lookup("__str__") {
            Some(Value::Func(f)) => special_str(vm, host, v, f, "__str__"),
            _ => repr_of(vm, host, v),
        },
        // A container shows its items' repr.
        Value::List(_) | Value::Tuple(_) | Value::Dict(_) => repr_of(vm, host, v),
        _ => Ok(v.to_str()),
    }
}

/// `repr(v)`, with the program's `__repr__` for its objects, inside containers too.
pub fn repr_of(vm: &mut Vm, host: &mut dyn Host, v: &Value) -> Res<String> {
    v.repr_with(|x| match x {
        Value::Instance(i) => match (i.class.lookup("__repr__"), super::vm::dataclass_fields(&i.class)) {
            (Some(Value::Func(f)), _) => special_str(vm, host, x, f, "__repr__").map(Some),
            (_, Some(fields)) => {
                // `@dataclass`: `Punto(x=1, y=2)`, its fields' reprs nested as deep as Python's.
                if vm.repr_depth > 100 {
                    return Err(exc(
                        "RecursionError",
                        "maximum recursion depth exceeded while getting the repr of an object",
                    ));
                }
                vm.repr_depth += 1;
                let mut parts = Vec::new();
                for f in &fields {
                    let fv = i.attrs.borrow().get_str(f).cloned().unwrap_or(Value::None);
                    match repr_of(vm, host, &fv) {
                        Ok(r) => parts.push(format!("{f}={r}")),
                        Err(e) => {
                            vm.repr_depth -= 1;
                            return Err(e);
                        }
                    }
                }
                vm.repr_depth -= 1;
                Ok(Some(format!("{}({})", i.class.name, parts.join(", "))))
            }
            _ => Ok(None),
        },
        _ => Ok(None),
    })
}

fn special_str(vm: &mut Vm, host: &mut dyn Host, obj: &Value, f: Rc<super::code::Function>, m: &str) -> Res<String> {
    match vm.call_sync(host, &Value::Bound(Box::new(obj.clone()), f), Vec::new())? {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(type_err(format!("{m} returned non-string (type {})", other.type_name()))),
    }
}

/// An attribute of the program's object or class: its own, else its class's (a function there
/// becomes a method bound to the object).
fn object_attr(obj: &Value, name: &str) -> Res<Value> {
    match obj {
        Value::Instance(i) => {
            if let Some(v) = i.attrs.borrow().get_str(name) {
                return Ok(v.clone());
            }
            match name {
                "__class__" => return Ok(Value::Class(i.class.clone())),
                "__dict__" => return Ok(Value::Dict(Rc::new(RefCell::new(i.attrs.borrow().clone())))),
                _ => {}
            }
            match i.class.lookup(name) {
                Some(Value::Func(f)) => Ok(Value::Bound(Box::new(obj.clone()), f)),
                Some(v) => Ok(class_attr(v, &i.class)),
                None => Err(exc("AttributeError", format!("'{}' object has no attribute '{name}'", i.class.name))),
            }
        }
        Value::Class(c) => match (c.lookup(name), name) {
            (Some(v), _) => Ok(class_attr(v, c)),
            (None, "__name__") => Ok(Value::Str(c.name.clone())),
            (None, "__doc__") => Ok(Value::None),
            _ => Err(exc("AttributeError", format!("type object '{}' has no attribute '{name}'", c.name))),
        },
        Value::Super(c, this) => {
            for base in &c.bases {
                match base.lookup(name) {
                    Some(Value::Func(f)) => return Ok(Value::Bound(this.clone(), f)),
                    Some(v) => return Ok(class_attr(v, base)),
                    None => {}
                }
            }
            if name == "__init__" {
                // `object.__init__`: takes nothing, does nothing.
                return Ok(Value::Builtin("<object.__init__>"));
            }
            Err(exc("AttributeError", format!("'super' object has no attribute '{name}'")))
        }
        _ => Err(exc("AttributeError", format!("'{}' object has no attribute '{name}'", obj.type_name()))),
    }
}

/// A class attribute as an object or its class sees it: a `staticmethod`'s function, a
/// `classmethod`'s function bound to the class.
fn class_attr(v: Value, class: &Rc<super::value::Class>) -> Value {
    match v {
        Value::Wrap("staticmethod", w) => w.first().cloned().unwrap_or(Value::None),
        Value::Wrap("classmethod", w) => match w.first() {
            Some(Value::Func(f)) => Value::Bound(Box::new(Value::Class(class.clone())), f.clone()),
            _ => Value::None,
        },
        v => v,
    }
}

pub fn get_attr(_vm: &mut Vm, obj: &Value, name: &str) -> Res<Value> {
    match obj {
        Value::Instance(_) | Value::Class(_) | Value::Super(..) => object_attr(obj, name),
        Value::Module(m) => {
            if let Some(v) = m.attrs.borrow().get_str(name) {
                return Ok(v.clone());
            }
            Err(exc("AttributeError", format!("module '{}' has no attribute '{name}'", m.name)))
        }
        Value::Exc(e) if name == "args" => Ok(Value::tuple(e.args.clone())),
        Value::Exc(e) if name == "errno" => {
            Ok(e.args.first().cloned().filter(|v| matches!(v, Value::Int(_))).unwrap_or(Value::None))
        }
        Value::Exc(e) if name == "strerror" => Ok(e.args.get(1).cloned().unwrap_or(Value::None)),
        Value::Exc(e) if name == "code" && &*e.kind == "SystemExit" => {
            Ok(e.args.first().cloned().unwrap_or(Value::None))
        }
        Value::ExcType(n) if name == "__name__" => Ok(Value::str(n.rsplit('.').next().unwrap_or(n))),
        Value::Type(t) if name == "__name__" => Ok(Value::str(t)),
        Value::Func(f) => match f.attrs.borrow().get_str(name) {
            Some(v) => Ok(v.clone()),
            None => match name {
                "__name__" | "__qualname__" => Ok(Value::Str(f.code.name.clone())),
                "__doc__" => Ok(f.code.doc.as_ref().map(|d| Value::Str(d.clone())).unwrap_or(Value::None)),
                "__module__" => Ok(Value::str("__main__")),
                _ => Err(exc("AttributeError", format!("'function' object has no attribute '{name}'"))),
            },
        },
        Value::Wrap("datetime" | "date" | "timedelta", _) => super::stdlib::time_attr(obj, name)
            .ok_or_else(|| exc("AttributeError", format!("'{}' object has no attribute '{name}'", obj.type_name()))),
        Value::Type(t @ ("datetime" | "date")) if matches!(name, "now" | "today" | "utcnow" | "fromtimestamp") => {
            Ok(Value::Builtin(match (*t, name) {
                ("date", _) => "date.today",
                (_, "fromtimestamp") => "datetime.fromtimestamp",
                _ => "datetime.now",
            }))
        }
        Value::Wrap("property", p) => match name {
            "setter" | "getter" => Ok(Value::Method(Box::new(obj.clone()), Rc::from(name))),
            "fget" => Ok(p.first().cloned().unwrap_or(Value::None)),
            "fset" => Ok(p.get(1).cloned().unwrap_or(Value::None)),
            _ => Err(exc("AttributeError", format!("'property' object has no attribute '{name}'"))),
        },
        Value::Wrap(k @ ("partial" | "lru_cache" | "staticmethod" | "classmethod"), p) => match name {
            "func" | "__func__" | "__wrapped__" => Ok(p.first().cloned().unwrap_or(Value::None)),
            "cache_clear" if *k == "lru_cache" => Ok(Value::Method(Box::new(obj.clone()), Rc::from(name))),
            _ => get_attr(_vm, &p.first().cloned().unwrap_or(Value::None), name),
        },
        Value::Float(f) if name == "real" => Ok(Value::Float(*f)),
        Value::Int(i) if name == "real" => Ok(Value::Int(*i)),
        _ if has_method(obj, name) => Ok(Value::Method(Box::new(obj.clone()), Rc::from(name))),
        _ => {
            let t = match obj {
                Value::Type(t) => format!("type object '{t}'"),
                Value::ExcType(t) => format!("type object '{t}'"),
                _ => format!("'{}' object", obj.type_name()),
            };
            Err(exc("AttributeError", format!("{t} has no attribute '{name}'")))
        }
    }
}

pub fn close_file(host: &mut dyn Host, f: &Rc<RefCell<File>>) {
    let mut f = f.borrow_mut();
    if f.write && !f.closed {
        let _ = host.write_file(&f.path, &f.data, false);
    }
    f.closed = true;
}

fn arg(args: &[Value], i: usize, fname: &str) -> Res<Value> {
    args.get(i).cloned().ok_or_else(|| type_err(format!("{fname}() missing required argument")))
}

fn kwarg<'a>(kw: &'a [(Rc<str>, Value)], name: &str) -> Option<&'a Value> {
    kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v)
}

fn to_int(v: &Value, base: Option<u32>) -> Res<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Float(f) => {
            if f.is_nan() {
                Err(exc("ValueError", "cannot convert float NaN to integer"))
            } else if f.is_infinite() {
                Err(exc("OverflowError", "cannot convert float infinity to integer"))
            } else {
                Ok(f.trunc() as i64)
            }
        }
        Value::Str(s) => {
            let base = base.unwrap_or(10);
            let t = s.trim().replace('_', "");
            let (neg, digits) = match t.strip_prefix('-') {
                Some(r) => (true, r.to_string()),
                None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
            };
            i64::from_str_radix(&digits, base)
                .map(|i| if neg { -i } else { i })
                .map_err(|_| exc("ValueError", format!("invalid literal for int() with base {base}: {}", v.repr())))
        }
        _ => Err(type_err(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            v.type_name()
        ))),
    }
}

fn to_float(v: &Value) -> Res<f64> {
    match v {
        Value::Str(s) => {
            let t = s.trim().to_ascii_lowercase();
            match t.as_str() {
                "inf" | "+inf" | "infinity" => Ok(f64::INFINITY),
                "-inf" | "-infinity" => Ok(f64::NEG_INFINITY),
                "nan" => Ok(f64::NAN),
                _ => t
                    .parse::<f64>()
                    .ok()
                    .filter(|_| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ".eE+-_".contains(c)))
                    .ok_or_else(|| exc("ValueError", format!("could not convert string to float: {}", v.repr()))),
            }
        }
        _ => float_of(v).ok_or_else(|| {
            type_err(format!("float() argument must be a string or a real number, not '{}'", v.type_name()))
        }),
    }
}

fn is_instance(vm: &Vm, v: &Value, class: &Value) -> bool {
    match class {
        Value::Tuple(t) => t.iter().any(|c| is_instance(vm, v, c)),
        Value::Class(c) => matches!(v, Value::Instance(i) if i.class.is_subclass(c)),
        Value::Type(t) => match *t {
            "object" => true,
            "int" => matches!(v, Value::Int(_) | Value::Bool(_)),
            _ => v.type_name() == *t,
        },
        Value::ExcType(n) => matches!(v, Value::Exc(e) if super::vm::exc_matches_in(&vm.user_excs, &e.kind, n)),
        _ => false,
    }
}

fn sort_values(
    vm: &mut Vm,
    host: &mut dyn Host,
    items: &mut Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> Res<()> {
    let keys: Vec<Value> = match key {
        Some(k) if !matches!(k, Value::None) => {
            let mut out = Vec::with_capacity(items.len());
            for it in items.iter() {
                out.push(vm.call_sync(host, k, vec![it.clone()])?);
            }
            out
        }
        _ => items.clone(),
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    let mut err = None;
    crate::sort::sort_by(&mut idx, |a, b| match cmp_values(vm, host, &keys[*a], &keys[*b]) {
        Err(e) => {
            err.get_or_insert(e);
            std::cmp::Ordering::Equal
        }
        Ok(Some(o)) => {
            if reverse {
                o.reverse()
            } else {
                o
            }
        }
        Ok(None) => {
            if err.is_none() {
                err = Some(type_err(format!(
                    "'<' not supported between instances of '{}' and '{}'",
                    keys[*b].type_name(),
                    keys[*a].type_name()
                )));
            }
            std::cmp::Ordering::Equal
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    *items = idx.into_iter().map(|i| items[i].clone()).collect();
    Ok(())
}

/// How `a` and `b` order: the program's `__lt__` (or the other's `__gt__`) for its objects.
fn cmp_values(vm: &mut Vm, host: &mut dyn Host, a: &Value, b: &Value) -> Res<Option<std::cmp::Ordering>> {
    if !matches!(a, Value::Instance(_)) && !matches!(b, Value::Instance(_)) {
        return Ok(order(a, b));
    }
    let mut lt = |x: &Value, y: &Value| -> Res<Option<bool>> {
        let m = match (dunder(x, "__lt__"), dunder(y, "__gt__")) {
            (Some(m), _) => (m, y.clone()),
            (None, Some(m)) => (m, x.clone()),
            _ => return Ok(None),
        };
        let r = vm.call_sync(host, &m.0, vec![m.1])?;
        Ok(Some(match r {
            Value::Instance(_) => true,
            r => r.truthy(),
        }))
    };
    Ok(match lt(a, b)? {
        None => None,
        Some(true) => Some(std::cmp::Ordering::Less),
        Some(false) => match lt(b, a)? {
            Some(true) => Some(std::cmp::Ordering::Greater),
            _ => Some(std::cmp::Ordering::Equal),
        },
    })
}

fn minmax(vm: &mut Vm, host: &mut dyn Host, name: &str, args: Vec<Value>, kw: &[(Rc<str>, Value)]) -> Res<Value> {
    let items = if args.len() == 1 { vm.iterate(host, &args[0])? } else { args };
    if items.is_empty() {
        if let Some(d) = kwarg(kw, "default") {
            return Ok(d.clone());
        }
        return Err(exc("ValueError", format!("{name}() iterable argument is empty")));
    }
    let key = kwarg(kw, "key").cloned();
    let mut best = items[0].clone();
    let mut best_k = match &key {
        Some(k) => vm.call_sync(host, k, vec![best.clone()])?,
        None => best.clone(),
    };
    for it in items.into_iter().skip(1) {
        let k = match &key {
            Some(kf) => vm.call_sync(host, kf, vec![it.clone()])?,
            None => it.clone(),
        };
        let o = cmp_values(vm, host, &k, &best_k)?.ok_or_else(|| {
            type_err(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                if name == "max" { ">" } else { "<" },
                k.type_name(),
                best_k.type_name()
            ))
        })?;
        if (name == "max" && o.is_gt()) || (name == "min" && o.is_lt()) {
            best = it;
            best_k = k;
        }
    }
    Ok(best)
}

fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

fn rand(vm: &mut Vm) -> u64 {
    let mut x = vm.rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    vm.rng = x;
    x
}

fn path_join(parts: &[Value]) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.to_str();
        if p.starts_with('/') {
            out = p;
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(&p);
        } else {
            out.push('/');
            out.push_str(&p);
        }
    }
    out
}

fn abs_path(vm: &Vm, p: &str) -> String {
    let joined = if p.starts_with('/') { p.to_string() } else { format!("{}/{p}", vm.cwd.trim_end_matches('/')) };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

fn os_error(kind: &str, errno: i32, text: &str, path: &str) -> Rc<Exc> {
    let e = new_exc(kind, vec![Value::Int(errno as i64), Value::str(text)]);
    // str(e) shows `[Errno 2] No such file or directory: 'x'`.
    Rc::new(Exc {
        kind: e.kind.clone(),
        args: vec![Value::str(&format!("[Errno {errno}] {text}: {}", super::value::str_repr(path)))],
        tb: RefCell::new(Vec::new()),
        context: RefCell::new(None),
        cause: RefCell::new(None),
    })
}

fn errno_exc(kind: &str, errno: i32, text: &str) -> Rc<Exc> {
    exc(kind, format!("[Errno {errno}] {text}"))
}

pub fn call_builtin(
    vm: &mut Vm,
    host: &mut dyn Host,
    func: &Value,
    args: Vec<Value>,
    kw: Vec<(Rc<str>, Value)>,
) -> Res<Ret> {
    let v = match func {
        Value::Builtin("NotImplemented") => return Err(type_err("'NotImplementedType' object is not callable")),
        Value::Builtin(name) => call_fn(vm, host, name, args, &kw)?,
        Value::Type(t) => construct(vm, host, t, args, &kw)?,
        Value::ExcType(n) => Value::Exc(new_exc(n, args)),
        Value::Method(obj, name) => return call_method(vm, host, obj, name, args, &kw),
        _ => return Err(type_err(format!("'{}' object is not callable", func.type_name()))),
    };
    match v {
        Value::Builtin("<sleep>") => Ok(Ret::Sleep(vm.sleep_ms)),
        Value::Builtin("<input>") => Ok(Ret::Input),
        v => Ok(Ret::Val(v)),
    }
}

fn construct(vm: &mut Vm, host: &mut dyn Host, t: &str, args: Vec<Value>, kw: &[(Rc<str>, Value)]) -> Res<Value> {
    let a0 = args.first();
    Ok(match t {
        "int" => match a0 {
            None => Value::Int(0),
            Some(v) => {
                let base = match args.get(1).or(kwarg(kw, "base")) {
                    Some(b) => Some(to_int(b, None)? as u32),
                    None => None,
                };
                Value::Int(to_int(v, base)?)
            }
        },
        "float" => Value::Float(match a0 {
            None => 0.0,
            Some(v) => to_float(v)?,
        }),
        "str" => Value::str(&match a0 {
            Some(v) => str_of(vm, host, v)?,
            None => String::new(),
        }),
        "bool" => Value::Bool(match a0 {
            Some(v) => vm.truth(host, v)?,
            None => false,
        }),
        "list" => Value::list(match a0 {
            Some(v) => vm.iterate(host, v)?,
            None => Vec::new(),
        }),
        "tuple" => Value::tuple(match a0 {
            Some(v) => vm.iterate(host, v)?,
            None => Vec::new(),
        }),
        "set" | "frozenset" => make_set(match a0 {
            Some(v) => vm.iterate(host, v)?,
            None => Vec::new(),
        })?,
        "datetime" | "date" | "timedelta" => {
            let k = match t {
                "datetime" => "datetime",
                "date" => "date",
                _ => "timedelta",
            };
            super::stdlib::time_construct(k, &args, kw)?
        }
        "dict" => {
            let mut d = Dict::default();
            if let Some(src) = a0 {
                match src {
                    Value::Dict(s) => {
                        d = s.borrow().clone();
                        d.kind = "";
                        d.factory = None;
                    }
                    _ => {
                        for pair in vm.iterate(host, src)? {
                            let kv = vm.iterate(host, &pair)?;
                            if kv.len() != 2 {
                                return Err(exc(
                                    "ValueError",
                                    format!(
                                        "dictionary update sequence element #0 has length {}; 2 is required",
                                        kv.len()
                                    ),
                                ));
                            }
                            d.insert(hash_key(&kv[0])?, kv[0].clone(), kv[1].clone());
                        }
                    }
                }
            }
            for (k, v) in kw {
                d.set_str(k, v.clone());
            }
            Value::Dict(Rc::new(RefCell::new(d)))
        }
        "range" => {
            let ints: Vec<i64> = args
                .iter()
                .map(|a| {
                    int_of(a).ok_or_else(|| {
                        type_err(format!("'{}' object cannot be interpreted as an integer", a.type_name()))
                    })
                })
                .collect::<Res<_>>()?;
            match ints.as_slice() {
                [b] => Value::Range(0, *b, 1),
                [a, b] => Value::Range(*a, *b, 1),
                [a, b, s] => {
                    if *s == 0 {
                        return Err(exc("ValueError", "range() arg 3 must not be zero"));
                    }
                    Value::Range(*a, *b, *s)
                }
                _ => return Err(type_err(format!("range expected at least 1 argument, got {}", ints.len()))),
            }
        }
        "type" => match a0 {
            Some(Value::Exc(e)) => Value::ExcType(e.kind.clone()),
            Some(Value::Instance(i)) => Value::Class(i.class.clone()),
            Some(v) => match TYPES.iter().find(|t| **t == v.type_name()) {
                Some(t) => Value::Type(t),
                None => match v.type_name() {
                    std::borrow::Cow::Borrowed(n) => Value::Type(n),
                    std::borrow::Cow::Owned(_) => Value::Type("object"),
                },
            },
            None => return Err(type_err("type() takes 1 or 3 arguments")),
        },
        _ => return Err(type_err(format!("cannot create '{t}' instances"))),
    })
}

fn call_fn(vm: &mut Vm, host: &mut dyn Host, name: &str, args: Vec<Value>, kw: &[(Rc<str>, Value)]) -> Res<Value> {
    let a0 = args.first().cloned();
    Ok(match name {
        "<object.__init__>" => {
            if !args.is_empty() {
                return Err(type_err("object.__init__() takes exactly one argument (the instance to initialize)"));
            }
            Value::None
        }
        "property" => Value::Wrap(
            "property",
            Rc::new(vec![a0.unwrap_or(Value::None), args.get(1).cloned().unwrap_or(Value::None)]),
        ),
        "staticmethod" | "classmethod" => Value::Wrap(
            if name == "staticmethod" { "staticmethod" } else { "classmethod" },
            Rc::new(vec![arg(&args, 0, name)?]),
        ),
        "functools.wraps" => Value::Wrap("wraps", Rc::new(vec![arg(&args, 0, "wraps")?])),
        "functools.partial" => {
            let f = arg(&args, 0, "partial")?;
            let mut d = Dict::default();
            for (k, v) in kw {
                d.set_str(k, v.clone());
            }
            let rest = Value::tuple(args[1..].to_vec());
            Value::Wrap("partial", Rc::new(vec![f, rest, Value::Dict(Rc::new(RefCell::new(d)))]))
        }
        "functools.reduce" => {
            let f = arg(&args, 0, "reduce")?;
            let mut items = vm.iterate(host, &arg(&args, 1, "reduce")?)?.into_iter();
            let mut acc = match args.get(2).cloned().or_else(|| items.next()) {
                Some(v) => v,
                None => return Err(type_err("reduce() of empty iterable with no initial value")),
            };
            for it in items {
                acc = vm.call_sync(host, &f, vec![acc, it])?;
            }
            acc
        }
        "functools.lru_cache" | "functools.cache" => match a0 {
            // `@lru_cache` / `@cache` on a function; `@lru_cache(maxsize=…)` gives the decorator.
            Some(f @ (Value::Func(_) | Value::Bound(..))) => {
                Value::Wrap("lru_cache", Rc::new(vec![f, Value::Dict(Rc::new(RefCell::new(Dict::default())))]))
            }
            _ => Value::Builtin("functools.cache"),
        },
        "dataclasses.field" => match kwarg(kw, "default_factory") {
            Some(f) => Value::Wrap("field", Rc::new(vec![f.clone()])),
            None => kwarg(kw, "default").cloned().unwrap_or(Value::None),
        },
        "dataclasses.dataclass" => match a0 {
            Some(Value::Class(c)) => {
                // Its fields: the annotated names of its bases, then its own, in order.
                let mut fields: Vec<Value> = Vec::new();
                let mut chain = vec![c.clone()];
                while let Some(b) = chain.last().and_then(|k| k.bases.first()).cloned() {
                    if chain.len() > 100 {
                        break;
                    }
                    chain.push(b);
                }
                for k in chain.iter().rev() {
                    if let Some(Value::Dict(ann)) = k.attrs.borrow().get_str("__annotations__") {
                        for (n, _) in ann.borrow().items() {
                            if !fields.iter().any(|f| eq(f, n)) {
                                fields.push(n.clone());
                            }
                        }
                    }
                }
                c.attrs.borrow_mut().set_str("__dataclass_fields__", Value::tuple(fields));
                Value::Class(c)
            }
            _ => Value::Builtin("dataclasses.dataclass"),
        },
        "print" => {
            let sep = kwarg(kw, "sep")
                .filter(|v| !matches!(v, Value::None))
                .map(|v| v.to_str())
                .unwrap_or_else(|| " ".into());
            let end = kwarg(kw, "end")
                .filter(|v| !matches!(v, Value::None))
                .map(|v| v.to_str())
                .unwrap_or_else(|| "\n".into());
            let mut shown = Vec::with_capacity(args.len());
            for a in &args {
                shown.push(str_of(vm, host, a)?);
            }
            let text = shown.join(&sep) + &end;
            let to_err = matches!(kwarg(kw, "file"), Some(Value::Module(m)) if m.name == "sys.stderr");
            if to_err {
                vm.eprint(host, &text);
            } else {
                vm.print(host, &text);
                if kwarg(kw, "flush").is_some_and(|f| f.truthy()) {
                    vm.flush(host);
                }
            }
            Value::None
        }
        "sys.stdout.write" | "sys.stderr.write" => {
            let s = arg(&args, 0, "write")?.to_str();
            if name == "sys.stderr.write" {
                vm.eprint(host, &s);
            } else {
                vm.print(host, &s);
            }
            Value::Int(s.chars().count() as i64)
        }
        "sys.stdout.flush" => {
            vm.flush(host);
            Value::None
        }
        "sys.stderr.flush" => Value::None,
        "__displayhook__" => {
            if let Some(v) = a0.filter(|v| !matches!(v, Value::None)) {
                let shown = repr_of(vm, host, &v)?;
                vm.print(host, &format!("{shown}\n"));
                vm.main.attrs.borrow_mut().set_str("_", v);
            }
            Value::None
        }
        "input" | "sys.stdin.readline" => {
            if let Some(p) = &a0 {
                vm.print(host, &p.to_str());
            }
            vm.flush(host);
            vm.input_is_readline = name != "input";
            Value::Builtin("<input>")
        }
        "len" => {
            let v = arg(&args, 0, "len")?;
            Value::Int(match &v {
                Value::Str(s) => s.chars().count(),
                Value::List(l) => l.borrow().len(),
                Value::Tuple(t) => t.len(),
                Value::Dict(d) | Value::Set(d) => d.borrow().len(),
                Value::Range(a, b, s) => super::value::range_len(*a, *b, *s) as usize,
                _ => match dunder(&v, "__len__") {
                    Some(m) => vm.len_of(host, &m)? as usize,
                    None => return Err(type_err(format!("object of type '{}' has no len()", v.type_name()))),
                },
            } as i64)
        }
        "repr" => Value::str(&repr_of(vm, host, &arg(&args, 0, "repr")?)?),
        "isinstance" => Value::Bool(is_instance(vm, &arg(&args, 0, "isinstance")?, &arg(&args, 1, "isinstance")?)),
        "abs" => match arg(&args, 0, "abs")? {
            Value::Int(i) => Value::Int(i.checked_abs().ok_or_else(overflow)?),
            Value::Bool(b) => Value::Int(b as i64),
            Value::Float(f) => Value::Float(f.abs()),
            v => return Err(type_err(format!("bad operand type for abs(): '{}'", v.type_name()))),
        },
        "min" | "max" => minmax(vm, host, name, args, kw)?,
        "sum" => {
            let items = vm.iterate(host, &arg(&args, 0, "sum")?)?;
            let mut acc = args.get(1).cloned().or_else(|| kwarg(kw, "start").cloned()).unwrap_or(Value::Int(0));
            for it in items {
                acc = vm.binop_sync(host, BinOp::Add, &acc, &it)?;
            }
            acc
        }
        "sorted" => {
            let mut items = vm.iterate(host, &arg(&args, 0, "sorted")?)?;
            let rev = kwarg(kw, "reverse").is_some_and(|v| v.truthy());
            sort_values(vm, host, &mut items, kwarg(kw, "key"), rev)?;
            Value::list(items)
        }
        "reversed" => {
            let mut items = vm.iterate(host, &arg(&args, 0, "reversed")?)?;
            items.reverse();
            make_iter(&Value::list(items))?
        }
        "enumerate" => {
            let it = vm.get_iter(host, &arg(&args, 0, "enumerate")?)?;
            let start = match args.get(1).or(kwarg(kw, "start")) {
                Some(v) => to_int(v, None)?,
                None => 0,
            };
            Value::Iter(Rc::new(RefCell::new(super::value::Iter::Enum(it, start))))
        }
        "zip" => {
            let mut its = Vec::new();
            for a in &args {
                its.push(vm.get_iter(host, a)?);
            }
            Value::Iter(Rc::new(RefCell::new(super::value::Iter::Zip(its))))
        }
        "map" => {
            let f = arg(&args, 0, "map")?;
            if args.len() < 2 {
                return Err(type_err("map() must have at least two arguments."));
            }
            let mut its = Vec::new();
            for a in &args[1..] {
                its.push(vm.get_iter(host, a)?);
            }
            Value::Iter(Rc::new(RefCell::new(super::value::Iter::Map(f, its))))
        }
        "filter" => {
            let f = arg(&args, 0, "filter")?;
            let it = vm.get_iter(host, &arg(&args, 1, "filter")?)?;
            Value::Iter(Rc::new(RefCell::new(super::value::Iter::Filter(f, it))))
        }
        "any" => Value::Bool(vm.iterate(host, &arg(&args, 0, "any")?)?.iter().any(|v| v.truthy())),
        "all" => Value::Bool(vm.iterate(host, &arg(&args, 0, "all")?)?.iter().all(|v| v.truthy())),
        "round" => {
            let v = arg(&args, 0, "round")?;
            match args.get(1).or(kwarg(kw, "ndigits")).filter(|v| !matches!(v, Value::None)) {
                None => match v {
                    Value::Int(i) => Value::Int(i),
                    _ => Value::Int(round_half_even(to_float(&v)?) as i64),
                },
                Some(n) => {
                    let n = to_int(n, None)?;
                    match v {
                        Value::Int(i) => Value::Int(i),
                        _ => {
                            let x = to_float(&v)?;
                            // Through the decimal text, as CPython's correctly rounded result.
                            let s = format!("{:.*}", n.clamp(0, 17) as usize, x);
                            Value::Float(s.parse().unwrap_or(x))
                        }
                    }
                }
            }
        }
        "ord" => {
            let s = arg(&args, 0, "ord")?.to_str();
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Value::Int(c as i64),
                _ => {
                    return Err(type_err(format!(
                        "ord() expected a character, but string of length {} found",
                        s.chars().count()
                    )))
                }
            }
        }
        "chr" => {
            let i = to_int(&arg(&args, 0, "chr")?, None)?;
            Value::str(
                &char::from_u32(i as u32)
                    .ok_or_else(|| exc("ValueError", "chr() arg not in range(0x110000)"))?
                    .to_string(),
            )
        }
        "hex" | "bin" | "oct" => {
            let i = to_int(&arg(&args, 0, name)?, None)?;
            let (sign, a) = (if i < 0 { "-" } else { "" }, i.unsigned_abs());
            Value::str(&match name {
                "hex" => format!("{sign}0x{a:x}"),
                "bin" => format!("{sign}0b{a:b}"),
                _ => format!("{sign}0o{a:o}"),
            })
        }
        "divmod" => {
            let (a, b) = (arg(&args, 0, "divmod")?, arg(&args, 1, "divmod")?);
            Value::tuple(vec![binop(BinOp::FloorDiv, &a, &b, false)?, binop(BinOp::Mod, &a, &b, false)?])
        }
        "pow" | "math.pow" => {
            let r = binop(BinOp::Pow, &arg(&args, 0, "pow")?, &arg(&args, 1, "pow")?, false)?;
            if name == "math.pow" {
                Value::Float(float_of(&r).unwrap_or(0.0))
            } else {
                r
            }
        }
        "iter" => vm.get_iter(host, &arg(&args, 0, "iter")?)?,
        "next" => {
            let it = arg(&args, 0, "next")?;
            match vm.next(host, &it)? {
                Some(v) => v,
                None => match args.get(1) {
                    Some(d) => d.clone(),
                    None => return Err(new_exc("StopIteration", Vec::new())),
                },
            }
        }
        "getattr" => {
            let o = arg(&args, 0, "getattr")?;
            let n = arg(&args, 1, "getattr")?.to_str();
            match get_attr(vm, &o, &n) {
                Ok(Value::Wrap("property", p)) if matches!(o, Value::Instance(_)) => {
                    vm.call_sync(host, &p.first().cloned().unwrap_or(Value::None), vec![o])?
                }
                Ok(v) => v,
                Err(e) => match args.get(2) {
                    Some(d) => d.clone(),
                    None => return Err(e),
                },
            }
        }
        "hasattr" => {
            let o = arg(&args, 0, "hasattr")?;
            let n = arg(&args, 1, "hasattr")?.to_str();
            Value::Bool(get_attr(vm, &o, &n).is_ok())
        }
        "callable" => Value::Bool(
            matches!(
                arg(&args, 0, "callable")?,
                Value::Func(_)
                    | Value::Builtin(_)
                    | Value::Type(_)
                    | Value::ExcType(_)
                    | Value::Method(..)
                    | Value::Class(_)
                    | Value::Bound(..)
                    | Value::Wrap(..)
            ) || dunder(&args[0], "__call__").is_some(),
        ),
        "super" => match (args.first(), args.get(1)) {
            (Some(Value::Class(c)), Some(obj @ Value::Instance(_))) => Value::Super(c.clone(), Box::new(obj.clone())),
            _ => return Err(exc("RuntimeError", "super(): no arguments")),
        },
        "setattr" => {
            let o = arg(&args, 0, "setattr")?;
            let n = arg(&args, 1, "setattr")?.to_str();
            let v = arg(&args, 2, "setattr")?;
            match &o {
                Value::Instance(i) => i.attrs.borrow_mut().set_str(&n, v),
                Value::Class(c) => c.attrs.borrow_mut().set_str(&n, v),
                Value::Module(m) => m.attrs.borrow_mut().set_str(&n, v),
                _ => {
                    return Err(exc(
                        "AttributeError",
                        format!(
                            "'{}' object has no attribute '{n}' and no __dict__ for setting new attributes",
                            o.type_name()
                        ),
                    ))
                }
            }
            Value::None
        }
        "format" => Value::str(&format::format_value(
            &arg(&args, 0, "format")?,
            &args.get(1).map(|v| v.to_str()).unwrap_or_default(),
        )?),
        "id" => Value::Int(0x7f3a_5c00_0000 + (vm.next_id as i64) * 16),
        "hash" => Value::Int(match arg(&args, 0, "hash")? {
            Value::Int(i) => i,
            v @ Value::Instance(_) if dunder(&v, "__hash__").is_some() => {
                let m = dunder(&v, "__hash__").unwrap_or(Value::None);
                match vm.call_sync(host, &m, Vec::new())? {
                    Value::Int(i) => i,
                    _ => return Err(type_err("__hash__ method should return an integer")),
                }
            }
            v => {
                let k = hash_key(&v)?;
                let s = format!("{k:?}");
                s.bytes().fold(0i64, |h, b| h.wrapping_mul(31).wrapping_add(b as i64))
            }
        }),
        "exit" | "quit" | "sys.exit" => return Err(new_exc("SystemExit", a0.into_iter().collect())),
        "os._exit" => {
            // Ends at once: Python's buffers are not flushed.
            vm.out_buf.clear();
            vm.exit_requested = true;
            vm.exiting = Some(to_int(&arg(&args, 0, "_exit")?, None)? as i32);
            Value::None
        }
        "open" => {
            let path = arg(&args, 0, "open")?.to_str();
            let mode = args.get(1).or(kwarg(kw, "mode")).map(|v| v.to_str()).unwrap_or_else(|| "r".into());
            let full = abs_path(vm, &path);
            let write = mode.contains('w') || mode.contains('a');
            let data = if mode.contains('w') {
                host.write_file(&full, "", false).map_err(|t| os_error(os_kind(t), errno(t), t, &path))?;
                String::new()
            } else {
                match host.read_file(&full) {
                    Ok(d) => d,
                    Err(t) if mode.contains('a') && t == "No such file or directory" => String::new(),
                    Err(t) => return Err(os_error(os_kind(t), errno(t), t, &path)),
                }
            };
            let pos = 0;
            Value::File(Rc::new(RefCell::new(File { path: full, write, data, pos, closed: false })))
        }
        "os.getenv" => {
            let k = arg(&args, 0, "getenv")?.to_str();
            vm.env
                .borrow()
                .get_str(&k)
                .cloned()
                .unwrap_or_else(|| args.get(1).or(kwarg(kw, "default")).cloned().unwrap_or(Value::None))
        }
        "os.getcwd" => Value::str(&vm.cwd),
        "os.getpid" => Value::Int(1),
        "os.listdir" => {
            let p = a0.map(|v| v.to_str()).unwrap_or_else(|| ".".into());
            let full = abs_path(vm, &p);
            let mut names = host.list_dir(&full).map_err(|t| os_error(os_kind(t), errno(t), t, &p))?;
            crate::sort::sort(&mut names);
            Value::list(names.iter().map(|n| Value::str(n)).collect())
        }
        "os.path.join" => Value::str(&path_join(&args)),
        "os.path.exists" | "os.path.isfile" | "os.path.isdir" => {
            let p = abs_path(vm, &arg(&args, 0, "exists")?.to_str());
            let st = host.stat(&p);
            Value::Bool(match name {
                "os.path.exists" => st.is_some(),
                "os.path.isfile" => st == Some(false),
                _ => st == Some(true),
            })
        }
        "os.path.basename" => Value::str(arg(&args, 0, "basename")?.to_str().rsplit('/').next().unwrap_or("")),
        "os.path.dirname" => {
            let p = arg(&args, 0, "dirname")?.to_str();
            Value::str(match p.rfind('/') {
                Some(0) => "/",
                Some(i) => &p[..i],
                None => "",
            })
        }
        "os.path.abspath" => Value::str(&abs_path(vm, &arg(&args, 0, "abspath")?.to_str())),
        "time.sleep" => {
            let s = arg(&args, 0, "sleep")?;
            let secs = float_of(&s)
                .ok_or_else(|| type_err(format!("'{}' object cannot be interpreted as an integer", s.type_name())))?;
            if secs < 0.0 {
                return Err(exc("ValueError", "sleep length must be non-negative"));
            }
            vm.sleep_ms = (secs * 1000.0).round().min(1e12) as u64;
            Value::Builtin("<sleep>")
        }
        "time.time" => Value::Float(host.now_ms() as f64 / 1000.0),
        "time.monotonic" | "time.perf_counter" => Value::Float((host.now_ms() % 100_000_000) as f64 / 1000.0),
        "time.ctime" => Value::str(&super::stdlib::strftime("%a %b %d %H:%M:%S %Y", host.now_ms() as i64 * 1000)),
        "time.strftime" => {
            let fmt = arg(&args, 0, "strftime")?.to_str();
            Value::str(&super::stdlib::strftime(&fmt, host.now_ms() as i64 * 1000))
        }
        "datetime.now" => super::stdlib::time_value("datetime", host.now_ms() as i64 * 1000),
        "date.today" => super::stdlib::time_value("date", (host.now_ms() / 86_400_000) as i64),
        "datetime.fromtimestamp" => {
            super::stdlib::time_value("datetime", (to_float(&arg(&args, 0, "fromtimestamp")?)? * 1e6) as i64)
        }
        "json.dumps" | "json.dump" => {
            let v = arg(&args, 0, name)?;
            let indent = match kwarg(kw, "indent") {
                Some(Value::None) | None => None,
                Some(i) => Some(to_int(i, None)?.clamp(0, 64) as usize),
            };
            let sort = kwarg(kw, "sort_keys").is_some_and(|v| v.truthy());
            let text = super::stdlib::json_dumps(&v, indent, sort)?;
            if name == "json.dump" {
                let f = arg(&args, 1, "dump")?;
                return call_method(vm, host, &f, "write", vec![Value::str(&text)], &[]).map(|_| Value::None);
            }
            Value::str(&text)
        }
        "json.loads" => {
            let s = arg(&args, 0, "loads")?;
            let Value::Str(s) = s else {
                return Err(type_err(format!(
                    "the JSON object must be str, bytes or bytearray, not {}",
                    s.type_name()
                )));
            };
            super::stdlib::json_loads(&s)?
        }
        "json.load" => {
            let f = arg(&args, 0, "load")?;
            let text = match call_method(vm, host, &f, "read", Vec::new(), &[])? {
                Ret::Val(v) => v.to_str(),
                _ => String::new(),
            };
            super::stdlib::json_loads(&text)?
        }
        "collections.Counter" => {
            let mut d = Dict::default();
            d.kind = "Counter";
            match a0 {
                Some(Value::Dict(src)) => {
                    for (k, v) in src.borrow().items() {
                        d.insert(hash_key(k)?, k.clone(), v.clone());
                    }
                }
                Some(v) => super::stdlib::counter_from(vm.iterate(host, &v)?, &mut d)?,
                None => {}
            }
            for (k, v) in kw {
                d.set_str(k, v.clone());
            }
            Value::Dict(Rc::new(RefCell::new(d)))
        }
        "collections.defaultdict" => {
            let factory = a0.filter(|v| !matches!(v, Value::None)).map(Box::new);
            let mut d = Dict::default();
            d.kind = "defaultdict";
            d.factory = factory;
            if let Some(Value::Dict(src)) = args.get(1) {
                for (k, v) in src.borrow().items() {
                    d.insert(hash_key(k)?, k.clone(), v.clone());
                }
            }
            Value::Dict(Rc::new(RefCell::new(d)))
        }
        "collections.namedtuple" => {
            let cname = arg(&args, 0, "namedtuple")?.to_str();
            let spec = arg(&args, 1, "namedtuple")?;
            let fields: Vec<Value> = match &spec {
                Value::Str(s) => s.replace(',', " ").split_whitespace().map(Value::str).collect(),
                other => vm.iterate(host, other)?,
            };
            let mut attrs = Dict::default();
            attrs.set_str("_fields", Value::tuple(fields.clone()));
            attrs.set_str("__dataclass_fields__", Value::tuple(fields));
            vm.next_id += 1;
            Value::Class(Rc::new(super::value::Class {
                name: Rc::from(cname.as_str()),
                bases: Vec::new(),
                attrs: RefCell::new(attrs),
                id: vm.next_id,
            }))
        }
        "itertools.count" => {
            let start = a0.map(|v| to_int(&v, None)).transpose()?.unwrap_or(0);
            let step = args.get(1).map(|v| to_int(v, None)).transpose()?.unwrap_or(1);
            let end = if step >= 0 { i64::MAX } else { i64::MIN };
            Value::Iter(Rc::new(RefCell::new(super::value::Iter::Range(start, end, step))))
        }
        "itertools.repeat" => {
            let v = arg(&args, 0, "repeat")?;
            let n = args.get(1).map(|v| to_int(v, None)).transpose()?.unwrap_or(100_000).clamp(0, 10_000_000);
            make_iter(&Value::list(vec![v; n as usize]))?
        }
        "itertools.chain" => {
            let mut out = Vec::new();
            for a in &args {
                out.extend(vm.iterate(host, a)?);
            }
            make_iter(&Value::list(out))?
        }
        "itertools.islice" => {
            let it = vm.get_iter(host, &arg(&args, 0, "islice")?)?;
            let (start, stop) = match (args.get(1), args.get(2)) {
                (Some(s), Some(e)) => {
                    (to_int(s, None)?, if matches!(e, Value::None) { i64::MAX } else { to_int(e, None)? })
                }
                (Some(e), None) => (0, if matches!(e, Value::None) { i64::MAX } else { to_int(e, None)? }),
                _ => return Err(type_err("islice expected at least 2 arguments, got 1")),
            };
            let mut out = Vec::new();
            let mut i = 0;
            while i < stop {
                match vm.next(host, &it)? {
                    Some(v) if i >= start => out.push(v),
                    Some(_) => {}
                    None => break,
                }
                i += 1;
                if out.len() > 10_000_000 {
                    return Err(exc("MemoryError", ""));
                }
            }
            make_iter(&Value::list(out))?
        }
        "itertools.accumulate" => {
            let items = vm.iterate(host, &arg(&args, 0, "accumulate")?)?;
            let f = args.get(1).cloned();
            let mut out: Vec<Value> = Vec::new();
            for it in items {
                let next = match (out.last(), &f) {
                    (None, _) => it,
                    (Some(acc), Some(f)) => vm.call_sync(host, f, vec![acc.clone(), it])?,
                    (Some(acc), None) => vm.binop_sync(host, BinOp::Add, &acc.clone(), &it)?,
                };
                out.push(next);
            }
            make_iter(&Value::list(out))?
        }
        "itertools.product" | "itertools.permutations" | "itertools.combinations" => {
            let mut pools = Vec::new();
            let n = if name == "itertools.product" { args.len() } else { 1 };
            for a in args.iter().take(n) {
                pools.push(vm.iterate(host, a)?);
            }
            let r = kwarg(kw, "r").or(if name == "itertools.product" { None } else { args.get(1) });
            let rows = combinatorics(name, pools, r.map(|v| to_int(v, None)).transpose()?)?;
            make_iter(&Value::list(rows))?
        }
        "math.sqrt" => {
            let x = to_float(&arg(&args, 0, "sqrt")?)?;
            if x < 0.0 {
                return Err(exc("ValueError", "math domain error"));
            }
            Value::Float(x.sqrt())
        }
        "math.floor" | "math.ceil" => {
            let v = arg(&args, 0, name)?;
            match v {
                Value::Int(_) | Value::Bool(_) => Value::Int(int_of(&v).unwrap_or(0)),
                _ => {
                    let x = to_float(&v)?;
                    Value::Int(if name == "math.floor" { x.floor() } else { x.ceil() } as i64)
                }
            }
        }
        "math.fabs" => Value::Float(to_float(&arg(&args, 0, "fabs")?)?.abs()),
        "math.log" => {
            let x = to_float(&arg(&args, 0, "log")?)?;
            if x <= 0.0 {
                return Err(exc("ValueError", "math domain error"));
            }
            match args.get(1) {
                Some(b) => Value::Float(x.ln() / to_float(b)?.ln()),
                None => Value::Float(x.ln()),
            }
        }
        "math.sin" => Value::Float(to_float(&arg(&args, 0, "sin")?)?.sin()),
        "math.cos" => Value::Float(to_float(&arg(&args, 0, "cos")?)?.cos()),
        "math.isclose" => {
            let (a, b) = (to_float(&arg(&args, 0, "isclose")?)?, to_float(&arg(&args, 1, "isclose")?)?);
            Value::Bool((a - b).abs() <= 1e-9 * a.abs().max(b.abs()))
        }
        "random.seed" => {
            vm.rng = match a0 {
                Some(v) => (to_int(&v, None).unwrap_or(0) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1,
                None => 0x2545_f491_4f6c_dd1d,
            };
            Value::None
        }
        "random.random" => Value::Float((rand(vm) >> 11) as f64 / (1u64 << 53) as f64),
        "random.uniform" => {
            let (a, b) = (to_float(&arg(&args, 0, "uniform")?)?, to_float(&arg(&args, 1, "uniform")?)?);
            let r = (rand(vm) >> 11) as f64 / (1u64 << 53) as f64;
            Value::Float(a + (b - a) * r)
        }
        "random.randint" => {
            let (a, b) = (to_int(&arg(&args, 0, "randint")?, None)?, to_int(&arg(&args, 1, "randint")?, None)?);
            if b < a {
                return Err(exc("ValueError", format!("empty range in randrange({a}, {})", b + 1)));
            }
            let span = (b - a) as u64 + 1;
            Value::Int(a + (rand(vm) % span) as i64)
        }
        "random.choice" => {
            let items = vm.iterate(host, &arg(&args, 0, "choice")?)?;
            if items.is_empty() {
                return Err(exc("IndexError", "Cannot choose from an empty sequence"));
            }
            let i = (rand(vm) % items.len() as u64) as usize;
            items[i].clone()
        }
        "random.shuffle" => {
            if let Value::List(l) = arg(&args, 0, "shuffle")? {
                let n = l.borrow().len();
                for i in (1..n).rev() {
                    let j = (rand(vm) % (i as u64 + 1)) as usize;
                    l.borrow_mut().swap(i, j);
                }
            }
            Value::None
        }
        "socket.gethostname" => Value::str(&host.resolve("").unwrap_or_else(|| "localhost".into())),
        "socket.gethostbyname" => {
            let h = arg(&args, 0, "gethostbyname")?.to_str();
            match host.resolve(&h) {
                Some(ip) => Value::str(&ip),
                None => return Err(errno_exc("socket.gaierror", -2, "Name or service not known")),
            }
        }
        "socket.create_connection" => {
            let addr = vm.iterate(host, &arg(&args, 0, "create_connection")?)?;
            let (h, p) = match addr.as_slice() {
                [h, p] => (h.to_str(), to_int(p, None)?),
                _ => return Err(type_err("create_connection() argument 1 must be a (host, port) tuple")),
            };
            match host.connect(&h, p as u16) {
                // A connected socket: what it was connected to, for `getpeername()`.
                Ok(()) => Value::Wrap("socket", Rc::new(vec![Value::str(&h), Value::Int(p)])),
                Err((-2, t)) => return Err(errno_exc("socket.gaierror", -2, t)),
                Err((111, t)) => return Err(errno_exc("ConnectionRefusedError", 111, t)),
                Err((110, t)) => return Err(errno_exc("TimeoutError", 110, t)),
                Err((n, t)) => return Err(errno_exc("OSError", n, t)),
            }
        }
        other => return Err(exc("NotImplementedError", format!("Muelle's Python has no {other}()"))),
    })
}

fn os_kind(t: &str) -> &'static str {
    match t {
        "No such file or directory" => "FileNotFoundError",
        "Is a directory" => "IsADirectoryError",
        "Not a directory" => "NotADirectoryError",
        "Permission denied" => "PermissionError",
        _ => "OSError",
    }
}

fn errno(t: &str) -> i32 {
    match t {
        "No such file or directory" => 2,
        "Is a directory" => 21,
        "Not a directory" => 20,
        "Permission denied" => 13,
        "Read-only file system" => 30,
        _ => 5,
    }
}

fn strip_chars(s: &str, chars: Option<&Value>, left: bool, right: bool) -> String {
    let set: Option<Vec<char>> = chars.filter(|v| !matches!(v, Value::None)).map(|v| v.to_str().chars().collect());
    let pred = |c: char| match &set {
        Some(cs) => cs.contains(&c),
        None => c.is_whitespace(),
    };
    let mut t = s;
    if left {
        t = t.trim_start_matches(pred);
    }
    if right {
        t = t.trim_end_matches(pred);
    }
    t.to_string()
}

/// The positions of the items equal to `x` (identity, then `==` with the objects' `__eq__`),
/// as `list.index`/`count`/`remove` find them; `first`: stop at the first.
fn matching(vm: &mut Vm, host: &mut dyn Host, items: &[Value], x: &Value, first: bool) -> Res<Vec<usize>> {
    let mut found = Vec::new();
    for (i, v) in items.iter().enumerate() {
        let same = match (v, x) {
            (Value::Instance(p), Value::Instance(q)) if p.id == q.id => true,
            (Value::Instance(_), _)
            | (_, Value::Instance(_))
            | (Value::List(_) | Value::Tuple(_) | Value::Dict(_), _) => vm.eq_deep(host, v, x)?,
            _ => eq(v, x),
        };
        if same {
            found.push(i);
            if first {
                break;
            }
        }
    }
    Ok(found)
}

fn call_method(
    vm: &mut Vm,
    host: &mut dyn Host,
    obj: &Value,
    name: &str,
    args: Vec<Value>,
    kw: &[(Rc<str>, Value)],
) -> Res<Ret> {
    let a0 = args.first().cloned();
    let v = match obj {
        Value::Wrap("datetime" | "date" | "timedelta", _) => super::stdlib::time_method(obj, name, &args)?,
        Value::Wrap("property", p) => {
            // `@x.setter`: a new property with both functions.
            let getter = p.first().cloned().unwrap_or(Value::None);
            let setter = p.get(1).cloned().unwrap_or(Value::None);
            let (g, s) = if name == "setter" {
                (getter, a0.unwrap_or(Value::None))
            } else {
                (a0.unwrap_or(Value::None), setter)
            };
            Value::Wrap("property", Rc::new(vec![g, s]))
        }
        // A connected socket: what is sent is taken, nothing is ever received (Muelle does not
        // run the server's side of a protocol), closing does nothing more.
        Value::Wrap("socket", peer) => match name {
            "send" => Value::Int(a0.map(|v| v.to_str().len() as i64).unwrap_or(0)),
            "recv" => Value::str(""),
            "getpeername" => Value::Tuple(Rc::new(peer.to_vec())),
            "fileno" => Value::Int(3),
            _ => Value::None,
        },
        Value::Wrap("lru_cache", p) => {
            if let Some(Value::Dict(d)) = p.get(1) {
                *d.borrow_mut() = Dict::default();
            }
            Value::None
        }
        Value::Str(s) => {
            let s: &str = s;
            match name {
                "upper" => Value::str(&crate::case::to_upper(s)),
                "lower" => Value::str(&crate::case::to_lower(s)),
                "swapcase" => Value::str(
                    &s.chars()
                        .map(|c| {
                            if c.is_uppercase() {
                                crate::case::simple_lower(c).to_string()
                            } else {
                                crate::case::simple_upper(c).to_string()
                            }
                        })
                        .collect::<String>(),
                ),
                "strip" => Value::str(&strip_chars(s, a0.as_ref(), true, true)),
                "lstrip" => Value::str(&strip_chars(s, a0.as_ref(), true, false)),
                "rstrip" => Value::str(&strip_chars(s, a0.as_ref(), false, true)),
                "split" | "rsplit" => {
                    let sep = a0.clone().or_else(|| kwarg(kw, "sep").cloned()).filter(|v| !matches!(v, Value::None));
                    let max = match args.get(1).or(kwarg(kw, "maxsplit")) {
                        Some(m) => to_int(m, None)?,
                        None => -1,
                    };
                    let parts: Vec<String> = match sep {
                        Some(sep) => {
                            let sep = sep.to_str();
                            if sep.is_empty() {
                                return Err(exc("ValueError", "empty separator"));
                            }
                            if max < 0 {
                                s.split(sep.as_str()).map(String::from).collect()
                            } else if name == "split" {
                                s.splitn(max as usize + 1, sep.as_str()).map(String::from).collect()
                            } else {
                                let mut v: Vec<String> =
                                    s.rsplitn(max as usize + 1, sep.as_str()).map(String::from).collect();
                                v.reverse();
                                v
                            }
                        }
                        None => {
                            let words: Vec<&str> = s.split_whitespace().collect();
                            if max < 0 || words.len() <= max as usize {
                                words.into_iter().map(String::from).collect()
                            } else if name == "split" {
                                let mut out: Vec<String> = Vec::new();
                                let mut rest = s.trim_start();
                                for _ in 0..max {
                                    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                                    out.push(rest[..end].to_string());
                                    rest = rest[end..].trim_start();
                                }
                                if !rest.is_empty() {
                                    out.push(rest.to_string());
                                }
                                out
                            } else {
                                words.into_iter().map(String::from).collect()
                            }
                        }
                    };
                    Value::list(parts.iter().map(|p| Value::str(p)).collect())
                }
                "join" => {
                    let items = vm.iterate(host, &arg(&args, 0, "join")?)?;
                    let mut out = Vec::new();
                    for (i, it) in items.iter().enumerate() {
                        match it {
                            Value::Str(x) => out.push(x.to_string()),
                            o => {
                                return Err(type_err(format!(
                                    "sequence item {i}: expected str instance, {} found",
                                    o.type_name()
                                )))
                            }
                        }
                    }
                    Value::str(&out.join(s))
                }
                "replace" => {
                    let (a, b) = (arg(&args, 0, "replace")?.to_str(), arg(&args, 1, "replace")?.to_str());
                    match args.get(2) {
                        Some(n) if to_int(n, None)? >= 0 => Value::str(&s.replacen(&a, &b, to_int(n, None)? as usize)),
                        _ => Value::str(&s.replace(&a, &b)),
                    }
                }
                "startswith" | "endswith" => {
                    let pats = match arg(&args, 0, name)? {
                        Value::Tuple(t) => t.iter().map(|v| v.to_str()).collect(),
                        v => vec![v.to_str()],
                    };
                    Value::Bool(pats.iter().any(|p| {
                        if name == "startswith" {
                            s.starts_with(p.as_str())
                        } else {
                            s.ends_with(p.as_str())
                        }
                    }))
                }
                "find" | "rfind" | "index" => {
                    let sub = arg(&args, 0, name)?.to_str();
                    let found = if name == "rfind" { s.rfind(&sub) } else { s.find(&sub) };
                    match found {
                        Some(b) => Value::Int(s[..b].chars().count() as i64),
                        None if name == "index" => return Err(exc("ValueError", "substring not found")),
                        None => Value::Int(-1),
                    }
                }
                "count" => Value::Int(s.matches(arg(&args, 0, "count")?.to_str().as_str()).count() as i64),
                "format" => Value::str(&format::str_format(s, &args, kw)?),
                "isdigit" | "isnumeric" => Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
                "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
                "isalnum" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
                "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
                "isupper" => Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)),
                "islower" => Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_uppercase)),
                "title" | "capitalize" => {
                    let mut out = String::new();
                    let mut start = true;
                    for (i, c) in s.chars().enumerate() {
                        let up = if name == "title" { start } else { i == 0 };
                        if up {
                            out.push(crate::case::simple_upper(c));
                        } else {
                            out.push(crate::case::simple_lower(c));
                        }
                        start = !c.is_alphabetic();
                    }
                    Value::str(&out)
                }
                "center" | "ljust" | "rjust" => {
                    let w = to_int(&arg(&args, 0, name)?, None)?.max(0) as usize;
                    let fill = args.get(1).map(|v| v.to_str()).unwrap_or_else(|| " ".into());
                    let al = match name {
                        "center" => '^',
                        "ljust" => '<',
                        _ => '>',
                    };
                    Value::str(&format::format_value(&Value::str(s), &format!("{fill}{al}{w}"))?)
                }
                "zfill" => {
                    let w = to_int(&arg(&args, 0, "zfill")?, None)?.max(0) as usize;
                    let n = s.chars().count();
                    if n >= w {
                        Value::str(s)
                    } else {
                        let (sign, rest) = if s.starts_with(['-', '+']) { s.split_at(1) } else { ("", s) };
                        Value::str(&format!("{sign}{}{rest}", "0".repeat(w - n)))
                    }
                }
                "splitlines" => Value::list(s.lines().map(Value::str).collect()),
                "partition" => {
                    let sep = arg(&args, 0, "partition")?.to_str();
                    match s.split_once(sep.as_str()) {
                        Some((a, b)) => Value::tuple(vec![Value::str(a), Value::str(&sep), Value::str(b)]),
                        None => Value::tuple(vec![Value::str(s), Value::str(""), Value::str("")]),
                    }
                }
                "encode" => Value::str(s),
                _ => return Err(no_attr(obj, name)),
            }
        }
        Value::List(l) => match name {
            "append" => {
                l.borrow_mut().push(arg(&args, 0, "append")?);
                Value::None
            }
            "extend" => {
                let items = vm.iterate(host, &arg(&args, 0, "extend")?)?;
                l.borrow_mut().extend(items);
                Value::None
            }
            "insert" => {
                let i = to_int(&arg(&args, 0, "insert")?, None)?;
                let v = arg(&args, 1, "insert")?;
                let mut l = l.borrow_mut();
                let n = l.len() as i64;
                let at = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
                l.insert(at, v);
                Value::None
            }
            "pop" => {
                let mut l = l.borrow_mut();
                if l.is_empty() {
                    return Err(exc("IndexError", "pop from empty list"));
                }
                let i = match &a0 {
                    Some(v) => to_int(v, None)?,
                    None => -1,
                };
                let n = l.len();
                let j = norm_index(i, n).ok_or_else(|| exc("IndexError", "pop index out of range"))?;
                l.remove(j)
            }
            "remove" => {
                let x = arg(&args, 0, "remove")?;
                let items = l.borrow().clone();
                let i = matching(vm, host, &items, &x, true)?
                    .first()
                    .copied()
                    .ok_or_else(|| exc("ValueError", "list.remove(x): x not in list"))?;
                let mut l = l.borrow_mut();
                if i < l.len() {
                    l.remove(i);
                }
                Value::None
            }
            "index" => {
                let x = arg(&args, 0, "index")?;
                let items = l.borrow().clone();
                let i = matching(vm, host, &items, &x, true)?
                    .first()
                    .copied()
                    .ok_or_else(|| exc("ValueError", format!("{} is not in list", x.repr())))?;
                Value::Int(i as i64)
            }
            "count" => {
                let x = arg(&args, 0, "count")?;
                let items = l.borrow().clone();
                Value::Int(matching(vm, host, &items, &x, false)?.len() as i64)
            }
            "sort" => {
                let mut items = l.borrow().clone();
                let rev = kwarg(kw, "reverse").is_some_and(|v| v.truthy());
                sort_values(vm, host, &mut items, kwarg(kw, "key"), rev)?;
                *l.borrow_mut() = items;
                Value::None
            }
            "reverse" => {
                l.borrow_mut().reverse();
                Value::None
            }
            "copy" => Value::list(l.borrow().clone()),
            "clear" => {
                l.borrow_mut().clear();
                Value::None
            }
            _ => return Err(no_attr(obj, name)),
        },
        Value::Tuple(t) => match name {
            "index" => {
                let x = arg(&args, 0, "index")?;
                Value::Int(
                    matching(vm, host, t, &x, true)?
                        .first()
                        .copied()
                        .ok_or_else(|| exc("ValueError", "tuple.index(x): x not in tuple"))? as i64,
                )
            }
            "count" => {
                let x = arg(&args, 0, "count")?;
                Value::Int(matching(vm, host, t, &x, false)?.len() as i64)
            }
            _ => return Err(no_attr(obj, name)),
        },
        Value::Dict(d)
            if d.borrow().kind == "Counter" && matches!(name, "most_common" | "update" | "total" | "elements") =>
        {
            match name {
                "most_common" => {
                    let mut items = super::stdlib::most_common(&d.borrow());
                    if let Some(n) = a0.filter(|v| !matches!(v, Value::None)) {
                        items.truncate(to_int(&n, None)?.max(0) as usize);
                    }
                    Value::list(items.into_iter().map(|(k, v)| Value::tuple(vec![k, v])).collect())
                }
                "total" => {
                    let mut t = Value::Int(0);
                    for (_, v) in d.borrow().items() {
                        t = binop(BinOp::Add, &t, v, false)?;
                    }
                    t
                }
                "elements" => {
                    let mut out = Vec::new();
                    for (k, v) in d.borrow().items() {
                        for _ in 0..int_of(v).unwrap_or(0).clamp(0, 10_000_000) {
                            out.push(k.clone());
                        }
                    }
                    make_iter(&Value::list(out))?
                }
                _ => {
                    if let Some(src) = a0 {
                        let items = match &src {
                            Value::Dict(s) => s.borrow().items().cloned().collect(),
                            _ => vm.iterate(host, &src)?.into_iter().map(|k| (k, Value::Int(1))).collect::<Vec<_>>(),
                        };
                        let mut dd = d.borrow_mut();
                        for (k, n) in items {
                            let key = hash_key(&k)?;
                            let old = dd.get(&key).cloned().unwrap_or(Value::Int(0));
                            dd.insert(key, k, binop(BinOp::Add, &old, &n, false)?);
                        }
                    }
                    Value::None
                }
            }
        }
        Value::Dict(d) => match name {
            "get" => {
                let k = hash_key(&arg(&args, 0, "get")?)?;
                d.borrow().get(&k).cloned().unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::None))
            }
            "keys" => Value::list(d.borrow().items().map(|(k, _)| k.clone()).collect()),
            "values" => Value::list(d.borrow().items().map(|(_, v)| v.clone()).collect()),
            "items" => Value::list(d.borrow().items().map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()])).collect()),
            "pop" => {
                let key = arg(&args, 0, "pop")?;
                let k = hash_key(&key)?;
                let got = d.borrow_mut().remove(&k);
                match got {
                    Some(v) => v,
                    None => match args.get(1) {
                        Some(dv) => dv.clone(),
                        None => return Err(new_exc("KeyError", vec![key])),
                    },
                }
            }
            "setdefault" => {
                let key = arg(&args, 0, "setdefault")?;
                let k = hash_key(&key)?;
                let cur = d.borrow().get(&k).cloned();
                match cur {
                    Some(v) => v,
                    None => {
                        let dv = args.get(1).cloned().unwrap_or(Value::None);
                        d.borrow_mut().insert(k, key, dv.clone());
                        dv
                    }
                }
            }
            "update" => {
                if let Some(src) = a0 {
                    let items: Vec<(Value, Value)> = match &src {
                        Value::Dict(s) => s.borrow().items().cloned().collect(),
                        _ => {
                            let mut out = Vec::new();
                            for p in vm.iterate(host, &src)? {
                                let kv = vm.iterate(host, &p)?;
                                if kv.len() == 2 {
                                    out.push((kv[0].clone(), kv[1].clone()));
                                }
                            }
                            out
                        }
                    };
                    for (k, v) in items {
                        d.borrow_mut().insert(hash_key(&k)?, k, v);
                    }
                }
                for (k, v) in kw {
                    d.borrow_mut().set_str(k, v.clone());
                }
                Value::None
            }
            "copy" => Value::Dict(Rc::new(RefCell::new(d.borrow().clone()))),
            "clear" => {
                *d.borrow_mut() = Dict::default();
                Value::None
            }
            _ => return Err(no_attr(obj, name)),
        },
        Value::Set(d) => match name {
            "add" => {
                let v = arg(&args, 0, "add")?;
                d.borrow_mut().insert(hash_key(&v)?, v, Value::None);
                Value::None
            }
            "update" => {
                for v in vm.iterate(host, &arg(&args, 0, "update")?)? {
                    d.borrow_mut().insert(hash_key(&v)?, v, Value::None);
                }
                Value::None
            }
            "remove" | "discard" => {
                let v = arg(&args, 0, name)?;
                let gone = d.borrow_mut().remove(&hash_key(&v)?);
                if gone.is_none() && name == "remove" {
                    return Err(new_exc("KeyError", vec![v]));
                }
                Value::None
            }
            "pop" => {
                let first = d.borrow().items().next().map(|(k, _)| k.clone());
                match first {
                    Some(k) => {
                        d.borrow_mut().remove(&hash_key(&k)?);
                        k
                    }
                    None => return Err(exc("KeyError", "pop from an empty set")),
                }
            }
            "union" | "intersection" | "difference" => {
                let other = make_set(vm.iterate(host, &arg(&args, 0, name)?)?)?;
                let op = match name {
                    "union" => BinOp::BitOr,
                    "intersection" => BinOp::BitAnd,
                    _ => BinOp::Sub,
                };
                binop(op, obj, &other, false)?
            }
            "copy" => Value::Set(Rc::new(RefCell::new(d.borrow().clone()))),
            "clear" => {
                *d.borrow_mut() = Dict::default();
                Value::None
            }
            _ => return Err(no_attr(obj, name)),
        },
        Value::Iter(rc) => match name {
            // `gen.send(v)`: resumes the generator with `v` as its `yield`'s value.
            "send" | "__next__" => {
                let sent = if name == "send" { arg(&args, 0, "send")? } else { Value::None };
                match vm.send(host, rc, obj, sent)? {
                    Some(v) => v,
                    None => return Err(new_exc("StopIteration", Vec::new())),
                }
            }
            "close" => {
                // The suspended frame is dropped (its `finally` blocks do not run here).
                if let super::value::Iter::Gen(frame, ..) = &mut *rc.borrow_mut() {
                    *frame = None;
                }
                Value::None
            }
            _ => return Err(no_attr(obj, name)),
        },
        Value::File(f) => {
            if f.borrow().closed && name != "close" && name != "__exit__" {
                return Err(exc("ValueError", "I/O operation on closed file."));
            }
            match name {
                "read" => {
                    let mut f = f.borrow_mut();
                    let start = f.pos.min(f.data.len());
                    let s = f.data[start..].to_string();
                    f.pos = f.data.len();
                    Value::str(&s)
                }
                "readline" => {
                    let mut f = f.borrow_mut();
                    let start = f.pos.min(f.data.len());
                    let end = f.data[start..].find('\n').map(|i| start + i + 1).unwrap_or(f.data.len());
                    let s = f.data[start..end].to_string();
                    f.pos = end;
                    Value::str(&s)
                }
                "readlines" => {
                    let mut f = f.borrow_mut();
                    let start = f.pos.min(f.data.len());
                    let lines = f.data[start..].split_inclusive('\n').map(Value::str).collect();
                    f.pos = f.data.len();
                    Value::list(lines)
                }
                "write" => {
                    let s = arg(&args, 0, "write")?;
                    let Value::Str(s) = s else {
                        return Err(type_err(format!("write() argument must be str, not {}", s.type_name())));
                    };
                    let mut fb = f.borrow_mut();
                    if !fb.write {
                        return Err(exc("io.UnsupportedOperation", "not writable"));
                    }
                    fb.data.push_str(&s);
                    Value::Int(s.chars().count() as i64)
                }
                "flush" => Value::None,
                "close" | "__exit__" => {
                    close_file(host, f);
                    Value::None
                }
                "__enter__" => obj.clone(),
                _ => return Err(no_attr(obj, name)),
            }
        }
        Value::Int(i) if name == "bit_length" => Value::Int(64 - i.unsigned_abs().leading_zeros() as i64),
        Value::Float(f) if name == "is_integer" => Value::Bool(f.fract() == 0.0),
        _ => return Err(no_attr(obj, name)),
    };
    Ok(Ret::Val(v))
}

fn no_attr(obj: &Value, name: &str) -> Rc<Exc> {
    exc("AttributeError", format!("'{}' object has no attribute '{name}'", obj.type_name()))
}

/// `itertools.product`, `permutations`, `combinations`: their tuples, in CPython's order.
fn combinatorics(name: &str, pools: Vec<Vec<Value>>, r: Option<i64>) -> Res<Vec<Value>> {
    const LIMIT: usize = 1_000_000;
    let too_many = || exc("MemoryError", "");
    let mut out = Vec::new();
    if name == "itertools.product" {
        let mut idx = vec![0usize; pools.len()];
        if pools.iter().any(|p| p.is_empty()) {
            return Ok(out);
        }
        loop {
            out.push(Value::tuple(idx.iter().zip(&pools).map(|(i, p)| p[*i].clone()).collect()));
            if out.len() > LIMIT {
                return Err(too_many());
            }
            // The rightmost index advances first (an odometer).
            let mut k = pools.len();
            loop {
                if k == 0 {
                    return Ok(out);
                }
                k -= 1;
                idx[k] += 1;
                if idx[k] < pools[k].len() {
                    break;
                }
                idx[k] = 0;
            }
        }
    }
    let pool = pools.into_iter().next().unwrap_or_default();
    let n = pool.len();
    let r = match r {
        Some(r) if r < 0 => return Err(exc("ValueError", "r must be non-negative")),
        Some(r) => r as usize,
        None if name == "itertools.combinations" => {
            return Err(type_err("combinations() missing required argument 'r' (pos 2)"))
        }
        None => n,
    };
    if r > n {
        return Ok(out);
    }
    let emit = |idx: &[usize], out: &mut Vec<Value>| -> Res<()> {
        out.push(Value::tuple(idx[..r].iter().map(|i| pool[*i].clone()).collect()));
        if out.len() > LIMIT {
            return Err(exc("MemoryError", ""));
        }
        Ok(())
    };
    if name == "itertools.permutations" {
        // CPython's own algorithm (its documented equivalent), so the order is the same.
        let mut idx: Vec<usize> = (0..n).collect();
        let mut cycles: Vec<usize> = (0..r).map(|i| n - i).collect();
        emit(&idx, &mut out)?;
        'outer: loop {
            for i in (0..r).rev() {
                cycles[i] -= 1;
                if cycles[i] == 0 {
                    let first = idx.remove(i);
                    idx.push(first);
                    cycles[i] = n - i;
                } else {
                    let j = cycles[i];
                    idx.swap(i, n - j);
                    emit(&idx, &mut out)?;
                    continue 'outer;
                }
            }
            return Ok(out);
        }
    }
    // Combinations: increasing index tuples in lexicographic order.
    let mut idx: Vec<usize> = (0..r).collect();
    loop {
        emit(&idx, &mut out)?;
        let mut k = r;
        loop {
            if k == 0 {
                return Ok(out);
            }
            k -= 1;
            if idx[k] < n - r + k {
                idx[k] += 1;
                for j in k + 1..r {
                    idx[j] = idx[j - 1] + 1;
                }
                break;
            }
        }
    }
}
