//! Docker Compose files: parse, validate, interpolate and normalize them the
//! way Compose v2 (compose-go) does, with every problem located at a file,
//! line and column and explained in Spanish or English.
pub mod diag;
pub mod dotenv;
pub mod interp;
pub mod value;
pub mod yaml;
