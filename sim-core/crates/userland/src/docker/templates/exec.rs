//! Running a parsed template over a [`Value`]: Go's evaluation rules (a
//! pipeline's value is passed as the last argument of the next command,
//! `range` over maps goes in key order, missing map keys print
//! `<no value>`) and docker's function set. Errors carry Go's
//! `template: :LINE:COL: executing "" at <node>: …` prefix.

use super::gostrings;
use super::parse::{Arg, Command, Node, Pipe};
use super::value::Value;

/// How field lookups behave.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mode {
    /// docker's raw fallback for objects it also has as JSON (networks): fields may be named by
    /// their JSON name (`.Id`), and a missing key is an error (`missingkey=error`).
    pub json_names: bool,
    /// `HeaderFunctions`: the text functions return their argument untouched (table headers).
    pub header: bool,
}

pub struct Exec<'a> {
    src: &'a str,
    mode: Mode,
    vars: Vec<(String, Value)>,
}

impl<'a> Exec<'a> {
    pub fn new(src: &'a str, mode: Mode, root: &Value) -> Exec<'a> {
        Exec { src, mode, vars: vec![(String::new(), root.clone())] }
    }

    fn fail(&self, pos: usize, context: &str, msg: &str) -> String {
        let before = self.src.get(..pos).unwrap_or(self.src);
        let line = 1 + before.matches('\n').count();
        let col = match before.rfind('\n') {
            Some(nl) => pos - (nl + 1),
            None => pos,
        };
        format!("template: :{line}:{col}: executing \"\" at <{context}>: {msg}")
    }

    pub fn run(&mut self, nodes: &[Node], dot: &Value, out: &mut String) -> Result<(), String> {
        for node in nodes {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Action(pipe) => {
                    let v = self.pipe(pipe, dot)?;
                    if pipe.decl.is_empty() {
                        out.push_str(&v.display());
                    }
                }
                Node::If(pipe, then, els) => {
                    let mark = self.vars.len();
                    let v = self.pipe(pipe, dot)?;
                    let r = if v.truthy() { self.run(then, dot, out) } else { self.run(els, dot, out) };
                    self.vars.truncate(mark);
                    r?;
                }
                Node::With(pipe, then, els) => {
                    let mark = self.vars.len();
                    let v = self.pipe(pipe, dot)?;
                    let r = if v.truthy() { self.run(then, &v, out) } else { self.run(els, dot, out) };
                    self.vars.truncate(mark);
                    r?;
                }
                Node::Range(pipe, body, els) => {
                    let mark = self.vars.len();
                    let decl = pipe.decl.clone();
                    let plain = Pipe { decl: Vec::new(), cmds: pipe.cmds.clone() };
                    let v = self.pipe(&plain, dot)?;
                    let items: Vec<(Value, Value)> = match &v {
                        Value::List(l) => {
                            l.iter().flatten().enumerate().map(|(i, x)| (Value::Int(i as i64), x.clone())).collect()
                        }
                        Value::Map(m) => m.iter().flatten().map(|(k, x)| (Value::str(k), x.clone())).collect(),
                        Value::Nil | Value::Missing => Vec::new(),
                        other => {
                            let ctx = pipe.context();
                            return Err(self.fail(
                                pos_of(pipe),
                                &ctx,
                                &format!("range can't iterate over {}", other.display()),
                            ));
                        }
                    };
                    if items.is_empty() {
                        self.run(els, dot, out)?;
                    }
                    for (key, item) in items {
                        let inner = self.vars.len();
                        match decl.as_slice() {
                            [] => {}
                            [one] => self.vars.push((one.clone(), item.clone())),
                            [k, e, ..] => {
                                self.vars.push((k.clone(), key));
                                self.vars.push((e.clone(), item.clone()));
                            }
                        }
                        let r = self.run(body, &item, out);
                        self.vars.truncate(inner);
                        r?;
                    }
                    self.vars.truncate(mark);
                }
            }
        }
        Ok(())
    }

    fn pipe(&mut self, pipe: &Pipe, dot: &Value) -> Result<Value, String> {
        let mut last: Option<Value> = None;
        for cmd in &pipe.cmds {
            last = Some(self.command(cmd, dot, last)?);
        }
        let v = last.unwrap_or(Value::Missing);
        for name in &pipe.decl {
            self.vars.push((name.clone(), v.clone()));
        }
        Ok(v)
    }

    fn command(&mut self, cmd: &Command, dot: &Value, piped: Option<Value>) -> Result<Value, String> {
        let Some(first) = cmd.args.first() else { return Ok(Value::Missing) };
        let rest = &cmd.args[1..];
        if let Arg::Func { name, .. } = first {
            let mut args = Vec::new();
            for a in rest {
                args.push(self.arg(a, dot)?);
            }
            if let Some(p) = piped {
                args.push(p);
            }
            return self
                .call(name, args)
                .map_err(|e| self.fail(cmd.pos, &cmd.context(), &format!("error calling {name}: {e}")));
        }
        let v = self.arg(first, dot)?;
        if let Value::LabelMethod(labels) = &v {
            let mut args = Vec::new();
            for a in rest {
                args.push(self.arg(a, dot)?);
            }
            if let Some(p) = piped {
                args.push(p);
            }
            return match args.as_slice() {
                [Value::Str(key)] => {
                    Ok(Value::str(labels.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or("")))
                }
                _ => Err(self.fail(
                    cmd.pos,
                    &cmd.context(),
                    &format!("wrong number of args for Label: want 1 got {}", args.len()),
                )),
            };
        }
        if !rest.is_empty() || piped.is_some() {
            let ctx = first.context();
            return Err(self.fail(cmd.pos, &ctx, &format!("can't give argument to non-function {ctx}")));
        }
        Ok(v)
    }

    fn arg(&mut self, arg: &Arg, dot: &Value) -> Result<Value, String> {
        match arg {
            Arg::Dot => Ok(dot.clone()),
            Arg::Field { pos, chain } => self.walk(dot.clone(), chain, *pos, &arg.context()),
            Arg::Var { pos, name, chain } => {
                let Some(v) = self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone()) else {
                    return Err(format!("template: :1: undefined variable: ${name}"));
                };
                self.walk(v, chain, *pos, &arg.context())
            }
            Arg::Func { name, pos } => {
                self.call(name, Vec::new()).map_err(|e| self.fail(*pos, name, &format!("error calling {name}: {e}")))
            }
            Arg::Str(s) => Ok(Value::str(s.clone())),
            Arg::Int(i) => Ok(Value::Int(*i)),
            Arg::Bool(b) => Ok(Value::Bool(*b)),
            Arg::Nil => Ok(Value::Nil),
            Arg::Sub { pos, pipe, chain } => {
                let v = self.pipe(pipe, dot)?;
                self.walk(v, chain, *pos, &arg.context())
            }
        }
    }

    /// Follows `.A.B` from `v`.
    fn walk(&self, mut v: Value, chain: &[String], pos: usize, context: &str) -> Result<Value, String> {
        for name in chain {
            v = match v {
                Value::Struct(s) => match s.get(name, self.mode.json_names) {
                    Some(x) => x.clone(),
                    None if self.mode.json_names => {
                        return Err(self.fail(pos, context, &format!("map has no entry for key {name:?}")))
                    }
                    None => {
                        return Err(self.fail(
                            pos,
                            context,
                            &format!("can't evaluate field {name} in type {}", s.type_name),
                        ))
                    }
                },
                Value::Map(m) => match m.iter().flatten().find(|(k, _)| k == name) {
                    Some((_, x)) => x.clone(),
                    None if self.mode.json_names => {
                        return Err(self.fail(pos, context, &format!("map has no entry for key {name:?}")))
                    }
                    None => Value::Missing,
                },
                Value::Nil => {
                    return Err(self.fail(pos, context, &format!("nil pointer evaluating interface {{}}.{name}")))
                }
                Value::Missing => Value::Missing,
                other => {
                    return Err(self.fail(
                        pos,
                        context,
                        &format!("can't evaluate field {name} in type {}", other.type_name()),
                    ))
                }
            };
        }
        Ok(v)
    }

    fn call(&self, name: &str, args: Vec<Value>) -> Result<Value, String> {
        let want = |n: usize| -> Result<(), String> {
            if args.len() == n {
                Ok(())
            } else {
                Err(format!("wrong number of args for {name}: want {n} got {}", args.len()))
            }
        };
        let text = |v: &Value| -> Result<String, String> {
            match v {
                Value::Str(s) => Ok(s.clone()),
                other => Err(format!("wrong type for value; expected string; got {}", other.type_name())),
            }
        };
        let int = |v: &Value| -> Result<i64, String> {
            match v {
                Value::Int(i) => Ok(*i),
                other => Err(format!("wrong type for value; expected int; got {}", other.type_name())),
            }
        };
        if self.mode.header && ["json", "split", "join", "title", "lower", "upper", "truncate"].contains(&name) {
            return Ok(args.into_iter().next().unwrap_or(Value::Missing));
        }
        match name {
            "json" => {
                want(1)?;
                Ok(Value::Str(args[0].to_json(false)))
            }
            "join" => {
                want(2)?;
                let sep = text(&args[1])?;
                match &args[0] {
                    Value::List(l) => {
                        let parts: Result<Vec<String>, String> = l.iter().flatten().map(&text).collect();
                        Ok(Value::Str(parts?.join(&sep)))
                    }
                    other => Err(format!("wrong type for value; expected []string; got {}", other.type_name())),
                }
            }
            "split" => {
                want(2)?;
                let (s, sep) = (text(&args[0])?, text(&args[1])?);
                let parts: Vec<Value> = if sep.is_empty() {
                    s.chars().map(|c| Value::Str(c.to_string())).collect()
                } else {
                    s.split(sep.as_str()).map(Value::str).collect()
                };
                Ok(Value::list(parts))
            }
            "lower" => {
                want(1)?;
                Ok(Value::Str(gostrings::to_lower(&text(&args[0])?)))
            }
            "upper" => {
                want(1)?;
                Ok(Value::Str(gostrings::to_upper(&text(&args[0])?)))
            }
            "title" => {
                want(1)?;
                Ok(Value::Str(gostrings::title(&text(&args[0])?)))
            }
            "pad" => {
                want(3)?;
                let s = text(&args[0])?;
                let (a, b) = (int(&args[1])?.max(0) as usize, int(&args[2])?.max(0) as usize);
                if s.is_empty() {
                    return Ok(Value::Str(s));
                }
                Ok(Value::Str(format!("{}{s}{}", " ".repeat(a.min(1000)), " ".repeat(b.min(1000)))))
            }
            "truncate" => {
                want(2)?;
                let s = text(&args[0])?;
                let n = int(&args[1])?.max(0) as usize;
                if s.len() < n {
                    return Ok(Value::Str(s));
                }
                let mut cut = n;
                while cut > 0 && !s.is_char_boundary(cut) {
                    cut -= 1;
                }
                Ok(Value::Str(s[..cut].to_string()))
            }
            "len" => {
                want(1)?;
                match &args[0] {
                    Value::Str(s) => Ok(Value::Int(s.len() as i64)),
                    Value::List(l) => Ok(Value::Int(l.as_ref().map_or(0, |l| l.len()) as i64)),
                    Value::Map(m) => Ok(Value::Int(m.as_ref().map_or(0, |m| m.len()) as i64)),
                    other => Err(format!("len of type {}", other.type_name())),
                }
            }
            "index" => {
                let Some((first, keys)) = args.split_first() else {
                    return Err("wrong number of args for index: want at least 1 got 0".into());
                };
                let mut v = first.clone();
                for k in keys {
                    v = match (&v, k) {
                        (Value::Map(m), Value::Str(key)) => m
                            .iter()
                            .flatten()
                            .find(|(mk, _)| mk == key)
                            .map(|(_, x)| x.clone())
                            .unwrap_or(Value::Str(String::new())),
                        (Value::List(l), Value::Int(i)) => {
                            let items = l.as_deref().unwrap_or(&[]);
                            usize::try_from(*i)
                                .ok()
                                .and_then(|i| items.get(i))
                                .cloned()
                                .ok_or_else(|| format!("index out of range: {i}"))?
                        }
                        (Value::Nil | Value::Missing, _) => return Err("index of untyped nil".into()),
                        (other, _) => return Err(format!("can't index item of type {}", other.type_name())),
                    };
                }
                Ok(v)
            }
            "not" => {
                want(1)?;
                Ok(Value::Bool(!args[0].truthy()))
            }
            "and" => Ok(args.iter().find(|a| !a.truthy()).or(args.last()).cloned().unwrap_or(Value::Missing)),
            "or" => Ok(args.iter().find(|a| a.truthy()).or(args.last()).cloned().unwrap_or(Value::Missing)),
            "eq" => {
                let Some((first, rest)) = args.split_first() else {
                    return Err("missing argument for comparison".into());
                };
                Ok(Value::Bool(rest.iter().any(|r| r == first)))
            }
            "ne" => {
                want(2)?;
                Ok(Value::Bool(args[0] != args[1]))
            }
            "lt" | "le" | "gt" | "ge" => {
                want(2)?;
                let ord = match (&args[0], &args[1]) {
                    (Value::Int(a), Value::Int(b)) => a.cmp(b),
                    (Value::Str(a), Value::Str(b)) => a.cmp(b),
                    _ => return Err("incompatible types for comparison".into()),
                };
                Ok(Value::Bool(match name {
                    "lt" => ord.is_lt(),
                    "le" => ord.is_le(),
                    "gt" => ord.is_gt(),
                    _ => ord.is_ge(),
                }))
            }
            "print" => Ok(Value::Str(sprint(&args))),
            "println" => {
                let parts: Vec<String> = args.iter().map(|a| a.display()).collect();
                Ok(Value::Str(format!("{}\n", parts.join(" "))))
            }
            "printf" => {
                let Some((fmt, rest)) = args.split_first() else {
                    return Err("wrong number of args for printf: want at least 1 got 0".into());
                };
                Ok(Value::Str(sprintf(&text(fmt)?, rest)))
            }
            other => Err(format!("function {other:?} not defined")),
        }
    }
}

fn pos_of(pipe: &Pipe) -> usize {
    pipe.cmds.first().map(|c| c.pos).unwrap_or(0)
}

/// `fmt.Sprint`: a space between operands when neither is a string.
fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = |v: &Value| matches!(v, Value::Str(_));
        if i > 0 && !is_str(a) && !is_str(&args[i - 1]) {
            out.push(' ');
        }
        out.push_str(&a.display());
    }
    out
}

/// `fmt.Sprintf` for the verbs templates use: `%s`, `%v`, `%d`, `%q`, `%%`.
fn sprintf(fmt: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut next = args.iter();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(verb @ ('s' | 'v' | 'd' | 'q' | 't')) => match next.next() {
                Some(v) if verb == 'q' => out.push_str(&format!("{:?}", v.display())),
                Some(v) => out.push_str(&v.display()),
                None => out.push_str(&format!("%!{verb}(MISSING)")),
            },
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push_str("%!(NOVERB)"),
        }
    }
    out
}
