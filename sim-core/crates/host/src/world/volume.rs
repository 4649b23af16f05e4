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

/// Why the daemon refused to remove a volume (moby's `VolumesService.Remove`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VolumeError {
    /// `get <name>: no such volume`.
    NotFound { name: String },
    /// `remove <name>: volume is in use - [<container IDs>]`.
    InUse { name: String, ids: Vec<String> },
}

impl std::fmt::Display for VolumeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VolumeError::NotFound { name } => write!(f, "get {name}: no such volume"),
            VolumeError::InUse { name, ids } => write!(f, "remove {name}: volume is in use - [{}]", ids.join(", ")),
        }
    }
}

impl super::World {
    /// `POST /volumes/create` of a volume not there yet (callers look first: creating an
    /// existing name is Docker's no-op, answered with the name); records `VolumeCreated`.
    pub fn create_volume(&mut self, volume: Volume) {
        let name = volume.name.clone();
        self.volumes.insert(name.clone(), volume);
        self.record(crate::events::EventKind::VolumeCreated { name });
    }

    /// `DELETE /volumes/{name}`: removes a volume no container uses; records `VolumeRemoved`.
    pub fn remove_volume(&mut self, name: &str) -> Result<(), VolumeError> {
        if !self.volumes.contains_key(name) {
            return Err(VolumeError::NotFound { name: name.to_string() });
        }
        let users = self.volume_users(name);
        if !users.is_empty() {
            let ids = users.iter().filter_map(|c| self.container(*c).map(|c| c.id.clone())).collect();
            return Err(VolumeError::InUse { name: name.to_string(), ids });
        }
        self.volumes.remove(name);
        self.record(crate::events::EventKind::VolumeRemoved { name: name.to_string() });
        Ok(())
    }
}
