//! What a web application connects to, read from its source files: the framework servers
//! (`flask run`, gunicorn, uvicorn, `node server.js`…) do not run the application's code, but
//! its database and cache connections decide whether a request succeeds, so they are read from
//! the text a student wrote — `redis.Redis(host='redis', port=6379)`,
//! `psycopg2.connect(host="db")`, `createClient({ url: 'redis://cache:6379' })`,
//! `create_engine("postgresql://u:p@db/app")`, or a bare string that names one of the Compose
//! project's services (`Redis('redis')`).
//!
//! The reading is lexical, not a parser: string literals in the files of the working directory
//! (and one level below it), each taken as a connection when it is a URL of a database scheme,
//! the value of a `host` argument or key, or a service's name. A port comes from the same call
//! (`port=6380`, `port: 6380`), else the library's usual one, else the target's `EXPOSE`.
//! It is bounded (files, bytes) so a big project costs the same as a small one.

use crate::process::Cx;
use crate::world::Loc;

/// Source files looked at, at most, and the bytes read of each.
const MAX_FILES: usize = 64;
const MAX_BYTES: usize = 256 * 1024;

/// Extensions of the languages whose servers Muelle starts.
const SOURCE_EXTENSIONS: &[&str] = &[".py", ".js", ".mjs", ".cjs", ".ts", ".php", ".java", ".rb"];

/// Directories that hold dependencies or caches, not the application.
const SKIPPED_DIRS: &[&str] = &["node_modules", "__pycache__", ".git", "venv", ".venv", "vendor", "target", "dist"];

/// One connection the source names: the host, and the port when the text or the library says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub host: String,
    pub port: Option<u16>,
}

/// The usual port of a URL scheme or a client library's name.
pub fn usual_port(kind: &str) -> Option<u16> {
    let kind = kind.to_ascii_lowercase();
    let kind = kind.split('+').next().unwrap_or_default();
    Some(match kind {
        "postgres" | "postgresql" | "psycopg" | "psycopg2" | "asyncpg" | "pg" => 5432,
        "mysql" | "mariadb" | "pymysql" | "mysqldb" | "aiomysql" => 3306,
        "redis" | "rediss" | "strictredis" | "ioredis" => 6379,
        "mongodb" | "mongoclient" | "mongoose" | "motor" => 27017,
        "amqp" | "pika" | "amqplib" => 5672,
        "bolt" | "neo4j" => 7687,
        "memcached" | "pymemcache" => 11211,
        _ => return None,
    })
}

/// The usual port of a `<PREFIX>_HOST` variable's prefix or a URL's scheme.
fn env_port(kind: &str) -> Option<u16> {
    match kind {
        "db" | "database" => Some(5432),
        "cache" => Some(6379),
        "mongo" => Some(27017),
        "rabbitmq" | "rabbit" => Some(5672),
        other => usual_port(other),
    }
}

/// The connections an environment names: `<PREFIX>_HOST` (port from `<PREFIX>_PORT`, else the
/// prefix's usual one: `DB_HOST`, `POSTGRES_HOST`, `REDIS_HOST`, `MYSQL_HOST`…) and
/// `*_URL`/`*_URI` values with a database scheme (`postgres://u:p@db:5432/app`).
pub fn from_environment(env: &[(String, String)]) -> Vec<(String, u16)> {
    let env: Vec<(String, &str)> = env.iter().map(|(k, v)| (k.to_ascii_uppercase(), v.trim())).collect();
    let get = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
    let mut connects: Vec<(String, u16)> = Vec::new();
    for (key, value) in &env {
        let target = if let Some(prefix) = key.strip_suffix("_HOST") {
            let port = get(&format!("{prefix}_PORT")).and_then(|p| p.parse().ok());
            port.or(env_port(&prefix.to_ascii_lowercase()))
                .filter(|_| plausible_host(value))
                .map(|port| (value.to_string(), port))
        } else if key.ends_with("_URL") || key.ends_with("_URI") {
            from_url(value).and_then(|m| Some((m.host, m.port?)))
        } else {
            None
        };
        if let Some(t) = target {
            if !connects.contains(&t) {
                connects.push(t);
            }
        }
    }
    connects
}

/// The string literals of a source text with the byte offset where each starts (quotes `'`,
/// `"` and `` ` ``; backslash escapes skipped, not decoded; `#`/`//` comments skipped).
fn literals(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'\'' | b'"' | b'`') => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != q && bytes[j] != b'\n' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(bytes.len());
                if let Some(lit) = text.get(start..end) {
                    out.push((i, lit));
                }
                i = end + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// `scheme://user:pass@host:port/…` with a database scheme, as (host, port).
fn from_url(lit: &str) -> Option<Mention> {
    let (scheme, rest) = lit.split_once("://")?;
    let default = usual_port(scheme)?;
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let hostport = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (hostport, default),
    };
    Some(Mention { host: host.to_string(), port: Some(port) })
}

/// The identifier (with its dotted qualifier) just before the `(` of the call that encloses
/// `at`, if `at` is inside one: `redis.Redis`, `psycopg2.connect`, `new Pool`.
fn enclosing_call(text: &str, at: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    let mut i = at;
    let limit = at.saturating_sub(400);
    while i > limit {
        i -= 1;
        match bytes[i] {
            b')' | b'}' | b']' => depth += 1,
            b'(' | b'{' | b'[' if depth > 0 => depth -= 1,
            b'(' => {
                let end = i;
                let mut start = end;
                while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || b"_.$".contains(&bytes[start - 1])) {
                    start -= 1;
                }
                return Some((&text[start..end], i));
            }
            b'{' | b'[' => {}
            b';' => return None,
            _ => {}
        }
    }
    None
}

/// The end of the call whose `(` is at `open` (or the text's end).
fn call_end(text: &str, open: usize) -> usize {
    let mut depth = 0i32;
    for (i, b) in text.bytes().enumerate().skip(open) {
        match b {
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// A `port` argument or key inside `span`: `port=6380`, `port: 6380`, `"port": "6380"`.
fn port_in(span: &str) -> Option<u16> {
    let mut rest = span;
    while let Some(i) = rest.find("port") {
        let after = rest[i + 4..].trim_start_matches(['"', '\'']).trim_start();
        if let Some(value) = after.strip_prefix('=').or_else(|| after.strip_prefix(':')) {
            let digits: String =
                value.trim_start().trim_start_matches(['"', '\'']).chars().take_while(char::is_ascii_digit).collect();
            if let Ok(port) = digits.parse() {
                return Some(port);
            }
        }
        rest = &rest[i + 4..];
    }
    None
}

/// The library a call belongs to, from its name and qualifier, as a usual port.
fn library_port(call: &str) -> Option<u16> {
    call.split('.').rev().find_map(usual_port)
}

/// The word before a literal (`host=`, `host:`, `"host":`), whether it names the host.
fn is_host_value(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let Some(before) = before.strip_suffix('=').or_else(|| before.strip_suffix(':')) else { return false };
    let key = before.trim_end().trim_end_matches(['"', '\'']);
    let word: String = key
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    matches!(word.to_ascii_lowercase().as_str(), "host" | "hostname" | "server" | "redis_host" | "db_host")
}

/// A name a program could connect to: not a loopback or wildcard address, nothing templated.
fn plausible_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && !matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0" | "::1")
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
}

/// The connections one source text names. `services`: the Compose project's other services,
/// whose names alone count as a host.
pub fn mentions(text: &str, services: &[String]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for (at, lit) in literals(text) {
        let found = if let Some(m) = from_url(lit) {
            Some(m)
        } else if is_host_value(text, at) || services.iter().any(|s| s == lit) {
            let call = enclosing_call(text, at);
            let port = call.and_then(|(_, open)| port_in(&text[open..call_end(text, open)]));
            let library = call.and_then(|(name, _)| library_port(name));
            Some(Mention { host: lit.to_string(), port: port.or(library) })
        } else {
            None
        };
        if let Some(m) = found.filter(|m| plausible_host(&m.host)) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

/// The application's source files under the working directory (and its subdirectories one
/// level down), at most `MAX_FILES`, each cut at `MAX_BYTES`.
fn sources(cx: &Cx<'_>) -> Vec<String> {
    let mut texts = Vec::new();
    let mut dirs = vec![(cx.sh.cwd.clone(), 0)];
    while let Some((dir, depth)) = dirs.pop() {
        let Ok(entries) = cx.world.fs_list(cx.sh.loc, &dir) else { continue };
        for (name, is_dir) in entries {
            let path = crate::fs::normalize(&dir, &name);
            if is_dir {
                if depth == 0 && !SKIPPED_DIRS.contains(&name.as_str()) && !name.starts_with('.') {
                    dirs.push((path, 1));
                }
            } else if SOURCE_EXTENSIONS.iter().any(|e| name.ends_with(e)) && texts.len() < MAX_FILES {
                if let Ok(mut bytes) = cx.world.fs_read(cx.sh.loc, &path) {
                    bytes.truncate(MAX_BYTES);
                    texts.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
    }
    texts
}

/// The Compose project's services other than the asker's own, from the labels Compose writes.
fn project_services(cx: &Cx<'_>, me: crate::world::Cid) -> Vec<String> {
    let label =
        |c: &crate::world::Container, key: &str| c.config.labels.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let Some(c) = cx.world.container(me) else { return Vec::new() };
    let (Some(project), Some(own)) = (label(c, "com.docker.compose.project"), label(c, "com.docker.compose.service"))
    else {
        return Vec::new();
    };
    let mut names: Vec<String> = cx
        .world
        .containers()
        .values()
        .filter(|c| label(c, "com.docker.compose.project").as_deref() == Some(project.as_str()))
        .filter_map(|c| label(c, "com.docker.compose.service"))
        .filter(|s| *s != own)
        .collect();
    crate::sort::sort(&mut names);
    names.dedup();
    names
}

/// The port a host listens on when the source gave none: the first port its container (or
/// the first container of the service of that name) exposes.
fn exposed_port(cx: &Cx<'_>, host: &str) -> Option<u16> {
    let by_name = |c: &&crate::world::Container| {
        c.name == host || c.config.labels.iter().any(|(k, v)| k == "com.docker.compose.service" && v == host)
    };
    let c = cx.world.containers().values().find(by_name)?;
    c.config.exposed.first().and_then(|e| e.split('/').next()).and_then(|p| p.parse().ok())
}

/// What the application in the shell's container connects to: its environment's connections
/// (`DB_HOST`, `MYSQL_HOST`, `REDIS_URL`…, from `docker run -e` or Compose alike) and its
/// sources'.
pub fn of_application(cx: &Cx<'_>) -> Vec<(String, u16)> {
    let Loc::Container(me) = cx.sh.loc else { return Vec::new() };
    let mut deps = from_environment(&cx.sh.vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>());
    let services = project_services(cx, me);
    for text in sources(cx) {
        for m in mentions(&text, &services) {
            let Some(port) = m.port.or_else(|| exposed_port(cx, &m.host)) else { continue };
            if !deps.iter().any(|(h, p)| *h == m.host && *p == port) {
                deps.push((m.host, port));
            }
        }
    }
    deps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(host: &str, port: Option<u16>) -> Mention {
        Mention { host: host.into(), port }
    }

    #[test]
    fn dockers_getting_started_flask_app_names_redis() {
        let app = "import time\n\nimport redis\nfrom flask import Flask\n\napp = Flask(__name__)\ncache = redis.Redis(host='redis', port=6379)\n";
        assert_eq!(mentions(app, &[]), vec![m("redis", Some(6379))]);
    }

    #[test]
    fn the_port_comes_from_the_call_then_the_library() {
        assert_eq!(mentions("r = Redis(host=\"cache\", port=6380)", &[]), vec![m("cache", Some(6380))]);
        assert_eq!(mentions("conn = psycopg2.connect(host='db', user='u')", &[]), vec![m("db", Some(5432))]);
        assert_eq!(mentions("const pool = new Pool({ host: 'pg', port: '5433' })", &[]), vec![m("pg", Some(5433))]);
        assert_eq!(mentions("mysql.createConnection({host: \"mysql\"})", &[]), vec![m("mysql", Some(3306))]);
        assert_eq!(mentions("x = connect(host='db')", &[]), vec![m("db", None)]);
    }

    #[test]
    fn database_urls_give_host_and_port() {
        let src = "engine = create_engine(\"postgresql+psycopg2://user:pw@db/app\")\nclient = createClient({ url: 'redis://cache:6380' })\nmongoose.connect(`mongodb://mongo/test`)";
        assert_eq!(mentions(src, &[]), vec![m("db", Some(5432)), m("cache", Some(6380)), m("mongo", Some(27017))]);
    }

    #[test]
    fn a_services_name_alone_counts_and_other_strings_do_not() {
        let services = vec!["redis".to_string(), "web".to_string()];
        let src = "cache = Redis('redis', 6379)\nprint('hello')\nname = 'worker'";
        assert_eq!(mentions(src, &services), vec![m("redis", Some(6379))]);
    }

    #[test]
    fn loopback_comments_and_templates_are_not_connections() {
        let src = "# cache = Redis(host='old')\n// db = connect({host: 'older'})\nr = Redis(host='localhost')\nu = f\"redis://{HOST}:6379\"\napp.run(host='0.0.0.0')";
        assert_eq!(mentions(src, &[]), vec![]);
    }

    #[test]
    fn unterminated_and_odd_text_does_not_panic() {
        for src in ["'", "host=", "Redis(host='", "\\", "port=99999999 host='x'", "((((", "}}}}'a'"] {
            let _ = mentions(src, &["a".to_string()]);
        }
    }
}
