//! `docker pause` / `docker unpause`: the cgroup freezer. A paused container
//! keeps running (moby leaves `State.Running` true and sets `State.Paused`),
//! keeps its endpoints and its kernel's network stack (pings are answered,
//! TCP handshakes complete), but its processes are frozen: the main process
//! is not polled (its wake is kept and honoured on unpause), healthchecks do
//! not run, and nothing it serves answers. Errors are moby v28.2.2's
//! (`daemon/pause.go`, `daemon/unpause.go`, `daemon/errors.go`).

use super::{Cid, ContainerError, Event, Status, World};
use crate::events::EventKind;

impl World {
    /// Freezes a running container; the error is the daemon's refusal.
    pub fn pause_container(&mut self, cid: Cid) -> Result<(), ContainerError> {
        let Some(c) = self.containers.get_mut(&cid) else { return Err(ContainerError::NoSuchContainer) };
        // `GetRunningTask` first, then already paused, then restarting (moby's order).
        if c.state.status != Status::Running {
            return Err(match c.state.status {
                Status::Restarting => ContainerError::Restarting { id: c.id.clone() },
                _ => ContainerError::NotRunning { id: c.id.clone() },
            });
        }
        if c.state.paused {
            return Err(ContainerError::AlreadyPaused { id: c.id.clone() });
        }
        c.state.paused = true;
        let name = c.name.clone();
        self.record(EventKind::ContainerPaused { name });
        Ok(())
    }

    /// Thaws a paused container: its main process resumes where it waited, its healthcheck restarts.
    pub fn unpause_container(&mut self, cid: Cid) -> Result<(), ContainerError> {
        let Some(c) = self.containers.get(&cid) else { return Err(ContainerError::NoSuchContainer) };
        if !c.is_paused() {
            return Err(ContainerError::NotPaused { id: c.id.clone() });
        }
        self.thaw(cid);
        Ok(())
    }

    /// Clears `paused`, records it, and reschedules what the freeze held back.
    pub(super) fn thaw(&mut self, cid: Cid) {
        let now = self.now();
        let Some(c) = self.containers.get_mut(&cid) else { return };
        if !c.state.paused {
            return;
        }
        c.state.paused = false;
        let generation = c.state.generation;
        let name = c.name.clone();
        let held_wake = std::mem::take(&mut c.state.held_wake);
        let held_health = std::mem::take(&mut c.state.held_health);
        let interval = c.config.healthcheck.as_ref().map(|hc| hc.interval_ms.max(1));
        self.record(EventKind::ContainerUnpaused { name });
        // A timer that expired while frozen fires as soon as the process runs again.
        if held_wake {
            self.queue.schedule(now, Event::WakeMain { cid, generation });
        }
        // The health monitor starts over: the next probe one interval after the thaw.
        if let (true, Some(interval)) = (held_health, interval) {
            self.queue.schedule_in(interval, Event::Health { cid, generation });
        }
    }

    /// A frozen container's event comes due: remember it for the thaw instead of running it.
    /// Returns whether it was held.
    pub(super) fn hold_if_paused(&mut self, cid: Cid, event: &Event) -> bool {
        let Some(c) = self.containers.get_mut(&cid) else { return false };
        if !c.is_paused() {
            return false;
        }
        match event {
            Event::WakeMain { .. } => c.state.held_wake = true,
            Event::Health { .. } => c.state.held_health = true,
            _ => return false,
        }
        true
    }
}
