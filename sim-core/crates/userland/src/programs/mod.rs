//! The programs a shell can run, and where each exists: builtins
//! everywhere, coreutils in every image and on the host, busybox applets in
//! Alpine/BusyBox, the rest only once their package is installed (`ping`
//! appears in Ubuntu after `apt-get install iputils-ping`), and each
//! official image's own binaries (`nginx`, `psql`, `redis-cli`…).

pub(crate) mod appdeps;
mod appservers;
pub(crate) mod builtins;
mod coreutils;
mod cpmv;
mod dbclients;
mod grep;
mod headtail;
mod jobctl;
mod net;
mod nginx;
mod pkg;
mod redis;
mod servers;
mod shells;
mod stream;
mod system;
mod tar;
mod versions;
mod webservers;
mod wordpress;

use crate::host_process::ExecError;
use crate::process::{Cx, Finished, Job, Poll, Run, Wake};
use crate::shell::ShellCtx;
use crate::world::image::Os;
use crate::world::{Cid, Loc, World};

pub use net::tcp_connect;
pub(crate) use net::Failure;
pub use servers::healthcheck_passes;
pub use webservers::http_server;

/// Commands the host (the student's Linux machine) has.
const HOST_ONLY: &[&str] = &["docker", "docker-compose", "muelle", "sudo", "systemctl", "service"];

/// Commands in every image and on the host (coreutils, grep, hostname, getent…).
const CORE: &[&str] = &[
    "ls", "cat", "mkdir", "touch", "rm", "rmdir", "cp", "mv", "env", "printenv", "hostname", "sleep", "head", "tail",
    "wc", "grep", "egrep", "fgrep", "date", "whoami", "id", "uname", "timeout", "tee", "sort", "uniq", "seq", "which",
    "basename", "dirname", "clear", "getent", "nproc", "yes", "tar", "stty",
];

/// busybox applets present in Alpine and BusyBox images.
const BUSYBOX: &[&str] = &["ping", "wget", "nslookup", "ip", "ifconfig", "ps", "ash", "busybox", "top", "watch"];

/// What the host has on top of CORE.
const HOST_EXTRA: &[&str] = &["ping", "curl", "wget", "ip", "nslookup", "ps", "ifconfig", "apt-get", "apt", "tput"];

/// Debian/Alpine package name → commands it installs.
pub const PACKAGES: &[(&str, &[&str])] = &[
    ("iputils-ping", &["ping"]),
    ("curl", &["curl"]),
    ("wget", &["wget"]),
    ("iproute2", &["ip"]),
    ("dnsutils", &["nslookup", "dig", "host"]),
    ("bind9-dnsutils", &["nslookup", "dig", "host"]),
    ("bind-tools", &["nslookup", "dig", "host"]),
    ("net-tools", &["ifconfig", "netstat", "route"]),
    ("procps", &["ps", "top", "free", "pkill"]),
    ("vim", &["vim", "vi"]),
    ("nano", &["nano"]),
    ("less", &["less"]),
    ("netcat-openbsd", &["nc"]),
    ("netcat-traditional", &["nc"]),
    ("python3", &["python3"]),
    ("bash", &["bash"]),
    ("postgresql-client", &["psql"]),
    ("redis-tools", &["redis-cli"]),
    ("telnet", &["telnet"]),
    ("traceroute", &["traceroute"]),
    // What official images ship.
    ("nginx", &["nginx", "docker-entrypoint.sh"]),
    ("apache2", &["httpd", "httpd-foreground", "apachectl"]),
    ("postgresql", &["postgres", "psql", "pg_isready", "initdb", "docker-entrypoint.sh", "gosu"]),
    ("redis", &["redis-server", "redis-cli", "docker-entrypoint.sh", "gosu"]),
    ("mysql-server", &["mysqld", "mysql", "mysqladmin", "docker-entrypoint.sh", "gosu"]),
    (
        "mariadb-server",
        &["mariadbd", "mariadb", "mysql", "mysqladmin", "docker-entrypoint.sh", "gosu", "healthcheck.sh"],
    ),
    ("neo4j", &["neo4j", "cypher-shell", "neo4j-admin", "tini", "docker-entrypoint.sh"]),
    ("python", &["python3", "python", "pip", "pip3"]),
    // What `pip install` puts on the PATH.
    ("flask", &["flask"]),
    ("gunicorn", &["gunicorn"]),
    ("uvicorn", &["uvicorn"]),
    // `pip install "fastapi[standard]"`: fastapi-cli and uvicorn come with it.
    ("fastapi", &["fastapi", "uvicorn"]),
    ("php", &["php", "docker-php-entrypoint"]),
    ("php-apache", &["apache2-foreground", "apache2", "apache2ctl", "apachectl", "a2enmod"]),
    ("php-fpm", &["php-fpm"]),
    ("wordpress", &["docker-entrypoint.sh"]),
    ("openjdk", &["java", "jshell", "javac", "__cacert_entrypoint.sh"]),
    ("nodejs", &["node", "npm", "npx", "yarn", "nodemon", "docker-entrypoint.sh"]),
    ("hello", &["hello"]),
    ("golang", &["go", "gofmt"]),
    ("muelle-app", &["app"]),
];

/// Packages an official image has installed from the start.
pub fn image_packages(repo: &str) -> &'static [&'static str] {
    match repo {
        "nginx" => &["nginx"],
        "httpd" => &["apache2"],
        "postgres" => &["postgresql"],
        "redis" => &["redis"],
        "mysql" => &["mysql-server"],
        "mariadb" => &["mariadb-server"],
        "neo4j" => &["neo4j"],
        "python" => &["python", "curl", "wget"],
        "node" => &["nodejs", "curl", "wget"],
        "php" => &["php", "curl"],
        "wordpress" => &["php", "curl", "wordpress"],
        "eclipse-temurin" => &["openjdk", "curl", "wget"],
        // buildpack-deps:bookworm-scm: curl and wget (git too, which Muelle does not simulate).
        "golang" => &["golang", "curl", "wget"],
        "openjdk" | "amazoncorretto" => &["openjdk"],
        "hello-world" => &["hello"],
        _ => &[],
    }
}

pub(crate) fn container_os(world: &World, cid: Cid) -> Os {
    world
        .container(cid)
        .and_then(|c| world.images().iter().find(|i| i.id == c.config.image_id))
        .map(|i| i.config.os())
        .unwrap_or(Os::Debian)
}

/// Every command name Muelle knows somewhere (for Tab completion; filter with [`has_command`]).
pub fn known_commands() -> impl Iterator<Item = &'static str> {
    builtins::NAMES
        .iter()
        .chain(HOST_ONLY)
        .chain(CORE)
        .chain(BUSYBOX)
        .chain(HOST_EXTRA)
        .chain(&["bash", "sh", "dpkg", "apk", "microdnf"])
        .chain(PACKAGES.iter().flat_map(|(_, cmds)| cmds.iter()))
        .copied()
}

/// Whether `name` (a bare command name) exists where the shell runs.
pub fn has_command(world: &World, loc: Loc, name: &str) -> bool {
    if builtins::lookup(name).is_some() {
        return true;
    }
    match loc {
        Loc::Host => {
            HOST_ONLY.contains(&name)
                || CORE.contains(&name)
                || HOST_EXTRA.contains(&name)
                || name == "bash"
                || name == "sh"
        }
        Loc::Container(cid) => {
            let Some(c) = world.container(cid) else { return false };
            let os = container_os(world, cid);
            if name == "sh" {
                return true;
            }
            if name == "bash" && os.has_bash() {
                return true;
            }
            if CORE.contains(&name) && !(matches!(os, Os::Busybox) && name == "getent") {
                return true;
            }
            if os.is_busybox() && BUSYBOX.contains(&name) {
                return true;
            }
            match name {
                // `tput` is ncurses-bin's, an essential package of Debian and Ubuntu.
                "apt-get" | "apt" | "dpkg" | "tput" => return matches!(os, Os::Debian | Os::Ubuntu),
                "apk" => return os == Os::Alpine,
                "microdnf" => return os == Os::Oracle,
                _ => {}
            }
            c.packages.iter().any(|p| PACKAGES.iter().any(|(pkg, cmds)| pkg == p && cmds.contains(&name)))
        }
    }
}

/// The implementation of a command name among `programs/`' own (the machine's table,
/// `crate::machine`, adds the docker CLI; a shell looks names up there, through [`Cx::bin`]).
pub fn lookup(name: &str) -> Option<Run> {
    if let Some(run) = builtins::lookup(name) {
        return Some(run);
    }
    coreutils::lookup(name)
        .or_else(|| net::lookup(name))
        .or_else(|| pkg::lookup(name))
        .or_else(|| shells::lookup(name))
        .or_else(|| servers::lookup(name))
        .or_else(|| system::lookup(name))
        .or(match name {
            "tar" => Some(tar::tar as Run),
            _ => None,
        })
}

/// Starts `argv` in the current shell: a builtin, a program, or "command not found".
pub fn spawn(cx: &mut Cx<'_>, argv: Vec<String>, assigns: Vec<(String, String)>) -> Box<dyn Job> {
    let Some(first) = argv.first() else { return Box::new(Finished(0)) };
    let name = first.rsplit('/').next().unwrap_or(first).to_string();
    let name = if name.is_empty() { first.clone() } else { name };
    // Anything but a builtin is a new process: refused past the process limit, and while it is
    // being set up the shell counts it, so a child shell it starts begins one level deeper.
    let forks = builtins::lookup(&name).is_none();
    if forks && !crate::shell::fork::can_fork(cx.sh) {
        return crate::shell::fork::failed();
    }
    if forks {
        cx.sh.procs += 1;
        cx.sh.forks += 1;
        cx.world.count_work(1);
    }
    // `VAR=x cmd`: the variables only for that command.
    let saved: Vec<(String, Option<String>)> =
        assigns.iter().map(|(k, _)| (k.clone(), cx.sh.vars.get(k).cloned())).collect();
    for (k, v) in &assigns {
        cx.sh.vars.insert(k.clone(), v.clone());
    }
    let job = if first.contains('/') && !has_command(cx.world, cx.sh.loc, &name) {
        // A path to something that is not a known program: a script or a missing file.
        let path = cx.sh.path(first);
        match cx.world.fs_node(cx.sh.loc, &path) {
            None => {
                cx.io.errln(&format!("{}: {first}: No such file or directory", cx.sh.name_for_errors()));
                Box::new(Finished(127)) as Box<dyn Job>
            }
            Some(crate::fs::Node::Dir) => {
                cx.io.errln(&format!("{}: {first}: Is a directory", cx.sh.name_for_errors()));
                Box::new(Finished(126))
            }
            Some(crate::fs::Node::File(data)) => {
                let text = String::from_utf8_lossy(&data).into_owned();
                // `#!/usr/bin/env python3`: the user's own program, whose behaviour `x-muelle` describes.
                let interpreter = text.lines().next().and_then(|l| l.strip_prefix("#!")).map(|l| {
                    let mut words = l.split_whitespace();
                    let first = words.next().unwrap_or("");
                    let prog = if first.ends_with("/env") { words.next().unwrap_or("") } else { first };
                    prog.rsplit('/').next().unwrap_or(prog).to_string()
                });
                match interpreter.as_deref() {
                    Some("sh" | "bash" | "ash" | "dash") | None => {
                        let kind = shells::script_kind(cx, interpreter.as_deref());
                        shells::run_script_file(cx, &text, &argv, kind)
                    }
                    Some("python3" | "python" | "python3.12" | "python3.11" | "python3.13")
                        if has_command(cx.world, cx.sh.loc, "python3") && !servers::replaces_program(cx) =>
                    {
                        // `#!/usr/bin/env python3`: the kernel runs `python3 <script> args…`.
                        let mut full = vec!["python3".to_string()];
                        full.extend(argv.iter().cloned());
                        crate::python::job::spawn(cx, &full)
                    }
                    Some(_) => servers::user_program(cx, &argv),
                }
            }
        }
    } else {
        let generic_main = cx.sh.is_main && matches!(cx.sh.loc, Loc::Container(cid) if is_generic_image(cx.world, cid));
        match cx.bin.program(&name) {
            Some(run) if has_command(cx.world, cx.sh.loc, &name) => run(cx, &argv),
            _ if generic_main && unknown_official_command(cx) => {
                // An official image whose programs Muelle does not know, told to run a command
                // of its own: Muelle cannot tell what it prints, so it says so and ends.
                let what = argv.join(" ");
                let repo = servers::container_repo(cx);
                cx.io.errln(&format!("muelle: Muelle no conoce los programas de la imagen oficial «{repo}»: `{what}` no se simula (el contenedor termina con 1)\nmuelle: Muelle does not know the programs of the official image \"{repo}\": `{what}` is not simulated (the container ends with 1)"));
                Box::new(Finished(1))
            }
            _ if generic_main => servers::user_program(cx, &argv),
            _ => {
                let msg = cx.sh.not_found(&name);
                cx.io.errln(&msg);
                if cx.sh.loc != Loc::Host {
                    let hint = match name.as_str() {
                        "ping" => Some(crate::i18n::Hint::CommandNotFoundPing),
                        "curl" => Some(crate::i18n::Hint::CommandNotFoundCurl),
                        _ => None,
                    };
                    if let Some(h) = hint {
                        cx.effects.push(crate::process::Effect::Hint(h));
                    }
                }
                Box::new(Finished(127))
            }
        }
    };
    if forks {
        cx.sh.procs -= 1;
    }
    for (k, old) in saved {
        if builtins::lookup(&name).is_none() {
            match old {
                Some(v) => cx.sh.vars.insert(k, v),
                None => cx.sh.vars.remove(&k),
            };
        }
    }
    job
}

/// An official image Muelle has no catalog entry for (`ruby`, `mongo`…), whose container was
/// given a command instead of the image's own: `docker run --rm ruby ruby -v` would otherwise run
/// idle, forever, as a program nobody described.
fn unknown_official_command(cx: &Cx<'_>) -> bool {
    let Loc::Container(cid) = cx.sh.loc else { return false };
    let Some(c) = cx.world.container(cid) else { return false };
    let Some(image) = cx.world.images().iter().find(|i| i.id == c.config.image_id) else { return false };
    let behaviour = c.behaviour.as_ref().is_some_and(|b| b.declared);
    crate::world::image::is_official(&image.repo)
        && crate::world::image::catalog_entry(&image.repo).is_none()
        && !behaviour
        && c.config.cmd != image.config.cmd
}

/// An image Muelle does not know: its own programs are unknown, so whatever it is
/// told to run is taken to exist and runs as the user's program (`x-muelle`).
fn is_generic_image(world: &World, cid: Cid) -> bool {
    world.container(cid).is_some_and(|c| c.packages.contains("muelle-app"))
}

/// Checks that a container's main program can run, as runc finds it: create-time
/// `exec.LookPath` (the command in `$PATH`, or the file a path names) and then the kernel's
/// `execve` (the `#!` interpreter and the dynamic loader), each looked up through the mounts
/// laid over the image ([`World::mount_hides`]), so `-v /tmp:/usr` hides a Debian image's
/// programs and libraries.
pub fn check_executable(world: &World, cid: Cid, argv: &[String]) -> Result<(), ExecError> {
    let Some(first) = argv.first() else {
        return Err(ExecError::NotInPath(String::new()));
    };
    if is_generic_image(world, cid) {
        return Ok(());
    }
    let missing =
        || if first.contains('/') { ExecError::NoSuchFile(first.clone()) } else { ExecError::NotInPath(first.clone()) };
    let name = first.rsplit('/').next().unwrap_or(first);
    if builtins::lookup(name).is_some()
        && !matches!(name, "echo" | "true" | "false" | "pwd" | "test" | "[" | "printf" | "kill")
    {
        return Err(missing());
    }
    let loc = Loc::Container(cid);
    let os = container_os(world, cid);
    // A real file (nginx's `/docker-entrypoint.sh`, a user's script): the file system answers,
    // mounts included. Otherwise a program Muelle knows, in its directory of the image.
    let file = if first.contains('/') { world.fs_read(loc, first).ok() } else { None };
    let path = match &file {
        Some(_) => first.clone(),
        None if has_command(world, loc, name) => {
            let path = if first.contains('/') { first.clone() } else { format!("{}/{name}", program_dir(os, name)) };
            if world.mount_hides(cid, &usr_merged(os, &path)) {
                return Err(missing());
            }
            path
        }
        None => return Err(missing()),
    };
    // `execve`: a script's interpreter, then the dynamic loader every binary but BusyBox's needs.
    let interpreter = file.as_deref().and_then(|data| {
        let line = data.strip_prefix(b"#!")?;
        let line = String::from_utf8_lossy(line.split(|b| *b == b'\n').next().unwrap_or(&[])).into_owned();
        line.split_whitespace().next().map(str::to_string)
    });
    let hidden = |p: &str| world.mount_hides(cid, &usr_merged(os, p));
    if interpreter.as_deref().is_some_and(hidden) || loader(os).is_some_and(hidden) {
        return Err(ExecError::ExecFailed(path));
    }
    Ok(())
}

/// Where an image keeps a program Muelle knows (what `exec.LookPath` finds in `$PATH`).
fn program_dir(os: Os, name: &str) -> &'static str {
    match name {
        "nginx" | "mysqld" | "mariadbd" => "/usr/sbin",
        "httpd" | "apachectl" => "/usr/local/apache2/bin",
        "go" | "gofmt" => "/usr/local/go/bin",
        "postgres" | "initdb" | "pg_isready" => "/usr/lib/postgresql/16/bin",
        "docker-entrypoint.sh"
        | "gosu"
        | "redis-server"
        | "redis-cli"
        | "node"
        | "npm"
        | "npx"
        | "python"
        | "python3"
        | "pip"
        | "pip3"
        | "httpd-foreground"
        | "app"
        | "tini"
        | "healthcheck.sh" => "/usr/local/bin",
        _ if os.is_busybox() => "/bin",
        _ => "/usr/bin",
    }
}

/// The dynamic loader the kernel needs for the image's binaries (BusyBox's is static).
fn loader(os: Os) -> Option<&'static str> {
    match os {
        Os::Busybox => None,
        Os::Alpine => Some("/lib/ld-musl-x86_64.so.1"),
        Os::Debian | Os::Ubuntu | Os::Oracle => Some("/lib64/ld-linux-x86-64.so.2"),
    }
}

/// Debian 12, Ubuntu 24.04 and Oracle Linux 9 have merged `/usr`: `/bin`, `/sbin`, `/lib` and
/// `/lib64` are links into `/usr`, so a mount over `/usr` hides them too.
fn usr_merged(os: Os, path: &str) -> String {
    if matches!(os, Os::Alpine | Os::Busybox) {
        return path.to_string();
    }
    for top in ["/bin", "/sbin", "/lib", "/lib64"] {
        if crate::fs::is_within(path, top) {
            return format!("/usr{path}");
        }
    }
    path.to_string()
}

/// Builds the main process of a container that is starting.
pub fn main_process(world: &mut World, cid: Cid) -> (Box<dyn Job>, ShellCtx) {
    let mut sh = ShellCtx::for_container(world, cid);
    sh.is_main = true;
    let argv = world.container(cid).map(|c| c.argv()).unwrap_or_default();
    let job: Box<dyn Job> = Box::new(shells::MainStart::new(argv));
    // `x-muelle.memory` above the memory limit: whatever the program is, the
    // kernel kills it once it has grown (at `ready_after`), exit 137, OOMKilled.
    let oom = world.container(cid).and_then(|c| {
        let b = c.behaviour.as_ref()?;
        (b.memory_bytes? > c.host.memory?).then_some(b.ready_after_ms)
    });
    match oom {
        Some(after) => (Box::new(OomAfter { inner: job, after, start: None }), sh),
        None => (job, sh),
    }
}

/// A main process that the kernel's OOM killer ends `after` ms in.
struct OomAfter {
    inner: Box<dyn Job>,
    after: u64,
    start: Option<crate::time::SimTime>,
}

impl Job for OomAfter {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let start = *self.start.get_or_insert(cx.now());
        let deadline = start.plus(self.after);
        if cx.now() >= deadline {
            cx.effects.push(crate::process::Effect::ExitCause(crate::events::Cause::OutOfMemory));
            return Poll::Done(137);
        }
        match self.inner.poll(cx) {
            Poll::Done(code) => Poll::Done(code),
            Poll::Pending(Wake::At(t)) => Poll::Pending(Wake::At(t.min(deadline))),
            Poll::Pending(_) => Poll::Pending(Wake::At(deadline)),
        }
    }
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.inner.interrupt(cx)
    }
    fn signal(&mut self, sig: crate::process::Signal, cx: &mut Cx<'_>) -> Option<i32> {
        self.inner.signal(sig, cx)
    }
    fn serve(&mut self, port: u16, request: &[u8], cx: &mut Cx<'_>) -> Option<Vec<u8>> {
        self.inner.serve(port, request, cx)
    }
    fn is_interactive_shell(&self) -> bool {
        self.inner.is_interactive_shell()
    }
    fn runs_until_interrupted(&self) -> bool {
        self.inner.runs_until_interrupted()
    }
    fn wants_input(&self) -> bool {
        self.inner.wants_input()
    }
    fn hides_input(&self) -> bool {
        self.inner.hides_input()
    }
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        self.inner.input(line, cx)
    }
    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.inner.end_of_input(cx)
    }
}
