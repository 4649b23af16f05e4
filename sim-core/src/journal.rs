//! What came into a session from outside, and when: lines typed, Ctrl-C,
//! terminals opened and closed, files the editor wrote, renamed or removed.
//!
//! The simulator is deterministic, so a fresh session with the same seed that
//! receives the same inputs at the same simulated times ends in the same state
//! — containers, networks, volumes, logs and what every terminal printed. The
//! page keeps this journal instead of a snapshot of the world: it is small,
//! plain text, and a reload replays it ([`crate::Session::replay`]) to bring
//! back everything a student had running.

use crate::time::SimTime;

/// One input from outside the simulator.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Input {
    Submit {
        term: usize,
        line: String,
    },
    Interrupt {
        term: usize,
    },
    /// A control key other than Ctrl-C (`^P`, `^Q`: Docker's detach keys), by the byte it sends.
    Ctrl {
        term: usize,
        code: u8,
    },
    OpenTerminal,
    CloseTerminal {
        term: usize,
    },
    WriteFile {
        path: String,
        data: String,
    },
    RemoveFile {
        path: String,
    },
    RenameFile {
        from: String,
        to: String,
    },
    /// A fault from the page's container menu (see [`crate::world::Fault`]).
    Fault {
        container: String,
        fault: crate::world::Fault,
    },
    /// The terminals' window was resized to `cols`×`rows` character cells (see
    /// [`crate::Session::resize`]): journaled because what programs print may depend on it.
    Resize {
        cols: usize,
        rows: usize,
    },
}

/// An input and the simulated time (ms) it arrived at.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub at: u64,
    pub input: Input,
}

/// The inputs of a session in order, up to a size limit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Journal {
    entries: Vec<Entry>,
    /// Bytes of text the entries hold (lines and file contents).
    bytes: usize,
    /// Inputs were dropped for size: replaying would not give the same state.
    overflowed: bool,
    /// Bumped by every recorded input (a replaced save changes no length but this).
    revision: u64,
}

/// Beyond this much text the journal stops recording. The page saves it in IndexedDB, which holds
/// far more; 64 MiB keeps a 20 MB workspace (its files written into the journal too) replayable.
pub const MAX_BYTES: usize = 64 << 20;

impl Journal {
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Changes whenever an input is recorded: whether there is something new to save.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Inputs were dropped: the journal no longer describes the session.
    pub fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// A journal of `entries` (another journal's first ones), as recording them gives.
    pub fn of(entries: &[Entry]) -> Journal {
        let mut j = Journal::default();
        for e in entries {
            j.record(SimTime::ZERO.plus(e.at), e.input.clone());
        }
        j
    }

    /// Records `input` at `at`. A file written again before anything else
    /// happened replaces its previous write (the editor saves as you type).
    pub fn record(&mut self, at: SimTime, input: Input) {
        if self.overflowed {
            return;
        }
        self.revision += 1;
        if let (Input::WriteFile { path, .. }, Some(last)) = (&input, self.entries.last()) {
            if matches!(&last.input, Input::WriteFile { path: p, .. } if p == path) {
                let old = self.entries.pop().map_or(0, |e| size(&e.input));
                self.bytes -= old;
            }
        }
        let n = size(&input);
        if self.bytes + n > MAX_BYTES {
            self.overflowed = true;
            self.entries.clear();
            self.bytes = 0;
            return;
        }
        self.bytes += n;
        self.entries.push(Entry { at: at.ms(), input });
    }

    /// Plain text, one entry per line: `<ms> <kind> <fields…>`, each field
    /// escaped so it holds no space or newline.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if self.overflowed {
            out.push_str("overflowed\n");
        }
        for e in &self.entries {
            let fields: Vec<String> = match &e.input {
                Input::Submit { term, line } => vec!["s".into(), term.to_string(), escape(line)],
                Input::Interrupt { term } => vec!["i".into(), term.to_string()],
                Input::Ctrl { term, code } => vec!["k".into(), term.to_string(), code.to_string()],
                Input::OpenTerminal => vec!["o".into()],
                Input::CloseTerminal { term } => vec!["c".into(), term.to_string()],
                Input::WriteFile { path, data } => vec!["w".into(), escape(path), escape(data)],
                Input::RemoveFile { path } => vec!["r".into(), escape(path)],
                Input::RenameFile { from, to } => vec!["m".into(), escape(from), escape(to)],
                Input::Fault { container, fault } => vec!["f".into(), escape(container), escape(&fault_code(fault))],
                Input::Resize { cols, rows } => vec!["z".into(), cols.to_string(), rows.to_string()],
            };
            out.push_str(&e.at.to_string());
            for f in fields {
                out.push(' ');
                out.push_str(&f);
            }
            out.push('\n');
        }
        out
    }

    /// Reads [`Journal::encode`]'s text; `None` if any line is malformed or
    /// times go backwards.
    pub fn decode(text: &str) -> Option<Journal> {
        let mut j = Journal::default();
        let mut last = 0;
        for line in text.lines() {
            if line == "overflowed" {
                j.overflowed = true;
                continue;
            }
            let f: Vec<&str> = line.split(' ').collect();
            let at: u64 = f.first()?.parse().ok()?;
            if at < last {
                return None;
            }
            last = at;
            let term = |i: usize| -> Option<usize> { f.get(i)?.parse().ok() };
            let text = |i: usize| -> Option<String> { unescape(f.get(i)?) };
            let input = match (f.get(1).copied()?, f.len()) {
                ("s", 4) => Input::Submit { term: term(2)?, line: text(3)? },
                ("i", 3) => Input::Interrupt { term: term(2)? },
                ("k", 4) => Input::Ctrl { term: term(2)?, code: f.get(3)?.parse().ok()? },
                ("o", 2) => Input::OpenTerminal,
                ("c", 3) => Input::CloseTerminal { term: term(2)? },
                ("w", 4) => Input::WriteFile { path: text(2)?, data: text(3)? },
                ("r", 3) => Input::RemoveFile { path: text(2)? },
                ("m", 4) => Input::RenameFile { from: text(2)?, to: text(3)? },
                ("f", 4) => Input::Fault { container: text(2)?, fault: parse_fault(&text(3)?)? },
                ("z", 4) => Input::Resize { cols: f.get(2)?.parse().ok()?, rows: f.get(3)?.parse().ok()? },
                _ => return None,
            };
            j.bytes += size(&input);
            j.entries.push(Entry { at, input });
        }
        Some(j)
    }
}

/// `stop`, `kill`, `crash:3`, `oom`, `disconnect:mynet`.
fn fault_code(f: &crate::world::Fault) -> String {
    use crate::world::Fault;
    match f {
        Fault::Stop => "stop".into(),
        Fault::Kill => "kill".into(),
        Fault::Crash(code) => format!("crash:{code}"),
        Fault::OutOfMemory => "oom".into(),
        Fault::Disconnect(net) => format!("disconnect:{net}"),
    }
}

fn parse_fault(s: &str) -> Option<crate::world::Fault> {
    use crate::world::Fault;
    Some(match s.split_once(':') {
        None if s == "stop" => Fault::Stop,
        None if s == "kill" => Fault::Kill,
        None if s == "oom" => Fault::OutOfMemory,
        Some(("crash", code)) => Fault::Crash(code.parse().ok()?),
        Some(("disconnect", net)) => Fault::Disconnect(net.to_string()),
        _ => return None,
    })
}

fn size(input: &Input) -> usize {
    match input {
        Input::Submit { line, .. } => line.len() + 8,
        Input::WriteFile { path, data } => path.len() + data.len() + 8,
        Input::RemoveFile { path } => path.len() + 8,
        Input::RenameFile { from, to } => from.len() + to.len() + 8,
        Input::Fault { container, .. } => container.len() + 16,
        _ => 8,
    }
}

/// `%` escapes for `%`, space, newline and carriage return; an empty field is `%e`.
fn escape(s: &str) -> String {
    if s.is_empty() {
        return "%e".into();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%p"),
            ' ' => out.push_str("%s"),
            '\n' => out.push_str("%n"),
            '\r' => out.push_str("%r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(s: &str) -> Option<String> {
    if s == "%e" {
        return Some(String::new());
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            'p' => '%',
            's' => ' ',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: u64) -> SimTime {
        SimTime::ZERO.plus(ms)
    }

    #[test]
    fn round_trips_through_text() {
        let mut j = Journal::default();
        j.record(at(0), Input::WriteFile { path: "a b.txt".into(), data: "100% sí\nlínea 2\r\n".into() });
        j.record(at(5), Input::Submit { term: 0, line: "echo  hola %s".into() });
        j.record(at(9), Input::Submit { term: 0, line: String::new() });
        j.record(at(9), Input::OpenTerminal);
        j.record(at(12), Input::Interrupt { term: 1 });
        j.record(at(12), Input::Ctrl { term: 1, code: 16 });
        j.record(at(12), Input::CloseTerminal { term: 1 });
        j.record(at(20), Input::RenameFile { from: "a b.txt".into(), to: "c.txt".into() });
        j.record(at(21), Input::RemoveFile { path: "c.txt".into() });
        for fault in [
            crate::world::Fault::Stop,
            crate::world::Fault::Kill,
            crate::world::Fault::Crash(3),
            crate::world::Fault::OutOfMemory,
            crate::world::Fault::Disconnect("mi red".into()),
        ] {
            j.record(at(30), Input::Fault { container: "web".into(), fault });
        }
        j.record(at(31), Input::Resize { cols: 132, rows: 40 });
        let back = Journal::decode(&j.encode()).expect("decodes");
        assert_eq!(back.entries(), j.entries());
        assert_eq!(back.encode(), j.encode());
    }

    #[test]
    fn a_file_saved_again_replaces_its_last_save() {
        let mut j = Journal::default();
        j.record(at(1), Input::WriteFile { path: "f".into(), data: "a".into() });
        j.record(at(2), Input::WriteFile { path: "f".into(), data: "ab".into() });
        assert_eq!(j.len(), 1);
        j.record(at(3), Input::Submit { term: 0, line: "cat f".into() });
        j.record(at(4), Input::WriteFile { path: "f".into(), data: "abc".into() });
        assert_eq!(j.len(), 3);
    }

    #[test]
    fn stops_at_the_size_limit() {
        let mut j = Journal::default();
        let big = "x".repeat(MAX_BYTES / 2);
        j.record(at(1), Input::WriteFile { path: "a".into(), data: big.clone() });
        j.record(at(2), Input::WriteFile { path: "b".into(), data: big });
        assert!(j.overflowed());
        assert!(j.is_empty(), "an overflowed journal keeps nothing (it cannot be replayed)");
        assert!(Journal::decode(&j.encode()).unwrap().overflowed());
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "x s 0 a",
            "5 s 0",
            "5 q",
            "5 w a",
            "9 o\n3 o",
            "1 s 0 %z",
            "1 s x a",
            "1 f web crash:x",
            "1 f web boom",
            "1 z 80",
            "1 z 80 x",
        ] {
            assert_eq!(Journal::decode(bad), None, "{bad:?}");
        }
        assert_eq!(Journal::decode(""), Some(Journal::default()));
    }
}
