//! Guided lessons: a lesson is a YAML file a teacher can read and write
//! (`lessons/*.yaml`, format in `lessons/README.md`): a title and intro in
//! Spanish and English, a starting workspace, steps with hints, and checks
//! evaluated on the simulator's state and event log — never on the text the
//! student typed — plus a reference solution that proves the lesson passes.
//!
//! Pure and panic-free like the rest of the crate: [`Lesson::parse`] returns
//! located errors for any input, [`Lesson::progress`] only reads a session.

mod check;
mod lint;
mod parse;
pub mod text;
pub mod vars;

pub use check::Check;
pub use lint::{lint, Linted};
pub use parse::{ErrorKind, LessonError, Spots, StepSpots};

use crate::{Lang, Session, SessionConfig, World};

/// A text in both of Muelle's languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Text {
    pub es: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }
}

/// One check with the place it was written (for messages pointing at the file).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckAt {
    pub check: Check,
    pub line: u32,
    pub col: u32,
    /// For a check that uses variables: its kind and fields as written (`{{name}}` kept), from
    /// which [`Lesson::for_seed`] builds it again; empty otherwise. Until then `check` holds the
    /// values of seed 0.
    #[serde(default)]
    pub template: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    pub text: Text,
    /// Shown one by one after wrong tries.
    pub hints: Vec<Text>,
    pub checks: Vec<CheckAt>,
    /// The step's own reference lines (`solution:` in the step), for `muelle lesson lint`; the
    /// lesson's [`Lesson::solution`] holds them all. Not in the JSON the page carries.
    #[serde(skip)]
    pub solution: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Lesson {
    pub id: String,
    pub title: Text,
    pub intro: Text,
    /// Files (path relative to the project folder, content) the lesson starts with.
    pub files: Vec<(String, String)>,
    pub steps: Vec<Step>,
    /// The reference solution: lines as typed in a terminal (`^C` = Ctrl-C): the file's
    /// top-level `solution`, or every step's `solution` in order.
    pub solution: Vec<String>,
    /// The lesson's `version` (empty when the file has none): a new one starts saved progress
    /// afresh (see [`Lesson::progress_key`]).
    #[serde(default)]
    pub version: String,
    /// Declared variables (name, kind as [`vars::VarKind::encode`] writes it), in file order.
    #[serde(default)]
    pub vars: Vec<(String, String)>,
}

/// Whether a step's checks pass right now, one by one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepState {
    pub index: usize,
    pub done: bool,
    /// Each check of the step and whether it passes.
    pub checks: Vec<(Check, bool)>,
}

impl Lesson {
    /// Reads a lesson file. Every problem found is returned, each with its line and column.
    pub fn parse(text: &str) -> Result<Lesson, Vec<LessonError>> {
        parse::parse(text).map(|(lesson, _)| lesson)
    }

    /// [`Lesson::parse`], and where each step, hint and solution is written.
    pub fn parse_located(text: &str) -> Result<(Lesson, Spots), Vec<LessonError>> {
        parse::parse(text)
    }

    /// The key a student's progress is saved under: `muelle.lesson.ID`, and `.vVERSION` after
    /// it when the lesson has a version, so changing the version starts everyone afresh.
    pub fn progress_key(&self) -> String {
        if self.version.is_empty() {
            format!("muelle.lesson.{}", self.id)
        } else {
            format!("muelle.lesson.{}.v{}", self.id, self.version)
        }
    }

    /// The values of the lesson's variables for `seed` (name, value), in declaration order.
    pub fn values(&self, seed: u64) -> Vec<(String, String)> {
        vars::values(&self.id, &self.vars, seed)
    }

    /// The lesson as the student with `seed` sees it: every `{{name}}` in texts, hints, workspace
    /// files, solution and checks replaced by that variable's value. A lesson without variables
    /// comes back unchanged.
    pub fn for_seed(&self, seed: u64) -> Lesson {
        if self.vars.is_empty() {
            return self.clone();
        }
        let values = self.values(seed);
        let sub = |s: &str| vars::substitute(s, &values);
        let text = |t: &Text| Text { es: sub(&t.es), en: sub(&t.en) };
        let lines = |l: &[String]| l.iter().map(|x| sub(x)).collect::<Vec<_>>();
        Lesson {
            id: self.id.clone(),
            title: text(&self.title),
            intro: text(&self.intro),
            files: self.files.iter().map(|(p, c)| (sub(p), sub(c))).collect(),
            steps: self
                .steps
                .iter()
                .map(|s| Step {
                    text: text(&s.text),
                    hints: s.hints.iter().map(text).collect(),
                    checks: s
                        .checks
                        .iter()
                        .map(|c| CheckAt {
                            check: check::rebuild(&c.template, &values).unwrap_or_else(|| c.check.clone()),
                            line: c.line,
                            col: c.col,
                            template: Vec::new(),
                        })
                        .collect(),
                    solution: lines(&s.solution),
                })
                .collect(),
            solution: lines(&self.solution),
            version: self.version.clone(),
            vars: Vec::new(),
        }
    }

    /// The starting workspace: (absolute path on the simulated host, content).
    pub fn workspace(&self) -> Vec<(String, String)> {
        self.files.iter().map(|(p, c)| (crate::fs::normalize(crate::world::PROJECT_DIR, p), c.clone())).collect()
    }

    /// A fresh session with the workspace written and the terminal in the
    /// project folder: how a lesson starts, and how it is reset.
    pub fn start(&self, cfg: SessionConfig) -> Session {
        let mut session = Session::new(cfg);
        self.load_workspace(&mut session);
        session
    }

    /// Writes the workspace into `session` and moves terminal 0 to the project folder.
    pub fn load_workspace(&self, session: &mut Session) {
        for (path, content) in self.workspace() {
            let _ = session.write_host_file(&path, content.as_bytes());
        }
        session.submit(0, &format!("cd {}", crate::world::PROJECT_DIR));
        session.take_output(0);
        session.take_hints(0);
    }

    /// Which steps' checks pass now.
    pub fn progress(&self, session: &Session) -> Vec<StepState> {
        self.progress_in(&session.world)
    }

    /// How many of step `step`'s checks pass now (0 for a step that does not exist).
    pub fn passing(&self, session: &Session, step: usize) -> usize {
        self.steps.get(step).map_or(0, |s| s.checks.iter().filter(|c| c.check.eval(&session.world)).count())
    }

    /// Whether each check passes now, per step: what the simulator's worker reports to the page
    /// (see [`crate::remote`]), which rebuilds the progress with [`Lesson::progress_from`].
    pub fn results(&self, session: &Session) -> Vec<Vec<bool>> {
        self.steps.iter().map(|s| s.checks.iter().map(|c| c.check.eval(&session.world)).collect()).collect()
    }

    /// [`Lesson::progress`] from [`Lesson::results`] (a check with no result does not pass).
    pub fn progress_from(&self, results: &[Vec<bool>]) -> Vec<StepState> {
        self.steps
            .iter()
            .enumerate()
            .map(|(index, step)| {
                let passes = results.get(index);
                let checks: Vec<(Check, bool)> = step
                    .checks
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.check.clone(), passes.and_then(|p| p.get(i)).copied().unwrap_or(false)))
                    .collect();
                StepState { index, done: checks.iter().all(|(_, ok)| *ok), checks }
            })
            .collect()
    }

    /// [`Lesson::passing`] from [`Lesson::results`].
    pub fn passing_from(&self, results: &[Vec<bool>], step: usize) -> usize {
        results.get(step).map_or(0, |p| p.iter().filter(|ok| **ok).count())
    }

    /// [`Lesson::progress`] on a world directly.
    pub fn progress_in(&self, world: &World) -> Vec<StepState> {
        self.steps
            .iter()
            .enumerate()
            .map(|(index, step)| {
                let checks: Vec<(Check, bool)> =
                    step.checks.iter().map(|c| (c.check.clone(), c.check.eval(world))).collect();
                StepState { index, done: checks.iter().all(|(_, ok)| *ok), checks }
            })
            .collect()
    }
}

/// The step the student is on: the first one not done (`None` when all are).
pub fn current_step(states: &[StepState]) -> Option<usize> {
    states.iter().position(|s| !s.done)
}
