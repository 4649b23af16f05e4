//! `muelle lesson lint` catches each fault class, located and in both languages: one small
//! lesson in `tests/lint/` per class. Each test fails if lint stopped finding its fault (or
//! found it somewhere else).

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("lint").join(name)
}

/// Runs `muelle lesson lint` on a fixture; (exit code, output with the fixture's folder cut).
fn lint(name: &str, lang: &str, extra: &[&str]) -> (i32, String) {
    let path = fixture(name);
    let out = Command::new(env!("CARGO_BIN_EXE_muelle"))
        .args(["lesson", "lint", path.to_str().unwrap_or_default(), "--lang", lang])
        .args(extra)
        .output()
        .expect("muelle runs");
    let dir = format!("{}/", path.parent().map(|p| p.display().to_string()).unwrap_or_default());
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).replace(&dir, ""))
}

/// Lint exits 1 and prints exactly `lines` (then the count) for the fixture in `lang`.
fn finds(name: &str, lang: &str, lines: &[&str]) {
    let (code, out) = lint(name, lang, &[]);
    assert_eq!(code, 1, "{name} ({lang}) should fail lint:\n{out}");
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(&got[..got.len().saturating_sub(1)], lines, "{name} ({lang}):\n{out}");
}

#[test]
fn unknown_check_kinds() {
    finds("unknown-check.yaml", "en", &["unknown-check.yaml:7:9: unknown check \"network_exist\" (known checks: network_exists, volume_exists, container_running, container_on_network, dns_resolved, dns_failed, ping_replied, connected, volume_mounted, bind_mounted, file_in_volume, file_in_container, host_file_contains, http_ok, compose_service_running, container_restarted, container_exited, container_env)"]);
    let (_, es) = lint("unknown-check.yaml", "es", &[]);
    assert!(es.starts_with("unknown-check.yaml:7:9: comprobación desconocida «network_exist»"), "{es}");
}

#[test]
fn steps_no_command_can_complete() {
    finds(
        "impossible.yaml",
        "en",
        &[
            "impossible.yaml:7:9: no command can make this check true (container \"mi web\" is running): \"mi web\" cannot name a container (Docker allows only [a-zA-Z0-9][a-zA-Z0-9_.-]+)",
            "impossible.yaml:8:5: after the reference solution up to step 1 (seed 1), these fail: container \"mi web\" is running",
            "impossible.yaml:12:9: no command can make this check true (\"web\" exited with code \"300\"): no process exits with code 300 (only 0–255)",
            "impossible.yaml:18:9: this check (\"web\" has the environment variable X set to \"2\") cannot hold together with the one at line 17 (\"web\" has the environment variable X set to \"1\"): the step cannot be completed",
        ],
    );
    let (_, es) = lint("impossible.yaml", "es", &[]);
    assert!(es.contains("impossible.yaml:7:9: ninguna orden puede cumplir esta comprobación (el contenedor «mi web» está en marcha)"), "{es}");
    assert!(es.contains("impossible.yaml:18:9: esta comprobación («web» tiene la variable de entorno X con el valor «2») no puede cumplirse a la vez que la de la línea 17"), "{es}");
}

#[test]
fn checks_already_true_before_any_command() {
    finds(
        "already-true.yaml",
        "es",
        &[
            "already-true.yaml:10:9: esta comprobación ya se cumple antes de teclear nada: en el anfitrión existe notas.txt con «hola»",
            "already-true.yaml:11:9: esta comprobación ya se cumple antes de teclear nada: existe la red «bridge»",
        ],
    );
    let (_, en) = lint("already-true.yaml", "en", &[]);
    assert!(
        en.contains(
            "already-true.yaml:11:9: this check already holds before anything is typed: network \"bridge\" exists"
        ),
        "{en}"
    );
}

#[test]
fn hints_that_reference_nothing() {
    // The `es` text of hint 1 and the `en` text of hint 2 are fine; the other two name nothing
    // of the step (the English one names another command, `docker volume create`).
    finds(
        "hint-unrelated.yaml",
        "en",
        &[
            "hint-unrelated.yaml:8:13: the hint mentions no name from step 1's checks and none of its commands",
            "hint-unrelated.yaml:9:13: the hint mentions no name from step 1's checks and none of its commands",
        ],
    );
    let (_, es) = lint("hint-unrelated.yaml", "es", &[]);
    assert!(
        es.starts_with("hint-unrelated.yaml:8:13: la pista no menciona ningún nombre de las comprobaciones del paso 1"),
        "{es}"
    );
}

#[test]
fn variables_undefined_and_unused() {
    let (code, out) = lint("undefined-variable.yaml", "en", &[]);
    assert_eq!(code, 1, "{out}");
    for at in ["3:22", "3:55", "7:30", "7:63", "9:26", "11:31"] {
        assert!(
            out.contains(&format!(
                "undefined-variable.yaml:{at}: variable \"{{{{red}}}}\" is not declared in \"variables\""
            )),
            "{at}:\n{out}"
        );
    }
    let (_, es) = lint("undefined-variable.yaml", "es", &[]);
    assert!(
        es.starts_with("undefined-variable.yaml:3:22: la variable «{{red}}» no está declarada en «variables»"),
        "{es}"
    );
    finds("unused-variable.yaml", "en", &["unused-variable.yaml:6:3: variable \"clave\" is never used"]);
    finds("unused-variable.yaml", "es", &["unused-variable.yaml:6:3: la variable «clave» no se usa en ningún sitio"]);
}

#[test]
fn the_reference_solution_is_played_step_by_step() {
    finds(
        "solution-fails.yaml",
        "en",
        &["solution-fails.yaml:13:5: after the reference solution up to step 2 (seed 1), these fail: network \"otra\" exists"],
    );
    finds(
        "solution-fails.yaml",
        "es",
        &["solution-fails.yaml:13:5: tras la solución de referencia hasta el paso 2 (semilla 1), no se cumple: existe la red «otra»"],
    );
}

#[test]
fn a_lesson_with_variables_lints_clean_for_any_seed() {
    for extra in [&[][..], &["--seed", "77"], &["--seed", "12345"]] {
        let (code, out) = lint("variants.yaml", "en", extra);
        assert_eq!((code, out.as_str()), (0, "The lesson has no problems.\n"), "{extra:?}");
    }
}

#[test]
fn run_buttons_written_wrong() {
    finds(
        "run-buttons.yaml",
        "en",
        &[
            "run-buttons.yaml:8:11: run button written wrong: \"{run:segunda}\" (write `command`{run} or `command`{run=TERMINAL}, a name of letters, digits, _ or -)",
            "run-buttons.yaml:11:13: run button without a command: {run} goes right after a command in backticks, `like this`{run}",
            "run-buttons.yaml:12:13: run button written wrong: \"{run=otra terminal}\" (write `command`{run} or `command`{run=TERMINAL}, a name of letters, digits, _ or -)",
        ],
    );
    let (_, es) = lint("run-buttons.yaml", "es", &[]);
    assert!(es.contains("run-buttons.yaml:8:11: botón de ejecutar mal escrito: «{run:segunda}»"), "{es}");
}
