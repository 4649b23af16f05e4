//! `$((…))`: shell arithmetic on 64-bit integers (wrapping, as bash's `intmax_t`):
//! numbers (decimal, `0x` hex, leading-`0` octal), variables by name, unary `+ - !`,
//! `* / %`, `+ -`, comparisons, `&&`, `||`, parentheses, and one assignment at the front
//! (`i = i + 1`, `i += 2`). Evaluated with explicit stacks (shunting-yard), so deeply
//! parenthesized input costs memory, never recursion.

use std::collections::BTreeMap;

/// Why an expression has no value; `token` is the rest of the expression from where it went
/// wrong (bash's "error token").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArithError {
    DivByZero {
        token: String,
    },
    /// bash's wording after `syntax error`: `operand expected`, `in expression`…
    Syntax {
        what: &'static str,
        token: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Neg,
    Pos,
    Not,
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
    /// `(`, on the operator stack only.
    Open,
}

impl Op {
    fn prec(self) -> u8 {
        match self {
            Op::Open => 0,
            Op::Or => 1,
            Op::And => 2,
            Op::Eq | Op::Ne => 3,
            Op::Lt | Op::Le | Op::Gt | Op::Ge => 4,
            Op::Add | Op::Sub => 5,
            Op::Mul | Op::Div | Op::Rem => 6,
            Op::Neg | Op::Pos | Op::Not => 7,
        }
    }
    fn unary(self) -> bool {
        matches!(self, Op::Neg | Op::Pos | Op::Not)
    }
}

/// Evaluates `expr` with `vars` (an unset or non-numeric variable is 0). Returns the value
/// and the assignment to make, if the expression starts with one.
pub fn eval(expr: &str, vars: &BTreeMap<String, String>) -> Result<(i64, Option<(String, i64)>), ArithError> {
    let text = expr.trim_start();
    // `NAME = expr`, `NAME += expr`, `NAME -= expr` … (but not `NAME == expr`).
    let name_len = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(text.len());
    if name_len > 0 && !text.starts_with(|c: char| c.is_ascii_digit()) {
        let name = &text[..name_len];
        let rest = text[name_len..].trim_start();
        let ops: [(&str, Option<Op>); 6] = [
            ("+=", Some(Op::Add)),
            ("-=", Some(Op::Sub)),
            ("*=", Some(Op::Mul)),
            ("/=", Some(Op::Div)),
            ("%=", Some(Op::Rem)),
            ("=", None),
        ];
        for (sym, op) in ops {
            if rest.starts_with(sym) && !(sym == "=" && rest.starts_with("==")) {
                let rhs = value(&rest[sym.len()..], vars)?;
                let v = match op {
                    None => rhs,
                    Some(op) => {
                        let old = var_value(vars, name);
                        apply(op, old, rhs)
                            .ok_or_else(|| ArithError::DivByZero { token: rest[sym.len()..].trim().into() })?
                    }
                };
                return Ok((v, Some((name.to_string(), v))));
            }
        }
        if rest.starts_with("++") || rest.starts_with("--") {
            let old = var_value(vars, name);
            let new = if rest.starts_with("++") { old.wrapping_add(1) } else { old.wrapping_sub(1) };
            if rest[2..].trim().is_empty() {
                return Ok((old, Some((name.to_string(), new))));
            }
        }
    }
    Ok((value(text, vars)?, None))
}

fn var_value(vars: &BTreeMap<String, String>, name: &str) -> i64 {
    vars.get(name).and_then(|v| number(v.trim())).unwrap_or(0)
}

fn number(s: &str) -> Option<i64> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let v = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()? as i64
    } else if s.len() > 1 && s.starts_with('0') {
        u64::from_str_radix(&s[1..], 8).ok()? as i64
    } else {
        s.parse::<u64>().ok()? as i64
    };
    Some(if neg { v.wrapping_neg() } else { v })
}

fn apply(op: Op, a: i64, b: i64) -> Option<i64> {
    Some(match op {
        Op::Mul => a.wrapping_mul(b),
        Op::Div => {
            if b == 0 {
                return None;
            }
            a.wrapping_div(b)
        }
        Op::Rem => {
            if b == 0 {
                return None;
            }
            a.wrapping_rem(b)
        }
        Op::Add => a.wrapping_add(b),
        Op::Sub => a.wrapping_sub(b),
        Op::Lt => (a < b) as i64,
        Op::Le => (a <= b) as i64,
        Op::Gt => (a > b) as i64,
        Op::Ge => (a >= b) as i64,
        Op::Eq => (a == b) as i64,
        Op::Ne => (a != b) as i64,
        Op::And => (a != 0 && b != 0) as i64,
        Op::Or => (a != 0 || b != 0) as i64,
        Op::Neg => b.wrapping_neg(),
        Op::Pos => b,
        Op::Not => (b == 0) as i64,
        Op::Open => b,
    })
}

/// Pops one operator and applies it to the value stack. `at` is where its right operand
/// started in the text (for a division by zero's error token).
fn reduce(ops: &mut Vec<(Op, usize)>, vals: &mut Vec<(i64, usize)>, text: &str) -> Result<(), ArithError> {
    let Some((op, _)) = ops.pop() else { return Ok(()) };
    let syntax = || ArithError::Syntax { what: "operand expected", token: String::new() };
    let (b, b_at) = vals.pop().ok_or_else(syntax)?;
    let v = if op.unary() {
        apply(op, 0, b)
    } else {
        let (a, a_at) = vals.pop().ok_or_else(syntax)?;
        let v = apply(op, a, b).ok_or_else(|| ArithError::DivByZero { token: text[b_at..].to_string() })?;
        vals.push((v, a_at));
        return Ok(());
    };
    vals.push((v.unwrap_or(0), b_at));
    Ok(())
}

fn value(text: &str, vars: &BTreeMap<String, String>) -> Result<i64, ArithError> {
    let bytes = text.as_bytes();
    let mut ops: Vec<(Op, usize)> = Vec::new();
    let mut vals: Vec<(i64, usize)> = Vec::new();
    let mut expect_operand = true;
    let mut last_op_at = 0;
    let mut i = 0;
    let syntax = |what: &'static str, at: usize| ArithError::Syntax { what, token: text[at..].to_string() };
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if expect_operand {
            if c.is_ascii_alphanumeric() || c == '_' {
                while i < bytes.len() && ((bytes[i] as char).is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let tok = &text[start..i];
                let v = if tok.starts_with(|c: char| c.is_ascii_digit()) {
                    number(tok).ok_or_else(|| syntax("invalid number", start))?
                } else {
                    var_value(vars, tok)
                };
                vals.push((v, start));
                expect_operand = false;
                continue;
            }
            let op = match c {
                '-' => Op::Neg,
                '+' => Op::Pos,
                '!' => Op::Not,
                '(' => Op::Open,
                _ => return Err(syntax("operand expected", start)),
            };
            ops.push((op, start));
            last_op_at = start;
            i += 1;
            continue;
        }
        if c == ')' {
            loop {
                match ops.last() {
                    Some(&(Op::Open, at)) => {
                        ops.pop();
                        // The group's value stands where its `(` was (a divisor's error token).
                        if let Some(v) = vals.last_mut() {
                            v.1 = at;
                        }
                        break;
                    }
                    Some(_) => reduce(&mut ops, &mut vals, text)?,
                    None => return Err(syntax("in expression", start)),
                }
            }
            i += 1;
            continue;
        }
        let two = text.get(i..i + 2).unwrap_or("");
        let (op, len) = match two {
            "<=" => (Op::Le, 2),
            ">=" => (Op::Ge, 2),
            "==" => (Op::Eq, 2),
            "!=" => (Op::Ne, 2),
            "&&" => (Op::And, 2),
            "||" => (Op::Or, 2),
            _ => match c {
                '*' => (Op::Mul, 1),
                '/' => (Op::Div, 1),
                '%' => (Op::Rem, 1),
                '+' => (Op::Add, 1),
                '-' => (Op::Sub, 1),
                '<' => (Op::Lt, 1),
                '>' => (Op::Gt, 1),
                _ => return Err(syntax("invalid arithmetic operator", start)),
            },
        };
        while let Some(&(top, _)) = ops.last() {
            if top != Op::Open && top.prec() >= op.prec() {
                reduce(&mut ops, &mut vals, text)?;
            } else {
                break;
            }
        }
        ops.push((op, start));
        last_op_at = start;
        expect_operand = true;
        i += len;
    }
    if expect_operand {
        if vals.is_empty() && ops.is_empty() {
            // `$(( ))` is 0.
            return Ok(0);
        }
        return Err(syntax("operand expected", last_op_at));
    }
    while let Some(&(top, at)) = ops.last() {
        if top == Op::Open {
            return Err(ArithError::Syntax { what: "missing `)'", token: text[at..].to_string() });
        }
        reduce(&mut ops, &mut vals, text)?;
    }
    Ok(vals.pop().map(|v| v.0).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(s: &str) -> Result<i64, ArithError> {
        let mut vars = BTreeMap::new();
        vars.insert("i".to_string(), "7".to_string());
        eval(s, &vars).map(|v| v.0)
    }

    #[test]
    fn precedence_parentheses_and_variables() {
        assert_eq!(ev("1 + 2 * 3"), Ok(7));
        assert_eq!(ev("(1 + 2) * 3"), Ok(9));
        assert_eq!(ev("i % 4 - -1"), Ok(4));
        assert_eq!(ev("10 / 3"), Ok(3));
        assert_eq!(ev("-7 / 2"), Ok(-3));
        assert_eq!(ev("i > 5 && i <= 7 || 0"), Ok(1));
        assert_eq!(ev("!0 + (2 == 2) + (3 != 3)"), Ok(2));
        assert_eq!(ev("unset_var + 1"), Ok(1));
        assert_eq!(ev("0x10 + 010"), Ok(24));
        assert_eq!(ev(""), Ok(0));
        assert_eq!(ev("9223372036854775807 + 1"), Ok(i64::MIN));
    }

    #[test]
    fn assignments() {
        let vars = BTreeMap::from([("n".to_string(), "4".to_string())]);
        assert_eq!(eval("n = n + 1", &vars), Ok((5, Some(("n".into(), 5)))));
        assert_eq!(eval("n += 2", &vars), Ok((6, Some(("n".into(), 6)))));
        assert_eq!(eval("n++", &vars), Ok((4, Some(("n".into(), 5)))));
        assert_eq!(eval("n == 4", &vars), Ok((1, None)));
    }

    #[test]
    fn errors() {
        assert_eq!(ev("1/0"), Err(ArithError::DivByZero { token: "0".into() }));
        assert_eq!(ev("5 % (i - 7)"), Err(ArithError::DivByZero { token: "(i - 7)".into() }));
        assert!(matches!(ev("1 +"), Err(ArithError::Syntax { what: "operand expected", .. })));
        assert!(matches!(ev("(1"), Err(ArithError::Syntax { .. })));
        assert!(matches!(ev("1)"), Err(ArithError::Syntax { .. })));
        assert!(matches!(ev("1 ^ 2"), Err(ArithError::Syntax { .. })));
        assert!(matches!(ev("2 3"), Err(ArithError::Syntax { .. })));
    }

    #[test]
    fn deep_parentheses_cost_no_recursion() {
        std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(|| {
                let n = 200_000;
                let s = format!("{}1{}", "(".repeat(n), ")".repeat(n));
                assert_eq!(ev(&s), Ok(1));
                let s = format!("{}1", "-".repeat(n));
                assert_eq!(ev(&s), Ok(1));
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
