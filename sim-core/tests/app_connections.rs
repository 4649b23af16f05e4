//! A framework's application reaches what its source files and environment name (issue 12):
//! Docker's getting-started Flask app (`redis.Redis(host='redis', port=6379)`) answers while
//! redis is reachable, and answers 500 — Werkzeug's page, Flask's error line in the log, the
//! redis client's words (musl's, on the Alpine image) — when it is not, with Muelle's reason in
//! the terminal that asked.

use sim_core::{Lang, Session, SessionConfig};

const APP: &str = "import time\n\nimport redis\nfrom flask import Flask\n\napp = Flask(__name__)\ncache = redis.Redis(host='redis', port=6379)\n\n@app.route('/')\ndef hello():\n    return 'Hello World! I have been seen {} times.\\n'.format(cache.incr('hits'))\n";
const DOCKERFILE: &str = "FROM python:3.10-alpine\nWORKDIR /code\nENV FLASK_APP=app.py\nENV FLASK_RUN_HOST=0.0.0.0\nRUN pip install flask redis\nEXPOSE 5000\nCOPY . .\nCMD [\"flask\", \"run\", \"--debug\"]\n";

fn run(s: &mut Session, line: &str, ms: u64) -> String {
    s.submit(0, line);
    s.run_until_idle(0, 600_000);
    s.advance(ms);
    s.take_output(0)
}

fn project(compose: &str, lang: Lang) -> Session {
    let mut s = Session::new(SessionConfig { seed: 1, lang });
    let dir = "/home/alumno/composetest";
    s.write_host_file(&format!("{dir}/app.py"), APP.as_bytes()).unwrap();
    s.write_host_file(&format!("{dir}/Dockerfile"), DOCKERFILE.as_bytes()).unwrap();
    s.write_host_file(&format!("{dir}/compose.yaml"), compose.as_bytes()).unwrap();
    run(&mut s, &format!("cd {dir}"), 10);
    let up = run(&mut s, "docker compose up -d", 5_000);
    assert!(up.contains("Container composetest-web-1"), "{up}");
    s.take_hints(0);
    s
}

#[test]
fn with_redis_beside_it_the_application_answers() {
    let mut s = project(
        "services:\n  web:\n    build: .\n    ports:\n      - \"8000:5000\"\n  redis:\n    image: \"redis:alpine\"\n",
        Lang::Es,
    );
    let page = run(&mut s, "curl -s localhost:8000", 100);
    assert!(page.contains("<title>Muelle: Flask</title>"), "{page}");
    assert!(s.take_hints(0).is_empty());
}

#[test]
fn without_redis_it_answers_500_and_says_why() {
    let mut s = project("services:\n  web:\n    build: .\n    ports:\n      - \"8000:5000\"\n", Lang::Es);
    let page = run(&mut s, "curl -s localhost:8000; echo exit=$?", 100);
    assert!(page.starts_with("<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"), "{page}");
    assert!(page.ends_with("exit=0\n"), "curl -s does not fail on a 500: {page}");
    let hints = s.take_hints(0).join("\n");
    assert!(
        hints.contains("«composetest-web-1» respondió 500: su aplicación no pudo conectar con redis:6379"),
        "{hints}"
    );
    assert!(hints.contains("ningún contenedor ni alias se llama «redis»"), "{hints}");
    let logs = run(&mut s, "docker compose logs web", 100);
    assert!(logs.contains("web-1  | ["), "{logs}");
    assert!(logs.contains("ERROR in app: Exception on / [GET]\n"), "{logs}");
    assert!(
        logs.contains(
            "web-1  | redis.exceptions.ConnectionError: Error -2 connecting to redis:6379. Name does not resolve.\n"
        ),
        "{logs}"
    );
    assert!(logs.contains("\"GET / HTTP/1.1\" 500 -"), "{logs}");
}

#[test]
fn redis_on_another_network_is_not_found_by_name() {
    let mut s = project(
        "services:\n  web:\n    build: .\n    ports:\n      - \"8000:5000\"\n  redis:\n    image: \"redis:alpine\"\n    networks: [aparte]\nnetworks:\n  aparte: {}\n",
        Lang::En,
    );
    let page = run(&mut s, "curl -si localhost:8000", 100);
    // Werkzeug capitalises its reason phrases; its 500 page is 265 bytes.
    assert!(
        page.starts_with("HTTP/1.1 500 INTERNAL SERVER ERROR\r\n")
            || page.starts_with("HTTP/1.1 500 INTERNAL SERVER ERROR\n"),
        "{page}"
    );
    assert!(page.contains("Content-Length: 265"), "{page}");
    let hints = s.take_hints(0).join("\n");
    assert!(hints.contains("\"composetest-web-1\" answered 500"), "{hints}");
    assert!(hints.contains("shares no network"), "{hints}");
}

#[test]
fn the_environment_names_a_connection_too_and_a_stopped_one_is_refused_later() {
    let mut s = project(
        "services:\n  web:\n    build: .\n    ports:\n      - \"8000:5000\"\n    environment:\n      DATABASE_URL: postgres://u:p@db:5432/app\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: x\n  redis:\n    image: redis:alpine\n",
        Lang::En,
    );
    s.advance(20_000);
    let page = run(&mut s, "curl -s localhost:8000", 100);
    assert!(page.contains("Muelle: Flask"), "{page}");
    run(&mut s, "docker compose stop db", 100);
    s.take_hints(0);
    let page = run(&mut s, "curl -s localhost:8000", 100);
    assert!(page.contains("500 Internal Server Error"), "{page}");
    let logs = run(&mut s, "docker compose logs web", 100);
    assert!(logs.contains("psycopg2.OperationalError: could not translate host name \"db\" to address"), "{logs}");
}
