//! Which containers belong to a project, and in which order services start
//! (dependencies first; ties by name, as compose's graph traversal visits them).

use crate::compose::project::Project;
use crate::world::{Cid, World};

/// Containers created by compose for `project`, in creation order.
pub fn containers_of(world: &World, project: &str) -> Vec<Cid> {
    world.containers.values().filter(|c| c.compose.as_ref().is_some_and(|(p, _)| p == project)).map(|c| c.key).collect()
}

/// Services in start order: every service after the services it depends on.
/// (The loader already refused cycles; a leftover cycle is broken by name order.)
pub fn start_order(project: &Project) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    let names: Vec<&String> = project.services.keys().collect();
    for _ in 0..=names.len() {
        for name in &names {
            if order.contains(name) {
                continue;
            }
            let ready = project.services[*name]
                .depends_on
                .keys()
                .all(|d| order.contains(d) || !project.services.contains_key(d));
            if ready {
                order.push((*name).clone());
            }
        }
    }
    for name in names {
        if !order.contains(name) {
            order.push(name.clone());
        }
    }
    order
}
