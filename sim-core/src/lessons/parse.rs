//! Reading a lesson file: the compose YAML layer (positions on every node),
//! then a walk that collects every problem with its line and column.

use super::check::{build, Args, Check, Never, KINDS};
use super::vars::{self, VarKind};
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
    /// Both the lesson and its steps have a `solution`.
    SolutionTwice,
    /// A variable name that is not an identifier (`[A-Za-z_][A-Za-z0-9_]*`).
    BadVarName { name: String },
    /// A variable kind outside `name`, `subnet`, `port`, `password` or a list of words.
    BadVarKind { name: String },
    /// `{{name}}` of a variable the lesson does not declare.
    UndefinedVar { name: String },
    /// A run button (`` `cmd`{run=NAME} ``, see [`super::text`]) that cannot work.
    BadRun(super::text::Fault),
    // What `muelle lesson lint` finds beyond a valid file (see `super::lint`).
    /// A declared variable no text, hint, file, solution or check uses.
    UnusedVar { name: String },
    /// A check no command can make true.
    Never { check: Check, why: Never },
    /// Two checks of one step that cannot hold together (`other_line` = the other's line).
    Contradiction { check: Check, other: Check, other_line: u32 },
    /// A check that already holds in a fresh session, before any command.
    AlreadyTrue { check: Check },
    /// A hint that mentions none of its step's names and none of its step's commands.
    HintUnrelated { step: usize },
    /// A step whose checks do not pass after the reference solution up to it.
    SolutionFails { step: usize, failing: Vec<Check>, seed: u64 },
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
            ErrorKind::SolutionTwice => {
                if es {
                    "«solution» va en la lección o en los pasos, no en ambos".into()
                } else {
                    "\"solution\" goes in the lesson or in its steps, not both".into()
                }
            }
            ErrorKind::BadVarName { name } => {
                if es {
                    format!("«{name}» no vale como nombre de variable (letras, dígitos y «_», sin empezar por dígito)")
                } else {
                    format!(
                        "\"{name}\" is not a valid variable name (letters, digits and '_', not starting with a digit)"
                    )
                }
            }
            ErrorKind::BadVarKind { name } => {
                let kinds = vars::KINDS.join(", ");
                if es {
                    format!("la variable «{name}» debe ser de un tipo de estos: {kinds} (una lista de palabras)")
                } else {
                    format!("variable \"{name}\" must have one of these kinds: {kinds} (a list of words)")
                }
            }
            ErrorKind::UndefinedVar { name } => {
                if es {
                    format!("la variable «{{{{{name}}}}}» no está declarada en «variables»")
                } else {
                    format!("variable \"{{{{{name}}}}}\" is not declared in \"variables\"")
                }
            }
            ErrorKind::BadRun(fault) => {
                use super::text::Fault;
                match (fault, es) {
                    (Fault::Malformed(w), true) => format!(
                        "botón de ejecutar mal escrito: «{w}» (se escribe `orden`{{run}} o `orden`{{run=TERMINAL}}, con un nombre de letras, cifras, _ o -)"
                    ),
                    (Fault::Malformed(w), false) => format!(
                        "run button written wrong: \"{w}\" (write `command`{{run}} or `command`{{run=TERMINAL}}, a name of letters, digits, _ or -)"
                    ),
                    (Fault::NoCommand, true) => {
                        "botón de ejecutar sin orden: {run} va justo después de una orden entre comillas invertidas, `así`{run}".into()
                    }
                    (Fault::NoCommand, false) => {
                        "run button without a command: {run} goes right after a command in backticks, `like this`{run}".into()
                    }
                    (Fault::MultiLine, true) => "botón de ejecutar con una orden de varias líneas: una sola línea por botón".into(),
                    (Fault::MultiLine, false) => "run button with a command over several lines: one line per button".into(),
                }
            }
            ErrorKind::UnusedVar { name } => {
                if es {
                    format!("la variable «{name}» no se usa en ningún sitio")
                } else {
                    format!("variable \"{name}\" is never used")
                }
            }
            ErrorKind::Never { check, why } => {
                if es {
                    format!(
                        "ninguna orden puede cumplir esta comprobación ({}): {}",
                        check.describe(lang),
                        why.message(lang)
                    )
                } else {
                    format!("no command can make this check true ({}): {}", check.describe(lang), why.message(lang))
                }
            }
            ErrorKind::Contradiction { check, other, other_line } => {
                if es {
                    format!(
                        "esta comprobación ({}) no puede cumplirse a la vez que la de la línea {other_line} ({}): el paso no se puede completar",
                        check.describe(lang),
                        other.describe(lang)
                    )
                } else {
                    format!(
                        "this check ({}) cannot hold together with the one at line {other_line} ({}): the step cannot be completed",
                        check.describe(lang),
                        other.describe(lang)
                    )
                }
            }
            ErrorKind::AlreadyTrue { check } => {
                if es {
                    format!("esta comprobación ya se cumple antes de teclear nada: {}", check.describe(lang))
                } else {
                    format!("this check already holds before anything is typed: {}", check.describe(lang))
                }
            }
            ErrorKind::HintUnrelated { step } => {
                if es {
                    format!("la pista no menciona ningún nombre de las comprobaciones del paso {step} ni ninguna de sus órdenes")
                } else {
                    format!("the hint mentions no name from step {step}'s checks and none of its commands")
                }
            }
            ErrorKind::SolutionFails { step, failing, seed } => {
                let list: Vec<String> = failing.iter().map(|c| c.describe(lang)).collect();
                let list = list.join("; ");
                if es {
                    format!(
                        "tras la solución de referencia hasta el paso {step} (semilla {seed}), no se cumple: {list}"
                    )
                } else {
                    format!("after the reference solution up to step {step} (seed {seed}), these fail: {list}")
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

const TOP: &[&str] = &["id", "version", "title", "intro", "variables", "workspace", "steps", "solution"];
const STEP: &[&str] = &["text", "hints", "checks", "solution"];

/// Where a lesson's parts are written (line, column), for `muelle lesson lint`'s messages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spots {
    pub steps: Vec<StepSpots>,
    /// Each declared variable's name.
    pub vars: Vec<(u32, u32)>,
    /// The top-level `solution` key (0, 0 when absent).
    pub solution: (u32, u32),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepSpots {
    /// The step's item in `steps`.
    pub at: (u32, u32),
    /// Each hint's `es` and `en` text.
    pub hints: Vec<[(u32, u32); 2]>,
    /// The step's `solution` key (0, 0 when absent).
    pub solution: (u32, u32),
}

/// Variables as [`Lesson::vars`] keeps them: (name, encoded kind).
type Vars = Vec<(String, String)>;

fn spot(pos: Pos) -> (u32, u32) {
    (pos.line.max(1), pos.col.max(1))
}

struct Walk {
    errors: Vec<LessonError>,
    /// Declared variables and their values for seed 0 (to validate checks that use them).
    samples: Vec<(String, String)>,
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
        self.text_at(node, key).0
    }

    /// A `{es, en}` text and where each language's text is.
    fn text_at(&mut self, node: &Node, key: &str) -> (Text, [(u32, u32); 2]) {
        let mut at = [spot(node.pos); 2];
        if node.as_map().is_none() {
            self.wrong(node, key, "es/en");
            return (Text::default(), at);
        }
        self.known_keys(node, &["es", "en"]);
        let mut t = Text::default();
        for (i, (lang, slot)) in [("es", &mut t.es), ("en", &mut t.en)].into_iter().enumerate() {
            if let Some(v) = self.required(node, lang, key) {
                at[i] = spot(v.pos);
                *slot = self.scalar(v, &format!("{key}.{lang}")).unwrap_or_default();
                for fault in super::text::faults(slot) {
                    self.err(v.pos, ErrorKind::BadRun(fault));
                }
            }
        }
        (t, at)
    }

    fn lines(&mut self, node: &Node, key: &str) -> Vec<String> {
        match node.as_seq() {
            Some([]) => {
                self.err(node.pos, ErrorKind::Empty { key: key.into() });
                Vec::new()
            }
            Some(items) => items.iter().filter_map(|x| self.scalar(x, key)).collect(),
            None => {
                self.wrong(node, key, "list");
                Vec::new()
            }
        }
    }

    /// The declared variables (name, encoded kind) and where each name is.
    fn variables(&mut self, node: &Node) -> (Vars, Vec<(u32, u32)>) {
        let Some(m) = node.as_map() else {
            if !node.is_null() {
                self.wrong(node, "variables", "map");
            }
            return (Vec::new(), Vec::new());
        };
        let mut out = Vec::new();
        let mut at = Vec::new();
        for e in &m.entries {
            if !vars::valid_name(&e.key) {
                self.err(e.pos, ErrorKind::BadVarName { name: e.key.clone() });
                continue;
            }
            let kind = match &e.node.value {
                Value::Seq(items) => {
                    let words: Vec<String> = items.iter().filter_map(Node::scalar_text).collect();
                    let ok = words.len() == items.len()
                        && !words.is_empty()
                        && words
                            .iter()
                            .all(|w| !w.is_empty() && !w.contains(char::is_whitespace) && !w.contains(['[', ']']));
                    ok.then_some(VarKind::OneOf(words))
                }
                Value::Map(_) | Value::Null => None,
                _ => e.node.scalar_text().and_then(|k| VarKind::decode(&k)).filter(|k| !matches!(k, VarKind::OneOf(_))),
            };
            match kind {
                Some(k) => {
                    out.push((e.key.clone(), k.encode()));
                    at.push(spot(e.pos));
                }
                None => self.err(e.node.pos, ErrorKind::BadVarKind { name: e.key.clone() }),
            }
        }
        (out, at)
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
        let v = &entry.node;
        let mut template = Vec::new();
        let args = if required.is_empty() && optional.is_empty() {
            let plain = self.scalar(v, kind)?;
            template.push((kind.to_string(), plain.clone()));
            Args::Plain(plain)
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
            template.push((kind.to_string(), String::new()));
            template.extend(fields.iter().cloned());
            Args::Fields(fields)
        };
        let uses_vars = template.iter().any(|(_, v)| !vars::refs(v).is_empty());
        if !uses_vars {
            template.clear();
        }
        let args = match args {
            _ if !uses_vars => args,
            Args::Plain(p) => Args::Plain(vars::substitute(&p, &self.samples)),
            Args::Fields(f) => {
                Args::Fields(f.into_iter().map(|(k, v)| (k, vars::substitute(&v, &self.samples))).collect())
            }
        };
        match build(kind, &args) {
            Ok(c) => Some(CheckAt { check: c, line: entry.pos.line, col: entry.pos.col, template }),
            // An undeclared variable is reported where it is written.
            Err(_) if self.undeclared(&template) => None,
            Err((field, expected)) => {
                let pos = v.get(&field).map(|n| n.pos).unwrap_or(v.pos);
                self.err(pos, ErrorKind::WrongType { key: field, expected });
                None
            }
        }
    }

    /// Whether some `{{name}}` in `template` names no declared variable.
    fn undeclared(&self, template: &[(String, String)]) -> bool {
        template.iter().any(|(_, v)| vars::refs(v).iter().any(|(_, n)| !self.samples.iter().any(|(s, _)| s == n)))
    }

    fn step(&mut self, node: &Node, i: usize) -> Option<(Step, StepSpots)> {
        let where_ = format!("steps[{}]", i + 1);
        if node.as_map().is_none() {
            self.wrong(node, &where_, "map");
            return None;
        }
        let mut spots = StepSpots { at: spot(node.pos), ..StepSpots::default() };
        self.known_keys(node, STEP);
        let text = self.required(node, "text", &where_).map(|t| self.text(t, "text")).unwrap_or_default();
        let mut hints = Vec::new();
        if let Some(h) = node.get("hints") {
            match h.as_seq() {
                Some(items) => {
                    for x in items {
                        let (t, at) = self.text_at(x, "hints");
                        hints.push(t);
                        spots.hints.push(at);
                    }
                }
                None => self.wrong(h, "hints", "list"),
            }
        }
        let mut solution = Vec::new();
        if let Some(e) = node.as_map().and_then(|m| m.entries.iter().find(|e| e.key == "solution")) {
            spots.solution = spot(e.pos);
            solution = self.lines(&e.node, "solution");
        }
        let mut checks = Vec::new();
        if let Some(c) = self.required(node, "checks", &where_) {
            match c.as_seq() {
                Some([]) => self.err(c.pos, ErrorKind::Empty { key: "checks".into() }),
                Some(items) => checks = items.iter().filter_map(|x| self.check(x, "checks")).collect(),
                None => self.wrong(c, "checks", "list"),
            }
        }
        Some((Step { text, hints, checks, solution }, spots))
    }
}

fn safe_path(p: &str) -> bool {
    !p.is_empty() && !p.starts_with('/') && p.split('/').all(|s| s != ".." && !s.is_empty())
}

/// Line and column (1-based, in characters) of byte `at` of `text`.
pub(super) fn line_col(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    (line, col)
}

pub(super) fn parse(text: &str) -> Result<(Lesson, Spots), Vec<LessonError>> {
    let docs = yaml::parse(0, text).map_err(|e| vec![yaml_error(&e)])?;
    let Some(root) = docs.first() else {
        return Err(vec![LessonError::at(Pos::default(), ErrorKind::Empty { key: "lesson".into() })]);
    };
    let mut w = Walk { errors: Vec::new(), samples: Vec::new() };
    if root.as_map().is_none() {
        w.wrong(root, "lesson", "map");
        return Err(w.errors);
    }
    let mut spots = Spots::default();
    w.known_keys(root, TOP);
    let id = w.required(root, "id", "lesson").and_then(|n| w.scalar(n, "id")).unwrap_or_default();
    let version = root.get("version").and_then(|n| w.scalar(n, "version")).unwrap_or_default();
    let mut declared = Vec::new();
    if let Some(v) = root.get("variables") {
        (declared, spots.vars) = w.variables(v);
        w.samples = vars::values(&id, &declared, 0);
    }
    // Every `{{name}}` of the file names a declared variable.
    for (at, name) in vars::refs(text) {
        if !declared.iter().any(|(n, _)| n == name) {
            let (line, col) = line_col(text, at);
            w.errors.push(LessonError { line, col, kind: ErrorKind::UndefinedVar { name: name.to_string() } });
        }
    }
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
            Some(items) => {
                for (i, x) in items.iter().enumerate() {
                    if let Some((step, at)) = w.step(x, i) {
                        steps.push(step);
                        spots.steps.push(at);
                    }
                }
            }
            None => w.wrong(s, "steps", "list"),
        }
    }
    let in_steps = steps.iter().any(|s: &Step| !s.solution.is_empty());
    let top = root.as_map().and_then(|m| m.entries.iter().find(|e| e.key == "solution"));
    let solution = match top {
        Some(e) => {
            spots.solution = spot(e.pos);
            if in_steps {
                w.err(e.pos, ErrorKind::SolutionTwice);
            }
            w.lines(&e.node, "solution")
        }
        None if in_steps => steps.iter().flat_map(|s| s.solution.iter().cloned()).collect(),
        None => {
            w.err(root.pos, ErrorKind::Missing { key: "solution".into(), where_: "lesson".into() });
            Vec::new()
        }
    };
    if w.errors.is_empty() {
        Ok((Lesson { id, title, intro, files, steps, solution, version, vars: declared }, spots))
    } else {
        crate::sort::sort_by_key(&mut w.errors, |e| (e.line, e.col));
        Err(w.errors)
    }
}
