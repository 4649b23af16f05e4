//! The editor's window onto a big file, browser-free: which lines are worth drawing for a scroll
//! position, and the sizes that keep a big file from freezing the page.
//!
//! The textarea holds the whole text, or for a big file a window of it ([`super::window`]); the
//! layers drawn behind and beside it (colours, line numbers, problem marks) hold only the lines in view
//! plus a margin, between two empty blocks as tall as the lines left out. A 10 MB paste once
//! made 552,672 DOM nodes and 21.8 s per keystroke; now the DOM holds about a hundred lines
//! whatever the file's size. Every line has the same height (one font, one `line-height`), so a
//! scroll offset maps to a line by division.

use std::ops::Range;

/// The largest file the editor edits, in bytes of UTF-8. Larger pastes are refused at once;
/// larger files on the simulated disk open as a notice. Chosen to fit what saving holds (a
/// workspace of 20 MB survives a reload; a share link carries at most 8 MB before compression)
/// with room for the rest of the project, while a keystroke stays far under 50 ms.
pub const MAX_EDIT_BYTES: usize = 4 * 1024 * 1024;
/// Compose files up to this size are checked 300 ms after typing stops.
pub const QUICK_CHECK_BYTES: usize = 32 * 1024;
/// Compose files up to this size are checked after a longer pause ([`SLOW_CHECK_AFTER_MS`]);
/// larger ones are not checked as you type (`docker compose config` still checks them). Checking
/// grows faster than the file: natively 3 ms for 9 KB, 150 ms for 93 KB, 580 ms for 283 KB.
pub const MAX_CHECK_BYTES: usize = 256 * 1024;
// What the editor checks it can also edit.
const _: () = assert!(MAX_CHECK_BYTES <= MAX_EDIT_BYTES);
/// Quiet time before checking a Compose file over [`QUICK_CHECK_BYTES`].
pub const SLOW_CHECK_AFTER_MS: u32 = 1_500;
/// Lines drawn above and below the visible ones, so a short scroll shows drawn lines at once.
pub const MARGIN: usize = 40;
/// The line height until the page has measured one (13 px × 1.5, as `style.css` sets).
pub const DEFAULT_LINE_HEIGHT: f64 = 19.5;
/// The viewport height assumed until the page has measured it (taller than most screens).
pub const DEFAULT_VIEWPORT: f64 = 1_200.0;
/// The tallest viewport believed (taller than any screen): a scroller measured taller has no
/// height of its own yet (no style sheet, a layout in progress) and would put a whole big file
/// in the window and the layers.
pub const MAX_VIEWPORT: f64 = 4_000.0;
/// Lines longer than this (in bytes) are drawn uncoloured: one text node, however long.
pub const LONG_LINE: usize = 2_000;

/// Where each line starts in a text, and its longest line: built once per text (one pass).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lines {
    /// Byte offset of each line's first character; the first is 0. A text ending in `\n` has an
    /// empty last line, as the textarea shows it.
    starts: Vec<usize>,
    len: usize,
    /// The longest line in bytes (an upper bound of its width in characters).
    widest: usize,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        let mut widest = 0;
        let mut last = 0;
        // `match_indices` of one ASCII byte searches a word at a time (memchr).
        for (i, _) in text.match_indices('\n') {
            widest = widest.max(i - last);
            last = i + 1;
            starts.push(last);
        }
        widest = widest.max(text.len() - last);
        Lines { starts, len: text.len(), widest }
    }

    /// How many lines (an empty text has one).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The longest line's length in bytes.
    pub fn widest(&self) -> usize {
        self.widest
    }

    /// The byte where line `i` starts (the text's end past the last line).
    pub fn start(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.len)
    }

    /// The line byte `b` is on (the last line past the end).
    pub fn line_at(&self, b: usize) -> usize {
        self.starts.partition_point(|&s| s <= b).saturating_sub(1)
    }

    /// Line `i` (0-based) of `text`, without its `\n`; empty past the end or if `text` is not
    /// the text these lines were built from.
    pub fn line<'a>(&self, text: &'a str, i: usize) -> &'a str {
        let Some(&start) = self.starts.get(i) else { return "" };
        let end = self.starts.get(i + 1).map_or(self.len, |&next| next - 1);
        text.get(start..end).unwrap_or("")
    }
}

/// The lines worth drawing: those in a viewport of `height` pixels scrolled `top` pixels down,
/// plus `margin` lines on each side, within `0..lines`. Non-finite or negative measures count as
/// none; a non-positive line height as [`DEFAULT_LINE_HEIGHT`].
pub fn visible(top: f64, height: f64, line_height: f64, lines: usize, margin: usize) -> Range<usize> {
    let lh = if line_height.is_finite() && line_height > 0.0 { line_height } else { DEFAULT_LINE_HEIGHT };
    let clean = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
    let (top, height) = (clean(top), clean(height));
    // `as usize` saturates: a huge offset is the last line, never a wrap-around.
    let first = ((top / lh) as usize).min(lines);
    let last = (((top + height) / lh).ceil() as usize).max(first + 1).min(lines);
    first.saturating_sub(margin)..last.saturating_add(margin).min(lines)
}

/// Whether the drawn lines still cover what must be seen (no redraw needed for this scroll).
pub fn covers(drawn: &Range<usize>, needed: &Range<usize>) -> bool {
    needed.is_empty() || (drawn.start <= needed.start && needed.end <= drawn.end)
}

/// The height in pixels of `n` lines (the empty blocks above and below the drawn lines).
pub fn height_of(n: usize, line_height: f64) -> f64 {
    n as f64 * line_height
}

/// Digits of the widest line number, so the gutter is wide enough before that line is drawn.
pub fn number_width(lines: usize) -> usize {
    let (mut digits, mut n) = (1, lines);
    while n >= 10 {
        n /= 10;
        digits += 1;
    }
    digits
}

/// A text's size once `selected` (UTF-16 offsets `start..end`) is replaced by `pasted` bytes.
pub fn size_after_paste(text: &str, start: u32, end: u32, pasted: usize) -> usize {
    let (a, b) = (super::text::byte_of(text, start.min(end)), super::text::byte_of(text, start.max(end)));
    text.len() - (b - a) + pasted
}

/// How long to wait after typing before checking a Compose file of `bytes`, or `None` when it
/// is too big to check as you type.
pub fn check_delay(bytes: usize, quick_ms: u32) -> Option<u32> {
    match bytes {
        b if b <= QUICK_CHECK_BYTES => Some(quick_ms),
        b if b <= MAX_CHECK_BYTES => Some(SLOW_CHECK_AFTER_MS),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_index_the_text() {
        let t = "services:\n  web:\n\n    image: nginx\n";
        let l = Lines::new(t);
        assert_eq!(l.count(), 5, "the empty line after the final newline counts");
        let all: Vec<&str> = (0..l.count()).map(|i| l.line(t, i)).collect();
        assert_eq!(all, ["services:", "  web:", "", "    image: nginx", ""]);
        assert_eq!(all, t.split('\n').collect::<Vec<_>>());
        assert_eq!(l.widest(), "    image: nginx".len());
        assert_eq!(l.line(t, 99), "");
        assert_eq!(Lines::new("").count(), 1);
        assert_eq!(Lines::new("ñandú").line("ñandú", 0), "ñandú");
        assert_eq!(Lines::new("a\nb").count(), super::super::text::line_count("a\nb"));
    }

    #[test]
    fn a_stale_index_never_panics() {
        let l = Lines::new("aaaa\nbbbb\ncccc");
        assert_eq!(l.line("ñ", 0), "", "an index of another text slices nothing");
        assert_eq!(l.line("", 2), "");
    }

    #[test]
    fn the_visible_range_follows_the_scroll_offset() {
        // 1,000 lines of 20 px in a 200 px viewport: 10 lines in view.
        assert_eq!(visible(0.0, 200.0, 20.0, 1_000, 0), 0..10);
        assert_eq!(visible(0.0, 200.0, 20.0, 1_000, 5), 0..15);
        assert_eq!(visible(2_000.0, 200.0, 20.0, 1_000, 0), 100..110);
        assert_eq!(visible(2_010.0, 200.0, 20.0, 1_000, 0), 100..111, "a line half in view is drawn");
        assert_eq!(visible(2_000.0, 200.0, 20.0, 1_000, 40), 60..150);
        assert_eq!(visible(19_900.0, 200.0, 20.0, 1_000, 40), 955..1_000, "clamped at the end");
        // The page's real line height, 19.5 px: line 1000 starts at 19,500 px.
        assert_eq!(visible(19_500.0, 195.0, 19.5, 50_000, 0), 1_000..1_010);
    }

    #[test]
    fn odd_measures_are_safe() {
        assert_eq!(visible(0.0, 200.0, 20.0, 0, 40), 0..0, "no lines, nothing drawn");
        assert_eq!(visible(f64::NAN, f64::INFINITY, f64::NAN, 10, 0), 0..1);
        assert_eq!(visible(-50.0, -1.0, 0.0, 10, 2), 0..3);
        assert_eq!(visible(1e300, 1e300, 1e-300, 10, 2), 8..10);
        assert_eq!(visible(0.0, 0.0, 20.0, 10, 0), 0..1, "a hidden editor still draws its first line");
    }

    #[test]
    fn redraws_only_when_the_drawn_lines_run_out() {
        let drawn = visible(2_000.0, 200.0, 20.0, 1_000, MARGIN);
        assert!(covers(&drawn, &visible(2_500.0, 200.0, 20.0, 1_000, 0)), "a short scroll stays inside");
        assert!(!covers(&drawn, &visible(4_000.0, 200.0, 20.0, 1_000, 0)), "a long one needs a redraw");
        assert!(covers(&(0..0), &(5..5)));
    }

    #[test]
    fn heights_and_gutter_width() {
        assert_eq!(height_of(0, 19.5), 0.0);
        assert_eq!(height_of(1_000, 19.5), 19_500.0);
        assert_eq!(number_width(1), 1);
        assert_eq!(number_width(9), 1);
        assert_eq!(number_width(10), 2);
        assert_eq!(number_width(52_429), 5);
    }

    #[test]
    fn a_paste_is_measured_before_it_lands() {
        assert_eq!(size_after_paste("abc", 1, 1, 10), 13);
        assert_eq!(size_after_paste("abc", 0, 3, 1), 1, "the selection is replaced");
        assert_eq!(size_after_paste("ñañ", 3, 1, 0), 2, "UTF-16 offsets, either order: «añ» is 3 bytes");
        assert!(size_after_paste("", 0, 0, 10 * 1024 * 1024) > MAX_EDIT_BYTES);
    }

    #[test]
    fn big_files_are_checked_later_or_not_as_you_type() {
        assert_eq!(check_delay(1_000, 300), Some(300));
        assert_eq!(check_delay(QUICK_CHECK_BYTES + 1, 300), Some(SLOW_CHECK_AFTER_MS));
        assert_eq!(check_delay(MAX_CHECK_BYTES, 300), Some(SLOW_CHECK_AFTER_MS));
        assert_eq!(check_delay(MAX_CHECK_BYTES + 1, 300), None);
    }
}
