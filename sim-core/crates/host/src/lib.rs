//! sim-host: the simulated Docker host — what the daemon and the kernel own.
//!
//! - [`engine`], [`time`]: the event queue and simulated time (the RNG is `sim_base::rng`).
//! - [`world`]: the daemon's state — containers, networks (IPAM, embedded DNS, isolation),
//!   volumes, images — and the host's and containers' file systems ([`fs`]).
//! - [`process`]: what the host knows of processes: the [`process::Programs`] userland hands it
//!   and the [`process::Process`] of each container's main process.
//! - [`events`], [`i18n`]: the typed event log and Muelle's own words about it in es/en.
//!
//! Architecture invariant: the host depends only on `sim-base`. It knows no shell, command,
//! Compose file or terminal: userland is a client of [`world::World`]'s methods, and the host
//! calls back into userland only through [`process::Programs`].
//!
//! Architecture invariant: no I/O, no wall clock, no hashed iteration, no panics on any input.

pub mod engine;
pub mod events;
pub mod fs;
pub mod i18n;
pub mod process;
pub mod time;
pub mod world;

pub use sim_base::{case, duration, float, json, rng, sort, wildcard};

pub use events::{Actor, Cause, EventKind, LogEvent};
pub use i18n::Lang;
pub use time::SimTime;
pub use world::{Fault, World, PROJECT_DIR};
