//! The bounded event log. A restart storm (500 containers with `restart: always` whose program
//! exits at once) records about 3,000 events a simulated minute; kept in full, an hour is 180,000
//! events and every reader (the timeline, the lessons' checks) slows down with it. So the log keeps
//! the most recent [`KEEP`] events in full and compacts older ones, a chunk at a time, into a
//! [`Summary`] whose size depends on how many containers and distinct facts there are, not on time:
//!
//! - *facts*: each compacted event a lesson's check can ask about (a lookup that resolved, a ping
//!   answered, a connection, an exit with its code, a restart), with the fields no check reads
//!   blanked, kept once — so every check answers exactly as over the whole log;
//! - per container: counts by kind, the last few state changes (so the timeline's strip starts in
//!   the right state), its last exit's cause and its connections served and made;
//! - per container and time bucket ([`BUCKET_MS`], its last [`MAX_BUCKETS`]): counts by kind, so
//!   the timeline can draw a restart loop over time from counts.
//!
//! Events have a sequence number (0 for the first ever recorded): readers that follow the log
//! (`docker compose up`'s exit reports, the topology's packets) keep the number they saw, not an
//! index, since indexes shift when a chunk is compacted.

use super::{Actor, Cause, EventKind, LogEvent};
use crate::time::SimTime;
use std::collections::{BTreeSet, VecDeque};

use sim_base::vecmap::VecMap;
use std::net::Ipv4Addr;

/// Events kept in full.
pub const KEEP: usize = 1024;
/// Events compacted at once when the log holds `KEEP + CHUNK` (amortised: one drain a chunk).
pub const CHUNK: usize = 256;
/// The width of a summary's time bucket, in simulated ms.
pub const BUCKET_MS: u64 = 10_000;
/// Buckets kept per container (three minutes: the timeline's strips show two): older ones are
/// only in its totals.
pub const MAX_BUCKETS: usize = 18;
/// State changes kept per compacted container (enough to rebuild its state: a pause and what was
/// before it).
pub const STATE_TAIL: usize = 4;
/// Bounds on the summary's maps, against a script that invents names forever. Past them new
/// entries are not added (checks about facts or containers beyond them see only recent events);
/// no lesson comes near.
pub const MAX_FACTS: usize = 16_384;
pub const MAX_NAMES: usize = 4_096;

/// What kind of event, without its fields: what the summary counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tag {
    ImagePulled,
    Created,
    Started,
    Exited,
    Restarting,
    Removed,
    Renamed,
    Paused,
    Unpaused,
    Health,
    Network,
    Volume,
    Dns,
    Ping,
    Connect,
    Http,
    Daemon,
}

impl EventKind {
    pub fn tag(&self) -> Tag {
        match self {
            EventKind::ImagePulled { .. } => Tag::ImagePulled,
            EventKind::ContainerCreated { .. } => Tag::Created,
            EventKind::ContainerStarted { .. } => Tag::Started,
            EventKind::ContainerExited { .. } => Tag::Exited,
            EventKind::ContainerRestarting { .. } => Tag::Restarting,
            EventKind::ContainerRemoved { .. } => Tag::Removed,
            EventKind::ContainerRenamed { .. } => Tag::Renamed,
            EventKind::ContainerPaused { .. } => Tag::Paused,
            EventKind::ContainerUnpaused { .. } => Tag::Unpaused,
            EventKind::HealthChanged { .. } => Tag::Health,
            EventKind::NetworkCreated { .. }
            | EventKind::NetworkRemoved { .. }
            | EventKind::NetworkConnected { .. }
            | EventKind::NetworkDisconnected { .. } => Tag::Network,
            EventKind::VolumeCreated { .. } | EventKind::VolumeRemoved { .. } => Tag::Volume,
            EventKind::DnsLookup { .. } => Tag::Dns,
            EventKind::Ping { .. } => Tag::Ping,
            EventKind::Connect { .. } => Tag::Connect,
            EventKind::Http { .. } => Tag::Http,
            EventKind::DaemonStopped | EventKind::DaemonStarted => Tag::Daemon,
        }
    }

    /// The container the event is about (the asker, for lookups, pings and connections).
    pub fn subject(&self) -> Option<&str> {
        match self {
            EventKind::ContainerCreated { name, .. }
            | EventKind::ContainerStarted { name }
            | EventKind::ContainerExited { name, .. }
            | EventKind::ContainerRestarting { name, .. }
            | EventKind::ContainerRemoved { name }
            | EventKind::ContainerPaused { name }
            | EventKind::ContainerUnpaused { name }
            | EventKind::HealthChanged { name, .. } => Some(name),
            EventKind::ContainerRenamed { to, .. } => Some(to),
            EventKind::NetworkConnected { container, .. } | EventKind::NetworkDisconnected { container, .. } => {
                Some(container)
            }
            EventKind::DnsLookup { from: Actor::Container(n), .. }
            | EventKind::Ping { from: Actor::Container(n), .. }
            | EventKind::Connect { from: Actor::Container(n), .. }
            | EventKind::Http { from: Actor::Container(n), .. } => Some(n),
            _ => None,
        }
    }

    /// Whether the event changes the state a timeline strip shows.
    pub fn changes_state(&self) -> bool {
        matches!(
            self.tag(),
            Tag::Created | Tag::Started | Tag::Exited | Tag::Restarting | Tag::Paused | Tag::Unpaused | Tag::Health
        )
    }

    /// The event as a fact a lesson's check can ask about, with the fields no check reads blanked
    /// (so equal facts are kept once); `None` for events no check reads. Must keep every field
    /// `lessons::check::Check::eval` matches on.
    pub fn fact(&self) -> Option<EventKind> {
        let none = Ipv4Addr::UNSPECIFIED;
        Some(match self {
            EventKind::DnsLookup { from, query, network, result } => EventKind::DnsLookup {
                from: from.clone(),
                query: query.clone(),
                network: network.clone(),
                result: result.as_ref().map(|_| none).map_err(|_| Cause::NoNetwork),
            },
            EventKind::Ping { from, to: Some(to), reply: true, .. } => {
                EventKind::Ping { from: from.clone(), to: Some(to.clone()), ip: none, seq: 0, reply: true, cause: None }
            }
            EventKind::Connect { from, to: Some(to), port, result: Ok(()), .. } => {
                EventKind::Connect { from: from.clone(), to: Some(to.clone()), ip: none, port: *port, result: Ok(()) }
            }
            EventKind::ContainerRestarting { name, .. } => {
                EventKind::ContainerRestarting { name: name.clone(), delay_ms: 0, restart_count: 0 }
            }
            EventKind::ContainerExited { name, code, .. } => {
                EventKind::ContainerExited { name: name.clone(), code: *code, cause: None }
            }
            _ => return None,
        })
    }
}

/// One compacted container (by the name it had when its events were compacted; a compacted
/// rename moves it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Compacted {
    /// Compacted events about it, by kind.
    pub counts: VecMap<Tag, u64>,
    /// Its last state changes (at most [`STATE_TAIL`]), oldest first.
    pub states: VecDeque<LogEvent>,
    /// It was removed (its strip ends there).
    pub removed: Option<SimTime>,
    /// When its first and last compacted events happened.
    pub first: SimTime,
    pub last: SimTime,
    /// Its compacted events by time bucket (at most [`MAX_BUCKETS`], oldest first).
    pub buckets: VecDeque<Bucket>,
}

/// What the log's readers ask about a name as the events spelt it (a rename does not carry it
/// over, as a scan of the whole log would not).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ByName {
    /// The cause of its last compacted exit.
    last_exit: Option<Cause>,
    /// Compacted successful connections it answered and made.
    served: u64,
    asked: u64,
}

impl Compacted {
    pub fn count(&self, tag: Tag) -> u64 {
        self.counts.get(&tag).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }
}

/// A container's counts over one stretch of [`BUCKET_MS`] of simulated time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    pub start: SimTime,
    /// By kind (a few entries: a small vector is lighter than a map).
    pub counts: Vec<(Tag, u32)>,
}

impl Bucket {
    pub fn count(&self, tag: Tag) -> u32 {
        self.counts.iter().find(|(t, _)| *t == tag).map_or(0, |(_, n)| *n)
    }
}

/// Everything compacted out of the log (see the module doc).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Compacted events by kind.
    pub counts: VecMap<Tag, u64>,
    facts: BTreeSet<EventKind>,
    by_name: VecMap<String, ByName>,
    pub containers: VecMap<String, Compacted>,
}

impl Summary {
    /// The facts checks can ask about (see [`EventKind::fact`]).
    pub fn facts(&self) -> impl Iterator<Item = &EventKind> {
        self.facts.iter()
    }

    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    fn add(&mut self, e: LogEvent) {
        let tag = e.kind.tag();
        *self.counts.get_or_insert_with(tag, || 0) += 1;
        if let Some(f) = e.kind.fact() {
            if self.facts.len() < MAX_FACTS {
                self.facts.insert(f);
            }
        }
        match &e.kind {
            EventKind::Connect { from, to, result: Ok(()), .. } => {
                if let Some(n) = to.as_deref().and_then(|to| self.by_name(to)) {
                    n.served += 1;
                }
                if let Some(n) = self.by_name(from.label()) {
                    n.asked += 1;
                }
            }
            EventKind::ContainerExited { name, cause, .. } => {
                if let Some(n) = self.by_name(name) {
                    n.last_exit = cause.clone();
                }
            }
            _ => {}
        }
        if let EventKind::ContainerRenamed { from, to } = &e.kind {
            if let Some(c) = self.containers.remove(from) {
                self.containers.insert(to.clone(), c);
            }
        }
        if let Some(name) = e.kind.subject() {
            let Some(c) = self.container(name, e.at) else { return };
            *c.counts.get_or_insert_with(tag, || 0) += 1;
            let start = SimTime(e.at.ms() / BUCKET_MS * BUCKET_MS);
            if c.buckets.back().is_none_or(|b| b.start < start) {
                c.buckets.push_back(Bucket { start, counts: Vec::new() });
                if c.buckets.len() > MAX_BUCKETS {
                    c.buckets.pop_front();
                }
            }
            if let Some(b) = c.buckets.back_mut() {
                match b.counts.iter_mut().find(|(t, _)| *t == tag) {
                    Some((_, n)) => *n = n.saturating_add(1),
                    None => b.counts.push((tag, 1)),
                }
            }
            c.last = e.at;
            match &e.kind {
                EventKind::ContainerRemoved { .. } => c.removed = Some(e.at),
                EventKind::ContainerCreated { .. } => c.removed = None,
                _ => {}
            }
            if e.kind.changes_state() {
                if c.states.len() >= STATE_TAIL {
                    c.states.pop_front();
                }
                c.states.push_back(e);
            }
        }
    }

    fn by_name(&mut self, name: &str) -> Option<&mut ByName> {
        if !self.by_name.contains_key(name) {
            if self.by_name.len() >= MAX_NAMES {
                return None;
            }
            self.by_name.insert(name.to_string(), ByName::default());
        }
        self.by_name.get_mut(name)
    }

    fn container(&mut self, name: &str, at: SimTime) -> Option<&mut Compacted> {
        if !self.containers.contains_key(name) {
            if self.containers.len() >= MAX_NAMES {
                return None;
            }
            self.containers.insert(name.to_string(), Compacted { first: at, last: at, ..Default::default() });
        }
        self.containers.get_mut(name)
    }
}

/// The world's event log: recent events in full, older ones in a [`Summary`].
#[derive(Clone, Debug)]
pub struct EventLog {
    recent: Vec<LogEvent>,
    /// How many events were compacted: the sequence number of `recent[0]`.
    compacted: u64,
    summary: Summary,
    keep: usize,
    chunk: usize,
}

impl Default for EventLog {
    fn default() -> Self {
        EventLog::with_limits(KEEP, CHUNK)
    }
}

impl PartialEq for EventLog {
    fn eq(&self, o: &Self) -> bool {
        self.recent == o.recent && self.compacted == o.compacted && self.summary == o.summary
    }
}

impl EventLog {
    /// A log keeping `keep` events in full and compacting `chunk` at a time (tests use small ones).
    pub fn with_limits(keep: usize, chunk: usize) -> EventLog {
        EventLog { recent: Vec::new(), compacted: 0, summary: Summary::default(), keep, chunk: chunk.max(1) }
    }

    pub fn push(&mut self, e: LogEvent) {
        self.recent.push(e);
        if self.recent.len() >= self.keep + self.chunk {
            let n = self.recent.len() - self.keep;
            for e in self.recent.drain(..n) {
                self.summary.add(e);
            }
            self.compacted += n as u64;
        }
    }

    /// The events kept in full, oldest first.
    pub fn recent(&self) -> &[LogEvent] {
        &self.recent
    }

    /// How many events were ever recorded (the next one's sequence number).
    pub fn total(&self) -> u64 {
        self.compacted + self.recent.len() as u64
    }

    /// How many were compacted into the summary.
    pub fn compacted(&self) -> u64 {
        self.compacted
    }

    /// The events numbered `seq` and later that are still kept in full.
    pub fn since(&self, seq: u64) -> &[LogEvent] {
        let skip = seq.saturating_sub(self.compacted).min(self.recent.len() as u64) as usize;
        &self.recent[skip..]
    }

    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Every event kind a check can ask about: the compacted facts, then the recent events.
    pub fn kinds(&self) -> impl Iterator<Item = &EventKind> {
        self.summary.facts().chain(self.recent.iter().map(|e| &e.kind))
    }

    /// Why the container named `name` last exited, if the log says (`None` when its last exit
    /// had no cause, or it never exited).
    pub fn last_exit_cause(&self, name: &str) -> Option<&Cause> {
        let recent = self.recent.iter().rev().find_map(|e| match &e.kind {
            EventKind::ContainerExited { name: n, cause, .. } if n == name => Some(cause.as_ref()),
            _ => None,
        });
        match recent {
            Some(c) => c,
            None => self.summary.by_name.get(name).and_then(|c| c.last_exit.as_ref()),
        }
    }

    /// Successful connections the container named `name` answered and made.
    pub fn traffic(&self, name: &str) -> (u64, u64) {
        let (mut served, mut asked) = self.summary.by_name.get(name).map_or((0, 0), |c| (c.served, c.asked));
        for e in &self.recent {
            if let EventKind::Connect { from, to, result: Ok(()), .. } = &e.kind {
                if to.as_deref() == Some(name) {
                    served += 1;
                }
                if from.label() == name {
                    asked += 1;
                }
            }
        }
        (served, asked)
    }

    /// A rough count of the bytes the log holds (for the benchmarks' figures).
    pub fn bytes_estimate(&self) -> usize {
        let ev = std::mem::size_of::<LogEvent>();
        let strings = |k: &EventKind| -> usize {
            match k {
                EventKind::DnsLookup { query, network, .. } => {
                    query.len() + network.as_ref().map_or(0, |n| n.len()) + 16
                }
                _ => k.subject().map_or(0, |n| n.len()) + 16,
            }
        };
        let recent: usize = self.recent.capacity() * ev + self.recent.iter().map(|e| strings(&e.kind)).sum::<usize>();
        let facts: usize = self.summary.facts.iter().map(|k| ev + strings(k) + 16).sum();
        let containers: usize = self
            .summary
            .containers
            .iter()
            .map(|(n, c)| {
                let buckets: usize = c.buckets.iter().map(|b| 40 + b.counts.capacity() * 8).sum();
                200 + n.len()
                    + c.counts.len() * 40
                    + buckets
                    + c.states.iter().map(|e| ev + strings(&e.kind)).sum::<usize>()
            })
            .sum();
        let names: usize = self.summary.by_name.keys().map(|n| 120 + n.len()).sum();
        recent + facts + containers + names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(at: u64, kind: EventKind) -> LogEvent {
        LogEvent { at: SimTime(at), kind }
    }

    fn exited(at: u64, name: &str, cause: Option<Cause>) -> LogEvent {
        ev(at, EventKind::ContainerExited { name: name.into(), code: 1, cause })
    }

    #[test]
    fn sequence_numbers_survive_compaction() {
        let mut log = EventLog::with_limits(4, 2);
        for i in 0..11 {
            log.push(ev(i, EventKind::ContainerStarted { name: format!("c{i}") }));
        }
        assert_eq!(log.total(), 11);
        assert!(log.recent().len() < 6 && log.compacted() + log.recent().len() as u64 == 11);
        assert_eq!(log.since(9).iter().map(|e| e.at.ms()).collect::<Vec<_>>(), [9, 10]);
        // A reader behind the compaction gets what is still kept; one at the end gets nothing.
        assert_eq!(log.since(0).len(), log.recent().len());
        assert!(log.since(11).is_empty() && log.since(99).is_empty());
        assert_eq!(log.summary().total(), log.compacted());
    }

    #[test]
    fn the_summary_keeps_causes_states_and_bounded_buckets() {
        let mut log = EventLog::with_limits(1, 1);
        log.push(exited(0, "db", Some(Cause::OutOfMemory)));
        log.push(ev(5, EventKind::ContainerRenamed { from: "db".into(), to: "base".into() }));
        for i in 0..200u64 {
            log.push(ev(10 + i * 5_000, EventKind::ContainerStarted { name: "base".into() }));
            log.push(exited(10 + i * 5_000 + 1, "base", None));
        }
        log.push(ev(2_000_000, EventKind::ContainerStarted { name: "x".into() }));
        // The exit's cause stays with the name it was recorded under; the container moved.
        assert_eq!(log.last_exit_cause("db"), Some(&Cause::OutOfMemory));
        assert_eq!(log.last_exit_cause("base"), None);
        let c = log.summary().containers.get("base").expect("base is compacted");
        assert!(!log.summary().containers.contains_key("db"));
        assert_eq!(c.count(Tag::Exited), 201);
        assert_eq!(c.states.len(), STATE_TAIL);
        assert_eq!(c.buckets.len(), MAX_BUCKETS);
        assert!(c.buckets.iter().all(|b| b.count(Tag::Started) <= 2));
        assert!(
            log.summary().facts().count() <= 2,
            "one fact per (name, code): {:?}",
            log.summary().facts().collect::<Vec<_>>()
        );
    }
}
