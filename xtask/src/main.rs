//! `cargo xtask <command>`: Muelle's build tooling, in Rust so it needs nothing but cargo.
//!
//! Every command first makes sure the tools it needs are installed (see [`tools`]), so a fresh
//! clone goes from nothing to a served page with one command. The code only sequences other
//! programs through `std::process::Command`; it has no dependencies on purpose, so it compiles in
//! seconds before anything else is built. (Its dependencies: `serde_json` reads Compose's JSON
//! schema, see [`gen_schema`]; `zipw`, the workspace's one zip writer, writes `muelle-site.zip`
//! where no `zip` program is installed, see [`offline`]; `sim-host`'s tag-word classes feed
//! `gen-official-images`.)

mod gen_official;
mod gen_schema;
mod lessons;
mod lockfile;
mod offline;
mod part;
mod paths;
mod pipeline;
mod process;
mod serve;
mod site;
mod tally;
mod tools;
mod ui;
mod worker;

use std::process::ExitCode;

use tools::Needs;

/// What went wrong, already phrased for the user.
pub type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--release]   install missing tools, build and serve the page at http://127.0.0.1:8080
  dist                release build into dist/ (the page's and the simulator worker's wasm,
                      wasm-opt -Oz, service worker, muelle-site.zip) and print its sizes
  test                fmt, clippy, native tests, browser tests, release build, end-to-end tests
  bench               run sim-core's benchmarks
  bench page          build the release site and measure the page in Chromium (load, editing, time travel)
  lessons-file        (trunk's post_build hook) copy the lessons' file into the site being built
  gen-official-images CLONE
                      write sim-core/crates/host/src/world/official.rs from a clone of
                      docker-library's official-images (the closed list of official images)
  gen-schema [--check]
                      write sim-core/crates/compose-spec/src/schema.rs from compose-go's model and the
                      compose-spec JSON schema (--check: fail if the file is not up to date)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["serve"] => serve::serve(false),
        ["serve", "--release"] => serve::serve(true),
        ["dist"] => dist(),
        // Prints its own summary line last, after any error.
        ["test"] => return pipeline::test(),
        ["bench", "page"] => bench_page(),
        ["gen-official-images", clone] => gen_official::run(clone),
        ["lessons-file"] => lessons::copy_into_staging(),
        ["gen-schema"] => gen_schema::run(false),
        ["gen-schema", "--check"] => gen_schema::run(true),
        ["bench", rest @ ..] => bench(rest),
        ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            ui::error(&message);
            ExitCode::FAILURE
        }
    }
}

fn dist() -> Result {
    tools::ensure(Needs::Site)?;
    let report = site::build_release()?;
    report.print();
    Ok(())
}

/// The page's own budgets, measured in headless Chromium against a fresh release build.
fn bench_page() -> Result {
    tools::ensure(Needs::Test)?;
    site::build_release()?.print();
    let e2e = paths::root().join("e2e");
    process::run(
        process::tool("node").current_dir(&e2e).env("MUELLE_DIST", paths::root().join("dist")).arg("bench/page.mjs"),
    )?;
    // Time travel in the page: the 30-minute session as a share link, then jumps and steps.
    let link = std::env::temp_dir().join("muelle-jump.link");
    let mut session = process::cargo();
    session
        .args(["test", "-q", "-p", "app", "--lib", "jump_session", "--", "--ignored"])
        .env("MUELLE_JUMP_LINK", &link);
    process::run(&mut session)?;
    process::run(
        process::tool("node")
            .current_dir(&e2e)
            .env("MUELLE_DIST", paths::root().join("dist"))
            .env("MUELLE_JUMP_LINK", &link)
            .arg("bench/jump.mjs"),
    )
}

fn bench(extra: &[&str]) -> Result {
    let mut cargo = process::cargo();
    cargo.args(["bench", "-p", "sim-core"]).args(extra);
    process::run(&mut cargo)
}
