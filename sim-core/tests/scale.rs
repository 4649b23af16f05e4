//! `docker compose up -d` at scale stays near-linear: work counters (not wall
//! time) of address and host-port allocation grow with the services, not with
//! their square, and the addresses are still Docker's lowest-free ones in order.

use sim_core::{Lang, Session, SessionConfig};
use std::net::Ipv4Addr;

const SERVICES: usize = 300;

fn compose_file(n: usize) -> String {
    let mut y = String::from("services:\n");
    for i in 0..n {
        // Every service publishes an ephemeral port; some also a fixed one.
        y.push_str(&format!("  s{i:03}:\n    image: nginx\n    ports:\n      - \"80\"\n"));
        if i % 10 == 0 {
            y.push_str(&format!("      - \"{}:81\"\n", 9000 + i));
        }
    }
    y
}

#[test]
fn compose_up_allocates_addresses_and_ports_in_linear_work() {
    let mut s = Session::new(SessionConfig { seed: 3, lang: Lang::En });
    s.write_host_file("compose.yaml", compose_file(SERVICES).as_bytes()).expect("write compose.yaml");
    s.submit(0, "docker compose up -d");
    s.run_until_idle(0, 3_600_000);
    let out = s.take_output(0);
    let world = s.world();
    let running = world.containers().values().filter(|c| c.is_running()).count();
    assert_eq!(running, SERVICES, "{out}");

    let net = world.networks().values().find(|n| n.name.ends_with("_default")).expect("the project's network");
    assert_eq!(net.endpoints().len(), SERVICES);
    // Lowest free, in start order: .2, .3, … (the gateway is .1).
    // By key, which is creation (and start) order.
    let ips: Vec<(u32, u32)> = net.endpoints().iter().map(|(cid, e)| (*cid, u32::from(e.ip))).collect();
    let first = u32::from(net.subnet.expect("subnet").base) + 2;
    for (i, (_, ip)) in ips.iter().enumerate() {
        assert_eq!(*ip, first + i as u32, "container #{i} got {}", Ipv4Addr::from(*ip));
    }
    // A scan of every endpoint per allocation would be ~SERVICES²/2 = 45,000 steps.
    assert!(net.addrs.steps() <= 3 * SERVICES as u64, "address search took {} steps", net.addrs.steps());
    // A scan of every container per port check would be ~SERVICES² as well.
    let ports = SERVICES + SERVICES / 10;
    assert!(world.port_checks() <= 3 * ports as u64, "port checks looked at {} containers", world.port_checks());

    // Stopping one low and starting it again reuses its (lowest free) address.
    let (low, _) = ips[1];
    let name = world.container(low).expect("present").name.clone();
    s.submit(0, &format!("docker stop -t 0 {name} && docker start {name}"));
    s.run_until_idle(0, 3_600_000);
    s.take_output(0);
    let net = s.world().networks().values().find(|n| n.name.ends_with("_default")).expect("network");
    assert_eq!(net.endpoints()[&low].ip, Ipv4Addr::from(first + 1));
}
