//! (Lands in the next step.)

use super::Cmd;

pub const COMMANDS: &[Cmd] = &[];
