//! What `docker compose` works out before loading: which files (`-f`,
//! `COMPOSE_FILE`, or the first of compose.yaml, compose.yml,
//! docker-compose.yml, docker-compose.yaml found in the working directory or
//! a parent — compose-go's lookup order, plus a matching override file), the
//! project directory, and the interpolation environment (exported shell
//! variables first, then `.env` or `--env-file`). Pure: files come through a reader.

use super::diag::{Diagnostic, Msg, WarnMsg, Warning};
use super::dotenv;
use std::collections::BTreeMap;

/// Compose's default file names, in the order it tries them.
pub const DEFAULT_FILES: &[&str] = &["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];
pub const OVERRIDE_FILES: &[&str] =
    &["compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"];

/// The command line's project options.
#[derive(Clone, Debug, Default)]
pub struct CliOptions {
    pub files: Vec<String>,
    pub project_directory: Option<String>,
    pub project_name: Option<String>,
    pub env_files: Vec<String>,
    pub profiles: Vec<String>,
}

/// Everything [`super::load`] needs.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub files: Vec<(String, String)>,
    pub env: BTreeMap<String, String>,
    pub project_dir: String,
    pub project_name: Option<String>,
    pub profiles: Vec<String>,
    pub warnings: Vec<Warning>,
}

fn abs(cwd: &str, p: &str) -> String {
    sim_base::path::normalize(cwd, p)
}

/// Resolves files, directory and environment as compose's `ProjectOptions` does.
pub fn resolve(
    cli: &CliOptions,
    cwd: &str,
    os_env: &BTreeMap<String, String>,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<Resolved, Box<Diagnostic>> {
    let mut warnings = Vec::new();
    let mut config_paths: Vec<String> = cli.files.iter().map(|f| abs(cwd, f)).collect();
    let explicit_dir = cli.project_directory.as_ref().map(|d| abs(cwd, d));
    let work_dir = |paths: &[String]| -> String {
        explicit_dir
            .clone()
            .or_else(|| paths.first().map(|p| sim_base::path::parent(p).to_string()))
            .unwrap_or_else(|| cwd.to_string())
    };
    let env = environment(cli, &work_dir(&config_paths), cwd, os_env, read)?;
    if config_paths.is_empty() {
        if let Some(f) = env.get("COMPOSE_FILE").filter(|f| !f.is_empty()) {
            let sep = env.get("COMPOSE_PATH_SEPARATOR").cloned().unwrap_or_else(|| ":".into());
            config_paths = f.split(sep.as_str()).filter(|p| !p.is_empty()).map(|p| abs(cwd, p)).collect();
        }
    }
    if config_paths.is_empty() {
        let mut dir = explicit_dir.clone().unwrap_or_else(|| cwd.to_string());
        loop {
            let found: Vec<String> =
                DEFAULT_FILES.iter().map(|n| join(&dir, n)).filter(|p| read(p).is_some()).collect();
            if let Some(first) = found.first() {
                if found.len() > 1 {
                    let files = found.join(", ");
                    warnings.push(Warning {
                        loc: None,
                        msg: WarnMsg::MultipleConfigFiles { files: files.clone() },
                        compose: format!("Found multiple config files with supported names: {files}"),
                    });
                    warnings.push(Warning {
                        loc: None,
                        msg: WarnMsg::MultipleConfigFiles { files: first.clone() },
                        compose: format!("Using {first}"),
                    });
                }
                config_paths.push(first.clone());
                if let Some(o) = OVERRIDE_FILES.iter().map(|n| join(&dir, n)).find(|p| read(p).is_some()) {
                    config_paths.push(o);
                }
                break;
            }
            if dir == "/" {
                break;
            }
            dir = sim_base::path::parent(&dir).to_string();
        }
    }
    if config_paths.is_empty() {
        let dir = explicit_dir.clone().unwrap_or_else(|| cwd.to_string());
        return Err(Box::new(Diagnostic::new(
            None,
            Msg::NoConfigFile { dir },
            "no configuration file provided: not found",
        )));
    }
    let mut files = Vec::new();
    for p in &config_paths {
        match read(p) {
            Some(bytes) => files.push((p.clone(), String::from_utf8_lossy(&bytes).into_owned())),
            None => {
                return Err(Box::new(Diagnostic::new(
                    None,
                    Msg::FileNotFound { path: p.clone() },
                    format!("open {p}: no such file or directory"),
                )))
            }
        }
    }
    let mut profiles = cli.profiles.clone();
    if profiles.is_empty() {
        if let Some(p) = env.get("COMPOSE_PROFILES") {
            profiles = p.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
        }
    }
    Ok(Resolved {
        files,
        env,
        project_dir: work_dir(&config_paths),
        project_name: cli.project_name.clone(),
        profiles,
        warnings,
    })
}

fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// The interpolation environment: the shell's variables, then `.env`
/// (or each `--env-file`) for names the shell does not set.
pub fn environment(
    cli: &CliOptions,
    work_dir: &str,
    cwd: &str,
    os_env: &BTreeMap<String, String>,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<BTreeMap<String, String>, Box<Diagnostic>> {
    let mut env = os_env.clone();
    let (files, explicit) = if cli.env_files.is_empty() {
        (vec![join(work_dir, ".env")], false)
    } else {
        (cli.env_files.iter().map(|f| abs(cwd, f)).collect(), true)
    };
    let mut from_files: BTreeMap<String, String> = BTreeMap::new();
    for f in files {
        let Some(bytes) = read(&f) else {
            if explicit {
                return Err(Box::new(Diagnostic::new(
                    None,
                    Msg::EnvFileNotFound { path: f.clone() },
                    format!("couldn't find env file: {f}"),
                )));
            }
            continue;
        };
        let mut lookup = os_env.clone();
        for (k, v) in &from_files {
            lookup.entry(k.clone()).or_insert_with(|| v.clone());
        }
        let text = String::from_utf8_lossy(&bytes);
        match dotenv::parse(&text, &lookup) {
            Ok(vars) => {
                for (k, v) in vars {
                    from_files.insert(k, v);
                }
            }
            Err(e) => {
                return Err(Box::new(Diagnostic::new(
                    None,
                    Msg::BadEnvFile { path: f.clone(), detail: e.clone() },
                    format!("failed to read {f}: {e}"),
                )))
            }
        }
    }
    for (k, v) in from_files {
        env.entry(k).or_insert(v);
    }
    Ok(env)
}
