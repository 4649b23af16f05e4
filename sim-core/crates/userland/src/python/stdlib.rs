//! Standard modules beyond the core: `json` (dumps/loads/dump/load), `collections` (Counter,
//! defaultdict, namedtuple), `datetime` (now/today from simulated time, timedelta, strftime)
//! and a few `itertools`. Nested data is walked with a depth bound, as CPython's recursion
//! limit bounds it.

use super::value::{float_repr, Dict, Value};
use super::vm::{exc, hash_key, new_exc, type_err, Res};
use std::cell::RefCell;
use std::rc::Rc;

const MAX_DEPTH: usize = 200;

fn depth_err() -> Rc<super::value::Exc> {
    exc("RecursionError", "maximum recursion depth exceeded while encoding a JSON object")
}

/// `json.dumps(v, indent=…, sort_keys=…)`.
pub fn json_dumps(v: &Value, indent: Option<usize>, sort_keys: bool) -> Res<String> {
    let mut out = String::new();
    dump(v, indent, sort_keys, 0, &mut out)?;
    Ok(out)
}

fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                // ensure_ascii: everything else as \uXXXX (surrogate pairs past the BMP).
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{:04x}", u));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn dump(v: &Value, indent: Option<usize>, sort: bool, depth: usize, out: &mut String) -> Res<()> {
    if depth > MAX_DEPTH {
        return Err(depth_err());
    }
    let nl = |out: &mut String, d: usize| {
        if let Some(n) = indent {
            out.push('\n');
            out.push_str(&" ".repeat(n * d));
        }
    };
    let sep = if indent.is_some() { "," } else { ", " };
    match v {
        Value::None => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) if f.is_nan() => out.push_str("NaN"),
        Value::Float(f) if f.is_infinite() => out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" }),
        Value::Float(f) => out.push_str(&float_repr(*f)),
        Value::Str(s) => json_str(s, out),
        Value::List(_) | Value::Tuple(_) => {
            let items = match v {
                Value::List(l) => l.borrow().clone(),
                Value::Tuple(t) => t.to_vec(),
                _ => Vec::new(),
            };
            if items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                nl(out, depth + 1);
                dump(it, indent, sort, depth + 1, out)?;
            }
            nl(out, depth);
            out.push(']');
        }
        Value::Dict(d) => {
            let mut items: Vec<(Value, Value)> = d.borrow().items().cloned().collect();
            if items.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            let mut keyed = Vec::with_capacity(items.len());
            for (k, val) in items.drain(..) {
                let ks = match &k {
                    Value::Str(s) => s.to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => float_repr(*f),
                    Value::Bool(b) => (if *b { "true" } else { "false" }).to_string(),
                    Value::None => "null".to_string(),
                    other => {
                        return Err(type_err(format!(
                            "keys must be str, int, float, bool or None, not {}",
                            other.type_name()
                        )))
                    }
                };
                keyed.push((ks, val));
            }
            if sort {
                crate::sort::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
            }
            out.push('{');
            for (i, (k, val)) in keyed.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                nl(out, depth + 1);
                json_str(k, out);
                out.push_str(": ");
                dump(val, indent, sort, depth + 1, out)?;
            }
            nl(out, depth);
            out.push('}');
        }
        other => {
            return Err(type_err(format!("Object of type {} is not JSON serializable", other.type_name())));
        }
    }
    Ok(())
}

/// `json.loads(s)`, with CPython's `JSONDecodeError` texts for the common mistakes.
pub fn json_loads(s: &str) -> Res<Value> {
    let chars: Vec<char> = s.chars().collect();
    let mut p = JsonParser { s: &chars, i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < chars.len() {
        return Err(p.err("Extra data"));
    }
    Ok(v)
}

struct JsonParser<'a> {
    s: &'a [char],
    i: usize,
}

impl JsonParser<'_> {
    fn err(&self, msg: &str) -> Rc<super::value::Exc> {
        let before = &self.s[..self.i.min(self.s.len())];
        let line = before.iter().filter(|c| **c == '\n').count() + 1;
        let col = self.i - before.iter().rposition(|c| *c == '\n').map(|p| p + 1).unwrap_or(0) + 1;
        new_exc(
            "json.decoder.JSONDecodeError",
            vec![Value::str(&format!("{msg}: line {line} column {col} (char {})", self.i))],
        )
    }
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], ' ' | '\t' | '\n' | '\r') {
            self.i += 1;
        }
    }
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn lit(&mut self, word: &str) -> bool {
        let w: Vec<char> = word.chars().collect();
        if self.s.len() >= self.i + w.len() && self.s[self.i..self.i + w.len()] == w[..] {
            self.i += w.len();
            true
        } else {
            false
        }
    }
    fn value(&mut self, depth: usize) -> Res<Value> {
        if depth > MAX_DEPTH {
            return Err(exc("RecursionError", "maximum recursion depth exceeded while decoding a JSON document"));
        }
        match self.peek() {
            Some('{') => {
                self.i += 1;
                let mut d = Dict::default();
                self.ws();
                if self.peek() == Some('}') {
                    self.i += 1;
                    return Ok(Value::Dict(Rc::new(RefCell::new(d))));
                }
                loop {
                    self.ws();
                    if self.peek() != Some('"') {
                        return Err(self.err("Expecting property name enclosed in double quotes"));
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.peek() != Some(':') {
                        return Err(self.err("Expecting ':' delimiter"));
                    }
                    self.i += 1;
                    self.ws();
                    let v = self.value(depth + 1)?;
                    let key = Value::str(&k);
                    d.insert(hash_key(&key)?, key, v);
                    self.ws();
                    match self.peek() {
                        Some(',') => self.i += 1,
                        Some('}') => {
                            self.i += 1;
                            return Ok(Value::Dict(Rc::new(RefCell::new(d))));
                        }
                        _ => return Err(self.err("Expecting ',' delimiter")),
                    }
                }
            }
            Some('[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(']') {
                    self.i += 1;
                    return Ok(Value::list(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(',') => self.i += 1,
                        Some(']') => {
                            self.i += 1;
                            return Ok(Value::list(items));
                        }
                        _ => return Err(self.err("Expecting ',' delimiter")),
                    }
                }
            }
            Some('"') => Ok(Value::str(&self.string()?)),
            Some('t') if self.lit("true") => Ok(Value::Bool(true)),
            Some('f') if self.lit("false") => Ok(Value::Bool(false)),
            Some('n') if self.lit("null") => Ok(Value::None),
            Some('N') if self.lit("NaN") => Ok(Value::Float(f64::NAN)),
            Some('I') if self.lit("Infinity") => Ok(Value::Float(f64::INFINITY)),
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let start = self.i;
                if c == '-' {
                    self.i += 1;
                }
                let digits = |p: &mut Self| {
                    let s = p.i;
                    while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                        p.i += 1;
                    }
                    p.i > s
                };
                if !digits(self) {
                    self.i = start;
                    return Err(self.err("Expecting value"));
                }
                let mut float = false;
                if self.peek() == Some('.') && self.s.get(self.i + 1).is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                    digits(self);
                    float = true;
                }
                if matches!(self.peek(), Some('e' | 'E')) {
                    let save = self.i;
                    self.i += 1;
                    if matches!(self.peek(), Some('+' | '-')) {
                        self.i += 1;
                    }
                    if digits(self) {
                        float = true;
                    } else {
                        self.i = save;
                    }
                }
                let text: String = self.s[start..self.i].iter().collect();
                if float {
                    Ok(Value::Float(text.parse().unwrap_or(0.0)))
                } else {
                    match text.parse::<i64>() {
                        Ok(i) => Ok(Value::Int(i)),
                        Err(_) => Ok(Value::Float(text.parse().unwrap_or(0.0))),
                    }
                }
            }
            _ => Err(self.err("Expecting value")),
        }
    }
    fn string(&mut self) -> Res<String> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                self.i = start;
                return Err(self.err("Unterminated string starting at"));
            };
            self.i += 1;
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(e) = self.peek() else { continue };
                    self.i += 1;
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' => {
                            let hex: String = self.s.iter().skip(self.i).take(4).collect();
                            let Ok(n) = u32::from_str_radix(&hex, 16) else {
                                self.i -= 2;
                                return Err(self.err("Invalid \\uXXXX escape"));
                            };
                            self.i += 4;
                            out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                        }
                        other => out.push(other),
                    }
                }
                c if (c as u32) < 0x20 => {
                    self.i -= 1;
                    return Err(self.err("Invalid control character at"));
                }
                c => out.push(c),
            }
        }
    }
}

/// (year, month, day, hour, minute, second, microsecond, weekday Monday=0) of a time in
/// microseconds since the epoch (UTC, as a container's clock is).
pub fn civil(us: i64) -> [i64; 8] {
    let secs = us.div_euclid(1_000_000);
    let micro = us.rem_euclid(1_000_000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    let wd = (days + 3).rem_euclid(7);
    [y, m, d, rem / 3600, rem % 3600 / 60, rem % 60, micro, wd]
}

/// Days since the epoch of a civil date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `strftime` for a time in microseconds since the epoch (UTC).
pub fn strftime(fmt: &str, us: i64) -> String {
    let [y, mo, d, h, mi, s, micro, wd] = civil(us);
    let mut out = String::new();
    let mut it = fmt.chars();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('Y') => out.push_str(&y.to_string()),
            Some('y') => out.push_str(&format!("{:02}", y % 100)),
            Some('m') => out.push_str(&format!("{mo:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('H') => out.push_str(&format!("{h:02}")),
            Some('I') => out.push_str(&format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 })),
            Some('p') => out.push_str(if h < 12 { "AM" } else { "PM" }),
            Some('M') => out.push_str(&format!("{mi:02}")),
            Some('S') => out.push_str(&format!("{s:02}")),
            Some('f') => out.push_str(&format!("{micro:06}")),
            Some('A') => out.push_str(DAYS[wd as usize]),
            Some('a') => out.push_str(&DAYS[wd as usize][..3]),
            Some('B') => out.push_str(MONTHS[(mo - 1) as usize]),
            Some('b') => out.push_str(&MONTHS[(mo - 1) as usize][..3]),
            Some('j') => out.push_str(&format!("{:03}", days_from_civil(y, mo, d) - days_from_civil(y, 1, 1) + 1)),
            Some('Z') => out.push_str("UTC"),
            Some('z') => out.push_str("+0000"),
            Some('%') => out.push('%'),
            Some(o) => {
                out.push('%');
                out.push(o);
            }
            None => out.push('%'),
        }
    }
    out
}

/// `str()` of `datetime`, `date` and `timedelta` values.
pub fn time_str(kind: &str, n: i64) -> String {
    match kind {
        "datetime" => {
            let [y, mo, d, h, mi, s, micro, _] = civil(n);
            let frac = if micro != 0 { format!(".{micro:06}") } else { String::new() };
            format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}{frac}")
        }
        "date" => {
            let [y, mo, d, ..] = civil(n * 86_400_000_000);
            format!("{y:04}-{mo:02}-{d:02}")
        }
        _ => {
            let days = n.div_euclid(86_400_000_000);
            let rest = n.rem_euclid(86_400_000_000);
            let (s, micro) = (rest / 1_000_000, rest % 1_000_000);
            let mut out = String::new();
            if days != 0 {
                out.push_str(&format!("{days} day{}, ", if days.abs() == 1 { "" } else { "s" }));
            }
            out.push_str(&format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60));
            if micro != 0 {
                out.push_str(&format!(".{micro:06}"));
            }
            out
        }
    }
}

/// `repr()` of the same values.
pub fn time_repr(kind: &str, n: i64) -> String {
    match kind {
        "datetime" => {
            let [y, mo, d, h, mi, s, micro, _] = civil(n);
            let mut parts = vec![y, mo, d, h, mi];
            if s != 0 || micro != 0 {
                parts.push(s);
            }
            if micro != 0 {
                parts.push(micro);
            }
            let p: Vec<String> = parts.iter().map(|x| x.to_string()).collect();
            format!("datetime.datetime({})", p.join(", "))
        }
        "date" => {
            let [y, mo, d, ..] = civil(n * 86_400_000_000);
            format!("datetime.date({y}, {mo}, {d})")
        }
        _ => {
            let days = n.div_euclid(86_400_000_000);
            let rest = n.rem_euclid(86_400_000_000);
            let mut parts = Vec::new();
            if days != 0 {
                parts.push(format!("days={days}"));
            }
            if rest / 1_000_000 != 0 {
                parts.push(format!("seconds={}", rest / 1_000_000));
            }
            if rest % 1_000_000 != 0 {
                parts.push(format!("microseconds={}", rest % 1_000_000));
            }
            if parts.is_empty() {
                "datetime.timedelta(0)".into()
            } else {
                format!("datetime.timedelta({})", parts.join(", "))
            }
        }
    }
}

/// A `datetime`, `date` or `timedelta` value.
pub fn time_value(kind: &'static str, n: i64) -> Value {
    Value::Wrap(kind, Rc::new(vec![Value::Int(n)]))
}

fn time_of(v: &Value) -> Option<(&'static str, i64)> {
    match v {
        Value::Wrap(k @ ("datetime" | "date" | "timedelta"), w) => match w.first() {
            Some(Value::Int(n)) => Some((k, *n)),
            _ => None,
        },
        _ => None,
    }
}

/// Arithmetic on times: datetime ± timedelta, datetime − datetime, timedelta ± timedelta,
/// timedelta × number. `None`: not such values.
pub fn time_binop(op: super::ast::BinOp, a: &Value, b: &Value) -> Option<Value> {
    use super::ast::BinOp::*;
    let day = 86_400_000_000;
    match (time_of(a), time_of(b), op) {
        (Some(("datetime", x)), Some(("timedelta", y)), Add) => Some(time_value("datetime", x.checked_add(y)?)),
        (Some(("timedelta", x)), Some(("datetime", y)), Add) => Some(time_value("datetime", x.checked_add(y)?)),
        (Some(("datetime", x)), Some(("timedelta", y)), Sub) => Some(time_value("datetime", x.checked_sub(y)?)),
        (Some(("datetime", x)), Some(("datetime", y)), Sub) => Some(time_value("timedelta", x.checked_sub(y)?)),
        (Some(("date", x)), Some(("timedelta", y)), Add) => Some(time_value("date", x + y.div_euclid(day))),
        (Some(("date", x)), Some(("timedelta", y)), Sub) => Some(time_value("date", x - y.div_euclid(day))),
        (Some(("date", x)), Some(("date", y)), Sub) => Some(time_value("timedelta", (x - y).checked_mul(day)?)),
        (Some(("timedelta", x)), Some(("timedelta", y)), Add) => Some(time_value("timedelta", x.checked_add(y)?)),
        (Some(("timedelta", x)), Some(("timedelta", y)), Sub) => Some(time_value("timedelta", x.checked_sub(y)?)),
        (Some(("timedelta", x)), None, Mul) => match b {
            Value::Int(k) => Some(time_value("timedelta", x.checked_mul(*k)?)),
            Value::Float(f) => Some(time_value("timedelta", (x as f64 * f).round() as i64)),
            _ => None,
        },
        _ => None,
    }
}

/// How two times order (same kind only).
pub fn time_order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (time_of(a), time_of(b)) {
        (Some((k1, x)), Some((k2, y))) if k1 == k2 => Some(x.cmp(&y)),
        _ => None,
    }
}

/// An attribute of a time value (`year`, `day`, `seconds`…), or a method's name.
pub fn time_attr(v: &Value, name: &str) -> Option<Value> {
    let (kind, n) = time_of(v)?;
    let c = match kind {
        "datetime" => civil(n),
        "date" => civil(n * 86_400_000_000),
        _ => {
            let day = 86_400_000_000;
            return Some(match name {
                "days" => Value::Int(n.div_euclid(day)),
                "seconds" => Value::Int(n.rem_euclid(day) / 1_000_000),
                "microseconds" => Value::Int(n.rem_euclid(1_000_000)),
                "total_seconds" => Value::Method(Box::new(v.clone()), Rc::from(name)),
                _ => return None,
            });
        }
    };
    let i = match name {
        "year" => 0,
        "month" => 1,
        "day" => 2,
        "hour" if kind == "datetime" => 3,
        "minute" if kind == "datetime" => 4,
        "second" if kind == "datetime" => 5,
        "microsecond" if kind == "datetime" => 6,
        "strftime" | "isoformat" | "weekday" | "timestamp" | "date" | "isoweekday" => {
            return Some(Value::Method(Box::new(v.clone()), Rc::from(name)))
        }
        _ => return None,
    };
    Some(Value::Int(c[i]))
}

/// A method of a time value.
pub fn time_method(v: &Value, name: &str, args: &[Value]) -> Res<Value> {
    let Some((kind, n)) = time_of(v) else { return Err(type_err("not a time")) };
    let us = if kind == "date" { n * 86_400_000_000 } else { n };
    Ok(match name {
        "total_seconds" => Value::Float(n as f64 / 1e6),
        "strftime" => {
            let fmt = args.first().map(|f| f.to_str()).unwrap_or_default();
            Value::str(&strftime(&fmt, us))
        }
        "isoformat" => Value::str(&time_str(kind, n).replacen(' ', "T", 1)),
        "weekday" => Value::Int(civil(us)[7]),
        "isoweekday" => Value::Int(civil(us)[7] + 1),
        "timestamp" => Value::Float(us as f64 / 1e6),
        "date" => time_value("date", us.div_euclid(86_400_000_000)),
        _ => return Err(exc("AttributeError", format!("'{kind}' object has no attribute '{name}'"))),
    })
}

/// `datetime.datetime(y, m, d, H=0, M=0, S=0, us=0)`, `datetime.date(y, m, d)`,
/// `datetime.timedelta(days=…, seconds=…, …)`.
pub fn time_construct(kind: &'static str, args: &[Value], kw: &[(Rc<str>, Value)]) -> Res<Value> {
    let num = |v: &Value| -> Res<f64> {
        match v {
            Value::Int(i) => Ok(*i as f64),
            Value::Float(f) => Ok(*f),
            Value::Bool(b) => Ok(*b as i64 as f64),
            o => Err(type_err(format!("'{}' object cannot be interpreted as an integer", o.type_name()))),
        }
    };
    let get = |i: usize, name: &str| -> Option<&Value> {
        args.get(i).or_else(|| kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v))
    };
    if kind == "timedelta" {
        let names = ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"];
        let scale = [86_400e6, 1e6, 1.0, 1e3, 60e6, 3600e6, 604_800e6];
        let mut total = 0.0;
        for (i, n) in names.iter().enumerate() {
            if let Some(v) = get(i, n) {
                total += num(v)? * scale[i];
            }
        }
        return Ok(time_value("timedelta", total.round() as i64));
    }
    let names = ["year", "month", "day", "hour", "minute", "second", "microsecond"];
    let mut p = [0i64; 7];
    let needed = 3;
    for (i, n) in names.iter().enumerate() {
        if kind == "date" && i >= 3 {
            break;
        }
        match get(i, n) {
            Some(v) => p[i] = num(v)? as i64,
            None if i < needed => {
                return Err(type_err(format!("function missing required argument '{n}' (pos {})", i + 1)))
            }
            None => {}
        }
    }
    if !(1..=12).contains(&p[1]) {
        return Err(exc("ValueError", "month must be in 1..12"));
    }
    let last = days_from_civil(p[0] + (p[1] == 12) as i64, p[1] % 12 + 1, 1) - days_from_civil(p[0], p[1], 1);
    if p[2] < 1 || p[2] > last {
        return Err(exc("ValueError", "day is out of range for month"));
    }
    let days = days_from_civil(p[0], p[1], p[2]);
    if kind == "date" {
        return Ok(time_value("date", days));
    }
    let us = days * 86_400_000_000 + p[3] * 3_600_000_000 + p[4] * 60_000_000 + p[5] * 1_000_000 + p[6];
    Ok(time_value("datetime", us))
}

/// `collections.Counter(iterable)`: how many times each item occurs, in first-seen order.
pub fn counter_from(items: Vec<Value>, into: &mut Dict) -> Res<()> {
    for it in items {
        let key = hash_key(&it)?;
        let n = match into.get(&key) {
            Some(Value::Int(n)) => *n,
            _ => 0,
        };
        into.insert(key, it, Value::Int(n + 1));
    }
    Ok(())
}

/// A Counter's items, most common first (ties in insertion order).
pub fn most_common(d: &Dict) -> Vec<(Value, Value)> {
    let mut items: Vec<(Value, Value)> = d.items().cloned().collect();
    crate::sort::sort_by(&mut items, |a, b| {
        let n = |v: &Value| match v {
            Value::Int(i) => *i as f64,
            Value::Float(f) => *f,
            _ => 0.0,
        };
        n(&b.1).partial_cmp(&n(&a.1)).unwrap_or(std::cmp::Ordering::Equal)
    });
    items
}
