//! Lines typed for the student (`run=` on load, `run-command` messages), one at a time, the way
//! `muelle lesson check` types a lesson's solution: the next line waits until the terminal is free;
//! a line for a command asking a question answers it; `^C` is Ctrl-C; and while a `docker run`
//! without `-d` keeps streaming, the next line goes to a new terminal tab.

use std::collections::VecDeque;

/// What the page should do with the queue's next line now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// Nothing to do (empty queue, or the terminal is still busy).
    Wait,
    /// Type this line into the terminal.
    Type(String),
    /// Press Ctrl-C.
    Interrupt,
    /// Open another terminal; the line goes there on a later tick.
    NewTerminal,
}

/// What the terminal the lines go to is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TermState {
    pub busy: bool,
    pub wants_input: bool,
    pub detachable: bool,
}

/// Lines waiting to be typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    lines: VecDeque<String>,
}

impl Script {
    pub fn push(&mut self, lines: impl IntoIterator<Item = String>) {
        self.lines.extend(lines);
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn clear(&mut self) {
        self.lines.clear();
    }

    /// Decides (and, except for [`Next::Wait`] and [`Next::NewTerminal`], takes) the next line.
    pub fn next(&mut self, term: TermState) -> Next {
        let Some(line) = self.lines.front() else { return Next::Wait };
        let interrupt = line.trim() == "^C";
        let next = match (term.busy, interrupt) {
            (_, true) => Next::Interrupt,
            (true, _) if term.wants_input => Next::Type(line.clone()),
            (true, _) if term.detachable => return Next::NewTerminal,
            (true, _) => return Next::Wait,
            (false, _) => Next::Type(line.clone()),
        };
        self.lines.pop_front();
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::catalog;
    use sim_core::{Session, SessionConfig};

    #[test]
    fn lines_wait_for_a_free_terminal() {
        let mut s = Script::default();
        assert_eq!(s.next(TermState::default()), Next::Wait);
        s.push(["docker ps".to_string(), "^C".into(), "y".into(), "ls".into()]);
        let busy = TermState { busy: true, ..TermState::default() };
        assert_eq!(s.next(TermState::default()), Next::Type("docker ps".into()));
        assert_eq!(s.next(busy), Next::Interrupt);
        assert_eq!(s.next(TermState { wants_input: true, ..busy }), Next::Type("y".into()));
        assert_eq!(s.next(busy), Next::Wait);
        assert_eq!(s.next(TermState { detachable: true, ..busy }), Next::NewTerminal);
        assert!(!s.is_empty(), "the line waits for the new terminal");
        assert_eq!(s.next(TermState::default()), Next::Type("ls".into()));
        assert!(s.is_empty());
    }

    /// What the page does on its clock, without the page: every lesson's solution typed through
    /// a [`Script`] leaves every step's checks passing.
    #[test]
    fn typing_a_solution_through_the_script_completes_the_lesson() {
        for template in catalog::all() {
            // A lesson with per-student variables, as the student with this seed gets it.
            let lesson = &template.for_seed(SessionConfig::default().seed);
            let mut session: Session = lesson.start(SessionConfig::default());
            let mut script = Script::default();
            script.push(lesson.solution.iter().cloned());
            let mut term = 0;
            for _ in 0..10_000 {
                let state = TermState {
                    busy: session.is_busy(term),
                    wants_input: session.wants_input(term),
                    detachable: session.is_detachable(term),
                };
                match script.next(state) {
                    Next::Type(line) => session.submit(term, &line),
                    Next::Interrupt => session.interrupt(term),
                    Next::NewTerminal => term = session.open_terminal(),
                    Next::Wait if script.is_empty() => break,
                    Next::Wait => {}
                }
                session.advance(250);
            }
            session.advance(5_000);
            assert!(script.is_empty(), "{}", lesson.id);
            let states = lesson.progress(&session);
            assert!(states.iter().all(|s| s.done), "{}: {states:?}", lesson.id);
        }
    }
}
