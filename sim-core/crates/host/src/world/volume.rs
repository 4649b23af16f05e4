//! Volumes: named and anonymous, each with its own file tree (`_data`)
//! shared live by every container that mounts it.

use crate::fs::Fs;
use crate::time::SimTime;

#[derive(Clone, Debug)]
pub struct Volume {
    pub name: String,
    pub driver: String,
    pub options: Vec<(String, String)>,
    pub labels: Vec<(String, String)>,
    pub anonymous: bool,
    pub created: SimTime,
    pub fs: Fs,
    /// Whether `Options`/`Labels` print as `{}` (created by `volume create`) or `null`.
    pub explicit: bool,
}

impl Volume {
    pub fn new(name: String, created: SimTime) -> Volume {
        Volume {
            name,
            driver: "local".into(),
            options: Vec::new(),
            labels: Vec::new(),
            anonymous: false,
            created,
            fs: Fs::new(),
            explicit: false,
        }
    }

    pub fn mountpoint(&self) -> String {
        format!("/var/lib/docker/volumes/{}/_data", self.name)
    }
}

/// Docker's rule for volume names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+` (at least two characters).
pub fn valid_volume_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphanumeric() => {}
        _ => return false,
    }
    name.len() >= 2 && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}
