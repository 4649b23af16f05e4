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

    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        if self.stage == Stage::Password {
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
