//! sim-core: a deterministic, discrete-event simulator of a Docker host.
//! (Stub facade; the real modules land next.)

pub mod engine;
pub mod fs;
pub mod rng;
pub mod time;

pub use time::SimTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Es,
    En,
}

#[derive(Clone, Debug)]
pub struct SessionConfig {
    pub seed: u64,
    pub lang: Lang,
}

pub type TermId = usize;

pub struct Session {
    out: Vec<String>,
}

impl Session {
    pub fn new(_cfg: SessionConfig) -> Session {
        Session { out: vec![String::new()] }
    }
    pub fn open_terminal(&mut self) -> TermId {
        self.out.push(String::new());
        self.out.len() - 1
    }
    pub fn submit(&mut self, term: TermId, line: &str) {
        self.out[term].push_str(&format!("{line}\n"));
    }
    pub fn take_output(&mut self, term: TermId) -> String {
        std::mem::take(&mut self.out[term])
    }
    pub fn prompt(&self, _term: TermId) -> String {
        "alumno@muelle:~/proyecto$ ".into()
    }
    pub fn is_busy(&self, _term: TermId) -> bool {
        false
    }
    pub fn interrupt(&mut self, _term: TermId) {}
    pub fn advance(&mut self, _ms: u64) {}
    pub fn now(&self) -> SimTime {
        SimTime::ZERO
    }
}
