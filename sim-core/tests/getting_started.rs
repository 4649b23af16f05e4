//! Docker's own getting-started guide (docs.docker.com/get-started/workshop), parts 6 and 7, as
//! a student types them: the todo app's dev server from a bind mount (`yarn install && yarn run
//! dev`, nodemon), then beside MySQL on a user network found by its alias through
//! `MYSQL_HOST` — and, when the app is started without `--network`, the 500 that says why.

use sim_core::{Lang, Session, SessionConfig};

const PACKAGE: &str = r#"{
  "name": "101-app",
  "version": "1.0.0",
  "main": "index.js",
  "license": "MIT",
  "scripts": {
    "prettify": "prettier -l --write \"**/*.js\"",
    "test": "jest",
    "dev": "nodemon -L src/index.js"
  },
  "dependencies": {
    "express": "^4.18.2",
    "mysql2": "^2.3.3",
    "sqlite3": "^5.1.2",
    "uuid": "^9.0.0",
    "wait-port": "^1.0.4"
  },
  "devDependencies": {
    "jest": "^29.5.0",
    "nodemon": "^2.0.22",
    "prettier": "^2.7.1"
  }
}
"#;
const INDEX: &str = "const express = require('express');\nconst app = express();\nconst db = require('./persistence');\napp.use(express.json());\ndb.init().then(() => {\n    app.listen(3000, () => console.log('Listening on port 3000'));\n});\n";

fn run(s: &mut Session, line: &str, ms: u64) -> String {
    s.submit(0, line);
    s.run_until_idle(0, 120_000);
    s.advance(ms);
    s.take_output(0)
}

fn workshop() -> Session {
    let mut s = Session::new(SessionConfig { seed: 2, lang: Lang::Es });
    let dir = "/home/alumno/getting-started-app";
    s.write_host_file(&format!("{dir}/package.json"), PACKAGE.as_bytes()).unwrap();
    s.write_host_file(&format!("{dir}/yarn.lock"), b"# yarn lockfile v1\n").unwrap();
    s.write_host_file(&format!("{dir}/src/index.js"), INDEX.as_bytes()).unwrap();
    run(&mut s, &format!("cd {dir}"), 10);
    s
}

#[test]
fn part_6_the_dev_server_runs_from_a_bind_mount() {
    let mut s = workshop();
    let id = run(
        &mut s,
        "docker run -dp 127.0.0.1:3000:3000 -w /app --mount type=bind,src=\"$(pwd)\",target=/app --name dev node:18-alpine sh -c \"yarn install && yarn run dev\"",
        15_000,
    );
    assert_eq!(id.lines().last().map(str::len), Some(64), "{id}");
    let logs = run(&mut s, "docker logs dev", 100);
    assert!(logs.starts_with("yarn install v1.22.22\n[1/4] Resolving packages...\n[2/4] Fetching packages...\n[3/4] Linking dependencies...\n[4/4] Building fresh packages...\nDone in "), "{logs}");
    assert!(logs.contains("yarn run v1.22.22\n$ nodemon -L src/index.js\n[nodemon] 2.0.22\n"), "{logs}");
    assert!(logs.ends_with("[nodemon] starting `node src/index.js`\n"), "{logs}");
    // The dependencies landed in the bind mount, so on the host too.
    assert_eq!(run(&mut s, "ls node_modules/.bin", 10), "nodemon\n");
    let page = run(&mut s, "curl -s localhost:3000", 100);
    assert!(page.contains("<title>Muelle: Node.js</title>"), "{page}");
    // Without a package.json script of that name, yarn says so.
    let out = run(&mut s, "docker exec dev yarn run nada; echo $?", 100);
    assert!(out.contains("error Command \"nada\" not found.") && out.ends_with("1\n"), "{out}");
    // nodemon is the project's, not the image's.
    let out = run(&mut s, "docker run --rm node:18-alpine nodemon app.js; echo $?", 2_000);
    assert!(out.ends_with("sh: nodemon: not found\n127\n") || out.contains("nodemon: not found"), "{out}");
}

#[test]
fn part_7_the_app_finds_mysql_by_its_alias_only_on_their_network() {
    let mut s = workshop();
    run(&mut s, "docker network create todo-app", 100);
    run(&mut s, "docker run -d --network todo-app --network-alias mysql -v todo-mysql-data:/var/lib/mysql -e MYSQL_ROOT_PASSWORD=secret -e MYSQL_DATABASE=todos mysql:8.0", 30_000);
    run(&mut s, "docker run -dp 127.0.0.1:3000:3000 -w /app -v \"$(pwd):/app\" --network todo-app -e MYSQL_HOST=mysql -e MYSQL_USER=root -e MYSQL_PASSWORD=secret -e MYSQL_DB=todos node:18-alpine sh -c \"yarn install && yarn run dev\"", 15_000);
    let page = run(&mut s, "curl -s localhost:3000", 100);
    assert!(page.contains("<title>Muelle: Node.js</title>"), "{page}");
    assert!(s.take_hints(0).is_empty());
    // The same app without `--network todo-app`: on the default bridge no name resolves.
    run(&mut s, "docker run -dp 127.0.0.1:3001:3000 -w /app -v \"$(pwd):/app\" -e MYSQL_HOST=mysql --name sola node:18-alpine sh -c \"yarn install && yarn run dev\"", 15_000);
    let page = run(&mut s, "curl -s localhost:3001", 100);
    assert!(page.contains("<pre>Error: getaddrinfo ENOTFOUND mysql</pre>"), "{page}");
    let hints = s.take_hints(0).join("\n");
    assert!(hints.contains("«sola» respondió 500") && hints.contains("mysql:3306"), "{hints}");
}

/// Part 7's check that the database is there: `docker exec -it <mysql> mysql -u root -p`, the
/// password, `SHOW DATABASES;` — the client's banner, prompts, table and errors.
#[test]
fn part_7_the_mysql_client_shows_the_todos_database() {
    let mut s = workshop();
    run(&mut s, "docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -e MYSQL_DATABASE=todos mysql:8.0", 30_000);
    let out = run(&mut s, "docker exec -it db mysql -u root -p", 100);
    assert!(out.ends_with("Enter password: "), "{out}");
    // The password is read with the terminal's echo off: nothing of it shows, and the client
    // ends the prompt's line itself (glibc's `getpass`).
    assert!(s.wants_input(0) && s.hides_input(0));
    s.submit(0, "secret");
    s.run_until_idle(0, 10_000);
    assert!(!s.hides_input(0), "the monitor's own prompt echoes");
    let banner = s.take_output(0);
    assert!(banner.starts_with("\nWelcome to the MySQL monitor.  Commands end with ; or \\g.\nYour MySQL connection id is 8\nServer version: 8.0.41 MySQL Community Server - GPL\n"), "{banner}");
    for line in ["SHOW DATABASES;", "use todos", "select * from todo_items;", "exit"] {
        s.submit(0, line);
        s.run_until_idle(0, 10_000);
    }
    let out = format!("{banner}{}", s.take_output(0));
    // (The terminal, not the program, echoes what is typed.)
    assert!(out.contains("mysql> +--------------------+\n| Database           |\n+--------------------+\n| information_schema |\n| mysql              |\n| performance_schema |\n| sys                |\n| todos              |\n+--------------------+\n5 rows in set (0.00 sec)\n\nmysql> "), "{out}");
    assert!(out.contains("mysql> Database changed\nmysql> "), "{out}");
    assert!(out.contains("ERROR 1146 (42S02): Table 'todos.todo_items' doesn't exist\n"), "{out}");
    assert!(out.ends_with("mysql> Bye\n"), "{out}");
    // A replayed screen (the page's past moments) does not show it either.
    let mut shown = Session::replay(SessionConfig { seed: 2, lang: Lang::Es }, s.journal(), s.now(), true);
    let screen = shown.take_output(0);
    assert!(
        screen.contains("Enter password: \nWelcome to the MySQL monitor.") && !screen.contains("secret\n"),
        "{screen}"
    );
    let out = run(&mut s, "docker exec db mysql -u root -pmal -e 'SHOW DATABASES'; echo $?", 100);
    assert!(
        out.ends_with("ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n1\n"),
        "{out}"
    );
    let out = run(&mut s, "docker run --rm mysql:8.0 mysql -u root; echo $?", 2_000);
    assert!(out.contains("ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)\n1\n"), "{out}");
}

/// `psql` in a postgres container (the tutorials' `docker exec -it db psql -U postgres`): local
/// connections are trusted, the role is `POSTGRES_USER`, and without `-U` it is `root`'s.
#[test]
fn psql_logs_in_as_the_images_role_and_knows_its_databases() {
    let mut s = workshop();
    run(&mut s, "docker run -d --name pg -e POSTGRES_PASSWORD=secreto -e POSTGRES_DB=tienda postgres:16", 15_000);
    let out = run(&mut s, "docker exec -it pg psql", 100);
    assert!(out.contains("psql: error: connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: FATAL:  role \"root\" does not exist\n"), "{out}");
    let out = run(&mut s, "docker exec -it pg psql -U postgres", 100);
    assert!(out.ends_with("psql (16.8 (Debian 16.8-1.pgdg120+1))\nType \"help\" for help.\n\npostgres=# "), "{out}");
    for line in ["\\c tienda", "select * from productos;", "SELECT", "1;", "\\q"] {
        s.submit(0, line);
        s.run_until_idle(0, 10_000);
    }
    let out = s.take_output(0);
    assert!(out.starts_with("You are now connected to database \"tienda\" as user \"postgres\".\ntienda=# "), "{out}");
    assert!(out.contains("ERROR:  relation \"productos\" does not exist\nLINE 1: select * from productos;\n                      ^\n"), "{out}");
    // A statement goes on at `-#` until its `;`.
    assert!(out.contains("tienda=# tienda-#  ?column? \n----------\n        1\n(1 row)\n\ntienda=# "), "{out}");
    let out = run(&mut s, "docker exec pg psql -U postgres -c 'SELECT current_database()'", 100);
    assert_eq!(out, " current_database \n------------------\n postgres\n(1 row)\n\n");
    // `-W` asks for the password first, with the terminal's echo off.
    let out = run(&mut s, "docker exec -it pg psql -U postgres -W", 100);
    assert!(out.ends_with("Password for user postgres: "), "{out}");
    assert!(s.hides_input(0));
    let out = run(&mut s, "secreto", 100);
    assert!(out.starts_with("\npsql (16.8 (Debian 16.8-1.pgdg120+1))\n"), "{out}");
    assert!(!s.hides_input(0) && s.wants_input(0));
    assert_eq!(run(&mut s, "\\q", 100), "");
}
