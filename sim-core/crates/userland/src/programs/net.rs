//! Network tools: `ping` (iputils and busybox formats), `getent`,
//! `nslookup`, `ip`, `curl`, `wget`. Each asks the world what a real packet
//! would meet — the embedded DNS, network isolation, a listening port — and
//! prints what the real tool prints; the event log records why.

use super::builtins::done;
use super::Run;
use crate::events::{Cause, EventKind};
use crate::i18n::Hint;
use crate::process::{Cx, Effect, Job, Poll, Wake};
use crate::time::SimTime;
use crate::world::http::Answer;
use crate::world::{Cid, Loc, Reach, Resolution};
use std::net::Ipv4Addr;

pub fn lookup(name: &str) -> Option<Run> {
    Some(match name {
        "ping" => ping,
        "getent" => getent,
        "nslookup" => nslookup,
        "dig" => dig,
        "host" => host,
        "ip" => ip,
        "curl" => curl,
        "wget" => wget,
        _ => return None,
    })
}

fn busybox_here(cx: &Cx<'_>, name: &str) -> bool {
    match cx.sh.loc {
        Loc::Host => false,
        Loc::Container(cid) => {
            let os = super::container_os(cx.world, cid);
            // An installed package (GNU version) wins over the busybox applet.
            let installed = cx.world.container(cid).is_some_and(|c| {
                c.packages.iter().any(|p| {
                    super::PACKAGES
                        .iter()
                        .any(|(pkg, cmds)| pkg == p && cmds.contains(&name) && !matches!(*pkg, "busybox"))
                })
            });
            os.is_busybox() && !installed
        }
    }
}

// ----- ping ---------------------------------------------------------------

struct Ping {
    typed: String,
    ip: Ipv4Addr,
    /// Reverse name shown in replies (`container1.mynet`); `None` = just the IP.
    who: Option<String>,
    busybox: bool,
    count: Option<u32>,
    interval_ms: u64,
    quiet: bool,
    sent: u32,
    received: u32,
    errors: u32,
    rtts: Vec<f64>,
    start: Option<SimTime>,
    next_at: SimTime,
    deadline: Option<SimTime>,
}

/// iputils' reply time: 3 decimals under 1 ms, 2 under 10, 1 under 100, else none.
fn iputils_time(ms: f64) -> String {
    if ms < 1.0 {
        format!("{ms:.3}")
    } else if ms < 10.0 {
        format!("{ms:.2}")
    } else if ms < 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

/// C's `%g` for a loss percentage (`0`, `100`, `33.3333`).
pub fn percent_g(v: f64) -> String {
    if v == v.trunc() {
        return format!("{}", v as i64);
    }
    let digits = 6 - (v.abs().log10().floor() as i32 + 1);
    let s = format!("{:.*}", digits.max(0) as usize, v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl Ping {
    fn rtt(&self, cx: &mut Cx<'_>, reach: &Reach) -> f64 {
        let base = match reach {
            Reach::External => 9.0 + cx.world.rng().below(9000) as f64 / 1000.0,
            Reach::Local => 0.020 + cx.world.rng().below(25) as f64 / 1000.0,
            _ => 0.040 + cx.world.rng().below(70) as f64 / 1000.0,
        };
        if self.sent == 1 && !matches!(reach, Reach::External) {
            base + 0.025
        } else {
            base
        }
    }

    fn send_one(&mut self, cx: &mut Cx<'_>) {
        self.sent += 1;
        let seq = self.sent;
        let reach = cx.world.reach(cx.sh.loc, self.ip);
        let (reply, cause) = match &reach {
            Reach::Local | Reach::Host | Reach::External => (true, None),
            Reach::Container(c) => {
                let running = cx.world.container(*c).is_some_and(|c| c.is_running());
                (running, (!running).then_some(Cause::HostUnreachable { ip: self.ip }))
            }
            Reach::Dropped(c) | Reach::Unreachable(c) => (false, Some(c.clone())),
            Reach::NoRoute => (false, Some(Cause::NoNetwork)),
        };
        let to = match &reach {
            Reach::Container(c) => cx.world.container(*c).map(|c| c.name.clone()),
            _ => None,
        };
        let from = cx.world.actor(cx.sh.loc);
        cx.world.record(EventKind::Ping { from, to, ip: self.ip, seq, reply, cause });
        if reply {
            self.received += 1;
            let t = self.rtt(cx, &reach);
            self.rtts.push(t);
            let ttl = if matches!(reach, Reach::External) { 116 } else { 64 };
            if self.quiet {
                return;
            }
            if self.busybox {
                cx.io.outln(&format!("64 bytes from {}: seq={} ttl={ttl} time={t:.3} ms", self.ip, seq - 1));
            } else {
                let who = match &self.who {
                    Some(name) => format!("{name} ({})", self.ip),
                    None => self.ip.to_string(),
                };
                cx.io.outln(&format!("64 bytes from {who}: icmp_seq={seq} ttl={ttl} time={} ms", iputils_time(t)));
            }
        } else if matches!(reach, Reach::Unreachable(_)) || matches!(reach, Reach::Container(_)) {
            self.errors += 1;
            if !self.busybox && !self.quiet {
                let own = match cx.sh.loc {
                    Loc::Container(cid) => cx.world.primary_ip(cid).map(|i| i.to_string()).unwrap_or_default(),
                    Loc::Host => "172.17.0.1".into(),
                };
                cx.io.outln(&format!("From {own} icmp_seq={seq} Destination Host Unreachable"));
            }
        }
    }

    fn statistics(&self, cx: &mut Cx<'_>) -> i32 {
        let tx = self.sent;
        let rx = self.received;
        let loss = if tx == 0 { 0.0 } else { 100.0 * (tx - rx) as f64 / tx as f64 };
        let mut out = format!("\n--- {} ping statistics ---\n", self.typed);
        if self.busybox {
            out.push_str(&format!("{tx} packets transmitted, {rx} packets received, {}% packet loss\n", loss as u32));
            if rx > 0 {
                let (min, avg, max, _) = stats(&self.rtts);
                out.push_str(&format!("round-trip min/avg/max = {min:.3}/{avg:.3}/{max:.3} ms\n"));
            }
        } else {
            // iputils measures from the first echo to the last reply: (n-1) intervals and a little.
            let elapsed = if tx > 1 { (tx as u64 - 1) * self.interval_ms + 3 + cx.world.rng().below(60) } else { 0 };
            let errors = if self.errors > 0 { format!(", +{} errors", self.errors) } else { String::new() };
            out.push_str(&format!(
                "{tx} packets transmitted, {rx} received{errors}, {}% packet loss, time {elapsed}ms\n",
                percent_g(loss)
            ));
            if rx > 0 {
                let (min, avg, max, mdev) = stats(&self.rtts);
                out.push_str(&format!("rtt min/avg/max/mdev = {min:.3}/{avg:.3}/{max:.3}/{mdev:.3} ms\n"));
            }
        }
        cx.io.out(&out);
        if rx > 0 {
            0
        } else {
            1
        }
    }
}

fn stats(v: &[f64]) -> (f64, f64, f64, f64) {
    let min = v.iter().cloned().fold(f64::INFINITY, f64::min);
    let max = v.iter().cloned().fold(0.0, f64::max);
    let avg = v.iter().sum::<f64>() / v.len() as f64;
    let var = v.iter().map(|x| (x - avg) * (x - avg)).sum::<f64>() / v.len() as f64;
    (min, avg, max, var.sqrt())
}

impl Job for Ping {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let now = cx.now();
        self.start.get_or_insert(now);
        if self.deadline.is_some_and(|d| now >= d) {
            return Poll::Done(self.statistics(cx));
        }
        while now >= self.next_at {
            self.send_one(cx);
            self.next_at = self.next_at.plus(self.interval_ms);
            if self.count.is_some_and(|c| self.sent >= c) {
                return Poll::Done(self.statistics(cx));
            }
        }
        let wake = match self.deadline {
            Some(d) => self.next_at.min(d),
            None => self.next_at,
        };
        Poll::Pending(Wake::At(wake))
    }

    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        Poll::Done(self.statistics(cx))
    }

    fn runs_until_interrupted(&self) -> bool {
        self.count.is_none() && self.deadline.is_none()
    }
}

fn ping(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let busybox = busybox_here(cx, "ping");
    let mut count = None;
    let mut interval_ms = 1000;
    let mut deadline_s: Option<u64> = None;
    let mut quiet = false;
    let mut target = None;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        let value = |i: usize| argv.get(i + 1).cloned();
        match a {
            "-c" | "-i" | "-w" | "-W" | "-s" | "-t" | "-I" => {
                let Some(v) = value(i) else {
                    cx.io.errln(&format!("ping: option requires an argument -- '{}'", &a[1..]));
                    return done(if busybox { 1 } else { 2 });
                };
                match a {
                    "-c" => match v.parse::<u32>() {
                        Ok(n) if n > 0 => count = Some(n),
                        _ => {
                            cx.io.errln(&format!("ping: invalid argument: '{v}'"));
                            return done(if busybox { 1 } else { 2 });
                        }
                    },
                    "-i" => interval_ms = crate::float::parse(&v).map(|s| (s * 1000.0).max(1.0) as u64).unwrap_or(1000),
                    "-w" => deadline_s = v.parse().ok(),
                    _ => {}
                }
                i += 2;
                continue;
            }
            "-q" => quiet = true,
            "-4" | "-n" | "-v" | "-D" | "-O" => {}
            _ if a.starts_with("-c") && a.len() > 2 => count = a[2..].parse().ok(),
            _ if a.starts_with('-') && a.len() > 1 => {
                cx.io.errln(&format!("ping: invalid option -- '{}'", &a[1..2]));
                return done(if busybox { 1 } else { 2 });
            }
            _ => target = Some(a.to_string()),
        }
        i += 1;
    }
    let Some(target) = target else {
        if busybox {
            cx.io.errln("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST");
        } else {
            cx.io.errln("ping: usage error: Destination address required");
        }
        return done(1);
    };
    // No interface at all: iputils fails before resolving.
    if let Loc::Container(cid) = cx.sh.loc {
        if cx.world.container(cid).is_some_and(|c| c.host.network_mode == "none") && target.parse::<Ipv4Addr>().is_ok()
        {
            if busybox {
                cx.io.errln("ping: sendto: Network unreachable");
                return done(1);
            }
            cx.io.errln("ping: connect: Network is unreachable");
            return done(2);
        }
    }
    let (ip, ptr) = match cx.world.resolve(cx.sh.loc, &target) {
        Resolution::Found { ips, ptr, .. } => (ips[0], ptr),
        Resolution::NotFound(cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause.clone())));
            if busybox {
                cx.io.errln(&format!("ping: bad address '{target}'"));
                return done(1);
            }
            let msg = if matches!(cause, Cause::InternalNetwork | Cause::NoNetwork) {
                "Temporary failure in name resolution"
            } else {
                "Name or service not known"
            };
            cx.io.errln(&format!("ping: {target}: {msg}"));
            return done(2);
        }
    };
    if matches!(cx.world.reach(cx.sh.loc, ip), Reach::NoRoute) {
        cx.io.errln(if busybox {
            "ping: sendto: Network unreachable"
        } else {
            "ping: connect: Network is unreachable"
        });
        return done(if busybox { 1 } else { 2 });
    }
    // Typed as a number: no reverse lookup. Otherwise the PTR name (container.network),
    // or the name itself for hosts outside.
    let who = if target.parse::<Ipv4Addr>().is_ok() {
        None
    } else {
        match ptr {
            Some(p) if p.contains('.') || p == "localhost" => Some(p),
            Some(p) => Some(p),
            None => Some(target.clone()),
        }
    };
    let who = match (&who, cx.world.reach(cx.sh.loc, ip)) {
        // Default bridge peers have no PTR record: replies show the address only.
        (Some(_), Reach::Container(_))
            if !cx.world.networks().values().any(|n| n.has_dns() && n.endpoints().values().any(|e| e.ip == ip)) =>
        {
            None
        }
        _ => who,
    };
    if busybox {
        cx.io.outln(&format!("PING {target} ({ip}): 56 data bytes"));
    } else {
        cx.io.outln(&format!("PING {target} ({ip}) 56(84) bytes of data."));
    }
    let now = cx.now();
    Box::new(Ping {
        typed: target,
        ip,
        who,
        busybox,
        count,
        interval_ms,
        quiet,
        sent: 0,
        received: 0,
        errors: 0,
        rtts: Vec::new(),
        start: None,
        next_at: now,
        deadline: deadline_s.map(|s| now.plus(s * 1000)),
    })
}

// ----- name lookups ---------------------------------------------------------

fn getent(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let Some(db) = argv.get(1) else {
        cx.io.errln("Usage: getent [OPTION...] database [key ...]\nTry `getent --help' or `getent --usage' for more information.");
        return done(1);
    };
    match db.as_str() {
        "hosts" | "ahosts" | "ahostsv4" => {
            if argv.len() < 3 {
                let hosts = read_etc_hosts(cx);
                cx.io.out(&hosts);
                return done(0);
            }
            let mut status = 0;
            for name in &argv[2..] {
                match cx.world.resolve(cx.sh.loc, name) {
                    Resolution::Found { ips, .. } => {
                        if db == "hosts" {
                            for ip in ips {
                                cx.io.outln(&format!("{:<15} {name}", ip.to_string()));
                            }
                        } else {
                            for ip in ips {
                                cx.io.outln(&format!("{:<15} STREAM {name}", ip.to_string()));
                                cx.io.outln(&format!("{:<15} DGRAM  ", ip.to_string()));
                                cx.io.outln(&format!("{:<15} RAW    ", ip.to_string()));
                            }
                        }
                    }
                    Resolution::NotFound(cause) => {
                        cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
                        status = 2;
                    }
                }
            }
            done(status)
        }
        "passwd" | "group" => {
            let data = cx.world.fs_read(cx.sh.loc, "/etc/passwd").unwrap_or_default();
            cx.io.out(&String::from_utf8_lossy(&data));
            done(0)
        }
        other => {
            cx.io.errln(&format!(
                "Unknown database: {other}\nTry `getent --help' or `getent --usage' for more information."
            ));
            done(1)
        }
    }
}

/// The container's `/etc/hosts` as Docker writes it (or the host's file).
pub fn read_etc_hosts(cx: &mut Cx<'_>) -> String {
    let data = cx.world.fs_read(cx.sh.loc, "/etc/hosts").unwrap_or_default();
    String::from_utf8_lossy(&data).into_owned()
}

fn nameserver(cx: &Cx<'_>) -> String {
    match cx.sh.loc {
        Loc::Container(cid) if cx.world.endpoints_of(cid).iter().any(|(n, _)| n.has_dns()) => "127.0.0.11".into(),
        _ => "192.168.1.1".into(),
    }
}

fn nslookup(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let busybox = busybox_here(cx, "nslookup");
    let Some(name) = argv[1..].iter().find(|a| !a.starts_with('-')).cloned() else {
        cx.io.errln("Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]");
        return done(1);
    };
    let server = nameserver(cx);
    let port_sep = if busybox { ':' } else { '#' };
    cx.io.outln(&format!("Server:\t\t{server}\nAddress:\t{server}{port_sep}53\n"));
    match cx.world.resolve(cx.sh.loc, &name) {
        Resolution::Found { ips, .. } => {
            cx.io.outln("Non-authoritative answer:");
            for ip in ips {
                cx.io.outln(&format!("Name:\t{name}\nAddress: {ip}"));
            }
            if busybox {
                cx.io.outln(&format!("\nNon-authoritative answer:\n*** Can't find {name}: No answer\n"));
            } else {
                cx.io.outln("");
            }
            done(0)
        }
        Resolution::NotFound(cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            if busybox {
                cx.io.outln(&format!(
                    "** server can't find {name}: NXDOMAIN\n\n** server can't find {name}: NXDOMAIN\n"
                ));
            } else {
                cx.io.outln(&format!("** server can't find {name}: NXDOMAIN\n"));
            }
            done(1)
        }
    }
}

/// Tabs from column `col` to at least `target` (8-column stops), as BIND's master-file style
/// aligns a record's fields.
fn tabs_to(out: &mut String, mut col: usize, target: usize) {
    loop {
        out.push('\t');
        col = (col / 8 + 1) * 8;
        if col >= target {
            return;
        }
    }
}

/// A name's length on the wire (its labels with their length bytes, and the root's).
fn wire_len(fqdn: &str) -> usize {
    fqdn.trim_end_matches('.').split('.').filter(|l| !l.is_empty()).map(|l| l.len() + 1).sum::<usize>() + 1
}

/// `dig [+short] NAME` (BIND 9.18: Debian's bind9-dnsutils, Alpine's bind-tools) asking the
/// container's resolver for A records, as Docker's embedded DNS answers them: TTL 600, names not
/// compressed (so Docker's docs show `MSG SIZE  rcvd: 44` for `mysql`); a name it cannot
/// resolve is NXDOMAIN, with Muelle's reason as a hint.
fn dig(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let short = argv.iter().any(|a| a == "+short");
    let name = argv[1..]
        .iter()
        .find(|a| !a.starts_with('+') && !a.starts_with('@') && !a.starts_with('-') && *a != "A")
        .cloned()
        .unwrap_or_else(|| ".".into());
    let fqdn = if name.ends_with('.') { name.clone() } else { format!("{name}.") };
    let resolved = match cx.world.resolve(cx.sh.loc, name.trim_end_matches('.')) {
        Resolution::Found { ips, .. } => Ok(ips),
        Resolution::NotFound(cause) => Err(cause),
    };
    if short {
        if let Ok(ips) = &resolved {
            for ip in ips {
                cx.io.outln(&ip.to_string());
            }
        }
        return done(0);
    }
    let os = match cx.sh.loc {
        Loc::Container(cid) => super::container_os(cx.world, cid),
        Loc::Host => crate::world::image::Os::Ubuntu,
    };
    let version = match os {
        crate::world::image::Os::Ubuntu => "9.18.30-0ubuntu0.24.04.2-Ubuntu",
        o if o.is_busybox() => "9.18.33",
        _ => "9.18.33-1~deb12u2-Debian",
    };
    let server = nameserver(cx);
    let id = name.bytes().fold(cx.now().ms() as u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32)) % 65_536;
    let (status, ips) = match &resolved {
        Ok(ips) => ("NOERROR", ips.clone()),
        Err(_) => ("NXDOMAIN", Vec::new()),
    };
    let mut out = format!(
        "\n; <<>> DiG {version} <<>> {name}\n;; global options: +cmd\n;; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: {status}, id: {id}\n;; flags: qr rd ra; QUERY: 1, ANSWER: {}, AUTHORITY: 0, ADDITIONAL: 0\n\n;; QUESTION SECTION:\n;{fqdn}",
        ips.len()
    );
    tabs_to(&mut out, fqdn.len() + 1, 32);
    out.push_str("IN\tA\n");
    if !ips.is_empty() {
        out.push_str("\n;; ANSWER SECTION:\n");
        for ip in &ips {
            out.push_str(&fqdn);
            tabs_to(&mut out, fqdn.len(), 24);
            out.push_str(&format!("600\tIN\tA\t{ip}\n"));
        }
    }
    let size = 12 + wire_len(&fqdn) + 4 + ips.len() * (wire_len(&fqdn) + 14);
    let when = crate::time::DateTime::at(cx.now());
    let when = format!(
        "{} {} {:02} {:02}:{:02}:{:02} UTC {}",
        when.weekday_abbr(),
        when.month_abbr(),
        when.day,
        when.hour,
        when.minute,
        when.second,
        when.year
    );
    out.push_str(&format!(
        "\n;; Query time: 0 msec\n;; SERVER: {server}#53({server}) (UDP)\n;; WHEN: {when}\n;; MSG SIZE  rcvd: {size}\n"
    ));
    cx.io.outln(&out);
    if let Err(cause) = resolved {
        cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
    }
    done(0)
}

/// `host NAME` (BIND 9.18): one line per address, or NXDOMAIN's words and status 1.
fn host(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let Some(name) = argv[1..].iter().find(|a| !a.starts_with('-')).cloned() else {
        cx.io.errln("Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]");
        return done(1);
    };
    match cx.world.resolve(cx.sh.loc, &name) {
        Resolution::Found { ips, .. } => {
            for ip in ips {
                cx.io.outln(&format!("{name} has address {ip}"));
            }
            done(0)
        }
        Resolution::NotFound(cause) => {
            cx.io.outln(&format!("Host {name} not found: 3(NXDOMAIN)"));
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            done(1)
        }
    }
}

// ----- ip -------------------------------------------------------------------

fn ip(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let obj = argv.iter().skip(1).find(|a| !a.starts_with('-')).map(|s| s.as_str()).unwrap_or("");
    let brief = argv.iter().any(|a| a == "-br" || a == "-brief");
    match obj {
        "a" | "addr" | "address" => {
            let text = ip_addr(cx, brief);
            cx.io.out(&text);
            done(0)
        }
        "r" | "route" => {
            let text = ip_route(cx);
            cx.io.out(&text);
            done(0)
        }
        "l" | "link" => {
            let text = ip_addr(cx, true);
            cx.io.out(&text);
            done(0)
        }
        "" => {
            cx.io.errln("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route | neigh | netns | ... }");
            done(255)
        }
        other => {
            cx.io.errln(&format!("Object \"{other}\" is unknown, try \"ip help\"."));
            done(255)
        }
    }
}

struct Iface {
    name: String,
    mac: String,
    cidr: Option<(Ipv4Addr, u8, Ipv4Addr)>,
}

fn interfaces(cx: &Cx<'_>) -> Vec<Iface> {
    match cx.sh.loc {
        Loc::Host => {
            let mut v = vec![Iface {
                name: "eth0".into(),
                mac: "52:54:00:12:34:56".into(),
                cidr: Some((crate::world::HOST_LAN_IP, 24, Ipv4Addr::new(192, 168, 1, 255))),
            }];
            for n in cx.world.networks().values() {
                if let (Some(s), Some(gw)) = (n.subnet, n.gateway) {
                    let name =
                        if n.is_default_bridge() { "docker0".to_string() } else { format!("br-{}", &n.id[..12]) };
                    v.push(Iface {
                        name,
                        mac: format!("02:42:{}:{}:{}:{}", &n.id[0..2], &n.id[2..4], &n.id[4..6], &n.id[6..8]),
                        cidr: Some((gw, s.prefix, s.broadcast())),
                    });
                }
            }
            v
        }
        Loc::Container(cid) => cx
            .world
            .endpoints_of(cid)
            .into_iter()
            .enumerate()
            .map(|(i, (n, e))| Iface {
                name: format!("eth{i}"),
                mac: e.mac.clone(),
                cidr: n.subnet.map(|s| (e.ip, s.prefix, s.broadcast())),
            })
            .collect(),
    }
}

fn ip_addr(cx: &Cx<'_>, brief: bool) -> String {
    let mut out = String::new();
    if brief {
        out.push_str("lo               UNKNOWN        127.0.0.1/8 \n");
        for i in interfaces(cx) {
            let addr = i.cidr.map(|(ip, p, _)| format!("{ip}/{p} ")).unwrap_or_default();
            out.push_str(&format!("{:<16} UP             {addr}\n", i.name));
        }
        return out;
    }
    if matches!(cx.sh.loc, Loc::Container(cid) if super::container_os(cx.world, cid).is_busybox()) {
        return busybox_ip_addr(cx);
    }
    out.push_str("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n");
    let in_container = matches!(cx.sh.loc, Loc::Container(_));
    for (k, i) in interfaces(cx).into_iter().enumerate() {
        let n = k + 2;
        let name = if in_container { format!("{}@if{}", i.name, 20 + 2 * k) } else { i.name.clone() };
        out.push_str(&format!(
            "{n}: {name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default \n"
        ));
        out.push_str(&format!(
            "    link/ether {} brd ff:ff:ff:ff:ff:ff{}\n",
            i.mac,
            if in_container { " link-netnsid 0" } else { "" }
        ));
        if let Some((ip, prefix, brd)) = i.cidr {
            out.push_str(&format!(
                "    inet {ip}/{prefix} brd {brd} scope global {}\n       valid_lft forever preferred_lft forever\n",
                i.name
            ));
        }
    }
    out
}

/// BusyBox's `ip addr` (`networking/libiproute/ipaddress.c`): no `group`, no `link-netnsid`;
/// the veth's peer lives in another namespace, so its flags read as down (`,M-DOWN`); `qlen`
/// only when the queue length is not 0 (libnetwork creates the veth pair with `TxQLen: 0`).
fn busybox_ip_addr(cx: &Cx<'_>) -> String {
    let mut out = String::from(
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n",
    );
    for (k, i) in interfaces(cx).into_iter().enumerate() {
        out.push_str(&format!(
            "{}: {}@if{}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state UP \n    link/ether {} brd ff:ff:ff:ff:ff:ff\n",
            k + 2,
            i.name,
            20 + 2 * k,
            i.mac
        ));
        if let Some((ip, prefix, brd)) = i.cidr {
            out.push_str(&format!(
                "    inet {ip}/{prefix} brd {brd} scope global {}\n       valid_lft forever preferred_lft forever\n",
                i.name
            ));
        }
    }
    out
}

fn ip_route(cx: &Cx<'_>) -> String {
    let mut out = String::new();
    match cx.sh.loc {
        Loc::Host => {
            out.push_str("default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.50 metric 100\n");
            for i in interfaces(cx) {
                if let Some((ip, prefix, _)) = i.cidr {
                    let net = crate::world::network::Subnet::new(ip, prefix);
                    out.push_str(&format!("{net} dev {} proto kernel scope link src {ip}\n", i.name));
                }
            }
        }
        Loc::Container(cid) => {
            let eps = cx.world.endpoints_of(cid);
            if let Some((n, _)) = eps.first() {
                if let Some(gw) = n.gateway {
                    out.push_str(&format!("default via {gw} dev eth0 \n"));
                }
            }
            for (i, (n, e)) in eps.iter().enumerate() {
                if let Some(s) = n.subnet {
                    out.push_str(&format!("{s} dev eth{i} proto kernel scope link src {} \n", e.ip));
                }
            }
        }
    }
    out
}

// ----- TCP and HTTP ---------------------------------------------------------

/// Where a TCP connection to `host:port` lands, or why it fails.
#[derive(Debug)]
pub enum Conn {
    /// A container that accepts on this (container) port; `client` is the source address it sees.
    Container {
        cid: Cid,
        port: u16,
        client: String,
    },
    External,
    /// Packets are dropped: the client waits until it times out.
    Blackhole(Cause),
    /// docker-proxy accepted on the host port but the container is not listening: reset.
    Reset(Cause),
    /// The container is paused: its kernel completes the handshake, its frozen server never answers.
    Frozen(Cause),
    Refused(Cause),
}

fn published_on_host(cx: &Cx<'_>, port: u16) -> Option<(Cid, u16)> {
    cx.world.containers().values().find_map(|c| {
        if !c.is_running() {
            return None;
        }
        c.published
            .iter()
            .find(|p| p.host_port == port && p.proto == crate::world::container::Proto::Tcp)
            .map(|p| (c.key, p.container_port))
    })
}

fn connect_ip(cx: &mut Cx<'_>, ip: Ipv4Addr, port: u16) -> Conn {
    let from = cx.sh.loc;
    connect_from(cx, from, ip, port)
}

/// A TCP connection from a process in `from` (the shell's place, or a server's container
/// connecting on a request's behalf).
fn connect_from(cx: &mut Cx<'_>, from: Loc, ip: Ipv4Addr, port: u16) -> Conn {
    let reach = cx.world.reach(from, ip);
    let host_side = |cx: &mut Cx<'_>| match published_on_host(cx, port) {
        Some((cid, cport)) => {
            if let Some(c) = cx.world.container(cid).filter(|c| c.is_paused() && c.listening.contains(&cport)) {
                Conn::Frozen(Cause::Paused { target: c.name.clone() })
            } else if cx.world.container(cid).is_some_and(|c| c.listening.contains(&cport)) {
                let client = cx
                    .world
                    .endpoints_of(cid)
                    .first()
                    .and_then(|(n, _)| n.gateway)
                    .map(|g| g.to_string())
                    .unwrap_or_else(|| "172.17.0.1".into());
                Conn::Container { cid, port: cport, client }
            } else {
                let name = cx.world.container(cid).map(|c| c.name.clone()).unwrap_or_default();
                Conn::Reset(Cause::NotReadyYet { target: name, port: cport })
            }
        }
        None => {
            // A stopped or restarting container that would publish it: say so.
            let owner =
                cx.world.containers().values().find(|c| c.host.port_bindings.iter().any(|b| b.host_port == Some(port)));
            match owner {
                Some(c) => Conn::Refused(Cause::TargetNotRunning { target: c.name.clone() }),
                None => Conn::Refused(Cause::PortNotPublished { port }),
            }
        }
    };
    match reach {
        Reach::Local => match from {
            Loc::Host => host_side(cx),
            Loc::Container(cid) => {
                if cx.world.container(cid).is_some_and(|c| c.listening.contains(&port)) {
                    Conn::Container { cid, port, client: "127.0.0.1".into() }
                } else {
                    Conn::Refused(Cause::ConnectionRefused { port })
                }
            }
        },
        Reach::Host => host_side(cx),
        Reach::Container(cid) => {
            let (running, listening, name) = cx
                .world
                .container(cid)
                .map(|c| (c.is_running(), c.listening.contains(&port), c.name.clone()))
                .unwrap_or((false, false, String::new()));
            let paused = cx.world.container(cid).is_some_and(|c| c.is_paused());
            if !running {
                Conn::Blackhole(Cause::TargetNotRunning { target: name })
            } else if listening && paused {
                Conn::Frozen(Cause::Paused { target: name })
            } else if listening {
                let client = match from {
                    Loc::Container(me) => cx.world.primary_ip(me).map(|i| i.to_string()).unwrap_or_default(),
                    Loc::Host => cx
                        .world
                        .endpoints_of(cid)
                        .first()
                        .and_then(|(n, _)| n.gateway)
                        .map(|g| g.to_string())
                        .unwrap_or_default(),
                };
                Conn::Container { cid, port, client }
            } else {
                // Started but not yet listening, or nothing on that port.
                let starting = cx.world.container(cid).is_some_and(|c| {
                    c.listening.is_empty() && c.config.exposed.iter().any(|e| e.starts_with(&format!("{port}/")))
                });
                if starting {
                    Conn::Refused(Cause::NotReadyYet { target: name, port })
                } else {
                    Conn::Refused(Cause::ConnectionRefused { port })
                }
            }
        }
        Reach::External => Conn::External,
        Reach::Dropped(c) | Reach::Unreachable(c) => Conn::Blackhole(c),
        Reach::NoRoute => Conn::Refused(Cause::NoNetwork),
    }
}

/// Records a connection; through a published port, the port is the one the container serves.
fn record_connect(cx: &mut Cx<'_>, ip: Ipv4Addr, port: u16, conn: &Conn) {
    let from = cx.sh.loc;
    record_connect_from(cx, from, ip, port, conn)
}

fn record_connect_from(cx: &mut Cx<'_>, from: Loc, ip: Ipv4Addr, port: u16, conn: &Conn) {
    let mut port = port;
    let (to, result) = match conn {
        Conn::Container { cid, port: served, .. } => {
            port = *served;
            (cx.world.container(*cid).map(|c| c.name.clone()), Ok(()))
        }
        Conn::External => (None, Ok(())),
        Conn::Blackhole(c) | Conn::Reset(c) | Conn::Refused(c) | Conn::Frozen(c) => (None, Err(c.clone())),
    };
    let from = cx.world.actor(from);
    cx.world.record(EventKind::Connect { from, to, ip, port, result });
}

/// Records an HTTP request answered with `status` (see [`EventKind::Http`]).
fn record_http(cx: &mut Cx<'_>, url: &Url, to: Option<String>, via_host: Option<u16>, status: u16) {
    let from = cx.world.actor(cx.sh.loc);
    let (host, path) = (url.host.clone(), url.path.clone());
    cx.world.record(EventKind::Http { from, to, host, via_host, path, status });
}

/// A service connecting to `host:port` when it starts (`x-muelle.connects`).
pub fn tcp_connect(cx: &mut Cx<'_>, host: &str, port: u16) -> Result<(), Cause> {
    let from = cx.sh.loc;
    tcp_connect_from(cx, from, host, port)
}

/// A connection made by a program in `from`, not the shell's: a web server's application
/// reaching its database while it answers a request.
pub fn tcp_connect_from(cx: &mut Cx<'_>, from: Loc, host: &str, port: u16) -> Result<(), Cause> {
    connect_by_name(cx, from, host, port).map_err(|(_, cause)| cause)
}

/// [`tcp_connect_from`], with the address the name resolved to when the connection failed.
fn connect_by_name(cx: &mut Cx<'_>, from: Loc, host: &str, port: u16) -> Result<(), (Option<Ipv4Addr>, Cause)> {
    let ip = match cx.world.resolve(from, host) {
        Resolution::Found { ips, .. } => ips[0],
        Resolution::NotFound(c) => return Err((None, c)),
    };
    let conn = connect_from(cx, from, ip, port);
    record_connect_from(cx, from, ip, port, &conn);
    match conn {
        // A paused peer's kernel still completes the handshake.
        Conn::Container { .. } | Conn::External | Conn::Frozen(_) => Ok(()),
        Conn::Blackhole(c) | Conn::Reset(c) | Conn::Refused(c) => Err((Some(ip), c)),
    }
}

/// What a client's TCP connection reached ([`open_tcp`]).
pub(crate) enum Opened {
    /// A container's process listening on this (container) port.
    To(Cid, u16),
    /// Connected, but nothing will ever answer (a frozen container, an address outside).
    Unanswered,
    /// Refused, unresolved, unreachable…; `true` when the client's C library is musl.
    Failed(Failure, bool),
}

/// A client program's TCP connection to `host:port` (recorded as any connection is), for a
/// client that then talks to the server's process (`redis-cli`).
pub(crate) fn open_tcp(cx: &mut Cx<'_>, host: &str, port: u16) -> Opened {
    let from = cx.sh.loc;
    let musl =
        matches!(from, Loc::Container(cid) if super::container_os(cx.world, cid) == crate::world::image::Os::Alpine);
    let ip = match cx.world.resolve(from, host) {
        Resolution::Found { ips, .. } => ips[0],
        Resolution::NotFound(c) => return Opened::Failed(Failure::of(&c), musl),
    };
    let conn = connect_from(cx, from, ip, port);
    record_connect_from(cx, from, ip, port, &conn);
    match conn {
        Conn::Container { cid, port, .. } => Opened::To(cid, port),
        Conn::External | Conn::Frozen(_) => Opened::Unanswered,
        Conn::Blackhole(c) | Conn::Reset(c) | Conn::Refused(c) => Opened::Failed(Failure::of(&c), musl),
    }
}

/// How a failed connection looks to the program that made it (the C library's errno): the one
/// mapping from Muelle's causes, for the user's programs, Python's sockets and the frameworks'
/// applications alike.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    NoName,
    Refused,
    NoRoute,
    Unreachable,
    TimedOut,
}

impl Failure {
    pub(crate) fn of(cause: &Cause) -> Failure {
        match cause {
            Cause::DefaultBridgeHasNoDns { .. }
            | Cause::NoSharedNetwork { .. }
            | Cause::UnknownName { .. }
            | Cause::TargetNotRunning { .. } => Failure::NoName,
            Cause::ConnectionRefused { .. } | Cause::NotReadyYet { .. } | Cause::PortNotPublished { .. } => {
                Failure::Refused
            }
            Cause::NoNetwork | Cause::InternalNetwork => Failure::Unreachable,
            Cause::DifferentNetwork { .. } | Cause::HostUnreachable { .. } => Failure::NoRoute,
            _ => Failure::TimedOut,
        }
    }

    /// `(errno, strerror)` as the C library has them: glibc's, or musl's (Alpine) where its
    /// words differ (`gai_strerror(EAI_NONAME)`, `strerror`).
    pub(crate) fn errno(self, musl: bool) -> (i32, &'static str) {
        match (self, musl) {
            (Failure::NoName, false) => (-2, "Name or service not known"),
            (Failure::NoName, true) => (-2, "Name does not resolve"),
            (Failure::Refused, _) => (111, "Connection refused"),
            (Failure::NoRoute, false) => (113, "No route to host"),
            (Failure::NoRoute, true) => (113, "Host is unreachable"),
            (Failure::Unreachable, false) => (101, "Network is unreachable"),
            (Failure::Unreachable, true) => (101, "Network unreachable"),
            (Failure::TimedOut, false) => (110, "Connection timed out"),
            (Failure::TimedOut, true) => (110, "Operation timed out"),
        }
    }
}

/// The line a framework's application logs when its connection to `host:port` fails, as its
/// language's client library words it: redis-py and psycopg2 by their usual ports, Python's
/// socket errors otherwise; Node.js's and Java's own.
fn application_error(
    framework: &str,
    host: &str,
    port: u16,
    ip: Option<Ipv4Addr>,
    failure: Failure,
    musl: bool,
) -> String {
    let (errno, text) = failure.errno(musl);
    let ip = ip.map(|i| i.to_string()).unwrap_or_else(|| host.to_string());
    match framework {
        "Node.js" => {
            let code = match failure {
                Failure::NoName => return format!("Error: getaddrinfo ENOTFOUND {host}"),
                Failure::Refused => "ECONNREFUSED",
                Failure::NoRoute => "EHOSTUNREACH",
                Failure::Unreachable => "ENETUNREACH",
                Failure::TimedOut => "ETIMEDOUT",
            };
            format!("Error: connect {code} {ip}:{port}")
        }
        "Java" => match failure {
            Failure::NoName => format!("java.net.UnknownHostException: {host}"),
            Failure::Refused => "java.net.ConnectException: Connection refused".into(),
            Failure::NoRoute => "java.net.NoRouteToHostException: No route to host".into(),
            Failure::Unreachable => "java.net.SocketException: Network is unreachable".into(),
            Failure::TimedOut => "java.net.SocketTimeoutException: Connect timed out".into(),
        },
        _ => match (port, failure) {
            (6379, Failure::TimedOut) => "redis.exceptions.TimeoutError: Timeout connecting to server".into(),
            (6379, _) => {
                format!("redis.exceptions.ConnectionError: Error {errno} connecting to {host}:{port}. {text}.")
            }
            (5432, Failure::NoName) => {
                format!("psycopg2.OperationalError: could not translate host name \"{host}\" to address: {text}")
            }
            (5432, _) => format!(
                "psycopg2.OperationalError: connection to server at \"{host}\" ({ip}), port {port} failed: {text}"
            ),
            (_, Failure::NoName) => format!("socket.gaierror: [Errno {errno}] {text}"),
            (_, Failure::Refused) => format!("ConnectionRefusedError: [Errno {errno}] {text}"),
            (_, Failure::TimedOut) => "TimeoutError: timed out".into(),
            (_, _) => format!("OSError: [Errno {errno}] {text}"),
        },
    }
}

/// A framework's application reaching what it needs while it answers a request (see
/// `appdeps`): the first connection that fails makes the framework answer 500 and log the
/// error, and Muelle says why, translated, in the terminal that asked.
fn failed_dependency(cx: &mut Cx<'_>, cid: Cid, port: u16, path: &str, client: &str, agent: &str) -> Option<Answer> {
    let (framework, deps) = cx.world.framework(cid, port)?;
    // Apache serves WordPress's static files without asking the database.
    if framework == "WordPress" && !cx.world.wordpress_answers(cid, path) {
        return None;
    }
    for (host, dep_port) in deps {
        if let Err((ip, cause)) = connect_by_name(cx, Loc::Container(cid), &host, dep_port) {
            // A name that did not resolve; once resolved, a dead peer only times out.
            let failure = match (ip, Failure::of(&cause)) {
                (None, _) => Failure::NoName,
                (Some(_), Failure::NoName) => Failure::TimedOut,
                (Some(_), f) => f,
            };
            let musl = super::container_os(cx.world, cid) == crate::world::image::Os::Alpine;
            let error = application_error(framework, &host, dep_port, ip, failure, musl);
            let server = cx.world.container(cid).map(|c| c.name.clone()).unwrap_or_default();
            cx.effects.push(Effect::Hint(Hint::ApplicationCannotConnect {
                server,
                target: format!("{host}:{dep_port}"),
                cause,
            }));
            if framework == "WordPress" {
                return Some(cx.world.wordpress_failure(cid, port, path, client, agent));
            }
            return Some(cx.world.framework_failure(cid, port, path, client, &error));
        }
    }
    None
}

struct Url {
    host: String,
    port: u16,
    path: String,
    https: bool,
}

fn parse_url(s: &str) -> Option<Url> {
    let (https, rest) = if let Some(r) = s.strip_prefix("http://") {
        (false, r)
    } else if let Some(r) = s.strip_prefix("https://") {
        (true, r)
    } else if s.contains("://") {
        return None;
    } else {
        (false, s)
    };
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().ok()?),
        None => (hostport.to_string(), if https { 443 } else { 80 }),
    };
    if host.is_empty() {
        return None;
    }
    Some(Url { host, port, path, https })
}

fn external_page(host: &str) -> (u16, &'static str, String) {
    if host.contains("google") {
        (301, "Moved Permanently", "<HTML><HEAD><meta http-equiv=\"content-type\" content=\"text/html;charset=utf-8\">\n<TITLE>301 Moved</TITLE></HEAD><BODY>\n<H1>301 Moved</H1>\nThe document has moved\n<A HREF=\"http://www.google.com/\">here</A>.\r\n</BODY></HTML>\r\n".into())
    } else {
        (200, "OK", "<!doctype html>\n<html>\n<head>\n    <title>Example Domain</title>\n</head>\n<body>\n<div>\n    <h1>Example Domain</h1>\n    <p>This domain is for use in illustrative examples in documents.</p>\n</div>\n</body>\n</html>\n".into())
    }
}

/// The outcome of one HTTP GET.
enum Fetch {
    Ok {
        status: u16,
        reason: &'static str,
        server: String,
        content_type: &'static str,
        body: Vec<u8>,
        ip: Ipv4Addr,
        /// A redirect's `Location`.
        location: Option<String>,
    },
    NotHttp,
    NoHost(Cause),
    Refused(Ipv4Addr, Cause),
    Reset(Cause),
    Timeout(Ipv4Addr, Cause),
    /// Connected, request sent, no answer ever comes (a paused server).
    Hang(Ipv4Addr, Cause),
}

fn fetch(cx: &mut Cx<'_>, url: &Url, agent: &str) -> Fetch {
    let ip = match cx.world.resolve(cx.sh.loc, &url.host) {
        Resolution::Found { ips, .. } => ips[0],
        Resolution::NotFound(c) => return Fetch::NoHost(c),
    };
    // Through the host: a published port (Docker's proxy), not the container's own address.
    let via_host = match cx.world.reach(cx.sh.loc, ip) {
        Reach::Host => true,
        Reach::Local => matches!(cx.sh.loc, Loc::Host),
        _ => false,
    };
    let conn = connect_ip(cx, ip, url.port);
    record_connect(cx, ip, url.port, &conn);
    match conn {
        Conn::Container { cid, port, client } => match failed_dependency(cx, cid, port, &url.path, &client, agent)
            .unwrap_or_else(|| {
                // The `Host` header curl and wget send: the name, and the port unless it is the
                // scheme's own.
                let default = if url.https { 443 } else { 80 };
                let host = if url.port == default { url.host.clone() } else { format!("{}:{}", url.host, url.port) };
                cx.world.http_get(cid, port, &url.path, &client, agent, &host)
            }) {
            Answer::Http(r) => {
                let to = cx.world.container(cid).map(|c| c.name.clone());
                record_http(cx, url, to, via_host.then_some(url.port), r.status);
                Fetch::Ok {
                    status: r.status,
                    reason: r.reason,
                    server: r.server,
                    content_type: r.content_type,
                    body: r.body,
                    ip,
                    location: r.location,
                }
            }
            Answer::NotHttp => Fetch::NotHttp,
        },
        Conn::External => {
            let (status, reason, body) = external_page(&url.host);
            record_http(cx, url, None, None, status);
            Fetch::Ok {
                status,
                reason,
                server: "gws".into(),
                content_type: "text/html",
                body: body.into_bytes(),
                ip,
                location: None,
            }
        }
        Conn::Blackhole(c) => Fetch::Timeout(ip, c),
        Conn::Frozen(c) => Fetch::Hang(ip, c),
        Conn::Reset(c) => Fetch::Reset(c),
        Conn::Refused(c) => Fetch::Refused(ip, c),
    }
}

/// `curl -w FORMAT` after a transfer: the variables students use (`%{http_code}`,
/// `%{response_code}`, `%{content_type}`, `%{size_download}`, `%{url_effective}`), `%%`, and the
/// `\n`/`\t`/`\r` escapes curl reads in the format; an unknown variable is left out, as curl
/// does (after a warning it prints to stderr, which this leaves out).
fn write_out_text(format: &str, status: u16, content_type: &str, size: usize, url: &str) -> String {
    let mut out = String::new();
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("%{") {
            if let Some(end) = after.find('}') {
                match &after[..end] {
                    "http_code" | "response_code" => out.push_str(&format!("{status:03}")),
                    "content_type" => out.push_str(content_type),
                    "size_download" => out.push_str(&size.to_string()),
                    "url_effective" | "url" => out.push_str(url),
                    _ => {}
                }
                rest = &after[end + 1..];
                continue;
            }
        }
        let two: String = rest.chars().take(2).collect();
        let (text, used) = match two.as_str() {
            "%%" => ("%", 2),
            "\\n" => ("\n", 2),
            "\\t" => ("\t", 2),
            "\\r" => ("\r", 2),
            _ => ("", 0),
        };
        if used > 0 {
            out.push_str(text);
            rest = &rest[used..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// A response's status line and headers as `curl -i` shows them, ending in the blank line.
fn header_block(
    cx: &Cx<'_>,
    status: u16,
    reason: &str,
    server: &str,
    content_type: &str,
    len: usize,
    location: &Option<String>,
) -> String {
    let location = location.as_ref().map(|l| format!("Location: {l}\n")).unwrap_or_default();
    format!(
        "HTTP/1.1 {status} {reason}\nServer: {server}\nDate: {}\n{location}Content-Type: {content_type}\nContent-Length: {len}\nConnection: keep-alive\n\n",
        http_date(cx)
    )
}

/// Where a redirect from `from` to `location` (absolute, or a path on the same server) leads.
fn redirect_target(from: &Url, location: &str) -> Option<Url> {
    if location.starts_with('/') {
        return Some(Url { host: from.host.clone(), port: from.port, path: location.to_string(), https: from.https });
    }
    parse_url(location)
}

fn http_date(cx: &Cx<'_>) -> String {
    let d = crate::time::DateTime::at(cx.now());
    let wd = d.weekday_abbr();
    format!("{wd}, {:02} {} {} {:02}:{:02}:{:02} GMT", d.day, d.month_abbr(), d.year, d.hour, d.minute, d.second)
}

/// Waits out a connection timeout, then prints the error.
struct WaitThenFail {
    until: SimTime,
    message: String,
    code: i32,
}

impl Job for WaitThenFail {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if cx.now() >= self.until {
            if !self.message.is_empty() {
                cx.io.errln(&self.message);
            }
            return Poll::Done(self.code);
        }
        Poll::Pending(Wake::At(self.until))
    }
}

fn curl(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut silent = false;
    let mut show_error = false;
    let mut fail = false;
    let mut head = false;
    let mut include = false;
    let mut follow = false;
    let mut write_out: Option<String> = None;
    let mut output: Option<String> = None;
    let mut max_time: Option<u64> = None;
    let mut url = None;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        match a {
            "-o" | "--output" | "-m" | "--max-time" | "-X" | "--request" | "-H" | "--header" | "-d" | "--data"
            | "-A" | "--user-agent" | "-u" | "--connect-timeout" | "-w" | "--write-out" => {
                let v = argv.get(i + 1).cloned();
                match a {
                    "-o" | "--output" => output = v,
                    "-w" | "--write-out" => write_out = v,
                    "-m" | "--max-time" | "--connect-timeout" => {
                        max_time = v.and_then(|v| crate::float::parse(&v)).map(|s| (s * 1000.0) as u64)
                    }
                    _ => {}
                }
                i += 2;
                continue;
            }
            "-s" | "--silent" => silent = true,
            "-S" | "--show-error" => show_error = true,
            "-f" | "--fail" => fail = true,
            "-I" | "--head" => head = true,
            "-i" | "--include" => include = true,
            "-L" | "--location" => follow = true,
            "-v" | "--verbose" | "-k" | "--insecure" | "-4" => {}
            _ if a.starts_with('-') && a.len() > 1 && !a.starts_with("--") => {
                for ch in a[1..].chars() {
                    match ch {
                        's' => silent = true,
                        'S' => show_error = true,
                        'f' => fail = true,
                        'I' => head = true,
                        'i' => include = true,
                        'L' => follow = true,
                        'v' | 'k' => {}
                        _ => {}
                    }
                }
            }
            _ if a.starts_with("--") => {}
            _ => url = Some(a.to_string()),
        }
        i += 1;
    }
    let errors = !silent || show_error;
    let Some(raw) = url else {
        cx.io.errln("curl: try 'curl --help' or 'curl --manual' for more information");
        return done(2);
    };
    let Some(u) = parse_url(&raw) else {
        if errors {
            cx.io.errln("curl: (3) URL rejected: Bad hostname");
        }
        return done(3);
    };
    // With -L a redirect is followed (at most 50 times, curl's default); with -i/-I each
    // response's headers are shown, the body only of the last.
    let mut u = u;
    let mut earlier = String::new();
    let mut redirects = 0;
    let result = loop {
        let answer = fetch(cx, &u, "curl/8.5.0");
        let next = match &answer {
            Fetch::Ok { status: 300..=399, location: Some(to), .. } if follow => redirect_target(&u, to),
            _ => None,
        };
        let Some(next) = next else { break answer };
        if redirects == 50 {
            if errors {
                cx.io.errln("curl: (47) Maximum (50) redirects followed");
            }
            return done(47);
        }
        if let Fetch::Ok { status, reason, server, content_type, body, location, .. } = &answer {
            if head || include {
                earlier.push_str(&header_block(cx, *status, reason, server, content_type, body.len(), location));
            }
        }
        redirects += 1;
        u = next;
    };
    match result {
        Fetch::Ok { status, reason, server, content_type, body, location, .. } => {
            if u.https && status == 200 {
                // Simulated servers speak plain HTTP only.
            }
            if fail && status >= 400 {
                if errors {
                    cx.io.errln(&format!("curl: (22) The requested URL returned error: {status}"));
                }
                return done(22);
            }
            let mut text = earlier;
            if head || include {
                text.push_str(&header_block(cx, status, reason, &server, content_type, body.len(), &location));
            }
            if !head {
                text.push_str(&String::from_utf8_lossy(&body));
            }
            match output {
                Some(f) if f != "-" && f != "/dev/null" => {
                    let path = cx.sh.path(&f);
                    if let Err(e) = cx.world.fs_write(cx.sh.loc, &path, text.as_bytes(), false) {
                        cx.io.errln(&format!(
                            "curl: (23) Failure writing output to destination, passed {} returned 0",
                            text.len()
                        ));
                        let _ = e;
                        return done(23);
                    }
                    if !silent {
                        cx.io.errln(&format!("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n100   {:>3}  100   {:>3}    0     0   195k      0 --:--:-- --:--:-- --:--:--  300k", body.len(), body.len()));
                    }
                }
                Some(_) => {}
                None => cx.io.out(&text),
            }
            if let Some(format) = &write_out {
                let url = format!("http://{}:{}{}", u.host, u.port, u.path);
                cx.io.out(&write_out_text(format, status, content_type, body.len(), &url));
            }
            done(0)
        }
        Fetch::NotHttp => {
            if errors {
                cx.io.errln("curl: (52) Empty reply from server");
            }
            done(52)
        }
        Fetch::NoHost(cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            if errors {
                cx.io.errln(&format!("curl: (6) Could not resolve host: {}", u.host));
            }
            done(6)
        }
        Fetch::Refused(_, cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            if errors {
                cx.io.errln(&format!(
                    "curl: (7) Failed to connect to {} port {} after 0 ms: Couldn't connect to server",
                    u.host, u.port
                ));
            }
            done(7)
        }
        Fetch::Reset(cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            if errors {
                cx.io.errln("curl: (56) Recv failure: Connection reset by peer");
            }
            done(56)
        }
        Fetch::Timeout(_, cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            let wait = max_time.unwrap_or(134_000);
            let message = if !errors {
                String::new()
            } else if max_time.is_some() {
                format!("curl: (28) Connection timed out after {wait} milliseconds")
            } else {
                format!(
                    "curl: (28) Failed to connect to {} port {} after {wait} ms: Couldn't connect to server",
                    u.host, u.port
                )
            };
            Box::new(WaitThenFail { until: cx.now().plus(wait), message, code: 28 })
        }
        Fetch::Hang(_, cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            // Connected: only `--max-time` ends the wait (curl has no default for it).
            let message = match max_time {
                Some(ms) if errors => {
                    format!("curl: (28) Operation timed out after {ms} milliseconds with 0 bytes received")
                }
                _ => String::new(),
            };
            Box::new(Hang { until: max_time.map(|ms| cx.now().plus(ms)), message, code: 28 })
        }
    }
}

/// A request nobody answers: waits for the client's timeout, or for Ctrl-C when it has none.
struct Hang {
    until: Option<SimTime>,
    message: String,
    code: i32,
}

impl Job for Hang {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        match self.until {
            Some(t) if cx.now() >= t => {
                if !self.message.is_empty() {
                    cx.io.errln(&self.message);
                }
                Poll::Done(self.code)
            }
            Some(t) => Poll::Pending(Wake::At(t)),
            None => Poll::Pending(Wake::Never),
        }
    }
    fn runs_until_interrupted(&self) -> bool {
        self.until.is_none()
    }
}

fn wget(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let busybox = busybox_here(cx, "wget");
    let mut quiet = false;
    let mut output: Option<String> = None;
    let mut url = None;
    let mut spider = false;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        if a == "-O" || a == "--output-document" || a == "-T" {
            if a != "-T" {
                output = argv.get(i + 1).cloned();
            }
            i += 2;
            continue;
        }
        if let Some(f) = a.strip_prefix("-O") {
            if !f.is_empty() && !a.starts_with("-O-") || a == "-O-" {
                output = Some(f.to_string());
            }
        }
        if a == "-q" || a == "--quiet" {
            quiet = true;
        } else if a == "--spider" {
            spider = true;
        } else if a.starts_with("-q") && a.len() > 2 {
            quiet = true;
            if let Some(f) = a.strip_prefix("-qO") {
                output = Some(if f.is_empty() { argv.get(i + 1).cloned().unwrap_or_default() } else { f.to_string() });
                if f.is_empty() {
                    i += 1;
                }
            }
        } else if !a.starts_with('-') {
            url = Some(a.to_string());
        }
        i += 1;
    }
    let Some(raw) = url else {
        if busybox {
            cx.io.errln("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...");
        } else {
            cx.io.errln("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.");
        }
        return done(1);
    };
    let Some(u) = parse_url(&raw) else {
        cx.io.errln(&format!("wget: bad address '{raw}'"));
        return done(1);
    };
    let agent = if busybox { "Wget" } else { "Wget/1.21.3" };
    let file = output.clone().unwrap_or_else(|| {
        let base = u.path.rsplit('/').next().unwrap_or("");
        if base.is_empty() {
            "index.html".into()
        } else {
            base.to_string()
        }
    });
    // wget follows redirects by itself (GNU wget up to 20).
    let mut u = u;
    let mut redirects = 0;
    let result = loop {
        let answer = fetch(cx, &u, agent);
        let next = match &answer {
            Fetch::Ok { status: 300..=399, location: Some(to), .. } if redirects < 20 => redirect_target(&u, to),
            _ => None,
        };
        match next {
            Some(next) => {
                redirects += 1;
                u = next;
            }
            None => break answer,
        }
    };
    match result {
        Fetch::Ok { status, reason, body, ip, content_type, .. } => {
            if status >= 400 {
                if busybox {
                    if !quiet {
                        cx.io.errln(&format!("Connecting to {} ({ip}:{})", u.host, u.port));
                    }
                    cx.io.errln(&format!("wget: server returned error: HTTP/1.1 {status} {reason}"));
                    return done(1);
                }
                cx.io.errln(&format!("{}  ERROR {status}: {reason}.", ""));
                return done(8);
            }
            if !quiet {
                if busybox {
                    cx.io.errln(&format!("Connecting to {} ({ip}:{})", u.host, u.port));
                    if !spider && file != "-" {
                        cx.io.errln(&format!("saving to '{file}'\n{file:<20} 100% |********************************|   {}  0:00:00 ETA\n'{file}' saved", body.len()));
                    } else if spider {
                        cx.io.errln("remote file exists");
                    }
                } else {
                    let d = crate::time::DateTime::at(cx.now());
                    let ts = format!(
                        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                        d.year, d.month, d.day, d.hour, d.minute, d.second
                    );
                    cx.io.errln(&format!("--{ts}--  http://{}:{}{}\nResolving {} ({})... {ip}\nConnecting to {} ({})|{ip}|:{}... connected.\nHTTP request sent, awaiting response... {status} {reason}\nLength: {} [{content_type}]", u.host, u.port, u.path, u.host, u.host, u.host, u.host, u.port, body.len()));
                    if file != "-" {
                        cx.io.errln(&format!("Saving to: '{file}'\n\n{file:<19} 100%[===================>]     {}  --.-KB/s    in 0s      \n\n{ts} (58.6 MB/s) - '{file}' saved [{}/{}]\n", body.len(), body.len(), body.len()));
                    }
                }
            }
            if spider {
                return done(0);
            }
            if file == "-" {
                cx.io.out(&String::from_utf8_lossy(&body));
            } else {
                let path = cx.sh.path(&file);
                if let Err(e) = cx.world.fs_write(cx.sh.loc, &path, &body, false) {
                    cx.io.errln(&format!("wget: can't open '{file}': {}", e.strerror()));
                    return done(1);
                }
            }
            done(0)
        }
        Fetch::NotHttp => {
            cx.io.errln(if busybox {
                "wget: error getting response: Connection reset by peer"
            } else {
                "Read error (Connection reset by peer) in headers."
            });
            done(if busybox { 1 } else { 4 })
        }
        Fetch::NoHost(cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            if busybox {
                cx.io.errln(&format!("wget: bad address '{}'", u.host));
                done(1)
            } else {
                cx.io.errln(&format!("wget: unable to resolve host address '{}'", u.host));
                done(4)
            }
        }
        Fetch::Refused(ip, cause) | Fetch::Timeout(ip, cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            if busybox {
                if !quiet {
                    cx.io.errln(&format!("Connecting to {} ({ip}:{})", u.host, u.port));
                }
                cx.io.errln(&format!("wget: can't connect to remote host ({ip}): Connection refused"));
                done(1)
            } else {
                cx.io.errln(&format!(
                    "Connecting to {} ({})|{ip}|:{}... failed: Connection refused.",
                    u.host, u.host, u.port
                ));
                done(4)
            }
        }
        Fetch::Hang(ip, cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            // Connected and asked; the answer never comes, so wget waits (until Ctrl-C here).
            if !quiet {
                if busybox {
                    cx.io.errln(&format!("Connecting to {} ({ip}:{})", u.host, u.port));
                } else {
                    let d = crate::time::DateTime::at(cx.now());
                    let ts = format!(
                        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                        d.year, d.month, d.day, d.hour, d.minute, d.second
                    );
                    cx.io.errln(&format!("--{ts}--  http://{}:{}{}\nResolving {} ({})... {ip}\nConnecting to {} ({})|{ip}|:{}... connected.", u.host, u.port, u.path, u.host, u.host, u.host, u.host, u.port));
                    cx.io.err("HTTP request sent, awaiting response... ");
                }
            }
            Box::new(Hang { until: None, message: String::new(), code: 4 })
        }
        Fetch::Reset(cause) => {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::Explain(cause)));
            cx.io.errln(if busybox {
                "wget: error getting response: Connection reset by peer"
            } else {
                "Read error (Connection reset by peer) in headers."
            });
            done(if busybox { 1 } else { 4 })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iputils_time_precision() {
        assert_eq!(iputils_time(0.0741), "0.074");
        assert_eq!(iputils_time(1.351), "1.35");
        assert_eq!(iputils_time(12.34), "12.3");
        assert_eq!(iputils_time(123.4), "123");
    }

    #[test]
    fn loss_uses_percent_g() {
        assert_eq!(percent_g(0.0), "0");
        assert_eq!(percent_g(100.0), "100");
        assert_eq!(percent_g(100.0 / 3.0), "33.3333");
        assert_eq!(percent_g(25.0), "25");
    }

    #[test]
    fn urls() {
        let u = parse_url("http://localhost:8080/x").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("localhost", 8080, "/x"));
        let u = parse_url("web").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("web", 80, "/"));
        assert!(parse_url("ftp://x").is_none());
    }
}
