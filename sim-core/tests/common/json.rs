//! A tiny JSON reader for the Compose corpus index and outputs (sim-core has no serde),
//! shared by the corpus test and the Compose benchmarks (only for trusted fixture files).
#![allow(dead_code)]

#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}
impl J {
    pub fn get(&self, k: &str) -> Option<&J> {
        match self {
            J::Obj(v) => v.iter().find(|(a, _)| a == k).map(|(_, b)| b),
            _ => None,
        }
    }
    pub fn str(&self) -> &str {
        match self {
            J::Str(s) => s,
            _ => "",
        }
    }
    pub fn num(&self) -> f64 {
        match self {
            J::Num(n) => *n,
            _ => f64::NAN,
        }
    }
    pub fn arr(&self) -> &[J] {
        match self {
            J::Arr(a) => a,
            _ => &[],
        }
    }
}
pub fn parse(s: &str) -> J {
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    value(&b, &mut i)
}
fn ws(b: &[char], i: &mut usize) {
    while *i < b.len() && b[*i].is_whitespace() {
        *i += 1;
    }
}
fn value(b: &[char], i: &mut usize) -> J {
    ws(b, i);
    match b[*i] {
        '{' => {
            *i += 1;
            let mut v = Vec::new();
            loop {
                ws(b, i);
                if b[*i] == '}' {
                    *i += 1;
                    return J::Obj(v);
                }
                let k = string(b, i);
                ws(b, i);
                *i += 1; // :
                let x = value(b, i);
                v.push((k, x));
                ws(b, i);
                if b[*i] == ',' {
                    *i += 1;
                }
            }
        }
        '[' => {
            *i += 1;
            let mut v = Vec::new();
            loop {
                ws(b, i);
                if b[*i] == ']' {
                    *i += 1;
                    return J::Arr(v);
                }
                v.push(value(b, i));
                ws(b, i);
                if b[*i] == ',' {
                    *i += 1;
                }
            }
        }
        '"' => J::Str(string(b, i)),
        't' => {
            *i += 4;
            J::Bool(true)
        }
        'f' => {
            *i += 5;
            J::Bool(false)
        }
        'n' => {
            *i += 4;
            J::Null
        }
        _ => {
            let start = *i;
            while *i < b.len() && (b[*i].is_ascii_digit() || "+-.eE".contains(b[*i])) {
                *i += 1;
            }
            J::Num(b[start..*i].iter().collect::<String>().parse().unwrap_or(0.0))
        }
    }
}
fn string(b: &[char], i: &mut usize) -> String {
    *i += 1;
    let mut s = String::new();
    while b[*i] != '"' {
        if b[*i] == '\\' {
            *i += 1;
            match b[*i] {
                'n' => s.push('\n'),
                't' => s.push('\t'),
                'r' => s.push('\r'),
                'u' => {
                    let h: String = b[*i + 1..*i + 5].iter().collect();
                    s.push(char::from_u32(u32::from_str_radix(&h, 16).unwrap_or(63)).unwrap_or('?'));
                    *i += 4;
                }
                c => s.push(c),
            }
        } else {
            s.push(b[*i]);
        }
        *i += 1;
    }
    *i += 1;
    s
}
