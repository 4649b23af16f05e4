//! Property tests: random sessions of docker commands, shell garbage and
//! random bytes, interleaved with simulated time, must keep the world's
//! invariants after every step, never panic, and replay byte for byte.
//!
//! Invariants checked after each step (through `Session::world`):
//! - every endpoint's IP is unique on its network, inside its subnet, and is
//!   neither the network address, the gateway nor the broadcast address;
//! - only running containers have endpoints, and only existing ones (a
//!   removed container leaves none); a running container has an endpoint on
//!   every network it is attached to;
//! - from a running container, another container's name resolves iff both
//!   have an endpoint on a shared user-defined network (never through the
//!   default bridge), and it resolves to the other's address there;
//! - the event log's times never go backwards.

use proptest::prelude::*;
use sim_core::world::{Loc, Resolution};
use sim_core::{Lang, LogEvent, Session, SessionConfig, TermId};
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

const NAMES: &[&str] = &["web", "db", "cache", "api", "c1", "c2"];
const NETS: &[&str] = &["n1", "n2", "front", "fixednet"];
const VOLS: &[&str] = &["v1", "v2"];
const IMAGES: &[&str] = &["nginx", "alpine", "ubuntu"];

#[derive(Clone, Debug)]
enum Step {
    /// A well-formed command typed on the host.
    Cmd(String),
    /// Anything at all, typed into a scratch terminal.
    Garbage(String),
    /// Let simulated time pass.
    Advance(u64),
}

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(list)
}

/// `docker run -d …` with a name, a network and an image that keeps running
/// (or, sometimes, one that exits and is restarted by its policy).
fn run_cmd() -> impl Strategy<Value = String> {
    let ports = prop::option::of(prop::sample::select(vec![" -p 8080:80", " -p 80", " -P", " -p 127.0.0.1:8080:80"]));
    let fixed = prop::option::of(prop::sample::select(vec!["10.9.0.2", "10.9.0.3", "10.9.0.7"]));
    (pick(NAMES), prop::option::of(pick(NETS)), pick(IMAGES), 0..4u8, prop::option::of(pick(VOLS)), ports, fixed)
        .prop_map(|(name, net, image, variant, vol, ports, fixed)| {
            // A fixed address needs the network with a user subnet (`fixednet`).
            let net = match (fixed, net) {
                (Some(ip), _) => format!(" --network fixednet --ip {ip}"),
                (None, n) => n.map(|n| format!(" --network {n}")).unwrap_or_default(),
            };
            let net = format!("{net}{}", ports.unwrap_or_default());
            let vol = vol.map(|v| format!(" -v {v}:/data")).unwrap_or_default();
            let tail = match (image, variant) {
                ("nginx", 3) => " nginx sh -c 'exit 3'".to_string(),
                ("nginx", _) => " nginx".to_string(),
                (img, 0) => format!(" -it {img}"),
                (img, 3) => format!(" --restart on-failure:2 {img} sh -c 'exit 3'"),
                (img, _) => format!(" {img} sleep 100000"),
            };
            format!("docker run -d --name {name}{net}{vol}{tail}")
        })
}

fn command() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => run_cmd(),
        4 => pick(NETS).prop_map(|n| format!("docker network create {n}")),
        1 => Just("docker network create --subnet 10.9.0.0/24 fixednet".to_string()),
        1 => pick(NETS).prop_map(|n| format!("docker network rm {n}")),
        3 => (pick(NETS), pick(NAMES)).prop_map(|(n, c)| format!("docker network connect {n} {c}")),
        1 => (pick(NETS), pick(NAMES)).prop_map(|(n, c)| format!("docker network disconnect {n} {c}")),
        2 => pick(NAMES).prop_map(|c| format!("docker stop -t 1 {c}")),
        2 => pick(NAMES).prop_map(|c| format!("docker start {c}")),
        1 => pick(NAMES).prop_map(|c| format!("docker kill {c}")),
        2 => pick(NAMES).prop_map(|c| format!("docker pause {c}")),
        2 => pick(NAMES).prop_map(|c| format!("docker unpause {c}")),
        1 => pick(NAMES).prop_map(|c| format!("docker rm {c}")),
        1 => (pick(NAMES), pick(NAMES)).prop_map(|(a, b)| format!("docker rename {a} {b}")),
        1 => Just("docker stats --no-stream -a".to_string()),
        2 => pick(NAMES).prop_map(|c| format!("docker rm -f {c}")),
        1 => pick(VOLS).prop_map(|v| format!("docker volume create {v}")),
        1 => pick(VOLS).prop_map(|v| format!("docker volume rm {v}")),
        2 => (pick(NAMES), pick(NAMES)).prop_map(|(a, b)| format!("docker exec {a} ping -c 2 {b}")),
        2 => (pick(NAMES), pick(NAMES)).prop_map(|(a, b)| format!("docker exec {a} getent hosts {b}")),
        1 => Just("docker ps -a".to_string()),
        1 => Just("docker network ls".to_string()),
        1 => pick(NETS).prop_map(|n| format!("docker network inspect {n}")),
    ]
}

/// Shell-ish garbage: fragments that stress the parser and the CLI, glued at random.
fn garbage() -> impl Strategy<Value = String> {
    const WORDS: &str = "docker run -it -d --name --network -v -p 80 8080:80 : :: rm network volume create exec \
        ping bash sh -c ' \" ` $( ) ${ } $? | || && ; & > >> < 2>&1 * ? [ ~ \\ # = - -- --rm nginx:9.9 Nginx ALPINE \
        ubuntu / .. /etc/hosts exit cd echo cat ñ é 🐳";
    let bits: Vec<&'static str> =
        WORDS.split_whitespace().chain(["\t", "\u{0}", "\u{7f}", "\u{1b}[A", " ", "  "]).collect();
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(bits.clone()), 0..10).prop_map(|v| v.join(" ")),
        2 => prop::collection::vec(prop::sample::select(bits), 0..12).prop_map(|v| v.concat()),
        2 => prop::collection::vec(any::<u8>(), 0..40).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => "\\PC{0,30}",
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => command().prop_map(Step::Cmd),
        2 => garbage().prop_map(Step::Garbage),
        2 => prop_oneof![Just(0u64), 1..2_000u64, 2_000..30_000u64].prop_map(Step::Advance),
    ]
}

/// A few networks and containers first (so most steps act on something), then anything.
fn steps() -> impl Strategy<Value = Vec<Step>> {
    let prelude = (
        prop::collection::vec(pick(NETS).prop_map(|n| format!("docker network create {n}")), 0..3),
        prop::collection::vec(run_cmd(), 1..6),
    );
    (prelude, prop::collection::vec(step(), 1..40))
        .prop_map(|((nets, runs), rest)| nets.into_iter().chain(runs).map(Step::Cmd).chain(rest).collect())
}

/// Drives a session through the steps, like a student with two terminals:
/// commands on terminal 0, garbage on a scratch terminal that is replaced
/// when it ends up inside a container or stuck.
struct Player {
    session: Session,
    main: TermId,
    scratch: TermId,
    transcript: String,
    /// Everything each terminal printed, in order.
    per_term: Vec<String>,
}

impl Player {
    fn new(seed: u64) -> Player {
        let mut session = Session::new(SessionConfig { seed, lang: Lang::En });
        let scratch = session.open_terminal();
        Player { session, main: 0, scratch, transcript: String::new(), per_term: Vec::new() }
    }

    fn take(&mut self, t: TermId) {
        let out = self.session.take_output(t);
        if self.per_term.len() <= t {
            self.per_term.resize(t + 1, String::new());
        }
        self.per_term[t].push_str(&out);
        self.transcript.push_str(&format!("[{t}]"));
        self.transcript.push_str(&out);
    }

    /// Types a line into `t` and lets it finish; Ctrl-C if it does not.
    /// Returns whether the terminal is usable afterwards.
    fn type_line(&mut self, t: TermId, line: &str) -> bool {
        self.session.submit(t, line);
        self.session.run_until_idle(t, 20_000);
        if self.session.is_busy(t) {
            self.session.interrupt(t);
            self.session.run_until_idle(t, 20_000);
        }
        self.take(t);
        !self.session.is_busy(t) && self.session.location(t) == Loc::Host
    }

    fn play(&mut self, step: &Step) {
        match step {
            Step::Cmd(line) => {
                let main = self.main;
                if !self.type_line(main, line) {
                    self.main = self.session.open_terminal();
                }
            }
            Step::Garbage(line) => {
                let scratch = self.scratch;
                if !self.type_line(scratch, line) {
                    self.scratch = self.session.open_terminal();
                }
            }
            Step::Advance(ms) => self.session.advance(*ms),
        }
        for t in 0..self.session.terminal_count() {
            self.take(t);
        }
    }
}

fn check_time_never_goes_back(events: &[LogEvent]) -> Result<(), String> {
    for w in events.windows(2) {
        if w[1].at < w[0].at {
            return Err(format!("event log goes back in time: {:?} then {:?}", w[0], w[1]));
        }
    }
    Ok(())
}

fn check_addresses(session: &Session) -> Result<(), String> {
    let world = session.world();
    let (kept, fresh) = world.port_index();
    if kept != fresh {
        return Err(format!("published-port index {kept:?} differs from a recount {fresh:?}"));
    }
    let (kept, fresh) = world.name_index();
    if kept != fresh {
        return Err(format!("name index {kept:?} differs from a recount {fresh:?}"));
    }
    let (kept, fresh) = world.compose_index();
    if kept != fresh {
        return Err(format!("compose-service index {kept:?} differs from a recount {fresh:?}"));
    }
    for net in world.networks().values() {
        net.check_index().map_err(|e| format!("network {}: {e}", net.name))?;
        let mut seen = BTreeSet::new();
        for (cid, ep) in net.endpoints() {
            let Some(c) = world.container(*cid) else {
                return Err(format!("network {} has an endpoint of removed container #{cid}", net.name));
            };
            if !c.is_running() {
                return Err(format!(
                    "network {} has an endpoint of {} which is {:?}",
                    net.name, c.name, c.state.status
                ));
            }
            if !seen.insert(ep.ip) {
                return Err(format!("network {}: address {} given twice", net.name, ep.ip));
            }
            let Some(subnet) = net.subnet else {
                return Err(format!("network {} has no subnet but {} has address {}", net.name, c.name, ep.ip));
            };
            if !subnet.contains(ep.ip) {
                return Err(format!("{}: {} is outside {} ({})", c.name, ep.ip, subnet, net.name));
            }
            if Some(ep.ip) == net.gateway || ep.ip == subnet.base || ep.ip == subnet.broadcast() {
                return Err(format!("{}: {} is a reserved address of {} ({subnet})", c.name, ep.ip, net.name));
            }
        }
    }
    for c in world.containers().values() {
        if !c.is_running() || matches!(c.host.network_mode.as_str(), "host" | "none") {
            continue;
        }
        for a in &c.networks {
            let Some(net) = world.network(a.net) else {
                return Err(format!("running {} is attached to a removed network #{}", c.name, a.net));
            };
            if !net.endpoints().contains_key(&c.key) {
                return Err(format!("running {} has no endpoint on its network {}", c.name, net.name));
            }
        }
    }
    Ok(())
}

/// IP of `cid` on each user-defined (DNS) network, by network key.
fn dns_endpoints(session: &Session, cid: u32) -> Vec<(u32, Ipv4Addr)> {
    session
        .world()
        .networks()
        .values()
        .filter(|n| n.has_dns())
        .filter_map(|n| n.endpoints().get(&cid).map(|e| (n.key, e.ip)))
        .collect()
}

fn check_dns(session: &mut Session) -> Result<(), String> {
    let pairs: Vec<(u32, u32, String, String)> = {
        let world = session.world();
        let running: Vec<_> = world.containers().values().filter(|c| c.is_running()).collect();
        let all: Vec<_> = world.containers().values().collect();
        running
            .iter()
            .flat_map(|a| all.iter().filter(|b| b.key != a.key).map(|b| (a.key, b.key, a.name.clone(), b.name.clone())))
            .collect()
    };
    for (a, b, a_name, b_name) in pairs {
        let mine = dns_endpoints(session, a);
        let theirs = dns_endpoints(session, b);
        let shared: Vec<Ipv4Addr> =
            theirs.iter().filter(|(n, _)| mine.iter().any(|(m, _)| m == n)).map(|(_, ip)| *ip).collect();
        match session.world_mut().resolve(Loc::Container(a), &b_name) {
            Resolution::Found { ips, .. } => {
                if shared.is_empty() {
                    return Err(format!("{a_name} resolves {b_name} to {ips:?} without a shared user network"));
                }
                if !ips.iter().any(|ip| shared.contains(ip)) {
                    return Err(format!("{a_name} resolves {b_name} to {ips:?}, not its address {shared:?}"));
                }
            }
            Resolution::NotFound(cause) => {
                if !shared.is_empty() {
                    return Err(format!(
                        "{a_name} cannot resolve {b_name} ({cause:?}) though they share a user network ({shared:?})"
                    ));
                }
            }
        }
    }
    Ok(())
}

fn check_all(session: &mut Session) -> Result<(), String> {
    check_time_never_goes_back(session.events())?;
    check_addresses(session)?;
    check_dns(session)
}

fn describe(steps: &[Step], upto: usize) -> String {
    steps[..=upto].iter().map(|s| format!("  {s:?}\n")).collect()
}

/// Plays the steps; returns everything every terminal printed and the event log.
fn replay(seed: u64, steps: &[Step]) -> (String, Vec<LogEvent>) {
    let mut p = Player::new(seed);
    for s in steps {
        p.play(s);
    }
    let events = p.session.events().to_vec();
    (p.transcript, events)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_after_every_step(seed in 0..1_000u64, steps in steps()) {
        let mut p = Player::new(seed);
        for (i, s) in steps.iter().enumerate() {
            p.play(s);
            if let Err(e) = check_all(&mut p.session) {
                prop_assert!(false, "{e}\nafter steps:\n{}", describe(&steps, i));
            }
        }
    }

    #[test]
    fn same_seed_same_script_same_bytes(seed in any::<u64>(), steps in steps()) {
        let (out1, ev1) = replay(seed, &steps);
        let (out2, ev2) = replay(seed, &steps);
        prop_assert_eq!(out1, out2);
        prop_assert_eq!(ev1, ev2);
    }

    /// A reload rebuilds the session from its journal: same events, same output in every terminal.
    #[test]
    fn the_journal_replays_to_the_same_session(seed in 0..1_000u64, steps in steps()) {
        let mut p = Player::new(seed);
        for s in &steps {
            p.play(s);
        }
        let cfg = SessionConfig { seed, lang: Lang::En };
        let mut again = Session::replay(cfg, p.session.journal(), p.session.now(), false);
        prop_assert_eq!(again.now(), p.session.now());
        prop_assert_eq!(again.terminal_count(), p.session.terminal_count());
        for t in 0..again.terminal_count() {
            let live = p.per_term.get(t).cloned().unwrap_or_default();
            prop_assert_eq!(again.take_output(t), live, "terminal {}", t);
        }
        prop_assert_eq!(again.events(), p.session.events());
    }

    #[test]
    fn different_seeds_give_different_ids(a in any::<u64>(), b in any::<u64>()) {
        prop_assume!(a != b);
        let ids = |seed| {
            let mut s = Session::new(SessionConfig { seed, lang: Lang::En });
            s.submit(0, "docker run -d --name web nginx");
            s.run_until_idle(0, 60_000);
            let c = s.world().container_by_name("web").map(|c| c.id.clone());
            let nets: Vec<String> = s.world().networks().values().map(|n| n.id.clone()).collect();
            (c, nets)
        };
        let (ca, na) = ids(a);
        let (cb, nb) = ids(b);
        prop_assert!(ca.is_some() && cb.is_some(), "the container was created");
        prop_assert_ne!(ca, cb);
        prop_assert_ne!(na, nb);
    }
}

/// A fixed scenario of the tutorial's "Redes" section, checked step by step.
#[test]
fn tutorial_network_scenario_keeps_invariants() {
    let script = [
        "docker network create mynet",
        "docker run -d --network mynet --name=container1 -p 80 nginx",
        "docker run -d --network mynet --name=container2 alpine sleep 100000",
        "docker run -d --name=container3 alpine sleep 100000",
        "docker exec container2 ping -c 2 container1",
        "docker network connect mynet container3",
        "docker stop -t 1 container1",
        "docker rm -f container2",
        "docker start container1",
    ];
    let mut p = Player::new(1);
    for line in script {
        p.play(&Step::Cmd(line.to_string()));
        check_all(&mut p.session).unwrap_or_else(|e| panic!("after `{line}`: {e}"));
    }
    let world = p.session.world();
    let mynet = world.network_by_name("mynet").expect("mynet exists");
    let names: Vec<&str> =
        mynet.endpoints().keys().filter_map(|c| world.container(*c)).map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["container1", "container3"], "running members of mynet");
}
