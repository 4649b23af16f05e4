//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.
//!
//! Cheap checks come first (format, lints) so a typo fails in seconds, not after the release
//! build. The run ends with one plain line, `N passed, N failed`, summed over every test runner,
//! so CI logs and people can read the outcome at a glance.

use std::process::{Command, ExitCode};
use std::time::Instant;

use crate::process::{self, tool};
use crate::tally::{self, Tally};
use crate::tools::{self, Needs};
use crate::ui::{self, Section};
use crate::{gen_schema, paths, site, Result};

pub fn test() -> ExitCode {
    let started = Instant::now();
    let mut tally = Tally::default();
    let result = run_all(&mut tally);
    println!();
    ui::say(&format!("test run took {}", ui::human(started.elapsed())));
    let code = match result {
        Ok(()) if tally.failed == 0 => ExitCode::SUCCESS,
        Ok(()) => {
            ui::error("some tests failed");
            ExitCode::FAILURE
        }
        Err(message) => {
            ui::error(&message);
            ExitCode::FAILURE
        }
    };
    println!("{}", tally.line());
    code
}

fn run_all(tally: &mut Tally) -> Result {
    let s = Section::start("tools");
    tools::ensure(Needs::Test)?;
    s.done();

    let s = Section::start("cargo fmt --check");
    process::run(process::cargo().args(["fmt", "--all", "--check"]))?;
    s.done();

    // Cheap: compose/schema.rs is what its sources give (no build of sim-core needed).
    let s = Section::start("compose schema tables up to date (gen-schema --check)");
    gen_schema::check_for_ci()?;
    s.done();

    let s = Section::start("clippy (native workspace)");
    process::run(process::cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    s.done();

    // The page's and the worker's browser-only code is compiled for wasm32 only; lint it there too.
    let s = Section::start("clippy (app and sim-worker, wasm32)");
    process::run(process::cargo().args([
        "clippy",
        "-p",
        "app",
        "-p",
        "sim-worker",
        "--all-targets",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    s.done();

    let s = Section::start("native tests (cargo test --workspace)");
    counted(tally, process::cargo().args(["test", "--workspace"]), tally::cargo)?;
    s.done();

    let s = Section::start("browser tests (app, wasm32, headless Chromium)");
    counted(tally, process::cargo().args(["test", "-p", "app", "--target", "wasm32-unknown-unknown"]), tally::cargo)?;
    s.done();

    let s = Section::start("release build (dist/)");
    site::build_release()?.print();
    s.done();

    let s = Section::start("end-to-end tests (node --test, Chromium, dist/)");
    let dist = paths::root().join("dist");
    counted(
        tally,
        tool("node")
            .current_dir(paths::root().join("e2e"))
            .env("MUELLE_DIST", &dist)
            .env("MUELLE_DOCKER_COMPOSE", tools::docker_compose_path())
            .env("MUELLE_RALPH", tools::ralph_path())
            .env("MUELLE_SCORM_AGAIN", tools::scorm_again_path())
            .args(["--test", "--test-reporter=tap"]),
        tally::node_tap,
    )?;
    s.done();
    Ok(())
}

/// Runs a test command, adds its counts to `tally`, and fails if the command failed.
fn counted(tally: &mut Tally, cmd: &mut Command, parse: fn(&str) -> Tally) -> Result {
    let (ok, output) = process::run_tee(cmd)?;
    let counts = parse(&output);
    tally.add(counts);
    ui::say(&format!("{} here", counts.line()));
    if ok {
        Ok(())
    } else {
        Err(format!("`{}` failed", process::describe(cmd)))
    }
}
