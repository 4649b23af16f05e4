//! The daemon's smaller changes to a container that are not lifecycle steps: the flags
//! `docker start`/`docker rm` set, a rename (name index, embedded DNS, event), and what the
//! container's own processes change in it (ports they listen on, packages they install).
//! Each bumps the revision itself: callers never do.

use super::{Cid, World};
use crate::events::EventKind;

impl World {
    /// moby's `HasBeenManuallyStopped`: a `docker stop`/`kill` the restart policy obeys, or
    /// (false) a `docker start` that lets it act again.
    pub fn set_manually_stopped(&mut self, cid: Cid, stopped: bool) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.state.manually_stopped = stopped;
            self.revision += 1;
        }
    }

    /// `docker start` of a container that is not running resets its restart count
    /// (moby's `ResetRestartManager`).
    pub fn reset_restart_count(&mut self, cid: Cid) {
        if let Some(c) = self.containers.get_mut(&cid).filter(|c| !c.is_running()) {
            c.state.restart_count = 0;
            self.revision += 1;
        }
    }

    /// `docker rename`: the name, the name index, every network's DNS entry, and the event.
    pub fn rename_container(&mut self, cid: Cid, new: &str) {
        let Some(old) = self.containers.get(&cid).map(|c| c.name.clone()) else { return };
        self.set_container_name(cid, new);
        for net in self.networks.values_mut() {
            net.addrs.rename(cid, new);
        }
        self.record(EventKind::ContainerRenamed { from: old, to: new.to_string() });
    }

    /// A process in the container now accepts TCP connections on `ports`.
    pub fn listen(&mut self, cid: Cid, ports: impl IntoIterator<Item = u16>) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.listening.extend(ports);
        }
        self.revision += 1;
    }

    /// A package manager installed `packages` in the container (their commands now exist).
    pub fn install_packages(&mut self, cid: Cid, packages: impl IntoIterator<Item = String>) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.packages.extend(packages);
        }
        self.revision += 1;
    }

    /// `apt-get update` fetched the package lists (`apt-get install` now finds packages).
    pub fn set_apt_lists(&mut self, cid: Cid) {
        if let Some(c) = self.containers.get_mut(&cid) {
            c.apt_lists = true;
            self.revision += 1;
        }
    }
}
