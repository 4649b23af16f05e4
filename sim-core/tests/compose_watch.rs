//! `docker compose watch` / `up --watch` (Compose v2.40.3's file watch): changes made by the
//! page's editor (`Session::write_host_file`) or by a shell in another terminal reach the
//! watcher through the host's disk, are batched after 500 ms of quiet and handled per rule.

use sim_core::{Session, SessionConfig};

const DIR: &str = "/home/alumno/app";

fn session(files: &[(&str, &str)]) -> Session {
    let mut s = Session::new(SessionConfig::default());
    for (name, text) in files {
        s.write_host_file(&format!("{DIR}/{name}"), text.as_bytes()).unwrap();
    }
    s.submit(0, &format!("cd {DIR}"));
    s.run_until_idle(0, 1000);
    s.take_output(0);
    s
}

fn run(s: &mut Session, t: usize, line: &str) -> String {
    s.submit(t, line);
    s.run_until_idle(t, 600_000);
    s.advance(1000);
    s.take_output(t)
}

/// Starts `line` (which keeps running) in terminal 0 and opens terminal 1 in the project.
fn start(s: &mut Session, line: &str) -> (String, usize) {
    s.submit(0, line);
    s.advance(3000);
    let out = s.take_output(0);
    let t = s.open_terminal();
    run(s, t, &format!("cd {DIR}"));
    (out, t)
}

const NGINX_SYNC: &str = "services:
  web:
    image: nginx
    ports: [\"8080:80\"]
    develop:
      watch:
        - action: sync
          path: ./site
          target: /usr/share/nginx/html
          ignore:
            - \"*.tmp\"
            - drafts/
";

#[test]
fn sync_copies_changes_in_and_leaves_ignored_ones_out() {
    let mut s = session(&[("compose.yaml", NGINX_SYNC), ("site/index.html", "<h1>uno</h1>\n")]);
    let (out, t) = start(&mut s, "docker compose watch");
    assert!(out.contains(" ✔ Container app-web-1  Started ") && out.ends_with(" \nWatch enabled\n"), "{out}");
    assert!(s.is_busy(0));
    // The editor saves a file: synced once 500 ms have passed without another change.
    s.write_host_file(&format!("{DIR}/site/index.html"), b"<h1>dos</h1>\n").unwrap();
    s.advance(400);
    assert_eq!(s.take_output(0), "");
    s.advance(200);
    assert_eq!(s.take_output(0), "Syncing service \"web\" after 1 changes were detected\n");
    assert_eq!(run(&mut s, t, "curl -s localhost:8080"), "<h1>dos</h1>\n");
    // A shell writes two files 200 ms apart, one of them twice: one batch, each path once.
    s.submit(t, "echo a > site/a.html; echo b > site/b.html; echo b2 > site/b.html");
    s.run_until_idle(t, 1000);
    s.advance(100);
    s.write_host_file(&format!("{DIR}/site/a.html"), b"a2\n").unwrap();
    s.advance(1000);
    assert_eq!(s.take_output(0), "Syncing service \"web\" after 2 changes were detected\n");
    assert_eq!(run(&mut s, t, "docker compose exec web cat /usr/share/nginx/html/b.html"), "b2\n");
    // Ignored: the rule's patterns (relative to its path), an editor's swap file, a path
    // outside every rule.
    for f in ["site/x.tmp", "site/drafts/next.html", "site/.index.html.swp", "notes.txt"] {
        s.write_host_file(&format!("{DIR}/{f}"), b"x\n").unwrap();
    }
    s.advance(2000);
    assert_eq!(s.take_output(0), "");
    let ls = run(&mut s, t, "docker compose exec web ls /usr/share/nginx/html");
    assert!(!ls.contains("x.tmp") && !ls.contains("drafts") && ls.contains("a.html"), "{ls}");
    // A file removed on the host is removed in the container.
    run(&mut s, t, "rm site/a.html");
    s.advance(1000);
    assert_eq!(s.take_output(0), "Syncing service \"web\" after 1 changes were detected\n");
    let ls = run(&mut s, t, "docker compose exec web ls /usr/share/nginx/html");
    assert!(!ls.contains("a.html"), "{ls}");
    // Ctrl-C ends the watch silently; the containers keep running.
    s.interrupt(0);
    s.run_until_idle(0, 1000);
    assert!(!s.is_busy(0));
    assert_eq!(s.last_status(0), 130);
    let ps = run(&mut s, t, "docker compose ps --format '{{.Name}} {{.State}}'");
    assert_eq!(ps, "app-web-1 running\n");
}

const REBUILD: &str = "services:
  web:
    build: .
    ports: [\"8080:80\"]
    develop:
      watch:
        - action: rebuild
          path: .
";

#[test]
fn rebuild_builds_and_recreates_and_dockerignore_is_honoured() {
    let mut s = session(&[
        ("compose.yaml", REBUILD),
        ("Dockerfile", "FROM nginx\nCOPY index.html /usr/share/nginx/html/\n"),
        ("index.html", "v1\n"),
        (".dockerignore", "secret.txt\n"),
    ]);
    let (out, t) = start(&mut s, "docker compose watch");
    assert!(out.starts_with("[+] Building"), "{out}");
    assert!(out.ends_with("Watch enabled\n"), "{out}");
    let id = run(&mut s, t, "docker inspect -f '{{.Id}}' app-web-1");
    let cat = "docker compose exec web cat /usr/share/nginx/html/index.html";
    assert_eq!(run(&mut s, t, cat), "v1\n");
    // .dockerignore's files do not trigger anything.
    s.write_host_file(&format!("{DIR}/secret.txt"), b"x\n").unwrap();
    s.advance(2000);
    assert_eq!(s.take_output(0), "");
    s.write_host_file(&format!("{DIR}/index.html"), b"v2\n").unwrap();
    s.advance(2000);
    let out = s.take_output(0);
    assert!(out.starts_with("Rebuilding service(s) [\"web\"] after changes were detected...\n#1 [web internal] load build definition from Dockerfile\n#1 transferring dockerfile: 50B done\n#1 DONE 0.0s\n\n"), "{out}");
    assert!(out.contains("\n#6 [web 2/2] COPY index.html /usr/share/nginx/html/\n#6 DONE 0.0s\n"), "{out}");
    assert!(out.ends_with("service(s) [\"web\"] successfully built\n"), "{out}");
    s.advance(2000);
    let new_id = run(&mut s, t, "docker inspect -f '{{.Id}}' app-web-1");
    assert_ne!(new_id, id);
    assert_eq!(run(&mut s, t, cat), "v2\n");
    assert!(s.is_busy(0));
    // A build that fails: compose's two lines, and the watch goes on.
    s.write_host_file(&format!("{DIR}/Dockerfile"), b"FROM nginx\nCOPY missing.html /\n").unwrap();
    s.advance(2000);
    let out = s.take_output(0);
    assert!(out.contains("Build failed. Error: failed to solve: failed to compute cache key"), "{out}");
    assert!(s.is_busy(0));
}

const SYNC_RESTART: &str = "services:
  web:
    image: nginx
    develop:
      watch:
        - action: sync+restart
          path: ./conf
          target: /etc/nginx/conf.d
  cache:
    image: redis
";

#[test]
fn sync_restart_syncs_then_restarts_the_service() {
    let mut s = session(&[("compose.yaml", SYNC_RESTART), ("conf/default.conf", "server {}\n")]);
    let (_, t) = start(&mut s, "docker compose watch");
    let started = run(&mut s, t, "docker inspect -f '{{.State.StartedAt}}' app-web-1");
    let cache = run(&mut s, t, "docker inspect -f '{{.State.StartedAt}}' app-cache-1");
    s.advance(5000);
    s.write_host_file(&format!("{DIR}/conf/default.conf"), b"server { listen 81; }\n").unwrap();
    s.advance(1000);
    assert_eq!(
        s.take_output(0),
        "Syncing service \"web\" after 1 changes were detected\nservice(s) [\"web\"] restarted\n"
    );
    assert_ne!(run(&mut s, t, "docker inspect -f '{{.State.StartedAt}}' app-web-1"), started);
    assert_eq!(run(&mut s, t, "docker inspect -f '{{.State.StartedAt}}' app-cache-1"), cache);
    assert_eq!(run(&mut s, t, "docker compose exec web cat /etc/nginx/conf.d/default.conf"), "server { listen 81; }\n");
}

#[test]
fn up_watch_logs_with_the_watch_column_between_the_containers_output() {
    let mut s = session(&[("compose.yaml", NGINX_SYNC), ("site/index.html", "<h1>uno</h1>\n")]);
    let (out, t) = start(&mut s, "docker compose up --watch");
    assert!(out.contains(" ✔ Container app-web-1  Created"), "{out}");
    assert!(out.contains("\n        ⦿ Watch enabled\nAttaching to web-1\n"), "{out}");
    run(&mut s, t, "curl -s localhost:8080");
    s.write_host_file(&format!("{DIR}/site/index.html"), b"<h1>dos</h1>\n").unwrap();
    s.advance(1000);
    let out = s.take_output(0);
    // `#watch` is the longest name: the column is 7 wide for everyone.
    assert!(out.contains("web-1   | "), "{out}");
    assert!(out.ends_with("        ⦿ Syncing service \"web\" after 1 changes were detected\n"), "{out}");
}

#[test]
fn watch_errors_as_compose_words_them() {
    let plain = "services:\n  web:\n    image: nginx\n";
    let mut s = session(&[("compose.yaml", plain)]);
    let out = run(&mut s, 0, "docker compose up --watch");
    assert!(out.contains(" ✔ Container app-web-1  Created"), "{out}");
    assert!(
        out.ends_with("none of the selected services is configured for watch, see https://docs.docker.com/compose/how-tos/file-watch/\n"),
        "{out}"
    );
    assert_eq!(s.last_status(0), 1);
    assert_eq!(run(&mut s, 0, "docker ps -a --format '{{.Names}} {{.State}}'"), "app-web-1 created\n");
    let out = run(&mut s, 0, "docker compose watch");
    assert!(
        out.ends_with("none of the selected services is configured for watch, consider setting a 'develop' section\n"),
        "{out}"
    );
    assert_eq!(s.last_status(0), 1);
    let out = run(&mut s, 0, "docker compose up --watch --no-build");
    assert_eq!(out, "--no-build and --watch are incompatible\n");
    let out = run(&mut s, 0, "docker compose up -d --watch");
    assert!(out.starts_with("--detach cannot be combined with"), "{out}");
    let no_build = "services:\n  web:\n    image: nginx\n    develop:\n      watch:\n        - action: rebuild\n          path: .\n";
    s.write_host_file(&format!("{DIR}/compose.yaml"), no_build.as_bytes()).unwrap();
    let out = run(&mut s, 0, "docker compose watch --no-up");
    assert_eq!(out, "can't watch service \"web\" with action rebuild without a build context\n");
    let no_target =
        "services:\n  web:\n    image: nginx\n    develop:\n      watch:\n        - action: sync\n          path: .\n";
    s.write_host_file(&format!("{DIR}/compose.yaml"), no_target.as_bytes()).unwrap();
    let out = run(&mut s, 0, "docker compose config");
    assert!(
        out.contains("services.web.develop.watch: target is required for non-rebuild actions: invalid compose project"),
        "{out}"
    );
    // A sync path that is also bind-mounted is not watched (logrus's warning).
    let bound = "services:\n  web:\n    image: nginx\n    volumes: [\"./site:/usr/share/nginx/html\"]\n    develop:\n      watch:\n        - action: sync\n          path: ./site\n          target: /usr/share/nginx/html\n";
    s.write_host_file(&format!("{DIR}/compose.yaml"), bound.as_bytes()).unwrap();
    let out = run(&mut s, 0, "docker compose watch --no-up");
    assert_eq!(
        out,
        "WARN[0000] path '/home/alumno/app/site' also declared by a bind mount volume, this path won't be monitored!\nnone of the selected services is configured for watch, consider setting a 'develop' section\n"
    );
}
