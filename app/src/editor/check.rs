//! Validation as you type: the open Compose file goes through [`sim_core::compose::load`] exactly
//! as `docker compose config` would read it, with the editor's unsaved text standing in for the
//! file on disk and every other file read from the simulated host.

use std::collections::BTreeMap;

use sim_core::compose::{self, options};
use sim_core::remote::Mirror;
use sim_core::PROJECT_DIR;

use crate::i18n::Lang;

/// One problem to show: its line in the open file (if it is there), Muelle's explanation and
/// Docker's own text.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The line in the open file; `None` when the problem is elsewhere (or nowhere).
    pub line: Option<u32>,
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

/// Whether `path` is a file `docker compose` picks up by itself (and so is worth validating).
pub fn is_compose(path: &str) -> bool {
    let name = compose::basename(path);
    options::DEFAULT_FILES.contains(&name) || options::OVERRIDE_FILES.contains(&name)
}

/// Validates `text` as the content of `rel` (relative to the project folder).
pub fn check(session: &Mirror, rel: &str, text: &str, lang: Lang) -> Vec<Problem> {
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
        loc.as_ref().filter(|l| l.file == abs || l.file == rel || compose::basename(&l.file) == rel).map(|l| l.line)
    };
    let problem = |loc: &Option<compose::Location>, warning, text: String, compose: &str| Problem {
        line: here(loc),
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
        Err(ds) => out.extend(ds.iter().map(|d| problem(&d.loc, false, d.msg.text(lang), &d.compose))),
    }
    out
}

/// Drops the project folder from paths in a message (`/home/alumno/proyecto/compose.yaml:3:1:`
/// reads better as `compose.yaml:3:1:`).
fn shorten(s: &str) -> String {
    s.replace(&format!("{PROJECT_DIR}/"), "")
}

/// Errors and warnings in `problems`.
pub fn counts(problems: &[Problem]) -> (usize, usize) {
    let errors = problems.iter().filter(|p| !p.warning).count();
    (errors, problems.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Sim;

    #[test]
    fn recognises_compose_files() {
        for p in ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", "app/compose.yaml"] {
            assert!(is_compose(p), "{p}");
        }
        assert!(!is_compose("web/index.html") && !is_compose("config.yaml"));
    }

    #[test]
    fn a_valid_file_has_no_errors_and_a_bad_one_is_located() {
        let s = Sim::start(1, Lang::Es, &[], None);
        let s = s.borrow();
        let ok = check(&s, "compose.yaml", "services:\n  web:\n    image: nginx\n", Lang::Es);
        assert_eq!(counts(&ok).0, 0, "{ok:?}");
        let bad = check(&s, "compose.yaml", "services:\n  web:\n    image: nginx\n    portz:\n      - 80\n", Lang::Es);
        assert_eq!(counts(&bad).0, 1, "{bad:?}");
        assert_eq!(bad[0].line, Some(4), "{bad:?}");
        assert!(!bad[0].compose.is_empty() && bad[0].explain().starts_with("compose.yaml:4:"), "{bad:?}");
    }

    #[test]
    fn other_files_come_from_the_simulated_disk() {
        let s = Sim::start(1, Lang::Es, &[], None);
        let text = "services:\n  web:\n    image: nginx\n    env_file: app.env\n";
        let missing = check(&s.borrow(), "compose.yaml", text, Lang::En);
        assert_eq!(counts(&missing).0, 1, "{missing:?}");
        s.borrow_mut().write_host_file("app.env", b"A=1\n").unwrap();
        assert_eq!(counts(&check(&s.borrow(), "compose.yaml", text, Lang::En)).0, 0);
    }
}
