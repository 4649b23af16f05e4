//! Benchmarks of the simulator.
//!
//! - `queue/*`: events per second of [`EventQueue`] (schedule + pop) beside a
//!   bare `std::collections::BinaryHeap` push + pop loop, same event count and
//!   times, in the same run. The engine adds a tie-breaking sequence number and
//!   a clock on top of the heap; it should stay within a small factor of it.
//! - `swarm/*`: 1,000 containers on one user-defined network, each running
//!   `ping target` (busybox, one echo a second): the time to create them all
//!   with `docker run -d`, and the time to simulate 10 s of them pinging.
//!
//! Run with `cargo bench -p sim-core` (or `cargo xtask bench`).

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use sim_core::engine::EventQueue;
use sim_core::time::SimTime;
use sim_core::{Lang, Session, SessionConfig};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;

/// Events per measured iteration of the queue benchmarks.
const EVENTS: usize = 100_000;

/// Deterministic pseudo-random event times (xorshift), in [0, 10^6) ms.
fn times(n: usize) -> Vec<u64> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % 1_000_000
        })
        .collect()
}

fn queue(c: &mut Criterion) {
    let at = times(EVENTS);
    let mut g = c.benchmark_group("queue");
    g.throughput(Throughput::Elements(EVENTS as u64));

    // Everything scheduled up front, then drained in time order.
    g.bench_function("event_queue_fill_drain", |b| {
        b.iter(|| {
            let mut q: EventQueue<u32> = EventQueue::default();
            for (i, t) in at.iter().enumerate() {
                q.schedule(SimTime(*t), i as u32);
            }
            let mut sum = 0u64;
            while let Some((t, e)) = q.pop_due(SimTime::NEVER) {
                sum = sum.wrapping_add(t.0 ^ e as u64);
            }
            black_box(sum)
        })
    });
    g.bench_function("binary_heap_fill_drain", |b| {
        b.iter(|| {
            let mut h: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::new();
            for (i, t) in at.iter().enumerate() {
                h.push(Reverse((*t, i as u32)));
            }
            let mut sum = 0u64;
            while let Some(Reverse((t, e))) = h.pop() {
                sum = sum.wrapping_add(t ^ e as u64);
            }
            black_box(sum)
        })
    });

    // The simulator's steady state: 1,000 pending events; each one handled
    // schedules the next a little later (a ping every second…): 100,000
    // pops and schedules after the first 1,000.
    const PENDING: usize = 1_000;
    g.bench_function("event_queue_hold", |b| {
        b.iter(|| {
            let mut q: EventQueue<u32> = EventQueue::default();
            for (i, t) in at[..PENDING].iter().enumerate() {
                q.schedule(SimTime(*t), i as u32);
            }
            let mut sum = 0u64;
            for d in &at {
                let (t, e) = q.pop_due(SimTime::NEVER).expect("never empty");
                sum = sum.wrapping_add(t.0 ^ e as u64);
                q.schedule_in(*d % 2_000, e);
            }
            black_box(sum)
        })
    });
    g.bench_function("binary_heap_hold", |b| {
        b.iter(|| {
            let mut h: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::new();
            for (i, t) in at[..PENDING].iter().enumerate() {
                h.push(Reverse((*t, i as u32)));
            }
            let mut sum = 0u64;
            for d in &at {
                let Reverse((t, e)) = h.pop().expect("never empty");
                sum = sum.wrapping_add(t ^ e as u64);
                h.push(Reverse((t + *d % 2_000, e)));
            }
            black_box(sum)
        })
    });
    g.finish();
}

/// Containers pinging the target in the swarm benchmarks.
const SWARM: usize = 1_000;

/// A session with the images pulled, network `n` and a running `target`.
fn swarm_base() -> Session {
    let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
    for line in [
        "docker pull alpine",
        "docker network create n",
        "docker run -d --network n --name target alpine sleep infinity",
    ] {
        run(&mut s, line);
    }
    s
}

fn run(s: &mut Session, line: &str) -> String {
    s.submit(0, line);
    s.run_until_idle(0, 600_000);
    s.take_output(0)
}

fn create_swarm(s: &mut Session) {
    for i in 0..SWARM {
        run(s, &format!("docker run -d --network n --name c{i} alpine ping target"));
    }
}

/// Before measuring: every container must be up and pinging the target.
fn check_swarm() {
    let mut s = swarm_base();
    create_swarm(&mut s);
    s.advance(10_000);
    let running = s.world().containers().values().filter(|c| c.is_running()).count();
    assert_eq!(running, SWARM + 1, "all containers run");
    let logs = run(&mut s, &format!("docker logs c{}", SWARM - 1));
    assert!(logs.contains("64 bytes from"), "the last container pings the target: {logs}");
}

fn swarm(c: &mut Criterion) {
    static CHECK: std::sync::Once = std::sync::Once::new();
    let mut g = c.benchmark_group("swarm");
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("create_1000_containers", |b| {
        CHECK.call_once(check_swarm);
        b.iter_batched(
            swarm_base,
            |mut s| {
                create_swarm(&mut s);
                s
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("simulate_10s_1000_pinging", |b| {
        CHECK.call_once(check_swarm);
        b.iter_batched(
            || {
                let mut s = swarm_base();
                create_swarm(&mut s);
                s
            },
            |mut s| {
                s.advance(10_000);
                s
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, queue, swarm);
criterion_main!(benches);
