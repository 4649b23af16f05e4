//! Reading a lesson file: the compose YAML layer (positions on every node),
//! then a walk that collects every problem with its line and column.

use super::check::{build, Args, KINDS};
use super::{CheckAt, Lesson, Step, Text};
use crate::compose::value::{Node, Pos, Value};
use crate::compose::yaml::{self, YamlError};
use crate::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not valid YAML.
    Yaml(String),
    /// A required key is missing (`where_` = the mapping, e.g. `steps[2]`).
    Missing { key: String, where_: String },
    /// A key this format does not know (typo?).
    UnknownKey { key: String, known: Vec<&'static str> },
    /// A value of the wrong kind (`expected` = text, list, map, es/en…).
    WrongType { key: String, expected: &'static str },
    /// A check kind outside the vocabulary.
    UnknownCheck { name: String },
    /// A workspace path that is absolute or leaves the project folder.
    BadPath { path: String },
    /// A list that must not be empty (steps, checks, solution).
    Empty { key: String },
}

/// A problem in a lesson file, at a 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    pub line: u32,
    pub col: u32,
    pub kind: ErrorKind,
}

impl LessonError {
    fn at(pos: Pos, kind: ErrorKind) -> LessonError {
        LessonError { line: pos.line.max(1), col: pos.col.max(1), kind }
    }

    pub fn message(&self, lang: Lang) -> String {
        let es = lang == Lang::Es;
        match &self.kind {
            ErrorKind::Yaml(m) => {
                if es {
                    format!("no es YAML válido: {m}")
                } else {
                    format!("not valid YAML: {m}")
                }
            }
            ErrorKind::Missing { key, where_ } => {
                if es {
                    format!("falta la clave «{key}» en {where_}")
                } else {
                    format!("key \"{key}\" is missing in {where_}")
                }
            }
            ErrorKind::UnknownKey { key, known } => {
                let known = known.join(", ");
                if es {
                    format!("clave desconocida «{key}» (se esperaba una de: {known})")
                } else {
                    format!("unknown key \"{key}\" (expected one of: {known})")
                }
            }
            ErrorKind::WrongType { key, expected } => {
                let what = match (*expected, es) {
                    ("text", true) => "un texto",
                    ("text", false) => "a text",
                    ("list", true) => "una lista",
                    ("list", false) => "a list",
                    ("map", true) => "un mapa (clave: valor)",
                    ("map", false) => "a mapping (key: value)",
                    ("es/en", true) => "un mapa con «es» y «en»",
                    ("es/en", false) => "a mapping with \"es\" and \"en\"",
                    ("port", true) => "un número de puerto (1-65535)",
                    ("port", false) => "a port number (1-65535)",
                    ("int", true) => "un número entero",
                    ("int", false) => "an integer",
                    ("bool", true) => "true o false",
                    ("bool", false) => "true or false",
                    ("check", true) => "un mapa con una sola clave: el tipo de comprobación",
                    ("check", false) => "a mapping with a single key: the kind of check",
                    (other, _) => other,
                };
                if es {
                    format!("«{key}» debe ser {what}")
                } else {
                    format!("\"{key}\" must be {what}")
                }
            }
            ErrorKind::UnknownCheck { name } => {
                let known: Vec<&str> = KINDS.iter().map(|k| k.0).collect();
                let known = known.join(", ");
                if es {
                    format!("comprobación desconocida «{name}» (las que existen: {known})")
                } else {
                    format!("unknown check \"{name}\" (known checks: {known})")
                }
            }
            ErrorKind::BadPath { path } => {
                if es {
                    format!("«{path}» debe ser una ruta relativa dentro del proyecto (sin «..»)")
                } else {
                    format!("\"{path}\" must be a relative path inside the project (no \"..\")")
                }
            }
            ErrorKind::Empty { key } => {
                if es {
                    format!("«{key}» no puede estar vacío")
                } else {
                    format!("\"{key}\" cannot be empty")
                }
            }
        }
    }

    /// `FILE:LINE:COL: message`, as compilers print it.
    pub fn render(&self, file: &str, lang: Lang) -> String {
        format!("{file}:{}:{}: {}", self.line, self.col, self.message(lang))
    }
}

fn yaml_error(e: &YamlError) -> LessonError {
    let (pos, msg) = match e {
        YamlError::Syntax { pos, message, .. } => (*pos, message.clone()),
        YamlError::Duplicate { key, pos, first } => {
            (*pos, format!("duplicate key \"{key}\" (first at line {}) / clave repetida", first.line))
        }
        YamlError::UnknownAlias { name, pos } => (*pos, format!("unknown alias *{name}")),
        YamlError::NonStringKey { key, pos } => (*pos, format!("non-string key {key}")),
        YamlError::BadMerge { pos } => (*pos, "bad merge key <<".to_string()),
        YamlError::TooBig { bytes } => (Pos::default(), format!("file too big ({bytes} bytes)")),
        YamlError::TooManyNodes { pos, .. } => (*pos, "too many nodes".to_string()),
        YamlError::TooDeep { pos } => (*pos, "nested too deep".to_string()),
        YamlError::NotUtf8 { pos } => (*pos, "not UTF-8".to_string()),
    };
    LessonError::at(pos, ErrorKind::Yaml(msg))
}

const TOP: &[&str] = &["id", "title", "intro", "workspace", "steps", "solution"];
const STEP: &[&str] = &["text", "hints", "checks"];

struct Walk {
    errors: Vec<LessonError>,
}

impl Walk {
    fn err(&mut self, pos: Pos, kind: ErrorKind) {
        self.errors.push(LessonError::at(pos, kind));
    }

    fn wrong(&mut self, node: &Node, key: &str, expected: &'static str) {
        self.err(node.pos, ErrorKind::WrongType { key: key.to_string(), expected });
    }

    /// Reports keys outside `known` in `node` (a mapping).
    fn known_keys(&mut self, node: &Node, known: &[&'static str]) {
        if let Some(m) = node.as_map() {
            for e in &m.entries {
                if !known.contains(&e.key.as_str()) {
                    self.err(e.pos, ErrorKind::UnknownKey { key: e.key.clone(), known: known.to_vec() });
                }
            }
        }
    }

    fn required<'n>(&mut self, node: &'n Node, key: &str, where_: &str) -> Option<&'n Node> {
        let found = node.get(key);
        if found.is_none() {
            self.err(node.pos, ErrorKind::Missing { key: key.to_string(), where_: where_.to_string() });
        }
        found
    }

    fn scalar(&mut self, node: &Node, key: &str) -> Option<String> {
        match &node.value {
            Value::Seq(_) | Value::Map(_) | Value::Null => {
                self.wrong(node, key, "text");
                None
            }
            _ => node.scalar_text(),
        }
    }

    fn text(&mut self, node: &Node, key: &str) -> Text {
        if node.as_map().is_none() {
            self.wrong(node, key, "es/en");
            return Text::default();
        }
        self.known_keys(node, &["es", "en"]);
        let mut t = Text::default();
        for (lang, slot) in [("es", &mut t.es), ("en", &mut t.en)] {
            if let Some(v) = self.required(node, lang, key) {
                *slot = self.scalar(v, &format!("{key}.{lang}")).unwrap_or_default();
            }
        }
        t
    }

    fn check(&mut self, node: &Node, where_: &str) -> Option<CheckAt> {
        let m = match node.as_map() {
            Some(m) if m.len() == 1 => m,
            _ => {
                self.wrong(node, where_, "check");
                return None;
            }
        };
        let entry = &m.entries[0];
        let Some((kind, required, optional)) = KINDS.iter().find(|k| k.0 == entry.key) else {
            self.err(entry.pos, ErrorKind::UnknownCheck { name: entry.key.clone() });
            return None;
        };
        let at = |c| CheckAt { check: c, line: entry.pos.line, col: entry.pos.col };
        let v = &entry.node;
        let args = if required.is_empty() && optional.is_empty() {
            Args::Plain(self.scalar(v, kind)?)
        } else {
            if v.as_map().is_none() {
                self.wrong(v, kind, "map");
                return None;
            }
            let mut known: Vec<&'static str> = required.to_vec();
            known.extend_from_slice(optional);
            let before = self.errors.len();
            self.known_keys(v, &known);
            let mut fields = Vec::new();
            for k in *required {
                if let Some(f) = self.required(v, k, kind) {
                    if let Some(s) = self.scalar(f, k) {
                        fields.push((k.to_string(), s));
                    }
                }
            }
            for k in *optional {
                if let Some(f) = v.get(k) {
                    if let Some(s) = self.scalar(f, k) {
                        fields.push((k.to_string(), s));
                    }
                }
            }
            if self.errors.len() > before {
                return None;
            }
            Args::Fields(fields)
        };
        match build(kind, &args) {
            Ok(c) => Some(at(c)),
            Err((field, expected)) => {
                let pos = v.get(&field).map(|n| n.pos).unwrap_or(v.pos);
                self.err(pos, ErrorKind::WrongType { key: field, expected });
                None
            }
        }
    }

    fn step(&mut self, node: &Node, i: usize) -> Option<Step> {
        let where_ = format!("steps[{}]", i + 1);
        if node.as_map().is_none() {
            self.wrong(node, &where_, "map");
            return None;
        }
        self.known_keys(node, STEP);
        let text = self.required(node, "text", &where_).map(|t| self.text(t, "text")).unwrap_or_default();
        let mut hints = Vec::new();
        if let Some(h) = node.get("hints") {
            match h.as_seq() {
                Some(items) => hints = items.iter().map(|x| self.text(x, "hints")).collect(),
                None => self.wrong(h, "hints", "list"),
            }
        }
        let mut checks = Vec::new();
        if let Some(c) = self.required(node, "checks", &where_) {
            match c.as_seq() {
                Some([]) => self.err(c.pos, ErrorKind::Empty { key: "checks".into() }),
                Some(items) => checks = items.iter().filter_map(|x| self.check(x, "checks")).collect(),
                None => self.wrong(c, "checks", "list"),
            }
        }
        Some(Step { text, hints, checks })
    }
}

fn safe_path(p: &str) -> bool {
    !p.is_empty() && !p.starts_with('/') && p.split('/').all(|s| s != ".." && !s.is_empty())
}

pub(super) fn parse(text: &str) -> Result<Lesson, Vec<LessonError>> {
    let docs = yaml::parse(0, text).map_err(|e| vec![yaml_error(&e)])?;
    let Some(root) = docs.first() else {
        return Err(vec![LessonError::at(Pos::default(), ErrorKind::Empty { key: "lesson".into() })]);
    };
    let mut w = Walk { errors: Vec::new() };
    if root.as_map().is_none() {
        w.wrong(root, "lesson", "map");
        return Err(w.errors);
    }
    w.known_keys(root, TOP);
    let id = w.required(root, "id", "lesson").and_then(|n| w.scalar(n, "id")).unwrap_or_default();
    let title = w.required(root, "title", "lesson").map(|n| w.text(n, "title")).unwrap_or_default();
    let intro = w.required(root, "intro", "lesson").map(|n| w.text(n, "intro")).unwrap_or_default();
    let mut files = Vec::new();
    if let Some(ws) = root.get("workspace") {
        if ws.as_map().is_some() {
            w.known_keys(ws, &["files"]);
            if let Some(f) = ws.get("files") {
                match f.as_map() {
                    Some(m) => {
                        for e in &m.entries {
                            if !safe_path(&e.key) {
                                w.err(e.pos, ErrorKind::BadPath { path: e.key.clone() });
                            } else if let Some(content) = w.scalar(&e.node, &e.key) {
                                files.push((e.key.clone(), content));
                            }
                        }
                    }
                    None if f.is_null() => {}
                    None => w.wrong(f, "files", "map"),
                }
            }
        } else if !ws.is_null() {
            w.wrong(ws, "workspace", "map");
        }
    }
    let mut steps = Vec::new();
    if let Some(s) = w.required(root, "steps", "lesson") {
        match s.as_seq() {
            Some([]) => w.err(s.pos, ErrorKind::Empty { key: "steps".into() }),
            Some(items) => steps = items.iter().enumerate().filter_map(|(i, x)| w.step(x, i)).collect(),
            None => w.wrong(s, "steps", "list"),
        }
    }
    let mut solution = Vec::new();
    if let Some(s) = w.required(root, "solution", "lesson") {
        match s.as_seq() {
            Some([]) => w.err(s.pos, ErrorKind::Empty { key: "solution".into() }),
            Some(items) => solution = items.iter().filter_map(|x| w.scalar(x, "solution")).collect(),
            None => w.wrong(s, "solution", "list"),
        }
    }
    if w.errors.is_empty() {
        Ok(Lesson { id, title, intro, files, steps, solution })
    } else {
        crate::sort::sort_by_key(&mut w.errors, |e| (e.line, e.col));
        Err(w.errors)
    }
}
