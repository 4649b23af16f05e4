//! A whole workspace (project files, command history, seed, language, and the Docker host as
//! the journal of inputs that rebuilds it) as a link or a JSON file.
//!
//! Both carry the same document ([`Workspace::write_doc`], [`Workspace::read_doc`]; JSON by the
//! page's own reader and writer, `crate::json`): the export file is that document as pretty JSON; the link keeps it in the URL fragment (`#w=…`), which browsers
//! never send to a server, as base64url of a version byte ([`VERSION`]) and the compact JSON
//! compressed with raw deflate ([`deflate`], written for the page; links made with `miniz_oxide`
//! at level 9 before it open the same). Deflate, not a binary serialization:
//! the document is mostly file text, which deflate shrinks far more than any field encoding
//! saves, and it keeps one format for links, files and saved sessions.
//!
//! Links made before (payload `MW1…`: the hand-written list of `persist::legacy_list` through a
//! small LZ77) still open: [`lz77`] decodes them. Every decoder here returns `None` (or a
//! [`LinkError`]) on bad input and never panics; sizes are bounded ([`MAX_RAW`]) so a hostile
//! link cannot exhaust memory.

use crate::boot::LinkError;
use crate::i18n::Lang;
use crate::json::{self, Json, Writer};
use crate::persist;

pub mod deflate;
pub mod lz77;
pub mod zip;

/// The fragment's prefix.
pub const PREFIX: &str = "#w=";
/// The most bytes a decoded workspace may take.
pub const MAX_RAW: usize = 8 * 1024 * 1024;
/// The first byte of a link's payload: deflated JSON. (Old payloads start with `M`, see [`lz77`].)
pub const VERSION: u8 = 2;
/// The export file's `"muelle"` field.
const DOC_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq)]
pub struct Workspace {
    pub lang: Lang,
    pub seed: u64,
    pub files: Vec<(String, String)>,
    pub history: Vec<String>,
    /// The simulated host as the sender left it: the session's journal (replayed with `seed`
    /// on opening, as a reload replays the saved one) and the simulated time it reached. `None`
    /// for files alone (an embed code, a lesson, a link made before hosts travelled).
    pub host: Option<Host>,
}

/// A session's journal (`sim_core::journal::Journal::encode`) and the moment it reached, with
/// the branches time travel left behind (`None`: only the live one).
#[derive(Clone, Debug, PartialEq)]
pub struct Host {
    pub journal: String,
    pub until: u64,
    pub branches: Option<sim_core::Branches>,
}

impl Workspace {
    /// The workspace as it crosses the page's edges: `{"muelle": 1, "lang", "seed", "files":
    /// [{"path", "content"}], "history"}` (the export file's shape since its first version), then
    /// the host's `"journal"`, `"until"` (left out when 0) and `"branches"` when it travelled (left
    /// out otherwise, so a files-only document reads as before).
    fn write_doc(&self, pretty: bool) -> String {
        let mut w = Writer::new(pretty);
        w.open('{').key("muelle").num(DOC_VERSION.into()).key("lang").str(self.lang.code());
        w.key("seed").num(self.seed);
        persist::write_files(w.key("files"), &self.files);
        w.key("history").strs(&self.history);
        if let Some(host) = &self.host {
            w.key("journal").str(&host.journal);
            if host.until != 0 {
                w.key("until").num(host.until);
            }
            if let Some(branches) = &host.branches {
                persist::write_branches(w.key("branches"), branches);
            }
        }
        w.close('}');
        w.finish()
    }

    /// What [`Workspace::write_doc`] wrote, or a file written by hand: a missing `history` is
    /// empty, unknown fields are ignored, a `muelle` other than 1 or an unknown language is not a
    /// workspace.
    fn read_doc(text: &str) -> Option<Workspace> {
        let mut doc = json::parse(text)?;
        (doc.take("muelle")?.as_u64()? == u64::from(DOC_VERSION)).then_some(())?;
        let lang = Lang::parse(doc.take("lang")?.as_str()?)?;
        let seed = doc.take("seed")?.as_u64()?;
        let files = persist::read_files(doc.take("files")?)?;
        let history = persist::optional(doc.take("history"), persist::read_strings)?.unwrap_or_default();
        let journal = persist::optional(doc.take("journal"), Json::into_string)?;
        let until = persist::optional(doc.take("until"), |v| v.as_u64())?.unwrap_or(0);
        let branches = persist::optional(doc.take("branches"), persist::read_branches)?;
        let host = journal.map(|journal| Host { journal, until, branches });
        Some(Workspace { lang, seed, files, history, host })
    }

    /// The journal to replay on opening, if the host travelled and can be replayed: it reads
    /// back as a journal, and replaying it stays within what a reload would replay
    /// (`boot::replay_decision`). Otherwise the files alone open.
    ///
    /// The document's files are written last, at the moment the journal reached: they are what
    /// the sender saw (and what someone editing an export meant), so the host holds them even
    /// where the journal alone would leave other contents.
    pub fn replay(&self) -> Option<sim_core::remote::Replay> {
        use sim_core::journal::{Input, Journal};
        let host = self.host.as_ref()?;
        let mut journal = Journal::decode(&host.journal)?;
        if journal.overflowed() {
            return None;
        }
        let at = journal.entries().last().map_or(host.until, |e| e.at.max(host.until));
        for (path, data) in &self.files {
            journal.record(sim_core::SimTime(at), Input::WriteFile { path: path.clone(), data: data.clone() });
        }
        if journal.overflowed() {
            return None;
        }
        match crate::boot::replay_decision(false, false, journal.len(), at) {
            crate::boot::Replay::Replay => Some(sim_core::remote::Replay { journal: journal.encode(), until: at }),
            crate::boot::Replay::SetAside(_) => None,
        }
    }

    /// The payload of an old link: the hand-written list `lang, seed, n, n × (path, content),
    /// history…`.
    fn from_legacy_list(s: &str) -> Option<Workspace> {
        let items = persist::legacy_list(s)?;
        let lang = Lang::parse(items.first()?)?;
        let seed = items.get(1)?.parse().ok()?;
        let n: usize = items.get(2)?.parse().ok()?;
        let files_end = n.checked_mul(2)?.checked_add(3)?;
        let files = items.get(3..files_end)?.chunks(2).map(|c| (c[0].clone(), c[1].clone())).collect();
        let history = items[files_end..].to_vec();
        Some(Workspace { lang, seed, files, history, host: None })
    }

    /// The fragment for a link: `#w=` and the packed workspace in base64url.
    pub fn to_fragment(&self) -> String {
        format!("{PREFIX}{}", base64url(&pack(self.write_doc(false).as_bytes())))
    }

    /// Reads a fragment written by [`Workspace::to_fragment`] (or by the page before deflate).
    pub fn from_fragment(fragment: &str) -> Option<Workspace> {
        Workspace::decode_fragment(fragment).ok()
    }

    /// Reads a fragment like [`Workspace::from_fragment`], saying why it cannot be opened (a
    /// path that could leave the project is [`LinkError::Content`] here).
    pub fn check_fragment(fragment: &str) -> Result<Workspace, LinkError> {
        let w = Workspace::decode_fragment(fragment)?;
        if w.files.iter().any(|(p, _)| !persist::safe_path(p)) {
            return Err(LinkError::Content);
        }
        Ok(w)
    }

    fn decode_fragment(fragment: &str) -> Result<Workspace, LinkError> {
        let body = fragment.strip_prefix(PREFIX).ok_or(LinkError::Damaged)?;
        if body.len() / 4 * 3 > MAX_RAW {
            return Err(LinkError::TooLarge);
        }
        let data = unbase64url(body).ok_or(LinkError::Damaged)?;
        let w = if data.starts_with(lz77::MAGIC) {
            if lz77::declared_len(&data).is_some_and(|n| n > MAX_RAW) {
                return Err(LinkError::TooLarge);
            }
            let raw = lz77::decompress(&data).ok_or(LinkError::Damaged)?;
            String::from_utf8(raw).ok().as_deref().and_then(Workspace::from_legacy_list)
        } else {
            let raw = unpack(&data)?;
            std::str::from_utf8(&raw).ok().and_then(Workspace::read_doc)
        };
        w.ok_or(LinkError::Content)
    }

    /// The workspace as a JSON document (for the export file).
    pub fn to_json(&self) -> String {
        let mut text = self.write_doc(true);
        text.push('\n');
        text
    }

    /// Reads an export file.
    pub fn from_json(text: &str) -> Option<Workspace> {
        Workspace::read_doc(text)
    }
}

/// A link's payload: [`VERSION`], then `raw` as raw deflate.
pub fn pack(raw: &[u8]) -> Vec<u8> {
    let mut out = vec![VERSION];
    out.extend_from_slice(&deflate::compress(raw));
    out
}

/// Undoes [`pack`]; more than [`MAX_RAW`] bytes is [`LinkError::TooLarge`], anything else
/// unreadable [`LinkError::Damaged`].
pub fn unpack(data: &[u8]) -> Result<Vec<u8>, LinkError> {
    let (&VERSION, deflated) = data.split_first().ok_or(LinkError::Damaged)? else {
        return Err(LinkError::Damaged);
    };
    deflate::inflate(deflated, MAX_RAW).map_err(|e| match e {
        deflate::Error::TooLarge => LinkError::TooLarge,
        deflate::Error::Damaged => LinkError::Damaged,
    })
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

/// `s` as a JSON string literal (quotes included), for tests that write JSON by hand.
#[cfg(test)]
pub(crate) fn json_quote(s: &str) -> String {
    let mut out = String::new();
    json::quote(&mut out, s);
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_bad_link_says_why() {
        let w = Workspace {
            lang: Lang::En,
            seed: 3,
            files: vec![("a.txt".into(), "hola".into())],
            history: vec![],
            host: None,
        };
        let good = w.to_fragment();
        assert_eq!(Workspace::check_fragment(&good).map(|w| w.files), Ok(w.files.clone()));
        assert_eq!(Workspace::check_fragment(&good[..good.len() - 3]).err(), Some(LinkError::Damaged));
        assert_eq!(Workspace::check_fragment("#w=!!!!").err(), Some(LinkError::Damaged));
        let not_a_workspace = format!("{PREFIX}{}", base64url(&pack(b"hola")));
        assert_eq!(Workspace::check_fragment(&not_a_workspace).err(), Some(LinkError::Content));
        let wrong_version = format!("{PREFIX}{}", base64url(&[&[3], &pack(b"{}")[1..]].concat()));
        assert_eq!(Workspace::check_fragment(&wrong_version).err(), Some(LinkError::Damaged));
        let bomb = format!("{PREFIX}{}", base64url(&pack(&vec![b' '; MAX_RAW + 1])));
        assert_eq!(Workspace::check_fragment(&bomb).err(), Some(LinkError::TooLarge));
        let at_limit = format!("{PREFIX}{}", base64url(&pack(&vec![b' '; MAX_RAW])));
        assert_eq!(Workspace::check_fragment(&at_limit).err(), Some(LinkError::Content));
        let evil = Workspace { files: vec![("../x".into(), "y".into())], ..w.clone() };
        assert_eq!(Workspace::check_fragment(&evil.to_fragment()).err(), Some(LinkError::Content));
        let mut huge = lz77::MAGIC.to_vec();
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
            host: None,
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
        let empty = Workspace { lang: Lang::Es, seed: 1, files: vec![], history: vec![], host: None };
        assert_eq!(Workspace::from_fragment(&empty.to_fragment()), Some(empty.clone()));
        assert_eq!(Workspace::from_json(&empty.to_json()), Some(empty));
    }

    #[test]
    fn the_host_travels_with_the_link_and_the_export() {
        // A journal as a session writes it: the sender's commands, timed.
        let mut j = sim_core::journal::Journal::default();
        j.record(
            sim_core::SimTime(0),
            sim_core::journal::Input::Submit { term: 0, line: "docker run -d --name web nginx".into() },
        );
        j.record(sim_core::SimTime(1500), sim_core::journal::Input::Submit { term: 0, line: "docker ps".into() });
        let w = Workspace { host: Some(Host { journal: j.encode(), until: 2_000, branches: None }), ..sample() };
        let back = Workspace::from_fragment(&w.to_fragment()).expect("the link opens");
        assert_eq!(back, w);
        assert_eq!(Workspace::from_json(&w.to_json()), Some(w.clone()));
        let replay = back.replay().expect("a short journal is replayed");
        assert_eq!(replay.until, 2_000);
        // The journal, then the document's files written at the moment it reached.
        let replayed = sim_core::journal::Journal::decode(&replay.journal).unwrap();
        assert_eq!(replayed.entries()[..2], j.entries()[..]);
        let writes: Vec<_> = replayed.entries()[2..].iter().map(|e| (e.at, e.input.clone())).collect();
        let want: Vec<_> = w
            .files
            .iter()
            .map(|(p, c)| (2_000, sim_core::journal::Input::WriteFile { path: p.clone(), data: c.clone() }))
            .collect();
        assert_eq!(writes, want);
        // The branches time travel left behind travel with it.
        let branches = sim_core::Branches {
            current: "2".into(),
            others: vec![sim_core::timeline::Branch { name: "1".into(), journal: j.encode(), until: 1_000 }],
        };
        let with = Workspace {
            host: Some(Host { journal: j.encode(), until: 2_000, branches: Some(branches.clone()) }),
            ..sample()
        };
        assert_eq!(Workspace::from_fragment(&with.to_fragment()), Some(with.clone()));
        assert_eq!(Workspace::from_json(&with.to_json()).and_then(|w| w.host).and_then(|h| h.branches), Some(branches));
        // Files alone: no journal field written, nothing replayed.
        assert!(!sample().to_json().contains("journal"));
        assert_eq!(sample().replay(), None);
        // A journal that does not read back, or is too long to replay on opening, opens the files.
        let bad =
            Workspace { host: Some(Host { journal: "not a journal".into(), until: 0, branches: None }), ..sample() };
        assert_eq!(bad.replay(), None);
        let long = Workspace {
            host: Some(Host { journal: j.encode(), until: crate::boot::MAX_REPLAY_SPAN_MS + 1, branches: None }),
            ..sample()
        };
        assert_eq!(long.replay(), None);
    }

    #[test]
    fn compression_round_trips_and_shrinks_repetitive_text() {
        let mut seed = 7u64;
        for len in [0, 1, 3, 4, 5, 100, 5000, 70_000, 200_000] {
            let random: Vec<u8> = (0..len).map(|_| (rng(&mut seed) % 5) as u8 + b'a').collect();
            assert_eq!(unpack(&pack(&random)).as_deref(), Ok(&random[..]), "len {len}");
        }
        let text = "  svc:\n    image: nginx\n    restart: always\n".repeat(200);
        let c = pack(text.as_bytes());
        assert_eq!(c[0], VERSION);
        assert!(c.len() * 10 < text.len(), "{} → {}", text.len(), c.len());
        assert_eq!(unpack(&c).unwrap(), text.as_bytes());
    }

    /// A link made by the page before links were deflated (produced by that code and kept as a
    /// test vector): every link a student ever shared still opens.
    #[test]
    fn a_link_made_before_deflate_still_opens() {
        const OLD: &str = "#w=TVcx1AEAbXVlbGxlMQoAMjplczI6NDIAMToyMTI6Y28AbXBvc2UueWEAbWw4NjpzZXIAdmljZXM6CiAQIHdlYgcAACAgaQBtYWdlOiBuZwhpbngRAAFwb3J0AyMAAQEAAC0gIjgwOAAwOjgwIgogIAJkNAAQMTY6d2ViAC_DrW5kaWNlAC5odG1sMjI6ADxoMT7CoUhvAGxhISDwn5iAADwvaDE-CjIwADpkb2NrZXIgAZsAAyB1cCAtZDEAOTpjdXJsIGwAb2NhbGhvc3QCOnUAAA";
        let want = Workspace {
            lang: Lang::Es,
            seed: 42,
            files: vec![
                (
                    "compose.yaml".into(),
                    "services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n  db:\n    image: nginx\n"
                        .into(),
                ),
                ("web/índice.html".into(), "<h1>¡Hola! 😀</h1>\n".into()),
            ],
            history: vec!["docker compose up -d".into(), "curl localhost:8080".into()],
            host: None,
        };
        assert!(unbase64url(&OLD[PREFIX.len()..]).unwrap().starts_with(lz77::MAGIC));
        assert_eq!(Workspace::check_fragment(OLD), Ok(want.clone()));
        assert_eq!(Workspace::from_fragment(OLD), Some(want.clone()));
        // Written again, it is a new link (version byte 2) with the same workspace.
        let new = want.to_fragment();
        assert_eq!(unbase64url(&new[PREFIX.len()..]).unwrap()[0], VERSION);
        assert_eq!(Workspace::from_fragment(&new), Some(want));
        // An old link cut short or with a changed byte is refused, not misread.
        assert_eq!(Workspace::check_fragment(&OLD[..OLD.len() - 4]).err(), Some(LinkError::Damaged));
    }

    /// The export file keeps the shape it always had (what `e2e` and students' files hold).
    #[test]
    fn the_export_file_has_its_documented_shape() {
        let w = Workspace {
            lang: Lang::Es,
            seed: 1,
            files: vec![("a.txt".into(), "hola\n".into())],
            history: vec![],
            host: None,
        };
        assert_eq!(
            w.to_json(),
            "{\n  \"muelle\": 1,\n  \"lang\": \"es\",\n  \"seed\": 1,\n  \"files\": [\n    {\n      \"path\": \"a.txt\",\n      \"content\": \"hola\\n\"\n    }\n  ],\n  \"history\": []\n}\n"
        );
        // A file written by hand: no history, extra fields, other spacing.
        let by_hand = r#"{"muelle":1,"seed":5,"lang":"en","files":[{"path":"x","content":"y","mode":1}],"note":"hi"}"#;
        assert_eq!(
            Workspace::from_json(by_hand),
            Some(Workspace {
                lang: Lang::En,
                seed: 5,
                files: vec![("x".into(), "y".into())],
                history: vec![],
                host: None
            })
        );
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
            let _ = lz77::decompress(&bytes);
            let _ = unpack(&bytes);
            let mut framed = lz77::MAGIC.to_vec();
            framed.extend_from_slice(&bytes);
            let _ = lz77::decompress(&framed);
            framed[0] = VERSION;
            let _ = unpack(&framed);
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
            host: None,
        };
        let big_compose: String = std::iter::once("services:\n".to_string())
            .chain((0..200).map(|i| {
                format!("  svc{i}:\n    image: nginx:1.27\n    environment:\n      - N={i}\n    ports:\n      - \"{}:80\"\n", 10000 + i)
            }))
            .collect();
        let big = Workspace { files: vec![("compose.yaml".into(), big_compose)], ..sample.clone() };
        // The fragment's length with the hand-written LZ77 of before, for the same workspaces:
        // deflate must keep links at least as short.
        for (name, w, before) in [("sample", &sample, 1042), ("200 services", &big, 3597)] {
            let json = w.write_doc(false);
            let raw = json.len();
            let packed = pack(json.as_bytes()).len();
            let link = w.to_fragment().len();
            println!(
                "{name}: {raw} B serialized → {packed} B compressed → {link} chars in the fragment (LZ77: {before})"
            );
            assert!(packed < raw);
            assert!(link < before, "{name}: {link} ≥ {before}");
        }
    }
}

/// The time-travel bench's session as a link (`e2e/bench/jump.mjs`): the 30-minute session the
/// native figures use (`sim_core::timeline::thirty_minute_session`), written as a share link's
/// fragment to `$MUELLE_JUMP_LINK`.
#[cfg(test)]
mod jump_session {
    use super::*;
    use sim_core::SessionConfig;

    #[test]
    #[ignore]
    fn a_thirty_minute_session_as_a_link() {
        let seed = 7;
        let s = sim_core::timeline::thirty_minute_session(SessionConfig { seed, lang: Lang::Es });
        let host = Host { journal: s.journal().encode(), until: s.now().ms(), branches: None };
        let w = Workspace { lang: Lang::Es, seed, files: vec![], history: vec![], host: Some(host) };
        assert!(w.replay().is_some(), "the page replays it on opening");
        let fragment = w.to_fragment();
        println!("{} inputs, {} s simulated, {} chars", s.journal().len(), s.now().ms() / 1000, fragment.len());
        if let Ok(path) = std::env::var("MUELLE_JUMP_LINK") {
            std::fs::write(path, fragment).expect("the link's file");
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
        assert_eq!(q, r#""a\"b\nñ""#);
        assert_eq!(serde_json::from_str::<String>(&q).ok().as_deref(), Some("a\"b\nñ"));
    }
}

/// The texts the page wrote with serde_json before `crate::json` (produced by that code and kept
/// as test vectors, `share/written-by-serde.json`): the writer writes them byte for byte, the
/// readers read them.
#[cfg(test)]
mod written_by_serde {
    use super::*;
    use crate::embed::messages;
    use crate::persist::{self, Layout, Prefs, Theme};

    #[test]
    fn the_same_texts_are_written_and_read() {
        let want: serde_json::Value = serde_json::from_str(include_str!("share/written-by-serde.json")).unwrap();
        let want = |k: &str| want[k].as_str().unwrap().to_string();
        let all: String = (0u8..=0x7f).map(char::from).chain("ñ😀\u{2028}\u{feff}".chars()).collect();
        let branches = sim_core::Branches {
            current: "3".into(),
            others: vec![
                sim_core::Branch { name: "1".into(), journal: "0 s 0 echo%shola\n".into(), until: 1200 },
                sim_core::Branch { name: "2".into(), journal: String::new(), until: 0 },
            ],
        };
        let w = Workspace {
            lang: Lang::En,
            seed: u64::MAX,
            files: vec![("a/ñ.txt".into(), all.clone()), ("vacío".into(), String::new())],
            history: vec![all.clone(), String::new()],
            host: Some(Host { journal: "0 s 0 ls\n".into(), until: 5000, branches: Some(branches.clone()) }),
        };
        let w0 = Workspace { host: Some(Host { journal: String::new(), until: 0, branches: None }), ..w.clone() };
        let p = Prefs {
            lang: Lang::En,
            theme: Theme::Light,
            speed: 0.25,
            layout: Layout { left: 30, ..Layout::default() },
        };
        let j = sim_core::journal::Journal::decode("0 s 0 echo%shola\n").unwrap();
        let tabs = vec![(0, None, None), (3, Some(2), Some(all.clone()))];
        assert_eq!(w.write_doc(false), want("doc"));
        assert_eq!(w0.write_doc(false), want("doc0"));
        assert_eq!(w.to_json(), want("pretty"));
        // The link's document is the same text; its deflate is this page's, not miniz_oxide's.
        let doc = |f: &str| unpack(&unbase64url(&f[PREFIX.len()..]).unwrap()).unwrap();
        assert_eq!(doc(&w.to_fragment()), doc(&want("frag")));
        assert_eq!(persist::encode_journal(7, &j, &branches), want("journal"));
        assert_eq!(persist::encode_tabs(&tabs), want("tabs"));
        assert_eq!(p.encode(), want("prefs"));
        assert_eq!(persist::encode(&[all.clone(), "".into()]), want("list"));
        let values = [(all.clone(), "v".to_string()), ("k".to_string(), all.clone())];
        assert_eq!(messages::ready(Some(&all), &values), want("ready"));
        assert_eq!(messages::command("x", -3, 2, Some("c")), want("command"));
        // And what was written reads back.
        assert_eq!(Workspace::read_doc(&want("doc")), Some(w.clone()));
        assert_eq!(Workspace::read_doc(&want("doc0")), Some(w0));
        assert_eq!(Workspace::from_json(&want("pretty")), Some(w.clone()));
        assert_eq!(Workspace::from_fragment(&want("frag")), Some(w));
        assert_eq!(persist::decode_branches(&want("journal")), branches);
        assert_eq!(
            persist::decode_journal(&want("journal")).map(|(s, j)| (s, j.entries().to_vec())),
            Some((7, j.entries().to_vec()))
        );
        assert_eq!(persist::decode_tabs(&want("tabs")), Some(tabs));
        assert_eq!(Prefs::decode(&want("prefs")), p);
        assert_eq!(persist::decode(&want("list")), Some(vec![all, String::new()]));
    }
}
