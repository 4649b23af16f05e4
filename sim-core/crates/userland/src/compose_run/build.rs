//! `docker compose build` (and `up` of a service with `build:`): the
//! service's build section handed to the shared builder ([`crate::build`]),
//! whose BuildKit progress is printed with the service's name in each step
//! (`[web 2/3] COPY …`), and the image stored under the service's image name.

use super::spec;
use crate::compose::project::Project;
use crate::process::Cx;
use crate::world::Loc;

/// Builds the image of `service` and adds it to the local images.
pub fn build_service(cx: &mut Cx<'_>, project: &Project, service: &str) -> Result<(), String> {
    build_service_opts(cx, project, service, false)
}

/// [`build_service`], with `compose build --no-cache`: every step runs, a new image.
pub fn build_service_opts(cx: &mut Cx<'_>, project: &Project, service: &str, no_cache: bool) -> Result<(), String> {
    build_service_styled(cx, project, service, no_cache, false)
}

/// [`build_service_opts`], printing BuildKit's plain display instead (`plain`: a watch rebuild).
pub fn build_service_styled(
    cx: &mut Cx<'_>,
    project: &Project,
    service: &str,
    no_cache: bool,
    plain: bool,
) -> Result<(), String> {
    let render = |o: &crate::build::Outcome| if plain { o.render_plain() } else { o.render() };
    let Some(svc) = project.services.get(service) else { return Err(format!("no such service: {service}")) };
    let Some(build) = svc.build.clone() else { return Ok(()) };
    let context = crate::fs::normalize(&project.working_dir, &build.context);
    if !cx.world.fs_is_dir(Loc::Host, &context) {
        return Err(format!("unable to prepare context: path \"{context}\" not found"));
    }
    let dockerfile_name = build.dockerfile.clone().unwrap_or_else(|| "Dockerfile".into());
    let req = crate::build::Request {
        dockerfile: crate::fs::normalize(&context, &dockerfile_name),
        context,
        dockerfile_name,
        build_args: build.args.iter().filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v))).collect(),
        target: build.target.clone(),
        prefix: Some(service.to_string()),
        no_cache,
    };
    let mut outcome = crate::build::build(cx, &req);
    let name = spec::image_ref(project, svc);
    let mut img = match &outcome.result {
        Ok(img) => img.clone(),
        Err(f) => {
            let message = format!("failed to solve: {}", f.error);
            cx.io.out(&render(&outcome));
            return Err(message);
        }
    };
    let (repo, tag) = match name.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r.to_string(), t.to_string()),
        _ => (name.clone(), "latest".to_string()),
    };
    img.id = cx.world.rng().hex64();
    img.digest = String::new();
    img.repo = repo;
    img.tag = tag;
    img.created_ago_days = 0;
    img.built_at = Some(cx.now());
    if !no_cache {
        crate::build::reuse_earlier(cx.world, &mut img);
    }
    img.pulled_at = cx.now();
    img.removed = false;
    outcome.progress.push(format!(" => [{service}] exporting to image"));
    outcome.progress.push(" => => exporting layers".into());
    outcome.progress.push(format!(" => => writing image sha256:{}", img.id));
    outcome.progress.push(format!(" => => naming to docker.io/library/{name}"));
    cx.io.out(&render(&outcome));
    crate::world::image_store::add_built(cx.world, img);
    Ok(())
}
