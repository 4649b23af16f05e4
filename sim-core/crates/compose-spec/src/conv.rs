//! Reading tree values as compose-go's Go types read them: environment
//! lists and maps, labels, shell commands, durations (`1m30s`, Go's
//! formatting back), byte sizes (`256M`). The renderer and the typed model
//! both go through these, so `config` output and what the simulator runs agree.

use super::spec::shell_words;
use super::value::{Node, Value};
use std::collections::BTreeMap;

/// `MappingWithEquals` (environment, build args): `KEY=value` list or map; `None` = no value.
pub fn map_eq(n: &Node) -> BTreeMap<String, Option<String>> {
    let mut out = BTreeMap::new();
    match &n.value {
        Value::Map(m) => {
            for e in &m.entries {
                let v = if e.node.is_null() { None } else { e.node.scalar_text() };
                out.insert(e.key.clone(), v);
            }
        }
        Value::Seq(items) => {
            for it in items {
                let Some(s) = it.scalar_text() else { continue };
                match s.split_once('=') {
                    Some((k, v)) => out.insert(k.to_string(), Some(v.to_string())),
                    None => out.insert(s, None),
                };
            }
        }
        _ => {}
    }
    out
}

/// `Mapping`/`Labels`/`Options`: values are strings (null becomes "").
pub fn mapping(n: &Node) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    match &n.value {
        Value::Map(m) => {
            for e in &m.entries {
                out.insert(e.key.clone(), e.node.scalar_text().unwrap_or_default());
            }
        }
        Value::Seq(items) => {
            for it in items {
                let Some(s) = it.scalar_text() else { continue };
                let (k, v) = s.split_once('=').unwrap_or((s.as_str(), ""));
                out.insert(k.to_string(), v.to_string());
            }
        }
        _ => {}
    }
    out
}

/// A string or a list of strings (numbers printed as text).
pub fn str_list(n: &Node) -> Vec<String> {
    match &n.value {
        Value::Seq(items) => items.iter().filter_map(Node::scalar_text).collect(),
        Value::Null => Vec::new(),
        _ => n.scalar_text().into_iter().collect(),
    }
}

/// `ShellCommand`: a string is split into words; `None` = unset (null).
pub fn command(n: &Node) -> Option<Vec<String>> {
    match &n.value {
        Value::Null => None,
        Value::Str(s) => Some(shell_words(s).unwrap_or_else(|_| vec![s.clone()])),
        Value::Seq(_) => Some(str_list(n)),
        _ => n.scalar_text().map(|s| vec![s]),
    }
}

/// A duration in nanoseconds, parsed like go-str2duration (`1h30m`, `2d`, `1.5s`), or a YAML number of ns.
pub fn duration(n: &Node) -> Option<i64> {
    match &n.value {
        Value::Int(i) => Some(*i),
        Value::Str(s) => parse_duration(s),
        Value::Float(f) => Some(*f as i64),
        _ => None,
    }
}

/// compose-go's `str2duration.ParseDuration` ([`sim_base::duration::parse_with_days`]).
pub fn parse_duration(s: &str) -> Option<i64> {
    sim_base::duration::parse_with_days(s)
}

pub use sim_base::duration::format as go_duration;

/// docker/go-units `RAMInBytes` (binary multiples: `256M` = 256 MiB).
pub fn bytes(n: &Node) -> Option<i64> {
    match &n.value {
        Value::Int(i) => Some(*i),
        Value::Float(f) => Some(*f as i64),
        Value::Str(s) => ram_in_bytes(s),
        _ => None,
    }
}

pub fn ram_in_bytes(s: &str) -> Option<i64> {
    let t = s.trim();
    let num_len = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    if num_len == 0 {
        return None;
    }
    let num = sim_base::float::parse(&t[..num_len])?;
    let unit = t[num_len..].trim_start_matches(' ').to_ascii_lowercase();
    let unit = unit.trim_end_matches('b').trim_end_matches('i');
    let mult: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0f64.powi(3),
        "t" => 1024.0f64.powi(4),
        "p" => 1024.0f64.powi(5),
        _ => return None,
    };
    Some((num * mult) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_like_go() {
        assert_eq!(go_duration(parse_duration("1m30s").unwrap()), "1m30s");
        assert_eq!(go_duration(parse_duration("5m").unwrap()), "5m0s");
        assert_eq!(go_duration(parse_duration("1h").unwrap()), "1h0m0s");
        assert_eq!(go_duration(parse_duration("500ms").unwrap()), "500ms");
        assert_eq!(go_duration(parse_duration("1.5s").unwrap()), "1.5s");
        assert_eq!(go_duration(parse_duration("10s").unwrap()), "10s");
        assert_eq!(ram_in_bytes("1.5G"), Some(1610612736));
        assert_eq!(ram_in_bytes("256M"), Some(268435456));
    }
}
