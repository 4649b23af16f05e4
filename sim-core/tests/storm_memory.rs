//! Memory over a simulated hour of 500 crash-looping containers (issue 17: "memory and tick
//! time stay flat over hours"): the heap the whole session holds — host, containers, file
//! systems, the event log, terminals, the journal — measured by a counting allocator (this
//! test binary holds this one test, so nothing else allocates beside it).
//!
//! `cargo test --release -p sim-core --test storm_memory -- --nocapture` prints the figures
//! kept in docs/benchmarks.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use sim_core::{Lang, Session, SessionConfig};

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The page's budget per tick (app/src/hooks/clock.rs `WORK_PER_TICK`).
const BUDGET: u64 = 500;

#[test]
fn the_heap_stays_flat_over_an_hour_of_500_crash_looping_containers() {
    let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
    let fresh = LIVE.load(Ordering::Relaxed);
    for _ in 0..500 {
        s.submit(0, "docker run -d --restart always alpine false");
        assert!(s.run_until_idle(0, 120_000));
        s.take_output(0);
    }
    let created = LIVE.load(Ordering::Relaxed);
    let start = s.now().ms();
    // Live bytes at the end of each simulated minute.
    let mut minutes = Vec::new();
    while s.now().ms() < start + 3_600_000 {
        s.advance_budgeted(50, BUDGET);
        s.take_output(0);
        if (s.now().ms() - start).is_multiple_of(60_000) {
            minutes.push(LIVE.load(Ordering::Relaxed));
        }
    }
    let mb = |b: usize| b as f64 / (1 << 20) as f64;
    let (at10, end) = (minutes[9], *minutes.last().unwrap());
    let peak = *minutes.iter().max().unwrap();
    println!(
        "storm memory: fresh session {} KB, 500 containers created {:.1} MB, minute 10 {:.1} MB, \
         peak {:.1} MB, after the hour {:.1} MB",
        fresh >> 10,
        mb(created),
        mb(at10),
        mb(peak),
        mb(end)
    );
    // Flat: the last minute holds no more than minute 10 did, give or take a tenth (the log
    // compacts in chunks, vectors grow by doubling).
    assert!(end * 10 <= at10 * 11, "the heap grows: minute 10 {at10} bytes, after the hour {end}");
    assert!(peak * 10 <= at10 * 12, "the heap peaks at {peak} bytes against {at10} at minute 10");
}
