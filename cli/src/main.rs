//! `muelle`: runs scripts of terminal commands against the simulated Docker
//! host and prints what a terminal would show. For tests, teachers' checks
//! and benchmarks; interactive when stdin is a terminal.

mod lesson;
mod pack;
mod runner;

use runner::{Options, Runner};
use sim_core::Lang;
use std::io::{BufRead, IsTerminal, Read, Write};

const USAGE: &str = "usage: muelle [--dir DIR] [--seed N] [--lang es|en] [-q] [--interrupt-after SECS] [--think SECS] [-c COMMANDS | SCRIPT]
       muelle lesson check FILE [--lang es|en] [-v]
       muelle lesson lint FILE [--lang es|en] [--seed N]
       muelle lesson list DIR [--lang es|en]
       muelle lesson pack FILE --scorm --out ZIP [--site DIR] [--lrs ENDPOINT --lrs-auth AUTH] [--lang es|en]";

fn main() {
    // Bytes that are not UTF-8 (in `-c`, a script or stdin) are read as bash reads them —
    // the line goes on — decoded lossily (U+FFFD), since the simulated shell works on text.
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    match run(&args) {
        Ok(code) => std::process::exit(code),
        Err(msg) => {
            eprintln!("muelle: {msg}\n{USAGE}");
            std::process::exit(2);
        }
    }
}

fn run(args: &[String]) -> Result<i32, String> {
    if args.first().is_some_and(|a| a == "lesson") {
        return run_lesson(&args[1..]);
    }
    let mut opts = Options::default();
    let mut script: Option<String> = None;
    let mut commands: Option<String> = None;
    let mut dir: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let mut value = || -> Result<String, String> {
            i += 1;
            args.get(i).cloned().ok_or_else(|| format!("{a} needs a value"))
        };
        match a {
            "--seed" => opts.seed = value()?.parse().map_err(|_| "--seed needs a number".to_string())?,
            "--lang" => opts.lang = Lang::parse(&value()?).ok_or("--lang is es or en")?,
            "-q" | "--quiet" => opts.quiet = true,
            "--interrupt-after" => {
                let secs: f64 = value()?.parse().map_err(|_| "--interrupt-after needs seconds".to_string())?;
                opts.interrupt_after_ms = (secs.max(0.0) * 1000.0) as u64;
            }
            "--think" => {
                let secs: f64 = value()?.parse().map_err(|_| "--think needs seconds".to_string())?;
                opts.think_ms = (secs.max(0.0) * 1000.0) as u64;
            }
            "-c" => commands = Some(value()?),
            "--dir" => dir = Some(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(0);
            }
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option {s}")),
            s => script = Some(s.to_string()),
        }
        i += 1;
    }
    let mut runner = Runner::new(opts);
    if let Some(d) = dir {
        runner.load_dir(std::path::Path::new(&d)).map_err(|e| format!("--dir {d}: {e}"))?;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Some(c) = commands {
        let lines: Vec<String> = c.lines().map(|l| l.to_string()).collect();
        runner.run_lines(&lines, &mut out).map_err(|e| e.to_string())?;
    } else if let Some(path) = script {
        let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
        runner.run_lines(&lines_of(&bytes), &mut out).map_err(|e| e.to_string())?;
    } else if std::io::stdin().is_terminal() {
        interactive(&mut runner, &mut out).map_err(|e| e.to_string())?;
    } else {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes).map_err(|e| format!("stdin: {e}"))?;
        runner.run_lines(&lines_of(&bytes), &mut out).map_err(|e| e.to_string())?;
    }
    out.flush().ok();
    Ok(runner.status())
}

/// The lines of a script (`\n` or `\r\n` ends one), invalid UTF-8 decoded lossily
/// rather than ending the script.
fn lines_of(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes).lines().map(str::to_string).collect()
}

/// `muelle lesson check FILE` / `muelle lesson lint FILE` / `muelle lesson list DIR` /
/// `muelle lesson pack FILE --scorm --out ZIP [--site DIR] [--lrs ENDPOINT --lrs-auth AUTH]`.
fn run_lesson(args: &[String]) -> Result<i32, String> {
    let mut lang = Lang::Es;
    let mut verbose = false;
    let mut seed = None;
    let (mut scorm, mut zip, mut site) = (false, None, None);
    let (mut lrs, mut lrs_auth) = (None, None);
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--lang" => {
                i += 1;
                lang = args.get(i).and_then(|v| Lang::parse(v)).ok_or("--lang is es or en")?;
            }
            "-v" | "--verbose" => verbose = true,
            "--scorm" => scorm = true,
            "--out" | "--site" | "--lrs" | "--lrs-auth" => {
                let flag = args[i].clone();
                i += 1;
                let v = args.get(i).cloned().ok_or_else(|| format!("{flag} needs a value"))?;
                match flag.as_str() {
                    "--out" => zip = Some(v),
                    "--site" => site = Some(v),
                    "--lrs" => lrs = Some(v),
                    _ => lrs_auth = Some(v),
                }
            }
            "--seed" => {
                i += 1;
                seed = Some(args.get(i).and_then(|v| v.parse().ok()).ok_or("--seed needs a number")?);
            }
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option {s}")),
            s => rest.push(s.to_string()),
        }
        i += 1;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = match rest.as_slice() {
        [cmd, file] if cmd == "check" => lesson::check(std::path::Path::new(file), lang, verbose, &mut out),
        [cmd, file] if cmd == "lint" => lesson::lint(std::path::Path::new(file), lang, seed, &mut out),
        [cmd, dir] if cmd == "list" => lesson::list(std::path::Path::new(dir), lang, &mut out),
        [cmd, file] if cmd == "pack" => {
            if !scorm {
                return Err("lesson pack needs --scorm (SCORM 1.2 is the one package format)".into());
            }
            let zip = zip.ok_or("lesson pack needs --out ZIP")?;
            let lrs = match (lrs, lrs_auth) {
                (Some(e), Some(a)) => Some((e, a)),
                (None, None) => None,
                _ => return Err("--lrs ENDPOINT and --lrs-auth AUTH go together".into()),
            };
            let p = pack::Pack {
                file: file.into(),
                out: zip.into(),
                site: site.unwrap_or_else(|| "dist".into()).into(),
                lang,
                lrs,
            };
            pack::pack(&p, &mut out)
        }
        _ => return Err("lesson needs: check FILE | lint FILE | list DIR | pack FILE --scorm --out ZIP".into()),
    }
    .map_err(|e| e.to_string())?;
    out.flush().ok();
    Ok(code)
}

/// A plain read-eval-print loop: each line runs to completion (long
/// commands stop after --interrupt-after seconds of simulated time).
fn interactive(runner: &mut Runner, out: &mut impl Write) -> std::io::Result<()> {
    let stdin = std::io::stdin();
    loop {
        write!(out, "{}", runner.prompt())?;
        out.flush()?;
        let mut bytes = Vec::new();
        if stdin.lock().read_until(b'\n', &mut bytes)? == 0 {
            writeln!(out)?;
            return Ok(());
        }
        let line = String::from_utf8_lossy(&bytes);
        runner.step_interactive(line.trim_end_matches(['\n', '\r']), out)?;
    }
}
