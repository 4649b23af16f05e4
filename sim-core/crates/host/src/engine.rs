//! The discrete-event core: a min-heap of timed events whose ties are broken
//! by insertion order, so two events at the same simulated millisecond always
//! fire in the order they were scheduled.

use crate::time::SimTime;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

struct Entry<E> {
    at: SimTime,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at && self.seq == other.seq
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    // Reversed: BinaryHeap is a max-heap and we want the earliest first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.at.cmp(&self.at).then_with(|| other.seq.cmp(&self.seq))
    }
}

/// A queue of future events with a monotonic clock.
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    next_seq: u64,
    now: SimTime,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue { heap: BinaryHeap::new(), next_seq: 0, now: SimTime::ZERO }
    }
}

impl<E> EventQueue<E> {
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `event` at `at` (clamped to now: the past cannot be scheduled).
    pub fn schedule(&mut self, at: SimTime, event: E) {
        let at = at.max(self.now);
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry { at, seq, event });
    }

    pub fn schedule_in(&mut self, delay_ms: u64, event: E) {
        self.schedule(self.now.plus(delay_ms), event);
    }

    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|e| e.at)
    }

    /// Pops the next event if it is due at or before `until`, moving the clock to it.
    pub fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        if self.heap.peek()?.at > until {
            return None;
        }
        let entry = self.heap.pop()?;
        self.now = self.now.max(entry.at);
        Some((entry.at, entry.event))
    }

    /// Moves the clock forward to `t` (never backwards).
    pub fn advance_to(&mut self, t: SimTime) {
        self.now = self.now.max(t);
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Drops every pending event for which `keep` returns false.
    pub fn retain(&mut self, mut keep: impl FnMut(&E) -> bool) {
        let entries = std::mem::take(&mut self.heap).into_vec();
        self.heap = entries.into_iter().filter(|e| keep(&e.event)).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_break_by_insertion_order() {
        let mut q = EventQueue::default();
        q.schedule(SimTime(5), "b");
        q.schedule(SimTime(1), "a");
        q.schedule(SimTime(5), "c");
        let order: Vec<_> = std::iter::from_fn(|| q.pop_due(SimTime(10)).map(|(_, e)| e)).collect();
        assert_eq!(order, ["a", "b", "c"]);
        assert_eq!(q.now(), SimTime(5));
    }

    #[test]
    fn nothing_fires_before_its_time() {
        let mut q = EventQueue::default();
        q.schedule(SimTime(100), 1);
        assert!(q.pop_due(SimTime(99)).is_none());
        assert_eq!(q.pop_due(SimTime(100)).map(|(t, e)| (t.0, e)), Some((100, 1)));
    }

    #[test]
    fn past_events_are_clamped_to_now() {
        let mut q = EventQueue::default();
        q.advance_to(SimTime(50));
        q.schedule(SimTime(10), ());
        assert_eq!(q.peek_time(), Some(SimTime(50)));
    }
}
