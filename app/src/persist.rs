//! What survives a reload: project files, command history and preferences, by key.
//!
//! The session's keys live in IndexedDB through [`crate::store`] (which says when a write
//! failed); only the small preferences stay in `localStorage`, read before anything else.
//!
//! The encoding is a few lines of Rust instead of a JSON crate (the page must stay small): a
//! version line, then each string as `<byte length>:<bytes>`. Decoding never panics and returns
//! `None` for anything it did not write, so a corrupted or future entry is ignored, not fatal.
//! Only [`load`] and [`store`] touch the browser; everything else is tested natively.

use crate::i18n::Lang;

const VERSION: &str = "muelle1\n";
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

/// Encodes a list of strings.
pub fn encode(items: &[String]) -> String {
    let mut out = String::from(VERSION);
    for s in items {
        out.push_str(&s.len().to_string());
        out.push(':');
        out.push_str(s);
    }
    out
}

/// Decodes what [`encode`] wrote.
pub fn decode(data: &str) -> Option<Vec<String>> {
    let mut rest = data.strip_prefix(VERSION)?;
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
    let flat: Vec<String> = files.iter().flat_map(|(p, c)| [p.clone(), c.clone()]).collect();
    encode(&flat)
}

pub fn decode_files(data: &str) -> Option<Vec<(String, String)>> {
    let flat = decode(data)?;
    if flat.len() % 2 != 0 {
        return None;
    }
    Some(flat.chunks(2).map(|c| (c[0].clone(), c[1].clone())).collect())
}

/// The seed and the journal's text.
pub fn encode_journal(seed: u64, journal: &sim_core::journal::Journal) -> String {
    encode(&[seed.to_string(), journal.encode()])
}

/// What [`encode_journal`] wrote, if it can be replayed (not overflowed).
pub fn decode_journal(data: &str) -> Option<(u64, sim_core::journal::Journal)> {
    let items = decode(data)?;
    let [seed, text] = items.as_slice() else { return None };
    let journal = sim_core::journal::Journal::decode(text)?;
    (!journal.overflowed()).then_some((seed.parse().ok()?, journal))
}

/// A terminal tab as saved: the simulator's terminal, its "terminal n" number
/// (`None`: the host's first one), the container it was opened for.
pub type SavedTab = (usize, Option<usize>, Option<String>);

pub fn encode_tabs(tabs: &[SavedTab]) -> String {
    let flat: Vec<String> = tabs
        .iter()
        .map(|(term, number, container)| {
            let number = number.map_or("-".to_string(), |n| n.to_string());
            format!("{term} {number} {}", container.as_deref().unwrap_or("-"))
        })
        .collect();
    encode(&flat)
}

pub fn decode_tabs(data: &str) -> Option<Vec<SavedTab>> {
    decode(data)?
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
pub const SPEEDS: [(f64, &str); 6] = [(0.5, "0.5"), (1.0, "1"), (2.0, "2"), (3.0, "3"), (5.0, "5"), (10.0, "10")];

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
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs { lang: Lang::Es, theme: Theme::System, speed: 1.0 }
    }
}

impl Prefs {
    pub fn encode(&self) -> String {
        encode(&[self.lang.code().to_string(), self.theme.code().to_string(), speed_code(self.speed).to_string()])
    }

    /// Decodes saved preferences; unknown values fall back to the defaults one by one.
    pub fn decode(data: &str) -> Prefs {
        let d = Prefs::default();
        let Some(v) = decode(data) else { return d };
        let get = |i: usize| v.get(i).map(String::as_str).unwrap_or("");
        Prefs {
            lang: Lang::parse(get(0)).unwrap_or(d.lang),
            theme: Theme::parse(get(1)).unwrap_or(d.theme),
            speed: speed_of(get(2)).unwrap_or(d.speed),
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
        let (seed, j) = decode_journal(&encode_journal(7, s.journal())).expect("decodes");
        assert_eq!((seed, j.entries()), (7, s.journal().entries()));
        assert_eq!(decode_journal("muelle1\n1:x"), None);
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
        let p = Prefs { lang: Lang::En, theme: Theme::Dark, speed: 5.0 };
        assert_eq!(Prefs::decode(&p.encode()), p);
        assert_eq!(Prefs::decode("basura"), Prefs::default());
        let odd = encode(&["fr".into(), "dark".into(), "7".into()]);
        assert_eq!(Prefs::decode(&odd), Prefs { theme: Theme::Dark, ..Prefs::default() });
    }
}
