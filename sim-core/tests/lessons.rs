//! The lesson format: parser errors with places, and every check kind with a
//! passing and a failing case, on one simulated session.

use sim_core::lessons::{ErrorKind, Lesson};
use sim_core::{Lang, Session, SessionConfig};

fn lesson_with(checks: &str) -> String {
    format!(
        "id: t\ntitle: {{es: a, en: b}}\nintro: {{es: a, en: b}}\nworkspace:\n  files:\n    html/index.html: \"<h1>Hola</h1>\"\nsteps:\n  - text: {{es: a, en: b}}\n    checks:\n      - {checks}\nsolution: [ls]\n"
    )
}

fn scenario() -> Session {
    let lesson = Lesson::parse(&lesson_with("network_exists: x")).expect("valid");
    let mut s = lesson.start(SessionConfig { seed: 1, lang: Lang::Es });
    for line in [
        "docker network create mynet",
        "docker run -d --name c1 --network mynet -p 8080:80 -v ./html:/usr/share/nginx/html nginx",
        "docker run --name c2 --network mynet busybox ping -c 1 c1",
        "docker run --name solo busybox ping -c 1 c1",
        "docker volume create datos",
        "docker run --name w1 -v datos:/d busybox sh -c \"echo hola > /d/n.txt; exit 3\"",
        "docker run -d --name db -e POSTGRES_PASSWORD=x postgres",
        "docker run -d --name r1 --restart on-failure busybox false",
        "echo copia > copia.txt",
    ] {
        s.submit(0, line);
        s.run_until_idle(0, 60_000);
        s.advance(1000);
    }
    s
}

fn passes(s: &Session, check: &str) -> bool {
    let lesson = Lesson::parse(&lesson_with(check)).unwrap_or_else(|e| panic!("{check}: {e:?}"));
    lesson.progress(s)[0].done
}

#[test]
fn every_check_kind_passes_and_fails() {
    let s = scenario();
    let cases: &[(&str, &str)] = &[
        ("network_exists: mynet", "network_exists: otra"),
        ("volume_exists: datos", "volume_exists: otro"),
        ("container_running: c1", "container_running: c2"),
        (
            "container_on_network: {container: c1, network: mynet}",
            "container_on_network: {container: solo, network: mynet}",
        ),
        ("dns_resolved: {from: c2, name: c1, network: mynet}", "dns_resolved: {from: solo, name: c1}"),
        ("dns_failed: {from: solo, name: c1}", "dns_failed: {from: c2, name: c1}"),
        ("ping_replied: {from: c2, to: c1}", "ping_replied: {from: solo, to: c1}"),
        (
            "volume_mounted: {container: db, target: /var/lib/postgresql/data, anonymous: true}",
            "volume_mounted: {container: c1, target: /data}",
        ),
        (
            "bind_mounted: {container: c1, source: html, target: /usr/share/nginx/html}",
            "bind_mounted: {container: c1, source: otra, target: /usr/share/nginx/html}",
        ),
        (
            "file_in_container: {container: c1, path: /usr/share/nginx/html/index.html, contains: Hola}",
            "file_in_container: {container: c1, path: /no.txt}",
        ),
        ("host_file_contains: {path: copia.txt, contains: copia}", "host_file_contains: {path: falta.txt}"),
        ("http_ok: {port: 8080}", "http_ok: {port: 9090}"),
        ("container_restarted: r1", "container_restarted: c1"),
        ("connected: {from: host, to: c1, port: 80}", "connected: {from: c2, to: c1}"),
        (
            "container_env: {container: db, name: POSTGRES_PASSWORD, value: x}",
            "container_env: {container: db, name: POSTGRES_PASSWORD, value: y}",
        ),
        (
            "container_env: {container: db, name: POSTGRES_PASSWORD}",
            "container_env: {container: c1, name: POSTGRES_PASSWORD}",
        ),
    ];
    let mut s = s;
    s.submit(0, "curl -s localhost:8080");
    s.run_until_idle(0, 10_000);
    for (ok, bad) in cases {
        assert!(passes(&s, ok), "should pass: {ok}");
        assert!(!passes(&s, bad), "should fail: {bad}");
    }
}

#[test]
fn compose_service_running_passes_and_fails() {
    let yaml = "services:\n  web:\n    image: nginx\n";
    let mut s = Session::new(SessionConfig::default());
    let _ = s.write_host_file("docker-compose.yaml", yaml.as_bytes());
    s.submit(0, "cd /home/alumno/proyecto");
    s.submit(0, "docker compose up -d");
    s.run_until_idle(0, 60_000);
    s.advance(2000);
    assert!(passes(&s, "compose_service_running: {project: proyecto, service: web}"));
    assert!(passes(&s, "compose_service_running: {service: web}"));
    assert!(!passes(&s, "compose_service_running: {service: db}"));
}

#[test]
fn parse_errors_are_located() {
    let errs = Lesson::parse(&lesson_with("network_exist: mynet")).expect_err("unknown check");
    assert_eq!((errs[0].line, errs[0].col), (10, 9));
    assert!(matches!(&errs[0].kind, ErrorKind::UnknownCheck { name } if name == "network_exist"));
    assert!(errs[0].render("x.yaml", Lang::Es).starts_with("x.yaml:10:9: comprobación desconocida «network_exist»"));

    let errs = Lesson::parse(&lesson_with("http_ok: {port: mucho}")).expect_err("bad port");
    assert!(errs[0].message(Lang::En).contains("port number"), "{errs:?}");

    let errs = Lesson::parse(&lesson_with("dns_resolved: {from: a}")).expect_err("missing name");
    assert!(matches!(&errs[0].kind, ErrorKind::Missing { key, .. } if key == "name"));

    let errs = Lesson::parse("id: [unclosed").expect_err("yaml");
    assert!(matches!(errs[0].kind, ErrorKind::Yaml(_)));

    let errs = Lesson::parse("id: x\ntitle: solo texto\nsteps: []\nsolution: [ls]\nextra: 1\n").expect_err("many");
    let kinds: Vec<_> = errs.iter().map(|e| e.message(Lang::En)).collect();
    assert!(kinds.iter().any(|m| m.contains("\"title\" must be a mapping with \"es\" and \"en\"")), "{kinds:?}");
    assert!(kinds.iter().any(|m| m.contains("\"intro\" is missing")), "{kinds:?}");
    assert!(kinds.iter().any(|m| m.contains("\"steps\" cannot be empty")), "{kinds:?}");
    assert!(kinds.iter().any(|m| m.contains("unknown key \"extra\"")), "{kinds:?}");

    let bad_path = lesson_with("network_exists: x").replace("html/index.html", "../fuera");
    assert!(matches!(Lesson::parse(&bad_path).expect_err("path")[0].kind, ErrorKind::BadPath { .. }));
}

#[test]
fn parse_reads_every_part_and_never_panics() {
    let l = Lesson::parse(&lesson_with("container_running: c1")).expect("valid");
    assert_eq!(l.id, "t");
    assert_eq!(l.title.get(Lang::En), "b");
    assert_eq!(l.workspace(), vec![("/home/alumno/proyecto/html/index.html".to_string(), "<h1>Hola</h1>".to_string())]);
    assert_eq!(l.solution, vec!["ls".to_string()]);
    for junk in ["", "---", "- a", "id: 1\nsteps: 3", "steps:\n  - 1\n  - {checks: [1, {a: 1, b: 2}]}", "\t\u{0}"] {
        assert!(Lesson::parse(junk).is_err());
    }
}

const VARIANT: &str = "id: v
version: 3
title: {es: 'Red {{red}}', en: 'Network {{red}}'}
intro: {es: a, en: b}
variables:
  red: name
  web: name
  subred: subnet
  puerto: port
  clave: password
  imagen: [nginx, httpd]
workspace:
  files:
    clave.txt: '{{clave}}'
steps:
  - text: {es: 'Crea {{red}} con {{subred}}', en: 'Create {{red}} with {{subred}}'}
    hints: [{es: '`docker network create --subnet {{subred}} {{red}}`', en: '`docker network create {{red}}`'}]
    checks:
      - network_exists: '{{red}}'
    solution:
      - docker network create --subnet {{subred}} {{red}}
  - text: {es: c, en: d}
    checks:
      - container_on_network: {container: '{{web}}', network: '{{red}}'}
      - http_ok: {port: '{{puerto}}'}
      - container_env: {container: '{{web}}', name: CLAVE, value: '{{clave}}'}
    solution:
      - docker run -d --name {{web}} --network {{red}} -p {{puerto}}:80 -e CLAVE={{clave}} {{imagen}}
";

#[test]
fn version_variables_and_step_solutions_are_read() {
    let l = Lesson::parse(VARIANT).expect("valid");
    assert_eq!(l.version, "3");
    assert_eq!(l.progress_key(), "muelle.lesson.v.v3");
    assert_eq!(Lesson::parse(&lesson_with("network_exists: x")).expect("valid").progress_key(), "muelle.lesson.t");
    let names: Vec<&str> = l.vars.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["red", "web", "subred", "puerto", "clave", "imagen"]);
    assert_eq!(l.steps[1].solution.len(), 1);
    // The lesson's solution is every step's, in order.
    assert_eq!(l.solution.len(), 2);
    assert!(l.solution[0].starts_with("docker network create --subnet {{subred}}"));
    // Both a lesson and a step solution, or neither: located errors.
    let twice = VARIANT.to_string() + "solution: [ls]\n";
    let errs = Lesson::parse(&twice).expect_err("twice");
    assert!(errs.iter().any(|e| e.kind == ErrorKind::SolutionTwice && e.line == 29), "{errs:?}");
    let none = lesson_with("network_exists: x").replace("solution: [ls]\n", "");
    let errs = Lesson::parse(&none).expect_err("none");
    assert!(errs.iter().any(|e| matches!(&e.kind, ErrorKind::Missing { key, .. } if key == "solution")), "{errs:?}");
    // Bad variable names and kinds.
    let bad = VARIANT.replace("  red: name", "  9red: name\n  mala: color\n  vacia: []");
    let errs = Lesson::parse(&bad).expect_err("bad vars");
    let msgs: Vec<String> = errs.iter().map(|e| e.render("v.yaml", Lang::En)).collect();
    assert!(
        msgs.contains(
            &"v.yaml:6:3: \"9red\" is not a valid variable name (letters, digits and '_', not starting with a digit)"
                .to_string()
        ),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.starts_with("v.yaml:7:9: variable \"mala\" must have one of these kinds")),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m.starts_with("v.yaml:8:10: variable \"vacia\"")), "{msgs:?}");
}

#[test]
fn a_lesson_crosses_as_postcard_and_as_json_whole() {
    // The page carries lessons as postcard bytes and hands their JSON to the worker (see
    // app/build.rs): every field must survive both (postcard has no field names, so a field
    // left out when empty would shift every later one).
    let mut l = Lesson::parse(VARIANT).expect("valid");
    assert!(!l.version.is_empty() && !l.vars.is_empty());
    assert!(l.steps.iter().flat_map(|s| &s.checks).any(|c| !c.template.is_empty()));
    let bytes = postcard::to_allocvec(&l).expect("encodes");
    let json = serde_json::to_string(&l).expect("encodes");
    // Each step's own solution stays out of both (the lesson's `solution` has them all).
    for step in &mut l.steps {
        step.solution.clear();
    }
    assert_eq!(postcard::from_bytes::<Lesson>(&bytes).expect("decodes"), l);
    assert_eq!(serde_json::from_str::<Lesson>(&json).expect("decodes"), l);
}

#[test]
fn a_variant_puts_the_values_everywhere() {
    let l = Lesson::parse(VARIANT).expect("valid");
    let values = l.values(5);
    let get = |n: &str| values.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap_or_default();
    let v = l.for_seed(5);
    assert!(v.vars.is_empty() && v.for_seed(9) == v, "an instantiated lesson has no variables left");
    assert_eq!(v.title.es, format!("Red {}", get("red")));
    assert_eq!(v.files, vec![("clave.txt".to_string(), get("clave"))]);
    assert_eq!(v.steps[0].hints[0].en, format!("`docker network create {}`", get("red")));
    assert_eq!(v.steps[1].checks[1].check, sim_core::lessons::Check::HttpOk { port: get("puerto").parse().unwrap() });
    assert!(v.solution[1].contains(&format!("-e CLAVE={}", get("clave"))));
    // Played, the variant's solution completes it.
    let mut s = v.start(SessionConfig { seed: 5, lang: Lang::Es });
    for line in &v.solution {
        s.submit(0, line);
        s.run_until_idle(0, 60_000);
        s.advance(1000);
    }
    assert!(v.progress(&s).iter().all(|st| st.done), "{:?}", v.progress(&s));
    // Without variables a lesson is its own variant.
    let plain = Lesson::parse(&lesson_with("network_exists: x")).expect("valid");
    assert_eq!(plain.for_seed(5), plain);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Same seed, same values and the same lesson; the values have their kind's shape and
    /// differ from one another.
    #[test]
    fn variants_are_deterministic(seed in proptest::prelude::any::<u64>()) {
        let l = Lesson::parse(VARIANT).expect("valid");
        proptest::prop_assert_eq!(l.values(seed), l.values(seed));
        proptest::prop_assert_eq!(l.for_seed(seed), Lesson::parse(VARIANT).expect("valid").for_seed(seed));
        let values = l.values(seed);
        proptest::prop_assert_ne!(&values[0].1, &values[1].1);
        proptest::prop_assert!(values[3].1.parse::<u16>().is_ok_and(|p| (8000..=8999).contains(&p)));
        proptest::prop_assert!(values[2].1.starts_with("10.") && values[2].1.ends_with(".0/24"));
        proptest::prop_assert!(values[5].1 == "nginx" || values[5].1 == "httpd");
    }
}
