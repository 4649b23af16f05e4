//! The common web servers of users' own programs, started as themselves: Python's
//! `http.server` (which serves real files), gunicorn, uvicorn, and `node`/`npm start`. They log
//! their start-up lines as the real programs do and listen where their flags and environment
//! say; the applications' own code is not run, so an HTTP answer Muelle cannot know is its
//! labelled page (`World::serve_http`). Texts are from the projects' sources: CPython 3.12's
//! `Lib/http/server.py`, gunicorn 23's `arbiter.py`/`glogging.py`, uvicorn 0.34's
//! `server.py`/`config.py`/`logging.py`, npm 10's `@npmcli/run-script` banner.

use super::builtins::done;
use super::servers::{Server, Step};
use crate::process::{Cx, Job, Signal};
use crate::time::DateTime;
use crate::world::Loc;

/// What the program starts as, the milliseconds after start its lines appear.
const START_MS: u64 = 300;

fn var(cx: &Cx<'_>, key: &str) -> Option<String> {
    cx.sh.var(key).filter(|v| !v.is_empty()).map(str::to_string)
}

/// The container's PID of the program: 1 as the main process, else a later one.
fn pid(cx: &Cx<'_>) -> u32 {
    if cx.sh.is_main {
        1
    } else {
        20
    }
}

/// Bound to the loopback address only, a server takes no connection from outside the container
/// (Muelle's network has no loopback path to it either): nothing is registered.
fn loopback(host: &str) -> bool {
    host == "127.0.0.1" || host == "localhost" || host == "::1"
}

/// Whether Python's stdout is block-buffered (a pipe, not a terminal; no `-u`, no
/// `PYTHONUNBUFFERED`): `print`ed lines stay in the buffer until the program exits cleanly.
fn python_buffered(cx: &Cx<'_>, unbuffered_flag: bool) -> bool {
    let tty = match cx.sh.loc {
        Loc::Container(cid) if cx.sh.is_main => cx.world.container(cid).is_some_and(|c| c.config.tty),
        _ => !cx.io.piped,
    };
    !tty && !unbuffered_flag && var(cx, "PYTHONUNBUFFERED").is_none()
}

/// `python -m http.server [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [--cgi] [port]`: serves the
/// directory's files (a listing where there is no `index.html`), logs each request to stderr.
/// `args` are those after the module's name; `unbuffered` is Python's `-u`.
pub fn http_server(cx: &mut Cx<'_>, args: &[String], unbuffered: bool) -> Box<dyn Job> {
    let usage = "usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]";
    let mut port: u16 = 8000;
    let mut bind: Option<String> = None;
    let mut dir = cx.sh.cwd.clone();
    let mut opts = super::servers::Options::new(args, 0);
    while let Some((a, flag, inline)) = opts.next_arg() {
        let mut value = || opts.value(inline);
        match flag {
            "-h" | "--help" => {
                cx.io.outln(&format!("{usage}\n\npositional arguments:\n  port                  bind to this port (default: 8000)\n\noptions:\n  -h, --help            show this help message and exit\n  --cgi                 run as CGI server\n  -b ADDRESS, --bind ADDRESS\n                        bind to this address (default: all interfaces)\n  -d DIRECTORY, --directory DIRECTORY\n                        serve this directory (default: current directory)\n  -p VERSION, --protocol VERSION\n                        conform to this HTTP version (default: HTTP/1.0)"));
                return done(0);
            }
            "-b" | "--bind" => bind = value(),
            "-d" | "--directory" => {
                if let Some(d) = value() {
                    dir = cx.sh.path(&d);
                }
            }
            "-p" | "--protocol" => {
                value();
            }
            "--cgi" => {}
            _ if !a.starts_with('-') || a == "-" => match a.parse::<u16>() {
                Ok(p) => port = p,
                Err(_) => {
                    cx.io.errln(&format!("{usage}\nserver.py: error: argument port: invalid int value: '{a}'"));
                    return done(2);
                }
            },
            _ => {
                cx.io.errln(&format!("{usage}\nserver.py: error: unrecognized arguments: {a}"));
                return done(2);
            }
        }
    }
    let host = match bind.as_deref() {
        None | Some("") => "0.0.0.0".to_string(),
        Some("localhost") => "127.0.0.1".to_string(),
        Some(h) => h.to_string(),
    };
    let url_host = if host.contains(':') { format!("[{host}]") } else { host.clone() };
    let python = var(cx, "PYTHON_VERSION").unwrap_or_else(|| "3.12.9".into());
    let mut steps =
        vec![(START_MS, Step::Log(format!("Serving HTTP on {host} port {port} (http://{url_host}:{port}/) ...")))];
    if !loopback(&host) {
        steps.push((START_MS, Step::Files(port, dir, python)));
    }
    // `except KeyboardInterrupt:` prints and exits 0; SIGTERM has no handler (PID 1 ignores it).
    let mut server = Server::new(steps).on(&[Signal::Int], &["", "Keyboard interrupt received, exiting."], 0);
    if !cx.sh.is_main {
        server = server.on(&[Signal::Term], &[], 143);
    }
    if python_buffered(cx, unbuffered) {
        server = server.buffered();
    }
    Box::new(server)
}

/// gunicorn's log line: `[2025-03-10 10:00:00 +0000] [1] [INFO] …` (its `glogging` format).
fn gunicorn_line(pid: u32, message: &str) -> String {
    // The time is filled in when the line is written (`{ts_gunicorn}`).
    format!("[{{ts_gunicorn}}] [{pid}] [INFO] {message}")
}

/// `gunicorn [OPTIONS] APP_MODULE`: gunicorn 23's arbiter starts, binds (`-b`, else `$PORT` on
/// all addresses, else 127.0.0.1:8000) and boots its workers; SIGTERM/SIGINT stop it cleanly.
pub fn gunicorn(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if super::servers::replaces_program(cx) {
        return super::servers::user_program(cx, argv);
    }
    let mut binds: Vec<String> = Vec::new();
    let mut workers: u32 = var(cx, "WEB_CONCURRENCY").and_then(|w| w.parse().ok()).unwrap_or(1);
    let mut worker_class = "sync".to_string();
    let mut app: Option<String> = None;
    let mut opts = super::servers::Options::new(argv, 1);
    while let Some((a, flag, inline)) = opts.next_arg() {
        let mut value = || opts.value(inline);
        match flag {
            "-v" | "--version" => {
                cx.io.outln("gunicorn (version 23.0.0)");
                return done(0);
            }
            "-b" | "--bind" => binds.extend(value()),
            "-w" | "--workers" => workers = value().and_then(|w| w.parse().ok()).unwrap_or(workers),
            "-k" | "--worker-class" => worker_class = value().unwrap_or(worker_class),
            "--reload" | "--preload" | "-D" | "--daemon" | "--capture-output" => {}
            // Every other option takes a value (`--timeout 30`, `--access-logfile -`…).
            _ if a.starts_with('-') && inline.is_none() => {
                value();
            }
            _ if a.starts_with('-') => {}
            _ if app.is_none() => app = Some(a.to_string()),
            _ => {}
        }
    }
    if app.is_none() {
        cx.io.errln("usage: gunicorn [OPTIONS] [APP_MODULE]\ngunicorn: error: No application module specified.");
        return done(2);
    }
    if binds.is_empty() {
        binds.push(match var(cx, "PORT") {
            Some(p) => format!("0.0.0.0:{p}"),
            None => "127.0.0.1:8000".into(),
        });
    }
    // `sync`'s name as gunicorn prints it; a dotted class path stays as given.
    let worker_shown = match worker_class.as_str() {
        "sync" | "gthread" | "eventlet" | "gevent" | "tornado" => worker_class.clone(),
        other => other.to_string(),
    };
    let pid = pid(cx);
    let mut listeners = Vec::new();
    let mut steps = vec![(START_MS, Step::Log(gunicorn_line(pid, "Starting gunicorn 23.0.0")))];
    for b in &binds {
        let (host, port) = match b.rsplit_once(':') {
            Some((h, p)) => (if h.is_empty() { "0.0.0.0" } else { h }, p.parse::<u16>().unwrap_or(8000)),
            None => (b.as_str(), 8000),
        };
        listeners.push(format!("http://{host}:{port}"));
        if !loopback(host) {
            steps.push((START_MS, Step::Http(port, "gunicorn")));
        }
    }
    steps.push((START_MS, Step::Log(gunicorn_line(pid, &format!("Listening at: {} ({pid})", listeners.join(","))))));
    steps.push((START_MS, Step::Log(gunicorn_line(pid, &format!("Using worker: {worker_shown}")))));
    let first_worker = pid + 6;
    for w in 0..workers.clamp(1, 64) {
        let wpid = first_worker + w;
        steps.push((START_MS + 10, Step::Log(gunicorn_line(wpid, &format!("Booting worker with pid: {wpid}")))));
    }
    let stop = |sig: &str| {
        let mut lines = vec![gunicorn_line(pid, &format!("Handling signal: {sig}"))];
        for w in 0..workers.clamp(1, 64) {
            let wpid = first_worker + w;
            lines.push(gunicorn_line(wpid, &format!("Worker exiting (pid: {wpid})")));
        }
        lines.push(gunicorn_line(pid, "Shutting down: Master"));
        lines
    };
    let term = stop("term");
    let int = stop("int");
    let term: Vec<&str> = term.iter().map(String::as_str).collect();
    let int: Vec<&str> = int.iter().map(String::as_str).collect();
    Box::new(Server::new(steps).on(&[Signal::Term], &term, 0).on(&[Signal::Int], &int, 0))
}

/// `uvicorn [OPTIONS] APP`: uvicorn 0.34 starts one server process (`--host`/`UVICORN_HOST`,
/// default 127.0.0.1; `--port`/`UVICORN_PORT`, default 8000; `--reload` adds its reloader
/// process), logs to stderr and stops cleanly on SIGTERM or SIGINT.
pub fn uvicorn(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if super::servers::replaces_program(cx) {
        return super::servers::user_program(cx, argv);
    }
    let mut host = var(cx, "UVICORN_HOST").unwrap_or_else(|| "127.0.0.1".into());
    let mut port: u16 = var(cx, "UVICORN_PORT").and_then(|p| p.parse().ok()).unwrap_or(8000);
    let mut reload = false;
    let mut app: Option<String> = None;
    let mut opts = super::servers::Options::new(argv, 1);
    while let Some((a, flag, inline)) = opts.next_arg() {
        let mut value = || opts.value(inline);
        match flag {
            "--version" => {
                let python = var(cx, "PYTHON_VERSION").unwrap_or_else(|| "3.12.9".into());
                cx.io.outln(&format!("Running uvicorn 0.34.0 with CPython {python} on Linux"));
                return done(0);
            }
            "--host" => host = value().unwrap_or(host),
            "--port" => port = value().and_then(|p| p.parse().ok()).unwrap_or(port),
            "--reload" => reload = true,
            "--factory" | "--no-access-log" | "--access-log" | "--proxy-headers" | "--no-proxy-headers"
            | "--use-colors" | "--no-use-colors" | "--no-server-header" | "--no-date-header" => {}
            _ if a.starts_with("--") && inline.is_none() => {
                value();
            }
            _ if a.starts_with("--") => {}
            _ if app.is_none() => app = Some(a.to_string()),
            _ => {}
        }
    }
    let Some(app) = app else {
        cx.io.errln("Usage: uvicorn [OPTIONS] APP\nTry 'uvicorn --help' for help.\n\nError: Missing argument 'APP'.");
        return done(2);
    };
    // `Config.load()` imports the app before anything is logged (`importer.import_from_string`).
    if let Some(error) = asgi_import_error(cx, &app) {
        cx.io.errln(&format!("ERROR:    Error loading ASGI app. {error}"));
        return done(1);
    }
    let pid = pid(cx);
    let running = format!("INFO:     Uvicorn running on http://{host}:{port} (Press CTRL+C to quit)");
    let mut steps = Vec::new();
    let server_pid = if reload {
        steps.push((
            START_MS,
            Step::Log(format!("INFO:     Will watch for changes in these directories: ['{}']", cx.sh.cwd)),
        ));
        steps.push((START_MS, Step::Log(running.clone())));
        steps.push((START_MS, Step::Log(format!("INFO:     Started reloader process [{pid}] using StatReload"))));
        pid + 7
    } else {
        pid
    };
    steps.push((START_MS + 50, Step::Log(format!("INFO:     Started server process [{server_pid}]"))));
    steps.push((START_MS + 50, Step::Log("INFO:     Waiting for application startup.".into())));
    steps.push((START_MS + 50, Step::Log("INFO:     Application startup complete.".into())));
    if !reload {
        steps.push((START_MS + 50, Step::Log(running)));
    }
    if !loopback(&host) {
        steps.push((START_MS + 50, Step::Http(port, "Uvicorn")));
    }
    let mut stop = vec![
        "INFO:     Shutting down".to_string(),
        "INFO:     Waiting for application shutdown.".into(),
        "INFO:     Application shutdown complete.".into(),
        format!("INFO:     Finished server process [{server_pid}]"),
    ];
    if reload {
        stop.push(format!("INFO:     Stopping reloader process [{pid}]"));
    }
    let stop: Vec<&str> = stop.iter().map(String::as_str).collect();
    Box::new(Server::new(steps).on(&[Signal::Term, Signal::Int], &stop, 0))
}

/// Why uvicorn cannot import `module:attr` from the working directory, as its importer says.
fn asgi_import_error(cx: &Cx<'_>, app: &str) -> Option<String> {
    let Some((module, attr)) = app.split_once(':').filter(|(m, a)| !m.is_empty() && !a.is_empty()) else {
        return Some(format!("Import string \"{app}\" must be in format \"<module>:<attribute>\"."));
    };
    let rel = module.replace('.', "/");
    let file = [format!("{rel}.py"), format!("{rel}/__init__.py")].into_iter().find_map(|f| {
        match cx.world.fs_node(cx.sh.loc, &cx.sh.path(&f)) {
            Some(crate::fs::Node::File(d)) => Some(String::from_utf8_lossy(&d).into_owned()),
            _ => None,
        }
    });
    let Some(source) = file else {
        return Some(format!("Could not import module \"{module}\"."));
    };
    // The attribute is assigned or defined at the module's top level.
    let defined = source.lines().any(|l| {
        let l = l.trim_end();
        l.starts_with(&format!("{attr} ="))
            || l.starts_with(&format!("{attr}="))
            || l.starts_with(&format!("{attr}:"))
            || l.starts_with(&format!("def {attr}("))
            || l.starts_with(&format!("async def {attr}("))
            || l.starts_with(&format!("class {attr}"))
            || l.starts_with("from ")
                && l.contains(" import ")
                && l.split(" import ")
                    .nth(1)
                    .is_some_and(|n| n.split(',').any(|x| x.split(" as ").last().map(str::trim) == Some(attr)))
    });
    (!defined).then(|| format!("Attribute \"{attr}\" not found in module \"{module}\"."))
}

/// A string value of `key` in a JSON object's text (the first at any depth after `from`): enough
/// for package.json's `name`, `version` and `scripts.start`.
fn json_string(text: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let at = text.find(&needle)? + needle.len();
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The port a Node.js program listens on: `$PORT`, else a number in the script's `listen(…)` or
/// `PORT || …`, else the image's first exposed port, else 3000.
fn node_port(cx: &Cx<'_>, source: &str) -> u16 {
    if let Some(p) = var(cx, "PORT").and_then(|p| p.parse().ok()) {
        return p;
    }
    for marker in ["listen(", "PORT ||", "PORT ??", "port ||", "port ??", "PORT=", "port ="] {
        if let Some(at) = source.find(marker) {
            let digits: String =
                source[at + marker.len()..].trim_start().chars().take_while(|c| c.is_ascii_digit()).collect();
            if let Ok(p) = digits.parse() {
                return p;
            }
        }
    }
    if let Loc::Container(cid) = cx.sh.loc {
        let exposed = cx.world.container(cid).and_then(|c| c.config.exposed.first().cloned());
        if let Some(p) = exposed.and_then(|e| e.split('/').next().and_then(|p| p.parse().ok())) {
            return p;
        }
    }
    3000
}

/// `node script.js`: Muelle does not run JavaScript; a script that exists is taken as a web
/// server (it prints nothing of its own) listening where `node_port` says, answered with
/// Muelle's labelled page. Node.js has no SIGTERM or SIGINT handler by default: as PID 1 it
/// ignores both (`docker stop` waits and kills), elsewhere they end it.
pub fn node_script(cx: &mut Cx<'_>, argv: &[String]) -> Option<Box<dyn Job>> {
    let script = argv.iter().skip(1).find(|a| !a.starts_with('-'))?;
    let path = cx.sh.path(script);
    let path = if cx.world.fs_node(cx.sh.loc, &path).is_none() && !path.ends_with(".js") {
        format!("{path}.js")
    } else {
        path
    };
    let source = match cx.world.fs_node(cx.sh.loc, &path) {
        Some(crate::fs::Node::File(d)) => String::from_utf8_lossy(&d).into_owned(),
        _ => {
            cx.io.errln(&format!("node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module '{path}'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)\n    at Module._load (node:internal/modules/cjs/loader:1051:27)\n    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:174:12)\n    at node:internal/main/run_main_module:28:49 {{\n  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}}\n\nNode.js v22.14.0"));
            return Some(done(1));
        }
    };
    let port = node_port(cx, &source);
    let server = Server::new(vec![(START_MS, Step::Http(port, "Node.js"))]);
    let server = if cx.sh.is_main { server } else { server.on(&[Signal::Int], &[], 130).on(&[Signal::Term], &[], 143) };
    Some(Box::new(server))
}

/// `npm start` / `npm run start` / `npm run-script start`: npm 10 prints its banner (the
/// package's `name@version`, the script's command) and runs the script (`node server.js` when
/// package.json has none and server.js exists).
pub fn npm(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let script_name = match argv.get(1).map(String::as_str) {
        Some("start") => "start",
        Some("run" | "run-script") => match argv.get(2).map(String::as_str) {
            Some("start") => "start",
            _ => return super::servers::client_stub(cx, argv),
        },
        Some("-v" | "--version") => {
            cx.io.outln("10.9.2");
            return done(0);
        }
        _ => return super::servers::client_stub(cx, argv),
    };
    if super::servers::replaces_program(cx) {
        return super::servers::user_program(cx, argv);
    }
    let package_path = cx.sh.path("package.json");
    let package = match cx.world.fs_node(cx.sh.loc, &package_path) {
        Some(crate::fs::Node::File(d)) => String::from_utf8_lossy(&d).into_owned(),
        _ => {
            let log = npm_log_name(cx);
            cx.io.errln(&format!("npm error code ENOENT\nnpm error syscall open\nnpm error path {package_path}\nnpm error errno -2\nnpm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{package_path}'\nnpm error enoent This is related to npm not being able to find a file.\nnpm error enoent\nnpm error A complete log of this run can be found in: {log}"));
            return done(254);
        }
    };
    let scripts = package.find("\"scripts\"").map(|at| &package[at..]).unwrap_or("");
    let command = match json_string(scripts, script_name) {
        Some(c) => c,
        None if cx.world.fs_node(cx.sh.loc, &cx.sh.path("server.js")).is_some() => "node server.js".into(),
        None => {
            let log = npm_log_name(cx);
            cx.io.errln(&format!("npm error Missing script: \"start\"\nnpm error\nnpm error Did you mean one of these?\nnpm error   npm star # Mark your favorite packages\nnpm error   npm stars # View packages marked as favorites\nnpm error\nnpm error To see a list of scripts, run:\nnpm error   npm run\nnpm error A complete log of this run can be found in: {log}"));
            return done(1);
        }
    };
    let id = match (json_string(&package, "name"), json_string(&package, "version")) {
        (Some(n), Some(v)) => format!("{n}@{v} "),
        (Some(n), None) => format!("{n} "),
        _ => String::new(),
    };
    cx.io.outln(&format!("\n> {id}{script_name}\n> {}\n", command.trim().replace('\n', "\n> ")));
    // The script runs in `sh -c` as npm's child: not PID 1, so signals npm forwards end it.
    let was_main = std::mem::replace(&mut cx.sh.is_main, false);
    let child = super::spawn(cx, vec!["sh".to_string(), "-c".to_string(), command.clone()], vec![]);
    cx.sh.is_main = was_main;
    Box::new(NpmRun { child, command, cwd: cx.sh.cwd.clone(), yarn: false })
}

/// npm running a package script: it forwards SIGTERM and SIGINT to the script (so even as PID 1
/// it stops at once), and reports a script killed by one as npm 10 does, exit 1.
struct NpmRun {
    child: Box<dyn Job>,
    command: String,
    cwd: String,
    /// Yarn 1's run: a failed script is reported in its words, signals are not.
    yarn: bool,
}

impl Job for NpmRun {
    fn poll(&mut self, cx: &mut Cx<'_>) -> crate::process::Poll {
        let main = std::mem::replace(&mut cx.sh.is_main, false);
        let poll = self.child.poll(cx);
        cx.sh.is_main = main;
        match poll {
            crate::process::Poll::Done(code) if code != 0 && self.yarn => {
                cx.io.errln(&format!("error Command failed with exit code {code}."));
                cx.io.outln("info Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.");
                crate::process::Poll::Done(code)
            }
            other => other,
        }
    }
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> crate::process::Poll {
        match self.signal(Signal::Int, cx) {
            Some(code) => crate::process::Poll::Done(code),
            None => crate::process::Poll::Pending(crate::process::Wake::Never),
        }
    }
    fn signal(&mut self, sig: Signal, cx: &mut Cx<'_>) -> Option<i32> {
        if sig == Signal::Kill {
            return Some(137);
        }
        let main = std::mem::replace(&mut cx.sh.is_main, false);
        let ended = self.child.signal(sig, cx);
        cx.sh.is_main = main;
        ended?;
        if self.yarn {
            return ended;
        }
        let name = match sig {
            Signal::Int => "SIGINT",
            Signal::Term => "SIGTERM",
            Signal::Quit => "SIGQUIT",
            _ => "SIGKILL",
        };
        let log = npm_log_name(cx);
        cx.io.errln(&format!(
            "npm error path {}\nnpm error command failed\nnpm error signal {name}\nnpm error command sh -c {}\nnpm error A complete log of this run can be found in: {log}",
            self.cwd, self.command
        ));
        Some(1)
    }
    fn runs_until_interrupted(&self) -> bool {
        self.child.runs_until_interrupted()
    }
}

/// Where npm says its debug log is (`/root/.npm/_logs/<time>-debug-0.log`).
fn npm_log_name(cx: &Cx<'_>) -> String {
    let d = DateTime::at(cx.now());
    let home = if cx.sh.user == "root" { "/root".to_string() } else { format!("/home/{}", cx.sh.user) };
    format!(
        "{home}/.npm/_logs/{:04}-{:02}-{:02}T{:02}_{:02}_{:02}_{:03}Z-debug-0.log",
        d.year, d.month, d.day, d.hour, d.minute, d.second, d.millis
    )
}

/// The Yarn 1 the `node` images ship (`YARN_VERSION`).
fn yarn_version(cx: &Cx<'_>) -> String {
    var(cx, "YARN_VERSION").unwrap_or_else(|| "1.22.22".into())
}

/// The working directory's `package.json`, parsed (`None`: missing or not JSON).
fn package_json(cx: &Cx<'_>) -> Option<serde_json::Value> {
    match cx.world.fs_node(cx.sh.loc, &cx.sh.path("package.json")) {
        Some(crate::fs::Node::File(d)) => serde_json::from_slice(&d).ok(),
        _ => None,
    }
}

/// `yarn` (Yarn 1, as the `node` images ship it), the commands Docker's getting-started guide
/// types: `yarn install [--production]` (or bare `yarn`) prints its four steps and puts the
/// package's dependencies under `node_modules/` (their programs in `node_modules/.bin`), and
/// `yarn run SCRIPT` / `yarn SCRIPT` / `yarn start` runs a `package.json` script in `sh -c`,
/// as npm does. Nothing is downloaded: the steps take simulated seconds.
pub fn yarn(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let version = yarn_version(cx);
    let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    let words: Vec<&str> = args.iter().copied().filter(|a| !a.starts_with('-')).collect();
    if args.iter().any(|a| *a == "-v" || *a == "--version") && words.is_empty() {
        cx.io.outln(&version);
        return done(0);
    }
    match words.first().copied() {
        None | Some("install") | Some("add") => yarn_install(cx, &version, args.contains(&"--production")),
        Some("run") => match words.get(1) {
            Some(script) => yarn_run(cx, &version, script),
            None => super::servers::client_stub(cx, argv),
        },
        Some(script) => yarn_run(cx, &version, script),
    }
}

fn yarn_install(cx: &mut Cx<'_>, version: &str, production: bool) -> Box<dyn Job> {
    let package = package_json(cx);
    let locked = cx.world.fs_node(cx.sh.loc, &cx.sh.path("yarn.lock")).is_some();
    let mut names: Vec<String> = Vec::new();
    let groups: &[&str] = if production { &["dependencies"] } else { &["dependencies", "devDependencies"] };
    for group in groups {
        if let Some(deps) = package.as_ref().and_then(|p| p.get(*group)).and_then(|d| d.as_object()) {
            names.extend(deps.keys().cloned());
        }
    }
    let mut steps = vec![(0, Step::Log(format!("yarn install v{version}")))];
    if !locked {
        steps.push((0, Step::Log("info No lockfile found.".into())));
    }
    // A second of resolving, then fetching in proportion to what there is to fetch.
    let fetch_ms = 1_000 + 400 * names.len() as u64;
    steps.push((100, Step::Log("[1/4] Resolving packages...".into())));
    steps.push((1_000, Step::Log("[2/4] Fetching packages...".into())));
    steps.push((1_000 + fetch_ms, Step::Log("[3/4] Linking dependencies...".into())));
    let modules = cx.sh.path("node_modules");
    for name in &names {
        steps.push((1_500 + fetch_ms, Step::Mark(format!("{modules}/{name}/package.json"))));
        if name == "nodemon" {
            steps.push((1_500 + fetch_ms, Step::Mark(format!("{modules}/.bin/nodemon"))));
        }
    }
    steps.push((1_500 + fetch_ms, Step::Mark(format!("{modules}/.yarn-integrity"))));
    let end = 2_000 + fetch_ms;
    steps.push((end, Step::Log("[4/4] Building fresh packages...".into())));
    if !locked {
        steps.push((end, Step::Log("success Saved lockfile.".into())));
        steps.push((end, Step::Mark(cx.sh.path("yarn.lock"))));
    }
    steps.push((end, Step::Log(format!("Done in {}.{:02}s.", end / 1000, end % 1000 / 10))));
    steps.push((end, Step::Exit(0, None)));
    Box::new(Server::new(steps).on(&[Signal::Int, Signal::Term], &[], 130))
}

fn yarn_run(cx: &mut Cx<'_>, version: &str, script: &str) -> Box<dyn Job> {
    let command = package_json(cx).and_then(|p| p.get("scripts")?.get(script)?.as_str().map(str::to_string));
    cx.io.outln(&format!("yarn run v{version}"));
    let Some(command) = command else {
        cx.io.errln(&format!("error Command \"{script}\" not found."));
        cx.io.outln("info Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.");
        return done(1);
    };
    cx.io.outln(&format!("$ {command}"));
    // The script runs in `sh -c` as yarn's child, with `node_modules/.bin` on its PATH.
    let was_main = std::mem::replace(&mut cx.sh.is_main, false);
    let child = super::spawn(cx, vec!["sh".to_string(), "-c".to_string(), command.clone()], vec![]);
    cx.sh.is_main = was_main;
    Box::new(NpmRun { child, command, cwd: cx.sh.cwd.clone(), yarn: true })
}

/// `nodemon [-L] FILE`: as `yarn install` put it in `node_modules/.bin` (only there: the
/// images have no global one), it prints its banner and starts `node FILE`, which Muelle
/// starts as a web server (see [`node_script`]).
pub fn nodemon(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let installed = ["node_modules/.bin/nodemon", "node_modules/nodemon/package.json"]
        .iter()
        .any(|p| cx.world.fs_node(cx.sh.loc, &cx.sh.path(p)).is_some());
    if !installed {
        let message = cx.sh.not_found("nodemon");
        cx.io.errln(&message);
        return done(127);
    }
    let Some(file) = argv.iter().skip(1).find(|a| !a.starts_with('-')).cloned() else {
        return super::servers::client_stub(cx, argv);
    };
    cx.io.outln(&format!(
        "[nodemon] 2.0.22\n[nodemon] to restart at any time, enter `rs`\n[nodemon] watching path(s): *.*\n[nodemon] watching extensions: js,mjs,json\n[nodemon] starting `node {file}`"
    ));
    match node_script(cx, &["node".to_string(), file]) {
        Some(job) => job,
        None => done(1),
    }
}
