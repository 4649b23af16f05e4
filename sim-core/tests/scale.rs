//! `docker compose up -d` at scale stays near-linear: work counters (not wall
//! time) of address and host-port allocation grow with the services, not with
//! their square, and the addresses are still Docker's lowest-free ones in order;
//! the whole `up` (load, plan, create, start) allocates and looks up Compose
//! mapping entries in proportion to the services.

use sim_core::{Lang, Session, SessionConfig};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::net::Ipv4Addr;

#[path = "../benches/common/compose_file.rs"]
mod compose_file;

thread_local! {
    /// Allocations (and reallocations) made by this thread: a count, deterministic for a seed.
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
}

/// The system allocator, counting each thread's allocations.
struct Counting;

fn count() {
    let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: every call is passed on to `System` unchanged; the count is a thread-local `Cell`
// with a constant initializer (no allocation, no destructor).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract for `alloc` is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: as `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

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

/// Allocations and Compose mapping entries looked at by `docker compose up -d` of the
/// benchmark's file with `n` services (each with a port, environment, `depends_on` on the one
/// before, one of 10 networks and its own volume), from the command to idle.
fn up_work(n: usize) -> (u64, u64) {
    let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
    s.write_host_file("compose.yaml", compose_file::compose_of(n).as_bytes()).expect("write compose.yaml");
    let (allocs, map) = (ALLOCS.with(Cell::get), sim_core::compose::value::map_work());
    s.submit(0, "docker compose up -d");
    s.run_until_idle(0, 3_600_000);
    let work = (ALLOCS.with(Cell::get) - allocs, sim_core::compose::value::map_work() - map);
    let out = s.take_output(0);
    let running = s.world().containers().values().filter(|c| c.is_running()).count();
    assert_eq!(running, n, "{}", &out[out.len().saturating_sub(2_000)..]);
    work
}

/// Eight times the services cost at most ~9 times the work (8.0× now, for both counts). A
/// quadratic step — each service looked up in the list of services (as `extends` did), a
/// progress block redrawn in full per line, a list copied per step — makes it up to 64×.
#[test]
fn compose_up_of_many_services_does_linear_work() {
    const SMALL: usize = 150;
    let (a_small, m_small) = up_work(SMALL);
    let (a_big, m_big) = up_work(8 * SMALL);
    let (ra, rm) = (a_big as f64 / a_small as f64, m_big as f64 / m_small as f64);
    println!("allocations {a_small} → {a_big} ({ra:.2}×); mapping entries looked at {m_small} → {m_big} ({rm:.2}×)");
    assert!(ra <= 9.0, "allocations grew {ra:.2}× for 8× the services ({a_small} → {a_big})");
    assert!(rm <= 9.0, "mapping lookups grew {rm:.2}× for 8× the services ({m_small} → {m_big})");
    // And in absolute terms (~530 entries per service now: its own keys, looked up by name).
    assert!(m_big <= 800 * 8 * SMALL as u64, "{m_big} mapping entries looked at for {} services", 8 * SMALL);
}
