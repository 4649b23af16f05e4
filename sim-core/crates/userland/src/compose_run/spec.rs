//! A service's container as compose creates it: name, labels, networks with
//! the service name as alias, project-scoped volumes, restart policy from
//! `restart` or `deploy.restart_policy`, memory limit, healthcheck, and the
//! `x-muelle` behaviour of the program.

use crate::compose::project::{Project, Service};
use crate::world::container::{Healthcheck, Mount, MountKind, PortBinding, Proto, RestartPolicy};
use crate::world::CreateSpec;

/// `volumes_from` as compose v2.40 resolves it (`convergence.go` `resolveVolumeFrom`): a service
/// is its first container (by number), `container:name` the container named; the `:ro`/`:rw`
/// written after either is dropped there, so the daemon gets the plain reference and the mounts
/// keep their own modes. The daemon then lays the other container's mount points under the
/// service's own (`registerMountPoints`: the service's own win on the same path).
pub fn add_volumes_from(
    cx: &mut crate::process::Cx<'_>,
    project: &Project,
    svc: &Service,
    spec: &mut CreateSpec,
) -> Result<(), String> {
    let mut inherited: Vec<Mount> = Vec::new();
    for entry in &svc.volumes_from {
        let parts: Vec<&str> = entry.split(':').collect();
        let reference = if parts[0] == "container" {
            parts.get(1).copied().unwrap_or("").to_string()
        } else {
            let mut own: Vec<(bool, usize, String)> = super::plan::containers_of(cx.world, &project.name)
                .into_iter()
                .filter_map(|cid| {
                    let c = cx.world.container(cid)?;
                    if c.compose.as_ref().is_none_or(|(_, s)| s != parts[0]) {
                        return None;
                    }
                    let n = super::plan::label(c, "com.docker.compose.container-number")
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0);
                    Some((super::plan::is_oneoff(c), n, c.id.clone()))
                })
                .collect();
            crate::sort::sort(&mut own);
            match own.into_iter().next() {
                Some((_, _, id)) => id,
                None => return Err(format!("cannot share volume with service {}: container missing", parts[0])),
            }
        };
        let mounts =
            crate::docker::run::volumes_from(cx, &reference).map_err(|m| format!("Error response from daemon: {m}"))?;
        inherited.extend(mounts);
    }
    inherited.retain(|m| !spec.mounts.iter().any(|o| o.dest == m.dest));
    inherited.append(&mut spec.mounts);
    spec.mounts = inherited;
    Ok(())
}

/// `<project>-<service>-<n>` unless `container_name`.
pub fn container_name(project: &Project, svc: &Service, n: usize) -> String {
    svc.container_name.clone().unwrap_or_else(|| format!("{}-{}-{n}", project.name, svc.name))
}

/// The image reference the service runs (a built service without `image:` is `<project>-<service>`).
pub fn image_ref(project: &Project, svc: &Service) -> String {
    svc.image.clone().unwrap_or_else(|| format!("{}-{}", project.name, svc.name))
}

/// The label holding [`super::hash::service_hash`] of the service a container was made from.
pub const CONFIG_HASH: &str = "com.docker.compose.config-hash";
/// The label holding the ID of the image a container was made from.
pub const IMAGE_LABEL: &str = "com.docker.compose.image";

fn condition_name(c: &crate::compose::project::Condition) -> &'static str {
    use crate::compose::project::Condition;
    match c {
        Condition::Started => "service_started",
        Condition::Healthy => "service_healthy",
        Condition::CompletedSuccessfully => "service_completed_successfully",
    }
}

fn restart_policy(svc: &Service) -> RestartPolicy {
    if let Some(rp) = svc.deploy.as_ref().and_then(|d| d.restart_policy.as_ref()) {
        return match rp.condition.as_deref() {
            Some("none") | Some("no") => RestartPolicy::No,
            Some("on-failure") => RestartPolicy::OnFailure(rp.max_attempts.unwrap_or(0) as u32),
            Some("unless-stopped") => RestartPolicy::UnlessStopped,
            _ => RestartPolicy::Always,
        };
    }
    svc.restart.as_deref().and_then(|r| RestartPolicy::parse(r).ok()).unwrap_or_default()
}

fn ports(svc: &Service) -> Vec<PortBinding> {
    let mut out = Vec::new();
    for p in &svc.ports {
        let proto = if p.protocol == "udp" { Proto::Udp } else { Proto::Tcp };
        let target = p.target.min(u16::MAX as u32) as u16;
        let host_port = if p.published.is_empty() {
            None
        } else {
            p.published.split('-').next().and_then(|h| h.parse::<u16>().ok())
        };
        out.push(PortBinding { container_port: target, proto, host_ip: p.host_ip.clone(), host_port });
    }
    out
}

pub fn create_spec(
    project: &Project,
    svc: &Service,
    n: usize,
    (image, image_id): (crate::world::ImageKey, &str),
    config_hash: String,
    rng_id: impl FnMut() -> String,
) -> CreateSpec {
    let mut rng_id = rng_id;
    let name = container_name(project, svc, n);
    let mut labels: Vec<(String, String)> = vec![
        (CONFIG_HASH.into(), config_hash),
        ("com.docker.compose.container-number".into(), n.to_string()),
        (
            "com.docker.compose.depends_on".into(),
            svc.depends_on
                .iter()
                .map(|(d, dep)| format!("{d}:{}:{}", condition_name(&dep.condition), dep.restart))
                .collect::<Vec<_>>()
                .join(","),
        ),
        (IMAGE_LABEL.into(), format!("sha256:{image_id}")),
        ("com.docker.compose.oneoff".into(), "False".into()),
        ("com.docker.compose.project".into(), project.name.clone()),
        ("com.docker.compose.project.config_files".into(), project.compose_files.join(",")),
        ("com.docker.compose.project.working_dir".into(), project.working_dir.clone()),
        ("com.docker.compose.service".into(), svc.name.clone()),
        ("com.docker.compose.version".into(), "2.40.3".into()),
    ];
    labels.extend(svc.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
    let mut networks = Vec::new();
    if let Some(mode) = &svc.network_mode {
        networks.push((mode.clone(), vec![], None));
    } else {
        for (key, sn) in &svc.networks {
            let engine =
                project.networks.get(key).map(|n| n.name.clone()).unwrap_or_else(|| format!("{}_{key}", project.name));
            let mut aliases = vec![svc.name.clone()];
            aliases.extend(sn.aliases.iter().cloned());
            let ip = sn.ipv4_address.as_deref().and_then(|a| a.parse().ok());
            networks.push((engine, aliases, ip));
        }
    }
    let mut mounts = Vec::new();
    for m in &svc.volumes {
        let kind = match m.kind.as_str() {
            "bind" => MountKind::Bind(m.source.clone()),
            "tmpfs" => MountKind::Tmpfs,
            _ if m.source.is_empty() => MountKind::Volume(rng_id()),
            _ => MountKind::Volume(
                project
                    .volumes
                    .get(&m.source)
                    .map(|v| v.name.clone())
                    .unwrap_or_else(|| format!("{}_{}", project.name, m.source)),
            ),
        };
        let anonymous = m.kind == "volume" && m.source.is_empty();
        mounts.push(Mount {
            kind,
            dest: m.target.clone(),
            rw: !m.read_only,
            anonymous,
            no_copy: false,
            subpath: m.subpath.clone(),
            via_mount: false,
            mode: String::new(),
            propagation: String::new(),
        });
    }
    let healthcheck =
        svc.healthcheck.as_ref().filter(|h| !h.disable && h.test.first().map(|t| t.as_str()) != Some("NONE")).map(
            |h| Healthcheck {
                test: h.test.clone(),
                interval_ms: h.interval_ms.unwrap_or(30_000).max(1),
                timeout_ms: h.timeout_ms.unwrap_or(30_000),
                retries: h.retries.unwrap_or(3) as u32,
                start_period_ms: h.start_period_ms.unwrap_or(0),
            },
        );
    let memory =
        svc.deploy.as_ref().and_then(|d| d.limits.as_ref()).and_then(|l| l.memory_bytes).map(|m| m.max(0) as u64);
    CreateSpec {
        name: Some(name),
        image,
        image_ref: image_ref(project, svc),
        entrypoint: svc.entrypoint.clone(),
        cmd: svc.command.clone(),
        env: svc.environment.iter().filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v))).collect(),
        hostname: svc.hostname.clone(),
        workdir: svc.working_dir.clone(),
        user: svc.user.clone(),
        tty: svc.tty,
        open_stdin: svc.stdin_open,
        labels,
        restart: restart_policy(svc),
        auto_remove: false,
        ports: ports(svc),
        publish_all: false,
        exposed: svc.expose.iter().map(|e| if e.contains('/') { e.clone() } else { format!("{e}/tcp") }).collect(),
        networks,
        mounts,
        memory,
        healthcheck,
        stop_signal: None,
        stop_timeout_s: None,
        behaviour: svc.muelle.as_ref().map(behaviour).or_else(|| default_behaviour(svc)),
        compose: Some((project.name.clone(), svc.name.clone())),
    }
}

/// What the file's `x-muelle` says, as the host's description of the container's program.
fn behaviour(x: &crate::compose::XMuelle) -> crate::process::Behaviour {
    let crate::compose::XMuelle {
        listens,
        connects,
        ready_after_ms,
        exits_after_ms,
        exit_code,
        memory_bytes,
        http_body,
    } = x.clone();
    crate::process::Behaviour {
        listens,
        connects,
        ready_after_ms,
        exits_after_ms,
        exit_code,
        memory_bytes,
        http_body,
        declared: true,
    }
}

/// Without `x-muelle`, a service whose environment names a database — `DB_HOST`/`POSTGRES_HOST`/
/// `REDIS_HOST`… or `DATABASE_URL`-style URLs ([`crate::programs::appdeps::from_environment`]) —
/// connects to it at start, as `x-muelle.connects` would say. (Only the user's own programs
/// act on it; the catalog's images keep their own behaviour.)
fn default_behaviour(svc: &Service) -> Option<crate::process::Behaviour> {
    let env: Vec<(String, String)> =
        svc.environment.iter().filter_map(|(k, v)| Some((k.clone(), v.clone()?))).collect();
    let connects = crate::programs::appdeps::from_environment(&env);
    (!connects.is_empty()).then(|| crate::process::Behaviour { connects, ..Default::default() })
}

/// How many containers a service runs.
pub fn replicas(svc: &Service) -> usize {
    svc.deploy.as_ref().and_then(|d| d.replicas).unwrap_or(1).clamp(0, 100) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_env(vars: &[(&str, &str)]) -> Service {
        let mut svc = Service { name: "app".into(), ..Default::default() };
        for (k, v) in vars {
            svc.environment.insert(k.to_string(), Some(v.to_string()));
        }
        svc
    }

    #[test]
    fn database_variables_become_connections() {
        let b = default_behaviour(&with_env(&[("DB_HOST", "db"), ("DB_PORT", "5433")])).unwrap();
        assert_eq!(b.connects, vec![("db".to_string(), 5433)]);
        let b = default_behaviour(&with_env(&[("REDIS_HOST", "cache")])).unwrap();
        assert_eq!(b.connects, vec![("cache".to_string(), 6379)]);
        let b =
            default_behaviour(&with_env(&[("DATABASE_URL", "postgres://u:p@pg:5432/app?sslmode=disable")])).unwrap();
        assert_eq!(b.connects, vec![("pg".to_string(), 5432)]);
        let b = default_behaviour(&with_env(&[("REDIS_URL", "redis://redis")])).unwrap();
        assert_eq!(b.connects, vec![("redis".to_string(), 6379)]);
        assert!(default_behaviour(&with_env(&[("WEB_HOST", "x"), ("API_URL", "http://api")])).is_none());
        assert!(default_behaviour(&with_env(&[("DB_USER", "x")])).is_none());
    }
}
