//! A whole workspace (project files, command history, seed, language) as a link or a JSON file.
//!
//! The link keeps everything in the URL fragment (`#w=…`), which browsers never send to a
//! server: the workspace is serialized with [`persist::encode`], compressed with a small LZ77
//! ([`compress`], no dependency) and written in base64url. Export/import uses a tiny JSON
//! writer/reader for one fixed shape. Every decoder here returns `None` on bad input and never
//! panics; sizes are bounded so a hostile link cannot exhaust memory.

use crate::boot::LinkError;
use crate::i18n::Lang;
use crate::persist;

pub mod zip;

/// The fragment's prefix.
pub const PREFIX: &str = "#w=";
/// The most bytes a decoded workspace may take.
pub const MAX_RAW: usize = 8 * 1024 * 1024;
const MAGIC: &[u8] = b"MW1";
const MIN_MATCH: usize = 4;
const MAX_MATCH: usize = 255 + MIN_MATCH;
const WINDOW: usize = 65535;
const HASH_BITS: u32 = 14;
const CHAIN: usize = 16;

#[derive(Clone, Debug, PartialEq)]
pub struct Workspace {
    pub lang: Lang,
    pub seed: u64,
    pub files: Vec<(String, String)>,
    pub history: Vec<String>,
}

impl Workspace {
    fn flat(&self) -> String {
        let mut items = vec![self.lang.code().to_string(), self.seed.to_string(), self.files.len().to_string()];
        for (p, c) in &self.files {
            items.push(p.clone());
            items.push(c.clone());
        }
        items.extend(self.history.iter().cloned());
        persist::encode(&items)
    }

    fn unflat(s: &str) -> Option<Workspace> {
        let items = persist::decode(s)?;
        let lang = Lang::parse(items.first()?)?;
        let seed = items.get(1)?.parse().ok()?;
        let n: usize = items.get(2)?.parse().ok()?;
        let files_end = n.checked_mul(2)?.checked_add(3)?;
        let files = items.get(3..files_end)?.chunks(2).map(|c| (c[0].clone(), c[1].clone())).collect();
        let history = items[files_end..].to_vec();
        Some(Workspace { lang, seed, files, history })
    }

    /// The fragment for a link: `#w=` and the compressed workspace in base64url.
    pub fn to_fragment(&self) -> String {
        format!("{PREFIX}{}", base64url(&compress(self.flat().as_bytes())))
    }

    /// Reads a fragment written by [`Workspace::to_fragment`].
    pub fn from_fragment(fragment: &str) -> Option<Workspace> {
        let data = unbase64url(fragment.strip_prefix(PREFIX)?)?;
        let raw = decompress(&data)?;
        Workspace::unflat(&String::from_utf8(raw).ok()?)
    }

    /// Reads a fragment like [`Workspace::from_fragment`], saying why it cannot be opened.
    pub fn check_fragment(fragment: &str) -> Result<Workspace, LinkError> {
        let body = fragment.strip_prefix(PREFIX).ok_or(LinkError::Damaged)?;
        if body.len() / 4 * 3 > MAX_RAW {
            return Err(LinkError::TooLarge);
        }
        let data = unbase64url(body).ok_or(LinkError::Damaged)?;
        if declared_len(&data).is_some_and(|n| n > MAX_RAW) {
            return Err(LinkError::TooLarge);
        }
        let raw = decompress(&data).ok_or(LinkError::Damaged)?;
        let w = String::from_utf8(raw).ok().as_deref().and_then(Workspace::unflat).ok_or(LinkError::Content)?;
        if w.files.iter().any(|(p, _)| !persist::safe_path(p)) {
            return Err(LinkError::Content);
        }
        Ok(w)
    }

    /// The workspace as a JSON document (for the export file).
    pub fn to_json(&self) -> String {
        let mut o = String::from("{\n  \"muelle\": 1,\n  \"lang\": ");
        json_str(&mut o, self.lang.code());
        o.push_str(&format!(",\n  \"seed\": {},\n  \"files\": [", self.seed));
        for (i, (p, c)) in self.files.iter().enumerate() {
            o.push_str(if i == 0 { "\n    {\"path\": " } else { ",\n    {\"path\": " });
            json_str(&mut o, p);
            o.push_str(", \"content\": ");
            json_str(&mut o, c);
            o.push('}');
        }
        o.push_str("\n  ],\n  \"history\": [");
        for (i, h) in self.history.iter().enumerate() {
            o.push_str(if i == 0 { "\n    " } else { ",\n    " });
            json_str(&mut o, h);
        }
        o.push_str("\n  ]\n}\n");
        o
    }

    /// Reads an export file.
    pub fn from_json(text: &str) -> Option<Workspace> {
        let v = parse_json(text)?;
        let get = |k: &str| match &v {
            J::Obj(m) => m.iter().find(|(n, _)| n == k).map(|(_, v)| v),
            _ => None,
        };
        if !matches!(get("muelle"), Some(J::Num(n)) if n == "1") {
            return None;
        }
        let lang = match get("lang")? {
            J::Str(s) => Lang::parse(s)?,
            _ => return None,
        };
        let seed = match get("seed")? {
            J::Num(n) => n.parse().ok()?,
            _ => return None,
        };
        let mut files = Vec::new();
        if let J::Arr(list) = get("files")? {
            for f in list {
                let J::Obj(m) = f else { return None };
                let field = |k: &str| match m.iter().find(|(n, _)| n == k) {
                    Some((_, J::Str(s))) => Some(s.clone()),
                    _ => None,
                };
                files.push((field("path")?, field("content")?));
            }
        } else {
            return None;
        }
        let mut history = Vec::new();
        match get("history") {
            Some(J::Arr(list)) => {
                for h in list {
                    let J::Str(s) = h else { return None };
                    history.push(s.clone());
                }
            }
            None => {}
            _ => return None,
        }
        Some(Workspace { lang, seed, files, history })
    }
}

// ---- the browser ------------------------------------------------------------------------------

/// The workspace in this page's address, if it came with one; the fragment is then removed from
/// the address bar (a reload keeps what autosave stored, not the link's older state).
pub fn from_location() -> Option<Workspace> {
    from_location_checked()?.ok()
}

/// Like [`from_location`], saying why a link in the address cannot be opened.
pub fn from_location_checked() -> Option<Result<Workspace, LinkError>> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    if !hash.starts_with(PREFIX) {
        return None;
    }
    let w = Workspace::check_fragment(&hash);
    let location = window.location();
    let clean = format!("{}{}", location.pathname().ok()?, location.search().ok()?);
    let _ = window.history().ok()?.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    Some(w)
}

/// This page's address with `w` in the fragment.
pub fn link(w: &Workspace) -> Option<String> {
    let location = web_sys::window()?.location();
    let href = location.href().ok()?;
    let base = href.split('#').next().unwrap_or(&href).to_string();
    Some(format!("{base}{}", w.to_fragment()))
}

/// Puts `text` on the clipboard (quietly does nothing where the browser refuses).
pub fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str) -> Option<()> {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    offer(name, &blob)
}

/// Clicks a temporary download link for `blob`.
fn offer(name: &str, blob: &web_sys::Blob) -> Option<()> {
    use wasm_bindgen::JsCast;
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let document = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    document.body()?.append_child(&a).ok()?;
    a.click();
    a.remove();
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Some(())
}

// ---- a folder for real Docker ----------------------------------------------------------------

/// The folder a download unpacks to.
pub const DOCKER_FOLDER: &str = "muelle-proyecto";

/// The project's files as a zip of one folder, [`DOCKER_FOLDER`], that a real `docker compose up`
/// accepts: the files as they are (Compose's `x-muelle` extension field is ignored by Docker), no
/// history, nothing else of Muelle's. Paths that could escape the folder are left out.
pub fn docker_folder_zip(files: &[(String, String)]) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| persist::safe_path(p))
        .map(|(p, c)| (format!("{DOCKER_FOLDER}/{p}"), c.clone().into_bytes()))
        .collect();
    zip::stored(&entries)
}

/// Offers `bytes` as a file download named `name`.
pub fn download_bytes(name: &str, bytes: &[u8], mime: &str) -> Option<()> {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()?;
    offer(name, &blob)
}

// ---- LZ77 -------------------------------------------------------------------------------------
//
// Format: "MW1", the raw length as a LEB128 varint, then groups of a flag byte and up to eight
// items (bit set: a match of 3 bytes — 16-bit distance, length − MIN_MATCH — else one literal).

fn hash(b: &[u8]) -> usize {
    let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// Compresses `data` (greedy LZ77 with hash chains).
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    let mut n = data.len();
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        out.push(if n > 0 { b | 0x80 } else { b });
        if n == 0 {
            break;
        }
    }
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; data.len()];
    let mut flag_at = 0;
    let mut bit = 8;
    let mut i = 0;
    let insert = |head: &mut Vec<usize>, prev: &mut Vec<usize>, at: usize| {
        if at + MIN_MATCH <= data.len() {
            let h = hash(&data[at..]);
            prev[at] = head[h];
            head[h] = at;
        }
    };
    while i < data.len() {
        if bit == 8 {
            flag_at = out.len();
            out.push(0);
            bit = 0;
        }
        let (mut best_len, mut best_dist) = (0, 0);
        if i + MIN_MATCH <= data.len() {
            let mut cand = head[hash(&data[i..])];
            let limit = (data.len() - i).min(MAX_MATCH);
            for _ in 0..CHAIN {
                if cand == usize::MAX || i - cand > WINDOW {
                    break;
                }
                let len = data[cand..].iter().zip(&data[i..i + limit]).take_while(|(a, b)| a == b).count();
                if len > best_len {
                    (best_len, best_dist) = (len, i - cand);
                    if len == limit {
                        break;
                    }
                }
                cand = prev[cand];
            }
        }
        if best_len >= MIN_MATCH {
            out[flag_at] |= 1 << bit;
            out.extend_from_slice(&(best_dist as u16).to_le_bytes());
            out.push((best_len - MIN_MATCH) as u8);
            for k in i..i + best_len {
                insert(&mut head, &mut prev, k);
            }
            i += best_len;
        } else {
            out.push(data[i]);
            insert(&mut head, &mut prev, i);
            i += 1;
        }
        bit += 1;
    }
    out
}

/// The length [`compress`] recorded in `data`'s header, if it has one.
fn declared_len(data: &[u8]) -> Option<usize> {
    let mut rest = data.strip_prefix(MAGIC)?;
    let mut n: usize = 0;
    for shift in (0..=28).step_by(7) {
        let (&b, r) = rest.split_first()?;
        rest = r;
        n |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

/// Undoes [`compress`]; `None` for anything it did not write or larger than [`MAX_RAW`].
pub fn decompress(data: &[u8]) -> Option<Vec<u8>> {
    let mut rest = data.strip_prefix(MAGIC)?;
    let mut n: usize = 0;
    for shift in (0..).step_by(7) {
        let (&b, r) = rest.split_first()?;
        rest = r;
        if shift > 28 {
            return None;
        }
        n |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            break;
        }
    }
    if n > MAX_RAW {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let (&flags, r) = rest.split_first()?;
        rest = r;
        for bit in 0..8 {
            if out.len() >= n {
                break;
            }
            if flags & (1 << bit) != 0 {
                let (m, r) = rest.split_at_checked(3)?;
                rest = r;
                let dist = u16::from_le_bytes([m[0], m[1]]) as usize;
                let len = m[2] as usize + MIN_MATCH;
                if dist == 0 || dist > out.len() || out.len() + len > n {
                    return None;
                }
                let start = out.len() - dist;
                for k in 0..len {
                    out.push(out[start + k]);
                }
            } else {
                let (&b, r) = rest.split_first()?;
                rest = r;
                out.push(b);
            }
        }
    }
    rest.is_empty().then_some(out)
}

// ---- base64url --------------------------------------------------------------------------------

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url(data: &[u8]) -> String {
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let v = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..=c.len() {
            s.push(B64[(v >> (18 - 6 * k) & 63) as usize] as char);
        }
    }
    s
}

pub fn unbase64url(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    if s.len() % 4 == 1 || s.len() / 4 * 3 > MAX_RAW {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
    for c in s.as_bytes().chunks(4) {
        let mut v = 0u32;
        for (k, &ch) in c.iter().enumerate() {
            let d = B64.iter().position(|&b| b == ch)? as u32;
            v |= d << (18 - 6 * k);
        }
        out.extend_from_slice(&v.to_be_bytes()[1..c.len()]);
    }
    Some(out)
}

// ---- JSON -------------------------------------------------------------------------------------

/// `s` as a JSON string literal (quotes included).
pub(crate) fn json_quote(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    json_str(&mut o, s);
    o
}

/// Parses one JSON document (nothing after it but spaces); `None` for anything else.
pub(crate) fn parse_json(text: &str) -> Option<J> {
    let mut p = Json { s: text.as_bytes(), i: 0, depth: 0 };
    let v = p.value()?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

/// A JSON string, quoted by the one quoter the simulator's outputs use too.
fn json_str(o: &mut String, s: &str) {
    sim_core::json::write_str(o, s, false);
}

/// A parsed JSON value (numbers keep their text; booleans only say they were there).
pub(crate) enum J {
    Null,
    Bool,
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

struct Json<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
}

impl Json<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b" \t\r\n".contains(b)) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        let ok = self.s.get(self.i) == Some(&b);
        self.i += ok as usize;
        ok
    }

    fn lit(&mut self, w: &str) -> Option<()> {
        self.s[self.i..].starts_with(w.as_bytes()).then(|| self.i += w.len())
    }

    fn value(&mut self) -> Option<J> {
        self.ws();
        self.depth += 1;
        if self.depth > 64 {
            return None;
        }
        let v = match *self.s.get(self.i)? {
            b'{' => {
                self.i += 1;
                let mut m = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.ws();
                        let k = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        m.push((k, self.value()?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                J::Obj(m)
            }
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                if !self.eat(b']') {
                    loop {
                        a.push(self.value()?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                J::Arr(a)
            }
            b'"' => J::Str(self.string()?),
            b't' => self.lit("true").map(|_| J::Bool)?,
            b'f' => self.lit("false").map(|_| J::Bool)?,
            b'n' => self.lit("null").map(|_| J::Null)?,
            _ => {
                let start = self.i;
                while self.s.get(self.i).is_some_and(|b| b"-+.eE0123456789".contains(b)) {
                    self.i += 1;
                }
                if start == self.i {
                    return None;
                }
                J::Num(std::str::from_utf8(&self.s[start..self.i]).ok()?.to_string())
            }
        };
        self.depth -= 1;
        Some(v)
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
        self.i += 4;
        u32::from_str_radix(h, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let b = *self.s.get(self.i)?;
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => {
                            let hi = self.hex4()?;
                            let cp = if (0xd800..0xdc00).contains(&hi) {
                                if self.s.get(self.i..self.i + 2)? != b"\\u" {
                                    return None;
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            char::from_u32(cp)?
                        }
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                b => out.push(b),
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_bad_link_says_why() {
        let w = Workspace { lang: Lang::En, seed: 3, files: vec![("a.txt".into(), "hola".into())], history: vec![] };
        let good = w.to_fragment();
        assert_eq!(Workspace::check_fragment(&good).map(|w| w.files), Ok(w.files.clone()));
        assert_eq!(Workspace::check_fragment(&good[..good.len() - 3]).err(), Some(LinkError::Damaged));
        assert_eq!(Workspace::check_fragment("#w=!!!!").err(), Some(LinkError::Damaged));
        let not_a_workspace = format!("{PREFIX}{}", base64url(&compress(b"hola")));
        assert_eq!(Workspace::check_fragment(&not_a_workspace).err(), Some(LinkError::Content));
        let evil = Workspace { files: vec![("../x".into(), "y".into())], ..w.clone() };
        assert_eq!(Workspace::check_fragment(&evil.to_fragment()).err(), Some(LinkError::Content));
        let mut huge = MAGIC.to_vec();
        huge.extend([0xff, 0xff, 0xff, 0x7f]);
        assert_eq!(
            Workspace::check_fragment(&format!("{PREFIX}{}", base64url(&huge))).err(),
            Some(LinkError::TooLarge)
        );
    }
    use super::*;

    fn sample() -> Workspace {
        Workspace {
            lang: Lang::En,
            seed: 42,
            files: vec![
                (
                    "compose.yaml".into(),
                    "services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n".into(),
                ),
                ("web/index.html".into(), "<h1>¡Hola! 😀 \"comillas\" \\ \t</h1>\u{1}".into()),
                ("vacío".into(), String::new()),
            ],
            history: vec!["docker compose up -d".into(), "curl localhost:8080".into(), "".into()],
        }
    }

    /// A small deterministic generator for the fuzz-style tests.
    fn rng(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn workspace_round_trips_through_a_fragment_and_json() {
        let w = sample();
        let f = w.to_fragment();
        assert!(f.starts_with(PREFIX));
        assert!(f[PREFIX.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(Workspace::from_fragment(&f), Some(w.clone()));
        assert_eq!(Workspace::from_json(&w.to_json()), Some(w.clone()));
        let empty = Workspace { lang: Lang::Es, seed: 1, files: vec![], history: vec![] };
        assert_eq!(Workspace::from_fragment(&empty.to_fragment()), Some(empty.clone()));
        assert_eq!(Workspace::from_json(&empty.to_json()), Some(empty));
    }

    #[test]
    fn compression_round_trips_and_shrinks_repetitive_text() {
        let mut seed = 7u64;
        for len in [0, 1, 3, 4, 5, 100, 5000, 70_000, 200_000] {
            let random: Vec<u8> = (0..len).map(|_| (rng(&mut seed) % 5) as u8 + b'a').collect();
            assert_eq!(decompress(&compress(&random)).as_deref(), Some(&random[..]), "len {len}");
        }
        let text = "  svc:\n    image: nginx\n    restart: always\n".repeat(200);
        let c = compress(text.as_bytes());
        assert!(c.len() * 10 < text.len(), "{} → {}", text.len(), c.len());
        assert_eq!(decompress(&c).unwrap(), text.as_bytes());
    }

    #[test]
    fn base64url_round_trips() {
        for len in 0..20 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 200) as u8).collect();
            assert_eq!(unbase64url(&base64url(&data)), Some(data));
        }
        assert_eq!(base64url(b"Man"), "TWFu");
        assert_eq!(unbase64url("TQ=="), Some(b"M".to_vec()));
        assert_eq!(unbase64url("T"), None);
        assert_eq!(unbase64url("TW+u"), None);
    }

    #[test]
    fn garbage_never_panics() {
        let good = sample().to_fragment();
        let json = sample().to_json();
        let mut seed = 99u64;
        for _ in 0..3000 {
            // Random bytes, truncations and single-byte corruptions of valid input.
            let len = (rng(&mut seed) % 64) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| rng(&mut seed) as u8).collect();
            let _ = decompress(&bytes);
            let mut framed = MAGIC.to_vec();
            framed.extend_from_slice(&bytes);
            let _ = decompress(&framed);
            let _ = Workspace::from_json(&String::from_utf8_lossy(&bytes));
            let cut = (rng(&mut seed) as usize) % good.len();
            let _ = Workspace::from_fragment(&good[..cut]);
            let mut bad = good.clone().into_bytes();
            let at = PREFIX.len() + (rng(&mut seed) as usize) % (bad.len() - PREFIX.len());
            bad[at] = B64[(rng(&mut seed) % 64) as usize];
            let _ = Workspace::from_fragment(std::str::from_utf8(&bad).unwrap());
            let cut = (rng(&mut seed) as usize) % json.len();
            if json.is_char_boundary(cut) {
                let _ = Workspace::from_json(&json[..cut]);
            }
        }
        for bad in ["", "#w=", "#w=!!!!", "#x=abc", "#w=TVcx_____w"] {
            assert_eq!(Workspace::from_fragment(bad), None, "{bad:?}");
        }
        for bad in ["", "{", "[]", "{\"muelle\": 2}", "\"\\ud800\"", &"[".repeat(10_000)] {
            assert_eq!(Workspace::from_json(bad), None, "{bad:?}");
        }
        // A huge declared length is refused before anything is allocated.
        assert_eq!(decompress(b"MW1\xff\xff\xff\xff\x0f"), None);
    }
}

#[cfg(test)]
mod sizes {
    use super::*;

    /// Prints what a link costs (`cargo test -p app sizes -- --nocapture`).
    #[test]
    fn link_sizes() {
        let sample = Workspace {
            lang: Lang::Es,
            seed: 1,
            files: crate::examples::first_visit(Lang::Es),
            history: vec!["docker compose up -d".into(), "docker ps".into(), "curl localhost:8080".into()],
        };
        let big_compose: String = std::iter::once("services:\n".to_string())
            .chain((0..200).map(|i| {
                format!("  svc{i}:\n    image: nginx:1.27\n    environment:\n      - N={i}\n    ports:\n      - \"{}:80\"\n", 10000 + i)
            }))
            .collect();
        let big = Workspace { files: vec![("compose.yaml".into(), big_compose)], ..sample.clone() };
        for (name, w) in [("sample", &sample), ("200 services", &big)] {
            let raw = w.flat().len();
            let packed = compress(w.flat().as_bytes()).len();
            let link = w.to_fragment().len();
            println!("{name}: {raw} B serialized → {packed} B compressed → {link} chars in the fragment");
            assert!(packed < raw);
        }
    }
}

#[cfg(test)]
mod export {
    use super::*;

    #[test]
    fn the_docker_folder_holds_the_project_files_under_one_folder() {
        let files = vec![
            ("docker-compose.yaml".to_string(), "services:\n  web:\n    build: ./web\n".to_string()),
            ("web/Dockerfile".into(), "FROM nginx\n".into()),
            ("../fuera".into(), "no".into()),
        ];
        let zip = docker_folder_zip(&files);
        let text = String::from_utf8_lossy(&zip);
        assert!(text.contains("muelle-proyecto/docker-compose.yaml"));
        assert!(text.contains("muelle-proyecto/web/Dockerfile"));
        assert!(!text.contains("fuera"), "a path leaving the folder is not exported");
        assert_eq!(
            zip,
            zip::stored(&[
                ("muelle-proyecto/docker-compose.yaml".into(), files[0].1.clone().into_bytes()),
                ("muelle-proyecto/web/Dockerfile".into(), files[1].1.clone().into_bytes()),
            ])
        );
    }

    #[test]
    fn json_helpers_round_trip() {
        let q = json_quote("a\"b\nñ");
        assert!(matches!(parse_json(&q), Some(J::Str(s)) if s == "a\"b\nñ"));
        assert!(parse_json("{} x").is_none());
    }
}
