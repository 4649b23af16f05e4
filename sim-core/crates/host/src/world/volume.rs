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

/// Why the daemon refused to create or remove a volume (moby's `VolumesService.Create`/`Remove`
/// and the local driver's `Root.Create`); `Display` is the daemon's text, after
/// `Error response from daemon: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VolumeError {
    /// `get <name>: no such volume`.
    NotFound { name: String },
    /// `remove <name>: volume is in use - [<container IDs>]`.
    InUse { name: String, ids: Vec<String> },
    /// `create <name>: driver '<driver>' already has volume '<name>': volume name must be unique`.
    NameTaken { name: String, driver: String },
    /// `create <name>: error looking up volume plugin <driver>: plugin "<driver>" not found`.
    NoPlugin { name: String, driver: String },
    /// `create <name>: <the local driver's refusal>`.
    Local { name: String, why: LocalVolumeError },
}

/// The local driver's refusals of a new volume (`Root.Create`, `setOpts`, `validateOpts`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalVolumeError {
    /// `volume name is too short, names should be at least two alphanumeric characters`.
    NameTooShort,
    /// `"<name>" includes invalid characters for a local volume name, …`.
    InvalidName { name: String },
    /// `invalid option: "<key>"`.
    InvalidOption { key: String },
    /// `quota size requested but no quota support`.
    NoQuota,
    /// `missing required option: "<key>"`.
    MissingOption { key: &'static str },
}

impl std::fmt::Display for LocalVolumeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LocalVolumeError::NameTooShort => {
                write!(f, "volume name is too short, names should be at least two alphanumeric characters")
            }
            LocalVolumeError::InvalidName { name } => write!(
                f,
                "\"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"
            ),
            LocalVolumeError::InvalidOption { key } => write!(f, "invalid option: \"{key}\""),
            LocalVolumeError::NoQuota => write!(f, "quota size requested but no quota support"),
            LocalVolumeError::MissingOption { key } => write!(f, "missing required option: \"{key}\""),
        }
    }
}

impl std::fmt::Display for VolumeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VolumeError::NotFound { name } => write!(f, "get {name}: no such volume"),
            VolumeError::InUse { name, ids } => write!(f, "remove {name}: volume is in use - [{}]", ids.join(", ")),
            VolumeError::NameTaken { name, driver } => {
                write!(f, "create {name}: driver '{driver}' already has volume '{name}': volume name must be unique")
            }
            VolumeError::NoPlugin { name, driver } => {
                write!(f, "create {name}: error looking up volume plugin {driver}: plugin \"{driver}\" not found")
            }
            VolumeError::Local { name, why } => write!(f, "create {name}: {why}"),
        }
    }
}

/// Options the local driver accepts, and what each needs alongside.
const LOCAL_OPTS: &[&str] = &["type", "o", "device", "size"];
const REQUIRED_WITH: &[(&str, &[&str])] = &[("device", &["type"]), ("type", &["device"]), ("o", &["device", "type"])];

/// The local driver's checks (`Root.Create`): the name, then the options.
fn check_local(name: &str, opts: &[(String, String)]) -> Result<(), LocalVolumeError> {
    if name.len() == 1 {
        return Err(LocalVolumeError::NameTooShort);
    }
    if !valid_volume_name(name) {
        return Err(LocalVolumeError::InvalidName { name: name.to_string() });
    }
    if let Some((k, _)) = opts.iter().find(|(k, _)| !LOCAL_OPTS.contains(&k.as_str())) {
        return Err(LocalVolumeError::InvalidOption { key: k.clone() });
    }
    if opts.iter().any(|(k, v)| k == "size" && !v.is_empty() && v != "0") {
        return Err(LocalVolumeError::NoQuota);
    }
    for (opt, needs) in REQUIRED_WITH {
        if opts.iter().any(|(k, _)| k == opt) {
            if let Some(missing) = needs.iter().find(|n| !opts.iter().any(|(k, _)| k == *n)) {
                return Err(LocalVolumeError::MissingOption { key: missing });
            }
        }
    }
    Ok(())
}

impl super::World {
    /// `POST /volumes/create` as `docker volume create` sends it: a name already there with the
    /// same driver is Docker's no-op (`Ok`, nothing recorded), with another driver a conflict; a
    /// driver but `local` has no plugin; the local driver checks the name and options. Records
    /// `VolumeCreated`.
    pub fn volume_create(&mut self, volume: Volume) -> Result<(), VolumeError> {
        let name = volume.name.clone();
        if let Some(existing) = self.volumes.get(&name) {
            if existing.driver != volume.driver {
                return Err(VolumeError::NameTaken { name, driver: existing.driver.clone() });
            }
            return Ok(());
        }
        if volume.driver != "local" {
            return Err(VolumeError::NoPlugin { name, driver: volume.driver });
        }
        if let Err(why) = check_local(&name, &volume.options) {
            return Err(VolumeError::Local { name, why });
        }
        self.create_volume(volume);
        Ok(())
    }

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
