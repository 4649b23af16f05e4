//! Formatting: the format-spec mini-language (`f"{x:>8.2f}"`, `format()`), `str.format` and
//! printf-style `%`.

use super::value::{float_repr, Value};
use super::vm::{exc, type_err, Res};

struct Spec {
    fill: char,
    align: Option<char>,
    sign: char,
    alt: bool,
    zero: bool,
    width: usize,
    comma: Option<char>,
    prec: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(s: &str) -> Option<Spec> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut sp = Spec {
        fill: ' ',
        align: None,
        sign: '-',
        alt: false,
        zero: false,
        width: 0,
        comma: None,
        prec: None,
        ty: None,
    };
    let is_align = |ch: char| matches!(ch, '<' | '>' | '^' | '=');
    if c.len() >= 2 && is_align(c[1]) {
        sp.fill = c[0];
        sp.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        sp.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        sp.sign = c[i];
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        sp.alt = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        sp.zero = true;
        i += 1;
    }
    let st = i;
    while i < c.len() && c[i].is_ascii_digit() {
        i += 1;
    }
    sp.width = c[st..i].iter().collect::<String>().parse().unwrap_or(0);
    if i < c.len() && (c[i] == ',' || c[i] == '_') {
        sp.comma = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        let st = i;
        while i < c.len() && c[i].is_ascii_digit() {
            i += 1;
        }
        sp.prec = Some(c[st..i].iter().collect::<String>().parse().ok()?);
    }
    if i < c.len() {
        sp.ty = Some(c[i]);
        i += 1;
    }
    (i == c.len()).then_some(sp)
}

fn group(digits: &str, sep: char) -> String {
    let (int, frac) = match digits.find('.') {
        Some(i) => digits.split_at(i),
        None => (digits, ""),
    };
    let mut out = String::new();
    let n = int.len();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out + frac
}

/// Python's `format(v, spec)`.
pub fn format_value(v: &Value, spec: &str) -> Res<String> {
    if spec.is_empty() {
        return Ok(v.to_str());
    }
    let bad = || exc("ValueError", format!("Invalid format specifier '{spec}' for object of type '{}'", v.type_name()));
    let sp = parse_spec(spec).ok_or_else(bad)?;
    let (body, numeric, neg) = match (v, sp.ty) {
        (Value::Str(s), None | Some('s')) => {
            let s: String = match sp.prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.to_string(),
            };
            (s, false, false)
        }
        (Value::Int(_) | Value::Bool(_), None | Some('d' | 'n' | 'x' | 'X' | 'o' | 'b' | 'c')) => {
            let i = match v {
                Value::Int(i) => *i,
                Value::Bool(b) => *b as i64,
                _ => 0,
            };
            let a = i.unsigned_abs();
            let s = match sp.ty {
                Some('x') => format!("{}{a:x}", if sp.alt { "0x" } else { "" }),
                Some('X') => format!("{}{a:X}", if sp.alt { "0X" } else { "" }),
                Some('o') => format!("{}{a:o}", if sp.alt { "0o" } else { "" }),
                Some('b') => format!("{}{a:b}", if sp.alt { "0b" } else { "" }),
                Some('c') => char::from_u32(i as u32).map(String::from).unwrap_or_default(),
                _ if matches!(v, Value::Bool(_)) && sp.ty.is_none() => v.to_str(),
                _ => a.to_string(),
            };
            let s = match sp.comma {
                Some(c) => group(&s, c),
                None => s,
            };
            (s, true, i < 0)
        }
        (Value::Int(_) | Value::Float(_) | Value::Bool(_), Some('f' | 'F' | 'e' | 'E' | 'g' | 'G' | '%') | None) => {
            let x = match v {
                Value::Int(i) => *i as f64,
                Value::Bool(b) => *b as i64 as f64,
                Value::Float(f) => *f,
                _ => 0.0,
            };
            let a = x.abs();
            let s = match sp.ty {
                Some('f' | 'F') => format!("{a:.*}", sp.prec.unwrap_or(6)),
                Some('%') => format!("{:.*}%", sp.prec.unwrap_or(6), a * 100.0),
                Some('e' | 'E') => {
                    let s = format!("{a:.*e}", sp.prec.unwrap_or(6));
                    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                    let e: i32 = e.parse().unwrap_or(0);
                    let s = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
                    if sp.ty == Some('E') {
                        crate::case::to_upper(&s)
                    } else {
                        s
                    }
                }
                Some('g' | 'G') => general(a, sp.prec.unwrap_or(6)),
                _ => match sp.prec {
                    Some(p) => general(a, p.max(1)),
                    None => float_repr(a),
                },
            };
            let s = match sp.comma {
                Some(c) => group(&s, c),
                None => s,
            };
            (s, true, x.is_sign_negative() && x != 0.0 || (x == 0.0 && x.is_sign_negative()))
        }
        _ => return Err(bad()),
    };
    let sign = if !numeric {
        ""
    } else if neg {
        "-"
    } else {
        match sp.sign {
            '+' => "+",
            ' ' => " ",
            _ => "",
        }
    };
    let len = body.chars().count() + sign.len();
    if len >= sp.width {
        return Ok(format!("{sign}{body}"));
    }
    let pad = sp.width - len;
    let (fill, align) = if sp.zero && sp.align.is_none() && numeric {
        ('0', '=')
    } else {
        (sp.fill, sp.align.unwrap_or(if numeric { '>' } else { '<' }))
    };
    let f = |n: usize| fill.to_string().repeat(n);
    Ok(match align {
        '<' => format!("{sign}{body}{}", f(pad)),
        '^' => format!("{}{sign}{body}{}", f(pad / 2), f(pad - pad / 2)),
        '=' => format!("{sign}{}{body}", f(pad)),
        _ => format!("{}{sign}{body}", f(pad)),
    })
}

/// `%g`: `prec` significant digits, trailing zeros dropped.
fn general(a: f64, prec: usize) -> String {
    let p = prec.max(1);
    if a == 0.0 {
        return "0".into();
    }
    let exp = a.log10().floor() as i32;
    if exp < -4 || exp >= p as i32 {
        let s = format!("{a:.*e}", p - 1);
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.') } else { m };
        let e: i32 = e.parse().unwrap_or(0);
        format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let s = format!("{a:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// `"…".format(*args, **kwargs)`: `{}`, `{0}`, `{name}`, each with `!r`/`!s` and `:spec`.
pub fn str_format(fmt: &str, args: &[Value], kw: &[(std::rc::Rc<str>, Value)]) -> Res<String> {
    let c: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut auto = 0usize;
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '{' if c.get(i + 1) == Some(&'{') => {
                out.push('{');
                i += 2;
            }
            '}' if c.get(i + 1) == Some(&'}') => {
                out.push('}');
                i += 2;
            }
            '}' => return Err(exc("ValueError", "Single '}' encountered in format string")),
            '{' => {
                let Some(close) = c[i..].iter().position(|ch| *ch == '}') else {
                    return Err(exc("ValueError", "Single '{' encountered in format string"));
                };
                let field: String = c[i + 1..i + close].iter().collect();
                i += close + 1;
                let (name, spec) = match field.split_once(':') {
                    Some((n, s)) => (n.to_string(), s.to_string()),
                    None => (field.clone(), String::new()),
                };
                let (name, conv) = match name.split_once('!') {
                    Some((n, c)) => (n.to_string(), c.chars().next()),
                    None => (name, None),
                };
                let v = if name.is_empty() {
                    auto += 1;
                    args.get(auto - 1).cloned().ok_or_else(|| {
                        exc(
                            "IndexError",
                            format!("Replacement index {} out of range for positional args tuple", auto - 1),
                        )
                    })?
                } else if let Ok(n) = name.parse::<usize>() {
                    args.get(n).cloned().ok_or_else(|| {
                        exc("IndexError", format!("Replacement index {n} out of range for positional args tuple"))
                    })?
                } else {
                    kw.iter()
                        .find(|(k, _)| **k == *name)
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| super::vm::new_exc("KeyError", vec![Value::str(&name)]))?
                };
                let v = match conv {
                    Some('r' | 'a') => Value::str(&v.repr()),
                    Some('s') => Value::str(&v.to_str()),
                    _ => v,
                };
                out.push_str(&format_value(&v, &spec)?);
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// `"…" % values`.
pub fn percent(fmt: &str, values: &Value) -> Res<String> {
    let args: Vec<Value> = match values {
        Value::Tuple(t) => t.to_vec(),
        v => vec![v.clone()],
    };
    let dict = match values {
        Value::Dict(d) => Some(d.clone()),
        _ => None,
    };
    let c: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut n = 0;
    let mut i = 0;
    while i < c.len() {
        if c[i] != '%' {
            out.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut key = None;
        if c.get(i) == Some(&'(') {
            let close = c[i..].iter().position(|ch| *ch == ')').map(|p| p + i).unwrap_or(c.len());
            key = Some(c[i + 1..close.min(c.len())].iter().collect::<String>());
            i = close + 1;
        }
        let st = i;
        while i < c.len() && (c[i].is_ascii_digit() || matches!(c[i], '-' | '+' | ' ' | '#' | '.')) {
            i += 1;
        }
        let flags: String = c[st..i.min(c.len())].iter().collect();
        let Some(&ty) = c.get(i) else { return Err(exc("ValueError", "incomplete format")) };
        i += 1;
        if ty == '%' {
            out.push('%');
            continue;
        }
        let v = match &key {
            Some(k) => match &dict {
                Some(d) => {
                    d.borrow().get_str(k).cloned().ok_or_else(|| super::vm::new_exc("KeyError", vec![Value::str(k)]))?
                }
                None => return Err(type_err("format requires a mapping")),
            },
            None => {
                n += 1;
                args.get(n - 1).cloned().ok_or_else(|| type_err("not enough arguments for format string"))?
            }
        };
        let (align, rest) = match flags.strip_prefix('-') {
            Some(r) => ("<", r.to_string()),
            None => ("", flags.clone()),
        };
        let spec_num = |t: char| format!("{align}{rest}{t}");
        let s = match ty {
            's' => format_value(&Value::str(&v.to_str()), &format!("{align}{rest}"))?,
            'r' => format_value(&Value::str(&v.repr()), &format!("{align}{rest}"))?,
            'd' | 'i' | 'u' => {
                let iv = match &v {
                    Value::Float(f) => Value::Int(f.trunc() as i64),
                    Value::Int(_) | Value::Bool(_) => v.clone(),
                    _ => return Err(type_err(format!("%d format: a real number is required, not {}", v.type_name()))),
                };
                format_value(&iv, &spec_num('d'))?
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'x' | 'X' | 'o' => {
                if !matches!(v, Value::Int(_) | Value::Float(_) | Value::Bool(_)) {
                    return Err(type_err(format!("must be real number, not {}", v.type_name())));
                }
                format_value(&v, &spec_num(ty))?
            }
            'c' => v.to_str(),
            _ => {
                return Err(exc(
                    "ValueError",
                    format!("unsupported format character '{ty}' (0x{:x}) at index {}", ty as u32, i - 1),
                ))
            }
        };
        out.push_str(&s);
    }
    if dict.is_none() && n < args.len() && !matches!(values, Value::Dict(_)) {
        return Err(type_err("not all arguments converted during string formatting"));
    }
    Ok(out)
}
