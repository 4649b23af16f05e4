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
    assert!(logs.contains("Error: could not connect to neo4j:7687: Connection refused"), "{logs}");
    // Muelle's explanation comes apart from the program's log, translated.
    let hints = s.take_hints(0).join("\n");
    assert!(
        hints.contains("aún está arrancando")
            && hints.contains("depends_on no espera a que esté listo: usa condition: service_healthy"),
        "{hints}"
    );
    let ps = run(&mut s, "docker compose ps");
    assert!(ps.starts_with("NAME "), "{ps}");
    assert!(ps.contains("ejemplo-completo-web-1") && ps.contains("Up "), "{ps}");
}

/// The readiness hint blames `depends_on` only where it applies: a service that depends on the
/// one still starting. From the host's shell (or a plain `docker run`) nothing depended on it.
#[test]
fn a_server_still_starting_blames_depends_on_only_for_its_dependents() {
    let mut s = session_with("examples/ejemplo-completo");
    run(&mut s, "docker compose up -d");
    s.take_hints(0);
    let early = run(&mut s, "curl -s localhost:7474; echo exit=$?");
    assert!(early.contains("exit=56"), "{early}");
    let hints = s.take_hints(0).join("\n");
    assert!(hints.contains("«ejemplo-completo-neo4j-1» aún está arrancando"), "{hints}");
    assert!(!hints.contains("depends_on"), "{hints}");
    // The web service, which depends on neo4j, was told why.
    s.advance(20_000);
    run(&mut s, "docker compose logs web");
    let hints = s.take_hints(0).join("\n");
    assert!(hints.contains("depends_on no espera a que esté listo: usa condition: service_healthy"), "{hints}");
}

#[test]
fn the_tutorials_compose_file_with_tabs_fixed_comes_up() {
    let mut s = session_with("examples/tutorial-compose");
    let up = run(&mut s, "docker compose up -d");
    // The example drops the tutorial's `version: 3` (see below for what Compose says of it).
    assert!(!up.contains("version"), "{up}");
    assert!(up.contains(" ✔ Container tutorial-compose-postgres-1  Started"), "{up}");
    let ps = run(&mut s, "docker compose ps");
    assert!(ps.contains("tutorial-compose-postgres-1") && ps.contains("0.0.0.0:5432->5432/tcp"), "{ps}");
    // main.py runs for real: it prints its line and ends, as on Docker (issue 12: it used to
    // stay "Up" printing nothing), so only `ps -a` lists it.
    assert!(!ps.contains("tutorial-compose-main-1"), "{ps}");
    let all = run(&mut s, "docker compose ps -a");
    assert!(all.contains("tutorial-compose-main-1") && all.contains("Exited (0)"), "{all}");
    let logs = run(&mut s, "docker compose logs main");
    assert!(logs.contains("main-1  | Conectando a mydb como arinarmo"), "{logs}");
}

#[test]
fn the_tutorials_version_line_is_a_warning_quoted_and_an_error_as_a_number() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file("docker-compose.yaml", b"version: \"3\"\nservices:\n  web:\n    image: nginx\n").unwrap();
    let up = run(&mut s, "docker compose up -d");
    assert!(
        up.starts_with("WARN[0000] /home/alumno/proyecto/docker-compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion\n"),
        "{up}"
    );
    assert!(up.contains(" ✔ Container proyecto-web-1  Started"), "{up}");
    s.write_host_file("docker-compose.yaml", b"version: 3\nservices:\n  web:\n    image: nginx\n").unwrap();
    let bad = run(&mut s, "docker compose up -d");
    assert!(bad.contains("version must be a string"), "{bad}");
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
    // Compose v2.40's down.go warns only when it had nothing to even try:
    // the project still declares its default network, so a second down
    // looks for it, finds nothing, and prints nothing.
    let again = run(&mut s, "docker compose down");
    assert_eq!(again, "");
}

#[test]
fn down_without_anything_to_try_warns() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file("compose.yaml", b"services:\n  web:\n    image: nginx\n    network_mode: host\n").unwrap();
    let again = run(&mut s, "docker compose down");
    assert_eq!(again, "WARN[0000] Warning: No resource found to remove for project \"proyecto\".\n");
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

fn label(s: &mut Session, name: &str, key: &str) -> String {
    run(s, &format!("docker inspect -f '{{{{index .Config.Labels \"{key}\"}}}}' {name}")).trim().to_string()
}

#[test]
fn up_recreates_only_what_changed_and_warns_about_orphans() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file(
        "compose.yaml",
        b"services:\n  db:\n    image: redis\n  web:\n    image: nginx\n    depends_on: [db]\n  old:\n    image: alpine\n    command: sleep 1000\n",
    )
    .unwrap();
    run(&mut s, "docker compose up -d");
    let hash = label(&mut s, "proyecto-web-1", "com.docker.compose.config-hash");
    assert_eq!(hash.len(), 64, "{hash}");
    let web_id = run(&mut s, "docker inspect -f '{{.Id}}' proyecto-web-1");
    let db_id = run(&mut s, "docker inspect -f '{{.Id}}' proyecto-db-1");
    // Nothing changed: everything is Running, nothing recreated, same hash.
    let again = run(&mut s, "docker compose up -d");
    assert!(again.contains(" ✔ Container proyecto-web-1  Running"), "{again}");
    assert!(!again.contains("Started") && !again.contains("Recreate"), "{again}");
    assert_eq!(label(&mut s, "proyecto-web-1", "com.docker.compose.config-hash"), hash);
    assert_eq!(run(&mut s, "docker inspect -f '{{.Id}}' proyecto-web-1"), web_id);
    // web's environment changes and `old` disappears from the file.
    s.write_host_file(
        "compose.yaml",
        b"services:\n  db:\n    image: redis\n  web:\n    image: nginx\n    depends_on: [db]\n    environment:\n      MODE: prod\n",
    )
    .unwrap();
    let out = run(&mut s, "docker compose up -d");
    assert!(
        out.contains("WARN[0000] Found orphan containers ([proyecto-old-1]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up."),
        "{out}"
    );
    assert!(out.contains(" ✔ Container proyecto-db-1   Running"), "{out}");
    assert!(out.contains(" ✔ Container proyecto-web-1  Started"), "{out}");
    assert_ne!(run(&mut s, "docker inspect -f '{{.Id}}' proyecto-web-1"), web_id);
    assert_eq!(run(&mut s, "docker inspect -f '{{.Id}}' proyecto-db-1"), db_id);
    assert_ne!(label(&mut s, "proyecto-web-1", "com.docker.compose.config-hash"), hash);
    let env = run(&mut s, "docker exec proyecto-web-1 printenv MODE");
    assert_eq!(env, "prod\n");
    // --remove-orphans removes the orphan; down leaves no container behind.
    let clean = run(&mut s, "docker compose up -d --remove-orphans");
    assert!(clean.contains(" ✔ Container proyecto-old-1  Removed"), "{clean}");
    assert_eq!(run(&mut s, "docker ps -a --format '{{.Names}}' --filter name=old"), "");
    // --force-recreate recreates even an unchanged service.
    let forced = run(&mut s, "docker compose up -d --force-recreate db");
    assert!(forced.contains(" ✔ Container proyecto-db-1  Started"), "{forced}");
    assert_ne!(run(&mut s, "docker inspect -f '{{.Id}}' proyecto-db-1"), db_id);
}

#[test]
fn scaling_down_removes_the_highest_numbers() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file("compose.yaml", b"services:\n  api:\n    image: nginx\n    deploy:\n      replicas: 3\n")
        .unwrap();
    run(&mut s, "docker compose up -d");
    s.write_host_file("compose.yaml", b"services:\n  api:\n    image: nginx\n    deploy:\n      replicas: 1\n")
        .unwrap();
    let out = run(&mut s, "docker compose up -d");
    assert!(out.contains(" ✔ Container proyecto-api-3  Removed"), "{out}");
    assert!(out.contains(" ✔ Container proyecto-api-2  Removed"), "{out}");
    // Replicas are not part of the hash: the first container stays.
    assert!(out.contains(" ✔ Container proyecto-api-1  Running"), "{out}");
}

#[test]
fn a_process_above_its_memory_limit_is_oom_killed() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file(
        "compose.yaml",
        b"services:\n  hog:\n    image: alpine\n    command: sleep 100\n    deploy:\n      resources:\n        limits:\n          memory: 64M\n    x-muelle:\n      memory: 128M\n      ready_after: 2s\n",
    )
    .unwrap();
    run(&mut s, "docker compose up -d");
    s.advance(3000);
    let state = run(&mut s, "docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' proyecto-hog-1");
    assert_eq!(state, "true 137\n");
}

/// `DB_HOST` does not stand in for a Python program (it runs for real, and connects where its
/// code says); the program's own failures restart it until the database listens.
#[test]
fn a_python_app_retries_by_restart_policy_until_the_db_listens() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file(
        "app.py",
        b"import os, socket, sys\nhost = os.environ['DB_HOST']\nprint(f'connecting to {host}:5432', flush=True)\ntry:\n    socket.create_connection((host, 5432)).close()\nexcept OSError as e:\n    sys.exit(f'Error: could not connect to {host}:5432: {e}')\nimport time\nwhile True:\n    time.sleep(60)\n",
    )
    .unwrap();
    s.write_host_file(
        "compose.yaml",
        b"services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: x\n  app:\n    image: python:3.12-slim\n    command: python /code/app.py\n    volumes: [.:/code]\n    environment:\n      DB_HOST: db\n    depends_on: [db]\n    restart: on-failure\n",
    )
    .unwrap();
    run(&mut s, "docker compose up -d");
    s.advance(15_000);
    let logs = run(&mut s, "docker compose logs app");
    assert!(logs.contains("app-1  | connecting to db:5432\n"), "{logs}");
    assert!(logs.contains("app-1  | Error: could not connect to db:5432: [Errno 111] Connection refused"), "{logs}");
    let ps = run(&mut s, "docker compose ps app");
    assert!(ps.contains("proyecto-app-1") && ps.contains(" Up "), "{ps}");
    let restarts = run(&mut s, "docker inspect -f '{{.RestartCount}}' proyecto-app-1");
    assert_ne!(restarts.trim(), "0", "{restarts}");
}

#[test]
fn ps_formats_json_and_templates_as_compose_does() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file("/home/alumno/ps/compose.yaml", b"services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n  db:\n    image: redis\n    volumes:\n      - datos:/data\nvolumes:\n  datos:\n")
        .unwrap();
    run(&mut s, "cd /home/alumno/ps");
    run(&mut s, "docker compose up -d");
    let lines = run(&mut s, "docker compose ps --format '{{.Name}} {{.Service}} {{.State}} {{.ExitCode}}'");
    assert_eq!(lines, "ps-db-1 db running 0\nps-web-1 web running 0\n");
    let json = run(&mut s, "docker compose ps --format json");
    let web = json.lines().nth(1).unwrap();
    assert!(web.starts_with("{\"Command\":\"\\\"/docker-entrypoint.…\\\"\",\"CreatedAt\":"), "{web}");
    assert!(web.contains("\"Ports\":\"0.0.0.0:8080-\\u003e80/tcp, [::]:8080-\\u003e80/tcp\""), "{web}");
    assert!(web.contains("\"Publishers\":[{\"URL\":\"0.0.0.0\",\"TargetPort\":80,\"PublishedPort\":8080,\"Protocol\":\"tcp\"},{\"URL\":\"::\",\"TargetPort\":80,\"PublishedPort\":8080,\"Protocol\":\"tcp\"}]"), "{web}");
    let db = json.lines().next().unwrap();
    assert!(db.contains("\"Mounts\":\"ps_datos\""), "{db}");
    let table = run(&mut s, "docker compose ps --format 'table {{.Service}}\\t{{.Status}}'");
    assert!(table.starts_with("SERVICE   STATUS\ndb        Up "), "{table}");
}

/// `docker compose stop web` stops web only: what it depends on keeps running (compose's
/// `stop.go` walks the reverse dependency order and skips services not named).
#[test]
fn stop_with_a_service_stops_only_that_service() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file(
        "compose.yaml",
        b"services:\n  web:\n    image: nginx\n    depends_on: [redis]\n  redis:\n    image: redis\n",
    )
    .unwrap();
    run(&mut s, "docker compose up -d");
    let out = run(&mut s, "docker compose stop web");
    assert!(out.contains("proyecto-web-1") && !out.contains("proyecto-redis-1"), "{out}");
    let ps = run(&mut s, "docker compose ps -a --format '{{.Service}} {{.State}}'");
    assert_eq!(ps, "redis running\nweb exited\n");
    assert_eq!(run(&mut s, "docker compose stop nada"), "no such service: nada\n");
    let all = run(&mut s, "docker compose stop");
    assert!(all.contains("proyecto-redis-1"), "{all}");
}

/// `docker compose exec` is `docker exec` on the service's container (a typed request since the
/// Compose runner stopped re-entering the docker CLI): the same answers, byte for byte, for the
/// options they share (`-e`, `-w`, `-u`, the last `-w`/`-u` winning), a missing command, a
/// missing program and `-T`.
#[test]
fn compose_exec_answers_as_docker_exec_on_the_service_container() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file("compose.yaml", b"services:\n  client:\n    image: alpine\n    command: sleep 1000\n").unwrap();
    run(&mut s, "docker compose up -d");
    let pairs = [
        ("-T client", "proyecto-client-1"),
        ("-T client nope", "proyecto-client-1 nope"),
        (
            "-T -e A=1 -e B=2 -w /tmp -w /etc -u nobody client env",
            "-e A=1 -e B=2 -w /etc -u nobody proyecto-client-1 env",
        ),
        ("-T -w /etc client pwd", "-w /etc proyecto-client-1 pwd"),
        ("-T client -- echo hola", "proyecto-client-1 -- echo hola"),
    ];
    for (compose, docker) in pairs {
        let c = run(&mut s, &format!("docker compose exec {compose}; echo status=$?"));
        let d = run(&mut s, &format!("docker exec {docker}; echo status=$?"));
        assert_eq!(c, d, "docker compose exec {compose} / docker exec {docker}");
        assert!(c.contains("status="), "{c}");
    }
    let none = run(&mut s, "docker compose exec client; echo $?");
    assert_eq!(
        none,
        "docker: 'docker exec' requires at least 2 arguments\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nSee 'docker exec --help' for more information\n1\n"
    );
}
