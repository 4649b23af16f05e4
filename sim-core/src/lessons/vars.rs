//! Per-student variants: a lesson may declare variables (`variables:` in the file) whose values
//! are drawn from the student's seed, so two neighbours get different container names, subnets,
//! ports or passwords. Texts, hints, workspace files, the solution and the checks write `{{name}}`
//! where a value goes; [`super::Lesson::for_seed`] puts the values in.
//!
//! A reference is `{{` + an identifier (`[A-Za-z_][A-Za-z0-9_]*`) + `}}`, nothing else: Go
//! templates in docker commands (`{{.Name}}`, `{{ json . }}`) have a dot or a space and are left
//! alone. Same seed, same lesson id ⇒ same values (one SplitMix64 seeded from both).

use crate::rng::Rng;

/// What a variable holds, written after its name in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VarKind {
    /// `name`: a lowercase word and two digits (`faro27`), valid for a container, network,
    /// volume or Compose project.
    Name,
    /// `subnet`: a private /24 outside Docker's default pools (`10.A.B.0/24`).
    Subnet,
    /// `port`: a host port in 8000–8999.
    Port,
    /// `password`: ten letters and digits (no look-alikes such as `l`, `1`, `0`, `o`).
    Password,
    /// `[a, b, c]`: one of these words.
    OneOf(Vec<String>),
}

/// The kinds' names, as written in the file.
pub const KINDS: &[&str] = &["name", "subnet", "port", "password", "[…]"];

impl VarKind {
    /// The compact form kept in [`super::Lesson::vars`] (`name`, or `[a b c]` for a list).
    pub fn encode(&self) -> String {
        match self {
            VarKind::Name => "name".into(),
            VarKind::Subnet => "subnet".into(),
            VarKind::Port => "port".into(),
            VarKind::Password => "password".into(),
            VarKind::OneOf(items) => format!("[{}]", items.join(" ")),
        }
    }

    /// Reads [`VarKind::encode`]'s form (and the file's scalar kinds); `None` for anything else.
    pub fn decode(s: &str) -> Option<VarKind> {
        Some(match s {
            "name" => VarKind::Name,
            "subnet" => VarKind::Subnet,
            "port" => VarKind::Port,
            "password" => VarKind::Password,
            _ => {
                let inner = s.strip_prefix('[')?.strip_suffix(']')?;
                let items: Vec<String> = inner.split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
                if items.is_empty() {
                    return None;
                }
                VarKind::OneOf(items)
            }
        })
    }

    fn draw(&self, rng: &mut Rng) -> String {
        const WORDS: &[&str] = &[
            "nube", "faro", "roble", "pino", "rio", "luna", "sol", "mar", "lago", "monte", "valle", "nido", "brisa",
            "cielo", "bosque", "arena", "coral", "delta", "eco", "foco", "isla", "junco", "lince", "mimbre", "nogal",
            "olivo", "puma", "quark", "rayo", "sauce", "tejo", "vela",
        ];
        const PASSWORD: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        match self {
            VarKind::Name => {
                let word = WORDS[rng.below(WORDS.len() as u64) as usize];
                format!("{word}{:02}", rng.below(100))
            }
            VarKind::Subnet => format!("10.{}.{}.0/24", rng.range(1, 254), rng.range(0, 255)),
            VarKind::Port => rng.range(8000, 8999).to_string(),
            VarKind::Password => (0..10).map(|_| PASSWORD[rng.below(PASSWORD.len() as u64) as usize] as char).collect(),
            VarKind::OneOf(items) => items.get(rng.below(items.len() as u64) as usize).cloned().unwrap_or_default(),
        }
    }
}

/// Whether `name` may name a variable: an identifier (`[A-Za-z_][A-Za-z0-9_]*`).
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every `{{name}}` in `text`: (byte offset of the `{{`, name).
pub fn refs(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let start = from + i;
        let rest = &text[start + 2..];
        match rest.find("}}") {
            Some(end) if valid_name(&rest[..end]) => {
                found.push((start, &rest[..end]));
                from = start + 2 + end + 2;
            }
            _ => from = start + 2,
        }
    }
    found
}

/// `text` with each `{{name}}` of a name in `values` replaced by its value; other braces stay.
pub fn substitute(text: &str, values: &[(String, String)]) -> String {
    if values.is_empty() || !text.contains("{{") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, name) in refs(text) {
        if let Some((_, v)) = values.iter().find(|(n, _)| n == name) {
            out.push_str(&text[last..at]);
            out.push_str(v);
            last = at + name.len() + 4;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// `text` written with the sample values (what a parsed lesson's checks hold: the values of seed
/// 0, see [`super::CheckAt::template`]) with each replaced by the student's value of the same
/// variable: how the page describes a student's checks without building them again.
pub fn resample(text: &str, samples: &[(String, String)], values: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for ((_, sample), (_, value)) in samples.iter().zip(values) {
        if sample != value && !sample.is_empty() {
            out = out.replace(sample.as_str(), value);
        }
    }
    out
}

/// FNV-1a of the lesson id: part of the seed, so two lessons draw different values.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// The values of `vars` (name, encoded kind) for `seed` in lesson `id`, in declaration order.
/// Two variables never share a value when their kinds can avoid it.
pub fn values(id: &str, vars: &[(String, String)], seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed ^ fnv(id));
    let mut out: Vec<(String, String)> = Vec::with_capacity(vars.len());
    for (name, kind) in vars {
        let kind = VarKind::decode(kind).unwrap_or(VarKind::Name);
        let mut value = kind.draw(&mut rng);
        for _ in 0..16 {
            if !out.iter().any(|(_, v)| *v == value) {
                break;
            }
            value = kind.draw(&mut rng);
        }
        out.push((name.clone(), value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_identifiers_in_double_braces() {
        let t = "a {{red}} b {{.Name}} {{ json . }} {{x_1}}{{}} {{9}} {{puerto";
        let names: Vec<&str> = refs(t).into_iter().map(|(_, n)| n).collect();
        assert_eq!(names, ["red", "x_1"]);
        let vals = vec![("red".to_string(), "faro27".to_string())];
        assert_eq!(substitute(t, &vals), "a faro27 b {{.Name}} {{ json . }} {{x_1}}{{}} {{9}} {{puerto");
    }

    #[test]
    fn a_description_with_the_samples_gets_the_students_values() {
        let vars = vec![("red".to_string(), "name".to_string()), ("puerto".to_string(), "port".to_string())];
        let (samples, mine) = (values("tu-red", &vars, 0), values("tu-red", &vars, 7));
        let said = format!("network \"{}\" exists and port {} answers", samples[0].1, samples[1].1);
        assert_eq!(
            resample(&said, &samples, &mine),
            format!("network \"{}\" exists and port {} answers", mine[0].1, mine[1].1)
        );
    }

    #[test]
    fn kinds_round_trip_and_values_have_their_shape() {
        let vars: Vec<(String, String)> = [
            ("a", VarKind::Name),
            ("b", VarKind::Subnet),
            ("c", VarKind::Port),
            ("d", VarKind::Password),
            ("e", VarKind::OneOf(vec!["x".into(), "y".into()])),
        ]
        .into_iter()
        .map(|(n, k)| {
            assert_eq!(VarKind::decode(&k.encode()), Some(k.clone()));
            (n.to_string(), k.encode())
        })
        .collect();
        for seed in 0..200 {
            let v = values("redes", &vars, seed);
            assert!(crate::world::container::valid_container_name(&v[0].1), "{v:?}");
            assert!(v[1].1.starts_with("10.") && v[1].1.ends_with(".0/24"), "{v:?}");
            assert!(v[2].1.parse::<u16>().is_ok_and(|p| (8000..=8999).contains(&p)), "{v:?}");
            assert!(v[3].1.len() == 10 && v[3].1.chars().all(|c| c.is_ascii_alphanumeric()), "{v:?}");
            assert!(v[4].1 == "x" || v[4].1 == "y", "{v:?}");
        }
    }
}
