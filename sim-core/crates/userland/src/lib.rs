//! sim-userland: what runs on the simulated host — clients of its daemon, as docker/cli is a
//! client of the Engine API.
//!
//! - [`process`]: jobs — anything a terminal or a container runs that takes simulated time is a
//!   resumable [`process::Job`].
//! - [`shell`]: the shell language and its executor; [`programs`]: the commands shells can run
//!   (coreutils, ping, curl, apt-get, the images' servers…) and the [`programs::PROGRAMS`] table
//!   the host is handed.
//! - [`cli`]: the front door of `docker …` and `docker-compose …`, routing `compose` to
//!   [`compose_run`] (the Compose runner) and the rest to [`docker`] (the `docker` CLI, command
//!   table and handlers); `compose_run` uses `docker`'s library parts, `docker` never names
//!   Compose, and neither calls back into `cli`.
//! - [`terminal`]: a shell stack plus the foreground job; [`slips`]: hints for tutorials'
//!   copy-paste slips in a typed line.
//!
//! Architecture invariant: userland changes the host only through `World`'s methods; it never
//! reaches below them into the host's state.

pub mod build;
pub mod cli;
pub mod compose_run;
pub mod docker;
pub mod machine;
pub mod process;
pub mod programs;
pub mod python;
pub mod shell;
pub mod slips;
pub mod terminal;

pub use compose_spec as compose;
pub use sim_base::{case, duration, float, json, rng, sort, wildcard};
pub use sim_host::process as host_process;
pub use sim_host::{engine, events, fs, i18n, time, world};

pub use sim_host::{Actor, Cause, EventKind, Lang, LogEvent, SimTime};
