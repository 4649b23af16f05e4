//! Placeholder until the worker's build lands (replaced by the real link).

pub struct WorkerLink;

impl WorkerLink {
    pub fn start(
        _on_message: impl Fn(String) + 'static,
        _on_error: impl Fn(String) + 'static,
    ) -> Result<WorkerLink, String> {
        Err("no worker yet".into())
    }
    pub fn post(&self, _message: &str) {}
    pub fn terminate(&self) {}
}
