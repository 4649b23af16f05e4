//! Servers of languages Muelle does not run, started as themselves: PHP's built-in server
//! (`php -S`), a Java program (`java -jar app.jar`) and FastAPI's CLI (`fastapi run`/`dev`).
//!
//! - `php -S` logs and answers as php-src's `sapi/cli/php_cli_server.c` (PHP 8.x) does: its
//!   start-up line, three lines per connection, static files from the document root; a `.php`
//!   script gets Muelle's labelled page (see `World::php_builtin`).
//! - `java -jar X`: the JVM's own error when the jar is not there; otherwise the program is
//!   unknown, and is taken as a web server. Its port, from real behaviour: Spring Boot (what
//!   most such images run) binds `server.port`, which its relaxed binding reads from
//!   `SERVER_PORT`; Micronaut and Quarkus read `MICRONAUT_SERVER_PORT`/`QUARKUS_HTTP_PORT`.
//!   None reads `PORT` unless the jar's own configuration says so (`server.port=${PORT}`),
//!   which Muelle cannot see inside a jar, so `PORT` is not used. Without those, the image's
//!   `EXPOSE` is the author's word on where the jar's configuration puts it, else Spring
//!   Boot's (and Tomcat's, Quarkus's, Micronaut's) default, 8080. It logs one plain English
//!   line (Docker's side has no session language) saying Muelle does not run Java code, as
//!   `node server.js` answers with the labelled page.
//! - `fastapi run`/`dev` print fastapi-cli 0.0.7's lines as its rich-toolkit writes them
//!   without a terminal (80 columns, no colour), then uvicorn's logs in its format; the
//!   Python subset cannot import FastAPI, so requests get the labelled page.

use super::builtins::done;
use super::servers::{Server, Step};
use crate::process::{Cx, Job, Signal};
use crate::world::Loc;

/// The milliseconds after start a server's first lines appear.
const START_MS: u64 = 200;

fn var(cx: &Cx<'_>, key: &str) -> Option<String> {
    cx.sh.var(key).filter(|v| !v.is_empty()).map(str::to_string)
}

fn is_file(cx: &Cx<'_>, path: &str) -> bool {
    matches!(cx.world.fs_node(cx.sh.loc, &cx.sh.path(path)), Some(crate::fs::Node::File(_)))
}

fn is_dir(cx: &Cx<'_>, path: &str) -> bool {
    matches!(cx.world.fs_node(cx.sh.loc, &cx.sh.path(path)), Some(crate::fs::Node::Dir))
}

/// The official `php` image's `docker-php-entrypoint`: arguments that start with `-` are
/// `php`'s (`docker run php -S 0.0.0.0:8000`), then it execs them.
pub fn php_entrypoint(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut args: Vec<String> = argv[1..].to_vec();
    if args.is_empty() {
        return done(0);
    }
    if args[0].starts_with('-') {
        args.insert(0, "php".into());
    }
    super::spawn(cx, args, vec![])
}

/// Eclipse Temurin's `/__cacert_entrypoint.sh`: adds certificates when asked
/// (`USE_SYSTEM_CA_CERTS`), then execs its arguments.
pub fn cacert_entrypoint(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let args: Vec<String> = argv[1..].to_vec();
    if args.is_empty() {
        return done(0);
    }
    super::spawn(cx, args, vec![])
}

/// `php -v`'s text for a version (docker-library builds with `PHP_BUILD_PROVIDER`, which PHP
/// 8.3 and later print).
fn php_version_text(version: &str) -> String {
    let mut parts = version.split('.');
    let (major, minor, patch) = (parts.next().unwrap_or("8"), parts.next().unwrap_or("4"), parts.next().unwrap_or("0"));
    let zend = match major {
        "7" => "v3.4.0".to_string(),
        _ => format!("v4.{minor}.{patch}"),
    };
    let built_by = if major == "8" && minor.parse::<u32>().unwrap_or(0) >= 3 {
        "Built by https://github.com/docker-library/php\n"
    } else {
        ""
    };
    format!(
        "PHP {version} (cli) (built: Feb 13 2025 21:45:47) (NTS)\nCopyright (c) The PHP Group\n{built_by}Zend Engine {zend}, Copyright (c) Zend Technologies"
    )
}

/// What a `php -S` address binds to, as `php_cli_server_ctor` finds out.
enum Bind {
    /// Listens; reachable from outside the container unless on the loopback address.
    Ok { port: u16, outside: bool },
    /// `Invalid address: …` (no port, a port that is not a number or out of range).
    Invalid,
    /// `Failed to listen on host:port (reason: …)`.
    Failed { host: String, port: u16, reason: String },
}

/// `php_cli_server_parse_addr`, then `php_network_listen_socket`'s resolution and bind.
fn php_bind(cx: &mut Cx<'_>, addr: &str) -> Bind {
    let (host, port) = if let Some(rest) = addr.strip_prefix('[') {
        let Some((h, after)) = rest.split_once(']') else { return Bind::Invalid };
        let Some(p) = after.strip_prefix(':') else { return Bind::Invalid };
        (h.to_string(), p)
    } else {
        let Some((h, p)) = addr.split_once(':') else { return Bind::Invalid };
        (h.to_string(), p)
    };
    // `strtol` then "nothing after the digits": an empty port is 0 (the kernel picks one).
    let port: u16 = if port.is_empty() {
        0
    } else {
        match port.parse::<u32>() {
            Ok(p) if p <= 65535 => p as u16,
            _ => return Bind::Invalid,
        }
    };
    let port = if port == 0 { 33_000 + (cx.now().ms() % 20_000) as u16 } else { port };
    let Loc::Container(cid) = cx.sh.loc else { return Bind::Ok { port, outside: false } };
    let taken = cx.world.container(cid).is_some_and(|c| c.listening.contains(&port));
    let own: Vec<std::net::Ipv4Addr> = cx.world.endpoints_of(cid).iter().map(|(_, e)| e.ip).collect();
    let hostname = cx.world.container(cid).map(|c| c.config.hostname.clone()).unwrap_or_default();
    let outside = match host.as_str() {
        "" | "0.0.0.0" | "::" => true,
        "127.0.0.1" | "localhost" | "::1" => false,
        h if h == hostname => true,
        h => match h.parse::<std::net::Ipv4Addr>() {
            Ok(ip) if own.contains(&ip) => true,
            Ok(ip) if ip.is_loopback() => false,
            Ok(_) => {
                return Bind::Failed { host, port, reason: "Cannot assign requested address".into() };
            }
            Err(_) => match cx.world.resolve(cx.sh.loc, h) {
                crate::world::Resolution::Found { ips, .. } if ips.iter().any(|ip| own.contains(ip)) => true,
                crate::world::Resolution::Found { .. } => {
                    return Bind::Failed { host, port, reason: "Cannot assign requested address".into() };
                }
                crate::world::Resolution::NotFound(_) => {
                    let reason = format!(
                        "php_network_getaddresses: getaddrinfo for {h} failed: Temporary failure in name resolution"
                    );
                    return Bind::Failed { host, port, reason };
                }
            },
        },
    };
    if taken && outside {
        return Bind::Failed { host, port, reason: "Address already in use".into() };
    }
    Bind::Ok { port, outside }
}

/// `php`: `-S addr:port [-t docroot] [router.php]` is PHP's built-in web server; `-v` its
/// version; `-a` (the image's CMD) its interactive shell. PHP code itself does not run.
pub fn php(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let version = var(cx, "PHP_VERSION").unwrap_or_else(|| "8.4.4".into());
    let mut serve: Option<String> = None;
    let mut docroot: Option<String> = None;
    let mut interactive = false;
    let mut code = false;
    let mut script: Option<String> = None;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        let mut value = |flag: &str| -> Option<String> {
            match a.strip_prefix(flag).filter(|v| !v.is_empty()) {
                Some(v) => Some(v.to_string()),
                None => {
                    i += 1;
                    argv.get(i).cloned()
                }
            }
        };
        match a {
            "-v" | "--version" => {
                cx.io.outln(&php_version_text(&version));
                return done(0);
            }
            "-a" | "--interactive" => interactive = true,
            "-r" | "--run" => {
                value("-r");
                code = true;
            }
            "-f" | "--file" => script = value("-f"),
            "-n" | "-q" | "-e" | "-H" | "-C" | "--no-php-ini" | "--no-header" => {}
            _ if a.starts_with("-S") => serve = value("-S"),
            _ if a.starts_with("-t") => docroot = value("-t"),
            _ if a.starts_with("-d") || a.starts_with("-c") || a.starts_with("-z") => {
                value(&a[..2]);
            }
            _ if a.starts_with('-') => {}
            _ => {
                script = Some(a.to_string());
                break;
            }
        }
        i += 1;
    }
    if let Some(addr) = serve {
        return php_server(cx, &addr, docroot, script.is_some(), &version);
    }
    if interactive || (script.is_none() && !code) {
        // `php -a` (or `php` reading its script from stdin): the interactive shell.
        cx.io.outln("Interactive shell\n");
        let open = match cx.sh.loc {
            Loc::Container(cid) => cx.world.container(cid).is_some_and(|c| c.config.open_stdin),
            Loc::Host => false,
        };
        if cx.sh.is_main && !open {
            return done(0);
        }
        cx.io.out("php > ");
        return Box::new(crate::shell::exec::WaitForever);
    }
    if let Some(s) = script.filter(|s| !is_file(cx, s)) {
        cx.io.outln(&format!("Could not open input file: {s}"));
        return done(1);
    }
    cx.io.errln(&match cx.lang {
        crate::Lang::Es => "muelle: php existe en esta imagen, pero Muelle no ejecuta código PHP".to_string(),
        crate::Lang::En => "muelle: php exists in this image, but Muelle does not run PHP code".to_string(),
    });
    done(1)
}

/// `php -S`: `do_cli_server` checks the document root, then the address, then listens and logs
/// its start-up line to stderr. SIGINT stops it (exit 0, nothing logged); SIGTERM has no
/// handler, so as PID 1 it is ignored (`docker stop` waits and kills).
fn php_server(cx: &mut Cx<'_>, addr: &str, docroot: Option<String>, router: bool, version: &str) -> Box<dyn Job> {
    if super::servers::replaces_program(cx) {
        return super::servers::user_program(cx, &["php".to_string(), "-S".to_string(), addr.to_string()]);
    }
    let root = match &docroot {
        Some(d) if cx.world.fs_node(cx.sh.loc, &cx.sh.path(d)).is_none() => {
            cx.io.errln(&format!("Directory {d} does not exist."));
            return done(1);
        }
        Some(d) if !is_dir(cx, d) => {
            cx.io.errln(&format!("{d} is not a directory."));
            return done(1);
        }
        Some(d) => cx.sh.path(d),
        None => cx.sh.cwd.clone(),
    };
    let (port, outside) = match php_bind(cx, addr) {
        Bind::Invalid => {
            cx.io.errln(&format!("Invalid address: {addr}"));
            return done(1);
        }
        Bind::Failed { host, port, reason } => {
            let line = format!("[{{ts_php}}] Failed to listen on {host}:{port} (reason: {reason})");
            return Box::new(Server::new(vec![(0, Step::Err(line)), (0, Step::Exit(1, None))]));
        }
        Bind::Ok { port, outside } => (port, outside),
    };
    let mut steps =
        vec![(START_MS, Step::Err(format!("[{{ts_php}}] PHP {version} Development Server (http://{addr}) started")))];
    if outside {
        // A router script decides every answer: its code does not run, so each is the labelled
        // page (an empty document root stands for that).
        let root = if router { String::new() } else { root };
        steps.push((START_MS, Step::Php(port, root, version.to_string())));
    }
    let mut server = Server::new(steps).on(&[Signal::Int], &[], 0);
    if !cx.sh.is_main {
        server = server.on(&[Signal::Term], &[], 143);
    }
    Box::new(server)
}

/// `java -version`'s lines (stderr) for the image's JDK.
fn java_version_text(cx: &Cx<'_>) -> String {
    match var(cx, "JAVA_VERSION") {
        // Temurin: `jdk-21.0.6+7`.
        Some(v) if v.starts_with("jdk-") => {
            let full = &v[4..];
            let short = full.split('+').next().unwrap_or(full);
            format!(
                "openjdk version \"{short}\" 2025-01-21 LTS\nOpenJDK Runtime Environment Temurin-{full} (build {full}-LTS)\nOpenJDK 64-Bit Server VM Temurin-{full} (build {full}-LTS, mixed mode, sharing)"
            )
        }
        Some(v) => format!(
            "openjdk version \"{v}\" 2022-01-18\nOpenJDK Runtime Environment (build {v}+8-86)\nOpenJDK 64-Bit Server VM (build {v}+8-86, mixed mode, sharing)"
        ),
        None => {
            let major = var(cx, "JAVA_HOME")
                .and_then(|h| h.split(['-', '/']).find_map(|w| w.parse::<u32>().ok()))
                .unwrap_or(21);
            format!(
                "openjdk version \"{major}.0.6\" 2025-01-21 LTS\nOpenJDK Runtime Environment Corretto-{major}.0.6.7.1 (build {major}.0.6+7-LTS)\nOpenJDK 64-Bit Server VM Corretto-{major}.0.6.7.1 (build {major}.0.6+7-LTS, mixed mode, sharing)"
            )
        }
    }
}

/// The port a Java program is taken to listen on (see the module's doc).
fn java_port(cx: &Cx<'_>) -> u16 {
    for key in ["SERVER_PORT", "MICRONAUT_SERVER_PORT", "QUARKUS_HTTP_PORT"] {
        if let Some(p) = var(cx, key).and_then(|p| p.parse().ok()) {
            return p;
        }
    }
    if let Loc::Container(cid) = cx.sh.loc {
        let exposed = cx.world.container(cid).and_then(|c| c.config.exposed.first().cloned());
        if let Some(p) = exposed.and_then(|e| e.split('/').next().and_then(|p| p.parse().ok())) {
            return p;
        }
    }
    8080
}

/// `java [options] -jar file.jar` / `java [options] MainClass`: the launcher's errors when
/// the program is not there; otherwise an unknown program taken as a web server. The JVM
/// handles SIGTERM and SIGINT (its shutdown hooks run), even as PID 1: exit 143 and 130.
pub fn java(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut jar: Option<Option<String>> = None;
    let mut class: Option<String> = None;
    let mut classpath: Option<String> = None;
    let mut i = 1;
    while i < argv.len() {
        match argv[i].as_str() {
            "-version" => {
                cx.io.errln(&java_version_text(cx));
                return done(0);
            }
            "--version" => {
                cx.io.outln(&java_version_text(cx).replacen(" version \"", " ", 1).replacen("\" ", " ", 1));
                return done(0);
            }
            "-jar" => {
                jar = Some(argv.get(i + 1).cloned());
                break;
            }
            "-cp" | "-classpath" | "--class-path" => {
                classpath = argv.get(i + 1).cloned();
                i += 1;
            }
            a if a.starts_with('-') => {}
            a => {
                class = Some(a.to_string());
                break;
            }
        }
        i += 1;
    }
    let program = match (jar, class) {
        (Some(None), _) => {
            cx.io.errln("Error: -jar requires jar file specification");
            return done(1);
        }
        (Some(Some(j)), _) => {
            if !is_file(cx, &j) {
                cx.io.errln(&format!("Error: Unable to access jarfile {j}"));
                return done(1);
            }
            j
        }
        (None, Some(c)) => {
            // A class file in the class path (the working directory by default), or a source
            // file the launcher compiles (`java Main.java`).
            let dir = classpath.as_deref().unwrap_or(".").split(':').next().unwrap_or(".").to_string();
            let file = if c.ends_with(".java") { c.clone() } else { format!("{dir}/{}.class", c.replace('.', "/")) };
            if !is_file(cx, &file) {
                if c.ends_with(".java") {
                    cx.io.errln(&format!("error: file not found: {c}"));
                } else {
                    cx.io.errln(&format!(
                        "Error: Could not find or load main class {c}\nCaused by: java.lang.ClassNotFoundException: {c}"
                    ));
                }
                return done(1);
            }
            c
        }
        (None, None) => {
            cx.io.errln("Usage: java [options] <mainclass> [args...]\n           (to execute a class)\n   or  java [options] -jar <jarfile> [args...]\n           (to execute a jar file)");
            return done(1);
        }
    };
    if super::servers::replaces_program(cx) {
        return super::servers::user_program(cx, argv);
    }
    let port = java_port(cx);
    let line = format!(
        "[Muelle] {program}: Muelle does not run Java code; it is taken as a web server on port {port} (x-muelle sets what it does)"
    );
    let steps = vec![(START_MS, Step::Log(line)), (START_MS, Step::Http(port, "Java"))];
    Box::new(Server::new(steps).on(&[Signal::Term], &[], 143).on(&[Signal::Int], &[], 130))
}

/// Lines as fastapi-cli's rich-toolkit prints them without a terminal: an 80-column console,
/// each line after a 13-column tag gutter (the tag right-aligned in 10), text wrapped as
/// Rich wraps (by words, a line's trailing space kept up to the width), blank lines as " ".
struct Toolkit {
    out: String,
}

const TOOLKIT_TEXT: usize = 80 - 13;

impl Toolkit {
    fn new() -> Toolkit {
        Toolkit { out: String::new() }
    }
    fn line(&mut self) {
        self.out.push_str(" \n");
    }
    fn print(&mut self, tag: &str, text: &str) {
        for (n, l) in rich_wrap(text, TOOLKIT_TEXT).into_iter().enumerate() {
            let gutter = if n == 0 { tag } else { "" };
            self.out.push_str(&format!("{gutter:>10}   {l}\n"));
        }
    }
}

/// Rich's `divide_line`: words with their trailing spaces; a word that does not fit starts a
/// new line; spaces past the width are cut.
fn rich_wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut words: Vec<String> = Vec::new();
    for c in text.chars() {
        match words.last_mut() {
            Some(w) if !(c != ' ' && w.ends_with(' ')) => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    let cells = |s: &str| s.chars().map(|c| if (c as u32) >= 0x1F300 { 2 } else { 1 }).sum::<usize>();
    for w in words {
        let used = cells(lines.last().map(String::as_str).unwrap_or(""));
        if used > 0 && used + cells(w.trim_end()) > width {
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            l.push_str(&w);
        }
    }
    lines
        .into_iter()
        .map(|l| {
            let mut l = l;
            while cells(&l) > width && l.ends_with(' ') {
                l.pop();
            }
            l
        })
        .collect()
}

/// `fastapi run [PATH]` / `fastapi dev [PATH]`: fastapi-cli 0.0.7 finds the module (the path,
/// else main.py, app.py, api.py, app/main.py, app/app.py, app/api.py), its package (parent
/// directories with `__init__.py`) and the app object (`app`, `api`, else any
/// `FastAPI(…)`), prints where it serves, then runs uvicorn (`run`: 0.0.0.0, `dev`:
/// 127.0.0.1 with the reloader). SIGTERM and SIGINT stop it cleanly (exit 0).
pub fn fastapi(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let command = argv.get(1).map(String::as_str).unwrap_or("");
    if command == "--version" {
        cx.io.outln("FastAPI CLI version: 0.0.7");
        return done(0);
    }
    if command != "run" && command != "dev" {
        return super::servers::client_stub(cx, argv);
    }
    if super::servers::replaces_program(cx) {
        return super::servers::user_program(cx, argv);
    }
    let dev = command == "dev";
    let mut host = if dev { "127.0.0.1" } else { "0.0.0.0" }.to_string();
    let mut port: u16 = 8000;
    let mut reload = dev;
    let mut path: Option<String> = None;
    let mut app_name: Option<String> = None;
    let mut i = 2;
    while i < argv.len() {
        let a = argv[i].as_str();
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a, None),
        };
        let mut value = || {
            inline.clone().or_else(|| {
                i += 1;
                argv.get(i).cloned()
            })
        };
        match flag {
            "--host" => host = value().unwrap_or(host),
            "--port" => port = value().and_then(|p| p.parse().ok()).unwrap_or(port),
            "--app" => app_name = value(),
            "--reload" => reload = true,
            "--no-reload" => reload = false,
            "--workers" | "--root-path" => {
                value();
            }
            _ if a.starts_with('-') => {}
            _ if path.is_none() => path = Some(a.to_string()),
            _ => {}
        }
        i += 1;
    }
    let mut t = Toolkit::new();
    t.out.push('\n');
    let kind = if dev { "development" } else { "production" };
    t.print("FastAPI", &format!("Starting {kind} server 🚀"));
    t.line();
    t.print("", "Searching for package file structure from directories with __init__.py files");
    let fail = |cx: &mut Cx<'_>, mut t: Toolkit, message: &str| -> Box<dyn Job> {
        t.line();
        t.print("", message);
        t.out.push('\n');
        cx.io.out(&t.out);
        done(1)
    };
    let file = match path {
        Some(p) if cx.world.fs_node(cx.sh.loc, &cx.sh.path(&p)).is_some() => p,
        Some(p) => return fail(cx, t, &format!("Path does not exist {p}")),
        None => match ["main.py", "app.py", "api.py", "app/main.py", "app/app.py", "app/api.py"]
            .into_iter()
            .find(|f| is_file(cx, f))
        {
            Some(f) => f.to_string(),
            None => return fail(cx, t, "Could not find a default file to run, please provide an explicit path"),
        },
    };
    // `get_module_data_from_path`: a package's `__init__.py` stands for its directory; each
    // parent directory with an `__init__.py` is part of the module's name.
    let abs = cx.sh.path(&file);
    let abs = if is_dir(cx, &abs) { format!("{}/__init__.py", abs.trim_end_matches('/')) } else { abs };
    let mut module_path = abs.clone();
    if crate::fs::basename(&abs) == "__init__.py" {
        module_path = crate::fs::parent(&abs).to_string();
    }
    let mut module_paths = vec![module_path.clone()];
    let mut extra = crate::fs::parent(&module_path).to_string();
    let mut dir = extra.clone();
    while dir != "/" && is_file(cx, &format!("{dir}/__init__.py")) {
        module_paths.insert(0, dir.clone());
        extra = crate::fs::parent(&dir).to_string();
        if extra == dir {
            break;
        }
        dir = extra.clone();
    }
    let stem = |p: &str| {
        let b = crate::fs::basename(p);
        b.strip_suffix(".py").unwrap_or(b).to_string()
    };
    let module = module_paths.iter().map(|p| stem(p)).collect::<Vec<_>>().join(".");
    let source_file = if is_dir(cx, &module_path) { format!("{module_path}/__init__.py") } else { module_path.clone() };
    let source = match cx.world.fs_node(cx.sh.loc, &source_file) {
        Some(crate::fs::Node::File(d)) => String::from_utf8_lossy(&d).into_owned(),
        _ => String::new(),
    };
    t.print("", &format!("Importing from {extra}"));
    t.line();
    // The module tree (Rich's `Tree`, without a terminal: ├── and └── guides).
    let mut tree: Vec<String> = Vec::new();
    for (depth, p) in module_paths.iter().enumerate() {
        let icon = if is_dir(cx, p) { "📁" } else { "🐍" };
        let name = format!("{icon} {}", crate::fs::basename(p));
        let indent = "    ".repeat(depth.saturating_sub(1));
        tree.push(if depth == 0 { name } else { format!("{indent}└── {name}") });
        if is_dir(cx, p) {
            let last = depth + 1 == module_paths.len();
            let guide = if last { "└──" } else { "├──" };
            tree.push(format!("{}{guide} 🐍 __init__.py", "    ".repeat(depth)));
        }
    }
    for (n, l) in tree.iter().enumerate() {
        t.out.push_str(&format!("{:>10}   {l}\n", if n == 0 { "module" } else { "" }));
    }
    t.line();
    // `get_app_name`: the name given, else `app`, else `api`, else any FastAPI object.
    let assigned = |name: &str| {
        source.lines().any(|l| {
            let l = l.trim_end();
            l.starts_with(&format!("{name} ="))
                || l.starts_with(&format!("{name}="))
                || l.starts_with(&format!("{name}:"))
        })
    };
    let name = match app_name {
        Some(n) if assigned(&n) => n,
        Some(n) => return fail(cx, t, &format!("Could not find app name {n} in {module}")),
        None if assigned("app") => "app".to_string(),
        None if assigned("api") => "api".to_string(),
        None => match source.lines().find_map(|l| {
            let (lhs, rhs) = l.split_once('=')?;
            let lhs = lhs.trim();
            (rhs.trim_start().starts_with("FastAPI(") && !lhs.is_empty() && !lhs.contains(' ')).then(|| lhs.to_string())
        }) {
            Some(n) => n,
            None => return fail(cx, t, "Could not find FastAPI app in module, try using --app"),
        },
    };
    t.print("code", "Importing the FastAPI app object from the module with the following code:");
    t.line();
    t.print("", &format!("from {module} import {name}"));
    t.line();
    t.print("app", &format!("Using import string: {module}:{name}"));
    t.line();
    let url = format!("http://{host}:{port}");
    t.print("server", &format!("Server started at {url}"));
    t.print("server", &format!("Documentation at {url}/docs"));
    if dev {
        t.line();
        t.print("tip", "Running in development mode, for production use: fastapi run");
    }
    t.line();
    t.print("", "Logs:");
    t.line();
    cx.io.out(&t.out);
    // uvicorn's lines through fastapi-cli's formatter: the level as a tag.
    let info = |m: &str| format!("{:>10}   {m}", "INFO");
    let pid = if cx.sh.is_main { 1 } else { 20 };
    let mut steps = Vec::new();
    let server_pid = if reload {
        steps.push((
            START_MS,
            Step::Err(info(&format!("Will watch for changes in these directories: ['{}']", cx.sh.cwd))),
        ));
        steps.push((START_MS, Step::Err(info(&format!("Uvicorn running on {url} (Press CTRL+C to quit)")))));
        steps.push((START_MS, Step::Err(info(&format!("Started reloader process [{pid}] using WatchFiles")))));
        pid + 7
    } else {
        pid
    };
    steps.push((START_MS + 50, Step::Err(info(&format!("Started server process [{server_pid}]")))));
    steps.push((START_MS + 50, Step::Err(info("Waiting for application startup."))));
    steps.push((START_MS + 50, Step::Err(info("Application startup complete."))));
    if !reload {
        steps.push((START_MS + 50, Step::Err(info(&format!("Uvicorn running on {url} (Press CTRL+C to quit)")))));
    }
    if host != "127.0.0.1" && host != "localhost" {
        steps.push((START_MS + 50, Step::Http(port, "FastAPI")));
    }
    let mut stop = vec![
        info("Shutting down"),
        info("Waiting for application shutdown."),
        info("Application shutdown complete."),
        info(&format!("Finished server process [{server_pid}]")),
    ];
    if reload {
        stop.push(info(&format!("Stopping reloader process [{pid}]")));
    }
    // The toolkit's closing newline, once uvicorn has returned.
    stop.push(String::new());
    let stop: Vec<&str> = stop.iter().map(String::as_str).collect();
    Box::new(Server::new(steps).on(&[Signal::Term, Signal::Int], &stop, 0))
}

/// `apache2-foreground` of `php:*-apache`: Debian's Apache 2.4 with mod_php (prefork) in the
/// foreground, its start-up lines as docker-library's image logs them (the two `AH00558`
/// lines, then `AH00163` naming PHP's version), serving `/var/www/html` (see
/// `World::apache_php`). The image's `STOPSIGNAL SIGWINCH` is Apache's graceful stop.
pub fn apache2_foreground(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    let taken = match cx.sh.loc {
        Loc::Container(cid) => cx.world.container(cid).is_some_and(|c| c.listening.contains(&80)),
        Loc::Host => true,
    };
    if taken {
        cx.io.errln("(98)Address already in use: AH00072: make_sock: could not bind to address [::]:80\n(98)Address already in use: AH00072: make_sock: could not bind to address 0.0.0.0:80\nno listening sockets available, shutting down\nAH00015: Unable to open logs");
        return done(1);
    }
    let version = var(cx, "PHP_VERSION").unwrap_or_else(|| "8.4.4".into());
    let fqdn = "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message";
    let steps = vec![
        (30, Step::Log(fqdn.into())),
        (30, Step::Log(fqdn.into())),
        (40, Step::Log(format!("[{{ts_httpd}}] [mpm_prefork:notice] [pid 1:tid 1] AH00163: Apache/2.4.62 (Debian) PHP/{version} configured -- resuming normal operations"))),
        (40, Step::Log("[{ts_httpd}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'apache2 -D FOREGROUND'".into())),
        (40, Step::ApachePhp(80, version)),
    ];
    Box::new(
        Server::new(steps)
            .on(
                &[Signal::Winch],
                &["[{ts_httpd}] [mpm_prefork:notice] [pid 1:tid 1] AH00170: caught SIGWINCH, shutting down gracefully"],
                0,
            )
            .on(
                &[Signal::Term, Signal::Int],
                &["[{ts_httpd}] [mpm_prefork:notice] [pid 1:tid 1] AH00169: caught SIGTERM, shutting down"],
                0,
            ),
    )
}

/// `php-fpm` of `php:*-fpm`: the FastCGI process manager on port 9000 (not HTTP: a browser or
/// `curl` gets no answer it understands; a web server in front of it speaks FastCGI). Its log
/// lines are the image's (`error_log = /proc/self/fd/2`); SIGQUIT, the image's stop signal,
/// and SIGTERM end it at once.
pub fn php_fpm(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if argv.iter().any(|a| a == "-v" || a == "--version") {
        let version = var(cx, "PHP_VERSION").unwrap_or_else(|| "8.4.4".into());
        cx.io.outln(&php_version_text(&version).replacen("(cli)", "(fpm-fcgi)", 1));
        return done(0);
    }
    let steps = vec![
        (30, Step::Err("[{ts_fpm}] NOTICE: fpm is running, pid 1".into())),
        (30, Step::Err("[{ts_fpm}] NOTICE: ready to handle connections".into())),
        (30, Step::Listen(vec![9000])),
    ];
    let bye = ["[{ts_fpm}] NOTICE: Terminating ...", "[{ts_fpm}] NOTICE: exiting, bye-bye!"];
    Box::new(Server::new(steps).on(&[Signal::Quit, Signal::Term, Signal::Int], &bye, 0))
}

#[cfg(test)]
mod tests {
    use super::rich_wrap;

    #[test]
    fn rich_wraps_by_words_and_cuts_spaces_past_the_width() {
        assert_eq!(
            rich_wrap("Searching for package file structure from directories with __init__.py files", 67),
            vec!["Searching for package file structure from directories with ", "__init__.py files"]
        );
        assert_eq!(
            rich_wrap("Importing the FastAPI app object from the module with the following code:", 67),
            vec!["Importing the FastAPI app object from the module with the following", "code:"]
        );
        assert_eq!(
            rich_wrap("Could not find a default file to run, please provide an explicit path", 67),
            vec!["Could not find a default file to run, please provide an explicit ", "path"]
        );
        assert_eq!(rich_wrap("Logs:", 67), vec!["Logs:"]);
    }
}
