//! What a lesson's texts may hold besides words: Markdown's `` `code` `` spans, and **run
//! buttons** — a code span followed by `{run}` or `{run=NAME}` — which the page shows as a button
//! that types the command into a terminal (the first one, or the one the lesson calls NAME,
//! opened when it is not), as if the student typed it.
//!
//! ```text
//! Mira las redes: `docker network ls`{run}. Sigue los registros: `docker logs -f web`{run=logs}
//! ```
//!
//! [`pieces`] splits a text for the page; [`faults`] is what the lesson reader reports (a
//! `{run…}` it cannot read, a button without a command), located at the text.

/// A part of a lesson text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Code(&'a str),
    /// A run button: the command, and the terminal's name (empty: the first terminal).
    Run {
        command: &'a str,
        terminal: &'a str,
    },
}

/// The most characters of a terminal's name.
pub const MAX_TERMINAL_NAME: usize = 24;

/// Whether `name` may name a terminal: 1–24 ASCII letters, digits, `_` or `-`.
pub fn valid_terminal(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_TERMINAL_NAME
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || b"_-".contains(&c))
}

/// The terminal a `{run…}` attribute at the start of `rest` names (`""` for `{run}`) and its
/// length, or `None` when `rest` does not start with a well-formed one.
fn attribute(rest: &str) -> Option<(&str, usize)> {
    let inner = rest.strip_prefix("{run")?;
    let end = inner.find('}')?;
    let name = match &inner[..end] {
        "" => "",
        eq => eq.strip_prefix('=').filter(|n| valid_terminal(n))?,
    };
    Some((name, 4 + end + 1))
}

/// Splits `text` into text, code spans and run buttons. An unpaired backtick stays as text; a
/// `{run…}` that is not well formed stays as text (the reader reports it).
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        let Some(len) = rest[start + 1..].find('`') else { break };
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        let code = &rest[start + 1..start + 1 + len];
        rest = &rest[start + len + 2..];
        match attribute(rest) {
            Some((terminal, n)) if !code.trim().is_empty() && !code.contains('\n') => {
                out.push(Piece::Run { command: code.trim(), terminal });
                rest = &rest[n..];
            }
            _ => out.push(Piece::Code(code)),
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// What is wrong with a run button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// `{run…}` written wrong (`{run:x}`, `{run=}`, a name with spaces, no `}`): what was written.
    Malformed(String),
    /// `{run}` after something that is not a code span with a command in it.
    NoCommand,
    /// A command over several lines.
    MultiLine,
}

/// The run buttons of `text` that cannot work.
pub fn faults(text: &str) -> Vec<Fault> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{run") {
        let at = from + i;
        from = at + 4;
        let rest = &text[at..];
        // `{running}` is a word, not an attribute.
        if rest[4..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            continue;
        }
        if attribute(rest).is_none() {
            let shown: String = rest.chars().take_while(|c| *c != '\n').take(40).collect();
            let shown = shown.find('}').map_or(shown.clone(), |e| shown[..=e].to_string());
            out.push(Fault::Malformed(shown));
            continue;
        }
        // The code span it belongs to ends just before it.
        let before = &text[..at];
        let code = before
            .strip_suffix('`')
            .and_then(|b| b.rfind('`').map(|s| &b[s + 1..]))
            .filter(|_| before.matches('`').count().is_multiple_of(2));
        match code {
            Some(c) if c.contains('\n') => out.push(Fault::MultiLine),
            Some(c) if !c.trim().is_empty() => {}
            _ => out.push(Fault::NoCommand),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_run_buttons() {
        use Piece::*;
        assert_eq!(
            pieces("usa `docker ps`{run} o `docker logs -f web`{run=logs} y `ls`."),
            [
                Text("usa "),
                Run { command: "docker ps", terminal: "" },
                Text(" o "),
                Run { command: "docker logs -f web", terminal: "logs" },
                Text(" y "),
                Code("ls"),
                Text("."),
            ]
        );
        assert_eq!(pieces("`a`{run=mal nombre}"), [Code("a"), Text("{run=mal nombre}")]);
        assert_eq!(pieces("sin cierre `x{run}"), [Text("sin cierre `x{run}")]);
        assert_eq!(pieces("` `{run}"), [Code(" "), Text("{run}")]);
        assert_eq!(pieces("ñ `ü`{run=t2} é"), [Text("ñ "), Run { command: "ü", terminal: "t2" }, Text(" é")]);
        assert_eq!(pieces("`ls`{run=tú}"), [Code("ls"), Text("{run=tú}")]);
    }

    #[test]
    fn faults_name_what_cannot_work() {
        assert_eq!(faults("`docker ps`{run} `ls`{run=segunda} {running} ok"), []);
        assert_eq!(faults("`ls`{run:x}"), [Fault::Malformed("{run:x}".into())]);
        assert_eq!(faults("`ls`{run=}"), [Fault::Malformed("{run=}".into())]);
        assert_eq!(faults("`ls`{run=a b}"), [Fault::Malformed("{run=a b}".into())]);
        assert_eq!(faults("`ls`{run"), [Fault::Malformed("{run".into())]);
        assert_eq!(faults("pulsa {run}"), [Fault::NoCommand]);
        assert_eq!(faults("``{run}"), [Fault::NoCommand]);
        assert_eq!(faults("`a\nb`{run}"), [Fault::MultiLine]);
        // Every button of the text that `faults` passes is a button for `pieces`.
        let ok = "`docker ps`{run} y `ls -l`{run=dos}";
        assert_eq!(pieces(ok).iter().filter(|p| matches!(p, Piece::Run { .. })).count(), 2);
    }
}
