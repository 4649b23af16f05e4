//! `docker compose down` and `stop`: containers stopped in reverse
//! dependency order (each takes what `docker stop` takes), then removed,
//! then the project's networks and, with `-v`, its volumes.

use super::plan::containers_of;
use super::progress::{self, Line};
use crate::compose::project::Project;
use crate::process::{Cx, Job, Poll, Wake};
use crate::time::SimTime;
use crate::world::Cid;

#[derive(Clone, Debug, Default)]
pub struct DownOptions {
    pub volumes: bool,
    pub remove_orphans: bool,
    /// `stop` only stops; `down` also removes.
    pub remove: bool,
    /// `stop SERVICE…`: only these services' containers (compose's `stop.go` skips the others
    /// while walking the reverse dependency order; what they depend on keeps running).
    pub services: Vec<String>,
}

struct Down {
    project: Project,
    opts: DownOptions,
    cids: Vec<Cid>,
    since: SimTime,
}

pub fn down(cx: &mut Cx<'_>, project: Project, opts: DownOptions) -> Box<dyn Job> {
    // Without --remove-orphans compose only touches the file's services'
    // containers (`run` containers and orphans stay, and keep the network busy).
    let mut cids: Vec<Cid> = containers_of(cx.world, &project.name)
        .into_iter()
        .filter(|c| {
            opts.remove_orphans
                || cx
                    .world
                    .container(*c)
                    .is_some_and(|c| !super::plan::is_oneoff(c) && !super::plan::is_orphan(c, &project))
        })
        .filter(|c| {
            opts.services.is_empty()
                || cx
                    .world
                    .container(*c)
                    .and_then(|c| c.compose.as_ref())
                    .is_some_and(|(_, service)| opts.services.contains(service))
        })
        .collect();
    cids.reverse();
    let nets: Vec<&crate::compose::project::Network> =
        project.networks.values().filter(|n| !n.external && cx.world.network_by_name(&n.name).is_some()).collect();
    if cids.is_empty() && (nets.is_empty() || !opts.remove) {
        // `down.go`: the warning only when there was nothing to even try
        // (no containers and no declared network or, with -v, volume);
        // otherwise a down with nothing left prints nothing at all.
        let declared = project.networks.values().any(|n| !n.external)
            || (opts.volumes && project.volumes.values().any(|v| !v.external));
        if opts.remove && !declared {
            cx.io.errln(&format!("WARN[0000] Warning: No resource found to remove for project \"{}\".", project.name));
        }
        return Box::new(crate::process::Finished(0));
    }
    for cid in &cids {
        cx.world.stop_container(*cid, None, None);
    }
    crate::docker::container::stop_wait_note(cx, &cids, None, None);
    let since = cx.now();
    Box::new(Down { project, opts, cids, since })
}

/// `docker compose stop [SERVICE…]`.
pub fn stop_project(cx: &mut Cx<'_>, project: Project, services: &[String]) -> Box<dyn Job> {
    down(cx, project, DownOptions { remove: false, services: services.to_vec(), ..Default::default() })
}

impl Job for Down {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if self.cids.iter().any(|c| cx.world.container(*c).is_some_and(|c| c.is_running())) {
            return Poll::Pending(Wake::Change);
        }
        let elapsed = cx.now().since(self.since).max(100);
        let mut lines = Vec::new();
        for (i, cid) in self.cids.iter().enumerate() {
            let Some(name) = cx.world.container(*cid).map(|c| c.name.clone()) else { continue };
            if self.opts.remove {
                cx.world.remove_container_now(*cid, self.opts.volumes);
                lines.push(Line {
                    kind: "Container",
                    name,
                    status: "Removed".into(),
                    ms: elapsed + 100 * i as u64,
                    ok: true,
                });
            } else {
                lines.push(Line {
                    kind: "Container",
                    name,
                    status: "Stopped".into(),
                    ms: elapsed + 100 * i as u64,
                    ok: true,
                });
            }
        }
        if self.opts.remove {
            for n in self.project.networks.values().filter(|n| !n.external) {
                if let Ok(key) = cx.world.find_network(&n.name) {
                    match cx.world.remove_network(key) {
                        Ok(()) => lines.push(Line {
                            kind: "Network",
                            name: n.name.clone(),
                            status: "Removed".into(),
                            ms: 200,
                            ok: true,
                        }),
                        Err(_) => lines.push(Line {
                            kind: "Network",
                            name: n.name.clone(),
                            status: "Resource is still in use".into(),
                            ms: 0,
                            ok: false,
                        }),
                    }
                }
            }
            if self.opts.volumes {
                for v in self.project.volumes.values().filter(|v| !v.external) {
                    if cx.world.volumes().contains_key(&v.name) {
                        if cx.world.remove_volume(&v.name).is_ok() {
                            lines.push(Line {
                                kind: "Volume",
                                name: v.name.clone(),
                                status: "Removed".into(),
                                ms: 0,
                                ok: true,
                            });
                        } else {
                            lines.push(Line {
                                kind: "Volume",
                                name: v.name.clone(),
                                status: "Resource is still in use".into(),
                                ms: 0,
                                ok: false,
                            });
                        }
                    }
                }
            }
        }
        let title = if self.opts.remove { "Running" } else { "Stopping" };
        progress::render(cx.io, cx.sh.cols(), title, &lines);
        Poll::Done(0)
    }
}
