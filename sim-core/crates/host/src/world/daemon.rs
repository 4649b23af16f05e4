//! dockerd's own life: `systemctl stop docker` and `systemctl start docker`, as moby's
//! `Daemon.Shutdown` and `restore()` do them.
//!
//! Stopping: the API closes first (every `docker` command is refused from then on), then each
//! running container gets its stop signal and, after its stop timeout, SIGKILL (moby's
//! `shutdownContainer`). Those stops are not the user's: `killWithSignal` sets
//! `HasBeenManuallyStopped` only when the daemon is not shutting down, and the restart manager
//! restarts nothing while it is. A container in its restart back-off stays exited. Once no
//! container runs, the daemon is stopped.
//!
//! Starting (`restore()`): every container that is not running and has been started before is
//! started again when `container.ShouldRestart()` says so — the restart manager's rule with the
//! container's last exit code and its manual-stop flag ([`restarts_on_restore`]). `--live-restore`
//! (containers that keep running while the daemon is down) is not simulated.

use super::container::{Cid, RestartPolicy, Status};
use super::{Event, World};
use crate::events::EventKind;
use crate::time::SimTime;

/// Whether dockerd runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DaemonState {
    #[default]
    Running,
    /// Shutting down: the API is closed, containers are being stopped.
    Stopping,
    Stopped,
}

/// The daemon's state, when it last changed, its process ID, and whether a restart waits for
/// the stop to end.
#[derive(Clone, Debug)]
pub(super) struct Daemon {
    state: DaemonState,
    since: SimTime,
    pid: u32,
    /// When it last started (for `systemctl status`'s `Duration:` of a stopped daemon).
    started: SimTime,
    start_after_stop: bool,
}

impl Default for Daemon {
    fn default() -> Self {
        Daemon {
            state: DaemonState::Running,
            since: SimTime(0),
            pid: 812,
            started: SimTime(0),
            start_after_stop: false,
        }
    }
}

/// Simulated time dockerd takes to come up (initialising, restoring) after a stop.
pub const START_MS: u64 = 700;

/// moby's `container.ShouldRestart()` as `restore()` asks it: `always` comes back even after a
/// `docker stop`; `unless-stopped` unless the user stopped it; `on-failure[:N]` when its last
/// exit code was not 0 and its restarts are under N; `no` never. A container never started
/// (`HasBeenStartedBefore`) stays created.
pub fn restarts_on_restore(
    policy: &RestartPolicy,
    exit_code: i32,
    manually_stopped: bool,
    restart_count: u32,
    started_before: bool,
) -> bool {
    started_before
        && match policy {
            RestartPolicy::No => false,
            RestartPolicy::Always => true,
            RestartPolicy::UnlessStopped => !manually_stopped,
            RestartPolicy::OnFailure(max) => exit_code != 0 && (*max == 0 || restart_count < *max),
        }
}

impl World {
    pub fn daemon_state(&self) -> DaemonState {
        self.daemon.state
    }

    /// Whether the daemon answers its API (`docker` commands are refused otherwise).
    pub fn daemon_up(&self) -> bool {
        self.daemon.state == DaemonState::Running
    }

    /// When the daemon entered its current state.
    pub fn daemon_since(&self) -> SimTime {
        self.daemon.since
    }

    /// When the daemon last started.
    pub fn daemon_started(&self) -> SimTime {
        self.daemon.started
    }

    /// dockerd's process ID (a new one after each start).
    pub fn daemon_pid(&self) -> u32 {
        self.daemon.pid
    }

    /// `systemctl stop docker`: closes the API and stops every running container; the daemon
    /// is [`DaemonState::Stopped`] once the last one has exited.
    pub fn daemon_stop(&mut self) {
        if self.daemon.state != DaemonState::Running {
            return;
        }
        self.daemon.state = DaemonState::Stopping;
        self.daemon.since = self.now();
        self.touch();
        let cids: Vec<Cid> = self.containers.keys().copied().collect();
        for cid in cids {
            let Some(c) = self.containers.get(&cid) else { continue };
            if c.is_running() || c.state.status == Status::Restarting {
                self.begin_stop(cid, None, None);
            }
        }
        self.settle_shutdown();
    }

    /// `systemctl restart docker`: a stop, then a start once the stop has ended.
    pub fn daemon_restart(&mut self) {
        match self.daemon.state {
            // Already stopped: it starts after its start-up time, as after a stop.
            DaemonState::Stopped => self.queue.schedule_in(START_MS, Event::DaemonStart),
            DaemonState::Stopping => self.daemon.start_after_stop = true,
            DaemonState::Running => {
                self.daemon.start_after_stop = true;
                self.daemon_stop();
            }
        }
    }

    /// `systemctl start docker`: the daemon runs again and restores its containers
    /// ([`restarts_on_restore`]). Starting a stopping daemon starts it once it has stopped.
    pub fn daemon_start(&mut self) {
        match self.daemon.state {
            DaemonState::Running => return,
            DaemonState::Stopping => {
                self.daemon.start_after_stop = true;
                return;
            }
            DaemonState::Stopped => {}
        }
        self.daemon.state = DaemonState::Running;
        self.daemon.start_after_stop = false;
        self.daemon.since = self.now();
        self.daemon.started = self.now();
        self.daemon.pid = 1000 + self.rng.below(30_000) as u32;
        self.record(EventKind::DaemonStarted);
        let restore: Vec<Cid> = self
            .containers
            .values()
            .filter(|c| {
                !c.is_running()
                    && restarts_on_restore(
                        &c.host.restart,
                        c.state.exit_code,
                        c.state.manually_stopped,
                        c.state.restart_count,
                        c.state.started_at.is_some(),
                    )
            })
            .map(|c| c.key)
            .collect();
        for cid in restore {
            // A start that fails (a port taken meanwhile) leaves it exited, as moby logs and goes on.
            let _ = self.start_container(cid);
        }
    }

    /// A stopping daemon with no container left running is stopped (and starts again after
    /// [`START_MS`] when a restart asked for it).
    pub(super) fn settle_shutdown(&mut self) {
        if self.daemon.state != DaemonState::Stopping || self.containers.values().any(|c| c.is_running()) {
            return;
        }
        self.daemon.state = DaemonState::Stopped;
        self.daemon.since = self.now();
        self.record(EventKind::DaemonStopped);
        if self.daemon.start_after_stop {
            self.queue.schedule_in(START_MS, Event::DaemonStart);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_rules_follow_the_restart_manager() {
        use RestartPolicy::*;
        // always: back even after `docker stop`.
        assert!(restarts_on_restore(&Always, 0, false, 0, true));
        assert!(restarts_on_restore(&Always, 143, true, 0, true));
        // unless-stopped: back unless the user stopped it.
        assert!(restarts_on_restore(&UnlessStopped, 0, false, 0, true));
        assert!(!restarts_on_restore(&UnlessStopped, 0, true, 0, true));
        // on-failure: only a non-zero exit under the retry limit.
        assert!(!restarts_on_restore(&OnFailure(0), 0, false, 0, true));
        assert!(restarts_on_restore(&OnFailure(0), 137, false, 5, true));
        assert!(restarts_on_restore(&OnFailure(3), 1, false, 2, true));
        assert!(!restarts_on_restore(&OnFailure(3), 1, false, 3, true));
        // no: never.
        assert!(!restarts_on_restore(&No, 137, false, 0, true));
        // Never started: stays created.
        assert!(!restarts_on_restore(&Always, 0, false, 0, false));
    }
}
