//! `docker compose config` on the files students write: every error located,
//! explained in Spanish or English, with docker compose's own text on stderr.

use sim_core::compose;
use sim_core::{Lang, Session, SessionConfig};
use std::collections::BTreeMap;

const DIR: &str = "/home/alumno/proyecto";

struct Run {
    status: i32,
    out: String,
    err: String,
    hints: Vec<String>,
}

fn run(lang: Lang, files: &[(&str, &str)], line: &str) -> Run {
    let mut s = Session::new(SessionConfig { seed: 1, lang });
    for (name, text) in files {
        s.write_host_file(&format!("{DIR}/{name}"), text.as_bytes()).unwrap();
    }
    let _ = s.take_output(0);
    s.submit(0, &format!("{line} > /tmp/o 2> /tmp/e"));
    s.run_until_idle(0, 10_000);
    let read = |p: &str| String::from_utf8_lossy(&s.read_host_file(p).unwrap_or_default()).into_owned();
    Run { status: s.last_status(0), out: read("/tmp/o"), err: read("/tmp/e"), hints: s.take_hints(0) }
}

/// The tutorial's own example, pasted as it stands: TABs in its indentation.
const TUTORIAL: &str = "version: 3\nservices:\n  postgres:\n      image: postgres:9.6\n      environment:\n        - POSTGRES_USER=arinarmo\n        - POSTGRES_PASSWORD=badpass\n        - POSTGRES_DB=mydb\n      ports:\n        - 5432:5432\n  main:\n      build: \n      \tcontext: ./main_app\n  \t  entrypoint: /code/main.py\n  \t  environment:\n  \t    - DB_USER=arinarmo\n  \t    - DB_PASS=badpass\n  \t    - DB_NAME=mydb\n  \t    - DB_PORT=5432\n\t    \n";

#[test]
fn tutorial_tabs_point_at_the_line_and_say_spaces_not_tabs() {
    let r = run(Lang::Es, &[("docker-compose.yaml", TUTORIAL)], "docker compose config");
    assert_eq!(r.status, 1);
    assert_eq!(r.err, "yaml: line 13: found character that cannot start any token\n");
    // Compose names the first TAB; Muelle's explanation points at it and lists the others.
    assert_eq!(r.hints.len(), 1, "{:?}", r.hints);
    assert!(r.hints[0].starts_with("muelle: /home/alumno/proyecto/docker-compose.yaml:13:7: "), "{}", r.hints[0]);
    assert!(r.hints[0].ends_with("en 14:3, 15:3, 16:3, 17:3, 18:3, 19:3, 20:1"), "{}", r.hints[0]);
    assert!(r.hints[0].contains("se hace con espacios, no con tabuladores"), "{}", r.hints[0]);
    let r = run(Lang::En, &[("docker-compose.yaml", TUTORIAL)], "docker-compose config");
    assert!(r.hints[0].contains("YAML indentation uses spaces, not tabs"), "{}", r.hints[0]);
}

#[test]
fn the_tutorial_fixed_with_spaces_loads_and_warns_about_version() {
    let fixed = TUTORIAL
        .replace('\t', "  ")
        .replace("version: 3", "version: \"3\"")
        .replace("build: \n        context", "build:\n        context");
    let fixed = fixed
        .replace("\n          entrypoint", "\n      entrypoint")
        .replace("\n          environment:\n            -", "\n      environment:\n        -")
        .replace("\n            -", "\n        -");
    let r = run(
        Lang::Es,
        &[("docker-compose.yaml", &fixed), ("main_app/Dockerfile", "FROM python\n")],
        "docker compose config",
    );
    assert_eq!(r.status, 0, "{}", r.err);
    assert!(
        r.err.starts_with("WARN[0000] /home/alumno/proyecto/docker-compose.yaml: the attribute `version` is obsolete"),
        "{}",
        r.err
    );
    assert!(r.out.contains("name: proyecto\n"), "{}", r.out);
    assert!(
        r.out.contains("      context: /home/alumno/proyecto/main_app\n      dockerfile: Dockerfile\n"),
        "{}",
        r.out
    );
    assert!(
        r.out.contains(
            "      - mode: ingress\n        target: 5432\n        published: \"5432\"\n        protocol: tcp\n"
        ),
        "{}",
        r.out
    );
    assert!(r.out.contains("    entrypoint:\n      - /code/main.py\n"), "{}", r.out);
    assert!(r.out.contains("networks:\n  default:\n    name: proyecto_default\n"), "{}", r.out);
}

#[test]
fn unquoted_version_number_is_refused_like_compose_v2() {
    let r = run(
        Lang::Es,
        &[("compose.yaml", "version: 3\nservices:\n  web:\n    image: nginx\n")],
        "docker compose config",
    );
    assert_eq!(r.err, "validating /home/alumno/proyecto/compose.yaml: version must be a string\n");
    assert!(r.hints[0].contains("compose.yaml:1:10: ") && r.hints[0].contains("entre comillas"), "{:?}", r.hints);
}

#[test]
fn unknown_key_gets_did_you_mean() {
    let r = run(Lang::Es, &[("compose.yaml", "services:\n  web:\n    imagen: nginx\n")], "docker compose config");
    assert_eq!(r.status, 1);
    assert_eq!(
        r.err,
        "validating /home/alumno/proyecto/compose.yaml: services.web additional properties 'imagen' not allowed\n"
    );
    assert!(
        r.hints[0].contains("compose.yaml:3:5:") && r.hints[0].contains("¿querías decir «image»?"),
        "{:?}",
        r.hints
    );
}

#[test]
fn depends_on_cycle_names_the_cycle() {
    let f = "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [c]\n  c:\n    image: x\n    depends_on: [a]\n";
    let r = run(Lang::En, &[("compose.yaml", f)], "docker compose config");
    assert_eq!(r.err, "dependency cycle detected: a -> b -> c -> a\n");
    assert!(r.hints[0].contains("a → b → c → a") && r.hints[0].contains("compose.yaml:10:"), "{:?}", r.hints);
}

#[test]
fn undefined_references_are_errors() {
    let cases = [
        (
            "services:\n  web:\n    image: x\n    networks: [back]\n",
            "service \"web\" refers to undefined network back: invalid compose project",
            ":4:",
        ),
        (
            "services:\n  web:\n    image: x\n    volumes:\n      - data:/d\n",
            "service \"web\" refers to undefined volume data: invalid compose project",
            ":5:",
        ),
        (
            "services:\n  web:\n    image: x\n    secrets: [pw]\n",
            "service \"web\" refers to undefined secret pw: invalid compose project",
            ":4:",
        ),
        (
            "services:\n  web:\n    image: x\n    configs: [c]\n",
            "service \"web\" refers to undefined config c: invalid compose project",
            ":4:",
        ),
        (
            "services:\n  web:\n    image: x\n    depends_on:\n      db:\n        condition: service_healthy\n",
            "service \"web\" depends on undefined service \"db\": invalid compose project",
            ":5:",
        ),
    ];
    for (file, err, at) in cases {
        let r = run(Lang::Es, &[("compose.yaml", file)], "docker compose config");
        assert_eq!(r.status, 1);
        assert_eq!(r.err.trim_end(), err);
        assert!(r.hints[0].contains(at), "{:?}", r.hints);
    }
}

#[test]
fn hostile_inputs_are_refused_quickly() {
    let mut bomb = String::from("x-a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "x-a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    bomb.push_str("services:\n  web:\n    image: x\n");
    let deep = format!("services: {}", "[".repeat(10_000));
    let huge = format!("services:\n  web:\n    image: x\n    labels:\n{}", "      a: b\n".repeat(1_000_000));
    for (text, needle) in
        [(&bomb, "más de 50000 valores"), (&deep, "más de 64 niveles"), (&huge, "Muelle acepta como mucho")]
    {
        let start = std::time::Instant::now();
        let r = run(Lang::Es, &[("compose.yaml", text)], "docker compose config");
        assert_eq!(r.status, 1);
        assert!(r.hints[0].contains(needle), "{:?}", r.hints);
        assert!(start.elapsed().as_secs() < 5);
    }
}

#[test]
fn interpolation_forms_from_env_and_dot_env() {
    let f = "services:\n  web:\n    image: \"nginx:${TAG:-latest}\"\n    environment:\n      A: ${FROM_DOTENV}\n      B: ${EXPORTED-unset}\n      C: \"$$HOME\"\n      D: ${EMPTY:-default}\n      E: ${EMPTY-kept}\n";
    let r = run(
        Lang::Es,
        &[("compose.yaml", f), (".env", "FROM_DOTENV=dot\nEXPORTED=from-dotenv\nEMPTY=\n")],
        "export EXPORTED=shell; docker compose config --format json",
    );
    assert_eq!(r.status, 0, "{}", r.err);
    assert!(r.out.contains("\"image\": \"nginx:latest\""));
    assert!(r.out.contains("\"A\": \"dot\""));
    assert!(r.out.contains("\"B\": \"shell\""));
    assert!(r.out.contains("\"C\": \"$$HOME\""));
    assert!(r.out.contains("\"D\": \"default\""));
    assert!(r.out.contains("\"E\": \"\""));
    let r = run(
        Lang::En,
        &[("compose.yaml", "services:\n  web:\n    image: ${IMG:?set IMG first}\n")],
        "docker compose config",
    );
    assert_eq!(
        r.err,
        "error while interpolating services.web.image: required variable IMG is missing a value: set IMG first\n"
    );
    assert!(r.hints[0].contains("compose.yaml:3:12: ") && r.hints[0].contains("export IMG="), "{:?}", r.hints);
}

#[test]
fn config_flags_and_file_lookup() {
    let f = "services:\n  web:\n    image: nginx\n    depends_on: [db]\n    volumes: [data:/d]\n  db:\n    image: postgres\nvolumes:\n  data: {}\n";
    let r = run(Lang::Es, &[("docker-compose.yml", f)], "docker compose config --services");
    assert_eq!(r.out, "db\nweb\n");
    let r = run(Lang::Es, &[("docker-compose.yml", f)], "docker compose config --volumes");
    assert_eq!(r.out, "data\n");
    let r = run(Lang::Es, &[("docker-compose.yml", f)], "docker compose -p demo config -q");
    assert_eq!((r.status, r.out.as_str()), (0, ""));
    let r = run(
        Lang::Es,
        &[("compose.yaml", f), ("docker-compose.yml", "services: {}\n")],
        "docker compose config --networks",
    );
    assert_eq!(r.out, "default\n");
    assert!(r.err.contains("Found multiple config files with supported names: /home/alumno/proyecto/compose.yaml, /home/alumno/proyecto/docker-compose.yml"));
    let r = run(Lang::Es, &[], "docker compose config");
    assert_eq!(r.err, "no configuration file provided: not found\n");
    let r = run(Lang::Es, &[("compose.yaml", f)], "docker compose -p 'Mi Proyecto' config");
    assert!(r.err.starts_with("invalid project name \"Mi Proyecto\""));
    let r = run(Lang::Es, &[], "docker compose version");
    assert_eq!((r.status, r.out.as_str()), (0, "Docker Compose version v2.40.3\n"));
}

#[test]
fn two_files_merge_as_compose_merges_them() {
    let base = "services:\n  web:\n    image: nginx\n    environment: [A=1, B=2]\n    ports: [\"8080:80\"]\n";
    let over =
        "services:\n  web:\n    image: haproxy\n    environment:\n      B: 3\n    ports: [\"8080:80\", \"9090:90\"]\n";
    let r =
        run(Lang::Es, &[("a.yaml", base), ("b.yaml", over)], "docker compose -f a.yaml -f b.yaml config --format json");
    assert_eq!(r.status, 0, "{}", r.err);
    assert!(r.out.contains("\"image\": \"haproxy\""));
    assert!(r.out.contains("\"A\": \"1\",\n        \"B\": \"3\""), "{}", r.out);
    assert_eq!(r.out.matches("\"target\": 80,").count(), 1, "{}", r.out);
    assert!(r.out.contains("\"published\": \"9090\""));
}

#[test]
fn x_muelle_is_accepted_and_parsed() {
    let f = "services:\n  api:\n    image: node:20\n    x-muelle:\n      listens: [3000]\n      connects: [\"db:5432\"]\n      ready_after: 2s\n      exits_after: 1m\n      exit_code: 3\n      memory: 256M\n      http_body: hola\n";
    let files = |p: &str| -> Option<Vec<u8>> { (p == "/p/compose.yaml").then(|| f.as_bytes().to_vec()) };
    let (p, warnings) =
        compose::load(&[("/p/compose.yaml".into(), f.into())], &BTreeMap::new(), "/p", None, &[], &files).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let b = p.services["api"].muelle.clone().unwrap();
    assert_eq!(b.listens, vec![3000]);
    assert_eq!(b.connects, vec![("db".to_string(), 5432)]);
    assert_eq!((b.ready_after_ms, b.exits_after_ms, b.exit_code), (2000, Some(60_000), 3));
    assert_eq!(b.memory_bytes, Some(256 * 1024 * 1024));
    assert_eq!(b.http_body.as_deref(), Some("hola"));
    // Real Docker ignores x- keys: `config` prints it as written.
    assert!(compose::render_yaml(&p).contains("    x-muelle:\n      connects:\n        - db:5432\n"));
}

#[test]
fn typed_project_is_normalized() {
    let f = "name: Demo\nservices:\n  web:\n    build: ./app\n    command: npm run dev\n    environment: [A=1, UNSET]\n    ports: [\"127.0.0.1:8080:80/udp\"]\n    volumes: [\"./html:/usr/share/nginx/html:ro\", \"data:/data\", \"/anon\"]\n    networks:\n      back:\n        aliases: [www]\n        ipv4_address: 172.28.0.10\n    depends_on:\n      db: {condition: service_healthy, restart: true}\n    deploy:\n      replicas: 2\n      resources: {limits: {memory: 64M}}\n      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 1m}\n    healthcheck:\n      test: curl -f http://localhost\n      interval: 10s\n  db:\n    image: postgres\n    networks: [back]\nnetworks:\n  back:\n    ipam:\n      config: [{subnet: 172.28.0.0/16}]\nvolumes:\n  data:\n";
    let read = |_: &str| -> Option<Vec<u8>> { None };
    let (p, _) =
        compose::load(&[("/p/compose.yaml".into(), f.into())], &BTreeMap::new(), "/p", None, &[], &read).unwrap();
    assert_eq!(p.name, "demo");
    let web = &p.services["web"];
    assert_eq!(web.build.as_ref().unwrap().context, "/p/app");
    assert_eq!(web.command.as_deref(), Some(&["npm".to_string(), "run".into(), "dev".into()][..]));
    assert_eq!(web.environment.get("UNSET"), Some(&None));
    assert_eq!(web.ports[0].host_ip, "127.0.0.1");
    assert_eq!(
        (web.ports[0].target, web.ports[0].published.as_str(), web.ports[0].protocol.as_str()),
        (80, "8080", "udp")
    );
    assert_eq!(web.volumes[0].source, "/p/html");
    assert!(web.volumes[0].read_only);
    assert_eq!((web.volumes[1].kind.as_str(), web.volumes[1].source.as_str()), ("volume", "data"));
    assert_eq!(web.volumes[2].source, "");
    assert_eq!(web.networks["back"].aliases, vec!["www".to_string()]);
    assert_eq!(web.depends_on["db"].condition, compose::project::Condition::Healthy);
    assert!(web.depends_on["db"].restart && web.depends_on["db"].required);
    let d = web.deploy.as_ref().unwrap();
    assert_eq!(d.replicas, Some(2));
    assert_eq!(d.limits.as_ref().unwrap().memory_bytes, Some(64 * 1024 * 1024));
    assert_eq!(d.restart_policy.as_ref().unwrap().window_ms, Some(60_000));
    assert_eq!(
        web.healthcheck.as_ref().unwrap().test,
        vec!["CMD-SHELL".to_string(), "curl -f http://localhost".into()]
    );
    assert_eq!(p.networks["back"].name, "demo_back");
    assert_eq!(p.networks["back"].subnets, vec!["172.28.0.0/16".to_string()]);
    assert_eq!(p.volumes["data"].name, "demo_data");
    assert_eq!(p.services["db"].networks.keys().collect::<Vec<_>>(), vec!["back"]);
}
