//! A student's way through one lesson: which steps are done, how many wrong tries each step had
//! (hints appear one per wrong try), and how that is saved.
//!
//! A step is done once all its checks pass, and stays done: stopping a container later does not
//! take back a step already made. The current step is the first one not done. A *wrong try* is a
//! command that finished while a step was current and left that step no closer: not done, and no
//! more of its checks passing than before the command. Evaluating the checks reads the whole event
//! log, so [`Tracker::evaluate`] only does it when the world or its log changed.

use sim_core::lessons::Lesson;

use crate::persist;

/// Something the page announces (the panel, and the embedding page's messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Update {
    /// Step `n` (0-based) is now done.
    StepCompleted(usize),
    /// Every step is done.
    LessonCompleted,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tracker {
    pub id: String,
    /// Where its progress is saved: the lesson's `progress_key` (a new `version` starts afresh).
    key: String,
    done: Vec<bool>,
    wrong: Vec<u32>,
    /// Checks of the current step passing after the last finished command (what "closer" means).
    baseline: usize,
    /// World revision and log length at the last evaluation.
    seen: Option<(u64, u64)>,
}

impl Tracker {
    /// A fresh start on `lesson`.
    pub fn new(lesson: &Lesson) -> Tracker {
        let n = lesson.steps.len();
        Tracker {
            id: lesson.id.clone(),
            key: lesson.progress_key(),
            done: vec![false; n],
            wrong: vec![0; n],
            baseline: 0,
            seen: None,
        }
    }

    /// Progress saved by [`Tracker::encode`]; anything else (another lesson's, corrupt) starts fresh.
    pub fn restore(lesson: &Lesson, saved: Option<&str>) -> Tracker {
        let mut t = Tracker::new(lesson);
        let Some(items) = saved.and_then(persist::decode) else { return t };
        let [done, wrong] = items.as_slice() else { return t };
        let wrong: Vec<u32> = wrong.split(',').filter_map(|w| w.parse().ok()).collect();
        if done.len() != t.done.len() || wrong.len() != t.wrong.len() || !done.chars().all(|c| c == '0' || c == '1') {
            return t;
        }
        t.done = done.chars().map(|c| c == '1').collect();
        t.wrong = wrong;
        t
    }

    /// The saved form: done steps as `0`/`1`, then the wrong tries per step.
    pub fn encode(&self) -> String {
        let done: String = self.done.iter().map(|d| if *d { '1' } else { '0' }).collect();
        let wrong: Vec<String> = self.wrong.iter().map(u32::to_string).collect();
        persist::encode(&[done, wrong.join(",")])
    }

    /// The localStorage key of this lesson's progress.
    pub fn key(&self) -> String {
        self.key.clone()
    }

    pub fn is_done(&self, step: usize) -> bool {
        self.done.get(step).copied().unwrap_or(false)
    }

    pub fn done_count(&self) -> usize {
        self.done.iter().filter(|d| **d).count()
    }

    pub fn complete(&self) -> bool {
        self.done.iter().all(|d| *d)
    }

    /// The step the student is on: the first not done.
    pub fn current(&self) -> Option<usize> {
        self.done.iter().position(|d| !d)
    }

    pub fn wrong_tries(&self, step: usize) -> u32 {
        self.wrong.get(step).copied().unwrap_or(0)
    }

    /// How many of the step's hints to show: one per wrong try.
    pub fn hints_shown(&self, lesson: &Lesson, step: usize) -> usize {
        let hints = lesson.steps.get(step).map_or(0, |s| s.hints.len());
        (self.wrong_tries(step) as usize).min(hints)
    }

    /// Re-evaluates the checks if the world changed since the last time; returns what became done.
    /// `results` are the simulator's answers at `now` (see `Lesson::results`).
    pub fn evaluate(&mut self, lesson: &Lesson, now: (u64, u64), results: &[Vec<bool>]) -> Vec<Update> {
        if self.seen == Some(now) {
            return Vec::new();
        }
        self.seen = Some(now);
        let was_complete = self.complete();
        let before = self.current();
        let mut updates = Vec::new();
        for state in lesson.progress_from(results) {
            if state.done && !self.is_done(state.index) {
                self.done[state.index] = true;
                updates.push(Update::StepCompleted(state.index));
            }
        }
        if self.current() != before {
            self.baseline = self.current().map_or(0, |s| lesson.passing_from(results, s));
        }
        if !was_complete && self.complete() {
            updates.push(Update::LessonCompleted);
        }
        updates
    }

    /// A command typed while `typed_on` was the current step finished: evaluates, then counts a
    /// wrong try if the current step got no closer — only if it is still the step the command
    /// was typed for (a long command for an earlier step, which a tick saw complete that step
    /// while it ran, is no try at the next one).
    pub fn command_finished(
        &mut self,
        lesson: &Lesson,
        now: (u64, u64),
        results: &[Vec<bool>],
        typed_on: Option<usize>,
    ) -> Vec<Update> {
        let step = self.current();
        self.seen = None;
        let updates = self.evaluate(lesson, now, results);
        if let Some(s) = step {
            if !self.is_done(s) {
                let now = lesson.passing_from(results, s);
                if now <= self.baseline && typed_on == Some(s) {
                    self.wrong[s] += 1;
                }
                self.baseline = now;
            }
        }
        updates
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::catalog;
    use sim_core::SessionConfig;

    fn run(session: &mut sim_core::Session, line: &str) {
        session.submit(0, line);
        session.run_until_idle(0, 60_000);
        session.advance(1_000);
    }

    #[test]
    fn steps_complete_in_order_and_wrong_tries_reveal_hints() {
        let lesson = catalog::find("redes").unwrap();
        let mut s = lesson.start(SessionConfig::default());
        let mut t = Tracker::new(lesson);
        assert_eq!(t.evaluate(lesson, s.change_stamp(), &lesson.results(&s)), []);
        assert_eq!(t.current(), Some(0));

        // A command that does nothing for step 1: a wrong try, the first hint shows.
        run(&mut s, "docker ps");
        assert_eq!(t.command_finished(lesson, s.change_stamp(), &lesson.results(&s), t.current()), []);
        assert_eq!((t.wrong_tries(0), t.hints_shown(lesson, 0)), (1, 1));
        // Getting closer (solo runs) is not a wrong try.
        run(&mut s, "docker run -d --name solo nginx");
        assert_eq!(t.command_finished(lesson, s.change_stamp(), &lesson.results(&s), t.current()), []);
        assert_eq!(t.wrong_tries(0), 1);
        run(&mut s, "docker run --name prueba busybox ping -c 1 solo");
        assert_eq!(
            t.command_finished(lesson, s.change_stamp(), &lesson.results(&s), t.current()),
            [Update::StepCompleted(0)]
        );
        assert_eq!((t.current(), t.done_count()), (Some(1), 1));
        // Hints never exceed what the step has.
        for _ in 0..5 {
            run(&mut s, "ls");
            t.command_finished(lesson, s.change_stamp(), &lesson.results(&s), t.current());
        }
        assert_eq!((t.wrong_tries(1), t.hints_shown(lesson, 1)), (5, 1));
        run(&mut s, "docker network create mynet");
        assert_eq!(
            t.command_finished(lesson, s.change_stamp(), &lesson.results(&s), t.current()),
            [Update::StepCompleted(1)]
        );
    }

    #[test]
    fn the_reference_solution_completes_every_lesson() {
        for template in catalog::all() {
            // A lesson with per-student variables, as the student with this seed gets it.
            let lesson = &template.for_seed(SessionConfig::default().seed);
            let mut s = lesson.start(SessionConfig::default());
            let mut t = Tracker::new(lesson);
            let mut term = 0;
            let mut updates = Vec::new();
            for line in &lesson.solution {
                if s.is_busy(term) && s.is_detachable(term) {
                    term = s.open_terminal();
                }
                s.submit(term, line);
                s.run_until_idle(term, 120_000);
                s.advance(1_000);
                updates.extend(t.command_finished(lesson, s.change_stamp(), &lesson.results(&s), t.current()));
            }
            assert!(t.complete(), "{}: {t:?}", lesson.id);
            assert_eq!(updates.last(), Some(&Update::LessonCompleted), "{}", lesson.id);
            let steps = updates.iter().filter(|u| matches!(u, Update::StepCompleted(_))).count();
            assert_eq!(steps, lesson.steps.len(), "{}", lesson.id);
        }
    }

    #[test]
    fn done_steps_stay_done_and_progress_round_trips() {
        let lesson = catalog::find("redes").unwrap();
        let mut s = lesson.start(SessionConfig::default());
        let mut t = Tracker::new(lesson);
        run(&mut s, "docker network create mynet");
        t.command_finished(lesson, s.change_stamp(), &lesson.results(&s), t.current());
        assert!(t.is_done(1) && !t.is_done(0));
        run(&mut s, "docker network rm mynet");
        t.command_finished(lesson, s.change_stamp(), &lesson.results(&s), t.current());
        assert!(t.is_done(1), "a done step stays done");
        assert_eq!(t.current(), Some(0));

        let back = Tracker::restore(lesson, Some(&t.encode()));
        assert_eq!((back.done, back.wrong), (t.done.clone(), t.wrong.clone()));
        let other = catalog::find("compose").unwrap(); // three steps, not four
        for bad in [None, Some("basura"), Some(t.encode().as_str())] {
            let fresh = Tracker::restore(other, bad);
            assert_eq!(fresh.done_count(), 0, "{bad:?}");
        }
        assert_eq!(t.key(), "muelle.lesson.redes");
        // A lesson with a version saves under a key of its own: a new version starts afresh.
        let versioned = sim_core::lessons::Lesson { version: "2".into(), ..lesson.clone() };
        assert_eq!(Tracker::new(&versioned).key(), "muelle.lesson.redes.v2");
    }

    #[test]
    fn a_command_for_an_earlier_step_is_no_wrong_try_at_the_next() {
        let lesson = catalog::find("redes").unwrap();
        let mut s = lesson.start(SessionConfig::default());
        let mut t = Tracker::new(lesson);
        t.evaluate(lesson, s.change_stamp(), &lesson.results(&s));
        // Typed on step 0; a tick sees step 0 done while it still runs.
        let typed_on = t.current();
        run(&mut s, "docker run -d --name solo nginx");
        run(&mut s, "docker run --name prueba busybox ping -c 1 solo");
        assert_eq!(t.evaluate(lesson, s.change_stamp(), &lesson.results(&s)), [Update::StepCompleted(0)]);
        assert_eq!(t.current(), Some(1));
        // When it finishes, step 1 is current: not a wrong try there.
        t.command_finished(lesson, s.change_stamp(), &lesson.results(&s), typed_on);
        assert_eq!(t.wrong_tries(1), 0);
        // One typed on step 1 that does nothing for it is.
        run(&mut s, "ls");
        t.command_finished(lesson, s.change_stamp(), &lesson.results(&s), t.current());
        assert_eq!(t.wrong_tries(1), 1);
    }
}
