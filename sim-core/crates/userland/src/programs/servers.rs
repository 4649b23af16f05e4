//! The main programs of official images — nginx, httpd, postgres, mysql,
//! mariadb, redis, neo4j — and users' own programs (`x-muelle`), as timed
//! scripts of log lines, "now listening", and exits. Each logs what the real
//! server logs, checks the environment the real entrypoint checks, and
//! stops on the signal the real one handles.

use super::builtins::done;
use super::Run;
use crate::events::Cause;
use crate::process::{Cx, Effect, Io, Job, Poll, Signal, Wake};
use crate::shell::exec::ScriptJob;
use crate::shell::ShellCtx;
use crate::time::{DateTime, SimTime};
use crate::world::{Cid, Loc, World};

pub fn lookup(name: &str) -> Option<Run> {
    Some(match name {
        "docker-entrypoint.sh" => entrypoint,
        "tini" => tini,
        "nginx" | "nginx-debug" => super::nginx::nginx,
        "httpd-foreground" | "httpd" => httpd,
        "postgres" => postgres,
        "redis-server" => super::redis::redis_server,
        "mysqld" | "mariadbd" => mysqld,
        "neo4j" => neo4j,
        "python3" | "python" | "node" => interpreter,
        "flask" => flask,
        "gunicorn" => super::webservers::gunicorn,
        "uvicorn" => super::webservers::uvicorn,
        "npm" => super::webservers::npm,
        "yarn" => super::webservers::yarn,
        "nodemon" => super::webservers::nodemon,
        "php" => super::appservers::php,
        "docker-php-entrypoint" => super::appservers::php_entrypoint,
        "apache2-foreground" => super::appservers::apache2_foreground,
        "php-fpm" => super::appservers::php_fpm,
        "java" => super::appservers::java,
        "__cacert_entrypoint.sh" => super::appservers::cacert_entrypoint,
        "fastapi" => super::appservers::fastapi,
        "app" => app,
        "hello" => hello,
        "go" => super::versions::go,
        "pg_isready" => pg_isready,
        "redis-cli" => super::redis::redis_cli,
        "mysqladmin" => mysqladmin,
        "mysql" | "mariadb" => super::dbclients::mysql,
        "psql" => super::dbclients::psql,
        "cypher-shell" | "pip" | "pip3" | "npx" | "gosu" | "initdb" | "apachectl" | "neo4j-admin"
        | "healthcheck.sh" => client_stub,
        _ => return None,
    })
}

#[derive(Clone, Debug)]
pub(super) enum Step {
    Log(String),
    Listen(Vec<u16>),
    /// Writes a marker file (a database's data directory is now initialized).
    Mark(String),
    /// Listens on a port as an HTTP framework whose application code Muelle does not run.
    Http(u16, &'static str),
    /// Serves a directory's files on a port (`python -m http.server`): port, directory, the
    /// interpreter's version.
    Files(u16, String, String),
    /// PHP's built-in server on a port: its document root, `PHP_VERSION`.
    Php(u16, String, String),
    /// Apache with mod_php on a port (`php:*-apache`): `PHP_VERSION`.
    ApachePhp(u16, String),
    /// A line to stderr (PHP's server logs there).
    Err(String),
    Exit(i32, Option<Cause>),
}

/// A server as a timed script. Placeholders in log lines (`{ts_nginx}`,
/// `{ip}`…) are filled in with the simulated time when the line is written.
pub(super) struct Server {
    steps: Vec<(u64, Step)>,
    next: usize,
    start: Option<SimTime>,
    /// Signals that make it shut down cleanly, with the lines it logs and its status.
    graceful: Vec<(Signal, Vec<String>, i32)>,
    /// Its log lines go to a block-buffered stdout (Python's `print` into a pipe): they are held
    /// here and written only when it exits cleanly; a kill loses them.
    buffered: Option<String>,
    /// Ports it serves HTTP on while not the container's main process (`docker exec … flask
    /// run`): their request lines come to it, and they close when it ends.
    side_ports: Vec<u16>,
}

impl Server {
    pub(super) fn new(steps: Vec<(u64, Step)>) -> Server {
        Server { steps, next: 0, start: None, graceful: Vec::new(), buffered: None, side_ports: Vec::new() }
    }
    pub(super) fn on(mut self, sigs: &[Signal], lines: &[&str], code: i32) -> Server {
        for s in sigs {
            self.graceful.push((*s, lines.iter().map(|l| l.to_string()).collect(), code));
        }
        self
    }
    /// Its lines are held until a clean exit (see `buffered`).
    pub(super) fn buffered(mut self) -> Server {
        self.buffered = Some(String::new());
        self
    }
}

/// A log line's template with its `{…}` placeholders filled in, in one pass (each line of
/// every server's start-up goes through here: 1,000 services print ~10,000 lines). Unknown
/// `{…}` stay as they are; no value contains a brace, so this is the same as replacing each
/// placeholder in turn.
pub(super) fn fill(template: &str, cx: &Cx<'_>) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let d = DateTime::at(cx.now());
    let mut out = String::with_capacity(template.len() + 24);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let from = &rest[open..];
        match from.find('}').filter(|close| placeholder(&from[1..*close], &d, cx, &mut out)) {
            Some(close) => rest = &from[close + 1..],
            None => {
                out.push('{');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Writes the value of one placeholder of [`fill`] to `out`; `false` (and nothing written)
/// for a name that is not one.
fn placeholder(name: &str, d: &DateTime, cx: &Cx<'_>, out: &mut String) -> bool {
    use std::fmt::Write;
    let _ = match name {
        // PHP-FPM's `10-Mar-2025 10:00:00`.
        "ts_fpm" => {
            write!(out, "{:02}-{}-{:04} {:02}:{:02}:{:02}", d.day, d.month_abbr(), d.year, d.hour, d.minute, d.second)
        }
        "ts_nginx" => {
            write!(out, "{:04}/{:02}/{:02} {:02}:{:02}:{:02}", d.year, d.month, d.day, d.hour, d.minute, d.second)
        }
        "ts_pg" => write!(
            out,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03} UTC",
            d.year, d.month, d.day, d.hour, d.minute, d.second, d.millis
        ),
        "ts_pgs" => {
            write!(out, "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC", d.year, d.month, d.day, d.hour, d.minute, d.second)
        }
        "ts_redis" => write!(
            out,
            "{:02} {} {:04} {:02}:{:02}:{:02}.{:03}",
            d.day,
            d.month_abbr(),
            d.year,
            d.hour,
            d.minute,
            d.second,
            d.millis
        ),
        "ts_mysql" => write!(
            out,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}000Z",
            d.year, d.month, d.day, d.hour, d.minute, d.second, d.millis
        ),
        "ts_gunicorn" => {
            write!(out, "{:04}-{:02}-{:02} {:02}:{:02}:{:02} +0000", d.year, d.month, d.day, d.hour, d.minute, d.second)
        }
        "ts_mysqle" => {
            write!(out, "{:04}-{:02}-{:02} {:02}:{:02}:{:02}+00:00", d.year, d.month, d.day, d.hour, d.minute, d.second)
        }
        "ts_neo" => write!(
            out,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}+0000",
            d.year, d.month, d.day, d.hour, d.minute, d.second, d.millis
        ),
        "ts_httpd" => write!(
            out,
            "{} {} {:02} {:02}:{:02}:{:02}.{:03}123 {}",
            d.weekday_abbr(),
            d.month_abbr(),
            d.day,
            d.hour,
            d.minute,
            d.second,
            d.millis,
            d.year
        ),
        // C's `asctime` without its newline (PHP's built-in server): `Mon Mar 10 09:00:00 2025`.
        "ts_php" => out.write_str(&d.asctime()),
        "unix" => write!(out, "{}", (crate::time::EPOCH_SECS * 1000 + cx.now().ms()) / 1000),
        "ip" => match match cx.sh.loc {
            Loc::Container(cid) => cx.world.primary_ip(cid),
            Loc::Host => None,
        } {
            Some(ip) => write!(out, "{ip}"),
            None => write!(out, "127.0.0.1"),
        },
        _ => return false,
    };
    true
}

impl Server {
    /// It ended: the ports it served as a side process close.
    fn close_side_ports(&mut self, cx: &mut Cx<'_>) {
        if let (Loc::Container(cid), false) = (cx.sh.loc, self.side_ports.is_empty()) {
            let ports = std::mem::take(&mut self.side_ports);
            cx.world.stop_listening(cid, &ports);
        }
    }
}

impl Job for Server {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let start = *self.start.get_or_insert(cx.now());
        // Each step is read where it is (a server's script is not copied line by line).
        while let Some((at, step)) = self.steps.get(self.next) {
            let due = start.plus(*at);
            if due > cx.now() {
                return Poll::Pending(Wake::At(due));
            }
            self.next += 1;
            match step {
                Step::Log(t) => {
                    let line = fill(t, cx);
                    match &mut self.buffered {
                        Some(held) => {
                            held.push_str(&line);
                            held.push('\n');
                        }
                        None => cx.io.outln(&line),
                    }
                }
                Step::Files(port, dir, python) => {
                    if let Loc::Container(cid) = cx.sh.loc {
                        cx.world.serve_dir(cid, *port, dir, python);
                        if !cx.sh.is_main {
                            cx.world.log_requests_aside(cid, *port);
                            self.side_ports.push(*port);
                        }
                    }
                }
                Step::ApachePhp(port, version) => {
                    if let Loc::Container(cid) = cx.sh.loc {
                        cx.world.serve_apache_php(cid, *port, version);
                    }
                }
                Step::Php(port, root, version) => {
                    if let Loc::Container(cid) = cx.sh.loc {
                        cx.world.serve_php(cid, *port, root, version);
                        if !cx.sh.is_main {
                            cx.world.log_requests_aside(cid, *port);
                            self.side_ports.push(*port);
                        }
                    }
                }
                Step::Err(t) => {
                    let line = fill(t, cx);
                    cx.io.errln(&line);
                }
                Step::Listen(ports) => {
                    if let Loc::Container(cid) = cx.sh.loc {
                        cx.world.listen(cid, ports.iter().copied());
                    }
                }
                Step::Http(port, framework) => {
                    if let Loc::Container(cid) = cx.sh.loc {
                        let deps = super::appdeps::of_application(cx);
                        cx.world.serve_http(cid, *port, framework, deps);
                        if !cx.sh.is_main {
                            cx.world.log_requests_aside(cid, *port);
                            self.side_ports.push(*port);
                        }
                    }
                }
                Step::Mark(path) => {
                    let _ = cx.world.fs_mkdir(cx.sh.loc, crate::fs::parent(path), true);
                    let _ = cx.world.fs_write(cx.sh.loc, path, b"1\n", false);
                }
                Step::Exit(code, cause) => {
                    if let Some(cause) = cause.clone() {
                        cx.effects.push(Effect::ExitCause(cause));
                    }
                    let code = *code;
                    self.close_side_ports(cx);
                    return Poll::Done(code);
                }
            }
        }
        if self.side_ports.is_empty() {
            return Poll::Pending(Wake::Never);
        }
        // Serving for a terminal: the requests' lines are printed there as they come.
        if let Loc::Container(cid) = cx.sh.loc {
            for port in &self.side_ports {
                let text = cx.world.take_side_log(cid, *port);
                cx.io.err(&text);
            }
        }
        Poll::Pending(Wake::Change)
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        match self.signal(Signal::Int, cx) {
            Some(code) => Poll::Done(code),
            None => Poll::Pending(Wake::Never),
        }
    }

    /// A server runs until stopped, unless its script ends with an exit (a database that
    /// refuses to start, an `x-muelle.exits_after`).
    fn runs_until_interrupted(&self) -> bool {
        !self.steps[self.next.min(self.steps.len())..].iter().any(|(_, s)| matches!(s, Step::Exit(..)))
    }

    fn signal(&mut self, sig: Signal, cx: &mut Cx<'_>) -> Option<i32> {
        if sig == Signal::Kill {
            self.close_side_ports(cx);
            return Some(137);
        }
        let (lines, code) = self.graceful.iter().find(|(s, _, _)| *s == sig).map(|(_, l, c)| (l.clone(), *c))?;
        self.close_side_ports(cx);
        // A clean exit flushes what a buffered stdout held.
        if let Some(held) = self.buffered.take() {
            cx.io.out(&held);
        }
        for l in lines {
            let line = fill(&l, cx);
            cx.io.outln(&line);
        }
        Some(code)
    }
}

pub(super) fn container_repo(cx: &Cx<'_>) -> String {
    match cx.sh.loc {
        Loc::Container(cid) => cx
            .world
            .container(cid)
            .and_then(|c| cx.world.images().iter().find(|i| i.id == c.config.image_id))
            .map(|i| i.repo.clone())
            .unwrap_or_default(),
        Loc::Host => String::new(),
    }
}

pub(super) fn container_tag(cx: &Cx<'_>) -> String {
    match cx.sh.loc {
        Loc::Container(cid) => cx
            .world
            .container(cid)
            .and_then(|c| cx.world.images().iter().find(|i| i.id == c.config.image_id))
            .map(|i| i.tag.clone())
            .unwrap_or_default(),
        Loc::Host => String::new(),
    }
}

fn env(cx: &Cx<'_>, key: &str) -> Option<String> {
    cx.sh.var(key).filter(|v| !v.is_empty()).map(|s| s.to_string())
}

/// The official images' `docker-entrypoint.sh`: checks, then execs its arguments.
fn entrypoint(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut args: Vec<String> = argv[1..].to_vec();
    let repo = container_repo(cx);
    if args.is_empty() {
        return done(0);
    }
    let server = match repo.as_str() {
        "postgres" => "postgres",
        "redis" => "redis-server",
        "mysql" => "mysqld",
        "mariadb" => "mariadbd",
        "node" => "node",
        _ => "",
    };
    // `docker run postgres -c x=y`: flags go to the server.
    if args[0].starts_with('-') && !server.is_empty() {
        args.insert(0, server.to_string());
    }
    if repo == "node" && !super::has_command(cx.world, cx.sh.loc, &args[0]) {
        args.insert(0, "node".into());
    }
    if repo == "wordpress" {
        super::wordpress::set_up(cx, &args);
    }
    if repo == "nginx" && (args[0] == "nginx" || args[0] == "nginx-debug") {
        // 10-listen-on-ipv6-by-default.sh edits the packaged default.conf (only that one: a file
        // of the user's is left alone).
        let conf = "/etc/nginx/conf.d/default.conf";
        let packaged = crate::world::image::NGINX_DEFAULT_CONF.as_bytes();
        if cx.world.fs_read(cx.sh.loc, conf).is_ok_and(|c| c == packaged) {
            let _ =
                cx.world.fs_write(cx.sh.loc, conf, crate::world::image::nginx_default_conf_ipv6().as_bytes(), false);
        }
    }
    if repo == "nginx"
        && (args[0] == "nginx" || args[0] == "nginx-debug")
        && env(cx, "NGINX_ENTRYPOINT_QUIET_LOGS").is_none()
    {
        for l in [
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
            "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
            "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
            "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
            "/docker-entrypoint.sh: Configuration complete; ready for start up",
        ] {
            cx.io.outln(l);
        }
    }
    super::spawn(cx, args, vec![])
}

fn tini(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let rest: Vec<String> = match argv.iter().position(|a| a == "--") {
        Some(i) => argv[i + 1..].to_vec(),
        None => argv[1..].iter().filter(|a| !a.starts_with('-')).cloned().collect(),
    };
    if rest.is_empty() {
        cx.io.errln("[FATAL tini (1)] No command given");
        return done(1);
    }
    // neo4j's entrypoint script execs `neo4j console` after its checks.
    let rest: Vec<String> = if rest[0].ends_with("docker-entrypoint.sh") { rest[1..].to_vec() } else { rest };
    if rest.is_empty() {
        return done(0);
    }
    super::spawn(cx, rest, vec![])
}

fn httpd(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    if !cx.sh.is_main {
        cx.io.errln("(98)Address already in use: AH00072: make_sock: could not bind to address [::]:80");
        return done(1);
    }
    let steps = vec![
        (30, Step::Log("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message".into())),
        (30, Step::Log("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message".into())),
        (40, Step::Log("[{ts_httpd}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.63 (Unix) configured -- resuming normal operations".into())),
        (40, Step::Log("[{ts_httpd}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'".into())),
        (40, Step::Listen(vec![80])),
    ];
    Box::new(
        Server::new(steps)
            .on(
                &[Signal::Winch],
                &["[{ts_httpd}] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully"],
                0,
            )
            .on(
                &[Signal::Term, Signal::Int],
                &["[{ts_httpd}] [mpm_event:notice] [pid 1:tid 1] AH00491: caught SIGTERM, shutting down"],
                0,
            ),
    )
}

pub(super) fn pg_version(tag: &str) -> (&'static str, &'static str) {
    let major = tag.split(['.', '-']).next().unwrap_or("");
    match major {
        "9" => ("9.6.24", "PostgreSQL 9.6.24 on x86_64-pc-linux-gnu, compiled by gcc (Debian 6.3.0-18+deb9u1) 6.3.0 20170516, 64-bit"),
        "10" => ("10.23", "PostgreSQL 10.23 (Debian 10.23-1.pgdg90+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 6.3.0-18+deb9u1) 6.3.0 20170516, 64-bit"),
        "11" => ("11.22", "PostgreSQL 11.22 (Debian 11.22-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"),
        "12" => ("12.22", "PostgreSQL 12.22 (Debian 12.22-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"),
        "13" => ("13.20", "PostgreSQL 13.20 (Debian 13.20-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"),
        "14" => ("14.17", "PostgreSQL 14.17 (Debian 14.17-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"),
        "15" => ("15.12", "PostgreSQL 15.12 (Debian 15.12-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"),
        "16" => ("16.8", "PostgreSQL 16.8 (Debian 16.8-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"),
        _ => ("17.4", "PostgreSQL 17.4 (Debian 17.4-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"),
    }
}

fn postgres(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    if !cx.sh.is_main {
        cx.io.errln("\"root\" execution of the PostgreSQL server is not permitted.\nThe server must be started under an unprivileged user ID to prevent\npossible system security compromise.  See the documentation for\nmore information on how to properly start the server.");
        return done(1);
    }
    let data = env(cx, "PGDATA").unwrap_or_else(|| "/var/lib/postgresql/data".into());
    let marker = format!("{data}/PG_VERSION");
    let initialized = cx.world.fs_node(cx.sh.loc, &marker).is_some();
    let (version, banner) = pg_version(&container_tag(cx));
    let mut steps: Vec<(u64, Step)> = Vec::new();
    let mut t = 0;
    let mut log = |t: u64, s: &str| steps.push((t, Step::Log(s.to_string())));
    if !initialized {
        if env(cx, "POSTGRES_PASSWORD").is_none() && env(cx, "POSTGRES_HOST_AUTH_METHOD").as_deref() != Some("trust") {
            for l in [
                "Error: Database is uninitialized and superuser password is not specified.",
                "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
                "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
                "",
                "       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all",
                "       connections without a password. This is *not* recommended.",
                "",
                "       See PostgreSQL documentation about \"trust\":",
                "       https://www.postgresql.org/docs/current/auth-trust.html",
            ] {
                cx.io.outln(l);
            }
            cx.effects.push(Effect::ExitCause(Cause::MissingEnv { vars: vec!["POSTGRES_PASSWORD".into()] }));
            return done(1);
        }
        let user = env(cx, "POSTGRES_USER").unwrap_or_else(|| "postgres".into());
        let db = env(cx, "POSTGRES_DB").unwrap_or_else(|| user.clone());
        for l in [
            "The files belonging to this database system will be owned by user \"postgres\".".to_string(),
            "This user must also own the server process.".into(),
            "".into(),
            "The database cluster will be initialized with locale \"en_US.utf8\".".into(),
            "The default database encoding has accordingly been set to \"UTF8\".".into(),
            "The default text search configuration will be set to \"english\".".into(),
            "".into(),
            "Data page checksums are disabled.".into(),
            "".into(),
            format!("fixing permissions on existing directory {data} ... ok"),
            "creating subdirectories ... ok".into(),
            "selecting dynamic shared memory implementation ... posix".into(),
            "selecting default max_connections ... 100".into(),
            "selecting default shared_buffers ... 128MB".into(),
            "selecting default time zone ... Etc/UTC".into(),
            "creating configuration files ... ok".into(),
        ] {
            log(t, &l);
        }
        t += 900;
        for l in [
            "running bootstrap script ... ok".to_string(),
            "performing post-bootstrap initialization ... ok".into(),
            "syncing data to disk ... ok".into(),
            "".into(),
            "".into(),
            "Success. You can now start the database server using:".into(),
            "".into(),
            format!("    pg_ctl -D {data} -l logfile start"),
            "".into(),
            "initdb: warning: enabling \"trust\" authentication for local connections".into(),
            "initdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.".into(),
            "waiting for server to start....{ts_pg} [48] LOG:  starting ".to_string() + banner,
            "{ts_pg} [48] LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"".into(),
            "{ts_pg} [51] LOG:  database system was shut down at {ts_pgs}".into(),
            "{ts_pg} [48] LOG:  database system is ready to accept connections".into(),
            " done".into(),
            "server started".into(),
        ] {
            log(t, &l);
        }
        t += 300;
        if db != "postgres" {
            log(t, "CREATE DATABASE");
            log(t, "");
        }
        for l in [
            "",
            "/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*",
            "",
            "waiting for server to shut down....{ts_pg} [48] LOG:  received fast shutdown request",
            "{ts_pg} [48] LOG:  aborting any active transactions",
            "{ts_pg} [48] LOG:  background worker \"logical replication launcher\" (PID 54) exited with exit code 1",
            "{ts_pg} [49] LOG:  shutting down",
            "{ts_pg} [48] LOG:  database system is shut down",
            " done",
            "server stopped",
            "",
            "PostgreSQL init process complete; ready for start up.",
            "",
        ] {
            log(t, l);
        }
        steps.push((t, Step::Mark(marker.clone())));
        t += 300;
    } else {
        log(t, "");
        log(t, "PostgreSQL Database directory appears to contain a database; Skipping initialization");
        log(t, "");
        t += 100;
    }
    let mut log = |t: u64, s: &str| steps.push((t, Step::Log(s.to_string())));
    log(t, &format!("{{ts_pg}} [1] LOG:  starting {banner}"));
    log(t, "{ts_pg} [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432");
    log(t, "{ts_pg} [1] LOG:  listening on IPv6 address \"::\", port 5432");
    log(t, "{ts_pg} [1] LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"");
    log(t + 10, "{ts_pg} [62] LOG:  database system was shut down at {ts_pgs}");
    log(t + 15, "{ts_pg} [1] LOG:  database system is ready to accept connections");
    steps.push((t + 15, Step::Listen(vec![5432])));
    let _ = version;
    let fast = [
        "{ts_pg} [1] LOG:  received fast shutdown request",
        "{ts_pg} [1] LOG:  aborting any active transactions",
        "{ts_pg} [1] LOG:  background worker \"logical replication launcher\" (PID 65) exited with exit code 1",
        "{ts_pg} [63] LOG:  shutting down",
        "{ts_pg} [1] LOG:  database system is shut down",
    ];
    let smart = [
        "{ts_pg} [1] LOG:  received smart shutdown request",
        "{ts_pg} [1] LOG:  background worker \"logical replication launcher\" (PID 65) exited with exit code 1",
        "{ts_pg} [63] LOG:  shutting down",
        "{ts_pg} [1] LOG:  database system is shut down",
    ];
    Box::new(Server::new(steps).on(&[Signal::Int], &fast, 0).on(&[Signal::Term], &smart, 0))
}

fn mysqld(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let maria = argv[0].ends_with("mariadbd") || container_repo(cx) == "mariadb";
    if !cx.sh.is_main {
        cx.io.errln("[ERROR] [MY-010123] [Server] Fatal error: Please read \"Security\" section of the manual to find out how to run mysqld as root!");
        return done(1);
    }
    let initialized = cx.world.fs_node(cx.sh.loc, "/var/lib/mysql/ibdata1").is_some();
    let e = "{ts_mysqle} [Note] [Entrypoint]:";
    let (name, version) =
        if maria { ("MariaDB Server", "1:11.7.2+maria~ubu2404") } else { ("MySQL Server", "8.4.4-1.el9") };
    let mut steps = vec![(0u64, Step::Log(format!("{e} Entrypoint script for {name} {version} started.")))];
    let has_pw = |k: &str| cx.sh.var(k).is_some_and(|v| !v.is_empty() || k.contains("ALLOW_EMPTY"));
    let ok = initialized
        || if maria {
            [
                "MARIADB_ROOT_PASSWORD",
                "MARIADB_ROOT_PASSWORD_HASH",
                "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
                "MARIADB_RANDOM_ROOT_PASSWORD",
                "MYSQL_ROOT_PASSWORD",
                "MYSQL_ALLOW_EMPTY_PASSWORD",
                "MYSQL_RANDOM_ROOT_PASSWORD",
            ]
            .iter()
            .any(|k| has_pw(k))
        } else {
            ["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"]
                .iter()
                .any(|k| has_pw(k))
        };
    if !ok {
        steps.push((
            5,
            Step::Log(
                "{ts_mysqle} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified"
                    .into(),
            ),
        ));
        if maria {
            steps.push((5, Step::Log("\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD".into())));
            steps.push((5, Step::Exit(1, Some(Cause::MissingEnv { vars: vec!["MARIADB_ROOT_PASSWORD".into()] }))));
        } else {
            for l in [
                "    You need to specify one of the following as an environment variable:",
                "    - MYSQL_ROOT_PASSWORD",
                "    - MYSQL_ALLOW_EMPTY_PASSWORD",
                "    - MYSQL_RANDOM_ROOT_PASSWORD",
            ] {
                steps.push((5, Step::Log(l.into())));
            }
            steps.push((5, Step::Exit(1, Some(Cause::MissingEnv { vars: vec!["MYSQL_ROOT_PASSWORD".into()] }))));
        }
        return Box::new(Server::new(steps));
    }
    let mut t = 10;
    if !initialized {
        steps.push((t, Step::Log(format!("{e} Switching to dedicated user 'mysql'"))));
        steps.push((t, Step::Log(format!("{e} Entrypoint script for {name} {version} started."))));
        steps.push((t, Step::Log(format!("{e} Initializing database files"))));
        t += 6000;
        steps.push((t, Step::Log(format!("{e} Database files initialized"))));
        steps.push((t, Step::Log(format!("{e} Starting temporary server"))));
        t += 1500;
        steps.push((t, Step::Log(format!("{e} Temporary server started."))));
        if let Some(db) = env(cx, "MYSQL_DATABASE").or_else(|| env(cx, "MARIADB_DATABASE")) {
            steps.push((t, Step::Log(format!("{e} Creating database {db}"))));
        }
        steps.push((t, Step::Log(format!("{e} Stopping temporary server"))));
        t += 1500;
        steps.push((t, Step::Log(format!("{e} Temporary server stopped"))));
        steps.push((t, Step::Log(String::new())));
        steps.push((t, Step::Log(format!("{e} MySQL init process done. Ready for start up."))));
        steps.push((t, Step::Log(String::new())));
        steps.push((t, Step::Mark("/var/lib/mysql/ibdata1".into())));
        t += 200;
    } else {
        steps.push((t, Step::Log(format!("{e} Switching to dedicated user 'mysql'"))));
        steps.push((t, Step::Log(format!("{e} Entrypoint script for {name} {version} started."))));
        t += 200;
    }
    if maria {
        steps.push((t + 1500, Step::Log("{ts_mysqle} 0 [Note] mariadbd: ready for connections.".into())));
        steps.push((t + 1500, Step::Log("Version: '11.7.2-MariaDB-ubu2404'  socket: '/run/mysqld/mysqld.sock'  port: 3306  mariadb.org binary distribution".into())));
    } else {
        steps.push((t, Step::Log("{ts_mysql} 0 [System] [MY-015015] [Server] MySQL Server - start.".into())));
        let version = super::dbclients::mysql_version(&container_tag(cx));
        steps.push((t + 1500, Step::Log(format!("{{ts_mysql}} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."))));
    }
    steps.push((t + 1500, Step::Listen(vec![3306, 33060])));
    let stop: &[&str] = if maria {
        &[
            "{ts_mysqle} 0 [Note] mariadbd (initiated by: unknown): Normal shutdown",
            "{ts_mysqle} 0 [Note] mariadbd: Shutdown complete",
        ]
    } else {
        &["{ts_mysql} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: 8.4.4).", "{ts_mysql} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld 8.4.4)  MySQL Community Server - GPL."]
    };
    Box::new(Server::new(steps).on(&[Signal::Term, Signal::Int, Signal::Quit], stop, 0))
}

fn neo4j(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    let mut steps: Vec<(u64, Step)> = Vec::new();
    match env(cx, "NEO4J_AUTH") {
        Some(auth) if auth != "none" => {
            let (user, pass) = auth.split_once('/').unwrap_or((auth.as_str(), ""));
            let fail = if !auth.contains('/') {
                Some(format!("Invalid value for NEO4J_AUTH: '{auth}'"))
            } else if user != "neo4j" {
                Some("Invalid admin username, it must be neo4j.".to_string())
            } else if pass == "neo4j" {
                Some("Invalid value for password. It cannot be 'neo4j', which is the default.".to_string())
            } else if pass.len() < 8 {
                Some("Invalid value for password. The minimum password length is 8 characters.\nIf Neo4j fails to start, you can:\n1) Use a stronger password.\n2) Set configuration dbms.security.auth_minimum_password_length to override the minimum password length requirement.\n3) Set environment variable NEO4J_dbms_security_auth__minimum__password__length to override the minimum password length requirement.".to_string())
            } else {
                None
            };
            if let Some(msg) = fail {
                cx.io.errln(&msg);
                cx.effects.push(Effect::ExitCause(Cause::MissingEnv { vars: vec!["NEO4J_AUTH".into()] }));
                return done(1);
            }
            steps.push((0, Step::Log("Changed password for user 'neo4j'. IMPORTANT: this change will only take effect if performed before the database is started for the first time.".into())));
        }
        _ => {}
    }
    let n = "{ts_neo} INFO ";
    steps.extend([
        (1500, Step::Log(format!("{n} Logging config in use: File '/var/lib/neo4j/conf/user-logs.xml'"))),
        (1520, Step::Log(format!("{n} Starting..."))),
        (3300, Step::Log(format!("{n} This instance is ServerId{{2f0a4cbf}} (2f0a4cbf-7e3b-4c7a-9d8e-3d9b1c0e5a61)"))),
        (4300, Step::Log(format!("{n} ======== Neo4j 5.26.2 ========"))),
        (6800, Step::Log(format!("{n} Bolt enabled on 0.0.0.0:7687."))),
        (7500, Step::Log(format!("{n} HTTP enabled on 0.0.0.0:7474."))),
        (7501, Step::Log(format!("{n} Remote interface available at http://localhost:7474/"))),
        (7505, Step::Log(format!("{n} id: 4B3F1E6C0A9D8F7E6D5C4B3A29180706F5E4D3C2B1A09F8E7D6C5B4A39281706"))),
        (7506, Step::Log(format!("{n} name: system"))),
        (7507, Step::Log(format!("{n} creationDate: 2025-03-10T10:00:04.000Z"))),
        (7510, Step::Log(format!("{n} Started."))),
        (7510, Step::Listen(vec![7474, 7687])),
    ]);
    let stop = [
        "{ts_neo} INFO  Neo4j Server shutdown initiated by request",
        "{ts_neo} INFO  Stopping...",
        "{ts_neo} INFO  Stopped.",
    ];
    Box::new(Server::new(steps).on(&[Signal::Term, Signal::Int], &stop, 0))
}

/// A server program's command line read as Click and argparse read it: each argument, its
/// flag (the part before `=` of a `--flag=value`) and the value written inline; a flag's value
/// is the inline one, else the next argument (which is then consumed).
pub(super) struct Options<'a> {
    argv: &'a [String],
    next: usize,
}

impl<'a> Options<'a> {
    /// Reads `argv` from index `first` (1 to skip the program's name).
    pub(super) fn new(argv: &'a [String], first: usize) -> Options<'a> {
        Options { argv, next: first }
    }

    /// The next argument: `(whole, flag, inline value)`.
    pub(super) fn next_arg(&mut self) -> Option<(&'a str, &'a str, Option<&'a str>)> {
        let a = self.argv.get(self.next)?.as_str();
        self.next += 1;
        Some(match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (a, f, Some(v)),
            _ => (a, a, None),
        })
    }

    /// The value of the flag just read: `inline`, else the next argument.
    pub(super) fn value(&mut self, inline: Option<&str>) -> Option<String> {
        inline.map(str::to_string).or_else(|| {
            let v = self.argv.get(self.next).cloned();
            self.next += 1;
            v
        })
    }
}

/// `flask run`: Werkzeug's development server as Flask 3.1 starts it — its banner, the
/// addresses it listens on, with `--debug` the reloader and the debugger PIN. Muelle does not
/// run the application's code: requests get a labelled page (see `World::serve_http`).
fn flask(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if replaces_program(cx) {
        return app(cx, argv);
    }
    let var = |cx: &Cx<'_>, k: &str| cx.sh.vars.get(k).cloned().filter(|v| !v.is_empty());
    let mut app_path = var(cx, "FLASK_APP");
    let mut debug = var(cx, "FLASK_DEBUG").is_some_and(|v| v != "0" && crate::case::to_lower(&v) != "false");
    let mut host = var(cx, "FLASK_RUN_HOST").unwrap_or_else(|| "127.0.0.1".into());
    let mut port: u16 = var(cx, "FLASK_RUN_PORT").and_then(|p| p.parse().ok()).unwrap_or(5000);
    let mut reload: Option<bool> = None;
    let mut cmd = None;
    let mut opts = Options::new(argv, 1);
    while let Some((a, flag, inline)) = opts.next_arg() {
        let mut value = || opts.value(inline);
        match flag {
            "--version" => {
                cx.io.outln("Python 3.10.16\nFlask 3.1.0\nWerkzeug 3.1.3");
                return done(0);
            }
            "--app" | "-A" => app_path = value(),
            "--debug" => debug = true,
            "--no-debug" => debug = false,
            "--host" | "-h" => host = value().unwrap_or(host),
            "--port" | "-p" => port = value().and_then(|p| p.parse().ok()).unwrap_or(port),
            "--reload" => reload = Some(true),
            "--no-reload" => reload = Some(false),
            _ if cmd.is_none() && !a.starts_with('-') => cmd = Some(a.to_string()),
            _ => {}
        }
    }
    if cmd.as_deref() != Some("run") {
        return client_stub(cx, argv);
    }
    let exists =
        |cx: &Cx<'_>, f: &str| matches!(cx.world.fs_node(cx.sh.loc, &cx.sh.path(f)), Some(crate::fs::Node::File(_)));
    let shown = match &app_path {
        Some(p) => p.clone(),
        None if exists(cx, "wsgi.py") => "wsgi".into(),
        None if exists(cx, "app.py") => "app".into(),
        None => {
            cx.io.errln("Usage: flask run [OPTIONS]\nTry 'flask run --help' for help.\n\nError: Could not locate a Flask application. Use the 'flask --app' option, 'FLASK_APP' environment variable, or a 'wsgi.py' or 'app.py' file in the current directory.");
            return done(2);
        }
    };
    let file = if shown.ends_with(".py") {
        shown.clone()
    } else {
        format!("{}.py", shown.split(':').next().unwrap_or(&shown))
    };
    if !exists(cx, &file) {
        cx.io.errln(&format!(
            "Usage: flask run [OPTIONS]\nTry 'flask run --help' for help.\n\nError: Could not import '{}'.",
            shown.trim_end_matches(".py")
        ));
        return done(2);
    }
    let reload = reload.unwrap_or(debug);
    let ip = match cx.sh.loc {
        Loc::Container(cid) => cx.world.primary_ip(cid).map(|i| i.to_string()).unwrap_or_else(|| "127.0.0.1".into()),
        Loc::Host => "127.0.0.1".into(),
    };
    let mut steps = vec![
        (400, Step::Log(format!(" * Serving Flask app '{shown}'"))),
        (400, Step::Log(format!(" * Debug mode: {}", if debug { "on" } else { "off" }))),
        (450, Step::Log("WARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI server instead.".into())),
    ];
    let all = host == "0.0.0.0";
    if all {
        steps.push((450, Step::Log(" * Running on all addresses (0.0.0.0)".into())));
        steps.push((450, Step::Log(format!(" * Running on http://127.0.0.1:{port}"))));
        steps.push((450, Step::Log(format!(" * Running on http://{ip}:{port}"))));
    } else {
        steps.push((450, Step::Log(format!(" * Running on http://{host}:{port}"))));
    }
    steps.push((450, Step::Log("Press CTRL+C to quit".into())));
    // Bound to the loopback address only, it takes no connection from outside the container.
    let loopback = host == "127.0.0.1" || host == "localhost";
    if !loopback {
        steps.push((450, Step::Http(port, "Flask")));
    }
    if reload {
        steps.push((500, Step::Log(" * Restarting with stat".into())));
    }
    if debug {
        let seed = match cx.sh.loc {
            Loc::Container(cid) => cx.world.container(cid).map(|c| c.id.clone()).unwrap_or_default(),
            Loc::Host => String::new(),
        };
        let n = seed.bytes().fold(7u64, |h, b| h.wrapping_mul(131).wrapping_add(b as u64)) % 1_000_000_000;
        steps.push((900, Step::Log(" * Debugger is active!".into())));
        steps.push((
            900,
            Step::Log(format!(" * Debugger PIN: {:03}-{:03}-{:03}", n / 1_000_000, n / 1000 % 1000, n % 1000)),
        ));
    }
    let server = Server::new(steps).on(&[Signal::Int], &[], 0);
    // Werkzeug's reloader exits on SIGTERM (`sys.exit(0)`); without it, Python as PID 1 has
    // no handler and ignores it, so `docker stop` waits and kills.
    let server =
        if reload || !cx.sh.is_main { server.on(&[Signal::Term], &[], if reload { 0 } else { 143 }) } else { server };
    Box::new(server)
}

/// `python3`/`node`: a REPL that exits at end of input, or a user's script.
fn interpreter(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let node = argv[0].ends_with("node");
    if argv.iter().any(|a| a == "--version" || a == "-V" || a == "-v") {
        // The image's own version (`PYTHON_VERSION`, per tag); Muelle's interpreter is 3.12's.
        let version = if node {
            "v22.14.0".to_string()
        } else {
            format!("Python {}", env(cx, "PYTHON_VERSION").unwrap_or_else(|| "3.12.9".into()))
        };
        cx.io.outln(&version);
        return done(0);
    }
    if !node && !replaces_program(cx) {
        return crate::python::job::spawn(cx, argv);
    }
    if let Some(i) = argv.iter().position(|a| a == "-c" || a == "-e") {
        // One-liners: only print() / console.log() of a literal is understood.
        let code = argv.get(i + 1).cloned().unwrap_or_default();
        let inner = code
            .trim()
            .strip_prefix(if node { "console.log(" } else { "print(" })
            .and_then(|s| s.strip_suffix(')'))
            .map(|s| s.trim_matches(|c| c == '"' || c == '\''))
            .unwrap_or("");
        if !inner.is_empty() {
            cx.io.outln(inner);
        }
        return done(0);
    }
    if argv.len() > 1 {
        // `node server.js`: started as a web server (its code is not run), unless x-muelle
        // describes it.
        if node && !replaces_program(cx) {
            if let Some(job) = super::webservers::node_script(cx, argv) {
                return job;
            }
        }
        // A user's program: its behaviour comes from x-muelle (or runs idle).
        return app(cx, argv);
    }
    let open = match cx.sh.loc {
        Loc::Container(cid) => cx.world.container(cid).is_some_and(|c| c.config.open_stdin),
        Loc::Host => false,
    };
    if cx.sh.is_main && !open {
        return done(0);
    }
    if node {
        cx.io.outln("Welcome to Node.js v22.14.0.\nType \".help\" for more information.");
        cx.io.out("> ");
    } else {
        cx.io.outln("Python 3.13.2 (main, Feb  6 2025, 22:37:13) [GCC 12.2.0] on linux\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.");
        cx.io.out(">>> ");
    }
    Box::new(crate::shell::exec::WaitForever)
}

/// The container's `x-muelle` says what its main program does (see `Behaviour::replaces_program`):
/// the author's word (ports, connections, exit) stands in for running it. What Compose inferred
/// from the service's environment (`DB_HOST`…) does not: a Python script then runs for real, a
/// framework starts as itself and its application checks those connections on each request.
pub fn replaces_program(cx: &Cx<'_>) -> bool {
    match cx.sh.loc {
        Loc::Container(cid) => {
            cx.sh.is_main
                && cx.world.container(cid).is_some_and(|c| c.behaviour.as_ref().is_some_and(|b| b.replaces_program()))
        }
        Loc::Host => false,
    }
}

/// A user's own program (a script with a non-shell `#!`), run as `x-muelle` describes it.
pub fn user_program(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    app(cx, argv)
}

/// A user's own program, described by `x-muelle` (or idle when undescribed).
fn app(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    let Loc::Container(cid) = cx.sh.loc else { return done(0) };
    let Some(c) = cx.world.container(cid) else { return done(0) };
    let b = c.behaviour.clone().unwrap_or_default();
    let limit = c.host.memory;
    let mut steps: Vec<(u64, Step)> = Vec::new();
    for (host, port) in &b.connects {
        steps.push((0, Step::Log(format!("connecting to {host}:{port}…"))));
    }
    let mut job = UserProgram { start: None, checked: false, server: None, behaviour: b.clone() };
    if let (Some(mem), Some(limit)) = (b.memory_bytes, limit) {
        if mem > limit {
            steps.push((b.ready_after_ms, Step::Exit(137, Some(Cause::OutOfMemory))));
            job.server = Some(Server::new(steps));
            return Box::new(job);
        }
    }
    if !b.listens.is_empty() {
        steps.push((b.ready_after_ms, Step::Listen(b.listens.clone())));
        steps.push((
            b.ready_after_ms,
            Step::Log(format!(
                "listening on port {}",
                b.listens.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
            )),
        ));
    }
    if let Some(after) = b.exits_after_ms {
        steps.push((
            after.max(b.ready_after_ms),
            Step::Exit(b.exit_code, if b.exit_code == 0 { None } else { Some(Cause::ProcessExited) }),
        ));
    }
    job.server = Some(Server::new(steps));
    Box::new(job)
}

struct UserProgram {
    start: Option<SimTime>,
    checked: bool,
    server: Option<Server>,
    behaviour: crate::process::Behaviour,
}

impl Job for UserProgram {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.start.get_or_insert(cx.now());
        if !self.checked {
            self.checked = true;
            for (host, port) in self.behaviour.connects.clone() {
                if let Err(cause) = super::net::tcp_connect(cx, &host, port) {
                    cx.io.outln(&format!("connecting to {host}:{port}…"));
                    // What a program's own log says; Muelle explains the reason apart, translated.
                    cx.io.errln(&format!(
                        "Error: could not connect to {host}:{port}: {}",
                        super::net::Failure::of(&cause).errno(false).1
                    ));
                    cx.effects.push(Effect::ExitCause(cause));
                    return Poll::Done(1);
                }
            }
        }
        match &mut self.server {
            Some(s) => s.poll(cx),
            None => Poll::Pending(Wake::Never),
        }
    }
    fn signal(&mut self, sig: Signal, cx: &mut Cx<'_>) -> Option<i32> {
        match &mut self.server {
            Some(s) => s.signal(sig, cx),
            None => (sig == Signal::Kill).then_some(137),
        }
    }
    fn runs_until_interrupted(&self) -> bool {
        self.server.as_ref().map_or(self.behaviour.exits_after_ms.is_none(), |s| s.runs_until_interrupted())
    }
}

fn hello(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    cx.io.out(HELLO);
    done(0)
}

const HELLO: &str = "
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/

";

fn listening_here(cx: &Cx<'_>, port: u16) -> bool {
    match cx.sh.loc {
        Loc::Container(cid) => cx.world.container(cid).is_some_and(|c| c.listening.contains(&port)),
        Loc::Host => false,
    }
}

fn pg_isready(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    if listening_here(cx, 5432) {
        cx.io.outln("/var/run/postgresql:5432 - accepting connections");
        done(0)
    } else {
        cx.io.outln("/var/run/postgresql:5432 - no response");
        done(2)
    }
}

fn mysqladmin(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if argv.iter().any(|a| a == "ping") {
        if listening_here(cx, 3306) {
            cx.io.outln("mysqld is alive");
            return done(0);
        }
        cx.io.errln("mysqladmin: connect to server at 'localhost' failed\nerror: 'Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)'");
        return done(1);
    }
    done(0)
}

pub(super) fn client_stub(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let name = argv[0].rsplit('/').next().unwrap_or(&argv[0]);
    cx.io.errln(&match cx.lang {
        crate::Lang::Es => format!("muelle: {name} existe en esta imagen, pero Muelle no simula su sesión interactiva"),
        crate::Lang::En => {
            format!("muelle: {name} exists in this image, but Muelle does not simulate its interactive session")
        }
    });
    done(1)
}

/// Runs a healthcheck command in the container; passes on status 0.
pub fn healthcheck_passes(world: &mut World, cid: Cid, test: &[String], bin: &'static dyn crate::process::Bin) -> bool {
    let line = match test.first().map(|s| s.as_str()) {
        Some("NONE") | None => return true,
        Some("CMD-SHELL") => test[1..].join(" "),
        Some("CMD") => test[1..].iter().map(|a| shell_quote(a)).collect::<Vec<_>>().join(" "),
        Some(_) => test.iter().map(|a| shell_quote(a)).collect::<Vec<_>>().join(" "),
    };
    let mut sh = ShellCtx::for_container(world, cid);
    let mut io = Io::default();
    let mut effects = Vec::new();
    let mut cx = Cx { world, io: &mut io, sh: &mut sh, lang: crate::Lang::En, effects: &mut effects, bin };
    let mut job = ScriptJob::from_line(&line, &mut cx);
    match job.poll(&mut cx) {
        Poll::Done(code) => code == 0,
        Poll::Pending(_) => {
            let _ = job.interrupt(&mut cx);
            false
        }
    }
}

fn shell_quote(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@".contains(c)) && !s.is_empty() {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
