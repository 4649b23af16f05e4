//! The YAML layer: saphyr-parser's events (each with a line and column)
//! built into our own [`Node`] tree. Building the tree ourselves is where
//! compose's YAML rules live: scalars resolved the way Go's yaml.v3 resolves
//! them (so `8080:80` stays a string and `true` is a bool), merge keys
//! (`<<: *x`), duplicate keys refused with both places named, `!reset` /
//! `!override` kept as tags, and budgets so a hostile file (alias bomb,
//! megabytes of text, 10,000 nested brackets) is refused quickly instead
//! of freezing the page.

use super::value::{Entry, Map, Node, Pos, Tag, Value};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
use std::collections::BTreeMap;

/// Largest compose file accepted (real ones are a few KB).
pub const MAX_BYTES: usize = 512 * 1024;
/// Alias expansion (a YAML bomb's weapon) is budgeted against the document's own size, as
/// yaml.v3 does with its alias ratio: each `*alias` copies its anchor's nodes, and all the
/// copies together may add at most [`ALIAS_RATIO`] times the nodes written so far, at
/// least [`ALIAS_FLOOR`] and never more than [`ALIAS_MAX`]. Nodes written out are not
/// budgeted here: [`MAX_BYTES`] and the parser's event limit bound them, so a large plain
/// file (thousands of services, no aliases) loads.
pub const ALIAS_RATIO: usize = 4;
/// Alias-expanded nodes any file may have, however small (what every file could expand to
/// before the budget became relative).
pub const ALIAS_FLOOR: usize = 50_000;
/// Alias-expanded nodes no file may pass, however large.
pub const ALIAS_MAX: usize = 400_000;
/// Deepest nesting accepted (compose files rarely go past 8).
pub const MAX_DEPTH: usize = 64;
/// Most events the parser may produce for one file.
const MAX_EVENTS: usize = 400_000;

/// Why a file could not be read as YAML.
#[derive(Clone, Debug, PartialEq)]
pub enum YamlError {
    /// The scanner/parser refused the text. `tab` = it tripped on a TAB; `more_tabs` = the
    /// other TABs in indentation after `pos`, each where it is (see [`super::tabs`]).
    Syntax {
        pos: Pos,
        message: String,
        tab: bool,
        more_tabs: Vec<Pos>,
    },
    Duplicate {
        key: String,
        pos: Pos,
        first: Pos,
    },
    UnknownAlias {
        name: String,
        pos: Pos,
    },
    NonStringKey {
        key: String,
        pos: Pos,
    },
    BadMerge {
        pos: Pos,
    },
    TooBig {
        bytes: usize,
    },
    /// Aliases expand to more than `max` nodes (the budget when it was crossed).
    TooManyNodes {
        pos: Pos,
        max: usize,
    },
    TooDeep {
        pos: Pos,
    },
    NotUtf8 {
        pos: Pos,
    },
}

/// One frame of the tree under construction.
enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        tag: Tag,
        anchor: usize,
    },
    Map {
        entries: Vec<Entry>,
        /// Each key's first position, for the duplicate check without a scan
        /// of `entries` per key (a 1,000-service file loaded in quadratic time).
        seen: std::collections::BTreeMap<String, Pos>,
        merges: Vec<(Pos, Node)>,
        key: Option<(String, Pos, bool)>,
        pos: Pos,
        tag: Tag,
        anchor: usize,
    },
}

struct Builder<'a> {
    file: u16,
    text: &'a str,
    anchors: BTreeMap<usize, Node>,
    anchor_names: BTreeMap<usize, String>,
    /// Nodes written in the text (scalars, sequences, mappings).
    nodes: usize,
    /// Nodes copied by aliases.
    alias_nodes: usize,
    stack: Vec<Frame>,
    docs: Vec<Node>,
}

/// Parses every YAML document of `text` (compose merges them in order).
/// An empty file or one with only comments yields no documents.
///
/// TABs in indentation are found by a pre-scan ([`super::tabs`]), all of them, each at its own
/// place: libyaml refuses them all (saphyr only some, and a line late). Only a syntax error or
/// unknown alias before the first of them is reported instead, as libyaml meets that first.
pub fn parse(file: u16, text: &str) -> Result<Vec<Node>, YamlError> {
    if text.len() > MAX_BYTES {
        return Err(YamlError::TooBig { bytes: text.len() });
    }
    let tabs = super::tabs::find(text);
    let Some(first) = tabs.first() else { return parse_events(file, text) };
    let at = |t: &super::tabs::TabIndent| Pos { file, line: t.line, col: t.col };
    let tab_error = || YamlError::Syntax {
        pos: at(first),
        message: go_message("", true),
        tab: true,
        more_tabs: tabs[1..].iter().map(at).collect(),
    };
    match parse_events(file, text) {
        Err(e @ YamlError::Syntax { tab: false, .. }) | Err(e @ YamlError::UnknownAlias { .. })
            if e.pos().is_some_and(|p| p.line < first.line) =>
        {
            Err(e)
        }
        _ => Err(tab_error()),
    }
}

impl YamlError {
    /// Where the problem is, when it has a place.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            YamlError::Syntax { pos, .. }
            | YamlError::Duplicate { pos, .. }
            | YamlError::UnknownAlias { pos, .. }
            | YamlError::NonStringKey { pos, .. }
            | YamlError::BadMerge { pos }
            | YamlError::TooManyNodes { pos, .. }
            | YamlError::TooDeep { pos }
            | YamlError::NotUtf8 { pos } => Some(*pos),
            YamlError::TooBig { .. } => None,
        }
    }
}

/// [`parse`] without the TAB pre-scan: saphyr's events built into nodes.
fn parse_events(file: u16, text: &str) -> Result<Vec<Node>, YamlError> {
    let mut b = Builder {
        file,
        text,
        anchors: BTreeMap::new(),
        anchor_names: BTreeMap::new(),
        nodes: 0,
        alias_nodes: 0,
        stack: Vec::new(),
        docs: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    let mut events = 0usize;
    while let Some(next) = parser.next_event() {
        events += 1;
        let (ev, span) = match next {
            Ok(x) => x,
            Err(e) => return Err(b.scan_error(&e)),
        };
        let pos = b.pos(span.start.line(), span.start.col());
        if events > MAX_EVENTS {
            return Err(YamlError::TooManyNodes { pos, max: MAX_EVENTS });
        }
        match ev {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd => {}
            Event::Alias(id) => {
                let Some(node) = b.anchors.get(&id) else {
                    let name = b.anchor_name_at(&span.start);
                    return Err(YamlError::UnknownAlias { name, pos });
                };
                let size = node.size();
                let max = alias_budget(b.nodes);
                if b.alias_nodes.saturating_add(size) > max {
                    return Err(YamlError::TooManyNodes { pos, max });
                }
                b.alias_nodes += size;
                let mut node = node.clone();
                node.pos = pos;
                b.push_node(node, true)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                b.count();
                let tag_s = tag.as_ref().map(|t| format!("{}{}", t.handle, t.suffix));
                let value = resolve(&text, style, tag_s.as_deref());
                let node = Node { value, pos, tag: tag_of(tag_s.as_deref()) };
                if anchor > 0 {
                    b.remember_anchor(anchor, &node, span.start.index());
                }
                // A plain `<<` key starts a merge.
                let is_merge_key = style == ScalarStyle::Plain && text == "<<" && tag.is_none();
                b.push_scalar(node, is_merge_key, &text)?;
            }
            Event::SequenceStart(anchor, tag) => {
                b.count();
                b.open(pos)?;
                let tag_s = tag.as_ref().map(|t| format!("{}{}", t.handle, t.suffix));
                b.stack.push(Frame::Seq { items: Vec::new(), pos, tag: tag_of(tag_s.as_deref()), anchor });
                if anchor > 0 {
                    b.note_anchor_name(anchor, span.start.index());
                }
            }
            Event::MappingStart(anchor, tag) => {
                b.count();
                b.open(pos)?;
                let tag_s = tag.as_ref().map(|t| format!("{}{}", t.handle, t.suffix));
                b.stack.push(Frame::Map {
                    entries: Vec::new(),
                    seen: Default::default(),
                    merges: Vec::new(),
                    key: None,
                    pos,
                    tag: tag_of(tag_s.as_deref()),
                    anchor,
                });
                if anchor > 0 {
                    b.note_anchor_name(anchor, span.start.index());
                }
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq { items, pos, tag, anchor }) = b.stack.pop() {
                    let node = Node { value: Value::Seq(items), pos, tag };
                    if anchor > 0 {
                        b.anchors.insert(anchor, node.clone());
                    }
                    b.push_node(node, false)?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map { entries, merges, pos, tag, anchor, .. }) = b.stack.pop() {
                    let map = apply_merges(entries, merges)?;
                    let node = Node { value: Value::Map(map), pos, tag };
                    if anchor > 0 {
                        b.anchors.insert(anchor, node.clone());
                    }
                    b.push_node(node, false)?;
                }
            }
        }
    }
    Ok(b.docs)
}

/// How many nodes aliases may add in a document that has written `own` nodes so far.
pub fn alias_budget(own: usize) -> usize {
    own.saturating_mul(ALIAS_RATIO).clamp(ALIAS_FLOOR, ALIAS_MAX)
}

fn tag_of(tag: Option<&str>) -> Tag {
    match tag {
        Some("!reset") => Tag::Reset,
        Some("!override") => Tag::Override,
        _ => Tag::None,
    }
}

impl Builder<'_> {
    fn pos(&self, line: usize, col: usize) -> Pos {
        Pos { file: self.file, line: line.min(u32::MAX as usize) as u32, col: (col + 1).min(u32::MAX as usize) as u32 }
    }

    fn count(&mut self) {
        self.nodes += 1;
    }

    fn open(&self, pos: Pos) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError::TooDeep { pos });
        }
        Ok(())
    }

    /// The anchor's name as written (`&default`), for messages about aliases.
    fn note_anchor_name(&mut self, id: usize, index: usize) {
        let name = self.word_after(index, '&');
        self.anchor_names.insert(id, name);
    }

    fn remember_anchor(&mut self, id: usize, node: &Node, index: usize) {
        self.note_anchor_name(id, index);
        self.anchors.insert(id, node.clone());
    }

    /// The alias's name as written (`*x`), read back from the text at the event.
    fn anchor_name_at(&self, m: &saphyr_parser::Marker) -> String {
        self.word_after(m.index(), '*')
    }

    /// Reads `&name`/`*name` at or after char index `index` in the text.
    fn word_after(&self, index: usize, sigil: char) -> String {
        let rest: String = self.text.chars().skip(index).take(200).collect();
        let Some(at) = rest.find(sigil) else { return String::new() };
        rest[at + 1..].chars().take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c)).collect()
    }

    fn push_scalar(&mut self, node: Node, is_merge_key: bool, raw: &str) -> Result<(), YamlError> {
        // A scalar in key position of a mapping becomes the pending key.
        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
            if key.is_none() {
                let text = match &node.value {
                    Value::Str(s) => s.clone(),
                    Value::Null if raw.is_empty() || raw == "~" || raw.eq_ignore_ascii_case("null") => {
                        return Err(YamlError::NonStringKey { key: raw.to_string(), pos: node.pos })
                    }
                    _ if is_merge_key => "<<".to_string(),
                    _ => return Err(YamlError::NonStringKey { key: raw.to_string(), pos: node.pos }),
                };
                *key = Some((text, node.pos, is_merge_key));
                return Ok(());
            }
        }
        self.push_node(node, false)
    }

    fn push_node(&mut self, node: Node, from_alias: bool) -> Result<(), YamlError> {
        match self.stack.last_mut() {
            None => {
                self.docs.push(node);
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map { entries, seen, merges, key, .. }) => match key.take() {
                None => {
                    // A collection (or alias) used as a key.
                    let _ = from_alias;
                    Err(YamlError::NonStringKey { key: node.kind_name().to_string(), pos: node.pos })
                }
                Some((k, kpos, true)) => {
                    let _ = k;
                    merges.push((kpos, node));
                    Ok(())
                }
                Some((k, kpos, false)) => {
                    if let Some(first) = seen.get(&k) {
                        return Err(YamlError::Duplicate { key: k, pos: kpos, first: *first });
                    }
                    seen.insert(k.clone(), kpos);
                    entries.push(Entry { key: k, pos: kpos, node });
                    Ok(())
                }
            },
        }
    }

    fn scan_error(&self, e: &ScanError) -> YamlError {
        let m = e.marker();
        let mut pos = self.pos(m.line(), m.col());
        let info = e.info();
        let tab = info.contains("tab") || self.tab_at(m.index());
        if tab {
            // Point at the TAB itself, not at what follows it.
            if let Some(col) = self.first_tab_col(m.line()) {
                pos.col = col;
            }
        }
        if info.contains("unknown anchor") {
            return YamlError::UnknownAlias { name: self.anchor_name_at(m), pos };
        }
        if info.contains("recursion limit") {
            return YamlError::TooDeep { pos };
        }
        YamlError::Syntax { pos, message: go_message(info, tab), tab, more_tabs: Vec::new() }
    }

    /// 1-based column of the first TAB in the leading whitespace of 1-based `line`.
    fn first_tab_col(&self, line: usize) -> Option<u32> {
        let text = self.text.split('\n').nth(line.checked_sub(1)?)?;
        let lead: Vec<char> = text.chars().take_while(|c| c.is_whitespace()).collect();
        lead.iter().position(|c| *c == '\t').map(|i| (i + 1).min(u32::MAX as usize) as u32)
    }

    /// Whether the line of char `index` has a TAB in its leading whitespace.
    fn tab_at(&self, index: usize) -> bool {
        let upto: String = self.text.chars().take(index + 1).collect();
        let line_start = upto.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line = self.text[line_start..].split('\n').next().unwrap_or("");
        line.chars().take_while(|c| c.is_whitespace()).any(|c| c == '\t')
    }
}

/// Merges `<<` sources into a map: explicit keys win, then earlier sources.
fn apply_merges(mut entries: Vec<Entry>, merges: Vec<(Pos, Node)>) -> Result<Map, YamlError> {
    for (kpos, src) in merges {
        let sources: Vec<Node> = match src.value {
            Value::Map(_) => vec![src],
            Value::Seq(items) => items,
            _ => return Err(YamlError::BadMerge { pos: kpos }),
        };
        for s in sources {
            let Value::Map(m) = s.value else {
                return Err(YamlError::BadMerge { pos: s.pos });
            };
            for e in m.entries {
                if !entries.iter().any(|x| x.key == e.key) {
                    entries.push(e);
                }
            }
        }
    }
    Ok(Map { entries })
}

/// Rewords saphyr's scanner messages the way Go's yaml.v3 (libyaml) says them,
/// since docker compose prints yaml.v3's text.
fn go_message(info: &str, tab: bool) -> String {
    if tab {
        return "found character that cannot start any token".into();
    }
    let known: &[(&str, &str)] = &[
        ("did not find expected key", "did not find expected key"),
        ("simple key expect", "could not find expected ':'"),
        ("expected ',' or ']'", "did not find expected ',' or ']'"),
        ("expected ',' or '}'", "did not find expected ',' or '}'"),
        ("expected '-' indicator", "did not find expected '-' indicator"),
        ("expected node content", "did not find expected node content"),
        ("unexpected end of stream", "found unexpected end of stream"),
        ("unexpected eof", "found unexpected end of stream"),
        ("mapping values are not allowed", "mapping values are not allowed in this context"),
        ("block sequence entries are not allowed", "block sequence entries are not allowed in this context"),
        ("unprintable", "control characters are not allowed"),
    ];
    for (needle, go) in known {
        if info.contains(needle) {
            return (*go).to_string();
        }
    }
    match info.split_once(", ") {
        Some((head, tail)) if head.starts_with("while ") => tail.to_string(),
        _ => info.to_string(),
    }
}

/// yaml.v3's resolution of a scalar with its style and tag.
fn resolve(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    let core = tag.and_then(|t| t.strip_prefix("tag:yaml.org,2002:").or_else(|| t.strip_prefix("!!")));
    match core {
        Some("str") => return Value::Str(text.to_string()),
        Some("null") => return Value::Null,
        Some("bool") | Some("int") | Some("float") => return resolve_plain(text),
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return Value::Str(text.to_string());
    }
    resolve_plain(text)
}

/// How yaml.v3 would read `s` written plain (the renderer quotes what would not stay a string).
pub fn resolve_for_render(s: &str) -> Value {
    if s.is_empty() {
        return Value::Null;
    }
    resolve_plain(s)
}

fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return Value::Str(s.to_string());
    }
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    if let Some(i) = go_parse_int(&plain) {
        return Value::Int(i);
    }
    if is_yaml_float(&plain) {
        if let Some(f) = sim_base::float::parse(&plain) {
            return Value::Float(f);
        }
    }
    Value::Str(s.to_string())
}

/// Go's `strconv.ParseInt(s, 0, 64)`: sign, then `0x`, `0o`, `0b`, leading-0 octal or decimal.
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// yaml.v3's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        parse(0, text).unwrap().remove(0)
    }

    #[test]
    fn scalars_resolve_like_yaml_v3() {
        let n = one("a: 8080:80\nb: 0777\nc: 1_000\nd: '5'\ne: true\nf: yes\ng: ~\nh: 1.5\ni: 0x1F\n");
        let m = n.as_map().unwrap();
        assert_eq!(m.get("a").unwrap().value, Value::Str("8080:80".into()));
        assert_eq!(m.get("b").unwrap().value, Value::Int(0o777));
        assert_eq!(m.get("c").unwrap().value, Value::Int(1000));
        assert_eq!(m.get("d").unwrap().value, Value::Str("5".into()));
        assert_eq!(m.get("e").unwrap().value, Value::Bool(true));
        assert_eq!(m.get("f").unwrap().value, Value::Str("yes".into()));
        assert_eq!(m.get("g").unwrap().value, Value::Null);
        assert_eq!(m.get("h").unwrap().value, Value::Float(1.5));
        assert_eq!(m.get("i").unwrap().value, Value::Int(31));
    }

    #[test]
    fn merge_keys_and_positions() {
        let n = one("x: &base\n  a: 1\n  b: 2\ny:\n  <<: *base\n  b: 3\n");
        let y = n.get("y").unwrap().as_map().unwrap();
        assert_eq!(y.get("a").unwrap().value, Value::Int(1));
        assert_eq!(y.get("b").unwrap().value, Value::Int(3));
        assert_eq!(n.get("y").unwrap().pos.line, 5);
        let e = n.as_map().unwrap().entry("y").unwrap();
        assert_eq!((e.pos.line, e.pos.col), (4, 1));
    }

    #[test]
    fn duplicate_key_names_both_lines() {
        let e = parse(0, "a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(
            matches!(e, YamlError::Duplicate { ref key, pos, first } if key == "a" && pos.line == 3 && first.line == 1)
        );
    }

    #[test]
    fn tabs_in_indentation_are_refused_at_their_line() {
        let e = parse(0, "services:\n  web:\n\timage: nginx\n").unwrap_err();
        match e {
            YamlError::Syntax { pos, tab, message, .. } => {
                assert!(tab);
                assert_eq!(pos.line, 3);
                assert_eq!(message, "found character that cannot start any token");
            }
            other => panic!("{other:?}"),
        }
    }

    fn tab_places(e: &YamlError) -> Vec<(u32, u32)> {
        match e {
            YamlError::Syntax { pos, tab: true, more_tabs, .. } => {
                std::iter::once(pos).chain(more_tabs).map(|p| (p.line, p.col)).collect()
            }
            other => panic!("not a TAB error: {other:?}"),
        }
    }

    /// Issue 14: a TAB on line 7 of a small file was reported on line 6.
    #[test]
    fn a_tab_is_reported_at_its_own_line_and_column() {
        let t = "services:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\"\n    environment:\n\tA: \"1\"\n";
        assert_eq!(tab_places(&parse(0, t).unwrap_err()), [(7, 1)]);
        let t = "services:\n  web:\n    image: nginx\n    command:\n\t- sh\n";
        assert_eq!(tab_places(&parse(0, t).unwrap_err()), [(5, 1)]);
        let t = "services:\n  web:\n    image: nginx\n    \tports: []\n";
        assert_eq!(tab_places(&parse(0, t).unwrap_err()), [(4, 5)]);
        // saphyr's own error for this one sits at the end of line 6, where it started skipping
        // whitespace before it met the TAB.
        let t = "a:\n  b: 1\n  c:\n    d: 2\n    e: 3\n  f: 4\n\tg: 5\n";
        assert!(matches!(parse_events(0, t), Err(YamlError::Syntax { pos: Pos { line: 6, .. }, .. })));
        assert_eq!(tab_places(&parse(0, t).unwrap_err()), [(7, 1)]);
    }

    /// The seed tutorial's compose file (lines 13 to 20 indented with TABs): every TAB is
    /// listed, each at its line, and fixing the first moves the report to the next.
    #[test]
    fn the_tutorials_file_lists_every_tab() {
        let t = TUTORIAL;
        let all = [(13, 7), (14, 3), (15, 3), (16, 3), (17, 3), (18, 3), (19, 3), (20, 1)];
        assert_eq!(tab_places(&parse(0, t).unwrap_err()), all);
        let fixed_13 = t.replace("      \tcontext", "        context");
        assert_eq!(tab_places(&parse(0, &fixed_13).unwrap_err()), all[1..]);
        let all_fixed = super::super::tabs::convert(t);
        let docs = parse(0, &all_fixed).expect("converted, the file reads");
        let main = docs[0].get("services").and_then(|s| s.get("main")).expect("main");
        assert_eq!(main.get("build").and_then(|b| b.get("context")).and_then(|c| c.as_str()), Some("./main_app"));
        assert_eq!(main.get("entrypoint").and_then(|c| c.as_str()), Some("/code/main.py"));
    }

    /// A syntax error before the first TAB is what libyaml meets first; after it, the TABs win.
    #[test]
    fn an_earlier_syntax_error_comes_first() {
        let e = parse(0, "a: \"x\nb: [1\n\tc: 1\n").unwrap_err();
        assert!(matches!(e, YamlError::Syntax { .. }));
        let e = parse(0, "a: [1, 2\nb: 1\n").unwrap_err();
        assert!(matches!(e, YamlError::Syntax { tab: false, .. }), "{e:?}");
        let e = parse(0, "a: b: c\nd:\n\te: 1\n").unwrap_err();
        assert!(matches!(e, YamlError::Syntax { tab: false, pos: Pos { line: 1, .. }, .. }), "{e:?}");
        let e = parse(0, "a:\n\tb: 1\nc: d: e\n").unwrap_err();
        assert_eq!(tab_places(&e), [(2, 1)]);
        let e = parse(0, "a: 1\na: 2\n\tb: 1\n").unwrap_err();
        assert_eq!(tab_places(&e), [(3, 1)], "duplicate keys are found after parsing, as in yaml.v3");
    }

    pub(crate) const TUTORIAL: &str = "version: 3\nservices:\n  postgres:\n      image: postgres:9.6\n      environment:\n        - POSTGRES_USER=arinarmo\n        - POSTGRES_PASSWORD=badpass\n        - POSTGRES_DB=mydb\n      ports:\n        - 5432:5432\n  main:\n      build: \n      \tcontext: ./main_app\n  \t  entrypoint: /code/main.py\n  \t  environment:\n  \t    - DB_USER=arinarmo\n  \t    - DB_PASS=badpass\n  \t    - DB_NAME=mydb\n  \t    - DB_PORT=5432\n\t    \n";

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(matches!(parse(0, &s), Err(YamlError::TooManyNodes { max: ALIAS_FLOOR, .. })));
    }

    /// A bomb hidden after a large plain part still meets the budget, relative or absolute.
    #[test]
    fn alias_bomb_after_a_large_plain_part_is_refused() {
        let mut s = String::from("plain:\n");
        for i in 0..20_000 {
            s.push_str(&format!("  k{i}: v\n"));
        }
        s.push_str("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        match parse(0, &s) {
            Err(YamlError::TooManyNodes { max, .. }) => assert!((ALIAS_FLOOR..=ALIAS_MAX).contains(&max), "{max}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(alias_budget(0), ALIAS_FLOOR);
        assert_eq!(alias_budget(20_000), 80_000);
        assert_eq!(alias_budget(usize::MAX), ALIAS_MAX);
    }

    /// Issue 17: a plain file of 7,334 services (no aliases, ~58,000 nodes) was refused as
    /// an alias bomb; only nodes copied by aliases count against the alias budget.
    #[test]
    fn a_large_plain_file_loads() {
        let mut s = String::from("services:\n");
        for i in 0..7_334 {
            s.push_str(&format!("  s{i}:\n    image: nginx\n    ports: [\"{}:80\"]\n", 10_000 + i));
        }
        let docs = parse(0, &s).expect("a plain file loads");
        assert!(docs[0].size() > ALIAS_FLOOR, "{}", docs[0].size());
        // The same with one anchor reused by every service: aliases add 7,334 × 3 nodes.
        let mut s = String::from("x-base: &base {image: nginx}\nservices:\n");
        for i in 0..7_334 {
            s.push_str(&format!("  s{i}: *base\n"));
        }
        assert!(parse(0, &s).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(10_000);
        assert!(matches!(parse(0, &s), Err(YamlError::TooDeep { .. })));
        let mut s = String::new();
        for i in 0..200 {
            s.push_str(&" ".repeat(i));
            s.push_str("a:\n");
        }
        assert!(matches!(parse(0, &s), Err(YamlError::TooDeep { .. })));
    }

    #[test]
    fn empty_and_comment_only_files_have_no_document() {
        assert!(parse(0, "").unwrap().is_empty());
        assert!(parse(0, "# nothing\n").unwrap().is_empty());
    }

    #[test]
    fn unknown_alias_is_named() {
        let e = parse(0, "a: *nope\n").unwrap_err();
        assert!(matches!(e, YamlError::UnknownAlias { ref name, .. } if name == "nope"), "{e:?}");
    }
}
