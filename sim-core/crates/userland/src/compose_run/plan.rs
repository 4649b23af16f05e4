//! Which containers belong to a project, and in which order services start
//! (dependencies first; ties by name, as compose's graph traversal visits them).

use crate::compose::project::Project;
use crate::world::{Cid, World};

/// Containers created by compose for `project`, in creation order.
pub fn containers_of(world: &World, project: &str) -> Vec<Cid> {
    world
        .containers()
        .values()
        .filter(|c| c.compose.as_ref().is_some_and(|(p, _)| p == project))
        .map(|c| c.key)
        .collect()
}

/// Services in start order: every service after the services it depends on.
/// (The loader already refused cycles; a leftover cycle is broken by name order.)
pub fn start_order(project: &Project) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    // What is already in `order`, for quick membership checks: a 1,000-service file must plan
    // in milliseconds (a page runs this in one frame).
    let mut placed: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let names: Vec<&String> = project.services.keys().collect();
    // Passes in name order; a service goes once everything it depends on (that exists) is placed.
    loop {
        let before = order.len();
        for name in &names {
            if placed.contains(name.as_str()) {
                continue;
            }
            let ready = project.services[*name]
                .depends_on
                .keys()
                .all(|d| placed.contains(d.as_str()) || !project.services.contains_key(d));
            if ready {
                placed.insert(name.as_str());
                order.push((*name).clone());
            }
        }
        if order.len() == before {
            break;
        }
    }
    // A dependency cycle (rejected when loading, but never loop forever): the rest in name order.
    for name in names {
        if !placed.contains(name.as_str()) {
            order.push(name.clone());
        }
    }
    order
}

/// A label of a container's config.
pub fn label<'a>(c: &'a crate::world::container::Container, key: &str) -> Option<&'a str> {
    c.config.labels.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// `docker compose run`'s containers (`com.docker.compose.oneoff=True`).
pub fn is_oneoff(c: &crate::world::container::Container) -> bool {
    label(c, "com.docker.compose.oneoff") == Some("True")
}

/// Compose's `isOrphaned`: a container of a service the file no longer has,
/// or a one-off container that has exited.
pub fn is_orphan(c: &crate::world::container::Container, project: &Project) -> bool {
    if is_oneoff(c) {
        return matches!(c.state.status, crate::world::Status::Exited | crate::world::Status::Dead);
    }
    let service = c.compose.as_ref().map(|(_, s)| s.as_str()).unwrap_or_default();
    !project.services.contains_key(service)
}
