//! Validation as you type, run by the simulator's worker for the page's editor: the open Compose
//! file goes through [`crate::compose::load`] exactly as `docker compose config` would read it,
//! with the editor's unsaved text standing in for the file on disk and every other file read
//! from the simulated host. It runs here, not on the page, because the Compose loader is a fifth
//! of the page's wasm (~90 KB gzip) and the worker holds it anyway; the round trip is a message
//! each way (see [`super::ToSim::Check`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::compose::{self, options};
use crate::{Lang, Session, PROJECT_DIR};

/// One problem to show: its line in the open file (if it is there), Muelle's explanation and
/// Docker's own text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The line in the open file; `None` when the problem is elsewhere (or nowhere).
    pub line: Option<u32>,
    /// The 1-based column (in characters) on that line, when compose gave one.
    pub col: Option<u32>,
    /// `compose.yaml:4:5`, or empty when compose gave no place.
    pub place: String,
    pub warning: bool,
    /// Muelle's explanation, translated, without the place.
    pub text: String,
    /// What docker compose prints.
    pub compose: String,
}

impl Problem {
    /// The place and the explanation, as the CLI writes them.
    pub fn explain(&self) -> String {
        if self.place.is_empty() {
            self.text.clone()
        } else {
            format!("{}: {}", self.place, self.text)
        }
    }
}

/// Validates `text` as the content of `rel` (relative to the project folder).
pub fn check(session: &Session, rel: &str, text: &str, lang: Lang) -> Vec<Problem> {
    let abs = format!("{PROJECT_DIR}/{rel}");
    let read = |p: &str| -> Option<Vec<u8>> {
        if p == abs {
            Some(text.as_bytes().to_vec())
        } else {
            session.read_host_file(p).ok()
        }
    };
    let cli = options::CliOptions { files: vec![abs.clone()], ..Default::default() };
    let here = |loc: &Option<compose::Location>| {
        loc.as_ref()
            .filter(|l| l.file == abs || l.file == rel || compose::basename(&l.file) == rel)
            .map(|l| (l.line, l.col))
    };
    let problem = |loc: &Option<compose::Location>, warning, text: String, compose: &str| Problem {
        line: here(loc).map(|h| h.0),
        col: here(loc).map(|h| h.1),
        place: loc.as_ref().map(|l| format!("{}:{}:{}", shorten(&l.file), l.line, l.col)).unwrap_or_default(),
        warning,
        text,
        compose: compose.to_string(),
    };
    let resolved = match options::resolve(&cli, PROJECT_DIR, &BTreeMap::new(), &read) {
        Ok(r) => r,
        Err(d) => return vec![problem(&d.loc, false, d.msg.text(lang), &d.compose)],
    };
    let mut out: Vec<Problem> =
        resolved.warnings.iter().map(|w| problem(&w.loc, true, w.msg.text(lang), &w.compose)).collect();
    match compose::load_resolved(&resolved, &read) {
        Ok((_, warnings)) => out.extend(warnings.iter().map(|w| problem(&w.loc, true, w.msg.text(lang), &w.compose))),
        Err(ds) => {
            for d in &ds {
                match &d.msg {
                    // Every TAB of the indentation is its own problem at its own line and column
                    // (yaml.v3 names only the first; `compose_says` is what it prints for each
                    // once those before it are gone).
                    compose::diag::Msg::TabIndent { more } if d.loc.is_some() => {
                        let first = d.loc.clone();
                        let rest =
                            more.iter().map(|&(line, col)| first.clone().map(|l| compose::Location { line, col, ..l }));
                        for (i, loc) in std::iter::once(first.clone()).chain(rest).enumerate() {
                            let line = loc.as_ref().map_or(0, |l| l.line);
                            let says = if i == 0 { d.compose.clone() } else { compose::tabs::compose_says(line) };
                            out.push(problem(&loc, false, tab_text(lang).to_string(), &says));
                        }
                    }
                    _ => out.push(problem(&d.loc, false, d.msg.text(lang), &d.compose)),
                }
            }
        }
    }
    out
}

/// One TAB of an indentation, explained (the editor offers the fix beside the list).
fn tab_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "TAB en la sangría: YAML solo admite espacios (cámbialo por espacios)",
        Lang::En => "TAB in the indentation: YAML only allows spaces (replace it with spaces)",
    }
}

/// Drops the project folder from paths in a message (`/home/alumno/proyecto/compose.yaml:3:1:`
/// reads better as `compose.yaml:3:1:`).
fn shorten(s: &str) -> String {
    s.replace(&format!("{PROJECT_DIR}/"), "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SessionConfig;

    #[test]
    fn every_tab_of_the_indentation_is_its_own_problem_at_its_line_and_column() {
        let s = Session::new(SessionConfig { seed: 1, lang: Lang::Es });
        let text = "services:\n  web:\n    image: nginx\n\t  ports:\n  \t  - 80:80\n    environment:\n\t  A: \"1\"\n";
        let found = check(&s, "compose.yaml", text, Lang::Es);
        let at: Vec<_> = found.iter().map(|p| (p.line, p.col, p.warning)).collect();
        assert_eq!(at, [(Some(4), Some(1), false), (Some(5), Some(3), false), (Some(7), Some(1), false)], "{found:?}");
        assert!(found.iter().all(|p| p.text.starts_with("TAB en la sangría: YAML solo admite espacios")), "{found:?}");
        assert_eq!(found[0].compose, "yaml: line 4: found character that cannot start any token");
        assert_eq!(found[2].compose, "yaml: line 7: found character that cannot start any token");
        assert_eq!(found[1].place, "compose.yaml:5:3");
        let en = check(&s, "compose.yaml", text, Lang::En);
        assert!(en[0].text.starts_with("TAB in the indentation"), "{en:?}");
    }

    #[test]
    fn other_problems_keep_their_column() {
        let s = Session::new(SessionConfig { seed: 1, lang: Lang::En });
        let found =
            check(&s, "compose.yaml", "services:\n  web:\n    image: nginx\n    portz:\n      - 80\n", Lang::En);
        assert_eq!((found[0].line, found[0].col), (Some(4), Some(5)), "{found:?}");
    }
}
