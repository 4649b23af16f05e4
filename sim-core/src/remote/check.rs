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
