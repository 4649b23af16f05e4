//! Paths into the value tree (`services.web.ports.[]`) and compose-go's
//! pattern matching on them (`services.*.ports.*`): many compose rules —
//! which values are cast after interpolation, which lists are merged or
//! de-duplicated — are keyed by such patterns.

/// A path from the root: mapping keys, and `[]` for a sequence item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(pub Vec<String>);

impl Path {
    pub fn root() -> Path {
        Path(Vec::new())
    }
    pub fn next(&self, part: &str) -> Path {
        let mut v = self.0.clone();
        v.push(part.to_string());
        Path(v)
    }
    /// compose-go's `Path.Matches`: same length, `*` matches any one part.
    pub fn matches(&self, pattern: &str) -> bool {
        // Without collecting the pattern: the loader asks this for every node.
        let mut parts = self.0.iter();
        for p in pattern.split('.') {
            match parts.next() {
                Some(s) if p == "*" || p == s => {}
                _ => return false,
            }
        }
        parts.next().is_none()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.join("."))
    }
}
