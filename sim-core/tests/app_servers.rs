//! Servers of languages Muelle does not run, started as themselves: PHP's built-in server
//! (php-src's `sapi/cli/php_cli_server.c`), `java -jar` (the JVM launcher's errors, Spring
//! Boot's port), and fastapi-cli 0.0.7's `fastapi run`/`dev` (its lines as rich-toolkit
//! prints them without a terminal, checked against the real program).

use sim_core::{Lang, Session, SessionConfig};

fn run(s: &mut Session, t: usize, line: &str, ms: u64) -> String {
    s.submit(t, line);
    s.advance(ms);
    s.take_output(t)
}

fn session(pull: &str) -> Session {
    let mut s = Session::new(SessionConfig { seed: 5, lang: Lang::En });
    run(&mut s, 0, "cd /home/alumno/proyecto", 10);
    run(&mut s, 0, &format!("docker pull -q {pull}"), 30_000);
    s
}

/// `[Mon Mar 10 10:00:07 2025] ` → `[T] ` (the simulated clock's value is not the point).
fn untimed(text: &str) -> String {
    text.lines()
        .map(|l| match (l.starts_with('['), l.find("] ")) {
            (true, Some(end)) if l[1..end].len() == 24 => format!("[T]{}", &l[end + 1..]),
            _ => l.to_string(),
        })
        .map(|l| {
            // The client's ephemeral port.
            match l.find("172.17.0.1:") {
                Some(at) => {
                    let rest = &l[at + 11..];
                    let digits = rest.chars().take_while(char::is_ascii_digit).count();
                    format!("{}172.17.0.1:P{}", &l[..at], &rest[digits..])
                }
                None => l,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn php_s_serves_the_docroots_files_and_labels_what_php_code_would_answer() {
    let mut s = session("php:8.3");
    s.write_host_file("/home/alumno/proyecto/web/index.php", b"<?php echo 'hola';\n").unwrap();
    s.write_host_file("/home/alumno/proyecto/web/style.css", b"body { color: red }\n").unwrap();
    let out = run(
        &mut s,
        0,
        "docker run -d --name web -p 8080:8000 -v ./web:/app php:8.3 php -S 0.0.0.0:8000 -t /app >/dev/null; echo $?",
        30_000,
    );
    assert_eq!(out, "0\n");
    let logs = run(&mut s, 0, "docker logs web", 500);
    assert_eq!(untimed(&logs), "[T] PHP 8.3.17 Development Server (http://0.0.0.0:8000) started");
    assert!(logs.starts_with("[Mon Mar 10 "), "asctime's format: {logs}");
    assert_eq!(run(&mut s, 0, "curl -s localhost:8080/style.css", 500), "body { color: red }\n");
    let page = run(&mut s, 0, "curl -s localhost:8080/", 500);
    assert!(page.contains("This PHP server is running and got GET /"), "{page}");
    let missing = run(&mut s, 0, "curl -s localhost:8080/nada.png", 500);
    assert!(missing.starts_with("<!doctype html><html><head><title>404 Not Found</title><style>"), "{missing}");
    assert!(missing.ends_with("<code class=\"url\">/nada.png</code> was not found on this server.</p></body></html>"));
    // A path without a dot that is not there: the front controller (index.php) answers it.
    let routed = run(&mut s, 0, "curl -s localhost:8080/usuarios/7", 500);
    assert!(routed.contains("got GET /usuarios/7"), "{routed}");
    let logs = run(&mut s, 0, "docker logs web", 500);
    let expected = "[T] PHP 8.3.17 Development Server (http://0.0.0.0:8000) started\n\
[T] 172.17.0.1:P Accepted\n[T] 172.17.0.1:P [200]: GET /style.css\n[T] 172.17.0.1:P Closing\n\
[T] 172.17.0.1:P Accepted\n[T] 172.17.0.1:P [200]: GET /\n[T] 172.17.0.1:P Closing\n\
[T] 172.17.0.1:P Accepted\n[T] 172.17.0.1:P [404]: GET /nada.png - No such file or directory\n[T] 172.17.0.1:P Closing\n\
[T] 172.17.0.1:P Accepted\n[T] 172.17.0.1:P [200]: GET /usuarios/7\n[T] 172.17.0.1:P Closing";
    assert_eq!(untimed(&logs), expected);
    // SIGTERM has no handler and PHP is PID 1: `docker stop` waits its 10 s and kills.
    let out = run(&mut s, 0, "docker stop web >/dev/null; docker inspect -f '{{.State.ExitCode}}' web", 15_000);
    assert_eq!(out, "137\n");
}

#[test]
fn php_s_errors_are_phps_own() {
    let mut s = session("php:8.4");
    let out = run(&mut s, 0, "docker run --rm php:8.4 php -S 0.0.0.0:8000 -t /nada; echo status=$?", 30_000);
    assert!(out.ends_with("Directory /nada does not exist.\nstatus=1\n"), "{out}");
    let out = run(&mut s, 0, "docker run --rm php:8.4 php -S localhost; echo status=$?", 5_000);
    assert_eq!(out, "Invalid address: localhost\nstatus=1\n");
    let out = run(&mut s, 0, "docker run --rm php:8.4 php -S 0.0.0.0:http; echo status=$?", 5_000);
    assert_eq!(out, "Invalid address: 0.0.0.0:http\nstatus=1\n");
    // The official image's entrypoint puts `php` in front of a flag.
    run(&mut s, 0, "docker run -d --name pp php:8.4 -S 0.0.0.0:9000", 5_000);
    let out = run(&mut s, 0, "docker exec pp php -S 0.0.0.0:9000; echo status=$?", 2_000);
    assert_eq!(untimed(&out), "[T] Failed to listen on 0.0.0.0:9000 (reason: Address already in use)\nstatus=1");
    let out = run(&mut s, 0, "docker exec pp php -v", 2_000);
    assert!(out.starts_with("PHP 8.4.4 (cli) (built: "), "{out}");
    assert!(out.contains("\nBuilt by https://github.com/docker-library/php\nZend Engine v4.4.4,"), "{out}");
}

#[test]
fn java_jar_fails_as_the_jvm_does_and_an_unknown_jar_listens_where_spring_would() {
    let mut s = session("eclipse-temurin:21");
    let out = run(&mut s, 0, "docker run --rm eclipse-temurin:21 java -jar app.jar; echo status=$?", 30_000);
    assert!(out.ends_with("Error: Unable to access jarfile app.jar\nstatus=1\n"), "{out}");
    s.write_host_file("/home/alumno/proyecto/target/app.jar", b"PK\x03\x04").unwrap();
    run(
        &mut s,
        0,
        "docker run -d --name api -p 8080:8080 -v ./target:/app -w /app eclipse-temurin:21 java -jar app.jar",
        5_000,
    );
    let logs = run(&mut s, 0, "docker logs api", 500);
    assert_eq!(
        logs,
        "[Muelle] app.jar: Muelle does not run Java code; it is taken as a web server on port 8080 (x-muelle sets what it does)\n"
    );
    let page = run(&mut s, 0, "curl -s localhost:8080/saludo", 500);
    assert!(page.contains("This Java server is running and got GET /saludo"), "{page}");
    // `SERVER_PORT` is Spring Boot's `server.port`.
    run(
        &mut s,
        0,
        "docker run -d --name api2 -e SERVER_PORT=9090 -p 9090:9090 -v ./target:/app -w /app eclipse-temurin:21 java -jar app.jar",
        5_000,
    );
    assert!(run(&mut s, 0, "curl -s localhost:9090/", 500).contains("Java server"));
    // The JVM runs its shutdown hooks on SIGTERM, even as PID 1.
    let out = run(&mut s, 0, "docker stop api >/dev/null; docker inspect -f '{{.State.ExitCode}}' api", 3_000);
    assert_eq!(out, "143\n");
    let out = run(&mut s, 0, "docker run --rm eclipse-temurin:21 java -version", 5_000);
    assert!(out.starts_with("openjdk version \"21.0.6\" 2025-01-21 LTS\nOpenJDK Runtime Environment Temurin-21.0.6+7"));
}

const MAIN_PY: &str = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get(\"/\")\ndef root():\n    return {\"hello\": \"world\"}\n";

#[test]
fn fastapi_run_prints_what_fastapi_cli_prints_without_a_terminal() {
    let mut s = session("python:3.12");
    s.write_host_file("/home/alumno/proyecto/api/Dockerfile", b"FROM python:3.12\nWORKDIR /code\nRUN pip install \"fastapi[standard]\"\nCOPY ./app /code/app\nCMD [\"fastapi\", \"run\", \"app/main.py\", \"--port\", \"80\"]\n").unwrap();
    s.write_host_file("/home/alumno/proyecto/api/app/__init__.py", b"").unwrap();
    s.write_host_file("/home/alumno/proyecto/api/app/main.py", MAIN_PY.as_bytes()).unwrap();
    run(&mut s, 0, "docker build -q -t api ./api", 60_000);
    run(&mut s, 0, "docker run -d --name api -p 8000:80 api", 5_000);
    let logs = run(&mut s, 0, "docker logs api", 1_000);
    let expected = "
   FastAPI   Starting production server 🚀
 
             Searching for package file structure from directories with 
             __init__.py files
             Importing from /code
 
    module   📁 app
             ├── 🐍 __init__.py
             └── 🐍 main.py
 
      code   Importing the FastAPI app object from the module with the following
             code:
 
             from app.main import app
 
       app   Using import string: app.main:app
 
    server   Server started at http://0.0.0.0:80
    server   Documentation at http://0.0.0.0:80/docs
 
             Logs:
 
      INFO   Started server process [1]
      INFO   Waiting for application startup.
      INFO   Application startup complete.
      INFO   Uvicorn running on http://0.0.0.0:80 (Press CTRL+C to quit)
";
    assert_eq!(logs, expected);
    let page = run(&mut s, 0, "curl -s localhost:8000/", 500);
    assert!(page.contains("This FastAPI server is running"), "{page}");
    let out = run(&mut s, 0, "docker stop api; docker logs --tail 6 api", 3_000);
    assert_eq!(
        untimed(&out),
        "api\n      INFO   172.17.0.1:P - \"GET / HTTP/1.1\" 200\n      INFO   Shutting down\n      INFO   Waiting for application shutdown.\n      INFO   Application shutdown complete.\n      INFO   Finished server process [1]\n",
        "the toolkit's closing newline comes last"
    );
}

#[test]
fn fastapi_dev_listens_on_the_loopback_and_says_what_it_cannot_find() {
    let mut s = session("python:3.12");
    s.write_host_file("/home/alumno/proyecto/app/main.py", MAIN_PY.as_bytes()).unwrap();
    s.write_host_file("/home/alumno/proyecto/img/Dockerfile", b"FROM python:3.12\nRUN pip install fastapi\n").unwrap();
    run(&mut s, 0, "docker build -q -t py-fastapi ./img", 60_000);
    run(&mut s, 0, "docker run -d --name cc -w /app -v ./app:/app py-fastapi sleep infinity", 5_000);
    let out = run(&mut s, 0, "docker exec cc fastapi dev nada.py; echo status=$?", 2_000);
    assert_eq!(
        out,
        "\n   FastAPI   Starting development server 🚀\n \n             Searching for package file structure from directories with \n             __init__.py files\n \n             Path does not exist nada.py\n\nstatus=1\n"
    );
    s.submit(0, "docker exec -it cc fastapi dev");
    s.advance(1_000);
    let out = s.take_output(0);
    assert!(out.contains("    server   Server started at http://127.0.0.1:8000\n"), "{out}");
    assert!(
        out.ends_with(" \n       tip   Running in development mode, for production use: fastapi run\n \n             Logs:\n \n      INFO   Will watch for changes in these directories: ['/app']\n      INFO   Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)\n      INFO   Started reloader process [20] using WatchFiles\n      INFO   Started server process [27]\n      INFO   Waiting for application startup.\n      INFO   Application startup complete.\n"),
        "{out}"
    );
}

/// `php:*-apache` runs Apache with mod_php in the foreground (docker-library's image: its CMD,
/// `STOPSIGNAL SIGWINCH`, `Options -Indexes`, logs to stdout), `php:*-fpm` the FastCGI manager.
#[test]
fn php_apache_serves_var_www_html_and_php_fpm_listens_on_9000() {
    let mut s = session("php:8.3-apache");
    s.write_host_file("/home/alumno/proyecto/sitio/index.php", b"<?php echo 'hola'; ?>\n").unwrap();
    s.write_host_file("/home/alumno/proyecto/sitio/notas/leeme.txt", b"nada\n").unwrap();
    s.write_host_file("/home/alumno/proyecto/sitio/a.html", b"<h1>a</h1>\n").unwrap();
    run(&mut s, 0, "docker run -d --name web -p 8080:80 -v ./sitio:/var/www/html php:8.3-apache", 2000);
    assert_eq!(run(&mut s, 0, "curl -s localhost:8080/a.html", 200), "<h1>a</h1>\n");
    let index = run(&mut s, 0, "curl -s localhost:8080/", 200);
    assert!(index.contains("<title>Muelle: PHP</title>"), "{index}");
    let forbidden = run(&mut s, 0, "curl -si localhost:8080/notas/", 200);
    assert!(forbidden.starts_with("HTTP/1.1 403 Forbidden"), "{forbidden}");
    assert!(forbidden.contains("<p>You don't have permission to access this resource.</p>"), "{forbidden}");
    assert!(
        forbidden.contains("<address>Apache/2.4.62 (Debian) Server at localhost Port 8080</address>"),
        "{forbidden}"
    );
    let missing = run(&mut s, 0, "curl -s localhost:8080/nada", 200);
    assert!(missing.contains("<title>404 Not Found</title>"), "{missing}");
    let logs = untimed(&run(&mut s, 0, "docker logs web", 200));
    assert!(logs.starts_with("AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2."), "{logs}");
    assert!(logs.contains("] [mpm_prefork:notice] [pid 1:tid 1] AH00163: Apache/2.4.62 (Debian) PHP/8.3.17 configured -- resuming normal operations"), "{logs}");
    assert!(logs.contains("172.17.0.1 - - [") && logs.contains("] \"GET /notas/ HTTP/1.1\" 403 "), "{logs}");
    assert!(logs.contains("\"-\" \"curl/8.5.0\""), "{logs}");
    run(&mut s, 0, "docker stop web", 1000);
    let logs = run(&mut s, 0, "docker logs web", 200);
    assert!(logs.ends_with("AH00170: caught SIGWINCH, shutting down gracefully\n"), "{logs}");
    assert_eq!(run(&mut s, 0, "docker inspect -f '{{.State.ExitCode}}' web", 100), "0\n");

    run(&mut s, 0, "docker run -d --name fpm php:8.3-fpm", 3000);
    let logs = run(&mut s, 0, "docker logs fpm", 200);
    let lines: Vec<&str> = logs.lines().map(|l| l.split_once("] ").map_or(l, |(_, rest)| rest)).collect();
    assert_eq!(lines, ["NOTICE: fpm is running, pid 1", "NOTICE: ready to handle connections"], "{logs}");
    assert!(logs.starts_with("[10-Mar-2025 10:00:"), "{logs}");
    let ps = run(&mut s, 0, "docker ps --format '{{.Ports}} {{.Command}}'", 100);
    assert_eq!(ps, "9000/tcp \"docker-php-entrypoi…\"\n");
    run(&mut s, 0, "docker stop fpm", 1000);
    let logs = run(&mut s, 0, "docker logs fpm", 200);
    assert!(logs.ends_with("NOTICE: Terminating ...\n") || logs.ends_with("NOTICE: exiting, bye-bye!\n"), "{logs}");
    assert_eq!(run(&mut s, 0, "docker inspect -f '{{.State.ExitCode}}' fpm", 100), "0\n");
}

/// Docker's own sample "WordPress with MySQL" (awesome-compose, the old Compose quickstart).
const WORDPRESS_COMPOSE: &str = "services:
  db:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD: somewordpress
      MYSQL_DATABASE: wordpress
      MYSQL_USER: wordpress
      MYSQL_PASSWORD: wordpress
    volumes:
      - db_data:/var/lib/mysql
  wordpress:
    image: wordpress:latest
    depends_on:
      - db
    ports:
      - \"8000:80\"
    environment:
      WORDPRESS_DB_HOST: db:3306
      WORDPRESS_DB_USER: wordpress
      WORDPRESS_DB_PASSWORD: wordpress
      WORDPRESS_DB_NAME: wordpress
volumes:
  db_data:
";

#[test]
fn wordpress_is_copied_configured_and_redirects_to_its_installer_once_its_database_answers() {
    let mut s = Session::new(SessionConfig { seed: 5, lang: Lang::En });
    s.write_host_file("/home/alumno/proyecto/wp/compose.yaml", WORDPRESS_COMPOSE.as_bytes()).unwrap();
    run(&mut s, 0, "cd /home/alumno/proyecto/wp", 10);
    run(&mut s, 0, "docker compose up -d", 60_000);
    let logs = run(&mut s, 0, "docker compose logs --no-log-prefix wordpress", 200);
    let first: Vec<&str> = logs.lines().take(3).collect();
    assert_eq!(
        first,
        [
            "WordPress not found in /var/www/html - copying now...",
            "Complete! WordPress has been successfully copied to /var/www/html",
            "No 'wp-config.php' found in /var/www/html, but 'WORDPRESS_...' variables supplied; copying 'wp-config-docker.php' (WORDPRESS_DB_HOST WORDPRESS_DB_NAME WORDPRESS_DB_PASSWORD WORDPRESS_DB_USER)",
        ],
        "{logs}"
    );
    assert!(
        logs.contains("AH00163: Apache/2.4.62 (Debian) PHP/8.2.27 configured"),
        "wordpress:latest runs on PHP 8.2: {logs}"
    );
    let files = run(&mut s, 0, "docker compose exec wordpress ls", 200);
    assert!(files.contains("wp-config.php") && files.contains("wp-admin") && files.contains("index.php"), "{files}");

    // Nothing is installed yet: every page sends the browser to the installer.
    let head = run(&mut s, 0, "curl -sI localhost:8000", 200);
    assert!(head.starts_with("HTTP/1.1 302 Found\n"), "{head}");
    assert!(head.contains("\nLocation: http://localhost:8000/wp-admin/install.php\n"), "{head}");
    assert_eq!(run(&mut s, 0, "curl -s localhost:8000 | wc -c", 200), "0\n", "a redirect has no body");
    let installer = run(&mut s, 0, "curl -sL localhost:8000", 200);
    assert!(installer.contains("in real Docker this is WordPress's installer"), "-L follows the redirect: {installer}");
    let both = run(&mut s, 0, "curl -siL localhost:8000 | grep HTTP/", 200);
    assert_eq!(both, "HTTP/1.1 302 Found\nHTTP/1.1 200 OK\n", "each response's headers with -i -L");
    // From another container on the project's network, by the service's name; wget follows by itself.
    let inside = run(&mut s, 0, "docker run --rm --network wp_default busybox wget -qO- http://wordpress", 30_000);
    assert!(inside.contains("WordPress's installer"), "{inside}");
    // Apache's files are served without WordPress.
    let readme =
        run(&mut s, 0, "curl -s -o /dev/null -w '%{http_code} %{content_type}\\n' localhost:8000/readme.html", 200);
    assert_eq!(readme, "200 text/html\n");
    let root = run(&mut s, 0, "curl -s -o /dev/null -w '%{http_code}' localhost:8000/", 200);
    assert_eq!(root, "302");
    let access = run(&mut s, 0, "docker compose logs --no-log-prefix --tail 5 wordpress", 200);
    assert!(access.contains("\"GET / HTTP/1.1\" 302 - \"-\" \"curl/8.5.0\""), "{access}");
    assert!(access.contains("\"GET /wp-admin/install.php HTTP/1.1\" 200 "), "{access}");

    // Without its database WordPress answers its error page, and Muelle says why.
    run(&mut s, 0, "docker compose stop db", 15_000);
    let down = run(&mut s, 0, "curl -si localhost:8000", 200);
    assert!(down.starts_with("HTTP/1.1 500 Internal Server Error\n"), "{down}");
    assert!(
        down.contains("<title>Database Error</title>")
            && down.contains("<h1>Error establishing a database connection</h1>"),
        "{down}"
    );
    let hints = s.take_hints(0).join("\n");
    assert!(hints.contains("\"wp-wordpress-1\" answered 500") && hints.contains("db:3306"), "{hints}");
}
