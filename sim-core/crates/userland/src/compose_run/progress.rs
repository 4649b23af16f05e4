//! Compose v2's progress block, as its final screen looks on a TTY:
//! `[+] Running 3/3` then one line per resource, statuses aligned and the
//! elapsed time right-aligned at the terminal's width (the shell's [`crate::shell::TtySize`]:
//! `goterm.Width()`, 80 without a terminal).

use crate::process::Io;

pub struct Line {
    pub kind: &'static str,
    pub name: String,
    pub status: String,
    pub ms: u64,
    pub ok: bool,
}

/// Compose's `align`: the timer (`"%.1fs "`, with its trailing space) ends at
/// the terminal's last column; nothing pads a line that is already too long.
fn align(head: &str, ms: u64, width: usize) -> String {
    let timer = format!("{:.1}s ", ms as f64 / 1000.0);
    let pad = width.saturating_sub(head.chars().count() + timer.len());
    format!("{head}{}{timer}", " ".repeat(pad))
}

pub fn render(io: &mut Io, width: usize, title: &str, lines: &[Line]) {
    if lines.is_empty() {
        return;
    }
    let done = lines.iter().filter(|l| l.ok).count();
    io.outln(&format!("[+] {title} {done}/{}", lines.len()));
    let name_w = lines.iter().map(|l| l.kind.len() + 1 + l.name.chars().count()).max().unwrap_or(0);
    for l in lines {
        let glyph = if l.ok { '✔' } else { '✘' };
        let head = format!(" {glyph} {:<name_w$}  {}", format!("{} {}", l.kind, l.name), l.status);
        io.outln(&align(&head, l.ms, width));
    }
}

/// One pulled image: service, milliseconds, and its layers with theirs.
pub type Pull = (String, u64, Vec<(String, u64)>);

/// The pull block `up` prints before creating anything: one `<service>
/// Pulled` line per image (the word is the event's text, so it follows the
/// name after one space) and its layers indented below, each with its timer.
pub fn render_pulls(io: &mut Io, width: usize, title: &str, pulls: &[Pull]) {
    if pulls.is_empty() {
        return;
    }
    let total: usize = pulls.iter().map(|(_, _, l)| 1 + l.len()).sum();
    io.outln(&format!("[+] {title} {total}/{total}"));
    for (service, ms, layers) in pulls {
        io.outln(&align(&format!(" ✔ {service} Pulled "), *ms, width));
        for (layer, ms) in layers {
            io.outln(&align(&format!("   ✔ {layer} Pull complete "), *ms, width));
        }
    }
}
