//! An in-memory file tree: the host's disk, each container's writable layer,
//! each volume's `_data`. Paths are absolute and normalized ("/a/b"); the
//! tree is a sorted map, so listings come out in a fixed order.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Dir,
    File(Vec<u8>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    NotADirectory,
    IsADirectory,
    Exists,
    NotEmpty,
    ReadOnly,
}

impl FsError {
    /// The text coreutils print for this errno.
    pub fn strerror(&self) -> &'static str {
        match self {
            FsError::NotFound => "No such file or directory",
            FsError::NotADirectory => "Not a directory",
            FsError::IsADirectory => "Is a directory",
            FsError::Exists => "File exists",
            FsError::NotEmpty => "Directory not empty",
            FsError::ReadOnly => "Read-only file system",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fs {
    nodes: BTreeMap<String, Node>,
}

/// Normalizes `path` relative to `cwd`: resolves `.`, `..`, `~`-free, duplicate slashes.
pub fn normalize(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') { path.to_string() } else { format!("{cwd}/{path}") };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        "/".to_string()
    } else {
        format!("/{}", parts.join("/"))
    }
}

/// The parent of a normalized path ("/" for top-level entries and for "/").
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// The last component of a normalized path.
pub fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// True when `path` is `dir` itself or lies below it.
pub fn is_within(path: &str, dir: &str) -> bool {
    dir == "/" || path == dir || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

impl Fs {
    pub fn new() -> Fs {
        let mut fs = Fs::default();
        fs.nodes.insert("/".into(), Node::Dir);
        fs
    }

    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    pub fn exists(&self, path: &str) -> bool {
        self.nodes.contains_key(path)
    }

    pub fn is_dir(&self, path: &str) -> bool {
        matches!(self.nodes.get(path), Some(Node::Dir))
    }

    pub fn is_file(&self, path: &str) -> bool {
        matches!(self.nodes.get(path), Some(Node::File(_)))
    }

    pub fn read(&self, path: &str) -> Result<&[u8], FsError> {
        match self.nodes.get(path) {
            Some(Node::File(data)) => Ok(data),
            Some(Node::Dir) => Err(FsError::IsADirectory),
            None => Err(FsError::NotFound),
        }
    }

    /// Creates every missing directory up to and including `path`.
    pub fn mkdir_p(&mut self, path: &str) -> Result<(), FsError> {
        if path == "/" {
            self.nodes.insert("/".into(), Node::Dir);
            return Ok(());
        }
        let mut cur = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            cur.push('/');
            cur.push_str(part);
            match self.nodes.get(&cur) {
                Some(Node::Dir) => {}
                Some(Node::File(_)) => return Err(FsError::NotADirectory),
                None => {
                    self.nodes.insert(cur.clone(), Node::Dir);
                }
            }
        }
        Ok(())
    }

    /// `mkdir` without `-p`: the parent must exist and the path must not.
    pub fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        if self.exists(path) {
            return Err(FsError::Exists);
        }
        self.require_parent_dir(path)?;
        self.nodes.insert(path.to_string(), Node::Dir);
        Ok(())
    }

    fn require_parent_dir(&self, path: &str) -> Result<(), FsError> {
        match self.nodes.get(parent(path)) {
            Some(Node::Dir) => Ok(()),
            Some(Node::File(_)) => Err(FsError::NotADirectory),
            None => Err(FsError::NotFound),
        }
    }

    /// Writes a file; the parent directory must exist.
    pub fn write(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        match self.nodes.get_mut(path) {
            Some(Node::Dir) => Err(FsError::IsADirectory),
            Some(Node::File(existing)) => {
                if append {
                    existing.extend_from_slice(data);
                } else {
                    *existing = data.to_vec();
                }
                Ok(())
            }
            None => {
                self.require_parent_dir(path)?;
                self.nodes.insert(path.to_string(), Node::File(data.to_vec()));
                Ok(())
            }
        }
    }

    /// Writes a file, creating its parent directories (used to build images).
    pub fn put(&mut self, path: &str, data: impl Into<Vec<u8>>) {
        let _ = self.mkdir_p(parent(path));
        self.nodes.insert(path.to_string(), Node::File(data.into()));
    }

    /// Names directly inside `dir`, sorted.
    pub fn list(&self, dir: &str) -> Result<Vec<(String, bool)>, FsError> {
        match self.nodes.get(dir) {
            Some(Node::Dir) => {}
            Some(Node::File(_)) => return Err(FsError::NotADirectory),
            None => return Err(FsError::NotFound),
        }
        let prefix = if dir == "/" { "/".to_string() } else { format!("{dir}/") };
        Ok(self
            .nodes
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| k.len() > prefix.len() && !k[prefix.len()..].contains('/'))
            .map(|(k, n)| (k[prefix.len()..].to_string(), matches!(n, Node::Dir)))
            .collect())
    }

    pub fn is_empty_dir(&self, dir: &str) -> bool {
        self.list(dir).map(|l| l.is_empty()).unwrap_or(true)
    }

    /// Removes a file, or a directory (with everything below it when `recursive`).
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        match self.nodes.get(path) {
            None => Err(FsError::NotFound),
            Some(Node::File(_)) => {
                self.nodes.remove(path);
                Ok(())
            }
            Some(Node::Dir) => {
                if !recursive && !self.is_empty_dir(path) {
                    return Err(FsError::NotEmpty);
                }
                let below: Vec<String> = self.subtree_paths(path);
                for p in below {
                    self.nodes.remove(&p);
                }
                if path == "/" {
                    self.nodes.insert("/".into(), Node::Dir);
                }
                Ok(())
            }
        }
    }

    /// Every path at or below `path`, in sorted order.
    pub fn subtree_paths(&self, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        if self.nodes.contains_key(path) {
            out.push(path.to_string());
        }
        let prefix = if path == "/" { "/".to_string() } else { format!("{path}/") };
        out.extend(
            self.nodes
                .range(prefix.clone()..)
                .take_while(|(k, _)| k.starts_with(&prefix))
                .filter(|(k, _)| k.as_str() != "/")
                .map(|(k, _)| k.clone()),
        );
        out
    }

    /// Copies the tree below `from` in `src` to `to` in `self` (Docker's copy-up).
    pub fn copy_tree_from(&mut self, src: &Fs, from: &str, to: &str) {
        let _ = self.mkdir_p(to);
        for p in src.subtree_paths(from) {
            let rel = p[from.len().min(p.len())..].trim_start_matches('/');
            let dest = normalize(to, rel);
            if let Some(node) = src.nodes.get(&p) {
                if dest != to || matches!(node, Node::File(_)) {
                    if let Node::Dir = node {
                        let _ = self.mkdir_p(&dest);
                    } else {
                        let _ = self.mkdir_p(parent(&dest));
                        self.nodes.insert(dest, node.clone());
                    }
                }
            }
        }
    }

    /// Total bytes stored in files at or below `path`.
    pub fn size_below(&self, path: &str) -> u64 {
        self.subtree_paths(path)
            .iter()
            .filter_map(|p| match self.nodes.get(p) {
                Some(Node::File(d)) => Some(d.len() as u64),
                _ => None,
            })
            .sum()
    }

    pub fn file_count(&self) -> usize {
        self.nodes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_handles_dots_and_relative_paths() {
        assert_eq!(normalize("/home/alumno", "../x/./y//z"), "/home/x/y/z");
        assert_eq!(normalize("/", ".."), "/");
        assert_eq!(normalize("/a", "/b/"), "/b");
    }

    #[test]
    fn write_needs_a_parent_and_list_is_sorted() {
        let mut fs = Fs::new();
        assert_eq!(fs.write("/a/b", b"x", false), Err(FsError::NotFound));
        fs.mkdir_p("/a").unwrap();
        fs.write("/a/b", b"x", false).unwrap();
        fs.write("/a/b", b"y", true).unwrap();
        fs.mkdir("/a/c").unwrap();
        assert_eq!(fs.read("/a/b").unwrap(), b"xy");
        assert_eq!(fs.list("/a").unwrap(), vec![("b".to_string(), false), ("c".to_string(), true)]);
        assert_eq!(fs.list("/").unwrap(), vec![("a".to_string(), true)]);
    }

    #[test]
    fn remove_dir_needs_recursive_when_not_empty() {
        let mut fs = Fs::new();
        fs.put("/d/f", "1");
        assert_eq!(fs.remove("/d", false), Err(FsError::NotEmpty));
        fs.remove("/d", true).unwrap();
        assert!(!fs.exists("/d/f"));
        assert!(fs.exists("/"));
    }

    #[test]
    fn copy_tree_copies_below_the_mount_point() {
        let mut img = Fs::new();
        img.put("/usr/share/nginx/html/index.html", "hi");
        let mut vol = Fs::new();
        vol.copy_tree_from(&img, "/usr/share/nginx/html", "/");
        assert_eq!(vol.read("/index.html").unwrap(), b"hi");
    }

    #[test]
    fn is_within_respects_component_boundaries() {
        assert!(is_within("/data/x", "/data"));
        assert!(!is_within("/database", "/data"));
        assert!(is_within("/anything", "/"));
    }
}
