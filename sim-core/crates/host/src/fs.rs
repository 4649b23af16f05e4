//! An in-memory file tree: the host's disk, each container's writable layer,
//! each volume's `_data`. Paths are absolute and normalized ("/a/b").
//!
//! The tree is an arena of inodes, each directory a sorted map from name to
//! child slot, so a lookup, an insert or a removal walks one component at a
//! time (work linear in depth, never in the length of every path above it),
//! listings come out sorted, and nothing here recurses: dropping, cloning or
//! comparing a tree of any depth is a loop over a flat vector. Linux's limits
//! hold at every entry: a path of [`PATH_MAX`] bytes or more, or a component
//! over [`NAME_MAX`] bytes, is refused with `File name too long`, so no stored
//! path is ever longer than the kernel would allow.

use std::collections::BTreeMap;

/// Linux's `PATH_MAX`: the kernel copies at most 4096 bytes of a path,
/// terminating NUL included, so a path of 4096 bytes or more is refused.
pub const PATH_MAX: usize = 4096;
/// Linux's `NAME_MAX` (ext4, overlayfs): the longest name of one entry, in bytes.
pub const NAME_MAX: usize = 255;

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
    /// `ENAMETOOLONG`: over `PATH_MAX` or `NAME_MAX`.
    NameTooLong,
    /// `EINVAL`: renaming a directory into itself.
    Invalid,
    /// `EBUSY`: renaming `/`, `.` or `..`.
    Busy,
}

impl FsError {
    /// The text coreutils print for this errno (glibc's `strerror`).
    pub fn strerror(&self) -> &'static str {
        match self {
            FsError::NotFound => "No such file or directory",
            FsError::NotADirectory => "Not a directory",
            FsError::IsADirectory => "Is a directory",
            FsError::Exists => "File exists",
            FsError::NotEmpty => "Directory not empty",
            FsError::ReadOnly => "Read-only file system",
            FsError::NameTooLong => "File name too long",
            FsError::Invalid => "Invalid argument",
            FsError::Busy => "Device or resource busy",
        }
    }

    /// The text musl's `strerror` gives (busybox in Alpine images); it differs from glibc's
    /// only where listed.
    pub fn strerror_musl(&self) -> &'static str {
        match self {
            FsError::NameTooLong => "Filename too long",
            other => other.strerror(),
        }
    }
}

/// Whether Linux would accept `path` at all: under `PATH_MAX` bytes, no component over
/// `NAME_MAX`. Linear in the length of the path.
pub fn check_path(path: &str) -> Result<(), FsError> {
    if path.len() >= PATH_MAX || path.split('/').any(|c| c.len() > NAME_MAX) {
        return Err(FsError::NameTooLong);
    }
    Ok(())
}

thread_local! {
    /// Inodes visited by this thread's file-system operations: tests bound the work an
    /// operation does with it, never with wall time.
    static WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Inodes visited so far on this thread (see [`WORK`]).
pub fn work_done() -> u64 {
    WORK.with(|w| w.get())
}

fn tick(n: u64) {
    WORK.with(|w| w.set(w.get().saturating_add(n)));
}

/// One slot of the arena: what the entry is, and for a directory its children by name.
#[derive(Clone, Debug, Default)]
struct Inode {
    node: Option<Node>,
    kids: BTreeMap<String, usize>,
}

const ROOT: usize = 0;

/// A file tree. Slot 0 is `/`; freed slots are reused.
#[derive(Clone, Debug)]
pub struct Fs {
    slots: Vec<Inode>,
    free: Vec<usize>,
}

impl Default for Fs {
    fn default() -> Fs {
        Fs::new()
    }
}

impl PartialEq for Fs {
    /// Same entries with the same contents, whatever slots they sit in.
    fn eq(&self, other: &Fs) -> bool {
        if self.file_count() != other.file_count() {
            return false;
        }
        let (a, b) = (self.preorder(ROOT), other.preorder(ROOT));
        a.len() == b.len()
            && a.iter().zip(&b).all(|((da, na, ia), (db, nb, ib))| {
                da == db && na == nb && self.slots[*ia].node == other.slots[*ib].node
            })
    }
}

impl Eq for Fs {}

pub use sim_base::path::{basename, is_within, normalize, parent};

fn components(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|p| !p.is_empty())
}

impl Fs {
    pub fn new() -> Fs {
        Fs { slots: vec![Inode { node: Some(Node::Dir), kids: BTreeMap::new() }], free: Vec::new() }
    }

    fn alloc(&mut self, node: Node) -> usize {
        let inode = Inode { node: Some(node), kids: BTreeMap::new() };
        match self.free.pop() {
            Some(i) => {
                self.slots[i] = inode;
                i
            }
            None => {
                self.slots.push(inode);
                self.slots.len() - 1
            }
        }
    }

    /// Frees `idx` and everything below it (not its entry in its parent).
    fn free_subtree(&mut self, idx: usize) {
        let mut stack = vec![idx];
        while let Some(i) = stack.pop() {
            tick(1);
            let inode = std::mem::take(&mut self.slots[i]);
            stack.extend(inode.kids.into_values());
            self.free.push(i);
        }
        if self.free.len() + 1 == self.slots.len() && self.slots.len() > 64 {
            // Only `/` is left: give the arena's memory back.
            self.slots.truncate(1);
            self.free.clear();
        }
    }

    /// The slot of a normalized path, walking one component at a time.
    fn lookup(&self, path: &str) -> Option<usize> {
        if path.len() >= PATH_MAX {
            return None;
        }
        let mut cur = ROOT;
        for part in components(path) {
            tick(1);
            cur = *self.slots[cur].kids.get(part)?;
        }
        Some(cur)
    }

    fn node_at(&self, idx: usize) -> &Node {
        self.slots[idx].node.as_ref().unwrap_or(&Node::Dir)
    }

    /// The slot of the directory that holds `path`, which must exist and be a directory.
    fn parent_dir(&self, path: &str) -> Result<usize, FsError> {
        let mut cur = ROOT;
        let mut parts = components(path).peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                break;
            }
            tick(1);
            cur = *self.slots[cur].kids.get(part).ok_or(FsError::NotFound)?;
            if !matches!(self.node_at(cur), Node::Dir) {
                return Err(FsError::NotADirectory);
            }
        }
        Ok(cur)
    }

    /// (depth, name, slot) of every entry below `idx`, depth first, children in name order.
    fn preorder(&self, idx: usize) -> Vec<(usize, &str, usize)> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, &str, usize)> = vec![(0, "", idx)];
        while let Some((depth, name, i)) = stack.pop() {
            tick(1);
            if i != idx {
                out.push((depth, name, i));
            }
            for (n, &k) in self.slots[i].kids.iter().rev() {
                stack.push((depth + 1, n.as_str(), k));
            }
        }
        out
    }

    /// The paths below `idx` (whose path is `path`), depth first in name order.
    fn paths_below(&self, idx: usize, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack: Vec<(String, usize)> = vec![(path.to_string(), idx)];
        while let Some((p, i)) = stack.pop() {
            tick(1);
            if i != idx {
                out.push(p.clone());
            }
            for (n, &k) in self.slots[i].kids.iter().rev() {
                stack.push((format!("{p}/{n}"), k));
            }
        }
        out
    }

    /// Bytes of the longest path below `idx`, relative to it ("/x/y" counts 4).
    fn longest_below(&self, idx: usize) -> usize {
        let mut best = 0;
        let mut stack = vec![(idx, 0usize)];
        while let Some((i, len)) = stack.pop() {
            tick(1);
            best = best.max(len);
            for (n, &k) in &self.slots[i].kids {
                stack.push((k, len + 1 + n.len()));
            }
        }
        best
    }

    pub fn get(&self, path: &str) -> Option<&Node> {
        self.lookup(path).map(|i| self.node_at(i))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.lookup(path).is_some()
    }

    pub fn is_dir(&self, path: &str) -> bool {
        matches!(self.get(path), Some(Node::Dir))
    }

    pub fn is_file(&self, path: &str) -> bool {
        matches!(self.get(path), Some(Node::File(_)))
    }

    pub fn read(&self, path: &str) -> Result<&[u8], FsError> {
        check_path(path)?;
        match self.get(path) {
            Some(Node::File(data)) => Ok(data),
            Some(Node::Dir) => Err(FsError::IsADirectory),
            None => Err(FsError::NotFound),
        }
    }

    /// Creates every missing directory up to and including `path`. A component over
    /// `NAME_MAX` fails there, after the ones before it were made (as `mkdir -p` does).
    pub fn mkdir_p(&mut self, path: &str) -> Result<(), FsError> {
        if path.len() >= PATH_MAX {
            return Err(FsError::NameTooLong);
        }
        let mut cur = ROOT;
        for part in components(path) {
            tick(1);
            if part.len() > NAME_MAX {
                return Err(FsError::NameTooLong);
            }
            cur = match self.slots[cur].kids.get(part) {
                Some(&k) => match self.node_at(k) {
                    Node::Dir => k,
                    Node::File(_) => return Err(FsError::NotADirectory),
                },
                None => {
                    let k = self.alloc(Node::Dir);
                    self.slots[cur].kids.insert(part.to_string(), k);
                    k
                }
            };
        }
        Ok(())
    }

    /// `mkdir` without `-p`: the parent must exist and the path must not.
    pub fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        check_path(path)?;
        if self.exists(path) {
            return Err(FsError::Exists);
        }
        let dir = self.parent_dir(path)?;
        let k = self.alloc(Node::Dir);
        self.slots[dir].kids.insert(basename(path).to_string(), k);
        Ok(())
    }

    /// Writes a file; the parent directory must exist.
    pub fn write(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        check_path(path)?;
        if let Some(i) = self.lookup(path) {
            return match &mut self.slots[i].node {
                Some(Node::File(existing)) => {
                    if append {
                        existing.extend_from_slice(data);
                    } else {
                        *existing = data.to_vec();
                    }
                    Ok(())
                }
                _ => Err(FsError::IsADirectory),
            };
        }
        let dir = self.parent_dir(path)?;
        let k = self.alloc(Node::File(data.to_vec()));
        self.slots[dir].kids.insert(basename(path).to_string(), k);
        Ok(())
    }

    /// Writes a file, creating its parent directories (used to build images). A path Linux
    /// would refuse is skipped; whatever stood at `path` is replaced.
    pub fn put(&mut self, path: &str, data: impl Into<Vec<u8>>) {
        if path == "/" || check_path(path).is_err() || self.mkdir_p(parent(path)).is_err() {
            return;
        }
        if let Some(i) = self.lookup(path) {
            let kids = std::mem::take(&mut self.slots[i].kids);
            for k in kids.into_values() {
                self.free_subtree(k);
            }
            self.slots[i].node = Some(Node::File(data.into()));
            return;
        }
        if let Ok(dir) = self.parent_dir(path) {
            let k = self.alloc(Node::File(data.into()));
            self.slots[dir].kids.insert(basename(path).to_string(), k);
        }
    }

    /// Names directly inside `dir`, sorted.
    pub fn list(&self, dir: &str) -> Result<Vec<(String, bool)>, FsError> {
        check_path(dir)?;
        let i = self.lookup(dir).ok_or(FsError::NotFound)?;
        if !matches!(self.node_at(i), Node::Dir) {
            return Err(FsError::NotADirectory);
        }
        tick(self.slots[i].kids.len() as u64);
        Ok(self.slots[i].kids.iter().map(|(n, &k)| (n.clone(), matches!(self.node_at(k), Node::Dir))).collect())
    }

    pub fn is_empty_dir(&self, dir: &str) -> bool {
        match self.lookup(dir) {
            Some(i) => self.slots[i].kids.is_empty(),
            None => true,
        }
    }

    /// Removes a file, or a directory (with everything below it when `recursive`).
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        let i = self.lookup(path).ok_or(FsError::NotFound)?;
        if matches!(self.node_at(i), Node::Dir) && !recursive && !self.slots[i].kids.is_empty() {
            return Err(FsError::NotEmpty);
        }
        if i == ROOT {
            let kids = std::mem::take(&mut self.slots[ROOT].kids);
            for k in kids.into_values() {
                self.free_subtree(k);
            }
            return Ok(());
        }
        let dir = self.parent_dir(path)?;
        if let Some(k) = self.slots[dir].kids.remove(basename(path)) {
            self.free_subtree(k);
        }
        Ok(())
    }

    /// Moves `from` (with what is below it) to `to`, as rename(2): `to` may be a file (when
    /// `from` is one) or an empty directory (when `from` is one), which it replaces. A
    /// directory cannot go below itself (`Invalid`), `/` cannot move (`Busy`), and nothing
    /// may end up with a path Linux would refuse (`NameTooLong`). Work: the depth of both
    /// paths plus the size of the moved tree (to measure its longest path).
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        check_path(from)?;
        check_path(to)?;
        let src = self.lookup(from).ok_or(FsError::NotFound)?;
        if src == ROOT || to == "/" {
            return Err(FsError::Busy);
        }
        if from == to {
            return Ok(());
        }
        let src_is_dir = matches!(self.node_at(src), Node::Dir);
        if src_is_dir && is_within(to, from) {
            return Err(FsError::Invalid);
        }
        let dir = self.parent_dir(to)?;
        if let Some(&dst) = self.slots[dir].kids.get(basename(to)) {
            match (src_is_dir, matches!(self.node_at(dst), Node::Dir)) {
                (true, false) => return Err(FsError::NotADirectory),
                (false, true) => return Err(FsError::IsADirectory),
                (true, true) if !self.slots[dst].kids.is_empty() => return Err(FsError::NotEmpty),
                _ => {}
            }
            if is_within(from, to) {
                // Replacing a directory that holds the source: Linux says ENOTEMPTY.
                return Err(FsError::NotEmpty);
            }
        }
        if to.len() + self.longest_below(src) >= PATH_MAX {
            return Err(FsError::NameTooLong);
        }
        let old_dir = self.parent_dir(from)?;
        self.slots[old_dir].kids.remove(basename(from));
        // The parent of `to` did not move: `to` is not below `from`.
        let dir = self.parent_dir(to)?;
        if let Some(old) = self.slots[dir].kids.insert(basename(to).to_string(), src) {
            self.free_subtree(old);
        }
        Ok(())
    }

    /// A copy of the directory at `path` as a file system of its own, whose root is that
    /// directory (`None` when `path` is not a directory). Copies made from a snapshot cannot
    /// see what they write, so they always end. Work: the size of the tree.
    pub fn snapshot(&self, path: &str) -> Option<Fs> {
        let start = self.lookup(path)?;
        if !matches!(self.node_at(start), Node::Dir) {
            return None;
        }
        let mut out = Fs::new();
        let mut stack = vec![(start, ROOT)];
        while let Some((s, d)) = stack.pop() {
            for (name, &k) in &self.slots[s].kids {
                tick(1);
                let node = self.node_at(k).clone();
                let is_dir = matches!(node, Node::Dir);
                let n = out.alloc(node);
                out.slots[d].kids.insert(name.clone(), n);
                if is_dir {
                    stack.push((k, n));
                }
            }
        }
        Some(out)
    }

    /// How this tree (a container's root file system) differs from `lower` (its image's), as
    /// moby's `docker diff` lists the writable layer over overlay2 (`collectChanges`): a walk in
    /// name order, `A` for an entry `lower` lacks (and everything below it), `D` for one it
    /// lost, `C` for a file whose content changed or an entry whose kind did, and `C` for a
    /// directory something below changed in, before those changes. Paths at or below `skip`
    /// (what the daemon keeps out of the layer) are left out. Work: both trees once.
    pub fn changes(&self, lower: &Fs, skip: &[&str]) -> Vec<(char, String)> {
        struct Walk {
            upper: usize,
            lower: usize,
            path: String,
            names: Vec<String>,
            next: usize,
            /// Where this directory's own `C` goes if something below it changed.
            mark: usize,
        }
        let names = |u: &BTreeMap<String, usize>, l: &BTreeMap<String, usize>| {
            let mut v: Vec<String> = u.keys().chain(l.keys()).cloned().collect();
            crate::sort::sort(&mut v);
            v.dedup();
            v
        };
        let skipped = |p: &str| skip.iter().any(|s| is_within(p, s));
        let mut out = Vec::new();
        let mut stack = vec![Walk {
            upper: ROOT,
            lower: ROOT,
            path: String::new(),
            names: names(&self.slots[ROOT].kids, &lower.slots[ROOT].kids),
            next: 0,
            mark: 0,
        }];
        while let Some(top) = stack.last_mut() {
            let Some(name) = top.names.get(top.next).cloned() else {
                let done = stack.pop().expect("top");
                if out.len() > done.mark && !done.path.is_empty() {
                    out.insert(done.mark, ('C', done.path));
                }
                continue;
            };
            top.next += 1;
            tick(1);
            let full = format!("{}/{name}", top.path);
            if skipped(&full) {
                continue;
            }
            let (up, low) =
                (self.slots[top.upper].kids.get(&name).copied(), lower.slots[top.lower].kids.get(&name).copied());
            match (up, low) {
                (Some(n), None) => {
                    out.push(('A', full.clone()));
                    for below in self.paths_below(n, &full) {
                        if !skipped(&below) {
                            out.push(('A', below));
                        }
                    }
                }
                (None, Some(_)) => out.push(('D', full)),
                (Some(n), Some(m)) => {
                    let (nd, md) = (self.slots[n].node == Some(Node::Dir), lower.slots[m].node == Some(Node::Dir));
                    if nd && md {
                        let names = names(&self.slots[n].kids, &lower.slots[m].kids);
                        let mark = out.len();
                        stack.push(Walk { upper: n, lower: m, path: full, names, next: 0, mark });
                    } else if nd {
                        out.push(('C', full.clone()));
                        for below in self.paths_below(n, &full) {
                            if !skipped(&below) {
                                out.push(('A', below));
                            }
                        }
                    } else if self.slots[n].node != lower.slots[m].node {
                        out.push(('C', full));
                    }
                }
                (None, None) => {}
            }
        }
        out
    }

    /// Every path at or below `path`, in sorted order. Work and memory: the sum of the
    /// lengths of those paths (each under `PATH_MAX`).
    pub fn subtree_paths(&self, path: &str) -> Vec<String> {
        let Some(start) = self.lookup(path) else { return Vec::new() };
        let base = if path == "/" { String::new() } else { path.to_string() };
        let mut out = vec![if path == "/" { "/".to_string() } else { base.clone() }];
        let mut stack = vec![(start, base)];
        while let Some((i, p)) = stack.pop() {
            for (name, &k) in &self.slots[i].kids {
                tick(1);
                let full = format!("{p}/{name}");
                out.push(full.clone());
                if !self.slots[k].kids.is_empty() {
                    stack.push((k, full));
                }
            }
        }
        crate::sort::sort(&mut out);
        out
    }

    /// Copies the tree below `from` in `src` to `to` in `self` (Docker's copy-up, a build's
    /// `COPY`): directories merge, files are replaced. Entries whose new path Linux would
    /// refuse are left out. Work: the size of the copied tree, once.
    pub fn copy_tree_from(&mut self, src: &Fs, from: &str, to: &str) {
        let Some(start) = src.lookup(from) else { return };
        if self.mkdir_p(to).is_err() {
            return;
        }
        let Some(dst) = self.lookup(to) else { return };
        if let Node::File(data) = src.node_at(start) {
            let _ = self.write(to, data, false);
            return;
        }
        let base_len = if to == "/" { 0 } else { to.len() };
        let mut stack = vec![(start, dst, base_len)];
        while let Some((s, d, len)) = stack.pop() {
            for (name, &k) in &src.slots[s].kids {
                tick(1);
                let child_len = len + 1 + name.len();
                if child_len >= PATH_MAX || name.len() > NAME_MAX {
                    continue;
                }
                let node = src.node_at(k);
                match (self.slots[d].kids.get(name).copied(), node) {
                    (Some(e), Node::Dir) if matches!(self.node_at(e), Node::Dir) => stack.push((k, e, child_len)),
                    (existing, _) => {
                        if let Some(e) = existing {
                            self.slots[d].kids.remove(name);
                            self.free_subtree(e);
                        }
                        let n = self.alloc(node.clone());
                        self.slots[d].kids.insert(name.clone(), n);
                        if matches!(node, Node::Dir) {
                            stack.push((k, n, child_len));
                        }
                    }
                }
            }
        }
    }

    /// Total bytes stored in files at or below `path`.
    pub fn size_below(&self, path: &str) -> u64 {
        let Some(start) = self.lookup(path) else { return 0 };
        let mut total = 0u64;
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            tick(1);
            if let Node::File(d) = self.node_at(i) {
                total += d.len() as u64;
            }
            stack.extend(self.slots[i].kids.values());
        }
        total
    }

    /// Entries in the tree, `/` included.
    pub fn file_count(&self) -> usize {
        self.slots.len() - self.free.len()
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
        assert_eq!(fs.write("/a/b/c", b"x", false), Err(FsError::NotADirectory));
        assert_eq!(fs.mkdir("/a/c"), Err(FsError::Exists));
        assert_eq!(fs.write("/a/c", b"x", false), Err(FsError::IsADirectory));
    }

    #[test]
    fn remove_dir_needs_recursive_when_not_empty() {
        let mut fs = Fs::new();
        fs.put("/d/f", "1");
        assert_eq!(fs.remove("/d", false), Err(FsError::NotEmpty));
        fs.remove("/d", true).unwrap();
        assert!(!fs.exists("/d/f"));
        assert!(fs.exists("/"));
        assert_eq!(fs.file_count(), 1);
    }

    #[test]
    fn copy_tree_copies_below_the_mount_point() {
        let mut img = Fs::new();
        img.put("/usr/share/nginx/html/index.html", "hi");
        let mut vol = Fs::new();
        vol.copy_tree_from(&img, "/usr/share/nginx/html", "/");
        assert_eq!(vol.read("/index.html").unwrap(), b"hi");
        assert_eq!(vol.file_count(), 2);
    }

    #[test]
    fn is_within_respects_component_boundaries() {
        assert!(is_within("/data/x", "/data"));
        assert!(!is_within("/database", "/data"));
        assert!(is_within("/anything", "/"));
    }

    #[test]
    fn subtree_paths_keep_the_sorted_order_of_full_paths() {
        let mut fs = Fs::new();
        fs.put("/x/a/b", "1");
        fs.put("/x/a.txt", "2");
        fs.put("/x/a-b", "3");
        assert_eq!(fs.subtree_paths("/x"), vec!["/x", "/x/a", "/x/a-b", "/x/a.txt", "/x/a/b"]);
        assert_eq!(fs.size_below("/x"), 3);
    }

    /// A path of exactly `len` bytes: "/" then components of `a` under NAME_MAX.
    fn path_of(len: usize) -> String {
        let mut p = String::new();
        while p.len() < len {
            let room = len - p.len() - 1;
            p.push('/');
            p.push_str(&"a".repeat(room.min(200)));
        }
        assert_eq!(p.len(), len);
        p
    }

    #[test]
    fn path_max_is_4096_bytes_with_the_nul() {
        let mut fs = Fs::new();
        let ok = path_of(4095);
        fs.mkdir_p(parent(&ok)).unwrap();
        fs.write(&ok, b"x", false).unwrap();
        assert_eq!(fs.read(&ok).unwrap(), b"x");
        let long = path_of(4096);
        assert_eq!(fs.mkdir_p(&long), Err(FsError::NameTooLong));
        assert_eq!(fs.write(&long, b"x", false), Err(FsError::NameTooLong));
        assert_eq!(fs.mkdir(&long), Err(FsError::NameTooLong));
        assert_eq!(fs.read(&long), Err(FsError::NameTooLong));
        assert_eq!(FsError::NameTooLong.strerror(), "File name too long");
        assert_eq!(FsError::NameTooLong.strerror_musl(), "Filename too long");
    }

    #[test]
    fn name_max_is_255_bytes_per_component() {
        let mut fs = Fs::new();
        let ok = format!("/d/{}", "n".repeat(255));
        fs.mkdir_p("/d").unwrap();
        fs.write(&ok, b"", false).unwrap();
        let long = format!("/d/{}", "n".repeat(256));
        assert_eq!(fs.write(&long, b"", false), Err(FsError::NameTooLong));
        assert_eq!(fs.mkdir(&long), Err(FsError::NameTooLong));
        assert_eq!(fs.rename(&ok, &long), Err(FsError::NameTooLong));
        // multi-byte names count bytes: 128 × "ñ" is 256 bytes.
        assert_eq!(fs.mkdir(&format!("/d/{}", "ñ".repeat(128))), Err(FsError::NameTooLong));
        assert!(fs.exists(&ok));
    }

    #[test]
    fn a_chain_2000_deep_costs_work_linear_in_depth() {
        let mut fs = Fs::new();
        let deep = "/a".repeat(2000);
        let before = work_done();
        fs.mkdir_p(&deep).unwrap();
        fs.write(&format!("{deep}/f"), b"x", false).unwrap();
        assert!(fs.is_file(&format!("{deep}/f")));
        let copy = fs.snapshot("/a/a").unwrap();
        let mut other = Fs::new();
        other.copy_tree_from(&copy, "/", "/b");
        assert_eq!(other.file_count(), 2001);
        assert_eq!(other.size_below("/"), 1);
        assert!(fs.clone() == fs);
        fs.remove("/a", true).unwrap();
        assert_eq!(fs.file_count(), 1);
        let work = work_done() - before;
        // Each operation visits each level a few times: never depth² (4,000,000).
        assert!(work < 40_000, "work {work}");
        drop(other);
    }

    #[test]
    fn rename_moves_a_tree_and_refuses_into_itself() {
        let mut fs = Fs::new();
        fs.put("/a/b/f", "1");
        assert_eq!(fs.rename("/a", "/a/b/c"), Err(FsError::Invalid));
        assert_eq!(fs.rename("/", "/x"), Err(FsError::Busy));
        fs.rename("/a", "/z").unwrap();
        assert_eq!(fs.read("/z/b/f").unwrap(), b"1");
        assert!(!fs.exists("/a"));
        fs.put("/y/g", "2");
        assert_eq!(fs.rename("/z", "/y"), Err(FsError::NotEmpty));
        // Moving a deep tree below a deep directory would pass PATH_MAX: refused, nothing moved.
        fs.mkdir_p(&format!("/p{}", "/a".repeat(1500))).unwrap();
        fs.mkdir_p(&format!("/q{}", "/a".repeat(1500))).unwrap();
        let to = format!("/q{}/p", "/a".repeat(1500));
        assert_eq!(fs.rename("/p", &to), Err(FsError::NameTooLong));
        assert!(fs.exists("/p/a"));
    }

    #[test]
    fn equality_ignores_slot_layout() {
        let mut a = Fs::new();
        a.put("/x/1", "1");
        a.put("/y/2", "2");
        let mut b = Fs::new();
        b.put("/junk/j", "j");
        b.put("/y/2", "2");
        b.remove("/junk", true).unwrap();
        b.put("/x/1", "1");
        assert_eq!(a, b);
        b.put("/x/1", "other");
        assert_ne!(a, b);
    }
}

#[cfg(test)]
mod changes_tests {
    use super::*;

    #[test]
    fn changes_as_docker_diff_lists_them() {
        let mut image = Fs::new();
        image.put("/etc/nginx/conf.d/default.conf", "listen 80;");
        image.put("/etc/os-release", "x");
        image.put("/var/cache/nginx/.keep", "");
        image.put("/tmp/old", "o");
        image.put("/a", "file");
        image.mkdir_p("/run").unwrap();
        let mut c = image.clone();
        c.put("/etc/nginx/conf.d/default.conf", "listen 80;\nlisten [::]:80;");
        c.put("/run/nginx.pid", "1");
        c.mkdir_p("/var/cache/nginx/client_temp").unwrap();
        c.mkdir_p("/var/cache/nginx/proxy_temp").unwrap();
        c.remove("/tmp/old", false).unwrap();
        c.put("/etc/hosts", "127.0.0.1 localhost");
        c.put("/a.b/x", "new");
        let lines: Vec<String> =
            c.changes(&image, &["/etc/hosts"]).into_iter().map(|(k, p)| format!("{k} {p}")).collect();
        assert_eq!(
            lines,
            [
                "A /a.b",
                "A /a.b/x",
                "C /etc",
                "C /etc/nginx",
                "C /etc/nginx/conf.d",
                "C /etc/nginx/conf.d/default.conf",
                "C /run",
                "A /run/nginx.pid",
                "C /tmp",
                "D /tmp/old",
                "C /var",
                "C /var/cache",
                "C /var/cache/nginx",
                "A /var/cache/nginx/client_temp",
                "A /var/cache/nginx/proxy_temp",
            ]
        );
        assert!(image.clone().changes(&image, &[]).is_empty());
    }
}
