//! The event log as rows: one sentence per event in the user's language, pings folded (the
//! page's timeline and the worker's comparison both word events with it).
//!
//! Plain Rust over `sim_core`'s typed [`LogEvent`]s, so native tests cover the wording, the
//! folding of a running `ping` into one growing row and the filter by container.

use crate::{Actor, Cause, EventKind, Lang, LogEvent};

/// How a row is coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Something came into being or went well.
    Good,
    /// Neutral information.
    Info,
    /// A restart, a lost packet: worth a look.
    Warn,
    /// A failure.
    Bad,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The index of the row's first event in the events it was made from (with the log's
    /// compacted count, a key that stays the row's while the log grows and compacts).
    pub first: usize,
    /// Simulated milliseconds of the first event of the row.
    pub at_ms: u64,
    /// A short tag: `docker`, `red`, `dns`, `ping`, `http`…
    pub tag: &'static str,
    pub text: String,
    /// Why it failed, explained (`Cause::explain`).
    pub detail: Option<String>,
    pub tone: Tone,
    /// Containers the row is about, for the filter.
    pub about: Vec<String>,
    /// For folding pings: (from, to ip, replied).
    fold: Option<(String, String, bool)>,
    count: u32,
}

/// Timeline rows for `events`, oldest first.
pub fn rows(events: &[LogEvent], lang: Lang) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for (first, e) in events.iter().enumerate() {
        let es = lang == Lang::Es;
        let row = |tag, text: String, tone, about: Vec<String>| Row {
            first,
            at_ms: e.at.ms(),
            tag,
            text,
            detail: None,
            tone,
            about,
            fold: None,
            count: 1,
        };
        let explain = |c: &Option<Cause>| c.as_ref().map(|c| c.explain(lang));
        let who = |a: &Actor| -> (String, Vec<String>) {
            match a {
                Actor::Host => ((if es { "el anfitrión" } else { "the host" }).to_string(), vec![]),
                Actor::Container(n) => (n.clone(), vec![n.clone()]),
            }
        };
        let r = match &e.kind {
            EventKind::ImagePulled { reference } => row(
                "imagen",
                if es { format!("imagen {reference} descargada") } else { format!("image {reference} pulled") },
                Tone::Info,
                vec![],
            ),
            EventKind::DaemonStopped => row(
                "docker",
                if es {
                    "el demonio de Docker se detuvo (y detuvo sus contenedores): los comandos docker no pueden conectar"
                        .to_string()
                } else {
                    "the Docker daemon stopped (and stopped its containers): docker commands cannot connect".to_string()
                },
                Tone::Bad,
                vec![],
            ),
            EventKind::DaemonStarted => row(
                "docker",
                if es {
                    "el demonio de Docker arrancó y rearrancó los contenedores que su política de reinicio trae de vuelta".to_string()
                } else {
                    "the Docker daemon started and restarted the containers their restart policy brings back"
                        .to_string()
                },
                Tone::Good,
                vec![],
            ),
            EventKind::ContainerCreated { name, image } => row(
                "docker",
                if es { format!("{name} creado (imagen {image})") } else { format!("{name} created (image {image})") },
                Tone::Info,
                vec![name.clone()],
            ),
            EventKind::ContainerStarted { name } => row(
                "docker",
                if es { format!("{name} arrancó") } else { format!("{name} started") },
                Tone::Good,
                vec![name.clone()],
            ),
            EventKind::ContainerExited { name, code, cause } => Row {
                detail: explain(cause),
                ..row(
                    "docker",
                    if es {
                        format!("{name} terminó con el código {code}")
                    } else {
                        format!("{name} exited with code {code}")
                    },
                    if *code == 0 { Tone::Info } else { Tone::Bad },
                    vec![name.clone()],
                )
            },
            EventKind::ContainerRestarting { name, delay_ms, restart_count } => row(
                "docker",
                if es {
                    format!("{name} se reiniciará en {} (reinicio n.º {restart_count})", ms(*delay_ms))
                } else {
                    format!("{name} restarts in {} (restart #{restart_count})", ms(*delay_ms))
                },
                Tone::Warn,
                vec![name.clone()],
            ),
            EventKind::ContainerRemoved { name } => row(
                "docker",
                if es { format!("{name} eliminado") } else { format!("{name} removed") },
                Tone::Info,
                vec![name.clone()],
            ),
            EventKind::ContainerPaused { name } => row(
                "docker",
                if es {
                    format!("{name} en pausa: sus procesos están congelados")
                } else {
                    format!("{name} paused: its processes are frozen")
                },
                Tone::Warn,
                vec![name.clone()],
            ),
            EventKind::ContainerUnpaused { name } => row(
                "docker",
                if es { format!("{name} reanudado") } else { format!("{name} unpaused") },
                Tone::Good,
                vec![name.clone()],
            ),
            EventKind::ContainerRenamed { from, to } => row(
                "docker",
                if es { format!("{from} renombrado a {to}") } else { format!("{from} renamed to {to}") },
                Tone::Info,
                vec![from.clone(), to.clone()],
            ),
            EventKind::HealthChanged { name, health } => {
                let (word, tone) = match health.as_str() {
                    "healthy" => (if es { "sano" } else { "healthy" }, Tone::Good),
                    "unhealthy" => (if es { "no sano" } else { "unhealthy" }, Tone::Bad),
                    other => (other, Tone::Info),
                };
                row(
                    "salud",
                    if es { format!("{name} ahora está {word}") } else { format!("{name} is now {word}") },
                    tone,
                    vec![name.clone()],
                )
            }
            EventKind::NetworkCreated { name, subnet } => row(
                "red",
                if es { format!("red {name} creada ({subnet})") } else { format!("network {name} created ({subnet})") },
                Tone::Info,
                vec![],
            ),
            EventKind::NetworkRemoved { name } => row(
                "red",
                if es { format!("red {name} eliminada") } else { format!("network {name} removed") },
                Tone::Info,
                vec![],
            ),
            EventKind::NetworkConnected { container, network, ip } => {
                let ip = ip.map(|ip| format!(" ({ip})")).unwrap_or_default();
                row(
                    "red",
                    if es {
                        format!("{container} conectado a la red {network}{ip}")
                    } else {
                        format!("{container} connected to network {network}{ip}")
                    },
                    Tone::Info,
                    vec![container.clone()],
                )
            }
            EventKind::NetworkDisconnected { container, network } => row(
                "red",
                if es {
                    format!("{container} desconectado de la red {network}")
                } else {
                    format!("{container} disconnected from network {network}")
                },
                Tone::Info,
                vec![container.clone()],
            ),
            EventKind::VolumeCreated { name } => row(
                "volumen",
                if es { format!("volumen {name} creado") } else { format!("volume {name} created") },
                Tone::Info,
                vec![],
            ),
            EventKind::VolumeRemoved { name } => row(
                "volumen",
                if es { format!("volumen {name} eliminado") } else { format!("volume {name} removed") },
                Tone::Info,
                vec![],
            ),
            EventKind::DnsLookup { from, query, network, result } => {
                let (asker, mut about) = who(from);
                let on = network.as_ref().map(|n| if es { format!(" en {n}") } else { format!(" on {n}") });
                let on = on.unwrap_or_default();
                match result {
                    Ok(ip) => {
                        about.push(query.clone());
                        row(
                            "dns",
                            if es {
                                format!("{asker} pregunta por «{query}»{on} → {ip}")
                            } else {
                                format!("{asker} looks up \"{query}\"{on} → {ip}")
                            },
                            Tone::Good,
                            about,
                        )
                    }
                    Err(cause) => {
                        if let Cause::NoSharedNetwork { target } | Cause::TargetNotRunning { target } = cause {
                            about.push(target.clone());
                        }
                        Row {
                            detail: Some(cause.explain(lang)),
                            ..row(
                                "dns",
                                if es {
                                    format!("{asker} pregunta por «{query}»{on}: sin respuesta")
                                } else {
                                    format!("{asker} looks up \"{query}\"{on}: no answer")
                                },
                                Tone::Bad,
                                about,
                            )
                        }
                    }
                }
            }
            EventKind::Ping { from, to, ip, reply, cause, .. } => {
                let (asker, mut about) = who(from);
                about.extend(to.iter().cloned());
                let target = match to {
                    Some(name) => format!("{name} ({ip})"),
                    None => ip.to_string(),
                };
                let key = (asker.clone(), target.clone(), *reply);
                if let Some(last) = out.last_mut().filter(|r| r.fold.as_ref() == Some(&key)) {
                    last.count += 1;
                    last.text = ping_text(lang, &asker, &target, *reply, last.count);
                    continue;
                }
                Row {
                    detail: explain(cause),
                    fold: Some(key),
                    ..row(
                        "ping",
                        ping_text(lang, &asker, &target, *reply, 1),
                        if *reply { Tone::Good } else { Tone::Warn },
                        about,
                    )
                }
            }
            EventKind::Http { from, to, host, path, status, .. } => {
                let (asker, mut about) = who(from);
                about.extend(to.iter().cloned());
                let tone = if *status < 400 { Tone::Good } else { Tone::Warn };
                row("http", format!("{asker} → {host}: GET {path} {status}"), tone, about)
            }
            EventKind::Connect { from, to, ip, port, result } => {
                let (asker, mut about) = who(from);
                about.extend(to.iter().cloned());
                let target = match to {
                    Some(name) => format!("{name}:{port}"),
                    None => format!("{ip}:{port}"),
                };
                match result {
                    Ok(()) => row(
                        "tcp",
                        if es {
                            format!("{asker} se conecta a {target}")
                        } else {
                            format!("{asker} connects to {target}")
                        },
                        Tone::Good,
                        about,
                    ),
                    Err(cause) => Row {
                        detail: Some(cause.explain(lang)),
                        ..row(
                            "tcp",
                            if es {
                                format!("{asker} no puede conectar con {target}")
                            } else {
                                format!("{asker} cannot connect to {target}")
                            },
                            Tone::Bad,
                            about,
                        )
                    },
                }
            }
        };
        out.push(r);
    }
    out
}

fn ping_text(lang: Lang, from: &str, to: &str, reply: bool, n: u32) -> String {
    match (lang, reply) {
        (Lang::Es, true) if n == 1 => format!("ping de {from} a {to}: respuesta"),
        (Lang::Es, true) => format!("ping de {from} a {to}: {n} respuestas"),
        (Lang::Es, false) if n == 1 => format!("ping de {from} a {to}: sin respuesta"),
        (Lang::Es, false) => format!("ping de {from} a {to}: {n} sin respuesta"),
        (Lang::En, true) if n == 1 => format!("ping from {from} to {to}: reply"),
        (Lang::En, true) => format!("ping from {from} to {to}: {n} replies"),
        (Lang::En, false) if n == 1 => format!("ping from {from} to {to}: lost"),
        (Lang::En, false) => format!("ping from {from} to {to}: {n} lost"),
    }
}

fn ms(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{}.{} s", ms / 1000, ms % 1000 / 100)
    }
}

/// Simulated time as the timeline shows it: `mm:ss.d`, or `h:mm:ss` past an hour.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}.{}", s / 60, s % 60, ms % 1000 / 100)
    }
}

/// Whether `row` concerns container `name` (`None` keeps every row).
pub fn matches(row: &Row, name: Option<&str>) -> bool {
    name.is_none_or(|n| row.about.iter().any(|a| a == n))
}

/// Container names the filter offers: everyone the rows mention, sorted.
pub fn names(rows: &[Row]) -> Vec<String> {
    names_with(rows, std::iter::empty())
}

/// [`names`] plus `more` (containers only the log's summary still knows).
pub fn names_with<'a>(rows: &'a [Row], more: impl Iterator<Item = &'a String>) -> Vec<String> {
    // Sorted and deduplicated as a list: a set of names would be one more B-tree in the wasm.
    let mut all: Vec<&String> = rows.iter().flat_map(|r| r.about.iter()).chain(more).collect();
    crate::sort::sort(&mut all);
    all.dedup();
    all.into_iter().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Session, SessionConfig, SimTime};
    use std::net::Ipv4Addr;

    fn ev(at: u64, kind: EventKind) -> LogEvent {
        LogEvent { at: SimTime(at), kind }
    }

    fn ping(at: u64, reply: bool) -> LogEvent {
        ev(
            at,
            EventKind::Ping {
                from: Actor::Container("a".into()),
                to: Some("b".into()),
                ip: Ipv4Addr::new(172, 18, 0, 3),
                seq: 1,
                reply,
                cause: None,
            },
        )
    }

    #[test]
    fn a_running_ping_folds_into_one_row() {
        let events = vec![ping(0, true), ping(1000, true), ping(2000, true), ping(3000, false)];
        let r = rows(&events, Lang::Es);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].text, "ping de a a b (172.18.0.3): 3 respuestas");
        assert_eq!(r[0].at_ms, 0);
        assert_eq!(r[1].text, "ping de a a b (172.18.0.3): sin respuesta");
        assert_eq!(r[1].tone, Tone::Warn);
        assert_eq!(rows(&events, Lang::En)[0].text, "ping from a to b (172.18.0.3): 3 replies");
    }

    #[test]
    fn failed_lookups_explain_their_cause() {
        let events = vec![ev(
            5,
            EventKind::DnsLookup {
                from: Actor::Container("web".into()),
                query: "db".into(),
                network: None,
                result: Err(Cause::DefaultBridgeHasNoDns { target: "db".into() }),
            },
        )];
        let r = &rows(&events, Lang::Es)[0];
        assert_eq!(r.text, "web pregunta por «db»: sin respuesta");
        assert_eq!(
            r.detail.as_deref(),
            Some(Cause::DefaultBridgeHasNoDns { target: "db".into() }.explain(Lang::Es).as_str())
        );
        assert_eq!(r.tone, Tone::Bad);
        assert!(matches(r, Some("web")) && !matches(r, Some("otro")) && matches(r, None));
    }

    #[test]
    fn exit_codes_and_restarts_read_well() {
        let events = vec![
            ev(0, EventKind::ContainerExited { name: "x".into(), code: 1, cause: Some(Cause::ProcessExited) }),
            ev(10, EventKind::ContainerRestarting { name: "x".into(), delay_ms: 200, restart_count: 2 }),
            ev(20, EventKind::ContainerRestarting { name: "x".into(), delay_ms: 1500, restart_count: 3 }),
        ];
        let r = rows(&events, Lang::Es);
        assert_eq!(r[0].text, "x terminó con el código 1");
        assert!(r[0].detail.is_some());
        assert_eq!(r[1].text, "x se reiniciará en 200 ms (reinicio n.º 2)");
        assert_eq!(rows(&events, Lang::En)[2].text, "x restarts in 1.5 s (restart #3)");
    }

    #[test]
    fn a_real_docker_run_reads_as_a_story() {
        let mut s = Session::new(SessionConfig { seed: 1, lang: Lang::Es });
        s.submit(0, "docker run -d --name web nginx");
        s.run_until_idle(0, 120_000);
        s.advance(2_000);
        let r = rows(s.events(), Lang::Es);
        let texts: Vec<&str> = r.iter().map(|r| r.text.as_str()).collect();
        assert!(texts.contains(&"web creado (imagen nginx)"), "{texts:?}");
        assert!(texts.contains(&"web arrancó"), "{texts:?}");
        assert!(r.windows(2).all(|w| w[0].at_ms <= w[1].at_ms), "oldest first");
        assert_eq!(names(&r), ["web"]);
    }

    #[test]
    fn clock_format() {
        assert_eq!(clock(0), "00:00.0");
        assert_eq!(clock(61_250), "01:01.2");
        assert_eq!(clock(3_723_000), "1:02:03");
    }
}
