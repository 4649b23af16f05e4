//! Faults from the page's container menu (`world::faults`), end to end through a session.

use sim_core::events::Cause;
use sim_core::events::EventKind;
use sim_core::world::{Cid, Fault};
use sim_core::{Lang, Session, SessionConfig};

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
    assert_eq!(s.world().container(web).unwrap().state.status, sim_core::world::Status::Restarting);
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
    assert!(!c.is_running() && c.state.status != sim_core::world::Status::Restarting);
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
