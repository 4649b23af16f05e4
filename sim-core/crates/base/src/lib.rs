//! sim-base: the small pieces every layer of the simulator shares, with no simulator types.
//!
//! - [`rng`]: the one seeded RNG (SplitMix64).
//! - [`sort`], [`case`], [`float`]: the one stable sort, Unicode upper/lower-casing and `f64`
//!   parsing everything uses (small replacements for the standard library's, to keep the wasm
//!   small — see `clippy.toml`).
//! - [`wildcard`]: the one `*`/`?`/`[...]` matcher (shell globs, Go's `path.Match`), linear work.
//! - [`json`]: JSON strings quoted as Go's encoder quotes them, for every JSON output.
//! - [`duration`]: Go's duration parsing and printing, once for docker and compose.
//! - [`lang`]: the language of Muelle's own words (Spanish first, English complete).
//! - [`path`]: `/`-path arithmetic (normalize, parent, basename).
//! - [`vecmap`]: a map kept as a sorted vector, for small maps the page's wasm carries too.
//!
//! Architecture invariant: this crate depends on nothing of the workspace and holds no state
//! beyond what its callers own; every function is total (no panics on any input).

pub mod case;
pub mod duration;
pub mod float;
pub mod html;
pub mod json;
pub mod lang;
pub mod path;
pub mod rng;
pub mod sort;
pub mod vecmap;
pub mod wildcard;
