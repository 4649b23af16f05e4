//! The typed event log: what happened, to what, when. The UI renders it as
//! a timeline and animates the graph from it; lessons check it. Failures
//! carry a [`Cause`] that [`crate::i18n`] explains in Spanish or English.

pub mod log;

pub use log::EventLog;

use crate::time::SimTime;
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct LogEvent {
    pub at: SimTime,
    pub kind: EventKind,
}

/// Who did something: the host or a container (by name).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Actor {
    Host,
    Container(String),
}

impl Actor {
    pub fn label(&self) -> &str {
        match self {
            Actor::Host => "host",
            Actor::Container(n) => n,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum EventKind {
    ImagePulled {
        reference: String,
    },
    ContainerCreated {
        name: String,
        image: String,
    },
    ContainerStarted {
        name: String,
    },
    ContainerExited {
        name: String,
        code: i32,
        cause: Option<Cause>,
    },
    ContainerRestarting {
        name: String,
        delay_ms: u64,
        restart_count: u32,
    },
    ContainerRemoved {
        name: String,
    },
    ContainerRenamed {
        from: String,
        to: String,
    },
    /// `docker pause`: its processes are frozen.
    ContainerPaused {
        name: String,
    },
    /// `docker unpause` (or a stop/kill signal, which thaws it first).
    ContainerUnpaused {
        name: String,
    },
    HealthChanged {
        name: String,
        health: String,
    },
    NetworkCreated {
        name: String,
        subnet: String,
    },
    NetworkRemoved {
        name: String,
    },
    NetworkConnected {
        container: String,
        network: String,
        ip: Option<Ipv4Addr>,
    },
    NetworkDisconnected {
        container: String,
        network: String,
    },
    VolumeCreated {
        name: String,
    },
    VolumeRemoved {
        name: String,
    },
    /// A name lookup; `result` is the address answered or why there was none.
    DnsLookup {
        from: Actor,
        query: String,
        network: Option<String>,
        result: Result<Ipv4Addr, Cause>,
    },
    /// One ICMP echo; `reply` false when it was lost.
    Ping {
        from: Actor,
        to: Option<String>,
        ip: Ipv4Addr,
        seq: u32,
        reply: bool,
        cause: Option<Cause>,
    },
    /// dockerd has stopped (`systemctl stop docker`): its containers were stopped with it.
    DaemonStopped,
    /// dockerd has started and restored the containers its restart policies bring back.
    DaemonStarted,
    /// A TCP connection (curl, wget, a service connecting to its database).
    Connect {
        from: Actor,
        to: Option<String>,
        ip: Ipv4Addr,
        port: u16,
        result: Result<(), Cause>,
    },
    /// An HTTP request answered (curl, wget) over a [`EventKind::Connect`] just recorded:
    /// `host` as the URL named it, `via_host` the host port it went through when it reached
    /// `to` by a published port (Docker's proxy on the host), `status` the answer's.
    Http {
        from: Actor,
        to: Option<String>,
        host: String,
        via_host: Option<u16>,
        path: String,
        status: u16,
    },
}

/// Why something failed, in terms a lesson can explain.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Cause {
    /// The name is a container's, but both are on the default bridge, which has no DNS.
    DefaultBridgeHasNoDns { target: String },
    /// The container exists and runs, but shares no network with the asker.
    NoSharedNetwork { target: String },
    /// The container exists but is not running (it has no endpoint, no IP).
    TargetNotRunning { target: String },
    /// Nobody has that name.
    UnknownName { name: String },
    /// The asker has no network at all (`--network none`).
    NoNetwork,
    /// The address belongs to a network the asker is not on: packets are dropped.
    DifferentNetwork { ip: Ipv4Addr },
    /// No container has that address in the asker's subnet (ARP fails).
    HostUnreachable { ip: Ipv4Addr },
    /// Nothing listens on that port (yet).
    ConnectionRefused { port: u16 },
    /// The server exists but has not finished starting. (Whether Compose's `depends_on` is to
    /// blame depends on who asked: [`crate::i18n::explain_exit`] says so.)
    NotReadyYet { target: String, port: u16 },
    /// No container publishes that host port.
    PortNotPublished { port: u16 },
    /// The process exited because a required environment variable is missing.
    MissingEnv { vars: Vec<String> },
    /// The process used more memory than its limit.
    OutOfMemory,
    /// Killed by a signal (SIGKILL after `docker stop`'s timeout, `docker kill`).
    Killed { signal: String },
    /// The program exited on its own with this code (a job, a crash).
    ProcessExited,
    /// The internal network has no route outside.
    InternalNetwork,
    /// The kernel could not run the main program: its `#!` interpreter or its dynamic loader is
    /// missing from the container's file system (a mount over `/usr`, `/lib`… hides it).
    ExecFailed { path: String },
    /// The container is paused: its kernel still answers (ping, TCP handshake), its processes do not.
    Paused { target: String },
}

impl Cause {
    /// Whether a student learns something from Muelle's explanation of an exit with this cause
    /// (a process that simply ended, or a signal Docker sent on request, needs none).
    pub fn worth_explaining(&self) -> bool {
        !matches!(self, Cause::ProcessExited | Cause::Killed { .. })
    }
}
