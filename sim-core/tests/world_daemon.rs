//! `systemctl stop|start|restart docker` (`world::daemon`), end to end through a session:
//! which containers the restore brings back, the CLI's refusal while dockerd is down, the
//! event log.

use sim_core::events::EventKind;
use sim_core::world::{DaemonState, Status};
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

fn status(s: &Session, name: &str) -> (Status, i32) {
    let c = s.world().container_by_name(name).expect("container");
    (c.state.status, c.state.exit_code)
}

const SETUP: &[&str] = &[
    "docker run -d --name always --restart always busybox sleep 1000",
    "docker run -d --name always-stopped --restart always busybox sleep 1000",
    "docker run -d --name unless --restart unless-stopped busybox sleep 1000",
    "docker run -d --name unless-stopped --restart unless-stopped busybox sleep 1000",
    "docker run -d --name onfail-killed --restart on-failure busybox sleep 1000",
    "docker run -d --name onfail-clean --restart on-failure nginx",
    "docker run -d --name no --restart no busybox sleep 1000",
    "docker create --name never-started --restart always busybox sleep 1000",
    "docker stop -t 1 always-stopped unless-stopped",
];

#[test]
fn stop_stops_every_container_without_marking_it_stopped_by_the_user() {
    let mut s = session(SETUP);
    assert_eq!(run(&mut s, "sudo systemctl stop docker"), "");
    assert_eq!(s.world().daemon_state(), DaemonState::Stopped);
    // `sleep` ignores SIGTERM as PID 1: SIGKILL after 10 s; nginx exits 0 on SIGTERM.
    assert_eq!(status(&s, "always"), (Status::Exited, 137));
    assert_eq!(status(&s, "onfail-clean"), (Status::Exited, 0));
    assert_eq!(status(&s, "never-started").0, Status::Created);
    for name in ["always", "unless", "onfail-killed", "no"] {
        let c = s.world().container_by_name(name).unwrap();
        assert!(!c.state.manually_stopped, "{name}");
    }
    // Nothing restarted while the daemon was down.
    s.advance(60_000);
    assert_eq!(status(&s, "always").0, Status::Exited);
    let kinds: Vec<&EventKind> = s.events().iter().map(|e| &e.kind).collect();
    let stopped = kinds.iter().position(|k| matches!(k, EventKind::DaemonStopped)).expect("DaemonStopped");
    let last_exit = kinds.iter().rposition(|k| matches!(k, EventKind::ContainerExited { .. })).unwrap();
    assert!(last_exit < stopped, "the daemon stops after its containers");
}

#[test]
fn restore_follows_each_restart_policy() {
    let mut s = session(SETUP);
    run(&mut s, "sudo systemctl stop docker");
    assert_eq!(run(&mut s, "sudo systemctl start docker"), "");
    assert_eq!(s.world().daemon_state(), DaemonState::Running);
    let running = |s: &Session, n: &str| status(s, n).0 == Status::Running;
    // always: back, even after `docker stop`.
    assert!(running(&s, "always"));
    assert!(running(&s, "always-stopped"));
    // unless-stopped: back unless the user stopped it.
    assert!(running(&s, "unless"));
    assert!(!running(&s, "unless-stopped"));
    // on-failure: back when the shutdown's SIGKILL left 137, not after a clean exit 0.
    assert!(running(&s, "onfail-killed"));
    assert!(!running(&s, "onfail-clean"));
    // no: stays stopped; a container never started stays created.
    assert!(!running(&s, "no"));
    assert_eq!(status(&s, "never-started").0, Status::Created);
    assert!(s.events().iter().any(|e| matches!(e.kind, EventKind::DaemonStarted)));
}

#[test]
fn the_cli_refuses_while_the_daemon_is_down_and_systemctl_needs_root() {
    let mut s = session(&[]);
    assert_eq!(
        run(&mut s, "systemctl stop docker"),
        "Failed to stop docker.service: Interactive authentication required.\n"
    );
    assert_eq!(s.world().daemon_state(), DaemonState::Running);
    run(&mut s, "sudo service docker stop");
    let refused = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n";
    assert_eq!(run(&mut s, "docker ps"), refused);
    assert_eq!(run(&mut s, "echo $?"), "1\n");
    assert_eq!(run(&mut s, "docker run -d nginx"), refused);
    // Usage errors and help come before the connection.
    assert!(run(&mut s, "docker ps --help").contains("List containers"));
    assert_eq!(run(&mut s, "systemctl is-active docker"), "inactive\n");
    run(&mut s, "sudo systemctl restart docker");
    assert_eq!(run(&mut s, "docker ps --format x"), "");
    assert_eq!(run(&mut s, "echo $?"), "0\n");
}
