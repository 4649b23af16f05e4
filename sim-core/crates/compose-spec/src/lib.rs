//! Docker Compose files: parse, validate, interpolate and normalize them the
//! way Compose v2 (compose-go v2.9, Docker Compose v2.40) does, with every
//! problem located at a file, line and column and explained in Spanish or
//! English next to compose's own message. Running the project is not here:
//! this is the configuration half, a pure function of files and variables.
//! Why the YAML layer is built on saphyr-parser: see `README.md` beside this file.
//!
//! Pipeline (each step its own module): [`yaml`] (text → located tree) →
//! [`interp`] (variables) → [`extends`] → [`merge`] → [`check`] (schema,
//! driven by [`schema`]) → [`canonical`] (short syntaxes expanded) →
//! [`load`] (defaults, paths, normalization) → [`project`] (profiles,
//! consistency, typed model) → [`render`] (`config` output).

pub mod canonical;
pub mod check;
pub mod conv;
pub mod diag;
pub mod dotenv;
pub mod extends;
pub mod interp;
pub mod load;
pub mod merge;
pub mod options;
pub mod project;
pub mod render;
pub mod schema;
pub mod spec;
pub mod tabs;
pub mod tree;
pub mod value;
pub mod yaml;

pub use diag::{Diagnostic, Kind, Location, Msg, WarnMsg, Warning};
pub use project::{Project, XMuelle};

use std::collections::BTreeMap;

/// The last component of a path (`/home/alumno/proyecto` → `proyecto`).
pub fn basename(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or(path)
}

/// Loads a project from `files` (path, contents), in `-f` order.
///
/// `env` is the interpolation environment (exported shell variables over the
/// `.env` file — see [`options::environment`]); `project_dir` is absolute;
/// `project_name` is `-p`. `read` reads further files (`env_file`, `extends`,
/// `include`), `None` when one does not exist. Like `docker compose config`,
/// networks, volumes, secrets and configs that no service uses are left out.
pub fn load(
    files: &[(String, String)],
    env: &BTreeMap<String, String>,
    project_dir: &str,
    project_name: Option<&str>,
    profiles: &[String],
    read: load::Reader<'_>,
) -> Result<(Project, Vec<Warning>), Vec<Diagnostic>> {
    let opts = load::Options {
        project_dir: project_dir.to_string(),
        project_name: project_name.map(str::to_string),
        profiles: profiles.to_vec(),
        read,
    };
    let loaded = load::load(files, env, &opts)?;
    let ctx = load::Ctx { files: loaded.files.clone(), warnings: Vec::new(), read };
    let mut tree = loaded.tree;
    project::check_container_names(&ctx, &tree)?;
    project::drop_unused(&mut tree);
    let mut found = Vec::new();
    let p = Project::from_tree(&loaded.name, project_dir, loaded.files, loaded.disabled, tree, &mut found);
    let mut warnings = loaded.warnings;
    warnings.extend(project::located(&ctx, found));
    Ok((p, warnings))
}

/// [`load`] with what [`options::resolve`] found (files, environment, project directory,
/// name and profiles). The resolver's own warnings are not included.
pub fn load_resolved(
    resolved: &options::Resolved,
    read: load::Reader<'_>,
) -> Result<(Project, Vec<Warning>), Vec<Diagnostic>> {
    load(
        &resolved.files,
        &resolved.env,
        &resolved.project_dir,
        resolved.project_name.as_deref(),
        &resolved.profiles,
        read,
    )
}

/// `docker compose config --format json`, or compose's error where v2.40 fails to print it.
pub fn render_json(p: &Project) -> Result<String, String> {
    render::json(&p.canonical)
}

/// `docker compose config` (YAML).
pub fn render_yaml(p: &Project) -> String {
    render::yaml(&p.canonical)
}
