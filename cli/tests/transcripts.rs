//! Golden transcripts: each `transcripts/NAME.sh` is a script of terminal
//! lines, and `transcripts/NAME.out` is exactly what `muelle --seed 1
//! NAME.sh` must print (prompt + command lines and the output, stdout only;
//! Muelle's own hints go to stderr and are not part of it). A folder
//! `transcripts/NAME/` is copied in first as the project directory (`--dir`).
//!
//! The `.out` files hold what real Docker Engine 28 prints, checked by hand
//! against the project's reference — not merely what the simulator prints
//! today. `UPDATE_GOLDEN=1 cargo test -p muelle --test transcripts` rewrites
//! them from the simulator; review the diff line by line before committing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("transcripts")
}

/// Runs the `muelle` binary on `NAME.sh` and returns its standard output.
fn run_script(name: &str) -> String {
    let script = dir().join(format!("{name}.sh"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_muelle"));
    cmd.args(["--seed", "1"]);
    // A folder `NAME/` next to the script is the project: copied to
    // /home/alumno/NAME (`--dir`), where the script starts.
    let project = dir().join(name);
    if project.is_dir() {
        cmd.arg("--dir").arg(&project);
    }
    let out = cmd.arg(&script).output().unwrap_or_else(|e| panic!("cannot run muelle on {}: {e}", script.display()));
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{name}: output is not UTF-8: {e}"))
}

/// A readable report of the first difference, with a few lines of context.
fn first_difference(expected: &str, actual: &str) -> String {
    let exp: Vec<&str> = expected.split_inclusive('\n').collect();
    let act: Vec<&str> = actual.split_inclusive('\n').collect();
    let at = exp.iter().zip(&act).position(|(e, a)| e != a).unwrap_or(exp.len().min(act.len()));
    let mut report = format!("first difference at line {}:\n", at + 1);
    for line in &exp[at.saturating_sub(3)..at] {
        report.push_str(&format!("    {line:?}\n"));
    }
    for line in exp.iter().skip(at).take(4) {
        report.push_str(&format!("  - {line:?}\n"));
    }
    for line in act.iter().skip(at).take(4) {
        report.push_str(&format!("  + {line:?}\n"));
    }
    report.push_str(&format!("({} expected lines, {} actual lines)", exp.len(), act.len()));
    report
}

fn check(name: &str) {
    let actual = run_script(name);
    let golden = dir().join(format!("{name}.out"));
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0") {
        std::fs::write(&golden, &actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", golden.display()));
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| panic!("cannot read {}: {e}", golden.display()));
    if expected != actual {
        panic!(
            "transcript {name} differs from {} (UPDATE_GOLDEN=1 rewrites it; check against the reference first)\n{}",
            golden.display(),
            first_difference(&expected, &actual)
        );
    }
}

macro_rules! transcripts {
    ($($name:ident),* $(,)?) => {
        const NAMES: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
    };
}

transcripts! {
    redes,
    redes_bridge_sin_dns,
    redes_aislamiento,
    redes_errores,
    volumenes_bind,
    volumenes_named,
    errores_referencias,
    errores_run,
    errores_nombre,
    run_adjunto,
    errores_ciclo_de_vida,
    reinicio_backoff,
    ls_en_contenedores,
    compose_salud,
    compose_tabs,
    compose_version,
    compose_recrear,
    compose_replicas,
    compose_depends_on,
    compose_migrate,
    compose_errores,
    compose_adjunto,
    sistema_prune,
    docker_cp,
    docker_build,
    compose_reinicios,
    pausa,
    scripts_recursivos,
    scripts_recursivos_alpine,
    archivos_en_si_mismos,
    nombre_largo,
    seq_y_head,
    compose_logs_tail,
    imagenes_y_politicas,
    compose_ayuda,
    shell_posix,
    control_de_trabajos,
    contrasenas,
    docker_diff_top,
    run_hasta_el_final,
    compose_run_nuevo,
    reinicio_del_demonio,
    montaje_sobre_el_sistema,
    adjuntar_y_update,
    volumenes_compartidos,
    compose_tutorial_python,
    python_programas,
    python_interactivo,
    servidores_web,
    compose_flask,
    flask_sin_redis,
    copiar_y_pegar,
    bind_sin_index,
    run_senales_y_teclas,
    compose_volumes_from,
    compose_logs_seguir,
    compose_adjuntar_servicios,
    tutorial_redes_independientes,
    tutorial_volumenes,
    tutorial_montajes_bind,
    tutorial_reinicio,
    composetest,
    servidores_php_java,
    compose_watch,
    docker_build_cache,
    nginx_y_redis,
}

/// Every script in the folder has a test above and a golden next to it.
#[test]
fn every_script_has_a_test_and_a_golden() {
    let mut scripts: Vec<String> = std::fs::read_dir(dir())
        .expect("transcripts folder")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".sh").map(str::to_string))
        .collect();
    scripts.sort();
    let mut listed: Vec<String> = NAMES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(scripts, listed, "list each transcripts/*.sh in transcripts! {{…}}");
    for name in NAMES {
        assert!(dir().join(format!("{name}.out")).is_file(), "{name}.out is missing");
    }
}

/// The harness compares bytes: a transcript run twice is identical.
#[test]
fn the_runner_is_deterministic() {
    assert_eq!(run_script("errores_run"), run_script("errores_run"));
}
