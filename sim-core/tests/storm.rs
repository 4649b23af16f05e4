//! A restart storm: 500 containers with `--restart always` whose program exits at once, for a
//! simulated hour, driven the way the page drives it (budgeted slices). The event log stays
//! bounded, no slice does more work than its budget, the work per simulated minute stays flat
//! (the back-off reaches its 60 s cap), Ctrl-C is answered at once in the middle of it, and the
//! budgeted run is the session its journal replays to.
//!
//! `cargo test --release -p sim-core --test storm -- --nocapture` prints the figures kept in
//! docs/benchmarks.md.

use sim_core::events::log::{CHUNK, KEEP};
use sim_core::{Lang, Session, SessionConfig};

/// The page's budget per tick (app/src/hooks/clock.rs `WORK_PER_TICK`).
const BUDGET: u64 = 500;
const CONTAINERS: usize = 500;
const HOUR_MS: u64 = 3_600_000;

/// A session with `containers` crash-looping containers, and what its terminal printed.
fn storm(containers: usize) -> (Session, String) {
    let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
    let mut out = String::new();
    for _ in 0..containers {
        s.submit(0, "docker run -d --restart always alpine false");
        assert!(s.run_until_idle(0, 120_000), "docker run -d returns");
        out.push_str(&s.take_output(0));
    }
    (s, out)
}

#[test]
fn an_hour_of_500_crash_looping_containers_stays_flat() {
    let started = std::time::Instant::now();
    let (mut s, _) = storm(CONTAINERS);
    let created = started.elapsed();
    let start = s.now().ms();
    let (mut slices, mut max_work, mut max_kept, mut max_bytes) = (0u64, 0u64, 0usize, 0usize);
    let (mut max_queue, mut slowest, mut over_1ms) = (0usize, std::time::Duration::ZERO, 0u32);
    // Wall time and work of the busy slices (when the minute's restarts come due together).
    let (mut busy_time, mut busy_work, mut busy) = (std::time::Duration::ZERO, 0u64, 0u32);
    // Work done in each simulated minute, a counter (not wall time).
    let mut per_minute = vec![0u64; 60];
    let hour = std::time::Instant::now();
    while s.now().ms() < start + HOUR_MS {
        let t = std::time::Instant::now();
        let p = s.advance_budgeted(50, BUDGET);
        slowest = slowest.max(t.elapsed());
        over_1ms += u32::from(t.elapsed().as_micros() > 1_000);
        if p.work >= 250 {
            (busy_time, busy_work, busy) = (busy_time + t.elapsed(), busy_work + p.work, busy + 1);
        }
        max_queue = max_queue.max(s.world().pending_events());
        assert!(p.work <= BUDGET, "a slice did {} units of work, over its budget {BUDGET}", p.work);
        slices += 1;
        max_work = max_work.max(p.work);
        let minute = ((s.now().ms() - start) / 60_000).min(59) as usize;
        per_minute[minute] += p.work;
        max_kept = max_kept.max(s.events().len());
        if slices % 1000 == 0 {
            max_bytes = max_bytes.max(s.event_log().bytes_estimate());
        }
        s.take_output(0);
    }
    let hour = hour.elapsed();
    let log = s.event_log();
    max_bytes = max_bytes.max(log.bytes_estimate());
    println!(
        "storm: {CONTAINERS} containers created in {created:?}; one simulated hour in {hour:?} over {slices} slices"
    );
    println!(
        "storm: events recorded {}, kept in full at most {max_kept}, compacted {}, facts {}, summary containers {}",
        log.total(),
        log.compacted(),
        log.summary().facts().count(),
        log.summary().containers.len()
    );
    println!(
        "storm: log memory estimate at most {max_bytes} bytes; work per slice at most {max_work}, slowest slice {slowest:?} ({over_1ms} over 1 ms); engine queue at most {max_queue}"
    );
    println!("storm: work per simulated minute: {per_minute:?}");
    println!(
        "storm: {busy} busy slices (≥ 250 units): {busy_work} units in {busy_time:?}, {:?} per unit",
        busy_time / u32::try_from(busy_work.max(1)).unwrap_or(u32::MAX)
    );

    assert!(log.total() > 100_000, "the storm happened: {} events", log.total());
    assert!(max_kept < KEEP + CHUNK, "kept {max_kept}");
    assert!(max_bytes < 4 << 20, "log estimate {max_bytes} bytes");
    assert!(log.summary().containers.len() <= CONTAINERS);
    assert!(max_queue <= 4 * CONTAINERS, "the engine's queue grows: {max_queue}");
    // Flat: once the back-off is at its cap, the last ten minutes cost what minutes 10–20 did.
    let early: u64 = per_minute[10..20].iter().sum();
    let late: u64 = per_minute[50..60].iter().sum();
    assert!(late * 10 <= early * 12, "work grows: minutes 10-20 {early}, 50-60 {late}");
    // Every container restarted about once a minute at the end, and Docker still counts them all.
    let c = s.world().container_by_name(&s.world().containers().values().next().unwrap().name).unwrap();
    assert!(c.state.restart_count > 50, "restart count {}", c.state.restart_count);
}

#[test]
fn ctrl_c_is_answered_at_once_in_a_storm() {
    let (mut s, _) = storm(100);
    let t = s.open_terminal();
    s.submit(t, "sleep 1000");
    for _ in 0..200 {
        s.advance_budgeted(50, 300);
    }
    assert!(s.is_busy(t));
    // The page calls `interrupt` between two slices, wherever the last one stopped.
    s.interrupt(t);
    assert!(!s.is_busy(t), "Ctrl-C ended sleep at once");
    assert!(s.take_output(t).ends_with("^C\n"));
    s.submit(t, "echo hola");
    assert_eq!(s.take_output(t), "hola\n");
}

#[test]
fn a_budgeted_storm_is_the_session_its_journal_replays() {
    let cfg = SessionConfig { seed: 7, lang: Lang::En };
    let (mut s, mut out) = storm(30);
    s.submit(0, "docker run -d --name web nginx");
    let mut cut = 0;
    for i in 0..3_000u32 {
        // A tiny budget cuts instants in the middle; inputs land between slices.
        if !s.advance_budgeted(40, 20).reached {
            cut += 1;
        }
        match i {
            500 => s.submit(0, "docker ps -a --format '{{.Names}} {{.Status}}'"),
            900 => s.submit(0, "docker stop web"),
            1500 => s.submit(0, "docker rm -f $(docker ps -aq | head -3)"),
            _ => {}
        }
    }
    assert!(cut > 100, "the budget cut slices ({cut})");
    out.push_str(&s.take_output(0));
    let now = s.now();
    let mut again = Session::replay(cfg, s.journal(), now, false);
    assert_eq!(again.take_output(0), out);
    assert_eq!(again.event_log(), s.event_log());
    let states = |s: &Session| -> Vec<(String, u32, i32)> {
        s.world().containers().values().map(|c| (c.name.clone(), c.state.restart_count, c.state.exit_code)).collect()
    };
    assert_eq!(states(&again), states(&s));
}

/// `compose up -d` of 500 services that crash at once, advanced with a budget small enough
/// that instants are cut: every slice stays within it and the session still gets there.
#[test]
fn compose_up_of_500_crashing_services_is_spread_over_slices() {
    const SMALL: u64 = 100;
    let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
    let mut yaml = String::from("services:\n");
    for i in 0..CONTAINERS {
        yaml.push_str(&format!("  s{i}:\n    image: alpine\n    command: \"false\"\n    restart: always\n"));
    }
    s.write_host_file("compose.yaml", yaml.as_bytes()).unwrap();
    s.submit(0, "docker compose up -d");
    let (mut slices, mut cut, mut slowest) = (0u32, 0u32, std::time::Duration::ZERO);
    while s.is_busy(0) || s.now().ms() < 120_000 {
        let t = std::time::Instant::now();
        let p = s.advance_budgeted(50, SMALL);
        slowest = slowest.max(t.elapsed());
        assert!(p.work <= SMALL, "{}", p.work);
        slices += 1;
        if !p.reached {
            cut += 1;
        }
        assert!(slices < 100_000, "the burst ends");
    }
    let out = s.take_output(0);
    assert!(out.contains("Started"), "{out}");
    let restarted = s.world().containers().values().filter(|c| c.state.restart_count > 0).count();
    println!("burst: {CONTAINERS} services, {slices} slices, {cut} cut by the budget, slowest slice {slowest:?}");
    assert_eq!(restarted, CONTAINERS);
    assert!(cut > 0, "some slices ran out of budget");
}
