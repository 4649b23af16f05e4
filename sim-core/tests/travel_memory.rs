//! Memory of time travel (issue 15: "memory stays ≤ 2× that of the live session"): the heap
//! held by the live 30-minute session alone, then with the past shown — the one replayed
//! [`Cursor`] beside it, at the middle, near the end and back — measured by a counting allocator
//! that also keeps the peak of each jump (this test binary holds this one test, so nothing else
//! allocates beside it). A cursor is a replayed session without a journal of its own and with
//! only its screens' tails (`Session::as_past`), a little smaller than the live one near the end;
//! the test holds what it keeps and its peak while jumping to twice the live session.
//!
//! `cargo test --release -p sim-core --test travel_memory -- --nocapture` prints the figures
//! kept in docs/benchmarks.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use sim_core::timeline::{Cursor, Moment};
use sim_core::{Lang, SessionConfig};

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grew(new_size);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn mb(bytes: usize) -> String {
    format!("{}.{:02} MB", bytes / 1_000_000, bytes % 1_000_000 / 10_000)
}

#[test]
fn showing_the_past_holds_one_replayed_session_beside_the_live_one() {
    let before = LIVE.load(Ordering::Relaxed);
    let s = sim_core::timeline::thirty_minute_session(SessionConfig { seed: 7, lang: Lang::Es });
    let live = LIVE.load(Ordering::Relaxed) - before;
    let end = s.now().ms();
    let mut cursor = None;
    let mut seek = |at: u64| {
        let start = LIVE.load(Ordering::Relaxed);
        PEAK.store(start, Ordering::Relaxed);
        Cursor::seek(&mut cursor, s.config(), s.journal(), Moment::at(s.journal(), at));
        (LIVE.load(Ordering::Relaxed) - before, PEAK.load(Ordering::Relaxed) - before)
    };
    let (middle, middle_peak) = seek(end / 2);
    let (near_end, near_end_peak) = seek(end - 1_000);
    // Back: replayed from the seed into a new cursor, the old one dropped first.
    let (back, back_peak) = seek(end / 4);
    let view = cursor.as_ref().map(|c| c.view().view.containers.len()).unwrap_or(0);
    drop(cursor);
    let after = LIVE.load(Ordering::Relaxed) - before;
    let ratio = |b: usize| format!("{}.{:02}×", b / live, b % live * 100 / live);
    println!("live session {}", mb(live));
    for (what, steady, peak) in [
        ("middle", middle, middle_peak),
        ("near the end", near_end, near_end_peak),
        ("back to a quarter", back, back_peak),
    ] {
        println!(
            "past shown at {what}: {} ({}), peak while jumping {} ({})",
            mb(steady),
            ratio(steady),
            mb(peak),
            ratio(peak)
        );
    }
    println!("cursor dropped: {}", mb(after));
    assert!(view > 0, "the past moment has containers");
    // The budget: with the past shown, and while jumping, at most twice the live session.
    for (what, steady, peak) in [
        ("middle", middle, middle_peak),
        ("near the end", near_end, near_end_peak),
        ("back to a quarter", back, back_peak),
    ] {
        assert!(steady <= 2 * live, "past shown at {what}: {steady} held for a live {live}");
        assert!(peak <= 2 * live, "past shown at {what}: {peak} at the peak of the jump for a live {live}");
    }
    // One replayed session at a time: a jump back never holds the old cursor and the new one.
    assert!(back_peak <= near_end, "a jump back peaked at {back_peak}, above the {near_end} held before it");
    assert!(near_end <= live * 9 / 4, "live plus the cursor near the end: {near_end} for a live {live}");
    assert!(after <= live + live / 20, "the cursor's memory is given back: {after} vs {live}");
}
