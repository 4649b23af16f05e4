//! The simulator as the page's worker drives it: JSON text in, JSON text out.
//!
//! A stub with the final API (`Driver::new`, `Driver::handle`) so the worker's plumbing
//! (`sim-worker/`) builds and is tested end to end; it answers each message with itself. The
//! session protocol replaces it.

/// Owns the simulation inside the worker; one message in, the replies out.
#[derive(Default)]
pub struct Driver {}

impl Driver {
    pub fn new() -> Driver {
        Driver {}
    }

    /// Handles one message from the page and returns what to post back, in order.
    pub fn handle(&mut self, message: &str) -> Vec<String> {
        vec![message.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stub_echoes() {
        assert_eq!(Driver::new().handle("{\"a\":1}"), vec!["{\"a\":1}".to_string()]);
    }
}
