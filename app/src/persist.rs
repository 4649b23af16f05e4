//! What survives a reload: project files, command history and preferences, by key.
//!
//! The session's keys live in IndexedDB through [`crate::store`] (which says when a write
//! failed); only the small preferences stay in `localStorage`, read before anything else.
//!
//! Every value is written as JSON with the page's own reader and writer ([`crate::json`], which
//! says why not serde_json): the stores keep text (IndexedDB values are strings here,
//! `localStorage` takes nothing else), JSON stays readable in the browser's developer tools, and
//! it is the format the export file and the embed messages use too. A binary format (postcard)
//! would save little: the values are mostly file contents and command lines, which are text
//! either way. Each value's reader checks its fields by hand, as serde's derived readers did: a
//! missing required field or a value of the wrong kind reads as nothing, unknown fields are
//! ignored (not in a tab), `null` is a missing optional field; a repeated field's last value is
//! read.
//!
//! What an older version saved is still read: values that start with [`LEGACY`] are the
//! hand-written format of before (a version line, then each string as `<byte length>:<bytes>`),
//! decoded by [`legacy_list`]; the next save writes JSON. Decoding never panics and returns `None`
//! (or the defaults) for anything unreadable, so a corrupted or future entry is ignored, not
//! fatal. Only [`load`] and [`store`] touch the browser; everything else is tested natively.

use crate::i18n::Lang;
use crate::json::{self, Json, Writer};

/// The first line of every value the hand-written format of before wrote.
pub const LEGACY: &str = "muelle1\n";
pub const FILES_KEY: &str = "muelle.files";
pub const HISTORY_KEY: &str = "muelle.history";
pub const PREFS_KEY: &str = "muelle.prefs";
/// The session's seed and journal: a reload replays it (see `sim_core::journal`).
pub const JOURNAL_KEY: &str = "muelle.journal";
/// Simulated time when the page last saved (the replay runs until then).
pub const CLOCK_KEY: &str = "muelle.clock";
/// The open terminal tabs.
pub const TABS_KEY: &str = "muelle.tabs";
/// The keys that make up a saved session (kept together in the previous-work slot).
pub const SESSION_KEYS: [&str; 5] = [FILES_KEY, HISTORY_KEY, JOURNAL_KEY, CLOCK_KEY, TABS_KEY];
/// Command history kept across reloads.
pub const MAX_HISTORY: usize = 200;
/// Files larger than this are not saved. IndexedDB takes far more than `localStorage`'s 5 MB;
/// the bound keeps one pasted giant from filling the student's quota on every save.
pub const MAX_FILE: usize = 32 * 1024 * 1024;

/// Files as saved and exported: `[{"path": …, "content": …}, …]`.
pub fn write_files(w: &mut Writer, files: &[(String, String)]) {
    w.open('[');
    for (path, content) in files {
        w.open('{').key("path").str(path).key("content").str(content).close('}');
    }
    w.close(']');
}

/// What [`write_files`] wrote (other fields of a file are ignored).
pub fn read_files(v: Json) -> Option<Vec<(String, String)>> {
    json::each(v.into_array()?, |mut f| Some((f.take("path")?.into_string()?, f.take("content")?.into_string()?)))
}

/// A list of strings.
pub fn read_strings(v: Json) -> Option<Vec<String>> {
    json::each(v.into_array()?, Json::into_string)
}

/// Encodes a list of strings (a JSON array).
pub fn encode(items: &[String]) -> String {
    let mut w = Writer::new(false);
    w.strs(items);
    w.finish()
}

/// Decodes what [`encode`] wrote, or the hand-written list of before.
pub fn decode(data: &str) -> Option<Vec<String>> {
    match data.strip_prefix(LEGACY) {
        Some(_) => legacy_list(data),
        None => read_strings(json::parse(data)?),
    }
}

/// The hand-written list of before: [`LEGACY`], then each string as `<byte length>:<bytes>`.
/// Still read for values saved by older versions and for old share links.
pub fn legacy_list(data: &str) -> Option<Vec<String>> {
    let mut rest = data.strip_prefix(LEGACY)?;
    let mut items = Vec::new();
    while !rest.is_empty() {
        let (len, after) = rest.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let item = after.get(..len)?;
        items.push(item.to_string());
        rest = &after[len..];
    }
    Some(items)
}

/// Project files as `(path relative to the project, content)` pairs.
pub fn encode_files(files: &[(String, String)]) -> String {
    let mut w = Writer::new(false);
    write_files(&mut w, files);
    w.finish()
}

pub fn decode_files(data: &str) -> Option<Vec<(String, String)>> {
    if data.starts_with(LEGACY) {
        let flat = legacy_list(data)?;
        if flat.len() % 2 != 0 {
            return None;
        }
        return Some(flat.chunks(2).map(|c| (c[0].clone(), c[1].clone())).collect());
    }
    read_files(json::parse(data)?)
}

/// The branches time travel left behind (`sim_core::timeline`): `{"current": …, "others":
/// [{"name", "journal", "until"}, …]}`.
pub fn write_branches(w: &mut Writer, b: &sim_core::Branches) {
    w.open('{').key("current").str(&b.current).key("others").open('[');
    for o in &b.others {
        w.open('{').key("name").str(&o.name).key("journal").str(&o.journal).key("until").num(o.until).close('}');
    }
    w.close(']').close('}');
}

/// What [`write_branches`] wrote.
pub fn read_branches(mut v: Json) -> Option<sim_core::Branches> {
    let others = json::each(v.take("others")?.into_array()?, |mut o| {
        Some(sim_core::Branch {
            name: o.take("name")?.into_string()?,
            journal: o.take("journal")?.into_string()?,
            until: o.take("until")?.as_u64()?,
        })
    })?;
    Some(sim_core::Branches { current: v.take("current")?.into_string()?, others })
}

/// A field that may be missing (or `null`) but, when there, must read: `Some(None)` for
/// missing, `None` for unreadable.
pub fn optional<T>(v: Option<Json>, read: impl FnOnce(Json) -> Option<T>) -> Option<Option<T>> {
    match v {
        None => Some(None),
        Some(v) => read(v).map(Some),
    }
}

/// The saved journal: `{"seed", "journal", "branches"?}`, the seed and `sim_core::journal`'s own
/// text (its line format belongs to the simulator), and the branches left behind (saves from
/// before time travel, and sessions that never branched, have none).
fn read_saved_journal(data: &str) -> Option<(u64, String, Option<sim_core::Branches>)> {
    let mut v = json::parse(data)?;
    let branches = optional(v.take("branches"), read_branches)?;
    Some((v.take("seed")?.as_u64()?, v.take("journal")?.into_string()?, branches))
}

/// The seed and the journal's text, and the branches when there are any.
pub fn encode_journal(seed: u64, journal: &sim_core::journal::Journal, branches: &sim_core::Branches) -> String {
    let mut w = Writer::new(false);
    w.open('{').key("seed").num(seed).key("journal").str(&journal.encode());
    if *branches != sim_core::Branches::default() {
        write_branches(w.key("branches"), branches);
    }
    w.close('}');
    w.finish()
}

/// The branches [`encode_journal`] wrote (the default: none left behind, the live one "1").
pub fn decode_branches(data: &str) -> sim_core::Branches {
    read_saved_journal(data).and_then(|(_, _, b)| b).unwrap_or_default()
}

/// What [`encode_journal`] wrote, if it can be replayed (not overflowed).
pub fn decode_journal(data: &str) -> Option<(u64, sim_core::journal::Journal)> {
    let (seed, text) = if data.starts_with(LEGACY) {
        let items = legacy_list(data)?;
        let [seed, text] = items.as_slice() else { return None };
        (seed.parse().ok()?, text.clone())
    } else {
        let (seed, journal, _) = read_saved_journal(data)?;
        (seed, journal)
    };
    let journal = sim_core::journal::Journal::decode(&text)?;
    (!journal.overflowed()).then_some((seed, journal))
}

/// A terminal tab as saved: the simulator's terminal, its "terminal n" number
/// (`None`: the host's first one), the container it was opened for.
pub type SavedTab = (usize, Option<usize>, Option<String>);

/// The tabs as `[{"terminal", "number", "container"}, …]` (`null` for none; no other field).
pub fn encode_tabs(tabs: &[SavedTab]) -> String {
    let mut w = Writer::new(false);
    w.open('[');
    for (terminal, number, container) in tabs {
        w.open('{').key("terminal").num(*terminal as u64).key("number");
        match number {
            Some(n) => w.num(*n as u64),
            None => w.raw("null"),
        };
        w.key("container").opt_str(container.as_deref()).close('}');
    }
    w.close(']');
    w.finish()
}

pub fn decode_tabs(data: &str) -> Option<Vec<SavedTab>> {
    if !data.starts_with(LEGACY) {
        let index = |v: Json| usize::try_from(v.as_u64()?).ok();
        return json::each(json::parse(data)?.into_array()?, |mut t| {
            let known = ["container", "number", "terminal"];
            t.as_object()?.iter().all(|(k, _)| known.contains(&k.as_str())).then_some(())?;
            let number = optional(t.take("number"), index)?;
            let container = optional(t.take("container"), Json::into_string)?;
            Some((index(t.take("terminal")?)?, number, container))
        });
    }
    legacy_list(data)?
        .iter()
        .map(|line| {
            let mut f = line.split(' ');
            let term = f.next()?.parse().ok()?;
            let number = match f.next()? {
                "-" => None,
                n => Some(n.parse().ok()?),
            };
            let container = match f.next()? {
                "-" => None,
                c => Some(c.to_string()),
            };
            f.next().is_none().then_some((term, number, container))
        })
        .collect()
}

/// Whether a saved path may be written back: relative, no `..`, nothing odd.
pub fn safe_path(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && p.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        && !p.chars().any(|c| c.is_control())
}

/// The light/dark choice: follow the system unless the student picked one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    pub fn parse(s: &str) -> Option<Theme> {
        [Theme::System, Theme::Light, Theme::Dark].into_iter().find(|t| t.code() == s)
    }
}

/// Speeds of simulated time the toolbar offers, with how they are written (no float formatting
/// or parsing code is shipped for them).
pub const SPEEDS: [(f64, &str); 8] =
    [(0.1, "0.1"), (0.25, "0.25"), (0.5, "0.5"), (1.0, "1"), (2.0, "2"), (3.0, "3"), (5.0, "5"), (10.0, "10")];

/// The speed written as `code`.
pub fn speed_of(code: &str) -> Option<f64> {
    SPEEDS.iter().find(|(_, c)| *c == code).map(|(s, _)| *s)
}

fn speed_code(speed: f64) -> &'static str {
    SPEEDS.iter().find(|(s, _)| *s == speed).map_or("1", |(_, c)| c)
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prefs {
    pub lang: Lang,
    pub theme: Theme,
    pub speed: f64,
    pub layout: Layout,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs { lang: Lang::Es, theme: Theme::System, speed: 1.0, layout: Layout::default() }
    }
}

/// Where the workspace's splitters are, each as a percentage of its container from the left or
/// top (`app/src/splitter.rs`): saved with the preferences, so a reload keeps the panels' sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The left column's right edge (files and editor) without a lesson open…
    pub left: u8,
    /// …and with one (the column then holds the lesson too, so it is wider).
    pub left_lessons: u8,
    /// The right column's left edge (topology and timeline), without a lesson and with one (the
    /// lesson's wider column takes its room from the graph's rather than the terminal's).
    pub right: u8,
    pub right_lessons: u8,
    /// The bottom of the top row (terminal, topology).
    pub top: u8,
    /// The bottom of the lesson, above the files and editor in the left column.
    pub lessons: u8,
}

impl Default for Layout {
    fn default() -> Self {
        Layout { left: 22, left_lessons: 40, right: 66, right_lessons: 72, top: 56, lessons: 42 }
    }
}

/// A splitter: its range, and its place in [`Layout`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Left,
    Right,
    Top,
    Lessons,
}

/// No panel gets narrower than this share of the workspace (percent) by a splitter.
const MIN_SHARE: u8 = 15;

impl Layout {
    /// The least and greatest position of `split` given the others (the middle column keeps
    /// [`MIN_SHARE`] between the left and right ones).
    pub fn range(&self, split: Split, lessons: bool) -> (u8, u8) {
        match split {
            Split::Left => (12, self.right_edge(lessons).saturating_sub(MIN_SHARE).clamp(12, 60)),
            Split::Right => ((self.left_edge(lessons) + MIN_SHARE).clamp(40, 88), 88),
            Split::Top => (20, 80),
            Split::Lessons => (15, 80),
        }
    }

    pub fn left_edge(&self, lessons: bool) -> u8 {
        if lessons {
            self.left_lessons
        } else {
            self.left
        }
    }

    pub fn right_edge(&self, lessons: bool) -> u8 {
        if lessons {
            self.right_lessons
        } else {
            self.right
        }
    }

    pub fn get(&self, split: Split, lessons: bool) -> u8 {
        match split {
            Split::Left => self.left_edge(lessons),
            Split::Right => self.right_edge(lessons),
            Split::Top => self.top,
            Split::Lessons => self.lessons,
        }
    }

    /// The layout with `split` moved to `at` (kept within its range).
    pub fn with(mut self, split: Split, lessons: bool, at: u8) -> Layout {
        let (lo, hi) = self.range(split, lessons);
        let at = at.clamp(lo, hi);
        match split {
            Split::Left if lessons => self.left_lessons = at,
            Split::Left => self.left = at,
            Split::Right if lessons => self.right_lessons = at,
            Split::Right => self.right = at,
            Split::Top => self.top = at,
            Split::Lessons => self.lessons = at,
        }
        self
    }

    /// The CSS variables the workspace's grid reads (`static/style.css`): the columns' and
    /// rows' shares as `fr` (the splitters' own tracks and the padding are taken first) and the
    /// lesson's and editor's shares of the left column as flex grow factors.
    pub fn style(&self, lessons: bool) -> String {
        // As `usize`: `u8`'s own formatting would add code to the page's download.
        let n = |x: u8| usize::from(x.min(100));
        let (l, r) = (n(self.left_edge(lessons)), n(self.right_edge(lessons)));
        let (t, s) = (n(self.top), n(self.lessons));
        format!(
            "--left:{l}fr;--mid:{}fr;--right:{}fr;--top:{t}fr;--bottom:{}fr;--lessons:{s};--side:{}",
            r.saturating_sub(l),
            100 - r,
            100 - t,
            100 - s
        )
    }

    fn encode(&self) -> String {
        let v = [self.left, self.left_lessons, self.right, self.right_lessons, self.top, self.lessons];
        v.map(|x| usize::from(x).to_string()).join(",")
    }

    /// A saved layout; anything odd (another shape, a splitter out of its range) is the default.
    /// (Digits read by hand: `str::parse` and a check through [`Layout::with`] cost the page's
    /// download more than the whole feature's logic.)
    fn decode(s: &str) -> Option<Layout> {
        let mut v = [0u8; 6];
        let mut n = 0;
        for b in s.bytes() {
            match b {
                b'0'..=b'9' if n < 6 && v[n] < 10 => v[n] = v[n] * 10 + (b - b'0'),
                b',' if n < 5 => n += 1,
                _ => return None,
            }
        }
        let [left, left_lessons, right, right_lessons, top, lessons] = v;
        let ok = n == 5
            && (12..=60).contains(&left)
            && (12..=60).contains(&left_lessons)
            && (40..=88).contains(&right)
            && (40..=88).contains(&right_lessons)
            && left + MIN_SHARE <= right
            && left_lessons + MIN_SHARE <= right_lessons
            && (20..=80).contains(&top)
            && (15..=80).contains(&lessons);
        ok.then_some(Layout { left, left_lessons, right, right_lessons, top, lessons })
    }
}

/// The preferences' fields as saved, in order: each value as its code, read one by one (an
/// unknown or missing value falls back to its default, the others are kept).
const PREFS_FIELDS: [&str; 4] = ["lang", "theme", "speed", "layout"];

impl Prefs {
    /// `{"lang", "theme", "speed", "layout"}`, the layout absent while the splitters are where
    /// they start ([`Layout::default`]).
    pub fn encode(&self) -> String {
        let mut w = Writer::new(false);
        w.open('{').key("lang").str(self.lang.code()).key("theme").str(self.theme.code());
        w.key("speed").str(speed_code(self.speed));
        if self.layout != Layout::default() {
            w.key("layout").str(&self.layout.encode());
        }
        w.close('}');
        w.finish()
    }

    /// Decodes saved preferences; unknown values fall back to the defaults one by one. (The
    /// fields may come as a list in their order, as serde's readers took them; a field of
    /// another kind than text makes all of them the defaults.)
    pub fn decode(data: &str) -> Prefs {
        let d = Prefs::default();
        let mut saved: Vec<String> = if data.starts_with(LEGACY) {
            legacy_list(data).unwrap_or_default()
        } else {
            let fields = match json::parse(data) {
                Some(Json::Array(items)) if items.len() <= PREFS_FIELDS.len() => json::each(items, Json::into_string),
                Some(o @ Json::Object(_)) => {
                    PREFS_FIELDS.iter().map(|k| o.get(k).map_or(Some(""), Json::as_str).map(String::from)).collect()
                }
                _ => None,
            };
            fields.unwrap_or_default()
        };
        if data.starts_with(LEGACY) {
            saved.truncate(3);
        }
        saved.resize(PREFS_FIELDS.len(), String::new());
        Prefs {
            lang: Lang::parse(&saved[0]).unwrap_or(d.lang),
            theme: Theme::parse(&saved[1]).unwrap_or(d.theme),
            speed: speed_of(&saved[2]).unwrap_or(d.speed),
            layout: Layout::decode(&saved[3]).unwrap_or(d.layout),
        }
    }
}

/// Reads a saved key (`None` when absent or storage is unavailable).
pub fn load(key: &str) -> Option<String> {
    crate::store::get(key)
}

/// Forgets a saved key.
pub fn remove(key: &str) {
    crate::store::remove(key)
}

/// Saves a key; a failure is shown to the student by [`crate::store`].
pub fn store(key: &str, value: &str) {
    crate::store::set(key, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_journals_round_trip() {
        let tabs = vec![(0, None, None), (2, Some(2), Some("web".to_string())), (3, Some(3), None)];
        assert_eq!(decode_tabs(&encode_tabs(&tabs)), Some(tabs));
        assert_eq!(decode_tabs("muelle1\n3:a b"), None);
        let mut s = sim_core::Session::new(sim_core::SessionConfig::default());
        s.submit(0, "echo hola");
        let none = sim_core::Branches::default();
        let (seed, j) = decode_journal(&encode_journal(7, s.journal(), &none)).expect("decodes");
        assert_eq!((seed, j.entries()), (7, s.journal().entries()));
        // Branches travel beside the journal; a save without them (older ones) has the default.
        let branches = sim_core::Branches {
            current: "3".into(),
            others: vec![sim_core::Branch { name: "1".into(), journal: s.journal().encode(), until: 1200 }],
        };
        let saved = encode_journal(7, s.journal(), &branches);
        assert_eq!(decode_branches(&saved), branches);
        assert_eq!(
            decode_journal(&saved).map(|(seed, j)| (seed, j.entries().to_vec())),
            Some((7, s.journal().entries().to_vec()))
        );
        assert!(
            !encode_journal(7, s.journal(), &none).contains("branches"),
            "unchanged for a session that never branched"
        );
        assert_eq!(decode_branches(&encode_journal(7, s.journal(), &none)), none);
        assert_eq!(decode_branches("muelle1\n1:x"), none);
        assert_eq!(decode_journal("muelle1\n1:x"), None);
    }

    /// Values exactly as the hand-written format of before saved them (produced by that code,
    /// kept as test vectors): a student's saved session still loads after the update.
    #[test]
    fn values_saved_by_older_versions_still_load() {
        let compose = "services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n  db:\n    image: nginx\n";
        let files = "muelle1\n12:compose.yaml86:services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n  db:\n    image: nginx\n16:web/índice.html22:<h1>¡Hola! 😀</h1>\n";
        assert_eq!(
            decode_files(files),
            Some(vec![
                ("compose.yaml".into(), compose.into()),
                ("web/índice.html".into(), "<h1>¡Hola! 😀</h1>\n".into())
            ])
        );
        let history = "muelle1\n20:docker compose up -d19:curl localhost:8080";
        assert_eq!(decode(history), Some(vec!["docker compose up -d".into(), "curl localhost:8080".into()]));
        let tabs = "muelle1\n5:0 - -7:2 2 web";
        assert_eq!(decode_tabs(tabs), Some(vec![(0, None, None), (2, Some(2), Some("web".into()))]));
        let (seed, journal) = decode_journal("muelle1\n1:717:0 s 0 echo%shola\n").expect("an old journal replays");
        assert_eq!(seed, 7);
        assert_eq!(
            journal.entries().iter().map(|e| e.input.clone()).collect::<Vec<_>>(),
            [sim_core::journal::Input::Submit { term: 0, line: "echo hola".into() }]
        );
        let prefs = Prefs::decode("muelle1\n2:en4:dark1:5");
        assert_eq!(prefs, Prefs { lang: Lang::En, theme: Theme::Dark, speed: 5.0, ..Prefs::default() });
        let odd = "muelle1\n2:fr4:dark1:7";
        assert_eq!(Prefs::decode(odd), Prefs { theme: Theme::Dark, ..Prefs::default() });
        // What the page writes now is JSON, typed.
        assert_eq!(
            encode_tabs(&[(2, Some(2), Some("web".into()))]),
            r#"[{"terminal":2,"number":2,"container":"web"}]"#
        );
        assert_eq!(encode_files(&[("a".into(), "b\n".into())]), r#"[{"path":"a","content":"b\n"}]"#);
        assert_eq!(prefs.encode(), r#"{"lang":"en","theme":"dark","speed":"5"}"#);
        assert!(encode_journal(7, &journal, &sim_core::Branches::default()).starts_with(r#"{"seed":7,"journal":""#));
    }

    #[test]
    fn json_garbage_decodes_to_none_or_defaults() {
        for bad in ["{", "[", "null", "1", "[1]", "[{\"path\":\"a\"}]", &"[".repeat(100_000), "\"\\ud800\""] {
            assert_eq!(decode_files(bad), None, "{bad:?}");
            assert_eq!(decode_tabs(bad), None, "{bad:?}");
            assert!(decode_journal(bad).is_none(), "{bad:?}");
            assert_eq!(Prefs::decode(bad), Prefs::default(), "{bad:?}");
        }
        assert_eq!(decode("[\"a\",1]"), None);
        assert_eq!(decode_tabs(r#"[{"terminal":0,"number":null,"container":null,"x":1}]"#), None);
        assert_eq!(Prefs::decode(r#"{"theme":"light"}"#), Prefs { theme: Theme::Light, ..Prefs::default() });
    }

    #[test]
    fn lists_round_trip_with_any_content() {
        let items: Vec<String> = ["", "a:b", "12:", "línea\nñ 😀", "muelle1\n"].iter().map(|s| s.to_string()).collect();
        assert_eq!(decode(&encode(&items)), Some(items));
        assert_eq!(decode(&encode(&[])), Some(vec![]));
    }

    #[test]
    fn garbage_decodes_to_none() {
        for bad in ["", "x", "muelle1\n5:abc", "muelle1\nq:a", "muelle1\n1:ñ", "muelle2\n"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
        assert_eq!(decode_files(&encode(&["solo".into()])), None);
    }

    #[test]
    fn a_twenty_megabyte_workspace_round_trips() {
        let big = "0123456789abcdef\n".repeat(5 * 1024 * 1024 / 17);
        let files: Vec<(String, String)> = (0..4).map(|i| (format!("datos/{i}.txt"), big.clone())).collect();
        let encoded = encode_files(&files);
        assert!(encoded.len() > 20_000_000, "{}", encoded.len());
        assert!(big.len() <= MAX_FILE);
        assert_eq!(decode_files(&encoded), Some(files));
    }

    #[test]
    fn files_round_trip() {
        let files = vec![
            ("compose.yaml".to_string(), "services:\n".to_string()),
            ("web/index.html".into(), "<h1>Hola</h1>".into()),
        ];
        assert_eq!(decode_files(&encode_files(&files)), Some(files));
    }

    #[test]
    fn only_tidy_relative_paths_are_safe() {
        assert!(safe_path("compose.yaml") && safe_path("web/index.html"));
        for bad in ["", "/etc/passwd", "../x", "a/../b", "a//b", "a/", "./a", "a\nb"] {
            assert!(!safe_path(bad), "{bad:?}");
        }
    }

    #[test]
    fn prefs_round_trip_and_fall_back() {
        let p = Prefs { lang: Lang::En, theme: Theme::Dark, speed: 5.0, ..Prefs::default() };
        assert_eq!(Prefs::decode(&p.encode()), p);
        assert_eq!(Prefs::decode("basura"), Prefs::default());
        let odd = encode(&["fr".into(), "dark".into(), "7".into()]);
        assert_eq!(Prefs::decode(&odd), Prefs { theme: Theme::Dark, ..Prefs::default() });
    }

    #[test]
    fn the_splitters_positions_are_saved_and_kept_in_range() {
        let layout = Layout::default().with(Split::Left, false, 30).with(Split::Top, false, 70);
        let p = Prefs { layout, ..Prefs::default() };
        assert!(p.encode().contains(r#""layout":"30,40,66,72,70,42""#), "{}", p.encode());
        assert_eq!(Prefs::decode(&p.encode()), p);
        // Out of range, or not five numbers: the default layout, the rest kept.
        for odd in ["99,40,66,72,56,42", "22,40,66", "a,b,c,d,e,f", "22,40,66,72,56,42,1", "22,40,20,72,56,42"] {
            let saved = format!(r#"{{"theme":"dark","layout":"{odd}"}}"#);
            assert_eq!(Prefs::decode(&saved), Prefs { theme: Theme::Dark, ..Prefs::default() }, "{odd}");
        }
        // A splitter stops where the middle column would get too narrow, or at its range's end.
        let l = Layout::default();
        assert_eq!(l.with(Split::Left, false, 90).left, 51);
        assert_eq!(l.with(Split::Right, true, 0).right_lessons, 55);
        assert_eq!(l.with(Split::Right, false, 0).right, 40);
        assert_eq!(l.with(Split::Lessons, true, 0).lessons, 15);
        assert_eq!(l.with(Split::Top, true, 200).top, 80);
        assert_eq!(
            l.style(true),
            "--left:40fr;--mid:32fr;--right:28fr;--top:56fr;--bottom:44fr;--lessons:42;--side:58"
        );
    }
}
