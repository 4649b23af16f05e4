//! What the terminal panel shows, as plain Rust with no browser types.
//!
//! The simulator hands the front end chunks of text. This module turns those chunks into the
//! scrollback the `<pre>` renders: it honours the "clear screen" escape sequence, drops other
//! escape sequences the panel cannot draw, and keeps the scrollback bounded. It also holds the
//! other bits of terminal logic worth testing natively: key bindings, command history and
//! the wall-clock → simulated-time pacing. Keeping them here means `cargo test` covers them without a
//! browser.

/// The sequence a shell's `clear` prints: cursor home, then erase the whole display.
pub const CLEAR: &str = "\x1b[H\x1b[2J";

const ESC: char = '\x1b';

/// Terminal scrollback: the text shown above the input line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scrollback {
    text: String,
    /// The start of an escape sequence cut off at the end of the last chunk.
    pending: String,
    max_lines: usize,
}

impl Default for Scrollback {
    fn default() -> Self {
        Scrollback::new(5_000)
    }
}

impl Scrollback {
    /// An empty scrollback that keeps at most `max_lines` lines (older lines are dropped).
    pub fn new(max_lines: usize) -> Scrollback {
        Scrollback { text: String::new(), pending: String::new(), max_lines: max_lines.max(1) }
    }

    /// The text to render.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Forget everything (Ctrl-L).
    pub fn clear(&mut self) {
        self.text.clear();
        self.pending.clear();
    }

    /// Append a chunk of terminal output. Returns whether the visible text changed.
    ///
    /// `ESC [ H` followed by `ESC [ 2 J` (or `ESC [ 2 J` alone, or `ESC c`) clears the screen;
    /// any other CSI sequence is dropped; `\r\n` becomes `\n` and a lone `\r` is dropped.
    pub fn push(&mut self, chunk: &str) -> bool {
        if chunk.is_empty() {
            return false;
        }
        let before_len = self.text.len();
        let mut input = std::mem::take(&mut self.pending);
        input.push_str(chunk);
        let mut cleared = false;
        let mut rest = input.as_str();
        while let Some(pos) = rest.find([ESC, '\r']) {
            self.text.push_str(&rest[..pos]);
            rest = &rest[pos..];
            if let Some(after) = rest.strip_prefix('\r') {
                rest = after;
                continue;
            }
            match parse_escape(rest) {
                Escape::Incomplete => {
                    self.pending = rest.to_string();
                    rest = "";
                }
                Escape::Clear(len) => {
                    self.text.clear();
                    cleared = true;
                    rest = &rest[len..];
                }
                Escape::Ignored(len) => rest = &rest[len..],
            }
        }
        self.text.push_str(rest);
        self.trim();
        cleared || self.text.len() != before_len
    }

    fn trim(&mut self) {
        let lines = self.text.matches('\n').count();
        if lines <= self.max_lines {
            return;
        }
        let drop = lines - self.max_lines;
        if let Some((idx, _)) = self.text.match_indices('\n').nth(drop - 1) {
            self.text.drain(..=idx);
        }
    }
}

enum Escape {
    /// The chunk ends in the middle of a sequence: wait for more.
    Incomplete,
    /// A sequence of this many bytes that clears the screen.
    Clear(usize),
    /// A sequence of this many bytes that the panel ignores.
    Ignored(usize),
}

/// Parses the escape sequence at the start of `s` (which starts with ESC).
fn parse_escape(s: &str) -> Escape {
    let bytes = s.as_bytes();
    match bytes.get(1) {
        None => Escape::Incomplete,
        Some(b'c') => Escape::Clear(2),
        Some(b'[') => {
            // CSI: parameter and intermediate bytes 0x20..=0x3f, then one final byte 0x40..=0x7e.
            for (i, &b) in bytes.iter().enumerate().skip(2) {
                match b {
                    0x20..=0x3f => continue,
                    0x40..=0x7e => {
                        let len = i + 1;
                        return if &s[..len] == "\x1b[2J" || &s[..len] == "\x1b[3J" {
                            Escape::Clear(len)
                        } else {
                            Escape::Ignored(len)
                        };
                    }
                    // Not a well-formed sequence: drop the ESC [ and keep the rest as text.
                    _ => return Escape::Ignored(2),
                }
            }
            Escape::Incomplete
        }
        // Any other two-byte escape: drop it (the char after ESC may be multi-byte).
        Some(_) => Escape::Ignored(1 + s[1..].chars().next().map_or(0, char::len_utf8)),
    }
}

/// Lines typed at the prompt, for Arrow-Up / Arrow-Down.
#[derive(Clone, Debug, Default)]
pub struct History {
    entries: Vec<String>,
    /// Index into `entries` while browsing; `entries.len()` means "the line being typed".
    cursor: usize,
    /// What was in the input before browsing started, restored when browsing past the newest.
    draft: String,
}

impl History {
    /// Records a submitted line (blank lines and immediate repeats are not recorded) and stops
    /// browsing.
    pub fn record(&mut self, line: &str) {
        if !line.trim().is_empty() && self.entries.last().map(String::as_str) != Some(line) {
            self.entries.push(line.to_string());
        }
        self.cursor = self.entries.len();
        self.draft.clear();
    }

    /// Arrow-Up: the previous line, or `None` when there is nothing older.
    pub fn older(&mut self, current: &str) -> Option<&str> {
        if self.cursor == 0 {
            return None;
        }
        if self.cursor == self.entries.len() {
            self.draft = current.to_string();
        }
        self.cursor -= 1;
        Some(&self.entries[self.cursor])
    }

    /// Arrow-Down: the next line, the draft after the newest, or `None` when not browsing.
    pub fn newer(&mut self) -> Option<&str> {
        if self.cursor >= self.entries.len() {
            return None;
        }
        self.cursor += 1;
        Some(self.entries.get(self.cursor).unwrap_or(&self.draft))
    }
}

/// What a key press in the terminal's input asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    /// Enter: submit the line.
    Submit,
    /// Ctrl-C: interrupt the foreground command or abandon the line.
    Interrupt,
    /// Ctrl-L: clear the screen.
    Clear,
    /// Arrow-Up: recall an older line.
    HistoryOlder,
    /// Arrow-Down: recall a newer line.
    HistoryNewer,
    /// Tab on a non-empty line: complete the word being typed.
    Complete,
    /// Ctrl-P, Ctrl-Q: Docker's detach keys, sent as the byte they are (16, 17).
    Control(u8),
    /// Ctrl-D: end of input, for a program reading the terminal or a container's shell.
    EndOfInput,
}

/// The modifier state of a key press that [`KeyAction::from_key`] needs.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyMods {
    pub ctrl: bool,
    pub alt: bool,
    pub meta: bool,
    /// An input method is composing text (Enter then confirms the composition).
    pub composing: bool,
    /// Text is selected in the input (Ctrl-C then copies it).
    pub selection: bool,
    pub shift: bool,
    /// The input is empty: Tab then moves the focus, so keyboard users are never trapped.
    pub empty_line: bool,
}

impl KeyAction {
    /// Maps a `KeyboardEvent.key` value to an action; `None` leaves the key to the browser.
    ///
    /// The caller cancels the browser's default for every `Some`: the decision has to be made
    /// synchronously inside the event listener, before any component update runs.
    pub fn from_key(key: &str, mods: KeyMods) -> Option<KeyAction> {
        let ctrl_only = mods.ctrl && !mods.alt && !mods.meta;
        match key {
            "Enter" if !mods.composing => Some(KeyAction::Submit),
            "c" | "C" if ctrl_only && !mods.selection => Some(KeyAction::Interrupt),
            "l" | "L" if ctrl_only => Some(KeyAction::Clear),
            "p" | "P" if ctrl_only => Some(KeyAction::Control(16)),
            "q" | "Q" if ctrl_only => Some(KeyAction::Control(17)),
            "d" | "D" if ctrl_only => Some(KeyAction::EndOfInput),
            "ArrowUp" if !mods.composing => Some(KeyAction::HistoryOlder),
            "ArrowDown" if !mods.composing => Some(KeyAction::HistoryNewer),
            "Tab" if !mods.composing && !mods.shift && !mods.ctrl && !mods.alt && !mods.meta && !mods.empty_line => {
                Some(KeyAction::Complete)
            }
            _ => None,
        }
    }
}

/// Turns wall-clock readings into simulated-time steps, at a chosen speed.
///
/// Each step is capped so a stalled tab (or a debugger pause) does not make the simulation jump
/// ahead by minutes at once; fractions of a millisecond are carried to the next step.
#[derive(Clone, Debug)]
pub struct Pacer {
    last: Option<f64>,
    carry: f64,
    /// The most wall-clock time one step accounts for, in ms.
    cap_ms: u64,
    /// Simulated ms per wall-clock ms.
    speed: f64,
}

impl Pacer {
    pub fn new(cap_ms: u64) -> Pacer {
        Pacer { last: None, carry: 0.0, cap_ms, speed: 1.0 }
    }

    /// Simulated time runs `speed` times as fast as the wall clock (0.5 = half as fast).
    pub fn set_speed(&mut self, speed: f64) {
        self.speed = if speed.is_finite() && speed > 0.0 { speed } else { 1.0 };
    }

    /// Forgets the last reading: the next step after a pause advances nothing.
    pub fn pause(&mut self) {
        self.last = None;
        self.carry = 0.0;
    }

    /// Milliseconds of simulated time to advance, given the wall clock now (in ms).
    pub fn step(&mut self, now_ms: f64) -> u64 {
        let Some(last) = self.last.replace(now_ms) else {
            return 0;
        };
        let wall = crate::decimal::clamp(now_ms - last, 0.0, self.cap_ms as f64);
        let elapsed = wall * self.speed + self.carry;
        let whole = elapsed.floor();
        self.carry = elapsed - whole;
        whole as u64
    }
}

/// A screen's text cut into pieces at line ends, each with a key that names its text: where a
/// piece ends depends only on its own lines (a line whose hash ends in five zero bits ends one,
/// or one past [`MAX_PIECE`] bytes), so a screen that scrolled (its start cut) or printed more
/// (its end grown) has the same pieces in the middle, with the same keys. The past screens are
/// drawn as these pieces (`terminal.rs`): a step in time redraws and lays out the pieces that
/// changed, not 64 KB of text.
pub fn pieces(text: &str) -> Vec<(u64, &str)> {
    const MIN_PIECE: usize = 512;
    let mut out: Vec<(u64, &str)> = Vec::new();
    let (mut start, mut hash) = (0, FNV);
    let mut line_hash = FNV;
    for (i, b) in text.bytes().enumerate() {
        hash = fnv(hash, b);
        line_hash = fnv(line_hash, b);
        if b != b'\n' {
            continue;
        }
        let len = i + 1 - start;
        if (line_hash & 31 == 0 && len >= MIN_PIECE) || len >= MAX_PIECE {
            out.push((hash, &text[start..=i]));
            (start, hash) = (i + 1, FNV);
        }
        line_hash = FNV;
    }
    if start < text.len() {
        out.push((hash, &text[start..]));
    }
    // The same text twice gets two keys (a keyed list's keys are unique).
    for i in 1..out.len() {
        while out[..i].iter().any(|(k, _)| *k == out[i].0) {
            out[i].0 = fnv(out[i].0, 1);
        }
    }
    out
}

/// A piece ends after [`pieces`]' chosen lines, or at the first line end past this many bytes.
const MAX_PIECE: usize = 8192;
const FNV: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_accumulates() {
        let mut s = Scrollback::default();
        assert!(s.push("hola\n"));
        assert!(s.push("mundo\n"));
        assert!(!s.push(""));
        assert_eq!(s.as_str(), "hola\nmundo\n");
    }

    #[test]
    fn clear_sequence_keeps_only_what_follows() {
        let mut s = Scrollback::default();
        s.push("old\n");
        assert!(s.push(&format!("x\n{CLEAR}new\n")));
        assert_eq!(s.as_str(), "new\n");
    }

    #[test]
    fn clear_alone_empties_the_screen() {
        let mut s = Scrollback::default();
        s.push("a");
        assert!(s.push(CLEAR));
        assert_eq!(s.as_str(), "");
    }

    #[test]
    fn clear_split_across_chunks() {
        let mut s = Scrollback::default();
        s.push("old\n\x1b[H\x1b");
        assert_eq!(s.as_str(), "old\n");
        s.push("[2");
        s.push("Jnew");
        assert_eq!(s.as_str(), "new");
    }

    #[test]
    fn other_escapes_are_dropped() {
        let mut s = Scrollback::default();
        s.push("\x1b[1;32mverde\x1b[0m y \x1b[Kfin\r\n");
        assert_eq!(s.as_str(), "verde y fin\n");
    }

    #[test]
    fn reset_escape_clears() {
        let mut s = Scrollback::default();
        s.push("a\n\x1bcb");
        assert_eq!(s.as_str(), "b");
    }

    #[test]
    fn malformed_csi_keeps_text() {
        let mut s = Scrollback::default();
        s.push("\x1b[\u{e9}t\u{e9}");
        assert_eq!(s.as_str(), "\u{e9}t\u{e9}");
        s.push("\x1b\u{f1}x");
        assert_eq!(s.as_str(), "\u{e9}t\u{e9}x");
    }

    #[test]
    fn explicit_clear_forgets_pending_escape() {
        let mut s = Scrollback::default();
        s.push("a\x1b[");
        s.clear();
        assert!(s.is_empty());
        s.push("b");
        assert_eq!(s.as_str(), "b");
    }

    #[test]
    fn scrollback_is_bounded() {
        let mut s = Scrollback::new(3);
        for i in 0..10 {
            s.push(&format!("line {i}\n"));
        }
        assert_eq!(s.as_str(), "line 7\nline 8\nline 9\n");
    }

    #[test]
    fn history_browses_and_restores_the_draft() {
        let mut h = History::default();
        assert_eq!(h.older("x"), None);
        h.record("docker ps");
        h.record("docker ps");
        h.record("   ");
        h.record("docker images");
        assert_eq!(h.older("dra"), Some("docker images"));
        assert_eq!(h.older("ignored"), Some("docker ps"));
        assert_eq!(h.older("ignored"), None);
        assert_eq!(h.newer(), Some("docker images"));
        assert_eq!(h.newer(), Some("dra"));
        assert_eq!(h.newer(), None);
    }

    #[test]
    fn keys_map_to_actions() {
        let none = KeyMods::default();
        let ctrl = KeyMods { ctrl: true, ..none };
        assert_eq!(KeyAction::from_key("Enter", none), Some(KeyAction::Submit));
        let composing = KeyMods { composing: true, ..none };
        assert_eq!(KeyAction::from_key("Enter", composing), None);
        assert_eq!(KeyAction::from_key("c", ctrl), Some(KeyAction::Interrupt));
        assert_eq!(KeyAction::from_key("c", none), None);
        let copying = KeyMods { selection: true, ..ctrl };
        assert_eq!(KeyAction::from_key("c", copying), None, "Ctrl-C copies a selection");
        let cmd = KeyMods { meta: true, ..ctrl };
        assert_eq!(KeyAction::from_key("c", cmd), None);
        assert_eq!(KeyAction::from_key("L", ctrl), Some(KeyAction::Clear));
        assert_eq!(KeyAction::from_key("p", ctrl), Some(KeyAction::Control(16)));
        assert_eq!(KeyAction::from_key("Q", ctrl), Some(KeyAction::Control(17)));
        assert_eq!(KeyAction::from_key("p", none), None);
        assert_eq!(KeyAction::from_key("d", ctrl), Some(KeyAction::EndOfInput), "not the browser's bookmark");
        assert_eq!(KeyAction::from_key("d", none), None);
        assert_eq!(KeyAction::from_key("ArrowUp", none), Some(KeyAction::HistoryOlder));
        assert_eq!(KeyAction::from_key("ArrowDown", none), Some(KeyAction::HistoryNewer));
        assert_eq!(KeyAction::from_key("a", none), None);
        let typing = KeyMods { empty_line: false, ..none };
        assert_eq!(KeyAction::from_key("Tab", typing), Some(KeyAction::Complete));
        let empty = KeyMods { empty_line: true, ..none };
        assert_eq!(KeyAction::from_key("Tab", empty), None, "Tab on an empty line moves the focus");
        assert_eq!(KeyAction::from_key("Tab", KeyMods { shift: true, ..typing }), None);
    }

    #[test]
    fn pacer_caps_and_carries() {
        let mut p = Pacer::new(100);
        assert_eq!(p.step(1000.0), 0);
        assert_eq!(p.step(1010.5), 10);
        // 10.5 + 0.5 carried: the half millisecond is not lost.
        assert_eq!(p.step(1021.0), 11);
        assert_eq!(p.step(6021.0), 100, "a stalled tab advances one capped step");
        assert_eq!(p.step(6000.0), 0, "a clock going backwards advances nothing");
    }

    #[test]
    fn pacer_speeds_up_slows_down_and_pauses() {
        let mut p = Pacer::new(100);
        p.set_speed(10.0);
        p.step(0.0);
        assert_eq!(p.step(50.0), 500);
        assert_eq!(p.step(5050.0), 1000, "the cap is in wall-clock time");
        p.set_speed(0.5);
        assert_eq!(p.step(5051.0), 0);
        assert_eq!(p.step(5052.0), 1, "half milliseconds add up");
        p.pause();
        assert_eq!(p.step(9000.0), 0, "no jump after a pause");
        p.set_speed(f64::NAN);
        assert_eq!(p.step(9010.0), 10);
    }

    #[test]
    fn a_screen_in_pieces_keeps_its_middle_when_it_scrolls_or_grows() {
        let text: String = (0..3000).map(|i| format!("línea {i}: salida de un comando\n")).collect();
        let all = pieces(&text);
        assert!(all.len() > 10, "{} pieces", all.len());
        assert_eq!(all.iter().map(|(_, t)| *t).collect::<String>(), text, "the pieces are the text");
        assert!(all.iter().all(|(_, t)| t.ends_with('\n') && t.len() <= MAX_PIECE + 64));
        let keys = |p: &[(u64, &str)]| p.iter().map(|(k, _)| *k).collect::<Vec<_>>();
        // Scrolled: the first 100 lines gone; grown: more lines at the end.
        let cut = text.match_indices('\n').nth(99).unwrap().0 + 1;
        let scrolled = format!("{}más\ny más\n", &text[cut..]);
        let after = pieces(&scrolled);
        let (old, new) = (keys(&all), keys(&after));
        let kept = new.iter().filter(|k| old.contains(k)).count();
        assert!(kept + 3 >= new.len(), "all but the first and last pieces kept: {kept} of {}", new.len());
        // Keys are unique even for the same text twice.
        let twice = format!("{text}{text}");
        let mut k = keys(&pieces(&twice));
        let n = k.len();
        k.sort_unstable();
        k.dedup();
        assert_eq!(k.len(), n);
        assert_eq!(pieces(""), []);
        assert_eq!(pieces("sin fin de línea"), [(pieces("sin fin de línea")[0].0, "sin fin de línea")]);
    }
}
