//! Bounded property tests (proptest) of every door untrusted text comes through: share links
//! (`#w=…`), imported workspace files (JSON), an embedding page's messages and file names.
//!
//! Issue 17 asks that none of them panic on any input and that each answers within a budget of
//! work. The budget is checked by what a decoder produces, never by wall time: a decompressor's
//! output is bounded by [`MAX_RAW`] and by a fixed ratio to its input (deflate yields at most
//! 1032 bytes per input byte; the old links' LZ77 at most 259 per 3-byte match), and the JSON reader's nesting by a thread with a 1 MiB stack, as wasm has.
//! Seeds and case counts are fixed so CI sees the same cases every run. Native only.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use crate::embed::messages::{parse_incoming, Incoming, Rejection, WorkspaceSource, MAX_COMMAND, MAX_MESSAGE};
use crate::i18n::Lang;
use crate::names;
use crate::share::lz77::decompress;
use crate::share::{base64url, json_quote, unbase64url, unpack, zip, Workspace, MAX_RAW, PREFIX};

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, rng_seed: RngSeed::Fixed(17), ..Config::default() }
}

/// The most bytes [`decompress`] may produce from `input` bytes: a flag byte and three bytes
/// give 259 at most.
fn output_budget(input: usize) -> usize {
    (input / 3 + 1) * 259
}

// ---- generators --------------------------------------------------------------------------------

/// Characters that trip name checks, JSON and UTF-8 handling.
const TRICKY: &str = "[a-zA-Z0-9 ./\\\\:*?\"<>|\\-_~ñé€😀\u{0}\u{1}\n\t\r\u{7f}\u{85}\u{2028}\u{feff}]";

fn tricky_string(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("{TRICKY}{{0,{max}}}")).unwrap()
}

/// One part of a path a student could type: letters, digits, unicode, inner dots and spaces.
fn part() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9_ñé😀-][a-zA-Z0-9_. ñé😀-]{0,10}[a-zA-Z0-9_ñé😀-]|[a-z]").unwrap()
}

/// A path [`names::check_path`] accepts.
fn valid_name() -> impl Strategy<Value = String> {
    prop::collection::vec(part(), 1..4)
        .prop_map(|p| p.join("/"))
        .prop_filter("a valid name", |p| names::check_path(p).is_ok())
}

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Es), Just(Lang::En)]
}

fn workspace() -> impl Strategy<Value = Workspace> {
    (
        lang(),
        any::<u64>(),
        prop::collection::vec((valid_name(), any::<String>()), 0..5),
        prop::collection::vec(any::<String>(), 0..5),
        prop::option::of((any::<String>(), any::<u64>())),
    )
        .prop_map(|(lang, seed, files, history, host)| Workspace {
            lang,
            seed,
            files,
            history,
            host: host.map(|(journal, until)| crate::share::Host { journal, until, branches: None }),
        })
}

/// A change to a byte string: flip a bit, insert a byte, delete a byte (positions wrap).
#[derive(Clone, Debug)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn edits(alphabet: &'static [u8]) -> impl Strategy<Value = Vec<Edit>> {
    let byte = prop::sample::select(alphabet);
    let edit = prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Edit::Flip(at, 1 << bit)),
        (any::<usize>(), byte).prop_map(|(at, b)| Edit::Insert(at, b)),
        any::<usize>().prop_map(Edit::Delete),
    ];
    prop::collection::vec(edit, 1..6)
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        match *e {
            Edit::Flip(at, mask) if !bytes.is_empty() => {
                let n = bytes.len();
                bytes[at % n] ^= mask;
            }
            Edit::Insert(at, b) => bytes.insert(at % (bytes.len() + 1), b),
            Edit::Delete(at) if !bytes.is_empty() => {
                let n = bytes.len();
                bytes.remove(at % n);
            }
            _ => {}
        }
    }
    bytes
}

const ANY_BYTE: &[u8] = &[0, 1, 3, 0x7f, 0x80, 0xff, b'A', b'_', b'-', b'=', b'/', b'+', b'M', b'W', b'1'];
const JSON_BYTES: &[u8] = b"[]{}\",:\\ 0123456789-+.eEtrufalsn/u\xc3\xb1\xff\x00\n";

/// Every decoder of a share link, checking the work it did.
fn open_fragment(fragment: &str) {
    let quick = Workspace::from_fragment(fragment);
    let checked = Workspace::check_fragment(fragment);
    if let Ok(w) = &checked {
        assert_eq!(quick.as_ref(), Some(w), "check_fragment accepts only what from_fragment reads");
    }
    if let Some(body) = fragment.strip_prefix(PREFIX) {
        if let Some(data) = unbase64url(body) {
            check_decompress(&data);
        }
    }
}

/// Both decoders of a link's payload (deflate now, [`decompress`] for old links) either refuse
/// `data` or produce no more than their budget.
fn check_decompress(data: &[u8]) {
    if let Ok(out) = unpack(data) {
        assert!(out.len() <= MAX_RAW, "{} bytes over the limit", out.len());
        // Deflate's densest code: a 258-byte match in 2 bits (1032 bytes per input byte).
        assert!(out.len() <= data.len() * 1032 + 258, "{} bytes from {} bytes", out.len(), data.len());
    }
    if let Some(out) = decompress(data) {
        assert!(out.len() <= MAX_RAW, "{} bytes over the limit", out.len());
        assert!(out.len() <= output_budget(data.len()), "{} bytes from {} bytes", out.len(), data.len());
    }
}

// ---- share links --------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_workspace_round_trips_through_a_link_and_a_file(w in workspace()) {
        let f = w.to_fragment();
        prop_assert_eq!(Workspace::from_fragment(&f), Some(w.clone()));
        prop_assert_eq!(Workspace::check_fragment(&f), Ok(w.clone()));
        prop_assert_eq!(Workspace::from_json(&w.to_json()), Some(w));
    }

    #[test]
    fn arbitrary_fragments_never_panic(s in tricky_string(64), body in "[A-Za-z0-9_=-]{0,80}") {
        open_fragment(&s);
        open_fragment(&format!("{PREFIX}{s}"));
        open_fragment(&format!("{PREFIX}{body}"));
    }

    #[test]
    fn mutated_links_never_panic(w in workspace(), e in edits(ANY_BYTE), framed in any::<bool>()) {
        // Mutations of the base64 text.
        let f = w.to_fragment();
        let body = apply(f.as_bytes()[PREFIX.len()..].to_vec(), &e);
        open_fragment(&format!("{PREFIX}{}", String::from_utf8_lossy(&body)));
        // Mutations of the compressed payload, then encoded properly.
        let packed = unbase64url(&f[PREFIX.len()..]).unwrap();
        let bad = apply(packed, &e);
        check_decompress(&bad);
        let bad = if framed { bad } else { bad[bad.len().min(3)..].to_vec() };
        open_fragment(&format!("{PREFIX}{}", base64url(&bad)));
    }

    /// A payload declaring any length: beyond [`MAX_RAW`] it is refused; otherwise what comes
    /// out has exactly the declared length and stays within the budget.
    #[test]
    fn declared_sizes_bound_the_output(declared in prop_oneof![0usize..64, 0usize..=MAX_RAW * 2, Just(MAX_RAW + 1), any::<usize>()],
                                       body in prop::collection::vec(any::<u8>(), 0..64),
                                       matches in 0usize..2000) {
        let mut data = b"MW1".to_vec();
        let mut n = declared;
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            data.push(if n > 0 { b | 0x80 } else { b });
            if n == 0 {
                break;
            }
        }
        data.extend_from_slice(&body);
        // A bomb: one literal, then runs of 259 copies of it, eight to a flag byte.
        data.extend_from_slice(&[0xfe, b'a']);
        for i in 0..matches {
            if i % 8 == 7 {
                data.push(0xff);
            }
            data.extend_from_slice(&[1, 0, 255]);
        }
        let out = decompress(&data);
        if declared > MAX_RAW {
            prop_assert!(out.is_none());
        }
        if let Some(out) = &out {
            prop_assert_eq!(out.len(), declared);
        }
        check_decompress(&data);
        if declared > MAX_RAW {
            let link = format!("{PREFIX}{}", base64url(&data));
            prop_assert!(Workspace::check_fragment(&link).is_err());
        }
    }
}

#[test]
fn a_bomb_at_the_limit_is_read_and_one_byte_over_is_refused() {
    let bomb = |declared: usize| {
        let mut data = b"MW1".to_vec();
        let mut n = declared;
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            data.push(if n > 0 { b | 0x80 } else { b });
            if n == 0 {
                break;
            }
        }
        let mut made = 1;
        data.extend_from_slice(&[0xfe, b'a']);
        let mut slot = 1;
        while made < declared {
            if slot == 8 {
                data.push(0xff);
                slot = 0;
            }
            let len = (declared - made).min(259);
            data.extend_from_slice(&[1, 0, (len - 4) as u8]);
            made += len;
            slot += 1;
        }
        data
    };
    let at_limit = bomb(MAX_RAW - MAX_RAW % 259 + 1);
    assert_eq!(decompress(&at_limit).map(|o| o.len()), Some(MAX_RAW - MAX_RAW % 259 + 1));
    check_decompress(&at_limit);
    let mut over = bomb(MAX_RAW - MAX_RAW % 259 + 1);
    over[3..7].copy_from_slice(&[0x81, 0x80, 0x80, 0x04]); // declares MAX_RAW + 1
    assert_eq!(decompress(&over), None);
    assert_eq!(
        Workspace::check_fragment(&format!("{PREFIX}{}", base64url(&over))).err(),
        Some(crate::boot::LinkError::TooLarge)
    );
    // A body too long to be a link is refused from its length alone.
    let long = format!("{PREFIX}{}", "A".repeat(MAX_RAW / 3 * 4 + 8));
    assert_eq!(Workspace::check_fragment(&long).err(), Some(crate::boot::LinkError::TooLarge));
    assert_eq!(Workspace::from_fragment(&long), None);
}

// ---- imported files ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_and_mutated_json_never_panics(w in workspace(), e in edits(JSON_BYTES), s in tricky_string(80)) {
        let _ = Workspace::from_json(&s);
        let bad = apply(w.to_json().into_bytes(), &e);
        let _ = Workspace::from_json(&String::from_utf8_lossy(&bad));
    }
}

/// Runs `f` on a thread with wasm's 1 MiB stack.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(1 << 20).spawn(f).unwrap().join().expect("no overflow, no panic");
}

#[test]
fn deep_nesting_does_not_overflow_a_small_stack() {
    on_small_stack(|| {
        for deep in [
            "[".repeat(100_000),
            "{\"a\":".repeat(100_000),
            "[{\"files\":".repeat(50_000),
            "[".repeat(100_000) + &"]".repeat(100_000),
        ] {
            assert_eq!(Workspace::from_json(&deep), None);
            assert!(parse_incoming(&deep).is_err());
            let wrapped =
                format!("{{\"source\":\"muelle-host\",\"version\":1,\"type\":\"run-command\",\"command\":{deep}}}");
            assert!(parse_incoming(&wrapped).is_err());
        }
    });
}

// ---- embed messages ---------------------------------------------------------------------------

fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("1".to_string()),
        tricky_string(20).prop_map(|s| json_quote(&s)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((tricky_string(8), inner), 0..4).prop_map(|v| {
                let fields: Vec<String> = v.iter().map(|(k, v)| format!("{}:{v}", json_quote(k))).collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
}

/// A message close to a real one: the right header most of the time, a known type with its own
/// field (of the right kind, mostly), sometimes anything at all.
fn message() -> impl Strategy<Value = String> {
    let source = prop_oneof![6 => Just(json_quote("muelle-host")), 1 => json_value()];
    let version = prop_oneof![6 => Just("1".to_string()), 1 => json_value()];
    let text = |max| prop_oneof![4 => tricky_string(max).prop_map(|s| json_quote(&s)), 1 => json_value()];
    let file = (prop_oneof![valid_name(), tricky_string(12)], any::<String>())
        .prop_map(|(p, c)| format!("{{\"path\":{},\"content\":{}}}", json_quote(&p), json_quote(&c)));
    let files = prop_oneof![
        4 => prop::collection::vec(file, 0..4).prop_map(|f| format!("[{}]", f.join(","))),
        1 => json_value()
    ];
    let link = prop_oneof![4 => workspace().prop_map(|w| json_quote(&w.to_fragment())), 1 => json_value()];
    let body = prop_oneof![
        text(40).prop_map(|v| format!("\"type\":\"run-command\",\"command\":{v}")),
        text(70).prop_map(|v| format!("\"type\":\"load-lesson\",\"lesson\":{v}")),
        files.prop_map(|v| format!("\"type\":\"load-workspace\",\"files\":{v}")),
        link.prop_map(|v| format!("\"type\":\"load-workspace\",\"workspace\":{v}")),
        (text(12), prop::collection::vec((tricky_string(8), json_value()), 0..3)).prop_map(|(t, fields)| {
            let fields: Vec<String> = fields.iter().map(|(k, v)| format!(",{}:{v}", json_quote(k))).collect();
            format!("\"type\":{t}{}", fields.concat())
        }),
    ];
    (source, version, body)
        .prop_map(|(source, version, body)| format!("{{\"source\":{source},\"version\":{version},{body}}}"))
}

/// What an accepted message may carry.
fn check_accepted(got: &Result<Incoming, Rejection>) {
    match got {
        Ok(Incoming::RunCommand(lines)) => {
            assert!(!lines.is_empty() && lines.iter().all(|l| !l.trim().is_empty()));
            assert!(lines.iter().map(|l| l.chars().count()).sum::<usize>() <= MAX_COMMAND);
        }
        Ok(Incoming::LoadLesson(id, _)) => assert!(!id.is_empty() && id.len() <= 64),
        Ok(Incoming::LoadWorkspace(WorkspaceSource::Files(files))) => assert_eq!(names::check_files(files), Ok(())),
        Ok(Incoming::LoadWorkspace(WorkspaceSource::Fragment(w))) => assert_eq!(names::check_files(&w.files), Ok(())),
        Ok(Incoming::RefusedName(_)) => panic!("never parsed"),
        Err(r) => {
            let _ = r.describe();
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn messages_never_panic_and_accept_only_what_is_safe(m in message(), e in edits(JSON_BYTES), s in tricky_string(60)) {
        let got = parse_incoming(&m);
        check_accepted(&got);
        check_accepted(&parse_incoming(&String::from_utf8_lossy(&apply(m.into_bytes(), &e))));
        check_accepted(&parse_incoming(&s));
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// The page's JSON reader (`crate::json`) accepts exactly what serde_json's accepts, on
    /// values, messages, workspace files and their mutations.
    #[test]
    fn the_json_reader_accepts_what_serde_json_accepts(
        v in json_value(), m in message(), w in workspace(), e in edits(JSON_BYTES), s in tricky_string(40),
    ) {
        let pretty = w.to_json();
        for text in [v.clone(), m.clone(), pretty.clone(), s] {
            for t in [text.clone(), String::from_utf8_lossy(&apply(text.into_bytes(), &e)).into_owned()] {
                let ours = crate::json::parse(&t).is_some();
                prop_assert_eq!(ours, serde_json::from_str::<serde_json::Value>(&t).is_ok(), "{}", t);
            }
        }
    }
}

#[test]
fn oversized_messages_are_refused_before_parsing() {
    let big = "x".repeat(MAX_MESSAGE);
    let m = format!("{{\"source\":\"muelle-host\",\"version\":1,\"type\":\"run-command\",\"command\":\"{big}\"}}");
    assert_eq!(parse_incoming(&m), Err(Rejection::TooBig));
    let m = format!(
        "{{\"source\":\"muelle-host\",\"version\":1,\"type\":\"load-lesson\",\"lesson\":\"{}\"}}",
        "l".repeat(65)
    );
    assert_eq!(parse_incoming(&m), Err(Rejection::WrongKind("lesson")));
}

// ---- file names -------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(128))]

    /// Any name the check accepts is stored in the zip as it is, and the simulated host either
    /// holds it (and gives it back) or refuses it with an error.
    #[test]
    fn accepted_names_are_safe_for_the_zip_and_the_host(
        name in prop_oneof![tricky_string(24), valid_name(), "[a-z]{1,255}(/[a-z]{1,255}){0,20}"],
        content in any::<String>(),
    ) {
        let Ok(()) = names::check_path(&name) else { return Ok(()) };
        prop_assert!(crate::persist::safe_path(&name));
        prop_assert!(zip::safe_entry(&name));
        let archive = zip::stored(&[(name.clone(), content.clone().into_bytes())]);
        let end = archive.len() - 22;
        prop_assert_eq!(u16::from_le_bytes([archive[end + 10], archive[end + 11]]), 1);
        let name_len = u16::from_le_bytes([archive[26], archive[27]]) as usize;
        prop_assert_eq!(&archive[30..30 + name_len], name.as_bytes());
        let mut s = sim_core::Session::new(sim_core::SessionConfig::default());
        let written = s.write_host_file(&name, content.as_bytes());
        if written.is_ok() {
            prop_assert_eq!(s.read_host_file(&name).ok(), Some(content.into_bytes()));
        }
        // Whatever the check took, the host takes too.
        prop_assert!(written.is_ok(), "{:?}", written);
    }
}

/// A name the host would find too long once the project folder is in front is refused by the
/// check already (the host would refuse it with an error, never a panic).
#[test]
fn a_name_the_host_finds_too_long_is_refused_first() {
    let name = vec!["a".repeat(203); 20].join("/");
    assert!(name.len() < names::PATH_MAX && names::check_path(&name).is_err());
    let mut s = sim_core::Session::new(sim_core::SessionConfig::default());
    assert!(matches!(s.write_host_file(&name, b"x"), Err(sim_core::fs::FsError::NameTooLong)));
}
