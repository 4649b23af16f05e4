//! The `mysql` and `mariadb` clients typed into a database's own container, as Docker's
//! getting-started workshop does (`docker exec -it <mysql-id> mysql -u root -p`, then `SHOW
//! DATABASES;`): the password prompt, the monitor's banner, its prompt and continuation prompt,
//! result tables drawn as the client draws them, and its errors with their codes.
//!
//! Muelle runs no SQL engine: the server's catalogue is what its container was started with
//! (the system schemas, `MYSQL_DATABASE`/`MARIADB_DATABASE`, databases created here), tables are
//! never there (`ERROR 1146`), and other statements get a translated note instead of a result.

use super::builtins::done;
use crate::process::{Cx, Job, Poll, Wake};
use crate::world::Loc;

/// A server's version for its image tag (`mysql:8.0` → 8.0.41; the newest LTS otherwise).
pub fn mysql_version(tag: &str) -> &'static str {
    match tag.split(['-', '.']).take(2).collect::<Vec<_>>().as_slice() {
        ["5", "7"] | ["5"] => "5.7.44",
        ["8", "0"] => "8.0.41",
        ["9", _] | ["9"] | ["innovation", ..] => "9.2.0",
        _ => "8.4.4",
    }
}

fn env(cx: &Cx<'_>, key: &str) -> Option<String> {
    cx.sh.var(key).filter(|v| !v.is_empty()).map(str::to_string)
}

struct Flavour {
    maria: bool,
    version: String,
}

/// `mysql [-u USER] [-p[PASS]] [-h HOST] [-e STMT] [DB]`.
pub fn mysql(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (mut user, mut password, mut db, mut execute) = ("root".to_string(), None::<Option<String>>, None, None);
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        let value = |i: &mut usize| {
            *i += 1;
            argv.get(*i).cloned()
        };
        match a {
            "-u" | "--user" => user = value(&mut i).unwrap_or_default(),
            "-p" | "--password" => password = Some(None),
            "-D" | "--database" => db = value(&mut i),
            "-e" | "--execute" => execute = value(&mut i),
            "-h" | "--host" | "-P" | "--port" => {
                value(&mut i);
            }
            _ if a.starts_with("--user=") => user = a[7..].to_string(),
            _ if a.starts_with("--password=") => password = Some(Some(a[11..].to_string())),
            _ if a.starts_with("-u") => user = a[2..].to_string(),
            _ if a.starts_with("-p") => password = Some(Some(a[2..].to_string())),
            _ if !a.starts_with('-') => db = Some(a.to_string()),
            _ => {}
        }
        i += 1;
    }
    let repo = super::servers::container_repo(cx);
    let maria = repo == "mariadb" || argv[0].ends_with("mariadb");
    let version = if maria {
        "11.7.2-MariaDB-ubu2404".to_string()
    } else {
        mysql_version(&super::servers::container_tag(cx)).to_string()
    };
    let listening = match cx.sh.loc {
        Loc::Container(cid) => cx.world.container(cid).is_some_and(|c| c.listening.contains(&3306)),
        Loc::Host => false,
    };
    if !listening {
        cx.io.errln(
            "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)",
        );
        return done(1);
    }
    let mut client = Client {
        flavour: Flavour { maria, version },
        user,
        db: None,
        buffer: String::new(),
        databases: databases(cx),
        stage: Stage::Password,
        given: None,
    };
    match password {
        Some(None) => {
            cx.io.out("Enter password: ");
            client.stage = Stage::Password;
            if let Some(stmt) = execute {
                client.given = Some(stmt);
            }
            client.pending_db(db);
            Box::new(client)
        }
        other => {
            let pass = other.flatten();
            if pass.is_some() && !maria {
                cx.io.errln("mysql: [Warning] Using a password on the command line interface can be insecure.");
            }
            client.pending_db(db);
            match client.log_in(cx, pass.as_deref()) {
                Err(code) => done(code),
                Ok(()) => match execute {
                    Some(stmt) => {
                        client.statement(cx, &stmt, true);
                        done(0)
                    }
                    None => {
                        client.banner(cx);
                        Box::new(client)
                    }
                },
            }
        }
    }
}

/// The databases the server has: its system schemas and the one its image created.
fn databases(cx: &Cx<'_>) -> Vec<String> {
    let mut dbs: Vec<String> =
        ["information_schema", "mysql", "performance_schema", "sys"].iter().map(|s| s.to_string()).collect();
    for key in ["MYSQL_DATABASE", "MARIADB_DATABASE"] {
        if let Some(db) = env(cx, key) {
            if !dbs.contains(&db) {
                dbs.push(db);
            }
        }
    }
    crate::sort::sort(&mut dbs);
    dbs
}

#[derive(PartialEq)]
enum Stage {
    Password,
    Prompt,
}

struct Client {
    flavour: Flavour,
    user: String,
    db: Option<String>,
    buffer: String,
    databases: Vec<String>,
    stage: Stage,
    /// `-e STMT` given with `-p`: run once the password is in.
    given: Option<String>,
}

impl Client {
    fn pending_db(&mut self, db: Option<String>) {
        self.db = db;
    }

    /// Checks the password against the container's (`MYSQL_ROOT_PASSWORD`, or the user the
    /// image created): `Err(1)` after the client's access-denied line.
    fn log_in(&mut self, cx: &mut Cx<'_>, given: Option<&str>) -> Result<(), i32> {
        let root = env(cx, "MYSQL_ROOT_PASSWORD").or_else(|| env(cx, "MARIADB_ROOT_PASSWORD"));
        let empty_allowed = env(cx, "MYSQL_ALLOW_EMPTY_PASSWORD").is_some();
        let expected = if self.user == "root" {
            root
        } else if env(cx, "MYSQL_USER").or_else(|| env(cx, "MARIADB_USER")).as_deref() == Some(self.user.as_str()) {
            env(cx, "MYSQL_PASSWORD").or_else(|| env(cx, "MARIADB_PASSWORD"))
        } else {
            None
        };
        let ok = match (&expected, given) {
            (Some(e), Some(g)) => e == g,
            (None, None | Some("")) => empty_allowed && self.user == "root",
            _ => false,
        };
        if !ok {
            let using = if given.is_some_and(|g| !g.is_empty()) { "YES" } else { "NO" };
            cx.io.errln(&format!(
                "ERROR 1045 (28000): Access denied for user '{}'@'localhost' (using password: {using})",
                self.user
            ));
            return Err(1);
        }
        if let Some(db) = self.db.clone() {
            if !self.databases.contains(&db) {
                cx.io.errln(&format!("ERROR 1049 (42000): Unknown database '{db}'"));
                return Err(1);
            }
        }
        self.stage = Stage::Prompt;
        Ok(())
    }

    fn banner(&self, cx: &mut Cx<'_>) {
        let text = if self.flavour.maria {
            format!(
                "Welcome to the MariaDB monitor.  Commands end with ; or \\g.\nYour MariaDB connection id is 3\nServer version: {} mariadb.org binary distribution\n\nCopyright (c) 2000, 2018, Oracle, MariaDB Corporation Ab and others.\n\nType 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n",
                self.flavour.version
            )
        } else {
            format!(
                "Welcome to the MySQL monitor.  Commands end with ; or \\g.\nYour MySQL connection id is 8\nServer version: {} MySQL Community Server - GPL\n\nCopyright (c) 2000, 2025, Oracle and/or its affiliates.\n\nOracle is a registered trademark of Oracle Corporation and/or its\naffiliates. Other names may be trademarks of their respective\nowners.\n\nType 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n",
                self.flavour.version
            )
        };
        cx.io.outln(&text);
        self.prompt(cx);
    }

    fn prompt(&self, cx: &mut Cx<'_>) {
        let text = match (self.flavour.maria, self.buffer.is_empty()) {
            (false, true) => "mysql> ".to_string(),
            (false, false) => "    -> ".to_string(),
            (true, true) => format!("MariaDB [{}]> ", self.db.as_deref().unwrap_or("(none)")),
            (true, false) => "    -> ".to_string(),
        };
        cx.io.out(&text);
    }

    /// A result table as the client draws it, then its row count.
    fn table(cx: &mut Cx<'_>, header: &str, rows: &[String]) {
        let width = rows.iter().map(|r| r.chars().count()).chain([header.chars().count()]).max().unwrap_or(0);
        let rule = format!("+{}+", "-".repeat(width + 2));
        let mut out = format!("{rule}\n| {header:<width$} |\n{rule}\n");
        for r in rows {
            out.push_str(&format!("| {r:<width$} |\n"));
        }
        out.push_str(&rule);
        out.push('\n');
        let n = rows.len();
        out.push_str(&format!("{n} row{} in set (0.00 sec)\n", if n == 1 { "" } else { "s" }));
        cx.io.outln(&out);
    }

    /// Runs one statement (its `;` taken off). `batch`: `-e`, whose results are tab-separated
    /// without a frame.
    fn statement(&mut self, cx: &mut Cx<'_>, stmt: &str, batch: bool) {
        let stmt = stmt.trim().trim_end_matches(';').trim();
        let lower = crate::case::to_lower(stmt);
        let words: Vec<&str> = lower.split_whitespace().collect();
        let original: Vec<&str> = stmt.split_whitespace().collect();
        let name_at = |i: usize| original.get(i).map(|w| w.trim_matches('`').to_string()).unwrap_or_default();
        let result = |cx: &mut Cx<'_>, header: &str, rows: Vec<String>| {
            if batch {
                cx.io.outln(header);
                for r in rows {
                    cx.io.outln(&r);
                }
            } else {
                Client::table(cx, header, &rows);
            }
        };
        match words.as_slice() {
            [] => cx.io.errln("ERROR: \nNo query specified\n"),
            ["show", "databases"] | ["show", "schemas"] => result(cx, "Database", self.databases.clone()),
            ["use", _] => {
                let db = name_at(1);
                if self.databases.contains(&db) {
                    self.db = Some(db);
                    cx.io.outln("Database changed");
                } else {
                    cx.io.errln(&format!("ERROR 1049 (42000): Unknown database '{db}'"));
                }
            }
            ["show", "tables"] => match &self.db {
                None => cx.io.errln("ERROR 1046 (3D000): No database selected"),
                Some(_) => cx.io.outln("Empty set (0.00 sec)\n"),
            },
            ["select", "database()"] => {
                let db = self.db.clone().unwrap_or_else(|| "NULL".into());
                result(cx, "database()", vec![db]);
            }
            ["select", "version()"] => result(cx, "version()", vec![self.flavour.version.clone()]),
            ["create", "database", ..] => {
                let db = name_at(words.len() - 1);
                if self.databases.contains(&db) && !lower.contains("if not exists") {
                    cx.io.errln(&format!("ERROR 1007 (HY000): Can't create database '{db}'; database exists"));
                } else {
                    let created = !self.databases.contains(&db);
                    if created {
                        self.databases.push(db);
                        crate::sort::sort(&mut self.databases);
                    }
                    cx.io.outln(&format!("Query OK, {} row affected (0.01 sec)\n", u8::from(created)));
                }
            }
            ["select", ..] if words.contains(&"from") => {
                let at = words.iter().position(|w| *w == "from").unwrap_or(0);
                let table = name_at(at + 1);
                match (&self.db, table.split_once('.')) {
                    (_, Some((db, t))) => {
                        cx.io.errln(&format!("ERROR 1146 (42S02): Table '{db}.{t}' doesn't exist"))
                    }
                    (None, None) => cx.io.errln("ERROR 1046 (3D000): No database selected"),
                    (Some(db), None) => {
                        cx.io.errln(&format!("ERROR 1146 (42S02): Table '{db}.{table}' doesn't exist"))
                    }
                }
            }
            ["select", value] if value.bytes().all(|b| b.is_ascii_digit()) => {
                result(cx, value, vec![value.to_string()]);
            }
            _ => cx.io.errln(&match cx.lang {
                crate::Lang::Es => "muelle: el servidor simulado no ejecuta SQL: conoce sus bases de datos (SHOW DATABASES, USE, CREATE DATABASE), no tablas ni datos".to_string(),
                crate::Lang::En => "muelle: the simulated server does not run SQL: it knows its databases (SHOW DATABASES, USE, CREATE DATABASE), not tables or data".to_string(),
            }),
        }
    }

    fn bye(cx: &mut Cx<'_>) -> Poll {
        cx.io.outln("Bye");
        Poll::Done(0)
    }
}

impl Job for Client {
    fn poll(&mut self, _cx: &mut Cx<'_>) -> Poll {
        Poll::Pending(Wake::Never)
    }

    fn wants_input(&self) -> bool {
        true
    }

    /// `Enter password: ` reads with the terminal's echo off (`get_tty_password`, glibc's
    /// `getpass`), which prints the newline the Enter did not echo.
    fn hides_input(&self) -> bool {
        self.stage == Stage::Password
    }

    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        if self.stage == Stage::Password {
            cx.io.outln("");
            if let Err(code) = self.log_in(cx, Some(line)) {
                return Poll::Done(code);
            }
            if let Some(stmt) = self.given.take() {
                self.statement(cx, &stmt, true);
                return Poll::Done(0);
            }
            self.banner(cx);
            return Poll::Pending(Wake::Never);
        }
        let trimmed = line.trim();
        let lower = crate::case::to_lower(trimmed.trim_end_matches(';'));
        if self.buffer.is_empty() && matches!(lower.as_str(), "exit" | "quit" | "\\q") {
            return Client::bye(cx);
        }
        // `use DB` is one of the client's own commands: it needs no `;`.
        if self.buffer.is_empty() && (lower.starts_with("use ") || lower == "use") {
            self.statement(cx, trimmed, false);
            self.prompt(cx);
            return Poll::Pending(Wake::Never);
        }
        if !self.buffer.is_empty() {
            self.buffer.push(' ');
        }
        self.buffer.push_str(trimmed);
        if self.buffer.ends_with("\\c") {
            self.buffer.clear();
        } else if self.buffer.ends_with(';') || self.buffer.ends_with("\\g") {
            let stmt = std::mem::take(&mut self.buffer);
            self.statement(cx, stmt.trim_end_matches("\\g"), false);
        } else if self.buffer.is_empty() {
            // An empty line: the prompt again.
        }
        self.prompt(cx);
        Poll::Pending(Wake::Never)
    }

    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        if self.stage == Stage::Password {
            cx.io.outln("");
            return Poll::Done(1);
        }
        Client::bye(cx)
    }

    /// Ctrl-C clears what was being typed, as the client does (`^C` then a new prompt).
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.buffer.clear();
        if self.stage == Stage::Password {
            return Poll::Done(1);
        }
        self.prompt(cx);
        Poll::Pending(Wake::Never)
    }
}

/// `psql [-U USER] [-d DB] [DB]` in a postgres container, as the official image sets it up:
/// local connections are trusted (no password asked), the roles are `POSTGRES_USER` (default
/// `postgres`), the databases `postgres`, `template0`, `template1` and `POSTGRES_DB` (default the
/// user's name). Without `-U` psql logs in as the shell's user — `root` in `docker exec` —,
/// which has no role: the tutorials' classic `FATAL:  role "root" does not exist`.
pub fn psql(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    // `-W`: the password is asked before connecting (the server trusts local connections, so
    // any answer will do).
    if argv.iter().any(|a| a == "-W" || a == "--password") {
        let argv: Vec<String> = argv.iter().filter(|a| *a != "-W" && *a != "--password").cloned().collect();
        let user = psql_user(cx, &argv);
        cx.io.out(&format!("Password for user {user}: "));
        return Box::new(PsqlPassword { argv, client: None });
    }
    let (mut user, mut db, mut command) = (cx.sh.user.clone(), None, None);
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        let next = argv.get(i + 1).cloned();
        match a {
            "-U" | "--username" => {
                user = next.unwrap_or_default();
                i += 1;
            }
            "-d" | "--dbname" => {
                db = next;
                i += 1;
            }
            "-c" | "--command" => {
                command = next;
                i += 1;
            }
            "-h" | "--host" | "-p" | "--port" => i += 1,
            _ if a.starts_with("-U") => user = a[2..].to_string(),
            _ if a.starts_with("--username=") => user = a[11..].to_string(),
            _ if !a.starts_with('-') && db.is_none() => db = Some(a.to_string()),
            _ => {}
        }
        i += 1;
    }
    let socket = "connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed";
    let listening = match cx.sh.loc {
        Loc::Container(cid) => cx.world.container(cid).is_some_and(|c| c.listening.contains(&5432)),
        Loc::Host => false,
    };
    if !listening {
        cx.io.errln(&format!(
            "psql: error: {socket}: No such file or directory\n\tIs the server running locally and accepting connections on that socket?"
        ));
        return done(2);
    }
    let owner = env(cx, "POSTGRES_USER").unwrap_or_else(|| "postgres".into());
    if user != owner {
        cx.io.errln(&format!("psql: error: {socket}: FATAL:  role \"{user}\" does not exist"));
        return done(2);
    }
    let mut databases = vec!["postgres".to_string(), "template0".into(), "template1".into()];
    let own = env(cx, "POSTGRES_DB").unwrap_or_else(|| owner.clone());
    if !databases.contains(&own) {
        databases.push(own);
    }
    let db = db.unwrap_or_else(|| user.clone());
    if !databases.contains(&db) {
        cx.io.errln(&format!("psql: error: {socket}: FATAL:  database \"{db}\" does not exist"));
        return done(2);
    }
    let (version, _) = super::servers::pg_version(&super::servers::container_tag(cx));
    let mut client = Psql { db, user, databases, buffer: String::new() };
    if let Some(c) = command {
        client.statement(cx, &c);
        return done(0);
    }
    let package = cx.sh.var("PG_VERSION").map(str::to_string).unwrap_or_else(|| version.to_string());
    cx.io.outln(&format!("psql ({version} (Debian {package}))\nType \"help\" for help.\n"));
    client.prompt(cx);
    Box::new(client)
}

/// The role psql logs in as: `-U`, else the shell's user.
fn psql_user(cx: &Cx<'_>, argv: &[String]) -> String {
    let mut user = cx.sh.user.clone();
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        match a {
            "-U" | "--username" => {
                user = argv.get(i + 1).cloned().unwrap_or_default();
                i += 1;
            }
            "-d" | "--dbname" | "-c" | "--command" | "-h" | "--host" | "-p" | "--port" => i += 1,
            _ if a.starts_with("-U") => user = a[2..].to_string(),
            _ if a.starts_with("--username=") => user = a[11..].to_string(),
            _ => {}
        }
        i += 1;
    }
    user
}

/// psql's `Password for user postgres: ` (`-W`), read with the terminal's echo off
/// (`simple_prompt`, which prints the newline), then the session as without it.
struct PsqlPassword {
    argv: Vec<String>,
    client: Option<Box<dyn Job>>,
}

impl Job for PsqlPassword {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        match &mut self.client {
            Some(c) => c.poll(cx),
            None => Poll::Pending(Wake::Never),
        }
    }

    fn wants_input(&self) -> bool {
        self.client.as_ref().is_none_or(|c| c.wants_input())
    }

    fn hides_input(&self) -> bool {
        self.client.is_none()
    }

    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        if let Some(c) = &mut self.client {
            return c.input(line, cx);
        }
        cx.io.outln("");
        let mut client = psql(cx, &self.argv);
        let poll = client.poll(cx);
        self.client = Some(client);
        poll
    }

    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        match &mut self.client {
            Some(c) => c.end_of_input(cx),
            None => self.input("", cx),
        }
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        match &mut self.client {
            Some(c) => c.interrupt(cx),
            None => Poll::Done(130),
        }
    }
}

struct Psql {
    db: String,
    user: String,
    databases: Vec<String>,
    buffer: String,
}

impl Psql {
    fn prompt(&self, cx: &mut Cx<'_>) {
        // `#` for a superuser (the image's role is one), `-` while a statement goes on.
        let mark = if self.buffer.is_empty() { '=' } else { '-' };
        cx.io.out(&format!("{}{mark}# ", self.db));
    }

    /// A one-column result as psql aligns it: the header centred, values right-aligned when
    /// numbers, the row count after.
    fn column(cx: &mut Cx<'_>, header: &str, value: &str) {
        let width = header.chars().count().max(value.chars().count());
        let pad = width - header.chars().count();
        let head = format!("{}{header}{}", " ".repeat(pad / 2), " ".repeat(pad - pad / 2));
        let cell = if value.bytes().all(|b| b.is_ascii_digit()) {
            format!("{value:>width$}")
        } else {
            format!("{value:<width$}")
        };
        // The last column's values are not padded on the right (its header is).
        cx.io.outln(&format!(" {head} \n{}\n {}\n(1 row)\n", "-".repeat(width + 2), cell.trim_end()));
    }

    fn statement(&mut self, cx: &mut Cx<'_>, raw: &str) {
        let raw = raw.trim();
        let stmt = raw.trim_end_matches(';').trim();
        let lower = crate::case::to_lower(stmt);
        let words: Vec<&str> = lower.split_whitespace().collect();
        let original: Vec<&str> = stmt.split_whitespace().collect();
        match words.as_slice() {
            ["select", "1"] => Psql::column(cx, "?column?", "1"),
            ["select", "current_database()"] => Psql::column(cx, "current_database", &self.db.clone()),
            ["select", "current_user"] => Psql::column(cx, "current_user", &self.user.clone()),
            ["create", "database", ..] => {
                let db = original.last().map(|w| w.trim_matches('"').to_string()).unwrap_or_default();
                if self.databases.contains(&db) {
                    cx.io.errln(&format!("ERROR:  database \"{db}\" already exists"));
                } else {
                    self.databases.push(db);
                    cx.io.outln("CREATE DATABASE");
                }
            }
            ["select", ..] if words.contains(&"from") => {
                let at = words.iter().position(|w| *w == "from").unwrap_or(0);
                let table = original.get(at + 1).copied().unwrap_or_default();
                let col = raw.find(table).unwrap_or(0);
                cx.io.errln(&format!(
                    "ERROR:  relation \"{table}\" does not exist\nLINE 1: {raw}\n{}^",
                    " ".repeat(col + 8)
                ));
            }
            _ => cx.io.errln(&match cx.lang {
                crate::Lang::Es => "muelle: el servidor simulado no ejecuta SQL: conoce sus bases de datos (\\l, \\c, CREATE DATABASE), no tablas ni datos".to_string(),
                crate::Lang::En => "muelle: the simulated server does not run SQL: it knows its databases (\\l, \\c, CREATE DATABASE), not tables or data".to_string(),
            }),
        }
    }

    /// A backslash command (`\q`, `\c DB`, `\dt`, `\l`): `Some(done)` when it ends psql.
    fn meta(&mut self, cx: &mut Cx<'_>, line: &str) -> Option<Poll> {
        let mut words = line.split_whitespace();
        match words.next().unwrap_or_default() {
            "\\q" => return Some(Poll::Done(0)),
            "\\c" | "\\connect" => match words.next() {
                Some(db) if self.databases.iter().any(|d| d == db) => {
                    self.db = db.to_string();
                    cx.io.outln(&format!("You are now connected to database \"{db}\" as user \"{}\".", self.user));
                }
                Some(db) => cx.io.errln(&format!("connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: FATAL:  database \"{db}\" does not exist\nPrevious connection kept")),
                None => cx.io.outln(&format!("You are now connected to database \"{}\" as user \"{}\".", self.db, self.user)),
            },
            "\\dt" | "\\d" => cx.io.outln("Did not find any relations."),
            "\\l" | "\\list" => {
                // psql's full table (owner, encoding, locales, privileges) is not drawn.
                let mut names = self.databases.clone();
                crate::sort::sort(&mut names);
                let names = names.join(", ");
                cx.io.errln(&match cx.lang {
                    crate::Lang::Es => format!("muelle: Muelle no dibuja la tabla de \\l; las bases de datos del servidor: {names}"),
                    crate::Lang::En => format!("muelle: Muelle does not draw \\l's table; the server's databases: {names}"),
                });
            }
            other => cx.io.errln(&format!("invalid command {other}\nTry \\? for help.")),
        }
        None
    }
}

impl Job for Psql {
    fn poll(&mut self, _cx: &mut Cx<'_>) -> Poll {
        Poll::Pending(Wake::Never)
    }

    fn wants_input(&self) -> bool {
        true
    }

    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        let trimmed = line.trim();
        if self.buffer.is_empty() && trimmed.starts_with('\\') {
            if let Some(end) = self.meta(cx, trimmed) {
                return end;
            }
        } else if self.buffer.is_empty() && matches!(trimmed, "exit" | "quit") {
            return Poll::Done(0);
        } else if !trimmed.is_empty() {
            if !self.buffer.is_empty() {
                self.buffer.push(' ');
            }
            self.buffer.push_str(trimmed);
            if self.buffer.ends_with(';') {
                let stmt = std::mem::take(&mut self.buffer);
                self.statement(cx, &stmt);
            }
        }
        self.prompt(cx);
        Poll::Pending(Wake::Never)
    }

    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        cx.io.outln("\\q");
        Poll::Done(0)
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.buffer.clear();
        self.prompt(cx);
        Poll::Pending(Wake::Never)
    }
}
