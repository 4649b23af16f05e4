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
#[derive(Clone, Debug, PartialEq, Eq)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::EventKind;
    use crate::{Lang, Session, SessionConfig};

    fn session(lines: &[&str]) -> Session {
        let mut s = Session::new(SessionConfig { seed: 1, lang: Lang::En });
        for line in lines {
            s.submit(0, line);
            s.run_until_idle(0, 120_000);
            s.take_output(0);
        }
        s
    }

    fn cid(s: &Session, name: &str) -> Cid {
        s.world().container_by_name(name).expect("container").key
    }

    fn exits(s: &Session, name: &str) -> Vec<(i32, Option<Cause>)> {
        s.events()
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::ContainerExited { name: n, code, cause } if n == name => Some((*code, cause.clone())),
                _ => None,
            })
            .collect()
    }

    fn restarts(s: &Session, name: &str) -> Vec<u64> {
        s.events()
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::ContainerRestarting { name: n, delay_ms, .. } if n == name => Some(*delay_ms),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_crash_under_on_failure_restarts_with_back_off() {
        let mut s = session(&["docker run -d --restart on-failure --name web nginx"]);
        s.advance(2_000);
        let web = cid(&s, "web");
        assert!(s.world_mut().crash(web, 3));
        assert_eq!(exits(&s, "web"), [(3, Some(Cause::ProcessExited))]);
        assert_eq!(s.world().container(web).unwrap().state.status, crate::world::Status::Restarting);
        s.advance(500);
        assert!(s.world().container(web).unwrap().is_running(), "restarted after 100 ms");
        // A second crash soon after: the delay doubles.
        assert!(s.world_mut().crash(web, 3));
        assert_eq!(restarts(&s, "web"), [100, 200]);
        let out = {
            s.advance(1_000);
            s.submit(0, "docker inspect -f '{{.RestartCount}} {{.State.Status}}' web");
            s.run_until_idle(0, 10_000);
            s.take_output(0)
        };
        assert_eq!(out.trim(), "2 running");
    }

    #[test]
    fn a_crash_with_restart_no_stays_exited_with_its_code() {
        let mut s = session(&["docker run -d --name web nginx"]);
        s.advance(2_000);
        let web = cid(&s, "web");
        assert!(s.world_mut().crash(web, 3));
        s.advance(5_000);
        s.submit(0, "docker ps -a --format '{{.Names}} {{.Status}}'");
        s.run_until_idle(0, 10_000);
        assert!(s.take_output(0).starts_with("web Exited (3)"));
        assert!(restarts(&s, "web").is_empty());
        assert!(!s.world_mut().crash(web, 4), "an exited container cannot crash again");
        assert_eq!(exits(&s, "web").len(), 1);
    }

    #[test]
    fn out_of_memory_sets_oom_killed_and_137() {
        let mut s = session(&["docker run -d -m 64m --name web nginx"]);
        s.advance(2_000);
        let web = cid(&s, "web");
        assert!(s.world_mut().inject(web, &Fault::OutOfMemory));
        assert_eq!(exits(&s, "web"), [(137, Some(Cause::OutOfMemory))]);
        s.submit(0, "docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' web");
        s.run_until_idle(0, 10_000);
        assert_eq!(s.take_output(0).trim(), "true 137");
    }

    #[test]
    fn kill_is_137_and_the_restart_policy_applies() {
        let mut s = session(&["docker run -d --restart always --name web nginx", "docker run -d --name one nginx"]);
        s.advance(2_000);
        let (web, one) = (cid(&s, "web"), cid(&s, "one"));
        assert!(s.world_mut().inject(web, &Fault::Kill));
        assert!(s.world_mut().inject(one, &Fault::Kill));
        assert_eq!(exits(&s, "web"), [(137, Some(Cause::Killed { signal: "SIGKILL".into() }))]);
        assert_eq!(exits(&s, "one")[0].0, 137);
        s.advance(1_000);
        assert!(s.world().container(web).unwrap().is_running(), "always restarts");
        assert!(!s.world().container(one).unwrap().is_running(), "no policy: stays exited");
    }

    #[test]
    fn stop_is_docker_stop_and_does_not_restart() {
        let mut s = session(&["docker run -d --restart always --name web nginx"]);
        s.advance(2_000);
        let web = cid(&s, "web");
        assert!(s.world_mut().inject(web, &Fault::Stop));
        s.advance(15_000);
        let c = s.world().container(web).unwrap();
        assert!(!c.is_running() && c.state.status != crate::world::Status::Restarting);
        assert_eq!(exits(&s, "web")[0].0, 0, "nginx exits 0 on SIGQUIT/SIGTERM");
        assert!(!s.world_mut().inject(web, &Fault::Stop), "already stopped");
    }

    #[test]
    fn disconnect_removes_the_endpoint_and_logs_it() {
        let mut s = session(&["docker network create red", "docker run -d --network red --name web nginx"]);
        s.advance(2_000);
        let web = cid(&s, "web");
        assert!(s.world_mut().inject(web, &Fault::Disconnect("red".into())));
        assert!(s.events().iter().any(|e| matches!(&e.kind,
            EventKind::NetworkDisconnected { container, network } if container == "web" && network == "red")));
        assert!(!s.world_mut().inject(web, &Fault::Disconnect("red".into())), "no longer on it");
        assert!(!s.world_mut().inject(web, &Fault::Disconnect("nope".into())));
    }

    #[test]
    fn faults_on_missing_containers_change_nothing() {
        let mut s = session(&[]);
        let before = s.events().len();
        for f in [Fault::Stop, Fault::Kill, Fault::Crash(1), Fault::OutOfMemory, Fault::Disconnect("bridge".into())] {
            assert!(!s.world_mut().inject(999, &f));
        }
        assert_eq!(s.events().len(), before);
    }
}
