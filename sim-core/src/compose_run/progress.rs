//! Compose v2's progress block, as its final screen looks on a TTY:
//! `[+] Running 3/3` then one line per resource, statuses aligned and the
//! elapsed time right-aligned at the terminal's width.

use crate::process::Io;

pub struct Line {
    pub kind: &'static str,
    pub name: String,
    pub status: String,
    pub ms: u64,
    pub ok: bool,
}

pub const WIDTH: usize = 80;

pub fn render(io: &mut Io, title: &str, lines: &[Line]) {
    if lines.is_empty() {
        return;
    }
    let done = lines.iter().filter(|l| l.ok).count();
    io.outln(&format!("[+] {title} {done}/{}", lines.len()));
    let name_w = lines.iter().map(|l| l.kind.len() + 1 + l.name.chars().count()).max().unwrap_or(0);
    for l in lines {
        let glyph = if l.ok { '✔' } else { '✘' };
        let head = format!(" {glyph} {:<name_w$}  {}", format!("{} {}", l.kind, l.name), l.status);
        let timer = format!("{:.1}s", l.ms as f64 / 1000.0);
        let pad = WIDTH.saturating_sub(head.chars().count() + timer.len()).max(1);
        io.outln(&format!("{head}{}{timer}", " ".repeat(pad)));
    }
}
