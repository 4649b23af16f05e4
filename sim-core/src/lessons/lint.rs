//! `muelle lesson lint`'s static half: what can be found in a lesson without playing its
//! solution (the runner in `cli` plays it and adds [`super::ErrorKind::SolutionFails`]).
//!
//! Fault classes, each a located [`LessonError`]:
//! - everything [`super::Lesson::parse`] refuses: YAML, unknown keys, **unknown check kinds**,
//!   **variables used but not declared** (`{{name}}`);
//! - a declared variable nothing uses;
//! - **steps no command can complete**: a check whose names Docker refuses for that object
//!   (a container `my app`), port 0, an exit code outside 0–255, an anonymous volume with a
//!   name ([`super::Check::impossible`]); or two checks of one step that cannot hold together
//!   ([`super::Check::contradicts`]: one variable of a container with two values, one mount point
//!   with two mounts);
//! - **checks already true before any command**, evaluated on a fresh session with the
//!   lesson's workspace;
//! - **hints that reference nothing**: see [`references`].

use super::parse::Spots;
use super::{vars, ErrorKind, Lesson, LessonError, Step};
use crate::{Lang, SessionConfig};

/// A lesson that parsed, as the student with `seed` gets it, where its parts are, and what lint
/// found in it.
pub struct Linted {
    pub lesson: Lesson,
    pub spots: Spots,
    pub errors: Vec<LessonError>,
}

/// Lints `text` for the student with `seed`: `Err` = the file does not parse (its errors).
pub fn lint(text: &str, seed: u64) -> Result<Linted, Vec<LessonError>> {
    let (template, spots) = Lesson::parse_located(text)?;
    let mut errors = Vec::new();
    let used = vars::refs(text);
    for ((name, _), at) in template.vars.iter().zip(&spots.vars) {
        if !used.iter().any(|(_, n)| n == name) {
            errors.push(LessonError { line: at.0, col: at.1, kind: ErrorKind::UnusedVar { name: name.clone() } });
        }
    }
    let lesson = template.for_seed(seed);
    let session = lesson.start(SessionConfig { seed, lang: Lang::Es });
    for (i, step) in lesson.steps.iter().enumerate() {
        for (j, c) in step.checks.iter().enumerate() {
            let at = |kind| LessonError { line: c.line.max(1), col: c.col.max(1), kind };
            if let Some(why) = c.check.impossible() {
                errors.push(at(ErrorKind::Never { check: c.check.clone(), why }));
            }
            if let Some(other) = step.checks[..j].iter().find(|o| o.check.contradicts(&c.check)) {
                errors.push(at(ErrorKind::Contradiction {
                    check: c.check.clone(),
                    other: other.check.clone(),
                    other_line: other.line,
                }));
            }
            if c.check.eval(&session.world) {
                errors.push(at(ErrorKind::AlreadyTrue { check: c.check.clone() }));
            }
        }
        let commands = if step.solution.is_empty() { &lesson.solution } else { &step.solution };
        let Some(places) = spots.steps.get(i) else { continue };
        for (hint, at) in step.hints.iter().zip(&places.hints) {
            for (text, (line, col)) in [(&hint.es, at[0]), (&hint.en, at[1])] {
                if !references(text, step, commands) {
                    errors.push(LessonError { line, col, kind: ErrorKind::HintUnrelated { step: i + 1 } });
                }
            }
        }
    }
    crate::sort::sort_by_key(&mut errors, |e| (e.line, e.col));
    Ok(Linted { lesson, spots, errors })
}

/// The words of a text: runs of letters, digits, `_`, `.` and `-`, without a leading or
/// trailing `.`/`-` (`--name` is `name`, `proyecto.` is `proyecto`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || "_.-".contains(c)))
        .map(|w| w.trim_matches(['.', '-']))
        .filter(|w| !w.is_empty())
}

/// The command a line runs: its program, and for `docker` the subcommand (two words for
/// `compose`, `network`, `volume`, `container`, `image`, `system`, `builder`, `buildx`).
fn command(line: &str) -> Vec<&str> {
    let w: Vec<&str> = line.split_whitespace().collect();
    let n = match w.as_slice() {
        ["docker", m, _, ..]
            if ["compose", "network", "volume", "container", "image", "system", "builder", "buildx"].contains(m) =>
        {
            3
        }
        ["docker", _, ..] => 2,
        _ => 1,
    };
    w.into_iter().take(n).collect()
}

/// Whether a hint's text references its step. It does when at least one of these holds:
/// 1. one of its words is a name the step's checks use ([`super::Check::names`]: containers,
///    networks, volumes, services, DNS names, paths and their parts, ports, values), or it
///    holds one of those paths whole;
/// 2. a code span of it (between backticks) runs the same command as one of the step's solution
///    lines (`docker compose logs web` and `docker compose logs` both run `docker compose logs`);
/// 3. one of its words is an argument of the step's solution lines: a word of three or more
///    characters that is neither the command ([`command`]) nor an option (`-x`, `--xx`).
///
/// `commands` are the step's own solution lines, or the whole lesson's when the step has none.
pub fn references(text: &str, step: &Step, commands: &[String]) -> bool {
    let names: Vec<String> = step.checks.iter().flat_map(|c| c.check.names()).collect();
    let mut args: Vec<&str> = Vec::new();
    for line in commands {
        let cmd = command(line);
        for w in line.split_whitespace().skip(cmd.len()).filter(|w| !w.starts_with('-')) {
            args.extend(words(w).filter(|a| a.chars().count() >= 3));
        }
    }
    let spans = text.split('`').skip(1).step_by(2);
    words(text).any(|w| names.iter().any(|n| n == w) || args.contains(&w))
        || spans.into_iter().any(|span| {
            let c = command(span);
            !c.is_empty() && commands.iter().any(|l| command(l) == c)
        })
        || names.iter().any(|n| n.contains(['/', ':']) && text.contains(n.as_str()))
}
