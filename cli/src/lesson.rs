//! `muelle lesson check FILE` and `muelle lesson list DIR`: validates a
//! lesson file, runs its reference solution in a fresh session with the
//! lesson's workspace (through the script runner, so attached `docker run`
//! and `^C` behave as in scripts) and reports every step's checks.

use crate::runner::{Options, Runner};
use sim_core::lessons::{Lesson, LessonError};
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
    let session = lesson.start(SessionConfig { seed: 1, lang });
    let opts = Options { lang, quiet: !verbose, ..Options::default() };
    let mut runner = Runner::with_session(session, opts);
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
        (_, _) => "(invalid)",
    }
}
