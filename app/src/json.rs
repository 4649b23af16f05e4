//! A JSON value as read from untrusted text (embedding pages' messages, xAPI actors), for the
//! few places that check a message by hand, field by field. Read through `serde_json` like its
//! own `Value`, but an object is a vector sorted by key (the last of a repeated key kept, as
//! `Value` keeps it) rather than a `BTreeMap<String, Value>`: that map's B-tree code was one
//! more copy in the page's wasm (docs/benchmarks.md, "Download").

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A non-negative integer, as `serde_json` reads one.
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    String(String),
    Array(Vec<Json>),
    /// Sorted by key, each key once.
    Object(Vec<(String, Json)>),
}

/// `text` read as JSON (`None` if it is not: the same texts `serde_json::from_str::<Value>` refuses).
pub fn parse(text: &str) -> Option<Json> {
    serde_json::from_str(text).ok()
}

impl Json {
    /// An object's value for `key` (`None` for a missing key or a value that is no object).
    pub fn get(&self, key: &str) -> Option<&Json> {
        let fields = self.as_object()?;
        fields.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &fields[i].1)
    }

    /// An object's fields, sorted by key.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(fields) => Some(fields),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Unsigned(n) => Some(*n),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Json::String(_))
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Unsigned(n))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(if n < 0 { Json::Signed(n) } else { Json::Unsigned(n as u64) })
    }

    fn visit_f64<E>(self, x: f64) -> Result<Json, E> {
        Ok(Json::Float(x))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut fields: Vec<(String, Json)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            fields.push((k, v));
        }
        // Sorted by key, stable, then the last of each key kept (what a map's inserts leave).
        sim_core::sort::sort_by(&mut fields, |a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, Json)> = Vec::with_capacity(fields.len());
        for f in fields {
            match out.last_mut() {
                Some(last) if last.0 == f.0 => *last = f,
                _ => out.push(f),
            }
        }
        Ok(Json::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The same reading as `serde_json::Value`'s, object keys in the same order.
    fn same(text: &str) {
        let (ours, theirs) = (parse(text), serde_json::from_str::<Value>(text).ok());
        assert_eq!(ours.is_some(), theirs.is_some(), "{text}");
        if let (Some(o), Some(t)) = (ours, theirs) {
            assert!(equal(&o, &t), "{text}: {o:?} vs {t:?}");
        }
    }

    fn equal(o: &Json, t: &Value) -> bool {
        match (o, t) {
            (Json::Null, Value::Null) => true,
            (Json::Bool(a), Value::Bool(b)) => a == b,
            (Json::Unsigned(a), Value::Number(n)) => n.as_u64() == Some(*a),
            (Json::Signed(a), Value::Number(n)) => n.as_i64() == Some(*a) && n.as_u64().is_none(),
            (Json::Float(a), Value::Number(n)) => n.is_f64() && n.as_f64() == Some(*a),
            (Json::String(a), Value::String(b)) => a == b,
            (Json::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal(x, y)),
            // Ours sorted by key; theirs in serde_json's order, which is insertion order when
            // another crate of the workspace turns on `preserve_order`: so by key, not by place.
            (Json::Object(a), Value::Object(b)) => {
                a.windows(2).all(|w| w[0].0 < w[1].0)
                    && a.len() == b.len()
                    && a.iter().all(|(k, v)| b.get(k).is_some_and(|t| equal(v, t)))
            }
            _ => false,
        }
    }

    #[test]
    fn reads_as_serde_json_value_reads() {
        for text in [
            "null",
            "true",
            "0",
            "-0",
            "18446744073709551615",
            "-9223372036854775808",
            "1.5e3",
            "\"a\\u00e9\\n\"",
            "[1, [2, {}], \"x\"]",
            r#"{"b": 1, "a": {"z": [], "y": null}, "c": "x"}"#,
            r#"{"k": 1, "k": 2, "j": 0, "k": 3}"#,
            "{",
            "[1,]",
            "01",
            "\"\\ud800\"",
            "",
            "1 2",
        ] {
            same(text);
        }
    }

    #[test]
    fn get_reads_objects_only() {
        let v = parse(r#"{"a": "x", "n": 1, "o": {"p": true}, "a": "y"}"#).unwrap();
        assert_eq!(v.get("a").and_then(Json::as_str), Some("y"), "the last of a repeated key");
        assert_eq!(v.get("n").and_then(Json::as_u64), Some(1));
        assert!(v.get("o").is_some_and(Json::is_object) && v.get("missing").is_none());
        assert!(Json::String("s".into()).get("a").is_none() && Json::String("s".into()).is_string());
    }
}
