//! State strips: one row per container showing its states over simulated time as coloured
//! segments, so a restart loop reads as a striped row at a glance.
//!
//! [`strips`] folds the event log (created, started, health, exited, restarting, removed, renamed)
//! into segments; [`strips_of`] does it over the bounded log, starting compacted containers from
//! the summary (their state when compacted, their restart count, a restarting stretch over each
//! bucket in which they restarted); [`html`] draws the most recently active rows over a window of simulated time.
//! Pure and natively tested; with a thousand containers only [`MAX_STRIPS`] rows are drawn.

use std::collections::BTreeMap;
use std::fmt::Write;

use sim_core::events::log::{Compacted, Tag, BUCKET_MS};
use sim_core::events::EventLog;
use sim_core::{EventKind, Lang, LogEvent};

use super::rows::clock;
use crate::i18n;
use crate::topology::draw::esc;

/// Rows drawn at most: the containers that changed most recently.
pub const MAX_STRIPS: usize = 24;
/// The longest stretch of simulated time shown (older history scrolls off the left).
pub const WINDOW_MS: u64 = 120_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Created,
    Running,
    Healthy,
    Unhealthy,
    Paused,
    Restarting,
    Exited(i32),
}

impl Phase {
    fn class(self) -> &'static str {
        match self {
            Phase::Created => "st-created",
            Phase::Running => "st-running",
            Phase::Healthy => "st-running healthy",
            Phase::Unhealthy => "st-unhealthy",
            Phase::Paused => "st-paused",
            Phase::Restarting => "st-restarting",
            Phase::Exited(0) => "st-stopped",
            Phase::Exited(_) => "st-exited",
        }
    }

    fn words(self, lang: Lang) -> String {
        match self {
            Phase::Created => i18n::state_words(lang, "created", None),
            Phase::Running => i18n::state_words(lang, "running", None),
            Phase::Healthy => i18n::state_words(lang, "healthy", None),
            Phase::Unhealthy => i18n::state_words(lang, "unhealthy", None),
            Phase::Paused => i18n::state_words(lang, "paused", None),
            Phase::Restarting => i18n::state_words(lang, "restarting", None),
            Phase::Exited(code) => i18n::state_words(lang, "exited", Some(code)),
        }
    }
}

/// A state from `start` to `end` (`None`: still in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub phase: Phase,
    pub start: u64,
    pub end: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strip {
    pub name: String,
    pub segments: Vec<Segment>,
    pub restarts: u32,
    /// When it last changed (for picking the rows to draw).
    pub last: u64,
    /// What it was doing when paused, to go back to on unpause.
    resume: Option<Phase>,
}

impl Strip {
    fn enter(&mut self, phase: Phase, at: u64) {
        self.close(at);
        self.segments.push(Segment { phase, start: at, end: None });
        self.last = at;
    }

    fn close(&mut self, at: u64) {
        if let Some(s) = self.segments.last_mut() {
            if s.end.is_none() {
                s.end = Some(at);
            }
        }
        self.last = at;
    }

    fn current(&self) -> Option<Phase> {
        self.segments.last().filter(|s| s.end.is_none()).map(|s| s.phase)
    }
}

/// Folds events into strips, one per container name.
#[derive(Default)]
struct Fold {
    out: Vec<Strip>,
    index: BTreeMap<String, usize>,
}

impl Fold {
    fn strip(&mut self, name: &str, at: u64) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.out.push(Strip { name: name.to_string(), segments: Vec::new(), restarts: 0, last: at, resume: None });
        self.index.insert(name.to_string(), self.out.len() - 1);
        self.out.len() - 1
    }

    fn apply(&mut self, e: &LogEvent) {
        let at = e.at.ms();
        match &e.kind {
            EventKind::ContainerCreated { name, .. } => {
                let i = self.strip(name, at);
                self.out[i].enter(Phase::Created, at);
            }
            EventKind::ContainerStarted { name } => {
                let i = self.strip(name, at);
                self.out[i].enter(Phase::Running, at);
            }
            EventKind::HealthChanged { name, health } => {
                let i = self.strip(name, at);
                let phase = match health.as_str() {
                    "healthy" => Phase::Healthy,
                    "unhealthy" => Phase::Unhealthy,
                    _ => Phase::Running,
                };
                if matches!(self.out[i].current(), Some(Phase::Running | Phase::Healthy | Phase::Unhealthy)) {
                    self.out[i].enter(phase, at);
                }
            }
            EventKind::ContainerPaused { name } => {
                let i = self.strip(name, at);
                self.out[i].resume = self.out[i].current();
                self.out[i].enter(Phase::Paused, at);
            }
            EventKind::ContainerUnpaused { name } => {
                let i = self.strip(name, at);
                if self.out[i].current() == Some(Phase::Paused) {
                    let back = self.out[i].resume.take().unwrap_or(Phase::Running);
                    self.out[i].enter(back, at);
                }
            }
            EventKind::ContainerExited { name, code, .. } => {
                let i = self.strip(name, at);
                self.out[i].enter(Phase::Exited(*code), at);
            }
            EventKind::ContainerRestarting { name, .. } => {
                let i = self.strip(name, at);
                self.out[i].restarts += 1;
                self.out[i].enter(Phase::Restarting, at);
            }
            EventKind::ContainerRemoved { name } => {
                if let Some(&i) = self.index.get(name) {
                    self.out[i].close(at);
                }
            }
            EventKind::ContainerRenamed { from, to } => {
                if let Some(i) = self.index.remove(from) {
                    self.out[i].name = to.clone();
                    self.index.insert(to.clone(), i);
                }
            }
            _ => {}
        }
    }

    /// A strip for a container whose older events were compacted: a restarting stretch over each
    /// summary bucket in which it restarted, then its last state changes replayed, its restart
    /// count from the counts.
    fn seed(&mut self, name: &str, c: &Compacted) {
        let first = c.states.front().map_or(c.last.ms(), |e| e.at.ms());
        let i = self.strip(name, c.first.ms());
        for b in &c.buckets {
            let start = b.start.ms();
            if start >= first || b.count(Tag::Restarting) == 0 {
                continue;
            }
            let end = (start + BUCKET_MS).min(first);
            let s = &mut self.out[i];
            match s.segments.last_mut() {
                // Adjacent restarting buckets make one stretch.
                Some(g) if g.phase == Phase::Restarting && g.end == Some(start) => g.end = Some(end),
                _ => s.segments.push(Segment { phase: Phase::Restarting, start, end: Some(end) }),
            }
        }
        // Its states carry the name it had then; a compacted rename moved it to `name` since.
        for e in &c.states {
            let then = e.kind.subject().unwrap_or(name).to_string();
            let shadowed = (then != name).then(|| self.index.insert(then.clone(), i));
            self.apply(e);
            match shadowed {
                Some(Some(other)) => {
                    self.index.insert(then, other);
                }
                Some(None) => {
                    self.index.remove(&then);
                }
                None => {}
            }
        }
        let s = &mut self.out[i];
        s.restarts = u32::try_from(c.count(Tag::Restarting)).unwrap_or(u32::MAX);
        if let Some(at) = c.removed {
            s.close(at.ms());
        }
    }
}

/// Every container's strip, in order of first appearance, from events kept in full.
pub fn strips(events: &[LogEvent]) -> Vec<Strip> {
    let mut fold = Fold::default();
    for e in events {
        fold.apply(e);
    }
    fold.out
}

/// Every container's strip from the whole log: compacted containers start from the summary
/// (their restart loops over its buckets, their last states), then the recent events follow.
pub fn strips_of(log: &EventLog) -> Vec<Strip> {
    let summary = log.summary();
    let mut fold = Fold::default();
    let mut seeds: Vec<(&String, &Compacted)> = summary.containers.iter().collect();
    sim_core::sort::sort_by_key(&mut seeds, |(_, c)| c.first);
    for (name, c) in seeds {
        fold.seed(name, c);
    }
    for e in log.recent() {
        fold.apply(e);
    }
    fold.out
}

/// The strips to draw: the `MAX_STRIPS` most recently changed (or just `only`), in log order.
pub fn pick<'a>(all: &'a [Strip], only: Option<&str>) -> Vec<&'a Strip> {
    let mut picked: Vec<&Strip> = all.iter().filter(|s| only.is_none_or(|n| s.name == n)).collect();
    if picked.len() > MAX_STRIPS {
        let mut by_recency: Vec<usize> = (0..picked.len()).collect();
        sim_core::sort::sort_by_key(&mut by_recency, |&i| std::cmp::Reverse(picked[i].last));
        let mut keep: Vec<usize> = by_recency[..MAX_STRIPS].to_vec();
        sim_core::sort::sort(&mut keep);
        picked = keep.into_iter().map(|i| picked[i]).collect();
    }
    picked
}

/// The rows as markup over the window ending at `now` (simulated ms).
pub fn html(strips: &[&Strip], now: u64, lang: Lang) -> String {
    let end = now.max(1);
    let first = strips.iter().filter_map(|s| s.segments.first().map(|g| g.start)).min().unwrap_or(0);
    let start = first.max(end.saturating_sub(WINDOW_MS)).min(end.saturating_sub(1));
    let span = (end - start) as f64;
    let pct = |t: u64| (t.clamp(start, end) - start) as f64 * 100.0 / span;
    let mut o = String::new();
    for s in strips {
        let now_words = s.current().map(|p| p.words(lang)).unwrap_or_else(|| i18n::T::Removed.get(lang).to_string());
        let label = i18n::strip_label(lang, &s.name, s.restarts, &now_words);
        let _ = write!(
            o,
            r#"<li class="strip" data-strip="{name}" data-restarts="{}" aria-label="{label}"><button type="button" class="strip-name" data-filter="{name}" title="{filter}">{name}</button><span class="strip-bar" aria-hidden="true">"#,
            s.restarts,
            name = esc(&s.name),
            label = esc(&label),
            filter = esc(&i18n::only_events_of(lang, &s.name)),
        );
        for g in &s.segments {
            let seg_end = g.end.unwrap_or(end);
            if seg_end < start {
                continue;
            }
            let (l, r) = (pct(g.start), pct(seg_end));
            let title = format!("{} · {}–{}", g.phase.words(lang), clock(g.start), clock(seg_end));
            let _ = write!(
                o,
                r#"<span class="seg {}" style="left:{l:.2}%;width:{:.2}%" title="{}"></span>"#,
                g.phase.class(),
                (r - l).max(0.0),
                esc(&title)
            );
        }
        o.push_str("</span></li>");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::SimTime;

    fn ev(at: u64, kind: EventKind) -> LogEvent {
        LogEvent { at: SimTime(at), kind }
    }

    fn restart_loop() -> Vec<LogEvent> {
        let mut v = vec![ev(0, EventKind::ContainerCreated { name: "loop".into(), image: "alpine".into() })];
        let mut t = 10;
        for n in 1..=4u32 {
            v.push(ev(t, EventKind::ContainerStarted { name: "loop".into() }));
            v.push(ev(t + 5, EventKind::ContainerExited { name: "loop".into(), code: 1, cause: None }));
            v.push(ev(
                t + 5,
                EventKind::ContainerRestarting { name: "loop".into(), delay_ms: 100 << n, restart_count: n },
            ));
            t += 5 + (100 << n);
        }
        v
    }

    #[test]
    fn a_pause_is_a_stretch_of_its_own_and_unpause_goes_back() {
        let v = vec![
            ev(0, EventKind::ContainerCreated { name: "web".into(), image: "nginx".into() }),
            ev(1, EventKind::ContainerStarted { name: "web".into() }),
            ev(5, EventKind::HealthChanged { name: "web".into(), health: "healthy".into() }),
            ev(10, EventKind::ContainerPaused { name: "web".into() }),
            ev(20, EventKind::ContainerUnpaused { name: "web".into() }),
        ];
        let s = &strips(&v)[0];
        let phases: Vec<Phase> = s.segments.iter().map(|g| g.phase).collect();
        assert_eq!(phases, [Phase::Created, Phase::Running, Phase::Healthy, Phase::Paused, Phase::Healthy]);
        assert_eq!(s.segments[3].end, Some(20));
    }

    #[test]
    fn a_restart_loop_is_a_striped_row() {
        let all = strips(&restart_loop());
        assert_eq!(all.len(), 1);
        let s = &all[0];
        assert_eq!(s.restarts, 4);
        let phases: Vec<Phase> = s.segments.iter().map(|g| g.phase).collect();
        assert_eq!(&phases[..4], [Phase::Created, Phase::Running, Phase::Exited(1), Phase::Restarting]);
        assert_eq!(phases.iter().filter(|p| **p == Phase::Restarting).count(), 4);
        // Segments follow each other without gaps; only the last is open.
        for w in s.segments.windows(2) {
            assert_eq!(w[0].end, Some(w[1].start));
        }
        assert_eq!(s.segments.last().unwrap().end, None);
        let markup = html(&pick(&all, None), 4000, Lang::Es);
        assert!(markup.contains(r#"data-strip="loop" data-restarts="4""#), "{markup}");
        assert_eq!(markup.matches("seg st-restarting").count(), 4);
        assert!(markup.contains("4 reinicios") && markup.contains("reiniciándose"), "{markup}");
    }

    #[test]
    fn health_renames_and_removal() {
        let events = vec![
            ev(0, EventKind::ContainerCreated { name: "db".into(), image: "postgres".into() }),
            ev(1, EventKind::ContainerStarted { name: "db".into() }),
            ev(5, EventKind::HealthChanged { name: "db".into(), health: "healthy".into() }),
            ev(9, EventKind::ContainerRenamed { from: "db".into(), to: "base".into() }),
            ev(10, EventKind::HealthChanged { name: "base".into(), health: "unhealthy".into() }),
            ev(20, EventKind::ContainerExited { name: "base".into(), code: 0, cause: None }),
            ev(30, EventKind::ContainerRemoved { name: "base".into() }),
        ];
        let all = strips(&events);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].name, "base");
        let phases: Vec<Phase> = all[0].segments.iter().map(|g| g.phase).collect();
        assert_eq!(phases, [Phase::Created, Phase::Running, Phase::Healthy, Phase::Unhealthy, Phase::Exited(0)]);
        assert_eq!(all[0].segments.last().unwrap().end, Some(30));
        assert!(html(&pick(&all, None), 40, Lang::En).contains("removed"));
    }

    #[test]
    fn only_the_most_recent_rows_are_drawn_and_html_is_escaped() {
        let events: Vec<LogEvent> = (0..1000u64)
            .map(|i| ev(i, EventKind::ContainerCreated { name: format!("c{i}<"), image: "x".into() }))
            .collect();
        let all = strips(&events);
        let picked = pick(&all, None);
        assert_eq!(picked.len(), MAX_STRIPS);
        assert_eq!(picked[0].name, format!("c{}<", 1000 - MAX_STRIPS));
        assert_eq!(pick(&all, Some("c3<")).len(), 1);
        let markup = html(&picked, 1000, Lang::En);
        assert!(!markup.contains("c999<") && markup.contains("c999&lt;"));
    }

    /// A restart loop of `n` rounds a second apart for `name`, from `t0`.
    fn looping(name: &str, t0: u64, n: u32) -> Vec<LogEvent> {
        let mut v = vec![ev(t0, EventKind::ContainerCreated { name: name.into(), image: "alpine".into() })];
        for i in 1..=n {
            let t = t0 + u64::from(i) * 1_000;
            v.push(ev(t, EventKind::ContainerStarted { name: name.into() }));
            v.push(ev(t + 1, EventKind::ContainerExited { name: name.into(), code: 1, cause: None }));
            v.push(ev(t + 1, EventKind::ContainerRestarting { name: name.into(), delay_ms: 999, restart_count: i }));
        }
        v
    }

    #[test]
    fn a_compacted_log_draws_the_same_states_and_counts() {
        let mut events = vec![
            ev(0, EventKind::ContainerCreated { name: "web".into(), image: "nginx".into() }),
            ev(1, EventKind::ContainerStarted { name: "web".into() }),
            ev(2, EventKind::ContainerCreated { name: "gone".into(), image: "alpine".into() }),
            ev(3, EventKind::ContainerRemoved { name: "gone".into() }),
            ev(4, EventKind::ContainerCreated { name: "old".into(), image: "alpine".into() }),
            ev(5, EventKind::ContainerRenamed { from: "old".into(), to: "new".into() }),
        ];
        events.extend(looping("loop", 10, 90));
        let mut log = EventLog::with_limits(6, 3);
        for e in &events {
            log.push(e.clone());
        }
        assert!(log.compacted() > 250, "the test compacts");
        let whole = strips(&events);
        let compacted = strips_of(&log);
        let view = |all: &[Strip]| -> Vec<(String, Option<Phase>, u32, u64)> {
            all.iter().map(|s| (s.name.clone(), s.current(), s.restarts, s.last)).collect()
        };
        assert_eq!(view(&compacted), view(&whole));
        // The loop's compacted past is drawn from the summary's buckets as one restarting stretch.
        let strip = compacted.iter().find(|s| s.name == "loop").unwrap();
        assert_eq!(strip.restarts, 90);
        let first = &strip.segments[0];
        assert_eq!((first.phase, first.start), (Phase::Restarting, 0));
        assert!(first.end.is_some_and(|e| e > BUCKET_MS), "adjacent buckets make one stretch: {first:?}");
        assert!(strip.segments.windows(2).all(|w| w[0].end.is_some_and(|e| e <= w[1].start)));
        let markup = html(&pick(&compacted, Some("loop")), 91_100, Lang::En);
        assert!(markup.contains(r#"data-restarts="90""#) && markup.contains("seg st-restarting"), "{markup}");
    }

    #[test]
    fn the_window_keeps_the_last_two_minutes() {
        let all = strips(&restart_loop());
        let markup = html(&pick(&all, None), 1_000_000, Lang::En);
        // Everything ended long before the window: only the open restarting segment is drawn, full width.
        assert_eq!(markup.matches("class=\"seg ").count(), 1, "{markup}");
        assert!(markup.contains("left:0.00%;width:100.00%"));
    }
}
