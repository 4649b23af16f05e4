//! `muelle lesson check FILE`, `muelle lesson lint FILE` and `muelle lesson list DIR`: validates a
//! lesson file, runs its reference solution in a fresh session with the
//! lesson's workspace (through the script runner, so attached `docker run`
//! and `^C` behave as in scripts) and reports every step's checks; lint adds the faults a
//! lesson can have beyond a valid file (`sim_core::lessons::lint`) and plays the solution step
//! by step.

use crate::runner::{Options, Runner};
use sim_core::lessons::{ErrorKind, Lesson, LessonError};
use sim_core::{Lang, SessionConfig};
use std::io::Write;
use std::path::Path;

/// Reads and parses a lesson file; `Err` holds the located messages, one per line.
pub fn load(path: &Path, lang: Lang) -> Result<Lesson, String> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: {e}"))?;
    Lesson::parse(&text)
        .map_err(|errs| errs.iter().map(|e: &LessonError| e.render(&file, lang)).collect::<Vec<_>>().join("\n"))
}

/// Runs the solution and prints each step's checks. Returns the exit code:
/// 0 when every check passes, 1 when one fails or the file is invalid.
pub fn check(path: &Path, lang: Lang, verbose: bool, out: &mut impl Write) -> std::io::Result<i32> {
    let lesson = match load(path, lang) {
        Ok(l) => l,
        Err(msg) => {
            writeln!(out, "{msg}")?;
            return Ok(1);
        }
    };
    let lesson = lesson.for_seed(1);
    let session = lesson.start(SessionConfig { seed: 1, lang });
    let opts = Options { lang, quiet: !verbose, ..Options::default() };
    let mut runner = Runner::for_lesson(session, opts);
    let mut transcript = Vec::new();
    runner.run_lines(&lesson.solution, &mut transcript)?;
    if verbose {
        out.write_all(&transcript)?;
    }
    let states = lesson.progress(runner.session());
    let mut failed = 0;
    writeln!(out, "{} — {}", lesson.id, lesson.title.get(lang))?;
    for (state, step) in states.iter().zip(&lesson.steps) {
        let first = step.text.get(lang).lines().next().unwrap_or("");
        let mark = if state.done { "✔" } else { "✘" };
        writeln!(out, "{mark} {} {}: {first}", word(lang, "step"), state.index + 1)?;
        for ((check, ok), at) in state.checks.iter().zip(&step.checks) {
            if !ok {
                failed += 1;
            }
            let mark = if *ok { "✔" } else { "✘" };
            writeln!(out, "    {mark} {} ({}:{})", check.describe(lang), at.line, at.col)?;
        }
    }
    if failed == 0 {
        writeln!(out, "{}", word(lang, "ok"))?;
        Ok(0)
    } else {
        let msg = match lang {
            Lang::Es => format!("{failed} comprobaciones fallan con la solución de referencia"),
            Lang::En => format!("{failed} checks fail with the reference solution"),
        };
        writeln!(out, "{msg}")?;
        Ok(1)
    }
}

/// `muelle lesson lint FILE`: prints every fault found, located (`FILE:LINE:COL: message`), and
/// returns 0 when there is none, 1 otherwise. The solution is played for `seed`, or for seeds 1,
/// 2 and 3 when the lesson has variables and no seed is given.
pub fn lint(path: &Path, lang: Lang, seed: Option<u64>, out: &mut impl Write) -> std::io::Result<i32> {
    let file = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            writeln!(out, "{file}: {e}")?;
            return Ok(1);
        }
    };
    let mut found: Vec<LessonError> = Vec::new();
    let seeds = match seed {
        Some(s) => vec![s],
        None => vec![1, 2, 3],
    };
    for (n, seed) in seeds.into_iter().enumerate() {
        let errors = match sim_core::lessons::lint(&text, seed) {
            Err(errors) => errors,
            // One seed is enough for a lesson without variables.
            Ok(linted) if n > 0 && linted.spots.vars.is_empty() => break,
            Ok(linted) => {
                let mut errors = linted.errors.clone();
                errors.extend(play(&linted, seed, lang));
                errors
            }
        };
        let parse_failed = errors.iter().any(|e| !is_lint_kind(&e.kind));
        for e in errors {
            if !found.contains(&e) {
                found.push(e);
            }
        }
        if parse_failed {
            break;
        }
    }
    sim_core::sort::sort_by_key(&mut found, |e| (e.line, e.col));
    let shown: Vec<String> = found.iter().map(|e| e.render(&file, lang)).collect();
    for line in &shown {
        writeln!(out, "{line}")?;
    }
    if shown.is_empty() {
        writeln!(out, "{}", word(lang, "clean"))?;
        Ok(0)
    } else {
        let msg = match (lang, shown.len()) {
            (Lang::Es, 1) => "1 problema".to_string(),
            (Lang::En, 1) => "1 problem".to_string(),
            (Lang::Es, n) => format!("{n} problemas"),
            (Lang::En, n) => format!("{n} problems"),
        };
        writeln!(out, "{msg}")?;
        Ok(1)
    }
}

/// Whether a fault is lint's own (the file parsed).
fn is_lint_kind(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::UnusedVar { .. }
            | ErrorKind::Never { .. }
            | ErrorKind::Contradiction { .. }
            | ErrorKind::AlreadyTrue { .. }
            | ErrorKind::HintUnrelated { .. }
            | ErrorKind::SolutionFails { .. }
    )
}

/// Plays the reference solution in a fresh session: with solutions in the steps, each step's
/// lines and then its checks; with one solution for the lesson, all of it and then every step.
/// The first step whose checks do not all pass is the fault (later steps depend on it).
fn play(linted: &sim_core::lessons::Linted, seed: u64, lang: Lang) -> Option<LessonError> {
    let lesson = &linted.lesson;
    let session = lesson.start(SessionConfig { seed, lang });
    let opts = Options { seed, lang, quiet: true, ..Options::default() };
    let mut runner = Runner::for_lesson(session, opts);
    let mut sink = std::io::sink();
    let per_step = lesson.steps.iter().any(|s| !s.solution.is_empty());
    if !per_step {
        runner.run_lines(&lesson.solution, &mut sink).ok()?;
    }
    for (i, step) in lesson.steps.iter().enumerate() {
        if per_step {
            runner.feed(&step.solution, &mut sink).ok()?;
        }
        let state = lesson.progress(runner.session()).into_iter().nth(i)?;
        if !state.done {
            let failing = state.checks.into_iter().filter(|(_, ok)| !ok).map(|(c, _)| c).collect();
            let spots = linted.spots.steps.get(i).cloned().unwrap_or_default();
            let (line, col) = match (per_step, spots.solution) {
                (true, (l, c)) if l > 0 => (l, c),
                (true, _) => spots.at,
                (false, _) if linted.spots.solution.0 > 0 => linted.spots.solution,
                (false, _) => spots.at,
            };
            return Some(LessonError { line, col, kind: ErrorKind::SolutionFails { step: i + 1, failing, seed } });
        }
    }
    None
}

/// Lists the lessons of a folder (`*.yaml`, in name order): file, id, title, steps.
pub fn list(dir: &Path, lang: Lang, out: &mut impl Write) -> std::io::Result<i32> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    let mut code = 0;
    for f in files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match load(&f, lang) {
            Ok(l) => {
                writeln!(out, "{name}\t{}\t{}\t{} {}", l.id, l.title.get(lang), l.steps.len(), word(lang, "steps"))?
            }
            Err(msg) => {
                code = 1;
                writeln!(out, "{name}\t{}\n{msg}", word(lang, "invalid"))?;
            }
        }
    }
    Ok(code)
}

fn word(lang: Lang, w: &str) -> &'static str {
    match (w, lang) {
        ("step", Lang::Es) => "Paso",
        ("step", Lang::En) => "Step",
        ("steps", Lang::Es) => "pasos",
        ("steps", Lang::En) => "steps",
        ("ok", Lang::Es) => "La solución de referencia cumple todas las comprobaciones.",
        ("ok", Lang::En) => "The reference solution passes every check.",
        ("invalid", Lang::Es) => "(no válida)",
        ("clean", Lang::Es) => "La lección no tiene problemas.",
        ("clean", Lang::En) => "The lesson has no problems.",
        (_, _) => "(invalid)",
    }
}
