//! HTTP as the simulated servers answer it: nginx and httpd serve the files
//! in their document roots (so a bind-mounted `index.html` is what `curl`
//! prints), other servers answer what their image or `x-muelle` says.

use super::container::{Cid, HttpApp};
use super::vfs::Loc;
use super::World;
use crate::time::DateTime;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub reason: &'static str,
    pub content_type: &'static str,
    pub server: String,
    pub body: Vec<u8>,
    /// A redirect's `Location` header (WordPress sends one to its installer).
    pub location: Option<String>,
}

/// What a server does with a TCP connection on a port it listens on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Http(HttpResponse),
    /// Not an HTTP server (postgres, redis…): curl sees an empty reply.
    NotHttp,
}

impl World {
    /// A GET of `path` on `cid`'s `port` (the caller checked it listens). `client` is the
    /// address in the access log; `host`, the request's `Host` header (`localhost:8080`).
    pub fn http_get(&mut self, cid: Cid, port: u16, path: &str, client: &str, agent: &str, host: &str) -> Answer {
        let Some(c) = self.containers.get(&cid) else { return Answer::NotHttp };
        let image = c.config.image.clone();
        let repo = image.split(':').next().unwrap_or("").rsplit('/').next().unwrap_or("").to_string();
        let uri = path.to_string();
        let path = path.split('?').next().unwrap_or("/").to_string();
        if let Some(body) = c.behaviour.as_ref().and_then(|b| b.http_body.clone()) {
            return Answer::Http(ok_html(body.into_bytes(), "Muelle".into()));
        }
        let app = c.http_servers.get(&port).cloned();
        let nginx = repo == "nginx" || matches!(app, Some(HttpApp::Static { .. }));
        match app.clone() {
            Some(HttpApp::Framework { name, .. }) => return self.framework_page(cid, port, name, &path, client),
            Some(HttpApp::Files { dir, python }) => return self.simple_http(cid, port, &dir, &python, &path, client),
            Some(HttpApp::Php { root, version }) => return self.php_builtin(cid, port, &root, &version, &uri, client),
            Some(HttpApp::ApachePhp { .. }) => return self.apache_php(cid, port, &uri, client, agent, host),
            Some(HttpApp::Static { .. }) | None => {}
        }
        let answer = match (repo.as_str(), port, app) {
            (_, _, Some(HttpApp::Static { root, index })) => {
                self.serve_files(cid, &root, &path, "nginx/1.27.4", Some(&index))
            }
            ("nginx", _, _) => {
                let index = ["index.html".to_string(), "index.htm".to_string()];
                self.serve_files(cid, "/usr/share/nginx/html", &path, "nginx/1.27.4", Some(&index))
            }
            ("httpd", _, _) => {
                self.serve_files(cid, "/usr/local/apache2/htdocs", &path, "Apache/2.4.63 (Unix)", None)
            }
            ("neo4j", 7474, _) => Answer::Http(HttpResponse {
                location: None,
                status: 200,
                reason: "OK",
                content_type: "application/json",
                server: "Jetty".into(),
                body: br#"{"bolt_routing":"neo4j://localhost:7687","transaction":"http://localhost:7474/db/{databaseName}/tx","bolt_direct":"bolt://localhost:7687","neo4j_version":"5.26.2","neo4j_edition":"community"}"#.to_vec(),
            }),
            ("postgres" | "mysql" | "mariadb" | "redis", _, _) | ("neo4j", _, _) => Answer::NotHttp,
            _ => {
                let is_http = c.behaviour.as_ref().is_some_and(|b| b.listens.contains(&port));
                if is_http {
                    Answer::Http(ok_html(format!("<h1>{}</h1>\n", c.name).into_bytes(), "Muelle".into()))
                } else {
                    Answer::NotHttp
                }
            }
        };
        if let (Answer::Http(resp), true) = (&answer, nginx) {
            let d = DateTime::at(self.now());
            let line = format!(
                "{client} - - [{:02}/{}/{}:{:02}:{:02}:{:02} +0000] \"GET {path} HTTP/1.1\" {} {} \"-\" \"{agent}\" \"-\"\n",
                d.day, d.month_abbr(), d.year, d.hour, d.minute, d.second, resp.status, resp.body.len()
            );
            self.append_logs(cid, &line);
        }
        answer
    }

    /// A framework's answer: Muelle does not run the application's code, so the body is a page
    /// that says so (both languages: the host has no session language), logged as the
    /// framework's development server logs a request.
    fn framework_page(&mut self, cid: Cid, port: u16, framework: &'static str, path: &str, client: &str) -> Answer {
        let line = match framework {
            // Werkzeug's development server logs as `http.server` does.
            "Flask" => request_line(self.now(), client, path, 200),
            // uvicorn's access log: the client's address with its (ephemeral) port.
            "Uvicorn" => {
                let port = 32768 + self.now().ms() % 28232;
                format!("INFO:     {client}:{port} - \"GET {path} HTTP/1.1\" 200 OK\n")
            }
            // fastapi-cli's formatter: uvicorn's access line without the reason phrase.
            "FastAPI" => {
                let port = 32768 + self.now().ms() % 28232;
                format!("{:>10}   {client}:{port} - \"GET {path} HTTP/1.1\" 200\n", "INFO")
            }
            // gunicorn logs no access without `--access-logfile`; a Node.js program, what it prints.
            _ => String::new(),
        };
        self.request_log(cid, port, &line);
        let body = muelle_page(framework, path);
        let server = match framework {
            "Flask" => "Werkzeug/3.1.3 Python/3.10.16".to_string(),
            "Uvicorn" | "FastAPI" => "uvicorn".to_string(),
            other => other.to_string(),
        };
        Answer::Http(HttpResponse {
            location: None,
            status: 200,
            reason: "OK",
            content_type: "text/html; charset=utf-8",
            server,
            body,
        })
    }

    /// The framework serving `port` and what its application connects to while it answers
    /// (see [`HttpApp::Framework`]); `None` for any other server.
    pub fn framework(&self, cid: Cid, port: u16) -> Option<(&'static str, Vec<(String, u16)>)> {
        match self.containers.get(&cid).and_then(|c| c.http_servers.get(&port)) {
            Some(HttpApp::Framework { name, deps }) => Some((name, deps.clone())),
            Some(HttpApp::ApachePhp { .. }) if self.holds_wordpress(cid) => {
                Some(("WordPress", self.wordpress_database(cid).into_iter().collect()))
            }
            _ => None,
        }
    }

    /// The framework's answer when its application raised `error` (one line, the exception as
    /// the language prints it) while answering GET `path`: the framework's log lines and its
    /// 500 page. The log has the error line, not a traceback: Muelle does not know the
    /// application's frames.
    pub fn framework_failure(&mut self, cid: Cid, port: u16, path: &str, client: &str, error: &str) -> Answer {
        let name = match self.containers.get(&cid).and_then(|c| c.http_servers.get(&port)) {
            Some(HttpApp::Framework { name, .. }) => *name,
            _ => return Answer::NotHttp,
        };
        let d = DateTime::at(self.now());
        let stamp = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02},{:03}",
            d.year, d.month, d.day, d.hour, d.minute, d.second, d.millis
        );
        let ephemeral = 32768 + self.now().ms() % 28232;
        let (log, server, content_type, body) = match name {
            // Flask's `app.logger` (`[%(asctime)s] %(levelname)s in %(module)s: %(message)s`) and
            // Werkzeug's InternalServerError page; gunicorn runs the same Flask application.
            "Flask" | "gunicorn" => {
                let mut log = format!("[{stamp}] ERROR in app: Exception on {path} [GET]\n{error}\n");
                if name == "Flask" {
                    log.push_str(&request_line(self.now(), client, path, 500));
                }
                let server = if name == "Flask" { "Werkzeug/3.1.3 Python/3.10.16" } else { "gunicorn" };
                (log, server.to_string(), "text/html; charset=utf-8", WERKZEUG_500.as_bytes().to_vec())
            }
            // uvicorn's error logger, then its access line; Starlette's plain-text 500.
            "Uvicorn" | "FastAPI" => {
                let access = if name == "Uvicorn" {
                    format!("INFO:     {client}:{ephemeral} - \"GET {path} HTTP/1.1\" 500 Internal Server Error\n")
                } else {
                    format!("{:>10}   {client}:{ephemeral} - \"GET {path} HTTP/1.1\" 500\n", "INFO")
                };
                let log = format!("ERROR:    Exception in ASGI application\n{error}\n{access}");
                (log, "uvicorn".to_string(), "text/plain; charset=utf-8", b"Internal Server Error".to_vec())
            }
            // Express's final handler: the error's stack on stderr, its message in a page.
            "Node.js" => (
                format!("{error}\n"),
                "Node.js".to_string(),
                "text/html; charset=utf-8",
                format!(
                    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>{}</pre>\n</body>\n</html>\n",
                    html_escape(error)
                )
                .into_bytes(),
            ),
            // Spring Boot's error attributes as JSON (what a client that is not a browser gets).
            _ => (
                format!("{error}\n"),
                name.to_string(),
                "application/json",
                format!(
                    "{{\"timestamp\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}+00:00\",\"status\":500,\"error\":\"Internal Server Error\",\"path\":\"{path}\"}}",
                    d.year, d.month, d.day, d.hour, d.minute, d.second, d.millis
                )
                .into_bytes(),
            ),
        };
        self.request_log(cid, port, &log);
        // Werkzeug writes its status lines' phrases in capitals (`500 INTERNAL SERVER ERROR`).
        let reason = if name == "Flask" { "INTERNAL SERVER ERROR" } else { "Internal Server Error" };
        Answer::Http(HttpResponse { location: None, status: 500, reason, content_type, server, body })
    }

    /// PHP's built-in server (php-src's `sapi/cli/php_cli_server.c`, PHP 8.x): the request's
    /// path is looked up under the document root as `php_cli_server_request_translate_vpath`
    /// does (a directory's `index.php`, then `index.html`; a path without a dot that does not
    /// exist falls back to the nearest directory's index, the front-controller pattern). A
    /// `.php` script gets the labelled page (PHP code does not run), any other file is sent as
    /// it is, anything else is PHP's 404 page. Each connection logs three lines to stderr:
    /// `Accepted`, the response (`[200]: GET /`), `Closing`.
    fn php_builtin(&mut self, cid: Cid, port: u16, root: &str, version: &str, uri: &str, client: &str) -> Answer {
        let loc = Loc::Container(cid);
        let path = uri.split('?').next().unwrap_or("/");
        let vpath = crate::fs::normalize("/", path.trim_start_matches('/'));
        let dotted = vpath.contains('.');
        let root = root.trim_end_matches('/');
        let under = |p: &str| if p == "/" { root.to_string() } else { format!("{root}{p}") };
        // The file that answers (its path under the root), if any.
        let mut target: Option<String> = None;
        let mut at = vpath.clone();
        loop {
            let full = under(&at);
            if self.fs_is_dir(loc, &full) {
                let index = ["index.php", "index.html"]
                    .into_iter()
                    .map(|i| format!("{}/{i}", at.trim_end_matches('/')))
                    .find(|i| self.fs_exists_file(loc, &under(i)));
                if !dotted {
                    target = index;
                }
                break;
            }
            if self.fs_exists_file(loc, &full) {
                target = Some(at);
                break;
            }
            let up = crate::fs::parent(&at).to_string();
            if at == "/" || up == at {
                break;
            }
            at = up;
        }
        let ext = target.as_deref().and_then(|t| t.rsplit_once('.')).map(|(_, e)| sim_base::case::to_lower(e));
        let server = format!("PHP {version} Development Server");
        let (answer, message) = match target {
            Some(_) if ext.as_deref() == Some("php") => (
                HttpResponse {
                    location: None,
                    status: 200,
                    reason: "OK",
                    content_type: "text/html; charset=UTF-8",
                    server,
                    body: muelle_page("PHP", path),
                },
                String::new(),
            ),
            Some(t) => match self.fs_read(loc, &under(&t)) {
                Ok(body) => (
                    HttpResponse {
                        location: None,
                        status: 200,
                        reason: "OK",
                        content_type: php_mime(&t),
                        server,
                        body,
                    },
                    String::new(),
                ),
                Err(_) => (php_not_found(uri, server), " - No such file or directory".to_string()),
            },
            None => (php_not_found(uri, server), " - No such file or directory".to_string()),
        };
        let d = DateTime::at(self.now());
        let when = d.asctime();
        let peer = format!("{client}:{}", 32768 + self.now().ms() % 28232);
        let log = format!(
            "[{when}] {peer} Accepted\n[{when}] {peer} [{}]: GET {uri}{message}\n[{when}] {peer} Closing\n",
            answer.status
        );
        self.request_log(cid, port, &log);
        Answer::Http(answer)
    }

    /// Apache 2.4 with mod_php as `php:*-apache` configures it: a directory answers its
    /// `index.php`, else its `index.html`, else 403 (`Options -Indexes`); a `.php` script gets
    /// the labelled page (PHP code does not run); errors are Apache's pages with the server's
    /// signature (Debian's `ServerSignature On`, the name and port from the `Host` header);
    /// each request is logged to stdout in the `combined` format.
    fn apache_php(&mut self, cid: Cid, port: u16, uri: &str, client: &str, agent: &str, host: &str) -> Answer {
        const ROOT: &str = "/var/www/html";
        const SERVER: &str = "Apache/2.4.62 (Debian)";
        let loc = Loc::Container(cid);
        let path = uri.split('?').next().unwrap_or("/");
        let mut file = crate::fs::normalize(ROOT, path.trim_start_matches('/'));
        let mut forbidden = false;
        if self.fs_is_dir(loc, &file) {
            match ["index.php", "index.html"]
                .iter()
                .map(|i| format!("{file}/{i}"))
                .find(|i| self.fs_exists_file(loc, i))
            {
                Some(index) => file = index,
                None => forbidden = true,
            }
        }
        let is_php = file.rsplit_once('.').is_some_and(|(_, e)| sim_base::case::to_lower(e) == "php");
        let (name, signature_port) = match host.rsplit_once(':') {
            Some((n, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (n.to_string(), p.to_string()),
            _ => (host.to_string(), "80".to_string()),
        };
        let error = |status: u16, title: &str, text: &str| {
            format!(
                "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>{status} {title}</title>\n</head><body>\n<h1>{title}</h1>\n<p>{text}</p>\n<hr>\n<address>{SERVER} Server at {name} Port {signature_port}</address>\n</body></html>\n"
            )
            .into_bytes()
        };
        let answer = match self.fs_read(loc, &file) {
            _ if self.wordpress_answers(cid, uri) => self.wordpress_page(uri, host),
            _ if forbidden => HttpResponse {
                location: None,
                status: 403,
                reason: "Forbidden",
                content_type: "text/html; charset=iso-8859-1",
                server: SERVER.into(),
                body: error(403, "Forbidden", "You don't have permission to access this resource."),
            },
            Ok(_) if is_php => HttpResponse {
                location: None,
                status: 200,
                reason: "OK",
                content_type: "text/html; charset=UTF-8",
                server: SERVER.into(),
                body: muelle_page("PHP", path),
            },
            Ok(body) => HttpResponse {
                location: None,
                status: 200,
                reason: "OK",
                content_type: content_type(&file),
                server: SERVER.into(),
                body,
            },
            Err(_) => HttpResponse {
                location: None,
                status: 404,
                reason: "Not Found",
                content_type: "text/html; charset=iso-8859-1",
                server: SERVER.into(),
                body: error(404, "Not Found", "The requested URL was not found on this server."),
            },
        };
        self.apache_log(cid, port, &answer, uri, client, agent);
        Answer::Http(answer)
    }

    /// Apache's access line for `answer` in the `combined` format, to the server's log.
    fn apache_log(&mut self, cid: Cid, port: u16, answer: &HttpResponse, uri: &str, client: &str, agent: &str) {
        let d = DateTime::at(self.now());
        let size = if answer.body.is_empty() { "-".to_string() } else { answer.body.len().to_string() };
        let line = format!(
            "{client} - - [{:02}/{}/{}:{:02}:{:02}:{:02} +0000] \"GET {uri} HTTP/1.1\" {} {size} \"-\" \"{agent}\"\n",
            d.day,
            d.month_abbr(),
            d.year,
            d.hour,
            d.minute,
            d.second,
            answer.status
        );
        self.request_log(cid, port, &line);
    }

    /// WordPress's answer when its database could not be reached (see `wordpress.rs`), logged as
    /// Apache logs it: WordPress itself logs nothing (it silences mysqli's warning).
    pub fn wordpress_failure(&mut self, cid: Cid, port: u16, uri: &str, client: &str, agent: &str) -> Answer {
        let answer = World::wordpress_db_error();
        if let Answer::Http(r) = &answer {
            self.apache_log(cid, port, r, uri, client, agent);
        }
        answer
    }

    /// Python's `http.server` (CPython 3.12's `SimpleHTTPRequestHandler`): a file, `index.html`
    /// of a directory, else the directory's listing; each request logged to stderr.
    fn simple_http(&mut self, cid: Cid, port: u16, root: &str, python: &str, path: &str, client: &str) -> Answer {
        let loc = Loc::Container(cid);
        let server = format!("SimpleHTTP/0.6 Python/{python}");
        let file = crate::fs::normalize(root, path.trim_start_matches('/'));
        let is_dir = self.fs_is_dir(loc, &file);
        let index = format!("{}/index.html", file.trim_end_matches('/'));
        let answer = if is_dir && !path.ends_with('/') {
            // A directory without its trailing slash: 301 to the same path with one.
            HttpResponse {
                location: None,
                status: 301,
                reason: "Moved Permanently",
                content_type: "text/html",
                server: server.clone(),
                body: Vec::new(),
            }
        } else if is_dir && !self.fs_exists_file(loc, &index) {
            let mut names: Vec<(String, bool)> = self.fs_list(loc, &file).unwrap_or_default();
            // `list.sort(key=lambda a: a.lower())`.
            sim_base::sort::sort_by_key(&mut names, |(n, _)| sim_base::case::to_lower(n));
            let title = format!("Directory listing for {}", html_escape(path));
            let mut r = vec![
                "<!DOCTYPE HTML>".to_string(),
                "<html lang=\"en\">".into(),
                "<head>".into(),
                "<meta charset=\"utf-8\">".into(),
                format!("<title>{title}</title>\n</head>"),
                format!("<body>\n<h1>{title}</h1>"),
                "<hr>\n<ul>".into(),
            ];
            for (n, dir) in names {
                let shown = if dir { format!("{n}/") } else { n.clone() };
                r.push(format!("<li><a href=\"{}\">{}</a></li>", url_quote(&shown), html_escape(&shown)));
            }
            r.push("</ul>\n<hr>\n</body>\n</html>\n".into());
            HttpResponse {
                location: None,
                status: 200,
                reason: "OK",
                content_type: "text/html; charset=utf-8",
                server: server.clone(),
                body: r.join("\n").into_bytes(),
            }
        } else {
            let target = if is_dir { index } else { file };
            match self.fs_read(loc, &target) {
                Ok(body) => {
                    HttpResponse { location: None, status: 200, reason: "OK", content_type: content_type(&target), server: server.clone(), body }
                }
                Err(_) => HttpResponse {
                    location: None,
                    status: 404,
                    reason: "File not found",
                    content_type: "text/html;charset=utf-8",
                    server: server.clone(),
                    body: "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n".into(),
                },
            }
        };
        let now = self.now();
        let mut log = String::new();
        if answer.status == 404 {
            // `send_error` logs the error first (`log_error`), then the request.
            log.push_str(&stamp(now, client, "code 404, message File not found"));
        }
        log.push_str(&request_line(now, client, path, answer.status));
        self.request_log(cid, port, &log);
        Answer::Http(answer)
    }

    /// A request's log lines: the container's log for its main process, else kept for the
    /// process that serves the port (it prints them to its terminal).
    fn request_log(&mut self, cid: Cid, port: u16, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.containers.get_mut(&cid).and_then(|c| c.side_logs.get_mut(&port)) {
            Some(side) => {
                if side.len() < 1 << 20 {
                    side.push_str(text);
                }
                self.revision += 1;
            }
            None => self.append_logs(cid, text),
        }
    }

    /// A static file server: nginx (`index`: its `index` files, in order) or httpd (`None`).
    fn serve_files(&self, cid: Cid, root: &str, path: &str, server: &str, index: Option<&[String]>) -> Answer {
        let loc = Loc::Container(cid);
        let nginx = index.is_some();
        let mut file = crate::fs::normalize(root, path.trim_start_matches('/'));
        if self.fs_is_dir(loc, &file) {
            // nginx's default.conf: `index index.html index.htm;`. A directory with neither
            // (autoindex is off) is refused: "directory index of … is forbidden", 403.
            let found =
                index.unwrap_or(&[]).iter().map(|i| format!("{file}/{i}")).find(|f| self.fs_exists_file(loc, f));
            if let Some(found) = found {
                file = found;
            } else if nginx {
                return Answer::Http(HttpResponse {
                    location: None,
                    status: 403,
                    reason: "Forbidden",
                    content_type: "text/html",
                    server: server.into(),
                    body: "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx/1.27.4</center>\r\n</body>\r\n</html>\r\n".into(),
                });
            } else {
                file = format!("{file}/index.html");
            }
        }
        match self.fs_read(loc, &file) {
            Ok(body) => Answer::Http(HttpResponse {
                location: None,
                status: 200,
                reason: "OK",
                content_type: content_type(&file),
                server: server.into(),
                body,
            }),
            Err(_) => {
                let body = if nginx {
                    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.4</center>\r\n</body>\r\n</html>\r\n".to_string()
                } else {
                    "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n".to_string()
                };
                Answer::Http(HttpResponse {
                    location: None,
                    status: 404,
                    reason: "Not Found",
                    content_type: "text/html",
                    server: server.into(),
                    body: body.into_bytes(),
                })
            }
        }
    }
}

impl World {
    /// Whether `path` is there and is not a directory.
    fn fs_exists_file(&self, loc: Loc, path: &str) -> bool {
        !self.fs_is_dir(loc, path) && self.fs_read(loc, path).is_ok()
    }
}

/// Werkzeug's `InternalServerError` page (werkzeug/exceptions.py, 3.1).
const WERKZEUG_500: &str = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n";

/// Muelle's labelled page for a server whose application code it does not run: both languages
/// (the host has no session language), and how `x-muelle.http_body` sets the answer.
fn muelle_page(framework: &str, path: &str) -> Vec<u8> {
    format!(
            "<!doctype html>\n<title>Muelle: {framework}</title>\n\
<p>[Muelle] Este servidor {framework} está en marcha y recibió GET {path}, pero el simulador no ejecuta el código de la aplicación: \
esta página no es su respuesta. <code>x-muelle: {{http_body: \"...\"}}</code> en el servicio del archivo Compose fija lo que responde.</p>\n\
<p>[Muelle] This {framework} server is running and got GET {path}, but the simulator does not run the application's code: \
this page is not its answer. <code>x-muelle: {{http_body: \"...\"}}</code> on the service in the Compose file sets what it answers.</p>\n"
    )
    .into_bytes()
}

/// php_cli_server's 404 page (`php_cli_server_send_error_page`: its prologue, the CSS copied
/// from `ext/standard/info.c`, the 404 template with the escaped request URI).
fn php_not_found(uri: &str, server: String) -> HttpResponse {
    let uri = uri
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#039;");
    let body = format!(
        "<!doctype html><html><head><title>404 Not Found</title><style>\n\
body {{ background-color: #fcfcfc; color: #333333; margin: 0; padding:0; }}\n\
h1 {{ font-size: 1.5em; font-weight: normal; background-color: #9999cc; min-height:2em; line-height:2em; border-bottom: 1px inset black; margin: 0; }}\n\
h1, p {{ padding-left: 10px; }}\n\
code.url {{ background-color: #eeeeee; font-family:monospace; padding:0 2px;}}\n\
</style>\n</head><body><h1>Not Found</h1><p>The requested resource <code class=\"url\">{uri}</code> was not found on this server.</p></body></html>"
    );
    HttpResponse {
        location: None,
        status: 404,
        reason: "Not Found",
        content_type: "text/html; charset=UTF-8",
        server,
        body: body.into_bytes(),
    }
}

/// The type php_cli_server sends for a static file (its `mime_type_map.h`; `text/` types get
/// `; charset=UTF-8`).
fn php_mime(file: &str) -> &'static str {
    match file.rsplit('.').next().map(sim_base::case::to_lower).as_deref() {
        Some("html" | "htm") => "text/html; charset=UTF-8",
        Some("css") => "text/css; charset=UTF-8",
        Some("txt") => "text/plain; charset=UTF-8",
        Some("js") => "application/javascript",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// `BaseHTTPRequestHandler.log_message`'s line: client, `[day/Mon/year hh:mm:ss]`, message.
fn stamp(now: crate::time::SimTime, client: &str, message: &str) -> String {
    let d = DateTime::at(now);
    format!(
        "{client} - - [{:02}/{}/{} {:02}:{:02}:{:02}] {message}\n",
        d.day,
        d.month_abbr(),
        d.year,
        d.hour,
        d.minute,
        d.second
    )
}

/// `log_request`'s line for a GET (the size is `-`, as `send_response` logs it).
fn request_line(now: crate::time::SimTime, client: &str, path: &str, status: u16) -> String {
    stamp(now, client, &format!("\"GET {path} HTTP/1.1\" {status} -"))
}

/// `html.escape(s, quote=False)`.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// `urllib.parse.quote(s)`: all but letters, digits, `_.-~` and `/` percent-encoded (UTF-8).
fn url_quote(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn ok_html(body: Vec<u8>, server: String) -> HttpResponse {
    HttpResponse { location: None, status: 200, reason: "OK", content_type: "text/html", server, body }
}

fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next() {
        Some("html" | "htm") => "text/html",
        Some("css") => "text/css",
        Some("js") => "application/javascript",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("txt") => "text/plain",
        _ => "application/octet-stream",
    }
}
