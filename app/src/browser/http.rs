//! The simulated browser's plumbing, browser-free: reading what was typed in the address bar,
//! the `curl` line that fetches it inside the simulation, and reading curl's answer.
//!
//! The pane never talks to `sim_core`'s HTTP model directly: it types `curl -s -i URL` into a
//! terminal nobody sees, exactly as a student could, so what the page shows is what `curl` in the
//! terminal would print.

/// An address the pane can open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    pub host: String,
    pub port: u16,
    /// Starts with `/`.
    pub path: String,
}

impl Address {
    /// The address as the bar shows it after opening: `http://localhost:8080/`.
    pub fn url(&self) -> String {
        if self.port == 80 {
            format!("http://{}{}", self.host, self.path)
        } else {
            format!("http://{}:{}{}", self.host, self.port, self.path)
        }
    }

    /// The line typed into the hidden terminal.
    pub fn curl(&self) -> String {
        format!("curl -s -i {}", shell_quote(&self.url()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressError {
    Empty,
    /// `https://`, `ftp://`…: only plain HTTP is simulated.
    NotHttp,
    Invalid,
}

/// Reads `localhost:8080`, `http://localhost:8080/x?y=1`, `127.0.0.1/`…
pub fn parse_address(input: &str) -> Result<Address, AddressError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(AddressError::Empty);
    }
    let rest = match s.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
        Some(_) => return Err(AddressError::NotHttp),
        None => s,
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().map_err(|_| AddressError::Invalid)?),
        None => (authority, 80),
    };
    let valid = |c: char| c.is_ascii_alphanumeric() || "-._".contains(c);
    if host.is_empty() || !host.chars().all(valid) || port == 0 || path.chars().any(|c| c.is_whitespace()) {
        return Err(AddressError::Invalid);
    }
    Ok(Address { host: host.to_ascii_lowercase(), port, path })
}

/// Single-quotes `s` for a POSIX shell.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// An HTTP answer as `curl -i` printed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    /// `200`, `404`… (`None` when curl printed no status line).
    pub status: Option<u16>,
    /// `HTTP/1.1 200 OK`.
    pub status_line: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Whether the body is a page to render (else it is shown as text).
    pub fn is_html(&self) -> bool {
        match self.header("content-type") {
            Some(t) => t.to_ascii_lowercase().contains("html"),
            None => self.body.trim_start().starts_with('<'),
        }
    }
}

/// Splits `curl -s -i` output into status, headers and body.
pub fn parse_response(raw: &str) -> Response {
    let raw = raw.replace("\r\n", "\n");
    if !raw.starts_with("HTTP/") {
        return Response { body: raw, ..Response::default() };
    }
    let (head, body) = raw.split_once("\n\n").unwrap_or((raw.as_str(), ""));
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default().to_string();
    let status = status_line.split_whitespace().nth(1).and_then(|c| c.parse().ok());
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    Response { status, status_line, headers, body: body.to_string() }
}

/// The document the sandboxed frame shows: the page behind a policy that loads nothing from
/// outside, with links that cannot navigate anywhere (popups are blocked by the sandbox).
pub fn frame_document(body: &str) -> String {
    format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"><base target=\"_blank\">{body}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_parse_with_and_without_scheme() {
        let a = parse_address(" http://localhost:8080/index.html?x=1 ").unwrap();
        assert_eq!(a, Address { host: "localhost".into(), port: 8080, path: "/index.html?x=1".into() });
        assert_eq!(parse_address("localhost:8080").unwrap().url(), "http://localhost:8080/");
        assert_eq!(parse_address("LOCALHOST").unwrap().url(), "http://localhost/");
        assert_eq!(parse_address("127.0.0.1:3000?q").unwrap().path, "/?q");
    }

    #[test]
    fn bad_addresses_are_refused() {
        assert_eq!(parse_address(""), Err(AddressError::Empty));
        assert_eq!(parse_address("https://localhost/"), Err(AddressError::NotHttp));
        assert_eq!(parse_address("localhost:99999"), Err(AddressError::Invalid));
        assert_eq!(parse_address("local host"), Err(AddressError::Invalid));
        assert_eq!(parse_address("localhost;rm -rf /"), Err(AddressError::Invalid));
        assert_eq!(parse_address("http://:80/"), Err(AddressError::Invalid));
    }

    #[test]
    fn the_curl_line_is_quoted() {
        let a = parse_address("localhost:8080/it's").unwrap();
        assert_eq!(a.curl(), r"curl -s -i 'http://localhost:8080/it'\''s'");
    }

    #[test]
    fn curl_output_splits_into_status_headers_and_body() {
        let raw = "HTTP/1.1 404 Not Found\nServer: nginx\nContent-Type: text/html\n\n<h1>404</h1>\n";
        let r = parse_response(raw);
        assert_eq!(r.status, Some(404));
        assert_eq!(r.status_line, "HTTP/1.1 404 Not Found");
        assert_eq!(r.header("content-type"), Some("text/html"));
        assert_eq!(r.body, "<h1>404</h1>\n");
        assert!(r.is_html());
        let plain = parse_response("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}");
        assert!(!plain.is_html());
        assert_eq!(plain.body, "{}");
        assert_eq!(parse_response("").status, None);
    }

    #[test]
    fn the_frame_cannot_load_or_navigate() {
        let d = frame_document("<p>hola</p>");
        assert!(d.starts_with("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"));
        assert!(d.ends_with("<p>hola</p>"));
    }
}
