//! The inspector (issue 15, Packet Tracer's simulation mode for containers): every request of
//! the event log broken into its hops with their fields — the DNS query to the resolver and its
//! answer or NXDOMAIN (and why), the ICMP echo and its reply with their TTL, a TCP connection
//! accepted or refused, an HTTP request through a published port via the host and its answer,
//! a packet dropped between networks — in the user's language, with Muelle's explanation of a
//! failure.
//!
//! Nothing here is recorded while nobody inspects: the hops are read off the typed events the
//! host records anyway (`DnsLookup`, `Ping`, `Connect`, `Http`) and the host's view (which
//! networks a container is on, which host port publishes which container port), when the
//! worker is asked for them by the page part ([`crate::remote::Driver::part`]). Same log, same
//! hops.

use serde::{Deserialize, Serialize};

use crate::events::{Actor, Cause, EventKind};
use crate::view::HostView;
use crate::{Lang, LogEvent};

/// Hops an [`Inspection`] carries at most (the last ones).
pub const MAX_HOPS: usize = 400;

/// The resolver Docker's user-defined networks answer at, inside every container on them.
pub const EMBEDDED_DNS: &str = "127.0.0.11";
/// The host's resolver, which containers on the default bridge get in their `/etc/resolv.conf`
/// (a copy of the host's; see the host's `/etc/resolv.conf`).
pub const HOST_DNS: &str = "192.168.1.1";

/// What a hop is; [`HopKind::name`] is the page's `data-kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HopKind {
    DnsQuery,
    DnsAnswer,
    DnsNxdomain,
    IcmpEcho,
    IcmpReply,
    TcpConnect,
    TcpRefused,
    HttpRequest,
    HttpResponse,
    Drop,
}

impl HopKind {
    pub const ALL: [HopKind; 10] = [
        HopKind::DnsQuery,
        HopKind::DnsAnswer,
        HopKind::DnsNxdomain,
        HopKind::IcmpEcho,
        HopKind::IcmpReply,
        HopKind::TcpConnect,
        HopKind::TcpRefused,
        HopKind::HttpRequest,
        HopKind::HttpResponse,
        HopKind::Drop,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HopKind::DnsQuery => "dns-query",
            HopKind::DnsAnswer => "dns-answer",
            HopKind::DnsNxdomain => "dns-nxdomain",
            HopKind::IcmpEcho => "icmp-echo",
            HopKind::IcmpReply => "icmp-reply",
            HopKind::TcpConnect => "tcp-connect",
            HopKind::TcpRefused => "tcp-refused",
            HopKind::HttpRequest => "http-request",
            HopKind::HttpResponse => "http-response",
            HopKind::Drop => "drop",
        }
    }
}

/// One hop of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// The event's number in the whole log (`EventLog::total`'s count): a request's hops share it.
    pub event: u64,
    /// Simulated ms.
    pub at: u64,
    pub kind: HopKind,
    /// Who sent it and to whom (a container's name, `host`, an address, a resolver).
    pub from: String,
    pub to: String,
    /// The network it crosses (empty when the host's own, or none).
    pub network: String,
    /// One line: who, to whom, what.
    pub text: String,
    /// Its fields, labelled in the user's language.
    pub fields: Vec<(String, String)>,
    /// Why it failed, in the user's language (Muelle's explanation).
    pub why: Option<String>,
    /// It is where the request failed.
    pub failed: bool,
}

/// The hops of the log's last requests, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub hops: Vec<Hop>,
}

/// The hops of `events` (the first numbered `first`), read with the host `view`, in `lang`:
/// the last [`MAX_HOPS`].
pub fn inspect(events: &[LogEvent], first: u64, view: &HostView, lang: Lang) -> Inspection {
    let mut hops = Vec::new();
    for (i, e) in events.iter().enumerate() {
        hops_of(e, first + i as u64, view, lang, &mut hops);
    }
    let cut = hops.len().saturating_sub(MAX_HOPS);
    hops.drain(..cut);
    Inspection { hops }
}

/// Field names, in both languages.
#[derive(Clone, Copy)]
enum F {
    Query,
    Server,
    Transport,
    Answer,
    Rcode,
    Source,
    Destination,
    Seq,
    Ttl,
    Port,
    Result,
    Method,
    Url,
    Via,
    Status,
}

fn label(f: F, lang: Lang) -> &'static str {
    let es = matches!(lang, Lang::Es);
    match f {
        F::Query => {
            if es {
                "pregunta"
            } else {
                "query"
            }
        }
        F::Server => {
            if es {
                "servidor DNS"
            } else {
                "DNS server"
            }
        }
        F::Transport => {
            if es {
                "transporte"
            } else {
                "transport"
            }
        }
        F::Answer => {
            if es {
                "respuesta"
            } else {
                "answer"
            }
        }
        F::Rcode => "rcode",
        F::Source => {
            if es {
                "origen"
            } else {
                "source"
            }
        }
        F::Destination => {
            if es {
                "destino"
            } else {
                "destination"
            }
        }
        F::Seq => "icmp_seq",
        F::Ttl => "TTL",
        F::Port => {
            if es {
                "puerto"
            } else {
                "port"
            }
        }
        F::Result => {
            if es {
                "resultado"
            } else {
                "result"
            }
        }
        F::Method => {
            if es {
                "método"
            } else {
                "method"
            }
        }
        F::Url => "URL",
        F::Via => {
            if es {
                "a través de"
            } else {
                "via"
            }
        }
        F::Status => {
            if es {
                "estado"
            } else {
                "status"
            }
        }
    }
}

/// Muelle's words for a hop, in both languages.
fn say(lang: Lang, es: &str, en: &str) -> String {
    match lang {
        Lang::Es => es.to_string(),
        Lang::En => en.to_string(),
    }
}

fn actor(a: &Actor) -> String {
    a.label().to_string()
}

/// The network `from` and `to` (containers, by name) share in `view`; else `from`'s first.
fn network_between(view: &HostView, from: &Actor, to: Option<&str>) -> String {
    let Actor::Container(from) = from else { return String::new() };
    let nets = |name: &str| view.containers.iter().find(|c| c.name == name).map(|c| c.networks.clone());
    let mine = nets(from).unwrap_or_default();
    let theirs = to.and_then(nets).unwrap_or_default();
    mine.iter().find(|n| theirs.contains(n)).or(mine.first()).cloned().unwrap_or_default()
}

/// Whether the address is one a container of `view` has.
fn is_container_ip(view: &HostView, ip: std::net::Ipv4Addr) -> bool {
    let ip = ip.to_string();
    view.containers.iter().any(|c| c.endpoints.iter().any(|(_, a)| *a == ip))
}

/// The host port publishing `to`'s `port`, when the view has it.
fn published(view: &HostView, to: &str, port: u16) -> Option<u16> {
    let c = view.containers.iter().find(|c| c.name == to)?;
    c.ports.iter().find(|p| p.container_port == port).map(|p| p.host_port)
}

fn hops_of(e: &LogEvent, event: u64, view: &HostView, lang: Lang, out: &mut Vec<Hop>) {
    let at = e.at.ms();
    let mut push = |kind: HopKind,
                    from: String,
                    to: String,
                    network: &str,
                    text: String,
                    fields: Vec<(F, String)>,
                    why: Option<&Cause>| {
        let failed = why.is_some() || matches!(kind, HopKind::DnsNxdomain | HopKind::TcpRefused | HopKind::Drop);
        out.push(Hop {
            event,
            at,
            kind,
            from,
            to,
            network: network.to_string(),
            text,
            fields: fields.into_iter().map(|(f, v)| (label(f, lang).to_string(), v)).collect(),
            why: why.map(|c| c.explain(lang)),
            failed,
        });
    };
    match &e.kind {
        EventKind::DnsLookup { from, query, network, result } => {
            let me = actor(from);
            // Docker's embedded DNS answers on user-defined networks; the default bridge's
            // containers (and the host) ask the host's resolver, which knows no container.
            let bridge_only = |n: &str| {
                view.containers
                    .iter()
                    .find(|c| c.name == n)
                    .is_some_and(|c| c.networks.iter().all(|n| n == "bridge" || n == "host"))
            };
            let host_resolver = match (from, result, network.as_deref()) {
                (Actor::Host, _, _) | (_, Err(Cause::DefaultBridgeHasNoDns { .. }), _) => true,
                (_, _, Some(n)) => n == "bridge",
                (Actor::Container(n), _, None) => bridge_only(n),
            };
            let server = if host_resolver { HOST_DNS } else { EMBEDDED_DNS };
            let net = network.clone().unwrap_or_else(|| network_between(view, from, None));
            let resolver = if server == EMBEDDED_DNS {
                say(lang, "el DNS interno de Docker", "Docker's embedded DNS")
            } else {
                say(
                    lang,
                    "el resolvedor del anfitrión (/etc/resolv.conf copiado)",
                    "the host's resolver (a copy of /etc/resolv.conf)",
                )
            };
            if matches!(result, Err(Cause::NoNetwork)) {
                let text = format!(
                    "{me} → {server}: A {query}? — {}",
                    say(lang, "sin red, no sale", "no network, never sent")
                );
                push(
                    HopKind::Drop,
                    me,
                    server.into(),
                    &net,
                    text,
                    vec![(F::Query, format!("A {query}"))],
                    result.as_ref().err(),
                );
                return;
            }
            push(
                HopKind::DnsQuery,
                me.clone(),
                server.into(),
                &net,
                format!("{me} → {server}: A {query}?"),
                vec![
                    (F::Query, format!("A {query}")),
                    (F::Server, format!("{server} ({resolver})")),
                    (F::Transport, "UDP 53".into()),
                ],
                None,
            );
            match result {
                Ok(ip) => push(
                    HopKind::DnsAnswer,
                    server.into(),
                    me.clone(),
                    &net,
                    format!("{server} → {me}: {query} = {ip}"),
                    vec![(F::Answer, format!("A {ip}")), (F::Rcode, "NOERROR".into())],
                    None,
                ),
                Err(cause) => push(
                    HopKind::DnsNxdomain,
                    server.into(),
                    me.clone(),
                    &net,
                    format!("{server} → {me}: NXDOMAIN {query}"),
                    vec![(F::Answer, say(lang, "ninguna", "none")), (F::Rcode, "NXDOMAIN".into())],
                    Some(cause),
                ),
            }
        }
        EventKind::Ping { from, to, ip, seq, reply, cause } => {
            let me = actor(from);
            let them = to.clone().unwrap_or_else(|| ip.to_string());
            let net = network_between(view, from, to.as_deref());
            let fields = |ttl: u8| {
                vec![
                    (F::Source, me.clone()),
                    (F::Destination, format!("{them} ({ip})")),
                    (F::Seq, seq.to_string()),
                    (F::Ttl, ttl.to_string()),
                ]
            };
            push(
                HopKind::IcmpEcho,
                me.clone(),
                them.clone(),
                &net,
                format!("{me} → {them}: echo request icmp_seq={seq} ttl=64"),
                fields(64),
                None,
            );
            if *reply {
                // A reply from the internet has crossed routers (ping shows ttl=116); one from a
                // container or the host has crossed none.
                let ttl = if to.is_none() && !ip.is_private() && !ip.is_loopback() { 116 } else { 64 };
                let mut f = fields(ttl);
                f.swap(0, 1);
                let text = format!("{them} → {me}: echo reply icmp_seq={seq} ttl={ttl}");
                push(HopKind::IcmpReply, them, me, &net, text, f, None);
            } else {
                let text = format!("{me} → {them}: {}", say(lang, "paquete descartado", "packet dropped"));
                let f = fields(64);
                push(HopKind::Drop, me, them, &net, text, f, cause.as_ref());
            }
        }
        EventKind::Connect { from, to, ip, port, result } => {
            let me = actor(from);
            let them = to.clone().unwrap_or_else(|| ip.to_string());
            let net = network_between(view, from, to.as_deref());
            // Through the host when the address is not the container's own (a published port).
            let host_port = to
                .as_deref()
                .filter(|_| matches!(from, Actor::Host) || ip.is_loopback() || !is_container_ip(view, *ip))
                .and_then(|t| published(view, t, *port));
            let mut fields = vec![(F::Source, me.clone()), (F::Destination, format!("{them}:{port} ({ip})"))];
            if let Some(hp) = host_port {
                fields.push((F::Via, format!("{ip}:{hp} → docker-proxy → {them}:{port}")));
            }
            match result {
                Ok(()) => {
                    fields.push((F::Result, "SYN → SYN-ACK → ACK".into()));
                    let text =
                        format!("{me} → {them}:{port}: {}", say(lang, "conexión aceptada", "connection accepted"));
                    push(HopKind::TcpConnect, me, them, &net, text, fields, None);
                }
                Err(cause @ Cause::Paused { .. }) => {
                    fields.push((F::Result, "SYN → SYN-ACK → ACK".into()));
                    let text = format!(
                        "{me} → {them}:{port}: {}",
                        say(lang, "aceptada, sin respuesta", "accepted, no answer")
                    );
                    push(HopKind::TcpConnect, me, them, &net, text, fields, Some(cause));
                }
                Err(
                    cause @ (Cause::DifferentNetwork { .. }
                    | Cause::HostUnreachable { .. }
                    | Cause::InternalNetwork
                    | Cause::TargetNotRunning { .. }),
                ) if !matches!(from, Actor::Host) || !matches!(cause, Cause::TargetNotRunning { .. }) => {
                    fields.push((F::Result, say(lang, "SYN sin respuesta", "SYN unanswered")));
                    let text = format!("{me} → {them}:{port}: {}", say(lang, "paquete descartado", "packet dropped"));
                    push(HopKind::Drop, me, them, &net, text, fields, Some(cause));
                }
                Err(cause) => {
                    fields.push((F::Port, port.to_string()));
                    fields.push((F::Result, "SYN → RST".into()));
                    let text =
                        format!("{me} → {them}:{port}: {}", say(lang, "conexión rechazada", "connection refused"));
                    push(HopKind::TcpRefused, me, them, &net, text, fields, Some(cause));
                }
            }
        }
        EventKind::Http { from, to, host, via_host, path, status } => {
            let me = actor(from);
            let them = to.clone().unwrap_or_else(|| host.clone());
            let net = network_between(view, from, to.as_deref());
            let url = match via_host {
                Some(p) => format!("http://{host}:{p}{path}"),
                None => format!("http://{host}{path}"),
            };
            let mut fields = vec![(F::Method, "GET".into()), (F::Url, url)];
            if let Some(p) = via_host {
                let how = say(lang, "puerto publicado del anfitrión", "the host's published port");
                fields.push((F::Via, format!("{how} {p} → {them}")));
            }
            push(
                HopKind::HttpRequest,
                me.clone(),
                them.clone(),
                &net,
                format!("{me} → {them}: GET {path}"),
                fields,
                None,
            );
            let failed = *status >= 400;
            out.push(Hop {
                event,
                at,
                kind: HopKind::HttpResponse,
                from: them.clone(),
                to: me.clone(),
                network: net,
                text: format!("{them} → {me}: HTTP {status}"),
                fields: vec![(label(F::Status, lang).to_string(), status.to_string())],
                why: None,
                failed,
            });
        }
        _ => {}
    }
}

/// What a terminal line of a failed `ping`, `curl` or `wget` names, if it is one: the name that
/// did not resolve, the `:port` refused, or nothing (the last failure then).
pub fn from_terminal_line(line: &str) -> Option<String> {
    const FAILED: [&str; 10] = [
        "bad address",
        "not known",
        "resolve host",
        "name resolution",
        "Failed to connect",
        "Connection refused",
        "Unreachable",
        "100% packet loss",
        "timed out",
        "can't connect",
    ];
    if !FAILED.iter().any(|f| line.contains(f)) {
        return None;
    }
    // `bad address 'db'`, `Could not resolve host: db`, `ping: db: Name or service not known`.
    let name = if let Some(rest) = line.split_once("bad address '").map(|(_, r)| r) {
        rest.split('\'').next().unwrap_or("")
    } else if let Some(rest) = line.split_once("resolve host: ").map(|(_, r)| r) {
        rest.split_whitespace().next().unwrap_or("")
    } else if line.contains("not known") || line.contains("name resolution") {
        line.split(": ").nth(1).unwrap_or("")
    } else if let Some(rest) = line.split_once(" port ").map(|(_, r)| r) {
        return Some(format!(":{}", rest.split(|c: char| !c.is_ascii_digit()).next().unwrap_or("")));
    } else {
        ""
    };
    Some(name.to_string())
}

/// What the graph's failed packet says it was after, as the page writes it on the packet
/// (`packet:` and the name asked for, `:port` for a connection, or nothing for a ping to an
/// address): the hint [`pick`] looks for, as [`from_terminal_line`] gives one for a line.
pub fn from_packet(clicked: &str) -> Option<String> {
    clicked.strip_prefix("packet:").map(str::to_string)
}

/// The hop a click opens the inspector at — on a terminal's failed `line` or the graph's failed
/// packet ([`from_packet`]): the last failure naming what failed ([`from_terminal_line`]), or
/// the last failure; none if the line is not a failure.
pub fn pick(i: &Inspection, line: &str) -> Option<usize> {
    let hint = from_packet(line).or_else(|| from_terminal_line(line))?;
    i.hops.iter().rposition(|h| h.failed && h.text.contains(&hint)).or(i.hops.iter().rposition(|h| h.failed))
}

pub use crate::html::esc;

/// Simulated time as the timeline shows it (the timeline's rows word it so).
pub use crate::event_rows::clock;

/// One of each, non-empty, sorted.
fn choices(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    crate::sort::sort(&mut out);
    out
}

/// A `<select>` of the page part's bar: "—" (any) and `values`.
pub(crate) fn select(out: &mut String, testid: &str, values: &[(String, String)], chosen: &str) {
    use std::fmt::Write;
    let _ = write!(out, "<select data-testid=\"{testid}\">");
    for (v, label) in values {
        let on = if v == chosen { " selected" } else { "" };
        let _ = write!(out, "<option value=\"{}\"{on}>{}</option>", esc(v), esc(label));
    }
    out.push_str("</select>");
}

/// The inspector as the page part inserts it (`muelle-part.js`), made here so the page's wasm
/// neither decodes hops nor draws them: the filters (container, network, kind) with their
/// choices, the step buttons, and one `<li data-testid="inspector-event">` per hop, oldest
/// first, with `data-i` (its place), `data-kind`, `data-from`, `data-to`, `data-net` (what
/// the filters read) and the class `bad` when it failed; each carries its explanation and
/// fields, which the style shows for the selected hop only. Every text is escaped and worded
/// in `lang`. `pick`: the hop to select (`data-pick`, a terminal's click on a failure).
pub fn markup(i: &Inspection, lang: Lang, pick: Option<usize>) -> String {
    use std::fmt::Write;
    let t = |es: &'static str, en: &'static str| if lang == Lang::Es { es } else { en };
    let mut out = String::new();
    let _ = write!(
        out,
        "<section class=\"inspector\" data-testid=\"inspector\" aria-label=\"Inspector\"{}><div class=\"inspector-bar\">",
        pick.map(|n| format!(" data-pick=\"{n}\"")).unwrap_or_default()
    );
    let names = choices(
        i.hops.iter().flat_map(|h| [h.from.clone(), h.to.clone()]).filter(|n| n.parse::<std::net::Ipv4Addr>().is_err()),
    );
    let networks = choices(i.hops.iter().map(|h| h.network.clone()));
    let kinds = choices(i.hops.iter().map(|h| h.kind.name().to_string()));
    for (label, values, testid) in [
        (t("Contenedor", "Container"), names, "inspector-container"),
        (t("Red", "Network"), networks, "inspector-network"),
        (t("Tipo", "Kind"), kinds, "inspector-kind"),
    ] {
        let _ = write!(out, "<label class=\"field\"><span>{label}</span>");
        let values: Vec<(String, String)> = std::iter::once((String::new(), "—".to_string()))
            .chain(values.into_iter().map(|v| (v.clone(), v)))
            .collect();
        select(&mut out, testid, &values, "");
        out.push_str("</label>");
    }
    let _ = write!(
        out,
        "<button class=\"btn\" data-testid=\"inspector-prev\" aria-label=\"{}\">↑</button>\
         <button class=\"btn\" data-testid=\"inspector-next\" aria-label=\"{}\">↓</button></div>\
         <ol class=\"events hops\" tabindex=\"0\" aria-label=\"Inspector\" data-empty=\"{}\">",
        t("Paso anterior", "Previous hop"),
        t("Paso siguiente", "Next hop"),
        t("Aún no hay peticiones de red (ping, curl, nombres)", "No network requests yet (ping, curl, names)"),
    );
    for (n, h) in i.hops.iter().enumerate() {
        let _ = write!(
            out,
            "<li data-testid=\"inspector-event\" data-i=\"{n}\" data-kind=\"{kind}\" data-from=\"{from}\" \
             data-to=\"{to}\" data-net=\"{net}\" class=\"event hop {tone}\"><time class=\"at\">{at}</time>\
             <span class=\"tag\">{kind}</span><span class=\"what\">{text}",
            kind = h.kind.name(),
            from = esc(&h.from),
            to = esc(&h.to),
            net = esc(&h.network),
            tone = if h.failed { "bad" } else { "good" },
            at = clock(h.at),
            text = esc(&h.text),
        );
        if let Some(why) = &h.why {
            let _ = write!(out, "<span class=\"why\">{}</span>", esc(why));
        }
        out.push_str("</span><dl class=\"hop-fields\">");
        for (k, v) in &h.fields {
            let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
        }
        out.push_str("</dl></li>");
    }
    out.push_str("</ol></section>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SimTime;

    fn ev(kind: EventKind) -> LogEvent {
        LogEvent { at: SimTime(1000), kind }
    }

    #[test]
    fn a_lookup_on_the_default_bridge_goes_to_the_host_resolver_and_says_why() {
        let e = ev(EventKind::DnsLookup {
            from: Actor::Container("web".into()),
            query: "db".into(),
            network: None,
            result: Err(Cause::DefaultBridgeHasNoDns { target: "db".into() }),
        });
        let i = inspect(&[e], 5, &HostView::default(), Lang::Es);
        let kinds: Vec<_> = i.hops.iter().map(|h| h.kind.name()).collect();
        assert_eq!(kinds, ["dns-query", "dns-nxdomain"]);
        assert_eq!(i.hops[0].to, HOST_DNS);
        assert!(i.hops[1].failed);
        assert!(i.hops[1].why.as_deref().unwrap().contains("no tiene DNS"), "{:?}", i.hops[1].why);
        assert!(i.hops.iter().all(|h| h.event == 5));
    }

    #[test]
    fn the_markup_has_a_row_per_hop_with_its_hooks_and_escapes_every_name() {
        let e = ev(EventKind::DnsLookup {
            from: Actor::Container("<w&b>\"'".into()),
            query: "<db>".into(),
            network: Some("n<1>".into()),
            result: Err(Cause::UnknownName { name: "<db>".into() }),
        });
        let i = inspect(&[e], 0, &HostView::default(), Lang::En);
        let m = markup(&i, Lang::En, None);
        assert_eq!(m.matches("<li data-testid=\"inspector-event\"").count(), 2, "{m}");
        assert!(m.contains("data-i=\"0\" data-kind=\"dns-query\""), "{m}");
        assert!(m.contains("data-i=\"1\" data-kind=\"dns-nxdomain\""), "{m}");
        assert!(m.contains("data-from=\"&lt;w&amp;b&gt;&quot;&#39;\""), "{m}");
        assert!(m.contains("data-net=\"n&lt;1&gt;\""), "{m}");
        assert!(m.contains("class=\"event hop bad\""), "{m}");
        assert!(m.contains("<time class=\"at\">00:01.0</time>"), "{m}");
        assert!(m.contains("NXDOMAIN &lt;db&gt;"), "{m}");
        assert!(m.contains("<span class=\"why\">"), "{m}");
        assert!(m.contains("<dt>rcode</dt><dd>NXDOMAIN</dd>"), "{m}");
        assert!(m.contains("<option value=\"dns-nxdomain\">dns-nxdomain</option>"), "{m}");
        assert!(m.contains("<option value=\"&lt;w&amp;b&gt;&quot;&#39;\">"), "{m}");
        assert!(m.contains(">Container</span>") && m.contains("aria-label=\"Next hop\""), "{m}");
        // No raw name got through: every `<` opens one of the markup's own tags.
        let tags = [
            "li ",
            "/li>",
            "time ",
            "/time>",
            "span",
            "/span>",
            "dl ",
            "/dl>",
            "dt>",
            "/dt>",
            "dd>",
            "/dd>",
            "section ",
            "/section>",
            "div ",
            "/div>",
            "label ",
            "/label>",
            "select ",
            "/select>",
            "option ",
            "/option>",
            "button ",
            "/button>",
            "ol ",
            "/ol>",
        ];
        for part in m.split('<').skip(1) {
            assert!(tags.iter().any(|t| part.starts_with(t)), "{part}");
        }
        assert!(markup(&Inspection::default(), Lang::Es, None).contains("data-empty=\"Aún no hay peticiones"));
        // A click on `ping: bad address '<db>'` picks the failure.
        assert_eq!(pick(&i, "ping: bad address '<db>'"), Some(1));
        assert_eq!(pick(&i, "64 bytes from 172.17.0.2"), None);
        assert_eq!(pick(&i, "packet:<db>"), Some(1), "the graph's failed lookup of <db>");
        assert_eq!(
            pick(&i, "packet:"),
            i.hops.iter().rposition(|h| h.failed),
            "a ping to an address: the last failure"
        );
        assert!(markup(&i, Lang::En, Some(1)).starts_with(
            "<section class=\"inspector\" data-testid=\"inspector\" aria-label=\"Inspector\" data-pick=\"1\">"
        ));
    }

    #[test]
    fn failed_lines_name_what_failed() {
        assert_eq!(from_terminal_line("ping: bad address 'db'").as_deref(), Some("db"));
        assert_eq!(from_terminal_line("curl: (6) Could not resolve host: db").as_deref(), Some("db"));
        assert_eq!(from_terminal_line("ping: db: Name or service not known").as_deref(), Some("db"));
        assert_eq!(
            from_terminal_line(
                "curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server"
            )
            .as_deref(),
            Some(":9999")
        );
        assert_eq!(from_terminal_line("1 packets transmitted, 0 received, 100% packet loss").as_deref(), Some(""));
        assert_eq!(from_terminal_line("64 bytes from 172.17.0.2: seq=0 ttl=64"), None);
    }
}
