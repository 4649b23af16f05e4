//! `docker compose` running projects on the simulator: the repository's
//! examples come up, depends_on orders but does not wait, healthchecks gate
//! `service_healthy`, and down removes what up created.

use sim_core::{Session, SessionConfig};
use std::path::Path;

fn session_with(dir: &str) -> Session {
    let mut s = Session::new(SessionConfig::default());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let name = root.file_name().unwrap().to_string_lossy().into_owned();
    let mut stack = vec![(root.clone(), format!("/home/alumno/{name}"))];
    while let Some((src, dst)) = stack.pop() {
        for e in std::fs::read_dir(&src).unwrap() {
            let e = e.unwrap();
            let target = format!("{dst}/{}", e.file_name().to_string_lossy());
            if e.file_type().unwrap().is_dir() {
                stack.push((e.path(), target));
            } else {
                s.write_host_file(&target, &std::fs::read(e.path()).unwrap()).unwrap();
            }
        }
    }
    run(&mut s, &format!("cd /home/alumno/{name}"));
    s
}

fn run(s: &mut Session, line: &str) -> String {
    s.submit(0, line);
    s.run_until_idle(0, 600_000);
    s.advance(1000);
    s.take_output(0)
}

#[test]
fn ejemplo_completo_comes_up_and_answers_on_8080_and_7474() {
    let mut s = session_with("examples/ejemplo-completo");
    let up = run(&mut s, "docker compose up -d");
    assert!(up.contains("[+] Building"), "{up}");
    assert!(up.contains(" ✔ Network ejemplo-completo_default"), "{up}");
    assert!(up.contains(" ✔ Container ejemplo-completo-web-1"), "{up}");
    s.advance(20_000);
    let web = run(&mut s, "curl -s localhost:8080");
    assert!(web.contains("<h1>Películas</h1>"), "{web}");
    let neo = run(&mut s, "curl -s localhost:7474");
    assert!(neo.contains("\"neo4j_version\""), "{neo}");
    // depends_on only ordered the start: the web app failed while neo4j was starting.
    let logs = run(&mut s, "docker compose logs web");
    assert!(logs.contains("still starting") || logs.contains("aún está arrancando"), "{logs}");
    let ps = run(&mut s, "docker compose ps");
    assert!(ps.starts_with("NAME "), "{ps}");
    assert!(ps.contains("ejemplo-completo-web-1") && ps.contains("Up "), "{ps}");
}

#[test]
fn the_tutorials_compose_file_with_tabs_fixed_comes_up() {
    let mut s = session_with("examples/tutorial-compose");
    let up = run(&mut s, "docker compose up -d");
    assert!(up.contains("the attribute `version` is obsolete"), "{up}");
    assert!(up.contains(" ✔ Container tutorial-compose-postgres-1  Started"), "{up}");
    let ps = run(&mut s, "docker compose ps");
    assert!(ps.contains("tutorial-compose-postgres-1") && ps.contains("0.0.0.0:5432->5432/tcp"), "{ps}");
    assert!(ps.contains("tutorial-compose-main-1"), "{ps}");
}

#[test]
fn service_healthy_waits_and_down_cleans_up() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file(
        "compose.yaml",
        b"services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: x\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n      interval: 1s\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_healthy\n",
    )
    .unwrap();
    let up = run(&mut s, "docker compose up -d");
    assert!(up.contains(" ✔ Container proyecto-db-1   Healthy"), "{up}");
    assert!(up.contains(" ✔ Container proyecto-web-1  Started"), "{up}");
    let db_line = up.lines().position(|l| l.contains("proyecto-db-1")).unwrap();
    let web_line = up.lines().position(|l| l.contains("proyecto-web-1")).unwrap();
    assert!(db_line < web_line);
    let ps = run(&mut s, "docker ps --format '{{.Names}} {{.Status}}'");
    assert!(ps.contains("proyecto-db-1 Up") && ps.contains("(healthy)"), "{ps}");
    let down = run(&mut s, "docker compose down");
    assert!(down.contains(" ✔ Container proyecto-web-1  Removed"), "{down}");
    assert!(down.contains(" ✔ Network proyecto_default  Removed"), "{down}");
    assert_eq!(run(&mut s, "docker ps -aq"), "");
    let again = run(&mut s, "docker compose down");
    assert_eq!(again, "Warning: No resource found to remove for project \"proyecto\".\n");
}

#[test]
fn replicas_share_the_service_name_in_dns() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file(
        "compose.yaml",
        b"services:\n  api:\n    image: nginx\n    deploy:\n      replicas: 3\n  client:\n    image: alpine\n    command: sleep 1000\n",
    )
    .unwrap();
    let up = run(&mut s, "docker compose up -d");
    for n in 1..=3 {
        assert!(up.contains(&format!("Container proyecto-api-{n}")), "{up}");
    }
    let out = run(&mut s, "docker compose exec -T client nslookup api");
    assert_eq!(out.matches("Address: 172.18.0.").count(), 3, "{out}");
}

#[test]
fn host_files_can_be_renamed_and_removed_and_terminals_closed() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file("a.txt", b"hola").unwrap();
    s.rename_host_file("a.txt", "b.txt").unwrap();
    assert!(s.read_host_file("a.txt").is_err());
    assert_eq!(s.read_host_file("b.txt").unwrap(), b"hola");
    s.remove_host_file("b.txt").unwrap();
    assert!(s.read_host_file("b.txt").is_err());
    let t = s.open_terminal();
    s.submit(t, "ping -c 100 localhost");
    assert!(s.is_busy(t));
    s.close_terminal(t);
    assert!(!s.is_busy(t));
    s.close_terminal(99);
}
