//! Containers: configuration as `docker run` / Compose give it, and the
//! lifecycle state Docker reports (created, running, restarting, exited).

use super::network::NetId;
use crate::fs::Fs;
use crate::process::MainProcess;
use crate::time::SimTime;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

pub type Cid = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Created,
    Running,
    Restarting,
    Exited,
    Dead,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Restarting => "restarting",
            Status::Exited => "exited",
            Status::Dead => "dead",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum RestartPolicy {
    #[default]
    No,
    Always,
    UnlessStopped,
    OnFailure(u32),
}

/// Why a restart policy is refused: by the CLI's parser (`opts.ParseRestartPolicy`, printed as
/// it is), or by the daemon (`ValidateRestartPolicy`, printed after `Error response from daemon: `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestartPolicyError {
    Format(RestartFormatError),
    Invalid(InvalidRestartPolicy),
}

/// docker/cli's refusals of a `--restart` value's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestartFormatError {
    /// `invalid restart policy format: no policy provided before colon`.
    NoPolicy,
    /// `invalid restart policy format: maximum retry count must be an integer`.
    RetryNotInteger,
}

impl std::fmt::Display for RestartFormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RestartFormatError::NoPolicy => "invalid restart policy format: no policy provided before colon",
            RestartFormatError::RetryNotInteger => {
                "invalid restart policy format: maximum retry count must be an integer"
            }
        })
    }
}

/// moby's `ValidateRestartPolicy` refusals (`api/types/container/hostconfig.go`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvalidRestartPolicy {
    /// `invalid restart policy: maximum retry count can only be used with 'on-failure'`, with
    /// ` and cannot be negative` when it is.
    RetryWithoutOnFailure { negative: bool },
    /// `invalid restart policy: maximum retry count cannot be negative`.
    NegativeRetry,
    /// `invalid restart policy: unknown policy '<name>'; use one of 'no', 'always', 'on-failure',
    /// or 'unless-stopped'`.
    Unknown { name: String },
}

impl std::fmt::Display for InvalidRestartPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("invalid restart policy: ")?;
        match self {
            InvalidRestartPolicy::RetryWithoutOnFailure { negative } => {
                let negative = if *negative { " and cannot be negative" } else { "" };
                write!(f, "maximum retry count can only be used with 'on-failure'{negative}")
            }
            InvalidRestartPolicy::NegativeRetry => f.write_str("maximum retry count cannot be negative"),
            InvalidRestartPolicy::Unknown { name } => {
                write!(f, "unknown policy '{name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'")
            }
        }
    }
}

impl RestartPolicyError {
    /// The text docker prints after `docker: `.
    pub fn message(&self) -> String {
        match self {
            RestartPolicyError::Format(e) => e.to_string(),
            RestartPolicyError::Invalid(e) => format!("Error response from daemon: {e}"),
        }
    }
}

impl RestartPolicy {
    /// Parses a `--restart` value (`no`, `always`, `unless-stopped`, `on-failure[:N]`) as
    /// docker/cli's `opts.ParseRestartPolicy` splits it and moby's `ValidateRestartPolicy`
    /// (at container create, before the image is looked up) checks it.
    pub fn parse(s: &str) -> Result<RestartPolicy, RestartPolicyError> {
        use RestartPolicyError::{Format, Invalid};
        let (name, count) = match s.split_once(':') {
            Some(("", _)) => return Err(Format(RestartFormatError::NoPolicy)),
            Some((name, "")) => (name, 0),
            Some((name, count)) => match count.parse::<i64>() {
                Ok(n) => (name, n),
                Err(_) => return Err(Format(RestartFormatError::RetryNotInteger)),
            },
            None => (s, 0),
        };
        match name {
            "" | "no" | "always" | "unless-stopped" if count != 0 => {
                Err(Invalid(InvalidRestartPolicy::RetryWithoutOnFailure { negative: count < 0 }))
            }
            "" | "no" => Ok(RestartPolicy::No),
            "always" => Ok(RestartPolicy::Always),
            "unless-stopped" => Ok(RestartPolicy::UnlessStopped),
            "on-failure" if count < 0 => Err(Invalid(InvalidRestartPolicy::NegativeRetry)),
            "on-failure" => Ok(RestartPolicy::OnFailure(u32::try_from(count).unwrap_or(u32::MAX))),
            other => Err(Invalid(InvalidRestartPolicy::Unknown { name: other.to_string() })),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            RestartPolicy::No => "no",
            RestartPolicy::Always => "always",
            RestartPolicy::UnlessStopped => "unless-stopped",
            RestartPolicy::OnFailure(_) => "on-failure",
        }
    }

    pub fn max_retries(&self) -> u32 {
        match self {
            RestartPolicy::OnFailure(n) => *n,
            _ => 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountKind {
    Volume(String),
    Bind(String),
    Tmpfs,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    pub kind: MountKind,
    pub dest: String,
    pub rw: bool,
    pub anonymous: bool,
    /// `volume-nocopy`: skip copying image content into an empty volume.
    pub no_copy: bool,
    /// `volume-subpath` (Engine ≥ 26): only this directory of the volume is mounted; it must
    /// exist when the container starts.
    pub subpath: Option<String>,
    /// Given with `--mount` (the CLI sends it in `HostConfig.Mounts`, not `HostConfig.Binds`).
    pub via_mount: bool,
    /// A `-v`'s third field as typed (`ro,rshared`): the daemon keeps it as the mount point's
    /// `Mode`; empty otherwise.
    pub mode: String,
    /// A bind mount's propagation when one was given (`rshared`…); empty means `rprivate`.
    pub propagation: String,
}

/// The daemon's refusals of a mount (moby's `volume/mounts` parser, `validateMountConfig`, and
/// `ParseVolumesFrom`), worded as moby v28.2.2 words them after `Error response from daemon: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountError {
    /// `invalid volume specification: '<spec>'`, and `: <why>` when the parser says why.
    Spec { spec: String, why: Option<MountConfigProblem> },
    /// `invalid mode: <mode>` (a `-v`'s option or a `--volumes-from`'s mode).
    InvalidMode { mode: String },
    /// `invalid mount config for type "<kind>": <why>` (`--mount`).
    Config(MountConfigProblem),
    /// A `-v name:/dst` whose name the local driver refuses (`create <name>: …`).
    Volume(super::VolumeError),
    /// `volumes-from specification cannot be an empty string`.
    EmptyVolumesFrom,
    /// `--volumes-from`'s container not found (`No such container: <reference>`).
    Container(super::ContainerError),
}

/// What `validateMountConfig` finds wrong, shown as `invalid mount config for type "<kind>":
/// <why>`; the kind follows from the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountConfigProblem {
    /// `field Source must not be empty` (a bind without `source=`).
    SourceRequired,
    /// `bind source path does not exist: <path>`.
    BindSourceMissing { path: String },
    /// `must not set Subpath when using anonymous volumes`.
    SubpathAnonymous,
    /// `subpath must be a relative path within the volume`.
    SubpathNotLocal,
    /// `invalid mount path: '<path>' mount path must be absolute` (a `-v`'s destination).
    NotAbsolute { path: String },
}

impl MountConfigProblem {
    /// The mount type the problem is about.
    pub fn kind(&self) -> &'static str {
        match self {
            MountConfigProblem::SourceRequired | MountConfigProblem::BindSourceMissing { .. } => "bind",
            MountConfigProblem::SubpathAnonymous
            | MountConfigProblem::SubpathNotLocal
            | MountConfigProblem::NotAbsolute { .. } => "volume",
        }
    }
}

impl std::fmt::Display for MountConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid mount config for type \"{}\": ", self.kind())?;
        match self {
            MountConfigProblem::SourceRequired => f.write_str("field Source must not be empty"),
            MountConfigProblem::BindSourceMissing { path } => write!(f, "bind source path does not exist: {path}"),
            MountConfigProblem::SubpathAnonymous => f.write_str("must not set Subpath when using anonymous volumes"),
            MountConfigProblem::SubpathNotLocal => f.write_str("subpath must be a relative path within the volume"),
            MountConfigProblem::NotAbsolute { path } => {
                write!(f, "invalid mount path: '{path}' mount path must be absolute")
            }
        }
    }
}

impl std::fmt::Display for MountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MountError::Spec { spec, why: None } => write!(f, "invalid volume specification: '{spec}'"),
            MountError::Spec { spec, why: Some(why) } => write!(f, "invalid volume specification: '{spec}': {why}"),
            MountError::InvalidMode { mode } => write!(f, "invalid mode: {mode}"),
            MountError::Config(why) => why.fmt(f),
            MountError::Volume(e) => e.fmt(f),
            MountError::EmptyVolumesFrom => f.write_str("volumes-from specification cannot be an empty string"),
            MountError::Container(e) => e.fmt(f),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    pub fn as_str(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
        }
    }
}

/// `-p [ip:][host:]container[/proto]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortBinding {
    pub container_port: u16,
    pub proto: Proto,
    pub host_ip: String,
    /// `None` = pick an ephemeral port when the container starts.
    pub host_port: Option<u16>,
}

/// What `docker inspect` calls `HostConfig.PortBindings` resolved to real ports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedPort {
    pub container_port: u16,
    pub proto: Proto,
    pub host_ip: String,
    pub host_port: u16,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetAttach {
    pub net: NetId,
    pub aliases: Vec<String>,
    pub ipv4: Option<Ipv4Addr>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Healthcheck {
    pub test: Vec<String>,
    pub interval_ms: u64,
    pub timeout_ms: u64,
    pub retries: u32,
    pub start_period_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    Starting,
    Healthy,
    Unhealthy,
}

impl Health {
    pub fn as_str(&self) -> &'static str {
        match self {
            Health::Starting => "starting",
            Health::Healthy => "healthy",
            Health::Unhealthy => "unhealthy",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ContainerConfig {
    /// The image as the user typed it (`nginx`, `postgres:9.6`).
    pub image: String,
    pub image_id: String,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub env: Vec<(String, String)>,
    pub hostname: String,
    /// `--hostname` was given: also a DNS name.
    pub hostname_set: bool,
    pub domainname: String,
    pub workdir: String,
    pub user: String,
    pub tty: bool,
    pub open_stdin: bool,
    pub exposed: Vec<String>,
    pub labels: Vec<(String, String)>,
    pub stop_signal: String,
    pub stop_timeout_s: Option<u64>,
    pub healthcheck: Option<Healthcheck>,
}

#[derive(Clone, Debug, Default)]
pub struct HostConfig {
    pub restart: RestartPolicy,
    pub auto_remove: bool,
    pub port_bindings: Vec<PortBinding>,
    pub publish_all: bool,
    pub network_mode: String,
    pub mounts: Vec<Mount>,
    pub memory: Option<u64>,
    /// Memory plus swap (moby's `MemorySwap`): twice `memory` when only that was set, `-1`
    /// unlimited, 0 unset.
    pub memory_swap: i64,
    /// `--cpus` in billionths of a CPU (0: no limit).
    pub nano_cpus: u64,
}

#[derive(Clone, Debug)]
pub struct State {
    pub status: Status,
    pub exit_code: i32,
    pub error: String,
    pub oom_killed: bool,
    pub started_at: Option<SimTime>,
    pub finished_at: Option<SimTime>,
    pub restart_count: u32,
    /// Set by `docker stop`/`kill`: the restart policy must not bring it back.
    pub manually_stopped: bool,
    /// Incremented on every start; events carry it so stale ones are dropped.
    pub generation: u32,
    pub pid: u32,
    pub health: Option<Health>,
    pub failing_streak: u32,
    /// Restart back-off delay that the next restart will wait (moby's restartmanager).
    pub restart_delay_ms: u64,
    /// A `docker stop` is in progress: the signal was sent, SIGKILL follows after the timeout.
    pub stopping: bool,
    /// `docker pause`: the processes are frozen (moby keeps `Running` true and sets `Paused`).
    pub paused: bool,
    /// While paused, the main process's wake-up came and was held back (fires on unpause).
    pub held_wake: bool,
    /// While paused, a healthcheck probe was due and was held back.
    pub held_health: bool,
    /// The last PID handed out in the container's PID namespace (its main process is 1): see
    /// `World::alloc_pid`. Set back to 1 on every start.
    pub last_pid: u32,
}

impl Default for State {
    fn default() -> Self {
        State {
            status: Status::Created,
            exit_code: 0,
            error: String::new(),
            oom_killed: false,
            started_at: None,
            finished_at: None,
            restart_count: 0,
            manually_stopped: false,
            generation: 0,
            pid: 0,
            health: None,
            failing_streak: 0,
            restart_delay_ms: 0,
            stopping: false,
            paused: false,
            held_wake: false,
            held_health: false,
            last_pid: 1,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// An HTTP server a container's program runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpApp {
    /// A framework whose application code Muelle does not run (Flask, gunicorn, uvicorn,
    /// Node.js): its name, for the labelled page `curl` gets and the framework's access log;
    /// `deps`, the `host:port`s its application connects to while it answers (from its
    /// environment and its source files), which the caller checks before asking for the page.
    Framework { name: &'static str, deps: Vec<(String, u16)> },
    /// Python's `http.server`: the files under `dir` (a directory listing where there is no
    /// `index.html`); `python` is the interpreter's version, for its `Server` header.
    Files { dir: String, python: String },
    /// PHP's built-in server (`php -S`): the files under `root`, `.php` scripts answered with the
    /// labelled page (PHP code does not run); `version` is `PHP_VERSION`, for its log lines.
    Php { root: String, version: String },
    /// Apache with mod_php, as the official `php:*-apache` images run it (docker-library's
    /// `docker-php.conf`): the files under `/var/www/html`, `DirectoryIndex index.php
    /// index.html`, `Options -Indexes`; a `.php` script gets the labelled page; `version` is
    /// `PHP_VERSION`, for the start-up line.
    ApachePhp { version: String },
    /// nginx's `root` for a server on this port, as its configuration said when it started or
    /// last reloaded; `index`, its `index` files (`index.html` by default).
    Static { root: String, index: Vec<String> },
}

#[derive(Clone, Debug)]
pub struct LogLine {
    pub at: SimTime,
    pub stream: Stream,
    pub text: String,
    /// The text did not end with a newline (a prompt such as Python's `>>> `): a TTY attached
    /// to the container shows it without one.
    pub partial: bool,
}

/// Lines a container's log keeps: Docker's json-file driver keeps everything unless `max-size`
/// is set, but the simulator's memory must stay bounded over hours of a chatty or crash-looping
/// container, so the oldest lines go past this (no lesson or screen reads that far back).
pub const MAX_LOG_LINES: usize = 10_000;

/// A container's output as `docker logs` shows it: the last [`MAX_LOG_LINES`] lines. Readers
/// that follow it (`logs -f`, an attached `run`, `compose up`) keep a cursor: the number of lines
/// ever written when they last looked, which dropping old lines does not shift.
#[derive(Clone, Debug, Default)]
pub struct Logs {
    lines: std::collections::VecDeque<LogLine>,
    dropped: usize,
}

impl Logs {
    pub fn push(&mut self, line: LogLine) {
        if self.lines.len() >= MAX_LOG_LINES {
            self.lines.pop_front();
            self.dropped += 1;
        }
        self.lines.push_back(line);
    }

    /// The newest line kept.
    pub fn last_mut(&mut self) -> Option<&mut LogLine> {
        self.lines.back_mut()
    }

    /// Lines ever written (the cursor of the next one).
    pub fn len(&self) -> usize {
        self.dropped + self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The lines kept, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &LogLine> {
        self.lines.iter()
    }

    /// The kept lines from cursor `from` on.
    pub fn since(&self, from: usize) -> impl Iterator<Item = &LogLine> {
        self.lines.iter().skip(from.saturating_sub(self.dropped))
    }
}

pub struct Container {
    pub key: Cid,
    pub id: String,
    pub name: String,
    pub created: SimTime,
    pub config: ContainerConfig,
    pub host: HostConfig,
    pub networks: Vec<NetAttach>,
    pub state: State,
    pub published: Vec<PublishedPort>,
    /// Image content plus the writable layer (mount points hide parts of it).
    pub rootfs: Fs,
    pub logs: Logs,
    /// TCP ports the main process accepts connections on right now.
    pub listening: BTreeSet<u16>,
    /// Ports whose listener is an HTTP server a program started (`flask run`, `python -m
    /// http.server`…): what it answers and how it logs a request.
    pub http_servers: std::collections::BTreeMap<u16, HttpApp>,
    /// Request log lines of servers that are not the main process (`docker exec … python -m
    /// http.server`), by port: they go to that process's terminal, not to `docker logs`.
    pub side_logs: std::collections::BTreeMap<u16, String>,
    /// Packages installed in the image or since (`apt-get install`, `apk add`).
    pub packages: BTreeSet<String>,
    /// `apt-get update` was run: package lists exist.
    pub apt_lists: bool,
    pub main: Option<MainProcess>,
    /// Muelle extension: what the user's own program does (`x-muelle`).
    pub behaviour: Option<crate::process::Behaviour>,
    /// Compose project/service, when created by `docker compose`.
    pub compose: Option<(String, String)>,
}

impl Container {
    pub fn short_id(&self) -> &str {
        &self.id[..12]
    }

    pub fn is_running(&self) -> bool {
        self.state.status == Status::Running
    }

    /// Running but frozen by `docker pause`.
    pub fn is_paused(&self) -> bool {
        self.is_running() && self.state.paused
    }

    /// moby's `State.StateString()`: `paused` for a paused container, else the status.
    pub fn state_str(&self) -> &'static str {
        if self.is_paused() {
            "paused"
        } else {
            self.state.status.as_str()
        }
    }

    pub fn env_get(&self, key: &str) -> Option<&str> {
        self.config.env.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// entrypoint + cmd, as the process is started.
    pub fn argv(&self) -> Vec<String> {
        let mut argv = self.config.entrypoint.clone();
        argv.extend(self.config.cmd.iter().cloned());
        argv
    }
}

/// Docker's container name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
pub fn valid_container_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphanumeric() => {}
        _ => return false,
    }
    name.len() >= 2 && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_keeps_its_last_lines_and_cursors_stay_valid() {
        let mut logs = Logs::default();
        let line =
            |i: usize| LogLine { at: SimTime(i as u64), stream: Stream::Stdout, text: format!("l{i}"), partial: false };
        for i in 0..10 {
            logs.push(line(i));
        }
        let cursor = logs.len();
        assert_eq!(logs.since(7).map(|l| l.text.as_str()).collect::<Vec<_>>(), ["l7", "l8", "l9"]);
        for i in 10..MAX_LOG_LINES + 25 {
            logs.push(line(i));
        }
        assert_eq!(logs.len(), MAX_LOG_LINES + 25);
        assert_eq!(logs.iter().count(), MAX_LOG_LINES);
        assert_eq!(logs.iter().next().map(|l| l.text.as_str()), Some("l25"));
        // A cursor from before the drop reads from the oldest line kept; a recent one is exact.
        assert_eq!(logs.since(cursor).next().map(|l| l.text.as_str()), Some("l25"));
        assert_eq!(
            logs.since(MAX_LOG_LINES + 23).map(|l| l.text.as_str()).collect::<Vec<_>>(),
            [format!("l{}", MAX_LOG_LINES + 23), format!("l{}", MAX_LOG_LINES + 24)]
        );
    }
}
