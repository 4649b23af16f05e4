//! A small pflag-style parser for docker's flags: `--name web`,
//! `--name=web`, `-p 80`, `-p80`, bundled shorthands (`-dit`), repeated
//! flags, `--` and docker run's rule that flags stop at the image name.

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A boolean (`-d`, `--rm`); `--rm=false` is accepted.
    Bool,
    /// Takes a value (`--name web`).
    Value,
}

#[derive(Clone, Copy, Debug)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    /// The value's type in help (`string`, `list`, `int`…).
    pub ty: &'static str,
    /// The help line (docker's own wording).
    pub desc: &'static str,
}

pub const fn flag(long: &'static str, short: Option<char>, kind: Kind) -> FlagSpec {
    FlagSpec { long, short, kind, ty: "", desc: "" }
}

impl FlagSpec {
    /// Adds the help text: `flag("name", None, Value).doc("string", "Assign a name to the container")`.
    pub const fn doc(self, ty: &'static str, desc: &'static str) -> FlagSpec {
        FlagSpec { ty, desc, ..self }
    }
}

/// Shorthand for a documented boolean flag.
pub const fn b(long: &'static str, short: Option<char>, desc: &'static str) -> FlagSpec {
    flag(long, short, Kind::Bool).doc("", desc)
}

/// Shorthand for a documented flag with a value.
pub const fn v(long: &'static str, short: Option<char>, ty: &'static str, desc: &'static str) -> FlagSpec {
    flag(long, short, Kind::Value).doc(ty, desc)
}

/// pflag's `FlagUsages`: the options block of `--help`.
pub fn usages(specs: &[FlagSpec]) -> String {
    let mut lines: Vec<(String, &str)> = Vec::new();
    let mut sorted: Vec<&FlagSpec> = specs.iter().filter(|s| !s.desc.is_empty()).collect();
    crate::sort::sort_by_key(&mut sorted, |s| s.long);
    for s in sorted {
        let mut left = match s.short {
            Some(c) => format!("  -{c}, --{}", s.long),
            None => format!("      --{}", s.long),
        };
        if !s.ty.is_empty() {
            left.push(' ');
            left.push_str(s.ty);
        }
        lines.push((left, s.desc));
    }
    let width = lines.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let mut out = String::new();
    // Lines after the first of a multi-line help text line up under its first line.
    let continuation = format!("\n{}", " ".repeat(width + 3));
    for (l, d) in lines {
        out.push_str(&format!("{l:<width$}   {}\n", d.replace('\n', &continuation)));
    }
    out
}

#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// Values by long name, in the order given (booleans hold "true"/"false").
    pub values: BTreeMap<&'static str, Vec<String>>,
    pub args: Vec<String>,
}

impl Parsed {
    pub fn has(&self, long: &str) -> bool {
        self.values.get(long).and_then(|v| v.last()).is_some_and(|v| v != "false")
    }
    pub fn get(&self, long: &str) -> Option<&str> {
        self.values.get(long).and_then(|v| v.last()).map(|s| s.as_str())
    }
    pub fn all(&self, long: &str) -> Vec<String> {
        self.values.get(long).cloned().unwrap_or_default()
    }
    pub fn help(&self) -> bool {
        self.has("help")
    }
}

/// Why parsing failed, in pflag's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    UnknownFlag(String),
    UnknownShorthand(char, String),
    NeedsArgument(String),
    BadBool(String, String),
    /// An `int` flag's value `strconv.ParseInt` refuses: value, flag, why.
    BadInt(String, String, &'static str),
}

impl ArgError {
    pub fn message(&self) -> String {
        match self {
            ArgError::UnknownFlag(f) => format!("unknown flag: {f}"),
            ArgError::UnknownShorthand(c, arg) => format!("unknown shorthand flag: '{c}' in {arg}"),
            ArgError::NeedsArgument(f) => format!("flag needs an argument: {f}"),
            ArgError::BadBool(v, f) => {
                format!("invalid argument \"{v}\" for \"{f}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax")
            }
            ArgError::BadInt(v, f, why) => {
                format!("invalid argument \"{v}\" for \"{f}\" flag: strconv.ParseInt: parsing \"{v}\": {why}")
            }
        }
    }
}

/// Parses `args`. With `stop_at_first_arg`, everything after the first
/// positional is taken as is (`docker run IMAGE CMD -x`).
pub fn parse(specs: &[FlagSpec], args: &[String], stop_at_first_arg: bool) -> Result<Parsed, ArgError> {
    let mut p = Parsed::default();
    let help = flag("help", None, Kind::Bool);
    let find_long = |name: &str| specs.iter().chain(std::iter::once(&help)).find(|s| s.long == name).copied();
    let find_short = |c: char| specs.iter().find(|s| s.short == Some(c)).copied();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            p.args.extend(args[i + 1..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(spec) = find_long(name) else {
                return Err(ArgError::UnknownFlag(format!("--{name}")));
            };
            match spec.kind {
                Kind::Bool => {
                    let v = inline.unwrap_or_else(|| "true".into());
                    let v = parse_bool(&v).ok_or_else(|| ArgError::BadBool(v.clone(), format!("--{name}")))?;
                    p.values.entry(spec.long).or_default().push(v.to_string());
                }
                Kind::Value => {
                    let v = match inline {
                        Some(v) => v,
                        None => {
                            i += 1;
                            args.get(i).cloned().ok_or_else(|| ArgError::NeedsArgument(format!("--{name}")))?
                        }
                    };
                    check_value(&spec, &v)?;
                    p.values.entry(spec.long).or_default().push(v);
                }
            }
            i += 1;
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut k = 0;
            while k < chars.len() {
                let c = chars[k];
                if c == 'h' && find_short('h').is_none() {
                    p.values.entry("help").or_default().push("true".into());
                    k += 1;
                    continue;
                }
                let Some(spec) = find_short(c) else {
                    return Err(ArgError::UnknownShorthand(c, a.clone()));
                };
                match spec.kind {
                    Kind::Bool => {
                        p.values.entry(spec.long).or_default().push("true".into());
                        k += 1;
                    }
                    Kind::Value => {
                        let rest: String = chars[k + 1..].iter().collect();
                        let v = if !rest.is_empty() {
                            rest.strip_prefix('=').map(|s| s.to_string()).unwrap_or(rest)
                        } else {
                            i += 1;
                            args.get(i).cloned().ok_or_else(|| ArgError::NeedsArgument(format!("'{c}' in -{c}")))?
                        };
                        check_value(&spec, &v)?;
                        p.values.entry(spec.long).or_default().push(v);
                        break;
                    }
                }
            }
            i += 1;
            continue;
        }
        p.args.push(a.clone());
        i += 1;
        if stop_at_first_arg {
            p.args.extend(args[i..].iter().cloned());
            break;
        }
    }
    Ok(p)
}

/// pflag names a flag in a value error as `-t, --time` (or `--index` without a shorthand).
fn pflag_name(spec: &FlagSpec) -> String {
    match spec.short {
        Some(c) => format!("-{c}, --{}", spec.long),
        None => format!("--{}", spec.long),
    }
}

/// pflag's `int` values: `strconv.ParseInt(s, 0, 64)`, refused as pflag words it.
fn check_value(spec: &FlagSpec, v: &str) -> Result<(), ArgError> {
    if spec.ty != "int" {
        return Ok(());
    }
    match go_int(v) {
        Ok(_) => Ok(()),
        Err(why) => Err(ArgError::BadInt(v.to_string(), pflag_name(spec), why)),
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`: a sign, then `0x`/`0o`/`0b`/`0` prefixes pick the base
/// (underscores between digits are allowed with a prefix).
pub fn parse_go_int(s: &str) -> Option<i64> {
    go_int(s).ok()
}

fn go_int(s: &str) -> Result<i64, &'static str> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string(), true)
    } else {
        (10, lower.clone(), false)
    };
    // Underscores only with a base prefix, and only between digits.
    let clean: String = if prefixed && digits.contains('_') {
        let bytes = digits.as_bytes();
        let ok = !digits.starts_with('_') && !digits.ends_with('_') && !bytes.windows(2).any(|w| w == b"__");
        if !ok && base != 8 {
            return Err("invalid syntax");
        }
        digits.replace('_', "")
    } else {
        digits
    };
    if clean.is_empty() || !clean.chars().all(|c| c.is_digit(base)) {
        return Err("invalid syntax");
    }
    let mut n: i128 = 0;
    for c in clean.chars() {
        n = n * base as i128 + c.to_digit(base).unwrap_or(0) as i128;
        if n > i64::MAX as i128 + 1 {
            return Err("value out of range");
        }
    }
    let n = if neg { -n } else { n };
    i64::try_from(n).map_err(|_| "value out of range")
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[FlagSpec] = &[
        flag("detach", Some('d'), Kind::Bool),
        flag("interactive", Some('i'), Kind::Bool),
        flag("tty", Some('t'), Kind::Bool),
        flag("name", None, Kind::Value),
        flag("publish", Some('p'), Kind::Value),
    ];

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn bundles_values_and_stop() {
        let p = parse(SPECS, &s(&["-dit", "--name=web", "-p80", "-p", "8080:80", "nginx", "-g", "x"]), true).unwrap();
        assert!(p.has("detach") && p.has("interactive") && p.has("tty"));
        assert_eq!(p.get("name"), Some("web"));
        assert_eq!(p.all("publish"), vec!["80", "8080:80"]);
        assert_eq!(p.args, vec!["nginx", "-g", "x"]);
    }

    #[test]
    fn errors_in_pflag_words() {
        assert_eq!(parse(SPECS, &s(&["--nope"]), false).unwrap_err().message(), "unknown flag: --nope");
        assert_eq!(parse(SPECS, &s(&["-x"]), false).unwrap_err().message(), "unknown shorthand flag: 'x' in -x");
        assert_eq!(parse(SPECS, &s(&["--name"]), false).unwrap_err().message(), "flag needs an argument: --name");
        assert_eq!(parse(SPECS, &s(&["-p"]), false).unwrap_err().message(), "flag needs an argument: 'p' in -p");
        let ints = [v("time", Some('t'), "int", ""), v("index", None, "int", "")];
        assert_eq!(
            parse(&ints, &s(&["-t", "x"]), false).unwrap_err().message(),
            "invalid argument \"x\" for \"-t, --time\" flag: strconv.ParseInt: parsing \"x\": invalid syntax"
        );
        assert_eq!(
            parse(&ints, &s(&["--index=99999999999999999999"]), false).unwrap_err().message(),
            "invalid argument \"99999999999999999999\" for \"--index\" flag: strconv.ParseInt: parsing \"99999999999999999999\": value out of range"
        );
        assert!(parse(&ints, &s(&["--index", "0x10", "-t", "-1"]), false).is_ok());
        assert_eq!(parse_go_int("010"), Some(8));
        assert_eq!(parse_go_int("1_000"), None);
    }
}
