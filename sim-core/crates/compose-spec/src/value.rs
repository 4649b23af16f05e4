//! The value tree every later step works on: YAML's data model (null, bool,
//! int, float, string, sequence, mapping) where every node and every mapping
//! key remembers the file, line and column it came from. Keeping positions
//! on the tree — instead of deserializing straight into structs — is what
//! lets a diagnostic about `services.web.networks` point at the line the
//! student wrote, even after merging several files.
//!
//! Mappings keep their keys in document order (a `Vec`), so the first
//! problem reported is the first one in the file; the few hot lookups go
//! through [`Map::get`], which is linear and fine for compose-sized maps
//! (the YAML layer caps the node count). Each lookup counts the entries it
//! looked at ([`map_work`]): a loop over the services that looks each one up
//! in the list of services costs n², and `tests/scale.rs` (sim-core) bounds
//! the count for 1,000 services.

thread_local! {
    /// Entries this thread's [`Map`] lookups looked at (a counter for tests, never wall time).
    static MAP_WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Entries [`Map`] lookups on this thread have looked at so far.
pub fn map_work() -> u64 {
    MAP_WORK.with(|w| w.get())
}

fn tick(n: usize) {
    MAP_WORK.with(|w| w.set(w.get().saturating_add(n as u64)));
}

/// Where a node starts: which input file (index into the load's file list),
/// 1-based line and 1-based column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub file: u16,
    pub line: u32,
    pub col: u32,
}

/// The YAML tags compose gives a meaning to (`!reset`, `!override`); others are ignored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tag {
    #[default]
    None,
    Reset,
    Override,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Map),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    pub tag: Tag,
}

/// One mapping entry: the key, where the key is written, the value.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub pos: Pos,
    pub node: Node,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map {
    pub entries: Vec<Entry>,
}

impl Map {
    pub fn new() -> Map {
        Map::default()
    }
    /// Where `key` is, counting the entries looked at.
    fn index(&self, key: &str) -> Option<usize> {
        let i = self.entries.iter().position(|e| e.key == key);
        tick(i.map_or(self.entries.len(), |i| i + 1));
        i
    }
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.index(key).map(|i| &self.entries[i].node)
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.index(key).map(|i| &mut self.entries[i].node)
    }
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.index(key).map(|i| &self.entries[i])
    }
    pub fn contains(&self, key: &str) -> bool {
        self.index(key).is_some()
    }
    /// Sets `key`, keeping its place (and key position) if it exists.
    pub fn insert(&mut self, key: &str, pos: Pos, node: Node) {
        match self.index(key) {
            Some(i) => self.entries[i].node = node,
            None => self.entries.push(Entry { key: key.to_string(), pos, node }),
        }
    }
    pub fn remove(&mut self, key: &str) -> Option<Node> {
        let i = self.index(key)?;
        Some(self.entries.remove(i).node)
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.entries.iter().map(|e| (e.key.as_str(), &e.node))
    }
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.key.as_str())
    }
}

impl Node {
    pub fn new(value: Value, pos: Pos) -> Node {
        Node { value, pos, tag: Tag::None }
    }
    pub fn null(pos: Pos) -> Node {
        Node::new(Value::Null, pos)
    }
    pub fn str(s: impl Into<String>, pos: Pos) -> Node {
        Node::new(Value::Str(s.into()), pos)
    }
    pub fn map(m: Map, pos: Pos) -> Node {
        Node::new(Value::Map(m), pos)
    }
    pub fn seq(v: Vec<Node>, pos: Pos) -> Node {
        Node::new(Value::Seq(v), pos)
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&Map> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match &mut self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_seq_mut(&mut self) -> Option<&mut Vec<Node>> {
        match &mut self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map().and_then(|m| m.get(key))
    }
    /// Go's `fmt.Sprint` of a scalar (how compose turns `PORT: 5054` into "5054").
    pub fn scalar_text(&self) -> Option<String> {
        Some(match &self.value {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => go_float(*f),
            Value::Str(s) => s.clone(),
            _ => return None,
        })
    }
    /// How many nodes this subtree holds (the alias budget counts copies).
    pub fn size(&self) -> usize {
        match &self.value {
            Value::Seq(s) => 1 + s.iter().map(Node::size).sum::<usize>(),
            Value::Map(m) => 1 + m.entries.iter().map(|e| 1 + e.node.size()).sum::<usize>(),
            _ => 1,
        }
    }
    /// YAML's name for the node's kind, as compose's errors say it.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` as `fmt.Sprint` prints a float64.
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if f == f.trunc() && f.abs() < 1e21 {
        let s = format!("{f}");
        return if f.abs() >= 1e21 { format!("{f:e}") } else { s };
    }
    let exp = f.abs().log10().floor();
    if !(-4.0..21.0).contains(&exp) {
        let s = format!("{f:e}");
        // Rust prints 1e-5; Go prints 1e-05.
        if let Some((m, e)) = s.split_once('e') {
            let (sign, digits) = if let Some(d) = e.strip_prefix('-') { ("-", d) } else { ("+", e) };
            let digits = if digits.len() < 2 { format!("0{digits}") } else { digits.to_string() };
            return format!("{m}e{sign}{digits}");
        }
        return s;
    }
    format!("{f}")
}
