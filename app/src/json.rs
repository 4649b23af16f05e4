//! The page's JSON: a reader of untrusted text into [`Json`] and a [`Writer`], for everything
//! that crosses the page's edges as JSON — saved sessions and preferences (`persist.rs`), the
//! export file and share links' document (`share.rs`), embedding pages' messages
//! (`embed/messages.rs`), xAPI actors, the worker's last words (`sim.rs`).
//!
//! Why not serde_json with derived (de)serializers: they were ~28 KB of the page's gzip download
//! (serde_json's reader and writer, a visitor per type and field, `Cow` and `Option` handling,
//! its float parser and error texts; measured by building the page with these edges stubbed out:
//! docs/benchmarks.md, "Download"), for a handful of small documents read once at start-up. The
//! reader here is a few hundred bytes of recursive descent; each document's reader checks its
//! fields by hand.
//!
//! The reader accepts exactly the texts `serde_json::from_str::<serde_json::Value>` accepts
//! (tested against it, `fuzz.rs` too): RFC 8259's grammar, no trailing commas or comments, lone
//! surrogates refused, at most [`MAX_DEPTH`] nested arrays and objects (so no input overflows the
//! stack), and numbers read as it reads them (a non-negative integer that fits is [`Json::Unsigned`],
//! a negative one [`Json::Signed`], anything else a finite [`Json::Float`]; `-0` is a float). An
//! object is a vector sorted by key, the last of a repeated key kept (as `Value` keeps it), rather
//! than a `BTreeMap<String, Json>`: that map's B-tree code was one more copy in the page's wasm.
//! The writer writes what serde_json wrote for the same values, byte for byte (its escapes, its
//! pretty printer's two-space indent), so saved sessions, links and export files keep their text.

/// The deepest nesting of arrays and objects read: serde_json's recursion limit (128 levels
/// refused, 127 read).
pub const MAX_DEPTH: usize = 127;

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A non-negative integer that fits, as `serde_json` reads one.
    Unsigned(u64),
    /// A negative integer that fits.
    Signed(i64),
    Float(f64),
    String(String),
    Array(Vec<Json>),
    /// Sorted by key, each key once.
    Object(Vec<(String, Json)>),
}

/// `text` read as JSON (`None` if it is not: the same texts `serde_json::from_str::<Value>` refuses).
pub fn parse(text: &str) -> Option<Json> {
    let mut r = Reader { text, at: 0 };
    let v = r.value(0)?;
    r.space();
    (r.at == text.len()).then_some(v)
}

impl Json {
    /// An object's value for `key` (`None` for a missing key or a value that is no object).
    pub fn get(&self, key: &str) -> Option<&Json> {
        let fields = self.as_object()?;
        fields.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &fields[i].1)
    }

    /// An object's value for `key`, taken out of it (`Null` is left in its place), with `null`
    /// read as missing: what a document's optional field is.
    pub fn take(&mut self, key: &str) -> Option<Json> {
        let Json::Object(fields) = self else { return None };
        let i = fields.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        match std::mem::replace(&mut fields[i].1, Json::Null) {
            Json::Null => None,
            v => Some(v),
        }
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

    pub fn into_string(self) -> Option<String> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn into_array(self) -> Option<Vec<Json>> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// Each of `items` read by `read`; `None` if one is not what it wants.
pub fn each<T>(items: Vec<Json>, read: impl FnMut(Json) -> Option<T>) -> Option<Vec<T>> {
    items.into_iter().map(read).collect()
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn eat(&mut self, b: u8) -> bool {
        let yes = self.peek() == Some(b);
        self.at += usize::from(yes);
        yes
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.at += 1;
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - from
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        self.space();
        let word = |r: &mut Self, w: &str, v: Json| {
            let ok = r.text[r.at..].starts_with(w);
            r.at += w.len();
            ok.then_some(v)
        };
        match self.peek()? {
            b'n' => word(self, "null", Json::Null),
            b't' => word(self, "true", Json::Bool(true)),
            b'f' => word(self, "false", Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'-' | b'0'..=b'9' => self.number(),
            open @ (b'[' | b'{') => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                self.at += 1;
                let close = open + 2; // `]` and `}`
                let (mut items, mut fields) = (Vec::new(), Vec::new());
                self.space();
                if !self.eat(close) {
                    loop {
                        if open == b'[' {
                            items.push(self.value(depth + 1)?);
                        } else {
                            self.space();
                            if self.peek() != Some(b'"') {
                                return None;
                            }
                            let key = self.string()?;
                            self.space();
                            if !self.eat(b':') {
                                return None;
                            }
                            fields.push((key, self.value(depth + 1)?));
                        }
                        self.space();
                        match self.next()? {
                            b',' => {}
                            b if b == close => break,
                            _ => return None,
                        }
                    }
                }
                Some(if open == b'[' { Json::Array(items) } else { Json::Object(object(fields)) })
            }
            _ => None,
        }
    }

    /// The number here, as serde_json reads it.
    fn number(&mut self) -> Option<Json> {
        let from = self.at;
        let negative = self.eat(b'-');
        let int = self.at;
        match self.digits() {
            0 => return None,
            n if n > 1 && self.text.as_bytes()[int] == b'0' => return None,
            _ => {}
        }
        let mut float = false;
        if self.eat(b'.') {
            float = true;
            (self.digits() > 0).then_some(())?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.at += 1;
            let _ = self.eat(b'+') || self.eat(b'-');
            (self.digits() > 0).then_some(())?;
        }
        let text = &self.text[from..self.at];
        if !float {
            let magnitude = text[usize::from(negative)..]
                .bytes()
                .try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')));
            match magnitude {
                Some(n) if !negative => return Some(Json::Unsigned(n)),
                Some(n) if n != 0 && n <= 1 << 63 => return Some(Json::Signed((n as i64).wrapping_neg())),
                _ => {}
            }
        }
        sim_core::float::parse(text).filter(|x| x.is_finite()).map(Json::Float)
    }

    /// The string whose opening quote is here.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let from = self.at;
            while self.peek().is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // Stopped at an ASCII byte or the end: a boundary between characters.
            out.push_str(&self.text[from..self.at]);
            match self.next()? {
                b'"' => return Some(out),
                b'\\' => {}
                _ => return None,
            }
            let c = match self.next()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let high = self.hex()?;
                    let code = match high {
                        0xD800..=0xDBFF => {
                            (self.eat(b'\\') && self.eat(b'u')).then_some(())?;
                            let low = self.hex()?;
                            (0xDC00..=0xDFFF).contains(&low).then_some(())?;
                            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        }
                        code => code,
                    };
                    char::from_u32(code)?
                }
                _ => return None,
            };
            out.push(c);
        }
    }

    fn hex(&mut self) -> Option<u32> {
        (0..4).try_fold(0, |n, _| Some(n * 16 + char::from(self.next()?).to_digit(16)?))
    }
}

/// An object's fields sorted by key, stable, then the last of each key kept (what a map's
/// inserts leave).
fn object(mut fields: Vec<(String, Json)>) -> Vec<(String, Json)> {
    sim_core::sort::sort_by(&mut fields, |a, b| a.0.cmp(&b.0));
    let mut out: Vec<(String, Json)> = Vec::with_capacity(fields.len());
    for f in fields {
        match out.last_mut() {
            Some(last) if last.0 == f.0 => *last = f,
            _ => out.push(f),
        }
    }
    out
}

/// JSON text written as serde_json writes it, compact or pretty (two spaces, `": "`), value by
/// value: [`Writer::open`]/[`Writer::close`] an array or object, [`Writer::key`] before each of
/// an object's values.
pub struct Writer {
    out: String,
    pretty: bool,
    depth: usize,
    /// Nothing written yet in the array or object open.
    first: bool,
    /// A key was just written: the value follows it without a separator.
    keyed: bool,
}

impl Writer {
    pub fn new(pretty: bool) -> Writer {
        Writer { out: String::new(), pretty, depth: 0, first: true, keyed: false }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn line(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    /// What goes before a value or key: a comma after the first, a new line when pretty.
    fn next_item(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.line();
    }

    fn before_value(&mut self) {
        if self.keyed {
            self.keyed = false;
        } else if self.depth > 0 {
            self.next_item();
        }
    }

    /// Opens an array (`[`) or object (`{`).
    pub fn open(&mut self, bracket: char) -> &mut Writer {
        self.before_value();
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
        self
    }

    /// Closes what [`Writer::open`] opened (`]` or `}`).
    pub fn close(&mut self, bracket: char) -> &mut Writer {
        self.depth -= 1;
        if !self.first {
            self.line();
        }
        self.out.push(bracket);
        self.first = false;
        self
    }

    pub fn key(&mut self, key: &str) -> &mut Writer {
        self.next_item();
        quote(&mut self.out, key);
        self.out.push_str(if self.pretty { ": " } else { ":" });
        self.keyed = true;
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Writer {
        self.before_value();
        quote(&mut self.out, s);
        self
    }

    /// A string, or `null`.
    pub fn opt_str(&mut self, s: Option<&str>) -> &mut Writer {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    pub fn num(&mut self, n: u64) -> &mut Writer {
        self.before_value();
        self.out.push_str(&n.to_string());
        self
    }

    pub fn int(&mut self, n: i64) -> &mut Writer {
        if n < 0 {
            self.before_value();
            self.out.push('-');
            self.keyed = true;
        }
        self.num(n.unsigned_abs())
    }

    /// A value written as it is (`null`, `true`, …).
    pub fn raw(&mut self, text: &str) -> &mut Writer {
        self.before_value();
        self.out.push_str(text);
        self
    }

    /// An array of strings.
    pub fn strs<S: AsRef<str>>(&mut self, items: &[S]) -> &mut Writer {
        self.open('[');
        for s in items {
            self.str(s.as_ref());
        }
        self.close(']')
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it (`"`, `\`, the control characters:
/// `\b \f \n \r \t`, the others as `\u00XX`).
pub fn quote(out: &mut String, s: &str) {
    out.push('"');
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        from = i + 1;
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        } else {
            out.push_str(esc);
        }
    }
    out.push_str(&s[from..]);
    out.push('"');
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
            "-",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "-01",
            "00",
            "1E+2",
            "-1.25e-3",
            "1e400",
            "-1e400",
            "1e-400",
            "18446744073709551616",
            "-9223372036854775809",
            "123456789012345678901234567890",
            " [ 1 , 2 ] \n",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{1:2}",
            "nul",
            "nulls",
            "truefalse",
            "\"\\ud83d\\ude00 \\u00F1\\/\\b\\f\\r\\t\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\ud800x\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"tab\there\"",
            "\"new\nline\"",
            "\"ñ 😀 \u{7f}\"",
            "\"unterminated",
            "[\"a\", {\"b\": [true, false, null]}]",
        ] {
            same(text);
        }
    }

    #[test]
    fn nesting_stops_where_serde_json_stops() {
        for depth in [126, 127, 128, 129] {
            same(&("[".repeat(depth) + &"]".repeat(depth)));
            same(&("{\"a\":".repeat(depth) + "1" + &"}".repeat(depth)));
        }
        assert!(parse(&("[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH))).is_some());
        assert!(parse(&"[".repeat(1_000_000)).is_none());
    }

    /// What [`Writer`] writes is what serde_json wrote for the same value, compact and pretty.
    #[test]
    fn writes_as_serde_json_writes() {
        let all: String = (0u8..=0x7f).map(char::from).chain("ñ😀\u{2028}".chars()).collect();
        let mut w = Writer::new(false);
        w.open('{').key("a").str(&all).key("n").num(u64::MAX).key("i").int(-5).key("j").int(i64::MIN);
        w.key("e").open('[').close(']').key("o").open('{').close('}').key("l").strs(&["x", ""]);
        w.key("z").opt_str(None).key("q").open('[').open('{').key("k").raw("true").close('}').num(0).close(']');
        w.close('}');
        let value = serde_json::json!({
            "a": all, "n": u64::MAX, "i": -5, "j": i64::MIN, "e": [], "o": {}, "l": ["x", ""],
            "z": null, "q": [{"k": true}, 0],
        });
        let text = w.finish();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
        // serde_json's order of an object's keys depends on a feature; the text is compared on
        // a list and keys in sorted order.
        let list = serde_json::json!([all, [], {}, [{"e": [], "k": "v"}], -3]);
        for pretty in [false, true] {
            let mut w = Writer::new(pretty);
            w.open('[').str(&all).open('[').close(']').open('{').close('}');
            w.open('[').open('{').key("e").open('[').close(']').key("k").str("v").close('}').close(']');
            w.int(-3).close(']');
            let want = if pretty { serde_json::to_string_pretty(&list) } else { serde_json::to_string(&list) };
            assert_eq!(w.finish(), want.unwrap(), "pretty: {pretty}");
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
