//! The short syntaxes compose expands: port specs (`127.0.0.1:8080:80/udp`,
//! ranges) as docker's `nat.ParsePortSpecs` reads them, volume specs
//! (`./data:/var/lib/data:ro`) as compose-go's `format.ParseVolume` reads
//! them, and shell words (`command: npm run dev`) as go-shellwords splits them.

/// One published port, compose's long form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortSpec {
    pub host_ip: String,
    pub target: u32,
    /// Empty = not published to a fixed host port.
    pub published: String,
    pub protocol: String,
}

/// Parses a short port spec into one entry per container port, sorted the way
/// compose-go sorts them (by `"port/proto"` as text).
pub fn parse_ports(raw: &str) -> Result<Vec<PortSpec>, String> {
    let (spec, proto) = match raw.rsplit_once('/') {
        Some((s, p)) => (s, p.to_ascii_lowercase()),
        None => (raw, "tcp".to_string()),
    };
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {proto}"));
    }
    let parts: Vec<&str> = spec.split(':').collect();
    let n = parts.len();
    let container = parts[n - 1];
    let (ip, host) = match n {
        1 => (String::new(), ""),
        2 => (String::new(), parts[0]),
        3 => (parts[0].to_string(), parts[1]),
        _ => (parts[..n - 2].join(":"), parts[n - 2]),
    };
    let ip = match ip.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        Some(inner) => inner.to_string(),
        None => ip,
    };
    if !ip.is_empty() && !is_ip(&ip) {
        return Err(format!("invalid IP address: {ip}"));
    }
    if container.is_empty() {
        return Err(format!("no port specified: {raw}<empty>"));
    }
    let (cs, ce) = parse_range(container).ok_or_else(|| format!("invalid containerPort: {container}"))?;
    let host_range = if host.is_empty() {
        None
    } else {
        Some(parse_range(host).ok_or_else(|| format!("invalid hostPort: {host}"))?)
    };
    if let Some((hs, he)) = host_range {
        if he - hs != ce - cs && ce != cs {
            return Err(format!("invalid ranges specified for container and host Ports: {container} and {host}"));
        }
    }
    let mut out = Vec::new();
    for i in 0..=(ce - cs) {
        let target = cs + i;
        let published = match host_range {
            None => String::new(),
            Some((hs, he)) if ce == cs && he != hs => format!("{hs}-{he}"),
            Some((hs, _)) => (hs + i).to_string(),
        };
        out.push(PortSpec { host_ip: ip.clone(), target, published, protocol: proto.clone() });
    }
    let mut keyed: Vec<(String, PortSpec)> =
        out.into_iter().map(|p| (format!("{}/{}", p.target, p.protocol), p)).collect();
    sim_base::sort::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
    Ok(keyed.into_iter().map(|(_, p)| p).collect())
}

fn parse_range(s: &str) -> Option<(u32, u32)> {
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a, b),
        None => (s, s),
    };
    let a: u32 = a.parse().ok()?;
    let b: u32 = b.parse().ok()?;
    if a > 65535 || b > 65535 || b < a {
        return None;
    }
    Some((a, b))
}

/// Go's `net.ParseIP` acceptance, roughly: dotted quad or something IPv6-shaped.
pub fn is_ip(s: &str) -> bool {
    if s.contains(':') {
        return s.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') && s.matches("::").count() <= 1;
    }
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// A volume spec, compose's long form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VolumeSpec {
    /// `bind` or `volume`.
    pub kind: &'static str,
    pub source: String,
    pub target: String,
    pub read_only: bool,
    pub nocopy: bool,
    pub selinux: String,
    pub propagation: String,
}

/// compose-go's `format.ParseVolume`.
pub fn parse_volume(spec: &str) -> Result<VolumeSpec, String> {
    let mut v = VolumeSpec::default();
    let chars: Vec<char> = spec.chars().collect();
    match chars.len() {
        0 => return Err("invalid empty volume spec".into()),
        1 | 2 => {
            v.target = spec.to_string();
            v.kind = "volume";
            return Ok(v);
        }
        _ => {}
    }
    let mut buffer: Vec<char> = Vec::new();
    let mut depth = 0;
    let mut have_source = false;
    let mut have_target = false;
    let end = chars.len();
    for i in 0..=end {
        let c = chars.get(i).copied().unwrap_or('\0');
        let at_end = i == end;
        if !at_end && c == '$' && chars.get(i + 1) == Some(&'{') {
            depth += 1;
            buffer.push(c);
            continue;
        }
        if !at_end && c == '}' && depth > 0 {
            depth -= 1;
            buffer.push(c);
            continue;
        }
        let windows_drive = c == ':' && buffer.len() == 1 && buffer[0].is_alphabetic();
        if windows_drive {
            buffer.push(c);
        } else if (c == ':' || at_end) && depth == 0 {
            let text: String = buffer.iter().collect();
            if buffer.is_empty() {
                return Err(format!("invalid spec: {spec}: empty section between colons"));
            } else if !have_source && at_end {
                v.target = text;
                have_target = true;
            } else if !have_source {
                v.source = text;
                have_source = true;
            } else if !have_target {
                v.target = text;
                have_target = true;
            } else if c == ':' {
                return Err(format!("invalid spec: {spec}: too many colons"));
            } else {
                for opt in text.split(',') {
                    match opt {
                        "ro" => v.read_only = true,
                        "rw" => v.read_only = false,
                        "nocopy" => v.nocopy = true,
                        "z" | "Z" => v.selinux = opt.to_string(),
                        "rprivate" | "private" | "rshared" | "shared" | "rslave" | "slave" => {
                            v.propagation = opt.to_string()
                        }
                        _ => {}
                    }
                }
            }
            buffer.clear();
        } else if !at_end {
            buffer.push(c);
        }
    }
    v.kind = if is_file_path(&v.source) { "bind" } else { "volume" };
    Ok(v)
}

fn is_file_path(s: &str) -> bool {
    match s.chars().next() {
        None => false,
        Some('.' | '/' | '~') => true,
        _ => {
            s.starts_with("\\\\") || (s.len() >= 2 && s.as_bytes()[1] == b':' && s.as_bytes()[0].is_ascii_alphabetic())
        }
    }
}

/// Go's `path.Clean`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let abs = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !abs {
                    parts.push("..");
                }
            }
            x => parts.push(x),
        }
    }
    let joined = parts.join("/");
    match (abs, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// go-shellwords' `Parse` (no env expansion): quotes, backslashes, spaces.
pub fn shell_words(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    let mut it = s.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = it.next() {
        match (quote, c) {
            (None, ' ' | '\t' | '\n' | '\r') => {
                if have {
                    out.push(std::mem::take(&mut cur));
                    have = false;
                }
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                have = true;
            }
            (Some(q), c) if c == q => quote = None,
            (Some('\''), c) => cur.push(c),
            (_, '\\') => {
                have = true;
                match it.next() {
                    Some(n) if quote == Some('"') && !matches!(n, '"' | '\\' | '$' | '`' | '\n') => {
                        cur.push('\\');
                        cur.push(n);
                    }
                    Some('\n') if quote.is_none() => {}
                    Some(n) => cur.push(n),
                    None => {}
                }
            }
            (None, ';' | '&' | '|' | '<' | '>') => {
                // go-shellwords stops at shell operators unless ParseBacktick… it keeps them as words.
                cur.push(c);
                have = true;
            }
            (_, c) => {
                cur.push(c);
                have = true;
            }
        }
    }
    if quote.is_some() {
        return Err("invalid command line string".into());
    }
    if have {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports() {
        let p = parse_ports("127.0.0.1:8001:8000/tcp").unwrap();
        assert_eq!(
            p,
            vec![PortSpec {
                host_ip: "127.0.0.1".into(),
                target: 8000,
                published: "8001".into(),
                protocol: "tcp".into()
            }]
        );
        let p = parse_ports("9090-9091:8080-8081").unwrap();
        assert_eq!(
            p.iter().map(|x| (x.target, x.published.as_str())).collect::<Vec<_>>(),
            vec![(8080, "9090"), (8081, "9091")]
        );
        assert_eq!(parse_ports("3000").unwrap()[0].published, "");
        assert_eq!(parse_ports("8000-8010:80").unwrap()[0].published, "8000-8010");
        assert_eq!(parse_ports("[::1]:6001:6001").unwrap()[0].host_ip, "::1");
        assert!(parse_ports("80:abc").is_err());
    }

    #[test]
    fn volumes() {
        let v = parse_volume("./data:/var/lib/data:ro").unwrap();
        assert_eq!(
            (v.kind, v.source.as_str(), v.target.as_str(), v.read_only),
            ("bind", "./data", "/var/lib/data", true)
        );
        let v = parse_volume("db:/var/lib/mysql").unwrap();
        assert_eq!(v.kind, "volume");
        let v = parse_volume("/just/a/target").unwrap();
        assert_eq!((v.kind, v.source.as_str(), v.target.as_str()), ("volume", "", "/just/a/target"));
        assert!(parse_volume(":/text_file.txt").unwrap_err().contains("empty section between colons"));
    }

    #[test]
    fn words() {
        assert_eq!(shell_words("sh -c 'echo hi; ls'").unwrap(), vec!["sh", "-c", "echo hi; ls"]);
        assert_eq!(shell_words("a \"b c\" d\\ e").unwrap(), vec!["a", "b c", "d e"]);
        assert_eq!(clean("/a/b/../c/"), "/a/c");
    }
}
