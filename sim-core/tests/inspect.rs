//! The inspector and the comparison of issue 15: requests broken into their hops with Muelle's
//! explanation, read from what a session's log records; two branches or moments compared.

use proptest::prelude::*;
use sim_core::compare::{compare, Aspect, Side};
use sim_core::inspect::{inspect, HopKind, Inspection, EMBEDDED_DNS, HOST_DNS};
use sim_core::remote::{decode_frame, Driver, Envelope, Frame, Mirror};
use sim_core::timeline::{Cursor, Moment};
use sim_core::{Lang, Session, SessionConfig};

fn session(lang: Lang) -> Session {
    Session::new(SessionConfig { seed: 11, lang })
}

fn run(s: &mut Session, line: &str) {
    s.submit(0, line);
    s.run_until_idle(0, 120_000);
}

fn hops(s: &Session) -> Inspection {
    let log = s.event_log();
    inspect(log.recent(), log.compacted(), &s.view(), s.lang())
}

fn kinds(i: &Inspection) -> Vec<&'static str> {
    i.hops.iter().map(|h| h.kind.name()).collect()
}

#[test]
fn a_ping_by_name_on_the_default_bridge_is_an_nxdomain_from_the_host_resolver_with_why() {
    for (lang, words) in [(Lang::Es, "no tiene DNS"), (Lang::En, "has no DNS")] {
        let mut s = session(lang);
        run(&mut s, "docker run -d --name db redis");
        run(&mut s, "docker run --name web alpine ping -c 1 db");
        let i = hops(&s);
        let k = kinds(&i);
        assert!(k.ends_with(&["dns-query", "dns-nxdomain"]), "{k:?}");
        let (q, a) = (&i.hops[i.hops.len() - 2], &i.hops[i.hops.len() - 1]);
        assert_eq!((q.from.as_str(), q.to.as_str()), ("web", HOST_DNS));
        assert!(q.fields.iter().any(|(_, v)| v == "A db"), "{:?}", q.fields);
        assert!(a.failed && a.fields.iter().any(|(_, v)| v == "NXDOMAIN"));
        assert!(a.why.as_deref().unwrap_or("").contains(words), "{:?}", a.why);
        assert_eq!(q.event, a.event, "one request, one event");
    }
}

#[test]
fn on_a_user_network_the_embedded_dns_answers_and_the_echo_has_its_reply_with_ttl() {
    let mut s = session(Lang::En);
    run(&mut s, "docker network create red");
    run(&mut s, "docker run -d --name db --network red redis");
    run(&mut s, "docker run --name web --network red alpine ping -c 1 db");
    let i = hops(&s);
    let k = kinds(&i);
    assert!(k.ends_with(&["dns-query", "dns-answer", "icmp-echo", "icmp-reply"]), "{k:?}");
    let n = i.hops.len();
    assert_eq!(i.hops[n - 4].to, EMBEDDED_DNS);
    assert_eq!(i.hops[n - 4].network, "red");
    let reply = &i.hops[n - 1];
    assert_eq!((reply.from.as_str(), reply.to.as_str()), ("db", "web"));
    assert!(reply.fields.iter().any(|(k, v)| k == "TTL" && v == "64"), "{:?}", reply.fields);
    assert!(!reply.failed);
}

#[test]
fn curl_through_a_published_port_goes_via_the_host_and_a_wrong_port_is_refused() {
    let mut s = session(Lang::Es);
    run(&mut s, "docker run -d --name web -p 8080:80 nginx");
    s.advance_budgeted(2_000, 10_000);
    run(&mut s, "curl -s localhost:8080");
    let i = hops(&s);
    let k = kinds(&i);
    assert!(k.ends_with(&["tcp-connect", "http-request", "http-response"]), "{k:?}");
    let n = i.hops.len();
    assert!(i.hops[n - 3].fields.iter().any(|(_, v)| v.contains("docker-proxy")), "{:?}", i.hops[n - 3].fields);
    assert!(i.hops[n - 2].fields.iter().any(|(_, v)| v.contains("8080")), "{:?}", i.hops[n - 2].fields);
    assert!(i.hops[n - 1].text.contains("200"));
    run(&mut s, "curl -s localhost:9999");
    let i = hops(&s);
    let last = i.hops.last().unwrap();
    assert_eq!(last.kind, HopKind::TcpRefused);
    assert!(last.why.as_deref().unwrap_or("").contains("9999"), "{:?}", last.why);
    // A container's port nothing listens on: refused, nothing listening.
    let ip = s.view().containers.iter().find(|c| c.name == "web").unwrap().endpoints[0].1.clone();
    run(&mut s, &format!("docker run --rm alpine wget -q -O- {ip}:81"));
    let last = hops(&s).hops.last().cloned().unwrap();
    assert_eq!(last.kind, HopKind::TcpRefused);
    assert!(last.why.as_deref().unwrap_or("").contains("nada escucha"), "{:?}", last.why);
}

#[test]
fn a_packet_between_two_networks_is_dropped_and_says_so() {
    let mut s = session(Lang::En);
    run(&mut s, "docker network create a");
    run(&mut s, "docker network create b");
    run(&mut s, "docker run -d --name db --network b redis");
    let ip = s.view().containers.iter().find(|c| c.name == "db").unwrap().endpoints[0].1.clone();
    run(&mut s, &format!("docker run --name web --network a alpine ping -c 1 -W 1 {ip}"));
    let i = hops(&s);
    let last = i.hops.last().unwrap();
    assert_eq!(last.kind, HopKind::Drop, "{:?}", kinds(&i));
    assert!(last.why.as_deref().unwrap_or("").contains("another network"), "{:?}", last.why);
}

#[test]
fn the_worker_sends_hops_only_while_the_inspector_is_open_and_for_the_moment_shown() {
    let mut mirror = Mirror::start(5, Lang::En, Vec::new(), None);
    let mut driver = Driver::new();
    // What the page part was last told (the worker hands it the inspector's hops, not frames).
    let mut inspection: Option<Inspection> = None;
    let pump = |m: &mut Mirror, d: &mut Driver, shown: &mut Option<Inspection>| {
        let out: Vec<Envelope> = m.take_outbox();
        let text = serde_json::to_string(&out).unwrap();
        for reply in d.handle(&text) {
            let frame: Frame = decode_frame(&reply).unwrap();
            m.apply(frame);
        }
        if let Some(i) = d.take_inspection() {
            *shown = Some(i);
        }
    };
    pump(&mut mirror, &mut driver, &mut inspection);
    let line = |m: &mut Mirror, d: &mut Driver, shown: &mut Option<Inspection>, l: &str| {
        m.submit(0, l);
        pump(m, d, shown);
        for _ in 0..40 {
            m.advance_budgeted(50, 2_000);
            pump(m, d, shown);
        }
    };
    line(&mut mirror, &mut driver, &mut inspection, "docker run -d --name db redis");
    let before = mirror.now().ms() - 1;
    line(&mut mirror, &mut driver, &mut inspection, "docker run --name web alpine ping -c 1 db");
    assert!(inspection.is_none(), "nothing computed while closed");
    driver.inspect(true);
    pump(&mut mirror, &mut driver, &mut inspection);
    let live = inspection.clone().expect("hops came");
    assert!(kinds(&live).contains(&"dns-nxdomain"));
    // The past moment shown, with a later one asked ahead (the worker's cursor goes on to it):
    // the hops are the moment shown's; a step to the later one shows its hops.
    let (then, later) = (Moment::at(mirror.journal(), before), Moment::at(mirror.journal(), mirror.now().ms()));
    assert!(!mirror.show_past(then, &[later]));
    pump(&mut mirror, &mut driver, &mut inspection);
    let past = inspection.clone().unwrap();
    assert!(!kinds(&past).contains(&"dns-nxdomain"), "the past's log has no lookup yet");
    assert!(mirror.show_past(later, &[then]), "the later moment came ahead");
    pump(&mut mirror, &mut driver, &mut inspection);
    assert!(kinds(inspection.as_ref().unwrap()).contains(&"dns-nxdomain"), "the hops of the moment stepped to");
    mirror.go_live();
    pump(&mut mirror, &mut driver, &mut inspection);
    assert_eq!(inspection.as_ref(), Some(&live));
    // The page part's request and answer: markup of the same hops, in the session's language.
    driver.part("inspect", "1", "");
    let replies = driver.part_replies();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].0, "inspect");
    assert!(replies[0].1.contains("data-kind=\"dns-nxdomain\""), "{}", replies[0].1);
    assert!(driver.part_replies().is_empty(), "told once, until it changes");
    driver.inspect(false);
    inspection = None;
    pump(&mut mirror, &mut driver, &mut inspection);
    assert!(inspection.is_none());
    line(&mut mirror, &mut driver, &mut inspection, "docker run --rm alpine ping -c 1 db");
    assert!(inspection.is_none(), "nothing computed once closed");
}

#[test]
fn two_branches_compared_show_the_volume_and_the_first_event_that_differ() {
    let mut mirror = Mirror::start(5, Lang::Es, Vec::new(), None);
    let mut driver = Driver::new();
    let pump = |m: &mut Mirror, driver: &mut Driver| {
        let out: Vec<Envelope> = m.take_outbox();
        let text = serde_json::to_string(&out).unwrap();
        for reply in driver.handle(&text) {
            m.apply(decode_frame(&reply).unwrap());
        }
    };
    pump(&mut mirror, &mut driver);
    for l in
        ["docker volume create datos", "docker run -d --name web nginx", "docker volume rm datos", "docker stop web"]
    {
        mirror.submit(0, l);
        pump(&mut mirror, &mut driver);
        for _ in 0..200 {
            mirror.advance_budgeted(50, 2_000);
            pump(&mut mirror, &mut driver);
        }
    }
    mirror.undo();
    pump(&mut mirror, &mut driver);
    mirror.undo();
    pump(&mut mirror, &mut driver);
    // Branch 3 stops before the volume's removal; branch 1 went on to stop web.
    assert_eq!(mirror.branches().current, "3");
    driver.compare(&Side::Branch("1".into()), &Side::Branch("3".into()));
    let c = driver.take_comparison().expect("answered");
    assert_eq!((c.a.as_str(), c.b.as_str()), ("1", "3"));
    let vol = c.differences.iter().find(|d| d.aspect == Aspect::Volume).expect("the volume differs");
    assert_eq!((vol.name.as_str(), vol.a.is_none(), vol.b.is_some()), ("datos", true, true));
    let web = c.differences.iter().find(|d| d.aspect == Aspect::Container && d.name == "web").expect("web differs");
    assert!(
        web.a.as_deref().unwrap().starts_with("exited") && web.b.as_deref().unwrap().starts_with("running"),
        "{web:?}"
    );
    let d = c.diverge.expect("they diverge");
    assert!(d.a.is_some(), "{d:?}");
    assert_eq!(d.input.as_ref().and_then(|i| i.1.as_deref()), Some("docker volume rm datos"));
    // A side compared with itself has nothing to show.
    driver.compare(&Side::Branch("3".into()), &Side::Branch("3".into()));
    let same = driver.take_comparison().unwrap();
    assert!(same.differences.is_empty() && same.diverge.is_none(), "{same:?}");
    assert!(driver.take_comparison().is_none(), "answered once");
    // The page part: the choices alone first (branch 1 against the current one, 3), then the
    // answer as markup.
    driver.part("compare", "", "");
    let shown = driver.part_replies();
    assert_eq!(shown.len(), 1);
    let m = &shown[0].1;
    assert!(m.contains("<select data-testid=\"compare-a\"><option value=\"1\" selected>Rama 1</option>"), "{m}");
    assert!(m.contains("<option value=\"3\" selected>Rama 3</option></select><button"), "{m}");
    assert!(!m.contains("compare-row"), "{m}");
    driver.part("compare", "1", "3");
    let m = &driver.part_replies()[0].1;
    assert!(m.contains("data-testid=\"compare-row\" data-aspect=\"volume\"><th scope=\"row\">volumen datos</th><td>—</td><td>✓</td>"), "{m}");
    assert!(m.contains("data-testid=\"compare-diverge\""), "{m}");
    assert!(m.contains("<code class=\"cmd\">docker volume rm datos</code>"), "{m}");
    // Where they part is worded as the timeline words it, not as the log's variant.
    let diverge = &m[m.find("compare-diverge").unwrap()..];
    assert!(!diverge.contains(" {") && !diverge.contains("Removed"), "{diverge}");
    assert!(!diverge.contains("<code class=\"cmd\">—"), "no line typed on a side is no command: {diverge}");
    assert!(driver.part_replies().is_empty(), "told once");
    // A language switch words the comparison shown again at once, without a new request.
    mirror.set_lang(Lang::En);
    pump(&mut mirror, &mut driver);
    let again = driver.part_replies();
    assert_eq!(again.len(), 1);
    let m = &again[0].1;
    assert!(m.contains("<option value=\"1\" selected>Branch 1</option>"), "{m}");
    assert!(m.contains("<th scope=\"row\">volume datos</th><td>—</td><td>✓</td>"), "{m}");
    assert!(m.contains("<code class=\"cmd\">docker volume rm datos</code>"), "{m}");
    assert!(driver.part_replies().is_empty(), "once per switch");
}

const COMMANDS: &[&str] = &[
    "docker network create red",
    "docker run -d --name db redis",
    "docker run -d --name db2 --network red redis",
    "docker run --rm alpine ping -c 1 db",
    "docker run --rm --network red alpine ping -c 1 db2",
    "docker run --rm --network red alpine wget -q -O- db2:6379",
    "docker run -d --name web -p 8080:80 nginx",
    "curl -s localhost:8080",
    "curl -s localhost:8081",
    "docker stop db2",
    "docker rm -f web",
    "ping -c 1 8.8.8.8",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Every lookup, echo, connection and request of the log has its hops, numbered by its event;
    /// a failed one ends on a failed hop with why; the same log gives the same hops; and the
    /// hops of a moment are those of a fresh replay to it.
    #[test]
    fn hops_follow_the_log(cmds in prop::collection::vec(prop::sample::select(COMMANDS), 1..8), cut in 0..8usize) {
        let mut s = session(Lang::En);
        for c in &cmds {
            run(&mut s, c);
            s.advance_budgeted(500, 5_000);
        }
        let i = hops(&s);
        let log = s.event_log();
        for (n, e) in log.recent().iter().enumerate() {
            let number = log.compacted() + n as u64;
            let mine: Vec<_> = i.hops.iter().filter(|h| h.event == number).collect();
            let wanted = matches!(e.kind, sim_core::EventKind::DnsLookup { .. } | sim_core::EventKind::Ping { .. }
                | sim_core::EventKind::Connect { .. } | sim_core::EventKind::Http { .. });
            prop_assert_eq!(!mine.is_empty(), wanted, "{:?}", e);
            if let Some(last) = mine.last() {
                prop_assert!(mine.iter().all(|h| h.at == e.at.ms()));
                if last.kind.name() != "http-response" {
                    prop_assert_eq!(last.failed, last.why.is_some() || last.kind == HopKind::TcpConnect && last.failed);
                }
            }
        }
        prop_assert_eq!(&hops(&s), &i);
        let entries = s.journal().entries().to_vec();
        let to = Moment { at: entries.get(cut).map_or(s.now().ms(), |e| e.at), inputs: cut.min(entries.len()) };
        let a = Cursor::replay(s.config(), &entries, to);
        let b = Cursor::replay(s.config(), &entries, to);
        prop_assert_eq!(hops(a.session()), hops(b.session()));
        // A moment compared with itself: no difference; with the present: what the log says.
        let va = a.view();
        let c = compare(&va, &b.view());
        prop_assert!(c.differences.is_empty() && c.diverge.is_none());
    }
}

/// Figures for docs/benchmarks.md (`cargo test -p sim-core --test inspect inspect_figures --
/// --ignored --nocapture`): the hops of a full log (1,024 events in full) and a comparison of two
/// branches of a session of 60 commands.
#[test]
#[ignore]
fn inspect_figures() {
    use std::time::Instant;
    let mut s = session(Lang::Es);
    run(&mut s, "docker network create red");
    run(&mut s, "docker run -d --name db --network red redis");
    run(&mut s, "docker run -d --name web -p 8080:80 nginx");
    for i in 0..60 {
        match i % 3 {
            0 => run(&mut s, "docker run --rm alpine ping -c 3 db"),
            1 => run(&mut s, "docker run --rm --network red alpine ping -c 3 db"),
            _ => run(&mut s, "curl -s localhost:8080"),
        }
        s.advance_budgeted(1_000, 10_000);
    }
    let log = s.event_log();
    let view = s.view();
    let t = Instant::now();
    let n = 20;
    let mut hops = 0;
    for _ in 0..n {
        hops = inspect(log.recent(), log.compacted(), &view, Lang::Es).hops.len();
    }
    println!("inspect: {} events → {hops} hops in {:?}", log.recent().len(), t.elapsed() / n);
    let mut d = Driver::with(s);
    let t = Instant::now();
    d.apply(Envelope { seq: 1, msg: sim_core::remote::ToSim::Undo });
    println!("undo (a replay): {:?}", t.elapsed());
    let t = Instant::now();
    d.compare(&Side::Branch("1".into()), &Side::Branch("2".into()));
    let c = d.take_comparison();
    println!("compare two branches: {:?} ({} differences)", t.elapsed(), c.map_or(0, |c| c.differences.len()));
}
