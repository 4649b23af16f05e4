//! Faults on demand: what the page's container menu does to a running container so students can
//! watch restart policies and `depends_on` react.
//!
//! Each fault ends the main process through the same path as a real exit
//! ([`World::on_main_exit`]), so the event log, the restart manager's back-off and everything
//! waiting on the container see exactly what they would see in Docker. None of them counts as a
//! manual stop: they are what happens *to* a container (a crash, `kill -9` of its process from the
//! host, the kernel's OOM killer), not `docker stop`/`docker kill`, so the restart policy applies.
//! Stopping (`docker stop`) and disconnecting (`docker network disconnect`) reuse the existing
//! operations; [`Fault`] names all five for the page.

use super::{Cid, World};
use crate::events::Cause;

/// One fault the page's menu can inject.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Fault {
    /// `docker stop` (SIGTERM, then SIGKILL after the timeout).
    Stop,
    /// SIGKILL to the main process from outside Docker: exit 137.
    Kill,
    /// The main process exits on its own with this code.
    Crash(i32),
    /// The process goes over its memory limit: the kernel kills it (137, `OOMKilled`).
    OutOfMemory,
    /// `docker network disconnect NETWORK CONTAINER`.
    Disconnect(String),
}

impl World {
    /// Applies `fault` to container `cid`; false when it does not apply (not running, gone, not on
    /// that network). Never panics.
    pub fn inject(&mut self, cid: Cid, fault: &Fault) -> bool {
        let Some(c) = self.containers.get(&cid) else { return false };
        let running = c.is_running();
        match fault {
            Fault::Stop => {
                if !running && c.state.status != super::Status::Restarting {
                    return false;
                }
                self.stop_container(cid, None, None);
                true
            }
            Fault::Kill => self.crash_with(cid, 137, Cause::Killed { signal: "SIGKILL".into() }),
            Fault::Crash(code) => self.crash(cid, *code),
            Fault::OutOfMemory => self.oom_kill(cid),
            Fault::Disconnect(net) => {
                let Ok(key) = self.find_network(net) else { return false };
                self.disconnect(key, cid).is_ok()
            }
        }
    }

    /// The main process exits with `code` (0–255, as a process's status is) as if it had crashed.
    pub fn crash(&mut self, cid: Cid, code: i32) -> bool {
        self.crash_with(cid, code.clamp(0, 255), Cause::ProcessExited)
    }

    /// The kernel's OOM killer: exit 137 with `State.OOMKilled` true.
    pub fn oom_kill(&mut self, cid: Cid) -> bool {
        if !self.containers.get(&cid).is_some_and(|c| c.is_running()) {
            return false;
        }
        if let Some(c) = self.containers.get_mut(&cid) {
            c.state.oom_killed = true;
        }
        self.crash_with(cid, 137, Cause::OutOfMemory)
    }

    fn crash_with(&mut self, cid: Cid, code: i32, cause: Cause) -> bool {
        if !self.containers.get(&cid).is_some_and(|c| c.is_running()) {
            return false;
        }
        self.on_main_exit(cid, code, Some(cause));
        true
    }
}
