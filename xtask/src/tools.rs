//! Installs what the build and the tests need, once, and skips whatever is already there.
//!
//! A fresh machine needs about 20 minutes here (trunk and wasm-bindgen-cli compile from source;
//! nothing downloads prebuilt binaries), so every step first asks the installed binary for its
//! `--version` and only installs on a mismatch. Versions are pinned: trunk and wasm-opt by
//! constants that match `Trunk.toml`, wasm-bindgen by `Cargo.lock`.

use std::path::Path;
use std::process::Stdio;

use crate::process::{self, tool};
use crate::{lockfile, paths, ui, Result};

const TRUNK_VERSION: &str = "0.22.1";
/// npm package version of binaryen; `wasm-opt --version` reports the major as "version 132".
const BINARYEN_VERSION: &str = "132.0.0";
const WASM_OPT_MAJOR: &str = "132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// npm package version of axe-core, the accessibility engine `e2e/student-ux.test.mjs` injects.
const AXE_CORE_VERSION: &str = "4.10.3";
/// npm package version of scorm-again, the SCORM runtime `e2e/scorm.test.mjs` plays the LMS with.
const SCORM_AGAIN_VERSION: &str = "3.4.3";

/// Which group of tools a command needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Building the page: the wasm target, trunk, wasm-bindgen, wasm-opt.
    Site,
    /// Everything `cargo xtask test` runs: the site tools plus Chromium, ChromeDriver, the
    /// end-to-end test's npm packages, docker-compose (which checks exported folders), ralph
    /// (the learning record store the xAPI test sends to) and scorm-again (the SCORM runtime the
    /// SCORM test plays the LMS with).
    Test,
}

/// Makes sure every tool in `needs` is installed, installing what is missing.
pub fn ensure(needs: Needs) -> Result {
    let mut ready = vec![wasm_target()?, trunk()?, wasm_bindgen()?, wasm_opt()?];
    if needs == Needs::Test {
        ready.push(chromium()?);
        ready.push(e2e_packages()?);
        ready.push(axe_core()?);
        ready.push(docker_compose()?);
        ready.push(ralph()?);
        ready.push(scorm_again()?);
    }
    ui::say(&format!("tools ready: {}", ready.join(", ")));
    Ok(())
}

/// True if `program --version` prints `version` as one of its words.
fn answers(program: &str, version: &str) -> bool {
    process::version_of(program).is_some_and(|v| {
        v.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .any(|word| word == version || word == format!("version_{version}"))
    })
}

fn wasm_target() -> Result<String> {
    let has_target = || {
        std::process::Command::new("rustc")
            .args(["--print", "sysroot"])
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .is_some_and(|sysroot| Path::new(&sysroot).join("lib/rustlib").join(WASM_TARGET).is_dir())
    };
    if !has_target() {
        ui::say(&format!("adding the Rust target {WASM_TARGET} (seconds)…"));
        process::run(tool("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    Ok(WASM_TARGET.into())
}

/// `cargo install` into `~/.cargo/bin`, building in a throw-away folder rather than the
/// workspace's target dir (the trunk build alone is over a gigabyte).
///
/// The tools are built with a profile that compiles fast: trunk's own release profile (fat
/// LTO, one codegen unit) took 13 of a fresh clone's first 49 minutes on two cores, to make a
/// program that mostly waits for cargo and wasm-opt. Profile settings from the environment
/// override the installed crate's manifest (cargo merges config profiles onto the manifest's).
fn cargo_install(args: &[&str]) -> Result {
    let dir = paths::tools_dir();
    create_dir(&dir)?;
    let mut cargo = process::cargo();
    cargo
        .current_dir(&dir)
        .env_remove("CARGO_TARGET_DIR")
        .envs(FAST_TOOL_PROFILE.iter().copied())
        .arg("install")
        .args(args);
    process::run(&mut cargo)
}

/// The release profile the tools are installed with (see [`cargo_install`]).
const FAST_TOOL_PROFILE: &[(&str, &str)] = &[
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1"),
    ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
    ("CARGO_PROFILE_RELEASE_INCREMENTAL", "false"),
];

fn trunk() -> Result<String> {
    if !answers("trunk", TRUNK_VERSION) {
        ui::say(&format!("installing trunk {TRUNK_VERSION} (one-time, several minutes)…"));
        // trunk 0.22 declares a newer rust-version than it needs.
        cargo_install(&["trunk", "--version", TRUNK_VERSION, "--locked", "--ignore-rust-version"])?;
        check("trunk", TRUNK_VERSION)?;
    }
    Ok(format!("trunk {TRUNK_VERSION}"))
}

fn wasm_bindgen() -> Result<String> {
    let version = lockfile::wasm_bindgen_version(paths::root())?;
    if !answers("wasm-bindgen", &version) || !answers("wasm-bindgen-test-runner", &version) {
        ui::say(&format!("installing wasm-bindgen-cli {version}, the version in Cargo.lock (one-time, ~5 min)…"));
        // No --locked: the CLI's own lockfile pins a crate version the registry no longer has.
        cargo_install(&["wasm-bindgen-cli", "--version", &version, "--force"])?;
        check("wasm-bindgen", &version)?;
    }
    Ok(format!("wasm-bindgen {version}"))
}

fn wasm_opt() -> Result<String> {
    if !answers("wasm-opt", WASM_OPT_MAJOR) {
        npm_tool("wasm-opt", "binaryen", BINARYEN_VERSION)?;
        check("wasm-opt", WASM_OPT_MAJOR)?;
    }
    Ok(format!("wasm-opt {WASM_OPT_MAJOR}"))
}

/// `npm install PACKAGE@VERSION` into the tools folder's `node_modules`.
fn npm_tool(what: &str, package: &str, version: &str) -> Result {
    let dir = paths::tools_dir();
    ui::say(&format!("installing {what} ({package} {version} from npm) into {} (seconds)…", dir.display()));
    create_dir(&dir)?;
    let manifest = dir.join("package.json");
    if !manifest.exists() {
        std::fs::write(&manifest, "{ \"name\": \"muelle-tools\", \"private\": true }\n")
            .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    }
    let package = format!("{package}@{version}");
    process::run(tool("npm").current_dir(&dir).args(["install", "--no-audit", "--no-fund", &package]))
}

/// Where scorm-again's SCORM 1.2 runtime (a browser script defining `Scorm12API`) is installed.
pub fn scorm_again_path() -> std::path::PathBuf {
    paths::tools_dir().join("node_modules").join("scorm-again").join("dist").join("scorm12.js")
}

/// scorm-again from npm (MIT): a SCORM 1.2 runtime as LMSs embed it, which `e2e/scorm.test.mjs`
/// installs as `window.API` in the page that launches a package.
fn scorm_again() -> Result<String> {
    let installed = || {
        let manifest = paths::tools_dir().join("node_modules").join("scorm-again").join("package.json");
        std::fs::read_to_string(manifest).is_ok_and(|m| m.contains(&format!("\"version\": \"{SCORM_AGAIN_VERSION}\"")))
            && scorm_again_path().is_file()
    };
    if !installed() {
        npm_tool("the SCORM runtime", "scorm-again", SCORM_AGAIN_VERSION)?;
        if !installed() {
            return Err(format!("installed scorm-again, but {} is missing", scorm_again_path().display()));
        }
    }
    Ok(format!("scorm-again {SCORM_AGAIN_VERSION}"))
}

fn chromium() -> Result<String> {
    if !process::exists("chromium") || !process::exists("chromedriver") {
        ui::say("installing Debian's chromium and chromium-driver for the browser tests (~1 min)…");
        if !process::exists("apt-get") {
            return Err("Chromium and ChromeDriver are missing and this is not a Debian-like \
                        system: install both (same version) as `chromium` and `chromedriver` \
                        on PATH"
                .into());
        }
        apt(&["update"])?;
        apt(&["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"])?;
    }
    let version = process::version_of("chromium").unwrap_or_default();
    let version = version.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    Ok(version)
}

/// `apt-get ...`, through sudo unless already root, never asking questions.
fn apt(args: &[&str]) -> Result {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut cmd = if root {
        tool("apt-get")
    } else {
        let mut sudo = tool("sudo");
        sudo.arg("apt-get");
        sudo
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive").stdin(Stdio::null());
    process::run(&mut cmd)
}

fn e2e_packages() -> Result<String> {
    let e2e = paths::root().join("e2e");
    if !e2e.join("node_modules").join("playwright-core").is_dir() {
        let has_lock = e2e.join("package-lock.json").exists();
        ui::say("installing the end-to-end tests' npm packages (seconds)…");
        let args: &[&str] =
            if has_lock { &["ci", "--no-audit", "--no-fund"] } else { &["install", "--no-audit", "--no-fund"] };
        process::run(tool("npm").current_dir(&e2e).args(args))?;
    }
    Ok("playwright-core".into())
}

/// axe-core in the tools folder (beside wasm-opt), where the accessibility test reads
/// `node_modules/axe-core/axe.min.js`; its `package.json` says which version is there.
fn axe_core() -> Result<String> {
    let dir = paths::tools_dir();
    let manifest = dir.join("node_modules").join("axe-core").join("package.json");
    let have = std::fs::read_to_string(&manifest).unwrap_or_default();
    if !have.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\"")) {
        npm_tool("the accessibility engine", "axe-core", AXE_CORE_VERSION)?;
    }
    Ok(format!("axe-core {AXE_CORE_VERSION}"))
}

/// docker-compose 1.29.2 from PyPI: the last pure-Python Compose. Its `config` validates and
/// prints a project without a Docker engine, which is how the tests prove that a workspace
/// exported as a folder is one real Docker accepts.
const DOCKER_COMPOSE_VERSION: &str = "1.29.2";
/// Its dependencies, pinned and installed by hand: it asks for PyYAML<6, which no longer builds
/// on current Pythons, and PyYAML 6 serves it just as well.
const DOCKER_COMPOSE_DEPS: &[&str] = &[
    "PyYAML==6.0.2",
    "distro==1.9.0",
    "docker==6.1.3",
    "dockerpty==0.4.1",
    "docopt==0.6.2",
    "jsonschema==3.2.0",
    "python-dotenv==0.21.1",
    "requests<3",
    "texttable==1.7.2",
    "websocket-client==0.59.0",
];

/// Where docker-compose is installed (a virtualenv of its own in the tools folder).
pub fn docker_compose_path() -> std::path::PathBuf {
    paths::tools_dir().join("compose-venv").join("bin").join("docker-compose")
}

fn docker_compose() -> Result<String> {
    let program = docker_compose_path();
    let answers =
        || {
            std::process::Command::new(&program).arg("version").stdin(Stdio::null()).output().is_ok_and(|o| {
                o.status.success() && String::from_utf8_lossy(&o.stdout).contains(DOCKER_COMPOSE_VERSION)
            })
        };
    if !answers() {
        let venv = paths::tools_dir().join("compose-venv");
        ui::say(&format!(
            "installing docker-compose {DOCKER_COMPOSE_VERSION} from PyPI into {} (seconds)…",
            venv.display()
        ));
        create_dir(&paths::tools_dir())?;
        process::run(tool("python3").args(["-m", "venv"]).arg(&venv))?;
        let pip = venv.join("bin").join("pip");
        let mut deps = tool(pip.to_str().unwrap_or("pip"));
        deps.args(["install", "--quiet", "--disable-pip-version-check"]).args(DOCKER_COMPOSE_DEPS);
        process::run(&mut deps)?;
        let mut compose = tool(pip.to_str().unwrap_or("pip"));
        compose.args(["install", "--quiet", "--disable-pip-version-check", "--no-deps"]);
        compose.arg(format!("docker-compose=={DOCKER_COMPOSE_VERSION}"));
        process::run(&mut compose)?;
        if !answers() {
            return Err(format!("installed docker-compose, but `{} version` does not answer", program.display()));
        }
    }
    Ok(format!("docker-compose {DOCKER_COMPOSE_VERSION}"))
}

/// ralph-malph from PyPI: a real xAPI learning record store (LRS) that `e2e/xapi.test.mjs`
/// starts and stops itself, so the page's learning records are read back from one.
const RALPH_VERSION: &str = "5.1.0";
/// Its whole set of packages, each pinned (`pip freeze` of `ralph-malph[cli,lrs]` and
/// `requests`, which its CLI asks for).
const RALPH_REQUIREMENTS: &str = include_str!("../data/ralph-requirements.txt");

/// Where ralph is installed (a virtualenv of its own in the tools folder).
pub fn ralph_path() -> std::path::PathBuf {
    paths::tools_dir().join("ralph-venv").join("bin").join("ralph")
}

fn ralph() -> Result<String> {
    let program = ralph_path();
    let answers = || {
        std::process::Command::new(&program).arg("--version").stdin(Stdio::null()).output().is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).split_whitespace().any(|w| w == RALPH_VERSION)
        })
    };
    if !answers() {
        let venv = paths::tools_dir().join("ralph-venv");
        ui::say(&format!("installing ralph-malph {RALPH_VERSION} from PyPI into {} (a minute)…", venv.display()));
        create_dir(&paths::tools_dir())?;
        process::run(tool("python3").args(["-m", "venv"]).arg(&venv))?;
        let list = paths::tools_dir().join("ralph-requirements.txt");
        std::fs::write(&list, RALPH_REQUIREMENTS).map_err(|e| format!("cannot write {}: {e}", list.display()))?;
        let pip = venv.join("bin").join("pip");
        let mut install = tool(pip.to_str().unwrap_or("pip"));
        install.args(["install", "--quiet", "--disable-pip-version-check", "-r"]).arg(&list);
        process::run(&mut install)?;
        if !answers() {
            return Err(format!("installed ralph-malph, but `{} --version` does not answer", program.display()));
        }
    }
    Ok(format!("ralph-malph {RALPH_VERSION}"))
}

fn check(program: &str, version: &str) -> Result {
    if answers(program, version) {
        Ok(())
    } else {
        Err(format!(
            "installed {program}, but `{program} --version` does not report {version} \
             (is another {program} earlier on PATH?)"
        ))
    }
}

fn create_dir(dir: &Path) -> Result {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}
