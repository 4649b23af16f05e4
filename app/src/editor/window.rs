//! The textarea's window onto a big file, browser-free: which lines of the text the textarea
//! holds, how an edit of those lines becomes an edit of the whole text, and the undo history
//! the editor keeps itself once the textarea no longer holds everything.
//!
//! Why: a browser's textarea lays its whole text out again on every keystroke. With 1 MB in
//! it Chromium alone takes 60–80 ms per key on a 2-core laptop, whatever the page does, and
//! the budget is 50 ms. So a file over [`WINDOW_FROM_BYTES`] is not put into the textarea
//! whole: the textarea holds the lines in view and [`MARGIN`] lines each side (some 30 KB),
//! sits at their height inside a scroller as tall as the whole file, and is given other lines
//! as the view moves. Every edit the browser makes inside the window is spliced into the whole
//! text here ([`Window::splice`]). Files under the threshold keep the whole text in the
//! textarea, with the browser's own undo and find.
//!
//! What a window costs, and how it is covered:
//! - the browser's undo history ends where the textarea's value is replaced: [`History`] keeps
//!   one for windowed files (Ctrl+Z, Ctrl+Y, Ctrl+Shift+Z);
//! - the caret may be left outside the window when the student scrolls away from it: it is
//!   kept ([`Window::detached`] in the editor) and brought back before the next key acts;
//! - Ctrl+A selects the whole text: the window becomes the whole file until the selection
//!   goes (one slow keystroke rather than a wrong one);
//! - the browser's find (Ctrl+F) sees only the window.
//!
//! Offsets: the textarea measures in UTF-16 code units, the text is UTF-8 ([`super::text`]).

use std::ops::Range;

use super::text::{byte_of, utf16_of};
use super::view::Lines;

/// Files larger than this (bytes) are edited through a window; smaller ones whole.
pub const WINDOW_FROM_BYTES: usize = 128 * 1024;
/// Lines kept in the textarea above and below those in view.
pub const MARGIN: usize = 300;
/// The window moves when the lines in view and this many more on each side leave it.
pub const SLACK: usize = 60;
/// A window this many lines long is big enough to hold a selection with the view; a longer
/// selection leaves the caret detached (or, for Ctrl+A, the whole file in the textarea).
pub const MAX_LINES: usize = 4 * MARGIN;

/// The lines `lines` of a text (the textarea's value is those lines joined by `\n`, without the
/// `\n` after the last one) and the bytes they span.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub lines: Range<usize>,
    pub bytes: Range<usize>,
}

impl Window {
    /// The whole text.
    pub fn whole(text: &str, index: &Lines) -> Window {
        Window { lines: 0..index.count(), bytes: 0..text.len() }
    }

    /// Lines `want` of `text` (clamped to the text; never empty: a text has at least one line).
    pub fn of(text: &str, index: &Lines, want: Range<usize>) -> Window {
        let count = index.count();
        let first = want.start.min(count - 1);
        let end = want.end.clamp(first + 1, count);
        let start = index.start(first);
        let stop = if end == count { text.len() } else { index.start(end) - 1 };
        Window { lines: first..end, bytes: start..stop }
    }

    /// The textarea's value for this window.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.bytes.clone()).unwrap_or("")
    }

    /// Whether this is the whole of `text`.
    pub fn is_whole(&self, text: &str) -> bool {
        self.bytes == (0..text.len())
    }

    /// The whole text once the textarea's value became `value`, and the window it now is.
    pub fn splice(&self, text: &str, value: &str) -> (String, Window) {
        let (a, b) = (self.bytes.start.min(text.len()), self.bytes.end.min(text.len()));
        let mut out = String::with_capacity(text.len() - (b - a) + value.len());
        out.push_str(&text[..a]);
        out.push_str(value);
        out.push_str(&text[b..]);
        let lines = self.lines.start..self.lines.start + 1 + value.matches('\n').count();
        (out, Window { lines, bytes: a..a + value.len() })
    }

    /// The byte of the whole text at UTF-16 offset `u` of the textarea's value.
    pub fn doc_byte(&self, text: &str, u: u32) -> usize {
        self.bytes.start + byte_of(self.text(text), u)
    }

    /// The textarea's UTF-16 offset of byte `b` of the whole text, if the window holds it.
    pub fn local(&self, text: &str, b: usize) -> Option<u32> {
        if !self.bytes.contains(&b) && b != self.bytes.end {
            return None;
        }
        let mut at = b - self.bytes.start;
        let value = self.text(text);
        while !value.is_char_boundary(at) {
            at -= 1;
        }
        Some(utf16_of(value, at))
    }
}

/// Which line a byte of the text is on.
pub fn line_of(index: &Lines, b: usize) -> usize {
    index.line_at(b)
}

/// Whether the window must move: the view (with [`SLACK`]) left it, or it is far bigger than
/// a window need be and no selection holds it open.
pub fn must_move(window: &Range<usize>, view: &Range<usize>, lines: usize, selection_spread: bool) -> bool {
    let want = view.start.saturating_sub(SLACK)..(view.end + SLACK).min(lines);
    let outside = want.start < window.start || want.end > window.end;
    outside || (!selection_spread && window.len() > MAX_LINES)
}

/// The window for a view and, when it fits beside it, the selection's lines.
/// Returns the lines and whether the selection is inside them.
pub fn choose(view: &Range<usize>, selection: Option<&Range<usize>>, lines: usize) -> (Range<usize>, bool) {
    let around = view.start.saturating_sub(MARGIN)..(view.end + MARGIN).min(lines).max(1);
    match selection {
        Some(s) => {
            let with = around.start.min(s.start)..around.end.max(s.end + 1).min(lines).max(1);
            if with.len() <= MAX_LINES {
                (with, true)
            } else {
                (around, false)
            }
        }
        None => (around, true),
    }
}

/// The window around a selection (bytes `sel` of the whole text): its lines and [`MARGIN`]
/// each side, or the whole text for a selection longer than [`MAX_LINES`].
pub fn around_selection(index: &Lines, sel: &Range<usize>) -> Range<usize> {
    let (a, b) = (line_of(index, sel.start), line_of(index, sel.end));
    if b - a + 1 > MAX_LINES {
        return 0..index.count();
    }
    a.saturating_sub(MARGIN)..(b + 1 + MARGIN).min(index.count())
}

/// One edit of the whole text: at byte `at`, `removed` became `inserted`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub at: usize,
    pub removed: String,
    pub inserted: String,
}

impl Change {
    /// The change from `old` to `new` (their common start and end left out), or `None`.
    pub fn between(old: &str, new: &str, offset: usize) -> Option<Change> {
        let mut pre = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
        while !old.is_char_boundary(pre) || !new.is_char_boundary(pre) {
            pre -= 1;
        }
        let max_suf = old.len().min(new.len()) - pre;
        let mut suf = old.bytes().rev().zip(new.bytes().rev()).take(max_suf).take_while(|(a, b)| a == b).count();
        while !old.is_char_boundary(old.len() - suf) || !new.is_char_boundary(new.len() - suf) {
            suf -= 1;
        }
        let removed = &old[pre..old.len() - suf];
        let inserted = &new[pre..new.len() - suf];
        if removed.is_empty() && inserted.is_empty() {
            return None;
        }
        Some(Change { at: offset + pre, removed: removed.to_string(), inserted: inserted.to_string() })
    }

    /// Applies this change to `text` (`forward`) or takes it back; the caret's byte after it.
    pub fn apply(&self, text: &mut String, forward: bool) -> usize {
        let (from, to) = if forward { (&self.removed, &self.inserted) } else { (&self.inserted, &self.removed) };
        let at = self.at.min(text.len());
        // A change that does not fit the text (never made from it) changes nothing.
        if text.get(at..).is_none_or(|rest| !rest.starts_with(from.as_str())) {
            return at;
        }
        text.replace_range(at..at + from.len(), to);
        at + to.len()
    }
}

/// Undo and redo for a windowed file. Typing runs (insertions one after another, without a
/// line break, the first of them maybe over a selection) are one step, as a browser groups them.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

/// Steps kept; older ones are forgotten.
const HISTORY: usize = 500;

impl History {
    pub fn record(&mut self, c: Change) {
        self.redo.clear();
        if let Some(last) = self.undo.last_mut() {
            let typing = c.removed.is_empty() && !c.inserted.contains('\n');
            // What is typed over a selection goes on the selection's step.
            let run = !last.inserted.contains('\n');
            if typing && run && last.at + last.inserted.len() == c.at {
                last.inserted.push_str(&c.inserted);
                return;
            }
        }
        if self.undo.len() == HISTORY {
            self.undo.remove(0);
        }
        self.undo.push(c);
    }

    /// Takes back the last change; the caret's byte after it.
    pub fn undo(&mut self, text: &mut String) -> Option<usize> {
        let c = self.undo.pop()?;
        let at = c.apply(text, false);
        self.redo.push(c);
        Some(at)
    }

    /// Does again the last change taken back.
    pub fn redo(&mut self, text: &mut String) -> Option<usize> {
        let c = self.redo.pop()?;
        let at = c.apply(text, true);
        self.undo.push(c);
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: usize) -> String {
        (0..n).map(|i| format!("línea {i}\n")).collect()
    }

    #[test]
    fn a_window_is_whole_lines_of_the_text() {
        let t = text(10);
        let idx = Lines::new(&t);
        let w = Window::of(&t, &idx, 2..4);
        assert_eq!(w.text(&t), "línea 2\nlínea 3");
        assert_eq!(w.lines, 2..4);
        let end = Window::of(&t, &idx, 9..99);
        assert_eq!(end.text(&t), "línea 9\n", "the last window runs to the end, the final empty line included");
        assert_eq!(end.lines, 9..11);
        assert!(Window::of(&t, &idx, 0..999).is_whole(&t));
        assert_eq!(Window::of(&t, &idx, 50..60).lines, 10..11, "past the end: the last line");
        assert_eq!(Window::of("", &Lines::new(""), 0..0).bytes, 0..0);
    }

    #[test]
    fn an_edit_in_the_window_is_an_edit_of_the_whole_text() {
        let t = text(10);
        let idx = Lines::new(&t);
        let w = Window::of(&t, &idx, 2..4);
        let (out, w2) = w.splice(&t, "línea 2 ñ\nnueva\nlínea 3");
        assert_eq!(out, t.replace("línea 2\n", "línea 2 ñ\nnueva\n"));
        assert_eq!(w2.lines, 2..5);
        assert_eq!(w2.text(&out), "línea 2 ñ\nnueva\nlínea 3");
        // Its bytes are those of the new lines, whatever the text is.
        assert_eq!(w2, Window::of(&out, &Lines::new(&out), 2..5));
    }

    #[test]
    fn offsets_cross_between_the_textarea_and_the_text() {
        let t = text(10);
        let idx = Lines::new(&t);
        let w = Window::of(&t, &idx, 1..3);
        // «línea 1»: «í» is two bytes but one UTF-16 unit.
        let b = w.doc_byte(&t, 3);
        assert_eq!(&t[b..b + 3], "ea ");
        assert_eq!(w.local(&t, b), Some(3));
        assert_eq!(w.local(&t, 0), None, "line 0 is outside");
        assert_eq!(w.local(&t, w.bytes.end), Some(w.text(&t).encode_utf16().count() as u32));
        assert_eq!(w.local(&t, w.bytes.start + 2), Some(1), "inside «í»: before it");
    }

    #[test]
    fn the_window_moves_only_when_the_view_leaves_it() {
        let win = 1_000..1_700;
        assert!(!must_move(&win, &(1_300..1_340), 30_000, false));
        assert!(must_move(&win, &(1_650..1_690), 30_000, false), "too close to the end");
        assert!(must_move(&win, &(10..40), 30_000, false));
        assert!(!must_move(&(0..350), &(0..30), 30_000, false), "at the top there is nothing above");
        assert!(must_move(&(0..30_000), &(0..30), 30_000, false), "a whole-file window shrinks back");
        assert!(!must_move(&(0..30_000), &(0..30), 30_000, true), "unless a selection holds it");
    }

    #[test]
    fn the_window_keeps_a_near_selection_and_lets_a_far_one_go() {
        assert_eq!(choose(&(1_000..1_040), None, 30_000), (700..1_340, true));
        assert_eq!(choose(&(1_000..1_040), Some(&(1_500..1_500)), 30_000), (700..1_501, true));
        assert_eq!(choose(&(1_000..1_040), Some(&(20_000..20_000)), 30_000), (700..1_340, false));
        assert_eq!(choose(&(0..30), None, 20), (0..20, true));
        assert_eq!(choose(&(0..0), None, 1), (0..1, true));
    }

    #[test]
    fn undo_and_redo_restore_the_text() {
        let mut t = text(5);
        let orig = t.clone();
        let mut h = History::default();
        let edit = |t: &mut String, h: &mut History, new: String| {
            let c = Change::between(t, &new, 0).unwrap();
            h.record(c);
            *t = new;
        };
        edit(&mut t, &mut h, orig.replace("línea 1", "línea 1x"));
        edit(&mut t, &mut h, orig.replace("línea 1", "línea 1xy"));
        edit(&mut t, &mut h, orig.replace("línea 1", "línea 1xy\n"));
        let after = t.clone();
        // The line break went in after «línea 1xy»: the caret is back beside it.
        let undone_at = h.undo(&mut t).unwrap();
        assert!((10..=11).contains(&(undone_at - orig.find("línea 1").unwrap())), "{undone_at}");
        assert_eq!(t, orig.replace("línea 1", "línea 1xy"));
        assert!(h.undo(&mut t).is_some(), "«xy» typed in a run is one step");
        assert_eq!(t, orig);
        assert_eq!(h.undo(&mut t), None);
        h.redo(&mut t);
        h.redo(&mut t);
        assert_eq!(t, after);
        assert_eq!(h.redo(&mut t), None);
        // What is typed after a line break is a step of its own.
        let mut h = History::default();
        let mut t = orig.clone();
        edit(&mut t, &mut h, orig.replace("línea 1", "línea 1\n  "));
        edit(&mut t, &mut h, orig.replace("línea 1", "línea 1\n  n"));
        h.undo(&mut t);
        assert_eq!(t, orig.replace("línea 1", "línea 1\n  "));
        // Typing over a selection (select all, then a word) is one step.
        let mut h = History::default();
        let mut t = orig.clone();
        edit(&mut t, &mut h, "v".to_string());
        edit(&mut t, &mut h, "va".to_string());
        edit(&mut t, &mut h, "vac".to_string());
        h.undo(&mut t);
        assert_eq!(t, orig);
    }

    #[test]
    fn a_change_never_panics_on_a_text_it_does_not_fit() {
        let c = Change { at: 3, removed: "ñ".into(), inserted: "x".into() };
        let mut t = "añb".to_string();
        c.apply(&mut t, true);
        assert_eq!(t, "añb", "byte 3 is inside «ñ»'s neighbour, not «ñ»: nothing changes");
        let mut short = String::from("a");
        assert_eq!(c.apply(&mut short, true), 1);
        assert_eq!(short, "a");
        let mut fits = "añb".to_string();
        Change { at: 1, removed: "ñ".into(), inserted: "n".into() }.apply(&mut fits, true);
        assert_eq!(fits, "anb");
        assert_eq!(Change::between("abc", "abc", 0), None);
        assert_eq!(
            Change::between("ñaña", "ñeña", 10),
            Some(Change { at: 12, removed: "a".into(), inserted: "e".into() })
        );
    }

    #[test]
    fn a_far_selection_brings_its_own_window() {
        let t = text(5_000);
        let idx = Lines::new(&t);
        let b = idx.start(4_000);
        assert_eq!(around_selection(&idx, &(b..b)), 3_700..4_301);
        assert_eq!(around_selection(&idx, &(0..t.len())), 0..5_001, "select-all: the whole file");
    }
}
