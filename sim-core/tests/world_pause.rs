//! `docker pause`/`unpause` (`world::pause`), end to end through a session.

use sim_core::events::EventKind;
use sim_core::world::container::Health;
use sim_core::world::{Cid, Status};
use sim_core::{Lang, Session, SessionConfig};

fn session(lines: &[&str]) -> Session {
    let mut s = Session::new(SessionConfig { seed: 1, lang: Lang::En });
    for line in lines {
        run(&mut s, line);
    }
    s
}

fn run(s: &mut Session, line: &str) -> String {
    s.submit(0, line);
    s.run_until_idle(0, 120_000);
    s.take_output(0)
}

fn cid(s: &Session, name: &str) -> Cid {
    s.world().container_by_name(name).expect("container").key
}

#[test]
fn a_paused_main_process_does_not_advance_and_resumes_on_unpause() {
    let mut s = session(&["docker run -d --name sl busybox sleep 5", "docker pause sl"]);
    let s_id = cid(&s, "sl");
    // `sleep 5` would have ended long ago; frozen, it has not.
    s.advance(30_000);
    let c = s.world().container(s_id).unwrap();
    assert!(c.is_paused());
    assert_eq!(c.state.status, Status::Running);
    assert!(!s.events().iter().any(|e| matches!(&e.kind, EventKind::ContainerExited { .. })));
    // Thawed, its expired timer fires at once: it exits 0.
    assert_eq!(run(&mut s, "docker unpause sl"), "sl\n");
    s.advance(10);
    let c = s.world().container(s_id).unwrap();
    assert_eq!((c.state.status, c.state.exit_code), (Status::Exited, 0));
    let kinds: Vec<&EventKind> = s.events().iter().map(|e| &e.kind).collect();
    let paused = kinds.iter().position(|k| matches!(k, EventKind::ContainerPaused { name } if name == "sl"));
    let unpaused = kinds.iter().position(|k| matches!(k, EventKind::ContainerUnpaused { name } if name == "sl"));
    assert!(paused.is_some() && paused < unpaused, "{kinds:?}");
}

#[test]
fn a_timer_still_pending_at_unpause_keeps_its_time() {
    let mut s = session(&["docker run -d --name sl busybox sleep 20", "docker pause sl"]);
    s.advance(3_000);
    run(&mut s, "docker unpause sl");
    s.advance(5_000);
    assert!(s.world().container(cid(&s, "sl")).unwrap().is_running(), "not woken early");
    s.advance(15_000);
    assert_eq!(s.world().container(cid(&s, "sl")).unwrap().state.status, Status::Exited);
}

#[test]
fn healthchecks_do_not_run_while_paused() {
    let mut s = session(&[
        "docker run -d --name hc --health-cmd true --health-interval 1s busybox sleep 1000",
        "docker pause hc",
    ]);
    let h = cid(&s, "hc");
    s.advance(20_000);
    assert_eq!(s.world().container(h).unwrap().state.health, Some(Health::Starting));
    assert!(!s.events().iter().any(|e| matches!(&e.kind, EventKind::HealthChanged { .. })));
    run(&mut s, "docker unpause hc");
    s.advance(1_500);
    assert_eq!(s.world().container(h).unwrap().state.health, Some(Health::Healthy));
}

#[test]
fn stop_and_kill_thaw_a_paused_container_first() {
    let mut s = session(&["docker run -d --name na nginx", "docker run -d --name nb nginx"]);
    run(&mut s, "docker pause na nb");
    assert_eq!(run(&mut s, "docker stop na"), "na\n");
    assert_eq!(run(&mut s, "docker kill nb"), "nb\n");
    for name in ["na", "nb"] {
        let c = s.world().container(cid(&s, name)).unwrap();
        assert_eq!(c.state.status, Status::Exited, "{name}");
        assert!(!c.state.paused, "{name}");
        assert!(s.events().iter().any(|e| matches!(&e.kind, EventKind::ContainerUnpaused { name: n } if n == name)));
    }
}

#[test]
fn other_signals_wait_while_frozen() {
    let mut s = session(&["docker run -d --name sl busybox sleep 1000", "docker pause sl"]);
    run(&mut s, "docker kill -s HUP sl");
    let c = s.world().container(cid(&s, "sl")).unwrap();
    assert!(c.is_paused(), "SIGHUP does not thaw it");
}

#[test]
fn a_paused_server_hangs_http_but_its_kernel_answers_ping() {
    let mut s = session(&[
        "docker network create red",
        "docker run -d --name web --network red -p 8080:80 nginx",
        "docker run -d --name cl --network red busybox sleep 1000",
    ]);
    s.advance(2_000);
    run(&mut s, "docker pause web");
    let out = run(&mut s, "curl -sS -m 2 http://localhost:8080");
    assert_eq!(out, "curl: (28) Operation timed out after 2000 milliseconds with 0 bytes received\n");
    let out = run(&mut s, "docker exec cl ping -c 1 web");
    assert!(out.contains("1 packets received"), "{out}");
    // Without a timeout, curl waits until Ctrl-C.
    s.submit(0, "curl -s http://localhost:8080");
    s.advance(60_000);
    assert!(s.is_busy(0));
    s.interrupt(0);
    s.advance(10);
    assert!(!s.is_busy(0));
    s.take_output(0);
    run(&mut s, "docker unpause web");
    assert!(run(&mut s, "curl -s http://localhost:8080").contains("Welcome to nginx!"));
}

#[test]
fn a_shell_inside_a_paused_container_reads_the_line_after_the_thaw() {
    let mut s = session(&["docker run -d --name web nginx"]);
    let inside = s.open_terminal();
    run_in(&mut s, inside, "docker exec -it web bash");
    run(&mut s, "docker pause web");
    s.submit(inside, "echo hola");
    s.advance(5_000);
    assert_eq!(s.take_output(inside), "");
    assert!(s.is_busy(inside), "the frozen shell has not read the line");
    run(&mut s, "docker unpause web");
    s.advance(10);
    assert_eq!(s.take_output(inside), "hola\n");
    assert!(!s.is_busy(inside));
}

fn run_in(s: &mut Session, t: sim_core::TermId, line: &str) -> String {
    s.submit(t, line);
    s.run_until_idle(t, 120_000);
    s.take_output(t)
}

#[test]
fn pause_errors_are_the_daemons() {
    let mut s = session(&["docker run -d --name sl busybox sleep 1000", "docker create --name nu busybox"]);
    let id = |s: &Session, n: &str| s.world().container(cid(s, n)).unwrap().id.clone();
    assert_eq!(
        run(&mut s, "docker unpause sl"),
        format!("Error response from daemon: Container {} is not paused\n", id(&s, "sl"))
    );
    assert_eq!(
        run(&mut s, "docker pause nu"),
        format!("Error response from daemon: container {} is not running\n", id(&s, "nu"))
    );
    assert_eq!(run(&mut s, "docker pause sl"), "sl\n");
    assert_eq!(
        run(&mut s, "docker exec sl ls"),
        format!(
            "Error response from daemon: Container {} is paused, unpause the container before exec\n",
            id(&s, "sl")
        )
    );
    assert_eq!(
        run(&mut s, "docker rm sl"),
        "Error response from daemon: cannot remove container \"/sl\": container is paused and must be unpaused first\n"
    );
    assert_eq!(run(&mut s, "docker rm -f sl"), "sl\n");
}
