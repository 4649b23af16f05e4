//! Go values as docker's API types hold them, so one description of an object
//! can be printed the three ways the CLI prints it: `encoding/json` (inspect,
//! `{{json .}}`), `fmt`'s `%v` (a template printing `{{.IPAM}}`), and as the
//! data a template walks. Structs keep their field order (Go marshals fields
//! in declaration order); maps keep their keys sorted (Go marshals and prints
//! maps sorted); nil slices and maps are told apart from empty ones because
//! Go prints them differently (`null` vs `[]`/`{}`).

/// One Go value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A nil pointer or interface: JSON `null`, printed `<nil>`.
    Nil,
    /// What a template gets for a missing map key: printed `<no value>`.
    Missing,
    Bool(bool),
    Int(i64),
    Str(String),
    /// A `time.Time`: JSON in RFC 3339 with nanoseconds, printed by its `String()` method.
    Time {
        rfc3339: String,
        display: String,
    },
    /// A slice; `None` is a nil slice.
    List(Option<Vec<Value>>),
    /// A `map[string]…`, keys sorted; `None` is a nil map.
    Map(Option<Vec<(String, Value)>>),
    Struct(Struct),
    /// A method taking one string (`{{.Label "com.example"}}`): looks the key up in these pairs.
    LabelMethod(Vec<(String, String)>),
}

/// A Go struct value: its type's name (for template errors) and its fields in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub type_name: &'static str,
    pub fields: Vec<Field>,
}

/// One struct field: its Go name, its JSON name, and whether `omitempty` drops it.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub json: &'static str,
    pub omitempty: bool,
    pub value: Value,
}

impl Struct {
    pub fn new(type_name: &'static str) -> Struct {
        Struct { type_name, fields: Vec::new() }
    }

    /// Adds a field whose JSON name is its Go name.
    pub fn field(mut self, name: &'static str, value: Value) -> Struct {
        self.fields.push(Field { name, json: name, omitempty: false, value });
        self
    }

    /// Adds a field with its own JSON name (`ID` marshals as `Id`).
    pub fn field_as(mut self, name: &'static str, json: &'static str, value: Value) -> Struct {
        self.fields.push(Field { name, json, omitempty: false, value });
        self
    }

    /// Adds a field tagged `json:",omitempty"`.
    pub fn omitempty(mut self, name: &'static str, value: Value) -> Struct {
        self.fields.push(Field { name, json: name, omitempty: true, value });
        self
    }

    pub fn into_value(self) -> Value {
        Value::Struct(self)
    }

    /// The field a template names: by Go name, or by JSON name as docker's raw fallback allows.
    pub fn get(&self, name: &str, json_names: bool) -> Option<&Value> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .or_else(|| if json_names { self.fields.iter().find(|f| f.json == name) } else { None })
            .map(|f| &f.value)
    }
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// A non-nil `map[string]string`, sorted by key (the last value of a repeated key wins).
    pub fn string_map<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> Value {
        Value::map(pairs.into_iter().map(|(k, v)| (k.as_ref().to_string(), Value::str(v.as_ref()))))
    }

    /// A non-nil map, sorted by key (the last value of a repeated key wins).
    pub fn map(pairs: impl IntoIterator<Item = (String, Value)>) -> Value {
        let mut sorted: std::collections::BTreeMap<String, Value> = std::collections::BTreeMap::new();
        for (k, v) in pairs {
            sorted.insert(k, v);
        }
        Value::Map(Some(sorted.into_iter().collect()))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Some(items))
    }

    /// Go's truth for `if`, `with`, `and`, `or`, `not`: zero values are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil | Value::Missing => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => l.as_ref().is_some_and(|l| !l.is_empty()),
            Value::Map(m) => m.as_ref().is_some_and(|m| !m.is_empty()),
            Value::Time { .. } | Value::Struct(_) | Value::LabelMethod(_) => true,
        }
    }

    /// The type name Go's template errors use.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "interface {}",
            Value::Missing => "<no value>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Str(_) => "string",
            Value::Time { .. } => "time.Time",
            Value::List(_) => "[]interface {}",
            Value::Map(_) => "map[string]string",
            Value::Struct(s) => s.type_name,
            Value::LabelMethod(_) => "func(string) string",
        }
    }

    /// `fmt.Sprint(v)`: what a template prints for a value.
    pub fn display(&self) -> String {
        let mut out = String::new();
        self.write_display(&mut out);
        out
    }

    fn write_display(&self, out: &mut String) {
        match self {
            Value::Nil => out.push_str("<nil>"),
            Value::Missing => out.push_str("<no value>"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Str(s) => out.push_str(s),
            Value::Time { display, .. } => out.push_str(display),
            Value::List(items) => {
                out.push('[');
                for (i, v) in items.iter().flatten().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    v.write_display(out);
                }
                out.push(']');
            }
            Value::Map(pairs) => {
                out.push_str("map[");
                for (i, (k, v)) in pairs.iter().flatten().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.write_display(out);
                }
                out.push(']');
            }
            Value::Struct(s) => {
                out.push('{');
                for (i, f) in s.fields.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    f.value.write_display(out);
                }
                out.push('}');
            }
            Value::LabelMethod(_) => out.push_str("0x0"),
        }
    }

    /// Whether `omitempty` drops this value.
    fn is_empty_for_json(&self) -> bool {
        match self {
            Value::Nil | Value::Missing => true,
            Value::Bool(b) => !b,
            Value::Int(i) => *i == 0,
            Value::Str(s) => s.is_empty(),
            Value::List(l) => l.as_ref().is_none_or(|l| l.is_empty()),
            Value::Map(m) => m.as_ref().is_none_or(|m| m.is_empty()),
            Value::Time { .. } | Value::Struct(_) | Value::LabelMethod(_) => false,
        }
    }

    /// `json.Marshal`: compact, `<`, `>`, `&` escaped when `escape_html`.
    pub fn to_json(&self, escape_html: bool) -> String {
        let mut out = String::new();
        self.write_json(&mut out, escape_html, None, 0);
        out
    }

    /// `json.MarshalIndent(v, "", indent)` / `json.Indent`: one member per line, empty `{}`/`[]` kept short.
    pub fn to_json_indent(&self, indent: &str, escape_html: bool) -> String {
        let mut out = String::new();
        self.write_json(&mut out, escape_html, Some(indent), 0);
        out
    }

    fn write_json(&self, out: &mut String, esc: bool, indent: Option<&str>, depth: usize) {
        match self {
            Value::Nil | Value::Missing | Value::LabelMethod(_) => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Str(s) => json_string(out, s, esc),
            Value::Time { rfc3339, .. } => json_string(out, rfc3339, esc),
            Value::List(None) | Value::Map(None) => out.push_str("null"),
            Value::List(Some(items)) => {
                let members: Vec<(Option<&str>, &Value)> = items.iter().map(|v| (None, v)).collect();
                write_members(out, '[', ']', &members, esc, indent, depth);
            }
            Value::Map(Some(pairs)) => {
                let members: Vec<(Option<&str>, &Value)> = pairs.iter().map(|(k, v)| (Some(k.as_str()), v)).collect();
                write_members(out, '{', '}', &members, esc, indent, depth);
            }
            Value::Struct(s) => {
                let members: Vec<(Option<&str>, &Value)> = s
                    .fields
                    .iter()
                    .filter(|f| !matches!(f.value, Value::LabelMethod(_)))
                    .filter(|f| !(f.omitempty && f.value.is_empty_for_json()))
                    .map(|f| (Some(f.json), &f.value))
                    .collect();
                write_members(out, '{', '}', &members, esc, indent, depth);
            }
        }
    }
}

fn write_members(
    out: &mut String,
    open: char,
    close: char,
    members: &[(Option<&str>, &Value)],
    esc: bool,
    indent: Option<&str>,
    depth: usize,
) {
    out.push(open);
    if members.is_empty() {
        out.push(close);
        return;
    }
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Some(ind) = indent {
            out.push('\n');
            out.push_str(&ind.repeat(depth + 1));
        }
        if let Some(k) = key {
            json_string(out, k, esc);
            out.push(':');
            if indent.is_some() {
                out.push(' ');
            }
        }
        value.write_json(out, esc, indent, depth + 1);
    }
    if let Some(ind) = indent {
        out.push('\n');
        out.push_str(&ind.repeat(depth));
    }
    out.push(close);
}

pub use crate::json::quote as json_quote;
use crate::json::write_str as json_string;

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        Struct::new("network.IPAM")
            .field("Driver", Value::str("default"))
            .field("Options", Value::string_map(Vec::<(String, String)>::new()))
            .field(
                "Config",
                Value::list(vec![Struct::new("network.IPAMConfig")
                    .omitempty("Subnet", Value::str("172.18.0.0/16"))
                    .omitempty("IPRange", Value::str(""))
                    .omitempty("Gateway", Value::str("172.18.0.1"))
                    .omitempty("AuxiliaryAddresses", Value::Map(None))
                    .into_value()]),
            )
            .into_value()
    }

    #[test]
    fn json_follows_go_encoding() {
        assert_eq!(
            sample().to_json(false),
            r#"{"Driver":"default","Options":{},"Config":[{"Subnet":"172.18.0.0/16","Gateway":"172.18.0.1"}]}"#
        );
        assert_eq!(
            sample().to_json_indent("    ", false),
            "{\n    \"Driver\": \"default\",\n    \"Options\": {},\n    \"Config\": [\n        {\n            \"Subnet\": \"172.18.0.0/16\",\n            \"Gateway\": \"172.18.0.1\"\n        }\n    ]\n}"
        );
        assert_eq!(Value::str("<a&b>\n").to_json(true), r#""\u003ca\u0026b\u003e\n""#);
        assert_eq!(Value::Map(None).to_json(false), "null");
    }

    #[test]
    fn display_follows_fmt_v() {
        assert_eq!(sample().display(), "{default map[] [{172.18.0.0/16  172.18.0.1 map[]}]}");
        assert_eq!(Value::string_map([("b", "2"), ("a", "1")]).display(), "map[a:1 b:2]");
        assert_eq!(Value::Missing.display(), "<no value>");
    }
}
