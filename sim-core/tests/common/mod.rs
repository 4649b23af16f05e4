//! What the end-to-end tests of the docker commands share: one terminal on a
//! fresh, English-speaking session, typing a line and returning what it printed.
#![allow(dead_code)] // each test file uses its own subset

pub mod corpus;

use sim_core::{Lang, Session, SessionConfig};

pub struct Term {
    pub s: Session,
}

impl Term {
    pub fn new() -> Term {
        Term { s: Session::new(SessionConfig { seed: 1, lang: Lang::En }) }
    }

    /// Types `line`, lets it finish (unless it asks a question), returns everything printed.
    pub fn run(&mut self, line: &str) -> String {
        self.s.submit(0, line);
        if !self.s.wants_input(0) {
            self.s.run_until_idle(0, 120_000);
        }
        self.s.take_output(0)
    }

    pub fn status(&self) -> i32 {
        self.s.last_status(0)
    }

    /// Pulls images quietly so tests start from images already present.
    pub fn pull(&mut self, images: &[&str]) {
        for image in images {
            self.run(&format!("docker pull -q {image}"));
        }
    }

    pub fn ctr_id(&self, name: &str) -> String {
        self.s.world().container_by_name(name).map(|c| c.id.clone()).unwrap_or_default()
    }

    pub fn net_id(&self, name: &str) -> String {
        self.s.world().network_by_name(name).map(|n| n.id.clone()).unwrap_or_default()
    }
}
