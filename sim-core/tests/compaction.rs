//! Compacting the event log never changes what lessons' checks answer: on random event sequences
//! and on random sessions, a log that keeps a handful of events in full (and compacts the rest
//! into its summary) gives every log-reading check, the last exit's cause and the connection
//! counts exactly what the whole log gives.

use proptest::prelude::*;
use sim_core::events::EventLog;
use sim_core::lessons::Check;
use sim_core::{Actor, Cause, EventKind, Lang, LogEvent, Session, SessionConfig, SimTime, World};
use std::net::Ipv4Addr;

const NAMES: &[&str] = &["a", "b", "c", "d", "b2", "host"];

/// Every check that reads the log, over every name the sequences and sessions use.
fn checks() -> Vec<Check> {
    let mut v = Vec::new();
    for from in NAMES {
        for to in NAMES.iter().chain(&["a.n", "nope"]) {
            let (from, to) = (from.to_string(), to.to_string());
            for network in [None, Some("n".to_string()), Some("bridge".to_string())] {
                v.push(Check::DnsResolved { from: from.clone(), name: to.clone(), network });
            }
            v.push(Check::DnsFailed { from: from.clone(), name: to.clone() });
            v.push(Check::PingReplied { from: from.clone(), to: to.clone() });
            for port in [None, Some(80), Some(5432)] {
                v.push(Check::Connected { from: from.clone(), to: to.clone(), port });
            }
        }
        v.push(Check::ContainerRestarted(from.to_string()));
        for code in [None, Some(0), Some(1), Some(3), Some(137)] {
            v.push(Check::ContainerExited { name: from.to_string(), code });
        }
    }
    v
}

/// Each check's answer, each name's last exit cause and connections (served, made).
type Answers = (Vec<bool>, Vec<Option<Cause>>, Vec<(u64, u64)>);

/// What the checks and the log's readers answer on `world`.
fn answers(world: &World) -> Answers {
    (
        checks().iter().map(|c| c.eval(world)).collect(),
        NAMES.iter().map(|n| world.last_exit_cause(n).cloned()).collect(),
        NAMES.iter().map(|n| world.log().traffic(n)).collect(),
    )
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES).prop_map(str::to_string)
}

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![Just(Actor::Host), name().prop_map(Actor::Container)]
}

fn cause() -> impl Strategy<Value = Option<Cause>> {
    prop_oneof![
        Just(None),
        Just(Some(Cause::ProcessExited)),
        Just(Some(Cause::OutOfMemory)),
        name().prop_map(|target| Some(Cause::NotReadyYet { target, port: 80 })),
    ]
}

fn kind() -> impl Strategy<Value = EventKind> {
    let ip = Ipv4Addr::new(172, 18, 0, 2);
    prop_oneof![
        name().prop_map(|name| EventKind::ContainerCreated { name, image: "alpine".into() }),
        name().prop_map(|name| EventKind::ContainerStarted { name }),
        (name(), prop::sample::select(vec![0, 1, 3, 137]), cause())
            .prop_map(|(name, code, cause)| EventKind::ContainerExited { name, code, cause }),
        (name(), 0..5u32).prop_map(|(name, n)| EventKind::ContainerRestarting {
            name,
            delay_ms: 100 << n,
            restart_count: n
        }),
        name().prop_map(|name| EventKind::ContainerRemoved { name }),
        (name(), name()).prop_map(|(from, to)| EventKind::ContainerRenamed { from, to }),
        name().prop_map(|name| EventKind::ContainerPaused { name }),
        (
            actor(),
            prop::sample::select(vec!["a", "b", "a.n", "nope"]),
            prop::option::of(Just("n".to_string())),
            any::<bool>()
        )
            .prop_map(move |(from, q, network, ok)| EventKind::DnsLookup {
                from,
                query: q.to_string(),
                network,
                result: if ok { Ok(ip) } else { Err(Cause::UnknownName { name: q.to_string() }) },
            }),
        (actor(), prop::option::of(name()), any::<bool>(), 0..9u32)
            .prop_map(move |(from, to, reply, seq)| { EventKind::Ping { from, to, ip, seq, reply, cause: None } }),
        (actor(), prop::option::of(name()), prop::sample::select(vec![80u16, 5432]), any::<bool>()).prop_map(
            move |(from, to, port, ok)| EventKind::Connect {
                from,
                to,
                ip,
                port,
                result: if ok { Ok(()) } else { Err(Cause::ConnectionRefused { port }) },
            }
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn compaction_keeps_every_check_answer(kinds in prop::collection::vec(kind(), 0..120), keep in 0..6usize, chunk in 1..5usize) {
        let mut whole = World::new(1, &sim_core::machine::PROGRAMS);
        let mut small = World::new(1, &sim_core::machine::PROGRAMS);
        *small.log_for_tests() = EventLog::with_limits(keep, chunk);
        for e in whole.log().recent().to_vec() {
            small.log_for_tests().push(e);
        }
        for (i, k) in kinds.into_iter().enumerate() {
            let e = LogEvent { at: SimTime(i as u64 * 700), kind: k };
            whole.log_for_tests().push(e.clone());
            small.log_for_tests().push(e);
        }
        prop_assert_eq!(whole.log().compacted(), 0);
        prop_assert_eq!(small.log().total(), whole.log().total());
        prop_assert!(small.log().recent().len() < keep + chunk);
        let (a, b) = (answers(&small), answers(&whole));
        for (i, c) in checks().iter().enumerate() {
            prop_assert_eq!(a.0[i], b.0[i], "{:?}", c);
        }
        prop_assert_eq!(a, b);
    }
}

const COMMANDS: &[&str] = &[
    "docker network create n",
    "docker run -d --name a --network n alpine sleep 1000",
    "docker run -d --name b --network n nginx",
    "docker run -d --name c --restart always alpine false",
    "docker run -d --name d alpine sh -c 'exit 3'",
    "docker exec a ping -c 2 b",
    "docker exec a nslookup b",
    "docker exec a wget -qO- http://b",
    "docker exec a wget -qO- http://b:5432",
    "docker run --rm alpine ping -c 1 a",
    "docker stop b",
    "docker start b",
    "docker rm -f a",
    "docker rename b b2",
    "docker restart c",
    "docker kill d",
    "docker network connect n c",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn compacted_sessions_answer_as_whole_ones(
        steps in prop::collection::vec((0..COMMANDS.len(), 0..20_000u64), 1..14),
        keep in 0..8usize,
    ) {
        let cfg = SessionConfig { seed: 3, lang: Lang::En };
        let mut whole = Session::new(cfg.clone());
        let mut small = Session::new(cfg);
        *small.world_mut().log_for_tests() = EventLog::with_limits(keep, 3);
        for (c, wait) in steps {
            for s in [&mut whole, &mut small] {
                s.submit(0, COMMANDS[c]);
                s.run_until_idle(0, 60_000);
                s.advance(wait);
            }
            prop_assert_eq!(small.take_output(0), whole.take_output(0));
            prop_assert_eq!(answers(small.world()), answers(whole.world()));
        }
        prop_assert_eq!(small.event_log().total(), whole.event_log().total());
        prop_assert!(small.event_log().total() < keep as u64 + 3 || small.event_log().compacted() > 0);
        prop_assert_eq!(whole.event_log().compacted(), 0);
    }
}
